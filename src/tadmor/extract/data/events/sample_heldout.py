"""Draw the candidate sentences of the held-out real event test set (run once, then labelled by
hand; see tests/extract/fixtures/README.md).

Real sentences from the shared corpora: FA-KES dev articles (Syrian war news), GVC articles
(US local news on gun violence) and the Palmyra article. Sentences of 8 to 45 words; three in
four must contain an event-like word (the CASE 2021 snippets are event descriptions), the rest
are drawn from all sentences so that background sentences are tested too. The draw is seeded
and does not look at any classifier output.

    python -m tadmor.extract.data.events.sample_heldout --out /tmp/candidates.tsv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

from tadmor.extract.stages.sentences import split_sentences

SHARED = Path(__file__).resolve().parents[6] / "shared" / "data"
_EVENTISH = re.compile(
    r"\b(?:kill\w*|strike\w*|raid\w*|attack\w*|shell\w*|bomb\w*|clash\w*|fight\w*|captur\w*|"
    r"seiz\w*|execut\w*|arrest\w*|protest\w*|shot|shoot\w*|explo\w*|rocket\w*|missile\w*|"
    r"abduct\w*|kidnap\w*|agree\w*|ceasefire|truce|withdr\w*|control|destroy\w*|loot\w*|"
    r"gas|chemical|wounded|dead|died|fire|demonstrat\w*|riot\w*|mine\w*|police)\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    out = []
    for s in split_sentences(text):
        t = " ".join(s.text.split())
        if 8 <= len(t.split()) <= 45 and "\t" not in t:
            out.append(t)
    return out


def draw(n_fakes: int, n_gvc: int, n_palmyra: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    csv.field_size_limit(sys.maxsize)
    pools: list[tuple[str, int, list[tuple[str, str]]]] = []
    with open(SHARED / "fakes-dev.csv", encoding="utf-8", newline="") as fh:
        fk = [
            (f"fakes:{r['unit_id']}:{i}", s)
            for r in csv.DictReader(fh)
            for i, s in enumerate(_sentences(r["article_content"]))
        ]
    pools.append(("fakes", n_fakes, fk))
    with open(SHARED / "incidents" / "gvc-train.jsonl", encoding="utf-8") as fh:
        gv = [
            (f"gvc:{d['doc_id'][:12]}:{i}", s)
            for d in map(json.loads, fh)
            for i, s in enumerate(_sentences(d["text"]))
        ]
    pools.append(("gvc", n_gvc, gv))
    pa = [
        (f"palmyra:{i}", s)
        for i, s in enumerate(_sentences((SHARED / "palmyra-2015.txt").read_text("utf-8")))
    ]
    pools.append(("palmyra", n_palmyra, pa))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, n, pool in pools:
        rng.shuffle(pool)
        ev = [p for p in pool if _EVENTISH.search(p[1])]
        want_ev = (3 * n) // 4
        picked = ev[:want_ev]
        rest = [p for p in pool if p not in picked]
        picked += rest[: n - len(picked)]
        for p in picked:
            if p[1] not in seen:
                seen.add(p[1])
                out.append(p)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--fakes", type=int, default=130)
    ap.add_argument("--gvc", type=int, default=40)
    ap.add_argument("--palmyra", type=int, default=14)
    ap.add_argument("--seed", type=int, default=2021)
    a = ap.parse_args()
    rows = draw(a.fakes, a.gvc, a.palmyra, a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        fh.write("id\tEventSnippet\tSubType\n")
        for rid, s in rows:
            fh.write(f"{rid}\t{s}\t\n")


if __name__ == "__main__":
    main()


_RARE = re.compile(
    r"\b(?:arrest\w*|detain\w*|kidnap\w*|abduct\w*|protest\w*|demonstrat\w*|captur\w*|"
    r"seiz\w*|took\s+control|retook|recaptur\w*|ceasefire|truce|agreement|execut\w*|loot\w*|"
    r"defus\w*|behead\w*|suicide|withdr\w*|riot\w*|hostage\w*|rape\w*|grenade\w*|landmine\w*|"
    r"car\s+bomb|sniper\w*|dismantl\w*|surrender\w*|evacuat\w*)\b",
    re.IGNORECASE,
)


def draw_rare(n: int, seed: int, exclude: set[str]) -> list[tuple[str, str]]:
    """A second draw of FA-KES sentences naming rarer event kinds (arrests, captures,
    abductions, protests, agreements...), which a random draw of Syrian war news seldom gives."""
    rng = random.Random(seed + 1)
    csv.field_size_limit(sys.maxsize)
    with open(SHARED / "fakes-dev.csv", encoding="utf-8", newline="") as fh:
        pool = [
            (f"fakes:{r['unit_id']}:{i}", s)
            for r in csv.DictReader(fh)
            for i, s in enumerate(_sentences(r["article_content"]))
            if _RARE.search(s) and s not in exclude
        ]
    rng.shuffle(pool)
    out, seen = [], set(exclude)
    for p in pool:
        if p[1] not in seen:
            seen.add(p[1])
            out.append(p)
        if len(out) == n:
            break
    return out
