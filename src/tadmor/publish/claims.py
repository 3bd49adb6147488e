"""Claims as the flat records that the CLI prints, exports carry and the API will serve.

One function builds them, so every way out of the store shows the same fields.
"""

from __future__ import annotations

from typing import Any

from tadmor.store import Store
from tadmor.store import repository as repo
from tadmor.store.models import ClaimRow
from tadmor.store.repository import ClaimFilter


def claim_record(row: ClaimRow, outlet: str | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "report_id": row.report_id,
        "outlet": outlet,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "sub_event_name": row.data.get("sub_event_name"),
        "actor1": row.actor1,
        "actor2": row.actor2,
        "location": row.place_name,
        "geonameid": row.geonameid,
        "admin1": row.admin1,
        "country_code": row.country_code,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "geo_precision": row.geo_precision,
        "event_date": row.event_date.isoformat() if row.event_date else None,
        "time_precision": row.time_precision,
        "fatalities": row.fatalities,
        "origin": row.origin,
        "origin_kind": row.origin_kind,
        "certainty": row.certainty,
        "quote": row.quote,
        "negated": row.negated,
        "sentence": [row.sentence_start, row.sentence_end],
        "arguments": row.data,
    }


def claim_records(store: Store, flt: ClaimFilter) -> list[dict[str, Any]]:
    with store.read() as session:
        rows = repo.list_claims(session, flt)
        outlets = repo.report_sources(session, sorted({r.report_id for r in rows}))
    return [claim_record(r, outlets.get(r.report_id)) for r in rows]


def figures_text(data: dict[str, Any]) -> str:
    parts = []
    for arg in data.get("figures", []):
        f = arg["value"]
        q = f["quantity"]
        rng = str(q["low"]) if q["high"] == q["low"] else f"{q['low']}-{q['high'] or '?'}"
        qual = "" if q["qualifier"] == "exact" else f"{q['qualifier'].replace('_', ' ')} "
        parts.append(f"{qual}{rng} {f['group']} {f['kind']}")
    return "; ".join(parts)
