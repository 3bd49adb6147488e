"""Parquet in (articles as rows) and out (claims and reports for DuckDB, Spark, pandas)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tadmor.batch import BatchOptions, run_batch
from tadmor.batch.parquet import export_parquet
from tadmor.collect.readers import ReadOptions
from tadmor.collect.records import CsvColumns
from tadmor.store import Store
from tadmor.store import repository as repo

from .corpus import write_corpus

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")


def test_parquet_articles_in_and_claims_out(tmp_path: Path) -> None:
    rows = list(csv.DictReader(write_corpus(tmp_path / "c.csv", 60).open(encoding="utf-8")))
    rows[5]["text"] = ""  # a row with no text is skipped, as in CSV
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "articles.parquet")
    store = Store.open(tmp_path / "t.db")
    cols = CsvColumns(text="text", title="title", date="date", source="source", id="id")
    opts = BatchOptions(read=ReadOptions(csv=cols), collector="tester", rows_per_task=20)
    summary = run_batch(store, [str(tmp_path / "articles.parquet")], cluster="local[1]",
                        options=opts)
    assert summary.reports_added == 59 and not summary.failures
    with store.read() as session:
        reports = repo.list_reports(session)
        n_claims = len(repo.list_claims(session))
    assert {r.format for r in reports} == {"parquet"}
    assert reports[0].locator == "id:r0" and reports[0].source == rows[0]["source"]
    assert reports[0].published is not None and reports[0].published.year == 2015

    counts = export_parquet(store, tmp_path / "out")
    claims = pq.read_table(tmp_path / "out" / "claims.parquet")
    out_reports = pq.read_table(tmp_path / "out" / "reports.parquet")
    assert counts == {"claims": n_claims, "reports": 59} and n_claims > 0
    assert claims.num_rows == n_claims and out_reports.num_rows == 59
    # The join users will write: claims to their reports' outlets.
    joined = claims.join(out_reports.select(["id", "source"]).rename_columns(["report_id", "src"]),
                         "report_id")
    assert joined.num_rows == n_claims
    assert set(joined.column("src").to_pylist()) <= {r["source"] for r in rows}
