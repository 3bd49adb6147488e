"""``tadmor batch``: collect + extract on a Dask cluster, and Parquet export. Thin: each
command calls :mod:`tadmor.batch`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tadmor.cli.common import DbOption, JsonOption, console, err, error_line, open_store, print_json

batch_app = typer.Typer(
    help="Big corpora: collect + extract on a Dask cluster; Parquet in and out.",
    no_args_is_help=True,
)


@batch_app.command("extract")
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files or directories: text, HTML, WARC, CSV, JSONL, Parquet."),
    ],
    cluster: Annotated[
        str, typer.Option(help="local[N] (N worker processes here) or a scheduler address.")
    ] = "local[2]",
    collector: Annotated[
        str | None, typer.Option(help="Who collected it (default: $USER).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="auto, text, html, json, warc, csv.")] = (
        "auto"
    ),
    csv_text: Annotated[str | None, typer.Option(help="Column holding the text.")] = None,
    csv_title: Annotated[str | None, typer.Option(help="Column holding the title.")] = None,
    csv_date: Annotated[str | None, typer.Option(help="Column holding the date.")] = None,
    csv_source: Annotated[str | None, typer.Option(help="Column holding the outlet.")] = None,
    csv_url: Annotated[str | None, typer.Option(help="Column holding the URL.")] = None,
    csv_id: Annotated[str | None, typer.Option(help="Column with a stable row id.")] = None,
    csv_date_order: Annotated[str, typer.Option(help="MDY, DMY or YMD.")] = "MDY",
    batch_size: Annotated[
        int, typer.Option(help="Reports written per transaction.")
    ] = 1000,
    rows_per_task: Annotated[int, typer.Option(help="Rows of a container per task.")] = 100,
    max_size: Annotated[float, typer.Option(help="Refuse inputs over this many MB.")] = 50.0,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Collect only.")] = False,
    group: Annotated[
        bool, typer.Option("--group", help="Group new claims into incidents afterwards.")
    ] = False,
    pipeline: Annotated[
        Path | None, typer.Option("--pipeline", envvar="TADMOR_PIPELINE", help="Pipeline TOML.")
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Collect and extract INPUTS on Dask; re-run the same command to resume a killed run."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tadmor.batch import BatchOptions, run_batch
    from tadmor.batch.runner import ClusterError
    from tadmor.collect.readers import FORMATS, ReadOptions
    from tadmor.collect.records import CsvColumns, Metadata
    from tadmor.collect.service import default_collector

    if format not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    cols = None
    if csv_text or any((csv_title, csv_date, csv_source, csv_url, csv_id)):
        cols = CsvColumns(
            text=csv_text or "text", title=csv_title, date=csv_date, source=csv_source,
            url=csv_url, id=csv_id,
        )
    options = BatchOptions(
        read=ReadOptions(format=format, csv=cols, csv_date_order=csv_date_order.upper()),
        metadata=Metadata(collector=collector),
        collector=collector or default_collector(),
        max_bytes=int(max_size * 1024 * 1024),
        extract=not no_extract,
        reports_per_transaction=batch_size,
        rows_per_task=rows_per_task,
    )
    store = open_store(db)
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )

    def dashboard(link: str | None) -> None:
        if link:
            err.print(f"Dask dashboard: {link}", highlight=False)
        else:
            err.print("Dask dashboard: not available (install bokeh>=3.1 to get one)")

    try:
        with progress:
            bar = progress.add_task("starting workers", total=None)
            summary = run_batch(
                store,
                inputs,
                cluster=cluster,
                options=options,
                pipeline_file=pipeline,
                on_dashboard=dashboard,
                on_progress=lambda n, t: progress.update(
                    bar, description=f"{n} report(s) written, {t} task(s)"
                ),
            )
    except ClusterError as exc:
        error_line(str(exc))
        raise typer.Exit(2) from None
    grouped = None
    if group and not no_extract:
        from tadmor.batch.incidents import group_after_batch

        grouped = group_after_batch(store)
    for name, locator, error in summary.failures:
        error_line(f"{name}{' ' + locator if locator else ''}: {error}")
    if json_out:
        print_json(
            {
                "run": summary.run_id,
                "resumed": summary.resumed,
                "pipeline_version": summary.pipeline_version,
                "added": summary.reports_added,
                "already_present": summary.reports_present,
                "claims": summary.claims,
                "failed": [
                    {"input": n, "locator": loc, "error": e} for n, loc, e in summary.failures
                ],
                "dashboard": summary.dashboard,
                "incidents": grouped,
            }
        )
    else:
        console.print(
            f"{'Resumed' if summary.resumed else 'Ran'} batch {summary.run_id[:12]}: added "
            f"{summary.reports_added} report(s), {summary.reports_present} already present, "
            f"{summary.claims} claim(s); {len(summary.failures)} document(s) failed.",
            highlight=False,
        )
        if grouped is not None:
            console.print(f"Incidents: {grouped}", highlight=False)
    raise typer.Exit(min(len(summary.failures), 125))


@batch_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Folder for claims.parquet and reports.parquet.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write claims and reports as Parquet, to join them in DuckDB, Spark or pandas."""
    from tadmor.batch.parquet import export_parquet

    counts = export_parquet(open_store(db), out)
    if json_out:
        print_json({"out": str(out), **counts})
    else:
        console.print(
            f"Wrote {counts['claims']} claim(s) and {counts['reports']} report(s) to {out}.",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(batch_app, name="batch")
