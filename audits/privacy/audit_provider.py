"""The audit trail as a personal-data provider: pseudonymous by design.

Entries carry ids, field names and hashes, never personal values, so an erasure never
rewrites the hash chain; they stay as long as the AML records whose handling they prove.
An access export includes who read the customer's data and why (GDPR Art. 15(1)(c)),
but not AML actions, which must not be disclosed (tipping-off).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from audits.models import AuditEntry
from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope

DISCLOSED_AREAS = ("customer:", "document:", "privacy:")
TRAIL = ("accountability", "evidence of lawful processing (GDPR Art. 5(2), KVKK Art. 12)")


class AuditTrailProvider:
    name = "audit_trail"
    declarations = (
        T("audit_entries", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("access log (ids, field names, purposes)",), TRAIL,
          (LegalBasis.LEGAL_OBLIGATION,), Retention.AUDIT_TRAIL,
          recipients=("auditors", "data-protection authority on request"),
          security=("hash chain with signed Merkle checkpoints", "append-only triggers"),
          aml_retained=("access log (ids, field names, purposes)",)),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        entries = [
            {"at": e.occurred_at.isoformat(), "action": e.action, "by_role": e.actor_role,
             "purpose": e.purpose, "outcome": e.outcome}
            for e in scope.session.scalars(select(AuditEntry).where(
                AuditEntry.customer_ref == scope.customer_id).order_by(AuditEntry.seq))
            if e.action.startswith(DISCLOSED_AREAS)]
        return {"processing_log": entries}

    def erase(self, scope: ErasureScope) -> Counts:
        return {}

    def destroy(self, scope: DestroyScope) -> Counts:
        return {}
