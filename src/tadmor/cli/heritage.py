"""``tadmor heritage`` (registry, alerts, secrets) and ``tadmor evacuate`` (planner) commands.

Thin: each command parses options, calls :mod:`tadmor.heritage.service` with the acting role
and prints. The role comes from ``--role`` or ``TADMOR_ROLE`` and defaults to ``viewer``, the
least privileged: a forgotten setting can hide secrets from someone entitled to them, never
show them to someone who is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tadmor.cli.common import DbOption, JsonOption, console, err, fail, open_store, print_json

RoleOption = Annotated[
    str,
    typer.Option(
        "--role",
        envvar="TADMOR_ROLE",
        help="Acting role: viewer (default), analyst or admin.",
    ),
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who is acting (default: $TADMOR_COLLECTOR/$USER).")
]
RevealOption = Annotated[
    bool,
    typer.Option("--reveal", help="Show location codes (analyst/admin; audited in the ledger)."),
]

heritage_app = typer.Typer(
    help="Heritage at risk: sites, objects, alerts, custody and secrets.", no_args_is_help=True
)
evacuate_app = typer.Typer(help="Plan the evacuation of a museum or site.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(heritage_app, name="heritage")
    app.add_typer(evacuate_app, name="evacuate")


def _role(value: str) -> Any:
    from tadmor.heritage.records import Role

    try:
        return Role(value.strip().lower())
    except ValueError:
        raise typer.BadParameter("viewer, analyst or admin", param_hint="--role") from None


def _actor(value: str | None) -> str:
    from tadmor.collect.service import default_collector

    return value or default_collector()


@contextmanager
def _errors() -> Iterator[None]:
    """Service errors as one line on stderr and a non-zero exit, never a traceback."""
    from tadmor.heritage.planner import PlanError
    from tadmor.heritage.records import RegistryError
    from tadmor.heritage.secrecy import AccessDenied, SecretError

    try:
        yield
    except AccessDenied as exc:
        raise fail(str(exc), 3) from None
    except (SecretError, RegistryError, PlanError, KeyError, FileNotFoundError) as exc:
        raise fail(str(exc).strip("'\"")) from None


def parse_duration(text: str) -> float:
    """Minutes from "6h", "90m", "1h30m" or a bare number of hours."""
    t = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t) * 60
    m = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?", t)
    if not m or not any(m.groups()):
        raise typer.BadParameter(f"cannot read {text!r} as a duration (e.g. 6h, 90m, 1h30m)")
    return float(m.group(1) or 0) * 60 + float(m.group(2) or 0)


def _credit(sites: list[Any]) -> None:
    credits = sorted({s.attribution for s in sites if s.attribution})
    for c in credits:
        console.print(f"[dim]Points: {c}[/dim]")


# --- registry --------------------------------------------------------------------------------


@heritage_app.command("sites")
def sites_cmd(
    kind: Annotated[str | None, typer.Option(help="Only this kind (museum, temple, ...).")] = None,
    role: RoleOption = "viewer",
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List heritage sites with their condition and the attribution of their points."""
    from tadmor.heritage import service
    from tadmor.heritage.registry import site_to_row

    sites = service.list_sites(open_store(db), role=_role(role), kind=kind)
    if json_out:
        print_json([site_to_row(s) for s in sites])
        return
    t = Table(title=f"{len(sites)} sites")
    for col in ("id", "name", "kind", "lat", "lon", "condition", "certainty"):
        t.add_column(col)
    for s in sites:
        t.add_row(
            s.id,
            s.name,
            s.kind,
            f"{s.latitude:.5f}" if s.latitude is not None else "",
            f"{s.longitude:.5f}" if s.longitude is not None else "",
            s.condition.overall,
            s.condition.certainty,
        )
    console.print(t)
    _credit(sites)


def _object_dict(o: Any) -> dict[str, Any]:
    from tadmor.heritage.registry import object_to_row

    d = object_to_row(o, include_secrets=o.location_code is not None)
    d["restricted"] = list(o.restricted)
    return d


@heritage_app.command("objects")
def objects_cmd(
    site: Annotated[str | None, typer.Option(help="Only objects of this site.")] = None,
    custody: Annotated[str | None, typer.Option(help="Only this custody status.")] = None,
    reveal: RevealOption = False,
    limit: Annotated[int, typer.Option(help="Rows to print (JSON prints all).")] = 50,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List movable objects (Object ID fields, weight, size, custody)."""
    from tadmor.heritage import service
    from tadmor.heritage.records import Custody

    with _errors():
        objs = service.list_objects(
            open_store(db),
            role=_role(role),
            actor=_actor(actor),
            site_id=site,
            custody=[Custody(custody)] if custody else None,
            reveal=reveal,
        )
    if json_out:
        print_json([_object_dict(o) for o in objs])
        return
    t = Table(title=f"{len(objs)} objects")
    cols = ["inventory", "type", "title", "kg", "size cm", "frag", "sig", "custody"]
    if reveal:
        cols.append("location")
    for c in cols:
        t.add_column(c)
    for o in objs[:limit]:
        size = "x".join(f"{v:g}" for v in (o.height_cm, o.width_cm, o.depth_cm) if v is not None)
        row = [
            o.inventory_number,
            o.object_type,
            o.title,
            f"{o.weight_kg or 0:g}",
            size,
            str(o.fragility),
            str(o.significance),
            o.custody.value,
        ]
        if reveal:
            row.append(o.location_code or "")
        t.add_row(*row)
    console.print(t)
    if len(objs) > limit:
        console.print(f"[dim]... {len(objs) - limit} more (--limit, --json)[/dim]")


@heritage_app.command("object")
def object_cmd(
    key: Annotated[str, typer.Argument(help="Object id or inventory number.")],
    reveal: RevealOption = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """One object, with its custody history."""
    from tadmor.heritage import service

    store = open_store(db)
    with _errors():
        o = service.get_object(store, key, role=_role(role), actor=_actor(actor), reveal=reveal)
        hist = service.object_history(store, key, role=_role(role))
    data = {**_object_dict(o), "history": hist}
    if json_out:
        print_json(data)
        return
    for k, v in data.items():
        if k != "history" and v not in (None, "", []):
            console.print(f"[bold]{k}[/bold]: {v}")
    for h in hist:
        console.print(f"  {h['at']}  {h['field']}: {h['before']} -> {h['after']}  by {h['actor']}")


@heritage_app.command("import")
def import_cmd(
    what: Annotated[str, typer.Argument(help="sites or objects")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or JSON file.")],
    require_key: Annotated[
        bool, typer.Option(help="Fail when no key is set instead of skipping location codes.")
    ] = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Import sites or objects (location codes are encrypted on the way in)."""
    from tadmor.heritage import service

    store = open_store(db)
    with _errors():
        if what == "sites":
            s = service.import_sites(store, path, role=_role(role), actor=_actor(actor))
        elif what == "objects":
            s = service.import_objects(
                store, path, role=_role(role), actor=_actor(actor), require_key=require_key
            )
        else:
            raise typer.BadParameter("sites or objects", param_hint="WHAT")
    for e in s.errors:
        err.print(f"error: {e}", markup=False)
    if json_out:
        print_json(s.__dict__)
    else:
        console.print(
            f"{what}: {s.added} added, {s.updated} updated, {s.unchanged} unchanged"
            + (f", {len(s.errors)} errors" if s.errors else "")
            + (
                f"; {s.secrets_skipped} location codes NOT stored (no key: "
                "`tadmor heritage keygen`)"
                if s.secrets_skipped
                else ""
            )
        )
    if s.errors:
        raise typer.Exit(1)


@heritage_app.command("export")
def export_cmd(
    what: Annotated[str, typer.Argument(help="sites or objects")],
    format: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default stdout).")
    ] = None,
    include_secrets: Annotated[
        bool, typer.Option("--include-secrets", help="Admin only: add location codes (audited).")
    ] = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Export the registry; secrets never, unless an admin asks explicitly."""
    import sys

    from tadmor.heritage import service

    with _errors():
        data = service.export_registry(
            open_store(db),
            what,
            format,
            role=_role(role),
            actor=_actor(actor),
            include_secrets=include_secrets,
        )
    if output:
        output.write_bytes(data)
        err.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


@heritage_app.command("condition")
def condition_cmd(
    site: Annotated[str, typer.Argument(help="Site id.")],
    overall: Annotated[str, typer.Option(help="Good, Fair, Poor, Very Bad, Destroyed, Unknown.")],
    evidence: Annotated[str, typer.Option(help="What shows it: a claim id or a note.")],
    extent: Annotated[str, typer.Option(help="EAMENA damage extent, e.g. 31-60%.")] = "Unknown",
    cause: Annotated[list[str] | None, typer.Option(help="Disturbance cause (repeatable).")] = None,
    certainty: Annotated[
        str, typer.Option(help="Negligible, Low, Medium, High, Definite.")
    ] = "Low",
    threat: Annotated[list[str] | None, typer.Option(help="Threat (repeatable).")] = None,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Record a site's condition (EAMENA terms) with its evidence."""
    from tadmor.heritage import service
    from tadmor.heritage.records import Condition

    with _errors():
        cond = Condition(overall, extent, tuple(cause or ()), certainty, tuple(threat or ()))
        service.set_condition(
            open_store(db),
            site,
            cond,
            evidence=[_evidence(evidence)],
            role=_role(role),
            actor=_actor(actor),
        )
    console.print(f"{site}: condition {cond.validated().overall} recorded")


def _evidence(text: str) -> Any:
    from tadmor.heritage.records import Evidence

    if re.fullmatch(r"[0-9a-f]{20}-\d{3}", text):
        return Evidence(kind="claim", id=text)
    return Evidence(kind="note", id="note", note=text)


@heritage_app.command("custody")
def custody_cmd(
    key: Annotated[str, typer.Argument(help="Object id or inventory number.")],
    status: Annotated[
        str,
        typer.Argument(help="in_situ, packed, in_transit, safe_haven, missing, damaged, destroyed"),
    ],
    evidence: Annotated[str, typer.Option(help="What shows it: a claim id or a note.")],
    haven: Annotated[str | None, typer.Option(help="Safe haven id.")] = None,
    location_code: Annotated[
        str | None, typer.Option(help="New location code (stored encrypted).")
    ] = None,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Record a custody change with its evidence (ledgered)."""
    from tadmor.heritage import service
    from tadmor.heritage.records import Custody

    with _errors():
        try:
            c = Custody(status)
        except ValueError:
            raise typer.BadParameter(", ".join(x.value for x in Custody)) from None
        o = service.set_custody(
            open_store(db),
            key,
            c,
            evidence=[_evidence(evidence)],
            role=_role(role),
            actor=_actor(actor),
            safe_haven_id=haven,
            location_code=location_code,
        )
    console.print(f"{o.inventory_number}: custody {o.custody.value}")


# --- secrets ---------------------------------------------------------------------------------


@heritage_app.command("keygen")
def keygen_cmd(
    path: Annotated[
        Path | None,
        typer.Option(help="Key file (default $TADMOR_KEY_FILE or ~/.config/tadmor/key)."),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Replace an existing key (its secrets become unreadable).")
    ] = False,
) -> None:
    """Create the key that encrypts location codes and safe havens (mode 0600, never in the DB)."""
    from tadmor.heritage import service

    with _errors():
        written = service.keygen(path, overwrite=force)
    console.print(f"key written to {written} (back it up offline: without it the secrets are lost)")


@heritage_app.command("havens")
def havens_cmd(
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Admin only: show where they are.")
    ] = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List safe havens (code names; locations for admins who ask, audited)."""
    from tadmor.heritage import service

    with _errors():
        havens = service.list_havens(
            open_store(db), role=_role(role), actor=_actor(actor), reveal=reveal
        )
    rows = [
        {"id": h.id, "label": h.label, "location": h.location, "restricted": list(h.restricted)}
        for h in havens
    ]
    if json_out:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} safe havens")
    for c in ("id", "label", "location"):
        t.add_column(c)
    for r in rows:
        t.add_row(str(r["id"]), str(r["label"]), str(r["location"] or "[dim]restricted[/dim]"))
    console.print(t)


@heritage_app.command("haven-add")
def haven_add_cmd(
    haven_id: Annotated[str, typer.Argument(help="Id, e.g. haven-1.")],
    label: Annotated[str, typer.Argument(help="Public code name.")],
    location: Annotated[str, typer.Argument(help="Where it is (stored encrypted).")],
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Register a safe haven (admin)."""
    from tadmor.heritage import service

    with _errors():
        service.add_haven(
            open_store(db), haven_id, label, location, role=_role(role), actor=_actor(actor)
        )
    console.print(f"safe haven {haven_id} ({label}) registered")


# --- alerts ----------------------------------------------------------------------------------


@heritage_app.command("alerts")
def alerts_cmd(
    refresh: Annotated[
        bool, typer.Option("--refresh/--no-refresh", help="Recompute from claims (and incidents).")
    ] = True,
    radius: Annotated[float, typer.Option(help="Proximity radius in km.")] = 5.0,
    site: Annotated[str | None, typer.Option(help="Only this site.")] = None,
    status: Annotated[str | None, typer.Option(help="open, confirmed or dismissed.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print.")] = 40,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Heritage-at-risk alerts: hazard events near a site or naming it, with their evidence."""
    from tadmor.heritage import service

    store = open_store(db)
    with _errors():
        if refresh:
            # Computing alerts changes no evidence: any role may refresh them.
            service.refresh_alerts(store, role=_role(role), actor=_actor(actor), radius_km=radius)
        alerts = service.list_alerts(store, role=_role(role), site_id=site, status=status)
    if json_out:
        print_json([_alert_dict(a) for a in alerts])
        return
    t = Table(title=f"{len(alerts)} heritage-at-risk alerts")
    for c in (
        "alert",
        "site",
        "why",
        "km",
        "threat",
        "event",
        "date",
        "grade",
        "proposed",
        "status",
        "evidence",
    ):
        t.add_column(c)
    for a in alerts[:limit]:
        ev = next(
            (e for e in a.evidence if e.kind == "mention"), a.evidence[0] if a.evidence else None
        )
        t.add_row(
            a.id[:10],
            a.site_name,
            "+".join(a.reasons),
            "" if a.distance_km is None else f"{a.distance_km:.1f}",
            str(a.threat_level),
            f"{a.event_kind} {a.event_id}",
            str(a.event_date or ""),
            a.grade or "",
            a.proposed_condition.overall if a.proposed_condition else "",
            a.status,
            ((ev.text or "")[:90] if ev else ""),
        )
    console.print(t)
    if len(alerts) > limit:
        console.print(f"[dim]... {len(alerts) - limit} more (--limit, --json)[/dim]")


def _alert_dict(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "site_id": a.site_id,
        "site": a.site_name,
        "reasons": list(a.reasons),
        "distance_km": a.distance_km,
        "threat_level": a.threat_level,
        "event_kind": a.event_kind,
        "event_id": a.event_id,
        "event_date": a.event_date,
        "grade": a.grade,
        "sub_event_type": a.sub_event_type,
        "proposed_condition": a.proposed_condition.as_dict() if a.proposed_condition else None,
        "status": a.status,
        "decided_by": a.decided_by,
        "evidence": [e.as_dict() for e in a.evidence],
    }


@heritage_app.command("confirm")
def confirm_cmd(
    alert: Annotated[str, typer.Argument(help="Alert id (or prefix).")],
    dismiss: Annotated[
        bool, typer.Option("--dismiss", help="Dismiss instead of confirming.")
    ] = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Confirm an alert (applies its proposed condition with its evidence) or dismiss it."""
    from tadmor.heritage import service

    with _errors():
        a = service.decide_alert(
            open_store(db), alert, accept=not dismiss, role=_role(role), actor=_actor(actor)
        )
    if json_out:
        print_json(_alert_dict(a))
    else:
        console.print(f"alert {a.id}: {a.status} ({a.site_name})")


# --- evacuation ------------------------------------------------------------------------------


def _print_plan(listing: dict[str, Any]) -> None:
    gap = listing["gap"]
    console.print(
        f"[bold]plan {listing['plan']}[/bold] for {listing['site']}: {listing['status']}, "
        f"priority carried {listing['value']:g} of at most {listing['bound']:g} "
        f"(gap {gap:.3%}), {listing['objects_carried']}/{listing['objects_considered']} "
        f"objects, threat {listing['threat']}, crew {listing['crew']}, deadline "
        f"{listing['deadline_min']:g} min; solved in {listing['seconds']} s"
    )
    for trip in listing["trips"]:
        t = Table(
            title=f"{trip['vehicle']} ({trip['vehicle_name']}) trip {trip['trip']}: departs "
            f"min {trip['departs_min']:g}, at haven min {trip['arrives_min']:g}, "
            f"{trip['weight_kg']:g}/{trip['capacity_kg']:g} kg, "
            f"{trip['volume_m3']:.2f}/{trip['capacity_m3']:g} m3"
            + (" [departed]" if trip["done"] else ""),
            title_justify="left",
        )
        cols = ["inventory", "title", "kg", "handling", "crew", "priority"]
        if listing["location_codes"] == "shown":
            cols.append("location")
        for c in cols:
            t.add_column(c)
        for it in trip["items"]:
            row = [
                it.get("inventory_number", it["id"]),
                it.get("title", ""),
                f"{it.get('weight_kg') or 0:g}",
                it.get("handling", ""),
                str(it.get("crew", "")),
                f"{it.get('priority', 0):g}",
            ]
            if listing["location_codes"] == "shown":
                row.append(it.get("location_code", ""))
            t.add_row(*row)
        console.print(t)
    stays = listing["left_behind"]
    t = Table(title=f"stays behind: {len(stays)} objects (protect in place)", title_justify="left")
    for c in ("inventory", "title", "kg", "priority", "protect in place"):
        t.add_column(c)
    for it in stays:
        t.add_row(
            it.get("inventory_number", it["id"]),
            it.get("title", ""),
            f"{it.get('weight_kg') or 0:g}",
            f"{it.get('priority', 0):g}",
            "; ".join(it.get("protect_in_place", [])[1:3]),
        )
    console.print(t)
    if listing["lost"]:
        console.print(f"[red]lost with a vehicle: {len(listing['lost'])} objects[/red]")
    if listing["unplannable"]:
        console.print(
            f"[yellow]not planned (no weight or size): {', '.join(listing['unplannable'])}[/yellow]"
        )


def _show(store: Any, stored: Any, role: Any, actor: str, reveal: bool, json_out: bool) -> None:
    from tadmor.heritage import service

    listing = service.packing_list(store, stored, role=role, actor=actor, reveal=reveal)
    if json_out:
        print_json(listing)
    else:
        _print_plan(listing)


@evacuate_app.command("plan")
def plan_cmd(
    site: Annotated[str, typer.Option("--site", help="Site id (e.g. palmyra-museum).")],
    vehicles: Annotated[
        Path,
        typer.Option(
            "--vehicles",
            exists=True,
            dir_okay=False,
            help="Vehicles CSV or JSON (see `evacuate fleet`).",
        ),
    ],
    deadline: Annotated[str, typer.Option("--deadline", help="Time left, e.g. 6h or 90m.")],
    crew: Annotated[int, typer.Option("--crew", help="People packing and loading.")] = 24,
    lifting_gear: Annotated[
        bool,
        typer.Option(help="The crew has lifting gear (crane, gantry): any vehicle can take >1 t."),
    ] = False,
    threat: Annotated[
        int | None, typer.Option(min=1, max=5, help="Threat 1-5 (default: from alerts).")
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Solver seconds.")] = 10.0,
    reveal: RevealOption = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Choose which objects go, in which vehicle and trip, before the deadline."""
    from tadmor.heritage import service
    from tadmor.heritage.planner import Crew

    store = open_store(db)
    r, a = _role(role), _actor(actor)
    with _errors():
        fleet = service.load_vehicles(vehicles)
        stored = service.plan_evacuation(
            store,
            site,
            fleet,
            parse_duration(deadline),
            role=r,
            actor=a,
            crew=Crew(crew, lifting_gear),
            threat=threat,
            time_limit_s=time_limit,
        )
        _show(store, stored, r, a, reveal, json_out)


@evacuate_app.command("replan")
def replan_cmd(
    plan: Annotated[str, typer.Argument(help="Plan id (or prefix).")],
    lost: Annotated[list[str], typer.Option("--lost", help="Lost vehicle id (repeatable).")],
    at: Annotated[str, typer.Option("--at", help="Time since the plan started, e.g. 2h.")],
    loaded: Annotated[
        list[str] | None,
        typer.Option(
            "--loaded", help="Object already loaded (repeatable; default: custody 'packed')."
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Solver seconds.")] = 10.0,
    reveal: RevealOption = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Re-plan after a vehicle is lost; what is already loaded stays where it is."""
    from tadmor.heritage import service

    store = open_store(db)
    r, a = _role(role), _actor(actor)
    with _errors():
        stored = service.replan_evacuation(
            store,
            plan,
            lost_vehicles=lost,
            at_min=parse_duration(at),
            role=r,
            actor=a,
            loaded=loaded,
            time_limit_s=time_limit,
        )
        _show(store, stored, r, a, reveal, json_out)


@evacuate_app.command("show")
def show_cmd(
    plan: Annotated[str, typer.Argument(help="Plan id (or prefix).")],
    reveal: RevealOption = False,
    role: RoleOption = "viewer",
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Print a stored plan's packing lists and what stays behind."""
    from tadmor.heritage import service

    store = open_store(db)
    r, a = _role(role), _actor(actor)
    with _errors():
        stored = service.get_plan(store, plan, role=r)
        _show(store, stored, r, a, reveal, json_out)


@evacuate_app.command("fleet")
def fleet_cmd() -> None:
    """Print an example vehicles CSV to start from."""
    from tadmor.heritage import service, synthetic

    typer.echo(service.fleet_to_csv(synthetic.example_fleet()), nl=False)
