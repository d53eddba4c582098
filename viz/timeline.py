"""How strong a treatment's effect is, as a share of its peak, on each day after treatment.

One smooth curve per muscle, built from the days in the muscle's ``time_course`` in
``content/muscles.yaml`` (see :class:`viz.content.TimeCourse`), and a band around it from the ranges
of those days (:func:`effect_range`): the slowest course the ranges allow (late onset and peak, early
fade) and the quickest. The Learn timeline draws curve and band, and the preview scales its peak
movements by them, so "after" on a given day is a range and both show the same numbers.

The curve is a monotone cubic (Fritsch-Carlson) through a few knots:

::

    day 0            0                       no effect on the day of treatment
    onset_days       ONSET_FRACTION          the first change is noticeable
    peak_days        1                       strongest effect
    wear_off_start   1                       still full (a plateau when later than the peak)
    duration_days    0                       recovery "full": movement is back
    duration_days    SLOW_RESIDUAL_FRACTION  recovery "slow_incomplete": part of the change remains
    RESET_DAY        0                       ... and is gone by day 365

Monotone interpolation means the curve only rises before the peak, only falls after the plateau,
never leaves ``[0, 1]`` and has no wiggles between the knots; it is smooth (continuous slope)
everywhere after day 0 and meets zero with a flat slope. The knot days are sourced in content; the
shape between them is a model, so the numbers in between are illustrative.

Examples
--------
>>> from viz.content import load
>>> from viz.timeline import effect_fraction
>>> course = load().muscles["frontalis"].time_course
>>> [round(float(f), 2) for f in effect_fraction([0, 3, 14, 120, 365], course)]
[0.0, 0.33, 1.0, 0.0, 0.0]
>>> [round(float(f), 2) for f in effect_range(7, course)]
[0.33, 0.67, 0.87]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from viz.content import TimeCourse
from viz.errors import ArgumentError, ContentError

__all__ = [
    "MAX_DAY",
    "ONSET_FRACTION",
    "RESET_DAY",
    "SAME_CURVE_SHARE",
    "SLOW_RESIDUAL_FRACTION",
    "check_day",
    "effect_fraction",
    "effect_range",
    "end_day",
    "repeated_effect_fraction",
    "repeats_a_curve",
    "strength_phrase",
]

ONSET_FRACTION: Final[float] = 1.0 / 3.0
"""Share of the peak effect reached at ``onset_days``.

For the jaw muscle this is measured: the lower face was 3.94% narrower at two weeks (its onset day)
against 11.99% at twelve weeks, a share of 0.33 (Klein 2014). For the other muscles, whose onset
is the day most people first notice a change (Beer 2011), the same share is a modelling choice.
"""

SLOW_RESIDUAL_FRACTION: Final[float] = 0.45
"""Share of the peak effect still present at ``duration_days`` when recovery is ``slow_incomplete``.

Klein 2014 measured the lower face 5.47% narrower at 24 weeks against 11.99% at 12 weeks, a share
of 0.456.
"""

RESET_DAY: Final[float] = 365.0
"""Day by which every modelled effect is zero (the preview's contract: day 365 shows no change).

For a slow, incomplete recovery the content gives no figure after 24 weeks for a single treatment,
and Yu 2007 saw the jaw outline return by about six months, so a year is a generous bound: a modelling
choice, not a cited day (the Learn chart draws its end marker open and says so). Lasting
thinning after several treatments (Chang 2019) is not part of this single-treatment curve.
"""


MAX_DAY: Final[float] = 365.0
"""The last day a preview can show (a year after treatment)."""

_MIN_GAP_DAYS: Final[float] = 1e-3
"""Knots closer than this (about a minute and a half) are merged; a curve needs at least this long to rise or fade."""


def check_day(day: object) -> float:
    """A preview's day after treatment as a float, or a one-sentence error.

    Raises
    ------
    viz.errors.ArgumentError
        If ``day`` is not a finite number from 0 to :data:`MAX_DAY`.

    Examples
    --------
    >>> check_day(14)
    14.0
    """
    if isinstance(day, bool) or not isinstance(day, (int, float)) or not math.isfinite(day) or not 0 <= day <= MAX_DAY:
        raise ArgumentError(f"Day must be a number from 0 to {MAX_DAY:g}, not {day!r}.")
    return float(day)


def end_day(time_course: TimeCourse) -> float:
    """Return the first day from which the modelled effect is zero.

    Parameters
    ----------
    time_course : viz.content.TimeCourse
        A muscle's time course from the content library.

    Returns
    -------
    float
        ``duration_days`` for a full recovery, :data:`RESET_DAY` for a slow, incomplete one.

    Examples
    --------
    >>> from viz.content import load
    >>> end_day(load().muscles["masseter"].time_course)
    365.0
    """
    return float(time_course.duration_days) if time_course.recovery == "full" else RESET_DAY


def effect_fraction(days: npt.ArrayLike, time_course: TimeCourse) -> npt.NDArray[np.float64]:
    """Return the share of the peak effect, from 0 (none) to 1 (peak), on each day after one treatment.

    Parameters
    ----------
    days : array_like of float
        Days after treatment, any shape; days before treatment (negative) give 0.
    time_course : viz.content.TimeCourse
        A muscle's time course from the content library.

    Returns
    -------
    ndarray of float64
        Same shape as ``days`` (0-d for a scalar), every value in ``[0, 1]``: exactly 0 at day 0 and
        from :func:`end_day` on, exactly 1 from ``peak_days`` to ``wear_off_start_days``, rising
        before the peak and falling after the plateau.

    Raises
    ------
    viz.errors.ArgumentError
        If ``days`` holds a NaN or infinity.
    viz.errors.ContentError
        If ``time_course`` leaves no time to rise (``peak_days`` at zero) or to wear off
        (``duration_days`` at ``wear_off_start_days``), or would last past :data:`RESET_DAY`.

    References
    ----------
    .. [1] Fritsch FN, Carlson RE. Monotone piecewise cubic interpolation. SIAM J Numer Anal.
       1980;17(2):238-246. doi:10.1137/0717021
    .. [2] Klein FH, Brenner FM, Sato MS, Robert FM, Helmer KA. Lower facial remodeling with
       botulinum toxin type A for the treatment of masseter hypertrophy. An Bras Dermatol.
       2014;89(6):878-884. doi:10.1590/abd1806-4841.20143200

    Examples
    --------
    >>> from viz.content import load
    >>> course = load().muscles["masseter"].time_course
    >>> round(float(effect_fraction(84, course)), 2), round(float(effect_fraction(180, course)), 2)
    (1.0, 0.45)
    """
    t = np.asarray(days, dtype=np.float64)
    if not np.all(np.isfinite(t)):
        raise ArgumentError("Days must be finite numbers (no NaN or infinity).")
    knots_day, knots_value = _knots(time_course)
    return _monotone_cubic(t, knots_day, knots_value)


def effect_range(days: npt.ArrayLike, time_course: TimeCourse) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the smallest, typical and largest share of the peak effect on each day, from the time course's ranges.

    The smallest comes from the slowest course the ranges allow (latest onset and peak, earliest fade:
    ``time_course.at("slow")``), the largest from the quickest; each is held on its side of the typical
    curve, so ``low <= typical <= high`` on every day.

    Parameters
    ----------
    days : array_like of float
    time_course : viz.content.TimeCourse

    Returns
    -------
    low, typical, high : ndarray of float64
        Each shaped like ``days``, in ``[0, 1]``.

    Examples
    --------
    >>> from viz.content import load
    >>> low, typical, high = effect_range([14, 100], load().muscles["orbicularis_oculi"].time_course)
    >>> [round(float(x), 2) for x in (*low, *typical, *high)]
    [0.75, 0.0, 1.0, 0.74, 1.0, 1.0]
    """
    typical = effect_fraction(days, time_course)
    low = np.minimum(effect_fraction(days, time_course.at("slow")), typical)
    high = np.maximum(effect_fraction(days, time_course.at("quick")), typical)
    return low, typical, high


#: Two courses whose shares of the peak stay this close on every day draw as one line.
SAME_CURVE_SHARE: Final[float] = 0.01


def repeats_a_curve(curve: npt.NDArray[np.float64], earlier: Sequence[npt.NDArray[np.float64]]) -> bool:
    """Whether ``curve`` (shares of the peak on a grid of days) would be drawn over one of the ``earlier`` curves:
    a chart then dashes it, so both stay in sight."""
    return any(np.allclose(curve, other, atol=SAME_CURVE_SHARE) for other in earlier)


def repeated_effect_fraction(days: npt.ArrayLike, time_course: TimeCourse, treatment_days: Sequence[float]) -> npt.NDArray[np.float64]:
    """Return the share of the peak effect on each day when treatment is repeated.

    Each treatment follows :func:`effect_fraction` on its own clock. Where two overlap, a later
    treatment acts on what the earlier one left working: the combined share is
    ``1 - prod(1 - f_i)``. So overlapping effects add up, most visibly for the jaw muscle's slow
    tail, but never pass the full effect. This combination rule is a model, not a measured result.

    Parameters
    ----------
    days : array_like of float
        Days after the first treatment, any shape.
    time_course : viz.content.TimeCourse
        A muscle's time course from the content library.
    treatment_days : sequence of float
        Day of each treatment, e.g. ``[0, 120, 240]`` for every four months.

    Returns
    -------
    ndarray of float64
        Same shape as ``days``, every value in ``[0, 1]``; equal to :func:`effect_fraction` for a
        single treatment on day 0.

    Raises
    ------
    viz.errors.ArgumentError
        If ``treatment_days`` is empty or holds a NaN or infinity.
    viz.errors.MirrorMapError
        For the reasons of :func:`effect_fraction`.

    Examples
    --------
    >>> from viz.content import load
    >>> course = load().muscles["frontalis"].time_course
    >>> round(float(repeated_effect_fraction(134, course, [0, 120])), 2)
    1.0
    """
    starts = np.asarray(treatment_days, dtype=np.float64).reshape(-1)
    if starts.size == 0:
        raise ArgumentError("Treatment days must list at least one day.")
    if not np.all(np.isfinite(starts)):
        raise ArgumentError("Treatment days must be finite numbers (no NaN or infinity).")
    t = np.asarray(days, dtype=np.float64)
    combined = np.zeros_like(t)
    for start in starts:
        share = effect_fraction(t - start, time_course)
        combined = combined + share - combined * share  # = 1 - (1 - combined) (1 - share), exact for one treatment
    result: npt.NDArray[np.float64] = np.clip(combined, 0.0, 1.0)
    return result


def _knots(course: TimeCourse) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    onset, peak = float(course.onset_days), float(course.peak_days)
    plateau_end, duration = float(course.wear_off_start_days), float(course.duration_days)
    if peak < _MIN_GAP_DAYS:
        raise ContentError(f"A time course's peak_days must be above zero (at least {_MIN_GAP_DAYS:g}) so the effect can build, not {peak:g}.")
    if duration - plateau_end < _MIN_GAP_DAYS:
        raise ContentError(f"A time course's duration_days ({duration:g}) must come after wear_off_start_days ({plateau_end:g}) so the effect can fade.")
    if duration >= RESET_DAY:
        raise ContentError(f"A time course's duration_days ({duration:g}) must be below day {RESET_DAY:g}, when every modelled effect is over.")
    day = [0.0]
    value = [0.0]
    if _MIN_GAP_DAYS <= onset <= peak - _MIN_GAP_DAYS:
        day.append(onset)
        value.append(ONSET_FRACTION)
    day.append(peak)
    value.append(1.0)
    if plateau_end - peak >= _MIN_GAP_DAYS:
        day.append(plateau_end)
        value.append(1.0)
    if course.recovery == "full":
        day.append(duration)
        value.append(0.0)
    else:
        day += [duration, RESET_DAY]
        value += [SLOW_RESIDUAL_FRACTION, 0.0]
    return np.array(day), np.array(value)


def _monotone_cubic(t: npt.NDArray[np.float64], x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Fritsch-Carlson interpolation through ``(x, y)``, zero outside ``[x[0], x[-1]]``, zero slope at ``x[-1]``."""
    h = np.diff(x)
    secant = np.diff(y) / h
    slope = np.zeros_like(y)
    for k in range(1, len(x) - 1):
        before, after = secant[k - 1], secant[k]
        if before * after > 0:  # same direction: weighted harmonic mean (Fritsch & Butland)
            w_before, w_after = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            slope[k] = (w_before + w_after) / (w_before / before + w_after / after)
    # first knot: three-point estimate kept within the monotone limits; the last stays flat
    first = ((2 * h[0] + h[1]) * secant[0] - h[0] * secant[1]) / (h[0] + h[1]) if len(h) > 1 else secant[0]
    if np.sign(first) != np.sign(secant[0]):
        first = 0.0
    elif len(h) > 1 and np.sign(secant[0]) != np.sign(secant[1]) and abs(first) > 3 * abs(secant[0]):
        first = 3 * secant[0]
    slope[0] = first

    segment = np.clip(np.searchsorted(x, t, side="right") - 1, 0, len(h) - 1)
    s = (t - x[segment]) / h[segment]
    s2, s3 = s * s, s * s * s
    value = (
        (2 * s3 - 3 * s2 + 1) * y[segment]
        + (s3 - 2 * s2 + s) * h[segment] * slope[segment]
        + (-2 * s3 + 3 * s2) * y[segment + 1]
        + (s3 - s2) * h[segment] * slope[segment + 1]
    )
    flat = (y[segment] == y[segment + 1]) & (slope[segment] == 0) & (slope[segment + 1] == 0)
    value = np.where(flat, y[segment], value)  # a plateau is exactly its level, not 1 - 1e-16
    inside = (t > x[0]) & (t < x[-1])
    result: npt.NDArray[np.float64] = np.where(inside, np.clip(value, 0.0, 1.0), 0.0)
    return result


def strength_phrase(name: str, day: float, time_course: TimeCourse) -> str:
    """How strong a muscle's relaxation is on a day, for a person: ``"Forehead muscle: 60–90% of its peak effect
    (typically 80%)"``; ``"no effect yet"`` before the quickest course begins, ``"worn off"`` once the slowest has ended.

    Examples
    --------
    >>> from viz.content import load
    >>> course = load().muscles["frontalis"].time_course
    >>> strength_phrase("Forehead muscle", 0, course)
    'Forehead muscle: no effect yet'
    """
    low, typical, high = (float(x[0]) for x in effect_range(np.array([float(day)]), time_course))
    if high < 0.005:
        return f"{name}: {'no effect yet' if day < time_course.peak_days else 'worn off'}"
    if round(low, 2) == round(high, 2):
        return f"{name}: {low:.0%} of its peak effect"
    return f"{name}: {low:.0%}–{high:.0%} of its peak effect (typically {typical:.0%})"
