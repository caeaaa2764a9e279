"""Document findings that compliance must see become alerts (one open alert per customer
and code, so a repeated finding adds a hit instead of a new alert)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from kyc_service.documents.models import Document
from kyc_service.documents.verification import ALERTING, Finding

# How strongly each finding suggests fraud or harm; officers sort their queue by it.
SCORES = {"underage": 90, "document_reused": 85, "same_image_other_customer": 80,
          "front_back_mismatch": 75, "viz_mrz_mismatch": 70, "name_mismatch": 60,
          "birth_date_mismatch": 60}


def raise_document_alerts(session: Session, ctx: AuditContext, document: Document,
                          findings: Iterable[Finding]) -> None:
    for code in sorted({f["code"] for f in findings} & ALERTING):
        alert_code = code if code.startswith("document_") else f"document_{code}"
        raise_alert(session, ctx, document.customer_id, AlertSource.DOCUMENT, alert_code,
                    SCORES.get(code, 50),
                    {"document_id": document.id, "kind": document.kind, "side": document.side,
                     "finding": code})
