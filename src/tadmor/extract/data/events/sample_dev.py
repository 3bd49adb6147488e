"""Draw the candidate sentences of the events *development* set (run once, then labelled by hand;
see ``data/events/README.md``, section "dev.tsv").

Same sources and sentence filter as :mod:`.sample_heldout` (FA-KES dev articles, GVC articles),
but a different seed, and **no article that gave a sentence to the held-out test set**
(``tests/extract/fixtures/events-heldout.tsv``) is drawn from: only that file's id column is read
(``fakes:<unit_id>:...``, ``gvc:<doc_id>:...``), so development and test text never share an
article. The Palmyra article is left to the test set. The draw looks at no classifier output.

    python -m tadmor.extract.data.events.sample_dev --out /tmp/dev-candidates.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from tadmor.extract.data.events.sample_heldout import _EVENTISH, SHARED, _sentences

HELDOUT = (
    Path(__file__).resolve().parents[5] / "tests" / "extract" / "fixtures" / "events-heldout.tsv"
)


def heldout_articles() -> set[str]:
    with open(HELDOUT, encoding="utf-8", newline="") as fh:
        ids = [line.split("\t", 1)[0] for line in fh][1:]
    return {":".join(i.split(":")[:2]) for i in ids}


def draw(n_fakes: int, n_gvc: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    banned = heldout_articles()
    csv.field_size_limit(sys.maxsize)
    with open(SHARED / "fakes-dev.csv", encoding="utf-8", newline="") as fh:
        fk = [
            (f"fakes:{r['unit_id']}:{i}", s)
            for r in csv.DictReader(fh)
            if f"fakes:{r['unit_id']}" not in banned
            for i, s in enumerate(_sentences(r["article_content"]))
        ]
    with open(SHARED / "incidents" / "gvc-train.jsonl", encoding="utf-8") as fh:
        gv = [
            (f"gvc:{d['doc_id'][:12]}:{i}", s)
            for d in map(json.loads, fh)
            if f"gvc:{d['doc_id'][:12]}" not in banned
            for i, s in enumerate(_sentences(d["text"]))
        ]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, pool in ((n_fakes, fk), (n_gvc, gv)):
        rng.shuffle(pool)
        # At most two sentences per article, so that a few long articles do not dominate.
        per: dict[str, int] = {}
        ev = [p for p in pool if _EVENTISH.search(p[1])]
        rest = [p for p in pool if not _EVENTISH.search(p[1])]
        picked: list[tuple[str, str]] = []
        for src, want in ((ev, (3 * n) // 4), (rest, n - (3 * n) // 4)):
            k = 0
            for p in src:
                art = ":".join(p[0].split(":")[:2])
                if k >= want or per.get(art, 0) >= 2 or p[1] in seen:
                    continue
                per[art] = per.get(art, 0) + 1
                seen.add(p[1])
                picked.append(p)
                k += 1
        out += picked
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--fakes", type=int, default=170)
    ap.add_argument("--gvc", type=int, default=40)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    with open(a.out, "w", encoding="utf-8", newline="") as fh:
        fh.write("id\tEventSnippet\tSubType\n")
        for i, s in draw(a.fakes, a.gvc, a.seed):
            fh.write(f"{i}\t{s}\t\n")


if __name__ == "__main__":
    main()
