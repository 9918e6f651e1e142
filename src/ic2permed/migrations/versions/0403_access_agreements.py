"""access agreements (versioned templates, acceptances), important data, cumulative CAC counts

Revision ID: 0403_access_agreements
Revises: 0402_access_attachments
Create Date: 2026-11-30 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0403_access_agreements"
down_revision = "0402_access_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("important_data", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("access_request_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subjects_counted", sa.Integer(), nullable=True))
    op.create_table(
        "access_agreement_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("biobank_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_agreement_templates")),
        sa.UniqueConstraint("biobank_id", "kind", "version", name=op.f("uq_access_agreement_templates_biobank_id")),
    )
    with op.batch_alter_table("access_agreement_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_agreement_templates_biobank_id"), ["biobank_id"], unique=False)
    op.create_table(
        "access_agreement_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["access_request_items.id"],
            name=op.f("fk_access_agreement_acceptances_item_id_access_request_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["access_agreement_templates.id"],
            name=op.f("fk_access_agreement_acceptances_template_id_access_agreement_templates"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_agreement_acceptances")),
        sa.UniqueConstraint("item_id", "template_id", "party", name=op.f("uq_access_agreement_acceptances_item_id")),
    )
    with op.batch_alter_table("access_agreement_acceptances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_agreement_acceptances_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("access_agreement_acceptances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_agreement_acceptances_item_id"))
    op.drop_table("access_agreement_acceptances")
    with op.batch_alter_table("access_agreement_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_agreement_templates_biobank_id"))
    op.drop_table("access_agreement_templates")
    with op.batch_alter_table("access_request_items", schema=None) as batch_op:
        batch_op.drop_column("subjects_counted")
    with op.batch_alter_table("access_requests", schema=None) as batch_op:
        batch_op.drop_column("important_data")
