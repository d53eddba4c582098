"""Movement from an expression set: how far each feature moves from rest, per side, in millimetres.

A rest photo and any of five expression photos (brows up, frown, eyes closed tight, big smile, pucker)
are compared feature by feature. Each expression photo is first lined up with the rest photo on
landmarks that barely move with expression (inner eye corners, nose bridge and tip, iris centres), by
a least-squares similarity in three dimensions (MediaPipe's relative depth included), so head shift,
tilt, turn and distance cancel. Everything is then read in the rest face's own frame
(:func:`viz.frame.fit_frame`) and millimetres (its iris calibration).

Face Mesh landmarks follow only part of a local move (DESIGN §3), so the landmarks give a first
estimate of each feature's movement and image evidence refines it: the feature's patch in the rest
photo is registered against the same feature's patch in the expression photo (same side, no
mirroring), sampled on the same face-frame grid through the alignment. Brows and lid margins are
bands and mouth corners end in a faint, tilted fade, so they are registered vertically only and keep
the mesh's horizontal position (the mesh follows about half of a local sideways move; sideways matching
of a stretched corner proved unstable between forward and backward registration). The head of the
brow is registered in both directions, each direction weighted by how well forward and backward agree.

Where one of the two photos is a mirrored selfie and the other is not (the first page's photo standing in as
rest keeps that page's "mirrored" setting; the photos added on the Expressions page have their own), the
expression photo is turned into its mirror image first (pixels and landmarks, :func:`viz.landmarks.flipped_face`), so that
both photos show the face the same way round: a similarity cannot line a face up with its mirror image, and
a face relabelled for a mirror set against one that is not reads as someone else. The lining up, the image
evidence and the identity check then compare the two as they would an unmirrored pair, and left and right
are swapped for exactly the photos marked mirrored. A photo given unmarked as the other's mirror image is told by
the face's shape matching flipped (:func:`viz.visits.mirror_matches`) or, on a nearly symmetric face, by the rest
measures the expression leaves in place reading turned round (:func:`mirror_evidence`): it then gives no verdict.

Each expression photo is also checked against the rest photo: it must show the expected expression
(the movement reaches :data:`SHOWN_MIN` in the expression's direction, :func:`_shown`) and the same person (:func:`viz.visits.identity_distance`, on the
nose's midline, the eye corners and the irises, which expressions barely move). A photo that fails
either check is still measured and shown, with a sentence saying why, but gives no verdict: the
static-against-dynamic comparison and the options read only the photos that pass
(:attr:`ExpressionResult.usable`).

For each movement the report gives left and right, the ratio weaker/stronger, which side moves more
(or "equal" within the uncertainty) and a note against published detection thresholds. Per region,
the asymmetry at rest (from :func:`viz.analyze`) is set against the asymmetry in motion, and the
report says which dominates.

The notes compare the two sides with what people notice, from ``content/norms.yaml`` (Hohman 2014
for brow raising, eye closure and smiling; each entry names its sources). The measures follow the
clinical tools' definitions where they exist (Emotrics: commissure excursion and smile angle,
iris-calibrated; Guarin 2018).

Examples
--------
>>> import viz
>>> from viz.movement import measure_dynamics
>>> rest = viz.detect_face(viz.load_photo("rest.jpg"))  # doctest: +SKIP
>>> smile = viz.detect_face(viz.load_photo("smile.jpg"))  # doctest: +SKIP
>>> report = measure_dynamics(rest, {"smile": smile})  # doctest: +SKIP
>>> report.to_dict()["expressions"]["smile"]["mouth_corner_excursion"]["stronger"]  # doctest: +SKIP
'left'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from viz import content
from viz.align import STABLE_POINTS, Alignment, align
from viz.anatomy import LEFT, RIGHT, Side, iris_width_px
from viz.asymmetry import CALIBRATION_REL, CENTRE_IT, OFF_CENTRE, PIXEL_SD_PX, UNCUT_IT, AsymmetryReport, analyze
from viz.camera import projected, straightening
from viz.errors import ArgumentError
from viz.evidence import BROW_HEAD_MOVE, BROW_MOVE, CORNER_MOVE, LID_MOVE, ExpressionPair, Grey, Patch, brow_band_centre, contour_v
from viz.frame import FaceFrame, fit_frame
from viz.landmarks import BLURRED_DETAIL_PX, POSE_CHANGE_LIMIT_DEG, Face, Pose, flipped_face, pose_warnings, several_faces
from viz.visits import identity_checkable, identity_distance, mirror_distance, mirror_matches, same_person, too_small_to_identify
from viz.vocabulary import (
    EXPRESSION_IDS,
    EXPRESSIONS,
    MEASURES,
    MOVEMENT_IDS,
    MOVEMENTS,
    NBSP,
    Unit,
    describe_difference,
    format_pm,
    format_value,
    mid_sentence,
    rounded,
    within,
)

__all__ = [
    "DIRECTION_PART",
    "FROWN_HEIGHTS",
    "IDENTITY_LET_THROUGH_SMILES",
    "IDENTITY_LIMIT",
    "IDENTITY_LIMIT_EYES_CLOSED",
    "MAY_NOT_BE_SAME",
    "MIRROR_IMAGE",
    "MOVEMENT_MIN_FACE_PX",
    "NOT_SAME_PERSON",
    "NOT_SHOWN",
    "NO_RATIO",
    "RATIO_MIN_COVERAGE",
    "SMALL_AND_FARTHER",
    "UNLIKE_SIZES",
    "DynamicsReport",
    "ExpressionResult",
    "Movement",
    "RegionBalance",
    "identity_limit",
    "measure_dynamics",
    "movement_note",
]

F64 = npt.NDArray[np.float64]

SCHEMA = "viz.dynamics/1"
_IRIS = frozenset({LEFT.iris_centre, RIGHT.iris_centre})

#: Repeatability floor of a movement, mm: SD over ±10° rotations and 80-100% rescaling of the expression
#: photo (benchmarks/dynamics.py: 0.04-0.05 mm for brow elevation, 0.12-0.18 mm for corner excursion,
#: up to 0.23 mm for its sideways component).
NOISE_FLOOR_MM = 0.2
#: Of the straightening a photo's view calls for (:func:`viz.camera.straightening`), the share made before two photos'
#: landmarks are compared: MediaPipe's mesh follows only part of the stretch an oblique view gives a face, so turning
#: it the whole way back overshoots. A rest photo and a real smile (frl_london 005, 006, 025, 061, 136), the smile seen
#: 10° to either side and 12° right and 6° down (focal length = photo width, its EXIF known): the left-right difference
#: of the corner excursion moved 1.00 mm RMS with no straightening, 0.99 with all of it, 0.36 with 0.72 of it and 0.31
#: with half. The rest (:data:`VIEW_LEFT_IN_DOUBT`) is in the uncertainty.
VIEW_STRAIGHTENED = 0.5
#: The share of a view's whole effect on a movement left in its uncertainty: the half not straightened, or a view
#: whose focal length is unknown's own doubt (:attr:`viz.camera.OffAxis.doubt_share`) where that is larger.
VIEW_LEFT_IN_DOUBT = 1.0 - VIEW_STRAIGHTENED
#: The share of a view's whole effect left in a smile angle's uncertainty: all of it. Straightening takes out most of
#: the tilt a view gives the mouth, but not a rise of both corners alike (a rest photo against its own view 10° to
#: either side, or 12° right and 6° down, focal length = photo width: both corners up 0.5-1.4 mm on average over 14
#: people, before straightening and after), and a rise of ~1 mm on a ~5 mm excursion turns its direction 7-16°. With
#: half the effect in doubt each side's angle moved 1.31 times its ± (RMS, the smile photo moved) and 1.23 (the rest
#: photo moved); with all of it 0.88 and 0.92 (``benchmarks/off_axis_expressions.py``).
VIEW_ANGLE_IN_DOUBT = 1.0
#: How closely one view's doubt in the two sides goes together (a correlation, 0-1): the view moves both sides at once,
#: so it is not independent doubt in their difference (:attr:`Movement.covariance`), but the head model foretells each
#: side's part only so well (:data:`viz.camera.KNOWN_FOCAL_DOUBT`: within a tenth to a third), and a lens wider than
#: the one assumed moves both further. Taken as independent, the smile angle's left-right difference moved 0.37 of its
#: ± (RMS, the smile photo moved, focal length known; 0.59 unknown, 0.31 the rest photo moved); as wholly together,
#: 0.75, 1.01 and 0.40; at a half, 0.45, 0.71 and 0.33, its median ± 14.7° where it was 18.1° (the smile photo moved,
#: focal length known) (``benchmarks/off_axis_expressions.py``).
VIEW_SIDES_CORRELATION = 0.5
#: An expression photo whose stable points stay this far apart after alignment (RMS, mm) is not trusted.
MAX_ALIGNMENT_RESIDUAL_MM = 1.5

#: :attr:`Movement.ratio` is shown only when the stronger side moves at least this many of its uncertainties: at fewer,
#: the ratio's own uncertainty from its denominator alone exceeds half its value.
RATIO_MIN_COVERAGE = 2.0
#: What stands for :attr:`Movement.ratio` when neither side moves enough for it (:attr:`Movement.ratio_readable`); the
#: tables' captions say what the dash means.
NO_RATIO = "—"
#: How often the same-person check let a rest photo and another person's smile through, as (let through, pairs), on the
#: shared photos (``python benchmarks/dynamics.py --identity``). It is the Visits page's check and threshold
#: (:func:`viz.visits.same_person`); Visits gives its own rate, on two people's rest photos (:data:`viz.visits.IDENTITY_LET_THROUGH`).
IDENTITY_LET_THROUGH_SMILES: tuple[int, int] = (37, 918)
#: Said beside every expression photo: the same-person check is a landmark check, and a quiet one is no proof. Said in
#: the words of the Visits page's :data:`viz.visits.IDENTITY_LIMIT` (one check, one wording), with this page's rate. The
#: benchmark pairs rest photos with smiles only, so the figure is said as a measurement on smiles: said under a frown,
#: "other people's smiles" read as if the frown were one.
IDENTITY_LIMIT = (
    "The check that both photos show the same person compares the nose and the eye corners. Tested on smiles, it lets"
    f" through about 1 in {round(IDENTITY_LET_THROUGH_SMILES[1] / IDENTITY_LET_THROUGH_SMILES[0])} pairs of one person's"
    " rest photo and another person's smile: make sure both photos show the same person."
)
#: Added to :data:`IDENTITY_LIMIT` beside an eyes-closed photo: with the eyes closed the check leaves the irises out
#: (``eyes_open=False``), which catches about 8 in 10 other people, so lets through about 1 in 5 (:mod:`viz.visits`' module notes).
IDENTITY_LIMIT_EYES_CLOSED = "With the eyes closed it cannot compare the irises and lets through more: about 1 in 5 other people."
#: How the page says that an expression photo and the rest photo may be two people's, in the Visits page's words
#: (:data:`viz.visits.NO_VERDICT`: "may not show the same person", "no verdict"): Expressions said "may show someone else",
#: a second wording for the one check.
MAY_NOT_BE_SAME = "may not show the same person"
#: The warning first beside an expression photo that may show another person than the rest photo (``{photo}``: the
#: step's title in quotes). Its reason is said as the Visits page says it ("differ more than one person's photos usually do").
NOT_SAME_PERSON = (
    f"The {{photo}} photo and the rest photo {MAY_NOT_BE_SAME} (their nose and eye corners differ more than one person's"
    " photos usually do), so no verdict is drawn from it. Take both photos of the same person."
)
#: The warning first beside an expression photo whose face matches the rest photo's more closely flipped
#: (:attr:`ExpressionResult.looks_mirrored`; ``{photo}``: the step's title in quotes; ``{people}``: where it does not match
#: as given, that it may also be two people's). A phone that saves front-camera selfies mirrored gives one: unmarked, its
#: sides were read the other way round ("right side" pulls harder, 3.9 mm, where the photos the same way round gave the
#: left, 1.9 mm), or it was called another person's.
MIRROR_IMAGE = (
    "The {photo} photo looks like a mirror image of the rest photo{people}: its face matches the rest photo's more closely"
    " flipped, so no verdict is drawn from it until both are given the same way round (a front camera may save one"
    " mirrored)."
)
#: Said after the brows' static-or-dynamic note where a brow rose in the frown (``{what}``: "left inner brow's rise"):
#: the note reads the inner brows' heights, a rise included, and "One side moves 7.3 ± 0.5 mm more" stood beside the
#: table's travel of 0.0 (moved the other way) and 4.3 mm, which counts only the move down and inward.
FROWN_HEIGHTS = "These heights count the {what}, which the inner-brow travel in the table leaves out (it counts only the move down and inward)."
#: Smallest movement that shows an expression was made (on the side that moves more). Engineering
#: thresholds at 5-10x the repeatability floor and far below a full expression; not clinical figures.
#: The smile's is set between what one person's neutral photos and real smiles give, measured over every same-person
#: pair of the shared photos (/work/shared/faces, both orders). Of the 24 pairs of two neutral photos (cc0_lisa 1-4,
#: cc0_zoom 15-60 cm), those with both heads level and the faces within 1.4 times the same size moved a corner at most
#: 1.5 mm; 1.7-3.0 mm came with the face 1.6-2.25 times larger in one photo (the camera's distance, which
#: :data:`SIZE_CHANGE_LIMIT` has said) and up to 3.2 mm with one head tilted 20° (lisa 3, which gives no verdict:
#: :attr:`ExpressionResult.pose_doubts`). The five real smiles (frl_london *_03 to *_08) moved the stronger corner
#: 3.9-8.5 mm. At 2.0 mm a neutral face taken from 60 cm after a rest photo from 30 cm read as a smile.
SHOWN_MIN = MappingProxyType(
    {
        "brows_up": 1.5,  # mm of brow rise
        "frown": 1.0,  # mm of travel of the head of the brow
        "eyes_closed": 0.5,  # fraction of the resting lid opening closed
        "smile": 2.5,  # mm of corner excursion
        "pucker": 1.5,  # mm of inward corner travel
    }
)
#: The rise a smiling corner's excursion must include, mm (or, downward, a corner pulled down): a smile lifts the
#: corners. The smallest of the five shared smiles lifts its stronger corner 1.8 mm (frl_london_006).
SMILE_LIFT_MM = 1.0
#: Two photos whose faces differ in size by more than this factor (in pixels) are said to be taken from different
#: distances, if the same camera took them: perspective then moves features with no expression. On the shared
#: cc0_zoom photos of one neutral face, 1.25-1.3 times apart (30 and 45, 45 and 60 cm) the mouth corners seemed to
#: rise 0.9-1.0 mm, five times the repeatability floor (:data:`NOISE_FLOOR_MM`), and 1.6 times apart (30 and 60 cm)
#: 2.0 mm; the shared smiles were taken at the same size (0.99-1.02).
SIZE_CHANGE_LIMIT = 1.25
#: One sentence for an expression photo whose face is both small (:attr:`viz.Face.is_small`) and smaller than in the rest
#: photo (:data:`SIZE_CHANGE_LIMIT`), said first: a 38 px pucker got "only 38 px wide" and "11.2 times as large in the
#: rest photo" in two boxes, after its "not a pucker", which the size alone may have made. ``{photo}``: the step's title
#: in quotes; ``{px}``: the face's width; ``{times}``: how many times as large it is in the rest photo.
SMALL_AND_FARTHER = (
    "The face in the {photo} photo is only {px} px wide, and {times} times as large in the rest photo: take it again from"
    " the same distance as the rest photo, because so small a face is measured less precisely and a change of distance"
    " alone moves the features by millimetres (one neutral face taken from 30 and 60 cm seemed to smile 2 mm)."
)
#: A pair of photos whose faces differ in size by more than :data:`SIZE_CHANGE_LIMIT` gives no verdict when the smaller
#: face is narrower than this, in pixels of its photo's detail (as :attr:`viz.Face.is_small` counts them): the face model
#: reads a small face's features a little off, the same way in any photo, so the offset cancels between two faces of one
#: size and is read as movement between two unlike ones, past the ranges. Measured on the five London rest and smile
#: pairs (frl_london 005, 006, 025, 061, 136), one photo shrunk (bicubic, saved as JPEG at Pillow's default quality) and
#: the other at full size: the corner excursion's change from the full-size pair, in its own stated ± (mean, RMS, largest,
#: 10-16 values a row; ``tests/test_movement_small.py`` shrinks frl_london_061 the same way):
#:
#: ============  =====================  =====================
#: smaller face  rest shrunk            smile shrunk
#: ============  =====================  =====================
#: 130-180 px    +0.11, 0.36, 0.6       +0.04, 0.50, 1.1
#: 105-130 px    +0.26, 0.34, 0.7       -0.42, 0.51, 1.2
#: 90-105 px     +0.29, 0.40, 0.8       -0.42, 0.66, 1.4
#: 70-90 px      +0.45, 0.59, 1.0       -0.80, 0.89, 1.5
#: 55-70 px      +0.64, 0.75, 1.1       -1.02, 1.20, 2.4
#: 40-55 px      +1.49, 1.76, 3.5       -0.84, 1.00, 1.6
#: ============  =====================  =====================
#:
#: A small rest face reads the excursion larger, a small smile smaller (frl_london_061's smile, 4.5 and 2.6 mm as shot:
#: 5.6 and 2.4 with the rest photo shrunk to 250 px, an 85 px face; 8.9 and 5.5 at 150 px, which also read as a mirror
#: image; 8.1 and 8.3 at 90 px). From 105 px up the change stays as it is at full size; below, it grows. Both photos
#: shrunk alike it cancels: RMS 0.5 of the ± at 100 px, 0.6 at 65 px, 0.8 at 40-50 px, so a pair of one size keeps its
#: verdict (with its wider ranges).
MOVEMENT_MIN_FACE_PX = 110.0
#: The sentence first beside an expression photo given no verdict by :data:`MOVEMENT_MIN_FACE_PX`, worded as
#: :data:`SMALL_AND_FARTHER`, which it stands for. ``{small}``, ``{large}``: the photos with the smaller and the larger
#: face ("rest", or the step's title in quotes); ``{px}``: the smaller face's width; ``{times}``: how many times as large
#: the other is; ``{least}``: :data:`MOVEMENT_MIN_FACE_PX`; ``{photo}``: this photo.
UNLIKE_SIZES = (
    "The face in the {small} photo is only {px} px wide, and {times} times as large in the {large} photo: take it again from"
    " the same distance as the {large} photo, the face at least {least} px wide. Faces so unlike in size read the movements"
    " off by more than their ranges, so the {photo} photo gives no verdict."
)
#: Why an expression photo gives no verdict, one sentence each: it does not show the expression (too little movement),
#: or its movement goes the other way (:func:`_shown`). ``{photo}`` is the step's title in quotes.
NOT_SHOWN = MappingProxyType(
    {
        "brows_up": (
            "The {photo} photo does not show raised brows, so it gives no verdict: raise them as high as you can and retake it.",
            "The {photo} photo shows the brows lowered, not raised, so it gives no verdict: raise them as high as you can and retake it.",
        ),
        "frown": (
            "The {photo} photo does not show a frown, so it gives no verdict: draw your brows together and down, hard, and retake it.",
            "The {photo} photo shows the brows raised, not drawn down, so it gives no verdict: draw them together and down, hard, and retake it.",
        ),
        "eyes_closed": (
            "The {photo} photo does not show the eyes closed tight, so it gives no verdict: squeeze them shut and retake it.",
            "The {photo} photo shows the eyes opened wider, not closed, so it gives no verdict: squeeze them shut and retake it.",
        ),
        "smile": (
            "The {photo} photo does not show a smile, so it gives no verdict: smile broadly, showing your teeth, and retake it.",
            "The {photo} photo shows the mouth corners pulled down, not up, so it gives no verdict: smile broadly, showing your teeth, and retake it.",
        ),
        "pucker": (
            "The {photo} photo does not show a pucker, so it gives no verdict: push your lips forward as if to whistle and retake it.",
            "The {photo} photo shows the mouth corners drawn apart, not together, so it gives no verdict: push your lips forward and retake it.",
        ),
    }
)
#: A side's smile angle this uncertain or more names no direction: its corner moved less than :data:`RATIO_MIN_COVERAGE`
#: times its positional uncertainty (the angle's ± is that uncertainty over the excursion, atan(1/2) = 26.6°), so the
#: angle is mostly noise. Then the two sides' angles are not compared (:attr:`Movement.comparable`).
NO_DIRECTION_DEG = math.degrees(math.atan(1.0 / RATIO_MIN_COVERAGE))
#: "Both sides move alike" needs the difference's ± to be at most this share of the size people notice for that
#: movement (``content/norms.yaml``): then the difference, within its ±, plus that ± stays below the noticed size, and a
#: noticeable difference is ruled out at one standard uncertainty. With a wider ± the note says "no clear difference".
#: The static-or-dynamic reckoning holds its "nothing to balance" to the same share of the rest measure's size.
ALIKE_SHARE = 0.5
#: A movement with no published noticed size borrows its feature's at rest (brow raising: the brow's height, 3 mm). A
#: direction (the smile angle) has none in degrees, so it is never called alike.
_NOTICED_AT_REST = MappingProxyType({"brow_elevation": "brow_height"})
#: A distance (never below zero) and its part whose sign says whether it went the expression's way
#: (:meth:`Movement.moved_other_way`): a corner that went down and in showed a positive 7.7 mm excursion beside "a value
#: below zero moved the other way", while a brow that went down in a raise was said to have moved the other way. A smile
#: lifts the corners, as :func:`_shown` reads it; a frown lowers the inner brows (a brow that rose 1.9 mm in a frown
#: had no word).
DIRECTION_PART = MappingProxyType({"mouth_corner_excursion": "up_mm", "medial_brow_travel": "down_mm"})


def identity_limit(expression: str) -> str:
    """The identity check's limit as said beside one expression photo: :data:`IDENTITY_LIMIT`, and for an eyes-closed
    photo, which the check reads without the irises, :data:`IDENTITY_LIMIT_EYES_CLOSED` after it.

    Examples
    --------
    >>> identity_limit("smile") == IDENTITY_LIMIT
    True
    >>> identity_limit("eyes_closed").endswith("about 1 in 5 other people.")
    True
    """
    return f"{IDENTITY_LIMIT} {IDENTITY_LIMIT_EYES_CLOSED}" if expression == "eyes_closed" else IDENTITY_LIMIT


def photo_name(expression: str) -> str:
    """How a sentence names an expression's photo: its step title in quotes, as on the page's step buttons."""
    return f"“{EXPRESSIONS[expression].title}”"


# --- movement measures ---------------------------------------------------------------------------


def _outward(s: Side) -> float:
    """Sign of the face-frame ``u`` axis pointing away from the midline on side ``s``."""
    return 1.0 if s is LEFT else -1.0


# Features: name -> (expression, patch, anchor landmark of a side, position of the feature in face mm).
def _brow_head(uv: F64, s: Side, _u: float) -> F64:
    return np.asarray((uv[s.brow_upper[-1]] + uv[s.brow_lower[-1]]) / 2.0, dtype=np.float64)


def _lid_margin(uv: F64, s: Side, u: float) -> F64:
    return np.array([u, contour_v(uv, s.lid_upper, u)])


def _corner(uv: F64, s: Side, _u: float) -> F64:
    return np.asarray(uv[s.mouth_corner], dtype=np.float64)


@dataclass(frozen=True)
class _Feature:
    patch: Patch
    anchor: Callable[[Side], int]
    centre: Callable[[F64, Side, float], F64]


_FEATURES: Mapping[str, _Feature] = MappingProxyType(
    {
        "brows_up": _Feature(BROW_MOVE, lambda s: s.brow_upper[2], brow_band_centre),
        "frown": _Feature(BROW_HEAD_MOVE, lambda s: s.brow_upper[-1], _brow_head),
        "eyes_closed": _Feature(LID_MOVE, lambda s: s.lid_upper[3], _lid_margin),
        "smile": _Feature(CORNER_MOVE, lambda s: s.mouth_corner, _corner),
        "pucker": _Feature(CORNER_MOVE, lambda s: s.mouth_corner, _corner),
    }
)


def _pupil_u(uv_rest: F64, s: Side) -> float:
    return float(uv_rest[s.iris_centre, 0])


def _displacements(expression: str, uv_rest: F64, uv_expr: F64, residual: Mapping[str, F64]) -> dict[str, F64]:
    """Feature displacement per side (rest-frame mm): the mesh's plus the image evidence's correction."""
    feat = _FEATURES[expression]
    out = {}
    for s in (LEFT, RIGHT):
        u = _pupil_u(uv_rest, s)
        out[s.name] = feat.centre(uv_expr, s, u) - feat.centre(uv_rest, s, u) + residual[s.name]
    if expression == "brows_up":  # the upper contour, not the band centre, is what "brow height" follows
        for s in (LEFT, RIGHT):
            u = _pupil_u(uv_rest, s)
            contour = contour_v(uv_expr, s.brow_upper, u) - contour_v(uv_rest, s.brow_upper, u)
            centre = brow_band_centre(uv_expr, s, u)[1] - brow_band_centre(uv_rest, s, u)[1]
            out[s.name] = out[s.name] + np.array([0.0, contour - centre])
    return out


#: One side's values: the measure itself, then named extra figures (e.g. the vertical component).
_SideValues = tuple[float, dict[str, float]]


def _values(expression: str, d: Mapping[str, F64], uv_rest: F64, uv_expr: F64, rest_opening: Mapping[str, float]) -> dict[str, dict[str, _SideValues]]:
    """Every movement measure of ``expression``: ``id -> side -> (value, extras)``."""
    out: dict[str, dict[str, _SideValues]] = {}
    if expression == "brows_up":
        out["brow_elevation"] = {s.name: (float(d[s.name][1]), {}) for s in (LEFT, RIGHT)}
    elif expression == "frown":
        travel: dict[str, _SideValues] = {}
        for s in (LEFT, RIGHT):
            inward, down = -_outward(s) * float(d[s.name][0]), -float(d[s.name][1])
            # only the parts down and inward are a frown's: the whole distance counted a brow that rose as frowning, and
            # a brow raised 1.9 mm read "the right side's inner-brow travel is larger" against the side that frowned
            travel[s.name] = (math.hypot(max(down, 0.0), max(inward, 0.0)), {"inward_mm": inward, "down_mm": down})
        out["medial_brow_travel"] = travel
    elif expression == "eyes_closed":
        closure = {}
        for s in (LEFT, RIGHT):
            descent = -float(d[s.name][1])
            opening = rest_opening[s.name]
            closure[s.name] = (descent, {"closed_fraction": descent / opening if opening > 1e-6 else 0.0})
        out["eyelid_closure"] = closure
    elif expression == "smile":
        exc: dict[str, _SideValues] = {}
        ang: dict[str, _SideValues] = {}
        for s in (LEFT, RIGHT):
            up, outward = float(d[s.name][1]), _outward(s) * float(d[s.name][0])
            exc[s.name] = (math.hypot(up, outward), {"up_mm": up, "out_mm": outward})
            ang[s.name] = (math.degrees(math.atan2(up, outward)), {})
        out["mouth_corner_excursion"] = exc
        out["smile_angle"] = ang
    else:  # pucker
        mid = [0, 17]  # upper and lower lip on the midline
        shift = float(uv_expr[mid, 0].mean() - uv_rest[mid, 0].mean())
        out["lip_travel"] = {s.name: (-_outward(s) * float(d[s.name][0]), {"up_mm": float(d[s.name][1]), "midline_shift_mm": shift}) for s in (LEFT, RIGHT)}
    return out


# --- notes ---------------------------------------------------------------------------------------


def alike_bound(mid: str) -> float | None:
    """The widest ± of a movement's left-right difference that still lets the sides be called alike (same unit), or
    ``None`` when nothing is published to judge it by (:data:`ALIKE_SHARE`)."""
    norms = content.load().norms
    noticed = norms[mid].noticed
    if noticed is None and mid in _NOTICED_AT_REST:
        noticed = norms[_NOTICED_AT_REST[mid]].noticed
    return None if noticed is None else ALIKE_SHARE * noticed


def movement_note(
    mid: str, left: float, right: float, uncertainty: float, unit: str, *, unreadable: tuple[str, ...] = (), other_way: tuple[str, ...] = ()
) -> str:
    """A plain sentence comparing the two sides of a movement with what people notice (``content/norms.yaml``).

    A difference within its ± reads "Both sides move alike" only when the ± is narrow enough for that
    (:func:`alike_bound`), else "No clear difference". ``unreadable`` names the sides whose direction cannot be read
    (a smile angle of a corner that barely moved): then the sides are not compared at all. ``other_way`` names the
    sides that moved against the expression beyond their ± (:meth:`Movement.moved_other_way`): one alone is never
    "alike" the other, whatever their distances (a smiling corner up 6.7 mm beside one down 6.2 mm read "Both sides
    move alike").
    """
    if unreadable:
        which = "each corner" if len(unreadable) == 2 else f"the {unreadable[0]} corner"
        return f"The two sides' {MOVEMENTS[mid].noun}s are not compared: {which} moves too little for its direction to be read."
    if len(other_way) == 1:
        moved, kept = other_way[0], "right" if other_way[0] == "left" else "left"
        return (
            f"The {moved} side moved the other way, against the expression, so the sides do not move alike: only the"
            f" {kept} side's {MOVEMENTS[mid].noun} is in the expression's direction."
        )
    if len(other_way) == 2:
        return f"Both sides moved the other way, against the expression: neither side's {MOVEMENTS[mid].noun} is in its direction."
    library = content.load()
    entry = library.norms[mid]
    diff = abs(left - right)
    if within(diff, uncertainty):
        bound = alike_bound(mid)
        # the difference with its ±, spaced as the tables write it ("±15.1°" in a sentence read unlike "± 0.4 mm" beside it)
        shown = f"the difference ({format_pm(diff, uncertainty, unit)}) is within its uncertainty"
        if bound is None:  # nothing to say how close "alike" must be
            return f"No clear difference: {shown}."
        if rounded(uncertainty) <= bound:
            return f"Both sides move alike: {shown}."
        return f"No clear difference: {shown}, too wide to tell whether the sides move alike."
    more = "left" if left > right else "right"
    # with its ±: "larger by 1.9 mm" had none, where the first page writes "1.9 ± 1.2 mm"
    text = f"The {more} side's {MOVEMENTS[mid].noun} is larger by {format_pm(diff, uncertainty, unit)}"
    if entry.noticed is not None and unit == "mm":
        text += ", above the size people commonly notice" if diff >= entry.noticed else ", below the size people commonly notice"
    return f"{text}: {entry.threshold} ({library.cite(entry.noticed_sources)})."


# --- report --------------------------------------------------------------------------------------


def _view_covariance(seen_by_side: Mapping[str, Mapping[int, float]]) -> float:
    """The covariance the photos' views give the two sides' errors: each photo's view moves both sides at once, by
    ``seen_by_side[side][photo]`` (signed as it moves that side's value), so the sum over photos of the two products,
    times :data:`VIEW_SIDES_CORRELATION`.

    Examples
    --------
    >>> _view_covariance({"left": {0: 0.4, 1: -0.2}, "right": {0: 0.3, 1: -0.1}})
    0.07
    """
    left, right = seen_by_side.get("left", {}), seen_by_side.get("right", {})
    return round(VIEW_SIDES_CORRELATION * sum(v * right.get(k, 0.0) for k, v in left.items()), 12)


@dataclass(frozen=True)
class Movement:
    """One movement measure of one expression, both sides.

    Attributes
    ----------
    id : str
        One of :data:`MOVEMENT_IDS`.
    expression : str
    left, right : float
        The subject's left and right side, in ``unit`` (positive: the expected direction of the movement; a negative
        value moved the other way: brows down, lids up, lip corners out; the two distances are never negative).
    unit : str
        ``"mm"`` or ``"°"``.
    left_uncertainty, right_uncertainty : float
        One standard uncertainty of each side, in ``unit``.
    note : str
        A plain sentence comparing the sides with published detection thresholds.
    extras : mapping of str to float
        Named extra figures, most keyed with the side first (``"left_up_mm"``); JSON fields of their own.
    covariance : float
        The covariance of the two sides' errors, in ``unit`` squared: what moves both sides at once (a view of a face off
        the lens's axis raises both mouth corners alike, and hardly changes their difference). 0 when the sides' errors
        are independent.
    """

    id: str
    expression: str
    left: float
    right: float
    unit: Unit
    left_uncertainty: float
    right_uncertainty: float
    note: str
    extras: Mapping[str, float] = field(default_factory=dict)
    covariance: float = 0.0

    @property
    def difference_uncertainty(self) -> float:
        """Uncertainty of ``left - right``, less what moves both sides alike (:attr:`covariance`).

        Examples
        --------
        >>> Movement("mouth_corner_excursion", "smile", 5.0, 4.0, "mm", 0.5, 0.5, "").difference_uncertainty
        0.7071067811865476
        >>> round(Movement("mouth_corner_excursion", "smile", 5.0, 4.0, "mm", 0.5, 0.5, "", covariance=0.16).difference_uncertainty, 3)
        0.424
        """
        return math.sqrt(max(self.left_uncertainty**2 + self.right_uncertainty**2 - 2.0 * self.covariance, 0.0))

    @property
    def ratio(self) -> float:
        """Weaker side over stronger side, 0-1 (movements against the expected direction count as 0; 1.0 when neither side moves).

        Read it only when :attr:`ratio_readable`: a ratio of two movements lost in their uncertainties says nothing.
        """
        a, b = self._toward("left"), self._toward("right")
        top = max(a, b)
        return 1.0 if top <= 0.0 else min(a, b) / top

    def _toward(self, side: str) -> float:
        """One side's movement in the expression's direction: 0 for a side that moved the other way (a distance, never
        below zero, whose corner went down counts as none: a corner up 6.7 mm and one down 6.2 mm read 0.92)."""
        return 0.0 if self.moved_other_way(side) else max(getattr(self, side), 0.0)

    @property
    def ratio_readable(self) -> bool:
        """Whether the stronger side moves at least :data:`RATIO_MIN_COVERAGE` of its uncertainties in the expected
        direction, so that :attr:`ratio` has a denominator to speak of (both sides moving the wrong way read 1.00).
        Never for a direction (degrees, the smile angle): a flatter smile is not a weaker one."""
        top, u_top, _u_low = self._stronger_first()
        return self.unit == "mm" and top > 0.0 and top >= RATIO_MIN_COVERAGE * u_top

    @property
    def ratio_uncertainty(self) -> float:
        """One standard uncertainty of :attr:`ratio`, propagated from both sides' (first order; a weaker side moving
        against the expected direction, counted as 0, keeps its own uncertainty)."""
        top, u_top, u_low = self._stronger_first()
        if top <= 0.0:
            return 0.0
        return math.hypot(u_low / top, self.ratio * u_top / top)

    def _stronger_first(self) -> tuple[float, float, float]:
        """The stronger side's movement, its uncertainty and the weaker side's uncertainty (left on a tie); a side that
        moved the other way counts as its own value only where both did (:meth:`_toward`)."""
        both = len(self.other_way_sides) == 2
        left, right = (self.left, self.right) if both else (self._toward("left"), self._toward("right"))
        if left >= right:
            return left, self.left_uncertainty, self.right_uncertainty
        return right, self.right_uncertainty, self.left_uncertainty

    def moved_other_way(self, side: str) -> bool:
        """Whether one side (``"left"`` or ``"right"``) moved against the expression, beyond its uncertainty: a value
        below zero (brows down in a raise, lids up, lip corners out in a pucker); for a distance, which is never below
        zero, its part along the expression's direction (:data:`DIRECTION_PART`: a smiling corner's rise). Never for a
        direction (degrees).

        Examples
        --------
        >>> m = Movement("mouth_corner_excursion", "smile", 7.7, 6.3, "mm", 0.6, 0.6, "", {"left_up_mm": -5.6, "right_up_mm": 4.0})
        >>> m.moved_other_way("left"), m.moved_other_way("right")
        (True, False)
        """
        if self.unit != "mm":
            return False
        unc = self.left_uncertainty if side == "left" else self.right_uncertainty
        part = DIRECTION_PART.get(self.id)
        value = getattr(self, side) if part is None else self.extras.get(f"{side}_{part}", 0.0)  # without its parts: no direction
        return value < 0.0 and not within(value, unc)

    @property
    def other_way_sides(self) -> tuple[str, ...]:
        """The sides, of ``("left", "right")``, that :meth:`moved_other_way`."""
        return tuple(side for side in ("left", "right") if self.moved_other_way(side))

    def ratio_text(self, *, plus_minus: bool = True) -> str:
        """:attr:`ratio` as shown: ``"0.62 ± 0.15"`` (``"0.62"`` without ``plus_minus``), or :data:`NO_RATIO` when it is
        not :attr:`ratio_readable`."""
        if not self.ratio_readable:
            return NO_RATIO
        return f"{self.ratio:.2f} ± {self.ratio_uncertainty:.2f}" if plus_minus else f"{self.ratio:.2f}"

    @property
    def unreadable(self) -> tuple[str, ...]:
        """The sides whose direction cannot be read (a smile angle at least :data:`NO_DIRECTION_DEG` uncertain); empty
        for millimetres."""
        if self.unit == "mm":
            return ()
        return tuple(s for s, u in (("left", self.left_uncertainty), ("right", self.right_uncertainty)) if u >= NO_DIRECTION_DEG)

    @property
    def comparable(self) -> bool:
        """Whether the two sides can be set against each other: not when either side's direction cannot be read."""
        return not self.unreadable

    @property
    def stronger(self) -> str:
        """``"left"``, ``"right"``, ``"equal"`` (the sides, as shown, differ by no more than the uncertainty as shown) or
        ``"unclear"`` (not :attr:`comparable`: a direction too uncertain to read on a side)."""
        if not self.comparable:
            return "unclear"
        away = self.other_way_sides
        if len(away) == 1:  # one side moved the other way: the other side is stronger if it moved as the expression does
            kept = "right" if away == ("left",) else "left"
            if not within(self._toward(kept), getattr(self, f"{kept}_uncertainty")):
                return kept  # whatever the two distances
        # (a side that barely moved, 0 ± 2 mm beside one 2 ± 1 mm the other way, is not the stronger: neither moved
        # as the expression does, so the two are compared as they stand)
        if within(self.left - self.right, self.difference_uncertainty):
            return "equal"
        return "left" if self.left > self.right else "right"

    def to_dict(self, usable: bool = True) -> dict[str, Any]:
        """The measure's object of the ``viz.dynamics/1`` output: ``stronger`` is ``null`` where the photo gives no verdict
        (``usable`` False: :attr:`ExpressionResult.usable`), as the page and the text output say, and where the sides
        cannot be compared (not :attr:`comparable`)."""
        if self.unit == "mm":
            base: dict[str, Any] = {"left_mm": rounded(self.left, 2), "right_mm": rounded(self.right, 2)}
            unc = {"left_uncertainty_mm": rounded(self.left_uncertainty, 2), "right_uncertainty_mm": rounded(self.right_uncertainty, 2)}
        else:
            base = {"left_deg": rounded(self.left, 2), "right_deg": rounded(self.right, 2)}
            unc = {"left_uncertainty_deg": rounded(self.left_uncertainty, 2), "right_uncertainty_deg": rounded(self.right_uncertainty, 2)}
        base.update(
            {
                # a number, as the contract has it; where the page shows "—" (not ratio_readable) its uncertainty says
                # so: ±1, the whole range (it printed 0.0 ± 5.3e12 for a frown photo that was the rest photo, and 1.0 ±
                # 0.0, "exactly equal", where neither side moved)
                "ratio": round(float(self.ratio), 3),
                "ratio_uncertainty": round(min(self.ratio_uncertainty, 1.0), 3) if self.ratio_readable else 1.0,
                "stronger": self.stronger if usable and self.comparable else None,
            }
        )
        base.update(unc)
        base.update({k: (round(v, 3) if k.endswith("fraction") else rounded(v, 2)) for k, v in self.extras.items()})
        base["note"] = self.note
        return base


#: The rest measures (:data:`viz.MEASURE_IDS`) each expression leaves where they were, read in both photos to tell a
#: photo given as the other's mirror image (:func:`mirror_evidence`). A smile keeps every difference's side: over the
#: 17 rest and smile pairs of the shared photos (the five London pairs and the development set's twelve), each measure
#: changed by a median 0.3-1.0 of its ± between the two photos, and read with one photo mirrored by 1.6-4.2 of it. The
#: other expressions leave out the features they move: the brows and the eye opening (brows up, frown), the eyes and
#: brows (eyes closed), the mouth and the chin (pucker). Widths are never read (the head's turn sets them).
STILL_MEASURES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "smile": ("brow_inner_height", "brow_height", "brow_tail_height", "eye_opening", "mouth_corner_drop",
                  "nose_tip_offset", "lip_offset", "chin_offset", "eye_line_tilt", "mouth_tilt"),
        "brows_up": ("mouth_corner_drop", "nose_tip_offset", "lip_offset", "chin_offset", "eye_line_tilt", "mouth_tilt"),
        "frown": ("mouth_corner_drop", "nose_tip_offset", "lip_offset", "chin_offset", "eye_line_tilt", "mouth_tilt"),
        "eyes_closed": ("mouth_corner_drop", "nose_tip_offset", "lip_offset", "chin_offset", "mouth_tilt"),
        "pucker": ("brow_inner_height", "brow_height", "brow_tail_height", "eye_opening", "nose_tip_offset", "eye_line_tilt"),
    }
)  # fmt: skip
#: Each measure's share of :func:`mirror_evidence` is at most this (three of its ± each way, squared): one measure an
#: expression moved after all cannot decide alone.
MIRROR_EVIDENCE_CAP: Final = 9.0
#: :func:`mirror_evidence` from which an expression photo is read as the rest photo's mirror image: twice ln 10, the two
#: readings' odds 10 to 1 with each measure's difference taken as normal with its ±. The 17 rest and smile pairs
#: read -49.8 to -4.1 as given (so +4.1 to +49.8 with one photo mirrored: 16 of 17 are told), and one person's 12
#: pairs of relaxed re-captures (lisa 1-4, zoom 15-60 cm) -19.3 to -0.4. The faces' shape (:func:`viz.visits.mirror_matches`)
#: told 2 of the 5 London pairs: a nearly symmetric face's points look alike both ways, and the side it read was the
#: other one ("right side" pulls harder, 3.9 mm, where the photos the same way round gave the left, 1.9 mm).
MIRROR_EVIDENCE_MIN: Final = 2.0 * math.log(10.0)


def mirror_evidence(rest: AsymmetryReport, other: AsymmetryReport, measure_ids: tuple[str, ...]) -> float:
    """How much better two photos' measures agree read with one of them mirrored than as given.

    Each photo is read by its own sides (a photo marked mirrored already relabelled). A mirror image turns every
    left-right difference, offset and tilt round, so a measure the expression leaves in place reads about ``r`` in
    the rest photo and ``r`` in the other as given, ``-r`` mirrored. Summed over ``measure_ids`` (those not withheld
    in either photo), each capped at :data:`MIRROR_EVIDENCE_CAP`::

        min((o - r)² / u², cap) - min((o + r)² / u², cap),   u² = u_rest² + u_other²

    Parameters
    ----------
    rest, other : AsymmetryReport
        The two photos' static measures.
    measure_ids : tuple of str
        Measures the expression leaves in place (:data:`STILL_MEASURES`).

    Returns
    -------
    float
        Positive where the measures agree better with one photo mirrored; 0 where they say nothing either way (a
        nearly symmetric face). :data:`MIRROR_EVIDENCE_MIN` and over reads as a mirror image.
    """
    total = 0.0
    for mid in measure_ids:
        a, b = rest.measures.get(mid), other.measures.get(mid)
        if a is None or b is None or a.withheld or b.withheld:
            continue
        u2 = max(a.uncertainty**2 + b.uncertainty**2, 1e-12)
        total += min((b.value - a.value) ** 2 / u2, MIRROR_EVIDENCE_CAP) - min((b.value + a.value) ** 2 / u2, MIRROR_EVIDENCE_CAP)
    return total


def _looks_mirrored(distance: float, mirrored_distance: float, checked: bool, evidence: float) -> bool:
    """One photo is the other's mirror image, unmarked: its face's shape matches flipped (:func:`viz.visits.mirror_matches`),
    or, the face one person's either way round, the measures the expression leaves in place turned round
    (:func:`mirror_evidence` at :data:`MIRROR_EVIDENCE_MIN` or more). Neither where the faces are too small for the
    identity check (``checked`` False): a check that cannot tell two people apart cannot tell a mirror image either."""
    if mirror_matches(distance, mirrored_distance, checked):
        return True
    if not checked:  # faces too small to tell one person's from another's are too small to tell a mirror image too
        return False
    one_person = same_person(distance, checked) or same_person(mirrored_distance, checked)
    return one_person and evidence >= MIRROR_EVIDENCE_MIN


@dataclass(frozen=True, eq=False)
class ExpressionResult:
    """One expression photo, lined up with the rest photo and measured.

    Attributes
    ----------
    expression : str
    face : Face
        The expression face as measured: labelled by the subject's sides (relabelled where the photo is mirrored), the
        same way round as the rest photo (see ``flipped``).
    alignment : Alignment
        Maps ``face`` onto the rest face.
    movements : mapping of str to Movement
        Keyed by the expression's :data:`MOVEMENT_IDS`.
    shown : bool
        The photo shows the expected expression (the movement reaches :data:`SHOWN_MIN` on one side, in the
        expression's direction: brows raised 3 mm in a frown photo are not a frown).
    pose_change_deg : tuple of float
        ``(yaw, pitch)`` of this photo minus the rest photo's.
    warnings : tuple of str
    identity_distance : float
        How far this face is from the rest face on the points expressions barely move
        (:func:`viz.visits.identity_distance`).
    identity_checked : bool
        False when either face is too small for the identity check (:func:`viz.visits.identity_checkable`; a warning
        says so).
    flipped : bool
        ``face`` is the photo's mirror image (:func:`viz.landmarks.flipped_face`): one of this photo and the rest photo is marked as a
        mirrored selfie and the other is not, so it was turned to show the face the way the rest photo does.
    pose_doubts : tuple of str
        Why the pose of this photo or of the rest photo makes the measures less sure than their ranges say
        (:meth:`viz.landmarks.Pose.doubts`, as the first page's "Read less surely" and Visits read it), one phrase each;
        any of them withholds the verdict.
    same_picture : bool
        The photo as given is the rest photo's very picture (:meth:`viz.photo.Photo.same_picture`; one picture marked
        mirrored once and once not is still one): its figures compare the picture with itself, not a movement.
    other_way : bool
        The photo, of the rest photo's person and in a pose read surely, does not show the expression and moved against it
        instead (brows down in a brows-up photo, corners down in a smile): the warnings say so with
        ``NOT_SHOWN[expression][True]``, and the two photos may have been given the wrong way round.
    """

    expression: str
    face: Face
    alignment: Alignment
    movements: Mapping[str, Movement]
    shown: bool
    pose_change_deg: tuple[float, float]
    warnings: tuple[str, ...] = ()
    identity_distance: float = 0.0
    identity_checked: bool = True
    flipped: bool = False
    pose_doubts: tuple[str, ...] = ()
    #: :func:`viz.visits.mirror_distance` of the rest face and this one (infinite where not computed).
    mirrored_distance: float = math.inf
    same_picture: bool = False
    other_way: bool = False
    #: :func:`mirror_evidence` of the rest photo's measures and this photo's (minus infinity where not computed).
    mirror_evidence: float = -math.inf
    #: Each photo's own share of the uncertainty of the first movement's left-right difference, mm, as ``(rest photo,
    #: this photo)``: its landmarks' flip disagreement, pixel and detail noise, its view's (:attr:`view_shares_mm`) and
    #: half the alignment's (the calibration is neither photo's). The static-or-dynamic note names the photo whose share, the rest measure's ± added to the rest
    #: photo's, is larger (:func:`_balance`).
    photo_shares_mm: tuple[float, float] = (0.0, 0.0)
    #: The sentence that withholds the verdict because the two faces are too unlike in size (:data:`MOVEMENT_MIN_FACE_PX`;
    #: :data:`UNLIKE_SIZES`), or ``""``. Then the photo is not judged a mirror image either: so small a face's measures
    #: cannot tell (the rest photo of frl_london_061 shrunk to a 50 px face read as the smile's mirror image).
    size_doubt: str = ""
    #: Of :attr:`photo_shares_mm`, the part each photo's view holds (a face away from its middle, :mod:`viz.camera`), mm:
    #: where it is most of a photo's share, the photo named too imprecise is to be taken with the face in the middle.
    view_shares_mm: tuple[float, float] = (0.0, 0.0)

    @property
    def same_person(self) -> bool:
        """The face matches the rest photo's as closely as one person's photos do (:func:`viz.visits.same_person`)."""
        return same_person(self.identity_distance, self.identity_checked)

    @property
    def looks_mirrored(self) -> bool:
        """One of the two photos is likely the other's mirror image, unmarked, so each side is read as the other: the
        face matches the rest photo's more closely flipped (:func:`viz.visits.mirror_matches`), or the measures the
        expression leaves in place read turned round (:attr:`mirror_evidence`)."""
        if self.size_doubt:
            return False
        return _looks_mirrored(self.identity_distance, self.mirrored_distance, self.identity_checked, self.mirror_evidence)

    @property
    def usable(self) -> bool:
        """The photo shows the expected expression of the rest photo's person, the same way round (:attr:`looks_mirrored`),
        neither it nor the rest photo is in a pose the app reads less surely (:attr:`pose_doubts`), and the two faces are
        not too unlike in size (:attr:`size_doubt`): only then does it give a verdict."""
        return self.shown and self.same_person and not self.looks_mirrored and not self.pose_doubts and not self.size_doubt


@dataclass(frozen=True)
class RegionBalance:
    """Static against dynamic asymmetry of one region.

    Attributes
    ----------
    region : str
        ``"brows"``, ``"eyes"`` or ``"mouth"``.
    expression : str
        The expression the motion comes from.
    measure : str
        The rest measure (:data:`viz.MEASURE_IDS`) the difference is read from.
    rest_mm : float
        ``|left - right|`` at rest.
    motion_mm : float
        ``|left - right|`` in the expression.
    dynamic_mm : float
        The movement's own share: ``|left movement - right movement|``.
    uncertainty_mm : float
    dominant : str
        ``"dynamic"``, ``"static"``, ``"neither"`` (both differences within an uncertainty narrow enough to say so) or
        ``"unclear"`` (a photo too imprecise to tell static from dynamic).
    note : str
    """

    region: str
    expression: str
    measure: str
    rest_mm: float
    motion_mm: float
    dynamic_mm: float
    uncertainty_mm: float
    dominant: str
    note: str

    @property
    def reads(self) -> str:
        """What the verdict reads, in words: ``"mouth-corner drop"`` (the first page's name of the rest measure)."""
        return _REGION_WORDS[(self.region, self.expression)][0]

    def to_dict(self) -> dict[str, Any]:
        """The region's object of ``static_vs_dynamic`` in the ``viz.dynamics/1`` output."""
        return {
            "expression": self.expression,
            "measure": self.measure,
            "rest_mm": rounded(self.rest_mm, 2),
            "motion_mm": rounded(self.motion_mm, 2),
            "dynamic_mm": rounded(self.dynamic_mm, 2),
            "uncertainty_mm": rounded(self.uncertainty_mm, 2),
            "dominant": self.dominant,
            "note": self.note,
        }


@dataclass(frozen=True, eq=False)
class DynamicsReport:
    """Everything :func:`measure_dynamics` found.

    Attributes
    ----------
    rest : AsymmetryReport
        The rest photo's own analysis (its frame and calibration are the report's).
    expressions : mapping of str to ExpressionResult
        In the order of :data:`viz.vocabulary.EXPRESSION_IDS`.
    static_vs_dynamic : mapping of str to RegionBalance
        Per region with a matching expression.
    warnings : tuple of str
    """

    rest: AsymmetryReport
    expressions: Mapping[str, ExpressionResult]
    static_vs_dynamic: Mapping[str, RegionBalance]
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz dynamics --json`` object (schema ``viz.dynamics/1``)."""
        return {
            "schema": SCHEMA,
            "expressions": {k: {mid: m.to_dict(r.usable) for mid, m in r.movements.items()} for k, r in self.expressions.items()},
            "static_vs_dynamic": {k: b.to_dict() for k, b in self.static_vs_dynamic.items()},
            "warnings": list(self.warnings),
        }


# --- static vs dynamic ---------------------------------------------------------------------------

_REGION_WORDS: Mapping[tuple[str, str], tuple[str, str]] = MappingProxyType(
    {
        ("brows", "brows_up"): ("brow height difference", "when you raise your brows"),
        ("brows", "frown"): ("inner-brow height difference", "when you frown"),
        ("eyes", "eyes_closed"): ("eye-opening difference", "when you close your eyes tight"),
        # the first page's name of the rest measure it reads ("mouth-corner height difference" named the same 2.5 mm otherwise)
        ("mouth", "smile"): (MEASURES["mouth_corner_drop"].noun, "when you smile"),
        ("mouth", "pucker"): ("lip-midline offset", "when you pucker"),
    }
)


def _balance(
    region: str,
    expression: str,
    measure: str,
    rest_diff: float,
    rest_unc: float,
    move_diff: float,
    move_unc: float,
    rest_side: str = "",
    sign: float | None = None,
    shares: tuple[float, float] | None = None,
    views: tuple[float, float] = (0.0, 0.0),
) -> RegionBalance:
    """Compare a signed left-right difference at rest with the same difference in motion.

    The rest difference is judged against the rest measure's own ± and the difference in motion against the combined
    ± (rest and movement). "Neither" needs both ends and the two sides' movements within their noise, and that noise
    narrow enough to rule out a difference people notice (:data:`ALIKE_SHARE` of the rest measure's noticed size):
    a 2.5 ± 0.4 mm rest difference was called noise against a blurred smile photo's ±3.3 mm. When the noise is wider
    than that and static and dynamic cannot be told apart, the verdict is "unclear" and the note says which photo is
    too imprecise. "Changes sides" needs both ends beyond their ±. A motion end within its ± "evens out" only when it
    is smaller than the rest difference by more than the movement's ±; otherwise it is said to lie within its measuring
    range. Of a rest difference and a movement difference, one beyond its ± and the other not, the clear one dominates;
    of two clear (or two unclear) ones, the larger.
    ``rest_side`` is the first page's side word of the rest difference ("right corner lower"), said beside it when it
    is beyond its ±. ``sign`` turns a difference into the rest measure's value (-1 where a larger measure is a lower
    side: the mouth-corner drop); with it the difference in motion, beyond its ±, gets its side word too: "grows from
    0.6 ± 0.4 mm (right corner lower) at rest to 2.0 ± 0.8 mm when you smile" left the side in the smile unsaid, and
    from a rest difference within its ± no side was named at all. ``shares`` are the rest photo's and the expression
    photo's own shares of ``move_unc`` (:attr:`ExpressionResult.photo_shares_mm`): the photo named too imprecise is the
    one whose own share (the rest photo's with ``rest_unc``) is larger. ``move_unc`` holds both photos' noise, so "the rest
    photo" named by ``rest_unc > move_unc`` alone was never said, and a sharp 1350 px smile was named beside a 90 px rest.
    ``views`` are the parts of ``shares`` the photos' views hold (:attr:`ExpressionResult.view_shares_mm`): a photo
    imprecise mostly for its face's place in it is to be taken with the face in the middle, not "sharp and closer up"
    (said of a sharp 1350 px photo whose face lay 10° off the middle).
    """
    motion = rest_diff + move_diff
    s, m, dyn = abs(rest_diff), abs(motion), abs(move_diff)
    unc = math.hypot(rest_unc, move_unc)
    what, when = _REGION_WORDS[(region, expression)]
    noticed = content.load().norms[measure].noticed
    bound = 0.0 if noticed is None else ALIKE_SHARE * noticed  # nothing published: never "nothing to balance"
    rest_quiet, motion_quiet, move_quiet = within(rest_diff, rest_unc), within(motion, unc), within(move_diff, move_unc)
    at_rest = format_pm(s, rest_unc, "mm") + (f" ({rest_side})" if rest_side and not rest_quiet else "")  # which side, as the first page says
    # the side in motion, in the first page's words for the rest measure
    side = describe_difference(measure, sign * motion) if sign is not None and not motion_quiet and m > 0.0 else ""
    in_motion = format_pm(m, unc, "mm") + (f" ({side})" if side else "")
    named = bool(side)
    if round(unc, 1) > bound and within(dyn - s, unc):
        dominant = "unclear"
        rest_own, expression_own = (rest_unc, move_unc) if shares is None else (math.hypot(rest_unc, shares[0]), shares[1])
        k = 0 if rest_own > expression_own else 1
        which = "rest" if k == 0 else photo_name(expression)
        how = "with the face in the middle of the photo" if views[k] > 0.5 * (rest_own, expression_own)[k] else "sharp and closer up"
        note = (
            f"At rest your {what} is {at_rest}. The {which} photo is too imprecise (±{NBSP}{format_value(unc, 'mm')}) to tell how it changes {when}:"
            f" retake it {how}."
        )
        return RegionBalance(region, expression, measure, s, m, dyn, unc, dominant, note)
    if rest_quiet and motion_quiet and move_quiet:
        note = f"Your {what} is within measurement noise at rest ({at_rest}) and {when} ({in_motion}): nothing for a neuromodulator to balance."
        return RegionBalance(region, expression, measure, s, m, dyn, unc, "neither", note)
    # "One side moves 0.0 ± 0.7 mm more" named a difference within its own ±
    more = (
        f"The two sides' movements differ by no more than their range ({format_pm(dyn, move_unc, 'mm')})."
        if move_quiet
        else f"One side moves {format_pm(dyn, move_unc, 'mm')} more."
    )
    if not rest_quiet and motion_quiet and round(s - m, 1) > round(move_unc, 1):  # clearly smaller, down into its noise
        trend = f"Your {what} of {at_rest} at rest evens out {when} ({in_motion}). {more}"
    elif not rest_quiet and motion_quiet:  # "changes sides, to 0.2 mm the other way" for 0.2 ± 0.6 mm
        # "evens out" stood beside 0.5 mm at rest and 0.6 ± 1.0 mm in motion: the figure went up, only its ± widened
        trend = f"Your {what} of {at_rest} at rest is within its measuring range {when} ({in_motion}): no clear difference then. {more}"
    elif rest_diff * motion < 0.0 and not rest_quiet:
        trend = f"Your {what} changes sides, from {at_rest} at rest to {in_motion}{'' if named else ' the other way'} {when}. {more}"
    elif round(m, 1) == round(s, 1):  # the side after a comma: "(1.5 ± 0.7 mm (right corner lower))" nested brackets
        in_brackets = format_pm(m, unc, "mm") + (f", {side}" if side else "")
        trend = f"Your {what} is {at_rest} at rest and the same {when} ({in_brackets})."
    elif abs(m - s) <= move_unc:  # "shrinks from 2.5 to 2.4 mm (±0.9 mm)" named a change the movement cannot tell
        trend = f"Your {what} stays about the same: {at_rest} at rest, {in_motion} {when}."
    else:
        trend = f"Your {what} {'grows' if m > s else 'shrinks'} from {at_rest} at rest to {in_motion} {when}."
    # Only a difference beyond its ± can dominate: "Mostly dynamic" beside a movement difference within its noise (or
    # "Mostly static" beside a rest difference within its) said more than the photos show.
    if rest_quiet != move_quiet:
        is_dynamic = rest_quiet
    else:
        is_dynamic = dyn > s
    if is_dynamic:
        dominant = "dynamic"
        note = f"{trend} Mostly dynamic: the kind of asymmetry neuromodulators address."
        # said alone of 2.0 ± 0.8 mm in a smile, it read as a reason to treat a difference people do not notice
        if noticed is not None and round(m + unc, 1) < noticed:
            note += f" Even {when} it stays below the {noticed:g} mm people commonly notice."
    else:
        dominant = "static"
        note = f"{trend} Mostly static (bone, soft tissue or resting tone): a neuromodulator is unlikely to change it much."
    return RegionBalance(region, expression, measure, s, m, dyn, unc, dominant, note)


def _sideways_note(balance: RegionBalance, excursion: Movement) -> RegionBalance:
    """The smile's balance reads the corners' height only: where it finds nothing dynamic but the corners' whole
    excursion differs beyond its ±, one more sentence says how (mostly sideways, or not)."""
    if balance.dominant not in ("static", "neither") or excursion.stronger not in ("left", "right"):
        return balance
    u = excursion.difference_uncertainty
    out = excursion.extras["left_out_mm"] - excursion.extras["right_out_mm"]
    if within(out, u):
        more = f"the {excursion.stronger} corner moves {format_pm(abs(excursion.left - excursion.right), u, 'mm')} farther"
        extra = f"The corners' whole excursion differs, though: {more}, which the height alone does not show."
    else:
        more = f"the {'left' if out > 0 else 'right'} corner moves out {format_pm(abs(out), u, 'mm')} more"
        extra = f"The corners' sideways pull differs, though: {more}, which the height alone does not show."
    return dataclasses.replace(balance, note=f"{balance.note} {extra}")


def _balances(rest: AsymmetryReport, all_results: Mapping[str, ExpressionResult]) -> dict[str, RegionBalance]:
    """Static against dynamic per region, from the expression photos that show the expression of the rest photo's person."""
    out: dict[str, RegionBalance] = {}
    rm = rest.measures
    results = {k: r for k, r in all_results.items() if r.usable}

    def side_diff(mv: Movement, key: str | None = None) -> tuple[float, float]:
        left = mv.left if key is None else mv.extras[f"left_{key}"]
        right = mv.right if key is None else mv.extras[f"right_{key}"]
        return left - right, mv.difference_uncertainty

    if "brows_up" in results:
        d, u = side_diff(results["brows_up"].movements["brow_elevation"])
        m = rm["brow_height"]
        out["brows"] = _balance(
            "brows",
            "brows_up",
            m.id,
            m.value,
            m.uncertainty,
            d,
            u,
            m.describe(),
            sign=1.0,
            shares=results["brows_up"].photo_shares_mm,
            views=results["brows_up"].view_shares_mm,
        )
    elif "frown" in results:
        mv = results["frown"].movements["medial_brow_travel"]
        d, u = side_diff(mv, "down_mm")
        m = rm["brow_inner_height"]
        shares, views = results["frown"].photo_shares_mm, results["frown"].view_shares_mm
        out["brows"] = _balance(
            "brows", "frown", m.id, m.value, m.uncertainty, -d, u, m.describe(), sign=1.0, shares=shares, views=views
        )  # down is negative height
        rose = mv.other_way_sides
        if rose and out["brows"].dominant != "neither":  # "moves 7.3 mm more" beside the table's 0.0 and 4.3 mm of travel
            what = f"{rose[0]} inner brow's rise" if len(rose) == 1 else "inner brows' rise"
            note = f"{out['brows'].note} {FROWN_HEIGHTS.format(what=what)}"
            out["brows"] = dataclasses.replace(out["brows"], note=note)
    if "eyes_closed" in results:
        d, u = side_diff(results["eyes_closed"].movements["eyelid_closure"])
        m = rm["eye_opening"]
        shares, views = results["eyes_closed"].photo_shares_mm, results["eyes_closed"].view_shares_mm
        out["eyes"] = _balance(
            "eyes", "eyes_closed", m.id, m.value, m.uncertainty, -d, u, m.describe(), sign=1.0, shares=shares, views=views
        )  # closing reduces the opening
    if "smile" in results:
        d, u = side_diff(results["smile"].movements["mouth_corner_excursion"], "up_mm")
        m = rm["mouth_corner_drop"]
        shares, views = results["smile"].photo_shares_mm, results["smile"].view_shares_mm
        balance = _balance(
            "mouth", "smile", m.id, -m.value, m.uncertainty, d, u, m.describe(), sign=-1.0, shares=shares, views=views
        )  # a larger drop is a lower corner
        out["mouth"] = _sideways_note(balance, results["smile"].movements["mouth_corner_excursion"])
    elif "pucker" in results:
        mv = results["pucker"].movements["lip_travel"]
        m = rm["lip_offset"]
        shift = mv.extras["midline_shift_mm"]
        shares, views = results["pucker"].photo_shares_mm, results["pucker"].view_shares_mm
        out["mouth"] = _balance(
            "mouth", "pucker", m.id, m.value, m.uncertainty, shift, mv.difference_uncertainty, m.describe(), sign=1.0, shares=shares, views=views
        )
    return out


# --- the measurement -----------------------------------------------------------------------------


def _unlike_sizes(expression: str, face: Face, rest: Face) -> str:
    """:data:`UNLIKE_SIZES` for an expression photo and a rest photo whose faces differ in size by more than
    :data:`SIZE_CHANGE_LIMIT` and the smaller of which is under :data:`MOVEMENT_MIN_FACE_PX`, else ``""``. Widths are
    counted in pixels of each photo's detail (:func:`_width_px`), so a blurred or enlarged face counts as the small one
    it is."""
    label = photo_name(expression)
    (small, px), (large, big) = sorted((("rest", _width_px(rest)), (label, _width_px(face))), key=lambda named: named[1])
    if px >= MOVEMENT_MIN_FACE_PX or big <= SIZE_CHANGE_LIMIT * px:
        return ""
    return UNLIKE_SIZES.format(px=f"{px:.0f}", small=small, large=large, photo=label, times=f"{big / px:.1f}", least=f"{MOVEMENT_MIN_FACE_PX:.0f}")


def _small_and_farther(expression: str, face: Face, rest: Face) -> str:
    """:data:`SMALL_AND_FARTHER` for an expression photo whose face is small and smaller than in the rest photo, else ``""``."""
    size = face.mm_per_px / rest.mm_per_px
    if not (face.is_small and size > SIZE_CHANGE_LIMIT) or face.detail_px >= BLURRED_DETAIL_PX or face.small_as_reduced:
        return ""  # the blurred and reduced photos' own sentences say what to do with them
    return SMALL_AND_FARTHER.format(photo=photo_name(expression), px=f"{_width_px(face):.0f}", times=f"{size:.1f}")


def _expression_warnings(
    expression: str,
    face: Face,
    alignment: Alignment,
    rest: Face,
    pose_change: tuple[float, float],
    *,
    pose_said: bool = False,
    small_and_far: str = "",
    size_said: bool = False,
) -> list[str]:
    """The notes beside one expression photo. ``pose_said``: its tilt or turn is already said in the sentence that
    withholds its verdict (:attr:`ExpressionResult.pose_doubts`), so the pose warnings say only a face on its side.
    ``small_and_far``: its :func:`_small_and_farther` sentence (``""`` where it has none), which stands for the size
    notes. ``size_said``: the photo's :data:`UNLIKE_SIZES` sentence is said, which stands for the size notes too."""
    label = photo_name(expression)
    out = []
    if face.n_faces > 1:
        out.append(several_faces(face.n_faces, face.measured_where, f"The {label} photo"))
    size = face.mm_per_px / rest.mm_per_px  # > 1: the face is smaller in the expression photo
    if face.detail_px >= BLURRED_DETAIL_PX:
        out.append(
            f"The {label} photo is blurred or enlarged from a smaller one, so its movements are less precise (their ranges include it):"
            " use the camera's own photo, in focus."
        )
    elif face.small_as_reduced:
        out.append(
            f"The face in the {label} photo is only {_width_px(face):.0f} px wide once that large photo is reduced for measuring,"
            f" so its movements are less precise: crop the photo around the face (it is {face.face_width_px:.0f} px wide in the"
            " file) and use the crop."
        )
    elif size_said:  # said in the sentence that withholds its verdict (:func:`_unlike_sizes`)
        pass
    elif small_and_far:  # one sentence, first (:func:`_measure_expression`): a 38 px pucker got the two in two boxes
        out.append(small_and_far)
    elif face.is_small:  # with its size, as the rest photo's note gives it: "is small" alone left "how small?" open
        out.append(
            f"The face in the {label} photo is only {_width_px(face):.0f} px wide, so its movements are less precise: move closer or use a larger photo."
        )
    # The pose warnings the rest photo gets from the face model (viz.landmarks.pose_warnings): a photo tilted 15° was
    # warned as the rest photo and on the first page, but not as an expression photo
    pose = Pose(0.0, 0.0, 0.0) if pose_said else face.pose
    out += [f"In the {label} photo, {mid_sentence(w)}" for w in pose_warnings(face.xy_px, pose)]
    dyaw, dpitch = pose_change
    if abs(dyaw) > POSE_CHANGE_LIMIT_DEG:
        out.append(f"In the {label} photo the head is turned {abs(dyaw):.0f}° differently from the rest photo: face the camera the same way in every photo.")
    if abs(dpitch) > POSE_CHANGE_LIMIT_DEG:
        out.append(f"In the {label} photo the head is tilted {abs(dpitch):.0f}° up or down compared with the rest photo: keep the camera at eye level.")
    # The page asks for every photo from the same distance; a neutral face from 60 cm after a rest photo from 30 cm read
    # as a 2 mm smile with nothing said. Pixels tell distance only for one camera, so it is said as a condition.
    if max(size, 1.0 / size) > SIZE_CHANGE_LIMIT and not small_and_far and not size_said:
        larger, smaller = ("rest", label) if size > 1.0 else (label, "rest")
        out.append(
            f"The face is {max(size, 1.0 / size):.1f} times as large in the {larger} photo as in the {smaller} photo. If the camera"
            " was nearer for one, perspective alone moves the features by millimetres (one neutral face taken from 30 and"
            " 60 cm seemed to smile 2 mm): take every photo from the same distance."
        )
    residual_mm = alignment.residual_px * rest.mm_per_px
    if residual_mm > MAX_ALIGNMENT_RESIDUAL_MM:
        out.append(
            f"The {label} photo does not line up with the rest photo (eye corners and nose differ by {residual_mm:.1f} mm): "
            "check both photos show the same person facing the camera."
        )
    return out


def _width_px(face: Face) -> float:
    """The face's width in pixels of the photo's detail, as the rest photo's note counts it (:attr:`Face.is_small`)."""
    return face.face_width_px / face.detail_scale


def _shown(expression: str, movements: Mapping[str, Movement]) -> tuple[bool, bool]:
    """Whether the photo shows the expression, and whether its movement went the other way instead.

    A side shows the expression when it moves :data:`SHOWN_MIN` in the expression's direction; "the other way" is a
    side moving as far against it (brows down when raised, up in a frown; lids up; corners down in a smile, apart in a
    pucker). One side showing it is enough: a palsied side may move little, or even be pulled the other way.
    """
    least = SHOWN_MIN[expression]
    if expression == "eyes_closed":
        mv = movements["eyelid_closure"]
        fractions = (mv.extras["left_closed_fraction"], mv.extras["right_closed_fraction"])
        return max(fractions) >= least, min(fractions) <= -least
    mv = movements[MOVEMENT_IDS[expression][0]]
    if expression == "smile":  # the excursion is a distance: a resting face given after a smiling rest photo moved 7 mm, down
        ups = (mv.extras["left_up_mm"], mv.extras["right_up_mm"])
        far = max(mv.left, mv.right) >= least
        shown = far and max(ups) >= SMILE_LIFT_MM
        # "the other way" as far as a smile: a neutral photo 2 mm "lower" than the rest photo is neither
        return shown, not shown and far and min(ups) <= -SMILE_LIFT_MM
    if expression == "frown":  # the travel is only its parts down and inward (:func:`_values`)
        shown = max(mv.left, mv.right) >= least
        return shown, not shown and min(mv.extras["left_down_mm"], mv.extras["right_down_mm"]) <= -least
    shown = max(mv.left, mv.right) >= least
    return shown, not shown and min(mv.left, mv.right) <= -least


def _measure_expression(expression: str, rest: AsymmetryReport, rest_grey: Grey, face: Face, taken: Face, *, flipped: bool) -> ExpressionResult:
    """One expression photo against the rest photo. ``face`` is the photo as measured, the same way round as the rest
    photo and labelled as it is; ``taken`` is the face as detected in the photo as given, for what describes the photo
    itself (several faces and where, its detail, whether it is the rest photo's very picture); ``flipped`` says that
    ``face`` is its mirror image (:func:`viz.landmarks.flipped_face`)."""
    rest_face, frame = rest.face, rest.frame
    points = tuple(i for i in STABLE_POINTS if i not in _IRIS) if expression == "eyes_closed" else STABLE_POINTS
    alignment = align(face, rest_face, points=points)
    pair = ExpressionPair(rest_face, frame, rest_grey, face, alignment)
    feat = _FEATURES[expression]

    # Image evidence: one correction per side, measured on the landmarks as detected.
    residual: dict[str, F64] = {}
    for s in (LEFT, RIGHT):
        u = _pupil_u(pair.uv_rest, s)
        c_rest, c_expr = feat.centre(pair.uv_rest, s, u), feat.centre(pair.uv_expr, s, u)
        shift = pair.register(feat.anchor(s), c_rest, c_expr, feat.patch)
        residual[s.name] = np.zeros(2) if shift is None else shift
    eye = rest.measures["eye_opening"]
    assert eye.left_mm is not None and eye.right_mm is not None
    opening = {"left": eye.left_mm, "right": eye.right_mm}

    # Where each camera pointed (viz.camera): a photo taken with the face away from its middle shows the side nearer
    # its edge larger; the landmarks are compared as the camera turned toward each photo's face would show them.
    rest_view, view = rest_face.off_axis, face.off_axis
    shares = tuple(0.0 if v.centred else VIEW_STRAIGHTENED * v.share for v in (rest_view, view))
    straight_rest, straight = _on_axis(rest_face, shares[0]), _on_axis(face, shares[1])
    straight_frame = _refitted(frame, rest_face, straight_rest)

    lined_up = alignment if straight_rest is rest_face and straight is face else align(straight, straight_rest, points=points)

    def measured(rest_xy: F64, expr_face: Face, on: tuple[Face, FaceFrame] | None = None) -> dict[str, dict[str, _SideValues]]:
        rest_on, frame_on = on or (straight_rest, straight_frame)
        # the whole expression photo stays lined up with the whole rest photo when the rest photo's landmarks are split
        al = lined_up if expr_face is straight and on is None else align(expr_face, _with_xy(rest_on, rest_xy), points=points)
        uv_r, uv_e = frame_on.to_mm(rest_xy), frame_on.to_mm(al.apply(expr_face))
        return _values(expression, _displacements(expression, uv_r, uv_e, residual), uv_r, uv_e, opening)

    r_xy, r_sp, e_xy, e_sp = straight_rest.xy_px, straight_rest.spread_px, straight.xy_px, straight.spread_px
    main = measured(r_xy, straight)
    # Flip disagreement: the same movement from the direct-only and the flip-only landmark sets of both photos.
    direct = measured(r_xy + r_sp, _with_xy(straight, e_xy + e_sp))
    flip_only = measured(r_xy - r_sp, _with_xy(straight, e_xy - e_sp))

    # The same flip disagreement with only one photo's landmarks split (each photo's own share, :attr:`ExpressionResult.photo_shares_mm`).
    flip_rest = (measured(r_xy + r_sp, straight), measured(r_xy - r_sp, straight))
    flip_expr = (measured(r_xy, _with_xy(straight, e_xy + e_sp)), measured(r_xy, _with_xy(straight, e_xy - e_sp)))

    # The view's doubt: each photo's whole view's effect on the movement (that photo turned fully onto the axis against
    # not at all) times the share of it left in doubt.
    view_doubt: dict[int, tuple[dict[str, dict[str, _SideValues]], dict[str, dict[str, _SideValues]], float]] = {}  # by photo (rest 0)
    if shares[0]:
        whole = _on_axis(rest_face, 1.0)
        doubt = max(VIEW_LEFT_IN_DOUBT, rest_view.doubt_share)
        on_whole = measured(whole.xy_px, straight, (whole, _refitted(frame, rest_face, whole)))
        view_doubt[0] = (on_whole, measured(rest_face.xy_px, straight, (rest_face, frame)), doubt)
    if shares[1]:
        view_doubt[1] = (measured(r_xy, _on_axis(face, 1.0)), measured(r_xy, face), max(VIEW_LEFT_IN_DOUBT, view.doubt_share))

    mm = frame.mm_per_px
    # The floor holds a sharp photo's landmark noise; a blurred or enlarged photo adds the rest of its detail's.
    blur_own = (
        _detail_excess_mm(rest_face, mm * rest_face.photo.scale),
        _detail_excess_mm(face, mm * alignment.scale * face.photo.scale),  # in rest millimetres: a closed eye shows no iris
    )
    blur_mm = math.hypot(*blur_own)
    # The floor was measured on faces some 600 px wide, where a pixel is about 0.23 mm; on a small face one pixel's
    # landmark noise in each photo (PIXEL_SD_PX of a pixel, as the static measures count it) is more than the floor.
    pixel_own = (PIXEL_SD_PX * mm * rest_face.photo.scale, PIXEL_SD_PX * mm * alignment.scale * face.photo.scale)
    floor_mm = max(NOISE_FLOOR_MM, math.hypot(*pixel_own))
    floor_own = tuple(floor_mm * p / max(math.hypot(*pixel_own), 1e-12) for p in pixel_own)  # the floor split as the pixels are
    own_sq = [0.0, 0.0]  # each photo's own share of the first movement's left-right difference, squared (rest, expression)
    view_sq = [0.0, 0.0]  # the part of it each photo's view holds
    movements: dict[str, Movement] = {}
    for mid, sides in main.items():
        unit = MOVEMENTS[mid].unit
        values, uncs, extras = {}, {}, {}
        seen_by_side: dict[str, dict[int, float]] = {}  # each photo's view's signed share of each side's ±
        for s in (LEFT, RIGHT):
            value, extra = sides[s.name]
            flip = abs(direct[mid][s.name][0] - flip_only[mid][s.name][0]) / 2.0
            where = rest_face.xy_px[feat.anchor(s)]
            align_mm = alignment.point_error_px(where) * mm
            seen_own = {
                k: (max(share, VIEW_ANGLE_IN_DOUBT) if unit == "°" else share) * (on[mid][s.name][0] - off[mid][s.name][0])
                for k, (on, off, share) in view_doubt.items()
            }
            seen = math.hypot(*seen_own.values())
            seen_by_side[s.name] = seen_own
            if unit == "mm":
                unc = math.sqrt((CALIBRATION_REL * abs(value)) ** 2 + flip**2 + align_mm**2 + floor_mm**2 + blur_mm**2 + seen**2)
                if mid == MOVEMENT_IDS[expression][0]:  # the calibration is neither photo's; the alignment both photos'
                    for k, pair_values in enumerate((flip_rest, flip_expr)):
                        own_flip = abs(pair_values[0][mid][s.name][0] - pair_values[1][mid][s.name][0]) / 2.0
                        own_sq[k] += own_flip**2 + align_mm**2 / 2.0 + floor_own[k] ** 2 + blur_own[k] ** 2 + seen_own.get(k, 0.0) ** 2
                        view_sq[k] += seen_own.get(k, 0.0) ** 2
            else:  # the direction of a displacement: its positional uncertainty over its length
                exc = main["mouth_corner_excursion"][s.name][0]
                pos = math.sqrt(align_mm**2 + floor_mm**2 + blur_mm**2)
                unc = min(90.0, math.hypot(flip, math.degrees(math.atan2(pos, max(exc, 1e-9))), seen))
            values[s.name], uncs[s.name] = value, unc
            extras.update({f"{s.name}_{k}": v for k, v in extra.items()})
            if "closed_fraction" in extra and opening[s.name] > 1e-6:  # the descent's and the resting opening's, over the opening
                one_side = eye.uncertainty / math.sqrt(2.0)  # the rest measure's ± is its difference's, of two sides
                extras[f"{s.name}_closed_fraction_uncertainty"] = math.hypot(unc, extra["closed_fraction"] * one_side) / opening[s.name]
        if mid == "lip_travel":  # the lip midline is one point, not a side
            extras.pop("right_midline_shift_mm")
            extras["midline_shift_mm"] = extras.pop("left_midline_shift_mm")
        unreadable = tuple(k for k in ("left", "right") if unit == "°" and uncs[k] >= NO_DIRECTION_DEG)
        made = Movement(
            mid, expression, values["left"], values["right"], unit, uncs["left"], uncs["right"], "", MappingProxyType(extras),
            covariance=_view_covariance(seen_by_side) if max(uncs.values()) < 90.0 else 0.0,  # a ± at its ceiling is not split
        )  # fmt: skip
        note = movement_note(mid, made.left, made.right, made.difference_uncertainty, unit, unreadable=unreadable, other_way=made.other_way_sides)
        movements[mid] = dataclasses.replace(made, note=note)
    # the turn MediaPipe reads into a face off the lens's axis is the camera's, not the head's (viz.camera.TURN_READ_MM)
    rest_read, read = ((0.0, 0.0) if v.centred else v.turn_read_deg() for v in (rest_view, view))
    pose_change = (
        face.pose.yaw - view.share * read[0] - (rest_face.pose.yaw - rest_view.share * rest_read[0]),
        face.pose.pitch - view.share * read[1] - (rest_face.pose.pitch - rest_view.share * rest_read[1]),
    )
    shown, other_way = _shown(expression, movements)
    distance = identity_distance(straight_rest, straight, eyes_open=expression != "eyes_closed")  # both as if straight on
    label = photo_name(expression)
    # The poses the first page reads less surely and Visits gives no verdict on (Pose.doubts): a rest photo and a
    # raised-brows photo of one neutral face, the second tilted 20°, named a side and called the difference dynamic
    # while only a note mentioned the tilt. As the taken photo is given (a mirror image has the same tilt and turn).
    own_doubts = taken.pose.doubts(" in it")
    doubts = rest_face.pose.doubts(" in the rest photo") + own_doubts
    # faces too unlike in size read movement that is not there (MOVEMENT_MIN_FACE_PX): no verdict, and no "does not show"
    # or "mirror image" from what the size alone may have made
    unlike = _unlike_sizes(expression, taken, rest_face)
    first = "" if unlike else _small_and_farther(expression, taken, rest_face)  # what to do first: so small and far a face may be why it does not show
    warnings = _expression_warnings(
        expression, taken, alignment, rest_face, pose_change, pose_said=bool(own_doubts), small_and_far=first, size_said=bool(unlike)
    )
    checked = identity_checkable(rest_face, face)
    someone_else = not same_person(distance, checked)
    mirrored_distance = mirror_distance(straight_rest, straight, eyes_open=expression != "eyes_closed") if checked else math.inf
    # each photo read by its own sides, as marked: the rest photo's setting, and the expression photos' (the rest's
    # unless ``flipped``)
    taken_report = analyze(taken, mirrored=rest.mirrored != flipped)
    evidence = mirror_evidence(rest, taken_report, STILL_MEASURES[expression])
    if any(w.startswith(OFF_CENTRE) for w in taken_report.warnings):  # as the first page warns of the same photo
        warnings.append(
            f"In the {label} photo, the face is well away from the middle, where a close camera's wide lens draws the side nearer"
            f" the photo's edge larger: its movements are corrected for part of that, and their ± holds the rest. {CENTRE_IT}"
            if taken.off_axis.axis_known
            else f"The {label} photo seems cut from a larger one, with the face well away from its middle: where the camera"
            f" pointed is unknown, so its movements are not corrected for a close camera's wide lens, and their ± holds what"
            f" that lens can do. {UNCUT_IT}"
        )
    mirror_image = not unlike and _looks_mirrored(distance, mirrored_distance, checked, evidence)
    if doubts:
        retake = "both photos" if own_doubts and len(doubts) > len(own_doubts) else "it" if own_doubts else "the rest photo"
        warnings.insert(
            0,
            f"The {label} photo gives no verdict because {' and '.join(doubts)}, which the face model reads less surely than"
            f" the ranges say: retake {retake} with the head level, facing the camera straight on.",
        )
    # judged against another person's rest, "does not show a smile" was false; against a tilted rest photo it told a
    # person to retake a smile when the rest photo was the one to retake (both sentences were said)
    same_picture = taken.photo.same_picture(rest_face.photo)  # as given: one picture marked mirrored once and once not is still one
    said_not_shown = not shown and not someone_else and not doubts and not same_picture and not unlike  # one picture: "does not show a smile" of a broad smile
    if said_not_shown:
        warnings.insert(0, NOT_SHOWN[expression][other_way].format(photo=label))
    if mirror_image:  # first: one switch mends it (told as two people's, the rest photo's mirror image read "take both photos of the same person")
        warnings.insert(0, MIRROR_IMAGE.format(photo=label, people=" (or two people's)" if someone_else else ""))
    elif someone_else:  # first: the reason that matters most
        warnings.insert(0, NOT_SAME_PERSON.format(photo=label))
    if not checked:
        warnings.append(too_small_to_identify(rest_face, face, ("rest", label)))
    if first:
        warnings.remove(first)
        warnings.insert(0, first)
    if unlike:  # first: a retake at one size mends it, and may mend the rest
        warnings.insert(0, unlike)
    if same_picture:
        warnings.insert(0, f"The {label} photo is the same picture as the rest photo, so it gives no verdict: take it while making the expression.")
    if not shown or someone_else or mirror_image or doubts or unlike:  # still measured and shown, but no movement's note says which side moves more
        if same_picture:  # as its first warning says: "does not show the expression" stood under "the same picture"
            why = "it is the same picture as the rest photo"
        elif unlike:
            why = "its face and the rest photo's are too unlike in size"
        elif mirror_image:
            why = "it looks like a mirror image of the rest photo"
        elif someone_else:
            why = f"it and the rest photo {MAY_NOT_BE_SAME}"
        elif doubts:  # first: whether the expression shows cannot be judged from a tilted or turned head either
            where = "in both photos" if own_doubts and len(doubts) > len(own_doubts) else "in it" if own_doubts else "in the rest photo"
            why = f"the head is tilted or turned {where}"
        else:
            why = "it does not show the expression"
        see = f"see the warning{'s' if len(warnings) > 1 else ''} above"  # "the warnings" stood beside one
        movements = {mid: dataclasses.replace(mv, note=f"No verdict from this photo: {why} ({see}).") for mid, mv in movements.items()}
    return ExpressionResult(
        expression,
        face,
        alignment,
        MappingProxyType(movements),
        shown,
        pose_change,
        tuple(warnings),
        distance,
        checked,
        flipped,
        doubts,
        mirrored_distance,
        same_picture,
        said_not_shown and other_way,
        evidence,
        (math.sqrt(own_sq[0]), math.sqrt(own_sq[1])),
        unlike,
        (math.sqrt(view_sq[0]), math.sqrt(view_sq[1])),
    )


def _detail_excess_mm(face: Face, mm_per_working_px: float) -> float:
    """The landmark noise a photo holding less detail than its pixels (:attr:`Face.detail_px`) adds beyond a sharp
    photo's, mm: :data:`viz.asymmetry.PIXEL_SD_PX` of its detail's pixels, less the sharp photo's share (0 when sharp)."""
    return PIXEL_SD_PX * mm_per_working_px * math.sqrt(max(face.detail_px**2 - 1.0, 0.0))


def _on_axis(face: Face, share: float) -> Face:
    """The face as the camera turned ``share`` of the way to put it on the lens's axis would show it
    (:func:`viz.camera.straightening`: its landmarks and their flip spread; its depth less the view's slope,
    :meth:`viz.camera.OffAxis.depth_slope`); the face itself when ``share`` is 0."""
    if not share:
        return face
    view = face.off_axis
    to = straightening(face.xy_px, view, face.mm_per_px, share)
    xy, plus, minus = (projected(to, p) for p in (face.xy_px, face.xy_px + face.spread_px, face.xy_px - face.spread_px))
    z = face.z_px - share * ((face.xy_px - face.xy_px.mean(axis=0)) @ np.array(view.depth_slope()))  # its depth as read straight on
    return dataclasses.replace(face, xy_px=xy, z_px=z, spread_px=(plus - minus) / 2.0)


def _refitted(frame: FaceFrame, face: Face, turned: Face) -> FaceFrame:
    """``face``'s frame fitted again to it as :func:`_on_axis` turned it, at the scale of its irises so turned."""
    if turned is face:
        return frame
    return fit_frame(turned.xy_px, frame.mm_per_px * iris_width_px(face.xy_px) / iris_width_px(turned.xy_px))


def _with_xy(face: Face, xy_px: F64) -> Face:
    """The same face with other landmark positions (depth and photo kept)."""
    return dataclasses.replace(face, xy_px=xy_px)


def measure_dynamics(rest: Face, expressions: Mapping[str, Face], *, mirrored: bool = False, mirrored_rest: bool | None = None) -> DynamicsReport:
    """Measure how far each feature moves from rest in each expression photo.

    Parameters
    ----------
    rest : Face
        The relaxed, neutral face (from :func:`viz.detect_face`).
    expressions : mapping of str to Face
        Any of ``brows_up``, ``frown``, ``eyes_closed``, ``smile``, ``pucker`` (see :data:`viz.vocabulary.EXPRESSIONS`);
        may be empty.
    mirrored : bool, optional
        The expression photos are mirrored selfies, and the rest photo too unless ``mirrored_rest`` says otherwise: left
        and right labels are swapped before measuring.
    mirrored_rest : bool, optional
        The rest photo's own setting, where it differs from the expression photos' (the first page's photo standing in
        as rest keeps that page's setting); by default ``mirrored``. Where the two settings differ, each expression
        photo is turned into its mirror image (:func:`viz.landmarks.flipped_face`) before it is lined up with the rest photo, so the
        lining up, the image evidence and the identity check compare two photos that show the face the same way round
        (never a face relabelled for a mirror against one that is not), and the sides are each photo's own as marked.

    Returns
    -------
    DynamicsReport
        ``report.to_dict()`` is the ``dynamics --json`` object.

    Raises
    ------
    ArgumentError
        If an expression name is not one of :data:`viz.vocabulary.EXPRESSIONS` (``rest`` is given separately).
    """
    unknown = [k for k in expressions if k not in EXPRESSION_IDS[1:]]
    if unknown:
        raise ArgumentError(f"Unknown expression {unknown[0]!r}: use {', '.join(EXPRESSION_IDS[1:-1])} or {EXPRESSION_IDS[-1]}.")
    rest_mirrored = mirrored if mirrored_rest is None else bool(mirrored_rest)
    flipped = bool(mirrored) != rest_mirrored  # the expression photos face the other way round from the rest photo
    rest_report = analyze(rest, mirrored=rest_mirrored)
    rest_face = rest_report.face
    rest_grey = Grey(rest_face, rest_face.mm_per_px)
    results: dict[str, ExpressionResult] = {}
    for name in EXPRESSION_IDS[1:]:
        if name in expressions:
            taken = expressions[name]
            face = flipped_face(taken) if flipped else taken  # now the same way round as the rest photo, as detected
            face = face.relabelled() if rest_mirrored else face  # and labelled as the rest face is
            results[name] = _measure_expression(name, rest_report, rest_grey, face, taken, flipped=flipped)
    warnings = [f"Rest photo: {mid_sentence(w)}" for w in rest_report.warnings]
    if not results:
        titles = [EXPRESSIONS[e].title for e in EXPRESSION_IDS[1:]]
        warnings.append(f"No expression photo was given: add at least one ({', '.join(titles[:-1])} or {titles[-1]}) to measure movement.")
    for r in results.values():
        warnings.extend(r.warnings)
    return DynamicsReport(
        rest=rest_report,
        expressions=MappingProxyType(results),
        static_vs_dynamic=MappingProxyType(_balances(rest_report, results)),
        warnings=tuple(dict.fromkeys(warnings)),
    )
