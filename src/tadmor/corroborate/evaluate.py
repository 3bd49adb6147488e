"""``tadmor eval incidents``: group gold documents into incidents from scratch and score them.

Each document runs through the real extraction pipeline; its profile (words, names, places,
event dates) is all the grouper sees. Gold incident ids are read only by :func:`score`, after
grouping, and the gold figures only to score the derived figures.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tadmor.corroborate.grouping import DocProfile, content_tokens, group_documents
from tadmor.extract.records import Document, FigureKind


class GoldFormatError(ValueError):
    """The gold file cannot be read; the message names the line."""


@dataclass(frozen=True, slots=True)
class GoldDoc:
    doc_id: str
    title: str
    published: dt.datetime | None
    text: str
    source: str | None = None
    url: str | None = None


def read_gold(path: Path) -> tuple[list[GoldDoc], list[str]]:
    """Documents (what the grouper may see) and, separately, their gold incident ids."""
    docs: list[GoldDoc] = []
    labels: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                pub = row.get("published")
                docs.append(
                    GoldDoc(
                        doc_id=str(row["doc_id"]),
                        title=row.get("title") or "",
                        published=dt.datetime.fromisoformat(pub) if pub else None,
                        text=row["text"],
                        source=row.get("source"),
                        url=row.get("url"),
                    )
                )
                labels.append(str(row["incident_id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldFormatError(f"{path}:{n}: {type(exc).__name__}: {exc}") from exc
    return docs, labels


def read_gold_figures(path: Path) -> dict[str, tuple[int | None, int | None]]:
    """``<name>-incidents.jsonl`` beside the gold file: incident id -> (killed, injured)."""
    out: dict[str, tuple[int | None, int | None]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out[str(row["incident_id"])] = (row.get("num_killed"), row.get("num_injured"))
    return out


_NAME = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)+)\b")


def document_profile(doc: Document, doc_id: str) -> DocProfile:
    """A report's grouping profile from what the pipeline found in it."""
    places: list[tuple[int | None, float, float, int, str]] = []
    seen: set[int] = set()
    for c in doc.claims:
        p = c.place.value if c.place else None
        if p is not None and p.geonameid not in seen:
            seen.add(p.geonameid)
            places.append((p.geonameid, p.latitude, p.longitude, c.geo_precision or 3, p.admin1))
    published = doc.published.date() if doc.published else None
    dates = sorted(
        {c.date.value for c in doc.claims if c.date is not None}
        | {d.date for d in doc.dates if d.date != published}
    )
    names = frozenset(m.group(1).lower() for m in _NAME.finditer(doc.text))
    return DocProfile(
        doc_id=doc_id,
        tokens=tuple(content_tokens(doc.text)),
        names=names,
        places=tuple(places),
        dates=tuple(dates),
        published=published,
    )


_TOLL = (FigureKind.KILLED.value, FigureKind.EXECUTED.value)


def document_figures(doc: Document) -> dict[str, int | None]:
    """One report's own killed and injured figures: the largest conservative value it gives
    in its conflict claims (a report's total, not a sub-count)."""
    out: dict[str, int | None] = {"killed": None, "injured": None}
    for c in doc.claims:
        if c.event_type == "not_conflict" or c.negated:
            continue
        for f in c.figures:
            kind = "killed" if f.value.kind.value in _TOLL else f.value.kind.value
            if kind in out:
                cur = out[kind]
                out[kind] = f.value.quantity.low if cur is None else max(cur, f.value.quantity.low)
    return out


def incident_figure(values: Sequence[int | None]) -> int:
    """ACLED's conservative rule across sources: the lowest figure any source gives; 0 when
    none gives one."""
    given = [v for v in values if v is not None]
    return min(given) if given else 0


def bcubed(pred: Sequence[Any], gold: Sequence[Any]) -> tuple[float, float, float]:
    pc: dict[Any, set[int]] = defaultdict(set)
    gc: dict[Any, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        pc[p].add(i)
        gc[g].add(i)
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    p_sum = r_sum = 0.0
    for i in range(n):
        inter = len(pc[pred[i]] & gc[gold[i]])
        p_sum += inter / len(pc[pred[i]])
        r_sum += inter / len(gc[gold[i]])
    p, r = p_sum / n, r_sum / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: Sequence[Any], gold: Sequence[Any]) -> tuple[float, float, float]:
    def pairs(labels: Sequence[Any]) -> set[tuple[int, int]]:
        groups: dict[Any, list[int]] = defaultdict(list)
        for i, x in enumerate(labels):
            groups[x].append(i)
        return {(a, b) for m in groups.values() for i, a in enumerate(m) for b in m[i + 1 :]}

    pp, gp = pairs(pred), pairs(gold)
    tp = len(pp & gp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    pred: Sequence[int],
    gold: Sequence[str],
    doc_figures: Sequence[dict[str, int | None]],
    gold_figures: dict[str, tuple[int | None, int | None]],
) -> dict[str, Any]:
    """Clustering scores, and the accuracy of each predicted incident's derived figures
    against the gold incident that most of its documents belong to."""
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    members: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(pred):
        members[p].append(i)
    killed_ok = injured_ok = judged = 0
    for idx in members.values():
        majority = Counter(gold[i] for i in idx).most_common(1)[0][0]
        if majority not in gold_figures:
            continue
        g_killed, g_injured = gold_figures[majority]
        judged += 1
        k = incident_figure([doc_figures[i]["killed"] for i in idx])
        j = incident_figure([doc_figures[i]["injured"] for i in idx])
        killed_ok += int(g_killed is not None and k == g_killed)
        injured_ok += int(g_injured is not None and j == g_injured)
    result: dict[str, Any] = {
        "documents": len(gold),
        "gold_incidents": len(set(gold)),
        "predicted_incidents": len(members),
        "bcubed_precision": round(bp, 4),
        "bcubed_recall": round(br, 4),
        "bcubed_f1": round(bf, 4),
        "pairwise_precision": round(pp, 4),
        "pairwise_recall": round(pr, 4),
        "pairwise_f1": round(pf, 4),
    }
    if judged:
        result["figures"] = {
            "incidents_judged": judged,
            "killed_accuracy": round(killed_ok / judged, 4),
            "injured_accuracy": round(injured_ok / judged, 4),
        }
    return result


def evaluate_incidents(
    gold_path: Path,
    *,
    pipeline: Callable[[Document], Document] | None = None,
    on_doc: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run the pipeline over each gold document, group from scratch, score."""
    if pipeline is None:
        from tadmor.extract import Pipeline

        pipeline = Pipeline.from_config()
    docs, labels = read_gold(gold_path)
    profiles: list[DocProfile] = []
    figures: list[dict[str, int | None]] = []
    for i, g in enumerate(docs):
        text = f"{g.title}\n\n{g.text}" if g.title else g.text
        doc = pipeline(Document(text=text, published=g.published, report_id=g.doc_id))
        profiles.append(document_profile(doc, g.doc_id))
        figures.append(document_figures(doc))
        if on_doc:
            on_doc(i + 1, len(docs))
    pred = group_documents(profiles)
    figures_file = gold_path.with_name(gold_path.stem + "-incidents.jsonl")
    result = score(pred, labels, figures, read_gold_figures(figures_file))
    result["gold"] = str(gold_path)
    return result
