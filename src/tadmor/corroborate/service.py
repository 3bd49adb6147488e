"""Incident services: the functions the CLI (and a future REST API) call.

* :func:`group_new_claims` places claims that are in no incident yet (call it after
  extraction); only candidate incidents found by the blocking query are read or touched.
* :func:`regroup` rebuilds every incident from scratch and replays analyst decisions, so the
  result is the same as grouping incrementally in collection order.
* :func:`merge`, :func:`split`, :func:`set_grade` record analyst decisions; each writes a
  ledger entry in the same transaction and survives regrouping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tadmor.corroborate.contradictions import find_contradictions
from tadmor.corroborate.figures import derive, source_figures
from tadmor.corroborate.grading import propose
from tadmor.corroborate.grouping import (
    MAX_WINDOW_DAYS,
    RADIUS_KM,
    WINDOW_DAYS,
    Grouper,
    Profile,
    best_match,
    cell_of,
    cells_near,
    claim_date,
    groupable,
    radius_km,
    window_days,
)
from tadmor.corroborate.independence import independent_sources
from tadmor.corroborate.records import (
    ClaimFacts,
    Grade,
    GroupSummary,
    HistoryEntry,
    Incident,
    IncidentDetail,
    IncidentSummary,
    SourceInfo,
)
from tadmor.corroborate.sources import Registry, read_registry_file, source_key, validate
from tadmor.extract.taxonomy import SUB_EVENT_NAME
from tadmor.store import Store, ledger
from tadmor.store import incidents_repo as repo
from tadmor.store.incidents_repo import IncidentFilter
from tadmor.store.models_corroborate import IncidentRow

__all__ = [
    "IncidentError",
    "IncidentFilter",
    "get_incident",
    "group_new_claims",
    "import_sources",
    "list_incidents",
    "merge",
    "regroup",
    "set_grade",
    "set_source",
    "sources",
    "split",
    "summarize",
]


class IncidentError(ValueError):
    """An incident operation cannot be done; the message says why."""


def incident_id_for(founder_claim_id: str) -> str:
    """Content-derived: the same founding claim gives the same incident id everywhere."""
    return "inc-" + hashlib.sha256(founder_claim_id.encode()).hexdigest()[:12]


def _membership_hash(claim_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(claim_ids)).encode()).hexdigest()


# --- deriving an incident from its claims ----------------------------------------------------


def summarize(claims: Sequence[ClaimFacts], registry: Registry) -> IncidentSummary:
    """Everything an incident shows, derived from its claims alone (pure, deterministic)."""
    ordered = sorted(claims, key=lambda c: c.order)
    conflict = [c for c in ordered if c.event_type != "not_conflict"] or ordered
    sub = _most_common([c.sub_event_type for c in conflict]) or conflict[0].sub_event_type
    main = next(c for c in conflict if c.sub_event_type == sub)
    located = [c for c in ordered if c.latitude is not None]
    place = min(located, key=lambda c: (c.geo_precision or 9, c.order)) if located else None
    dated = [(d, p) for c in ordered for d, p in [claim_date(c)] if d is not None]
    dates = sorted(d for d, _ in dated)
    precision = min((p or 3 for _, p in dated), default=None)
    # the most often claimed date, earliest on ties: outliers do not move the incident
    event_date = max(dates, key=lambda d: (dates.count(d), -d.toordinal())) if dates else None
    actor1 = _most_common([c.actor1 for c in conflict])
    actor2 = _most_common([c.actor2 for c in conflict])
    srcs = independent_sources(ordered, registry)
    figs = source_figures(ordered, registry)
    contradictions = find_contradictions(ordered, figs, registry)
    proposal = propose(ordered, srcs, contradictions, registry)
    outlets = tuple(dict.fromkeys(c.outlet for c in ordered if c.outlet))
    reports = tuple(dict.fromkeys(c.report_id for c in ordered))
    name = SUB_EVENT_NAME.get(main.sub_event_type, main.sub_event_type)
    where = place.place_name if place and place.place_name else "unknown place"
    when = event_date.isoformat() if event_date else "unknown date"
    return IncidentSummary(
        event_type=main.event_type,
        sub_event_type=main.sub_event_type,
        event_date=event_date,
        date_low=dates[0] if dates else None,
        date_high=dates[-1] if dates else None,
        time_precision=precision,
        place=place,
        actor1=actor1,
        actor2=actor2,
        sources=srcs,
        source_figures=figs,
        figures=derive(figs),
        contradictions=contradictions,
        proposal=proposal,
        title=f"{name} in {where}, {when}",
        outlets=outlets,
        reports=reports,
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    seen: dict[str, int] = {}
    for v in values:
        if v:
            seen[v] = seen.get(v, 0) + 1
    return max(seen, key=lambda k: (seen[k], -list(seen).index(k))) if seen else None


def _profile_of(claims: Sequence[ClaimFacts]) -> Profile:
    prof = Profile()
    for c in sorted(claims, key=lambda c: c.order):
        d, p = claim_date(c)
        prof.add(c, d, p)
    return prof


def _apply(row: IncidentRow, s: IncidentSummary, prof: Profile, n_claims: int) -> None:
    place = s.place
    row.event_type, row.sub_event_type = s.event_type, s.sub_event_type
    row.event_date, row.date_low, row.date_high = s.event_date, s.date_low, s.date_high
    row.time_precision = s.time_precision
    row.place_name = place.place_name if place else None
    row.geonameid = place.geonameid if place else None
    row.country_code = (place.country_code if place else None) or prof.country_code
    row.admin1 = (place.admin1 if place else None) or prof.admin1
    row.latitude = place.latitude if place else None
    row.longitude = place.longitude if place else None
    row.geo_precision = place.geo_precision if place else None
    row.cell = cell_of(prof.lat, prof.lon, prof.geo_precision)
    row.actor1, row.actor2 = s.actor1, s.actor2
    killed, injured = s.figures.get("killed"), s.figures.get("injured")
    row.fatalities = killed.value if killed else None
    row.injured = injured.value if injured else None
    row.n_claims = n_claims
    row.n_reports = len(s.reports)
    row.n_origins = len(s.sources)
    row.n_outlets = len(s.outlets)
    row.n_contradictions = len(s.contradictions)
    row.title = s.title
    assert s.proposal is not None
    override = (row.data or {}).get("override")
    row.data = {
        "profile": prof.to_data(),
        "sources": [asdict(x) for x in s.sources],
        "source_figures": [asdict(x) for x in s.source_figures],
        "figures": {k: asdict(v) for k, v in s.figures.items()},
        "contradictions": [{**asdict(c), "kind": c.kind.value} for c in s.contradictions],
        "proposed": {
            "grade": s.proposal.grade.value,
            "credibility": s.proposal.credibility,
            "reasons": list(s.proposal.reasons),
        },
        "outlets": list(s.outlets),
        "reports": list(s.reports),
        "date_low": s.date_low.isoformat() if s.date_low else None,
        "date_high": s.date_high.isoformat() if s.date_high else None,
        **({"override": override} if override else {}),
    }


def _new_row(incident_id: str) -> IncidentRow:
    now = ledger.utc_now()
    return IncidentRow(
        id=incident_id,
        event_type="",
        sub_event_type="",
        grade="",
        grade_by="auto",
        credibility=6,
        n_claims=0,
        n_reports=0,
        n_origins=0,
        n_outlets=0,
        n_contradictions=0,
        title="",
        data={},
        created_at=now,
        updated_at=now,
    )


def _refresh(
    session: Session,
    row: IncidentRow,
    registry: Registry,
    actor: str,
    *,
    claims: Sequence[ClaimFacts] | None = None,
    ledger_seq: int | None = None,
    previous_grade: str | None = None,
) -> bool:
    """Re-derive an incident from its claims; record a proposed grade change (history + its
    own ledger entry, or the given bulk ledger entry). True when the grade changed."""
    if claims is None:
        claims = repo.claims_by_ids(session, repo.member_ids(session, row.id))
    summary = summarize(claims, registry)
    _apply(row, summary, _profile_of(claims), len(claims))
    row.updated_at = ledger.utc_now()
    assert summary.proposal is not None
    before = previous_grade if previous_grade is not None else (row.grade or None)
    if row.grade_by == "analyst":
        return False
    new = summary.proposal.grade.value
    row.credibility = summary.proposal.credibility
    if before == new:
        row.grade = new
        return False
    row.grade = new
    repo.record_event(
        session,
        row.id,
        "grade",
        actor,
        {
            "from": before,
            "to": new,
            "credibility": summary.proposal.credibility,
            "by": "auto",
            "reasons": list(summary.proposal.reasons),
        },
        ledger_action=None if ledger_seq is not None else "incident_grade",
        item_hash=_membership_hash(c.claim_id for c in claims),
        ledger_seq=ledger_seq,
    )
    return True


# --- the source registry ---------------------------------------------------------------------


def load_registry(session: Session) -> Registry:
    return Registry(repo.list_sources(session))


def sources(store: Store) -> list[SourceInfo]:
    with store.read() as session:
        return repo.list_sources(session)


def set_source(store: Store, info: SourceInfo, *, actor: str) -> bool:
    """Add or edit one registry entry (validated, ledgered). Existing incidents keep their
    grades until they change or are regrouped."""
    validate(info)
    with store.write() as session:
        return repo.put_source(session, source_key(info.name), info, actor=actor)


def import_sources(store: Store, path: Path, *, actor: str) -> int:
    entries = read_registry_file(path)
    changed = 0
    with store.write() as session:
        for info in entries:
            changed += repo.put_source(session, source_key(info.name), info, actor=actor)
    return changed


# --- grouping --------------------------------------------------------------------------------


def _candidates(session: Session, claim: ClaimFacts) -> list[IncidentRow]:
    date, precision = claim_date(claim)
    near = window_days(precision) + WINDOW_DAYS[2]
    far = window_days(precision) + MAX_WINDOW_DAYS
    low = high = month_low = month_high = None
    if date is not None:
        low, high = date - dt.timedelta(days=near), date + dt.timedelta(days=near)
        month_low, month_high = date - dt.timedelta(days=far), date + dt.timedelta(days=far)
    cells: list[str] = []
    region_wide = True
    if claim.latitude is not None and claim.longitude is not None:
        precise = (claim.geo_precision or 3) < 3
        km = radius_km(claim.geo_precision) + (RADIUS_KM[2] if precise else RADIUS_KM[3])
        cells = cells_near(claim.latitude, claim.longitude, km)
        region_wide = not precise
    return repo.candidate_incidents(
        session,
        date_low=low,
        date_high=high,
        month_low=month_low,
        month_high=month_high,
        cells=cells,
        country_code=claim.country_code,
        admin1=claim.admin1,
        report_ids=[r for r in {claim.report_id, claim.root_report} if r],
        region_wide=region_wide,
    )


def group_new_claims(
    store: Store, *, report_ids: Sequence[str] | None = None, actor: str = "tadmor"
) -> GroupSummary:
    """Put every claim that is in no incident yet (of the given reports, or all) into the
    best-matching candidate incident or a new one, in collection order; re-derive the
    incidents touched. One transaction; grade changes are ledgered."""
    out = GroupSummary()
    with store.write() as session:
        registry = load_registry(session)
        touched: dict[str, IncidentRow] = {}
        added: dict[str, list[str]] = {}
        for claim in repo.ungrouped_claims(session, report_ids):
            if not groupable(claim):
                continue
            out.claims += 1
            rows = {r.id: r for r in _candidates(session, claim)}
            rows.update({k: v for k, v in touched.items() if k not in rows})
            profiles = {
                k: Profile.from_data((r.data or {}).get("profile", {})) for k, r in rows.items()
            }
            hit = best_match(claim, sorted(profiles.items()))
            if hit is None:
                row = _new_row(incident_id_for(claim.claim_id))
                prof = Profile()
                score = 1.0
                out.created += 1
                repo.add_incident(session, row)
                repo.record_event(session, row.id, "created", actor, {"claim": claim.claim_id})
            else:
                row, prof, score = rows[hit[0]], profiles[hit[0]], hit[1]
                out.joined += 1
            date, precision = claim_date(claim)
            prof.add(claim, date, precision)
            row.data = {**(row.data or {}), "profile": prof.to_data()}
            row.event_date = row.event_date or date
            row.cell = cell_of(prof.lat, prof.lon, prof.geo_precision)
            row.country_code = row.country_code or prof.country_code
            row.admin1 = row.admin1 or prof.admin1
            repo.add_member(session, claim, row.id, score, "auto")
            touched[row.id] = row
            added.setdefault(row.id, []).append(claim.claim_id)
            session.flush()
        for incident_id, row in sorted(touched.items()):
            repo.record_event(session, incident_id, "claims", actor, {"added": added[incident_id]})
            out.grade_changes += _refresh(session, row, registry, actor)
        out.incidents = sorted(touched)
    return out


def _apply_decisions(
    members: dict[str, list[str]], order: dict[str, tuple[int, int]], decisions: Sequence[Any]
) -> dict[str, str]:
    """Replay merges and splits over a fresh grouping (``members``: incident -> claim ids, in
    place). Returns grade overrides by incident id."""
    where = {c: k for k, cs in members.items() for c in cs}
    overrides: dict[str, str] = {}
    for d in decisions:
        claims = [c for c in d.data.get("claims", []) if c in where]
        if d.kind == "merge":
            into_claim = d.data.get("into_claim")
            target = where.get(into_claim) if into_claim else None
            targets = sorted({where[c] for c in claims})
            if not targets:
                continue
            target = target or targets[0]
            for k in targets:
                if k != target:
                    for c in members.pop(k):
                        members[target].append(c)
                        where[c] = target
        elif d.kind == "split" and claims:
            claims.sort(key=lambda c: order.get(c, (0, 0)))
            new = incident_id_for(claims[0])
            members.setdefault(new, [])
            for c in claims:
                old = where[c]
                if old == new:
                    continue
                members[old].remove(c)
                if not members[old]:
                    del members[old]
                members[new].append(c)
                where[c] = new
        elif d.kind == "grade":
            anchor = next((c for c in d.data.get("claims", []) if c in where), None)
            if anchor is not None:
                overrides[where[anchor]] = d.data["to"]
    return overrides


def regroup(store: Store, *, actor: str = "tadmor") -> GroupSummary:
    """Rebuild every incident from the claims, replay analyst decisions, and record one
    ``incidents_regroup`` ledger entry; grade changes against the previous grouping are
    written to each incident's history under that entry."""
    out = GroupSummary()
    with store.write() as session:
        registry = load_registry(session)
        old_grades = repo.clear_incidents(session)
        facts = {c.claim_id: c for c in repo.iter_all_claims(session) if groupable(c)}
        grouper = Grouper(new_key=lambda c: incident_id_for(c.claim_id))
        for claim in facts.values():
            grouper.add(claim)
        members = {k: list(e.members) for k, e in grouper.incidents.items()}
        order = {k: c.order for k, c in facts.items()}
        overrides = _apply_decisions(members, order, repo.decisions(session))
        digest = hashlib.sha256(
            "\n".join(f"{k}:{','.join(sorted(v))}" for k, v in sorted(members.items())).encode()
        ).hexdigest()
        entry = repo.append_ledger(
            session,
            "incidents_regroup",
            actor,
            digest,
            {"incidents": len(members), "claims": len(facts)},
        )
        for incident_id in sorted(members):
            claims = sorted((facts[c] for c in members[incident_id]), key=lambda c: c.order)
            row = _new_row(incident_id)
            if incident_id in overrides:
                row.grade, row.grade_by = overrides[incident_id], "analyst"
            repo.add_incident(session, row)
            for c in claims:
                score = grouper.assignment.get(c.claim_id, ("", 1.0))[1]
                repo.add_member(session, c, incident_id, score, "auto")
            out.grade_changes += _refresh(
                session,
                row,
                registry,
                actor,
                claims=claims,
                ledger_seq=entry.seq,
                previous_grade=old_grades.get(incident_id, ""),
            )
        out.claims = len(facts)
        out.created = len(members)
        out.incidents = sorted(members)
    return out


# --- analyst decisions -----------------------------------------------------------------------


def _row(session: Session, incident_id: str) -> IncidentRow:
    row = repo.get_incident_row(session, incident_id)
    if row is None:
        raise IncidentError(f"no incident {incident_id!r} (see `tadmor incidents`)")
    return row


def merge(store: Store, incident_ids: Sequence[str], *, actor: str, reason: str) -> str:
    """Merge incidents into the first one named; returns its id."""
    if len(incident_ids) < 2:
        raise IncidentError("name at least two incidents to merge")
    if not reason.strip():
        raise IncidentError("a merge needs a reason (--reason)")
    with store.write() as session:
        registry = load_registry(session)
        rows = [_row(session, i) for i in incident_ids]
        target = rows[0]
        if len({r.id for r in rows}) < len(rows):
            raise IncidentError("an incident is named twice")
        all_claims: list[str] = []
        for r in rows:
            all_claims.extend(repo.member_ids(session, r.id))
        target_claims = repo.member_ids(session, target.id)
        into_claim = min(repo.claims_by_ids(session, target_claims), key=lambda c: c.order).claim_id
        data = {
            "claims": sorted(all_claims),
            "incidents": [r.id for r in rows],
            "into_claim": into_claim,
        }
        d = repo.add_decision(
            session,
            "merge",
            target.id,
            data,
            reason=reason,
            actor=actor,
            item_hash=_membership_hash(all_claims),
        )
        for r in rows[1:]:
            repo.move_members(session, repo.member_ids(session, r.id), target.id)
            repo.record_event(
                session,
                r.id,
                "merged",
                actor,
                {"into": target.id, "reason": reason},
                ledger_seq=d.ledger_seq,
            )
            repo.delete_incident(session, r.id)
        repo.record_event(
            session,
            target.id,
            "merge",
            actor,
            {"merged": [r.id for r in rows[1:]], "reason": reason},
            ledger_seq=d.ledger_seq,
        )
        session.flush()
        _refresh(session, target, registry, actor)
        return target.id


def split(
    store: Store,
    incident_id: str,
    *,
    claim_ids: Sequence[str] = (),
    report_ids: Sequence[str] = (),
    actor: str,
    reason: str,
) -> str:
    """Move the named claims (or every claim of the named reports) out of an incident into a
    new one; returns the new incident's id."""
    if not reason.strip():
        raise IncidentError("a split needs a reason (--reason)")
    with store.write() as session:
        registry = load_registry(session)
        row = _row(session, incident_id)
        members = repo.claims_by_ids(session, repo.member_ids(session, row.id))
        chosen = [
            c
            for c in members
            if c.claim_id in set(claim_ids)
            or c.report_id in set(report_ids)
            or any(c.report_id.startswith(p) for p in report_ids if len(p) >= 4)
        ]
        if not chosen:
            raise IncidentError(f"none of the named claims or reports is in {row.id}")
        if len(chosen) == len(members):
            raise IncidentError("a split must leave at least one claim in the incident")
        moved = [c.claim_id for c in chosen]
        new_id = incident_id_for(moved[0])
        data = {"claims": moved, "from": row.id, "new": new_id}
        d = repo.add_decision(
            session,
            "split",
            row.id,
            data,
            reason=reason,
            actor=actor,
            item_hash=_membership_hash(moved),
        )
        new = _new_row(new_id)
        repo.add_incident(session, new)
        repo.move_members(session, moved, new_id)
        repo.record_event(
            session,
            row.id,
            "split",
            actor,
            {"moved": moved, "to": new_id, "reason": reason},
            ledger_seq=d.ledger_seq,
        )
        repo.record_event(
            session,
            new_id,
            "split",
            actor,
            {"from": row.id, "claims": moved, "reason": reason},
            ledger_seq=d.ledger_seq,
        )
        session.flush()
        _refresh(session, row, registry, actor)
        _refresh(session, new, registry, actor)
        return new_id


def set_grade(store: Store, incident_id: str, grade: str, *, actor: str, reason: str) -> Incident:
    """An analyst's grade (any of the Airwars grades, including Discounted), with a reason.
    ``auto`` hands the incident back to the automatic proposal."""
    if not reason.strip():
        raise IncidentError("a grade change needs a reason (--reason)")
    wanted = grade.lower()
    if wanted != "auto" and wanted not in {g.value for g in Grade}:
        raise IncidentError(
            f"unknown grade {grade!r}: one of {', '.join(g.value for g in Grade)} or auto"
        )
    with store.write() as session:
        registry = load_registry(session)
        row = _row(session, incident_id)
        claims = repo.member_ids(session, row.id)
        before = row.grade
        data = {"from": before, "to": wanted, "claims": claims}
        d = repo.add_decision(
            session,
            "grade",
            row.id,
            data,
            reason=reason,
            actor=actor,
            item_hash=_membership_hash(claims),
        )
        repo.record_event(
            session,
            row.id,
            "grade",
            actor,
            {"from": before, "to": wanted, "by": "analyst", "reason": reason},
            ledger_seq=d.ledger_seq,
        )
        if wanted == "auto":
            row.grade_by = "auto"
            _refresh(session, row, registry, actor, previous_grade=wanted)
        else:
            row.grade, row.grade_by = wanted, "analyst"
            row.data = {
                **(row.data or {}),
                "override": {"grade": wanted, "reason": reason, "actor": actor},
            }
        session.flush()
        incident_id = row.id
    got = get_incident(store, incident_id)
    assert got is not None
    return got.incident


# --- reading ---------------------------------------------------------------------------------


def _record(row: IncidentRow, claim_ids: Sequence[str] = (), hist: Sequence[Any] = ()) -> Incident:
    return Incident(
        id=row.id,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        event_date=row.event_date,
        time_precision=row.time_precision,
        place_name=row.place_name,
        country_code=row.country_code,
        admin1=row.admin1,
        latitude=row.latitude,
        longitude=row.longitude,
        geo_precision=row.geo_precision,
        actor1=row.actor1,
        actor2=row.actor2,
        fatalities=row.fatalities,
        injured=row.injured,
        grade=row.grade,
        grade_by=row.grade_by,
        credibility=row.credibility,
        n_claims=row.n_claims,
        n_reports=row.n_reports,
        n_origins=row.n_origins,
        n_outlets=row.n_outlets,
        n_contradictions=row.n_contradictions,
        title=row.title,
        data={k: v for k, v in (row.data or {}).items() if k != "profile"},
        claim_ids=tuple(claim_ids),
        history=tuple(
            HistoryEntry(at=h.at, kind=h.kind, actor=h.actor, data=h.data, ledger_seq=h.ledger_seq)
            for h in hist
        ),
    )


def list_incidents(store: Store, flt: IncidentFilter | None = None) -> list[Incident]:
    with store.read() as session:
        return [_record(r) for r in repo.list_incident_rows(session, flt)]


def get_incident(store: Store, incident_id: str) -> IncidentDetail | None:
    """An incident with its claims and full history (including incidents merged into it)."""
    with store.read() as session:
        row = repo.get_incident_row(session, incident_id)
        if row is None:
            return None
        ids = repo.member_ids(session, row.id)
        claims = repo.claims_by_ids(session, ids)
        hist_ids = [row.id]
        for h in repo.history(session, [row.id]):
            hist_ids.extend(h.data.get("merged", []))
        hist = repo.history(session, hist_ids)
        return IncidentDetail(incident=_record(row, ids, hist), claims=tuple(claims))
