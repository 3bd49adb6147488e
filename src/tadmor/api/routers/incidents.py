"""Incidents: list, map layer, counts, timeline, detail with claims side by side and history,
and the review decisions (regrade, accept, reject, merge, split), which the corroboration
stage carries out through :mod:`tadmor.api.incidents_ops`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy.orm import Session

from tadmor.api import auth, incidents_ops
from tadmor.api.cache import cached_json
from tadmor.api.deps import FiltersDep, Paging, PagingDep, SettingsDep, StoreDep, not_found, page
from tadmor.api.records import history_record, incident_detail, incident_summary, marks
from tadmor.api.restrict import Redactor
from tadmor.api.schemas import (
    Counts,
    DecisionOut,
    FeatureCollection,
    IncidentDetail,
    IncidentOut,
    MergeIn,
    Page,
    Problem,
    ReasonIn,
    RegradeIn,
    SplitIn,
    TimelineBin,
)
from tadmor.publish.claims import claim_record
from tadmor.store import Store
from tadmor.store import server_repo as srv

router = APIRouter(prefix="/api", tags=["incidents"])
Viewer = Annotated[auth.Principal, Depends(auth.viewer)]
Analyst = Annotated[auth.Principal, Depends(auth.analyst)]
Q = Annotated[str | None, Query(max_length=200, description="Words in the title.")]


def _page(
    request: Request, store: Store, who: auth.Principal, flt: srv.IncidentQuery, paging: Paging
) -> Response:
    hide = not who.sees_restricted

    def build(session: Session) -> Page[IncidentOut]:
        rows, more = srv.query_incidents(session, flt, hide_restricted=hide)
        red = Redactor.load(session, active=hide, incident_ids=[r.id for r in rows])
        items = [red.incident(incident_summary(r)) for r in rows]
        return Page[IncidentOut].model_validate(page(list(items), paging, more))

    return cached_json(request, store, who, build)


@router.get("/incidents", response_model=Page[IncidentOut])
def list_incidents(
    request: Request,
    store: StoreDep,
    who: Viewer,
    paging: PagingDep,
    filters: FiltersDep,
    q: Q = None,
) -> Response:
    flt = filters.incidents(q=q, limit=paging.limit, offset=paging.offset)
    return _page(request, store, who, flt, paging)


@router.get("/review", response_model=Page[IncidentOut])
def review_queue(
    request: Request,
    store: StoreDep,
    who: Analyst,
    paging: PagingDep,
    filters: FiltersDep,
    q: Q = None,
) -> Response:
    """Incidents whose grade no analyst has set yet, most contradicted first."""
    flt = filters.incidents(q=q, unreviewed=True, limit=paging.limit, offset=paging.offset)
    return _page(request, store, who, flt, paging)


@router.get("/incidents/map", response_model=FeatureCollection)
def incident_map(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    who: Viewer,
    filters: FiltersDep,
    q: Q = None,
) -> Response:
    """Located incidents as GeoJSON points (newest first, capped), for the map."""
    hide = not who.sees_restricted
    cap = settings.map_cap

    def build(session: Session) -> FeatureCollection:
        rows = srv.map_incidents(session, filters.incidents(q=q), hide_restricted=hide, cap=cap + 1)
        red = Redactor.load(session, active=hide, incident_ids=[r.id for r in rows[:cap]])
        return _features(rows, red, cap)

    return cached_json(request, store, who, build)


def _features(rows: list[Any], red: Redactor, cap: int) -> FeatureCollection:
    features = []
    for r in rows[:cap]:
        rec = red.incident(incident_summary(r))
        if rec["latitude"] is None or rec["longitude"] is None:
            continue  # a restricted location is not drawn at all
        features.append(
            {
                "type": "Feature",
                "id": r.id,
                "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
                "properties": {
                    k: rec[k]
                    for k in (
                        "id",
                        "title",
                        "grade",
                        "event_type",
                        "event_date",
                        "fatalities",
                        "n_claims",
                    )
                },
            }
        )
    body = {"type": "FeatureCollection", "features": features, "truncated": len(rows) > cap}
    return FeatureCollection.model_validate(body)


@router.get("/incidents/counts", response_model=Counts)
def incident_counts(
    request: Request,
    store: StoreDep,
    who: Viewer,
    filters: FiltersDep,
    q: Q = None,
) -> Response:
    def build(session: Session) -> Counts:
        counts = srv.incident_counts(
            session, filters.incidents(q=q), hide_restricted=not who.sees_restricted
        )
        return Counts.model_validate(counts)

    return cached_json(request, store, who, build)


@router.get("/incidents/timeline", response_model=list[TimelineBin])
def incident_timeline(
    request: Request,
    store: StoreDep,
    who: Viewer,
    filters: FiltersDep,
    q: Q = None,
) -> Response:
    def build(session: Session) -> list[Any]:
        bins = srv.incident_timeline(
            session, filters.incidents(q=q), hide_restricted=not who.sees_restricted
        )
        return [{"date": d.isoformat(), "count": n} for d, n in bins]

    return cached_json(request, store, who, build)


@router.get(
    "/incidents/{incident_id}", response_model=IncidentDetail, responses={404: {"model": Problem}}
)
def get_incident(incident_id: str, request: Request, store: StoreDep, who: Viewer) -> Response:
    hide = not who.sees_restricted

    def build(session: Session) -> IncidentDetail:
        row = srv.get_incident(session, incident_id, hide_restricted=hide)
        if row is None:
            raise not_found()
        members = srv.incident_members(session, row.id)
        claims = [(c, outlet) for _m, c, outlet in members if c is not None]
        report_ids = sorted({m.report_id for m, _c, _o in members})
        reports = srv.report_texts(session, report_ids)
        anns = {rid: dict(a) for rid, a in srv.annotations_of(session, list(reports)).items()}
        history = srv.incident_history(session, row.id)
        red = Redactor.load(
            session, active=hide, claims=claims, report_ids=report_ids, incident_ids=[row.id]
        )
        rec = red.incident(incident_detail(row))
        rec["claims"] = [red.claim(claim_record(c, outlet)) for c, outlet in claims]
        rec["reports"] = []
        for rid in report_ids:
            rep = reports.get(rid)
            if rep is None:
                continue
            excerpt: dict[str, Any] = {
                "id": rep.id,
                "title": rep.title,
                "source": rep.source,
                "published": rep.published,
                "text": rep.text,
            }
            ann = anns[rid]
            red.report(excerpt, ann)
            excerpt.pop("restrictions", None)
            excerpt["marks"] = marks(ann)
            rec["reports"].append(excerpt)
        rec["history"] = [history_record(h) for h in history]
        return IncidentDetail.model_validate(rec)

    return cached_json(request, store, who, build)


def _decide(fn_name: str, run: object) -> DecisionOut:
    try:
        result = run() if callable(run) else None
    except incidents_ops.IncidentsUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    except incidents_ops.IncidentOpError as exc:
        raise HTTPException(422, f"{fn_name}: {exc}") from None
    return DecisionOut(incidents=list(result or []))


def _existing(store: Store, incident_id: str) -> str:
    """The incident's current grade; 404 when there is no such incident."""
    with store.read() as session:
        row = srv.get_incident(session, incident_id, hide_restricted=False)
    if row is None:
        raise not_found()
    return row.grade


@router.post(
    "/incidents/{incident_id}/grade",
    response_model=DecisionOut,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def regrade(incident_id: str, body: RegradeIn, store: StoreDep, who: Analyst) -> DecisionOut:
    """Set the grade, with the reason; recorded in the incident's history and the ledger."""
    _existing(store, incident_id)

    def run() -> list[str]:
        incidents_ops.regrade(
            store, incident_id, body.grade, reason=body.reason, actor=who.username
        )
        return [incident_id]

    return _decide("regrade", run)


@router.post(
    "/incidents/{incident_id}/accept",
    response_model=DecisionOut,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def accept(incident_id: str, body: ReasonIn, store: StoreDep, who: Analyst) -> DecisionOut:
    """Keep the proposed grade, as an analyst's decision (it leaves the review queue)."""
    grade = _existing(store, incident_id)

    def run() -> list[str]:
        incidents_ops.regrade(store, incident_id, grade, reason=body.reason, actor=who.username)
        return [incident_id]

    return _decide("accept", run)


@router.post(
    "/incidents/{incident_id}/reject",
    response_model=DecisionOut,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def reject(incident_id: str, body: ReasonIn, store: StoreDep, who: Analyst) -> DecisionOut:
    """Discount the incident (Airwars: combatants harmed, or another party responsible)."""
    _existing(store, incident_id)

    def run() -> list[str]:
        incidents_ops.regrade(
            store, incident_id, "discounted", reason=body.reason, actor=who.username
        )
        return [incident_id]

    return _decide("reject", run)


@router.post(
    "/incidents/merge",
    response_model=DecisionOut,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def merge(body: MergeIn, store: StoreDep, who: Analyst) -> DecisionOut:
    """Merge incidents that are one event."""
    for iid in body.incident_ids:
        _existing(store, iid)
    return _decide(
        "merge",
        lambda: incidents_ops.merge(
            store, body.incident_ids, reason=body.reason, actor=who.username
        ),
    )


@router.post(
    "/incidents/{incident_id}/split",
    response_model=DecisionOut,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def split(incident_id: str, body: SplitIn, store: StoreDep, who: Analyst) -> DecisionOut:
    """Move the named claims out into an incident of their own."""
    _existing(store, incident_id)
    return _decide(
        "split",
        lambda: incidents_ops.split(
            store, incident_id, body.claim_ids, reason=body.reason, actor=who.username
        ),
    )
