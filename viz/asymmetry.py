"""Facial asymmetry in millimetres: the measures of DESIGN §4 and the overall index.

Measures are read in the face frame (:mod:`viz.frame`: the fitted symmetry axis and the iris
calibration), so tilting the head in the image plane changes none of them.

Face Mesh landmarks follow only part of a local move (a lifted brow, a lowered mouth corner). The
brow, lid and mouth-corner differences are therefore refined with image evidence (:mod:`viz.evidence`):
the patch around each brow is registered against the mirrored patch of its partner across the
axis, the lid margins are found as brightness steps beside each pupil, and the lip line is followed
out to where it ends at each mouth corner.

**Pose.** A head turned by a few degrees shows one cheek wider than the other and the nose off the
midline. Every measure is corrected by what the pose alone does to a symmetric head
(:mod:`viz.headmodel`, MediaPipe's canonical face rotated to the photo's yaw and pitch), and the
pose's own uncertainty, times the measure's sensitivity to it, enters the measure's uncertainty. A face away
from the middle of a photo taken close up is seen obliquely (:mod:`viz.camera`): what that view does to the same head,
and the turn MediaPipe reads into it, are taken off too, and the share of it left unsure enters the uncertainty.
Jaw and cheek width are not measured: the face model's outline follows only about a quarter of a
real change in the outline (benchmarks/accuracy.py) and moves about 2 mm per degree of head turn, so
from one photo a width difference cannot be told apart from a turn of the head.

**Uncertainty.** Each measure's standard uncertainty combines the iris calibration, the disagreement
between the photo and its mirror image, the pixel scale (of the photo's detail: a blurred photo, or one enlarged
from a smaller one, counts as few pixels as it holds detail for, :attr:`viz.Face.detail_px`), the pose
(uncertainty times sensitivity, and the head model's own error) and the spread of real re-captures of one person (measured by
``benchmarks/recapture.py``); a measure refined by image evidence carries the disagreement of the
match's two directions (:attr:`viz.evidence.MirrorSampler.spread`), one whose image match failed
carries the mesh's own error (:data:`MESH_ONLY_SD`), and a JPEG saved below quality 70 what its compression
costs (:data:`COMPRESSION_PX`). A difference within its uncertainty reads "no clear difference".

The notes compare each measure with what people notice and with typical differences, from
``content/norms.yaml`` (each number there names its source and population).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from viz import anatomy, content, headmodel
from viz.anatomy import LEFT, RIGHT, iris_width_px
from viz.camera import OffAxis, aimed_point, view_obliquely
from viz.content import Norm
from viz.evidence import (
    BROW_ACROSS,
    BROW_FLAT_MM,
    BROW_HEAD_ACROSS,
    BROW_HEAD_REFINE,
    BROW_HEAD_UPRIGHT,
    BROW_TALL_ACROSS,
    IRIS_ACROSS,
    MOUTH_ACROSS,
    NOSE_ACROSS,
    MirrorSampler,
    brow_head_centre,
    contour_v,
)
from viz.frame import FaceFrame, fit_frame
from viz.landmarks import EXPRESSION_WARNING, IRIS_DIAMETER_MM, IRIS_DIAMETER_SD_MM, Face, estimate_pose, light_doubts
from viz.photo import ijg_scale
from viz.vocabulary import (
    MEASURE_IDS,
    MEASURES,
    NBSP,
    TILT_IDS,
    MeasureKind,
    Unit,
    describe_difference,
    format_pm,
    format_value,
    keep_together,
    rounded,
    rounded_pair,
    within,
)

__all__ = [
    "MEASURE_IDS",
    "AsymmetryReport",
    "Measure",
    "analyze",
    "degrees_per_mm",
    "index_dict",
    "measure_note",
    "mesh_readings",
    "norm",
    "notice_phrase",
    "region_index_uncertainty",
]

SCHEMA = "viz.analysis/1"
#: Calibration uncertainty of every mm figure: between-person SD of the iris diameter (Rüfer 2005).
CALIBRATION_REL = IRIS_DIAMETER_SD_MM / IRIS_DIAMETER_MM
#: Spread of each measure over real re-captures of one person (pooled SD over cc0_lisa 1-4 and cc0_zoom
#: 30/45/60 cm, five degrees of freedom, pose-corrected; benchmarks/recapture.py prints it). It holds
#: everything that changes between two photos of one face: light, distance, small expression and pose
#: changes, and the landmark model's own noise. Millimetres (degrees for the tilts). The inner brow keeps 0.55 mm,
#: its spread before its head match was widened (now 0.33 mm): five degrees of freedom, and its mean error
#: against hand-placed templates (1.2 mm) does not support a smaller figure. The brow tail keeps 0.55 mm too
#: (0.44 mm since heights are read from the irises as matched across the axis, 0.55 mm before). The nose, read from
#: the picture since, spreads 0.53 mm (0.16 mm from the mesh, which kept it where the head's estimated turn puts an
#: average nose): its picture stays put over cc0_lisa 1-4 where the estimated yaw differs by 2.9°, and the
#: correction for that yaw does not. The eye opening spreads 0.50 mm (0.36 mm before its lid columns were carried
#: to the pupil as a lid moves, evidence._LID_FOLLOW_FLOOR: the reading, and its noise, grew by the share of a lid's
#: move it had missed). The mouth corners spread 0.36 mm and the mouth tilt 0.35 degrees (0.32 and 0.28 while the lip
#: line was read at the same distance from the axis on both sides, not followed to each corner's end). With the camera's
#: view of a face off the lens's axis corrected for (:mod:`viz.camera`) the brows spread less (brow 0.17, tail 0.09, inner
#: brow 0.26 mm) and the mouth corners and the eye opening a little more (0.40, 0.55 mm; mouth tilt 0.37 degrees): the
#: figures are kept, the larger ones because that growth comes from lisa 4, whose face lies 4° off the axis at a phone's
#: assumed lens and whose own ± holds the view's doubt (0.90 mm on its mouth corners).
RECAPTURE_SD: Mapping[str, float] = MappingProxyType(
    {
        "brow_inner_height": 0.55,
        "brow_height": 0.32,
        "brow_tail_height": 0.55,
        "eye_opening": 0.50,
        "mouth_corner_drop": 0.36,
        "jaw_width": 1.06,
        "cheek_width": 1.08,
        "nose_tip_offset": 0.53,
        "lip_offset": 0.64,
        "chin_offset": 0.35,
        "eye_line_tilt": 0.20,
        "mouth_tilt": 0.35,
    }
)
#: The overall asymmetry index's spread over the same re-captures (pooled SD, mm; ``benchmarks/recapture.py`` prints
#: it): 0.40-0.94 mm on one person's four photos, the highest on the photo taken at a 19 degree roll.
RECAPTURE_INDEX_SD = 0.19
#: Of a view off the lens's axis (:mod:`viz.camera`), the share the asymmetry index is corrected for; the rest of the
#: whole view's effect, or a view whose focal length is unknown's own doubt where larger, is in its ±. The index is
#: the mesh's alone, and MediaPipe's mesh follows only part of an oblique view's stretch (as
#: :data:`viz.movement.VIEW_STRAIGHTENED` found for Expressions). The five shared neutral photos seen 10-15° off the
#: axis (``benchmarks/off_axis.py``'s views), the change of the index from the face on the axis, RMS mm, with the
#: correction made in share 0 / 0.25 / 0.5 / 0.75 / 1: 0.20 / 0.14 / 0.17 / 0.30 / 0.49 (focal length known), and of
#: the assumed lens's 0.72, 0.20 / 0.16 / 0.14 / 0.14 / 0.18 (unknown).
INDEX_VIEW_SHARE = 0.5
#: The mesh's own error in a measure the image evidence refines, used when that evidence is missing (its match
#: failed: hair, glasses, shadow, a faint brow head). The root mean square of the
#: correction the evidence makes to the mesh where the match succeeds, over the shared rest photos that have no
#: hand-placed template (``benchmarks/mesh_error.py`` prints it). Millimetres. A brow head read on its vertical-only
#: retry patch (:attr:`viz.evidence.MirrorSampler.retried`: the match across and along the brow failed, often because
#: its best lay at the end of the search along the brow) carries it too: the mesh's placement along the brow is not
#: corrected there. Four of the 38 annotated heads are read that way as shot (none moves into or out of the share
#: within two uncertainties of the templates, 79 %); over the same photos changed as an upload may be, the share
#: rose 3 points with this term at half size (to 82 %), 0.3 size (87), JPEG quality 15 (74), half contrast (79) and a
#: darker tone curve (82), and fell for none (``benchmarks/annotated.py --perturb``).
MESH_ONLY_SD: Mapping[str, float] = MappingProxyType(
    {
        "brow_inner_height": 0.92,
        "brow_height": 0.58,
        "brow_tail_height": 0.59,
        "eye_opening": 0.55,
        "mouth_corner_drop": 0.44,
        "nose_tip_offset": 0.97,
    }
)
#: What a strongly compressed JPEG costs a measure, in the original photo's pixels, at the JPEG quality of 10 and
#: above (:func:`compression_px`); measures not listed are not read from the picture's detail or are withheld. JPEG
#: rounds each 8 x 8 block's detail to steps the IJG library scales by ``5000 / q`` percent below quality 50 and
#: ``200 - 2 q`` from 50 up: a brow's or a lid's edge, a lip line, moves with those steps. ``benchmarks/compression.py``
#: saves each of the 73 shared photos (rest and smiling; no template is read) again at qualities 10-70, measures it
#: once more and takes the root mean square of each measure's move, in pixels of the original: beyond the move a
#: re-save at 70 makes (already inside the stated ±, which a move passes 2 times on at most 3 % of the photos even at
#: 10), it grows with the step, and its square is fitted as this figure squared times the step's share of its range
#: (0 at quality 70, 1 at 10). At quality 15, 0.6 times these; at 30, 0.24; at 50, 0.09.
COMPRESSION_PX: Mapping[str, float] = MappingProxyType(
    {
        "brow_inner_height": 1.56,
        "brow_height": 0.53,
        "brow_tail_height": 1.36,
        "eye_opening": 1.26,
        "mouth_corner_drop": 1.25,
        "nose_tip_offset": 1.20,
        "lip_offset": 1.26,
        "chin_offset": 0.74,
        "eye_line_tilt": 0.49,
        "mouth_tilt": 1.32,
    }
)
#: The JPEG qualities :data:`COMPRESSION_PX` spans: at or above the first nothing is added, at or below the second all of it.
COMPRESSION_QUALITIES = (70, 10)


def compression_px(mid: str, quality: int | None) -> float:
    """What a JPEG saved at ``quality`` adds to measure ``mid``'s uncertainty, original-photo pixels (0 for None or a light one).

    :data:`COMPRESSION_PX` times the quantization step's share of its range between :data:`COMPRESSION_QUALITIES`.

    >>> compression_px("eye_opening", None), compression_px("eye_opening", 85), compression_px("eye_opening", 10)
    (0.0, 0.0, 1.26)
    """
    if quality is None or mid not in COMPRESSION_PX:
        return 0.0
    light, heavy = (ijg_scale(q) for q in COMPRESSION_QUALITIES)
    share = min(max((ijg_scale(max(quality, 1)) - light) / (heavy - light), 0.0), 1.0)
    return COMPRESSION_PX[mid] * share


#: Localisation error of a landmark or a matched patch, in pixels of the photo's detail (working-image pixels
#: times :attr:`viz.Face.detail_px`): a difference of two features carries it twice. It matters for small
#: faces, where a pixel is a large part of a millimetre, and for blurred or enlarged photos: enlarged five times
#: from a fifth of their size, the 38 annotated photos' inner brow heights lay within 2 uncertainties + 0.3 mm of
#: the templates on 79 % while the working image's pixels were counted, 87 % with the detail's. The 56 shared rest
#: photos shrunk to 0.5-0.1 of their size, blurred or enlarged (``benchmarks/pixel_noise.py``) move from the photo as
#: shot by 0.07-0.27 px of their detail per measure (RMS over every change), so the ± grows faster than most
#: photos' scatter; the constant stays for the few that jump (a 512 px photo blurred by 1.5 px moved its brow tail
#: 7.9 mm, 0.67 px for that change, within its ±4.4 mm).
PIXEL_SD_PX = 0.35
#: Uncertainty of the head's yaw and pitch beyond the model's own disagreement with the mirrored photo,
#: degrees: the RMS difference between two independent pose estimates from the same landmarks (a 3-D fit of
#: the canonical model and a 2-D fit of its rigid points) over the shared photos was 0.47° for yaw and 2.5°
#: for pitch.
POSE_SD_DEG = (0.5, 2.5)
#: Share of a pose correction that may be wrong because a real head is not the average head (the model's
#: width and offset slopes per degree matched those measured on real photos within about 10%).
HEAD_MODEL_REL = 0.15
#: The lips count as apart (teeth or the mouth's inside between them, no line where they meet) when the mesh's inner lip
#: edges on the midline are further apart than this, mm: at most 2.6 mm on the 38 annotated neutral photos, 5.3-12.5 mm
#: on the open smiles of the Face Research Lab set (0.4 mm at most on the closed ones).
LIPS_APART_MM = 4.0
#: Where the lip line is too unclear to follow, the corners' height difference is read from the mouth's patch matched
#: across the axis. That reading has its own offset from the lip line's: over every reading where both read (each
#: analysis reads three times, with the landmarks as shown, direct-only and flip-only; rest and smiling shared photos,
#: ``benchmarks/mesh_error.py`` prints it), 0.21 mm RMS with the lips together (145 readings of 50 photos) and 0.41 mm
#: with them apart (46 of 17; from the shown readings alone, 0.20 and 0.39 over 49 and 14 photos). The 0.52 mm this
#: held before counted a reading of uscongress_K000389's open smile, 1.39 mm off, whose lip line is now lost in all three.
#: Each follows a change of the corners about as well (a corner lowered 1.5 and 4.5 mm on six shared photos); but a
#: photo read on the patch compared with one read on the lip line carries the offset: K000389 with a simulated 1.5 mm
#: corner drop, its lip line lost, read a change of 0.05 mm while stating ±0.40. Keyed by whether the lips are apart.
#: With the lips apart the line read is only the edge of the opening, and where it is found depends on small differences
#: of the photo: K000389's smile, changed by at most one grey level, read the lip line in some of its three readings or in
#: none, and its corners' drop -0.97 ± 0.39 mm or +0.40 ± 0.57 mm (12 such changes). There both are read; where both
#: read, the value is their mean and half their difference is its doubt: -0.28 ± 0.79-0.89 or +0.40 ± 0.57-0.91 mm.
MOUTH_PATCH_SD: Mapping[bool, float] = MappingProxyType({False: 0.21, True: 0.41})
#: Distance between the two points a tilt is read from, mm (iris centres; mouth corners), for its pixel term.
_TILT_BASE_MM = MappingProxyType({"eye_line_tilt": 62.0, "mouth_tilt": 50.0})


def degrees_per_mm(tilt: str) -> float:
    """A height difference of a tilt's two points, per mm, in degrees of the tilt (over :data:`_TILT_BASE_MM`)."""
    return math.degrees(1.0 / _TILT_BASE_MM[tilt])


#: A tilt read from the same picture evidence as a paired measure: the mouth tilt from the lip line (or the mouth's
#: patch) that also gives the mouth-corner drop. It carries that evidence's own terms, the match's spread and the mesh's
#: error where the evidence is missing (:data:`MESH_ONLY_SD`), turned into degrees over the tilt's base
#: (:data:`_TILT_BASE_MM`). Without them, where the lip line was too faint to follow and the mouth's patch matched two
#: ways 1.4 mm apart (frl_london_137 darkened, with noise and saved as a JPEG), the mouth-corner drop stated ±1.37 mm
#: and the tilt, from the same two corners, ±0.39°: it had moved 1.5° from the photo as shot.
#: Said after the note of a measure whose picture match found nothing (:data:`MESH_ONLY_SD`). The lower nose misses on
#: about a quarter of ordinary photos (7 of 27 shared faces), silently: the same photo saved again read its nose tip
#: -1.5 ± 1.1 mm "toward the right" where the original, on the mesh alone, read +0.2 ± 1.5 mm, and nothing said why.
MESH_ONLY_NOTE: Final = (
    "Read from the face mesh alone: this part of the photo could not be matched with its mirror image, so its ± is wider"
    " and another photo may read it differently."
)
_TILT_EVIDENCE: Mapping[str, str] = MappingProxyType({"mouth_tilt": "mouth_corner_drop"})

#: Measures not taken from one photo, with the sentence saying why.
WITHHELD: Mapping[str, str] = MappingProxyType(
    {
        "jaw_width": (
            "Not measured from one photo: the face model follows only about a quarter of a real change in the jaw "
            "outline, and a head turn of one degree moves it about 2 mm; a 3-D scan or an in-person exam measures it."
        ),
        "cheek_width": (
            "Not measured from one photo: a head turn of one degree changes the apparent cheek width by about 2 mm, "
            "more than the differences people have; a 3-D scan or an in-person exam measures it."
        ),
        "chin_offset": (
            "Not measured from one photo: the face model keeps the chin where an average face has it (it followed "
            "4% of a simulated sideways shift of the chin), and the chin's outline fades into the neck or a beard; "
            "an in-person exam measures it."
        ),
    }
)

#: The face region of each measure.
REGION_OF: Mapping[str, str] = MappingProxyType({k: w.region for k, w in MEASURES.items()})


#: The largest uncertainty, as a share of the size people notice (3 mm), with which a difference may head a report:
#: a reading whose ± spans more cannot tell a noticeable difference from an unnoticed one. Over 114 ordinary shared
#: photos no headline's ± reached even 1.5 mm; a 80 x 80 px photo's (face 28 px) reached 2.6-3.0 mm.
HEADLINE_RESOLUTION = 0.5
#: What a table says of a clear difference whose ± is too wide to judge (:meth:`Measure.side_words`), in place of a side.
TOO_COARSE_SIDE = "too coarse to judge"


def norm(measure_id: str) -> Norm:
    """What people notice for a measure, and its typical difference (``content/norms.yaml``)."""
    return content.load().norms[measure_id]


@dataclass(frozen=True)
class Measure:
    """One measure of the report.

    ``kind`` is ``"paired"`` (left, right, difference = left - right), ``"offset"`` (positive toward the
    subject's left) or ``"tilt"`` (degrees, positive = subject's left side higher). Values are corrected
    for the head's pose (``pose_correction`` was subtracted) and for the camera's view of a face off its lens's axis
    (:mod:`viz.camera`; its share is not in ``pose_correction``). A withheld measure carries the sentence
    saying why in ``withheld`` and its note; its numbers are not shown.
    """

    id: str
    kind: MeasureKind
    value: float  # difference_mm, offset_mm or degrees
    uncertainty: float
    note: str
    left_mm: float | None = None
    right_mm: float | None = None
    pose_correction: float = 0.0
    withheld: str | None = None

    @property
    def region(self) -> str:
        """The face region the measure belongs to."""
        return REGION_OF[self.id]

    @property
    def unit(self) -> Unit:
        """``"mm"`` or ``"°"``."""
        return "°" if self.kind == "tilt" else "mm"

    def shown_sides(self, digits: int = 1) -> tuple[float, float] | None:
        """Left and right rounded to ``digits`` so that they differ by exactly the difference as shown
        (:func:`viz.vocabulary.rounded_pair`); ``None`` when the measure has no sides or is withheld."""
        if self.withheld is not None or self.left_mm is None or self.right_mm is None:
            return None
        return rounded_pair(self.left_mm, self.right_mm, digits=digits, difference=self.value)

    @property
    def clear(self) -> bool:
        """The difference, as shown, stands beyond its uncertainty as shown (and the measure is not withheld)."""
        return self.withheld is None and not within(self.value, self.uncertainty)

    @property
    def decisive(self) -> bool:
        """A clear difference measured finely enough to say how it compares with what people notice: its uncertainty
        at most :data:`HEADLINE_RESOLUTION` of that size. Only such a difference heads a report
        (:meth:`AsymmetryReport.headline`)."""
        noticed = norm(self.id).noticed
        return self.clear and (not noticed or self.uncertainty <= HEADLINE_RESOLUTION * noticed)

    @property
    def noticeable(self) -> float:
        """How far the measure is from being commonly noticed: ``|value| / threshold`` (0 when withheld)."""
        noticed = norm(self.id).noticed
        return abs(self.value) / noticed if noticed and self.withheld is None else 0.0

    @property
    def standout(self) -> float:
        """How far the difference stands beyond its uncertainty, as a share of what people notice.

        ``(|value| - uncertainty) / noticed``: positive only for a clear difference; the ranking key of
        :meth:`AsymmetryReport.sorted_measures`.
        """
        if self.withheld is not None:
            return -math.inf
        noticed = norm(self.id).noticed or 1.0
        return (abs(self.value) - self.uncertainty) / noticed

    def describe(self) -> str:
        """Which side the measure favours, in words; ``"no clear difference"`` within the uncertainty."""
        if self.withheld is not None:
            return "not measured"
        if not self.clear:
            return "no clear difference"
        return describe_difference(self.id, self.value)

    def side_words(self) -> str:
        """:meth:`describe` as a table, a hover or a printed line gives it: a clear difference measured too coarsely to
        judge (not :attr:`decisive`) names no side, but :data:`TOO_COARSE_SIDE`.

        The headline already says "Too coarse to judge" of such a photo: beside it, a 100 px photo's table read "left eye
        more open" at 2.7 ± 2.5 mm where the photo at its own size read 0.4 mm the other way (tiny faces' readings
        erred by 1.2-1.5 times their ± on four such copies).
        """
        if self.clear and not self.decisive:
            return TOO_COARSE_SIDE
        return self.describe()

    def summary(self) -> str:
        """The measure as a headline gives it: size ± uncertainty, the side, and how it compares with what people notice.

        "Most noticeable" is the largest difference beyond its uncertainty; a headline below what people notice
        says so, or a patient read it as a noticeable one.
        """
        parts = (format_pm(abs(self.value), self.uncertainty, self.unit), self.describe(), notice_phrase(self.note))
        return " · ".join(part for part in parts if part)

    def to_dict(self) -> dict[str, Any]:
        """The measure's object of the ``analyze --json`` output (numbers ``null`` when withheld)."""
        shown = self.withheld is None

        def num(x: float | None) -> float | None:
            return rounded(x, 2) if shown and x is not None else None

        if self.kind == "paired":
            sides = self.shown_sides(2)
            return {
                "left_mm": sides[0] if sides is not None else None,
                "right_mm": sides[1] if sides is not None else None,
                "difference_mm": num(self.value),
                "uncertainty_mm": num(self.uncertainty),
                "note": self.note,
            }
        if self.kind == "offset":
            return {"offset_mm": num(self.value), "uncertainty_mm": num(self.uncertainty), "note": self.note}
        return {"degrees": num(self.value), "uncertainty_deg": num(self.uncertainty), "note": self.note}


@dataclass(frozen=True, eq=False)
class AsymmetryReport:
    """Everything :func:`analyze` measured.

    Attributes
    ----------
    face : Face
        The analysed face (landmarks relabelled if the photo was mirrored).
    frame : FaceFrame
    measures : mapping of str to Measure
        Keyed by the measure ids of DESIGN §4, in that order.
    index_mm : float
        Overall asymmetry index: RMS over the 220 mesh pairs of half the distance between a landmark
        and its mirrored partner, after the pose's own effect on each landmark is removed (and a share of a view
        off the lens's axis: :data:`INDEX_VIEW_SHARE`).
    index_uncertainty_mm : float
        Its standard uncertainty: the scale's, the pixel's (as for every measure), the spread of real
        re-captures (:data:`RECAPTURE_INDEX_SD`) and the doubt of a view off the lens's axis.
    region_index_mm : mapping of str to float
        The same index per region (brows, eyes, mouth, nose, jaw).
    pair_asymmetry_mm : (478,) ndarray
        Each landmark's half-distance to its mirrored partner (0 on the midline), for heat maps.
    mirrored : bool
    warnings : tuple of str
    mesh_only : frozenset of str
        The refined measures read from the face mesh alone on this photo: their image evidence found no
        match (hair, shadow, a faint brow head). Every refined measure when ``analyze(refine=False)``.
    region_view_doubt_mm : mapping of str to float
        The doubt of a view off the lens's axis in each region's index (:data:`INDEX_VIEW_SHARE`; the overall
        index's is in its uncertainty); empty for a face in the middle of its photo.
    """

    face: Face
    frame: FaceFrame
    measures: Mapping[str, Measure]
    index_mm: float
    region_index_mm: Mapping[str, float]
    pair_asymmetry_mm: npt.NDArray[np.float64]
    mirrored: bool
    warnings: tuple[str, ...] = field(default=())
    mesh_only: frozenset[str] = field(default=frozenset())
    index_uncertainty_mm: float = 0.0
    region_view_doubt_mm: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz analyze --json`` object (schema ``viz.analysis/1``)."""
        f = self.face
        measures: dict[str, Any] = {k: m.to_dict() for k, m in self.measures.items()}
        measures["asymmetry_index_mm"] = index_dict(self.index_mm, self.region_index_mm)
        return {
            "schema": SCHEMA,
            # the file's size and the face's place in it, also where the face was read in a crop of it (viz.reread_face)
            "image": {"width": f.photo.whole_size[0], "height": f.photo.whole_size[1], "mirrored": self.mirrored},
            "face": {
                "bbox": [round(v + f.photo.origin[k % 2], 1) for k, v in enumerate(f.bbox)],
                "mm_per_px": round(f.mm_per_px, 5),
                "iris_diameter_px": round(f.iris_diameter_px, 2),
                "pose_deg": {"yaw": round(f.pose.yaw, 1), "pitch": round(f.pose.pitch, 1), "roll": round(f.pose.roll, 1)},
            },
            "quality": {"ok": not self.warnings, "warnings": list(self.warnings)},
            "measures": measures,
        }

    def sorted_measures(self) -> list[Measure]:
        """Measures ranked for a person: clear differences first, by how far they stand out; withheld ones last.

        A clear difference (beyond its uncertainty) ranks by :attr:`Measure.standout`: how far it stands
        beyond its uncertainty, as a share of what people notice. The differences that are not clear
        follow, by how close they come to being clear; measures not taken from one photo come last.
        """

        def key(m: Measure) -> tuple[int, float]:
            if m.withheld is not None:
                return (2, 0.0)
            if m.clear:
                return (0, -m.standout)
            return (1, -abs(m.value) / max(m.uncertainty, 1e-9))

        return sorted(self.measures.values(), key=key)

    def headline(self) -> Measure | None:
        """The most noticeable clear difference measured finely enough to judge (:attr:`Measure.decisive`), or ``None``.

        ``None`` either when no difference stands beyond its uncertainty or, on a tiny or blurred face, when those that
        do are measured too coarsely (:meth:`too_coarse`): a face 28 px wide read "eye opening 3.9 ± 3.0 mm, near what
        people commonly notice".
        """
        return next((m for m in self.sorted_measures() if m.decisive), None)

    @property
    def less_sure(self) -> tuple[str, ...]:
        """Why this photo's measures may be off by more than their ranges, one phrase each; empty when nothing makes it so.

        The ranges are the spread of re-captures of relaxed faces taken straight on and level: a face showing an
        expression, a head tilted toward a shoulder or turned past what the model reads well, or a face too dark, lit
        much more on one side or largely overexposed is not covered, and the photo's own note says so. The headline
        beside that note read as sure ("Lips off the midline 2.7 ± 0.7 mm" under "the measures may be off by more than
        their ranges"; the same person's level photos read 0.8-1.7 mm).
        """
        expression = ("the face shows an expression (a smile, an open mouth)",) if EXPRESSION_WARNING in self.warnings else ()
        return expression + self.face.pose.doubts() + light_doubts(self.warnings)

    @property
    def less_sure_warnings(self) -> tuple[str, ...]:
        """The photo's notes (of :attr:`warnings`) behind :attr:`less_sure`: the face's expression, a head tilted or
        turned beyond what the face model reads well, the light. A page that says :attr:`less_sure` in a line of its own
        (presenter mode) leaves these out of the notes it lists."""
        pose = self.face.pose.warnings()
        return tuple(w for w in self.warnings if w == EXPRESSION_WARNING or w in pose or light_doubts([w]))

    def less_sure_note(self) -> str:
        """The sentence said beside this photo's headline (after a space) where :attr:`less_sure` has reasons, else ``""``."""
        if not self.less_sure:
            return ""
        return f" Read less surely: {'; '.join(self.less_sure)}. Take the photo again as its note says before relying on it."

    def too_coarse(self) -> bool:
        """Whether some difference is clear but none is measured finely enough to head the report (:meth:`headline`)."""
        measures = self.measures.values()
        return any(m.clear for m in measures) and not any(m.decisive for m in measures)


def analyze(face: Face, *, mirrored: bool = False, refine: bool = True) -> AsymmetryReport:
    """Measure a face's asymmetry in millimetres.

    Parameters
    ----------
    face : Face
        From :func:`viz.detect_face`.
    mirrored : bool, optional
        The photo is a mirrored selfie: left and right labels are swapped before measuring.
    refine : bool, optional
        Refine brow, lid and mouth-corner differences with image evidence (on by default).

    Returns
    -------
    AsymmetryReport
        ``report.to_dict()`` is the ``analyze --json`` object.
    """
    yaw, pitch = face.pose.yaw, face.pose.pitch
    if mirrored:  # a mirror image of a turned head is the head turned the other way
        face, yaw = face.relabelled(), -yaw
    xy = face.xy_px
    frame = fit_frame(xy, face.mm_per_px)
    view = face.off_axis.in_face_axes(frame.left, frame.up)  # the head model is drawn upright and unmirrored
    sampler = MirrorSampler(face, frame) if refine else None
    main = _measure_all(frame.to_mm(xy), sampler)
    match_warnings = sampler.warnings if sampler else ()  # about the measures shown, not the spread estimates
    mesh_only = sampler.missed if sampler else frozenset(MESH_ONLY_SD)  # the measures shown that rest on the mesh alone
    retried = sampler.retried if sampler else frozenset()  # read on a retry patch: the mesh's error stays in part
    # Flip disagreement: the same measures on the direct-only and the flip-only landmark sets.
    direct = _measure_all(frame.to_mm(xy + face.spread_px), sampler)
    flipped = _measure_all(frame.to_mm(xy - face.spread_px), sampler)
    # The image matches' own disagreement: the largest over the three readings. A match that disagrees with itself
    # only when its patches start where the direct-only or flip-only landmarks put them is as unsure as one that does
    # where the shown landmarks put them: which it is depends on small differences of the photo. Read from the shown
    # reading alone, a brow head that matched cleanly there stated ±0.91 mm on frl_london_031 darkened, with noise and
    # saved as a JPEG, and lay 2.7 mm from the template's head (as shot it had stated ±2.52); over the 38 annotated
    # photos the inner brow's share within 2 uncertainties + 0.3 mm of the templates went from 82 to 84 % as shot and from 76
    # to 82 % so changed (its median uncertainty 0.63 -> 0.65 mm; the eye opening's 0.59 -> 0.64, already 100 %).
    match_spread = sampler.spread if sampler else {}
    pose = _PoseEffect.at(yaw, pitch, _pose_flip_sd(face), view)
    mm_per_working_px = face.mm_per_px * face.detail_scale  # the pixel noise is in pixels of the photo's detail

    measures: dict[str, Measure] = {}
    for mid in MEASURE_IDS:
        raw, left_mm, right_mm = main[mid]
        bias = pose.bias[mid]
        value = raw - bias
        if left_mm is not None and right_mm is not None:
            left_mm, right_mm = left_mm - bias / 2.0, right_mm + bias / 2.0
        flip = abs(direct[mid][0] - flipped[mid][0]) / 2.0
        evidence = _TILT_EVIDENCE.get(mid, mid)  # whose picture evidence the measure is read from
        per_mm = degrees_per_mm(mid) if evidence != mid else 1.0  # that evidence's mm in the measure's unit
        unc = math.hypot(_uncertainty(mid, value, flip, pose, mm_per_working_px), per_mm * match_spread.get(evidence, 0.0))
        unc = math.hypot(unc, _compression_in_unit(mid, face.photo.jpeg_quality, face.mm_per_px))  # 0 unless a compressed JPEG
        if (evidence in mesh_only or evidence in retried) and evidence in MESH_ONLY_SD:
            unc = math.hypot(unc, per_mm * MESH_ONLY_SD[evidence])
        kind: MeasureKind = MEASURES[mid].kind
        withheld = WITHHELD.get(mid)
        note = withheld if withheld is not None else measure_note(mid, value, unc)
        if withheld is None and evidence in mesh_only and evidence in MESH_ONLY_SD:
            note += f" {MESH_ONLY_NOTE}"
        measures[mid] = Measure(mid, kind, value, unc, note, left_mm, right_mm, pose_correction=pose.turn_bias[mid], withheld=withheld)

    uv = frame.to_mm(xy)
    made = min(pose.view.share, INDEX_VIEW_SHARE) if pose.view is not None else 0.0
    per_point = _pair_halves(uv - pose.landmark_shift_mm(frame, made))
    index, regions = _indexes(per_point)
    # The view's doubt in each index, as in each movement's ± on Expressions: the whole view's correction against none
    # times the share of it in doubt. A face cropped to one side of a photo (no camera moved, but with no lens known a
    # phone's is assumed) read 0.35 -> 0.94 mm, ± 0.25, when the index was corrected as the measures are and no view was
    # in its ±.
    view_doubt, view_mm = {}, 0.0
    if pose.view is not None:
        (whole, whole_regions), (none, none_regions) = (_indexes(_pair_halves(uv - pose.landmark_shift_mm(frame, share))) for share in (1.0, 0.0))
        doubt = max(1.0 - INDEX_VIEW_SHARE, pose.view.doubt_share)
        view_doubt, view_mm = {k: doubt * abs(whole_regions[k] - none_regions[k]) for k in regions}, doubt * abs(whole - none)
    per_point.setflags(write=False)
    warnings = face.warnings + _pose_warnings(measures, pose.yaw, pose.pitch) + _view_warnings(measures, pose) + match_warnings
    return AsymmetryReport(
        face=face,
        frame=frame,
        measures=MappingProxyType(measures),
        index_mm=index,
        index_uncertainty_mm=_index_uncertainty(index, mm_per_working_px, view_mm=view_mm),
        region_index_mm=MappingProxyType(regions),
        region_view_doubt_mm=MappingProxyType(view_doubt),
        pair_asymmetry_mm=per_point,
        mirrored=mirrored,
        warnings=tuple(dict.fromkeys(warnings)),
        mesh_only=frozenset(mid for mid in mesh_only if mid in MEASURES),
    )


def index_dict(value_mm: float, regions: Mapping[str, float]) -> dict[str, Any]:
    """The ``asymmetry_index_mm`` object of the JSON outputs, exactly as DESIGN.md's contract has it: the overall index
    and each region's, mm to 2 decimals (its ± is printed in the text and the PDF, not added to the contract)."""
    return {"value_mm": rounded(value_mm, 2), "regions": {k: rounded(v, 2) for k, v in regions.items()}}


_REGION_SETS = {name: frozenset(idx) for name, idx in anatomy.REGION_LANDMARKS.items()}
#: Each region's mesh pairs, by their left landmark: its index is the RMS over them.
_REGION_PAIRS = {name: [li for li, _ in anatomy.MESH_PAIRS if li in _REGION_SETS[name]] for name in anatomy.REGION_NAMES}
_MESH_LEFT = np.array([li for li, _ in anatomy.MESH_PAIRS])


# --- pose ----------------------------------------------------------------------------------------


def _pose_flip_sd(face: Face) -> tuple[float, float]:
    """Half the yaw and pitch disagreement between the direct-only and the flip-only landmark sets, degrees."""
    direct = estimate_pose(face.xy_px + face.spread_px, face.z_px)
    flipped = estimate_pose(face.xy_px - face.spread_px, face.z_px)
    return abs(direct.yaw - flipped.yaw) / 2.0, abs(direct.pitch - flipped.pitch) / 2.0


@dataclass(frozen=True)
class _PoseEffect:
    """What the head's yaw and pitch, and the camera's view of a face off its lens's axis (:mod:`viz.camera`), do to
    each measure of a symmetric head, and how sure that is.

    ``yaw``, ``pitch``: the pose with what the view alone makes MediaPipe read taken off (the share of it
    :attr:`viz.camera.OffAxis.share` corrects for); ``bias``: the measure of the model so posed and viewed minus at the front
    and on the axis (mm or degrees); ``turn_bias``: the pose's part of it; ``slope``: its change per degree of yaw and of
    pitch; ``pose_sd``: the uncertainty of the yaw and pitch; ``view_effect``: the view's whole effect on each measure, of
    which :attr:`viz.camera.OffAxis.doubt_share` is in its uncertainty.
    """

    yaw: float
    pitch: float
    bias: Mapping[str, float]
    turn_bias: Mapping[str, float]
    slope: Mapping[str, tuple[float, float]]
    pose_sd: tuple[float, float]
    view: OffAxis | None = None
    view_effect: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def at(cls, yaw: float, pitch: float, flip_sd: tuple[float, float], view: OffAxis | None = None) -> _PoseEffect:
        if view is not None and view.centred:
            view = None
        read = view.turn_read_deg() if view is not None else (0.0, 0.0)

        def effect(share: float) -> tuple[float, float, dict[str, float], dict[str, float]]:
            at_yaw, at_pitch = yaw - share * read[0], pitch - share * read[1]
            turn = _model_bias(at_yaw, at_pitch)
            seen = _view_bias(at_yaw, at_pitch, view) if view is not None and share else dict.fromkeys(MEASURE_IDS, 0.0)
            return at_yaw, at_pitch, turn, {m: turn[m] + share * seen[m] for m in MEASURE_IDS}

        share = view.share if view is not None else 0.0
        made = effect(share)
        y, p, turn, bias = made
        whole: dict[str, float] = {}
        if view is not None:  # at the pose as read: the whole view against none
            seen, straight = (made if share == 1.0 else effect(1.0))[3], effect(0.0)[3]
            whole = {m: seen[m] - straight[m] for m in MEASURE_IDS}
        step = 0.5
        plus_y, minus_y = _model_bias(y + step, p), _model_bias(y - step, p)
        plus_p, minus_p = _model_bias(y, p + step), _model_bias(y, p - step)
        slope = {m: ((plus_y[m] - minus_y[m]) / (2 * step), (plus_p[m] - minus_p[m]) / (2 * step)) for m in MEASURE_IDS}
        sd = (math.hypot(POSE_SD_DEG[0], flip_sd[0]), math.hypot(POSE_SD_DEG[1], flip_sd[1]))
        return cls(y, p, MappingProxyType(bias), MappingProxyType(turn), MappingProxyType(slope), sd, view, MappingProxyType(whole))

    def uncertainty(self, mid: str) -> float:
        """The measure's uncertainty from the pose: its slopes times the pose's uncertainty, the head model's error, and
        the view's doubt."""
        sy, sp = self.slope[mid]
        view = self.view.doubt_share * self.view_effect[mid] if self.view is not None else 0.0
        return math.sqrt((sy * self.pose_sd[0]) ** 2 + (sp * self.pose_sd[1]) ** 2 + (HEAD_MODEL_REL * self.turn_bias[mid]) ** 2 + view**2)

    def landmark_shift_mm(self, frame: FaceFrame, share: float | None = None) -> npt.NDArray[np.float64]:
        """How far the pose and the view alone move each landmark of a symmetric head, face-frame mm ``(478, 2)``.

        ``share``: of the view's whole effect, the share corrected for (:attr:`viz.camera.OffAxis.share` when
        ``None``), the turn MediaPipe reads into the view taken off the pose in the same share."""
        del frame  # the model's shift is already in face millimetres
        if self.view is None:
            return _model_shift(self.yaw, self.pitch)
        made = self.view.share
        share = made if share is None else share
        read = self.view.turn_read_deg()
        yaw, pitch = self.yaw + (made - share) * read[0], self.pitch + (made - share) * read[1]
        seen = share * (_viewed_uv(yaw, pitch, self.view) - _model_uv(yaw, pitch)) if share else 0.0
        return np.asarray(_model_shift(yaw, pitch) + seen, dtype=np.float64)


def _model_uv(yaw: float, pitch: float) -> npt.NDArray[np.float64]:
    """The symmetric model's landmarks at a pose, in its own face frame, millimetres."""
    xy = headmodel.render(yaw, pitch)
    mm_per_px = IRIS_DIAMETER_MM / iris_width_px(xy)
    return fit_frame(xy, mm_per_px).to_mm(xy)


@functools.lru_cache(maxsize=512)
def _model_bias_cached(yaw: float, pitch: float) -> tuple[tuple[str, float], ...]:
    at_pose = _measure_all(_model_uv(yaw, pitch), None)
    front = _measure_all(_model_uv(0.0, 0.0), None)
    return tuple((m, at_pose[m][0] - front[m][0]) for m in MEASURE_IDS)


def _model_bias(yaw: float, pitch: float) -> dict[str, float]:
    return dict(_model_bias_cached(round(yaw, 2), round(pitch, 2)))


def _viewed_uv(yaw: float, pitch: float, view: OffAxis) -> npt.NDArray[np.float64]:
    """:func:`_model_uv` as the camera shows the model lying ``view`` off its lens's axis, in that picture's face frame."""
    return np.array(_viewed_uv_cached(round(yaw, 2), round(pitch, 2), round(view.tx, 3), round(view.ty, 3), round(view.distance_mm, -1)))


@functools.lru_cache(maxsize=64)
def _viewed_uv_cached(yaw: float, pitch: float, tx: float, ty: float, distance_mm: float) -> npt.NDArray[np.float64]:
    xy = headmodel.render(yaw, pitch)
    mm_per_px = IRIS_DIAMETER_MM / iris_width_px(xy)
    seen = view_obliquely(xy, aimed_point(xy), distance_mm / mm_per_px, tx, ty)
    uv = fit_frame(seen, mm_per_px).to_mm(seen)
    uv.setflags(write=False)
    return uv


def _view_bias(yaw: float, pitch: float, view: OffAxis) -> dict[str, float]:
    """What seeing the posed model ``view`` off the lens's axis does to each measure (mm or degrees)."""
    seen = _measure_all(_viewed_uv(yaw, pitch, view), None)
    straight = _measure_all(_model_uv(yaw, pitch), None)
    return {m: seen[m][0] - straight[m][0] for m in MEASURE_IDS}


@functools.cache
def _front_uv() -> npt.NDArray[np.float64]:
    """:func:`_model_uv` facing the camera (read-only: shared by every analysis)."""
    uv = _model_uv(0.0, 0.0)
    uv.setflags(write=False)
    return uv


def _model_shift(yaw: float, pitch: float) -> npt.NDArray[np.float64]:
    return np.asarray(_model_uv(yaw, pitch) - _front_uv(), dtype=np.float64)


def _pixel_mm(mm_per_working_px: float) -> float:
    """The landmark pixel noise as a distance between two points, mm."""
    return PIXEL_SD_PX * mm_per_working_px * math.sqrt(2.0)


def _uncertainty(mid: str, value: float, flip: float, pose: _PoseEffect, mm_per_working_px: float) -> float:
    """A measure's standard uncertainty from every source the module notes list."""
    pixel_mm = _pixel_mm(mm_per_working_px)
    if mid in TILT_IDS:
        pixel = pixel_mm * degrees_per_mm(mid)
        return math.sqrt(flip**2 + RECAPTURE_SD[mid] ** 2 + pixel**2 + pose.uncertainty(mid) ** 2)
    return math.sqrt((CALIBRATION_REL * abs(value)) ** 2 + flip**2 + RECAPTURE_SD[mid] ** 2 + pixel_mm**2 + pose.uncertainty(mid) ** 2)


def _compression_in_unit(mid: str, quality: int | None, mm_per_px: float) -> float:
    """:func:`compression_px` in the measure's unit: mm, or degrees over a tilt's two points."""
    mm = compression_px(mid, quality) * mm_per_px
    return mm * degrees_per_mm(mid) if mid in TILT_IDS else mm


def _pair_halves(uv: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each landmark's half-distance to its mirrored partner (0 on the midline), ``(478,)``, from face-frame mm."""
    per_point = np.zeros(len(uv))
    for li, ri in anatomy.MESH_PAIRS:
        per_point[li] = per_point[ri] = float(np.linalg.norm(uv[li] - uv[ri] * np.array([-1.0, 1.0]))) / 2.0
    return per_point


def _indexes(per_point: npt.NDArray[np.float64]) -> tuple[float, dict[str, float]]:
    """The overall index (RMS of :func:`_pair_halves` over every mesh pair) and each region's."""
    regions = {name: float(np.sqrt(np.mean(per_point[members] ** 2))) if members else 0.0 for name, members in _REGION_PAIRS.items()}
    return float(np.sqrt(np.mean(per_point[_MESH_LEFT] ** 2))), regions


def _index_uncertainty(index: float, mm_per_working_px: float, n_pairs: int = len(anatomy.MESH_PAIRS), *, view_mm: float = 0.0) -> float:
    """The standard uncertainty of an index that is the RMS over ``n_pairs`` mesh pairs (the overall index: all of
    them): scale, pixel (as :func:`_uncertainty`) and re-captures, the last measured over every pair and scaled to
    fewer by ``sqrt(all pairs / n_pairs)`` (:func:`region_index_uncertainty`), and the view's doubt ``view_mm``
    (:attr:`AsymmetryReport.region_view_doubt_mm`)."""
    recapture = RECAPTURE_INDEX_SD * math.sqrt(len(anatomy.MESH_PAIRS) / n_pairs)
    return math.sqrt((CALIBRATION_REL * index) ** 2 + _pixel_mm(mm_per_working_px) ** 2 + recapture**2 + view_mm**2)


def region_index_uncertainty(report: AsymmetryReport, region: str) -> float:
    """Standard uncertainty of a region's asymmetry index (:attr:`AsymmetryReport.region_index_mm`), mm.

    A region's index is the overall index's RMS over fewer pairs: the scale and pixel terms carry over unchanged
    (the RMS's pixel noise is no larger than one pair's), and the re-capture spread (:data:`RECAPTURE_INDEX_SD`,
    measured only for all the pairs) is scaled by ``sqrt(all pairs / the region's)``, as the spread of a mean of
    independent errors grows when fewer are averaged. Neighbouring landmarks' errors are correlated, so this
    overstates the spread rather than understating it: over the re-captures ``benchmarks/recapture.py`` reads
    (cc0_lisa 1-4, cc0_zoom 30/45/60 cm; pooled SD, five degrees of freedom, worked out as that script works out the
    overall index's, which it alone prints), each region's index spread 0.05-0.34 mm (mouth 0.34, jaw 0.31, brows
    0.16), under its re-capture term here (0.41-0.75 mm; brows, the fewest pairs, 0.75). Not scaled, the overall's
    0.19 mm would fall short for the mouth and the jaw. For a single pair the same scaling gives 2.8 mm where single
    pairs spread 0.08-0.36 mm: no honest figure, so a pair gets none (:func:`viz.figures.overlay_figure`).
    """
    face = report.face
    mm_per_working_px = face.mm_per_px * face.detail_scale  # as analyze counts the pixel noise
    return _index_uncertainty(
        report.region_index_mm[region], mm_per_working_px, len(_REGION_PAIRS[region]), view_mm=report.region_view_doubt_mm.get(region, 0.0)
    )


def _pose_warnings(measures: Mapping[str, Measure], yaw: float, pitch: float) -> tuple[str, ...]:
    """A sentence when the head's turn or nod alone moves a measure shown by what people notice.

    The measures are corrected for it, but a correction that large rests on the head model: a photo facing
    the camera measures better.
    """
    worst: Measure | None = None
    for m in measures.values():
        noticed = norm(m.id).noticed
        if m.withheld is None and noticed and abs(m.pose_correction) >= noticed:
            if worst is None or abs(m.pose_correction) / noticed > abs(worst.pose_correction) / (norm(worst.id).noticed or 1.0):
                worst = m
    if worst is None:
        return ()
    return (
        f"The head is turned {abs(yaw):.0f}° and tilted {abs(pitch):.0f}°, which alone shifts the "
        f"{MEASURES[worst.id].noun} by {format_value(abs(worst.pose_correction), worst.unit)}: the measures are corrected"
        " for it with a head model, but face the camera straight on, with the camera at eye level, for a better reading.",
    )


#: The view of a face off the lens's axis (:mod:`viz.camera`) is named when its whole effect on a measure shown reaches
#: this share of what people notice (1 mm of the 3 mm noticed): below it the correction and its ± say enough.
VIEW_WARNING_SHARE = 1.0 / 3.0


#: How the warning of a face well away from the middle of its photo begins (:func:`_view_warnings`), and how it ends.
OFF_CENTRE = "The face is well away from the middle of the photo"
CENTRE_IT = "Take the photo with the face in the middle for a better reading."
#: How that warning ends for a photo cut since it was taken (:attr:`viz.Photo.cut`).
UNCUT_IT = "The whole photo as taken, with the face in the middle, reads better."


def _view_warnings(measures: Mapping[str, Measure], pose: _PoseEffect) -> tuple[str, ...]:
    """A sentence when the camera's view of a face away from the middle of the photo alone moves a measure shown by
    :data:`VIEW_WARNING_SHARE` of what people notice or more."""
    view = pose.view
    if view is None:
        return ()
    shown = [m for m in measures.values() if m.withheld is None and norm(m.id).noticed]
    worst = max(shown, key=lambda m: abs(pose.view_effect[m.id]) / (norm(m.id).noticed or 1.0), default=None)
    if worst is None or abs(pose.view_effect[worst.id]) < VIEW_WARNING_SHARE * (norm(worst.id).noticed or 0.0):
        return ()
    shift = format_value(abs(pose.view_effect[worst.id]), worst.unit)
    noun = MEASURES[worst.id].noun
    if not view.axis_known:
        return (
            f"{OFF_CENTRE}, and the photo seems cut from a larger one, so where the camera pointed is unknown: had it"
            f" pointed at the middle of this photo, a close camera's wide lens would draw the side of the face nearer the"
            f" edge larger, which alone can shift the {noun} by {shift}. The measures are not corrected for that, and their"
            f" ± holds it. {UNCUT_IT}",
        )
    how = (
        f"alone shifts the {noun} by {shift}: the measures are corrected for it"
        if view.focal_known
        else f"alone can shift the {noun} by {shift} with a phone's lens: the measures are corrected for most of that, and their ± holds the rest"
    )
    return (f"{OFF_CENTRE}, where a close camera's wide lens draws the side of the face nearer the photo's edge larger, which {how}. {CENTRE_IT}",)


# --- measures ------------------------------------------------------------------------------------

#: Where each brow height is read: the top of the brow head; above the pupil; above the outer eye corner.
_BROW_POSITIONS = {"brow_height": "iris_centre", "brow_tail_height": "eye_outer"}


@functools.cache
def _nose_patch_vertices() -> tuple[int, ...]:
    """The mesh vertices inside the nose's patch (:data:`NOSE_ACROSS` around the tip) on the model facing the camera.

    A head turn moves the registered patch as it moves these together: by 0.40 mm per degree, where the tip alone
    moves 0.52 mm (the nostrils and alae sit behind the tip). Over the 38 annotated photos the registered nose
    moved 0.31 mm per degree of the estimated yaw, and the templates' columella 0.42 mm.
    """
    uv = _model_uv(0.0, 0.0)
    d = np.abs(uv - uv[anatomy.NOSE_TIP])
    inside = (d[:, 0] <= NOSE_ACROSS.width_mm / 2.0) & (d[:, 1] <= NOSE_ACROSS.height_mm / 2.0)
    return tuple(int(i) for i in np.flatnonzero(inside))


def mesh_readings(uv: npt.NDArray[np.float64]) -> dict[str, tuple[float, float | None, float | None]]:
    """Every measure read from the landmarks alone, given in face millimetres of a frame the caller holds:
    ``id -> (value, left_mm, right_mm)`` (``None`` where a measure has no sides). No image evidence, no frame fit."""
    return _measure_all(np.asarray(uv, dtype=np.float64), None)


def _measure_all(uv: npt.NDArray[np.float64], sampler: MirrorSampler | None) -> dict[str, tuple[float, float | None, float | None]]:
    """Every measure from landmarks in face millimetres: ``id -> (value, left_mm, right_mm)``."""
    out: dict[str, tuple[float, float | None, float | None]] = {}

    def paired(mid: str, left: float, right: float, refined_diff: float | None = None) -> None:
        diff = left - right if refined_diff is None else refined_diff
        mean = (left + right) / 2.0
        out[mid] = (diff, mean + diff / 2.0, mean - diff / 2.0)

    # Heights are read from the iris-centre line (the line through both iris centres), vertically. Its tilt is
    # the irises' height difference as the picture shows it: the iris patches registered across the axis. The
    # mesh's iris centres alone moved 0.1-0.5 mm against each other when an unrelated part of the face changed
    # (a simulated jaw or mouth relaxation), and every height difference with them.
    il, ir = uv[LEFT.iris_centre], uv[RIGHT.iris_centre]
    iris_dv = float(il[1] - ir[1])
    if sampler is not None:  # the picture of the irises, not the mesh's iris centres (evidence.IRIS_ACROSS)
        shift = sampler.register(il, ir, IRIS_ACROSS, "iris_line", warn=False, refine=IRIS_ACROSS)
        if shift is not None:
            iris_dv += float(shift[1])
    slope = iris_dv / float(il[0] - ir[0])
    mid_u, mid_v = float(il[0] + ir[0]) / 2.0, float(il[1] + ir[1]) / 2.0

    def iris_line_v(u: float) -> float:
        return mid_v + (u - mid_u) * slope

    # The inner brow is the top of the brow head: the medial end of the brow's upper contour, registered across
    # the axis in both directions (the band ends there).
    heads = {s.name: np.asarray(uv[s.brow_upper[-1]], dtype=np.float64) for s in (LEFT, RIGHT)}
    refined = None
    if sampler is not None:
        shift = sampler.register(
            brow_head_centre(uv, LEFT),
            brow_head_centre(uv, RIGHT),
            BROW_HEAD_ACROSS,
            "brow_inner_height",
            warn=False,
            refine=BROW_HEAD_REFINE,
            retry=BROW_HEAD_UPRIGHT,
            rivals=True,
        )
        if shift is not None:
            mesh_dv = heads["left"][1] - heads["right"][1]
            refined = (mesh_dv + shift[1]) - (iris_line_v(heads["left"][0]) - iris_line_v(heads["right"][0]))
    paired(
        "brow_inner_height",
        float(heads["left"][1]) - iris_line_v(float(heads["left"][0])),
        float(heads["right"][1]) - iris_line_v(float(heads["right"][0])),
        refined,
    )

    # The band is registered with the two patches moving half the shift each (MirrorSampler.register_upright): at the
    # tail the brow thins and the eye's outer corner enters the patch, and a match re-centred on its own estimate
    # could settle on either of two optima. Whole brows lifted 1, 2 and 3 mm on six shared photos read back with
    # slope 0.97 (brow, residual 0.10 mm) and 1.01 (tail, residual 0.11 mm). H001079's faint tails are not followed:
    # their match is flat, read on the taller patch with an uncertainty of 1.8 mm, and lifts of 2 mm read as -0.3
    # and 2.1 mm.
    for mid, attr in _BROW_POSITIONS.items():
        heights = {}
        centres = {}
        for s in (LEFT, RIGHT):
            u = float(uv[getattr(s, attr), 0])
            top = contour_v(uv, s.brow_upper, u)
            heights[s.name] = top - iris_line_v(u)
            centres[s.name] = np.array([u, (top + contour_v(uv, s.brow_lower, u)) / 2.0])
        refined = None
        if sampler is not None:
            shift = sampler.register_upright(centres["left"], centres["right"], BROW_ACROSS, mid, flat=(BROW_TALL_ACROSS, BROW_FLAT_MM))
            if shift is not None:
                mesh_dv = centres["left"][1] - centres["right"][1]
                refined = (mesh_dv + shift[1]) - (iris_line_v(centres["left"][0]) - iris_line_v(centres["right"][0]))
        paired(mid, heights["left"], heights["right"], refined)

    pupils = (float(uv[LEFT.iris_centre, 0]), float(uv[RIGHT.iris_centre, 0]))
    uppers = (functools.partial(contour_v, uv, LEFT.lid_upper), functools.partial(contour_v, uv, RIGHT.lid_upper))
    lowers = (functools.partial(contour_v, uv, LEFT.lid_lower), functools.partial(contour_v, uv, RIGHT.lid_lower))
    opening = {s.name: uppers[k](pupils[k]) - lowers[k](pupils[k]) for k, s in enumerate((LEFT, RIGHT))}
    # The lid margins themselves, found in the image beside each pupil: matching the lid's patch across the
    # axis follows the iris inside it more than the margin.
    corners = ((float(uv[LEFT.eye_outer, 0]), float(uv[LEFT.eye_inner, 0])), (float(uv[RIGHT.eye_outer, 0]), float(uv[RIGHT.eye_inner, 0])))
    refined = sampler.lid_opening_dv(pupils, uppers, lowers, corners) if sampler is not None else None
    paired("eye_opening", opening["left"], opening["right"], refined)

    corner = {s.name: uv[s.mouth_corner] for s in (LEFT, RIGHT)}
    mouth_dv = None  # refined height difference of the corners, left - right
    if sampler is not None:
        # Where the lips meet, the line between them beside each corner is the most direct evidence; a stretched
        # corner defeats patch matching, so matching is only the fallback there. With the lips apart the line read is
        # only the opening's edge, and both are read (see MOUTH_PATCH_SD).
        apart = float(uv[anatomy.LIP_INNER[0], 1] - uv[anatomy.LIP_INNER[1], 1]) > LIPS_APART_MM
        line_dv = sampler.lip_line_dv(corner["left"], corner["right"], apart=apart)
        patch_dv = None
        if line_dv is None or apart:
            shift = sampler.register(corner["left"], corner["right"], MOUTH_ACROSS, "mouth_corner_drop", second=line_dv is not None)
            patch_dv = None if shift is None else float(corner["left"][1] - corner["right"][1]) + float(shift[1])
        if line_dv is not None and patch_dv is not None:
            mouth_dv = (line_dv + patch_dv) / 2.0
            sampler.add_doubt("mouth_corner_drop", abs(line_dv - patch_dv) / 2.0)
        elif patch_dv is not None:
            mouth_dv = patch_dv
            sampler.add_doubt("mouth_corner_drop", MOUTH_PATCH_SD[apart])
        else:
            mouth_dv = line_dv
    line = {k: iris_line_v(float(c[0])) for k, c in corner.items()}
    refined = None if mouth_dv is None else (line["left"] - line["right"]) - mouth_dv
    paired("mouth_corner_drop", line["left"] - corner["left"][1], line["right"] - corner["right"][1], refined)

    # Contours (jaw, cheek) stay with the mesh: matching them across the axis meets side-to-side
    # differences of background and light, and in tests moved the result more than it corrected it.
    jaw = {s.name: float(abs(uv[list(s.jaw), 0].mean())) for s in (LEFT, RIGHT)}
    paired("jaw_width", jaw["left"], jaw["right"])
    paired("cheek_width", float(abs(uv[LEFT.cheek, 0])), float(abs(uv[RIGHT.cheek, 0])))

    # The nose from its own mirror image: the mesh keeps it where an average face has it. Without a match, the
    # mesh's reading is the mean of the vertices the patch covers, which a head turn moves as it moves the patch.
    nose = sampler.midline_offset(uv[anatomy.NOSE_TIP], NOSE_ACROSS, "nose_tip_offset") if sampler is not None else None
    out["nose_tip_offset"] = (float(uv[list(_nose_patch_vertices()), 0].mean()) if nose is None else nose, None, None)
    out["lip_offset"] = (float(uv[list(anatomy.LIP_MIDLINE), 0].mean()), None, None)
    out["chin_offset"] = (float(uv[anatomy.CHIN, 0]), None, None)

    def tilt(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
        return math.degrees(math.atan2(a[1] - b[1], a[0] - b[0]))

    out["eye_line_tilt"] = (math.degrees(math.atan(slope)), None, None)
    a, b = corner["left"], corner["right"]
    if mouth_dv is not None:  # the tilt stays in the face frame (against the axis), refined like the drop
        out["mouth_tilt"] = (math.degrees(math.atan2(mouth_dv, a[0] - b[0])), None, None)
    else:
        out["mouth_tilt"] = (tilt(a, b), None, None)
    return out


def notice_phrase(note: str) -> str | None:
    """How a measure compares with what people notice, in a few words for a headline, from its :func:`measure_note`.

    Examples
    --------
    >>> notice_phrase(measure_note("mouth_tilt", 0.7, 0.5 * 0.9)), notice_phrase(measure_note("brow_height", 2.8, 0.5))
    ('below what people commonly notice', 'near what people commonly notice')
    >>> notice_phrase(measure_note("brow_height", 4.0, 0.3)), notice_phrase(measure_note("brow_height", 0.2, 0.3))
    ('commonly noticed', None)

    Where professionals notice less than lay people (a tilted lip line), the phrase names the trained eye as the note
    does: 1.8 ± 0.4° takes in their 1.7°.

    >>> notice_phrase(measure_note("mouth_tilt", 1.8, 0.4)), notice_phrase(measure_note("mouth_tilt", 2.4, 0.4))
    ('below what most people notice, near what a trained eye may see', 'below what most people notice; a trained eye may see it')
    """
    for start, phrase in _NOTICE_PHRASES:
        if note.startswith(start):
            return phrase
    return None


#: The start of a :func:`measure_note` -> its headline phrase, the longer starts first. The trained eye's notes also
#: start "Below what": matched by that alone, 1.8 ± 0.4° of mouth tilt read plainly "below what people commonly notice"
#: in the headline while its note said it is near the professionals' 1.7°.
_NOTICE_PHRASES: Final = (
    ("Below what most people notice, near what a trained eye may see", "below what most people notice, near what a trained eye may see"),
    ("Below what most people notice, though a trained eye may see it", "below what most people notice; a trained eye may see it"),
    ("Below what", "below what people commonly notice"),
    ("Near what", "near what people commonly notice"),
    ("Commonly noticed", "commonly noticed"),
)


def measure_note(mid: str, value: float, uncertainty: float) -> str:
    """A plain sentence comparing a measure with what people notice and, where published, with typical differences.

    A difference within its uncertainty is "no clear difference", with no side named. One whose range (value ±
    uncertainty) takes in the size people notice is "near" it: neither "below" nor "commonly noticed" can be said.
    The range is the one shown, from the rounded figures, ends included: 2.6 ± 0.4 mm reaches 3.0 as a reader adds it
    up (unrounded, 2.60 + 0.39 fell short and read "below" beside 3.4 ± 0.4 mm's "near").

    Examples
    --------
    >>> from viz.vocabulary import NBSP  # a quantity's spaces are no-break spaces: shown here as plain ones
    >>> print(measure_note("eye_opening", 0.2, 0.3).replace(NBSP, " "))
    No clear difference: 0.2 mm is within the measurement's ± 0.3 mm.
    >>> print(measure_note("eye_opening", 2.8, 0.5).replace(NBSP, " "))
    Near what people commonly notice: 2.8 ± 0.5 mm takes in the ~3 mm at which people tend to notice a difference (Choi 2015).
    >>> print(measure_note("brow_tail_height", 2.8, 0.5).replace(NBSP, " ").split("(Choi 2015). ")[1])  # the chart's band, with its source
    For comparison, people assessed for upper-eyelid surgery (94% women, average age 58) differ by about 1.8 mm on average (Macdonald et al. 2014).
    >>> print(measure_note("mouth_tilt", 2.4, 0.4).split(":")[0])
    Below what most people notice, though a trained eye may see it
    >>> print(measure_note("mouth_tilt", 1.6, 0.4).split(":")[0])
    Below what most people notice, near what a trained eye may see
    >>> print(measure_note("brow_height", 2.6, 0.39).split(":")[0])  # shown as 2.6 ± 0.4 mm: it reaches 3.0
    Near what people commonly notice
    """
    library = content.load()
    entry = library.norms[mid]
    unit = entry.unit
    shown = format_value(abs(value), unit)
    # the average difference, with its source, whatever the reading: the chart draws its band behind every such measure's
    # bar, and a brow tail "near what people notice" had the band and no word of where it came from
    typical = ""
    if entry.typical is not None and entry.population is not None:
        typical = f" For comparison, {entry.population} differ by about {format_value(entry.typical, unit)} on average ({library.cite(entry.typical_sources)})."
    if within(value, uncertainty):
        # "± 0.3 mm" as every table and headline writes it (the sentence's "±0.3 mm" read as another notation)
        return f"No clear difference: {shown} is within the measurement's ±{NBSP}{format_value(uncertainty, unit)}.{typical}"
    threshold = keep_together(entry.threshold)  # written by hand ("differences of about 3 mm"): kept on one line as well
    low, high = (rounded(rounded(abs(value)) + sign * rounded(uncertainty)) for sign in (-1, 1))  # the range as shown
    if entry.noticed is not None:
        at_noticed = (
            f"~{entry.noticed:g}{'' if unit == '°' else NBSP}{unit} at which people tend to notice a difference ({library.cite(entry.noticed_sources)})."
        )
        if low <= entry.noticed <= high:
            return f"Near what people commonly notice: {format_pm(abs(value), uncertainty, unit)} takes in the {at_noticed}{typical}"
        if low > entry.noticed:
            return f"Commonly noticed: {shown} is above the {at_noticed}{typical}"
    if entry.noticed_by_trained is not None and low > entry.noticed_by_trained:
        # "below what people notice" alone, of 2.4 ± 0.4° in a consult room whose professionals notice 1.7°
        return f"Below what most people notice, though a trained eye may see it: {threshold} ({library.cite(entry.noticed_sources)}).{typical}"
    if entry.noticed_by_trained is not None and high >= entry.noticed_by_trained:  # 1.6 ± 0.4° takes in 1.7°
        return f"Below what most people notice, near what a trained eye may see: {threshold} ({library.cite(entry.noticed_sources)}).{typical}"
    return f"Below what people commonly notice: {threshold} ({library.cite(entry.noticed_sources)}).{typical}"
