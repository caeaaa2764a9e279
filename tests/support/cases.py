"""Cases as the service opens them: an alert for a customer gathers into their case."""

from __future__ import annotations

from sqlalchemy import select

from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from cases.casework.models import Case
from kyc_service.core.db import transaction
from kyc_service.runtime import Runtime


def case_from_alert(rt: Runtime, customer_id: str, score: int = 50) -> str:
    """Raise a large-transaction alert for the customer; answers the id of their case."""
    with transaction(rt.session_factory) as session:
        raise_alert(session, AuditContext.system(), customer_id, AlertSource.RULE,
                    "large_transaction", score, {"amount": "15000.00"})
    with rt.session_factory() as session:
        return session.scalars(select(Case.id).where(Case.customer_id == customer_id)).one()
