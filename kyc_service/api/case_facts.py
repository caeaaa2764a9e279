"""What a case page shows, gathered from the packages around it.

Documents sit above `cases` in the layering, so their facts are gathered here and handed
down. Reading a case opens personal data (the profile, comments, hits' explanations):
each part is audited by the function that opens it, plus one `case:record:read`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from audits.search import AuditFilter, search_entries
from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts.models import Alert
from cases.alerts.queries import alert_view
from cases.casework import str_draft
from cases.casework.attachments import attachment_views
from cases.casework.models import Case, CaseAlert, CaseCustomer, CaseProposal
from cases.casework.records import CaseText, get_case
from cases.casework.str_draft import DocumentFact
from cases.casework.views import case_summary, proposal_view, timeline
from cases.monitoring.models import MonitoredTransaction
from cases.screening_store.reviews import customer_hits
from kyc_service.core.db import utcnow
from kyc_service.customers.service import CustomerService, Disclosure
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.runtime import Runtime

RECENT_TRANSACTIONS = 50


def plain(value: Any) -> Any:
    """Nested dicts go out as free-form JSON: times as ISO 8601, not HTTP dates."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def needs_review_customers() -> Select[Any]:
    return select(Document.customer_id).where(Document.status == DocumentStatus.NEEDS_REVIEW)


def document_facts(session: Session, customer_ids: list[str]) -> list[DocumentFact]:
    rows = session.scalars(select(Document).where(Document.customer_id.in_(customer_ids))
                           .order_by(Document.created_at, Document.id))
    return [DocumentFact(d.id, d.customer_id, d.kind, d.side, d.status, d.processed_at)
            for d in rows]


def _transactions(session: Session, customer_id: str) -> dict[str, Any]:
    where = MonitoredTransaction.customer_id == customer_id
    totals = session.execute(select(
        MonitoredTransaction.kind, MonitoredTransaction.currency, func.count(),
        func.min(MonitoredTransaction.occurred_at), func.max(MonitoredTransaction.occurred_at))
        .where(where).group_by(MonitoredTransaction.kind, MonitoredTransaction.currency))
    recent = session.scalars(select(MonitoredTransaction).where(where)
                             .order_by(MonitoredTransaction.occurred_at.desc())
                             .limit(RECENT_TRANSACTIONS))
    amounts: dict[tuple[str, str], Any] = {}
    for row in session.execute(select(MonitoredTransaction.kind, MonitoredTransaction.currency,
                                      MonitoredTransaction.amount).where(where)):
        key = (row.kind, row.currency)
        amounts[key] = amounts.get(key, 0) + row.amount  # Decimal sums; SQLite stores text
    return {
        "totals": [{"kind": kind, "currency": currency, "count": count,
                    "amount": str(amounts[(kind, currency)]), "first_at": first,
                    "last_at": last} for kind, currency, count, first, last in totals],
        "recent": [{"id": t.id, "external_id": t.external_id, "kind": t.kind,
                    "amount": str(t.amount), "currency": t.currency, "method": t.method,
                    "occurred_at": t.occurred_at} for t in recent],
    }


def str_documents(session: Session, case: Case) -> list[DocumentFact]:
    """The documents an STR cites: those of every subject of the case."""
    return document_facts(session, str_draft.subjects(session, case))


def audit_history(session: Session, case_id: str, limit: int = 500) -> list[dict[str, Any]]:
    """The case's own entries in the audit trail (ids and tags only), oldest first."""
    rows, _ = search_entries(session, AuditFilter(object_type="case", object_id=case_id),
                             limit=limit)
    return [{"seq": row["seq"], "at": row["occurred_at"], "action": row["action"],
             "actor_role": row["actor_role"], "actor_id": row["actor_id"],
             "outcome": row["outcome"]} for row in rows]


def case_detail(session: Session, rt: Runtime, ctx: AuditContext, text: CaseText,
                case_id: str) -> dict[str, Any]:
    case: Case = get_case(session, case_id)
    purpose = Purpose.AML_INVESTIGATION.value
    service: CustomerService = rt.customers
    customer = service.read(session, ctx, service.get(session, case.customer_id),
                            Disclosure.FULL, purpose)
    alerts = session.scalars(select(Alert).join(CaseAlert, CaseAlert.alert_id == Alert.id)
                             .where(CaseAlert.case_id == case.id)
                             .order_by(Alert.score.desc(), Alert.id))
    links = session.scalars(select(CaseCustomer).where(CaseCustomer.case_id == case.id))
    proposals = session.scalars(select(CaseProposal).where(CaseProposal.case_id == case.id)
                                .order_by(CaseProposal.proposed_at))
    view = case_summary(case, now=utcnow())
    view.update(
        customer=customer,
        rationale=text.open(session, case.customer_id, "cases", case.id, "rationale",
                            case.rationale_enc),
        linked_customers=[{"customer_id": link.customer_id, "kind": link.kind,
                           "linked_at": link.linked_at} for link in links],
        alerts=[alert_view(alert, with_evidence=True) for alert in alerts],
        documents=[fact.__dict__ for fact in document_facts(session, [case.customer_id])],
        transactions=_transactions(session, case.customer_id),
        screening_hits=customer_hits(session, ctx, rt.vault, case.customer_id, purpose),
        timeline=timeline(session, text, case),
        proposals=[proposal_view(session, text, p) for p in proposals],
        audit_history=audit_history(session, case.id),
        attachments=attachment_views(session, text, case),
    )
    view["alert_count"] = len(view["alerts"])
    for name in ("customer", "linked_customers", "alerts", "documents", "transactions",
                 "screening_hits", "timeline", "proposals", "audit_history",
                 "attachments"):
        view[name] = plain(view[name])
    record(session, ctx, AuditEvent(
        AuditAction.CASE_READ, object_type="case", object_id=case.id,
        customer_ref=case.customer_id, purpose=purpose,
        details={"fields": ["profile", "comments", "rationale", "screening_hits",
                            "attachment_names"],
                 "version": case.version}))
    return view
