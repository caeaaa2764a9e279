"""Raising alerts: one open alert per customer and code, later hits appended to it.

Any package raises through `raise_alert(...)` (or an `AlertWriter` when it raises many
in one transaction, as the transaction intake does). Alerts and their audit entries go
into the caller's session; the caller commits (one commit point).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts.models import Alert, AlertSource, AlertStatus
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import ValidationFailed

MAX_EVIDENCE_BYTES = 16_384


@dataclass(frozen=True)
class AlertSettings:
    repeat_bonus: int = 5  # score added per repeated hit on an open alert
    hits_kept: int = 50  # the latest hits kept as evidence on one alert


@dataclass(frozen=True)
class Hit:
    """One finding, ready to become (part of) an alert."""

    customer_id: str
    source: AlertSource
    code: str
    score: int
    evidence: Mapping[str, Any]
    occurred_at: datetime
    version: int | None = None
    settings_version: int | None = None
    transaction_ids: Sequence[str] = ()
    explanation: str | None = None
    message_key: str | None = None

    def document(self) -> dict[str, Any]:
        return {"at": self.occurred_at.isoformat(), "score": self.score,
                "version": self.version, "settings_version": self.settings_version,
                "transaction_ids": list(self.transaction_ids),
                "evidence": dict(self.evidence), "explanation": self.explanation,
                "message_key": self.message_key}


class AlertWriter:
    """Raises many alerts in one transaction, loading open alerts once per customer."""

    def __init__(self, session: Session, ctx: AuditContext,
                 settings: AlertSettings | None = None) -> None:
        self.session, self.ctx = session, ctx
        self.settings = settings or AlertSettings()
        self._open: dict[tuple[str, str, str], Alert] = {}
        self._loaded: set[str] = set()
        self.opened = 0
        self.updated = 0

    def preload(self, customer_ids: Iterable[str]) -> None:
        wanted = sorted(set(customer_ids) - self._loaded)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for alert in self.session.scalars(select(Alert).where(
                    Alert.customer_id.in_(chunk), Alert.status == AlertStatus.OPEN)):
                self._open[(alert.customer_id, alert.source, alert.code)] = alert
            self._loaded.update(chunk)

    def raise_hit(self, hit: Hit) -> Alert:
        _check(hit)
        self.preload([hit.customer_id])
        key = (hit.customer_id, str(hit.source), hit.code)
        alert = self._open.get(key)
        if alert is None:
            alert = self._new(hit)
            self._open[key] = alert
            self.opened += 1
            action, details = AuditAction.ALERT_RAISE, {"score": alert.score}
        else:
            self._append(alert, hit)
            self.updated += 1
            action, details = AuditAction.ALERT_HIT, {"score": alert.score,
                                                      "hit_count": alert.hit_count}
        record(self.session, self.ctx, AuditEvent(
            action, object_type="alert", object_id=alert.id, customer_ref=hit.customer_id,
            details={"source": str(hit.source), "code": hit.code, **details}))
        if action is AuditAction.ALERT_RAISE:  # a new alert joins its customer's case
            from cases.casework.intake import attach_alert  # casework imports alerts

            attach_alert(self.session, self.ctx, alert)
        return alert

    def _new(self, hit: Hit) -> Alert:
        now = utcnow()
        alert = Alert(id=new_id(), customer_id=hit.customer_id, source=str(hit.source),
                      code=hit.code, rule_version=hit.version,
                      settings_version=hit.settings_version, status=AlertStatus.OPEN,
                      score=hit.score, peak_score=hit.score, hit_count=1,
                      first_seen_at=hit.occurred_at, last_seen_at=hit.occurred_at,
                      evidence_json=_dump({"hits": [hit.document()], "dropped": 0}),
                      created_at=now, updated_at=now)
        self.session.add(alert)
        return alert

    def _append(self, alert: Alert, hit: Hit) -> None:
        document = json.loads(alert.evidence_json)
        hits = [*document["hits"], hit.document()]
        keep = self.settings.hits_kept
        dropped = document.get("dropped", 0) + max(0, len(hits) - keep)
        alert.evidence_json = _dump({"hits": hits[-keep:], "dropped": dropped})
        alert.hit_count += 1
        alert.peak_score = max(alert.peak_score, hit.score)
        alert.score = min(100, alert.peak_score
                          + self.settings.repeat_bonus * (alert.hit_count - 1))
        alert.first_seen_at = min(alert.first_seen_at, hit.occurred_at)
        alert.last_seen_at = max(alert.last_seen_at, hit.occurred_at)
        if hit.version is not None:
            alert.rule_version, alert.settings_version = hit.version, hit.settings_version
        alert.updated_at = utcnow()


def raise_alert(session: Session, ctx: AuditContext, customer_id: str, source: AlertSource,
                code: str, score: int, evidence: Mapping[str, Any], *,
                occurred_at: datetime | None = None, version: int | None = None,
                explanation: str | None = None) -> Alert:
    """Open an alert for the customer, or add this hit to the open one for `code`.

    `evidence` must be JSON without floats or personal data (ids, codes, scores).
    """
    hit = Hit(customer_id=customer_id, source=AlertSource(source), code=code, score=score,
              evidence=evidence, occurred_at=occurred_at or utcnow(), version=version,
              explanation=explanation)
    return AlertWriter(session, ctx).raise_hit(hit)


def _check(hit: Hit) -> None:
    if not 0 <= hit.score <= 100 or isinstance(hit.score, bool):
        raise ValidationFailed("An alert score lies between 0 and 100.", code="invalid_alert")
    if not hit.code or len(hit.code) > 64:
        raise ValidationFailed("An alert code has 1-64 characters.", code="invalid_alert")
    if hit.occurred_at.tzinfo is None:
        raise ValidationFailed("Alert times must be timezone-aware.", code="invalid_alert")
    _no_floats(hit.evidence)
    if len(_dump(dict(hit.evidence))) > MAX_EVIDENCE_BYTES:
        raise ValidationFailed("Alert evidence is too large.", code="invalid_alert")


def _no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise ValidationFailed("Alert evidence must not contain floats; use strings.",
                               code="invalid_alert")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationFailed("Alert evidence keys are strings.", code="invalid_alert")
            _no_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _no_floats(item)
    elif not isinstance(value, str | int | bool) and value is not None:
        raise ValidationFailed("Alert evidence must be plain JSON.", code="invalid_alert")


def _dump(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
