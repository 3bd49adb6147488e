"""Typed extraction records to JSON-ready data (for the store, exports and ``--json``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from tadmor.extract.records import Claim, Document, FigureKind
from tadmor.extract.taxonomy import SUB_EVENT_NAME

_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_data(obj: Any) -> Any:
    """Recursively turn dataclasses, enums and dates into JSON-ready values.

    This runs over every mention of every report, so the common cases come first and each
    dataclass's field names are looked up once per class."""
    cls = type(obj)
    if cls in _PLAIN:
        return obj
    if isinstance(obj, Enum):
        return obj.value
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
    if names is not None:
        return {name: to_data(getattr(obj, name)) for name in names}
    if isinstance(obj, list | tuple):
        return [to_data(x) for x in obj]
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


def document_annotations(doc: Document) -> dict[str, Any]:
    """Everything the stages found, minus the claims (stored as rows) and the text itself."""
    data = {
        f.name: to_data(getattr(doc, f.name))
        for f in dataclasses.fields(doc)
        if f.name not in ("text", "claims", "report_id")
    }
    # Keep toponyms' chosen place only: candidate lists are for debugging, not for the record.
    for top in data.get("toponyms", []):
        top.pop("candidates", None)
    return data


_TOLL_KINDS = (FigureKind.KILLED, FigureKind.EXECUTED)


def conservative_fatalities(claim: Claim) -> int | None:
    """ACLED's most conservative reading of the claim's death toll (None: no toll stated)."""
    lows = [a.value.quantity.low for a in claim.figures if a.value.kind in _TOLL_KINDS]
    return max(lows) if lows else None


def claim_row(report_id: str, seq: int, claim: Claim) -> dict[str, Any]:
    """Column values of a claim for the store; ``data`` keeps every argument with its span."""
    place = claim.place.value if claim.place else None
    data = to_data(claim)
    data["sub_event_name"] = SUB_EVENT_NAME.get(claim.sub_event_type, claim.sub_event_type)
    if claim.place is not None:
        data["place"]["value"].pop("candidates", None)
    return {
        "id": f"{report_id}-{seq:03d}",
        "seq": seq,
        "sentence_start": claim.sentence.start,
        "sentence_end": claim.sentence.end,
        "event_type": claim.event_type,
        "sub_event_type": claim.sub_event_type,
        "actor1": claim.actor1.value if claim.actor1 else None,
        "actor2": claim.actor2.value if claim.actor2 else None,
        "place_name": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "country_code": place.country_code if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": claim.geo_precision,
        "event_date": claim.date.value if claim.date else None,
        "time_precision": int(claim.time_precision) if claim.time_precision else None,
        "fatalities": conservative_fatalities(claim),
        "origin": claim.origin.value if claim.origin else None,
        "origin_kind": claim.origin_kind.value,
        "certainty": claim.certainty.value,
        "quote": claim.quote,
        "negated": claim.negated,
        "data": data,
    }
