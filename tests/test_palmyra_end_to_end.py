"""The foundation's acceptance on the bundled Palmyra article: collect -> extract -> store ->
read back, with exact facts and spans. Needs no shared data (the article ships in the package)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tadmor.cli import app
from tadmor.demo import example_original, run_demo


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = run_demo(str(db), json_out=False)
    summary["db"] = str(db)
    return summary


def _text() -> str:
    original, _ = example_original()
    return original.data.decode("utf-8")


def _span_text(span: dict[str, Any]) -> str:
    return _text()[span["start"] : span["end"]]


def test_toll_of_at_least_400_civilians_per_the_syrian_news_agency(
    demo_run: dict[str, Any],
) -> None:
    tolls = [
        c
        for c in demo_run["claims"]
        for f in c["arguments"]["figures"]
        if f["value"]["quantity"]["low"] == 400 and f["value"]["kind"] == "killed"
    ]
    assert len(tolls) == 1
    claim = tolls[0]
    [fig] = [f for f in claim["arguments"]["figures"] if f["value"]["quantity"]["low"] == 400]
    assert fig["value"]["quantity"]["qualifier"] == "at_least"
    assert fig["value"]["quantity"]["high"] is None
    assert fig["value"]["group"] == "civilians"
    assert {"women", "children"} <= set(fig["value"]["mentioned_groups"])
    assert _span_text(fig["span"]) == fig["span"]["text"] and "400" in fig["span"]["text"]
    assert "Syrian Arab News Agency" in claim["origin"]
    assert _span_text(claim["arguments"]["origin"]["span"]) == "Syrian Agency News"
    assert claim["certainty"] == "confirmed"
    assert claim["location"] == "Tadmur" and claim["geonameid"] == 163808
    assert claim["latitude"] == pytest.approx(34.56, abs=0.02)
    assert claim["longitude"] == pytest.approx(38.28, abs=0.02)
    assert claim["fatalities"] == 400
    assert claim["actor1"] and "Islamic State" in claim["actor1"]


def test_may_20_resolves_against_the_publication_date(demo_run: dict[str, Any]) -> None:
    text = _text()
    may20 = [d for d in demo_run["dates"] if d["text"] == "May 20"]
    assert may20 and may20[0]["date"] == "2015-05-20" and may20[0]["precision"] == 1
    start, end = may20[0]["span"]
    assert text[start:end] == "May 20"
    assert any(d["text"] == "21 May" and d["date"] == "2015-05-21" for d in demo_run["dates"])


def test_more_than_14000_attackers_is_strength_with_its_source(demo_run: dict[str, Any]) -> None:
    strength = [
        (c, f)
        for c in demo_run["claims"]
        for f in c["arguments"]["figures"]
        if f["value"]["quantity"]["low"] == 14000
    ]
    assert len(strength) == 1
    claim, fig = strength[0]
    assert fig["value"]["kind"] == "strength"  # the attackers' size is not a toll
    assert fig["value"]["quantity"]["qualifier"] == "at_least"
    assert fig["span"]["text"].replace("\xa0", " ").startswith("more than 14 000")
    assert claim["fatalities"] is None
    assert claim["origin"] and "military sources" in claim["origin"].lower()


def test_places_resolve_with_coordinates(demo_run: dict[str, Any]) -> None:
    resolved = {p["text"]: p for p in demo_run["places"]}
    for name in ("Palmyra", "Tadmour"):
        assert resolved[name]["place"] == "Tadmur"
        assert resolved[name]["latitude"] == pytest.approx(34.56, abs=0.02)
    assert resolved["Al Schougour"]["place"].startswith("Jisr ash")
    for country in ("Saudi Arabia", "Qatar", "Turkey"):
        assert resolved[country]["country"] in {"SA", "QA", "TR"}


def test_store_reads_back_the_same_claims_and_verifies(demo_run: dict[str, Any]) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["claims", "--db", demo_run["db"], "--json"])
    assert res.exit_code == 0
    stored = json.loads(res.stdout)
    assert [c["id"] for c in stored] == [c["id"] for c in demo_run["claims"]]
    res = runner.invoke(
        app,
        [
            "claims",
            "--db",
            demo_run["db"],
            "--json",
            "--type",
            "Attack",
            "--since",
            "2015-05-20",
            "--place",
            "Tadmur",
        ],
    )
    assert res.exit_code == 0 and any(c["fatalities"] == 400 for c in json.loads(res.stdout))
    res = runner.invoke(app, ["verify", "--db", demo_run["db"], "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["ok"]


def test_demo_is_idempotent_and_exports_geojson(demo_run: dict[str, Any], tmp_path: Path) -> None:
    again = run_demo(demo_run["db"], json_out=False)
    assert again["report"]["newly_added"] is False
    assert [c["id"] for c in again["claims"]] == [c["id"] for c in demo_run["claims"]]
    out = tmp_path / "claims.geojson"
    res = CliRunner().invoke(
        app, ["export", "--format", "geojson", "--db", demo_run["db"], "-o", str(out)]
    )
    assert res.exit_code == 0, res.stderr
    doc = json.loads(out.read_text())
    assert doc["features"] and "GeoNames" in doc["attribution"]
    assert all(
        f["geometry"]["coordinates"][1] == pytest.approx(34.56, abs=0.5)
        or f["properties"]["location"]
        for f in doc["features"]
    )
    res = CliRunner().invoke(app, ["verify", "--db", demo_run["db"], "--json"])
    assert json.loads(res.stdout)["ledger_entries"] >= 4  # collect, extract, recollect, export


def test_publication_date_anchors_yesterday(demo_run: dict[str, Any]) -> None:
    yesterday = [d for d in demo_run["dates"] if d["text"] == "yesterday"]
    assert (
        yesterday
        and yesterday[0]["date"] == (dt.date(2015, 5, 24) - dt.timedelta(days=1)).isoformat()
    )


def test_the_toll_becomes_an_incident_with_its_conservative_figure(
    demo_run: dict[str, Any],
) -> None:
    tolls = [i for i in demo_run["incidents"] if i["fatalities"] == 400]
    assert len(tolls) == 1
    incident = tolls[0]
    assert incident["place"] == "Tadmur" and incident["date"].startswith("2015-05-2")
    assert incident["grade"] in {"weak", "fair", "contested"}
    runner = CliRunner()
    res = runner.invoke(app, ["incidents", "--db", demo_run["db"], "--format", "json"])
    assert res.exit_code == 0, res.stderr
    assert any(i["id"] == incident["id"] for i in json.loads(res.stdout))
