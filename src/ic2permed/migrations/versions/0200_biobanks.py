"""biobank directory: biobanks, collections, networks, managers, count history, cart, request drafts

Revision ID: 0200_biobanks
Revises: 0001_core
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0200_biobanks"
down_revision = "0001_core"
branch_labels = ("biobanks",)
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "biobank_biobanks",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("name_zh_status", sa.String(length=32), nullable=False),
        sa.Column("acronym", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("province", sa.String(length=120), nullable=False),
        sa.Column("juristic_person", sa.String(length=300), nullable=False),
        sa.Column("organisation_id", sa.String(length=128), nullable=True),
        sa.Column("federation_node", sa.String(length=128), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_zh", sa.Text(), nullable=False),
        sa.Column("collection_types", JSON, nullable=False),
        sa.Column("material_types", JSON, nullable=False),
        sa.Column("data_categories", JSON, nullable=False),
        sa.Column("diseases", JSON, nullable=False),
        sa.Column("quality_marks", JSON, nullable=False),
        sa.Column("networks", JSON, nullable=False),
        sa.Column("services", JSON, nullable=False),
        sa.Column("donors", sa.Integer(), nullable=True),
        sa.Column("samples", sa.Integer(), nullable=True),
        sa.Column("count_year", sa.Integer(), nullable=True),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biobank_biobanks")),
    )
    with op.batch_alter_table("biobank_biobanks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_biobank_biobanks_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_biobank_biobanks_region"), ["region"], unique=False)

    op.create_table(
        "biobank_count_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=160), nullable=False),
        sa.Column("donors", sa.Integer(), nullable=True),
        sa.Column("samples", sa.Integer(), nullable=True),
        sa.Column("count_year", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biobank_count_history")),
    )
    with op.batch_alter_table("biobank_count_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_biobank_count_history_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "biobank_networks",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("acronym", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_zh", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biobank_networks")),
    )
    op.create_table(
        "biobank_collections",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("biobank_id", sa.String(length=128), nullable=False),
        sa.Column("parent_id", sa.String(length=160), nullable=True),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_zh", sa.Text(), nullable=False),
        sa.Column("collection_types", JSON, nullable=False),
        sa.Column("material_types", JSON, nullable=False),
        sa.Column("data_categories", JSON, nullable=False),
        sa.Column("diseases", JSON, nullable=False),
        sa.Column("sex", JSON, nullable=False),
        sa.Column("storage_temperatures", JSON, nullable=False),
        sa.Column("access_conditions", JSON, nullable=False),
        sa.Column("age_low", sa.Integer(), nullable=True),
        sa.Column("age_high", sa.Integer(), nullable=True),
        sa.Column("donors", sa.Integer(), nullable=True),
        sa.Column("samples", sa.Integer(), nullable=True),
        sa.Column("count_year", sa.Integer(), nullable=True),
        sa.Column("commercial_use", sa.Boolean(), nullable=True),
        sa.Column("facts", JSON, nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("search_tokens", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["biobank_id"],
            ["biobank_biobanks.id"],
            name=op.f("fk_biobank_collections_biobank_id_biobank_biobanks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["biobank_collections.id"],
            name=op.f("fk_biobank_collections_parent_id_biobank_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biobank_collections")),
    )
    with op.batch_alter_table("biobank_collections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_biobank_collections_biobank_id"), ["biobank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_biobank_collections_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "biobank_managers",
        sa.Column("biobank_id", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["biobank_id"],
            ["biobank_biobanks.id"],
            name=op.f("fk_biobank_managers_biobank_id_biobank_biobanks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_biobank_managers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("biobank_id", "user_id", name=op.f("pk_biobank_managers")),
    )
    op.create_table(
        "biobank_request_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("collection_ids", JSON, nullable=False),
        sa.Column("criteria", JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_biobank_request_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biobank_request_drafts")),
    )
    with op.batch_alter_table("biobank_request_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_biobank_request_drafts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "biobank_cart_items",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.String(length=160), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["biobank_collections.id"],
            name=op.f("fk_biobank_cart_items_collection_id_biobank_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_biobank_cart_items_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "collection_id", name=op.f("pk_biobank_cart_items")),
    )


def downgrade() -> None:
    op.drop_table("biobank_cart_items")
    with op.batch_alter_table("biobank_request_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_biobank_request_drafts_user_id"))

    op.drop_table("biobank_request_drafts")
    op.drop_table("biobank_managers")
    with op.batch_alter_table("biobank_collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_biobank_collections_parent_id"))
        batch_op.drop_index(batch_op.f("ix_biobank_collections_biobank_id"))

    op.drop_table("biobank_collections")
    op.drop_table("biobank_networks")
    with op.batch_alter_table("biobank_count_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_biobank_count_history_entity_id"))

    op.drop_table("biobank_count_history")
    with op.batch_alter_table("biobank_biobanks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_biobank_biobanks_region"))
        batch_op.drop_index(batch_op.f("ix_biobank_biobanks_country"))

    op.drop_table("biobank_biobanks")
