"""The customer row: every personal field is a ciphertext; lookups go through blind indexes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import Base, blind_index, ciphertext, created_at, utcnow, uuid_pk

# The columns that hold personal data, each sealed with the customer's data key.
PERSONAL_FIELDS = (
    "external_ref", "given_names", "surname", "birth_date", "national_id", "nationality",
    "email", "phone", "address",
)


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[uuid_pk]
    data_key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.id"), index=True)
    external_ref_bidx: Mapped[str] = mapped_column(String(64), unique=True)
    external_ref_enc: Mapped[ciphertext]
    given_names_enc: Mapped[ciphertext]
    surname_enc: Mapped[ciphertext]
    birth_date_enc: Mapped[ciphertext]
    national_id_enc: Mapped[ciphertext]
    national_id_bidx: Mapped[blind_index]
    nationality_enc: Mapped[ciphertext]
    email_enc: Mapped[ciphertext]
    email_bidx: Mapped[blind_index]
    phone_enc: Mapped[ciphertext]
    phone_bidx: Mapped[blind_index]
    address_enc: Mapped[ciphertext]
    preferred_language: Mapped[str] = mapped_column(String(2), default="tr")
    kyc_status: Mapped[str] = mapped_column(String(16), default="unverified", index=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    data_key: Mapped[DataKey] = relationship(lazy="joined")
