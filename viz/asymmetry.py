"""Facial asymmetry in millimetres: the face frame, the measures of DESIGN §4 and the overall index.

The symmetry axis is fitted from every mirror pair of the mesh (Procrustes reflection fit,
Klingenberg & McIntyre 1998), reweighted so that one drooping region cannot tilt it. Measures are
read in that face frame, so tilting the head in the image plane changes none of them.

Face Mesh landmarks follow only part of a local move (a lifted brow, a lowered mouth corner). The
brow and mouth-corner differences are therefore refined with image evidence: the patch around each
feature is registered against the mirrored patch of its partner across the axis, and the offset
that best aligns them is added to the mesh's own difference.

References
----------
.. [1] Klingenberg CP, McIntyre GS. Geometric morphometrics of developmental instability: analyzing
       patterns of fluctuating asymmetry with Procrustes methods. Evolution 1998;52(5):1363-1375.
       doi:10.1111/j.1558-5646.1998.tb02018.x
.. [2] Macdonald KI, Mendez AI, Hart RD, Taylor SM. Eyelid and brow asymmetry in patients evaluated
       for upper lid blepharoplasty. J Otolaryngol Head Neck Surg 2014;43:36. doi:10.1186/s40463-014-0036-4
.. [3] Hohman MH, Kim SW, Heller ES, et al. Determining the threshold for asymmetry detection in
       facial expressions. Laryngoscope 2014;124(4):860-865. doi:10.1002/lary.24331
.. [4] Kim YH, et al. Evaluation of facial asymmetry: what is noticeable? Arch Craniofac Surg
       2017;18(2). PMC5556787
.. [5] Jing et al. Perception of lip-line canting, 2022 (threshold 2.65°, treatment wanted 4.1°).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from viz import anatomy
from viz._evidence import STEP_MM, Grey, Patch, contour_v, frame_map, match
from viz.anatomy import LEFT, RIGHT
from viz.landmarks import IRIS_DIAMETER_MM, IRIS_DIAMETER_SD_MM, Face

__all__ = [
    "MEASURE_IDS",
    "AsymmetryReport",
    "FaceFrame",
    "Measure",
    "analyze",
    "fit_frame",
]

SCHEMA = "viz.analysis/1"
PAIRED_IDS = (
    "brow_inner_height",
    "brow_height",
    "brow_tail_height",
    "eye_opening",
    "mouth_corner_drop",
    "jaw_width",
    "cheek_width",
)
OFFSET_IDS = ("nose_tip_offset", "lip_offset", "chin_offset")
TILT_IDS = ("eye_line_tilt", "mouth_tilt")
MEASURE_IDS = PAIRED_IDS + OFFSET_IDS + TILT_IDS

#: Calibration uncertainty of every mm figure: between-person SD of the iris diameter (Rüfer 2005).
CALIBRATION_REL = IRIS_DIAMETER_SD_MM / IRIS_DIAMETER_MM
#: Repeatability floor of a measure (SD over rotations, rescaling and recompression; benchmarks/repeatability.py).
NOISE_FLOOR_MM = 0.12
#: The face-contour measures rest on MediaPipe's silhouette points alone: re-detecting the same face
#: (rotated, rescaled, or with a feature elsewhere moved) moves them by up to ~0.45 mm, so their floor is higher.
CONTOUR_NOISE_FLOOR_MM = MappingProxyType({"jaw_width": 0.25, "cheek_width": 0.3})
NOISE_FLOOR_DEG = 0.25

REGION_OF = MappingProxyType(
    {
        "brow_inner_height": "brows",
        "brow_height": "brows",
        "brow_tail_height": "brows",
        "eye_opening": "eyes",
        "mouth_corner_drop": "mouth",
        "jaw_width": "jaw",
        "cheek_width": "jaw",
        "nose_tip_offset": "nose",
        "lip_offset": "mouth",
        "chin_offset": "jaw",
        "eye_line_tilt": "eyes",
        "mouth_tilt": "mouth",
    }
)


@dataclass(frozen=True)
class _Norm:
    typical: float | None  # mean side-to-side difference in healthy adults (None: no published figure)
    noticed: float  # difference people commonly notice
    unit: str
    source: str


#: Normal variation and what people notice. Sources: see the module references.
NORMS: Mapping[str, _Norm] = MappingProxyType(
    {
        "brow_inner_height": _Norm(1.34, 3.0, "mm", "Macdonald 2014; Kim 2017"),
        "brow_height": _Norm(1.77, 3.0, "mm", "Macdonald 2014; Kim 2017"),
        "brow_tail_height": _Norm(1.78, 3.0, "mm", "Macdonald 2014; Kim 2017"),
        "eye_opening": _Norm(0.55, 2.0, "mm", "Macdonald 2014; Hohman 2014"),
        "mouth_corner_drop": _Norm(None, 3.0, "mm", "Hohman 2014; Kim 2017"),
        "jaw_width": _Norm(None, 3.0, "mm", "Kim 2017"),
        "cheek_width": _Norm(None, 3.0, "mm", "Kim 2017"),
        "nose_tip_offset": _Norm(None, 3.0, "mm", "Kim 2017"),
        "lip_offset": _Norm(None, 3.0, "mm", "Kim 2017"),
        "chin_offset": _Norm(None, 3.0, "mm", "Kim 2017"),
        "eye_line_tilt": _Norm(None, 3.0, "°", "Kim 2017"),
        "mouth_tilt": _Norm(None, 2.65, "°", "Jing 2022"),
    }
)


# --- face frame ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceFrame:
    """The face's own coordinate frame.

    ``u`` runs perpendicular to the symmetry axis toward the subject's left, ``v`` along the axis
    toward the forehead; both in millimetres, with the origin on the axis at the height of the
    iris centres.

    Attributes
    ----------
    origin_px : (2,) ndarray
        The origin in original-photo pixels.
    up : (2,) ndarray
        Unit vector along the axis toward the forehead, image coordinates.
    left : (2,) ndarray
        Unit vector toward the subject's left, image coordinates.
    mm_per_px : float
    """

    origin_px: npt.NDArray[np.float64]
    up: npt.NDArray[np.float64]
    left: npt.NDArray[np.float64]
    mm_per_px: float

    def to_mm(self, xy_px: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Photo pixels ``(..., 2)`` -> face millimetres ``(..., 2)`` as ``(u, v)``."""
        d = np.asarray(xy_px, dtype=np.float64) - self.origin_px
        return np.asarray(np.stack([d @ self.left, d @ self.up], axis=-1) * self.mm_per_px, dtype=np.float64)

    def to_px(self, face_mm: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Face millimetres ``(..., 2)`` -> photo pixels ``(..., 2)``."""
        uv = np.asarray(face_mm, dtype=np.float64) / self.mm_per_px
        return np.asarray(self.origin_px + uv[..., :1] * self.left + uv[..., 1:2] * self.up, dtype=np.float64)

    @property
    def roll_deg(self) -> float:
        """Angle of the axis from the image vertical, degrees (positive: subject's left side higher)."""
        return math.degrees(math.atan2(-self.left[1], self.left[0]))

    def axis_segment_px(self, half_length_mm: float) -> npt.NDArray[np.float64]:
        """Two points on the axis, ``half_length_mm`` above and below the origin, ``(2, 2)``."""
        return self.to_px(np.array([[0.0, half_length_mm], [0.0, -half_length_mm]]))


def _prior_weights() -> npt.NDArray[np.float64]:
    """Per-landmark weight in the axis fit: the regions muscles and expressions move (brows, mouth, jaw)
    count less than the eyes, nose, forehead and cheeks."""
    w = np.ones(anatomy.N_LANDMARKS)
    for name in ("brows", "mouth", "jaw"):
        w[list(anatomy.REGIONS[name])] = _MOBILE_WEIGHT
    w.setflags(write=False)
    return w


_MOBILE_WEIGHT = 0.35
_PRIOR_WEIGHT = _prior_weights()


def fit_frame(xy_px: npt.NDArray[np.float64], mm_per_px: float, *, iterations: int = 6) -> FaceFrame:
    """Fit the symmetry axis to a set of labelled landmarks.

    The landmark set is reflected and relabelled through the mirror map, rigidly aligned to itself by
    weighted least squares (a Procrustes fit). The regions muscles move (brows, mouth, jaw) start with about
    a third of the weight of the eyes, nose, forehead and cheeks, and every weight is renewed from its
    pair's residual (Cauchy weights), so that one drooping region cannot pull the axis: the mesh drags
    the whole lower face a little when one mouth corner drops.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        Landmarks, anatomically labelled.
    mm_per_px : float

    Returns
    -------
    FaceFrame
    """
    p = np.asarray(xy_px, dtype=np.float64)
    q = p[anatomy.MIRROR] * np.array([-1.0, 1.0])  # reflected and relabelled
    w = _PRIOR_WEIGHT.copy()
    a = np.eye(2)
    t = np.zeros(2)
    for _ in range(iterations):
        sw = w.sum()
        pc, qc = (w[:, None] * p).sum(0) / sw, (w[:, None] * q).sum(0) / sw
        cov = ((p - pc) * w[:, None]).T @ (q - qc)
        u, _s, vt = np.linalg.svd(cov)
        r = u @ vt
        if np.linalg.det(r) < 0:
            r = u @ np.diag([1.0, -1.0]) @ vt
        a, t = r, pc - r @ qc
        resid = np.linalg.norm(q @ a.T + t - p, axis=1)
        scale = max(float(np.median(resid)), 1e-6) * 2.0
        w = _PRIOR_WEIGHT / (1.0 + (resid / scale) ** 2)
    # p ~ R diag(-1, 1) p[mirror] + t is a reflection across the axis at angle theta/2 + 90 degrees.
    theta = math.atan2(a[1, 0], a[0, 0])
    phi = theta / 2.0 + math.pi / 2.0
    axis = np.array([math.cos(phi), math.sin(phi)])
    image_of = q @ a.T + t  # reflected partner positions; (p + image)/2 lies on the axis
    mids = (p + image_of) / 2.0
    on_axis = (w[:, None] * mids).sum(0) / w.sum()
    up = axis if (p[10] - p[152]) @ axis > 0 else -axis  # forehead (10) above chin (152)
    left = np.array([-up[1], up[0]])
    if (p[LEFT.iris_centre] - p[RIGHT.iris_centre]) @ left < 0:
        left = -left
    iris_mid = (p[LEFT.iris_centre] + p[RIGHT.iris_centre]) / 2.0
    origin = on_axis + ((iris_mid - on_axis) @ up) * up
    for arr in (origin, up, left):
        arr.setflags(write=False)
    return FaceFrame(origin_px=origin, up=up, left=left, mm_per_px=float(mm_per_px))


# --- measures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One measure of the report.

    ``kind`` is ``"paired"`` (left, right, difference = left - right), ``"offset"`` (positive toward the
    subject's left) or ``"tilt"`` (degrees, positive = subject's left side higher).
    """

    id: str
    kind: str
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
    def unit(self) -> str:
        """``"mm"`` or ``"°"``."""
        return "°" if self.kind == "tilt" else "mm"

    @property
    def noticeable(self) -> float:
        """How far the measure is from being commonly noticed: ``|value| / threshold``."""
        return abs(self.value) / NORMS[self.id].noticed

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
    sampler = _Sampler(face, frame) if refine else None
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
            measures[mid] = Measure(mid, "tilt", value, unc, _note(mid, value, unc))
            continue
        floor = CONTOUR_NOISE_FLOOR_MM.get(mid, NOISE_FLOOR_MM)
        unc = math.sqrt((CALIBRATION_REL * abs(value)) ** 2 + flip**2 + floor**2)
        kind = "paired" if mid in PAIRED_IDS else "offset"
        measures[mid] = Measure(mid, kind, value, unc, _note(mid, value, unc), left_mm, right_mm)

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


_REGION_SETS = {name: frozenset(idx) for name, idx in anatomy.REGIONS.items()}


_BROW_POSITIONS = {"brow_inner_height": "eye_inner", "brow_height": "iris_centre", "brow_tail_height": "eye_outer"}


def _measure_all(uv: npt.NDArray[np.float64], sampler: _Sampler | None) -> dict[str, tuple[float, float | None, float | None]]:
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
            shift = sampler.register(centres["left"], centres["right"], _BROW_PATCH, mid)
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
        up = sampler.register(lids["upper"]["left"], lids["upper"]["right"], _LID_PATCH, "eye_opening")
        low = sampler.register(lids["lower"]["left"], lids["lower"]["right"], _LID_PATCH, "eye_opening")
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
            shift = sampler.register(corner["left"], corner["right"], _MOUTH_PATCH, "mouth_corner_drop")
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


def _note(mid: str, value: float, uncertainty: float) -> str:
    """A plain sentence comparing a measure with normal variation."""
    norm = NORMS[mid]
    mag = abs(value)
    sep = " " if norm.unit == "mm" else ""  # "3 mm" but "3°"
    unit = norm.unit
    if mag <= uncertainty:
        return f"Too small to tell apart from measurement noise (±{uncertainty:.1f}{sep}{unit})."
    if mag < norm.noticed:
        typical = f"healthy adults differ by about {norm.typical:.1f} {unit} on average, and " if norm.typical is not None else ""
        return f"Within the range most people have: {typical}differences are commonly noticed from about {norm.noticed:g}{sep}{unit} ({norm.source})."
    return f"Commonly noticed: {mag:.1f}{sep}{unit} is above the ~{norm.noticed:g}{sep}{unit} at which people tend to notice a difference ({norm.source})."


# --- image evidence ------------------------------------------------------------------------------


# Brows are bands: along them the match is ambiguous, so they are registered vertically only.
_BROW_PATCH = Patch(width_mm=12.0, height_mm=10.0, search_u_mm=0.0, search_v_mm=3.5)
_MOUTH_PATCH = Patch(width_mm=7.0, height_mm=5.0, search_u_mm=3.5, search_v_mm=4.0)
# Lid margins are bands too.
_LID_PATCH = Patch(width_mm=8.0, height_mm=5.0, search_u_mm=0.0, search_v_mm=3.0)
#: Lip line: followed column by column (0.2 mm) with strips 0.6 mm wide, each searched within ±1.6 mm of the last.
_LIP_STEP_MM = 0.25  # the height is the median of the columns within three steps of the end
_LIP_STRIP_MM = 0.6
_LIP_WINDOW_MM = 1.6
_LIP_FIRST_WINDOW_MM = 3.2
_LIP_DRIFT_MM = 2.5  # how far the line may wander from where it is picked up, within the track
_LIP_TRACK_MM = 4.0  # the line is picked up this far inside the corner and followed outward
_LIP_INSET_MM = 1.0  # read this far inside the mean corner distance
_LIP_MIN_CONTRAST = 6.0  # grey levels between the line and its surroundings


class _Sampler:
    """Registers a feature's patch against its partner's mirrored patch in the face frame."""

    def __init__(self, face: Face, frame: FaceFrame) -> None:
        self._grey = Grey(face, frame.mm_per_px)
        self._maps = {mirror: frame_map(frame.origin_px, frame.left, frame.up, frame.mm_per_px, mirror=mirror) for mirror in (False, True)}
        self._failed: list[str] = []

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self._failed:
            return ()
        return (
            "Some features could not be matched between the two sides of the photo (hair, glasses or shadow?), so their measures rest on the face mesh alone.",
        )

    def _patch(self, centre_mm: npt.NDArray[np.float64], width_mm: float, height_mm: float, mirror: bool) -> npt.NDArray[np.float32]:
        """Sample a patch of the face frame; ``mirror`` samples at ``(-u, v)`` so a right feature looks like a left one."""
        return self._grey.patch(self._maps[mirror], centre_mm, width_mm, height_mm)

    def _lip_line_at(self, u_end: float, v_start: float) -> float | None:
        """Height of the dark line between the lips at ``u_end``, followed outward from inside it.

        One patch covers the track; each 0.2 mm column (averaged over :data:`_LIP_STRIP_MM`) is searched for
        its darkest point within :data:`_LIP_WINDOW_MM` of the last height found (the first column more
        widely), so the line is followed as it bends. A column without a clear line keeps the last height.
        """
        inward = -1.0 if u_end > 0 else 1.0
        strip_cols = round(_LIP_STRIP_MM / STEP_MM) // 2  # columns each side of a column's centre
        n_cols = round(_LIP_TRACK_MM / STEP_MM) + 1 + 2 * strip_cols
        height = 2.0 * (_LIP_FIRST_WINDOW_MM + _LIP_DRIFT_MM)
        centre = np.array([u_end + inward * _LIP_TRACK_MM / 2.0, v_start])
        patch = self._patch(centre, (n_cols - 1) * STEP_MM, height, mirror=False)
        patch = np.asarray(cv2.GaussianBlur(patch, (1, 0), 1.5), dtype=np.float32)  # along each column only
        rows = patch.shape[0]
        v_top = v_start + (rows - 1) / 2.0 * STEP_MM  # v of row 0; rows run downward
        v_guess = v_start
        heights: list[tuple[float, float]] = []  # (distance inside, height) of each clear column
        steps = round(_LIP_TRACK_MM / STEP_MM)
        for k in range(steps + 1):  # from the inside outward
            j = strip_cols + (k if inward < 0 else steps - k)  # patch column of this step: u grows with j
            profile = patch[:, j - strip_cols : j + strip_cols + 1].mean(axis=1)
            half = _LIP_FIRST_WINDOW_MM if not heights else _LIP_WINDOW_MM
            mid = (v_top - v_guess) / STEP_MM
            lo, hi = round(mid - half / STEP_MM), round(mid + half / STEP_MM) + 1
            if lo < 0 or hi > rows:
                continue  # the line left the patch: keep the last height
            window = profile[lo:hi]
            i = int(np.argmin(window))
            contrast = float(np.median(window) - window[i])
            if not 0 < i < len(window) - 1 or contrast < _LIP_MIN_CONTRAST:
                continue
            a, b, c = window[i - 1], window[i], window[i + 1]
            den = a - 2.0 * b + c
            sub = 0.5 * (a - c) / den if den > 1e-9 else 0.0
            v_guess = v_top - (lo + i + sub) * STEP_MM
            heights.append((_LIP_TRACK_MM - k * STEP_MM, v_guess))
        near = [v for t, v in heights if t <= 3 * _LIP_STEP_MM]
        if len(heights) < 0.6 * (steps + 1) or len(near) < 2:
            return None
        return float(np.median(near))

    def lip_line_dv(self, left_mm: npt.NDArray[np.float64], right_mm: npt.NDArray[np.float64]) -> float | None:
        """Left minus right height of the lip line just inside the mouth corners, mm; None if unclear.

        Both sides are read at the same distance from the axis (just inside the mean corner distance), so
        a corner the mesh places too far in or out on one side does not move where the line is read.
        """
        reach = (abs(float(left_mm[0])) + abs(float(right_mm[0]))) / 2.0 - _LIP_INSET_MM
        if reach <= _LIP_TRACK_MM:
            return None
        left = self._lip_line_at(reach, float(left_mm[1]))
        right = self._lip_line_at(-reach, float(right_mm[1]))
        if left is None or right is None:
            return None
        return left - right

    def register(self, left_mm: npt.NDArray[np.float64], right_mm: npt.NDArray[np.float64], p: Patch, label: str) -> npt.NDArray[np.float64] | None:
        """Offset ``(du, dv)`` mm to add to the mesh's ``left - mirrored right`` position difference.

        Both directions are registered (left patch in the mirrored right's neighbourhood and back)
        and averaged, so the result changes sign exactly when the photo is mirrored.
        """
        right_m = np.array([-right_mm[0], right_mm[1]])
        big_w, big_h = p.search_size
        left_small = self._patch(left_mm, p.width_mm, p.height_mm, mirror=False)
        left_big = self._patch(left_mm, big_w, big_h, mirror=False)
        right_small = self._patch(right_m, p.width_mm, p.height_mm, mirror=True)
        right_big = self._patch(right_m, big_w, big_h, mirror=True)
        a = match(left_big, right_small)  # where the mirrored right content sits around the left point
        b = match(right_big, left_small)  # where the left content sits around the mirrored right point
        if a is None or b is None:
            self._failed.append(label)
            return None
        return np.asarray((a[0] - b[0]) / 2.0, dtype=np.float64)
