"""Heritage service functions: what the CLI calls now and the REST API will call later.

Every function takes the acting ``role`` (and ``actor``, who is acting) explicitly; none reads
them from the environment, so the web server can reuse the same checks. Writes need analyst or
admin; safe havens are admin business; secrets are decrypted only for roles in
:data:`tadmor.heritage.secrecy.READERS`, only when asked for, and every disclosure is written
to the ledger in the same transaction that reads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tadmor.heritage import alerts as alerts_mod
from tadmor.heritage import planner, registry, secrecy
from tadmor.heritage.records import (
    Alert,
    Condition,
    Custody,
    Evidence,
    HazardEvent,
    HeritageObject,
    RegistryError,
    Role,
    SafeHaven,
    Site,
)
from tadmor.heritage.secrecy import (
    HAVEN_LOCATION,
    LOCATION_CODE,
    AccessDenied,
    Cipher,
    context_of,
    may_read,
    require,
)
from tadmor.store import Store
from tadmor.store import heritage_repo as hrepo
from tadmor.store.repository import put_blob

WRITERS = frozenset({Role.ANALYST, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

__all__ = [
    "AccessDenied",
    "ImportSummary",
    "StoredPlan",
    "add_haven",
    "decide_alert",
    "export_registry",
    "import_objects",
    "import_sites",
    "list_alerts",
    "list_havens",
    "list_objects",
    "list_sites",
    "load_vehicles",
    "packing_list",
    "plan_evacuation",
    "refresh_alerts",
    "replan_evacuation",
    "sample_path",
    "set_condition",
    "set_custody",
]


def _cipher(cipher: Cipher | None) -> Cipher:
    return cipher if cipher is not None else secrecy.load_cipher()


def sample_path(name: str) -> Path:
    """A bundled sample file (``palmyra-sites.csv``, ``palmyra-museum-inventory.csv``)."""
    return Path(str(resources.files("tadmor.heritage") / "data" / name))


# --- registry --------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    secrets_skipped: int = 0  # location codes not stored for want of a key
    sha256: str = ""


def import_sites(store: Store, path: Path, *, role: Role, actor: str) -> ImportSummary:
    """Add or update sites from CSV or JSON; a changed condition is a ledgered change whose
    evidence is the imported file (by its SHA-256)."""
    require(role, WRITERS, "import sites")
    data = path.read_bytes()
    summary = ImportSummary(sha256=hashlib.sha256(data).hexdigest())
    parsed = []
    for i, row in enumerate(registry.read_rows(path), start=2):
        try:
            parsed.append(registry.site_from_row(row))
        except (RegistryError, ValueError) as exc:
            summary.errors.append(f"{path.name} row {i}: {exc}")
    sites = registry.merge_same_as(parsed)
    evidence = [Evidence(kind="file", id=summary.sha256, note=f"import of {path.name}")]
    with store.write() as session:
        sha = put_blob(session, data, _media_type(path))
        for s in sites:
            outcome = hrepo.upsert_site(session, s, actor=actor, role=role.value, evidence=evidence)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        from tadmor.store import ledger

        ledger.append(
            session,
            "heritage_import",
            actor,
            sha,
            {
                "what": "sites",
                "file": path.name,
                "added": summary.added,
                "updated": summary.updated,
                "role": role.value,
            },
        )
    return summary


def _redacted(path: Path, rows: Sequence[dict[str, Any]]) -> bytes:
    """The import file without its secret columns, in its own format."""
    secret = set(registry.SECRET_OBJECT_COLUMNS)
    clean = [{k: v for k, v in r.items() if k not in secret} for r in rows]
    if path.suffix.lower() == ".json":
        return json.dumps(clean, ensure_ascii=False, indent=2).encode("utf-8")
    columns = [c for c in (clean[0].keys() if clean else []) if c is not None]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(clean)
    return out.getvalue().encode("utf-8")


def _media_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def import_objects(
    store: Store,
    path: Path,
    *,
    role: Role,
    actor: str,
    cipher: Cipher | None = None,
    require_key: bool = False,
) -> ImportSummary:
    """Add or update objects from CSV or JSON. Location codes are encrypted before they reach
    the store; with no key they are not stored at all (counted in ``secrets_skipped``, or an
    error when ``require_key``). Photos named in ``photos`` (paths relative to the file) are
    preserved as blobs."""
    require(role, WRITERS, "import objects")
    data = path.read_bytes()
    summary = ImportSummary(sha256=hashlib.sha256(data).hexdigest())
    try:
        key = _cipher(cipher)
    except secrecy.KeyMissingError:
        if require_key:
            raise
        key = None
    rows = registry.read_rows(path)
    evidence = [Evidence(kind="file", id=summary.sha256, note=f"import of {path.name}")]
    with store.write() as session:
        # The file as imported would keep every location code in clear inside the store, so
        # the copy preserved is redacted; the ledger names both hashes.
        file_sha = put_blob(session, _redacted(path, rows), _media_type(path))
        for i, row in enumerate(rows, start=2):
            try:
                obj, code, photos = registry.object_from_row(row)
            except (RegistryError, ValueError) as exc:
                summary.errors.append(f"{path.name} row {i}: {exc}")
                continue
            if obj.site_id and hrepo.get_site(session, obj.site_id) is None:
                summary.errors.append(f"{path.name} row {i}: unknown site {obj.site_id!r}")
                continue
            shas = []
            for p in photos:
                photo = (path.parent / p).resolve()
                if not photo.is_file():
                    summary.errors.append(f"{path.name} row {i}: photo {p} not found")
                    continue
                shas.append(put_blob(session, photo.read_bytes(), _media_type(photo)))
            from dataclasses import replace

            obj = replace(obj, photos=tuple(shas) or obj.photos)
            enc: Any = hrepo.KEEP
            if code is not None:
                if key is None:
                    summary.secrets_skipped += 1
                else:
                    enc = key.encrypt(code, context_of("heritage_objects", obj.id, LOCATION_CODE))
            outcome = hrepo.upsert_object(
                session,
                obj,
                location_code_enc=enc,
                actor=actor,
                role=role.value,
                evidence=evidence,
            )
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        from tadmor.store import ledger

        ledger.append(
            session,
            "heritage_import",
            actor,
            file_sha,
            {
                "what": "objects",
                "file": path.name,
                "added": summary.added,
                "updated": summary.updated,
                "secrets_skipped": summary.secrets_skipped,
                "role": role.value,
            },
        )
    return summary


def list_sites(store: Store, *, role: Role, kind: str | None = None) -> list[Site]:
    """Sites are public knowledge (every role sees them, with their attribution)."""
    with store.read() as session:
        return hrepo.list_sites(session, kind)


def get_site(store: Store, site_id: str, *, role: Role) -> Site:
    with store.read() as session:
        site = hrepo.get_site(session, site_id)
    if site is None:
        raise RegistryError(f"no site {site_id!r} (see `tadmor heritage sites`)")
    return site


def _reveal_codes(
    session: Any,
    pairs: Sequence[tuple[HeritageObject, str | None]],
    *,
    role: Role,
    actor: str,
    reveal: bool,
    cipher: Cipher | None,
    purpose: str,
) -> list[HeritageObject]:
    from dataclasses import replace

    if not reveal:
        return [o for o, _ in pairs]
    if not may_read(role, LOCATION_CODE):
        raise AccessDenied(f"role {role.value!r} may not read location codes")
    key = _cipher(cipher)
    out, read = [], []
    for o, enc in pairs:
        if enc is None:
            out.append(o)
            continue
        code = key.decrypt(enc, context_of("heritage_objects", o.id, LOCATION_CODE))
        out.append(replace(o, location_code=code, restricted=()))
        read.append(o.id)
    if read:
        hrepo.audit_secret_read(
            session, actor=actor, role=role.value, field=LOCATION_CODE, ids=read, purpose=purpose
        )
    return out


def list_objects(
    store: Store,
    *,
    role: Role,
    actor: str,
    site_id: str | None = None,
    custody: Sequence[Custody] | None = None,
    reveal: bool = False,
    cipher: Cipher | None = None,
) -> list[HeritageObject]:
    """Objects; their location codes only when ``reveal`` and the role may (then audited)."""
    if not reveal:
        with store.read() as session:
            return [o for o, _ in hrepo.list_objects(session, site_id=site_id, custody=custody)]
    with store.write() as session:
        pairs = hrepo.list_objects(session, site_id=site_id, custody=custody)
        return _reveal_codes(
            session,
            pairs,
            role=role,
            actor=actor,
            reveal=True,
            cipher=cipher,
            purpose="object listing",
        )


def get_object(
    store: Store,
    key: str,
    *,
    role: Role,
    actor: str,
    reveal: bool = False,
    cipher: Cipher | None = None,
) -> HeritageObject:
    with store.write() if reveal else store.read() as session:
        found = hrepo.find_object(session, key)
        if found is None:
            raise RegistryError(f"no object {key!r}")
        return _reveal_codes(
            session,
            [found],
            role=role,
            actor=actor,
            reveal=reveal,
            cipher=cipher,
            purpose="object record",
        )[0]


def object_history(store: Store, key: str, *, role: Role) -> list[dict[str, Any]]:
    with store.read() as session:
        found = hrepo.find_object(session, key)
        if found is None:
            raise RegistryError(f"no object {key!r}")
        return [
            {
                "at": c.at.isoformat(),
                "field": c.field,
                "before": c.before,
                "after": c.after,
                "evidence": c.evidence.get("items", []),
                "actor": c.actor,
                "role": c.role,
                "ledger_seq": c.ledger_seq,
            }
            for c in hrepo.history(session, "object", found[0].id)
        ]


def export_registry(
    store: Store,
    what: str,
    fmt: str,
    *,
    role: Role,
    actor: str,
    include_secrets: bool = False,
    cipher: Cipher | None = None,
) -> bytes:
    """Sites or objects as CSV or JSON, recorded in the ledger with the bytes' SHA-256.
    Location codes appear only when an admin asks with ``include_secrets`` (and that read is
    audited); every other export lacks the column altogether."""
    if include_secrets:
        require(role, ADMINS, "export secrets")
    with store.write() as session:
        if what == "sites":
            rows = [registry.site_to_row(s) for s in hrepo.list_sites(session)]
            columns: Sequence[str] = registry.SITE_COLUMNS
        elif what == "objects":
            pairs = hrepo.list_objects(session)
            objs = _reveal_codes(
                session,
                pairs,
                role=role,
                actor=actor,
                reveal=include_secrets,
                cipher=cipher,
                purpose="export",
            )
            rows = [registry.object_to_row(o, include_secrets=include_secrets) for o in objs]
            columns = registry.OBJECT_COLUMNS + (
                registry.SECRET_OBJECT_COLUMNS if include_secrets else ()
            )
        else:
            raise RegistryError(f"unknown export {what!r} (sites or objects)")
        data = registry.render(rows, columns, fmt)
        hrepo.record_export(
            session,
            actor=actor,
            role=role.value,
            what=f"heritage {what}",
            sha256=hashlib.sha256(data).hexdigest(),
            details={"format": fmt, "records": len(rows), "secrets": include_secrets},
        )
    return data


def set_condition(
    store: Store,
    site_id: str,
    condition: Condition,
    *,
    evidence: Sequence[Evidence],
    role: Role,
    actor: str,
) -> None:
    require(role, WRITERS, "change a site's condition")
    if not evidence:
        raise RegistryError("a condition change needs its evidence (a claim, incident or note)")
    with store.write() as session:
        hrepo.set_site_condition(
            session, site_id, condition.validated(), evidence, actor=actor, role=role.value
        )


def set_custody(
    store: Store,
    key: str,
    custody: Custody,
    *,
    evidence: Sequence[Evidence],
    role: Role,
    actor: str,
    safe_haven_id: str | None = None,
    location_code: str | None = None,
    cipher: Cipher | None = None,
) -> HeritageObject:
    """Record a custody change (and optionally a new location code or haven) with evidence."""
    require(role, WRITERS, "change custody")
    if not evidence:
        raise RegistryError("a custody change needs its evidence (who saw it, which document)")
    enc: Any = hrepo.KEEP
    with store.write() as session:
        found = hrepo.find_object(session, key)
        if found is None:
            raise RegistryError(f"no object {key!r}")
        obj = found[0]
        if location_code is not None:
            enc = _cipher(cipher).encrypt(
                location_code, context_of("heritage_objects", obj.id, LOCATION_CODE)
            )
        hrepo.set_custody(
            session,
            obj.id,
            custody,
            safe_haven_id=safe_haven_id if safe_haven_id is not None else hrepo.KEEP,
            location_code_enc=enc,
            evidence=evidence,
            actor=actor,
            role=role.value,
        )
        updated = hrepo.find_object(session, obj.id)
    assert updated is not None
    return updated[0]


def add_haven(
    store: Store,
    haven_id: str,
    label: str,
    location: str,
    *,
    role: Role,
    actor: str,
    cipher: Cipher | None = None,
) -> None:
    require(role, ADMINS, "register a safe haven")
    enc = _cipher(cipher).encrypt(location, context_of("heritage_havens", haven_id, HAVEN_LOCATION))
    with store.write() as session:
        hrepo.put_haven(session, haven_id, label, enc, actor=actor, role=role.value)


def list_havens(
    store: Store,
    *,
    role: Role,
    actor: str,
    reveal: bool = False,
    cipher: Cipher | None = None,
) -> list[SafeHaven]:
    if reveal and not may_read(role, HAVEN_LOCATION):
        raise AccessDenied(f"role {role.value!r} may not read safe-haven locations")
    with store.write() if reveal else store.read() as session:
        rows = hrepo.list_havens(session)
        if not reveal:
            return [
                SafeHaven(i, label, None, (HAVEN_LOCATION,) if enc else ())
                for i, label, enc in rows
            ]
        key = _cipher(cipher)
        out = [
            SafeHaven(
                i,
                label,
                key.decrypt(enc, context_of("heritage_havens", i, HAVEN_LOCATION)) if enc else None,
            )
            for i, label, enc in rows
        ]
        hrepo.audit_secret_read(
            session,
            actor=actor,
            role=role.value,
            field=HAVEN_LOCATION,
            ids=[h.id for h in out if h.location],
            purpose="safe haven listing",
        )
        return out


# --- alerts ----------------------------------------------------------------------------------


def refresh_alerts(
    store: Store,
    *,
    role: Role,
    actor: str,
    radius_km: float = alerts_mod.DEFAULT_RADIUS_KM,
    events: Iterable[HazardEvent] | None = None,
    sources: Sequence[str] | None = None,
) -> list[Alert]:
    """Compute alerts from ``events`` (or from every registered hazard source: claims, and
    incidents once that module registers) and store them; decided alerts keep their decision.
    Returns the alerts computed in this run."""
    if events is None:
        registered = alerts_mod.hazard_sources()
        names = sources or list(registered)
        gathered: list[HazardEvent] = []
        for name in names:
            if name not in registered:
                raise RegistryError(f"no hazard source {name!r} ({', '.join(registered)})")
            gathered.extend(registered[name](store))
        events = gathered
    with store.read() as session:
        sites = hrepo.list_sites(session)
    computed = alerts_mod.compute_alerts(sites, events, radius_km=radius_km)
    if computed:
        with store.write() as session:
            hrepo.save_alerts(session, computed)
    return computed


def list_alerts(
    store: Store, *, role: Role, site_id: str | None = None, status: str | None = None
) -> list[Alert]:
    with store.read() as session:
        return hrepo.list_alerts(session, site_id=site_id, status=status)


def decide_alert(
    store: Store,
    alert_id: str,
    *,
    accept: bool,
    role: Role,
    actor: str,
    condition: Condition | None = None,
) -> Alert:
    """Confirm an alert (applying its proposed condition, or ``condition``, with the alert's
    evidence) or dismiss it. Both are ledgered."""
    require(role, WRITERS, "decide alerts")
    with store.write() as session:
        alert = hrepo.get_alert(session, alert_id)
        if alert is None:
            raise RegistryError(f"no alert {alert_id!r}")
        if accept:
            new = condition or alert.proposed_condition
            if new is not None:
                hrepo.set_site_condition(
                    session, alert.site_id, new, alert.evidence, actor=actor, role=role.value
                )
        hrepo.decide_alert(
            session,
            alert.id,
            "confirmed" if accept else "dismissed",
            actor=actor,
            role=role.value,
        )
        decided = hrepo.get_alert(session, alert.id)
    assert decided is not None
    return decided


# --- evacuation ------------------------------------------------------------------------------

_BOOL = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False, "": False}


def load_vehicles(path: Path) -> list[planner.Vehicle]:
    """Vehicles from JSON (a list of objects) or CSV with the columns id, capacity_kg,
    capacity_m3, round_trip_min, and optionally load_min, lifting_gear, first_departure_min,
    max_trips, destination, name."""
    rows = registry.read_rows(path)
    out = []
    for i, r in enumerate(rows, start=1):
        try:
            gear = r.get("lifting_gear", False)
            out.append(
                planner.Vehicle(
                    id=str(r["id"]),
                    capacity_kg=float(r["capacity_kg"]),
                    capacity_m3=float(r["capacity_m3"]),
                    round_trip_min=float(r["round_trip_min"]),
                    load_min=float(r.get("load_min") or 15),
                    lifting_gear=gear if isinstance(gear, bool) else _BOOL[str(gear).lower()],
                    first_departure_min=(
                        float(r["first_departure_min"]) if r.get("first_departure_min") else None
                    ),
                    max_trips=int(r["max_trips"]) if r.get("max_trips") else None,
                    destination=r.get("destination") or None,
                    name=str(r.get("name") or ""),
                )
            )
        except (KeyError, ValueError) as exc:
            raise RegistryError(f"{path.name} vehicle {i}: bad or missing {exc}") from None
    if len({v.id for v in out}) != len(out):
        raise RegistryError(f"{path.name}: vehicle ids must be unique")
    return out


def fleet_to_csv(vehicles: Sequence[planner.Vehicle]) -> str:
    out = io.StringIO()
    cols = [
        "id",
        "name",
        "capacity_kg",
        "capacity_m3",
        "round_trip_min",
        "load_min",
        "lifting_gear",
        "max_trips",
        "destination",
    ]
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for v in vehicles:
        w.writerow({c: getattr(v, c) if getattr(v, c) is not None else "" for c in cols})
    return out.getvalue()


def plan_objects(
    objects: Sequence[HeritageObject], threat: float
) -> tuple[list[planner.PlanObject], list[str]]:
    """The planner's view of registry objects; objects lacking weight or size are reported
    (they cannot be planned safely) rather than guessed."""
    out, missing = [], []
    for o in objects:
        if o.weight_kg is None or None in (o.height_cm, o.width_cm, o.depth_cm):
            missing.append(o.inventory_number)
            continue
        out.append(
            planner.PlanObject.from_description(
                o.id,
                object_type=o.object_type,
                weight_kg=o.weight_kg,
                height_cm=o.height_cm or 0.0,
                width_cm=o.width_cm or 0.0,
                depth_cm=o.depth_cm or 0.0,
                fragility=o.fragility,
                significance=o.significance,
                threat=float(o.data.get("threat", threat)),
                label=f"{o.inventory_number} {o.title}",
                vulnerability_override=o.data.get("vulnerability"),
            )
        )
    return out, missing


@dataclass(frozen=True)
class StoredPlan:
    id: str
    site_id: str
    problem: planner.PlanProblem
    plan: planner.Plan
    threat: int
    unplannable: tuple[str, ...] = ()
    parent_id: str | None = None


def _plan_id(site_id: str, problem: dict[str, Any]) -> str:
    stamp = dt.datetime.now(dt.UTC).isoformat()
    return hashlib.sha256(
        f"{site_id}|{stamp}|{json.dumps(problem, default=str)}".encode()
    ).hexdigest()[:16]


def plan_evacuation(
    store: Store,
    site_id: str,
    vehicles: Sequence[planner.Vehicle],
    deadline_min: float,
    *,
    role: Role,
    actor: str,
    crew: planner.Crew,
    threat: int | None = None,
    time_limit_s: float = 10.0,
    workers: int = 2,
) -> StoredPlan:
    """Plan the evacuation of a site's objects still in situ or packed, store the plan and
    ledger it. ``threat`` defaults to the site's alert level."""
    require(role, WRITERS, "plan an evacuation")
    with store.read() as session:
        site = hrepo.get_site(session, site_id)
        if site is None:
            raise RegistryError(f"no site {site_id!r}")
        level = threat or alerts_mod.site_threat(
            hrepo.list_alerts(session, site_id=site_id), site_id
        )
        pairs = hrepo.list_objects(
            session, site_id=site_id, custody=[Custody.IN_SITU, Custody.PACKED]
        )
    objs = [o for o, _ in pairs]
    plan_objs, missing = plan_objects(objs, level)
    packed = frozenset(o.id for o in objs if o.custody == Custody.PACKED)
    problem = planner.PlanProblem(
        tuple(plan_objs), tuple(vehicles), deadline_min, crew, prepacked=packed
    )
    plan = planner.solve(problem, time_limit_s=time_limit_s, workers=workers)
    return _store_plan(store, site_id, problem, plan, level, missing, None, role, actor)


def _store_plan(
    store: Store,
    site_id: str,
    problem: planner.PlanProblem,
    plan: planner.Plan,
    threat: int,
    missing: Sequence[str],
    parent: str | None,
    role: Role,
    actor: str,
) -> StoredPlan:
    pdict = planner.problem_to_dict(problem)
    pdict["threat"] = threat
    pdict["unplannable"] = list(missing)
    pid = _plan_id(site_id, pdict)
    with store.write() as session:
        hrepo.save_plan(
            session,
            plan_id=pid,
            site_id=site_id,
            parent_id=parent,
            actor=actor,
            role=role.value,
            status=plan.status,
            value=plan.value,
            bound=plan.bound,
            gap=plan.gap,
            problem=pdict,
            result=planner.plan_to_dict(plan),
        )
    return StoredPlan(pid, site_id, problem, plan, threat, tuple(missing), parent)


def get_plan(store: Store, plan_id: str, *, role: Role) -> StoredPlan:
    with store.read() as session:
        row = hrepo.get_plan(session, plan_id)
        if row is None:
            raise RegistryError(f"no evacuation plan {plan_id!r}")
        return StoredPlan(
            row.id,
            row.site_id,
            planner.problem_from_dict(row.problem),
            planner.plan_from_dict(row.result),
            int(row.problem.get("threat", alerts_mod.DEFAULT_THREAT)),
            tuple(row.problem.get("unplannable") or ()),
            row.parent_id,
        )


def replan_evacuation(
    store: Store,
    plan_id: str,
    *,
    lost_vehicles: Sequence[str],
    at_min: float,
    role: Role,
    actor: str,
    loaded: Iterable[str] | None = None,
    time_limit_s: float = 10.0,
    workers: int = 2,
) -> StoredPlan:
    """Re-plan at ``at_min`` after vehicles are lost. What is ``loaded`` (object ids or
    inventory numbers; by default the objects whose custody is ``packed``) stays on its
    surviving vehicle and trip; departed trips are kept; see :func:`planner.replan_problem`."""
    require(role, WRITERS, "re-plan an evacuation")
    old = get_plan(store, plan_id, role=role)
    with store.read() as session:
        if loaded is None:
            ids = {o.id for o, _ in hrepo.list_objects(session, custody=[Custody.PACKED])}
        else:
            ids = set()
            for key in loaded:
                found = hrepo.find_object(session, key)
                if found is None:
                    raise RegistryError(f"no object {key!r}")
                ids.add(found[0].id)
    problem = planner.replan_problem(
        old.problem, old.plan, lost_vehicles=lost_vehicles, at_min=at_min, loaded=ids
    )
    plan = planner.solve(problem, time_limit_s=time_limit_s, workers=workers)
    return _store_plan(
        store, old.site_id, problem, plan, old.threat, old.unplannable, old.id, role, actor
    )


def packing_list(
    store: Store,
    stored: StoredPlan,
    *,
    role: Role,
    actor: str,
    reveal: bool = False,
    cipher: Cipher | None = None,
) -> dict[str, Any]:
    """The plan as people on the ground use it: per vehicle and trip, what to load (with
    location codes for roles allowed, audited), what stays and how to protect it."""
    objs_by_id = {o.id: o for o in stored.problem.objects}
    with store.write() if reveal else store.read() as session:
        pairs = hrepo.list_objects(session, site_id=stored.site_id)
        pairs = [(o, e) for o, e in pairs if o.id in objs_by_id or o.id in stored.plan.lost]
        records = {
            o.id: o
            for o in _reveal_codes(
                session,
                pairs,
                role=role,
                actor=actor,
                reveal=reveal,
                cipher=cipher,
                purpose=f"packing list of plan {stored.id}",
            )
        }

    def item(oid: str) -> dict[str, Any]:
        o = records.get(oid)
        p = objs_by_id.get(oid)
        d: dict[str, Any] = {"id": oid}
        if o is not None:
            d.update(
                inventory_number=o.inventory_number,
                title=o.title,
                object_type=o.object_type,
                weight_kg=o.weight_kg,
            )
            if reveal and o.location_code is not None:
                d["location_code"] = o.location_code
        if p is not None:
            d.update(
                handling=p.handling,
                crew=p.crew_needed,
                priority=p.priority,
                volume_m3=round(p.volume_m3, 3),
            )
        return d

    vehicles = {v.id: v for v in stored.problem.vehicles}
    trips = []
    for t in sorted(stored.plan.trips, key=lambda t: (t.vehicle_id, t.trip)):
        v = vehicles.get(t.vehicle_id)
        trips.append(
            {
                "vehicle": t.vehicle_id,
                "vehicle_name": v.name if v else "",
                "destination": v.destination if v else None,
                "trip": t.trip,
                "departs_min": t.departs_min,
                "arrives_min": t.arrives_min,
                "weight_kg": t.weight_kg,
                "capacity_kg": v.capacity_kg if v else None,
                "volume_m3": t.volume_m3,
                "capacity_m3": v.capacity_m3 if v else None,
                "done": t.done,
                "items": [item(i) for i in t.object_ids],
            }
        )
    stays = []
    for oid in stored.plan.left_behind:
        o = records.get(oid)
        entry = item(oid)
        if o is not None:
            entry["protect_in_place"] = planner.protect_in_place(
                o.object_type, o.materials, o.weight_kg or 0.0, o.fragility
            )
        stays.append(entry)
    p = stored.plan
    return {
        "plan": stored.id,
        "parent": stored.parent_id,
        "site": stored.site_id,
        "status": p.status,
        "value": p.value,
        "bound": p.bound,
        "gap": p.gap,
        "seconds": round(p.seconds, 3),
        "threat": stored.threat,
        "deadline_min": stored.problem.deadline_min,
        "start_min": stored.problem.start_min,
        "crew": stored.problem.crew.size,
        "objects_considered": len(stored.problem.objects),
        "objects_carried": len(p.carried()),
        "trips": trips,
        "left_behind": stays,
        "lost": [item(i) for i in p.lost],
        "unplannable": list(stored.unplannable),
        "notes": list(p.notes),
        "location_codes": "shown" if reveal else "withheld",
    }


def check(stored: StoredPlan) -> list[planner.Violation]:
    return planner.check_plan(stored.problem, stored.plan)


def keygen(path: Path | None = None, *, overwrite: bool = False) -> Path:
    return secrecy.write_key_file(path, overwrite=overwrite)
