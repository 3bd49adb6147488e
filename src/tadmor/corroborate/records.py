"""Typed records of corroboration: what a claim looks like to the grouper, and what an
incident says about its sources, figures, contradictions and grade.

A :class:`ClaimFacts` is built from a stored claim (or straight from an extracted
:class:`~tadmor.extract.records.Claim`), so that grouping, independence, figures,
contradictions and grading are pure functions over plain records and can be tested without a
database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Grade(StrEnum):
    """Airwars grades, in the order an incident is usually upgraded."""

    CONFIRMED = "confirmed"
    FAIR = "fair"
    WEAK = "weak"
    CONTESTED = "contested"
    DISCOUNTED = "discounted"  # only an analyst sets it


class ContradictionKind(StrEnum):
    TOLL = "toll"  # tolls disagree beyond tolerance
    RESPONSIBILITY = "responsibility"  # different perpetrators named
    OUTCOME = "outcome"  # evacuated vs looted/destroyed
    DENIAL = "denial"  # a source denies what another asserts


@dataclass(frozen=True, slots=True)
class FigureFact:
    """One casualty figure of one claim, as a range, with the characters that said it."""

    kind: str  # tadmor.extract.records.FigureKind value
    low: int
    high: int | None
    qualifier: str
    group: str
    start: int | None = None
    end: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """The parts of a claim that corroboration reads. ``outlet`` is who published the report,
    ``origin`` who the claim is attributed to; ``root_report`` is the first-seen copy of a
    syndicated/near-duplicate report (the report itself when it is original)."""

    claim_id: str
    report_id: str
    order: tuple[int, int]  # (report seq, claim seq): the deterministic processing order
    event_type: str
    sub_event_type: str
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    actor1: str | None = None
    actor2: str | None = None
    place_name: str | None = None
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None
    figures: tuple[FigureFact, ...] = ()
    heritage: tuple[tuple[str, str], ...] = ()  # (kind, status)
    origin: str | None = None
    origin_kind: str = "outlet"
    certainty: str = "asserted"
    negated: bool = False
    outlet: str | None = None
    root_report: str = ""
    root_outlet: str | None = None
    published: dt.datetime | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A registry entry: Admiralty reliability (A-F) and alignment tags."""

    name: str
    reliability: str = "F"
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    notes: str = ""

    @property
    def credible(self) -> bool:
        """Credible enough to count towards Fair: A-C, or F (not judged, the default: tadmor
        does not presume a source unreliable). D and E do not count."""
        return self.reliability in ("A", "B", "C", "F")


@dataclass(frozen=True, slots=True)
class IndependentSource:
    """One independent source of an incident: an origin (or, for unattributed claims, the
    original report of a syndication chain) with every outlet that carried it."""

    key: str
    name: str
    kind: str  # origin kind (agency, official, witness, outlet, ...)
    outlets: tuple[str, ...]
    reports: tuple[str, ...]
    claims: tuple[str, ...]
    reliability: str = "F"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value was said: claim, report, source and the characters of the sentence."""

    claim_id: str
    report_id: str
    source: str
    outlet: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """One independent source's own figure of a kind, as a range, with its evidence."""

    source: str
    kind: str
    low: int
    high: int | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DerivedFigure:
    """The incident's figure by ACLED's conservative rule, and the source figure it came from."""

    kind: str
    value: int
    rule: str
    chosen: SourceFigure | None
    disputed: bool
    sources: tuple[str, ...] = ()  # independent sources whose figure agrees with ``value``
    grade: str = "weak"  # of the figure itself: fair when two or more sources agree, else weak


@dataclass(frozen=True, slots=True)
class Contradiction:
    kind: ContradictionKind
    summary: str
    a: Evidence
    b: Evidence


@dataclass(frozen=True, slots=True)
class GradeProposal:
    grade: Grade
    credibility: int  # Admiralty information credibility 1-6
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of an incident's history (grade change, merge, split, claims added)."""

    at: dt.datetime
    kind: str
    actor: str
    data: dict[str, Any]
    ledger_seq: int | None = None


@dataclass(slots=True)
class IncidentSummary:
    """Everything derived from an incident's claims (recomputed whenever they change)."""

    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    date_low: dt.date | None
    date_high: dt.date | None
    time_precision: int | None
    place: ClaimFacts | None  # the claim whose place is the incident's (most precise)
    actor1: str | None
    actor2: str | None
    sources: list[IndependentSource] = field(default_factory=list)
    source_figures: list[SourceFigure] = field(default_factory=list)
    figures: dict[str, DerivedFigure] = field(default_factory=dict)
    contradictions: list[Contradiction] = field(default_factory=list)
    proposal: GradeProposal | None = None
    title: str = ""
    outlets: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident as the CLI and API show it."""

    id: str
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    time_precision: int | None
    place_name: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    injured: int | None
    grade: str
    grade_by: str
    credibility: int
    n_claims: int
    n_reports: int
    n_origins: int
    n_outlets: int
    n_contradictions: int
    title: str
    data: dict[str, Any]
    claim_ids: tuple[str, ...] = ()
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """An incident with its claims (for the timeline by source)."""

    incident: Incident
    claims: tuple[ClaimFacts, ...]


@dataclass(slots=True)
class GroupSummary:
    """What a grouping run did."""

    claims: int = 0
    joined: int = 0
    created: int = 0
    grade_changes: int = 0
    incidents: list[str] = field(default_factory=list)
