"""case management: cases, their alerts, linked customers, timeline, four-eyes
proposals, STR drafts

Revision ID: 0007
Revises: 0003 (alerts)
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kyc_service.core.db import UtcDateTime

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('open', 'in_review', 'pending_info', 'escalated')")
PENDING = sa.text("status = 'pending'")
TABLES = ("cases", "case_alerts", "case_customers", "case_events", "case_proposals", "str_drafts")


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("assignee_id", sa.String(length=36), nullable=True),
        sa.Column("opened_by", sa.String(length=36), nullable=True),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.Column("paused_at", UtcDateTime(), nullable=True),
        sa.Column("escalated_at", UtcDateTime(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("disposition", sa.String(length=24), nullable=True),
        sa.Column("rationale_enc", sa.LargeBinary(), nullable=True),
        sa.Column("str_due_at", UtcDateTime(), nullable=True),
        sa.Column("merged_into_id", sa.String(length=36), nullable=True),
        sa.Column("reopened_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_cases_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["cases.id"], name=op.f("fk_cases_merged_into_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_assignee_id_status", ["assignee_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_disposition"), ["disposition"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_priority"), ["priority"], unique=False)
        batch_op.create_index("ix_cases_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_str_due_at"), ["str_due_at"], unique=False)
        batch_op.create_index(
            "uq_cases_active_per_customer",
            ["customer_id"],
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        )
    op.create_table(
        "case_alerts",
        sa.Column("alert_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("attached_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_case_alerts_alert_id_alerts")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_alerts_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_case_alerts")),
    )
    with op.batch_alter_table("case_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_alerts_case_id"), ["case_id"], unique=False)
    op.create_table(
        "case_customers",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("linked_by", sa.String(length=36), nullable=True),
        sa.Column("linked_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_customers_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_case_customers_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("case_id", "customer_id", name=op.f("pk_case_customers")),
    )
    with op.batch_alter_table("case_customers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_customers_customer_id"), ["customer_id"], unique=False
        )
    op.create_table(
        "case_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.Column("text_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_id_at", ["case_id", "at"], unique=False)
    op.create_table(
        "case_proposals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("hit_id", sa.String(length=36), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("disposition", sa.String(length=24), nullable=True),
        sa.Column("case_version", sa.Integer(), nullable=True),
        sa.Column("rationale_enc", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("proposed_by", sa.String(length=36), nullable=False),
        sa.Column("proposed_at", UtcDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("decision_note_enc", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_proposals_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_case_proposals_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_proposals")),
    )
    with op.batch_alter_table("case_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_proposals_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_proposals_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_case_proposals_pending_case",
            ["case_id"],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )
        batch_op.create_index(
            "uq_case_proposals_pending_hit",
            ["hit_id"],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )
    op.create_table(
        "str_drafts",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=False),
        sa.Column("filing_due_at", UtcDateTime(), nullable=False),
        sa.Column("narrative_enc", sa.LargeBinary(), nullable=True),
        sa.Column("facts_json", sa.Text(), nullable=True),
        sa.Column("filed_at", UtcDateTime(), nullable=True),
        sa.Column("filed_by", sa.String(length=36), nullable=True),
        sa.Column("filing_reference", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_str_drafts_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_str_drafts_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_str_drafts")),
    )
    with op.batch_alter_table("str_drafts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_str_drafts_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_str_drafts_filing_due_at"), ["filing_due_at"], unique=False
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
