"""Short synthetic war reports for batch tests: varied places, actors, tolls and dates, with
exact and near copies so duplicate linking (which depends on write order) is exercised."""

from __future__ import annotations

import csv
import random
from pathlib import Path

PLACES = ["Aleppo", "Homs", "Idlib", "Palmyra", "Raqqa", "Deir ez-Zor", "Douma", "Daraa", "Hama"]
ACTORS = ["Syrian government forces", "ISIS fighters", "Russian warplanes", "rebel groups"]
EVENTS = [
    "{actor} shelled a market in {place} on {day} May 2015, killing {n} civilians",
    "An air strike by {actor} hit a hospital in {place} on {day} May 2015; {n} people died",
    "{actor} executed {n} men near the ancient ruins of {place} on {day} May 2015",
    "Clashes between {actor} and local militias near {place} left {n} fighters dead on {day} May",
    "A car bomb exploded in central {place} on {day} May 2015, wounding {n} people",
]
SOURCES = ["SANA", "SOHR", "Reuters", "Al Jazeera", "Enab Baladi"]


def write_corpus(path: Path, n: int, seed: int = 8) -> Path:
    """A CSV of ``n`` short reports (id, title, date, source, text)."""
    rng = random.Random(seed)
    texts: list[str] = []
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "date", "source", "text"])
        for i in range(n):
            if i and i % 37 == 0:
                text = texts[rng.randrange(len(texts))]  # an exact copy
            elif i and i % 23 == 0:
                text = texts[rng.randrange(len(texts))] + " Activists confirmed the toll."
            else:
                tmpl = rng.choice(EVENTS)
                text = (
                    tmpl.format(
                        actor=rng.choice(ACTORS),
                        place=rng.choice(PLACES),
                        day=rng.randint(1, 28),
                        n=rng.randint(2, 40),
                    )
                    + f". Residents said the area had been calm for {rng.randint(2, 9)} days."
                    + f" Report {i}."
                )
            texts.append(text)
            w.writerow([f"r{i}", f"Report {i}", f"2015-05-{rng.randint(1, 28):02d}",
                        rng.choice(SOURCES), text])
    return path


def write_inputs(root: Path, n: int) -> list[str]:
    """A CSV of ``n`` rows plus a folder of loose text files, one of them empty (a failure)."""
    root.mkdir(parents=True, exist_ok=True)
    csv_path = write_corpus(root / "reports.csv", n)
    loose = root / "loose"
    loose.mkdir(exist_ok=True)
    (loose / "a.txt").write_text(
        "Government forces shelled Douma on 12 May 2015, killing 7 civilians.", encoding="utf-8"
    )
    (loose / "b.txt").write_text(
        "ISIS fighters entered Palmyra on 20 May 2015 and executed 20 men.", encoding="utf-8"
    )
    (loose / "empty.txt").write_text("", encoding="utf-8")
    return [str(csv_path), str(loose)]
