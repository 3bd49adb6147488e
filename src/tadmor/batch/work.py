"""The worker side: turn a task's originals into prepared reports and extraction results.

Runs in Dask worker processes. The pipeline (models, gazetteer) and a read-only store handle
are built once per process and kept in module globals, because loading them costs seconds and
a worker runs thousands of tasks. Nothing here writes to the store: the only store access is a
read to skip reports a killed run already finished, so a resumed run does not redo their
extraction.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Sequence

from tadmor.batch.inputs import items_of
from tadmor.batch.records import (
    BatchOptions,
    ItemOutcome,
    PipelineSpec,
    Source,
    SourceOutcome,
    Task,
    TaskResult,
)
from tadmor.collect.records import CollectedItem, CollectError, Original, Report
from tadmor.collect.service import PreparedItem, load_original, original_filename, prepare_item
from tadmor.extract.pipeline import Pipeline
from tadmor.extract.service import document_for, extraction_of
from tadmor.store import Store, batch_repo, ledger

_PIPELINES: dict[str, Pipeline] = {}
_STORES: dict[str, Store] = {}


class PipelineMismatchError(RuntimeError):
    """A worker built a pipeline of another version than the client's (different code or
    models installed on the worker): its claims would not match, so the batch stops."""


def pipeline_for(spec: PipelineSpec) -> Pipeline:
    """The worker's pipeline, built on first use and kept for the life of the process."""
    pipe = _PIPELINES.get(spec.version)
    if pipe is None:
        pipe = Pipeline.from_config(spec.stages, spec.config)
        if pipe.version != spec.version:
            raise PipelineMismatchError(
                f"worker pipeline {pipe.version} differs from the client's {spec.version}: "
                "install the same tadmor version on every worker"
            )
        _PIPELINES[spec.version] = pipe
    return pipe


def _store(url: str) -> Store:
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(url, migrate=False)
    return store


def _read(source: Source, options: BatchOptions) -> tuple[Original | None, list[CollectedItem]]:
    """The source's original (when the worker read it) and its items; CollectError if not."""
    if source.items is not None:
        return None, list(source.items)
    original = load_original(source.name, options.max_bytes)
    try:
        return original, list(items_of(original, options.read))
    except CollectError:
        raise
    except Exception as exc:  # a reader bug or a library choking on hostile input
        raise CollectError(f"{source.name}: cannot read ({type(exc).__name__}: {exc})") from exc


def _extract(
    prepared: PreparedItem, original_sha: str, filename: str | None, who: str, spec: PipelineSpec
) -> ItemOutcome:
    """Run the pipeline on the report exactly as the single-process path would read it back
    from the store (same fields, same anchor date), so the claims are the same."""
    at = ledger.utc_now()
    item = prepared.item
    report = Report(
        id=prepared.rid,
        original_sha256=original_sha,
        locator=item.locator,
        text=item.text,
        text_sha256=prepared.text_sha256,
        format=item.format,
        collector=who,
        collected_at=at,
        filename=filename,
        published=item.published,
        language=item.language,
    )
    pipe = pipeline_for(spec)
    try:
        doc = pipe(document_for(report))
        result = extraction_of(report.id, doc, pipe)
        packed = batch_repo.pack_extraction(
            report.id, spec.version, result.claim_rows, result.annotations, result.ledger_details
        )
        return ItemOutcome(prepared, at, packed)
    except Exception as exc:  # one bad report must not stop the batch
        return ItemOutcome(prepared, at, None, f"{type(exc).__name__}: {exc}")


def _source_outcome(
    source: Source, options: BatchOptions, spec: PipelineSpec | None, store_url: str
) -> SourceOutcome:
    try:
        original, items = _read(source, options)
    except CollectError as exc:
        return SourceOutcome(source.name, None, None, None, None, (), error=str(exc))
    sha = original.sha256 if original is not None else source.sha256
    assert sha is not None
    who = options.metadata.collector or options.collector
    filename = original_filename(original or Original(b"", source.name, sha))
    prepared = [prepare_item(sha, it, options.metadata) for it in items]
    if len({p.rid for p in prepared}) != len(prepared):
        msg = f"{source.name}: two items share a locator (duplicate ids in the input)"
        return SourceOutcome(source.name, sha, filename, None, None, (), error=msg)
    with _store(store_url).read() as session:
        states = batch_repo.report_states(session, [p.rid for p in prepared])
        blob_known = bool(batch_repo.blobs_present(session, [sha]))
    outcomes: list[ItemOutcome] = []
    skipped = 0
    for p in prepared:
        stored = p.rid in states
        done = stored and (spec is None or states[p.rid] == spec.version)
        if done:
            skipped += 1
        elif spec is None:
            outcomes.append(ItemOutcome(p, ledger.utc_now(), None))
        else:
            outcomes.append(_extract(p, sha, filename, who, spec))
    ship = original is not None and not blob_known and bool(outcomes)
    return SourceOutcome(
        name=source.name,
        sha256=sha,
        filename=filename,
        data=original.data if ship and original is not None else None,
        media_type_hint=None,
        items=tuple(outcomes),
        skipped=skipped,
    )


def run_task(
    task: Task, options: BatchOptions, spec: PipelineSpec | None, store_url: str
) -> TaskResult:
    """One task on a worker: every source's items prepared and (unless ``spec`` is None)
    extracted. Per-document failures are returned, never raised."""
    t0 = time.process_time()
    sources = tuple(_source_outcome(s, options, spec, store_url) for s in task.sources)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return TaskResult(task.index, sources, time.process_time() - t0, rss)


def warm_up(spec: PipelineSpec | None) -> float:
    """Load the models on a worker before tasks arrive; returns the seconds it took."""
    t0 = time.perf_counter()
    if spec is not None:
        from tadmor.extract.records import Document

        pipeline_for(spec)(Document(text="Shelling hit Aleppo on Monday, killing 3 civilians."))
    return time.perf_counter() - t0


def item_ids(outcomes: Sequence[ItemOutcome]) -> list[str]:
    return [o.prepared.rid for o in outcomes]
