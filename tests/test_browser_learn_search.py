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


#: A phone (as in tests/test_browser_phone.py): the tab strip scrolls sideways, so "See a doctor" is off screen.
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def test_on_a_phone_a_face_that_droops_shows_the_emergency_message_above_the_tabs(server: str, request: pytest.FixtureRequest) -> None:  # noqa: F811
    picture = ARTIFACTS / f"learn-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(**PHONE), request, picture, full_page=True) as tab:
        tab.goto(f"{server}/learn", wait_until="domcontentloaded")
        search = tab.get_by_label("Search the cards")
        search.wait_for(timeout=120_000)
        settle(tab)
        search.fill("half my face dropped")  # found only the jaw muscle's card, with no emergency card anywhere
        search.press("Enter")
        settle(tab)
        alert = tab.locator('[data-testid="stAlertContentError"]', has_text="Call emergency services at once").first
        alert.wait_for(timeout=60_000)
        strip = tab.get_by_role("tablist").first
        alert_box, strip_box = alert.bounding_box(), strip.bounding_box()
        assert alert_box is not None and strip_box is not None
        assert alert_box["y"] + alert_box["height"] <= strip_box["y"], (alert_box, strip_box)  # above the tabs
        assert alert_box["x"] >= 0 and alert_box["x"] + alert_box["width"] <= 390  # within the phone's width
        selected = strip.locator('[role="tab"][aria-selected="true"]').first
        assert selected.inner_text().startswith("See a doctor")  # the tab of the best match is open


def test_each_search_opens_the_tab_of_its_own_best_match_even_when_the_tabs_labels_stay_the_same(server: str, page: Any) -> None:  # noqa: F811
    # Streamlit's tabs kept the tab shown while their labels were the same: "bells palsy" after "sagging face" stayed on
    # "Myth or fact (1)" (its best match is on "See a doctor"), and "headache after botox" after a search with no match
    # showed "Myth or fact (0)" beside "1 card matches: Aftercare (1)"
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    search = page.get_by_label("Search the cards")
    search.wait_for(timeout=120_000)
    settle(page)
    strip = page.get_by_role("tablist").first
    for query, opens in (
        ("sagging face", "Myth or fact"),
        ("bells palsy", "See a doctor"),
        ("is it expensive", "Consult checklist"),
        ("headache after botox", "Aftercare"),
    ):
        search.fill(query)
        search.press("Enter")
        settle(page)
        selected = strip.locator('[role="tab"][aria-selected="true"]').first
        assert selected.inner_text().startswith(opens), (query, selected.inner_text())


def _selected(page: Any) -> str:
    return str(page.get_by_role("tablist").first.locator('[role="tab"][aria-selected="true"]').first.inner_text())


@pytest.mark.parametrize("region", ["eyes", "jaw", "brows"])
def test_changing_only_the_region_keeps_the_tab_the_person_opened(server: str, page: Any, region: str) -> None:  # noqa: F811
    # On a 1366 x 768 laptop: "Timeline", then Face region "Eyes" (or Jaw, Brows), opened "Myth or fact (1)" every time
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    page.get_by_label("Search the cards").wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("tab", name="Timeline").click()
    settle(page)
    _region_box(page).click()
    page.get_by_role("option", name=REGIONS[region], exact=True).click()
    settle(page)
    assert _selected(page) == "Timeline"
    # a tab with a count keeps its place while the count changes, and a new search opens its own best match
    page.get_by_role("tab", name="Muscles").click()
    settle(page)
    _region_box(page).click()
    page.get_by_role("option", name="All regions", exact=True).click()
    settle(page)
    assert _selected(page) == "Muscles"
    search = page.get_by_label("Search the cards")
    search.fill("how long does it last")
    search.press("Enter")
    settle(page)
    assert _selected(page).startswith("Timeline ("), _selected(page)


def test_back_after_new_person_gets_past_learn_when_the_last_person_had_a_region_chosen(server: str, page: Any) -> None:  # noqa: F811
    # Streamlit adds every change of the address to the history in front of the entry changed: Learn took the last
    # person's "?region=forehead" out of the address Back went to, so the next Back landed on it again, and again
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    _sidebar_link(page, "/learn").first.click()
    page.get_by_label("Search the cards").wait_for(timeout=120_000)
    settle(page)
    _region_box(page).click()
    page.get_by_role("option", name=REGIONS["forehead"], exact=True).click()
    settle(page)
    assert _address(page) == {lu.PARAM_REGION: ["forehead"]}, page.url
    page.get_by_role("button", name="New person").click()
    page.get_by_role("button", name="Yes, clear").click()
    settle(page)
    assert _address(page) == {}, page.url
    paths: list[str] = []
    for _ in range(3):
        page.go_back(wait_until="commit")
        settle(page)
        paths.append(urlsplit(page.url).path)
        if _region_box(page).count():  # on Learn, the last person's region is not read back
            assert REGIONS["forehead"] not in (_region_box(page).input_value(), _region_box(page).inner_text()), page.url
    assert any(not path.endswith("/learn") for path in paths), paths  # Back got past Learn to the first page
