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
    assert _q("14 kilometres north, in 2015, at 0914, 50 percent, a 12-year-old") == []


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
