"""The batch client: submit tasks to Dask, write results in input order, many a transaction.

Why one writer: the ledger is a hash chain with a single head, so appends are serialised
whatever the number of writers; one process holding the chain for a whole chunk of reports
(``reports_per_transaction``) locks and advances the head once a chunk, and writing in input
order keeps near-duplicate links (first seen wins) and ledger order the same as ``tadmor add``
given the same inputs.

Why it is fast enough to feed many workers: a chunk is decided in memory (which reports are
new, their duplicate links, their ledger entries) after a handful of look-ups for the whole
chunk, then written by :func:`tadmor.store.batch_repo.write_chunk` in one bulk insert a table
(COPY on PostgreSQL), with the JSON already serialised by the workers. The single-process
path's round trips a report are what capped the writer at about 20 reports/s before.

Why restartable: each chunk (its blobs, reports, claims, ledger entries, failures and the run's
counters) commits in one transaction, so a kill leaves whole chunks or nothing; on a re-run,
workers skip reports already stored and extracted by the same pipeline, and the writer skips
any it finds present, so nothing is written twice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tadmor.batch.inputs import Plan, plan_tasks
from tadmor.batch.records import (
    BatchOptions,
    BatchSummary,
    ItemOutcome,
    PipelineSpec,
    SourceOutcome,
    Task,
    TaskResult,
)
from tadmor.batch.work import PipelineMismatchError, run_task, warm_up
from tadmor.collect import dedupe
from tadmor.collect.records import Original
from tadmor.collect.service import original_media_type, report_record
from tadmor.extract.service import default_pipeline
from tadmor.store import Store, batch_repo

ProgressFn = Callable[[int, int], None]  # (reports written so far, tasks written so far)

_LOCAL = re.compile(r"local\[(\d+)\]")


class ClusterError(RuntimeError):
    """The cluster address cannot be used; the message says what to pass instead."""


def pipeline_spec(store: Store, config_file: Path | None = None) -> PipelineSpec:
    """The client's pipeline (with the store's place aliases) as something a worker can
    rebuild; the version lets workers refuse to run a different pipeline."""
    pipe = default_pipeline(store, config_file)
    config = {k: dict(v) for k, v in pipe.config.items()}
    return PipelineSpec(tuple(s.name for s in pipe.stages), config, pipe.version)


def dashboard_available() -> bool:
    return importlib.util.find_spec("bokeh") is not None


# Dask's housekeeping for a local cluster, which shares this machine's cores with the batch.
# The defaults suit interactive work: measured on 2 cores with both workers busy, they cost
# the client process (scheduler, client, writer) some 70 ms of CPU a second and the worker
# and nanny processes some 100 ms/s more (the workers' profiler alone about 1.5% of their
# extraction time); with these, about 27 and 26 ms/s.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.admin.tick.interval": "1s",  # event-loop latency probe (20 ms): warnings only
    "distributed.admin.system-monitor.interval": "5s",  # dashboard CPU/memory samples (500 ms)
    "distributed.worker.profile.enabled": False,  # samples each task's stack every 10 ms
    "distributed.worker.memory.monitor-interval": "1s",  # the nannies' memory checks (100 ms)
    # Tasks are of a size and the scheduler queues them (a worker holds about one ahead),
    # so there is nothing to steal; the balancing pass ran ten times a second regardless.
    "distributed.scheduler.work-stealing": False,
}


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A dask.distributed Client: ``local[N]`` starts N single-threaded worker processes on
    this machine (the extraction is pure Python, so threads would share one core), with
    :data:`LOCAL_CLUSTER_CONFIG`; anything else is a scheduler address such as
    tcp://host:8786, whose cluster keeps its own configuration."""
    import dask
    from distributed import Client, LocalCluster

    m = _LOCAL.fullmatch(address.strip())
    if m:
        n = int(m.group(1))
        if n < 1:
            raise ClusterError("local[N] needs N >= 1 workers")
        with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies pass it on to the workers
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0" if dashboard_available() else None,
                silence_logs=logging.ERROR,
            )
            try:
                # Results come straight from the workers: through the scheduler (the default)
                # every result would be received and sent again by the scheduler, which runs
                # in this process and so takes its CPU from the writer.
                with Client(cluster, direct_to_workers=True) as client:
                    yield client
            finally:
                cluster.close()
        return
    if "://" not in address and ":" not in address:
        raise ClusterError(f"{address!r}: pass local[N] or a scheduler address (tcp://host:port)")
    with Client(address) as client:
        yield client


def run_id_for(paths: Sequence[str], options: BatchOptions, version: str | None) -> str:
    """Same inputs, options and pipeline give the same run, which is how a re-run resumes."""
    desc = {
        "inputs": [os.path.abspath(p) if p != "-" else p for p in paths],
        "read": repr(options.read),
        "metadata": repr(options.metadata),
        "collector": options.collector,
        "extract": options.extract,
        "pipeline": version,
    }
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()[:32]


@dataclass
class _Writer:
    """Writes task results in order; holds what it must between chunks."""

    store: Store
    run_id: str
    options: BatchOptions
    spec: PipelineSpec | None
    plan: Plan
    summary: BatchSummary
    pending: list[TaskResult] = field(default_factory=list)
    pending_reports: int = 0

    def add(self, result: TaskResult) -> None:
        self.pending.append(result)
        self.pending_reports += sum(len(s.items) for s in result.sources) or 1
        if self.pending_reports >= self.options.reports_per_transaction:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        t0 = time.perf_counter()
        with self.store.write() as session:
            added, present, claims = self._write(session, self.pending)
            batch_repo.count_progress(
                session, self.run_id, added=added, present=present, claims=claims
            )
        self.summary.write_seconds += time.perf_counter() - t0
        self.summary.reports_added += added
        self.summary.reports_present += present
        self.summary.claims += claims
        for r in self.pending:
            for sha, last in list(self.plan.last_task_of.items()):
                if last <= r.index:
                    self.plan.containers.pop(sha, None)
                    del self.plan.last_task_of[sha]
        self.pending = []
        self.pending_reports = 0

    def _original(self, src: SourceOutcome) -> Original:
        assert src.sha256 is not None
        if src.data is not None:
            return Original(src.data, src.name, src.sha256)
        known = self.plan.containers.get(src.sha256)
        return known if known is not None else Original(b"", src.name, src.sha256)

    def _write(self, session: Any, results: Sequence[TaskResult]) -> tuple[int, int, int]:
        """Decide, in input order, what each item of the chunk adds (a new report, an
        extraction, a failure), then store it all with :func:`batch_repo.write_chunk`. The
        store is read up front, a few queries for the whole chunk: which reports and blobs
        exist, the duplicate candidates, the failures a resumed run may clear."""
        who = self.options.metadata.collector or self.options.collector
        sources = [src for result in results for src in result.sources]
        items = [out for src in sources if src.error is None for out in src.items]
        states = batch_repo.report_states(session, [o.prepared.rid for o in items])
        payloads = {
            o.prepared.rid: hashlib.sha256(o.prepared.item.payload).hexdigest()
            for o in items
            if o.prepared.item.payload
        }
        blobs = batch_repo.blobs_present(
            session,
            sorted({s.sha256 for s in sources if s.sha256 and s.items} | set(payloads.values())),
        )
        fresh = [o.prepared for o in items if o.prepared.rid not in states]
        finder = batch_repo.DuplicateFinder.load(
            session,
            [p.text_sha256 for p in fresh],
            [b for p in fresh for b in p.buckets],
        )
        failed = batch_repo.failed_keys(session, self.run_id, [s.name for s in sources])
        chunk = batch_repo.Chunk()
        to_clear: list[tuple[str, str]] = []
        added = present = claims = 0
        written: set[str] = set()
        extracted: set[str] = set()
        for src in sources:
            present += src.skipped
            if src.error is not None:
                batch_repo.record_failure(session, self.run_id, src.name, "", "read", src.error)
                self.summary.failures.append((src.name, "", src.error))
                continue
            if not src.items:
                continue
            original = self._original(src)
            for out in src.items:
                prepared = out.prepared
                rid = prepared.rid
                if rid in states or rid in written:
                    present += 1
                    if self.spec is None or states.get(rid) == self.spec.version:
                        continue
                else:
                    self._collect(
                        chunk, blobs, original, src.filename, out, payloads.get(rid), finder, who
                    )
                    written.add(rid)
                    added += 1
                key = (src.name[:500], prepared.item.locator[:200])
                if out.error is not None:
                    batch_repo.record_failure(
                        session, self.run_id, src.name, prepared.item.locator,
                        "extract", out.error, rid,
                    )
                    self.summary.failures.append((src.name, prepared.item.locator, out.error))
                    failed.add(key)
                elif out.extraction is not None:
                    if rid not in extracted:
                        extracted.add(rid)
                        chunk.extractions.append(
                            batch_repo.NewExtraction(rid, prepared.text_sha256, out.extraction)
                        )
                        claims += len(out.extraction.claims)
                    if key in failed:
                        to_clear.append(key)
                        failed.discard(key)
        if self.spec is None:
            chunk.extractions = []
            claims = 0
        batch_repo.clear_failures(session, self.run_id, to_clear)
        batch_repo.write_chunk(
            session,
            chunk,
            pipeline_version=self.spec.version if self.spec else None,
            actor=self.options.actor,
        )
        return added, present, claims

    @staticmethod
    def _collect(
        chunk: batch_repo.Chunk,
        blobs: set[str],
        original: Original,
        filename: str | None,
        out: ItemOutcome,
        payload_sha: str | None,
        finder: batch_repo.DuplicateFinder,
        who: str,
    ) -> None:
        """Add one new report (and the blobs it is the first to need) to the chunk."""
        prepared = out.prepared
        item = prepared.item
        if original.sha256 not in blobs:  # the first item of a container brings its bytes
            chunk.blobs.append(
                batch_repo.NewBlob(original.sha256, original.data, original_media_type(item))
            )
            blobs.add(original.sha256)
        if item.payload is not None and payload_sha is not None and payload_sha not in blobs:
            chunk.blobs.append(batch_repo.NewBlob(payload_sha, item.payload, item.media_type))
            blobs.add(payload_sha)
        sig = dedupe.Signature.from_bytes(prepared.minhash) if prepared.minhash else None
        dup = finder.find(prepared.text_sha256, sig, prepared.buckets)
        report, details = report_record(
            original.sha256, prepared, who, filename,
            item_sha=payload_sha, duplicate=dup, collected_at=out.collected_at,
        )
        finder.add(prepared.rid, prepared.text_sha256, sig, prepared.buckets)
        chunk.reports.append(
            batch_repo.NewReport(report, prepared.minhash, prepared.buckets, details)
        )


def _failed_task(task: Task, error: str) -> TaskResult:
    """A task whose worker died or raised: each of its inputs is recorded as failed."""
    return TaskResult(
        task.index,
        tuple(SourceOutcome(s.name, None, None, None, None, (), error=error) for s in task.sources),
    )


def run_batch(
    store: Store,
    paths: Sequence[str],
    *,
    cluster: str = "local[2]",
    options: BatchOptions | None = None,
    pipeline_file: Path | None = None,
    on_progress: ProgressFn | None = None,
    on_dashboard: Callable[[str | None], None] | None = None,
    window: int | None = None,
) -> BatchSummary:
    """Collect and extract ``paths`` on a Dask cluster into ``store``; see the module doc."""
    from distributed import as_completed

    options = options or BatchOptions()
    spec = pipeline_spec(store, pipeline_file) if options.extract else None
    version = spec.version if spec else None
    run_id = run_id_for(paths, options, version)
    with store.write() as session:
        resumed = batch_repo.start_run(session, run_id, version or "", list(paths))
    summary = BatchSummary(run_id=run_id, resumed=resumed, pipeline_version=version)
    plan = Plan(containers={}, last_task_of={})
    writer = _Writer(store, run_id, options, spec, plan, summary)
    with connect(cluster) as client:
        summary.dashboard = client.dashboard_link if dashboard_available() else None
        if on_dashboard:
            on_dashboard(summary.dashboard)
        client.run(warm_up, spec)  # models load once per worker, before the clock matters
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = window or 3 * workers + 2
        tasks = plan_tasks(paths, options, plan)
        by_index: dict[int, Task] = {}
        done: dict[int, TaskResult] = {}
        next_index = 0
        written_reports = 0
        futures = as_completed()
        owner: dict[Any, int] = {}
        exhausted = False

        def submit_more() -> None:
            nonlocal exhausted
            while not exhausted and len(by_index) < limit:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    return
                by_index[task.index] = task
                fut = client.submit(run_task, task, options, spec, store.url, pure=False, retries=1)
                owner[fut.key] = task.index
                futures.add(fut)

        submit_more()
        while by_index:
            fut = next(futures)
            index = owner.pop(fut.key)
            try:
                result: TaskResult = fut.result()
            except Exception as exc:  # a worker crashed twice on this task, or a bug
                if isinstance(exc, PipelineMismatchError):
                    raise
                result = _failed_task(by_index[index], f"task failed: {type(exc).__name__}: {exc}")
            done[result.index] = result
            while next_index in done:
                ready = done.pop(next_index)
                by_index.pop(next_index, None)
                summary.worker_cpu_seconds += ready.cpu_seconds
                summary.worker_peak_rss_mb = max(summary.worker_peak_rss_mb, ready.peak_rss_mb)
                writer.add(ready)
                written_reports += sum(len(s.items) + s.skipped for s in ready.sources)
                next_index += 1
                summary.tasks += 1
                if on_progress:
                    on_progress(written_reports, summary.tasks)
            submit_more()
        writer.flush()
    with store.write() as session:
        batch_repo.finish_run(session, run_id)
    return summary
