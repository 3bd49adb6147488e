import csv
import json
from pathlib import Path

import pytest

from tadmor.cli.eval_claims import events, facts, read_events_tsv, score_events, score_facts

from .conftest import FAKES

FIXTURE = Path(__file__).parent / "fixtures" / "events-mini.tsv"


def test_events_tsv_layout_and_scores(capsys: pytest.CaptureFixture[str]) -> None:
    rows = read_events_tsv(FIXTURE)
    assert len(rows) == 8 and rows[0][2] == "AIR_STRIKE"
    events(FIXTURE, None)
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 8 and out["conflict_rows"] == 6
    assert 0.0 <= out["weighted_f1"] <= 1.0 and 0.0 <= out["macro_f1"] <= 1.0
    assert out["not_conflict_rows"] == 2
    assert set(out["per_class"]) >= {"AIR_STRIKE", "ARREST"}


def test_events_scoring_counts_confusions() -> None:
    rows = [
        ("1", "Police arrested five men.", "ARREST"),
        ("2", "Police arrested five men.", "ATTACK"),
        ("3", "An earthquake hit the city.", "NATURAL_DISASTER"),
    ]
    out = score_events(rows)
    assert out["per_class"]["ARREST"]["precision"] == 0.5
    assert out["confusions"] == {"ATTACK->ARREST": 1}
    assert out["not_conflict_accuracy"] == 1.0


def test_bad_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\tc\n1\tx\tOTHER\n", encoding="utf-8")
    with pytest.raises(Exception, match="expected header"):
        read_events_tsv(bad)


def test_facts_on_a_synthetic_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.csv"
    fields = [
        "unit_id",
        "article_title",
        "article_content",
        "source",
        "date",
        "location",
        "actor",
        "cause_of_death",
        "nb_children",
        "nb_civilians",
        "nb_noncivilians",
        "nb_women",
        "label",
    ]
    with open(gold, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerow(
            {
                "unit_id": "1",
                "article_title": "t",
                "source": "x",
                "label": "1",
                "article_content": "Published April 8 2017 An air strike by regime "
                "warplanes killed 18 civilians including five children on Saturday.",
                "date": "4/8/17",
                "location": "idlib",
                "actor": "syrian government or russian troops",
                "cause_of_death": "shelling",
                "nb_children": "5",
                "nb_civilians": "18",
                "nb_noncivilians": "0",
                "nb_women": "0",
            }
        )
    facts(gold, None, None)
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 1
    for field in ("date", "cause_of_death", "actor", "nb_civilians_exact", "nb_children"):
        assert out[field] == 1.0, field


@pytest.mark.shared
@pytest.mark.slow
def test_facts_on_fakes_dev() -> None:
    if not FAKES.exists():
        pytest.skip(f"shared data absent: {FAKES}")
    from tadmor.cli.eval_claims import read_fakes

    out = score_facts(read_fakes(FAKES), limit=60)
    assert out["rows"] == 60
    # Floors well under the measured figures (README of the extract package): a regression
    # guard, not the acceptance bar.
    assert out["cause_of_death"] >= 0.7 and out["nb_civilians_exact"] >= 0.55
