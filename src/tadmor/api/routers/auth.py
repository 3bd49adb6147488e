"""Logging in and out, and who am I."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from tadmor.api import auth, services
from tadmor.api.deps import SettingsDep, StoreDep
from tadmor.api.schemas import LoginIn, Me, Problem

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _loopback(host: str | None) -> bool:
    if host in (None, "localhost"):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@router.post("/login", response_model=Me, responses={401: {"model": Problem}})
def login(
    body: LoginIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> Me:
    """Log in with a username and password; sets the session cookie."""
    found = services.log_in(store, body.username, body.password, settings.session_lifetime)
    if found is None:
        raise HTTPException(401, "wrong username or password")
    # Secure unless the page is plain http on this machine (browsers keep Secure cookies only
    # over https, localhost excepted) or the operator chose --insecure-cookies for a LAN.
    secure = request.url.scheme == "https" or not (
        settings.insecure_cookies or _loopback(request.url.hostname)
    )
    response.set_cookie(
        auth.SESSION_COOKIE,
        found.session_token,
        max_age=int(settings.session_lifetime.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    response.headers["Cache-Control"] = "no-store"
    return Me(
        username=found.user.username,
        role=found.user.role,  # type: ignore[arg-type]
        csrf_token=found.csrf_token,
    )


@router.post("/logout", status_code=204, responses={401: {"model": Problem}})
def logout(
    request: Request,
    store: StoreDep,
    principal: Annotated[auth.Principal, Depends(auth.current_principal)],
) -> Response:
    """End the browser session (a bearer token is revoked with DELETE /api/tokens/{id})."""
    if principal.via == "session":
        services.log_out(store, principal.credential_hash, principal.username)
        request.app.state.auth_cache.drop(principal.credential_hash)
    resp = Response(status_code=204)
    resp.delete_cookie(auth.SESSION_COOKIE, path="/")
    return resp


@router.get("/me", response_model=Me, responses={401: {"model": Problem}})
def me(
    principal: Annotated[auth.Principal, Depends(auth.current_principal)], response: Response
) -> Me:
    """Who the caller is, and the CSRF token the page must send with changes."""
    response.headers["Cache-Control"] = "no-store"
    return Me(
        username=principal.username,
        role=principal.role.value,
        csrf_token=principal.csrf_token,
    )
