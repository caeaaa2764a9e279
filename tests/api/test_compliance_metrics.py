"""Compliance figures: the JSON endpoint, Prometheus text and the dashboard page, from
cases closed through the real workflow."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from cases.casework.models import Case
from kyc_service.core.db import transaction, utcnow
from tests.web.test_case_pages import case_for, staff_client


def close_as_false_positive(client, headers, case):
    for action, extra in (("start_review", {}),
                          ("close", {"disposition": "false_positive", "text": "Salary"})):
        response = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=headers,
                               json={"action": action, "version": case["version"], **extra})
        assert response.status_code == 200, response.json
        case = response.json
    return case


def test_figures_count_age_sla_and_false_positive_rate_per_rule(
        client, app, rt, auth, make_customer):
    officer = auth("compliance_officer")
    noisy = [case_for(rt, make_customer()["id"], 30, "round_amounts") for _ in range(2)]
    kept = case_for(rt, make_customer()["id"], 30, "velocity")
    with transaction(rt.session_factory) as session:  # one case opened 10 days ago, overdue
        session.execute(update(Case).where(Case.id == kept.id).values(
            opened_at=utcnow() - timedelta(days=10), due_at=utcnow() - timedelta(days=1)))
    for case in noisy:
        summary = client.get(f"/api/v1/cases?customer_id={case.customer_id}",
                             headers=officer).json["items"][0]
        close_as_false_positive(client, officer, summary)

    figures = client.get("/api/v1/metrics/compliance", headers=officer).json
    assert figures["open_by_age_and_priority"]["7_30d"]["low"] >= 1
    assert figures["sla"]["open_overdue"] >= 1
    assert figures["resolution"]["closed"] >= 2
    rule = next(r for r in figures["dispositions_by_rule"] if r["code"] == "round_amounts")
    assert (rule["total"], rule["false_positive_rate"]) == (2, 1.0)
    assert client.get("/api/v1/metrics/compliance", headers=auth("agent")).status_code == 403

    text = client.get("/metrics", headers=auth("compliance_manager"))
    assert text.status_code == 200 and text.content_type.startswith("text/plain")
    body = text.get_data(as_text=True)
    assert 'kyc_cases_closed{code="round_amounts",disposition="false_positive"} 2' in body
    assert "# TYPE kyc_cases_open gauge" in body
    assert client.get("/metrics", headers=auth("agent")).status_code == 403
    assert client.get("/metrics", headers=officer).status_code == 403

    page = staff_client(app.test_client(), rt, "compliance_manager").get("/dashboard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "round_amounts" in html and "<svg" in html
    agent = staff_client(app.test_client(), rt, "agent")
    assert agent.get("/dashboard").status_code == 403
