"""Sentence splitting by rule.

A rule splitter is fast (no model) and predictable on news text: a sentence ends at ., ! or ?
followed by space and an upper-case letter, digit or quote, unless the word before is a known
abbreviation; a line break always ends one (news lines are paragraphs or headlines).
"""

from __future__ import annotations

import re
from typing import ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import Document, Span

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "brig",
        "cmdr",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "al",
        "approx",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "a.m",
        "p.m",
    }
)

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF])|\n")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, stripped of surrounding white space, in order."""
    spans: list[Span] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group() != "\n":
            word = re.search(r"([\w.]+)[.!?]*[\"'”’)\]]*$", text[start:end])
            w = word.group(1).lower().rstrip(".") if word else ""
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                continue
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span.of(text, start, end))


@register_stage("sentences")
class SentenceStage:
    name: ClassVar[str] = "sentences"
    version: ClassVar[str] = "1"

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text)
        return doc
