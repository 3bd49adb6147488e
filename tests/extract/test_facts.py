"""Document-level facts (FA-KES fields) from claims."""

from tadmor.extract.facts import incident_facts

from .conftest import run


def test_sub_group_among_a_total_counts_the_total() -> None:
    doc = run("Two medics were among at least 31 people killed on Saturday in government shelling.")
    assert incident_facts(doc).nb_civilians == 31


def test_fighters_are_not_civilians() -> None:
    doc = run("US-led raids killed 14 jihadists and five civilians overnight, a monitor said.")
    f = incident_facts(doc)
    assert f.nb_civilians == 5 and f.nb_noncivilians == 14
