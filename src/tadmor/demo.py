"""``tadmor demo``: the Palmyra article of May 2015 through the whole pipeline.

The article (bundled in ``tadmor/data``) is the project's first real input: a state agency's
toll, a reporter's tweets, military sources, the museum's evacuation. The demo collects it as
any user input would be collected, extracts its claims and prints what was found.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from rich.table import Table

from tadmor.collect.readers import parse_datetime
from tadmor.collect.records import Metadata, Original, report_id
from tadmor.collect.service import add_original
from tadmor.extract.service import extract_reports
from tadmor.store import Store
from tadmor.store import repository as repo

EXAMPLE = "palmyra-2015.txt"


def example_original() -> tuple[Original, Metadata]:
    """The bundled article's bytes and the metadata it was published with."""
    base = resources.files("tadmor") / "data"
    data = (base / EXAMPLE).read_bytes()
    meta = json.loads((base / "palmyra-2015.json").read_text(encoding="utf-8"))
    return (
        Original(data=data, name=EXAMPLE),
        Metadata(
            source=meta["source"],
            published=parse_datetime(meta["published"]),
            title=meta["title"],
            language=meta.get("language"),
        ),
    )


def run_demo(db: str, *, json_out: bool = False) -> dict[str, Any]:
    from tadmor.publish.claims import claim_records, figures_text

    store = Store.open(db)
    original, meta = example_original()
    outcome = add_original(store, original, metadata=meta, collector="tadmor demo")
    if outcome.error:
        raise RuntimeError(outcome.error)
    rid = report_id(original.sha256, "")
    extract_reports(store, report_ids=[rid], actor="tadmor demo")
    from tadmor.corroborate.service import group_new_claims, list_incidents

    group_new_claims(store, report_ids=[rid], actor="tadmor demo")
    incidents: list[dict[str, Any]] = [
        {
            "id": i.id,
            "title": i.title,
            "date": i.event_date.isoformat() if i.event_date else None,
            "sub_event_type": i.sub_event_type,
            "place": i.place_name,
            "grade": i.grade,
            "credibility": i.credibility,
            "fatalities": i.fatalities,
            "origins": i.n_origins,
            "outlets": i.n_outlets,
            "contradictions": i.n_contradictions,
        }
        for i in list_incidents(store)
    ]
    with store.read() as session:
        report = repo.get_report(session, rid)
        ann = repo.get_extraction(session, rid) or {}
    assert report is not None
    claims = claim_records(store, repo.ClaimFilter(report_id=rid))
    places = [
        {
            "text": t["text"],
            "span": [t["start"], t["end"]],
            "place": t["place"]["name"] if t.get("place") else None,
            "country": t["place"]["country_code"] if t.get("place") else None,
            "latitude": t["place"]["latitude"] if t.get("place") else None,
            "longitude": t["place"]["longitude"] if t.get("place") else None,
        }
        for t in ann.get("toponyms", [])
    ]
    dates = [
        {
            "text": d["span"]["text"],
            "span": [d["span"]["start"], d["span"]["end"]],
            "date": d["date"],
            "precision": d["precision"],
            "anchor": d.get("anchor"),
        }
        for d in ann.get("dates", [])
    ]
    next_commands = [
        "tadmor --help",
        f"tadmor incidents --db {db}",
        f"tadmor show {rid[:12]} --db {db}",
        f"tadmor claims --db {db}",
        f"tadmor export --format geojson --db {db} -o palmyra.geojson",
        f"tadmor verify --db {db}",
    ]
    from tadmor.heritage.demo import heritage_demo

    heritage = heritage_demo(store)
    next_commands += [f"{c} --db {db}" for c in heritage.get("next", [])]
    summary: dict[str, Any] = {
        "store": store.location,
        "report": {
            "id": rid,
            "title": report.title,
            "sha256": report.original_sha256,
            "published": report.published.date().isoformat() if report.published else None,
            "language": report.language,
            "newly_added": bool(outcome.added),
        },
        "claims": claims,
        "places": places,
        "dates": dates,
        "incidents": incidents,
        "heritage": heritage,
        "next": next_commands,
    }
    if json_out:
        from tadmor.cli.common import print_json

        print_json(summary)
        return summary
    from tadmor.cli.common import console as con

    con.print(
        f"[bold]{report.title}[/bold]  (report {rid[:12]}, published "
        f"{summary['report']['published']}, sha256 {report.original_sha256[:16]}...)",
        highlight=False,
    )
    table = Table(title="Claims: what happened, where, when, how many, who says so")
    for col in ("event", "date", "place (lat, lon)", "actors", "figures", "who says it", "sure?"):
        table.add_column(col, overflow="fold")
    for c in claims:
        where = c["location"] or ""
        if c["latitude"] is not None:
            where += f" ({c['latitude']:.2f}, {c['longitude']:.2f})"
        actors = " -> ".join(a for a in (c["actor1"], c["actor2"]) if a)
        table.add_row(
            c["sub_event_name"] or c["sub_event_type"],
            c["event_date"] or "",
            where,
            actors,
            figures_text(c["arguments"]),
            c["origin"] or "(the outlet)",
            c["certainty"] + (" (quote)" if c["quote"] else ""),
        )
    con.print(table)
    pt = Table(title="Places named")
    for col in ("text", "resolved to", "lat", "lon"):
        pt.add_column(col)
    seen = set()
    for p in places:
        key = (p["text"], p["place"])
        if key in seen:
            continue
        seen.add(key)
        pt.add_row(
            p["text"],
            f"{p['place']} ({p['country']})" if p["place"] else "(unresolved)",
            f"{p['latitude']:.4f}" if p["latitude"] is not None else "",
            f"{p['longitude']:.4f}" if p["longitude"] is not None else "",
        )
    con.print(pt)
    dt_table = Table(title="Dates (resolved against the publication date)")
    for col in ("text", "date", "precision", "anchored on"):
        dt_table.add_column(col)
    for d in dates:
        dt_table.add_row(d["text"], d["date"], str(d["precision"]), d["anchor"] or "")
    con.print(dt_table)
    it = Table(title="Incidents (claims grouped; grades proposed on the Airwars scale)")
    for col in ("incident", "date", "event", "place", "fatalities", "origins", "grade"):
        it.add_column(col, overflow="fold")
    for i in incidents:
        it.add_row(
            i["id"][:12],
            i["date"] or "",
            i["title"] or i["sub_event_type"],
            i["place"] or "",
            "" if i["fatalities"] is None else str(i["fatalities"]),
            str(i["origins"]),
            f"{i['grade']} ({i['credibility']})",
        )
    con.print(it)
    _print_heritage(heritage)
    con.print(f"Store: {store.location}", highlight=False)
    con.print("Next:\n  " + "\n  ".join(next_commands), highlight=False)
    return summary


def _print_heritage(h: dict[str, Any]) -> None:
    """The heritage part of the story: who is at risk, and what the trucks can carry in time."""
    from tadmor.cli.common import console as con

    plan = h["plan"]
    con.print(
        f"\n[bold]Heritage at risk[/bold]: {h['alerts']} alert(s) on "
        f"{', '.join(h['sites_alerted']) or 'no site'}.",
        highlight=False,
    )
    for a in h["museum_alerts"][:3]:
        reasons = ", ".join(a["reasons"])
        evidence = " ".join((a["evidence"] or "").split())
        if len(evidence) > 140:
            evidence = evidence[:137] + "..."
        con.print(f"  - museum ({reasons}): {evidence}", highlight=False)
    con.print(
        f"[bold]Evacuation plan[/bold] {plan['id']} ({plan['status']}, gap {plan['gap']:.2%}): "
        f"{plan['carried']} of {plan['objects']} objects on {plan['trips']} trip(s) before the "
        f"deadline; {plan['left_behind']} stay, among them "
        f"{', '.join(plan['heavy_left_behind'][:6]) or 'none over a tonne'} (over a tonne).",
        highlight=False,
    )
    con.print(f"  {h['note']}", highlight=False)
    for credit in h.get("attribution", []):
        con.print(f"  Site data: {credit}", highlight=False)
