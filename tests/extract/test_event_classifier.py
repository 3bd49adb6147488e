"""The static encoder, the trained events classifier and its place in the events stage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tadmor.extract.encoder import basic_tokens, default_encoder
from tadmor.extract.event_classifier import LABELS, default_classifier
from tadmor.extract.records import Document, EventMention, Span
from tadmor.extract.stages.events import sentence_type
from tadmor.extract.train_events import DATA, read_training

from .conftest import run

FIXTURES = Path(__file__).parent / "fixtures"


def test_basic_tokens_split_punctuation_and_strip_accents() -> None:
    assert basic_tokens("Naïve al-Shughour's 14,000.") == [
        "naive", "al", "-", "shughour", "'", "s", "14", ",", "000", ".",
    ]  # fmt: skip


def test_wordpiece_splits_unknown_words_into_known_pieces() -> None:
    enc = default_encoder()
    inv = {i: t for t, i in enc.index.items()}
    assert [inv[i] for i in enc.token_ids("Douma civilians")] == ["do", "##uma", "civilians"]


def test_encoder_vectors_are_normalised_and_similar_for_paraphrases() -> None:
    enc = default_encoder()
    a, b, c = enc.encode(
        [
            "Warplanes bombed the market, killing twelve people.",
            "An air strike on the market killed 12.",
            "The foreign ministers met in Geneva to discuss trade.",
        ]
    )
    assert abs(float(a @ a) - 1.0) < 1e-4
    assert float(a @ b) > float(a @ c)


def test_training_labels_are_known_and_every_type_is_taught() -> None:
    rows = read_training()
    labels = {lab for lab, _, _ in rows}
    assert labels <= set(LABELS)
    assert labels == set(LABELS)  # each of the 25 types and "not_conflict" has examples
    assert (DATA / "README.md").exists()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Fighter jets bombed a bakery in the town of Kafr Nabl, killing eight people.",
         "AIR_STRIKE"),
        ("A suicide bomber blew himself up at a checkpoint in Baidoa, killing six soldiers.",
         "SUIC_BOMB"),
        ("Police fired tear gas at students demonstrating in Harare.", "PROTEST_WITH_INTER"),
        ("A strong earthquake hit the coast of Peru, killing three people.", "not_conflict"),
        ("Gunmen kidnapped 12 travellers on the road to Katsina.", "ABDUCT_DISSAP"),
    ],
)  # fmt: skip
def test_classifier_on_unseen_sentences(text: str, label: str) -> None:
    model = default_classifier()
    assert model is not None
    from tadmor.cli.eval_claims import _event_rules_pipeline

    assert model.predict_snippet(_event_rules_pipeline()(Document(text)))[0] == label


def test_stage_labels_candidate_sentences_only() -> None:
    doc = run("The weather was mild. Regime helicopters dropped barrel bombs on Daraya, killing 9.")
    first, second = doc.sentences
    assert first not in doc.sentence_types  # no trigger, no figure: not read
    assert doc.sentence_types[second][0] == "AIR_STRIKE"
    assert sentence_type(doc, second) == "AIR_STRIKE"
    assert sentence_type(doc, first) == "not_conflict"


def test_heldout_fixture_is_in_the_case_layout() -> None:
    with open(FIXTURES / "events-heldout.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["id", "EventSnippet", "SubType"]
    assert all(len(r) == 3 and r[0].split(":")[0] in {"fakes", "gvc", "palmyra"} for r in rows[1:])


def test_dev_set_shares_no_article_with_the_heldout_test_set() -> None:
    from tadmor.extract.taxonomy import NON_CONFLICT_CODES, SUB_EVENT_TYPES

    def rows(name: str) -> list[list[str]]:
        with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]

    def article(i: str) -> str:
        return ":".join(i.split(":")[:2])

    dev, test = rows("events-dev.tsv"), rows("events-heldout.tsv")
    assert len(dev) >= 150
    assert not {article(r[0]) for r in dev} & {article(r[0]) for r in test}
    assert {r[2] for r in dev} <= set(SUB_EVENT_TYPES) | NON_CONFLICT_CODES | {"NONE"}


def _mention(code: str, conf: float = 0.9, negated: bool = False) -> EventMention:
    s = Span.of("x", 0, 1)
    return EventMention(s, s, code, conf, negated)


def test_crisp_rules_correct_the_classifier_where_acled_is_crisp() -> None:
    from tadmor.extract.event_classifier import crisp_label
    from tadmor.extract.records import VictimGroup as V

    car_bomb = [_mention("REM_EXPLOS")]
    text = "A car bomb killed 26 people at a market."
    # a weapon named as the means, asserted, with victims counted: that weapon's event
    assert crisp_label("not_conflict", text, car_bomb, {V.PEOPLE}) == "REM_EXPLOS"
    # ... not in a tally, a denial or a hypothesis, nor without victims, nor when negated
    tally = "Car bombs have killed 260 people since 2014."
    assert crisp_label("not_conflict", tally, car_bomb, {V.PEOPLE}) == "not_conflict"
    assert crisp_label("not_conflict", text, car_bomb, set()) == "not_conflict"
    negated = [_mention("REM_EXPLOS", negated=True)]
    assert crisp_label("not_conflict", text, negated, {V.PEOPLE}) == "not_conflict"
    # a suicide bomber is a Suicide bomb (ACLED precedence over the classifier's label)
    assert crisp_label("HQ_ESTABLISHED", "", [_mention("SUIC_BOMB")], set()) == "SUIC_BOMB"
    assert crisp_label("ARMED_CLASH", "", [_mention("SUIC_BOMB")], set()) == "ARMED_CLASH"
    # ... and no sentence is one without naming one, when the rules found another event
    killed = [_mention("ARMED_CLASH", 0.5)]
    assert crisp_label("SUIC_BOMB", "Troops killed 25 militants.", killed, {V.COMBATANTS}) == (
        "ARMED_CLASH"
    )
    # violence whose counted victims are all combatants is a battle, not an attack on civilians
    t = "The army killed 11 terrorists in an attack on their positions."
    assert crisp_label("ATTACK", t, [_mention("ARMED_CLASH", 0.6)], {V.COMBATANTS}) == (
        "ARMED_CLASH"
    )
    t = "Militants executed 12 soldiers."
    assert crisp_label("ATTACK", t, [_mention("ATTACK")], {V.COMBATANTS}) == "ATTACK"


def test_blown_themselves_up_is_a_suicide_bombing() -> None:
    doc = run("Two fighters had blown themselves up at the headquarters north of Raqqa.")
    assert any(e.sub_event_type == "SUIC_BOMB" for e in doc.events)
