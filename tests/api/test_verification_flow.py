"""Identity verification end to end: real photos through the worker, decisions, KYC status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from audits.models import AuditEntry
from tests.docgen.documents import render_id_back, render_passport
from tests.support.identity_docs import identity, profile_of, shot
from tests.support.uploads import multipart

TODAY = date.today()


def check(client, auth, rt, customer_id, data, kind, side) -> dict:
    response = client.post(f"/api/v1/customers/{customer_id}/documents",
                           data=multipart(data, kind, side), headers=auth("integration"),
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.json
    rt.document_worker().run_until_idle()
    return client.get(f"/api/v1/documents/{response.json['id']}",
                      headers=auth("compliance_officer")).json


def alert_codes(client, auth, customer_id) -> list[str]:
    alerts = client.get(f"/api/v1/alerts?customer_id={customer_id}",
                        headers=auth("compliance_officer")).json["items"]
    return sorted(a["code"] for a in alerts)


def test_matching_passport_is_accepted(client, auth, rt, make_customer):
    person = identity(11)
    customer = make_customer(**profile_of(person))
    result = check(client, auth, rt, customer["id"], shot(render_passport(person), 1),
                   "passport", "data_page")
    assert result["status"] == "accepted", result["findings"]


def test_minor_is_rejected_and_alert_worthy(client, auth, rt, make_customer):
    minor = identity(12, birth_date=date(TODAY.year - 16, 3, 1))
    customer = make_customer(**profile_of(minor))
    result = check(client, auth, rt, customer["id"], shot(render_passport(minor), 2),
                   "passport", "data_page")
    assert result["status"] == "rejected"
    assert "underage" in {f["code"] for f in result["findings"]}
    agent_view = client.get(f"/api/v1/documents/{result['id']}", headers=auth("agent")).json
    assert agent_view["findings"] == []
    assert alert_codes(client, auth, customer["id"]) == ["document_underage"]


def test_expired_card_is_rejected(client, auth, rt, make_customer):
    person = identity(13, expiry_date=date(TODAY.year - 1, 1, 31))
    customer = make_customer(**profile_of(person))
    result = check(client, auth, rt, customer["id"], shot(render_id_back(person), 3),
                   "id_card", "back")
    assert result["status"] == "rejected"
    assert "expired" in {f["code"] for f in result["findings"]}


def test_name_mismatch_goes_to_review(client, auth, rt, make_customer):
    person = identity(14)
    customer = make_customer(**profile_of(person, given_names="Başkaİsim"))
    result = check(client, auth, rt, customer["id"], shot(render_id_back(person), 4),
                   "id_card", "back")
    assert result["status"] == "needs_review"
    assert "name_mismatch" in {f["code"] for f in result["findings"]}


def test_birth_date_mismatch_goes_to_review(client, auth, rt, make_customer):
    person = identity(15)
    customer = make_customer(**profile_of(person, birth_date="1970-01-01"))
    result = check(client, auth, rt, customer["id"], shot(render_passport(person), 5),
                   "passport", "data_page")
    assert "birth_date_mismatch" in {f["code"] for f in result["findings"]}


def test_same_id_for_two_customers_is_document_reused(client, auth, rt, make_customer):
    person = identity(16)
    first = make_customer(**profile_of(person))
    second = make_customer(**profile_of(person, national_id=None))
    assert check(client, auth, rt, first["id"], shot(render_id_back(person), 6), "id_card",
                 "back")["status"] == "accepted"
    reused = check(client, auth, rt, second["id"], shot(render_id_back(person), 7),
                   "id_card", "back")
    assert reused["status"] == "needs_review"
    finding = next(f for f in reused["findings"] if f["code"] == "document_reused")
    assert finding["customers"] == [first["id"]]
    assert "document_reused" in alert_codes(client, auth, second["id"])
    assert alert_codes(client, auth, first["id"]) == []


def test_kyc_status_follows_the_documents_and_changes_are_audited(client, auth, rt,
                                                                   make_customer):
    person = identity(17)
    customer = make_customer(**profile_of(person))

    def status() -> str:
        return client.get(f"/api/v1/customers/{customer['id']}",
                          headers=auth("agent")).json["kyc_status"]

    assert status() == "unverified"
    response = client.post(f"/api/v1/customers/{customer['id']}/documents",
                           data=multipart(shot(render_id_back(person), 9), "id_card", "back"),
                           headers=auth("integration"), content_type="multipart/form-data")
    assert response.status_code == 202
    assert status() == "pending"
    rt.document_worker().run_until_idle()
    assert status() == "unverified"  # the front and an address proof are still missing
    with rt.session_factory() as session:
        changes = list(session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "customer:kyc:status",
            AuditEntry.customer_ref == customer["id"]).order_by(AuditEntry.seq)))
    assert [('"to":"pending"' in c, '"to":"unverified"' in c) for c in changes] == [
        (True, False), (False, True)]
