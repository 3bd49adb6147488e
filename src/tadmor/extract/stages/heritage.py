"""Heritage: sites and objects named in a report, and what is claimed about them.

A heritage mention is a noun of the heritage vocabulary (museum, statue, sarcophagus, temple,
citadel, ruins, archaeological site, artefacts, manuscripts, mosque, church, shrine ...), and
its status is read from the clause around it:

* ``evacuated``: transferred, moved, removed to safety, evacuated, hidden;
* ``immovable``: a movement verb under a negation or impossibility ("could not permit to
  remove them", "too heavy to move", "could not be evacuated");
* ``destroyed`` / ``damaged`` / ``looted``: the verbs and nouns of each ("blew up", "razed",
  "destruction of"; "damaged", "hit", "shelled"; "looted", "smuggled", "plundered");
* ``at_risk``: threat words ("threatened", "at risk", "in danger", "fate of", "preservation");
* ``mentioned`` otherwise.

A possessor ("the museum's statues") is mentioned; the status belongs to the possessed object.
Negation ("was not damaged") turns a harm status into ``mentioned``. The ACLED note that the
destruction of heritage by an armed group is Looting/property destruction is applied by the
events stage, which tags it heritage damage.
"""

from __future__ import annotations

import re
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import Document, HeritageMention, Span
from tadmor.extract.stages._caseless import CaselessPattern

_KINDS: list[tuple[str, str]] = [
    (
        "archaeological_site",
        r"archaeological\s+(?:site|sites|heritage|city|ruins|treasures?)|"
        r"ancient\s+(?:site|city|ruins)|world\s+heritage\s+site|heritage\s+site|site\s+of\s+[A-Z]\w+|"
        r"(?:priceless\s+)?(?:cultural|archaeological)\s+heritage",
    ),
    ("museum", r"museums?"),
    ("statue", r"statues?|busts?|sculptures?|idols?|reliefs?|lions?\s+of\s+\w+|lion\s+statue"),
    ("sarcophagus", r"sarcophag(?:i|us|uses)"),
    ("temple", r"temples?|sanctuar(?:y|ies)"),
    ("citadel", r"citadels?|castles?|fortress(?:es)?|forts?"),
    ("ruins", r"ruins"),
    (
        "monument",
        r"monuments?|colonnades?|arch(?:es)?\s+of\s+\w+|triumphal\s+arch|tetrapylon|"
        r"amphitheat(?:re|er)s?|(?:roman\s+)?theat(?:re|er)s?|tombs?|tower\s+tombs?|mausole(?:um|a)",
    ),
    (
        "religious_building",
        r"mosques?|churches|church|minarets?|shrines?|monaster(?:y|ies)|"
        r"cathedrals?|synagogues?",
    ),
    (
        "artefact",
        r"artefacts?|artifacts?|antiquities|antiques|mosaics?|manuscripts?|relics?|"
        r"treasures|collections?|archives?|objects\s+of\s+art|works\s+of\s+art|(?:greco-roman\s+)?art",
    ),
    ("old_city", r"old\s+city|old\s+town|souks?|souqs?|historic\s+(?:centre|center|market)"),
]
# Matches may be over the lower-cased text (see :mod:`._caseless`): read the noun from ``text``.
_KIND_RE = CaselessPattern("|".join(rf"(?P<{k}>\b(?:{p})\b)" for k, p in _KINDS))

_MOVE = (
    r"(?:transferr?(?:ed|ing)?|moved?|moving|remov(?:e|ed|ing)|evacuat(?:e|ed|ing)|relocat(?:e|ed)|"
    r"hid(?:den)?|taken\s+to\s+safety|sent\s+to|carried\s+away|packed|rescued|saved|smuggled\s+out\s+to\s+safety)"
)
_STATUS: list[tuple[str, re.Pattern[str]]] = [
    (
        "immovable",
        re.compile(
            rf"\b(?:could\s+not|couldn['’]t|cannot|can['’]t|unable\s+to|impossible\s+to|too\s+(?:heavy|large|big)\s+to|"
            rf"not\s+(?:be\s+)?(?:able\s+to\s+)?|no\s+way\s+to|failed\s+to)(?:\s+\w+){{0,3}}?\s+{_MOVE}\b|"
            r"\b(?:left\s+behind|remain(?:ed|s)?\s+in\s+place|still\s+in\s+place|could\s+not\s+be\s+moved)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "destroyed",
        re.compile(
            r"\b(?:destroy(?:ed|ing|s)?|destruction|razed?|raz(?:ing)|blew\s+up|blown\s+up|blowing\s+up|"
            r"demolish(?:ed|ing)?|demolition|bulldoz(?:ed|ing)|levell?ed|flattened|smashed|"
            r"wiped\s+out|obliterated|reduced\s+to\s+rubble|dynamited)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "looted",
        re.compile(
            r"\b(?:loot(?:ed|ing|ers)?|plunder(?:ed|ing)?|pillag(?:ed|ing|e)|stolen|stole|theft|"
            r"smuggl(?:ed|ing)|trafficking|ransacked|sold\s+on\s+the\s+black\s+market)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "damaged",
        re.compile(
            r"\b(?:damag(?:ed|ing|es?)|hit|struck|shelled|bombed|targeted|cracked|burn(?:ed|t)|"
            r"torched|set\s+(?:on\s+)?fire|vandali[sz]ed|defaced|desecrated|partially\s+destroyed)\b",
            re.IGNORECASE,
        ),
    ),
    ("evacuated", re.compile(rf"\b{_MOVE}\b", re.IGNORECASE)),
    (
        "at_risk",
        re.compile(
            r"\b(?:threat(?:en(?:ed|s)?)?|at\s+risk|in\s+danger|endangered|jeopardy|fate\s+of|"
            r"preserv(?:e|ation|ing)|protect(?:ion|ing)?|safeguard(?:ing)?|fears?\s+for|"
            r"under\s+(?:the\s+)?control\s+of|black\s+flag|fell\s+to|seized|captured|overran)\b",
            re.IGNORECASE,
        ),
    ),
]
_NEGATED = re.compile(
    r"\b(?:not|no|never|n['’]t|without|spared|intact|unharmed|undamaged)\b", re.IGNORECASE
)
_CLAUSE = re.compile(
    r"[;:]|,\s+(?:but|while|whereas|although)\b|\bbut\b|\bwhile\b|\s[-–]\s", re.IGNORECASE
)


def _clause(text: str, sent: Span, pos: int) -> tuple[int, int]:
    """The clause of ``sent`` holding ``pos``: bounded by ; : and contrastive conjunctions."""
    start, end = sent.start, sent.end
    for m in _CLAUSE.finditer(text, sent.start, sent.end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _status(text: str, a: int, b: int, noun_start: int) -> tuple[str, Span | None]:
    clause = text[a:b]
    for status, rx in _STATUS:
        m = rx.search(clause)
        if m is None:
            continue
        sa, sb = a + m.start(), a + m.end()
        if status in ("destroyed", "damaged", "looted"):
            before = text[max(a, sa - 25) : sa]
            if _NEGATED.search(before):
                return "mentioned", Span.of(text, sa, sb)
        return status, Span.of(text, sa, sb)
    return "mentioned", None


_AMBIGUOUS = frozenset({"collection", "collections", "art", "archive", "archives"})
_ART_CONTEXT = re.compile(r"museum|antiqu|archaeolog|heritage|greco|roman", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?")
_NAME_BEFORE = re.compile(r"(?:(?<=\s)|^)((?:[A-Z][\w'’-]+\s+){1,3})$")


def _extend_name(text: str, sent: Span, start: int, end: int) -> tuple[int, int]:
    """Widen a heritage noun to its proper name: "Temple of Bel", "Palmyra Museum"."""
    after = _NAME_AFTER.match(text, end, sent.end)
    if after:
        end = after.end()
    before = _NAME_BEFORE.search(text[sent.start : start])
    if before and text[start].isupper():
        cand = sent.start + before.start(1)
        words = text[cand:start].split()
        if words and words[0].lower() not in ("the", "a", "an", "as", "in", "but", "and"):
            start = cand
    return start, end


def find_heritage(doc: Document) -> list[HeritageMention]:
    text = doc.text
    out: list[HeritageMention] = []
    for sent in doc.sentences:
        for m in _KIND_RE.finditer(text, sent.start, sent.end):
            kind = m.lastgroup or "site"
            noun = text[m.start() : m.end()]
            if (
                kind == "citadel"
                and re.match(r"forts?$", noun, re.IGNORECASE)
                and not re.search(
                    r"\b(?:ancient|old|historic|crusader|medieval)\s+$",
                    text[max(sent.start, m.start() - 20) : m.start()],
                    re.IGNORECASE,
                )
            ):
                continue  # "fort" is usually military, not heritage
            if (
                kind == "artefact"
                and noun.lower() in _AMBIGUOUS
                and not _ART_CONTEXT.search(text, sent.start, sent.end)
            ):
                continue  # "collection", "art" count only beside museum words
            if noun[0].isupper() and re.search(
                r"\b(?:Director|Directorate|Ministry|Department)\b[\w\s-]{0,30}$",
                text[max(sent.start, m.start() - 40) : m.start()],
            ):
                continue  # an office's title ("Director of Syrian Museums"), not a site
            a, b = _clause(text, sent, m.start())
            possessor = re.match(r"['’]s?\b", text[m.end() : m.end() + 2]) is not None
            if possessor:
                status, sspan = "mentioned", None
            else:
                status, sspan = _status(text, a, b, m.start())
            start, end = _extend_name(text, sent, m.start(), m.end())
            out.append(HeritageMention(Span.of(text, start, end), kind, status, sspan))
    return out


@register_stage("heritage")
class HeritageStage:
    """Fills ``doc.heritage``."""

    name: ClassVar[str] = "heritage"
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> Document:
        doc.heritage = find_heritage(doc)
        return doc
