"""Store reads and writes of ``tadmor batch``: run bookkeeping, failures, resume look-ups and
columnar reads for Parquet export. Evidence itself is written through the collect and extract
services' write halves, so a batch appends exactly the ledger entries the single-process path
does; this module only adds what a distributed, restartable run needs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tadmor.store import ledger
from tadmor.store.models import Blob, ClaimRow
from tadmor.store.models import Report as ReportRow
from tadmor.store.models_batch import BatchFailure, BatchRun

_CHUNK = 500


def report_states(session: Session, ids: Sequence[str]) -> dict[str, str | None]:
    """Which of ``ids`` are stored, each with the pipeline version that extracted it (None:
    collected but not extracted). One query per 500 ids, so a worker can skip finished work."""
    found: dict[str, str | None] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        rows = session.execute(
            select(ReportRow.id, ReportRow.pipeline_version).where(ReportRow.id.in_(chunk))
        )
        found.update({rid: version for rid, version in rows})
    return found


def blobs_present(session: Session, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(hashes), _CHUNK):
        chunk = list(hashes[i : i + _CHUNK])
        found.update(session.execute(select(Blob.sha256).where(Blob.sha256.in_(chunk))).scalars())
    return found


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
