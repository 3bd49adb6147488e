"""Users (admins only) and API tokens (each user their own; admins everyone's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from tadmor.api import auth, services
from tadmor.api.deps import StoreDep, not_found
from tadmor.api.schemas import (
    Problem,
    TokenCreated,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
)
from tadmor.heritage.records import Role
from tadmor.store.models_server import ApiToken

router = APIRouter(prefix="/api", tags=["users"])
Admin = Annotated[auth.Principal, Depends(auth.admin)]
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]


def _user(u: object) -> UserOut:
    return UserOut.model_validate(u, from_attributes=True)


@router.get("/users", response_model=list[UserOut])
def list_users(store: StoreDep, _: Admin) -> list[UserOut]:
    return [_user(u) for u in services.list_users(store)]


@router.post("/users", response_model=UserOut, status_code=201, responses={409: {"model": Problem}})
def add_user(body: UserIn, store: StoreDep, who: Admin) -> UserOut:
    try:
        return _user(
            services.add_user(store, body.username, body.role, body.password, actor=who.username)
        )
    except services.AccountError as exc:
        raise HTTPException(409, str(exc)) from None


@router.patch("/users/{username}", response_model=UserOut, responses={404: {"model": Problem}})
def edit_user(
    username: str, body: UserPatch, request: Request, store: StoreDep, who: Admin
) -> UserOut:
    try:
        user = services.update_user(
            store,
            username,
            actor=who.username,
            role=body.role,
            password=body.password,
            disabled=body.disabled,
        )
    except services.AccountError:
        raise not_found() from None
    request.app.state.auth_cache.drop()  # a changed role or password applies at once
    return _user(user)


def _token(t: ApiToken, user: str) -> dict[str, object]:
    return {
        "id": t.id,
        "user": user,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "revoked_at": t.revoked_at,
    }


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(store: StoreDep, who: Viewer) -> list[TokenOut]:
    """Your API tokens (an admin sees everyone's)."""
    owner = None if who.at_least(Role.ADMIN) else who.username
    return [TokenOut.model_validate(_token(t, u)) for t, u in services.list_tokens(store, owner)]


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def add_token(body: TokenIn, store: StoreDep, who: Viewer) -> TokenCreated:
    """A new token for scripts, with your role. The token is shown once."""
    token, row = services.add_token(store, who.username, body.name, actor=who.username)
    return TokenCreated.model_validate({**_token(row, who.username), "token": token})


@router.delete("/tokens/{token_id}", status_code=204, responses={404: {"model": Problem}})
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    store: StoreDep,
    who: Viewer,
) -> Response:
    owner = None if who.at_least(Role.ADMIN) else who.user_id
    if not services.revoke_token(store, token_id, actor=who.username, owner_id=owner):
        raise not_found()
    request.app.state.auth_cache.drop()
    return Response(status_code=204)
