"""Restricted fields: unreadable without the key, absent for roles that may not see them,
every read audited, never exported unless an admin asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tadmor.heritage import secrecy, service
from tadmor.heritage.records import Custody, Evidence, Role
from tadmor.heritage.secrecy import AccessDenied, KeyMissingError, WrongKeyError
from tadmor.store import Store, ledger
from tadmor.store.models import LedgerEntry
from tadmor.store.models_heritage import HeritageObject as ObjectRow

from .conftest import CODES


def _all_text(store: Store) -> str:
    """Every value of every table, as text: what someone with a copy of the database sees."""
    chunks = []
    with store.engine.connect() as conn:
        from sqlalchemy import inspect

        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                chunks.append(
                    " ".join(
                        v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
                        for v in row
                    )
                )
    return "\n".join(chunks)


def test_codes_are_not_in_the_database_in_clear(loaded: Store) -> None:
    dump = _all_text(loaded)
    for code in CODES:
        assert code not in dump
    with loaded.read() as s:
        tokens = list(s.execute(select(ObjectRow.location_code_enc)).scalars())
    assert len(tokens) == 3 and all(t and t.startswith("tg1:") for t in tokens)


def test_codes_are_unreadable_without_the_key_or_with_another(
    loaded: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TADMOR_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(KeyMissingError, match="keygen"):
        service.list_objects(loaded, role=Role.ADMIN, actor="t", reveal=True)
    monkeypatch.setenv("TADMOR_KEY", secrecy.generate_key())
    with pytest.raises(WrongKeyError, match="encrypted with key"):
        service.list_objects(loaded, role=Role.ADMIN, actor="t", reveal=True)
    monkeypatch.setenv("TADMOR_KEY", "not a key")
    with pytest.raises(secrecy.SecretError, match="not a tadmor key"):
        service.list_objects(loaded, role=Role.ADMIN, actor="t", reveal=True)


def test_a_ciphertext_moved_to_another_record_does_not_decrypt(loaded: Store) -> None:
    with loaded.write() as s:
        rows = list(s.execute(select(ObjectRow).order_by(ObjectRow.inventory_number)).scalars())
        rows[0].location_code_enc, rows[1].location_code_enc = (
            rows[1].location_code_enc,
            rows[0].location_code_enc,
        )
    with pytest.raises(WrongKeyError, match="altered or moved"):
        service.list_objects(loaded, role=Role.ADMIN, actor="t", reveal=True)


def test_roles_see_only_what_they_may_and_reads_are_audited(loaded: Store) -> None:
    viewer = service.list_objects(loaded, role=Role.VIEWER, actor="v")
    assert all(o.location_code is None and o.restricted == ("location_code",) for o in viewer)
    with pytest.raises(AccessDenied):
        service.list_objects(loaded, role=Role.VIEWER, actor="v", reveal=True)
    with loaded.read() as s:
        before = ledger.head(s)[0]
    analyst = service.list_objects(loaded, role=Role.ANALYST, actor="ana", reveal=True)
    assert sorted(o.location_code or "" for o in analyst) == sorted(CODES)
    with loaded.read() as s:
        entries = list(s.execute(select(LedgerEntry).where(LedgerEntry.seq > before)).scalars())
        assert ledger.verify_chain(s)[1] == []
    assert [e.action for e in entries] == ["heritage_secret_read"]
    details = json.loads(entries[0].details)
    assert entries[0].actor == "ana" and details["role"] == "analyst"
    assert len(details["ids"]) == 3 and not any(c in entries[0].details for c in CODES)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.ADMIN])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_never_carry_secrets_unless_an_admin_asks(
    loaded: Store, role: Role, fmt: str
) -> None:
    data = service.export_registry(loaded, "objects", fmt, role=role, actor="x").decode()
    assert "location_code" not in data
    assert not any(c in data for c in CODES)
    assert "T-003" in data


def test_admin_export_with_secrets_is_explicit_and_audited(loaded: Store) -> None:
    with pytest.raises(AccessDenied):
        service.export_registry(
            loaded, "objects", "json", role=Role.ANALYST, actor="x", include_secrets=True
        )
    data = json.loads(
        service.export_registry(
            loaded, "objects", "json", role=Role.ADMIN, actor="boss", include_secrets=True
        )
    )
    assert sorted(r["location_code"] for r in data) == sorted(CODES)
    with loaded.read() as s:
        actions = [e.action for e in s.execute(select(LedgerEntry)).scalars()]
    assert actions[-2:] == ["heritage_secret_read", "export"]


def test_safe_havens_are_admin_only(loaded: Store) -> None:
    with pytest.raises(AccessDenied):
        service.add_haven(
            loaded, "h1", "Oasis", "Damascus, National Museum vault", role=Role.ANALYST, actor="a"
        )
    service.add_haven(
        loaded, "h1", "Oasis", "Damascus, National Museum vault", role=Role.ADMIN, actor="boss"
    )
    assert "National Museum vault" not in _all_text(loaded)
    public = service.list_havens(loaded, role=Role.ANALYST, actor="a")
    assert public[0].label == "Oasis" and public[0].location is None
    with pytest.raises(AccessDenied):
        service.list_havens(loaded, role=Role.ANALYST, actor="a", reveal=True)
    assert service.list_havens(loaded, role=Role.ADMIN, actor="b", reveal=True)[0].location == (
        "Damascus, National Museum vault"
    )
    moved = service.set_custody(
        loaded,
        "T-001",
        Custody.SAFE_HAVEN,
        role=Role.ANALYST,
        actor="a",
        safe_haven_id="h1",
        location_code="HAVEN-ROW-1",
        evidence=[Evidence(kind="note", id="n", note="receipt 12")],
    )
    assert moved.custody == Custody.SAFE_HAVEN and moved.safe_haven_id == "h1"
    assert "HAVEN-ROW-1" not in _all_text(loaded)


def test_without_a_key_location_codes_are_skipped_not_stored(
    store: Store, no_key: None, tmp_path: Path
) -> None:
    from .conftest import write_objects

    service.import_sites(
        store, service.sample_path("palmyra-sites.csv"), role=Role.ANALYST, actor="t"
    )
    s = service.import_objects(
        store, write_objects(tmp_path / "o.csv"), role=Role.ANALYST, actor="t"
    )
    assert s.added == 3 and s.secrets_skipped == 3
    assert not any(c in _all_text(store) for c in CODES)
    with pytest.raises(KeyMissingError):
        service.import_objects(
            store, write_objects(tmp_path / "o.csv"), role=Role.ANALYST, actor="t", require_key=True
        )


def test_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = secrecy.write_key_file(tmp_path / "k")
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(secrecy.SecretError, match="already exists"):
        secrecy.write_key_file(path)
