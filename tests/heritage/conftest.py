from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tadmor.heritage import secrecy, service
from tadmor.heritage.records import Role
from tadmor.store import Store

CODES = ("VAULT-7-SHELF-3", "BASEMENT-B2-R09", "CRATE-XY-42")


@pytest.fixture
def key_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[secrecy.Cipher]:
    """A fresh key in a key file named by TADMOR_KEY_FILE (never the user's real key)."""
    monkeypatch.delenv("TADMOR_KEY", raising=False)
    path = tmp_path / "key"
    monkeypatch.setenv("TADMOR_KEY_FILE", str(path))
    secrecy.write_key_file(path)
    yield secrecy.load_cipher()


@pytest.fixture
def no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TADMOR_KEY", raising=False)
    monkeypatch.setenv("TADMOR_KEY_FILE", str(tmp_path / "absent-key"))


def write_objects(path: Path, codes: tuple[str, ...] = CODES) -> Path:
    cols = [
        "inventory_number",
        "site_id",
        "object_type",
        "title",
        "materials",
        "height_cm",
        "width_cm",
        "depth_cm",
        "weight_kg",
        "fragility",
        "significance",
        "custody",
        "location_code",
    ]
    rows = [
        [
            "T-001",
            "palmyra-museum",
            "bust",
            "Bust of a woman",
            "limestone",
            50,
            40,
            30,
            90,
            3,
            5,
            "in_situ",
            codes[0],
        ],
        [
            "T-002",
            "palmyra-museum",
            "coin",
            "Tessera",
            "bronze",
            2,
            2,
            0.3,
            0.01,
            1,
            3,
            "in_situ",
            codes[1],
        ],
        [
            "T-003",
            "palmyra-museum",
            "sarcophagus",
            "Banquet sarcophagus",
            "limestone",
            180,
            230,
            110,
            3600,
            2,
            5,
            "in_situ",
            codes[2],
        ],
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(rows)
    return path


@pytest.fixture
def loaded(store: Store, key_env: secrecy.Cipher, tmp_path: Path) -> Store:
    """A store with the Palmyra sites and three objects whose location codes are secret."""
    service.import_sites(
        store, service.sample_path("palmyra-sites.csv"), role=Role.ANALYST, actor="test"
    )
    s = service.import_objects(
        store, write_objects(tmp_path / "objects.csv"), role=Role.ANALYST, actor="test"
    )
    assert s.added == 3 and s.errors == [] and s.secrets_skipped == 0
    return store
