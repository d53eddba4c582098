"""Preview: what relaxing chosen muscles would likely change, as a warped photo and measures with ranges.

:func:`relax` moves the landmarks by the action model (:mod:`viz.muscles`) at the catalogue's low,
typical and high movement, scaled by the time course on the chosen day (:mod:`viz.timeline`). The
measures after are the measures before plus the change the moved landmarks produce, so the image
evidence behind the "before" figures carries over; the photo is warped by the typical move and marked
as a simulation. Every figure is a model estimate for education, not a prediction for a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from viz import content
from viz.asymmetry import AsymmetryReport, Measure, analyze, measure_note
from viz.balance import MATERIAL_MM, BalanceOption, change_warning
from viz.errors import ArgumentError
from viz.landmarks import Face
from viz.muscles import BOUNDS, Relaxation, displacement_mm, library_muscle, treatable_sides
from viz.photo import Photo
from viz.timeline import check_day
from viz.vocabulary import MEASURES
from viz.warp import warp_by_landmarks

__all__ = ["PREVIEW_SCHEMA", "WATERMARK", "Preview", "balance_options", "relax"]

PREVIEW_SCHEMA = "viz.preview/1"
WATERMARK = "Simulation — educational, not a promise"
#: Reach of the warp around each moving landmark, mm (the skin between landmarks follows smoothly).
WARP_REACH_MM = 6.0
#: Measures a neuromodulator cannot change at rest: bone, volume and position, not muscle pull.
STATIC_IDS = frozenset({"cheek_width", "nose_tip_offset", "lip_offset", "chin_offset"})


@dataclass(frozen=True, eq=False)
class Preview:
    """A simulated treatment.

    Attributes
    ----------
    image : (H, W, 3) ndarray of uint8
        The warped working image (same size as ``photo.rgb``), marked "Simulation".
    day : float
    relaxations : tuple of Relaxation
    xy_before_px, xy_after_px : (478, 2) ndarray
        Landmarks before and after (typical move), original-photo pixels.
    report : AsymmetryReport
        The analysis before treatment (``before`` gives its measures).
    after, after_low, after_high : dict of str to Measure
        The measures after, at the catalogue's typical, low and high movement.
    index_after : dict of str to float
        Overall asymmetry index after, mm, keyed ``low`` / ``typical`` / ``high``.
    warnings : tuple of str
    """

    image: npt.NDArray[np.uint8]
    day: float
    relaxations: tuple[Relaxation, ...]
    xy_before_px: npt.NDArray[np.float64]
    xy_after_px: npt.NDArray[np.float64]
    report: AsymmetryReport
    after: dict[str, Measure]
    after_low: dict[str, Measure]
    after_high: dict[str, Measure]
    index_after: dict[str, float]
    warnings: tuple[str, ...]

    @property
    def before(self) -> dict[str, Measure]:
        """The measures before treatment."""
        return dict(self.report.measures)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz preview --json`` object (schema ``viz.preview/1``)."""
        before = self.report.to_dict()["measures"]
        return {
            "schema": PREVIEW_SCHEMA,
            "day": self.day,
            "relax": [{"muscle": r.muscle, "side": r.side, "level": round(float(r.level), 3)} for r in self.relaxations],
            "before": before,
            "after": _measures_dict(self.after, self.index_after["typical"], self.report),
            "after_low": _measures_dict(self.after_low, self.index_after["low"], self.report),
            "after_high": _measures_dict(self.after_high, self.index_after["high"], self.report),
            "warnings": list(self.warnings),
        }


def _measures_dict(measures: dict[str, Measure], index: float, report: AsymmetryReport) -> dict[str, Any]:
    out: dict[str, Any] = {k: m.to_dict() for k, m in measures.items()}
    out["asymmetry_index_mm"] = {"value_mm": round(index, 2), "regions": {k: round(v, 2) for k, v in report.region_index_mm.items()}}
    return out


def _shifted(before: Measure, delta: tuple[float, float, float]) -> Measure:
    value = before.value + delta[0]
    left = None if before.left_mm is None else before.left_mm + delta[1]
    right = None if before.right_mm is None else before.right_mm + delta[2]
    return replace(before, value=value, left_mm=left, right_mm=right, note=measure_note(before.id, value, before.uncertainty))


def _deltas(a: AsymmetryReport, b: AsymmetryReport) -> dict[str, tuple[float, float, float]]:
    out = {}
    for k, m in a.measures.items():
        n = b.measures[k]
        dl = 0.0 if m.left_mm is None or n.left_mm is None else n.left_mm - m.left_mm
        dr = 0.0 if m.right_mm is None or n.right_mm is None else n.right_mm - m.right_mm
        out[k] = (n.value - m.value, dl, dr)
    return out


def relax(
    photo: Photo,
    face: Face,
    relaxations: Sequence[Relaxation],
    day: float,
    *,
    mirrored: bool = False,
    report: AsymmetryReport | None = None,
    library: content.Library | None = None,
) -> Preview:
    """Simulate relaxing muscles and return the warped photo and the measures before and after.

    Parameters
    ----------
    photo : Photo
        The photo ``face`` was found in.
    face : Face
    relaxations : sequence of Relaxation
        One or more muscles, sides and levels (a combined plan).
    day : float
        Days after treatment, 0-365.
    mirrored : bool, optional
        The photo is a mirrored selfie (as in :func:`viz.analyze`).
    report : AsymmetryReport, optional
        ``analyze(face, mirrored=mirrored)`` if already computed.
    library : viz.content.Library, optional
        The catalogue; loaded from ``content/`` by default.

    Returns
    -------
    Preview
    """
    day = check_day(day)
    if photo.rgb.shape != face.photo.rgb.shape:
        raise ArgumentError("The photo is not the one the face was found in.")
    lib = library or content.load()
    before = report if report is not None else analyze(face, mirrored=mirrored)
    frame = before.frame
    uv = frame.to_mm(before.face.xy_px)
    mesh_before = analyze(before.face, refine=False)

    moved: dict[str, npt.NDArray[np.float64]] = {}
    after: dict[str, dict[str, Measure]] = {}
    index: dict[str, float] = {}
    for bound in BOUNDS:
        d = np.zeros_like(uv)
        for r in relaxations:
            d += displacement_mm(uv, r, library_muscle(lib, r.muscle), float(day), bound)
        moved[bound] = frame.to_px(uv + d)
        mesh_after = analyze(before.face.with_landmarks(moved[bound]), refine=False)
        deltas = _deltas(mesh_before, mesh_after)
        after[bound] = {k: _shifted(m, deltas[k]) for k, m in before.measures.items()}
        index[bound] = before.index_mm + (mesh_after.index_mm - mesh_before.index_mm)

    # warp the working image by the typical move
    s = photo.scale
    xy_w = before.face.xy_px / s - 0.5  # pixel-centre working coordinates
    disp_w = (moved["typical"] - before.face.xy_px) / s
    mm_per_working_px = before.face.mm_per_px * s
    warped = warp_by_landmarks(np.asarray(photo.rgb), xy_w, disp_w, sigma_px=WARP_REACH_MM / mm_per_working_px)
    image = watermark(warped)

    warnings = _warnings(before, after, relaxations, lib)
    xy_after = moved["typical"]
    xy_after.setflags(write=False)
    return Preview(
        image=image,
        day=float(day),
        relaxations=tuple(relaxations),
        xy_before_px=before.face.xy_px,
        xy_after_px=xy_after,
        report=before,
        after=after["typical"],
        after_low=after["low"],
        after_high=after["high"],
        index_after=index,
        warnings=warnings,
    )


def watermark(rgb: npt.NDArray[np.uint8], text: str = WATERMARK) -> npt.NDArray[np.uint8]:
    """A copy of ``rgb`` with ``text`` on a dark band along the top edge."""
    out = np.array(rgb, copy=True)
    w = out.shape[1]
    scale = max(0.4, w / 1400.0)
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, max(1, round(scale * 1.5)))
    band = th + base + round(12 * scale)
    out[:band] = (out[:band].astype(np.float32) * 0.35).astype(np.uint8)
    x = max(4, (w - tw) // 2)
    # OpenCV's Hershey fonts draw ASCII only
    cv2.putText(
        out,
        text.replace("—", "-"),
        (x, band - base - round(6 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 255, 255),
        max(1, round(scale * 1.5)),
        cv2.LINE_AA,
    )
    return out


def before_after_png(photo: Photo, preview: Preview) -> bytes:
    """Before and after side by side, both marked, as PNG bytes (nothing is written to disk)."""
    import io

    from PIL import Image

    before = watermark(np.asarray(photo.rgb), "Before (photo)")
    pair = np.concatenate([before, preview.image], axis=1)
    buf = io.BytesIO()
    Image.fromarray(pair).save(buf, "PNG")
    return buf.getvalue()


def _warnings(before: AsymmetryReport, after: dict[str, dict[str, Measure]], relaxations: Sequence[Relaxation], lib: content.Library) -> tuple[str, ...]:
    out: list[str] = []
    typical = after["typical"]
    for mid, m0 in before.measures.items():
        if m0.kind != "paired":
            continue
        m1 = typical[mid]
        warning = change_warning(MEASURES[mid].noun, m0.value, m1.value, before_uncertainty=m0.uncertainty, after_uncertainty=m1.uncertainty, acts="pulls")
        if warning is not None:
            out.append(warning)
    brow = before.measures["brow_height"]
    for r in relaxations:
        if r.muscle == "frontalis" and r.side in ("left", "right") and brow.left_mm is not None and brow.right_mm is not None:
            own, other = (brow.left_mm, brow.right_mm) if r.side == "left" else (brow.right_mm, brow.left_mm)
            if own < other - brow.uncertainty:
                out.append(f"The {r.side} brow already sits {other - own:.1f} mm lower; relaxing the frontalis there tends to lower it further.")
    finding = max(before.measures.values(), key=lambda m: m.noticeable)
    if finding.id in STATIC_IDS and finding.noticeable >= 0.5:
        out.append(
            f"Your largest difference, in {MEASURES[finding.id].noun}, looks structural (bone, volume or position): a neuromodulator is unlikely to change it."
        )
    for r in relaxations:
        card = lib.muscles[r.muscle]
        if all(mv.direction == "none" for mv in card.effect):
            note = next((mv.note for mv in card.effect if mv.note), "")
            out.append(f"Relaxing the {card.name.lower()} changes little or nothing at rest. {note}".strip())
        elif card.illustrative:
            out.append(f"The {card.name.lower()} figures are illustrative: no published measurement of this change was found.")
    return tuple(dict.fromkeys(out))


def balance_options(
    face: Face,
    *,
    mirrored: bool = False,
    report: AsymmetryReport | None = None,
    library: content.Library | None = None,
    addressable_only: bool = False,
) -> tuple[str, list[BalanceOption]]:
    """Rank single-muscle, single-side relaxations by how much they would reduce the largest finding.

    Each option is evaluated at full relaxation on the muscle's peak day. Returns the measure id of the
    largest finding among the paired measures (among those muscle pull can change, with
    ``addressable_only``) and the options that reduce it, best first (an empty list when none is likely
    to help).
    """
    lib = library or content.load()
    before = report if report is not None else analyze(face, mirrored=mirrored)
    paired = [m for m in before.measures.values() if m.kind == "paired" and not (addressable_only and m.id in STATIC_IDS)]
    finding = max(paired, key=lambda m: m.noticeable)
    uv = before.frame.to_mm(before.face.xy_px)
    mesh_before = analyze(before.face, refine=False)
    options = []
    for muscle in lib.muscles.values():
        for side in treatable_sides(muscle):
            r = Relaxation(muscle.id, side, 1.0)
            values = {}
            for bound in BOUNDS:
                d = displacement_mm(uv, r, muscle, muscle.time_course.peak_days, bound)
                if not np.any(d):
                    break
                moved = analyze(before.face.with_landmarks(before.frame.to_px(uv + d)), refine=False)
                values[bound] = finding.value + moved.measures[finding.id].value - mesh_before.measures[finding.id].value
            if len(values) < len(BOUNDS):
                continue
            option = BalanceOption(r, finding.id, "rest", finding.value, values["typical"], values["low"], values["high"], muscle.illustrative)
            if option.reduction >= max(MATERIAL_MM, 0.5 * finding.uncertainty):
                options.append(option)
    options.sort(key=lambda o: o.reduction, reverse=True)
    return finding.id, options
