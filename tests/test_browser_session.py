"""Real browser (Debian's Chromium): the idle timeout clears an open page by itself, and "New person" clears on demand.

The server runs with ``MIRRORMAP_IDLE_MINUTES=0.25`` (15 s; the page checks every 5 s), so the first test
waits, without touching the page, until it is back on the sample portrait with the sentence saying so. The second,
on a server without the timeout, checks where the focus goes after "New person" in presenter mode.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, SHOWS_PHOTO_JS, chromium, served
from tests.conftest import face_path
from ui import shell

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


@pytest.fixture(scope="module")
def plain_server() -> Iterator[str]:
    """The app as deployed: no idle timeout to clear the page under the test."""
    with served("streamlit-session-server.log") as url:
        yield url


# Where the focus is (the key of the container it is in, whether in the cleared sentence) and every tooltip on screen.
_AFTER_CLEAR_JS = f"""() => {{
  const active = document.activeElement;
  const boxed = active && active.closest('[class*="st-key-"]');
  const tips = [...document.querySelectorAll('[data-testid="stTooltipContent"]')].filter(t => {{
    const b = t.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && getComputedStyle(t).visibility !== 'hidden' && getComputedStyle(t).opacity !== '0';
  }});
  return {{key: boxed ? [...boxed.classList].find(c => c.startsWith('st-key-')) : '',
          onNotice: !!(active && active.closest('.st-key-{shell.NEW_PERSON_CLEARED}')), tips: tips.map(t => t.innerText)}};
}}"""


def test_after_new_person_the_focus_is_on_the_cleared_sentence_and_no_tooltip_covers_the_next_persons_screen(plain_server: str) -> None:
    # focus went back to "New person" after "Yes, clear", and its tooltip ("Start afresh for the next person: clears every
    # photo…"), which follows the focus, stayed open over the green sentence and the bottom-left of the photo
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(plain_server, wait_until="domcontentloaded")
        page.wait_for_function(SHOWS_PHOTO_JS, arg="Sample portrait", timeout=90_000, polling=200)
        page.locator('[data-testid="stSidebar"]').get_by_text("Presenter mode").click()
        page.get_by_role("button", name="Next").wait_for(timeout=60_000)
        page.get_by_role("button", name="New person").click()
        page.get_by_role("button", name="Yes, clear").click()
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Everything from the last person was cleared").wait_for(timeout=60_000)
        page.get_by_role("button", name="Next").wait_for(timeout=60_000)  # the story's first step again
        page.wait_for_timeout(1500)  # past a tooltip's delay and the focus script's retries
        look = page.evaluate(_AFTER_CLEAR_JS)
        page.screenshot(path=str(ARTIFACTS / "new-person-cleared-1920.png"))
        print(look)
        assert look["onNotice"], look  # a screen reader reads what happened
        assert look["key"] != f"st-key-{shell.NEW_PERSON}" and not look["tips"], look
        assert page.get_by_role("button", name="Back").is_disabled()  # on the story's first step, for the next person
        assert not errors, errors
