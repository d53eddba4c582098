"""The keyboard alone in a real browser (Debian's Chromium, a 1280 x 900 window): where the focus goes.

A person using Tab and Enter must reach a page's content without passing the sidebar each time, and must not lose
their place when a control they pressed redraws part of the page: an expander drawn on demand, or "Next expression",
which draws the next step's uploader above itself. AppTest has no focus; these run the pages as a person does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched
from tests.browser_pages import PHOTOS, settle, upload
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import movement_ui, shell

pytestmark = pytest.mark.browser

#: Where the focus is: the element's tag, its text (or name) and whether it lies in the page's main part.
FOCUS_JS = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), text: (e.textContent || e.getAttribute('aria-label') || '').trim(),
          inMain: !!e.closest('[data-testid="stMain"]') && !e.matches('[data-testid="stMain"]'),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
          key: [...(e.closest('[class*="st-key-"]') || {classList: []}).classList].find(c => c.startsWith('st-key-')) || ''};
}"""


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new 1280 x 900 tab in its own session; a picture of the screen is saved if the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        with watched(context.new_page(), request, ARTIFACTS / f"keyboard-{request.node.name}.png") as tab:
            yield tab
    finally:
        context.close()


def _focus(page: Any) -> dict[str, Any]:
    shown: dict[str, Any] = page.evaluate(FOCUS_JS)
    return shown


@pytest.mark.parametrize(("path", "ready"), [("", "Where the face differs"), ("/learn", "Search the cards"), ("/visits", "Before: the earlier visit")])
def test_the_first_tab_stop_is_a_visible_skip_link_to_the_page_s_content(server: str, page: Any, path: str, ready: str) -> None:  # noqa: F811
    # every page had eight stops (the sidebar's controls and menu) before its content
    page.goto(f"{server}{path}", wait_until="domcontentloaded")
    page.get_by_text(ready).first.wait_for(timeout=120_000)
    settle(page)
    page.keyboard.press("Tab")
    first = _focus(page)
    assert first["tag"] == "a" and first["text"] == shell.SKIP_LABEL and first["visible"], first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = _focus(page)
    assert after["inMain"] and after["visible"], after  # the page's first control, past the sidebar
    hidden = page.evaluate("() => document.querySelector('a.mm-skip').getBoundingClientRect().bottom <= 0")
    assert hidden  # shown only while it has the focus


@pytest.mark.parametrize("label", ["Chart of the differences against the normal bands", "Muscles involved and related Learn cards, by region"])
def test_opening_an_expander_drawn_on_demand_keeps_the_focus_on_its_header(server: str, page: Any, label: str) -> None:  # noqa: F811
    # the box was drawn anew on opening and the focus fell to the page: the next Tab came back to the same header
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    header = page.locator("summary", has_text=label)
    header.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert header.evaluate("s => s.closest('details').open")
    focus = _focus(page)
    assert focus["tag"] == "summary" and label in focus["text"], focus
    page.keyboard.press("Tab")
    assert label not in _focus(page)["text"]  # on, into what it opened or past it
    page.locator('[data-testid="stSidebarNav"] a', has_text="Learn").click()  # its state is kept across a page change
    page.get_by_role("textbox", name="Search the cards").wait_for(timeout=120_000)
    page.locator('[data-testid="stSidebarNav"] a').first.click()
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    assert page.locator("summary", has_text=label).evaluate("s => s.closest('details').open")


def test_next_expression_moves_the_focus_to_the_uploader_it_draws(server: str, page: Any) -> None:  # noqa: F811
    # the uploader appeared above the button and the next Tab went on to "Clear every expression photo"
    page.goto(f"{server}/movement", wait_until="domcontentloaded")
    page.get_by_text("Take the photos, one expression at a time").wait_for(timeout=120_000)
    settle(page)
    upload(page, PHOTOS["rest"])
    page.get_by_text("✓ Taken: Rest.").wait_for(timeout=120_000)
    settle(page)
    for step in ("brows_up", "frown"):  # the first press, and one more
        page.locator(f".st-key-{movement_ui.NEXT} button").focus()
        page.keyboard.press("Enter")
        settle(page)
        focus = _focus(page)
        assert focus["key"].startswith(f"st-key-movement-upload-{step}-") and focus["tag"] == "button" and focus["visible"], focus
    page.get_by_role("radio", name="Big smile").click()  # a step chosen by its own control keeps the focus there
    settle(page)
    assert _focus(page)["text"] == "Big smile"
