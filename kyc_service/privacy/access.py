"""The access export (GDPR Art. 15, KVKK Art. 11) and the restricted AML view.

The export is built on demand, never stored: a zip with `data.json` (everything every
provider holds about the person, decrypted) and the document images. Producing it is
audited. The restricted view shows an erased customer's retained AML records to
compliance staff only, and is audited as well.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sqlalchemy.orm import Session

from audits.privacy.scope import ExportScope, KeyMaterial
from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import utcnow
from kyc_service.core.errors import IntegrityFailure, NotFound
from kyc_service.customers.models import Customer
from kyc_service.privacy.models import PrivacyRequest, PrivacySubject, RequestKind, RequestStatus
from kyc_service.privacy.provider import SUBJECTS_TABLE
from kyc_service.privacy.wiring import PrivacyDeps

WITHHELD = ("AML alerts, sanctions/PEP screening results, cases and suspicious transaction "
            "reports are not disclosed (GDPR Art. 23; AMLD Art. 39; MASAK Law 5549 Art. 4).")


def _key(deps: PrivacyDeps, key: DataKey | None) -> KeyMaterial | None:
    if key is None:
        return None
    try:
        return KeyMaterial(deps.vault.data_keys.open(key), key.id)
    except IntegrityFailure:
        return None  # destroyed: nothing of the person can be read any more


def build_export(session: Session, ctx: AuditContext, deps: PrivacyDeps,
                 request: PrivacyRequest) -> bytes:
    if request.kind != RequestKind.ACCESS:
        raise NotFound("Only access requests have an export.", code="no_export")
    customer = deps.customers.get(session, request.customer_id)
    scope = ExportScope(session, deps.vault, deps.storage, customer.id,
                        _key(deps, customer.data_key))
    sections = {p.name: data for p in deps.registry.providers if (data := p.export(scope))}
    document = {"format": "kyc-data-subject-export/v1", "request_id": request.id,
                "customer_id": customer.id, "generated_at": utcnow().isoformat(),
                "controller": {"name": deps.settings.controller_name,
                               "contact": deps.settings.controller_contact},
                "withheld": WITHHELD, "data": sections, "files": sorted(scope.files)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2,
                                                 sort_keys=True, default=str))
        for name, blob in sorted(scope.files.items()):
            archive.writestr(name, blob)
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_EXPORT_READ, object_type="privacy_request", object_id=request.id,
        customer_ref=customer.id, purpose=Purpose.DATA_SUBJECT_REQUEST,
        details={"sections": sorted(sections), "files": len(scope.files)}))
    if request.completed_at is None:
        request.status, request.completed_at = RequestStatus.COMPLETED, utcnow()
    return buffer.getvalue()


def restricted_view(session: Session, ctx: AuditContext, deps: PrivacyDeps,
                    customer_id: str) -> dict[str, Any]:
    """An erased customer's retained AML records, for compliance; audited."""
    subject = session.get(PrivacySubject, customer_id)
    customer = session.get(Customer, customer_id)
    if subject is None or customer is None:
        raise NotFound("No restricted record for this customer.", code="not_restricted")
    identity: dict[str, Any] | None = None
    key = _key(deps, session.get(DataKey, subject.retention_key_id)
               if subject.retention_key_id else customer.data_key)
    if key is not None and subject.retained_identity_enc is not None:
        identity = json.loads(key.cipher(SUBJECTS_TABLE, customer_id).open(
            "identity", subject.retained_identity_enc) or "{}")
    scope = ExportScope(session, deps.vault, deps.storage, customer_id, key)
    retained = {p.name: p.export(scope) for p in deps.registry.providers
                if p.name in ("aml_monitoring", "documents")}
    documents = [{k: v for k, v in d.items() if k != "file"}
                 for d in retained.get("documents", {}).get("documents", [])]
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_RESTRICTED_READ, object_type="customer", object_id=customer_id,
        customer_ref=customer_id, purpose=Purpose.AML_INVESTIGATION,
        details={"identity": identity is not None, "documents": len(documents)}))
    return {"customer_id": customer_id, "restricted": True,
            "restricted_at": subject.restricted_at, "retain_until": subject.retain_until,
            "jurisdiction": subject.jurisdiction, "shredded": subject.shredded_at is not None,
            "destroyed": subject.destroyed_at is not None, "identity": identity,
            "transactions": retained.get("aml_monitoring", {}).get("transactions", []),
            "documents": documents}
