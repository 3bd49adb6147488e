"""The geoparser: find place names in a text and resolve them against the gazetteer.

Recognition is gazetteer matching over capitalised word sequences (no NER model: spaCy's small
model reads at ~20 articles/s here and tags "Tadmour" as a person), with filters for the ways a
place name is used as something else, all read from English usage and from the document itself,
never from lists of toponyms: words of grammar and the calendar ("At", "Wed", "March 2011"); a
title, a given name or a speech verb beside the word ("Sen. Kerry", "John Kerry", "Moore
said"); a surname the same text gives a person ("Assads" after "Bashar al-Assad"); a common word
before another capitalised word ("Eastern Ghouta", "Human Rights"); a street head ("Dublin
Road"). Possessives are cut off ("Syria's", and "Syrias" where a feed dropped the apostrophe).
A single word that only matches a small place, or a place only by an alternate name (GeoNames
alternates include exonyms that are English words: "Human" is Uman in Polish), or that starts a
sentence, must show locative evidence (a preposition like "in"/"near", a "Town, State"
pattern, a place noun and "of": "the province of Daraa", a noun it modifies: "Gainesville man",
"Tbilisi-based") or agree with the document's other places; after a country's possessive
("Syria's Deir az-Zour", "Syrias Idlib") it is kept if it lies in that country, and an
alternate spelling recognised with evidence once counts wherever the text repeats it. A name
followed by a country or region that contains a namesake of it is a pair or a list whose commas
were stripped ("Tabqa Syria", "Tartous Homs and Hasakeh"), not one longer name. A word before a
number is a designator ("Lot 12", "Section 2AA").

Resolution scores every candidate place with a few principled features, in two rounds:

* name match: the place's own name > an alternate name > transliteration skeleton > fuzzy;
* prior importance: countries and admin regions over towns; towns by log population;
* the caller's country hint, or else the country whose writing conventions the text follows
  when they are unmistakable (US: dollar amounts with "sheriff", "7 p.m.", US spellings), a
  weak prior for a local paper's "Alexandria" that nothing else in the text disambiguates;
* the document: how many of its other toponyms lie in the candidate's country and admin1,
  whether the text names that country or admin1 itself, and the distance to the nearest other
  resolved place (a "Palmyra" near "Homs" is Tadmur, not Palmyra, New York), and whether the
  other names are of the candidate's kind (countries and capitals read "Georgia" as the
  country and "Washington" as the capital; a state's other states read them as states).

The first round resolves each name alone; the second re-scores with the first round's places as
context (one sense per name per document).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from tadmor.geo.build import (
    KIND_ABBREV,
    KIND_ALT,
    KIND_DEMONYM,
    KIND_NAME,
    LEVEL_ADM1,
    LEVEL_ADM2,
    LEVEL_ADM3,
    LEVEL_CONTINENT,
    LEVEL_COUNTRY,
    LEVEL_PLACE,
    LEVEL_SITE,
)
from tadmor.geo.gazetteer import Entry, Gazetteer
from tadmor.geo.normalize import GENERIC_HEADS, doubling_variants, name_key, skeleton_variants
from tadmor.geo.records import Place, Toponym
from tadmor.geo.wordlists import (
    CALENDAR_WORDS,
    COMBINING_FORMS,
    COMMON_WORDS,
    CONNECTORS,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    LOCATIVE_PREPOSITIONS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HYPHEN_TAILS,
    PLACE_MODIFIED_NOUNS,
    SPEECH_VERBS,
    STREET_HEADS,
    _words,
)

# --- scoring weights ----------------------------------------------------------------------
# Set by reasoning about the scale of each feature (all features lie in [0, 1]), not fitted to
# any gold set: a name match counts most; the document's evidence can overturn the prior of a
# bigger namesake (Palmyra NY vs Tadmur) but not a poor name match.
W_MATCH = 1.0
W_PRIOR = 1.0  # the prior is log10(population) / 10: 0.1 per order of magnitude
W_HINT = 0.3
W_COUNTRY_SHARE = 0.3
W_ADMIN1_SHARE = 0.3
W_NAMED_COUNTRY = 0.15
W_NAMED_ADMIN1 = 0.25
W_NEAR = 0.3
W_LOCALE = 0.2  # the country whose writing conventions the text follows (no hint given)
W_SIBLING = 0.2  # the document's other names are of the same kind (countries and capitals)
W_COMMA = 0.6  # "Alexandria, La.": the name right after the comma contains this place
MAX_CONTEXT = 0.7  # the document can overturn a prior, not make a town of a country name
CONTEXT_TOP = 5  # candidates per name that vote in the document context
NEAR_KM = 60.0  # proximity feature: exp(-distance / NEAR_KM)
MAX_CANDIDATES = 60
SOFTMAX_T = 0.15

MATCH_QUALITY = {KIND_NAME: 1.0, KIND_ALT: 0.9, KIND_DEMONYM: 0.9, KIND_ABBREV: 0.9}
# An admin region's bare alias ("Homs" for Homs Governorate, "Rapides" for Rapides Parish) names
# the town of that name more often than the region.
MATCH_ADMIN_ALIAS = 0.8
MATCH_ADMIN_DEMONYM = 0.8
MATCH_ALIAS = 1.3  # the user's own alias table outranks everything
MATCH_SKELETON = 0.62
MATCH_DOUBLING = 0.85  # one letter doubled or undoubled: between an alternate name and a skeleton
MATCH_FEATURE = 0.8  # a feature coded at the place it is named after
MATCH_FUZZY = 0.5
FUZZY_CUTOFF = 85.0
STRONG_POPULATION = 50_000

# "Aleppo province", "Rapides Parish", "the Gaza Strip": words around a name that say what kind
# of place it is, tried when the full phrase is not itself a gazetteer name.
_ADMIN_SUFFIXES = _words(
    "province governorate county co parish state region district countryside oblast prefecture "
    "municipality department"
)
_PLACE_SUFFIXES = _words("city town village township twp")
# Heads of natural and other feature names ("Neches River", "Lake Lanier", "Port of Los Angeles")
_FEATURE_HEADS = _words(
    "river creek lake island islands bay valley station colony hills mountain mountains forest "
    "park trail desert plain plains plateau steppe barrens heights"
)
_FEATURE_LEADS = _words("lake mount mt port")

_TOKEN = re.compile(r"[^\W\d_](?:\w|[’'\-‑](?=\w))*\.?")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARTICLE_CAP = re.compile(r"^(?:al|el|ad|ar|as|ash|az|ez|an|at|ad-d)[-‑’'](?=[^\W\d_])")
_ARTICLE_ANY = re.compile(_ARTICLE_CAP.pattern, re.IGNORECASE)
_DATELINE_END = re.compile(r"\s*(?:[,(—–]|-)")
_HYPHEN_CAP = re.compile(r"[-‑](?=[^\W\d_])")
_NUMBERED = re.compile(r"[ \t]+(?:No\.?[ \t]*)?\d")
# locative nouns that mark a place only when written as common nouns ("the town Homs"), not as
# the head of another name ("Gwinnett County Police")
_LOCATIVE_NOUNS = _words("village town city province governorate district county suburb suburbs")
_FUSED_LOWER = re.compile(r"^[ae]([dtszrn])\1[a-z]{2,}$")
_ARTICLE_WORDS = _words("al el il ul ar er as es ash esh ad ed adh az ez at et ath an en")
# "the province of Daraa", "the outskirts of Raqqa": nouns whose "of" introduces a place
_OF_PLACE_NOUNS = _LOCATIVE_NOUNS | _words("countryside outskirts region")


@dataclass(slots=True)
class _Cand:
    entry: Entry
    match: float


def _prior(e: Entry) -> float:
    """How often a name means this place, before reading the document: log population (an
    admin region's is the sum of its towns'), plus a step for the level that a bare name most
    often denotes (a country over a town of the same size)."""
    lvl = e.level
    if lvl == LEVEL_CONTINENT:
        return 1.0
    if lvl == LEVEL_SITE:
        return 0.4
    base = math.log10(max(e.place.population, 100)) / 10.0
    if lvl == LEVEL_COUNTRY:
        base += 0.1
    elif lvl == LEVEL_ADM1 or e.place.feature_code == "PPLC":
        base += 0.05
    return min(base, 1.0)


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances (haversine), broadcasting."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(6371.0088 * 2 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points: the haversine of :func:`_km` in plain
    floats, since numpy's overhead per call is many times the arithmetic for one pair. The two
    may differ in the last bit (libm's asin and numpy's arcsin round differently)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def distance_km(a: Place, b: Place) -> float:
    return km(a.latitude, a.longitude, b.latitude, b.longitude)


# Proximity votes are computed in blocks of at most this many candidate x voter pairs, so that
# a very long text does not allocate one huge matrix.
_NEAR_BLOCK = 1 << 20


@dataclass(slots=True)
class _CandTable:
    """Every candidate of every name in one document, flattened: name ``i`` owns rows
    ``bounds[i]:bounds[i + 1]``. Lets each context round score proximity for all names in one
    batched numpy pass instead of one small pass per name."""

    lat: np.ndarray
    lon: np.ndarray
    level: np.ndarray
    group: np.ndarray  # row -> index of the name the candidate belongs to
    bounds: list[int]

    @classmethod
    def of(cls, cand_lists: Sequence[Sequence[_Cand]]) -> _CandTable:
        places = [c.entry for cands in cand_lists for c in cands]
        sizes = [len(cands) for cands in cand_lists]
        return cls(
            np.array([e.place.latitude for e in places], dtype=float),
            np.array([e.place.longitude for e in places], dtype=float),
            np.array([e.level for e in places], dtype=int),
            np.repeat(np.arange(len(sizes)), sizes),
            list(itertools.accumulate(sizes, initial=0)),
        )

    def nearness(
        self, v_group: np.ndarray, v_lat: np.ndarray, v_lon: np.ndarray, v_w: np.ndarray
    ) -> np.ndarray:
        """Per candidate, the strongest weighted proximity vote exp(-km / NEAR_KM) * weight
        from the voters of other names (0 when there are none), capped at 1: the vote of the
        nearest few, weighted, since one neighbour is evidence, not proof.

        Element for element this is the arithmetic of a per-name computation (numpy's
        elementwise functions do not depend on the array's shape), and votes are >= 0, so
        zeroing a name's own votes before the row maximum is exactly leaving them out."""
        near = np.zeros(len(self.lat))
        if not len(v_lat):
            return near
        step = max(1, _NEAR_BLOCK // len(v_lat))
        for r0 in range(0, len(self.lat), step):
            rows = slice(r0, r0 + step)
            d = _km(self.lat[rows, None], self.lon[rows, None], v_lat[None, :], v_lon[None, :])
            prox = np.exp(-d / NEAR_KM) * v_w[None, :]
            prox[self.group[rows, None] == v_group[None, :]] = 0.0
            near[rows] = np.minimum(1.0, prox.max(axis=1))
        return near


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    text: str
    key: str
    strong: bool = True  # recognised with enough evidence to keep without context
    admin_only: bool = False
    abbrev_ok: bool = False  # written as an abbreviation ("La.", "U.S.", "UK")
    loose: bool = False  # not a gazetteer name: found by its transliteration skeleton
    alt_weak: bool = False  # weak only because the name is an alternate name ("Hasakeh")
    inside: str = ""  # after "Syria's": kept if it resolves to a place in this country


@dataclass(slots=True)
class _Doc:
    """What recognition learns from the whole text before judging each name in it."""

    text: str
    toks: list[tuple[int, int, str]]
    caps: list[bool]
    lower_words: set[str]  # words the text also writes in lower case (common words)
    surnames: set[str]  # name keys the text gives to people ("Kerry" after "John Kerry")
    place_ends: set[int] = field(default_factory=set)  # tokens that end a recognised name
    alt_weak: bool = False  # the last verdict was weak only for an alternate-name match
    # token -> country code of a country written possessively there ("Syria's", "Syrias")
    possessive: dict[int, str] = field(default_factory=dict)
    hint: str = ""  # the caller's country hint (ISO alpha-2, upper case)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens as (start, end, text): a final full stop and a possessive "'s" are left
    outside the token ("Syria's" -> "Syria", "La." -> "La")."""
    out = []
    for m in _TOKEN.finditer(text):
        s, e, w = m.start(), m.end(), m.group()
        if w.endswith("."):
            e -= 1
            w = w[:-1]
        if len(w) > 3 and w[-2] in "'’" and w[-1] in "sS":
            e -= 2
            w = w[:-2]
        if "-" not in w and "‑" not in w:
            out.append((s, e, w))  # most words: nothing below applies
            continue
        # "Egyptian-US relations", "the Arab-Israeli conflict": two names joined by a hyphen.
        # An Arabic article stays on its noun ("al-Assad", "Deir ez-Zor"); a compound adjective
        # on a combining form ("Greco-Roman") stays one word that names no place.
        tail = None
        cut = max(w.rfind("-"), w.rfind("‑"))
        if cut > 0 and w[:1].isupper() and w[cut + 1 :].lower() in PLACE_HYPHEN_TAILS:
            # "Tbilisi-based", "Gainesville-area": the head is a name, the tail its kind
            tail = (s + cut + 1, e, w[cut + 1 :])
            e, w = s + cut, w[:cut]
        pos = 0
        if w.split("-", 1)[0].lower() in COMBINING_FORMS:
            out.append((s, e, w))
            if tail:
                out.append(tail)
            continue
        for h in _HYPHEN_CAP.finditer(w):
            head = w[pos : h.start()]
            if not w[h.end()].isupper() or head.lower() in _ARTICLE_WORDS:
                continue
            out.append((s + pos, s + h.start(), head))
            pos = h.end()
        out.append((s + pos, e, w[pos:]))
        if tail:
            out.append(tail)
    return out


def _surnames(text: str, toks: list[tuple[int, int, str]], caps: list[bool]) -> set[str]:
    """Name keys of the last word of every person name the text writes in full: a capitalised
    run after a given name ("John Kerry", "Bashar al-Assad") or a title ("President Assad",
    "Sen. Ted Kennedy"). A bare "Kerry" or "Assads" later in the same text is that person."""
    out: set[str] = set()
    n = len(toks)
    i = 0
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and caps[j + 1] and _adjacent(text, toks[j], toks[j + 1]):
            j += 1
        first = toks[i][2].lower()
        titled = (
            i > 0
            and toks[i - 1][2].lower() in PERSON_TITLES
            and _adjacent(text, toks[i - 1], toks[i])
        )
        if first in PERSON_TITLES and j > i:
            titled, i = True, i + 1
            first = toks[i][2].lower()
        if (first in GIVEN_NAMES and j > i) or titled:
            last = toks[j][2]
            out.add(name_key(last))
            bare = _ARTICLE_ANY.sub("", last)
            if bare != last:
                out.add(name_key(bare))
        i = j + 1
    out.discard("")
    return out


class Geoparser:
    """Recognise and resolve place names with one gazetteer. Cheap to call; not to build
    (use :func:`tadmor.geo.default_geoparser`)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._loose_memo: dict[tuple[str, tuple[str, ...]], list[_Cand]] = {}

    # --- public API ---------------------------------------------------------------------
    def get(self, geonameid: int) -> Place | None:
        e = self.gazetteer.get(geonameid)
        return e.place if e else None

    def search(self, name: str, limit: int = 10) -> list[Place]:
        """Places a name could mean, most important first (exact, then looser matches)."""
        cands = self._candidates(name, None, (), allow_abbrev=True)
        cands.sort(key=lambda c: -(W_MATCH * c.match + W_PRIOR * _prior(c.entry)))
        out = [c.entry.place for c in cands[:limit]]
        if len(out) < limit:
            seen = {p.geonameid for p in out}
            for e in self.gazetteer.search_prefix(name_key(name), limit * 3):
                if e.place.geonameid not in seen:
                    out.append(e.place)
                    seen.add(e.place.geonameid)
                if len(out) >= limit:
                    break
        return out

    def resolve(
        self,
        name: str,
        *,
        country_hint: str | None = None,
        context: Sequence[Place] = (),
        aliases: Mapping[str, int] | None = None,
    ) -> Toponym | None:
        """Resolve one name alone (``context``: places already known to be in the document)."""
        spans = [
            _Span(0, len(name), name, name_key(name), abbrev_ok=_abbreviated(name, 0, len(name)))
        ]
        out = self._resolve(spans, country_hint, aliases, list(context), name)
        return out[0] if out and out[0].place is not None else None

    def resolve_spans(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        *,
        country_hint: str | None = None,
        aliases: Mapping[str, int] | None = None,
    ) -> list[Toponym]:
        """Resolve given spans of ``text`` together (gold-span evaluation); one Toponym per
        span, in the order given, with ``place=None`` where nothing matched."""
        items = [
            _Span(s, e, text[s:e], name_key(text[s:e]), abbrev_ok=_abbreviated(text, s, e))
            for s, e in spans
        ]
        return self._resolve(items, country_hint, aliases, [], text)

    def parse(
        self,
        text: str,
        *,
        country_hint: str | None = None,
        aliases: Mapping[str, int] | None = None,
    ) -> list[Toponym]:
        """All place names in ``text``, resolved, sorted by start, non-overlapping."""
        alias_keys = {name_key(a) for a in aliases} if aliases else set()
        spans = self._recognise(text, alias_keys, country_hint)
        if not spans:
            return []
        toponyms = self._resolve(spans, country_hint, aliases, [], text)
        return self._filter_weak(spans, toponyms, country_hint)

    # --- recognition --------------------------------------------------------------------
    def _known(self, key: str, alias_keys: set[str]) -> bool:
        return bool(key) and (key in alias_keys or self.gazetteer.has_key(key))

    def _recognise(
        self, text: str, alias_keys: set[str], country_hint: str | None = None
    ) -> list[_Span]:
        toks = _tokens(text)
        n = len(toks)
        caps = [_is_cap(t[2]) for t in toks]
        for j in range(1, len(toks)):
            # "Deir ezzor": a sun-letter article fused to the noun, written in lower case after
            # a capitalised generic head, belongs to the name
            if (
                not caps[j]
                and caps[j - 1]
                and toks[j - 1][2].lower() in GENERIC_HEADS
                and _FUSED_LOWER.match(toks[j][2])
                and _adjacent(text, toks[j - 1], toks[j])
            ):
                caps[j] = True
        doc = _Doc(
            text,
            toks,
            caps,
            # "al-Hassakeh" starts in lower case but is a name: only plain words count
            {
                t[2].lower()
                for t, cap in zip(toks, caps, strict=True)
                if t[2][:1].islower() and not cap
            },
            _surnames(text, toks, caps),
            hint=(country_hint or "").upper(),
        )
        spans: list[_Span] = []
        i = 0
        while i < n:
            if not caps[i]:
                i += 1
                continue
            # the longest run of capitalised words and connectors starting here
            j = i
            last_cap = i
            while (
                j + 1 < n
                and j - i < 5
                and (caps[j + 1] or toks[j + 1][2].lower() in CONNECTORS)
                and _adjacent(text, toks[j], toks[j + 1])
            ):
                j += 1
                if caps[j]:
                    last_cap = j
            found = None
            for k in range(last_cap, i - 1, -1):
                if not caps[k]:
                    continue
                s, e = toks[i][0], toks[k][1]
                key = name_key(text[s:e])
                known = self._known(key, alias_keys)
                stem = self._possessive_stem(text, s, e, key, known)
                if stem is not None:
                    found = (k, s, e - 1, stem)
                    break
                if known:
                    found = (k, s, e, key)
                    break
                if k == i and toks[i][2].lower() == "the":
                    break
            if found is None and toks[i][2].lower() == "the" and i + 1 < n and caps[i + 1]:
                i += 1
                continue
            feature = self._feature_span(doc, i, last_cap, alias_keys)
            if feature is not None and (found is None or found[0] < last_cap):
                spans.append(feature)
                doc.place_ends.add(last_cap)
                i = last_cap + 1
                continue
            if found is None:
                loose = self._loose_span(doc, i, last_cap)
                if loose is not None:
                    spans.append(loose)
                    i = loose_end_index(toks, loose.end, i) + 1
                    continue
                i += 1
                continue
            k, s, e, key = found
            if (
                k > i
                and toks[k][2].lower() in _PLACE_SUFFIXES
                and k + 1 < n
                and caps[k + 1]
                and _adjacent(text, toks[k], toks[k + 1])
                and self._known(name_key(text[s : toks[k - 1][1]]), alias_keys)
            ):
                # "Springfield City Council", "Alexandria City Public Schools": the town's
                # name, then the institution's
                k, e = k - 1, toks[k - 1][1]
                key = name_key(text[s:e])
            if k < last_cap:
                # "in Al Schougour": a short name ("Al") inside a longer unknown one
                loose = self._loose_span(doc, i, last_cap, min_k=k + 1)
                if loose is not None:
                    spans.append(loose)
                    i = loose_end_index(toks, loose.end, i) + 1
                    continue
            span = _Span(s, e, text[s:e], key)
            # "Aleppo province", "Homs countryside": take the kind word into the span
            if (
                k + 1 < n
                and toks[k + 1][2].lower() in _ADMIN_SUFFIXES
                and any(kind != KIND_DEMONYM for _e, kind in self.gazetteer.lookup(key))
                and _adjacent(text, toks[k], toks[k + 1])
                and (not caps[k + 1] or _headline_suffix(doc, k + 1))
            ):
                span = _Span(s, toks[k + 1][1], text[s : toks[k + 1][1]], key, admin_only=True)
            span.abbrev_ok = _abbreviated(text, span.start, span.end)
            doc.alt_weak = False
            verdict = self._judge(doc, i, k, key, alias_keys)
            if verdict is not None:
                span.strong = verdict
                span.alt_weak = doc.alt_weak
                span.inside = self._possessive_before(doc, i)
                if (
                    span.abbrev_ok
                    and text[span.end : span.end + 1] == "."
                    and (
                        "." in span.text
                        or any(kind == KIND_ABBREV for _e, kind in self.gazetteer.lookup(key))
                    )
                ):
                    span.end += 1  # "U.S.", "W.Va.", "Calif.": the full stop is the name's
                    span.text = text[span.start : span.end]
                spans.append(span)
                doc.place_ends.add(k)
                self._note_possessive(doc, k, span)
            i = k + 1
        return spans

    def _note_possessive(self, doc: _Doc, k: int, span: _Span) -> None:
        """Remember a country written possessively ("Syria's", "Syrias" with the apostrophe
        dropped): the name after it is a place inside that country."""
        tail = doc.text[span.end : span.end + 2]
        if tail not in ("'s", "’s") and not (span.end < doc.toks[k][1] and tail[:1] == "s"):
            return
        ccs = {
            e.place.country_code
            for e, kind in self.gazetteer.lookup(span.key)
            if e.level == LEVEL_COUNTRY and kind != KIND_ABBREV
        }
        if len(ccs) == 1:
            doc.possessive[k] = ccs.pop()

    def _possessive_before(self, doc: _Doc, i: int) -> str:
        """The country of a possessive right before token i ("Syria's Idlib"), else ""."""
        if i == 0 or i - 1 not in doc.possessive:
            return ""
        gap = doc.text[doc.toks[i - 1][1] : doc.toks[i][0]]
        return doc.possessive[i - 1] if gap.strip() in ("", "'s", "’s") and "\n" not in gap else ""

    def _pair_country(self, doc: _Doc, i: int, key: str, j: int) -> bool:
        """Do the capitalised words from token j (up to three) name, by themselves, a country
        or an admin1 region (or a large town of the hinted country) in a country where the name
        ``key`` at token i also has a place? Then "Tabqa Syria", "Tartous Homs" are a "Town
        Country" pair or a list whose commas were stripped, not one longer name. Given names,
        common words and compass words never start such a pair ("Abraham Lincoln", "Northeast
        Georgia")."""
        lw = doc.toks[i][2].lower()
        if lw in GIVEN_NAMES or lw in COMMON_WORDS or lw in LOCATIVE_PREPOSITIONS:
            return False
        toks = doc.toks
        end = j
        while (
            end + 1 < len(toks)
            and end - j < 2
            and doc.caps[end + 1]
            and _adjacent(doc.text, toks[end], toks[end + 1])
        ):
            end += 1
        ccs: set[str] = set()
        for e in range(end, j - 1, -1):
            nkey = name_key(doc.text[toks[j][0] : toks[e][1]])
            if not nkey or not self.gazetteer.has_key(nkey):
                continue
            strong = self._strong(nkey)
            for ent, kind in self.gazetteer.lookup(nkey):
                cc = ent.place.country_code
                if kind == KIND_ABBREV or not cc:
                    continue
                if ent.level in (LEVEL_COUNTRY, LEVEL_ADM1) or (strong and cc == doc.hint):
                    ccs.add(cc)
            break
        return bool(ccs) and any(
            ent.place.country_code in ccs
            for ent, kind in self.gazetteer.lookup(key)
            if kind != KIND_ABBREV
        )

    def _strong(self, key: str) -> bool:
        """Does ``key`` name a place that a bare mention usually means: a country or continent
        (any of its names), a demonym, an admin1 region or a town of 50,000 by its own name?
        Alternate names of towns and bare aliases of counties ("Hall" for Hall County) do not
        count: GeoNames' alternates include foreign exonyms that are English words ("Human"
        is Uman in Polish)."""
        for e, kind in self.gazetteer.lookup(key):
            if kind == KIND_ABBREV:
                continue
            if e.level <= LEVEL_COUNTRY or kind == KIND_DEMONYM:
                return True
            if kind == KIND_NAME and (
                e.level == LEVEL_ADM1 or e.place.population >= STRONG_POPULATION
            ):
                return True
        return False

    def _possessive_stem(self, text: str, s: int, e: int, key: str, known: bool) -> str | None:
        """Key of the name inside a possessive written without its apostrophe ("Syrias civil
        war", "Aleppos old city": some feeds strip apostrophes), when the stem is a strong name
        and the whole word is not."""
        if e - s < 5 or text[e - 1] != "s" or text[e - 2] in "sS":
            return None
        stem = name_key(text[s : e - 1])
        if not stem or not self.gazetteer.has_key(stem) or not self._strong(stem):
            return None
        if known and self._strong(key):
            return None  # "Wales", "Athens", "Philippines": the name itself ends in s
        return stem

    def _feature_span(self, doc: _Doc, i: int, last_cap: int, alias_keys: set[str]) -> _Span | None:
        """A feature named after a place, whole: "Lake Lanier", "St. Marys River", "Greer
        Station", "Port of Los Angeles" (gold sets and readers take the feature, not the town
        inside its name). Only when the whole run is no gazetteer name, the place part is one,
        and the place part does not start with a given name ("Faith Hill" is a person). The
        construction names a place by itself: the span needs no other evidence."""
        text, toks = doc.text, doc.toks
        if last_cap <= i:
            return None
        first, last = toks[i][2].lower(), toks[last_cap][2].lower()
        if last in _FEATURE_HEADS:
            a, b = i, last_cap - 1
        elif first in _FEATURE_LEADS:
            a, b = i + 1, last_cap
            if toks[a][2].lower() == "of" and a < b:
                a += 1
        else:
            return None
        s, e = toks[i][0], toks[last_cap][1]
        key = name_key(text[s:e])
        if self._known(key, alias_keys):
            return None
        rest = name_key(text[toks[a][0] : toks[b][1]])
        word = toks[a][2].lower()
        if (
            not self._known(rest, alias_keys)
            or word in GIVEN_NAMES
            or word in COMMON_WORDS
            or word in FUNCTION_WORDS
            or rest in doc.surnames
        ):
            return None
        return _Span(s, e, text[s:e], key)

    def _loose_span(self, doc: _Doc, i: int, last_cap: int, min_k: int = 0) -> _Span | None:
        """A capitalised name that is in no gazetteer but follows a locative preposition or a
        country's possessive ("in Al Schougour", "of Tadmour", "Syria's Deir az-Zour"): kept,
        weakly, if it is one doubling away from a gazetteer name ("Raqa") or its skeleton
        matches a place. A
        capitalised sequence is matched whole, never cut ("Bashar al-Assad" is not "Bashar"
        and a surname), and one that starts with a given name, a title or a calendar word is
        not tried."""
        text, toks, caps = doc.text, doc.toks, doc.caps
        prev = toks[i - 1][2].lower() if i > 0 and _same_clause(text, toks[i - 1], toks[i]) else ""
        if prev in _LOCATIVE_NOUNS and toks[i - 1][2][:1].isupper():
            prev = ""  # "Syrian Town Kills 5": a headline's capitalised noun, not "the town X"
        inside = self._possessive_before(doc, i)
        if prev not in LOCATIVE_PREPOSITIONS and prev != "of" and not inside:
            return None
        first = toks[i][2].lower()
        if (
            first in COMMON_WORDS
            or first in GIVEN_NAMES
            or first in PERSON_TITLES
            or first in CALENDAR_WORDS
            or first in FUNCTION_WORDS
            or toks[i][2].isupper()
        ):
            return None
        for k in range(min(last_cap, i + 3), max(i, min_k) - 1, -1):
            if not caps[k] or (
                k + 1 < len(toks) and caps[k + 1] and _adjacent(text, toks[k], toks[k + 1])
            ):
                continue  # never cut a capitalised sequence: "Bashar | al-Assad"
            s, e = toks[i][0], toks[k][1]
            key = name_key(text[s:e])
            if key in doc.surnames or len(key) < 4:
                continue
            if not _loose_candidate(doc, i, k):
                continue
            if any(self.gazetteer.has_key(v) for v in doubling_variants(key)):
                return _Span(s, e, text[s:e], key, strong=False, loose=True, inside=inside)
            if len(key) < 5:
                continue
            for sk in skeleton_variants(key):
                if len(sk.replace(" ", "")) >= 3 and self.gazetteer.lookup_skeleton(sk):
                    return _Span(s, e, text[s:e], key, strong=False, loose=True, inside=inside)
        return None

    def _judge(self, doc: _Doc, i: int, k: int, key: str, alias_keys: set[str]) -> bool | None:
        """None: not a place here. True: keep. False: keep only if the document agrees.

        A name is read against English usage around it: words of grammar and the calendar are
        not places; a word beside a title, a given name, a speech verb or a street head belongs
        to a person or a street; a common word before another capitalised word is a modifier
        ("Eastern Ghouta", "Human Rights"); a surname the document gives a person elsewhere
        stays a person. What survives is kept outright if it names a strong place (a country,
        a region, a large town by its own name) or shows locative evidence, and weakly
        otherwise."""
        if key in alias_keys:
            return True
        text, toks, caps = doc.text, doc.toks, doc.caps
        n = len(toks)
        entries = self.gazetteer.lookup(key)
        kinds = [kind for _e, kind in entries if kind != KIND_ABBREV]
        word = toks[i][2]
        lw = word.lower()
        single = i == k
        next_cap = k + 1 < n and caps[k + 1] and _adjacent(text, toks[k], toks[k + 1])
        if (
            single
            and word.isupper()
            and i > 0
            and toks[i - 1][2].lower() == "the"
            and _same_clause(text, toks[i - 1], toks[i])
            and any(e.level == LEVEL_COUNTRY for e, _kind in entries)
        ):
            return True  # "the US", "in the UK": a country's short form with an article
        if single and (lw in FUNCTION_WORDS or (lw in PERSON_TITLES and next_cap)):
            return None  # "At least", "Dr. Smith", "Sen. Kerry"
        after_comma = i > 0 and text[toks[i - 1][1] : toks[i][0]].strip() == ","
        abbrev = _abbreviated(text, toks[i][0], toks[k][1])
        if (
            abbrev
            and len(kinds) < len(entries)
            and (after_comma or (len(key) >= 3 and "." in text[toks[i][0] : toks[k][1] + 1]))
            and not (single and (lw in COMMON_WORDS or lw in doc.lower_words))
        ):
            return True  # "Alexandria, La.", "the U.S.", "Calif."
        if not kinds:
            return None  # only an abbreviation ("LA", "AL"): too ambiguous as running text
        sentence_start = i == 0 or bool(
            re.search(r"[.!?:\"“”\n]\s*$", text[toks[i - 1][1] : toks[i][0]])
        )
        if toks[i][2].isupper() and len(toks[i][2]) > 1 and single_upper_only(toks, i, k):
            # An acronym ("ISIS", "HAMER") is not a place, but a dateline is: "BEIRUT (AP) -",
            # "CHARLESTON, W.Va. --": upper case at the start, then a comma, dash or bracket.
            dateline = (
                sentence_start and len(key) >= 4 and bool(_DATELINE_END.match(text, toks[k][1]))
            )
            return True if dateline and KIND_NAME in kinds else None
        prev_adj = i > 0 and _adjacent(text, toks[i - 1], toks[i])
        prev = toks[i - 1][2] if i > 0 and _same_clause(text, toks[i - 1], toks[i]) else ""
        prev_lower = prev.lower().rstrip(".")
        if prev_lower in _LOCATIVE_NOUNS and prev[:1].isupper():
            prev_lower = ""  # "Gwinnett County Police": the noun ends another name
        next_adj = k + 1 < n and _adjacent(text, toks[k], toks[k + 1])
        nxt = toks[k + 1][2] if k + 1 < n else ""
        nxt_lower = nxt.lower()
        # "Alexandria, La.": a town followed by the region that contains it
        region_follows = (
            bool(nxt) and text[toks[k][1] : toks[k + 1][0]].strip() == "," and caps[k + 1]
        )
        country = any(
            kind != KIND_ABBREV and (e.level <= LEVEL_COUNTRY or kind == KIND_DEMONYM)
            for e, kind in entries
        )
        strong = self._strong(key)
        capital = any(kind == KIND_NAME and e.place.feature_code == "PPLC" for e, kind in entries)
        # "Gainesville man", "Paris firefighters", "Tbilisi-based": the word modifies a noun
        # that only a place modifies so; "Tbilisi says": a capital speaks for its government
        gap_next = text[toks[k][1] : toks[k + 1][0]] if k + 1 < n else ""
        modifies = bool(nxt) and (
            (
                next_adj
                and gap_next.strip() == ""
                and nxt_lower in PLACE_MODIFIED_NOUNS
                and nxt[:1].islower()
            )
            or (gap_next in ("-", "‑") and nxt_lower in PLACE_HYPHEN_TAILS)
            or (capital and next_adj and nxt_lower in SPEECH_VERBS)
        )
        if single and lw in CALENDAR_WORDS and not region_follows:
            return None
        if prev_lower in PERSON_TITLES and prev_adj:
            return None  # "President Jackson", "Gov. Perry"
        if next_adj and nxt_lower.rstrip(".") in STREET_HEADS and nxt_lower not in ORG_HEADS:
            return None  # "Dublin Road", "Orchard St."
        if single and not country:
            if (
                key in doc.surnames or (key[-1:] == "s" and key[:-1] in doc.surnames)
            ) and not region_follows:
                return None  # "Moore" after "Michael Moore"; "Assads" after "Bashar al-Assad"
            if prev_adj and caps[i - 1] and prev_lower in GIVEN_NAMES:
                return None  # "John Kerry"
            if lw in GIVEN_NAMES and next_adj and caps[k + 1] and nxt_lower not in ORG_HEADS:
                return None  # "Mary Smith"
            if nxt_lower in SPEECH_VERBS and not region_follows and not capital:
                return None  # "Moore said"; but "Tbilisi says" is the government speaking
            if prev_lower in SPEECH_VERBS and not sentence_start:
                return None  # "said Moore"
        common = single and lw in COMMON_WORDS
        if common and next_adj and caps[k + 1] and nxt_lower not in ORG_HEADS:
            return None  # "Eastern Ghouta", "Western Union": a modifier, not a place
        if common and prev_lower not in LOCATIVE_PREPOSITIONS and (sentence_start or not country):
            return None  # "May", "Western media", "Mobile home": a country alone survives
        if single and sentence_start and lw in doc.lower_words and not strong:
            return None
        # part of a longer proper name: "Raquel Henry", "Henry Ford", "City Council"
        before_name = (
            single
            and prev_adj
            and caps[i - 1]
            and not sentence_start
            and (prev_lower not in COMMON_WORDS or prev_lower in ORG_HEADS)
            and i - 1 not in doc.place_ends
        )  # "Syrias Quneitra", "Aleppo Homs": a list of places
        after_name = single and next_adj and caps[k + 1]
        if after_name and nxt_lower in ORG_HEADS:
            after_name = False  # "Homs Hospital", "Alexandria Police": a place inside an org
        if after_name and (_headline_suffix(doc, k + 1) or self._pair_country(doc, i, key, k + 1)):
            # "in Hama Province": a headline's kind word; "hit Tartous Homs and Hasakeh",
            # "the city of Tabqa Syria": a list or a "Town Country" pair whose commas were
            # stripped, the next word a country, region or large town by itself
            after_name = False
        if (before_name or after_name) and not strong:
            return None
        if before_name and after_name:
            return None
        # "the province of Daraa", "the city of Tabqa": a place noun names what follows "of"
        of_place = (
            prev_lower == "of"
            and i >= 2
            and toks[i - 2][2].lower() in _OF_PLACE_NOUNS
            and toks[i - 2][2][:1].islower()  # not "Town of Groton", a name of its own
            and _same_clause(text, toks[i - 2], toks[i - 1])
        )
        locative = prev_lower in LOCATIVE_PREPOSITIONS or region_follows or modifies or of_place
        # "Lot 12", "Section 2AA", "Room No. 5": a designator, unless the word names a
        # country, a region or a large town by itself ("Paris 2024")
        if (
            single
            and not locative
            and _NUMBERED.match(text, toks[k][1])
            and not any(
                kind != KIND_ABBREV
                and (
                    e.level <= LEVEL_ADM1
                    or (e.level >= LEVEL_PLACE and e.place.population >= STRONG_POPULATION)
                )
                for e, kind in entries
            )
        ):
            return None
        if single and not country and not locative:
            # Capitals carry no information at a sentence start, and a town known here only by
            # an alternate name (often a foreign exonym) is a weak reading: keep either only if
            # the rest of the document agrees.
            alt_only = all(kind != KIND_NAME for kind in kinds)
            if sentence_start or alt_only:
                doc.alt_weak = alt_only and not sentence_start
                return False
        if (
            not single
            and not strong
            and not locative
            and all(w in COMMON_WORDS or w in FUNCTION_WORDS for w in key.split(" "))
        ):
            return False  # "White House", "Old City": common words that a small place bears
        if strong or not single:
            return True
        return locative

    def _filter_weak(
        self, spans: list[_Span], toponyms: list[Toponym], country_hint: str | None
    ) -> list[Toponym]:
        """Keep weakly recognised names only when their place agrees with the document's
        strongly recognised places (same admin1, or within 150 km); a skeleton match after a
        preposition may also agree by country (the text names the country, or the caller
        hinted it); a name after a country's possessive must lie in that country."""
        strong = [
            (s.key, t.place)
            for s, t in zip(spans, toponyms, strict=True)
            if s.strong and t.place is not None
        ]
        countries = {p.country_code for _k, p in strong if p.feature_code.startswith("PCL")}
        if country_hint:
            countries.add(country_hint.upper())
        out: list[Toponym] = []
        for s, t in zip(spans, toponyms, strict=True):
            if t.place is None:
                continue
            p = t.place
            if not s.strong:
                # another name nearby agrees; so does the same name recognised with evidence
                # elsewhere, when this mention was weak only for being an alternate name of a
                # place in the hinted or named country ("capital of Hasakeh province ... the
                # fight for Hasakeh": one name, one place)
                same_ok = s.alt_weak and p.country_code in countries
                ok = any(
                    (k != s.key or same_ok)
                    and (
                        (
                            q.country_code == p.country_code
                            and q.admin1 == p.admin1
                            and bool(p.admin1)
                        )
                        or distance_km(p, q) < 150
                    )
                    for k, q in strong
                )
                if s.loose and p.country_code in countries:
                    ok = True
                if s.inside:  # "Syria's Deir az-Zour": a place in that country, or none
                    ok = p.country_code == s.inside
                if not ok:
                    continue
            out.append(t)
        return out

    # --- candidates ---------------------------------------------------------------------
    def _candidates(
        self,
        name: str,
        aliases: Mapping[str, int] | None,
        countries: Sequence[str],
        *,
        allow_abbrev: bool = False,
        admin_only: bool = False,
    ) -> list[_Cand]:
        key = name_key(name)
        out: list[_Cand] = []
        if aliases:
            for alias, gid in aliases.items():
                if name_key(alias) == key:
                    e = self.gazetteer.get(int(gid))
                    if e is not None:
                        out.append(_Cand(e, MATCH_ALIAS))
        if not key:
            return out
        words = key.split(" ")
        keys = [key]
        kind_filter: set[int] | None = None
        if admin_only and len(words) > 1 and words[-1] in _ADMIN_SUFFIXES:
            keys = [key, " ".join(words[:-1])]
        if words[0] == "the" and len(words) > 1:
            keys.append(" ".join(words[1:]))
        for kk in keys:
            out.extend(self._exact(kk, allow_abbrev))
            if out:
                break
        if not out and len(words) > 1:
            if words[-1] in _ADMIN_SUFFIXES:
                kind_filter = {LEVEL_ADM1, LEVEL_ADM2, LEVEL_ADM3}
                out = [
                    c
                    for c in self._exact(" ".join(words[:-1]), False)
                    if c.entry.level in kind_filter
                ]
            elif words[-1] in _PLACE_SUFFIXES:
                out = [
                    c
                    for c in self._exact(" ".join(words[:-1]), False)
                    if c.entry.level == LEVEL_PLACE
                ]
            elif words[0] in ("city", "town", "village") and len(words) > 2 and words[1] == "of":
                out = [
                    c
                    for c in self._exact(" ".join(words[2:]), False)
                    if c.entry.level == LEVEL_PLACE
                ]
            elif words[-1] in _FEATURE_HEADS or words[0] in _FEATURE_LEADS:
                # "Neches River", "Lake Lanier", "Osney Island": a natural feature, which no
                # package's gazetteer holds, coded ACLED-style at the place it is named after
                rest = words[:-1] if words[-1] in _FEATURE_HEADS else words[1:]
                if rest and rest[0] == "of":
                    rest = rest[1:]
                if rest:
                    out = [
                        _Cand(c.entry, c.match * MATCH_FEATURE)
                        for c in self._exact(" ".join(rest), False)
                        if c.entry.level >= LEVEL_ADM2
                    ]
        if not out:
            # "Raqa" for Raqqa: a doubling away from a gazetteer name
            for v in doubling_variants(key):
                out.extend(_Cand(c.entry, c.match * MATCH_DOUBLING) for c in self._exact(v, False))
        if not out:
            out = self._loose(key, countries)
        if len(out) > MAX_CANDIDATES:
            out.sort(key=lambda c: -(c.match + _prior(c.entry)))
            out = out[:MAX_CANDIDATES]
        return out

    def _exact(self, key: str, allow_abbrev: bool) -> list[_Cand]:
        out = []
        for e, kind in self.gazetteer.lookup(key):
            if kind == KIND_ABBREV and not allow_abbrev:
                continue
            q = MATCH_QUALITY[kind]
            if kind == KIND_ALT and LEVEL_ADM1 <= e.level <= LEVEL_ADM3:
                q = MATCH_ADMIN_ALIAS
            elif kind == KIND_DEMONYM and e.level != LEVEL_COUNTRY:
                # a region's demonym is a regular form the build made up ("Georgian" from
                # Georgia, the state); a country's is curated (countryinfo) and more certain
                q = MATCH_ADMIN_DEMONYM
            out.append(_Cand(e, q))
        return out

    def _loose(self, key: str, countries: Sequence[str]) -> list[_Cand]:
        """Skeleton, then fuzzy matches, each checked with a fuzzy ratio on the name."""
        memo_key = (key, tuple(countries[:3]))
        hit = self._loose_memo.get(memo_key)
        if hit is None:
            hit = self._loose_uncached(key, countries)
            if len(self._loose_memo) > 20_000:
                self._loose_memo.clear()
            self._loose_memo[memo_key] = hit
        return list(hit)

    def _loose_uncached(self, key: str, countries: Sequence[str]) -> list[_Cand]:
        out: list[_Cand] = []
        seen: set[int] = set()
        for sk in skeleton_variants(key):
            if len(sk.replace(" ", "")) < 3:
                continue
            for e in self.gazetteer.lookup_skeleton(sk):
                if e.place.geonameid in seen:
                    continue
                seen.add(e.place.geonameid)
                ratio = fuzz.ratio(key, name_key(e.place.name))
                partial = fuzz.partial_ratio(key, name_key(e.place.name))
                q = max(ratio, 0.9 * partial) / 100.0
                if q >= 0.5:
                    out.append(_Cand(e, MATCH_SKELETON * (0.6 + 0.4 * q)))
        if out or len(key) < 5:
            return out
        for cc in list(dict.fromkeys(countries))[:3]:
            names, ids = self.gazetteer.names_in_country(cc, key)
            for _n, score, idx in process.extract(
                key, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
            ):
                hit = self.gazetteer.get(ids[idx])
                if hit is not None:
                    out.append(_Cand(hit, MATCH_FUZZY * score / 100.0))
        return out

    # --- resolution ---------------------------------------------------------------------
    def _resolve(
        self,
        spans: Sequence[_Span],
        country_hint: str | None,
        aliases: Mapping[str, int] | None,
        context: list[Place],
        text: str,
    ) -> list[Toponym]:
        hint = country_hint.upper() if country_hint else None
        locale = None if hint else _locale_country(text)
        groups: dict[tuple[str, bool, bool], list[int]] = defaultdict(list)
        for idx, s in enumerate(spans):
            groups[(s.key, s.admin_only, s.abbrev_ok)].append(idx)
        gkeys = list(groups)
        group_of = {idx: gi for gi, g in enumerate(gkeys) for idx in groups[g]}
        cand_lists: list[list[_Cand]] = []
        for key, admin_only, abbrev_ok in gkeys:
            phrase = spans[groups[(key, admin_only, abbrev_ok)][0]].text
            cand_lists.append(
                self._candidates(
                    phrase,
                    aliases,
                    [hint] if hint else [],
                    allow_abbrev=abbrev_ok,
                    admin_only=admin_only,
                )
            )
        # "Town, State": the span right after a comma names a region that contains the town
        order = sorted(range(len(spans)), key=lambda x: spans[x].start)
        links: list[tuple[int, int]] = []  # (group of town, group of container)
        for a, b in itertools.pairwise(order):
            gap = text[spans[a].end : spans[b].start]
            if gap.strip() == "," and len(gap) <= 3:
                links.append((group_of[a], group_of[b]))
        # fuzzy retry for names with no candidate, now that the document's countries are known
        doc_cc = [c[0].entry.place.country_code for c in cand_lists if len(c) == 1]
        doc_cc += [p.country_code for p in context]
        if hint:
            doc_cc.insert(0, hint)
        ranked_cc = [
            cc
            for cc, _ in sorted(
                ((cc, doc_cc.count(cc)) for cc in set(doc_cc) if cc), key=lambda x: -x[1]
            )
        ]
        for gi, cands in enumerate(cand_lists):
            if not cands and ranked_cc:
                key = gkeys[gi][0]
                cand_lists[gi] = self._loose(key, ranked_cc)

        static = [
            np.array(
                [
                    W_MATCH * c.match
                    + W_PRIOR * _prior(c.entry)
                    + (W_HINT if hint and c.entry.place.country_code == hint else 0.0)
                    + (W_LOCALE if locale and c.entry.place.country_code == locale else 0.0)
                    for c in cands
                ]
            )
            for cands in cand_lists
        ]
        # A candidate whose static score trails the best by more than all the context it could
        # ever gain cannot win: drop it before the (costlier) context rounds.
        linked: dict[int, int] = defaultdict(int)
        for town, region in links:
            linked[town] += 1
            linked[region] += 1
        for gi, sc in enumerate(static):
            reach = MAX_CONTEXT + W_COMMA * linked[gi] + 1e-6
            if len(sc) > 1:
                keep = np.nonzero(sc >= sc.max() - reach)[0]
                if len(keep) < len(sc):
                    cand_lists[gi] = [cand_lists[gi][int(k)] for k in keep]
                    static[gi] = sc[keep]
        weights = np.array([len(groups[g]) ** 0.5 for g in gkeys])
        table = _CandTable.of(cand_lists)
        scores = static
        for _round in range(3):
            scores = self._with_context(cand_lists, static, scores, weights, context, links, table)
        best = [int(np.argmax(s)) if len(s) else -1 for s in scores]

        out: list[Toponym | None] = [None] * len(spans)
        for gi, g in enumerate(gkeys):
            # one sense per name: its place, confidence and runners-up are worked out once and
            # given to every mention
            cands = cand_lists[gi]
            place: Place | None = None
            ranked: tuple[Place, ...] = ()
            prob, precision = 0.0, 3
            if cands:
                sc = scores[gi]
                b = best[gi]
                z = np.exp((sc - sc.max()) / SOFTMAX_T)
                prob = round(float(z[b] / z.sum()), 4)
                entry = cands[b].entry
                place, precision = entry.place, entry.precision
                ranked = tuple(cands[int(o)].entry.place for o in np.argsort(-sc)[:5])
            for idx in groups[g]:
                s = spans[idx]
                out[idx] = Toponym(s.start, s.end, s.text, place, prob, precision, ranked)
        return [t for t in out if t is not None]

    def _with_context(
        self,
        cand_lists: list[list[_Cand]],
        static: list[np.ndarray],
        scores: list[np.ndarray],
        weights: np.ndarray,
        context: list[Place],
        links: list[tuple[int, int]],
        table: _CandTable,
    ) -> list[np.ndarray]:
        """Add document evidence to each name's static scores.

        Every other name votes with its top candidates, weighted by their current probability
        (a soft, mean-field version of "the places the document is about"), so that one early
        mistake does not drag its neighbours along.
        """
        n = len(cand_lists)
        voters: list[tuple[int, Place, int, float]] = []  # (group, place, level, weight)
        for i, cands in enumerate(cand_lists):
            if len(cands) == 1:  # a lone candidate holds all of its name's probability
                e = cands[0].entry
                voters.append((i, e.place, e.level, float(weights[i])))
                continue
            if not cands:
                continue
            sc = scores[i]
            top = np.argsort(-sc)[:CONTEXT_TOP]
            z = np.exp((sc[top] - sc[top[0]]) / SOFTMAX_T)
            z /= z.sum()
            for ci, pr in zip(top.tolist(), z.tolist(), strict=True):
                if pr > 0.05:
                    e = cands[ci].entry
                    voters.append((i, e.place, e.level, float(pr * weights[i])))
        for p in context:
            voters.append((-1, p, LEVEL_PLACE, 1.0))
        v_w = np.array([v[3] for v in voters])
        # the distance feature, for every candidate of every name at once (one numpy pass
        # per round, not one per name): only towns and districts vote by proximity
        fine = [v for v in voters if v[2] >= LEVEL_ADM2]
        near = table.nearness(
            np.array([v[0] for v in fine]),
            np.array([v[1].latitude for v in fine]),
            np.array([v[1].longitude for v in fine]),
            np.array([v[3] for v in fine]),
        )
        near_ctx = np.where(table.level >= LEVEL_ADM2, W_NEAR * near, 0.0)
        # each region's current best reading, for "Town, Region" links
        best = [int(np.argmax(sc)) if len(sc) else -1 for sc in scores] if links else []
        # document-wide tallies once; each name then subtracts its own votes
        cc_all: dict[str, float] = defaultdict(float)
        a1_all: dict[tuple[str, str], float] = defaultdict(float)
        own_cc: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        own_a1: dict[int, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
        # the strongest naming of each country / admin1, and the runner-up from another name,
        # so that a name's own votes can be left out in O(1)
        named_cc: dict[str, list[tuple[float, int]]] = defaultdict(list)
        named_a1: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
        sib_all: dict[tuple[str, str], float] = defaultdict(float)
        own_sib: dict[int, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
        for g, p, lvl, w in voters:
            cc_all[p.country_code] += w
            own_cc[g][p.country_code] += w
            if p.admin1:
                a1_all[(p.country_code, p.admin1)] += w
                own_a1[g][(p.country_code, p.admin1)] += w
            share = w / weights[g] if g >= 0 else 1.0
            if lvl == LEVEL_COUNTRY:
                named_cc[p.country_code].append((share, g))
            elif lvl == LEVEL_ADM1:
                named_a1[(p.country_code, p.admin1)].append((share, g))
            sib = _sibling_class(p, lvl)
            if sib[0]:
                sib_all[sib] += w
                own_sib[g][sib] += w
        grand = float(v_w.sum()) if len(voters) else 0.0
        out: list[np.ndarray] = []
        for i, cands in enumerate(cand_lists):
            if len(cands) < 2:
                # nothing to choose between: a lone candidate wins and votes with its full
                # weight whatever its score, so the document's evidence cannot change it
                out.append(static[i])
                continue
            mine_cc, mine_a1 = own_cc.get(i, {}), own_a1.get(i, {})
            total = grand - sum(mine_cc.values())
            # plain floats while scoring one candidate at a time (numpy scalars are slow)
            ctx_i = near_ctx[table.bounds[i] : table.bounds[i + 1]].tolist()
            for ci, c in enumerate(cands):
                p = c.entry.place
                lvl = c.entry.level
                v = 0.0
                cc = p.country_code
                if total > 1e-9:
                    v += W_COUNTRY_SHARE * (cc_all.get(cc, 0.0) - mine_cc.get(cc, 0.0)) / total
                if lvl != LEVEL_COUNTRY and cc in named_cc:
                    v += W_NAMED_COUNTRY * _best_other(named_cc[cc], i)
                if p.admin1:
                    a1 = (cc, p.admin1)
                    if total > 1e-9:
                        v += W_ADMIN1_SHARE * (a1_all.get(a1, 0.0) - mine_a1.get(a1, 0.0)) / total
                    if lvl > LEVEL_ADM1 and a1 in named_a1:
                        v += W_NAMED_ADMIN1 * _best_other(named_a1[a1], i)
                sib = _sibling_class(p, lvl)
                if sib[0] and total > 1e-9:
                    mine_sib = own_sib.get(i, {}).get(sib, 0.0)
                    v += W_SIBLING * (sib_all.get(sib, 0.0) - mine_sib) / total
                ctx_i[ci] = min(ctx_i[ci] + v, MAX_CONTEXT)
            ctx = np.array(ctx_i)
            for town, region in links:
                if town == i and region < n and best[region] >= 0:
                    ctx += W_COMMA * np.array(
                        [_inside(c.entry, cand_lists[region][best[region]]) for c in cands]
                    )
                elif region == i:
                    ctx += W_COMMA * np.array(
                        [any(_inside(t, c) for t in cand_lists[town]) for c in cands]
                    )
            out.append(static[i] + ctx)
        return out


_ENGLISH_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ing|ory|ship|ance|ence|ism|ist)$")


_HEADLINE_SUFFIXES = _words("province governorate countryside")


def _headline_suffix(doc: _Doc, j: int) -> bool:
    """Is token j a kind word capitalised as in a headline ("Hama Province", "Daraa
    Countryside") that ends the name (no further title-case word joins it; an all-capitals
    dateline may follow: "Hama Province WASHINGTON (Sputnik)")?"""
    toks = doc.toks
    if toks[j][2].lower() not in _HEADLINE_SUFFIXES or not toks[j][2][:1].isupper():
        return False
    nxt = j + 1
    return not (
        nxt < len(toks)
        and doc.caps[nxt]
        and not toks[nxt][2].isupper()
        and _adjacent(doc.text, toks[j], toks[nxt])
    )


def _loose_candidate(doc: _Doc, i: int, k: int) -> bool:
    """May tokens i..k be a misspelt place name? Not if a word of it is an English word (the
    text writes it in lower case, or it is a common word or an organisation's head: "Board",
    "Department of Health"), if a single word has an English derivational ending ("Planning",
    "Mediation", "History"), or if it is a possessive ("Ernie's Place", "Chaudhry's home"):
    a near-miss of a place's spelling is far likelier to be one of those."""
    words = [doc.toks[j][2].lower() for j in range(i, k + 1)]
    if any(w in doc.lower_words or w in COMMON_WORDS or w in ORG_HEADS for w in words):
        return False
    if i == k and _ENGLISH_SUFFIX.search(words[0]):
        return False
    return doc.text[doc.toks[k][1] : doc.toks[k][1] + 2] not in ("'s", "’s")


def _abbreviated(text: str, start: int, end: int) -> bool:
    """Is text[start:end] written as an abbreviation: "U.S.", "La.", "UK", "Calif."?"""
    phrase = text[start:end]
    if "." in phrase or text[end : end + 1] == ".":
        return True
    letters = [c for c in phrase if c.isalpha()]
    return 2 <= len(letters) <= 4 and all(c.isupper() for c in letters)


def _is_cap(tok: str) -> bool:
    c = tok[:1]
    if c.isupper():
        return True
    if _ARABIC.match(c):
        return True
    return bool(_ARTICLE_CAP.match(tok))


# Writing conventions of US English news: dollar amounts, US institutions and parties, clock
# notation, and spellings (an -our/-re spelling anywhere vetoes: the writer is not American).
_US_MARKERS = re.compile(
    r"(\$\s?\d)|\b(sheriff|mph|gop|republicans?|democrats?|congress(?:wo)?man|zip code|"
    r"state senator|state representative|county commissioners?|township|p\.m\.|a\.m\.|"
    r"colou?r|cent(?:er|re)|neighbou?r(?:hood)?|favou?rite|honou?r|labou?r|theat(?:er|re)|"
    r"defen[cs]e)(?![\w])"
)  # matched on lower-cased text (faster than IGNORECASE)
_BRITISH_SPELLINGS = _words(
    "colour centre neighbour neighbourhood favourite honour labour theatre defence"
)


def _locale_country(text: str) -> str | None:
    """The country whose conventions the text is written in, when two kinds of marker agree:
    "$750" with "sheriff", "7 p.m." with "neighborhood". A weak prior for names that nothing
    else in the text disambiguates (a local paper's "Alexandria" or "Mansfield"); it is off
    when the caller gives a country hint."""
    kinds: set[str] = set()
    for m in _US_MARKERS.finditer(text[:20_000].lower()):
        word = m.group(2)
        if word is None:
            kinds.add("$")
            continue
        if word in _BRITISH_SPELLINGS:
            return None
        kinds.add(word.rstrip("s"))
    return "US" if len(kinds) >= 2 else None


def _sibling_class(p: Place, level: int) -> tuple[str, str]:
    """The kind of place a name is read as, for the sibling feature: a text that names
    countries and capitals ("Moscow", "Russia") reads an ambiguous "Georgia" or "Washington" as
    another of them; a text that names a country's states reads it as one of its states."""
    if level <= LEVEL_COUNTRY or p.feature_code == "PPLC":
        return ("world", "")
    if level == LEVEL_ADM1:
        return ("adm1", p.country_code)
    return ("", "")


def _best_other(votes: list[tuple[float, int]], group: int) -> float:
    """The largest share among votes cast by names other than ``group``."""
    return max((share for share, g in votes if g != group), default=0.0)


def _inside(inner: _Cand | Entry, outer: _Cand | Entry) -> bool:
    """Does ``outer`` (a country or admin1 region) contain ``inner``?"""
    a = inner.entry if isinstance(inner, _Cand) else inner
    b = outer.entry if isinstance(outer, _Cand) else outer
    if a.place.country_code != b.place.country_code or a.level <= b.level:
        return False
    if b.level == LEVEL_COUNTRY:
        return True
    if b.level == LEVEL_ADM1:
        return a.place.admin1 == b.place.admin1
    if b.level == LEVEL_ADM2:
        return a.place.admin2 == b.place.admin2
    return False


def loose_end_index(toks: list[tuple[int, int, str]], end: int, i: int) -> int:
    while i + 1 < len(toks) and toks[i + 1][0] < end:
        i += 1
    return i


def single_upper_only(toks: list[tuple[int, int, str]], i: int, k: int) -> bool:
    """Is every token of the span all upper case (an acronym, not "New York" in a headline)?"""
    return all(toks[j][2].isupper() for j in range(i, k + 1))


def _same_clause(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Only white space (no punctuation, no line break) between two tokens."""
    gap = text[a[1] : b[0]]
    return not gap.strip() and "\n" not in gap


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two tokens are in one name only if separated by plain spaces (no comma, no line break)."""
    gap = text[a[1] : b[0]]
    if gap in ("-", "‑"):
        return True  # "Winston-Salem", split by the tokenizer
    if "." in gap and not (len(a[2]) <= 3 and a[2][:1].isupper()):  # "St. Louis", not "Homs. The"
        return False
    return len(gap) <= 3 and gap.strip(" .") == "" and "\n" not in gap
