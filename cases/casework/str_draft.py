"""Suspicious-transaction report drafts for cases closed as `str_filed`.

The facts (subjects, documents checked, transactions with totals, red flags) are
assembled from the case when the draft is read and frozen when it is marked filed. The
officer edits only the narrative. Documents come in as plain facts from the caller,
since the documents package sits above this one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts.models import Alert
from cases.casework.models import Case, CaseAlert, CaseCustomer, StrDraft
from cases.casework.records import CaseText, clean_text, get_case
from cases.monitoring.models import MonitoredTransaction
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, NotFound, ValidationFailed


@dataclass(frozen=True)
class DocumentFact:
    id: str
    customer_id: str
    kind: str
    side: str
    status: str
    processed_at: datetime | None


def get_draft(session: Session, case_id: str) -> StrDraft:
    draft = session.get(StrDraft, case_id)
    if draft is None:
        raise NotFound("This case has no STR draft.", code="str_not_found")
    return draft


def subjects(session: Session, case: Case) -> list[str]:
    linked = session.scalars(select(CaseCustomer.customer_id)
                             .where(CaseCustomer.case_id == case.id)
                             .order_by(CaseCustomer.customer_id))
    return [case.customer_id, *linked]


def build_facts(session: Session, case: Case,
                documents: Sequence[DocumentFact]) -> dict[str, Any]:
    alerts = list(session.scalars(select(Alert).join(
        CaseAlert, CaseAlert.alert_id == Alert.id).where(CaseAlert.case_id == case.id)
        .order_by(Alert.score.desc(), Alert.id)))
    referenced: set[str]
    red_flags, referenced = [], set()
    for alert in alerts:
        hits = json.loads(alert.evidence_json)["hits"]
        for hit in hits:
            referenced.update(hit.get("transaction_ids") or [])
        red_flags.append({
            "alert_id": alert.id, "source": alert.source, "code": alert.code,
            "score": alert.score, "hit_count": alert.hit_count,
            "first_seen_at": alert.first_seen_at.isoformat(),
            "last_seen_at": alert.last_seen_at.isoformat(),
            "explanations": sorted({h["explanation"] for h in hits if h.get("explanation")}),
        })
    rows = list(session.scalars(select(MonitoredTransaction).where(
        MonitoredTransaction.external_id.in_(sorted(referenced)))
        .order_by(MonitoredTransaction.occurred_at))) if referenced else []
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[(row.kind, row.currency)] += row.amount
    return {
        "case_id": case.id, "disposition": case.disposition,
        "subjects": subjects(session, case),
        "documents_checked": [
            {"id": d.id, "customer_id": d.customer_id, "kind": d.kind, "side": d.side,
             "status": d.status,
             "processed_at": d.processed_at.isoformat() if d.processed_at else None}
            for d in documents],
        "transactions": [
            {"id": t.id, "external_id": t.external_id, "customer_id": t.customer_id,
             "kind": t.kind, "amount": str(t.amount), "currency": t.currency,
             "method": t.method, "occurred_at": t.occurred_at.isoformat()} for t in rows],
        "totals": [{"kind": kind, "currency": currency, "amount": str(amount),
                    "count": sum(1 for t in rows if (t.kind, t.currency) == (kind, currency))}
                   for (kind, currency), amount in sorted(totals.items())],
        "red_flags": red_flags,
    }


def draft_view(session: Session, ctx: AuditContext, text: CaseText, case_id: str,
               documents: Sequence[DocumentFact], *, form: str | None = None
               ) -> dict[str, Any]:
    """The draft as JSON; opening the narrative is an audited read (`form` names an
    export such as "pdf" in the audit entry, so downloads are told apart from views)."""
    draft = get_draft(session, case_id)
    case = get_case(session, case_id)
    facts = (json.loads(draft.facts_json) if draft.facts_json is not None
             else build_facts(session, case, documents))
    details: dict[str, Any] = {"fields": ["narrative"]}
    if form is not None:
        details["form"] = form
    record(session, ctx, AuditEvent(AuditAction.STR_READ, object_type="case",
                                    object_id=case.id, customer_ref=case.customer_id,
                                    purpose=Purpose.AML_INVESTIGATION.value,
                                    details=details))
    return {"case_id": case.id, "version": draft.version, "decided_at": draft.decided_at,
            "updated_at": draft.updated_at,
            "filing_due_at": draft.filing_due_at, "filed_at": draft.filed_at,
            "filed_by": draft.filed_by, "filing_reference": draft.filing_reference,
            "overdue": draft.filed_at is None and draft.filing_due_at < utcnow(),
            "narrative": text.open(session, draft.customer_id, "str_drafts", draft.case_id,
                                   "narrative", draft.narrative_enc),
            "facts": facts}


def _for_change(session: Session, case_id: str, version: int) -> StrDraft:
    draft = get_draft(session, case_id)
    if draft.version != version:
        raise Conflict("The draft changed since you read it.", code="stale_version",
                       extra={"current_version": draft.version})
    if draft.filed_at is not None:
        raise Conflict("The report was filed; it no longer changes.", code="str_filed")
    return draft


def edit_narrative(session: Session, ctx: AuditContext, text: CaseText, case_id: str,
                   version: int, narrative: str | None) -> StrDraft:
    body = clean_text(narrative, required=True, field="narrative")
    draft = _for_change(session, case_id, version)
    draft.narrative_enc = text.seal(session, draft.customer_id, "str_drafts", draft.case_id,
                                    "narrative", body)
    draft.updated_at = utcnow()
    session.flush()
    record(session, ctx, AuditEvent(AuditAction.STR_UPDATE, object_type="case",
                                    object_id=case_id, customer_ref=draft.customer_id,
                                    details={"fields": ["narrative"],
                                             "version": draft.version}))
    return draft


def mark_filed(session: Session, ctx: AuditContext, case_id: str, version: int,
               reference: str, documents: Sequence[DocumentFact]) -> StrDraft:
    """Record that the report reached the regulator; freeze its facts."""
    reference = reference.strip()
    if not reference or len(reference) > 64:
        raise ValidationFailed("The regulator's reference (1-64 characters) is required.",
                               fields={"reference": ["Required."]})
    draft = _for_change(session, case_id, version)
    case = get_case(session, case_id)
    draft.facts_json = json.dumps(build_facts(session, case, documents), sort_keys=True)
    draft.filed_at = draft.updated_at = utcnow()
    draft.filed_by, draft.filing_reference = ctx.actor_id, reference
    session.flush()
    record(session, ctx, AuditEvent(AuditAction.STR_FILE, object_type="case",
                                    object_id=case_id, customer_ref=draft.customer_id,
                                    details={"reference": reference,
                                             "on_time": draft.filed_at <= draft.filing_due_at}))
    return draft


def overdue_count(session: Session, now: datetime) -> int:
    """Drafts not yet filed whose legal filing deadline has passed."""
    return session.scalar(select(func.count()).select_from(StrDraft).where(
        StrDraft.filed_at.is_(None), StrDraft.filing_due_at < now)) or 0
