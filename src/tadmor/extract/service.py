"""Running the pipeline over stored reports and saving what it finds.

Only reports with no claims, or claims from another pipeline version, are processed (unless
forced); each report's claims replace the old ones in one transaction with an ``extract``
ledger entry carrying a digest of what was found, so a re-run is visible in the custody record.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tadmor.collect.records import Report
from tadmor.extract.pipeline import DEFAULT_STAGES, Pipeline
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
    incidents_created: int = 0  # filled by the caller that groups claims afterwards
    incidents_joined: int = 0


@dataclass(frozen=True)
class ExtractionResult:
    """What the pipeline found in one report, ready for the store: the compute half of
    extraction, picklable so a worker process can make it and one writer can store it."""

    claim_rows: list[dict[str, Any]]
    annotations: dict[str, Any]
    ledger_details: dict[str, Any]


def extraction_of(report_id: str, doc: Document, pipeline: Pipeline) -> ExtractionResult:
    """Turn a processed document into claim rows, annotations and the ledger's digest."""
    rows = [claim_row(report_id, i, c) for i, c in enumerate(doc.claims, 1)]
    digest = hashlib.sha256(
        json.dumps([r["data"] for r in rows], sort_keys=True, default=str).encode()
    ).hexdigest()
    return ExtractionResult(
        claim_rows=rows,
        annotations=document_annotations(doc),
        ledger_details={
            "stages": pipeline.describe(),
            "claims": len(rows),
            "claims_sha256": digest,
        },
    )


def write_extraction(
    session: Session,
    report_id: str,
    pipeline_version: str,
    result: ExtractionResult,
    *,
    actor: str,
    item_hash: str,
) -> None:
    """The store half: claims, annotations and the ``extract`` ledger entry, in the caller's
    transaction (one report per transaction here, hundreds in a batch writer)."""
    repo.save_extraction(
        session,
        report_id,
        pipeline_version,
        result.annotations,
        result.claim_rows,
        actor=actor,
        item_hash=item_hash,
        ledger_details=result.ledger_details,
    )


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
            result = extraction_of(report.id, doc, pipeline)
            with store.write() as session:
                write_extraction(
                    session, report.id, version, result, actor=actor, item_hash=report.text_sha256
                )
            rows = result.claim_rows
            summary.reports += 1
            summary.claims += len(rows)
            if on_report:
                on_report(report)
        if report_ids is not None or force:
            return summary


class PipelineConfigError(ValueError):
    """A pipeline configuration file cannot be used; the message says why."""


def load_pipeline_config(path: Path) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """Read a TOML pipeline file::

    stages = ["language", "sentences", "dates", ...]   # optional: default order
    [config.places]
    country_hint = "SY"
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PipelineConfigError(f"{path}: cannot read pipeline config ({exc})") from exc
    stages = data.get("stages", DEFAULT_STAGES)
    config = data.get("config", {})
    if not isinstance(stages, list | tuple) or not all(isinstance(s, str) for s in stages):
        raise PipelineConfigError(f"{path}: 'stages' must be a list of stage names")
    if not isinstance(config, dict) or not all(isinstance(v, dict) for v in config.values()):
        raise PipelineConfigError(f"{path}: [config.<stage>] sections must be tables")
    return tuple(stages), config


def default_pipeline(store: Store | None = None, config_file: Path | None = None) -> Pipeline:
    """The configured stages (default order unless a TOML file says otherwise), with the
    store's user place aliases handed to the places stage."""
    stages: tuple[str, ...] = DEFAULT_STAGES
    config: dict[str, dict[str, Any]] = {}
    if config_file is not None:
        stages, config = load_pipeline_config(config_file)
    if store is not None:
        with store.read() as session:
            aliases = repo.place_aliases(session)
        if aliases and "places" in stages:
            places = dict(config.get("places", {}))
            places["aliases"] = {**aliases, **places.get("aliases", {})}
            config["places"] = places
    try:
        return Pipeline.from_config(stages, config)
    except TypeError as exc:  # a config key a stage does not take
        raise PipelineConfigError(f"pipeline config: {exc}") from exc
