"""The app factory: one FastAPI app serving the REST API under ``/api`` and the web page at
``/``, on one store."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import event
from sqlalchemy.exc import DataError
from sqlalchemy.pool import QueuePool

from tadmor import __version__
from tadmor.api.auth import AuthCache
from tadmor.api.cache import PageCache
from tadmor.api.http import BodyLimit, RateLimit, SecurityHeaders, csp
from tadmor.api.routers import (
    auth as auth_routes,
)
from tadmor.api.routers import (
    claims,
    exports,
    incidents,
    meta,
    reports,
    restrictions,
    sources,
    users,
)
from tadmor.api.settings import ServerSettings
from tadmor.store import Store

DESCRIPTION = """\
tadmor's team server. Every endpoint needs a login (session cookie from `POST /api/auth/login`,
with `X-CSRF-Token` on changes) or an API token (`Authorization: Bearer tdm_...`, made with
`tadmor users token` or `POST /api/tokens`). Viewers never see restricted data; analysts review
and restrict; admins manage users and lift restrictions. Every change is recorded in the
custody ledger under the user's name.
"""


def create_app(store_url: str | Store, settings: ServerSettings | None = None) -> FastAPI:
    """Build the app for a store (a SQLAlchemy URL, a path, or an open :class:`Store`);
    the store is migrated to the newest schema on open."""
    settings = settings or ServerSettings()
    store = store_url if isinstance(store_url, Store) else Store.open(store_url)
    _tune_for_serving(store)
    app = FastAPI(
        lifespan=_threads_within_pool(store),
        title="tadmor",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN: not offline, and not under our CSP
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.auth_cache = AuthCache(settings.auth_cache_seconds)
    app.state.page_cache = PageCache(settings.page_cache_entries, settings.page_cache_bytes)
    for router in (
        meta.router,
        auth_routes.router,
        users.router,
        reports.router,
        claims.router,
        incidents.router,
        sources.router,
        exports.router,
        restrictions.router,
    ):
        app.include_router(router)
    if importlib.util.find_spec("tadmor.store.heritage_repo") is not None:
        from tadmor.api.routers import heritage

        app.include_router(heritage.router)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Name the fields and the problem, never echo the submitted values: a password or a
        # restricted name typed into the wrong field must not come back in an error page.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return JSONResponse({"detail": problems or "invalid request"}, status_code=422)

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, _exc: DataError) -> JSONResponse:
        # PostgreSQL refuses NUL characters and integers over 32 bits that SQLite takes:
        # the same request must get the same kind of answer on both.
        return JSONResponse(
            {"detail": "a value the store cannot hold (a NUL character or a number too large)"},
            status_code=422,
        )

    _problem_422(app)
    from tadmor.web import mount

    mount(app, settings)
    app.add_middleware(
        RateLimit,
        per_minute=settings.rate_limit,
        login=settings.login_rate_limit,
        upload=settings.upload_rate_limit,
    )
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, policy=csp(settings.tiles_url))
    return app


def _threads_within_pool(store: Store) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Run at most as many requests at once as the store has connections. The endpoints are
    sync functions in anyio's thread pool (40 threads); with more threads than connections the
    surplus waits inside SQLAlchemy's pool and fails after its 30 s timeout when the server is
    overloaded, where a request waiting for a thread just queues. Fewer threads also contend
    less for the GIL."""
    pool = store.engine.pool
    size = (
        pool.size() + max(0, getattr(pool, "_max_overflow", 0))
        if isinstance(pool, QueuePool)
        else 0
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if size > 0:
            anyio.to_thread.current_default_thread_limiter().total_tokens = size
        yield

    return lifespan


def _sqlite_mmap(dbapi_conn: Any, _record: Any) -> None:
    """Read the SQLite file through a shared memory map: each of the pool's connections has
    its own 2 MB page cache, so a list that walks an index and probes the restrictions would
    otherwise copy pages in with a system call each, on every connection. (Writes still go
    through write(); SQLite only maps the file for reading.)"""
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cur.close()


SQLITE_MMAP_BYTES = 1 << 30


def _tune_for_serving(store: Store) -> None:
    """SQLite: a memory map (above). PostgreSQL: planner settings for the server's
    connections (short queries from many
    clients, on data that lives in memory). With the default ``random_page_cost`` of 4 (a
    spinning disk) the planner reads all 100k memberships and 20k reports in a hash join to
    find the few that restrictions hide, where 200 index probes do (120 ms against 3 ms);
    parallel workers, started for such a plan, only add latency when 200 clients are each
    waiting for their own query. Set per connection, so other users of the database keep
    theirs."""
    if store.is_sqlite:
        event.listen(store.engine, "connect", _sqlite_mmap)
        store.engine.dispose()
        return

    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET random_page_cost = 1.1")
            cur.execute("SET max_parallel_workers_per_gather = 0")
        dbapi_conn.commit()

    event.listen(store.engine, "connect", _on_connect)
    store.engine.dispose()  # connections opened before (migrations) get the settings too


def _problem_422(app: FastAPI) -> None:
    """Make the OpenAPI document say what the validation handler above returns (a message,
    not FastAPI's list of errors), so clients and schemathesis see the true shape."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = {
            "title": "Problem",
            "type": "object",
            "required": ["detail"],
            "properties": {"detail": {"title": "Detail", "type": "string"}},
        }
        for ops in doc.get("paths", {}).values():
            for op in ops.values():
                resp = op.get("responses", {})
                if "422" in resp:
                    resp["422"] = {
                        "description": "Invalid request",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    }
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
