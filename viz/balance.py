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
from collections.abc import Iterable
from dataclasses import dataclass

from viz.muscles import Relaxation
from viz.vocabulary import Unit, format_pm, format_range, format_value, rounded

__all__ = ["EXAM_DECIDES", "MATERIAL_MM", "BalanceOption", "Change", "change_warnings"]

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
    costs : tuple of str
        What the same simulation would make worse, each the sentence a plan of it would be warned with (another clear
        difference flipped or made larger, a lower brow lowered further); empty when nothing. An option listed by how
        much it shrinks one difference said nothing of lowering a brow that already sat lower.
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
    costs: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class Change:
    """One left-right difference before and after a plan, as :func:`change_warnings` judges it.

    Attributes
    ----------
    noun : str
        What differs, inside a sentence (e.g. ``"brow height"``).
    before, after : float
        ``left - right`` before and after, mm.
    before_uncertainty, after_uncertainty : float
        One standard uncertainty of each, mm: a difference within it has no side to flip.
    adds_to : str, optional
        How the difference reads before (e.g. ``"left brow tail higher"``) when the change falls on the side it
        already favours and pushes it further (the forehead muscle relaxed above the higher brow, whose outer end
        rises): then the treated side is not the one that pulls less, and the sentence says what happens instead.
    after_ends : tuple of float, optional
        ``left - right`` at the two ends of the likely range after, mm, where the plan has a range: a flip at one
        end is said too (:meth:`may_flip`).
    after_side : str, optional
        Which side the difference favours after, in words (e.g. ``"left brow lower"``): a growth says it, as the table's
        sign does (0.1 ± 0.4 mm growing "to 0.9 mm" beside the table's -0.9 mm hid that the left brow ends up lower).
    """

    noun: str
    before: float
    after: float
    before_uncertainty: float
    after_uncertainty: float
    adds_to: str | None = None
    after_ends: tuple[float, float] | None = None
    after_side: str | None = None

    def flip(self) -> str | None:
        """The over-correction sentence when the plan flips a difference clear on both sides of it, else ``None``."""
        clear = abs(self.before) > self.before_uncertainty and abs(self.after) > self.after_uncertainty
        if clear and math.copysign(1, self.before) != math.copysign(1, self.after):
            return (
                f"Over-correction: the {self.noun} difference would likely flip, from {format_pm(self.before, self.before_uncertainty, 'mm', signed=True)}"
                f" to {self._after(signed=True)} (left minus right)."
            )
        return None

    def _after(self, *, signed: bool) -> str:
        """The difference after, as the table gives it: typical with the likely range where there is one, else with its ±.

        "From 0.4 ± 0.4 mm to 0.9 ± 0.4 mm" stood over a table whose likely range after was 0.5 to 1.4 mm: the ± is the
        measurement's, the range the treatment's, and a reader added up the one and found the other.

        Examples
        --------
        >>> from viz.vocabulary import NBSP  # a quantity's spaces are no-break spaces: shown here as plain ones
        >>> Change("brow height", 0.4, -0.9, 0.4, 0.4, after_ends=(-1.4, -0.5))._after(signed=False).replace(NBSP, " ")
        '0.9 mm (likely 0.5 to 1.4 mm)'
        >>> Change("brow height", 0.4, -0.9, 0.4, 0.4, after_ends=(-1.4, 0.3))._after(signed=True).replace(NBSP, " ")
        '-0.9 mm (likely -1.4 to +0.3 mm)'
        >>> Change("brow height", 0.4, -0.9, 0.4, 0.4)._after(signed=False).replace(NBSP, " ")
        '0.9 ± 0.4 mm'
        >>> Change("brow height", 0.4, 0.8, 0.4, 0.4, after_ends=(0.78, 0.82))._after(signed=False).replace(NBSP, " ")
        '0.8 ± 0.4 mm'
        """
        if self.after_ends is None:
            return format_pm(self.after if signed else abs(self.after), self.after_uncertainty, "mm", signed=signed)
        lo, hi = sorted(self.after_ends)
        if not signed:
            lo, hi = (0.0, max(-lo, hi)) if lo <= 0.0 <= hi else tuple(sorted((abs(lo), abs(hi))))
        after = format_value(self.after if signed else abs(self.after), "mm", signed=signed)
        likely = format_range(lo, hi, "mm", signed=signed)
        if likely == after:  # a range rounding to one value read "0.8 mm (likely 0.8 to 0.8 mm)": the ± says more
            return format_pm(self.after if signed else abs(self.after), self.after_uncertainty, "mm", signed=signed)
        return f"{after} (likely {likely})"

    def may_flip(self) -> str | None:
        """The sentence when the typical result does not flip the difference but one end of the likely range does,
        clear of its uncertainty (-3.2 ± 0.8 mm with a range up to +1.6 mm was warned of nothing), else ``None``."""
        if self.after_ends is None or abs(self.before) <= self.before_uncertainty or self.flip() is not None:
            return None
        flipped = [e for e in self.after_ends if math.copysign(1, e) != math.copysign(1, self.before) and abs(e) > self.after_uncertainty]
        if not flipped:
            return None
        far = max(flipped, key=abs)
        return (
            f"Possible over-correction: at one end of the likely range the {self.noun} difference would flip, from"
            f" {format_pm(self.before, self.before_uncertainty, 'mm', signed=True)} to as far as {format_value(far, 'mm', signed=True)} (left minus right)."
        )

    def may_grow(self) -> str | None:
        """The clause for :func:`change_warnings`' "Possibly larger" sentence when the typical result does not grow a clear
        difference beyond its uncertainty, but nothing in the likely range makes it smaller (as shown) and one end grows
        it by more than that; else ``None``. A plan taking the face's most noticeable difference from 3.0 ± 0.6 mm to
        3.3 mm (likely 3.0 to 4.0 mm) was warned of nothing, although no outcome in its range helped and one end added
        a millimetre.

        Examples
        --------
        >>> from viz.vocabulary import NBSP  # a quantity's spaces are no-break spaces: shown here as plain ones
        >>> Change("brow tail height", 3.0, 3.3, 0.6, 0.6, after_ends=(3.0, 4.0)).may_grow().replace(NBSP, " ")
        'the brow tail height difference from 3.0 ± 0.6 mm up to 4.0 mm'
        >>> Change("brow tail height", 3.0, 3.3, 0.6, 0.6, after_ends=(2.7, 4.0)).may_grow() is None  # one end helps
        True
        """
        if self.after_ends is None or abs(self.before) <= self.before_uncertainty or self.grows() or self.flip() is not None:
            return None
        ends = (self.after, *self.after_ends)
        if any(math.copysign(1, e) != math.copysign(1, self.before) or rounded(abs(e)) < rounded(abs(self.before)) for e in ends):  # as shown
            return None
        far = max(self.after_ends, key=abs)
        if abs(far) - abs(self.before) <= max(MATERIAL_MM, self.before_uncertainty):
            return None
        side = f", {self.after_side}" if self.after_side else ""
        return f"the {self.noun} difference from {format_pm(abs(self.before), self.before_uncertainty, 'mm')} up to {format_value(abs(far), 'mm')}{side}"

    def _material(self) -> bool:
        """The change, typical or at an end of the range, is at least :data:`MATERIAL_MM`."""
        ends = self.after_ends or ()
        return any(abs(a - self.before) >= MATERIAL_MM for a in (self.after, *ends))

    def grows(self) -> bool:
        """The difference would end larger by more than its uncertainty (and :data:`MATERIAL_MM`), and clear of it:
        "likely" is said of a growth the measure could tell, as a difference is named only beyond its ± (1.7 ± 0.4 mm
        becoming 1.9 ± 0.4 mm was called a likely increase beside a note that a photo cannot confirm it)."""
        growth = abs(self.after) - abs(self.before)
        return growth > max(MATERIAL_MM, self.before_uncertainty) and abs(self.after) > self.after_uncertainty

    def growth(self) -> str:
        """The growth as a clause: "the brow height difference from 0.6 ± 0.4 mm to 1.2 mm (likely 0.9 to 1.5 mm)"."""
        side = f", {self.after_side}" if self.after_side else ""
        return f"the {self.noun} difference from {format_pm(abs(self.before), self.before_uncertainty, 'mm')} to {self._after(signed=False)}{side}"


#: :func:`change_warnings`' key for the differences that may grow at one end of their range (:meth:`Change.may_grow`).
_POSSIBLY = "possibly larger"


def joined(clauses: list[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``; with semicolons where a clause has a comma of its own ("…, right inner
    brow higher and the brow tail…" ran two differences together).

    Examples
    --------
    >>> joined(["a", "b", "c"]), joined(["a, left higher", "b, right higher"])
    ('a, b and c', 'a, left higher; and b, right higher')
    """
    if len(clauses) == 1:
        return clauses[0]
    comma = "; " if any("," in c for c in clauses) else ", "
    return comma.join(clauses[:-1]) + ("; and " if comma == "; " else " and ") + clauses[-1]


def change_warnings(changes: Iterable[Change], *, acts: str = "pulls") -> list[str]:
    """A sentence for each difference a plan would flip, and one for the differences it would make larger for the same
    reason; an empty list when nothing changes that much.

    Only what stands beyond the uncertainty is claimed: a flip needs a clear difference on both sides of it, and
    a larger difference must be clear after the plan (0.1 ± 0.6 mm becoming 0.4 ± 0.6 mm on the other side was
    called a likely increase, where either reads "no clear difference") and larger by more than its ± (:meth:`Change.grows`).
    A change under :data:`MATERIAL_MM` is not worth a sentence. Differences that grow for the same reason share one sentence, at the place of the first (two
    warnings ending in the same words, one above the other, pushed the Preview page's slider down a box).

    Parameters
    ----------
    changes : iterable of Change
    acts : str, optional
        What the treated side does less of (``"pulls"`` at rest, ``"moves"`` in an expression).

    Examples
    --------
    >>> from viz.vocabulary import NBSP  # a quantity's spaces are no-break spaces: shown here as plain ones
    >>> [text.replace(NBSP, " ") for text in change_warnings([Change("brow height", 1.5, -1.0, 0.3, 0.4)])]
    ['Over-correction: the brow height difference would likely flip, from +1.5 ± 0.3 mm to -1.0 ± 0.4 mm (left minus right).']
    >>> change_warnings([Change("inner brow height", 0.1, -0.4, 0.6, 0.6)])
    []
    >>> import textwrap
    >>> grown = change_warnings([Change("inner brow height", 1.7, 2.9, 0.9, 0.9), Change("brow height", -0.6, -1.2, 0.4, 0.4)])
    >>> print(textwrap.fill(*grown, 100).replace(NBSP, " "))  # one sentence for both; a line never ends inside a quantity
    This would likely increase the inner brow height difference from 1.7 ± 0.9 mm to 2.9 ± 0.9 mm and
    the brow height difference from 0.6 ± 0.4 mm to 1.2 ± 0.4 mm: the treated side may be the one that
    already pulls less.
    >>> change_warnings([Change("mouth-corner drop", 1.7, 1.9, 0.4, 0.4)])  # within its ±: no "likely" increase
    []
    >>> print(textwrap.fill(*change_warnings([Change("smile height", -0.4, 3.8, 0.6, 0.6)], acts="moves"), 100).replace(NBSP, " "))
    This would likely increase the smile height difference from 0.4 ± 0.6 mm to 3.8 ± 0.6 mm: the two
    sides move alike within the measurement now, so relaxing one side makes a difference.
    >>> print(textwrap.fill(*change_warnings([Change("brow tail height", 3.0, 3.3, 0.6, 0.6, after_ends=(3.0, 4.0))]), 100).replace(NBSP, " "))
    Possibly larger, as no outcome in the likely range makes it smaller: the brow tail height difference
    from 3.0 ± 0.6 mm up to 4.0 mm.
    >>> print(textwrap.fill(*change_warnings([Change("brow tail height", -3.2, -0.7, 0.8, 0.8, after_ends=(-2.9, 1.6))]), 100).replace(NBSP, " "))
    Possible over-correction: at one end of the likely range the brow tail height difference would flip,
    from -3.2 ± 0.8 mm to as far as +1.6 mm (left minus right).
    """
    order: list[str | None] = []  # None: the next flip sentence; a reason: its sentence of differences that grow
    flips: list[str] = []
    grown: dict[str, list[Change]] = {}
    for c in changes:
        typical = abs(c.after - c.before) >= MATERIAL_MM  # a change worth a sentence, at the typical move
        grows = typical and c.grows()
        flip = c.flip() if typical else None
        if flip is None and not grows and c._material():  # else one end of the range may still flip it
            flip = c.may_flip()
        may_grow = c.may_grow() if flip is None and not grows and c._material() else None  # or grow it
        if may_grow is not None:
            if _POSSIBLY not in grown:
                order.append(_POSSIBLY)
            grown.setdefault(_POSSIBLY, []).append(c)
        elif flip is not None:
            flips.append(flip)
            order.append(None)
        elif grows:
            if abs(c.before) <= c.before_uncertainty:  # no side to be "the one that already moves less" (it moved more)
                why = f"the two sides {'sit' if acts == 'pulls' else 'move'} alike within the measurement now, so relaxing one side makes a difference"
            elif c.adds_to:
                why = f"it moves the treated side further ({c.adds_to})"
            else:
                why = f"the treated side may be the one that already {acts} less"
            if why not in grown:
                order.append(why)
            grown.setdefault(why, []).append(c)
    sentences: list[str] = []
    next_flip = iter(flips)
    for reason in order:
        if reason is None:
            sentences.append(next(next_flip))
            continue
        if reason == _POSSIBLY:  # differences no outcome in the range makes smaller, one end larger: one sentence
            larger = joined([c.may_grow() or "" for c in grown[reason]])
            which = "it" if len(grown[reason]) == 1 else "each"
            sentences.append(f"Possibly larger, as no outcome in the likely range makes {which} smaller: {larger}.")
            continue
        sentences.append(f"This would likely increase {joined([c.growth() for c in grown[reason]])}: {reason}.")
    return sentences
