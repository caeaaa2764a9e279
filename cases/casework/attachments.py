"""Evidence files on a case: attach, list, download.

A file is sniffed from its bytes, sealed with the subject customer's data key (the
associated data binds it to this table and row) and put in the blob store; the row, its
timeline entry and the audit entry are written in the caller's transaction. If that
transaction rolls back the blob is deleted again, and the blob is stored before the row
is flushed, so no committed row ever points at a missing blob.

Attaching changes no workflow state, so like a comment it needs no case version and
never makes anyone's open form stale; it only needs the case to be active (the case row
is locked so a concurrent closure cannot slip in between). Every read that opens a file
name, a description or a file is audited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.casework.attachment_models import TABLE, CaseAttachment
from cases.casework.attachment_types import EXTENSIONS, base_type, sniff_attachment
from cases.casework.models import Case
from cases.casework.records import CaseText, add_event, audit, clean_text, get_case
from cases.casework.settings import CaseSettings
from cases.casework.workflow import ACTIVE
from kyc_service.core.crypto import sha256_hex
from kyc_service.core.db import new_id, on_rollback, utcnow
from kyc_service.core.errors import Conflict, NotFound, PayloadTooLarge
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault

BIDX_KIND = "case_attachment_sha256"
MAX_NAME = 200
EVENT_KIND = "attachment_added"
# Name endings that fit each sniffed type; any other name gets the type's extension.
SUFFIXES = {"application/pdf": (".pdf",), "image/png": (".png",),
            "image/jpeg": (".jpg", ".jpeg"), "text/plain": (".txt", ".log", ".csv", ".tsv"),
            "text/csv": (".csv", ".tsv", ".txt")}


@dataclass(frozen=True)
class Upload:
    """What an officer sends: the bytes, the client's file name, an optional note."""

    data: bytes
    file_name: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Download:
    data: bytes
    media_type: str
    file_name: str


def clean_file_name(raw: str | None) -> str | None:
    """The last path segment, without control characters or quotes, at most 200 chars."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch)[0] != "C" and ch not in '"<>|:*?')
    name = name.strip(" .")[-MAX_NAME:].strip()
    return name or None


def download_name(file_name: str | None, media_type: str, attachment_id: str) -> str:
    """The officer's name where it fits the sniffed type, else with the right extension."""
    kind = base_type(media_type)
    name = file_name or f"attachment-{attachment_id[:8]}"
    if not name.lower().endswith(SUFFIXES.get(kind, ())):
        name = f"{name}.{EXTENSIONS.get(kind, 'bin')}"
    return name


@dataclass
class CaseAttachments:
    vault: Vault
    storage: Storage
    settings: CaseSettings

    def attach(self, session: Session, ctx: AuditContext, text: CaseText, case_id: str,
               upload: Upload) -> dict[str, Any]:
        """Store the file; answers its view (what the officer sent, nothing re-opened)."""
        case = get_case(session, case_id, lock=True)
        if case.status not in ACTIVE:
            raise Conflict("Files can be attached to active cases only; reopen it first.",
                           code="attachment_case_closed",
                           extra={"case_status": case.status,
                                  "merged_into_id": case.merged_into_id})
        limit = self.settings.attachment_max_bytes
        if len(upload.data) > limit:
            raise PayloadTooLarge(f"The file is larger than {limit} bytes.",
                                  code="attachment_too_large", extra={"max_bytes": limit})
        media_type = sniff_attachment(upload.data)
        description = clean_text(upload.description, required=False, field="description")
        digest = self.vault.blind_index(BIDX_KIND, sha256_hex(upload.data))
        same = session.scalar(select(CaseAttachment.id).where(
            CaseAttachment.case_id == case.id, CaseAttachment.content_bidx == digest))
        if same is not None:
            raise Conflict("This file is already attached to the case.",
                           code="attachment_duplicate", extra={"attachment_id": same})
        row = CaseAttachment(id=new_id(), case_id=case.id, customer_id=case.customer_id,
                             media_type=media_type, size_bytes=len(upload.data),
                             content_bidx=digest, uploaded_by=ctx.actor_id, uploaded_at=utcnow())

        def seal(column: str, value: str | None) -> bytes | None:
            return text.seal(session, case.customer_id, TABLE, row.id, column, value)

        file_name = clean_file_name(upload.file_name)
        row.file_name_enc = seal("file_name", file_name)
        row.description_enc = seal("description", description)
        sealed = text.seal_bytes(session, case.customer_id, TABLE, row.id, "file", upload.data)
        row.storage_key = self.storage.put(sealed)
        on_rollback(session, lambda key=row.storage_key: self.storage.delete(key))
        session.add(row)
        facts = {"attachment_id": row.id, "media_type": base_type(media_type),
                 "size_bytes": row.size_bytes}
        add_event(session, ctx, case, EVENT_KIND, details=facts)
        session.flush()
        audit(session, ctx, AuditAction.CASE_ATTACHMENT_ADD, case, **facts)
        return attachment_view(row, file_name, description)

    def download(self, session: Session, ctx: AuditContext, text: CaseText, case_id: str,
                 attachment_id: str) -> Download:
        """The file as uploaded (an audited read of personal data)."""
        case = get_case(session, case_id)
        row = session.get(CaseAttachment, attachment_id)
        if row is None or row.case_id != case.id:
            raise NotFound("No such attachment on this case.", code="attachment_not_found")
        data = text.open_bytes(session, row.customer_id, TABLE, row.id, "file",
                               self.storage.get(row.storage_key))
        if data is None:
            raise Conflict("The customer's data was erased.", code="data_destroyed")
        name = text.open(session, row.customer_id, TABLE, row.id, "file_name",
                         row.file_name_enc)
        _audit_read(session, ctx, AuditAction.CASE_ATTACHMENT_DOWNLOAD, case,
                    attachment_id=row.id, fields=["file", "file_name"])
        return Download(data, row.media_type, download_name(name, row.media_type, row.id))


def attachment_views(session: Session, text: CaseText, case: Case) -> list[dict[str, Any]]:
    """The case's files, oldest first, names and descriptions opened. Not audited here:
    callers audit the read (`list_attachments`, or the case view's own entry)."""
    rows = session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == case.id)
                           .order_by(CaseAttachment.uploaded_at, CaseAttachment.id))
    return [attachment_view(row, text.open(session, row.customer_id, TABLE, row.id,
                                           "file_name", row.file_name_enc),
                            text.open(session, row.customer_id, TABLE, row.id,
                                      "description", row.description_enc)) for row in rows]


def move_to_merged_target(session: Session, source: Case, target: Case) -> list[str]:
    """A merge folds the source's files into the target, so the surviving case lists and
    serves them. Only `case_id` changes: the sealed blob and texts are bound to this
    table, the row and the column (and the customer in `customer_id`), not to the case.
    A file the target already has stays on the source, where it is still listed."""
    on_target = select(CaseAttachment.content_bidx).where(CaseAttachment.case_id == target.id)
    rows = session.scalars(select(CaseAttachment).where(
        CaseAttachment.case_id == source.id, CaseAttachment.content_bidx.not_in(on_target)))
    moved = []
    for row in rows:
        row.case_id = target.id
        moved.append(row.id)
    return moved


def list_attachments(session: Session, ctx: AuditContext, text: CaseText,
                     case_id: str) -> list[dict[str, Any]]:
    case = get_case(session, case_id)
    views = attachment_views(session, text, case)
    _audit_read(session, ctx, AuditAction.CASE_ATTACHMENT_READ, case, count=len(views),
                fields=["file_name", "description"])
    return views


def _audit_read(session: Session, ctx: AuditContext, tag: AuditAction, case: Case,
                **details: Any) -> None:
    record(session, ctx, AuditEvent(tag, object_type="case", object_id=case.id,
                                    customer_ref=case.customer_id,
                                    purpose=Purpose.AML_INVESTIGATION.value, details=details))


def attachment_view(row: CaseAttachment, file_name: str | None,
                    description: str | None) -> dict[str, Any]:
    return {"id": row.id, "case_id": row.case_id, "media_type": base_type(row.media_type),
            "size_bytes": row.size_bytes, "uploaded_by": row.uploaded_by,
            "uploaded_at": row.uploaded_at, "file_name": file_name,
            "description": description}
