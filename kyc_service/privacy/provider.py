"""The privacy workflow's own tables as a provider (the retained identity is personal)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from kyc_service.privacy.models import PrivacyRequest, PrivacySubject

SUBJECTS_TABLE = "privacy_subjects"
DSR = ("answering data-subject requests", "proof of compliance with them")


class PrivacyProvider:
    name = "privacy"
    declarations = (
        T(SUBJECTS_TABLE, Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("identity kept under AML retention (restricted)",),
          ("AML record keeping after an erasure request (GDPR Art. 17(3)(b))",),
          (LegalBasis.LEGAL_OBLIGATION,), Retention.AML,
          recipients=("compliance staff (restricted view, audited)",
                      "MASAK / FIU on legal request"),
          security=("AES-256-GCM with a separate per-customer retention key",
                    "readable only through the audited restricted view"),
          aml_retained=("identity kept under AML retention (restricted)",)),
        T("privacy_requests", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("data-subject request history",), DSR, (LegalBasis.LEGAL_OBLIGATION,),
          Retention.AML, security=("ids, field names and counts only",)),
        T("privacy_legal_holds", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("legal holds",), ("preserving evidence for investigations",),
          (LegalBasis.LEGAL_OBLIGATION,), Retention.AML),
        T("privacy_destructions", Sensitivity.NOT_PERSONAL, Subjects.CUSTOMERS,
          ("destruction log (counts)",), ("KVKK destruction records",),
          (LegalBasis.LEGAL_OBLIGATION,), Retention.SYSTEM),
        T("data_keys", Sensitivity.NOT_PERSONAL, Subjects.CUSTOMERS, ("wrapped data keys",),
          ("envelope encryption, crypto-shredding",), (LegalBasis.LEGAL_OBLIGATION,),
          Retention.SYSTEM, security=("wrapped with the master key (AES-256-GCM)",)),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        requests = [{"id": r.id, "kind": r.kind, "status": r.status,
                     "received_at": r.received_at.isoformat(), "due_at": r.due_at.isoformat()}
                    for r in scope.session.scalars(select(PrivacyRequest).where(
                        PrivacyRequest.customer_id == scope.customer_id))]
        out: dict[str, Any] = {"requests": requests}
        subject = scope.session.get(PrivacySubject, scope.customer_id)
        if subject is not None and scope.key is not None and subject.retained_identity_enc:
            text = scope.key.cipher(SUBJECTS_TABLE, subject.customer_id).open(
                "identity", subject.retained_identity_enc)
            out["retained_under_aml_duty"] = json.loads(text or "{}")
            out["retained_until"] = subject.retain_until.isoformat()
        return out

    def erase(self, scope: ErasureScope) -> Counts:
        return {}

    def destroy(self, scope: DestroyScope) -> Counts:
        subject = scope.session.get(PrivacySubject, scope.customer_id)
        if subject is None or subject.retained_identity_enc is None:
            return {}
        subject.retained_identity_enc = None
        return {"identity kept under AML retention": 1}
