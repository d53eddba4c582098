"""Facial asymmetry in millimetres: the measures of DESIGN §4 and the overall index.

Measures are read in the face frame (:mod:`viz.frame`: the fitted symmetry axis and the iris
calibration), so tilting the head in the image plane changes none of them.

Face Mesh landmarks follow only part of a local move (a lifted brow, a lowered mouth corner). The
brow and mouth-corner differences are therefore refined with image evidence: the patch around each
feature is registered against the mirrored patch of its partner across the axis, and the offset
that best aligns them is added to the mesh's own difference.

The notes compare each measure with what people notice and with typical differences, from
``content/norms.yaml`` (each number there names its source and population).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from viz import anatomy, content
from viz.anatomy import LEFT, RIGHT
from viz.content import Norm
from viz.evidence import BROW_ACROSS, LID_ACROSS, MOUTH_ACROSS, MirrorSampler, contour_v
from viz.frame import FaceFrame, fit_frame
from viz.landmarks import IRIS_DIAMETER_MM, IRIS_DIAMETER_SD_MM, Face
from viz.vocabulary import MEASURE_IDS, MEASURES, PAIRED_IDS, TILT_IDS, MeasureKind, Unit, format_value

__all__ = [
    "MEASURE_IDS",
    "AsymmetryReport",
    "Measure",
    "analyze",
    "measure_note",
    "norm",
]

SCHEMA = "viz.analysis/1"
#: Calibration uncertainty of every mm figure: between-person SD of the iris diameter (Rüfer 2005).
CALIBRATION_REL = IRIS_DIAMETER_SD_MM / IRIS_DIAMETER_MM
#: Repeatability floor of a measure (SD over rotations, rescaling and recompression; benchmarks/repeatability.py).
NOISE_FLOOR_MM = 0.12
#: The face-contour measures rest on MediaPipe's silhouette points alone: re-detecting the same face
#: (rotated, rescaled, or with a feature elsewhere moved) moves them by up to ~0.45 mm, so their floor is higher.
CONTOUR_NOISE_FLOOR_MM = MappingProxyType({"jaw_width": 0.25, "cheek_width": 0.3})
NOISE_FLOOR_DEG = 0.25

#: The face region of each measure.
REGION_OF: Mapping[str, str] = MappingProxyType({k: w.region for k, w in MEASURES.items()})


def norm(measure_id: str) -> Norm:
    """What people notice for a measure, and its typical difference (``content/norms.yaml``)."""
    return content.load().norms[measure_id]


@dataclass(frozen=True)
class Measure:
    """One measure of the report.

    ``kind`` is ``"paired"`` (left, right, difference = left - right), ``"offset"`` (positive toward the
    subject's left) or ``"tilt"`` (degrees, positive = subject's left side higher).
    """

    id: str
    kind: MeasureKind
    value: float  # difference_mm, offset_mm or degrees
    uncertainty: float
    note: str
    left_mm: float | None = None
    right_mm: float | None = None

    @property
    def region(self) -> str:
        """The face region the measure belongs to."""
        return REGION_OF[self.id]

    @property
    def unit(self) -> Unit:
        """``"mm"`` or ``"°"``."""
        return "°" if self.kind == "tilt" else "mm"

    @property
    def noticeable(self) -> float:
        """How far the measure is from being commonly noticed: ``|value| / threshold``."""
        noticed = norm(self.id).noticed
        return abs(self.value) / noticed if noticed else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The measure's object of the ``analyze --json`` output."""
        if self.kind == "paired":
            assert self.left_mm is not None and self.right_mm is not None
            return {
                "left_mm": _r(self.left_mm),
                "right_mm": _r(self.right_mm),
                "difference_mm": _r(self.value),
                "uncertainty_mm": _r(self.uncertainty),
                "note": self.note,
            }
        if self.kind == "offset":
            return {"offset_mm": _r(self.value), "uncertainty_mm": _r(self.uncertainty), "note": self.note}
        return {"degrees": _r(self.value), "uncertainty_deg": _r(self.uncertainty), "note": self.note}


@dataclass(frozen=True, eq=False)
class AsymmetryReport:
    """Everything :func:`analyze` measured.

    Attributes
    ----------
    face : Face
        The analysed face (landmarks relabelled if the photo was mirrored).
    frame : FaceFrame
    measures : mapping of str to Measure
        Keyed by the measure ids of DESIGN §4, in that order.
    index_mm : float
        Overall asymmetry index: RMS over the 220 mesh pairs of half the distance between a landmark
        and its mirrored partner.
    region_index_mm : mapping of str to float
        The same index per region (brows, eyes, mouth, nose, jaw).
    pair_asymmetry_mm : (478,) ndarray
        Each landmark's half-distance to its mirrored partner (0 on the midline), for heat maps.
    mirrored : bool
    warnings : tuple of str
    """

    face: Face
    frame: FaceFrame
    measures: Mapping[str, Measure]
    index_mm: float
    region_index_mm: Mapping[str, float]
    pair_asymmetry_mm: npt.NDArray[np.float64]
    mirrored: bool
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz analyze --json`` object (schema ``viz.analysis/1``)."""
        f = self.face
        measures: dict[str, Any] = {k: m.to_dict() for k, m in self.measures.items()}
        measures["asymmetry_index_mm"] = {
            "value_mm": _r(self.index_mm),
            "regions": {k: _r(v) for k, v in self.region_index_mm.items()},
        }
        return {
            "schema": SCHEMA,
            "image": {"width": f.photo.original_size[0], "height": f.photo.original_size[1], "mirrored": self.mirrored},
            "face": {
                "bbox": [round(v, 1) for v in f.bbox],
                "mm_per_px": round(f.mm_per_px, 5),
                "iris_diameter_px": round(f.iris_diameter_px, 2),
                "pose_deg": {"yaw": round(f.pose.yaw, 1), "pitch": round(f.pose.pitch, 1), "roll": round(f.pose.roll, 1)},
            },
            "quality": {"ok": not self.warnings, "warnings": list(self.warnings)},
            "measures": measures,
        }

    def sorted_measures(self) -> list[Measure]:
        """Measures from the most to the least noticeable."""
        return sorted(self.measures.values(), key=lambda m: m.noticeable, reverse=True)


def _r(x: float) -> float:
    return round(float(x), 2)


def analyze(face: Face, *, mirrored: bool = False, refine: bool = True) -> AsymmetryReport:
    """Measure a face's asymmetry in millimetres.

    Parameters
    ----------
    face : Face
        From :func:`viz.detect_face`.
    mirrored : bool, optional
        The photo is a mirrored selfie: left and right labels are swapped before measuring.
    refine : bool, optional
        Refine brow and mouth-corner differences with image evidence (on by default).

    Returns
    -------
    AsymmetryReport
        ``report.to_dict()`` is the ``analyze --json`` object.
    """
    if mirrored:
        face = face.relabelled()
    xy = face.xy_px
    frame = fit_frame(xy, face.mm_per_px)
    sampler = MirrorSampler(face, frame) if refine else None
    main = _measure_all(frame.to_mm(xy), sampler)
    match_warnings = sampler.warnings if sampler else ()  # about the measures shown, not the spread estimates
    # Flip disagreement: the same measures on the direct-only and the flip-only landmark sets.
    direct = _measure_all(frame.to_mm(xy + face.spread_px), sampler)
    flipped = _measure_all(frame.to_mm(xy - face.spread_px), sampler)

    measures: dict[str, Measure] = {}
    for mid in MEASURE_IDS:
        value, left_mm, right_mm = main[mid]
        flip = abs(direct[mid][0] - flipped[mid][0]) / 2.0
        if mid in TILT_IDS:
            unc = math.hypot(flip, NOISE_FLOOR_DEG)
            measures[mid] = Measure(mid, "tilt", value, unc, measure_note(mid, value, unc))
            continue
        floor = CONTOUR_NOISE_FLOOR_MM.get(mid, NOISE_FLOOR_MM)
        unc = math.sqrt((CALIBRATION_REL * abs(value)) ** 2 + flip**2 + floor**2)
        kind: MeasureKind = "paired" if mid in PAIRED_IDS else "offset"
        measures[mid] = Measure(mid, kind, value, unc, measure_note(mid, value, unc), left_mm, right_mm)

    uv = frame.to_mm(xy)
    per_point = np.zeros(len(xy))
    for li, ri in anatomy.MESH_PAIRS:
        half = float(np.linalg.norm(uv[li] - uv[ri] * np.array([-1.0, 1.0]))) / 2.0
        per_point[li] = per_point[ri] = half
    mesh_left = np.array([li for li, _ in anatomy.MESH_PAIRS])
    index = float(np.sqrt(np.mean(per_point[mesh_left] ** 2)))
    regions = {}
    for name in anatomy.REGION_NAMES:
        members = [li for li, _ in anatomy.MESH_PAIRS if li in _REGION_SETS[name]]
        regions[name] = float(np.sqrt(np.mean(per_point[members] ** 2))) if members else 0.0
    per_point.setflags(write=False)
    warnings = face.warnings + match_warnings
    return AsymmetryReport(
        face=face,
        frame=frame,
        measures=MappingProxyType(measures),
        index_mm=index,
        region_index_mm=MappingProxyType(regions),
        pair_asymmetry_mm=per_point,
        mirrored=mirrored,
        warnings=tuple(dict.fromkeys(warnings)),
    )


_REGION_SETS = {name: frozenset(idx) for name, idx in anatomy.REGION_LANDMARKS.items()}


_BROW_POSITIONS = {"brow_inner_height": "eye_inner", "brow_height": "iris_centre", "brow_tail_height": "eye_outer"}


def _measure_all(uv: npt.NDArray[np.float64], sampler: MirrorSampler | None) -> dict[str, tuple[float, float | None, float | None]]:
    """Every measure from landmarks in face millimetres: ``id -> (value, left_mm, right_mm)``."""
    out: dict[str, tuple[float, float | None, float | None]] = {}

    def paired(mid: str, left: float, right: float, refined_diff: float | None = None) -> None:
        diff = left - right if refined_diff is None else refined_diff
        mean = (left + right) / 2.0
        out[mid] = (diff, mean + diff / 2.0, mean - diff / 2.0)

    # Heights are read from the iris-centre line (the line through both iris centres), vertically. The iris
    # model is independent of the mesh, so a mesh that tilts a little with a local change does not bias them.
    il, ir = uv[LEFT.iris_centre], uv[RIGHT.iris_centre]
    slope = (il[1] - ir[1]) / (il[0] - ir[0])

    def iris_line_v(u: float) -> float:
        return float(ir[1] + (u - ir[0]) * slope)

    for mid, attr in _BROW_POSITIONS.items():
        heights = {}
        centres = {}
        for s in (LEFT, RIGHT):
            u = float(uv[getattr(s, attr), 0])
            top = contour_v(uv, s.brow_upper, u)
            heights[s.name] = top - iris_line_v(u)
            centres[s.name] = np.array([u, (top + contour_v(uv, s.brow_lower, u)) / 2.0])
        refined = None
        if sampler is not None:
            shift = sampler.register(centres["left"], centres["right"], BROW_ACROSS, mid)
            if shift is not None:
                mesh_dv = centres["left"][1] - centres["right"][1]
                refined = (mesh_dv + shift[1]) - (iris_line_v(centres["left"][0]) - iris_line_v(centres["right"][0]))
        paired(mid, heights["left"], heights["right"], refined)

    opening = {}
    lids: dict[str, dict[str, npt.NDArray[np.float64]]] = {"upper": {}, "lower": {}}
    for s in (LEFT, RIGHT):
        u = float(uv[s.iris_centre, 0])
        lids["upper"][s.name] = np.array([u, contour_v(uv, s.lid_upper, u)])
        lids["lower"][s.name] = np.array([u, contour_v(uv, s.lid_lower, u)])
        opening[s.name] = lids["upper"][s.name][1] - lids["lower"][s.name][1]
    refined = None
    if sampler is not None:
        up = sampler.register(lids["upper"]["left"], lids["upper"]["right"], LID_ACROSS, "eye_opening")
        low = sampler.register(lids["lower"]["left"], lids["lower"]["right"], LID_ACROSS, "eye_opening")
        if up is not None and low is not None:
            refined = (opening["left"] - opening["right"]) + up[1] - low[1]
    paired("eye_opening", opening["left"], opening["right"], refined)

    corner = {s.name: uv[s.mouth_corner] for s in (LEFT, RIGHT)}
    mouth_dv = None  # refined height difference of the corners, left - right
    if sampler is not None:
        # The lip line beside each corner is the most direct evidence; a stretched corner defeats patch
        # matching, so matching is only the fallback (open mouths, no clear lip line).
        mouth_dv = sampler.lip_line_dv(corner["left"], corner["right"])
        if mouth_dv is None:
            shift = sampler.register(corner["left"], corner["right"], MOUTH_ACROSS, "mouth_corner_drop")
            if shift is not None:
                mouth_dv = (corner["left"][1] - corner["right"][1]) + shift[1]
    line = {k: iris_line_v(float(c[0])) for k, c in corner.items()}
    refined = None if mouth_dv is None else (line["left"] - line["right"]) - mouth_dv
    paired("mouth_corner_drop", line["left"] - corner["left"][1], line["right"] - corner["right"][1], refined)

    # Contours (jaw, cheek) stay with the mesh: matching them across the axis meets side-to-side
    # differences of background and light, and in tests moved the result more than it corrected it.
    jaw = {s.name: float(abs(uv[list(s.jaw), 0].mean())) for s in (LEFT, RIGHT)}
    paired("jaw_width", jaw["left"], jaw["right"])
    paired("cheek_width", float(abs(uv[LEFT.cheek, 0])), float(abs(uv[RIGHT.cheek, 0])))

    out["nose_tip_offset"] = (float(uv[anatomy.NOSE_TIP, 0]), None, None)
    out["lip_offset"] = (float(uv[list(anatomy.LIP_MIDLINE), 0].mean()), None, None)
    out["chin_offset"] = (float(uv[anatomy.CHIN, 0]), None, None)

    def tilt(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
        return math.degrees(math.atan2(a[1] - b[1], a[0] - b[0]))

    out["eye_line_tilt"] = (tilt(uv[LEFT.iris_centre], uv[RIGHT.iris_centre]), None, None)
    a, b = corner["left"], corner["right"]
    if mouth_dv is not None:  # the tilt stays in the face frame (against the axis), refined like the drop
        out["mouth_tilt"] = (math.degrees(math.atan2(mouth_dv, a[0] - b[0])), None, None)
    else:
        out["mouth_tilt"] = (tilt(a, b), None, None)
    return out


def measure_note(mid: str, value: float, uncertainty: float) -> str:
    """A plain sentence comparing a measure with what people notice and, where published, with typical differences.

    Examples
    --------
    >>> measure_note("brow_height", 0.2, 0.3)
    'Too small to tell apart from measurement noise (±0.3 mm).'
    """
    library = content.load()
    entry = library.norms[mid]
    unit = entry.unit
    if abs(value) <= uncertainty:
        return f"Too small to tell apart from measurement noise (±{format_value(uncertainty, unit)})."
    if entry.noticed is None or abs(value) < entry.noticed:
        typical = ""
        if entry.typical is not None and entry.population is not None:
            typical = (
                f" For comparison, {entry.population} differ by about {format_value(entry.typical, unit)} on average ({library.cite(entry.typical_sources)})."
            )
        return f"Below what people commonly notice: {entry.threshold} ({library.cite(entry.noticed_sources)}).{typical}"
    return (
        f"Commonly noticed: {format_value(abs(value), unit)} is above the ~{entry.noticed:g}{'' if unit == '°' else ' '}{unit} "
        f"at which people tend to notice a difference ({library.cite(entry.noticed_sources)})."
    )
