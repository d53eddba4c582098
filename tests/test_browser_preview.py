"""Real browser, Preview page: the plan starts empty, adding a muscle shows the simulation, and moving the day
slider redraws the simulated photo (Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.browser_pages import choose_muscle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import preview_ui
from viz.preview import WATERMARK

pytestmark = pytest.mark.browser

# Settled: the simulation caption is shown, every image decoded, nothing stale or running. The caption's "day 14" has a
# no-break space, read here as a plain one.
_SETTLED_JS = """(caption) => {
  const shown = [...document.querySelectorAll('p, figcaption, div')]
      .some(e => e.childElementCount === 0 && e.innerText.replace(/\\u00a0/g, ' ') === caption);
  const imgs = [...document.images];
  const decoded = imgs.length >= 2 && imgs.every(i => i.complete && i.naturalWidth > 0);
  const stale = document.querySelectorAll('[data-stale="true"]').length;
  return shown && decoded && stale === 0 && document.querySelector('[data-testid="stStatusWidget"]') === null;
}"""


def _simulation_src(page: object) -> str:
    return str(page.evaluate("() => [...document.images].map(i => i.src).join(' ')"))  # type: ignore[attr-defined]


def test_moving_the_day_slider_redraws_the_simulation(server: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1400})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{server}/preview", wait_until="domcontentloaded")
            page.get_by_text("Nothing is simulated yet").wait_for(timeout=90_000)  # nothing is chosen for the person
            page.get_by_role("button", name="Add to plan").click()
            page.wait_for_function(_SETTLED_JS, arg=f"{WATERMARK}, day 14", timeout=90_000, polling=100)
            before = _simulation_src(page)
            # side by side, the photo, the simulation and the arrows' picture are one size (the arrows' was 10 px shorter)
            sizes = page.evaluate(
                """() => [...document.querySelectorAll('[data-testid="stMain"] img')]
                    .map(i => [i.alt.split(',')[0], Math.round(i.getBoundingClientRect().width), Math.round(i.getBoundingClientRect().height)])"""
            )
            assert len(sizes) == 3 and "arrows" in sizes[2][0], sizes
            widths, heights = [w for _, w, _h in sizes], [h for _, _w, h in sizes]
            assert max(widths) - min(widths) <= 1 and max(heights) - min(heights) <= 1, sizes
            body = page.inner_text("body")
            assert "not medical advice" in body and "emergency" in body and "Simulation" in body
            slider = page.get_by_role("slider").first
            slider.focus()
            for _ in range(10):  # back to day 4, while the effect still builds
                page.keyboard.press("ArrowLeft")
            page.wait_for_function(_SETTLED_JS, arg=f"{WATERMARK}, day 4", timeout=60_000, polling=100)
            after = _simulation_src(page)
            assert after != before, "the simulated image did not change with the day"
            # the jaw muscle's course runs to day 365, a slider with another end: the day jumped to 0, the simulation blank
            choose_muscle(page, "Jaw", "Jaw muscle")
            page.get_by_role("button", name="Add to plan").click()
            page.locator(f".st-key-{preview_ui.DAY}").get_by_text("365", exact=True).wait_for(timeout=90_000)  # its end, under the track
            page.wait_for_function(_SETTLED_JS, arg=f"{WATERMARK}, day 4", timeout=90_000, polling=100)
            shown = page.locator(f".st-key-{preview_ui.DAY}").inner_text().split()  # label, the day, the track's ends
            assert shown[-3:] == ["4", "0", "365"], shown
            assert page.locator('[data-testid="stException"]').count() == 0
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "preview-day-4.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()
