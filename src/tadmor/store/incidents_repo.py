"""Store access for incidents: claims as the grouper sees them, blocking queries, incident
rows, memberships, analyst decisions, history and the source registry.

Callers pass a session from :meth:`Store.write` / :meth:`Store.read`; every analyst decision
and grade change is written here together with its ledger entry, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session, aliased

from tadmor.corroborate.records import ClaimFacts, FigureFact, SourceInfo
from tadmor.store import ledger
from tadmor.store.models import ClaimRow, LedgerEntry, Report
from tadmor.store.models_corroborate import (
    IncidentClaim,
    IncidentDecision,
    IncidentEvent,
    IncidentRow,
    SourceEntry,
)

# --- claims ----------------------------------------------------------------------------------

_Root = aliased(Report)


def _facts_query() -> Any:
    return (
        select(
            ClaimRow,
            Report.seq,
            Report.source,
            Report.published,
            Report.collected_at,
            Report.title,
            Report.duplicate_of,
            _Root.source,
        )
        .join(Report, Report.id == ClaimRow.report_id)
        .outerjoin(_Root, _Root.id == Report.duplicate_of)
    )


def _facts(row: Any) -> ClaimFacts:
    c, seq, outlet, published, collected, title, dup, root_outlet = row
    data = c.data or {}
    figures = []
    for arg in data.get("figures") or []:
        f = arg.get("value") or {}
        q = f.get("quantity") or {}
        span = q.get("span") or arg.get("span") or {}
        figures.append(
            FigureFact(
                kind=f.get("kind", "other"),
                low=int(q.get("low", 0)),
                high=q.get("high"),
                qualifier=q.get("qualifier", "exact"),
                group=f.get("group", "people"),
                start=span.get("start"),
                end=span.get("end"),
                text=span.get("text", ""),
            )
        )
    heritage = tuple((h.get("kind", ""), h.get("status", "")) for h in data.get("heritage") or [])
    sentence = (data.get("sentence") or {}).get("text", "")
    return ClaimFacts(
        claim_id=c.id,
        report_id=c.report_id,
        order=(seq, c.seq),
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        sentence=sentence,
        sentence_start=c.sentence_start,
        sentence_end=c.sentence_end,
        actor1=c.actor1,
        actor2=c.actor2,
        place_name=c.place_name,
        geonameid=c.geonameid,
        country_code=c.country_code,
        admin1=c.admin1,
        latitude=c.latitude,
        longitude=c.longitude,
        geo_precision=c.geo_precision,
        event_date=c.event_date,
        time_precision=c.time_precision,
        figures=tuple(figures),
        heritage=heritage,
        origin=c.origin,
        origin_kind=c.origin_kind,
        certainty=c.certainty,
        negated=c.negated,
        outlet=outlet,
        root_report=dup or c.report_id,
        root_outlet=root_outlet if dup else outlet,
        published=published or collected,
        title=title or "",
    )


def ungrouped_claims(session: Session, report_ids: Sequence[str] | None = None) -> list[ClaimFacts]:
    """Claims in no incident yet, in processing order (report seq, claim seq)."""
    q = (
        _facts_query()
        .outerjoin(IncidentClaim, IncidentClaim.claim_id == ClaimRow.id)
        .where(IncidentClaim.claim_id.is_(None))
    )
    if report_ids is not None:
        q = q.where(ClaimRow.report_id.in_(list(report_ids)))
    q = q.order_by(Report.seq, ClaimRow.seq)
    return [_facts(r) for r in session.execute(q)]


def iter_all_claims(session: Session, batch: int = 5000) -> Iterator[ClaimFacts]:
    q = _facts_query().order_by(Report.seq, ClaimRow.seq).execution_options(yield_per=batch)
    for r in session.execute(q):
        yield _facts(r)


def claims_by_ids(session: Session, claim_ids: Sequence[str]) -> list[ClaimFacts]:
    out: list[ClaimFacts] = []
    ids = list(claim_ids)
    for i in range(0, len(ids), 500):
        q = _facts_query().where(ClaimRow.id.in_(ids[i : i + 500]))
        out.extend(_facts(r) for r in session.execute(q))
    return sorted(out, key=lambda c: c.order)


# --- blocking --------------------------------------------------------------------------------


def candidate_incidents(
    session: Session,
    *,
    date_low: dt.date | None,
    date_high: dt.date | None,
    month_low: dt.date | None,
    month_high: dt.date | None,
    cells: Sequence[str],
    country_code: str | None,
    admin1: str | None,
    report_ids: Sequence[str],
    region_wide: bool,
) -> list[IncidentRow]:
    """Incidents that might hold a new claim: those sharing a report with it, or in a nearby
    cell or the same region (country, admin1) within the date window. Indexed lookups only."""
    place_conds: list[ColumnElement[bool]] = []
    if cells:
        place_conds.append(IncidentRow.cell.in_(list(cells)))
    if country_code:
        # incidents coded to a region (no cell) in the same country and admin1; the whole
        # country when the claim itself is region-wide
        regional: list[ColumnElement[bool]] = [IncidentRow.country_code == country_code]
        if not region_wide:
            regional.append(IncidentRow.cell.is_(None))
            if admin1:
                regional.append(or_(IncidentRow.admin1 == admin1, IncidentRow.admin1.is_(None)))
        place_conds.append(and_(*regional))
    found: dict[str, IncidentRow] = {}
    if place_conds:
        q = select(IncidentRow).where(or_(*place_conds))
        if date_low is not None and date_high is not None:
            # day/week-precise incidents within the near window; month-precise ones further
            near = IncidentRow.event_date.between(date_low, date_high)
            if month_low is not None and month_high is not None:
                far = and_(
                    IncidentRow.event_date.between(month_low, month_high),
                    IncidentRow.time_precision >= 3,
                )
                q = q.where(or_(near, far))
            else:
                q = q.where(near)
        for row in session.execute(q.limit(2000)).scalars():
            found[row.id] = row
    if report_ids:
        ids = session.execute(
            select(IncidentClaim.incident_id)
            .where(IncidentClaim.report_id.in_(list(report_ids)))
            .distinct()
        ).scalars()
        missing = [i for i in ids if i not in found]
        if missing:
            for row in session.execute(
                select(IncidentRow).where(IncidentRow.id.in_(missing))
            ).scalars():
                found[row.id] = row
    return [found[k] for k in sorted(found)]


def bulk_insert_claims(
    session: Session, reports: Sequence[dict[str, Any]], claims: Sequence[dict[str, Any]]
) -> None:
    """Insert prepared report and claim rows in bulk, WITHOUT custody ledger entries: only for
    benchmarks and synthetic test stores, never for evidence."""
    from sqlalchemy import insert

    if reports:
        session.execute(insert(Report), list(reports))
    if claims:
        session.execute(insert(ClaimRow), list(claims))


# --- incidents -------------------------------------------------------------------------------


def get_incident_row(session: Session, incident_id: str) -> IncidentRow | None:
    row = session.get(IncidentRow, incident_id)
    if row is None and len(incident_id) >= 4:
        rows = list(
            session.execute(
                select(IncidentRow).where(IncidentRow.id.startswith(incident_id)).limit(2)
            ).scalars()
        )
        row = rows[0] if len(rows) == 1 else None
    return row


def add_incident(session: Session, row: IncidentRow) -> None:
    session.add(row)
    session.flush()


def add_member(
    session: Session, claim: ClaimFacts, incident_id: str, score: float, method: str
) -> None:
    session.add(
        IncidentClaim(
            claim_id=claim.claim_id,
            incident_id=incident_id,
            report_id=claim.report_id,
            score=score,
            method=method,
            added_at=ledger.utc_now(),
        )
    )


def member_ids(session: Session, incident_id: str) -> list[str]:
    return list(
        session.execute(
            select(IncidentClaim.claim_id)
            .where(IncidentClaim.incident_id == incident_id)
            .order_by(IncidentClaim.claim_id)
        ).scalars()
    )


def move_members(session: Session, claim_ids: Sequence[str], incident_id: str) -> None:
    for i in range(0, len(claim_ids), 500):
        for m in session.execute(
            select(IncidentClaim).where(IncidentClaim.claim_id.in_(list(claim_ids[i : i + 500])))
        ).scalars():
            m.incident_id = incident_id
            m.method = "analyst"
    session.flush()


def delete_incident(session: Session, incident_id: str) -> None:
    session.execute(delete(IncidentClaim).where(IncidentClaim.incident_id == incident_id))
    session.execute(delete(IncidentRow).where(IncidentRow.id == incident_id))


def clear_incidents(session: Session) -> dict[str, str]:
    """Drop every incident and membership (for a regroup); return the old grades by id so
    that the regroup can record which grades changed. Decisions and history are kept."""
    old = dict(session.execute(select(IncidentRow.id, IncidentRow.grade)).all())
    session.execute(delete(IncidentClaim))
    session.execute(delete(IncidentRow))
    return {str(k): str(v) for k, v in old.items()}


@dataclass(frozen=True)
class IncidentFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    grade: str | None = None
    event_type: str | None = None
    place: str | None = None
    country: str | None = None
    min_sources: int | None = None
    contradictions: bool = False
    limit: int | None = None
    offset: int = 0


def list_incident_rows(session: Session, flt: IncidentFilter | None = None) -> list[IncidentRow]:
    flt = flt or IncidentFilter()
    q = select(IncidentRow).order_by(IncidentRow.event_date, IncidentRow.id)
    if flt.since:
        q = q.where(IncidentRow.event_date >= flt.since)
    if flt.until:
        q = q.where(IncidentRow.event_date <= flt.until)
    if flt.grade:
        q = q.where(IncidentRow.grade == flt.grade)
    if flt.event_type:
        q = q.where(
            or_(
                IncidentRow.event_type == flt.event_type,
                IncidentRow.sub_event_type == flt.event_type,
            )
        )
    if flt.place:
        q = q.where(func.lower(IncidentRow.place_name) == flt.place.lower())
    if flt.country:
        q = q.where(IncidentRow.country_code == flt.country.upper())
    if flt.min_sources:
        q = q.where(IncidentRow.n_origins >= flt.min_sources)
    if flt.contradictions:
        q = q.where(IncidentRow.n_contradictions > 0)
    if flt.offset:
        q = q.offset(flt.offset)
    if flt.limit:
        q = q.limit(flt.limit)
    return list(session.execute(q).scalars())


def count_incidents(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(IncidentRow)).scalar_one())


def incident_of_claim(session: Session, claim_id: str) -> str | None:
    return session.execute(
        select(IncidentClaim.incident_id).where(IncidentClaim.claim_id == claim_id)
    ).scalar_one_or_none()


def claim_ids_of_reports(session: Session, report_ids: Sequence[str]) -> list[str]:
    return list(
        session.execute(
            select(IncidentClaim.claim_id).where(IncidentClaim.report_id.in_(list(report_ids)))
        ).scalars()
    )


# --- history and decisions -------------------------------------------------------------------


def record_event(
    session: Session,
    incident_id: str,
    kind: str,
    actor: str,
    data: dict[str, Any],
    *,
    ledger_action: str | None = None,
    item_hash: str | None = None,
    ledger_seq: int | None = None,
) -> IncidentEvent:
    """A line of the incident's history; with ``ledger_action`` also a ledger entry in the
    same transaction (grade changes, merges, splits, overrides)."""
    if ledger_action is not None:
        entry = ledger.append(
            session, ledger_action, actor, item_hash, {"incident": incident_id, **data}
        )
        ledger_seq = entry.seq
    ev = IncidentEvent(
        incident_id=incident_id,
        kind=kind,
        data=data,
        actor=actor,
        at=ledger.utc_now(),
        ledger_seq=ledger_seq,
    )
    session.add(ev)
    return ev


def append_ledger(
    session: Session, action: str, actor: str, item_hash: str | None, details: dict[str, Any]
) -> LedgerEntry:
    return ledger.append(session, action, actor, item_hash, details)


def history(session: Session, incident_ids: Sequence[str]) -> list[IncidentEvent]:
    return list(
        session.execute(
            select(IncidentEvent)
            .where(IncidentEvent.incident_id.in_(list(incident_ids)))
            .order_by(IncidentEvent.at, IncidentEvent.id)
        ).scalars()
    )


def add_decision(
    session: Session,
    kind: str,
    incident_id: str,
    data: dict[str, Any],
    *,
    reason: str,
    actor: str,
    item_hash: str | None,
) -> IncidentDecision:
    entry = ledger.append(
        session,
        f"incident_{kind}",
        actor,
        item_hash,
        {"incident": incident_id, "reason": reason, **data},
    )
    d = IncidentDecision(
        kind=kind,
        incident_id=incident_id,
        data=data,
        reason=reason,
        actor=actor,
        at=ledger.utc_now(),
        ledger_seq=entry.seq,
    )
    session.add(d)
    session.flush()
    return d


def decisions(session: Session) -> list[IncidentDecision]:
    return list(session.execute(select(IncidentDecision).order_by(IncidentDecision.id)).scalars())


# --- source registry -------------------------------------------------------------------------


def list_sources(session: Session) -> list[SourceInfo]:
    return [
        SourceInfo(
            name=r.name,
            reliability=r.reliability,
            tags=tuple(r.tags),
            aliases=tuple(r.aliases),
            notes=r.notes,
        )
        for r in session.execute(select(SourceEntry).order_by(SourceEntry.key)).scalars()
    ]


def put_source(session: Session, key: str, info: SourceInfo, *, actor: str) -> bool:
    """Insert or update a registry entry with a ``source_edit`` ledger entry; False when it
    was already exactly so (no entry written)."""
    row = session.get(SourceEntry, key)
    new = {
        "name": info.name,
        "reliability": info.reliability,
        "tags": list(info.tags),
        "aliases": list(info.aliases),
        "notes": info.notes,
    }
    if row is not None:
        old = {k: getattr(row, k) for k in new}
        if old == new:
            return False
    else:
        old = None
    ledger.append(session, "source_edit", actor, None, {"key": key, "before": old, "after": new})
    if row is None:
        session.add(SourceEntry(key=key, updated_by=actor, updated_at=ledger.utc_now(), **new))
    else:
        for k, v in new.items():
            setattr(row, k, v)
        row.updated_by = actor
        row.updated_at = ledger.utc_now()
    session.flush()
    return True
