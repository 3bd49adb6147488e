import datetime as dt

from tadmor.extract.records import FigureKind, Qualifier, VictimGroup
from tadmor.extract.stages.quantities import find_quantities

from .conftest import run


def _q(text: str) -> list[tuple[str, int, int | None, Qualifier]]:
    return [(q.span.text, q.low, q.high, q.qualifier) for q in find_quantities(text)]


def test_qualifiers_and_spaced_thousands() -> None:
    got = _q(
        "more than 14\u00a0000 fighters, at least 400 people, nearly 70 children, "
        "between 300 and 400 dead, about 1,200 families"
    )
    assert ("more than 14\u00a0000", 14000, None, Qualifier.AT_LEAST) in got
    assert ("at least 400", 400, None, Qualifier.AT_LEAST) in got
    assert ("nearly 70", 70, 70, Qualifier.AT_MOST) in got
    assert ("between 300 and 400", 300, 400, Qualifier.RANGE) in got
    assert ("about 1,200", 1200, 1200, Qualifier.ABOUT) in got


def test_words_and_vague_by_acled_rule() -> None:
    got = {
        t: (lo, qual)
        for t, lo, _, qual in _q(
            "Thirty-five soldiers, dozens of civilians, hundreds of families, several men"
        )
    }
    assert got["Thirty-five"] == (35, Qualifier.EXACT)
    assert got["dozens"] == (12, Qualifier.VAGUE)
    assert got["hundreds"] == (100, Qualifier.VAGUE)
    assert got["several"] == (3, Qualifier.VAGUE)


def test_measures_years_and_times_are_not_counts() -> None:
    assert _q("14 kilometres north, in 2015, at 0914, 50 percent, a 12-year-old, at 4:47") == []


def _figures(text: str) -> list[tuple[str, FigureKind, VictimGroup]]:
    doc = run(text, dt.datetime(2016, 1, 1))
    return [(f.quantity.span.text, f.kind, f.group) for f in doc.figures]


def test_tolls_by_kind_and_group() -> None:
    got = _figures("20 civilians were killed and 30 others were injured in a car bomb attack.")
    assert got == [
        ("20", FigureKind.KILLED, VictimGroup.CIVILIANS),
        ("30", FigureKind.INJURED, VictimGroup.PEOPLE),
    ]


def test_sub_figure_inherits_kind() -> None:
    got = _figures("There are at least 56 dead including 11 children and dozens more wounded.")
    assert ("11", FigureKind.KILLED, VictimGroup.CHILDREN) in got
    assert ("dozens", FigureKind.INJURED, VictimGroup.PEOPLE) in got


def test_attackers_strength_is_not_a_toll() -> None:
    got = _figures("ISIS has attacked the area with more than 14 000 terrorists.")
    assert got == [("more than 14 000", FigureKind.STRENGTH, VictimGroup.COMBATANTS)]


def test_toll_phrase_and_trailing_qualifier() -> None:
    doc = run(
        "The death toll rose to 45. A bomb claimed the lives of 20 civilians at least.",
        dt.datetime(2016, 1, 1),
    )
    got = {f.quantity.span.text: f for f in doc.figures}
    assert got["45"].kind == FigureKind.KILLED
    assert got["20 civilians at least"].quantity.qualifier == Qualifier.AT_LEAST


def test_mentioned_groups_are_kept() -> None:
    doc = run(
        "At least 400 citizens of the town, mostly women and children, were killed.",
        dt.datetime(2016, 1, 1),
    )
    (f,) = doc.figures
    assert f.group == VictimGroup.CIVILIANS and f.quantity.low == 400
    assert set(f.mentioned_groups) == {VictimGroup.WOMEN, VictimGroup.CHILDREN}


def test_harm_verb_after_the_number_is_its_own() -> None:
    """Scraped texts lose commas: "killed 14 people 25 were wounded" wounds 25, kills 14."""
    doc = run("At least 14 people were killed 25 were wounded in an attack on a wedding.")
    kinds = {f.quantity.span.text: f.kind for f in doc.figures}
    assert kinds["At least 14"] == FigureKind.KILLED
    assert kinds["25"] == FigureKind.INJURED


def test_noun_phrase_ends_at_a_function_word() -> None:
    """ "in rebel-held X" qualifies a place: the number before it counts no fighters."""
    got = _figures("Government shelling kills 12 in rebel-held Douma.")
    assert got == [("12", FigureKind.KILLED, VictimGroup.PEOPLE)]


def test_harm_verb_after_and_is_not_a_noun_modifier() -> None:
    got = _figures("The blast hit the market, killing at least 40 and wounding dozens more.")
    assert ("at least 40", FigureKind.KILLED, VictimGroup.PEOPLE) in got
    assert ("dozens", FigureKind.INJURED, VictimGroup.PEOPLE) in got


def test_open_class_modifiers_and_acronyms_before_the_noun() -> None:
    got = _figures(
        "The raid killed 9 moderate Syrian rebels. Jets killed 6 IS group militants. "
        "At least 30 army and militia fighters were killed."
    )
    assert [g for _, _, g in got] == [VictimGroup.COMBATANTS] * 3


def test_more_combatant_nouns() -> None:
    got = _figures(
        "Clashes killed 40 Daesh members. Two Turkish troopers died. "
        "Strikes killed 5 field commanders and 3 militia."
    )
    assert {g for _, _, g in got} == {VictimGroup.COMBATANTS}


def test_agent_of_an_active_harm_verb_is_no_victim() -> None:
    """ "Three gunmen killed 12 guards": the gunmen did it; the guards are the toll."""
    got = _figures("Three gunmen have killed 12 guards at the gate.")
    assert ("Three", FigureKind.STRENGTH, VictimGroup.COMBATANTS) in got
    assert ("12", FigureKind.KILLED, VictimGroup.COMBATANTS) in got
    # The headline participle with no object keeps its own harm.
    got = _figures("11 people killed 20 injured in a market blast.")
    assert ("11", FigureKind.KILLED, VictimGroup.PEOPLE) in got


def test_partitive_count_takes_the_group_it_is_said_to_be() -> None:
    got = _figures("A monitor said at least 9 of the dead were soldiers.")
    assert got == [("at least 9", FigureKind.KILLED, VictimGroup.COMBATANTS)]


def test_long_subject_before_the_toll_verb() -> None:
    got = _figures(
        "The death toll from Sunday's double car bomb attack on the crowded vegetable market "
        "in the old town has risen to 64."
    )
    assert got == [("64", FigureKind.KILLED, VictimGroup.PEOPLE)]


def test_a_number_with_a_verb_of_its_own_does_not_borrow_the_harm() -> None:
    got = _figures("Four people died and 30 others suffered burns and were treated in hospital.")
    assert ("30", FigureKind.KILLED, VictimGroup.PEOPLE) not in got
    got = _figures("Two people died and 12 residents were evacuated from the building.")
    assert [t for t, k, _ in got if k == FigureKind.KILLED] == ["Two"]


def test_quoted_noun() -> None:
    got = _figures('The army said it killed 25 "terrorists" near the town.')
    assert got == [("25", FigureKind.KILLED, VictimGroup.COMBATANTS)]


def test_single_victims() -> None:
    got = _figures(
        "A man was shot dead near the checkpoint. The gunman killed a woman and wounded a "
        "12-year-old boy. An off-duty police officer, 41, died in hospital. Mortar fire hit the "
        "school, claiming the life of a teacher."
    )
    assert got == [
        ("A man", FigureKind.KILLED, VictimGroup.PEOPLE),
        ("a woman", FigureKind.KILLED, VictimGroup.WOMEN),
        ("a 12-year-old boy", FigureKind.INJURED, VictimGroup.CHILDREN),
        ("An off-duty police officer", FigureKind.KILLED, VictimGroup.COMBATANTS),
        ("a teacher", FigureKind.KILLED, VictimGroup.CIVILIANS),
    ]


def test_single_victim_negatives() -> None:
    """No harm verb, no person noun, or the noun is the agent: no figure."""
    got = _figures(
        "A man was arrested at the border. The dispute killed a deal on the crossing. "
        "A soldier killed a civilian. The man was later released."
    )
    assert got == [("a civilian", FigureKind.KILLED, VictimGroup.CIVILIANS)]


def test_count_of_kin_is_not_a_toll() -> None:
    """ "The wives of the four fighters were among the dead": the wives died, not the four."""
    got = _figures("The wives of the four rebel fighters were also among the dead.")
    assert got == []


def test_victims_named_with_their_age() -> None:
    """News introduce a victim by name and age in commas, or by age alone."""
    got = _figures(
        "Maya Haddad, 9, was killed when the shell hit. A 16-year-old has died of his wounds. "
        "Police said Omar Said, 31, was arrested."
    )
    assert got == [
        ("Maya Haddad", FigureKind.KILLED, VictimGroup.CHILDREN),
        ("A 16-year-old", FigureKind.KILLED, VictimGroup.CHILDREN),
    ]


def test_bare_shot_tells_no_outcome() -> None:
    assert _figures("A man was shot in the leg outside the bakery.") == []
