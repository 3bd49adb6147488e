"""Team server benchmark: N concurrent clients on loopback against a store of 100k incidents.

Builds a store (SQLite file, and/or a throwaway PostgreSQL schema) with synthetic incidents,
their memberships and reports, plus some restrictions so the viewer's restriction filter does
real work; starts ``uvicorn`` in a separate process on the app ``tadmor serve`` runs; then 200
clients (one API token each, all viewers: the most filtered path) list, filter and open
incidents over keep-alive HTTP/1.1 connections. Prints requests/s, p50/p95/p99 latency and the
number of errors (any answer but 200, or a broken connection) for each backend. Clients open
only incidents a viewer may see (a restricted id answers 404 by design, which is not an error).

Server and load generator share the machine's cores, so the figures depend on what else runs:
each row also gives the server's CPU time per request (its process tree, user + system; the
PostgreSQL backends not included), the load generator's, and the 1-minute load average before
and after the run.

Clients pause between requests (``--think``, mean seconds, exponential) as people and scripts
do; ``--think 0`` runs a closed loop instead, which measures the server's saturation
throughput (and then latency is just concurrency / throughput).

    python bench/serve.py [--backend sqlite|postgresql|both] [--incidents 100000]
                          [--clients 200] [--duration 20] [--think 1.0] [--workers 2]
                          [--page-cache 4096] [--json]

With the page cache (the server's default), repeated list pages are answered from memory while
the data is unchanged; in this mix the unfiltered pages and the type, grade, date-range and
actor filters repeat, the bounding boxes and the incident pages (random ids) do not.
``--page-cache 0`` measures every page built from the store.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from _proc import cpu_seconds as proc_cpu_seconds
from tadmor.api import auth, services
from tadmor.store import Store
from tadmor.store import server_repo as srv

PG_URL = os.environ.get("TADMOR_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TYPES = [
    ("Battles", "ARMED_CLASH"),
    ("Violence against civilians", "ATTACK"),
    ("Explosions/Remote violence", "ART_MISS_ATTACK"),
    ("Strategic developments", "PROPERTY_DISTRUCT"),
]
GRADES = ["confirmed", "fair", "weak", "contested"]
ACTORS = ["Islamic State (ISIS)", "Military Forces of Syria", "Civilians (Syria)", None]


def seed(store: Store, n: int, rng: random.Random) -> list[str]:
    """n incidents over 2011-2020 in the Levant, each with one member claim of one of n/5
    reports; 1% of the reports restricted. Returns the ids of the incidents a viewer sees."""
    now = dt.datetime(2024, 1, 1)
    n_reports = max(1, n // 5)
    reports = [
        {
            "id": f"r{i:023d}"[:24],
            "original_sha256": "0" * 64,
            "locator": f"row:{i}",
            "format": "csv",
            "text": f"Synthetic report {i}.",
            "text_sha256": "0" * 64,
            "source": f"Outlet {i % 50}",
            "collector": "bench",
            "collected_at": now,
            "seq": i + 1,
        }
        for i in range(n_reports)
    ]
    ids = [f"inc-{i:012x}" for i in range(n)]
    start = dt.date(2011, 3, 15)
    with store.write() as s:
        from tadmor.store import repository as repo

        repo.put_blob(s, b"bench", "text/plain", "0" * 64)
        for i in range(0, n_reports, 5000):
            srv.bulk_load(s, "reports", reports[i : i + 5000])
    for i in range(0, n, 5000):
        incidents, members = [], []
        for k in range(i, min(n, i + 5000)):
            et, st = rng.choice(TYPES)
            day = start + dt.timedelta(days=rng.randrange(3500))
            lat, lon = 32 + rng.random() * 5, 35 + rng.random() * 7
            incidents.append(
                {
                    "id": ids[k],
                    "event_type": et,
                    "sub_event_type": st,
                    "event_date": day,
                    "date_low": day,
                    "date_high": day,
                    "time_precision": 1,
                    "place_name": f"Place {k % 997}",
                    "country_code": "SY",
                    "admin1": "Homs",
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": 1,
                    "cell": None,
                    "actor1": rng.choice(ACTORS),
                    "actor2": rng.choice(ACTORS),
                    "fatalities": rng.randrange(50),
                    "injured": None,
                    "grade": rng.choice(GRADES),
                    "grade_by": "auto",
                    "credibility": 3,
                    "n_claims": 1,
                    "n_reports": 1,
                    "n_origins": 1,
                    "n_outlets": 1,
                    "n_contradictions": rng.randrange(2),
                    "title": f"{st.title()} in Place {k % 997}, {day}",
                    "data": {"sources": [], "figures": {}},
                    "created_at": now,
                    "updated_at": now,
                }
            )
            members.append(
                {
                    "claim_id": f"{reports[k % n_reports]['id']}-{k:06d}",
                    "incident_id": ids[k],
                    "report_id": reports[k % n_reports]["id"],
                    "score": 1.0,
                    "method": "auto",
                    "added_at": now,
                }
            )
        with store.write() as s:
            srv.bulk_load(s, "incidents", incidents)
            srv.bulk_load(s, "incident_claims", members)
    for i in range(0, n_reports, 100):
        services.restrict(
            store,
            kind="report",
            target_id=reports[i]["id"],
            reason="bench restriction",
            actor="bench",
        )
    with store.read() as s:
        hidden = set(s.scalars(srv.hidden_incidents_select()))
    return [i for i in ids if i not in hidden]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int, page_cache: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **os.environ,
        "TADMOR_SERVE_DB": url,
        "TADMOR_SERVE_RATE_LIMIT": "0",
        "TADMOR_SERVE_PAGE_CACHE": str(page_cache),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "tadmor.cli.server:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-server-header",
            "--no-access-log",
            # Keep idle connections as long as a browser does: with uvicorn's 5 s a client
            # that thinks longer finds its connection closed, which is not a server error.
            "--timeout-keep-alive",
            "60",
        ],
        env=env,
    )
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def pick_path(rng: random.Random, ids: list[str]) -> str:
    r = rng.random()
    if r < 0.35:
        return f"/api/incidents?limit=50&offset={rng.randrange(0, 2000, 50)}"
    if r < 0.70:
        f = rng.choice(["type", "grade", "range", "bbox", "actor"])
        if f == "type":
            q = f"type={rng.choice(TYPES)[1]}"
        elif f == "grade":
            q = f"grade={rng.choice(GRADES)}"
        elif f == "range":
            y = rng.randrange(2011, 2020)
            q = f"since={y}-03-01&until={y}-05-31"
        elif f == "actor":
            q = "actor=Islamic%20State%20(ISIS)"
        else:
            w, s = 35 + rng.random() * 6, 32 + rng.random() * 4
            q = f"bbox={w:.2f},{s:.2f},{w + 0.5:.2f},{s + 0.5:.2f}"
        return f"/api/incidents?limit=50&{q}"
    return f"/api/incidents/{rng.choice(ids)}"


def kind_of(path: str) -> str:
    """list, detail, or the filter a list used (for the per-kind latencies)."""
    if not path.startswith("/api/incidents?"):
        return "detail"
    query = path.split("?", 1)[1].split("&")
    named = [q.split("=")[0] for q in query if not q.startswith(("limit=", "offset="))]
    return named[0] if named else "list"


async def client(
    port: int,
    token: str,
    ids: list[str],
    until: float,
    think: float,
    seed_: int,
    out: list[tuple[float, str, str]],
) -> None:
    rng = random.Random(seed_)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"Host: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nConnection: keep-alive\r\n"
    if think:
        await asyncio.sleep(rng.random() * think)
    while time.perf_counter() < until:
        path = pick_path(rng, ids)
        t0 = time.perf_counter()
        status = "broken"
        try:
            writer.write(f"GET {path} HTTP/1.1\r\n{head}\r\n".encode())
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            chunked = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                k, _, v = line.decode("latin-1").partition(":")
                if k.lower() == "content-length":
                    length = int(v)
                elif k.lower() == "transfer-encoding" and "chunked" in v.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readline()).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.readexactly(length)
            status = status_line.split(b" ")[1].decode()
        except Exception:
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        out.append((time.perf_counter() - t0, status, kind_of(path)))
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))
    writer.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (uvicorn's workers), from /proc."""
    pids = [pid]
    try:
        pids += [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return float("nan")
    return proc_cpu_seconds(pids)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    k = min(len(values) - 1, round(p / 100 * (len(values) - 1)))
    return sorted(values)[k]


def run(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(7)
    admin_engine = None
    schema = None
    if backend == "sqlite":
        tmp = Path(tempfile.mkdtemp())
        url = f"sqlite:///{tmp / 'bench.db'}"
    else:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin_engine = create_engine(PG_URL)
        with admin_engine.begin() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        sep = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        store = Store(url)
        t0 = time.perf_counter()
        ids = seed(store, args.incidents, rng)
        build = time.perf_counter() - t0
        with store.write() as s:
            srv.add_user(s, "bench", "viewer", auth.hash_password("bench-password"), "bench")
        tokens = [
            services.add_token(store, "bench", f"c{i}", actor="bench")[0]
            for i in range(args.clients)
        ]
        if not store.is_sqlite:
            # What autovacuum does to a store that has been up a while: statistics, and the
            # visibility map that lets index-only scans skip the heap (bulk-loaded tables have
            # none yet, and every probe would read a heap page).
            with store.engine.connect() as c:
                c.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        store.close()
        proc, port = start_server(url, args.workers, args.page_cache)
        try:
            results: list[tuple[float, str, str]] = []

            usage: dict[str, float] = {}

            async def main() -> float:
                warm_until = time.perf_counter() + 3
                await asyncio.gather(
                    *(
                        client(port, tokens[i], ids, warm_until, args.think, 1000 + i, [])
                        for i in range(args.clients)
                    )
                )
                usage["load_before"] = os.getloadavg()[0]
                usage["server0"] = cpu_seconds(proc.pid)
                usage["client0"] = time.process_time()
                start = time.perf_counter()
                until = start + args.duration
                await asyncio.gather(
                    *(
                        client(port, tokens[i], ids, until, args.think, i, results)
                        for i in range(args.clients)
                    )
                )
                usage["server"] = cpu_seconds(proc.pid) - usage["server0"]
                usage["client"] = time.process_time() - usage["client0"]
                usage["load_after"] = os.getloadavg()[0]
                return time.perf_counter() - start

            elapsed = asyncio.run(main())
        finally:
            proc.terminate()
            proc.wait(10)
        lat = [t * 1000 for t, _s, _k in results]
        by_kind: dict[str, list[float]] = {}
        for t, _s, k in results:
            by_kind.setdefault(k, []).append(t * 1000)
        return {
            "backend": backend,
            "incidents": args.incidents,
            "clients": args.clients,
            "think_s": args.think,
            "workers": args.workers,
            "page_cache": args.page_cache,
            "seconds": round(elapsed, 1),
            "build_s": round(build, 1),
            "requests": len(results),
            "req_per_s": round(len(results) / elapsed, 1),
            "p50_ms": round(pct(lat, 50), 1),
            "p95_ms": round(pct(lat, 95), 1),
            "p99_ms": round(pct(lat, 99), 1),
            "errors": sum(1 for _t, status, _k in results if status != "200"),
            "error_kinds": dict(Counter(s for _t, s, _k in results if s != "200")),
            "p95_ms_by_kind": {k: round(pct(v, 95), 1) for k, v in sorted(by_kind.items())},
            "server_cpu_ms_per_req": round(1000 * usage["server"] / max(1, len(results)), 2),
            "client_cpu_ms_per_req": round(1000 * usage["client"] / max(1, len(results)), 2),
            "load_before": round(usage["load_before"], 2),
            "load_after": round(usage["load_after"], 2),
        }
    finally:
        if admin_engine is not None:
            from sqlalchemy import text

            with admin_engine.begin() as c:
                c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin_engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--duration", type=float, default=20.0)
    ap.add_argument("--think", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--page-cache",
        type=int,
        default=4096,
        help="pages each server worker keeps while the data is unchanged (0: build every page)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    rows = [run(b, args) for b in backends]
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(
        f"{'backend':<11}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'requests':>10}{'srv cpu ms/req':>16}{'gen cpu ms/req':>16}{'load 1m':>14}"
    )
    for r in rows:
        print(
            f"{r['backend']:<11}{r['req_per_s']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
            f"{r['p99_ms']:>9}{r['errors']:>8}{r['requests']:>10}"
            f"{r['server_cpu_ms_per_req']:>16}{r['client_cpu_ms_per_req']:>16}"
            f"{r['load_before']:>7}->{r['load_after']:<6}"
        )
    for r in rows:
        kinds = ", ".join(f"{k} {v}" for k, v in r["p95_ms_by_kind"].items())
        print(f"{r['backend']} p95 ms by kind: {kinds}")
    for r in rows:
        if r["error_kinds"]:
            print(f"{r['backend']} errors by status: {r['error_kinds']}")
    print(
        f"({rows[0]['incidents']} incidents, {rows[0]['clients']} clients, think "
        f"{rows[0]['think_s']} s, {rows[0]['workers']} workers, page cache "
        f"{rows[0]['page_cache']})"
    )


if __name__ == "__main__":
    main()
