"""Options and output helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from tadmor.store import Store, StoreError

# Piped output gets a fixed, generous width instead of rich's 80 columns, so tables of
# claims stay readable in files and CI logs; terminals keep their own width.
console = Console(width=None if Console().is_terminal else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TADMOR_DB",
        help="Store: a SQLite path or a SQLAlchemy URL (default ./tadmor.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def open_store(db: str | None) -> Store:
    try:
        return Store.open(db)
    except StoreError as exc:
        error_line(str(exc))
        raise typer.Exit(2) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_date_option(value: str | None, name: str) -> dt.datetime | None:
    """Dates on the command line: ISO-8601 (2015-05-24, 2015-05-24T10:00Z) or plain words."""
    if value is None:
        return None
    from tadmor.collect.readers import parse_datetime

    parsed = parse_datetime(value, "DMY")
    if parsed is None:
        raise typer.BadParameter(f"cannot read {value!r} as a date", param_hint=name)
    return parsed


def error_line(message: str) -> None:
    """One unwrapped line on stderr, so scripts can grep and count errors."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


def fail(message: str, code: int = 1) -> typer.Exit:
    error_line(message)
    return typer.Exit(code)
