"""What a printed suspicious-transaction report says, gathered from the case.

The STR JSON names its subjects by id; a report for the regulator names the people. So
this adds each subject's identity (an audited read of personal data, one entry per
subject) and the four-eyes decision that led to the report, to the same draft view the
API answers. Rendering lives in `str_pdf`; this module only gathers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import Purpose
from audits.trail import AuditContext
from cases.casework import str_draft
from cases.casework.approvals import APPROVED, CLOSE
from cases.casework.models import CaseProposal
from cases.casework.records import CaseText, get_case
from cases.casework.workflow import Disposition
from kyc_service.customers.service import CustomerService, Disclosure

ADDRESS_ORDER = ("line1", "line2", "postal_code", "district", "city", "region", "country")


@dataclass(frozen=True)
class Subject:
    customer_id: str
    full_name: str | None
    external_ref: str | None
    birth_date: str | None
    national_id: str | None
    nationality: str | None
    address: str | None


@dataclass(frozen=True)
class FourEyes:
    proposed_by: str | None
    proposed_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None


@dataclass(frozen=True)
class StrReport:
    """The draft exactly as the STR JSON gives it, plus names and the approval."""

    operator: str
    draft: Mapping[str, Any]
    subjects: tuple[Subject, ...]
    four_eyes: FourEyes | None


def address_line(address: Mapping[str, Any] | None) -> str | None:
    if not address:
        return None
    keys = [k for k in ADDRESS_ORDER if k in address] + sorted(
        k for k in address if k not in ADDRESS_ORDER)
    return ", ".join(str(address[k]) for k in keys if address[k]) or None


def _subject(customer_id: str, record: Mapping[str, Any]) -> Subject:
    names = " ".join(p for p in (record.get("given_names"), record.get("surname")) if p)
    return Subject(customer_id=customer_id, full_name=names or None,
                   external_ref=record.get("external_ref"),
                   birth_date=record.get("birth_date"),
                   national_id=record.get("national_id"),
                   nationality=record.get("nationality"),
                   address=address_line(record.get("address")))


def four_eyes(session: Session, case_id: str) -> FourEyes | None:
    """The approved STR closure (latest, should the case have been closed twice); the
    case's own closing fields when the closure needed no proposal."""
    proposal = session.scalar(select(CaseProposal).where(
        CaseProposal.case_id == case_id, CaseProposal.kind == CLOSE,
        CaseProposal.status == APPROVED,
        CaseProposal.disposition == Disposition.STR_FILED.value)
        .order_by(CaseProposal.decided_at.desc()).limit(1))
    if proposal is not None:
        return FourEyes(proposal.proposed_by, proposal.proposed_at, proposal.decided_by,
                        proposal.decided_at)
    case = get_case(session, case_id)
    if case.approved_by is None:
        return None
    return FourEyes(case.closed_by, None, case.approved_by, case.closed_at)


def build_report(session: Session, ctx: AuditContext, text: CaseText,
                 customers: CustomerService, case_id: str,
                 documents: Sequence[str_draft.DocumentFact], *, operator: str,
                 form: str) -> StrReport:
    """Everything the printed report shows; every decrypted part is an audited read."""
    draft = str_draft.draft_view(session, ctx, text, case_id, documents, form=form)
    purpose = Purpose.AML_INVESTIGATION.value
    subjects = tuple(
        _subject(customer_id, customers.read(session, ctx, customers.get(session, customer_id),
                                             Disclosure.FULL, purpose))
        for customer_id in draft["facts"]["subjects"])
    return StrReport(operator=operator, draft=draft, subjects=subjects,
                     four_eyes=four_eyes(session, case_id))
