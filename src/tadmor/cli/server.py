"""``tadmor serve`` and ``tadmor users``: the team server and its accounts.

Registered by :func:`tadmor.cli.app._register_stage_commands`. The heavy imports (FastAPI,
uvicorn, argon2) happen inside the commands, so other commands start as fast as before.
"""

from __future__ import annotations

import getpass
import ipaddress
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fastapi import FastAPI

from tadmor.cli.common import DbOption, JsonOption, console, err, fail, open_store, print_json

users_app = typer.Typer(
    help="Accounts of the team server (viewer, analyst, admin).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(users_app, name="users")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option(help="Basemap tile URL ({z}/{x}/{y}); default: offline country borders."),
    ] = None,
    tiles_attribution: Annotated[str, typer.Option(help="Credit line for the tiles.")] = "",
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Send the session cookie over plain http on a LAN address (development only).",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    rate_limit: Annotated[
        int, typer.Option(help="Requests a minute per client (0: no limit).")
    ] = 1200,
    max_upload: Annotated[float, typer.Option(help="Largest upload in MB.")] = 50.0,
    page_cache: Annotated[
        int,
        typer.Option(
            help="Pages kept per worker while the data is unchanged (0: build every page)."
        ),
    ] = 4096,
    db: DbOption = None,
) -> None:
    """Serve the REST API and the web page (map, timeline, review queue) on one store."""
    import os

    import uvicorn

    store = open_store(db)  # migrate once here, not in every worker
    store.close()
    settings_env = {
        "TADMOR_SERVE_DB": store.url,
        "TADMOR_SERVE_TILES": tiles or "",
        "TADMOR_SERVE_TILES_ATTRIBUTION": tiles_attribution,
        "TADMOR_SERVE_INSECURE_COOKIES": "1" if insecure_cookies else "",
        "TADMOR_SERVE_RATE_LIMIT": str(rate_limit),
        "TADMOR_SERVE_MAX_UPLOAD": str(int(max_upload * 1024 * 1024)),
        "TADMOR_SERVE_PAGE_CACHE": str(page_cache),
    }
    os.environ.update(settings_env)
    if not _is_loopback(host) and not insecure_cookies:
        err.print(
            "note: the session cookie is Secure; serve behind https (a TLS proxy) or pass "
            "--insecure-cookies on a trusted LAN.",
            highlight=False,
        )
    with open_store(db).read() as session:
        from tadmor.store import server_repo as srv

        if srv.count_users(session) == 0:
            err.print("note: no users yet; add one with `tadmor users add NAME --role admin`.")
    shown = f"[{host}]" if ":" in host else host
    console.print(f"tadmor serving {store.location} at http://{shown}:{port}/", highlight=False)
    sys.stdout.flush()
    uvicorn.run(
        "tadmor.cli.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
    )


def app_from_env() -> FastAPI:
    """The app for uvicorn's workers, built from what ``serve`` put in the environment."""
    import os

    from tadmor.api import ServerSettings, create_app

    env = os.environ
    settings = ServerSettings(
        tiles_url=env.get("TADMOR_SERVE_TILES") or None,
        tiles_attribution=env.get("TADMOR_SERVE_TILES_ATTRIBUTION", ""),
        insecure_cookies=bool(env.get("TADMOR_SERVE_INSECURE_COOKIES")),
        rate_limit=int(env.get("TADMOR_SERVE_RATE_LIMIT", "1200")),
        max_upload_bytes=int(env.get("TADMOR_SERVE_MAX_UPLOAD", str(50 * 1024 * 1024))),
        page_cache_entries=int(env.get("TADMOR_SERVE_PAGE_CACHE", "4096")),
    )
    return create_app(env["TADMOR_SERVE_DB"], settings)


def _password(given: str | None, stdin: bool) -> str:
    if given is not None:
        return given
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise fail("the passwords differ", 2)
    return first


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]
ActorOption = Annotated[str | None, typer.Option(help="Who does this (ledger).")]


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    password_stdin: PasswordStdin = False,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Add a user; asks for the password (or reads it with --password-stdin)."""
    from tadmor.api import services
    from tadmor.collect.service import default_collector

    store = open_store(db)
    try:
        services.add_user(
            store,
            username,
            role,
            _password(None, password_stdin),
            actor=actor or default_collector(),
        )
    except services.AccountError as exc:
        raise fail(str(exc), 2) from None
    console.print(f"Added {role} {username}.", highlight=False)


@users_app.command("list")
def users_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List users and their roles."""
    from tadmor.api import services

    rows = services.list_users(open_store(db))
    if json_out:
        print_json(
            [
                {
                    "username": u.username,
                    "role": u.role,
                    "disabled": u.disabled,
                    "created_at": u.created_at.isoformat(),
                    "created_by": u.created_by,
                }
                for u in rows
            ]
        )
        return
    for u in rows:
        console.print(
            f"{u.username}\t{u.role}" + ("\tdisabled" if u.disabled else ""), highlight=False
        )


@users_app.command("set")
def users_set(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    password: Annotated[bool, typer.Option("--password", help="Set a new password.")] = False,
    password_stdin: PasswordStdin = False,
    disable: Annotated[bool | None, typer.Option("--disable/--enable")] = None,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Change a user's role or password, or disable the account (ends their sessions)."""
    from tadmor.api import services
    from tadmor.collect.service import default_collector

    new_pw = _password(None, password_stdin) if (password or password_stdin) else None
    try:
        services.update_user(
            open_store(db),
            username,
            actor=actor or default_collector(),
            role=role,
            password=new_pw,
            disabled=disable,
        )
    except services.AccountError as exc:
        raise fail(str(exc), 2) from None
    console.print(f"Updated {username}.", highlight=False)


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "script",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Make an API token for scripts (printed once; send it as `Authorization: Bearer ...`)."""
    from tadmor.api import services
    from tadmor.collect.service import default_collector

    try:
        token, row = services.add_token(
            open_store(db), username, name, actor=actor or default_collector()
        )
    except services.AccountError as exc:
        raise fail(str(exc), 2) from None
    err.print(f"token {row.id} ({name}) for {username}; it is not shown again:", highlight=False)
    sys.stdout.write(token + "\n")


@users_app.command("revoke")
def users_revoke(
    token_id: Annotated[int, typer.Argument(help="Token number (see `tadmor users tokens`).")],
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Revoke an API token."""
    from tadmor.api import services
    from tadmor.collect.service import default_collector

    if not services.revoke_token(open_store(db), token_id, actor=actor or default_collector()):
        raise fail(f"no active token {token_id}", 1)
    console.print(f"Revoked token {token_id}.")


@users_app.command("tokens")
def users_tokens(
    username: Annotated[str | None, typer.Argument()] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List API tokens (their prefixes, never the tokens)."""
    from tadmor.api import services

    try:
        rows = services.list_tokens(open_store(db), username)
    except services.AccountError as exc:
        raise fail(str(exc), 2) from None
    data = [
        {
            "id": t.id,
            "user": u,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t, u in rows
    ]
    if json_out:
        print_json(data)
        return
    for d in data:
        console.print(
            f"{d['id']}\t{d['user']}\t{d['name']}\t{d['prefix']}...\t"
            + ("revoked" if d["revoked_at"] else "active"),
            highlight=False,
        )
