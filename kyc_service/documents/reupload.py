"""Re-upload requests: an agent asks a player for new photos through a one-time link.

The link carries a token signed with the service secret (forgeries fail before the
database is asked) that names the request and a random nonce whose hash is stored (so a
link can be used up, revoked, and never reused). After a configurable number of failed
attempts for one document, the next failure goes to manual review, not another refusal.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import Base, created_at, new_id, utcnow, uuid_pk
from kyc_service.core.errors import Conflict, KycError, NotFound, ValidationFailed
from kyc_service.customers.models import Customer
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.documents.service import validate_kind_and_side

SALT = "kyc-reupload-link"


class LinkProblem(KycError):
    """Why a link cannot be used; each code has its own page for the player."""

    code = "link_invalid"
    title = "This link cannot be used."


class RequestStatus:
    OPEN = "open"
    COMPLETED = "completed"
    REVOKED = "revoked"


class ReuploadRequest(Base):
    __tablename__ = "reupload_requests"

    id: Mapped[uuid_pk]
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    requested_by: Mapped[str | None] = mapped_column(String(36))
    documents_json: Mapped[str] = mapped_column(Text)  # [{"kind", "side", "reason"}]
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN)
    expires_at: Mapped[datetime]
    created_at: Mapped[created_at]
    completed_at: Mapped[datetime | None]

    @property
    def documents(self) -> list[dict[str, str]]:
        return list(json.loads(self.documents_json))


@dataclass(frozen=True)
class ReuploadPolicy:
    link_ttl: timedelta = timedelta(hours=72)
    max_failed_attempts: int = 3


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


class ReuploadLinks:
    def __init__(self, secret_key: str, policy: ReuploadPolicy) -> None:
        self.serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
        self.policy = policy

    def create(self, session: Session, ctx: AuditContext, customer: Customer,
               documents: list[dict[str, Any]], ttl: timedelta | None = None
               ) -> tuple[ReuploadRequest, str]:
        if not documents:
            raise ValidationFailed(fields={"documents": ["Name at least one document."]})
        for item in documents:
            validate_kind_and_side(item["kind"], item["side"])
        nonce = secrets.token_urlsafe(24)
        request = ReuploadRequest(
            id=new_id(), customer_id=customer.id, requested_by=ctx.actor_id,
            documents_json=json.dumps(documents, ensure_ascii=False), nonce_hash=_hash(nonce),
            language=customer.preferred_language,
            expires_at=utcnow() + (ttl or self.policy.link_ttl))
        session.add(request)
        session.flush()
        record(session, ctx, AuditEvent(
            AuditAction.REUPLOAD_REQUEST, object_type="reupload_request", object_id=request.id,
            customer_ref=customer.id,
            details={"documents": [f"{d['kind']}:{d['side']}" for d in documents],
                     "expires_at": request.expires_at.isoformat()}))
        token = self.serializer.dumps({"r": request.id, "n": nonce})
        return request, token

    def open(self, session: Session, token: str) -> ReuploadRequest:
        """The request a link belongs to, or a `LinkProblem` saying why it is unusable."""
        max_age = int(self.policy.link_ttl.total_seconds()) * 4
        try:
            payload = self.serializer.loads(token, max_age=max_age)
        except SignatureExpired:
            raise LinkProblem("The link has expired.", code="link_expired") from None
        except BadSignature:
            raise LinkProblem("The link is not valid.", code="link_invalid") from None
        request = session.get(ReuploadRequest, payload.get("r"))
        if request is None or request.nonce_hash != _hash(str(payload.get("n"))):
            raise LinkProblem("The link is not valid.", code="link_invalid")
        known = {"language": request.language}  # so the page can speak the player's
        if request.status == RequestStatus.COMPLETED:
            raise LinkProblem("The link was already used.", code="link_used", extra=known)
        if request.status == RequestStatus.REVOKED:
            raise LinkProblem("The link was withdrawn.", code="link_revoked", extra=known)
        if request.expires_at <= utcnow():
            raise LinkProblem("The link has expired.", code="link_expired", extra=known)
        return request

    @staticmethod
    def revoke(session: Session, ctx: AuditContext, request: ReuploadRequest) -> None:
        if request.status != RequestStatus.OPEN:
            raise Conflict("Only an open request can be withdrawn.", code="reupload_not_open")
        request.status = RequestStatus.REVOKED
        record(session, ctx, AuditEvent(
            AuditAction.REUPLOAD_REVOKE, object_type="reupload_request", object_id=request.id,
            customer_ref=request.customer_id))

    @staticmethod
    def get(session: Session, request_id: str) -> ReuploadRequest:
        request = session.get(ReuploadRequest, request_id)
        if request is None:
            raise NotFound("No such re-upload request.", code="reupload_request_not_found")
        return request


def failed_attempts(session: Session, request_id: str, kind: str, side: str) -> int:
    return session.scalar(select(func.count()).select_from(Document).where(
        Document.reupload_request_id == request_id, Document.kind == kind,
        Document.side == side,
        Document.status.in_([DocumentStatus.REJECTED, DocumentStatus.NEEDS_REVIEW]))) or 0


def progress(session: Session, request: ReuploadRequest) -> list[dict[str, Any]]:
    """Per requested document: the latest upload's status and the attempts used."""
    items = []
    for wanted in request.documents:
        latest = session.scalar(select(Document).where(
            Document.reupload_request_id == request.id, Document.kind == wanted["kind"],
            Document.side == wanted["side"]).order_by(Document.created_at.desc()).limit(1))
        items.append({**wanted, "status": latest.status if latest else "missing",
                      "document_id": latest.id if latest else None,
                      "quality": json.loads(latest.quality_json) if latest and
                      latest.quality_json else None,
                      "failed_attempts": failed_attempts(session, request.id, wanted["kind"],
                                                         wanted["side"])})
    return items


def after_decision(session: Session, document: Document, policy: ReuploadPolicy) -> None:
    """Attempt cap and completion, applied when the worker stores a decision.

    Once a player has failed `max_failed_attempts` times for a document, the next
    rejection goes to a compliance officer instead; when every requested document is
    accepted or in review, the link is used up.
    """
    if document.reupload_request_id is None:
        return
    request = session.get(ReuploadRequest, document.reupload_request_id)
    if request is None:
        return
    if document.status == DocumentStatus.REJECTED and failed_attempts(
            session, request.id, document.kind, document.side) > policy.max_failed_attempts:
        document.status = DocumentStatus.NEEDS_REVIEW
        findings = json.loads(document.findings_json or "[]")
        document.findings_json = json.dumps([*findings, {"code": "max_attempts_reached"}])
    session.flush()
    done = {DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW}
    if all(item["status"] in done for item in progress(session, request)):
        request.status, request.completed_at = RequestStatus.COMPLETED, utcnow()
