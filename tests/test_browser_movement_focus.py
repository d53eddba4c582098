"""Real browser, Expressions (1366×768, Debian's Chromium): where the keyboard focus goes after a photo is taken and
after "Retake this photo".

Both replace the control that had the focus (the uploader goes once it has taken the photo; Retake opens an uploader
drawn before it), and the focus fell to the page's body: the next Tab after Retake went to "Keep this photo", past the
new uploader. AppTest has no focus; this runs the page as a person does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import settle, upload
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from tests.test_browser_keyboard import FOCUS_JS
from ui import a11y, movement_ui

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new laptop-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"movement-{request.node.name}.png", viewport={"width": 1366, "height": 768}) as tab:
        yield tab


def _focus(page: Any) -> dict[str, Any]:
    settle(page)
    page.wait_for_timeout(600)  # the focus script runs once its control is drawn
    shown: dict[str, Any] = page.evaluate(FOCUS_JS)
    shown["label"] = page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
    return shown


def test_a_photo_taken_is_said_and_retake_moves_the_focus_to_the_uploader_it_opens(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/movement", wait_until="domcontentloaded")
    page.get_by_text("Take the photos").wait_for(timeout=120_000)
    settle(page)
    upload(page, face_path("frl_london_061_03.jpg"))  # the rest photo (no first-page photo in this session)
    retake = page.locator(f".st-key-{movement_ui.RETAKE}-rest button")
    retake.wait_for(timeout=120_000)
    focus = _focus(page)
    assert focus["key"] == f"st-key-{movement_ui.NEXT}" and focus["visible"], focus  # the way on, not the page's body
    status = page.evaluate(f"() => document.getElementById('{a11y.STATUS_ID}').textContent")
    assert status.startswith("Rest photo taken."), status

    assert retake.get_attribute("aria-label") == "Retake this photo (the rest photo)"
    retake.focus()
    page.keyboard.press("Enter")
    page.locator(f".st-key-{movement_ui.KEEP}-rest button").wait_for(timeout=60_000)
    focus = _focus(page)
    assert focus["tag"] == "button" and focus["key"].startswith("st-key-movement-upload-rest-") and focus["visible"], focus
    assert focus["label"] == "Upload the rest photo", focus
