"""The preview's simulated photo: does it show what the numbers say, and how fast is it made?

1. **Shown against predicted.** For each face, each muscle whose relaxation moves something at rest (one
   side, left and right on alternate faces, or both for a midline muscle) at a light and a strong level on its
   peak day, the simulated photo
   (``Preview.image``, marked as shown) is measured again from scratch (``viz.detect_face`` then
   ``viz.analyze``) and each paired measure's change is set against the predicted one. A predicted change the
   photo resolves (at least :func:`viz.preview.resolvable_mm`: 1 mm, or twice the measure's uncertainty on that
   photo where that is larger) must be shown at 80-120 %; a smaller one is "too small to show" (the page says so)
   and its error is printed. Measures the engine withholds (jaw and cheek width) have no
   re-measured value and are left out; a change the engine reads from the face mesh alone on either photo
   (its image evidence did not match there) is counted apart, as it cannot check the picture. The
   catalogue's own figures are run, and then each muscle's pattern scaled so that its largest move is
   4.5 mm when strong (1.5 mm when light), so that every muscle's pattern is checked at sizes a photo resolves.
   To tell the picture apart from the re-detection, each change is also read with the model's landmarks: the
   simulated photo measured by the engine (image evidence included) with the landmarks placed where the model
   moved them instead of detected again. Where that reading is within 80-120 % and the one from scratch is not,
   the picture shows the change and the miss comes from detecting the face again (the mesh, the irises and the
   symmetry axis respond to a one-sided change); where both miss, the picture or the engine's reading of it does.
   The picture alone is read too (:func:`picture_moves`): each feature's patch found again on its own side
   of the simulated photo, so neither a new detection nor the match across the axis is involved.
2. **Noise.** The same re-measurement after a one-grey-level random edit of the unchanged photo: how far a
   measure moves when nothing about the face changed (the floor under "too small to show").
3. **Speed and memory.** For a real face resized to 1024 and 2048 px on the long side, the warp of the
   photo (the plan's displacement field on a grid, inverted and applied in one remap) is timed over 15 runs
   after a warm-up, for a strong orbicularis oculi relaxation plus a masseter relaxation (the largest moves
   in the catalogue). Peak extra memory is the rise of the process's peak resident set (VmHWM) across the
   timed runs, measured in a fresh subprocess per size so earlier work does not hide it.

Targets (issues 5 and 10): shown 80-120 % of every resolvable predicted change; 1024 px <= 40 ms,
2048 px <= 120 ms, peak extra memory <= 200 MB.

Run with ``python benchmarks/warp.py`` (``--speed`` or ``--faithful`` for one part, ``--help`` for the options). Nothing
is written to disk.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from types import MappingProxyType
from typing import Any

import numpy as np
from _common import FACES, face_paths, fmt, print_table, verdict

from viz.content import Library, Muscle

TARGET_MS = {1024: 40.0, 2048: 120.0}
TARGET_MB = 200.0
PHOTO = "frl_london_005_03.jpg"
#: Faces for the shown-against-predicted table: every frontal shared photo with one face.
FAITHFUL_FACES = (
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
    "cc0_zoom_45cm.jpg",
)
LEVELS = ("light", "strong")
#: The parts a run can be limited to, each with what it runs (all of them when none is named).
PARTS = {
    "--faithful": "shown against predicted, and the noise of re-measuring an unchanged face (several minutes)",
    "--speed": "the warp's time and peak extra memory at 1024 and 2048 px",
}
LOW, HIGH = 0.8, 1.2


def _status_mb(key: str) -> float:
    """A memory figure of this process from /proc (``VmRSS``: now, ``VmHWM``: peak so far), MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def measure(size: int) -> dict[str, float]:
    """Time the warp at one size (run in its own process)."""
    from PIL import Image

    import viz
    from viz.content import load
    from viz.muscles import Relaxation
    from viz.preview import simulated_image

    img = Image.open(face_paths([PHOTO])[0]).convert("RGB")
    img = img.resize((size, size), Image.Resampling.BICUBIC)
    photo = viz.Photo.from_array(np.asarray(img))
    face = viz.detect_face(photo)
    assert face is not None
    lib = load()
    report = viz.analyze(face)
    plan = [Relaxation("orbicularis_oculi", "left", 1.0), Relaxation("masseter", "right", 1.0)]
    resident = _status_mb("VmRSS")  # everything is loaded; the peak above this is the warp's own
    simulated_image(photo, report, plan, 30.0, library=lib)  # warm-up, and the peak-memory run
    extra = _status_mb("VmHWM") - resident
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        simulated_image(photo, report, plan, 30.0, library=lib)
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"median_ms": statistics.median(times), "extra_mb": max(extra, _status_mb("VmHWM") - resident)}


def speed() -> bool:
    face_paths([PHOTO])  # exits with a clear message when the photo is missing
    rows, ok = [], True
    for size in (1024, 2048):
        # a fresh process per size: its peak memory before the first warp is the baseline
        code = f"import sys, json; sys.path.insert(0, 'benchmarks'); import warp; print(json.dumps(warp.measure({size})))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        rows.append((f"{size} px", f"{r['median_ms']:.1f}", f"{r['extra_mb']:.0f}"))
        ok &= verdict(f"warp {size} px <= {TARGET_MS[size]:.0f} ms median", r["median_ms"] <= TARGET_MS[size], f"{r['median_ms']:.1f} ms")
        ok &= verdict(f"warp {size} px peak extra memory <= {TARGET_MB:.0f} MB", r["extra_mb"] <= TARGET_MB, f"{r['extra_mb']:.0f} MB")
    print_table("Preview warp (15 runs after a warm-up)", ("image", "median ms", "peak extra MB"), rows)
    return ok


def _scaled(lib: Library, card: Muscle, largest_mm: float) -> Library:
    """The catalogue with one muscle's millimetre moves scaled so that the largest is ``largest_mm`` (its pattern kept)."""
    sizes = [abs(e.typical) for e in card.effect if e.direction != "none" and e.unit == "mm"]
    k = largest_mm / max(sizes) if sizes and max(sizes) > 0 else 1.0
    effect = tuple(dataclasses.replace(e, low=e.low * k, typical=e.typical * k, high=e.high * k) if e.unit == "mm" else e for e in card.effect)
    muscles = dict(lib.muscles)
    muscles[card.id] = dataclasses.replace(card, effect=effect)
    return dataclasses.replace(lib, muscles=MappingProxyType(muscles))


#: How far each feature is searched for vertically on the simulated photo, mm: beyond the largest move checked (4.5 mm).
_PICTURE_SEARCH_MM = 6.5


def picture_moves(face: Any, report: Any, image: np.ndarray) -> dict[str, float]:
    """How far the simulated picture itself moved each paired measure's features, mm (same sign as the measure).

    Each feature's patch of the original photo (where the analysis placed it) is found again in the simulated
    photo at the same place (same side, same frame: no mirror partner, no new detection), and its vertical
    move read; a measure's change is its left feature's move less its right one's (upper lid less lower lid
    for the eye opening; a rising corner lessens the mouth-corner drop). ``nan`` where a patch has no clear
    match. This reads the picture alone: set against the prediction it tells a picture that shows less
    from an engine that reads less.
    """
    from viz.anatomy import LEFT, RIGHT
    from viz.evidence import BROW_HEAD_MOVE, BROW_MOVE, CORNER_MOVE, LID_MOVE, Grey, brow_band_centre, brow_head_centre, contour_v, frame_map, match
    from viz.movement import _corner, _lid_margin  # where the expression measures place the same features

    frame = report.frame
    uv = frame.to_mm(face.xy_px)
    mm_map = frame_map(frame)
    before = Grey(face, frame.mm_per_px)
    after = Grey(face.with_landmarks(face.xy_px, photo=type(face.photo).from_array(image, scale=face.photo.scale)), frame.mm_per_px)

    def dv(centre: np.ndarray, patch: Any) -> float:
        big_w, big_h = dataclasses.replace(patch, search_v_mm=_PICTURE_SEARCH_MM).search_size
        found = match(after.patch(mm_map, centre, big_w, big_h), before.patch(mm_map, centre, patch.width_mm, patch.height_mm))
        return float("nan") if found is None else float(found[0][1])

    moves: dict[str, dict[str, float]] = {}
    for side in (LEFT, RIGHT):
        pupil = float(uv[side.iris_centre, 0])
        moves[side.name] = {
            "brow_inner_height": dv(brow_head_centre(uv, side), BROW_HEAD_MOVE),
            "brow_height": dv(brow_band_centre(uv, side, pupil), BROW_MOVE),
            "brow_tail_height": dv(brow_band_centre(uv, side, float(uv[side.eye_outer, 0])), BROW_MOVE),
            "eye_opening": dv(_lid_margin(uv, side, pupil), LID_MOVE) - dv(np.array([pupil, contour_v(uv, side.lid_lower, pupil)]), LID_MOVE),
            "mouth_corner_drop": -dv(_corner(uv, side, pupil), CORNER_MOVE),
        }
    return {mid: moves["left"][mid] - moves["right"][mid] for mid in moves["left"]}


def faithful() -> bool:
    import viz
    from viz.asymmetry import MESH_ONLY_SD
    from viz.content import load
    from viz.landmarks import silence_native_logs
    from viz.muscles import LEVELS as LEVEL_VALUES
    from viz.muscles import Relaxation, treatable_sides
    from viz.preview import RESOLVABLE_MM, relax, resolvable_mm, shown_change
    from viz.vocabulary import PAIRED_IDS

    silence_native_logs()
    lib = load()
    moving = [m for m in lib.muscles.values() if any(e.direction != "none" for e in m.effect)]
    names = [n for n in FAITHFUL_FACES if (FACES / n).is_file()]
    if not names:
        sys.exit(f"None of the benchmark faces is in {FACES}.")
    rng = np.random.default_rng(10)

    def read_from_image(face: viz.Face) -> set[str]:
        return set(MESH_ONLY_SD) - viz.analyze(face).mesh_only

    runs = {"catalogue": lambda card: lib, "pattern scaled to 4.5 mm": lambda card: _scaled(lib, card, 4.5)}
    resolvable: dict[tuple[str, str], list[float]] = defaultdict(list)  # (run, muscle) -> shown / predicted
    with_model: dict[tuple[str, str], list[float]] = defaultdict(list)  # the same, read with the model's landmarks
    in_picture: dict[tuple[str, str], list[float]] = defaultdict(list)  # the picture's own move / predicted (picture_moves)
    unread: dict[tuple[str, str], int] = defaultdict(int)
    checked: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))  # (run, muscle) -> faces per side
    faint: dict[tuple[str, str], list[float]] = defaultdict(list)  # (run, muscle) -> |shown - predicted|
    detail, noise_rows, misses = [], [], []
    noise: dict[str, list[float]] = defaultdict(list)
    for index, name in enumerate(names):
        face = viz.detect_face(viz.load_photo(face_paths([name])[0]))
        if face is None:
            continue
        report = viz.analyze(face)
        evidence = read_from_image(face)
        rgb = np.asarray(face.photo.rgb)
        edited = np.clip(rgb.astype(np.int16) + rng.integers(-1, 2, rgb.shape), 0, 255).astype(np.uint8)
        again = viz.detect_face(viz.Photo.from_array(edited, scale=face.photo.scale))
        if again is not None:
            re = viz.analyze(again)
            for mid in PAIRED_IDS:
                if report.measures[mid].withheld is None:
                    noise[mid].append(abs(re.measures[mid].value - report.measures[mid].value))
        for run, library_for in runs.items():
            for muscle in moving:
                sides = treatable_sides(muscle)
                side = sides[index % len(sides)]  # left and right on alternate faces: both are checked in one run's time
                checked[(run, muscle.id)][side] += 1
                run_lib = library_for(muscle)
                for level in LEVELS:
                    plan = [Relaxation(muscle.id, side, LEVEL_VALUES[level])]
                    pv = relax(face.photo, face, plan, muscle.time_course.peak_days, report=report, library=run_lib)
                    found = viz.detect_face(viz.Photo.from_array(pv.image, scale=face.photo.scale))
                    if found is None:
                        misses.append(f"{name} {muscle.id} {level} ({run}): no face found on the simulated photo")
                        continue
                    shown_report = viz.analyze(found)
                    simulated = viz.Photo.from_array(pv.image, scale=face.photo.scale)
                    model_report = viz.analyze(face.with_landmarks(pv.xy_after_px, photo=simulated))
                    read = evidence & read_from_image(found)
                    moved = picture_moves(face, report, pv.image)
                    cells = []
                    for mid in PAIRED_IDS:
                        if report.measures[mid].withheld is not None:
                            continue
                        predicted = pv.after[mid].value - pv.before[mid].value
                        shown = shown_report.measures[mid].value - report.measures[mid].value
                        if abs(shown_change(pv.before[mid], pv.after[mid])) >= resolvable_mm(report.measures[mid]):  # as the page judges it
                            drawn = moved[mid] / predicted
                            in_picture[(run, muscle.id)].append(drawn)
                            if mid not in read:
                                unread[(run, muscle.id)] += 1
                                cells.append(f"{mid} {predicted:+.2f}/{shown:+.2f} (mesh only)")
                                continue
                            ratio = shown / predicted
                            model = (model_report.measures[mid].value - report.measures[mid].value) / predicted
                            resolvable[(run, muscle.id)].append(ratio)
                            with_model[(run, muscle.id)].append(model)
                            cells.append(
                                f"{mid} {predicted:+.2f}/{shown:+.2f} ({ratio:.0%}"
                                + ("" if LOW <= ratio <= HIGH else f" !, model landmarks {model:.0%}, picture {drawn:.0%}")
                                + ")"
                            )
                        elif mid in pv.faint:
                            faint[(run, muscle.id)].append(abs(shown - predicted))
                    if cells:
                        detail.append((name.removesuffix(".jpg"), muscle.id, f"{side} {level}", run, "; ".join(cells)))
    for mid, values in noise.items():
        noise_rows.append((mid, len(values), fmt(float(np.median(values))), fmt(max(values))))
    print_table("Re-measuring an unchanged face after a one-grey-level edit: |change|, mm", ("measure", "faces", "median", "max"), noise_rows)
    ok = True
    for run in runs:
        rows = []
        for muscle in moving:
            key = (run, muscle.id)
            r, f, m = resolvable.get(key, []), faint.get(key, []), with_model.get(key, [])
            pic = [x for x in in_picture.get(key, []) if np.isfinite(x)]
            inside = sum(LOW <= x <= HIGH for x in r)
            inside_model = sum(LOW <= x <= HIGH for x in m)
            rows.append(
                (
                    muscle.id,
                    ", ".join(f"{side} {n}" for side, n in checked[key].items()),
                    len(r),
                    f"{inside}/{len(r)}" if r else "-",
                    fmt(min(r)) if r else "-",
                    fmt(float(np.median(r))) if r else "-",
                    fmt(max(r)) if r else "-",
                    f"{inside_model}/{len(m)}" if m else "-",
                    f"{sum(LOW <= x <= HIGH for x in pic)}/{len(pic)}" if pic else "-",
                    unread.get(key, 0),
                    len(f),
                    fmt(max(f)) if f else "-",
                )
            )
        print_table(
            f"Shown / predicted per muscle ({run}) over {len(names)} faces, light and strong, at each muscle's peak day "
            f"(resolvable: predicted change >= {RESOLVABLE_MM} mm and >= twice the measure's uncertainty on the photo; smaller ones are flagged on the page)",
            (
                "muscle",
                "sides (faces)",
                "resolvable",
                "within 80-120%",
                "min",
                "median",
                "max",
                "with model landmarks",
                "picture itself",
                "mesh only",
                "too small to show",
                "their max |error| mm",
            ),
            rows,
        )
        ratios = [x for (k_run, _m), r in resolvable.items() if k_run == run for x in r]
        inside = sum(LOW <= x <= HIGH for x in ratios)
        ok = verdict(f"{run}: the simulated photo shows 80-120% of every resolvable predicted change", inside == len(ratios), f"{inside}/{len(ratios)}") and ok
        model_ratios = [x for (k_run, _m), r in with_model.items() if k_run == run for x in r]
        print(f"      read with the model's landmarks instead of detected again: {sum(LOW <= x <= HIGH for x in model_ratios)}/{len(model_ratios)}")
        drawn_ratios = [x for (k_run, _m), r in in_picture.items() if k_run == run for x in r]
        clear = [x for x in drawn_ratios if np.isfinite(x)]
        print(
            f"      the picture itself (each feature found again on its own side, no new detection): {sum(LOW <= x <= HIGH for x in clear)}/{len(clear)}"
            + (f" ({len(drawn_ratios) - len(clear)} without a clear match)" if len(clear) < len(drawn_ratios) else "")
        )
    print_table(
        "Every resolvable change, predicted / shown mm (! outside 80-120%, with the share read on the model's landmarks)",
        ("face", "muscle", "plan", "figures", "measure: predicted / shown"),
        detail,
    )
    for line in misses:
        print(line)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="With no option, both parts run.", allow_abbrev=False)
    for name, what in PARTS.items():
        parser.add_argument(name, action="store_true", help=what)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # one sentence, not argparse's usage block: a misspelt part ran nothing and said nothing
        print(f"Unknown option {unknown[0]}: the options are {', '.join(PARTS)} and --help.", file=sys.stderr)
        return 2
    parts = {name for name in PARTS if getattr(args, name.removeprefix("--"))} or set(PARTS)
    ok = True
    if "--faithful" in parts:
        ok = faithful() and ok
    if "--speed" in parts:
        ok = speed() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
