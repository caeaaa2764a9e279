"""documents, their processing jobs and re-upload requests

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25 13:44:44.512859
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kyc_service.core.db import UtcDateTime

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content_bidx", sa.String(length=64), nullable=False),
        sa.Column("original_key", sa.String(length=32), nullable=False),
        sa.Column("preview_key", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("quality_json", sa.Text(), nullable=True),
        sa.Column("findings_json", sa.Text(), nullable=False),
        sa.Column("result_enc", sa.LargeBinary(), nullable=True),
        sa.Column("reupload_request_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("processed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_documents_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_content_bidx"), ["content_bidx"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_reupload_request_id"), ["reupload_request_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_status"), ["status"], unique=False)

    op.create_table(
        "reupload_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=True),
        sa.Column("documents_json", sa.Text(), nullable=False),
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_reupload_requests_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reupload_requests")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_reupload_requests_nonce_hash")),
    )
    with op.batch_alter_table("reupload_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reupload_requests_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "document_jobs",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_jobs_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_jobs")),
    )
    with op.batch_alter_table("document_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_jobs_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_jobs_state"))

    op.drop_table("document_jobs")
    with op.batch_alter_table("reupload_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reupload_requests_customer_id"))

    op.drop_table("reupload_requests")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_status"))
        batch_op.drop_index(batch_op.f("ix_documents_reupload_request_id"))
        batch_op.drop_index(batch_op.f("ix_documents_customer_id"))
        batch_op.drop_index(batch_op.f("ix_documents_content_bidx"))

    op.drop_table("documents")
