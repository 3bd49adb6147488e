"""The custody ledger: an append-only, hash-chained record of everything done to the evidence.

Each entry's hash covers its position, action, who, UTC time, the item's hash, its details and
the previous entry's hash. Editing, deleting or reordering any entry breaks the chain at a
place ``verify_chain`` can name; a separate head row catches entries cut off the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from tadmor.store.models import LedgerEntry, LedgerHead

GENESIS = "0" * 64


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def canonical_json(data: Mapping[str, Any]) -> str:
    """JSON that hashes the same on every machine: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_hash(
    seq: int, action: str, actor: str, at: str, item_hash: str | None, details: str, prev: str
) -> str:
    payload = canonical_json(
        {
            "seq": seq,
            "action": action,
            "actor": actor,
            "at": at,
            "item": item_hash,
            "details": details,
            "prev": prev,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_of(e: LedgerEntry, seq: int | None = None) -> str:
    return entry_hash(
        e.seq if seq is None else seq, e.action, e.actor, e.at, e.item_hash, e.details, e.prev_hash
    )


def _locked_head(session: Session) -> LedgerHead:
    """The head row, locked (FOR UPDATE on PostgreSQL; SQLite write transactions are already
    exclusive), which serialises concurrent writers; created at genesis if missing."""
    head = session.execute(
        select(LedgerHead).where(LedgerHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = LedgerHead(id=1, seq=0, entry_hash=GENESIS)
        session.add(head)
    return head


def append(
    session: Session,
    action: str,
    actor: str,
    item_hash: str | None = None,
    details: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> LedgerEntry:
    """Append one entry in the caller's transaction, so the entry and the change it records
    commit or roll back together. The head row is locked (FOR UPDATE on PostgreSQL; SQLite
    write transactions are already exclusive), which serialises concurrent writers."""
    head = _locked_head(session)
    when = (at or utc_now()).isoformat(timespec="microseconds") + "Z"
    text = canonical_json(dict(details or {}))
    seq = head.seq + 1
    entry = LedgerEntry(
        seq=seq,
        action=action,
        actor=actor,
        at=when,
        item_hash=item_hash,
        details=text,
        prev_hash=head.entry_hash,
        entry_hash="",
    )
    entry.entry_hash = _hash_of(entry)
    session.add(entry)
    head.seq = seq
    head.entry_hash = entry.entry_hash
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """An entry to append with :func:`append_many`; ``details`` is already canonical JSON
    (:func:`canonical_json`), so it can be made where the data is, not in the writer."""

    action: str
    actor: str
    item_hash: str | None
    details: str
    at: dt.datetime


RowWriter = Callable[[Session, Table, list[dict[str, Any]]], None]


def append_many(
    session: Session, entries: Sequence[PendingEntry], *, write_rows: RowWriter | None = None
) -> list[int]:
    """Append ``entries`` in order in the caller's transaction and return their positions.

    The entries, their hashes and the head are exactly what calling :func:`append` once per
    entry would write (same fields, same chain), but the head is locked, read and updated
    once and the rows go in one bulk insert (an executemany, or ``write_rows`` such as the
    batch writer's COPY): a batch writer appends thousands of entries a second, where a
    round trip per entry would cap it at a few hundred."""
    if not entries:
        return []
    head = _locked_head(session)
    seq, prev = head.seq, head.entry_hash
    rows: list[dict[str, Any]] = []
    seqs: list[int] = []
    for e in entries:
        seq += 1
        when = e.at.isoformat(timespec="microseconds") + "Z"
        digest = entry_hash(seq, e.action, e.actor, when, e.item_hash, e.details, prev)
        rows.append(
            {
                "seq": seq,
                "action": e.action,
                "actor": e.actor,
                "at": when,
                "item_hash": e.item_hash,
                "details": e.details,
                "prev_hash": prev,
                "entry_hash": digest,
            }
        )
        seqs.append(seq)
        prev = digest
    table = LedgerEntry.__table__
    assert isinstance(table, Table)
    if write_rows is None:
        session.execute(insert(table), rows)
    else:
        write_rows(session, table, rows)
    head.seq, head.entry_hash = seq, prev
    session.flush()
    return seqs


@dataclass(frozen=True)
class LedgerProblem:
    """One thing wrong with the chain, named so a user can find it."""

    kind: str  # edited | deleted | reordered | broken_link | truncated
    seq: int
    message: str


def verify_chain(session: Session) -> tuple[int, list[LedgerProblem]]:
    """Walk the chain in order; return the number of entries and every problem found."""
    entries = list(session.execute(select(LedgerEntry).order_by(LedgerEntry.seq)).scalars())
    by_hash = {e.entry_hash: e for e in entries}
    problems: list[LedgerProblem] = []
    prev_hash = GENESIS
    expected = 1
    for e in entries:
        gap = e.seq > expected
        if gap:
            span = f"{expected}" if e.seq - 1 == expected else f"{expected}-{e.seq - 1}"
            problems.append(
                LedgerProblem("deleted", expected, f"ledger entries {span} are missing (deleted)")
            )
        if _hash_of(e) != e.entry_hash:
            origin = _original_position(e, by_hash, len(entries) + 1)
            if origin is not None and origin != e.seq:
                problems.append(
                    LedgerProblem(
                        "reordered",
                        e.seq,
                        f"ledger entry at position {e.seq} ({e.action}) was written as entry "
                        f"{origin}: entries were reordered",
                    )
                )
            else:
                problems.append(
                    LedgerProblem(
                        "edited",
                        e.seq,
                        f"ledger entry {e.seq} ({e.action}) was edited: its content no longer "
                        "matches its hash",
                    )
                )
        elif e.prev_hash != prev_hash and not gap:
            prev_entry = by_hash.get(e.prev_hash)
            what = (
                f"entry {e.seq - 1} was altered (its hash was recomputed)"
                if prev_entry is None
                else f"it follows entry {prev_entry.seq} in the original chain"
            )
            problems.append(
                LedgerProblem(
                    "broken_link",
                    e.seq,
                    f"ledger entry {e.seq} does not link to the entry before it: {what}",
                )
            )
        prev_hash = e.entry_hash
        expected = e.seq + 1
    head = session.get(LedgerHead, 1)
    last = entries[-1] if entries else None
    if head is not None and (head.seq > 0 or last is not None):
        if last is None or head.seq > last.seq:
            first = last.seq + 1 if last else 1
            problems.append(
                LedgerProblem(
                    "truncated",
                    first,
                    f"ledger entries {first}-{head.seq} were cut off the end (the head records "
                    f"{head.seq} entries)",
                )
            )
        elif head.seq != last.seq or head.entry_hash != last.entry_hash:
            problems.append(
                LedgerProblem(
                    "edited",
                    last.seq,
                    "the ledger head does not match the last entry: the end of the chain was "
                    "rewritten",
                )
            )
    elif head is None:
        problems.append(LedgerProblem("edited", 0, "the ledger head row is missing"))
    return len(entries), problems


def _original_position(
    e: LedgerEntry, by_hash: Mapping[str, LedgerEntry], limit: int
) -> int | None:
    """The position at which ``e`` was written, if its content is intact but it was moved.

    Tries the nearest positions first and gives up after a bounded number of hashes, so a
    heavily damaged ledger still verifies in reasonable time (and is reported as edited)."""
    for distance in range(1, min(limit, _MAX_REORDER_SEARCH) + 1):
        for seq in (e.seq - distance, e.seq + distance):
            if 1 <= seq <= limit and _hash_of(e, seq) == e.entry_hash:
                return seq
    return None


_MAX_REORDER_SEARCH = 2000


def head(session: Session) -> tuple[int, str]:
    row = session.get(LedgerHead, 1)
    return (row.seq, row.entry_hash) if row else (0, GENESIS)
