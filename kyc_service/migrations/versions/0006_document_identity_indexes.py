"""documents: blind indexes of the document number and national id read from them

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-25 14:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_bidx", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("national_id_bidx", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_number_bidx"), ["number_bidx"])
        batch_op.create_index(batch_op.f("ix_documents_national_id_bidx"),
                              ["national_id_bidx"])


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_national_id_bidx"))
        batch_op.drop_index(batch_op.f("ix_documents_number_bidx"))
        batch_op.drop_column("national_id_bidx")
        batch_op.drop_column("number_bidx")
