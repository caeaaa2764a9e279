"""Reading and closing alerts (officers and auditors; agents never get here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts.models import Alert, AlertStatus, Resolution
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, NotFound


@dataclass(frozen=True)
class AlertFilter:
    customer_id: str | None = None
    code: str | None = None
    source: str | None = None
    status: str | None = None
    min_score: int | None = None
    seen_from: datetime | None = None  # alerts active in [seen_from, seen_to]
    seen_to: datetime | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        for column, value in ((Alert.customer_id, self.customer_id), (Alert.code, self.code),
                              (Alert.source, self.source), (Alert.status, self.status)):
            if value is not None:
                query = query.where(column == value)
        if self.min_score is not None:
            query = query.where(Alert.score >= self.min_score)
        if self.seen_from is not None:
            query = query.where(Alert.last_seen_at >= self.seen_from)
        if self.seen_to is not None:
            query = query.where(Alert.first_seen_at <= self.seen_to)
        return query


def list_alerts(session: Session, filters: AlertFilter, *, offset: int = 0,
                limit: int = 50) -> tuple[list[Alert], int]:
    """Highest score first, then the most recently seen."""
    query = filters.apply(select(Alert))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Alert.score.desc(), Alert.last_seen_at.desc(),
                                          Alert.id).offset(offset).limit(limit))
    return list(rows), total


def get_alert(session: Session, ctx: AuditContext, alert_id: str) -> Alert:
    """One alert with its evidence; the read is audited."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound("No such alert.", code="alert_not_found")
    record(session, ctx, AuditEvent(AuditAction.ALERT_READ, object_type="alert",
                                    object_id=alert.id, customer_ref=alert.customer_id))
    return alert


def close_alert(session: Session, ctx: AuditContext, alert_id: str,
                resolution: Resolution) -> Alert:
    """Close an open alert; a later hit for the same code opens a new one."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound("No such alert.", code="alert_not_found")
    if alert.status != AlertStatus.OPEN:
        raise Conflict("The alert is already closed.", code="alert_closed")
    alert.status = AlertStatus.CLOSED
    alert.closed_at = alert.updated_at = utcnow()
    alert.closed_by = ctx.actor_id
    alert.resolution = str(resolution)
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.ALERT_CLOSE, object_type="alert", object_id=alert.id,
        customer_ref=alert.customer_id,
        details={"code": alert.code, "resolution": str(resolution)}))
    return alert


def alert_view(alert: Alert, *, with_evidence: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        name: getattr(alert, name) for name in (
            "id", "customer_id", "source", "code", "rule_version", "settings_version",
            "status", "score", "hit_count", "first_seen_at", "last_seen_at", "created_at",
            "updated_at", "closed_at", "resolution")}
    if with_evidence:
        document = json.loads(alert.evidence_json)
        view["hits"] = document["hits"]
        view["hits_dropped"] = document.get("dropped", 0)
    return view
