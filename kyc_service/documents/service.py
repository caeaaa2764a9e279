"""Document intake: validate an upload, store it encrypted, queue it; read results back.

The upload path does only what must be answered at once (size, type, a bounded decode
that catches damaged files) so it can reply 202 quickly; the checks run in the worker.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id, on_rollback
from kyc_service.core.errors import NotFound, ValidationFailed
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.documents.decoding import (
    DecodeLimits,
    MediaType,
    check_size,
    open_image,
    render_pdf,
    sniff,
)
from kyc_service.documents.jobs import JobQueue
from kyc_service.documents.kyc_status import refresh_kyc_status
from kyc_service.documents.models import Document
from kyc_service.documents.quality import DOCUMENT_SPECS

TABLE = "documents"


def validate_kind_and_side(kind: str, side: str) -> None:
    spec = DOCUMENT_SPECS.get(kind)
    if spec is None:
        raise ValidationFailed("Unknown document kind.", code="unknown_document_kind", fields={
            "kind": [f"One of: {', '.join(DOCUMENT_SPECS)}."]})
    if side not in spec.sides:
        raise ValidationFailed("Unknown side for this document kind.", code="unknown_side",
                               fields={"side": [f"For {kind}: {', '.join(spec.sides)}."]})


def document_cipher(vault: Vault, customer: Customer, document_id: str) -> FieldCipher:
    return FieldCipher(vault.data_keys.open(customer.data_key), customer.data_key_id, TABLE,
                       document_id)


@dataclass
class DocumentService:
    vault: Vault
    storage: Storage
    limits: DecodeLimits
    require_address_proof: bool = True

    def upload(
        self, session: Session, ctx: AuditContext, customer: Customer, kind: str, side: str,
        data: bytes, reupload_request_id: str | None = None,
    ) -> Document:
        validate_kind_and_side(kind, side)  # (1) what it claims to be
        check_size(len(data), self.limits)  # (2) size cap
        media_type = sniff(data)  # (3) type from the bytes
        if media_type is MediaType.PDF:  # (4) bounded decode: damaged files answer now
            if kind != "address_proof":
                raise ValidationFailed("Only address proofs may be PDFs.", code="pdf_not_allowed",
                                       fields={"file": ["Send a photo of the document."]})
            render_pdf(data, self.limits)
        else:
            open_image(data, media_type, self.limits, draft=True)
        document = Document(id=new_id(), customer_id=customer.id, kind=kind, side=side,
                            media_type=media_type.value, size_bytes=len(data),
                            reupload_request_id=reupload_request_id)
        cipher = document_cipher(self.vault, customer, document.id)
        document.content_bidx = self.vault.blind_index(
            "document_sha256", hashlib.sha256(data).hexdigest())
        document.original_key = self.storage.put(cipher.seal_bytes("original", data))  # (5)
        on_rollback(session, lambda key=document.original_key: self.storage.delete(key))
        document.findings_json = json.dumps(self._same_image_elsewhere(session, document))
        session.add(document)
        session.flush()
        JobQueue.enqueue(session, document.id)  # (6) the worker takes it from here
        record(session, ctx, AuditEvent(
            AuditAction.DOCUMENT_UPLOAD, object_type="document", object_id=document.id,
            customer_ref=customer.id,
            details={"kind": kind, "side": side, "media_type": media_type.value,
                     "size_bytes": len(data)}))
        refresh_kyc_status(session, ctx, customer, self.require_address_proof)
        return document

    @staticmethod
    def _same_image_elsewhere(session: Session, document: Document) -> list[dict[str, Any]]:
        others = session.scalars(
            select(Document.customer_id).where(Document.content_bidx == document.content_bidx,
                                               Document.customer_id != document.customer_id)
            .distinct().limit(10)).all()
        if not others:
            return []
        return [{"code": "same_image_other_customer", "customers": sorted(others)}]

    @staticmethod
    def get(session: Session, document_id: str) -> Document:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound("No such document.", code="document_not_found")
        return document

    @staticmethod
    def for_customer(session: Session, customer_id: str) -> list[Document]:
        return list(session.scalars(select(Document).where(Document.customer_id == customer_id)
                                    .order_by(Document.created_at.desc())))

    def original(self, customer: Customer, document: Document) -> bytes:
        cipher = document_cipher(self.vault, customer, document.id)
        return cipher.open_bytes("original", self.storage.get(document.original_key))
