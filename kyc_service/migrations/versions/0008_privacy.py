"""privacy: data-subject requests, restricted subjects, legal holds, destruction log

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-27 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kyc_service.core.db import UtcDateTime

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.Column("requested_by", sa.String(length=36), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_privacy_requests_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_requests")),
    )
    with op.batch_alter_table("privacy_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_requests_customer_id"), ["customer_id"])
        batch_op.create_index(batch_op.f("ix_privacy_requests_due_at"), ["due_at"])
        batch_op.create_index(batch_op.f("ix_privacy_requests_status"), ["status"])

    op.create_table(
        "privacy_subjects",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=False),
        sa.Column("restricted_at", UtcDateTime(), nullable=False),
        sa.Column("relationship_ended_at", UtcDateTime(), nullable=False),
        sa.Column("retain_until", UtcDateTime(), nullable=False),
        sa.Column("shredded_at", UtcDateTime(), nullable=True),
        sa.Column("retention_key_id", sa.String(length=36), nullable=True),
        sa.Column("retained_identity_enc", sa.LargeBinary(), nullable=True),
        sa.Column("destroyed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_privacy_subjects_customer_id_customers")),
        sa.ForeignKeyConstraint(["request_id"], ["privacy_requests.id"],
                                name=op.f("fk_privacy_subjects_request_id_privacy_requests")),
        sa.ForeignKeyConstraint(["retention_key_id"], ["data_keys.id"],
                                name=op.f("fk_privacy_subjects_retention_key_id_data_keys")),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_privacy_subjects")),
    )
    with op.batch_alter_table("privacy_subjects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_subjects_retain_until"), ["retain_until"])
        batch_op.create_index(batch_op.f("ix_privacy_subjects_destroyed_at"), ["destroyed_at"])

    op.create_table(
        "privacy_legal_holds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("reason_code", sa.String(length=64), nullable=False),
        sa.Column("placed_by", sa.String(length=36), nullable=True),
        sa.Column("placed_at", UtcDateTime(), nullable=False),
        sa.Column("released_at", UtcDateTime(), nullable=True),
        sa.Column("released_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_privacy_legal_holds_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_legal_holds")),
    )
    with op.batch_alter_table("privacy_legal_holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_legal_holds_customer_id"), ["customer_id"])

    op.create_table(
        "privacy_destructions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("subject_count", sa.Integer(), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_destructions")),
    )
    with op.batch_alter_table("privacy_destructions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_destructions_run_id"), ["run_id"])
        batch_op.create_index(batch_op.f("ix_privacy_destructions_occurred_at"), ["occurred_at"])


def downgrade() -> None:
    for table, indexes in (
        ("privacy_destructions", ("occurred_at", "run_id")),
        ("privacy_legal_holds", ("customer_id",)),
        ("privacy_subjects", ("destroyed_at", "retain_until")),
        ("privacy_requests", ("status", "due_at", "customer_id")),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
