"""Incident commands: list, show, merge, split, grade, regroup, the source registry, exports,
and ``tadmor eval incidents``. Thin: each calls :mod:`tadmor.corroborate.service`."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tadmor.cli.common import (
    DbOption,
    JsonOption,
    console,
    fail,
    open_store,
    parse_date_option,
    print_json,
)

ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Who decides (default: $USER).", show_default=False)
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept in the ledger).")]


def _actor(actor: str | None) -> str:
    from tadmor.collect.service import default_collector

    return actor or default_collector()


def incidents(
    since: Annotated[str | None, typer.Option(help="Incident on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="Incident on or before.")] = None,
    grade: Annotated[str | None, typer.Option(help="confirmed, fair, weak, ...")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Event type or sub-event type code.")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place name.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code.")] = None,
    min_sources: Annotated[
        int | None, typer.Option(help="At least this many independent sources.")
    ] = None,
    contradictions: Annotated[
        bool, typer.Option("--contradictions", help="Only incidents with contradictions.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    format: Annotated[
        str, typer.Option("--format", help="table, json, csv, acled-csv or geojson.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write an export file (ledgered).")
    ] = None,
    regroup: Annotated[
        bool, typer.Option("--regroup", help="Rebuild all incidents first (keeps decisions).")
    ] = False,
    actor: ActorOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """List incidents: claims grouped across reports, graded, with their independent sources."""
    from tadmor.corroborate import service
    from tadmor.corroborate.exports import INCIDENT_FORMATS, export_incidents, render_incidents

    fmt = "json" if json_out else format
    if fmt not in INCIDENT_FORMATS:
        raise typer.BadParameter(f"one of {', '.join(INCIDENT_FORMATS)}", param_hint="--format")
    store = open_store(db)
    if regroup:
        service.regroup(store, actor=_actor(actor))
    s = parse_date_option(since, "--since")
    u = parse_date_option(until, "--until")
    flt = service.IncidentFilter(
        since=s.date() if s else None,
        until=u.date() if u else None,
        grade=grade.lower() if grade else None,
        event_type=type,
        place=place,
        country=country,
        min_sources=min_sources,
        contradictions=contradictions,
        limit=limit,
    )
    found = service.list_incidents(store, flt)
    if output is not None:
        if fmt == "table":
            raise typer.BadParameter("choose an export --format with -o", param_hint="--format")
        data, sha = export_incidents(
            store, fmt, found, destination=str(output), actor=_actor(actor)
        )
        output.write_bytes(data)
        console.print(f"wrote {len(found)} incident(s) to {output} (sha256 {sha[:16]})")
        return
    if fmt != "table":
        sys.stdout.buffer.write(render_incidents(fmt, found))
        return
    table = Table(title=f"{len(found)} incident(s)")
    for col in (
        "id",
        "date",
        "event",
        "place",
        "killed",
        "grade",
        "cred",
        "origins",
        "outlets",
        "!",
    ):
        table.add_column(col, overflow="fold")
    for inc in found:
        table.add_row(
            inc.id,
            inc.event_date.isoformat() if inc.event_date else "",
            inc.sub_event_type,
            inc.place_name or "",
            "" if inc.fatalities is None else str(inc.fatalities),
            inc.grade + ("*" if inc.grade_by == "analyst" else ""),
            str(inc.credibility),
            str(inc.n_origins),
            str(inc.n_outlets),
            str(inc.n_contradictions or ""),
        )
    console.print(table)


def incident(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or a unique prefix).")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """One incident: its claims by source on a timeline, figures, contradictions, history."""
    from tadmor.corroborate import service
    from tadmor.corroborate.exports import incident_dict

    detail = service.get_incident(open_store(db), incident_id)
    if detail is None:
        raise fail(f"no incident {incident_id!r} (see `tadmor incidents`)")
    inc = detail.incident
    if json_out:
        print_json({**incident_dict(inc), "claims": [asdict(c) for c in detail.claims]})
        return
    console.print(f"[bold]{inc.id}[/bold]  {inc.title}")
    console.print(
        f"grade [bold]{inc.grade}[/bold] ({inc.grade_by}), credibility {inc.credibility}; "
        f"{inc.n_claims} claims, {inc.n_reports} reports, {inc.n_origins} independent "
        f"source(s), {inc.n_outlets} outlet(s)"
    )
    for src in inc.data.get("sources", []):
        console.print(
            f"  source {src['name']} [{src['kind']}, {src['reliability']}] via "
            f"{', '.join(src['outlets']) or '-'}"
        )
    for kind, fig in inc.data.get("figures", {}).items():
        console.print(
            f"  {kind}: {fig['value']} ({fig['grade']}{', disputed' if fig['disputed'] else ''};"
            f" from {fig['chosen']['source'] if fig['chosen'] else '-'})"
        )
    timeline = Table(title="claims by source")
    for col in ("date", "source", "outlet", "event", "figures", "sentence"):
        timeline.add_column(col, overflow="fold")
    from tadmor.corroborate.independence import source_of
    from tadmor.corroborate.sources import Registry

    registry = Registry()
    for c in sorted(detail.claims, key=lambda c: (c.event_date or c.published or "", c.order)):
        timeline.add_row(
            str(c.event_date or ""),
            source_of(c, registry)[1],
            c.outlet or "",
            c.sub_event_type,
            ", ".join(f"{f.kind} {f.low}" + ("+" if f.high is None else "") for f in c.figures),
            c.sentence[:160],
        )
    console.print(timeline)
    for con in inc.data.get("contradictions", []):
        console.print(f"[red]{con['kind']}[/red]: {con['summary']}")
        console.print(f"    a: {con['a']['text'][:160]!r} ({con['a']['report_id'][:8]})")
        console.print(f"    b: {con['b']['text'][:160]!r} ({con['b']['report_id'][:8]})")
    console.print("[bold]history[/bold]")
    for h in inc.history:
        console.print(
            f"  {h.at.isoformat(timespec='seconds')} {h.kind} by {h.actor}"
            f"{f' (ledger {h.ledger_seq})' if h.ledger_seq else ''}: {h.data}"
        )


def merge(
    incident_ids: Annotated[list[str], typer.Argument(help="Incidents; the first one is kept.")],
    reason: ReasonOption,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Merge incidents (an analyst decision: ledgered, kept across regrouping)."""
    from tadmor.corroborate import service

    try:
        kept = service.merge(open_store(db), incident_ids, actor=_actor(actor), reason=reason)
    except service.IncidentError as exc:
        raise fail(str(exc)) from None
    console.print(f"merged into {kept}")


def split(
    incident_id: Annotated[str, typer.Argument(help="The incident to split.")],
    reason: ReasonOption,
    claim: Annotated[list[str] | None, typer.Option(help="A claim id to move out.")] = None,
    report: Annotated[list[str] | None, typer.Option(help="Move out this report's claims.")] = None,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Move claims out of an incident into a new one (ledgered, kept across regrouping)."""
    from tadmor.corroborate import service

    try:
        new = service.split(
            open_store(db),
            incident_id,
            claim_ids=claim or [],
            report_ids=report or [],
            actor=_actor(actor),
            reason=reason,
        )
    except service.IncidentError as exc:
        raise fail(str(exc)) from None
    console.print(f"split off {new}")


def grade(
    incident_id: Annotated[str, typer.Argument(help="The incident.")],
    to: Annotated[str, typer.Option("--to", help="confirmed|fair|weak|contested|discounted|auto")],
    reason: ReasonOption,
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Override an incident's grade with a reason (``--to auto`` returns it to the proposal)."""
    from tadmor.corroborate import service

    try:
        inc = service.set_grade(open_store(db), incident_id, to, actor=_actor(actor), reason=reason)
    except service.IncidentError as exc:
        raise fail(str(exc)) from None
    console.print(f"{inc.id}: {inc.grade} ({inc.grade_by})")


sources_app = typer.Typer(help="The registry of origins and outlets.", no_args_is_help=True)


@sources_app.command("list")
def sources_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Registry entries (sources not listed are F: cannot be judged)."""
    from tadmor.corroborate import service

    entries = service.sources(open_store(db))
    if json_out:
        print_json([asdict(e) for e in entries])
        return
    table = Table(title=f"{len(entries)} source(s)")
    for col in ("name", "reliability", "tags", "aliases", "notes"):
        table.add_column(col, overflow="fold")
    for e in entries:
        table.add_row(e.name, e.reliability, ", ".join(e.tags), ", ".join(e.aliases), e.notes)
    console.print(table)


@sources_app.command("set")
def sources_set(
    name: Annotated[str, typer.Argument(help="Origin or outlet name.")],
    reliability: Annotated[str, typer.Option(help="Admiralty A-F.")] = "F",
    tag: Annotated[list[str] | None, typer.Option(help="Alignment tag (repeatable).")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    notes: Annotated[str, typer.Option(help="Free text.")] = "",
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Add or edit a registry entry (ledgered)."""
    from tadmor.corroborate import service
    from tadmor.corroborate.records import SourceInfo
    from tadmor.corroborate.sources import SourceRegistryError

    info = SourceInfo(
        name=name,
        reliability=reliability.upper(),
        tags=tuple(tag or ()),
        aliases=tuple(alias or ()),
        notes=notes,
    )
    try:
        changed = service.set_source(open_store(db), info, actor=_actor(actor))
    except SourceRegistryError as exc:
        raise fail(str(exc)) from None
    console.print(f"{name}: {'saved' if changed else 'unchanged'}")


@sources_app.command("import")
def sources_import(
    path: Annotated[Path, typer.Argument(help="CSV: name,reliability,tags,aliases,notes.")],
    actor: ActorOption = None,
    db: DbOption = None,
) -> None:
    """Load registry entries from a CSV (see the example with `tadmor sources example`)."""
    from tadmor.corroborate import service
    from tadmor.corroborate.sources import SourceRegistryError

    try:
        n = service.import_sources(open_store(db), path, actor=_actor(actor))
    except SourceRegistryError as exc:
        raise fail(str(exc)) from None
    console.print(f"{n} entr{'y' if n == 1 else 'ies'} saved")


@sources_app.command("example")
def sources_example() -> None:
    """Print the example registry file (fictional outlets only)."""
    from tadmor.corroborate.sources import example_registry_path

    sys.stdout.write(example_registry_path().read_text(encoding="utf-8"))


def register(app: typer.Typer) -> None:
    app.command()(incidents)
    app.command()(incident)
    app.command()(merge)
    app.command()(split)
    app.command()(grade)
    app.add_typer(sources_app, name="sources")


def eval_incidents(
    gold: Annotated[Path, typer.Option("--gold", help="JSON lines: doc_id, incident_id, ...")],
) -> None:
    """Group gold documents into incidents from scratch; print B-cubed, pairwise and figure
    scores as one JSON object."""
    from tadmor.corroborate.evaluate import GoldFormatError, evaluate_incidents

    if not gold.exists():
        raise fail(f"{gold}: no such file")
    try:
        result = evaluate_incidents(gold)
    except GoldFormatError as exc:
        raise fail(str(exc)) from None
    print_json(result)


def register_eval(eval_app: typer.Typer) -> None:
    eval_app.command("incidents")(eval_incidents)
