"""landscape: index version counter and an index on items' update time

Revision ID: 0101_landscape
Revises: 0100_landscape
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0101_landscape"
down_revision = "0100_landscape"
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table(
        "landscape_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landscape_index_state")),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0}])
    with op.batch_alter_table("landscape_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landscape_items_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("landscape_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landscape_items_updated_at"))
    op.drop_table("landscape_index_state")
