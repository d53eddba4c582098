"""The image evidence's patch matching: where a match's peak is flat, and the taller brow patch it calls for."""

from __future__ import annotations

import numpy as np
import pytest

import viz
from tests.conftest import face_path
from viz.anatomy import LEFT, RIGHT
from viz.evidence import BROW_ACROSS, BROW_TALL_ACROSS, STEP_MM, MirrorSampler, contour_v, match


def _rows(profile: np.ndarray, width: int = 61) -> np.ndarray:
    """A patch whose every column is ``profile`` (rows downward): a band that runs across the patch."""
    return np.repeat(profile[:, None], width, axis=1).astype(np.float32)


def _band(rows: int, top: int, bottom: int) -> np.ndarray:
    """A dark band from row ``top`` to ``bottom`` on bright skin, edges softened over two rows."""
    y = np.arange(rows, dtype=np.float64)
    inside = np.clip(np.minimum(y - top, bottom - y) / 2.0 + 0.5, 0.0, 1.0)
    return 200.0 - 120.0 * inside


def test_a_band_with_skin_above_and_below_matches_on_a_sharp_peak() -> None:
    search = _rows(_band(85, 37, 47))  # a 2 mm band in the middle of a 17 mm search area
    template = search[17:68]  # a 10 mm patch centred on it
    found = match(search, template)
    assert found is not None
    assert found.offset[1] == pytest.approx(0.0, abs=0.05)
    assert found.flat_mm <= 2 * STEP_MM


def test_a_band_that_fills_the_patch_gives_a_flat_peak_and_says_so() -> None:
    inside = 1.0 - (_band(85, 10, 75) - 80.0) / 120.0  # 1 within a band thicker than the patch, 0 on the skin
    hairs = np.random.default_rng(0).normal(0.0, 20.0, 61)  # texture along the band only, as brow hairs give
    search = (200.0 - inside[:, None] * (120.0 - hairs[None, :])).astype(np.float32)
    found = match(search, search[17:68])
    assert found is not None
    assert found.flat_mm >= 2.0  # the patch looks alike wherever it stays inside the band


def _blob(width: int, centres: tuple[int, ...], rows: int = 21) -> np.ndarray:
    """Bright skin with a dark round spot at each column of ``centres``, on the middle row."""
    y, x = np.mgrid[0:rows, 0:width].astype(np.float64)
    img = np.full((rows, width), 200.0)
    for c in centres:
        img -= 120.0 * np.exp(-((x - c) ** 2 + (y - rows // 2) ** 2) / (2.0 * 3.0**2))
    return img.astype(np.float32)


def test_a_match_that_fits_two_places_about_equally_is_refused_only_when_asked() -> None:
    template = _blob(31, (15,), rows=11)
    twice = _blob(121, (40, 80))  # the spot twice, 8 mm apart: either could be the feature
    once = _blob(121, (40,))
    assert match(twice, template) is not None  # the plain match takes one of them
    assert match(twice, template, margin=0.1) is None
    clear = match(once, template, margin=0.1)
    assert clear is not None and clear.offset[0] == pytest.approx((40 - 60) * STEP_MM, abs=0.05)
    assert match(once, template, min_score=1.01) is None  # no correlation reaches above 1


@pytest.mark.parametrize("threshold_mm, expected", [(-1.0, "tall"), (99.0, "band")])
def test_a_flat_band_match_is_registered_again_on_the_taller_patch(threshold_mm: float, expected: str) -> None:
    """``flat``: the taller patch's result replaces the band's when either direction's peak is flatter than the threshold."""
    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert face is not None
    frame = viz.analyze(face).frame
    uv = frame.to_mm(face.xy_px)
    left = np.array([uv[LEFT.iris_centre, 0], contour_v(uv, LEFT.brow_upper, float(uv[LEFT.iris_centre, 0]))])
    right = np.array([uv[RIGHT.iris_centre, 0], contour_v(uv, RIGHT.brow_upper, float(uv[RIGHT.iris_centre, 0]))])
    on = {name: MirrorSampler(face, frame).register(left, right, patch, "brow_height") for name, patch in (("band", BROW_ACROSS), ("tall", BROW_TALL_ACROSS))}
    assert on["band"] is not None and on["tall"] is not None
    assert abs(on["band"][1] - on["tall"][1]) > 1e-6  # the two patches read this brow differently, so the test can tell them apart
    got = MirrorSampler(face, frame).register(left, right, BROW_ACROSS, "brow_height", flat=(BROW_TALL_ACROSS, threshold_mm))
    assert got is not None
    np.testing.assert_allclose(got, on[expected])
