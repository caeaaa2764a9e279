"""Uploaded documents and their processing jobs.

The original file and every derivative are stored encrypted with the customer's data
key; extracted values are encrypted too. What stays plain is what queues and metrics
need and what identifies no one: kind, side, status, quality codes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, blind_index, ciphertext, created_at, utcnow, uuid_pk


class DocumentStatus:
    PROCESSING = "processing"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    content_bidx: Mapped[str] = mapped_column(String(64), index=True)
    # Identity read from the document, as blind indexes, to notice reuse across customers.
    number_bidx: Mapped[blind_index]
    national_id_bidx: Mapped[blind_index]
    original_key: Mapped[str] = mapped_column(String(32))
    preview_key: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.PROCESSING,
                                        index=True)
    quality_json: Mapped[str | None] = mapped_column(Text)
    findings_json: Mapped[str] = mapped_column(Text, default="[]")
    result_enc: Mapped[ciphertext]
    reupload_request_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[created_at]
    processed_at: Mapped[datetime | None]


class JobState:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class DocumentJob(Base):
    """Processing state kept in the database, so a restart resumes unfinished work."""

    __tablename__ = "document_jobs"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
