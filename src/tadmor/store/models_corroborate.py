"""ORM models of corroboration: incidents, which claims make them, analyst decisions, the
history of every grade and grouping change, and the registry of sources (origins and outlets).

Incidents are derived data: they can be rebuilt from the claims at any time. What cannot be
rebuilt is what analysts decided (merges, splits, grade overrides), so those live in their own
table, keyed by claim ids (stable, content-derived), and are replayed on every rebuild.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tadmor.store.models import Base


class IncidentRow(Base):
    """One real-world event as grouped from claims. Columns hold what blocking and filters need
    (date window, grid cell, region); ``data`` holds the derived figures with provenance, the
    contradictions with both spans, the sources by origin and outlet, and the text profile
    used to compare a new claim with the incident."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(60))
    event_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    date_low: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_high: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    time_precision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    geonameid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    country_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    admin1: Mapped[str | None] = mapped_column(String(200), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    geo_precision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cell: Mapped[str | None] = mapped_column(String(24), nullable=True)
    actor1: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actor2: Mapped[str | None] = mapped_column(String(200), nullable=True)
    fatalities: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grade: Mapped[str] = mapped_column(String(20), index=True)
    grade_by: Mapped[str] = mapped_column(String(20))  # auto | analyst
    credibility: Mapped[int] = mapped_column(Integer)  # Admiralty information credibility 1-6
    n_claims: Mapped[int] = mapped_column(Integer)
    n_reports: Mapped[int] = mapped_column(Integer)
    n_origins: Mapped[int] = mapped_column(Integer)
    n_outlets: Mapped[int] = mapped_column(Integer)
    n_contradictions: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class IncidentClaim(Base):
    """Membership: one claim belongs to at most one incident. No foreign key to ``claims``, so
    that re-extraction (which replaces claim rows under the same ids) keeps memberships."""

    __tablename__ = "incident_claims"

    claim_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[str] = mapped_column(String(24), index=True)
    score: Mapped[float] = mapped_column(Float)  # similarity when it joined (1.0 = founder)
    method: Mapped[str] = mapped_column(String(20))  # auto | analyst
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class IncidentDecision(Base):
    """An analyst decision, replayed on every regrouping: ``merge`` (these claims belong
    together), ``split`` (these claims do not belong with those), ``grade`` (override)."""

    __tablename__ = "incident_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int] = mapped_column(Integer)


class IncidentEvent(Base):
    """The history an incident shows: created, claims added, grade changes, merges, splits.
    Grade changes, merges and splits also carry the ledger entry that records them."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SourceEntry(Base):
    """A registry entry for an origin ("SANA") or an outlet: Admiralty reliability (A-F, F by
    default: cannot be judged) and alignment tags. tadmor ships no opinion on real outlets."""

    __tablename__ = "source_registry"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # normalised name
    name: Mapped[str] = mapped_column(String(300))
    reliability: Mapped[str] = mapped_column(String(1))
    tags: Mapped[list[Any]] = mapped_column(JSON)
    aliases: Mapped[list[Any]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


# Blocking: candidates of a new claim are found by grid cell or region within a date window.
Index("ix_incidents_cell_date", IncidentRow.cell, IncidentRow.event_date)
Index(
    "ix_incidents_region_date", IncidentRow.country_code, IncidentRow.admin1, IncidentRow.event_date
)
Index("ix_incident_events_incident_at", IncidentEvent.incident_id, IncidentEvent.at)
