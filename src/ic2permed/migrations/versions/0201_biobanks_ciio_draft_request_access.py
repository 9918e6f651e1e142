"""biobanks: CIIO flag on biobanks, the request a draft became

Revision ID: 0201_biobanks_ciio_access
Revises: 0200_biobanks
Create Date: 2026-11-30 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0201_biobanks_ciio_access"
down_revision = "0200_biobanks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("biobank_biobanks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ciio", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("biobank_request_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("biobank_request_drafts", schema=None) as batch_op:
        batch_op.drop_column("request_id")
    with op.batch_alter_table("biobank_biobanks", schema=None) as batch_op:
        batch_op.drop_column("ciio")
