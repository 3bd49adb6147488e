"""Numbers, and the casualty or strength figures they make.

Two steps, both rule-based (quantulum3 drops "at least" and reads numbers out of dates; spaCy
reads "more than 14 000" as 14, see packages.md):

1. :func:`find_quantities`: every cardinal in the text as a range with its qualifier: digits
   with thousands separated by commas, spaces or non-breaking spaces ("14 000", "14\u00a0000"),
   "1.5 million", number words ("thirty-five", "two hundred"), and vague quantities read by
   ACLED's rule ("dozens" -> 12, "hundreds" -> 100, "several"/"a few" -> 3), each keeping its
   qualifier ("at least 400" -> low 400, open high). Numbers inside date expressions, years,
   clock times and measures (km, %, years old) are not counts of people and are skipped.
2. :func:`find_figures`: a quantity becomes a figure when a person noun follows it ("400
   citizens", "seven children", "14 000 terrorists", "the dead") and a harm word governs it in
   the same clause: a verb after it ("were killed", "died", "were executed"), before it
   ("killing at least 20", "the death toll rose to 30"), or a harm noun ("13 dead", "victims").
   Fighters with no harm word are the attackers' strength ("attacked with 14 000 fighters"):
   kind STRENGTH, never a toll. "including seven children" inherits the figure it belongs to;
   "mostly women and children" is kept as mentioned groups of the figure before it. Between a
   number and its noun stand only modifiers: a function word, another number, an -ing verb or a
   harm word ends the noun phrase ("16 in rebel-held Aleppo" counts no rebels). A noun that is
   the agent of an active harm verb with an object ("two bombers killed 30 guards") is no toll;
   "14 of the dead were rebels" takes the group it is said to be.
3. :func:`find_single_victims`: one victim told with an indefinite article ("a man was shot
   dead", "the gunman killed a woman", "including a child") is a figure of 1.

:func:`is_part` and :func:`names_civilians` let document-level rules tell a part of a total
("including 11 children") from victims of their own, and a report's own civilian split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import (
    Document,
    Figure,
    FigureKind,
    Qualifier,
    Quantity,
    Span,
    VictimGroup,
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# ACLED: "several", "many", "a few" -> 3; "dozens" -> 12; "hundreds" -> 100.
_VAGUE = {
    "a few": 3, "several": 3, "many": 3, "numerous": 3,
    "a number of": 3, "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20, "tens": 10,
    "hundreds": 100, "thousands": 1000, "tens of thousands": 10_000,
    "hundreds of thousands": 100_000, "millions": 1_000_000,
}  # fmt: skip

_WORDNUM = (
    r"(?:(?:"
    + "|".join(sorted(_TENS, key=len, reverse=True))
    + r")(?:[-\s](?:"
    + "|".join(k for k in _UNITS if _UNITS[k] < 10 and k != "zero")
    + r"))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")"
)
_WORDNUM_FULL = rf"{_WORDNUM}(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?{_WORDNUM})?)*"
# 14,000 / 14 000 / 14\u00a0000 / 14000 / 1.5 (million)
_DIGITS = r"\d{1,3}(?:(?:,|\u00a0|\u202f|\u2009| )\d{3})+(?!\d)|\d+(?:\.\d+)?"
_NUM = (
    rf"(?P<num>(?:{_DIGITS})(?:\s+(?:million|thousand|hundred))?|{_WORDNUM_FULL}"
    r"|tens of thousands|hundreds of thousands|a dozen|dozens|scores|hundreds|thousands|millions"
    r"|a few|several|many|numerous|a number of|tens)"
)
_PRE = (
    r"(?P<pre>at\s+least|no\s+(?:fewer|less)\s+than|more\s+than|over|upwards\s+of|in\s+excess\s+of"
    r"|at\s+most|up\s+to|fewer\s+than|less\s+than|nearly|almost|close\s+to|about|around|some"
    r"|approximately|roughly|an\s+estimated|an\s+approximate|as\s+many\s+as|at\s+least\s+some)"
)
_RANGE = rf"(?:between\s+(?P<lo>{_DIGITS}|{_WORDNUM})\s+and\s+|(?P<lo2>{_DIGITS})\s*(?:-|–|to)\s*)"
_QTY_RE = re.compile(
    rf"(?<![\w.,:])(?:{_PRE}\s+)?(?:{_RANGE})?{_NUM}(?![\w])(?P<post>\s+at\s+least)?",
    re.IGNORECASE,
)
_PRE_QUAL = {
    "at least": Qualifier.AT_LEAST, "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST, "more than": Qualifier.AT_LEAST,
    "over": Qualifier.AT_LEAST, "upwards of": Qualifier.AT_LEAST,
    "in excess of": Qualifier.AT_LEAST, "at least some": Qualifier.AT_LEAST,
    "at most": Qualifier.AT_MOST, "up to": Qualifier.AT_MOST, "fewer than": Qualifier.AT_MOST,
    "less than": Qualifier.AT_MOST, "nearly": Qualifier.AT_MOST, "almost": Qualifier.AT_MOST,
    "close to": Qualifier.AT_MOST, "as many as": Qualifier.AT_MOST,
    "about": Qualifier.ABOUT, "around": Qualifier.ABOUT, "some": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT, "roughly": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT, "an approximate": Qualifier.ABOUT,
}  # fmt: skip
# What follows a number that makes it a measure, an age or a time, not a count of people.
_NOT_COUNT_AFTER = re.compile(
    r"[:.]\d{2}\b|\s*(?:%|percent|per\s*cent|km|kilomet|kilo|mile|metre|meter|kg|tons?|tonnes?|hours?|"
    r"minutes?|seconds?|days?|weeks?|months?|years?|decades?|centur|times|[ap]\.?m\b|GMT|UTC|"
    r"dollars?|euros?|pounds|liras?|usd|\$|degrees|mm\b|cm\b|st\b|nd\b|rd\b|th\b|"
    r"(?:-|\s)?(?:year|month|day|hour|week)s?[-\s]old)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:\$|€|£|USD|US\$)\s*$")


def _word_value(words: str) -> int | None:
    total, current = 0, 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("and", ""):
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
    return total + current


def _value(raw: str) -> tuple[int, bool] | None:
    """The number a token means and whether it is vague."""
    low = re.sub(r"\s+", " ", raw.lower().strip())
    if low in _VAGUE:
        return _VAGUE[low], True
    m = re.fullmatch(r"([\d.,\u00a0\u202f\u2009 ]+?)(?:\s+(million|thousand|hundred))?", low)
    if m and m.group(1)[0].isdigit():
        digits = re.sub(r"[,\u00a0\u202f\u2009 ]", "", m.group(1))
        try:
            val = float(digits)
        except ValueError:
            return None
        if m.group(2):
            val *= _SCALES[m.group(2)]
        return int(val), False
    w = _word_value(low)
    return (w, False) if w is not None else None


def find_quantities(text: str, skip: Iterable[Span] = ()) -> list[Quantity]:
    """Cardinal numbers of ``text`` that could count people, as ranges with qualifiers."""
    blocked = sorted((s.start, s.end) for s in skip)
    out: list[Quantity] = []
    for m in _QTY_RE.finditer(text):
        num_start = m.start("num")
        if any(a <= num_start < b for a, b in blocked):
            continue
        raw = m.group("num")
        # A space-joined thousands group right after a day number ("May 20 300 people") is
        # two numbers, not one: trust only non-breaking spaces and commas there.
        val = _value(raw)
        if val is None:
            continue
        value, vague = val
        if raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2099:
            continue  # a year
        after = text[m.end() : m.end() + 16]
        if _NOT_COUNT_AFTER.match(after) or _CURRENCY_BEFORE.search(
            text[max(0, num_start - 4) : num_start]
        ):
            continue
        if re.fullmatch(r"\d{4}", raw) and raw.startswith("0"):
            continue  # a clock time ("0914")
        pre = (m.group("pre") or "").lower()
        pre = re.sub(r"\s+", " ", pre)
        lo_raw = m.group("lo") or m.group("lo2")
        if lo_raw is not None:
            lo = _value(lo_raw)
            if lo is None or lo[0] > value:
                continue
            out.append(Quantity(Span.of(text, m.start(), m.end()), lo[0], value, Qualifier.RANGE))
            continue
        if m.group("post"):
            qual = Qualifier.AT_LEAST
        elif vague:
            qual = Qualifier.VAGUE
        else:
            qual = _PRE_QUAL.get(pre, Qualifier.EXACT)
        if vague and pre in ("some",):
            pre = ""
        if qual in (Qualifier.AT_LEAST, Qualifier.VAGUE):
            high: int | None = None
        else:
            high = value
        out.append(Quantity(Span.of(text, m.start(), m.end()), value, high, qual))
    return out


# --- figures ---------------------------------------------------------------------------------

# A word that cannot modify the combatant noun after it ("16 in rebel-held Aleppo").
_NOT_MODIFIER_WORDS = (
    "in", "on", "at", "of", "from", "to", "by", "near", "and", "or", "the", "a", "an", "as",
    "after", "when", "while", "for", "with", "into", "across", "over", "against", "among",
    "including", "inside", "outside", "were", "was", "are", "killed", "wounded", "injured",
)  # fmt: skip
_NOT_MODIFIER = rf"(?!(?:{'|'.join(_NOT_MODIFIER_WORDS)})\b)"
# Armed groups whose "members" are fighters ("23 Daesh members", "20 FSA members").
_ARMED_NAMES = (
    r"isis|isil|is|daesh|nusra|al-nusra|fsa|sdf|ypg|pkk|hezbollah|hizbollah|hts|army|militia|"
    r"rebel|opposition|jihadist|brigade|faction|regime|government\s+forces"
)
_GROUP_WORDS: list[tuple[VictimGroup, str]] = [
    (VictimGroup.CHILDREN,
     r"(?:school)?child(?:ren)?|kids?|boys?|babies|baby|infants?|minors?|toddlers?|girls?|"
     r"schoolchildren"),
    (VictimGroup.WOMEN, r"women|woman|mothers?|wives|wife"),
    (VictimGroup.OFFICIALS,
     r"(?:state\s+|government\s+|local\s+)?officials?|civil\s+servants?|employees|"
     r"judges?|mayors?|governors?|ministers?|politicians?"),
    (VictimGroup.COMBATANTS,
     rf"(?:{_NOT_MODIFIER}\w+\s+)?(?:fighters?|soldiers?|troops|troopers?|rebels?|militants?|"
     r"terrorists?|gunmen|gunman|jihadists?|militiamen|militia\s*men|militias?|combatants?|"
     r"servicemen|serviceman|insurgents?|recruits|takfiris?|commanders?|bombers?|"
     r"members\s+of\s+(?:the\s+)?[\w\s-]{0,40}?(?:forces|army|group|militia|front)|"
     rf"(?:{_ARMED_NAMES})\s+members|"
     r"personnel|officers?|guards?|pilots?|mercenaries|extremists|army\s+members|policemen|"
     r"policeman|police(?:\s+officers)?|security\s+forces|conscripts)"),
    (VictimGroup.CIVILIANS, r"civilians?|civils|citizens|residents|villagers|inhabitants|refugees|"
     r"displaced(?:\s+people)?|evacuees|pilgrims|worshippers|students|pupils|doctors|nurses|medics|"
     r"paramedics|volunteers|rescuers|rescue\s+workers|aid\s+workers|workers|journalists|"
     r"activists|patients|farmers|family\s+members|families|shoppers|passengers|teachers|"
     r"(?:medical\s+|hospital\s+|un\s+)?staff|"
     r"members\s+of\s+(?:the\s+same|one|a)\s+family"),
    (VictimGroup.PEOPLE, r"people|persons|person|individuals|others|men|man|victims|dead|bodies|"
     r"corpses|casualties|martyrs|killed|wounded|injured|of\s+them|more|lives"),
]  # fmt: skip
# "rebel-held", "regime-controlled": the noun qualifies a place, it does not count people.
_NOT_NOUN_AFTER = r"(?![-\u2010](?:held|controlled|run|backed|led|allied|linked|occupied|besieged))"
_GROUP_RES = [
    (g, re.compile(rf"(?:{pat})\b{_NOT_NOUN_AFTER}", re.IGNORECASE)) for g, pat in _GROUP_WORDS
]
# Words that end a noun phrase: a number's noun is never beyond one of them ("16 in rebel-held
# Aleppo", "killing 100 and wounding hundreds more", "20 were said to be soldiers").
_STOP_WORDS = (
    "in", "on", "at", "from", "to", "by", "near", "for", "with", "into", "across", "over",
    "against", "among", "amongst", "inside", "outside", "after", "before", "during", "since",
    "when", "while", "as", "than", "but", "or", "nor", "were", "was", "is", "are", "be", "been",
    "being", "have", "has", "had", "said", "says", "say", "who", "which", "that", "whom",
    "whose", "a", "an", "this", "these", "those", "it", "its", "their", "his", "her", "they",
    "he", "she", "we", "not", "no", "per", "each", "times", "out", "up", "down", "off", "so",
    "if", "then", "there", "here", "also", "still", "including", "between", "within", "under",
    "last", "next", "earlier", "later", "ago", "today", "yesterday", "tonight", "overnight",
    "hundred", "thousand", "million", "dozen", "dozens", "hundreds", "thousands", "several",
    "many", "few", "some", "all", "both", "other", "others", "another", "such",
)  # fmt: skip
_NUMBER_WORDS = tuple(_UNITS) + tuple(_TENS)
# Adjectives and modifiers allowed between a number and its noun ("400 Syrian civilians",
# "18 moderate rebels", "70 regime and rebel fighters"): any word but a function word, a number,
# a verb form in -ing or a harm word, which end the noun phrase; an acronym ("IS", "YPG") is a
# name, whatever word it spells.
_FILLER = re.compile(
    r"(?:\s+|\s*-\s*)[\"“”']?(?:(?:other|more|additional|further|pro-\w+|anti-\w+|of\s+the|"
    r"of\s+them|of\s+whom|of|the)\b|(?-i:[A-Z]{2,}[\w-]*)\b|"
    rf"(?!(?:{'|'.join(_STOP_WORDS + _NUMBER_WORDS)})\b(?![-']))(?![a-z]+ing\b)"
    r"(?!(?:kill|dead|died|die|death|wound|injur|hurt|execut|behead|slain|massacr|perish|"
    r"martyr|murder|abduct|kidnap|arrest|detain|displac|fled|flee)\w*\b)"
    r"[a-z][\w'-]*\b)",
    re.IGNORECASE,
)

_KILL = (
    r"kill(?:ed|ing|s)?|dead|died|die|dies|deaths?|death\s+toll|toll|lives|lifeless|slain|"
    r"massacred?|slaughter(?:ed)?|perished|martyred|martyrs?|murdered|victims|bodies|corpses|"
    r"claiming\s+the\s+lives|lost\s+their\s+lives|shot\s+dead|gunned\s+down|fatalities"
)
_INJURE = r"wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt|maimed|casualties"
_EXECUTE = (
    r"execut(?:ed|ing|ions?|es)|behead(?:ed|ing|s)?|crucifie[ds]|crucify(?:ing)?|"
    r"put\s+to\s+death|summarily\s+killed"
)
_ABDUCT = (
    r"abduct(?:ed|ing|ions?|s)?|kidnapp?(?:ed|ing|s)?|taken\s+hostage|hostages?|"
    r"captives?|(?:forcibly\s+)?disappeared|missing"
)
_DISPLACE = (
    r"displaced|displacing|fled|flee(?:ing)?|left|uprooted|evacuated|forced\s+out|"
    r"refugees|homeless"
)
_ARREST = (
    r"arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|detention|rounded\s+up|in\s+custody|"
    r"captur(?:ed|ing|es)"
)
_KIND_WORDS: list[tuple[FigureKind, re.Pattern[str]]] = [
    (FigureKind.EXECUTED, re.compile(rf"\b(?:{_EXECUTE})\b", re.IGNORECASE)),
    (FigureKind.KILLED, re.compile(rf"\b(?:{_KILL})\b", re.IGNORECASE)),
    (FigureKind.INJURED, re.compile(rf"\b(?:{_INJURE})\b", re.IGNORECASE)),
    (FigureKind.ABDUCTED, re.compile(rf"\b(?:{_ABDUCT})\b", re.IGNORECASE)),
    (FigureKind.ARRESTED, re.compile(rf"\b(?:{_ARREST})\b", re.IGNORECASE)),
    (FigureKind.DISPLACED, re.compile(rf"\b(?:{_DISPLACE})\b", re.IGNORECASE)),
]
# A clause boundary: harm words beyond it do not govern the number.
_CLAUSE_BREAK = re.compile(
    r"[;:\"“”]|,\s+(?:while|but|and\s+(?:the|a)|as|after|when|which|"
    r"who|where|although|though)\b|\.\s|\bwhile\b|\bbut\b|\bwhereas\b",
    re.IGNORECASE,
)
_INCLUDING = re.compile(
    r"(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|among\s+(?:the\s+)?(?:dead|victims|"
    r"killed)|incl\.)\s*(?:at\s+least\s+)?$",
    re.IGNORECASE,
)
_MOSTLY = re.compile(
    r"\b(?:mostly|mainly|mostly\s+of\s+them|most\s+of\s+them|many\s+of\s+them|among\s+them|"
    r"including)\s+((?:(?:women|children|civilians|officials|elderly|men|and|the|,)\s*)+)",
    re.IGNORECASE,
)
# "the death toll rose to 30"; the subject may carry a long complement before its verb ("the
# death toll in a suicide car bomb attack on buses carrying evacuees has risen to 112").
_TOLL_BEFORE = re.compile(
    r"(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|victims|deaths|people\s+killed))"
    r"(?:(?:\s+\w+){0,4}?\s+(?:to|at|of|reached|stands\s+at|is|was|hit)"
    r"|(?:\s+[\w'-]+){0,20}?\s+(?:rose|rises|risen|climbed|climbs|jumped|increased|mounted|"
    r"reached|stood|stands|hit)(?:\s+(?:to|at))?(?:\s+(?:at\s+least|more\s+than|over|nearly))?)"
    r"\s*$",
    re.IGNORECASE,
)
_HARM_RIGHT_AFTER = re.compile(
    rf"\s*(?:others?\s+|more\s+|people\s+)?(?:(?:were|was|have\s+been|had\s+been|are)\s+)?"
    rf"(?:{_KILL}|{_INJURE}|{_EXECUTE})\b|\s*(?:others?\s+|more\s+)(?:{_KILL}|{_INJURE})\b",
    re.IGNORECASE,
)
# A count inside "the wives of the five ..." qualifies the kin, who are the ones harmed.
_KIN_OF = re.compile(
    r"\b(?:wives|husbands|families|relatives|sons|daughters|parents|mothers|fathers|widows|"
    r"homes|houses|kin)\s+of\s+(?:the\s+|their\s+)?$",
    re.IGNORECASE,
)
_POST_AT_LEAST = re.compile(r"\s+at\s+least\b", re.IGNORECASE)
_WITH_STRENGTH = re.compile(r"\b(?:with|by|of)\s*$", re.IGNORECASE)


# An active harm verb with an object after the counted noun makes the noun its agent: "two
# suicide bombers have killed 30 militiamen", "three gunmen shot dead a guard". The passive
# ("were killed") and the headline participle with no object ("14 killed 25 wounded") do not.
_ACTIVE_HARM = re.compile(
    r"(?P<pre>.*?)\b(?:(?:have|has|had)\s+)?(?:kill(?:ed|s)?|execut(?:ed|es)|behead(?:ed|s)|"
    r"murder(?:ed|s)|massacred|slaughtered|shot\s+dead|gunned\s+down|wound(?:ed|s)|"
    r"injur(?:ed|es)|abduct(?:ed|s)|kidnapp?ed)\s+(?P<obj>.*)",
    re.IGNORECASE | re.DOTALL,
)
_PASSIVE = re.compile(
    r"\b(?:were|was|been|being|are|is|get|got)\b|" + _KILL.replace("kill(?:ed|ing|s)?|", ""),
    re.IGNORECASE,
)
_OBJECT = re.compile(
    r"(?!the\s+(?:same|previous|next|following|day|night|week|month|year)\b)"
    r"(?:(?:a|an|the|his|her|their|its|dozens|scores|hundreds|several|many)\b|"
    r"(?:(?:at\s+least|more\s+than|nearly|about|some|up\s+to)\s+)?"
    rf"(?:\d[\d,]*|{_WORDNUM})\s+(?!(?:others?\s+|more\s+|people\s+)?(?:(?:were|was|are|have|had)\s+)?"
    rf"(?:{_KILL}|{_INJURE}|{_EXECUTE})\b)[a-z])",
    re.IGNORECASE,
)


def _is_agent(fwd: str) -> bool:
    """Whether the counted noun before ``fwd`` does the harm rather than suffers it."""
    m = _ACTIVE_HARM.match(fwd)
    if m is None or _PASSIVE.search(m.group("pre")):
        return False
    return _OBJECT.match(m.group("obj")) is not None


def _clause_window(text: str, sent: Span, pos: int, forward: bool, limit: int) -> str:
    """Text from ``pos`` to the clause's end (forward) or start (backward), at most ``limit``."""
    if forward:
        seg = text[pos : min(sent.end, pos + limit)]
        cut = _CLAUSE_BREAK.search(seg)
        return seg[: cut.start()] if cut else seg
    seg = text[max(sent.start, pos - limit) : pos]
    ends = [m.end() for m in _CLAUSE_BREAK.finditer(seg)]
    return seg[ends[-1] :] if ends else seg


def _group_after(text: str, end: int, sent_end: int) -> tuple[VictimGroup, int] | None:
    """The person noun right after a number (up to three modifiers between), and its end."""
    pos = end
    for _ in range(4):
        while pos < sent_end and text[pos] in ' \u00a0"“”':
            pos += 1
        for group, rx in _GROUP_RES:
            m = rx.match(text, pos, sent_end)
            if m is not None:
                return group, m.end()
        f = _FILLER.match(text, pos - 1 if pos > end else pos, sent_end)
        if f is None or f.end() <= pos:
            return None
        pos = f.end()
    return None


_PARTITIVE = re.compile(
    r"\s*of\s+(?:the|those|them|whom)(?:\s+(?:dead|victims|killed|fatalities|people\s+killed))?\s*$",
    re.IGNORECASE,
)
_COPULA = re.compile(r"\s*(?:were|was|are)\s+(?:(?:said\s+to\s+be|reported(?:ly)?|also)\s+)?", re.I)


def _predicate_group(noun_text: str, fwd: str) -> VictimGroup | None:
    """ "14 of the dead were rebels": the group a partitive count is said to be."""
    if not _PARTITIVE.match(noun_text):
        return None
    cop = _COPULA.match(fwd)
    if cop is None:
        return None
    found = _group_after(fwd, cop.end(), len(fwd))
    if found is None or found[0] == VictimGroup.PEOPLE:
        return None
    return found[0]


def _kind_in(window: str, first: bool) -> FigureKind | None:
    best: tuple[int, FigureKind] | None = None
    for kind, rx in _KIND_WORDS:
        for m in rx.finditer(window):
            key = m.start() if first else -m.end()
            if best is None or key < best[0]:
                best = (key, kind)
            break
    return best[1] if best else None


def _mentioned_groups(text: str, end: int, sent_end: int) -> tuple[VictimGroup, ...]:
    # "400 citizens of Tadmour (modern town of Palmyra) mostly women and children": the
    # sub-groups may follow a place or a parenthesis, but not another number.
    window = text[end : min(sent_end, end + 90)]
    if re.search(r"\d", window):
        window = window[: re.search(r"\d", window).start()]  # type: ignore[union-attr]
    m = _MOSTLY.search(window)
    if not m:
        return ()
    groups = []
    words = m.group(1).lower()
    for word, g in (
        ("women", VictimGroup.WOMEN),
        ("children", VictimGroup.CHILDREN),
        ("civilians", VictimGroup.CIVILIANS),
        ("officials", VictimGroup.OFFICIALS),
    ):
        if word in words:
            groups.append(g)
    return tuple(groups)


def find_figures(doc: Document) -> list[Figure]:
    """Casualty and strength figures among ``doc.quantities`` (see the module docstring)."""
    text = doc.text
    out: list[Figure] = []
    for q in doc.quantities:
        sent = doc.sentence_of(q.span.start) or Span(0, len(text), text)
        noun = _group_after(text, q.span.end, sent.end)
        before = text[max(sent.start, q.span.start - 160) : q.span.start]
        if _KIN_OF.search(before):
            continue  # "the wives of the five rebels were among the dead": the wives died
        if noun is None:
            # "killing at least 20", "the death toll rose to 30", "20 killed": a number with a
            # harm word right before or after and no noun counts people.
            after = text[q.span.end : min(sent.end, q.span.end + 25)]
            if (
                _TOLL_BEFORE.search(before)
                or re.match(
                    rf"\s*(?:people\s+)?(?:were\s+|have\s+been\s+|had\s+been\s+)?(?:{_KILL}|{_INJURE}|{_EXECUTE})\b",
                    after,
                    re.IGNORECASE,
                )
                or re.search(
                    rf"\b(?:{_KILL}|{_INJURE}|{_EXECUTE}|{_ABDUCT})\s*$", before, re.IGNORECASE
                )
            ):
                group, noun_end = VictimGroup.PEOPLE, q.span.end
            else:
                continue
        else:
            group, noun_end = noun
        fwd = _clause_window(text, sent, noun_end, True, 90)
        back = _clause_window(text, sent, q.span.start, False, 70)
        if group == VictimGroup.PEOPLE:
            group = _predicate_group(text[q.span.end : noun_end], fwd) or group
        inherited: Figure | None = None
        if _INCLUDING.search(before.rstrip()) and out and out[-1].quantity.span.end >= sent.start:
            inherited = out[-1]
        kind: FigureKind | None
        if _TOLL_BEFORE.search(before):
            kind = FigureKind.KILLED
        else:
            # The noun itself can carry the harm ("13 dead", "400 victims", "20 wounded").
            noun_text = text[q.span.end : noun_end]
            noun_kind = _kind_in(noun_text, True)
            kind = noun_kind or _kind_in(fwd, True)
            back_kind = _kind_in(back, False)
            # "killed 14 people 25 were wounded" (the comma lost, as in many scraped texts): a
            # harm verb right after the number is its own, whatever verb came before.
            own = _HARM_RIGHT_AFTER.match(text, noun_end, sent.end)
            victim_before = back_kind is not None and _verb_right_before(back)
            if noun_kind is None and not victim_before and _is_agent(fwd):
                kind = None  # the agents of the harm: fighters are a strength, else no figure
            elif own is not None:
                kind = _kind_in(own.group(), True) or kind
            elif noun_kind is not None:
                kind = noun_kind
            elif kind is None and _own_verb(fwd):
                kind = None  # "eight others experienced breathing difficulties"
            elif kind is None or victim_before:
                kind = back_kind or kind
        if inherited is not None:
            kind = inherited.kind  # "including 11 children" shares its parent's harm
        if kind is None:
            if group == VictimGroup.COMBATANTS:
                kind = FigureKind.STRENGTH
            else:
                continue
        elif (
            group == VictimGroup.COMBATANTS
            and _WITH_STRENGTH.search(before)
            and _kind_in(text[q.span.end : noun_end], True) is None
            and not _harm_right_after(fwd)
        ):
            kind = FigureKind.STRENGTH
        if kind == FigureKind.DISPLACED and group == VictimGroup.COMBATANTS:
            kind = FigureKind.STRENGTH
        mentioned = _mentioned_groups(text, noun_end, sent.end)
        post = _POST_AT_LEAST.match(text, noun_end, sent.end)
        if post and q.qualifier == Qualifier.EXACT:
            # "20 civilians at least": the qualifier trails the noun.
            q = Quantity(Span.of(text, q.span.start, post.end()), q.low, None, Qualifier.AT_LEAST)
        out.append(Figure(q, kind, group, mentioned))
    return out


# --- single victims ---------------------------------------------------------------------------
# News tells of one victim with an article, not a number: "a man was shot dead", "the gunman
# killed a woman", "claiming the life of a girl". A singular person noun with an indefinite
# article (a new referent, not "the man" said again) and a harm verb that governs it makes a
# figure of 1; "one civilian was killed" is already a number.

_SINGULAR: list[tuple[VictimGroup, str]] = [
    (VictimGroup.CHILDREN, r"child|boy|girl|baby|infant|toddler|schoolboy|schoolgirl|minor"),
    (VictimGroup.WOMEN, r"woman|mother|wife|grandmother"),
    (VictimGroup.OFFICIALS, r"official|mayor|judge|governor|minister|politician|civil\s+servant"),
    (VictimGroup.COMBATANTS,
     r"soldier|police\s+officer|officer|policeman|policewoman|trooper|deputy|fighter|rebel|"
     r"militant|gunman|guard|commander|pilot|jihadist|serviceman|militiaman|conscript|"
     r"terrorist|insurgent"),
    (VictimGroup.CIVILIANS,
     r"civilian|journalist|reporter|photographer|doctor|nurse|medic|paramedic|student|pupil|"
     r"teacher|worker|resident|villager|farmer|shopkeeper|driver|passenger|pedestrian|"
     r"bystander|activist|volunteer|rescuer|refugee|shepherd|clerk|cashier|employee|"
     r"customer|motorist|cyclist|homeowner|tenant|neighbou?r"),
    (VictimGroup.PEOPLE,
     r"man|person|teenager|teen|youth|victim|son|daughter|father|husband|brother|sister|"
     r"relative|friend|boyfriend|girlfriend|suspect|individual|adult|elderly\s+man"),
]  # fmt: skip
_SINGULAR_NOUN = "|".join(f"(?P<g{i}>{pat})" for i, (_, pat) in enumerate(_SINGULAR))
# Up to three modifiers: "a 25-year-old man", "a young Syrian girl", "an off-duty police officer".
_NOT_MOD = rf"(?!(?:{'|'.join(_STOP_WORDS + _NUMBER_WORDS)})\b(?![-']))(?![a-z]+ing\b)"
_SG_MODS = rf"(?:{_NOT_MOD}[\w'-]+\s+){{0,3}}"
# A person named by age alone: "a 16-year-old has died", "an 8-year-old was shot and killed".
_AGE_NOUN = r"\d{1,3}[-\s]year[-\s]old"
# "his wife", "her 9-year-old brother": a possessive introduces a person as "a" does.
_SG_NP = (
    rf"\b(?P<np>(?:a|an|his|her|their)\s+{_SG_MODS}(?:{_SINGULAR_NOUN}|{_AGE_NOUN}))\b"
    r"(?![-\u2010]|\s+(?:of|who\s+(?:killed|shot)))"
)
_SG_KILLED = (
    r"shot\s+(?:and\s+killed|dead|to\s+death)|killed|murdered|slain|stabbed\s+to\s+death|"
    r"beaten\s+to\s+death|gunned\s+down|fatally\s+(?:shot|stabbed|wounded|injured)|"
    r"martyred|found\s+(?:shot\s+)?dead"
)
_SG_EXECUTED = r"executed|beheaded|crucified|put\s+to\s+death"
# Bare "was shot" or "was stabbed" tells the attack, not whether the victim lived: no figure.
_SG_INJURED = (
    r"shot\s+and\s+(?:wounded|injured)|wounded|injured|hurt|"
    r"(?:critically|seriously|badly|slightly)\s+(?:wounded|injured|hurt)"
)
_SG_DIED = (
    r"died|dies|dead|perished|among\s+(?:those|the\s+people|the\s+civilians)\s+killed|"
    r"among\s+the\s+(?:dead|victims|fatalities)"
)
# "a man was shot dead", "a woman, 34, died", "a boy from the town has been killed", "a child
# was among the dead"; with no auxiliary ("Child killed in shelling") the verb must have no
# object after it, or the noun is its agent ("a soldier killed a civilian").
_SG_SUBJECT = re.compile(
    rf"{_SG_NP}(?:\s*,[^,.;:]{{1,40}},|\s+(?:from|in|at|of)\s+[^,.;:]{{1,30}}?)?\s+"
    r"(?P<aux>(?:(?:was|is|has\s+been|had\s+been|has|got|also|reportedly|allegedly|later|then)"
    r"\s+){0,3})"
    rf"(?P<verb>{_SG_DIED}|{_SG_EXECUTED}|{_SG_KILLED}|{_SG_INJURED})\b"
    r"(?!\s+(?:a|an|the|his|her|their|its|\d|" + _WORDNUM + r")\b)",
    re.IGNORECASE,
)
# "Darin Booker, 13, died", "Girl, 4, Dies Days After ...": a name (or a headline's bare
# person noun) with the age in commas is one person, news style's way to introduce a victim.
_SG_NAMED = re.compile(
    r"(?P<np>(?-i:[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})),\s+(?P<age>\d{1,3}),\s+"
    r"(?:of\s+[^,.;:]{1,40},\s+)?(?:who\s+[^,.;:]{1,60}?\s+)?"
    r"(?:(?:was|is|has\s+been|had\s+been|has|also|later|then|reportedly)\s+){0,3}"
    rf"(?P<verb>{_SG_DIED}|{_SG_EXECUTED}|{_SG_KILLED}|{_SG_INJURED})\b"
    r"(?!\s+(?:a|an|the|his|her|their|its|\d)\b)",
    re.IGNORECASE,
)
# "killed a woman", "killing a child", "shot dead a guard", "claiming the life of a girl".
_SG_OBJECT = re.compile(
    r"\b(?P<verb>kill(?:ed|ing|s)|shot\s+dead|shooting\s+dead|murder(?:ed|ing|s)|"
    r"execut(?:ed|ing|es)|behead(?:ed|ing|s)|wound(?:ed|ing|s)|injur(?:ed|ing|es)|"
    r"(?:claim(?:ed|ing|s)|took|taking|takes)\s+the\s+(?:life|lives)\s+of|"
    r"(?:the\s+)?(?:death|killing|murder|execution)\s+of|"
    r"(?:the\s+)?(?:wounding|injuring|injury)\s+of)\s+"
    r"(?:(?:and\s+(?:wound(?:ed|ing)|injur(?:ed|ing)|kill(?:ed|ing))|also)\s+)?"
    # "killing four women and a child": the single victim joined to a counted one
    rf"(?:(?:at\s+least\s+)?(?:\d+|{_WORDNUM})\s+(?:[\w'-]+\s+){{0,3}}?(?:and|as\s+well\s+as)\s+)?"
    + _SG_NP,
    re.IGNORECASE,
)
# "14 civilians including three children and a woman": a part of the figure before it.
_SG_PART = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|one\s+of\s+them)\s+"
    rf"(?:(?:\d+|{_WORDNUM})\s+(?:[\w'-]+\s+){{0,3}}?(?:and|as\s+well\s+as)\s+)?" + _SG_NP,
    re.IGNORECASE,
)
_OBJECT_KIND = [
    (FigureKind.EXECUTED, re.compile(r"execut|behead", re.IGNORECASE)),
    (FigureKind.INJURED, re.compile(r"wound|injur", re.IGNORECASE)),
    (FigureKind.KILLED, re.compile(r".", re.IGNORECASE)),
]


def _sg_group(m: re.Match[str], prefix: str) -> VictimGroup:
    group = VictimGroup.PEOPLE
    for i, (g, _) in enumerate(_SINGULAR):
        if m.groupdict().get(f"{prefix}{i}"):
            group = g
            break
    # "a 16-year-old", "his 9-year-old brother": a minor is a child, whatever the noun.
    age = re.search(r"(\d{1,3})[-\s]year[-\s]old", m.group("np"))
    if age is not None and int(age.group(1)) < 18 and group == VictimGroup.PEOPLE:
        return VictimGroup.CHILDREN
    return group


def _sg_kind(verb: str) -> FigureKind:
    v = re.sub(r"\s+", " ", verb.lower())
    if re.fullmatch(_SG_DIED, v, re.IGNORECASE):
        return FigureKind.KILLED
    if re.fullmatch(_SG_EXECUTED, v, re.IGNORECASE):
        return FigureKind.EXECUTED
    if re.fullmatch(_SG_KILLED, v, re.IGNORECASE):
        return FigureKind.KILLED
    return FigureKind.INJURED


def find_single_victims(doc: Document, figures: Sequence[Figure] = ()) -> list[Figure]:
    """Figures of 1 for one victim told with an indefinite article (see the section note).

    The passive or intransitive verb must follow the noun in its clause ("a man was shot dead",
    "a woman died"); the active verb must govern it as its object ("the gunman killed a woman").
    "a man was arrested" and "killed a deal" make no figure: the verb or the noun is no harm.
    """
    text = doc.text
    out: list[Figure] = []
    seen: set[int] = set()
    for sent in doc.sentences:
        chunk = text[sent.start : sent.end]
        for m in _SG_SUBJECT.finditer(chunk):
            start, end = sent.start + m.start("np"), sent.start + m.end("np")
            if start not in seen:
                seen.add(start)
                q = Quantity(Span.of(text, start, end), 1, 1, Qualifier.EXACT)
                out.append(Figure(q, _sg_kind(m.group("verb")), _sg_group(m, "g")))
        for m in _SG_NAMED.finditer(chunk):
            start, end = sent.start + m.start("np"), sent.start + m.end("np")
            if start in seen:
                continue
            seen.add(start)
            group = VictimGroup.CHILDREN if int(m.group("age")) < 18 else VictimGroup.PEOPLE
            q = Quantity(Span.of(text, start, end), 1, 1, Qualifier.EXACT)
            out.append(Figure(q, _sg_kind(m.group("verb")), group))
        for m in _SG_OBJECT.finditer(chunk):
            start, end = sent.start + m.start("np"), sent.start + m.end("np")
            if start in seen:
                continue
            seen.add(start)
            verb = m.group("verb")
            kind = next(k for k, rx in _OBJECT_KIND if rx.search(verb))
            q = Quantity(Span.of(text, start, end), 1, 1, Qualifier.EXACT)
            out.append(Figure(q, kind, _sg_group(m, "g")))
        for m in _SG_PART.finditer(chunk):
            start, end = sent.start + m.start("np"), sent.start + m.end("np")
            parent = [
                f
                for f in figures
                if sent.start <= f.quantity.span.start and f.quantity.span.end <= start
            ]
            if start in seen or not parent or parent[-1].kind == FigureKind.STRENGTH:
                continue
            seen.add(start)
            q = Quantity(Span.of(text, start, end), 1, 1, Qualifier.EXACT)
            out.append(Figure(q, parent[-1].kind, _sg_group(m, "g")))
    return out


# A part of a total told with it: "including 11 children", "two medics were among 31 killed",
# "14 of the dead were rebels", "Twelve children and 11 fighters were among the dead".
_PART_BEFORE = re.compile(
    r"(?:including|include[sd]?|among\s+them|among\s+whom|of\s+whom|of\s+them|incl\.)\s*"
    r"(?:at\s+least\s+|more\s+than\s+|about\s+)?"
    r"(?:[\w-]+\s+(?:[\w-]+\s+){0,2}?(?:and|as\s+well\s+as)\s+)?$",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(
    r"\s*(?:[\w'-]+\s+){0,6}?(?:were|was|are)\s+(?:also\s+)?among\b"
    r"|\s*of\s+(?:the|those)\s+(?:dead|victims|killed|fatalities|people\s+killed)\b",
    re.IGNORECASE,
)
_CIVILIAN_NOUN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?civilians?\b", re.IGNORECASE)


def is_part(text: str, figure: Figure) -> bool:
    """Whether ``figure`` counts a part of a total given with it, not victims of its own."""
    span = figure.quantity.span
    before = text[max(0, span.start - 40) : span.start]
    return bool(
        _PART_BEFORE.search(before)
        or _PART_AFTER.match(text, span.end, min(len(text), span.end + 80))
    )


def names_civilians(text: str, figure: Figure) -> bool:
    """Whether the figure's noun is "civilians" itself: the report's own split of a total into
    civilians and the rest, not a kind of civilian (medics, students) among other people."""
    span = figure.quantity.span
    return _CIVILIAN_NOUN.match(text, span.end, min(len(text), span.end + 40)) is not None


_OWN_VERB = re.compile(
    r"\s*(?:(?:[\w-]+\s+){0,3}?(?:were|was|have\s+been|has\s+been|had\s+been|are|is)\s+|"
    r"(?:have|had)\s+)?"
    r"(?:[a-z]+ed|taken|treated|hospitali[sz]ed|affected|rescued|evacuated|suffered)\b",
    re.IGNORECASE,
)


def _own_verb(fwd: str) -> bool:
    """ "five people died and eight others experienced breathing difficulties": the number
    has a verb of its own that is no harm, so the harm verb before it is not its own."""
    return _kind_in(fwd, True) is None and _OWN_VERB.match(fwd) is not None


def _verb_right_before(back: str) -> bool:
    """A harm verb that governs the number as its object: "killing at least 20 civilians"."""
    return (
        re.search(
            rf"\b(?:{_KILL}|{_INJURE}|{_EXECUTE}|{_ABDUCT}|{_ARREST})\s+(?:of\s+)?"
            r"(?:(?:the|another|a\s+further|an\s+additional|all|some)\s+)?$",
            back,
            re.IGNORECASE,
        )
        is not None
    )


def _harm_right_after(fwd: str) -> bool:
    return (
        re.match(
            rf"\s*(?:\w+\s+){{0,3}}(?:were|was|have\s+been|had\s+been|are)?\s*(?:{_KILL}|{_INJURE}|{_EXECUTE})\b",
            fwd,
            re.IGNORECASE,
        )
        is not None
    )


@register_stage("quantities")
class QuantityStage:
    """Fills ``doc.quantities`` and ``doc.figures``; runs after ``dates`` to skip their numbers."""

    name: ClassVar[str] = "quantities"
    version: ClassVar[str] = "2"

    def __call__(self, doc: Document) -> Document:
        skip = [d.span for d in doc.dates]
        if doc.dateline is not None:
            skip.append(doc.dateline.span)
        doc.quantities = find_quantities(doc.text, skip)
        counted = find_figures(doc)
        figures = counted + find_single_victims(doc, counted)
        doc.figures = sorted(figures, key=lambda f: f.quantity.span.start)
        return doc
