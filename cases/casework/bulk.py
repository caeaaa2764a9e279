"""Bulk work from the queue page, case by case: each selected case is tried in its own
savepoint, so one refusal (a stale version, a high-risk case that needs four-eyes, a
full officer) undoes only that case and is reported, while the others go through.

The API's bulk requests stay all-or-nothing (`assignment.bulk_assign`); a person at the
desk is better served by "8 done, these 2 refused and why".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from audits.trail import AuditContext
from cases.casework import assignment, service
from cases.casework.records import CaseText, clean_text
from cases.casework.settings import CaseSettings
from cases.casework.workflow import Action, Disposition
from kyc_service.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

MAX_ITEMS = 200
REFUSALS = (Conflict, NotFound, PermissionDenied, ValidationFailed)


@dataclass(frozen=True)
class Refusal:
    case_id: str
    code: str


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def _each(session: Session, items: Sequence[tuple[str, int]],
          step: Callable[[str, int], object]) -> BulkResult:
    if not items or len(items) > MAX_ITEMS:
        raise ValidationFailed(f"Select 1 to {MAX_ITEMS} cases.", code="bulk_selection",
                               fields={"items": [f"1-{MAX_ITEMS} cases."]})
    result = BulkResult()
    for case_id, version in dict(items).items():  # a case selected twice counts once
        try:
            with session.begin_nested():
                step(case_id, version)
        except REFUSALS as refusal:
            result.refused.append(Refusal(case_id, refusal.code))
        else:
            result.done.append(case_id)
    return result


def assign_each(session: Session, ctx: AuditContext, settings: CaseSettings,
                items: Sequence[tuple[str, int]], assignee_id: str) -> BulkResult:
    """Give each case to one officer (a manager's step) until the officer's cap."""
    return _each(session, items, lambda case_id, version: assignment.assign(
        session, ctx, settings, case_id, version, assignee_id))


def close_each_false_positive(session: Session, ctx: AuditContext, text: CaseText,
                              settings: CaseSettings, items: Sequence[tuple[str, int]],
                              rationale: str | None) -> BulkResult:
    """Close each case as a false positive with one rationale. A case that needs
    four-eyes (high risk) is refused here: it is closed through a proposal on its page."""
    note = clean_text(rationale, required=True, field="rationale")
    return _each(session, items, lambda case_id, version: service.transition(
        session, ctx, text, settings, case_id,
        service.Move(Action.CLOSE.value, version, note, Disposition.FALSE_POSITIVE.value)))
