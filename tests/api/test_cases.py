"""Case management through the API: alerts gather in one case, the workflow, stale
writes, four-eyes, STR drafts, and agents who never see any of it."""

from __future__ import annotations

from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from kyc_service.core.db import transaction

FAKE_ID = "00000000-0000-0000-0000-000000000000"


def alert(rt, customer_id, code="large_transaction", score=50):
    with transaction(rt.session_factory) as session:
        return raise_alert(session, AuditContext.system(), customer_id, AlertSource.RULE,
                           code, score, {"amount": "15000.00"}).id


def staff(client, make_token, *roles):
    headers = {"Authorization": f"Bearer {make_token(*roles)}"}
    user_id = client.get("/api/v1/auth/me", headers=headers).json["user_id"]
    return headers, user_id


def queue(client, headers, **query):
    params = "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(f"/api/v1/cases?{params}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def move(client, headers, case, action, **extra):
    return client.post(f"/api/v1/cases/{case['id']}/transitions",
                       json={"action": action, "version": case["version"], **extra},
                       headers=headers)


def actions(rt, case_id):
    with rt.session_factory() as session:
        return [e.action for e in session.scalars(select(AuditEntry).where(
            AuditEntry.object_id == case_id).order_by(AuditEntry.seq))]


def test_alerts_gather_in_one_case_and_the_workflow_runs(client, rt, make_token,
                                                        make_customer):
    officer, officer_id = staff(client, make_token, "compliance_officer")
    customer = make_customer()
    first = alert(rt, customer["id"], "large_transaction", 50)
    second = alert(rt, customer["id"], "structuring", 75)
    page = queue(client, officer, queue="unassigned", customer_id=customer["id"])
    assert page["total"] == 1 and page["counts"]["unassigned"] >= 1
    [case] = page["items"]
    assert case["alert_count"] == 2 and case["risk_score"] == 75
    assert case["priority"] == "high" and case["status"] == "open"

    illegal = move(client, officer, case, "escalate")
    assert illegal.status_code == 409 and illegal.json["code"] == "illegal_transition"
    assert illegal.json["allowed"] == ["start_review", "close", "merge"]

    case = client.post(f"/api/v1/cases/{case['id']}/assign", json={"version": case["version"]},
                       headers=officer).json
    assert case["assignee_id"] == officer_id
    case = move(client, officer, case, "start_review").json
    case = move(client, officer, case, "request_info", text="Ask for a bank statement").json
    assert case["status"] == "pending_info" and case["paused_at"]
    assert queue(client, officer, queue="mine")["total"] == 1
    case = move(client, officer, case, "info_received").json
    assert case["paused_at"] is None
    case = move(client, officer, case, "escalate", text="Looks like layering").json
    assert case["status"] == "escalated"
    assert client.post(f"/api/v1/cases/{case['id']}/comments", json={"text": "Called MLRO"},
                       headers=officer).status_code == 201

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=officer).json
    assert {a["id"] for a in detail["alerts"]} == {first, second}
    assert detail["customer"]["id"] == customer["id"]
    texts = [e["text"] for e in detail["timeline"] if e["text"]]
    assert "Ask for a bank statement" in texts and "Called MLRO" in texts
    trail = actions(rt, case["id"])
    assert trail.count("case:state:change") == 4
    assert {"case:record:open", "case:alert:attach", "case:assignee:change",
            "case:comment:add", "case:record:read"} <= set(trail)
    with rt.session_factory() as session:
        raw = b"".join(e.details.encode() for e in session.scalars(select(AuditEntry)))
    assert b"bank statement" not in raw and b"Called MLRO" not in raw


def test_two_officers_change_the_same_case_one_wins_the_other_gets_409(
        client, rt, make_token, make_customer):
    first, first_id = staff(client, make_token, "compliance_officer")
    second, _ = staff(client, make_token, "compliance_officer")
    customer = make_customer()
    alert(rt, customer["id"])
    case = queue(client, first, customer_id=customer["id"])["items"][0]
    won = client.post(f"/api/v1/cases/{case['id']}/assign", json={"version": case["version"]},
                      headers=first)
    lost = client.post(f"/api/v1/cases/{case['id']}/assign", json={"version": case["version"]},
                       headers=second)
    assert won.status_code == 200
    assert (lost.status_code, lost.json["code"]) == (409, "stale_version")
    assert lost.json["current_version"] == won.json["version"]
    stale_move = move(client, second, case, "start_review")
    assert stale_move.status_code == 409
    now = queue(client, first, customer_id=customer["id"])["items"][0]
    assert now["assignee_id"] == first_id and now["status"] == "open"
    assert now["version"] == won.json["version"]


def close_for_str(client, rt, make_token, make_customer):
    officer, officer_id = staff(client, make_token, "compliance_officer")
    customer = make_customer()
    alert(rt, customer["id"], score=60)
    case = queue(client, officer, customer_id=customer["id"])["items"][0]
    case = move(client, officer, case, "start_review").json
    direct = move(client, officer, case, "close", disposition="str_filed", text="Layering")
    assert (direct.status_code, direct.json["code"]) == (409, "four_eyes_required")
    proposal = client.post(f"/api/v1/cases/{case['id']}/proposals", headers=officer, json={
        "version": case["version"], "disposition": "str_filed",
        "rationale": "Deposits withdrawn to a third-party IBAN"})
    assert proposal.status_code == 201, proposal.json
    return officer, officer_id, case, proposal.json


def test_four_eyes_needs_a_second_manager_even_when_the_proposer_has_both_roles(
        client, rt, make_token, make_customer):
    both, _ = staff(client, make_token, "compliance_officer", "compliance_manager")
    manager, manager_id = staff(client, make_token, "compliance_manager")
    customer = make_customer()
    alert(rt, customer["id"], score=60)
    case = queue(client, both, customer_id=customer["id"])["items"][0]
    case = move(client, both, case, "start_review").json
    proposal = client.post(f"/api/v1/cases/{case['id']}/proposals", headers=both, json={
        "version": case["version"], "disposition": "account_restricted",
        "rationale": "Third-party cards"}).json
    own = client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={}, headers=both)
    assert (own.status_code, own.json["code"]) == (403, "four_eyes_same_person")
    approved = client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                           headers=manager)
    assert approved.status_code == 200 and approved.json["decided_by"] == manager_id
    closed = queue(client, manager, queue="closed", customer_id=customer["id"])["items"][0]
    assert closed["disposition"] == "account_restricted"
    assert "case:approval:approve" in actions(rt, case["id"])


def test_str_closure_approved_by_a_manager_gives_a_draft_with_a_deadline(
        client, rt, make_token, make_customer):
    officer, _, case, proposal = close_for_str(client, rt, make_token, make_customer)
    officer_approves = client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                                   headers=officer)
    assert officer_approves.status_code == 404  # the role may not approve at all
    manager, _ = staff(client, make_token, "compliance_manager")
    assert client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                       headers=manager).status_code == 200
    again = client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                        headers=manager)
    assert (again.status_code, again.json["code"]) == (409, "proposal_decided")
    draft = client.get(f"/api/v1/cases/{case['id']}/str", headers=officer).json
    assert draft["narrative"] == "Deposits withdrawn to a third-party IBAN"
    assert draft["facts"]["subjects"] == [case["customer_id"]]
    assert [f["code"] for f in draft["facts"]["red_flags"]] == ["large_transaction"]
    assert draft["filing_due_at"] > draft["decided_at"]
    listed = queue(client, officer, queue="str_due")
    assert case["id"] in {c["id"] for c in listed["items"]}
    edited = client.patch(f"/api/v1/cases/{case['id']}/str", headers=officer,
                          json={"version": draft["version"], "narrative": "Edited"})
    assert edited.status_code == 200 and edited.json["narrative"] == "Edited"
    stale = client.patch(f"/api/v1/cases/{case['id']}/str", headers=officer,
                         json={"version": draft["version"], "narrative": "Lost?"})
    assert stale.status_code == 409
    assert "str:draft:read" in actions(rt, case["id"])


def test_agents_see_no_case_and_no_str(client, rt, make_token, make_customer, auth):
    officer, _, case, proposal = close_for_str(client, rt, make_token, make_customer)
    manager, _ = staff(client, make_token, "compliance_manager")
    assert client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                       headers=manager).status_code == 200
    assert client.get(f"/api/v1/cases/{case['id']}/str", headers=officer).status_code == 200
    agent = auth("agent")
    assert client.get("/api/v1/cases", headers=agent).status_code == 403
    assert client.get("/api/v1/proposals", headers=agent).status_code == 403
    for path in (f"/api/v1/cases/{case['id']}", f"/api/v1/cases/{case['id']}/str"):
        hidden, missing = client.get(path, headers=agent), client.get(
            path.replace(case["id"], FAKE_ID), headers=agent)
        assert hidden.status_code == missing.status_code == 404
    customer = client.get(f"/api/v1/customers/{case['customer_id']}", headers=agent).json
    assert "case" not in str(customer).lower() and "str" not in customer


def test_merge_and_link_and_bulk_false_positive(client, rt, make_token, make_customer):
    officer, _ = staff(client, make_token, "compliance_officer")
    manager, _ = staff(client, make_token, "compliance_manager")
    one, two = make_customer(), make_customer()
    alert(rt, one["id"], score=30)
    alert(rt, two["id"], score=35)
    a = queue(client, officer, customer_id=one["id"])["items"][0]
    b = queue(client, officer, customer_id=two["id"])["items"][0]
    merged = client.post(f"/api/v1/cases/{b['id']}/merge", headers=officer, json={
        "version": b["version"], "into_case_id": a["id"], "into_version": a["version"]})
    assert merged.status_code == 200 and merged.json["id"] == a["id"]
    detail = client.get(f"/api/v1/cases/{a['id']}", headers=officer).json
    assert len(detail["alerts"]) == 2
    assert detail["linked_customers"][0]["customer_id"] == two["id"]
    refused = client.post("/api/v1/cases/bulk/close-false-positive", headers=officer,
                          json={"items": [{"id": a["id"], "version": detail["version"]}],
                                "rationale": "Known payroll pattern"})
    assert refused.status_code == 403
    closed = client.post("/api/v1/cases/bulk/close-false-positive", headers=manager,
                         json={"items": [{"id": a["id"], "version": detail["version"]}],
                               "rationale": "Known payroll pattern"})
    assert closed.status_code == 200 and closed.json["items"][0]["status"] == "closed"
    reopened = move(client, officer, closed.json["items"][0], "reopen")
    assert reopened.status_code == 422  # a reason is mandatory
