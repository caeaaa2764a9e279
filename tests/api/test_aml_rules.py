"""GET/PATCH /api/v1/rules: settings changes are versioned, audited and take effect."""

from __future__ import annotations

import json

from sqlalchemy import select

from audits.models import AuditEntry
from cases.monitoring.models import RuleSettingChange
from cases.rules import RULE_IDS
from tests.support.aml_events import deposit

RULE = "/api/v1/rules/large_transaction"


def codes_after(client, auth, customer, amount, minutes):
    client.post("/api/v1/transactions", headers=auth("integration"), json={"events": [
        deposit(customer["external_ref"], amount, at_minutes=minutes)]})
    page = client.get(f"/api/v1/alerts?customer_id={customer['id']}",
                      headers=auth("compliance_officer")).json
    return {a["code"]: a for a in page["items"]}


def test_rules_are_listed_with_settings_and_version(client, auth):
    body = client.get("/api/v1/rules", headers=auth("auditor")).json
    assert [r["id"] for r in body["rules"]] == list(RULE_IDS)
    assert body["settings_version"] == 1 and len(body["fingerprint"]) == 64
    large = next(r for r in body["rules"] if r["id"] == "large_transaction")
    assert large["enabled"] is True and large["settings"]["threshold_reporting"] == "10000"
    assert client.get("/api/v1/rules", headers=auth("agent")).status_code == 403


def test_a_threshold_change_is_versioned_audited_and_applied(client, auth, make_customer, rt):
    customer = make_customer()
    response = client.patch(RULE, headers=auth("compliance_manager"), json={
        "settings": {"threshold_reporting": "20000"}, "reason": "Board decision 2025/14"})
    assert response.status_code == 200, response.json
    assert response.json["settings_version"] == 2
    assert response.json["settings"]["threshold_reporting"] == "20000"
    assert "large_transaction" not in codes_after(client, auth, customer, "15000.00", 0)
    alert = codes_after(client, auth, customer, "25000.00", 60)["large_transaction"]
    assert alert["settings_version"] == 2
    with rt.session_factory() as session:
        [entry] = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "aml:rule:change"))
        [change] = session.scalars(select(RuleSettingChange))
    details = json.loads(entry.details)
    assert entry.actor_role == "compliance_manager" and entry.object_id == "large_transaction"
    assert details["before"] == {"threshold_reporting": "10000"}
    assert details["after"] == {"threshold_reporting": "20000"}
    assert details["settings_version"] == 2 and "Board" not in entry.details
    assert (change.settings_version, change.reason) == (2, "Board decision 2025/14")
    listed = client.get("/api/v1/rules", headers=auth("compliance_officer")).json
    assert listed["settings_version"] == 2


def test_a_disabled_rule_raises_nothing(client, auth, make_customer):
    customer = make_customer()
    off = client.patch(RULE, headers=auth("compliance_manager"),
                       json={"enabled": False, "reason": "pilot"})
    assert off.status_code == 200 and off.json["enabled"] is False
    assert "large_transaction" not in codes_after(client, auth, customer, "50000.00", 0)


def test_bad_changes_are_refused(client, auth):
    headers = auth("compliance_manager")
    cases = [
        (RULE, {"settings": {"threshold_reporting": 20000.5}, "reason": "x" * 5}, 422),
        (RULE, {"settings": {"threshold": "1"}, "reason": "typo"}, 422),
        (RULE, {"reason": "nothing to change"}, 422),
        (RULE, {"enabled": False}, 422),
        ("/api/v1/rules/no_such_rule", {"enabled": False, "reason": "gone"}, 404),
        ("/api/v1/rules/structuring", {"settings": {"window_seconds": 99_999_999},
                                       "reason": "longer than kept"}, 422),
    ]
    for url, body, status in cases:
        assert client.patch(url, json=body, headers=headers).status_code == status, body
    assert client.patch(RULE, json={"enabled": False, "reason": "not mine"},
                        headers=auth("compliance_officer")).status_code == 403


def test_the_last_enabled_rule_cannot_be_disabled(client, auth):
    headers = auth("compliance_manager")
    *others, last = RULE_IDS
    for rule_id in others:
        assert client.patch(f"/api/v1/rules/{rule_id}", headers=headers,
                            json={"enabled": False, "reason": "drill"}).status_code == 200
    refused = client.patch(f"/api/v1/rules/{last}", headers=headers,
                           json={"enabled": False, "reason": "drill"})
    assert (refused.status_code, refused.json["code"]) == (409, "last_active_rule")
