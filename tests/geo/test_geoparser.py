from __future__ import annotations

import itertools

import pytest

from tadmor.geo import Geoparser, governorate_key

TADMUR = 163808
JISR_ASH_SHUGHUR = 169023


def _ids(geoparser: Geoparser, text: str, **kw: object) -> dict[str, int]:
    return {
        t.text: t.place.geonameid
        for t in geoparser.parse(text, **kw)  # type: ignore[arg-type]
        if t.place is not None
    }


@pytest.mark.shared
def test_palmyra_article(geoparser: Geoparser, palmyra_text: str) -> None:
    tops = geoparser.parse(palmyra_text)
    by_text: dict[str, set[int]] = {}
    for t in tops:
        assert t.place is not None
        by_text.setdefault(t.text, set()).add(t.place.geonameid)
    assert by_text["Palmyra"] == {TADMUR}
    assert by_text["Tadmour"] == {TADMUR}
    assert by_text["Al Schougour"] == {JISR_ASH_SHUGHUR}
    for country, code in [
        ("Syria", "SY"),
        ("Saudi Arabia", "SA"),
        ("Qatar", "QA"),
        ("Turkey", "TR"),
    ]:
        places = [t.place for t in tops if t.text == country]
        assert places, country
        assert all(
            p is not None and p.country_code == code and p.feature_code == "PCLI" for p in places
        )
    # sorted, non-overlapping
    assert all(a.end <= b.start for a, b in itertools.pairwise(tops))
    # the governorate of Tadmur, as FA-KES spells it
    tadmur = next(t.place for t in tops if t.text == "Tadmour")
    assert tadmur is not None and governorate_key(tadmur.admin1) == "homs"
    # no acronym or sentence-initial word taken for a place
    assert "ISIS" not in by_text and "But" not in by_text


# Misspellings of Syrian towns produced by the transliteration rules (dropped or fused article,
# ou/u, sch/sh, q/k, ei/ay, doubled letters, final h), checked against the canonical spelling.
MISSPELLINGS = [
    ("Tedmour", "Tadmur"),
    ("Jisr al-Shogour", "Jisr ash Shughur"),
    ("Deir al-Zour", "Deir ez-Zor"),
    ("Qaryatein", "Al Qaryatayn"),
    ("Sarakeb", "Saraqib"),
    ("Kamishli", "Al Qamishli"),
    ("Taftanaz", "Taftanaz"),
    ("Souran", "Suran"),
    ("Rastan", "Ar Rastan"),
    ("Mayadeen", "Al Mayadin"),
    ("Kafranbel", "Kafr Nabl"),
    ("Khan Sheikhoun", "Khan Shaykhun"),
]


@pytest.mark.parametrize(("spelling", "canonical"), MISSPELLINGS)
def test_syrian_misspellings_resolve(geoparser: Geoparser, spelling: str, canonical: str) -> None:
    want = geoparser.resolve(canonical, country_hint="SY")
    assert want is not None and want.place is not None and want.place.country_code == "SY"
    got = geoparser.resolve(spelling, country_hint="SY")
    assert got is not None and got.place is not None
    assert got.place.geonameid == want.place.geonameid, (spelling, got.place, want.place)


def test_palmyra_depends_on_context(geoparser: Geoparser) -> None:
    alone = geoparser.resolve("Palmyra")
    assert alone is not None and alone.place is not None
    assert alone.place.country_code != "SY"  # a bare "Palmyra" is one of the US towns
    hinted = geoparser.resolve("Palmyra", country_hint="SY")
    assert hinted is not None and hinted.place is not None
    assert hinted.place.geonameid == TADMUR
    homs = geoparser.resolve("Homs", country_hint="SY")
    assert homs is not None and homs.place is not None
    in_context = geoparser.resolve("Palmyra", context=[homs.place])
    assert in_context is not None and in_context.place is not None
    assert in_context.place.geonameid == TADMUR
    text = "Islamic State fighters entered Palmyra after taking villages east of Homs."
    assert _ids(geoparser, text)["Palmyra"] == TADMUR


def test_demonyms_resolve_at_country_level(geoparser: Geoparser) -> None:
    tops = geoparser.parse("Syrian and Turkish officials met in Ankara.")
    syrian = next(t for t in tops if t.text == "Syrian")
    assert syrian.place is not None and syrian.place.country_code == "SY"
    assert syrian.place.feature_code == "PCLI" and syrian.geo_precision == 3


def test_town_state_pattern(geoparser: Geoparser) -> None:
    ids = {t.text: t.place for t in geoparser.parse("He lives in Alexandria, La., with family.")}
    assert ids["Alexandria"] is not None and ids["Alexandria"].admin1 == "Louisiana"
    ids = {t.text: t.place for t in geoparser.parse("He lives in Alexandria, Va., now.")}
    assert ids["Alexandria"] is not None and ids["Alexandria"].admin1 == "Virginia"


def test_person_and_common_words_are_not_places(geoparser: Geoparser) -> None:
    text = (
        "Chiquita Raquel Henry, 19, was arrested in May. President Jackson said the "
        "mobile home was empty. Mobile phones were seized."
    )
    found = {t.text for t in geoparser.parse(text)}
    assert not found & {"Henry", "May", "Jackson", "Mobile"}


def test_user_aliases_win(geoparser: Geoparser) -> None:
    text = "Shelling hit Tadmorville at dawn."
    assert "Tadmorville" not in _ids(geoparser, text)
    assert _ids(geoparser, text, aliases={"Tadmorville": TADMUR})["Tadmorville"] == TADMUR


def test_resolve_spans_keeps_order_and_unknowns(geoparser: Geoparser) -> None:
    text = "From Qatar to Xqzzyvv and Saudi Arabia."
    spans = [
        (text.index("Saudi Arabia"), text.index("Saudi Arabia") + 12),
        (text.index("Xqzzyvv"), text.index("Xqzzyvv") + 7),
        (5, 10),
    ]
    out = geoparser.resolve_spans(text, spans)
    assert [(t.start, t.end) for t in out] == spans
    assert out[0].place is not None and out[0].place.country_code == "SA"
    assert out[1].place is None
    assert out[2].place is not None and out[2].place.country_code == "QA"


def test_get_and_search(geoparser: Geoparser) -> None:
    p = geoparser.get(TADMUR)
    assert p is not None and p.name == "Tadmur" and abs(p.latitude - 34.5624) < 1e-3
    assert geoparser.get(-999_999_999) is None
    hits = geoparser.search("Aleppo", limit=5)
    assert hits and hits[0].country_code == "SY" and len(hits) <= 5


def test_supplement_site_is_coded_near_its_town(geoparser: Geoparser) -> None:
    t = geoparser.resolve("ruins of Palmyra")
    assert t is not None and t.place is not None
    town = geoparser.get(TADMUR)
    assert town is not None
    assert (t.place.latitude, t.place.longitude) == (town.latitude, town.longitude)
    assert t.geo_precision == 2 and t.place.feature_code == "RUIN"


def test_us_writing_conventions_are_a_weak_country_prior(geoparser: Geoparser) -> None:
    from tadmor.geo.parser import _locale_country

    us = "The council meets at 7 p.m. to approve a $765,000 package for the sheriff's office."
    assert _locale_country(us) == "US"
    assert _locale_country("The theatre centre opens at 7 p.m. and costs $5.") is None
    assert _locale_country("Shelling resumed near Homs on Monday.") is None
    # a local paper's "Mansfield" with US conventions and no other place: the US town
    tops = geoparser.parse("Mansfield council to vote on a $765,000 package. " + us)
    mansfield = next(t for t in tops if t.text == "Mansfield")
    assert mansfield.place is not None and mansfield.place.country_code == "US"
    # a hint from the caller overrides it
    tops = geoparser.parse("Fighting near Palmyra. " + us, country_hint="SY")
    palmyra = next(t for t in tops if t.text == "Palmyra")
    assert palmyra.place is not None and palmyra.place.country_code == "SY"


def test_names_of_one_kind_read_an_ambiguous_name_as_that_kind(geoparser: Geoparser) -> None:
    text = (
        "Moscow and Washington traded accusations over Georgia, while Russia said its troops "
        "would stay and Tbilisi asked Paris and Berlin for help."
    )
    tops = {t.text: t.place for t in geoparser.parse(text)}
    assert tops["Georgia"] is not None and tops["Georgia"].country_code == "GE"
    assert tops["Washington"] is not None and tops["Washington"].feature_code == "PPLC"


def test_township_is_read_as_its_town(geoparser: Geoparser) -> None:
    top = geoparser.resolve("Hamilton Township", country_hint="US")
    assert top is not None and top.place is not None
    assert top.place.name.startswith("Hamilton") and top.place.country_code == "US"
