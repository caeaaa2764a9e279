"""Tables of case management.

Free text typed by officers (comments, reasons, rationales, STR narratives) is personal
data in practice, so it is sealed with the subject customer's data key (and disappears
with it on erasure). Everything else is ids, codes, scores and times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, ciphertext, created_at, utcnow, uuid_pk

ACTIVE_SQL = text("status IN ('open', 'in_review', 'pending_info', 'escalated')")
PENDING_SQL = text("status = 'pending'")


class Case(Base):
    """One investigation about one customer; `version` guards every change."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("uq_cases_active_per_customer", "customer_id", unique=True,
              sqlite_where=ACTIVE_SQL, postgresql_where=ACTIVE_SQL),
        Index("ix_cases_status_due_at", "status", "due_at"),
        Index("ix_cases_assignee_id_status", "assignee_id", "status"),
    )

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(8), index=True)
    risk_score: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(8))
    assignee_id: Mapped[str | None] = mapped_column(String(36))
    opened_by: Mapped[str | None] = mapped_column(String(36))
    opened_at: Mapped[created_at]
    due_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(36))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    disposition: Mapped[str | None] = mapped_column(String(24), index=True)
    rationale_enc: Mapped[ciphertext]
    str_due_at: Mapped[datetime | None] = mapped_column(index=True)
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    reopened_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __mapper_args__: Mapping[str, Any] = {"version_id_col": version}


class CaseAlert(Base):
    """An alert belongs to at most one case."""

    __tablename__ = "case_alerts"

    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    attached_at: Mapped[created_at]


class CaseCustomer(Base):
    """Another customer linked to a case (shared instrument, device, document...)."""

    __tablename__ = "case_customers"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True,
                                             index=True)
    kind: Mapped[str] = mapped_column(String(24))
    linked_by: Mapped[str | None] = mapped_column(String(36))
    linked_at: Mapped[created_at]


class CaseEvent(Base):
    """The case's own timeline: transitions, assignments, comments, links, merges."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id_at", "case_id", "at"),)

    id: Mapped[uuid_pk]
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[created_at]
    actor_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    text_enc: Mapped[ciphertext]


class CaseProposal(Base):
    """A decision waiting for a second person (four-eyes): a closure or a whitelisting."""

    __tablename__ = "case_proposals"
    __table_args__ = (
        Index("uq_case_proposals_pending_case", "case_id", unique=True,
              sqlite_where=PENDING_SQL, postgresql_where=PENDING_SQL),
        Index("uq_case_proposals_pending_hit", "hit_id", unique=True,
              sqlite_where=PENDING_SQL, postgresql_where=PENDING_SQL),
    )

    id: Mapped[uuid_pk]
    kind: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    # No foreign key: keeps this table free of the screening migration branch.
    hit_id: Mapped[str | None] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    disposition: Mapped[str | None] = mapped_column(String(24))
    case_version: Mapped[int | None] = mapped_column(Integer)
    rationale_enc: Mapped[ciphertext]
    status: Mapped[str] = mapped_column(String(12), index=True)
    proposed_by: Mapped[str] = mapped_column(String(36))
    proposed_at: Mapped[created_at]
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None]
    decision_note_enc: Mapped[ciphertext]


class StrDraft(Base):
    """The suspicious-transaction report of a case closed as `str_filed`.

    Its facts are assembled from the case when read, and frozen in `facts_json` when the
    report is marked filed; the narrative is the officer's own text, sealed.
    """

    __tablename__ = "str_drafts"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    decided_at: Mapped[datetime]
    filing_due_at: Mapped[datetime] = mapped_column(index=True)
    narrative_enc: Mapped[ciphertext]
    facts_json: Mapped[str | None] = mapped_column(Text)
    filed_at: Mapped[datetime | None]
    filed_by: Mapped[str | None] = mapped_column(String(36))
    filing_reference: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str | None] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __mapper_args__: Mapping[str, Any] = {"version_id_col": version}
