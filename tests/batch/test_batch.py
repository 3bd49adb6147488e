"""A batch on a local Dask cluster writes the same store as the single-process path, records
failed documents without stopping, and resumes after SIGKILL without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tadmor.batch import BatchOptions, run_batch
from tadmor.collect.readers import ReadOptions
from tadmor.collect.records import CollectError, CsvColumns
from tadmor.collect.service import add_original, iter_inputs, load_original
from tadmor.extract.service import extract_reports
from tadmor.store import Store, batch_repo
from tadmor.store.verify import verify_store

from .corpus import write_inputs

pytest.importorskip("distributed", reason="tadmor batch needs dask[distributed]")

COLS = CsvColumns(text="text", title="title", date="date", source="source", id="id")
N = 1000


def single_process(url: str, paths: list[str]) -> None:
    """What ``tadmor add`` does with the same inputs: collect each, then extract the added."""
    store = Store(url)
    added: list[str] = []
    for name in iter_inputs(paths):
        try:
            original = load_original(name)
        except CollectError:
            continue
        out = add_original(store, original, options=ReadOptions(csv=COLS), collector="tester")
        added.extend(out.added)
    extract_reports(store, report_ids=added)
    store.close()


def snapshot(url: str) -> dict[str, Any]:
    store = Store(url)
    with store.read() as session:
        snap = batch_repo.content_snapshot(session)
    store.close()
    return snap


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Part by part, so a failure names what differs instead of dumping two whole stores."""
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == b[key], f"stores differ in {key}"


def options(**kw: Any) -> BatchOptions:
    base: dict[str, Any] = {
        "read": ReadOptions(csv=COLS),
        "collector": "tester",
        "rows_per_task": 50,
        "reports_per_transaction": 200,
    }
    return BatchOptions(**{**base, **kw})


def test_two_workers_write_the_single_process_store(
    store_url: Callable[[str], str], tmp_path: Path
) -> None:
    paths = write_inputs(tmp_path / "in", N)
    ref, out = store_url("ref"), store_url("batch")
    single_process(ref, paths)
    store = Store(out)
    summary = run_batch(store, paths, cluster="local[2]", options=options())
    store.close()

    assert summary.reports_added == N + 2
    assert [(Path(n).name, e.split(":")[-1].strip()) for n, _loc, e in summary.failures] == [
        ("empty.txt", "the file is empty")
    ] or len(summary.failures) == 1
    expected, got = snapshot(ref), snapshot(out)
    assert len(expected["reports"]) == N + 2
    assert any(r["duplicate_of"] for r in expected["reports"].values())  # linking exercised
    assert len(expected["claims"]) > N / 2
    assert got["collect_before_extract"]
    assert_same(expected, got)
    with Store(out).read() as session:
        fails = batch_repo.failures(session, summary.run_id)
    assert [(Path(f.name).name, f.stage) for f in fails] == [("empty.txt", "read")]


def test_a_rerun_adds_nothing(store_url: Callable[[str], str], tmp_path: Path) -> None:
    paths = write_inputs(tmp_path / "in", 120)
    url = store_url("batch")
    store = Store(url)
    run_batch(store, paths, cluster="local[1]", options=options(rows_per_task=40))
    before = snapshot(url)
    again = run_batch(store, paths, cluster="local[1]", options=options(rows_per_task=40))
    store.close()
    assert again.resumed and again.reports_added == 0 and again.reports_present == 122
    assert_same(before, snapshot(url))


def _count_reports(url: str) -> int:
    from tadmor.store import repository as repo

    store = Store(url, migrate=False)
    try:
        with store.read() as session:
            return repo.count_reports(session)
    except Exception:  # the tables may not exist yet when the child has just started
        return 0
    finally:
        store.close()


def test_killed_batch_resumes_to_the_same_store(
    store_url: Callable[[str], str], tmp_path: Path
) -> None:
    paths = write_inputs(tmp_path / "in", N)
    ref, out = store_url("ref"), store_url("killed")
    single_process(ref, paths)
    cmd = [
        sys.executable, "-m", "tadmor", "batch", "extract", "--cluster", "local[2]",
        "--db", out, "--collector", "tester", "--batch-size", "50", "--rows-per-task", "25",
        "--csv-text", "text", "--csv-title", "title", "--csv-date", "date",
        "--csv-source", "source", "--csv-id", "id", *paths,
    ]
    child = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 240
    written = 0
    while time.monotonic() < deadline and child.poll() is None:
        written = _count_reports(out)
        if written >= 150:
            break
        time.sleep(0.2)
    assert child.poll() is None, f"the batch ended before it could be killed: {child.stderr}"
    os.killpg(child.pid, signal.SIGKILL)  # the client and its worker processes, mid-batch
    child.wait()
    partial = _count_reports(out)
    assert 0 < partial < N + 2, partial

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # one failed document: the empty file
    assert "Resumed" in done.stdout
    assert_same(snapshot(ref), snapshot(out))
    result = verify_store(Store(out))
    assert result.problems() == []
