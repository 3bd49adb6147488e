"""Rows to the dictionaries the schemas validate. Claims use
:func:`tadmor.publish.claims.claim_record`, so the API, the CLI and exports show the same
fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from tadmor.store import server_repo as srv
from tadmor.store.models import Report as ReportRow
from tadmor.store.models_corroborate import IncidentEvent, IncidentRow

# (annotation list, mark kind), in the order marks are drawn; ``tadmor show`` uses the same.
MARK_KINDS = (
    ("toponyms", "place"),
    ("dates", "date"),
    ("quantities", "number"),
    ("actors", "actor"),
    ("attributions", "source"),
    ("heritage", "heritage"),
    ("events", "event"),
)


def marks(annotations: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key, kind in MARK_KINDS:
        for m in annotations.get(key, []) or []:
            if not isinstance(m, dict):
                continue
            span: dict[str, Any] = m["span"] if isinstance(m.get("span"), dict) else m
            start, end = span.get("start"), span.get("end")
            if isinstance(start, int) and isinstance(end, int) and start < end:
                out.append({"start": start, "end": end, "kind": kind})
    return sorted(out, key=lambda x: (x["start"], -x["end"]))


def report_summary(row: ReportRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "source": row.source,
        "published": row.published,
        "collected_at": row.collected_at,
        "collector": row.collector,
        "format": row.format,
        "language": row.language,
        "chars": len(row.text),
        "duplicate_of": row.duplicate_of,
        "extracted": row.pipeline_version is not None,
        "restrictions": [],
    }


def report_detail(row: ReportRow) -> dict[str, Any]:
    return {
        **report_summary(row),
        "text": row.text,
        "author": row.author,
        "url": row.url,
        "site_name": row.site_name,
        "platform": row.platform,
        "filename": row.filename,
        "encoding": row.encoding,
        "original_sha256": row.original_sha256,
        "locator": row.locator,
        "text_sha256": row.text_sha256,
        "duplicate_similarity": row.duplicate_similarity,
    }


INCIDENT_FIELDS = srv.INCIDENT_SUMMARY_FIELDS


def incident_summary(row: IncidentRow | Row[Any]) -> dict[str, Any]:
    """The fields of a list item, from an incident or a summary row of a list query."""
    # A list query's summary row has exactly these columns.
    rec = row._asdict() if isinstance(row, Row) else {k: getattr(row, k) for k in INCIDENT_FIELDS}
    rec["restrictions"] = []
    return rec


def incident_detail(row: IncidentRow) -> dict[str, Any]:
    return {
        **incident_summary(row),
        "date_low": row.date_low,
        "date_high": row.date_high,
        "data": row.data or {},
    }


def history_record(ev: IncidentEvent) -> dict[str, Any]:
    return {
        "at": ev.at,
        "kind": ev.kind,
        "actor": ev.actor,
        "data": ev.data or {},
        "ledger_seq": ev.ledger_seq,
    }
