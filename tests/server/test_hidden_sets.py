"""The set-based restriction filter hides exactly what the row-wise rules hide.

Lists test each incident against the ids that restrictions hide, collected once per query
(``hidden_incidents_select``), instead of evaluating the row-wise rules (``incident_hidden``)
for every row they scan. Both must name the same incidents and reports on both backends, for
every kind of restriction. Each step below must hide something new, alone (restrictions are
lifted again before the next one where they would overlap), so that a rule the set-based form
got wrong cannot hide behind another rule that hides the same incident.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tadmor.api import services
from tadmor.collect.records import Metadata
from tadmor.store import Store
from tadmor.store import server_repo as srv
from tadmor.store.models import ClaimRow
from tadmor.store.models import Report as ReportRow
from tadmor.store.models_corroborate import IncidentClaim, IncidentRow
from tadmor.store.models_server import Restriction

from .conftest import PUBLISHED, WITNESS_TEXT, Seed

CLEAN = (
    b"Rebels captured an army checkpoint near Idlib on 12 August 2016, killing two soldiers, "
    b"the Idlib Observer reported."
)
OTHER_WIRE = (
    b"Government forces shelled the old city of Homs on 3 June 2015, killing four civilians, "
    b"the Homs Media Centre said. Residents said the market was destroyed."
)
DESK_A = (
    b"A car bomb exploded near the Clock Square in Homs on 9 June 2015, killing seven people, "
    b"state television reported."
)


def _upload(store: Store, data: bytes, name: str, source: str) -> str:
    out = services.upload(
        store, data, name, metadata=Metadata(source=source, published=PUBLISHED), actor="analyst"
    )
    assert out.outcome.added, out
    return out.outcome.added[0]


def _restrict(store: Store, kind: str, target: str, **kw: object) -> int:
    row = services.restrict(
        store,
        kind=kind,
        target_id=target,
        reason="test",
        actor="analyst",
        **kw,
    )
    return row.id


def _hidden(session: Session) -> tuple[set[str], set[str]]:
    """(hidden incidents, hidden reports), after checking that both forms agree on each."""
    inc, rep = IncidentRow, ReportRow
    row_wise = set(session.scalars(select(inc.id).where(srv.incident_hidden(inc))))
    set_based = set(
        session.scalars(select(inc.id).where(inc.id.in_(srv.hidden_incidents_select())))
    )
    assert row_wise == set_based
    rep_rows = set(session.scalars(select(rep.id).where(srv.report_hidden(rep))))
    rep_sets = set(session.scalars(select(rep.id).where(rep.id.in_(srv.hidden_reports_select()))))
    assert rep_rows == rep_sets
    page, _more = srv.query_incidents(session, srv.IncidentQuery(limit=500), hide_restricted=True)
    assert {r.id for r in page} == set(session.scalars(select(inc.id))) - row_wise
    return row_wise, rep_rows


def test_set_based_and_row_wise_filters_agree(store: Store, seeded: Seed) -> None:
    def hidden() -> tuple[set[str], set[str]]:
        with store.read() as s:
            return _hidden(s)

    _upload(store, CLEAN, "clean.txt", "Clean Wire")  # nothing restricted
    incidents, reports = hidden()
    assert seeded.witness_report in reports  # its upload (original) is restricted
    _upload(store, OTHER_WIRE, "wire.txt", "Other Wire")
    desk = _upload(store, DESK_A, "desk.txt", "Desk A")
    # Each report rule, cumulatively (each hides a report of its own).
    steps = [
        lambda: _upload(store, WITNESS_TEXT + b" ", "copy.txt", "Copy desk"),  # copy of it
        lambda: _restrict(store, "source", "Other Wire"),  # an outlet
        lambda: _restrict(store, "report", desk),  # a whole report
        lambda: _upload(store, DESK_A + b" ", "desk-copy.txt", "Desk B"),  # a copy of that
    ]
    for step in steps:
        step()
        now_incidents, now_reports = hidden()
        assert now_reports > reports and now_incidents >= incidents
        incidents, reports = now_incidents, now_reports
    # Each incident rule alone, on one incident of the public article (lifted again after).
    target = seeded.palmyra_incidents[0]
    assert target not in incidents
    with store.read() as s:
        members = list(
            s.execute(
                select(ClaimRow)
                .join(IncidentClaim, IncidentClaim.claim_id == ClaimRow.id)
                .where(IncidentClaim.incident_id == target)
                .order_by(ClaimRow.seq)
            ).scalars()
        )
    assert members
    last = members[-1]
    rules = [
        ("incident", target, {}),
        ("claim", members[0].id, {}),
        ("source", next(c.origin for c in members if c.origin), {}),
        # The sentence's final character, so that the claim's sentence overlaps it.
        (
            "report",
            seeded.palmyra_report,
            {"field": "text", "span": (last.sentence_end - 1, last.sentence_end)},
        ),
    ]
    for kind, target_id, kw in rules:
        rid = _restrict(store, kind, target_id, **kw)
        if "span" in kw:
            # The claims that take a value from the span are restricted too (derived rows);
            # drop those, so that only the sentence-overlap rule can hide the incident.
            with store.write() as s:
                s.execute(delete(Restriction).where(Restriction.derived_from.is_not(None)))
        now_incidents, _ = hidden()
        assert target in now_incidents - incidents, kind
        assert services.unrestrict(store, rid, actor="admin")
        assert hidden()[0] == incidents


NON_ASCII_WIRE = (
    b"Government forces shelled Maarat al-Numan on 4 June 2015, killing three civilians, "
    b"the \xc3\x89TAT Monitor reported."
)


def test_a_restricted_source_with_non_ascii_capitals_is_hidden(store: Store, seeded: Seed) -> None:
    """Restrictions are stored lower-cased by Python; the database must fold case the same
    way, or an outlet written "ÉTAT Monitor" escapes a restriction on "état monitor"."""
    report = _upload(store, NON_ASCII_WIRE, "etat.txt", "ÉTAT Monitor")
    with store.read() as s:
        assert report not in _hidden(s)[1]
    _restrict(store, "source", "état monitor")
    with store.read() as s:
        assert report in _hidden(s)[1]
        found, _ = srv.query_reports(
            s, srv.ReportQuery(q="monitor", limit=100), hide_restricted=True
        )
        assert report not in {r.id for r in found}
        # A search must not find a report by the restricted name it contains, either.
        assert not any("ÉTAT" in (r.text or "") for r in found)
