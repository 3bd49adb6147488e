"""data version: one counter that every change to served data moves, kept by triggers

Revision ID: 0007_data_version
Revises: 0006_server_indexes
Create Date: 2026-11-25 18:10:00

The team server keeps the pages it has built (``tadmor.api.cache``) and may answer from them
only while the data they were built from is unchanged, restrictions above all: a page built
before a witness's name was restricted must never be served after. Application code cannot be
trusted to announce every change (a script, ``tadmor batch``, another server process, a future
code path), so the database keeps the count itself: a trigger on every served table adds one to
``data_version.n`` in the same transaction as the change. A reader that reads ``n`` first sees
data at least as new as that ``n``.

Not counted, because no cached page shows them and they change on reads or logins: the custody
ledger (an export writes to it), logins and tokens, the duplicate-detection bands and batch
bookkeeping. ``tests/store/test_data_version.py`` checks that every other table has the
trigger, so a table added later without one fails the tests.

SQLite has row triggers only: one counter update per changed row, which costs the batch writer
about a third more CPU (measured: 1,430 -> 900 reports per CPU-second, still the output of some
forty extraction workers). PostgreSQL gets statement triggers, whose cost did not show in the
same measurement. Writers already queue on the ledger head, so the single counter row adds no
new contention.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_data_version"
down_revision: str | None = "0006_server_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0002_incidents", "0003_heritage", "0005_batch")

NOT_COUNTED = frozenset(
    {
        "alembic_version",
        "data_version",
        "ledger",
        "ledger_head",
        "lsh_bands",
        "server_sessions",
        "server_tokens",
        "batch_runs",
        "batch_failures",
    }
)
PG_FUNCTION = "tadmor_bump_data_version"


def counted_tables(bind: sa.Connection) -> list[str]:
    return sorted(set(sa.inspect(bind).get_table_names()) - NOT_COUNTED)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_data_version_one_row"),
    )
    op.execute("INSERT INTO data_version (id, n) VALUES (1, 0)")
    tables = counted_tables(bind)
    if bind.dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; RETURN NULL; END $$"
        )
        for t in tables:
            op.execute(
                f"CREATE TRIGGER tadmor_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {t} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
            )
        return
    for t in tables:
        for what in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER tadmor_data_version_{t}_{what.lower()} AFTER {what} ON {t} "
                "BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    tables = counted_tables(bind)
    if bind.dialect.name == "postgresql":
        for t in tables:
            op.execute(f"DROP TRIGGER IF EXISTS tadmor_data_version ON {t}")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    else:
        for t in tables:
            for what in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS tadmor_data_version_{t}_{what}")
    op.drop_table("data_version")
