"""Typed records of the heritage registry, its alerts and the hazards that raise them.

Condition words follow the EAMENA database (Endangered Archaeology in the Middle East and
North Africa), so a condition assessment made here means what it means in EAMENA and Arches;
object description follows the Object ID standard (ICOM/Getty).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Who is acting. Passed explicitly to every service function, so the CLI and the future
    web server apply the same checks; the least-privileged role is the default everywhere."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"


class Custody(StrEnum):
    IN_SITU = "in_situ"
    PACKED = "packed"
    IN_TRANSIT = "in_transit"
    SAFE_HAVEN = "safe_haven"
    MISSING = "missing"
    DAMAGED = "damaged"
    DESTROYED = "destroyed"


# EAMENA vocabularies (Overall Condition State, Damage Extent Type, Disturbance Cause
# Category, Certainty, Threat Category), in the order EAMENA lists them.
OVERALL_CONDITIONS: tuple[str, ...] = ("Good", "Fair", "Poor", "Very Bad", "Destroyed", "Unknown")
DAMAGE_EXTENTS: tuple[str, ...] = (
    "No Visible/Known",
    "1-10%",
    "11-30%",
    "31-60%",
    "61-90%",
    "91-100%",
    "Unknown",
)
DISTURBANCE_CAUSES: tuple[str, ...] = (
    "Warfare: bombing/shelling",
    "Warfare: military activity",
    "Deliberate destruction",
    "Looting/illegal excavation",
    "Vandalism",
    "Construction/development",
    "Agriculture/pastoralism",
    "Natural",
    "Unknown",
)
CERTAINTIES: tuple[str, ...] = ("Negligible", "Low", "Medium", "High", "Definite")
THREATS: tuple[str, ...] = (
    "Armed conflict",
    "Looting",
    "Deliberate destruction",
    "Military occupation",
    "Neglect",
    "Development",
    "Natural hazard",
    "Unknown",
)
SITE_KINDS: tuple[str, ...] = (
    "archaeological_site",
    "monument",
    "temple",
    "museum",
    "citadel",
    "religious_building",
    "old_city",
    "storage",
)


class RegistryError(ValueError):
    """A registry value is outside its vocabulary or a record is inconsistent."""


def check_vocab(value: str, vocab: tuple[str, ...], what: str) -> str:
    """Accept a vocabulary term case-insensitively and return its canonical spelling, so
    imported spreadsheets ("very bad") land on the EAMENA term ("Very Bad")."""
    for term in vocab:
        if term.lower() == value.strip().lower():
            return term
    raise RegistryError(f"{what} {value!r} is not one of: {', '.join(vocab)}")


@dataclass(frozen=True)
class Condition:
    """An EAMENA condition assessment of a site."""

    overall: str = "Unknown"
    damage_extent: str = "Unknown"
    disturbance_causes: tuple[str, ...] = ()
    certainty: str = "Negligible"
    threats: tuple[str, ...] = ()

    def validated(self) -> Condition:
        return Condition(
            overall=check_vocab(self.overall, OVERALL_CONDITIONS, "overall condition"),
            damage_extent=check_vocab(self.damage_extent, DAMAGE_EXTENTS, "damage extent"),
            disturbance_causes=tuple(
                check_vocab(c, DISTURBANCE_CAUSES, "disturbance cause")
                for c in self.disturbance_causes
            ),
            certainty=check_vocab(self.certainty, CERTAINTIES, "certainty"),
            threats=tuple(check_vocab(t, THREATS, "threat") for t in self.threats),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "damage_extent": self.damage_extent,
            "disturbance_causes": list(self.disturbance_causes),
            "certainty": self.certainty,
            "threats": list(self.threats),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Condition:
        return cls(
            overall=data.get("overall") or "Unknown",
            damage_extent=data.get("damage_extent") or "Unknown",
            disturbance_causes=tuple(data.get("disturbance_causes") or ()),
            certainty=data.get("certainty") or "Negligible",
            threats=tuple(data.get("threats") or ()),
        ).validated()


@dataclass(frozen=True)
class Site:
    """An immovable heritage place. ``attribution`` travels with the coordinates wherever
    they are shown (the licence of OSM and Pleiades points requires it)."""

    id: str
    name: str
    kind: str
    latitude: float | None = None
    longitude: float | None = None
    aliases: tuple[str, ...] = ()
    geometry: dict[str, Any] | None = None
    parent_id: str | None = None
    period: str | None = None
    designation: str | None = None
    condition: Condition = field(default_factory=Condition)
    source: str | None = None
    attribution: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HeritageObject:
    """A movable object (Object ID fields plus what an evacuation needs).

    ``location_code`` holds plaintext only in a record returned to a role allowed to read it
    and asked for; otherwise it is None and "location_code" is listed in ``restricted``."""

    id: str
    inventory_number: str
    object_type: str
    title: str
    site_id: str | None = None
    materials: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    subject: str | None = None
    date_period: str | None = None
    maker: str | None = None
    inscriptions: str | None = None
    distinguishing_features: str | None = None
    description: str | None = None
    height_cm: float | None = None
    width_cm: float | None = None
    depth_cm: float | None = None
    weight_kg: float | None = None
    fragility: int = 3  # 1 robust .. 5 extremely fragile
    significance: int = 3  # 1 minor .. 5 exceptional
    photos: tuple[str, ...] = ()  # blob SHA-256s
    custody: Custody = Custody.IN_SITU
    safe_haven_id: str | None = None
    location_code: str | None = None
    condition_note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    restricted: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafeHaven:
    """A safe haven: a public code name, and (for roles allowed) where it is."""

    id: str
    label: str
    location: str | None = None
    restricted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence behind an alert or a change: which claim or incident, the report
    it came from, and the exact characters that say so."""

    kind: str  # claim | incident | note
    id: str
    report_id: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    origin: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class HeritageNamed:
    """A heritage mention carried by a hazard event (from the extract stage)."""

    text: str
    kind: str
    status: str
    start: int | None = None
    end: int | None = None
    status_text: str | None = None


@dataclass(frozen=True)
class HazardEvent:
    """What alerts are computed from: a claim now, a corroborated incident later.

    The incidents module need only produce these (see :func:`tadmor.heritage.alerts.
    register_hazard_source`); alerts never read claim or incident tables directly."""

    id: str
    kind: str  # claim | incident
    latitude: float | None
    longitude: float | None
    date: dt.date | None = None
    sub_event_type: str | None = None
    grade: str | None = None  # Airwars grade: Confirmed, Fair, Weak, Contested, Discounted
    geo_precision: int | None = None  # ACLED: 1 town, 2 near, 3 region centre
    place_name: str | None = None
    heritage: tuple[HeritageNamed, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    hedged: bool = False  # the source itself was unsure ("reportedly")


@dataclass(frozen=True)
class Alert:
    """A heritage-at-risk alert for one site from one hazard event."""

    id: str
    site_id: str
    site_name: str
    event_kind: str
    event_id: str
    event_date: dt.date | None
    reasons: tuple[str, ...]  # near, named
    distance_km: float | None
    grade: str | None
    sub_event_type: str | None
    threat_level: int  # 1..5, feeds the evacuation planner's threat
    proposed_condition: Condition | None
    evidence: tuple[Evidence, ...]
    status: str = "open"  # open | confirmed | dismissed
    decided_by: str | None = None
