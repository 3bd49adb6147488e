from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tadmor.cli.eval_geo import geo
from tadmor.cli.places import app as places_app
from tadmor.extract.pipeline import Pipeline, registered_stages
from tadmor.extract.records import Document
from tadmor.geo import Gazetteer, GazetteerError, Geoparser, GoldFormatError
from tadmor.geo.build import _admin_demonyms, _keep_alternate, _middle
from tadmor.geo.evaluate import _auc, evaluate, read_gold
from tadmor.geo.gazetteer import default_gazetteer_path

TADMUR = 163808


def test_places_stage_fills_toponyms(geoparser: Geoparser) -> None:
    assert "places" in registered_stages()
    stage = registered_stages()["places"](geoparser=geoparser)
    doc = stage(Document(text="Fighting resumed in Tadmur and Homs.", country_hint="SY"))
    assert next(t.place.geonameid for t in doc.toponyms if t.place) == TADMUR


def test_places_stage_from_config_with_aliases(geoparser: Geoparser) -> None:
    pipe = Pipeline.from_config(["places"], {"places": {"aliases": {"Tadmorville": TADMUR}}})
    pipe.stages[0]._geoparser = geoparser  # type: ignore[attr-defined]
    doc = pipe(Document(text="Shelling hit Tadmorville at dawn."))
    assert [t.place.geonameid for t in doc.toponyms if t.place] == [TADMUR]


def test_cli_resolve_json_is_pure_json(geoparser: Geoparser) -> None:
    result = CliRunner().invoke(places_app, ["resolve", "ISIS took Palmyra, Syria.", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["toponyms"][0]["place"]["geonameid"] == TADMUR
    assert "GeoNames" in data["attribution"]


def test_cli_resolve_table(geoparser: Geoparser) -> None:
    result = CliRunner().invoke(places_app, ["resolve", "Clashes near Tadmur.", "--country", "SY"])
    assert result.exit_code == 0 and "Tadmur" in result.stdout and "163808" in result.stdout


GOLD = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text>Shelling hit Palmyra and Homs in Syria.</text>
    <toponyms>
      <toponym><start>13</start><end>20</end><phrase>Palmyra</phrase>
        <gaztag geonameid="163808"><lat>34.5624</lat><lon>38.28402</lon></gaztag></toponym>
      <toponym><start>25</start><end>29</end><phrase>Homs</phrase>
        <gaztag geonameid="169577"><lat>34.72682</lat><lon>36.72339</lon></gaztag></toponym>
      <toponym><start>33</start><end>38</end><phrase>Syria</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_eval_geo_command_prints_one_json_object(tmp_path: Path, geoparser: Geoparser) -> None:
    gold = tmp_path / "gold.xml"
    gold.write_text(GOLD, encoding="utf-8")
    cli = typer.Typer()
    cli.command()(geo)
    result = CliRunner().invoke(cli, ["--gold", str(gold), "--end-to-end"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "n",
        "acc161",
        "auc",
        "mean_km",
        "median_km",
        "geonameid_exact",
        "recognition",
    }
    assert data["n"] == 2 and data["acc161"] == 1.0
    assert data["recognition"]["recall"] == 1.0


def test_read_gold_rejects_bad_layout(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article><toponyms/></article></articles>", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        list(read_gold(bad))


def test_auc_bounds() -> None:
    assert _auc([0.0, 0.0]) == 0.0
    assert _auc([20039.0, 20039.0]) == pytest.approx(1.0)
    assert 0.0 < _auc([1.0, 100.0, 1000.0]) < 1.0


@pytest.mark.shared
def test_lgl_gold_spans(geoparser: Geoparser, lgl_path: Path) -> None:
    """A regression guard at the figure reached (see the report), not the issue's target."""
    result = evaluate(geoparser, lgl_path)
    assert result["n"] == 4462
    assert result["acc161"] >= 0.80  # type: ignore[operator]


def test_missing_or_foreign_gazetteer_files(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"python -m tadmor\.geo\.build"):
        Gazetteer(tmp_path / "nope.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer(junk)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('version', '0')")
    con.commit()
    con.close()
    with pytest.raises(GazetteerError, match="another tadmor version"):
        Gazetteer(other)


def test_gazetteer_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TADMOR_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_gazetteer_path() == tmp_path / "g.sqlite"
    monkeypatch.delenv("TADMOR_GAZETTEER")
    monkeypatch.setenv("TADMOR_HOME", str(tmp_path))
    path = default_gazetteer_path()
    assert path.parent == tmp_path and path.name.startswith("gazetteer-")


def test_build_helpers() -> None:
    assert _admin_demonyms("Minnesota") == ["Minnesotan", "Minnesotans"]
    assert _admin_demonyms("Texas") == ["Texan", "Texans"]
    assert _admin_demonyms("Ohio") == ["Ohioan", "Ohioans"]
    assert not _keep_alternate("ba er mi la") and not _keep_alternate("PMS")
    assert _keep_alternate("Palmyre") and _keep_alternate("تدمر")
    lat, lon = _middle([(0.0, 0.0), (2.0, 4.0)])
    assert (lat, lon) == (1.0, 2.0)
