"""One real-browser test: Debian's Chromium, driven by Playwright, against `streamlit run` on a free port.

AppTest does not load images or draw Plotly charts; this test does. It uploads a shared face photo
through the page's file input, waits for the overlay and the mirrored views, checks that every image
on the page decoded (``naturalWidth > 0``) and that no exception box is shown, downloads the overlay
PNG with one click, and saves a screenshot under ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, OVERLAY_PICTURE, chromium, served
from tests.conftest import face_path

pytestmark = pytest.mark.browser


# The page has settled: the expected caption shown, every <img> decoded (the overlay's picture among them),
# the export buttons present and no element left stale by a rerun in progress.
_READY_JS = (
    """([caption, minImages]) => {
  const captioned = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
      .some(e => e.innerText.includes(caption));
  const imgs = [...document.images];
  const decoded = imgs.length >= minImages && imgs.every(i => i.complete && i.naturalWidth > 0);
  const overlay = document.querySelector('"""
    + OVERLAY_PICTURE
    + """');
  const exports = document.querySelectorAll('[data-testid="stDownloadButton"]').length === 3;
  const stale = document.querySelectorAll('[data-stale="true"]').length;
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  return captioned && decoded && overlay !== null && exports && stale === 0 && running === null;
}"""
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, once for a module that imports this fixture (each test opens its own context: a new session)."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`streamlit run app.py` on a free port (:func:`tests.browser.app_server`); yields its URL."""
    with served("streamlit-server.log") as url:
        yield url


def test_a_real_browser_uploads_a_face_and_sees_the_overlay_and_the_mirrored_views(server: str) -> None:
    from playwright.sync_api import sync_playwright

    photo = face_path("frl_london_005_03.jpg")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server, wait_until="domcontentloaded")
            # first load: the sample portrait, fully drawn
            page.wait_for_function(_READY_JS, arg=["Sample portrait", 7], timeout=60_000, polling=100)
            overlay = page.locator(OVERLAY_PICTURE)
            sample_src = overlay.get_attribute("src")
            assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # the page opens without Plotly's script
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
            page.wait_for_function(_READY_JS, arg=["Your uploaded photo", 7], timeout=60_000, polling=100)
            page.wait_for_timeout(300)  # a rerun queued behind the upload would show up as stale elements now
            page.wait_for_function(_READY_JS, arg=["Your uploaded photo", 7], timeout=60_000, polling=100)

            images = page.evaluate("() => [...document.images].map(i => ({src: i.src.slice(0, 80), w: i.naturalWidth}))")
            assert len(images) >= 7, images  # the overlay, true, mirror, left-left, right-right, aligned, difference
            assert all(i["w"] > 0 for i in images), images
            assert page.locator('[data-testid="stException"]').count() == 0
            assert overlay.get_attribute("src") != sample_src  # the overlay shows the uploaded face
            body = page.inner_text("body")
            assert "not medical advice" in body and "emergency" in body
            assert "Left–left" in body and "exaggerat" in body

            # one click each: the consult report as a PDF, the overlay and the comparison as PNGs, all made in memory when clicked
            for label, magic in (
                ("Download the consult report (PDF)", b"%PDF-"),
                ("Download the overlay (PNG)", b"\x89PNG\r\n\x1a\n"),
                ("Download the comparison (PNG)", b"\x89PNG\r\n\x1a\n"),
            ):
                started = time.perf_counter()
                with page.expect_download(timeout=30_000) as download:
                    page.get_by_role("button", name=label).click()
                head = Path(download.value.path()).read_bytes()[: len(magic)]
                print(f"{label}: {time.perf_counter() - started:.2f} s from the click to the file")
                assert head == magic, label

            # Streamlit scrolls inside its main pane: grow the window to the page's height for a whole-page picture.
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": 1500, "height": min(int(height) + 40, 8000)})
            page.wait_for_function(_READY_JS, arg=["Your uploaded photo", 7], timeout=30_000, polling=100)
            page.screenshot(path=str(ARTIFACTS / "app-uploaded.png"), full_page=True)

            # the interactive view is one switch away: Plotly's chart with the photo embedded
            page.get_by_text("Interactive view", exact=True).click()
            chart_image = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot image').first
            chart_image.wait_for(state="attached", timeout=60_000)
            href = chart_image.get_attribute("href")
            assert href is not None and href.startswith("data:image/jpeg;base64,")
            assert overlay.count() == 0  # in place of the picture

            assert not errors, errors
        finally:
            browser.close()
