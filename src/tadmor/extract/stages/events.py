"""Event mentions: ACLED sub-event types from rule-based triggers, with the hierarchy.

Rules are used where ACLED's definitions are crisp (a chemical agent is a Chemical weapon, a
barrel bomb dropped from a helicopter an Air/drone strike, a person blowing himself up a Suicide
bomb). Each trigger has a tier:

* ``means``: names what was done ("air strike", "shelling", "car bomb", "executed", "clashes",
  "captured", "protest");
* ``weak``: a generic word ("attack", "bombing", "assault") used only when no means trigger is
  in the sentence;
* ``outcome``: "killed", "died", "wounded": an event only when nothing else in the sentence says
  how; then Attack if the victims are civilians, Armed clash if they are combatants.

Some types depend on who acts, read from ``doc.actors``: a capture is Government regains
territory when state forces take it, Non-state actor overtakes territory otherwise; a capture of
people is Arrests by state forces and Abduction by others; a withdrawal in the middle of fighting
is the opponent taking the place (ACLED codes the fighting side's gain), without fighting a
Non-violent transfer. Negated triggers ("did not explode", "denied carrying out strikes") are
kept with ``negated=True``. Heritage destroyed, damaged or looted makes a Looting/property
destruction event tagged heritage damage (reference.md).

A sentence's sub-event type is :func:`sentence_type`: the trained classifier's label when it
ran (:mod:`tadmor.extract.event_classifier`, which reads the sentence's embedding and what
these rules found in it), else ACLED's precedence over the non-negated mentions. By default the
packaged classifier labels every sentence (``classifier_mode="sentence"``) into
``doc.sentence_types`` and the rule mentions stay, with their trigger spans, for the claims;
the older modes remain: ``"fallback"`` asks it only for sentences the rules leave undecided and
``"override"`` replaces the rules' mentions, in both cases as mentions whose trigger is the
whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Protocol

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import (
    ActorCategory,
    ActorMention,
    Document,
    EventMention,
    FigureKind,
    Span,
    VictimGroup,
)
from tadmor.extract.stages._caseless import CaselessPattern
from tadmor.extract.taxonomy import NOT_CONFLICT, SUB_EVENT_TYPES, precedence


class SentenceClassifier(Protocol):
    """What a trained sentence classifier must offer to plug into the events stage."""

    def predict(self, sentences: list[str]) -> list[tuple[str, float]]:
        """(sub-event code or "not_conflict", confidence) for each sentence."""
        ...


@dataclass(frozen=True, slots=True)
class _Trigger:
    code: str
    tier: str  # means | weak | outcome
    rx: CaselessPattern


def _t(code: str, tier: str, pattern: str) -> _Trigger:
    return _Trigger(code, tier, CaselessPattern(rf"\b(?:{pattern})\b"))


# Codes in angle brackets are resolved from context: <CAPTURE>, <WITHDRAW>, <PEOPLE_TAKEN>,
# <KILLED>, <ATTACK>, <STRIKE>, <PROTEST>.
_TRIGGERS: list[_Trigger] = [
    _t(
        "CHEM_WEAP",
        "means",
        r"chemical\s+(?:weapons?|attacks?|strikes?|agents?|munitions|bombs?|shells?|gas)|"
        r"toxic\s+(?:gas|gases|chemicals?|substances?)|poison(?:ous)?\s+gas|nerve\s+(?:agent|gas)|"
        r"sarin|chlorine|mustard\s+gas|gas\s+attacks?|suffocation|asphyxiation|"
        r"chemically\s+armed|gas-filled|cases\s+of\s+choking",
    ),
    _t(
        "AIR_STRIKE",
        "means",
        r"air\s*-?\s*strikes?|airstrikes?|air\s+raids?|air\s+attacks?|aerial\s+(?:bombardments?|"
        r"attacks?|bombings?|strikes?|raids?|campaign)|barrel\s+bombs?|drone\s+strikes?|"
        r"sorties|airstrike|air-strikes|vacuum\s+bombs?|"
        r"cluster\s+(?:bombs?|munitions)|bunker[-\s]busters?|parachute\s+bombs?|container\s+bombs?",
    ),
    _t(
        "SUIC_BOMB",
        "means",
        r"suicide\s+(?:bombers?|bombings?|attacks?|car\s+bombs?|blasts?|attackers?|vests?|belts?|"
        r"trucks?|explosions?|operations?|bomb)|(?:blew|blown)\s+(?:himself|herself|themselves)\s+up|"
        r"self-detonat\w*|detonated\s+(?:his|her|their)\s+(?:explosive|suicide)\s+\w+|"
        r"suicide-bomb\w*|suicide",
    ),
    _t(
        "ART_MISS_ATTACK",
        "means",
        r"shell(?:s|ing|ed)?|artillery|mortars?|rockets?|rocket\s+fire|missiles?|bombard(?:ed|ing|"
        r"ment|ments)?|projectiles?|cannons?|hell\s+cannon|grad|howitzers?|tank\s+fire|"
        r"shot\s+rockets|fired\s+rockets|surface-to-surface|tomahawks?|cruise\s+missiles?|"
        r"phosphorus|incendiary",
    ),
    _t(
        "REM_EXPLOS",
        "means",
        r"car\s+bombs?|car-bombs?|booby[-\s]trapped|booby[-\s]traps?|improvised\s+explosive|IEDs?|"
        r"roadside\s+bombs?|land\s*mines?|landmines?|mines?\s+(?:exploded|blast|explosion)|"
        r"explosive\s+devices?|bomb\s+(?:blasts?|attacks?|explosions?|exploded|went\s+off)|"
        r"bombs?\s+(?:exploded|planted|detonated|went\s+off)|explosive-laden|VBIEDs?|"
        r"sticky\s+bombs?|motorbike\s+bombs?|bomb-laden|car\s+bombing|explosive\s+belts?",
    ),
    # Explosions are also what shells, missiles and suicide bombers cause: these generic words
    # make a Remote explosive event only when no other weapon is named in the sentence.
    _t(
        "REM_EXPLOS",
        "explosive",
        r"explosions?|blasts?|exploded|detonated|bombings?|explode[ds]?|detonation",
    ),
    _t("GRENADE", "means", r"grenades?|hand\s+grenades?|RPGs?"),
    _t(
        "SEX_VIOL",
        "means",
        r"rap(?:ed|e|es|ing)|sexual(?:ly)?\s+(?:violence|assault(?:ed)?|abuse[ds]?|slavery|"
        r"harassment)|sex\s+slaves?",
    ),
    _t(
        "ATTACK",
        "means",
        r"execut(?:ed|ing|ions?|es)|behead(?:ed|ing|s|ings)?|crucif(?:ied|ies|y|ixion)|"
        r"massacred?|massacres|slaughter(?:ed|s)?|gunned\s+down|shot\s+dead|murder(?:ed|s)?|"
        r"stabbed|lynched|tortured\s+to\s+death|summarily\s+killed|mass\s+graves?|"
        r"killed\s+in\s+cold\s+blood|sniper\s+fire|snipers?|shot\s+(?:and\s+killed|at)|"
        r"opened\s+fire\s+on\s+(?:civilians|residents|a\s+crowd|people)",
    ),
    _t(
        "<PEOPLE_TAKEN>",
        "means",
        r"abduct(?:ed|ing|ion|ions|s)?|kidnapp?(?:ed|ing|ings|s)?|taken\s+hostage|"
        r"took\s+(?:\w+\s+){0,3}hostages?|hostages?|forcibly\s+disappeared|enforced\s+disappearance|"
        r"captured\s+(?:\w+\s+){0,3}(?:soldiers|fighters|civilians|people|members|troops|men|"
        r"women|children|pilots?|officers?|militants|rebels|journalists?)",
    ),
    _t(
        "ARMED_CLASH",
        "means",
        r"clash(?:es|ed|ing)?|fighting|fought|battles?|battled|battling|fire\s*fights?|gun\s*fights?|"
        r"gun\s+battles?|skirmish(?:es)?|ambush(?:ed|es)?|exchange\s+of\s+fire|exchanged\s+fire|"
        r"counter-?offensive|offensive|repelled|repulsed|besieg(?:ed|ing)|siege|encircled|"
        r"heavy\s+fighting|fierce\s+fighting|frontlines?|front\s+lines?|combat|"
        r"infiltrat(?:ed|ion)|incursion|stormed|storming|assaults?|advanc(?:e|ed|ing)\s+(?:on|"
        r"towards|into)|engaged",
    ),
    _t(
        "<CAPTURE>",
        "means",
        r"captur(?:ed|es|ing|e)|seiz(?:ed|es|ing|ure)|took\s+(?:full\s+)?control|taken\s+control|"
        r"taking\s+control|gain(?:ed|s)?\s+control|overr?an|overrun|took\s+over|taken\s+over|"
        r"fell\s+to|fall\s+of|occup(?:ied|y|ying|ation)|conquer(?:ed)?|"
        r"recaptur(?:ed|es|ing|e)|retak(?:e|en|es|ing)|retook|regain(?:ed|s|ing)?|"
        r"liberat(?:ed|ion|ing|e)|restored\s+(?:full\s+)?control|wrested\s+control|"
        r"expelled|drove\s+out|driven\s+out|pushed\s+(?:\w+\s+)?out|cleared\s+of|swept",
    ),
    _t(
        "<WITHDRAW>",
        "means",
        r"withdr(?:ew|aw|awn|awal|awing)|pulled\s+out|pull-?out|retreat(?:ed|ing)?|"
        r"evacuat(?:ed|ion)\s+of\s+(?:rebels|fighters|militants|gunmen)|handed\s+over|"
        r"surrender(?:ed)?|abandon(?:ed)?\s+(?:their\s+)?positions",
    ),
    _t(
        "<PROTEST>",
        "means",
        r"protest(?:s|ed|ers|ors|ing)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|"
        r"sit-ins?|marched|marches|vigil",
    ),
    _t("VIOL_DEMONSTR", "means", r"riot(?:s|ers|ing|ed)?"),
    _t("MOB_VIOL", "means", r"mobs?|vigilantes?|lynch\s+mob"),
    _t(
        "AGREEMENT",
        "means",
        r"agreements?|ceasefire|cease-fire|truce|deal|accord|reconciliation|agreed\s+to|signed|"
        r"prisoner\s+(?:exchange|swap)|swap|de-?escalation\s+zones?|settlement",
    ),
    _t(
        "ARREST",
        "means",
        r"arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|detention|rounded\s+up|took\s+into\s+custody|"
        r"apprehended|raids?\s+on\s+homes|house\s+raids?",
    ),
    _t(
        "CHANGE_TO_GROUP_ACT",
        "means",
        r"merg(?:ed|er|ing)|formation\s+of|announced\s+(?:the\s+)?(?:formation|creation)|"
        r"pledged\s+allegiance|defect(?:ed|ion|ions|ors)|disband(?:ed)?|dissolv(?:ed|e)|"
        r"recruit(?:ed|ment|ing)|conscript(?:ed|ion)|curfew|imposed\s+(?:a\s+)?(?:strict\s+)?"
        r"(?:\w+\s+)?(?:law|rule|sharia)|mobiliz(?:ed|ation)|mobilis(?:ed|ation)|deployed|"
        r"reinforcements?|rebrand(?:ed)?|changed\s+its\s+name|new\s+alliance|joined\s+forces",
    ),
    _t(
        "DISR_WEAP",
        "means",
        r"defus(?:ed|ing)|dismantl(?:ed|ing)\s+(?:\w+\s+){0,2}(?:bombs?|IEDs?|explosives?|mines?|"
        r"devices?)|intercept(?:ed|ing)|shot\s+down\s+(?:\w+\s+){0,2}(?:drones?|missiles?|rockets?)|"
        r"weapons?\s+caches?|arms\s+caches?|seized\s+(?:\w+\s+){0,2}(?:weapons|arms|ammunition|"
        r"explosives)|thwart(?:ed|ing)|foil(?:ed|ing)|air\s+defen[cs]es?\s+(?:intercepted|"
        r"downed|repelled)|demined|demining|mine\s+clearance|cleared\s+mines",
    ),
    _t(
        "HQ_ESTABLISHED",
        "means",
        r"establish(?:ed|es|ing)\s+(?:a\s+)?(?:new\s+)?(?:military\s+)?(?:base|headquarters|HQ|"
        r"outpost)|set\s+up\s+(?:a\s+)?(?:new\s+)?(?:military\s+)?(?:base|headquarters|HQ|outpost)|"
        r"new\s+(?:military\s+)?base|built\s+(?:a\s+)?base",
    ),
    _t(
        "PROPERTY_DISTRUCT",
        "means",
        r"loot(?:ed|ing|ers)?|plunder(?:ed|ing)?|pillag(?:ed|ing|e)|ransack(?:ed|ing)|"
        r"confiscat(?:ed|ion|ing|e)|expropriat\w+|torch(?:ed|ing)|set\s+(?:on\s+)?fire\s+to|"
        r"set\s+fire|burn(?:ed|t)\s+(?:down\s+)?(?:\w+\s+){0,2}(?:houses?|homes?|shops?|property|"
        r"crops|fields|vehicles|cars)|demolish(?:ed|ing)|raz(?:ed|ing)|bulldoz(?:ed|ing)|"
        r"vandali[sz](?:ed|ing)|blew\s+up\s+(?:\w+\s+){0,3}(?:houses?|homes?|temples?|"
        r"monuments?|shrines?|mosques?|churches?|tombs?|bridges?|buildings?)|"
        r"destroy(?:ed|ing)\s+(?:\w+\s+){0,3}(?:houses?|homes?|property|shops?|temples?|"
        r"monuments?|shrines?|statues?|tombs?)|seiz(?:ed|ing)\s+(?:\w+\s+){0,3}(?:property|"
        r"properties|homes|houses|land|cars)",
    ),
    _t(
        "<ATTACK>",
        "weak",
        r"attack(?:s|ed|ing)?|strikes?|struck|raids?|bomb(?:s|ed|ing)?|target(?:ed|ing)|hit|"
        r"fired\s+(?:on|at)|opened\s+fire|pounded|pounding|blitz|onslaught|violence",
    ),
    _t(
        "<KILLED>",
        "outcome",
        r"kill(?:ed|ing|s)?|dead|died|dies|deaths?|death\s+toll|lost\s+their\s+lives|"
        r"lives|slain|perished|martyr(?:ed|s)?|victims|bodies|corpses|wound(?:ed|ing|s)?|"
        r"injur(?:ed|ing|ies)|casualties|shot|fatalities",
    ),
]

_NEGATION = re.compile(
    r"(?:\bnot|\bno|\bnever|n['’]t|\bdenied|denies|deny|without|failed\s+to|fail\s+to|nor|neither|"
    r"refuted|rejected)\b(?:\s+[\w'’-]+){0,3}\s*$",
    re.IGNORECASE,
)
_BATTLE_CONTEXT = re.compile(
    r"\b(?:fighting|fought|clash\w*|battles?|attacks?|advance|assault|offensive|onslaught|"
    r"overwhelmed|overhelmed|heavy\s+losses|siege)\b",
    re.IGNORECASE,
)
# Tested on every sentence, never read: caseless patterns (see :mod:`._caseless`).
_AIR_CONTEXT = CaselessPattern(
    r"\b(?:air|aerial|warplanes?|war\s+planes?|jets?|aircraft|helicopters?|planes?|drones?|"
    r"sorties|bombers)\b(?!\s+(?:was|were)?\s*(?:shot\s+down|downed|crashed))",
)
_NON_CONFLICT = CaselessPattern(
    r"\b(?:earthquakes?|quakes?|floods?|flooding|storms?|hurricanes?|landslides?|wildfires?|"
    r"(?:road|traffic|car|plane)\s+(?:accident|crash)|accidents?|collapsed?|drowned|"
    r"smugglers?|smuggling|drug|robbery|robbers|thieves|gang|heatwave|epidemic|cholera|"
    r"covid|disease)\b",
)
_AIRCRAFT = re.compile(
    r"\b(?:warplanes?|war\s+planes?|fighter\s+jets?|jets|helicopters?|air\s+force|aircraft|"
    r"planes|bombers|drones?)\b(?!\s+(?:was|were)?\s*(?:shot\s+down|downed|crashed|crash))",
    re.IGNORECASE,
)
# Shells, rockets and missiles fired from aircraft are an air strike.
_FROM_AIR = re.compile(r"^(?:bombard|missile|rocket|pound|shell)", re.IGNORECASE)
_PERSON_OBJECT = re.compile(
    r"^\s+(?:\w+\s+){0,3}?(?:soldiers|fighters|civilians|people|members|troops|men|women|children|"
    r"pilots?|officers?|militants|rebels|journalists?|workers|activists|residents)\b",
    re.IGNORECASE,
)
_WEAPON_CODES = {"CHEM_WEAP", "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE"}
_VIOLENT_CODES = _WEAPON_CODES | {
    "ARMED_CLASH",
    "ATTACK",
    "SEX_VIOL",
    "FORCE_AGAINST_PROTEST",
    "VIOL_DEMONSTR",
    "MOB_VIOL",
}
# "withdrew before the advance of X": X is the side that takes the place.
WINNER_PHRASE = re.compile(
    r"\b(?:before|in\s+the\s+face\s+of|under|after|following)\s+the\s+(?:advance|attack|assault|"
    r"onslaught|pressure|offensive)\s+of\s+(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
_NONSTATE = {
    ActorCategory.REBEL_GROUP,
    ActorCategory.POLITICAL_MILITIA,
    ActorCategory.IDENTITY_MILITIA,
}
_STATE = {ActorCategory.STATE_FORCES, ActorCategory.EXTERNAL_FORCES}
_AFTER_CLAUSE = re.compile(r"[;:]|,\s+(?:but|while|and|as)\b|\bbut\b", re.IGNORECASE)


def _actors_in(doc: Document, sent: Span) -> list[ActorMention]:
    return [a for a in doc.actors if sent.start <= a.span.start < sent.end]


def _armed(a: ActorMention) -> bool:
    return a.category in _NONSTATE or a.category in _STATE


_VICTIM_GAP = re.compile(r"[,;:.]|\b(?:by|in|of|from)\b")


def is_victim(doc: Document, a: ActorMention) -> bool:
    """The actor is the noun a casualty figure counts ("at least 29 Syrian rebels")."""
    for f in doc.figures:
        gap = a.span.start - f.quantity.span.end
        if (
            0 <= gap <= 25
            and f.kind != FigureKind.STRENGTH
            and not _VICTIM_GAP.search(doc.text[f.quantity.span.end : a.span.start])
        ):
            return True
    return False


def agent_of(doc: Document, sent: Span, trigger: Span) -> ActorMention | None:
    """Who did it: "by X" after the trigger, else the nearest armed actor before it in the
    clause (its subject or modifier: "regime air raids", "ISIS had occupied")."""
    actors = [a for a in _actors_in(doc, sent) if _armed(a)]
    text = doc.text
    for a in actors:
        if (
            a.span.start >= trigger.end
            and re.search(
                r"\bby\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,4}$", text[trigger.end : a.span.start]
            )
            and a.span.start - trigger.end < 60
        ):
            return a
    for a in actors:
        if (
            a.span.start < trigger.start
            and re.search(
                r"\bby\s+(?:the\s+)?$", text[max(sent.start, a.span.start - 8) : a.span.start]
            )
            and trigger.start - a.span.end < 40
        ):
            return a
    before = [a for a in actors if a.span.end <= trigger.start]
    for a in reversed(before):
        gap = text[a.span.end : trigger.start]
        if re.search(
            r"\b(?:against|on|targeting|at|with|between|near)\s+(?:the\s+)?$",
            text[max(sent.start, a.span.start - 14) : a.span.start],
        ):
            continue  # an object, not the agent
        if is_victim(doc, a):
            continue  # "29 Syrian rebels were killed": the counted are the victims
        if len(gap) < 120:
            return a
    return None


def _resolve(code: str, doc: Document, sent: Span, m: re.Match[str]) -> str | None:
    """The sub-event code of a context-dependent trigger, or None to drop it. ``m`` may be a
    match over the lower-cased text (:mod:`._caseless`): only its positions are read."""
    text = doc.text
    trig = Span.of(text, m.start(), m.end())
    word = trig.text.lower()
    if code == "<CAPTURE>":
        if _PERSON_OBJECT.match(text, m.end(), sent.end):
            agent = agent_of(doc, sent, trig)
            return "ARREST" if agent is not None and agent.category in _STATE else "ABDUCT_DISSAP"
        after = text[m.end() : sent.end]
        if re.match(r"\s+(?:\w+\s+){0,3}?(?:weapons|arms|ammunition|explosives)\b", after):
            return "DISR_WEAP"
        if re.match(
            r"\s+(?:\w+\s+){0,3}?(?:property|properties|homes|houses|land|cars)\b",
            text[m.end() : sent.end],
        ):
            return "PROPERTY_DISTRUCT"
        regain = re.match(
            r"re|liberat|restored|regain|expelled|drove|driven|pushed|cleared|swept", word
        )
        agent = agent_of(doc, sent, trig)
        if agent is not None:
            return (
                "GOV_REGAINS_TERIT" if agent.category in _STATE else "NON_STATE_ACTOR_OVERTAKES_TER"
            )
        if word.startswith(("fell to", "fall of")):
            takers = [a for a in _actors_in(doc, sent) if a.span.start >= m.end() and _armed(a)]
            if takers:
                return (
                    "GOV_REGAINS_TERIT"
                    if takers[0].category in _STATE
                    else "NON_STATE_ACTOR_OVERTAKES_TER"
                )
        return "GOV_REGAINS_TERIT" if regain else "NON_STATE_ACTOR_OVERTAKES_TER"
    if code == "<WITHDRAW>":
        winner = next(
            (
                a
                for a in _actors_in(doc, sent)
                if _armed(a)
                and a.span.start >= m.end()
                and WINNER_PHRASE.search(text[m.end() : a.span.start])
            ),
            None,
        )
        if winner is not None:
            return (
                "GOV_REGAINS_TERIT"
                if winner.category in _STATE
                else "NON_STATE_ACTOR_OVERTAKES_TER"
            )
        agent = agent_of(doc, sent, trig)
        if agent is None:
            # "the last one had to withdraw": the subject is a pronoun; the opposing sides of the
            # sentence's fighting are its actors.
            actors = [a for a in _actors_in(doc, sent) if _armed(a) and a.span.end <= m.start()]
            agent = actors[0] if actors else None
        if _BATTLE_CONTEXT.search(sent.text):
            if agent is not None and agent.category in _STATE:
                return "NON_STATE_ACTOR_OVERTAKES_TER"
            if agent is not None:
                return "GOV_REGAINS_TERIT"
            return "NON_STATE_ACTOR_OVERTAKES_TER"
        return "NON_VIOL_TERRIT_TRANSFER"
    if code == "<PEOPLE_TAKEN>":
        agent = agent_of(doc, sent, trig)
        if word.startswith("captured") and agent is not None and agent.category in _STATE:
            return "ARREST"
        return "ABDUCT_DISSAP"
    if code == "<PROTEST>":
        s = sent.text
        if re.search(
            r"\b(?:killed|shot\s+dead|opened\s+fire|live\s+(?:fire|ammunition)|"
            r"fired\s+on)\b",
            s,
            re.IGNORECASE,
        ):
            return "FORCE_AGAINST_PROTEST"
        if re.search(
            r"\b(?:dispersed|tear\s*gas|arrested|detained|water\s+cannon|beat(?:en)?|"
            r"rubber\s+bullets|broke\s+up)\b",
            s,
            re.IGNORECASE,
        ):
            return "PROTEST_WITH_INTER"
        if re.search(
            r"\b(?:threw\s+stones|stone-throwing|torched|vandali[sz]ed|set\s+fire|"
            r"clashed|rioted|burned\s+tyres)\b",
            s,
            re.IGNORECASE,
        ):
            return "VIOL_DEMONSTR"
        return "PEACE_PROTEST"
    return code


def _victims(doc: Document, sent: Span) -> set[VictimGroup]:
    return {
        f.group
        for f in doc.figures
        if sent.start <= f.quantity.span.start < sent.end
        and f.kind in (FigureKind.KILLED, FigureKind.INJURED, FigureKind.EXECUTED)
    }


def _negated(text: str, sent: Span, start: int) -> bool:
    window = text[max(sent.start, start - 40) : start]
    cut = _AFTER_CLAUSE.search(window)
    while cut:
        window = window[cut.end() :]
        cut = _AFTER_CLAUSE.search(window)
    return _NEGATION.search(window) is not None


def _near_air(text: str, sent: Span, pos: int) -> bool:
    window = text[max(sent.start, pos - 50) : min(sent.end, pos + 50)]
    return _AIR_CONTEXT.search(window) is not None


def find_events(doc: Document) -> list[EventMention]:
    text = doc.text
    out: list[EventMention] = []
    heritage_bad = [h for h in doc.heritage if h.status in ("destroyed", "damaged", "looted")]
    for sent in doc.sentences:
        hits: list[tuple[int, int, str, str]] = []  # start, end, code, tier
        for trig in _TRIGGERS:
            for m in trig.rx.finditer(text, sent.start, sent.end):
                if any(m.start() < e and s < m.end() for s, e, _, t in hits if t == "means"):
                    continue  # inside a longer, more specific trigger
                code = _resolve(trig.code, doc, sent, m)
                if code is None:
                    continue
                hits.append((m.start(), m.end(), code, trig.tier))
        air_context = _AIR_CONTEXT.search(sent.text) is not None
        if air_context:
            hits = [
                (s, e, "AIR_STRIKE", t)
                if c == "ART_MISS_ATTACK"
                and _FROM_AIR.match(text[s:e])
                and _near_air(text, sent, s)
                else (s, e, c, t)
                for s, e, c, t in hits
            ]
        explosive = [h for h in hits if h[3] == "explosive"]
        means = [h for h in hits if h[3] == "means"]
        if not any(h[2] in _WEAPON_CODES for h in means):
            means += explosive
        victims = _victims(doc, sent)
        weak = [h for h in hits if h[3] == "weak"]
        outcome = [h for h in hits if h[3] == "outcome"]
        chosen = list(means)
        civilian_victims = (
            bool(
                victims
                & {
                    VictimGroup.CIVILIANS,
                    VictimGroup.CHILDREN,
                    VictimGroup.WOMEN,
                    VictimGroup.OFFICIALS,
                }
            )
            or re.search(
                r"\b(?:civilians?|children|women|residents|villagers|families)\b",
                sent.text,
                re.IGNORECASE,
            )
            is not None
        )
        # Generic words ("hit", "attack", "killed") make a conflict event only in a conflict
        # context: an armed actor, or a harm figure, and no disaster or crime cue ("an
        # earthquake hit the city", "a road accident killed five").
        generic_ok = (
            any(_armed(a) for a in _actors_in(doc, sent)) or bool(victims)
        ) and not _NON_CONFLICT.search(sent.text)
        if not generic_ok:
            weak, outcome = [], []
        if not means:
            for s, e, _code, _tier in weak:
                m_text = text[s:e].lower()
                if m_text.startswith(("strike", "raid", "bomb")) and (
                    air_context or m_text.startswith(("strike", "raid"))
                ):
                    if re.search(
                        r"\b(?:missile|rocket|artillery)\s+$",
                        text[max(sent.start, s - 10) : s],
                        re.IGNORECASE,
                    ):
                        chosen.append((s, e, "ART_MISS_ATTACK", "weak"))
                    elif m_text.startswith("bomb") and not air_context:
                        chosen.append((s, e, "REM_EXPLOS", "weak"))
                    else:
                        chosen.append((s, e, "AIR_STRIKE", "weak"))
                elif civilian_victims or not (victims & {VictimGroup.COMBATANTS}):
                    chosen.append((s, e, "ATTACK" if civilian_victims else "ARMED_CLASH", "weak"))
                else:
                    chosen.append((s, e, "ARMED_CLASH", "weak"))
                break
        if not chosen and outcome:
            s, e, _, _ = outcome[0]
            if victims and victims <= {VictimGroup.COMBATANTS}:
                chosen.append((s, e, "ARMED_CLASH", "outcome"))
            else:
                chosen.append((s, e, "ATTACK", "outcome"))
        h_here = [h for h in heritage_bad if sent.start <= h.span.start < sent.end]
        if h_here and not any(c[2] == "PROPERTY_DISTRUCT" for c in chosen):
            hs = h_here[0].status_span or h_here[0].span
            chosen.append((hs.start, hs.end, "PROPERTY_DISTRUCT", "means"))
        # Aircraft named with harm and no weapon: the aircraft are the weapon ("Assad's Air Force
        # kills 65 civilians", "a massacre carried out by Russian warplanes").
        if (weak or outcome or any(c[2] == "ATTACK" for c in chosen)) and not any(
            c[2] in _WEAPON_CODES for c in chosen
        ):
            air = _AIRCRAFT.search(text, sent.start, sent.end)
            if air is not None:
                chosen = [c for c in chosen if c[3] == "means"]
                chosen.append((air.start(), air.end(), "AIR_STRIKE", "weak"))
        # Territorial or strategic triggers do not explain deaths of civilians in the same
        # sentence ("civil servants were killed just after ISIS had occupied the town").
        if (
            outcome
            and chosen
            and civilian_victims
            and not any(c[2] in _VIOLENT_CODES for c in chosen)
        ):
            s0, e0, _, _ = outcome[0]
            chosen.append((s0, e0, "ATTACK", "outcome"))
        mentions: list[EventMention] = []
        for s, e, code, tier in sorted(chosen):
            if code not in SUB_EVENT_TYPES:
                continue
            conf = {"means": 0.9, "explosive": 0.7, "weak": 0.6, "outcome": 0.5}[tier]
            mentions.append(
                EventMention(
                    Span.of(text, s, e),
                    sent,
                    code,
                    conf,
                    _negated(text, sent, s),
                    heritage_damage=bool(h_here) and code == "PROPERTY_DISTRUCT",
                )
            )
        out.extend(_one_per_type(mentions))
    return out


def _one_per_type(mentions: list[EventMention]) -> list[EventMention]:
    """One mention per sub-event type in a sentence (its first asserted trigger); negated
    mentions are kept only when nothing in the sentence is asserted ("denied any strikes")."""
    asserted = [m for m in mentions if not m.negated]
    pool = asserted or mentions
    seen: set[str] = set()
    out = []
    for m in pool:
        if m.sub_event_type not in seen:
            seen.add(m.sub_event_type)
            out.append(m)
    return out


def sentence_type(doc: Document, sent: Span) -> str:
    """The classifier's label of the sentence, else ACLED's precedence over its non-negated
    event mentions."""
    if sent in doc.sentence_types:
        return doc.sentence_types[sent][0]
    codes = [e.sub_event_type for e in doc.events if e.sentence == sent and not e.negated]
    return precedence(codes) if codes else NOT_CONFLICT


def _candidates(doc: Document) -> list[Span]:
    marked = {e.sentence for e in doc.events}
    for f in doc.figures:
        s = doc.sentence_of(f.quantity.span.start)
        if s is not None:
            marked.add(s)
    return [s for s in doc.sentences if s in marked]


@register_stage("events")
class EventStage:
    """Fills ``doc.events``; reads actors, figures and heritage, so runs after them.

    ``classifier``: ``"default"`` (the packaged one, if its weights are installed), ``None``
    (rules only), or an object with :meth:`SentenceClassifier.predict`; ``classifier_mode``:
    ``"sentence"`` (label every sentence into ``doc.sentence_types``; the packaged classifier),
    ``"fallback"`` (only sentences without rule mentions) or ``"override"``.
    """

    name: ClassVar[str] = "events"
    version: ClassVar[str] = "3"

    def __init__(
        self,
        classifier: SentenceClassifier | str | None = "default",
        classifier_mode: str = "sentence",
    ) -> None:
        self._default = classifier == "default"
        self.classifier: SentenceClassifier | None = (
            None if isinstance(classifier, str) else classifier
        )
        self.mode = classifier_mode

    def __call__(self, doc: Document) -> Document:
        doc.events = find_events(doc)
        if self._default:
            from tadmor.extract.event_classifier import default_classifier

            model = default_classifier()
            # Only candidate sentences are read: those where a rule found a trigger (asserted
            # or negated) or a harm figure. The rest have no event by the rules and keep that
            # reading; this halves the classifier's cost on news text.
            todo = _candidates(doc)
            if model is not None and todo:
                labels = model.predict_doc(doc, todo)
                doc.sentence_types = dict(zip(todo, labels, strict=True))
        elif self.classifier is not None:
            self._classify(doc)
        return doc

    def _classify(self, doc: Document) -> None:
        assert self.classifier is not None
        covered = {e.sentence for e in doc.events}
        todo = [s for s in doc.sentences if self.mode == "override" or s not in covered]
        if not todo:
            return
        labels = self.classifier.predict([s.text for s in todo])
        if self.mode == "override":
            doc.events = [e for e in doc.events if e.sentence not in set(todo)]
        for sent, (code, conf) in zip(todo, labels, strict=True):
            if code in SUB_EVENT_TYPES:
                doc.events.append(EventMention(sent, sent, code, conf))
        doc.events.sort(key=lambda e: (e.span.start, e.span.end))
