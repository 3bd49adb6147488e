"""`tadmor eval geo`: geoparsing accuracy on a gold file in the LGL XML layout.

Prints one JSON object on stdout (nothing else), so runs can be compared by script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tadmor.geo import GeoError, default_geoparser
from tadmor.geo.evaluate import evaluate


def geo(
    gold: Annotated[Path, typer.Option(
        "--gold", help="Gold file in the LGL XML layout (articles/article/text, toponyms).",
        exists=True, dir_okay=False, readable=True)],
    end_to_end: Annotated[bool, typer.Option(
        "--end-to-end", help="Also score recognition (precision, recall, F1 of exact spans).")
    ] = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", help="Score only the first N articles.", min=1)] = None,
) -> None:
    """Score toponym resolution on the gold spans (Acc@161km, AUC, mean/median km, exact id)."""
    try:
        result = evaluate(default_geoparser(), gold, end_to_end=end_to_end, limit=limit)
    except GeoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(result))


def register_eval(eval_app: typer.Typer) -> None:
    eval_app.command("geo")(geo)
