"""Shared fixtures: one gazetteer per test session (built once if missing, ~30 s)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tadmor.geo import Geoparser, open_gazetteer

SHARED = (
    Path(os.environ.get("TADMOR_SHARED", Path(__file__).resolve().parents[3] / "shared")) / "data"
)


@pytest.fixture(scope="session")
def geoparser() -> Geoparser:
    # The default location (TADMOR_GAZETTEER / TADMOR_HOME / ~/.cache/tadmor): a developer's
    # cached gazetteer is reused, CI builds it once.
    return Geoparser(open_gazetteer())


def _shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (evaluation data lives in ../shared, outside the repo)")
    return path


@pytest.fixture(scope="session")
def palmyra_text() -> str:
    # The copy bundled with the package (for `tadmor demo`): no shared data needed.
    from tadmor.demo import example_original

    return example_original()[0].data.decode("utf-8")


@pytest.fixture(scope="session")
def lgl_path() -> Path:
    return _shared_file("geo", "lgl.xml")
