"""Real browser, Preview (1366×768, Debian's Chromium): Enter on an option's "Explore" takes the keyboard to the plan
builder it filled in.

The builder is a screen or more above the options: the focus stayed on "Explore" (its "Add to plan" was about eight
Shift+Tabs back), and the toast that said what was filled in was cut at three lines, its end behind "view more"
(``ui.plan.explore``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import open_expression_view, settle
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import plan
from viz.content import load

pytestmark = pytest.mark.browser

#: The focused element: its key's box (the ``st-key-`` class of the nearest keyed container), its text, and whether it
#: is on screen.
_FOCUS_JS = """() => {
  const e = document.activeElement;
  const box = e.closest('[class*="st-key-"]');
  const r = e.getBoundingClientRect();
  return {key: box ? [...box.classList].find((c) => c.startsWith("st-key-")) : null, text: (e.textContent || '').trim(),
    shown: r.top >= 0 && r.bottom <= window.innerHeight};
}"""


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new laptop-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"explore-{request.node.name}.png", viewport={"width": 1366, "height": 768}) as tab:
        yield tab


def _press_explore(page: Any, explore: Any) -> tuple[str, Any]:
    """Enter on ``explore`` (an option's button); its accessible name and the toast's text, once the page has settled."""
    explore.wait_for(timeout=120_000)
    settle(page)
    name = str(explore.get_attribute("aria-label"))  # "Explore eye-closing muscle, right side, in the plan builder"
    explore.focus()
    assert not str(page.evaluate(_FOCUS_JS)["key"]).startswith(f"st-key-{plan.ADD}")  # (the builder is elsewhere)
    page.keyboard.press("Enter")
    toast = page.locator('[data-testid="stToastText"]').first
    toast.wait_for(timeout=60_000)
    settle(page)
    page.wait_for_timeout(500)  # the focus script tries every 100 ms
    focus = page.evaluate(_FOCUS_JS)
    assert focus["key"] == f"st-key-{plan.ADD}" and focus["text"] == "Add to plan" and focus["shown"], focus
    return name, toast


def test_enter_on_explore_in_the_expression_view_moves_the_focus_to_add_to_plan_too(page: Any, server: str) -> None:  # noqa: F811
    # the expression view is a fragment: its "Explore" reruns the whole page, where the sidebar draws the focus request
    open_expression_view(page, server, face_path("frl_london_006_03.jpg"), face_path("frl_london_006_08.jpg"))
    name, toast = _press_explore(page, page.locator('[class*="st-key-preview-move-explore-"] button').first)
    assert " ".join(str(toast.inner_text()).split()).lower().startswith("plan builder filled in: " + name.lower().removeprefix("explore ").split(",")[0])


def test_enter_on_explore_moves_the_focus_to_add_to_plan_and_says_in_full_what_was_filled_in(page: Any, server: str) -> None:  # noqa: F811
    page.goto(f"{server}/preview", wait_until="domcontentloaded")
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    name, toast = _press_explore(page, page.locator('[class*="st-key-preview-explore-"] button').first)
    said = " ".join(str(toast.inner_text()).split())
    muscle_side = name.removeprefix("Explore ").removesuffix(", in the plan builder")
    assert said.lower().startswith(f"plan builder filled in: {muscle_side}, ") and said.endswith(" relaxation."), said
    assert page.locator('[data-testid="stToastViewButton"]').count() == 0  # all of it shown: no "view more"
    assert page.locator('[data-testid="stToast"]').count() == 1  # said once
    # and the longest it says (the catalogue's longest muscle name, on both sides) fits the same three lines
    longest = max((m.name for m in load().muscles.values()), key=len)
    words = plan.explored_sentence(longest, "both", "moderate")
    lines = toast.evaluate(_LINES_JS, words)
    assert lines <= 3, (lines, words)


#: How many lines the toast's text box takes with other words in it (the box clamps at three: its full height is read).
_LINES_JS = """(box, words) => {
  const copy = box.cloneNode(true);
  copy.style.display = "block";
  copy.style.webkitLineClamp = "unset";
  copy.textContent = words;
  box.parentElement.append(copy);
  const lines = Math.round(copy.scrollHeight / parseFloat(getComputedStyle(copy).lineHeight));
  copy.remove();
  return lines;
}"""
