"""A customer's KYC status, derived from the latest document of each kind and side.

Derived, never edited by hand: the documents are the evidence, the status their summary.
Identity is proven by both sides of an ID card or by a passport; an address proof is
required too unless the jurisdiction's settings say otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.customers.models import Customer
from kyc_service.documents.models import Document

IDENTITY_SETS = (
    (("id_card", "front"), ("id_card", "back")),
    (("passport", "data_page"),),
)
ADDRESS = ("address_proof", "page")


def derive_status(latest: Mapping[tuple[str, str], str],
                  require_address_proof: bool = True) -> tuple[str, list[str]]:
    """(status, reasons) from {(kind, side): status of the newest upload}."""
    if not latest:
        return "unverified", ["no_documents"]
    processing = sorted(f"{k}:{s}" for (k, s), v in latest.items() if v == "processing")
    if processing:
        return "pending", [f"processing:{name}" for name in processing]
    review = sorted(f"{k}:{s}" for (k, s), v in latest.items() if v == "needs_review")
    if review:
        return "needs_review", [f"needs_review:{name}" for name in review]
    identity = any(all(latest.get(part) == "accepted" for part in group)
                   for group in IDENTITY_SETS)
    address = not require_address_proof or latest.get(ADDRESS) == "accepted"
    if identity and address:
        return "verified", []
    rejected = sorted(f"{k}:{s}" for (k, s), v in latest.items() if v in {"rejected", "failed"})
    if rejected:
        return "rejected", [f"rejected:{name}" for name in rejected]
    missing = [] if identity else ["missing:identity_document"]
    if not address:
        missing.append("missing:address_proof")
    return "unverified", missing


def refresh_kyc_status(session: Session, ctx: AuditContext, customer: Customer,
                       require_address_proof: bool) -> str:
    """Recompute the customer's status from the newest document of each kind and side."""
    latest: dict[tuple[str, str], str] = {}
    for kind, side, status in session.execute(
            select(Document.kind, Document.side, Document.status)
            .where(Document.customer_id == customer.id)
            .order_by(Document.created_at)):
        latest[(kind, side)] = status
    status, reasons = derive_status(latest, require_address_proof)
    if status != customer.kyc_status:
        previous, customer.kyc_status = customer.kyc_status, status
        record(session, ctx, AuditEvent(
            AuditAction.CUSTOMER_KYC_STATUS, object_type="customer", object_id=customer.id,
            customer_ref=customer.id,
            details={"from": previous, "to": status, "reasons": reasons}))
    return status
