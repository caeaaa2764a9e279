"""The agent's pages: find a customer by player id, see status and masked data, in TR/EN."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from audits.models import AuditEntry
from tests.support.uploads import multipart, photo
from tests.web.support import csrf_token, signed_in_client


def audit(rt, action):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def find(client, player_id):
    return client.post("/customers/find", data={"player_id": player_id,
                                                "csrf_token": csrf_token(client, "/")})


def test_agent_finds_a_customer_and_sees_masked_data_only(client, rt, make_customer):
    customer = make_customer()
    signed_in_client(client, rt, "agent")
    response = find(client, f"  {customer['external_ref']} ")
    assert response.headers["Location"] == f"/customers/{customer['id']}"
    page = client.get(response.headers["Location"])
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert customer["national_id"] not in body
    assert customer["email"] not in body
    national_id = customer["national_id"]
    assert f"{national_id[:2]}{'*' * 7}{national_id[-2:]}" in body
    assert customer["surname"] in body and customer["external_ref"] in body
    assert "Doğrulanmadı" in body  # KYC status, in Turkish by default
    assert "Henüz belge yok" in body
    read = audit(rt, "customer:pii:read")[-1]
    assert read.object_id == customer["id"] and read.purpose == "customer_support"
    assert json.loads(read.details)["disclosure"] == "masked"
    search = audit(rt, "customer:record:search")[-1]
    assert json.loads(search.details) == {"by": ["external_ref"], "results": 1}
    assert customer["external_ref"] not in search.details


def test_officer_sees_full_data_and_the_read_names_its_purpose(client, rt, make_customer):
    customer = make_customer()
    signed_in_client(client, rt, "compliance_officer")
    body = client.get(f"/customers/{customer['id']}").get_data(as_text=True)
    assert customer["national_id"] in body and customer["email"] in body
    assert "maskelenmiştir" not in body
    read = audit(rt, "customer:pii:read")[-1]
    assert read.purpose == "kyc_verification"
    assert json.loads(read.details)["disclosure"] == "full"


def test_unknown_player_id_says_so_and_the_search_is_audited(client, rt):
    signed_in_client(client, rt, "agent")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    response = find(client, "no-such-player")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "No customer has this player id." in body and 'value="no-such-player"' in body
    assert json.loads(audit(rt, "customer:record:search")[-1].details)["results"] == 0
    assert "Enter a player id." in find(client, "   ").get_data(as_text=True)


def test_missing_customer_is_a_friendly_404_page(client, rt):
    signed_in_client(client, rt, "agent")
    response = client.get("/customers/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.content_type.startswith("text/html")
    assert "Sayfa bulunamadı" in response.get_data(as_text=True)


def test_roles_without_customer_access(client, rt, make_customer):
    customer = make_customer()
    signed_in_client(client, rt, "auditor")
    home = client.get("/").get_data(as_text=True)
    assert "Denetçi" in home and 'action="/customers/find"' not in home
    hidden = client.get(f"/customers/{customer['id']}")
    assert hidden.status_code == 404 and customer["surname"] not in hidden.get_data(as_text=True)
    refused = find(client, customer["external_ref"])
    assert refused.status_code == 403 and "Erişim reddedildi" in refused.get_data(as_text=True)
    assert 'action="/sign-out"' in refused.get_data(as_text=True)
    reasons = [e.details for e in audit(rt, "auth:access:deny")]
    assert sum("role_not_allowed" in r for r in reasons) == 2


def test_language_follows_the_switch_then_the_browser(client, rt):
    signed_in_client(client, rt, "agent")
    assert '<html lang="tr">' in client.get("/").get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.8,tr;q=0.5"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Find a customer" in page
    response = client.post("/language", data={"lang": "tr", "next": "/?x=1",
                                              "csrf_token": csrf_token(client, "/")})
    assert response.headers["Location"] == "/?x=1"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="tr">' in page and "Müşteri bul" in page
    response = client.post("/language", data={"lang": "de", "next": "https://evil.example",
                                              "csrf_token": csrf_token(client, "/")})
    assert response.headers["Location"] == "/"
    assert '<html lang="tr">' in client.get("/").get_data(as_text=True)


def test_language_choice_survives_sign_in_and_out(client, rt):
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    signed_in_client(client, rt, "agent")
    assert "Find a customer" in client.get("/").get_data(as_text=True)
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert "You have signed out." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_documents_section_shows_status_and_bilingual_guidance(client, rt, make_customer,
                                                                 auth):
    customer = make_customer()
    upload = client.post(f"/api/v1/customers/{customer['id']}/documents",
                         data=multipart(photo("id_card", "front", "glare", 3), "id_card",
                                        "front"),
                         headers=auth("integration"), content_type="multipart/form-data")
    assert upload.status_code == 202
    rt.document_worker().run_until_idle()
    signed_in_client(client, rt, "agent")
    body = client.get(f"/customers/{customer['id']}").get_data(as_text=True)
    assert "Kimlik kartı, ön yüz" in body and "Reddedildi" in body
    assert "Henüz belge yok" in body  # present but hidden once documents exist
    assert 'data-testid="no-documents" hidden' in body
    assert "flaşı" in body.lower() and "flash" in body.lower()  # TR and EN guidance
    polled = client.get(f"/customers/{customer['id']}/documents.json").json
    assert polled["documents"][0]["status"] == "rejected"
    assert polled["documents"][0]["issues"][0]["code"] == "glare"


def test_pages_get_security_headers_and_the_api_keeps_its_own(client, rt):
    page = client.get("/sign-in")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    api = client.get("/api/v1/health")
    assert "Content-Security-Policy" not in api.headers
    css = client.get("/assets/web.css")
    assert css.status_code == 200 and css.headers.get("Cache-Control") != "no-store"
    css.close()


def test_errors_are_pages_outside_the_api_and_problem_json_inside(client, rt):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.content_type.startswith("text/html")
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.content_type == "application/problem+json"
    wrong_method = client.get("/sign-out")
    assert wrong_method.status_code == 405 and "İstek işlenemedi" in wrong_method.get_data(
        as_text=True)


def test_a_crash_shows_a_reference_and_never_a_stack_trace(client, rt, make_customer):
    customer = make_customer()
    signed_in_client(client, rt, "agent")
    with rt.engine.begin() as connection:  # break the database under the page
        connection.execute(text("ALTER TABLE customers RENAME TO customers_gone"))
    response = client.get(f"/customers/{customer['id']}", headers={"X-Request-Id": "req-page-0001"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and response.content_type.startswith("text/html")
    assert "req-page-0001" in body and "Bir sorun oluştu" in body
    for leak in ("Traceback", "no such table", "does not exist", "sqlalchemy", "File \""):
        assert leak not in body
