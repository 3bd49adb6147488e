"""Language identification (lingua, restricted to the languages reports come in).

Restricting lingua to a handful of languages keeps it at ~100 MB and tens of thousands of
texts a second; loading all of them costs about 1 GB. The detector is built once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from tadmor.extract.pipeline import register_stage
from tadmor.extract.records import Document

if TYPE_CHECKING:
    from lingua import LanguageDetector

DEFAULT_LANGUAGES = ("en", "fr", "ar", "de", "es", "tr", "ru", "fa", "ku")


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in codes:
        try:
            langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def detect_language(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it cannot be told."""
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return None
    lang = _detector(tuple(languages)).detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else None


@register_stage("language")
class LanguageStage:
    """Sets ``doc.language`` unless the collector already knew it (``--language``)."""

    name: ClassVar[str] = "language"
    version: ClassVar[str] = "1"

    def __init__(self, languages: list[str] | None = None) -> None:
        self.languages = tuple(languages or DEFAULT_LANGUAGES)

    def __call__(self, doc: Document) -> Document:
        if not doc.language:
            doc.language = detect_language(doc.text, self.languages)
        return doc
