from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tadmor.store import Store

SHARED = Path(os.environ.get("TADMOR_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SHARED_DATA = SHARED / "data"


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data, or skip the test (the project's tests must pass without it)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data file {path} (not present on this machine)")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "test.db")
    yield s
    s.close()
