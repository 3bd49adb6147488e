"""heritage registry: sites, objects, safe havens, changes, alerts, evacuation plans

Revision ID: 0003_heritage
Revises: 0001
Create Date: 2026-11-25 12:47:03.149207
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_heritage"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "heritage_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target_kind", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("heritage_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_heritage_changes_target", ["target_kind", "target_id"], unique=False
        )

    op.create_table(
        "heritage_havens",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("location_enc", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "heritage_sites",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=True),
        sa.Column("parent_id", sa.String(length=80), nullable=True),
        sa.Column("period", sa.String(length=200), nullable=True),
        sa.Column("designation", sa.String(length=300), nullable=True),
        sa.Column("overall_condition", sa.String(length=20), nullable=False),
        sa.Column("damage_extent", sa.String(length=30), nullable=False),
        sa.Column("disturbance_causes", sa.JSON(), nullable=False),
        sa.Column("condition_certainty", sa.String(length=20), nullable=False),
        sa.Column("threats", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("attribution", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("heritage_sites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_heritage_sites_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_heritage_sites_parent_id"), ["parent_id"], unique=False
        )

    op.create_table(
        "evacuation_plans",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("site_id", sa.String(length=80), nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("bound", sa.Float(), nullable=False),
        sa.Column("gap", sa.Float(), nullable=False),
        sa.Column("problem", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["heritage_sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evacuation_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evacuation_plans_site_id"), ["site_id"], unique=False)

    op.create_table(
        "heritage_alerts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("site_id", sa.String(length=80), nullable=False),
        sa.Column("event_kind", sa.String(length=10), nullable=False),
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("sub_event_type", sa.String(length=60), nullable=True),
        sa.Column("threat_level", sa.Integer(), nullable=False),
        sa.Column("proposed_condition", sa.JSON(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["heritage_sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("heritage_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_heritage_alerts_event_id"), ["event_id"], unique=False)
        batch_op.create_index("ix_heritage_alerts_site_event", ["site_id", "event_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_heritage_alerts_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_heritage_alerts_status"), ["status"], unique=False)

    op.create_table(
        "heritage_objects",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("inventory_number", sa.String(length=80), nullable=False),
        sa.Column("site_id", sa.String(length=80), nullable=True),
        sa.Column("object_type", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("techniques", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("date_period", sa.String(length=200), nullable=True),
        sa.Column("maker", sa.String(length=200), nullable=True),
        sa.Column("inscriptions", sa.Text(), nullable=True),
        sa.Column("distinguishing_features", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("width_cm", sa.Float(), nullable=True),
        sa.Column("depth_cm", sa.Float(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("fragility", sa.Integer(), nullable=False),
        sa.Column("significance", sa.Integer(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("custody_status", sa.String(length=20), nullable=False),
        sa.Column("safe_haven_id", sa.String(length=80), nullable=True),
        sa.Column("location_code_enc", sa.Text(), nullable=True),
        sa.Column("condition_note", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["safe_haven_id"],
            ["heritage_havens.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["heritage_sites.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inventory_number"),
    )
    with op.batch_alter_table("heritage_objects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_heritage_objects_custody_status"), ["custody_status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_heritage_objects_object_type"), ["object_type"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_heritage_objects_site_id"), ["site_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("heritage_objects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_heritage_objects_site_id"))
        batch_op.drop_index(batch_op.f("ix_heritage_objects_object_type"))
        batch_op.drop_index(batch_op.f("ix_heritage_objects_custody_status"))

    op.drop_table("heritage_objects")
    with op.batch_alter_table("heritage_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_heritage_alerts_status"))
        batch_op.drop_index(batch_op.f("ix_heritage_alerts_site_id"))
        batch_op.drop_index("ix_heritage_alerts_site_event")
        batch_op.drop_index(batch_op.f("ix_heritage_alerts_event_id"))

    op.drop_table("heritage_alerts")
    with op.batch_alter_table("evacuation_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evacuation_plans_site_id"))

    op.drop_table("evacuation_plans")
    with op.batch_alter_table("heritage_sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_heritage_sites_parent_id"))
        batch_op.drop_index(batch_op.f("ix_heritage_sites_kind"))

    op.drop_table("heritage_sites")
    op.drop_table("heritage_havens")
    with op.batch_alter_table("heritage_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_heritage_changes_target")

    op.drop_table("heritage_changes")
