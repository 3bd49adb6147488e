"""incidents: grouping, membership, decisions, history, source registry

Revision ID: 0002_incidents
Revises: 0001
Create Date: 2026-11-25 12:48:39
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_incidents"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_decisions_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incident_decisions_kind"), ["kind"], unique=False)

    op.create_table(
        "incident_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_events", schema=None) as batch_op:
        batch_op.create_index("ix_incident_events_incident_at", ["incident_id", "at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incident_events_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("sub_event_type", sa.String(length=60), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_low", sa.Date(), nullable=True),
        sa.Column("date_high", sa.Date(), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.String(length=200), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("cell", sa.String(length=24), nullable=True),
        sa.Column("actor1", sa.String(length=200), nullable=True),
        sa.Column("actor2", sa.String(length=200), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("grade_by", sa.String(length=20), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("n_claims", sa.Integer(), nullable=False),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("n_origins", sa.Integer(), nullable=False),
        sa.Column("n_outlets", sa.Integer(), nullable=False),
        sa.Column("n_contradictions", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_cell_date", ["cell", "event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_event_date"), ["event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_grade"), ["grade"], unique=False)
        batch_op.create_index(
            "ix_incidents_region_date", ["country_code", "admin1", "event_date"], unique=False
        )

    op.create_table(
        "source_registry",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "incident_claims",
        sa.Column("claim_id", sa.String(length=40), nullable=False),
        sa.Column("incident_id", sa.String(length=40), nullable=False),
        sa.Column("report_id", sa.String(length=24), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    with op.batch_alter_table("incident_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_claims_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_incident_claims_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("incident_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_claims_report_id"))
        batch_op.drop_index(batch_op.f("ix_incident_claims_incident_id"))

    op.drop_table("incident_claims")
    op.drop_table("source_registry")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_region_date")
        batch_op.drop_index(batch_op.f("ix_incidents_grade"))
        batch_op.drop_index(batch_op.f("ix_incidents_event_type"))
        batch_op.drop_index(batch_op.f("ix_incidents_event_date"))
        batch_op.drop_index("ix_incidents_cell_date")

    op.drop_table("incidents")
    with op.batch_alter_table("incident_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_events_incident_id"))
        batch_op.drop_index("ix_incident_events_incident_at")

    op.drop_table("incident_events")
    with op.batch_alter_table("incident_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_decisions_kind"))
        batch_op.drop_index(batch_op.f("ix_incident_decisions_incident_id"))

    op.drop_table("incident_decisions")
