from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tadmor.store import Store

SHARED = Path(os.environ.get("TADMOR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SHARED_DATA = SHARED / "data"


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data, or skip the test (the project's tests must pass without it)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data file {path} (not present on this machine)")
    return path


PG_URL = os.environ.get("TADMOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else why not (the test is then skipped, not failed)."""
    try:
        import psycopg  # noqa: F401
        from sqlalchemy import create_engine, text

        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}"
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store on each backend: SQLite in a temp dir, PostgreSQL in a throwaway schema."""
    if request.param == "sqlite":
        s = Store.open(tmp_path / "test.db")
        yield s
        s.close()
        return
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    s = Store(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        yield s
    finally:
        s.close()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def shared() -> Callable[..., Path]:
    """``shared("fakes-dev.csv")``: a shared data file, or skip the test with the reason."""
    return shared_file
