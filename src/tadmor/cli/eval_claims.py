"""`tadmor eval facts` and `tadmor eval events`: claim extraction measured against gold files.

Plain functions with Typer annotations; the CLI mounts them under ``tadmor eval``. Each prints
one JSON object on stdout (progress, if any, goes to stderr).

* ``facts`` reads the FA-KES layout (``unit_id, article_title, article_content, source, date,
  location, actor, cause_of_death, nb_children, nb_civilians, nb_noncivilians, nb_women, ...``;
  ``date`` is m/d/yy) and scores the document-level facts of :mod:`tadmor.extract.facts`.
* ``events`` reads a TSV with header ``id<TAB>EventSnippet<TAB>SubType`` (no quoting) whose
  labels are the 25 ACLED codes plus ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO and
  ATTRIB (not conflict events), and scores the events stage's sentence type.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from tadmor.extract.records import Document

_JSON_HELP = "also write the JSON here"
EVENT_STAGES = ("sentences", "dates", "quantities", "actors", "attribution", "heritage", "events")


def _pipeline(names: tuple[str, ...] | None = None) -> Any:
    from tadmor.extract.pipeline import DEFAULT_STAGES, Pipeline, registered_stages

    wanted = names or tuple(s for s in DEFAULT_STAGES if s != "language")
    available = registered_stages()
    return Pipeline.from_config([s for s in wanted if s in available])


def _gold_date(raw: str) -> dt.date | None:
    try:
        m, d, y = (int(x) for x in raw.strip().split("/"))
    except ValueError:
        return None
    return dt.date(2000 + y if y < 100 else y, m, d)


def _int(raw: str) -> int:
    try:
        return int(float(raw))
    except ValueError:
        return 0


def _ratio(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def score_facts(rows: list[dict[str, str]], limit: int | None = None) -> dict[str, Any]:
    """Per-field accuracy of the extracted facts against FA-KES rows.

    Each row is read as the store's extraction reads a report (``extract.service.document_for``):
    the body text only. The collectors keep a title (HTML ``<title>``, ``--csv-title``, JSON
    ``title``) with the report, but extraction does not see it, so neither does this score;
    the ``date`` column is the gold, so it is not passed as the publication date either."""
    from tadmor.extract.facts import incident_facts

    key: Callable[[str], str] | None
    try:
        from tadmor.geo import governorate_key as key
    except ImportError:  # the geography package is not installed: places cannot be scored
        key = None
    pipe = _pipeline()
    has_places = any(s.name == "places" for s in pipe.stages)
    rows = rows[:limit] if limit else rows
    hits: Counter[str] = Counter()
    n = 0
    for row in rows:
        doc = Document(row["article_content"], report_id=row.get("unit_id", ""), country_hint="SY")
        doc = pipe(doc)
        f = incident_facts(doc, key)
        n += 1
        hits["date"] += f.date == _gold_date(row["date"])
        gold_loc = row["location"].strip().lower()
        hits["location"] += f.governorate is not None and f.governorate == gold_loc
        hits["cause_of_death"] += f.cause_of_death == row["cause_of_death"].strip().lower()
        hits["actor"] += f.actor == row["actor"].strip().lower()
        civ = _int(row["nb_civilians"])
        hits["nb_civilians_exact"] += f.nb_civilians == civ
        hits["nb_civilians_10pct"] += abs(f.nb_civilians - civ) <= 0.1 * civ
        hits["nb_children"] += f.nb_children == _int(row["nb_children"])
        hits["nb_women"] += f.nb_women == _int(row["nb_women"])
        hits["nb_noncivilians"] += f.nb_noncivilians == _int(row["nb_noncivilians"])
    fields = [
        "date",
        "location",
        "cause_of_death",
        "actor",
        "nb_civilians_exact",
        "nb_civilians_10pct",
        "nb_children",
        "nb_women",
        "nb_noncivilians",
    ]
    out: dict[str, Any] = {"rows": n}
    out.update({k: _ratio(hits[k], n) for k in fields})
    if not has_places:
        out["location"] = None
        out["note"] = "no places stage registered: location not scored"
    return out


def read_fakes(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def facts(
    gold: Annotated[Path, typer.Option(help="FA-KES-layout CSV (../shared/data/fakes-dev.csv)")],
    limit: Annotated[int | None, typer.Option(help="score only the first N rows")] = None,
    json_out: Annotated[Path | None, typer.Option("--json-out", help=_JSON_HELP)] = None,
) -> None:
    """Score document-level facts (date, governorate, cause, actor, counts) against FA-KES."""
    result = score_facts(read_fakes(gold), limit)
    _emit(result, json_out)


# --- events ----------------------------------------------------------------------------------


def read_events_tsv(path: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, label) rows of an ``id<TAB>EventSnippet<TAB>SubType`` file."""
    rows: list[tuple[str, str, str]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["id", "EventSnippet", "SubType"]:
            raise typer.BadParameter(f"{path}: expected header id<TAB>EventSnippet<TAB>SubType")
        for r in reader:
            if len(r) >= 3:
                rows.append((r[0], r[1], r[2].strip()))
    return rows


def classify_snippets(snippets: list[str]) -> list[str]:
    """The sub-event type of each snippet, read as one text: the trained classifier over the
    whole snippet (with every rule mention in it), else the rules' precedence over its
    sentences when no classifier weights are installed."""
    from tadmor.extract.event_classifier import default_classifier
    from tadmor.extract.stages.events import sentence_type
    from tadmor.extract.taxonomy import precedence

    pipe = _event_rules_pipeline()
    model = default_classifier()
    out = []
    for text in snippets:
        doc = pipe(Document(text))
        if model is not None:
            out.append(model.predict_snippet(doc)[0])
        else:
            out.append(precedence([sentence_type(doc, s) for s in doc.sentences]))
    return out


def _event_rules_pipeline() -> Any:
    """The rule stages the classifier reads, without the per-sentence classifier pass."""
    from tadmor.extract.pipeline import Pipeline, registered_stages

    available = registered_stages()
    return Pipeline.from_config(
        [s for s in EVENT_STAGES if s in available], {"events": {"classifier": None}}
    )


def score_events(rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    from tadmor.extract.taxonomy import NON_CONFLICT_CODES, NOT_CONFLICT, SUB_EVENT_TYPES

    preds = classify_snippets([r[1] for r in rows])
    gold = [r[2] for r in rows]
    conflict = set(SUB_EVENT_TYPES)
    per: dict[str, dict[str, float | int | None]] = {}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, preds, strict=True):
        gl = g if g in conflict else NOT_CONFLICT
        if gl == p:
            tp[gl] += 1
        else:
            fp[p] += 1
            fn[gl] += 1
    support = Counter(g for g in gold if g in conflict)
    f1s: dict[str, float] = {}
    for code in SUB_EVENT_TYPES:
        p_ = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else 0.0
        r_ = tp[code] / (tp[code] + fn[code]) if tp[code] + fn[code] else 0.0
        f = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        if support[code] or fp[code]:
            per[code] = {
                "precision": round(p_, 4),
                "recall": round(r_, 4),
                "f1": round(f, 4),
                "support": support[code],
            }
            f1s[code] = f
    n_conf = sum(support.values())
    weighted = sum(f1s.get(c, 0.0) * support[c] for c in support) / n_conf if n_conf else None
    present = [c for c in SUB_EVENT_TYPES if support[c]]
    macro = sum(f1s.get(c, 0.0) for c in present) / len(present) if present else None
    non = [(g, p) for g, p in zip(gold, preds, strict=True) if g in NON_CONFLICT_CODES]
    confusion = Counter(
        f"{g if g in conflict else NOT_CONFLICT}->{p}"
        for g, p in zip(gold, preds, strict=True)
        if (g if g in conflict else NOT_CONFLICT) != p
    )
    return {
        "rows": len(rows),
        "conflict_rows": n_conf,
        "weighted_f1": round(weighted, 4) if weighted is not None else None,
        "macro_f1": round(macro, 4) if macro is not None else None,
        "not_conflict_rows": len(non),
        "not_conflict_accuracy": _ratio(sum(p == NOT_CONFLICT for _, p in non), len(non)),
        "per_class": per,
        "confusions": dict(confusion.most_common(30)),
    }


def events(
    gold: Annotated[Path, typer.Option(help="TSV: id<TAB>EventSnippet<TAB>SubType")],
    json_out: Annotated[Path | None, typer.Option("--json-out", help=_JSON_HELP)] = None,
) -> None:
    """Score the event classifier (ACLED sub-event types) against a labelled TSV."""
    _emit(score_events(read_events_tsv(gold)), json_out)


def _emit(result: dict[str, Any], json_out: Path | None) -> None:
    text = json.dumps(result, ensure_ascii=False, sort_keys=False)
    if json_out is not None:
        json_out.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


def register_eval(eval_app: typer.Typer) -> None:
    eval_app.command("facts")(facts)
    eval_app.command("events")(events)
