"""The words of MirrorMap: every id with its label, unit and side words, defined once.

Pages, the command line, the figures and the exports take their words from here, so one id never
has two names. The ids themselves are a public contract (DESIGN §4 and §5); the labels are what a
person reads.

::

    MEASURES     measure id   -> MeasureWords   (kind, unit, label, region, what a positive value means)
    MOVEMENTS    movement id  -> MovementWords  (expression, label)
    EXPRESSIONS  expression   -> ExpressionWords (title, name in a sentence, what its photo shows, CLI flag)
    REGIONS      region id    -> label
    LAYERS       overlay layer -> label
    Side, PlanSide, MeasureKind, Unit           Literal types of the engine's fields

Examples
--------
>>> from viz.vocabulary import MEASURES, describe_difference
>>> MEASURES["mouth_corner_drop"].label
'Mouth-corner drop'
>>> describe_difference("brow_height", -1.2)
'right brow higher'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "ADULTS_ONLY",
    "DIRECTIONS",
    "EDUCATIONAL",
    "EMERGENCY",
    "EXPRESSIONS",
    "EXPRESSION_IDS",
    "LAYERS",
    "MEASURES",
    "MEASURE_IDS",
    "MIRRORED_NOTE",
    "MOVEMENTS",
    "MOVEMENT_IDS",
    "MUSCLE_ACTIONS",
    "MUSCLE_IDS",
    "NBSP",
    "NOT_MEASURED",
    "OFFSET_IDS",
    "PAIRED_IDS",
    "PLAN_SIDES",
    "REGIONS",
    "REGION_IDS",
    "SIDES",
    "SIDES_NOTE",
    "TARGETS",
    "TILT_IDS",
    "VERDICTS",
    "ExpressionWords",
    "MeasureKind",
    "MeasureWords",
    "MovementWords",
    "PlanSide",
    "Side",
    "Unit",
    "describe_difference",
    "ended",
    "format_range",
    "format_value",
    "keep_together",
    "mid_sentence",
    "rounded",
    "rounded_pair",
    "side_phrase",
]

#: A side of the face: the subject's own, anatomical side.
Side = Literal["left", "right"]
#: A side a treatment plan acts on.
PlanSide = Literal["left", "right", "both"]
#: ``paired``: left, right and difference = left - right; ``offset``: positive toward the subject's left;
#: ``tilt``: degrees, positive = the subject's left side higher.
MeasureKind = Literal["paired", "offset", "tilt"]
Unit = Literal["mm", "°"]

SIDES: Final[tuple[Side, ...]] = ("left", "right")
PLAN_SIDES: Final[tuple[PlanSide, ...]] = ("left", "right", "both")

# --- safety notices (shown on every page, in every export and by the CLI) --------------------------

EDUCATIONAL: Final = "Educational — not medical advice."
ADULTS_ONLY: Final = "Cosmetic toxin treatment is for adults (18+) only."
EMERGENCY: Final = "A sudden new droop of the face is a medical emergency — call emergency services now."
#: What every saved file made from a photo marked as mirrored says of it: the consult report, the before / after, the
#: overlay and the comparison PNGs.
MIRRORED_NOTE: Final = "The photo was marked as mirrored (selfie mode): left and right were swapped back before measuring."
#: What a table or picture says in place of a number for a measure not taken from one photo (``Measure.withheld``).
NOT_MEASURED: Final = "not measured from one photo"
#: Beside a table of left, right, difference and ±: the ± is the difference's, read from the image; the sides around it
#: are the face model's. Against the 38 hand-placed templates of benchmarks/annotated.py each side lies, root mean square,
#: 1.1 mm (brow above the pupil), 1.5 (tail), 1.4 (eye opening), 3.4 (mouth corner: 3.1 mm low on average, 2.4 of it
#: the 3.5 % scale) and 4.1 mm (inner brow: the mesh's head point sits on the hair tips, 3.3 mm high on average) from
#: the template's.
SIDES_NOTE: Final = (
    "Left and right are each side's own figure: a brow's height above the line through the pupils, a mouth corner's drop"
    " below it, an eye's opening from lid to lid, a width from the midline. The ± belongs to the difference: the left"
    " and right values on their own are less exact, by about 1–4 mm."
)


# --- regions --------------------------------------------------------------------------------------

#: Face regions: the five the measures fall in, then the ones content cards also use.
REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "brows": "Brows",
        "forehead": "Forehead",
        "eyes": "Eyes",
        "nose": "Nose",
        "mouth": "Mouth",
        "jaw": "Jaw",
        "neck": "Neck",
        "whole_face": "Whole face",
    }
)
REGION_IDS: Final[frozenset[str]] = frozenset(REGIONS)

#: The overlay's layers, in drawing order: the interactive chart's legend and the picture's choice of layers.
LAYERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "heat": "Regional heat",
        "connectors": "Paired connectors",
        "axis": "Symmetry axis",
        "levels": "Level lines",
        "measures": "Measures",
    }
)


# --- measures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureWords:
    """How a measure of DESIGN §4 is named and read.

    Attributes
    ----------
    id : str
    kind : {"paired", "offset", "tilt"}
    label : str
        Its name on screen, e.g. ``"Inner brow height"``.
    region : str
        One of :data:`REGIONS`.
    positive, negative : str
        What a positive or a negative value means, e.g. ``"left brow higher"``.
    """

    id: str
    kind: MeasureKind
    label: str
    region: str
    positive: str
    negative: str

    @property
    def unit(self) -> Unit:
        """``"°"`` for a tilt, else ``"mm"``."""
        return "°" if self.kind == "tilt" else "mm"

    @property
    def noun(self) -> str:
        """The label inside a sentence (lower case)."""
        return self.label[0].lower() + self.label[1:]


def _m(mid: str, kind: MeasureKind, label: str, region: str, positive: str, negative: str) -> MeasureWords:
    return MeasureWords(mid, kind, label, region, positive, negative)


#: Every measure, in the order of DESIGN §4 (paired, offsets, tilts).
MEASURES: Final[Mapping[str, MeasureWords]] = MappingProxyType(
    {
        w.id: w
        for w in (
            _m("brow_inner_height", "paired", "Inner brow height", "brows", "left inner brow higher", "right inner brow higher"),
            _m("brow_height", "paired", "Brow height (above the pupil)", "brows", "left brow higher", "right brow higher"),
            _m("brow_tail_height", "paired", "Brow tail height", "brows", "left brow tail higher", "right brow tail higher"),
            _m("eye_opening", "paired", "Eye opening", "eyes", "left eye more open", "right eye more open"),
            _m("mouth_corner_drop", "paired", "Mouth-corner drop", "mouth", "left corner lower", "right corner lower"),
            _m("jaw_width", "paired", "Jaw width", "jaw", "left side wider", "right side wider"),
            _m("cheek_width", "paired", "Cheek width", "jaw", "left side wider", "right side wider"),
            _m("nose_tip_offset", "offset", "Nose tip off the midline", "nose", "toward the left", "toward the right"),
            _m("lip_offset", "offset", "Lips off the midline", "mouth", "toward the left", "toward the right"),
            _m("chin_offset", "offset", "Chin off the midline", "jaw", "toward the left", "toward the right"),
            _m("eye_line_tilt", "tilt", "Eye-line tilt", "eyes", "left side higher", "right side higher"),
            _m("mouth_tilt", "tilt", "Mouth tilt", "mouth", "left side higher", "right side higher"),
        )
    }
)
PAIRED_IDS: Final[tuple[str, ...]] = tuple(k for k, w in MEASURES.items() if w.kind == "paired")
OFFSET_IDS: Final[tuple[str, ...]] = tuple(k for k, w in MEASURES.items() if w.kind == "offset")
TILT_IDS: Final[tuple[str, ...]] = tuple(k for k, w in MEASURES.items() if w.kind == "tilt")
MEASURE_IDS: Final[tuple[str, ...]] = PAIRED_IDS + OFFSET_IDS + TILT_IDS


def describe_difference(measure_id: str, value: float) -> str:
    """Which side a signed measure favours, in words; ``"no difference"`` at exactly 0.

    Parameters
    ----------
    measure_id : str
        A measure id of :data:`MEASURES`.
    value : float
        The measure's signed value (difference, offset or tilt).

    Returns
    -------
    str

    Examples
    --------
    >>> describe_difference("mouth_corner_drop", 0.8)
    'left corner lower'
    """
    if value == 0:
        return "no difference"
    words = MEASURES[measure_id]
    return words.positive if value > 0 else words.negative


#: The space inside a quantity ("1.5 mm", "2.4 ± 0.4 mm", "day 14"): a line does not end there. On a phone the
#: numbers broke from their units ("likely 0.5 to 1.4" / "mm)", "1.5" / "± 0.4 mm", "day" / "14").
NBSP: Final = "\u00a0"

_UNITS: Final = r"(?:mm|cm|units?|U|weeks?|days?|months?|hours?|years?|%|°)"
_QUANTITY_SPACES: Final = (
    (re.compile(r"(?<=\d) +(?=" + _UNITS + r"(?![A-Za-z]))"), NBSP),  # 1.5 mm, 40 units, 24 weeks
    (re.compile(r" *± *(?=\d)"), NBSP + "±" + NBSP),  # 2.4 ± 0.4
    (re.compile(r"\b([Dd]ay|[Ww]eek|[Mm]onth) +(?=\d)"), r"\1" + NBSP),  # day 14
    (re.compile(r"(?<=\d) +to +(?=[-+]?\d)"), NBSP + "to" + NBSP),  # 10 to 40 units
)


def keep_together(text: str) -> str:
    """``text`` with the spaces inside its quantities made no-break (:data:`NBSP`), for prose written by hand (the
    Learn cards, a page's own sentences) that :func:`format_value` did not make.

    Examples
    --------
    >>> keep_together("rises 0.4–4.8 mm (typical 2 mm), 10 to 40 units, at 24 weeks, on day 14, 2.4 ± 0.4 mm").replace(NBSP, "~")
    'rises 0.4–4.8~mm (typical 2~mm), 10~to~40~units, at 24~weeks, on day~14, 2.4~±~0.4~mm'
    >>> keep_together("2 muscles, 3 times, about 5 minutes")  # only units: "2 muscles" may break
    '2 muscles, 3 times, about 5 minutes'
    """
    for pattern, glue in _QUANTITY_SPACES:
        text = pattern.sub(glue, text)
    return text


def ended(title: str) -> str:
    """A title set as a sentence's start ("**Side effects.** ..."): a full stop after it, unless it ends in its own.

    Examples
    --------
    >>> ended("Side effects"), ended("Is it a poison?")
    ('Side effects.', 'Is it a poison?')
    """
    return title if title.endswith((".", "?", "!")) else f"{title}."


def mid_sentence(sentence: str) -> str:
    """Words set inside a sentence (after a colon, after "the"): the first letter lower-cased, unless the first word is
    a name or an acronym.

    Examples
    --------
    >>> mid_sentence("The face is turned."), mid_sentence("JPEG at quality 40."), mid_sentence("MirrorMap read it.")
    ('the face is turned.', 'JPEG at quality 40.', 'MirrorMap read it.')
    """
    first = sentence.split(" ", 1)[0]
    if first[1:] != first[1:].lower():  # JPEG, MirrorMap
        return sentence
    return sentence[:1].lower() + sentence[1:]


def rounded(value: float, digits: int = 1) -> float:
    """``value`` as it is shown: rounded to ``digits``, and 0.0 where that gives -0.0 (shown as "0.0", never "-0.0").

    Examples
    --------
    >>> rounded(-0.04), rounded(1.26)
    (0.0, 1.3)
    """
    return round(float(value), digits) + 0.0


def format_value(value: float, unit: str, *, signed: bool = False, digits: int = 1) -> str:
    """A number with its unit: ``"1.2 mm"``, ``"+0.4 mm"``, ``"3.0°"``, joined by a no-break space (:data:`NBSP`) so
    that a line never ends between them. A signed number that shows as zero has no sign: "+0.0 mm" read as a small
    difference to the left, and "-0.0" as one to the right.

    Examples
    --------
    >>> [format_value(v, "mm", signed=True).replace(NBSP, "~") for v in (-0.04, 0.04, 0.06)], format_value(2.5, "°")
    (['0.0~mm', '0.0~mm', '+0.1~mm'], '2.5°')
    """
    shown = rounded(value, digits)
    sep = "" if unit == "°" else NBSP
    return f"{shown:+.{digits}f}{sep}{unit}" if signed and shown != 0.0 else f"{shown:.{digits}f}{sep}{unit}"


def format_range(low: float, high: float, unit: str, *, signed: bool = False, digits: int = 1, joiner: str = " to ") -> str:
    """A range with one unit at the end, ``"-0.2 to +1.7 mm"``; one value where both ends show the same (a measure
    the plan leaves alone read "+0.8 to +0.8 mm"); zero unsigned, never ``"-0.0"``. The spaces are no-break spaces (:data:`NBSP`).

    Examples
    --------
    >>> [text.replace(NBSP, "~") for text in (format_range(-0.04, 1.66, "mm", signed=True), format_range(0.81, 0.79, "mm", signed=True))]
    ['0.0~to~+1.7~mm', '+0.8~mm']
    >>> format_range(1.2, 2.7, "°", joiner="–")
    '1.2–2.7°'
    """
    first, last = format_value(low, unit, signed=signed, digits=digits), format_value(high, unit, signed=signed, digits=digits)
    if first == last:
        return first
    return f"{first[: len(first) - len(unit)].rstrip()}{joiner.replace(' ', NBSP)}{last}"


def format_pm(value: float, uncertainty: float, unit: str, *, signed: bool = False, digits: int = 1) -> str:
    """A number with its ± and one unit at the end: ``"2.4 ± 0.4 mm"``, ``"+1.2 ± 0.5°"`` (the form used everywhere),
    its spaces no-break spaces (:data:`NBSP`): on a phone "1.5 ± 0.4 mm" broke as "1.5" and "± 0.4 mm" on two lines.

    Examples
    --------
    >>> format_pm(2.44, 0.36, "mm").replace(NBSP, "~"), format_pm(-1.2, 0.5, "°", signed=True).replace(NBSP, "~")
    ('2.4~±~0.4~mm', '-1.2~±~0.5°')
    """
    number = format_value(value, unit, signed=signed, digits=digits)
    return f"{number[: len(number) - len(unit)].rstrip()}{NBSP}±{NBSP}{format_value(uncertainty, unit, digits=digits)}"


def within(value: float, uncertainty: float, *, digits: int = 1) -> bool:
    """Whether a difference, as shown to ``digits``, is no larger than its ± as shown: then no side may be named.

    Compared unrounded, a difference of 0.44 beside a ± of 0.36 named a side although both read "0.4".

    Examples
    --------
    >>> within(0.44, 0.36), within(-0.46, 0.44), within(0.2, 0.3)
    (True, False, True)
    """
    return round(abs(float(value)), digits) <= round(float(uncertainty), digits)


def rounded_pair(a: float, b: float, *, digits: int = 1, difference: float | None = None) -> tuple[float, float]:
    """``a`` and ``b`` rounded to ``digits`` so that the shown ``a - b`` is the difference itself rounded.

    ``difference`` is ``a - b`` as shown elsewhere (a measure's value), when it was computed on its own: it may
    differ from ``a - b`` in the last bit, which decides a rounding that falls on a half.

    Each rounded on its own, 60.21 and 61.86 show as 60.2 and 61.9, which differ by 1.7, beside a difference
    shown as -1.6 (-1.65 rounded). One of the two is rounded and the other is the rounded difference away from
    it; of the two ways, the one that moves the pair least. Neither moves by more than one step of the last digit.

    Examples
    --------
    >>> rounded_pair(60.21, 61.86)
    (60.2, 61.8)
    >>> rounded_pair(22.02, 19.05)
    (22.0, 19.0)
    """
    d = round(a - b if difference is None else difference, digits)
    ra, rb = round(a, digits), round(b, digits)
    if round(ra - rb, digits) == d:
        return rounded(ra, digits), rounded(rb, digits)
    keep_a, keep_b = (ra, ra - d), (rb + d, rb)
    best = min((keep_a, keep_b), key=lambda p: abs(p[0] - a) + abs(p[1] - b))
    return rounded(best[0], digits), rounded(best[1], digits)


def side_phrase(side: PlanSide) -> str:
    """``"left side"``, ``"right side"`` or ``"both sides"``."""
    return "both sides" if side == "both" else f"{side} side"


# --- expressions and movements --------------------------------------------------------------------


@dataclass(frozen=True)
class ExpressionWords:
    """How an expression of the set is named.

    Attributes
    ----------
    id : str
    title : str
        Its heading, e.g. ``"Brows raised"``.
    name : str
        Inside a sentence, e.g. ``"brows-up"`` as in "the brows-up photo".
    shows : str
        What a photo of it shows, e.g. ``"raised brows"`` as in "the rest photo may be the one that shows raised brows".
    """

    id: str
    title: str
    name: str
    shows: str

    @property
    def flag(self) -> str:
        """The command line's option for its photo, e.g. ``"--brows-up"``."""
        return "--" + self.id.replace("_", "-")


#: The expression set, rest first (rest is required; any subset of the others works).
EXPRESSIONS: Final[Mapping[str, ExpressionWords]] = MappingProxyType(
    {
        w.id: w
        for w in (
            ExpressionWords("rest", "Rest", "rest", "a relaxed face"),
            ExpressionWords("brows_up", "Brows raised", "brows-up", "raised brows"),
            ExpressionWords("frown", "Frown", "frown", "a frown"),
            ExpressionWords("eyes_closed", "Eyes closed tight", "eyes-closed", "the eyes closed tight"),
            ExpressionWords("smile", "Big smile", "smile", "a smile"),
            ExpressionWords("pucker", "Pucker", "pucker", "a pucker"),
        )
    }
)
EXPRESSION_IDS: Final[tuple[str, ...]] = tuple(EXPRESSIONS)


@dataclass(frozen=True)
class MovementWords:
    """How a movement measure of DESIGN §5 is named.

    Attributes
    ----------
    id : str
    expression : str
        The expression it is measured in.
    label : str
        Its name on screen, e.g. ``"Brow raise"``.
    unit : {"mm", "°"}
    """

    id: str
    expression: str
    label: str
    unit: Unit = "mm"

    @property
    def noun(self) -> str:
        """The label inside a sentence (lower case)."""
        return self.label[0].lower() + self.label[1:]


#: Every movement measure, in the order of the expressions.
MOVEMENTS: Final[Mapping[str, MovementWords]] = MappingProxyType(
    {
        w.id: w
        for w in (
            MovementWords("brow_elevation", "brows_up", "Brow raise"),
            MovementWords("medial_brow_travel", "frown", "Inner-brow travel"),
            MovementWords("eyelid_closure", "eyes_closed", "Upper-lid closure"),
            MovementWords("mouth_corner_excursion", "smile", "Mouth-corner excursion"),
            MovementWords("smile_angle", "smile", "Smile angle", "°"),
            MovementWords("lip_travel", "pucker", "Lip travel"),
        )
    }
)
#: Movement ids of each expression (DESIGN §5).
MOVEMENT_IDS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {e: tuple(k for k, w in MOVEMENTS.items() if w.expression == e) for e in EXPRESSION_IDS[1:]}
)


# --- the content's ids ----------------------------------------------------------------------------

#: Muscle ids of the public contract (DESIGN §5), in display order; their names are on the muscle cards.
MUSCLE_IDS: Final[tuple[str, ...]] = (
    "frontalis",
    "corrugator",
    "procerus",
    "orbicularis_oculi",
    "nasalis",
    "zygomaticus_major",
    "depressor_anguli_oris",
    "mentalis",
    "masseter",
    "platysma",
)

#: A myth card's verdict -> its badge text.
VERDICTS: Final[Mapping[str, str]] = MappingProxyType({"myth": "Myth", "partly_true": "Partly true", "true": "True"})
#: What a muscle does -> its words on a muscle card.
MUSCLE_ACTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "elevator": "Lifts (elevator)",
        "depressor": "Pulls down (depressor)",
        "closer": "Closes (sphincter)",
        "bulk": "Bulk (chewing muscle)",
        "mixed": "Several actions",
    }
)
#: The feature a muscle's relaxation moves -> its name.
TARGETS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "brow_inner": "Inner brow",
        "brow_mid": "Brow above the pupil",
        "brow_tail": "Outer brow",
        "mouth_corner": "Mouth corner",
        "lower_lip": "Lower lip",
        "chin": "Chin",
        "jaw_contour": "Jaw outline",
        "cheek": "Cheek",
        "upper_lid": "Upper lid",
        "none": "Resting face",
    }
)
#: Which way it moves -> a verb.
DIRECTIONS: Final[Mapping[str, str]] = MappingProxyType({"up": "rises", "down": "lowers", "inward": "narrows", "none": "does not move"})
