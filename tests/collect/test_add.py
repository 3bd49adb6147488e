"""Collecting into a store: idempotence, re-collection, copies, custody, bad input, tampering."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from tadmor.collect.records import Metadata, Original, report_id
from tadmor.collect.service import add_original, iter_inputs, load_original
from tadmor.store import Store
from tadmor.store import repository as repo
from tadmor.store.models import Blob, LedgerEntry, Report
from tadmor.store.verify import verify_store

STORY = (
    "At least 400 civilians, mostly women and children, were killed by Islamic State militants "
    "in the town of Tadmur, the Syrian Arab News Agency said on Sunday, citing officials in the "
    "province of Homs. The group also executed dozens of state employees and confiscated the "
    "property of families who had fled, residents told reporters by telephone."
)


def _count(store: Store, model: type) -> int:
    with store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _actions(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.execute(select(LedgerEntry.action).order_by(LedgerEntry.seq)).scalars())


def test_add_keeps_original_bytes_and_records_custody(store: Store) -> None:
    data = STORY.encode("cp1252")
    out = add_original(
        store, Original(data, "story.txt"), metadata=Metadata(source="sana"), collector="ana"
    )
    assert out.error is None and out.added == [report_id(Original(data, "x").sha256, "")]
    with store.read() as s:
        assert repo.get_blob(s, out.sha256 or "") == data  # unaltered, content-addressed
        rep = repo.get_report(s, out.added[0])
        entry = s.execute(select(LedgerEntry)).scalar_one()
    assert rep is not None and rep.text == STORY and rep.source == "sana" and rep.collector == "ana"
    assert entry.action == "collect" and entry.actor == "ana" and entry.item_hash == out.sha256
    assert json.loads(entry.details)["text_sha256"] == rep.text_sha256


def test_same_bytes_twice_make_one_report_and_a_recollect_entry(store: Store) -> None:
    original = Original(STORY.encode(), "a.txt")
    add_original(store, original)
    again = add_original(store, Original(STORY.encode(), "copy-of-a.txt"))
    assert again.added == [] and again.already_present == 1
    assert _count(store, Report) == 1 and _count(store, Blob) == 1
    assert _actions(store) == ["collect", "recollect"]


def test_syndicated_copy_is_linked_to_first_seen(store: Store) -> None:
    first = add_original(store, Original(STORY.encode(), "agency.txt"))
    edited = STORY.replace("on Sunday", "on Sunday 24 May").replace("residents", "local residents")
    copy = add_original(store, Original((edited + " (AFP)").encode(), "outlet.txt"))
    other = add_original(
        store,
        Original(
            b"Heavy rain flooded the lower town of Hama on Monday, closing schools and roads; "
            b"the governor said repairs would take weeks and asked for patience from residents.",
            "unrelated.txt",
        ),
    )
    assert copy.duplicates and copy.duplicates[0][1] == first.added[0]
    assert copy.duplicates[0][2] >= 0.7
    assert not other.duplicates


def test_directories_are_walked_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden").write_text("h")
    assert [Path(p).name for p in iter_inputs([str(tmp_path)])] == ["a.txt", "b.txt"]


def test_oversized_and_missing_files_fail_with_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    for name, needle in ((str(big), "limit"), (str(tmp_path / "nope.txt"), "no such file")):
        try:
            load_original(name, max_bytes=1000)
        except Exception as exc:
            assert needle in str(exc) and "\n" not in str(exc)
        else:
            raise AssertionError("no error")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["x.txt", "x.html", "x.json", "x.csv", "x.warc", "x"]),
)
def test_random_bytes_never_crash_ingest_and_never_half_store(
    store: Store, data: bytes, name: str
) -> None:
    before = (_count(store, Report), len(_actions(store)))
    out = add_original(store, Original(data, name))
    after = (_count(store, Report), len(_actions(store)))
    if out.error:
        assert "\n" not in out.error and out.error.startswith(name)
        assert after == before
    assert verify_store(store).ok


def test_verify_names_an_altered_blob_and_an_altered_text(store: Store) -> None:
    out = add_original(store, Original(STORY.encode(), "a.txt"))
    add_original(store, Original(b"Another report about shelling in Idlib on Monday.", "b.txt"))
    assert verify_store(store).ok
    sha = out.sha256
    with store.engine.begin() as conn:
        data = conn.execute(text("SELECT data FROM blobs WHERE sha256=:s"), {"s": sha}).scalar_one()
        flipped = bytes([data[0] ^ 1]) + data[1:]
        conn.execute(text("UPDATE blobs SET data=:d WHERE sha256=:s"), {"d": flipped, "s": sha})
        conn.execute(
            text("UPDATE reports SET text=:t, text_sha256=:h WHERE id=:i"),
            {"t": "edited", "h": "0" * 64, "i": out.added[0]},
        )
    result = verify_store(store)
    assert result.altered_blobs == [sha]
    assert result.altered_texts == [out.added[0]]
    assert not result.ok


def test_verify_names_a_deleted_report_and_blob(store: Store) -> None:
    out = add_original(store, Original(STORY.encode(), "a.txt"))
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM lsh_bands"))
        conn.execute(text("DELETE FROM reports"))
        conn.execute(text("DELETE FROM blobs"))
    result = verify_store(store)
    assert result.missing_reports == out.added and result.missing_blobs == [out.sha256]
