"""The stage interface: registration, configuration, versions, sentence splitting."""

from __future__ import annotations

from typing import ClassVar

import pytest

from tadmor.extract.pipeline import Pipeline, UnknownStageError, register_stage
from tadmor.extract.records import Document, Span
from tadmor.extract.stages.sentences import split_sentences


@register_stage("test_upper_count")
class UpperCount:
    name: ClassVar[str] = "test_upper_count"
    version: ClassVar[str] = "1"

    def __init__(self, minimum: int = 1) -> None:
        self.minimum = minimum

    def __call__(self, doc: Document) -> Document:
        doc.sentences = [
            s for s in doc.sentences if sum(c.isupper() for c in s.text) >= self.minimum
        ]
        return doc


def test_stages_run_in_order_with_their_config() -> None:
    p = Pipeline.from_config(
        ["sentences", "test_upper_count"], {"test_upper_count": {"minimum": 2}}
    )
    doc = p(Document(text="One Two three. Only lower here. And Another"))
    assert [s.text for s in doc.sentences] == ["One Two three.", "And Another"]


def test_version_changes_with_config_and_unknown_stage_is_named() -> None:
    a = Pipeline.from_config(
        ["sentences", "test_upper_count"], {"test_upper_count": {"minimum": 2}}
    )
    b = Pipeline.from_config(
        ["sentences", "test_upper_count"], {"test_upper_count": {"minimum": 3}}
    )
    assert a.version != b.version
    assert (
        a.version
        == Pipeline.from_config(
            ["sentences", "test_upper_count"], {"test_upper_count": {"minimum": 2}}
        ).version
    )
    with pytest.raises(UnknownStageError) as info:
        Pipeline.from_config(["sentences", "no_such_stage"])
    assert "no_such_stage" in str(info.value) and "sentences" in str(info.value)


def test_sentence_spans_point_into_the_text() -> None:
    text = (
        "Gen. Smith said 14 were killed. The U.S. denied it!\n"
        "Headline without stop\n\n“Quote.” Next one."
    )
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Gen. Smith said 14 were killed.",
        "The U.S. denied it!",
        "Headline without stop",
        "“Quote.”",
        "Next one.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_span_rejects_text_that_does_not_fit() -> None:
    with pytest.raises(ValueError):
        Span(0, 3, "ab")


def test_language_stage_detects_and_respects_a_given_language() -> None:
    from tadmor.extract.stages.language import LanguageStage

    stage = LanguageStage()
    assert stage(Document(text="قال المرصد إن 400 مدني قتلوا في تدمر")).language == "ar"
    assert (
        stage(Document(text="Les statues du musée ont été évacuées vers Damas.")).language == "fr"
    )
    assert stage(Document(text="Shelling hit the old city overnight.")).language == "en"
    assert stage(Document(text="Shelling hit the city.", language="de")).language == "de"
    assert stage(Document(text="12 34 ...")).language is None
