"""Real browser (Debian's Chromium): the idle timeout's warning is in view wherever the person has scrolled.

Drawn at the page's top, the warning and its "I'm still here" button were 1,860 px above a person who had scrolled
down to read the measures table, and the session was cleared without a warning they could see. The server runs
with ``MIRRORMAP_IDLE_MINUTES=0.5`` (30 s; the page checks every 7.5 s and warns from 15 s), on a desktop and on a
phone's width: each test uploads a photo, scrolls to the page's end, waits, and keeps the session with the button.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import ARTIFACTS, SHOWS_PHOTO_JS, chromium, served, watched
from tests.conftest import face_path
from ui import session

pytestmark = pytest.mark.browser

#: The idle timeout the server runs with, seconds (and its check interval and warning's start, as ui.session has them).
TIMEOUT_S = 30.0
#: Where the box, the page's title and the main pane's scroll are, relative to the window (CSS pixels).
WHERE_JS = (
    """() => {
  const box = document.querySelector('.st-key-"""
    + session.IDLE_BOX
    + """');
  const main = document.querySelector('[data-testid="stMain"]');
  const title = document.querySelector('[data-testid="stMain"] h1');
  const rect = (e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {box: box ? rect(box) : null, title: rect(title), scrolled: main.scrollTop, width: innerWidth, height: innerHeight,
          alert: box ? box.querySelectorAll('[role="alert"]').length : 0};
}"""
)


@pytest.fixture(scope="module")
def idle_server() -> Iterator[str]:
    """The app with a 30-second idle timeout."""
    with served("streamlit-idle-warning-server.log", env={session.IDLE_ENV: str(TIMEOUT_S / 60.0)}) as url:
        yield url


PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1400, "height": 900}}


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_idle_warning_is_in_view_after_scrolling_down_and_its_button_keeps_the_session(
    idle_server: str, screen: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    with chromium() as browser:
        tab = browser.new_page(**screen)
        with watched(tab, request, ARTIFACTS / f"idle-warning-{request.node.callspec.id}.png") as page:
            page.goto(idle_server, wait_until="domcontentloaded")
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Sample portrait", timeout=90_000, polling=200)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(face_path("frl_london_006_03.jpg")))
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Your uploaded photo", timeout=90_000, polling=200)
            shown = time.monotonic()
            # to the end of the page, where the measures are read (Streamlit scrolls inside its main pane)
            page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]'); m.scrollTop = m.scrollHeight; }")
            page.locator(f".st-key-{session.IDLE_BOX}").wait_for(state="visible", timeout=60_000)
            where = page.evaluate(WHERE_JS)
            assert where["scrolled"] > 300 and where["title"]["bottom"] < 0, where  # the page's top is out of view
            box = where["box"]
            assert 0 <= box["top"] and box["bottom"] <= where["height"] and 0 <= box["left"] and box["right"] <= where["width"], where
            assert where["alert"] == 1  # announced: Streamlit draws the warning with role="alert"
            button = page.get_by_role("button", name=session.STILL_HERE)
            button_box = button.bounding_box()
            assert button_box is not None and 0 <= button_box["y"] and button_box["y"] + button_box["height"] <= where["height"]
            # the button is what the pointer finds there (nothing of the page is drawn over it)
            centre = (button_box["x"] + button_box["width"] / 2, button_box["y"] + button_box["height"] / 2)
            assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('button')?.innerText.includes(\"I'm still here\")", centre)
            if screen is PHONE:
                button.focus()  # reachable by the keyboard: it is a real button that Enter presses
                page.keyboard.press("Enter")
            else:
                page.mouse.click(*centre)
            page.locator(f".st-key-{session.IDLE_BOX}").wait_for(state="detached", timeout=30_000)
            # past the moment the session would have been cleared (the timeout and one check), it is still there
            time.sleep(max(0.0, TIMEOUT_S + TIMEOUT_S / 4 + 1 - (time.monotonic() - shown)))
            page.wait_for_function(SHOWS_PHOTO_JS, arg="Your uploaded photo", timeout=30_000, polling=200)
            assert "cleared after" not in page.inner_text("[data-testid='stMain']")
            assert page.locator('[data-testid="stException"]').count() == 0
