"""experts profiles, working groups, memberships, proposals, meetings, actions, Delphi

Revision ID: 0400_experts
Revises: 0001_core
Create Date: 2026-11-30 06:14:52.529034
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0400_experts"
down_revision = "0001_core"
branch_labels = ("experts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experts_groups",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("pillar", sa.String(length=64), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("priorities_en", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("priorities_zh", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("themes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("min_size", sa.Integer(), nullable=False),
        sa.Column("max_size", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_groups")),
    )
    op.create_table(
        "experts_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("min_region_share", sa.String(length=16), nullable=False),
        sa.Column("min_sectors", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=True),
        sa.Column("groups", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("reasons", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_proposals")),
    )
    op.create_table(
        "delphi_studies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.Column("scale", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["experts_groups.id"],
            name=op.f("fk_delphi_studies_group_id_experts_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delphi_studies")),
    )
    with op.batch_alter_table("delphi_studies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delphi_studies_group_id"), ["group_id"], unique=False)

    op.create_table(
        "experts_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["experts_groups.id"],
            name=op.f("fk_experts_meetings_group_id_experts_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_meetings")),
    )
    with op.batch_alter_table("experts_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_meetings_group_id"), ["group_id"], unique=False)

    op.create_table(
        "experts_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("pinyin", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("expertise", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("languages", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("max_groups", sa.Integer(), nullable=False),
        sa.Column("consent_listed", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_experts_profiles_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_experts_profiles_user_id")),
    )
    with op.batch_alter_table("experts_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_profiles_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_experts_profiles_sector"), ["sector"], unique=False)

    op.create_table(
        "delphi_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["delphi_studies.id"],
            name=op.f("fk_delphi_rounds_study_id_delphi_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delphi_rounds")),
        sa.UniqueConstraint("study_id", "number", name=op.f("uq_delphi_rounds_study_id")),
    )
    with op.batch_alter_table("delphi_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delphi_rounds_study_id"), ["study_id"], unique=False)

    op.create_table(
        "delphi_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("priority", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["delphi_studies.id"],
            name=op.f("fk_delphi_statements_study_id_delphi_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delphi_statements")),
        sa.UniqueConstraint("study_id", "code", name=op.f("uq_delphi_statements_study_id")),
    )
    with op.batch_alter_table("delphi_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delphi_statements_study_id"), ["study_id"], unique=False)

    op.create_table(
        "experts_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["experts_groups.id"],
            name=op.f("fk_experts_actions_group_id_experts_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["experts_meetings.id"],
            name=op.f("fk_experts_actions_meeting_id_experts_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["experts_profiles.id"],
            name=op.f("fk_experts_actions_owner_id_experts_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_actions")),
    )
    with op.batch_alter_table("experts_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_actions_due"), ["due"], unique=False)
        batch_op.create_index(batch_op.f("ix_experts_actions_group_id"), ["group_id"], unique=False)

    op.create_table(
        "experts_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts_profiles.id"],
            name=op.f("fk_experts_memberships_expert_id_experts_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["experts_groups.id"],
            name=op.f("fk_experts_memberships_group_id_experts_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts_memberships")),
        sa.UniqueConstraint("group_id", "expert_id", name=op.f("uq_experts_memberships_group_id")),
    )
    with op.batch_alter_table("experts_memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_memberships_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_experts_memberships_group_id"), ["group_id"], unique=False)

    op.create_table(
        "delphi_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts_profiles.id"],
            name=op.f("fk_delphi_suggestions_expert_id_experts_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["delphi_rounds.id"],
            name=op.f("fk_delphi_suggestions_round_id_delphi_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delphi_suggestions")),
    )
    with op.batch_alter_table("delphi_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delphi_suggestions_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delphi_suggestions_round_id"), ["round_id"], unique=False)

    op.create_table(
        "delphi_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["experts_profiles.id"],
            name=op.f("fk_delphi_votes_expert_id_experts_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["delphi_rounds.id"], name=op.f("fk_delphi_votes_round_id_delphi_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["delphi_statements.id"],
            name=op.f("fk_delphi_votes_statement_id_delphi_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delphi_votes")),
        sa.UniqueConstraint("round_id", "statement_id", "expert_id", name=op.f("uq_delphi_votes_round_id")),
    )
    with op.batch_alter_table("delphi_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delphi_votes_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delphi_votes_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_delphi_votes_statement_id"), ["statement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delphi_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delphi_votes_statement_id"))
        batch_op.drop_index(batch_op.f("ix_delphi_votes_round_id"))
        batch_op.drop_index(batch_op.f("ix_delphi_votes_expert_id"))

    op.drop_table("delphi_votes")
    with op.batch_alter_table("delphi_suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delphi_suggestions_round_id"))
        batch_op.drop_index(batch_op.f("ix_delphi_suggestions_expert_id"))

    op.drop_table("delphi_suggestions")
    with op.batch_alter_table("experts_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_memberships_group_id"))
        batch_op.drop_index(batch_op.f("ix_experts_memberships_expert_id"))

    op.drop_table("experts_memberships")
    with op.batch_alter_table("experts_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_actions_group_id"))
        batch_op.drop_index(batch_op.f("ix_experts_actions_due"))

    op.drop_table("experts_actions")
    with op.batch_alter_table("delphi_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delphi_statements_study_id"))

    op.drop_table("delphi_statements")
    with op.batch_alter_table("delphi_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delphi_rounds_study_id"))

    op.drop_table("delphi_rounds")
    with op.batch_alter_table("experts_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_profiles_sector"))
        batch_op.drop_index(batch_op.f("ix_experts_profiles_region"))

    op.drop_table("experts_profiles")
    with op.batch_alter_table("experts_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_meetings_group_id"))

    op.drop_table("experts_meetings")
    with op.batch_alter_table("delphi_studies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delphi_studies_group_id"))

    op.drop_table("delphi_studies")
    op.drop_table("experts_proposals")
    op.drop_table("experts_groups")
