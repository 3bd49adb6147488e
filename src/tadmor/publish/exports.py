"""Claims to JSON Lines, CSV (ACLED-like columns) and GeoJSON.

Rendering is separate from recording: :func:`render_claims` makes the bytes, and
:func:`export_claims` also writes an ``export`` ledger entry with their SHA-256, so a published
file can later be matched to the store state it came from.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from typing import Any

from tadmor.collect.service import default_collector
from tadmor.geo import GEONAMES_ATTRIBUTION
from tadmor.store import Store, ledger

EXPORT_FORMATS = ("jsonl", "csv", "geojson")


CSV_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "origin",
    "origin_kind",
    "certainty",
    "fatalities",
    "notes",
    "report_id",
    "sentence_start",
    "sentence_end",
)


def _csv_row(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": c["id"],
        "event_date": c["event_date"] or "",
        "time_precision": c["time_precision"] or "",
        "event_type": c["event_type"],
        "sub_event_type": c["sub_event_name"] or c["sub_event_type"],
        "actor1": c["actor1"] or "",
        "actor2": c["actor2"] or "",
        "country": c["country_code"] or "",
        "admin1": c["admin1"] or "",
        "location": c["location"] or "",
        "latitude": "" if c["latitude"] is None else c["latitude"],
        "longitude": "" if c["longitude"] is None else c["longitude"],
        "geo_precision": c["geo_precision"] or "",
        "source": c["outlet"] or "",
        "origin": c["origin"] or "",
        "origin_kind": c["origin_kind"],
        "certainty": c["certainty"],
        "fatalities": c["fatalities"] if c["fatalities"] is not None else 0,
        "notes": c["arguments"].get("sentence", {}).get("text", ""),
        "report_id": c["report_id"],
        "sentence_start": c["sentence"][0],
        "sentence_end": c["sentence"][1],
    }


def render_claims(fmt: str, claims: Sequence[dict[str, Any]]) -> bytes:
    """The export file's bytes. Claims are the records ``tadmor claims --json`` prints."""
    if fmt == "jsonl":
        lines = [json.dumps(c, ensure_ascii=False, sort_keys=True, default=str) for c in claims]
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for c in claims:
            writer.writerow(_csv_row(c))
        return buf.getvalue().encode("utf-8")
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "id": c["id"],
                "geometry": {"type": "Point", "coordinates": [c["longitude"], c["latitude"]]},
                "properties": {k: v for k, v in _csv_row(c).items()},
            }
            for c in claims
            if c["latitude"] is not None and c["longitude"] is not None
        ]
        doc = {
            "type": "FeatureCollection",
            "attribution": GEONAMES_ATTRIBUTION,
            "features": features,
        }
        return (json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")


def export_claims(
    store: Store,
    fmt: str,
    claims: Sequence[dict[str, Any]],
    *,
    destination: str,
    actor: str | None = None,
) -> tuple[bytes, int, str]:
    """Render and record an export; returns (bytes, number of claims, sha256)."""
    data = render_claims(fmt, claims)
    sha = hashlib.sha256(data).hexdigest()
    with store.write() as session:
        ledger.append(
            session,
            "export",
            actor or default_collector(),
            sha,
            {
                "format": fmt,
                "claims": len(claims),
                "destination": destination,
                "bytes": len(data),
                "claim_ids_sha256": hashlib.sha256(
                    "\n".join(c["id"] for c in claims).encode()
                ).hexdigest(),
            },
        )
    return data, len(claims), sha
