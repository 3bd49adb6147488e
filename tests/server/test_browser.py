"""End to end in a real browser (Debian's Chromium through Playwright): log in, upload the
Palmyra article, find its incident on the map, open it, see the highlighted spans, regrade it
with a reason, see the history; a viewer cannot see a restricted field; an article whose text
holds <script> does nothing. Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tadmor.api import ServerSettings, create_app, services
from tadmor.store import Store

from .conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
    pytest.mark.slow,
]
playwright_sync = pytest.importorskip("playwright.sync_api", reason="needs playwright")
expect = playwright_sync.expect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    import uvicorn

    store = Store.open(tmp_path_factory.mktemp("e2e") / "e2e.db")
    for role in ("analyst", "viewer"):
        services.add_user(store, role, role, PASSWORD, actor="test")
    app = create_app(store, ServerSettings(rate_limit=0, login_rate_limit=0))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _page(browser: Any, base: str, user: str) -> Any:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(base + "/")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#nav:not([hidden])")
    return page


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _upload(page: Any, base: str, path: Path, **fields: str) -> None:
    page.goto(base + "/#/upload")
    page.wait_for_selector("#upload-form")
    page.set_input_files("#u-file", str(path))
    for k, v in fields.items():
        page.fill(f"#u-{k}", v)
    page.click("#u-submit")
    page.wait_for_selector("#upload-result a, #upload-result .error", timeout=120_000)


def test_analyst_flow_palmyra(server: tuple[str, Store], browser: Any, tmp_path: Path) -> None:
    from importlib import resources

    base, _store = server
    page = _page(browser, base, "analyst")
    _shot(page, "01-map-empty")
    article = tmp_path / "palmyra-2015.txt"
    article.write_bytes((resources.files("tadmor") / "data" / "palmyra-2015.txt").read_bytes())
    _upload(page, base, article, source="Palmyra Monitor", published="2015-05-24")
    assert page.locator("#upload-result a.new-incident").count() >= 1
    _shot(page, "02-uploaded")

    # The map: the Tadmur incident is a marker near Palmyra (34.56 N, 38.28 E).
    page.goto(base + "/#/")
    page.wait_for_selector(".leaflet-interactive")
    page.fill("#f-q", "Tadmur")
    page.click(".filters button[type=submit]")
    expected = page.evaluate(
        "async () => (await (await fetch('/api/incidents/counts?q=Tadmur')).json()).total.incidents"
    )
    assert expected >= 1
    expect(page.locator("#counts")).to_contain_text(f"{expected} incident(s)")
    expect(page.locator("#incident-list tbody tr")).to_have_count(expected)
    _shot(page, "03-map-tadmur")
    page.locator(".leaflet-interactive").first.click()
    page.wait_for_selector(".leaflet-popup a.open-incident")
    _shot(page, "04-popup")
    page.click(".leaflet-popup a.open-incident")
    page.wait_for_selector("#incident-title")
    assert "Tadmur" in page.inner_text("#incident-title")

    # Claims side by side by source, with the spans highlighted in the preserved text.
    assert page.locator(".source-column").count() >= 2
    assert page.locator("#claims-by-source mark.event").count() >= 1
    assert page.locator("#claims-by-source mark.place").count() >= 1
    _shot(page, "05-incident")

    # Regrade with a reason; the history shows it.
    page.select_option("#regrade-grade", "contested")
    page.fill("#regrade-reason", "SANA and the reporter disagree on the toll")
    page.click("#regrade-submit")
    # (No wait_for_function: it evaluates a string, which the page's CSP rightly forbids.)
    expect(page.locator("#history")).to_contain_text("disagree on the toll", timeout=30_000)
    assert "contested" in page.inner_text("#history")
    assert page.locator("span.grade.contested").count() >= 1
    _shot(page, "06-regraded-history")
    assert page.errors == []


def test_a_viewer_cannot_see_a_restricted_field(server: tuple[str, Store], browser: Any) -> None:
    base, store = server
    from tadmor.store import server_repo as srv

    with store.read() as s:
        rows, _ = srv.query_claims(s, srv.ClaimQuery(limit=500), hide_restricted=False)
    target = next(c for c, _ in rows if c.place_name == "Tadmur")
    services.restrict(
        store,
        kind="claim",
        target_id=target.id,
        field="location",
        reason="safe house nearby",
        actor="analyst",
    )
    page = _page(browser, base, "viewer")
    page.goto(f"{base}/#/report/{target.report_id}")
    page.wait_for_selector("#report-text")
    body = page.inner_text("main")
    claim = page.evaluate(
        "async (id) => (await (await fetch('/api/claims/' + id)).json())", target.id
    )
    assert claim["location"] is None and claim["latitude"] is None
    assert page.locator(".badge").count() == 0  # a viewer is not even told what is hidden
    _shot(page, "07-viewer-report")
    analyst = _page(browser, base, "analyst")
    seen = analyst.evaluate(
        "async (id) => (await (await fetch('/api/claims/' + id)).json())", target.id
    )
    assert seen["location"] == "Tadmur"
    assert body


def test_a_script_in_an_article_does_nothing(
    server: tuple[str, Store], browser: Any, tmp_path: Path
) -> None:
    base, _ = server
    page = _page(browser, base, "analyst")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "Shelling hit Aleppo on 3 June 2015, killing 4 civilians. "
        "<script>window.__pwned = 1; document.title = 'pwned'</script> "
        '<img src=x onerror="window.__pwned = 2">',
        encoding="utf-8",
    )
    _upload(page, base, hostile, published=dt.date(2015, 6, 4).isoformat())
    page.click("#upload-result a[href^='#/report/']")
    page.wait_for_selector("#report-text")
    page.wait_for_timeout(500)
    assert "<script>" in page.inner_text("#report-text")  # shown as text...
    assert page.evaluate("window.__pwned") is None  # ...and never run
    assert page.title() == "tadmor"
    assert page.locator("#report-text script, #report-text img").count() == 0
    _shot(page, "08-hostile-report")
    # The phone layout: the map and the list stack.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(base + "/")
    phone.fill("#username", "viewer")
    phone.fill("#password", PASSWORD)
    phone.click("#login-form button[type=submit]")
    phone.wait_for_selector("#map")
    _shot(phone, "09-phone-map")
    box = phone.locator("#map").bounding_box()
    assert box is not None and box["width"] <= 390
