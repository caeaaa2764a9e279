"""Issue 4's journey in a real browser: the agent creates a re-upload link, the player
uses it on their phone, sees the outcome in seconds, and the agent's page follows along
without a reload."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_agent_desk import sign_in
from tests.support.identity_docs import identity, photo_of, profile_of
from tests.web.support import PASSWORD, make_staff


def test_agent_link_player_upload_and_live_result(browser: Browser, live_server, rt,
                                                  make_customer):
    rt.runner.start()  # the live server's background checks
    try:
        person = identity(43)
        customer = make_customer(preferred_language="en", **profile_of(person))
        agent = browser.new_context(locale="tr-TR")
        agent.set_default_timeout(TIMEOUT_MS)
        desk = agent.new_page()
        desk.goto(live_server + "/")
        sign_in(desk, make_staff(rt, "agent"), PASSWORD)
        search = desk.get_by_label("Oyuncu ID")
        search.fill(customer["external_ref"])
        search.press("Enter")
        expect(desk.get_by_test_id("no-documents")).to_be_visible()

        desk.get_by_label("Kimlik kartı, ön yüz").check()
        desk.get_by_role("button", name="Yükleme bağlantısı oluştur").click()
        link = desk.get_by_test_id("reupload-link").input_value()
        assert re.search(r"/u/[\w.-]+$", link)

        phone = browser.new_context(viewport={"width": 390, "height": 844},
                                    is_mobile=True, locale="tr-TR")
        phone.set_default_timeout(TIMEOUT_MS)
        player = phone.new_page()
        player.goto(live_server + link[link.index("/u/"):])
        expect(player).to_have_url(f"{live_server}/upload")
        # The customer prefers English, whatever the phone says.
        expect(player.get_by_role("heading", name="Send your documents")).to_be_visible()
        player.get_by_test_id("file-id_card-front").set_input_files(
            {"name": "card.jpg", "mimeType": "image/jpeg",
             "buffer": photo_of(person, "id_card", "front")})
        player.get_by_role("button", name="Send").click()
        expect(player.get_by_test_id("all-done")).to_be_visible(timeout=30_000)
        expect(player.get_by_test_id("player-status")).to_have_text("Accepted. Thank you!")

        # The agent did not reload: the page noticed the new document by itself.
        expect(desk.get_by_test_id("document-status")).to_have_text("Kabul edildi",
                                                                    timeout=15_000)
        phone.close()
        agent.close()
    finally:
        rt.runner.stop()
