"""Governorate accuracy of the geoparser alone on FA-KES-layout articles.

FA-KES (Abu Salem et al., ICWSM 2019) labels each Syrian-war report with the governorate of the
incident it reports. The places stage is scored here without the claims stages: the report's
governorate is the one its Syrian toponyms name most often (ties: the first named), which is
what the facts layer falls back to when no claim carries a place. This isolates the geoparser's
share of the location error: a false toponym ("Date" taken for a town) or a missed one ("Deir
Ezour") changes the vote.

FA-KES has twelve labels: Rif Dimashq (the Damascus countryside) is folded into "damascus".
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.geo.normalize import governorate_key
from tadmor.geo.parser import Geoparser
from tadmor.geo.records import Toponym

_FOLD = {"rif dimashq": "damascus"}


def fakes_governorate(admin1: str) -> str:
    """An admin1 name as an FA-KES label ("Rif Dimashq" counts as "damascus")."""
    k = governorate_key(admin1)
    return _FOLD.get(k, k)


def report_governorate(toponyms: Iterable[Toponym]) -> str | None:
    """The Syrian governorate the toponyms name most often (first named wins a tie)."""
    counts: Counter[str] = Counter()
    for t in toponyms:
        p = t.place
        if p is not None and p.country_code == "SY" and p.admin1:
            counts[fakes_governorate(p.admin1)] += 1
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], -list(counts).index(k)))


@dataclass
class FakesResult:
    n: int = 0
    correct: int = 0
    no_answer: int = 0
    # (unit_id, gold, predicted) of every miss, for reading, not for tuning
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "governorate_accuracy": round(self.accuracy, 4),
                "no_answer": self.no_answer}


def evaluate_fakes(geoparser: Geoparser, csv_path: str | Path,
                   limit: int | None = None) -> FakesResult:
    """Parse each article (country hint SY, as the pipeline does for FA-KES) and compare the
    voted governorate with the ``location`` column."""
    out = FakesResult()
    with Path(csv_path).open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if limit is not None and n >= limit:
                break
            text = row["article_content"]
            gold = governorate_key(row["location"].strip())
            gold = _FOLD.get(gold, gold)
            got = report_governorate(geoparser.parse(text, country_hint="SY"))
            out.n += 1
            if got is None:
                out.no_answer += 1
            if got == gold:
                out.correct += 1
            else:
                out.misses.append((row.get("unit_id", str(n)), gold, got))
    return out
