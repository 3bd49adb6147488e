"""The custody ledger: appends chain; any edit, deletion, reordering or truncation is named."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tadmor.store import Store, ledger

actions = st.sampled_from(["collect", "recollect", "extract", "edit", "export"])
entries = st.lists(
    st.tuples(
        actions,
        st.text(min_size=1, max_size=20),
        st.one_of(st.none(), st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
        st.dictionaries(st.text(max_size=10), st.one_of(st.integers(), st.text(max_size=30))),
    ),
    min_size=1,
    max_size=15,
)


def _fill(store: Store, items: list) -> None:  # type: ignore[type-arg]
    for action, actor, item, details in items:
        with store.write() as s:
            ledger.append(s, action, actor, item, details)


def _problems(store: Store) -> list[ledger.LedgerProblem]:
    with store.read() as s:
        return ledger.verify_chain(s)[1]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=entries)
def test_any_sequence_of_appends_verifies(
    tmp_path_factory: pytest.TempPathFactory, items: list
) -> None:  # type: ignore[type-arg]
    store = Store.open(tmp_path_factory.mktemp("l") / "l.db")
    _fill(store, items)
    with store.read() as s:
        n, problems = ledger.verify_chain(s)
        head_seq, head_hash = ledger.head(s)
    assert n == len(items) and problems == [] and head_seq == len(items)
    assert head_hash != ledger.GENESIS


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=entries.filter(lambda x: len(x) >= 2), data=st.data())
def test_editing_any_field_of_any_entry_is_detected(
    tmp_path_factory: pytest.TempPathFactory,
    items: list,
    data: st.DataObject,  # type: ignore[type-arg]
) -> None:
    store = Store.open(tmp_path_factory.mktemp("l") / "l.db")
    _fill(store, items)
    seq = data.draw(st.integers(1, len(items)))
    column = data.draw(st.sampled_from(["action", "actor", "at", "details", "item_hash"]))
    with store.engine.begin() as conn:
        old = conn.execute(text(f"SELECT {column} FROM ledger WHERE seq=:s"), {"s": seq}).scalar()
        new = (old or "") + "x"
        conn.execute(text(f"UPDATE ledger SET {column}=:v WHERE seq=:s"), {"v": new, "s": seq})
    problems = _problems(store)
    assert [(p.kind, p.seq) for p in problems] == [("edited", seq)]


@pytest.fixture
def filled(store: Store) -> Store:
    _fill(store, [("collect", "ana", None, {"n": i}) for i in range(1, 7)])
    return store


def test_deleted_entry_in_the_middle_is_named(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger WHERE seq=3"))
    problems = _problems(filled)
    assert [(p.kind, p.seq) for p in problems] == [("deleted", 3)]
    assert "3 are missing" in problems[0].message


def test_deleted_and_renumbered_entries_break_the_chain(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger WHERE seq=3"))
        for seq in (4, 5, 6):
            conn.execute(text("UPDATE ledger SET seq=:n WHERE seq=:o"), {"n": seq - 1, "o": seq})
    kinds = {p.kind for p in _problems(filled)}
    assert kinds & {"reordered", "edited", "broken_link"}
    assert "truncated" in kinds  # the head still counts 6 entries


def test_reordered_entries_are_named_with_their_original_position(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("UPDATE ledger SET seq=100 WHERE seq=2"))
        conn.execute(text("UPDATE ledger SET seq=2 WHERE seq=4"))
        conn.execute(text("UPDATE ledger SET seq=4 WHERE seq=100"))
    problems = _problems(filled)
    assert {(p.kind, p.seq) for p in problems} >= {("reordered", 2), ("reordered", 4)}
    assert any("written as entry 4" in p.message for p in problems)


def test_truncated_tail_is_detected(filled: Store) -> None:
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger WHERE seq>=5"))
    problems = _problems(filled)
    assert [(p.kind, p.seq) for p in problems] == [("truncated", 5)]


def test_recomputed_hash_after_edit_is_still_caught(filled: Store) -> None:
    with filled.read() as s:
        e = s.execute(text("SELECT * FROM ledger WHERE seq=3")).mappings().one()
    forged_details = e["details"].replace("3", "30")
    forged = ledger.entry_hash(
        3, e["action"], e["actor"], e["at"], e["item_hash"], forged_details, e["prev_hash"]
    )
    with filled.engine.begin() as conn:
        conn.execute(
            text("UPDATE ledger SET details=:d, entry_hash=:h WHERE seq=3"),
            {"d": forged_details, "h": forged},
        )
    problems = _problems(filled)
    assert [(p.kind, p.seq) for p in problems] == [("broken_link", 4)]
    assert "entry 3 was altered" in problems[0].message
