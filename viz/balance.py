"""What a plan would do to a left-right difference: options to discuss, and warnings when it would over-correct.

Both previews, at rest (:mod:`viz.preview`) and in motion (:mod:`viz.dynamic_preview`), compare a
signed difference (left minus right) before and after relaxing muscles. The same rules decide when
the change is worth a warning, and the same :class:`BalanceOption` holds one single-muscle,
single-side option for the largest clear difference: what the simulation shows for it, as a range,
with where its figures come from. An option is something to discuss with a licensed injector, not a
plan: it carries no level or dose, and an in-person examination decides whether any of it applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from viz.muscles import Relaxation
from viz.vocabulary import Unit, format_pm

__all__ = ["EXAM_DECIDES", "MATERIAL_MM", "BalanceOption", "change_warning"]

#: A change smaller than this is not worth a warning, mm.
MATERIAL_MM = 0.2
#: Said with every list of options: who decides.
EXAM_DECIDES = (
    "These are options to discuss with a licensed injector, not a plan: only an in-person examination can tell whether"
    " any of them suits you, and at what strength."
)


@dataclass(frozen=True)
class BalanceOption:
    """One muscle on one side and what relaxing it fully would do, in the simulation, to one left-right difference.

    Attributes
    ----------
    relaxation : Relaxation
        The muscle and side, fully relaxed, judged on the muscle's peak day (the simulation's largest effect,
        not a recommended level).
    measure : str
        The measure id (at rest) or movement id (in an expression) the difference is read from.
    expression : str
        ``"rest"``, or the expression the movement is measured in.
    before, after : float
        ``left - right`` as measured and in the simulation (typical move), in ``unit``.
    after_low, after_high : float
        The same at the low and the high end of the catalogue's range.
    illustrative : bool
        The figures behind the change are illustrative (no published measurement), not cited.
    unit : {"mm", "°"}
    sources : tuple of str
        Source ids of the figures behind the change.
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
    sources: tuple[str, ...] = ()

    @property
    def reduction(self) -> float:
        """How much smaller the difference would be (typical), in ``unit``; negative when it grows."""
        return abs(self.before) - abs(self.after)

    @property
    def after_range(self) -> tuple[float, float]:
        """The smallest and largest size of the difference after (``|left - right|``) over the catalogue's range.

        Examples
        --------
        >>> BalanceOption(Relaxation("frontalis", "left", 1.0), "brow_height", "rest", 2.0, 1.2, 1.7, -0.4, True).after_range
        (0.0, 1.7)
        """
        lo, hi = sorted((self.after_low, self.after_high))
        if lo <= 0.0 <= hi:  # the range passes through even
            return 0.0, max(abs(lo), abs(hi))
        small, large = sorted((abs(lo), abs(hi)))
        return small, large

    @property
    def basis(self) -> str:
        """``"illustrative"`` or ``"cited"``."""
        return "illustrative" if self.illustrative else "cited"


def change_warning(
    noun: str, before: float, after: float, *, before_uncertainty: float, after_uncertainty: float, acts: str = "pulls", adds_to: str | None = None
) -> str | None:
    """A sentence when a plan would flip a clear left-right difference or make one larger; ``None`` otherwise.

    Only what stands beyond the uncertainty is claimed: a flip needs a clear difference on both sides of it, and
    a larger difference must be clear after the plan (0.1 ± 0.6 mm becoming 0.4 ± 0.6 mm on the other side was
    called a likely increase, where either reads "no clear difference").

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
    adds_to : str, optional
        How the difference reads before (e.g. ``"left brow tail higher"``) when the change falls on the side it
        already favours and pushes it further (the forehead muscle relaxed above the higher brow, whose outer end
        rises): then the treated side is not the one that pulls less, and the sentence says what happens instead.

    Returns
    -------
    str or None

    Examples
    --------
    >>> change_warning("brow height", 1.5, -1.0, before_uncertainty=0.3, after_uncertainty=0.4)
    'Over-correction: the brow height difference would likely flip, from +1.5 ± 0.3 mm to -1.0 ± 0.4 mm (left minus right).'
    >>> change_warning("inner brow height", 0.1, -0.4, before_uncertainty=0.6, after_uncertainty=0.6) is None
    True
    """
    if abs(after - before) < MATERIAL_MM:
        return None
    if abs(before) > before_uncertainty and abs(after) > after_uncertainty and math.copysign(1, before) != math.copysign(1, after):
        return (
            f"Over-correction: the {noun} difference would likely flip, "
            f"from {format_pm(before, before_uncertainty, 'mm', signed=True)} to {format_pm(after, after_uncertainty, 'mm', signed=True)} (left minus right)."
        )
    if abs(after) > abs(before) + MATERIAL_MM and abs(after) > after_uncertainty:
        why = f"it moves the treated side further ({adds_to})" if adds_to else f"the treated side may be the one that already {acts} less"
        return (
            f"This would likely increase the {noun} difference from {format_pm(abs(before), before_uncertainty, 'mm')}"
            f" to {format_pm(abs(after), after_uncertainty, 'mm')}: {why}."
        )
    return None
