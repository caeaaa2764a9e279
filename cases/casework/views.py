"""Plain dictionaries of cases for the API and pages (ids, codes, times; no PII)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.casework.models import Case, CaseEvent, CaseProposal
from cases.casework.records import CaseText
from cases.casework.workflow import allowed_actions

SUMMARY_FIELDS = ("id", "customer_id", "status", "priority", "risk_score", "origin",
                  "assignee_id", "opened_at", "due_at", "paused_at", "escalated_at",
                  "closed_at", "disposition", "str_due_at", "merged_into_id", "version",
                  "updated_at")


def case_summary(case: Case, alert_count: int | None = None,
                 now: datetime | None = None) -> dict[str, Any]:
    view = {name: getattr(case, name) for name in SUMMARY_FIELDS}
    view["allowed_actions"] = allowed_actions(case.status)
    if alert_count is not None:
        view["alert_count"] = alert_count
    if now is not None:
        view["overdue"] = case.paused_at is None and case.closed_at is None and case.due_at < now
    return view


def timeline(session: Session, text: CaseText, case: Case) -> list[dict[str, Any]]:
    """The case's events, oldest first, with officers' text opened (an audited read)."""
    rows = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                           .order_by(CaseEvent.at, CaseEvent.id))
    return [{"id": e.id, "at": e.at, "actor_id": e.actor_id, "kind": e.kind,
             "from_status": e.from_status, "to_status": e.to_status,
             "details": json.loads(e.details_json),
             "text": text.open(session, case.customer_id, "case_events", e.id, "text",
                               e.text_enc)} for e in rows]


def proposal_view(session: Session, text: CaseText, proposal: CaseProposal, *,
                  with_text: bool = True) -> dict[str, Any]:
    def opened(column: str, blob: bytes | None) -> str | None:
        if not with_text:
            return None
        return text.open(session, proposal.customer_id, "case_proposals", proposal.id,
                         column, blob)

    return {"id": proposal.id, "kind": proposal.kind, "case_id": proposal.case_id,
            "hit_id": proposal.hit_id, "customer_id": proposal.customer_id,
            "disposition": proposal.disposition, "case_version": proposal.case_version,
            "status": proposal.status, "proposed_by": proposal.proposed_by,
            "proposed_at": proposal.proposed_at, "decided_by": proposal.decided_by,
            "decided_at": proposal.decided_at,
            "rationale": opened("rationale", proposal.rationale_enc),
            "decision_note": opened("decision_note", proposal.decision_note_enc)}
