"""Casualty figures: each independent source's own range, and the incident's figure by
ACLED's conservative rule (the lowest figure any source gives), with where it came from."""

from __future__ import annotations

import math
from collections.abc import Sequence

from tadmor.corroborate.independence import source_of
from tadmor.corroborate.records import ClaimFacts, DerivedFigure, Evidence, SourceFigure
from tadmor.corroborate.sources import Registry

# Executions are killings: they count towards the death toll.
KIND_OF = {
    "killed": "killed",
    "executed": "killed",
    "injured": "injured",
    "abducted": "abducted",
    "displaced": "displaced",
    "arrested": "arrested",
}
TOLERANCE_ABS = 2
TOLERANCE_REL = 0.25


def evidence(claim: ClaimFacts, source: str) -> Evidence:
    return Evidence(
        claim_id=claim.claim_id,
        report_id=claim.report_id,
        source=source,
        outlet=claim.outlet,
        start=claim.sentence_start,
        end=claim.sentence_end,
        text=claim.sentence,
    )


def source_figures(claims: Sequence[ClaimFacts], registry: Registry) -> list[SourceFigure]:
    """Per source and kind, the source's own figure: the largest conservative value among its
    claims (its total, not a sub-count it also gives). Denied and negated claims give none."""
    best: dict[tuple[str, str], SourceFigure] = {}
    for c in sorted(claims, key=lambda c: c.order):
        if c.negated or c.certainty == "denied" or c.event_type == "not_conflict":
            continue
        _key, name, _kind = source_of(c, registry)
        for f in c.figures:
            kind = KIND_OF.get(f.kind)
            if kind is None:
                continue
            cur = best.get((name, kind))
            if cur is None or f.low > cur.low:
                best[(name, kind)] = SourceFigure(name, kind, f.low, f.high, evidence(c, name))
    return list(best.values())


def disagree(a: SourceFigure, b: SourceFigure) -> bool:
    """Two ranges disagree when the gap between them exceeds the tolerance (2, or a quarter
    of the larger figure): "at least 400" agrees with 450 and with "about 390", not with 217."""
    a_hi = a.high if a.high is not None else math.inf
    b_hi = b.high if b.high is not None else math.inf
    gap = max(0.0, a.low - b_hi, b.low - a_hi)
    return gap > max(TOLERANCE_ABS, TOLERANCE_REL * max(a.low, b.low))


def supports(f: SourceFigure, value: int) -> bool:
    """A source corroborates a value when its own figure is that value (within tolerance) or
    a closed range holding it; "at least 12" does not corroborate 217."""
    if f.high is not None and f.low <= value <= f.high:
        return True
    return abs(f.low - value) <= max(TOLERANCE_ABS, TOLERANCE_REL * max(f.low, value))


def _implied(f: SourceFigure, others: Sequence[SourceFigure]) -> bool:
    """An open-ended "at least 12" says nothing more once another source says "at least 400"
    without contradicting it, so it is not the conservative figure."""
    return f.high is None and any(g.low > f.low and not disagree(f, g) for g in others)


def derive(figures: Sequence[SourceFigure]) -> dict[str, DerivedFigure]:
    """Per kind: the lowest figure among the sources' informative figures (ACLED's
    conservative rule), whether the sources disagree beyond tolerance, and the figure's own
    grade: fair when two or more independent sources agree with it, else weak."""
    out: dict[str, DerivedFigure] = {}
    for kind in sorted({f.kind for f in figures}):
        of_kind = [f for f in figures if f.kind == kind]
        informative = [f for f in of_kind if not _implied(f, of_kind)] or of_kind
        chosen = min(informative, key=lambda f: (f.low, f.source))
        disputed = any(disagree(a, b) for i, a in enumerate(of_kind) for b in of_kind[i + 1 :])
        agreeing = tuple(dict.fromkeys(f.source for f in of_kind if supports(f, chosen.low)))
        out[kind] = DerivedFigure(
            kind=kind,
            value=chosen.low,
            rule="lowest informative figure among independent sources (ACLED, conservative)",
            chosen=chosen,
            disputed=disputed,
            sources=agreeing,
            grade="fair" if len(agreeing) >= 2 else "weak",
        )
    return out
