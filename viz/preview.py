"""Preview: what relaxing chosen muscles would likely change, as a warped photo and measures with ranges.

:func:`relax` moves the landmarks by the action model (:mod:`viz.muscles`) at the catalogue's low,
typical and high movement, scaled by the time course on the chosen day (:mod:`viz.timeline`). The
measures after are the measures before plus the change the moved landmarks produce, so the image
evidence behind the "before" figures carries over; the brow heights change by what their patches read
(:func:`viz.muscles.brow_moves_mm`: each its own feature's move in the catalogue). The photo is warped by the same displacement field
that moved the landmarks (:func:`viz.muscles.displacement_at_mm`, typical move), so measuring the
simulated photo again from scratch finds the predicted change: 80-120 % of every predicted paired change
the photo can resolve (:func:`resolvable_mm`) on the faces the tests use (``benchmarks/warp.py`` prints shown
against predicted on every shared face, including the few where the engine's own re-measurement does not follow
a known move). A smaller change is below what measuring the photo again can resolve; the preview names it
(:attr:`Preview.faint`) and says so. Every simulated image is marked inside the face's box (:func:`mark`), so no crop to the face removes
the mark. Every figure is a model estimate for education, not a prediction for a person.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from viz import content
from viz.asymmetry import AsymmetryReport, Measure, analyze, degrees_per_mm, index_dict, measure_note, mesh_readings
from viz.balance import MATERIAL_MM, BalanceOption, Change, change_warnings, joined
from viz.errors import ArgumentError
from viz.landmarks import Face
from viz.muscles import (
    BOUNDS,
    LEVELS,
    MEASURE_FEATURES,
    Relaxation,
    brow_moves_mm,
    check_plan,
    displacement_at_mm,
    displacement_mm,
    library_muscle,
    treatable_sides,
)
from viz.overlay import SAFETY_FOOTER, crop, face_box, label_font, png_text, text_band, under
from viz.photo import Photo
from viz.timeline import RESET_DAY, check_day, end_day
from viz.vocabulary import (
    EDUCATIONAL,
    MEASURES,
    MIRRORED_NOTE,
    NBSP,
    NOT_MEASURED,
    TARGETS,
    format_pm,
    format_range,
    format_value,
    mid_sentence,
    rounded,
    side_phrase,
    within,
)
from viz.warp import grid_nodes, warp_by_grid

__all__ = [
    "BEFORE_AFTER_SIDE",
    "FACE_CROP_MARGINS",
    "MARK",
    "MIRRORED_NOTE",
    "PHOTO_MARK",
    "PREVIEW_SCHEMA",
    "RESOLVABLE_MM",
    "UNCHANGED",
    "WATERMARK",
    "Preview",
    "balance_options",
    "before_after_png",
    "course_days",
    "full_effect_day",
    "illustrative_caveats",
    "mark",
    "mark_boxes",
    "moved_alike",
    "pair_png",
    "plan_text",
    "relax",
    "resolvable_mm",
    "shown_rows",
    "simulated_image",
]

PREVIEW_SCHEMA = "viz.preview/1"
WATERMARK = "Simulation — educational, not a promise"
#: The mark burnt into every simulated image, inside the face's box; :data:`PHOTO_MARK` marks the photo beside it.
MARK = "SIMULATION"
PHOTO_MARK = "PHOTO"
#: Letter height of the marks, millimetres on the face (readable on a face-sized crop, clear of the features).
MARK_LETTER_MM = 5.0
#: Room around the face in the pictures of a simulation, shares of the face's landmark box (sides, above, below):
#: the Preview page's before and after, and the saved before / after.
FACE_CROP_MARGINS = (0.3, 0.35, 0.2)
#: Long side of each of the saved before / after's two pictures, pixels: a larger face is reduced to it and a
#: smaller one brought up to it before the words are drawn under them, so they are read at the face's size.
BEFORE_AFTER_SIDE = 900
#: Smallest predicted change of a paired measure that the simulated photo shows faithfully, mm: measured again
#: from scratch (detect, then analyze), the photo shows 80-120 % of a change at least this large. Re-measuring a
#: face after an edit elsewhere moves a brow height by up to ~0.3 mm (benchmarks/warp.py), and a 0.6-0.8 mm change
#: came out at 50-130 % on the shared faces, so a smaller change cannot be told apart from that noise. On a photo
#: where a measure is uncertain the bar is higher (:func:`resolvable_mm`).
RESOLVABLE_MM = 1.0
#: The likely range of a measure the plan leaves as it was (its range one value, its typical after its before), as the
#: Preview page and the consult report print it (:func:`shown_rows`).
UNCHANGED: Final = "unchanged"
#: Beyond this distance from every landmark no muscle moves the skin, mm (the forehead follows a brow for 20 mm).
_FIELD_MARGIN_MM = 30.0
#: Every warning that a change is too small to show says this.
_FAINT_PHRASE = "is too small for the simulated photo to show faithfully"
#: Every warning that a plan's figures are illustrative says this (the saved picture repeats those: :func:`illustrative_caveats`).
_ILLUSTRATIVE_PHRASE = "figures are illustrative"
#: Changes smaller than this are no change at all (not "too small to show"), mm.
_NO_CHANGE_MM = 0.05
#: Reach of the warp around each moving landmark in an expression photo, mm (the skin between landmarks follows smoothly).
WARP_REACH_MM = 6.0
#: Largest grid step of the displacement field of the photo at rest, mm (the field is smooth at this scale).
WARP_GRID_MM = 1.5
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
    regions_after : dict of str to dict of str to float
        Each region's index after, mm (as :attr:`viz.AsymmetryReport.region_index_mm`), keyed by the same bounds.
    warnings : tuple of str
    faint : tuple of str
        Paired measures and tilts whose typical change is real but smaller than the photo shows faithfully
        (:func:`resolvable_mm`; a tilt by the height it makes): a warning says so, and the Preview page names them.
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
    regions_after: dict[str, dict[str, float]]
    warnings: tuple[str, ...]
    faint: tuple[str, ...] = ()

    @property
    def before(self) -> dict[str, Measure]:
        """The measures before treatment."""
        return dict(self.report.measures)

    @property
    def plan_warnings(self) -> tuple[str, ...]:
        """The warnings without the per-measure notes that a change is too small to show (the page gathers those in one line)."""
        return tuple(w for w in self.warnings if _FAINT_PHRASE not in w)

    def plan_warnings_without_table(self) -> tuple[str, ...]:
        """:attr:`plan_warnings` for a screen that shows no table of measures (presenter mode, the demo): the sentence on
        both sides moving alike does not name the table (:func:`moved_alike`)."""
        alike = moved_alike(self.report, self.after)
        return tuple(moved_alike(self.report, self.after, table=False) if alike and w == alike else w for w in self.plan_warnings)

    def faint_note(self) -> str:
        """The one note naming the changes too small for the picture to show (:attr:`faint`), as the Preview page and the
        consult report both give it; "" for none. The report gave each its own sentence, with a weaker rule ("does not
        resolve changes below about 1.0 mm") than the page's, which also names twice the measure's uncertainty."""
        if not self.faint:
            return ""
        names = ", ".join(MEASURES[mid].noun for mid in self.faint)
        return (
            f"Too small for the picture to show faithfully: {names}. A photo measured again cannot confirm a change under"
            f" about {RESOLVABLE_MM:g} mm, or under twice its measure's uncertainty on this photo (a tilt: the height it"
            " makes across the eyes or the mouth). Read these from the table."
        )

    def in_picture(self, mid: str) -> str:
        """Whether the simulated photo shows a measure's change: "shown", "too small to show", or "" (no change to show).

        A tilt is judged as the change in height between its two points that it is (over the tilt's base,
        :func:`viz.asymmetry.degrees_per_mm`), by the paired measures' rule: a tilt row that changed had an empty cell.
        """
        if mid in self.faint:  # the one list the warnings are written from (:func:`_faint`)
            return "too small to show"
        m = self.report.measures[mid]
        if m.withheld is not None or m.kind not in ("paired", "tilt"):
            return ""
        return "shown" if _height_change_mm(m, self.after[mid]) >= _resolvable_height_mm(m) else ""

    def measure_rows(self) -> list[dict[str, str]]:
        """Every measure before -> after, as the Preview page and the PDF show it: the measured value with its
        uncertainty, the typical value, the likely range, the typical change and whether the picture shows it; the
        measures that change most first, those not measured last.

        The change shown is the shown after minus the shown before (the before is the first page's figure), so each
        row adds up as read; the change itself is at most one step of the last digit away.
        """
        return [row for _, row in self._rows()]

    def largest_changes(self, n: int = 3) -> list[dict[str, str]]:
        """The ``n`` rows of :meth:`measure_rows` that change most, leaving out any whose change shows as zero (a
        measure the plan leaves alone was listed among the "largest changes" when fewer than ``n`` moved)."""
        return [row for shown, row in self._rows() if shown][:n]

    def _rows(self) -> list[tuple[float, dict[str, str]]]:
        """:meth:`measure_rows` in their order, each with the change it shows (0 for a measure not measured)."""
        sized: list[tuple[float, float, dict[str, str]]] = []
        for mid, m in self.before.items():
            if m.withheld is not None:
                empty = {"after (typical)": "", "likely range": "", "change": "", "in the picture": ""}
                sized.append((-1.0, 0.0, {"measure": MEASURES[mid].label, "before": "not measured", **empty}))
                continue
            after, low, high = self.after[mid], self.after_low[mid], self.after_high[mid]
            lo, hi = sorted((low.value, high.value))
            unit = m.unit
            shown = shown_change(m, after)
            row = {
                "measure": MEASURES[mid].label,
                "before": format_pm(m.value, m.uncertainty, unit, signed=True),
                # with the photo's ± (the measurement's error carries into the value after unchanged): beside a bare
                # "-0.2 mm" and a likely range 0.9 mm wide, a before of "+0.3 ± 2.3 mm" read as measured more finely after
                "after (typical)": format_pm(after.value, after.uncertainty, unit, signed=True),
                "likely range": format_range(lo, hi, unit, signed=True),
                "change": format_value(shown, unit, signed=True),
                "in the picture": self.in_picture(mid),
            }
            sized.append((abs(after.value - m.value), shown, row))
        sized.sort(key=lambda entry: entry[0], reverse=True)  # stable: equal changes keep the measures' order
        return [(shown, row) for _, shown, row in sized]

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz preview --json`` object (schema ``viz.preview/1``)."""
        before = self.report.to_dict()["measures"]
        return {
            "schema": PREVIEW_SCHEMA,
            "day": int(self.day) if float(self.day).is_integer() else self.day,  # whole days print as DESIGN's "day": N (not 14.0)
            "relax": [{"muscle": r.muscle, "side": r.side, "level": round(float(r.level), 3)} for r in self.relaxations],
            "before": before,
            "after": self._measures_dict(self.after, "typical"),
            "after_low": self._measures_dict(self.after_low, "low"),
            "after_high": self._measures_dict(self.after_high, "high"),
            "warnings": list(self.warnings),
        }

    def _measures_dict(self, measures: dict[str, Measure], bound: str) -> dict[str, Any]:
        """One bound's measures as the ``before`` object has them, the index and its regions read from the moved
        landmarks (the regions were the photo's own: a brow plan left ``brows`` as it was)."""
        out: dict[str, Any] = {k: m.to_dict() for k, m in measures.items()}
        out["asymmetry_index_mm"] = index_dict(self.index_after[bound], self.regions_after[bound])
        return out


def shown_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The Preview table's rows (:meth:`Preview.measure_rows`) as the Preview page and the consult report show them: a
    likely range that is one value, with the typical after equal to the before, said as :data:`UNCHANGED`. Beside
    ranges such as "+0.2 to +1.1 mm" a lone "+1.1 mm" read as a prediction, and as a range of one value.

    Examples
    --------
    >>> shown_rows([{"before": "+1.1 ± 0.4 mm", "after (typical)": "+1.1 ± 0.4 mm", "likely range": "+1.1 mm"}])[0]["likely range"]
    'unchanged'
    >>> shown_rows([{"before": "+1.1 ± 0.4 mm", "after (typical)": "+0.4 ± 0.4 mm", "likely range": "+0.1 to +0.6 mm"}])[0]["likely range"]
    '+0.1 to +0.6 mm'
    """
    return [
        {**row, "likely range": UNCHANGED}
        if row.get("likely range") and f"{NBSP}to{NBSP}" not in row["likely range"] and row["after (typical)"] == row["before"]
        else row
        for row in rows
    ]


def _measures_after(before: AsymmetryReport, deltas: Mapping[str, tuple[float, float, float]]) -> dict[str, Measure]:
    """Every measure after a plan's changes (:func:`_shifted`), as the plan's simulation and an option's both read them."""
    return {k: _shifted(m, deltas[k]) for k, m in before.measures.items()}


def _shifted(before: Measure, delta: tuple[float, float, float]) -> Measure:
    """A measure after a plan's change ``(difference, left, right)``; a withheld measure stays withheld, with its note.

    Its note was rewritten from the hidden number: ``after`` read "No clear difference: 0.9 mm ..." beside ``before``'s
    "Not measured from one photo ...", for the same jaw width.
    """
    if before.withheld is not None:
        return before
    value = before.value + delta[0]
    left = None if before.left_mm is None else before.left_mm + delta[1]
    right = None if before.right_mm is None else before.right_mm + delta[2]
    return replace(before, value=value, left_mm=left, right_mm=right, note=measure_note(before.id, value, before.uncertainty))


def _deltas(uv: npt.NDArray[np.float64], d: npt.NDArray[np.float64], brows: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float, float]]:
    """Each measure's change ``(difference, left, right)`` when the landmarks ``uv`` (face millimetres) move by ``d``,
    read in the photo's face frame held still, and for the brows the moves their patches read
    (:func:`viz.muscles.brow_moves_mm`).

    A relaxed muscle moves soft tissue, not the skull the frame stands for. Refitted to the moved landmarks, the
    symmetry axis leaned with a jaw outline the masseter moved: the nose tip, the lip midline and both tilts then
    "changed" by up to 0.15 mm on the test photos, for a muscle that does not reach them.
    """
    was, now = mesh_readings(uv), mesh_readings(uv + d)
    out = {mid: (now[mid][0] - was[mid][0], _change(was[mid][1], now[mid][1]), _change(was[mid][2], now[mid][2])) for mid in was}
    for k, (dl, dr) in brows.items():
        out[k] = (dl - dr, dl, dr)
    return out


def _spread(
    before: AsymmetryReport, plan: Sequence[tuple[Relaxation, content.Muscle]], day: float
) -> tuple[dict[str, tuple[float, float, float]], dict[str, tuple[float, float, float]]]:
    """Each measure's smallest and largest change under a plan of several muscles: every muscle at whichever of its
    bounds moves the measure least (most), the muscles' changes added.

    All muscles at their low bound at once is not the least a plan can do where two of them move a measure opposite
    ways: the forehead muscle lowering the left brow and the eye-closing muscle's relaxation raising it gave
    "1.9 ± 0.4 mm → 2.0 mm (likely 2.1 to 2.3 mm)", the typical change outside its own range.
    """
    uv = before.frame.to_mm(before.face.xy_px)
    per_muscle = []
    for item in plan:
        changes = {}
        for bound in BOUNDS:
            _uv, d = _plan_moves(before, [item], day, bound)
            changes[bound] = _deltas(uv, d, brow_moves_mm(uv, [item], day, bound))
        per_muscle.append(changes)
    low: dict[str, tuple[float, float, float]] = {}
    high: dict[str, tuple[float, float, float]] = {}
    for mid in per_muscle[0][BOUNDS[0]]:
        for out, pick in ((low, min), (high, max)):
            chosen = [pick(changes.values(), key=lambda deltas: deltas[mid][0])[mid] for changes in per_muscle]
            out[mid] = (sum(c[0] for c in chosen), sum(c[1] for c in chosen), sum(c[2] for c in chosen))
    return low, high


def _change(was: float | None, now: float | None) -> float:
    return 0.0 if was is None or now is None else now - was


def _plan_moves(
    before: AsymmetryReport, plan: Sequence[tuple[Relaxation, content.Muscle]], day: float, bound: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The landmarks in face millimetres and how far a plan moves them on a day, at one bound."""
    uv = before.frame.to_mm(before.face.xy_px)
    d = np.zeros_like(uv)
    for r, card in plan:
        d += displacement_mm(uv, r, card, day, bound)
    return uv, d


def _plan_after(
    before: AsymmetryReport, mesh_before: AsymmetryReport, plan: Sequence[tuple[Relaxation, content.Muscle]], day: float, bound: str
) -> tuple[npt.NDArray[np.float64], dict[str, tuple[float, float, float]], float, dict[str, float]]:
    """A plan's landmarks after (image pixels), each measure's change and the overall index's and each region's
    index's change, at one bound.

    The index is the landmarks' residual from the best mirror fit, so it is read with the axis refitted (:func:`analyze`).
    """
    uv, d = _plan_moves(before, plan, day, bound)
    moved = before.frame.to_px(uv + d)
    mesh_after = analyze(before.face.with_landmarks(moved), refine=False)
    regions = {k: v - mesh_before.region_index_mm[k] for k, v in mesh_after.region_index_mm.items()}
    return moved, _deltas(uv, d, brow_moves_mm(uv, plan, day, bound)), mesh_after.index_mm - mesh_before.index_mm, regions


def simulated_image(
    photo: Photo, report: AsymmetryReport, relaxations: Sequence[Relaxation], day: float, *, library: content.Library | None = None
) -> npt.NDArray[np.uint8]:
    """The working image moved by a plan's typical displacement field on a given day, not yet marked.

    The field (:func:`viz.muscles.displacement_at_mm`) is the one that moves the landmarks in :func:`relax`,
    evaluated on a grid no coarser than :data:`WARP_GRID_MM` and applied with :func:`viz.warp.warp_by_grid`.
    Show it only through :func:`relax` (``Preview.image``) or after :func:`mark`.

    Parameters
    ----------
    photo : Photo
    report : AsymmetryReport
        The analysis of the face in ``photo`` (its frame places the features).
    relaxations : sequence of Relaxation
    day : float
        Days after treatment, 0-365.
    library : viz.content.Library, optional

    Returns
    -------
    (H, W, 3) ndarray of uint8
        Same size as ``photo.rgb``; a copy of it when nothing moves.
    """
    day = check_day(day)
    check_plan(relaxations)
    lib = library or content.load()
    frame, s = report.frame, photo.scale
    uv = frame.to_mm(report.face.xy_px)
    mm_per_working_px = frame.mm_per_px * s
    step = int(np.clip(np.floor(WARP_GRID_MM / mm_per_working_px), 2, 8))
    nodes = grid_nodes((photo.rgb.shape[0], photo.rgb.shape[1]), step)  # working-image pixel centres
    # nothing moves far from the face: evaluate the field only on the nodes around the landmarks
    box_mm = np.array(
        [
            [u, v]
            for u in (uv[:, 0].min() - _FIELD_MARGIN_MM, uv[:, 0].max() + _FIELD_MARGIN_MM)
            for v in (uv[:, 1].min() - _FIELD_MARGIN_MM, uv[:, 1].max() + _FIELD_MARGIN_MM)
        ]
    )
    box_px = frame.to_px(box_mm) / s
    (j0, i0), (j1, i1) = np.floor(box_px.min(axis=0) / step).astype(int), np.ceil(box_px.max(axis=0) / step).astype(int) + 1
    i0, j0 = max(i0, 0), max(j0, 0)
    i1, j1 = min(i1, nodes.shape[0]), min(j1, nodes.shape[1])
    field = np.zeros((*nodes.shape[:2], 2))
    if i1 <= i0 or j1 <= j0:
        return np.array(photo.rgb, copy=True)
    sub_mm = frame.to_mm((nodes[i0:i1, j0:j1].reshape(-1, 2) + 0.5) * s)
    d_mm = np.zeros_like(sub_mm)
    for r in relaxations:
        d_mm += displacement_at_mm(sub_mm, uv, r, library_muscle(lib, r.muscle), day, "typical")
    if not np.any(d_mm):
        return np.array(photo.rgb, copy=True)
    field[i0:i1, j0:j1] = ((d_mm[:, :1] * frame.left + d_mm[:, 1:] * frame.up) / mm_per_working_px).reshape(i1 - i0, j1 - j0, 2)
    return warp_by_grid(np.asarray(photo.rgb), field, step=step)


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
        One or more muscles, sides and levels (a combined plan); each side of a muscle at most once
        (:func:`viz.muscles.check_plan`).
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
    check_plan(relaxations)
    if photo.rgb.shape != face.photo.rgb.shape:
        raise ArgumentError("The photo is not the one the face was found in.")
    lib = library or content.load()
    before = report if report is not None else analyze(face, mirrored=mirrored)
    mesh_before = analyze(before.face, refine=False)
    plan = [(r, library_muscle(lib, r.muscle)) for r in relaxations]

    moved: dict[str, npt.NDArray[np.float64]] = {}
    after: dict[str, dict[str, Measure]] = {}
    index: dict[str, float] = {}
    regions: dict[str, dict[str, float]] = {}
    for bound in BOUNDS:
        moved[bound], deltas, index_change, region_change = _plan_after(before, mesh_before, plan, float(day), bound)
        after[bound] = _measures_after(before, deltas)
        index[bound] = before.index_mm + index_change
        regions[bound] = {k: max(0.0, v + region_change[k]) for k, v in before.region_index_mm.items()}
    if len(plan) > 1:  # muscles that move a measure opposite ways: each at its own end
        low, high = _spread(before, plan, float(day))
        after["low"], after["high"] = _measures_after(before, low), _measures_after(before, high)

    # warp the working image by the same field that moved the landmarks (typical move)
    image = mark(simulated_image(photo, before, relaxations, day, library=lib), before.face)

    faint = _faint(before, after["typical"])
    unread = tuple(r.muscle for r, card in plan if _changes_no_measure(before, r, card))
    warnings = _warnings(before, after, relaxations, lib, unread) + tuple(_faint_warning(before.measures[mid], after["typical"][mid]) for mid in faint)
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
        regions_after=regions,
        warnings=tuple(dict.fromkeys(warnings)),
        faint=faint,
    )


def resolvable_mm(before: Measure) -> float:
    """The smallest change of a paired measure that the simulated photo can be checked to show on this photo, mm.

    :data:`RESOLVABLE_MM`, or twice the measure's uncertainty on this photo where that is larger: measured again, the
    simulated photo cannot tell a smaller change from the measurement's own error. Most photos measure a brow to
    about ±0.6 mm; where the two directions of a feature's match across the axis disagree, the uncertainty says so
    (a faint brow tail on one shared photo is measured to ±1.9 mm, and its 2.0 mm simulated lift was read back as 1.0 mm).
    """
    return max(RESOLVABLE_MM, 2.0 * before.uncertainty)


def _height_change_mm(before: Measure, after: Measure) -> float:
    """A paired measure's or a tilt's change as the table shows it, as a height in mm: a tilt's is the change in height
    between its two points (over the tilt's base, :func:`viz.asymmetry.degrees_per_mm`)."""
    change = abs(shown_change(before, after))
    return change / degrees_per_mm(before.id) if before.kind == "tilt" else change


def _resolvable_height_mm(before: Measure) -> float:
    """The smallest :func:`_height_change_mm` the simulated photo shows faithfully: :func:`resolvable_mm` for a paired
    measure, and for a tilt the same rule on the height it makes (twice its uncertainty, as a height)."""
    if before.kind == "tilt":
        return max(RESOLVABLE_MM, 2.0 * before.uncertainty / degrees_per_mm(before.id))
    return resolvable_mm(before)


def _faint(before: AsymmetryReport, after: dict[str, Measure]) -> tuple[str, ...]:
    """The paired measures and tilts a plan changes by less than the photo can show faithfully, judged on the change as
    the table shows it (:func:`shown_change`): on the raw change, +1.0 mm read "too small to show" on one side and
    -1.0 mm "shown" on the other (0.99999 and 1.00001 mm). The warnings, the page's note and the table's column all
    read this list: the page named a mouth tilt that the warnings (PDF, CLI) left out."""
    out = []
    for mid, m0 in before.measures.items():
        if m0.kind in ("paired", "tilt") and m0.withheld is None and _NO_CHANGE_MM <= _height_change_mm(m0, after[mid]) < _resolvable_height_mm(m0):
            out.append(mid)
    return tuple(out)


def shown_change(before: Measure, after: Measure) -> float:
    """A measure's change as the tables show it: the shown after minus the shown before (one decimal), so that a row
    adds up as read and every sentence about the change gives the same figure (a warning said 0.4 mm beside +0.5 mm)."""
    return rounded(round(after.value, 1) - round(before.value, 1))


def _faint_warning(before: Measure, after: Measure) -> str:
    noun = MEASURES[before.id].noun
    if before.kind == "tilt":  # its figure in degrees, as the table gives it; the limit on the height it makes
        height = _height_change_mm(before, after)
        limit = _resolvable_height_mm(before)
        why = (
            f"It changes the height between its two sides by {format_value(height, 'mm')}, and measuring a photo again does"
            f" not resolve a change below about {format_value(limit, 'mm')} there"
        )
        if rounded(height) >= rounded(limit):  # "1.0 mm ... below about 1.0 mm" read as a contradiction
            why += ", and this one is just under it"
        shown = abs(shown_change(before, after))
        figure = format_value(shown, before.unit) if shown > 0 else "under 0.1°"
        return f"The change in {noun}, {figure}, {_FAINT_PHRASE}. {why}. Read it from the numbers."
    if abs(shown_change(before, after)) < RESOLVABLE_MM:
        limit = RESOLVABLE_MM
        why = f"Measuring a photo again does not resolve changes below about {format_value(limit, 'mm')}"
    else:
        limit = resolvable_mm(before)
        measured = format_value(before.uncertainty, before.unit)
        why = f"This photo measures {noun} only to ±{measured}, so measuring it again cannot confirm a change under twice that"
    shown = abs(shown_change(before, after))
    if shown >= rounded(limit):  # "1.0 mm is too small ... below about 1.0 mm" read as a contradiction
        why += ", and this one is just under it"
    figure = format_value(shown, before.unit) if shown > 0 else "under 0.1 mm"
    return f"The change in {noun}, {figure}, {_FAINT_PHRASE}. {why}. Read it from the numbers."  # "(above the pupil) (0.9 mm)" read badly


def mark(rgb: npt.NDArray[np.uint8], face: Face, text: str = MARK) -> npt.NDArray[np.uint8]:
    """A copy of ``rgb`` with ``text`` in both lower corners of the face's landmark box.

    The box runs from the forehead to the chin and cheek to cheek, so any crop that keeps the face keeps
    both marks; the lower corners lie beside the chin, clear of the features the measures read. The letters
    are :data:`MARK_LETTER_MM` tall on the face (at least 10 pixels). A face too narrow for two marks of that
    size side by side gets one, centred at the bottom of the box.

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
        An image on the grid of ``face.photo.rgb`` (the photo itself or a simulation of it).
    face : Face
        Places the marks.
    text : str, optional
        ``MARK`` on a simulation, ``PHOTO_MARK`` on the photo beside it.

    Returns
    -------
    (H, W, 3) ndarray of uint8

    Raises
    ------
    ArgumentError
        If ``rgb`` is not the size of the face's working image.
    """
    if rgb.shape != face.photo.rgb.shape:
        raise ArgumentError(f"The image to mark must be the face's working image ({face.photo.rgb.shape}), not {rgb.shape}.")
    img = Image.fromarray(np.ascontiguousarray(rgb)).convert("RGBA")
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font, pad, boxes = _mark_layout(face, text)
    left, top, _right, _bottom = draw.textbbox((0, 0), text, font=font)
    for box in boxes:
        draw.rounded_rectangle(box, radius=pad, fill=(0, 0, 0, 150))
        draw.text((box[0] + pad - left, box[1] + pad - top), text, font=font, fill=(255, 255, 255, 240))
    return np.asarray(Image.alpha_composite(img, layer).convert("RGB"), dtype=np.uint8)


def mark_boxes(face: Face, text: str = MARK) -> tuple[tuple[float, float, float, float], ...]:
    """Where :func:`mark` puts ``text`` on the face's working image: each mark's box (left, top, right, bottom, pixels),
    for anything drawn later over the picture to keep clear of (an arrow's label over "SIMULATION" read "SIM▸LATION")."""
    return _mark_layout(face, text)[2]


def _mark_layout(face: Face, text: str) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, int, tuple[tuple[float, float, float, float], ...]]:
    """The marks' font, padding and boxes on the face's working image (:func:`mark`)."""
    s = face.photo.scale
    x0, _y0, x1, y1 = (v / s for v in face.bbox)
    size = max(10, round(MARK_LETTER_MM / (face.mm_per_px * s) * 1.4))  # a font's em is about 1.4 capital heights
    font = label_font(size, bold=True)
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
    tw, th = right - left, bottom - top
    pad = max(2, round(0.35 * th))
    bw, bh = tw + 2 * pad, th + 2 * pad
    # A face too small for two marks of legible size side by side (about 120 px wide) gets one, centred on the chin.
    corners = (x0 + pad, x1 - pad - bw) if 2 * bw + 3 * pad <= x1 - x0 else ((x0 + x1 - bw) / 2.0,)
    by = y1 - pad - bh
    return font, pad, tuple((bx, by, bx + bw, by + bh) for bx in corners)


#: Room after the end of a plan's slowest course on its time-course chart, days.
_COURSE_MARGIN_DAYS = 20.0


def course_days(muscles: Sequence[content.Muscle]) -> float:
    """The day a plan's time course runs to on a chart: :data:`_COURSE_MARGIN_DAYS` past the end of its slowest course
    (:func:`viz.timeline.end_day` of each muscle's course and of its slow and quick ends), at most
    :data:`viz.timeline.RESET_DAY`; 0 for no muscle.

    A jaw muscle's change at rest has not worn off by day 180 (it peaks at week 12 and is still near half of it), so
    its course runs to day 365; the forehead muscle's ends by day 160 at the slowest.

    Examples
    --------
    >>> lib = content.load()
    >>> course_days([lib.muscles["masseter"]]), course_days([lib.muscles["frontalis"]]) <= 180
    (365.0, True)
    """
    courses = [m.time_course for m in muscles]
    ends = [c.at(end) for c in courses for end in ("slow", "quick")]
    if not courses:
        return 0.0
    return float(min(RESET_DAY, max(end_day(c) for c in courses + ends) + _COURSE_MARGIN_DAYS))


def full_effect_day(muscle: content.Muscle) -> float:
    """The first day a muscle's change at rest is at full effect at every end of its range: the peak day of its slowest
    course (``time_course.at("slow")``, the smallest share :func:`viz.timeline.effect_range` gives), the day from which
    the Preview's strength line reads "100% of its peak effect".

    The typical peak day was too early: on it the slowest course has not peaked, so the small end of a likely range
    read there is smaller than the table gives on a day the page calls full effect.

    Examples
    --------
    >>> lib = content.load()
    >>> card = lib.muscles["orbicularis_oculi"]
    >>> full_effect_day(card) >= card.time_course.peak_days
    True
    """
    return float(muscle.time_course.at("slow").peak_days)


def plan_text(relaxations: Sequence[Relaxation], library: content.Library | None = None) -> str:
    """A plan in words, e.g. ``"Eye-closing muscle, right side, strong relaxation"``, steps joined by ``"; "``: a named
    level and a share read alike (one line read "50% relaxed; ..., strong").

    Examples
    --------
    >>> plan_text([Relaxation("masseter", "left", 1 / 3), Relaxation("frontalis", "both", 0.5)])
    'Jaw muscle, left side, light relaxation; Forehead muscle, both sides, 50% relaxation'
    """
    lib = library or content.load()
    steps = []
    for r in relaxations:
        named = [name for name, value in LEVELS.items() if abs(value - float(r.level)) < 0.01]
        level = f"{named[0] if named else format(float(r.level), '.0%')} relaxation"
        steps.append(f"{library_muscle(lib, r.muscle).name}, {side_phrase(r.side)}, {level}")
    return "; ".join(steps) if steps else "no muscle relaxed"


def _caption(plan: str, day: float, what: str = "photo", caveats: Sequence[str] = (), credit: str = "", mirrored: bool = False) -> tuple[str, ...]:
    """The paragraphs of the saved before / after's caption: what each picture is and that it is educational
    (:data:`viz.vocabulary.EDUCATIONAL`), the plan and the day, the ``caveats`` the screen gives beside the simulation
    (figures that are illustrative), then who cosmetic toxin is for and what a sudden droop is
    (:data:`viz.overlay.SAFETY_FOOTER`). "Left: the photo" stood above "right side" in the plan: the pictures' places
    are named as pictures, the plan's sides as the person's. A photo marked as mirrored says so
    (:data:`MIRRORED_NOTE`) after the plan: a "left side" relaxed on the picture's left read as the wrong side. A
    ``credit`` (the built-in sample's licence asks for one wherever its picture goes) comes last but for the safety lines."""
    return (
        f"Left picture: the {what}. Right picture: the {mid_sentence(WATERMARK)}. {EDUCATIONAL}",
        f"Plan: {plan} (the person's own left and right). Shown on day {day:g} after treatment.",
        *((MIRRORED_NOTE,) if mirrored else ()),
        *caveats,
        *((credit,) if credit else ()),
        SAFETY_FOOTER,
    )


def illustrative_caveats(warnings: Sequence[str]) -> tuple[str, ...]:
    """The sentences among a simulation's ``warnings`` that say its figures are illustrative (what the screen warns of
    beside the simulation), for the saved picture to say too: handed on as a file, it said the figures were "the
    simulation" and no more.

    Examples
    --------
    >>> illustrative_caveats(["The forehead muscle figures are illustrative: none found.", "The left brow sits lower."])
    ('The forehead muscle figures are illustrative: none found.',)
    """
    return tuple(w for w in warnings if _ILLUSTRATIVE_PHRASE in w)


def before_after_png(photo: Photo, preview: Preview, *, credit: str = "", library: content.Library | None = None, when: dt.date | None = None) -> bytes:
    """Before and after side by side, each the face with room around it (:data:`FACE_CROP_MARGINS`) at
    :data:`BEFORE_AFTER_SIDE` pixels on its long side and marked in the face's box, with the plan and the day, as PNG bytes.

    A band under the pictures names the simulation (educational, not medical advice), the plan and the day, and says
    where the plan's figures are illustrative (:func:`illustrative_caveats`), as the screen does, wrapped onto as many lines as the
    plan needs (:func:`viz.overlay.wrap_text`; the band grows to hold them, so no word is cut off the picture); the
    same words go into the PNG's text chunks (``Title``, ``Description``, ``Plan``, ``Day``), with the day it was made
    (``when``, today when ``None``) in ``Creation Time``. A photo analysed as mirrored (the report's ``mirrored``)
    says so in the band and the ``Description`` (:data:`MIRRORED_NOTE`). Nothing is written to disk.
    """
    caveats = illustrative_caveats(preview.warnings)
    face = preview.report.face
    return pair_png(
        photo.rgb,
        preview.image,
        face,
        preview.relaxations,
        preview.day,
        caveats=caveats,
        credit=credit,
        library=library,
        when=when,
        mirrored=preview.report.mirrored,
    )


def pair_png(
    photo_rgb: npt.ArrayLike,
    simulated_rgb: npt.ArrayLike,
    face: Face,
    relaxations: Sequence[Relaxation],
    day: float,
    *,
    what: str = "photo",
    caveats: Sequence[str] = (),
    credit: str = "",
    library: content.Library | None = None,
    when: dt.date | None = None,
    mirrored: bool = False,
) -> bytes:
    """A photo and its simulation (already marked) side by side as :func:`before_after_png` lays them out: ``face``
    places the crop and the photo's marks, ``what`` names the photo in the caption (``"smile photo"``), ``caveats``
    are the screen's sentences on how far its figures go (:func:`illustrative_caveats`), said in the band and the
    ``Description``; ``credit`` is the photo's attribution where it needs one (the built-in sample's), said in the band;
    ``when`` is the day the picture is made (today when ``None``), in its ``Creation Time`` (:func:`viz.overlay.png_text`);
    ``mirrored`` (the photo is marked as a mirrored selfie) adds :data:`MIRRORED_NOTE` to the band and the ``Description``.
    """
    box = face_box(face, FACE_CROP_MARGINS)
    before = mark(np.asarray(photo_rgb, dtype=np.uint8), face, PHOTO_MARK)  # marked inside the face's box, so the crops keep the marks
    pictures = [crop(rgb, box, BEFORE_AFTER_SIDE, enlarge=True) for rgb in (before, np.asarray(simulated_rgb, dtype=np.uint8))]
    pair = Image.new("RGB", (2 * pictures[0].width, pictures[0].height))
    pair.paste(pictures[0], (0, 0))
    pair.paste(pictures[1], (pictures[0].width, 0))
    plan = plan_text(relaxations, library)
    shown_on = f"day {day:g} after treatment"
    # Wrapped to the band's width inside its margins: drawn as one line each, a plan of three muscles already ran
    # off the right edge ("... Shown on day 14 after t"), and the picture is handed to people as it is.
    band = text_band(_caption(plan, day, what, caveats, credit, mirrored), pair.width, max(12, pair.width // 70), ink=(255, 255, 255), paper=(20, 20, 20))
    out = under(pair, band)
    mirror = (MIRRORED_NOTE,) if mirrored else ()
    said = " ".join((f"{WATERMARK}. {EDUCATIONAL} Plan: {plan}. {shown_on.capitalize()}.", *mirror, *caveats, *((credit,) if credit else ())))
    info = png_text(f"MirrorMap {MARK.lower()}", said, when=when, more={"Plan": plan, "Day": f"{day:g}"})
    buf = io.BytesIO()
    out.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def _changes_no_measure(before: AsymmetryReport, relaxation: Relaxation, card: content.Muscle) -> bool:
    """Whether a relaxation moves the face but, on its own at the card's peak (typical move), changes no measure shown on
    this photo by :data:`_NO_CHANGE_MM` or more (a withheld measure shows no number): what it moves is not what the
    measures read."""
    if all(mv.direction == "none" for mv in card.effect):
        return False  # it moves nothing at all: said otherwise
    plan, peak = [(relaxation, card)], card.time_course.peak_days
    uv, d = _plan_moves(before, plan, peak, "typical")
    deltas = _deltas(uv, d, brow_moves_mm(uv, plan, peak, "typical"))
    return all(max(map(abs, deltas[mid])) < _NO_CHANGE_MM for mid, m in before.measures.items() if m.withheld is None)


def _unread_phrase(before: AsymmetryReport, card: content.Muscle) -> str:
    """What a relaxation that changes no measure moves, in words: each feature, and why a number it does feed is not shown."""
    phrases = []
    for target in dict.fromkeys(mv.target for mv in card.effect if mv.direction != "none"):
        feature = f"the {TARGETS[target].lower()}"
        if any(MEASURE_FEATURES[mid] == target and before.measures[mid].withheld is not None for mid in before.measures):
            feature += f", which is {NOT_MEASURED}"
        phrases.append(feature)
    return " and ".join(phrases)


def _cost_warnings(
    before: AsymmetryReport,
    after: Mapping[str, Mapping[str, Measure]],
    relaxations: Sequence[Relaxation],
    lib: content.Library,
    skip: str | None = None,
) -> list[str]:
    """The sentences for what a plan would make worse: a difference it would flip or make larger
    (:func:`viz.balance.change_warnings`), and a brow already lower that relaxing the forehead muscle above it lowers
    further. ``skip`` leaves out one measure's flip or growth (an option's own difference, which its line gives)."""
    typical = after["typical"]
    changes: list[Change] = []
    for mid, m0 in before.measures.items():
        if m0.kind != "paired" or m0.withheld is not None or mid == skip:
            continue
        m1 = typical[mid]
        adds_to = None
        if m0.clear and m0.left_mm is not None and m0.right_mm is not None and m1.left_mm is not None and m1.right_mm is not None:
            moved = "left" if abs(m1.left_mm - m0.left_mm) > abs(m1.right_mm - m0.right_mm) else "right"
            if moved == ("left" if m0.value > 0 else "right"):  # the side the difference already favours
                adds_to = m0.describe()
        ends = (after["low"][mid].value, after["high"][mid].value)
        side = m1.describe() if m1.clear else None  # a side only where the difference after stands beyond its ±, as shown
        changes.append(Change(MEASURES[mid].noun, m0.value, m1.value, m0.uncertainty, m1.uncertainty, adds_to, after_ends=ends, after_side=side))
    out = change_warnings(changes, acts="pulls")
    brow = before.measures["brow_height"]
    for r in relaxations:
        if r.muscle == "frontalis" and r.side in ("left", "right") and brow.left_mm is not None and brow.right_mm is not None:
            own, other = (brow.left_mm, brow.right_mm) if r.side == "left" else (brow.right_mm, brow.left_mm)
            if other > own and not within(other - own, brow.uncertainty):  # as shown: never "0.4 ± 0.4 mm lower"
                out.append(
                    f"The {r.side} brow already sits {format_pm(other - own, brow.uncertainty, 'mm')} lower;"
                    f" relaxing the {lib.muscles['frontalis'].name.lower()} there tends to lower it further while the effect lasts."
                )
    return out


def _warnings(
    before: AsymmetryReport,
    after: dict[str, dict[str, Measure]],
    relaxations: Sequence[Relaxation],
    lib: content.Library,
    unread: Sequence[str] = (),
) -> tuple[str, ...]:
    out = _cost_warnings(before, after, relaxations, lib)
    typical = after["typical"]
    finding = before.headline()  # the first page's headline: the same difference
    if finding is not None and finding.id in STATIC_IDS:
        # what a neuromodulator does not do, not what caused this face's difference: "looks structural (bone, volume or
        # position)" said a cause of a 1.0 ± 0.6 mm nose offset, which no photo can tell
        out.append(
            f"Your clearest difference is in {MEASURES[finding.id].noun}, which relaxing a muscle is unlikely to change: a"
            " neuromodulator does not move bone or add volume."
        )
    illustrative: list[str] = []  # one sentence for them all: a sentence each took a consult screen's line each
    for r in relaxations:
        card = lib.muscles[r.muscle]
        if all(mv.direction == "none" for mv in card.effect):
            note = next((mv.note for mv in card.effect if mv.note), "")
            out.append(f"Relaxing the {card.name.lower()} changes little or nothing at rest. {note}".strip())
        else:
            if r.muscle in unread:  # every move it makes is one no measure shown reads
                out.append(
                    f"Relaxing the {card.name.lower()} moves {_unread_phrase(before, card)}: no measure shown here reads that"
                    " move, so the simulated photo shows the change and the measures stay as they were."
                )
            if card.illustrative:
                illustrative.append(card.name.lower())
        if r.side != "both" and any(e.sides_studied == "both" and e.direction != "none" for e in card.effect):
            out.append(
                f"The {card.name.lower()} figures come from studies that treated both sides: applying them to one side is our"
                " assumption, not a measured result."
            )
    if illustrative:
        names = list(dict.fromkeys(illustrative))
        these = "this change was" if len(names) == 1 else "these changes was"
        out.append(f"The {joined(names)} {_ILLUSTRATIVE_PHRASE}: no published measurement of {these} found.")
    if alike := moved_alike(before, typical):
        out.append(alike)
    return tuple(dict.fromkeys(out))


#: Each side moving at least this far (a move the table would print as 0.1 mm), and their difference by under 0.1 mm as
#: shown, is "both sides move alike", mm: at 0.3 a plan whose arrows showed 0.3 mm on both brows, and whose table read
#: +0.0 mm on every row, said nothing.
_ALIKE_MOVE_MM = 0.05


def moved_alike(before: AsymmetryReport, typical: Mapping[str, Measure], *, table: bool = True) -> str:
    """A sentence for the measures whose two sides both change while their difference stays as it was ("" for none):
    each side's own change in the measure (its height, read as the measure reads it, not the arrows' landmark moves).

    Relaxing a muscle on both sides moves both brows: the table, which gives left minus right, then reads "+0.0 mm" on
    every row, while the picture and its arrows show each brow lower; said nowhere, the table read as "nothing happens".
    ``table=False`` leaves the table out of the sentence, for a screen that shows none (presenter mode's plan step said
    "which the table gives" beside no table).
    """
    moves = []
    for mid, m0 in before.measures.items():
        m1 = typical[mid]
        l0, r0, l1, r1 = m0.left_mm, m0.right_mm, m1.left_mm, m1.right_mm
        if m0.kind != "paired" or m0.withheld is not None or l0 is None or r0 is None or l1 is None or r1 is None:
            continue
        left, right = l1 - l0, r1 - r0
        if min(abs(left), abs(right)) >= _ALIKE_MOVE_MM and abs(shown_change(m0, m1)) < 0.1:
            lf, rf = format_value(left, "mm", signed=True), format_value(right, "mm", signed=True)
            moves.append(f"{MEASURES[mid].noun} {lf} on each side" if lf == rf else f"{MEASURES[mid].noun} {lf} on the left and {rf} on the right")
    if not moves:
        return ""
    differences = "the differences between them, which the table gives," if table else "the differences between them"
    return f"Both sides change alike, so {differences} stay as they were: {'; '.join(moves)}."


def balance_options(
    face: Face,
    *,
    mirrored: bool = False,
    report: AsymmetryReport | None = None,
    library: content.Library | None = None,
) -> tuple[str | None, list[BalanceOption]]:
    """Options to discuss for the largest clear difference: single muscles, single sides, and what the simulation shows.

    The difference is the one the first page heads with (:meth:`viz.AsymmetryReport.headline`: the first of the
    engine's ranking that stands clearly beyond its uncertainty, measured finely enough to judge); one that muscle pull does not set (bone, volume,
    position: :data:`STATIC_IDS`) gets no option. Each muscle
    and side is simulated fully relaxed on the first day its whole range is at full effect (:func:`full_effect_day`), at
    the low, typical and high end of the
    catalogue's range; an option is kept when the typical change shrinks the difference by at least
    ``max(MATERIAL_MM, half its uncertainty)``. Each option carries what the same simulation would make worse
    (:attr:`viz.balance.BalanceOption.costs`: the sentences a plan of it would be warned with). The options are
    ordered by that shrinkage: an order for reading, not advice (:data:`viz.balance.EXAM_DECIDES`).

    Returns
    -------
    tuple of (str or None, list of BalanceOption)
        The measure id of the difference (``None`` when no difference is clear) and its options
        (empty when none is likely to help, or the difference is one muscle pull does not set).
    """
    lib = library or content.load()
    before = report if report is not None else analyze(face, mirrored=mirrored)
    finding = before.headline()  # the largest difference the first page heads with (never one measured too coarsely)
    if finding is None:
        return None, []
    if finding.id in STATIC_IDS:
        return finding.id, []
    mesh_before = analyze(before.face, refine=False)
    options = []
    for muscle in lib.muscles.values():
        for side in treatable_sides(muscle):
            if all(e.direction == "none" for e in muscle.effect):
                continue  # moves nothing at rest; one whose low end moves nothing still counts
            option = _balance_option(before, mesh_before, finding, Relaxation(muscle.id, side, 1.0), muscle, lib)
            if option.reduction >= max(MATERIAL_MM, 0.5 * finding.uncertainty):
                options.append(option)
    options.sort(key=lambda o: o.reduction, reverse=True)
    return finding.id, options


def _balance_option(
    before: AsymmetryReport, mesh_before: AsymmetryReport, finding: Measure, r: Relaxation, muscle: content.Muscle, lib: content.Library
) -> BalanceOption:
    """One option of :func:`balance_options`, kept or not: relaxation ``r`` of ``muscle`` simulated on
    :func:`full_effect_day` at each bound, its effect on ``finding``, and what it would make worse."""
    # "at full effect" on every bound: on the typical peak day the slowest course has not peaked, and the range read
    # there ran past the one the plan's table gives on a day the page calls "100% of its peak effect"
    full = full_effect_day(muscle)
    deltas = {bound: _plan_after(before, mesh_before, [(r, muscle)], full, bound)[1] for bound in BOUNDS}
    values = {bound: finding.value + deltas[bound][finding.id][0] for bound in BOUNDS}
    feature = MEASURE_FEATURES.get(finding.id)
    moving = [e for e in muscle.effect if e.direction != "none" and (e.target == feature or feature is None)] or [
        e for e in muscle.effect if e.direction != "none"
    ]
    sources = tuple(dict.fromkeys(s for e in moving for s in e.sources))
    illustrative = any(e.basis == "illustrative" for e in moving)
    # what it would make worse, in the words its plan would be warned with: an option that lowers an already lower brow
    # was listed with nothing but its shrinking difference, and warned of only once added
    after = {bound: _measures_after(before, deltas[bound]) for bound in BOUNDS}
    costs = tuple(dict.fromkeys(_cost_warnings(before, after, [r], lib, skip=finding.id)))
    low, typical, high = (values[bound] for bound in ("low", "typical", "high"))
    return BalanceOption(r, finding.id, "rest", finding.value, typical, low, high, illustrative, finding.unit, sources, costs=costs)
