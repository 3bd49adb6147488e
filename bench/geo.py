"""Geoparsing benchmark: build time, load time, resolution and parsing speed, peak RSS.

    python bench/geo.py [--gold ../shared/data/geo/lgl.xml] [--fakes ../shared/data/fakes-dev.csv]
                        [--build] [--json]

Speeds are printed with a baseline measured in the same process (a plain dict look-up of the
same names), so that runs on different machines can be compared by ratio. Load time and peak
RSS are measured in a fresh subprocess (what a user pays on `tadmor extract`). Nothing here
asserts a timing; tests never do.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tadmor.geo import Geoparser, build_gazetteer, default_gazetteer_path, open_gazetteer
from tadmor.geo.evaluate import read_gold
from tadmor.geo.fakes import evaluate_fakes

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo" / "lgl.xml"
DEFAULT_FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakes-dev.csv"
FALLBACK_TEXT = (
    "Islamic State fighters seized Palmyra on Wednesday after days of clashes near Homs, the "
    "Syrian Observatory said. Residents fled towards Damascus and Deir ez-Zor; Turkish and "
    "Iraqi officials met in Ankara, while Aleppo and Idlib were shelled. "
) * 4

_CHILD = """
import sys, time, json
t0 = time.perf_counter()
from tadmor.geo import Geoparser, open_gazetteer
gp = Geoparser(open_gazetteer(sys.argv[1], build=False))
gp.resolve("Palmyra", country_hint="SY")
load = time.perf_counter() - t0
texts = json.loads(sys.stdin.read())
for t in texts:
    gp.parse(t)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM"))
print(json.dumps({"load_s": load, "peak_rss_mb": hwm / 1024}))
"""


def _corpus(gold: Path | None) -> tuple[list[str], list[tuple[str, list[tuple[int, int]]]]]:
    if gold and gold.exists():
        arts = list(read_gold(gold))
        texts = [a.text for a in arts]
        spans = [(a.text, [(t.start, t.end) for t in a.toponyms]) for a in arts]
        return texts, spans
    return [FALLBACK_TEXT] * 50, [(FALLBACK_TEXT, [])] * 50


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--fakes", type=Path, default=DEFAULT_FAKES,
                    help="FA-KES-layout CSV: governorate accuracy of the geoparser alone")
    ap.add_argument("--build", action="store_true", help="also time a fresh gazetteer build")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args(argv)
    out: dict[str, object] = {}

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            built = build_gazetteer(Path(tmp) / "g.sqlite")
            out["build_s"] = round(time.perf_counter() - t, 2)
            out["gazetteer_mb"] = round(built.stat().st_size / 2**20, 1)

    path = default_gazetteer_path()
    gp = Geoparser(open_gazetteer(path))
    texts, spans = _corpus(args.gold)

    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], input=json.dumps(texts[:200]),
        capture_output=True, text=True, check=True, env=dict(os.environ))
    out.update({k: round(v, 3) for k, v in json.loads(child.stdout).items()})

    # resolution of given spans (the gold-span setting), whole corpus: the first pass meets
    # every name cold (SQLite reads, per-country fuzzy buckets), the second is the steady state
    names = [text[s:e] for text, ss in spans for s, e in ss]
    if names:
        for label in ("cold", "warm"):
            t = time.perf_counter()
            for text, ss in spans:
                gp.resolve_spans(text, ss)
            out[f"toponyms_per_s_{label}"] = round(len(names) / (time.perf_counter() - t))
        out["toponyms"] = len(names)
        table = {n: i for i, n in enumerate(set(names))}
        t = time.perf_counter()
        for _ in range(20):
            for n in names:
                table.get(n)
        base = 20 * len(names) / (time.perf_counter() - t)
        out["baseline_dict_lookups_per_s"] = round(base)
        out["warm_ratio_to_dict_lookup"] = float(
            f"{out['toponyms_per_s_warm'] / base:.3g}")  # type: ignore[operator]

    # full parsing (recognition + resolution) of articles
    t = time.perf_counter()
    words = 0
    for text in texts:
        gp.parse(text)
        words += len(text.split())
    dt = time.perf_counter() - t
    out["articles"] = len(texts)
    out["articles_per_s"] = round(len(texts) / dt, 1)
    out["ms_per_300_words"] = round(dt / words * 300 * 1000, 2)

    if args.fakes and args.fakes.exists():
        t = time.perf_counter()
        fk = evaluate_fakes(gp, args.fakes)
        out["fakes_governorate_accuracy"] = round(fk.accuracy, 4)
        out["fakes_articles_per_s"] = round(fk.n / (time.perf_counter() - t), 1)

    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>28}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
