"""A phone (390×844 CSS pixels, 3× pixels, touch) in Debian's Chromium: every page fits its width.

Each test brings one page to its result as a person would (tests/browser_pages.py) and then checks, in
the page, every element it shows: none is wider than the screen or reaches past its edge, nothing
scrolls sideways (the page or a box inside it), no chart label is cut or sits under a chart's toolbar.
The tables must show cards with every value whole and named, and the values are the engine's, measured
again here from the same photos. The overlay must fill the width without blank bands. Choosing a page
in the sidebar must close it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import viz
from tests.browser import OVERLAY_PICTURE, watched_tab
from tests.browser_pages import LAYOUT_JS, PHOTOS, TABLE_JS, open_expressions, open_first_page, open_preview, open_visits, photo_bytes, settle
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import movement_ui, phone, shell, visits_ui
from viz.movement import measure_dynamics
from viz.visits import compare
from viz.vocabulary import MEASURES, format_value

pytestmark = pytest.mark.browser

#: An iPhone 12-15's screen in CSS pixels, its pixel ratio, and touch.
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
#: The fewest page elements a page with results shows (a page cut short would check too little).
MIN_CHECKED = 200
#: The widths of the Expressions page's rest picture and the expression lined up with it, as shown.
COMPARISON_JS = """() => [...document.querySelectorAll('img')].filter(i => i.alt.startsWith('The rest photo') || i.alt.includes('lined up with the rest photo'))
  .map(i => i.getBoundingClientRect().width)"""
#: How far from its centre each small control takes a tap, in CSS pixels, in the eight directions: every visible "?" help
#: button and the buttons that open and close the sidebar, inside ``scope`` (a selector). A point answered by another
#: element is outside the target.
REACH_JS = """(scope) => {
  const targets = '[data-testid="stTooltipHoverTarget"] > button:not([data-testid]), [data-testid="stExpandSidebarButton"],'
    + ' [data-testid="stSidebarCollapseButton"] button';
  const shown = (b) => b.getClientRects().length && getComputedStyle(b).visibility !== 'hidden';
  return [...document.querySelector(scope).querySelectorAll(targets)].filter(shown).map(b => {
    b.scrollIntoView({block: 'center'});
    const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.right <= 0 || r.left >= window.innerWidth) return null;  // in the closed sidebar
    const ours = (px, py) => { const e = document.elementFromPoint(px, py); return !!e && (e === b || b.contains(e)); };
    let reach = 0;
    const ways = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
    while (reach < 40 && ways.every(([dx, dy]) => ours(x + dx * (reach + 1), y + dy * (reach + 1)))) reach++;
    const name = b.matches('[data-testid="stExpandSidebarButton"]') ? 'stExpandSidebarButton'
      : b.closest('[data-testid="stSidebarCollapseButton"]') ? 'stSidebarCollapseButton' : b.getAttribute('aria-label');
    return {name, drawn: Math.round(r.width), reach};
  }).filter(Boolean);
}"""


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new phone-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"phone-{request.node.name}.png", **PHONE) as tab:
        yield tab


def _fits(page: Any, min_checked: int = MIN_CHECKED) -> dict[str, Any]:
    """The layout reading of the whole page; fails with every element that does not fit."""
    layout: dict[str, Any] = page.evaluate(LAYOUT_JS)
    assert layout["width"] == 390
    assert layout["scrollWidth"] <= layout["width"], f"the page scrolls sideways: {layout['scrollWidth']} px"
    assert not layout["problems"], "\n".join(layout["problems"])
    assert layout["checked"] >= min_checked, layout["checked"]
    assert page.locator('[data-testid="stException"]').count() == 0
    return layout


def _cards(page: Any, key: str) -> list[dict[str, str]]:
    """A table shown as cards on the phone, every value whole and named; its rows."""
    shown = page.evaluate(TABLE_JS, key)
    assert shown is not None, f"no table {key!r} on the page"
    assert shown["cards"] and shown["labelled"], f"table {key!r} is not shown as named values on a phone"
    assert not shown["unseen"], shown["unseen"]
    assert shown["spill"] <= 1, f"table {key!r} reaches {shown['spill']} px past its column"
    rows: list[dict[str, str]] = shown["rows"]
    return rows


def _face(name: str) -> viz.Face:
    face = viz.detect_face(viz.load_photo(photo_bytes(name)))
    assert face is not None
    return face


def test_the_first_page_fits_a_phone_with_every_measure_on_a_card_and_the_overlay_across_its_width(server: str, page: Any) -> None:  # noqa: F811
    open_first_page(page, server, PHOTOS["rest"])
    _fits(page)
    report = viz.analyze(_face("rest"))
    expected = {
        MEASURES[m.id].label: "not measured" if m.withheld is not None else format_value(m.value, m.unit, signed=True) for m in report.sorted_measures()
    }
    assert {row["measure"]: row["difference"] for row in _cards(page, "measures")} == expected  # offsets and tilts included

    # The overlay's picture spans the column; so does the interactive chart's picture, with the toolbar's strip above it and
    # the legend right below.
    picture = page.evaluate(
        """() => {
      const img = document.querySelector('"""
        + OVERLAY_PICTURE
        + """');
      const column = img.closest('[data-testid="stColumn"]') || img.closest('[data-testid="stVerticalBlock"]');
      return {img: img.getBoundingClientRect().width, column: column.getBoundingClientRect().width};
    }"""
    )
    assert picture["column"] - picture["img"] <= 2, picture
    page.get_by_text("Interactive view", exact=True).click()
    page.locator(".st-key-overlay_chart .js-plotly-plot g.legend").first.wait_for(timeout=120_000)
    settle(page)
    _fits(page)
    overlay = page.evaluate(
        """() => {
      const chart = document.querySelector('.st-key-overlay_chart .js-plotly-plot');
      const r = (e) => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
      return {svg: r(chart.querySelector('svg.main-svg')), plot: r(chart.querySelector('rect.nsewdrag')), legend: r(chart.querySelector('g.legend'))};
    }"""
    )
    svg, plot, legend = overlay["svg"], overlay["plot"], overlay["legend"]
    assert plot["left"] - svg["left"] <= 1 and svg["right"] - plot["right"] <= 1, overlay  # no bands beside the picture
    assert plot["top"] - svg["top"] <= phone.TOOLBAR_PX + 1, overlay  # none above it
    assert 0 <= legend["top"] - plot["bottom"] <= 100, overlay  # the colour key and the legend right under it: none below
    assert svg["bottom"] - legend["bottom"] <= 4, overlay

    # The bar chart, drawn once its expander is opened, fits too: every label whole, none under a toolbar.
    page.get_by_text("Chart of the differences against the normal bands").click()
    page.locator(".st-key-measures_chart .js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
    settle(page)
    _fits(page)


def test_preview_fits_a_phone_with_before_and_after_on_cards(server: str, page: Any) -> None:  # noqa: F811
    open_preview(page, server)
    _fits(page)
    rows = _cards(page, "preview-measures")
    assert {row["measure"] for row in rows} == {w.label for w in MEASURES.values()}
    assert all(row["before"] for row in rows)
    measured = [row for row in rows if row["before"] != "not measured"]
    assert measured and all(row["after (typical)"] and row["likely range"] and row["change"] for row in measured)


def test_presenter_modes_time_course_on_a_phone_is_the_pages_own_chart_below_the_top_bar(server: str, page: Any) -> None:  # noqa: F811
    # at the shared screen's 20 px the plot was 60 px wide, its ticks on one another, its title cut; and the page's
    # title went under Streamlit's top bar
    open_preview(page, server)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.get_by_text("Presenter mode").click()
    settle(page)
    page.wait_for_timeout(500)
    assert not _sidebar_open(page), "the sidebar stayed open over the story after presenter mode was switched on"
    page.get_by_role("button", name="4 · The timeline").or_(page.get_by_role("radio", name="4 · The timeline")).first.click()
    page.get_by_text("the black line").wait_for(timeout=120_000)
    settle(page)
    charts = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(c => c.getBoundingClientRect().width > 0)
            .map(c => Math.round(c.querySelector('.nsewdrag').getBoundingClientRect().width))"""
    )
    assert len(charts) == 1 and charts[0] >= 250, charts  # one chart shown, its plot across most of the screen
    _fits(page, min_checked=100)  # a step of the story shows less than a page with its results
    title = page.locator('[data-testid="stMain"] h1').first.bounding_box()
    bar = page.locator('[data-testid="stHeader"]').bounding_box()
    assert title is not None and bar is not None and title["y"] >= bar["y"] + bar["height"] - 1, (title, bar)


def test_expressions_fit_a_phone_with_each_movement_on_a_card(server: str, page: Any) -> None:  # noqa: F811
    open_expressions(page, server, PHOTOS["rest"], PHOTOS["smile"])
    _fits(page)
    report = measure_dynamics(_face("rest"), {"smile": _face("smile")})
    assert _cards(page, "movement-smile") == movement_ui.movement_rows(report.expressions["smile"].movements)
    widths = [round(w) for w in page.evaluate(COMPARISON_JS)]  # rest and the smile lined up with it: across the screen
    assert len(widths) == 2 and all(w >= 300 for w in widths), widths


def test_visits_fit_a_phone_with_every_change_on_a_card(server: str, page: Any) -> None:  # noqa: F811
    open_visits(page, server, PHOTOS["before"], photo_bytes("after"))
    _fits(page)
    assert _cards(page, "visits") == visits_ui.change_rows(compare(_face("before"), _face("after")))


def test_every_learn_tab_is_on_a_phone_screen_without_scrolling_sideways(server: str, page: Any) -> None:  # noqa: F811
    # eight tabs in one row scrolled sideways: the last three were off screen with nothing to show they were there
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    page.get_by_role("tab").first.wait_for(timeout=120_000)
    settle(page)
    tabs = page.get_by_role("tab")
    assert tabs.count() == 8
    boxes = [tabs.nth(i).bounding_box() for i in range(tabs.count())]
    assert all(box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes), boxes
    strip = tabs.first.evaluate("e => [e.parentElement.scrollWidth, e.parentElement.clientWidth]")
    assert strip[0] <= strip[1] + 1, strip
    tabs.nth(7).click()  # the last one opens, and is marked as the one open
    settle(page)
    assert tabs.nth(7).get_attribute("aria-selected") == "true"
    assert page.get_by_role("heading", name="How MirrorMap measures", exact=False).count() >= 1


def _sidebar_open(page: Any) -> bool:
    return bool(page.evaluate("() => document.querySelector('[data-testid=\"stSidebar\"]').getAttribute('aria-expanded') === 'true'"))


def test_choosing_a_page_closes_the_sidebar_on_a_phone_and_not_on_a_wide_screen(server: str, page: Any, browser: Any) -> None:  # noqa: F811
    page.goto(f"{server}/visits", wait_until="domcontentloaded")
    page.get_by_text("Before: the earlier visit").wait_for(timeout=120_000)
    settle(page)
    assert not _sidebar_open(page)  # a phone opens with the sidebar closed
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getAttribute('aria-expanded') === 'true'")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Expressions").click()
    page.wait_for_url("**/movement", timeout=60_000)
    page.get_by_text("Take the photos, one expression at a time").wait_for(timeout=120_000)
    page.wait_for_timeout(500)
    assert not _sidebar_open(page), "the sidebar stayed open over the page after a page was chosen"

    wide = browser.new_context(viewport={"width": 1440, "height": 900})  # a wide screen keeps its sidebar
    try:
        tab = wide.new_page()
        tab.goto(f"{server}/visits", wait_until="domcontentloaded")
        tab.get_by_text("Before: the earlier visit").wait_for(timeout=120_000)
        assert _sidebar_open(tab)
        tab.locator('[data-testid="stSidebarNav"] a', has_text="Expressions").click()
        tab.wait_for_url("**/movement", timeout=60_000)
        tab.get_by_text("Take the photos, one expression at a time").wait_for(timeout=120_000)
        tab.wait_for_timeout(500)
        assert _sidebar_open(tab)
    finally:
        wide.close()


def test_help_icons_and_the_sidebar_buttons_take_a_fingers_tap_and_a_mouse_s_targets_stay_as_drawn(server: str, page: Any, browser: Any) -> None:  # noqa: F811
    # each "?" was a 17 x 17 px target and the button that opens the sidebar 30 x 30 px, below WCAG 2.2's 24 x 24 px
    half = shell.TOUCH_PX // 2 - 1  # a square of TOUCH_PX centred on the control, less a pixel for its edge
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    closed = page.evaluate(REACH_JS, "body")
    assert len([t for t in closed if t["name"].startswith("Help for")]) >= 4 and any(t["name"] == "stExpandSidebarButton" for t in closed), closed
    assert all(t["reach"] >= half for t in closed), closed
    box = page.locator('[data-testid="stExpandSidebarButton"]').bounding_box()
    page.touchscreen.tap(box["x"] - 5, box["y"] + box["height"] / 2)  # a finger beside the drawn button still opens the sidebar
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getAttribute('aria-expanded') === 'true'", timeout=10_000)
    page.wait_for_timeout(500)  # the sidebar slides in
    opened = page.evaluate(REACH_JS, '[data-testid="stSidebar"]')  # the page's own lie under it now
    assert any(t["name"] == "Help for Presenter mode" for t in opened) and any(t["name"] == "stSidebarCollapseButton" for t in opened), opened
    assert all(t["reach"] >= half for t in opened), opened

    desk = browser.new_context(viewport={"width": 1280, "height": 900})  # a mouse: the targets are what is drawn
    try:
        tab = desk.new_page()
        tab.goto(server, wait_until="domcontentloaded")
        tab.get_by_text("Where the face differs").wait_for(timeout=120_000)
        settle(tab)
        icons = [t for t in tab.evaluate(REACH_JS, "body") if t["name"].startswith("Help for")]
        assert icons and all(t["reach"] < 12 and t["drawn"] < 24 for t in icons), icons
    finally:
        desk.close()


def test_a_switch_s_help_icon_shows_its_help_within_the_screen_and_leaves_the_switch_as_it_was(server: str, page: Any) -> None:  # noqa: F811
    # tapping the "?" of "This photo is mirrored" flipped the switch (every side swapped) and showed no help; the index's
    # help ran 2,519 px wide on a 390 px screen
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    switches = '() => Array.from(document.querySelectorAll(\'[data-testid="stMain"] input[role="switch"]\')).map(s => s.checked)'
    before = page.evaluate(switches)
    for name in ("Help for This photo is mirrored (selfie mode)", "Help for Overall asymmetry index"):
        page.get_by_role("button", name=name).tap()
        tip = page.locator('[data-testid="stTooltipContent"]')
        tip.wait_for(timeout=10_000)
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
        page.mouse.click(5, 400)  # elsewhere: the help closes
        tip.wait_for(state="detached", timeout=10_000)
    settle(page)
    assert page.evaluate(switches) == before and True not in before
    # the sidebar's: its "?" sits in the presenter switch's label, and a press there closed the sidebar on a phone
    page.locator('[data-testid="stExpandSidebarButton"]').tap()
    expanded = "() => document.querySelector('[data-testid=\"stSidebar\"]').getAttribute('aria-expanded') === 'true'"
    page.wait_for_function(expanded, timeout=10_000)
    page.wait_for_timeout(500)  # the sidebar slides in
    page.get_by_role("button", name="Help for Presenter mode").tap()
    page.locator('[data-testid="stTooltipContent"]').wait_for(timeout=10_000)
    page.wait_for_timeout(500)  # the phone script closed the sidebar 60 ms after the press
    assert page.evaluate(expanded) and not page.locator(".st-key-presenter input").is_checked()
