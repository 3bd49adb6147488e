from tadmor.extract.records import ActorCategory
from tadmor.extract.stages.actors import default_matcher, load_table


def _found(text: str) -> list[tuple[str, str]]:
    return [(a.span.text, a.actor) for a in default_matcher().find(text)]


def test_aliases_normalise_to_one_actor() -> None:
    got = _found("Daesh, ISIL, the Islamic State group and Isis all mean one group; so do IS.")
    assert {a for _, a in got} == {"Islamic State (ISIS)"}
    assert len(got) == 5


def test_longest_alias_wins_and_possessives() -> None:
    got = dict(_found("The Free Syrian Army fought Assad's forces and Assads forces."))
    assert got["Free Syrian Army"] == "Free Syrian Army"
    assert got["Assad's forces"] == got["Assads forces"] == "Military Forces of Syria"


def test_short_acronyms_match_only_in_capitals() -> None:
    assert _found("this is it") == []
    assert _found("the SDF advanced") == [("SDF", "Syrian Democratic Forces (SDF)")]


def test_place_modifier_is_not_an_actor() -> None:
    assert _found("a rebel-held town and an IS-held village") == []


def test_generic_recognition() -> None:
    ms = {
        a.span.text: a
        for a in default_matcher().find(
            "Jordanian army units and the Sultan Murad Brigade and Liwa al-Quds clashed."
        )
    }
    assert ms["Jordanian army"].actor == "Military Forces of Jordan"
    assert ms["Jordanian army"].category == ActorCategory.EXTERNAL_FORCES
    assert ms["Sultan Murad Brigade"].category == ActorCategory.REBEL_GROUP
    assert "Liwa al-Quds" in ms


def test_table_rows_have_valid_categories() -> None:
    table = load_table()
    assert len(table) > 200
    assert all(isinstance(a.category, ActorCategory) for a in table.values())
