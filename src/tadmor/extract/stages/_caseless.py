"""Case-insensitive patterns run as case-sensitive ones over a lower-cased copy of the text.

Why: Python's regex engine is about twice as slow on ``re.IGNORECASE`` alternations of words
(the event triggers, the date forms, the actor aliases) as on the same alternations
case-sensitive: it folds every character it compares, and it cannot skip an alternative on its
first literal character. The stages scan every text with dozens of such patterns, so they run
the case-sensitive, lower-case form of each pattern over the text lower-cased once.

That is exact only when lower-casing the text changes nothing but ASCII letters, that is when no
non-ASCII character of the text has case (news text in English: curly quotes, dashes and Arabic
letters have none). Otherwise, and for the rare text where it fails ("µ", "é", "ß"), the
original ``IGNORECASE`` pattern runs over the original text. Either way the matches are at the
same positions; their *text* may differ in case, so callers read ``m.start()``, ``m.end()``,
``m.span(group)`` and ``m.lastgroup`` from a match, and the words from the original text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache


@lru_cache(maxsize=4)
def folded_text(text: str) -> str | None:
    """``text`` lower-cased, or None when lower-casing would change anything but ASCII letters
    (a non-ASCII character with case). Cached: every stage of a document asks for the same
    text, and a string's hash is computed once."""
    if not text.isascii():
        for ch in set(text):
            if not ch.isascii() and not (ch.lower() == ch == ch.upper()):
                return None
    return text.lower()


def _lower_pattern(pattern: str) -> str:
    """The pattern with its literal letters lower-cased. Refuses what lower-casing the source
    would change the meaning of: upper-case escapes (``\\S``, ``\\W``, ``\\B``, ``\\N{..}``),
    scoped flags (``(?-i:...)``) and non-ASCII letters with case."""
    if re.search(r"\\[A-Z]|\(\?[a-zA-Z]*-", pattern):
        raise ValueError(f"cannot lower-case pattern safely: {pattern[:60]!r}")
    if any(not ch.isascii() and ch.lower() != ch.upper() for ch in pattern):
        raise ValueError(f"pattern has a non-ASCII cased letter: {pattern[:60]!r}")
    # "(?P<name>" and "(?P=name)" keep their upper-case P; group names are checked by caller.
    return re.sub(r"\(\?p([<=])", r"(?P\1", pattern.lower())


class CaselessPattern:
    """A case-insensitive pattern with :meth:`finditer`, :meth:`search` and :meth:`match` that
    return the matches ``re.compile(pattern, re.IGNORECASE | flags)`` would, at the same
    positions (read positions from them, not text: see the module's docstring)."""

    __slots__ = ("folded", "rx")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.rx = re.compile(pattern, flags | re.IGNORECASE)
        self.folded = re.compile(_lower_pattern(pattern), flags & ~re.IGNORECASE)
        if self.folded.groupindex != self.rx.groupindex:
            raise ValueError("group names must be lower case")

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        low = folded_text(text)
        return (self.rx, text) if low is None else (self.folded, low)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        rx, subject = self._pick(text)
        return rx.finditer(subject, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, subject = self._pick(text)
        return rx.search(subject, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, subject = self._pick(text)
        return rx.match(subject, pos, endpos)
