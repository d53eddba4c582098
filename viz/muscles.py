"""The muscle action model: which landmarks relaxing a muscle moves, which way, and how far.

The numbers (low / typical / high movement at full relaxation at peak, and the time course) live in
``content/muscles.yaml`` with their sources; this module turns them into landmark displacements in the
face frame. Directions follow the face frame: ``up`` is toward the forehead along the symmetry axis,
``inward`` is toward the midline.

Each movement target is a set of landmarks with weights in [0, 1]:

- ``brow_inner`` / ``brow_mid`` / ``brow_tail``: the brow, shared out along it so that the patch each brow
  measure reads at its measuring point takes the whole of its own target's move (:func:`_brow_shares`); the
  forehead above the brow follows, fading over :data:`FOREHEAD_FOLLOW_MM`.
- ``mouth_corner``: the corner, and the lips and cheek around it fading with distance
  (:data:`CORNER_REACH_MM`).
- ``lower_lip``: the lower lip on the treated side.
- ``jaw_contour``: the lower-face outline below the mouth on the treated side (fading out above it), most at the jaw angle, clear
  of the mouth corners; a smooth field, so the moved outline stays a smooth curve (:func:`_jaw_weight`);
  a percent move (masseter) is a percentage of each point's distance from the midline.
- ``upper_lid``: the upper lid margin, and the lower one at half weight (eye closure).
- ``chin``, ``cheek``, ``none``: accepted; the catalogue gives them no movement at rest.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from viz import anatomy
from viz.anatomy import LEFT, RIGHT, Side
from viz.content import MUSCLE_IDS, Effect, Library, Muscle
from viz.errors import ArgumentError
from viz.evidence import BROW_ACROSS, BROW_HEAD_ACROSS, brow_band_centre, brow_head_centre
from viz.timeline import effect_range
from viz.vocabulary import MEASURES, PLAN_SIDES, PlanSide

__all__ = [
    "BOUNDS",
    "BROW_MEASURES",
    "LEVELS",
    "MEASURE_FEATURES",
    "Relaxation",
    "brow_moves_mm",
    "check_plan",
    "displacement_at_mm",
    "displacement_mm",
    "muscles_for",
    "region_muscles",
    "sides_overlap",
    "target_weights",
    "target_weights_at",
    "treatable_sides",
]

BOUNDS = ("low", "typical", "high")
#: The preview's named relaxation levels (no doses): share of the catalogue's full-relaxation move.
LEVELS: Mapping[str, float] = {"light": 1.0 / 3.0, "moderate": 2.0 / 3.0, "strong": 1.0}
#: What a level may be, as ``python -m viz preview --help`` says it (a level that rounds to 0 relaxes nothing and is
#: refused by the CLI): "from 0 to 1" had been said of 1.5 while 0 was refused.
_LEVEL_RANGE = "Level must be light, moderate, strong or a share of full relaxation from 0.001 to 1"

#: How far above the brow the forehead follows a brow move, mm (illustrative: skin is continuous).
FOREHEAD_FOLLOW_MM = 20.0
#: Reach of a mouth-corner move into the lips and cheek around it, mm (Gaussian SD beyond a small
#: disc that moves whole; illustrative).
CORNER_REACH_MM = 5.0
#: Along the brow, each brow target moves fully within this distance of its measuring point, mm.
#: The brow measures register 12 mm wide patches (:data:`viz.evidence.BROW_ACROSS`), so a move that
#: changed within a few millimetres of the point would be read as an average of its neighbours.
MEASURE_PLATEAU_MM = 3.0
#: Above and below the brow band the skin moves with the brow for this far, mm, so that a patch
#: centred on the band (10 mm tall) moves as one (below it, less when a lowered brow needs the room:
#: :data:`LID_SKIN_SQUEEZE`).
BROW_MARGIN_MM = 3.0
#: A lowered brow squeezes the skin between it and the lid to no less than this share of its height (a geometric
#: limit of the warp, not an anatomical figure: at 0 the skin would fold over and the photo could not be warped).
LID_SKIN_SQUEEZE = 0.5

_CUTOFF = 0.02  # weights below this are treated as zero
_LID_CLEARANCE_MM = 1.0  # the lid margin and the skin just above it stay put under a brow move
_MIN_FADE_MM = 2.0  # shortest fade between the lid and the moving brow skin
_TEMPLE_HOLD_MM, _TEMPLE_FADE_MM = 3.0, 10.0  # past the brow's outer end: held, then faded
_CORNER_HOLD_MM = 2.0  # a disc around the mouth corner moves whole
_LIP_HOLD_MM, _LIP_REACH_MM = 1.0, 5.0
_CORNER_CLEAR_MM = 4.0  # a lower-lip move leaves this much around each mouth corner still, and fades in over as much again
_JAW_HOLD_MM, _JAW_REACH_MM = 2.0, 14.0  # beyond the face outline the jaw move holds, then fades to nothing
#: Above the mouth corner the jaw outline's move fades out over this far, mm (illustrative: the masseter thins toward its
#: origin on the cheekbone, near the nose's base). Cut off 5 mm above the corner and faded over the 12 mm reach of the
#: last outline point, a strong masseter's 6 mm move bent the outline into a visible kink.
_JAW_FADE_MM = 20.0
#: The face model's outline on the subject's right, from the chin up to the cheek by the ear (MediaPipe's face oval).
_OUTLINE_RIGHT = (152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234)
_LID_HOLD_MM, _LID_REACH_MM = 0.5, 3.0
_KNOT_MM = 0.5  # knot spacing of the brow shares
_BEND_MM4 = 0.1  # how much the brow shares resist bending, against staying near the plateaus' smooth partition
_BROW_TARGETS = frozenset({"brow_inner", "brow_mid", "brow_tail"})

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
            raise ArgumentError(f"{_LEVEL_RANGE}, not {self.level!r}.")

    @classmethod
    def parse(cls, text: str) -> Relaxation:
        """From ``MUSCLE:SIDE:LEVEL`` (the CLI's ``--relax``); LEVEL is light/moderate/strong or a share from 0.001 to 1
        (the CLI refuses a level that rounds to 0 at three decimals: it relaxes nothing)."""
        parts = text.split(":")
        if len(parts) != 3:
            raise ArgumentError(f"--relax takes MUSCLE:SIDE:LEVEL, e.g. frontalis:left:0.5, not {text!r}.")
        muscle, side, level = parts
        if side not in PLAN_SIDES:
            raise ArgumentError(f"Side must be left, right or both, not {side!r}.")
        try:
            value = LEVELS[level] if level in LEVELS else float(level)
        except ValueError:
            raise ArgumentError(f"{_LEVEL_RANGE}, not {level!r}.") from None
        return cls(muscle=muscle, side=side, level=value)

    def sides(self) -> tuple[Side, ...]:
        """The sides the relaxation acts on."""
        return (LEFT, RIGHT) if self.side == "both" else ((LEFT,) if self.side == "left" else (RIGHT,))


def sides_overlap(a: PlanSide, b: PlanSide) -> bool:
    """Whether two plan sides share a side of the face (``both`` shares one with every side)."""
    return a == b or "both" in (a, b)


def check_plan(relaxations: Sequence[Relaxation]) -> None:
    """Raise :class:`ArgumentError` if a plan relaxes one side of a muscle twice.

    A plan's moves are added together, so ``frontalis:both`` with ``frontalis:left`` would relax the left forehead
    beyond the catalogue's full relaxation (``strong``), a change no treatment makes.
    """
    for i, a in enumerate(relaxations):
        for b in relaxations[i + 1 :]:
            if a.muscle == b.muscle and sides_overlap(a.side, b.side):
                raise ArgumentError(
                    f"The plan relaxes the {a.muscle} twice on the same side ({a.muscle}:{a.side} and {b.muscle}:{b.side}):"
                    " give each side of a muscle once, with the level wanted."
                )


def treatable_sides(muscle: Muscle) -> tuple[PlanSide, ...]:
    """The sides a single-side option can treat: ``("both",)`` for a midline muscle, else ``("left", "right")``."""
    return ("both",) if muscle.midline else ("left", "right")


def _smoothstep(t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """0 below 0, 1 above 1, a cubic with flat ends between."""
    c = np.clip(t, 0.0, 1.0)
    return np.asarray(c * c * (3.0 - 2.0 * c), dtype=np.float64)


def _ramp(x: npt.NDArray[np.float64], start: float, end: float) -> npt.NDArray[np.float64]:
    """Rises smoothly from 0 at ``start`` to 1 at ``end`` (a step at ``start`` when they meet)."""
    return _smoothstep((x - start) / max(end - start, 1e-6))


def _measuring_points(side: Side) -> tuple[int, int, int]:
    """The landmarks whose horizontal position the three brow heights are read at (as :mod:`viz.asymmetry` reads them).

    The inner brow is the top of the brow head (the medial end of the upper contour); the mid and tail heights are
    read above the pupil and above the outer eye corner.
    """
    return side.brow_upper[-1], side.iris_centre, side.eye_outer


def _brow_shares(uv: npt.NDArray[np.float64], side: Side) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Each brow target's share along the brow: knots ``x`` (mm from the midline) and shares ``(3, len(x))``.

    The shares stay as close as they can to a smooth partition of one in which each target has full weight within
    :data:`MEASURE_PLATEAU_MM` of its measuring point (the top of the brow head, above the pupil and above the outer
    eye corner) and hands over to its neighbour between them, while the mean over the patch the engine registers at
    each measuring point (:data:`viz.evidence.BROW_ACROSS`, :data:`viz.evidence.BROW_HEAD_ACROSS`, 12 mm wide) is
    exactly one for that point's target and zero for the others. So the photo moves each brow measure by its own
    target's move, as the engine reads it; to make up for the neighbour's share at the patch's edges a share bends up
    to about 0.1 past 0 or 1 near the measuring points. The brow's two ends are the inner and the tail target's alone
    (the shares are held beyond them). The landmarks move by the same field; their contour, which runs straight
    between points 4-8 mm apart, is not what the measures are read from (:func:`brow_moves_mm`).
    """
    sign = 1.0 if side is LEFT else -1.0
    at = tuple(float(x) for x in np.sort(uv[list(side.brow_upper), 0] * sign))
    anchors = tuple(float(uv[i, 0]) * sign for i in _measuring_points(side))
    xs, shares = _solve_shares(tuple(round(x, 4) for x in at), tuple(round(x, 4) for x in anchors))
    return xs.copy(), shares.copy()


def _interp_rows(xs: npt.NDArray[np.float64], points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Linear interpolation on the knots ``xs`` at ``points``, held flat beyond them, as a matrix ``(len(points), len(xs))``."""
    n = len(xs)
    j = np.clip(np.searchsorted(xs, points) - 1, 0, n - 2)
    t = np.clip((points - xs[j]) / (xs[j + 1] - xs[j]), 0.0, 1.0)
    rows = np.zeros((len(points), n))
    rows[np.arange(len(points)), j] = 1.0 - t
    rows[np.arange(len(points)), j + 1] += t
    return rows


@functools.lru_cache(maxsize=64)
def _solve_shares(at_tuple: tuple[float, ...], anchor_tuple: tuple[float, ...]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """:func:`_brow_shares` for landmark positions ``at`` (sorted, mm from the midline) and the three measuring points."""
    at, anchors = np.array(at_tuple), np.array(anchor_tuple)
    inner, mid, tail = anchors
    plateau = MEASURE_PLATEAU_MM
    a0, a1 = inner + plateau, mid - plateau
    a2, a3 = mid + plateau, tail - plateau
    if a1 < a0:
        a0 = a1 = (inner + mid) / 2.0
    if a3 < a2:
        a2 = a3 = (mid + tail) / 2.0
    halves = (BROW_HEAD_ACROSS.width_mm / 2.0, BROW_ACROSS.width_mm / 2.0, BROW_ACROSS.width_mm / 2.0)
    xs = np.linspace(at[0], at[-1], max(int(np.ceil((at[-1] - at[0]) / _KNOT_MM)) + 1, 2))
    n = len(xs)
    first, second = _ramp(xs, a0, a1), _ramp(xs, a2, a3)
    plateaus = np.stack([1.0 - first, first - second, second], axis=1)  # (knots, 3): whole within the plateaus
    # The patch each measure registers there reads the whole of its own target's move and none of the others'; the
    # brow's two ends are each one target's alone (the shares are held beyond them: across the face and the temple).
    windows = [_interp_rows(xs, np.linspace(x - half, x + half, 49)).mean(axis=0) for x, half in zip(anchors, halves, strict=True)]
    c = np.vstack([*windows, _interp_rows(xs, np.array([xs[0], xs[-1]]))])
    b = np.vstack([np.eye(3), plateaus[[0, -1]]])
    d2 = np.diff(np.eye(n), 2, axis=0) / _KNOT_MM**2  # curvature per mm²
    k = len(c)
    kkt = np.block([[np.eye(n) + _BEND_MM4 * d2.T @ d2, c.T], [c, np.zeros((k, k))]])
    rhs = np.vstack([plateaus, b])
    solved = np.asarray(np.linalg.lstsq(kkt, rhs, rcond=None)[0][:n].T, dtype=np.float64)
    solved[np.abs(solved) < 1e-9] = 0.0  # a target with no share stays exactly still
    for arr in (xs, solved):
        arr.setflags(write=False)
    return xs, solved


def _profile(uv: npt.NDArray[np.float64], side: Side, x: npt.NDArray[np.float64]) -> dict[str, npt.NDArray[np.float64]]:
    """Share of each brow target at distance ``x`` from the midline (mm), from :func:`_brow_shares`.

    Beyond the knots the shares are held; the inner target fades across the midline (half weight on it),
    the tail target past the brow's outer end.
    """
    sign = 1.0 if side is LEFT else -1.0
    xs, shares = _brow_shares(uv, side)
    head = float(uv[_measuring_points(side)[0], 0]) * sign
    end = float(np.max(uv[list(side.brow_upper), 0] * sign))
    medial = max(head - BROW_HEAD_ACROSS.width_mm / 2.0, 1.0)  # the head's patch moves whole
    fades = (_ramp(x, -medial, medial), np.ones_like(x), 1.0 - _ramp(x, end + _TEMPLE_HOLD_MM, end + _TEMPLE_HOLD_MM + _TEMPLE_FADE_MM))
    names = ("brow_inner", "brow_mid", "brow_tail")
    return {k: np.asarray(np.interp(x, xs, s) * f, dtype=np.float64) for k, s, f in zip(names, shares, fades, strict=True)}


def _contour(uv: npt.NDArray[np.float64], idx: list[int], x: npt.NDArray[np.float64], sign: float) -> npt.NDArray[np.float64]:
    """Height of a contour at distance ``x`` from the midline, held flat beyond its ends."""
    pts = uv[idx]
    order = np.argsort(pts[:, 0] * sign)
    return np.asarray(np.interp(x, pts[order, 0] * sign, pts[order, 1]), dtype=np.float64)


def _brow_envelope(
    uv: npt.NDArray[np.float64], side: Side, x: npt.NDArray[np.float64], v: npt.NDArray[np.float64], drop_mm: float | npt.NDArray[np.float64] = 0.0
) -> npt.NDArray[np.float64]:
    """How much of a brow move a point at ``(x, v)`` takes: all of it across the brow band and a margin around it.

    The band runs from the lower to the upper brow contour, widened by :data:`BROW_MARGIN_MM` so that a
    patch centred on the brow (the image evidence the measures read) moves as one; above it the forehead
    follows, fading over :data:`FOREHEAD_FOLLOW_MM`; below it the lid skin stretches or is squeezed, fading to
    nothing just above the upper lid margin, which stays put. A brow lowered by ``drop_mm`` (at each point, or
    one figure for all) squeezes the lid skin: the fade is made long enough that no part of it is squeezed below :data:`LID_SKIN_SQUEEZE` of its
    height (the skin would fold over and the photo could not be warped). The room comes out of the band's
    lower margin; on a brow that sits close to the eye the fade reaches up to the brow's lower edge, never
    into the brow.
    """
    sign = 1.0 if side is LEFT else -1.0
    top = _contour(uv, list(side.brow_upper), x, sign) + BROW_MARGIN_MM
    lid = _contour(uv, [side.eye_outer, *side.lid_upper, side.eye_inner], x, sign) + _LID_CLEARANCE_MM
    lower = _contour(uv, list(side.brow_lower), x, sign)
    # a smoothstep fade of length L squeezes the skin by at most 1.5 * drop / L
    fade = np.maximum(_MIN_FADE_MM, 1.5 * np.maximum(drop_mm, 0.0) / (1.0 - LID_SKIN_SQUEEZE))
    bottom = np.maximum(lower - BROW_MARGIN_MM, lid + fade)
    bottom = np.minimum(bottom, np.maximum(lower, lid + _MIN_FADE_MM))
    above = 1.0 - _smoothstep((v - top) / FOREHEAD_FOLLOW_MM)
    below = _smoothstep((v - lid) / (bottom - lid))
    return np.asarray(above * below, dtype=np.float64)


def _near(
    points: npt.NDArray[np.float64], centres: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], hold: float, reach: float
) -> npt.NDArray[np.float64]:
    """The largest ``weight x closeness`` over the centres: closeness is 1 within ``hold`` mm and fades to 0 at ``reach`` mm."""
    out = np.zeros(len(points))
    keep = weights > 0
    if not keep.any():
        return out
    centres, weights = centres[keep], weights[keep]
    lo, hi = centres.min(axis=0) - reach, centres.max(axis=0) + reach
    inside = np.flatnonzero(np.all((points >= lo) & (points <= hi), axis=1))  # only points a centre can reach
    if inside.size == 0:
        return out
    p = points[inside]
    best = np.zeros(len(p))
    for c, w in zip(centres, weights, strict=True):
        r = np.sqrt(np.sum((p - c) ** 2, axis=1))
        best = np.maximum(best, w * (1.0 - _ramp(r, hold, reach)))
    out[inside] = best
    return out


def _clear_of_corners(p: npt.NDArray[np.float64], uv: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """0 within :data:`_CORNER_CLEAR_MM` of either mouth corner, rising to 1 at twice that: a target that is not the
    corner's own leaves it still, as the mouth-corner measure reads the lip line just inside it.

    Without it the jaw outline's lift (the platysma's) reached the corner through the lower face's points 10 mm
    beside it, and a 0.3 mm corner lift in the catalogue read as up to 0.42 mm.
    """
    corner = np.min([np.linalg.norm(p - uv[s.mouth_corner], axis=1) for s in (LEFT, RIGHT)], axis=0)
    return _ramp(corner, _CORNER_CLEAR_MM, 2.0 * _CORNER_CLEAR_MM)


def _outside_mm(p: npt.NDArray[np.float64], outline: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """How far each point lies outside a side's face outline, mm (0 inside).

    ``p`` and ``outline`` are in side coordinates (``x`` away from the midline); the outline runs up from the chin.
    Inside is medial of the outline between its ends' heights, and everywhere above its top (the jaw move has faded
    there); below the chin is outside. The distance is to the outline's segments, so it varies smoothly along it.
    """
    heights = np.maximum.accumulate(outline[:, 1])  # np.interp needs rising heights; a face model's outline rises
    inside = (p[:, 1] > heights[-1]) | ((p[:, 1] >= heights[0]) & (p[:, 0] <= np.interp(p[:, 1], heights, outline[:, 0])))
    out = np.zeros(len(p))
    away = np.flatnonzero(~inside)
    q = p[away]
    dist2 = np.full(len(q), np.inf)
    for a, b in itertools.pairwise(outline):
        ab = b - a
        t = np.clip(((q - a) @ ab) / max(float(ab @ ab), 1e-12), 0.0, 1.0)
        dist2 = np.minimum(dist2, np.sum((q - a - t[:, None] * ab) ** 2, axis=1))
    out[away] = np.sqrt(dist2)
    return out


def _jaw_weight(p: npt.NDArray[np.float64], uv: npt.NDArray[np.float64], side: Side) -> npt.NDArray[np.float64]:
    """The jaw outline target's weight at points ``p`` (face mm): a smooth product, most at the jaw angle.

    Full on the lateral lower face (rising from 45 % to 90 % of the jaw's half-width from the midline) up to the mouth
    corner's height, fading out over :data:`_JAW_FADE_MM` above it, and beyond the face outline held for
    :data:`_JAW_HOLD_MM` and faded by :data:`_JAW_REACH_MM`. Each factor is a smoothstep, so the moved outline stays a
    smooth curve: the largest weight over discs around the jaw's landmarks (about 10 mm apart along the outline)
    dipped between them, and a strong masseter's 6 mm move notched the outline by about 1 mm at each dip.
    """
    sign = 1.0 if side is LEFT else -1.0
    half = float(np.mean(np.abs(uv[list(side.jaw), 0])))
    corner_v = float(uv[side.mouth_corner, 1])
    q = p * np.array([sign, 1.0])
    out = np.zeros(len(p))
    live = np.flatnonzero((q[:, 0] > 0.45 * half) & (q[:, 1] < corner_v + _JAW_FADE_MM))  # elsewhere a factor is 0
    if live.size == 0:
        return out
    q = q[live]
    outline_idx = _OUTLINE_RIGHT if side is RIGHT else tuple(int(anatomy.MIRROR[i]) for i in _OUTLINE_RIGHT)
    outline = uv[list(outline_idx)] * np.array([sign, 1.0])
    lateral = _ramp(q[:, 0], 0.45 * half, 0.9 * half)
    below = 1.0 - _ramp(q[:, 1], corner_v, corner_v + _JAW_FADE_MM)
    near = 1.0 - _ramp(_outside_mm(q, outline), _JAW_HOLD_MM, _JAW_REACH_MM)
    out[live] = lateral * below * near
    return out


def target_weights_at(
    points_mm: npt.ArrayLike, uv: npt.NDArray[np.float64], target: str, side: Side, *, drop_mm: float | npt.NDArray[np.float64] = 0.0
) -> npt.NDArray[np.float64]:
    """How much of a movement target's move each point takes, from 0 to 1: the model as a smooth field.

    The same field moves the landmarks (for the measures after) and the photo (the simulated image), so
    the picture shows what the numbers say.

    Parameters
    ----------
    points_mm : (n, 2) array_like
        Where to evaluate, face millimetres.
    uv : (478, 2) ndarray
        The face's landmarks in face millimetres (they place the features).
    target : str
        A movement target of the catalogue.
    side : Side
    drop_mm : float or (n,) ndarray, optional
        How far the relaxation lowers this side's brow above each point, mm: the lid skin below a brow target
        makes room for it (:func:`_brow_envelope`).

    Returns
    -------
    (n,) ndarray
        Weights in ``[0, 1]``.
    """
    p = np.asarray(points_mm, dtype=np.float64).reshape(-1, 2)
    sign = 1.0 if side is LEFT else -1.0
    x, v = p[:, 0] * sign, p[:, 1]
    if target in _BROW_TARGETS:
        return np.asarray(_profile(uv, side, x)[target] * _brow_envelope(uv, side, x, v, drop_mm), dtype=np.float64)
    if target == "mouth_corner":
        r = np.linalg.norm(p - uv[side.mouth_corner], axis=1)
        reach = np.exp(-(np.maximum(r - _CORNER_HOLD_MM, 0.0) ** 2) / (2.0 * CORNER_REACH_MM**2))
        return np.asarray(np.where(reach > _CUTOFF, reach, 0.0) * _ramp(x, -1.0, 1.0), dtype=np.float64)
    if target == "lower_lip":
        idx = sorted(_LOWER_LIP)
        w = np.where(uv[idx, 0] * sign > 0.5, 1.0, np.where(np.abs(uv[idx, 0]) <= 0.5, 0.5, 0.0))
        return np.asarray(_near(p, uv[idx], w, _LIP_HOLD_MM, _LIP_REACH_MM) * _clear_of_corners(p, uv), dtype=np.float64)
    if target == "jaw_contour":
        w = _jaw_weight(p, uv, side)
        live = np.flatnonzero(w)
        w[live] *= _clear_of_corners(p[live], uv)
        return w
    if target == "upper_lid":
        idx = [*side.lid_upper, *side.lid_lower]
        w = np.array([1.0] * len(side.lid_upper) + [0.5] * len(side.lid_lower))
        return _near(p, uv[idx], w, _LID_HOLD_MM, _LID_REACH_MM)
    if target in ("chin", "cheek", "none"):
        return np.zeros(len(p))
    raise ArgumentError(f"Unknown movement target {target!r}.")


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
        :func:`target_weights_at` at the landmarks, those above zero (the irises never move), at most 1 (a
        share along the brow may bend a little past 1 near a measuring point).
    """
    w = np.minimum(target_weights_at(uv[: anatomy.N_MESH], uv, target, side), 1.0)
    return {int(i): float(w[i]) for i in np.flatnonzero(w > _CUTOFF)}


def _move_mm(movement: Effect, bound: str) -> float:
    return float({"low": movement.low, "typical": movement.typical, "high": movement.high}[bound])


def _brow_drop(uv: npt.NDArray[np.float64], side: Side, muscle: Muscle, bound: str, share: float, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """How far a relaxation lowers one side's brow at distance ``x`` from the midline along it, mm (0 where it lifts it).

    The brow targets' moves weighted by their shares along the brow (:func:`_profile`, which may bend a little past
    one near a measuring point): below the brow, the lid skin makes room for this much (:func:`_brow_envelope`).
    """
    downward = {"down": 1.0, "up": -1.0}
    moves = [(m.target, _move_mm(m, bound) * share * downward[m.direction]) for m in muscle.effect if m.target in _BROW_TARGETS and m.direction in downward]
    if not any(a > 0.0 for _t, a in moves):
        return np.zeros_like(x)
    profile = _profile(uv, side, x)
    return np.asarray(np.maximum(sum(a * profile[t] for t, a in moves), 0.0), dtype=np.float64)


def displacement_at_mm(
    points_mm: npt.ArrayLike, uv: npt.NDArray[np.float64], relaxation: Relaxation, muscle: Muscle, day: float, bound: str = "typical"
) -> npt.NDArray[np.float64]:
    """How far a relaxation moves any point of the face on a given day, face millimetres ``(n, 2)``.

    Parameters
    ----------
    points_mm : (n, 2) array_like
        Where to evaluate, face millimetres (landmarks, or the nodes of an image grid).
    uv : (478, 2) ndarray
        The face's landmarks in face millimetres (they place the features).
    relaxation : Relaxation
    muscle : Muscle
        The catalogue card of ``relaxation.muscle``.
    day : float
        Days after treatment (0 and after wear-off: no change).
    bound : {"low", "typical", "high"}
        Which end of the range: the catalogue's low, typical or high move, scaled by the smallest, typical or
        largest share of the peak effect on ``day`` (:func:`viz.timeline.effect_range`).

    Returns
    -------
    (n, 2) ndarray
    """
    if bound not in BOUNDS:
        raise ArgumentError(f"bound must be one of {BOUNDS}, not {bound!r}.")
    if muscle.id != relaxation.muscle:
        raise ArgumentError(f"The card {muscle.id!r} does not belong to {relaxation.muscle!r}.")
    p = np.asarray(points_mm, dtype=np.float64).reshape(-1, 2)
    out = np.zeros_like(p)
    low, typical, high = effect_range(np.array([float(day)]), muscle.time_course)
    share = float({"low": low, "typical": typical, "high": high}[bound][0]) * float(relaxation.level)
    if share <= 0.0:
        return out
    for side in relaxation.sides():
        sign = 1.0 if side is LEFT else -1.0
        drop = _brow_drop(uv, side, muscle, bound, share, p[:, 0] * sign)
        for movement in muscle.effect:
            if movement.direction == "none":
                continue
            amount = _move_mm(movement, bound) * share
            w = target_weights_at(p, uv, movement.target, side, drop_mm=drop)
            step = np.abs(p[:, 0]) * amount / 100.0 if movement.unit == "percent_half_width" else np.full(len(p), amount)
            if movement.direction == "up":
                out[:, 1] += w * step
            elif movement.direction == "down":
                out[:, 1] -= w * step
            elif movement.direction == "inward":
                out[:, 0] -= sign * w * step
    return out


#: The brow measures and the target each one's patch reads (:func:`brow_moves_mm`), in the order of
#: :func:`_measuring_points`.
BROW_MEASURES: Mapping[str, str] = MappingProxyType({"brow_inner_height": "brow_inner", "brow_height": "brow_mid", "brow_tail_height": "brow_tail"})


def _brow_patches(uv: npt.NDArray[np.float64], side: Side) -> list[tuple[npt.NDArray[np.float64], float]]:
    """Where the engine registers each brow measure's patch on one side (centre, face mm) and its width, mm.

    As :func:`viz.asymmetry._measure_all` places them: the brow head's patch :data:`BROW_HEAD_DROP_MM` below the
    upper contour's medial end; the band's patches on the middle of the band, above the pupil and the outer eye corner.
    """
    out = [(brow_head_centre(uv, side), BROW_HEAD_ACROSS.width_mm)]
    for point in _measuring_points(side)[1:]:
        out.append((brow_band_centre(uv, side, float(uv[point, 0])), BROW_ACROSS.width_mm))
    return out


def brow_moves_mm(
    uv: npt.NDArray[np.float64], relaxations: Sequence[tuple[Relaxation, Muscle]], day: float, bound: str = "typical"
) -> dict[str, tuple[float, float]]:
    """How far a plan moves each brow measure up, ``{measure id: (left, right)}`` mm, as the engine reads it.

    The brow heights are read from patches 12 mm wide (:data:`viz.evidence.BROW_ACROSS`,
    :data:`viz.evidence.BROW_HEAD_ACROSS`): the move a photo shows there is the field's mean across the patch, at its
    centre's height. The brow shares (:func:`_brow_shares`) make that mean the whole of the target's own move at its
    measuring point and none of its neighbours'. The landmarks' contour through the moved points cannot say it: above
    the pupil it runs between landmarks 4-8 mm either side, and read there a forehead relaxation's 0.8 mm drop above
    the pupil came out as 0.4 mm, half of it offset by the brow tail's rise.

    Parameters
    ----------
    uv : (478, 2) ndarray
        Landmarks in face millimetres.
    relaxations : sequence of (Relaxation, Muscle)
        A plan, each relaxation with its catalogue card.
    day : float
        Days after treatment.
    bound : {"low", "typical", "high"}

    Returns
    -------
    dict of str to (float, float)
    """
    n = 49  # points across each patch
    patches = [p for side in (LEFT, RIGHT) for p in _brow_patches(uv, side)]  # left's three, then right's
    across = np.concatenate([np.stack([c[0] + np.linspace(-w / 2.0, w / 2.0, n), np.full(n, c[1])], axis=1) for c, w in patches])
    dv = sum((displacement_at_mm(across, uv, r, card, day, bound)[:, 1] for r, card in relaxations), np.zeros(len(across)))
    means = dv.reshape(len(patches), n).mean(axis=1)
    k = len(BROW_MEASURES)
    return {mid: (float(means[i]), float(means[k + i])) for i, mid in enumerate(BROW_MEASURES)}


def displacement_mm(uv: npt.NDArray[np.float64], relaxation: Relaxation, muscle: Muscle, day: float, bound: str = "typical") -> npt.NDArray[np.float64]:
    """Landmark displacements, face millimetres ``(478, 2)``, that a relaxation predicts on a given day.

    :func:`displacement_at_mm` at the landmarks themselves; the irises never move (the heights are read
    from the line through them).

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
    uv = np.asarray(uv, dtype=np.float64)
    out = displacement_at_mm(uv, uv, relaxation, muscle, day, bound)
    out[anatomy.N_MESH :] = 0.0
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
