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
3. **Identity.** :func:`viz.visits.identity_distance` (nose midline, eye corners, irises and the iris size, the
   points expressions barely move) against :data:`viz.visits.IDENTITY_THRESHOLD`, on every shared pair: one
   person's neutral and smiling photos (the five in ``../shared/faces`` and the twelve in
   ``../shared/faces/annotated``), one person's re-captures (``lisa1-4``, ``zoom_15/30/45/60cm``), one
   person's neutral photo against another person's smile, and two people's neutral photos. The eye-and-nose
   check Visits used before (all eye and nose landmarks, threshold 0.015) is printed beside it.

Targets (issues 6 and 10)
-------------------------
Six-photo set aligned and measured in <= 1 s after the photos are in memory; movement repeatability
(SD over rotations and rescaling of the expression photo) <= 0.3 mm; one person's expression pairs
flagged as different people at most 1 in 20, different people caught at least 9 in 10; pairs as given read as
mirror images at most 1 in 20, one photo mirrored told at least 9 in 10.

Run with ``python benchmarks/dynamics.py`` (``--identity`` for the identity check alone, ``--mirrors`` for the
mirror-image check alone). Nothing is written to disk.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from _common import FACES, face_paths, fmt, print_table, verdict
from PIL import Image

import viz
from viz.align import align
from viz.anatomy import LEFT, N_MESH, REGION_LANDMARKS, RIGHT
from viz.landmarks import silence_native_logs
from viz.movement import MIRROR_EVIDENCE_MIN, DynamicsReport, measure_dynamics
from viz.testing import move_feature, push_corners_in
from viz.visits import IDENTITY_THRESHOLD, identity_distance, mirror_matches

PAIRS = ("005", "006", "025", "061", "136")
SET_PAIR = "136"
ANGLES = (-10.0, -5.0, 0.0, 5.0, 10.0)
SCALES = (0.8, 0.9, 1.0)
TIME_TARGET_S = 1.0
SD_TARGET_MM = 0.3


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


#: The eye-and-nose check used before issue 10, for comparison: RMS over all eye and nose landmarks after a 3-D fit.
_OLD_POINTS = tuple(sorted(i for i in set(REGION_LANDMARKS["eyes"]) | set(REGION_LANDMARKS["nose"]) if i < N_MESH))
_OLD_THRESHOLD = 0.015
IDENTITY_FLAG_TARGET = 1 / 20
IDENTITY_CATCH_TARGET = 9 / 10


def _old_distance(a: viz.Face, b: viz.Face) -> float:
    fit = align(b, a, points=_OLD_POINTS)
    idx = list(_OLD_POINTS)
    diff = fit.apply(b)[idx] - a.xy_px[idx]
    iod = float(np.linalg.norm(a.xy_px[LEFT.iris_centre] - a.xy_px[RIGHT.iris_centre]))
    return float(np.sqrt(np.mean(np.sum(diff**2, axis=1)))) / iod


def _person(path: Path) -> str:
    name = path.name
    if name.startswith("frl_london_"):
        return "frl" + name.split("_")[2]
    # the lisa and zoom photos show one woman (the same face, the same jumper): counted as two people, 15 of their 16
    # pairs were "let through" (viz.visits.IDENTITY_LET_THROUGH)
    return "lisa" if name.startswith(("cc0_lisa", "cc0_zoom")) else name


def identity() -> bool:
    folders = [FACES, FACES / "annotated"]
    paths = sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.jpg"))
    faces = {p: f for p in paths if (f := viz.detect_face(viz.load_photo(p))) is not None}
    smiles = [p for p in faces if p.stem.endswith("_08")]
    neutrals = [p for p in faces if not p.stem.endswith("_08")]
    rest_of = {p: p.with_name(p.name.replace("_08", "_03")) for p in smiles}
    groups = {
        "one person: neutral vs smile": [(rest_of[s], s) for s in smiles if rest_of[s] in faces],
        "one person: re-captures": [(a, b) for a, b in itertools.combinations(neutrals, 2) if _person(a) == _person(b)],
        "two people: neutral vs smile": [(a, s) for s in smiles for a in neutrals if _person(a) != _person(s)],
        "two people: neutral vs neutral": [(a, b) for a, b in itertools.combinations(neutrals, 2) if _person(a) != _person(b)],
    }
    rows, rates = [], {}
    for label, pairs in groups.items():
        new = [identity_distance(faces[a], faces[b]) for a, b in pairs]
        old = [_old_distance(faces[a], faces[b]) for a, b in pairs]
        above = sum(x > IDENTITY_THRESHOLD for x in new)
        rates[label] = above / max(len(pairs), 1)
        rows.append(
            [
                label,
                len(pairs),
                fmt(float(np.median(new)), 4),
                fmt(max(new), 4),
                f"{above}/{len(pairs)} ({rates[label]:.0%})",
                f"{sum(x > _OLD_THRESHOLD for x in old)}/{len(pairs)}",
            ]
        )
    print_table(
        f"Identity check (threshold {IDENTITY_THRESHOLD}): nose midline, eye corners, irises and iris size after a 3-D fit",
        ["pairs", "n", "median", "max", "flagged as different people", f"before: eye-and-nose check >{_OLD_THRESHOLD}"],
        rows,
    )
    ok = verdict(
        f"one person's expression pairs flagged at most {IDENTITY_FLAG_TARGET:.0%}",
        rates["one person: neutral vs smile"] <= IDENTITY_FLAG_TARGET,
        f"{rates['one person: neutral vs smile']:.0%}",
    )
    return (
        verdict(
            f"another person's smile caught at least {IDENTITY_CATCH_TARGET:.0%}",
            rates["two people: neutral vs smile"] >= IDENTITY_CATCH_TARGET,
            f"{rates['two people: neutral vs smile']:.1%}",
        )
        and ok
    )


#: Mirror images: one person's rest and smile pairs told as mirrored at most this often as given ...
MIRROR_FALSE_TARGET = 1 / 20
#: ... and at least this often with one of the two photos mirrored, unmarked.
MIRROR_CATCH_TARGET = 9 / 10


def _mirrored(p: viz.Photo) -> viz.Photo:
    return viz.Photo.from_array(np.ascontiguousarray(np.asarray(p.rgb)[:, ::-1]))


def mirrors() -> bool:
    """Every rest and smile pair of the shared photos as given, with the smile mirrored and with the rest mirrored (none
    marked): how often each is read as a mirror image (:attr:`viz.movement.ExpressionResult.looks_mirrored`), by the
    face's shape alone (:func:`viz.visits.mirror_matches`) and in all, with the range of :func:`viz.movement.mirror_evidence`."""
    folders = [FACES, FACES / "annotated"]
    smiles = sorted(p for folder in folders if folder.is_dir() for p in folder.glob("frl_london_*_08.jpg"))
    rest_of = {s: s.with_name(s.name.replace("_08", "_03")) for s in smiles}
    pairs = [(viz.load_photo(rest_of[s]), viz.load_photo(s)) for s in smiles if rest_of[s].exists()]
    cases = {
        "as given": lambda r, s: (r, s),
        "smile mirrored": lambda r, s: (r, _mirrored(s)),
        "rest mirrored": lambda r, s: (_mirrored(r), s),
    }
    rows, rates = [], {}
    for label, make in cases.items():
        told = shape = 0
        evidence = []
        for rest, smile in pairs:
            a, b = make(rest, smile)
            result = measure_dynamics(detect(a), {"smile": detect(b)}).expressions["smile"]
            told += result.looks_mirrored
            shape += mirror_matches(result.identity_distance, result.mirrored_distance, result.identity_checked)
            evidence.append(result.mirror_evidence)
        rates[label] = told / max(len(pairs), 1)
        rows.append([label, len(pairs), f"{shape}/{len(pairs)}", f"{told}/{len(pairs)} ({rates[label]:.0%})", f"{min(evidence):+.1f} to {max(evidence):+.1f}"])
    print_table(
        f"Mirror images (rest and smile pairs, nothing marked; evidence read as mirrored from {MIRROR_EVIDENCE_MIN:.1f})",
        ["pairs", "n", "told by the face's shape", "told in all", "mirror evidence"],
        rows,
    )
    ok = verdict(f"pairs as given read as mirrored at most {MIRROR_FALSE_TARGET:.0%}", rates["as given"] <= MIRROR_FALSE_TARGET, f"{rates['as given']:.0%}")
    caught = min(rates["smile mirrored"], rates["rest mirrored"])
    return verdict(f"one photo mirrored told at least {MIRROR_CATCH_TARGET:.0%}", caught >= MIRROR_CATCH_TARGET, f"{caught:.0%}") and ok


def main() -> int:
    silence_native_logs()
    if "--identity" in sys.argv[1:]:
        return 0 if identity() else 1
    if "--mirrors" in sys.argv[1:]:
        return 0 if mirrors() else 1
    ok = speed()
    ok = repeatability() and ok
    ok = identity() and ok
    ok = mirrors() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
