"""Keyboard, screen reader and phone in a real browser (Debian's Chromium): a refused file read out each time, a closed
sidebar out of the Tab order, the touch targets of radios, switches and pills, "Add to plan" said aloud, and the
Relaxation choices' even rows.

AppTest has no focus, no layout and no CSS; these run the pages as a person does.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from tests.browser import watched
from tests.browser_pages import choose_muscle, open_preview, settle
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from tests.test_browser_phone import PHONE
from ui import a11y, plan, preview_ui, shell

pytestmark = pytest.mark.browser

#: The focused element: its tag, test id, text and left edge.
_FOCUS_JS = """() => { const e = document.activeElement; return {tag: e.tagName, testid: e.getAttribute('data-testid'),
  text: (e.textContent || '').trim(), x: e.getBoundingClientRect().x}; }"""


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:  # noqa: F811
    """A factory of new tabs (each in its own session) of a given kind; all closed at the end."""
    made: list[Any] = []

    def new(**options: Any) -> Any:
        made.append(browser.new_context(**options))
        return made[-1]

    yield new
    for one in made:
        one.close()


def _first_page(page: Any, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)


def _plain_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 80)).save(buf, "JPEG")  # a photo with no face in it
    return buf.getvalue()


def test_each_refused_file_in_a_row_takes_the_focus_to_its_message(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # the second refusal in a row drew the same focus script, which Streamlit did not run again: focus on the body
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-refused.png") as page:
        _first_page(page, server)
        for data, said in ((_plain_jpeg(), "No face was found"), (_plain_jpeg(), "No face was found"), (b"not an image", "This file is not an image")):
            page.locator('[data-testid="stFileUploaderDropzone"] button').first.focus()  # where a keyboard presses "Upload"
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files({"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": data})
            settle(page)
            page.wait_for_timeout(500)  # the focus script tries every 100 ms
            focus = page.evaluate(_FOCUS_JS)
            assert focus["testid"] == "stAlert" and said in focus["text"], focus


def test_a_closed_sidebar_is_out_of_the_tab_order_and_its_named_button_opens_it(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # 200 % zoom on a 1366 x 768 laptop: the closed sidebar's eight controls were Tab stops off screen (x = -280 px)
    with watched(context(viewport={"width": 683, "height": 384}).new_page(), request, ARTIFACTS / "k-sidebar.png") as page:
        _first_page(page, server)
        assert page.locator('[data-testid="stSidebar"]').get_attribute("aria-expanded") == "false"
        stops = []
        for _ in range(8):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(_FOCUS_JS))
        assert all(stop["x"] >= 0 for stop in stops), stops
        opener = page.get_by_role("button", name=a11y.MENU_BUTTONS['[data-testid="stExpandSidebarButton"]'], exact=True)
        assert opener.count() == 1 and any(stop["testid"] == "stExpandSidebarButton" for stop in stops)
        opener.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]').getAttribute('aria-expanded') === 'true'""")
        page.wait_for_timeout(600)  # the 0.3 s slide
        switch = page.get_by_role("switch", name="Presenter mode")
        assert switch.is_visible()
        switch.focus()
        assert page.evaluate("() => document.activeElement.getAttribute('role')") == "switch"  # a Tab stop again
        closer = page.get_by_role("button", name=a11y.MENU_BUTTONS['[data-testid="stSidebarCollapseButton"] button'], exact=True)
        page.locator('[data-testid="stSidebar"]').hover()  # Streamlit shows its close button while the mouse is over the sidebar
        closer.click()
        page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]').getAttribute('aria-expanded') === 'false'""")
        page.wait_for_timeout(600)
        assert not switch.is_visible()


#: The height of every radio option, switch label, pill and segment on the page: (words, height in px).
_HEIGHTS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is([data-testid="stRadioOption"], [data-testid="stCheckbox"] label,'
  + ' [data-testid="stButtonGroup"] button)')].map(e => [(e.textContent || '').trim(), e.getBoundingClientRect().height])"""


def test_radios_switches_and_pills_are_finger_sized_on_a_touch_screen_only(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    with watched(context(**PHONE).new_page(), request, ARTIFACTS / "k-touch.png") as phone:
        _first_page(phone, server)
        first = phone.evaluate(_HEIGHTS_JS)
        open_preview(phone, server)
        preview = phone.evaluate(_HEIGHTS_JS)
    for page_heights in (first, preview):
        assert len(page_heights) >= 4 and all(height >= shell.TOUCH_PX - 0.5 for _words, height in page_heights), page_heights
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-mouse.png") as laptop:
        open_preview(laptop, server)
        assert all(height < shell.TOUCH_PX for _words, height in laptop.evaluate(_HEIGHTS_JS))  # a mouse's layout as it was


def test_add_to_plan_by_keyboard_says_what_was_added_and_keeps_the_focus(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-add.png") as page:
        page.goto(f"{server}/preview", wait_until="domcontentloaded")
        page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
        settle(page)
        for _ in range(2):  # the same words said again after a second press (a line replaced by the same, then back)
            page.locator(f".st-key-{preview_ui.ADD} button").focus()
            page.keyboard.press("Enter")
            page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
            settle(page)
            said = page.evaluate(f"() => document.getElementById('{a11y.STATUS_ID}').textContent")
            assert said.startswith("Added to the plan: ") and said.endswith("The simulated photo and measures below are updated."), said
            focus = page.evaluate(_FOCUS_JS)
            assert focus["tag"] == "BUTTON" and focus["text"] == "Add to plan", focus
            page.locator(f".st-key-{preview_ui.CLEAR} button").click()  # empty again for the second round
            settle(page)


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_relaxation_choices_sit_on_even_rows(server: str, context: Any, request: pytest.FixtureRequest, width: int) -> None:  # noqa: F811
    # at 1366 x 768, "○ light ● moderate" on one line and "○ strong" alone below
    with watched(context(viewport={"width": width, "height": 768}).new_page(), request, ARTIFACTS / f"k-relaxation-{width}.png") as page:
        open_preview(page, server)
        boxes = page.evaluate(f"""() => [...document.querySelectorAll('.st-key-{plan.LEVEL} [data-testid="stRadioOption"]')]
          .map(e => {{ const r = e.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y)]; }})""")
        xs, ys = {x for x, _y in boxes}, [y for _x, y in boxes]
        assert len(boxes) == 3 and (len(set(ys)) == 1 or (len(xs) == 1 and len(set(ys)) == 3)), boxes


def test_in_presenter_mode_add_to_plan_by_keyboard_takes_the_focus_to_add_another_muscle(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # the builder folded into "Add another muscle" once the plan had a line: the pressed button went, and the focus fell
    # to the page's body (the next Tab: the skip link)
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-presenter-add.png") as page:
        page.goto(f"{server}/preview", wait_until="domcontentloaded")
        page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
        settle(page)
        page.get_by_text("Presenter mode").click()
        page.get_by_text("No plan to show yet").wait_for(timeout=120_000)
        settle(page)
        page.locator(f".st-key-{preview_ui.ADD} button").focus()
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Add another muscle").wait_for(timeout=120_000)
        settle(page)
        page.wait_for_timeout(500)  # the focus script tries every 100 ms
        focus = page.evaluate(_FOCUS_JS)
        assert focus["testid"] == "stPopoverButton" and "Add another muscle" in focus["text"], focus
        said = page.evaluate(f"() => document.getElementById('{a11y.STATUS_ID}').textContent")
        assert said.startswith("Added to the plan: "), said  # and what was added is still said


def test_a_second_add_to_plan_is_said_together_with_the_day_s_new_sentence(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # the day's sentence, drawn 50-130 ms after the button's, replaced it: a screen reader heard only the day
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-add-twice.png") as page:
        open_preview(page, server)  # the first line: the simulation and its day's sentence appear (not said: on screen)
        day_before = page.evaluate("() => document.querySelector('[data-mm-status]').textContent.trim()")
        choose_muscle(page, "Mouth", "Mouth-corner muscle")
        page.locator(f".st-key-{preview_ui.ADD} button").focus()
        page.keyboard.press("Enter")
        page.get_by_text("Mouth-corner muscle — left side").first.wait_for(timeout=120_000)
        settle(page)
        page.wait_for_timeout(500)
        day_after = page.evaluate("() => document.querySelector('[data-mm-status]').textContent.trim()")
        said = page.evaluate(f"() => document.getElementById('{a11y.STATUS_ID}').textContent")
    assert day_after != day_before, day_after  # the day's sentence changed in the same run
    assert said.startswith("Added to the plan: mouth-corner muscle") and said.endswith(" " + day_after), said


#: Every word of the plan builder's side and level choices and of its "Remove" buttons that is drawn on more than one line.
_BROKEN_WORDS_JS = f"""() => {{
  const broken = [];
  const boxes = document.querySelectorAll('.st-key-{plan.BUILDER} [data-testid="stColumn"]:has([class*="st-key-{plan.SIDE}-"], .st-key-{plan.LEVEL}),'
    + ' [class*="st-key-{plan.REMOVE}-"]');
  for (const box of boxes) {{
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      for (const match of node.textContent.matchAll(/[A-Za-z()]+/g)) {{
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }}
    }}
  }}
  return {{broken, boxes: boxes.length}};
}}"""


@pytest.mark.parametrize("width", [840, 860, 911, 1000])
def test_the_plan_builder_keeps_its_words_whole_on_a_narrow_laptop(server: str, context: Any, request: pytest.FixtureRequest, width: int) -> None:  # noqa: F811
    # 1366 px at 150 % zoom is 911 px, the sidebar open: Side and Relaxation in 60-80 px columns read "Relaxati/on", "moder/ate"
    with watched(context(viewport={"width": width, "height": 800}).new_page(), request, ARTIFACTS / f"k-builder-{width}.png") as page:
        open_preview(page, server)
        found = page.evaluate(_BROKEN_WORDS_JS)
    assert found["boxes"] == 3 and found["broken"] == [], found  # the side, the level and the line's "Remove"


@pytest.mark.parametrize("width", [1366, 1920])
def test_on_a_wide_screen_the_side_and_the_level_sit_beside_the_pickers(server: str, context: Any, request: pytest.FixtureRequest, width: int) -> None:  # noqa: F811
    with watched(context(viewport={"width": width, "height": 800}).new_page(), request, ARTIFACTS / f"k-builder-{width}.png") as page:
        open_preview(page, server)
        boxes = page.evaluate(f"""() => [...document.querySelectorAll('.st-key-{plan.BUILDER} [data-testid="stColumn"]')]
          .slice(0, 4).map(e => {{ const r = e.getBoundingClientRect(); return [r.left, r.right, r.bottom]; }})""")
    # one row: each column right of the one before, its bottom on the row's (vertical_alignment="bottom")
    assert len(boxes) == 4 and all(a[1] <= b[0] for a, b in itertools.pairwise(boxes)), boxes
    assert max(b[2] for b in boxes) - min(b[2] for b in boxes) < 40, boxes


_SIDEBAR_JS = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
  const c = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  return {expanded: s.getAttribute('aria-expanded'), inside: s.contains(document.activeElement), closer: getComputedStyle(c).visibility}; }"""


def test_the_sidebar_opened_by_keyboard_takes_the_focus_and_esc_closes_it(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # 200 % zoom: after Enter on "Open the menu" the focus was on the body, the next Tab under the open sidebar, its "Close the
    # menu" hidden unless a mouse was over it, and Esc did nothing
    with watched(context(viewport={"width": 683, "height": 384}).new_page(), request, ARTIFACTS / "k-sidebar-keys.png") as page:
        _first_page(page, server)
        opener = page.get_by_role("button", name=a11y.MENU_BUTTONS['[data-testid="stExpandSidebarButton"]'], exact=True)
        opener.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]').contains(document.activeElement)""", timeout=5_000)
        focus = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        assert focus == a11y.MENU_BUTTONS['[data-testid="stSidebarCollapseButton"] button'], focus
        assert page.evaluate(_SIDEBAR_JS) == {"expanded": "true", "inside": True, "closer": "visible"}
        page.keyboard.press("Tab")  # on to the sidebar's menu: the close button still shown while the focus is inside
        assert page.evaluate(_SIDEBAR_JS) == {"expanded": "true", "inside": True, "closer": "visible"}
        page.keyboard.press("Escape")
        page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]').getAttribute('aria-expanded') === 'false'""", timeout=5_000)
        page.wait_for_function("""() => document.activeElement.getAttribute('data-testid') === 'stExpandSidebarButton'""", timeout=5_000)


def test_learn_s_tabs_are_finger_sized_on_a_touch_screen(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    with watched(context(**PHONE).new_page(), request, ARTIFACTS / "k-touch-tabs.png") as phone:
        phone.goto(f"{server}/learn", wait_until="domcontentloaded")
        phone.get_by_role("tab").first.wait_for(timeout=120_000)
        settle(phone)
        heights = phone.evaluate("() => [...document.querySelectorAll('[role=\"tab\"]')].map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 8 and min(heights) >= shell.TOUCH_PX - 0.5, heights


def test_esc_leaves_a_sidebar_that_sits_beside_the_page_open(server: str, context: Any, request: pytest.FixtureRequest) -> None:  # noqa: F811
    # only where the open sidebar lies over the page: on a laptop it is part of the layout, and Esc is for other things
    with watched(context(viewport={"width": 1366, "height": 768}).new_page(), request, ARTIFACTS / "k-sidebar-wide.png") as page:
        _first_page(page, server)
        page.get_by_role("switch", name="Presenter mode").focus()
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        assert page.evaluate(_SIDEBAR_JS)["expanded"] == "true" and page.evaluate(_SIDEBAR_JS)["inside"]
