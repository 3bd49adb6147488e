"""The REST API: login, CSRF, roles on every endpoint, upload through the collect pipeline,
lists with pagination, filters and ETags, review decisions with history and ledger."""

from __future__ import annotations

import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tadmor.store import Store
from tadmor.store.models import LedgerEntry

from .conftest import BASE, PASSWORD, Seed, make_app, palmyra


def ledger(store: Store, action: str) -> list[LedgerEntry]:
    with store.read() as s:
        return list(s.execute(select(LedgerEntry).where(LedgerEntry.action == action)).scalars())


def test_login_sets_a_strict_httponly_cookie_and_changes_need_the_csrf_token(
    app: FastAPI, tokens: dict[str, str]
) -> None:
    c = TestClient(app, base_url=BASE)
    assert (
        c.post("/api/auth/login", json={"username": "analyst", "password": "nope"}).status_code
        == 401
    )
    assert (
        c.post("/api/auth/login", json={"username": "ghost", "password": PASSWORD}).status_code
        == 401
    )
    r = c.post("/api/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    csrf = r.json()["csrf_token"]
    assert c.get("/api/auth/me").json()["username"] == "analyst"
    body = {"kind": "report", "target_id": "x", "reason": "test"}
    assert c.post("/api/restrictions", json=body).status_code == 403
    assert (
        c.post("/api/restrictions", json=body, headers={"X-CSRF-Token": "forged"}).status_code
        == 403
    )
    assert c.post("/api/restrictions", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert c.get("/api/auth/me").status_code == 401


def test_cookie_is_secure_off_loopback(app: FastAPI, tokens: dict[str, str]) -> None:
    c = TestClient(app, base_url="http://tadmor.example")
    r = c.post("/api/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert "secure" in r.headers["set-cookie"].lower()


def test_every_endpoint_needs_a_login(app: FastAPI) -> None:
    c = TestClient(app, base_url=BASE)
    open_paths = {"/api/health", "/api/auth/login"}
    doc = app.openapi()
    checked = 0
    for path, ops in doc["paths"].items():
        if path in open_paths:
            continue
        url = (
            path.replace("{fmt}", "csv").replace("{token_id}", "1").replace("{restriction_id}", "1")
        )
        url = url.replace("{", "").replace("}", "")
        for method in ops:
            r = c.request(method.upper(), url)
            assert r.status_code == 401, (method, path, r.status_code)
            checked += 1
    assert checked >= 25


def test_roles(clients: dict[str, TestClient], seeded: Seed) -> None:
    viewer, analyst, admin = clients["viewer"], clients["analyst"], clients["admin"]
    data, _ = palmyra()
    assert viewer.post("/api/reports", files={"file": ("p.txt", data)}).status_code == 403
    assert viewer.get("/api/review").status_code == 403
    assert viewer.get("/api/users").status_code == 403
    assert analyst.get("/api/users").status_code == 403
    assert admin.get("/api/users").status_code == 200
    assert viewer.get("/api/exports/claims.csv?scope=internal").status_code == 403
    inc = seeded.palmyra_incidents[0]
    assert (
        viewer.post(
            f"/api/incidents/{inc}/grade", json={"grade": "weak", "reason": "no"}
        ).status_code
        == 403
    )
    rid = analyst.post(
        "/api/restrictions", json={"kind": "claim", "target_id": "c", "reason": "test"}
    ).json()["id"]
    assert analyst.delete(f"/api/restrictions/{rid}").status_code == 403
    assert admin.delete(f"/api/restrictions/{rid}").status_code == 204
    assert admin.get(f"/api/reports/{seeded.palmyra_report}/original").status_code == 200
    assert viewer.get(f"/api/reports/{seeded.palmyra_report}/original").status_code == 403


def test_admin_manages_users_and_changes_are_ledgered(
    clients: dict[str, TestClient], store: Store
) -> None:
    admin = clients["admin"]
    r = admin.post("/api/users", json={"username": "nour", "role": "viewer", "password": "x" * 12})
    assert r.status_code == 201
    assert (
        admin.post(
            "/api/users", json={"username": "nour", "role": "viewer", "password": "x" * 12}
        ).status_code
        == 409
    )
    assert admin.patch("/api/users/nour", json={"role": "analyst"}).json()["role"] == "analyst"
    assert admin.patch("/api/users/nobody", json={"role": "analyst"}).status_code == 404
    adds = [json.loads(e.details) for e in ledger(store, "user_add")]
    assert {"user": "nour", "role": "viewer"} in adds
    assert any(e.actor == "admin" for e in ledger(store, "user_edit"))
    c = TestClient(admin.app, base_url=BASE)
    assert (
        c.post("/api/auth/login", json={"username": "nour", "password": "x" * 12}).status_code
        == 200
    )


def test_tokens_are_shown_once_and_can_be_revoked(clients: dict[str, TestClient]) -> None:
    viewer = clients["viewer"]
    made = viewer.post("/api/tokens", json={"name": "script"}).json()
    assert made["token"].startswith("tdm_")
    listed = viewer.get("/api/tokens").json()
    assert all("token" not in t for t in listed)
    c = TestClient(viewer.app, base_url=BASE, headers={"Authorization": f"Bearer {made['token']}"})
    assert c.get("/api/auth/me").json()["role"] == "viewer"
    assert viewer.delete(f"/api/tokens/{made['id']}").status_code == 204
    assert c.get("/api/auth/me").status_code == 401


def test_upload_runs_the_collect_pipeline(clients: dict[str, TestClient], store: Store) -> None:
    analyst = clients["analyst"]
    data, _ = palmyra()
    r = analyst.post(
        "/api/reports",
        files={"file": ("palmyra.txt", data, "text/plain")},
        data={"source": "Palmyra Monitor", "published": "2015-05-24"},
    )
    assert r.status_code == 201, r.text
    out = r.json()
    assert len(out["added"]) == 1 and out["claims"] > 5 and out["incidents"]
    collect = [e for e in ledger(store, "collect") if out["sha256"] == e.item_hash]
    assert [e.actor for e in collect] == ["analyst"]
    assert any(e.actor == "analyst" for e in ledger(store, "extract"))
    again = analyst.post("/api/reports", files={"file": ("palmyra.txt", data)}).json()
    assert again["added"] == [] and again["already_present"] == 1
    rep = analyst.get(f"/api/reports/{out['added'][0]}").json()
    assert rep["source"] == "Palmyra Monitor" and rep["published"].startswith("2015-05-24")
    assert rep["marks"] and rep["claims"]
    assert analyst.post("/api/reports", files={"file": ("e.txt", b"")}).status_code == 422


def test_upload_size_and_rate_limits(store: Store, tokens: dict[str, str]) -> None:
    app = make_app(store, max_upload_bytes=1000, rate_limit=5)
    c = TestClient(app, base_url=BASE, headers={"Authorization": f"Bearer {tokens['analyst']}"})
    r = c.post("/api/reports", files={"file": ("big.txt", b"a " * 100_000)})
    assert r.status_code == 413
    codes = [c.get("/api/reports").status_code for _ in range(8)]
    assert codes[0] == 200 and 429 in codes
    assert "retry-after" in c.get("/api/reports").headers


def test_lists_paginate_filter_and_revalidate(clients: dict[str, TestClient], seeded: Seed) -> None:
    analyst = clients["analyst"]
    full = analyst.get("/api/incidents").json()["items"]
    assert len(full) >= 2
    first = analyst.get("/api/incidents?limit=1").json()
    assert len(first["items"]) == 1 and first["next_offset"] == 1
    second = analyst.get("/api/incidents?limit=1&offset=1").json()
    assert second["items"][0]["id"] == full[1]["id"]
    tadmur = [i for i in full if i["place_name"] == "Tadmur"]
    assert tadmur
    around = analyst.get("/api/incidents?bbox=38,34,39,35").json()["items"]
    assert {i["id"] for i in around} == {
        i["id"]
        for i in full
        if i["latitude"] and 34 <= i["latitude"] <= 35 and 38 <= i["longitude"] <= 39
    }
    assert analyst.get("/api/incidents?bbox=0,0,1,1").json()["items"] == []
    assert analyst.get("/api/incidents?bbox=nonsense").status_code == 422
    t = tadmur[0]["event_type"]
    typed = analyst.get("/api/incidents", params={"type": t}).json()["items"]
    assert typed and all(i["event_type"] == t for i in typed)
    assert analyst.get("/api/incidents?since=2016-01-01").json()["items"] == []
    assert analyst.get("/api/incidents?until=2015-05-01").json()["items"] == []
    graded = analyst.get("/api/incidents", params={"grade": tadmur[0]["grade"]}).json()["items"]
    assert tadmur[0]["id"] in {i["id"] for i in graded}
    origin = next(
        s["name"]
        for s in analyst.get("/api/sources").json()["items"]
        if s["name"] != "Palmyra Monitor"
    )
    claims = analyst.get("/api/claims", params={"source": origin}).json()["items"]
    assert claims and all(c["origin"] == origin for c in claims)
    everyone = analyst.get("/api/claims?limit=500").json()["items"]
    assert len(claims) < len(everyone)
    r = analyst.get("/api/incidents")
    etag = r.headers["etag"]
    assert analyst.get("/api/incidents", headers={"If-None-Match": etag}).status_code == 304
    assert analyst.get("/api/incidents?limit=2", headers={"If-None-Match": etag}).status_code == 200
    assert r.headers["cache-control"] == "no-store"  # analysts see restricted data
    assert clients["viewer"].get("/api/incidents").headers["cache-control"] == "private, no-cache"


def test_regrade_with_reason_writes_history_and_ledger(
    clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    analyst = clients["analyst"]
    inc = seeded.palmyra_incidents[0]
    assert (
        analyst.post(f"/api/incidents/{inc}/grade", json={"grade": "contested"}).status_code == 422
    )
    r = analyst.post(
        f"/api/incidents/{inc}/grade", json={"grade": "contested", "reason": "tolls disagree"}
    )
    assert r.status_code == 200, r.text
    detail = analyst.get(f"/api/incidents/{inc}").json()
    assert detail["grade"] == "contested" and detail["grade_by"] == "analyst"
    assert any(
        h["actor"] == "analyst" and "tolls disagree" in json.dumps(h["data"])
        for h in detail["history"]
    )
    assert inc not in {i["id"] for i in analyst.get("/api/review?limit=500").json()["items"]}
    graded = [e for e in ledger(store, "incident_grade") if e.actor == "analyst"]
    assert graded and "tolls disagree" in graded[-1].details
    assert (
        analyst.post(
            "/api/incidents/nope/grade", json={"grade": "weak", "reason": "x y z"}
        ).status_code
        == 404
    )


def test_merge_and_split(clients: dict[str, TestClient], seeded: Seed) -> None:
    analyst = clients["analyst"]
    a, b = seeded.palmyra_incidents[:2]
    merged = analyst.post(
        "/api/incidents/merge", json={"incident_ids": [a, b], "reason": "same event"}
    )
    assert merged.status_code == 200, merged.text
    keep = merged.json()["incidents"][0]
    claims = analyst.get(f"/api/incidents/{keep}").json()["claims"]
    assert len(claims) >= 2
    split = analyst.post(
        f"/api/incidents/{keep}/split",
        json={"claim_ids": [claims[-1]["id"]], "reason": "different day"},
    )
    assert split.status_code == 200, split.text
    new = split.json()["incidents"][1]
    assert [c["id"] for c in analyst.get(f"/api/incidents/{new}").json()["claims"]] == [
        claims[-1]["id"]
    ]


def test_export_is_ledgered_with_the_user(
    clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    r = clients["viewer"].get("/api/exports/claims.geojson")
    assert r.status_code == 200
    doc = r.json()
    assert doc["type"] == "FeatureCollection" and doc["features"]
    exports = ledger(store, "export")
    assert exports[-1].actor == "viewer" and exports[-1].item_hash == r.headers["x-export-sha256"]


def test_security_headers_and_hostile_original(
    clients: dict[str, TestClient], store: Store
) -> None:
    analyst = clients["analyst"]
    page = analyst.get("/")
    csp = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    html = (
        b"<html><body><p>Shelling in Aleppo killed 3 people on 2 May 2015.</p>"
        b"<script>alert(1)</script></body></html>"
    )
    out = analyst.post("/api/reports", files={"file": ("x.html", html, "text/html")}).json()
    rid = out["added"][0]
    orig = analyst.get(f"/api/reports/{rid}/original")
    assert orig.headers["content-type"] == "application/octet-stream"
    assert orig.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in orig.headers["content-security-policy"]
    assert orig.content == html


def test_openapi_document(app: FastAPI) -> None:
    doc = TestClient(app, base_url=BASE).get("/api/openapi.json").json()
    for path in (
        "/api/reports",
        "/api/claims",
        "/api/incidents",
        "/api/sources",
        "/api/exports/claims.{fmt}",
        "/api/restrictions",
        "/api/incidents/map",
    ):
        assert path in doc["paths"]
    assert "Problem" in doc["components"]["schemas"]
