"""Expression sets and visits: speed, repeatability, and the identity check's calibration.

What is measured
----------------
1. **Speed.** No shared photo set shows one person in all six expressions, so the set is built from one
   real pair: the neutral ``frl_london_136_03.jpg`` as rest, its real smile ``frl_london_136_08.jpg``, and
   four copies of the rest photo with known smooth local warps standing in for the other expressions
   (brows raised 4 / 3 mm, brows lowered 2 / 1.5 mm for the frown, upper lids lowered 3 mm for the eye
   closure, both mouth corners pushed 3 mm inward for the pucker). With the six photos decoded in memory,
   the script times (a) landmark detection plus :func:`viz.movement.measure_dynamics` and (b) the
   measurement alone, median of 5 runs after one warm-up. The injected and measured movements are printed
   beside the times.
2. **Repeatability.** For each Face Research Lab pair (``_03`` rest, ``_08`` smile), the smile photo is
   rotated by -10, -5, 0, 5 and 10 degrees and rescaled to 80, 90 and 100% (15 versions); each is detected
   and measured against the untouched rest photo. The table gives the SD over the 15 versions of every
   movement figure (both sides pooled as the larger SD), and the largest change from the untouched photo.
   The same is done for a brows-up photo made by raising the left brow of the rest photo by 3 mm.
3. **Identity.** :func:`viz.visits.identity_distance` between every pair of the same person's photos
   (``lisa1-4`` and ``zoom_30/45/60cm``, 21 pairs: position, size, roll up to 19°, distance) and every pair
   of different people (the five neutral London photos, nine congress portraits and ``lisa1``), against
   :data:`viz.visits.IDENTITY_THRESHOLD`.

Targets (issue 6)
-----------------
Six-photo set aligned and measured in <= 1 s after the photos are in memory; movement repeatability
(SD over rotations and rescaling of the expression photo) <= 0.3 mm.

Run with ``python benchmarks/dynamics.py``. Nothing is written to disk.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
from _common import face_paths, fmt, print_table, verdict
from PIL import Image

import viz
from viz.landmarks import silence_native_logs
from viz.movement import DynamicsReport, measure_dynamics
from viz.testing import move_feature, push_corners_in
from viz.visits import IDENTITY_THRESHOLD, identity_distance

PAIRS = ("005", "006", "025", "061", "136")
SET_PAIR = "136"
ANGLES = (-10.0, -5.0, 0.0, 5.0, 10.0)
SCALES = (0.8, 0.9, 1.0)
TIME_TARGET_S = 1.0
SD_TARGET_MM = 0.3
SAME_PERSON = (
    "cc0_lisa_lisa1.jpg",
    "cc0_lisa_lisa2.jpg",
    "cc0_lisa_lisa3.jpg",
    "cc0_lisa_lisa4.jpg",
    "cc0_zoom_30cm.jpg",
    "cc0_zoom_45cm.jpg",
    "cc0_zoom_60cm.jpg",
)
DIFFERENT = (
    "frl_london_005_03.jpg",
    "frl_london_006_03.jpg",
    "frl_london_025_03.jpg",
    "frl_london_061_03.jpg",
    "frl_london_136_03.jpg",
    "uscongress_C001080.jpg",
    "uscongress_H001066.jpg",
    "uscongress_H001079.jpg",
    "uscongress_K000389.jpg",
    "uscongress_N000179.jpg",
    "uscongress_O000172.jpg",
    "uscongress_S001157.jpg",
    "uscongress_T000472.jpg",
    "uscongress_W000809.jpg",
    "cc0_lisa_lisa1.jpg",
)


def detect(photo: viz.Photo) -> viz.Face:
    face = viz.detect_face(photo)
    if face is None:
        sys.exit("A benchmark photo lost its face: the benchmark cannot run.")
    return face


_photos: dict[str, viz.Photo] = {}


def photo(name: str) -> viz.Photo:
    if name not in _photos:
        _photos[name] = viz.load_photo(face_paths([name])[0])
    return _photos[name]


def transformed(p: viz.Photo, angle: float, scale: float) -> viz.Photo:
    img = Image.fromarray(np.asarray(p.rgb))
    if angle:
        img = img.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=(200, 200, 200))
    if scale != 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS)
    return viz.Photo.from_array(np.asarray(img))


def both_sides(face: viz.Face, feature: str, left_mm: float, right_mm: float) -> viz.Photo:
    """The feature moved on the left, then (on the re-detected face) on the right."""
    first = detect(move_feature(face, feature, "left", left_mm))
    return move_feature(first, feature, "right", right_mm)


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def speed() -> bool:
    rest = detect(photo(f"frl_london_{SET_PAIR}_03.jpg"))
    photos = {
        "rest": rest.photo,
        "brows_up": both_sides(rest, "brow", 4.0, 3.0),
        "frown": both_sides(rest, "brow", -2.0, -1.5),
        "eyes_closed": both_sides(rest, "upper_lid", -3.0, -3.0),
        "smile": photo(f"frl_london_{SET_PAIR}_08.jpg"),
        "pucker": push_corners_in(rest, 3.0),
    }
    faces = {k: detect(p) for k, p in photos.items()}

    def full() -> DynamicsReport:
        found = {k: detect(p) for k, p in photos.items()}
        return measure_dynamics(found["rest"], {k: f for k, f in found.items() if k != "rest"})

    def measure_only() -> DynamicsReport:
        return measure_dynamics(faces["rest"], {k: f for k, f in faces.items() if k != "rest"})

    t_full, t_measure = timed(full), timed(measure_only)
    print(
        f"\nSix-photo set: rest = frl_london_{SET_PAIR}_03, smile = frl_london_{SET_PAIR}_08 (real); brows up, frown, eyes closed "
        "and pucker are warped copies of the rest photo (no real six-expression set is available)."
    )
    times = [["detect 6 + measure", fmt(t_full, 3)], ["measure only", fmt(t_measure, 3)]]
    print_table("Time with the six photos in memory (median of 5 runs)", ["stage", "seconds"], times)
    report = measure_only()
    injected = {
        "brow_elevation": "4.0 / 3.0",
        "medial_brow_travel": "2.0 / 1.5 (down)",
        "eyelid_closure": "3.0 / 3.0",
        "mouth_corner_excursion": "real smile",
        "smile_angle": "real smile",
        "lip_travel": "3.0 / 3.0 (inward)",
    }
    rows = []
    for name, result in report.expressions.items():
        for mid, m in result.movements.items():
            rows.append([name, mid, injected[mid], f"{m.left:.2f} / {m.right:.2f} {m.unit}", m.stronger, "yes" if result.shown else "no"])
    print_table("Movements of the set (left / right)", ["expression", "measure", "injected", "measured", "stronger", "shown"], rows)
    return verdict(f"six-photo set aligned and measured in <= {TIME_TARGET_S:g} s", t_full <= TIME_TARGET_S, f"{t_full:.3f} s (measure only {t_measure:.3f} s)")


Figure = tuple[str, str, str]  # (measure id, "value" or the extra's name, unit)


def figures(report: DynamicsReport, expression: str) -> dict[Figure, dict[str, float]]:
    """Every figure of an expression's movements, per side: the measures themselves and their mm extras."""
    out: dict[Figure, dict[str, float]] = {}
    for mid, m in report.expressions[expression].movements.items():
        out[(mid, "value", m.unit)] = {"left": m.left, "right": m.right}
        for key, v in m.extras.items():
            if not key.endswith("_mm"):
                continue
            side, _, name = key.partition("_")
            if side in ("left", "right"):
                out.setdefault((mid, name, "mm"), {})[side] = v
            else:
                out[(mid, key, "mm")] = {"midline": v}
    return out


def repeatability() -> bool:
    rows = []
    worst_sd = 0.0
    for pid in PAIRS:
        rest = detect(photo(f"frl_london_{pid}_03.jpg"))
        cases = {"smile": photo(f"frl_london_{pid}_08.jpg"), "brows_up": move_feature(rest, "brow", "left", 3.0)}
        for expression, expr_photo in cases.items():
            base = figures(measure_dynamics(rest, {expression: detect(expr_photo)}), expression)
            samples: dict[Figure, dict[str, list[float]]] = {k: {side: [] for side in v} for k, v in base.items()}
            for angle, scale in itertools.product(ANGLES, SCALES):
                f = figures(measure_dynamics(rest, {expression: detect(transformed(expr_photo, angle, scale))}), expression)
                for k, sides in f.items():
                    for side, v in sides.items():
                        samples[k][side].append(v)
            for (mid, name, unit), sides in base.items():
                sd = max(float(np.std(samples[(mid, name, unit)][side], ddof=1)) for side in sides)
                dev = max(max(abs(v - x) for v in samples[(mid, name, unit)][side]) for side, x in sides.items())
                if name == "value" and unit == "mm":
                    worst_sd = max(worst_sd, sd)
                label = mid if name == "value" else f"  {mid}: {name}"
                rows.append([f"frl_{pid} {expression}", label, f"{fmt(sd)} {unit}", f"{fmt(dev)} {unit}"])
    print_table(
        f"Repeatability: SD over {len(ANGLES) * len(SCALES)} rotations ({', '.join(f'{a:g}' for a in ANGLES)}°) x rescalings "
        f"({', '.join(f'{s:.0%}' for s in SCALES)}) of the expression photo (the larger of the two sides)",
        ["pair", "figure", "SD", "max change"],
        rows,
    )
    return verdict(f"movement repeatability SD <= {SD_TARGET_MM:g} mm (millimetre measures)", worst_sd <= SD_TARGET_MM, f"worst {worst_sd:.2f} mm")


def identity() -> None:
    faces = {n: detect(photo(n)) for n in (*SAME_PERSON, *DIFFERENT)}
    same = [identity_distance(faces[a], faces[b]) for a, b in itertools.combinations(SAME_PERSON, 2)]
    diff = [identity_distance(faces[a], faces[b]) for a, b in itertools.combinations(DIFFERENT, 2)]
    expr = [identity_distance(detect(photo(f"frl_london_{p}_03.jpg")), detect(photo(f"frl_london_{p}_08.jpg"))) for p in PAIRS]
    rows = []
    for label, d in (("same person (lisa1-4, zoom 30/45/60)", same), ("different people", diff), ("same person, neutral vs smile", expr)):
        above = sum(x > IDENTITY_THRESHOLD for x in d)
        rows.append([label, len(d), fmt(min(d), 4), fmt(float(np.median(d)), 4), fmt(max(d), 4), f"{above}/{len(d)}"])
    print_table(
        f"Identity check: RMS landmark distance / inter-iris distance (threshold {IDENTITY_THRESHOLD})",
        ["pairs", "n", "min", "median", "max", "above threshold"],
        rows,
    )


def main() -> int:
    silence_native_logs()
    ok = speed()
    ok = repeatability() and ok
    identity()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
