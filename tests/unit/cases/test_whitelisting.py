"""Whitelisting a screening hit is four-eyes: the officer's false-positive review alone
suppresses nothing; a re-screen keeps (or re-opens) the screening alert until a
compliance manager who neither reviewed nor proposed it approves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits.trail import AuditContext
from cases.alerts import Alert
from cases.alerts.models import Resolution
from cases.alerts.queries import close_alert
from cases.casework import approvals
from cases.casework.records import CaseText
from cases.casework.settings import CaseSettings
from cases.screening_store.commands import import_list_file
from cases.screening_store.models import ScreeningHit
from cases.screening_store.reviews import customer_hits
from kyc_service.core.db import transaction
from kyc_service.core.errors import PermissionDenied
from tests.support.factories import customer_payload
from tests.unit.cases.test_screening_store import (
    CTX,
    KARA,
    SETTINGS,
    hits_of,
    rescreen,
    review,
    write_un,
)

MANAGER = AuditContext("manager-1", "compliance_manager")
REVIEWING_MANAGER = AuditContext("officer-1", "compliance_manager")  # CTX's person


def alerts(rt, customer_id):
    with rt.session_factory() as session:
        return [(a.status, "pending_approval" in a.evidence_json) for a in session.scalars(
            select(Alert).where(Alert.customer_id == customer_id).order_by(Alert.created_at))]


def whitelist_status(rt, customer_id):
    with transaction(rt.session_factory) as session:
        return [h["whitelist_status"] for h in customer_hits(
            session, CTX, rt.vault, customer_id, "sanctions_screening")]


def propose(rt, hit_id, ctx=CTX):
    with transaction(rt.session_factory) as session:
        return approvals.propose_whitelist(session, ctx, CaseText(rt.vault), hit_id,
                                           "Other father, other city.").id


def decide(rt, proposal_id, ctx, roles=("compliance_manager",)):
    with transaction(rt.session_factory) as session:
        approvals.approve(session, ctx, CaseText(rt.vault), CaseSettings(), proposal_id,
                          set(roles))


@pytest.fixture
def reviewed(rt, tmp_path):
    """A customer whose one hit an officer reviewed as a false positive, and whose
    screening alert was then closed (say, with the case)."""
    import_list_file(rt.session_factory, CTX, write_un(tmp_path, [KARA]), "un-xml", "UN",
                     SETTINGS)
    data = customer_payload(1, given_names="Hüseyin", surname="Zorlutuna",
                            birth_date="1961-04-12")
    with transaction(rt.session_factory) as session:
        customer = rt.customers.create(session, AuditContext.system(), data).id
    (hit,) = hits_of(rt, customer)
    review(rt, hit.id)
    with transaction(rt.session_factory) as session:
        (alert,) = session.scalars(select(Alert).where(Alert.customer_id == customer)).all()
        close_alert(session, CTX, alert.id, Resolution.FALSE_POSITIVE)
    return customer, hit.id


def test_an_unapproved_false_positive_reopens_the_alert_and_approval_suppresses(rt, reviewed):
    customer, hit_id = reviewed
    assert whitelist_status(rt, customer) == ["pending"]

    first = rescreen(rt)
    second = rescreen(rt)  # the alert is open now: kept, not extended again
    assert (first.suppressed, first.pending_approval) == (0, 1)
    assert (second.suppressed, second.pending_approval) == (0, 1)
    assert alerts(rt, customer) == [("closed", False), ("open", True)]
    assert [h.status for h in hits_of(rt, customer)] == ["false_positive"]

    decide(rt, propose(rt, hit_id), MANAGER)
    with transaction(rt.session_factory) as session:
        (alert,) = session.scalars(select(Alert).where(Alert.customer_id == customer,
                                                       Alert.status == "open")).all()
        close_alert(session, MANAGER, alert.id, Resolution.FALSE_POSITIVE)
    after = rescreen(rt)
    assert (after.suppressed, after.pending_approval) == (1, 0)
    assert [status for status, _ in alerts(rt, customer)] == ["closed", "closed"]
    assert whitelist_status(rt, customer) == ["approved"]


def test_the_reviewer_the_proposer_and_officers_cannot_approve(rt, reviewed):
    customer, hit_id = reviewed
    proposal_id = propose(rt, hit_id, MANAGER)  # a manager proposes the officer's review

    refusals = [(MANAGER, ("compliance_manager",), "four_eyes_same_person"),  # proposer
                (REVIEWING_MANAGER, ("compliance_manager",), "four_eyes_reviewer"),
                (AuditContext("officer-2", "compliance_officer"), ("compliance_officer",),
                 "manager_only")]
    for ctx, roles, code in refusals:
        with pytest.raises(PermissionDenied) as refused:
            decide(rt, proposal_id, ctx, roles)
        assert refused.value.code == code, ctx
    assert whitelist_status(rt, customer) == ["pending"]
    assert rescreen(rt).suppressed == 0

    decide(rt, proposal_id, AuditContext("manager-2", "compliance_manager"))
    assert whitelist_status(rt, customer) == ["approved"]
    assert rescreen(rt).suppressed == 1


def test_a_rejected_whitelisting_reopens_the_hit(rt, reviewed):
    customer, hit_id = reviewed
    proposal_id = propose(rt, hit_id)
    with transaction(rt.session_factory) as session:
        approvals.reject(session, MANAGER, CaseText(rt.vault), proposal_id,
                         {"compliance_manager"}, "Same birth date: confirm it.")
    with rt.session_factory() as session:
        assert session.get_one(ScreeningHit, hit_id).status == "open"
    assert whitelist_status(rt, customer) == ["none"]
    assert rescreen(rt).already_known == 1
