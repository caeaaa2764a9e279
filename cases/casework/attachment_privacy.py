"""Case attachments as a personal-data provider: the same rule as the other case text.

Evidence files are AML records of the investigation. On erasure each file, its name and
its description are re-sealed under the customer's retention key (a new blob is written
and the old one deleted after commit; a rollback deletes the new one). When retention
ends the files are deleted from the blob store and their rows removed; the case keeps
its timeline entries (ids, types and sizes only). Never part of an access export
(tipping-off).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from audits.privacy.declarations import Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from cases.casework.attachment_models import TABLE, CaseAttachment
from cases.casework.privacy import AML, PURPOSES, RECIPIENTS, WITHHELD
from kyc_service.core.db import on_rollback

TEXT_COLUMNS = ("file_name", "description")
CATEGORIES = ("investigation evidence files", "evidence file names and descriptions")
SECURITY = ("files AES-256-GCM with the customer's data key in the blob store",
            "names and descriptions AES-256-GCM", "type sniffed from the bytes",
            "random storage keys, never client names", "every list and download audited",
            "never shown to agents (tipping-off)")


class CaseAttachmentProvider:
    name = "case_attachments"
    declarations = (T(TABLE, Sensitivity.PERSONAL, Subjects.CUSTOMERS, CATEGORIES, PURPOSES,
                      AML, Retention.AML, recipients=RECIPIENTS, security=SECURITY,
                      aml_retained=CATEGORIES, notes=WITHHELD),)

    def export(self, scope: ExportScope) -> dict[str, Any]:
        return {}

    @staticmethod
    def _rows(scope: ErasureScope | DestroyScope) -> list[CaseAttachment]:
        return list(scope.session.scalars(select(CaseAttachment).where(
            CaseAttachment.customer_id == scope.customer_id)))

    def erase(self, scope: ErasureScope) -> Counts:
        rows = self._rows(scope)
        for row in rows:
            scope.reseal(row, TABLE, row.id, TEXT_COLUMNS)
            old, new = scope.old.cipher(TABLE, row.id), scope.new.cipher(TABLE, row.id)
            data = old.open_bytes("file", scope.storage.get(row.storage_key))
            new_key = scope.storage.put(new.seal_bytes("file", data))
            on_rollback(scope.session, _deleter(scope, new_key))
            scope.after_commit.append(_deleter(scope, row.storage_key))
            row.storage_key = new_key
        return {"retained:case evidence files": len(rows)}

    def destroy(self, scope: DestroyScope) -> Counts:
        rows = self._rows(scope)
        for row in rows:
            scope.after_commit.append(_deleter(scope, row.storage_key))
            scope.session.delete(row)
        return {"case evidence files": len(rows)}


def _deleter(scope: ErasureScope | DestroyScope, key: str) -> Callable[[], None]:
    return lambda: scope.storage.delete(key)
