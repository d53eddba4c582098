"""Agreement with independent annotations: the engine's measures against webmorph templates placed by hand.

The Face Research Lab London Set ships 189-point templates placed independently of MediaPipe
(``../shared/faces/annotated/README.md`` lists the points; the five neutral photos in ``../shared/faces``
have templates too). For each neutral photo with a template this script reads every paired measure
from the template with the same definition the engine uses, in the template's own frame (millimetres
from its iris widths, heights from the line through its pupils, widths from the perpendicular
bisector of the pupils), and compares:

- r, the Deming slope (errors in both) and the mean absolute error, engine against template;
- the share of faces where the template lies within 2 stated uncertainties (+0.3 mm for the
  template's own placement error);
- the same figures for one plain MediaPipe pass (no flip averaging, no re-cropped views, no image
  evidence), the usual open-source approach;
- the correlation of each width difference with the engine's yaw (a head turn read as anatomy shows
  as a strong correlation);
- how often each measure is the headline ("most noticeable difference").

Every template height is read from the line through the template's two pupil points, placed by hand. The photos
show a flash's reflection on each cornea, and the line through the two reflections is the pupils' line found in the
picture (:func:`corneal_reflex_axis`): the script prints how far the templates' pupil line and the engine's iris line
lie from it, and every paired measure's agreement again with the template's heights read from the reflexes' line, so
that the share of the disagreement that is the templates' own frame can be seen. It prints the inner brow against
the templates' brow head's top (the measure's definition), its lower corner and their middle, to show which the
engine's reading of the head follows, and from the three the highest r any reading of the head could reach against
the top, so little do the templates' top points agree with their own lower corners (:func:`print_brow_head`). The brow
above the pupil and the brow tail are read the same way against the templates' upper contour (their definition), their
lower contour and the middle, with each reading's own error beside the engine's stated uncertainty: where the share
within 2 uncertainties falls short, it tells the engine's error apart from the templates'. It also prints the left and right
values themselves against the templates' (the stated uncertainty is the difference's; the values around it are the
face model's), with the two scales' ratio.

r comes with a 90% bootstrap interval over the faces: on a few dozen faces it is itself uncertain by about
±0.1, so a shortfall within the interval is not yet a measured shortfall.

``--perturb`` measures each photo again after a change a real upload may carry (half and 0.3 size, JPEG
quality 40 and 15, mirrored, rotated 6°, a darker tone curve, half contrast, noise of SD 8 grey levels, a 1.5- and
a 3-pixel blur, a phone's sharpening, enlarged five times from a fifth of its size) and prints r, the share
within 2 uncertainties and the median uncertainty for each: the stated uncertainty has to grow where the photo
measures worse, and a mirrored photo has to give the opposite difference. A changed picture reaches the engine as a PNG (lossless: only the change is
measured); a JPEG as the JPEG file itself, as an upload at that quality would (the engine reads its quality).
A second table gives how far each change moves each measure from the photo as shot (RMS over the faces, and the
largest move with its photo), and a third the same moves in the uncertainty stated for
the photo as shot (the share of faces moved beyond 2 of it). The templates are read from the original photos (every measure is in
millimetres in the face's own frame, so none of these changes moves it).

``--reach`` measures the inner brow again with its head's search along the brow
(:data:`viz.evidence.BROW_HEAD_ACROSS`, 6 mm) set to each of 5-7 mm: a few heads match about equally well at two
heights, and where the search ends decides which one is found, so its r moves with a choice that should not matter.

The photos are a development set: the definitions are checked here, nothing is fitted to them.

``--faces DIR`` (repeatable) runs the same comparison on another set: every ``.tem`` in DIR with a photo of the same
name beside it (189-point webmorph templates, points as in the annotated README).

Usage: ``python benchmarks/annotated.py [--plain] [--perturb] [--reach] [--faces DIR]`` (each pass option adds passes; slower).
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from _common import FACES, fmt, print_table
from PIL import Image, ImageEnhance, ImageFilter

import viz
import viz.asymmetry
from viz.asymmetry import WITHHELD
from viz.frame import reflection_fit
from viz.landmarks import FaceLandmarker, silence_native_logs
from viz.vocabulary import MEASURES, PAIRED_IDS

IRIS_MM = 11.7
TEMPLATE_ALLOWANCE_MM = 0.3
BOOTSTRAP_DRAWS = 2000

#: A corneal reflex must stand this many grey levels above the iris around it; it is searched within this share of
#: the iris's width of the template's pupil point and measured over this share each side of its brightest pixel.
REFLEX_MIN_CONTRAST = 80.0
REFLEX_SEARCH = 0.25
REFLEX_WINDOW = 0.07

# Template points (image-left = the subject's right). README of shared/faces/annotated.
PUPIL = {"right": 0, "left": 1}
IRIS_EDGES = {"right": (4, 8), "left": (12, 16)}
EYE_OUTER = {"right": 18, "left": 27}
EYE_INNER = {"right": 22, "left": 23}
LID_UPPER = {"right": 20, "left": 25}
LID_LOWER = {"right": 29, "left": 32}
BROW_UPPER = {"right": (71, 72, 73, 74, 75), "left": (82, 81, 80, 79, 78)}  # outer -> inner
BROW_LOWER_INNER = {"right": 76, "left": 77}  # the brow head's lower corner, below the upper contour's inner end
#: The brow's lower contour, outer -> inner: the template's own line list (after its points) joins the upper contour's
#: outer end, two points along the brow's lower edge and the head's lower corner.
BROW_LOWER = {"right": (71, 83, 84, 76), "left": (82, 86, 85, 77)}
MOUTH_CORNER = {"right": 87, "left": 93}
CHEEK = {"right": 165, "left": 168}
JAW = {"right": 127, "left": 131}
# Midline points for the offsets: the base of the columella (the template has no nose-tip point), the top of the
# upper lip and the bottom of the lower lip at the centre, the bottom of the chin.
NOSE_BASE = 55
LIP_MIDLINE = (90, 106)
CHIN = 129
#: The measures read from the symmetry axis, compared before the engine's pose correction (the template sees the
#: photo as it is, head turn included).
AXIS_IDS = ("eye_line_tilt", "mouth_tilt", "nose_tip_offset", "lip_offset", "chin_offset")
#: Two template points are each other's mirror partners when each is the other's nearest reflected point within
#: this share of the pupil distance, on the templates' mean shape.
PAIR_TOLERANCE = 0.03


#: Points in a webmorph template of the kind these measures are read from (the shared set's README lists them).
TEMPLATE_POINTS = 189


class TemplateError(ValueError):
    """A template file that does not hold :data:`TEMPLATE_POINTS` points."""


def read_template(path: Path) -> np.ndarray:
    """The 189 template points ``(189, 2)`` in image pixels; :class:`TemplateError` if the file does not hold them."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        n = int(lines[0])
        points = np.array([[float(v) for v in line.split()[:2]] for line in lines[1 : n + 1]], dtype=np.float64)
    except (OSError, UnicodeDecodeError, IndexError, ValueError) as e:
        raise TemplateError(f"{path.name}: not a webmorph template ({e})") from None
    if n != TEMPLATE_POINTS or points.shape != (TEMPLATE_POINTS, 2) or not np.isfinite(points).all():
        raise TemplateError(f"{path.name}: {len(points)} readable points, not the {TEMPLATE_POINTS} of the template these measures use")
    return points


def _pchip(x: np.ndarray, y: np.ndarray, at: float) -> float:
    """The monotone piecewise cubic through ``(x, y)`` (x increasing) at ``at``, clamped to the end points.

    Fritsch & Carlson's shape-preserving Hermite cubic (SIAM J Numer Anal 1980;17:238-246), with the weighted
    harmonic mean of the neighbouring slopes at the inner points (Fritsch & Butland, SIAM J Sci Stat Comput
    1984;5:300-304) and a one-sided three-point slope at the ends. It follows an arch through a few points
    without overshooting it; straight lines between them cut under it.
    """
    if at <= x[0] or at >= x[-1]:
        return float(y[0] if at <= x[0] else y[-1])
    h = np.diff(x)
    s = np.diff(y) / h
    d = np.zeros_like(y)
    for k in range(1, len(x) - 1):
        if s[k - 1] * s[k] > 0:
            w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            d[k] = (w1 + w2) / (w1 / s[k - 1] + w2 / s[k])
    for end, (h0, h1, s0, s1) in ((0, (h[0], h[1], s[0], s[1])), (-1, (h[-1], h[-2], s[-1], s[-2]))):
        e = ((2 * h0 + h1) * s0 - h0 * s1) / (h0 + h1)
        if np.sign(e) != np.sign(s0):
            e = 0.0
        elif np.sign(s0) != np.sign(s1) and abs(e) > abs(3 * s0):
            e = 3 * s0
        d[end] = e
    k = int(np.searchsorted(x, at)) - 1
    t = (at - x[k]) / h[k]
    return float((2 * t**3 - 3 * t**2 + 1) * y[k] + (t**3 - 2 * t**2 + t) * h[k] * d[k] + (-2 * t**3 + 3 * t**2) * y[k + 1] + (t**3 - t**2) * h[k] * d[k + 1])


def _contour_v(uv: np.ndarray, idx: tuple[int, ...], u: float) -> float:
    """The height of a template contour (the brow's upper edge, five points) at ``u``, through a monotone cubic.

    Left out in turn, the template's second, third and fourth brow points lie 4.7, 3.0 and 2.6 mm (RMS) from straight
    lines between their neighbours, and 2.6, 1.9 and 1.2 mm from this cubic (38 templates): straight lines cut under
    the brow's arch, most at the tail, where it bends down.
    """
    pts = uv[list(idx)]
    order = np.argsort(pts[:, 0])
    return _pchip(pts[order, 0], pts[order, 1], u)


def template_iris_px(points: np.ndarray) -> float:
    """A template's iris width in image pixels: the mean of its two irises' edge-to-edge distances (the mm scale)."""
    return float(np.mean([np.linalg.norm(points[a] - points[b]) for a, b in IRIS_EDGES.values()]))


def corneal_reflex(grey: np.ndarray, near_px: np.ndarray, radius_px: float, window_px: int) -> np.ndarray | None:
    """The centre of the brightest spot within ``radius_px`` of ``near_px`` (image pixels), or None if there is none.

    A flash or lamp near the camera leaves a small bright reflection on each cornea; seen from a camera the eyes
    look at, the two reflections sit at the same place on both corneas, so the line through them is the pupils'
    line, found in the picture rather than placed by hand. The spot is the brightest pixel of the 3 x 3-smoothed
    grey, taken as the centroid of the pixels within ``window_px`` of it that are brighter than halfway from the
    search disc's median to its peak; it must stand :data:`REFLEX_MIN_CONTRAST` grey levels above that median.
    """
    h, w = grey.shape
    x0, y0 = (math.floor(c - radius_px) for c in near_px)
    x1, y1 = (math.ceil(c + radius_px) + 1 for c in near_px)
    if x0 < 1 or y0 < 1 or x1 > w - 1 or y1 > h - 1:
        return None
    crop = grey[y0 - 1 : y1 + 1, x0 - 1 : x1 + 1]
    smooth = sum(crop[dy : dy + y1 - y0, dx : dx + x1 - x0] for dy in range(3) for dx in range(3)) / 9.0
    ys, xs = np.mgrid[y0:y1, x0:x1]
    disc = np.hypot(xs - near_px[0], ys - near_px[1]) <= radius_px
    k = int(np.argmax(np.where(disc, smooth, -np.inf)))
    py, px = np.unravel_index(k, smooth.shape)
    base = float(np.median(smooth[disc]))
    if smooth[py, px] - base < REFLEX_MIN_CONTRAST:
        return None
    lo_y, lo_x = max(py - window_px, 0), max(px - window_px, 0)
    sub = crop[1 + lo_y : 1 + py + window_px + 1, 1 + lo_x : 1 + px + window_px + 1]
    weight = np.clip(sub - (base + float(sub.max())) / 2.0, 0.0, None)
    gy, gx = np.mgrid[0 : sub.shape[0], 0 : sub.shape[1]]
    return np.array([x0 + lo_x + float((weight * gx).sum() / weight.sum()), y0 + lo_y + float((weight * gy).sum() / weight.sum())])


def corneal_reflex_axis(grey: np.ndarray, points: np.ndarray) -> np.ndarray | None:
    """The unit vector from the right eye's corneal reflex to the left's (image pixels), or None if either is missing.

    Each reflex is searched within :data:`REFLEX_SEARCH` of the iris's width (from the template's iris edges) of the
    template's pupil point.
    """
    iris = template_iris_px(points)
    window = max(1, round(REFLEX_WINDOW * iris))
    spots = [corneal_reflex(grey, points[PUPIL[side]], REFLEX_SEARCH * iris, window) for side in ("right", "left")]
    if spots[0] is None or spots[1] is None:
        return None
    d = spots[1] - spots[0]
    return np.asarray(d / np.linalg.norm(d), dtype=np.float64)


def template_uv(points: np.ndarray, u_axis: np.ndarray | None = None) -> np.ndarray:
    """A template's points ``(189, 2)`` in mm in its pupil frame: ``u`` toward the subject's left, ``v`` up, origin between the pupils.

    ``u_axis`` (a unit vector in image pixels, toward the subject's left) replaces the line through the pupils.
    """
    pr, pl = points[PUPIL["right"]], points[PUPIL["left"]]
    if u_axis is None:
        u_axis = (pl - pr) / np.linalg.norm(pl - pr)  # toward the subject's left
    up = np.array([u_axis[1], -u_axis[0]])  # perpendicular, toward the forehead (image y grows downward)
    k = IRIS_MM / template_iris_px(points)
    d = points - (pr + pl) / 2.0
    return np.stack([d @ u_axis, d @ up], axis=1) * k


def template_measures(points: np.ndarray, u_axis: np.ndarray | None = None) -> dict[str, tuple[float, float]]:
    """Left and right of every paired measure from a template, mm, in the template's pupil frame.

    ``u_axis`` (a unit vector in image pixels, toward the subject's left) replaces the line through the template's
    pupils as the line heights are read from (:func:`corneal_reflex_axis`); the origin stays between the pupils.
    """
    uv = template_uv(points, u_axis)
    out: dict[str, tuple[float, float]] = {}

    def both(f: object) -> tuple[float, float]:
        return f("left"), f("right")  # type: ignore[operator]

    out["brow_inner_height"] = both(lambda s: float(uv[BROW_UPPER[s][-1], 1]))
    out["brow_height"] = both(lambda s: _contour_v(uv, BROW_UPPER[s], float(uv[PUPIL[s], 0])))
    out["brow_tail_height"] = both(lambda s: _contour_v(uv, BROW_UPPER[s], float(uv[EYE_OUTER[s], 0])))
    out["eye_opening"] = both(lambda s: float(uv[LID_UPPER[s], 1] - uv[LID_LOWER[s], 1]))
    out["mouth_corner_drop"] = both(lambda s: float(-uv[MOUTH_CORNER[s], 1]))
    out["jaw_width"] = both(lambda s: float(abs(uv[JAW[s], 0])))
    out["cheek_width"] = both(lambda s: float(abs(uv[CHEEK[s], 0])))
    return out


def template_mirror(templates: list[np.ndarray]) -> np.ndarray:
    """Each template point's mirror partner (itself on the midline, -1 if none), from the templates' mean shape.

    The templates are put in a common frame (pupils at (-0.5, 0) and (0.5, 0)), averaged, and reflected across
    the pupils' perpendicular bisector; two points are partners when each is the other's nearest reflected point
    within :data:`PAIR_TOLERANCE`. Only which point mirrors which is taken from the templates.
    """
    shapes = []
    for pts in templates:
        pr, pl = pts[PUPIL["right"]], pts[PUPIL["left"]]
        ipd = float(np.linalg.norm(pl - pr))
        u_axis = (pl - pr) / ipd
        up = np.array([u_axis[1], -u_axis[0]])
        d = pts - (pr + pl) / 2.0
        shapes.append(np.stack([d @ u_axis, d @ up], axis=1) / ipd)
    mean = np.mean(shapes, axis=0)
    dist = np.linalg.norm(mean[:, None, :] - (mean * np.array([-1.0, 1.0]))[None, :, :], axis=2)
    nearest = dist.argmin(axis=1)
    idx = np.arange(len(mean))
    paired = (nearest[nearest] == idx) & (dist[idx, nearest] < PAIR_TOLERANCE)
    return np.where(paired, nearest, -1)


def template_axis_measures(points: np.ndarray, mirror: np.ndarray) -> dict[str, tuple[float, float]]:
    """Tilts (degrees) and offsets (mm) from a template, with the template allowance for each, in units.

    The template's symmetry axis is fitted as the mesh's is (:func:`viz.frame.reflection_fit`, every pair starting at
    the same weight). Tilts are positive when the subject's
    left is higher, offsets toward the subject's left. The allowance is :data:`TEMPLATE_ALLOWANCE_MM`, as an angle
    over the tilt's two points for a tilt.
    """
    has = mirror >= 0
    up, *_ = reflection_fit(points[has], points[mirror[has]] * np.array([-1.0, 1.0]), np.ones(int(has.sum())))
    if up[1] > 0:  # image y grows downward: up points to smaller y
        up = -up
    left = np.array([-up[1], up[0]])
    if (points[PUPIL["left"]] - points[PUPIL["right"]]) @ left < 0:
        left = -left
    on_axis = ((points[has] + points[mirror[has]]) / 2.0).mean(axis=0)
    k = IRIS_MM / template_iris_px(points)

    def tilt(left_pt: np.ndarray, right_pt: np.ndarray) -> tuple[float, float]:
        d = left_pt - right_pt
        return math.degrees(math.atan2(float(d @ up), float(d @ left))), math.degrees(TEMPLATE_ALLOWANCE_MM / (float(np.linalg.norm(d)) * k))

    def offset(pt: np.ndarray) -> tuple[float, float]:
        return float((pt - on_axis) @ left) * k, TEMPLATE_ALLOWANCE_MM

    return {
        "eye_line_tilt": tilt(points[PUPIL["left"]], points[PUPIL["right"]]),
        "mouth_tilt": tilt(points[MOUTH_CORNER["left"]], points[MOUTH_CORNER["right"]]),
        "nose_tip_offset": offset(points[NOSE_BASE]),
        "lip_offset": offset(points[list(LIP_MIDLINE)].mean(axis=0)),
        "chin_offset": offset(points[CHIN]),
    }


#: Photo file endings looked for beside a template in a ``--faces`` folder.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


def annotated_faces(folders: list[Path] | None = None) -> list[tuple[Path, Path]]:
    """(photo, template) of every neutral photo that has a template.

    By default the shared London Set photos (``*_03``, the neutral ones); ``folders`` instead takes every template
    (``*.tem``) in each folder that has a photo of the same name beside it.
    """
    pattern, suffixes = ("*_03.tem", (".jpg",)) if folders is None else ("*.tem", PHOTO_SUFFIXES)
    pairs = []
    for folder in folders or (FACES / "annotated", FACES):
        for tem in sorted(folder.glob(pattern)):
            photo = next((p for x in suffixes if (p := tem.with_suffix(x)).is_file()), None)
            if photo is None:
                continue
            try:
                read_template(tem)
            except TemplateError as e:
                print(f"left out: {e}")
                continue
            pairs.append((photo, tem))
    if not pairs:
        sys.exit(f"No annotated photos found under {', '.join(str(f) for f in folders or [FACES])}.")
    return pairs


def deming(x: np.ndarray, y: np.ndarray) -> float:
    """Deming regression slope of y on x with equal error variances."""
    sxx, syy = float(np.var(x)), float(np.var(y))
    sxy = float(np.mean((x - x.mean()) * (y - y.mean())))
    if abs(sxy) < 1e-12:
        return math.nan
    return (syy - sxx + math.sqrt((syy - sxx) ** 2 + 4.0 * sxy**2)) / (2.0 * sxy)


def r_interval(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """90% percentile bootstrap interval of the correlation of x and y, resampling faces (seeded)."""
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(x), size=(BOOTSTRAP_DRAWS, len(x)))
    rs = [np.corrcoef(x[k], y[k])[0, 1] for k in picks if np.ptp(x[k]) > 0 and np.ptp(y[k]) > 0]
    return float(np.percentile(rs, 5)), float(np.percentile(rs, 95))


@dataclass
class Row:
    engine: float | None  # None: withheld
    uncertainty: float
    template: float
    plain: float | None
    corrected: float  # the engine's value after pose correction, shown or not
    raw: float  # before pose correction
    template_reflex: float | None = None  # the template's value read from the corneal reflexes' line (photos as shot)
    sides: tuple[float, float] | None = None  # the engine's left and right (the face model's, around the difference), photos as shot
    template_sides: tuple[float, float] | None = None  # the template's left and right


@dataclass
class AxisRow:
    engine: float  # before the pose correction
    uncertainty: float
    template: float
    allowance: float


@dataclass
class Run:
    """One pass over the annotated photos: each measure's rows, the yaws and the headlines."""

    rows: dict[str, list[Row]]
    axis: dict[str, list[AxisRow]]
    yaws: list[float]
    headlines: Counter[str]
    #: The photos measured, in the rows' order (a photo where no face was found has no row), and their templates' points.
    photos: list[Path] = field(default_factory=list)
    templates: list[np.ndarray] = field(default_factory=list)
    #: Per photo as shot (empty for a changed photo), the image angle (degrees) of the templates' pupil line, the
    #: engine's iris line and the corneal reflexes' line (None where a reflex was not found).
    lines: list[tuple[float, float, float | None]] = field(default_factory=list)
    #: Per photo as shot, the engine's millimetres per pixel over the template's (both from the iris: MediaPipe's and the template's iris points).
    scales: list[float] = field(default_factory=list)


#: A change a real upload may carry, and the sign it gives a left - right difference. The change gives the picture
#: (handed to the engine losslessly, as a PNG) or, for a JPEG, the file itself, as an upload at that quality would be.
Variant = tuple[Callable[[Image.Image], Image.Image | bytes], float]


def _rotated(im: Image.Image) -> Image.Image:
    return im.rotate(6.0, resample=Image.Resampling.BICUBIC)


def _jpeg(quality: int) -> Callable[[Image.Image], bytes]:
    def saved(im: Image.Image) -> bytes:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality)
        return buf.getvalue()

    return saved


def _scaled(f: float) -> Callable[[Image.Image], Image.Image]:
    return lambda im: im.resize((round(im.width * f), round(im.height * f)), Image.Resampling.LANCZOS)


def _enlarged(f: float) -> Callable[[Image.Image], Image.Image]:
    """Made ``f`` times smaller and enlarged back (a digital zoom, a thumbnail saved large): many pixels, little detail."""
    return lambda im: _scaled(f)(im).resize(im.size, Image.Resampling.BICUBIC)


def _toned(im: Image.Image) -> Image.Image:
    """Darker through a steeper tone curve (grey to the power 1.8), as another camera or app may render it."""
    return Image.fromarray((255.0 * (np.asarray(im, dtype=np.float64) / 255.0) ** 1.8).round().astype(np.uint8))


def _noisy(im: Image.Image) -> Image.Image:
    """Sensor noise of SD 8 grey levels (seeded), as in a dim room."""
    a = np.asarray(im, dtype=np.float64) + np.random.default_rng(0).normal(0.0, 8.0, (im.height, im.width, 3))
    return Image.fromarray(np.clip(a, 0, 255).round().astype(np.uint8))


PERTURBATIONS: dict[str, Variant] = {
    "half size": (_scaled(0.5), 1.0),
    "0.3 size": (_scaled(0.3), 1.0),
    "JPEG quality 40": (_jpeg(40), 1.0),
    "JPEG quality 15": (_jpeg(15), 1.0),
    "mirrored": (lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT), -1.0),
    "rotated 6°": (_rotated, 1.0),
    "darker tone curve": (_toned, 1.0),
    "half contrast": (lambda im: ImageEnhance.Contrast(im).enhance(0.5), 1.0),
    "noise SD 8": (_noisy, 1.0),
    "blur 1.5 px": (lambda im: im.filter(ImageFilter.GaussianBlur(1.5)), 1.0),
    "blur 3 px": (lambda im: im.filter(ImageFilter.GaussianBlur(3.0)), 1.0),
    # A phone camera's or app's sharpening: the brow's hairs and every edge stand out more.
    "sharpened": (lambda im: im.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=0)), 1.0),
    "enlarged from 1/5": (_enlarged(0.2), 1.0),
}


def run(faces: list[tuple[Path, Path]], mirror: np.ndarray, variant: Variant | None = None, plain_model: FaceLandmarker | None = None) -> Run:
    """Measure every annotated photo (changed by ``variant`` if given) against its template."""
    out = Run({m: [] for m in PAIRED_IDS}, {m: [] for m in AXIS_IDS}, [], Counter())
    for jpg, tem in faces:
        if variant is None:
            photo = viz.load_photo(jpg)
        else:
            changed = variant[0](Image.open(jpg).convert("RGB"))
            if isinstance(changed, bytes):  # a JPEG: the file, whose compression the engine can read
                photo = viz.load_photo(changed)
            else:
                buf = io.BytesIO()
                changed.save(buf, "PNG")  # lossless: only the change itself is measured
                photo = viz.load_photo(buf.getvalue())
        sign = 1.0 if variant is None else variant[1]
        face = viz.detect_face(photo)
        if face is None:
            print(f"no face: {jpg.name}")
            continue
        report = viz.analyze(face)
        points = read_template(tem)
        truth = template_measures(points)
        by_reflex = None  # the frames are compared on the photos as shot only (print_reflex_frame)
        if variant is None:
            axis = corneal_reflex_axis(np.asarray(Image.open(jpg).convert("L"), dtype=np.float64), points)
            by_reflex = template_measures(points, axis) if axis is not None else None
            out.lines.append(_line_angles(points, report, axis))
            out.scales.append(face.mm_per_px / (IRIS_MM / template_iris_px(points)))
        for mid, (value, allowance) in template_axis_measures(points, mirror).items():
            m = report.measures[mid]
            out.axis[mid].append(AxisRow(sign * (m.value + m.pose_correction), m.uncertainty, value, allowance))
        plain_report = None
        if plain_model is not None:
            plain_face = plain_model.detect(photo)
            plain_report = viz.analyze(plain_face, refine=False) if plain_face is not None else None
        out.photos.append(jpg)
        out.templates.append(points)
        out.yaws.append(face.pose.yaw)
        headline = report.headline()  # what the Analyze page shows as the most noticeable difference
        out.headlines[headline.id if headline is not None else "(none)"] += 1
        for mid in PAIRED_IDS:
            m = report.measures[mid]
            left, right = truth[mid]
            plain = plain_report.measures[mid].value if plain_report is not None else None
            value = sign * m.value
            reflex = None if by_reflex is None else by_reflex[mid][0] - by_reflex[mid][1]
            sides = m.shown_sides(2) if variant is None else None
            corrected = value + sign * m.pose_correction
            out.rows[mid].append(Row(None if m.withheld else value, m.uncertainty, left - right, plain, value, corrected, reflex, sides, (left, right)))
    return out


def _line_angles(points: np.ndarray, report: viz.AsymmetryReport, reflex_axis: np.ndarray | None) -> tuple[float, float, float | None]:
    """Image angles (degrees) of the templates' pupil line, the engine's iris line and the reflexes' line, right eye to left."""
    d = points[PUPIL["left"]] - points[PUPIL["right"]]
    tilt = report.measures["eye_line_tilt"]
    t = math.radians(tilt.value + tilt.pose_correction)  # the iris line's slope in the face frame, as measured
    e = report.frame.left * math.cos(t) + report.frame.up * math.sin(t)
    r = None if reflex_axis is None else math.degrees(math.atan2(reflex_axis[1], reflex_axis[0]))
    return math.degrees(math.atan2(d[1], d[0])), math.degrees(math.atan2(e[1], e[0])), r


def _shown(rs: list[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Template, engine and uncertainty of the rows whose measure was shown."""
    shown = [r for r in rs if r.engine is not None]
    return np.array([r.template for r in shown]), np.array([r.engine for r in shown], dtype=float), np.array([r.uncertainty for r in shown])


def _axis_arrays(ars: list[AxisRow]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Template, engine, uncertainty and template allowance of a measure read from the symmetry axis."""
    t, e = np.array([a.template for a in ars]), np.array([a.engine for a in ars])
    return t, e, np.array([a.uncertainty for a in ars]), np.array([a.allowance for a in ars])


def _within(t: np.ndarray, e: np.ndarray, u: np.ndarray, allowance: float | np.ndarray = TEMPLATE_ALLOWANCE_MM) -> float:
    """The share of faces where the template lies within 2 stated uncertainties plus the template's allowance."""
    return float(np.mean(np.abs(e - t) <= 2.0 * u + allowance))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="also run one plain MediaPipe pass per photo")
    parser.add_argument(
        "--perturb", action="store_true", help="also measure each photo after resizing, JPEG, mirroring, rotation, tone, contrast, noise, blur and sharpening"
    )
    parser.add_argument("--reach", action="store_true", help="also measure the inner brow with its head searched 5-7 mm along the brow")
    parser.add_argument(
        "--faces",
        type=Path,
        action="append",
        metavar="DIR",
        help="compare on the photos in DIR with a 189-point template (.tem beside a .jpg, .jpeg or .png of the same name), not the shared ones",
    )
    args = parser.parse_args()
    silence_native_logs()
    faces = annotated_faces(args.faces)
    mirror = template_mirror([read_template(tem) for _, tem in faces])
    base = run(faces, mirror, plain_model=FaceLandmarker(views=(), flip=False) if args.plain else None)
    yaws = base.yaws

    table = []
    for mid, rs in base.rows.items():
        t, e, u = _shown(rs)
        n = len(t)
        r_e = float(np.corrcoef(t, e)[0, 1]) if n > 2 else math.nan
        low, high = r_interval(t, e) if n > 2 else (math.nan, math.nan)
        plain_cols = ["-", "-", "-"]
        if args.plain:
            pt = np.array([r.template for r in rs])
            pe = np.array([r.plain for r in rs], dtype=float)
            plain_cols = [fmt(float(np.corrcoef(pt, pe)[0, 1])), fmt(deming(pt, pe)), fmt(float(np.mean(np.abs(pe - pt))))]
        yaw_r = "-"
        if mid in ("jaw_width", "cheek_width"):
            y = np.array(yaws)
            corrected = np.array([r.corrected for r in rs])
            raw = np.array([r.raw for r in rs])
            shown_r = fmt(float(np.corrcoef(y[[r.engine is not None for r in rs]], e)[0, 1])) if n > 2 else "withheld"
            yaw_r = f"{shown_r} (raw {np.corrcoef(y, raw)[0, 1]:.2f}, corrected {np.corrcoef(y, corrected)[0, 1]:.2f})"
        table.append(
            [
                mid,
                f"{n}/{len(rs)}",
                fmt(r_e),
                f"{low:.2f}-{high:.2f}" if n > 2 else "-",
                fmt(deming(t, e)) if n > 2 else "-",
                fmt(float(np.mean(np.abs(e - t)))) if n else "-",
                fmt(float(np.median(u))) if n else "-",
                f"{_within(t, e, u):.0%}" if n else "-",
                *plain_cols,
                yaw_r,
                f"{base.headlines.get(mid, 0) / len(yaws):.0%}",
            ]
        )
    print(f"{len(yaws)} annotated neutral photos; engine vs template, differences left - right (mm)")
    print_table(
        "Per measure",
        [
            *("measure", "shown", "r", "r 90% CI", "Deming", "mean|err|", "median u", "within 2u+0.3"),
            *("plain r", "plain Deming", "plain |err|", "r with yaw", "headline"),
        ],
        table,
    )
    others = {k: v for k, v in base.headlines.items() if k not in PAIRED_IDS}
    if others:
        print("Headline otherwise: " + ", ".join(f"{MEASURES[k].label if k in MEASURES else k} {v / len(yaws):.0%}" for k, v in others.items()))
    print(f"Yaw: median {np.median(yaws):+.1f}°, range {min(yaws):+.1f}° to {max(yaws):+.1f}°")

    axis_table = []
    for mid, ars in base.axis.items():
        t, e, u, allow = _axis_arrays(ars)
        low, high = r_interval(t, e)
        unit = "°" if MEASURES[mid].unit == "°" else " mm"
        within = "withheld" if mid in WITHHELD else f"{_within(t, e, u, allow):.0%}"
        r_e, slope = fmt(float(np.corrcoef(t, e)[0, 1])), fmt(deming(t, e))
        axis_table.append([mid, r_e, f"{low:.2f}-{high:.2f}", slope, f"{np.mean(np.abs(e - t)):.2f}{unit}", f"{np.median(u):.2f}{unit}", within])
    print_table(
        f"Read from the symmetry axis (template axis: {int((mirror >= 0).sum())} template points with a mirror partner), before the pose correction",
        ["measure", "r", "r 90% CI", "Deming", "mean|err|", "median u", "within 2u+allowance"],
        axis_table,
    )

    print_reflex_frame(base)
    print_brow_head(base)
    print_brow_above_pupil(base)
    print_brow_tail(base)
    print_sides(base)

    if args.perturb:
        shown_ids = [mid for mid, rs in base.rows.items() if any(r.engine is not None for r in rs)]
        runs = {"as shot": base} | {name: run(faces, mirror, variant) for name, variant in PERTURBATIONS.items()}
        axis_ids = [mid for mid in AXIS_IDS if mid not in WITHHELD]
        rows = []
        for name, r in runs.items():
            cells = [name]
            for mid in shown_ids:
                t, e, u = _shown(r.rows[mid])
                cells.append(f"{np.corrcoef(t, e)[0, 1]:.2f} / {_within(t, e, u):.0%} / {np.median(u):.2f}")
            for mid in axis_ids:
                t, e, u, allow = _axis_arrays(r.axis[mid])
                cells.append(f"{np.corrcoef(t, e)[0, 1]:.2f} / {_within(t, e, u, allow):.0%} / {np.median(u):.2f}")
            rows.append(cells)
        print_table("The same photos changed as an upload may be: r / within 2u+allowance / median u (mm, ° for tilts)", ["photo", *shown_ids, *axis_ids], rows)
        print_moves(base, {name: r for name, r in runs.items() if name != "as shot"}, shown_ids, axis_ids)
    if args.reach:
        print_reach(faces, mirror, base)
    return 0


def print_sides(base: Run) -> None:
    """The left and right values themselves (the face model's, around the difference read from the image) against the templates'.

    Only the difference carries a stated uncertainty; this shows how far the two values around it sit from the
    templates' own, and how much of that is the two scales (both from the iris, in pixels).
    """
    rows = []
    for mid, rs in base.rows.items():
        pairs = [(r.sides, r.template_sides) for r in rs if r.sides is not None and r.template_sides is not None]
        if not pairs:
            continue
        e = np.array([v for s, _ in pairs for v in s])
        t = np.array([v for _, s in pairs for v in s])
        d = e - t
        r = float(np.corrcoef(t, e)[0, 1])
        rows.append([mid, str(len(e)), fmt(float(t.mean())), fmt(float(e.mean())), f"{d.mean():+.2f}", fmt(float(d.std())), fmt(r)])
    if not rows:
        return
    print_table(
        "Left and right themselves (each side's value, mm): template mean, engine mean, engine - template mean and SD, r",
        ["measure", "sides", "template", "engine", "mean diff", "SD", "r"],
        rows,
    )
    if base.scales:
        sc = np.array(base.scales)
        ratio = float(np.median(sc))
        print(f"The engine's millimetres per pixel over the template's: median {ratio:.3f} (SD {sc.std():.3f}); the scale alone: {1 - ratio:.1%} smaller.")


def print_reflex_frame(base: Run) -> None:
    """The templates' own frame against the photo's corneal reflexes, and every height read in either frame.

    A template's heights are read from the line through its two pupil points, placed by hand; a tilt of that line
    moves every height difference by the tilt times the two points' distance apart (at the outer eye corners,
    about 90 mm). Where both corneal reflexes are found (:func:`corneal_reflex_axis`), the heights are read again
    from the reflexes' line, and the engine's iris line is compared with it too.
    """
    found = [k for k, (_, _, reflex) in enumerate(base.lines) if reflex is not None]
    if len(found) < 3:
        print(f"\nCorneal reflexes found on both eyes of {len(found)} photos: too few to compare frames.")
        return
    pupils, engine, reflex = (np.array([base.lines[k][i] for k in found], dtype=float) for i in range(3))
    print(
        f"\nThe templates' frame: both corneal reflexes found on {len(found)} of {len(base.lines)} photos. Against the"
        f" reflexes' line, the templates' pupil line is tilted {np.mean(pupils - reflex):+.2f}° on average (SD"
        f" {np.std(pupils - reflex):.2f}°), the engine's iris line {np.mean(engine - reflex):+.2f}° (SD {np.std(engine - reflex):.2f}°)."
    )
    rows = []
    for mid, rs in base.rows.items():
        picked = [rs[k] for k in found if rs[k].engine is not None]
        if len(picked) < 3:
            continue
        e = np.array([r.engine for r in picked], dtype=float)
        u = np.array([r.uncertainty for r in picked])
        cells = [mid]
        for t in (np.array([r.template for r in picked]), np.array([r.template_reflex for r in picked], dtype=float)):
            cells += [fmt(float(np.corrcoef(t, e)[0, 1])), fmt(deming(t, e)), f"{_within(t, e, u):.0%}"]
        rows.append(cells)
    print_table(
        "Template heights read from their pupil points (as above) and from the corneal reflexes: r / Deming / within 2u+0.3",
        ["measure", "r pupils", "Deming", "within", "r reflexes", "Deming", "within"],
        rows,
    )


def print_brow_head(base: Run) -> None:
    """The inner brow against three points of the templates' brow head: its top (the measure's definition), its lower corner, their middle.

    The engine registers the whole head, a patch 12 mm wide and 11 mm tall, so it follows the head as a block;
    where a template's top point sits higher or lower on the head than on the other side, only that point moves.
    """
    mid = "brow_inner_height"
    picked = [(points, r) for points, r in zip(base.templates, base.rows[mid], strict=True) if r.engine is not None]
    uvs = [template_uv(points) for points, _ in picked]
    low = np.array([uv[BROW_LOWER_INNER["left"], 1] - uv[BROW_LOWER_INNER["right"], 1] for uv in uvs])
    _print_follows(mid, [r for _, r in picked], low, ("top", "lower corner", "brow head"), "point")


def print_brow_tail(base: Run) -> None:
    """The brow tail against the templates' upper contour (the measure's definition), their lower contour and the middle.

    Both contours are read at each side's template eye corner. The engine registers the brow band (a patch 12 mm wide
    and 10 mm tall, centred between the mesh's upper and lower contours), so it follows the band as a block; where one
    tail is thicker than the other, its upper edge and the band's middle move apart.
    """
    _print_contours(base, "brow_tail_height", EYE_OUTER, "brow tail")


def print_brow_above_pupil(base: Run) -> None:
    """The brow above the pupil against the templates' upper contour (the definition), their lower contour and the middle.

    Both contours are read at each side's template pupil. Where the within-share falls short of what the stated
    uncertainty promises, the three readings' own errors tell the engine's apart from the templates'.
    """
    _print_contours(base, "brow_height", PUPIL, "brow")


def _print_contours(base: Run, mid: str, at: dict[str, int], feature: str) -> None:
    """:func:`_print_follows` for a brow measure read on the templates' upper contour, its lower contour read at the same point ``at``."""
    picked = [(points, r) for points, r in zip(base.templates, base.rows[mid], strict=True) if r.engine is not None]
    heights = []
    for points, _ in picked:
        uv = template_uv(points)
        heights.append([_contour_v(uv, BROW_LOWER[s], float(uv[at[s], 0])) for s in ("left", "right")])
    low = np.array([left - right for left, right in heights]) if heights else np.zeros(0)
    _print_follows(mid, [r for _, r in picked], low, ("upper contour", "lower contour", feature), "line")


def _print_follows(mid: str, rows_: list[Row], low: np.ndarray, names: tuple[str, str, str], what: str) -> None:
    """How the engine's reading of ``mid`` agrees with the template's definition, with a second template reading ``low`` and with their middle.

    Then, taking the three (definition, ``low``, engine) as one height difference plus each one's own error, the
    highest r any reading without error of its own could reach against the definition (:func:`_ceiling`), with its
    90% bootstrap interval, and each reading's own error. ``names``: the definition's, ``low``'s and the feature's.
    """
    if len(rows_) < 3:
        return
    e = np.array([r.engine for r in rows_], dtype=float)
    u = np.array([r.uncertainty for r in rows_])
    top = np.array([r.template for r in rows_])
    table = []
    for name, t in ((f"{names[0]} (as above)", top), (names[1], low), ("middle of the two", (top + low) / 2.0)):
        low_r, high_r = r_interval(t, e)
        r_t = fmt(float(np.corrcoef(t, e)[0, 1]))
        table.append([name, r_t, f"{low_r:.2f}-{high_r:.2f}", fmt(deming(t, e)), f"{_within(t, e, u):.0%}", fmt(float(np.std(t)))])
    print_table(
        f"{MEASURES[mid].noun.capitalize()} against the templates' {names[2]}: which of its {what}s the engine's reading follows",
        [f"template {what}", "r", "r 90% CI", "Deming", "within 2u+0.3", "template SD"],
        table,
    )
    reliability = _reliabilities(top, low, e)
    ceiling = _ceiling(reliability[0])
    c_low, c_high = _ceiling_interval(top, low, e)
    readings = {names[0]: top, names[1]: low, "engine": e}
    own = {name: math.sqrt(max(1.0 - rel, 0.0)) * float(np.std(x)) for (name, x), rel in zip(readings.items(), reliability, strict=True)}
    print(
        f"The templates' {names[0]} and {names[1]} agree with each other at r {np.corrcoef(top, low)[0, 1]:.2f}. Taking the"
        f" three readings ({names[0]}, {names[1]}, engine) as one {names[2]}'s height difference plus each one's own error,"
        f" the {names[0]}'s difference is {reliability[0]:.0%} that common part, so a reading without any error of its own"
        f" would agree with it at r {ceiling:.2f} (90% interval {c_low:.2f}-{c_high:.2f}). Each reading's own error (SD,"
        f" mm): the {names[0]} {own[names[0]]:.2f}, the {names[1]} {own[names[1]]:.2f}, the engine {own['engine']:.2f},"
        f" where the engine states {float(np.sqrt(np.mean(u**2))):.2f} (RMS; median {float(np.median(u)):.2f}) and the"
        f" comparison allows the template {TEMPLATE_ALLOWANCE_MM:.1f}."
    )


def _reliabilities(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[float, float, float]:
    """Each of three readings' reliability (the share of its variance that is what the three share), from their correlations.

    Three readings of one quantity, each scaled its own way and with its own independent error, give each one's
    reliability as the product of its two correlations over the third: ``r(a, b) * r(a, c) / r(b, c)`` for ``a``.
    """
    r = np.corrcoef(np.stack([a, b, c]))
    ab, ac, bc = float(r[0, 1]), float(r[0, 2]), float(r[1, 2])
    return ab * ac / bc, ab * bc / ac, ac * bc / ab


def _ceiling(reliability: float) -> float:
    """The r a reading without error of its own reaches against a reading of the given reliability (its square root)."""
    return math.sqrt(min(max(reliability, 0.0), 1.0)) if math.isfinite(reliability) else math.nan


def _ceiling_interval(top: np.ndarray, low: np.ndarray, engine: np.ndarray) -> tuple[float, float]:
    """The 90% bootstrap interval of the highest r any reading could reach against the templates' definition ``top``.

    Each draw's ceiling is :func:`_ceiling` of the top's reliability (:func:`_reliabilities`) over the faces drawn.
    """
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(top), size=(BOOTSTRAP_DRAWS, len(top)))
    with np.errstate(all="ignore"):
        draws = [d for k in picks if not math.isnan(d := _ceiling(_reliabilities(top[k], low[k], engine[k])[0]))]
    return float(np.percentile(draws, 5)), float(np.percentile(draws, 95))


#: Search reaches along the brow (mm) that ``--reach`` tries for the brow head's match.
REACHES_MM = (5.0, 5.5, 6.0, 6.5, 7.0)


def print_reach(faces: list[tuple[Path, Path]], mirror: np.ndarray, base: Run) -> None:
    """The inner brow's agreement with the templates with its head searched each of :data:`REACHES_MM` along the brow.

    The engine's patch is swapped for one with another reach while each run lasts, then put back. The faces whose
    reading moves most between the reaches are listed with their readings.
    """
    mid = "brow_inner_height"
    shipped = viz.asymmetry.BROW_HEAD_ACROSS
    readings = {}
    try:
        for reach in REACHES_MM:
            viz.asymmetry.BROW_HEAD_ACROSS = replace(shipped, search_u_mm=reach)
            readings[reach] = run(faces, mirror) if reach != shipped.search_u_mm else base
    finally:
        viz.asymmetry.BROW_HEAD_ACROSS = shipped
    rows = []
    for reach, r in readings.items():
        t, e, u = _shown(r.rows[mid])
        label = f"{reach:.1f}" + (" (shipped)" if reach == shipped.search_u_mm else "")
        rows.append([label, fmt(float(np.corrcoef(t, e)[0, 1])), fmt(deming(t, e)), f"{_within(t, e, u):.0%}"])
    print_table("The inner brow with its head searched further or less far along the brow (mm)", ["reach", "r", "Deming", "within 2u+0.3"], rows)
    values = np.array([[np.nan if row.engine is None else row.engine for row in r.rows[mid]] for r in readings.values()])
    moved = np.nanmax(values, axis=0) - np.nanmin(values, axis=0)
    template = [row.template for row in base.rows[mid]]
    for k in np.argsort(-moved)[:4]:
        shown = " ".join(f"{v:+.2f}" for v in values[:, k])
        print(f"  {base.photos[k].name}: template {template[k]:+.2f}, read {shown} mm (one per reach)")


def print_moves(base: Run, changed: dict[str, Run], shown_ids: list[str], axis_ids: list[str]) -> None:
    """How far each change moves each measure from the photo as shot (RMS over the faces), and the largest move.

    A mirrored photo is sign-corrected, so there it is the departure from the exact opposite difference. A second
    table gives the moves in units of the uncertainty stated for the photo as shot: a change an upload may carry
    should seldom move a measure beyond 2 of them.
    """

    def values(r: Run, mid: str) -> dict[Path, float]:
        if mid in r.rows:
            return dict(zip(r.photos, (row.raw for row in r.rows[mid]), strict=True))
        return dict(zip(r.photos, (a.engine for a in r.axis[mid]), strict=True))

    def stated(mid: str) -> dict[Path, float]:
        kept = base.rows[mid] if mid in base.rows else base.axis[mid]
        return dict(zip(base.photos, (row.uncertainty for row in kept), strict=True))

    rows, in_u = [], []
    for name, r in changed.items():
        cells, cells_u = [name], [name]
        for mid in [*shown_ids, *axis_ids]:
            before, after, u = values(base, mid), values(r, mid), stated(mid)
            both = [p for p in base.photos if p in after]  # a change may lose a face the photo as shot had
            d = np.array([after[p] - before[p] for p in both])
            worst = int(np.argmax(np.abs(d)))
            cells.append(f"{np.sqrt(np.mean(d**2)):.2f} (max {abs(d[worst]):.2f}, {both[worst].stem})")
            k = np.abs(d) / np.array([u[p] for p in both])
            cells_u.append(f"{np.mean(k > 2.0):.0%} (max {k.max():.1f})")
        rows.append(cells)
        in_u.append(cells_u)
    print_table("How far each change moves a measure from the photo as shot: RMS over the faces (largest, its photo)", ["photo", *shown_ids, *axis_ids], rows)
    print()
    print_table(
        "The same moves against the uncertainty stated for the photo as shot: the share of faces moved beyond 2 of it (largest move, in it)",
        ["photo", *shown_ids, *axis_ids],
        in_u,
    )


if __name__ == "__main__":
    sys.exit(main())
