"""Claims: one assertion of one report, assembled from the mentions of its sentence.

A claim is made for each event mention; for a sentence with casualty figures or a heritage
status and no event (a not-conflict claim that still carries them); and for an attributed or
quoted sentence that names an actor (an assertion by a source, e.g. a tweet). Its arguments:

* actor1 (who did it) by :func:`tadmor.extract.stages.events.agent_of` ("by X", "victims of X",
  else the nearest armed actor before the trigger); a generic noun ("terrorists") yields to the
  one named non-state actor of the sentence or the one before, which it refers to; a territorial
  gain is the non-state side's when a non-state actor overtakes territory. actor2 is the other
  armed side, or the civilians when the figures are civilian. A sentence with no armed actor
  inherits actor1 from the claim before it (the account continues: "dozens were executed");
* place: the most precise resolved toponym of the sentence that is not part of an actor's or a
  source's name, else the previous claim's place, else the document's most named place;
* date: the date the sentence names (nearest the trigger), else the last date named before it,
  else the first one named in the text (a lead often states the date after the event), else the
  publication date at week precision. Inherited dates never claim better than week precision
  unless inherited from the sentence before;
* figures: each figure of the sentence goes to the nearest event mention;
* origin and certainty from the attribution covering the sentence, or the outlet's own voice
  with the sentence's hedges; quote when the sentence is inside a quotation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import (
    ActorCategory,
    ActorMention,
    Arg,
    Claim,
    DateMention,
    Document,
    EventMention,
    Figure,
    FigureKind,
    HeritageMention,
    SourceKind,
    Span,
    TimePrecision,
    VictimGroup,
)
from tadmor.extract.stages.attribution import attribution_of, find_quotes, sentence_certainty
from tadmor.extract.stages.dates import anchor_date
from tadmor.extract.stages.events import WINNER_PHRASE, agent_of
from tadmor.extract.taxonomy import EVENT_TYPE_OF, NOT_CONFLICT
from tadmor.geo.records import Place, Toponym

_GENERIC = "Unidentified armed group"
_CIVILIANS = "Civilians (Syria)"
_NONSTATE = {
    ActorCategory.REBEL_GROUP,
    ActorCategory.POLITICAL_MILITIA,
    ActorCategory.IDENTITY_MILITIA,
}
_STATE = {ActorCategory.STATE_FORCES, ActorCategory.EXTERNAL_FORCES}
_AGENT_PHRASE = re.compile(
    r"\b(?:by|victims\s+of|at\s+the\s+hands\s+of|carried\s+out\s+by|blamed\s+on|attributed\s+to)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
_SIDE_PREFIX = re.compile(r"\b(?:pro|anti)[-\u2010]$", re.IGNORECASE)
_BARREL = re.compile(r"\bbarrel\s+bombs?\b|\bbarrels\b", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+(?:the\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_VAC = {"ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"}
_VIOLENT = {
    "ARMED_CLASH",
    "ATTACK",
    "ABDUCT_DISSAP",
    "SEX_VIOL",
    "CHEM_WEAP",
    "AIR_STRIKE",
    "SUIC_BOMB",
    "ART_MISS_ATTACK",
    "REM_EXPLOS",
    "GRENADE",
    "PROPERTY_DISTRUCT",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "GOV_REGAINS_TERIT",
}
_HARM = {FigureKind.KILLED, FigureKind.EXECUTED, FigureKind.INJURED}
_TERRITORY = {"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER"}
_CIVILIAN_GROUPS = {
    VictimGroup.CIVILIANS,
    VictimGroup.CHILDREN,
    VictimGroup.WOMEN,
    VictimGroup.OFFICIALS,
}


def _armed(a: ActorMention) -> bool:
    return a.category in _NONSTATE or a.category in _STATE


class _Context:
    """What a document's claims share: spans to exclude, dates and places in order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.source_spans = [a.span for a in doc.attributions]
        self.actor_spans = [a.span for a in doc.actors]
        self.quotes = find_quotes(doc.text)
        self.dates = sorted(doc.dates, key=lambda d: d.span.start)
        self.main_place = self._main_place()
        self.anchor = anchor_date(doc)

    def _usable(self, t: Toponym) -> bool:
        if t.place is None:
            return False
        # "pro-Damascus media", "anti-Kiev rebels": the name stands for a side, not a place.
        if _SIDE_PREFIX.search(self.doc.text, max(0, t.start - 5), t.start):
            return False
        for s in self.source_spans + self.actor_spans:
            if s.start <= t.start < s.end or t.start <= s.start < t.end:
                return False
        return True

    def _main_place(self) -> Toponym | None:
        counts: Counter[int] = Counter()
        first: dict[int, Toponym] = {}
        for t in self.doc.toponyms:
            if self._usable(t) and t.place is not None and not _is_country(t.place):
                counts[t.place.geonameid] += 1
                first.setdefault(t.place.geonameid, t)
        if not counts:
            return None
        return first[counts.most_common(1)[0][0]]

    def toponyms_in(self, sent: Span) -> list[Toponym]:
        return [
            t for t in self.doc.toponyms if sent.start <= t.start < sent.end and self._usable(t)
        ]

    def actors_in(self, sent: Span) -> list[ActorMention]:
        out = []
        for a in self.doc.actors:
            if not sent.start <= a.span.start < sent.end:
                continue
            if any(s.start <= a.span.start < s.end for s in self.source_spans):
                continue
            out.append(a)
        return out


def _is_country(p: Place) -> bool:
    return p.feature_code.startswith("PCL") or (p.feature_class == "A" and p.feature_code == "")


def _quote_of(ctx: _Context, sent: Span) -> Span | None:
    """The quotation the sentence is in, if it covers much of it (not scare quotes)."""
    for q in ctx.quotes:
        overlap = min(q.end, sent.end) - max(q.start, sent.start)
        if overlap > 0 and (overlap >= 0.5 * (sent.end - sent.start) or len(q.text.split()) >= 8):
            return q
    return None


def _pick_place(ctx: _Context, sent: Span, trigger: Span | None) -> Toponym | None:
    tops = ctx.toponyms_in(sent)
    if not tops:
        return None
    pos = trigger.start if trigger else sent.start
    hint = (ctx.doc.country_hint or "").upper()

    def key(t: Toponym) -> tuple[int, int, int, int]:
        # Places in the conflict's country first (the report's prior), then towns before
        # regions before countries, then the nearest to the trigger.
        assert t.place is not None
        foreign = 1 if hint and t.place.country_code.upper() != hint else 0
        return (1 if _is_country(t.place) else 0, foreign, t.geo_precision, abs(t.start - pos))

    return min(tops, key=key)


_DatePick = tuple[DateMention | None, dt.date | None, TimePrecision | None]


def _pick_date(
    ctx: _Context, sent: Span, trigger: Span | None, prev_sent: Span | None
) -> _DatePick:
    here = [d for d in ctx.dates if sent.start <= d.span.start < sent.end]
    if here:
        pos = trigger.start if trigger else sent.start
        d = min(here, key=lambda d: (d.precision, abs(d.span.start - pos)))
        return d, d.date, d.precision
    before = [d for d in ctx.dates if d.span.end <= sent.start]
    if before:
        d = before[-1]
        near = prev_sent is not None and prev_sent.start <= d.span.start < prev_sent.end
        prec = d.precision if near else max(d.precision, TimePrecision.WEEK)
        return d, d.date, TimePrecision(prec)
    if ctx.dates:
        d = ctx.dates[0]
        return d, d.date, TimePrecision(max(d.precision, TimePrecision.WEEK))
    if ctx.anchor is not None:
        span = ctx.doc.dateline.span if ctx.doc.dateline is not None else None
        return (
            (
                DateMention(span, ctx.anchor, TimePrecision.WEEK, "published")
                if span is not None
                else None
            ),
            ctx.anchor,
            TimePrecision.WEEK,
        )
    return None, None, None


def _actors_for(
    ctx: _Context,
    ev: EventMention | None,
    sent: Span,
    figures: list[Figure],
    prev_actor1: ActorMention | None,
    prev_sent_actors: list[ActorMention],
) -> tuple[ActorMention | None, Arg[str] | None, bool]:
    """actor1, actor2, and whether actor1 was inherited."""
    doc = ctx.doc
    actors = [a for a in ctx.actors_in(sent) if _armed(a)]
    text = doc.text
    a1: ActorMention | None = None
    for a in actors:
        if _AGENT_PHRASE.search(text[max(sent.start, a.span.start - 40) : a.span.start]):
            a1 = a
            break
    sub = ev.sub_event_type if ev is not None else NOT_CONFLICT
    pair = _between(text, sent, actors)
    if a1 is None and pair is not None and sub in {"ARMED_CLASH", "AGREEMENT", NOT_CONFLICT}:
        return pair[0], Arg(pair[1].actor, pair[1].span), False
    if ev is not None and sub in _TERRITORY:
        winner = next(
            (
                a
                for a in actors
                if a.span.start >= ev.span.end
                and WINNER_PHRASE.search(text[ev.span.end : a.span.start])
            ),
            None,
        )
        if winner is not None:
            a1 = winner
    if a1 is None and ev is not None:
        a1 = agent_of(doc, sent, ev.span)
        if (
            a1 is not None
            and any(a1.span == s.span for s in doc.actors)
            and any(s.start <= a1.span.start < s.end for s in ctx.source_spans)
        ):
            a1 = None
    if a1 is None and ev is not None and _BARREL.search(ev.span.text):
        # Barrel bombs were dropped by the Syrian government's helicopters alone (HRW, ACLED).
        a1 = ActorMention(ev.span, "Military Forces of Syria", ActorCategory.STATE_FORCES, "SY")
    if a1 is None and ev is None and actors:
        a1 = actors[0]
    inherited = False
    if a1 is None and ev is not None and sub in _VIOLENT and not actors and prev_actor1 is not None:
        a1, inherited = prev_actor1, True
    # A generic noun ("terrorists", "militants") refers to the named non-state actor near it.
    if a1 is not None and a1.actor == _GENERIC:
        named = [
            a for a in actors + prev_sent_actors if a.category in _NONSTATE and a.actor != _GENERIC
        ]
        if len({a.actor for a in named}) == 1:
            a1 = named[0]
    if sub == "NON_STATE_ACTOR_OVERTAKES_TER" and a1 is not None and a1.category in _STATE:
        other = next((a for a in actors if a.category in _NONSTATE and a.actor != _GENERIC), None)
        other = other or next((a for a in actors if a.category in _NONSTATE), None)
        a1 = other or a1
    civ_figs = [f for f in figures if f.group in _CIVILIAN_GROUPS and f.kind != FigureKind.STRENGTH]
    civ_actors = [a for a in ctx.actors_in(sent) if a.category == ActorCategory.CIVILIANS]
    if sub in _VAC and civ_actors:
        return a1, Arg(civ_actors[0].actor, civ_actors[0].span), inherited
    a2: ActorMention | None = None
    for a in actors:
        if a1 is not None and a.actor == a1.actor:
            continue
        if a1 is not None and a.actor == _GENERIC and a1.category in _NONSTATE:
            continue  # "Islamic State terrorists": the same side named twice
        if a1 is not None and sub in _TERRITORY | {"ARMED_CLASH"}:
            if (a1.category in _STATE) != (a.category in _STATE):
                a2 = a
                break
            continue
        if ev is not None and a.span.start >= ev.span.start:
            a2 = a
            break
    if a2 is not None:
        return a1, Arg(a2.actor, a2.span), inherited
    if civ_figs:
        if civ_actors:
            return a1, Arg(civ_actors[0].actor, civ_actors[0].span), inherited
        # No civilian noun in the table's words: the figure itself is the evidence.
        return a1, Arg(_CIVILIANS, civ_figs[0].quantity.span), inherited
    return a1, None, inherited


def _between(
    text: str,
    sent: Span,
    actors: list[ActorMention],
) -> tuple[ActorMention, ActorMention] | None:
    """ "fighting between X and Y": the two sides, in order."""
    for i, a in enumerate(actors[:-1]):
        if _BETWEEN.search(text[max(sent.start, a.span.start - 14) : a.span.start]):
            b = actors[i + 1]
            if _AND.fullmatch(text[a.span.end : b.span.start]):
                return a, b
    return None


def _arg_actor(a: ActorMention | None) -> Arg[str] | None:
    return Arg(a.actor, a.span) if a is not None else None


def build_claims(doc: Document) -> list[Claim]:
    ctx = _Context(doc)
    claims: list[Claim] = []
    prev_place: Toponym | None = None
    prev_place_sent: Span | None = None
    prev_actor1: ActorMention | None = None
    prev_sent: Span | None = None
    prev_sent_actors: list[ActorMention] = []
    events_by_sent: dict[Span, list[EventMention]] = {}
    for e in doc.events:
        events_by_sent.setdefault(e.sentence, []).append(e)
    for sent in doc.sentences:
        events = events_by_sent.get(sent, [])
        figures = [f for f in doc.figures if sent.start <= f.quantity.span.start < sent.end]
        heritage = [
            h
            for h in doc.heritage
            if sent.start <= h.span.start < sent.end and h.status != "mentioned"
        ]
        att = attribution_of(doc, sent)
        quote = _quote_of(ctx, sent)
        actors_here = ctx.actors_in(sent)
        # Which event each figure belongs to: the nearest trigger; a toll goes to the nearest
        # violent event, since an agreement or a protest kills no one ("a bomb hit the convoy
        # killing 100 after an evacuation deal stalled").
        by_event: dict[int, list[Figure]] = {i: [] for i in range(len(events))}
        loose: list[Figure] = []
        violent = [i for i, e in enumerate(events) if e.sub_event_type in _VIOLENT]
        for f in figures:
            if events:
                pool = violent if violent and f.kind in _HARM else range(len(events))
                i = min(pool, key=lambda i: abs(events[i].span.start - f.quantity.span.start))
                by_event[i].append(f)
            else:
                loose.append(f)
        units: list[tuple[EventMention | None, list[Figure]]] = [
            (e, by_event[i]) for i, e in enumerate(events)
        ]
        if not events and (
            loose or heritage or ((att is not None or quote is not None) and actors_here)
        ):
            units.append((None, loose))
        for ev, figs in units:
            a1, a2, _ = _actors_for(ctx, ev, sent, figs, prev_actor1, prev_sent_actors)
            top = _pick_place(ctx, sent, ev.span if ev else None)
            # The sentence before may have named the place this one speaks of; further back,
            # the report's most named place is the better guess.
            fallback = (
                prev_place if prev_place_sent == prev_sent and prev_sent is not None else None
            ) or ctx.main_place
            if top is None or (
                top.place is not None
                and _is_country(top.place)
                and fallback is not None
                and fallback.place is not None
                and fallback.place.country_code == top.place.country_code
            ):
                top = fallback if fallback is not None else top
            dmen, date, tprec = _pick_date(ctx, sent, ev.span if ev else None, prev_sent)
            sub = ev.sub_event_type if ev is not None else NOT_CONFLICT
            if ev is None and any(h.status in ("destroyed", "damaged", "looted") for h in heritage):
                sub = "PROPERTY_DISTRUCT"
            tags: list[str] = []
            if heritage or (ev is not None and ev.heritage_damage):
                tags.append("heritage")
            if ev is not None and ev.heritage_damage:
                tags.append("heritage_damage")
            if any(f.kind == FigureKind.STRENGTH for f in figs):
                tags.append("strength_reported")
            if att is not None:
                origin: Arg[str] | None = Arg(att.origin, att.span)
                kind = att.kind
                certainty = att.certainty
            else:
                origin, kind = None, SourceKind.OUTLET
                certainty = sentence_certainty(sent.text, False)
            claims.append(
                Claim(
                    sentence=sent,
                    event_type=EVENT_TYPE_OF.get(sub, NOT_CONFLICT),
                    sub_event_type=sub,
                    trigger=ev.span if ev is not None else None,
                    actor1=_arg_actor(a1),
                    actor2=a2,
                    place=(
                        Arg(top.place, Span.of(doc.text, top.start, top.end))
                        if top is not None and top.place is not None
                        else None
                    ),
                    geo_precision=top.geo_precision if top is not None else None,
                    date=Arg(date, dmen.span if dmen is not None else None) if date else None,
                    time_precision=tprec,
                    figures=tuple(Arg(f, f.quantity.span) for f in figs),
                    heritage=tuple(heritage),
                    origin=origin,
                    origin_kind=kind,
                    certainty=certainty,
                    quote=quote is not None,
                    negated=ev.negated if ev is not None else False,
                    tags=tuple(tags),
                )
            )
            if a1 is not None:
                prev_actor1 = a1

        if events or figures:
            here_top = _pick_place(ctx, sent, None)
            if (
                here_top is not None
                and here_top.place is not None
                and not _is_country(here_top.place)
            ):
                prev_place, prev_place_sent = here_top, sent
        prev_sent = sent
        prev_sent_actors = [a for a in actors_here if _armed(a)]
    return claims


@register_stage("claims")
class ClaimStage:
    """Fills ``doc.claims`` from the mentions the earlier stages left on the document."""

    name: ClassVar[str] = "claims"
    version: ClassVar[str] = "2"

    def __call__(self, doc: Document) -> Document:
        doc.claims = build_claims(doc)
        return doc


def heritage_of(claims: list[Claim]) -> list[HeritageMention]:
    """Every heritage mention carried by ``claims``, in order (for reports and exports)."""
    return [h for c in claims for h in c.heritage]
