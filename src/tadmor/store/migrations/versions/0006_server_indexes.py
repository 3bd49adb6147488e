"""server: indexes for viewers' lists on large stores

Revision ID: 0006_server_indexes
Revises: 0004_server
Create Date: 2026-11-25 15:20:00

The team server lists incidents newest first, often by grade, and hides restricted data by
collecting, once per query, the ids that restrictions hide (see ``server_repo``). On 100k
incidents these indexes turn each of those steps into index walks:

* ``incidents (event_date DESC, id, latitude, longitude)`` and ``(grade, event_date DESC, id)``
  give the page order straight from the index (no sort of every matching row), and let SQLite
  skip rows of an offset or outside a bounding box without reading them. PostgreSQL sorts NULL
  first in a descending index by default, the pages put undated incidents last, so there the
  date column is ``DESC NULLS LAST`` (SQLite has no such clause; NULL is its smallest value).
* ``incident_claims (report_id, incident_id)``: the incidents of hidden reports, index-only.
* ``lower(reports.source)`` and ``lower(claims.origin)``: source restrictions are matched
  without regard to case; without these, any source restriction makes every list scan all
  reports and claims.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_server_indexes"
down_revision: str | None = "0004_server"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0002_incidents"


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    newest = sa.text("event_date DESC NULLS LAST" if pg else "event_date DESC")
    op.create_index(
        "ix_incidents_date_id", "incidents", [newest, "id", "latitude", "longitude"], unique=False
    )
    op.create_index("ix_incidents_grade_date", "incidents", ["grade", newest, "id"], unique=False)
    op.create_index(
        "ix_incident_claims_report_incident",
        "incident_claims",
        ["report_id", "incident_id"],
        unique=False,
    )
    op.create_index("ix_reports_source_lower", "reports", [sa.text("lower(source)")], unique=False)
    op.create_index("ix_claims_origin_lower", "claims", [sa.text("lower(origin)")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claims_origin_lower", table_name="claims")
    op.drop_index("ix_reports_source_lower", table_name="reports")
    op.drop_index("ix_incident_claims_report_incident", table_name="incident_claims")
    op.drop_index("ix_incidents_grade_date", table_name="incidents")
    op.drop_index("ix_incidents_date_id", table_name="incidents")
