"""Document-level incident facts, in the terms of the FA-KES gold (date, governorate, cause of
death, actor, victim counts), read from a report's claims by explicit rules.

Date: FA-KES dates an incident by the report that tells it. Re-measured on all 298 dev rows
(2026, with the dates stage): the gold equals the printed dateline in 188 of the 266 rows that
print one, and the event's own day in 2. Of the other 78, only 4 have the gold date anywhere in
the text; in 56 it keeps the dateline's month and year with another day that the text never
names (no weekday, no "yesterday" leads there), consistent with entry errors in the
crowdsourced gold rather than with an event date. The 32 rows without a dateline have gold
dates that are the event's weekday ("on Thursday") counted from a publication date the text
does not give, so no reading of the text can recover them. The fact's date is therefore the
publication date (``doc.published``, else the dateline), and the main claim's event date only
when the report has neither; the claims themselves keep the event date. The text alone caps
date accuracy on this set at 192/298 = 0.644.

The incident a report is about is its **main claim**: the first claim of the lead (the title,
then the first sentences) that reports people killed; failing that, the first violent event
claim; failing that, the first claim. When the main claim gives no toll, the **toll claim** (the
first violent claim that does) is the killing the report tells: its place, actor and figures
are the incident's; the cause is still read from the main claim and the lead.

Cause of death from ACLED sub-event types (FA-KES has six causes):

================================  =====================================================
sub-event type                    cause_of_death
================================  =====================================================
Air/drone strike, Shelling/       shelling (FA-KES files air raids under shelling: 168 of
artillery/missile attack          the 298 dev rows are shelling, most of them air strikes)
Chemical weapon                   chemical and toxic gases
Suicide bomb, Remote explosive,   explosion
Grenade
Attack with an execution figure   execution
or trigger (executed, beheaded)
Attack (other), Armed clash,      shooting
Excessive force against protest
anything else                     unknown
================================  =====================================================

Actors are mapped from the canonical names of ``data/actors.csv`` to FA-KES's seven actor
labels by :data:`FAKES_ACTOR`; rebel groups the table does not know count as armed opposition.
Counts are read from the **toll claim** (the main claim if it gives people killed, else the
first violent claim that does) and the lead sentences after it that retell the same incident
(see :func:`_counts`): the conservative low value of each figure; the largest a lead gives for
a group (a toll restated is a toll updated); groups joined in one sentence add up unless one is
a part of another ("including", "were among"); "people" beyond the combatants counted count as
civilians (FA-KES annotators did so: "kills 18 ... 17 jihadists" is one civilian) unless the
report splits its total itself ("30 people including 24 civilians"); combatants count as
non-civilians; a vague figure ("dozens") yields to an exact one of the same group; running
totals ("since March", "the war which has killed") and earlier events ("a day after") are not
the incident's toll.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from tadmor.extract.records import (
    ActorCategory,
    Claim,
    Document,
    Figure,
    FigureKind,
    Qualifier,
    Span,
    VictimGroup,
)
from tadmor.extract.stages.quantities import is_part, names_civilians
from tadmor.extract.taxonomy import NOT_CONFLICT

CAUSE_OF: dict[str, str] = {
    "AIR_STRIKE": "shelling",
    "ART_MISS_ATTACK": "shelling",
    "CHEM_WEAP": "chemical and toxic gases",
    "SUIC_BOMB": "explosion",
    "REM_EXPLOS": "explosion",
    "GRENADE": "explosion",
    "ATTACK": "shooting",
    "ARMED_CLASH": "shooting",
    "FORCE_AGAINST_PROTEST": "shooting",
}

_GOV = "syrian government or russian troops"
_COALITION = "international coalition forces"
_ISIS = "the organization of the islamic state in iraq and the levant - isis"
_OPPOSITION = "armed opposition groups"
_SDF = "self administration forces"
_NUSRA = "al-nusra front"
UNKNOWN = "unknown"

FAKES_ACTOR: dict[str, str] = {
    "Military Forces of Syria": _GOV,
    "Police Forces of Syria": _GOV,
    "National Defence Forces": _GOV,
    "Hezbollah": _GOV,
    "Iranian-backed militias": _GOV,
    "Military Forces of Iran": _GOV,
    "Military Forces of Russia": _GOV,
    "International Coalition Forces": _COALITION,
    "Military Forces of the United States": _COALITION,
    "Military Forces of France": _COALITION,
    "Military Forces of the United Kingdom": _COALITION,
    "Military Forces of Australia": _COALITION,
    "Military Forces of Jordan": _COALITION,
    "Islamic State (ISIS)": _ISIS,
    "Hayat Tahrir al-Sham (al-Nusra Front)": _NUSRA,
    "Free Syrian Army": _OPPOSITION,
    "Ahrar al-Sham": _OPPOSITION,
    "Jaysh al-Islam": _OPPOSITION,
    "Faylaq al-Rahman": _OPPOSITION,
    "Jaysh al-Fatah": _OPPOSITION,
    "Nour al-Din al-Zenki Movement": _OPPOSITION,
    "Jund al-Aqsa": _OPPOSITION,
    "Syrian rebels (opposition)": _OPPOSITION,
    "Syrian Democratic Forces (SDF)": _SDF,
    "People's Protection Units (YPG)": _SDF,
}

_KILLING = {FigureKind.KILLED, FigureKind.EXECUTED}
_VIOLENT = {
    "AIR_STRIKE",
    "ART_MISS_ATTACK",
    "CHEM_WEAP",
    "SUIC_BOMB",
    "REM_EXPLOS",
    "GRENADE",
    "ATTACK",
    "ARMED_CLASH",
    "FORCE_AGAINST_PROTEST",
    "SEX_VIOL",
    "ABDUCT_DISSAP",
}
_EXECUTION_WORDS = ("execut", "behead", "crucif")
# Weapons in the order a cause is chosen when several are named.
_WEAPONS = ["CHEM_WEAP", "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE"]


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """The incident a report is about, in FA-KES's fields."""

    date: dt.date | None
    governorate: str | None
    cause_of_death: str
    actor: str
    nb_civilians: int
    nb_children: int
    nb_women: int
    nb_noncivilians: int
    main: Claim | None


def fakes_actor(canonical: str | None, category: ActorCategory | None = None) -> str:
    if canonical is None:
        return UNKNOWN
    if canonical in FAKES_ACTOR:
        return FAKES_ACTOR[canonical]
    if category == ActorCategory.REBEL_GROUP:
        return _OPPOSITION
    return UNKNOWN


def main_claim(doc: Document, lead_sentences: int = 3) -> Claim | None:
    """The claim a report is about (see the module docstring)."""
    if not doc.claims:
        return None
    lead = {s for s in doc.sentences[:lead_sentences]}
    asserted = [c for c in doc.claims if not c.negated]
    for pool in ([c for c in asserted if c.sentence in lead], asserted):
        killed = [
            c
            for c in pool
            if c.sub_event_type in _VIOLENT and any(f.value.kind in _KILLING for f in c.figures)
        ]
        if killed:
            return killed[0]
        violent = [c for c in pool if c.sub_event_type in _VIOLENT]
        if violent:
            return violent[0]
    return asserted[0] if asserted else doc.claims[0]


def cause_of_death(doc: Document, claim: Claim | None, lead_sentences: int = 3) -> str:
    """The main incident's cause: the weapon named in its sentence, else in the lead (reports
    often say "an attack" first and name the car bomb later), else what its own trigger says;
    a bare "killed" with no means named anywhere in the lead is unknown.

    Two readings of the lead come first. A chemical weapon named anywhere in it is the cause:
    gas is delivered by jets or rockets, but it is the gas that kills ("warplanes releasing
    toxic gas ... the attack carried out by jets killed 58"). And a killing the lead's next
    sentence calls an execution ("slit the throats", "beheaded") is one, whatever verb the
    toll used ("IS killed 33 men ... slit their throats")."""
    if claim is None:
        return UNKNOWN
    sub = claim.sub_event_type
    trig = claim.trigger.text.lower() if claim.trigger else ""
    lead = set(doc.sentences[:lead_sentences])
    if any(
        e.sub_event_type == "CHEM_WEAP"
        and not e.negated
        and e.confidence >= 0.9
        and not _CHEM_NOT_USE.match(doc.text, e.span.end)
        for e in doc.events
        if e.sentence in lead | {claim.sentence}
    ) or any(
        _CHEM_TEXT.search(s.text) and not _CHEM_NOT_USE.search(s.text)
        for s in lead | {claim.sentence}
    ):
        return CAUSE_OF["CHEM_WEAP"]
    if sub == "ATTACK" and (
        any(f.value.kind == FigureKind.EXECUTED for f in claim.figures)
        or any(w in trig for w in _EXECUTION_WORDS)
        or _EXECUTION_TEXT.search(_with_next_sentence(doc, claim.sentence))
    ):
        return "execution"
    for scope in ({claim.sentence}, lead | {claim.sentence}):
        found = [
            e
            for e in doc.events
            if e.sentence in scope and not e.negated and e.sub_event_type in _WEAPONS
        ]
        # A weapon typed surely ("airstrikes") outranks one typed weakly ("bombing").
        strong = [e for e in found if e.confidence >= 0.9]
        weapons = [e.sub_event_type for e in strong or found]
        if weapons:
            return CAUSE_OF[min(weapons, key=_WEAPONS.index)]
    if sub in CAUSE_OF and _trigger_tier(doc, claim) == "means":
        return CAUSE_OF[sub]
    return UNKNOWN


# Gas that kills, named in words the event rules may miss: "gas kills hundreds", "gassing".
_CHEM_TEXT = re.compile(
    r"\b(?:gas\s+(?:attacks?|kill(?:s|ed|ing)?)|gass(?:ed|ing)|(?:toxic|poison(?:ous)?|nerve)\s+gas|"
    r"sarin|chlorine|nerve\s+agents?)\b",
    re.IGNORECASE,
)
# "chemical weapons program", "... stockpile": the weapons are named, not used.
_CHEM_NOT_USE = re.compile(
    r"\s*(?:weapons?\s+)?(?:program(?:me)?s?|stockpiles?|arsenals?|facilit(?:y|ies)|"
    r"inspectors?|convention|watchdog|deal|agreement|investigat\w*)\b",
    re.IGNORECASE,
)
_EXECUTION_TEXT = re.compile(
    r"\b(?:execut(?:ed|ion|ions|ing)|behead(?:ed|ing|ings)?|crucifi(?:ed|xion)|"
    r"slit\s+(?:the\s+|their\s+|his\s+)?throats?|firing\s+squad|summarily\s+killed)\b",
    re.IGNORECASE,
)


def _with_next_sentence(doc: Document, sent: Span) -> str:
    try:
        i = doc.sentences.index(sent)
    except ValueError:
        return sent.text
    nxt = doc.sentences[i + 1].text if i + 1 < len(doc.sentences) else ""
    return f"{sent.text} {nxt}"


def _trigger_tier(doc: Document, claim: Claim) -> str:
    for e in doc.events:
        if claim.trigger is not None and e.span == claim.trigger:
            return "means" if e.confidence >= 0.9 else "weak"
    return "weak"


# How many sentences after the main claim's may restate or break down its toll: a news lead
# gives the toll, then within a paragraph who the dead were and the monitor's updated count.
LEAD_WINDOW = 3
# A sentence dated more than this far from the main claim speaks of another event ("In May 2016
# more than 300 people were killed in a battle between the two sides").
_OTHER_EVENT_DAYS = 7


def toll_claim(doc: Document, main: Claim | None) -> Claim | None:
    """The claim whose toll the incident takes: the main claim when it gives people killed,
    else the first asserted violent claim of the report that does (a report may open on the
    reactions and give the toll paragraphs later)."""
    if main is not None and any(f.value.kind in _KILLING for f in main.figures):
        return main
    for c in doc.claims:
        if c.negated or c.sub_event_type not in _VIOLENT:
            continue
        if any(f.value.kind in _KILLING for f in c.figures):
            return c
    return main


def _window_claims(doc: Document, claim: Claim) -> list[Claim]:
    """The toll claim and the claims of the next :data:`LEAD_WINDOW` sentences that tell the same
    incident: asserted, not dated to another day, and not a strongly typed event of another
    type (a pilot "killed after he was captured" in a report of shelling is another incident;
    a bare "death" or "dead", typed weakly, only retells the toll)."""
    try:
        first = doc.sentences.index(claim.sentence)
    except ValueError:
        return [claim]
    sents = set(doc.sentences[first : first + LEAD_WINDOW + 1])
    ref = claim.date.value if claim.date is not None else None
    out = []
    for c in doc.claims:
        if c.sentence not in sents or c.negated:
            continue
        if c is not claim:
            if ref is not None and _dated_elsewhere(doc, c.sentence, ref):
                continue
            if (
                c.event_type not in (claim.event_type, NOT_CONFLICT)
                and _trigger_tier(doc, c) == "means"
            ):
                continue
        out.append(c)
    return out


def _dated_elsewhere(doc: Document, sent: Span, ref: dt.date) -> bool:
    return any(
        sent.start <= d.span.start < sent.end and abs((d.date - ref).days) > _OTHER_EVENT_DAYS
        for d in doc.dates
    )


# A figure told as a running total or as an earlier event is not the incident's toll: "IS has
# killed hundreds since June", "since Saturday at least 68 civilians have been killed", "the
# war which has killed 300,000", "comes a day after eight civilians were killed".
_OTHER_TOTAL = re.compile(
    r"\b(?:since|so\s+far|to\s+date|in\s+total|altogether|over\s+the\s+(?:past|last)|"
    r"(?:war|conflict|uprising|crisis|revolution|fighting|violence)\s+(?:which|that)\s+"
    r"(?:has|have|had)|(?:a|one|two|three|several|\w+)\s+(?:days?|weeks?)\s+after|"
    r"(?:comes?|came)\s+after)\b",
    re.IGNORECASE,
)


def _other_total(text: str, sent: Span, fig: Figure) -> bool:
    """Whether a cue of a running total or an earlier event governs ``fig``: in the clause
    before it (within 80 characters) or right after it (within 50)."""
    q = fig.quantity.span
    before = text[max(sent.start, q.start - 80) : q.start]
    after = text[q.end : min(sent.end, q.end + 50)]
    return bool(_OTHER_TOTAL.search(before) or _OTHER_TOTAL.search(after))


_CIV_GROUPS = (VictimGroup.CIVILIANS, VictimGroup.CHILDREN, VictimGroup.WOMEN)


def _counts(doc: Document, claim: Claim | None) -> tuple[int, int, int, int]:
    """Civilians, children, women and non-civilians killed in the incident of ``claim``.

    Read over the toll claim and the lead sentences after it (:func:`_window_claims`):

    * each group's figure is the largest the lead gives for it: a toll restated later in the
      lead is the same toll updated ("more than 30" in the headline, "at least 31" below); a
      vague figure yields to an exact one of the same group (as before);
    * figures of different groups joined in one sentence are different people and add up
      ("five women and a child" are six civilians), unless one is told as a part of the other
      ("including 11 children", "were among the dead"): parts never add;
    * when the report splits a total itself ("30 people including 24 civilians") its civilian
      figure stands; otherwise the people beyond the combatants counted are civilians
      ("kills 18 ... 17 jihadists among them"; "two medics were among 31 people killed": 31).
    """
    if claim is None:
        return 0, 0, 0, 0
    text = doc.text
    best: dict[VictimGroup, int] = {}
    vague: set[VictimGroup] = set()
    named = 0  # the largest figure whose noun is "civilians" itself
    kinds_sum = 0  # the largest sum, in one sentence, of kinds of civilians joined together
    split = 0
    parts_of_fighters = False
    for c in _window_claims(doc, claim):
        sentence_best: dict[VictimGroup, int] = {}
        for arg in c.figures:
            f = arg.value
            if f.kind not in _KILLING:
                continue
            if _other_total(text, c.sentence, f):
                continue
            low = f.quantity.low
            is_vague = f.quantity.qualifier == Qualifier.VAGUE
            if is_vague and c is not claim:
                continue  # a vague figure below the lead's toll repeats it loosely
            # An exact figure replaces a vague one; a larger one of the same exactness is the
            # toll updated; a vague one never replaces an exact one.
            if (
                f.group not in best
                or (f.group in vague and not is_vague)
                or (low > best[f.group] and (not is_vague or f.group in vague))
            ):
                best[f.group] = low
                (vague.add if is_vague else vague.discard)(f.group)
            if is_vague:
                continue  # "almost a dozen civilians" beside "11 civilians": the exact one counts
            part = is_part(text, f)
            literal = f.group == VictimGroup.CIVILIANS and names_civilians(text, f)
            if literal and part:
                split = max(split, low)
            elif literal:
                named = max(named, low)
            elif f.group in _CIV_GROUPS and not part:
                sentence_best[f.group] = max(sentence_best.get(f.group, 0), low)
            if part and f.group in (VictimGroup.CHILDREN, VictimGroup.WOMEN):
                parts_of_fighters = parts_of_fighters or _part_of_fighters(c, f)
        kinds_sum = max(kinds_sum, sum(sentence_best.values()))
    # "Dozens of civilians were killed ... 73 civilians": a later exact figure of the same
    # group, for an event of the same type, replaces a vague one.
    for group in list(vague):
        exact = next(
            (
                a.value.quantity.low
                for c in doc.claims
                if c.event_type == claim.event_type
                for a in c.figures
                if a.value.group == group
                and a.value.kind in _KILLING
                and a.value.quantity.qualifier != Qualifier.VAGUE
            ),
            None,
        )
        if exact is not None:
            best[group] = exact
    people = max(best.get(VictimGroup.PEOPLE, 0), best.get(VictimGroup.OFFICIALS, 0))
    combatants = best.get(VictimGroup.COMBATANTS, 0)
    # "civilians" is the whole that children and women are part of; kinds of civilians named
    # side by side ("five women and a child", "four medics and five children") add up.
    civilians = max(named, kinds_sum)
    if VictimGroup.CIVILIANS in vague and civilians == 0:
        # Only a vague figure ("dozens of civilians"): ACLED's reading of it is the count.
        civilians = best[VictimGroup.CIVILIANS]
    if civilians == 0 and split:
        civilians = split
    if not split and people - combatants > civilians:
        civilians = people - combatants
    children = best.get(VictimGroup.CHILDREN, 0)
    women = best.get(VictimGroup.WOMEN, 0)
    if civilians == 0 and not parts_of_fighters:
        civilians = children + women
    return civilians, children, women, combatants


def _part_of_fighters(claim: Claim, fig: Figure) -> bool:
    """ "287 IS fighters among them 26 minors": the part belongs to a combatant total."""
    before = [
        a.value
        for a in claim.figures
        if a.value.quantity.span.end <= fig.quantity.span.start and a.value.kind in _KILLING
    ]
    return bool(before) and before[-1].group == VictimGroup.COMBATANTS


# FA-KES's twelve governorates fold Rif Dimashq (the Damascus countryside: Douma, Eastern Ghouta)
# into Damascus and have no Suwayda.
_FOLD = {
    "rif dimashq": "damascus",
    "damascus countryside": "damascus",
    "rural damascus": "damascus",
}


def _governorate(doc: Document, claim: Claim | None, key: object) -> str | None:
    """The incident's Syrian governorate, read in this order:

    1. the toll claim's place when its own sentence names it;
    2. else the first Syrian place below the country named in that sentence or the
       :data:`LEAD_WINDOW` sentences after it (the lead that retells the incident: "killed 14
       jihadists in Syria ... The Observatory said they were killed in the province of Deir
       Ezzor"), leaving out names inside an actor's or a source's name and names that stand
       for a side ("pro-Damascus media");
    3. else the claim's place as the claims stage inferred it (the sentence before, the
       report's most named place);
    4. else the governorate the report names most.
    """
    keyf = key if callable(key) else (lambda s: s.lower())

    def norm(admin1: str) -> str:
        k = str(keyf(admin1))
        return _FOLD.get(k, k)

    def syrian(p: object) -> bool:
        return bool(getattr(p, "admin1", "")) and getattr(p, "country_code", "") == "SY"

    if claim is not None and claim.place is not None and syrian(claim.place.value):
        span = claim.place.span
        if span is not None and claim.sentence.start <= span.start < claim.sentence.end:
            return norm(claim.place.value.admin1)
    if claim is not None:
        here = _window_place(doc, claim.sentence)
        if here is not None:
            return norm(here)
    if claim is not None and claim.place is not None and syrian(claim.place.value):
        return norm(claim.place.value.admin1)
    counts: Counter[str] = Counter()
    for t in doc.toponyms:
        if t.place is not None and syrian(t.place):
            counts[norm(t.place.admin1)] += 1
    return counts.most_common(1)[0][0] if counts else None


_SIDE = re.compile(r"\b(?:pro|anti)[-\u2010]$", re.IGNORECASE)


def _window_place(doc: Document, sent: Span) -> str | None:
    """Admin1 of the first Syrian place (below the country) named in ``sent`` or the
    :data:`LEAD_WINDOW` sentences after it, outside actors' and sources' names."""
    try:
        first = doc.sentences.index(sent)
    except ValueError:
        return None
    window = doc.sentences[first : first + LEAD_WINDOW + 1]
    lo, hi = window[0].start, window[-1].end
    names = [a.span for a in doc.actors] + [a.span for a in doc.attributions]
    for t in doc.toponyms:
        p = t.place
        if not lo <= t.start < hi or p is None or p.country_code != "SY" or not p.admin1:
            continue
        if any(n.start <= t.start < n.end or t.start <= n.start < t.end for n in names):
            continue
        if _SIDE.search(doc.text, max(0, t.start - 5), t.start):
            continue  # "pro-Damascus media": the name stands for a side, not a place
        return p.admin1
    return None


def incident_facts(doc: Document, governorate_key: object = None) -> IncidentFacts:
    """FA-KES-style facts of ``doc`` (after the full pipeline). ``governorate_key`` normalises
    admin1 names (``tadmor.geo.governorate_key``)."""
    main = main_claim(doc)
    # Where the report leads on reactions and gives the toll later, the killing is the incident:
    # its place and its actor are the incident's; the weapon is still read from the lead.
    toll = toll_claim(doc, main)
    civ, ch, wo, nonciv = _counts(doc, toll)
    date = _report_date(doc) or (
        main.date.value if main is not None and main.date is not None else None
    )
    actor_claim = toll
    if toll is not None and toll.actor1 is None:
        # The lead often names the actor in the next sentence ("Air strikes killed 10 ...
        # The strikes were carried out by Russian jets"): the first actor of the same event.
        lead = set(doc.sentences[:3]) | {toll.sentence}
        actor_claim = next(
            (
                c
                for c in doc.claims
                if c.sentence in lead and c.actor1 is not None and c.event_type == toll.event_type
            ),
            toll,
        )
    actor = fakes_actor(
        actor_claim.actor1.value if actor_claim and actor_claim.actor1 else None,
        _category_of(doc, actor_claim),
    )
    return IncidentFacts(
        date,
        _governorate(doc, toll, governorate_key),
        cause_of_death(doc, main),
        actor,
        civ,
        ch,
        wo,
        nonciv,
        main,
    )


def _report_date(doc: Document) -> dt.date | None:
    if doc.published is not None:
        return doc.published.date()
    return doc.dateline.date if doc.dateline is not None else None


def _category_of(doc: Document, claim: Claim | None) -> ActorCategory | None:
    if claim is None or claim.actor1 is None or claim.actor1.span is None:
        return None
    for a in doc.actors:
        if a.span == claim.actor1.span:
            return a.category
    return None
