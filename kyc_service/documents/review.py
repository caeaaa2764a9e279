"""Manual review of documents the pipeline could not decide, by compliance officers.

Reading what was extracted, or the image itself, is a read of personal data: audited
with its purpose. A reviewer's decision is final for the document and refreshes the
customer's KYC status.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, NotFound
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.documents.kyc_status import refresh_kyc_status
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.documents.service import document_cipher

REVIEW_DECISIONS = (DocumentStatus.ACCEPTED, DocumentStatus.REJECTED)
# Reasons are codes, not free text: free text typed about a person is personal data, and
# these end up in the audit trail and in reports.
REVIEW_REASONS = ("verified_manually", "document_unreadable", "identity_mismatch",
                  "suspected_forgery", "expired_or_invalid", "other")


def review_queue(session: Session, offset: int, limit: int) -> tuple[list[Document], int]:
    """Documents waiting for a person, oldest first (they have waited longest)."""
    query = select(Document).where(Document.status == DocumentStatus.NEEDS_REVIEW)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Document.processed_at, Document.id)
                           .offset(offset).limit(limit))
    return list(rows), total


def _customer(session: Session, document: Document) -> Customer:
    customer = session.get(Customer, document.customer_id)
    if customer is None:
        raise NotFound("No such customer.", code="customer_not_found")
    return customer


def read_extraction(session: Session, vault: Vault, ctx: AuditContext, document: Document,
                    purpose: str = Purpose.KYC_VERIFICATION.value) -> dict[str, Any]:
    """The fields and MRZ read from the document, decrypted for a reviewer (audited)."""
    customer = _customer(session, document)
    text = None
    if document.result_enc is not None:
        text = document_cipher(vault, customer, document.id).open("result", document.result_enc)
    result = json.loads(text) if text else {"fields": {}, "mrz": None}
    record(session, ctx, AuditEvent(
        AuditAction.DOCUMENT_READ, object_type="document", object_id=document.id,
        customer_ref=document.customer_id, purpose=purpose,
        details={"fields": sorted(result.get("fields") or {}),
                 "mrz": result.get("mrz") is not None}))
    return dict(result)


def read_preview(session: Session, vault: Vault, storage: Storage, ctx: AuditContext,
                 document: Document, purpose: str = Purpose.KYC_VERIFICATION.value) -> bytes:
    """The EXIF-free review copy of the image (audited)."""
    if document.preview_key is None:
        raise NotFound("This document has no image to show yet.", code="preview_not_ready")
    customer = _customer(session, document)
    image = document_cipher(vault, customer, document.id).open_bytes(
        "preview", storage.get(document.preview_key))
    record(session, ctx, AuditEvent(
        AuditAction.DOCUMENT_IMAGE_READ, object_type="document", object_id=document.id,
        customer_ref=document.customer_id, purpose=purpose))
    return image


def decide_review(session: Session, ctx: AuditContext, document: Document, decision: str,
                  reason: str, require_address_proof: bool) -> Document:
    if document.status != DocumentStatus.NEEDS_REVIEW:
        raise Conflict("Only documents waiting for review can be decided.",
                       code="document_not_in_review",
                       extra={"document_status": document.status})
    document.status = decision
    document.processed_at = utcnow()
    findings = json.loads(document.findings_json or "[]")
    document.findings_json = json.dumps([*findings, {"code": "reviewed", "decision": decision,
                                                      "reason": reason,
                                                      "reviewer": ctx.actor_id}])
    record(session, ctx, AuditEvent(
        AuditAction.DOCUMENT_REVIEW, object_type="document", object_id=document.id,
        customer_ref=document.customer_id, details={"decision": decision, "reason": reason}))
    refresh_kyc_status(session, ctx, _customer(session, document), require_address_proof)
    return document
