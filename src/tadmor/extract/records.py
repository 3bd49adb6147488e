"""Typed records that extraction stages produce.

Every extracted value keeps the character span (``start``, ``end``, half-open, in the report's
working text) it was read from, so that a reader can always go back to the sentence that said
it. Stages add to a :class:`Document`; the claim builder turns its mentions into
:class:`Claim` records, which the store keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Generic, TypeVar

from tadmor.geo.records import Place, Toponym

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the working text, with its text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text {self.text!r} does not fit [{self.start}, {self.end})")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


class TimePrecision(IntEnum):
    """ACLED time precision."""

    DAY = 1
    WEEK = 2
    MONTH = 3


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved to a calendar day.

    ``anchor`` says what a relative expression was resolved against: ``"published"`` (the
    publication date), ``"previous"`` (an earlier date in the text, for "the next day"), or
    ``"absolute"`` when the expression names its own year.
    """

    span: Span
    date: dt.date
    precision: TimePrecision
    anchor: str = "absolute"


class Qualifier(StrEnum):
    """How a number was qualified in the text; keeps "at least 400" distinct from "400"."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # at least, more than, over, upwards of
    AT_MOST = "at_most"  # at most, up to, fewer than, nearly, almost
    ABOUT = "about"  # about, around, some, nearly, an estimated
    RANGE = "range"  # between 300 and 400, 300-400
    VAGUE = "vague"  # dozens, hundreds, several, many


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text as a range. ``low`` is the conservative value (ACLED's rule)."""

    span: Span
    low: int
    high: int | None  # None: open-ended ("more than 14 000")
    qualifier: Qualifier


class FigureKind(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    ABDUCTED = "abducted"
    DISPLACED = "displaced"
    EXECUTED = "executed"
    ARRESTED = "arrested"
    STRENGTH = "strength"  # size of a force ("14 000 fighters"): never a toll
    OTHER = "other"


class VictimGroup(StrEnum):
    PEOPLE = "people"  # unspecified
    CIVILIANS = "civilians"
    CHILDREN = "children"
    WOMEN = "women"
    COMBATANTS = "combatants"
    OFFICIALS = "officials"


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty (or strength) figure: a quantity, what happened to whom."""

    quantity: Quantity
    kind: FigureKind
    group: VictimGroup
    # Sub-groups named alongside the main figure ("mostly women and children") without their own
    # number: kept so that victim groups are not lost, but they carry no count.
    mentioned_groups: tuple[VictimGroup, ...] = ()


class ActorCategory(StrEnum):
    """ACLED-style actor categories."""

    STATE_FORCES = "state_forces"
    REBEL_GROUP = "rebel_group"
    POLITICAL_MILITIA = "political_militia"
    IDENTITY_MILITIA = "identity_militia"
    RIOTERS = "rioters"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    EXTERNAL_FORCES = "external_forces"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention of an actor, normalised through the alias table ("Daesh" -> ISIS)."""

    span: Span
    actor: str  # canonical name, e.g. "Islamic State (ISIS)"
    category: ActorCategory
    country: str = ""  # ISO alpha-2 of a state actor


class Certainty(StrEnum):
    ASSERTED = "asserted"  # stated by the outlet or its source without qualification
    CONFIRMED = "confirmed"  # "officially confirmed", "X confirmed"
    REPORTED = "reported"  # "reportedly", "X reported", "allegedly"
    HEDGED = "hedged"  # "leads to believe", "may have", "possibly"
    DENIED = "denied"
    SPECULATIVE = "speculative"


class SourceKind(StrEnum):
    """What kind of origin a claim is attributed to."""

    OUTLET = "outlet"  # no attribution: the publishing outlet itself
    AGENCY = "agency"  # news agency / media ("SANA", "Syrian state television")
    OFFICIAL = "official"  # government or military official or body
    MILITARY = "military"
    ARMED_GROUP = "armed_group"
    MONITOR = "monitor"  # SOHR, NGOs, UN
    WITNESS = "witness"  # residents, activists, witnesses
    JOURNALIST = "journalist"
    SOCIAL_MEDIA = "social_media"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says a claim and how sure it is.

    ``origin`` is the source the claim is attributed to ("Syrian Arab News Agency"), not the
    outlet that published the report. ``cue`` is the attribution phrase ("according to").
    """

    span: Span  # the span naming the origin
    origin: str  # normalised origin name
    kind: SourceKind
    certainty: Certainty
    cue: Span | None = None
    quote: Span | None = None  # a direct quote, when the claim is one
    # The sentence the attribution covers. It differs from the sentence naming the origin when
    # a quotation follows "X wrote:" or an "According to X," account runs on.
    sentence: Span | None = None


@dataclass(frozen=True, slots=True)
class HeritageMention:
    """Heritage named in a text (museum, statues, temple) and what is claimed of it."""

    span: Span
    kind: str  # museum, statue, sarcophagus, temple, citadel, ruins, site, artefact, ...
    status: str  # evacuated, immovable, damaged, destroyed, looted, at_risk, mentioned
    status_span: Span | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """An event trigger in a sentence, with its ACLED sub-event type.

    ``sub_event_type`` is one of :data:`tadmor.extract.taxonomy.SUB_EVENT_TYPES` or
    ``"not_conflict"``.
    """

    span: Span  # the trigger ("executed", "withdraw")
    sentence: Span
    sub_event_type: str
    confidence: float = 1.0
    negated: bool = False
    heritage_damage: bool = False


@dataclass(frozen=True, slots=True)
class Arg(Generic[T]):
    """One argument of a claim: a value and the span it was read from."""

    value: T
    span: Span | None


@dataclass(frozen=True, slots=True)
class Claim:
    """One assertion in one report: what happened, who did it to whom, where, when, how many,
    who says so, and how sure they are. Every argument keeps its span."""

    sentence: Span
    event_type: str  # ACLED event type ("Battles", ...) or "not_conflict"
    sub_event_type: str  # ACLED sub-event type, or "not_conflict"
    trigger: Span | None
    actor1: Arg[str] | None = None
    actor2: Arg[str] | None = None
    place: Arg[Place] | None = None
    geo_precision: int | None = None
    date: Arg[dt.date] | None = None
    time_precision: TimePrecision | None = None
    figures: tuple[Arg[Figure], ...] = ()
    heritage: tuple[HeritageMention, ...] = ()
    origin: Arg[str] | None = None
    origin_kind: SourceKind = SourceKind.OUTLET
    certainty: Certainty = Certainty.ASSERTED
    quote: bool = False
    negated: bool = False
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Document:
    """A report's working text flowing through the extraction stages.

    Stages fill the typed lists below; none is a free-form dictionary. ``published`` anchors
    relative dates.
    """

    text: str
    published: dt.datetime | None = None
    report_id: str = ""
    language: str | None = None
    country_hint: str | None = None  # ISO alpha-2 of the conflict's country, a geo prior
    # The publication date as printed at the head of the text ("Date of publication 10 July
    # 2016"), read by the dates stage when the collector did not know ``published``. Kept apart
    # from ``dates`` (those are what the report speaks of) and from ``published`` (metadata).
    dateline: DateMention | None = None
    sentences: list[Span] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    heritage: list[HeritageMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    # The events classifier's label for each sentence it read (sub-event code or
    # "not_conflict", with its probability); empty when no classifier ran.
    sentence_types: dict[Span, tuple[str, float]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def sentence_of(self, pos: int) -> Span | None:
        """The sentence holding character ``pos`` (binary search; sentences are sorted)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if s.end <= pos:
                lo = mid + 1
            elif s.start > pos:
                hi = mid
            else:
                return s
        return None
