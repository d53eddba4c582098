"""QA walk G on the Visits page (AppTest): a "check first" is never an all-clear, and a pair that cannot be compared
says why once, with its way forward."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import pytest
from PIL import Image, ImageOps
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, face_far_away, face_path, spaced
from ui import state, visits_ui
from viz.visits import MIRROR_SHAPE, compare

PAGE = str(REPO / "ui" / "pages" / "visits.py")
NEUTRAL, SMILING, OTHER = "frl_london_061_03.jpg", "frl_london_061_08.jpg", "frl_london_005_03.jpg"


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@cache
def _bytes(name: str) -> bytes:
    """A photo of ``tests/data`` as given; ``mirror:`` before the name flips it left to right (as a front camera saves it),
    ``far:`` shows it small and away from the middle of a large picture (:func:`tests.conftest.face_far_away`)."""
    kind, _, file = name.rpartition(":")
    if kind == "mirror":
        return _png(ImageOps.mirror(Image.open(face_path(file)).convert("RGB")))
    if kind == "far":
        return _png(face_far_away(file))
    return face_path(file).read_bytes()


@cache
def _face(name: str) -> viz.Face:
    face = viz.detect_face(viz.load_photo(_bytes(name)))
    assert isinstance(face, viz.Face), name
    return face


def _page(before: str, after: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[visits_ui.PHOTOS] = {slot: state.PhotoInput.of(_bytes(n), n, "test") for slot, n in (("before", before), ("after", after))}
    at.run()
    assert not at.exception
    return at


def _boxes(elements: Any) -> list[str]:
    return [spaced(str(e.value)) for e in elements]


@pytest.mark.parametrize("before, after", [(NEUTRAL, f"mirror:{NEUTRAL}"), (f"mirror:{NEUTRAL}", NEUTRAL)])
def test_a_check_first_is_a_warning_not_an_all_clear(before: str, after: str) -> None:
    # a photo and its mirror image read "Check first: one photo looks like a mirror image…" in a green box with a tick
    report = compare(_face(before), _face(after))
    assert report.judged and report.shape_mirrored and MIRROR_SHAPE in report.summary  # the pair the walk found
    at = _page(before, after)
    assert not at.success
    warnings, others = _boxes(at.warning), _boxes([*at.info, *at.success])
    assert sum(spaced(MIRROR_SHAPE) in w for w in warnings) == 1 and not any(spaced(MIRROR_SHAPE) in t for t in others)
    assert spaced(report.summary) in warnings  # its words kept


@pytest.mark.parametrize(
    "before, after, cause",
    [
        (NEUTRAL, SMILING, "an expression"),
        (SMILING, NEUTRAL, "an expression"),
        (OTHER, NEUTRAL, "same person"),
        (NEUTRAL, OTHER, "same person"),
    ],
)
def test_a_pair_that_cannot_be_compared_says_why_once_with_its_way_forward(before: str, after: str, cause: str) -> None:
    # the expression warning stood over "No verdict: the after photo shows an expression…"; "face shapes differ" over
    # "No verdict: these two photos may not show the same person…": two yellow boxes for one cause
    report = compare(_face(before), _face(after))
    assert not report.judged and cause in report.summary
    at = _page(before, after)
    shown = _boxes([*at.warning, *at.info])
    assert sum(cause in t for t in shown) == 1, shown
    assert spaced(report.summary) in _boxes(at.warning) and not at.success
    assert not set(shown) & {spaced(w) for w in report.warnings}  # each warning here said what the summary says
    assert "retake" in report.summary.lower()  # its way forward, in the one sentence left


@pytest.mark.parametrize("before, after", [(NEUTRAL, f"far:{SMILING}"), (f"far:{OTHER}", NEUTRAL)])
def test_a_no_verdict_pairs_other_warnings_still_show(before: str, after: str) -> None:
    report = compare(_face(before), _face(after))
    assert not report.judged
    others = [w for w in report.warnings if "small" in w or "middle of the photo" in w]
    assert others, report.warnings  # the face is small and off-centre in the far photo
    at = _page(before, after)
    shown = _boxes([*at.warning, *at.info])
    assert all(sum(spaced(w) in t for t in shown) == 1 for w in others), shown
    assert sum(spaced(report.summary) in t for t in shown) == 1
