"""Real browser, Learn page: the filter row fits at 200 % zoom on a laptop with the sidebar open (Debian's Chromium).

At 200 % zoom a 1920 x 1080 screen is 960 x 540 CSS pixels at device scale 2; with the sidebar open the main column is
about 490 px wide. Streamlit stacks columns only on a narrow screen, so the four filters kept one row: the Clear
button was 49 px wide ("Cle / ar"), the boxes read "All region⌄" and the search's example words were cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import chromium, watched
from tests.browser_pages import settle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import learn_ui as lu

pytestmark = pytest.mark.browser

#: 200 % zoom of a 1920 x 1080 screen.
ZOOMED: dict[str, Any] = {"viewport": {"width": 960, "height": 540}, "device_scale_factor": 2}

#: The filter row as drawn: each control's box, whether a text is cut, and how many lines the Clear button's word takes.
ROW_JS = """([key, clear]) => {
  const row = document.querySelector('.st-key-' + key);
  const box = (e) => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, width: b.width}; };
  const pen = document.createElement('canvas').getContext('2d');
  // each box's words (the search's example words, the chosen region and muscle) and the room its box gives them
  const fits = [...row.querySelectorAll('input')].map((input) => {
    const style = getComputedStyle(input);
    pen.font = style.font;
    const text = input.value || input.placeholder;
    return {text, needs: pen.measureText(text).width, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)};
  });
  const word = row.querySelector('.st-key-' + clear + ' button p');
  return {
    row: box(row),
    columns: [...row.querySelectorAll('[data-testid="stColumn"]')].map(box),
    fits,
    clearLines: Math.round(word.getBoundingClientRect().height / parseFloat(getComputedStyle(word).lineHeight)),
  };
}"""


@pytest.fixture
def zoomed(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A tab at 200 % zoom in a new session; a picture of the page is saved if the test fails."""
    picture = ARTIFACTS / f"learn-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(**ZOOMED), request, picture, full_page=True) as tab:
        yield tab


def _open_with_sidebar(tab: Any, address: str) -> None:
    """Learn, settled, with the sidebar open (a narrow screen opens with it closed)."""
    tab.goto(f"{address}/learn", wait_until="domcontentloaded")
    tab.get_by_label("Search the cards").wait_for(timeout=120_000)
    settle(tab)
    opener = tab.locator('[data-testid="stExpandSidebarButton"]')
    if opener.count() and opener.is_visible():
        opener.click()
        settle(tab)


def test_at_200_percent_zoom_with_the_sidebar_open_the_filter_row_wraps_and_nothing_is_cut(server: str, zoomed: Any) -> None:  # noqa: F811
    _open_with_sidebar(zoomed, server)
    assert zoomed.locator('[data-testid="stSidebar"]').bounding_box()["width"] > 200  # the sidebar takes its room

    drawn = zoomed.evaluate(ROW_JS, [lu.FILTER_ROW, lu.CLEAR])
    row, columns = drawn["row"], drawn["columns"]
    assert row["width"] < 600, row  # the narrow main column of the finding
    assert len(columns) == 4 and all(column["left"] >= row["left"] - 1 and column["right"] <= row["right"] + 1 for column in columns), drawn
    assert columns[1]["top"] >= columns[0]["top"] + 30, drawn  # wrapped: the boxes on a row below the search
    assert drawn["clearLines"] == 1, drawn  # "Clear", not "Cle / ar"
    fits = drawn["fits"]
    assert {item["text"] for item in fits} >= {"All regions", "All muscles"}, fits
    assert all(item["needs"] <= item["room"] for item in fits), fits  # "All region⌄" and the example words whole


#: The Learn tab row as drawn: its box and each tab's box and label.
TABS_JS = """() => {
  const strip = document.querySelector('[data-testid="stTabs"] [role="tablist"]');
  const box = (e) => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top}; };
  return {strip: box(strip), tabs: [...strip.querySelectorAll('[role="tab"]')].map((tab) => ({text: tab.innerText, ...box(tab)}))};
}"""


def _tab_row(tab: Any) -> dict[str, Any]:
    return tab.evaluate(TABS_JS)  # type: ignore[no-any-return]


def test_at_200_percent_zoom_with_the_sidebar_open_every_learn_tab_is_on_screen(server: str, zoomed: Any) -> None:  # noqa: F811
    # the row scrolled sideways and hid "Consult checklist", "Aftercare" and "How we measure" (cut at "See a docto›"):
    # the wrap rule was kept to screens of 640 px or less, and the main column here is about 530 px
    _open_with_sidebar(zoomed, server)
    drawn = _tab_row(zoomed)
    strip, tabs = drawn["strip"], drawn["tabs"]
    assert strip["right"] - strip["left"] < 640, strip  # the narrow column of the finding, on a screen wider than 640 px
    assert [tab["text"] for tab in tabs][-3:] == ["Consult checklist", "Aftercare", "How we measure"]
    assert all(tab["left"] >= strip["left"] - 1 and tab["right"] <= strip["right"] + 1 for tab in tabs), drawn  # none cut or off
    assert len({round(tab["top"]) for tab in tabs}) > 1, drawn  # wrapped onto more rows


def test_on_a_laptop_the_learn_tabs_keep_one_row(server: str, request: pytest.FixtureRequest) -> None:  # noqa: F811
    picture = ARTIFACTS / f"learn-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(viewport={"width": 1366, "height": 768}), request, picture, full_page=True) as tab:
        tab.goto(f"{server}/learn", wait_until="domcontentloaded")
        tab.get_by_label("Search the cards").wait_for(timeout=120_000)
        settle(tab)
        drawn = _tab_row(tab)
        assert len(drawn["tabs"]) == 8 and len({round(item["top"]) for item in drawn["tabs"]}) == 1, drawn
