"""Alerts from hazard events (incidents and claims), condition proposals confirmed by an
analyst, and the registry's import, custody history and ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tadmor.heritage import alerts, service
from tadmor.heritage.records import (
    Custody,
    Evidence,
    HazardEvent,
    HeritageNamed,
    RegistryError,
    Role,
)
from tadmor.heritage.secrecy import AccessDenied
from tadmor.store import Store, ledger
from tadmor.store.models import LedgerEntry

MUSEUM = (34.55527, 38.27483)


def _incident(**kw: object) -> HazardEvent:
    base: dict[str, object] = dict(
        id="inc-42",
        kind="incident",
        latitude=MUSEUM[0] + 0.004,  # about 450 m north of the museum
        longitude=MUSEUM[1],
        date=dt.date(2015, 5, 20),
        sub_event_type="ART_MISS_ATTACK",
        grade="Fair",
        geo_precision=1,
        evidence=(
            Evidence(
                kind="claim",
                id="r1-001",
                report_id="r1",
                text="Shells fell near the museum of Palmyra on Wednesday.",
                start=0,
                end=48,
                origin="SANA",
            ),
            Evidence(
                kind="claim",
                id="r2-003",
                report_id="r2",
                text="Mortar rounds hit the new town.",
                start=10,
                end=36,
                origin="SOHR",
            ),
        ),
    )
    base.update(kw)
    return HazardEvent(**base)  # type: ignore[arg-type]


def test_an_incident_near_the_museum_raises_an_alert_naming_it_with_its_evidence(
    loaded: Store,
) -> None:
    computed = service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", events=[_incident()])
    stored = service.list_alerts(loaded, role=Role.VIEWER, site_id="palmyra-museum")
    assert len(stored) == 1
    a = stored[0]
    assert "Palmyra Museum" in a.site_name
    assert a.event_kind == "incident" and a.event_id == "inc-42" and a.grade == "Fair"
    assert a.reasons == ("near",) and a.distance_km is not None and a.distance_km < 0.6
    assert a.threat_level == 5
    assert [e.id for e in a.evidence] == ["r1-001", "r2-003"]
    assert "museum of Palmyra" in (a.evidence[0].text or "")
    # The archaeological site (top level, ~1 km away) is alerted too; its monuments are not.
    assert {x.site_id for x in computed} == {"palmyra-museum", "palmyra-archaeological-site"}


def test_far_or_vague_events_raise_no_proximity_alert(loaded: Store) -> None:
    far = _incident(id="far", latitude=33.51, longitude=36.29)  # Damascus
    vague = _incident(id="vague", geo_precision=3)  # coded to a governorate centre
    calm = _incident(id="calm", sub_event_type="PEACE_PROTEST")
    assert (
        service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", events=[far, vague, calm]) == []
    )
    wide = service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", events=[far], radius_km=300)
    assert {a.site_id for a in wide} == {"palmyra-museum", "palmyra-archaeological-site"}
    assert all(a.threat_level == 4 for a in wide)  # beyond half the radius: one less


def test_a_claim_naming_a_destroyed_temple_proposes_a_condition_an_analyst_confirms(
    loaded: Store,
) -> None:
    text = "ISIS blew up the Temple of Bel on Sunday, a witness said."
    claim = HazardEvent(
        id="rep-007",
        kind="claim",
        latitude=34.5624,
        longitude=38.28402,
        date=dt.date(2015, 8, 30),
        sub_event_type="PROPERTY_DISTRUCT",
        grade="Weak",
        geo_precision=1,
        heritage=(HeritageNamed("the Temple of Bel", "temple", "destroyed", 12, 29, "blew up"),),
        evidence=(
            Evidence(
                kind="claim", id="rep-007", report_id="rep", text=text, start=0, end=len(text)
            ),
        ),
    )
    service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", events=[claim])
    bel = service.list_alerts(loaded, role=Role.VIEWER, site_id="temple-of-bel")
    assert len(bel) == 1 and bel[0].reasons == ("named",)
    proposal = bel[0].proposed_condition
    assert proposal is not None and proposal.overall == "Destroyed"
    assert proposal.certainty == "Low"  # a single claim is Weak
    assert proposal.disturbance_causes == ("Deliberate destruction",)
    assert any(e.kind == "mention" and e.text == "the Temple of Bel" for e in bel[0].evidence)
    with pytest.raises(AccessDenied):
        service.decide_alert(loaded, bel[0].id, accept=True, role=Role.VIEWER, actor="v")
    # Nothing changes until an analyst confirms.
    assert service.get_site(loaded, "temple-of-bel", role=Role.VIEWER).condition.overall == (
        "Unknown"
    )
    decided = service.decide_alert(
        loaded, bel[0].id[:8], accept=True, role=Role.ANALYST, actor="ana"
    )
    assert decided.status == "confirmed" and decided.decided_by == "ana"
    site = service.get_site(loaded, "temple-of-bel", role=Role.VIEWER)
    assert site.condition.overall == "Destroyed"
    with loaded.read() as s:
        entries = list(s.execute(select(LedgerEntry).order_by(LedgerEntry.seq)).scalars())
        assert ledger.verify_chain(s)[1] == []
    cond = [e for e in entries if e.action == "heritage_condition"][-1]
    details = json.loads(cond.details)
    assert details["after"]["overall"] == "Destroyed" and details["before"]["overall"] == "Unknown"
    assert details["evidence"][0]["id"] == "rep-007"
    # Recomputing keeps the decision.
    service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", events=[claim])
    assert service.list_alerts(loaded, role=Role.VIEWER, site_id="temple-of-bel")[0].status == (
        "confirmed"
    )


def test_incident_adapter_and_registered_sources(loaded: Store) -> None:
    record = {
        "id": 9,
        "lat": MUSEUM[0],
        "lon": MUSEUM[1],
        "start_date": dt.date(2015, 5, 21),
        "sub_event_type": "ARMED_CLASH",
        "grade": "Confirmed",
        "evidence": [{"kind": "claim", "id": "c-1", "text": "clashes at the museum"}],
    }
    ev = alerts.hazard_from_incident(record)
    assert ev.kind == "incident" and ev.latitude == MUSEUM[0] and ev.evidence[0].id == "c-1"
    alerts.register_hazard_source("test-incidents", lambda store: [ev])
    try:
        got = service.refresh_alerts(
            loaded, role=Role.VIEWER, actor="t", sources=["test-incidents"]
        )
    finally:
        alerts._SOURCES.pop("test-incidents")
    assert any(a.site_id == "palmyra-museum" and a.grade == "Confirmed" for a in got)
    with pytest.raises(RegistryError):
        service.refresh_alerts(loaded, role=Role.VIEWER, actor="t", sources=["nope"])


def test_sample_sites_keep_their_attribution_and_merge_the_second_nabu_point(
    loaded: Store,
) -> None:
    sites = {s.id: s for s in service.list_sites(loaded, role=Role.VIEWER)}
    assert len(sites) == 12
    nabu = sites["temple-of-nabu"]
    assert "Pleiades" in (nabu.attribution or "") and "OpenStreetMap" in (nabu.attribution or "")
    assert nabu.data["other_points"][0]["source"].startswith("Pleiades place 267069707")
    assert all(s.attribution and s.source for s in sites.values())
    exported = service.export_registry(loaded, "sites", "csv", role=Role.VIEWER, actor="v")
    assert b"ODbL" in exported and b"CC BY 3.0" in exported


def test_custody_changes_are_ledgered_with_their_evidence(loaded: Store) -> None:
    with pytest.raises(RegistryError, match="evidence"):
        service.set_custody(
            loaded, "T-002", Custody.PACKED, evidence=[], role=Role.ANALYST, actor="a"
        )
    service.set_custody(
        loaded,
        "T-002",
        Custody.PACKED,
        role=Role.ANALYST,
        actor="a",
        evidence=[Evidence(kind="note", id="n1", note="packed in crate 4")],
    )
    service.set_custody(
        loaded,
        "T-002",
        Custody.IN_TRANSIT,
        role=Role.ANALYST,
        actor="a",
        evidence=[Evidence(kind="note", id="n2", note="truck-2 manifest")],
    )
    hist = service.object_history(loaded, "T-002", role=Role.VIEWER)
    assert [(h["before"]["custody"], h["after"]["custody"]) for h in hist] == [
        ("in_situ", "packed"),
        ("packed", "in_transit"),
    ]
    assert hist[1]["evidence"][0]["note"] == "truck-2 manifest"
    with loaded.read() as s:
        seqs = {e.seq: e for e in s.execute(select(LedgerEntry)).scalars()}
    assert all(seqs[h["ledger_seq"]].action == "heritage_custody" for h in hist)


def test_import_reports_bad_rows_and_reimport_changes_nothing(
    loaded: Store, tmp_path: Path
) -> None:
    from .conftest import write_objects

    again = service.import_objects(
        loaded, write_objects(tmp_path / "o.csv"), role=Role.ANALYST, actor="t"
    )
    assert (again.added, again.updated) == (0, 0) or again.updated == 3  # new ciphertexts
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"inventory_number": "B-1", "object_type": "lamp", "fragility": 9},
                {"inventory_number": "B-2", "object_type": "lamp", "custody": "lost"},
                {"inventory_number": "B-3", "object_type": "lamp", "site_id": "nowhere"},
                {"inventory_number": "B-4", "object_type": "lamp", "weight_kg": 0.2},
            ]
        )
    )
    s = service.import_objects(loaded, bad, role=Role.ANALYST, actor="t")
    assert s.added == 1 and len(s.errors) == 3


def test_evacuation_plan_of_the_museum_is_stored_checked_and_listed(loaded: Store) -> None:
    from tadmor.heritage import synthetic
    from tadmor.heritage.planner import Crew

    stored = service.plan_evacuation(
        loaded,
        "palmyra-museum",
        synthetic.example_fleet(),
        360,
        role=Role.ANALYST,
        actor="a",
        crew=Crew(6),
        time_limit_s=2,
    )
    assert service.check(stored) == []
    again = service.get_plan(loaded, stored.id[:8], role=Role.VIEWER)
    assert again.plan == stored.plan
    listing = service.packing_list(loaded, again, role=Role.VIEWER, actor="v")
    carried = {i["inventory_number"] for t in listing["trips"] for i in t["items"]}
    assert "T-003" in carried  # the crane trucks can take the sarcophagus, crew of 6 suffices
    assert '"location_code"' not in json.dumps(listing) and listing["location_codes"] == (
        "withheld"
    )
    assert not any(c in json.dumps(listing) for c in ("BASEMENT-B2-R09", "VAULT-7-SHELF-3"))
    shown = service.packing_list(loaded, again, role=Role.ANALYST, actor="a", reveal=True)
    assert "BASEMENT-B2-R09" in json.dumps(shown)
    small = service.plan_evacuation(
        loaded,
        "palmyra-museum",
        synthetic.example_fleet(),
        360,
        role=Role.ANALYST,
        actor="a",
        crew=Crew(4),
        time_limit_s=2,
    )
    stays = {
        i["inventory_number"]: i
        for i in service.packing_list(loaded, small, role=Role.VIEWER, actor="v")["left_behind"]
    }
    assert "T-003" in stays and any("sand" in m for m in stays["T-003"]["protect_in_place"])
    with pytest.raises(AccessDenied):
        service.plan_evacuation(
            loaded,
            "palmyra-museum",
            synthetic.example_fleet(),
            360,
            role=Role.VIEWER,
            actor="v",
            crew=Crew(6),
        )
