"""ORM models of the heritage registry: sites, movable objects, safe havens, the history of
condition and custody changes, heritage-at-risk alerts and evacuation plans.

Secret values (a safe haven's whereabouts, an object's location code) are stored only as
ciphertext (``*_enc`` columns, text tokens made by :mod:`tadmor.heritage.secrecy`); the key is
never in the database, so a copied database file does not reveal where anything is hidden.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
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


class HeritageSite(Base):
    """An immovable heritage place (archaeological site, monument, museum building).

    Condition columns use the EAMENA vocabularies (see :mod:`tadmor.heritage.records`);
    ``geometry`` is a GeoJSON geometry when a polygon is known, the point is always there so
    that distance queries need no GIS extension."""

    __tablename__ = "heritage_sites"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    aliases: Mapped[list[Any]] = mapped_column(JSON)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    parent_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    period: Mapped[str | None] = mapped_column(String(200), nullable=True)
    designation: Mapped[str | None] = mapped_column(String(300), nullable=True)
    overall_condition: Mapped[str] = mapped_column(String(20))
    damage_extent: Mapped[str] = mapped_column(String(30))
    disturbance_causes: Mapped[list[Any]] = mapped_column(JSON)
    condition_certainty: Mapped[str] = mapped_column(String(20))
    threats: Mapped[list[Any]] = mapped_column(JSON)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    attribution: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SafeHaven(Base):
    """A place objects are taken to. Only a code name is readable; where it is lives in
    ``location_enc``."""

    __tablename__ = "heritage_havens"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    location_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HeritageObject(Base):
    """A movable object, described by the Object ID fields plus what evacuation needs
    (weight, dimensions, fragility, significance) and its custody."""

    __tablename__ = "heritage_objects"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    inventory_number: Mapped[str] = mapped_column(String(80), unique=True)
    site_id: Mapped[str | None] = mapped_column(
        ForeignKey("heritage_sites.id"), nullable=True, index=True
    )
    object_type: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(300))
    materials: Mapped[list[Any]] = mapped_column(JSON)
    techniques: Mapped[list[Any]] = mapped_column(JSON)
    subject: Mapped[str | None] = mapped_column(Text, nullable=True)
    date_period: Mapped[str | None] = mapped_column(String(200), nullable=True)
    maker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    inscriptions: Mapped[str | None] = mapped_column(Text, nullable=True)
    distinguishing_features: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    height_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    width_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    depth_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    weight_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    fragility: Mapped[int] = mapped_column(Integer)
    significance: Mapped[int] = mapped_column(Integer)
    photos: Mapped[list[Any]] = mapped_column(JSON)  # blob SHA-256s
    custody_status: Mapped[str] = mapped_column(String(20), index=True)
    safe_haven_id: Mapped[str | None] = mapped_column(
        ForeignKey("heritage_havens.id"), nullable=True
    )
    location_code_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    condition_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HeritageChange(Base):
    """One change of a site's condition or an object's custody, with its evidence; the ledger
    entry written in the same transaction is named by ``ledger_seq``."""

    __tablename__ = "heritage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_kind: Mapped[str] = mapped_column(String(10))  # site | object
    target_id: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(30))  # condition | custody
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    ledger_seq: Mapped[int] = mapped_column(Integer)


class HeritageAlert(Base):
    """A heritage-at-risk alert: a hazard event (claim or incident) near or naming a site.

    The id is derived from (site, event), so recomputing alerts is idempotent and an analyst's
    decision survives it."""

    __tablename__ = "heritage_alerts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("heritage_sites.id"), index=True)
    event_kind: Mapped[str] = mapped_column(String(10))  # claim | incident
    event_id: Mapped[str] = mapped_column(String(80), index=True)
    event_date: Mapped[dt.date | None] = mapped_column(nullable=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON)  # near | named
    distance_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    threat_level: Mapped[int] = mapped_column(Integer)
    proposed_condition: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)  # open | confirmed | dismissed
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EvacuationPlan(Base):
    """A solved evacuation plan: its inputs and result as JSON, so a re-plan can start from
    what was already loaded, and the figures (value, bound, gap) for the record."""

    __tablename__ = "evacuation_plans"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("heritage_sites.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # OPTIMAL | FEASIBLE | ...
    value: Mapped[float] = mapped_column(Float)
    bound: Mapped[float] = mapped_column(Float)
    gap: Mapped[float] = mapped_column(Float)
    problem: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


Index("ix_heritage_changes_target", HeritageChange.target_kind, HeritageChange.target_id)
Index("ix_heritage_alerts_site_event", HeritageAlert.site_id, HeritageAlert.event_id, unique=True)
