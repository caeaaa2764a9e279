"""Finding a case by the short id pages show, linking with a version check, and bulk
work that refuses case by case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audits.trail import AuditContext
from cases.casework import bulk, intake
from cases.casework.models import Case
from cases.casework.records import CaseText
from cases.casework.settings import CaseSettings
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.errors import Conflict, ValidationFailed
from tests.support.factories import customer_payload

MANAGER = AuditContext("manager-1", "compliance_manager")
IDS = ("abcdef12-0000-4000-8000-000000000001", "abcdef12-0000-4000-8000-000000000002",
       "abcdef99-0000-4000-8000-000000000003")


@pytest.fixture
def cases(rt):
    """Three open cases, two of whose ids start alike, with risk scores 30, 30 and 90."""
    with transaction(rt.session_factory) as session:
        for number, case_id in enumerate(IDS, start=1):
            customer = rt.customers.create(session, AuditContext.system(),
                                           customer_payload(number))
            session.add(Case(id=case_id, customer_id=customer.id, status="open",
                             priority="medium", risk_score=90 if number == 3 else 30,
                             origin="manual", due_at=utcnow() + timedelta(days=3), version=1))
    return IDS


def test_a_case_is_found_by_its_id_or_an_unambiguous_start(rt, cases):
    with rt.session_factory() as session:
        assert intake.find_case(session, IDS[2]).id == IDS[2]
        assert intake.find_case(session, " ABCDEF99 ").id == IDS[2]
        assert intake.find_case(session, IDS[2][:20]).id == IDS[2]
        for reference, code in (("abcdef12", "case_ref_ambiguous"), ("abcdef", "case_ref_unknown"),
                                ("ffffffff", "case_ref_unknown"), ("abcd%", "case_ref_unknown")):
            with pytest.raises(ValidationFailed) as refused:
                intake.find_case(session, reference)
            assert refused.value.code == code, reference


def test_linking_with_a_version_checks_it_and_moves_it_on(rt, cases):
    with transaction(rt.session_factory) as session:
        other = session.get_one(Case, IDS[1]).customer_id
        with pytest.raises(Conflict) as stale:
            intake.link_customer(session, MANAGER, IDS[0], other, "shared_device", version=7)
        assert stale.value.code == "stale_version"
        intake.link_customer(session, MANAGER, IDS[0], other, "shared_device", version=1)
        own = session.get_one(Case, IDS[0])
        assert own.version == 2
        with pytest.raises(ValidationFailed) as same:
            intake.link_customer(session, MANAGER, IDS[0], own.customer_id, "other")
        assert same.value.code == "link_own_customer"


def test_bulk_close_goes_case_by_case_and_reports_each_refusal(rt, cases):
    items = [(IDS[0], 1), (IDS[1], 5), (IDS[2], 1), ("no-such-case", 1)]
    with transaction(rt.session_factory) as session:
        result = bulk.close_each_false_positive(session, MANAGER, CaseText(rt.vault),
                                                CaseSettings(), items, "Known payroll pattern")
    assert result.done == [IDS[0]]
    assert [(r.case_id, r.code) for r in result.refused] == [
        (IDS[1], "stale_version"), (IDS[2], "four_eyes_required"),
        ("no-such-case", "case_not_found")]
    with rt.session_factory() as session:
        assert [session.get_one(Case, i).status for i in IDS] == ["closed", "open", "open"]
    with transaction(rt.session_factory) as session, pytest.raises(ValidationFailed):
        bulk.assign_each(session, MANAGER, CaseSettings(), [], "manager-1")
