"""Parquet export of claims and reports, for joins in DuckDB, Spark or pandas.

Written in row groups as they stream out of the store, so a store of millions of claims is
exported in bounded memory. ``data`` (arguments with spans) is kept as a JSON string column:
every engine reads it, and its nested shape varies by claim.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tadmor.store import Store, batch_repo


def _schema(kind: str) -> Any:
    import pyarrow as pa

    ts = pa.timestamp("us")
    if kind == "claims":
        return pa.schema(
            [
                ("id", pa.string()),
                ("report_id", pa.string()),
                ("seq", pa.int32()),
                ("pipeline_version", pa.string()),
                ("sentence_start", pa.int32()),
                ("sentence_end", pa.int32()),
                ("event_type", pa.string()),
                ("sub_event_type", pa.string()),
                ("actor1", pa.string()),
                ("actor2", pa.string()),
                ("place_name", pa.string()),
                ("geonameid", pa.int64()),
                ("country_code", pa.string()),
                ("admin1", pa.string()),
                ("latitude", pa.float64()),
                ("longitude", pa.float64()),
                ("geo_precision", pa.int32()),
                ("event_date", pa.date32()),
                ("time_precision", pa.int32()),
                ("fatalities", pa.int64()),
                ("origin", pa.string()),
                ("origin_kind", pa.string()),
                ("certainty", pa.string()),
                ("quote", pa.bool_()),
                ("negated", pa.bool_()),
                ("data", pa.string()),
            ]
        )
    fields: list[tuple[str, Any]] = []
    for name in batch_repo.REPORT_COLUMNS:
        if name in ("published", "collected_at", "extracted_at"):
            fields.append((name, ts))
        elif name == "seq":
            fields.append((name, pa.int64()))
        elif name == "duplicate_similarity":
            fields.append((name, pa.float64()))
        else:
            fields.append((name, pa.string()))
    return pa.schema(fields)


def _batches(store: Store, kind: str) -> Iterator[list[dict[str, Any]]]:
    with store.read() as session:
        rows = (
            batch_repo.iter_claim_rows(session)
            if kind == "claims"
            else batch_repo.iter_report_rows(session)
        )
        for part in rows:
            if kind == "claims":
                for r in part:
                    r["data"] = json.dumps(r["data"], ensure_ascii=False, sort_keys=True)
            yield part


def export_parquet(store: Store, out_dir: Path) -> dict[str, int]:
    """Write ``claims.parquet`` and ``reports.parquet`` into ``out_dir``; rows per file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for kind in ("claims", "reports"):
        schema = _schema(kind)
        n = 0
        with pq.ParquetWriter(out_dir / f"{kind}.parquet", schema) as writer:
            for part in _batches(store, kind):
                writer.write_table(pa.Table.from_pylist(part, schema=schema))
                n += len(part)
        counts[kind] = n
    return counts
