"""Incident grouping benchmark (synthetic, seeded, reproducible).

1. Group N reports from scratch (``regroup`` in the store), against a baseline measured in the
   same run: the same claims grouped in memory by :class:`Grouper` (no database).
2. Add one report to a store already holding M incidents: median and p95 of
   ``group_new_claims`` for that report, against the same measure on a store of 1,000.

    python bench/incidents.py [--reports 10000] [--incidents 100000] [--adds 40] [--seed 7]
                              [--db-dir DIR] [--json]

Timings are printed, never asserted. Claims are inserted in bulk (no extraction, no custody
ledger: ``incidents_repo.bulk_insert_claims``), so the figures are those of grouping alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tadmor.corroborate import service
from tadmor.corroborate.grouping import Grouper, groupable
from tadmor.store import Store
from tadmor.store import incidents_repo as irepo
from tadmor.store import repository as repo

TYPES = (
    ("Violence against civilians", "ATTACK"),
    ("Explosions/Remote violence", "AIR_STRIKE"),
    ("Explosions/Remote violence", "ART_MISS_ATTACK"),
    ("Battles", "ARMED_CLASH"),
    ("Strategic developments", "PROPERTY_DISTRUCT"),
)
ACTORS = ("Actor A", "Actor B", "Actor C", "Actor D", None)
WORDS = tuple(f"word{i}" for i in range(400))
START = dt.date(2013, 1, 1)


def synthetic(
    n: int, seed: int, offset: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """n reports of one claim each: points over ~12x14 degrees (Syria, Iraq and their
    neighbours), dates over eight years: sparse enough that 100k claims make about 100k
    incidents, as a long-running monitoring store would hold."""
    rng = random.Random(seed)
    now = dt.datetime(2020, 1, 1)
    reports, claims = [], []
    for i in range(offset, offset + n):
        rid = hashlib.sha256(f"{seed}-{i}".encode()).hexdigest()[:20]
        et, sub = rng.choice(TYPES)
        lat, lon = rng.uniform(29.0, 41.0), rng.uniform(34.0, 48.0)
        day = START + dt.timedelta(days=rng.randrange(8 * 365))
        sentence = " ".join(rng.choice(WORDS) for _ in range(18))
        text = sentence + "."
        reports.append(
            {
                "id": rid,
                "original_sha256": BLOB,
                "locator": f"row:{i}",
                "format": "csv",
                "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "source": f"Outlet {rng.randrange(50)}",
                "published": dt.datetime.combine(day, dt.time(12)),
                "collector": "bench",
                "collected_at": now,
                "seq": i + 1,
                "pipeline_version": "bench",
            }
        )
        claims.append(
            {
                "id": f"{rid}-001",
                "report_id": rid,
                "seq": 1,
                "pipeline_version": "bench",
                "sentence_start": 0,
                "sentence_end": len(sentence),
                "event_type": et,
                "sub_event_type": sub,
                "actor1": rng.choice(ACTORS),
                "actor2": None,
                "place_name": f"Place {round(lat, 1)} {round(lon, 1)}",
                "geonameid": None,
                "country_code": "SY",
                "admin1": f"Region {int(lat)}",
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "event_date": day,
                "time_precision": 1,
                "fatalities": None,
                "origin": None,
                "origin_kind": "outlet",
                "certainty": "asserted",
                "quote": False,
                "negated": False,
                "data": {
                    "sentence": {"start": 0, "end": len(sentence), "text": sentence},
                    "figures": [
                        {
                            "value": {
                                "quantity": {
                                    "low": rng.randrange(1, 30),
                                    "high": None,
                                    "qualifier": "at_least",
                                },
                                "kind": "killed",
                                "group": "civilians",
                            },
                            "span": None,
                        }
                    ],
                },
            }
        )
    return reports, claims


BLOB = ""


def fresh_store(path: Path) -> Store:
    global BLOB
    store = Store.open(path)
    with store.write() as session:
        BLOB = repo.put_blob(session, b"bench", "text/plain")
    return store


def load(store: Store, reports: list[dict[str, Any]], claims: list[dict[str, Any]]) -> None:
    step = 5000
    for i in range(0, len(reports), step):
        with store.write() as session:
            irepo.bulk_insert_claims(session, reports[i : i + step], claims[i : i + step])


def time_adds(store: Store, n_adds: int, seed: int, offset: int) -> list[float]:
    reports, claims = synthetic(n_adds, seed + 1, offset=offset)
    times = []
    for r, c in zip(reports, claims, strict=True):
        with store.write() as session:
            irepo.bulk_insert_claims(session, [r], [c])
        t = time.perf_counter()
        service.group_new_claims(store, report_ids=[r["id"]], actor="bench")
        times.append(time.perf_counter() - t)
    return times


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(0.95 * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--adds", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db-dir", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = args.db_dir or Path(tempfile.mkdtemp(prefix="tadmor-bench-"))
    out: dict[str, Any] = {"seed": args.seed}

    # 1. from scratch
    store = fresh_store(tmp / "scratch.db")
    reports, claims = synthetic(args.reports, args.seed)
    load(store, reports, claims)
    with store.read() as session:
        facts = [c for c in irepo.iter_all_claims(session) if groupable(c)]
    t = time.perf_counter()
    g = Grouper()
    for c in facts:
        g.add(c)
    baseline = time.perf_counter() - t
    t = time.perf_counter()
    summary = service.regroup(store, actor="bench")
    scratch = time.perf_counter() - t
    store.close()
    out["scratch"] = {
        "reports": args.reports,
        "incidents": summary.created,
        "seconds": round(scratch, 3),
        "baseline_in_memory_seconds": round(baseline, 3),
        "ratio_to_baseline": round(scratch / baseline, 2) if baseline else None,
    }

    # 2. add one report: small store (baseline) and large store
    results: dict[str, dict[str, float]] = {}
    for label, n in (("baseline_1k", 1000), ("large", args.incidents)):
        store = fresh_store(tmp / f"add-{n}.db")
        reports, claims = synthetic(n, args.seed + 100)
        load(store, reports, claims)
        t = time.perf_counter()
        service.regroup(store, actor="bench")
        build = time.perf_counter() - t
        with store.read() as session:
            held = irepo.count_incidents(session)
        times = time_adds(store, args.adds, args.seed, offset=n)
        store.close()
        results[label] = {
            "incidents": held,
            "build_seconds": round(build, 2),
            "median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(p95(times) * 1000, 2),
        }
    ratio = round(results["large"]["median_ms"] / results["baseline_1k"]["median_ms"], 2)
    out["add_one_report"] = {**results, "ratio_median_large_to_1k": ratio}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        s = out["scratch"]
        print(
            f"group {s['reports']} reports from scratch: {s['seconds']} s "
            f"({s['incidents']} incidents; {s['ratio_to_baseline']}x the in-memory baseline "
            f"of {s['baseline_in_memory_seconds']} s)"
        )
        big, small = results["large"], results["baseline_1k"]
        print(
            f"add one report to {big['incidents']} incidents: median {big['median_ms']} ms, "
            f"p95 {big['p95_ms']} ms ({ratio}x the median at "
            f"{small['incidents']} incidents: {small['median_ms']} ms)"
        )


if __name__ == "__main__":
    main()
