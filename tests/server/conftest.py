"""Fixtures of the server tests: an app on the parametrized ``store`` (SQLite and PostgreSQL),
one user of each role with an API token, and a seeded store holding restricted data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tadmor.api import ServerSettings, auth, create_app, services
from tadmor.collect.records import Metadata
from tadmor.store import Store
from tadmor.store import server_repo as srv

PASSWORD = "correct horse battery staple"
ROLES = ("viewer", "analyst", "admin")
BASE = "http://127.0.0.1"
PUBLISHED = dt.datetime(2015, 5, 24)

# Words that only restricted data contains: no viewer response may ever hold them.
SECRET_WITNESS = "Ahmad Khalil"
SECRET_PLACE = "Bab Tadmur safe house"
WITNESS_TEXT = (
    f"Witness {SECRET_WITNESS} said Islamic State fighters killed 12 civilians in Deir ez-Zor "
    f"on 20 May 2015. Survivors were hidden at the {SECRET_PLACE}."
).encode()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once for the whole run."""
    return auth.hash_password(PASSWORD)


def make_app(store: Store, **overrides: object) -> FastAPI:
    base: dict[str, object] = {
        "rate_limit": 0,
        "login_rate_limit": 0,
        "upload_rate_limit": 0,
        "auth_cache_seconds": 0.0,
    }
    base.update(overrides)
    return create_app(store, ServerSettings(**base))  # type: ignore[arg-type]


@pytest.fixture
def app(store: Store) -> FastAPI:
    return make_app(store)


@pytest.fixture
def tokens(store: Store, password_hash: str) -> dict[str, str]:
    """An API token for a user of each role (users named after their role)."""
    out = {}
    for role in ROLES:
        with store.write() as session:
            srv.add_user(session, role, role, password_hash, "test")
        out[role], _ = services.add_token(store, role, "tests", actor="test")
    return out


@pytest.fixture
def clients(app: FastAPI, tokens: dict[str, str]) -> Iterator[dict[str, TestClient]]:
    out = {
        role: TestClient(app, base_url=BASE, headers={"Authorization": f"Bearer {tok}"})
        for role, tok in tokens.items()
    }
    out["anonymous"] = TestClient(app, base_url=BASE)
    yield out
    for c in out.values():
        c.close()


def palmyra() -> tuple[bytes, Metadata]:
    base = resources.files("tadmor") / "data"
    return (base / "palmyra-2015.txt").read_bytes(), Metadata(
        source="Palmyra Monitor", published=PUBLISHED
    )


@dataclass
class Seed:
    palmyra_report: str
    palmyra_incidents: list[str]
    witness_report: str
    witness_claims: list[str]
    witness_incidents: list[str]


@pytest.fixture
def seeded(store: Store, tokens: dict[str, str]) -> Seed:
    """The Palmyra article (public) and a witness statement uploaded as restricted."""
    data, meta = palmyra()
    pub = services.upload(store, data, "palmyra.txt", metadata=meta, actor="analyst")
    sec = services.upload(
        store,
        WITNESS_TEXT,
        "witness.txt",
        metadata=Metadata(source="Field interview", published=PUBLISHED),
        actor="analyst",
        restrict_reason="names a witness and a safe house",
    )
    assert pub.outcome.added and sec.outcome.added, (pub, sec)
    with store.read() as session:
        wclaims, _ = srv.query_claims(
            session,
            srv.ClaimQuery(report_id=sec.outcome.added[0], limit=100),
            hide_restricted=False,
        )
    return Seed(
        palmyra_report=pub.outcome.added[0],
        palmyra_incidents=pub.incidents,
        witness_report=sec.outcome.added[0],
        witness_claims=[c.id for c, _ in wclaims],
        witness_incidents=sec.incidents,
    )
