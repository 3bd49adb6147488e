"""Build the offline basemap: every country's border from the ``countryinfo`` package,
simplified (Douglas-Peucker) and rounded, as one small GeoJSON file the page draws when no
tile server is configured. Run at build time (``web/build.sh``); the output is committed.

    python -m tadmor.web.basemap src/tadmor/web/static/world.geojson
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Point = tuple[float, float]
TOLERANCE = 0.05  # degrees (~5 km): borders read well at country and region zoom
DIGITS = 3


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    return float(abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (borders have tens of thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perpendicular(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tolerance:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring: Sequence[Sequence[float]]) -> list[list[float]] | None:
    pts = simplify([(float(x), float(y)) for x, y, *_ in ring], TOLERANCE)
    out = [[round(x, DIGITS), round(y, DIGITS)] for x, y in pts]
    if len(out) < 4:
        return None
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _polygon(rings: Sequence[Any]) -> list[list[list[float]]] | None:
    outer = _ring(rings[0])
    if outer is None:
        return None
    return [outer] + [r for r in (_ring(x) for x in rings[1:]) if r is not None]


def world() -> dict[str, Any]:
    import countryinfo

    features: list[dict[str, Any]] = []
    for country in countryinfo.all_countries():
        try:
            doc = country.geo_json()
        except Exception:  # a territory without a border in the package
            continue
        for feat in (doc or {}).get("features", []):
            geom = feat.get("geometry") or {}
            polys = (
                [geom["coordinates"]]
                if geom.get("type") == "Polygon"
                else geom.get("coordinates", [])
                if geom.get("type") == "MultiPolygon"
                else []
            )
            kept = [p for p in (_polygon(x) for x in polys) if p is not None]
            if not kept:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": (feat.get("properties") or {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
    features.sort(key=lambda f: str(f["properties"]["name"]))
    return {
        "type": "FeatureCollection",
        "attribution": "Country borders: countryinfo package (MIT)",
        "features": features,
    }


def main(argv: Sequence[str]) -> None:
    out = Path(argv[0]) if argv else Path(__file__).parent / "static" / "world.geojson"
    out.write_text(json.dumps(world(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
