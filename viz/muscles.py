"""The muscle action model: which landmarks relaxing a muscle moves, which way, and how far.

The numbers (low / typical / high movement at full relaxation at peak, and the time course) live in
``content/muscles.yaml`` with their sources; this module turns them into landmark displacements in the
face frame. Directions follow the face frame: ``up`` is toward the forehead along the symmetry axis,
``inward`` is toward the midline.

Each movement target is a set of landmarks with weights in [0, 1]:

- ``brow_inner`` / ``brow_mid`` / ``brow_tail``: the brow's landmarks, weighted by where they sit
  between the inner (0) and outer (1) eye corner, with full weight at the measuring point; the forehead
  above the brow follows, fading over :data:`FOREHEAD_FOLLOW_MM`.
- ``mouth_corner``: the corner, and the lips and cheek around it fading with distance
  (:data:`CORNER_REACH_MM`).
- ``lower_lip``: the lower lip on the treated side.
- ``jaw_contour``: the lower-face outline below the mouth on the treated side, most at the jaw angle;
  a percent move (masseter) is a percentage of each point's distance from the midline.
- ``upper_lid``: the upper lid margin, and the lower one at half weight (eye closure).
- ``chin``, ``cheek``, ``none``: accepted; the catalogue gives them no movement at rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from viz import anatomy
from viz.anatomy import LEFT, RIGHT, Side
from viz.content import MUSCLE_IDS, Effect, Library, Muscle
from viz.errors import ArgumentError
from viz.timeline import effect_fraction
from viz.vocabulary import MEASURES, PLAN_SIDES, PlanSide

__all__ = ["BOUNDS", "LEVELS", "MEASURE_FEATURES", "Relaxation", "displacement_mm", "muscles_for", "region_muscles", "target_weights", "treatable_sides"]

BOUNDS = ("low", "typical", "high")
#: The preview's named relaxation levels (no doses): share of the catalogue's full-relaxation move.
LEVELS: Mapping[str, float] = {"light": 1.0 / 3.0, "moderate": 2.0 / 3.0, "strong": 1.0}

#: How far above the brow the forehead follows a brow move, mm (illustrative: skin is continuous).
FOREHEAD_FOLLOW_MM = 20.0
#: Reach of a mouth-corner move into the lips and cheek around it, mm (Gaussian SD; illustrative).
CORNER_REACH_MM = 5.0

_LOWER_LIP = frozenset((17, 84, 181, 91, 146, 314, 405, 321, 375, 14, 87, 178, 88, 95, 317, 402, 318, 324))


@dataclass(frozen=True)
class Relaxation:
    """Relax one muscle on one side.

    Parameters
    ----------
    muscle : str
        A muscle id of DESIGN §5 (``frontalis``, ``corrugator``, ...).
    side : {"left", "right", "both"}
        The subject's side; ``procerus`` (a midline muscle) takes ``both`` only.
    level : float
        0 (none) to 1 (the catalogue's full relaxation).
    """

    muscle: str
    side: PlanSide
    level: float

    def __post_init__(self) -> None:
        if self.muscle not in MUSCLE_IDS:
            raise ArgumentError(f"Unknown muscle {self.muscle!r}: choose one of {', '.join(MUSCLE_IDS)}.")
        if self.side not in PLAN_SIDES:
            raise ArgumentError(f"Side must be left, right or both, not {self.side!r}.")
        if self.muscle == "procerus" and self.side != "both":
            raise ArgumentError("The procerus is a single midline muscle: use side 'both'.")
        if not (isinstance(self.level, (int, float)) and 0.0 <= float(self.level) <= 1.0):
            raise ArgumentError(f"Level must be a number from 0 to 1, not {self.level!r}.")

    @classmethod
    def parse(cls, text: str) -> Relaxation:
        """From ``MUSCLE:SIDE:LEVEL`` (the CLI's ``--relax``); LEVEL is 0-1 or light/moderate/strong."""
        parts = text.split(":")
        if len(parts) != 3:
            raise ArgumentError(f"--relax takes MUSCLE:SIDE:LEVEL, e.g. frontalis:left:0.5, not {text!r}.")
        muscle, side, level = parts
        if side not in PLAN_SIDES:
            raise ArgumentError(f"Side must be left, right or both, not {side!r}.")
        try:
            value = LEVELS[level] if level in LEVELS else float(level)
        except ValueError:
            raise ArgumentError(f"Level must be a number from 0 to 1 or light/moderate/strong, not {level!r}.") from None
        return cls(muscle=muscle, side=side, level=value)

    def sides(self) -> tuple[Side, ...]:
        """The sides the relaxation acts on."""
        return (LEFT, RIGHT) if self.side == "both" else ((LEFT,) if self.side == "left" else (RIGHT,))


def treatable_sides(muscle: Muscle) -> tuple[PlanSide, ...]:
    """The sides a single-side option can treat: ``("both",)`` for a midline muscle, else ``("left", "right")``."""
    return ("both",) if muscle.midline else ("left", "right")


def _brow_fraction(uv: npt.NDArray[np.float64], side: Side, idx: list[int]) -> npt.NDArray[np.float64]:
    u0, u1 = uv[side.eye_inner, 0], uv[side.eye_outer, 0]
    return np.asarray((uv[idx, 0] - u0) / (u1 - u0), dtype=np.float64)


def _tent(t: npt.NDArray[np.float64], points: tuple[tuple[float, float], ...]) -> npt.NDArray[np.float64]:
    xs, ys = zip(*points, strict=True)
    return np.asarray(np.interp(t, xs, ys), dtype=np.float64)


# weight of a brow point by its inner(0)-to-outer(1) position: full weight around each measuring point
_BROW_PROFILES = {
    "brow_inner": ((-1.0, 1.0), (0.15, 1.0), (0.55, 0.0), (2.0, 0.0)),
    "brow_mid": ((-1.0, 0.0), (0.0, 0.0), (0.35, 1.0), (0.65, 1.0), (1.0, 0.0), (2.0, 0.0)),
    "brow_tail": ((-1.0, 0.0), (0.45, 0.0), (0.85, 1.0), (2.0, 1.0)),
}


def target_weights(uv: npt.NDArray[np.float64], target: str, side: Side) -> dict[int, float]:
    """Landmarks a movement target moves on one side, each with a weight in (0, 1].

    Parameters
    ----------
    uv : (478, 2) ndarray
        Landmarks in face millimetres (:meth:`viz.FaceFrame.to_mm`).
    target : str
        A movement target of the catalogue.
    side : Side

    Returns
    -------
    dict of int to float
    """
    sign = 1.0 if side is LEFT else -1.0
    out: dict[int, float] = {}
    if target in _BROW_PROFILES:
        brow = sorted(side.brow)
        weights = _tent(_brow_fraction(uv, side, brow), _BROW_PROFILES[target])
        out.update({i: float(w) for i, w in zip(brow, weights, strict=True) if w > 0})
        # the forehead above the brow follows, fading with height
        top = max(float(uv[i, 1]) for i in side.brow_upper)
        lo, hi = min(uv[brow, 0] * sign), max(uv[brow, 0] * sign)
        for i in range(anatomy.N_MESH):
            if i in side.brow or uv[i, 0] * sign <= 0.5:
                continue
            rise = float(uv[i, 1]) - top
            if 0.0 < rise < FOREHEAD_FOLLOW_MM and lo - 3.0 <= uv[i, 0] * sign <= hi + 3.0:
                t = float(_brow_fraction(uv, side, [i])[0])
                w = float(_tent(np.array([t]), _BROW_PROFILES[target])[0]) * (1.0 - rise / FOREHEAD_FOLLOW_MM)
                if w > 0:
                    out[i] = w
    elif target == "mouth_corner":
        c = uv[side.mouth_corner]
        for i in range(anatomy.N_MESH):
            if uv[i, 0] * sign < 0:
                continue
            dist = float(np.linalg.norm(uv[i] - c))
            w = float(np.exp(-(dist**2) / (2.0 * CORNER_REACH_MM**2)))
            if w > 0.05:
                out[i] = w
    elif target == "lower_lip":
        for i in _LOWER_LIP:
            if uv[i, 0] * sign > 0.5:
                out[i] = 1.0
            elif abs(uv[i, 0]) <= 0.5:
                out[i] = 0.5
    elif target == "jaw_contour":
        jaw = uv[list(side.jaw)]
        half = float(np.mean(np.abs(jaw[:, 0])))
        corner_v = float(uv[side.mouth_corner, 1])
        for i in anatomy.REGION_LANDMARKS["jaw"]:
            reach = float(uv[i, 0] * sign)
            if reach <= 0.45 * half or uv[i, 1] > corner_v + 5.0:
                continue
            out[i] = float(np.clip((reach - 0.45 * half) / (0.45 * half), 0.0, 1.0))
    elif target == "upper_lid":
        out.update({i: 1.0 for i in side.lid_upper})
        out.update({i: 0.5 for i in side.lid_lower})
    elif target in ("chin", "cheek", "none"):
        pass
    else:
        raise ArgumentError(f"Unknown movement target {target!r}.")
    return out


def _move_mm(movement: Effect, bound: str) -> float:
    return float({"low": movement.low, "typical": movement.typical, "high": movement.high}[bound])


def displacement_mm(uv: npt.NDArray[np.float64], relaxation: Relaxation, muscle: Muscle, day: float, bound: str = "typical") -> npt.NDArray[np.float64]:
    """Landmark displacements, face millimetres ``(478, 2)``, that a relaxation predicts on a given day.

    Parameters
    ----------
    uv : (478, 2) ndarray
        Landmarks in face millimetres.
    relaxation : Relaxation
    muscle : Muscle
        The catalogue card of ``relaxation.muscle``.
    day : float
        Days after treatment (0 and after wear-off: no change).
    bound : {"low", "typical", "high"}
        Which end of the catalogue's range.

    Returns
    -------
    (478, 2) ndarray
    """
    if bound not in BOUNDS:
        raise ArgumentError(f"bound must be one of {BOUNDS}, not {bound!r}.")
    if muscle.id != relaxation.muscle:
        raise ArgumentError(f"The card {muscle.id!r} does not belong to {relaxation.muscle!r}.")
    out = np.zeros_like(np.asarray(uv, dtype=np.float64))
    share = float(effect_fraction(np.array([float(day)]), muscle.time_course)[0]) * float(relaxation.level)
    if share <= 0.0:
        return out
    for side in relaxation.sides():
        sign = 1.0 if side is LEFT else -1.0
        for movement in muscle.effect:
            if movement.direction == "none":
                continue
            amount = _move_mm(movement, bound) * share
            for i, w in target_weights(uv, movement.target, side).items():
                if movement.unit == "percent_half_width":
                    step = abs(float(uv[i, 0])) * amount / 100.0
                else:
                    step = amount
                if movement.direction == "up":
                    out[i, 1] += w * step
                elif movement.direction == "down":
                    out[i, 1] -= w * step
                elif movement.direction == "inward":
                    out[i, 0] -= sign * w * step
    return out


def library_muscle(library: Library, muscle_id: str) -> Muscle:
    """The card of a muscle id, with a one-sentence error for an unknown id."""
    try:
        return library.muscles[muscle_id]
    except KeyError:
        raise ArgumentError(f"Unknown muscle {muscle_id!r}: choose one of {', '.join(MUSCLE_IDS)}.") from None


#: The feature each measure reads, as named by the muscle cards' ``effect.target`` in ``content/muscles.yaml``;
#: the muscles "involved" in a measure are those whose relaxation moves that feature. ``None``: no muscle
#: card moves the feature (eye position, nose), so the muscles tagged with the measure's region are named.
MEASURE_FEATURES: Mapping[str, str | None] = MappingProxyType(
    {
        "brow_inner_height": "brow_inner",
        "brow_height": "brow_mid",
        "brow_tail_height": "brow_tail",
        "eye_opening": None,
        "mouth_corner_drop": "mouth_corner",
        "jaw_width": "jaw_contour",
        "cheek_width": "cheek",
        "nose_tip_offset": None,
        "lip_offset": "lower_lip",
        "chin_offset": "chin",
        "eye_line_tilt": None,
        "mouth_tilt": "mouth_corner",
    }
)


def region_muscles(library: Library) -> dict[str, tuple[str, ...]]:
    """Muscle ids per face region, from the muscle cards' ``regions`` tags (content order)."""
    out: dict[str, list[str]] = {}
    for muscle in library.muscles.values():
        for region in muscle.regions:
            out.setdefault(region, []).append(muscle.id)
    return {k: tuple(v) for k, v in out.items()}


def muscles_for(measure_id: str, library: Library) -> tuple[str, ...]:
    """Muscle ids involved in a measure (see :data:`MEASURE_FEATURES`).

    Parameters
    ----------
    measure_id : str
        A DESIGN §4 measure id.
    library : Library
        From :func:`viz.content.load`.

    Returns
    -------
    tuple of str
        Muscles whose relaxation moves the measured feature, or, when none does, the muscles
        tagged with the measure's region.
    """
    if measure_id not in MEASURE_FEATURES:
        raise ArgumentError(f"Unknown measure {measure_id!r}: choose one of {', '.join(MEASURE_FEATURES)}.")
    feature = MEASURE_FEATURES[measure_id]
    if feature is not None:
        moving = tuple(m.id for m in library.muscles.values() if any(e.target == feature and e.direction != "none" for e in m.effect))
        if moving:
            return moving

    return region_muscles(library).get(MEASURES[measure_id].region, ())
