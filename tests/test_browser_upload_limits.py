"""Real browser (Debian's Chromium): a file over the upload limit gets a visible sentence, and the camera's request box
shows its whole icon.

The browser refuses a file over ``server.maxUploadSize`` before the server hears of it; Streamlit 1.60 then showed a pink
chip with the name and size only, its own sentence hidden from sight (:data:`ui.shell._REFUSED_FILE`). In the first
page's narrow camera column at 1366 x 768, the top of the camera icon was cut off (:data:`ui.shell._CAMERA_ASK`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st

from tests.browser import chromium, watched
from tests.browser_pages import settle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import widgets

pytestmark = pytest.mark.browser

#: A laptop beside the patient and a phone.
VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}

# The refused file's sentence: its box, the viewport, its text and the words CSS draws after it (ui.shell._REFUSED_FILE).
_ALERT_JS = """() => {
  const alert = document.querySelector('[data-testid="stFileUploader"] [data-testid="stFileChip"] [role="alert"]');
  if (alert === null) return null;
  const r = alert.getBoundingClientRect();
  const chip = alert.closest('[data-testid="stFileChip"]').getBoundingClientRect();
  return {box: [r.left, r.top, r.right, r.bottom], chip: [chip.left, chip.top, chip.right, chip.bottom],
          viewport: [window.innerWidth, window.innerHeight], text: alert.innerText,
          after: getComputedStyle(alert, '::after').content};
}"""
# The camera icon's box and the box of the request it sits in (the message box has no data-testid; the video's has), once
# Streamlit has measured the box's width, from which it sets its height (9/16 of it).
_CAMERA_ICON_JS = """() => {
  const box = document.querySelector('[data-testid="stCameraInputWebcamComponent"] > div:not([data-testid])');
  if (box === null || box.querySelector('svg') === null || !(Number(box.getAttribute('width')) > 0)) return null;
  const i = box.querySelector('svg').getBoundingClientRect(), b = box.getBoundingClientRect();
  return {icon: [i.left, i.top, i.right, i.bottom], box: [b.left, b.top, b.right, b.bottom], width: box.getAttribute('width')};
}"""


@pytest.fixture(params=list(VIEWPORTS))
def first_page(request: pytest.FixtureRequest, server: str) -> Iterator[Any]:  # noqa: F811
    """The first page on the sample portrait, at each of :data:`VIEWPORTS`."""
    width, height = VIEWPORTS[request.param]
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height})
        with watched(context.new_page(), request, ARTIFACTS / f"upload-limits-{request.node.name}.png", full_page=True) as tab:
            tab.goto(server, wait_until="domcontentloaded")
            tab.get_by_text("Where the face differs").wait_for(timeout=120_000)
            settle(tab)
            yield tab


def test_a_file_over_the_limit_gets_a_visible_sentence_and_the_photo_before_it_stays(first_page: Any) -> None:
    page = first_page
    limit_mb = int(st.get_option("server.maxUploadSize"))
    shown = page.get_by_text("Showing: Sample portrait")
    assert shown.count() == 1
    # one byte over the limit, in memory (nothing written to disk): the browser refuses it before sending
    too_large = {"name": "large_photo.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + bytes(limit_mb * 1024 * 1024 - 1)}
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(too_large)
    page.locator('[data-testid="stFileChip"] [role="alert"]').wait_for(state="attached", timeout=30_000)
    page.locator('[data-testid="stFileChip"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    seen = page.evaluate(_ALERT_JS)
    assert seen is not None
    left, top, right, bottom = seen["box"]
    width, height = seen["viewport"]
    assert right - left > 100 and bottom - top > 10, seen  # drawn (it was Streamlit's 1 x 1 px, clipped, box)
    assert 0 <= left and right <= width and 0 <= top and bottom <= height, seen  # on screen, not beside it
    chip = seen["chip"]
    assert chip[0] <= left and right <= chip[2] and chip[1] <= top and bottom <= chip[3], seen  # in the file's own chip
    assert f"{limit_mb}.0MB or smaller" in seen["text"]  # Streamlit's sentence, with the limit ...
    assert widgets.upload_refused_advice() in seen["after"]  # ... and what to do, after it
    assert f"{limit_mb}\N{NO-BREAK SPACE}MB" in seen["after"]
    assert shown.count() == 1  # the earlier photo (here the sample) stays shown


def test_the_camera_request_box_shows_the_whole_icon(first_page: Any) -> None:
    page = first_page
    page.get_by_text("Take a photo with the camera").click()
    page.wait_for_function(f"() => ({_CAMERA_ICON_JS})() !== null", timeout=60_000)
    page.locator('[data-testid="stCameraInput"]').scroll_into_view_if_needed()
    page.wait_for_timeout(2000)
    seen = page.evaluate(_CAMERA_ICON_JS)
    icon, box = seen["icon"], seen["box"]
    assert icon[3] > icon[1]
    # the icon inside its box: at 1366 x 768 its top half was above the box's top, cut off under the label
    assert box[0] <= icon[0] and icon[2] <= box[2] and box[1] <= icon[1] and icon[3] <= box[3], seen
