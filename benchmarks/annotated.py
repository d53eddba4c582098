"""Agreement with independent annotations: the engine's measures against webmorph templates placed by hand.

The Face Research Lab London Set ships 189-point templates placed independently of MediaPipe
(``../shared/faces/annotated/README.md`` lists the points; the five neutral photos in ``../shared/faces``
have templates too). For each neutral photo with a template this script reads every paired measure
from the template with the same definition the engine uses, in the template's own frame (millimetres
from its iris widths, heights from the line through its pupils, widths from the perpendicular
bisector of the pupils), and compares:

- r, the Deming slope (errors in both) and the mean absolute error, engine against template;
- the share of faces where the template lies within 2 stated uncertainties (+0.3 mm for the
  template's own placement error);
- the same figures for one plain MediaPipe pass (no flip averaging, no re-cropped views, no image
  evidence), the usual open-source approach;
- the correlation of each width difference with the engine's yaw (a head turn read as anatomy shows
  as a strong correlation);
- how often each measure is the headline ("most noticeable difference").

The photos are a development set: the definitions are checked here, nothing is fitted to them.

Usage: ``python benchmarks/annotated.py [--plain]`` (``--plain`` also runs the plain pass; slower).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from _common import FACES, fmt, print_table

import viz
from viz.landmarks import FaceLandmarker, silence_native_logs
from viz.vocabulary import MEASURES, PAIRED_IDS

IRIS_MM = 11.7
TEMPLATE_ALLOWANCE_MM = 0.3

# Template points (image-left = the subject's right). README of shared/faces/annotated.
PUPIL = {"right": 0, "left": 1}
IRIS_EDGES = {"right": (4, 8), "left": (12, 16)}
EYE_OUTER = {"right": 18, "left": 27}
EYE_INNER = {"right": 22, "left": 23}
LID_UPPER = {"right": 20, "left": 25}
LID_LOWER = {"right": 29, "left": 32}
BROW_UPPER = {"right": (71, 72, 73, 74, 75), "left": (82, 81, 80, 79, 78)}  # outer -> inner
MOUTH_CORNER = {"right": 87, "left": 93}
CHEEK = {"right": 165, "left": 168}
JAW = {"right": 127, "left": 131}


def read_template(path: Path) -> np.ndarray:
    """The 189 template points ``(189, 2)`` in image pixels."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = int(lines[0])
    return np.array([[float(v) for v in line.split()[:2]] for line in lines[1 : n + 1]])


def _contour_v(uv: np.ndarray, idx: tuple[int, ...], u: float) -> float:
    pts = uv[list(idx)]
    order = np.argsort(pts[:, 0])
    return float(np.interp(u, pts[order, 0], pts[order, 1]))


def template_measures(points: np.ndarray) -> dict[str, tuple[float, float]]:
    """Left and right of every paired measure from a template, mm, in the template's pupil frame."""
    pr, pl = points[PUPIL["right"]], points[PUPIL["left"]]
    u_axis = (pl - pr) / np.linalg.norm(pl - pr)  # toward the subject's left
    up = np.array([u_axis[1], -u_axis[0]])  # perpendicular, toward the forehead (image y grows downward)
    iris_px = np.mean([np.linalg.norm(points[a] - points[b]) for a, b in IRIS_EDGES.values()])
    k = IRIS_MM / iris_px
    d = points - (pr + pl) / 2.0
    uv = np.stack([d @ u_axis, d @ up], axis=1) * k
    out: dict[str, tuple[float, float]] = {}

    def both(f: object) -> tuple[float, float]:
        return f("left"), f("right")  # type: ignore[operator]

    out["brow_inner_height"] = both(lambda s: float(uv[BROW_UPPER[s][-1], 1]))
    out["brow_height"] = both(lambda s: _contour_v(uv, BROW_UPPER[s], float(uv[PUPIL[s], 0])))
    out["brow_tail_height"] = both(lambda s: _contour_v(uv, BROW_UPPER[s], float(uv[EYE_OUTER[s], 0])))
    out["eye_opening"] = both(lambda s: float(uv[LID_UPPER[s], 1] - uv[LID_LOWER[s], 1]))
    out["mouth_corner_drop"] = both(lambda s: float(-uv[MOUTH_CORNER[s], 1]))
    out["jaw_width"] = both(lambda s: float(abs(uv[JAW[s], 0])))
    out["cheek_width"] = both(lambda s: float(abs(uv[CHEEK[s], 0])))
    return out


def annotated_faces() -> list[tuple[Path, Path]]:
    """(photo, template) of every neutral photo that has a template."""
    pairs = []
    for folder in (FACES / "annotated", FACES):
        for tem in sorted(folder.glob("*_03.tem")):
            jpg = tem.with_suffix(".jpg")
            if jpg.is_file():
                pairs.append((jpg, tem))
    if not pairs:
        sys.exit(f"No annotated photos found under {FACES}.")
    return pairs


def deming(x: np.ndarray, y: np.ndarray) -> float:
    """Deming regression slope of y on x with equal error variances."""
    sxx, syy = float(np.var(x)), float(np.var(y))
    sxy = float(np.mean((x - x.mean()) * (y - y.mean())))
    if abs(sxy) < 1e-12:
        return math.nan
    return (syy - sxx + math.sqrt((syy - sxx) ** 2 + 4.0 * sxy**2)) / (2.0 * sxy)


@dataclass
class Row:
    engine: float | None  # None: withheld
    uncertainty: float
    template: float
    plain: float | None
    corrected: float  # the engine's value after pose correction, shown or not
    raw: float  # before pose correction


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="also run one plain MediaPipe pass per photo")
    args = parser.parse_args()
    silence_native_logs()
    plain_model = FaceLandmarker(views=(), flip=False) if args.plain else None
    rows: dict[str, list[Row]] = {m: [] for m in PAIRED_IDS}
    yaws: list[float] = []
    headlines: Counter[str] = Counter()
    faces = annotated_faces()
    for jpg, tem in faces:
        photo = viz.load_photo(jpg)
        face = viz.detect_face(photo)
        if face is None:
            print(f"no face: {jpg.name}")
            continue
        report = viz.analyze(face)
        truth = template_measures(read_template(tem))
        plain_report = None
        if plain_model is not None:
            plain_face = plain_model.detect(photo)
            plain_report = viz.analyze(plain_face, refine=False) if plain_face is not None else None
        yaws.append(face.pose.yaw)
        ranked = report.sorted_measures()
        headlines[ranked[0].id if ranked and ranked[0].value != 0 else "(none)"] += 1
        for mid in PAIRED_IDS:
            m = report.measures[mid]
            left, right = truth[mid]
            plain = plain_report.measures[mid].value if plain_report is not None else None
            rows[mid].append(Row(None if m.withheld else m.value, m.uncertainty, left - right, plain, m.value, m.value + m.pose_correction))

    table = []
    for mid, rs in rows.items():
        shown = [r for r in rs if r.engine is not None]
        t = np.array([r.template for r in shown])
        e = np.array([r.engine for r in shown], dtype=float)
        u = np.array([r.uncertainty for r in shown])
        within = float(np.mean(np.abs(e - t) <= 2.0 * u + TEMPLATE_ALLOWANCE_MM)) if len(shown) else math.nan
        r_e = float(np.corrcoef(t, e)[0, 1]) if len(shown) > 2 else math.nan
        plain_cols = ["-", "-", "-"]
        if args.plain:
            pt = np.array([r.template for r in rs])
            pe = np.array([r.plain for r in rs], dtype=float)
            plain_cols = [fmt(float(np.corrcoef(pt, pe)[0, 1])), fmt(deming(pt, pe)), fmt(float(np.mean(np.abs(pe - pt))))]
        yaw_r = "-"
        if mid in ("jaw_width", "cheek_width"):
            y = np.array(yaws)
            corrected = np.array([r.corrected for r in rs])
            raw = np.array([r.raw for r in rs])
            shown_r = fmt(float(np.corrcoef(y[[r.engine is not None for r in rs]], e)[0, 1])) if len(shown) > 2 else "withheld"
            yaw_r = f"{shown_r} (raw {np.corrcoef(y, raw)[0, 1]:.2f}, corrected {np.corrcoef(y, corrected)[0, 1]:.2f})"
        table.append(
            [
                mid,
                f"{len(shown)}/{len(rs)}",
                fmt(r_e),
                fmt(deming(t, e)) if len(shown) > 2 else "-",
                fmt(float(np.mean(np.abs(e - t)))) if len(shown) else "-",
                fmt(float(np.median(u))) if len(shown) else "-",
                f"{within:.0%}" if len(shown) else "-",
                *plain_cols,
                yaw_r,
                f"{headlines.get(mid, 0) / len(yaws):.0%}",
            ]
        )
    print(f"{len(yaws)} annotated neutral photos; engine vs template, differences left - right (mm)")
    print_table(
        "Per measure",
        ["measure", "shown", "r", "Deming", "mean|err|", "median u", "within 2u+0.3", "plain r", "plain Deming", "plain |err|", "r with yaw", "headline"],
        table,
    )
    others = {k: v for k, v in headlines.items() if k not in PAIRED_IDS}
    if others:
        print("Headline otherwise: " + ", ".join(f"{MEASURES[k].label if k in MEASURES else k} {v / len(yaws):.0%}" for k, v in others.items()))
    print(f"Yaw: median {np.median(yaws):+.1f}°, range {min(yaws):+.1f}° to {max(yaws):+.1f}°")
    return 0


if __name__ == "__main__":
    sys.exit(main())
