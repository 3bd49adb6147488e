import datetime as dt

from tadmor.extract.records import Certainty, SourceKind
from tadmor.extract.stages.attribution import normalise_source, sentence_certainty
from tadmor.extract.stages.events import sentence_type

from .conftest import run


def _attr(text: str) -> list[tuple[str, str, SourceKind, Certainty]]:
    doc = run(text, dt.datetime(2016, 1, 1))
    return [(a.span.text, a.origin, a.kind, a.certainty) for a in doc.attributions]


def test_according_to_and_speech_verbs() -> None:
    got = _attr(
        "According to the Syrian Observatory for Human Rights, 20 people died. "
        "Another 20 people were wounded state news agency SANA reported. "
        "Syrian media also reported that homes were looted."
    )
    assert got[0][1] == "Syrian Observatory for Human Rights (SOHR)"
    assert got[0][2] == SourceKind.MONITOR
    assert got[1][0] == "state news agency SANA"
    assert got[1][1] == "Syrian Arab News Agency (SANA)"
    assert got[2][1] == "Syrian state media" and got[2][3] == Certainty.REPORTED


def test_confirmed_by_and_pronoun() -> None:
    got = _attr(
        "It was officially confirmed by the Syrian Health Ministry: 10 died. "
        "He added that more were hurt."
    )
    assert got[0][1] == "Syrian government" and got[0][3] == Certainty.CONFIRMED
    assert got[1][1] == "Syrian government"


def test_tweet_lends_its_origin_to_the_quote_that_follows() -> None:
    doc = run(
        "The reporter Jane Roe, from her Twitter account, wrote:\n\n"
        "\u201cThe coalition was watching the march of ISIS on the town.\u201d",
        dt.datetime(2016, 1, 1),
    )
    quote_claims = [c for c in doc.claims if c.quote]
    assert quote_claims and quote_claims[0].origin is not None
    assert quote_claims[0].origin.value == "Jane Roe"
    assert quote_claims[0].origin_kind == SourceKind.SOCIAL_MEDIA


def test_certainty_cues() -> None:
    hedged = sentence_certainty("what leads to believe phosphorus was used", False)
    assert hedged == Certainty.HEDGED
    assert sentence_certainty("The ministry denied the strike", True) == Certainty.DENIED
    assert sentence_certainty("Rebels reportedly took the town", False) == Certainty.REPORTED
    assert sentence_certainty("Rebels took the town", False) == Certainty.ASSERTED
    assert sentence_certainty("The talks could resume on May 3", False) == Certainty.SPECULATIVE


def test_unknown_source_keeps_its_words() -> None:
    assert normalise_source("the Kurdish Red Crescent official")[1] in (
        SourceKind.MONITOR,
        SourceKind.OFFICIAL,
    )


def _heritage(text: str) -> list[tuple[str, str]]:
    return [(h.span.text, h.status) for h in run(text).heritage]


def test_heritage_statuses() -> None:
    assert ("statues", "evacuated") in _heritage(
        "Most of the museum's statues have been transferred from the city."
    )
    assert ("sarcophagi", "immovable") in _heritage(
        "The sarcophagi were too heavy to move to a safe place."
    )
    assert ("Temple of Bel", "destroyed") in _heritage("Militants blew up the Temple of Bel.")
    assert ("museum", "mentioned") in _heritage("The museum was not damaged.")
    assert ("antiquities", "looted") in _heritage("Gunmen looted antiquities from the site.")


def _type(text: str) -> str:
    doc = run(text, dt.datetime(2016, 1, 1))
    return sentence_type(doc, doc.sentences[0])


def test_event_types_by_rule() -> None:
    assert _type("Regime helicopters dropped barrel bombs on Douma, killing 12.") == "AIR_STRIKE"
    assert _type("A suicide car bomb killed 20 at a checkpoint.") == "SUIC_BOMB"
    assert _type("A car bomb exploded near the shrine.") == "REM_EXPLOS"
    assert _type("Rebels shelled the district with mortars.") == "ART_MISS_ATTACK"
    assert _type("Sarin was used in the attack on the town.") == "CHEM_WEAP"
    assert _type("ISIS executed 20 prisoners.") == "ATTACK"
    assert _type("Gunmen kidnapped three aid workers.") == "ABDUCT_DISSAP"
    assert _type("Police arrested 15 men in Homs.") == "ARREST"
    assert _type("Fierce clashes broke out between rebels and the army.") == "ARMED_CLASH"
    assert _type("Hundreds of people protested peacefully in Idlib.") == "PEACE_PROTEST"
    assert (
        _type("Security forces opened fire on protesters, killing two.") == "FORCE_AGAINST_PROTEST"
    )
    assert _type("The two sides agreed to a ceasefire.") == "AGREEMENT"
    assert _type("The minister met his counterpart in Geneva.") == "not_conflict"


def test_territory_depends_on_who_takes_it() -> None:
    assert _type("ISIS captured the town after heavy fighting.") == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert _type("The Syrian army recaptured the town.") == "GOV_REGAINS_TERIT"
    assert (
        _type("After days of fighting the army had to withdraw before the advance of ISIS.")
        == "NON_STATE_ACTOR_OVERTAKES_TER"
    )


def test_negated_trigger_is_marked() -> None:
    doc = run("The device did not explode.", dt.datetime(2016, 1, 1))
    assert any(e.negated for e in doc.events if e.span.text == "explode")


def test_heritage_destruction_is_property_destruction_tagged() -> None:
    doc = run("ISIS militants blew up the Temple of Bel.", dt.datetime(2016, 1, 1))
    assert any(e.sub_event_type == "PROPERTY_DISTRUCT" and e.heritage_damage for e in doc.events)


def test_toll_goes_to_the_violent_event() -> None:
    """An agreement kills no one: the toll belongs to the bombing next to it."""
    from .conftest import run as _run

    doc = _run("A bomb blast hit the convoy killing 30 people after the evacuation deal stalled.")
    (toll,) = [c for c in doc.claims if c.figures]
    assert toll.sub_event_type != "AGREEMENT"


def test_pro_prefixed_name_is_a_side_not_a_place() -> None:
    from tadmor.geo.records import Place

    from .conftest import run as _run

    damascus = Place(170654, "Damascus", "SY", 33.5102, 36.29128, "P", "PPLC", admin1="Dimashq")
    text = "Pro-Damascus media said a car bomb killed 22 people."
    doc = _run(text, places={"Damascus": damascus})
    assert all(c.place is None for c in doc.claims)
