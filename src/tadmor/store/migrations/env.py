"""Alembic environment: runs against the engine tadmor passes in (never a URL from a file)."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import context

import tadmor.store
from tadmor.store.models import Base

# Every stage's ORM models live in a ``tadmor/store/models*.py`` module; import them all so
# their tables are part of the metadata that autogenerate compares against.
for _mod in pkgutil.iter_modules(tadmor.store.__path__):
    if _mod.name.startswith("models"):
        importlib.import_module(f"tadmor.store.{_mod.name}")

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
