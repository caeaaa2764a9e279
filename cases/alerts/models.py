"""Alerts: what rules, screening and document checks found, per customer, for officers.

One open alert per (customer, source, code): a new hit while it is open is appended to
it (the partial unique index makes that hold across processes). Evidence is JSON of ids,
amounts and computed figures, never personal data.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, created_at, utcnow, uuid_pk


class AlertSource(StrEnum):
    RULE = "rule"
    SCREENING = "screening"
    DOCUMENT = "document"


class AlertStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Resolution(StrEnum):
    FALSE_POSITIVE = "false_positive"
    NO_FURTHER_ACTION = "no_further_action"
    CASE_OPENED = "case_opened"
    REPORTED = "reported"


_OPEN = text("status = 'open'")


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        Index("uq_alerts_open_per_customer_code", "customer_id", "source", "code",
              unique=True, sqlite_where=_OPEN, postgresql_where=_OPEN),
    )

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64), index=True)
    rule_version: Mapped[int | None] = mapped_column(Integer)
    settings_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default=AlertStatus.OPEN, index=True)
    score: Mapped[int] = mapped_column(Integer)
    peak_score: Mapped[int] = mapped_column(Integer)
    hit_count: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(index=True)
    evidence_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(36))
    resolution: Mapped[str | None] = mapped_column(String(32))
