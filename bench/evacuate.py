"""Evacuation planner benchmark: 1,000 invented objects x 10 vehicles x a 6-hour deadline.

Prints the time to a plan, its value, the proven bound and optimality gap, and the value of
the greedy baseline measured in the same run. Both plans are validated by
:func:`tadmor.heritage.planner.check_plan`; the run fails if either breaks a constraint or if
the planner does not beat (or match, when the greedy plan is already optimal) the baseline.

    python bench/evacuate.py [--objects 1000] [--crews 24,40,60] [--hours 6] [--time-limit 4.0]
                             [--seeds 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from tadmor.heritage import synthetic
from tadmor.heritage.planner import PlanProblem, check_plan, greedy, solve


def problem(n: int, crew: int, hours: float, seed: int) -> PlanProblem:
    return synthetic.plan_problem(n, seed=seed, crew=crew, minutes=hours * 60)


def run(n: int, crew: int, hours: float, seed: int, time_limit: float) -> dict[str, object]:
    p = problem(n, crew, hours, seed)
    t0 = time.perf_counter()
    base = greedy(p)
    greedy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = solve(p, time_limit_s=time_limit, workers=2)
    plan_s = time.perf_counter() - t0
    problems = check_plan(p, plan) + check_plan(p, base)
    return {
        "seed": seed,
        "objects": n,
        "vehicles": len(p.vehicles),
        "trips_available": sum(len(v.departures(p.deadline_min)) for v in p.vehicles),
        "hours": hours,
        "crew": crew,
        "planner_seconds": round(plan_s, 3),
        "planner_status": plan.status,
        "planner_value": plan.value,
        "bound": plan.bound,
        "gap": plan.gap,
        "classes": plan.classes,
        "greedy_seconds": round(greedy_s, 3),
        "greedy_value": base.value,
        "gain_over_greedy": round(plan.value / base.value - 1, 6) if base.value else None,
        "greedy_gap_to_bound": round(1 - base.value / plan.bound, 6) if plan.bound else None,
        "objects_carried": len(plan.carried()),
        "violations": [v.message for v in problems],
        "notes": list(plan.notes),
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--crews", default="24,40,60")
    ap.add_argument("--hours", type=float, default=6.0)
    ap.add_argument("--time-limit", type=float, default=4.0)
    ap.add_argument("--seeds", default="7")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = [
        run(args.objects, int(c), args.hours, int(s), args.time_limit)
        for c in args.crews.split(",")
        for s in args.seeds.split(",")
    ]
    failed = False
    for r in results:
        bad = r["violations"] or r["planner_value"] < r["greedy_value"]  # type: ignore[operator]
        failed = failed or bool(bad)
        if not args.json:
            print(
                f"seed {r['seed']}: {r['objects']} objects x {r['vehicles']} vehicles "
                f"({r['trips_available']} trips) x {r['hours']} h, crew {r['crew']}: "
                f"plan in {r['planner_seconds']:.2f} s ({r['planner_status']}), value "
                f"{r['planner_value']:.0f}, bound {r['bound']:.0f}, gap {r['gap']:.3%}; "
                f"greedy {r['greedy_value']:.0f} in {r['greedy_seconds']:.2f} s "
                f"(planner +{r['gain_over_greedy']:.3%}); "
                f"load avg {r['load_average_1min']}"
                + (f"; VIOLATIONS: {r['violations']}" if r["violations"] else "")
            )
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
