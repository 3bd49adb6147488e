"""End to end: a report collected, extracted and grouped into an incident near the Palmyra
museum raises a heritage alert naming the museum, with the incident and its sentence as
evidence (the real incidents module, not a hand-made hazard event)."""

from __future__ import annotations

import datetime as dt

from tadmor.collect.records import Metadata, Original
from tadmor.collect.service import add_original
from tadmor.corroborate.service import group_new_claims
from tadmor.extract.service import extract_reports
from tadmor.heritage import service
from tadmor.heritage.records import Role
from tadmor.store import Store

REPORT = (
    "Islamic State militants shelled the Palmyra museum in Tadmur on Tuesday, damaging its "
    "facade, the Directorate-General of Antiquities and Museums said."
)


def test_incident_near_the_museum_raises_an_alert_with_evidence(store: Store) -> None:
    service.import_sites(
        store, service.sample_path("palmyra-sites.csv"), role=Role.ANALYST, actor="t"
    )
    out = add_original(
        store,
        Original(REPORT.encode(), "report.txt"),
        metadata=Metadata(published=dt.datetime(2015, 9, 2), source="Example Wire"),
    )
    extract_reports(store, report_ids=out.added)
    grouped = group_new_claims(store, report_ids=out.added, actor="t")
    assert grouped.created >= 1
    alerts = service.refresh_alerts(store, role=Role.ANALYST, actor="t", sources=["incidents"])
    museum = [a for a in alerts if a.site_id == "palmyra-museum"]
    assert museum, [a.site_name for a in alerts]
    alert = museum[0]
    assert alert.event_id.startswith("inc-")
    assert "Museum" in alert.site_name
    kinds = {e.kind for e in alert.evidence}
    assert {"incident", "claim"} <= kinds  # plus "mention" where the claim names the site
    assert any(e.text and "shelled the Palmyra museum" in e.text for e in alert.evidence)
