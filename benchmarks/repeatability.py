"""Repeatability: how much each measure moves when the same photo is rotated, rescaled or re-compressed.

What is measured
----------------
For each neutral, frontal photo (``frl_london_*_03.jpg``, ``cc0_zoom_30cm/45cm/60cm.jpg``,
``uscongress_W000809.jpg``) the engine measures 13 perturbed copies:

- rotations by -15°, -8°, +8° and +15° (Pillow ``rotate``, bicubic, ``expand=True``, the new corners
  filled with the grey of the photo's border),
- scales 60%, 70%, 80%, 90% and 100% (Lanczos; 100% is the photo itself),
- JPEG re-encodes at quality 60, 75, 85 and 95 (decoded again by :func:`viz.load_photo`).

Each cell of the table is the sample SD (ddof=1) of one measure's value over those copies, in mm (or
degrees for tilts); the last column is the pooled RMS of the per-photo SDs. Nothing is written to disk.

Targets (issue 2)
-----------------
- SD ≤ 0.25 mm for the brow, eye and mouth measures (``brow_*``, ``eye_opening``, ``mouth_corner_drop``);
- SD ≤ 0.4 mm for the jaw (``jaw_width``).

Each target is judged on the pooled RMS SD; the worst single photo is printed beside it.
Run with ``python benchmarks/repeatability.py``.
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Iterator, Mapping

import numpy as np
from _common import FRL_NEUTRAL, face_paths, fmt, print_table, verdict
from PIL import Image

import viz
from viz.landmarks import silence_native_logs

PHOTOS = [*FRL_NEUTRAL, "cc0_zoom_30cm.jpg", "cc0_zoom_45cm.jpg", "cc0_zoom_60cm.jpg", "uscongress_W000809.jpg"]
ROTATIONS_DEG = (-15.0, -8.0, 8.0, 15.0)
SCALES = (0.6, 0.7, 0.8, 0.9, 1.0)
JPEG_QUALITIES = (60, 75, 85, 95)
TARGETS_MM = {
    "brow_inner_height": 0.25,
    "brow_height": 0.25,
    "brow_tail_height": 0.25,
    "eye_opening": 0.25,
    "mouth_corner_drop": 0.25,
    "jaw_width": 0.4,
}


def short(name: str) -> str:
    """A column label: ``frl_london_005_03.jpg`` -> ``frl005``, ``cc0_zoom_30cm.jpg`` -> ``zoom30``."""
    stem = name.rsplit(".", 1)[0]
    if stem.startswith("frl_london_"):
        return "frl" + stem.split("_")[2]
    if stem.startswith("cc0_zoom_"):
        return "zoom" + stem.removeprefix("cc0_zoom_").removesuffix("cm")
    return stem.removeprefix("uscongress_")


def border_grey(img: Image.Image) -> tuple[int, int, int]:
    """The median grey level of the photo's outermost pixels, as an RGB fill colour."""
    a = np.asarray(img.convert("L"))
    edge = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    g = int(np.median(edge))
    return (g, g, g)


def perturbed(img: Image.Image) -> Iterator[tuple[str, viz.Photo]]:
    """The 13 perturbed copies of one upright RGB photo, labelled."""
    fill = border_grey(img)
    for deg in ROTATIONS_DEG:
        rot = img.rotate(deg, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
        yield f"rot{deg:+.0f}", viz.Photo.from_array(np.asarray(rot))
    for s in SCALES:
        size = (round(img.width * s), round(img.height * s))
        small = img if s == 1.0 else img.resize(size, Image.Resampling.LANCZOS)
        yield f"scale{s:.0%}", viz.Photo.from_array(np.asarray(small))
    for q in JPEG_QUALITIES:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q)
        yield f"jpeg{q}", viz.load_photo(buf.getvalue())


def measures(photo: viz.Photo) -> Mapping[str, viz.Measure] | None:
    """Every measure of the photo's face, or ``None`` when no face is found."""
    face = viz.detect_face(photo)
    return None if face is None else viz.analyze(face).measures


def main() -> int:
    """Measure every perturbed copy, print the SD table and the verdicts; exit 1 when a target fails."""
    paths = face_paths(PHOTOS)
    silence_native_logs()
    ids = list(viz.MEASURE_IDS)
    units: dict[str, str] = {}
    sd: dict[str, dict[str, float]] = {}  # photo -> measure -> SD
    for path in paths:
        with Image.open(path) as im:
            img = im.convert("RGB")
        values: dict[str, list[float]] = {k: [] for k in ids}
        missed: list[str] = []
        for label, photo in perturbed(img):
            got = measures(photo)
            if got is None:
                missed.append(label)
                continue
            for k in ids:
                values[k].append(got[k].value)
                units[k] = got[k].unit
        if missed:
            print(f"{path.name}: no face found in {', '.join(missed)} (left out)")
        sd[path.name] = {k: float(np.std(v, ddof=1)) if len(v) > 1 else math.nan for k, v in values.items()}

    n_copies = len(ROTATIONS_DEG) + len(SCALES) + len(JPEG_QUALITIES)
    print(
        f"Repeatability: SD of each measure over {n_copies} perturbed copies per photo "
        f"(rotations {', '.join(f'{d:+.0f}' for d in ROTATIONS_DEG)} deg; "
        f"scales {', '.join(f'{s:.0%}' for s in SCALES)}; JPEG q {', '.join(map(str, JPEG_QUALITIES))})"
    )
    names = [p.name for p in paths]
    pooled: dict[str, float] = {}
    rows = []
    for k in ids:
        cells = [sd[n][k] for n in names]
        finite = [c for c in cells if math.isfinite(c)]
        pooled[k] = math.sqrt(sum(c * c for c in finite) / len(finite)) if finite else math.nan
        rows.append([k, units.get(k, "?"), *[fmt(c) for c in cells], fmt(pooled[k])])
    print_table("SD per measure and photo", ["measure", "unit", *[short(n) for n in names], "pooled RMS"], rows)

    print("\nVerdicts (pooled RMS SD; worst single photo in brackets)")
    ok = True
    for k, limit in TARGETS_MM.items():
        worst_name = max(names, key=lambda n: sd[n][k])
        ok &= verdict(
            f"{k} SD <= {limit} mm",
            pooled[k] <= limit,
            f"{pooled[k]:.3f} mm (worst {short(worst_name)} {sd[worst_name][k]:.3f} mm)",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
