"""Lining up two photos of one face: a similarity in three dimensions fitted on landmarks that barely move.

Used by the expression set (an expression photo against the rest photo, :mod:`viz.movement`) and by
visits (a later photo against an earlier one, :mod:`viz.visits`). Fitting in three dimensions, with
MediaPipe's relative depth, cancels a head turn or nod between the photos, not only an in-plane tilt.

References
----------
.. [1] Umeyama S. Least-squares estimation of transformation parameters between two point patterns.
       IEEE Trans Pattern Anal Mach Intell 1991;13(4):376-380. doi:10.1109/34.88573
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from viz.anatomy import LEFT, N_LANDMARKS, RIGHT
from viz.errors import ArgumentError
from viz.geometry import similarity
from viz.landmarks import Face

__all__ = ["STABLE_POINTS", "Alignment", "align", "aligned_image"]

F64 = npt.NDArray[np.float64]

#: Landmarks that barely move with expression: inner eye corners, nose bridge and tip, iris centres.
STABLE_POINTS: tuple[int, ...] = (133, 362, 168, 6, 197, 195, 1, 4, LEFT.iris_centre, RIGHT.iris_centre)


@dataclass(frozen=True, eq=False)
class Alignment:
    """A similarity in three dimensions mapping one face's landmarks onto another's.

    ``reference_xyz ≈ moving_xyz @ linear.T + offset``, both in original-photo pixels (``z`` is the
    landmark model's relative depth, on the same scale as ``x``).

    Attributes
    ----------
    linear : (3, 3) ndarray
        Scale times rotation.
    offset : (3,) ndarray
    points : tuple of int
        The landmarks the fit used.
    residual_px : float
        RMS distance in the image plane between the mapped and the reference points, reference pixels.
    centroid_px : (2,) ndarray
        Centroid of the reference points in the image plane.
    spread_px2 : float
        Sum of squared distances of the reference points from that centroid (for the error of a mapped point).
    """

    linear: F64
    offset: F64
    points: tuple[int, ...]
    residual_px: float
    centroid_px: F64
    spread_px2: float

    @property
    def scale(self) -> float:
        """Reference pixels per moving pixel."""
        return float(abs(np.linalg.det(self.linear)) ** (1.0 / 3.0))

    def apply(self, face: Face) -> F64:
        """The moving face's landmarks mapped into the reference photo, ``(478, 2)`` pixels."""
        xyz = np.column_stack([face.xy_px, face.z_px])
        return np.asarray((xyz @ self.linear.T + self.offset)[:, :2], dtype=np.float64)

    def point_error_px(self, xy_px: npt.ArrayLike) -> float:
        """Approximate standard error of a mapped point at ``xy_px`` (reference pixels).

        Translation error shrinks with the number of points, rotation and scale errors grow with the
        distance from the points' centroid.
        """
        r2 = float(np.sum((np.asarray(xy_px, dtype=np.float64) - self.centroid_px) ** 2))
        n = len(self.points)
        return self.residual_px * math.sqrt(1.0 / n + r2 / max(self.spread_px2, 1e-9))


def align(moving: Face, reference: Face, *, points: tuple[int, ...] = STABLE_POINTS) -> Alignment:
    """Line up one face's landmarks with another's on points that barely move.

    A similarity in three dimensions (scale, rotation, translation) is fitted by least squares to the
    chosen landmarks (Umeyama 1991). Fitting in three dimensions cancels a head turn or nod between the
    photos, not only an in-plane tilt. (Robust reweighting was tried and made the fit less repeatable:
    with ten points, weights that change from photo to photo move the fit more than they protect it.)

    Parameters
    ----------
    moving, reference : Face
        The face to map and the face it is mapped onto.
    points : tuple of int, optional
        Landmark indices to fit; at least four distinct ones.

    Returns
    -------
    Alignment

    Raises
    ------
    ArgumentError
        If fewer than four distinct valid landmark indices are given.

    Examples
    --------
    >>> import matplotlib.cbook, viz
    >>> face = viz.detect_face(viz.load_photo(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)))
    >>> fit = align(face, face)
    >>> fit.apply(face).shape, round(fit.scale, 6), round(fit.residual_px, 6)
    ((478, 2), 1.0, 0.0)
    """
    idx = tuple(dict.fromkeys(int(i) for i in points))
    if len(idx) < 4 or any(not 0 <= i < N_LANDMARKS for i in idx):
        raise ArgumentError(f"points must hold at least four distinct landmark indices from 0 to {N_LANDMARKS - 1}.")
    src = np.column_stack([moving.xy_px, moving.z_px])[list(idx)]
    dst = np.column_stack([reference.xy_px, reference.z_px])[list(idx)]
    linear, offset = similarity(src, dst)
    resid = np.linalg.norm((src @ linear.T + offset)[:, :2] - dst[:, :2], axis=1)
    centroid = dst[:, :2].mean(axis=0)
    for arr in (linear, offset, centroid):
        arr.setflags(write=False)
    return Alignment(
        linear=linear,
        offset=offset,
        points=idx,
        residual_px=float(np.sqrt(np.mean(resid**2))),
        centroid_px=centroid,
        spread_px2=float(np.sum((dst[:, :2] - centroid) ** 2)),
    )


def aligned_image(moving: Face, alignment: Alignment, reference: Face) -> npt.NDArray[np.uint8]:
    """The moving face's photo resampled onto the reference photo's working image grid.

    For side-by-side views and blinks. A picture can only be moved in its own plane, so the photo is mapped
    by the in-plane similarity that best lays the alignment's points onto the reference's (least squares);
    a head turned differently in the two photos still shows as a small misfit.

    Parameters
    ----------
    moving : Face
    alignment : Alignment
        From ``align(moving, reference)``; its points are the ones laid onto each other.
    reference : Face

    Returns
    -------
    (H, W, 3) ndarray of uint8
        ``H, W`` of ``reference.photo.rgb``; areas outside the moving photo are black.
    """
    idx = list(alignment.points)
    linear, offset = similarity(moving.xy_px[idx], reference.xy_px[idx])  # moving original px -> reference original px
    sm, sr = moving.photo.scale, reference.photo.scale
    # moving working (pixel centres) -> moving original -> reference original -> reference working
    fwd = np.column_stack([linear * sm / sr, (linear @ np.array([0.5 * sm, 0.5 * sm]) + offset) / sr - 0.5])
    h, w = reference.photo.rgb.shape[:2]
    out = cv2.warpAffine(np.ascontiguousarray(moving.photo.rgb), fwd, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    return np.asarray(out, dtype=np.uint8)
