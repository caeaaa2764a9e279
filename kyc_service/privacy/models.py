"""Tables of the privacy workflow: requests, restricted subjects, legal holds, destructions.

Nothing here holds personal data in plaintext. The one personal column is the retained
identity of an erased customer, sealed with that customer's separate retention key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, ciphertext, created_at, uuid_pk


class RequestKind:
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    ALL = (ACCESS, RECTIFICATION, ERASURE)


class RequestStatus:
    OPEN = "open"
    COMPLETED = "completed"
    # Erasure accepted and restriction applied, destruction waits for a legal hold.
    BLOCKED_BY_HOLD = "blocked_by_legal_hold"


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default=RequestStatus.OPEN, index=True)
    channel: Mapped[str] = mapped_column(String(16), default="email")
    jurisdiction: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime]
    due_at: Mapped[datetime] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]
    requested_by: Mapped[str | None] = mapped_column(String(36))
    # Field names and counts only, never values.
    result_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[created_at]


class PrivacySubject(Base):
    """A customer whose erasure was requested: restricted, retained until `retain_until`."""

    __tablename__ = "privacy_subjects"

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("privacy_requests.id"))
    jurisdiction: Mapped[str] = mapped_column(String(8))
    restricted_at: Mapped[datetime]
    relationship_ended_at: Mapped[datetime]
    retain_until: Mapped[datetime] = mapped_column(index=True)
    # Set once the customer's own data key is shredded (may wait for a legal hold).
    shredded_at: Mapped[datetime | None]
    retention_key_id: Mapped[str | None] = mapped_column(ForeignKey("data_keys.id"))
    retained_identity_enc: Mapped[ciphertext]
    destroyed_at: Mapped[datetime | None] = mapped_column(index=True)


class LegalHold(Base):
    """An investigation or litigation hold: nothing of the customer is destroyed."""

    __tablename__ = "privacy_legal_holds"

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    reason_code: Mapped[str] = mapped_column(String(64))
    placed_by: Mapped[str | None] = mapped_column(String(36))
    placed_at: Mapped[datetime]
    released_at: Mapped[datetime | None]
    released_by: Mapped[str | None] = mapped_column(String(36))


class DestructionRecord(Base):
    """One line of the KVKK destruction log: what category, how many, why, when, how."""

    __tablename__ = "privacy_destructions"

    id: Mapped[uuid_pk]
    run_id: Mapped[str] = mapped_column(String(36), index=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    trigger: Mapped[str] = mapped_column(String(32))  # erasure_request | retention_expired
    table_name: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(32))  # crypto_shred | delete | anonymise
    record_count: Mapped[int] = mapped_column(Integer)
    subject_count: Mapped[int] = mapped_column(Integer, default=1)
    legal_basis: Mapped[str] = mapped_column(String(200))
