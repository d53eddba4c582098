"""Real browser, Preview page's layout (Debian's Chromium): the day slider takes every arrow press, the pictures come
straight after the plan and the slider, side by side stays side by side on a phone, and presenter mode's "Add another
muscle" fits the screen."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.browser import chromium
from tests.browser_pages import choose_muscle, settle
from tests.test_browser import server  # noqa: F401  (the server fixture)
from ui import plan as ui_plan
from ui import preview_ui

pytestmark = pytest.mark.browser

# Where each picture and each note of the plan sits on the page (its top, scrolled or not), and the pictures' boxes.
_LAYOUT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const top = e => e.getBoundingClientRect().top + main.scrollTop;
  const pictures = [...main.querySelectorAll('figure.mm-figure img')].map(i => {
    const r = i.getBoundingClientRect(); return {alt: i.alt, top: top(i), left: r.left, width: r.width, height: r.height}; });
  const notes = [...main.querySelectorAll('[data-testid="stAlert"]')].filter(a => !a.innerText.includes('not medical advice')).map(top);
  const add = [...main.querySelectorAll('button')].find(b => b.innerText.includes('Add to plan'));
  return {pictures, notes, add: top(add)};
}"""


def _plan(page: Any, url: str, side: str = "right", level: str = "strong") -> None:
    """The Preview page on the sample portrait with the builder's first muscle (the forehead's) added."""
    page.goto(f"{url}/preview", wait_until="domcontentloaded")
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    page.locator(f".st-key-{ui_plan.SIDE}-paired").get_by_text(side, exact=True).click()
    page.locator(f".st-key-{preview_ui.LEVEL}").get_by_text(level, exact=True).click()
    page.wait_for_timeout(1000)


def test_the_pictures_follow_the_plan_and_the_day_slider_takes_every_arrow_press(server: str) -> None:  # noqa: F811
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        _plan(page, server)
        add = page.evaluate(_LAYOUT_JS)["add"]
        page.get_by_role("button", name="Add to plan").click()
        page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
        settle(page)
        shown = page.evaluate(_LAYOUT_JS)
        # the four warnings and the "too small" box sat above the slider: the first picture 946 px below "Add to plan"
        first = min(p["top"] for p in shown["pictures"])
        assert shown["notes"] and first < min(shown["notes"]), shown
        assert first - add < 600, (add, first)
        # 20 presses at a person's pace: each run's day sent back to the browser landed them on day 29 or 30
        slider = page.locator(f".st-key-{preview_ui.DAY} input[type=range]")
        assert slider.input_value() == "14"
        slider.focus()
        pace = random.Random(20)
        for _ in range(20):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(pace.uniform(50, 250))
        settle(page)
        assert slider.input_value() == "34"
        page.get_by_text("day 34").first.wait_for(timeout=60_000)  # and the simulation is of that day
        assert page.locator('[data-testid="stException"]').count() == 0


def test_side_by_side_stays_side_by_side_on_a_phone(server: str) -> None:  # noqa: F811
    # stacked, the photo and the simulation were 407 px high each: never both on a 844 px screen
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        _plan(page, server, side="left", level="moderate")
        page.get_by_role("button", name="Add to plan").click()
        page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
        settle(page)
        photo, simulation = page.evaluate(_LAYOUT_JS)["pictures"][:2]
        assert "photo" in photo["alt"] and "simulation" in simulation["alt"], (photo, simulation)
        assert abs(photo["top"] - simulation["top"]) < 1 and photo["left"] + photo["width"] <= simulation["left"], (photo, simulation)
        assert max(photo["height"], simulation["height"]) < 844 / 2, (photo, simulation)


# The popover that holds the builder: its box, the screen's height, and "Clear the plan"'s box.
_POPOVER_JS = """() => {
  const body = [...document.querySelectorAll('[data-testid="stPopoverBody"]')].find(b => b.querySelector('.st-key-BUILDER'));
  const clear = [...body.querySelectorAll('button')].find(b => b.innerText.includes('Clear the plan')).getBoundingClientRect();
  const box = body.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, middle: (box.left + box.right) / 2, screen: innerHeight,
          clear: [clear.top, clear.bottom], scrolled: body.scrollTop};
}""".replace("BUILDER", ui_plan.BUILDER)


def test_presenter_mode_s_add_another_muscle_fits_the_screen_and_scrolls(server: str) -> None:  # noqa: F811
    # with two muscles at 1366 x 768 it ran to y = 932: "Clear the plan" and the second "Remove" below the screen
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        _plan(page, server, side="left", level="moderate")
        page.get_by_role("button", name="Add to plan").click()
        page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
        settle(page)
        choose_muscle(page, "Brows", "Frown muscle")
        page.get_by_role("button", name="Add to plan").click()
        page.get_by_text("Frown muscle —").first.wait_for(timeout=90_000)
        settle(page)
        page.get_by_text("Presenter mode").click()
        page.get_by_text("Simulated plan").wait_for(timeout=90_000)
        settle(page)
        page.get_by_role("button", name="Add another muscle").click()
        page.get_by_role("button", name="Clear the plan").wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        box = page.evaluate(_POPOVER_JS)
        assert box["bottom"] <= box["screen"], box
        page.mouse.move(box["middle"], box["top"] + 60)
        page.mouse.wheel(0, 800)  # the wheel scrolls it: "Clear the plan" comes into the screen
        page.wait_for_timeout(500)
        box = page.evaluate(_POPOVER_JS)
        assert box["scrolled"] > 0 and box["clear"][1] <= box["screen"], box
        assert page.get_by_role("button", name="Remove").count() == 2
