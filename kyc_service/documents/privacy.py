"""Uploaded documents and re-upload links as a personal-data provider.

Accepted documents are the KYC evidence the AML law requires to keep: on erasure their
image and extracted fields are re-encrypted with the customer's retention key. Every
other upload (refused photos, pending ones) and every re-upload link is erased.
Blobs are deleted only after the transaction commits, and a new blob is removed again
if it rolls back, so the store never loses data the database still points to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from kyc_service.core.db import on_rollback
from kyc_service.core.storage import Storage
from kyc_service.documents.models import Document, DocumentJob, DocumentStatus
from kyc_service.documents.reupload import ReuploadRequest
from kyc_service.documents.service import TABLE

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic",
              "image/heif": "heif", "application/pdf": "pdf", "image/webp": "webp"}
RETAINED_STATUSES = (DocumentStatus.ACCEPTED,)
BLOB_COLUMNS = (("original", "original_key"), ("preview", "preview_key"))


class DocumentProvider:
    name = "documents"
    declarations = (
        T("documents", Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("identity document images", "document data (MRZ/VIZ)", "address proof"),
          ("customer due diligence (KYC)", "document fraud and reuse detection"),
          (LegalBasis.LEGAL_OBLIGATION,), Retention.AML,
          recipients=("compliance staff", "MASAK / FIU on legal request"),
          security=("images AES-256-GCM with the customer's data key in the document store",
                    "EXIF stripped previews", "random storage keys, never client names",
                    "every image read audited"),
          aml_retained=("identity document images", "document data (MRZ/VIZ)"),
          notes="Photos of the face on identity documents; no biometric templates kept."),
        T("document_jobs", Sensitivity.NOT_PERSONAL, Subjects.CUSTOMERS, (), (
            "processing state",), (LegalBasis.CONTRACT,), Retention.SYSTEM),
        T("reupload_requests", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("document request history", "preferred language"),
          ("customer support",), (LegalBasis.CONTRACT,), Retention.REUPLOAD_LINKS),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        documents = []
        for doc in scope.session.scalars(select(Document).where(
                Document.customer_id == scope.customer_id).order_by(Document.created_at)):
            item: dict[str, Any] = {"id": doc.id, "kind": doc.kind, "side": doc.side,
                                    "status": doc.status, "uploaded_at": doc.created_at.isoformat()}
            if scope.key is not None:
                cipher = scope.key.cipher(TABLE, doc.id)
                result = cipher.open("result", doc.result_enc)
                item["extracted"] = json.loads(result) if result else None
                ext = EXTENSIONS.get(doc.media_type, "bin")
                name = f"documents/{doc.id}-{doc.kind}-{doc.side}.{ext}"
                scope.files[name] = cipher.open_bytes("original",
                                                      scope.storage.get(doc.original_key))
                item["file"] = name
            documents.append(item)
        requests = [{"id": r.id, "status": r.status, "documents": r.documents,
                     "language": r.language, "created_at": r.created_at.isoformat()}
                    for r in scope.session.scalars(select(ReuploadRequest).where(
                        ReuploadRequest.customer_id == scope.customer_id))]
        return {"documents": documents, "reupload_requests": requests}

    def erase(self, scope: ErasureScope) -> Counts:
        kept = erased = 0
        for doc in list(scope.session.scalars(select(Document).where(
                Document.customer_id == scope.customer_id))):
            if doc.status in RETAINED_STATUSES:
                _reseal(scope, doc)
                kept += 1
            else:
                _drop(scope.session, scope.storage, scope.after_commit, doc)
                erased += 1
        links = cast(CursorResult[Any], scope.session.execute(delete(ReuploadRequest).where(
            ReuploadRequest.customer_id == scope.customer_id))).rowcount
        return {"document images (not KYC evidence)": erased,
                "retained:identity document images": kept,
                "re-upload links": links}

    def destroy(self, scope: DestroyScope) -> Counts:
        count = 0
        for doc in list(scope.session.scalars(select(Document).where(
                Document.customer_id == scope.customer_id))):
            _drop(scope.session, scope.storage, scope.after_commit, doc)
            count += 1
        links = cast(CursorResult[Any], scope.session.execute(delete(ReuploadRequest).where(
            ReuploadRequest.customer_id == scope.customer_id))).rowcount
        return {"identity document images": count, "re-upload links": links}


def _reseal(scope: ErasureScope, doc: Document) -> None:
    old, new = scope.old.cipher(TABLE, doc.id), scope.new.cipher(TABLE, doc.id)
    doc.result_enc = new.seal("result", old.open("result", doc.result_enc))
    for column, attribute in BLOB_COLUMNS:
        old_key: str | None = getattr(doc, attribute)
        if old_key is None:
            continue
        data = old.open_bytes(column, scope.storage.get(old_key))
        new_key = scope.storage.put(new.seal_bytes(column, data))
        on_rollback(scope.session, lambda k=new_key: scope.storage.delete(k))
        scope.after_commit.append(
            cast(Callable[[], None], lambda k=old_key: scope.storage.delete(k)))
        setattr(doc, attribute, new_key)


def _drop(session: Any, storage: Storage, after_commit: list[Any], doc: Document) -> None:
    for _, attribute in BLOB_COLUMNS:
        key = getattr(doc, attribute)
        if key is not None:
            after_commit.append(lambda k=key: storage.delete(k))
    session.execute(delete(DocumentJob).where(DocumentJob.document_id == doc.id))
    session.delete(doc)
