"""federation: what the demo's supervisor last saw of each local node process

Revision ID: 0301_federation_load
Revises: 0300_federation
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0301_federation_load"
down_revision = "0300_federation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "federation_node_processes",
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restarts", sa.Integer(), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_federation_node_processes")),
    )


def downgrade() -> None:
    op.drop_table("federation_node_processes")
