"""Store reads and writes of ``tadmor batch``: run bookkeeping, failures, resume look-ups,
the bulk evidence writer and columnar reads for Parquet export.

Why a bulk writer of its own: the single-process path writes one report a transaction through
the ORM, about ten round trips a report (duplicate look-ups, a ledger-head lock per entry,
flushes), which capped one batch writer at some 20 reports/s, below one worker's extraction
rate. :func:`write_chunk` writes a whole chunk with a fixed number of statements: duplicate
candidates read in two queries up front, the ledger head locked and advanced once, every table
filled by one executemany, JSON serialised by the workers. What it stores is the same as the
single-process path: the report rows and ledger details come from the collect service's
:func:`~tadmor.collect.service.report_record`, the chain from :func:`ledger.append_many`, and
the batch tests compare the two stores table by table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import operator
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    String,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from tadmor.collect import dedupe
from tadmor.collect.records import Report
from tadmor.store import ledger
from tadmor.store.models import Base, Blob, ClaimRow, Extraction, LshBand
from tadmor.store.models import Report as ReportRow
from tadmor.store.models_batch import BatchFailure, BatchRun

_CHUNK = 500
_LOOKUP = 4000  # keys an IN-list query where no one-parameter form exists (SQLite: 32,766)


def key_in(session: Session, column: Any, keys: Collection[Any]) -> Iterator[Any]:
    """Conditions "``column`` is one of ``keys``" (string keys), as few as the database allows:
    on PostgreSQL and SQLite one, with the keys as a single JSON array parameter that the
    server unpacks (``= ANY(ARRAY(... json_array_elements_text ...))``, ``IN (SELECT value FROM
    json_each(...))``); elsewhere one IN list per :data:`_LOOKUP` keys. One condition a
    statement: on PostgreSQL the parameter's name (``keys``) is fixed.

    Why not IN lists everywhere: a chunk looks up some 16 LSH buckets a report, tens of
    thousands of keys, and rendering an IN list that long (SQLAlchemy expands one bound
    parameter a key, then the driver rewrites each placeholder) took more of the writer's CPU
    than all its inserts, and more server CPU to parse. A JSON string is encoded and sent in C,
    and the server still probes the column's index once a key (an IN list is an ``= ANY`` of
    its constants to PostgreSQL; SQLite runs the ``json_each`` list through the index)."""
    values = sorted(set(keys))
    if not values:
        return
    listed = json.dumps(values)
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        array = text("(ARRAY(SELECT json_array_elements_text(CAST(:keys AS json))))")
        yield column == any_(array.bindparams(keys=listed))
    elif dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38):  # JSON built in
        each = func.json_each(bindparam(None, listed, type_=Text()))
        yield column.in_(select(literal_column("value")).select_from(each))
    else:
        for chunk in _chunks(values, _LOOKUP):
            yield column.in_(chunk)


def report_states(session: Session, ids: Collection[str]) -> dict[str, str | None]:
    """Which of ``ids`` are stored, each with the pipeline version that extracted it (None:
    collected but not extracted), so a worker can skip finished work."""
    found: dict[str, str | None] = {}
    for cond in key_in(session, ReportRow.id, ids):
        rows = session.execute(select(ReportRow.id, ReportRow.pipeline_version).where(cond))
        found.update({rid: version for rid, version in rows})
    return found


def blobs_present(session: Session, hashes: Collection[str]) -> set[str]:
    found: set[str] = set()
    for cond in key_in(session, Blob.sha256, hashes):
        found.update(session.execute(select(Blob.sha256).where(cond)).scalars())
    return found


# --- the bulk writer ---------------------------------------------------------------------------

CLAIM_INSERT_COLUMNS = tuple(
    c.name for c in ClaimRow.__table__.columns if c.name not in ("report_id", "pipeline_version")
)


@dataclass(frozen=True)  # no slots: a frozen slotted dataclass unpickles several times slower
class PackedExtraction:
    """One report's extraction as the writer inserts it, made on the worker: claim column
    values in :data:`CLAIM_INSERT_COLUMNS` order with ``data`` as JSON text, annotations as
    JSON text, and the ``extract`` ledger entry's canonical details. Strings, not nested dicts,
    because unpickling and serialising tens of kilobytes of nested annotations a report in
    the single client process cost more than all the inserts."""

    claims: tuple[tuple[Any, ...], ...]
    annotations_json: str
    language: str | None  # the language the pipeline found (kept when the report had none)
    details_json: str


def pack_extraction(
    report_id: str,
    pipeline_version: str,
    claim_rows: Sequence[dict[str, Any]],
    annotations: dict[str, Any],
    ledger_details: dict[str, Any],
) -> PackedExtraction:
    """The worker half of :func:`write_chunk`'s extraction insert. ``json.dumps`` with its
    defaults is what the JSON column type would have applied in the writer; the details are
    what :func:`tadmor.store.repository.save_extraction` records in the ledger."""
    claims = tuple(
        tuple(
            json.dumps(row["data"]) if name == "data" else row[name]
            for name in CLAIM_INSERT_COLUMNS
        )
        for row in claim_rows
    )
    details = {"report": report_id, "pipeline_version": pipeline_version, **ledger_details}
    language = annotations.get("language")
    return PackedExtraction(
        claims=claims,
        annotations_json=json.dumps(annotations),
        language=language if isinstance(language, str) and language else None,
        details_json=ledger.canonical_json(details),
    )


@dataclass(frozen=True, slots=True)
class NewBlob:
    sha256: str
    data: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report to insert, with its LSH buckets and its ``collect`` ledger entry's details."""

    report: Report
    minhash: bytes | None
    buckets: tuple[str, ...]
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewExtraction:
    report_id: str
    text_sha256: str
    packed: PackedExtraction


@dataclass
class Chunk:
    """Everything one transaction of the batch writer stores, in write order."""

    blobs: list[NewBlob] = field(default_factory=list)
    reports: list[NewReport] = field(default_factory=list)
    extractions: list[NewExtraction] = field(default_factory=list)


@dataclass
class DuplicateFinder:
    """First-seen duplicate links for a chunk of new reports, the way
    :func:`tadmor.collect.service._find_duplicate` finds them one report at a time: the same
    text first, else the oldest report sharing an LSH bucket whose estimated Jaccard reaches
    the threshold. The store's candidates for the whole chunk are read up front (three
    queries, see :func:`key_in`, instead of three a report); reports of the chunk itself are
    added in write order and, being newer than anything stored, are tried after the store's."""

    first_text: dict[str, str] = field(default_factory=dict)  # text hash -> oldest report
    in_bucket: dict[str, list[str]] = field(default_factory=dict)  # bucket -> report ids
    signature: dict[str, dedupe.Signature] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # report id -> write order

    @classmethod
    def load(
        cls, session: Session, text_hashes: Sequence[str], buckets: Sequence[str]
    ) -> DuplicateFinder:
        found = cls()
        first_seq: dict[str, int] = {}
        for cond in key_in(session, ReportRow.text_sha256, text_hashes):
            same = session.execute(
                select(ReportRow.text_sha256, ReportRow.id, ReportRow.seq).where(cond)
            )
            for sha, rid, seq in same:
                if sha not in first_seq or seq < first_seq[sha]:
                    first_seq[sha] = seq
                    found.first_text[sha] = rid
        ids: set[str] = set()
        for cond in key_in(session, LshBand.bucket, buckets):
            shared = session.execute(select(LshBand.bucket, LshBand.report_id).where(cond))
            for bucket, rid in shared:
                found.in_bucket.setdefault(bucket, []).append(rid)
                ids.add(rid)
        for cond in key_in(session, ReportRow.id, ids):
            sigs = session.execute(
                select(ReportRow.id, ReportRow.minhash, ReportRow.seq).where(cond)
            )
            for rid, raw, seq in sigs:
                if raw is not None:
                    found.signature[rid] = dedupe.Signature.from_bytes(raw)
                    found.order[rid] = seq
        floor = max(found.order.values(), default=0) + 1
        found.order = {rid: seq - floor for rid, seq in found.order.items()}  # all below 0
        return found

    def find(
        self, text_sha: str, sig: dedupe.Signature | None, buckets: Sequence[str]
    ) -> tuple[str, float] | None:
        same = self.first_text.get(text_sha)
        if same is not None:
            return same, 1.0
        if sig is None:
            return None
        candidates = {rid for b in buckets for rid in self.in_bucket.get(b, ())}
        known = (r for r in candidates if r in self.signature)
        for rid in sorted(known, key=self.order.__getitem__):
            sim = sig.similarity(self.signature[rid])
            if sim >= dedupe.THRESHOLD:
                return rid, round(sim, 4)
        return None

    def add(
        self, rid: str, text_sha: str, sig: dedupe.Signature | None, buckets: Sequence[str]
    ) -> None:
        """A report of this chunk, written after everything added before it."""
        self.first_text.setdefault(text_sha, rid)
        if sig is None:
            return
        self.signature[rid] = sig
        self.order[rid] = len(self.order) + 1
        for b in buckets:
            self.in_bucket.setdefault(b, []).append(rid)


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield list(values[i : i + size])


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def bulk_insert(
    session: Session, table: Table, rows: list[dict[str, Any]], json_columns: tuple[str, ...] = ()
) -> None:
    """:func:`copy_rows` for rows as dicts (every column given), as
    :func:`tadmor.store.ledger.append_many` hands them over."""
    if not rows:
        return
    columns = [c.name for c in table.columns]
    pick = operator.itemgetter(*columns)
    values = [pick(row) for row in rows] if len(columns) > 1 else [(pick(r),) for r in rows]
    copy_rows(session, table, columns, values, json_columns)


def copy_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    json_columns: tuple[str, ...] = (),
) -> None:
    """Insert ``rows``, each the values of ``columns`` (every column of ``table``, in any
    order), in one go in the session's transaction. Values of ``json_columns`` are JSON text
    already and go in as they are. Rows are tuples because the big tables (claims, LSH
    buckets) have tens of thousands of rows a chunk, and building a dict for each only for
    the driver to pick the values out again cost the writer more than the COPY itself.

    PostgreSQL gets a ``COPY ... FROM STDIN`` (one statement for the lot: an executemany
    costs the server an executor start-up a row, which capped the writer); SQLite gets the
    driver's own executemany with SQLAlchemy's bind processors applied once per column, so
    values are stored exactly as the ORM would store them, without its per-row overhead."""
    if not rows:
        return
    if sorted(columns) != sorted(table.columns.keys()):
        raise ValueError(f"{table.name}: rows must give every column, in any order")
    conn = session.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        with raw.cursor() as cur, cur.copy(
            f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        return
    if dialect.name == "sqlite":
        procs = [
            (i, f)
            for i, name in enumerate(columns)
            if name not in json_columns
            and (f := table.c[name].type.bind_processor(dialect)) is not None
        ]
        values: Sequence[Sequence[Any]] = rows
        if procs:  # dates and times as SQLAlchemy stores them in SQLite (text)
            converted: list[list[Any]] = []
            for row in rows:
                value = list(row)
                for i, f in procs:
                    value[i] = f(value[i])
                converted.append(value)
            values = converted
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
        raw.executemany(sql, values)
        return
    params: dict[str, Any] = {}
    for name in columns:  # any other database: SQLAlchemy's executemany
        if name in json_columns:
            params[name] = cast(bindparam(name, type_=Text()), JSON)
        else:
            params[name] = bindparam(name, type_=table.c[name].type)
    dicts = [dict(zip(columns, row, strict=True)) for row in rows]
    session.execute(insert(table).values(params), dicts)


def _fast_toast(session: Session) -> None:
    """On PostgreSQL with LZ4 built in, compress this transaction's large values (the
    annotations and claims JSON, the originals) with LZ4 rather than the default pglz, which
    took two thirds of the server's time for a chunk. Only how TOAST compresses changes: the
    values read back are the same, and the setting ends with the transaction."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    has_lz4 = conn.execute(
        select(func.count()).select_from(text("pg_settings")).where(
            text("name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        )
    ).scalar_one()
    if has_lz4:
        conn.execute(text("SET LOCAL default_toast_compression = lz4"))


_REPORT_FIELDS = tuple(f.name for f in dataclasses.fields(Report))


def write_chunk(
    session: Session, chunk: Chunk, *, pipeline_version: str | None, actor: str
) -> None:
    """Store a chunk in the caller's transaction: the ``collect`` entries of its new reports
    then the ``extract`` entries of its extractions (the order the single-process path
    writes them for one command), blobs, reports with their LSH buckets, extractions and
    claims. A report extracted in the same chunk as it is collected is inserted with its
    pipeline version at once instead of being updated after."""
    now = ledger.utc_now()
    entries = [
        ledger.PendingEntry(
            "collect",
            r.report.collector,
            r.report.original_sha256,
            ledger.canonical_json({"report": r.report.id, **r.details}),
            r.report.collected_at,
        )
        for r in chunk.reports
    ]
    entries += [
        ledger.PendingEntry("extract", actor, e.text_sha256, e.packed.details_json, now)
        for e in chunk.extractions
    ]
    _fast_toast(session)
    seqs = ledger.append_many(session, entries, write_rows=bulk_insert)
    copy_rows(
        session,
        table_of(Blob),
        ("sha256", "size", "media_type", "data", "first_seen_at"),
        [(b.sha256, len(b.data), b.media_type, b.data, now) for b in chunk.blobs],
    )
    extracted = {e.report_id: e.packed for e in chunk.extractions}
    report_rows: list[dict[str, Any]] = []
    bands: list[tuple[str, str]] = []
    for r, seq in zip(chunk.reports, seqs[: len(chunk.reports)], strict=True):
        row = {name: getattr(r.report, name) for name in _REPORT_FIELDS}
        row.update(seq=seq, minhash=r.minhash, extracted_at=None)
        packed = extracted.get(r.report.id)
        if packed is not None:
            row.update(pipeline_version=pipeline_version, extracted_at=now)
            if row["language"] is None and packed.language:
                row["language"] = packed.language
        report_rows.append(row)
        bands.extend((b, r.report.id) for b in r.buckets)
    bulk_insert(session, table_of(ReportRow), report_rows)
    copy_rows(session, table_of(LshBand), ("bucket", "report_id"), bands)
    new = {r.report.id for r in chunk.reports}
    again = [e for e in chunk.extractions if e.report_id not in new]  # stored by earlier runs
    claims, extractions, reports = table_of(ClaimRow), table_of(Extraction), table_of(ReportRow)
    for table in (claims, extractions):
        for cond in key_in(session, table.c.report_id, [e.report_id for e in again]):
            session.execute(delete(table).where(cond))
    if again:  # the language found is kept only where the report had none, as in one-by-one
        session.execute(
            update(reports)
            .where(reports.c.id == bindparam("rid"))
            .values(
                pipeline_version=pipeline_version,
                extracted_at=now,
                language=func.coalesce(reports.c.language, bindparam("lang", type_=String())),
            ),
            [{"rid": e.report_id, "lang": e.packed.language} for e in again],
        )
    copy_rows(
        session,
        extractions,
        ("report_id", "pipeline_version", "created_at", "data"),
        [(e.report_id, pipeline_version, now, e.packed.annotations_json)
         for e in chunk.extractions],
        json_columns=("data",),
    )
    copy_rows(
        session,
        claims,
        ("report_id", "pipeline_version", *CLAIM_INSERT_COLUMNS),
        [
            (e.report_id, pipeline_version, *claim)
            for e in chunk.extractions
            for claim in e.packed.claims
        ],
        json_columns=("data",),
    )


def failed_keys(session: Session, run_id: str, names: Sequence[str]) -> set[tuple[str, str]]:
    """(name, locator) of the failures recorded for ``run_id`` among inputs ``names``: what a
    resumed run may have to clear; one query (see :func:`key_in`) instead of one a report."""
    found: set[tuple[str, str]] = set()
    for cond in key_in(session, BatchFailure.name, {n[:500] for n in names}):
        rows = session.execute(
            select(BatchFailure.name, BatchFailure.locator).where(
                BatchFailure.run_id == run_id, cond
            )
        )
        found.update((name, loc) for name, loc in rows)
    return found


def clear_failures(session: Session, run_id: str, keys: Sequence[tuple[str, str]]) -> None:
    for chunk in _chunks(list(keys)):
        session.execute(
            delete(BatchFailure).where(
                BatchFailure.run_id == run_id,
                tuple_(BatchFailure.name, BatchFailure.locator).in_(chunk),
            )
        )


def start_run(session: Session, run_id: str, pipeline_version: str, inputs: list[str]) -> bool:
    """Record a run's start; True when the run existed already (this is a resumption)."""
    row = session.get(BatchRun, run_id)
    if row is not None:
        row.attempts += 1
        row.status = "running"
        row.finished_at = None
        return True
    session.add(
        BatchRun(
            id=run_id,
            pipeline_version=pipeline_version,
            inputs=inputs,
            status="running",
            started_at=ledger.utc_now(),
            attempts=1,
            reports_added=0,
            reports_present=0,
            claims=0,
        )
    )
    return False


def count_progress(session: Session, run_id: str, *, added: int, present: int, claims: int) -> None:
    """Add a committed chunk's counts to its run, in the chunk's own transaction (so the
    counts survive a kill exactly as far as the evidence does)."""
    row = session.get(BatchRun, run_id)
    if row is None:
        return
    row.reports_added += added
    row.reports_present += present
    row.claims += claims


def finish_run(session: Session, run_id: str) -> None:
    row = session.get(BatchRun, run_id)
    if row is not None:
        row.status = "done"
        row.finished_at = ledger.utc_now()


def get_run(session: Session, run_id: str) -> BatchRun | None:
    return session.get(BatchRun, run_id)


def record_failure(
    session: Session,
    run_id: str,
    name: str,
    locator: str,
    stage: str,
    error: str,
    report_id: str | None = None,
) -> None:
    """Record (or refresh, on a resumed run) one document that failed."""
    session.merge(
        BatchFailure(
            run_id=run_id,
            name=name[:500],
            locator=locator[:200],
            stage=stage,
            report_id=report_id,
            error=error,
            at=ledger.utc_now(),
        )
    )


def clear_failure(session: Session, run_id: str, name: str, locator: str) -> None:
    row = session.get(BatchFailure, (run_id, name[:500], locator[:200]))
    if row is not None:
        session.delete(row)


def failures(session: Session, run_id: str) -> list[BatchFailure]:
    q = select(BatchFailure).where(BatchFailure.run_id == run_id)
    return list(session.execute(q.order_by(BatchFailure.name, BatchFailure.locator)).scalars())


# --- columnar reads (Parquet export) ---------------------------------------------------------

CLAIM_COLUMNS = tuple(c.name for c in ClaimRow.__table__.columns)
REPORT_COLUMNS = (
    *(c.name for c in ReportRow.__table__.columns if c.name not in ("minhash", "text")),
    "text",
)


def iter_claim_rows(session: Session, batch: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """Every claim as plain column values, in collection order, ``batch`` rows at a time."""
    cols = [getattr(ClaimRow, c) for c in CLAIM_COLUMNS]
    q = (
        select(*cols)
        .join(ReportRow, ReportRow.id == ClaimRow.report_id)
        .order_by(ReportRow.seq, ClaimRow.seq)
        .execution_options(yield_per=batch)
    )
    for part in session.execute(q).partitions(batch):
        yield [dict(zip(CLAIM_COLUMNS, r, strict=True)) for r in part]


def iter_report_rows(session: Session, batch: int = 5000) -> Iterator[list[dict[str, Any]]]:
    cols = [getattr(ReportRow, c) for c in REPORT_COLUMNS]
    q = select(*cols).order_by(ReportRow.seq).execution_options(yield_per=batch)
    for part in session.execute(q).partitions(batch):
        yield [dict(zip(REPORT_COLUMNS, r, strict=True)) for r in part]


def utc_now() -> dt.datetime:
    return ledger.utc_now()


# --- equality of stores ----------------------------------------------------------------------

# Columns that record *when* something happened (or the ledger position, which is a function
# of the interleaving of entries): everything else must be identical between two runs over
# the same input, whatever the number of workers.
_TIME_COLUMNS = {"collected_at", "extracted_at", "created_at", "first_seen_at", "seq"}


def content_snapshot(session: Session) -> dict[str, Any]:
    """The store's evidence content, minus times, for comparing two runs:

    * blobs: hash, size, media type (the hash covers the bytes);
    * reports: every column but times, ``seq`` and the MinHash bytes' position, plus the
      collection order (ids sorted by ``seq``);
    * LSH buckets, extractions (version + annotations) and claims (every column); for a
      report with no publication date the pipeline's anchor date is its collection time, so
      that one annotation (``published``) is left out for such reports;
    * ledger: for each action, the ordered list of (actor, item hash, details), and for each
      report, that its ``collect`` entry comes before its ``extract`` entry. Entry times, and
      the hashes that cover them, necessarily differ and are left out.
    """
    from tadmor.store.models import Extraction, LedgerEntry, LshBand

    def plain(row: Any, skip: set[str]) -> dict[str, Any]:
        return {
            c.name: getattr(row, c.key)
            for c in row.__table__.columns
            if c.name not in skip
        }

    blobs = {
        sha: (size, media)
        for sha, size, media in session.execute(select(Blob.sha256, Blob.size, Blob.media_type))
    }
    report_rows = list(session.execute(select(ReportRow).order_by(ReportRow.seq)).scalars())
    reports = {r.id: plain(r, _TIME_COLUMNS) for r in report_rows}
    bands = sorted(tuple(r) for r in session.execute(select(LshBand.bucket, LshBand.report_id)))
    undated = {r.id for r in report_rows if r.published is None}
    extractions = {
        e.report_id: (e.pipeline_version, _drop_anchor(e.data, e.report_id in undated))
        for e in session.execute(select(Extraction)).scalars()
    }
    claims = {c.id: plain(c, set()) for c in session.execute(select(ClaimRow)).scalars()}
    by_action: dict[str, list[tuple[str, str | None, str]]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for e in session.execute(select(LedgerEntry).order_by(LedgerEntry.seq)).scalars():
        by_action.setdefault(e.action, []).append((e.actor, e.item_hash, e.details))
        rid = json.loads(e.details).get("report")
        if isinstance(rid, str):
            first_seen.setdefault((e.action, rid), e.seq)
    collect_first = all(
        first_seen.get(("collect", rid), 0) < seq
        for (action, rid), seq in first_seen.items()
        if action == "extract"
    )
    return {
        "blobs": blobs,
        "reports": reports,
        "collection_order": [r.id for r in report_rows],
        "lsh_bands": bands,
        "extractions": extractions,
        "claims": claims,
        "ledger": by_action,
        "collect_before_extract": collect_first,
    }


def _drop_anchor(data: dict[str, Any], undated: bool) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "published"} if undated else data
