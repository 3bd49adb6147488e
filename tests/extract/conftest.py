"""Shared helpers for the extraction tests."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tadmor.extract.pipeline import Pipeline
from tadmor.extract.records import Document
from tadmor.geo.records import Place, Toponym

SHARED = (
    Path(os.environ.get("TADMOR_SHARED", Path(__file__).resolve().parents[3] / "shared")) / "data"
)
FAKES = SHARED / "fakes-dev.csv"

# The extraction stages without language detection and the gazetteer: tests give toponyms.
STAGES = [
    "sentences",
    "dates",
    "quantities",
    "actors",
    "attribution",
    "heritage",
    "events",
    "claims",
]

TADMUR = Place(163808, "Tadmur", "SY", 34.56240, 38.28402, "P", "PPLA2", admin1="Homs")


def toponyms_for(text: str, names: dict[str, Place]) -> list[Toponym]:
    """Hand-made toponyms: every occurrence of each name, resolved to its place."""
    out = []
    for name, place in names.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            out.append(Toponym(m.start(), m.end(), m.group(), place, 1.0, 1))
    return sorted(out, key=lambda t: t.start)


def run(
    text: str, published: dt.datetime | None = None, places: dict[str, Place] | None = None
) -> Document:
    doc = Document(text, published=published, country_hint="SY")
    doc.toponyms = toponyms_for(text, places or {})
    return Pipeline.from_config(STAGES)(doc)


@pytest.fixture(scope="session")
def palmyra_doc() -> Document:
    from tadmor.demo import example_original  # the copy bundled with the package

    text = example_original()[0].data.decode("utf-8")
    return run(text, dt.datetime(2015, 5, 24), {"Palmyra": TADMUR, "Tadmour": TADMUR})
