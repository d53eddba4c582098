"""A face away from the middle of a close photo is seen obliquely (viz.camera): its measures stay the face's."""

from __future__ import annotations

import functools
import io
import math

import numpy as np
import pytest
from PIL import Image

import viz
from tests.conftest import detected, face_path
from viz import camera
from viz.asymmetry import OFF_CENTRE, UNCUT_IT
from viz.photo import cut_since_taken
from viz.testing import cropped_past_face, seen_off_axis

#: Measures the oblique view moves most (1.2-1.7 mm and 1.0-1.5° at 10° off the axis, 40 cm: viz.camera).
MOVED = ("mouth_corner_drop", "mouth_tilt", "brow_tail_height", "brow_height", "eye_line_tilt")
FACE = "frl_london_005_03.jpg"


def _jpeg(exif: Image.Exif | None = None, size: tuple[int, int] = (400, 300)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 100, 90)).save(buf, "JPEG", exif=exif if exif is not None else Image.Exif())
    return buf.getvalue()


def test_the_focal_length_is_read_from_the_exif_data() -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0xA405] = 26
    assert viz.load_photo(_jpeg(exif)).focal_35mm == 26.0
    assert viz.load_photo(_jpeg()).focal_35mm is None


def test_a_photo_cropped_since_it_was_taken_is_known_cut_and_keeps_its_lens() -> None:
    # its EXIF pixel size (4:3) is not the picture's shape (1:1): its middle is no longer the lens's axis
    exif = Image.Exif()
    exif.get_ifd(0x8769).update({0xA405: 26, 0xA002: 4000, 0xA003: 3000})
    cut = viz.load_photo(_jpeg(exif, (300, 300)))
    assert cut.cut and cut.focal_35mm == 26.0
    # reduced only, it keeps its shape and its angles
    whole = viz.load_photo(_jpeg(exif, (400, 300)))
    assert not whole.cut and whole.focal_35mm == 26.0


@pytest.mark.parametrize(
    ("size", "cut"),
    [((4032, 3024), False), ((3024, 4032), False), ((1600, 1200), False), ((1350, 1350), False), ((4000, 2252), False),
     ((1080, 2400), False), ((6000, 4000), False), ((1080, 1350), True), ((675, 825), True), ((900, 700), True)],
)  # fmt: skip
def test_without_exif_a_photo_not_of_a_cameras_shape_is_taken_as_cut(size: tuple[int, int], cut: bool) -> None:
    # a phone's 4:3 either way up, reduced by a messaging app, square, 16:9 to whole pixels, 20:9, a camera's 3:2; a
    # 4:5 crop for a feed, an official portrait's crop, a free crop
    assert cut_since_taken(Image.new("RGB", size)) is cut


def test_a_cut_photo_is_not_corrected_for_the_view_and_its_range_holds_what_the_view_can_do() -> None:
    view = camera.OffAxis(math.tan(math.radians(12.0)), 0.0, 400.0, focal_known=False, axis_known=False)
    assert view.share == 0.0 and view.doubt_share == camera.CUT_DOUBT >= camera.UNKNOWN_FOCAL_SHARE
    # measured: the face is off the middle of the cut photo, so the warning says the photo seems cut, not "centre it"
    image = Image.open(face_path(FACE))
    whole = detected(FACE)
    cropped = viz.detect_face(viz.load_photo(cropped_past_face(image, whole, "right")))
    assert cropped is not None and cropped.photo.cut and not cropped.off_axis.axis_known
    report = viz.analyze(cropped)
    said = [w for w in report.warnings if w.startswith(OFF_CENTRE)]
    assert len(said) == 1 and "cut from a larger one" in said[0] and said[0].endswith(UNCUT_IT)


@functools.cache
def _seen(degrees: float, focal_in_exif: bool = True) -> viz.AsymmetryReport:
    image = Image.open(face_path(FACE))
    face = viz.detect_face(viz.load_photo(seen_off_axis(image, (degrees, 0.0), float(image.width), focal_in_exif=focal_in_exif)))
    assert face is not None
    return viz.analyze(face)


@pytest.mark.parametrize("degrees", [12.0, -12.0])
def test_a_face_off_the_axis_measures_as_on_it_when_the_focal_length_is_known(degrees: float) -> None:
    # the same face, the camera turned 12° at about 40 cm: the mouth-corner drop moved 1.6 mm before the view was
    # corrected for (its ± 0.4), the mouth tilt 1.6°
    on, off = _seen(0.0), _seen(degrees)
    for mid in MOVED:
        assert abs(off.measures[mid].value - on.measures[mid].value) <= off.measures[mid].uncertainty, mid


@pytest.mark.parametrize("degrees", [12.0, -12.0])
def test_without_a_focal_length_the_range_still_holds_the_face(degrees: float) -> None:
    on, off = _seen(0.0, focal_in_exif=False), _seen(degrees, focal_in_exif=False)
    for mid in MOVED:
        assert abs(off.measures[mid].value - on.measures[mid].value) <= off.measures[mid].uncertainty, mid
    # and the ± says how unsure the lens leaves it: wider than with the focal length known
    assert off.measures["mouth_corner_drop"].uncertainty > _seen(degrees).measures["mouth_corner_drop"].uncertainty


def test_a_face_far_from_the_middle_is_told_to_be_centred() -> None:
    assert any("away from the middle of the photo" in w for w in _seen(12.0).warnings)
    assert not any("away from the middle of the photo" in w for w in _seen(0.0).warnings)


def test_the_head_models_view_matches_a_turned_camera() -> None:
    # viz.camera.view_obliquely on points, against the photo's own homography: the middle of a photo seen 10° off the
    # axis, and a point 100 px to its right, keep their distance apart in the ratio a pinhole camera gives
    f = 1000.0
    seen = camera.view_obliquely(np.array([[500.0, 500.0], [600.0, 500.0]]), np.array([500.0, 500.0]), f, math.tan(math.radians(10.0)), 0.0)
    expected = f * (math.tan(math.radians(10.0) + math.atan(0.1)) - math.tan(math.radians(10.0)))
    assert seen[1, 0] - seen[0, 0] == pytest.approx(expected, rel=1e-9)


def _cropped_to_one_side(name: str, side: str) -> viz.AsymmetryReport:
    """A photo cut just past the face on one side (no camera moved: the face's pixels are the photo's), measured."""
    image = Image.open(face_path(name))
    whole = viz.detect_face(viz.load_photo(face_path(name).read_bytes()))
    assert whole is not None
    face = viz.detect_face(viz.load_photo(cropped_past_face(image, whole, side)))
    assert face is not None
    return viz.analyze(face)


def test_a_photo_cut_past_the_face_keeps_the_face_whole_and_loses_the_other_side() -> None:
    image = Image.open(face_path(FACE))
    whole = detected(FACE)
    x0, _y0, x1, _y1 = whole.bbox
    for side in ("left", "right"):
        cut = Image.open(io.BytesIO(cropped_past_face(image, whole, side)))
        assert x1 - x0 < cut.width < image.width and cut.height == image.height
        assert viz.load_photo(cropped_past_face(image, whole, side)).focal_35mm is None
    with pytest.raises(viz.ArgumentError):
        cropped_past_face(image, whole, "subject's left")


def test_a_face_cropped_to_one_side_keeps_its_asymmetry_index_within_its_range() -> None:
    # with no focal length a phone's lens is assumed and most of its view corrected for: on a face that was in the
    # middle when taken the correction itself read as asymmetry, 0.35 -> 0.94 mm beside ± 0.25 (RMS change/± 1.39)
    z = []
    for pid in ("005", "006", "025", "061", "136"):
        name = f"frl_london_{pid}_03.jpg"
        whole = viz.analyze(detected(name))
        for side in ("left", "right"):
            cropped = _cropped_to_one_side(name, side)
            assert cropped.face.off_axis.focal_known is False and cropped.face.off_axis.axis_known is False
            z.append((cropped.index_mm - whole.index_mm) / cropped.index_uncertainty_mm)
    assert math.sqrt(float(np.mean(np.square(z)))) <= 1.0


@pytest.mark.parametrize("focal_in_exif", [True, False])
def test_a_face_off_the_axis_keeps_its_asymmetry_index_within_two_of_its_range(focal_in_exif: bool) -> None:
    # one standard uncertainty: a change of up to two is a one-in-twenty event, not a wrong figure
    on = _seen(0.0, focal_in_exif=focal_in_exif)
    for degrees in (12.0, -12.0):
        off = _seen(degrees, focal_in_exif=focal_in_exif)
        assert abs(off.index_mm - on.index_mm) <= 2.0 * off.index_uncertainty_mm
