"""The QA walk in a real browser (1366×768, Debian's Chromium): the first page's photo cleared after an after photo was
added against it on Visits takes that after photo with it; Visits says so and compares nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import open_first_page, settle, upload
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import visits_ui

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new laptop-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"visits-{request.node.name}.png", viewport={"width": 1366, "height": 768}) as tab:
        yield tab


def _go(page: Any, title: str, ready: str) -> None:
    """Another page of the same session, through the sidebar's menu (a new address would start a new session)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    page.get_by_text(ready).first.wait_for(timeout=120_000)
    settle(page)


def test_clearing_the_first_pages_photo_takes_the_after_photo_with_it(server: str, page: Any) -> None:  # noqa: F811
    open_first_page(page, server, face_path("frl_london_061_03.jpg"))
    _go(page, "Visits", "Before: the earlier visit")
    upload(page, face_path("frl_london_061_08.jpg"), 1)  # the before slot's uploader is first, the after slot's second
    page.locator('table.mm-table[data-table="visits"]').wait_for(timeout=120_000)
    settle(page)
    _go(page, "Your face, measured", "Where the face differs")
    page.get_by_role("button", name="Clear photo").click()
    settle(page)
    _go(page, "Visits", "Before: the earlier visit")
    page.get_by_text(visits_ui.AFTER_DROPPED).wait_for(timeout=60_000)
    assert page.locator('table.mm-table[data-table="visits"]').count() == 0
    assert page.locator('img[alt="The after photo, lined up with the before photo"]').count() == 0
    assert page.get_by_text("Add the before and the after photo").count() == 1


def test_clearing_the_first_pages_photo_empties_the_before_box(server: str, page: Any) -> None:  # noqa: F811
    # walk K: the before date stayed and headed the next patient's table and PDF
    open_first_page(page, server, face_path("cc0_lisa_lisa1.jpg"))
    _go(page, "Visits", "Before: the earlier visit")
    box = page.locator('[data-testid="stDateInput"]').filter(has_text="Date of the before visit").locator("input")
    box.click()
    box.press_sequentially("03/11/2026")
    box.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("Dates read: Before (3 November 2026)").first.wait_for(timeout=30_000)
    settle(page)
    _go(page, "Your face, measured", "Where the face differs")
    page.get_by_role("button", name="Clear photo").click()
    settle(page)
    _go(page, "Visits", "Before: the earlier visit")
    page.get_by_text("No dates read").first.wait_for(timeout=30_000)
    assert box.input_value() == "" and page.get_by_text("3 November 2026").count() == 0
