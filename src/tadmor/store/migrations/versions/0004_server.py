"""server: users, login sessions, API tokens, restrictions

Revision ID: 0004_server
Revises: 0001
Create Date: 2026-11-25 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_server"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "server_users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "server_restrictions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("derived_from", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("server_restrictions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_server_restrictions_target", ["target_kind", "target_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_server_restrictions_derived_from"), ["derived_from"], unique=False
        )
    op.create_table(
        "server_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["server_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("server_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_server_sessions_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_server_sessions_user_id"), ["user_id"], unique=False)
    op.create_table(
        "server_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["server_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("server_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_tokens_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("server_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_tokens_user_id"))
    op.drop_table("server_tokens")
    with op.batch_alter_table("server_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_server_sessions_expires_at"))
    op.drop_table("server_sessions")
    with op.batch_alter_table("server_restrictions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_restrictions_derived_from"))
        batch_op.drop_index("ix_server_restrictions_target")
    op.drop_table("server_restrictions")
    op.drop_table("server_users")
