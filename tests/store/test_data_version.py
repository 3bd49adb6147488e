"""The data version that the server's page cache is keyed on: every served table moves it, in
the same transaction as the change, whoever writes (see migration 0007)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from sqlalchemy import inspect, text

import tadmor.store
from tadmor.store import Store


def migration() -> ModuleType:
    path = Path(tadmor.store.__file__).parent / "migrations" / "versions" / "0007_data_version.py"
    spec = importlib.util.spec_from_file_location("m0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def version(store: Store) -> int:
    return store.data_version()


def test_every_table_but_the_listed_ones_moves_the_version(store: Store) -> None:
    """A table added by a later migration without a trigger would let the server serve stale
    pages (restrictions included): this fails until it has one or is listed as not served."""
    not_counted = migration().NOT_COUNTED
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if store.is_sqlite:
            rows = conn.execute(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"))
        else:
            rows = conn.execute(
                text(
                    "SELECT event_object_table FROM information_schema.triggers "
                    "WHERE trigger_name = 'tadmor_data_version' "
                    "AND event_object_schema = current_schema()"
                )
            )
        with_trigger = {r[0] for r in rows}
    assert "incidents" in with_trigger and "server_restrictions" in with_trigger
    assert tables - not_counted - with_trigger == set()
    assert with_trigger & not_counted == set()


def test_inserts_updates_and_deletes_move_it_and_rollbacks_do_not(store: Store) -> None:
    v0 = version(store)
    with store.write() as s:
        s.execute(
            text(
                "INSERT INTO place_aliases (name_key, name, geonameid, place_name, created_by, "
                "created_at) VALUES ('tadmour', 'Tadmour', 163808, 'Palmyra', 'test', "
                "CURRENT_TIMESTAMP)"
            )
        )
    v1 = version(store)
    assert v1 > v0
    try:
        with store.write() as s:
            s.execute(text("UPDATE place_aliases SET name = 'Tadmur'"))
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert version(store) == v1
    with store.write() as s:
        s.execute(text("DELETE FROM place_aliases"))
    assert version(store) > v1


def test_the_custody_ledger_does_not_move_it(store: Store) -> None:
    """Exports write to the ledger on every download; counting them would empty the cache for
    nothing, and no cached page shows the ledger."""
    from tadmor.store import ledger

    v0 = version(store)
    with store.write() as s:
        ledger.append(s, "export", "test", details={"what": "claims.csv"})
    assert version(store) == v0
