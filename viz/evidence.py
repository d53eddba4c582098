"""Image evidence: small patches of the photo, sampled in face-frame millimetres and matched by correlation.

Face Mesh landmarks follow only part of a local move (DESIGN §3). The measures therefore read the
photo itself where a feature sits, in two ways:

- **across the axis** (:class:`MirrorSampler`, used by :mod:`viz.asymmetry`): a feature's patch is
  registered against the mirrored patch of its partner on the other side (the nose against its own
  mirror image), the lid margins are found
  as brightness steps beside each pupil, and the lip line beside each mouth corner is followed column
  by column;
- **over time** (:class:`ExpressionPair`, used by :mod:`viz.movement`): a feature's patch in the rest
  photo is registered against the same feature's patch in an expression photo, through the alignment
  of the two faces.

Both sample the photo's grey image (:class:`Grey`) on the same millimetre grid (:data:`STEP_MM`), so
results do not depend on the photo's resolution. The patch of each feature, and how far its match is
searched, are defined here (:class:`Patch` constants), once for each of the two uses: across the axis a
difference is a few millimetres, over time a movement can be larger, so a brow is searched further.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import cv2
import numpy as np
import numpy.typing as npt

from viz.align import Alignment
from viz.anatomy import Side
from viz.frame import FaceFrame
from viz.landmarks import Face

__all__ = [
    "BROW_ACROSS",
    "BROW_FLAT_MM",
    "BROW_HEAD_ACROSS",
    "BROW_HEAD_DROP_MM",
    "BROW_HEAD_MOVE",
    "BROW_HEAD_REFINE",
    "BROW_HEAD_UPRIGHT",
    "BROW_MOVE",
    "BROW_TALL_ACROSS",
    "CORNER_MOVE",
    "FLAT_SCORE",
    "IRIS_ACROSS",
    "LID_ACROSS",
    "LID_MOVE",
    "MIN_SCORE",
    "MOUTH_ACROSS",
    "REFINE_CONVERGED_MM",
    "REFINE_ROUNDS",
    "STEP_MM",
    "ExpressionPair",
    "Grey",
    "Match",
    "MirrorSampler",
    "Patch",
    "brow_band_centre",
    "brow_head_centre",
    "contour_v",
    "frame_map",
    "match",
]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: Sampling step of the patches, mm: coarser than most photos' pixels, so results do not depend on resolution.
STEP_MM = 0.2
#: A match whose best normalised correlation is below this is not trusted.
MIN_SCORE = 0.35
#: Scores within this of the best count as the same peak when measuring how flat a match is (:attr:`Match.flat_mm`).
FLAT_SCORE = 0.01


@dataclass(frozen=True)
class Patch:
    """A feature's patch (width x height, mm) and how far its match is searched each way (mm)."""

    width_mm: float
    height_mm: float
    search_u_mm: float
    search_v_mm: float

    @property
    def search_size(self) -> tuple[float, float]:
        """Width and height of the area searched, mm."""
        return self.width_mm + 2.0 * self.search_u_mm, self.height_mm + 2.0 * self.search_v_mm


def _samples(length_mm: float) -> int:
    """Samples across a patch side of ``length_mm``: an odd count, so the patch has a middle sample on its centre."""
    return round(length_mm / STEP_MM) | 1


class Grey:
    """A photo's grey image, anti-aliased for sampling at :data:`STEP_MM`.

    Parameters
    ----------
    face : Face
        The face whose photo is sampled.
    mm_per_px : float
        Millimetres per original-photo pixel of the frame the patches are taken in.
    """

    def __init__(self, face: Face, mm_per_px: float) -> None:
        grey = np.asarray(cv2.cvtColor(np.ascontiguousarray(face.photo.rgb), cv2.COLOR_RGB2GRAY), dtype=np.float32)
        sigma = 0.5 * STEP_MM / (mm_per_px * face.photo.scale)
        if sigma > 0.3:
            grey = np.asarray(cv2.GaussianBlur(grey, (0, 0), sigma), dtype=np.float32)
        self._grey = grey
        self._scale = face.photo.scale

    def patch(self, mm_to_px: F64, centre_mm: F64, width_mm: float, height_mm: float) -> F32:
        """Sample a ``height x width`` patch, rows downward, through an affine map face-mm -> original px ``(2, 3)``."""
        return self.grid(mm_to_px, centre_mm, _samples(width_mm), _samples(height_mm), STEP_MM)

    def grid(self, mm_to_px: F64, centre_mm: F64, nw: int, nh: int, row_step_mm: float) -> F32:
        """Sample ``nh`` rows (``row_step_mm`` apart, downward) of ``nw`` columns (:data:`STEP_MM` apart) around ``centre_mm``."""
        u0 = float(centre_mm[0]) - (nw - 1) / 2.0 * STEP_MM
        v0 = float(centre_mm[1]) + (nh - 1) / 2.0 * row_step_mm
        col = mm_to_px[:, 0] * STEP_MM
        row = -mm_to_px[:, 1] * row_step_mm
        start = mm_to_px[:, :2] @ np.array([u0, v0]) + mm_to_px[:, 2]
        m = np.column_stack([col, row, start]) / self._scale
        m[:, 2] -= 0.5  # continuous coordinates -> pixel centres
        out = cv2.warpAffine(self._grey, m, (nw, nh), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
        return np.asarray(out, dtype=np.float32)


def frame_map(frame: FaceFrame, *, mirror: bool = False) -> F64:
    """Affine map ``(2, 3)``: face-frame mm ``(u, v)`` -> the frame's photo pixels; ``mirror`` reads ``(-u, v)`` instead."""
    k = 1.0 / frame.mm_per_px
    sign = -1.0 if mirror else 1.0
    return np.column_stack([sign * frame.left * k, frame.up * k, frame.origin_px])


class Match(NamedTuple):
    """A patch's best match: its offset ``(du, dv)`` mm from the centre (v upward), its score, and how flat its peak is."""

    offset: F64
    score: float
    #: Vertical extent of the peak, mm: the rows around the best, in its column, that score within :data:`FLAT_SCORE` of it.
    #: A wide one means the patch looks alike over that range (a thick brow that fills it), so the offset is poorly fixed.
    flat_mm: float
    #: How far above or below the best another peak lies that scores within :data:`FLAT_SCORE` of it, mm (the farthest
    #: such; 0 where there is none, or where :func:`match` was not asked for it): the patch fits two places about
    #: equally, and a small change of the photo can decide between them.
    rival_mm: float = 0.0


def _textured(area: F32) -> bool:
    """Whether an area's grey varies at all (SD of at least one grey level): a match needs something to match."""
    return float(cv2.meanStdDev(area)[1][0, 0]) >= 1.0  # as np.std, at a fraction of its time


def match(search: F32, template: F32, *, min_score: float = MIN_SCORE, margin: float = 0.0, rivals: bool = False) -> Match | None:
    """Where ``template`` best matches inside ``search`` (:class:`Match`).

    None when the template has no texture, the best correlation is below ``min_score``, the best match
    sits on the edge of the search range (not a real optimum), or, with a ``margin``, another peak along the
    rows scores within ``margin`` of it (two places fit about as well). With ``rivals`` the match's
    :attr:`Match.rival_mm` is measured (a search of the score map that only the brow head's reading uses).
    """
    if not _textured(template):
        return None
    score = cv2.matchTemplate(search, template, cv2.TM_CCOEFF_NORMED)
    _mn, best, _lmin, (bx, by) = cv2.minMaxLoc(score)
    h, w = score.shape
    if best < min_score or (w > 1 and not 0 < bx < w - 1) or (h > 1 and not 0 < by < h - 1):
        return None
    if margin > 0.0 and w > 2:
        along = score.max(axis=0)  # the best over the rows at each place along them
        peaks = np.flatnonzero((along[1:-1] >= along[:-2]) & (along[1:-1] >= along[2:])) + 1
        others = along[peaks[np.abs(peaks - bx) > 1]]  # other peaks, not the best's own
        if others.size and float(others.max()) > best - margin:
            return None

    dx = _vertex(score[by], bx)[0]
    dy, top, bottom = _vertex(score[:, bx], by)
    offset = np.array([(dx - (w - 1) / 2.0) * STEP_MM, -(dy - (h - 1) / 2.0) * STEP_MM])
    return Match(offset, float(best), (bottom - top) * STEP_MM, _rival_mm(score, bx, by) if rivals else 0.0)


def _rival_mm(score: npt.NDArray[Any], bx: int, by: int) -> float:
    """The vertical distance, mm, from the best score at ``(bx, by)`` to the farthest other local peak within :data:`FLAT_SCORE` of it."""
    peaks = (score >= cv2.dilate(score, np.ones((3, 3), np.uint8))) & (score >= score[by, bx] - FLAT_SCORE)
    ys, xs = np.nonzero(peaks)
    other = (np.abs(ys - by) > 1) | (np.abs(xs - bx) > 1)  # not the best's own peak
    return float(np.abs(ys[other] - by).max()) * STEP_MM if other.any() else 0.0


def _vertex(profile: npt.NDArray[Any], k: int) -> tuple[float, int, int]:
    """The peak of a profile of scores at its sample ``k``: where it tops out between samples, and its extent.

    The position is the vertex of the parabola through the sample and its two neighbours (``k`` itself at an end
    or where they do not bend down); the extent is the first and last sample of the run around ``k`` that scores
    within :data:`FLAT_SCORE` of it.
    """
    best = float(profile[k])
    at = float(k)
    if 0 < k < profile.size - 1:
        den = profile[k - 1] - 2.0 * best + profile[k + 1]
        if den < -1e-9:
            at = k + 0.5 * (profile[k - 1] - profile[k + 1]) / den
    within = profile >= best - FLAT_SCORE
    lo, hi = k, k
    while lo > 0 and within[lo - 1]:
        lo -= 1
    while hi < profile.size - 1 and within[hi + 1]:
        hi += 1
    return float(at), lo, hi


def _peak(score: F64, step_mm: float) -> Match | None:
    """The best of a row of scores ``step_mm`` apart (centre = no shift, later = upward) as a vertical :class:`Match`.

    None where the best is below :data:`MIN_SCORE` or on the end of the row (not a real optimum).
    """
    k = int(np.argmax(score))
    if score[k] < MIN_SCORE or not 0 < k < score.size - 1:
        return None
    at, lo, hi = _vertex(score, k)
    return Match(np.array([0.0, (at - (score.size - 1) / 2.0) * step_mm]), float(score[k]), (hi - lo) * step_mm)


def match_upright(left: F32, right: F32, nh: int) -> tuple[Match | None, Match | None, Match | None]:
    """Vertical matches of two areas sampled at half-step rows: ``(both, left, right)``.

    ``left`` and ``right`` (the mirrored partner) are centred on the two points the mesh gives, ``2 (nh - 1) + 1 + 4 J``
    rows of :data:`STEP_MM` / 2 (each patch moves up to ``J`` whole steps each way). ``both`` is the shift ``d`` (v upward:
    the left feature sits ``d`` higher against its partner than the mesh has it) at which the left patch, moved up by
    ``d / 2``, and the right, moved down by ``d / 2``, look most alike (so ``d`` reaches ``2 J`` steps); ``left`` moves
    only the left patch and ``right`` only the right one, the two one-sided readings whose disagreement is the match's
    own error (:attr:`MirrorSampler.spread`).
    """
    rows, width = left.shape
    j_max = (rows - 2 * (nh - 1) - 1) // 4
    centre = (rows - 1) // 2
    a = np.asarray(left, dtype=np.float64)
    b = np.asarray(right, dtype=np.float64)
    a = a - a.mean()  # new arrays: the caller's stay as they are
    b = b - b.mean()
    # Every window is every other row of its area, so each correlation is a sum over rows of per-row sums: the
    # products of every left row with every right row once, then a gather per shift (a tenth of the time of
    # cutting out the windows).
    cross = a @ b.T
    a_sum, b_sum = a.sum(axis=1), b.sum(axis=1)
    a_sq, b_sq = np.einsum("ij,ij->i", a, a), np.einsum("ij,ij->i", b, b)
    offsets = 2 * np.arange(nh) - (nh - 1)
    n = float(width * nh)

    def correlations(down_a: npt.NDArray[np.int_], down_b: npt.NDArray[np.int_]) -> F64:  # window centres, half rows below the middle
        ra = centre + down_a[:, None] + offsets
        rb = centre + down_b[:, None] + offsets
        sa, sb = a_sum[ra].sum(axis=1), b_sum[rb].sum(axis=1)
        cov = cross[ra, rb].sum(axis=1) - sa * sb / n
        var = np.maximum(a_sq[ra].sum(axis=1) - sa * sa / n, 0.0) * np.maximum(b_sq[rb].sum(axis=1) - sb * sb / n, 0.0)
        return np.where(var > 0.0, cov / np.sqrt(np.maximum(var, 1e-300)), -1.0)

    half_rows = np.arange(-2 * j_max, 2 * j_max + 1)  # how far each patch moves (half rows; up for the left one)
    steps = half_rows[::2]  # whole steps, when only one of them moves
    still = np.zeros_like(steps)
    both = correlations(-half_rows, half_rows)  # each moves half: a whole step of d per half row
    return _peak(both, STEP_MM), _peak(correlations(-steps, still), STEP_MM), _peak(correlations(still, steps), STEP_MM)


def _middle(big: F32, p: Patch) -> F32:
    """The patch ``p`` cut from the middle of its search area ``big`` (both sampled on one grid around one centre)."""
    nw, nh = _samples(p.width_mm), _samples(p.height_mm)
    top, left = (big.shape[0] - nh) // 2, (big.shape[1] - nw) // 2
    return big[top : top + nh, left : left + nw]


def _median(a: F32) -> float:
    """``np.median`` of a short 1-D array, without its overhead (a tenth of the lip line's time went to it)."""
    n = a.size
    part = np.partition(a, (n - 1) // 2 if n % 2 else (n // 2 - 1, n // 2))
    return float(part[n // 2]) if n % 2 else (float(part[n // 2 - 1]) + float(part[n // 2])) / 2.0


def contour_v(uv: F64, idx: tuple[int, ...], u: float) -> float:
    """Height ``v`` of a contour (landmark indices, face mm) at horizontal position ``u``: linear between and beyond."""
    # Plain Python on a handful of points: called a few hundred times per analysis, where numpy's per-call
    # overhead was a seventh of the analysis time.
    pts: list[list[float]] = sorted(uv[list(idx)].tolist())
    u0, v0 = pts[0]
    u1, v1 = pts[1]
    if u <= u0:
        return v0 + (u - u0) * (v1 - v0) / max(u1 - u0, 1e-9)
    ua, va = pts[-2]
    ub, vb = pts[-1]
    if u >= ub:
        return vb + (u - ub) * (vb - va) / max(ub - ua, 1e-9)
    for (ua, va), (ub, vb) in itertools.pairwise(pts):
        if u <= ub:
            return va + (vb - va) / (ub - ua) * (u - ua) if ub > ua else vb
    return vb


def brow_head_centre(uv: F64, side: Side) -> F64:
    """Where the brow head's patch is centred (face mm): :data:`BROW_HEAD_DROP_MM` below the medial end of the brow's
    upper contour, the top of the brow head."""
    return np.asarray(uv[side.brow_upper[-1]] - np.array([0.0, BROW_HEAD_DROP_MM]), dtype=np.float64)


def brow_band_centre(uv: F64, side: Side, u: float) -> F64:
    """The middle of one side's brow band at horizontal position ``u`` (face mm): halfway between its upper and lower
    contours, where the brow patches are centred."""
    return np.array([u, (contour_v(uv, side.brow_upper, u) + contour_v(uv, side.brow_lower, u)) / 2.0])


# --- the patches of the features -------------------------------------------------------------------

# Across the axis (a feature against its mirrored partner). Brows are bands: along them a
# match is ambiguous, so they are registered vertically only, on a patch of the whole band (a thin patch on
# the upper edge alone agreed about as well with hand-placed templates but moved up to 0.7 mm when the photo
# was turned 15°; a 14 mm patch, with skin above and below even a thick brow, read lifts of thick brows better
# but a 2.9 mm frontalis drop on another face as 1.6 mm). The brow head ends the band, so it is registered both
# across and along the brow, on a patch that holds the whole head with skin above and medially: from 3.5 mm
# above the mesh's head point (which sits on the hair tips, above the visible top) to 7.5 mm below it, 6 mm
# each side. Its match is searched 6 mm along the brow: the mesh places the two heads up to ~5 mm apart along
# it, and a 3 mm search stopped at its edge on a third of the shared photos, mostly where both directions
# agreed on a peak beyond it. Of the head patches tried (10-12 mm wide, 7-11 mm tall), this one's two
# directions agreed best over the shared rest photos (RMS 0.5 mm vertically), and its re-captures of one
# person spread 0.3 mm (0.2-0.55 mm for the others). Against the 38 annotated photos the search's reach matters
# more than it should: searched 5, 5.5, 6, 6.5 or 7 mm, the inner brow's r with the templates is 0.65, 0.65, 0.74,
# 0.76 and 0.69. A few heads (frl_london_012, 031, 117, 061) match about equally well at two heights 2-3 mm apart,
# and which one is found depends on where the search ends; picking among searches of 4.5-8 mm by match score or
# by the two directions' vertical agreement gave 0.73 and 0.70. Expect about 0.70 on faces not among them
# (benchmarks/annotated.py --reach prints the first figures).
# Such a head is read with that doubt in its uncertainty: half the height between the best peak of the wide match
# and the farthest other peak that scores within FLAT_SCORE of it (Match.rival_mm, either direction's). Over the 38
# annotated photos the gap was 1.5 mm or more on 6 heads (up to 3.8 mm), and under seven small changes of
# the photo (sharpening, JPEG quality 15, half contrast, noise, half size, a darker tone curve, blur) those heads'
# readings moved 0.71 mm RMS against 0.18 for the others (the gap and the move correlate 0.69): frl_london_025's
# moved 1.24 mm with noise while its stated uncertainty was 0.57 mm (now 0.98). The share of heads within 2
# uncertainties + 0.3 mm of the templates went from 79 to 82 % as shot, rose under 8 of the 11 changes of
# annotated.py --perturb (sharpened 76 to 82 %, noise 79 to 84 %) and fell under none; the median uncertainty went
# from 0.58 to 0.63 mm. The gap does not foretell the error against the templates (their head points carry more
# error of their own: correlation 0.19), only how unstable the reading is, which is what the uncertainty states.
# The head is searched 4.5 mm vertically: the largest brow move the preview draws, on top of what the mesh
# already misplaces (its two head points sit up to ~2.5 mm apart in height where the picture shows none). A
# 3 mm search stopped at its edge on a head that sat low and was lowered further, and the reading fell back to
# a match at the wrong place along the brow. (The vertical-only retry below keeps 3 mm: searched further, it
# settled on another part of a faint head rather than finding none.)
# The wide match is then refined on the two heads as matched, searched only 1.5 mm along the brow, so that
# where the score is nearly flat along the brow the two directions settle on the same content. Along a
# faint or fanned head the match can still find no peak; the head is then registered vertically only, at
# the mesh's head points, before falling back to the mesh.
BROW_ACROSS = Patch(width_mm=12.0, height_mm=10.0, search_u_mm=0.0, search_v_mm=3.5)
#: Where the band's match is flat over more than :data:`BROW_FLAT_MM` in either direction, the band is registered
#: again on this taller patch, which reaches the skin above and below a brow thick enough to fill the 10 mm one.
#: Over the 60 shared rest photos (355 band registrations) the peak was at most 1.0 mm wide on all but 13 and wider
#: than 1.5 mm on 5, on three photos: frl_london_068 (1.8 mm), W000809 (1.6 mm) and H001079's thick dark brows
#: (2.0-2.4 mm), where a simulated 1.23 mm lift of the mid-brow was read back as 0.90 mm on the 10 mm patch and as
#: 1.01 mm with this one. The annotated comparison (benchmarks/annotated.py) reads the same to 0.01 either way.
BROW_TALL_ACROSS = Patch(width_mm=12.0, height_mm=14.0, search_u_mm=0.0, search_v_mm=3.5)
BROW_FLAT_MM = 1.5
BROW_HEAD_ACROSS = Patch(width_mm=12.0, height_mm=11.0, search_u_mm=6.0, search_v_mm=4.5)
#: The head's patch re-registered on the two heads as matched, each round searched only 1.5 mm along the brow,
#: so that the final match is local and both directions see the same content (:data:`REFINE_ROUNDS`).
BROW_HEAD_REFINE = Patch(width_mm=12.0, height_mm=11.0, search_u_mm=1.5, search_v_mm=3.0)
#: The head's patch registered vertically only, at the mesh's head points: used where the match along the
#: brow finds no peak within its search (a faint or fanned head that does not end clearly).
BROW_HEAD_UPRIGHT = Patch(width_mm=12.0, height_mm=11.0, search_u_mm=0.0, search_v_mm=3.0)
#: Refinement rounds after a wide match (each re-centres both patches on the estimate so far), and the step that ends them, mm.
REFINE_ROUNDS = 2
REFINE_CONVERGED_MM = 0.05
#: How far below the mesh's brow-head point the head's patch is centred, mm.
BROW_HEAD_DROP_MM = 2.0
MOUTH_ACROSS = Patch(width_mm=7.0, height_mm=5.0, search_u_mm=3.5, search_v_mm=4.0)
#: The lower nose (tip, nostrils and alae) against its own mirror image (:meth:`MirrorSampler.midline_offset`). The
#: mesh follows 1 % of a simulated sideways shift of the nose; this match reads 1, 3 and 5 mm shifts as 0.92-1.10,
#: 2.61-2.99 and 4.45-4.95 mm (the five shared neutral photos), and agrees with hand-placed templates at r 0.92 where
#: the mesh does at 0.69. The search, 12 mm, is twice a 6 mm offset from where the mesh puts the nose: the feature's
#: mirror image moves twice as far as the feature. (The same match of the lips and of the chin followed simulated
#: shifts too, but agreed with the templates at r 0.35 each: the lips' edges run across the match and the chin's
#: outline fades into the neck or a beard.)
NOSE_ACROSS = Patch(width_mm=20.0, height_mm=16.0, search_u_mm=12.0, search_v_mm=1.0)
#: A lower nose matches its own mirror image at a correlation of 0.87 (median over the 56 shared rest photos). Searched
#: 12 mm each way, a nose lit from one side or half in a smile's shadow can fit a cheek fold better than itself
#: (H001066: 0.57 at 11 mm, "7.5 mm off the midline"), or fit two places about equally (W000809: 0.75 twice). Such a
#: match is refused and the offset rests on the mesh, with the mesh's error in its uncertainty. Side light costs some
#: real matches: on cc0_zoom_45cm a nose shifted 3-5 mm to the subject's right also fits a place on the other side
#: nearly as well (0.78 and 0.74 at 3 mm) and is refused; refusing only rivals nearer the expected place read that
#: 3 mm shift right (2.86 mm) but the 5 mm one as 4.1 mm the wrong way.
MIDLINE_MIN_SCORE = 0.7
MIDLINE_MARGIN = 0.1
#: The iris with the white on each side of it, registered across the axis (and refined) to find the height difference of
#: the two irises, the line every height is read from: the mesh's iris centres move up to 0.3-0.5 mm against each other
#: when any part of the face changes (a one-sided lift, a simulated relaxation of the jaw), the picture of the irises does not.
IRIS_ACROSS = Patch(width_mm=12.0, height_mm=8.0, search_u_mm=1.5, search_v_mm=1.5)

# Over time (a feature at rest against itself in an expression). A raised brow moves further than two
# brows differ, so it is searched further; the head of the brow (a frown pulls it in and down) is
# registered both ways; a mouth corner ends in a faint fade along a tilted lip line, so only its height
# is well defined in the image.
BROW_MOVE = Patch(width_mm=12.0, height_mm=10.0, search_u_mm=0.0, search_v_mm=4.0)
LID_MOVE = Patch(width_mm=8.0, height_mm=5.0, search_u_mm=0.0, search_v_mm=3.0)
BROW_HEAD_MOVE = Patch(width_mm=8.0, height_mm=8.0, search_u_mm=3.0, search_v_mm=3.0)
CORNER_MOVE = Patch(width_mm=7.0, height_mm=5.0, search_u_mm=0.0, search_v_mm=4.0)


# --- across the axis -------------------------------------------------------------------------------

#: Lip line: followed column by column (0.2 mm) with strips 0.6 mm wide, each searched within ±1.6 mm of the last.
_LIP_NEAR_MM = 0.6  # the height is a straight line through the clear columns within this of where it is read
_LIP_END_MM = 0.75  # lips apart: the height is the median of the clear columns within this of where it is read
_LIP_STRIP_MM = 0.6
_LIP_WINDOW_MM = 1.6
_LIP_FIRST_WINDOW_MM = 3.2
_LIP_DRIFT_MM = 2.5  # how far the line may wander from where it is picked up, within the track
_LIP_TRACK_MM = 4.0  # the line is picked up this far inside the mesh's corner and followed outward
#: The line is followed this far beyond the mesh's corner, to where it ends (the corner in the picture). When a corner
#: is pulled down the mesh draws it inward: by up to 2.6 mm for a simulated 5 mm drop (benchmarks/accuracy.py).
#: Over the 38 annotated photos the reach matters little: followed 0, 1.2, 2, 2.4 or 3.2 mm beyond the mesh's corner,
#: r with the templates is 0.945, 0.959, 0.954, 0.953 and 0.951 (0.931 read at the same distance from the axis on
#: both sides, the two mesh corners' mean).
_LIP_BEYOND_MM = 2.0
#: Beyond the mesh's corner the line ends where no clear column is found for longer than this, or where its height
#: jumps by more than :data:`_LIP_JUMP_MM` from one clear column to the next (it has run onto another dark
#: line: a crease or the shadow below the corner). Inside the mesh's corner the line is taken as unbroken: there a
#: gap is the photo's noise hiding a few columns of a faint line. Over the 38 annotated photos, ending the line at a
#: gap anywhere and with no jump, noise of SD 8 grey levels moved the corners' difference by 0.18 mm RMS (0.84 at
#: most) and JPEG quality 40 by 0.20 mm (1.01); as here, by 0.13 (0.42) and 0.14 mm (0.73).
_LIP_GAP_MM = 0.6
_LIP_JUMP_MM = 0.5
#: Beyond the mouth a crease often carries on from the corner, fainter than the line between the lips: where the line
#: ends, a column counts only if it stands out by at least this share of the line's median contrast inside the
#: mesh's corner. On frl_london_136's smile, whose creases run on up the cheek, the corners' difference read 0.5 mm
#: with no share and 1.0 mm at one half; the picture shows about 1.15 mm.
_LIP_END_CONTRAST = 0.5
_LIP_INSET_MM = 1.0  # read this far inside the line's end
_LIP_MIN_CONTRAST = 6.0  # grey levels between the line and its surroundings, at least
#: The line must also stand out by this many times the photo's noise there (the robust SD of the patch's second
#: differences down its columns, over sqrt 6): 0.4-0.7 grey levels on the annotated photos, 1.0 with added noise of
#: SD 4 and 1.6 with SD 8, so on a clean photo the 6 grey levels above decide. On a faint lip line (frl_london_137,
#: too faint to follow as shot) noise of SD 8 lifted enough dark specks past 6 grey levels to "follow" a line 3 mm off
#: on one side. Over the 38 annotated photos, noise of SD 4, 8 and 12 now moves the mouth-corner difference by 0.06,
#: 0.07 and 0.19 mm RMS (was 0.06, 0.50 and 0.13; the largest change at SD 8 is 0.22 mm, was 3.07); the photos as shot
#: read the same.
_LIP_NOISE_FACTOR = 6.0


@dataclass(frozen=True)
class _LidColumns:
    """Where the lid margins are read in one group of columns, and which way their steps go.

    ``columns_mm`` are distances from the pupil, taken on both sides of it (whole sampling steps, so a
    mirrored photo is read in the same columns); each margin is searched within its window (mm below and
    above the mesh's lid contour at that column); a ``+1`` sign looks for a margin brighter above it.
    With ``lower_nasal_only`` the lower margin is read only in the columns on the nose's side of the pupil.
    """

    columns_mm: tuple[float, ...]
    upper_window_mm: tuple[float, float]
    upper_sign: float
    lower_window_mm: tuple[float, float]
    lower_sign: float
    lower_nasal_only: bool = False


#: The lid's patch, registered across the axis to move the margins' search windows by half the difference it
#: finds on each side: where the mesh follows only part of a lid's move, the windows follow the rest.
LID_ACROSS = Patch(width_mm=8.0, height_mm=5.0, search_u_mm=0.0, search_v_mm=3.0)
# The lid margins are read twice, in columns of two kinds whose errors hardly agree (their readings of the
# opening difference correlate about 0.4 over the shared annotated faces), and combined (:data:`_LID_CLEARER_SHARE`):
# - over the iris beside the pupil (clear of the pupil and its catchlight, whose edges are stronger than the
#   margin's): the upper margin is the step from the lid skin down to the dark lash line, the lower one the
#   step from the iris down to the brighter lower lid. The mesh's upper lid follows the visible top of the
#   iris, under the lashes, so the upper margin is searched mostly above it.
# - over the white of the eye, just beyond the iris: the step from the lash line down to the white, and from
#   the white down to the lower lid. The lower margin there is read on the nose's side of the pupil only. On
#   the temple's side the white meets the lower lid with little contrast, and the lower lashes and their
#   shadow offer a second step: carried to the pupil, the temple side's columns read 1.0 mm (median) below
#   the nose side's, more than 1 mm apart on 53% of the 76 annotated eyes, and the median of all eight
#   columns switched between the two with a small change of the photo (a mirrored copy of frl_london_140
#   read 0.5 mm apart; over the 38 photos a mirrored copy moved the eye opening by 0.083 mm RMS, now 0.010).
#   Read on the nose's side alone, the eye opening keeps r 0.44-0.55 with the templates under every change of
#   benchmarks/annotated.py --perturb (was 0.39-0.57: 0.49 at half contrast, was 0.39), 0.54 as shot (was
#   0.57, within the ±0.15 the 38 faces allow); the temple's side alone reads 0.44 as shot. A tone curve
#   (gamma 1.8 and 0.6), half contrast, 0.6 exposure and a 1.5-pixel blur move it by 0.08, 0.07, 0.20, 0.09
#   and 0.17 mm RMS over the 38 photos (was 0.13, 0.12, 0.26, 0.11 and 0.19).
_LID_OVER_IRIS = _LidColumns((2.0, 2.4, 2.8), (-1.0, 2.5), 1.0, (-2.0, 1.5), -1.0)
_LID_OVER_WHITE = _LidColumns((6.6, 7.2, 7.8, 8.4), (-1.5, 2.0), -1.0, (-1.5, 1.5), 1.0, lower_nasal_only=True)
#: Where both groups read both eyes, each margin's difference is taken this much from the group where that margin
#: is the clearer edge and the rest from the other: the upper margin over the white (the lid's edge against the
#: white; over the iris the step read is the top of the lash line, which lashes and their shadow move), the lower
#: margin over the iris (dark iris against the lid; over the white the lid meets it with little contrast). Over the
#: 38 annotated photos, each group's margin differences against the templates': upper 0.35 mm SD over the white,
#: 0.48 over the iris; lower 0.33 over the iris, 0.45 over the white. The eye opening's r with the templates went
#: from 0.54 to 0.59 as shot and rose under every change of ``annotated.py --perturb`` tried (half size, JPEG
#: quality 40, darker tone curve, half contrast, noise, blur, 6° rotation: 0.49-0.59, was 0.49-0.55), moving about
#: as much under them (0.08-0.23 mm RMS, was 0.08-0.20). Read from the clearer group alone (a share of 1), r was 0.58
#: as shot but 0.46 at half contrast and with blur, and JPEG moved it twice as far: each margin then rests on half
#: the columns. Since the columns are carried to the pupil as a lid moves (:data:`_LID_FOLLOW_FLOOR`), the upper
#: margin over the white agrees with the templates about as well as over the iris (0.51 and 0.53 mm SD, each margin's
#: left - right height from the iris line; 0.39 and 0.52 before, read the same way) and the lower one still best over
#: the iris (0.38 against 0.61); with the upper margin taken half and half, r was 0.59 (0.61 as shipped).
_LID_CLEARER_SHARE = 0.75
#: Each column's profile is smoothed this much (mm) before its steepest step is taken.
_LID_BLUR_MM = 0.3
#: A column's step is placed at the centroid of its steepness raised to this power (a soft maximum): where two
#: steps of nearly equal strength compete (the lash line's top and a catchlight), the reading moves between them
#: smoothly rather than jumping. With a hard maximum a 2 mm brow lift moved one photo's eye opening by 1.1 mm.
_LID_SOFT_MAX_POWER = 8.0
#: A column's margin counts only where its step, across :data:`_LID_STEP_SPAN_MM` each way, is at least this share of
#: the patch's range (90th minus 10th percentile). Steps are read in log grey, so a photo exposed darker or lighter
#: (grey times a factor) reads the same and a different tone curve (a power of grey) nearly so; and a step is judged by
#: its height against the patch's own range, not by its steepness in grey levels, so a flat, hazy or soft photo keeps
#: its margins. 0.05 is as strict, on a typical photo, as the 8 grey levels per mm of steepness it replaces. Over the
#: 38 annotated photos the eye opening moved, when darkened by a tone curve (gamma 1.8), lightened (gamma 0.6), at
#: half contrast, at 0.6 exposure and with a 1.5-pixel blur, by 0.16, 0.15, 0.26, 0.16 and 0.19 mm RMS (was 0.25, 0.19,
#: 0.31, 0.29 and 0.22 mm; at half contrast 40 of 456 column groups had found no margin). Noise of SD 8 grey levels moves
#: it more, 0.18 mm (was 0.12): in log grey the noise in the dark lashes and iris weighs more. Agreement with the
#: templates (then r 0.57) and repeatability (0.08 mm pooled, benchmarks/repeatability.py) were as before.
_LID_MIN_STEP_SHARE = 0.05
_LID_STEP_SPAN_MM = 0.5
#: Columns of a group (both sides of the pupil) that must find a margin for the group to read it.
_LID_MIN_COLUMNS = 3
#: A lid pivots at the eye's corners: a lid that sits higher or lower than its partner does so most at the pupil
#: and not at all at the corners. The share of a lid's move at the pupil that a column sees is modelled as
#: ``1 - (x / d) ** 2``, ``x`` the column's distance from the pupil and ``d`` the pupil's from the corner on that side
#: (:func:`_lid_follow`), and a column's distance from the mesh's contour (the part of the move the mesh missed) is
#: divided by it before it is carried to the pupil. Carried along the mesh's contour alone, the columns over the white
#: (6.6-8.4 mm out, where the model gives 0.43-0.78 of the move) read the lid's move at their own place, not at the
#: pupil: an upper lid raised by 1, 2, 3 and 5 mm in six shared photos (benchmarks/accuracy.py) read 0.87, 1.68,
#: 2.52 and 3.20 mm, now 0.97, 1.88, 2.76 and 3.41 (the 5 mm warp also lifts the lower lid, so the opening grows by
#: 2.9-4.8 mm there); the 38 annotated photos' Deming slope against the templates went from 0.65 to 0.94 and r from
#: 0.59 to 0.61. The share is kept at :data:`_LID_FOLLOW_FLOOR` or more, so a column near a corner, where the model is
#: least sure, amplifies its own error at most twice (it binds on about half the outermost columns on the temple's
#: side; without it r is 0.60).
_LID_FOLLOW_FLOOR = 0.5


def _lid_follow(u: float, pupil_u: float, corners: tuple[float, float]) -> float:
    """The share of a lid's move at the pupil that the lid makes at ``u``: 1 at the pupil, 0 at the eye's corners (floored)."""
    lo, hi = sorted(corners)
    reach = hi - pupil_u if u > pupil_u else pupil_u - lo  # from the pupil to the corner on the column's side
    if reach <= 0.0:  # a pupil outside the corners (a mesh gone astray): no model
        return 1.0
    return max(1.0 - ((u - pupil_u) / reach) ** 2, _LID_FOLLOW_FLOOR)


class MirrorSampler:
    """Registers a feature's patch against its partner's mirrored patch in the face frame."""

    def __init__(self, face: Face, frame: FaceFrame) -> None:
        self._grey = Grey(face, frame.mm_per_px)
        self._maps = {mirror: frame_map(frame, mirror=mirror) for mirror in (False, True)}
        self._failed: list[str] = []
        self._missed: list[str] = []
        self._retried: list[str] = []
        self._spread: dict[str, float] = {}
        self._doubt: dict[str, float] = {}

    @property
    def missed(self) -> frozenset[str]:
        """The labels of every registration that found no match so far (warned about or not): those measures rest on the mesh alone."""
        return frozenset(self._missed)

    @property
    def retried(self) -> frozenset[str]:
        """The labels of every registration so far read on its ``retry`` patch (the first patch found no match).

        The brow head's retry is matched vertically only, where the mesh put the two heads: along the brow, where the
        head's top rises steeply, the mesh's placement is then not corrected, and its error stays in the reading.
        """
        return frozenset(self._retried)

    @property
    def spread(self) -> dict[str, float]:
        """Half the vertical disagreement of the two directions of each label's registrations so far, mm.

        The largest where a label was registered more than once. The two directions see the same content
        from either side, so where they settle on different peaks (a brow head that fades out along the
        brow) this is an estimate of the match's own error. A label given a known error of its reading
        (:meth:`add_doubt`) has it combined in. A copy: the sampler is not changed through it.
        """
        out = dict(self._spread)
        for label, sd in self._doubt.items():
            out[label] = math.hypot(out.get(label, 0.0), sd)
        return out

    def add_doubt(self, label: str, sd_mm: float) -> None:
        """Note an error ``label``'s reading is known to carry beyond its match's own (SD, mm; the largest noted is kept).

        For a reading that stands in for a better one that found nothing: the mouth's patch where the lip line is
        unclear. It is combined into :attr:`spread`.
        """
        self._doubt[label] = max(self._doubt.get(label, 0.0), sd_mm)

    @property
    def warnings(self) -> tuple[str, ...]:
        if not self._failed:
            return ()
        return (
            "Some features could not be matched between the two sides of the photo (hair, glasses or shadow?), so their measures rest on the face mesh alone.",
        )

    def _patch(self, centre_mm: npt.NDArray[np.float64], width_mm: float, height_mm: float, mirror: bool) -> npt.NDArray[np.float32]:
        """Sample a patch of the face frame; ``mirror`` samples at ``(-u, v)`` so a right feature looks like a left one."""
        return self._grey.patch(self._maps[mirror], centre_mm, width_mm, height_mm)

    def _follow_lip_line(self, u_first: float, v_start: float, outward: float, steps: int) -> list[tuple[int, float, float]]:
        """The dark line between the lips, followed ``steps`` columns outward from ``(u_first, v_start)``.

        One patch covers the track; each 0.2 mm column (averaged over :data:`_LIP_STRIP_MM`) is searched for its
        darkest point within :data:`_LIP_WINDOW_MM` of the last height found (the first column more widely), so the
        line is followed as it bends. A column is clear when its darkest point is darker than its window's median by
        :data:`_LIP_MIN_CONTRAST` grey levels and by :data:`_LIP_NOISE_FACTOR` times the photo's noise, so that
        noise is not followed as a line; a column that is not keeps the last height. Returns ``(k, height,
        contrast)`` of each clear column, ``k`` the columns outward from the first.
        """
        strip_cols = round(_LIP_STRIP_MM / STEP_MM) // 2  # columns each side of a column's centre
        n_cols = steps + 1 + 2 * strip_cols
        n_rows = _samples(2.0 * (_LIP_FIRST_WINDOW_MM + _LIP_DRIFT_MM))
        centre = np.array([u_first + outward * steps * STEP_MM / 2.0, v_start])
        patch = self._grey.grid(self._maps[False], centre, n_cols, n_rows, STEP_MM)
        noise = 1.4826 * float(np.median(np.abs(np.diff(patch, n=2, axis=0)))) / np.sqrt(6.0)
        min_contrast = max(_LIP_MIN_CONTRAST, _LIP_NOISE_FACTOR * noise)
        patch = np.asarray(cv2.GaussianBlur(patch, (1, 0), 1.5), dtype=np.float32)  # along each column only
        width = 2 * strip_cols + 1
        strips = np.add.reduce([patch[:, k : k + n_cols - width + 1] for k in range(width)]) / width  # each column's strip, averaged
        v_top = v_start + (n_rows - 1) / 2.0 * STEP_MM  # v of row 0; rows run downward
        v_guess = v_start
        clear: list[tuple[int, float, float]] = []
        for k in range(steps + 1):  # from the inside outward
            profile = strips[:, k if outward > 0 else steps - k]  # u grows with the strip's index
            half = _LIP_FIRST_WINDOW_MM if not clear else _LIP_WINDOW_MM
            mid = (v_top - v_guess) / STEP_MM
            lo, hi = round(mid - half / STEP_MM), round(mid + half / STEP_MM) + 1
            if lo < 0 or hi > n_rows:
                continue  # the line left the patch: keep the last height
            window = profile[lo:hi]
            i = int(np.argmin(window))
            contrast = float(_median(window) - window[i])
            if not 0 < i < len(window) - 1 or contrast < min_contrast:
                continue
            a, b, c = window[i - 1], window[i], window[i + 1]
            den = a - 2.0 * b + c
            sub = 0.5 * (a - c) / den if den > 1e-9 else 0.0
            v_guess = v_top - (lo + i + sub) * STEP_MM
            clear.append((k, v_guess, contrast))
        return clear

    def _lip_line_at(self, u_corner: float, v_start: float) -> float | None:
        """Height of the dark line between closed lips just inside the mouth corner, followed outward to its end.

        The line is picked up :data:`_LIP_TRACK_MM` inside the mesh's corner ``(u_corner, v_start)`` and followed
        (:meth:`_follow_lip_line`) to :data:`_LIP_BEYOND_MM` beyond it. It ends at the first gap longer than
        :data:`_LIP_GAP_MM` or jump of :data:`_LIP_JUMP_MM` beyond the mesh's corner, counting only columns as clear
        as :data:`_LIP_END_CONTRAST` of the line inside the corner: the corner as the picture shows it. The height is
        read :data:`_LIP_INSET_MM` inside that end, on a straight line through the clear columns within
        :data:`_LIP_NEAR_MM` of it. None where fewer than three in five columns inside the mesh's corner are clear.
        """
        outward = 1.0 if u_corner > 0 else -1.0
        steps = round((_LIP_TRACK_MM + _LIP_BEYOND_MM) / STEP_MM)
        inner_steps = round(_LIP_TRACK_MM / STEP_MM)  # the steps up to the mesh's corner
        clear = self._follow_lip_line(u_corner - outward * _LIP_TRACK_MM, v_start, outward, steps)
        inside = [c for k, _, c in clear if k <= inner_steps]
        if len(inside) < 0.6 * (inner_steps + 1):
            return None
        strong = _LIP_END_CONTRAST * float(np.median(inside))
        gap = round(_LIP_GAP_MM / STEP_MM)
        # the last column inside the mesh's corner that is clear enough: one is, as half of them reach their median
        end, last = next((k, v) for k, v, c in reversed(clear) if k <= inner_steps and c >= strong)
        for k, v, c in clear:
            if k <= end or c < strong:
                continue
            if k - end > gap + 1 or abs(v - last) > _LIP_JUMP_MM:
                break
            end, last = k, v
        at = end - round(_LIP_INSET_MM / STEP_MM)
        near = np.array([(k, v) for k, v, _ in clear if abs(k - at) * STEP_MM <= _LIP_NEAR_MM + 1e-9], dtype=np.float64)
        if len(near) < 2:
            return None
        if len(near) >= 3 and np.ptp(near[:, 0]) > 0:
            return float(np.polyfit(near[:, 0] - at, near[:, 1], 1)[1])
        return float(np.median(near[:, 1]))

    def _lip_line_to(self, u_end: float, v_start: float) -> float | None:
        """Height of the lip line at ``u_end``, followed :data:`_LIP_TRACK_MM` out to it: the median of the clear
        columns within :data:`_LIP_END_MM` of ``u_end``; None where fewer than three in five columns are clear."""
        outward = 1.0 if u_end > 0 else -1.0
        steps = round(_LIP_TRACK_MM / STEP_MM)
        clear = self._follow_lip_line(u_end - outward * _LIP_TRACK_MM, v_start, outward, steps)
        near = [v for k, v, _ in clear if (steps - k) * STEP_MM <= _LIP_END_MM + 1e-9]
        if len(clear) < 0.6 * (steps + 1) or len(near) < 2:
            return None
        return float(np.median(near))

    def lip_line_dv(self, left_mm: npt.NDArray[np.float64], right_mm: npt.NDArray[np.float64], *, apart: bool = False) -> float | None:
        """Left minus right height of the lip line just inside the mouth corners, mm; None if unclear.

        Where the lips meet, each side's line is followed to its own end (:meth:`_lip_line_at`), so the height is
        read at the same distance inside each corner as the picture shows it. Read at the same distance from the axis
        on both sides (the two mesh corners' mean), a mouth set to one side of the axis, by a head turn or a smile,
        was read inside one corner and beyond the other: where the line bends up toward the corners, as in a smile,
        that moved the difference by 2 mm (frl_london_001's smile, its corners 2.4 mm unevenly far from the axis:
        3.2 mm read, about 1.3 mm in the picture). The mesh's corner alone will not do either: it moves inward as a
        corner is pulled down. Where the lips are ``apart`` (teeth or the mouth's inside between them) there is no
        line where they meet: the edge of the opening runs on into the smile's crease, and followed to its end it
        was read on the crease. There both sides are read :data:`_LIP_INSET_MM` inside the mesh corners' mean
        distance from the axis.
        """
        if min(abs(float(left_mm[0])), abs(float(right_mm[0]))) <= _LIP_TRACK_MM + _LIP_INSET_MM:
            return None
        if apart:
            reach = (abs(float(left_mm[0])) + abs(float(right_mm[0]))) / 2.0 - _LIP_INSET_MM
            left = self._lip_line_to(reach, float(left_mm[1]))
            right = self._lip_line_to(-reach, float(right_mm[1]))
        else:
            left = self._lip_line_at(float(left_mm[0]), float(left_mm[1]))
            right = self._lip_line_at(float(right_mm[0]), float(right_mm[1]))
        if left is None or right is None:
            return None
        return left - right

    def _lid_margins(
        self,
        pupil_u: float,
        upper: Callable[[float], float],
        lower: Callable[[float], float],
        group: _LidColumns,
        lift: tuple[float, float],
        corners: tuple[float, float],
    ) -> tuple[float, float] | None:
        """Heights of one eye's upper and lower lid margins carried to the pupil, mm, from one group of columns; None if unclear.

        Each column is searched near the mesh's lid contours, moved by ``lift`` (upper, lower; mm), for its
        steepest step of the group's sign. A column's height is carried to the pupil along the mesh's
        contour, its distance from the contour divided by the share of a lid's move the column sees
        (:func:`_lid_follow`, from the eye's ``corners``, their ``u`` in mm), and the columns' median is the margin;
        a step at the end of its search window is read there (the margin is at least that far from the mesh). The
        margins' heights are offset from the visible margin by however far the group's step sits from it, the same
        on both eyes: only their left - right difference is meant.
        """
        reach = max(group.columns_mm)
        us = [pupil_u + k * off for k in (-1.0, 1.0) for off in group.columns_mm]
        follow = np.array([_lid_follow(u, pupil_u, corners) for u in us])
        at_upper = np.array([upper(u) for u in us])  # the mesh's contours at the columns
        at_lower = np.array([lower(u) for u in us])
        top = float(at_upper.max()) + lift[0] + group.upper_window_mm[1] + 1.0
        bottom = float(at_lower.min()) + lift[1] + group.lower_window_mm[0] - 1.0
        centre = np.array([pupil_u, (top + bottom) / 2.0])
        patch = self._patch(centre, 2.0 * reach, top - bottom, mirror=False)
        patch = np.asarray(cv2.GaussianBlur(patch, (0, 0), _LID_BLUR_MM / STEP_MM), dtype=np.float32)
        patch = np.log(np.maximum(patch, 1.0))  # log grey: an exposure change only adds a constant
        p10, p90 = np.percentile(patch, (10, 90))
        min_step = _LID_MIN_STEP_SHARE * float(p90 - p10)
        rows = patch.shape[0]
        vs = centre[1] + (rows - 1) / 2.0 * STEP_MM - np.arange(rows) * STEP_MM  # rows run downward
        vs_up, patch_up = vs[::-1], patch[::-1]  # the same, bottom row first: ascending heights, for np.interp
        brighter_above = -np.gradient(patch, axis=0) / STEP_MM  # log grey per mm

        cols = np.array([round((u - (pupil_u - reach)) / STEP_MM) for u in us])
        every = np.ones(len(us), dtype=bool)
        nasal = np.array([abs(u) < abs(pupil_u) for u in us]) if group.lower_nasal_only else every
        margins = []
        for contour, at, sign, window, dv, use in (
            (upper, at_upper, group.upper_sign, group.upper_window_mm, lift[0], every),
            (lower, at_lower, group.lower_sign, group.lower_window_mm, lift[1], nasal),
        ):
            at_pupil = contour(pupil_u)
            # Every column at once: rows x columns, each column's search window masked in.
            inside = (vs[:, None] >= at + dv + window[0]) & (vs[:, None] <= at + dv + window[1])
            g = np.where(inside, sign * brighter_above[:, cols], -np.inf)
            top_g = g.max(axis=0)
            ok = (top_g > 0.0) & use  # a column read, with a step of the right sign (none where the window is empty: lids crossed)
            weight = np.where(inside & ok, np.clip(g, 0.0, None) / np.where(ok, top_g, 1.0), 0.0) ** _LID_SOFT_MAX_POWER
            total = weight.sum(axis=0)
            ok &= total > 0.0
            v_c = (vs[:, None] * weight).sum(axis=0) / np.where(ok, total, 1.0)
            found = []
            for k in np.flatnonzero(ok):
                col = cols[k]
                step = np.interp(v_c[k] + _LID_STEP_SPAN_MM, vs_up, patch_up[:, col]) - np.interp(v_c[k] - _LID_STEP_SPAN_MM, vs_up, patch_up[:, col])
                if sign * step >= min_step:
                    found.append((float(v_c[k]) - float(at[k])) / float(follow[k]) + at_pupil)
            if len(found) < _LID_MIN_COLUMNS:
                return None
            margins.append(float(np.median(found)))
        return margins[0], margins[1]

    def lid_opening_dv(
        self,
        pupils: tuple[float, float],
        uppers: tuple[Callable[[float], float], Callable[[float], float]],
        lowers: tuple[Callable[[float], float], Callable[[float], float]],
        corners: tuple[tuple[float, float], tuple[float, float]],
    ) -> float | None:
        """Left minus right eye opening between the lid margins at the pupils, mm; None if no group of columns reads both eyes.

        ``pupils``, ``uppers``, ``lowers`` and ``corners`` are (left, right): the pupils' ``u``, the mesh's lid contours
        ``v(u)`` and the ``u`` of each eye's two corners. Each lid's patch is first registered across the axis (:data:`LID_ACROSS`, both directions)
        and each eye's search windows moved by half the difference found, so they follow a lid the mesh
        follows only in part. The margins are then read over the iris and over the white of the eye
        (:data:`_LID_OVER_IRIS`, :data:`_LID_OVER_WHITE`), and each margin's difference taken mostly from the group
        where it is the clearer edge (:data:`_LID_CLEARER_SHARE`); half the two groups' disagreement about the opening
        is kept in :attr:`spread`. Where only one group reads both eyes, its difference is used and its disagreement
        with the mesh's own difference is kept instead.
        """
        lift = []
        for contours in (uppers, lowers):
            left_mm = np.array([pupils[0], contours[0](pupils[0])])
            right_m = np.array([-pupils[1], contours[1](pupils[1])])
            a, b = self._both_ways(left_mm, right_m, LID_ACROSS)
            lift.append(0.0 if a is None or b is None else float(a[0][1] - b[0][1]) / 4.0)
        openings = []  # per group that reads both eyes: (left, right) margins' (upper, lower)
        for group in (_LID_OVER_IRIS, _LID_OVER_WHITE):
            left = self._lid_margins(pupils[0], uppers[0], lowers[0], group, (lift[0], lift[1]), corners[0])
            right = self._lid_margins(pupils[1], uppers[1], lowers[1], group, (-lift[0], -lift[1]), corners[1])
            if left is not None and right is not None:
                openings.append((left, right))
        if not openings:
            self._missed.append("eye_opening")
            return None
        diffs = [(left[0] - left[1]) - (right[0] - right[1]) for left, right in openings]
        if len(diffs) == 1:  # the other reading to disagree with is the mesh's own
            diffs.append((uppers[0](pupils[0]) - lowers[0](pupils[0])) - (uppers[1](pupils[1]) - lowers[1](pupils[1])))
            result = diffs[0]
        else:
            (iris_l, iris_r), (white_l, white_r) = openings
            k = _LID_CLEARER_SHARE
            upper_dv = k * (white_l[0] - white_r[0]) + (1.0 - k) * (iris_l[0] - iris_r[0])
            lower_dv = k * (iris_l[1] - iris_r[1]) + (1.0 - k) * (white_l[1] - white_r[1])
            result = upper_dv - lower_dv
        self._spread["eye_opening"] = max(self._spread.get("eye_opening", 0.0), abs(diffs[0] - diffs[1]) / 2.0)
        return result

    def _both_ways(
        self, left_mm: npt.NDArray[np.float64], right_m: npt.NDArray[np.float64], p: Patch, *, rivals: bool = False, **strict: float
    ) -> tuple[Match | None, Match | None]:
        """The left patch's match around the mirrored right point and the mirrored right patch's around the left point.

        ``rivals``, and ``strict``'s ``min_score`` and ``margin``, are passed on to :func:`match`.
        """
        big_w, big_h = p.search_size
        left_big = self._patch(left_mm, big_w, big_h, mirror=False)
        right_big = self._patch(right_m, big_w, big_h, mirror=True)
        left_small, right_small = _middle(left_big, p), _middle(right_big, p)
        a = match(left_big, right_small, rivals=rivals, **strict)  # where the mirrored right content sits around the left point
        b = match(right_big, left_small, rivals=rivals, **strict)  # where the left content sits around the mirrored right point
        return a, b

    def register(
        self,
        left_mm: npt.NDArray[np.float64],
        right_mm: npt.NDArray[np.float64],
        p: Patch,
        label: str,
        *,
        warn: bool = True,
        second: bool = False,
        refine: Patch | None = None,
        retry: Patch | None = None,
        rivals: bool = False,
    ) -> npt.NDArray[np.float64] | None:
        """Offset ``(du, dv)`` mm to add to the mesh's ``left - mirrored right`` position difference.

        Both directions are registered (left patch in the mirrored right's neighbourhood and back)
        and averaged, so the result changes sign exactly when the photo is mirrored. ``refine`` re-registers
        both patches, re-centred symmetrically on the estimate so far, for up to :data:`REFINE_ROUNDS` rounds
        (a round that finds no match keeps the estimate). ``retry`` is a second patch registered the same way
        when the first finds no match (the brow head's vertical-only patch).
        ``warn=False`` is for a feature whose match can fail on ordinary faces (the brow head): its mesh
        fallback is already in its uncertainty, so it does not raise the photo-level warning. ``second`` is for a
        second reading beside one that found its feature (the mouth's patch beside the lip line): a miss is not
        recorded, as the measure does not rest on the mesh. Half the vertical
        disagreement of the final match's two directions is kept in :attr:`spread` under ``label``; with ``rivals``,
        combined with half the first match's :attr:`Match.rival_mm` (either direction's, the larger): where the patch
        fits two heights about equally, the reading is either, and that is its uncertainty (the brow head).
        """
        right_m = np.array([-right_mm[0], right_mm[1]])
        a, b = self._both_ways(left_mm, right_m, p, rivals=rivals)
        if (a is None or b is None) and retry is not None:
            a, b = self._both_ways(left_mm, right_m, retry, rivals=rivals)
            if a is not None and b is not None:
                self._retried.append(label)
        if a is None or b is None:
            if second:
                return None
            self._missed.append(label)
            if warn:
                self._failed.append(label)
            return None
        shift = np.asarray((a[0] - b[0]) / 2.0, dtype=np.float64)
        rival = max(a.rival_mm, b.rival_mm)
        if refine is not None:
            a, b, shift = self._refined(left_mm, right_m, refine, a, b, shift, keep=np.ones(2))
        own = math.hypot(abs(float(a[0][1] + b[0][1])) / 2.0, rival / 2.0)
        self._spread[label] = max(self._spread.get(label, 0.0), own)
        return shift

    def register_upright(
        self, left_mm: npt.NDArray[np.float64], right_mm: npt.NDArray[np.float64], p: Patch, label: str, *, flat: tuple[Patch, float] | None = None
    ) -> npt.NDArray[np.float64] | None:
        """Vertical offset ``(0, dv)`` mm to add to the mesh's ``left - mirrored right`` difference, for a band (a brow).

        The two patches move half the shift each, in opposite directions (:func:`match_upright`), so both see the
        content they share at every shift tried: the reading is one optimum and changes sign exactly when the photo is
        mirrored. It is read once more with the patches re-centred on it, so that the final match compares the content
        as matched rather than wherever the mesh put the patches. (Registered one way and the other and averaged, then
        re-centred, the brow tail's reading could settle on either of two optima a millimetre apart: over the 38
        annotated photos a JPEG at quality 40, half the size or a darker tone curve moved it by 0.17-0.19 mm RMS and by
        up to 1.1 mm on frl_london_137; registered this way, 0.07-0.09 mm, with the same agreement with the templates.)
        ``flat`` is a patch and a peak width (mm): where any of the three readings' peak is flatter than that
        (:attr:`Match.flat_mm`), the patch is registered instead, if it finds a match (the brow band's taller patch).
        (Judged on the one-sided readings alone, a faint tail whose two-sided peak was 1.6-1.8 mm wide, H001079's,
        moved by 1.1 mm when one grey level of noise was added to the photo; judged on all three, by at most 0.06 mm
        over three such edits.) Half the final one-sided readings' vertical disagreement is kept in :attr:`spread`,
        or half the two patches' disagreement where both were read and that is larger: the reading depends on which
        patch is used by that much (H001079's tail: 2.4 mm apart; its stated uncertainty 1.78 mm, 0.61 mm read on
        the band alone).
        """
        right_m = np.array([-right_mm[0], right_mm[1]])
        found = self._upright(left_mm, right_m, p)
        patches_differ = 0.0  # how far the two patches' readings lie apart, where both were read
        if found is not None and flat is not None and max(m.flat_mm for m in found) > flat[1]:
            tall = self._upright(left_mm, right_m, flat[0])
            if tall is not None:  # else the flat match is still the best there is
                patches_differ = abs(float(tall[0].offset[1] - found[0].offset[1]))
                found, p = tall, flat[0]
        if found is None:
            self._missed.append(label)
            self._failed.append(label)
            return None
        both, one_left, one_right = found
        shift = float(both.offset[1])
        half = np.array([0.0, shift / 2.0])
        again = self._upright(left_mm + half, right_m - half, p)  # once more on the content as matched
        if again is not None:
            shift += float(again[0].offset[1])
            one_left, one_right = again[1], again[2]
        own = max(abs(float(one_left.offset[1] - one_right.offset[1])), patches_differ) / 2.0
        self._spread[label] = max(self._spread.get(label, 0.0), own)
        return np.array([0.0, shift])

    def _upright(self, left_mm: F64, right_m: F64, p: Patch) -> tuple[Match, Match, Match] | None:
        """:func:`match_upright` of the patch ``p`` around the two points; None unless all three readings find a peak."""
        nw, nh = _samples(p.width_mm), _samples(p.height_mm)
        rows = 2 * (nh - 1) + 1 + 4 * round(p.search_v_mm / STEP_MM)
        left = self._grey.grid(self._maps[False], left_mm, nw, rows, STEP_MM / 2.0)
        right = self._grey.grid(self._maps[True], right_m, nw, rows, STEP_MM / 2.0)
        if not (_textured(left) and _textured(right)):
            return None
        both, one_left, one_right = match_upright(left, right, nh)
        if both is None or one_left is None or one_right is None:
            return None
        return both, one_left, one_right

    def _refined(self, left_mm: F64, right_m: F64, p: Patch, a: Match, b: Match, shift: F64, *, keep: F64) -> tuple[Match, Match, F64]:
        """Re-register both patches, re-centred symmetrically on ``shift`` (the estimate so far), up to :data:`REFINE_ROUNDS` times.

        Each round's step is multiplied by ``keep`` (``(1, 0)`` refines along the rows only). A round that finds no
        match keeps the estimate so far. Returns the last matches and the refined shift.
        """
        for _ in range(REFINE_ROUNDS):
            a2, b2 = self._both_ways(left_mm + shift / 2.0, right_m - shift / 2.0, p)
            if a2 is None or b2 is None:
                break  # no local peak: keep the estimate so far
            a, b = a2, b2
            step = np.asarray((a[0] - b[0]) / 2.0 * keep, dtype=np.float64)
            shift = shift + step
            if float(np.linalg.norm(step)) < REFINE_CONVERGED_MM:
                break
        return a, b, shift

    def midline_offset(self, point_mm: npt.NDArray[np.float64], p: Patch, label: str) -> float | None:
        """How far a feature on the midline (the lower nose) sits from the axis, toward the subject's left, mm.

        The feature's patch is registered against its own mirror image (both directions, refined): a feature
        ``d`` mm off the axis sits ``2d`` mm from its mirror image. ``point_mm`` is where the mesh puts it, the
        start of the search. None (and the label kept in :attr:`missed`) where no match is found; a quarter of
        the two directions' horizontal disagreement (half of it in the offset) is kept in :attr:`spread`. The wide
        match must score at least :data:`MIDLINE_MIN_SCORE` and stand :data:`MIDLINE_MARGIN` above any rival.
        """
        point_m = np.array([-point_mm[0], point_mm[1]])
        a, b = self._both_ways(point_mm, point_m, p, min_score=MIDLINE_MIN_SCORE, margin=MIDLINE_MARGIN)
        if a is None or b is None:
            self._missed.append(label)
            return None
        start = np.array([float(a[0][0] - b[0][0]) / 2.0, 0.0])
        a, b, shift = self._refined(point_mm, point_m, p, a, b, start, keep=np.array([1.0, 0.0]))
        self._spread[label] = max(self._spread.get(label, 0.0), abs(float(a[0][0] + b[0][0])) / 4.0)
        return float(point_mm[0]) + float(shift[0]) / 2.0


# --- over time -----------------------------------------------------------------------------------


#: Registration rounds (each re-centres the expression patch on the last estimate), and the step that ends them.
_ROUNDS = 3
_CONVERGED_MM = 0.05
#: Forward and backward registrations that disagree by this much in a direction leave that direction to the mesh;
#: below it, the image evidence counts in proportion to the agreement (so a small change cannot flip the result).
_CONSISTENT_MM = 1.0


class ExpressionPair:
    """The rest face and one expression face, aligned, with their landmarks in the rest frame (mm)."""

    def __init__(self, rest: Face, frame: FaceFrame, rest_grey: Grey, expr: Face, alignment: Alignment) -> None:
        self.rest, self.expr, self.frame, self.alignment = rest, expr, frame, alignment
        self.aligned_px = alignment.apply(expr)
        self.uv_rest = frame.to_mm(rest.xy_px)
        self.uv_expr = frame.to_mm(self.aligned_px)
        self.rest_map = frame_map(frame)
        self._inv = np.linalg.inv(alignment.linear[:2, :2])  # reference px -> moving px, at constant depth
        self.rest_grey = rest_grey
        self.expr_grey = Grey(expr, frame.mm_per_px * alignment.scale)

    def expr_map(self, anchor: int) -> F64:
        """Affine map face-frame mm -> expression photo pixels, exact at landmark ``anchor``."""
        lin = self._inv @ self.rest_map[:, :2]
        off = self.expr.xy_px[anchor] + self._inv @ (self.rest_map[:, 2] - self.aligned_px[anchor])
        return np.column_stack([lin, off])

    def register(self, anchor: int, c_rest: F64, c_expr: F64, p: Patch) -> F64 | None:
        """Offset mm to add to the mesh's displacement ``c_expr - c_rest`` of a feature, or None.

        The rest patch is searched for around the mesh's expression position and the expression patch
        around the rest position; the two estimates are averaged, and the expression patch re-centred on
        the result for a few rounds. In a direction where the two estimates disagree, the correction is
        scaled down in proportion, to nothing at :data:`_CONSISTENT_MM`.
        """
        em = self.expr_map(anchor)
        big_w, big_h = p.search_size
        rest_small = self.rest_grey.patch(self.rest_map, c_rest, p.width_mm, p.height_mm)
        rest_big = self.rest_grey.patch(self.rest_map, c_rest, big_w, big_h)
        total = np.zeros(2)
        a = b = None
        for _ in range(_ROUNDS):
            centre = c_expr + total
            found_a = match(self.expr_grey.patch(em, centre, big_w, big_h), rest_small)  # rest content around the expression point
            found_b = match(rest_big, self.expr_grey.patch(em, centre, p.width_mm, p.height_mm))  # expression content around the rest point
            if found_a is None or found_b is None:
                return None
            a, b = found_a[0], found_b[0]
            step = (a - b) / 2.0
            total = total + step
            if float(np.linalg.norm(step)) < _CONVERGED_MM:
                break
        assert a is not None and b is not None
        weight = np.clip(1.0 - np.abs(a + b) / _CONSISTENT_MM, 0.0, 1.0)
        return np.asarray(total * weight, dtype=np.float64)
