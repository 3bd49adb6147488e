"""Store access for the heritage registry. Callers pass a session from :meth:`Store.write` or
:meth:`Store.read`.

Every change of a site's condition or an object's custody, and every read of a secret, writes
its ledger entry in the caller's transaction, so the change (or the disclosure) and its
custody record commit together or not at all. Secrets arrive here already encrypted: this
module never sees a key or a plaintext location.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tadmor.heritage.records import (
    Alert,
    Condition,
    Custody,
    Evidence,
    HeritageObject,
    Site,
)
from tadmor.store import ledger
from tadmor.store.models_heritage import (
    EvacuationPlan,
    HeritageAlert,
    HeritageChange,
    SafeHaven,
)
from tadmor.store.models_heritage import HeritageObject as ObjectRow
from tadmor.store.models_heritage import HeritageSite as SiteRow

KEEP: Any = object()  # "leave this secret as it is" (None clears it)


def _state_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(ledger.canonical_json(data).encode("utf-8")).hexdigest()


def _fingerprint(token: str | None) -> str | None:
    """A ciphertext's hash: lets the ledger show that a secret changed without holding it."""
    return None if token is None else hashlib.sha256(token.encode("ascii")).hexdigest()[:16]


def _record_change(
    session: Session,
    *,
    target_kind: str,
    target_id: str,
    field: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    evidence: Sequence[Evidence],
    actor: str,
    role: str,
) -> HeritageChange:
    ev = [e.as_dict() for e in evidence]
    entry = ledger.append(
        session,
        f"heritage_{field}",
        actor,
        _state_hash(after),
        {
            "target": f"{target_kind}:{target_id}",
            "before": before,
            "after": after,
            "evidence": ev,
            "role": role,
        },
    )
    row = HeritageChange(
        target_kind=target_kind,
        target_id=target_id,
        field=field,
        before=before,
        after=after,
        evidence={"items": ev},
        actor=actor,
        role=role,
        at=ledger.utc_now(),
        ledger_seq=entry.seq,
    )
    session.add(row)
    session.flush()
    return row


# --- sites -----------------------------------------------------------------------------------


def _site_record(row: SiteRow) -> Site:
    return Site(
        id=row.id,
        name=row.name,
        kind=row.kind,
        latitude=row.latitude,
        longitude=row.longitude,
        aliases=tuple(row.aliases or ()),
        geometry=row.geometry,
        parent_id=row.parent_id,
        period=row.period,
        designation=row.designation,
        condition=Condition(
            overall=row.overall_condition,
            damage_extent=row.damage_extent,
            disturbance_causes=tuple(row.disturbance_causes or ()),
            certainty=row.condition_certainty,
            threats=tuple(row.threats or ()),
        ),
        source=row.source,
        attribution=row.attribution,
        data=dict(row.data or {}),
    )


def _apply_condition(row: SiteRow, cond: Condition) -> None:
    row.overall_condition = cond.overall
    row.damage_extent = cond.damage_extent
    row.disturbance_causes = list(cond.disturbance_causes)
    row.condition_certainty = cond.certainty
    row.threats = list(cond.threats)


def upsert_site(
    session: Session, site: Site, *, actor: str, role: str, evidence: Sequence[Evidence] = ()
) -> str:
    """Add or update a site; a changed condition is recorded as a condition change.
    Returns "added", "updated" or "unchanged"."""
    now = ledger.utc_now()
    row = session.get(SiteRow, site.id)
    cond = site.condition.validated()
    if row is None:
        row = SiteRow(id=site.id, created_at=now, updated_at=now)
        _apply_condition(row, cond)
        status = "added"
    else:
        status = "unchanged"
    values = {
        "name": site.name,
        "kind": site.kind,
        "aliases": list(site.aliases),
        "latitude": site.latitude,
        "longitude": site.longitude,
        "geometry": site.geometry,
        "parent_id": site.parent_id,
        "period": site.period,
        "designation": site.designation,
        "source": site.source,
        "attribution": site.attribution,
        "data": dict(site.data),
    }
    for key, value in values.items():
        if getattr(row, key, None) != value:
            setattr(row, key, value)
            if status == "unchanged":
                status = "updated"
    if status == "added":
        session.add(row)
        session.flush()
    elif _site_record(row).condition != cond:
        set_site_condition(session, site.id, cond, evidence, actor=actor, role=role)
        status = "updated"
    if status != "unchanged":
        row.updated_at = now
    return status


def get_site(session: Session, site_id: str) -> Site | None:
    row = session.get(SiteRow, site_id)
    return _site_record(row) if row else None


def list_sites(session: Session, kind: str | None = None) -> list[Site]:
    q = select(SiteRow).order_by(SiteRow.id)
    if kind:
        q = q.where(SiteRow.kind == kind)
    return [_site_record(r) for r in session.execute(q).scalars()]


def set_site_condition(
    session: Session,
    site_id: str,
    condition: Condition,
    evidence: Sequence[Evidence],
    *,
    actor: str,
    role: str,
) -> HeritageChange:
    row = session.get(SiteRow, site_id)
    if row is None:
        raise KeyError(site_id)
    cond = condition.validated()
    before = _site_record(row).condition.as_dict()
    _apply_condition(row, cond)
    row.updated_at = ledger.utc_now()
    return _record_change(
        session,
        target_kind="site",
        target_id=site_id,
        field="condition",
        before=before,
        after=cond.as_dict(),
        evidence=evidence,
        actor=actor,
        role=role,
    )


# --- objects ---------------------------------------------------------------------------------

_OBJECT_FIELDS = (
    "inventory_number",
    "site_id",
    "object_type",
    "title",
    "subject",
    "date_period",
    "maker",
    "inscriptions",
    "distinguishing_features",
    "description",
    "height_cm",
    "width_cm",
    "depth_cm",
    "weight_kg",
    "fragility",
    "significance",
    "condition_note",
)


def _object_record(row: ObjectRow) -> HeritageObject:
    """The record without secrets: ``location_code`` is None and listed as restricted when
    there is one; the service decides whether to decrypt it."""
    return HeritageObject(
        id=row.id,
        materials=tuple(row.materials or ()),
        techniques=tuple(row.techniques or ()),
        photos=tuple(row.photos or ()),
        custody=Custody(row.custody_status),
        safe_haven_id=row.safe_haven_id,
        location_code=None,
        data=dict(row.data or {}),
        restricted=("location_code",) if row.location_code_enc else (),
        **{k: getattr(row, k) for k in _OBJECT_FIELDS},
    )


def _custody_state(row: ObjectRow) -> dict[str, Any]:
    return {
        "custody": row.custody_status,
        "safe_haven": row.safe_haven_id,
        "location_code": _fingerprint(row.location_code_enc),
    }


def upsert_object(
    session: Session,
    obj: HeritageObject,
    *,
    location_code_enc: str | None = KEEP,
    actor: str,
    role: str,
    evidence: Sequence[Evidence] = (),
) -> str:
    """Add or update an object. A custody difference on an existing object (status, haven or
    location code) goes through :func:`set_custody`, so it is ledgered with its evidence."""
    now = ledger.utc_now()
    row = session.get(ObjectRow, obj.id)
    status = "unchanged"
    if row is None:
        row = ObjectRow(
            id=obj.id,
            created_at=now,
            updated_at=now,
            custody_status=Custody(obj.custody).value,
            safe_haven_id=obj.safe_haven_id,
            location_code_enc=None if location_code_enc is KEEP else location_code_enc,
        )
        status = "added"
    values: dict[str, Any] = {k: getattr(obj, k) for k in _OBJECT_FIELDS}
    values.update(
        materials=list(obj.materials),
        techniques=list(obj.techniques),
        photos=list(obj.photos),
        data=dict(obj.data),
    )
    for key, value in values.items():
        if getattr(row, key, None) != value:
            setattr(row, key, value)
            if status == "unchanged":
                status = "updated"
    if status == "added":
        session.add(row)
        session.flush()
        return status
    new_code = row.location_code_enc if location_code_enc is KEEP else location_code_enc
    if (
        row.custody_status != Custody(obj.custody).value
        or row.safe_haven_id != obj.safe_haven_id
        or (location_code_enc is not KEEP and new_code != row.location_code_enc)
    ):
        set_custody(
            session,
            obj.id,
            Custody(obj.custody),
            safe_haven_id=obj.safe_haven_id,
            location_code_enc=location_code_enc,
            evidence=evidence,
            actor=actor,
            role=role,
        )
        status = "updated"
    if status != "unchanged":
        row.updated_at = now
    return status


def set_custody(
    session: Session,
    object_id: str,
    custody: Custody,
    *,
    safe_haven_id: str | None = KEEP,
    location_code_enc: str | None = KEEP,
    evidence: Sequence[Evidence],
    actor: str,
    role: str,
) -> HeritageChange:
    """Change where an object is and in whose hands; the ledger gets the before and after
    states with location codes as fingerprints of their ciphertext, never the code."""
    row = session.get(ObjectRow, object_id)
    if row is None:
        raise KeyError(object_id)
    before = _custody_state(row)
    row.custody_status = Custody(custody).value
    if safe_haven_id is not KEEP:
        if safe_haven_id is not None and session.get(SafeHaven, safe_haven_id) is None:
            raise KeyError(f"safe haven {safe_haven_id}")
        row.safe_haven_id = safe_haven_id
    if location_code_enc is not KEEP:
        row.location_code_enc = location_code_enc
    row.updated_at = ledger.utc_now()
    return _record_change(
        session,
        target_kind="object",
        target_id=object_id,
        field="custody",
        before=before,
        after=_custody_state(row),
        evidence=evidence,
        actor=actor,
        role=role,
    )


def find_object(session: Session, key: str) -> tuple[HeritageObject, str | None] | None:
    """By id or inventory number."""
    row = session.get(ObjectRow, key)
    if row is None:
        row = session.execute(
            select(ObjectRow).where(ObjectRow.inventory_number == key)
        ).scalar_one_or_none()
    return (_object_record(row), row.location_code_enc) if row else None


def list_objects(
    session: Session,
    *,
    site_id: str | None = None,
    custody: Sequence[Custody] | None = None,
    ids: Sequence[str] | None = None,
) -> list[tuple[HeritageObject, str | None]]:
    """Objects (without secrets) and their location-code ciphertexts, by inventory number."""
    q = select(ObjectRow).order_by(ObjectRow.inventory_number)
    if site_id:
        q = q.where(ObjectRow.site_id == site_id)
    if custody:
        q = q.where(ObjectRow.custody_status.in_([Custody(c).value for c in custody]))
    rows = list(session.execute(q).scalars())
    if ids is not None:
        wanted = set(ids)
        rows = [r for r in rows if r.id in wanted]
    return [(_object_record(r), r.location_code_enc) for r in rows]


def history(session: Session, target_kind: str, target_id: str) -> list[HeritageChange]:
    return list(
        session.execute(
            select(HeritageChange)
            .where(HeritageChange.target_kind == target_kind)
            .where(HeritageChange.target_id == target_id)
            .order_by(HeritageChange.id)
        ).scalars()
    )


# --- safe havens and secret reads ------------------------------------------------------------


def put_haven(
    session: Session, haven_id: str, label: str, location_enc: str | None, *, actor: str, role: str
) -> None:
    row = session.get(SafeHaven, haven_id)
    if row is None:
        session.add(
            SafeHaven(
                id=haven_id, label=label, location_enc=location_enc, created_at=ledger.utc_now()
            )
        )
    else:
        row.label, row.location_enc = label, location_enc
    ledger.append(
        session,
        "heritage_haven",
        actor,
        None,
        {"haven": haven_id, "label": label, "location": _fingerprint(location_enc), "role": role},
    )
    session.flush()


def list_havens(session: Session) -> list[tuple[str, str, str | None]]:
    """(id, label, location ciphertext) of every haven."""
    rows = session.execute(select(SafeHaven).order_by(SafeHaven.id)).scalars()
    return [(r.id, r.label, r.location_enc) for r in rows]


def audit_secret_read(
    session: Session,
    *,
    actor: str,
    role: str,
    field: str,
    ids: Iterable[str],
    purpose: str,
) -> None:
    """Record that secrets were disclosed: to whom, which field of which records, and why.
    Written in the transaction that reads them, so no disclosure goes unrecorded."""
    ledger.append(
        session,
        "heritage_secret_read",
        actor,
        None,
        {"field": field, "ids": sorted(set(ids)), "purpose": purpose, "role": role},
    )


def record_export(
    session: Session, *, actor: str, role: str, what: str, sha256: str, details: dict[str, Any]
) -> None:
    ledger.append(session, "export", actor, sha256, {"what": what, "role": role, **details})


# --- alerts ----------------------------------------------------------------------------------


def _alert_record(row: HeritageAlert, site_name: str) -> Alert:
    return Alert(
        id=row.id,
        site_id=row.site_id,
        site_name=site_name,
        event_kind=row.event_kind,
        event_id=row.event_id,
        event_date=row.event_date,
        reasons=tuple(row.reasons),
        distance_km=row.distance_km,
        grade=row.grade,
        sub_event_type=row.sub_event_type,
        threat_level=row.threat_level,
        proposed_condition=(
            Condition.from_dict(row.proposed_condition) if row.proposed_condition else None
        ),
        evidence=tuple(Evidence(**e) for e in row.evidence),
        status=row.status,
        decided_by=row.decided_by,
    )


def save_alerts(session: Session, alerts: Sequence[Alert]) -> int:
    """Insert new alerts and refresh open ones; an analyst's decision is never overwritten.
    Returns the number of new alerts."""
    new = 0
    for a in alerts:
        row = session.get(HeritageAlert, a.id)
        values = {
            "site_id": a.site_id,
            "event_kind": a.event_kind,
            "event_id": a.event_id,
            "event_date": a.event_date,
            "reasons": list(a.reasons),
            "distance_km": a.distance_km,
            "grade": a.grade,
            "sub_event_type": a.sub_event_type,
            "threat_level": a.threat_level,
            "proposed_condition": a.proposed_condition.as_dict() if a.proposed_condition else None,
            "evidence": [e.as_dict() for e in a.evidence],
        }
        if row is None:
            session.add(
                HeritageAlert(id=a.id, status="open", created_at=ledger.utc_now(), **values)
            )
            new += 1
        elif row.status == "open":
            for k, v in values.items():
                setattr(row, k, v)
    session.flush()
    return new


def list_alerts(
    session: Session, *, site_id: str | None = None, status: str | None = None
) -> list[Alert]:
    q = (
        select(HeritageAlert, SiteRow.name)
        .join(SiteRow, SiteRow.id == HeritageAlert.site_id)
        .order_by(HeritageAlert.threat_level.desc(), HeritageAlert.site_id, HeritageAlert.id)
    )
    if site_id:
        q = q.where(HeritageAlert.site_id == site_id)
    if status:
        q = q.where(HeritageAlert.status == status)
    return [_alert_record(row, name) for row, name in session.execute(q)]


def get_alert(session: Session, alert_id: str) -> Alert | None:
    row = session.get(HeritageAlert, alert_id)
    if row is None and len(alert_id) >= 4:
        rows = list(
            session.execute(
                select(HeritageAlert).where(HeritageAlert.id.startswith(alert_id)).limit(2)
            ).scalars()
        )
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        return None
    site = session.get(SiteRow, row.site_id)
    return _alert_record(row, site.name if site else row.site_id)


def decide_alert(session: Session, alert_id: str, status: str, *, actor: str, role: str) -> None:
    row = session.get(HeritageAlert, alert_id)
    if row is None:
        raise KeyError(alert_id)
    row.status = status
    row.decided_by = actor
    row.decided_at = ledger.utc_now()
    ledger.append(
        session,
        "heritage_alert",
        actor,
        None,
        {
            "alert": alert_id,
            "site": row.site_id,
            "event": row.event_id,
            "status": status,
            "role": role,
        },
    )


# --- evacuation plans ------------------------------------------------------------------------


def save_plan(
    session: Session,
    *,
    plan_id: str,
    site_id: str,
    parent_id: str | None,
    actor: str,
    role: str,
    status: str,
    value: float,
    bound: float,
    gap: float,
    problem: dict[str, Any],
    result: dict[str, Any],
) -> None:
    session.add(
        EvacuationPlan(
            id=plan_id,
            site_id=site_id,
            parent_id=parent_id,
            created_at=ledger.utc_now(),
            created_by=actor,
            status=status,
            value=value,
            bound=bound,
            gap=gap,
            problem=problem,
            result=result,
        )
    )
    ledger.append(
        session,
        "evacuation_plan",
        actor,
        _state_hash(result),
        {
            "plan": plan_id,
            "site": site_id,
            "parent": parent_id,
            "status": status,
            "value": value,
            "gap": gap,
            "role": role,
        },
    )
    session.flush()


def get_plan(session: Session, plan_id: str) -> EvacuationPlan | None:
    row = session.get(EvacuationPlan, plan_id)
    if row is None and len(plan_id) >= 4:
        rows = list(
            session.execute(
                select(EvacuationPlan).where(EvacuationPlan.id.startswith(plan_id)).limit(2)
            ).scalars()
        )
        row = rows[0] if len(rows) == 1 else None
    return row


def list_plans(session: Session, site_id: str | None = None) -> list[EvacuationPlan]:
    q = select(EvacuationPlan).order_by(EvacuationPlan.created_at)
    if site_id:
        q = q.where(EvacuationPlan.site_id == site_id)
    return list(session.execute(q).scalars())


def utc_now() -> dt.datetime:
    return ledger.utc_now()
