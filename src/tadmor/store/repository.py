"""Service-level reads and writes of the store. Callers pass a session from
:meth:`Store.write` or :meth:`Store.read`; evidence-changing writes append a ledger entry in
that same session, so a change and its custody record commit together."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from tadmor.collect.records import Report
from tadmor.store import ledger
from tadmor.store.models import (
    Blob,
    ClaimRow,
    Extraction,
    LshBand,
    PlaceAlias,
)
from tadmor.store.models import (
    Report as ReportRow,
)

# --- blobs -----------------------------------------------------------------------------------


def has_blob(session: Session, sha256: str) -> bool:
    # Ask for the key only: loading the row would read the whole original (megabytes).
    return session.execute(select(Blob.sha256).where(Blob.sha256 == sha256)).first() is not None


def put_blob(session: Session, data: bytes, media_type: str, sha256: str | None = None) -> str:
    """Store bytes unaltered under their SHA-256 (once); return the hash. Pass ``sha256`` when
    it is already known, to avoid re-hashing a large original for each of its items."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    if not has_blob(session, sha):
        session.add(
            Blob(
                sha256=sha,
                size=len(data),
                media_type=media_type,
                data=data,
                first_seen_at=ledger.utc_now(),
            )
        )
        session.flush()
    return sha


def get_blob(session: Session, sha256: str) -> bytes | None:
    row = session.get(Blob, sha256)
    return row.data if row else None


def iter_blob_hashes(session: Session) -> Iterator[tuple[str, int]]:
    yield from session.execute(select(Blob.sha256, Blob.size).order_by(Blob.sha256))


# --- reports ---------------------------------------------------------------------------------


def has_report(session: Session, report_id: str) -> bool:
    return session.get(ReportRow, report_id) is not None


def existing_report_ids(session: Session, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        found.update(session.execute(select(ReportRow.id).where(ReportRow.id.in_(chunk))).scalars())
    return found


def _to_record(row: ReportRow) -> Report:
    return Report(
        **{f.name: getattr(row, f.name) for f in dataclasses.fields(Report)},
    )


def add_report(
    session: Session,
    report: Report,
    *,
    minhash: bytes | None,
    buckets: Sequence[str],
    ledger_details: dict[str, Any],
) -> Report:
    """Insert a new report with its LSH buckets and its ``collect`` ledger entry."""
    entry = ledger.append(
        session,
        "collect",
        report.collector,
        report.original_sha256,
        {"report": report.id, **ledger_details},
        at=report.collected_at,
    )
    row = ReportRow(
        **{f.name: getattr(report, f.name) for f in dataclasses.fields(Report)},
        seq=entry.seq,
        minhash=minhash,
    )
    session.add(row)
    session.flush()
    if buckets:
        session.execute(
            insert(LshBand),
            [{"bucket": k, "report_id": report.id} for k in buckets],
        )
    return report


def first_with_text(session: Session, text_sha256: str) -> str | None:
    return session.execute(
        select(ReportRow.id)
        .where(ReportRow.text_sha256 == text_sha256)
        .order_by(ReportRow.seq)
        .limit(1)
    ).scalar_one_or_none()


def near_duplicate_candidates(
    session: Session, buckets: Sequence[str]
) -> list[tuple[str, bytes, int]]:
    """Reports sharing an LSH bucket: (id, minhash bytes, seq), oldest first."""
    if not buckets:
        return []
    ids = session.execute(
        select(LshBand.report_id)
        .where(LshBand.bucket.in_(list(buckets)))
        .distinct()
    ).scalars().all()
    if not ids:
        return []
    rows = session.execute(
        select(ReportRow.id, ReportRow.minhash, ReportRow.seq)
        .where(ReportRow.id.in_(ids))
        .order_by(ReportRow.seq)
    )
    return [(rid, mh, seq) for rid, mh, seq in rows if mh is not None]


def get_report(session: Session, report_id: str) -> Report | None:
    """A report by its id or by a unique prefix of it (as shown in tables)."""
    row = session.get(ReportRow, report_id)
    if row is None and len(report_id) >= 4:
        rows = list(
            session.execute(
                select(ReportRow).where(ReportRow.id.startswith(report_id)).limit(2)
            ).scalars()
        )
        row = rows[0] if len(rows) == 1 else None
    return _to_record(row) if row else None


@dataclass(frozen=True)
class ReportFilter:
    source: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int | None = None
    offset: int = 0


def list_reports(session: Session, flt: ReportFilter | None = None) -> list[Report]:
    flt = flt or ReportFilter()
    q = select(ReportRow).order_by(ReportRow.seq)
    if flt.source:
        q = q.where(ReportRow.source == flt.source)
    if flt.since:
        q = q.where(ReportRow.published >= flt.since)
    if flt.until:
        q = q.where(ReportRow.published <= flt.until)
    if flt.offset:
        q = q.offset(flt.offset)
    if flt.limit:
        q = q.limit(flt.limit)
    return [_to_record(r) for r in session.execute(q).scalars()]


def count_reports(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(ReportRow)).scalar_one())


def reports_to_extract(session: Session, pipeline_version: str, limit: int = 1000) -> list[Report]:
    """Reports with no claims yet or claims made by another pipeline version."""
    q = (
        select(ReportRow)
        .where(
            or_(
                ReportRow.pipeline_version.is_(None), ReportRow.pipeline_version != pipeline_version
            )
        )
        .order_by(ReportRow.seq)
        .limit(limit)
    )
    return [_to_record(r) for r in session.execute(q).scalars()]


def iter_report_texts(session: Session) -> Iterator[tuple[str, str, str]]:
    """(id, text, recorded text hash) of every report, for verification."""
    yield from session.execute(
        select(ReportRow.id, ReportRow.text, ReportRow.text_sha256).order_by(ReportRow.seq)
    )


# --- extraction results ----------------------------------------------------------------------


def save_extraction(
    session: Session,
    report_id: str,
    pipeline_version: str,
    annotations: dict[str, Any],
    claim_rows: Sequence[dict[str, Any]],
    *,
    actor: str,
    ledger_details: dict[str, Any],
    item_hash: str,
) -> None:
    """Replace a report's extraction and claims, and record the run in the ledger."""
    now = ledger.utc_now()
    session.query(ClaimRow).filter(ClaimRow.report_id == report_id).delete()
    session.query(Extraction).filter(Extraction.report_id == report_id).delete()
    session.add(
        Extraction(
            report_id=report_id,
            pipeline_version=pipeline_version,
            created_at=now,
            data=annotations,
        )
    )
    for row in claim_rows:
        session.add(ClaimRow(report_id=report_id, pipeline_version=pipeline_version, **row))
    report = session.get(ReportRow, report_id)
    assert report is not None
    report.pipeline_version = pipeline_version
    report.extracted_at = now
    if report.language is None and annotations.get("language"):
        report.language = annotations["language"]
    ledger.append(
        session,
        "extract",
        actor,
        item_hash,
        {"report": report_id, "pipeline_version": pipeline_version, **ledger_details},
    )
    session.flush()


def get_extraction(session: Session, report_id: str) -> dict[str, Any] | None:
    row = session.get(Extraction, report_id)
    return row.data if row else None


@dataclass(frozen=True)
class ClaimFilter:
    event_type: str | None = None  # matches event type or sub-event type (code or name)
    place: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None  # matches origin or the publishing outlet
    report_id: str | None = None
    limit: int | None = None
    offset: int = 0


def list_claims(session: Session, flt: ClaimFilter | None = None) -> list[ClaimRow]:
    flt = flt or ClaimFilter()
    q = select(ClaimRow).join(ReportRow, ReportRow.id == ClaimRow.report_id)
    if flt.event_type:
        needle = flt.event_type.lower()
        q = q.where(
            or_(
                func.lower(ClaimRow.event_type) == needle,
                func.lower(ClaimRow.sub_event_type) == needle,
                func.lower(ClaimRow.data["sub_event_name"].as_string()) == needle,
            )
        )
    if flt.place:
        q = q.where(
            or_(
                func.lower(ClaimRow.place_name) == flt.place.lower(),
                func.lower(ClaimRow.admin1) == flt.place.lower(),
            )
        )
    if flt.since:
        q = q.where(ClaimRow.event_date >= flt.since)
    if flt.until:
        q = q.where(ClaimRow.event_date <= flt.until)
    if flt.source:
        s = flt.source.lower()
        q = q.where(or_(func.lower(ClaimRow.origin).contains(s), func.lower(ReportRow.source) == s))
    if flt.report_id:
        q = q.where(ClaimRow.report_id.startswith(flt.report_id))
    q = q.order_by(ReportRow.seq, ClaimRow.seq)
    if flt.offset:
        q = q.offset(flt.offset)
    if flt.limit:
        q = q.limit(flt.limit)
    return list(session.execute(q).scalars())


def claims_by_ids(session: Session, ids: Sequence[str]) -> list[ClaimRow]:
    out: list[ClaimRow] = []
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        out.extend(session.execute(select(ClaimRow).where(ClaimRow.id.in_(chunk))).scalars())
    return sorted(out, key=lambda r: r.id)


def report_sources(session: Session, ids: Sequence[str]) -> dict[str, str | None]:
    rows = session.execute(select(ReportRow.id, ReportRow.source).where(ReportRow.id.in_(ids)))
    return {rid: src for rid, src in rows}


# --- place aliases ---------------------------------------------------------------------------


def set_place_alias(
    session: Session, name: str, name_key: str, geonameid: int, place_name: str, actor: str
) -> None:
    row = session.get(PlaceAlias, name_key)
    before = None if row is None else {"geonameid": row.geonameid, "place": row.place_name}
    if row is None:
        row = PlaceAlias(
            name_key=name_key,
            name=name,
            geonameid=geonameid,
            place_name=place_name,
            created_by=actor,
            created_at=ledger.utc_now(),
        )
        session.add(row)
    else:
        row.geonameid, row.place_name, row.name = geonameid, place_name, name
    ledger.append(
        session,
        "edit",
        actor,
        None,
        {
            "table": "place_aliases",
            "alias": name,
            "geonameid": geonameid,
            "place": place_name,
            "before": before,
        },
    )


def place_aliases(session: Session) -> dict[str, int]:
    return {k: g for k, g in session.execute(select(PlaceAlias.name_key, PlaceAlias.geonameid))}


def list_place_aliases(session: Session) -> list[PlaceAlias]:
    return list(session.execute(select(PlaceAlias).order_by(PlaceAlias.name_key)).scalars())
