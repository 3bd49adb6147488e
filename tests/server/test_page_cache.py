"""The page cache never serves a page the data has moved past: a restriction made after a page
was built, by the server or by anything else writing to the store, applies to the very next
request; viewers and analysts never share a page. Each test first proves the cache is in use
(a repeat is a hit), so a cache that never hit could not make them pass."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tadmor.api import services
from tadmor.api.cache import PageCache
from tadmor.store import Store

from .conftest import SECRET_WITNESS, Seed
from .test_restrictions import probe_urls

CACHED = (
    "/api/incidents",
    "/api/incidents/map",
    "/api/incidents/counts",
    "/api/incidents/timeline",
)


def cached_urls(seed: Seed) -> list[str]:
    return [u for u in probe_urls(seed) if u.split("?")[0] in CACHED or "/api/incidents/" in u]


def cache_of(app: FastAPI) -> PageCache:
    cache = app.state.page_cache
    assert isinstance(cache, PageCache) and cache.enabled
    return cache


def warm(viewer: TestClient, app: FastAPI, urls: list[str]) -> dict[str, str]:
    pages = {u: viewer.get(u).text for u in urls}
    hits = cache_of(app).hits
    assert {u: viewer.get(u).text for u in urls} == pages
    assert cache_of(app).hits == hits + len(urls), "the repeats should all be answered from cache"
    return pages


def an_origin(analyst: TestClient, seed: Seed) -> str:
    detail = analyst.get(f"/api/incidents/{seed.palmyra_incidents[0]}").json()
    origins = [c["origin"] for c in detail["claims"] if c.get("origin")]
    assert origins, "the Palmyra incident should name the sources of its claims"
    return str(origins[0])


def test_a_restriction_through_the_server_applies_to_the_next_request(
    app: FastAPI, clients: dict[str, TestClient], seeded: Seed
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    origin = an_origin(analyst, seeded)
    urls = cached_urls(seeded)
    before = warm(viewer, app, urls)
    assert any(origin.lower() in page.lower() for page in before.values())
    analyst.post(
        "/api/restrictions", json={"kind": "source", "target_id": origin, "reason": "informant"}
    ).raise_for_status()
    for url in urls:
        assert origin.lower() not in viewer.get(url).text.lower(), url


def test_a_restriction_written_by_another_process_applies_at_once(
    app: FastAPI, clients: dict[str, TestClient], seeded: Seed, store: Store
) -> None:
    """`tadmor restrict` on the command line, another server worker or a script writes to the
    store without this process knowing: the triggers' data version still moves."""
    viewer = clients["viewer"]
    incident = seeded.palmyra_incidents[0]
    urls = cached_urls(seeded)
    warm(viewer, app, urls)
    services.restrict(
        store,
        kind="report",
        target_id=seeded.palmyra_report,
        reason="a source at risk",
        actor="cli",
    )
    assert viewer.get(f"/api/incidents/{incident}").status_code == 404
    listed = [i["id"] for i in viewer.get("/api/incidents?limit=500").json()["items"]]
    assert incident not in listed


def test_viewers_and_analysts_never_share_a_page(
    app: FastAPI, clients: dict[str, TestClient], seeded: Seed
) -> None:
    viewer, analyst = clients["viewer"], clients["analyst"]
    hidden = set(seeded.witness_incidents)
    for _ in range(2):  # built, then from the cache
        listed = {i["id"] for i in analyst.get("/api/incidents?limit=500").json()["items"]}
        assert hidden <= listed
        listed = {i["id"] for i in viewer.get("/api/incidents?limit=500").json()["items"]}
        assert not hidden & listed
        for incident in hidden:
            seen = analyst.get(f"/api/incidents/{incident}")
            assert seen.status_code == 200 and SECRET_WITNESS in seen.text
            assert viewer.get(f"/api/incidents/{incident}").status_code == 404
    assert cache_of(app).hits > 0


def test_an_older_snapshot_is_never_filed_over_a_newer_one() -> None:
    cache = PageCache(max_entries=10, max_bytes=1 << 20)
    cache.put((5, False, "/api/incidents", ""), b"new")
    cache.put((4, False, "/api/incidents", ""), b"old")  # a slow request that began earlier
    assert cache.get((4, False, "/api/incidents", "")) is None
    assert cache.get((5, False, "/api/incidents", "")) == b"new"
    cache.put((6, False, "/api/incidents", "x"), b"newer")
    assert cache.get((5, False, "/api/incidents", "")) is None  # dropped with its version


def test_the_cache_stays_within_its_bounds() -> None:
    cache = PageCache(max_entries=3, max_bytes=1000)
    for i in range(10):
        cache.put((1, False, "/p", str(i)), b"x" * 100)
    assert [cache.get((1, False, "/p", str(i))) is not None for i in range(10)].count(True) == 3
    cache.put((1, False, "/p", "big"), b"x" * 900)  # over an eighth of the bytes: not kept
    assert cache.get((1, False, "/p", "big")) is None
