"""Data-subject requests (KVKK Art. 11, GDPR Art. 15-17) with their legal deadline.

`access` is answered by the export (kyc_service.privacy.access); `rectification` goes
through the customer service (validated, audited); `erasure` restricts the customer at
once and crypto-shreds unless a legal hold stands in the way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, NotFound, ValidationFailed
from kyc_service.customers.models import PERSONAL_FIELDS
from kyc_service.privacy.erasure import active_hold, restrict, shred
from kyc_service.privacy.models import (
    LegalHold,
    PrivacyRequest,
    PrivacySubject,
    RequestKind,
    RequestStatus,
)
from kyc_service.privacy.wiring import PrivacyDeps


def is_restricted(session: Session, customer_id: str) -> bool:
    return session.get(PrivacySubject, customer_id) is not None


def create_request(session: Session, ctx: AuditContext, deps: PrivacyDeps, *,
                   customer_id: str, kind: str, channel: str = "email",
                   jurisdiction: str | None = None, received_at: datetime | None = None,
                   changes: Mapping[str, Any] | None = None,
                   relationship_ended_at: datetime | None = None) -> PrivacyRequest:
    if kind not in RequestKind.ALL:
        raise ValidationFailed("Unknown request kind.", code="unknown_request_kind",
                               fields={"kind": [f"One of: {', '.join(RequestKind.ALL)}."]})
    jurisdiction = jurisdiction or deps.settings.default_jurisdiction
    if jurisdiction not in ("TR", "EU"):
        raise ValidationFailed("Unknown jurisdiction.", code="unknown_jurisdiction",
                               fields={"jurisdiction": ["TR or EU."]})
    customer = deps.customers.get(session, customer_id)
    received = received_at or utcnow()
    request = PrivacyRequest(
        id=new_id(), customer_id=customer.id, kind=kind, channel=channel,
        jurisdiction=jurisdiction, received_at=received,
        due_at=received + timedelta(days=deps.settings.response_days),
        requested_by=ctx.actor_id, status=RequestStatus.OPEN)
    session.add(request)
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_REQUEST_CREATE, object_type="privacy_request", object_id=request.id,
        customer_ref=customer.id, purpose=Purpose.DATA_SUBJECT_REQUEST,
        details={"kind": kind, "due_at": request.due_at.isoformat(), "channel": channel}))
    if kind == RequestKind.RECTIFICATION:
        _rectify(session, ctx, deps, request, dict(changes or {}))
    elif kind == RequestKind.ERASURE:
        _erase(session, ctx, deps, request, relationship_ended_at or utcnow())
    return request


def _rectify(session: Session, ctx: AuditContext, deps: PrivacyDeps, request: PrivacyRequest,
             changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(PERSONAL_FIELDS))
    if not changes or unknown:
        raise ValidationFailed("Rectification needs personal fields to change.",
                               code="invalid_rectification",
                               fields={"changes": [f"Unknown: {', '.join(unknown)}"
                                                   if unknown else "Empty."]})
    if is_restricted(session, request.customer_id):
        raise Conflict("The customer is restricted after erasure.", code="customer_restricted")
    customer = deps.customers.get(session, request.customer_id)
    deps.customers.update(session, ctx, customer, changes)  # validated and audited there
    _complete(request, {"fields": sorted(changes)})
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_RECTIFY, object_type="privacy_request", object_id=request.id,
        customer_ref=request.customer_id, purpose=Purpose.DATA_SUBJECT_REQUEST,
        details={"fields": sorted(changes)}))


def _erase(session: Session, ctx: AuditContext, deps: PrivacyDeps, request: PrivacyRequest,
           relationship_ended_at: datetime) -> None:
    customer = deps.customers.get(session, request.customer_id)
    subject = restrict(session, customer, request.id, request.jurisdiction,
                       relationship_ended_at, deps)
    if active_hold(session, customer.id) is not None:
        request.status = RequestStatus.BLOCKED_BY_HOLD
        request.result_json = json.dumps({"restricted": True, "shredded": False})
        record(session, ctx, AuditEvent(
            AuditAction.PRIVACY_ERASE, object_type="customer", object_id=customer.id,
            customer_ref=customer.id, purpose=Purpose.DATA_SUBJECT_REQUEST,
            details={"status": RequestStatus.BLOCKED_BY_HOLD}))
        return
    outcome = shred(session, ctx, deps, subject, run_id=request.id)
    _complete(request, {"restricted": True, "shredded": True, **outcome,
                        "retain_until": subject.retain_until.isoformat()})


def _complete(request: PrivacyRequest, result: Mapping[str, Any]) -> None:
    request.status = RequestStatus.COMPLETED
    request.completed_at = utcnow()
    request.result_json = json.dumps(dict(result), sort_keys=True)


def complete_blocked(session: Session, ctx: AuditContext, deps: PrivacyDeps,
                     subject: PrivacySubject, run_id: str) -> None:
    """A hold was released: finish the erasure it postponed."""
    outcome = shred(session, ctx, deps, subject, run_id)
    request = session.get(PrivacyRequest, subject.request_id)
    if request is not None:
        _complete(request, {"restricted": True, "shredded": True, **outcome,
                            "retain_until": subject.retain_until.isoformat()})


def get_request(session: Session, request_id: str) -> PrivacyRequest:
    request = session.get(PrivacyRequest, request_id)
    if request is None:
        raise NotFound("No such privacy request.", code="privacy_request_not_found")
    return request


def request_view(request: PrivacyRequest, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    return {"id": request.id, "customer_id": request.customer_id, "kind": request.kind,
            "status": request.status, "channel": request.channel,
            "jurisdiction": request.jurisdiction, "received_at": request.received_at,
            "due_at": request.due_at, "completed_at": request.completed_at,
            "overdue": request.completed_at is None and now > request.due_at,
            "result": json.loads(request.result_json or "{}")}


def place_hold(session: Session, ctx: AuditContext, deps: PrivacyDeps, customer_id: str,
               reason_code: str) -> LegalHold:
    customer = deps.customers.get(session, customer_id)
    hold = LegalHold(id=new_id(), customer_id=customer.id, reason_code=reason_code,
                     placed_by=ctx.actor_id, placed_at=utcnow())
    session.add(hold)
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_HOLD_PLACE, object_type="legal_hold", object_id=hold.id,
        customer_ref=customer.id, details={"reason_code": reason_code}))
    return hold


def release_hold(session: Session, ctx: AuditContext, hold_id: str) -> LegalHold:
    hold = session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound("No such legal hold.", code="legal_hold_not_found")
    if hold.released_at is not None:
        raise Conflict("The hold was already released.", code="hold_released")
    hold.released_at, hold.released_by = utcnow(), ctx.actor_id
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_HOLD_RELEASE, object_type="legal_hold", object_id=hold.id,
        customer_ref=hold.customer_id))
    return hold
