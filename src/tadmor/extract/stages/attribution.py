"""Origin and certainty: who a sentence's claim is attributed to, and how sure it is.

The origin is the source a claim is attributed to ("according to SANA", "the Observatory said",
"confirmed by X", a tweet by X, "military sources"), not the outlet that published the report.
Cues are found by rule, per sentence:

* "according to X", "confirmed/reported/claimed by X", "citing X", "X's correspondent";
* a speech verb with its subject before it ("state news agency SANA reported") or after it
  ("..., said the Syrian Observatory"); the subject is the run of source-like words next to the
  verb, so that "were wounded state news agency SANA reported" (commas stripped, as in FA-KES)
  still yields "state news agency SANA";
* a pronoun subject ("he added") takes the previous sentence's origin;
* a social-media cue ("from his Twitter account", "tweeted") takes the nearest name before it;
* a sentence ending in ":" lends its origin to the quotation that follows it.

Origins are normalised through ``data/sources.csv`` (editable, like the actor table); unknown
ones keep their words, and their kind is guessed from their head noun (agency, ministry,
observatory, activists ...). An account opened by "According to X," at the head of a sentence
also covers the next sentence when that one has no source of its own and speaks of the same
actors: news writing continues an attributed account without repeating the source.

Certainty comes from the cue and the sentence's hedges: denied > hedged ("leads to believe",
"may have", "apparently") > speculative ("could", "would") > confirmed > reported ("reportedly",
"X reported", "claimed") > asserted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import Attribution, Certainty, Document, SourceKind, Span
from tadmor.extract.stages._caseless import CaselessPattern


@dataclass(frozen=True, slots=True)
class Source:
    canonical: str
    kind: SourceKind


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"['’]", "", name.lower())).strip(" ,.")


@lru_cache(maxsize=2)
def load_sources(path: str | None = None) -> dict[str, Source]:
    """Normalised alias -> source, from ``data/sources.csv`` (or ``path``)."""
    p = (
        Path(path)
        if path
        else Path(str(resources.files("tadmor.extract").joinpath("data/sources.csv")))
    )
    table: dict[str, Source] = {}
    with open(p, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            src = Source(row["canonical"].strip(), SourceKind(row["kind"].strip()))
            for alias in row["aliases"].split("|"):
                if alias.strip():
                    table[_norm(alias)] = src
    return table


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern[str]:
    names = sorted((a for a in load_sources() if len(a) > 2), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


_SPEECH = (
    r"said|says|say|told|tells|reported|reports|report|added|adds|stated|states|announced|"
    r"announces|claimed|claims|confirmed|confirms|denied|denies|alleged|alleges|tweeted|wrote|"
    r"posted|noted|explained|warned|insisted|declared|indicated|revealed|mentioned|mentionned|"
    r"estimated|documented|counted|recorded|quoted|cited|accused|blamed|acknowledged|admitted|"
    r"asserted|affirmed|published|showed|said\s+on\s+\w+|reported\s+on\s+\w+"
)
_SPEECH_RE = re.compile(rf"\b(?P<verb>{_SPEECH})\b", re.IGNORECASE)
_ACCORDING_RE = re.compile(
    r"\b(?P<cue>according\s+to|confirmed\s+by|reported\s+by|claimed\s+by|cited\s+by|quoted\s+by|"
    r"citing|as\s+reported\s+by|said\s+by|denied\s+by|documented\s+by)\s+(?P<src>[^,;:.()\"“”]{2,90})",
    re.IGNORECASE,
)
_SOCIAL_RE = re.compile(
    r"\b(?:from\s+(?:his|her|its|their)\s+(?:Twitter|Facebook|Telegram|Instagram)\s+account|"
    r"on\s+(?:his|her|its|their\s+)?(?:Twitter|Facebook|Telegram|YouTube)(?:\s+account|\s+page)?|"
    r"tweeted|in\s+a\s+tweet|via\s+Twitter|in\s+a\s+(?:Facebook|Telegram)\s+post)\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"(?:[A-Z][\w'’.-]+(?:\s+(?:al-|el-|de\s+|bin\s+)?[A-Z][\w'’.-]+)+)")
_PRONOUN_RE = re.compile(
    r"\b(?P<pro>he|she|they|it)\s+(?:also\s+|later\s+|then\s+)?$", re.IGNORECASE
)
# Words that may make up a source's name next to a speech verb (besides capitalised words).
_SOURCE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "state",
        "news",
        "agency",
        "media",
        "television",
        "tv",
        "official",
        "officials",
        "sources",
        "source",
        "military",
        "security",
        "army",
        "monitor",
        "monitoring",
        "group",
        "observatory",
        "activists",
        "activist",
        "residents",
        "resident",
        "witnesses",
        "witness",
        "local",
        "britain-based",
        "uk-based",
        "british-based",
        "london-based",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ministry",
        "defense",
        "defence",
        "general",
        "command",
        "correspondent",
        "his",
        "its",
        "her",
        "their",
        "medical",
        "hospital",
        "health",
        "civil",
        "rescue",
        "workers",
        "doctors",
        "doctor",
        "medics",
        "state-run",
        "pro-government",
        "opposition",
        "rebel",
        "rebels",
        "head",
        "director",
        "chief",
        "commander",
        "minister",
        "governor",
        "president",
        "war",
        "human",
        "rights",
        "network",
        "centre",
        "center",
        "committees",
        "organisation",
        "organization",
        "government",
        "regime",
        "agency's",
        "syrian",
        "russian",
        "turkish",
        "american",
        "us",
        "u.s.",
        "iranian",
        "kurdish",
        "french",
        "international",
        "local-based",
        "and",
        "of",
        "for",
        "reporter",
        "journalist",
        "journalists",
        "people",
        "press",
        "statement",
        "arab",
        "field",
        "representative",
        "so-called",
    ]
)
_BETWEEN_RE = re.compile(
    r"\s*\b(?:also|later|earlier|previously|again|further|has|have|had|was|were|is|had\s+already|"
    r"already|separately|meanwhile|then|subsequently|on\s+\w+day|yesterday|today)\s*$",
    re.IGNORECASE,
)
_STOP_BEFORE_SUBJECT = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "while",
        "as",
        "because",
        "if",
    ]
)
# The certainty cues are only tested, never read: caseless patterns (see :mod:`._caseless`).
_HEDGE_RE = CaselessPattern(
    r"\b(?:leads?\s+to\s+believe|led\s+to\s+believe|believed\s+to|thought\s+to|may\s+have|"
    r"might\s+have|could\s+have|possibly|probably|apparently|likely|suspected|appears?\s+to|"
    r"appeared\s+to|seems?\s+to|seemed\s+to|unconfirmed|purported(?:ly)?|presumably|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:independently\s+)?(?:confirmed|verified)|it\s+is\s+(?:believed|thought)|"
    r"is\s+not\s+believed|not\s+clear|unclear|suggest(?:s|ed)?|perhaps)\b",
)
# Modals in lower case only: "May" at a capital is the month.
_SPECULATIVE_RE = re.compile(
    r"\b(?:could|might|would|may)\s+(?!not\b|have\b|n['’]t\b)(?:\w+)|\b(?:[Ee]xpected\s+to|"
    r"feared|fears\s+that|threaten(?:s|ed)?\s+to|plans?\s+to|planning\s+to|[Ii]f)\b",
)
_DENY_RE = CaselessPattern(
    r"\b(?:denied|denies|deny|rejected|dismissed|refuted|false|fabricated)\b"
)
_CONFIRM_RE = CaselessPattern(r"\b(?:confirmed|confirms|confirm|verified|officially)\b")
_REPORTED_RE = CaselessPattern(
    r"\b(?:reportedly|reported|reports|report|claimed|claims|claim|alleged(?:ly)?|allegations?|"
    r"said\s+to\s+have|according\s+to)\b",
)
_QUOTE_CHARS = '"“”«»'


def sentence_certainty(text: str, attributed: bool) -> Certainty:
    """How sure a sentence is, from its hedges and cues (see the module docstring)."""
    if _DENY_RE.search(text):
        return Certainty.DENIED
    if _HEDGE_RE.search(text):
        return Certainty.HEDGED
    if _SPECULATIVE_RE.search(text) and not re.search(r"\b(?:killed|died|dead|struck|hit)\b", text):
        return Certainty.SPECULATIVE
    if _CONFIRM_RE.search(text):
        return Certainty.CONFIRMED
    if _REPORTED_RE.search(text):
        return Certainty.REPORTED
    return Certainty.ASSERTED


def find_quotes(text: str) -> list[Span]:
    """Quoted passages: quote characters paired in order within each paragraph."""
    out: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer(f"[{_QUOTE_CHARS}]", para.group())]
        base = para.start()
        for i in range(0, len(marks) - 1, 2):
            a, b = base + marks[i] + 1, base + marks[i + 1]
            while a < b and text[a].isspace():
                a += 1
            if b - a >= 3:
                out.append(Span.of(text, a, b))
    return out


def _kind_from_words(name: str) -> SourceKind:
    n = name.lower()
    for words, kind in (
        (("twitter", "facebook", "tweet", "telegram", "youtube"), SourceKind.SOCIAL_MEDIA),
        (
            ("agency", "television", " tv", "media", "news", "radio", "channel", "newspaper"),
            SourceKind.AGENCY,
        ),
        (
            ("military", "army", "armed forces", "command", "defence", "defense", "commander"),
            SourceKind.MILITARY,
        ),
        (
            (
                "observatory",
                "monitor",
                "rights",
                "un ",
                "united nations",
                "ngo",
                "doctors",
                "red crescent",
                "network",
            ),
            SourceKind.MONITOR,
        ),
        (
            (
                "ministry",
                "minister",
                "governor",
                "official",
                "spokesman",
                "spokeswoman",
                "president",
                "government",
                "mayor",
                "council",
                "embassy",
            ),
            SourceKind.OFFICIAL,
        ),
        (
            ("activist", "resident", "witness", "local", "medic", "doctor", "survivor"),
            SourceKind.WITNESS,
        ),
        (("reporter", "journalist", "correspondent"), SourceKind.JOURNALIST),
    ):
        if any(w in n for w in words):
            return kind
    return SourceKind.UNKNOWN


def normalise_source(raw: str) -> tuple[str, SourceKind]:
    """Canonical name and kind of an origin phrase ("state news agency SANA" -> SANA)."""
    table = load_sources()
    key = _norm(raw)
    if key in table:
        s = table[key]
        return s.canonical, s.kind
    # The longest known alias inside the phrase ("the Britain-based Syrian Observatory for
    # Human Rights monitor" -> SOHR); word-bounded.
    found = [m.group() for m in _alias_re().finditer(key)]
    if found:
        src = table[max(found, key=len)]
        return src.canonical, src.kind
    words = raw.strip(" ,.")
    words = re.sub(r"^(?:the|a|an)\s+", "", words, flags=re.IGNORECASE)
    return words, _kind_from_words(words)


def _trim_source_phrase(raw: str) -> str:
    """Cut an "according to" object at the end of the noun phrase."""
    cut = re.search(
        r"\s+(?:that|who|which|when|while|on\s+[A-Z]\w+day|in\s+a\s+statement|"
        r"in\s+an?\s+\w+|on\s+\w+|adding|saying|and\s+to)\b",
        raw,
    )
    if cut:
        raw = raw[: cut.start()]
    return raw.strip()


def _subject_before(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The run of source-like words that ends right before ``start`` (a speech verb)."""
    end = start
    while end > limit and text[end - 1] in " \u00a0":
        end -= 1
    # Adverbs and auxiliaries between a subject and its verb ("Syrian media also reported").
    while True:
        m = _BETWEEN_RE.search(text, limit, end)
        if m is None or m.end() != end:
            break
        end = m.start()
    pos = end
    first = None
    for m in reversed(list(re.finditer(r"[\w'’.-]+", text[limit:end]))):
        w = m.group()
        a = limit + m.start()
        b = limit + m.end()
        gap = text[b:pos]
        if pos != end and gap.strip():  # punctuation between words ends the phrase
            break
        wl = w.lower().rstrip(".")
        if wl in _STOP_BEFORE_SUBJECT:
            break
        if not (w[0].isupper() or wl in _SOURCE_WORDS):
            break
        first = a
        pos = a
    if first is None:
        return None
    # Drop leading function words ("the", "and", "of").
    while True:
        m = re.match(r"(?:the|a|an|and|of|for)\s+", text[first:end], re.IGNORECASE)
        if not m:
            break
        first += m.end()
    if end - first < 2 or not (text[end - 1].isalnum() or text[end - 1] in "'’"):
        # A comma or a quote right before the verb: the subject is not this phrase.
        return None
    return first, end


_AFTER_STOP = re.compile(r"[,.;:]|\s(?:on|in|that|adding|which|who|told)\b")


def _subject_after(text: str, end: int, sent_end: int) -> tuple[int, int] | None:
    """The source named right after a speech verb ("..., said the Syrian Observatory")."""
    seg = text[end : min(sent_end, end + 90)]
    stop = _AFTER_STOP.search(seg)
    seg = seg[: stop.start()] if stop else seg
    m = re.match(r"\s+(?:(?:the|a|an)\s+)?", seg)
    if m is None:
        return None
    phrase = seg[m.end() :].rstrip()
    words = phrase.split()
    if (
        not words
        or len(words) > 9
        or not all(w[0].isupper() or w.lower() in _SOURCE_WORDS for w in words)
    ):
        return None
    a = end + m.end()
    return a, a + len(phrase)


def find_attributions(doc: Document) -> list[Attribution]:
    """Attributions of ``doc``'s sentences (see the module docstring)."""
    text = doc.text
    quotes = find_quotes(text)
    out: list[Attribution] = []
    previous: Attribution | None = None
    carry: Attribution | None = None  # an "According to X," account open for one sentence
    carry_sentence = Span(0, 0, "")
    lead_in: Attribution | None = None  # a sentence ending in ":" introduces a quote
    actor_names = {a.span.start: a.actor for a in doc.actors}
    for sent in doc.sentences:
        s_text = sent.text
        quote = next((q for q in quotes if q.start < sent.end and sent.start < q.end), None)
        # Inside a quotation introduced by "X wrote:", the speaker is X, whatever the quoted
        # words say ("..., had said a military").
        found = (
            None
            if (lead_in is not None and quote is not None)
            else _find_in_sentence(doc, sent, previous)
        )
        certainty = None
        att: Attribution | None = None
        if found is not None:
            src_span, cue_span, how = found
            origin, kind = normalise_source(src_span.text)
            if how == "social":
                kind = SourceKind.SOCIAL_MEDIA
            certainty = sentence_certainty(s_text, True)
            if how == "according" and certainty == Certainty.ASSERTED:
                certainty = Certainty.REPORTED
            att = Attribution(src_span, origin, kind, certainty, cue_span, quote, sent)
            if how == "pronoun" and previous is not None:
                att = Attribution(
                    previous.span, previous.origin, previous.kind, certainty, cue_span, quote, sent
                )
        elif lead_in is not None and quote is not None:
            att = Attribution(
                lead_in.span,
                lead_in.origin,
                lead_in.kind,
                sentence_certainty(s_text, True),
                None,
                quote,
                sent,
            )
        elif carry is not None and _shares_actor(doc, sent, carry_sentence, actor_names):
            att = Attribution(
                carry.span,
                carry.origin,
                carry.kind,
                _at_least_reported(sentence_certainty(s_text, True)),
                None,
                quote,
                sent,
            )
        carry = None
        if att is not None:
            out.append(att)
            previous = att
            if found is not None and found[2] == "according" and found[1].start - sent.start < 3:
                carry, carry_sentence = att, sent
        if s_text.rstrip().endswith(":") and att is not None:
            lead_in = att
        elif quote is None:
            lead_in = None
    return out


def _at_least_reported(c: Certainty) -> Certainty:
    return Certainty.REPORTED if c in (Certainty.ASSERTED, Certainty.CONFIRMED) else c


def _shares_actor(doc: Document, sent: Span, prev: Span, names: dict[int, str]) -> bool:
    here = {a.actor for a in doc.actors if sent.start <= a.span.start < sent.end}
    there = {a.actor for a in doc.actors if prev.start <= a.span.start < prev.end}
    return bool(here & there)


def _find_in_sentence(
    doc: Document, sent: Span, previous: Attribution | None
) -> tuple[Span, Span, str] | None:
    text = doc.text
    s, e = sent.start, sent.end
    m = _ACCORDING_RE.search(text, s, e)
    if m:
        raw = _trim_source_phrase(m.group("src"))
        if raw:
            a = m.start("src")
            return (
                Span.of(text, a, a + len(raw)),
                Span.of(text, m.start("cue"), m.end("cue")),
                "according",
            )
    sm = _SOCIAL_RE.search(text, s, e)
    if sm:
        names = list(_NAME_RE.finditer(text, s, sm.start()))
        if names:
            n = names[-1]
            return Span.of(text, n.start(), n.end()), Span.of(text, sm.start(), sm.end()), "social"
    for vm in _SPEECH_RE.finditer(text, s, e):
        # Inside a quotation the speaker is outside it; skip verbs in quoted text.
        before = text[s : vm.start()]
        pro = _PRONOUN_RE.search(before)
        if pro and previous is not None:
            a = s + pro.start("pro")
            return (
                Span.of(text, a, s + pro.end("pro")),
                Span.of(text, vm.start(), vm.end()),
                "pronoun",
            )
        subj = _subject_before(text, vm.start(), s)
        if subj is not None and _is_sourcey(text[subj[0] : subj[1]]):
            return Span.of(text, *subj), Span.of(text, vm.start(), vm.end()), "speech"
        after = _subject_after(text, vm.end(), e)
        if after is not None and _is_sourcey(text[after[0] : after[1]]):
            return Span.of(text, *after), Span.of(text, vm.start(), vm.end()), "speech"
    return None


def _is_sourcey(phrase: str) -> bool:
    """A phrase can name a source: a known alias, a capitalised name, or a source noun."""
    low = phrase.lower()
    if _norm(phrase) in load_sources():
        return True
    if re.search(
        r"\b(?:agency|media|television|tv|sources?|monitor|observatory|activists?|"
        r"residents?|witness(?:es)?|officials?|spokes\w+|ministry|minister|governor|"
        r"correspondent|reporter|journalist|group|army|military|command|president|"
        r"statement|doctors?|medics?|police|government)\b",
        low,
    ):
        return True
    words = phrase.split()
    return (
        len(words) >= 1
        and all(w[0].isupper() for w in words if len(w) > 3)
        and any(w[0].isupper() for w in words)
    )


@register_stage("attribution")
class AttributionStage:
    """Fills ``doc.attributions``; runs after ``actors`` (attribution scope uses them)."""

    name: ClassVar[str] = "attribution"
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> Document:
        doc.attributions = find_attributions(doc)
        return doc


def attribution_of(doc: Document, sentence: Span) -> Attribution | None:
    """The attribution covering ``sentence``, if any."""
    for att in doc.attributions:
        if att.sentence == sentence:
            return att
    return None
