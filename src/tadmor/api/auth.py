"""Who is asking, and may they: passwords, session cookies, CSRF, bearer tokens, roles.

Two ways in, for two kinds of client. Browsers log in and get an HttpOnly, SameSite=Strict
session cookie; because a browser sends cookies on its own, every change made with a cookie must
also carry the session's CSRF token in ``X-CSRF-Token`` (a page of another site cannot read it).
Scripts send ``Authorization: Bearer <token>``; a token is never sent automatically, so it needs
no CSRF token. Tokens and session ids are 256-bit random values kept only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, HTTPException, Request

from tadmor.heritage.records import Role
from tadmor.store import Store
from tadmor.store import server_repo as srv

SESSION_COOKIE = "tadmor_session"
CSRF_HEADER = "X-CSRF-Token"
TOKEN_PREFIX = "tdm_"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}

_hasher = PasswordHasher()
# Verifying against this when the user does not exist makes a wrong name take as long as a
# wrong password, so response time does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    user_id: int
    username: str
    role: Role
    via: str  # session | token
    credential_hash: str  # hash of the session id or token (rate-limit and cache key)
    csrf_token: str | None = None  # sessions only

    def at_least(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]

    @property
    def sees_restricted(self) -> bool:
        """Viewers never see restricted data; analysts and admins need it to do their work."""
        return self.at_least(Role.ANALYST)


class AuthCache:
    """A short-lived map from credential hash to principal, so that a burst of requests does
    not look the same session up in the store each time."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Principal | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            return hit[1]

    def put(self, key: str, principal: Principal) -> None:
        """Kept for between half the TTL and the TTL, at random: clients that started together
        (a team after a meeting, a script's threads) would otherwise all be looked up again in
        the same instant, every TTL, and each such wave queues every other request behind it."""
        if self.ttl <= 0:
            return
        expires = time.monotonic() + self.ttl * (0.5 + 0.5 * secrets.randbelow(1024) / 1024)
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[key] = (expires, principal)

    def drop(self, key: str | None = None) -> None:
        with self._lock:
            if key is None:
                self._items.clear()
            else:
                self._items.pop(key, None)


def _credential(request: Request) -> tuple[str, str] | None:
    """("token" | "session", hash of the credential) as the request carries it, if any."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return "token", token_hash(header[7:].strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return "session", token_hash(cookie)
    return None


def _lookup(store: Store, via: str, key: str) -> Principal | None:
    with store.read() as session:
        if via == "token":
            found = srv.token_user(session, key)
            if found is None:
                return None
            user, _tok = found
            return Principal(user.id, user.username, Role(user.role), "token", key)
        found_s = srv.login_session_user(session, key)
        if found_s is None:
            return None
        user, row = found_s
        return Principal(user.id, user.username, Role(user.role), "session", key, row.csrf_token)


async def current_principal(request: Request) -> Principal:
    """The caller, or 401. Cookie-authenticated changes must carry the CSRF token (403).

    ``async`` so that a cached credential (nearly every request of a busy client) costs no
    thread-pool hop; only a cache miss reads the store, in a thread."""
    state = request.app.state
    cache: AuthCache = state.auth_cache
    credential = _credential(request)
    principal = None
    if credential is not None:
        via, key = credential
        principal = cache.get(key)
        if principal is None:
            principal = await anyio.to_thread.run_sync(_lookup, state.store, via, key)
            if principal is not None:
                cache.put(key, principal)
    if principal is None:
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Bearer"})
    if principal.via == "session" and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not principal.csrf_token or not hmac.compare_digest(sent, principal.csrf_token):
            raise HTTPException(403, "missing or wrong CSRF token (send the X-CSRF-Token header)")
    request.state.principal = principal
    return principal


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits ``role`` and the roles above it."""

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:  # noqa: B008
        if not principal.at_least(role):
            raise HTTPException(403, f"this needs the {role.value} role")
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


viewer = require(Role.VIEWER)
analyst = require(Role.ANALYST)
admin = require(Role.ADMIN)
