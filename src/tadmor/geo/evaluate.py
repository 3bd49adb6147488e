"""Geoparsing evaluation in the field's usual measures (Gritta et al., "What's missing in
geographical parsing?", 2018; "A pragmatic guide to geoparsing evaluation", 2019).

Gold files use the LGL XML layout: ``articles/article`` with ``text`` and
``toponyms/toponym`` (``start``, ``end``, ``phrase``, ``gaztag[@geonameid]`` with ``lat`` and
``lon``). Resolution is scored on the gold spans: a gold toponym the geoparser leaves
unresolved counts at the largest possible error (half the Earth's circumference), as in the
literature, so that abstaining is never free.
"""

from __future__ import annotations

import itertools
import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.geo.errors import GoldFormatError
from tadmor.geo.parser import Geoparser, km

MAX_KM = 20039.0  # half the Earth's circumference: the error of a missing answer
ACC_KM = 161.0  # 100 miles


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class GoldArticle:
    docid: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(el: ET.Element | None) -> float | None:
    if el is None or el.text is None or not el.text.strip():
        return None
    try:
        return float(el.text)
    except ValueError:
        return None


def read_gold(path: str | Path, limit: int | None = None) -> Iterator[GoldArticle]:
    """Articles of an LGL-layout gold file (the first ``limit`` if given)."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise GoldFormatError(f"cannot read gold file {path}: {exc}") from exc
    articles = root.iter("article")
    for n, art in enumerate(articles):
        if limit is not None and n >= limit:
            return
        text = art.findtext("text")
        if text is None:
            raise GoldFormatError(f"{path}: article {n} has no <text> element")
        gold = GoldArticle(art.get("docid", str(n)), text)
        for t in art.iter("toponym"):
            try:
                start, end = int(t.findtext("start", "")), int(t.findtext("end", ""))
            except ValueError as exc:
                raise GoldFormatError(
                    f"{path}: a toponym of article {gold.docid} lacks integer <start>/<end>"
                ) from exc
            tag = t.find("gaztag")
            gid = lat = lon = None
            if tag is not None:
                raw = tag.get("geonameid")
                gid = int(raw) if raw and raw.isdigit() else None
                lat, lon = _float(tag.find("lat")), _float(tag.find("lon"))
            gold.toponyms.append(
                GoldToponym(start, end, t.findtext("phrase") or text[start:end], gid, lat, lon))
        yield gold


def _auc(errors: list[float]) -> float:
    """Area under the curve of sorted log errors, normalised to [0, 1] (lower is better)."""
    if not errors:
        return math.nan
    scaled = sorted(math.log(1 + e) / math.log(1 + MAX_KM) for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    # trapezoid over equally spaced points, x in [0, 1]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def evaluate(geoparser: Geoparser, gold_path: str | Path, *, end_to_end: bool = False,
             limit: int | None = None, country_hint: str | None = None) -> dict[str, object]:
    errors: list[float] = []
    exact = 0
    with_id = 0
    tp = fp = fn = 0
    for art in read_gold(gold_path, limit):
        located = [t for t in art.toponyms if t.lat is not None and t.lon is not None]
        spans = [(t.start, t.end) for t in located]
        resolved = geoparser.resolve_spans(art.text, spans, country_hint=country_hint)
        for g, top in zip(located, resolved, strict=True):
            assert g.lat is not None and g.lon is not None
            if top.place is None:
                errors.append(MAX_KM)
            else:
                errors.append(km(g.lat, g.lon, top.place.latitude, top.place.longitude))
            if g.geonameid is not None:
                with_id += 1
                exact += int(top.place is not None and top.place.geonameid == g.geonameid)
        if end_to_end:
            gold_spans = {(t.start, t.end) for t in art.toponyms}
            found = {(t.start, t.end) for t in geoparser.parse(art.text, country_hint=country_hint)}
            tp += len(gold_spans & found)
            fp += len(found - gold_spans)
            fn += len(gold_spans - found)
    n = len(errors)
    out: dict[str, object] = {
        "n": n,
        "acc161": round(sum(e <= ACC_KM for e in errors) / n, 4) if n else None,
        "auc": round(_auc(errors), 4) if n else None,
        "mean_km": round(statistics.fmean(errors), 1) if n else None,
        "median_km": round(statistics.median(errors), 1) if n else None,
        "geonameid_exact": round(exact / with_id, 4) if with_id else None,
    }
    if end_to_end:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out["recognition"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    return out
