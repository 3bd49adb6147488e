"""Partitioning inputs into tasks, and the Parquet reader.

Directories are expanded as ``tadmor add`` does (sorted, hidden files skipped) and their files
are grouped, several to a task, for workers to read: reading HTML and WARC (text extraction) is
CPU work worth spreading. Row containers (CSV, TSV, JSON Lines, Parquet) are read once by the
client, whose parsing is cheap next to extraction, and their rows are cut into tasks, so one
big file still spreads over every worker.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tadmor.batch.records import BatchOptions, Source, Task
from tadmor.collect.readers import (
    ReadOptions,
    RowLocators,
    check_columns,
    detect_format,
    parse_datetime,
    read_items,
)
from tadmor.collect.records import (
    CollectedItem,
    CollectError,
    CsvColumns,
    EmptyInputError,
    MalformedInputError,
    Original,
    report_id,
)
from tadmor.collect.service import iter_inputs, load_original

PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet(name: str) -> bool:
    return name.lower().endswith(PARQUET_SUFFIXES)


def read_parquet(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    """Rows of a Parquet file of articles, with the same column options and locators as CSV
    (``row:N`` counting from 1, or ``id:KEY`` with a stable id column)."""
    import pyarrow.parquet as pq

    cols = options.csv or CsvColumns()
    try:
        table = pq.read_table(io.BytesIO(original.data))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise MalformedInputError(f"{original.name}: not a readable Parquet file ({exc})") from exc
    check_columns(cols, table.column_names, original.name, "Parquet")
    named = [c for c in (cols.text, cols.title, cols.date, cols.source, cols.url, cols.id) if c]
    data = {v: table.column(v).to_pylist() for v in named}
    locators = RowLocators()
    found = 0
    for i in range(table.num_rows):
        text = str(data[cols.text][i] or "").strip()
        if not text:
            continue
        key = str(data[cols.id][i] or "").strip() if cols.id else ""
        locator = locators.next(i + 1, key)

        def field(col: str | None, i: int = i) -> str | None:
            value = data[col][i] if col else None
            return str(value).strip() or None if value is not None else None

        raw_date = data[cols.date][i] if cols.date else None
        if isinstance(raw_date, dt.datetime):  # a timestamp column: naive UTC, as stored
            if raw_date.tzinfo is not None:
                raw_date = raw_date.astimezone(dt.UTC)
            published: dt.datetime | None = raw_date.replace(tzinfo=None)
        elif isinstance(raw_date, dt.date):
            published = dt.datetime(raw_date.year, raw_date.month, raw_date.day)
        else:
            published = parse_datetime(field(cols.date), options.csv_date_order)
        found += 1
        yield CollectedItem(
            locator=locator,
            text=text,
            format="parquet",
            media_type="application/vnd.apache.parquet",
            title=field(cols.title),
            source=field(cols.source),
            url=field(cols.url),
            published=published,
        )
    if not found:
        raise EmptyInputError(f"{original.name}: no rows with text in column {cols.text!r}")


def items_of(original: Original, options: ReadOptions) -> Iterator[CollectedItem]:
    """``read_items`` plus Parquet (which the single-file reader registry does not know)."""
    if is_parquet(original.name):
        return read_parquet(original, options)
    return read_items(original, options)


def _is_row_container(name: str, options: ReadOptions) -> bool:
    if is_parquet(name):
        return True
    fmt = detect_format(Original(b"", name, "0"), options)
    return fmt in ("csv", "json") and name.lower().endswith((".csv", ".tsv", ".jsonl", ".ndjson"))


@dataclass
class Plan:
    """Tasks in input order, and the container originals the writer will need (their bytes
    are stored with their first written row)."""

    containers: dict[str, Original]
    last_task_of: dict[str, int]


def plan_tasks(paths: Iterable[str], options: BatchOptions, plan: Plan) -> Iterator[Task]:
    """Tasks, numbered in input order, produced lazily so millions of files are not listed
    in memory before the first task runs."""
    index = 0
    files: list[Source] = []

    def flush_files() -> Iterator[Task]:
        nonlocal index, files
        if files:
            yield Task(index, tuple(files))
            index += 1
            files = []

    for name in iter_inputs(paths):
        if not _is_row_container(name, options.read):
            files.append(Source(name))
            if len(files) >= options.files_per_task:
                yield from flush_files()
            continue
        yield from flush_files()
        try:
            original = load_original(name, options.max_bytes)
            items = list(items_of(original, options.read))
            ids = [report_id(original.sha256, it.locator) for it in items]
            if len(set(ids)) != len(ids):
                raise CollectError(f"{name}: two items share a locator")
        except Exception:  # CollectError or a reader bug: the worker reads it again and
            files.append(Source(name))  # records the same error as a failed document
            yield from flush_files()
            continue
        plan.containers[original.sha256] = original
        step = max(1, options.rows_per_task)
        for start in range(0, len(items), step):
            chunk = tuple(items[start : start + step])
            yield Task(index, (Source(name, chunk, original.sha256),))
            plan.last_task_of[original.sha256] = index
            index += 1
    yield from flush_files()
