"""What a strongly compressed JPEG costs each measure, in pixels of the original photo.

Every shared photo (rest and smiling, the annotated set's photos included; no template is read) is measured as it
is, then saved again by Pillow as a JPEG at each quality of :data:`QUALITIES` and measured once more (detected
and analysed from scratch, as an upload would be). Each measure's move is turned into pixels of the original
photo (its millimetres over the photo's millimetres per pixel; a tilt's degrees as millimetres over its two
points), and its root mean square over the photos is printed per quality.

A re-save at the lightest quality (:data:`BASE_QUALITY`) already moves a measure a little; those moves are inside
the stated uncertainty (the share of photos moved beyond 2 of it is printed). What heavier compression adds is
modelled as one figure per measure times the quantization step's share of its range: the IJG library scales its
tables by ``5000 / q`` percent below quality 50 and ``200 - 2 q`` from 50 up, so the share is 0 at
:data:`BASE_QUALITY` and 1 at the heaviest quality. The figure is fitted by least squares to the mean square
moves beyond the base one, and printed next to ``viz.asymmetry.COMPRESSION_PX``, which the engine adds to a
JPEG's uncertainty at the quality its quantization table shows (``viz.photo.jpeg_quality``).

Usage: ``python benchmarks/compression.py`` (about 6 minutes on two cores). Nothing is written to disk.
"""

from __future__ import annotations

import io
import math
import sys

import numpy as np
from _common import fmt, print_table
from mesh_error import rest_photos, smiling_photos
from PIL import Image

import viz
from viz.asymmetry import COMPRESSION_PX, COMPRESSION_QUALITIES, _degrees_per_mm, compression_px
from viz.landmarks import silence_native_logs
from viz.vocabulary import TILT_IDS

#: The qualities each photo is saved at, heaviest first; the last is the base.
QUALITIES = (10, 15, 20, 30, 40, 50, 70)
BASE_QUALITY = QUALITIES[-1]
#: The measures read from the picture's detail (the widths are withheld).
MEASURED = tuple(COMPRESSION_PX)


def _px(mid: str, move: float, mm_per_px: float) -> float:
    """A measure's move in pixels of the original photo."""
    mm = move / _degrees_per_mm(mid) if mid in TILT_IDS else move
    return mm / mm_per_px


def main() -> int:
    silence_native_logs()
    if (BASE_QUALITY, QUALITIES[0]) != COMPRESSION_QUALITIES:
        sys.exit(f"QUALITIES must run from {COMPRESSION_QUALITIES[1]} to {COMPRESSION_QUALITIES[0]}, as viz.asymmetry.COMPRESSION_QUALITIES.")
    moves: dict[int, dict[str, list[float]]] = {q: {m: [] for m in MEASURED} for q in QUALITIES}
    beyond: dict[int, dict[str, list[bool]]] = {q: {m: [] for m in MEASURED} for q in QUALITIES}
    n = 0
    for path in [*rest_photos(), *smiling_photos()]:
        data = path.read_bytes()
        face = viz.detect_face(viz.load_photo(data))
        if face is None:
            continue
        n += 1
        base = viz.analyze(face)
        rgb = Image.open(io.BytesIO(data)).convert("RGB")
        for q in QUALITIES:
            buf = io.BytesIO()
            rgb.save(buf, "JPEG", quality=q)
            again = viz.detect_face(viz.load_photo(buf.getvalue()))
            if again is None:
                continue
            report = viz.analyze(again)
            for mid in MEASURED:
                move = report.measures[mid].value - base.measures[mid].value
                moves[q][mid].append(_px(mid, move, face.mm_per_px))
                beyond[q][mid].append(abs(move) > 2.0 * base.measures[mid].uncertainty)
    if n == 0:
        sys.exit("No shared photos with a face found.")
    rms = {q: {m: math.sqrt(float(np.mean(np.square(moves[q][m])))) for m in MEASURED} for q in QUALITIES}
    print(f"{n} shared photos, each saved again as a JPEG at qualities {', '.join(map(str, QUALITIES))}")
    print_table(
        "Root mean square move of each measure, pixels of the original photo",
        ["measure", *(f"q {q}" for q in QUALITIES)],
        [[m, *(fmt(rms[q][m], 2) for q in QUALITIES)] for m in MEASURED],
    )
    print_table(
        "Share of photos moved beyond 2 of the uncertainty stated for the photo as it was",
        ["measure", *(f"q {q}" for q in QUALITIES)],
        [[m, *(f"{100.0 * float(np.mean(beyond[q][m])):.0f}%" for q in QUALITIES)] for m in MEASURED],
    )
    heavier = QUALITIES[:-1]
    rows = []
    for mid in MEASURED:
        share = np.array([compression_px(mid, q) / COMPRESSION_PX[mid] for q in heavier])  # the model's shape, 0-1
        extra = np.array([rms[q][mid] ** 2 - rms[BASE_QUALITY][mid] ** 2 for q in heavier])
        fitted = math.sqrt(max(float((share**2 * extra).sum() / (share**4).sum()), 0.0))
        rows.append([mid, fmt(fitted, 2), fmt(COMPRESSION_PX[mid], 2), *(fmt(fitted * s, 2) for s in share)])
    print_table(
        f"Added by compression beyond a re-save at {BASE_QUALITY}, pixels: the fitted figure at quality {QUALITIES[0]}, "
        "the engine's, and the fit at each quality",
        ["measure", "fitted", "COMPRESSION_PX", *(f"q {q}" for q in heavier)],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
