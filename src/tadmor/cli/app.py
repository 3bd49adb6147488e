"""Command definitions. Read top to bottom, they are the CLI tour of the README."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tadmor.cli.common import (
    DbOption,
    JsonOption,
    console,
    err,
    error_line,
    fail,
    open_store,
    parse_date_option,
    print_json,
)
from tadmor.publish.claims import claim_records, figures_text

if TYPE_CHECKING:
    from tadmor.extract.service import ExtractSummary
    from tadmor.store import Store

app = typer.Typer(
    name="tadmor",
    help="Turn contested reports of a war into a verified, mapped, source-attributed record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Measure extraction quality against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


# --- add -------------------------------------------------------------------------------------


@app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    source: Annotated[str | None, typer.Option(help="Outlet that published the input.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the input was found.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (anchors 'yesterday').")
    ] = None,
    collector: Annotated[
        str | None, typer.Option(help="Who collected it (default: $USER).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 language code.")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the report.")] = None,
    format: Annotated[
        str, typer.Option("--format", help="auto, text, html, json, warc or csv.")
    ] = "auto",
    csv_text: Annotated[str | None, typer.Option(help="CSV column holding the text.")] = None,
    csv_title: Annotated[str | None, typer.Option(help="CSV column holding the title.")] = None,
    csv_date: Annotated[str | None, typer.Option(help="CSV column holding the date.")] = None,
    csv_source: Annotated[str | None, typer.Option(help="CSV column holding the outlet.")] = None,
    csv_url: Annotated[str | None, typer.Option(help="CSV column holding the URL.")] = None,
    csv_id: Annotated[
        str | None, typer.Option(help="CSV column with a stable row id (else row numbers).")
    ] = None,
    csv_date_order: Annotated[
        str, typer.Option(help="Order of ambiguous numeric dates: MDY, DMY or YMD.")
    ] = "MDY",
    max_size: Annotated[float, typer.Option(help="Refuse inputs over this many MB.")] = 50.0,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Collect only.")] = False,
    pipeline: PipelineOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Collect reports: keep the original bytes, hash them, record custody, extract claims."""
    from tadmor.collect.readers import FORMATS, ReadOptions
    from tadmor.collect.records import CollectError, CsvColumns, Metadata
    from tadmor.collect.service import add_original, iter_inputs, load_original

    if format not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    meta = Metadata(
        source=source,
        url=url,
        published=parse_date_option(published, "--published"),
        collector=collector,
        language=language,
        title=title,
    )
    csv_cols = None
    if csv_text or any((csv_title, csv_date, csv_source, csv_url, csv_id)):
        csv_cols = CsvColumns(
            text=csv_text or "text",
            title=csv_title,
            date=csv_date,
            source=csv_source,
            url=csv_url,
            id=csv_id,
        )
    options = ReadOptions(format=format, csv=csv_cols, csv_date_order=csv_date_order.upper())
    store = open_store(db)
    inputs = list(iter_inputs(paths))
    outcomes = []
    added: list[str] = []
    with _progress() as progress:
        task = progress.add_task("collecting", total=len(inputs))
        for name in inputs:
            progress.update(task, description=f"collecting {Path(name).name[:40]}")
            try:
                original = load_original(name, int(max_size * 1024 * 1024))
            except CollectError as exc:
                from tadmor.collect.service import AddOutcome

                outcome = AddOutcome(name=name, error=str(exc))
            else:
                outcome = add_original(store, original, metadata=meta, options=options)
            if outcome.error:
                error_line(outcome.error)
            outcomes.append(outcome)
            added.extend(outcome.added)
            progress.advance(task)
    failed = sum(1 for o in outcomes if o.failed)
    extracted = None
    if added and not no_extract:
        extracted = _run_extract(store, report_ids=added, pipeline_file=pipeline)
    if json_out:
        print_json(
            {
                "store": store.location,
                "inputs": [
                    {
                        "name": o.name,
                        "sha256": o.sha256,
                        "added": o.added,
                        "already_present": o.already_present,
                        "duplicates": [
                            {"report": a, "duplicate_of": b, "similarity": s}
                            for a, b, s in o.duplicates
                        ],
                        "error": o.error,
                    }
                    for o in outcomes
                ],
                "added": len(added),
                "failed": failed,
                "claims": extracted.claims if extracted else None,
                "incidents_created": extracted.incidents_created if extracted else None,
            }
        )
    else:
        present = sum(o.already_present for o in outcomes)
        dups = sum(len(o.duplicates) for o in outcomes)
        msg = f"Added {len(added)} report(s) from {len(inputs) - failed} input(s)"
        if present:
            msg += f"; {present} already present (re-collection recorded)"
        if dups:
            msg += f"; {dups} linked as copies of earlier reports"
        if extracted:
            msg += (
                f"; {extracted.claims} claim(s) extracted; incidents: "
                f"{extracted.incidents_created} new, {extracted.incidents_joined} claim(s) joined"
                " existing ones"
            )
        console.print(msg + ".")
        if failed:
            err.print(f"[red]{failed} input(s) failed.[/red]")
        console.print(f"Store: {store.location}", highlight=False)
    raise typer.Exit(min(failed, 125))


# --- extract ---------------------------------------------------------------------------------


PipelineOption = Annotated[
    Path | None,
    typer.Option(
        "--pipeline",
        envvar="TADMOR_PIPELINE",
        help="TOML file naming the stages and their settings (default: all stages).",
    ),
]


def _run_extract(
    store: Store,
    *,
    report_ids: list[str] | None = None,
    force: bool = False,
    pipeline_file: Path | None = None,
) -> ExtractSummary:
    from tadmor.extract.pipeline import UnknownStageError
    from tadmor.extract.service import PipelineConfigError, default_pipeline, extract_reports
    from tadmor.store import repository as repo

    try:
        pipeline = default_pipeline(store, pipeline_file)
    except (PipelineConfigError, UnknownStageError) as exc:
        raise fail(str(exc), 2) from None
    with store.read() as session:
        total = (
            len(report_ids)
            if report_ids is not None
            else (
                repo.count_reports(session)
                if force
                else len(repo.reports_to_extract(session, pipeline.version, limit=10**9))
            )
        )
    with _progress() as progress:
        task = progress.add_task("extracting", total=total)
        summary = extract_reports(
            store,
            pipeline,
            report_ids=report_ids,
            force=force,
            on_report=lambda _r: progress.advance(task),
        )
    for rid, error in summary.failed:
        error_line(f"report {rid}: extraction failed: {error}")
    if summary.reports:
        # New claims join incidents straight away (incrementally: only candidate incidents
        # near in place and time are read), so `tadmor incidents` is never stale.
        from tadmor.collect.service import default_collector
        from tadmor.corroborate.service import group_new_claims

        grouped = group_new_claims(store, report_ids=report_ids, actor=default_collector())
        summary.incidents_created = grouped.created
        summary.incidents_joined = grouped.joined
    return summary


@app.command()
def extract(
    force: Annotated[bool, typer.Option(help="Re-extract every report.")] = False,
    report: Annotated[list[str] | None, typer.Option(help="Only these report ids.")] = None,
    pipeline: PipelineOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Run the extraction pipeline on reports with no claims or claims from an older version."""
    store = open_store(db)
    summary = _run_extract(store, report_ids=report, force=force, pipeline_file=pipeline)
    if json_out:
        print_json(
            {
                "pipeline_version": summary.pipeline_version,
                "reports": summary.reports,
                "claims": summary.claims,
                "incidents_created": summary.incidents_created,
                "incidents_joined": summary.incidents_joined,
                "failed": [{"report": r, "error": e} for r, e in summary.failed],
            }
        )
    else:
        console.print(
            f"Extracted {summary.claims} claim(s) from {summary.reports} report(s) "
            f"(pipeline {summary.pipeline_version}); {summary.incidents_created} new "
            f"incident(s), {summary.incidents_joined} claim(s) joined existing ones."
        )
    raise typer.Exit(min(len(summary.failed), 125))


# --- verify ----------------------------------------------------------------------------------


@app.command()
def verify(
    expect_head: Annotated[
        str | None,
        typer.Option(help="Ledger head hash recorded earlier (detects a rewritten ledger)."),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Re-hash every original and walk the custody ledger; non-zero exit on any alteration."""
    from tadmor.store.verify import verify_store

    store = open_store(db)
    result = verify_store(store)
    problems = result.problems()
    if expect_head and expect_head not in (result.head_hash, result.head_hash[: len(expect_head)]):
        problems.append(
            f"ledger head is {result.head_hash}, not the expected {expect_head}: "
            "the ledger was rewritten or rolled back"
        )
    if json_out:
        print_json(
            {
                "ok": not problems,
                "blobs": result.blobs,
                "reports": result.reports,
                "ledger_entries": result.ledger_entries,
                "head": {"seq": result.head_seq, "hash": result.head_hash},
                "problems": problems,
            }
        )
    else:
        for p in problems:
            sys.stderr.write(f"TAMPERED: {p}\n")
        status = (
            "[green]intact[/green]" if not problems else f"[red]{len(problems)} problem(s)[/red]"
        )
        console.print(
            f"{status}: {result.blobs} original(s) re-hashed, {result.reports} report text(s) "
            f"checked, {result.ledger_entries} ledger entries chained.\n"
            f"Ledger head: entry {result.head_seq}, {result.head_hash} "
            "(record it elsewhere to detect a rewrite later: --expect-head)",
            highlight=False,
        )
    raise typer.Exit(1 if problems else 0)


# --- reports, claims, show -------------------------------------------------------------------


@app.command()
def reports(
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    db: DbOption = None,
    json_out: JsonOption = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
) -> None:
    """List collected reports."""
    from tadmor.extract.serialize import to_data
    from tadmor.store import repository as repo

    store = open_store(db)
    flt = repo.ReportFilter(
        source=source,
        since=parse_date_option(since, "--since"),
        until=parse_date_option(until, "--until"),
        limit=limit,
    )
    with store.read() as session:
        rows = repo.list_reports(session, flt)
    records = [
        {k: v for k, v in to_data(r).items() if k != "text"} | {"chars": len(r.text)} for r in rows
    ]
    if json_out:
        print_json(records)
        return
    if csv_out:
        _write_csv(records)
        return
    table = Table(title=f"{len(rows)} report(s)")
    for col in ("id", "published", "source", "title", "format", "chars", "copy of", "extracted"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r.id[:12],
            r.published.date().isoformat() if r.published else "",
            r.source or "",
            (r.title or r.text[:60].replace("\n", " "))[:70],
            r.format,
            str(len(r.text)),
            (r.duplicate_of or "")[:12],
            "yes" if r.pipeline_version else "no",
        )
    console.print(table)


_FLAT = (
    "id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_name",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "origin",
    "origin_kind",
    "certainty",
    "outlet",
    "report_id",
)


@app.command()
def claims(
    type: Annotated[
        str | None, typer.Option("--type", help="Event type or sub-event type (code or name).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place or admin1 name.")] = None,
    since: Annotated[str | None, typer.Option(help="Event on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="Event on or before.")] = None,
    source: Annotated[str | None, typer.Option(help="Origin or outlet.")] = None,
    report: Annotated[str | None, typer.Option(help="Only this report (id or prefix).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 200,
    db: DbOption = None,
    json_out: JsonOption = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
) -> None:
    """List extracted claims with their event, actors, place, date, figures and origin."""
    from tadmor.store import repository as repo

    s = parse_date_option(since, "--since")
    u = parse_date_option(until, "--until")
    flt = repo.ClaimFilter(
        event_type=type,
        place=place,
        since=s.date() if s else None,
        until=u.date() if u else None,
        source=source,
        report_id=report,
        limit=limit,
    )
    records = claim_records(open_store(db), flt)
    if json_out:
        print_json(records)
        return
    if csv_out:
        _write_csv([{k: r[k] for k in _FLAT} for r in records])
        return
    table = Table(title=f"{len(records)} claim(s)")
    for col in ("id", "date", "event", "actor1", "place", "figures", "origin", "certainty"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(
            r["id"][-16:],
            r["event_date"] or "",
            r["sub_event_name"] or r["sub_event_type"],
            r["actor1"] or "",
            r["location"] or "",
            figures_text(r["arguments"]),
            r["origin"] or (r["outlet"] or ""),
            r["certainty"],
        )
    console.print(table)


@app.command()
def show(
    report: Annotated[str, typer.Argument(help="Report id (or a unique prefix).")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show a report's text with every extracted span marked, then its claims."""
    from rich.text import Text

    from tadmor.extract.serialize import to_data
    from tadmor.store import repository as repo

    store = open_store(db)
    with store.read() as session:
        rep = repo.get_report(session, report)
        if rep is None:
            raise fail(f"no report {report!r} (see `tadmor reports`)")
        ann = repo.get_extraction(session, rep.id) or {}
    records = claim_records(store, repo.ClaimFilter(report_id=rep.id))
    if json_out:
        print_json({"report": to_data(rep), "annotations": ann, "claims": records})
        return
    marks = _marks(ann)
    text = Text(rep.text)
    if console.is_terminal:
        for start, end, _label, style in marks:
            text.stylize(style, start, end)
    else:
        text = Text(_inline_marks(rep.text, marks))
    console.print(f"[bold]{rep.title or rep.id}[/bold]", highlight=False)
    console.print(
        f"report {rep.id} - {rep.source or 'unknown outlet'} - published "
        f"{rep.published.date() if rep.published else 'unknown'} - original sha256 "
        f"{rep.original_sha256}" + (f" ({rep.locator})" if rep.locator else ""),
        highlight=False,
    )
    if rep.duplicate_of:
        console.print(f"copy of report {rep.duplicate_of} (similarity {rep.duplicate_similarity})")
    console.print(
        "legend: [green]place[/green] [cyan]date[/cyan] [yellow]number[/yellow] "
        "[magenta]actor[/magenta] [blue]source[/blue] [bold red]event[/bold red] "
        "[bright_cyan]heritage[/bright_cyan]\n"
    )
    console.print(text, highlight=False)
    console.print()
    for r in records:
        console.print(
            f"- [bold]{r['sub_event_name']}[/bold] {r['event_date'] or ''} "
            f"{r['location'] or ''} {figures_text(r['arguments'])} "
            f"(origin: {r['origin'] or r['outlet'] or 'outlet'}, {r['certainty']}) "
            f"[{r['sentence'][0]}:{r['sentence'][1]}]",
            highlight=False,
        )


_MARK_KINDS = (  # (annotation list, label, style), in the order marks win overlaps
    ("toponyms", "place", "green"),
    ("dates", "date", "cyan"),
    ("quantities", "number", "yellow"),
    ("actors", "actor", "magenta"),
    ("attributions", "source", "blue"),
    ("heritage", "heritage", "bright_cyan"),
    ("events", "event", "bold red"),
)


def _marks(ann: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, label, style) of every extracted span."""
    out: list[tuple[int, int, str, str]] = []
    for key, label, style in _MARK_KINDS:
        for m in ann.get(key, []):
            span = m.get("span") or (m if "start" in m else None)
            if span:
                out.append((span["start"], span["end"], label, style))
    return out


def _inline_marks(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """Text with ``[span]{label}`` markers for output that cannot show colour (files, pipes).
    Where spans overlap, the longer wins (then the earlier kind in _MARK_KINDS)."""
    placed: list[tuple[int, int, str]] = []
    for start, end, label, _ in sorted(marks, key=lambda m: m[0] - m[1]):
        if all(end <= a or start >= b for a, b, _ in placed):
            placed.append((start, end, label))
    out, pos = [], 0
    for start, end, label in sorted(placed):
        out.append(text[pos:start] + "[" + text[start:end] + "]{" + label + "}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --- export ----------------------------------------------------------------------------------


def _write_csv(records: list[dict[str, Any]], out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    if not records:
        return
    writer = csv.DictWriter(stream, fieldnames=list(records[0]))
    writer.writeheader()
    for r in records:
        writer.writerow(r)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl, csv or geojson.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (else stdout).")
    ] = None,
    type: Annotated[str | None, typer.Option("--type", help="Event type filter.")] = None,
    since: Annotated[str | None, typer.Option(help="Event on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="Event on or before.")] = None,
    source: Annotated[str | None, typer.Option(help="Origin or outlet.")] = None,
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Who exports (ledger).")] = None,
) -> None:
    """Export claims (JSON Lines, CSV or GeoJSON); the export is recorded in the ledger."""
    from tadmor.publish.exports import export_claims

    store = open_store(db)
    s = parse_date_option(since, "--since")
    u = parse_date_option(until, "--until")
    from tadmor.store import repository as repo

    flt = repo.ClaimFilter(
        event_type=type, since=s.date() if s else None, until=u.date() if u else None, source=source
    )
    try:
        data, count, sha = export_claims(
            store,
            format,
            claim_records(store, flt),
            destination=str(output or "stdout"),
            actor=actor,
        )
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    if output:
        output.write_bytes(data)
        err.print(f"Exported {count} claim(s) to {output} (sha256 {sha}).", highlight=False)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


# --- demo ------------------------------------------------------------------------------------


@app.command()
def demo(
    db: Annotated[
        str | None, typer.Option("--db", help="Store for the demo (default ./tadmor-demo.db).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Add the bundled Palmyra article (May 2015), extract it, and summarise what was found."""
    from tadmor.demo import run_demo

    run_demo(db or "tadmor-demo.db", json_out=json_out)


# Each stage's commands live beside it in ``tadmor/cli/<stage>.py`` and register themselves:
# ``register(app)`` adds top-level commands, ``register_eval(eval_app)`` adds `tadmor eval ...`.
# A stage module that is not installed yet is skipped; any other import error is a bug and
# propagates.
STAGE_CLI_MODULES = (
    "places",
    "eval_geo",
    "eval_claims",
    "incidents",
    "heritage",
    "batch",
    "server",
)


def _register_stage_commands() -> None:
    import importlib

    for name in STAGE_CLI_MODULES:
        qualified = f"tadmor.cli.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name == qualified:
                continue
            raise
        if hasattr(module, "register"):
            module.register(app)
        if hasattr(module, "register_eval"):
            module.register_eval(eval_app)


_register_stage_commands()


def main() -> None:
    app()
