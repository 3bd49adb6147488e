"""Scale-out benchmark: the batch writer on its own, then `tadmor batch` on 1 and 2 workers.

The corpus is N synthetic-but-realistic reports made from the FA-KES dev articles: the 298
articles as they are, then rewrites (most of a base article's sentences in order, some
sentences from three other articles), with about 1 in 10 a near copy of an earlier report (a
line appended) and 1 in 33 an exact copy, so duplicate linking sees syndication at a plausible
rate instead of every report being a copy. It is cut into CSV files of 5,000 rows (an archive
delivered in parts; each file is one original).

Printed, one JSON object a line:

* ``writer``, per backend: the writer alone on ``--writer-n`` reports already extracted in
  this process (pickled per task as Dask ships them, so unpickling is counted): reports/s
  and claims/s committed on the wall clock, and the CPU seconds of the writer process and of
  its PostgreSQL backend. The machine is shared, so the CPU-bound figure
  ``reports_per_cpu_s`` (reports over writer + server CPU) is the one that does not depend
  on what else runs; ``overlapped_rate`` is the rate if writer and server each had a core.
* ``run``, per worker count: end-to-end reports/s (wall clock, cluster start and model
  loading included), the per-worker rate from the workers' own CPU time, the writer's share,
  peak RSS per worker, and the load average before and after.
* ``model``: throughput(N) = min(N x per-worker rate, write rate), the worker count N* at
  which the writer becomes the bottleneck, and the 1 -> 2 worker speed-up (wall and CPU).

    python bench/scale.py [--n 100000] [--workers 1 2] [--pg postgresql+psycopg://...]

These reports are FA-KES length (about 1,800 characters, ten claims each): one worker
extracts about 22 a second on the quiet 2-core development machine, so ``--n 100000`` takes
about 77 min on 1 worker plus 50 min on 2 (plus two minutes for the writer on its own);
``--workers 2`` alone halves that.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import random
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from _proc import cpu_seconds as proc_cpu_seconds

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"
ROWS_PER_FILE = 5000
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


class Corpus:
    """Deterministic report texts: report ``i`` is the same whatever N is."""

    def __init__(self, shared: Path) -> None:
        self.rows = list(csv.DictReader((shared / "fakes-dev.csv").open(encoding="utf-8")))
        self.sentences = [_SENTENCE.split(r["article_content"]) for r in self.rows]

    def base_of(self, i: int) -> int:
        return (
            i % len(self.rows) if i < len(self.rows) else random.Random(i).randrange(len(self.rows))
        )

    def text(self, i: int) -> str:
        n = len(self.rows)
        if i < n:
            return self.rows[i]["article_content"]
        rng = random.Random(i)
        if i % 33 == 0:
            return self.text(rng.randrange(i))  # an exact copy of an earlier report
        if i % 10 == 0:
            return self.text(rng.randrange(i)) + " Activists confirmed the toll on Sunday."
        base = self.sentences[self.base_of(i)]
        keep = [s for s in base if rng.random() < 0.7] or base[:1]
        for _ in range(3):
            other = self.sentences[rng.randrange(n)]
            pos = rng.randrange(len(keep) + 1)
            keep.insert(pos, other[rng.randrange(len(other))])
        return " ".join(keep)

    def write(self, n: int, out: Path) -> list[str]:
        """CSV files of ROWS_PER_FILE rows (id, title, date, source, text)."""
        out.mkdir(parents=True, exist_ok=True)
        paths: list[str] = []
        for start in range(0, n, ROWS_PER_FILE):
            path = out / f"part-{start // ROWS_PER_FILE:04d}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["id", "title", "date", "source", "text"])
                for i in range(start, min(n, start + ROWS_PER_FILE)):
                    r = self.rows[self.base_of(i)]
                    w.writerow([f"{i}", r["article_title"], r["date"], r["source"], self.text(i)])
            paths.append(str(path))
        return paths


def fresh_store_url(pg: str | None, tmp: Path, name: str) -> tuple[str, str | None]:
    """A new, empty store; on PostgreSQL a schema of its own and an application name by which
    its server backends are found (to read their CPU time)."""
    if not pg:
        return f"sqlite:///{tmp / name}.db", None
    from sqlalchemy import create_engine, text

    tag = uuid.uuid4().hex[:8]
    schema = f"bench_{name}_{tag}"
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in pg else "?"
    app = f"tadmor-bench-{tag}"
    return f"{pg}{sep}options=-csearch_path%3D{schema}&application_name={app}", app


def drop_schema(pg: str | None, url: str) -> None:
    if not pg or "search_path%3D" not in url:
        return
    from sqlalchemy import create_engine, text

    schema = url.split("search_path%3D")[1].split("&")[0]
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def server_cpu_seconds(pg: str | None, app: str | None) -> float:
    """CPU time of the PostgreSQL backends serving ``app`` (0 when the server is remote or
    the store is SQLite, where the engine runs in the writer's own process)."""
    if not pg or not app:
        return 0.0
    from sqlalchemy import create_engine, text

    engine = create_engine(pg)
    with engine.connect() as conn:
        pids = (
            conn.execute(
                text("SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": app}
            )
            .scalars()
            .all()
        )
    engine.dispose()
    return proc_cpu_seconds(pids)


def _options() -> Any:
    from tadmor.batch import BatchOptions
    from tadmor.collect.readers import ReadOptions
    from tadmor.collect.records import CsvColumns

    cols = CsvColumns(text="text", title="title", date="date", source="source", id="id")
    return BatchOptions(read=ReadOptions(csv=cols), collector="bench", rows_per_task=50)


def extract_here(paths: list[str]) -> tuple[Any, Any, list[bytes]]:
    """Run the workers' function in this process over ``paths``: the task results, pickled
    one by one as Dask would ship them, for timing the writer on its own."""
    from tadmor.batch.inputs import Plan, plan_tasks
    from tadmor.batch.runner import pipeline_spec
    from tadmor.batch.work import run_task
    from tadmor.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/empty.db"
        store = Store(url)
        spec = pipeline_spec(store)
        opts = _options()
        plan = Plan({}, {})
        tasks = plan_tasks(paths, opts, plan)
        results = [pickle.dumps(run_task(t, opts, spec, url)) for t in tasks]
        store.close()
    return spec, plan, results


def time_writer(
    spec: Any, plan: Any, results: list[bytes], url: str, pg: str | None, app: str | None
) -> dict[str, Any]:
    from tadmor.batch.inputs import Plan
    from tadmor.batch.records import BatchSummary
    from tadmor.batch.runner import _Writer
    from tadmor.store import Store, batch_repo

    store = Store(url)
    with store.write() as session:
        batch_repo.start_run(session, "bench", spec.version, [])
    summary = BatchSummary("bench", False, spec.version)
    writer = _Writer(
        store,
        "bench",
        _options(),
        spec,
        Plan(dict(plan.containers), dict(plan.last_task_of)),
        summary,
    )
    load = os.getloadavg()[0]
    s0 = server_cpu_seconds(pg, app)
    t0, c0 = time.perf_counter(), time.process_time()
    for blob in results:
        writer.add(pickle.loads(blob))
    writer.flush()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    server = server_cpu_seconds(pg, app) - s0
    store.close()
    n = summary.reports_added
    return {
        "writer": "postgresql" if pg else "sqlite",
        "reports": n,
        "claims": summary.claims,
        "wall_s": round(wall, 2),
        "reports_per_s": round(n / wall, 1),
        "claims_per_s": round(summary.claims / wall, 1),
        "writer_cpu_s": round(cpu, 2),
        "server_cpu_s": round(server, 2),
        "reports_per_cpu_s": round(n / (cpu + server), 1),
        "overlapped_rate": round(n / max(cpu, server), 1),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def run(
    paths: list[str], url: str, workers: int, pg: str | None, app: str | None
) -> dict[str, Any]:
    from tadmor.batch import run_batch
    from tadmor.store import Store

    store = Store(url)
    load_before = os.getloadavg()[0]
    s0 = server_cpu_seconds(pg, app)
    t0, c0 = time.perf_counter(), time.process_time()
    s = run_batch(store, paths, cluster=f"local[{workers}]", options=_options())
    wall, client_cpu = time.perf_counter() - t0, time.process_time() - c0
    server = server_cpu_seconds(pg, app) - s0  # before close: the writer's backend is counted
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
        # what the client process (scheduler, client, writer) and its PostgreSQL backend
        # take from the cores the workers share, a report: the cost of the driver side
        "client_cpu_ms_per_report": round(1000 * client_cpu / n, 3) if n else None,
        "server_cpu_ms_per_report": round(1000 * server / n, 3) if n else None,
        "write_s": round(s.write_seconds, 1),
        "write_share_of_wall": round(s.write_seconds / wall, 3),
        # how busy the workers were: stays near 1 while adding workers scales linearly
        "worker_busy": round(s.worker_cpu_seconds / (workers * wall), 2),
        "peak_rss_mb_per_worker": round(s.worker_peak_rss_mb),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--writer-n", type=int, default=2000, help="reports for the writer alone")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--pg", help="PostgreSQL URL (a fresh schema per run); default SQLite")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("TADMOR_SHARED_DATA", DEFAULT_SHARED))
    )
    args = ap.parse_args()
    if not (args.shared / "fakes-dev.csv").exists():
        print(f"needs {args.shared / 'fakes-dev.csv'}", file=sys.stderr)
        return 2
    corpus = Corpus(args.shared)
    writers: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.writer_n:
            sample = corpus.write(args.writer_n, tmp / "sample")
            spec, plan, pickled = extract_here(sample)
            for pg in (None, args.pg) if args.pg else (None,):
                url, app = fresh_store_url(pg, tmp, "writer")
                try:
                    res = time_writer(spec, plan, pickled, url, pg, app)
                finally:
                    drop_schema(pg, url)
                writers.append(res)
                print(json.dumps(res), flush=True)
            del pickled
        paths = corpus.write(args.n, tmp / "corpus") if args.workers else []
        for w in args.workers:
            url, app = fresh_store_url(args.pg, tmp, f"w{w}")
            try:
                res = run(paths, url, w, args.pg, app)
            finally:
                drop_schema(args.pg, url)
            results.append(res)
            print(json.dumps(res), flush=True)
    backend = "postgresql" if args.pg else "sqlite"
    write = next((w for w in writers if w["writer"] == backend), None)
    write_rate = write["reports_per_s"] if write else None
    per_worker = results[0]["per_worker_cpu_rate"] if results else None
    model: dict[str, Any] = {"backend": backend, "write_rate": write_rate}
    if write:
        model["write_rate_per_cpu_s"] = write["reports_per_cpu_s"]
    if write and per_worker and write_rate:
        model["per_worker_cpu_rate"] = per_worker
        model["throughput_model"] = {
            n: round(min(n * per_worker, write_rate), 1) for n in (1, 2, 4, 8, 16, 32)
        }
        model["writer_bound_from_workers"] = round(write_rate / per_worker, 1)
        model["writer_bound_from_workers_cpu"] = round(write["reports_per_cpu_s"] / per_worker, 1)
    if len(results) > 1:
        base, two = results[0], results[1]
        model["speedup_wall"] = round(two["reports_per_s"] / base["reports_per_s"], 2)
    print(json.dumps(model))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
