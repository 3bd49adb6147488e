"""`tadmor places ...`: look places up and parse them out of a text, from the command line.

The lead mounts ``app`` as the ``places`` sub-command; ``tadmor places alias`` (which writes the
store's alias table) is the store's and is added there.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tadmor.geo import GEONAMES_ATTRIBUTION, GeoError, Toponym, default_geoparser

app = typer.Typer(help="Find and resolve place names with the offline GeoNames gazetteer.",
                  no_args_is_help=True)


def toponym_json(t: Toponym) -> dict[str, object]:
    """A toponym as plain JSON (the shape `--json` prints)."""
    p = t.place
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "score": t.score,
        "geo_precision": t.geo_precision,
        "place": None if p is None else {
            "geonameid": p.geonameid,
            "name": p.name,
            "country_code": p.country_code,
            "country": p.country,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "feature_class": p.feature_class,
            "feature_code": p.feature_code,
            "population": p.population,
        },
    }


@app.command()
def resolve(
    text: Annotated[str, typer.Argument(help="Text to parse (use - to read standard input).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
    country: Annotated[str | None, typer.Option(
        "--country", help="ISO alpha-2 code of the country the text is about (a prior).")] = None,
) -> None:
    """Print the place names found in TEXT and the places they resolve to."""
    if text == "-":
        text = sys.stdin.read()
    try:
        toponyms = default_geoparser().parse(text, country_hint=country)
    except GeoError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps({"toponyms": [toponym_json(t) for t in toponyms],
                               "attribution": GEONAMES_ATTRIBUTION}, ensure_ascii=False))
        return
    console = Console()
    if not toponyms:
        console.print("no place names found")
        return
    table = Table("span", "text", "place", "country", "admin1", "lat, lon", "prec", "score")
    for t in toponyms:
        p = t.place
        if p is None:
            continue
        table.add_row(f"{t.start}-{t.end}", t.text, f"{p.name} ({p.geonameid})", p.country_code,
                      p.admin1, f"{p.latitude:.4f}, {p.longitude:.4f}", str(t.geo_precision),
                      f"{t.score:.2f}")
    console.print(table)
    console.print(GEONAMES_ATTRIBUTION, style="dim")


def register(root: typer.Typer) -> None:
    """Mount `tadmor places ...` (resolve here, alias beside the store's alias table)."""
    from tadmor.cli.place_aliases import alias

    app.command("alias")(alias)
    root.add_typer(app, name="places")
