"""Example pictograms of the expression set: a simple line face showing what to do, drawn in memory.

Each pictogram is a cartoon face (oval, brows, eyes, nose, mouth) in the expression asked for, with
orange arrows where the features should move. They are drawn here with Pillow, so no image file is
downloaded or shipped and the drawings carry no third-party licence.

Examples
--------
>>> from viz.pictograms import pictogram
>>> pictogram("smile").shape
(240, 200, 3)
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from viz.errors import ArgumentError
from viz.vocabulary import EXPRESSION_IDS

__all__ = ["PICTOGRAM_EXPRESSIONS", "pictogram"]

#: The expressions a pictogram exists for: every one of the set.
PICTOGRAM_EXPRESSIONS: tuple[str, ...] = EXPRESSION_IDS

_SS = 4  # supersampling factor: drawn large, then reduced, for smooth lines
_SKIN = (246, 224, 205)
_LINE = (60, 48, 40)
_ARROW = (230, 120, 0)
_BACKGROUND = (255, 255, 255)

Point = tuple[float, float]


def _arrow(draw: ImageDraw.ImageDraw, start: Point, end: Point, k: float) -> None:
    """A thick arrow from ``start`` to ``end`` (both in pictogram units, scaled by ``k``)."""
    (x0, y0), (x1, y1) = (start[0] * k, start[1] * k), (end[0] * k, end[1] * k)
    draw.line([(x0, y0), (x1, y1)], fill=_ARROW, width=round(3.5 * k))
    angle = math.atan2(y1 - y0, x1 - x0)
    head = 7.0 * k
    left = (x1 - head * math.cos(angle - 0.5), y1 - head * math.sin(angle - 0.5))
    right = (x1 - head * math.cos(angle + 0.5), y1 - head * math.sin(angle + 0.5))
    draw.polygon([(x1 + 1.5 * k * math.cos(angle), y1 + 1.5 * k * math.sin(angle)), left, right], fill=_ARROW)


def _curve(draw: ImageDraw.ImageDraw, points: list[Point], k: float, width: float = 3.0, fill: tuple[int, int, int] = _LINE) -> None:
    """A smooth polyline through ``points`` (quadratic through the middle point when there are three)."""
    if len(points) == 3:
        (ax, ay), (bx, by), (cx, cy) = points
        # a parabola through the three points, sampled finely
        pts = []
        for i in range(25):
            t = i / 24
            x = (1 - t) ** 2 * ax + 2 * (1 - t) * t * (2 * bx - (ax + cx) / 2) + t**2 * cx
            y = (1 - t) ** 2 * ay + 2 * (1 - t) * t * (2 * by - (ay + cy) / 2) + t**2 * cy
            pts.append((x * k, y * k))
    else:
        pts = [(x * k, y * k) for x, y in points]
    draw.line(pts, fill=fill, width=round(width * k), joint="curve")


def pictogram(expression: str, *, width: int = 200) -> npt.NDArray[np.uint8]:
    """A cartoon face making one expression of the set, with arrows where the features move.

    Parameters
    ----------
    expression : str
        One of :data:`PICTOGRAM_EXPRESSIONS`.
    width : int, optional
        Width in pixels (the height is 1.2 times the width), at least 60.

    Returns
    -------
    (round(1.2 * width), width, 3) ndarray of uint8
        RGB.

    Raises
    ------
    ArgumentError
        For an unknown expression or a width below 60.
    """
    if expression not in PICTOGRAM_EXPRESSIONS:
        raise ArgumentError(f"Unknown expression {expression!r}: use one of {', '.join(PICTOGRAM_EXPRESSIONS)}.")
    if not isinstance(width, int) or width < 60:
        raise ArgumentError(f"width must be an integer of at least 60, not {width!r}.")
    # Drawn on a 200 x 240 unit canvas, scaled by k.
    k = width * _SS / 200.0
    img = Image.new("RGB", (round(200 * k), round(240 * k)), _BACKGROUND)
    draw = ImageDraw.Draw(img)
    draw.ellipse([30 * k, 20 * k, 170 * k, 225 * k], fill=_SKIN, outline=_LINE, width=round(3 * k))

    # --- brows (image left = the subject's right) ---
    if expression == "brows_up":
        _curve(draw, [(52, 78), (70, 62), (90, 70)], k, 5)
        _curve(draw, [(110, 70), (130, 62), (148, 78)], k, 5)
        for y in (40.0, 47.0, 54.0):  # forehead lines
            _curve(draw, [(82, y), (100, y - 2), (118, y)], k, 1.5)
        _arrow(draw, (66, 60), (66, 38), k)
        _arrow(draw, (134, 60), (134, 38), k)
    elif expression == "frown":
        _curve(draw, [(52, 80), (72, 80), (92, 90)], k, 5)
        _curve(draw, [(108, 90), (128, 80), (148, 80)], k, 5)
        draw.line([(96 * k, 78 * k), (97 * k, 92 * k)], fill=_LINE, width=round(1.5 * k))  # the "11" lines
        draw.line([(104 * k, 78 * k), (103 * k, 92 * k)], fill=_LINE, width=round(1.5 * k))
        _arrow(draw, (74, 70), (88, 80), k)
        _arrow(draw, (126, 70), (112, 80), k)
    elif expression == "eyes_closed":
        _curve(draw, [(52, 88), (70, 84), (90, 90)], k, 5)
        _curve(draw, [(110, 90), (130, 84), (148, 88)], k, 5)
    else:
        _curve(draw, [(52, 84), (70, 78), (90, 82)], k, 5)
        _curve(draw, [(110, 82), (130, 78), (148, 84)], k, 5)

    # --- eyes ---
    for cx in (70.0, 130.0):
        if expression == "eyes_closed":
            _curve(draw, [(cx - 15, 101), (cx, 106), (cx + 15, 101)], k, 3.5)
            for dy in (-5.0, 0.0, 5.0):  # squeeze lines at the outer corners
                x_out = cx - 18 if cx < 100 else cx + 18
                x_far = cx - 27 if cx < 100 else cx + 27
                draw.line([(x_out * k, 102 * k), (x_far * k, (102 + dy * 1.4) * k)], fill=_LINE, width=round(1.5 * k))
        else:
            opening = 9.0 if expression == "brows_up" else 7.0
            draw.ellipse([(cx - 15) * k, (102 - opening) * k, (cx + 15) * k, (102 + opening) * k], fill=(255, 255, 255), outline=_LINE, width=round(2.5 * k))
            draw.ellipse([(cx - 5) * k, 97 * k, (cx + 5) * k, 107 * k], fill=_LINE)
    if expression == "eyes_closed":
        _arrow(draw, (70, 80), (70, 94), k)
        _arrow(draw, (130, 80), (130, 94), k)

    # --- nose ---
    _curve(draw, [(100, 110), (96, 135), (90, 145), (100, 148)], k, 2.5)

    # --- mouth ---
    if expression == "smile":
        draw.chord([68 * k, 158 * k, 132 * k, 198 * k], start=0, end=180, fill=(255, 255, 255), outline=_LINE, width=round(3 * k))
        _curve(draw, [(64, 172), (100, 182), (136, 172)], k, 3)
        _arrow(draw, (66, 176), (52, 160), k)
        _arrow(draw, (134, 176), (148, 160), k)
    elif expression == "pucker":
        draw.ellipse([90 * k, 168 * k, 110 * k, 188 * k], fill=(214, 140, 140), outline=_LINE, width=round(3 * k))
        draw.ellipse([96 * k, 175 * k, 104 * k, 181 * k], fill=_LINE)
        _arrow(draw, (64, 178), (84, 178), k)
        _arrow(draw, (136, 178), (116, 178), k)
    elif expression == "frown":
        _curve(draw, [(78, 182), (100, 177), (122, 182)], k, 3)
    else:
        _curve(draw, [(76, 178), (100, 180), (124, 178)], k, 3)

    out = img.resize((width, round(1.2 * width)), Image.Resampling.LANCZOS)
    return np.asarray(out, dtype=np.uint8)
