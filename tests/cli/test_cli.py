"""The command line end to end on small inputs (extraction off unless the test needs it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from tadmor.cli import app

runner = CliRunner()

REPORT = (
    "Shelling by government forces killed at least 12 civilians in Douma on Monday, "
    "according to the Syrian Observatory for Human Rights."
)


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args), input=input)
    return res.exit_code, res.stdout, res.stderr


def test_add_reports_verify_and_exit_status_counts_failures(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "img.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run(
        "add",
        str(good),
        str(empty),
        str(binary),
        "--no-extract",
        "--db",
        db,
        "--source",
        "test outlet",
        "--published",
        "2018-02-20",
        "--json",
    )
    assert code == 2, err
    data = json.loads(out)
    assert data["added"] == 1 and data["failed"] == 2
    assert "empty.txt: empty file" in err and "img.bin: binary data" in err
    code, out, _ = run("reports", "--db", db, "--json")
    [rep] = json.loads(out)
    assert rep["source"] == "test outlet" and rep["published"].startswith("2018-02-20")
    code, out, _ = run("verify", "--db", db, "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_stdin_and_idempotent_readd(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out, _ = run("add", "-", "--no-extract", "--db", db, "--json", input=REPORT)
    assert code == 0 and json.loads(out)["added"] == 1
    code, out, _ = run("add", "-", "--no-extract", "--db", db, "--json", input=REPORT)
    assert code == 0 and json.loads(out)["added"] == 0
    assert json.loads(out)["inputs"][0]["already_present"] == 1


def test_verify_fails_loudly_on_tampering(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "s.db"
    f = tmp_path / "r.txt"
    f.write_text(REPORT)
    run("add", str(f), "--no-extract", "--db", str(db))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ledger SET actor='mallory' WHERE seq=1")
    code, _, err = run("verify", "--db", str(db))
    assert code == 1
    assert "TAMPERED" in err and "ledger entry 1 (collect) was edited" in err


def test_unknown_format_option_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("add", "x", "--format", "pdf", "--db", str(tmp_path / "s.db"))
    assert code == 2 and "--format" in err


def test_pipeline_file_chooses_stages_and_version(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    f = tmp_path / "r.txt"
    f.write_text(REPORT)
    conf = tmp_path / "pipeline.toml"
    conf.write_text('stages = ["language", "sentences", "dates"]\n')
    code, out, err = run("add", str(f), "--db", db, "--pipeline", str(conf), "--json")
    assert code == 0, err
    code, out, _ = run("show", "--db", db, "--json", json.loads(out)["inputs"][0]["added"][0])
    shown = json.loads(out)
    assert shown["annotations"]["dates"] and shown["annotations"]["toponyms"] == []
    assert shown["claims"] == []
    bad = tmp_path / "bad.toml"
    bad.write_text('stages = ["sentences", "telepathy"]\n')
    code, _, err = run("extract", "--db", db, "--force", "--pipeline", str(bad))
    assert code == 2 and "telepathy" in err


def test_fakes_dev_spreadsheet_goes_in_with_one_command(
    tmp_path: Path, shared: Callable[..., Path]
) -> None:
    csv_path = shared("fakes-dev.csv")
    db = str(tmp_path / "s.db")
    code, out, err = run(
        "add", str(csv_path), "--db", db, "--json", "--no-extract",
        "--csv-text", "article_content", "--csv-title", "article_title",
        "--csv-date", "date", "--csv-source", "source", "--csv-id", "unit_id",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["added"] == 298
    code, out, _ = run("reports", "--db", db, "--json", "--limit", "1000")
    reports = json.loads(out)
    assert len(reports) == 298 and all(r["published"] and r["source"] for r in reports)
    code, out, _ = run("verify", "--db", db, "--json")
    assert code == 0 and json.loads(out)["reports"] == 298
