"""Invented museum inventories and fleets, for the sample data, the demo, tests and the bench.

Nothing here describes a real collection. The profiles are plausible for a provincial museum
of the Roman East (Palmyrene funerary reliefs of 80-250 kg, life-size limestone statues,
3-4 tonne sarcophagi, and many coins, lamps and sherds), so that a plan over them exercises
every constraint: weight for the sarcophagi, volume for the statues, crew time for the many
small fragile things.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from tadmor.heritage.planner import Crew, PlanObject, PlanProblem, Vehicle


@dataclass(frozen=True)
class _Profile:
    object_type: str
    share: float
    kg: tuple[float, float]
    h: tuple[float, float]
    w: tuple[float, float]
    d: tuple[float, float]
    fragility: tuple[int, int]
    significance: tuple[int, int]
    materials: tuple[str, ...]
    titles: tuple[str, ...]
    period: str = "1st-3rd century AD"


PROFILES: tuple[_Profile, ...] = (
    _Profile(
        "coin",
        0.22,
        (0.003, 0.02),
        (1.5, 3),
        (1.5, 3),
        (0.2, 0.4),
        (1, 2),
        (1, 4),
        ("bronze", "silver"),
        ("Palmyrene tessera", "Roman provincial coin", "Antoninianus of Vaballathus"),
    ),
    _Profile(
        "jewellery",
        0.06,
        (0.005, 0.2),
        (2, 10),
        (2, 8),
        (0.5, 3),
        (2, 4),
        (2, 5),
        ("gold", "silver", "glass paste"),
        ("earring", "fibula", "necklace", "finger ring"),
    ),
    _Profile(
        "ceramic vessel",
        0.12,
        (0.3, 8),
        (10, 50),
        (8, 35),
        (8, 35),
        (4, 5),
        (1, 3),
        ("terracotta",),
        ("amphora", "cooking pot", "unguentarium", "jug"),
    ),
    _Profile(
        "lamp",
        0.06,
        (0.1, 0.4),
        (3, 6),
        (7, 12),
        (5, 8),
        (4, 4),
        (1, 2),
        ("terracotta",),
        ("oil lamp",),
    ),
    _Profile(
        "glass vessel",
        0.05,
        (0.1, 1.0),
        (6, 25),
        (5, 15),
        (5, 15),
        (5, 5),
        (2, 4),
        ("glass",),
        ("bottle", "beaker", "bowl"),
    ),
    _Profile(
        "textile",
        0.04,
        (0.05, 1.5),
        (20, 120),
        (10, 80),
        (1, 4),
        (5, 5),
        (3, 5),
        ("silk", "wool", "linen", "textile"),
        ("tomb textile fragment", "silk fragment"),
    ),
    _Profile(
        "inscription",
        0.06,
        (20, 300),
        (30, 100),
        (30, 120),
        (8, 25),
        (2, 2),
        (2, 5),
        ("limestone",),
        ("Palmyrene-Greek honorific inscription", "funerary inscription"),
    ),
    _Profile(
        "funerary relief",
        0.15,
        (80, 250),
        (50, 65),
        (40, 55),
        (20, 30),
        (2, 3),
        (3, 5),
        ("limestone",),
        ("loculus relief of a woman", "loculus relief of a priest", "loculus relief of a man"),
    ),
    _Profile(
        "bust",
        0.05,
        (30, 150),
        (40, 70),
        (30, 50),
        (25, 40),
        (3, 3),
        (3, 5),
        ("limestone", "marble"),
        ("bust of a woman", "bust of a man"),
    ),
    _Profile(
        "statue",
        0.06,
        (150, 1400),
        (120, 220),
        (50, 80),
        (40, 60),
        (3, 3),
        (4, 5),
        ("limestone", "marble"),
        ("statue of a benefactor", "statue of a deity"),
    ),
    _Profile(
        "sarcophagus",
        0.02,
        (3000, 4000),
        (150, 200),
        (200, 250),
        (90, 120),
        (2, 2),
        (5, 5),
        ("limestone",),
        ("banquet sarcophagus lid and chest", "funerary banquet sarcophagus"),
    ),
    _Profile(
        "architectural fragment",
        0.08,
        (200, 1200),
        (50, 120),
        (60, 150),
        (40, 80),
        (1, 2),
        (2, 4),
        ("limestone",),
        ("Corinthian capital", "frieze block", "column drum"),
    ),
    _Profile(
        "mosaic",
        0.03,
        (100, 400),
        (100, 200),
        (100, 150),
        (8, 12),
        (4, 4),
        (4, 5),
        ("stone tesserae", "mortar"),
        ("mosaic panel",),
    ),
)


def _pick(rng: random.Random) -> _Profile:
    r = rng.random() * sum(p.share for p in PROFILES)
    for p in PROFILES:
        r -= p.share
        if r <= 0:
            return p
    return PROFILES[-1]


def inventory(
    n: int, *, seed: int = 2015, site_id: str = "palmyra-museum", prefix: str = "INV-X"
) -> list[dict[str, Any]]:
    """``n`` invented objects as import rows (the CSV columns of the registry). The number of
    sarcophagi is at least 4 so every inventory carries the 2015 dilemma."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    sarcophagi = next(p for p in PROFILES if p.object_type == "sarcophagus")
    for i in range(n):
        p = sarcophagi if i < 4 else _pick(rng)
        kg = round(rng.uniform(*p.kg), 3 if p.kg[1] < 1 else 1)
        lo_s, hi_s = p.significance
        sig = min(hi_s, max(lo_s, round(rng.triangular(lo_s, hi_s, (lo_s + hi_s) / 2))))
        room = rng.choice(("A", "B", "C"))
        rows.append(
            {
                "id": f"{prefix.lower()}-{i + 1:04d}",
                "inventory_number": f"{prefix}-{i + 1:04d}",
                "site_id": site_id,
                "object_type": p.object_type,
                "title": f"{rng.choice(p.titles).capitalize()} (invented)",
                "materials": rng.choice(p.materials),
                "techniques": "",
                "date_period": p.period,
                "description": "INVENTED sample object: not a real museum holding.",
                "height_cm": round(rng.uniform(*p.h), 1),
                "width_cm": round(rng.uniform(*p.w), 1),
                "depth_cm": round(rng.uniform(*p.d), 1),
                "weight_kg": kg,
                "fragility": rng.randint(*p.fragility),
                "significance": sig,
                "custody": "in_situ",
                "location_code": f"{room}{rng.randint(1, 4)}-R{rng.randint(1, 12):02d}"
                f"-S{rng.randint(1, 30):02d}",
                "invented": "yes",
            }
        )
    return rows


def example_fleet() -> list[Vehicle]:
    """Ten vehicles a provincial antiquities service might muster: two crane trucks (the only
    way to move a sarcophagus), box trucks, vans and pick-ups; a 100-minute round trip to a
    staging depot."""
    fleet = [
        Vehicle(
            f"crane-{i}", 8000, 28, 110, load_min=30, lifting_gear=True, name="flatbed with crane"
        )
        for i in (1, 2)
    ]
    fleet += [
        Vehicle(f"truck-{i}", 3500, 30, 100, load_min=20, name="7.5 t box truck")
        for i in (1, 2, 3, 4)
    ]
    fleet += [Vehicle(f"van-{i}", 1200, 10, 90, load_min=15, name="panel van") for i in (1, 2)]
    fleet += [Vehicle(f"pickup-{i}", 900, 3.5, 80, load_min=10, name="pick-up") for i in (1, 2)]
    return fleet


def example_crew() -> Crew:
    return Crew(size=24, lifting_gear=False)


def plan_problem(n: int, *, seed: int, crew: int, minutes: float, threat: int = 4) -> PlanProblem:
    """A planning problem over ``n`` invented objects and the example fleet (bench and tests)."""
    objects = tuple(
        PlanObject.from_description(
            r["id"],
            object_type=r["object_type"],
            weight_kg=r["weight_kg"],
            height_cm=r["height_cm"],
            width_cm=r["width_cm"],
            depth_cm=r["depth_cm"],
            fragility=r["fragility"],
            significance=r["significance"],
            threat=threat,
        )
        for r in inventory(n, seed=seed)
    )
    return PlanProblem(objects, tuple(example_fleet()), minutes, Crew(crew))
