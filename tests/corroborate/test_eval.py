"""``tadmor eval incidents`` on the shared GVC set (skipped when the data is absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tadmor.corroborate.evaluate import GoldFormatError, read_gold

SHARED_DATA = (
    Path(os.environ.get("TADMOR_SHARED", Path(__file__).resolve().parents[3] / "shared")) / "data"
)


def shared_file(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data file {path} (not present on this machine)")
    return path


@pytest.mark.shared
def test_gvc_bcubed_f1_at_least_090() -> None:
    from tadmor.cli.app import app

    gold = shared_file("incidents", "gvc-train.jsonl")
    res = CliRunner().invoke(app, ["eval", "incidents", "--gold", str(gold)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["bcubed_f1"] >= 0.90
    assert result["gold_incidents"] == 170


def test_bad_gold_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"doc_id": "1", "incident_id": "a", "text": "x"}\n{"doc_id": 2}\n')
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:2"):
        read_gold(bad)
