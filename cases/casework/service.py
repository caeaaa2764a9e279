"""Moving a case through the workflow, and commenting on it.

Every change names the version it was based on; the case row is locked and compared, and
the UPDATE itself carries `WHERE version = ...`, so of two officers acting on the same
version one wins and the other gets a 409 with nothing overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext
from cases.alerts.models import Alert, AlertStatus, Resolution
from cases.alerts.queries import close_alert
from cases.casework.models import Case, CaseAlert, CaseEvent, StrDraft
from cases.casework.records import (
    CaseText,
    add_event,
    audit,
    case_for_change,
    clean_text,
    flush,
    get_case,
)
from cases.casework.settings import CaseSettings
from cases.casework.workflow import TEXT_REQUIRED, Action, Disposition, Status, next_status
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, ValidationFailed

ALERT_RESOLUTION = {
    Disposition.FALSE_POSITIVE: Resolution.FALSE_POSITIVE,
    Disposition.NO_FURTHER_ACTION: Resolution.NO_FURTHER_ACTION,
    Disposition.ACCOUNT_RESTRICTED: Resolution.CASE_OPENED,
    Disposition.STR_FILED: Resolution.REPORTED,
}


@dataclass(frozen=True)
class Move:
    """What an officer asks for: an action on the version they read."""

    action: str
    version: int
    text: str | None = None
    disposition: str | None = None


def needs_four_eyes(case: Case, disposition: str, settings: CaseSettings) -> bool:
    return (disposition in settings.four_eyes_dispositions
            or case.risk_score >= settings.high_risk_score)


def parse_disposition(value: str | None) -> Disposition:
    try:
        return Disposition(value or "")
    except ValueError:
        raise ValidationFailed("A closure needs a disposition.", code="disposition_required",
                               fields={"disposition": [d.value for d in Disposition]}
                               ) from None


def transition(session: Session, ctx: AuditContext, text: CaseText, settings: CaseSettings,
               case_id: str, move: Move) -> Case:
    """Apply one workflow action. Closures needing four-eyes go through a proposal."""
    case = case_for_change(session, case_id, move.version)
    if move.action == Action.MERGE:
        raise Conflict("Merging has its own request.", code="illegal_transition",
                       extra={"allowed": []})
    next_status(case.status, move.action)  # (1) legal from here at all?
    note = clean_text(move.text, required=move.action in TEXT_REQUIRED,
                      field="rationale" if move.action == Action.CLOSE else "text")
    if move.action == Action.CLOSE:
        disposition = parse_disposition(move.disposition)  # (2) closures say how and why
        if needs_four_eyes(case, disposition, settings):  # (3) or need a second person
            raise Conflict("This closure needs approval by a compliance manager; propose it.",
                           code="four_eyes_required",
                           extra={"disposition": disposition.value,
                                  "risk_score": case.risk_score})
        close(session, ctx, text, settings, case, disposition, note or "", approved_by=None)
        return case
    apply_move(session, ctx, text, settings, case, Action(move.action), note)
    return case


def apply_move(session: Session, ctx: AuditContext, text: CaseText, settings: CaseSettings,
               case: Case, action: Action, note: str | None) -> None:
    old, now = case.status, utcnow()
    new = next_status(old, action)
    if old == Status.PENDING_INFO and case.paused_at is not None:
        case.due_at += now - case.paused_at  # the clock stood still while we waited
        case.paused_at = None
    if action == Action.START_REVIEW and case.assignee_id is None:
        case.assignee_id = ctx.actor_id
    elif action == Action.REQUEST_INFO:
        case.paused_at = now
    elif action == Action.ESCALATE:
        case.escalated_at = now
    elif action == Action.REOPEN:
        case.disposition = case.closed_at = case.closed_by = case.approved_by = None
        case.rationale_enc = None
        case.reopened_count += 1
        case.due_at = settings.due_at(case.priority, now)
    case.status, case.updated_at = new, now
    add_event(session, ctx, case, "transition", text=text, note=note, from_status=old,
              to_status=new, details={"action": action.value})
    try:
        flush(session)
    except IntegrityError:
        raise Conflict("The customer has another active case.",
                       code="active_case_exists") from None
    audit(session, ctx, AuditAction.CASE_STATE_CHANGE, case, action=action.value,
          from_status=old, to_status=new.value, version=case.version)


def close(session: Session, ctx: AuditContext, text: CaseText, settings: CaseSettings,
          case: Case, disposition: Disposition, rationale: str, *,
          approved_by: str | None, decided_by: str | None = None) -> None:
    """Close with a disposition and rationale; close its open alerts; start an STR draft."""
    old, now = case.status, utcnow()
    new = next_status(old, Action.CLOSE)
    case.status, case.disposition, case.closed_at, case.updated_at = new, disposition, now, now
    case.closed_by = decided_by or ctx.actor_id
    case.approved_by, case.paused_at = approved_by, None
    case.rationale_enc = text.seal(session, case.customer_id, "cases", case.id, "rationale",
                                   rationale)
    if disposition == Disposition.STR_FILED:
        _start_str(session, text, settings, case, rationale, now)
    add_event(session, ctx, case, "transition", from_status=old, to_status=new,
              details={"action": Action.CLOSE.value, "disposition": disposition.value,
                       "approved_by": approved_by})
    flush(session)
    for alert in session.scalars(select(Alert).join(CaseAlert, CaseAlert.alert_id == Alert.id)
                                 .where(CaseAlert.case_id == case.id,
                                        Alert.status == AlertStatus.OPEN)):
        close_alert(session, ctx, alert.id, ALERT_RESOLUTION[disposition])
    audit(session, ctx, AuditAction.CASE_STATE_CHANGE, case, action=Action.CLOSE.value,
          from_status=old, to_status=new.value, disposition=disposition.value,
          approved_by=approved_by, version=case.version)


def _start_str(session: Session, text: CaseText, settings: CaseSettings, case: Case,
               rationale: str, now: datetime) -> None:
    due = settings.filing_deadline(now)
    draft = session.get(StrDraft, case.id)
    if draft is None:
        draft = StrDraft(case_id=case.id, customer_id=case.customer_id, decided_at=now,
                         filing_due_at=due, created_by=case.closed_by, updated_at=now)
        session.add(draft)
    draft.decided_at, draft.filing_due_at = now, due
    draft.narrative_enc = text.seal(session, case.customer_id, "str_drafts", case.id,
                                    "narrative", rationale)
    case.str_due_at = due


def comment(session: Session, ctx: AuditContext, text: CaseText, case_id: str,
            body: str | None) -> CaseEvent:
    """Comments only add; they need no version and never conflict."""
    note = clean_text(body, required=True)
    case = get_case(session, case_id)
    event = add_event(session, ctx, case, "comment", text=text, note=note)
    session.flush()
    audit(session, ctx, AuditAction.CASE_COMMENT, case, event_id=event.id)
    return event
