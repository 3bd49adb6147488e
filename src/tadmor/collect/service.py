"""Collecting: files, directories or standard input into the store, one transaction a report.

A batch never stops at a bad file: each input gets an :class:`AddOutcome` and the caller
decides the exit status. A report is committed with its blobs and ledger entry in one
transaction, so a crash (even ``kill -9``) leaves every report either fully there or absent,
and running the same command again adds exactly what is missing.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tadmor.collect import dedupe
from tadmor.collect.readers import ReadOptions, read_items
from tadmor.collect.records import (
    DEFAULT_MAX_BYTES,
    CollectedItem,
    CollectError,
    Metadata,
    Original,
    Report,
    TooLargeError,
    UnreadableInputError,
    report_id,
)
from tadmor.store import Store, ledger
from tadmor.store import repository as repo

STDIN = "-"


@dataclass
class AddOutcome:
    """What happened to one input."""

    name: str
    sha256: str | None = None
    added: list[str] = field(default_factory=list)
    already_present: int = 0
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # (new, of, sim)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


def default_collector() -> str:
    try:
        return os.environ.get("TADMOR_COLLECTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def iter_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively (sorted, hidden files skipped); keep ``-`` as is."""
    for raw in paths:
        if raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                if sub.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield str(sub)
        else:
            yield raw


def load_original(name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Original:
    """Read an input's bytes, refusing what is over the size limit before reading it all."""
    if name == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(name)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise TooLargeError(
                    f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit "
                    "(raise it with --max-size)"
                )
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except FileNotFoundError:
            raise UnreadableInputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise UnreadableInputError(f"{name}: is a directory") from None
        except PermissionError:
            raise UnreadableInputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise UnreadableInputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise TooLargeError(
            f"{name}: over the {max_bytes / 1e6:.0f} MB limit (raise with --max-size)"
        )
    return Original(data=data, name=name)


def original_filename(original: Original) -> str | None:
    """The file name recorded with a report (None for standard input)."""
    return None if original.name == STDIN else os.path.basename(original.name)


def _apply_metadata(item: CollectedItem, meta: Metadata) -> CollectedItem:
    """What the user states on the command line overrides what the input says."""
    return replace(
        item,
        source=meta.source or item.source,
        url=meta.url or item.url,
        published=meta.published or item.published,
        language=meta.language or item.language,
        title=meta.title or item.title,
    )


def add_original(
    store: Store,
    original: Original,
    *,
    metadata: Metadata | None = None,
    options: ReadOptions | None = None,
    collector: str | None = None,
    on_item: Callable[[], None] | None = None,
) -> AddOutcome:
    """Collect every item of one original; never raises :class:`CollectError` (it is returned)."""
    meta = metadata or Metadata()
    who = meta.collector or collector or default_collector()
    outcome = AddOutcome(name=original.name, sha256=original.sha256)
    try:
        items = list(read_items(original, options))
    except CollectError as exc:
        outcome.error = str(exc)
        return outcome
    except Exception as exc:  # a reader bug or a library choking on hostile input
        outcome.error = f"{original.name}: cannot read ({type(exc).__name__}: {exc})"
        return outcome
    ids = [report_id(original.sha256, it.locator) for it in items]
    if len(set(ids)) != len(ids):
        outcome.error = f"{original.name}: two items share a locator (duplicate ids in the input)"
        return outcome
    with store.read() as session:
        known_blob = repo.has_blob(session, original.sha256)
        present = repo.existing_report_ids(session, ids)
    filename = original_filename(original)
    blob_stored = known_blob
    for item, rid in zip(items, ids, strict=True):
        if rid in present:
            outcome.already_present += 1
            if on_item:
                on_item()
            continue
        item = _apply_metadata(item, meta)
        report, dup = _store_item(store, original, item, rid, who, filename, blob_stored)
        blob_stored = True
        outcome.added.append(report.id)
        if dup is not None:
            outcome.duplicates.append((report.id, dup[0], dup[1]))
        if on_item:
            on_item()
    if known_blob:
        with store.write() as session:
            ledger.append(
                session,
                "recollect",
                who,
                original.sha256,
                {
                    "name": filename or original.name,
                    "reports_present": outcome.already_present,
                    "reports_added": len(outcome.added),
                },
            )
    return outcome


@dataclass(frozen=True, slots=True)
class PreparedItem:
    """An item with everything that does not need the store computed: its id, text hash and
    MinHash signature. Pure and picklable, so a worker process can make it and one writer can
    store many of them in a transaction."""

    rid: str
    item: CollectedItem
    text_sha256: str
    minhash: bytes | None
    buckets: tuple[str, ...]


def prepare_item(original_sha256: str, item: CollectedItem, meta: Metadata) -> PreparedItem:
    """The compute half of collecting one item (no store access)."""
    item = _apply_metadata(item, meta)
    sig = dedupe.signature(item.text)
    return PreparedItem(
        rid=report_id(original_sha256, item.locator),
        item=item,
        text_sha256=hashlib.sha256(item.text.encode("utf-8")).hexdigest(),
        minhash=sig.to_bytes() if sig else None,
        buckets=tuple(sig.buckets()) if sig else (),
    )


def write_item(
    session: Session,
    original: Original,
    prepared: PreparedItem,
    who: str,
    filename: str | None,
    *,
    blob_stored: bool,
    collected_at: dt.datetime | None = None,
) -> tuple[Report, tuple[str, float] | None]:
    """The store half: blobs, duplicate link, report row and its ``collect`` ledger entry, in
    the caller's transaction. The duplicate lookup runs here, against what this session sees
    (the store plus anything flushed earlier in the same transaction), so linking follows the
    order of writes whether one report or a batch of hundreds is committed at once."""
    item = prepared.item
    if not blob_stored:  # the first item of a container commits the container's bytes
        repo.put_blob(session, original.data, original_media_type(item), original.sha256)
    item_sha = repo.put_blob(session, item.payload, item.media_type) if item.payload else None
    sig = dedupe.Signature.from_bytes(prepared.minhash) if prepared.minhash else None
    dup = _find_duplicate(session, prepared.text_sha256, sig, list(prepared.buckets))
    report, details = report_record(
        original.sha256, prepared, who, filename,
        item_sha=item_sha, duplicate=dup, collected_at=collected_at or ledger.utc_now(),
    )
    repo.add_report(
        session,
        report,
        minhash=prepared.minhash,
        buckets=prepared.buckets,
        ledger_details=details,
    )
    return report, dup


def report_record(
    original_sha256: str,
    prepared: PreparedItem,
    who: str,
    filename: str | None,
    *,
    item_sha: str | None,
    duplicate: tuple[str, float] | None,
    collected_at: dt.datetime,
) -> tuple[Report, dict[str, Any]]:
    """The report and the details of its ``collect`` ledger entry. One function for both
    writers (this module's, a report a transaction, and the batch writer's bulk inserts), so
    the two cannot drift apart in what they record."""
    item = prepared.item
    report = Report(
        id=prepared.rid,
        original_sha256=original_sha256,
        locator=item.locator,
        text=item.text,
        text_sha256=prepared.text_sha256,
        format=item.format,
        collector=who,
        collected_at=collected_at,
        item_sha256=item_sha,
        filename=filename,
        encoding=item.encoding,
        title=item.title,
        author=item.author,
        url=item.url,
        source=item.source,
        site_name=item.site_name,
        platform=item.platform,
        published=item.published,
        language=item.language,
        duplicate_of=duplicate[0] if duplicate else None,
        duplicate_similarity=duplicate[1] if duplicate else None,
    )
    details = {
        "locator": item.locator,
        "filename": filename,
        "format": item.format,
        "text_sha256": prepared.text_sha256,
        "item_sha256": item_sha,
        "encoding": item.encoding,
        "source": item.source,
        "url": item.url,
        "published": item.published.isoformat() if item.published else None,
        "duplicate_of": report.duplicate_of,
    }
    return report, details


def _store_item(
    store: Store,
    original: Original,
    item: CollectedItem,
    rid: str,
    who: str,
    filename: str | None,
    blob_stored: bool,
) -> tuple[Report, tuple[str, float] | None]:
    prepared = prepare_item(original.sha256, item, Metadata())
    assert prepared.rid == rid
    with store.write() as session:
        return write_item(session, original, prepared, who, filename, blob_stored=blob_stored)


def _find_duplicate(
    session: Session, text_sha: str, sig: dedupe.Signature | None, buckets: list[str]
) -> tuple[str, float] | None:
    """The first-seen report this text copies: same text exactly, else a near-duplicate."""
    same = repo.first_with_text(session, text_sha)
    if same is not None:
        return same, 1.0
    if sig is None:
        return None
    for rid, raw, _seq in repo.near_duplicate_candidates(session, buckets):
        sim = sig.similarity(dedupe.Signature.from_bytes(raw))
        if sim >= dedupe.THRESHOLD:
            return rid, round(sim, 4)
    return None


def original_media_type(item: CollectedItem) -> str:
    """The media type an original is stored under, judged from its first item."""
    if item.payload is not None:  # the item was inside a web archive
        return "application/warc"
    return item.media_type
