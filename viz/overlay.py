"""The overlay drawn into the photo: the first page's picture, the CLI's ``--overlay`` and the exports.

The layers are those of the interactive chart (:func:`viz.figures.overlay_figure`), in the same order
and under the same names (:data:`viz.vocabulary.LAYERS`): regional heat, paired connectors, the
symmetry axis, level lines and a marker where each measure is read. Any of them can be left out.

Connector colours follow a colour-blind-safe sequential scale (cividis) from 0 mm to
:data:`SCALE_MAX_MM`; a line that would vanish into the skin under it sits on a thin casing that contrasts with its
colour (:func:`connector_casings`), so that it shows on any skin; a legend in millimetres is drawn in the corner and the subject's left and
right are named in the top corners on their own sides of the picture.

Text is set in DejaVu Sans, which matplotlib (a MediaPipe dependency) ships: Pillow's built-in
font has no "≥", "±" or "−" and draws them as boxes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from viz import anatomy
from viz.anatomy import LEFT, RIGHT
from viz.asymmetry import AsymmetryReport
from viz.errors import ArgumentError
from viz.evidence import contour_v
from viz.landmarks import Face
from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY, LAYERS, MIRRORED_NOTE

__all__ = [
    "CASING_OPACITY",
    "COLOURED_LAYERS",
    "CONNECTOR_STEP",
    "CREATION_TIME",
    "DEFAULT_LAYERS",
    "FACE_MARGINS",
    "FACE_PICTURE_SIDE",
    "FONT_BOLD_PATH",
    "FONT_PATH",
    "GRAPHIC_CONTRAST",
    "LEVEL_COLOUR",
    "LEVEL_LINES",
    "OVERLAY_DESCRIPTION",
    "OVERLAY_FOOTER",
    "PLACE_MM",
    "SAFETY_FOOTER",
    "SCALE_MAX_MM",
    "TEXT_SHARE",
    "MeasurePlace",
    "asymmetry_colour",
    "casing_colour",
    "connector_casings",
    "contrast",
    "crop",
    "face_box",
    "face_overlay_png",
    "fitting_size",
    "label_font",
    "measure_anchors",
    "measure_places",
    "overlay_png",
    "png_text",
    "render_overlay",
    "side_labels",
    "text_band",
    "text_size",
    "under",
    "wrap_text",
]

#: Pair asymmetry (half-distance to the mirrored partner) at the top of the colour scale, mm.
SCALE_MAX_MM = 3.0

# cividis at 0, 0.25, 0.5, 0.75, 1 (Nuñez, Anderton & Renslow 2018, PLoS ONE; colour-vision-deficiency safe)
_CIVIDIS = np.array([[0, 34, 78], [61, 78, 108], [124, 123, 120], [188, 175, 111], [255, 234, 70]], dtype=float)

#: Colour of the level lines (RGB): magenta stays at least 19 CIEDE2000 units from every cividis colour under simulated
#: protanopia, deuteranopia and tritanopia (orange came within 8 of the 2 mm colour under deuteranopia;
#: tests/test_colour_vision.py).
LEVEL_COLOUR: tuple[int, int, int] = (255, 0, 255)

#: The level lines: (name, the measure that says how far from level it is). Each joins that measure's two anchors
#: (:func:`measure_anchors`), where the measure is read and its markers sit.
LEVEL_LINES: tuple[tuple[str, str], ...] = (
    ("brows", "brow_height"),
    ("eyes", "eye_line_tilt"),
    ("mouth corners", "mouth_tilt"),
)
#: Measures read closer together than this in the face, millimetres, share one marker that names each of them
#: (:func:`measure_places`). The mouth tilt and the mouth-corner drop are read at the same corners and the eye opening
#: (the upper lid above the pupil) about 5 mm from the eye-line tilt's iris centre: one diamond drawn on another hid it,
#: in this picture and in the interactive chart's hover, which showed only the top one. Unlike features are 10 mm apart
#: or more (the upper lid and the brow above it, about 15 mm).
PLACE_MM = 7.0
#: The layers drawn unless others are asked for: the exports' and the CLI's picture (the page offers all of :data:`viz.vocabulary.LAYERS`).
DEFAULT_LAYERS: tuple[str, ...] = ("connectors", "axis", "levels")
#: Every third mirror pair is joined, so the picture stays readable (here and in the interactive chart).
CONNECTOR_STEP = 3
#: Opacity of the casing drawn under a connector that needs one (:func:`connector_casings`). The connectors alone, at
#: 59% opacity, stood 1.2:1 from dark skin (the median edge of the navy, small-asymmetry lines on frl_london_061_03;
#: 1.8:1 on frl_london_006_03): a tester could not see them. A white casing at 60% stands 5.0:1 and 3.5:1 from those
#: skins (medians), above WCAG 2.1's 3:1 for graphics (SC 1.4.11; tests/test_overlay.py), and lets the skin show
#: through; at 70% the navy between its two light edges read as grey-blue from a step away.
CASING_OPACITY = 0.6
#: The layers coloured on the asymmetry scale: a picture with any of them carries the colour legend.
COLOURED_LAYERS: frozenset[str] = frozenset({"heat", "connectors", "measures"})
#: Room around the face's landmark box, as shares of its width and height: (sides, above, below).
FACE_MARGINS: tuple[float, float, float] = (0.2, 0.3, 0.12)
#: Long side of the face's overlay as the first page shows it (sharp at the width of its column on a wide screen) and as
#: its PNG download and ``--overlay`` write it, pixels: a smaller face is brought to it before the marks are drawn.
FACE_PICTURE_SIDE = 900
#: The words drawn into the overlay (the side labels and the colour legend's), pixels per pixel of the picture's width:
#: 12 CSS px where a phone shows the first page's picture (778 px wide) in its 356 px column. At a fifty-fifth of the
#: long side they were about 7 CSS px there, too small to read.
TEXT_SHARE = 12 / 356
#: The line under a saved overlay.
OVERLAY_FOOTER = "MirrorMap — educational, not medical advice. The numbers describe a photo, not a diagnosis."
#: Under every picture MirrorMap saves, as on every page: who cosmetic toxin is for, and what a sudden droop is.
SAFETY_FOOTER = f"{ADULTS_ONLY} {EMERGENCY}"
#: The PNG standard's keyword for the time a picture was made: every PNG MirrorMap saves gives in it the day it was
#: made (ISO 8601, ``2026-12-07``), the day only: no time of day travels with a file.
CREATION_TIME = "Creation Time"
#: What a saved overlay is, in its ``Description`` text chunk.
OVERLAY_DESCRIPTION = f"MirrorMap overlay: the face with its left-right differences drawn on it, in millimetres. {EDUCATIONAL}"


def _matplotlib_font(name: str) -> Path | None:
    spec = importlib.util.find_spec("matplotlib")  # located, not imported: importing matplotlib costs ~0.2 s
    roots = list(spec.submodule_search_locations or ()) if spec is not None else []
    paths = [Path(root) / "mpl-data" / "fonts" / "ttf" / name for root in roots]
    return next((path for path in paths if path.is_file()), None)


#: DejaVu Sans regular and bold (Bitstream Vera licence), from matplotlib's data folder; ``None`` if absent.
FONT_PATH: Path | None = _matplotlib_font("DejaVuSans.ttf")
FONT_BOLD_PATH: Path | None = _matplotlib_font("DejaVuSans-Bold.ttf")


def label_font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font for text burnt into images: DejaVu Sans at ``size`` pixels (Pillow's own font if it is missing).

    A new font object per call: a FreeType face is not shared between threads.
    """
    path = FONT_BOLD_PATH if bold and FONT_BOLD_PATH is not None else FONT_PATH
    try:
        if path is not None:
            return ImageFont.truetype(str(path), size)
        return ImageFont.load_default(size=size)
    except (OSError, TypeError, ImportError):  # pragma: no cover - Pillow built without FreeType
        return ImageFont.load_default()


def fitting_size(text: str, size: int, width: float, *, bold: bool = False, smallest: int = 8) -> int:
    """``size``, or the largest font size under it at which ``text`` in :func:`label_font` is at most ``width`` pixels
    wide on one line (not under ``smallest``: a picture too narrow for the words then gets them at that size).

    For a mark across a picture that must stay one line: Preview's "PHOTO" / "SIMULATION" banner, the consult PDF's band.

    >>> text = "SIMULATION - not a prediction"
    >>> size = fitting_size(text, 40, 200, bold=True)
    >>> label_font(size, bold=True).getlength(text) <= 200 < label_font(size + 1, bold=True).getlength(text)
    True
    """
    while size > smallest and label_font(size, bold=bold).getlength(text) > width:
        size -= 1
    return size


def wrap_text(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float) -> list[str]:
    """``text`` broken at its spaces into lines at most ``width`` pixels long in ``font``, in reading order.

    Joined by single spaces the lines are ``text`` again (runs of spaces read as one): no word is dropped or
    cut at the edge. The last line never holds one word alone where the line above can give it one of its
    own (and keep two). A word longer than a line on its own (none in the catalogue's names at the sizes the
    pictures use) is split between letters over as many lines as it takes, rather than cut.

    Parameters
    ----------
    text : str
    font : FreeTypeFont or ImageFont
        The font the lines are drawn in (:func:`label_font`).
    width : float
        Room for a line, pixels.

    Returns
    -------
    list of str
        Empty for a text with no words.

    Examples
    --------
    >>> font = label_font(20)
    >>> lines = wrap_text("Plan: Jaw muscle, left side, light; Chin muscle, both sides, strong.", font, 300)
    >>> " ".join(lines) == "Plan: Jaw muscle, left side, light; Chin muscle, both sides, strong.", len(lines) > 1
    (True, True)
    >>> all(font.getlength(line) <= 300 for line in lines)
    True
    >>> wrap_text("one two three four", font, font.getlength("one two three"))
    ['one two', 'three four']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if font.getlength(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and font.getlength(word) > width:  # longer than a line: split it, keeping at least a letter
            cut = max([k for k in range(1, len(word)) if font.getlength(word[:k]) <= width], default=1)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if len(lines) > 1 and " " not in lines[-1] and lines[-2].count(" ") > 1:  # no word left alone on the last line
        head, moved = lines[-2].rsplit(" ", 1)
        if font.getlength(f"{moved} {lines[-1]}") <= width:
            lines[-2:] = [head, f"{moved} {lines[-1]}"]
    return lines


def text_band(
    paragraphs: str | Sequence[str], width: int, size: int, *, ink: tuple[int, int, int] = (20, 20, 20), paper: tuple[int, int, int] = (255, 255, 255)
) -> Image.Image:
    """A strip ``width`` pixels wide holding ``paragraphs`` in a ``size``-pixel font, each wrapped at its spaces
    (:func:`wrap_text`) and started on a line of its own: the strip grows to hold them, so no word is cut off or
    shrunk to fit (the saved overlay's one line shrank to fit a narrow face crop).

    Examples
    --------
    >>> strip = text_band(["MirrorMap - educational, not medical advice.", "A second paragraph."], 200, 14)
    >>> strip.width, strip.height > 3 * 14
    (200, True)
    """
    font = label_font(size)
    margin = max(6, size // 2)
    paragraphs = (paragraphs,) if isinstance(paragraphs, str) else paragraphs  # one paragraph, not one a letter
    lines = [line for text in paragraphs for line in wrap_text(text, font, width - 2 * margin)]
    step = round(size * 1.45)
    strip = Image.new("RGB", (width, step * len(lines) + 2 * margin - (step - size)), paper)
    draw = ImageDraw.Draw(strip)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * step), line, font=font, fill=ink)
    return strip


def under(img: Image.Image, strip: Image.Image) -> Image.Image:
    """``img`` with ``strip`` (as wide) pasted below it."""
    sheet = Image.new("RGB", (img.width, img.height + strip.height))
    sheet.paste(img, (0, 0))
    sheet.paste(strip, (0, img.height))
    return sheet


def side_labels(image_left_is_subject_left: bool) -> tuple[str, str]:
    """The words for the image's left and right edges: ``("subject's right", "subject's left")`` for an unmirrored photo."""
    return ("subject's left", "subject's right") if image_left_is_subject_left else ("subject's right", "subject's left")


def text_size(width: int) -> int:
    """The size of the words drawn into an overlay ``width`` pixels wide, pixels: :data:`TEXT_SHARE` of it, 12 at least.

    Examples
    --------
    >>> text_size(778), text_size(200)
    (26, 12)
    """
    return max(12, round(width * TEXT_SHARE))


def asymmetry_colour(mm: float) -> tuple[int, int, int]:
    """RGB colour of an asymmetry in mm on the cividis scale (0 -> dark blue, >= 3 mm -> yellow)."""
    t = float(np.clip(mm / SCALE_MAX_MM, 0.0, 1.0)) * (len(_CIVIDIS) - 1)
    i = min(int(t), len(_CIVIDIS) - 2)
    c = _CIVIDIS[i] + (t - i) * (_CIVIDIS[i + 1] - _CIVIDIS[i])
    return (int(c[0]), int(c[1]), int(c[2]))


def _relative_luminance(rgb: Sequence[int]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ np.array([0.2126, 0.7152, 0.0722]))


def casing_colour(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The casing drawn under a line of ``colour``, as maps case their roads: white or black, whichever stands further
    from ``colour`` in WCAG contrast (white under the dark end of the scale, black under the light end).

    Either the line or its casing then stands out on any skin: a dark line on pale skin, its light casing on dark skin.

    Examples
    --------
    >>> casing_colour(asymmetry_colour(0.0)), casing_colour(asymmetry_colour(SCALE_MAX_MM))
    ((255, 255, 255), (0, 0, 0))
    """
    lum = _relative_luminance(colour)
    return (255, 255, 255) if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 else (0, 0, 0)


#: WCAG 2.1's contrast for graphics (SC 1.4.11): a connector standing this far from the skin under it needs no casing.
GRAPHIC_CONTRAST = 3.0


def contrast(a: Sequence[float], b: Sequence[float]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours, from 1 (alike) to 21 (black on white).

    Examples
    --------
    >>> round(contrast((0, 0, 0), (255, 255, 255)), 1), contrast((9, 9, 9), (9, 9, 9))
    (21.0, 1.0)
    """
    la, lb = _relative_luminance([int(v) for v in a]), _relative_luminance([int(v) for v in b])
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def connector_casings(report: AsymmetryReport, pairs: Sequence[tuple[int, int]], colours: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int] | None]:
    """Each connector's casing (:func:`casing_colour`), or ``None`` where its colour already stands
    :data:`GRAPHIC_CONTRAST` from the photo under it (the median along the line, nine points from end to end).

    Only a line that would vanish is cased: cased everywhere, the navy of a small asymmetry between two light edges read
    as grey-blue on dark skin and as white in the PDF's smaller copy, where the legend has no white.
    """
    photo = report.face.photo
    rgb = np.asarray(photo.rgb)
    xy = report.face.xy_px / photo.scale  # the working image's pixels
    t = np.linspace(0.0, 1.0, 9)[:, None]
    out: list[tuple[int, int, int] | None] = []
    for (li, ri), colour in zip(pairs, colours, strict=True):
        pts = xy[li] + t * (xy[ri] - xy[li])
        cols = np.clip(pts[:, 0].astype(int), 0, rgb.shape[1] - 1)
        rows = np.clip(pts[:, 1].astype(int), 0, rgb.shape[0] - 1)
        under = np.median(rgb[rows, cols, :3].astype(np.float64), axis=0)
        out.append(None if contrast(colour, under) >= GRAPHIC_CONTRAST else casing_colour(colour))
    return out


def face_box(face: Face, margins: tuple[float, float, float] = FACE_MARGINS, shape: tuple[int, ...] | None = None) -> tuple[int, int, int, int]:
    """A box ``(x0, y0, x1, y1)`` in working-image pixels around a face, with room above the brows and below the chin.

    ``margins`` are shares of the landmark box's width at each side and of its height above and below; the box is
    kept inside an image of ``shape`` (the face's photo by default), and is that whole image if nothing of the face
    is left in it.
    """
    h, w = (int(v) for v in (shape if shape is not None else face.photo.rgb.shape)[:2])
    s = face.photo.scale
    x0, y0, x1, y1 = (v / s for v in face.bbox)
    bw, bh = x1 - x0, y1 - y0
    side, above, below = margins
    box = (max(0, int(x0 - side * bw)), max(0, int(y0 - above * bh)), min(w, int(np.ceil(x1 + side * bw))), min(h, int(np.ceil(y1 + below * bh))))
    return box if box[2] > box[0] and box[3] > box[1] else (0, 0, w, h)


def crop(rgb: npt.NDArray[np.uint8], box: tuple[int, int, int, int], max_side: int, *, enlarge: bool = False) -> Image.Image:
    """The box of an image, reduced to ``max_side`` pixels at most on its long side.

    ``enlarge``: a smaller box is brought up to ``max_side`` too, for a picture that words or arrows are drawn on
    next: they are then drawn at the size they are shown, not enlarged with a small face by the screen.
    """
    x0, y0, x1, y1 = box
    img = Image.fromarray(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    k = max_side / max(img.size)
    if k < 1 or (enlarge and k > 1):
        resample = Image.Resampling.LANCZOS if k < 1 else Image.Resampling.BICUBIC
        return img.resize((max(1, round(img.width * k)), max(1, round(img.height * k))), resample)
    return img


def measure_anchors(mid: str, xy: npt.NDArray[np.float64], across: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Points ``(k, 2)`` where a measure is read and its marker sits, in the coordinates of ``xy`` (the landmarks).

    ``across`` is the face's horizontal in those coordinates (:attr:`viz.asymmetry.FaceFrame.left`): the brow heights
    and the eye opening are read on a contour straight above the pupil or the outer eye corner in the face's frame
    (``viz.asymmetry``), between the mesh's points. The brow's third upper point, where the marker sat, lies 6-8 mm
    outside the pupil, and its first, the tail's marker, about 10 mm beyond the outer corner, on skin below the brow's
    end: a tester checking the brow above the pupil looked at the wrong place.
    """
    if mid == "brow_inner_height":  # the top of the brow head: the medial end of the brow's upper contour
        idx = [LEFT.brow_upper[-1], RIGHT.brow_upper[-1]]
    elif mid == "brow_height":
        return np.array([_above(xy, s.brow_upper, s.iris_centre, across) for s in (LEFT, RIGHT)])
    elif mid == "brow_tail_height":
        return np.array([_above(xy, s.brow_upper, s.eye_outer, across) for s in (LEFT, RIGHT)])
    elif mid == "eye_opening":  # the upper lid's margin above the pupil
        return np.array([_above(xy, s.lid_upper, s.iris_centre, across) for s in (LEFT, RIGHT)])
    elif mid in ("mouth_corner_drop", "mouth_tilt"):
        idx = [LEFT.mouth_corner, RIGHT.mouth_corner]
    elif mid == "cheek_width":
        idx = [LEFT.cheek, RIGHT.cheek]
    elif mid == "jaw_width":
        return np.array([xy[list(LEFT.jaw)].mean(axis=0), xy[list(RIGHT.jaw)].mean(axis=0)])
    elif mid == "nose_tip_offset":
        idx = [anatomy.NOSE_TIP]
    elif mid == "lip_offset":
        return np.array([xy[list(anatomy.LIP_MIDLINE)].mean(axis=0)])
    elif mid == "chin_offset":
        idx = [anatomy.CHIN]
    elif mid == "eye_line_tilt":
        idx = [LEFT.iris_centre, RIGHT.iris_centre]
    else:
        raise ArgumentError(f"Unknown measure {mid!r}.")
    return np.asarray(xy[idx], dtype=np.float64)


def _above(xy: npt.NDArray[np.float64], contour: tuple[int, ...], at: int, across: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The point of ``contour`` (landmark indices) straight above or below landmark ``at`` in the face's frame, whose
    horizontal is ``across``: the contour read between its points as the measures read it (:func:`contour_v`)."""
    u = np.asarray(across, dtype=np.float64)
    u = u / np.linalg.norm(u)
    v = np.array([-u[1], u[0]])
    rel = np.asarray(xy, dtype=np.float64) - xy[at]
    local = np.stack([rel @ u, rel @ v], axis=1)
    return np.asarray(xy[at] + contour_v(local, contour, 0.0) * v, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class MeasurePlace:
    """One marker of the "Measures" layer: where it sits and every measure read there.

    Attributes
    ----------
    xy : (2,) ndarray of float64
        The marker's place: the mean of its anchors, in the coordinates the places were made in.
    ids : tuple of str
        The measures read there, most noticeable first (each once).
    anchors : (k, 2) ndarray of float64
        The anchors (:func:`measure_anchors`) the place holds, one a row.
    """

    xy: npt.NDArray[np.float64]
    ids: tuple[str, ...]
    anchors: npt.NDArray[np.float64]


def measure_places(report: AsymmetryReport, xy: npt.NDArray[np.float64], mm_per_unit: float) -> list[MeasurePlace]:
    """The markers of the "Measures" layer: each measure read from the photo at its anchors, anchors less than
    :data:`PLACE_MM` apart joined into one place.

    Parameters
    ----------
    report : AsymmetryReport
    xy : (478, 2) ndarray of float64
        The landmarks in the picture's coordinates.
    mm_per_unit : float
        Millimetres in the face per unit of ``xy`` (``report.frame.mm_per_px`` over the scale from the face's pixels).

    Returns
    -------
    list of MeasurePlace
        In the order their first measure comes in :meth:`AsymmetryReport.sorted_measures`; a withheld measure (not read
        from this photo) has none.
    """
    reach = PLACE_MM / mm_per_unit
    members: list[tuple[list[str], list[npt.NDArray[np.float64]]]] = []
    for m in report.sorted_measures():
        if m.withheld is not None:
            continue
        for point in measure_anchors(m.id, xy, report.frame.left):
            near = next((i for i, (_, pts) in enumerate(members) if min(float(np.linalg.norm(point - p)) for p in pts) < reach), None)
            if near is None:
                members.append(([m.id], [point]))
            else:
                ids, pts = members[near]
                pts.append(point)
                if m.id not in ids:
                    ids.append(m.id)
    return [MeasurePlace(np.mean(pts, axis=0), tuple(ids), np.array(pts)) for ids, pts in members]


def render_overlay(
    report: AsymmetryReport,
    *,
    max_side: int = 1600,
    box: tuple[int, int, int, int] | None = None,
    layers: Collection[str] = DEFAULT_LAYERS,
    min_side: int = 0,
) -> npt.NDArray[np.uint8]:
    """Draw the analysis on a copy of the photo.

    Parameters
    ----------
    report : AsymmetryReport
    max_side : int, optional
        Long side of the returned image at most, pixels.
    box : tuple of int, optional
        ``(x0, y0, x1, y1)`` in working-image pixels (``photo.rgb``): draw on this part of the photo
        only, e.g. the face with a margin; the side labels and legend stay inside it.
    layers : collection of str, optional
        Which of :data:`LAYERS` to draw.
    min_side : int, optional
        Long side at least (up to ``max_side``): a smaller picture (or box) is enlarged to it before drawing, for a
        picture shown at that size. A small face's marks and labels are then drawn at the size they are seen, not
        enlarged with the face by the screen (they would cover it). By default a smaller picture keeps its size.

    Returns
    -------
    (H, W, 3) ndarray of uint8

    Raises
    ------
    viz.errors.ArgumentError
        If ``box`` is empty or leaves the photo, or a layer is unknown.
    """
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        raise ArgumentError(f"Unknown overlay layer(s) {', '.join(map(repr, unknown))}; known: {', '.join(LAYERS)}.")
    photo = report.face.photo
    rgb = np.asarray(photo.rgb)
    x0, y0 = 0, 0
    if box is not None:
        x0, y0, x1, y1 = (int(v) for v in box)
        if not (0 <= x0 < x1 <= rgb.shape[1] and 0 <= y0 < y1 <= rgb.shape[0]):
            raise ArgumentError(f"box must lie inside the {rgb.shape[1]}x{rgb.shape[0]} photo and not be empty, not {box!r}")
        rgb = rgb[y0:y1, x0:x1]
    img = Image.fromarray(np.ascontiguousarray(rgb))
    k = min(max_side / max(img.size), max(1.0, min_side / max(img.size)))
    if k != 1.0:
        resample = Image.Resampling.BILINEAR if k < 1.0 else Image.Resampling.BICUBIC
        img = img.resize((round(img.size[0] * k), round(img.size[1] * k)), resample)
    shift = np.array([x0, y0], dtype=np.float64) * photo.scale  # the box's corner, original-photo px
    to_img = k / photo.scale  # original-photo px -> overlay px
    draw = ImageDraw.Draw(img, "RGBA")
    xy = (report.face.xy_px - shift) * to_img
    width = max(1, round(max(img.size) / 500))
    frame = report.frame

    size = max(img.size)
    if "heat" in layers:
        _heat(img, report, xy)
        draw = ImageDraw.Draw(img, "RGBA")
    if "connectors" in layers:  # paired connectors, coloured by each pair's asymmetry
        # the navy of a small asymmetry vanished on dark skin (1.2:1): a line that would vanish is cased
        # (:func:`connector_casings`), every line drawn opaque, in the legend's colour; each line right after its own
        # casing, which parts it from the lines under it (all casings first merged the close lines round the eyes into one
        # navy block)
        pairs = sorted(anatomy.MESH_PAIRS)[::CONNECTOR_STEP]
        colours = [asymmetry_colour(float(report.pair_asymmetry_mm[li])) for li, _ in pairs]
        # the line a pixel wider than the others' so its colour, not its casing, is what is seen (at the others' width the
        # white-cased navy read as white lines and the black-cased yellow as black ones)
        casing_alpha, core = round(255 * CASING_OPACITY), width + 1
        for (li, ri), colour, casing in zip(pairs, colours, connector_casings(report, pairs, colours), strict=True):
            if casing is not None:  # only a line that would vanish into the skin under it
                draw.line([tuple(xy[li]), tuple(xy[ri])], fill=(*casing, casing_alpha), width=core + 2)
            draw.line([tuple(xy[li]), tuple(xy[ri])], fill=(*colour, 255), width=core)
    if "axis" in layers:  # the fitted symmetry axis, a light line on a dark halo
        half = 0.75 * (report.face.bbox[3] - report.face.bbox[1]) * frame.mm_per_px
        a, b = (frame.axis_segment_px(half) - shift) * to_img
        draw.line([tuple(a), tuple(b)], fill=(0, 0, 0, 110), width=width + 3)
        draw.line([tuple(a), tuple(b)], fill=(255, 255, 255, 230), width=width + 1)
    if "levels" in layers:  # level lines through brows, eyes and mouth corners, each over a dashed horizontal of the face
        across = np.asarray(frame.left, dtype=np.float64)
        for _name, mid in LEVEL_LINES:
            p, q = measure_anchors(mid, xy, across)
            centre, reach = (p + q) / 2.0, float(np.linalg.norm(p - q)) / 2.0 * 1.15
            _dashed(draw, centre - reach * across, centre + reach * across, fill=(255, 255, 255, 180), width=max(1, width - 1), dash=4.0 * width + 4.0)
            draw.line([tuple(p), tuple(q)], fill=(*LEVEL_COLOUR, 230), width=width + 1)
            for c in (p, q):
                ring = 2 * width + 1
                draw.ellipse([c[0] - ring, c[1] - ring, c[0] + ring, c[1] + ring], outline=(*LEVEL_COLOUR, 255), width=width)
    if "measures" in layers:  # a diamond where each measure is read, coloured by how noticeable its difference is
        half = max(5.0, size / 130.0)
        for place in measure_places(report, xy, frame.mm_per_px / to_img):  # a withheld measure has no mark; one mark where several are read
            noticeable = max(report.measures[mid].noticeable for mid in place.ids)
            colour = asymmetry_colour(min(noticeable, 1.0) * SCALE_MAX_MM)
            c = place.xy
            diamond = [(c[0], c[1] - half), (c[0] + half, c[1]), (c[0], c[1] + half), (c[0] - half, c[1])]
            draw.polygon(diamond, fill=(*colour, 255), outline=(255, 255, 255, 255), width=max(1, width))

    font = label_font(text_size(img.width))
    _sides(draw, img.size, font, image_left_is_subject_left=float(frame.left[0]) < 0.0)
    if COLOURED_LAYERS & set(layers):
        _legend(draw, img.size, font)
    return np.asarray(img, dtype=np.uint8)


def _heat(img: Image.Image, report: AsymmetryReport, xy: npt.NDArray[np.float64]) -> None:
    """Regional heat: a translucent dot on every mesh point of a region, in the colour of its asymmetry index (in place)."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    r = max(2.0, float(np.ptp(xy[: anatomy.N_MESH, 0])) / 56.0)
    for name in anatomy.REGION_NAMES:
        colour = asymmetry_colour(float(report.region_index_mm[name]))
        for i in sorted(i for i in anatomy.REGION_LANDMARKS[name] if i < anatomy.N_MESH):
            x, y = xy[i]
            draw.ellipse([x - r, y - r, x + r, y + r], fill=(*colour, 255))
    alpha = np.asarray(layer.getchannel("A"), dtype=np.float32) * 0.28  # one even veil: overlapping dots do not darken twice
    layer.putalpha(Image.fromarray(alpha.astype(np.uint8)))
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def _dashed(
    draw: ImageDraw.ImageDraw, a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], *, fill: tuple[int, int, int, int], width: int, dash: float
) -> None:
    """A dashed line from ``a`` to ``b``: dashes and gaps of ``dash`` pixels."""
    length = float(np.linalg.norm(b - a))
    if length <= 0.0:
        return
    step = (b - a) / length
    for start in np.arange(0.0, length, 2.0 * dash):
        end = min(start + dash, length)
        draw.line([tuple(a + start * step), tuple(a + end * step)], fill=fill, width=width)


def _text_box(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, anchor: str) -> None:
    """White text on a dark translucent box; ``anchor`` as in Pillow (``"la"`` top left, ``"ra"`` top right)."""
    box = draw.textbbox(xy, text, font=font, anchor=anchor)
    pad = max(3, (box[3] - box[1]) // 3)
    draw.rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], fill=(0, 0, 0, 150))
    draw.text(xy, text, fill=(255, 255, 255), font=font, anchor=anchor)


def _sides(draw: ImageDraw.ImageDraw, size: tuple[int, int], font: ImageFont.FreeTypeFont | ImageFont.ImageFont, *, image_left_is_subject_left: bool) -> None:
    """Name the subject's left and right in the top corners, each on its own side of the picture."""
    margin = max(8, size[0] // 80)
    on_left, on_right = side_labels(image_left_is_subject_left)
    _text_box(draw, (margin, margin), on_left, font, "la")
    _text_box(draw, (size[0] - margin, margin), on_right, font, "ra")


def _legend(draw: ImageDraw.ImageDraw, size: tuple[int, int], font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    """The colour bar from 0 to :data:`SCALE_MAX_MM`, bottom left: its title on one line, then "0", the bar and "≥3".

    The end labels sit beside the bar, not under it, so the legend takes two lines of the picture's corner, not three,
    at the larger type that a phone's narrow picture needs (:data:`TEXT_SHARE`).
    """
    title, low, high = "asymmetry (mm)", "0", f"≥{SCALE_MAX_MM:g}"
    line_h = math.ceil(draw.textbbox((0, 0), "0", font=font, anchor="la")[3])
    pad = max(6, line_h // 2)
    gap = max(4, line_h // 3)
    low_w, high_w, title_w = (math.ceil(draw.textbbox((0, 0), t, font=font, anchor="la")[2]) for t in (low, high, title))
    # the title is wider than a narrow picture's bar (its ")" ran out of the box): the bar and its ends fill its width
    bar_w = max(3 * line_h, title_w - low_w - high_w - 2 * gap)
    box_w = max(title_w, low_w + gap + bar_w + gap + high_w)
    bar_h = line_h
    x0 = 10 + pad
    y_bar = size[1] - 10 - pad - bar_h  # the bar's top
    y_title = y_bar - pad // 2  # the bottom of the title (of its descenders)
    draw.rectangle([x0 - pad, y_title - line_h - pad, x0 + box_w + pad, y_bar + bar_h + pad], fill=(0, 0, 0, 150))
    white = (255, 255, 255)
    draw.text((x0, y_title), title, fill=white, font=font, anchor="ld")
    draw.text((x0, y_bar + bar_h), low, fill=white, font=font, anchor="ls")  # on the bar's bottom line
    bar_x = x0 + low_w + gap
    for i in range(bar_w):
        draw.line([(bar_x + i, y_bar), (bar_x + i, y_bar + bar_h)], fill=asymmetry_colour(SCALE_MAX_MM * i / (bar_w - 1)))
    draw.text((bar_x + bar_w + gap, y_bar + bar_h), high, fill=white, font=font, anchor="ls")


def png_text(title: str, description: str, *, when: dt.date | None = None, more: Mapping[str, str] | None = None) -> PngInfo:
    """The text chunks of a PNG MirrorMap saves: ``Title``, ``Description`` (what the picture is, and that it is
    educational), any ``more``, and :data:`CREATION_TIME`, the day it was made (``when``, today when ``None``), so that
    a renamed or forwarded file can still be dated. The day only: a ``datetime`` given loses its time of day.
    """
    day = when or dt.date.today()
    if isinstance(day, dt.datetime):
        day = day.date()
    info = PngInfo()
    for key, value in {"Title": title, "Description": description, **(more or {}), CREATION_TIME: day.isoformat()}.items():
        info.add_text(key, value)  # Latin-1 as tEXt, anything else (an em dash) as iTXt
    return info


def overlay_png(
    report: AsymmetryReport,
    *,
    max_side: int = 1600,
    box: tuple[int, int, int, int] | None = None,
    layers: Collection[str] = DEFAULT_LAYERS,
    footer: str | Sequence[str] = (),
    min_side: int = 0,
    when: dt.date | None = None,
) -> bytes:
    """The overlay (:func:`render_overlay`) encoded as PNG bytes (nothing is written to disk), with the ``footer``
    paragraphs (e.g. the educational notice) wrapped on a white strip below it when given (:func:`text_band`); its text
    chunks say what it is and the day it was made (``when``, today when ``None``; :func:`png_text`)."""
    img = Image.fromarray(render_overlay(report, max_side=max_side, box=box, layers=layers, min_side=min_side))
    if footer:
        img = under(img, text_band(footer, img.width, max(12, img.width // 55)))
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=png_text("MirrorMap overlay", OVERLAY_DESCRIPTION, when=when))
    return buf.getvalue()


def face_overlay_png(report: AsymmetryReport, layers: Collection[str] = DEFAULT_LAYERS, credit: str = "", *, when: dt.date | None = None) -> bytes:
    """The overlay as the first page shows it and saves it, and as ``--overlay`` writes it: the face with room around it
    (:func:`face_box`), a small face brought to :data:`FACE_PICTURE_SIDE` before the marks are drawn, ``layers`` (the
    page passes those chosen on it; the CLI every layer, as the page opens), and :data:`OVERLAY_FOOTER` and :data:`SAFETY_FOOTER` below,
    with :data:`viz.vocabulary.MIRRORED_NOTE` for a photo marked as mirrored (as the consult report says it), then
    ``credit`` when given: where the photo comes from, for a photo whose licence asks for it in every copy (the
    app's CC BY 4.0 sample portrait); a person's own photo gets none. Its text chunks give the day it was made
    (``when``, today when ``None``; :func:`png_text`)."""
    footer = (OVERLAY_FOOTER, SAFETY_FOOTER, *([MIRRORED_NOTE] if report.mirrored else []), *([credit] if credit else []))
    return overlay_png(report, box=face_box(report.face), layers=layers, footer=footer, min_side=FACE_PICTURE_SIDE, when=when)
