"""Contradictions between an incident's claims, each with both spans: tolls beyond tolerance,
competing responsibility, different outcomes for heritage, and denials."""

from __future__ import annotations

from collections.abc import Sequence

from tadmor.corroborate.figures import disagree, evidence
from tadmor.corroborate.independence import source_of
from tadmor.corroborate.records import (
    ClaimFacts,
    Contradiction,
    ContradictionKind,
    SourceFigure,
)
from tadmor.corroborate.sources import Registry

# Event types in which actor1 is the one responsible for harm (not one side of a battle).
_HARM_TYPES = frozenset({"Violence against civilians", "Explosions/Remote violence"})
_LOSS = frozenset({"looted", "destroyed", "damaged"})


def _asserts(c: ClaimFacts) -> bool:
    return not c.negated and c.certainty != "denied"


def find_contradictions(
    claims: Sequence[ClaimFacts], figures: Sequence[SourceFigure], registry: Registry
) -> list[Contradiction]:
    out: list[Contradiction] = []
    ordered = sorted(claims, key=lambda c: c.order)
    # tolls
    for i, fa in enumerate(figures):
        for fb in figures[i + 1 :]:
            if fa.kind == fb.kind and fa.source != fb.source and disagree(fa, fb):
                out.append(
                    Contradiction(
                        ContradictionKind.TOLL,
                        f"{fa.kind}: {fa.source} says {_range(fa)}, {fb.source} says {_range(fb)}",
                        fa.evidence,
                        fb.evidence,
                    )
                )
    # responsibility: different perpetrators named for the harm, by any two claims
    seen_pairs: set[tuple[str, str]] = set()
    harm = [c for c in ordered if c.event_type in _HARM_TYPES and c.actor1 and _asserts(c)]
    for i, a in enumerate(harm):
        for b in harm[i + 1 :]:
            assert a.actor1 is not None and b.actor1 is not None
            pair = (min(a.actor1, b.actor1), max(a.actor1, b.actor1))
            if a.actor1 != b.actor1 and pair not in seen_pairs:
                seen_pairs.add(pair)
                sa, sb = source_of(a, registry)[1], source_of(b, registry)[1]
                out.append(
                    Contradiction(
                        ContradictionKind.RESPONSIBILITY,
                        f"{sa} blames {a.actor1}; {sb} blames {b.actor1}",
                        evidence(a, sa),
                        evidence(b, sb),
                    )
                )
    # outcomes of heritage: evacuated vs looted/destroyed/damaged, for the same kind of thing
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            for kind_a, status_a in a.heritage:
                for kind_b, status_b in b.heritage:
                    if kind_a != kind_b:
                        continue
                    if {status_a, status_b} & {"evacuated"} and {status_a, status_b} & _LOSS:
                        sa, sb = source_of(a, registry)[1], source_of(b, registry)[1]
                        out.append(
                            Contradiction(
                                ContradictionKind.OUTCOME,
                                f"{kind_a}: {sa} says {status_a}, {sb} says {status_b}",
                                evidence(a, sa),
                                evidence(b, sb),
                            )
                        )
    # denials: a denied or negated claim against the first claim asserting the same type
    for d in ordered:
        if _asserts(d):
            continue
        other = next((c for c in ordered if _asserts(c) and c.event_type == d.event_type), None)
        if other is not None:
            sd, so = source_of(d, registry)[1], source_of(other, registry)[1]
            out.append(
                Contradiction(
                    ContradictionKind.DENIAL,
                    f"{sd} denies what {so} reports",
                    evidence(other, so),
                    evidence(d, sd),
                )
            )
    return out


def _range(f: SourceFigure) -> str:
    if f.high is None:
        return f"at least {f.low}"
    return str(f.low) if f.high == f.low else f"{f.low}-{f.high}"
