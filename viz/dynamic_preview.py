"""Preview in motion: an expression photo with chosen muscles relaxed.

A neuromodulator weakens a muscle's pull, so what it changes most is the movement that muscle makes.
Given a measured expression set (:func:`viz.dynamics.measure_dynamics`), :func:`relax_expression`
takes one expression's movement from rest, landmark by landmark in the rest face's frame
(``expression - rest``, millimetres), and scales the treated side's share of it in the muscle's target
region by

    1 - effect_fraction(day) × level × attenuation

where ``effect_fraction`` is the muscle's time course (:mod:`viz.timeline`), ``level`` the chosen
relaxation (0-1) and ``attenuation`` the share of that expression's movement a full relaxation at its
peak removes (:data:`ACTIONS`). The expression photo is warped by the change and marked as a
simulation, and the movement measures are given before and after: each side's measured movement
(image evidence included) times the share left at the feature the measure is read at.

The attenuations are **illustrative**: no published figure was found for how much of a brow raise,
frown, eye closure or smile a given relaxation removes on one side, in millimetres or percent. The
values are placeholders chosen for a plausible full-strength effect on the movement the muscle
drives (less where injectors deliberately spare part of the muscle), and every screen that shows them
must say so (:attr:`DynamicAction.illustrative`).

:func:`movement_balance_options` ranks single-muscle, single-side relaxations by how much they would
shrink the largest left-right movement difference of the set ("what would balance this?").

Examples
--------
>>> from viz.dynamics import measure_dynamics
>>> from viz.muscles import Relaxation
>>> report = measure_dynamics(rest_face, {"brows_up": brows_face})  # doctest: +SKIP
>>> pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", 0.67)], 14)  # doctest: +SKIP
>>> pv.after["brow_elevation"].left < pv.before["brow_elevation"].left  # doctest: +SKIP
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from viz import content
from viz.anatomy import LEFT, RIGHT, Side
from viz.dynamics import MOVEMENT_IDS, DynamicsReport, ExpressionResult, Movement, _movement_note
from viz.errors import ArgumentError
from viz.muscles import Relaxation, library_muscle, target_weights
from viz.preview import MATERIAL_MM, WARP_REACH_MM, watermark
from viz.timeline import effect_fraction
from viz.warp import warp_by_landmarks

__all__ = [
    "ACTIONS",
    "SCHEMA",
    "DynamicAction",
    "ExpressionPreview",
    "MovementOption",
    "largest_movement_difference",
    "movement_balance_options",
    "relax_expression",
    "remaining_share",
]

F64 = npt.NDArray[np.float64]

SCHEMA = "viz.dynamic_preview/1"


@dataclass(frozen=True)
class DynamicAction:
    """Which expression movement a muscle drives, where, and how much of it full relaxation removes.

    Attributes
    ----------
    muscle : str
        A muscle id of DESIGN §5.
    expressions : tuple of str
        The expressions of :data:`viz.dynamics.EXPRESSIONS` whose movement the muscle makes.
    targets : tuple of str
        Movement targets of :func:`viz.muscles.target_weights`, or ``"upper_lid"`` (the lid margins).
    attenuation : float
        Share of the movement in the target region that full relaxation removes at peak effect, 0-1.
    illustrative : bool
        No published figure: the value is a placeholder and must be labelled as such.
    note : str
        Where the value comes from, in one or two sentences.
    """

    muscle: str
    expressions: tuple[str, ...]
    targets: tuple[str, ...]
    attenuation: float
    illustrative: bool
    note: str


#: The muscles of the catalogue that drive a movement of the expression set. Nasalis (nose scrunch),
#: depressor anguli oris, mentalis, masseter and platysma drive none of the five expressions measured
#: (the pucker is made by the orbicularis oris, which the catalogue does not hold), so relaxing them
#: leaves the measured movements as they are.
ACTIONS: Mapping[str, DynamicAction] = MappingProxyType(
    {
        "frontalis": DynamicAction(
            "frontalis",
            ("brows_up",),
            ("brow_inner", "brow_mid", "brow_tail"),
            0.8,
            True,
            "The frontalis is the only muscle that lifts the brows, so relaxing it removes most of the raise on that side; "
            "how much depends on dose and placement, and no per-side figure was found (illustrative 80% at full relaxation).",
        ),
        "corrugator": DynamicAction(
            "corrugator",
            ("frown",),
            ("brow_inner",),
            0.7,
            True,
            "The corrugator pulls the head of the brow in and down; the procerus and orbicularis oculi share the frown, "
            "so full relaxation removes most but not all of it (illustrative 70%).",
        ),
        "procerus": DynamicAction(
            "procerus",
            ("frown",),
            ("brow_inner",),
            0.3,
            True,
            "The procerus pulls the skin between the brows down, a smaller part of the frown than the corrugators' (illustrative 30%).",
        ),
        "orbicularis_oculi": DynamicAction(
            "orbicularis_oculi",
            ("eyes_closed",),
            ("upper_lid", "brow_tail"),
            0.15,
            True,
            "Crow's-feet treatment relaxes only the outer ring and spares the lids, so closing the eyes tight changes little (illustrative 15%).",
        ),
        "zygomaticus_major": DynamicAction(
            "zygomaticus_major",
            ("smile",),
            ("mouth_corner",),
            0.5,
            True,
            "The zygomaticus major is the main smile muscle, shared with the zygomaticus minor, risorius and levator anguli oris; "
            "injectors avoid it except to balance a smile after facial palsy (de Sanctis Pecora 2021), and no millimetre figure "
            "was found (illustrative 50%).",
        ),
    }
)

#: Landmark each movement measure is read at, per side (as in :mod:`viz.dynamics`).
_ANCHOR: Mapping[str, Callable[[Side], int]] = MappingProxyType(
    {
        "brow_elevation": lambda s: s.brow_upper[2],
        "medial_brow_travel": lambda s: s.brow_upper[-1],
        "eyelid_closure": lambda s: s.lid_upper[3],
        "mouth_corner_excursion": lambda s: s.mouth_corner,
        "smile_angle": lambda s: s.mouth_corner,
        "lip_travel": lambda s: s.mouth_corner,
    }
)
_LABEL = MappingProxyType(
    {"brows_up": "brows-up", "frown": "frown", "eyes_closed": "eyes-closed", "smile": "smile", "pucker": "pucker"},
)
_MOVEMENT_WORDS = MappingProxyType(
    {
        "brow_elevation": "brow raise",
        "medial_brow_travel": "frown",
        "eyelid_closure": "eye closure",
        "mouth_corner_excursion": "smile",
        "smile_angle": "smile angle",
        "lip_travel": "pucker",
    }
)


def _weights(uv_mm: F64, action: DynamicAction, side: Side) -> dict[int, float]:
    """The landmarks a muscle's action moves on one side, each with its largest weight over the targets."""
    out: dict[int, float] = {}
    for target in action.targets:
        if target == "upper_lid":
            found = {i: 1.0 for i in side.lid_upper}
            found.update({i: 0.5 for i in side.lid_lower})
        else:
            found = target_weights(uv_mm, target, side)
        for i, w in found.items():
            out[i] = max(out.get(i, 0.0), w)
    return out


def _check_day(day: float) -> None:
    if not (isinstance(day, (int, float)) and math.isfinite(day) and 0 <= day <= 365):
        raise ArgumentError(f"Day must be a number from 0 to 365, not {day!r}.")


def remaining_share(uv_rest_mm: F64, expression: str, relaxations: Sequence[Relaxation], day: float, library: content.Library) -> F64:
    """Share of each landmark's expression movement left after the relaxations, ``(478,)`` in [0, 1].

    Parameters
    ----------
    uv_rest_mm : (478, 2) ndarray
        Rest landmarks in the rest face's frame, millimetres.
    expression : str
        One of ``brows_up``, ``frown``, ``eyes_closed``, ``smile``, ``pucker``.
    relaxations : sequence of Relaxation
    day : float
        Days after treatment, 0-365.
    library : viz.content.Library

    Returns
    -------
    (478,) ndarray
        1 where no relaxation reaches; ``1 - effect × level × attenuation × weight`` in a target region,
        multiplied over the relaxations that reach a landmark.
    """
    if expression not in MOVEMENT_IDS:
        raise ArgumentError(f"Unknown expression {expression!r}: use {', '.join(MOVEMENT_IDS)}.")
    _check_day(day)
    out = np.ones(len(uv_rest_mm), dtype=np.float64)
    for r in relaxations:
        action = ACTIONS.get(r.muscle)
        if action is None or expression not in action.expressions:
            continue
        card = library_muscle(library, r.muscle)
        share = float(effect_fraction(np.array([float(day)]), card.time_course)[0]) * float(r.level) * action.attenuation
        if share <= 0.0:
            continue
        for side in r.sides():
            for i, w in _weights(uv_rest_mm, action, side).items():
                out[i] *= 1.0 - share * w
    return np.clip(out, 0.0, 1.0)


def _scaled(mv: Movement, f_left: float, f_right: float) -> Movement:
    """A movement with each side scaled by the share left on that side (a direction in degrees keeps its value)."""
    if mv.unit != "mm":
        return mv
    left, right = mv.left * f_left, mv.right * f_right
    extras = {}
    for k, v in mv.extras.items():
        extras[k] = v * f_left if k.startswith("left_") else v * f_right if k.startswith("right_") else v
    note = _movement_note(mv.id, left, right, mv.difference_uncertainty, mv.unit)
    return replace(mv, left=left, right=right, extras=MappingProxyType(extras), note=note)


def _movements_after(result: ExpressionResult, remaining: F64) -> dict[str, Movement]:
    out = {}
    for mid, mv in result.movements.items():
        anchor = _ANCHOR[mid]
        out[mid] = _scaled(mv, float(remaining[anchor(LEFT)]), float(remaining[anchor(RIGHT)]))
    return out


@dataclass(frozen=True, eq=False)
class ExpressionPreview:
    """One expression with chosen muscles relaxed.

    Attributes
    ----------
    expression : str
    day : float
    relaxations : tuple of Relaxation
    image : (H, W, 3) ndarray of uint8
        The expression photo's working image, warped by the change and marked as a simulation.
    xy_before_px, xy_after_px : (478, 2) ndarray
        The expression's landmarks as photographed and simulated, expression-photo pixels.
    uv_before_mm, uv_after_mm : (478, 2) ndarray
        The same in the rest face's frame (aligned to rest), millimetres.
    remaining : (478,) ndarray
        Share of each landmark's movement left (1: untouched).
    before, after : mapping of str to Movement
        The expression's movement measures as measured and simulated.
    warnings : tuple of str
    """

    expression: str
    day: float
    relaxations: tuple[Relaxation, ...]
    image: npt.NDArray[np.uint8]
    xy_before_px: F64
    xy_after_px: F64
    uv_before_mm: F64
    uv_after_mm: F64
    remaining: F64
    before: Mapping[str, Movement]
    after: Mapping[str, Movement]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (schema ``viz.dynamic_preview/1``): movements before and after, and the warnings."""
        return {
            "schema": SCHEMA,
            "expression": self.expression,
            "day": self.day,
            "relax": [{"muscle": r.muscle, "side": r.side, "level": round(float(r.level), 3)} for r in self.relaxations],
            "before": {k: m.to_dict() for k, m in self.before.items()},
            "after": {k: m.to_dict() for k, m in self.after.items()},
            "warnings": list(self.warnings),
        }


def _result(report: DynamicsReport, expression: str) -> ExpressionResult:
    if expression not in report.expressions:
        have = ", ".join(report.expressions) or "none"
        raise ArgumentError(f"The expression set has no {expression!r} photo (it has: {have}).")
    return report.expressions[expression]


def relax_expression(
    report: DynamicsReport,
    expression: str,
    relaxations: Sequence[Relaxation],
    day: float,
    *,
    library: content.Library | None = None,
) -> ExpressionPreview:
    """Simulate an expression photo with muscles relaxed: the warped photo and its movement measures.

    Parameters
    ----------
    report : DynamicsReport
        The measured expression set (rest and the expression photos, aligned).
    expression : str
        An expression the set holds (``brows_up``, ``frown``, ``eyes_closed``, ``smile``, ``pucker``).
    relaxations : sequence of Relaxation
        One or more muscles, sides and levels (a combined plan).
    day : float
        Days after treatment, 0-365.
    library : viz.content.Library, optional
        The catalogue (time courses and names); loaded from ``content/`` by default.

    Returns
    -------
    ExpressionPreview

    Raises
    ------
    ArgumentError
        If the set has no photo of ``expression`` or ``day`` is out of range.
    """
    _check_day(day)
    result = _result(report, expression)
    lib = library or content.load()
    rest, frame = report.rest.face, report.rest.frame
    expr = result.face
    uv_rest = frame.to_mm(rest.xy_px)
    uv_expr = frame.to_mm(result.alignment.apply(expr))
    remaining = remaining_share(uv_rest, expression, relaxations, day, lib)
    uv_after = uv_expr - (1.0 - remaining)[:, None] * (uv_expr - uv_rest)  # exactly uv_expr where nothing is relaxed

    # the change, in rest-photo pixels, taken back into the expression photo (in-plane part of the alignment)
    delta_rest_px = frame.to_px(uv_after) - frame.to_px(uv_expr)
    to_expr = np.linalg.inv(result.alignment.linear[:2, :2])
    delta_px = delta_rest_px @ to_expr.T
    xy_after = expr.xy_px + delta_px
    s = expr.photo.scale
    mm_per_working_px = rest.mm_per_px * result.alignment.scale * s  # rest's calibration: closed eyes show no iris
    warped = warp_by_landmarks(np.asarray(expr.photo.rgb), expr.xy_px / s - 0.5, delta_px / s, sigma_px=WARP_REACH_MM / mm_per_working_px)

    after = _movements_after(result, remaining)
    for arr in (uv_expr, uv_after, xy_after, remaining):
        arr.setflags(write=False)
    return ExpressionPreview(
        expression=expression,
        day=float(day),
        relaxations=tuple(relaxations),
        image=watermark(warped),
        xy_before_px=expr.xy_px,
        xy_after_px=xy_after,
        uv_before_mm=uv_expr,
        uv_after_mm=uv_after,
        remaining=remaining,
        before=result.movements,
        after=MappingProxyType(after),
        warnings=_warnings(expression, result.movements, after, relaxations, lib),
    )


def _warnings(
    expression: str, before: Mapping[str, Movement], after: Mapping[str, Movement], relaxations: Sequence[Relaxation], lib: content.Library
) -> tuple[str, ...]:
    out: list[str] = []
    label = _LABEL[expression]
    acting = [r for r in relaxations if r.muscle in ACTIONS and expression in ACTIONS[r.muscle].expressions]
    if not acting:
        out.append(f"No muscle in the plan makes the {label} movement, so the simulation shows it unchanged.")
    for r in relaxations:
        name = lib.muscles[r.muscle].name.lower() if r.muscle in lib.muscles else r.muscle
        if r not in acting:
            out.append(f"Relaxing the {name} does not change the {label} movement measured here.")
        elif ACTIONS[r.muscle].illustrative:
            out.append(f"How much of the {label} movement relaxing the {name} removes is illustrative: no published figure was found.")
    for mid, m0 in before.items():
        m1 = after[mid]
        if m0.unit != "mm":
            continue
        d0, d1 = m0.left - m0.right, m1.left - m1.right
        words = _MOVEMENT_WORDS[mid]
        unc = m0.difference_uncertainty
        if abs(d1 - d0) < MATERIAL_MM:
            continue
        if abs(d0) > unc and abs(d1) > unc and math.copysign(1, d0) != math.copysign(1, d1):
            out.append(f"Over-correction: the {words} difference would likely flip, from {d0:+.1f} mm to {d1:+.1f} mm (left minus right).")
        elif abs(d1) > abs(d0) + MATERIAL_MM:
            out.append(
                f"This would likely increase the {words} difference from {abs(d0):.1f} to {abs(d1):.1f} mm:"
                " the treated side may be the one that already moves less."
            )
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class MovementOption:
    """One single-muscle, single-side option for the largest movement difference.

    Attributes
    ----------
    relaxation : Relaxation
        At full level, judged on the muscle's peak day.
    expression, movement : str
    before, after : float
        ``left - right`` of the movement, mm, as measured and with the relaxation.
    illustrative : bool
        The muscle's attenuation is illustrative.
    """

    relaxation: Relaxation
    expression: str
    movement: str
    before: float
    after: float
    illustrative: bool

    @property
    def reduction(self) -> float:
        """How much smaller the movement difference would be, mm; negative when it grows."""
        return abs(self.before) - abs(self.after)

    @property
    def balancing_level(self) -> float | None:
        """The relaxation level (0-1) at which the two sides would move alike at peak, or ``None`` beyond full relaxation.

        One relaxation scales the movement linearly with its level, so the difference at level ``x`` is
        ``before + x * (after - before)``.
        """
        step = self.after - self.before
        if abs(step) < 1e-9:
            return None
        level = -self.before / step
        return level if 0.0 < level <= 1.0 else None


def largest_movement_difference(report: DynamicsReport) -> tuple[str, str] | None:
    """The ``(expression, movement id)`` whose left-right difference is largest (mm measures), or ``None`` without expressions."""
    best: tuple[float, str, str] | None = None
    for name, result in report.expressions.items():
        for mid, mv in result.movements.items():
            if mv.unit != "mm":
                continue
            diff = abs(mv.left - mv.right)
            if best is None or diff > best[0]:
                best = (diff, name, mid)
    return None if best is None else (best[1], best[2])


def movement_balance_options(report: DynamicsReport, *, library: content.Library | None = None) -> tuple[str, str, list[MovementOption]] | None:
    """Rank single-muscle, single-side relaxations by how much they would shrink the largest movement difference.

    Each option is a full relaxation judged on the muscle's peak day. Only options that shrink the
    difference by at least ``max(MATERIAL_MM, half its uncertainty)`` are kept, best first.

    Parameters
    ----------
    report : DynamicsReport
    library : viz.content.Library, optional

    Returns
    -------
    tuple of (str, str, list of MovementOption) or None
        The expression and movement id of the largest difference and the options (possibly none);
        ``None`` when the set holds no expression photo.
    """
    found = largest_movement_difference(report)
    if found is None:
        return None
    expression, mid = found
    lib = library or content.load()
    result = report.expressions[expression]
    mv = result.movements[mid]
    uv_rest = report.rest.frame.to_mm(report.rest.face.xy_px)
    options = []
    for muscle, action in ACTIONS.items():
        if expression not in action.expressions or muscle not in lib.muscles:
            continue
        card = lib.muscles[muscle]
        for side in ("both",) if card.midline else ("left", "right"):
            r = Relaxation(muscle, side, 1.0)
            remaining = remaining_share(uv_rest, expression, [r], card.time_course.peak_days, lib)
            m1 = _movements_after(result, remaining)[mid]
            option = MovementOption(r, expression, mid, mv.left - mv.right, m1.left - m1.right, action.illustrative)
            if option.reduction >= max(MATERIAL_MM, 0.5 * mv.difference_uncertainty):
                options.append(option)
    options.sort(key=lambda o: o.reduction, reverse=True)
    return expression, mid, options
