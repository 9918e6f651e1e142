"""landscape items, themes, relations, search terms

Revision ID: 0100_landscape
Revises: 0001_core
Create Date: 2026-11-28 16:48:04.374811
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0100_landscape"
down_revision = "0001_core"
branch_labels = ("landscape",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "landscape_items",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("legal_tier", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("province", sa.String(length=64), nullable=True),
        sa.Column("issuing_body", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.String(length=120), nullable=True),
        sa.Column("identifier", sa.String(length=200), nullable=True),
        sa.Column("celex", sa.String(length=32), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("in_force_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.Column("title_zh_status", sa.String(length=16), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("summary_zh", sa.Text(), nullable=False),
        sa.Column("acronyms", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("themes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("sources", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("bundle_values", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True),
        sa.Column("curated_fields", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landscape_items")),
    )
    with op.batch_alter_table("landscape_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landscape_items_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_landscape_items_legal_tier"), ["legal_tier"], unique=False)
        batch_op.create_index(batch_op.f("ix_landscape_items_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_landscape_items_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_landscape_items_year"), ["year"], unique=False)

    op.create_table(
        "landscape_item_themes",
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["landscape_items.id"],
            name=op.f("fk_landscape_item_themes_item_id_landscape_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "theme", name=op.f("pk_landscape_item_themes")),
    )
    with op.batch_alter_table("landscape_item_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landscape_item_themes_theme"), ["theme"], unique=False)

    op.create_table(
        "landscape_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.Column("target_id", sa.String(length=120), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["landscape_items.id"],
            name=op.f("fk_landscape_relations_source_id_landscape_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["landscape_items.id"],
            name=op.f("fk_landscape_relations_target_id_landscape_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landscape_relations")),
    )
    with op.batch_alter_table("landscape_relations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_landscape_relations_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_landscape_relations_target_id"), ["target_id"], unique=False)

    op.create_table(
        "landscape_terms",
        sa.Column("item_id", sa.String(length=120), nullable=False),
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["landscape_items.id"],
            name=op.f("fk_landscape_terms_item_id_landscape_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "term", name=op.f("pk_landscape_terms")),
    )
    with op.batch_alter_table("landscape_terms", schema=None) as batch_op:
        batch_op.create_index("ix_landscape_terms_term_item", ["term", "item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("landscape_terms", schema=None) as batch_op:
        batch_op.drop_index("ix_landscape_terms_term_item")

    op.drop_table("landscape_terms")
    with op.batch_alter_table("landscape_relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landscape_relations_target_id"))
        batch_op.drop_index(batch_op.f("ix_landscape_relations_source_id"))

    op.drop_table("landscape_relations")
    with op.batch_alter_table("landscape_item_themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landscape_item_themes_theme"))

    op.drop_table("landscape_item_themes")
    with op.batch_alter_table("landscape_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landscape_items_year"))
        batch_op.drop_index(batch_op.f("ix_landscape_items_status"))
        batch_op.drop_index(batch_op.f("ix_landscape_items_region"))
        batch_op.drop_index(batch_op.f("ix_landscape_items_legal_tier"))
        batch_op.drop_index(batch_op.f("ix_landscape_items_kind"))

    op.drop_table("landscape_items")
