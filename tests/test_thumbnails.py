"""The photo a slot shows (Visits, Expressions): the face found in it, not the room around a face taken from afar."""

from __future__ import annotations

import html
import io
from functools import cache

import numpy as np
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_far_away
from tests.pictures import images
from ui import state
from ui.cache import THUMBNAIL_SIDE, PhotoWork, Thumbnail

CANVAS = (112, 116, 120)  # face_far_away's room


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


@cache
def _far() -> bytes:
    return _jpeg(face_far_away("frl_london_005_03.jpg"))


def _decoded(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGB"), dtype=np.int16)


def test_a_face_far_away_is_shown_cropped_to_its_head() -> None:
    shown = PhotoWork(_far()).thumbnail()
    assert isinstance(shown, Thumbnail) and shown.cropped
    rgb = _decoded(shown.jpeg)
    h, w = rgb.shape[:2]
    assert h > w and max(h, w) <= THUMBNAIL_SIDE  # a head's box (the picture is 4:3 the other way), no larger than a thumbnail
    room = (np.abs(rgb - np.array(CANVAS)).max(axis=2) < 6).mean()
    assert room < 0.3  # the whole picture is 95 % room around a face some 200 px wide


def test_a_picture_without_a_face_is_shown_whole() -> None:
    rng = np.random.default_rng(3)
    noise = Image.fromarray(rng.integers(0, 255, (600, 800, 3), dtype=np.uint8))
    shown = PhotoWork(_jpeg(noise)).thumbnail()
    assert isinstance(shown, Thumbnail) and not shown.cropped
    h, w = _decoded(shown.jpeg).shape[:2]
    assert abs(w / h - 800 / 600) < 0.02


def test_the_visits_slot_says_the_face_was_cropped() -> None:
    at = AppTest.from_file(str(REPO / "ui" / "pages" / "visits.py"), default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_far(), "far.jpg", "test")
    at.run()
    assert not at.exception
    alts = [html.unescape(alt) for alt, _src in images(at)]
    assert alts == ["The before photo (the first page's photo), cropped to the face"]
    assert any("(the face, cropped)" in str(c.value) for c in at.caption) or any("(the face, cropped)" in h.proto.body for h in at.get("html"))
