"""The keyboard alone in a real browser (Debian's Chromium, a 1280 x 900 window): where the focus goes.

A person using Tab and Enter must reach a page's content without passing the sidebar each time, and must not lose
their place when a control they pressed redraws part of the page: an expander drawn on demand, or "Next expression",
which draws the next step's uploader above itself. AppTest has no focus; these run the pages as a person does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import PHOTOS, settle, upload
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import movement_ui, plan, shell

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
    with watched_tab(browser, request, ARTIFACTS / f"keyboard-{request.node.name}.png", viewport={"width": 1280, "height": 900}) as tab:
        yield tab


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


def _press(page: Any, selector: str, key: str = "Enter") -> dict[str, Any]:
    page.locator(selector).first.focus()
    page.keyboard.press(key)
    settle(page)
    return _focus(page)


def test_removing_plan_lines_moves_the_focus_to_the_next_remove_then_to_the_builder(server: str, page: Any) -> None:  # noqa: F811
    # "Remove" and "Clear the plan" went with their line: the focus fell to the page and the next Tab jumped to
    # "Explore", past the plan builder
    page.goto(f"{server}/preview", wait_until="domcontentloaded")
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    region = f"st-key-{plan.REGION}"
    for side in ("left", "right"):  # two lines: the first muscle's left side, then its right
        page.locator(f".st-key-{plan.BUILDER}").get_by_role("radio", name=side, exact=True).check(force=True)
        settle(page)
        page.get_by_role("button", name="Add to plan").click()
        settle(page)
    steps = page.evaluate(
        "() => [...document.querySelectorAll('[class*=\"st-key-preview-remove-\"]')].map(e => [...e.classList].find(c => c.startsWith('st-key-')))"
    )
    assert len(steps) == 2, steps
    first = steps[0].removeprefix("st-key-")
    muscle = first.split("-")[3]  # preview-remove-0-<muscle>-left
    next_line = plan.remove_key(0, (muscle, "right", ""))  # the right side's line, now first
    moved = _press(page, f".st-key-{first} button")
    assert moved["key"] == f"st-key-{next_line}" and moved["tag"] == "button" and moved["visible"], moved
    name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert name.startswith("Remove") and "right side" in name, name  # its name says which line is left
    moved = _press(page, f".st-key-{next_line} button")
    assert moved["key"] == region and moved["inMain"] and moved["visible"], moved  # no line left: the builder's first control
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=60_000)
    page.keyboard.press("Tab")
    assert _focus(page)["key"] == f"st-key-{plan.MUSCLE}"  # on through the builder, not on to "Explore"
    page.get_by_role("button", name="Add to plan").click()
    settle(page)
    moved = _press(page, ".st-key-preview_clear button")
    assert moved["key"] == region and moved["visible"], moved
    assert page.locator('[data-testid="stToast"]', has_text="Plan cleared.").count() >= 1  # said, as well as shown


def test_new_person_s_question_takes_the_focus_and_escape_or_cancel_gives_it_back(server: str, page: Any) -> None:  # noqa: F811
    # the inline "Yes, clear / Cancel" appeared unfocused and unannounced, and Escape did nothing
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    search = page.get_by_role("textbox", name="Search the cards")
    search.wait_for(timeout=120_000)
    settle(page)  # a box filled in one go while the page's first run was still drawing could lose its text
    search.fill("brow")
    search.press("Enter")
    settle(page)
    asked = _press(page, f".st-key-{shell.NEW_PERSON} button")
    assert asked["key"] == f"st-key-{shell.NEW_PERSON_YES}" and asked["visible"], asked
    name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert name == f"Yes, clear {shell.CLEARS}", name  # the question, said with the button's own words first
    page.keyboard.press("Escape")
    settle(page)
    back = _focus(page)
    assert back["key"] == f"st-key-{shell.NEW_PERSON}" and back["visible"] and page.locator(f".st-key-{shell.NEW_PERSON_YES}").count() == 0, back
    _press(page, f".st-key-{shell.NEW_PERSON} button")
    page.keyboard.press("Tab")
    assert _focus(page)["key"] == f"st-key-{shell.NEW_PERSON_CANCEL}"
    page.keyboard.press("Enter")
    settle(page)
    back = _focus(page)
    assert back["key"] == f"st-key-{shell.NEW_PERSON}" and back["visible"], back
    assert search.input_value() == "brow"  # Escape and Cancel cleared nothing ("New person" clears Learn's searches)
