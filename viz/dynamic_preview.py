"""Preview in motion: an expression photo with chosen muscles relaxed.

A neuromodulator weakens a muscle's pull, so what it changes most is the movement that muscle makes.
Given a measured expression set (:func:`viz.movement.measure_dynamics`), :func:`relax_expression`
takes one expression's movement from rest, landmark by landmark in the rest face's frame
(``expression - rest``, millimetres), and scales the treated side's share of it in the muscle's target
region by

    1 - effect_fraction(day) × level × attenuation

where ``effect_fraction`` is the muscle's time course (:mod:`viz.timeline`), ``level`` the chosen
relaxation (0-1) and ``attenuation`` the share of that expression's movement a full relaxation at its
peak removes (the muscle card's ``dynamic`` block in ``content/muscles.yaml``). The expression photo is warped by the change and marked as a
simulation, and the movement measures are given before and after: each side's measured movement
(image evidence included) times the share left at the feature the measure is read at.

The attenuations are **illustrative**: no published figure was found for how much of a brow raise,
frown, eye closure or smile a given relaxation removes on one side, in millimetres or percent. The
values are chosen for a plausible full-strength effect on the movement the muscle
drives (less where injectors deliberately spare part of the muscle), their basis is marked in the
content, and every screen that shows them must say so (:attr:`viz.content.DynamicAction.illustrative`).

:func:`movement_balance_options` lists single-muscle, single-side relaxations that would shrink the
largest clear left-right movement difference of the set, as options to discuss with a licensed
injector (never a plan or a level). Expression photos that show another person or not the expected
expression give no verdict and no option.

Examples
--------
>>> from viz.movement import measure_dynamics
>>> from viz.muscles import Relaxation
>>> report = measure_dynamics(rest_face, {"brows_up": brows_face})  # doctest: +SKIP
>>> pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", 0.67)], 14)  # doctest: +SKIP
>>> pv.after["brow_elevation"].left < pv.before["brow_elevation"].left  # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from viz import content
from viz.anatomy import LEFT, RIGHT, Side
from viz.balance import MATERIAL_MM, BalanceOption, Change, change_warnings
from viz.content import DynamicAction
from viz.errors import ArgumentError
from viz.movement import DynamicsReport, ExpressionResult, Movement, movement_note
from viz.muscles import Relaxation, check_plan, library_muscle, target_weights, treatable_sides
from viz.preview import WARP_REACH_MM, mark
from viz.timeline import check_day, effect_range
from viz.vocabulary import EXPRESSIONS, MOVEMENT_IDS, MOVEMENTS, mid_sentence, rounded, rounded_pair, side_phrase
from viz.warp import warp_by_landmarks

__all__ = [
    "SCHEMA",
    "DynamicAction",
    "ExpressionPreview",
    "actions",
    "largest_movement_difference",
    "movement_balance_options",
    "no_option_reason",
    "relax_expression",
    "remaining_share",
    "shown_sides",
]

F64 = npt.NDArray[np.float64]

SCHEMA = "viz.dynamic_preview/1"


def shown_sides(before: Movement, after: Movement) -> tuple[float, float, float, float]:
    """A movement's left and right before and after a plan as shown (one decimal): before as the Expressions page shows
    the pair (they differ by its difference); after, a side the plan leaves alone keeps its figure (rounded as a pair,
    an untreated 2.5 mm read 2.4 mm on day 3 and 2.5 on day 14) and a moved one is rounded on its own. Every
    difference said of the plan is the two as shown.

    Examples
    --------
    >>> from types import SimpleNamespace as M
    >>> shown_sides(M(left=1.24, right=4.26), M(left=1.24, right=1.21))  # 4.26 - 1.24 = 3.02: shown as 1.2 and 4.2
    (1.2, 4.2, 1.2, 1.2)
    """
    l0, r0 = rounded_pair(before.left, before.right)
    l1 = l0 if abs(after.left - before.left) < 1e-9 else rounded(after.left)
    r1 = r0 if abs(after.right - before.right) < 1e-9 else rounded(after.right)
    return l0, r0, l1, r1


def actions(library: content.Library) -> dict[str, DynamicAction]:
    """The muscles of the catalogue that drive a movement of the expression set, with how they drive it.

    Nasalis (nose scrunch), depressor anguli oris, mentalis, masseter and platysma drive none of the five
    expressions measured (the pucker is made by the orbicularis oris, which the catalogue does not hold),
    so relaxing them leaves the measured movements as they are.
    """
    return {m.id: m.dynamic for m in library.muscles.values() if m.dynamic is not None}


#: Landmark each movement measure is read at, per side (as in :mod:`viz.movement`).
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


def _weights(uv_mm: F64, action: DynamicAction, side: Side) -> dict[int, float]:
    """The landmarks a muscle's action moves on one side: each weight summed over the targets, at most 1.

    The brow targets share the brow between them (:func:`viz.muscles.target_weights_at`), so an action on all
    three reaches the whole brow with weight 1.
    """
    out: dict[int, float] = {}
    for target in action.targets:
        for i, w in target_weights(uv_mm, target, side).items():
            out[i] = min(1.0, out.get(i, 0.0) + w)
    return out


#: Which of the time course's days :func:`remaining_share` reads: the typical, the slowest or the quickest course.
Bound = Literal["typical", "low", "high"]
_BOUND_INDEX: Mapping[str, int] = MappingProxyType({"low": 0, "typical": 1, "high": 2})


def remaining_share(uv_rest_mm: F64, expression: str, relaxations: Sequence[Relaxation], day: float, library: content.Library, bound: Bound = "typical") -> F64:
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
    bound : {"typical", "low", "high"}, optional
        The day's share of the peak effect from the typical time course, or from the slowest ("low": the least
        effect) or the quickest ("high") the course's ranges allow (:func:`viz.timeline.effect_range`).

    Returns
    -------
    (478,) ndarray
        1 where no relaxation reaches; ``1 - effect × level × attenuation × weight`` in a target region,
        multiplied over the relaxations that reach a landmark.
    """
    if expression not in MOVEMENT_IDS:
        raise ArgumentError(f"Unknown expression {expression!r}: use {', '.join(MOVEMENT_IDS)}.")
    day = check_day(day)
    check_plan(relaxations)
    out = np.ones(len(uv_rest_mm), dtype=np.float64)
    for r in relaxations:
        action = library_muscle(library, r.muscle).dynamic
        if action is None or expression not in action.expressions:
            continue
        card = library_muscle(library, r.muscle)
        shares = effect_range(np.array([float(day)]), card.movement_course)
        share = float(shares[_BOUND_INDEX[bound]][0]) * float(r.level) * action.attenuation
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
    scaled = replace(mv, left=left, right=right, extras=MappingProxyType(extras))
    return replace(scaled, note=movement_note(mv.id, left, right, mv.difference_uncertainty, mv.unit, other_way=scaled.other_way_sides))


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
    after_low, after_high : mapping of str to Movement
        The same simulated with the least and the most effect the time course's ranges allow on the day (the slowest
        and the quickest course): the likely range around ``after``. The attenuation itself is one illustrative
        figure, so the range is the time course's alone.
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
    after_low: Mapping[str, Movement]
    after_high: Mapping[str, Movement]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (schema ``viz.dynamic_preview/1``): movements before, after and the likely range's ends, and the warnings."""
        return {
            "schema": SCHEMA,
            "expression": self.expression,
            "day": self.day,
            "relax": [{"muscle": r.muscle, "side": r.side, "level": round(float(r.level), 3)} for r in self.relaxations],
            "before": {k: m.to_dict() for k, m in self.before.items()},
            "after": {k: m.to_dict() for k, m in self.after.items()},
            "after_low": {k: m.to_dict() for k, m in self.after_low.items()},
            "after_high": {k: m.to_dict() for k, m in self.after_high.items()},
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
    day = check_day(day)
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
    low, high = (_movements_after(result, remaining_share(uv_rest, expression, relaxations, day, lib, bound)) for bound in ("low", "high"))
    for arr in (uv_expr, uv_after, xy_after, remaining):
        arr.setflags(write=False)
    return ExpressionPreview(
        expression=expression,
        day=float(day),
        relaxations=tuple(relaxations),
        image=mark(warped, expr),
        xy_before_px=expr.xy_px,
        xy_after_px=xy_after,
        uv_before_mm=uv_expr,
        uv_after_mm=uv_after,
        remaining=remaining,
        before=result.movements,
        after=MappingProxyType(after),
        after_low=MappingProxyType(low),
        after_high=MappingProxyType(high),
        warnings=_warnings(expression, result.movements, after, relaxations, lib),
    )


def _warnings(
    expression: str, before: Mapping[str, Movement], after: Mapping[str, Movement], relaxations: Sequence[Relaxation], lib: content.Library
) -> tuple[str, ...]:
    out: list[str] = []
    label = EXPRESSIONS[expression].name
    driving = actions(lib)
    acting = [r for r in relaxations if r.muscle in driving and expression in driving[r.muscle].expressions]
    if not acting:  # one sentence for the whole plan (each muscle's own one said it again)
        # beside a rest simulation that changed, "unchanged" alone read as a fault
        out.append(
            f"No muscle in the plan makes the {label} movement, so the simulation shows it unchanged (what the plan changes at rest shows on the rest photo)."
        )
    for r in relaxations:
        name = lib.muscles[r.muscle].name.lower() if r.muscle in lib.muscles else r.muscle
        if r not in acting:
            if acting:
                out.append(f"Relaxing the {name} does not change the {label} movement measured here.")
        elif driving[r.muscle].illustrative:
            out.append(f"How much of the {label} movement relaxing the {name} removes is illustrative: no published figure was found.")
    changes = []
    for mid, m0 in before.items():
        if m0.unit == "mm":  # the differences as the table shows them: a warning said 3.1 mm beside its -3.0 mm
            l0, r0, l1, r1 = shown_sides(m0, after[mid])
            changes.append(Change(MOVEMENTS[mid].noun, l0 - r0, l1 - r1, m0.difference_uncertainty, m0.difference_uncertainty))
    out.extend(change_warnings(changes, acts="moves"))
    return tuple(dict.fromkeys(out))


def largest_movement_difference(report: DynamicsReport) -> tuple[str, str] | None:
    """The ``(expression, movement id)`` whose left-right difference stands furthest beyond its uncertainty.

    Only millimetre movements of photos that give a verdict (:attr:`viz.movement.ExpressionResult.usable`: the
    expected expression, of the rest photo's person) count, and only differences clearly beyond their
    uncertainty; ``None`` when there is none.
    """
    best: tuple[float, str, str] | None = None
    for name, result in report.expressions.items():
        if not result.usable:
            continue
        for mid, mv in result.movements.items():
            diff = abs(mv.left - mv.right)
            if mv.unit != "mm" or diff <= mv.difference_uncertainty:
                continue
            if best is None or diff > best[0]:
                best = (diff, name, mid)
    return None if best is None else (best[1], best[2])


def movement_balance_options(report: DynamicsReport, *, library: content.Library | None = None) -> tuple[str, str, list[BalanceOption]] | None:
    """Options to discuss for the largest clear movement difference: single muscles and sides, as the simulation shows them.

    Each option is a full relaxation judged on the muscle's peak day (the simulation's largest effect, not a
    recommended level). Only options that shrink the difference by at least ``max(MATERIAL_MM, half its
    uncertainty)`` are kept, ordered by that shrinkage: an order for reading, not advice
    (:data:`viz.balance.EXAM_DECIDES`). The attenuations behind them are illustrative.

    Parameters
    ----------
    report : DynamicsReport
    library : viz.content.Library, optional

    Returns
    -------
    tuple of (str, str, list of BalanceOption) or None
        The expression and movement id of the difference and the options (possibly none); ``None`` when no
        photo that gives a verdict shows a clear difference.
    """
    found = largest_movement_difference(report)
    if found is None:
        return None
    expression, mid = found
    least = max(MATERIAL_MM, 0.5 * report.expressions[expression].movements[mid].difference_uncertainty)
    options = [o for o in _full_relaxations(report, expression, mid, library or content.load()) if o.reduction >= least]
    options.sort(key=lambda o: o.reduction, reverse=True)
    return expression, mid, options


def no_option_reason(report: DynamicsReport, expression: str, mid: str, *, library: content.Library | None = None) -> str:
    """Why :func:`movement_balance_options` kept no option for movement ``mid`` in ``expression``, in one sentence.

    Either no muscle of the catalogue makes the movement, or those that do, relaxed fully on one side as the options
    are judged, leave it about the same, overshoot to the other side or widen it (said as they do).
    """
    lib = library or content.load()
    tried = [o for o in _full_relaxations(report, expression, mid, lib) if abs(o.after - o.before) >= MATERIAL_MM]
    if not tried:
        return "No single muscle in the catalogue is likely to even it out: the muscles that make this movement are not ones injectors relax."
    clauses = []
    for o in tried:  # none of them shrinks it enough, or it would be an option
        if o.before * o.after < 0:
            does = "overshoot (the other side would then move more)"
        elif abs(o.after) > abs(o.before):
            does = "widen the difference"
        else:
            does = "change it too little to count"
        clauses.append(f"the {mid_sentence(lib.muscles[o.relaxation.muscle].name)} on the {side_phrase(o.relaxation.side)} would {does}")
    return (
        f"Relaxed fully, as the options are judged, {'; '.join(clauses)}. No single option shrinks this difference;"
        " whether anything would help is for an in-person examination."
    )


def _full_relaxations(report: DynamicsReport, expression: str, mid: str, lib: content.Library) -> Iterator[BalanceOption]:
    """Each catalogue muscle that makes ``expression``, relaxed fully on each side it is treated on, judged on its peak day."""
    result = report.expressions[expression]
    mv = result.movements[mid]
    uv_rest = report.rest.frame.to_mm(report.rest.face.xy_px)
    for muscle, action in actions(lib).items():
        if expression not in action.expressions:
            continue
        card = lib.muscles[muscle]
        for side in treatable_sides(card):
            r = Relaxation(muscle, side, 1.0)
            remaining = remaining_share(uv_rest, expression, [r], card.movement_course.peak_days, lib)
            m1 = _movements_after(result, remaining)[mid]
            after = m1.left - m1.right
            yield BalanceOption(r, mid, expression, mv.left - mv.right, after, after, after, action.illustrative, mv.unit, action.sources)
