"""Officers' queues: unassigned, mine, escalated, due soon, overdue, needs review, STRs
due. Pure queries over indexed columns; nothing personal is read here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from cases.casework.models import Case, CaseAlert, StrDraft
from cases.casework.settings import PRIORITIES, CaseSettings
from cases.casework.workflow import ACTIVE, Status
from kyc_service.core.errors import ValidationFailed

QUEUES = ("all", "unassigned", "mine", "escalated", "due_soon", "overdue", "needs_review",
          "str_due", "closed")
SORTS = ("due_at", "priority", "opened_at", "risk_score", "updated_at")


@dataclass(frozen=True)
class QueueQuery:
    queue: str = "all"
    actor_id: str | None = None
    priority: str | None = None
    status: str | None = None
    assignee_id: str | None = None
    customer_id: str | None = None
    sort: str = "due_at"
    descending: bool = False


def _queue(query: Select[Any], name: str, actor_id: str | None, now: datetime,
           settings: CaseSettings, needs_review: Select[Any] | None) -> Select[Any]:
    active = Case.status.in_(ACTIVE)
    running = active & (Case.status != Status.PENDING_INFO)  # the SLA clock is running
    soon = now + timedelta(hours=settings.due_soon_hours)
    if name == "all":
        return query.where(active)
    if name == "unassigned":
        return query.where(active, Case.assignee_id.is_(None))
    if name == "mine":
        return query.where(active, Case.assignee_id == actor_id)
    if name == "escalated":
        return query.where(Case.status == Status.ESCALATED)
    if name == "due_soon":
        return query.where(running, Case.due_at >= now, Case.due_at < soon)
    if name == "overdue":
        return query.where(running, Case.due_at < now)
    if name == "needs_review":
        if needs_review is None:
            return query.where(Case.id.is_(None))
        return query.where(active, Case.customer_id.in_(needs_review))
    if name == "str_due":
        return query.where(Case.str_due_at.is_not(None)).join(
            StrDraft, StrDraft.case_id == Case.id).where(StrDraft.filed_at.is_(None))
    if name == "closed":
        return query.where(Case.status == Status.CLOSED)
    raise ValidationFailed("Unknown queue.", fields={"queue": list(QUEUES)})


def _filtered(q: QueueQuery, now: datetime, settings: CaseSettings,
              needs_review: Select[Any] | None) -> Select[Any]:
    query = _queue(select(Case), q.queue, q.actor_id, now, settings, needs_review)
    for column, value in ((Case.priority, q.priority), (Case.status, q.status),
                          (Case.assignee_id, q.assignee_id), (Case.customer_id, q.customer_id)):
        if value is not None:
            query = query.where(column == value)
    return query


def list_cases(session: Session, q: QueueQuery, now: datetime, settings: CaseSettings, *,
               needs_review: Select[Any] | None = None, offset: int = 0,
               limit: int = 50) -> tuple[list[tuple[Case, int]], int]:
    """One page of a queue with each case's alert count, and the queue's total.

    `needs_review` is a subquery of customer ids with documents waiting for a person,
    given by the caller (documents sit above cases in the layering).
    """
    if q.sort not in SORTS:
        raise ValidationFailed("Unknown sort.", fields={"sort": list(SORTS)})
    query = _filtered(q, now, settings, needs_review)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if q.sort == "priority":
        key: Any = sql_case({name: rank for rank, name in enumerate(PRIORITIES)},
                            value=Case.priority)
    else:
        key = getattr(Case, q.sort)
    if q.queue == "str_due" and q.sort == "due_at":
        key = Case.str_due_at
    order = key.desc() if q.descending else key.asc()
    cases = list(session.scalars(query.order_by(order, Case.id).offset(offset).limit(limit)))
    counts = dict(session.execute(
        select(CaseAlert.case_id, func.count()).where(
            CaseAlert.case_id.in_([c.id for c in cases])).group_by(CaseAlert.case_id)).all())
    return [(c, int(counts.get(c.id, 0))) for c in cases], total


def queue_counts(session: Session, actor_id: str | None, now: datetime,
                 settings: CaseSettings, needs_review: Select[Any] | None = None
                 ) -> dict[str, int]:
    counts = {}
    for name in QUEUES:
        if name == "closed":
            continue
        query = _queue(select(Case.id), name, actor_id, now, settings, needs_review)
        counts[name] = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return counts
