"""Typed records of the geography stage.

A :class:`Place` is a gazetteer entry; a :class:`Toponym` is one place name found in a text,
with its character span and the place it was resolved to (if any).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry (GeoNames id where the entry comes from GeoNames)."""

    geonameid: int
    name: str
    country_code: str  # ISO-3166 alpha-2, "" when the place is not in a country (seas)
    latitude: float
    longitude: float
    feature_class: str = "P"  # GeoNames feature class: P populated place, A admin, S spot, ...
    feature_code: str = "PPL"
    admin1: str = ""  # admin1 *name* (governorate, state), not its code
    admin2: str = ""
    population: int = 0
    country: str = ""  # country name


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in a text and what it resolves to.

    ``geo_precision`` follows ACLED: 1 the named town, 2 near a town or part of a region,
    3 a larger region (coded to its centre).
    """

    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    geo_precision: int = 3
    candidates: tuple[Place, ...] = field(default=(), compare=False)
