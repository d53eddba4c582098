"""What a plan would do to a left-right difference: options to discuss, and warnings when it would over-correct.

Both previews, at rest (:mod:`viz.preview`) and in motion (:mod:`viz.dynamic_preview`), compare a
signed difference (left minus right) before and after relaxing muscles. The same rules decide when
the change is worth a warning, and the same :class:`BalanceOption` holds one single-muscle,
single-side option for the largest difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from viz.muscles import Relaxation
from viz.vocabulary import Unit, format_value

__all__ = ["MATERIAL_MM", "BalanceOption", "change_warning"]

#: A change smaller than this is not worth a warning, mm.
MATERIAL_MM = 0.2


@dataclass(frozen=True)
class BalanceOption:
    """One single-muscle, single-side relaxation and what it would do to one left-right difference.

    Attributes
    ----------
    relaxation : Relaxation
        At full level, judged on the muscle's peak day.
    measure : str
        The measure id (at rest) or movement id (in an expression) the difference is read from.
    expression : str
        ``"rest"``, or the expression the movement is measured in.
    before, after : float
        ``left - right`` as measured and with the relaxation (typical), in ``unit``.
    after_low, after_high : float
        The same at the low and the high end of the catalogue's range.
    illustrative : bool
        The muscle's figures are illustrative, not cited.
    unit : {"mm", "°"}
    """

    relaxation: Relaxation
    measure: str
    expression: str
    before: float
    after: float
    after_low: float
    after_high: float
    illustrative: bool
    unit: Unit = "mm"

    @property
    def reduction(self) -> float:
        """How much smaller the difference would be (typical), in ``unit``; negative when it grows."""
        return abs(self.before) - abs(self.after)

    @property
    def balancing_level(self) -> float | None:
        """The relaxation level (0-1) at which the two sides would match at peak, or ``None`` beyond full relaxation.

        A relaxation scales its change linearly with its level, so the difference at level ``x`` is
        ``before + x * (after - before)``.

        Examples
        --------
        >>> option = BalanceOption(Relaxation("frontalis", "left", 1.0), "brow_height", "rest", 2.0, -2.0, -1.0, -3.0, True)
        >>> option.balancing_level
        0.5
        """
        step = self.after - self.before
        if abs(step) < 1e-9:
            return None
        level = -self.before / step
        return level if 0.0 < level <= 1.0 else None


def change_warning(noun: str, before: float, after: float, *, before_uncertainty: float, after_uncertainty: float, acts: str = "pulls") -> str | None:
    """A sentence when a plan would flip a left-right difference or make it larger; ``None`` otherwise.

    Parameters
    ----------
    noun : str
        What differs, inside a sentence (e.g. ``"brow height"``).
    before, after : float
        ``left - right`` before and after, mm.
    before_uncertainty, after_uncertainty : float
        One standard uncertainty of each, mm: a difference within it has no side to flip.
    acts : str, optional
        What the treated side does less of (``"pulls"`` at rest, ``"moves"`` in an expression).

    Returns
    -------
    str or None

    Examples
    --------
    >>> change_warning("brow height", 1.5, -1.0, before_uncertainty=0.3, after_uncertainty=0.3)
    'Over-correction: the brow height difference would likely flip, from +1.5 mm to -1.0 mm (left minus right).'
    """
    if abs(after - before) < MATERIAL_MM:
        return None
    if abs(before) > before_uncertainty and abs(after) > after_uncertainty and math.copysign(1, before) != math.copysign(1, after):
        return (
            f"Over-correction: the {noun} difference would likely flip, "
            f"from {format_value(before, 'mm', signed=True)} to {format_value(after, 'mm', signed=True)} (left minus right)."
        )
    if abs(after) > abs(before) + MATERIAL_MM:
        return (
            f"This would likely increase the {noun} difference from {abs(before):.1f} to {abs(after):.1f} mm:"
            f" the treated side may be the one that already {acts} less."
        )
    return None
