"""An agent's session in a real browser: sign in, switch language, find a customer,
see only the masked national id, sign out; and the refusals around it."""

from __future__ import annotations

import json
import re

from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from audits.models import AuditEntry
from tests.web.support import PASSWORD, make_staff


def audit(rt, action):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.seq)))


def sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-posta adresi").fill(email)
    page.get_by_label("Şifre").fill(password)
    page.get_by_role("button", name="Giriş yap").click()


def test_agent_signs_in_switches_language_finds_a_customer_and_signs_out(
        turkish_browser: BrowserContext, live_server, rt, make_customer):
    customer = make_customer()
    national_id = customer["national_id"]
    email = make_staff(rt, "agent")
    page = turkish_browser.new_page()

    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/$"))
    expect(page).to_have_title("Giriş yap · KYC Paneli")
    # Keyboard only: the e-mail field has focus on arrival, Tab, Enter.
    expect(page.get_by_label("E-posta adresi")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hoş geldiniz")).to_be_visible()
    expect(page.get_by_label("Oyuncu ID")).to_be_focused()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Find a customer")).to_be_visible()
    search = page.get_by_label("Player id")
    search.fill(customer["external_ref"])
    search.press("Enter")  # keyboard only

    expect(page).to_have_url(f"{live_server}/customers/{customer['id']}")
    expect(page.get_by_role("heading", name=f"{customer['given_names']} {customer['surname']}")
           ).to_be_visible()
    expect(page.get_by_test_id("national-id")).to_have_text(
        national_id[:2] + "*" * 7 + national_id[-2:])
    expect(page.get_by_test_id("kyc-status")).to_have_text("Not verified")
    expect(page.get_by_test_id("no-documents")).to_be_visible()
    assert national_id not in page.content()

    page.get_by_role("button", name="Türkçe").click()
    expect(page).to_have_url(f"{live_server}/customers/{customer['id']}")
    expect(page.get_by_test_id("kyc-status")).to_have_text("Doğrulanmadı")
    expect(page.get_by_role("heading", name="Belgeler")).to_be_visible()

    page.get_by_role("button", name="Çıkış yap").click()
    expect(page.get_by_text("Çıkış yaptınız.")).to_be_visible()
    page.goto(f"{live_server}/customers/{customer['id']}")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    assert national_id[2:-2] not in page.content()

    reads = audit(rt, "customer:pii:read")
    assert [json.loads(r.details)["disclosure"] for r in reads[-2:]] == ["masked", "masked"]
    assert {r.purpose for r in reads[-2:]} == {"customer_support"}


def test_wrong_password_and_forged_posts_are_refused(
        turkish_browser: BrowserContext, live_server, rt, make_customer):
    customer = make_customer()
    email = make_staff(rt, "agent")
    page = turkish_browser.new_page()
    page.goto(live_server + "/sign-in")

    sign_in(page, email, "this is not it")
    expect(page.get_by_role("alert")).to_have_text("E-posta adresi veya şifre hatalı.")
    expect(page.get_by_label("E-posta adresi")).to_have_value(email)
    failure = audit(rt, "auth:session:login")[-1]
    assert failure.outcome == "failure" and "bad_password" in failure.details

    sign_in(page, email, PASSWORD)
    expect(page.get_by_role("heading", name="Hoş geldiniz")).to_be_visible()
    # The browser's own cookies, but no CSRF token: what a forged form would send.
    forged = page.request.post(live_server + "/customers/find",
                               form={"player_id": customer["external_ref"]},
                               max_redirects=0)
    assert forged.status == 400
    assert "Formun süresi doldu" in forged.text()
    assert not audit(rt, "customer:record:search")
