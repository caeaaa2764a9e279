"""sanctions and PEP screening: list versions, hits, false-positive decisions

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kyc_service.core.db import UtcDateTime

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_lists",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=True),
        sa.Column("rescreened_at", UtcDateTime(), nullable=True),
        sa.Column("entries_blob", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_lists")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_screening_lists_name_version")),
    )
    with op.batch_alter_table("screening_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_lists_active"), ["active"], unique=False)
        batch_op.create_index(batch_op.f("ix_screening_lists_name"), ["name"], unique=False)

    op.create_table(
        "screening_hits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("data_key_id", sa.String(length=36), nullable=False),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("list_version", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("entity_type", sa.String(length=16), nullable=False),
        sa.Column("matched_name", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("match_key_bidx", sa.String(length=64), nullable=False),
        sa.Column("why_enc", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", UtcDateTime(), nullable=True),
        sa.Column("review_reason_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_screening_hits_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["data_key_id"], ["data_keys.id"], name=op.f("fk_screening_hits_data_key_id_data_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_hits")),
        sa.UniqueConstraint(
            "customer_id", "match_key_bidx",
            name=op.f("uq_screening_hits_customer_id_match_key_bidx"),
        ),
    )
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_hits_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_hits_status"), ["status"], unique=False)

    op.create_table(
        "screening_fp_decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("match_key_bidx", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("hit_id", sa.String(length=36), nullable=False),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=True),
        sa.Column("proposed_at", UtcDateTime(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"],
            name=op.f("fk_screening_fp_decisions_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["hit_id"], ["screening_hits.id"],
            name=op.f("fk_screening_fp_decisions_hit_id_screening_hits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_fp_decisions")),
        sa.UniqueConstraint(
            "match_key_bidx", name=op.f("uq_screening_fp_decisions_match_key_bidx")
        ),
    )
    with op.batch_alter_table("screening_fp_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_fp_decisions_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_fp_decisions_hit_id"), ["hit_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("screening_fp_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_fp_decisions_hit_id"))
        batch_op.drop_index(batch_op.f("ix_screening_fp_decisions_customer_id"))

    op.drop_table("screening_fp_decisions")
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_hits_status"))
        batch_op.drop_index(batch_op.f("ix_screening_hits_customer_id"))

    op.drop_table("screening_hits")
    with op.batch_alter_table("screening_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_lists_name"))
        batch_op.drop_index(batch_op.f("ix_screening_lists_active"))

    op.drop_table("screening_lists")
