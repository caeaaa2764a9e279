"""Alerts as compliance staff see them, and as agents must never see them."""

from __future__ import annotations

from sqlalchemy import select

from audits.models import AuditEntry
from tests.support.aml_events import deposit, event

FAKE_ID = "00000000-0000-0000-0000-000000000000"


def send(client, auth, *events):
    response = client.post("/api/v1/transactions", json={"events": list(events)},
                           headers=auth("integration"))
    assert response.status_code == 200, response.json
    assert response.json["rejected"] == 0, response.json
    return response.json


def alerts_of(client, auth, customer_id, **query):
    params = "&".join(f"{k}={v}" for k, v in {"customer_id": customer_id, **query}.items())
    response = client.get(f"/api/v1/alerts?{params}", headers=auth("compliance_officer"))
    assert response.status_code == 200, response.json
    return response.json


def test_a_planted_large_deposit_becomes_an_alert_with_evidence(client, auth, make_customer):
    customer = make_customer()
    big = deposit(customer["external_ref"], "15000.00", payer_name=None)
    send(client, auth, event(customer["external_ref"]), big)
    page = alerts_of(client, auth, customer["id"])
    assert page["total"] == 1
    [alert] = page["items"]
    assert (alert["code"], alert["source"], alert["status"]) == ("large_transaction", "rule",
                                                                   "open")
    assert alert["rule_version"] == 1 and alert["settings_version"] == 1
    assert 0 < alert["score"] <= 100 and alert["hit_count"] == 1
    detail = client.get(f"/api/v1/alerts/{alert['id']}", headers=auth("compliance_officer")).json
    [hit] = detail["hits"]
    assert hit["transaction_ids"] == [big["external_id"]]
    assert hit["evidence"]["amount"] == "15000.00"
    assert "15000.00" in hit["explanation"]


def test_repeated_hits_go_to_the_open_alert_until_it_is_closed(client, auth, make_customer):
    customer = make_customer()
    ref = customer["external_ref"]
    send(client, auth, deposit(ref, "12000.00"))
    first = alerts_of(client, auth, customer["id"])["items"][0]
    send(client, auth, deposit(ref, "13000.00", at_minutes=60, instrument="card-2"))
    page = alerts_of(client, auth, customer["id"], code="large_transaction")
    assert page["total"] == 1
    again = page["items"][0]
    assert again["id"] == first["id"] and again["hit_count"] == 2
    assert again["score"] > first["score"]
    assert again["last_seen_at"] > first["last_seen_at"]
    closed = client.post(f"/api/v1/alerts/{first['id']}/close",
                         json={"resolution": "false_positive"},
                         headers=auth("compliance_officer"))
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    send(client, auth, deposit(ref, "14000.00", at_minutes=120, instrument="card-3"))
    page = alerts_of(client, auth, customer["id"], code="large_transaction")
    assert page["total"] == 2
    assert sorted(a["status"] for a in page["items"]) == ["closed", "open"]
    twice = client.post(f"/api/v1/alerts/{first['id']}/close", json={"resolution": "reported"},
                        headers=auth("compliance_officer"))
    assert (twice.status_code, twice.json["code"]) == (409, "alert_closed")


def test_agents_cannot_see_alerts_at_all(client, auth, make_customer):
    customer = make_customer()
    send(client, auth, deposit(customer["external_ref"], "20000.00"))
    alert_id = alerts_of(client, auth, customer["id"])["items"][0]["id"]
    for role in ("agent", "integration", "admin"):
        assert client.get("/api/v1/alerts", headers=auth(role)).status_code == 403
        hidden = client.get(f"/api/v1/alerts/{alert_id}", headers=auth(role))
        missing = client.get(f"/api/v1/alerts/{FAKE_ID}", headers=auth(role))
        assert hidden.status_code == missing.status_code == 404
        strip = lambda body: {k: v for k, v in body.items()  # noqa: E731
                              if k not in {"request_id", "instance"}}
        assert strip(hidden.json) == strip(missing.json)


def test_auditors_read_alerts_but_cannot_close_them(client, auth, make_customer, rt):
    customer = make_customer()
    send(client, auth, deposit(customer["external_ref"], "20000.00"))
    listed = client.get("/api/v1/alerts", headers=auth("auditor"))
    assert listed.status_code == 200 and listed.json["total"] == 1
    alert_id = listed.json["items"][0]["id"]
    assert client.get(f"/api/v1/alerts/{alert_id}", headers=auth("auditor")).status_code == 200
    refused = client.post(f"/api/v1/alerts/{alert_id}/close",
                          json={"resolution": "false_positive"}, headers=auth("auditor"))
    assert refused.status_code == 404
    with rt.session_factory() as session:
        reads = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "alert:record:read", AuditEntry.object_id == alert_id)))
    assert [e.actor_role for e in reads] == ["auditor"]
    assert all(e.customer_ref == customer["id"] for e in reads)


def test_filters_and_pages(client, auth, make_customer):
    first, second = make_customer(), make_customer()
    send(client, auth, deposit(first["external_ref"], "15000.00"),
         deposit(second["external_ref"], "60000.00", at_minutes=5 * 24 * 60))
    headers = auth("compliance_manager")

    def ids(query: str) -> list[str]:
        response = client.get(f"/api/v1/alerts?{query}", headers=headers)
        assert response.status_code == 200, response.json
        return [a["customer_id"] for a in response.json["items"]]

    assert ids("code=large_transaction") == [second["id"], first["id"]]  # score order
    assert ids("min_score=100") == []
    assert ids(f"customer_id={first['id']}&status=open") == [first["id"]]
    assert ids("status=closed") == []
    assert ids("seen_from=2025-03-03T00:00:00Z") == [second["id"]]
    assert ids("seen_to=2025-03-03T00:00:00%2B00:00") == [first["id"]]
    page = client.get("/api/v1/alerts?page=2&page_size=1", headers=headers).json
    assert (page["total"], page["page"], len(page["items"])) == (2, 2, 1)
    bad = client.get("/api/v1/alerts?min_score=101", headers=headers)
    assert bad.status_code == 422 and "min_score" in bad.json["errors"]
