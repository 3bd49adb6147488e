"""Reading and writing the registry's interchange files (CSV and JSON).

Column names follow the record fields; lists (aliases, materials, causes, threats, photos) are
``;``-separated in CSV. The bundled Palmyra file's own columns (``lat``, ``lon``, ``method``,
``source``) are accepted as they are, so the OSM/Pleiades attribution arrives with each point.
A row with ``same_as`` is another source's point for a site already listed: it becomes an
alias and a second source of that site rather than a duplicate that would double its alerts.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tadmor.heritage.records import (
    SITE_KINDS,
    Condition,
    Custody,
    HeritageObject,
    RegistryError,
    Site,
    check_vocab,
)

SITE_COLUMNS = (
    "id",
    "name",
    "kind",
    "aliases",
    "latitude",
    "longitude",
    "parent_id",
    "period",
    "designation",
    "overall_condition",
    "damage_extent",
    "disturbance_causes",
    "condition_certainty",
    "threats",
    "source",
    "attribution",
    "geometry",
)
OBJECT_COLUMNS = (
    "id",
    "inventory_number",
    "site_id",
    "object_type",
    "title",
    "materials",
    "techniques",
    "subject",
    "date_period",
    "maker",
    "inscriptions",
    "distinguishing_features",
    "description",
    "height_cm",
    "width_cm",
    "depth_cm",
    "weight_kg",
    "fragility",
    "significance",
    "custody",
    "safe_haven_id",
    "photos",
    "condition_note",
    "invented",
)
SECRET_OBJECT_COLUMNS = ("location_code",)

OSM_CREDIT = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)"
PLEIADES_CREDIT = "Pleiades (https://pleiades.stoa.org), CC BY 3.0"


def attribution_for(source: str | None) -> str | None:
    """The credit line a point's licence requires, from its source note."""
    if not source:
        return None
    credits = []
    if "openstreetmap" in source.lower():
        credits.append(OSM_CREDIT)
    if "pleiades" in source.lower():
        credits.append(PLEIADES_CREDIT)
    return "; ".join(credits) or None


def slug(text: str) -> str:
    from tadmor.geo import name_key

    return re.sub(r"[^a-z0-9]+", "-", name_key(text.split("(")[0])).strip("-")[:80]


def _split(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(v.strip() for v in str(value).split(";") if v.strip())


def _float(value: Any, what: str) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise RegistryError(f"{what} {value!r} is not a number") from None


def _int(value: Any, what: str, default: int, lo: int = 1, hi: int = 5) -> int:
    if value is None or str(value).strip() == "":
        return default
    try:
        n = int(float(value))
    except ValueError:
        raise RegistryError(f"{what} {value!r} is not a whole number") from None
    if not lo <= n <= hi:
        raise RegistryError(f"{what} {n} is outside {lo}..{hi}")
    return n


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV file, a JSON list, or a JSON object with a list under its only key."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list)]
            if len(lists) != 1:
                raise RegistryError(f"{path}: expected a list of records")
            data = lists[0]
        if not isinstance(data, list):
            raise RegistryError(f"{path}: expected a list of records")
        return [dict(r) for r in data]
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True)
class SiteRow:
    site: Site
    same_as: str | None = None


def site_from_row(row: Mapping[str, Any]) -> SiteRow:
    name = str(row.get("name") or "").strip()
    if not name:
        raise RegistryError("a site needs a name")
    kind = str(row.get("kind") or "archaeological_site").strip()
    check_vocab(kind, SITE_KINDS, "site kind")
    source = (row.get("source") or None) and str(row["source"])
    lat = _float(row.get("latitude", row.get("lat")), "latitude")
    lon = _float(row.get("longitude", row.get("lon")), "longitude")
    geometry = row.get("geometry") or None
    if isinstance(geometry, str):
        geometry = json.loads(geometry)
    cond = Condition(
        overall=str(row.get("overall_condition") or "Unknown"),
        damage_extent=str(row.get("damage_extent") or "Unknown"),
        disturbance_causes=_split(row.get("disturbance_causes")),
        certainty=str(row.get("condition_certainty") or "Negligible"),
        threats=_split(row.get("threats")),
    ).validated()
    data = {k: row[k] for k in ("method",) if row.get(k)}
    return SiteRow(
        Site(
            id=str(row.get("id") or slug(name)),
            name=name,
            kind=kind,
            latitude=lat,
            longitude=lon,
            aliases=_split(row.get("aliases")),
            geometry=geometry,
            parent_id=(row.get("parent_id") or None) and str(row["parent_id"]),
            period=(row.get("period") or None) and str(row["period"]),
            designation=(row.get("designation") or None) and str(row["designation"]),
            condition=cond,
            source=source,
            attribution=row.get("attribution") or attribution_for(source),
            data=data,
        ),
        same_as=(row.get("same_as") or None) and str(row["same_as"]),
    )


def merge_same_as(rows: Sequence[SiteRow]) -> list[Site]:
    """Fold ``same_as`` rows into their site: the name becomes an alias, the point and its
    source are kept under ``data["other_points"]``, the attributions are joined."""
    sites = {r.site.id: r.site for r in rows if r.same_as is None}
    for r in rows:
        if r.same_as is None:
            continue
        target = sites.get(r.same_as)
        if target is None:
            raise RegistryError(f"site {r.site.id}: same_as {r.same_as!r} is not in the file")
        points = [*target.data.get("other_points", [])]
        points.append(
            {
                "lat": r.site.latitude,
                "lon": r.site.longitude,
                "source": r.site.source,
                "method": r.site.data.get("method"),
            }
        )
        credits = [c for c in (target.attribution, r.site.attribution) if c]
        from dataclasses import replace

        sites[target.id] = replace(
            target,
            aliases=tuple(dict.fromkeys([*target.aliases, r.site.name])),
            attribution="; ".join(dict.fromkeys("; ".join(credits).split("; "))) or None,
            source="; ".join(s for s in (target.source, r.site.source) if s) or None,
            data={**target.data, "other_points": points},
        )
    return list(sites.values())


def object_from_row(row: Mapping[str, Any]) -> tuple[HeritageObject, str | None, list[str]]:
    """An object, its plaintext location code (to be encrypted by the caller) and the photo
    paths to preserve as blobs."""
    inv = str(row.get("inventory_number") or "").strip()
    if not inv:
        raise RegistryError("an object needs an inventory number")
    obj_type = str(row.get("object_type") or "").strip()
    if not obj_type:
        raise RegistryError(f"{inv}: an object needs its type (Object ID: type of object)")
    custody = str(row.get("custody") or row.get("custody_status") or "in_situ").strip()
    try:
        status = Custody(custody)
    except ValueError:
        raise RegistryError(
            f"{inv}: custody {custody!r} is not one of {', '.join(c.value for c in Custody)}"
        ) from None
    data: dict[str, Any] = {}
    if str(row.get("invented") or "").lower() in ("yes", "true", "1"):
        data["invented"] = True
    for k in ("threat", "vulnerability"):
        if row.get(k) not in (None, ""):
            data[k] = _int(row[k], k, 3)
    code = row.get("location_code") or None
    obj = HeritageObject(
        id=str(row.get("id") or slug(inv)),
        inventory_number=inv,
        object_type=obj_type,
        title=str(row.get("title") or obj_type),
        site_id=(row.get("site_id") or None) and str(row["site_id"]),
        materials=_split(row.get("materials")),
        techniques=_split(row.get("techniques")),
        subject=row.get("subject") or None,
        date_period=row.get("date_period") or None,
        maker=row.get("maker") or None,
        inscriptions=row.get("inscriptions") or None,
        distinguishing_features=row.get("distinguishing_features") or None,
        description=row.get("description") or None,
        height_cm=_float(row.get("height_cm"), f"{inv}: height"),
        width_cm=_float(row.get("width_cm"), f"{inv}: width"),
        depth_cm=_float(row.get("depth_cm"), f"{inv}: depth"),
        weight_kg=_float(row.get("weight_kg"), f"{inv}: weight"),
        fragility=_int(row.get("fragility"), f"{inv}: fragility", 3),
        significance=_int(row.get("significance"), f"{inv}: significance", 3),
        custody=status,
        safe_haven_id=(row.get("safe_haven_id") or None) and str(row["safe_haven_id"]),
        condition_note=row.get("condition_note") or None,
        data=data,
    )
    return obj, (str(code) if code else None), list(_split(row.get("photos")))


def site_to_row(site: Site) -> dict[str, Any]:
    c = site.condition
    return {
        "id": site.id,
        "name": site.name,
        "kind": site.kind,
        "aliases": list(site.aliases),
        "latitude": site.latitude,
        "longitude": site.longitude,
        "parent_id": site.parent_id,
        "period": site.period,
        "designation": site.designation,
        "overall_condition": c.overall,
        "damage_extent": c.damage_extent,
        "disturbance_causes": list(c.disturbance_causes),
        "condition_certainty": c.certainty,
        "threats": list(c.threats),
        "source": site.source,
        "attribution": site.attribution,
        "geometry": site.geometry,
    }


def object_to_row(obj: HeritageObject, *, include_secrets: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": obj.id,
        "inventory_number": obj.inventory_number,
        "site_id": obj.site_id,
        "object_type": obj.object_type,
        "title": obj.title,
        "materials": list(obj.materials),
        "techniques": list(obj.techniques),
        "subject": obj.subject,
        "date_period": obj.date_period,
        "maker": obj.maker,
        "inscriptions": obj.inscriptions,
        "distinguishing_features": obj.distinguishing_features,
        "description": obj.description,
        "height_cm": obj.height_cm,
        "width_cm": obj.width_cm,
        "depth_cm": obj.depth_cm,
        "weight_kg": obj.weight_kg,
        "fragility": obj.fragility,
        "significance": obj.significance,
        "custody": obj.custody.value,
        "safe_haven_id": obj.safe_haven_id,
        "photos": list(obj.photos),
        "condition_note": obj.condition_note,
        "invented": "yes" if obj.data.get("invented") else "",
    }
    if include_secrets:
        row["location_code"] = obj.location_code
    return row


def render(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> bytes:
    """CSV (lists joined by ';', geometry as JSON) or JSON (a list), UTF-8."""
    rows = list(rows)
    if fmt == "json":
        return (json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n").encode()
    if fmt != "csv":
        raise RegistryError(f"unknown format {fmt!r} (csv or json)")
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                k: (
                    ";".join(map(str, v))
                    if isinstance(v, list)
                    else json.dumps(v)
                    if isinstance(v, dict)
                    else ("" if v is None else v)
                )
                for k, v in r.items()
            }
        )
    return out.getvalue().encode("utf-8")
