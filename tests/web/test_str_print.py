"""A case shows its own audit history, and an STR draft prints as a page; agents see
neither."""

from __future__ import annotations

from tests.api.test_cases import close_for_str, staff
from tests.web.support import signed_in_client


def test_audit_history_and_printable_str(client, rt, make_token, make_customer):
    officer, _, case, proposal = close_for_str(client, rt, make_token, make_customer)
    manager, _ = staff(client, make_token, "compliance_manager")
    approved = client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                           headers=manager)
    assert approved.status_code == 200

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=officer).json
    history = [e["action"] for e in detail["audit_history"]]
    assert "case:state:change" in history and "case:approval:propose" in history
    assert [e["seq"] for e in detail["audit_history"]] == sorted(
        e["seq"] for e in detail["audit_history"])

    browser = client.application.test_client()
    signed_in_client(browser, rt, "compliance_officer")
    page = browser.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'data-testid="audit-history"' in page and "case:state:change" in page
    assert f"/cases/{case['id']}/str/print" in page
    printed = browser.get(f"/cases/{case['id']}/str/print")
    body = printed.get_data(as_text=True)
    assert printed.status_code == 200
    assert "large_transaction" in body and "Deposits withdrawn to a third-party IBAN" in body

    agent = client.application.test_client()
    signed_in_client(agent, rt, "agent")
    assert agent.get(f"/cases/{case['id']}/str/print").status_code == 404
