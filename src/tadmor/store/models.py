"""ORM models: the only place that knows table layouts. Nothing outside ``store/`` writes SQL.

Identifiers are content-derived strings (a report's id is a hash of its original's SHA-256 and
its place in that original), so the same input gives the same store on any machine or worker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Blob(Base):
    """Original bytes, content-addressed: the evidentiary copy that is never altered."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Report(Base):
    """One report: an item of an original (the whole file, a CSV row, a WARC response, a post).

    ``text`` is the derived working copy; ``text_sha256`` lets ``verify`` prove it is unchanged
    since collection, and ``original_sha256`` + ``locator`` name the bytes it came from.
    """

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    original_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    locator: Mapped[str] = mapped_column(String(200), default="")
    item_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str | None] = mapped_column(String(500), nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(40), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(String(300), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    site_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    platform: Mapped[str | None] = mapped_column(String(50), nullable=True)
    published: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    collector: Mapped[str] = mapped_column(String(200))
    collected_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    seq: Mapped[int] = mapped_column(Integer, index=True)  # order of first collection
    duplicate_of: Mapped[str | None] = mapped_column(String(24), nullable=True, index=True)
    duplicate_similarity: Mapped[float | None] = mapped_column(Float, nullable=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    pipeline_version: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    extracted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class LshBand(Base):
    """MinHash LSH buckets kept in the database, so near-duplicate lookup needs no rebuild and
    works the same from many processes."""

    __tablename__ = "lsh_bands"

    bucket: Mapped[str] = mapped_column(String(32), primary_key=True)  # band number + band hash
    report_id: Mapped[str] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )


class Extraction(Base):
    """Everything the pipeline found in a report (mentions with spans), as versioned JSON."""

    __tablename__ = "extractions"

    report_id: Mapped[str] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    pipeline_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClaimRow(Base):
    """One claim. Queryable columns for filters; ``data`` holds every argument with its span."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # "<report id>-<seq>"
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    pipeline_version: Mapped[str] = mapped_column(String(40))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(60), index=True)
    actor1: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    actor2: Mapped[str | None] = mapped_column(String(200), nullable=True)
    place_name: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    geonameid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    country_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    admin1: Mapped[str | None] = mapped_column(String(200), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    geo_precision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    event_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fatalities: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    origin_kind: Mapped[str] = mapped_column(String(30))
    certainty: Mapped[str] = mapped_column(String(30))
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class LedgerEntry(Base):
    """The custody ledger: append-only, each entry carrying the hash of the one before it."""

    __tablename__ = "ledger"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))  # UTC ISO-8601, hashed exactly as stored
    item_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed exactly as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class LedgerHead(Base):
    """The last entry's seq and hash, updated in the same transaction as each append.

    A chain alone cannot show that its last entries were cut off; the head can (unless it is
    edited too, which is why ``verify`` also prints it for the user to record elsewhere)."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


class PlaceAlias(Base):
    """A user's alias for a place ("Tadmour" -> GeoNames 163808), used by the geoparser."""

    __tablename__ = "place_aliases"

    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    geonameid: Mapped[int] = mapped_column(Integer)
    place_name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


Index("ix_claims_report_seq", ClaimRow.report_id, ClaimRow.seq, unique=True)
Index("ix_reports_original_locator", Report.original_sha256, Report.locator, unique=True)
