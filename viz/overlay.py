"""A static PNG overlay of the analysis (for the CLI and exports): axis, level lines, paired connectors.

Connector colours follow a colour-blind-safe sequential scale (cividis) from 0 mm to
:data:`SCALE_MAX_MM`; a legend in millimetres is drawn in the corner.
"""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from viz import anatomy
from viz.anatomy import LEFT, RIGHT
from viz.asymmetry import AsymmetryReport

__all__ = ["SCALE_MAX_MM", "asymmetry_colour", "overlay_png", "render_overlay"]

#: Pair asymmetry (half-distance to the mirrored partner) at the top of the colour scale, mm.
SCALE_MAX_MM = 3.0

# cividis at 0, 0.25, 0.5, 0.75, 1 (Nuñez, Anderton & Renslow 2018, PLoS ONE; colour-vision-deficiency safe)
_CIVIDIS = np.array([[0, 34, 78], [61, 78, 108], [124, 123, 120], [188, 175, 111], [255, 234, 70]], dtype=float)


def asymmetry_colour(mm: float) -> tuple[int, int, int]:
    """RGB colour of an asymmetry in mm on the cividis scale (0 -> dark blue, >= 3 mm -> yellow)."""
    t = float(np.clip(mm / SCALE_MAX_MM, 0.0, 1.0)) * (len(_CIVIDIS) - 1)
    i = min(int(t), len(_CIVIDIS) - 2)
    c = _CIVIDIS[i] + (t - i) * (_CIVIDIS[i + 1] - _CIVIDIS[i])
    return (int(c[0]), int(c[1]), int(c[2]))


def render_overlay(report: AsymmetryReport, *, max_side: int = 1600) -> npt.NDArray[np.uint8]:
    """Draw the analysis on a copy of the photo.

    Parameters
    ----------
    report : AsymmetryReport
    max_side : int, optional
        Long side of the returned image, pixels.

    Returns
    -------
    (H, W, 3) ndarray of uint8
    """
    photo = report.face.photo
    img = Image.fromarray(np.asarray(photo.rgb))
    k = min(1.0, max_side / max(img.size))
    if k < 1.0:
        img = img.resize((round(img.size[0] * k), round(img.size[1] * k)), Image.Resampling.BILINEAR)
    to_img = k / photo.scale  # original-photo px -> overlay px
    draw = ImageDraw.Draw(img, "RGBA")
    xy = report.face.xy_px * to_img
    width = max(1, round(max(img.size) / 500))
    frame = report.frame

    # paired connectors, coloured by each pair's asymmetry
    for li, ri in sorted(anatomy.MESH_PAIRS):
        if li % 3:  # every third pair keeps the picture readable
            continue
        colour = asymmetry_colour(float(report.pair_asymmetry_mm[li]))
        draw.line([tuple(xy[li]), tuple(xy[ri])], fill=(*colour, 150), width=width)

    # symmetry axis
    half = 0.75 * (report.face.bbox[3] - report.face.bbox[1]) * frame.mm_per_px
    a, b = frame.axis_segment_px(half) * to_img
    draw.line([tuple(a), tuple(b)], fill=(255, 255, 255, 230), width=width + 1)

    # level lines through brows, eyes and mouth corners
    for i_left, i_right in (
        (LEFT.brow_upper[2], RIGHT.brow_upper[2]),
        (LEFT.iris_centre, RIGHT.iris_centre),
        (LEFT.mouth_corner, RIGHT.mouth_corner),
    ):
        p, q = xy[i_left], xy[i_right]
        draw.line([tuple(p), tuple(q)], fill=(255, 140, 0, 230), width=width + 1)
        for c in (p, q):
            r = 2 * width + 1
            draw.ellipse([c[0] - r, c[1] - r, c[0] + r, c[1] + r], outline=(255, 140, 0, 255), width=width)

    _legend(draw, img.size, width)
    return np.asarray(img, dtype=np.uint8)


def _legend(draw: ImageDraw.ImageDraw, size: tuple[int, int], width: int) -> None:
    bar_w, bar_h = max(120, size[0] // 5), max(10, size[1] // 60)
    x0, y0 = 10, size[1] - bar_h - 30
    draw.rectangle([x0 - 6, y0 - 20, x0 + bar_w + 6, y0 + bar_h + 22], fill=(0, 0, 0, 150))
    for i in range(bar_w):
        draw.line([(x0 + i, y0), (x0 + i, y0 + bar_h)], fill=asymmetry_colour(SCALE_MAX_MM * i / (bar_w - 1)))
    font = ImageFont.load_default()
    draw.text((x0, y0 - 16), "asymmetry (mm)", fill=(255, 255, 255), font=font)
    draw.text((x0, y0 + bar_h + 4), "0", fill=(255, 255, 255), font=font)
    draw.text((x0 + bar_w - 24, y0 + bar_h + 4), f"≥{SCALE_MAX_MM:g}", fill=(255, 255, 255), font=font)


def overlay_png(report: AsymmetryReport, *, max_side: int = 1600) -> bytes:
    """The overlay encoded as PNG bytes (nothing is written to disk)."""
    buf = io.BytesIO()
    Image.fromarray(render_overlay(report, max_side=max_side)).save(buf, "PNG")
    return buf.getvalue()
