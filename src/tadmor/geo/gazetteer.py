"""Read access to the gazetteer file: indexed look-ups, no full load.

The file holds ~1.5M names; loading them into Python would cost seconds and hundreds of MB,
while an indexed SQLite look-up costs microseconds. So the gazetteer stays on disk (the OS
caches the pages that are used) and only per-name results are memoised.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tadmor.geo.build import GAZETTEER_VERSION, build_gazetteer, supplement_path
from tadmor.geo.errors import GazetteerError
from tadmor.geo.records import Place


@lru_cache(maxsize=1)
def gazetteer_version() -> str:
    """Schema version plus a hash of the supplement: editing the CSV yields a new file name,
    so a stale cached gazetteer is never used."""
    digest = hashlib.sha256(supplement_path().read_bytes()).hexdigest()[:8]
    return f"{GAZETTEER_VERSION}.{digest}"


def default_gazetteer_path() -> Path:
    """``$TADMOR_GAZETTEER``, else ``$TADMOR_HOME/gazetteer-<v>.sqlite``, else the user cache."""
    env = os.environ.get("TADMOR_GAZETTEER")
    if env:
        return Path(env).expanduser()
    name = f"gazetteer-{gazetteer_version()}.sqlite"
    home = os.environ.get("TADMOR_HOME")
    if home:
        return Path(home).expanduser() / name
    return Path.home() / ".cache" / "tadmor" / name


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer place as the resolver sees it: the record plus ranking attributes."""

    place: Place
    level: int
    precision: int


_COLS = ("id, name, country_code, lat, lon, fclass, fcode, admin1, admin2, population, "
         "country, level, precision")


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(Place(*row[:11]), row[11], row[12])


class Gazetteer:
    """An open gazetteer file. Thread-safe for reads (one connection per thread)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(
                f"no gazetteer at {self.path}: build it with `python -m tadmor.geo.build "
                f"{self.path}` (or unset TADMOR_GAZETTEER to use the default location)"
            )
        self._local = threading.local()
        try:
            version = self._con().execute(
                "SELECT value FROM meta WHERE key='version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                f"{self.path} is not a tadmor gazetteer ({exc}); delete it and rebuild with "
                f"`python -m tadmor.geo.build {self.path}`"
            ) from exc
        if not version or version[0] != GAZETTEER_VERSION:
            raise GazetteerError(
                f"{self.path} was built by another tadmor version ({version and version[0]}, "
                f"this one reads {GAZETTEER_VERSION}); rebuild it with "
                f"`python -m tadmor.geo.build {self.path}`"
            )
        self._by_key: dict[str, tuple[tuple[Entry, int], ...]] = {}
        self._by_skel: dict[str, tuple[Entry, ...]] = {}
        self._exists: dict[str, bool] = {}
        self._by_id: dict[int, Entry | None] = {}
        self._buckets: dict[tuple[str, str], tuple[list[str], list[int]]] = {}

    def _con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            con.execute("PRAGMA cache_size=-65536")
            con.execute("PRAGMA mmap_size=268435456")
            self._local.con = con
        return con

    def has_key(self, key: str) -> bool:
        """Is ``key`` (a :func:`name_key`) the name of any place? Memoised: recognition asks
        this for every capitalised n-gram of a text."""
        hit = self._exists.get(key)
        if hit is None:
            hit = self._con().execute(
                "SELECT 1 FROM name WHERE key=? LIMIT 1", (key,)).fetchone() is not None
            if len(self._exists) > 200_000:
                self._exists.clear()
            self._exists[key] = hit
        return hit

    def lookup(self, key: str) -> tuple[tuple[Entry, int], ...]:
        """Places whose name key is ``key``, each with the kind of name that matched."""
        hit = self._by_key.get(key)
        if hit is None:
            rows = self._con().execute(
                f"SELECT {_COLS}, n.kind FROM name n JOIN place p ON p.id = n.place "
                "WHERE n.key = ?", (key,)).fetchall()
            hit = tuple((_entry(r[:13]), r[13]) for r in rows)
            if len(self._by_key) > 50_000:
                self._by_key.clear()
            self._by_key[key] = hit
        return hit

    def lookup_skeleton(self, skel: str) -> tuple[Entry, ...]:
        hit = self._by_skel.get(skel)
        if hit is None:
            rows = self._con().execute(
                f"SELECT {_COLS} FROM skel s JOIN place p ON p.id = s.place WHERE s.key = ?",
                (skel,)).fetchall()
            hit = tuple(_entry(r) for r in rows)
            if len(self._by_skel) > 50_000:
                self._by_skel.clear()
            self._by_skel[skel] = hit
        return hit

    def get(self, geonameid: int) -> Entry | None:
        if geonameid not in self._by_id:
            row = self._con().execute(
                f"SELECT {_COLS} FROM place WHERE id = ?", (geonameid,)).fetchone()
            self._by_id[geonameid] = _entry(row) if row else None
        return self._by_id[geonameid]

    def names_in_country(self, country_code: str, initial: str) -> tuple[list[str], list[int]]:
        """Name keys of one country's places that start with ``initial`` (for fuzzy matching:
        misspellings rarely change the first letter, and the bucket makes fuzzy search over a
        large country ~20x cheaper), with their place ids. The buckets are made at build time
        (table ``fuzzy``): a first look-up reads one row instead of a country's names."""
        bkey = (country_code, initial[:1])
        hit = self._buckets.get(bkey)
        if hit is None:
            row = self._con().execute(
                "SELECT names, ids FROM fuzzy WHERE cc = ? AND initial = ?", bkey).fetchone()
            if row is None:
                hit = ([], [])
            else:
                ids = array("q")
                ids.frombytes(row[1])
                hit = (row[0].split("\n"), ids.tolist())
            if len(self._buckets) > 2_000:
                self._buckets.clear()
            self._buckets[bkey] = hit
        return hit

    def search_prefix(self, key: str, limit: int) -> list[Entry]:
        rows = self._con().execute(
            f"SELECT {_COLS} FROM name n JOIN place p ON p.id = n.place "
            "WHERE n.key >= ? AND n.key < ? ORDER BY p.population DESC LIMIT ?",
            (key, key + "\uffff", limit)).fetchall()
        return [_entry(r) for r in rows]

    def stats(self) -> dict[str, str]:
        return dict(self._con().execute("SELECT key, value FROM meta").fetchall())


_LOCK = threading.Lock()


def open_gazetteer(path: str | os.PathLike[str] | None = None, *, build: bool = True) -> Gazetteer:
    """Open the gazetteer at ``path`` (default location if None), building it first if it is
    missing and ``build`` is true."""
    target = Path(path) if path is not None else default_gazetteer_path()
    if not target.exists() and build:
        with _LOCK:
            if not target.exists():
                print(f"tadmor: building the gazetteer at {target} from installed GeoNames "
                      "data (once; about a minute)...", file=sys.stderr)
                build_gazetteer(target)
    return Gazetteer(target)
