"""ORM models of the team server: users, login sessions, API tokens and restrictions.

Secrets are never stored as given: passwords as argon2 hashes, session and API tokens as their
SHA-256 (a token is 256 random bits, so a plain hash is enough and lets a lookup be one index
probe). A copied database therefore lets nobody log in.

Restrictions are a table of their own, pointing at what they protect by kind and id, so that
no other stage's table has to change and the server can enforce them in one place.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tadmor.store.models import Base, ClaimRow, Report
from tadmor.store.models_corroborate import IncidentClaim, IncidentRow


class UserRow(Base):
    """A person who uses the server. ``role`` is viewer, analyst or admin."""

    __tablename__ = "server_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginSession(Base):
    """A browser login. The cookie holds the token; only its hash is kept here, with the CSRF
    token the page must echo on every change (synchronizer pattern)."""

    __tablename__ = "server_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("server_users.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class ApiToken(Base):
    """A bearer token for scripts. ``prefix`` (the first characters) lets a user tell tokens
    apart in a listing without the token being recoverable."""

    __tablename__ = "server_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("server_users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Restriction(Base):
    """Something viewers and public exports must never see.

    ``target_kind`` is report, original (every report of an upload, so an upload can be
    restricted before its reports exist), claim, incident or source (an origin or outlet name,
    lower-cased). ``field`` is empty for the whole record, else a field name; for a report's
    ``text`` a character span (``span_start``, ``span_end``) protects part of the text, e.g. a
    witness's name, and the claims of any sentence that overlaps it."""

    __tablename__ = "server_restrictions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(60), default="")
    span_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    span_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    # A claim restriction made because one of the claim's values comes from a restricted span
    # of text (an origin named two sentences earlier): it goes when its parent goes.
    derived_from: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


Index("ix_server_restrictions_target", Restriction.target_kind, Restriction.target_id)


# Indexes the server's queries need on other stages' tables (migration 0006 says why). The
# date columns are DESC NULLS LAST as PostgreSQL has them; on SQLite, which cannot say NULLS
# LAST, the migration makes them plain DESC, which orders the same (NULL is its smallest value).
Index(
    "ix_incidents_date_id",
    IncidentRow.event_date.desc().nulls_last(),
    IncidentRow.id,
    IncidentRow.latitude,
    IncidentRow.longitude,
)
Index(
    "ix_incidents_grade_date",
    IncidentRow.grade,
    IncidentRow.event_date.desc().nulls_last(),
    IncidentRow.id,
)
Index("ix_incident_claims_report_incident", IncidentClaim.report_id, IncidentClaim.incident_id)
Index("ix_reports_source_lower", func.lower(Report.source))
Index("ix_claims_origin_lower", func.lower(ClaimRow.origin))


class DataVersion(Base):
    """One row counting the changes to served data, moved by database triggers (migration
    0007 says why and which tables). The server's page cache is keyed on it."""

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="ck_data_version_one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger)
