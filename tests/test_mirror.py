"""Mirrored views across the fitted axis: exact flips, symmetry of composites, masks, maps and encodings."""

from __future__ import annotations

import io
import math
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import viz
import viz.content
from tests.conftest import face_far_away, face_path
from viz import mirror
from viz.overlay import face_box


def _random_image(seed: int, h: int = 48, w: int = 64) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)


def _smooth_image(h: int = 96, w: int = 128) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 100 * np.sin(x / 9.0) * np.cos(y / 13.0)
    g = 127 + 100 * np.cos(x / 17.0 + y / 11.0)
    b = 127 + 100 * np.sin((x + y) / 23.0)
    return np.clip(np.stack([r, g, b], axis=-1), 0, 255).astype(np.uint8)


@cache
def _report(name: str, mirrored: bool = False) -> viz.AsymmetryReport:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return viz.analyze(face, mirrored=mirrored)


# --- reflect -----------------------------------------------------------------------------------


def test_reflecting_across_the_vertical_centre_line_is_an_exact_horizontal_flip() -> None:
    img = _random_image(1)
    out = mirror.reflect(img, (img.shape[1] / 2.0, 0.0), (1.0, 0.0))
    np.testing.assert_array_equal(out, img[:, ::-1])


def test_reflecting_across_the_horizontal_centre_line_is_an_exact_vertical_flip() -> None:
    img = _random_image(2)
    out = mirror.reflect(img, (0.0, img.shape[0] / 2.0), (0.0, -3.0))  # any length, either direction
    np.testing.assert_array_equal(out, img[::-1])


@settings(max_examples=25, deadline=None)
@given(angle=st.floats(-25.0, 25.0), shift=st.floats(-8.0, 8.0))
def test_reflecting_twice_gives_back_the_image_away_from_the_edges(angle: float, shift: float) -> None:
    img = _smooth_image()
    h, w = img.shape[:2]
    t = math.radians(angle)
    normal = (math.cos(t), math.sin(t))
    origin = (w / 2.0 + shift, h / 2.0)
    twice = mirror.reflect(mirror.reflect(img, origin, normal), origin, normal)
    inner = (slice(20, h - 20), slice(28, w - 28))
    err = np.abs(twice[inner].astype(int) - img[inner].astype(int))
    assert err.mean() < 2.0 and err.max() <= 24


@settings(max_examples=20, deadline=None)
@given(angle=st.floats(-30.0, 30.0))
def test_an_image_symmetric_about_a_tilted_axis_is_unchanged_by_reflection(angle: float) -> None:
    h, w = 96, 128
    t = math.radians(angle)
    normal = np.array([math.cos(t), math.sin(t)])
    origin = np.array([w / 2.0, h / 2.0])
    y, x = np.mgrid[0:h, 0:w].astype(np.float64) + 0.5
    d = (x - origin[0]) * normal[0] + (y - origin[1]) * normal[1]  # across the axis
    a = (x - origin[0]) * -normal[1] + (y - origin[1]) * normal[0]  # along it
    grey = 127 + 60 * np.cos(d / 6.0) + 50 * np.sin(a / 9.0)  # even in d
    img = np.repeat(np.clip(grey, 0, 255).astype(np.uint8)[..., None], 3, axis=2)
    out = mirror.reflect(img, origin, normal)
    inner = (slice(24, h - 24), slice(24, w - 24))
    assert np.abs(out[inner].astype(int) - img[inner].astype(int)).mean() < 2.5


def test_reflect_rejects_bad_arguments_and_never_writes_its_input() -> None:
    img = _random_image(3)
    before = img.copy()
    out = mirror.reflect(img, (10.0, 10.0), (0.3, 0.9))
    np.testing.assert_array_equal(img, before)
    assert not out.flags.writeable and out.dtype == np.uint8 and out.shape == img.shape
    with pytest.raises(ValueError, match="normal"):
        mirror.reflect(img, (1.0, 1.0), (0.0, 0.0))
    with pytest.raises(ValueError, match="rgb"):
        mirror.reflect(img[..., 0], (1.0, 1.0), (1.0, 0.0))
    with pytest.raises(ValueError, match="rgb"):
        mirror.reflect(img.astype(np.float32), (1.0, 1.0), (1.0, 0.0))  # type: ignore[arg-type]


# --- composites --------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", ["positive", "negative"])
def test_a_composite_keeps_one_half_exactly_and_is_symmetric(keep: str) -> None:
    img = _smooth_image()
    h, w = img.shape[:2]
    origin, normal = (w / 2.0, h / 2.0), (1.0, 0.0)
    out = mirror.composite(img, origin, normal, keep=keep)  # type: ignore[arg-type]
    half = slice(w // 2, w) if keep == "positive" else slice(0, w // 2)
    np.testing.assert_array_equal(out[:, half], img[:, half])
    np.testing.assert_array_equal(out, out[:, ::-1])


def test_a_composite_names_its_half() -> None:
    with pytest.raises(ValueError, match="keep"):
        mirror.composite(_random_image(4), (1.0, 1.0), (1.0, 0.0), keep="left")  # type: ignore[arg-type]


# --- mask, difference, blend ----------------------------------------------------------------------


def test_face_mask_fills_the_convex_hull_of_the_points() -> None:
    pts = np.array([[10, 10], [50, 10], [50, 30], [10, 30], [30, 20]], dtype=float)  # inner point ignored
    mask = mirror.face_mask((40, 60, 3), pts)
    assert mask.shape == (40, 60)
    assert mask.sum() == 40 * 20  # pixel centres 10.5..49.5 x 10.5..29.5
    assert mask[20, 30] and not mask[5, 5] and not mask[35, 55]
    tri = mirror.face_mask((40, 60), np.array([[0, 0], [60, 0], [0, 40]], dtype=float))
    assert abs(int(tri.sum()) - 60 * 40 / 2) < 60
    assert not mirror.face_mask((10, 10), np.array([[1.0, 1.0], [5.0, 5.0]])).any()


def test_the_difference_map_is_dark_where_the_two_sides_match_and_bright_where_they_do_not() -> None:
    img = _smooth_image()
    mask = np.zeros(img.shape[:2], dtype=bool)
    mask[20:70, 30:100] = True
    same = mirror.difference_map(img, img, mask)
    lut0 = np.array(viz.overlay.asymmetry_colour(0.0))
    inside = same[mask].astype(int)
    # 80% colour of zero difference + 20% grey: blue channel dominates, no yellow
    assert np.all(inside[:, 2] >= inside[:, 0]) and lut0[2] > lut0[0]
    other = img.copy()
    other[40:48, 60:68] = 0  # a dark feature on one side only: it does not line up
    diff = mirror.difference_map(img, other, mask)
    lum = diff.astype(float) @ [0.299, 0.587, 0.114]
    assert lum[40:48, 60:68].mean() > lum[mask].mean() + 40
    assert lum[40:48, 60:68].mean() > mirror.difference_map(img, img, mask).astype(float)[40:48, 60:68].mean() + 40
    grey = img.astype(float) @ [0.299, 0.587, 0.114]
    np.testing.assert_allclose(diff[~mask][:, 0], 0.45 * grey[~mask], atol=1.0)  # outside: dimmed grey
    with pytest.raises(ValueError, match="same shape"):
        mirror.difference_map(img, img[:-1])
    with pytest.raises(ValueError, match="mask"):
        mirror.difference_map(img, img, mask[:-1])
    with pytest.raises(ValueError, match="full_scale"):
        mirror.difference_map(img, img, full_scale=0.0)


def test_blend_runs_from_one_image_to_the_other() -> None:
    a, b = _random_image(5), _random_image(6)
    np.testing.assert_array_equal(mirror.blend(a, b, 0.0), a)
    np.testing.assert_array_equal(mirror.blend(a, b, 1.0), b)
    mid = mirror.blend(a, b, 0.5).astype(int)
    assert np.all(np.abs(mid - (a.astype(int) + b.astype(int)) / 2) <= 0.5 + 1e-9)
    with pytest.raises(ValueError, match="alpha"):
        mirror.blend(a, b, 1.5)
    with pytest.raises(ValueError, match="same shape"):
        mirror.blend(a, b[:-1], 0.5)


def test_resize_to_shrinks_only() -> None:
    img = _random_image(7, 100, 50)
    assert mirror.resize_to(img, 40).shape == (40, 20, 3)
    np.testing.assert_array_equal(mirror.resize_to(img, 400), img)
    with pytest.raises(ValueError, match="max_side"):
        mirror.resize_to(img, 4)


# --- encodings -----------------------------------------------------------------------------------


def test_encodings_are_made_in_memory_and_decode() -> None:
    img = _smooth_image()
    jpeg = mirror.encode_jpeg(img, quality=80)
    assert jpeg[:2] == b"\xff\xd8" and Image.open(io.BytesIO(jpeg)).size == (128, 96)
    with pytest.raises(ValueError, match="quality"):
        mirror.encode_jpeg(img, quality=0)
    gif = Image.open(io.BytesIO(mirror.blink_gif(img, img[:, ::-1].copy(), period_ms=500)))
    assert gif.format == "GIF" and gif.n_frames == 2 and gif.info["duration"] == 500 and gif.info["loop"] == 0
    with pytest.raises(ValueError, match="same shape"):
        mirror.blink_gif(img, img[:-1])
    with pytest.raises(ValueError, match="period_ms"):
        mirror.blink_gif(img, img, period_ms=10)


# --- on a real face ---------------------------------------------------------------------------------


def test_the_views_of_a_face_are_built_across_its_fitted_axis() -> None:
    report = _report("frl_london_005_03.jpg")
    photo = np.asarray(report.face.photo.rgb)
    before = photo.copy()
    views = mirror.mirror_views(report, max_side=400)
    np.testing.assert_array_equal(photo, before)
    shape = views.true_view.shape
    assert max(shape[:2]) == 400
    for arr in (views.mirror_view, views.left_left, views.right_right, views.difference):
        assert arr.shape == shape and arr.dtype == np.uint8 and not arr.flags.writeable
    np.testing.assert_array_equal(views.true_view, mirror.resize_to(photo, 400))
    # The axis is the fitted one, not the image centre: reflecting the composite across it changes ~nothing.
    frame = report.frame
    k = views.scale
    origin = frame.origin_px * k
    again = mirror.reflect(views.left_left, origin, frame.left)
    assert np.abs(again.astype(int) - views.left_left.astype(int)).mean() < 3.0
    assert views.axis_px.shape == (2, 2)
    # the axis passes through the origin
    a, b = views.axis_px
    cross = (b[0] - a[0]) * (origin[1] - a[1]) - (b[1] - a[1]) * (origin[0] - a[0])
    assert abs(cross) / np.linalg.norm(b - a) < 1.0
    # the left-left composite keeps the subject's left half (image right in an unmirrored photo)
    w = shape[1]
    right_of_axis = slice(int(origin[0]) + 30, w)
    np.testing.assert_array_equal(views.left_left[:, right_of_axis], views.true_view[:, right_of_axis])


def test_views_of_a_box_show_that_part_of_the_photo_at_the_size_asked_across_the_same_axis() -> None:
    # A face a tenth of a large picture's width: views of the whole picture show it as a speck; views of a box
    # around it show the face filling them, reflected across the same fitted axis.
    face = viz.detect_face(viz.Photo.from_array(np.asarray(face_far_away("frl_london_005_03.jpg"))))
    assert face is not None
    report = viz.analyze(face)
    whole = mirror.mirror_views(report, max_side=560)
    box = face_box(face)
    views = mirror.mirror_views(report, max_side=560, box=box)
    x0, y0, x1, y1 = box
    assert max(views.true_view.shape[:2]) == 560 > max(x1 - x0, y1 - y0)  # enlarged to the size asked
    assert whole.face.mean() < 0.03 < 0.3 < views.face.mean()
    part = np.asarray(report.face.photo.rgb)[y0:y1, x0:x1]
    shown = np.asarray(Image.fromarray(part).resize(views.true_view.shape[1::-1], Image.Resampling.BICUBIC), dtype=int)
    assert np.abs(views.true_view.astype(int) - shown).mean() < 4.0
    # the box's axis is the whole picture's, moved and scaled with the box
    s = report.face.photo.scale
    np.testing.assert_allclose(views.axis_px / views.scale + np.array([x0, y0]) * s, whole.axis_px / whole.scale, atol=0.5)  # original px
    assert views.scale > 4.0 * whole.scale
    origin = views.axis_px.mean(axis=0)
    again = mirror.reflect(views.left_left, origin, report.frame.left)
    inside = views.face
    assert np.abs(again.astype(int) - views.left_left.astype(int))[inside].mean() < 3.0
    with pytest.raises(viz.ArgumentError, match="box must lie inside"):
        mirror.mirror_views(report, box=(0, 0, 10**5, 10))


def test_views_of_a_face_at_the_photos_edge_hold_no_repeated_edge() -> None:
    # The photo cut just beside the face: its box stops at the photo's edge on one side, and the mirror views' far
    # side would be the reflection of what lies beyond that edge, i.e. the edge's pixels repeated into flat streaks.
    photo = viz.load_photo(face_path("frl_london_025_03.jpg"))
    face = viz.detect_face(photo)
    assert face is not None
    cut = int((face.bbox[0] - 0.04 * (face.bbox[2] - face.bbox[0])) / photo.scale)
    near = viz.detect_face(viz.Photo.from_array(np.asarray(photo.rgb)[:, cut:]))
    assert near is not None
    views = mirror.mirror_views(viz.analyze(near), max_side=560, box=face_box(near))

    def flat(img: np.ndarray) -> float:  # share of the far eighth's pixels equal to their left neighbour
        edge = img[:, -img.shape[1] // 8 :].astype(int)
        return float((np.abs(np.diff(edge, axis=1)).max(axis=2) <= 1).mean())

    for view in (views.mirror_view, views.right_right):
        assert flat(view) < flat(views.true_view) + 0.15  # was 0.99 against the photo's own 0.26


def test_a_mirrored_selfie_swaps_the_true_and_mirror_views() -> None:
    plain = mirror.mirror_views(_report("frl_london_005_03.jpg"), max_side=300)
    selfie = mirror.mirror_views(_report("frl_london_005_03.jpg", mirrored=True), max_side=300)
    np.testing.assert_array_equal(selfie.true_view, plain.mirror_view)
    np.testing.assert_array_equal(selfie.mirror_view, plain.true_view)
    # Relabelled sides: the subject's left is now on the image left, so the composites swap too.
    np.testing.assert_array_equal(selfie.left_left, plain.right_right)
    np.testing.assert_array_equal(selfie.face, plain.face)
    swapped = plain.relabelled()
    for name in ("true_view", "mirror_view", "left_left", "right_right", "difference"):
        np.testing.assert_array_equal(getattr(swapped, name), getattr(selfie, name), err_msg=name)
    np.testing.assert_allclose(swapped.axis_px, selfie.axis_px, atol=1e-6)


def test_the_comparison_sheet_is_one_png_with_six_tiles() -> None:
    views = mirror.mirror_views(_report("frl_london_005_03.jpg"), max_side=300)
    png = mirror.comparison_png(views, tile_side=200, footer="educational")
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    w, h = img.size
    assert w == 3 * 200 + 4 * 8 and h > 2 * 200
    assert "Mita" in mirror.MERE_EXPOSURE and "1977" in mirror.MERE_EXPOSURE
    assert mirror.MERE_EXPOSURE_SOURCE in viz.content.load().sources


def _last_tile(png: bytes, tile: tuple[int, int]) -> np.ndarray:
    """The sixth tile (true and mirror overlaid) of a comparison sheet, below its caption."""
    th, tw = tile
    gap = 8
    sheet = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    x, y = gap + 2 * (tw + gap), gap + th + gap
    return sheet[y + th // 2 : y + th, x : x + tw]


def test_the_comparison_sheet_overlays_the_mirror_at_the_chosen_opacity() -> None:
    views = mirror.mirror_views(_report("frl_london_005_03.jpg"), max_side=300)
    true_small, mirror_small = mirror.resize_to(views.true_view, 200), mirror.resize_to(views.mirror_view, 200)
    tile = true_small.shape[:2]
    lower = np.s_[tile[0] // 2 :]
    np.testing.assert_array_equal(_last_tile(mirror.comparison_png(views, opacity=0.0, tile_side=200), tile), true_small[lower])
    np.testing.assert_array_equal(_last_tile(mirror.comparison_png(views, opacity=1.0, tile_side=200), tile), mirror_small[lower])
    quarter = _last_tile(mirror.comparison_png(views, opacity=0.25, tile_side=200), tile).astype(float)
    expected = mirror.resize_to(mirror.blend(views.true_view, views.mirror_view, 0.25), 200)[lower].astype(float)
    assert np.abs(quarter - expected).max() <= 1.0
    default = _last_tile(mirror.comparison_png(views, tile_side=200), tile)
    np.testing.assert_array_equal(default, _last_tile(mirror.comparison_png(views, opacity=0.5, tile_side=200), tile))


@pytest.mark.parametrize("opacity", [-0.1, 1.5, float("nan"), True, "50%"])
def test_the_comparison_sheet_refuses_an_opacity_outside_0_to_1(opacity: object) -> None:
    views = mirror.mirror_views(_report("frl_london_005_03.jpg"), max_side=120)
    with pytest.raises(viz.ArgumentError, match="opacity must be a number from 0 to 1"):
        mirror.comparison_png(views, opacity=opacity)  # type: ignore[arg-type]


def test_the_difference_map_colours_only_where_a_point_and_its_reflection_are_both_face() -> None:
    # coloured over the hull of both sides' landmarks, the strip where one cheek's outline reaches past the other's was
    # solid yellow down the cheeks and jaw (frl_london_061_03), read as the face's largest asymmetry
    face = viz.detect_face(viz.load_photo(face_path("frl_london_061_03.jpg")))
    assert face is not None
    report = viz.analyze(face)
    box = face_box(face)
    views = mirror.mirror_views(report, max_side=560, box=box)
    own = mirror.face_mask(views.face.shape, (face.xy_px - np.array(box[:2])) * face.photo.scale * views.scale)  # the landmarks' own hull
    mask = np.repeat(views.face[..., None].astype(np.uint8) * 255, 3, axis=2)
    reflected = mirror.reflect(mask, views.axis_px.mean(axis=0), report.frame.left)[..., 0] > 127
    assert views.face.mean() > 0.3
    assert not (views.face & ~own).any() and (reflected & ~own).sum() < 0.01 * views.face.sum()
    grey = views.difference[..., 0].astype(int) == views.difference[..., 2].astype(int)  # outside the mask: the dimmed photo in grey
    assert grey[own & ~views.face].mean() > 0.95


def test_the_comparison_sheet_says_what_it_is_and_the_day_it_was_made_and_no_time_of_day() -> None:
    # it had no text chunks at all: renamed or forwarded, it could not be dated nor told to be educational
    import datetime as dt
    import re

    from viz.overlay import CREATION_TIME
    from viz.vocabulary import EDUCATIONAL

    views = mirror.mirror_views(_report("frl_london_005_03.jpg"), max_side=300)
    for when in (dt.date(2025, 3, 4), dt.datetime(2025, 3, 4, 17, 45, 12)):  # a time of day given is not written
        with Image.open(io.BytesIO(mirror.comparison_png(views, tile_side=200, when=when))) as png:
            text = dict(png.text)
        assert text[CREATION_TIME] == "2025-03-04"
        assert "comparison" in text["Title"].lower() and EDUCATIONAL in text["Description"]
        assert not re.search(r"\d:\d\d|T\d\d", " ".join(text.values())), text
    with Image.open(io.BytesIO(mirror.comparison_png(views, tile_side=200))) as png:
        assert png.text[CREATION_TIME] == dt.date.today().isoformat()
