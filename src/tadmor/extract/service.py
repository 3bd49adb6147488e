"""Running the pipeline over stored reports and saving what it finds.

Only reports with no claims, or claims from another pipeline version, are processed (unless
forced); each report's claims replace the old ones in one transaction with an ``extract``
ledger entry carrying a digest of what was found, so a re-run is visible in the custody record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tadmor.collect.records import Report
from tadmor.extract.pipeline import Pipeline
from tadmor.extract.records import Document
from tadmor.extract.serialize import claim_row, document_annotations
from tadmor.store import Store
from tadmor.store import repository as repo


@dataclass
class ExtractSummary:
    pipeline_version: str
    reports: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (report id, error)


def document_for(report: Report) -> Document:
    return Document(
        text=report.text,
        published=report.published or report.collected_at,
        report_id=report.id,
        language=report.language,
    )


def extract_reports(
    store: Store,
    pipeline: Pipeline | None = None,
    *,
    report_ids: Sequence[str] | None = None,
    force: bool = False,
    actor: str = "tadmor",
    on_report: Callable[[Report], None] | None = None,
    batch: int = 200,
) -> ExtractSummary:
    pipeline = pipeline or default_pipeline(store)
    version = pipeline.version
    summary = ExtractSummary(pipeline_version=version)
    done: set[str] = set()
    while True:
        with store.read() as session:
            if report_ids is not None:
                todo = [r for rid in report_ids if (r := repo.get_report(session, rid))]
                todo = [r for r in todo if force or r.pipeline_version != version]
            elif force:
                todo = [r for r in repo.list_reports(session) if r.id not in done]
            else:
                todo = repo.reports_to_extract(session, version, limit=batch)
            todo = [r for r in todo if r.id not in done]
        if not todo:
            return summary
        for report in todo:
            done.add(report.id)
            try:
                doc = pipeline(document_for(report))
            except Exception as exc:  # one bad report must not stop the batch
                summary.failed.append((report.id, f"{type(exc).__name__}: {exc}"))
                if on_report:
                    on_report(report)
                continue
            rows = [claim_row(report.id, i, c) for i, c in enumerate(doc.claims, 1)]
            digest = hashlib.sha256(
                json.dumps([r["data"] for r in rows], sort_keys=True, default=str).encode()
            ).hexdigest()
            with store.write() as session:
                repo.save_extraction(
                    session,
                    report.id,
                    version,
                    document_annotations(doc),
                    rows,
                    actor=actor,
                    item_hash=report.text_sha256,
                    ledger_details={
                        "stages": pipeline.describe(),
                        "claims": len(rows),
                        "claims_sha256": digest,
                    },
                )
            summary.reports += 1
            summary.claims += len(rows)
            if on_report:
                on_report(report)
        if report_ids is not None or force:
            return summary


def default_pipeline(store: Store | None = None) -> Pipeline:
    """The default stages, with the store's user place aliases handed to the places stage."""
    config: dict[str, dict[str, object]] = {}
    if store is not None:
        with store.read() as session:
            aliases = repo.place_aliases(session)
        if aliases:
            config["places"] = {"aliases": aliases}
    return Pipeline.from_config(config=config)
