"""The resolver's batched arithmetic must give what the per-name arithmetic gave, bit for bit:
the proximity feature is computed for all names of a document at once (and in blocks for long
texts), and a small difference would change which place wins a close call."""

from __future__ import annotations

import numpy as np
import pytest

import tadmor.geo.parser as parser
from tadmor.geo.parser import NEAR_KM, _CandTable, _km, km


def _per_name(
    table: _CandTable,
    v_group: np.ndarray,
    v_lat: np.ndarray,
    v_lon: np.ndarray,
    v_w: np.ndarray,
) -> np.ndarray:
    """The proximity feature as it was computed before batching: one name at a time."""
    out = []
    for i in range(len(table.bounds) - 1):
        rows = slice(table.bounds[i], table.bounds[i + 1])
        mask = v_group != i
        near = np.zeros(rows.stop - rows.start)
        if mask.any():
            d = _km(
                table.lat[rows, None],
                table.lon[rows, None],
                v_lat[mask][None, :],
                v_lon[mask][None, :],
            )
            near = np.minimum(1.0, (np.exp(-d / NEAR_KM) * v_w[mask][None, :]).max(axis=1))
        out.append(near)
    return np.concatenate(out)


@pytest.mark.parametrize("block", [1, 7, 1 << 20])
def test_batched_nearness_is_the_per_name_arithmetic(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(parser, "_NEAR_BLOCK", block)
    rng = np.random.default_rng(7)
    sizes = [1, 3, 0, 12, 2, 60, 1]
    n = sum(sizes)
    # towns around Syria, a few far away, as the geoparser sees them
    lat = np.where(rng.random(n) < 0.8, rng.normal(35, 1.5, n), rng.uniform(-60, 70, n))
    lon = np.where(rng.random(n) < 0.8, rng.normal(38, 1.5, n), rng.uniform(-170, 170, n))
    table = _CandTable(
        lat,
        lon,
        np.full(n, 5),
        np.repeat(np.arange(len(sizes)), sizes),
        [0, *np.cumsum(sizes).tolist()],
    )
    voters = rng.choice(n, 15, replace=False)
    v_group = np.append(table.group[voters], -1)  # and one place given as context
    v_lat, v_lon = np.append(lat[voters], 34.55), np.append(lon[voters], 38.27)
    v_w = np.append(rng.uniform(0.05, 2.0, 15), 1.0)
    got = table.nearness(v_group, v_lat, v_lon, v_w)
    want = _per_name(table, v_group, v_lat, v_lon, v_w)
    assert got.tobytes() == want.tobytes()


def test_nearness_without_voters_is_zero() -> None:
    table = _CandTable(np.array([35.0]), np.array([38.0]), np.array([5]), np.array([0]), [0, 1])
    empty = np.array([])
    assert table.nearness(empty, empty, empty, empty).tolist() == [0.0]


def test_scalar_km_agrees_with_the_vectorised_haversine() -> None:
    rng = np.random.default_rng(3)
    pts = rng.uniform([-90, -180, -90, -180], [90, 180, 90, 180], size=(2000, 4))
    vec = _km(pts[:, 0], pts[:, 1], pts[:, 2], pts[:, 3])
    scalar = np.array([km(*p) for p in pts.tolist()])
    assert np.allclose(scalar, vec, rtol=1e-12, atol=1e-9)
    assert km(34.56, 38.27, 34.56, 38.27) == 0.0
    assert km(0.0, 0.0, 0.0, 180.0) == pytest.approx(np.pi * 6371.0088)
