"""A compliance officer's case in a real browser: take it from the queue, read it, ask
for information, resume, escalate, propose an STR closure that only another manager can
approve; and the agent, who sees no trace of the case or the report."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from cases.casework.models import Case, CaseProposal
from cases.screening_store.commands import import_list_file
from kyc_service.core.db import transaction
from tests.e2e.conftest import TIMEOUT_MS
from tests.unit.cases.test_screening_store import CTX, KARA, SETTINGS, write_un
from tests.web.support import PASSWORD, make_staff


@pytest.fixture
def english(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Fresh English profiles, one per person (each has its own cookies)."""
    contexts: list[BrowserContext] = []

    def new_page() -> Page:
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()


def step(page: Page, button: str, note: str | None = None, field: str | None = None) -> None:
    if note is not None:
        page.locator(f"#text-{field}").fill(note)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_officer_takes_escalates_and_a_manager_approves_the_str(
        english, live_server, rt, make_customer):
    customer = make_customer()
    with transaction(rt.session_factory) as session:
        raise_alert(session, AuditContext.system(), customer["id"], AlertSource.RULE,
                    "structuring", 60, {"amount": "9900.00", "count": 3})
    with rt.session_factory() as session:
        case_id = session.scalars(select(Case.id).where(
            Case.customer_id == customer["id"])).one()
    officer = english()
    sign_in(officer, live_server, make_staff(rt, "compliance_officer"))

    officer.get_by_test_id("nav-cases").click()  # the queue, unassigned first
    expect(officer.get_by_role("heading", name="Cases")).to_be_visible()
    row = officer.locator(f'tr[data-case="{case_id}"]')
    expect(row).to_be_visible()
    row.get_by_role("link").click()
    expect(officer).to_have_url(f"{live_server}/cases/{case_id}")
    # Reading it: the full profile and the alert's evidence.
    expect(officer.get_by_test_id("national-id")).to_have_text(customer["national_id"])
    expect(officer.get_by_test_id("alert")).to_contain_text("structuring")

    step(officer, "Take this case")
    expect(officer.get_by_test_id("assignee")).to_have_text("You")
    step(officer, "Start review")
    step(officer, "Ask for information", "Please send the card statements", "request_info")
    expect(officer.get_by_test_id("case-status")).to_have_text("Waiting for information")
    step(officer, "Information received, resume")
    step(officer, "Escalate", "Structuring below the threshold", "escalate")
    expect(officer.get_by_test_id("case-status")).to_have_text("Escalated")
    expect(officer.get_by_test_id("timeline")).to_contain_text(
        "Please send the card statements")

    officer.get_by_label("Disposition").select_option("str_filed")
    officer.get_by_label("Rationale").fill("Repeated deposits just under the threshold")
    officer.get_by_role("button", name="Close or propose closure").click()
    expect(officer.get_by_test_id("pending-proposal")).to_be_visible()
    expect(officer.get_by_test_id("four-eyes-note")).to_be_visible()
    expect(officer.get_by_role("button", name="Approve")).to_have_count(0)
    # Even a hand-made approval request from the proposer is refused.
    with rt.session_factory() as session:
        proposal_id = session.scalars(select(CaseProposal.id).where(
            CaseProposal.case_id == case_id)).one()
    token = officer.locator('input[name="csrf_token"]').first.get_attribute("value")
    forged = officer.request.post(f"{live_server}/proposals/{proposal_id}/approve",
                                  form={"csrf_token": token or ""})
    assert forged.status == 404
    expect(officer.get_by_test_id("case-status")).to_have_text("Escalated")

    manager = english()
    sign_in(manager, live_server, make_staff(rt, "compliance_manager"))
    manager.goto(f"{live_server}/cases/{case_id}")
    expect(manager.get_by_test_id("pending-proposal")).to_contain_text(
        "Repeated deposits just under the threshold")
    manager.get_by_role("button", name="Approve").click()
    expect(manager.get_by_test_id("case-status")).to_have_text("Closed")
    expect(manager.get_by_test_id("disposition")).to_have_text("Suspicious transaction report")
    expect(manager.get_by_test_id("str-due")).to_be_visible()

    agent = english()
    sign_in(agent, live_server, make_staff(rt, "agent"))
    expect(agent.get_by_test_id("nav-cases")).to_have_count(0)
    assert agent.goto(f"{live_server}/cases").status == 403
    assert agent.goto(f"{live_server}/cases/{case_id}").status == 404
    assert agent.goto(f"{live_server}/cases?queue=str_due").status == 403
    agent.goto(f"{live_server}/customers/{customer['id']}")
    expect(agent.get_by_test_id("kyc-status")).to_be_visible()
    content = agent.content()
    assert case_id not in content and proposal_id not in content
    assert not re.search(r"/cases|suspicious|STR|structuring", content, re.IGNORECASE)

    with rt.session_factory() as session:
        trail = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == case_id)))
    assert trail.count("case:state:change") == 5  # 4 moves and the approved closure
    assert {"case:record:read", "case:approval:propose", "case:approval:approve"} <= set(trail)


def test_manager_closes_a_page_of_cases_in_bulk_with_the_keyboard(
        english, live_server, rt, make_customer):
    scores = {make_customer()["id"]: score for score in (30, 35, 90)}
    for customer_id, score in scores.items():
        with transaction(rt.session_factory) as session:
            raise_alert(session, AuditContext.system(), customer_id, AlertSource.RULE,
                        "large_transaction", score, {"amount": "15000.00"})
    with rt.session_factory() as session:
        high = session.scalars(select(Case.id).where(Case.risk_score == 90)).one()
    manager = english()
    errors: list[str] = []
    manager.on("console", lambda message: errors.append(message.text)
               if message.type == "error" else None)
    sign_in(manager, live_server, make_staff(rt, "compliance_manager"))
    manager.goto(f"{live_server}/cases?queue=all")

    select_all = manager.get_by_label("Select all cases on this page")
    expect(select_all).to_be_visible()  # the small script showed it
    select_all.focus()
    manager.keyboard.press("Space")
    expect(manager.locator("input[data-pick]:checked")).to_have_count(3)
    manager.get_by_label(f"Select case {high[:8]}").press("Space")  # untick, then tick again
    expect(select_all).not_to_be_checked()
    manager.get_by_label(f"Select case {high[:8]}").press("Space")
    expect(select_all).to_be_checked()
    manager.get_by_label("Rationale (required to close)").fill("Salary deposits, known employer")
    manager.get_by_role("button", name="Close selected as false positive").click()

    expect(manager.locator(".alert-success")).to_have_text(
        "Closed as false positives: 2 of 3 selected cases.")
    expect(manager.locator(".alert-error")).to_contain_text(f"Case {high[:8]} was not changed")
    expect(manager.locator("tr[data-case]")).to_have_count(1)  # only the high-risk case is left
    assert not errors, errors
    with rt.session_factory() as session:
        statuses = sorted(session.scalars(select(Case.status)))
    assert statuses == ["closed", "closed", "open"]


def test_a_screening_hit_is_reviewed_and_whitelisted_by_a_second_person(
        english, live_server, rt, tmp_path, make_customer):
    import_list_file(rt.session_factory, CTX, write_un(tmp_path, [KARA]), "un-xml", "UN",
                     SETTINGS)
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna",
                             birth_date="1961-04-12")
    with rt.session_factory() as session:
        case_id = session.scalars(select(Case.id).where(
            Case.customer_id == customer["id"])).one()
    officer = english()
    sign_in(officer, live_server, make_staff(rt, "compliance_officer", "compliance_manager"))
    officer.goto(f"{live_server}/cases/{case_id}")
    hit = officer.get_by_test_id("hit")
    hit.get_by_label("False positive: not this person").check()
    hit.get_by_label("Reason (required)").fill("Born in İzmir; the listed man in Mardin.")
    hit.get_by_role("button", name="Save the review").click()
    expect(hit.get_by_test_id("whitelist-pending")).to_be_visible()
    hit.get_by_label("Why this match can be whitelisted").fill("Different birthplace.")
    hit.get_by_role("button", name="Propose whitelisting").click()
    expect(hit.get_by_test_id("whitelist-four-eyes-note")).to_be_visible()
    expect(hit.get_by_role("button", name="Approve")).to_have_count(0)

    manager = english()
    sign_in(manager, live_server, make_staff(rt, "compliance_manager"))
    manager.goto(f"{live_server}/cases/{case_id}")
    expect(manager.get_by_test_id("whitelist-proposal")).to_contain_text(
        "Different birthplace.")
    manager.get_by_test_id("hit").get_by_role("button", name="Approve").click()
    expect(manager).to_have_url(f"{live_server}/cases/{case_id}#hits-title")
    expect(manager.get_by_test_id("whitelisted")).to_be_visible()
    expect(manager.get_by_test_id("hit-status")).to_have_text("False positive")
