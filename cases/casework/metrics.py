"""Compliance figures for the dashboard, the API and Prometheus: open cases by age and
priority, SLA breaches, time to resolution, dispositions by rule with each rule's
false-positive rate. Plain aggregate queries (GROUP BY over indexed columns); nothing
personal is read. Document figures come from the caller (documents sit above cases).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cases.alerts.models import Alert
from cases.casework.models import Case, CaseAlert
from cases.casework.settings import PRIORITIES
from cases.casework.workflow import ACTIVE, Disposition, Status

# Upper bounds of the age buckets, in days; the last bucket is open-ended.
AGE_BUCKETS = (("under_1d", 1), ("1_3d", 3), ("3_7d", 7), ("7_30d", 30), ("over_30d", None))


def _bucket(age: timedelta) -> str:
    for name, days in AGE_BUCKETS:
        if days is None or age < timedelta(days=days):
            return name
    return AGE_BUCKETS[-1][0]


def open_by_age_and_priority(session: Session, now: datetime) -> dict[str, dict[str, int]]:
    """Counts per age bucket and priority; one grouped query per day of opening."""
    table = {name: dict.fromkeys(PRIORITIES, 0) for name, _ in AGE_BUCKETS}
    day = func.date(Case.opened_at)
    rows = session.execute(select(day, Case.priority, func.count(), func.min(Case.opened_at))
                           .where(Case.status.in_(ACTIVE)).group_by(day, Case.priority))
    for _day, priority, count, opened in rows:
        table[_bucket(now - opened)][priority] += int(count)
    return table


def sla(session: Session, now: datetime) -> dict[str, int]:
    running = Case.status.in_(ACTIVE) & (Case.status != Status.PENDING_INFO)
    overdue = session.scalar(select(func.count()).where(running, Case.due_at < now)) or 0
    late = session.scalar(select(func.count()).where(
        Case.status == Status.CLOSED, Case.closed_at > Case.due_at)) or 0
    return {"open_overdue": int(overdue), "closed_late": int(late)}


def resolution(session: Session) -> dict[str, Any]:
    """Mean hours from opening to closing over closed cases (computed in Python, so the
    same on SQLite and PostgreSQL; two timestamp columns per closed case)."""
    total, count = 0.0, 0
    for opened, closed in session.execute(select(Case.opened_at, Case.closed_at).where(
            Case.status == Status.CLOSED, Case.closed_at.is_not(None))):
        if closed is None:
            continue
        total += (closed - opened).total_seconds()
        count += 1
    return {"closed": count, "mean_hours": round(total / count / 3600, 1) if count else None}


def dispositions_by_rule(session: Session) -> list[dict[str, Any]]:
    """Per alert code: closed cases by disposition and the false-positive rate."""
    rows = session.execute(
        select(Alert.code, Case.disposition, func.count(func.distinct(Case.id)))
        .join(CaseAlert, CaseAlert.alert_id == Alert.id).join(Case, Case.id == CaseAlert.case_id)
        .where(Case.status == Status.CLOSED, Case.disposition.is_not(None))
        .group_by(Alert.code, Case.disposition))
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        (d.value for d in Disposition), 0))
    for code, disposition, count in rows:
        table[code][str(disposition)] += int(count)
    result = []
    for code in sorted(table):
        counts = table[code]
        total = sum(counts.values())
        result.append({"code": code, "total": total, "dispositions": counts,
                       "false_positive_rate": round(
                           counts[Disposition.FALSE_POSITIVE] / total, 3) if total else None})
    return sorted(result, key=lambda r: (-(r["false_positive_rate"] or 0), r["code"]))


def compliance_metrics(session: Session, now: datetime) -> dict[str, Any]:
    open_total = session.scalar(select(func.count()).where(Case.status.in_(ACTIVE))) or 0
    return {"generated_at": now, "open_cases": int(open_total),
            "open_by_age_and_priority": open_by_age_and_priority(session, now),
            "sla": sla(session, now), "resolution": resolution(session),
            "dispositions_by_rule": dispositions_by_rule(session)}
