"""Ingest benchmark: FA-KES dev articles repeated to N reports, through `tadmor add`.

Prints reports/s for collect only and collect + extract, each against a plain SQLite insert of
the same texts measured in the same run (one transaction per row, WAL, like tadmor's), and the
peak RSS of each phase (each phase runs in its own process so peaks do not mix).

    python bench/ingest.py [--n 10000] [--extract-n 2000] [--shared ../shared/data]

Repeated articles get a distinct suffix so that each is a new original; near-duplicate
detection then links every repeat to its first copy, which is the realistic worst case.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"


def make_corpus(shared: Path, n: int, out: Path) -> Path:
    rows = list(csv.DictReader((shared / "fakes-dev.csv").open(encoding="utf-8")))
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "date", "source", "text"])
        for i in range(n):
            r = rows[i % len(rows)]
            suffix = f" [copy {i // len(rows)}]" if i >= len(rows) else ""
            w.writerow(
                [f"{i}", r["article_title"], r["date"], r["source"], r["article_content"] + suffix]
            )
    return out


def texts_of(path: Path) -> list[str]:
    return [r["text"] for r in csv.DictReader(path.open(encoding="utf-8"))]


def phase_sqlite(corpus: Path, db: Path) -> dict[str, float]:
    texts = texts_of(corpus)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, text TEXT)")
    t0 = time.perf_counter()
    for i, t in enumerate(texts):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO r VALUES (?, ?)", (i, t))
        conn.execute("COMMIT")
    return {"seconds": time.perf_counter() - t0, "reports": len(texts)}


def phase_tadmor(corpus: Path, db: Path, extract: bool) -> dict[str, float]:
    from tadmor.collect.readers import ReadOptions
    from tadmor.collect.records import CsvColumns, Original
    from tadmor.collect.service import add_original
    from tadmor.extract.service import extract_reports
    from tadmor.store import Store

    store = Store.open(db)
    if extract:  # load models and gazetteer before timing, as a long-running batch would
        from tadmor.extract.pipeline import Pipeline
        from tadmor.extract.records import Document

        pipeline = Pipeline.from_config()
        pipeline(Document(text="Warm-up: shelling hit Aleppo on Monday, killing 3 civilians."))
    t0 = time.perf_counter()
    original = Original(corpus.read_bytes(), corpus.name)
    cols = CsvColumns(text="text", title="title", date="date", source="source", id="id")
    out = add_original(store, original, options=ReadOptions(csv=cols), collector="bench")
    t1 = time.perf_counter()
    claims = 0
    if extract:
        claims = extract_reports(store, actor="bench").claims
    t2 = time.perf_counter()
    return {
        "seconds": t2 - t0,
        "collect_seconds": t1 - t0,
        "extract_seconds": t2 - t1,
        "reports": len(out.added),
        "claims": claims,
    }


def run_phase(args: argparse.Namespace) -> None:
    corpus, db = Path(args.corpus), Path(args.db)
    if args.phase == "sqlite":
        res = phase_sqlite(corpus, db)
    else:
        res = phase_tadmor(corpus, db, extract=args.phase == "extract")
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def child(phase: str, corpus: Path, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--corpus", str(corpus), "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports for the collect-only run")
    ap.add_argument("--extract-n", type=int, default=10_000, help="reports for the extract run")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("TADMOR_SHARED_DATA", DEFAULT_SHARED))
    )
    ap.add_argument("--phase", choices=["sqlite", "collect", "extract"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        run_phase(args)
        return 0
    if not (args.shared / "fakes-dev.csv").exists():
        print(f"needs {args.shared / 'fakes-dev.csv'} (the shared FA-KES dev set)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="tadmor-bench-"))
    results = {}
    for label, phase, n in (
        ("collect", "collect", args.n),
        ("collect+extract", "extract", args.extract_n),
    ):
        if n <= 0:
            continue
        corpus = make_corpus(args.shared, n, tmp / f"corpus-{n}.csv")
        base = child("sqlite", corpus, tmp / f"plain-{label}.db")
        res = child(phase, corpus, tmp / f"tadmor-{label}.db")
        rate = res["reports"] / res["seconds"]
        base_rate = base["reports"] / base["seconds"]
        results[label] = {
            "reports": int(res["reports"]),
            "reports_per_s": round(rate, 1),
            "plain_sqlite_reports_per_s": round(base_rate, 1),
            "ratio_vs_plain_sqlite": round(rate / base_rate, 4),
            "peak_rss_mb": round(res["peak_rss_mb"], 1),
            "plain_sqlite_peak_rss_mb": round(base["peak_rss_mb"], 1),
            **(
                {
                    "claims": int(res["claims"]),
                    "extract_reports_per_s": round(res["reports"] / res["extract_seconds"], 1),
                }
                if phase == "extract"
                else {}
            ),
        }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
