"""Typed records passed between the batch client and its workers (all picklable)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tadmor.collect.readers import ReadOptions
from tadmor.collect.records import DEFAULT_MAX_BYTES, CollectedItem, Metadata
from tadmor.collect.service import PreparedItem
from tadmor.store.batch_repo import PackedExtraction


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline on a worker: stage names and configuration (with the store's
    place aliases already merged in by the client), and the version the client expects."""

    stages: tuple[str, ...]
    config: dict[str, dict[str, Any]]
    version: str


@dataclass(frozen=True)
class BatchOptions:
    """What a batch is asked to do; hashed (with the inputs) into the run id."""

    read: ReadOptions = field(default_factory=ReadOptions)
    metadata: Metadata = field(default_factory=Metadata)
    collector: str = "tadmor"
    actor: str = "tadmor"
    max_bytes: int = DEFAULT_MAX_BYTES
    extract: bool = True
    reports_per_transaction: int = 1000  # bigger chunks: fewer look-ups and commits a report
    rows_per_task: int = 100
    files_per_task: int = 20


@dataclass(frozen=True)
class Source:
    """One original in a task: a file for the worker to read, or rows the client already read
    from a container (CSV, JSONL, Parquet) whose bytes the client keeps."""

    name: str
    items: tuple[CollectedItem, ...] | None = None  # None: the worker reads the file
    sha256: str | None = None  # known when items are given


@dataclass(frozen=True)
class Task:
    index: int
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ItemOutcome:
    prepared: PreparedItem
    collected_at: dt.datetime
    extraction: PackedExtraction | None  # None: extraction skipped (done already) or failed
    error: str | None = None  # why extraction failed


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    sha256: str | None
    filename: str | None
    data: bytes | None  # the original's bytes when the worker read them and the blob is new
    media_type_hint: str | None
    items: tuple[ItemOutcome, ...]
    skipped: int = 0  # items already stored and extracted (resumed runs)
    error: str | None = None  # the input could not be read at all


@dataclass(frozen=True)
class TaskResult:
    index: int
    sources: tuple[SourceOutcome, ...]
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0


@dataclass
class BatchSummary:
    run_id: str
    resumed: bool
    pipeline_version: str | None
    reports_added: int = 0
    reports_present: int = 0
    claims: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (name, locator, error)
    tasks: int = 0
    write_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    worker_peak_rss_mb: float = 0.0
    dashboard: str | None = None
