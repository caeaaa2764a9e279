"""The customers API as the operator's backend, agents and officers use it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from audits.models import AuditEntry
from tests.support.db import count_rows
from tests.support.factories import customer_payload


def audit_entries(rt: Any, action: str) -> list[AuditEntry]:
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.seq)))


def test_create_then_read_back_whole_as_officer(client, auth, make_customer):
    created = make_customer(given_names="İsmail Çağrı", surname="Şahinoğlu",
                            national_id="10000000146")
    response = client.get(f"/api/v1/customers/{created['id']}",
                          headers=auth("compliance_officer"))
    assert response.status_code == 200
    body = response.json
    assert body["given_names"] == "İsmail Çağrı"
    assert body["surname"] == "Şahinoğlu"
    assert body["national_id"] == "10000000146"
    assert body["disclosure"] == "full"
    assert body["version"] == 1


def test_agent_sees_masked_values(client, auth, make_customer):
    created = make_customer(national_id="10000000146", email="ayse.yilmaz@example.com",
                            phone="+905321234567", birth_date="1991-07-15")
    body = client.get(f"/api/v1/customers/{created['id']}", headers=auth("agent")).json
    assert body["national_id"] == "10*******46"
    assert body["email"].startswith("ay") and "yilmaz" not in body["email"]
    assert body["email"].endswith(".com")
    assert body["phone"].startswith("+90") and body["phone"].endswith("67")
    assert "1234" not in body["phone"]
    assert body["birth_date"] == "1991-**-**"
    assert body["given_names"] == created["given_names"]
    assert body["disclosure"] == "masked"


def test_every_read_is_audited_with_purpose_and_disclosure(client, auth, make_customer, rt):
    created = make_customer()
    client.get(f"/api/v1/customers/{created['id']}?purpose=aml_investigation",
               headers=auth("compliance_officer"))
    client.get(f"/api/v1/customers/{created['id']}", headers=auth("agent"))
    reads = [e for e in audit_entries(rt, "customer:pii:read")
             if e.customer_ref == created["id"]]
    by_role = {e.actor_role: e for e in reads}
    assert by_role["compliance_officer"].purpose == "aml_investigation"
    assert '"disclosure":"full"' in by_role["compliance_officer"].details
    assert by_role["agent"].purpose == "customer_support"
    assert '"disclosure":"masked"' in by_role["agent"].details
    assert all(e.outcome == "success" for e in reads)


def test_unknown_purpose_is_rejected(client, auth, make_customer):
    created = make_customer()
    response = client.get(f"/api/v1/customers/{created['id']}?purpose=curiosity",
                          headers=auth("compliance_officer"))
    assert response.status_code == 422
    assert "purpose" in response.json["errors"]


def test_find_by_external_ref_national_id_and_email(client, auth, make_customer):
    target = make_customer(national_id="10000000146", email="Zeynep.Kaya@Example.com")
    make_customer()
    headers = auth("agent")
    for query in (f"external_ref={target['external_ref']}", "national_id=10000000146",
                  "email=zeynep.kaya@example.com"):
        body = client.get(f"/api/v1/customers?{query}", headers=headers).json
        assert body["total"] == 1, query
        assert body["items"][0]["id"] == target["id"]
    assert client.get("/api/v1/customers?national_id=10000000200",
                      headers=headers).json["total"] == 0


def test_list_pages_through_customers(client, auth, make_customer):
    ids = {make_customer()["id"] for _ in range(5)}
    first = client.get("/api/v1/customers?page=1&page_size=3", headers=auth("agent")).json
    second = client.get("/api/v1/customers?page=2&page_size=3", headers=auth("agent")).json
    assert first["total"] == 5
    assert {c["id"] for c in first["items"] + second["items"]} == ids


def test_update_changes_fields_and_bumps_version(client, auth, make_customer):
    created = make_customer()
    response = client.patch(f"/api/v1/customers/{created['id']}",
                            json={"surname": "Öztürk", "version": 1},
                            headers=auth("integration"))
    assert response.status_code == 200
    assert response.json["surname"] == "Öztürk"
    assert response.json["version"] == 2
    stale = client.patch(f"/api/v1/customers/{created['id']}",
                         json={"surname": "Kaya", "version": 1}, headers=auth("integration"))
    assert stale.status_code == 409
    assert stale.json["code"] == "stale_version"
    again = client.get(f"/api/v1/customers/{created['id']}", headers=auth("integration")).json
    assert again["surname"] == "Öztürk"


def test_update_reindexes_national_id(client, auth, make_customer):
    created = make_customer(national_id="10000000146")
    response = client.patch(f"/api/v1/customers/{created['id']}",
                            json={"national_id": "12345678028"}, headers=auth("integration"))
    assert response.status_code == 200, response.json
    headers = auth("agent")
    assert client.get("/api/v1/customers?national_id=10000000146",
                      headers=headers).json["total"] == 0
    assert client.get("/api/v1/customers?national_id=12345678028",
                      headers=headers).json["total"] == 1


BAD_BODIES = [
    ("wrong types", {"birth_date": 19900101, "given_names": 7}, {"birth_date", "given_names"}),
    ("unknown field", {"favourite_colour": "blue"}, {"favourite_colour"}),
    ("bad checksum", {"national_id": "12345678901"}, {"national_id"}),
    ("unknown country", {"nationality": "XYZ"}, {"nationality"}),
    ("lowercase country", {"nationality": "tur"}, {"nationality"}),
    ("future birth date", {"birth_date": "2999-01-01"}, {"birth_date"}),
    ("phone not E.164", {"phone": "0532 123 45 67"}, {"phone"}),
    ("bad email", {"email": "not-an-email"}, {"email"}),
    ("bad language", {"preferred_language": "de"}, {"preferred_language"}),
]


def test_bad_input_answers_422_with_field_details_and_changes_nothing(client, auth, rt):
    headers = auth("integration")
    before = count_rows(rt.engine)
    for label, override, fields in BAD_BODIES:
        response = client.post("/api/v1/customers", json=customer_payload(1, **override),
                               headers=headers)
        assert response.status_code == 422, label
        assert response.content_type == "application/problem+json", label
        assert response.json["code"] == "validation_failed", label
        assert fields <= set(response.json["errors"]), (label, response.json)
    assert count_rows(rt.engine) == before


def test_missing_required_fields_are_named(client, auth):
    response = client.post("/api/v1/customers", json={}, headers=auth("integration"))
    assert response.status_code == 422
    assert {"external_ref", "given_names", "surname", "birth_date", "nationality"} <= set(
        response.json["errors"])


def test_malformed_json_answers_400(client, auth, rt):
    headers = auth("integration")
    before = count_rows(rt.engine)
    response = client.post("/api/v1/customers", data=b'{"external_ref": "x",',
                           content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.json["code"] == "malformed_json"
    assert count_rows(rt.engine) == before


def test_duplicate_external_ref_answers_409_and_keeps_the_first(client, auth, make_customer, rt):
    first = make_customer(external_ref="player-42")
    before = count_rows(rt.engine)
    response = client.post("/api/v1/customers",
                           json=customer_payload(99, external_ref="player-42"),
                           headers=auth("integration"))
    assert response.status_code == 409
    assert response.json["code"] == "duplicate_external_ref"
    assert count_rows(rt.engine) == before
    found = client.get("/api/v1/customers?external_ref=player-42", headers=auth("agent")).json
    assert [c["id"] for c in found["items"]] == [first["id"]]


def test_oversized_body_answers_413(client, auth, rt):
    headers = auth("integration")
    before = count_rows(rt.engine)
    payload = customer_payload(1, surname="x" * (rt.settings.max_json_bytes + 10))
    response = client.post("/api/v1/customers", json=payload, headers=headers)
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.json["code"] == "payload_too_large"
    assert count_rows(rt.engine) == before


def test_missing_customer_is_404_problem(client, auth):
    response = client.get("/api/v1/customers/00000000-0000-0000-0000-000000000000",
                          headers=auth("compliance_officer"))
    assert response.status_code == 404
    assert response.json["code"] == "customer_not_found"
