"""The first page with a keyboard, and with a finger, in a real browser (Debian's Chromium): where the focus goes after
each photo control and download, the Layers control in the interactive view, and a swipe over the interactive overlay.

AppTest has no focus and draws no Plotly chart; these run the page as a person does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import watched_tab
from tests.browser_pages import PHOTOS, settle, upload
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from tests.test_browser_keyboard import FOCUS_JS
from tests.test_browser_phone import PHONE
from ui import analyze_ui, phone, state
from viz.vocabulary import LAYERS

pytestmark = pytest.mark.browser

#: Each layer of the interactive overlay and whether its traces are drawn (Plotly's own copy of the figure).
_VISIBLE_JS = f"""() => {{
  const shown = {{}};
  for (const t of document.querySelector('.st-key-{phone.OVERLAY_KEY} .js-plotly-plot').data) {{
    shown[t.legendgroup] = (shown[t.legendgroup] ?? true) && (t.visible === undefined || t.visible === true);
  }}
  return shown;
}}"""


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new 1280 x 900 tab in its own session that accepts downloads; a picture of the screen if the test fails."""
    picture = ARTIFACTS / f"first-page-keys-{request.node.name}.png"
    with watched_tab(browser, request, picture, viewport={"width": 1280, "height": 900}, accept_downloads=True) as tab:
        yield tab


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)


def _focus(page: Any) -> dict[str, Any]:
    shown: dict[str, Any] = page.evaluate(FOCUS_JS)
    return shown


def test_a_download_pressed_with_enter_keeps_the_focus_on_its_button(server: str, page: Any) -> None:  # noqa: F811
    # Streamlit disables the button while it makes the file: the focus fell to <body>
    _open(page, server)
    for key in ("download_comparison", "download_report", "download_overlay"):
        page.locator(f".st-key-{key} button").first.focus()
        with page.expect_download(timeout=60_000):
            page.keyboard.press("Enter")
        page.wait_for_function(f"() => !document.querySelector('.st-key-{key} button').disabled", timeout=60_000)
        page.wait_for_timeout(400)  # the script looks every 100 ms
        focus = _focus(page)
        assert focus["key"] == f"st-key-{key}" and focus["tag"] == "button" and focus["visible"], (key, focus)


def test_clear_sample_and_upload_leave_the_focus_on_what_they_did(server: str, page: Any) -> None:  # noqa: F811
    _open(page, server)
    page.locator('[data-testid="stFileUploaderDropzone"] button').first.focus()
    upload(page, PHOTOS["rest"])
    page.get_by_text("Showing: Your uploaded photo").wait_for(timeout=120_000)
    settle(page)
    focus = _focus(page)
    assert focus["key"].startswith("st-key-upload-1-") and focus["tag"] == "button" and focus["visible"], focus  # the new uploader's
    for button, notice in ((state.CLEAR_BUTTON, state.CLEARED), (state.SAMPLE_BUTTON, state.SAMPLE_SHOWN)):
        if button == state.SAMPLE_BUTTON:
            upload(page, PHOTOS["rest"])
            page.get_by_text("Showing: Your uploaded photo").wait_for(timeout=120_000)
            settle(page)
        page.locator(f".st-key-{button} button").first.focus()
        page.keyboard.press("Enter")
        settle(page)
        focus = _focus(page)
        assert focus["key"] == f"st-key-{analyze_ui.PHOTO_NOTICE}" and focus["text"].startswith(notice[:40]) and focus["visible"], (button, focus)
        assert page.evaluate("() => document.activeElement.matches('[data-testid=\"stAlert\"]')")  # the sentence itself


def test_the_interactive_overlay_s_layers_change_with_the_keyboard(server: str, page: Any) -> None:  # noqa: F811
    # the Layers pills went with the picture, and the chart's legend takes no focus: no way to change a layer by keyboard
    _open(page, server)
    page.get_by_text("Interactive view", exact=True).click()
    page.locator(f".st-key-{phone.OVERLAY_KEY} .js-plotly-plot g.legend").first.wait_for(timeout=120_000)
    settle(page)
    assert page.evaluate(_VISIBLE_JS) == dict.fromkeys(LAYERS, True)
    pill = page.locator(f".st-key-{state.OVERLAY_LAYERS} button", has_text=LAYERS["axis"])
    pill.first.focus()
    page.keyboard.press("Enter")
    settle(page)
    assert page.evaluate(_VISIBLE_JS) == {layer: layer != "axis" for layer in LAYERS}
    assert _focus(page)["text"].endswith(LAYERS["axis"])  # still on the pill, to press it again
    page.keyboard.press("Enter")
    settle(page)
    assert page.evaluate(_VISIBLE_JS) == dict.fromkeys(LAYERS, True)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 360, "height": 740}])
def test_one_finger_over_the_interactive_overlay_scrolls_a_phone_s_page(server: str, browser: Any, request: pytest.FixtureRequest, viewport: Any) -> None:  # noqa: F811
    # the chart (356 x 590 px) took the swipe to pan the picture: the page scrolled only in a 17 px margin beside it
    picture = ARTIFACTS / f"first-page-swipe-{viewport['width']}.png"
    with watched_tab(browser, request, picture, **{**PHONE, "viewport": viewport}) as tab:
        _open(tab, server)
        tab.get_by_text("Interactive view", exact=True).click()
        drag = tab.locator(f".st-key-{phone.OVERLAY_KEY} rect.nsewdrag").first
        drag.wait_for(timeout=120_000)
        settle(tab)
        drag.scroll_into_view_if_needed()
        tab.wait_for_timeout(300)
        box = drag.bounding_box()
        where = "() => [document.querySelector('section[data-testid=\"stMain\"]').scrollTop + window.scrollY]"
        ranges = f"() => document.querySelector('.st-key-{phone.OVERLAY_KEY} .js-plotly-plot')._fullLayout.xaxis.range"
        before, range_before = tab.evaluate(where), tab.evaluate(ranges)
        x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"], viewport["height"] - box["y"]) * 0.8
        cdp = tab.context.new_cdp_session(tab)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):  # 200 px up, over the chart all the way
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 20 * step}]})
            tab.wait_for_timeout(16)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        tab.wait_for_timeout(600)
        after = tab.evaluate(where)
        assert after[0] - before[0] >= 100, (before, after)  # the page moved with the finger
        assert tab.evaluate(ranges) == range_before  # and the picture did not
