"""Real browser, Visits (1366×768, Debian's Chromium): Esc in a visit's date box closes its calendar and keeps the date.

Streamlit's date box emptied itself on Esc, though its calendar says to press Esc to close it: the date was lost without
a word and the table and the PDF went out undated (``ui.a11y``'s script keeps it). Emptying the box still empties it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import settle
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.browser

CALENDAR = '[data-baseweb="calendar"]'


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new laptop-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"visits-{request.node.name}.png", viewport={"width": 1366, "height": 768}) as tab:
        yield tab


def _read(page: Any, expected: str) -> str:
    """The sentence beside the boxes that says which dates were read, once it holds ``expected`` (or after 30 s)."""
    sentence = page.get_by_text("read (both are optional)").or_(page.get_by_text("Dates read:")).first
    try:
        page.get_by_text(expected).first.wait_for(timeout=30_000)
    except Exception:  # Playwright's TimeoutError: the assertion says what was read instead
        pass
    settle(page)
    return str(sentence.inner_text())


def test_escape_closes_the_calendar_and_keeps_the_date(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/visits", wait_until="domcontentloaded")
    box = page.locator('[data-testid="stDateInput"]').filter(has_text="Date of the before visit").locator("input")  # not its "?"
    box.wait_for(timeout=120_000)
    settle(page)
    box.click()
    box.press_sequentially("03/11/2026")
    box.press("Enter")
    assert "Before (3 November 2026)" in _read(page, "Before (3 November 2026)")
    for _ in range(2):  # with the calendar left open by Enter, then opened again by the focus
        assert page.locator(CALENDAR).count() == 1
        page.keyboard.press("Escape")
        page.locator(CALENDAR).wait_for(state="detached", timeout=10_000)
        page.wait_for_timeout(1_000)  # the emptied box's rerun, were it to come
        assert box.input_value() == "03/11/2026" and "Before (3 November 2026)" in _read(page, "Before (3 November 2026)")
        box.focus()
        page.locator(CALENDAR).wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    follows = box.evaluate("(box) => !!(box.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)")
    assert follows  # the next control after the box (its "Clear value"), not the top of the page
    box.fill("")  # emptied on purpose, it is empty
    box.blur()
    assert "No dates read" in _read(page, "No dates read")
