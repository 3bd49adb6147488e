"""The Palmyra article (May 2015): the claims the issue asks for, with their spans.

The rules are general (none names Palmyra); this checks them on the example input.
"""

import datetime as dt

from tadmor.extract.records import Certainty, Document, FigureKind, SourceKind, VictimGroup


def _claims_with(doc: Document, words: str) -> list:
    return [c for c in doc.claims if words in c.sentence.text]


def test_dates_resolved(palmyra_doc: Document) -> None:
    by = {d.span.text: d for d in palmyra_doc.dates}
    assert by["May 20"].date == dt.date(2015, 5, 20)
    assert by["21 May"].date == dt.date(2015, 5, 21)
    assert by["the next day"].date == dt.date(2015, 5, 21)
    assert by["yesterday"].date == dt.date(2015, 5, 23)


def test_isis_takes_palmyra_from_the_army(palmyra_doc: Document) -> None:
    takes = [
        c
        for c in palmyra_doc.claims
        if c.sub_event_type == "NON_STATE_ACTOR_OVERTAKES_TER"
        and c.actor1 is not None
        and c.actor1.value == "Islamic State (ISIS)"
    ]
    assert takes
    first = takes[0]
    assert first.actor2 is not None and first.actor2.value == "Military Forces of Syria"
    assert first.date is not None and first.date.value in (
        dt.date(2015, 5, 20),
        dt.date(2015, 5, 21),
    )
    assert first.place is not None and first.place.value.name == "Tadmur"


def test_at_least_400_civilians_per_sana(palmyra_doc: Document) -> None:
    (claim,) = [
        c for c in palmyra_doc.claims if any(f.value.quantity.low == 400 for f in c.figures)
    ]
    fig = next(f for f in claim.figures if f.value.quantity.low == 400)
    assert fig.span is not None and fig.span.text == "at least 400"
    assert fig.value.kind == FigureKind.KILLED and fig.value.group == VictimGroup.CIVILIANS
    assert fig.value.quantity.high is None
    assert set(fig.value.mentioned_groups) == {VictimGroup.WOMEN, VictimGroup.CHILDREN}
    assert claim.origin is not None and claim.origin.value == "Syrian Arab News Agency (SANA)"
    assert claim.origin.span is not None and claim.origin.span.text == "Syrian Agency News"
    assert claim.certainty == Certainty.CONFIRMED
    assert claim.place is not None
    assert abs(claim.place.value.latitude - 34.56) < 0.01
    assert abs(claim.place.value.longitude - 38.28) < 0.01
    assert claim.actor1 is not None and claim.actor1.value == "Islamic State (ISIS)"


def test_strength_with_its_source(palmyra_doc: Document) -> None:
    (claim,) = [
        c for c in palmyra_doc.claims if any(f.value.quantity.low == 14000 for f in c.figures)
    ]
    fig = next(f for f in claim.figures if f.value.quantity.low == 14000)
    assert fig.value.kind == FigureKind.STRENGTH
    assert fig.span is not None and fig.span.text.startswith("more than 14")
    assert claim.origin is not None and claim.origin.value == "Syrian military sources"
    assert claim.origin_kind == SourceKind.MILITARY


def test_executions_of_officials(palmyra_doc: Document) -> None:
    (claim,) = _claims_with(palmyra_doc, "head nurse")
    assert claim.sub_event_type == "ATTACK"
    (fig,) = claim.figures
    assert fig.value.kind == FigureKind.EXECUTED and fig.value.group == VictimGroup.OFFICIALS
    assert fig.value.quantity.low == 12  # "dozens", ACLED's rule
    assert claim.origin is not None and claim.origin.value == "Syrian state television"


def test_confiscation_of_property(palmyra_doc: Document) -> None:
    assert any(
        c.sub_event_type == "PROPERTY_DISTRUCT"
        and c.trigger is not None
        and c.trigger.text == "confiscated"
        for c in palmyra_doc.claims
    )


def test_tweet_that_the_coalition_watched(palmyra_doc: Document) -> None:
    (claim,) = _claims_with(palmyra_doc, "Via satellite and drone")
    assert claim.quote
    assert claim.origin is not None and claim.origin.value == "Frédéric Helbert"
    assert claim.origin_kind == SourceKind.SOCIAL_MEDIA
    assert claim.actor1 is not None and claim.actor1.value == "International Coalition Forces"
    assert claim.date is not None and claim.date.value == dt.date(2015, 5, 21)


def test_phosphorus_is_hedged(palmyra_doc: Document) -> None:
    claims = _claims_with(palmyra_doc, "phosphorus")
    assert claims and all(c.certainty == Certainty.HEDGED for c in claims)


def test_statues_evacuated_sarcophagi_left(palmyra_doc: Document) -> None:
    status = {h.span.text: h.status for c in palmyra_doc.claims for h in c.heritage}
    assert status["statues"] == "evacuated"
    assert status["sarcophagi"] == "immovable"
