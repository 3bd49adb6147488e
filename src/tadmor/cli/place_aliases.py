"""``tadmor places alias``: teach the geoparser a spelling it does not know."""

from __future__ import annotations

from typing import Annotated

import typer

from tadmor.cli.common import DbOption, console, fail, open_store


def alias(
    name: Annotated[str, typer.Argument(help="The spelling found in reports, e.g. Tadmour.")],
    place: Annotated[str, typer.Argument(help="A gazetteer name or GeoNames id, e.g. Tadmur.")],
    country: Annotated[
        str | None, typer.Option(help="ISO country code to pick among homonyms.")
    ] = None,
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Who makes the change (ledger).")] = None,
) -> None:
    """Map a spelling to a place; kept in the store, recorded in the ledger, used by extract."""
    from tadmor.collect.service import default_collector
    from tadmor.geo import default_geoparser
    from tadmor.geo.normalize import name_key
    from tadmor.store import repository as repo

    geo = default_geoparser()
    target = geo.get(int(place)) if place.isdigit() else None
    if target is None and not place.isdigit():
        candidates = [
            p
            for p in geo.search(place, limit=20)
            if not country or p.country_code == country.upper()
        ]
        target = candidates[0] if candidates else None
    if target is None:
        raise fail(f"no place {place!r} in the gazetteer (try `tadmor places resolve {place!r}`)")
    store = open_store(db)
    with store.write() as session:
        repo.set_place_alias(
            session,
            name,
            name_key(name),
            target.geonameid,
            target.name,
            actor or default_collector(),
        )
    console.print(
        f"{name!r} -> {target.name}, {target.country_code} (GeoNames {target.geonameid}, "
        f"{target.latitude:.4f}, {target.longitude:.4f}). Run `tadmor extract` to re-extract.",
        highlight=False,
    )
