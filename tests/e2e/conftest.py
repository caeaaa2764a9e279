"""A real browser against a live server: Debian's Chromium driven by Playwright.

The browser is the system one (`/usr/bin/chromium`), so nothing is downloaded. If it
cannot start, the tests fail (never skip): a browser test that silently does not run
proves nothing. The server runs the `app` fixture (its database, so these tests also run
on PostgreSQL) in a thread on a free local port.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000


# Module scope: the driver and its event loop end with the browser tests, so the rest
# of the suite never runs inside Playwright's loop.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
    except Exception as exc:  # fail loudly: a skipped browser test proves nothing
        pytest.fail(f"cannot launch Chromium at {CHROMIUM}: {exc}", pytrace=False)
    yield chromium
    chromium.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def turkish_browser(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile whose browser asks for Turkish, as most of the agents' do."""
    context = browser.new_context(locale="tr-TR")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()
