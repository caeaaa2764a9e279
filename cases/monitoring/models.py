"""Tables of the transaction monitoring: events, per-customer rule state, shared keys,
parked events and the versioned rule settings.

Nothing here holds personal data in plaintext: payment instruments, devices and IPs are
blind indexes, payer and payee names are sealed with the customer's data key, and the
rule state refers to customers and transactions by id only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cases.monitoring.amounts import DecimalAmount
from kyc_service.core.db import Base, blind_index, ciphertext, created_at, utcnow, uuid_pk

EPOCH = BigInteger().with_variant(Integer(), "sqlite")


class MonitoredTransaction(Base):
    """One operator event, stored once per operator `external_id` (idempotent intake)."""

    __tablename__ = "aml_transactions"
    __table_args__ = (Index("ix_aml_transactions_customer_time", "customer_id", "occurred_at"),)

    id: Mapped[uuid_pk]
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(DecimalAmount())
    currency: Mapped[str] = mapped_column(String(3))
    occurred_at: Mapped[datetime]
    method: Mapped[str | None] = mapped_column(String(16))
    game_type: Mapped[str | None] = mapped_column(String(16))
    instrument_bidx: Mapped[blind_index]
    device_bidx: Mapped[blind_index]
    ip_bidx: Mapped[blind_index]
    payer_name_enc: Mapped[ciphertext]
    payee_name_enc: Mapped[ciphertext]
    received_at: Mapped[created_at]


class CustomerRuleState(Base):
    """The customer's running aggregates (bounded JSON, ids and amounts only)."""

    __tablename__ = "aml_customer_states"

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    state_json: Mapped[str] = mapped_column(Text)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SharedKeyMember(Base):
    """A customer seen with a payment instrument, device or IP (by blind index).

    Kept in the database so every process counts the same customers per key.
    """

    __tablename__ = "aml_shared_keys"

    key_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key_bidx: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True,
                                             index=True)
    last_seen_epoch: Mapped[int] = mapped_column(EPOCH)


class ParkedEvent(Base):
    """An event for a customer we do not know yet, sealed until the customer exists."""

    __tablename__ = "aml_parked_events"

    id: Mapped[uuid_pk]
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    external_ref_bidx: Mapped[str] = mapped_column(String(64), index=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[created_at]


class RuleSettingRecord(Base):
    """The current settings of one rule (absent: the shipped defaults)."""

    __tablename__ = "aml_rule_settings"

    rule_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule_version: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool]
    settings_json: Mapped[str] = mapped_column(Text)
    settings_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class RuleSettingChange(Base):
    """Every settings change, numbered; the primary key keeps the numbering linear."""

    __tablename__ = "aml_rule_changes"

    settings_version: Mapped[int] = mapped_column(Integer, primary_key=True,
                                                  autoincrement=False)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    rule_version: Mapped[int] = mapped_column(Integer)
    before_json: Mapped[str] = mapped_column(Text)
    after_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(500))
    fingerprint: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[created_at]
