"""Real browser, Learn page: the search and filters outlive a trip to another page through the sidebar (Debian's Chromium).

AppTest keeps the query parameters when it switches page; a browser does not: the sidebar's links open a page
with an empty address, which Learn read as a link saying "no filter" and so emptied its kept widgets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import chromium, watched
from tests.browser_pages import settle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import learn_ui as lu
from viz.vocabulary import REGIONS

pytestmark = pytest.mark.browser


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A laptop-sized tab (1366 x 900) in a new session; a picture of the page is saved if the test fails."""
    picture = ARTIFACTS / f"learn-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(viewport={"width": 1366, "height": 900}), request, picture, full_page=True) as tab:
        yield tab


def _address(page: Any) -> dict[str, list[str]]:
    """The query parameters in the tab's address bar."""
    return parse_qs(urlsplit(page.url).query)


def _region_box(page: Any) -> Any:
    return page.get_by_role("combobox", name="Face region")  # the chosen region is the box's value


def _sidebar_link(page: Any, path: str) -> Any:
    return page.locator(f'a[data-testid=stSidebarNavLink][href$="{path}"]')


def test_learn_keeps_its_search_and_region_after_another_page_opened_from_the_sidebar(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    search = page.get_by_label("Search the cards")
    search.wait_for(timeout=120_000)
    settle(page)
    search.fill("pregnant")
    search.press("Enter")
    settle(page)
    _region_box(page).click()
    page.get_by_role("option", name=REGIONS["mouth"], exact=True).click()
    settle(page)
    assert _address(page) == {lu.PARAM_REGION: ["mouth"]}, page.url  # the search is never written to the address (history)

    _sidebar_link(page, "/preview").click()
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    assert not _address(page), page.url  # the sidebar opens a page with an empty address: what Learn came back to

    _sidebar_link(page, "/learn").click()
    search.wait_for(timeout=120_000)
    settle(page)
    assert search.input_value() == "pregnant"
    assert _region_box(page).input_value() == REGIONS["mouth"]
    assert _address(page) == {lu.PARAM_REGION: ["mouth"]}, page.url  # the address follows again
