"""The STR as a PDF: what the regulator's copy says (read back from the PDF's text), who
may download it, and that every download is an audited read."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
from sqlalchemy import select

from audits.models import AuditEntry
from tests.api.test_cases import FAKE_ID, move, queue, staff
from tests.support.aml_events import deposit
from tests.web.support import csrf_token, signed_in_client

NAME = {"given_names": "Şükrü İlkay", "surname": "Ağaoğlu Çınar"}
NARRATIVE = "Yatırımlar üçüncü kişiye ait IBAN'a çekildi; İzmir'deki ödeme noktası."


def pdf_text(data: bytes) -> str:
    """All pages' text, whitespace folded (table cells may break lines)."""
    document = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return " ".join(" ".join(texts).split())


def str_case(client, make_token, make_customer, auth):
    """A customer with two large deposits, closed as str_filed under four-eyes."""
    officer, officer_id = staff(client, make_token, "compliance_officer")
    manager, manager_id = staff(client, make_token, "compliance_manager")
    customer = make_customer(**NAME)
    ref = customer["external_ref"]
    sent = client.post("/api/v1/transactions", headers=auth("integration"), json={"events": [
        deposit(ref, "12000.00"), deposit(ref, "13000.50", at_minutes=60, instrument="card-2")]})
    assert sent.status_code == 200 and sent.json["rejected"] == 0, sent.json
    case = queue(client, officer, customer_id=customer["id"])["items"][0]
    case = move(client, officer, case, "start_review").json
    proposal = client.post(f"/api/v1/cases/{case['id']}/proposals", headers=officer, json={
        "version": case["version"], "disposition": "str_filed", "rationale": "Layering"}).json
    assert client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                       headers=manager).status_code == 200
    draft = client.get(f"/api/v1/cases/{case['id']}/str", headers=officer).json
    edited = client.patch(f"/api/v1/cases/{case['id']}/str", headers=officer,
                          json={"version": draft["version"], "narrative": NARRATIVE})
    assert edited.status_code == 200
    return officer, officer_id, manager_id, case, edited.json


def pdf_reads(rt, case_id: str) -> int:
    with rt.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.object_id == case_id, AuditEntry.action == "str:draft:read"))
        return sum(1 for e in entries if json.loads(e.details).get("form") == "pdf")


def test_the_pdf_names_the_subject_sums_the_money_and_carries_the_narrative(
        client, rt, make_token, make_customer, auth):
    officer, officer_id, manager_id, case, draft = str_case(client, make_token,
                                                            make_customer, auth)
    url = f"/api/v1/cases/{case['id']}/str.pdf"

    response = client.get(f"{url}?lang=tr", headers=officer)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="str-{case["id"][:8]}.pdf"')
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert "Şükrü İlkay Ağaoğlu Çınar" in text
    assert "Para yatırma 2 25.000,50 EUR" in text  # the totals row: direction, count, sum
    assert NARRATIVE in text
    assert "ŞİB taslağı — bildirilmedi" in text and "TASLAK" in text
    assert "Büyük tutarlı işlem" in text  # the red flag in words, next to its code
    assert f"Öneren {officer_id}" in text and f"Onaylayan {manager_id}" in text
    assert "Sayfa 1 / " in text
    assert client.get(f"{url}?lang=tr", headers=officer).data == response.data

    english = pdf_text(client.get(f"{url}?lang=en", headers=officer).data)
    assert "Deposit 2 25,000.50 EUR" in english and "Large transaction" in english
    assert "Page 1 of " in english and "DRAFT" in english
    assert pdf_reads(rt, case["id"]) == 3  # one audited read per download
    with rt.session_factory() as session:
        subject_reads = session.scalars(select(AuditEntry).where(
            AuditEntry.object_id == case["customer_id"],
            AuditEntry.action == "customer:pii:read"))
        assert sum(1 for e in subject_reads if e.purpose == "aml_investigation") >= 3

    filed = client.post(f"/api/v1/cases/{case['id']}/str/filed", headers=officer,
                        json={"version": draft["version"], "reference": "MASAK-2026-0042"})
    assert filed.status_code == 200
    final = pdf_text(client.get(f"{url}?lang=tr", headers=officer).data)
    assert "referans MASAK-2026-0042" in final
    assert "TASLAK" not in final and "bildirilmedi" not in final


def test_agents_never_get_the_pdf_and_a_case_without_str_answers_like_the_json(
        client, rt, make_token, make_customer, auth):
    officer, _, _, case, _ = str_case(client, make_token, make_customer, auth)
    agent = auth("agent")
    for case_id in (case["id"], FAKE_ID):
        hidden = client.get(f"/api/v1/cases/{case_id}/str.pdf", headers=agent)
        assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    browser = client.application.test_client()
    signed_in_client(browser, rt, "agent")
    assert browser.get(f"/cases/{case['id']}/str/pdf").status_code == 404
    assert pdf_reads(rt, case["id"]) == 0

    other = make_customer()
    client.post("/api/v1/cases", headers=officer,
                json={"customer_id": other["id"], "reason": "Tip from the payments team"})
    open_case = queue(client, officer, customer_id=other["id"])["items"][0]
    for path in (f"/api/v1/cases/{open_case['id']}/str",
                 f"/api/v1/cases/{open_case['id']}/str.pdf"):
        refused = client.get(path, headers=officer)
        assert (refused.status_code, refused.json["code"]) == (404, "str_not_found")
    unknown = client.get(f"/api/v1/cases/{FAKE_ID}/str.pdf", headers=officer)
    assert (unknown.status_code, unknown.json["code"]) == (404, "case_not_found")
    bad = client.get(f"/api/v1/cases/{case['id']}/str.pdf?lang=de", headers=officer)
    assert (bad.status_code, bad.json["code"]) == (422, "unknown_language")


def test_the_print_page_links_to_the_pdf_in_the_readers_language(
        client, rt, make_token, make_customer, auth):
    _, _, _, case, _ = str_case(client, make_token, make_customer, auth)
    browser = client.application.test_client()
    signed_in_client(browser, rt, "compliance_manager")
    page = browser.get(f"/cases/{case['id']}/str/print").get_data(as_text=True)
    link = f"/cases/{case['id']}/str/pdf"
    assert f'href="{link}"' in page and "PDF olarak indir" in page
    downloaded = browser.get(link)
    assert downloaded.status_code == 200 and downloaded.mimetype == "application/pdf"
    assert downloaded.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in downloaded.headers["Cache-Control"]
    assert "Şükrü İlkay Ağaoğlu Çınar" in pdf_text(downloaded.data)
    browser.post("/language", data={"lang": "en", "csrf_token": csrf_token(browser)})
    english = pdf_text(browser.get(link).data)
    assert "Suspicious transaction report" in english
    assert pdf_reads(rt, case["id"]) == 2
