"""Who works a case: officers take cases, managers assign them, or hand them out in
turn; nobody holds more active cases than the per-officer cap."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext
from cases.casework.models import Case
from cases.casework.records import add_event, audit, case_for_change, flush
from cases.casework.settings import PRIORITIES, CaseSettings
from cases.casework.workflow import ACTIVE
from kyc_service.accounts.models import User, UserRole
from kyc_service.accounts.roles import Role
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, PermissionDenied, ValidationFailed

CASE_WORKERS = (Role.COMPLIANCE_OFFICER.value, Role.COMPLIANCE_MANAGER.value)
MANAGER = Role.COMPLIANCE_MANAGER.value


def load(session: Session, user_ids: Sequence[str]) -> dict[str, int]:
    rows = session.execute(select(Case.assignee_id, func.count()).where(
        Case.assignee_id.in_(list(user_ids)), Case.status.in_(ACTIVE))
        .group_by(Case.assignee_id))
    counts = {user_id: 0 for user_id in user_ids}
    counts.update({str(user_id): int(n) for user_id, n in rows})
    return counts


def _check_worker(session: Session, user_id: str) -> None:
    ok = session.scalar(select(User.id).join(UserRole).where(
        User.id == user_id, User.is_active.is_(True), UserRole.role.in_(CASE_WORKERS)))
    if ok is None:
        raise ValidationFailed("Cases go to active compliance officers or managers.",
                               code="not_a_case_worker", fields={"assignee_id": [user_id]})


def assign(session: Session, ctx: AuditContext, settings: CaseSettings, case_id: str,
           version: int, assignee_id: str | None) -> Case:
    """Take a case (no assignee given) or, as a manager, give it to someone."""
    target = assignee_id or ctx.actor_id
    if target is None:
        raise ValidationFailed("Name an assignee.", fields={"assignee_id": ["Required."]})
    case = case_for_change(session, case_id, version)
    if case.status not in ACTIVE:
        raise Conflict("Only active cases are assigned.", code="case_not_active")
    is_manager = ctx.actor_role == MANAGER
    if target != ctx.actor_id and not is_manager:
        raise PermissionDenied("Only a compliance manager assigns cases to others.",
                               code="manager_only")
    if case.assignee_id not in (None, target) and not is_manager:
        raise Conflict("Someone else holds this case.", code="already_assigned",
                       extra={"assignee_id": case.assignee_id})
    _give(session, ctx, settings, case, target, load(session, [target])[target])
    return case


def _give(session: Session, ctx: AuditContext, settings: CaseSettings, case: Case,
          target: str, current_load: int) -> None:
    if case.assignee_id == target:
        return
    _check_worker(session, target)
    if current_load >= settings.officer_cap:
        raise Conflict("The officer already holds the maximum number of cases.",
                       code="officer_at_capacity",
                       extra={"assignee_id": target, "cap": settings.officer_cap})
    previous, case.assignee_id, case.updated_at = case.assignee_id, target, utcnow()
    add_event(session, ctx, case, "assigned",
              details={"from": previous, "to": target})
    flush(session)
    audit(session, ctx, AuditAction.CASE_ASSIGN, case, assignee_id=target,
          previous_assignee_id=previous, version=case.version)


def bulk_assign(session: Session, ctx: AuditContext, settings: CaseSettings,
                items: Sequence[tuple[str, int]], assignee_id: str) -> list[Case]:
    """All or nothing: one stale version or a full officer refuses the whole batch."""
    current = load(session, [assignee_id])[assignee_id]
    done = []
    for case_id, version in items:
        case = case_for_change(session, case_id, version)
        if case.status not in ACTIVE:
            raise Conflict("Only active cases are assigned.", code="case_not_active",
                           extra={"case_id": case.id})
        if case.assignee_id != assignee_id:
            _give(session, ctx, settings, case, assignee_id, current)
            current += 1
        done.append(case)
    return done


def round_robin(session: Session, ctx: AuditContext, settings: CaseSettings,
                officer_ids: Sequence[str] | None = None, limit: int = 100) -> list[Case]:
    """Hand the most urgent unassigned cases out in turn, least loaded officer first,
    skipping anyone at the cap."""
    if officer_ids is None:
        officer_ids = list(session.scalars(select(User.id).join(UserRole).where(
            User.is_active.is_(True), UserRole.role == Role.COMPLIANCE_OFFICER.value)
            .order_by(User.created_at, User.id)))
    loads = load(session, officer_ids)
    urgency = sql_case({name: rank for rank, name in enumerate(PRIORITIES)},
                       value=Case.priority)
    waiting = session.scalars(select(Case).where(
        Case.assignee_id.is_(None), Case.status.in_(ACTIVE))
        .order_by(urgency, Case.due_at, Case.id).limit(limit)).all()
    given = []
    for case in waiting:
        free = [o for o in officer_ids if loads[o] < settings.officer_cap]
        if not free:
            break
        officer = min(free, key=lambda o: loads[o])  # stable: earlier officers first
        _give(session, ctx, settings, case, officer, loads[officer])
        loads[officer] += 1
        given.append(case)
    return given
