"""Actors: mentions normalised through an editable alias table, plus generic recognition.

The table (``tadmor/extract/data/actors.csv``, documented in ``data/README.md``) maps the names
the press uses ("Daesh", "regime forces", "US-led") to one canonical actor with its ACLED-style
category and country. Matching is one compiled alternation per case mode, longest alias first,
so "Free Syrian Army" wins over "Syrian army". Names the table lacks are recognised by pattern:
a nationality with a force noun ("Jordanian army") and capitalised group names ("Liwa al-Quds",
"Sultan Murad Brigade"). A table is used rather than spaCy's NER because the small model splits
"Islamic State" and tags towns as persons (packages.md), and because analysts need to see and
correct what "the regime" or "terrorists" is taken to mean.
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
from tadmor.extract.records import ActorCategory, ActorMention, Document, Span
from tadmor.extract.stages._caseless import CaselessPattern


@dataclass(frozen=True, slots=True)
class Actor:
    canonical: str
    category: ActorCategory
    country: str


_NATIONALITIES = {
    "syrian": ("SY", "Syria"), "russian": ("RU", "Russia"), "american": ("US", "the United States"),
    "us": ("US", "the United States"), "u.s.": ("US", "the United States"),
    "turkish": ("TR", "Turkey"), "israeli": ("IL", "Israel"), "iranian": ("IR", "Iran"),
    "iraqi": ("IQ", "Iraq"), "jordanian": ("JO", "Jordan"), "lebanese": ("LB", "Lebanon"),
    "french": ("FR", "France"), "british": ("GB", "the United Kingdom"),
    "saudi": ("SA", "Saudi Arabia"), "qatari": ("QA", "Qatar"), "emirati": ("AE", "the UAE"),
    "egyptian": ("EG", "Egypt"), "australian": ("AU", "Australia"), "german": ("DE", "Germany"),
    "dutch": ("NL", "the Netherlands"), "belgian": ("BE", "Belgium"), "danish": ("DK", "Denmark"),
    "canadian": ("CA", "Canada"), "yemeni": ("YE", "Yemen"), "libyan": ("LY", "Libya"),
}  # fmt: skip
# A nationality before a force noun, or before the weapon it used ("Syrian air raids",
# "Russian strike", "U.S. attack"): in war reports the adjective names the state that acted.
_FORCE_NOUN = (
    r"(?:air\s+force|army|armed\s+forces|forces|troops|military|soldiers|warplanes|jets|aircraft|"
    r"planes|helicopters|drones|navy|artillery|border\s+guards?|special\s+forces|tanks|"
    r"(?:air\s*-?\s*)?strikes?|(?:air\s+)?raids?|airstrikes?|shelling|bombardment|bombing|"
    r"missiles?(?:\s+strikes?)?|attacks?|government\s+(?:air\s+)?(?:strikes?|raids?|shelling))"
)
_NATIONAL_RE = re.compile(
    r"(?<![\w-])(?P<nat>"
    + "|".join(re.escape(n) for n in sorted(_NATIONALITIES, key=len, reverse=True))
    + rf")\s+{_FORCE_NOUN}\b",
    re.IGNORECASE,
)
_GROUP_HEAD = (
    r"Liwa|Jaysh|Jaish|Jeish|Harakat|Katibat|Kataib|Kata'ib|Ansar|Jund|Faylaq|Failaq|Saraya|"
    r"Firqat|Tajammu|Alwiya"
)
_NAMED_GROUP_RE = re.compile(
    rf"\b(?:(?:{_GROUP_HEAD})\s+(?:(?:al|el|ul)[-\s])?[A-Z][\w'-]+(?:\s+(?:(?:al|el)[-\s])?[A-Z][\w'-]+){{0,2}}"
    r"|(?:[A-Z][\w'-]+\s+){1,3}(?:Brigades?|Battalions?|Front|Movement|Division|Regiment|Legion))\b"
)
_SHORT_ACRONYM = re.compile(r"^[A-Z]{1,3}$")
# "rebel-held", "IS-controlled", "US-backed": the name qualifies a place or another actor.
_TAIL = (
    r"(?:['’]s)?(?![\w])"
    r"(?!-(?:held|controlled|run|backed|allied|affiliated|linked|occupied|besieged))"
)


def _norm(name: str) -> str:
    """Lower case, no apostrophes, single spaces: "Assad's  Forces" == "assads forces"."""
    return re.sub(r"\s+", " ", re.sub(r"['’]", "", name.lower())).strip()


def _default_table() -> Path:
    return Path(str(resources.files("tadmor.extract").joinpath("data/actors.csv")))


def load_table(path: Path | None = None) -> dict[str, Actor]:
    """Alias (as written in the table) -> actor, read from the CSV."""
    table: dict[str, Actor] = {}
    with open(path or _default_table(), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            actor = Actor(
                row["canonical"].strip(),
                ActorCategory(row["category"].strip()),
                row["country"].strip(),
            )
            for alias in row["aliases"].split("|"):
                alias = alias.strip()
                if alias:
                    table[alias] = actor
    return table


class ActorMatcher:
    """Finds actor mentions in a text with the alias table and the generic patterns."""

    def __init__(self, table: dict[str, Actor], home_country: str = "SY") -> None:
        self.home = home_country
        self.exact: dict[str, Actor] = {}
        self.folded: dict[str, Actor] = {}
        exact, folded = [], []
        for alias, actor in table.items():
            if _SHORT_ACRONYM.match(alias):
                self.exact[alias] = actor
                exact.append(alias)
            else:
                self.folded[_norm(alias)] = actor
                folded.append(alias)

        def alternation(names: list[str]) -> str:
            parts = []
            for n in sorted(names, key=len, reverse=True):
                # Apostrophes are often stripped or curled: "Assad's", "Assad’s", "Assads".
                parts.append(re.escape(n).replace("'", "['’]?").replace(r"\ ", r"\s+"))
            return "|".join(parts)

        self._exact_re = (
            re.compile(rf"(?<![\w-])(?:{alternation(exact)}){_TAIL}") if exact else None
        )
        # Matched over the lower-cased text when exact (see :mod:`._caseless`): the surface
        # looked up is read from the text, not from the match.
        self._folded_re = CaselessPattern(rf"(?<![\w-])(?:{alternation(folded)}){_TAIL}")

    def _lookup(self, surface: str, folded: bool) -> Actor | None:
        key = re.sub(r"\s+", " ", re.sub(r"['’]s$", "", surface))
        if not folded:
            return self.exact.get(key)
        return self.folded.get(_norm(key)) or self.folded.get(_norm(surface))

    def find(self, text: str) -> list[ActorMention]:
        cands: list[tuple[int, int, int, Actor]] = []  # (start, end, priority, actor)
        for rx, folded in ((self._folded_re, True), (self._exact_re, False)):
            if rx is None:
                continue
            for m in rx.finditer(text):
                actor = self._lookup(text[m.start() : m.end()], folded)
                if actor is not None:
                    cands.append((m.start(), m.end(), 2, actor))
        for m in _NATIONAL_RE.finditer(text):
            code, name = _NATIONALITIES[m.group("nat").lower()]
            cat = ActorCategory.STATE_FORCES if code == self.home else ActorCategory.EXTERNAL_FORCES
            cands.append((m.start(), m.end(), 1, Actor(f"Military Forces of {name}", cat, code)))
        for m in _NAMED_GROUP_RE.finditer(text):
            name = re.sub(r"\s+", " ", m.group(0))
            cands.append((m.start(), m.end(), 0, Actor(name, ActorCategory.REBEL_GROUP, "")))
        # Longest first, then the table over patterns; drop anything overlapping a kept one.
        cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
        kept: list[tuple[int, int, int, Actor]] = []
        for c in cands:
            if all(c[1] <= k[0] or c[0] >= k[1] for k in kept):
                kept.append(c)
        kept.sort()
        return [
            ActorMention(Span.of(text, s, e), a.canonical, a.category, a.country)
            for s, e, _, a in kept
        ]


@lru_cache(maxsize=4)
def default_matcher(path: str | None = None, home_country: str = "SY") -> ActorMatcher:
    """The matcher over the shipped (or a given) table, built once per process."""
    return ActorMatcher(load_table(Path(path) if path else None), home_country)


@register_stage("actors")
class ActorStage:
    """Fills ``doc.actors``. ``table`` points at another alias CSV of the same layout."""

    name: ClassVar[str] = "actors"
    version: ClassVar[str] = "1"

    def __init__(self, table: str | None = None) -> None:
        self.table = table

    def __call__(self, doc: Document) -> Document:
        matcher = default_matcher(self.table, (doc.country_hint or "SY").upper())
        doc.actors = matcher.find(doc.text)
        return doc
