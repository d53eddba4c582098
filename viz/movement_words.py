"""The Expressions page's words and figures for movements from rest, shared with the consult report.

Each side of a movement as shown (:func:`side_value`, rounded as a pair so the sides differ by the difference the note
gives), its parts (:func:`detail`), its note (:func:`movement_note_lines`), what a photo's figures set against the rest
photo (:func:`what_is_compared`), the sentences of a photo that gives no verdict (:func:`no_verdict_warnings`,
:func:`finding_only`) and the static-or-dynamic headings (:func:`balance_heading`). :mod:`ui.movement_ui` draws them
on the page and :func:`viz.report.consult_pdf` prints them, so the two never differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal

from viz.landmarks import EXPRESSION_WARNING
from viz.movement import DIRECTION_PART, NO_DIRECTION_DEG, NOT_SAME_PERSON, DynamicsReport, ExpressionResult, Movement
from viz.vocabulary import EXPRESSIONS, MOVEMENTS, NBSP, REGIONS, format_pm, rounded_pair, within

__all__ = [
    "BALANCE_WORDS",
    "FLIPPED",
    "MOVEMENT_UNITS",
    "NO_DIRECTION",
    "NO_FIGURE",
    "NO_VERDICT_HOW",
    "NO_VERDICT_NOTE",
    "NO_VERDICT_WHY",
    "OTHER_WAY",
    "SAME_PERSON_HOW",
    "STATIC_OR_DYNAMIC",
    "SWAPPABLE",
    "Compares",
    "balance_heading",
    "detail",
    "finding_only",
    "movement_note_lines",
    "movement_sides",
    "no_verdict_warnings",
    "no_verdict_why",
    "side_value",
    "sides_pair",
    "swapped",
    "what_is_compared",
]

NO_DIRECTION = "no clear direction"
#: What an expression photo's figures set against the rest photo (:func:`what_is_compared`): one face's movement, two faces that
#: may be two people's, one picture given twice, or a face and its mirror image.
Compares = Literal["movement", "two faces", "one picture", "mirror image"]
#: A side's cell in the table of a photo read as the rest photo's mirror image (:func:`what_is_compared`).
NO_FIGURE = "—"
#: Beside a movement below zero: it moved against the expression (brows down, lids up, a lip corner out).
OTHER_WAY = "moved the other way"
#: Beside an expression photo shown as its mirror image (:attr:`viz.movement.ExpressionResult.flipped`): one of it and the
#: rest photo is marked mirrored and the other is not, so it is turned to face the way the rest photo does.
FLIPPED = "flipped to face the way the rest photo does"
#: How the movements' figures are given, the first sentence under each expression's table on the page and in the report.
MOVEMENT_UNITS = "Millimetres from rest in the rest face's frame, ± one standard uncertainty; the subject's own left and right."
#: What static and dynamic asymmetry are, the first sentence under "Static or dynamic?" on the page and in the report.
STATIC_OR_DYNAMIC = (
    "Static asymmetry is there at rest (bone, soft tissue, resting tone); dynamic asymmetry is made by movement, the kind a neuromodulator can change."
)
#: The static-or-dynamic verdict in words (:attr:`viz.movement.RegionBalance.dominant`).
BALANCE_WORDS = {"dynamic": "mostly dynamic", "static": "mostly static", "neither": "within measurement noise", "unclear": "too uncertain to judge"}

_EXTRA_LABELS = {
    "up_mm": "up",
    "out_mm": "out",
    "inward_mm": "inward",
    "down_mm": "down",
    "closed_fraction": "share of the opening closed",
}


def side_value(mv: Movement, side: str, *, explain: bool = False) -> str:
    """One side's movement as shown, with its ± (or :data:`NO_DIRECTION` for an angle too uncertain to have one,
    :data:`viz.movement.NO_DIRECTION_DEG`). With ``explain``, a side that moved against the expression beyond its ±
    says so (:meth:`viz.movement.Movement.moved_other_way`): "-1.7 ± 0.2 mm (moved the other way)" for a lip corner
    out in a pucker, "7.7 ± 0.6 mm (moved the other way)" for a smile's corner excursion that went down."""
    left, right = rounded_pair(mv.left, mv.right)  # the two sides differ by the difference the note gives, as shown
    value = left if side == "left" else right
    unc = mv.left_uncertainty if side == "left" else mv.right_uncertainty
    if mv.unit == "°" and unc >= NO_DIRECTION_DEG:
        return NO_DIRECTION
    shown = format_pm(value, unc, mv.unit)
    other_way = mv.moved_other_way(side)  # also a distance, never below zero, whose corner went down
    if mv.id not in DIRECTION_PART:  # judged as shown: the pair's rounding may move a side a step ("-0.4 ± 0.4" was marked)
        other_way = other_way and not within(value, unc)
    if explain and other_way:
        shown += f" ({OTHER_WAY})"
    return shown


def sides_pair(left: str, right: str) -> str:
    """A left-right pair as the page says it, each figure after its side (the subject's own, as the table's columns):
    "left 2.9 ± 0.5 mm, right 1.5 ± 0.5 mm". Written "2.9 ± 0.5 / 1.5 ± 0.5 mm", the pair did not say which was which."""
    return f"left {left}, right {right}"


def detail(mv: Movement) -> str:
    """The parts of a movement beside its note, each side named: "up: left 2.9 ± 0.5 mm, right 1.5 ± 0.5 mm; out: ..."
    (empty for a movement without parts)."""
    parts = []
    for suffix, label in _EXTRA_LABELS.items():
        left, right = mv.extras.get(f"left_{suffix}"), mv.extras.get(f"right_{suffix}")
        if left is None or right is None:
            continue
        if suffix.endswith("fraction"):
            ul, ur = (mv.extras.get(f"{side}_{suffix}_uncertainty", 0.0) for side in ("left", "right"))
            pct = {k: round(100.0 * v) for k, v in {"left": left, "right": right, "ul": ul, "ur": ur}.items()}  # whole numbers: never "-0%"
            pm = f"{NBSP}±{NBSP}"  # spaced as format_pm spaces it, so that a line never breaks inside "85% ± 6%"
            shown = {side: f"{pct[side]}%{pm}{pct[unc]}%" for side, unc in (("left", "ul"), ("right", "ur"))}
            parts.append(f"{label}: {sides_pair(shown['left'], shown['right'])}")
        else:  # a component of the side's movement, held to the movement's ± (as the static-or-dynamic reckoning does)
            parts.append(f"{label}: {sides_pair(format_pm(left, mv.left_uncertainty, 'mm'), format_pm(right, mv.right_uncertainty, 'mm'))}")
    shift = mv.extras.get("midline_shift_mm")
    if shift is not None:
        # held against the uncertainty the "static or dynamic?" reckoning gives it (viz.movement): within it, no side
        moved = format_pm(abs(shift), mv.difference_uncertainty, "mm")
        if within(shift, mv.difference_uncertainty):
            parts.append(f"lip midline: no clear shift ({moved})")
        else:
            parts.append(f"lip midline moves {moved} to the {'left' if shift > 0 else 'right'}")
    return "; ".join(parts)


def what_is_compared(result: ExpressionResult) -> Compares:
    """What an expression photo's figures set against the rest photo: ``"one picture"`` (the rest photo's very picture,
    also turned as its mirror image), ``"mirror image"`` (:attr:`viz.movement.ExpressionResult.looks_mirrored`: each
    side set against the other's, no figure shown), ``"two faces"`` (it and the rest photo may show two people:
    :attr:`viz.movement.ExpressionResult.same_person`) or ``"movement"``."""
    if result.same_picture:
        return "one picture"
    if result.looks_mirrored:
        return "mirror image"
    return "movement" if result.same_person else "two faces"


def movement_sides(mv: Movement, compares: Compares = "movement") -> tuple[str, str]:
    """A movement's left and right cells as the page's table shows them (:func:`side_value`; :data:`NO_FIGURE` for a
    photo read as the rest photo's mirror image, and "moved the other way" only where the figures are a movement)."""
    if compares == "mirror image":
        # a mirror image set each side against the other side's: "1.4 ± 0.6 mm | 6.4 ± 0.8 mm" stood beside a pair the
        # same way round that gives 3.9 and 3.7 mm, a one-sided difference past what people notice
        return NO_FIGURE, NO_FIGURE
    explain = compares == "movement"
    return side_value(mv, "left", explain=explain), side_value(mv, "right", explain=explain)


#: The expressions whose photo, given as the rest photo, reads there as a face showing an expression (the first page's
#: check reads the mouth: :data:`viz.landmarks.EXPRESSION_WARNING`), and the rest photo then as a movement the other way.
SWAPPABLE = {"smile": "smile", "pucker": "pucker"}


def swapped(report: DynamicsReport) -> list[str]:
    """The expressions whose photo looks swapped with the rest photo: the rest photo shows an expression, and the
    expression photo, of the same person, moved the other way (:data:`SWAPPABLE`;
    :attr:`viz.movement.ExpressionResult.other_way`)."""
    if EXPRESSION_WARNING not in report.rest.warnings:
        return []
    return [name for name, result in report.expressions.items() if name in SWAPPABLE and result.other_way]


#: How a movement's note begins where its photo gives no verdict (:func:`viz.movement.measure_dynamics`): "No verdict from
#: this photo: {why} (see the warning above)."
NO_VERDICT_NOTE = "No verdict from this photo: "
#: The reason :func:`movement_note_lines` gives where the page's warning names one the engine's note does not: the rest
#: photo given again read "it does not show the expression (see the warning above)" under "the same picture as the rest
#: photo", and a pair that looks swapped under "gives no verdict while it and the rest photo look swapped".
NO_VERDICT_WHY = {"one picture": "it is the same picture as the rest photo", "swapped": "it and the rest photo look swapped"}


def no_verdict_why(result: ExpressionResult, *, swapped: bool = False) -> str | None:
    """The reason a photo gives no verdict, as its warning says it, where that is not the engine's note's
    (:data:`NO_VERDICT_WHY`): the rest photo's very picture, or (``swapped``: :func:`swapped`) a photo that looks swapped
    with the rest photo; else ``None``."""
    if result.same_picture:
        return NO_VERDICT_WHY["one picture"]
    if swapped and result.other_way:
        return NO_VERDICT_WHY["swapped"]
    return None


def movement_note_lines(movements: Mapping[str, Movement], *, parts: bool = True, why: str | None = None) -> list[tuple[str, str, str]]:
    """One ``(name, parts, note)`` per movement measure: its plain name, its parts (:func:`detail`; empty with ``parts``
    False, where no figure is shown) and its note against published thresholds, with the sources. With ``why``
    (:func:`no_verdict_why`), a note saying the photo gives no verdict gives that reason, the one its warning gives."""
    lines = []
    for mid, mv in movements.items():
        note = mv.note
        _, bracket, see = note.rpartition(" (see ")  # "the warning above)." or "the warnings above).", as the engine counts them
        if why is not None and note.startswith(NO_VERDICT_NOTE) and bracket:
            note = f"{NO_VERDICT_NOTE}{why}{bracket}{see}"
        lines.append((MOVEMENTS[mid].label, detail(mv) if parts else "", note))
    return lines


#: Where a no-verdict sentence's finding ends and its how-to-retake begins ("…, so it gives no verdict: smile broadly,
#: showing your teeth, and retake it."): presenter mode and the report, which have no photo controls, say the finding
#: only (:func:`finding_only`).
NO_VERDICT_HOW = "gives no verdict: "
#: The retake request closing :data:`viz.movement.NOT_SAME_PERSON`, left out in presenter mode and the report.
SAME_PERSON_HOW = " " + NOT_SAME_PERSON.rsplit(". ", 1)[1]


#: The request to take a photo again from another distance inside a face-size sentence (:data:`viz.movement.SMALL_AND_FARTHER`,
#: :data:`viz.movement.UNLIKE_SIZES`), and what stands in its place in :func:`finding_only`: ": take it again from the same
#: distance as the rest photo, because so small a face ..." reads ": so small a face ...", and "..., the face at least 110
#: px wide. Faces so unlike ..." reads ". Faces so unlike ...".
DISTANCE_HOW = ((re.compile(r": take it again from the same distance as the [^:]+? photo, because "), ": "),
                (re.compile(r": take it again from the same distance as the [^:]+? photo, the face at least \d+ px wide\."), "."))  # fmt: skip


def finding_only(warning: str) -> str:
    """A no-verdict sentence without its how-to-retake part, for presenter mode and the report (:data:`NO_VERDICT_HOW`,
    :data:`SAME_PERSON_HOW`, :data:`DISTANCE_HOW`); any other sentence as it is.

    Examples
    --------
    >>> from viz.movement import NOT_SHOWN, SMALL_AND_FARTHER, UNLIKE_SIZES
    >>> print(finding_only(NOT_SHOWN["smile"][1].format(photo="“Big smile”")))
    The “Big smile” photo shows the mouth corners pulled down, not up, so it gives no verdict.
    >>> finding_only(NOT_SAME_PERSON.format(photo="“Frown”")).endswith("so no verdict is drawn from it.")
    True
    >>> w = finding_only(SMALL_AND_FARTHER.format(photo="“Frown”", px=90, times=1.6))
    >>> "take it again" in w, "1.6 times as large in the rest photo: so small a face is measured less precisely" in w
    (False, True)
    >>> w = finding_only(UNLIKE_SIZES.format(small="“Pucker”", px=80, times=1.5, large="rest", least=110, photo="“Pucker”"))
    >>> "take it again" in w, w.endswith("so the “Pucker” photo gives no verdict.")
    (False, True)
    """
    for pattern, instead in DISTANCE_HOW:
        warning = pattern.sub(instead, warning)
    if NO_VERDICT_HOW in warning:
        return warning.split(NO_VERDICT_HOW, 1)[0] + NO_VERDICT_HOW.rstrip(": ") + "."
    return warning.removesuffix(SAME_PERSON_HOW)


def no_verdict_warnings(result: ExpressionResult) -> list[str]:
    """The sentences the page shows as warnings beside a photo that gives no verdict (those up to the first that says
    so), each its finding only (:func:`finding_only`); none for a photo that gives a verdict."""
    if result.usable:
        return []
    lead = next((k for k, w in enumerate(result.warnings) if "no verdict" in w), 0)
    return [finding_only(w) for w in result.warnings[: lead + 1]]


def balance_heading(region: str, reads: str, expression: str, word: str, *, strong: Callable[[str], str] = lambda text: f"**{text}**") -> str:
    """A region's verdict heading, naming what it reads: "**Mouth: mouth-corner drop** (Big smile) — mostly static.";
    ``strong`` sets the region and what it reads in bold (Markdown by default)."""
    return f"{strong(f'{REGIONS[region]}: {reads}')} ({EXPRESSIONS[expression].title}) — {word}."
