"""Mirrored comparisons built across the fitted symmetry axis, not the image centre.

A mirror shows a face reflected left to right: the *true view* is what a camera and other people
see, the *mirror view* what the person sees every morning. Reflecting across the face's own fitted
axis (:class:`viz.FaceFrame`) instead of the image centre keeps the reflected face on top of the
original, so the two can be blended, blinked and subtracted to show where the halves differ.

Half-face composites (left-left, right-right) join one half of the face to its own reflection.
They exaggerate: no real face is that symmetric about a straight line, and small head turns widen
or narrow the result. They are shown as an illustration, never as a measure.

Everything here is pure NumPy (Pillow only resizes and encodes); inputs are never modified and
every returned array is new and read-only.

References
----------
.. [1] Mita TH, Dermer M, Knight J. Reversed facial images and the mere-exposure hypothesis.
       J Pers Soc Psychol 1977;35(8):597-601. doi:10.1037/0022-3514.35.8.597
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from viz.asymmetry import AsymmetryReport
from viz.errors import ArgumentError
from viz.geometry import convex_hull
from viz.overlay import SCALE_MAX_MM, asymmetry_colour, label_font, png_text, text_band, under
from viz.vocabulary import EDUCATIONAL

__all__ = [
    "COMPARISON_DESCRIPTION",
    "DIFFERENCE_FULL_SCALE",
    "MERE_EXPOSURE",
    "MERE_EXPOSURE_SOURCE",
    "VIEW_CAPTIONS",
    "MirrorViews",
    "blend",
    "blink_gif",
    "comparison_png",
    "composite",
    "difference_map",
    "encode_jpeg",
    "face_mask",
    "mirror_views",
    "reflect",
    "resize_to",
    "two_frame_gif",
]

#: Why the mirror view feels "right" (one sentence for the app), and its source id in ``content/sources.yaml``.
MERE_EXPOSURE = (
    "The mirror view tends to feel right to you because it is the face you see most often: in a classic study people "
    "preferred their own mirror image while their friends preferred the true photo, the mere-exposure effect "
    "(Mita, Dermer & Knight 1977, J Pers Soc Psychol 35:597-601)."
)
MERE_EXPOSURE_SOURCE = "mita1977"

#: The caption of each view of :class:`MirrorViews` in exports (the comparison sheet, the consult report).
VIEW_CAPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "true_view": "True view (what others see)",
        "mirror_view": "Mirror view (what you see)",
        "difference": "Difference map (bright = sides differ)",
        "left_left": "Left-left composite (exaggerates)",
        "right_right": "Right-right composite (exaggerates)",
    }
)

#: What a saved comparison sheet is, in its ``Description`` text chunk.
COMPARISON_DESCRIPTION = (
    "MirrorMap mirror comparison: the face as others see it and as a mirror shows it, where the two differ, two half-face"
    f" composites (they exaggerate) and the two views overlaid. {EDUCATIONAL}"
)

#: Difference of local detail (0-255 grey levels) at the top of the difference map's colour scale.
#: A display choice, not a measurement: feature edges that do not line up across the axis reach it,
#: JPEG noise and skin texture stay well below it.
DIFFERENCE_FULL_SCALE = 24.0
#: How far inside the face's outline the difference map stops, as a share of the landmarks' width: a display choice.
#: At the outline a strip of hair, neck or background on one side only read as solid yellow down the jaw.
_OUTLINE_INSET = 0.025

U8 = npt.NDArray[np.uint8]
F64 = npt.NDArray[np.float64]

# Lookup table of the app's colour-blind-safe scale (cividis, as in viz.overlay), 256 entries.
_LUT = np.array([asymmetry_colour(SCALE_MAX_MM * i / 255.0) for i in range(256)], dtype=np.uint8)
_LUT.setflags(write=False)


def _readonly(a: U8) -> U8:
    out = np.ascontiguousarray(a, dtype=np.uint8)
    out.setflags(write=False)
    return out


def _check_rgb(rgb: npt.NDArray[np.generic], name: str = "rgb") -> None:
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ArgumentError(f"{name} must be an (H, W, 3) uint8 array, not {rgb.dtype} of shape {rgb.shape}")


def _unit(v: npt.ArrayLike, name: str) -> F64:
    arr = np.asarray(v, dtype=np.float64).reshape(-1)
    norm = float(np.hypot(*arr[:2])) if arr.size == 2 else 0.0
    if arr.size != 2 or not np.isfinite(norm) or norm < 1e-9:
        raise ArgumentError(f"{name} must be a non-zero 2-vector")
    return arr / norm


def resize_to(rgb: U8, max_side: int) -> U8:
    """Shrink an image so that its long side is at most ``max_side`` pixels (never enlarges).

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    max_side : int
        Longest side of the result, pixels (at least 16).

    Returns
    -------
    (h, w, 3) ndarray of uint8
        A new read-only array; the same size as ``rgb`` when it already fits.
    """
    _check_rgb(rgb)
    if max_side < 16:
        raise ArgumentError("max_side must be at least 16 pixels")
    h, w = rgb.shape[:2]
    k = max_side / max(h, w)
    if k >= 1.0:
        return _readonly(np.array(rgb, copy=True))
    size = (max(1, round(w * k)), max(1, round(h * k)))
    small = cv2.resize(np.ascontiguousarray(rgb), size, interpolation=cv2.INTER_AREA)  # area averaging: no aliasing
    return _readonly(np.asarray(small, dtype=np.uint8))


def _signed_distance(shape: tuple[int, ...], origin_xy: F64, normal: F64) -> npt.NDArray[np.float32]:
    """Signed distance (pixels) of every pixel centre from the axis, positive along ``normal``."""
    h, w = shape[:2]
    xs = (np.arange(w, dtype=np.float32) + 0.5 - np.float32(origin_xy[0])) * np.float32(normal[0])
    ys = (np.arange(h, dtype=np.float32) + 0.5 - np.float32(origin_xy[1])) * np.float32(normal[1])
    return np.asarray(ys[:, None] + xs[None, :], dtype=np.float32)


def reflect(rgb: U8, origin_xy: npt.ArrayLike, normal: npt.ArrayLike) -> U8:
    """Reflect an image across a straight line (the face's symmetry axis).

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    origin_xy : (2,) array_like
        A point on the axis, in continuous image coordinates of ``rgb`` (pixel ``(0, 0)`` spans ``[0, 1]``).
    normal : (2,) array_like
        A vector perpendicular to the axis (for a face: ``frame.left``); normalised here.

    Returns
    -------
    (H, W, 3) ndarray of uint8
        The reflected image, bilinear, edges replicated. Reflecting twice gives back ``rgb``
        up to resampling; pixels on the axis are unchanged.

    Examples
    --------
    >>> img = np.zeros((4, 6, 3), np.uint8); img[:, 0] = 255
    >>> int(reflect(img, (3.0, 0.0), (1.0, 0.0))[0, 5, 0])  # a vertical axis at x = 3: column 0 -> column 5
    255
    """
    _check_rgb(rgb)
    h, w = rgb.shape[:2]
    r, t = _reflection(np.asarray(origin_xy, dtype=np.float64).reshape(2), _unit(normal, "normal"))
    m = np.hstack([r, t[:, None]])
    out = cv2.warpAffine(np.ascontiguousarray(rgb), m, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    return _readonly(np.asarray(out, dtype=np.uint8))


def _reflection(origin_xy: F64, normal: F64) -> tuple[F64, F64]:
    """The reflection across the axis through ``origin_xy`` (continuous coordinates) perpendicular to the unit
    ``normal``, in pixel-index terms: the source of index ``i`` is ``r @ i + t``.

    In continuous coordinates p' = R p + 2 (o . n) n with R = I - 2 n n^T; pixel index i sits at p = i + 1/2, so
    the source of i is R i + (R c - c + 2 (o . n) n), c = (1/2, 1/2).
    """
    r = np.eye(2) - 2.0 * np.outer(normal, normal)
    c = np.array([0.5, 0.5])
    return r, r @ c - c + 2.0 * float(origin_xy @ normal) * normal


def composite(rgb: U8, origin_xy: npt.ArrayLike, normal: npt.ArrayLike, keep: Literal["positive", "negative"] = "positive") -> U8:
    """One half of the image joined to its own reflection across the axis (a half-face composite).

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    origin_xy, normal : (2,) array_like
        The axis, as in :func:`reflect`.
    keep : {"positive", "negative"}
        The half kept: the side ``normal`` points to, or the other one. For a face with
        ``normal = frame.left``, ``"positive"`` gives the left-left composite.

    Returns
    -------
    (H, W, 3) ndarray of uint8
        Exactly symmetric about the axis (up to resampling). Continuous across the axis, because a
        point on the axis is its own reflection.
    """
    if keep not in ("positive", "negative"):
        raise ArgumentError(f"keep must be 'positive' or 'negative', not {keep!r}")
    _check_rgb(rgb)
    o = np.asarray(origin_xy, dtype=np.float64).reshape(2)
    n = _unit(normal, "normal")
    return _join(rgb, reflect(rgb, o, n), _signed_distance(rgb.shape, o, n), keep)


def _join(rgb: U8, reflected: U8, distance: npt.NDArray[np.float32], keep: str) -> U8:
    kept = distance >= 0 if keep == "positive" else distance <= 0
    out = np.array(reflected, copy=True)
    cv2.copyTo(np.ascontiguousarray(rgb), kept.view(np.uint8), out)
    return _readonly(out)


def face_mask(shape: tuple[int, ...], xy: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Pixels inside the convex hull of a set of points (e.g. the face landmarks).

    Parameters
    ----------
    shape : tuple of int
        ``(H, W, ...)`` of the image.
    xy : (n, 2) array_like
        Points in continuous image coordinates.

    Returns
    -------
    (H, W) ndarray of bool
        True at pixel centres inside or on the hull.
    """
    h, w = int(shape[0]), int(shape[1])
    hull = convex_hull(xy)
    mask = np.zeros((h, w), dtype=bool)
    if len(hull) < 3:
        return mask
    x0, y0 = np.floor(hull.min(axis=0)).astype(int)
    x1, y1 = np.ceil(hull.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 <= x0 or y1 <= y0:
        return mask
    px = np.arange(x0, x1, dtype=np.float64)[None, :] + 0.5
    py = np.arange(y0, y1, dtype=np.float64)[:, None] + 0.5
    inside = np.ones((y1 - y0, x1 - x0), dtype=bool)
    # The hull runs counter-clockwise in x-right/y-up terms: every edge has the inside on its left.
    for a, b in zip(hull, np.roll(hull, -1, axis=0), strict=True):
        inside &= (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]) >= -1e-9
    mask[y0:y1, x0:x1] = inside
    return mask


def _box_blur(a: npt.NDArray[np.float32], radius: int) -> npt.NDArray[np.float32]:
    """Mean over a (2r+1)^2 window with edges replicated."""
    if radius < 1:
        return a
    k = 2 * radius + 1
    return np.asarray(cv2.blur(np.ascontiguousarray(a, dtype=np.float32), (k, k), borderType=cv2.BORDER_REPLICATE), dtype=np.float32)


_GREY_WEIGHTS = np.array([[0.299, 0.587, 0.114]], dtype=np.float32)


def _luminance(rgb: U8) -> npt.NDArray[np.float32]:
    return np.asarray(cv2.transform(np.ascontiguousarray(rgb).astype(np.float32), _GREY_WEIGHTS), dtype=np.float32)


def difference_map(rgb: U8, mirrored: U8, mask: npt.NDArray[np.bool_] | None = None, *, full_scale: float = DIFFERENCE_FULL_SCALE) -> U8:
    """Where a photo and its mirror image differ in detail, as a colour map on the dimmed photo.

    Each image's large-scale shading (a blur over about 1/25 of the image) is subtracted before the
    two are compared, so light falling more on one side of the face does not swamp the map; what
    remains is features and edges that do not line up across the axis.

    Parameters
    ----------
    rgb, mirrored : (H, W, 3) ndarray of uint8
        The photo and its reflection across the face's axis (same size).
    mask : (H, W) ndarray of bool, optional
        Where to colour (the face); elsewhere the photo is shown dimmed in grey.
    full_scale : float, optional
        Difference of local detail (grey levels) at the top of the colour scale.

    Returns
    -------
    (H, W, 3) ndarray of uint8
        Dark blue where the two sides match, through grey to yellow where they differ by
        ``full_scale`` grey levels or more (cividis, colour-blind safe).
    """
    _check_rgb(rgb)
    _check_rgb(mirrored, "mirrored")
    if rgb.shape != mirrored.shape:
        raise ArgumentError(f"rgb and mirrored must have the same shape, not {rgb.shape} and {mirrored.shape}")
    if full_scale <= 0:
        raise ArgumentError("full_scale must be positive")
    h, w = rgb.shape[:2]
    side = max(h, w)
    grey = _luminance(rgb)
    other = _luminance(mirrored)
    shading = max(2, round(side / 50))
    detail = cv2.subtract(cv2.subtract(grey, _box_blur(grey, shading)), cv2.subtract(other, _box_blur(other, shading)))
    diff = _box_blur(np.abs(detail), max(1, round(side / 300)))
    idx = cv2.convertScaleAbs(diff, alpha=255.0 / full_scale)  # rounded and saturated to 0..255
    heat = cv2.LUT(cv2.merge([idx, idx, idx]), _LUT.reshape(256, 1, 3))
    grey8 = cv2.convertScaleAbs(grey)
    out = cv2.addWeighted(heat, 0.8, cv2.merge([grey8, grey8, grey8]), 0.2, 0.0)
    if mask is not None:
        if mask.shape != (h, w):
            raise ArgumentError(f"mask must have shape {(h, w)}, not {mask.shape}")
        dim = cv2.convertScaleAbs(grey, alpha=0.45)
        outside = np.ascontiguousarray(~mask).view(np.uint8)
        cv2.copyTo(cv2.merge([dim, dim, dim]), outside, out)
    return _readonly(np.asarray(out, dtype=np.uint8))


def blend(a: U8, b: U8, alpha: float) -> U8:
    """``(1 - alpha) * a + alpha * b`` as uint8; ``alpha`` in ``[0, 1]``."""
    _check_rgb(a, "a")
    _check_rgb(b, "b")
    if a.shape != b.shape:
        raise ArgumentError(f"a and b must have the same shape, not {a.shape} and {b.shape}")
    if not 0.0 <= alpha <= 1.0:
        raise ArgumentError("alpha must be between 0 and 1")
    out = a.astype(np.float32) * (1.0 - alpha) + b.astype(np.float32) * alpha
    return _readonly(np.asarray(np.clip(np.rint(out), 0, 255), dtype=np.uint8))


@dataclass(frozen=True, eq=False)
class MirrorViews:
    """The mirrored comparison of one analysed photo, at display size.

    Attributes
    ----------
    true_view : (h, w, 3) ndarray of uint8
        What a camera and other people see (the photo itself, or its reflection when the photo
        was a mirrored selfie).
    mirror_view : (h, w, 3) ndarray of uint8
        What the person sees in a mirror: the true view reflected across the fitted axis.
    left_left, right_right : (h, w, 3) ndarray of uint8
        The subject's left (right) half joined to its own reflection. Exaggerating illustrations.
    difference : (h, w, 3) ndarray of uint8
        :func:`difference_map` of the true and mirror views inside the face.
    scale : float
        Display pixels per original-photo pixel.
    axis_px : (2, 2) ndarray
        Two points of the symmetry axis in display pixels (for drawing).
    face : (h, w) ndarray of bool
        The face region the difference map colours: where a point and its reflection both lie inside the hull of
        the landmarks.
    """

    true_view: U8
    mirror_view: U8
    left_left: U8
    right_right: U8
    difference: U8
    scale: float
    axis_px: F64
    face: npt.NDArray[np.bool_]

    def relabelled(self) -> MirrorViews:
        """The views for the other answer to "is this photo mirrored?", without recomputing anything.

        The fitted axis does not depend on which side is called left, so the other answer swaps the
        true and mirror views and the two composites; only the difference map, drawn on the true view,
        is made again.
        """
        return MirrorViews(
            true_view=self.mirror_view,
            mirror_view=self.true_view,
            left_left=self.right_right,
            right_right=self.left_left,
            difference=difference_map(self.mirror_view, self.true_view, self.face),
            scale=self.scale,
            axis_px=self.axis_px,
            face=self.face,
        )


def mirror_views(report: AsymmetryReport, *, max_side: int = 800, box: tuple[int, int, int, int] | None = None) -> MirrorViews:
    """True, mirror, half-face composite and difference views of an analysed photo.

    Parameters
    ----------
    report : AsymmetryReport
        From :func:`viz.analyze`; its fitted frame supplies the axis, its ``mirrored`` flag says
        whether the photo is a mirrored selfie.
    max_side : int, optional
        Long side of the views, pixels. The whole photo is never enlarged; a ``box`` is brought to this size.
    box : tuple of int, optional
        ``(x0, y0, x1, y1)`` in working-image pixels (``photo.rgb``): the views show this part of the photo, e.g. the
        face with a margin on each side of it, reflected from the whole photo; columns whose reflection falls outside
        the photo (beside a face at its edge) are trimmed off.

    Returns
    -------
    MirrorViews

    Raises
    ------
    viz.errors.ArgumentError
        If ``box`` is empty or leaves the photo.
    """
    photo = report.face.photo
    rgb = np.asarray(photo.rgb)
    frame = report.frame
    normal = _unit(frame.left, "frame.left")
    ow, oh = photo.original_size
    if box is None:
        shown = resize_to(rgb, max_side)
        h, w = shown.shape[:2]
        kx, ky = w / ow, h / oh  # display px per original px
        corner = np.zeros(2)
        origin = np.asarray(frame.origin_px, dtype=np.float64) * np.array([kx, ky])
        reflected = reflect(shown, origin, normal)
    else:
        x0, y0, x1, y1 = (int(v) for v in box)
        if not (0 <= x0 < x1 <= rgb.shape[1] and 0 <= y0 < y1 <= rgb.shape[0]):
            raise ArgumentError(f"box must lie inside the {rgb.shape[1]}x{rgb.shape[0]} photo and not be empty, not {box!r}")
        # Trimmed to the columns whose reflection lies in the photo: a face near the photo's edge would otherwise have
        # a strip of its mirror views made of the edge's pixels repeated (where the reflection leaves the photo).
        o_w = np.asarray(frame.origin_px, dtype=np.float64) / photo.scale
        along = np.array([-normal[1], normal[0]])
        at = o_w + along * ((y0 + y1) / 2.0 - o_w[1]) / (along[1] if abs(along[1]) > 1e-9 else 1e-9)  # the axis, mid-box
        lo, hi = max(x0, math.floor(2.0 * at[0] - rgb.shape[1])), min(x1, math.ceil(2.0 * at[0]))
        if hi - lo >= 0.5 * (x1 - x0):
            x0, x1 = lo, hi
        k = max_side / max(x1 - x0, y1 - y0)
        if k >= 1.0:  # the box enlarged from the photo: step source px per display px
            src, step, bx, by = rgb, 1.0 / k, x0, y0
            size = (max(1, round((x1 - x0) * k)), max(1, round((y1 - y0) * k)))
        else:  # the whole photo reduced (no aliasing), and the box on it shown pixel for pixel
            src, step = resize_to(rgb, max(16, round(max(rgb.shape[:2]) * k))), 1.0
            fx, fy = src.shape[1] / rgb.shape[1], src.shape[0] / rgb.shape[0]
            bx, by = round(x0 * fx), round(y0 * fy)
            size = (max(1, round(x1 * fx) - bx), max(1, round(y1 * fy) - by))
        sx, sy = src.shape[1] / ow, src.shape[0] / oh  # source px per original px
        # Display pixel i samples the source at step * i + (corner + step / 2 - 1/2) (pixel-index coordinates).
        lin = step * np.eye(2)
        off = np.array([bx + step / 2.0 - 0.5, by + step / 2.0 - 0.5])
        # The reflection is taken from the whole source, not the box: a face near the photo's edge has its box cut
        # there, and the part of the box reflected from beyond it is still in the photo on the other side.
        r, t = _reflection(np.asarray(frame.origin_px, dtype=np.float64) * np.array([sx, sy]), normal)
        flags = (cv2.INTER_CUBIC if step < 1.0 else cv2.INTER_LINEAR) | cv2.WARP_INVERSE_MAP
        picture = np.ascontiguousarray(src)
        maps = (np.hstack([lin, off[:, None]]), np.hstack([r @ lin, (r @ off + t)[:, None]]))
        shown, reflected = (_readonly(np.asarray(cv2.warpAffine(picture, m, size, flags=flags, borderMode=cv2.BORDER_REPLICATE), dtype=np.uint8)) for m in maps)
        kx, ky = sx / step, sy / step
        corner = np.array([bx / sx, by / sy])  # the box's corner, original px
        origin = (np.asarray(frame.origin_px, dtype=np.float64) - corner) * np.array([kx, ky])
    scale = (kx + ky) / 2.0
    # frame.left points to the subject's left in the image (relabelled for a mirrored selfie).
    distance = _signed_distance(shown.shape, origin, normal)
    left_left = _join(shown, reflected, distance, "positive")
    right_right = _join(shown, reflected, distance, "negative")
    true_view, mirror_view = (reflected, shown) if report.mirrored else (shown, reflected)
    xy = (report.face.xy_px - corner) * np.array([kx, ky])
    d = (xy - origin) @ normal
    # coloured only where a point and its reflection both lie in the face: the hull of both sides' landmarks coloured
    # the strip where one cheek's outline reaches past the other's (a head turned, or a wider side), solid yellow
    # bands down the cheeks and jaw, read as the face's largest asymmetry beside widths the page withholds
    mask = face_mask(shown.shape, xy) & face_mask(shown.shape, xy - 2.0 * d[:, None] * normal)
    # and a little inside the outline, where the hull's edge lies on hair, neck or background on one side only
    inset = max(1, round(_OUTLINE_INSET * float(np.ptp(xy[:, 0]))))
    mask = cv2.erode(mask.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * inset + 1, 2 * inset + 1))).astype(bool)
    mask.setflags(write=False)
    difference = difference_map(true_view, mirror_view, mask)
    half = 0.75 * (report.face.bbox[3] - report.face.bbox[1]) * frame.mm_per_px
    axis_px = (frame.axis_segment_px(half) - corner) * np.array([kx, ky])
    axis_px.setflags(write=False)
    return MirrorViews(
        true_view=true_view,
        mirror_view=mirror_view,
        left_left=left_left,
        right_right=right_right,
        difference=difference,
        scale=float(scale),
        axis_px=axis_px,
        face=mask,
    )


def encode_jpeg(rgb: U8, *, quality: int = 85) -> bytes:
    """JPEG bytes of an image, made in memory (nothing is written to disk)."""
    _check_rgb(rgb)
    if not 1 <= quality <= 95:
        raise ArgumentError("quality must be between 1 and 95")
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _label(img: Image.Image, text: str, size: int) -> None:
    draw = ImageDraw.Draw(img, "RGBA")
    font = label_font(size)
    pad = max(4, size // 3)
    box = draw.textbbox((0, 0), text, font=font)
    draw.rectangle([0, 0, box[2] + 2 * pad, box[3] + 2 * pad], fill=(0, 0, 0, 170))
    draw.text((pad, pad), text, fill=(255, 255, 255), font=font)


#: Colours in a two-frame GIF's one palette: 255 leave an index free, which Pillow's GIF writer uses to make the pixels
#: that do not change between the frames transparent in the second frame (fewer bytes).
GIF_COLOURS = 255
#: The palette is built from the two frames reduced to about this many pixels in all: maximum coverage took about a
#: second on two 1000 px faces at full size, and on the test faces a copy reduced 2-4 times picked colours as good
#: (99th percentile of the smoothed skin error within 1 CIE76 unit).
_PALETTE_SAMPLE_PX = 200_000


def _shared_palette(frames: tuple[Image.Image, Image.Image]) -> Image.Image:
    """A ``P`` image whose palette holds the colours of both RGB frames (maximum coverage)."""
    both = Image.new("RGB", (max(f.width for f in frames), sum(f.height for f in frames)))
    both.paste(frames[0], (0, 0))
    both.paste(frames[1], (0, frames[0].height))
    factor = math.ceil(math.sqrt(both.width * both.height / _PALETTE_SAMPLE_PX))
    if factor > 1:
        both = both.reduce(factor)
    return both.quantize(GIF_COLOURS, method=Image.Quantize.MAXCOVERAGE)


def two_frame_gif(first: Image.Image, second: Image.Image, *, period_ms: int) -> bytes:
    """Two pictures shown in turn, ``period_ms`` each, looping forever: GIF bytes made in memory, both frames in one
    palette of :data:`GIF_COLOURS` colours.

    Parameters
    ----------
    first, second : PIL.Image.Image
        The two pictures, any mode (they are drawn as RGB); each frame decodes at the size of its picture.
    period_ms : int
        How long each frame shows, milliseconds.

    Returns
    -------
    bytes
        The GIF.

    Notes
    -----
    Left to Pillow, each frame got its own median-cut palette without dithering: skin highlights (nose tip,
    forehead, teeth) fell into a few wide boxes and came out as flat grey-pink or grey patches (99th percentile of the
    smoothed colour error over the skin 3-10 CIE76 units on the faces of ``tests/data``, 1.3-3.2 now), and the two
    palettes differed, so even pixels that did not change flickered in colour. Here one maximum-coverage palette is
    built from both frames and each frame is mapped to it with Floyd-Steinberg dithering; where the two pictures are
    the same, the second frame takes the first frame's indices, so the dither pattern does not shimmer where nothing
    moved.
    """
    frames = (first.convert("RGB"), second.convert("RGB"))
    palette = _shared_palette(frames)
    first_p, second_p = (f.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG) for f in frames)
    if frames[0].size == frames[1].size:
        # Error diffusion carries a change along its row and down: without this, a change in one part of the face made
        # the dither right of and below it differ between the frames, a grain that blinked where nothing moved.
        same = np.all(np.asarray(frames[0]) == np.asarray(frames[1]), axis=-1)
        if same.any():
            index = np.where(same, np.asarray(first_p), np.asarray(second_p))
            second_p = Image.fromarray(index.astype(np.uint8), "P")
            second_p.putpalette(first_p.getpalette() or [])
    buf = io.BytesIO()
    first_p.save(buf, "GIF", save_all=True, append_images=[second_p], duration=[period_ms, period_ms], loop=0)
    return buf.getvalue()


def blink_gif(first: U8, second: U8, *, labels: tuple[str, str] = ("true view", "mirror view"), period_ms: int = 700, max_side: int = 640) -> bytes:
    """A two-frame animated GIF that alternates between two aligned images (a blink comparison).

    Parameters
    ----------
    first, second : (H, W, 3) ndarray of uint8
        Same-size images, e.g. the true and the mirror view.
    labels : tuple of str, optional
        A caption burnt into the corner of each frame.
    period_ms : int, optional
        How long each frame shows, milliseconds.
    max_side : int, optional
        Long side of the animation, pixels.

    Returns
    -------
    bytes
        A looping GIF made in memory.
    """
    if first.shape != second.shape:
        raise ArgumentError(f"first and second must have the same shape, not {first.shape} and {second.shape}")
    if period_ms < 100:
        raise ArgumentError("period_ms must be at least 100")
    frames = []
    for arr, text in zip((first, second), labels, strict=True):
        img = Image.fromarray(np.ascontiguousarray(resize_to(arr, max_side)))
        _label(img, text, max(12, img.size[0] // 30))
        frames.append(img)
    return two_frame_gif(frames[0], frames[1], period_ms=period_ms)


def comparison_png(views: MirrorViews, *, opacity: float = 0.5, tile_side: int = 560, footer: str | Sequence[str] = (), when: dt.date | None = None) -> bytes:
    """The comparison as one PNG sheet: true, mirror, difference / left-left, right-right, the two overlaid.

    Parameters
    ----------
    views : MirrorViews
    opacity : float, optional
        Opacity of the mirror view laid over the true view in the last tile, 0-1 (the page's
        "Mirror opacity" slider divided by 100); the tile's caption names it in percent.
    tile_side : int, optional
        Long side of each tile, pixels.
    footer : sequence of str, optional
        Paragraphs printed under the tiles, wrapped to the sheet's width (e.g. the educational notice).
    when : datetime.date, optional
        The day the sheet is made, today when ``None``: its text chunks give it with what the sheet is
        (:func:`viz.overlay.png_text`), so a renamed or forwarded file can still be dated.

    Returns
    -------
    bytes
        PNG made in memory (nothing is written to disk).

    Raises
    ------
    viz.errors.ArgumentError
        If ``opacity`` is not a number from 0 to 1.
    """
    if isinstance(opacity, bool) or not isinstance(opacity, (int, float)) or not 0.0 <= opacity <= 1.0:
        raise ArgumentError(f"opacity must be a number from 0 to 1, not {opacity!r}")
    tiles = [
        *((getattr(views, name), VIEW_CAPTIONS[name]) for name in ("true_view", "mirror_view", "difference", "left_left", "right_right")),
        (blend(views.true_view, views.mirror_view, float(opacity)), f"True and mirror overlaid, mirror at {opacity:.0%}"),
    ]
    small = [resize_to(t, tile_side) for t, _ in tiles]
    th, tw = small[0].shape[:2]
    font_size = max(14, tw // 28)
    gap = 8
    sheet = Image.new("RGB", (3 * tw + 4 * gap, 2 * th + 3 * gap), (255, 255, 255))
    for i, (arr, (_, text)) in enumerate(zip(small, tiles, strict=True)):
        img = Image.fromarray(np.ascontiguousarray(arr))
        _label(img, text, font_size)
        sheet.paste(img, (gap + (i % 3) * (tw + gap), gap + (i // 3) * (th + gap)))
    if footer:
        sheet = under(sheet, text_band(footer, sheet.width, font_size))
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=False, pnginfo=png_text("MirrorMap mirror comparison", COMPARISON_DESCRIPTION, when=when))
    return buf.getvalue()
