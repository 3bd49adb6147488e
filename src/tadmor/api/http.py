"""HTTP plumbing shared by every route: JSON with ETags, security headers, size and rate limits.

The middlewares are plain ASGI (not Starlette's BaseHTTPMiddleware) because they run on every
request of a busy server and must not add a task switch each.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from tadmor.api.auth import Principal

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def json_response(
    request: Request, payload: BaseModel | dict[str, Any] | list[Any], principal: Principal | None
) -> Response:
    return respond_json(request, encode_json(payload), principal)


def encode_json(payload: BaseModel | dict[str, Any] | list[Any]) -> bytes:
    if isinstance(payload, BaseModel):
        return payload.model_dump_json().encode("utf-8")
    return json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":")).encode()


def respond_json(request: Request, body: bytes, principal: Principal | None) -> Response:
    """JSON with a strong ETag over the bytes; ``If-None-Match`` gets a bodiless 304, which on
    a weak link saves the whole page. Who may see restricted data gets ``no-store`` so no copy
    of it stays in a browser cache on a laptop that could be seized; viewers' pages may be
    kept and revalidated."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    cache = "no-store" if principal is None or principal.sees_restricted else "private, no-cache"
    headers = {"ETag": etag, "Cache-Control": cache, "Vary": "Cookie, Authorization"}
    inm = request.headers.get("if-none-match")
    if inm and etag in [t.strip() for t in inm.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def csp(tiles_url: str | None) -> str:
    """The page's Content-Security-Policy: scripts and styles only from this server (no inline
    script at all), no plugins, no framing, no form posts elsewhere; images also from the tile
    server when one is configured."""
    img = "'self' data:"
    if tiles_url:
        origin = tiles_url.split("/{", 1)[0]
        parts = origin.split("/")
        if len(parts) >= 3:
            img += " " + "/".join(parts[:3]).replace("{s}.", "*.")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; manifest-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in existing]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _reply(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes: at once when Content-Length says so, else as
    soon as the streamed body passes it (so a chunked upload cannot fill the disk)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit + 64 * 1024  # room for the multipart envelope and form fields
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await _reply(send, 413, f"the upload is over {self.limit // 1_000_000} MB", [])
                    return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await _reply(send, 413, f"the upload is over {self.limit // 1_000_000} MB", [])


class _TooLarge(Exception):
    pass


class RateLimit:
    """Token buckets in process memory (no Redis): one per client and kind of request.

    The client is the credential (bearer token or session cookie, hashed) when there is one,
    else the peer address; logins are counted per address whatever is sent, so guessing
    passwords is slow however many cookies an attacker makes up."""

    def __init__(self, app: ASGIApp, *, per_minute: int, login: int, upload: int) -> None:
        self.app = app
        self.limits = {"api": per_minute, "login": login, "upload": upload}
        self.buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def _key(self, scope: Scope) -> tuple[str, str]:
        path: str = scope["path"]
        method: str = scope["method"]
        peer = (scope.get("client") or ("?", 0))[0]
        if path == "/api/auth/login":
            return "login", peer
        kind = "upload" if method == "POST" and path == "/api/reports" else "api"
        cred = ""
        for k, v in scope.get("headers", []):
            if k == b"authorization":
                cred = v.decode("latin-1")
                break
            if k == b"cookie":
                cred = v.decode("latin-1")
        ident = hashlib.sha256(cred.encode()).hexdigest()[:24] if cred else peer
        return kind, ident

    def allow(self, kind: str, ident: str, now: float) -> float:
        """0 when allowed, else seconds until the next request would be."""
        limit = self.limits[kind]
        if limit <= 0:
            return 0.0
        rate = limit / 60.0
        tokens, last = self.buckets.get((kind, ident), (float(limit), now))
        tokens = min(float(limit), tokens + (now - last) * rate)
        if tokens < 1.0:
            self.buckets[(kind, ident)] = (tokens, now)
            return (1.0 - tokens) / rate
        self.buckets[(kind, ident)] = (tokens - 1.0, now)
        if len(self.buckets) > 100_000:  # forget idle clients rather than grow without bound
            self.buckets.clear()
        return 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        kind, ident = self._key(scope)
        wait = self.allow(kind, ident, time.monotonic())
        if wait > 0:
            await _reply(
                send,
                429,
                "too many requests; slow down",
                [(b"retry-after", str(int(wait) + 1).encode())],
            )
            return
        await self.app(scope, receive, send)
