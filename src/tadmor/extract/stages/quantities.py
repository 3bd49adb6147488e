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
   "mostly women and children" is kept as mentioned groups of the figure before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    rf"(?<![\w.,])(?:{_PRE}\s+)?(?:{_RANGE})?{_NUM}(?![\w])(?P<post>\s+at\s+least)?",
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
    r"\s*(?:%|percent|per\s*cent|km|kilomet|kilo|mile|metre|meter|kg|tons?|tonnes?|hours?|"
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

_GROUP_WORDS: list[tuple[VictimGroup, str]] = [
    (VictimGroup.CHILDREN,
     r"child(?:ren)?|kids?|boys?|babies|baby|infants?|minors?|toddlers?|girls?"),
    (VictimGroup.WOMEN, r"women|woman|mothers?|wives"),
    (VictimGroup.OFFICIALS,
     r"(?:state\s+|government\s+|local\s+)?officials?|civil\s+servants?|employees|"
     r"judges?|mayors?|governors?|ministers?|politicians?"),
    (VictimGroup.COMBATANTS,
     r"(?:\w+\s+)?(?:fighters?|soldiers?|troops|rebels?|militants?|terrorists?|"
     r"gunmen|jihadists?|militiamen|militia\s*men|combatants?|servicemen|insurgents?|recruits|"
     r"takfiris?|members\s+of\s+(?:the\s+)?[\w\s-]{0,40}?(?:forces|army|group|militia|front)|"
     r"personnel|officers?|guards?|pilots?|mercenaries|extremists|army\s+members|policemen|"
     r"police(?:\s+officers)?|security\s+forces|conscripts)"),
    (VictimGroup.CIVILIANS, r"civilians?|civils|citizens|residents|villagers|inhabitants|refugees|"
     r"displaced(?:\s+people)?|evacuees|pilgrims|worshippers|students|pupils|doctors|nurses|medics|"
     r"paramedics|volunteers|rescuers|rescue\s+workers|aid\s+workers|workers|journalists|"
     r"activists|patients|farmers|family\s+members|families|shoppers|passengers|teachers|"
     r"members\s+of\s+(?:the\s+same|one|a)\s+family"),
    (VictimGroup.PEOPLE, r"people|persons|individuals|others|men|victims|dead|bodies|corpses|"
     r"casualties|martyrs|killed|wounded|injured|of\s+them|more|lives"),
]  # fmt: skip
_GROUP_RES = [(g, re.compile(rf"(?:{pat})\b", re.IGNORECASE)) for g, pat in _GROUP_WORDS]
# Adjectives and modifiers allowed between a number and its noun ("400 Syrian civilians").
_FILLER = re.compile(
    r"(?:\s+|\s*-\s*)(?:(?:other|more|additional|further|syrian|iraqi|russian|turkish|kurdish|"
    r"[A-Z][\w'-]*|pro-\w+|anti-\w+|government|regime|opposition|rebel|isis|is|daesh|"
    r"nusra|army|armed|innocent|unarmed|local|young|elderly|foreign|captive|captured|"
    r"civilian|military|state|of\s+the|of\s+them|of\s+whom|of|the)\b)",
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
_ARREST = r"arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|detention|rounded\s+up|in\s+custody"
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
_TOLL_BEFORE = re.compile(
    r"(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|victims|deaths|people\s+killed))"
    r"(?:\s+\w+){0,4}?\s+(?:to|at|of|reached|stands\s+at|is|was|hit)\s*$",
    re.IGNORECASE,
)
_HARM_RIGHT_AFTER = re.compile(
    rf"\s*(?:others?\s+|more\s+|people\s+)?(?:(?:were|was|have\s+been|had\s+been|are)\s+)?"
    rf"(?:{_KILL}|{_INJURE}|{_EXECUTE})\b|\s*(?:others?\s+|more\s+)(?:{_KILL}|{_INJURE})\b",
    re.IGNORECASE,
)
_POST_AT_LEAST = re.compile(r"\s+at\s+least\b", re.IGNORECASE)
_WITH_STRENGTH = re.compile(r"\b(?:with|by|of)\s*$", re.IGNORECASE)


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
        while pos < sent_end and text[pos] in " \u00a0":
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
        before = text[max(sent.start, q.span.start - 60) : q.span.start]
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
            if own is not None:
                kind = _kind_in(own.group(), True) or kind
            elif noun_kind is not None:
                kind = noun_kind
            elif kind is None or (back_kind is not None and _verb_right_before(back)):
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
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> Document:
        skip = [d.span for d in doc.dates]
        if doc.dateline is not None:
            skip.append(doc.dateline.span)
        doc.quantities = find_quantities(doc.text, skip)
        doc.figures = find_figures(doc)
        return doc
