"""Heritage-at-risk alerts: a hazard event near a site, or naming it, puts the site at risk.

Alerts are computed from :class:`HazardEvent` records, never from claim or incident tables, so
the incidents module plugs in by registering a source (:func:`register_hazard_source`) that
yields them; claims are a source from the start.

Rules (each a documented choice an analyst can argue with):

* **near**: the event's point is within ``radius_km`` of the site. Only top-level sites get
  proximity alerts (a monument inside an archaeological site is covered by its parent's), and
  only events located to a town or nearer (ACLED geo-precision 1 or 2): a point coded to a
  region's centre says nothing about a site next to it.
* **named**: the event's heritage mention names the site (its name or an alias, the longest
  match wins), or names its kind ("the museum") when it is the only site of that kind within
  the radius.
* Conflict events only (not "not_conflict" claims, not negated ones), except that a heritage
  mention whose status is harm (destroyed, damaged, looted) or risk counts whatever the event.
* **threat level** 1-5 feeds the planner: 5 for combat, explosions and territory taken;
  4 for looting/destruction and attacks; 3 otherwise; minus one beyond half the radius;
  plus one when the site is named with a harm status; capped 1..5.
* **proposed condition** (named sites only): destroyed -> Destroyed, 91-100%; damaged or
  looted -> Poor; certainty from the grade (Confirmed High, Fair Medium, Weak Low, Contested
  Negligible, Discounted: none), one step lower when the source hedged. An analyst confirms.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tadmor.heritage.records import (
    CERTAINTIES,
    Alert,
    Condition,
    Evidence,
    HazardEvent,
    HeritageNamed,
    Site,
)

if TYPE_CHECKING:
    from tadmor.store import Store

DEFAULT_RADIUS_KM = 5.0
DEFAULT_THREAT = 3

_SEVERE = frozenset(
    {
        "GOV_REGAINS_TERIT",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "ARMED_CLASH",
        "CHEM_WEAP",
        "AIR_STRIKE",
        "SUIC_BOMB",
        "ART_MISS_ATTACK",
        "REM_EXPLOS",
        "GRENADE",
    }
)
_HIGH = frozenset({"PROPERTY_DISTRUCT", "ATTACK", "ABDUCT_DISSAP", "MOB_VIOL", "VIOL_DEMONSTR"})
_BENIGN = frozenset({"PEACE_PROTEST", "AGREEMENT", "not_conflict"})
_HARM = ("destroyed", "damaged", "looted")
_RISK = (*_HARM, "at_risk")

# Which registry site kinds a generic heritage noun can refer to.
_KIND_TARGETS: dict[str, tuple[str, ...]] = {
    "museum": ("museum",),
    "archaeological_site": ("archaeological_site",),
    "ruins": ("archaeological_site",),
    "old_city": ("old_city", "archaeological_site"),
    "temple": ("temple",),
    "monument": ("monument", "temple"),
    "citadel": ("citadel",),
    "religious_building": ("religious_building",),
}
_GRADE_CERTAINTY = {"Confirmed": "High", "Fair": "Medium", "Weak": "Low", "Contested": "Negligible"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _key(text: str) -> str:
    from tadmor.geo import name_key

    words = name_key(text).split()
    while words and words[0] in ("the", "a", "an", "priceless", "ancient"):
        words = words[1:]
    return " ".join(words)


def site_keys(site: Site) -> list[str]:
    """Matchable forms of a site's names: the name without any bracketed note, and aliases."""
    names = [site.name.split("(")[0], site.name, *site.aliases]
    keys = {_key(n) for n in names}
    return sorted((k for k in keys if len(k) >= 4), key=len, reverse=True)


# --- hazard sources --------------------------------------------------------------------------

HazardSource = Callable[["Store"], Iterable[HazardEvent]]
_SOURCES: dict[str, HazardSource] = {}


def register_hazard_source(name: str, source: HazardSource) -> None:
    """Register a producer of hazard events (the incidents module registers "incidents")."""
    _SOURCES[name] = source


def hazard_sources() -> dict[str, HazardSource]:
    return dict(_SOURCES)


def hazard_from_claim(row: Any) -> HazardEvent:
    """A claim row (``tadmor.store.models.ClaimRow``) as a hazard event; a single claim is
    graded Weak (Airwars: single-source claim)."""
    data = row.data or {}
    named = []
    for h in data.get("heritage") or []:
        span = h.get("span") or {}
        sspan = h.get("status_span") or {}
        named.append(
            HeritageNamed(
                text=span.get("text", ""),
                kind=h.get("kind", ""),
                status=h.get("status", "mentioned"),
                start=span.get("start"),
                end=span.get("end"),
                status_text=sspan.get("text") if sspan else None,
            )
        )
    sentence = (data.get("sentence") or {}).get("text")
    evidence = Evidence(
        kind="claim",
        id=row.id,
        report_id=row.report_id,
        text=sentence,
        start=row.sentence_start,
        end=row.sentence_end,
        origin=row.origin,
    )
    return HazardEvent(
        id=row.id,
        kind="claim",
        latitude=row.latitude,
        longitude=row.longitude,
        date=row.event_date,
        sub_event_type=None if row.negated else row.sub_event_type,
        grade="Weak",
        geo_precision=row.geo_precision,
        place_name=row.place_name,
        heritage=tuple(named),
        evidence=(evidence,),
        hedged=row.certainty not in ("asserted", "confirmed"),
    )


def claims_source(store: Store) -> list[HazardEvent]:
    from tadmor.store import repository as repo

    with store.read() as session:
        return [hazard_from_claim(r) for r in repo.list_claims(session)]


register_hazard_source("claims", claims_source)


def incidents_source(store: Store) -> list[HazardEvent]:
    """Corroborated incidents as hazard events, graded as the incidents module graded them;
    the evidence names the incident and each of its claims' sentences."""
    from tadmor.corroborate.service import get_incident, list_incidents
    from tadmor.store import repository as repo

    events = []
    for inc in list_incidents(store):
        if inc.latitude is None or inc.longitude is None:
            continue
        detail = get_incident(store, inc.id)
        claim_ids = sorted(detail.incident.claim_ids) if detail is not None else []
        with store.read() as session:
            rows = repo.claims_by_ids(session, claim_ids)
        claim_events = [hazard_from_claim(r) for r in rows]
        evidence = (
            Evidence(
                kind="incident",
                id=inc.id,
                text=inc.title,
                note=f"{inc.n_claims} claim(s), {inc.n_origins} origin(s)",
            ),
            *(e for ce in claim_events for e in ce.evidence),
        )
        events.append(
            HazardEvent(
                id=inc.id,
                kind="incident",
                latitude=inc.latitude,
                longitude=inc.longitude,
                date=inc.event_date,
                sub_event_type=inc.sub_event_type,
                grade=inc.grade.capitalize(),
                geo_precision=inc.geo_precision,
                place_name=inc.place_name,
                heritage=tuple(h for ce in claim_events for h in ce.heritage),
                evidence=evidence,
            )
        )
    return events


register_hazard_source("incidents", incidents_source)


def hazard_from_incident(incident: Any) -> HazardEvent:
    """Adapter for an incident record (duck-typed: id, latitude/lat, longitude/lon,
    date/start_date, sub_event_type, grade, evidence of dicts or spans), for the incidents
    module to use in its source until it builds HazardEvents itself."""

    def get(*names: str) -> Any:
        for n in names:
            if hasattr(incident, n):
                return getattr(incident, n)
            if isinstance(incident, dict) and n in incident:
                return incident[n]
        return None

    ev: list[Evidence] = []
    for e in get("evidence", "claims") or ():
        if isinstance(e, Evidence):
            ev.append(e)
        elif isinstance(e, dict):
            ev.append(Evidence(**{k: e[k] for k in Evidence.__dataclass_fields__ if k in e}))
        else:
            ev.append(Evidence(kind="claim", id=str(e)))
    return HazardEvent(
        id=str(get("id")),
        kind="incident",
        latitude=get("latitude", "lat"),
        longitude=get("longitude", "lon"),
        date=get("date", "start_date", "event_date"),
        sub_event_type=get("sub_event_type"),
        grade=get("grade"),
        geo_precision=get("geo_precision"),
        place_name=get("place_name", "location"),
        heritage=tuple(get("heritage") or ()),
        evidence=tuple(ev),
    )


# --- the rules -------------------------------------------------------------------------------


def alert_id(site_id: str, event_kind: str, event_id: str) -> str:
    return hashlib.sha256(f"{site_id}|{event_kind}|{event_id}".encode()).hexdigest()[:20]


def _match_named(
    event: HazardEvent, sites: Sequence[Site], near: dict[str, float], radius_km: float
) -> dict[str, HeritageNamed]:
    """Sites each heritage mention names: by name (longest key wins), else by kind when only
    one site of that kind is within the radius."""
    keyed = [(k, s) for s in sites for k in site_keys(s)]
    out: dict[str, HeritageNamed] = {}
    for h in event.heritage:
        text = _key(h.text)
        best = max(
            ((k, s) for k, s in keyed if f" {k} " in f" {text} "),
            key=lambda ks: len(ks[0]),
            default=None,
        )
        if best is not None and len(best[0]) > 0:
            out.setdefault(best[1].id, h)
            continue
        kinds = _KIND_TARGETS.get(h.kind, ())
        close = [s for s in sites if s.kind in kinds and near.get(s.id, math.inf) <= radius_km]
        tops = [s for s in close if s.parent_id is None] or close
        if len(tops) == 1:
            out.setdefault(tops[0].id, h)
    return out


def threat_level(
    event: HazardEvent, distance_km: float | None, radius_km: float, named: HeritageNamed | None
) -> int:
    sub = event.sub_event_type or ""
    level = 5 if sub in _SEVERE else 4 if sub in _HIGH else 3
    if distance_km is not None and distance_km > radius_km / 2:
        level -= 1
    if named is not None and named.status in _HARM:
        level += 1
    return max(1, min(5, level))


def propose_condition(event: HazardEvent, named: HeritageNamed) -> Condition | None:
    if named.status not in _HARM or event.grade == "Discounted":
        return None
    certainty = _GRADE_CERTAINTY.get(event.grade or "Weak", "Low")
    if event.hedged:
        certainty = CERTAINTIES[max(0, CERTAINTIES.index(certainty) - 1)]
    sub = event.sub_event_type or ""
    if named.status == "looted":
        cause = "Looting/illegal excavation"
    elif sub in ("AIR_STRIKE", "ART_MISS_ATTACK", "CHEM_WEAP", "SUIC_BOMB", "REM_EXPLOS"):
        cause = "Warfare: bombing/shelling"
    elif named.status == "destroyed":
        cause = "Deliberate destruction"
    else:
        cause = "Warfare: military activity"
    return Condition(
        overall="Destroyed" if named.status == "destroyed" else "Poor",
        damage_extent="91-100%" if named.status == "destroyed" else "Unknown",
        disturbance_causes=(cause,),
        certainty=certainty,
        threats=("Armed conflict",),
    ).validated()


def compute_alerts(
    sites: Sequence[Site], events: Iterable[HazardEvent], *, radius_km: float = DEFAULT_RADIUS_KM
) -> list[Alert]:
    """Every (site, event) pair that puts the site at risk, by the rules of this module."""
    out: list[Alert] = []
    for ev in events:
        conflict = bool(ev.sub_event_type) and ev.sub_event_type not in _BENIGN
        near: dict[str, float] = {}
        if ev.latitude is not None and ev.longitude is not None:
            for s in sites:
                if s.latitude is not None and s.longitude is not None:
                    near[s.id] = haversine_km(ev.latitude, ev.longitude, s.latitude, s.longitude)
        named = _match_named(ev, sites, near, radius_km)
        precise = ev.geo_precision is None or ev.geo_precision <= 2
        for s in sites:
            d = near.get(s.id)
            reasons: list[str] = []
            if conflict and precise and s.parent_id is None and d is not None and d <= radius_km:
                reasons.append("near")
            h = named.get(s.id)
            if h is not None and (conflict or h.status in _RISK):
                reasons.append("named")
            if not reasons:
                continue
            evidence = list(ev.evidence)
            if h is not None:
                evidence.append(
                    Evidence(
                        kind="mention",
                        id=ev.id,
                        report_id=ev.evidence[0].report_id if ev.evidence else None,
                        text=h.text,
                        start=h.start,
                        end=h.end,
                        note=f"{h.kind}: {h.status}"
                        + (f" ({h.status_text!r})" if h.status_text else ""),
                    )
                )
            out.append(
                Alert(
                    id=alert_id(s.id, ev.kind, ev.id),
                    site_id=s.id,
                    site_name=s.name,
                    event_kind=ev.kind,
                    event_id=ev.id,
                    event_date=ev.date,
                    reasons=tuple(reasons),
                    distance_km=None if d is None else round(d, 3),
                    grade=ev.grade,
                    sub_event_type=ev.sub_event_type,
                    threat_level=threat_level(ev, d, radius_km, h),
                    proposed_condition=propose_condition(ev, h) if h is not None else None,
                    evidence=tuple(evidence),
                )
            )
    return out


def site_threat(alerts: Iterable[Alert], site_id: str, default: int = DEFAULT_THREAT) -> int:
    """The planner's threat for a site: the highest level among its open or confirmed alerts,
    or ``default`` when it has none (a site being evacuated is presumed threatened)."""
    levels = [a.threat_level for a in alerts if a.site_id == site_id and a.status != "dismissed"]
    return max(levels) if levels else default
