"""The heritage and evacuate commands end to end, and the demo hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tadmor.cli.app import app
from tadmor.cli.heritage import parse_duration
from tadmor.heritage import secrecy
from tadmor.heritage.demo import heritage_demo
from tadmor.store import Store

from .conftest import CODES, write_objects

runner = CliRunner()


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), env=env)
    return r.exit_code, r.stdout, r.stderr


def test_durations() -> None:
    assert parse_duration("6h") == 360
    assert parse_duration("1h30m") == 90
    assert parse_duration("45m") == 45
    assert parse_duration("2") == 120


def test_cli_registry_alerts_and_plan(
    tmp_path: Path, key_env: secrecy.Cipher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TADMOR_ROLE", raising=False)
    db = str(tmp_path / "cli.db")
    sites = str(Path(__file__).parents[2] / "src/tadmor/heritage/data/palmyra-sites.csv")
    code, _, err = _run("heritage", "import", "sites", sites, "--db", db)
    assert code == 3 and "viewer" in err  # the default role may not write
    code, out, _ = _run("heritage", "import", "sites", sites, "--db", db, "--role", "analyst")
    assert code == 0 and "12 added" in out
    objects = str(write_objects(tmp_path / "o.csv"))
    code, out, _ = _run("heritage", "import", "objects", objects, "--db", db, "--role", "analyst")
    assert code == 0 and "3 added" in out
    code, out, _ = _run("heritage", "sites", "--db", db)
    assert code == 0 and "OpenStreetMap contributors, ODbL" in out and "Pleiades" in out
    code, out, _ = _run("heritage", "objects", "--db", db, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3
    assert all("location_code" not in r and r["restricted"] == ["location_code"] for r in rows)
    code, out, _ = _run(
        "heritage", "objects", "--db", db, "--json", "--reveal", "--role", "analyst"
    )
    assert sorted(r["location_code"] for r in json.loads(out)) == sorted(CODES)
    code, out, _ = _run("heritage", "export", "objects", "--db", db, "--format", "csv")
    assert code == 0 and not any(c in out for c in CODES)
    code, _, err = _run(
        "heritage", "export", "objects", "--db", db, "--include-secrets", "--role", "analyst"
    )
    assert code == 3
    code, out, _ = _run("heritage", "alerts", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []  # no claims in this store
    fleet = tmp_path / "fleet.csv"
    code, out, _ = _run("evacuate", "fleet")
    fleet.write_text(out)
    code, out, err = _run(
        "evacuate",
        "plan",
        "--site",
        "palmyra-museum",
        "--vehicles",
        str(fleet),
        "--deadline",
        "6h",
        "--crew",
        "6",
        "--time-limit",
        "2",
        "--db",
        db,
        "--role",
        "analyst",
        "--json",
    )
    assert code == 0, err
    plan = json.loads(out)
    assert plan["objects_carried"] == 3 and plan["gap"] < 0.01
    code, out, err = _run(
        "evacuate",
        "replan",
        plan["plan"],
        "--lost",
        "crane-1",
        "--at",
        "5m",
        "--db",
        db,
        "--role",
        "analyst",
        "--json",
        "--time-limit",
        "2",
    )
    assert code == 0, err
    replanned = json.loads(out)
    assert replanned["parent"] == plan["plan"]
    assert all(t["vehicle"] != "crane-1" for t in replanned["trips"])
    code, out, _ = _run("evacuate", "show", plan["plan"][:8], "--db", db)
    assert code == 0 and "stays behind" in out
    code, _, err = _run(
        "evacuate",
        "replan",
        plan["plan"],
        "--lost",
        "ufo",
        "--at",
        "1h",
        "--db",
        db,
        "--role",
        "analyst",
    )
    assert code == 1 and "unknown vehicle" in err


def test_heritage_demo_runs_on_an_empty_store(tmp_path: Path, no_key: None) -> None:
    store = Store.open(tmp_path / "demo.db")
    try:
        out = heritage_demo(store, time_limit_s=2)
        again = heritage_demo(store, time_limit_s=2)
    finally:
        store.close()
    assert out["sites_added"] == 12 and out["objects_added"] == 300
    assert "no key" in out["location_codes"]
    plan = out["plan"]
    assert plan["violations"] == [] and plan["carried"] > 0 and plan["gap"] < 0.01
    assert any("OpenStreetMap" in a for a in out["attribution"])
    assert "sites_added" not in again  # loaded once
