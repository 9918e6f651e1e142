"""stakeholder registry: organisations, relations, engagement log

Revision ID: 0400_stakeholders
Revises: 0001_core
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0400_stakeholders"
down_revision = "0001_core"
branch_labels = ("stakeholders",)
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "stakeholder_organisations",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("name_zh_status", sa.String(length=16), nullable=False),
        sa.Column("acronym", sa.String(length=64), nullable=False),
        sa.Column("ror", sa.String(length=64), nullable=True),
        sa.Column("parent_id", sa.String(length=128), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("pm_role_en", sa.Text(), nullable=False),
        sa.Column("pm_role_zh", sa.Text(), nullable=False),
        sa.Column("themes", JSON, nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_organisations")),
    )
    with op.batch_alter_table("stakeholder_organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_organisations_acronym"), ["acronym"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_organisations_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_organisations_type"), ["type"], unique=False)

    op.create_table(
        "stakeholder_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("target_id", sa.String(length=128), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["stakeholder_organisations.id"],
            name=op.f("fk_stakeholder_relations_source_id_stakeholder_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["stakeholder_organisations.id"],
            name=op.f("fk_stakeholder_relations_target_id_stakeholder_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_relations")),
    )
    with op.batch_alter_table("stakeholder_relations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_relations_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_relations_target_id"), ["target_id"], unique=False)

    op.create_table(
        "stakeholder_engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation_ids", JSON, nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_engagements")),
    )
    with op.batch_alter_table("stakeholder_engagements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_engagements_date"), ["date"], unique=False)


def downgrade() -> None:
    op.drop_table("stakeholder_engagements")
    op.drop_table("stakeholder_relations")
    op.drop_table("stakeholder_organisations")
