"""Real browser (Debian's Chromium): the idle timeout clears an open page by itself, and "New person" clears on demand.

The server runs with ``MIRRORMAP_IDLE_MINUTES=0.25`` (15 s; the page checks every 5 s), so the first test
waits, without touching the page, until it is back on the sample portrait with the sentence saying so.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, SHOWS_PHOTO_JS, served
from tests.conftest import face_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def idle_server() -> Iterator[str]:
    """The app with a 15-second idle timeout."""
    with served("streamlit-idle-server.log", env={"MIRRORMAP_IDLE_MINUTES": "0.25"}) as url:
        yield url


def test_an_open_page_left_alone_is_cleared_by_the_idle_timeout_and_new_person_clears_on_demand(idle_server: str) -> None:
    from playwright.sync_api import sync_playwright

    photo = face_path("frl_london_006_03.jpg")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(idle_server, wait_until="domcontentloaded")
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Sample portrait", timeout=90_000, polling=200)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Your uploaded photo", timeout=90_000, polling=200)
            shown = time.monotonic()

            # nobody touches the page: first it says the session will be cleared, with a button to keep it ...
            page.get_by_text("Nothing has been chosen, typed or pressed").wait_for(timeout=60_000)
            assert page.get_by_role("button", name="I'm still here").count() == 1
            # ... then within the timeout plus one check it is back on the sample, saying why on the page itself
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Sample portrait", timeout=60_000, polling=250)
            assert time.monotonic() - shown >= 12.0  # not before the timeout (15 s from the upload run started)
            assert "cleared after" in page.inner_text("[data-testid='stMain']")

            # "New person" asks first, then clears
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Your uploaded photo", timeout=90_000, polling=200)
            page.get_by_role("button", name="New person").click()
            page.get_by_role("button", name="Yes, clear").click()
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Sample portrait", timeout=30_000, polling=200)
            assert "Everything from the last person was cleared" in page.inner_text("[data-testid='stSidebar']")
            assert page.locator('[data-testid="stException"]').count() == 0
            assert not errors, errors
        finally:
            browser.close()
