"""Tests for :mod:`viz.photo`: every format, orientation and pixel mode in; one ``PhotoError`` sentence for bad input."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import os
import pickle
import struct
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.conftest import face_path
from viz import Photo, load_photo
from viz.errors import ArgumentError, PhotoError
from viz.photo import MAX_WORKING_SIDE, MIN_SIDE

SLACK = 1.15  # documented tolerance: the working image may exceed max_side by up to 15 %

Array = npt.NDArray[np.uint8]


# ---------------------------------------------------------------------------------------------------------------------
# helpers


def _encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _face_image(size: tuple[int, int]) -> Image.Image:
    """A real face photo resized to ``size`` (width, height), RGB."""
    with Image.open(face_path("frl_london_005_03.jpg")) as src:
        return src.convert("RGB").resize(size, Image.Resampling.BILINEAR)


def _marked_face(size: tuple[int, int]) -> Image.Image:
    """A face photo with an asymmetric mark (red block top-left, blue bar along the top) so every flip is distinct."""
    arr = np.array(_face_image(size))
    h, w = arr.shape[:2]
    arr[: h // 4, : w // 4] = (230, 20, 20)
    arr[: h // 10, w // 4 :] = (20, 20, 230)
    return Image.fromarray(arr, "RGB")


def _assert_one_sentence(message: str) -> None:
    assert message, "the error message is empty"
    assert "\n" not in message
    assert message.endswith(".")
    assert ". " not in message.rstrip("."), f"more than one sentence: {message!r}"


def _png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims ``width`` × ``height`` (the pixel data is not there)."""
    data = bytearray(_encode(Image.new("1", (8, 8)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# EXIF orientation k: the transform that turns the stored pixels into the upright picture.
ORIENT: dict[int, Callable[[Array], Array]] = {
    1: lambda a: a,
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1, :],
    5: lambda a: a.transpose(1, 0, 2),
    6: lambda a: np.rot90(a, -1),  # rotate 90° clockwise
    7: lambda a: a[::-1, ::-1].transpose(1, 0, 2),
    8: lambda a: np.rot90(a, 1),  # rotate 90° counter-clockwise
}
INVERSE = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}


# ---------------------------------------------------------------------------------------------------------------------
# formats


@pytest.mark.parametrize(
    ("fmt", "params", "expected_format", "max_mean_error"),
    [
        ("JPEG", {"quality": 92}, "JPEG", 4.0),
        ("PNG", {}, "PNG", 0.0),
        ("WEBP", {"quality": 90}, "WEBP", 5.0),
        ("HEIF", {"quality": 90}, "HEIF", 5.0),
        ("TIFF", {}, "TIFF", 0.0),
        ("BMP", {}, "BMP", 0.0),
    ],
)
def test_every_format_round_trips(fmt: str, params: dict[str, object], expected_format: str, max_mean_error: float) -> None:
    if fmt == "HEIF":
        pytest.importorskip("pillow_heif", reason="pillow-heif is needed to write HEIC")
    src = _face_image((320, 240))
    photo = load_photo(_encode(src, fmt, **params))
    assert isinstance(photo, Photo)
    assert photo.rgb.shape == (240, 320, 3)
    assert photo.rgb.dtype == np.uint8
    assert photo.original_size == (320, 240)
    assert photo.scale == pytest.approx(1.0)
    assert photo.format == expected_format
    error = np.abs(photo.rgb.astype(np.int16) - np.asarray(src, np.int16)).mean()
    assert error <= max_mean_error + 1e-9


def test_path_and_bytes_give_the_same_pixels(tmp_path: Path) -> None:
    data = _encode(_face_image((200, 150)), "PNG")
    target = tmp_path / "face.png"
    target.write_bytes(data)
    from_bytes = load_photo(data)
    np.testing.assert_array_equal(load_photo(target).rgb, from_bytes.rgb)
    np.testing.assert_array_equal(load_photo(str(target)).rgb, from_bytes.rgb)


# ---------------------------------------------------------------------------------------------------------------------
# EXIF orientation


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF", "PNG", "WEBP"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(orientation: int, fmt: str) -> None:
    # every format is turned exactly once: Pillow already turns a TIFF upright as it loads it, a second turn would lay the face
    # on its side (6) or swap its sides silently (2)
    upright = np.asarray(_marked_face((240, 160)))  # (160, 240, 3): wider than tall
    stored = np.ascontiguousarray(ORIENT[INVERSE[orientation]](upright))
    exif = Image.Exif()
    exif[0x0112] = orientation
    params: dict[str, object] = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
    data = _encode(Image.fromarray(stored, "RGB"), fmt, exif=exif.tobytes(), **params)

    photo = load_photo(data)

    stored_w, stored_h = stored.shape[1], stored.shape[0]
    if orientation >= 5:
        assert photo.original_size == (stored_h, stored_w)  # a quarter turn swaps width and height
    else:
        assert photo.original_size == (stored_w, stored_h)
    assert photo.original_size == (240, 160)
    assert photo.rgb.shape == upright.shape

    def err(candidate: Array) -> float:
        if candidate.shape != photo.rgb.shape:
            return float("inf")
        return float(np.abs(photo.rgb.astype(np.int16) - candidate.astype(np.int16)).mean())

    assert err(upright) < 4.0
    # and no other of the eight orientations explains the result as well
    others = [err(np.ascontiguousarray(ORIENT[k](stored))) for k in ORIENT if ORIENT[k](stored).tolist() != upright.tolist()]
    assert min(others) > 4 * err(upright) + 10


# ---------------------------------------------------------------------------------------------------------------------
# pixel modes


def test_rgba_transparency_becomes_white() -> None:
    arr = np.zeros((100, 120, 4), np.uint8)
    arr[:, :60] = (0, 0, 0, 0)  # fully transparent black
    arr[:, 60:] = (200, 10, 30, 255)  # opaque red
    arr[:20, 60:] = (0, 0, 0, 128)  # half-transparent black over white
    rgb = load_photo(_encode(Image.fromarray(arr, "RGBA"), "PNG")).rgb
    assert rgb.shape == (100, 120, 3)
    assert (rgb[:, :60] == 255).all()
    np.testing.assert_array_equal(rgb[50:, 60:], np.broadcast_to((200, 10, 30), (50, 60, 3)))
    assert np.all(np.abs(rgb[:20, 60:].astype(int) - 127) <= 2)


def test_la_becomes_grey_on_white() -> None:
    arr = np.zeros((80, 80, 2), np.uint8)
    arr[:, :40] = (0, 0)  # transparent
    arr[:, 40:] = (50, 255)  # opaque dark grey
    rgb = load_photo(_encode(Image.fromarray(arr, "LA"), "PNG")).rgb
    assert rgb.dtype == np.uint8
    assert (rgb[:, :40] == 255).all()
    assert (rgb[:, 40:] == 50).all()


def test_palette_colours_and_transparency() -> None:
    img = Image.new("P", (90, 70), 0)
    img.putpalette([10, 20, 30, 240, 120, 0, 0, 0, 0] + [0] * (256 * 3 - 9))
    img.paste(1, (45, 0, 90, 70))
    img.paste(2, (0, 0, 20, 20))
    rgb = load_photo(_encode(img, "PNG", transparency=2)).rgb
    assert rgb.shape == (70, 90, 3)
    assert (rgb[30:, :45] == (10, 20, 30)).all()
    assert (rgb[:, 45:] == (240, 120, 0)).all()
    assert (rgb[:20, :20] == 255).all()  # the transparent palette entry is flattened onto white


def test_greyscale_is_replicated_to_three_channels() -> None:
    grey = np.tile(np.arange(0, 256, 2, dtype=np.uint8), (70, 1))  # (70, 128) horizontal ramp
    rgb = load_photo(_encode(Image.fromarray(grey, "L"), "PNG")).rgb
    assert rgb.shape == (70, 128, 3)
    for channel in range(3):
        np.testing.assert_array_equal(rgb[..., channel], grey)


def test_one_bit_becomes_black_and_white() -> None:
    img = Image.new("1", (96, 64), 0)
    img.paste(1, (48, 0, 96, 64))
    rgb = load_photo(_encode(img, "PNG")).rgb
    assert rgb.dtype == np.uint8
    assert (rgb[:, :48] == 0).all()
    assert (rgb[:, 48:] == 255).all()


@pytest.mark.parametrize(("fmt", "tolerance"), [("TIFF", 0), ("JPEG", 12)])
def test_cmyk_becomes_rgb(fmt: str, tolerance: int) -> None:
    img = Image.new("CMYK", (96, 64), (0, 0, 0, 0))  # white
    img.paste((0, 255, 255, 0), (48, 0, 96, 64))  # red
    rgb = load_photo(_encode(img, fmt)).rgb.astype(int)
    assert rgb.shape == (64, 96, 3)
    assert np.all(np.abs(rgb[:, :40] - 255) <= tolerance)
    assert np.all(np.abs(rgb[:, 56:] - (255, 0, 0)) <= tolerance)


def test_sixteen_bit_greyscale_is_scaled_to_eight_bits() -> None:
    ramp = np.tile(np.linspace(0, 65535, 256).round().astype(np.uint16), (80, 1))  # (80, 256)
    img = Image.fromarray(ramp)  # uint16 -> mode "I;16"
    data = _encode(img, "PNG")
    with Image.open(io.BytesIO(data)) as check:
        assert check.mode.startswith("I")  # really a 16-bit file
    rgb = load_photo(data).rgb
    assert rgb.shape == (80, 256, 3)
    assert rgb.dtype == np.uint8
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()
    row = rgb[40, :, 0].astype(int)
    assert row[0] == 0 and row[-1] == 255
    assert np.all(np.diff(row) >= 0)  # monotonic
    assert np.all(np.abs(row - ramp[40].astype(float) / 257.0) <= 1.0)  # a linear map, not a clipped one


# ---------------------------------------------------------------------------------------------------------------------
# size handling


def test_large_jpeg_is_reduced_and_keeps_its_scale() -> None:
    data = _encode(_face_image((4000, 3000)), "JPEG", quality=85)
    photo = load_photo(data)
    h, w = photo.rgb.shape[:2]
    assert max(w, h) <= MAX_WORKING_SIDE * SLACK
    assert max(w, h) >= MAX_WORKING_SIDE / 2  # reduced, not thrown away
    assert photo.original_size == (4000, 3000)
    assert photo.scale == pytest.approx(4000 / w, rel=1e-6)
    assert 3000 / photo.scale == pytest.approx(h, abs=1.0)
    assert w / h == pytest.approx(4 / 3, rel=0.01)


def test_large_png_is_reduced_too() -> None:
    img = Image.linear_gradient("L").resize((3000, 2600))
    photo = load_photo(_encode(img, "PNG", compress_level=1), max_side=1024)
    h, w = photo.rgb.shape[:2]
    assert max(w, h) <= 1024 * SLACK
    assert photo.original_size == (3000, 2600)
    assert photo.scale == pytest.approx(3000 / w, rel=1e-6)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(MIN_SIDE, 1400),
    aspect=st.floats(1 / 3, 3),
    max_side=st.integers(256, 1024),
    fmt=st.sampled_from(["JPEG", "PNG"]),
)
def test_working_image_never_exceeds_max_side(width: int, aspect: float, max_side: int, fmt: str) -> None:
    height = max(MIN_SIDE, round(width * aspect))
    img = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    photo = load_photo(_encode(img, fmt), max_side=max_side)
    h, w = photo.rgb.shape[:2]
    assert max(w, h) <= max_side * SLACK
    assert photo.original_size == (width, height)
    assert photo.scale == pytest.approx(width / w, rel=1e-6)
    if max(width, height) <= max_side:
        assert (w, h) == (width, height)  # small photos are never resampled


def test_max_side_below_minimum_is_an_argument_error() -> None:
    data = _encode(Image.new("RGB", (100, 100)), "PNG")
    with pytest.raises(ArgumentError, match="max_side") as info:
        load_photo(data, max_side=MIN_SIDE - 1)
    _assert_one_sentence(str(info.value))


# ---------------------------------------------------------------------------------------------------------------------
# privacy and immutability


def test_metadata_is_not_carried() -> None:
    marker = "MIRRORMAP-PRIVATE-MARKER-4711"
    exif = Image.Exif()
    exif[0x010F] = marker  # Make
    exif[0x010E] = marker  # ImageDescription
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPS IFD
    data = _encode(_face_image((200, 160)), "JPEG", quality=90, exif=exif.tobytes(), comment=marker.encode())
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(0x8825), "the test file should carry GPS data"
    assert marker.encode() in data

    photo = load_photo(data)

    # numbers, no metadata; the lens's focal length is one number of the EXIF data, kept as a float, and whether the
    # photo was cut since it was taken one yes-or-no from its shape (viz.camera)
    fields = {"rgb", "original_size", "scale", "format", "warnings", "jpeg_quality", "origin", "file_size", "turned", "focal_35mm", "cut"}
    assert {f.name for f in dataclasses.fields(photo)} == fields
    assert photo.focal_35mm is None  # this file gives none
    assert not hasattr(photo, "__dict__") or set(vars(photo)) <= fields
    assert photo.warnings == ()
    assert photo.jpeg_quality == 90  # how strongly the picture was compressed: a number read from its tables, nothing of the file's metadata
    for value in (photo.original_size, photo.scale, photo.format, photo.jpeg_quality):
        assert not isinstance(value, (bytes, bytearray, dict, Image.Image))
    assert isinstance(photo.rgb, np.ndarray) and photo.rgb.dtype == np.uint8
    assert marker.encode() not in pickle.dumps(photo)


def test_array_is_read_only() -> None:
    photo = load_photo(_encode(_face_image((120, 100)), "PNG"))
    assert not photo.rgb.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        photo.rgb[0, 0, 0] = 1


def test_later_change_of_the_input_does_not_change_the_photo(tmp_path: Path) -> None:
    data = bytearray(_encode(_face_image((120, 100)), "PNG"))
    photo = load_photo(data)  # type: ignore[arg-type]  # bytearray is accepted like bytes
    before = photo.rgb.copy()
    data[:] = bytes(len(data))
    np.testing.assert_array_equal(photo.rgb, before)

    target = tmp_path / "face.png"
    target.write_bytes(_encode(_face_image((120, 100)), "PNG"))
    from_file = load_photo(target)
    before = from_file.rgb.copy()
    target.write_bytes(_encode(Image.new("RGB", (120, 100), (0, 255, 0)), "PNG"))
    np.testing.assert_array_equal(from_file.rgb, before)


# ---------------------------------------------------------------------------------------------------------------------
# bad input: one sentence each


def _small_jpeg() -> bytes:
    return _encode(_face_image((160, 128)), "JPEG", quality=90)


def _small_png() -> bytes:
    return _encode(_face_image((96, 80)), "PNG")


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(lambda tmp: b"", "empty", id="empty"),
        pytest.param(lambda tmp: b"Dear doctor,\nplease find my photo attached.\n" * 20, "not an image", id="text"),
        pytest.param(lambda tmp: _small_jpeg()[: len(_small_jpeg()) // 2], "incomplete", id="truncated-jpeg"),
        pytest.param(lambda tmp: _small_png()[:-30], "incomplete", id="truncated-png"),
        pytest.param(lambda tmp: _encode(Image.new("RGB", (1, 1)), "PNG"), "too small", id="1x1"),
        pytest.param(lambda tmp: _encode(Image.new("RGB", (640, 20)), "PNG"), "too narrow", id="sliver"),
        # 12,000 x 300 px is large enough as shot; reduced to the 2,048 px working side it is 51 px tall: the file's own
        # size is named, and a crop asked for (it said "too small (2048×51 px)", a size the user never gave it)
        pytest.param(lambda tmp: _encode(Image.new("RGB", (12_000, 300)), "PNG"), r"too long and narrow \(12000×300 px\)", id="panorama"),
        pytest.param(lambda tmp: _png_with_size(20_000, 20_000), "too large", id="bomb-400MP"),
        pytest.param(lambda tmp: _png_with_size(9_000, 9_000), "too large", id="bomb-81MP"),
        pytest.param(lambda tmp: _png_with_size(60_000, 60_000), "too large", id="bomb-3600MP"),
        pytest.param(lambda tmp: tmp, "folder", id="directory"),
        pytest.param(lambda tmp: tmp / "no-such-photo.jpg", "found", id="missing-path"),
        pytest.param(lambda tmp: str(tmp / "no-such-photo.jpg"), "found", id="missing-str-path"),
    ],
)
def test_bad_input_raises_one_sentence(make: Callable[[Path], object], match: str, tmp_path: Path) -> None:
    source = make(tmp_path)
    with pytest.raises(PhotoError, match=match) as info:
        load_photo(source)  # type: ignore[arg-type]
    _assert_one_sentence(str(info.value))


def test_a_real_one_bit_bomb_is_refused_before_decoding() -> None:
    data = _encode(Image.new("1", (12_000, 12_000)), "PNG")  # 144 megapixels, a few kilobytes
    assert len(data) < 100_000
    with pytest.raises(PhotoError, match="too large") as info:
        load_photo(data)
    _assert_one_sentence(str(info.value))


def _corrupt_exif_jpeg() -> bytes:
    # The IFD claims three entries and holds one (Orientation = 6): Pillow warns "Corrupt EXIF data" but can read it.
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00" + struct.pack("<H", 3) + struct.pack("<HHII", 0x0112, 3, 1, 6)
    return _encode(Image.new("RGB", (96, 80), (10, 200, 30)), "JPEG", exif=exif)


def _pillow_warns(data: bytes) -> bool:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.getexif()
                img.load()
        except Exception:  # only the warnings matter here
            pass
    return bool(caught)


def test_a_readable_photo_with_corrupt_exif_loads_without_warnings() -> None:
    data = _corrupt_exif_jpeg()
    assert _pillow_warns(data), "the test file should make Pillow warn"
    photo = load_photo(data)  # filterwarnings = error: a leaked warning fails here
    assert photo.original_size == (80, 96)  # the orientation that could be read is still applied
    assert photo.rgb.shape == (96, 80, 3)


def test_a_damaged_tiff_gives_one_sentence_not_a_warning() -> None:
    data = _encode(Image.new("RGB", (72, 64), (10, 200, 30)), "TIFF")[:12]
    assert _pillow_warns(data), "the test file should make Pillow warn"
    with pytest.raises(PhotoError) as info:
        load_photo(data)
    _assert_one_sentence(str(info.value))


def test_non_photo_source_type_is_refused() -> None:
    with pytest.raises(PhotoError, match="bytes or a file path") as info:
        load_photo(12345)  # type: ignore[arg-type]
    _assert_one_sentence(str(info.value))


# ---------------------------------------------------------------------------------------------------------------------
# fuzzing: only PhotoError may escape


FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _load_or_refuse(data: bytes) -> None:
    try:
        photo = load_photo(data)
    except PhotoError as exc:
        _assert_one_sentence(str(exc))
        return
    assert photo.rgb.ndim == 3 and photo.rgb.shape[2] == 3
    assert photo.rgb.dtype == np.uint8
    assert max(photo.rgb.shape[:2]) <= MAX_WORKING_SIDE * SLACK


@FUZZ
@given(data=st.binary(max_size=4096))
def test_fuzz_random_bytes(data: bytes) -> None:
    _load_or_refuse(data)


_SEEDS: dict[str, bytes] = {}


def _seed(fmt: str) -> bytes:
    if fmt not in _SEEDS:
        img = _face_image((72, 64))
        params: dict[str, object] = {"quality": 80} if fmt in ("JPEG", "WEBP") else {}
        if fmt == "JPEG":
            exif = Image.Exif()
            exif[0x0112] = 6
            params["exif"] = exif.tobytes()
        _SEEDS[fmt] = _encode(img, fmt, **params)
    return _SEEDS[fmt]


_mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True), st.integers(1, 64)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
)


def _mutate(data: bytes, mutations: list[tuple[str, float, object]]) -> bytes:
    out = bytearray(data)
    for op, where, arg in mutations:
        if not out:
            break
        i = min(int(where * len(out)), len(out) - (op != "insert" and op != "truncate"))
        if op == "flip":
            out[i] = int(arg)  # type: ignore[call-overload]
        elif op == "insert":
            out[i:i] = arg  # type: ignore[assignment]
        elif op == "delete":
            del out[i : i + int(arg)]  # type: ignore[call-overload]
        else:
            del out[i:]
    return bytes(out)


_FUZZ_FORMATS = ["JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF"] + (["HEIF"] if importlib.util.find_spec("pillow_heif") else [])


@FUZZ
@given(
    fmt=st.sampled_from(_FUZZ_FORMATS),
    mutations=st.lists(_mutation, min_size=1, max_size=6),
)
def test_fuzz_mutated_images(fmt: str, mutations: list[tuple[str, float, object]]) -> None:
    _load_or_refuse(_mutate(_seed(fmt), mutations))


# ---------------------------------------------------------------------------------------------------------------------
# the allow-list: only JPEG, PNG, WebP, HEIC, TIFF and BMP are ever decoded (issue 11 §2)


def _eps() -> bytes:
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\nnewpath 0 0 moveto 100 100 lineto stroke\n%%EOF\n"


@pytest.mark.parametrize(
    ("fmt", "word"),
    [("GIF", "GIF"), ("ICO", "icon"), ("TGA", "not an image"), ("PCX", "not an image"), ("PPM", "not an image"), ("AVIF", "AVIF"), ("JPEG2000", "JPEG 2000")],
)
def test_formats_pillow_reads_but_the_allow_list_does_not_are_refused(fmt: str, word: str) -> None:
    img = _face_image((128, 128))
    try:
        data = _encode(img, fmt)
    except (KeyError, OSError) as exc:  # this Pillow build cannot write it
        pytest.fail(f"Pillow cannot write {fmt} here: {exc}")
    with Image.open(io.BytesIO(data)) as check:
        assert check.format is not None  # Pillow itself would have read it
    with pytest.raises(PhotoError, match=word) as info:
        load_photo(data)
    _assert_one_sentence(str(info.value))


def test_an_eps_renamed_jpg_never_reaches_ghostscript(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess

    from PIL import EpsImagePlugin

    calls: list[object] = []

    def no_program(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise AssertionError("an external program was started")

    for name in ("Popen", "run", "check_call", "check_output", "call"):
        monkeypatch.setattr(subprocess, name, no_program)
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", no_program)
    path = tmp_path / "poster.jpg"
    path.write_bytes(_eps())
    for source in (path, _eps()):
        with pytest.raises(PhotoError, match="PostScript"):
            load_photo(source)
    assert calls == []
    assert list(tmp_path.iterdir()) == [path]  # nothing was written beside it (Pillow's EPS plugin writes to /tmp)


def test_only_the_allow_list_is_passed_to_pillow(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real_open = Image.open

    def spy(fp: object, mode: str = "r", formats: object = None) -> Image.Image:
        seen.append(formats)
        return real_open(fp, mode, formats)  # type: ignore[arg-type]

    data = _small_png()
    monkeypatch.setattr(Image, "open", spy)
    load_photo(data)
    assert seen == [("JPEG", "PNG", "WEBP", "HEIF", "TIFF", "BMP")]


# ---------------------------------------------------------------------------------------------------------------------
# damage: refused, or measured with a caveat


def _scan_damaged_jpeg() -> bytes:
    data = bytearray(_encode(_face_image((320, 320)), "JPEG", quality=90))
    start = data.find(b"\xff\xda") + 100
    for i in range(start, start + 3000, 61):
        data[i] = 0x00 if data[i] else 0x33
    return bytes(data)


def test_corrupt_jpeg_data_is_refused_although_pillow_alone_decodes_it() -> None:
    data = _scan_damaged_jpeg()
    with Image.open(io.BytesIO(data)) as img:
        img.load()  # Pillow hides libjpeg's "Corrupt JPEG data" warning and returns a garbled picture
    with pytest.raises(PhotoError, match="damaged") as info:
        load_photo(data)
    _assert_one_sentence(str(info.value))


def test_a_png_whose_picture_data_fails_its_checksum_is_refused() -> None:
    good = _encode(_face_image((300, 300)), "PNG")
    start = good.find(b"IDAT") + 4
    for offset in range(start + 500, len(good) - 100, 97):  # a flipped byte that Pillow decodes without noticing
        data = bytearray(good)
        data[offset] ^= 0x10
        try:
            with Image.open(io.BytesIO(bytes(data))) as img:
                img.load()  # Pillow does not check the picture chunks' CRC
        except OSError:
            continue
        break
    else:
        pytest.fail("no silently damaged PNG found")
    with pytest.raises(PhotoError, match="checksum") as info:
        load_photo(bytes(data))
    _assert_one_sentence(str(info.value))


def test_bytes_after_the_end_of_a_jpeg_or_png_are_harmless() -> None:
    for data in (_small_jpeg() + b"\x00" * 500, _small_png()[:-12] + _small_png()[-12:]):
        assert load_photo(data).warnings == ()


def test_a_heic_that_does_not_match_its_own_preview_is_refused() -> None:
    pytest.importorskip("pillow_heif", reason="pillow-heif is needed to write HEIC")
    good = _encode(_face_image((480, 480)), "HEIF", quality=80, thumbnails=[128], enc_params={"preset": "ultrafast"})
    assert load_photo(good).warnings == ()
    data = bytearray(good)
    start = data.rfind(b"mdat") + 4
    data[start + (len(data) - start) // 3] ^= 0x5A
    with pytest.raises(PhotoError, match="preview") as info:
        load_photo(bytes(data))
    _assert_one_sentence(str(info.value))


@pytest.mark.parametrize(("width", "mode"), [(1000, "RGB"), (1350, "RGB"), (1001, "RGBA")])
def test_a_heic_whose_rows_are_padded_decodes_unsheared(width: int, mode: str) -> None:
    # libheif pads each row (a 1350-pixel RGB row to 4064 bytes, not a whole number of pixels): read without the
    # padding's stride, every row slipped sideways and a phone-sized HEIC was measured sheared (a 6 mm asymmetry
    # index where the same picture as a PNG gives 0.6 mm)
    pytest.importorskip("pillow_heif", reason="pillow-heif is needed to write HEIC")
    picture = _face_image((width, width * 4 // 3)).convert(mode)
    heic = _encode(picture, "HEIF", quality=90, thumbnails=[128], enc_params={"preset": "ultrafast"})
    lossless = _encode(picture, "PNG")
    got, want = load_photo(heic).rgb.astype(np.int16), load_photo(lossless).rgb.astype(np.int16)
    assert got.shape == want.shape
    assert float(np.abs(got - want).mean()) < 3.0  # HEVC's own loss only; a sheared picture differs by tens of levels


@pytest.mark.parametrize(("fmt", "word"), [("PNG", "frames"), ("WEBP", "frames"), ("TIFF", "pages")])
def test_only_the_first_frame_is_measured_and_the_photo_says_so(fmt: str, word: str) -> None:
    first, second = _face_image((160, 120)), Image.new("RGB", (160, 120), (0, 255, 0))
    data = _encode(first, fmt, save_all=True, append_images=[second])
    photo = load_photo(data)
    assert len(photo.warnings) == 1 and word in photo.warnings[0]
    _assert_one_sentence(photo.warnings[0])
    assert photo.rgb[..., 1].mean() < 200  # the face, not the green second frame


# ---------------------------------------------------------------------------------------------------------------------
# bounded memory (issue 11 §3)


def _reference_rgb(img: Image.Image, max_side: int) -> npt.NDArray[np.uint8]:
    """What the band-wise path must equal: the whole picture converted to RGB, then one resize (reducing_gap=1)."""
    mode = img.mode
    if mode in ("I;16", "I"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if arr.max() > 255 else 255.0
        rgb = Image.fromarray(np.clip(np.round(arr * (255.0 / top)), 0, 255).astype(np.uint8), "L").convert("RGB")
    elif mode in ("P", "RGBA", "LA"):
        rgba = img.convert("RGBA")
        rgb = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
    else:
        rgb = img.convert("RGB")
    w, h = rgb.size
    if max(w, h) > max_side * SLACK:
        k = max_side / max(w, h)
        rgb = rgb.resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BICUBIC, reducing_gap=1.0)
    return np.asarray(rgb)


def _mode_image(mode: str, size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
    w, h = size
    if mode == "I;16":
        return Image.fromarray(rng.integers(0, 65536, (h, w), dtype=np.uint16))
    if mode == "P":
        img = Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).quantize(64)
        img.info["transparency"] = 3
        return img
    channels = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4}[mode]
    arr = rng.integers(0, 256, (h, w, channels), dtype=np.uint8)
    return Image.fromarray(arr[..., 0] if channels == 1 else arr, mode)


@settings(max_examples=30, deadline=None, database=None)
@given(
    mode=st.sampled_from(["L", "LA", "RGB", "RGBA", "CMYK", "P", "I;16"]),
    width=st.integers(64, 700),
    height=st.integers(64, 700),
    max_side=st.integers(64, 300),
    band_rows=st.integers(1, 64),
)
def test_the_band_wise_conversion_equals_the_whole_picture_one(mode: str, width: int, height: int, max_side: int, band_rows: int) -> None:
    import viz.photo as photo_module

    img = _mode_image(mode, (width, height), np.random.default_rng(width * 1000 + height))
    saved = photo_module._BAND_BYTES
    photo_module._BAND_BYTES = band_rows * 4 * width  # a handful of rows per band: many bands, edges everywhere
    try:
        got = np.asarray(photo_module._reduce_to_rgb(img, max_side))
    finally:
        photo_module._BAND_BYTES = saved
    np.testing.assert_array_equal(got, _reference_rgb(img, max_side))


@pytest.mark.parametrize(("size", "decoded"), [((5000, 4000), (2500, 2000)), ((3000, 2400), (3000, 2400)), ((9000, 6000), (2250, 1500))])
def test_a_large_jpeg_decodes_to_the_pixels_pillows_draft_gives(size: tuple[int, int], decoded: tuple[int, int]) -> None:
    data = _encode(Image.linear_gradient("L").resize(size).convert("RGB"), "JPEG", quality=90)
    with Image.open(io.BytesIO(data)) as img:
        img.draft("RGB", (int(size[0] * 2048 / 1.15 / max(size)), int(size[1] * 2048 / 1.15 / max(size))))  # as the engine did before
        img.load()
        assert img.size == decoded  # libjpeg's own 1/1, 1/2 or 1/4 scale
        expected = img if max(decoded) <= 2048 * SLACK else img.resize((2048, round(2048 * size[1] / size[0])), Image.Resampling.BICUBIC)
        expected_rgb = np.asarray(expected)
    photo = load_photo(data)
    np.testing.assert_array_equal(photo.rgb, expected_rgb)


def test_a_picture_too_costly_to_decode_is_refused_before_decoding() -> None:
    data = _png_with_size(7500, 7500)  # RGBA-sized claim would be refused; this one is 1-bit: check a colour claim
    header = bytearray(data)
    header[24:26] = bytes([8, 6])  # 8-bit RGBA
    header[29:33] = struct.pack(">I", zlib.crc32(bytes(header[12:29])))
    with pytest.raises(PhotoError, match="too much memory") as info:
        load_photo(bytes(header))
    message = str(info.value)
    _assert_one_sentence(message)
    assert "56-megapixel PNG" in message and "under 4" in message  # it says how large a PNG may be


@pytest.mark.parametrize("case", ["png 62MP 16-bit grey (the issue's)", "png largest RGBA"])
def test_the_worst_cases_stay_within_300_mb(case: str) -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "memory.py"
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(script), "--case", case, "--concurrent", "0", "--json"], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["outcome"].startswith("decoded"), measured
    assert measured["exact_peak"], "the peak could not be reset: the measurement would include the set-up"
    assert 30 < measured["peak_extra_mib"] <= 300e6 / 2**20, measured  # and not trivially small: the decode happened


def test_the_decode_pool_admits_only_what_fits() -> None:
    import threading
    import time

    from viz.photo import _MemoryPool

    pool = _MemoryPool(100)
    inside, peak = [0], [0]
    lock = threading.Lock()

    def job(n: int) -> None:
        held = min(n, 100)  # a request above the total holds all of it
        with pool.reserve(n):
            with lock:
                inside[0] += held
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= held

    threads = [threading.Thread(target=job, args=(40,)) for _ in range(8)] + [threading.Thread(target=job, args=(500,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)  # a request above the total still runs (alone), nothing deadlocks
    assert peak[0] <= 100


# ---------------------------------------------------------------------------------------------------------------------
# paths: special files and sizes are refused before reading; names are shown safely


def test_a_fifo_path_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    with pytest.raises(PhotoError, match="not a regular file") as info:
        load_photo(fifo)
    _assert_one_sentence(str(info.value))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_path_is_refused_without_reading(device: str) -> None:
    with pytest.raises(PhotoError, match="not a regular file"):
        load_photo(device)


def test_files_and_bytes_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    from viz.photo import MAX_FILE_BYTES

    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(PhotoError, match="too large"):
        load_photo(big)
    with pytest.raises(PhotoError, match="too large"):
        load_photo(bytes(MAX_FILE_BYTES + 1))


def test_names_in_messages_are_printable_and_short(tmp_path: Path) -> None:
    from viz.photo import display_name, printable

    with pytest.raises(PhotoError) as info:
        load_photo(tmp_path / "a\nb\x1b[31m\u202e.jpg")
    message = str(info.value)
    assert message.isprintable() and "\\n" in message and "\\x1b" in message and "\\u202e" in message
    assert display_name("x" * 500 + ".jpg").endswith(".jpg") and len(display_name("x" * 500 + ".jpg")) == 80
    assert printable("Zoë 写真") == "Zoë 写真"  # letters of any script are kept


def test_only_warnings_about_damaged_picture_data_become_a_caveat() -> None:
    from viz.photo import _judge_warnings

    def caught(text: str) -> warnings.WarningMessage:
        return warnings.WarningMessage(UserWarning(text), UserWarning, "x.py", 1)

    assert _judge_warnings([caught("Truncated File Read")]) == ["This file has a minor fault: its picture was read, but check that the photo looks right."]
    assert _judge_warnings([caught("Image appears to be a malformed MPO file")])
    assert _judge_warnings([caught("Corrupt EXIF data.  Expecting to read 12 bytes but only got 2.")]) == []
    assert _judge_warnings([caught("Palette images with Transparency expressed in bytes should be converted to RGBA images")]) == []


# ---------------------------------------------------------------------------------------------------------------------
# JPEG compression


@pytest.mark.parametrize("quality", [5, 12, 23, 37, 50, 64, 78, 91])
def test_a_jpeg_reports_the_quality_it_was_saved_at(quality: int) -> None:
    photo = load_photo(_encode(_face_image((320, 320)), "JPEG", quality=quality))
    assert photo.jpeg_quality == quality


def test_a_jpeg_from_another_encoder_gets_the_quality_that_quantizes_about_as_coarsely() -> None:
    from viz.photo import _LUMA_TABLE, jpeg_quality

    # A table of another origin: the standard one at quality 30 (scale 5000 / 30 %), its cells jittered by up to 15 %.
    rng = np.random.default_rng(3)
    table = np.clip(np.floor((_LUMA_TABLE * 5000.0 / 30.0 + 50.0) / 100.0) * rng.uniform(0.85, 1.15, 64), 1, 255).round().astype(int)
    assert abs((jpeg_quality({0: table.tolist()}) or 0) - 30) <= 3
    assert jpeg_quality({}) is None and jpeg_quality({0: [1, 2, 3]}) is None


def test_a_heavily_compressed_jpeg_says_so_and_other_files_do_not() -> None:
    face = _face_image((320, 320))
    heavy = load_photo(_encode(face, "JPEG", quality=12))
    assert len(heavy.warnings) == 1 and "heavily compressed (quality about 12 of 100)" in heavy.warnings[0]
    assert load_photo(_encode(face, "JPEG", quality=75)).warnings == ()
    png = load_photo(_encode(face, "PNG"))
    assert png.jpeg_quality is None and png.warnings == ()


# ---------------------------------------------------------------------------------------------------------------------
# photos beyond MAX_PIXELS: phones shoot 108 and 200 megapixels


#: Where the face lies in :func:`phone_jpeg`'s picture: its top-left corner and side, in the file's pixels.
PASTED_AT, PASTED_SIDE = (5000, 2500), 3000


@pytest.fixture(scope="module")
def phone_jpeg() -> bytes:
    """A 9,600 × 7,000 px (67-megapixel) JPEG: flat grey with a real face pasted in, small to hold and quick to make."""
    canvas = Image.new("RGB", (9600, 7000), (112, 116, 120))
    canvas.paste(_face_image((PASTED_SIDE, PASTED_SIDE)), PASTED_AT)
    data = _encode(canvas, "JPEG", quality=90)
    del canvas
    return data


def test_a_jpeg_over_the_pixel_limit_is_decoded_reduced(phone_jpeg: bytes) -> None:
    # 67 megapixels was refused "(67 megapixels): use a photo under 64 megapixels"; a 108 or 200 MP phone photo too
    from viz.photo import MAX_PIXELS

    assert 9600 * 7000 > MAX_PIXELS
    photo = load_photo(phone_jpeg)
    assert photo.original_size == (9600, 7000) and photo.format == "JPEG"
    w, h = photo.size
    assert max(w, h) <= MAX_WORKING_SIDE * SLACK
    assert photo.scale == pytest.approx(9600 / w)
    with Image.open(io.BytesIO(phone_jpeg)) as img:  # the pixels libjpeg gives at 1/4 scale (draft), as for any large JPEG
        img.draft("RGB", (2400, 1750))
        assert img.size == (2400, 1750)
        expected = np.asarray(img.resize((w, h), Image.Resampling.BICUBIC))
    np.testing.assert_array_equal(photo.rgb, expected)


def test_a_jpeg_over_the_pixel_limit_is_never_decoded_above_it(phone_jpeg: bytes) -> None:
    # asked for a working image as large as the file, libjpeg still decodes at the largest scale under the limit (1/2)
    from viz.photo import MAX_PIXELS

    photo = load_photo(phone_jpeg, max_side=20_000)
    assert photo.size == (4800, 3500)
    assert photo.size[0] * photo.size[1] <= MAX_PIXELS
    assert photo.original_size == (9600, 7000) and photo.scale == pytest.approx(2.0)


def test_the_face_in_a_jpeg_decoded_reduced_lands_on_the_files_pixels(phone_jpeg: bytes) -> None:
    # landmarks are in original-file pixels (overlay and crop coordinates are built on them): the face found in the
    # 67 MP file is the face found in its source photo, moved and scaled to where it was pasted
    from viz import detect_face

    face = detect_face(load_photo(phone_jpeg))
    assert face is not None
    source = _face_image((1000, 1000))
    small = detect_face(load_photo(_encode(source, "PNG")))
    assert small is not None
    expected = small.xy_px * (PASTED_SIDE / 1000) + np.array(PASTED_AT, dtype=np.float64)
    assert np.median(np.linalg.norm(face.xy_px - expected, axis=1)) < 0.01 * PASTED_SIDE  # within 30 of 3,000 px


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small baseline JPEG whose frame header claims ``width`` × ``height`` (its data is for 64 × 64 px)."""
    data = bytearray(_encode(Image.new("RGB", (64, 64), (90, 120, 150)), "JPEG", quality=90))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    ("width", "height", "said"),
    [
        (65_000, 65_000, r"too large to process safely \(4225 megapixels\)"),  # 66 megapixels even at 1/8 scale
        (60_000, 60_000, r"3600-megapixel JPEG would take too much memory"),  # 56 megapixels at 1/8: over the memory budget
    ],
)
def test_a_jpeg_claiming_huge_dimensions_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch, width: int, height: int, said: str) -> None:
    import viz.photo as photo_module

    def no_decode(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded a picture that should have been refused from its header")

    monkeypatch.setattr(photo_module.simplejpeg, "decode_jpeg", no_decode)
    with pytest.raises(PhotoError, match=said) as info:
        load_photo(_jpeg_claiming(width, height))
    _assert_one_sentence(str(info.value))


@pytest.mark.parametrize(
    ("data", "megapixels"),
    [
        (_png_with_size(9_000, 9_000), 81),  # over MAX_PIXELS, under Pillow's own limit
        (_png_with_size(12_000, 12_000), 144),  # over Pillow's warning limit (89 MP): the sentence left the size out
        (_png_with_size(20_000, 20_000), 400),  # over Pillow's error limit (179 MP)
    ],
)
def test_a_picture_that_cannot_be_decoded_reduced_is_refused_with_its_size(data: bytes, megapixels: int) -> None:
    with pytest.raises(PhotoError, match=rf"\({megapixels} megapixels\): use a photo under 64 megapixels") as info:
        load_photo(data)
    _assert_one_sentence(str(info.value))


def test_a_large_cmyk_jpeg_keeps_its_own_size() -> None:
    # Pillow's draft, which decodes a CMYK JPEG reduced, changes the opened image's size: the photo recorded the
    # reduced size as the original (2500 × 1500 for this 5000 × 3000 file), so its scale and landmarks were off by 2
    photo = load_photo(_encode(Image.new("CMYK", (5000, 3000), (10, 20, 30, 0)), "JPEG"))
    assert photo.original_size == (5000, 3000)
    assert photo.scale == pytest.approx(5000 / photo.size[0])


def test_a_jpeg_header_alone_is_called_an_incomplete_jpeg() -> None:
    # FF D8 FF E0 alone was "not an image": it is the start of a JPEG that ends early
    for data in (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff"):
        with pytest.raises(PhotoError, match="incomplete JPEG") as info:
            load_photo(data)
        _assert_one_sentence(str(info.value))
