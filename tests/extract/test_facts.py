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


def test_groups_joined_in_one_sentence_add_up() -> None:
    doc = run("Regime jets bombed the camp, killing four women and a child on Monday.")
    f = incident_facts(doc)
    assert (f.nb_civilians, f.nb_children, f.nb_women) == (5, 1, 4)


def test_parts_do_not_add_up() -> None:
    doc = run("An air strike on Monday killed 14 civilians including three children and a woman.")
    f = incident_facts(doc)
    assert (f.nb_civilians, f.nb_children, f.nb_women) == (14, 3, 1)


def test_lead_breaks_down_the_toll() -> None:
    """The lead gives a total, the next sentence who the dead were."""
    doc = run(
        "A car bomb killed at least 25 people at a checkpoint on Tuesday. "
        "The monitor said nine of the dead were rebels guarding it."
    )
    f = incident_facts(doc)
    assert (f.nb_civilians, f.nb_noncivilians) == (16, 9)


def test_report_splits_the_total_itself() -> None:
    doc = run(
        "Air raids killed 40 people on Friday. "
        "At least 40 people including 31 civilians were killed, the monitor said."
    )
    assert incident_facts(doc).nb_civilians == 31


def test_lead_updates_the_toll() -> None:
    doc = run(
        "Shelling killed more than 20 people in the town on Sunday. "
        "Rescuers said the death toll had risen to 27."
    )
    assert incident_facts(doc).nb_civilians == 27


def test_running_totals_and_earlier_events_are_not_the_toll() -> None:
    doc = run(
        "A drone strike killed six civilians in the village on Wednesday. "
        "Since March at least 400 civilians have been killed in the province. "
        "The strike came a day after 11 civilians were killed in a nearby town."
    )
    assert incident_facts(doc).nb_civilians == 6


def test_toll_given_after_the_lead() -> None:
    """A report may open on reactions; the toll of the attack is still the incident's."""
    doc = run(
        "Leaders condemned the attack on Tuesday. The foreign minister called for an inquiry. "
        "Diplomats met in the evening. Officials said the government would respond. "
        "The air strike on the market killed 17 civilians."
    )
    assert incident_facts(doc).nb_civilians == 17


def test_minors_among_fighters_are_not_civilians() -> None:
    doc = run("At least 60 IS fighters among them 8 minors were killed in the battle on Monday.")
    f = incident_facts(doc)
    assert (f.nb_civilians, f.nb_children, f.nb_noncivilians) == (0, 8, 60)


def test_single_victim_counts() -> None:
    doc = run("A girl was killed when a rocket hit her school on Sunday.")
    f = incident_facts(doc)
    assert (f.nb_civilians, f.nb_children) == (1, 1)


def test_gas_named_in_the_lead_is_the_cause() -> None:
    doc = run(
        "Poison gas released by rockets killed 40 people in the suburb on Wednesday. "
        "Jets later struck the same area."
    )
    assert incident_facts(doc).cause_of_death == "chemical and toxic gases"


def test_chemical_weapons_programme_is_no_chemical_attack() -> None:
    doc = run(
        "Air strikes killed 12 fighters on Monday. The coalition also seized the head of the "
        "group's chemical weapons program."
    )
    assert incident_facts(doc).cause_of_death == "shelling"


def test_next_sentence_calls_the_killing_an_execution() -> None:
    doc = run(
        "Militants killed 14 men in the village on Friday, activists said. "
        "The men were beheaded in the main square."
    )
    assert incident_facts(doc).cause_of_death == "execution"


def test_place_of_a_toll_given_after_the_lead() -> None:
    from tadmor.geo.records import Place

    homs = Place(169577, "Homs", "SY", 34.72682, 36.72339, "P", "PPLA", admin1="Homs")
    idlib = Place(169388, "Idlib", "SY", 35.93062, 36.63393, "P", "PPLA", admin1="Idlib")
    doc = run(
        "Rebels shelled positions near Idlib on Monday. The army said it would respond. "
        "Diplomats met in the evening. Officials gave no details. "
        "Later a car bomb killed nine civilians in Homs.",
        places={"Homs": homs, "Idlib": idlib},
    )
    assert incident_facts(doc).governorate == "homs"


def test_governorate_from_the_lead_that_retells_the_toll() -> None:
    """The toll sentence names only the country; the next sentence says where, and the
    report's most named place (elsewhere) does not override it."""
    from tadmor.geo.records import Place

    raqqa = Place(163915, "Ar Raqqah", "SY", 35.95, 39.01, "P", "PPLA", admin1="Raqqa")
    aleppo = Place(170063, "Aleppo", "SY", 36.20, 37.16, "P", "PPLA", admin1="Aleppo")
    doc = run(
        "Air strikes in Syria killed 12 fighters overnight, a monitor said. "
        "The monitor said the fighters were killed near Raqqa. "
        "Aleppo was calm. Talks on Aleppo resumed. Aid reached Aleppo on Monday.",
        places={"Raqqa": raqqa, "Aleppo": aleppo},
    )
    assert incident_facts(doc).governorate == "raqqa"


def test_governorate_skips_a_name_that_stands_for_a_side() -> None:
    from tadmor.geo.records import Place

    damascus = Place(170654, "Damascus", "SY", 33.51, 36.29, "P", "PPLC", admin1="Dimashq")
    homs = Place(169577, "Homs", "SY", 34.72682, 36.72339, "P", "PPLA", admin1="Homs")
    doc = run(
        "Pro-Damascus media said a car bomb killed at least 22 people. "
        "The blast hit a checkpoint in Homs, a monitor said.",
        places={"Damascus": damascus, "Homs": homs},
    )
    assert incident_facts(doc).governorate == "homs"
