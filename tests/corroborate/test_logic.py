"""Pure logic: grouping scores, independence, figures, contradictions, grading, clustering."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tadmor.corroborate.contradictions import find_contradictions
from tadmor.corroborate.evaluate import bcubed, pairwise
from tadmor.corroborate.figures import derive, source_figures
from tadmor.corroborate.grading import propose
from tadmor.corroborate.grouping import (
    DocProfile,
    Grouper,
    Profile,
    average_linkage,
    group_documents,
    match_score,
)
from tadmor.corroborate.independence import independent_sources
from tadmor.corroborate.records import ClaimFacts, ContradictionKind, FigureFact, Grade
from tadmor.corroborate.sources import Registry, SourceInfo

DAY = dt.date(2015, 5, 21)
BASE = ClaimFacts(
    claim_id="r1-001",
    report_id="r1",
    order=(1, 1),
    event_type="Violence against civilians",
    sub_event_type="ATTACK",
    sentence="Islamic State militants killed 400 civilians in Palmyra",
    actor1="Islamic State (ISIS)",
    place_name="Tadmur",
    geonameid=163808,
    country_code="SY",
    admin1="Homs",
    latitude=34.56,
    longitude=38.27,
    geo_precision=1,
    event_date=DAY,
    time_precision=1,
    outlet="Outlet A",
    root_report="r1",
)


def claim(n: int, **kw: object) -> ClaimFacts:
    rid = str(kw.pop("report_id", f"r{n}"))
    base = {"claim_id": f"{rid}-{n:03d}", "report_id": rid, "root_report": rid, "order": (n, 1)}
    return dataclasses.replace(BASE, **{**base, **kw})  # type: ignore[arg-type]


def profile(*claims: ClaimFacts) -> Profile:
    p = Profile()
    for c in claims:
        p.add(c, c.event_date, c.time_precision)
    return p


def killed(low: int, high: int | None = None) -> tuple[FigureFact, ...]:
    return (FigureFact("killed", low, high, "exact", "civilians"),)


def test_same_place_and_day_matches_far_place_or_date_does_not() -> None:
    p = profile(claim(1))
    assert (match_score(claim(2), p) or 0) > 0.8
    # 300 km away, both located to the town: outside 10 + 10 km
    assert match_score(claim(2, geonameid=1, latitude=36.2, longitude=37.1), p) is None
    # three weeks later, day precision: outside 2 + 2 days
    assert match_score(claim(2, event_date=DAY + dt.timedelta(days=21)), p) is None


def test_radius_and_window_grow_with_vagueness() -> None:
    p = profile(claim(1))
    near = claim(2, geonameid=2, latitude=34.56, longitude=38.60)  # ~30 km east
    assert match_score(near, p) is None  # both precise: 20 km
    assert match_score(dataclasses.replace(near, geo_precision=3), p) is not None
    later = claim(2, event_date=DAY + dt.timedelta(days=5))
    assert match_score(later, p) is None
    assert match_score(dataclasses.replace(later, time_precision=2), p) is not None


def test_unrelated_types_never_match_but_a_different_perpetrator_does() -> None:
    p = profile(claim(1))
    assert match_score(claim(2, event_type="Protests", sub_event_type="PEACE_PROTEST"), p) is None
    assert match_score(claim(2, actor1="Military Forces of Syria"), p) is not None


def test_grouper_is_deterministic_and_separates_distant_events() -> None:
    claims = [
        claim(1),
        claim(2),
        claim(3, geonameid=9, latitude=36.2, longitude=37.1),
        claim(4, event_date=DAY + dt.timedelta(days=60)),
    ]
    a, b = Grouper(), Grouper()
    for c in claims:
        a.add(c)
        b.add(c)
    assert a.assignment == b.assignment
    groups = {k: e.members for k, e in a.incidents.items()}
    assert sorted(map(len, groups.values())) == [1, 1, 2]


def test_outlets_repeating_one_agency_are_one_source() -> None:
    reg = Registry()
    claims = [
        claim(i, outlet=f"Outlet {i}", origin="SANA", origin_kind="agency") for i in range(1, 6)
    ]
    claims.append(claim(6, outlet="Outlet 6"))  # the outlet's own reporting
    claims.append(
        claim(7, outlet="Outlet 7", report_id="r7", root_report="r6", root_outlet="Outlet 6")
    )  # a syndicated copy of report 6
    sources = independent_sources(claims, reg)
    assert [s.name for s in sources] == ["SANA", "Outlet 6"]
    assert sources[0].outlets == tuple(f"Outlet {i}" for i in range(1, 6))


def test_registry_aliases_join_origins_and_grade_reliability() -> None:
    reg = Registry([SourceInfo("Example State Wire", "E", aliases=("ESW",))])
    claims = [
        claim(1, origin="ESW", origin_kind="agency"),
        claim(2, origin="Example State Wire", origin_kind="agency"),
    ]
    sources = independent_sources(claims, reg)
    assert len(sources) == 1 and sources[0].reliability == "E"
    assert not reg.get("ESW").credible and reg.get("Unknown outlet").reliability == "F"


def test_conservative_figure_with_provenance_and_toll_contradiction() -> None:
    reg = Registry()
    claims = [
        claim(1, origin="SANA", origin_kind="agency", figures=killed(400)),
        claim(2, origin="SANA", origin_kind="agency", figures=killed(400)),
        claim(3, origin="Monitor", origin_kind="monitor", figures=killed(217, 217)),
        claim(4, origin="TV", origin_kind="agency", figures=killed(12)),  # "at least 12"
    ]
    figs = source_figures(claims, reg)
    derived = derive(figs)["killed"]
    assert derived.value == 217 and derived.disputed
    assert derived.chosen is not None and derived.chosen.source == "Monitor"
    assert derived.grade == "weak"  # no other source says 217
    found = find_contradictions(claims, figs, reg)
    tolls = [c for c in found if c.kind == ContradictionKind.TOLL]
    assert len(tolls) == 1
    assert {tolls[0].a.claim_id, tolls[0].b.claim_id} == {"r1-001", "r3-003"}


def test_agreeing_tolls_are_not_a_contradiction() -> None:
    reg = Registry()
    claims = [
        claim(1, origin="A", origin_kind="agency", figures=killed(400, 400)),
        claim(2, origin="B", origin_kind="monitor", figures=killed(420, 420)),
    ]
    figs = source_figures(claims, reg)
    assert find_contradictions(claims, figs, reg) == []
    assert derive(figs)["killed"].grade == "fair"


def test_grades() -> None:
    reg = Registry()
    one = [claim(1, origin="SANA", origin_kind="agency")]
    two = [*one, claim(2, origin="Monitor", origin_kind="monitor")]
    blame = [*two, claim(3, actor1="Military Forces of Syria", origin="M", origin_kind="monitor")]
    admits = [claim(1, origin="Islamic State", origin_kind="armed_group")]
    denial = [*one, claim(2, origin="Ministry", origin_kind="official", certainty="denied")]

    def grade(cs: list[ClaimFacts]) -> Grade:
        srcs = independent_sources(cs, reg)
        figs = source_figures(cs, reg)
        return propose(cs, srcs, find_contradictions(cs, figs, reg), reg).grade

    assert grade(one) == Grade.WEAK
    assert grade(two) == Grade.FAIR
    assert grade(blame) == Grade.CONTESTED
    assert grade(admits) == Grade.CONFIRMED
    assert grade(denial) == Grade.CONTESTED
    unreliable = Registry([SourceInfo("Monitor", "E")])
    srcs = independent_sources(two, unreliable)
    assert propose(two, srcs, [], unreliable).grade == Grade.WEAK


def test_heritage_outcomes_contradict() -> None:
    reg = Registry()
    a = claim(
        1,
        event_type="not_conflict",
        sub_event_type="not_conflict",
        heritage=(("statue", "evacuated"),),
    )
    b = claim(
        2,
        event_type="Strategic developments",
        sub_event_type="PROPERTY_DISTRUCT",
        heritage=(("statue", "destroyed"),),
    )
    kinds = [c.kind for c in find_contradictions([a, b], [], reg)]
    assert kinds == [ContradictionKind.OUTCOME]


def test_average_linkage_and_scores() -> None:
    sims = {(0, 1): 0.9, (1, 2): 0.2, (2, 3): 0.8, (0, 2): 0.1}
    labels = average_linkage(4, sims, 0.5)
    assert labels == [0, 0, 2, 2]
    assert bcubed(labels, ["a", "a", "b", "b"]) == (1.0, 1.0, 1.0)
    p, r, _f = pairwise([0, 0, 0, 1], ["a", "a", "b", "b"])
    assert (round(p, 3), r) == (0.333, 0.5)


def test_document_grouping_uses_words_dates_and_places() -> None:
    def doc(i: int, words: str, day: dt.date) -> DocProfile:
        return DocProfile(str(i), tuple(words.split()), dates=(day,))

    d1 = dt.date(2014, 3, 1)
    docs = [
        doc(0, "osborne rock falls teen shot friend gun garage", d1),
        doc(1, "osborne probation rock falls friend shooting", d1),
        doc(2, "gary club dice gunman patron wounded", dt.date(2014, 2, 12)),
        doc(3, "gary club gunman fired dice players", dt.date(2014, 2, 12)),
        doc(4, "euharlee teen officer wii controller", dt.date(2014, 2, 14)),
    ]
    labels = group_documents(docs)
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert len(set(labels)) == 3
