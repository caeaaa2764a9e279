"""The table of evidence files attached to cases.

The file itself lives in the blob store, sealed with the subject customer's data key;
the row keeps what the service needs to list and serve it. The original file name and
the officer's description are personal data in practice (names, account numbers), so
they are sealed too. `content_bidx` is a keyed hash (HMAC with the service's index key)
of the plaintext, not a bare SHA-256: a bare hash of a short export could be confirmed by
anyone who guesses the content, a keyed one only by the service. It refuses the same
file twice on one case.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, ciphertext, created_at, uuid_pk

TABLE = "case_attachments"


class CaseAttachment(Base):
    __tablename__ = TABLE
    __table_args__ = (
        Index("uq_case_attachments_case_id_content_bidx", "case_id", "content_bidx",
              unique=True),
    )

    id: Mapped[uuid_pk]
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    # The subject whose data key seals the file and its texts (the case's customer).
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(64))  # sniffed from the bytes
    size_bytes: Mapped[int] = mapped_column(Integer)
    content_bidx: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64))
    file_name_enc: Mapped[ciphertext]
    description_enc: Mapped[ciphertext]
    uploaded_by: Mapped[str | None] = mapped_column(String(36))
    uploaded_at: Mapped[created_at]
