"""Proposing a grade on the Airwars scale with Admiralty information credibility (1-6).

Confirmed: a belligerent accepts responsibility (a claim by an armed group, military or
official origin naming itself as the perpetrator). Contested: competing responsibility, a
different outcome, or a denial. Fair: two or more independent, credible sources. Weak: one.
Discounted is never proposed: only an analyst can discount.
"""

from __future__ import annotations

from collections.abc import Sequence

from tadmor.corroborate.independence import source_of
from tadmor.corroborate.records import (
    ClaimFacts,
    Contradiction,
    ContradictionKind,
    Grade,
    GradeProposal,
    IndependentSource,
)
from tadmor.corroborate.sources import Registry, source_key

_BELLIGERENT_KINDS = frozenset({"armed_group", "military", "official"})
_CONTESTING = frozenset(
    {ContradictionKind.RESPONSIBILITY, ContradictionKind.OUTCOME, ContradictionKind.DENIAL}
)


def _words(name: str) -> set[str]:
    return {w for w in source_key(name).split() if len(w) > 2 and w not in {"the", "forces"}}


def accepts_responsibility(claim: ClaimFacts) -> bool:
    """The origin is a belligerent and names itself as the perpetrator, without denial."""
    if claim.negated or claim.certainty == "denied" or not claim.origin or not claim.actor1:
        return False
    if claim.origin_kind not in _BELLIGERENT_KINDS:
        return False
    return bool(_words(claim.origin) & _words(claim.actor1))


def propose(
    claims: Sequence[ClaimFacts],
    sources: Sequence[IndependentSource],
    contradictions: Sequence[Contradiction],
    registry: Registry,
) -> GradeProposal:
    credible = [s for s in sources if registry.get(s.name).credible]
    contested = [c for c in contradictions if c.kind in _CONTESTING]
    disputed_toll = any(c.kind == ContradictionKind.TOLL for c in contradictions)
    admitting = [c for c in claims if accepts_responsibility(c)]
    reasons: list[str] = []
    if contested:
        kinds = sorted({c.kind.value for c in contested})
        reasons.append(f"contradictions: {', '.join(kinds)}")
        return GradeProposal(Grade.CONTESTED, 4, tuple(reasons))
    if admitting:
        who = source_of(admitting[0], registry)[1]
        reasons.append(f"{who} accepts responsibility")
        return GradeProposal(Grade.CONFIRMED, 1 if len(credible) >= 2 else 2, tuple(reasons))
    if len(credible) >= 2:
        reasons.append(f"{len(credible)} independent credible sources")
        if disputed_toll:
            reasons.append("tolls disagree")
        return GradeProposal(Grade.FAIR, 2 if disputed_toll else 1, tuple(reasons))
    n = len(sources)
    reasons.append(
        "single independent source" if n <= 1 else f"{n} sources, {len(credible)} credible"
    )
    if disputed_toll:
        reasons.append("tolls disagree")
    best = min((registry.get(s.name).reliability for s in sources), default="F")
    credibility = {"A": 2, "B": 2, "C": 3, "F": 3}.get(best, 4)
    if not sources:
        credibility = 6
    return GradeProposal(Grade.WEAK, credibility, tuple(reasons))
