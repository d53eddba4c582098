"""The camera in a real browser (Debian's Chromium with its fake camera playing a shared photo).

AppTest cannot drive ``st.camera_input``; here the first page's camera takes a frame the way a person does
(the switch, then "Take Photo") from a camera that shows the Face Research Lab's face 005 at 1280 x 960. The
photo must reach the engine at the camera's resolution, not at the widget's size on screen (243 x 182 px in the
first page's camera column: a face too small to measure well), and with the person's sides as the camera sees
them. The frame is written to a temporary file only because that is how Chromium's fake camera is fed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

import viz
from tests.browser import chromium, watched
from tests.browser_pages import TABLE_JS, settle
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from viz.vocabulary import MEASURES

pytestmark = pytest.mark.browser

#: The fake camera's frame size (4:3, as most cameras give).
FRAME = (1280, 960)


def _frame() -> Image.Image:
    """The shared rest photo cropped to 4:3 and scaled to :data:`FRAME`: what the fake camera shows."""
    photo = Image.open(face_path("frl_london_005_03.jpg")).convert("RGB")
    w, h = photo.size
    crop_h = w * 3 // 4
    top = (h - crop_h) // 2
    return photo.crop((0, top, w, top + crop_h)).resize(FRAME, Image.Resampling.LANCZOS)


def _y4m(frame: Image.Image, path: Path) -> None:
    """Write ``frame`` as a short Y4M clip (4:2:0), the format Chromium's fake camera plays."""
    ycc = np.asarray(frame.convert("YCbCr"))
    planes = ycc[:, :, 0].tobytes() + ycc[::2, ::2, 1].tobytes() + ycc[::2, ::2, 2].tobytes()
    with path.open("wb") as f:
        f.write(f"YUV4MPEG2 W{frame.width} H{frame.height} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            f.write(b"FRAME\n" + planes)


@pytest.fixture
def camera_page(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A desktop tab whose camera (allowed without asking) shows :func:`_frame`."""
    clip = tmp_path / "face.y4m"
    _y4m(_frame(), clip)
    fake = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", f"--use-file-for-fake-video-capture={clip}")
    with chromium(fake) as browser:
        context = browser.new_context(viewport={"width": 1500, "height": 1000}, permissions=["camera"])
        with watched(context.new_page(), request, ARTIFACTS / f"camera-{request.node.name}.png", full_page=True) as tab:
            yield tab


def _switch_the_camera_on(page: Any, url: str) -> None:
    """The first page with the sample measured, and its camera switched on (the browser's own picture then starts)."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    page.get_by_text("Take a photo with the camera").click()


def test_the_camera_photo_is_taken_at_the_cameras_resolution_and_measured_with_the_persons_sides(server: str, camera_page: Any) -> None:  # noqa: F811
    page = camera_page
    _switch_the_camera_on(page, server)
    page.get_by_role("button", name="Take Photo").wait_for(timeout=60_000)
    page.wait_for_function("() => { const v = document.querySelector('video'); return v !== null && v.videoWidth > 0; }", timeout=60_000)
    settle(page)
    size = page.evaluate(
        """() => { const v = document.querySelector('video');
                   const box = document.querySelector('[data-testid="stCameraInput"]').getBoundingClientRect();
                   return [v.videoWidth, v.videoHeight, box.width]; }"""
    )
    assert size[2] < FRAME[0] / 2  # the widget is narrow on screen ...
    assert tuple(size[:2]) == FRAME  # ... and the camera still delivers its whole frame
    page.get_by_role("button", name="Take Photo").click()
    page.get_by_text("Showing: Your camera photo").wait_for(timeout=120_000)
    page.locator('table.mm-table[data-table="measures"]').wait_for(timeout=120_000)
    settle(page)
    body = page.inner_text("body")
    assert "px wide" not in body  # no small-face warning: the face is measured at the camera's detail

    face = viz.detect_face(viz.Photo.from_array(np.asarray(_frame())))
    assert face is not None
    expected = viz.analyze(face).measures["mouth_corner_drop"]  # the clearest difference on this face (about 2.5 mm)
    shown = page.evaluate(TABLE_JS, "measures")
    assert shown is not None
    row = next(r for r in shown["rows"] if r["measure"] == MEASURES["mouth_corner_drop"].label)
    value = float(row["difference"].split()[0].replace("−", "-"))
    uncertainty = float(row["uncertainty"].split()[1])
    assert np.sign(value) == np.sign(expected.value)  # the sides are the person's: a camera photo is not a mirror image
    assert abs(value - expected.value) <= uncertainty + expected.uncertainty  # a JPEG of the same frame: the same reading
    assert uncertainty <= 1.5 * expected.uncertainty, (uncertainty, expected.uncertainty)  # as precise as the frame itself


def test_the_camera_never_shows_wider_than_its_column_while_it_starts(server: str, camera_page: Any) -> None:  # noqa: F811
    # the video showed at the camera's size (1280 px wide, 720-960 px tall) for about a second on the switch and after
    # every photo before Streamlit fitted it to its column: the page jumped under a close-up of the face
    page = camera_page
    _switch_the_camera_on(page, server)
    watch = """() => { const v = document.querySelector('[data-testid="stCameraInput"] video');
                       const box = document.querySelector('[data-testid="stCameraInput"]');
                       if (!v || !box) return null;
                       return [v.getBoundingClientRect().width, v.getBoundingClientRect().height, box.getBoundingClientRect().width]; }"""
    sizes = []
    for _ in range(120):  # six seconds from the switch: the camera starts within them
        size = page.evaluate(watch)
        if size is not None and size[0] > 0:
            sizes.append(size)
        page.wait_for_timeout(50)
    assert sizes, "the camera's video never showed"
    widest, tallest, column = max(w for w, _, _ in sizes), max(h for _, h, _ in sizes), sizes[-1][2]
    assert widest <= column + 1 and tallest <= column * FRAME[1] / FRAME[0] + 1, (widest, tallest, column)
