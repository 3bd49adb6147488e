"""Migrations and models agree: a store migrated from scratch has exactly the models' schema."""

from __future__ import annotations

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tadmor.store
from tadmor.store import Store, ledger
from tadmor.store.models import Base


def test_migrated_schema_matches_the_models(store: Store) -> None:
    for mod in pkgutil.iter_modules(tadmor.store.__path__):
        if mod.name.startswith("models"):
            importlib.import_module(f"tadmor.store.{mod.name}")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_new_store_starts_with_an_empty_chain(store: Store) -> None:
    with store.read() as s:
        assert ledger.head(s) == (0, ledger.GENESIS)
        assert ledger.verify_chain(s) == (0, [])
