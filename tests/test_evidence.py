"""The image evidence's patch matching: where a match's peak is flat, and the taller brow patch it calls for."""

from __future__ import annotations

import numpy as np
import pytest

import viz
from tests.conftest import face_path
from viz.anatomy import LEFT, RIGHT
from viz.evidence import BROW_ACROSS, BROW_TALL_ACROSS, STEP_MM, MirrorSampler, contour_v, match, match_upright
from viz.frame import FaceFrame


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


def test_a_match_says_how_far_above_or_below_a_second_place_fits_about_as_well() -> None:
    template = _blob(31, (15,), rows=11)
    stacked = np.minimum(_blob(61, (30,), rows=61), np.roll(_blob(61, (30,), rows=61), 15, axis=0))  # the spot twice, 3 mm apart vertically
    two = match(stacked, template, rivals=True)
    assert two is not None and two.rival_mm == pytest.approx(15 * STEP_MM)
    side_by_side = _blob(121, (40, 80), rows=41)  # twice, but at one height: the height is not in doubt
    beside = match(side_by_side, template, rivals=True)
    assert beside is not None and beside.rival_mm == 0.0
    alone = match(_blob(61, (30,), rows=61), template, rivals=True)
    assert alone is not None and alone.rival_mm == 0.0


def _brows_above_the_pupils() -> tuple[viz.Face, FaceFrame, np.ndarray, np.ndarray]:
    """frl_london_005_03's face, its frame, and the top of each brow above its pupil (face mm)."""
    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert face is not None
    frame = viz.analyze(face).frame
    uv = frame.to_mm(face.xy_px)
    left = np.array([uv[LEFT.iris_centre, 0], contour_v(uv, LEFT.brow_upper, float(uv[LEFT.iris_centre, 0]))])
    right = np.array([uv[RIGHT.iris_centre, 0], contour_v(uv, RIGHT.brow_upper, float(uv[RIGHT.iris_centre, 0]))])
    return face, frame, left, right


@pytest.mark.parametrize("threshold_mm, expected", [(-1.0, "tall"), (99.0, "band")])
def test_a_flat_band_match_is_registered_again_on_the_taller_patch(threshold_mm: float, expected: str) -> None:
    """``flat``: the taller patch's result replaces the band's when any of its three readings' peaks is flatter than the threshold."""
    face, frame, left, right = _brows_above_the_pupils()
    patches = {"band": BROW_ACROSS, "tall": BROW_TALL_ACROSS}
    on = {name: MirrorSampler(face, frame).register_upright(left, right, patch, "brow_height") for name, patch in patches.items()}
    assert on["band"] is not None and on["tall"] is not None
    assert abs(on["band"][1] - on["tall"][1]) > 1e-6  # the two patches read this brow differently, so the test can tell them apart
    got = MirrorSampler(face, frame).register_upright(left, right, BROW_ACROSS, "brow_height", flat=(BROW_TALL_ACROSS, threshold_mm))
    assert got is not None
    np.testing.assert_allclose(got, on[expected])


def test_a_known_doubt_is_combined_into_the_spread_once_and_at_its_largest() -> None:
    """``add_doubt``: a reading known to carry an error beyond its match's own states it, however often it is noted."""
    face, frame, left, right = _brows_above_the_pupils()
    sampler = MirrorSampler(face, frame)
    assert sampler.register_upright(left, right, BROW_ACROSS, "brow_height") is not None
    own = sampler.spread["brow_height"]
    for sd in (0.5, 0.3, 0.5):  # noted again, and smaller: the largest counts, once
        sampler.add_doubt("brow_height", sd)
    assert sampler.spread["brow_height"] == pytest.approx(np.hypot(own, 0.5))
    sampler.add_doubt("mouth_corner_drop", 0.2)  # a label with no match of its own yet
    assert sampler.spread["mouth_corner_drop"] == pytest.approx(0.2)
    assert "mouth_corner_drop" not in sampler.missed


def _areas(shift_half_rows: int, nh: int = 51, j_max: int = 17) -> tuple[np.ndarray, np.ndarray]:
    """Two areas cut from one textured band (rows 0.1 mm apart): the right one's content sits ``shift_half_rows`` rows higher."""
    rng = np.random.default_rng(7)
    rows = 2 * (nh - 1) + 1 + 4 * j_max
    texture = rng.normal(0.0, 30.0, (rows + 160, 61))
    texture = np.cumsum(np.cumsum(texture, axis=0), axis=1)  # smooth, so a shift of a row changes it little
    texture = 128.0 + 60.0 * (texture - texture.mean()) / texture.std()
    top = 40
    return texture[top : top + rows].astype(np.float32), texture[top + shift_half_rows : top + shift_half_rows + rows].astype(np.float32)


@pytest.mark.parametrize("shift_half_rows", [-9, -2, 0, 5, 14])
def test_an_upright_match_reads_a_known_shift_and_its_exact_opposite_when_the_sides_swap(shift_half_rows: int) -> None:
    left, right = _areas(shift_half_rows)
    both, one_left, one_right = match_upright(left, right, 51)
    assert both is not None and one_left is not None and one_right is not None
    expected = -shift_half_rows * STEP_MM / 2.0  # the right content higher: the left feature sits lower against it
    assert both.offset[1] == pytest.approx(expected, abs=0.03)
    assert one_left.offset[1] == pytest.approx(expected, abs=0.06)
    assert one_right.offset[1] == pytest.approx(expected, abs=0.06)
    swapped = match_upright(right, left, 51)[0]
    assert swapped is not None
    assert swapped.offset[1] == pytest.approx(-both.offset[1], abs=1e-9)  # a mirrored photo reads the exact opposite


def test_an_upright_match_beyond_its_search_finds_no_peak() -> None:
    left, far = _areas(75)  # 7.5 mm: beyond the 6.8 mm searched (3.4 mm each patch), so the best sits on the end of the range
    assert match_upright(left, far, 51)[0] is None
    assert match_upright(*_areas(60), 51)[0] is not None  # 6 mm: within it


def test_an_upright_match_scores_each_shift_as_the_plain_correlation_of_the_two_windows() -> None:
    """The fast sums find the best score that plain correlations of every pair of windows find (rows 0.1 mm apart)."""
    left, right = _areas(7)
    nh, j_max = 51, 17
    centre = (left.shape[0] - 1) // 2

    def window(area: np.ndarray, down: int) -> np.ndarray:
        return area[centre + down - (nh - 1) : centre + down + nh : 2].astype(np.float64).ravel()

    both = [np.corrcoef(window(left, -k), window(right, k))[0, 1] for k in range(-2 * j_max, 2 * j_max + 1)]
    one = [np.corrcoef(window(left, -2 * j), window(right, 0))[0, 1] for j in range(-j_max, j_max + 1)]
    found = match_upright(left, right, nh)
    assert found[0] is not None and found[1] is not None
    assert found[0].score == pytest.approx(max(both), abs=1e-9)
    assert found[1].score == pytest.approx(max(one), abs=1e-9)
    assert abs(found[0].offset[1] - (int(np.argmax(both)) - 2 * j_max) * STEP_MM) <= STEP_MM / 2 + 1e-9  # refined within the best step


def test_a_lid_column_sees_all_of_a_lids_move_at_the_pupil_and_less_toward_each_corner() -> None:
    """The lid pivots at the eye's corners: the share falls as ``1 - (x/d)^2`` toward each, on each side its own ``d``."""
    from viz.evidence import _LID_FOLLOW_FLOOR, _lid_follow

    pupil, corners = 30.0, (18.0, 44.0)  # nasal corner 12 mm in, temporal 14 mm out (a left eye, u > 0)
    assert _lid_follow(pupil, pupil, corners) == 1.0
    assert _lid_follow(pupil + 7.0, pupil, corners) == pytest.approx(0.75)  # half way to the temporal corner
    assert _lid_follow(pupil - 6.0, pupil, corners) == pytest.approx(0.75)  # half way to the nasal corner
    assert _lid_follow(pupil + 2.0, pupil, corners) > _lid_follow(pupil + 7.0, pupil, corners)
    # never below the floor, even at or beyond a corner, so one column's error is amplified at most 1/floor times
    assert _lid_follow(pupil + 14.0, pupil, corners) == _LID_FOLLOW_FLOOR
    assert _lid_follow(pupil - 20.0, pupil, corners) == _LID_FOLLOW_FLOOR
    # a right eye is the mirror image: the same shares at the mirrored columns, whichever corner is listed first
    for x in (-9.0, -3.0, 4.0, 10.0):
        assert _lid_follow(-(pupil + x), -pupil, (-44.0, -18.0)) == pytest.approx(_lid_follow(pupil + x, pupil, corners))
    # a pupil outside its corners (a mesh gone astray) leaves the columns as read
    assert _lid_follow(50.0, 46.0, corners) == 1.0
