"""Opening a store: engine, sessions, migrations.

SQLite by default (one file, WAL), PostgreSQL by URL. Write transactions on SQLite begin
IMMEDIATE, so two writers queue instead of failing half-way, and a report, its blobs and its
ledger entry always commit together or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

DEFAULT_DB = "tadmor.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or used; the message says what to do."""


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a path or URL; ``TADMOR_DB`` then ``./tadmor.db`` by default."""
    raw = str(db) if db is not None else os.environ.get("TADMOR_DB", DEFAULT_DB)
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


# Connections kept open. SQLAlchemy's default (5, and 10 more opened and closed on demand)
# makes a busy server open a new connection for most requests beyond the fifth at once; on
# PostgreSQL each is a new backend process, a few milliseconds of CPU. Connections are opened
# only when needed, so a command-line run still opens one or two.
POOL: dict[str, int] = {"pool_size": 16, "max_overflow": 4}


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60}, **POOL)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()
            # SQLite's own lower() folds ASCII only, so "ÉTAT" would not match a restriction
            # on the source "état" and a restricted outlet would leak to viewers. Python's
            # str.lower is what restrictions are stored with; deterministic so the expression
            # indexes on lower(...) may use it (every tadmor connection registers it).
            dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            readonly = conn.get_execution_options().get("tadmor_readonly", False)
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_pre_ping=True, **POOL)
    if parsed.get_backend_name() == "postgresql":

        @event.listens_for(engine, "connect")
        def _postgres_connect(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute("SELECT lower('ÉTAT') = 'état'")
                row = cur.fetchone()
            dbapi_conn.commit()
            if not (row and row[0]):
                raise StoreError(
                    "this PostgreSQL database's lower() folds ASCII only (LC_CTYPE 'C'?), so "
                    "restrictions on non-ASCII names could leak; create the database with a "
                    "UTF-8 ctype, e.g. CREATE DATABASE ... LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                )

    return engine


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


class Store:
    """A tadmor store. Use :meth:`write` for changes (one transaction) and :meth:`read` for
    queries. All evidence-changing service functions take a session from :meth:`write`."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        try:
            self.engine = _make_engine(url)
            if migrate:
                upgrade(self.engine)
        except Exception as exc:  # the driver's own message is kept, with the URL named
            if isinstance(exc, StoreError):
                raise
            safe = make_url(url).render_as_string(hide_password=True)
            raise StoreError(f"cannot open the store at {safe}: {exc}") from exc
        self._read_engine = self.engine.execution_options(tadmor_readonly=True)
        self._version_engine: Engine | None = None

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
        return cls(database_url(db), migrate=migrate)

    @property
    def location(self) -> str:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return str(parsed.database)
        return parsed.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._read_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def data_version(self) -> int:
        """The count of changes to served data so far, moved by database triggers in the same
        transaction as each change (migration 0007). Read on a connection of its own in
        autocommit mode, one round trip with no transaction around it: the server asks this
        on every request it may answer from its page cache. Whatever is read after it, in any
        transaction begun later, is at least as new as the count."""
        engine = self._version_engine
        if engine is None:
            parsed = make_url(self.url)
            if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
                engine = self.engine  # a second engine would open a second, empty database
            else:
                engine = create_engine(
                    self.url,
                    isolation_level="AUTOCOMMIT",
                    # one short query per request: a few connections serve all the threads
                    pool_size=8,
                    max_overflow=12,
                    **({"connect_args": {"timeout": 60}} if self.is_sqlite else {}),
                )
            self._version_engine = engine
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(_DATA_VERSION_SQL).scalar_one())

    def close(self) -> None:
        self.engine.dispose()
        if self._version_engine is not None and self._version_engine is not self.engine:
            self._version_engine.dispose()


_DATA_VERSION_SQL = "SELECT n FROM data_version WHERE id = 1"


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (no-op when it is there already)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(engine)
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current != heads:
        # "heads": stages may add migration branches of their own; all are applied.
        command.upgrade(cfg, "heads")
