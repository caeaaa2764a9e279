"""Tables of the screening service.

List data is public and stored plain (compressed JSON of the parsed entries, one blob per
list version). What a hit reveals about the customer stays protected: the explanation
(`why`, which quotes the customer's name tokens and birth date) and the reviewer's reason
are sealed with the customer's data key, and the match key, a hash of the customer's
normalised name, birth date and nationality, is stored only as a keyed blind index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, ciphertext, created_at, utcnow, uuid_pk


class HitStatus:
    OPEN = "open"
    FALSE_POSITIVE = "false_positive"
    CONFIRMED = "confirmed"

    REVIEWED = (FALSE_POSITIVE, CONFIRMED)


class ScreeningListVersion(Base):
    """One imported version of a named list; exactly one version per name is active."""

    __tablename__ = "screening_lists"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[uuid_pk]
    name: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int]
    active: Mapped[bool] = mapped_column(default=False, index=True)
    imported_at: Mapped[created_at]
    imported_by: Mapped[str | None] = mapped_column(String(64))
    rescreened_at: Mapped[datetime | None]
    # zlib-compressed JSON of the parsed entries; dropped for old inactive versions.
    entries_blob: Mapped[bytes | None] = mapped_column(LargeBinary)


class ScreeningHit(Base):
    """A customer's name matched a list entry; reviewed once by an officer."""

    __tablename__ = "screening_hits"
    __table_args__ = (UniqueConstraint("customer_id", "match_key_bidx"),)

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    data_key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.id"))
    list_name: Mapped[str] = mapped_column(String(64))
    list_version: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(16))
    entity_type: Mapped[str] = mapped_column(String(16))
    matched_name: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    match_key_bidx: Mapped[str] = mapped_column(String(64))
    why_enc: Mapped[ciphertext]
    status: Mapped[str] = mapped_column(String(16), default=HitStatus.OPEN, index=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None]
    review_reason_enc: Mapped[ciphertext]


class FalsePositiveDecision(Base):
    """'This customer, as they are now, is not this list entry, as it is now.'

    Keyed by the match key's blind index: a new list version that changes the entry, or a
    change of the customer's name, birth date or nationality, gives a new key, so the hit
    is raised again. It suppresses re-screening only once `approved_by` is set: the
    four-eyes step of case management (a compliance manager other than the reviewer
    and the proposer); until then the match stays visible as awaiting approval.
    """

    __tablename__ = "screening_fp_decisions"

    id: Mapped[uuid_pk]
    match_key_bidx: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    hit_id: Mapped[str] = mapped_column(ForeignKey("screening_hits.id"), index=True)
    list_name: Mapped[str] = mapped_column(String(64))
    entry_id: Mapped[str] = mapped_column(String(128))
    proposed_by: Mapped[str | None] = mapped_column(String(64))
    proposed_at: Mapped[created_at]
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]
