"""The batch writer's bulk ledger append writes the chain one-by-one appends would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from tadmor.store import Store, batch_repo, ledger
from tadmor.store.models import LedgerEntry


def _entries(store: Store) -> list[tuple[object, ...]]:
    with store.read() as session:
        rows = session.execute(select(LedgerEntry).order_by(LedgerEntry.seq)).scalars()
        return [
            (e.seq, e.action, e.actor, e.at, e.item_hash, e.details, e.prev_hash, e.entry_hash)
            for e in rows
        ]


def test_append_many_writes_the_chain_of_single_appends(
    store_url: Callable[[str], str],
) -> None:
    t0 = dt.datetime(2015, 5, 20, 12, 0, 0, 123456)
    todo = [
        ("collect", "ana", "a" * 64, {"report": "r1", "locator": "row:1", "text": "Tadmur é"}),
        ("collect", "ana", "a" * 64, {"report": "r2", "duplicate_of": None}),
        ("extract", "tadmor", None, {"report": "r1", "claims": 2, "stages": [{"name": "x"}]}),
    ]
    one, many = Store(store_url("one")), Store(store_url("many"))
    for store in (one, many):  # the chain already has an entry before the batch
        with store.write() as session:
            ledger.append(session, "edit", "ana", None, {"x": 1}, at=t0)
    with one.write() as session:
        for i, (action, actor, item, details) in enumerate(todo, 1):
            ledger.append(session, action, actor, item, details, at=t0 + dt.timedelta(seconds=i))
    pending = [
        ledger.PendingEntry(
            action, actor, item, ledger.canonical_json(details), t0 + dt.timedelta(seconds=i)
        )
        for i, (action, actor, item, details) in enumerate(todo, 1)
    ]
    with many.write() as session:
        seqs = ledger.append_many(session, pending, write_rows=batch_repo.bulk_insert)
    assert seqs == [2, 3, 4]
    assert _entries(many) == _entries(one)
    for store in (one, many):
        with store.read() as session:
            assert ledger.head(session) == (4, _entries(one)[-1][-1])
            assert ledger.verify_chain(session) == (4, [])
        store.close()


def test_key_in_finds_exactly_the_keys(store_url: Callable[[str], str]) -> None:
    """The one-parameter look-up matches what an IN list would: keys with quotes, commas,
    non-ASCII, and longer than the column (no truncating cast), none or thousands of them."""
    from tadmor.store.models_batch import BatchFailure

    store = Store(store_url("keys"))
    names = ["plain", 'with "quotes", commas', "Tadmur é ش", "x" * 500, "a\\b"]
    with store.write() as session:
        batch_repo.start_run(session, "run", "v", [])
        for name in names:
            batch_repo.record_failure(session, "run", name, "", "read", "boom")
    with store.read() as session:
        assert not list(batch_repo.key_in(session, BatchFailure.name, []))
        probe = [*names, "x" * 501, "absent", *(f"k{i}" for i in range(5000))]
        found = batch_repo.failed_keys(session, "run", probe)
        assert found == {(n, "") for n in names}
        assert batch_repo.failed_keys(session, "run", ["x" * 499, "plain, with"]) == set()
    store.close()
