"""Incidents in the store (SQLite and PostgreSQL): the Palmyra scenario end to end, analyst
decisions that survive regrouping, the ledger, exports and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tadmor.collect.records import Metadata, Original
from tadmor.collect.service import add_original
from tadmor.corroborate import service
from tadmor.corroborate.exports import render_incidents
from tadmor.extract.service import extract_reports
from tadmor.store import Store
from tadmor.store.database import database_url

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = Path(__file__).resolve().parents[2] / "src" / "tadmor" / "data" / "palmyra-2015.txt"
REPORTS = ("palmyra-verbatim.json", "palmyra-reworded.json", "palmyra-other-toll.json")
SANA = "Syrian Arab News Agency (SANA)"


def _add(store: Store, path: Path, meta: Metadata | None = None) -> list[str]:
    out = add_original(store, Original(path.read_bytes(), str(path)), metadata=meta)
    assert out.error is None, out.error
    extract_reports(store, report_ids=out.added)
    service.group_new_claims(store, report_ids=out.added, actor="test")
    return out.added


def _palmyra(store: Store) -> dict[str, list[str]]:
    meta = Metadata(source="Example web article", published=dt.datetime(2015, 5, 24))
    ids = {"article": _add(store, ARTICLE, meta)}
    for name in REPORTS:
        ids[name] = _add(store, FIXTURES / name)
    return ids


def _toll_incident(store: Store, report_id: str) -> service.IncidentDetail:
    found = [
        d
        for inc in service.list_incidents(store)
        if (d := service.get_incident(store, inc.id))
        and any(c.report_id == report_id for c in d.claims)
    ]
    assert len(found) == 1
    return found[0]


def test_palmyra_reports_make_one_contested_incident(store: Store) -> None:
    ids = _palmyra(store)
    detail = _toll_incident(store, ids["palmyra-other-toll.json"][0])
    inc = detail.incident
    reports = {c.report_id for c in detail.claims}
    # one incident holds the article and all three short reports
    assert {ids["article"][0]} | {ids[n][0] for n in REPORTS} <= reports
    # the 400 toll has one independent origin, carried by three outlets
    sana = [s for s in inc.data["sources"] if s["name"] == SANA]
    assert len(sana) == 1
    assert set(sana[0]["outlets"]) == {
        "Example web article",
        "Cedar Valley Courier",
        "Harbour Evening Post",
    }
    sana_fig = [f for f in inc.data["source_figures"] if f["source"] == SANA]
    assert [(f["kind"], f["low"]) for f in sana_fig] == [("killed", 400)]
    killed = inc.data["figures"]["killed"]
    assert killed["disputed"] and killed["grade"] == "weak"
    assert killed["value"] == inc.fatalities == 217
    kinds = {c["kind"] for c in inc.data["contradictions"]}
    assert {"toll", "responsibility"} <= kinds
    toll = next(c for c in inc.data["contradictions"] if c["kind"] == "toll")
    assert "400" in toll["a"]["text"] and "217" in toll["b"]["text"]
    assert inc.grade == "contested"
    grades = [(h.data["from"], h.data["to"]) for h in inc.history if h.kind == "grade"]
    assert grades[-1][1] == "contested" and len(grades) >= 2
    assert all(h.ledger_seq for h in inc.history if h.kind == "grade")

    # analyst decisions survive regrouping from scratch, and are in the ledger
    before = {i.id: i.n_claims for i in service.list_incidents(store)}
    service.regroup(store, actor="test")
    assert {i.id: i.n_claims for i in service.list_incidents(store)} == before
    other = ids["palmyra-other-toll.json"][0]
    new_id = service.split(store, inc.id, report_ids=[other], actor="ana", reason="different event")
    regraded = service.set_grade(store, inc.id, "fair", actor="ana", reason="checked by phone")
    assert regraded.grade == "fair" and regraded.grade_by == "analyst"
    service.regroup(store, actor="test")
    after = service.get_incident(store, inc.id)
    assert after is not None and after.incident.grade == "fair"
    assert all(c.report_id != other for c in after.claims)
    split_off = service.get_incident(store, new_id)
    assert split_off is not None and {c.report_id for c in split_off.claims} == {other}
    kept = service.merge(store, [inc.id, new_id], actor="ana", reason="same massacre")
    service.regroup(store, actor="test")
    merged = service.get_incident(store, kept)
    assert merged is not None and other in {c.report_id for c in merged.claims}
    assert service.get_incident(store, new_id) is None
    kinds_in_history = [h.kind for h in merged.incident.history]
    assert {"split", "merge", "grade"} <= set(kinds_in_history)

    from tadmor.store import ledger

    with store.read() as session:
        _n, problems = ledger.verify_chain(session)
    assert problems == []
    with store.read() as session:
        from sqlalchemy import select

        from tadmor.store.models import LedgerEntry

        actions = set(session.execute(select(LedgerEntry.action)).scalars())
    assert {"incident_split", "incident_merge", "incident_grade", "incidents_regroup"} <= actions

    # exports: ACLED columns, GeoJSON points
    incidents = service.list_incidents(store)
    rows = list(csv.DictReader(io.StringIO(render_incidents("acled-csv", incidents).decode())))
    assert rows and {"event_id", "fatalities", "civilian_targeting", "tags"} <= set(rows[0])
    geo = json.loads(render_incidents("geojson", incidents))
    assert geo["features"][0]["geometry"]["type"] == "Point"


def test_errors_say_what_is_wrong(store: Store) -> None:
    with pytest.raises(service.IncidentError, match="no incident"):
        service.set_grade(store, "inc-nothere", "fair", actor="a", reason="r")
    with pytest.raises(service.IncidentError, match="reason"):
        service.merge(store, ["a", "b"], actor="a", reason=" ")
    with pytest.raises(service.IncidentError, match="unknown grade"):
        service.set_grade(store, "x", "excellent", actor="a", reason="r")


def test_cli_lists_shows_grades_and_exports(tmp_path: Path) -> None:
    from tadmor.cli.app import app

    db = str(tmp_path / "cli.db")
    store = Store(database_url(db))
    _palmyra(store)
    store.close()
    runner = CliRunner()
    res = runner.invoke(app, ["incidents", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    target = next(i for i in listed if i["n_contradictions"])
    res = runner.invoke(app, ["incident", target["id"], "--db", db])
    assert res.exit_code == 0 and "history" in res.stdout and "toll" in res.stdout
    res = runner.invoke(
        app, ["grade", target["id"], "--to", "discounted", "--reason", "combatants", "--db", db]
    )
    assert res.exit_code == 0 and "discounted" in res.stdout
    out = tmp_path / "incidents.csv"
    res = runner.invoke(app, ["incidents", "--db", db, "--format", "acled-csv", "-o", str(out)])
    assert res.exit_code == 0 and out.read_text().startswith("event_id,event_date")
    res = runner.invoke(app, ["grade", "nope", "--to", "fair", "--reason", "x", "--db", db])
    assert res.exit_code == 1 and "no incident" in res.stderr
    res = runner.invoke(
        app, ["sources", "set", "Cedar Valley Courier", "--reliability", "E", "--db", db]
    )
    assert res.exit_code == 0
    res = runner.invoke(app, ["sources", "list", "--db", db, "--json"])
    assert json.loads(res.stdout)[0]["reliability"] == "E"
    res = runner.invoke(app, ["sources", "set", "X", "--reliability", "Q", "--db", db])
    assert res.exit_code == 1
