"""Helpers for tests and benchmarks: known, smooth, local moves of facial features as ground truth.

Not used by the app or the command line (like ``numpy.testing``). :func:`move_feature` returns a new
:class:`~viz.photo.Photo` in which one feature of one side has moved by a known number of millimetres
in the face frame, with everything else held still: the brow lifted (eye held still), the mouth
corner lowered, the upper lid raised, the jaw angle moved outward, the lower nose or the whole mouth moved sideways.
:func:`reflect_half` makes a perfectly symmetric face; :func:`warp_image` moves image content by a dense displacement field;
:func:`seen_off_axis` shows a photo as the same camera turned away from the face would have taken it;
:func:`cropped_past_face` cuts a photo just past the face on one side.
"""

from __future__ import annotations

import dataclasses
import io
import math

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from viz.anatomy import LEFT, NOSE_TIP, RIGHT, Side
from viz.camera import FULL_FRAME_DIAGONAL_MM, aimed_point, projected, turned
from viz.errors import ArgumentError
from viz.frame import FaceFrame, fit_frame
from viz.landmarks import Face, Pose
from viz.photo import CAMERA_SHAPES, Photo
from viz.warp import invert_field

__all__ = [
    "FEATURES",
    "as_if_on_axis",
    "cropped_past_face",
    "jacobian_min",
    "move_feature",
    "push_corners_in",
    "reflect_half",
    "seen_off_axis",
    "shrunk",
    "synthetic_face",
    "warp_image",
]

FEATURES = ("brow", "mouth_corner", "upper_lid", "eye", "jaw", "nose", "mouth")


def _smoothstep(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    t = np.clip(x, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _grid_mm(face: Face, frame: FaceFrame) -> npt.NDArray[np.float64]:
    """Face-frame coordinates ``(H, W, 2)`` of every working-image pixel centre."""
    h, w = face.photo.rgb.shape[:2]
    s = face.photo.scale
    gx, gy = np.meshgrid((np.arange(w) + 0.5) * s, (np.arange(h) + 0.5) * s)
    return frame.to_mm(np.stack([gx, gy], axis=-1))


def _side(name: str) -> Side:
    if name not in ("left", "right"):
        raise ArgumentError(f"Side must be 'left' or 'right', not {name!r}.")
    return LEFT if name == "left" else RIGHT


def move_feature(face: Face, feature: str, side: str, mm: float) -> Photo:
    """Move one feature of one side by ``mm`` millimetres with a smooth local warp.

    Parameters
    ----------
    face : Face
        The face in its photo (from :func:`viz.detect_face`).
    feature : {"brow", "mouth_corner", "upper_lid", "eye", "jaw", "nose", "mouth"}
        ``brow``: the whole brow moves up (the eye stays still); ``mouth_corner``: the corner moves down;
        ``upper_lid``: the upper lid moves up; ``eye``: the whole eye (both lids and both corners, 3 mm around
        them, fading out over 6 mm or more) moves up, its opening unchanged; ``jaw``: the jaw angle moves outward; ``nose``: the lower nose
        (everything within 8 mm of the tip, fading out over 6 mm or more) moves sideways, toward ``side``; ``mouth``: the
        whole mouth (out to 8 mm beyond its corners and 8 mm above and below their middle, fading out over 6 mm or
        more) moves sideways, toward ``side``, as a mouth set to one side of the face.
    side : {"left", "right"}
        The subject's side.
    mm : float
        Size of the move at the feature, millimetres (negative moves the other way).

    Returns
    -------
    Photo
        The warped photo, same size as ``face.photo``.
    """
    s = _side(side)
    frame = fit_frame(face.xy_px, face.mm_per_px)
    uv_lm = frame.to_mm(face.xy_px)
    uv = _grid_mm(face, frame)
    u, v = uv[..., 0], uv[..., 1]
    sign = 1.0 if s is LEFT else -1.0
    if feature == "brow":
        brow = uv_lm[list(s.brow)]
        lid_top = float(uv_lm[list(s.lid_upper), 1].max())
        lo, hi = float(brow[:, 0].min()), float(brow[:, 0].max())
        brow_low = float(uv_lm[list(s.brow_lower), 1].min())
        brow_top = float(uv_lm[list(s.brow_upper), 1].max())
        ramp = max(abs(mm) * 1.6, 3.0)
        horiz = _smoothstep((u - (lo - 10.0)) / 8.0) * _smoothstep(((hi + 10.0) - u) / 8.0)
        below = _smoothstep((v - (lid_top + 0.5)) / max(brow_low - 0.5 - (lid_top + 0.5), ramp))
        above = _smoothstep(((brow_top + 22.0) - v) / 16.0)
        weight = horiz * below * above
        d_uv = np.stack([np.zeros_like(weight), weight * mm], axis=-1)
    elif feature == "mouth_corner":
        c = uv_lm[s.mouth_corner]
        r2 = (u - c[0]) ** 2 + (v - c[1]) ** 2
        weight = np.exp(-r2 / (2.0 * 6.0**2))
        d_uv = np.stack([np.zeros_like(weight), -weight * mm], axis=-1)
    elif feature == "upper_lid":
        lid = uv_lm[list(s.lid_upper)]
        c = lid.mean(axis=0)
        width = float(np.ptp(lid[:, 0]))
        horiz = np.exp(-((u - c[0]) ** 2) / (2.0 * (width / 2.5) ** 2))
        ramp = max(3.0, 1.6 * abs(mm))  # keeps the map's gradient below ~0.6: no fold-over
        below = _smoothstep((v - (c[1] - 0.5 - ramp)) / ramp)
        above = _smoothstep(((c[1] + 2.5 + ramp) - v) / ramp)
        weight = horiz * below * above
        d_uv = np.stack([np.zeros_like(weight), weight * mm], axis=-1)
    elif feature == "eye":
        eye = uv_lm[list(s.eye)]
        (u_lo, v_lo), (u_hi, v_hi) = eye.min(axis=0) - 3.0, eye.max(axis=0) + 3.0
        fade = max(6.0, 2.5 * abs(mm))  # keeps the map's gradient below ~0.6: no fold-over
        weight = _smoothstep((u - (u_lo - fade)) / fade) * _smoothstep(((u_hi + fade) - u) / fade)
        weight = weight * _smoothstep((v - (v_lo - fade)) / fade) * _smoothstep(((v_hi + fade) - v) / fade)
        d_uv = np.stack([np.zeros_like(weight), weight * mm], axis=-1)
    elif feature == "jaw":
        c = uv_lm[list(s.jaw)].mean(axis=0)
        r2 = (u - c[0]) ** 2 + (v - c[1]) ** 2
        weight = np.exp(-r2 / (2.0 * 10.0**2))
        d_uv = np.stack([weight * mm * sign, np.zeros_like(weight)], axis=-1)
    elif feature == "nose":
        c = uv_lm[NOSE_TIP]
        fade = max(6.0, 2.5 * abs(mm))  # keeps the map's gradient below ~0.6: no fold-over
        weight = _smoothstep((8.0 + fade - np.hypot(u - c[0], v - c[1])) / fade)
        d_uv = np.stack([weight * mm * sign, np.zeros_like(weight)], axis=-1)
    elif feature == "mouth":
        corners = uv_lm[[LEFT.mouth_corner, RIGHT.mouth_corner]]
        c = corners.mean(axis=0)
        half = float(abs(corners[0, 0] - corners[1, 0])) / 2.0 + 8.0
        fade = max(6.0, 2.5 * abs(mm))  # keeps the map's gradient below ~0.6: no fold-over
        weight = _smoothstep((half + fade - np.abs(u - c[0])) / fade) * _smoothstep((8.0 + fade - np.abs(v - c[1])) / fade)
        d_uv = np.stack([weight * mm * sign, np.zeros_like(weight)], axis=-1)
    else:
        raise ArgumentError(f"Feature must be one of {', '.join(FEATURES)}, not {feature!r}.")
    # face-frame mm -> working-image pixels
    k = 1.0 / (frame.mm_per_px * face.photo.scale)
    disp = (d_uv[..., :1] * frame.left + d_uv[..., 1:2] * frame.up) * k
    out = warp_image(face.photo.rgb, disp.astype(np.float32))
    return Photo.from_array(out, scale=face.photo.scale)


def reflect_half(face: Face, keep: str = "left") -> Photo:
    """A perfectly symmetric face: one half of the photo reflected across the fitted symmetry axis.

    Parameters
    ----------
    face : Face
    keep : {"left", "right"}
        The subject's side that is kept and mirrored onto the other.
    """
    s = _side(keep)
    frame = fit_frame(face.xy_px, face.mm_per_px)
    uv = _grid_mm(face, frame)
    sign = 1.0 if s is LEFT else -1.0
    src_uv = np.where((uv[..., :1] * sign) < 0, uv * np.array([-1.0, 1.0]), uv)
    src_px = frame.to_px(src_uv) / face.photo.scale - 0.5
    out = cv2.remap(
        np.ascontiguousarray(face.photo.rgb),
        src_px[..., 0].astype(np.float32),
        src_px[..., 1].astype(np.float32),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REFLECT_101,
    )
    return Photo.from_array(out, scale=face.photo.scale)


def warp_image(
    rgb: npt.NDArray[np.uint8],
    disp_xy: npt.NDArray[np.float32],
    *,
    iterations: int = 4,
) -> npt.NDArray[np.uint8]:
    """Move image content by a forward displacement field.

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    disp_xy : (H, W, 2) ndarray of float32
        Displacement in pixels of the content at each source pixel (x right, y down).
    iterations : int, optional
        Most Newton steps of the inversion (:func:`viz.warp.invert_field`).

    Returns
    -------
    (H, W, 3) ndarray of uint8
        A new image; the input is not modified.
    """
    if rgb.ndim != 3 or disp_xy.shape != (*rgb.shape[:2], 2):
        raise ArgumentError(f"disp_xy must have shape {(*rgb.shape[:2], 2)}, not {disp_xy.shape}.")
    if not np.any(disp_xy):
        return np.array(rgb, copy=True)
    # Solve src + d(src) = dst for src at every destination pixel.
    sx, sy = invert_field(disp_xy[..., 0], disp_xy[..., 1], iterations=iterations)
    out = cv2.remap(np.ascontiguousarray(rgb), sx, sy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    return np.asarray(out, dtype=np.uint8)


def jacobian_min(disp_xy: npt.NDArray[np.float32]) -> float:
    """Smallest Jacobian determinant of the map ``x -> x + d(x)``; positive means no fold-over."""
    dxdx = np.gradient(disp_xy[..., 0], axis=1)
    dxdy = np.gradient(disp_xy[..., 0], axis=0)
    dydx = np.gradient(disp_xy[..., 1], axis=1)
    dydy = np.gradient(disp_xy[..., 1], axis=0)
    det = (1.0 + dxdx) * (1.0 + dydy) - dxdy * dydx
    return float(det.min())


def synthetic_face(xyz: npt.ArrayLike) -> Face:
    """A face made only of landmarks ``(478, 3)`` (x, y, z pixels) on a blank 64 px photo, for geometry tests.

    The iris is taken as 40 px wide, so one pixel is 11.7 / 40 mm. The photo is placed as a crop of a whole picture
    whose middle lies between the eyes, so the lens pointed straight at the face (:mod:`viz.camera`).
    """
    points = np.asarray(xyz, dtype=np.float64)
    xy = np.ascontiguousarray(points[:, :2])
    eyes = aimed_point(xy)
    blank = Photo.from_array(np.zeros((64, 64, 3), np.uint8))
    return Face(
        xy_px=xy,
        z_px=np.ascontiguousarray(points[:, 2]),
        spread_px=np.zeros_like(xy),
        photo=dataclasses.replace(blank, origin=(32 - round(eyes[0]), 32 - round(eyes[1])), file_size=(64, 64)),
        iris_diameter_px=40.0,
        mm_per_px=11.7 / 40.0,
        pose=Pose(0.0, 0.0, 0.0),
        bbox=(float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())),
    )


def push_corners_in(face: Face, mm: float) -> Photo:
    """Both mouth corners moved ``mm`` toward the midline (a pucker's main movement) by a smooth local warp (Gaussian, sigma 6 mm)."""
    frame = fit_frame(face.xy_px, face.mm_per_px)
    uv_lm = frame.to_mm(face.xy_px)
    uv = _grid_mm(face, frame)
    d = np.zeros_like(uv)
    for side, sign in ((LEFT, -1.0), (RIGHT, 1.0)):
        c = uv_lm[side.mouth_corner]
        d[..., 0] += sign * mm * np.exp(-np.sum((uv - c) ** 2, axis=-1) / (2.0 * 6.0**2))
    k = 1.0 / (frame.mm_per_px * face.photo.scale)
    disp = (d[..., :1] * frame.left + d[..., 1:2] * frame.up) * k
    return Photo.from_array(warp_image(np.asarray(face.photo.rgb), disp.astype(np.float32)), scale=face.photo.scale)


def shrunk(face: Face, iod_px: float) -> Photo:
    """The face's working image reduced (Lanczos) until its iris centres are ``iod_px`` pixels apart."""
    xy = face.xy_working
    k = iod_px / float(np.linalg.norm(xy[LEFT.iris_centre] - xy[RIGHT.iris_centre]))
    h, w = face.photo.rgb.shape[:2]
    return Photo.from_array(cv2.resize(np.asarray(face.photo.rgb), (round(w * k), round(h * k)), interpolation=cv2.INTER_LANCZOS4))


def seen_off_axis(image: Image.Image, degrees: tuple[float, float], focal_px: float, *, focal_in_exif: bool = True) -> bytes:
    """``image``, taken with its middle on the lens's axis, as the same camera turned about its own centre shows it with
    that middle ``degrees`` (right, down) off the axis, on a canvas of a camera's shape whose middle is the axis again:
    the same face, seen obliquely (:mod:`viz.camera`). A JPEG at quality 95, with the focal length in its EXIF data (35 mm terms, rounded
    to the millimetre as cameras write it) if ``focal_in_exif``.

    Examples
    --------
    >>> from viz.photo import load_photo
    >>> photo = load_photo(seen_off_axis(Image.new("RGB", (400, 300), (120, 100, 90)), (10.0, 0.0), 400.0))
    >>> photo.size[0] > 400, photo.focal_35mm, photo.cut
    (True, 25.0, False)
    """
    w, h = image.size
    cx, cy = w / 2.0, h / 2.0
    turn = turned((cx, cy), focal_px, math.tan(math.radians(degrees[0])), math.tan(math.radians(degrees[1])))
    corners = projected(turn, np.array([[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]], dtype=np.float64))
    # large enough to hold all of it, in the nearest of a camera's shapes: a camera's frame, not one cut since it was
    # taken (:attr:`viz.Photo.cut`)
    need = (2.0 * max(float(np.abs(corners[:, 0] - cx).max()), cx) + 2.0, 2.0 * max(float(np.abs(corners[:, 1] - cy).max()), cy) + 2.0)
    shapes = [r for shape in CAMERA_SHAPES for r in (shape, 1.0 / shape)]
    size = min(((max(need[0], need[1] * r), max(need[1], need[0] / r)) for r in shapes), key=lambda s: s[0] * s[1])
    size = (round(size[0]), round(size[1]))
    shift = np.array([[1.0, 0.0, size[0] / 2.0 - cx], [0.0, 1.0, size[1] / 2.0 - cy], [0.0, 0.0, 1.0]])
    back = np.linalg.inv(shift @ turn)
    back /= back[2, 2]
    seen = image.convert("RGB").transform(size, Image.Transform.PERSPECTIVE, tuple(back.flatten()[:8]), Image.Resampling.BICUBIC, fillcolor=(128, 128, 128))
    buf = io.BytesIO()
    exif = Image.Exif()
    if focal_in_exif:
        exif.get_ifd(0x8769)[0xA405] = round(focal_px * FULL_FRAME_DIAGONAL_MM / math.hypot(*size))
    seen.save(buf, "JPEG", quality=95, exif=exif)
    return buf.getvalue()


def cropped_past_face(image: Image.Image, face: Face, side: str) -> bytes:
    """``image`` cut 4 % of its width past ``face`` on one side of the picture (``"left"`` or ``"right"``, as seen): no
    camera moved, the face's pixels are the photo's, but its middle is no longer the lens's axis. A JPEG at quality 95
    with no EXIF data, so no focal length (a crop's lens is unknown).
    """
    if side not in ("left", "right"):
        raise ArgumentError(f"side must be 'left' or 'right' (of the picture), not {side!r}")
    x0, _y0, x1, _y1 = face.bbox
    margin = 0.04 * image.width
    box = (0, 0, round(x1 + margin), image.height) if side == "right" else (round(x0 - margin), 0, image.width, image.height)
    buf = io.BytesIO()
    image.convert("RGB").crop(box).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def as_if_on_axis(face: Face) -> Face:
    """The face with its photo's middle moved under its eyes (:func:`viz.camera.aimed_point`): measured so, where the
    camera pointed is left out, as the engine measured before :mod:`viz.camera` (the benchmarks' "before").

    Examples
    --------
    >>> face = synthetic_face(np.random.default_rng(0).uniform(0, 64, (478, 3)))
    >>> face = dataclasses.replace(face, photo=dataclasses.replace(face.photo, origin=(0, 0), file_size=(400, 300)))
    >>> face.off_axis.centred, as_if_on_axis(face).off_axis.centred
    (False, True)
    """
    eyes = aimed_point(face.xy_px)
    w, h = face.photo.whole_size
    origin = (round(w / 2.0 - eyes[0]), round(h / 2.0 - eyes[1]))
    return dataclasses.replace(face, photo=dataclasses.replace(face.photo, origin=origin, file_size=(w, h)))
