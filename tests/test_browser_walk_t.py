"""Real browser, presenter mode on a 1280×720 screen (QA walk T; Debian's Chromium): the line under each headline
number and the page's captions keep presenter mode's large type, and no tick label of the timeline step lies under its
legend with a plan of three muscles (the legend covered "6 mo", which read "6 r").
"""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.browser_pages import choose_muscle, settle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui.presenter import STEPS
from viz.preview import WATERMARK

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 720}

# The font size of the text under each headline number and of each caption in the page's main part, px.
_TYPE_JS = """() => {
  const own = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const sizes = sel => [...document.querySelectorAll(sel)].filter(own).map(e => parseFloat(getComputedStyle(e).fontSize));
  return {deltas: sizes('[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *'),
          captions: sizes('[data-testid="stMain"] [data-testid="stCaptionContainer"], [data-testid="stMain"] [data-testid="stCaptionContainer"] *')};
}"""

# The timeline step's x tick labels and its legend's box.
_TICKS_JS = """() => {
  const chart = document.querySelector('.st-key-mm-stretch-timeline [data-testid="stPlotlyChart"]');
  const box = e => { const r = e.getBoundingClientRect(); return {text: e.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  return {ticks: [...chart.querySelectorAll('.xtick text')].filter(t => t.textContent.trim()).map(box),
          legend: box(chart.querySelector('g.legend .bg'))};
}"""


def test_presenter_mode_on_a_1280_by_720_screen_keeps_its_large_type_and_every_tick_clear_of_the_legend(server: str) -> None:  # noqa: F811
    with chromium() as browser:
        page = browser.new_page(viewport=SCREEN)
        page.goto(f"{server}/preview", wait_until="domcontentloaded")
        page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
        settle(page)
        page.get_by_role("button", name="Add to plan").click()  # the forehead muscle
        page.get_by_text(f"{WATERMARK}, day 14").first.wait_for(timeout=120_000)
        settle(page)
        for region, muscle in (("Mouth", "Smile muscle"), ("Eyes", "Eye-closing muscle")):  # the walk's plan
            choose_muscle(page, region, muscle)
            page.get_by_role("button", name="Add to plan").click()
            page.get_by_text(f"{muscle} —").first.wait_for(timeout=120_000)
            settle(page)
        page.get_by_text("Presenter mode").click()
        page.get_by_text("Simulated").first.wait_for(timeout=120_000)
        settle(page)
        page.get_by_role("radio", name=f"1 · {STEPS[0]}").click()
        page.get_by_text("Most noticeable difference").first.wait_for(timeout=120_000)
        settle(page)
        shown = page.evaluate(_TYPE_JS)
        # 14.875 px before: the ordinary page's type, where 1920 x 1080 gives 22.05 and 18.4 px
        assert shown["deltas"] and min(shown["deltas"]) >= 22.0, shown
        assert shown["captions"] and min(shown["captions"]) >= 18.3, shown
        page.get_by_role("radio", name=f"4 · {STEPS[3]}").click()
        page.get_by_text("How the effect builds and fades").first.wait_for(timeout=120_000)
        settle(page)
        page.wait_for_timeout(1000)  # the chart's second draw, at its container's height
        drawn = page.evaluate(_TICKS_JS)
        page.screenshot(path=str(ARTIFACTS / "presenter-1280x720-timeline.png"))
        legend = drawn["legend"]
        assert len(drawn["ticks"]) >= 3, drawn
        for tick in drawn["ticks"]:  # beside the legend or below it, never under it
            assert tick["r"] <= legend["l"] or tick["t"] >= legend["b"] or tick["b"] <= legend["t"], (tick, legend)
        assert page.locator('[data-testid="stException"]').count() == 0
