"""Evacuation planner: which objects go, in which vehicle and on which trip, before the front
arrives.

The model (every input is documented so a heritage service can argue with it):

* **Priority** of an object = significance (1-5, from the inventory) x vulnerability (1-5) x
  threat (1-5). Vulnerability is the largest of the object's fragility, its looting risk
  (small, light objects are the ones carried off and sold: <= 5 kg -> 5, <= 25 kg -> 4,
  <= 100 kg -> 3, <= 1000 kg -> 2, heavier -> 1) and its destruction risk (figurative
  objects - statues, busts, funerary reliefs, sarcophagi - were targets of iconoclasm at
  Palmyra in 2015: 4). Threat is the site's alert level (see :mod:`tadmor.heritage.alerts`),
  overridable per object. This follows the ICCROM/UNESCO handbooks: value x vulnerability x
  ease of handling, the last of which enters as the resources an object consumes.
* **Handling class** by weight (:data:`HANDLING_CLASSES`): people needed and packing minutes,
  times 1 + 0.25 x (fragility - 1) for careful wrapping. Objects over a tonne need lifting
  gear: they may ride only in a vehicle that has it, or in any vehicle when the crew brings it.
* **Packed volume**: the object's box plus 5 cm padding on every side (a crate), at least
  2 litres.
* **Vehicles** make trips on a fixed timetable: trip k departs at
  ``first_departure + (k - 1) x (round_trip + load)`` and must reach the haven (half the
  round trip) before the deadline. Each trip carries at most the vehicle's weight and volume.
* **Crew** time is pooled in person-minutes, as a team leader assigns people to packing
  tables: everything on trips that leave by time t must have been packed by t, i.e. for
  every departure time t, the packing person-minutes of those trips <= crew x (t - start).
  Objects already packed (custody ``packed``) cost no packing time.

The optimisation is a multiple knapsack with a cumulative crew constraint, solved with
CP-SAT. Objects identical in everything the model sees (weight, volume, packing, gear,
priority) form one class with an integer count per trip, which is exact and shrinks the
model for inventories of coins, sherds and lamps. A greedy plan is both the baseline and the
solver's starting hint; the gap reported is the solver's own bound.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandlingClass:
    code: str
    name: str
    max_kg: float
    people: int
    base_minutes: float
    needs_gear: bool = False


HANDLING_CLASSES: tuple[HandlingClass, ...] = (
    HandlingClass("S", "small find (tray or box)", 1.0, 1, 3.0),
    HandlingClass("A", "hand-carry", 25.0, 1, 10.0),
    HandlingClass("B", "team lift", 100.0, 2, 20.0),
    HandlingClass("C", "trolley or pallet", 1000.0, 4, 45.0),
    HandlingClass("D", "lifting gear", math.inf, 6, 90.0, needs_gear=True),
)
FIGURATIVE = frozenset({"statue", "bust", "funerary relief", "relief", "sarcophagus"})
PADDING_CM = 5.0
MIN_VOLUME_M3 = 0.002


def handling_class(weight_kg: float) -> HandlingClass:
    for hc in HANDLING_CLASSES:
        if weight_kg <= hc.max_kg:
            return hc
    return HANDLING_CLASSES[-1]


def looting_risk(weight_kg: float) -> int:
    for limit, risk in ((5, 5), (25, 4), (100, 3), (1000, 2)):
        if weight_kg <= limit:
            return risk
    return 1


def vulnerability(object_type: str, weight_kg: float, fragility: int) -> int:
    destruction = 4 if object_type.lower() in FIGURATIVE else 1
    return max(fragility, looting_risk(weight_kg), destruction)


def packed_volume_m3(height_cm: float, width_cm: float, depth_cm: float) -> float:
    pad = 2 * PADDING_CM
    return max(MIN_VOLUME_M3, (height_cm + pad) * (width_cm + pad) * (depth_cm + pad) / 1e6)


@dataclass(frozen=True)
class PlanObject:
    """An object as the planner sees it."""

    id: str
    weight_kg: float
    volume_m3: float
    crew_needed: int
    pack_person_min: float
    needs_gear: bool
    priority: float
    label: str = ""
    handling: str = ""

    @classmethod
    def from_description(
        cls,
        id: str,
        *,
        object_type: str,
        weight_kg: float,
        height_cm: float,
        width_cm: float,
        depth_cm: float,
        fragility: int,
        significance: int,
        threat: float,
        label: str = "",
        vulnerability_override: int | None = None,
    ) -> PlanObject:
        hc = handling_class(weight_kg)
        vul = vulnerability_override or vulnerability(object_type, weight_kg, fragility)
        minutes = hc.base_minutes * (1 + 0.25 * (fragility - 1))
        return cls(
            id=id,
            weight_kg=weight_kg,
            volume_m3=packed_volume_m3(height_cm, width_cm, depth_cm),
            crew_needed=hc.people,
            pack_person_min=round(hc.people * minutes, 2),
            needs_gear=hc.needs_gear,
            priority=float(significance * vul * threat),
            label=label,
            handling=hc.code,
        )


@dataclass(frozen=True)
class Vehicle:
    id: str
    capacity_kg: float
    capacity_m3: float
    round_trip_min: float
    load_min: float = 15.0
    lifting_gear: bool = False
    first_departure_min: float | None = None  # default: load_min after it is available
    max_trips: int | None = None
    destination: str | None = None  # a safe haven id (its location is secret)
    name: str = ""

    def departures(self, deadline_min: float) -> list[float]:
        """Departure times of the trips that reach the haven before the deadline."""
        first = self.load_min if self.first_departure_min is None else self.first_departure_min
        out: list[float] = []
        k = 0
        while True:
            dep = first + k * (self.round_trip_min + self.load_min)
            if dep + self.round_trip_min / 2 > deadline_min + 1e-9:
                return out
            if self.max_trips is not None and k >= self.max_trips:
                return out
            out.append(dep)
            k += 1


@dataclass(frozen=True)
class Crew:
    size: int
    lifting_gear: bool = False


@dataclass(frozen=True)
class Trip:
    vehicle_id: str
    trip: int  # 1-based
    departs_min: float
    arrives_min: float
    object_ids: tuple[str, ...]
    weight_kg: float = 0.0
    volume_m3: float = 0.0
    pack_person_min: float = 0.0
    done: bool = False  # departed before a re-plan: kept as it was


@dataclass(frozen=True)
class PlanProblem:
    objects: tuple[PlanObject, ...]
    vehicles: tuple[Vehicle, ...]
    deadline_min: float
    crew: Crew
    start_min: float = 0.0  # a re-plan starts later
    fixed: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # loaded: (vehicle, trip)
    prepacked: frozenset[str] = frozenset()
    done_trips: tuple[Trip, ...] = ()  # departed before a re-plan
    lost_objects: tuple[str, ...] = ()  # went with a lost vehicle

    def by_id(self) -> dict[str, PlanObject]:
        return {o.id: o for o in self.objects}


@dataclass(frozen=True)
class Plan:
    method: str  # cp-sat | greedy
    status: str  # OPTIMAL | FEASIBLE | INFEASIBLE | ...
    value: float  # total priority carried (done trips included)
    bound: float  # upper bound on it
    gap: float  # (bound - value) / bound of the part still to decide
    seconds: float
    trips: tuple[Trip, ...]
    left_behind: tuple[str, ...]
    lost: tuple[str, ...] = ()
    classes: int = 0
    notes: tuple[str, ...] = ()

    def carried(self) -> list[str]:
        return [i for t in self.trips for i in t.object_ids]


class PlanError(ValueError):
    """The problem is inconsistent (e.g. a loaded object on a trip that cannot run)."""


# --- shared helpers --------------------------------------------------------------------------

_G = 1000  # grams per kg
_CM3 = 1_000_000  # cm3 per m3
_PM = 60  # person-seconds per person-minute
_PRIO = 1000


@dataclass(frozen=True)
class _Bin:
    vehicle: Vehicle
    trip: int
    departs: float
    cap_g: int
    cap_cm3: int


def _bins(problem: PlanProblem) -> list[_Bin]:
    """Trips still to run, in departure order."""
    out = []
    for v in problem.vehicles:
        for k, dep in enumerate(v.departures(problem.deadline_min), start=1):
            if dep > problem.start_min + 1e-9:
                out.append(
                    _Bin(
                        v, k, dep, math.floor(v.capacity_kg * _G), math.floor(v.capacity_m3 * _CM3)
                    )
                )
    out.sort(key=lambda b: (b.departs, b.vehicle.id, b.trip))
    return out


def _int_w(o: PlanObject) -> int:
    return math.ceil(o.weight_kg * _G - 1e-6)


def _int_v(o: PlanObject) -> int:
    return math.ceil(o.volume_m3 * _CM3 - 1e-6)


def _int_pm(o: PlanObject, prepacked: frozenset[str]) -> int:
    return 0 if o.id in prepacked else math.ceil(o.pack_person_min * _PM - 1e-6)


def _eligible(o: PlanObject, b: _Bin, crew: Crew) -> bool:
    if o.crew_needed > crew.size:
        return False
    if o.needs_gear and not (b.vehicle.lifting_gear or crew.lifting_gear):
        return False
    return _int_w(o) <= b.cap_g and _int_v(o) <= b.cap_cm3


def _thresholds(bins: Sequence[_Bin], problem: PlanProblem) -> list[tuple[float, int]]:
    """(departure time, crew person-seconds available by then) for each distinct departure."""
    times = sorted({b.departs for b in bins})
    return [(t, math.floor(problem.crew.size * (t - problem.start_min) * _PM)) for t in times]


def _trip_of(problem: PlanProblem, b: _Bin, ids: Sequence[str]) -> Trip:
    objs = problem.by_id()
    return Trip(
        vehicle_id=b.vehicle.id,
        trip=b.trip,
        departs_min=b.departs,
        arrives_min=b.departs + b.vehicle.round_trip_min / 2,
        object_ids=tuple(ids),
        weight_kg=round(sum(objs[i].weight_kg for i in ids), 3),
        volume_m3=round(sum(objs[i].volume_m3 for i in ids), 4),
        pack_person_min=round(
            sum(objs[i].pack_person_min for i in ids if i not in problem.prepacked), 2
        ),
    )


def _finish(
    problem: PlanProblem,
    method: str,
    status: str,
    assignment: Mapping[tuple[str, int], Sequence[str]],
    bins: Sequence[_Bin],
    bound_free: float,
    value_free: float,
    started: float,
    classes: int = 0,
    notes: Iterable[str] = (),
) -> Plan:
    objs = problem.by_id()
    trips = list(problem.done_trips)
    trips += [
        _trip_of(problem, b, assignment[(b.vehicle.id, b.trip)])
        for b in bins
        if assignment.get((b.vehicle.id, b.trip))
    ]
    carried = {i for t in trips for i in t.object_ids}
    gone = carried | set(problem.lost_objects)
    value = sum(objs[i].priority for i in carried if i in objs)
    left = tuple(
        o.id for o in sorted(problem.objects, key=lambda o: -o.priority) if o.id not in gone
    )
    fixed_value = value - value_free
    bound = fixed_value + max(bound_free, value_free)
    gap = 0.0 if bound_free <= 0 else max(0.0, (bound_free - value_free) / bound_free)
    return Plan(
        method=method,
        status=status,
        value=round(value, 6),
        bound=round(bound, 6),
        gap=gap,
        seconds=time.perf_counter() - started,
        trips=tuple(trips),
        left_behind=left,
        lost=tuple(problem.lost_objects),
        classes=classes,
        notes=tuple(notes),
    )


def _fixed_by_bin(problem: PlanProblem, bins: Sequence[_Bin]) -> dict[tuple[str, int], list[str]]:
    keys = {(b.vehicle.id, b.trip) for b in bins}
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    objs = problem.by_id()
    for oid, (vid, k) in problem.fixed.items():
        if oid not in objs:
            raise PlanError(f"loaded object {oid} is not in the problem")
        if (vid, k) not in keys:
            raise PlanError(f"object {oid} is loaded on {vid} trip {k}, which cannot run any more")
        out[(vid, k)].append(oid)
    return out


def _free_objects(problem: PlanProblem) -> list[PlanObject]:
    done = {i for t in problem.done_trips for i in t.object_ids} | set(problem.lost_objects)
    return [o for o in problem.objects if o.id not in problem.fixed and o.id not in done]


# --- greedy baseline -------------------------------------------------------------------------


def greedy(problem: PlanProblem) -> Plan:
    """Priority per unit of the scarcest resources, first trip that fits.

    Density divides priority by the object's share of total weight, volume and crew capacity,
    the usual multi-dimensional knapsack heuristic; it is the baseline the bench compares
    against and the solver's first hint."""
    started = time.perf_counter()
    bins = _bins(problem)
    fixed = _fixed_by_bin(problem, bins)
    thresholds = _thresholds(bins, problem)
    t_index = {t: i for i, (t, _) in enumerate(thresholds)}
    cum = [0] * len(thresholds)
    load_w = {(b.vehicle.id, b.trip): 0 for b in bins}
    load_v = dict(load_w)
    objs = problem.by_id()
    assignment: dict[tuple[str, int], list[str]] = defaultdict(list)

    def place(o: PlanObject, b: _Bin) -> None:
        key = (b.vehicle.id, b.trip)
        assignment[key].append(o.id)
        load_w[key] += _int_w(o)
        load_v[key] += _int_v(o)
        pm = _int_pm(o, problem.prepacked)
        for j in range(t_index[b.departs], len(cum)):
            cum[j] += pm

    for b in bins:
        for oid in fixed.get((b.vehicle.id, b.trip), ()):
            place(objs[oid], b)
    free = _free_objects(problem)
    tot_w = sum(b.cap_g for b in bins) or 1
    tot_v = sum(b.cap_cm3 for b in bins) or 1
    tot_pm = thresholds[-1][1] if thresholds else 1

    def density(o: PlanObject) -> float:
        use = _int_w(o) / tot_w + _int_v(o) / tot_v + _int_pm(o, problem.prepacked) / max(tot_pm, 1)
        return o.priority / max(use, 1e-12)

    value_free = 0.0
    for o in sorted(free, key=lambda o: (-density(o), o.id)):
        pm = _int_pm(o, problem.prepacked)
        slack = [cap - c for (_, cap), c in zip(thresholds, cum, strict=True)]
        suffix = slack[:]
        for j in range(len(suffix) - 2, -1, -1):
            suffix[j] = min(suffix[j], suffix[j + 1])
        for b in bins:
            key = (b.vehicle.id, b.trip)
            if (
                _eligible(o, b, problem.crew)
                and load_w[key] + _int_w(o) <= b.cap_g
                and load_v[key] + _int_v(o) <= b.cap_cm3
                and pm <= suffix[t_index[b.departs]]
            ):
                place(o, b)
                value_free += o.priority
                break
    return _finish(problem, "greedy", "FEASIBLE", assignment, bins, value_free, value_free, started)


# --- the optimisation model ------------------------------------------------------------------


@dataclass
class _Model:
    """The integer program, independent of the solver that will read it.

    ``cells`` are (class, bin, upper bound); a cell's value is how many objects of the class
    ride on the bin's trip. Variables past the cells are auxiliary (``aux_ub`` their upper
    bounds). Rows are (sparse terms (variable, coefficient), lower bound or None, upper)."""

    bins: list[_Bin]
    fixed: dict[tuple[str, int], list[str]]
    classes: list[tuple[tuple[Any, ...], list[str]]]
    cells: list[tuple[int, int, int]]
    aux_ub: list[int]
    rows: list[tuple[list[tuple[int, int]], int | None, int]]
    objective: list[int]


def _build(problem: PlanProblem) -> _Model:
    bins = _bins(problem)
    fixed = _fixed_by_bin(problem, bins)
    thresholds = _thresholds(bins, problem)
    t_index = {t: i for i, (t, _) in enumerate(thresholds)}
    objs = problem.by_id()
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for o in _free_objects(problem):
        key = (
            _int_w(o),
            _int_v(o),
            _int_pm(o, problem.prepacked),
            o.needs_gear,
            o.crew_needed,
            round(o.priority * _PRIO),
        )
        groups[key].append(o.id)
    classes = sorted(groups.items(), key=lambda kv: kv[1][0])
    cells: list[tuple[int, int, int]] = []
    for ci, (key, ids) in enumerate(classes):
        rep = objs[ids[0]]
        if key[5] <= 0:
            continue  # worthless to the objective: never worth a place
        for bi, b in enumerate(bins):
            if _eligible(rep, b, problem.crew):
                ub = min(len(ids), b.cap_g // max(key[0], 1), b.cap_cm3 // max(key[1], 1))
                if ub > 0:
                    cells.append((ci, bi, ub))
    rows: list[tuple[list[tuple[int, int]], int | None, int]] = []
    by_class: dict[int, list[int]] = defaultdict(list)
    by_bin: dict[int, list[int]] = defaultdict(list)
    for k, (ci, bi, _) in enumerate(cells):
        by_class[ci].append(k)
        by_bin[bi].append(k)
    for ci, ks in by_class.items():
        if len(ks) > 1:
            rows.append(([(k, 1) for k in ks], None, len(classes[ci][1])))
    fixed_pm = [0] * len(thresholds)
    for bi, b in enumerate(bins):
        ids = fixed.get((b.vehicle.id, b.trip), [])
        fw = sum(_int_w(objs[i]) for i in ids)
        fv = sum(_int_v(objs[i]) for i in ids)
        if fw > b.cap_g or fv > b.cap_cm3:
            raise PlanError(f"what is loaded on {b.vehicle.id} trip {b.trip} exceeds its capacity")
        fixed_pm[t_index[b.departs]] += sum(_int_pm(objs[i], problem.prepacked) for i in ids)
        ks = by_bin.get(bi, [])
        if ks:
            rows.append(([(k, classes[cells[k][0]][0][0]) for k in ks], None, b.cap_g - fw))
            rows.append(([(k, classes[cells[k][0]][0][1]) for k in ks], None, b.cap_cm3 - fv))
    # Crew: everything on trips leaving by each departure time is packed by then. One
    # auxiliary variable per departure time carries that time's packing load, so each
    # cumulative row has a handful of terms instead of every cell before it.
    aux_ub: list[int] = []
    loads: list[int] = []
    for j, _ in enumerate(thresholds):
        terms = [
            (k, classes[cells[k][0]][0][2])
            for bi, b in enumerate(bins)
            if t_index[b.departs] == j
            for k in by_bin.get(bi, [])
            if classes[cells[k][0]][0][2] > 0
        ]
        if terms:
            a = len(cells) + len(aux_ub)
            aux_ub.append(sum(c * cells[k][2] for k, c in terms))
            rows.append(([*terms, (a, -1)], 0, 0))
            loads.append(a)
        else:
            loads.append(-1)
    running: list[tuple[int, int]] = []
    fixed_running = 0
    for j, (_, cap) in enumerate(thresholds):
        if loads[j] >= 0:
            running.append((loads[j], 1))
        fixed_running += fixed_pm[j]
        if fixed_running > cap:
            raise PlanError("the loaded objects alone need more packing time than the crew has")
        if running:
            rows.append((list(running), None, cap - fixed_running))
    objective = [classes[ci][0][5] for ci, _, _ in cells]
    return _Model(bins, fixed, classes, cells, aux_ub, rows, objective)


def _with_aux(model: _Model, values: list[int]) -> list[int]:
    """Cell values completed with the auxiliaries they imply (a full hint)."""
    aux = [0] * len(model.aux_ub)
    for terms, lo, hi in model.rows:
        if lo == hi:  # an auxiliary's definition: sum(terms) - aux == 0
            aux[terms[-1][0] - len(model.cells)] = sum(c * values[k] for k, c in terms[:-1])
    return list(values) + aux


def _hint(model: _Model, base: Plan) -> list[int]:
    where = {i: (t.vehicle_id, t.trip) for t in base.trips if not t.done for i in t.object_ids}
    bin_index = {(b.vehicle.id, b.trip): bi for bi, b in enumerate(model.bins)}
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for ci, (_, ids) in enumerate(model.classes):
        for oid in ids:
            if oid in where:
                counts[ci, bin_index[where[oid]]] += 1
    return _with_aux(model, [counts.get((ci, bi), 0) for ci, bi, _ in model.cells])


def _lp_relaxation(model: _Model) -> tuple[float, list[float], list[float]]:
    """The LP relaxation by GLOP: its optimum (a bound on every plan) and, per cell, the value
    and reduced cost that reduced-cost fixing needs."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:  # pragma: no cover - GLOP ships with every OR-Tools build
        raise PlanError("the GLOP LP solver is not available")
    xs = [lp.NumVar(0, ub, "") for _, _, ub in model.cells]
    xs += [lp.NumVar(0, ub, "") for ub in model.aux_ub]
    for terms, lo, hi in model.rows:
        ct = lp.Constraint(-lp.infinity() if lo is None else lo, hi)
        for k, c in terms:
            ct.SetCoefficient(xs[k], c)
    obj = lp.Objective()
    for x, c in zip(xs, model.objective, strict=False):
        obj.SetCoefficient(x, c)
    obj.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise PlanError("the LP relaxation could not be solved")
    n = len(model.cells)
    return (
        obj.Value(),
        [x.solution_value() for x in xs[:n]],
        [x.reduced_cost() for x in xs[:n]],
    )


def _round_and_fill(
    model: _Model, lp_values: list[float], costs: list[float], start: list[int]
) -> list[int]:
    """A plan near the LP optimum: its integral part, then single objects added wherever the
    rows still allow, most promising cells first (fractional ones, then by reduced cost).
    It usually lands much closer to the bound than the greedy plan, which makes the
    reduced-cost fixing that follows remove far more of the model."""
    n = len(model.cells)
    aux_rows: dict[int, list[tuple[int, int]]] = defaultdict(list)  # aux -> (row, coef)
    le_rows = [(i, terms, hi) for i, (terms, lo, hi) in enumerate(model.rows) if lo != hi]
    for i, terms, _ in le_rows:
        for k, c in terms:
            if k >= n:
                aux_rows[k].append((i, c))
    cell_rows: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, terms, _ in le_rows:
        for k, c in terms:
            if k < n:
                cell_rows[k].append((i, c))
    for terms, lo, hi in model.rows:
        if lo == hi:  # definition of an auxiliary: sum(terms) - aux == 0
            a = terms[-1][0]
            for k, c in terms[:-1]:
                cell_rows[k].extend((i, c * ac) for i, ac in aux_rows.get(a, []))
    hi_of = {i: hi for i, _, hi in le_rows}

    def usage_of(values: list[int]) -> dict[int, int]:
        use: dict[int, int] = defaultdict(int)
        for k, v in enumerate(values):
            if v:
                for i, c in cell_rows[k]:
                    use[i] += c * v
        return use

    def fill(values: list[int], order: Iterable[int]) -> list[int]:
        use = usage_of(values)
        for k in order:
            ub = model.cells[k][2]
            while values[k] < ub and all(use[i] + c <= hi_of[i] for i, c in cell_rows[k]):
                values[k] += 1
                for i, c in cell_rows[k]:
                    use[i] += c
        return values

    rounded = [math.floor(v + 1e-9) for v in lp_values]
    frac = sorted(
        (k for k in range(n) if lp_values[k] - rounded[k] > 1e-6),
        key=lambda k: -(lp_values[k] - rounded[k]),
    )
    by_cost = sorted(range(n), key=lambda k: (-costs[k], -model.objective[k]))
    candidate = fill(rounded, [*frac, *by_cost])
    score = sum(c * v for c, v in zip(model.objective, candidate, strict=True))
    incumbent = sum(c * v for c, v in zip(model.objective, start, strict=True))
    return candidate if score > incumbent else list(start)


def _reduced_cost_fixing(
    model: _Model, lp_bound: float, values: list[float], costs: list[float], incumbent: int
) -> list[tuple[int, int]]:
    """Per-cell (low, high) bounds that no plan better than ``incumbent`` can leave.

    LP duality: every plan's value is at most ``lp_bound + sum(r_j (x_j - x*_j))``. A cell at
    0 in the LP with reduced cost r < 0 can be raised only at a cost of |r| per unit, so if
    ``lp_bound + r < incumbent`` it stays 0 in any better plan (symmetrically at its upper
    bound). Exact, and it removes most of a large model when the LP bound is tight."""
    slack = lp_bound - incumbent + 1e-6 * max(1.0, abs(lp_bound)) + 1.0
    out = []
    for (_, _, ub), v, r in zip(model.cells, values, costs, strict=True):
        lo, hi = 0, ub
        if v <= 1e-9 and -r > slack:
            hi = 0
        elif v >= ub - 1e-9 and r > slack:
            lo = ub
        elif -r > 1e-9 and v < ub:
            hi = min(ub, math.floor(v + slack / -r + 1e-9))
        elif r > 1e-9 and v > 0:
            lo = max(0, math.ceil(v - slack / r - 1e-9))
        out.append((lo, hi))
    return out


def _solve_cpsat(
    model: _Model,
    bounds: list[tuple[int, int]],
    hint: list[int] | None,
    time_limit_s: float,
    workers: int,
    gap: float,
) -> tuple[str, list[int] | None, float]:
    """CP-SAT over the cells left free by reduced-cost fixing (fixed cells are constants)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n = len(model.cells)
    xs: list[Any] = []
    for k, (lo, hi) in enumerate(bounds):
        xs.append(lo if lo == hi else m.new_int_var(lo, hi, f"x{k}"))
    xs += [m.new_int_var(0, ub, f"a{i}") for i, ub in enumerate(model.aux_ub)]
    for terms, lo_row, hi_row in model.rows:
        expr = sum(c * xs[k] for k, c in terms)
        if isinstance(expr, int):
            continue
        m.add(expr == hi_row if lo_row == hi_row else expr <= hi_row)
    m.maximize(sum(c * x for c, x in zip(model.objective, xs[:n], strict=True)))
    if hint is not None:
        for x, h in zip(xs, hint, strict=True):
            if not isinstance(x, int):
                m.add_hint(x, h)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.relative_gap_limit = gap
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return name, None, math.inf
    values = [x if isinstance(x, int) else int(solver.value(x)) for x in xs[:n]]
    value = sum(c * v for c, v in zip(model.objective, values, strict=True))
    bound = value if status == cp_model.OPTIMAL else max(value, solver.best_objective_bound)
    return name, values, bound


def solve(
    problem: PlanProblem,
    *,
    time_limit_s: float = 10.0,
    workers: int = 2,
    relative_gap: float = 0.0,
    use_hint: bool = True,
) -> Plan:
    """The best plan found within the time limit, with a proven bound.

    1. the greedy plan: a feasible incumbent in milliseconds;
    2. the LP relaxation (GLOP): its optimum bounds every plan, and rounding it down and
       filling what is left often beats greedy;
    3. CP-SAT (``workers`` threads, hinted) on a neighbourhood where the LP and the incumbent
       disagree: a better plan quickly, no proof;
    4. CP-SAT on the whole model minus the cells reduced-cost fixing excludes: any plan better
       than the incumbent lies there, so CP-SAT's bound there is a bound everywhere.

    The bound reported is the smaller of the LP's and step 4's; the gap is measured against
    it and is 0 with status OPTIMAL when proven. Steps 3-4 are skipped when the gap after 2 is
    already within ``relative_gap``. The greedy plan is never beaten by a worse answer."""
    started = time.perf_counter()
    base = greedy(problem)
    model = _build(problem)
    objs = problem.by_id()
    hint_full = _hint(model, base)
    n = len(model.cells)
    incumbent = sum(c * v for c, v in zip(model.objective, hint_full[:n], strict=True))
    notes: list[str] = []
    if not model.cells:
        return replace(base, method="cp-sat", status="OPTIMAL", bound=base.value, gap=0.0)
    lp_bound, lp_values, costs = _lp_relaxation(model)
    lp_int = math.floor(lp_bound + 1e-6 * max(1.0, abs(lp_bound)))
    cells = hint_full[:n]
    better = _round_and_fill(model, lp_values, costs, cells)
    if sum(c * v for c, v in zip(model.objective, better, strict=True)) > incumbent:
        cells, incumbent = better, sum(c * v for c, v in zip(model.objective, better, strict=True))
    status = "FEASIBLE"
    if incumbent < lp_int and (lp_int - incumbent) > relative_gap * lp_int:
        # A RINS-like neighbourhood: classes the incumbent and the LP take in the same number
        # stay where they are; CP-SAT re-decides the others (few, so it is fast). This
        # improves the plan and proves nothing; the proof comes next.
        deadline = started + time_limit_s
        lp_total: dict[int, float] = defaultdict(float)
        inc_total: dict[int, int] = defaultdict(int)
        for k, (ci, _, _) in enumerate(model.cells):
            lp_total[ci] += lp_values[k]
            inc_total[ci] += cells[k]
        open_classes = {ci for ci in lp_total if abs(lp_total[ci] - inc_total[ci]) > 1e-6}
        neighbourhood = [
            (0, model.cells[k][2]) if model.cells[k][0] in open_classes else (v, v)
            for k, v in enumerate(cells)
        ]
        share = 0.4 * (deadline - time.perf_counter())
        _, found, _ = _solve_cpsat(
            model, neighbourhood, _with_aux(model, cells), share, workers, 0.0
        )
        if found is not None:
            score = sum(c * v for c, v in zip(model.objective, found, strict=True))
            if score > incumbent:
                cells, incumbent = found, score
        # The exact search, over what reduced-cost fixing leaves.
        bounds = _reduced_cost_fixing(model, lp_bound, lp_values, costs, incumbent)
        free = sum(1 for lo, hi in bounds if lo != hi)
        notes.append(f"LP bound {lp_bound / _PRIO:.3f}; {free} of {n} cells left after fixing")
        remaining = deadline - time.perf_counter()
        status, values, bound = _solve_cpsat(
            model,
            bounds,
            _with_aux(model, cells) if use_hint else None,
            remaining,
            workers,
            relative_gap,
        )
        if values is not None and (
            sum(c * v for c, v in zip(model.objective, values, strict=True)) > incumbent
        ):
            cells = values
        elif not math.isfinite(bound):
            bound = lp_int
        incumbent = sum(c * v for c, v in zip(model.objective, cells, strict=True))
        bound = max(incumbent, bound)
    else:
        bound = incumbent if incumbent >= lp_int else lp_int
        notes.append(f"LP bound {lp_bound / _PRIO:.3f}; gap target met without search")
    values = cells
    value = sum(c * v for c, v in zip(model.objective, values, strict=True))
    # Plans outside the reduced model are worse than the incumbent; inside, CP-SAT's bound.
    bound = min(lp_int, max(bound, incumbent))
    if status not in ("OPTIMAL", "FEASIBLE"):
        notes.append(f"exact search: CP-SAT {status} within the time limit")
    # A plan always exists (the greedy one at worst): FEASIBLE unless proven optimal.
    status = "OPTIMAL" if bound <= value else "FEASIBLE"
    assignment: dict[tuple[str, int], list[str]] = defaultdict(list)
    for b in model.bins:
        assignment[(b.vehicle.id, b.trip)].extend(model.fixed.get((b.vehicle.id, b.trip), []))
    pools = {ci: list(ids) for ci, (_, ids) in enumerate(model.classes)}
    order = sorted(range(n), key=lambda k: (model.bins[model.cells[k][1]].departs, k))
    value_free = 0.0
    for k in order:
        ci, bi, _ = model.cells[k]
        b = model.bins[bi]
        for _ in range(values[k]):
            oid = pools[ci].pop(0)
            assignment[(b.vehicle.id, b.trip)].append(oid)
            value_free += objs[oid].priority
    return _finish(
        problem,
        "cp-sat",
        status,
        assignment,
        model.bins,
        max(bound / _PRIO, value_free),
        value_free,
        started,
        classes=len(model.classes),
        notes=notes,
    )


# --- checking a plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    constraint: str
    message: str


def check_plan(problem: PlanProblem, plan: Plan, *, tolerance: float = 1e-6) -> list[Violation]:
    """Every constraint of the model, checked on real (not rounded) values. Used by the tests
    and the bench: a plan is only reported if this list is empty."""
    out: list[Violation] = []
    objs = problem.by_id()
    vehicles = {v.id: v for v in problem.vehicles}
    seen: dict[str, tuple[str, int]] = {}
    for t in plan.trips:
        for oid in t.object_ids:
            if oid not in objs:
                out.append(Violation("known", f"{oid} on {t.vehicle_id}/{t.trip} is not an object"))
            if oid in seen:
                out.append(
                    Violation("once", f"{oid} is on {seen[oid]} and {t.vehicle_id}/{t.trip}")
                )
            seen[oid] = (t.vehicle_id, t.trip)
    for oid in problem.lost_objects:
        if oid in seen and all(oid not in t.object_ids for t in problem.done_trips):
            out.append(Violation("lost", f"{oid} was lost with its vehicle but is planned again"))
    for oid, where in problem.fixed.items():
        if seen.get(oid) != where:
            out.append(
                Violation("loaded", f"{oid} is loaded on {where} but planned on {seen.get(oid)}")
            )
    new_trips = [t for t in plan.trips if not t.done]
    keys = [(t.vehicle_id, t.trip) for t in new_trips]
    if len(keys) != len(set(keys)):
        out.append(Violation("trip", "a vehicle trip appears twice"))
    pack_by_time: dict[float, float] = defaultdict(float)
    for t in new_trips:
        v = vehicles.get(t.vehicle_id)
        if v is None:
            out.append(Violation("vehicle", f"{t.vehicle_id} is not an available vehicle"))
            continue
        deps = v.departures(problem.deadline_min)
        if not 1 <= t.trip <= len(deps) or abs(deps[t.trip - 1] - t.departs_min) > tolerance:
            out.append(
                Violation("deadline", f"{v.id} trip {t.trip} cannot run before the deadline")
            )
            continue
        if t.departs_min <= problem.start_min:
            out.append(Violation("time", f"{v.id} trip {t.trip} departed before the re-plan"))
        if t.departs_min + v.round_trip_min / 2 > problem.deadline_min + tolerance:
            out.append(Violation("deadline", f"{v.id} trip {t.trip} arrives after the deadline"))
        items = [objs[i] for i in t.object_ids if i in objs]
        w = sum(o.weight_kg for o in items)
        vol = sum(o.volume_m3 for o in items)
        if w > v.capacity_kg + tolerance:
            out.append(Violation("weight", f"{v.id} trip {t.trip}: {w:.1f} kg > {v.capacity_kg}"))
        if vol > v.capacity_m3 + tolerance:
            out.append(Violation("volume", f"{v.id} trip {t.trip}: {vol:.3f} m3 > {v.capacity_m3}"))
        for o in items:
            if o.needs_gear and not (v.lifting_gear or problem.crew.lifting_gear):
                out.append(Violation("gear", f"{o.id} needs lifting gear; {v.id} has none"))
            if o.crew_needed > problem.crew.size:
                out.append(Violation("crew", f"{o.id} needs {o.crew_needed} people"))
        pack_by_time[t.departs_min] += sum(
            o.pack_person_min for o in items if o.id not in problem.prepacked
        )
    running = 0.0
    for when in sorted(pack_by_time):
        running += pack_by_time[when]
        cap = problem.crew.size * (when - problem.start_min)
        if running > cap + 1e-6:
            out.append(
                Violation(
                    "crew",
                    f"by minute {when:g} the trips need {running:.1f} person-minutes of packing; "
                    f"the crew has {cap:.1f}",
                )
            )
    value = sum(objs[i].priority for i in seen if i in objs)
    if abs(value - plan.value) > 1e-6 * max(1.0, value):
        out.append(Violation("value", f"reported value {plan.value} but the trips carry {value}"))
    expected_left = {o.id for o in problem.objects} - set(seen) - set(problem.lost_objects)
    if set(plan.left_behind) != expected_left:
        out.append(Violation("left_behind", "the left-behind list does not match the trips"))
    if plan.bound + 1e-6 < plan.value:
        out.append(Violation("bound", "the bound is below the value"))
    return out


# --- re-planning -----------------------------------------------------------------------------


def replan_problem(
    problem: PlanProblem,
    plan: Plan,
    *,
    lost_vehicles: Iterable[str],
    at_min: float,
    loaded: Iterable[str] = (),
) -> PlanProblem:
    """The problem left at ``at_min`` after ``lost_vehicles`` are lost.

    Trips that departed are kept as they were; a lost vehicle's trip still on the road is lost
    with its cargo; its later trips never run and their objects go back to the pool. Objects
    ``loaded`` on a surviving vehicle's next trips stay exactly where they are (and need no
    more packing)."""
    lost_set = set(lost_vehicles)
    vehicles = {v.id: v for v in problem.vehicles}
    unknown = lost_set - set(vehicles)
    if unknown:
        raise PlanError(f"unknown vehicle(s): {', '.join(sorted(unknown))}")
    loaded_set = set(loaded)
    done: list[Trip] = list(problem.done_trips)
    lost_objs: list[str] = list(problem.lost_objects)
    fixed: dict[str, tuple[str, int]] = {}
    for t in plan.trips:
        if t.done:
            continue
        v = vehicles[t.vehicle_id]
        if t.departs_min <= at_min:
            arrived = t.departs_min + v.round_trip_min / 2 <= at_min
            if v.id in lost_set and not arrived:
                lost_objs.extend(t.object_ids)
            else:
                done.append(replace(t, done=True))
        elif v.id not in lost_set:
            for oid in t.object_ids:
                if oid in loaded_set:
                    fixed[oid] = (t.vehicle_id, t.trip)
    return replace(
        problem,
        vehicles=tuple(v for v in problem.vehicles if v.id not in lost_set),
        start_min=at_min,
        fixed=fixed,
        prepacked=problem.prepacked | frozenset(fixed),
        done_trips=tuple(done),
        lost_objects=tuple(lost_objs),
    )


# --- serialisation (plans are stored as JSON) -------------------------------------------------


def problem_to_dict(p: PlanProblem) -> dict[str, Any]:
    d = asdict(p)
    d["fixed"] = {k: list(v) for k, v in p.fixed.items()}
    d["prepacked"] = sorted(p.prepacked)
    return d


def _trip_from(d: Mapping[str, Any]) -> Trip:
    return Trip(**{**d, "object_ids": tuple(d["object_ids"])})


def problem_from_dict(d: Mapping[str, Any]) -> PlanProblem:
    return PlanProblem(
        objects=tuple(PlanObject(**o) for o in d["objects"]),
        vehicles=tuple(Vehicle(**v) for v in d["vehicles"]),
        deadline_min=d["deadline_min"],
        crew=Crew(**d["crew"]),
        start_min=d.get("start_min", 0.0),
        fixed={k: (v[0], int(v[1])) for k, v in (d.get("fixed") or {}).items()},
        prepacked=frozenset(d.get("prepacked") or ()),
        done_trips=tuple(_trip_from(t) for t in d.get("done_trips") or ()),
        lost_objects=tuple(d.get("lost_objects") or ()),
    )


def plan_to_dict(p: Plan) -> dict[str, Any]:
    return asdict(p)


def plan_from_dict(d: Mapping[str, Any]) -> Plan:
    return Plan(
        **{
            **d,
            "trips": tuple(_trip_from(t) for t in d["trips"]),
            "left_behind": tuple(d["left_behind"]),
            "lost": tuple(d.get("lost") or ()),
            "notes": tuple(d.get("notes") or ()),
        }
    )


# --- what stays ------------------------------------------------------------------------------


def protect_in_place(
    object_type: str, materials: Sequence[str], weight_kg: float, fragility: int
) -> list[str]:
    """Protect-in-place measures for an object that stays, after the ICCROM-UNESCO *First Aid
    to Cultural Heritage in Times of Crisis* handbook: document, then shield from blast,
    fire, water and theft, in that order of what usually does the damage."""
    mats = " ".join(materials).lower()
    steps = [
        "photograph all faces with a scale and record its position (for recovery and for "
        "proof of loss)"
    ]
    if weight_kg > 1000:
        steps.append(
            "leave in place; box in with timber and fill with sand bags or sand-filled "
            "geotextile against blast and fragments"
        )
        steps.append("do not attempt to move without lifting gear: a dropped sarcophagus breaks")
    elif weight_kg > 100:
        steps.append(
            "move off display plinths onto the floor against an inner wall; pad and "
            "cover with a timber frame"
        )
    else:
        steps.append(
            "pack in padded crates and move to the most protected inner store room; "
            "record the new location code (kept encrypted)"
        )
    if any(m in mats for m in ("textile", "wood", "paper", "papyrus", "parchment")):
        steps.append("keep away from fuel and windows; wrap in fire-retardant sheeting")
    if any(m in mats for m in ("glass", "ceramic", "terracotta", "faience", "plaster")):
        steps.append(
            "immobilise with soft padding: vibration from shelling breaks brittle material"
        )
    if object_type.lower() in FIGURATIVE:
        steps.append("cover faces and figures from view (iconoclastic targeting)")
    if fragility >= 4:
        steps.append("do not stack; mark the crate FRAGILE in the local language")
    return steps
