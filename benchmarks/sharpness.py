"""How much detail a photo holds around the eyes and brows: the reading behind ``Face.detail_px``.

A photo enlarged from a smaller one (a digital zoom, a screenshot blown up, a thumbnail saved large) or blurred
(focus missed, the hand moved) has many pixels but the detail of few: its landmarks are as unsure as the smaller
photo's. ``viz.landmarks.detail_frequency`` is the frequency below which 80 % of the picture's gradient energy lies
around the eyes and brows; the engine takes a sharp photo's (``SHARP_DETAIL_FREQ``) over the photo's own as the
size of its finest detail in pixels, and scales the landmarks' pixel noise by it.

First every shared photo as shot (rest and smiling, the annotated set's photos included; no template is read):
its detail frequency, whose median is the sharp photo's, printed beside the constant. Then every shared rest
photo changed: enlarged from a half, a third and a fifth of its size (Lanczos down, bicubic up), blurred
(Gaussian, 1, 1.5 and 3 px), saved as a JPEG at quality 15, with sensor noise, sharpened and at half size. For
each: the detail size read (median and the 10th-90th percentiles; the enlargement's own factor beside it) and the
share of photos that get the "blurred or enlarged" sentence (from ``BLURRED_DETAIL_PX``).

Usage: ``python benchmarks/sharpness.py`` (about 7 minutes on two cores). Nothing is written to disk.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import numpy as np
from _common import fmt, print_table
from annotated import _enlarged, _jpeg, _noisy, _scaled
from mesh_error import rest_photos, smiling_photos
from PIL import Image, ImageFilter

import viz
from viz.landmarks import BLURRED_DETAIL_PX, SHARP_DETAIL_FREQ, detail_frequency, silence_native_logs

#: Each change, and the enlargement it makes (None: no enlargement).
CHANGES: dict[str, tuple[Callable[[Image.Image], Image.Image | bytes], float | None]] = {
    "enlarged from 1/2": (_enlarged(1 / 2), 2.0),
    "enlarged from 1/3": (_enlarged(1 / 3), 3.0),
    "enlarged from 1/5": (_enlarged(1 / 5), 5.0),
    "blur 1 px": (lambda im: im.filter(ImageFilter.GaussianBlur(1.0)), None),
    "blur 1.5 px": (lambda im: im.filter(ImageFilter.GaussianBlur(1.5)), None),
    "blur 3 px": (lambda im: im.filter(ImageFilter.GaussianBlur(3.0)), None),
    "JPEG quality 15": (_jpeg(15), None),
    "noise SD 8": (_noisy, None),
    "sharpened": (lambda im: im.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=0)), None),
    "half size": (_scaled(0.5), None),
}


def _face(changed: Image.Image | bytes) -> viz.Face | None:
    """The face in a changed photo: a JPEG as its file, any other picture as a PNG (lossless: only the change is read)."""
    if isinstance(changed, Image.Image):
        buf = io.BytesIO()
        changed.save(buf, "PNG")
        changed = buf.getvalue()
    return viz.detect_face(viz.load_photo(changed))


def _warned(face: viz.Face) -> bool:
    return any(w.startswith("The photo is blurred or enlarged") for w in face.warnings)


def main() -> int:
    silence_native_logs()
    freqs, warned = [], []
    for path in [*rest_photos(), *smiling_photos()]:
        face = viz.detect_face(viz.load_photo(path.read_bytes()))
        if face is None:
            continue
        freq = detail_frequency(face.photo.rgb, face.xy_working)
        if freq is not None:
            freqs.append(freq)
            warned.append(_warned(face))
    if not freqs:
        sys.exit("No shared photos with a face found.")
    f = np.array(freqs)
    print_table(
        f"{len(f)} shared photos as shot: detail frequency, cycles per pixel",
        ["median", "min", "10 %", "90 %", "max", "SHARP_DETAIL_FREQ", "with the blurred sentence"],
        [[*(fmt(float(v)) for v in (np.median(f), f.min(), *np.percentile(f, [10, 90]), f.max(), SHARP_DETAIL_FREQ)), f"{100.0 * np.mean(warned):.0f}%"]],
    )
    rows = []
    for name, (change, factor) in CHANGES.items():
        sizes, said = [], []
        for path in rest_photos():
            face = _face(change(Image.open(path).convert("RGB")))
            if face is not None:
                sizes.append(face.detail_px)
                said.append(_warned(face))
        s = np.array(sizes)
        spread = (fmt(float(v)) for v in (np.median(s), *np.percentile(s, [10, 90])))
        rows.append([name, fmt(factor, 1), *spread, f"{100.0 * np.mean(said):.0f}%", len(s)])
    print_table(
        f"Shared rest photos changed: the detail size read, pixels (the blurred sentence from {BLURRED_DETAIL_PX:g})",
        ["change", "enlargement", "median", "10 %", "90 %", "with the sentence", "photos"],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
