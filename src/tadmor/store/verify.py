"""``tadmor verify``: prove the evidence is what was collected, or say exactly what is not."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from tadmor.store import ledger
from tadmor.store.database import Store
from tadmor.store.ledger import LedgerProblem
from tadmor.store.models import Blob, LedgerEntry
from tadmor.store.repository import iter_report_texts


@dataclass
class VerifyResult:
    blobs: int = 0
    reports: int = 0
    ledger_entries: int = 0
    head_seq: int = 0
    head_hash: str = ledger.GENESIS
    altered_blobs: list[str] = field(default_factory=list)
    altered_texts: list[str] = field(default_factory=list)
    missing_blobs: list[str] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)
    ledger_problems: list[LedgerProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        out = [
            f"blob {sha} was altered: its bytes no longer hash to its name"
            for sha in self.altered_blobs
        ]
        out += [
            f"report {rid}: working text differs from the text recorded at collection"
            for rid in self.altered_texts
        ]
        out += [
            f"blob {sha} named in the ledger is missing" for sha in sorted(set(self.missing_blobs))
        ]
        out += [f"report {rid} named in the ledger is missing" for rid in self.missing_reports]
        out += [p.message for p in self.ledger_problems]
        return out


def verify_store(store: Store) -> VerifyResult:
    """Re-hash every blob (streamed one at a time) and every working text; walk the ledger."""
    result = VerifyResult()
    with store.read() as session:
        hashes = list(session.execute(select(Blob.sha256).order_by(Blob.sha256)).scalars())
    known = set(hashes)
    for sha in hashes:
        with store.read() as session:
            data = session.execute(select(Blob.data).where(Blob.sha256 == sha)).scalar_one()
        result.blobs += 1
        if hashlib.sha256(data).hexdigest() != sha:
            result.altered_blobs.append(sha)
    with store.read() as session:
        # The text hash to trust is the one the hash-chained ledger recorded at collection,
        # not the copy beside the text in the reports table (both could be edited together).
        recorded: dict[str, str] = {}
        for details_json, item_hash in session.execute(
            select(LedgerEntry.details, LedgerEntry.item_hash).where(
                LedgerEntry.action == "collect"
            )
        ):
            details = json.loads(details_json)
            recorded[details.get("report", "")] = details.get("text_sha256", "")
            if item_hash and item_hash not in known:
                result.missing_blobs.append(item_hash)
        seen: set[str] = set()
        for rid, text, row_hash in iter_report_texts(session):
            result.reports += 1
            seen.add(rid)
            actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if actual != row_hash or actual != recorded.get(rid, actual):
                result.altered_texts.append(rid)
        result.missing_reports = sorted(set(recorded) - seen - {""})
        result.ledger_entries, result.ledger_problems = ledger.verify_chain(session)
        result.head_seq, result.head_hash = ledger.head(session)
    return result
