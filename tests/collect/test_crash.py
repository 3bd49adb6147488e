"""A batch killed with SIGKILL leaves a consistent store; the same command finishes the rest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tadmor.store import Store
from tadmor.store.verify import verify_store

N = 400


def _reports(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_mid_batch_then_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(N):
        (inputs / f"r{i:04d}.txt").write_text(
            f"Report {i}: shelling hit district {i} of Aleppo on day {i}, killing {i % 17} people, "
            f"according to a medic identified as number {i * 7919 % 10007}.",
            encoding="utf-8",
        )
    db = tmp_path / "store.db"
    cmd = [
        sys.executable,
        "-m",
        "tadmor",
        "add",
        str(inputs),
        "--no-extract",
        "--db",
        str(db),
        "--json",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _reports(db) < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _reports(db)
    assert 0 < partial < N, "the batch should have been killed part-way"

    store = Store.open(db)
    result = verify_store(store)
    assert result.ok, result.problems()  # every committed report has its blob and ledger entry
    assert result.reports == partial
    store.close()

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == N - partial
    store = Store.open(db)
    result = verify_store(store)
    assert result.ok and result.reports == N and result.blobs == N
    with store.read() as s:
        from sqlalchemy import text

        collects = s.execute(
            text("SELECT count(*) FROM ledger WHERE action='collect'")
        ).scalar_one()
    assert collects == N
