"""The second half of restriction enforcement: redacting fields of records a viewer may see.

The first half is the query filter in :mod:`tadmor.store.server_repo`: whole restricted
records (and everything derived from them) never leave the database for a viewer. What is left
are field restrictions (a report's author, a claim's location) and restricted spans of a
report's text. Every record the API returns passes through a :class:`Redactor` built for the
request, so no endpoint can forget; for analysts and admins it is inactive and instead lists
the restrictions, so the page can show what a viewer would not see.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from tadmor.store import server_repo as srv
from tadmor.store.models import ClaimRow

REDACTED_CHAR = "\u2588"  # a block per hidden character keeps every other span's offsets valid

# A restricted field hides every field that carries the same fact (a location is also its
# coordinates and its GeoNames id).
_LOCATION = (
    "location",
    "place_name",
    "geonameid",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "cell",
)
FIELD_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "claim": {
        "location": _LOCATION,
        "place_name": _LOCATION,
        "latitude": _LOCATION,
        "longitude": _LOCATION,
        "event_date": ("event_date", "time_precision"),
        "origin": ("origin", "origin_kind"),
        "outlet": ("outlet",),
    },
    "incident": {
        "location": (*_LOCATION, "title"),  # the title names the place
        "place_name": (*_LOCATION, "title"),
        "latitude": _LOCATION,
        "longitude": _LOCATION,
        "event_date": ("event_date", "date_low", "date_high", "time_precision"),
    },
    "report": {
        "source": ("source", "site_name"),
        "url": ("url",),
        "author": ("author",),
    },
}
RESTRICTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "claim": ("location", "actor1", "actor2", "origin", "event_date", "fatalities", "outlet"),
    "incident": ("location", "actor1", "actor2", "event_date", "fatalities", "injured", "title"),
    "report": ("text", "title", "author", "url", "source", "filename", "published"),
}


def hidden_keys(kind: str, fields: Iterable[str]) -> set[str]:
    groups = FIELD_GROUPS.get(kind, {})
    out: set[str] = set()
    for f in fields:
        out.update(groups.get(f, (f,)))
    return out


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and end > a for a, b in spans)


def mask_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            if not chars[i].isspace():
                chars[i] = REDACTED_CHAR
    return "".join(chars)


def _mention_span(m: Any) -> tuple[int, int] | None:
    if not isinstance(m, dict):
        return None
    span = m.get("span") if isinstance(m.get("span"), dict) else m
    if (
        isinstance(span, dict)
        and isinstance(span.get("start"), int)
        and isinstance(span.get("end"), int)
    ):
        return span["start"], span["end"]
    return None


def mask_annotations(ann: dict[str, Any], spans: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """Drop every extracted mention that touches a hidden span (its text or its value would
    repeat what is hidden)."""
    if not spans:
        return ann
    out: dict[str, Any] = {}
    for key, value in ann.items():
        if isinstance(value, list):
            kept = []
            for m in value:
                sp = _mention_span(m)
                if sp is not None and overlaps(sp[0], sp[1], spans):
                    continue
                kept.append(m)
            out[key] = kept
        else:
            out[key] = value
    return out


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for restricted source names, longest first, matched without regard to case."""
    words = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def mask_names(value: Any, pattern: re.Pattern[str]) -> Any:
    """Every string inside ``value`` with restricted names blocked out, lengths kept (so the
    spans of everything else still point at the right characters)."""
    if isinstance(value, str):
        return pattern.sub(lambda m: mask_text(m.group(0), [(0, len(m.group(0)))]), value)
    if isinstance(value, dict):
        return {k: mask_names(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_names(v, pattern) for v in value]
    return value


@dataclass
class Redactor:
    """Field restrictions of the records in one response."""

    active: bool
    fields: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    rows: list[Row[Any]] = field(default_factory=list)  # restrictions of the records
    names: re.Pattern[str] | None = None  # restricted source names, masked in every text
    member_fields: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        session: Session,
        *,
        active: bool,
        claims: Sequence[tuple[ClaimRow, str | None]] = (),
        report_ids: Sequence[str] = (),
        incident_ids: Sequence[str] = (),
        claim_ids: Sequence[str] = (),
    ) -> Redactor:
        red = cls(active)
        wanted = {
            "claim": {c.id for c, _ in claims} | set(claim_ids),
            "report": {c.report_id for c, _ in claims} | set(report_ids),
            "incident": set(incident_ids),
        }
        names: list[str] = []
        for r in srv.restrictions_for(
            session,
            {k: sorted(v) for k, v in wanted.items()},
            source_names=active,
            members_of=sorted(set(incident_ids)) if active else (),
        ):
            if r.incident_id is not None:  # a field restriction of a member of that incident
                red.member_fields.setdefault(r.incident_id, set()).add(r.field)
            elif r.target_kind == "source":  # never a wanted kind: a name to mask everywhere
                names.append(r.target_id)
            else:
                red.rows.append(r)
                if r.field == "text" and r.span_start is not None and r.span_end is not None:
                    red.spans[r.target_id].append((r.span_start, r.span_end))
                elif r.field:
                    red.fields[(r.target_kind, r.target_id)].add(r.field)
        if active:
            red.names = name_pattern(names)
        return red

    def restrictions_of(self, kind: str, target_id: str) -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "field": r.field,
                "span": [r.span_start, r.span_end] if r.span_start is not None else None,
                "reason": r.reason,
                "by": r.created_by,
                "at": r.created_at.isoformat(),
            }
            for r in self.rows
            if r.target_kind == kind and r.target_id == target_id
        ]

    def _blank(self, kind: str, rec: dict[str, Any], fields: set[str]) -> None:
        for key in hidden_keys(kind, fields):
            if key in rec:
                rec[key] = None

    def claim(self, rec: dict[str, Any]) -> dict[str, Any]:
        if not self.active:
            rec["restrictions"] = self.restrictions_of("claim", rec["id"])
            return rec
        fields = set(self.fields.get(("claim", rec["id"]), set()))
        if "source" in self.fields.get(("report", rec["report_id"]), set()):
            fields.add("outlet")
        if fields:
            self._blank("claim", rec, fields)
            # The arguments repeat every value with its words from the text: drop them all.
            rec["arguments"] = {}
        rec["restrictions"] = []
        return self._names(rec)

    def _names(self, rec: dict[str, Any]) -> dict[str, Any]:
        if self.names is None:
            return rec
        masked: dict[str, Any] = mask_names(rec, self.names)
        rec.clear()
        rec.update(masked)
        return rec

    def report(
        self, rec: dict[str, Any], annotations: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        rid = rec["id"]
        if not self.active:
            rec["restrictions"] = self.restrictions_of("report", rid)
            return rec
        fields = self.fields.get(("report", rid), set())
        self._blank("report", rec, set(fields) - {"text"})
        spans = self.spans.get(rid, [])
        if "text" in fields:
            if "text" in rec:
                rec["text"] = None
            if annotations is not None:
                annotations.clear()
        elif spans and rec.get("text") is not None:
            rec["text"] = mask_text(rec["text"], spans)
        if annotations is not None and spans:
            masked = mask_annotations(annotations, spans)
            annotations.clear()
            annotations.update(masked)
        if annotations is not None and self.names is not None:
            named = mask_names(annotations, self.names)
            annotations.clear()
            annotations.update(named)
        rec["restrictions"] = []
        return self._names(rec)

    def incident(self, rec: dict[str, Any]) -> dict[str, Any]:
        if not self.active:
            rec["restrictions"] = self.restrictions_of("incident", rec["id"])
            return rec
        fields = set(self.fields.get(("incident", rec["id"]), set()))
        # A member's restricted value is hidden in the incident too (same field names for
        # claims and incidents; any other member restriction still empties ``data``).
        fields |= self.member_fields.get(rec["id"], set())
        if fields:
            self._blank("incident", rec, set(fields))
            if "data" in rec:
                rec["data"] = {}
        rec["restrictions"] = []
        return self._names(rec)
