"""biobanks: links between directory entries and landscape items about the same thing

Revision ID: 0203_biobanks_landscape_links
Revises: 0201_biobanks_ciio_access
Create Date: 2026-11-30 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0203_biobanks_landscape_links"
down_revision = "0201_biobanks_ciio_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "biobank_landscape_links",
        sa.Column("biobank_id", sa.String(length=128), nullable=False),
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("basis_zh", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["biobank_id"],
            ["biobank_biobanks.id"],
            name=op.f("fk_biobank_landscape_links_biobank_id_biobank_biobanks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("biobank_id", "item_id", name=op.f("pk_biobank_landscape_links")),
    )
    op.create_index(op.f("ix_biobank_landscape_links_item_id"), "biobank_landscape_links", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_biobank_landscape_links_item_id"), table_name="biobank_landscape_links")
    op.drop_table("biobank_landscape_links")
