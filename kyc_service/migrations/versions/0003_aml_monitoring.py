"""aml monitoring: transactions, rule state, shared keys, parked events, rule settings, alerts

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cases.monitoring.amounts import DecimalAmount
from kyc_service.core.db import UtcDateTime

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

EPOCH = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
OPEN = sa.text("status = 'open'")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "aml_transactions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", DecimalAmount(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("game_type", sa.String(length=16), nullable=True),
        sa.Column("instrument_bidx", sa.String(length=64), nullable=True),
        sa.Column("device_bidx", sa.String(length=64), nullable=True),
        sa.Column("ip_bidx", sa.String(length=64), nullable=True),
        sa.Column("payer_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("payee_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        _fk("aml_transactions", "customer_id", "customers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aml_transactions")),
        sa.UniqueConstraint("external_id", name=op.f("uq_aml_transactions_external_id")),
    )
    with op.batch_alter_table("aml_transactions", schema=None) as batch_op:
        batch_op.create_index("ix_aml_transactions_customer_time",
                              ["customer_id", "occurred_at"], unique=False)
        for column in ("instrument_bidx", "device_bidx", "ip_bidx"):
            batch_op.create_index(batch_op.f(f"ix_aml_transactions_{column}"), [column],
                                  unique=False)

    op.create_table(
        "aml_customer_states",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("last_event_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        _fk("aml_customer_states", "customer_id", "customers"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_aml_customer_states")),
    )
    op.create_table(
        "aml_shared_keys",
        sa.Column("key_kind", sa.String(length=16), nullable=False),
        sa.Column("key_bidx", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("last_seen_epoch", EPOCH, nullable=False),
        _fk("aml_shared_keys", "customer_id", "customers"),
        sa.PrimaryKeyConstraint("key_kind", "key_bidx", "customer_id",
                                name=op.f("pk_aml_shared_keys")),
    )
    with op.batch_alter_table("aml_shared_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aml_shared_keys_customer_id"), ["customer_id"],
                              unique=False)

    op.create_table(
        "aml_parked_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("external_ref_bidx", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("payload_enc", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aml_parked_events")),
        sa.UniqueConstraint("external_id", name=op.f("uq_aml_parked_events_external_id")),
    )
    with op.batch_alter_table("aml_parked_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aml_parked_events_external_ref_bidx"),
                              ["external_ref_bidx"], unique=False)

    op.create_table(
        "aml_rule_settings",
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("settings_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("rule_id", name=op.f("pk_aml_rule_settings")),
    )
    op.create_table(
        "aml_rule_changes",
        sa.Column("settings_version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("settings_version", name=op.f("pk_aml_rule_changes")),
    )
    with op.batch_alter_table("aml_rule_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aml_rule_changes_rule_id"), ["rule_id"],
                              unique=False)

    op.create_table(
        "alerts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=True),
        sa.Column("settings_version", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("peak_score", sa.Integer(), nullable=False),
        sa.Column("hit_count", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("evidence_json", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("resolution", sa.String(length=32), nullable=True),
        _fk("alerts", "customer_id", "customers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        for column in ("customer_id", "code", "status", "last_seen_at"):
            batch_op.create_index(batch_op.f(f"ix_alerts_{column}"), [column], unique=False)
        batch_op.create_index("uq_alerts_open_per_customer_code",
                              ["customer_id", "source", "code"], unique=True,
                              sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("aml_rule_changes")
    op.drop_table("aml_rule_settings")
    op.drop_table("aml_parked_events")
    op.drop_table("aml_shared_keys")
    op.drop_table("aml_customer_states")
    op.drop_table("aml_transactions")
