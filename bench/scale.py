"""Scale-out benchmark: `tadmor batch` on a local Dask cluster with 1 and 2 workers.

Builds N synthetic-but-realistic reports from the FA-KES dev articles (each repeat gets a
distinct suffix, so it is a new report and near-duplicate linking runs on every one), runs
collect + extract with each worker count into a fresh store, and prints:

* reports/s end to end (wall clock, including cluster start and model loading),
* the per-worker rate from the workers' own CPU time (the machine is shared, so wall clock
  alone is noisy), the speed-up from 1 to 2 workers,
* the writer's rate (reports committed per second of transaction time, claims included),
* the model: throughput(N) = min(N x per-worker rate, write rate), and the N where the
  writer would become the bottleneck,
* peak RSS per worker, and the load average before and after each run.

    python bench/scale.py [--n 100000] [--workers 1 2] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
import uuid
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


def fresh_store_url(pg: str | None, tmp: Path, name: str) -> str:
    if not pg:
        return f"sqlite:///{tmp / name}.db"
    from sqlalchemy import create_engine, text

    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in pg else "?"
    return f"{pg}{sep}options=-csearch_path%3D{schema}"


def run(corpus: Path, url: str, workers: int) -> dict[str, float]:
    from tadmor.batch import BatchOptions, run_batch
    from tadmor.collect.readers import ReadOptions
    from tadmor.collect.records import CsvColumns
    from tadmor.store import Store

    store = Store(url)
    cols = CsvColumns(text="text", title="title", date="date", source="source", id="id")
    opts = BatchOptions(read=ReadOptions(csv=cols), collector="bench", rows_per_task=50)
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    s = run_batch(store, [str(corpus)], cluster=f"local[{workers}]", options=opts)
    wall, client_cpu = time.perf_counter() - t0, time.process_time() - c0
    store.close()
    n = s.reports_added
    per_worker = n / s.worker_cpu_seconds if s.worker_cpu_seconds else 0.0
    return {
        "workers": workers,
        "reports": n,
        "claims": s.claims,
        "failures": len(s.failures),
        "wall_s": round(wall, 1),
        "reports_per_s": round(n / wall, 1),
        "worker_cpu_s": round(s.worker_cpu_seconds, 1),
        "per_worker_cpu_rate": round(per_worker, 1),
        "client_cpu_s": round(client_cpu, 1),
        "write_s": round(s.write_seconds, 1),
        "write_rate": round(n / s.write_seconds, 1) if s.write_seconds else 0.0,
        "peak_rss_mb_per_worker": round(s.worker_peak_rss_mb),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--pg", help="PostgreSQL URL (a fresh schema per run); default SQLite")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("TADMOR_SHARED_DATA", DEFAULT_SHARED))
    )
    args = ap.parse_args()
    if not (args.shared / "fakes-dev.csv").exists():
        print(f"needs {args.shared / 'fakes-dev.csv'}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = make_corpus(args.shared, args.n, tmp / "corpus.csv")
        results = []
        for w in args.workers:
            res = run(corpus, fresh_store_url(args.pg, tmp, f"w{w}"), w)
            results.append(res)
            print(json.dumps(res), flush=True)
    base = results[0]
    write_rate = min(r["write_rate"] for r in results if r["write_rate"])
    per_worker = base["per_worker_cpu_rate"]
    model = {
        "per_worker_cpu_rate": per_worker,
        "write_rate": write_rate,
        "throughput_model": {
            n: round(min(n * per_worker, write_rate), 1) for n in (1, 2, 4, 8, 16)
        },
        "writer_bound_from_workers": round(write_rate / per_worker, 1) if per_worker else None,
    }
    if len(results) > 1:
        model["speedup_wall"] = round(results[1]["reports_per_s"] / base["reports_per_s"], 2)
    print(json.dumps(model))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
