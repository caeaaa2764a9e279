"""Officers' case pages through the test client: queues with counts, the case page and
its forms, stale forms that change nothing, four-eyes, document review, and agents who
see none of it."""

from __future__ import annotations

import re

from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from cases.casework.models import Case, CaseProposal
from kyc_service.core.db import transaction
from tests.api.test_review import in_review
from tests.web.support import csrf_token, make_staff, sign_in, signed_in_client

VERSION = re.compile(r'name="version" value="(\d+)"')


def staff_client(client, rt, *roles):
    """Signed in, asking for English pages (the messages below are checked in English)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return signed_in_client(client, rt, *roles)


def case_for(rt, customer_id, score=50, code="large_transaction"):
    with transaction(rt.session_factory) as session:
        raise_alert(session, AuditContext.system(), customer_id, AlertSource.RULE, code,
                    score, {"amount": "15000.00"})
    with rt.session_factory() as session:
        return session.scalars(select(Case).where(Case.customer_id == customer_id)).one()


def current(rt, case_id):
    with rt.session_factory() as session:
        return session.get_one(Case, case_id)


def post(client, path, **form):
    """Submit a form on the case page as the browser would (with the page's CSRF token)."""
    case_path = path.split("/")[0:3]
    token = csrf_token(client, "/".join(case_path)) if path.startswith("/cases/") else \
        csrf_token(client, "/")
    return client.post(path, data={"csrf_token": token, **form})


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def version_on(html):
    return VERSION.search(html).group(1)


def audit_actions(rt, object_id):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == object_id).order_by(AuditEntry.seq)))


def test_queue_shows_tabs_with_counts_filters_and_the_case(client, rt, make_customer):
    customer = make_customer()
    case = case_for(rt, customer["id"], score=90)
    staff_client(client, rt, "compliance_officer")
    html = page(client, "/cases?queue=unassigned&priority=critical&sort=risk_score&desc=1")
    assert f'data-case="{case.id}"' in html
    assert re.search(r'data-testid="count-unassigned">\d+<', html)
    assert 'aria-current="page"' in html and 'data-testid="nav-cases"' in html
    assert f'data-case="{case.id}"' not in page(client, "/cases?queue=unassigned&priority=low")
    assert f'data-case="{case.id}"' not in page(client, "/cases?queue=mine")
    assert page(client, "/cases?queue=bogus&sort=bogus&page=x")  # unknown values fall back


def test_officer_works_a_case_through_the_forms_and_every_step_is_audited(
        client, rt, make_customer):
    customer = make_customer()
    case = case_for(rt, customer["id"])
    staff_client(client, rt, "compliance_officer")
    path = f"/cases/{case.id}"
    html = page(client, path)
    assert customer["national_id"] in html  # full disclosure for compliance
    assert "large_transaction" in html

    steps = [("take", {}), ("move", {"action": "start_review"}),
             ("move", {"action": "request_info", "text": "Send a bank statement"}),
             ("move", {"action": "info_received"}),
             ("move", {"action": "escalate", "text": "Layering pattern"})]
    for step, form in steps:
        response = post(client, f"{path}/{step}", version=version_on(page(client, path)),
                        **form)
        assert response.status_code == 303, (step, form)
    response = post(client, f"{path}/comment", text="Called the MLRO")
    assert response.status_code == 303
    html = page(client, path)
    assert current(rt, case.id).status == "escalated"
    assert "Send a bank statement" in html and "Called the MLRO" in html
    trail = audit_actions(rt, case.id)
    assert trail.count("case:state:change") == 4
    assert {"case:assignee:change", "case:comment:add", "case:record:read"} <= set(trail)
    assert "customer:pii:read" in audit_actions(rt, customer["id"])


def test_a_stale_form_changes_nothing_and_says_so(client, app, rt, make_customer):
    customer = make_customer()
    case = case_for(rt, customer["id"])
    first = app.test_client()
    staff_client(first, rt, "compliance_officer")
    staff_client(client, rt, "compliance_officer")
    path = f"/cases/{case.id}"
    read_by_second = version_on(page(client, path))
    assert post(first, f"{path}/take", version=version_on(page(first, path))).status_code == 303
    winner = current(rt, case.id)
    response = post(client, f"{path}/take", version=read_by_second)
    assert response.status_code == 303
    html = page(client, path)
    assert "Someone changed this case while you were looking at it" in html
    after = current(rt, case.id)
    assert (after.assignee_id, after.version) == (winner.assignee_id, winner.version)
    stale_move = post(client, f"{path}/move", action="start_review", version=read_by_second)
    assert stale_move.status_code == 303 and current(rt, case.id).status == "open"


def test_str_closure_needs_another_manager(client, app, rt, make_customer):
    customer = make_customer()
    case = case_for(rt, customer["id"], score=60)
    staff_client(client, rt, "compliance_officer", "compliance_manager")
    path = f"/cases/{case.id}"
    post(client, f"{path}/move", action="start_review", version=version_on(page(client, path)))
    post(client, f"{path}/close", disposition="str_filed", rationale="Layering via cards",
         version=version_on(page(client, path)))
    html = page(client, path)
    assert 'data-testid="pending-proposal"' in html and "Layering via cards" in html
    assert 'data-testid="four-eyes-note"' in html  # no approve button for the proposer
    with rt.session_factory() as session:
        proposal = session.scalars(select(CaseProposal).where(
            CaseProposal.case_id == case.id)).one()
    forged = post(client, f"/proposals/{proposal.id}/approve")
    assert forged.status_code == 303
    assert "You cannot approve your own proposal" in page(client, path)
    assert current(rt, case.id).status == "in_review"

    manager = app.test_client()
    staff_client(manager, rt, "compliance_manager")
    assert "Approve" in page(manager, path)
    assert post(manager, f"/proposals/{proposal.id}/approve").status_code == 303
    closed = current(rt, case.id)
    assert (closed.status, closed.disposition) == ("closed", "str_filed")
    assert closed.str_due_at is not None
    assert 'data-testid="str-due"' in page(manager, path)
    assert {"case:approval:propose", "case:approval:approve"} <= set(
        audit_actions(rt, case.id))


def test_agents_get_no_link_403_on_queues_and_404_on_cases(client, rt, make_customer):
    customer = make_customer()
    case = case_for(rt, customer["id"])
    staff_client(client, rt, "agent")
    home = page(client, "/")
    assert 'data-testid="nav-cases"' not in home and "/cases" not in home
    assert client.get("/cases").status_code == 403
    assert client.get(f"/cases/{case.id}").status_code == 404
    token = csrf_token(client, "/")
    assert client.post(f"/cases/{case.id}/take",
                       data={"csrf_token": token, "version": "1"}).status_code == 404
    customer_page = page(client, f"/customers/{customer['id']}")
    assert case.id not in customer_page and "/cases" not in customer_page


def test_document_review_screen_shows_image_fields_and_decides(
        client, auth, rt, make_customer):
    _customer, document = in_review(client, auth, rt, make_customer)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    email = make_staff(rt, "compliance_officer")
    assert sign_in(client, email).status_code == 302
    html = page(client, f"/review/documents/{document['id']}")
    assert 'data-testid="fields"' in html and "Farklıisim" in html
    image = client.get(f"/review/documents/{document['id']}/image")
    assert image.status_code == 200 and image.content_type == "image/jpeg"
    assert {"document:result:read", "document:image:read"} <= set(
        audit_actions(rt, document["id"]))
    token = csrf_token(client, f"/review/documents/{document['id']}")
    response = client.post(f"/review/documents/{document['id']}", data={
        "csrf_token": token, "decision": "rejected", "reason": "identity_mismatch"})
    assert response.status_code == 303
    with rt.session_factory() as session:
        assert rt.documents.get(session, document["id"]).status == "rejected"
    assert "<form" not in page(client, f"/review/documents/{document['id']}").split(
        "</header>")[1]  # decided: no decision form any more
    assert "document:review:decide" in audit_actions(rt, document["id"])
