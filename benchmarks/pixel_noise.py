"""How far the measures move when a photo holds fewer pixels of detail, against the pixel term of their uncertainty.

Every measure's uncertainty carries a landmark's localisation error, ``viz.asymmetry.PIXEL_SD_PX`` pixels of the
photo's detail (working-image pixels times ``Face.detail_px``) at each of the two features a difference is read
from. This script checks that constant where it matters: every shared rest photo (no template is read) is measured
as shot and again at 0.5, 0.3, 0.2, 0.15 and 0.1 of its size, blurred by 1.5 and 3 px and enlarged back from a third
and a fifth of its size. Each change makes a pixel of detail ``p`` mm larger than the photo's own ``p0``; the pixel
term then predicts a move of ``PIXEL_SD_PX * sqrt(2) * sqrt(p**2 - p0**2)`` mm (RMS) beyond the photo as shot.

First table: the landmark error per pixel of detail the moves imply, for each change and measure
(``RMS(move) / RMS(sqrt(2) * sqrt(p**2 - p0**2))``; tilts converted to degrees as the engine does), beside the
constant. Second: the share of photos whose move lies within two combined uncertainties (as shot and changed, in
quadrature), and the largest move in those units with its photo: whether the stated ranges hold when the detail is
lost, outliers included.

Usage: ``python benchmarks/pixel_noise.py`` (about 3 minutes on two cores). Nothing is written to disk.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from _common import print_table, verdict
from annotated import _enlarged, _scaled
from mesh_error import rest_photos
from PIL import Image, ImageFilter
from sharpness import _face

import viz
from viz.asymmetry import PIXEL_SD_PX, _degrees_per_mm
from viz.errors import PhotoError
from viz.landmarks import silence_native_logs
from viz.vocabulary import MEASURE_IDS, TILT_IDS

CHANGES: dict[str, Callable[[Image.Image], Image.Image]] = {
    "as shot": lambda im: im,
    "0.5 size": _scaled(0.5),
    "0.3 size": _scaled(0.3),
    "0.2 size": _scaled(0.2),
    "0.15 size": _scaled(0.15),
    "0.1 size": _scaled(0.1),
    "blur 1.5 px": lambda im: im.filter(ImageFilter.GaussianBlur(1.5)),
    "blur 3 px": lambda im: im.filter(ImageFilter.GaussianBlur(3.0)),
    "enlarged from 1/3": _enlarged(1 / 3),
    "enlarged from 1/5": _enlarged(1 / 5),
}
#: Share of photos whose move must lie within two combined uncertainties under every change.
WITHIN_TARGET = 0.95


@dataclass(frozen=True)
class Reading:
    """One photo's measures under one change: mm per pixel of detail, and each shown measure's value and uncertainty."""

    mm_per_detail_px: float
    measures: dict[str, tuple[float, float]]


def _read(im: Image.Image) -> Reading | None:
    """The changed photo measured (as a PNG: only the change itself is read); None without a face or too small."""
    try:
        face = _face(im)
    except PhotoError:  # shrunk below the smallest photo the engine takes
        return None
    if face is None:
        return None
    report = viz.analyze(face)
    shown = {mid: (m.value, m.uncertainty) for mid, m in report.measures.items() if not m.withheld}
    return Reading(face.mm_per_px * face.detail_scale, shown)


def _implied(moves: list[float], predicted: list[float]) -> str:
    """The pixel noise the moves imply: their RMS over the RMS the pixel term predicts per pixel of detail ("-" if none)."""
    m, p = np.array(moves), np.array(predicted)
    return f"{math.sqrt(np.mean(m**2) / np.mean(p**2)):.2f}" if len(m) and np.mean(p**2) > 0 else "-"


def main() -> int:
    silence_native_logs()
    readings: dict[Path, dict[str, Reading]] = {}
    for path in rest_photos():
        im = Image.open(path).convert("RGB")
        per = {name: r for name, change in CHANGES.items() if (r := _read(change(im))) is not None}
        if "as shot" in per:
            readings[path] = per
    if not readings:
        sys.exit("No shared rest photos with a face found.")
    ids = [mid for mid in MEASURE_IDS if any(mid in per["as shot"].measures for per in readings.values())]
    changed = [name for name in CHANGES if name != "as shot"]

    implied_rows, within_rows = [], []
    pooled: dict[str, tuple[list[float], list[float]]] = {mid: ([], []) for mid in ids}
    worst_share = 1.0
    for name in changed:
        implied, within, photos = [], [], 0
        for mid in ids:
            conv = _degrees_per_mm(mid) if mid in TILT_IDS else 1.0
            moves, predicted, units = [], [], []
            for path, per in readings.items():
                if name not in per or mid not in per[name].measures or mid not in per["as shot"].measures:
                    continue
                (v0, u0), (v1, u1) = per["as shot"].measures[mid], per[name].measures[mid]
                p0, p1 = per["as shot"].mm_per_detail_px, per[name].mm_per_detail_px
                moves.append(v1 - v0)
                predicted.append(math.sqrt(2.0) * math.sqrt(max(p1**2 - p0**2, 0.0)) * conv)
                units.append((abs(v1 - v0) / math.hypot(u0, u1), path.name))
            photos = max(photos, len(moves))
            pooled[mid][0].extend(moves)
            pooled[mid][1].extend(predicted)
            implied.append(_implied(moves, predicted))
            share = float(np.mean([u <= 2.0 for u, _ in units])) if units else math.nan
            worst_share = min(worst_share, share) if units else worst_share
            top = max(units) if units else (math.nan, "-")
            within.append(f"{share:.0%} ({top[0]:.1f}, {Path(top[1]).stem})")
        implied_rows.append([name, photos, *implied])
        within_rows.append([name, *within])
    implied_rows.append(["all changes", "", *(_implied(*pooled[mid]) for mid in ids)])
    print_table(
        f"{len(readings)} shared rest photos: the landmark error per pixel of detail each change's moves imply (PIXEL_SD_PX = {PIXEL_SD_PX:g})",
        ["change", "photos", *ids],
        implied_rows,
    )
    print_table(
        "Moves within 2 combined uncertainties (as shot and changed), and the largest move in them (its photo)",
        ["change", *ids],
        within_rows,
    )
    ok = verdict(
        f"every change's moves within 2 combined uncertainties on >= {WITHIN_TARGET:.0%} of photos",
        worst_share >= WITHIN_TARGET,
        f"lowest share {worst_share:.0%}",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
