"""Counting independent sources: ten outlets repeating one agency are one source.

A claim's source is its origin ("according to SANA") when it names one; an unattributed claim
is the outlet's own reporting, and a syndicated or near-duplicate copy (collect's
``duplicate_of``) is the reporting of the outlet that first published it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tadmor.corroborate.records import ClaimFacts, IndependentSource
from tadmor.corroborate.sources import Registry, source_key

_ATTRIBUTED_KINDS = frozenset(
    {
        "agency",
        "official",
        "military",
        "armed_group",
        "monitor",
        "witness",
        "journalist",
        "social_media",
        "unknown",
    }
)


def source_of(claim: ClaimFacts, registry: Registry) -> tuple[str, str, str]:
    """(key, display name, kind) of the independent source behind a claim."""
    if claim.origin and claim.origin_kind in _ATTRIBUTED_KINDS:
        name = registry.canonical(claim.origin)
        return f"origin:{source_key(name)}", name, claim.origin_kind
    outlet = claim.root_outlet or claim.outlet
    if outlet:
        name = registry.canonical(outlet)
        return f"outlet:{source_key(name)}", name, "outlet"
    root = claim.root_report or claim.report_id
    return f"report:{root}", f"report {root[:8]}", "outlet"


def independent_sources(
    claims: Sequence[ClaimFacts], registry: Registry
) -> list[IndependentSource]:
    """The incident's independent sources, each with the outlets and reports that carried it,
    in order of first appearance."""
    order: list[str] = []
    names: dict[str, tuple[str, str]] = {}
    outlets: dict[str, list[str]] = defaultdict(list)
    reports: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: c.order):
        key, name, kind = source_of(c, registry)
        if key not in names:
            order.append(key)
            names[key] = (name, kind)
        if c.outlet and c.outlet not in outlets[key]:
            outlets[key].append(c.outlet)
        if c.report_id not in reports[key]:
            reports[key].append(c.report_id)
        members[key].append(c.claim_id)
    out = []
    for key in order:
        name, kind = names[key]
        info = registry.get(name)
        out.append(
            IndependentSource(
                key=key,
                name=name,
                kind=kind,
                outlets=tuple(outlets[key]),
                reports=tuple(reports[key]),
                claims=tuple(members[key]),
                reliability=info.reliability,
                tags=info.tags,
            )
        )
    return out
