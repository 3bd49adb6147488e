"""Restricted data never reaches a viewer or a public export, by any path: lists, searches,
details, the map layer, counts, the timeline, sources, exports, and error messages (a restricted
id must be answered exactly like an id that never existed). Analysts do see it, so each probe
below would fail if the filter did nothing."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tadmor.api import services
from tadmor.store import Store

from .conftest import SECRET_PLACE, SECRET_WITNESS, Seed

SECRETS = (SECRET_WITNESS, SECRET_PLACE, "Khalil")


def probe_urls(seed: Seed) -> list[str]:
    urls = [
        "/api/reports?limit=500",
        "/api/reports?q=khalil",
        "/api/reports?q=safe%20house",
        "/api/reports?source=Field%20interview",
        "/api/claims?limit=500",
        "/api/claims?source=Field%20interview",
        "/api/claims?since=2015-05-01&until=2015-05-31&limit=500",
        "/api/claims?bbox=35,30,45,40&limit=500",
        "/api/incidents?limit=500",
        "/api/incidents?bbox=35,30,45,40&limit=500",
        "/api/incidents?q=deir",
        "/api/incidents?source=Field%20interview",
        "/api/incidents/map",
        "/api/incidents/counts",
        "/api/incidents/timeline",
        "/api/sources?limit=500",
        "/api/exports/claims.jsonl",
        "/api/exports/claims.csv",
        "/api/exports/claims.geojson",
        f"/api/reports/{seed.palmyra_report}",
    ]
    urls += [f"/api/incidents/{i}" for i in seed.palmyra_incidents]
    return urls


def restricted_detail_urls(seed: Seed) -> list[str]:
    return (
        [f"/api/reports/{seed.witness_report}"]
        + [f"/api/claims/{c}" for c in seed.witness_claims]
        + [f"/api/incidents/{i}" for i in seed.witness_incidents]
    )


def test_the_witness_upload_is_invisible_to_viewers(
    clients: dict[str, TestClient], seeded: Seed
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    assert seeded.witness_claims and seeded.witness_incidents
    seen_by_analyst = " ".join(analyst.get(u).text for u in probe_urls(seeded))
    assert SECRET_WITNESS in seen_by_analyst  # the probes do reach the secret...
    for url in probe_urls(seeded):
        r = viewer.get(url)
        assert r.status_code == 200, url
        for secret in SECRETS:
            assert secret.lower() not in r.text.lower(), (url, secret)  # ...but never for viewers
        assert seeded.witness_report not in r.text, url
        for i in seeded.witness_incidents:
            assert i not in r.text, url


def test_restricted_ids_answer_exactly_like_missing_ones(
    clients: dict[str, TestClient], seeded: Seed
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    for url in restricted_detail_urls(seeded):
        assert analyst.get(url).status_code == 200, url
        hidden = viewer.get(url)
        kind = url.split("/")[2]
        missing = viewer.get(f"/api/{kind}/{'0' * len(url.split('/')[-1])}")
        assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
        assert hidden.status_code == 404
        assert set(hidden.headers) - {"content-length"} == set(missing.headers) - {"content-length"}


def test_counts_and_map_agree_with_what_a_viewer_may_see(
    clients: dict[str, TestClient], seeded: Seed
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    v_items = viewer.get("/api/incidents?limit=500").json()["items"]
    a_items = analyst.get("/api/incidents?limit=500").json()["items"]
    v_counts = viewer.get("/api/incidents/counts").json()
    a_counts = analyst.get("/api/incidents/counts").json()
    assert v_counts["total"]["incidents"] == len(v_items)
    assert a_counts["total"]["incidents"] == len(a_items) > len(v_items)
    v_map = {f["id"] for f in viewer.get("/api/incidents/map").json()["features"]}
    assert v_map <= {i["id"] for i in v_items}
    v_days = sum(b["count"] for b in viewer.get("/api/incidents/timeline").json())
    a_days = sum(b["count"] for b in analyst.get("/api/incidents/timeline").json())
    assert v_days < a_days
    v_export = viewer.get("/api/exports/claims.jsonl").text.count("\n")
    a_public = analyst.get("/api/exports/claims.jsonl").text.count("\n")
    a_internal = analyst.get("/api/exports/claims.jsonl?scope=internal").text.count("\n")
    assert v_export == a_public < a_internal


def test_a_restricted_span_is_masked_and_its_claims_hidden(
    clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    report = analyst.get(f"/api/reports/{seeded.palmyra_report}").json()
    text = report["text"]
    name = "Helbert" if "Helbert" in text else text.split()[20]
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    for start, end in spans:  # every occurrence: a span protects those characters only
        r = analyst.post(
            "/api/restrictions",
            json={
                "kind": "report",
                "target_id": seeded.palmyra_report,
                "field": "text",
                "span_start": start,
                "span_end": end,
                "reason": "protect a reporter",
            },
        )
        assert r.status_code == 201

    def touches(a: int, b: int) -> bool:
        return any(a < end and b > start for start, end in spans)

    hidden_claims = [
        c["id"]
        for c in report["claims"]
        if touches(*c["sentence"]) or any(touches(a, b) for a, b in _spans(c["arguments"]))
    ]
    assert hidden_claims
    seen = viewer.get(f"/api/reports/{seeded.palmyra_report}").json()
    assert name not in seen["text"] and len(seen["text"]) == len(text)
    assert not any(touches(m["start"], m["end"]) for m in seen["marks"])
    assert {c["id"] for c in seen["claims"]}.isdisjoint(hidden_claims)
    for url in [*probe_urls(seeded), "/api/reports?q=" + name]:
        body = viewer.get(url).text
        assert name not in body, url
        for cid in hidden_claims:
            assert cid not in body, url
    assert name in analyst.get(f"/api/reports/{seeded.palmyra_report}").json()["text"]


def _spans(data: object) -> list[tuple[int, int]]:
    if isinstance(data, dict):
        own = [(data["start"], data["end"])] if isinstance(data.get("start"), int) else []
        return own + [s for v in data.values() for s in _spans(v)]
    if isinstance(data, list):
        return [s for v in data for s in _spans(v)]
    return []


@pytest.mark.parametrize("field", ["location", "actor1"])
def test_a_restricted_claim_field_is_blank_for_viewers(
    clients: dict[str, TestClient], seeded: Seed, field: str
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    claims = analyst.get(f"/api/claims?report={seeded.palmyra_report}&limit=500").json()["items"]
    key = "location" if field == "location" else "actor1"
    target = next(c for c in claims if c[key])
    value = target[key]
    analyst.post(
        "/api/restrictions",
        json={"kind": "claim", "target_id": target["id"], "field": field, "reason": "safe house"},
    ).raise_for_status()
    seen = viewer.get(f"/api/claims/{target['id']}").json()
    assert seen[key] is None and seen["arguments"] == {}
    if field == "location":
        assert seen["latitude"] is None and seen["longitude"] is None
    exported = viewer.get("/api/exports/claims.jsonl?source=").text
    line = next(x for x in exported.splitlines() if target["id"] in x)
    assert f'"{key}": null' in line
    # Filtering on the hidden field must not reveal which claim has the value.
    if field == "actor1":
        found = viewer.get("/api/claims", params={"actor": value, "limit": 500}).json()["items"]
        assert target["id"] not in {c["id"] for c in found}
    assert analyst.get(f"/api/claims/{target['id']}").json()[key] == value
    # The incident repeats its members' values (title, figures with quotes, sources).
    for iid in seeded.palmyra_incidents:
        inc = viewer.get(f"/api/incidents/{iid}").json()
        if target["id"] in {c["id"] for c in inc["claims"]}:
            assert inc["data"] == {}
            if field == "location":
                assert inc["title"] is None and inc["latitude"] is None
            listed = viewer.get("/api/incidents?limit=500").json()["items"]
            assert next(i for i in listed if i["id"] == iid)["latitude"] == (
                None if field == "location" else inc["latitude"]
            )
            break
    else:
        raise AssertionError("the claim is in no incident")


def test_a_restricted_source_disappears(clients: dict[str, TestClient], seeded: Seed) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    names = [s["name"] for s in analyst.get("/api/sources?limit=500").json()["items"]]
    origin = next(n for n in names if n not in ("Palmyra Monitor", "Field interview"))
    analyst.post(
        "/api/restrictions", json={"kind": "source", "target_id": origin, "reason": "informant"}
    ).raise_for_status()
    assert origin not in [s["name"] for s in viewer.get("/api/sources?limit=500").json()["items"]]
    for url in [*probe_urls(seeded), "/api/reports?q=" + origin.split()[-1]]:
        assert origin.lower() not in viewer.get(url).text.lower(), url
    assert viewer.get("/api/reports", params={"q": origin}).json()["items"] == []
    assert origin in [s["name"] for s in analyst.get("/api/sources?limit=500").json()["items"]]


def test_a_copy_of_a_restricted_report_is_restricted_too(
    clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    from .conftest import WITNESS_TEXT

    out = (
        clients["analyst"]
        .post("/api/reports", files={"file": ("copy.txt", WITNESS_TEXT + b" ")})
        .json()
    )
    assert out["added"]
    for url in (
        "/api/reports?limit=500",
        f"/api/reports/{out['added'][0]}",
        "/api/claims?limit=500",
    ):
        assert SECRET_WITNESS not in clients["viewer"].get(url).text, url


def test_lifting_a_restriction_takes_an_admin_and_is_ledgered(
    clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    rows = clients["analyst"].get("/api/restrictions").json()
    rid = next(r["id"] for r in rows if r["kind"] == "original")
    assert clients["analyst"].delete(f"/api/restrictions/{rid}").status_code == 403
    assert clients["admin"].delete(f"/api/restrictions/{rid}").status_code == 204
    assert clients["viewer"].get(f"/api/reports/{seeded.witness_report}").status_code == 200
    from sqlalchemy import select

    from tadmor.store.models import LedgerEntry

    with store.read() as s:
        acts = [(e.action, e.actor) for e in s.execute(select(LedgerEntry)).scalars()]
    assert ("restrict", "analyst") in acts and ("unrestrict", "admin") in acts
    # The ledger records what was restricted and why, never the value itself.
    with store.read() as s:
        details = " ".join(
            e.details
            for e in s.execute(select(LedgerEntry)).scalars()
            if e.action in ("restrict", "unrestrict")
        )
    assert SECRET_WITNESS not in details


def test_services_refuse_a_restriction_without_reason(store: Store) -> None:
    with pytest.raises(ValueError):
        services.restrict(store, kind="report", target_id="x", reason=" ", actor="a")
