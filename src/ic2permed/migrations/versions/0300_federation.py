"""federation hub: node registry, query log, saved queries

Revision ID: 0300_federation
Revises: 0001_core
Create Date: 2026-11-28 17:16:39.960160
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0300_federation"
down_revision = "0001_core"
branch_labels = ("federation",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "federation_nodes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("base_url", sa.Text(), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("biobank_id", sa.String(length=120), nullable=True),
        sa.Column("signing_secret", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_nodes")),
    )
    op.create_table(
        "federation_query_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("criteria", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("answers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_query_log")),
    )
    with op.batch_alter_table("federation_query_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_query_log_at"), ["at"], unique=False)

    op.create_table(
        "federation_saved_queries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_saved_queries")),
    )
    with op.batch_alter_table("federation_saved_queries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_saved_queries_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("federation_saved_queries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_saved_queries_owner_id"))

    op.drop_table("federation_saved_queries")
    with op.batch_alter_table("federation_query_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_query_log_at"))

    op.drop_table("federation_query_log")
    op.drop_table("federation_nodes")
