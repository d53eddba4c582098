"""The face frame: the fitted symmetry axis and millimetres, the coordinates every measure is read in.

The symmetry axis is fitted from every mirror pair of the mesh (Procrustes reflection fit,
Klingenberg & McIntyre 1998), reweighted so that one drooping region cannot tilt it. "Vertical" is
along that axis, "horizontal" perpendicular to it, so tilting the head in the image plane changes no
measure read in this frame.

References
----------
.. [1] Klingenberg CP, McIntyre GS. Geometric morphometrics of developmental instability: analyzing
       patterns of fluctuating asymmetry with Procrustes methods. Evolution 1998;52(5):1363-1375.
       doi:10.1111/j.1558-5646.1998.tb02018.x
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from viz import anatomy
from viz.anatomy import LEFT, RIGHT

__all__ = ["FaceFrame", "fit_frame", "reflection_fit"]


@dataclass(frozen=True)
class FaceFrame:
    """The face's own coordinate frame.

    ``u`` runs perpendicular to the symmetry axis toward the subject's left, ``v`` along the axis
    toward the forehead; both in millimetres, with the origin on the axis at the height of the
    iris centres.

    Attributes
    ----------
    origin_px : (2,) ndarray
        The origin in original-photo pixels.
    up : (2,) ndarray
        Unit vector along the axis toward the forehead, image coordinates.
    left : (2,) ndarray
        Unit vector toward the subject's left, image coordinates.
    mm_per_px : float
    """

    origin_px: npt.NDArray[np.float64]
    up: npt.NDArray[np.float64]
    left: npt.NDArray[np.float64]
    mm_per_px: float

    def to_mm(self, xy_px: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Photo pixels ``(..., 2)`` -> face millimetres ``(..., 2)`` as ``(u, v)``."""
        d = np.asarray(xy_px, dtype=np.float64) - self.origin_px
        return np.asarray(np.stack([d @ self.left, d @ self.up], axis=-1) * self.mm_per_px, dtype=np.float64)

    def to_px(self, face_mm: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Face millimetres ``(..., 2)`` -> photo pixels ``(..., 2)``."""
        uv = np.asarray(face_mm, dtype=np.float64) / self.mm_per_px
        return np.asarray(self.origin_px + uv[..., :1] * self.left + uv[..., 1:2] * self.up, dtype=np.float64)

    @property
    def roll_deg(self) -> float:
        """Angle of the axis from the image vertical, degrees (positive: subject's left side higher)."""
        return math.degrees(math.atan2(-self.left[1], self.left[0]))

    def axis_segment_px(self, half_length_mm: float) -> npt.NDArray[np.float64]:
        """Two points on the axis, ``half_length_mm`` above and below the origin, ``(2, 2)``."""
        return self.to_px(np.array([[0.0, half_length_mm], [0.0, -half_length_mm]]))


def _prior_weights() -> npt.NDArray[np.float64]:
    """Per-landmark weight in the axis fit: the regions muscles and expressions move (brows, mouth, jaw)
    count less than the eyes, nose, forehead and cheeks."""
    w = np.ones(anatomy.N_LANDMARKS)
    for name in ("brows", "mouth", "jaw"):
        w[list(anatomy.REGION_LANDMARKS[name])] = _MOBILE_WEIGHT
    w.setflags(write=False)
    return w


_MOBILE_WEIGHT = 0.35
_PRIOR_WEIGHT = _prior_weights()


def reflection_fit(
    p: npt.NDArray[np.float64], q: npt.NDArray[np.float64], prior: npt.NDArray[np.float64], *, iterations: int = 6
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The symmetry axis of paired points: a reweighted Procrustes fit of the points to their reflected partners.

    Parameters
    ----------
    p : (N, 2) ndarray
        The points.
    q : (N, 2) ndarray
        Each point's mirror partner, reflected (its x negated).
    prior : (N,) ndarray
        Each pair's starting weight; every weight is renewed from its pair's residual (Cauchy weights).
    iterations : int, optional

    Returns
    -------
    axis, a, t, w : ndarray
        The axis direction ``(2,)`` (either way along it), the rotation ``(2, 2)`` and translation ``(2,)`` that carry
        ``q`` onto ``p``, and the final weights ``(N,)``.
    """
    w = prior.copy()
    a = np.eye(2)
    t = np.zeros(2)
    for _ in range(iterations):
        sw = w.sum()
        pc, qc = (w[:, None] * p).sum(0) / sw, (w[:, None] * q).sum(0) / sw
        cov = ((p - pc) * w[:, None]).T @ (q - qc)
        u, _s, vt = np.linalg.svd(cov)
        r = u @ vt
        if np.linalg.det(r) < 0:
            r = u @ np.diag([1.0, -1.0]) @ vt
        a, t = r, pc - r @ qc
        resid = np.linalg.norm(q @ a.T + t - p, axis=1)
        scale = max(float(np.median(resid)), 1e-6) * 2.0
        w = prior / (1.0 + (resid / scale) ** 2)
    # p ~ R diag(-1, 1) p[mirror] + t is a reflection across the axis at angle theta/2 + 90 degrees.
    theta = math.atan2(a[1, 0], a[0, 0])
    phi = theta / 2.0 + math.pi / 2.0
    return np.array([math.cos(phi), math.sin(phi)]), a, t, w


def fit_frame(xy_px: npt.NDArray[np.float64], mm_per_px: float, *, iterations: int = 6) -> FaceFrame:
    """Fit the symmetry axis to a set of labelled landmarks.

    The landmark set is reflected and relabelled through the mirror map, rigidly aligned to itself by
    weighted least squares (a Procrustes fit). The regions muscles move (brows, mouth, jaw) start with about
    a third of the weight of the eyes, nose, forehead and cheeks, and every weight is renewed from its
    pair's residual (Cauchy weights), so that one drooping region cannot pull the axis: the mesh drags
    the whole lower face a little when one mouth corner drops.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        Landmarks, anatomically labelled.
    mm_per_px : float

    Returns
    -------
    FaceFrame
    """
    p = np.asarray(xy_px, dtype=np.float64)
    q = p[anatomy.MIRROR] * np.array([-1.0, 1.0])  # reflected and relabelled
    axis, a, t, w = reflection_fit(p, q, _PRIOR_WEIGHT, iterations=iterations)
    image_of = q @ a.T + t  # reflected partner positions; (p + image)/2 lies on the axis
    mids = (p + image_of) / 2.0
    on_axis = (w[:, None] * mids).sum(0) / w.sum()
    up = axis if (p[10] - p[152]) @ axis > 0 else -axis  # forehead (10) above chin (152)
    left = np.array([-up[1], up[0]])
    if (p[LEFT.iris_centre] - p[RIGHT.iris_centre]) @ left < 0:
        left = -left
    iris_mid = (p[LEFT.iris_centre] + p[RIGHT.iris_centre]) / 2.0
    origin = on_axis + ((iris_mid - on_axis) @ up) * up
    for arr in (origin, up, left):
        arr.setflags(write=False)
    return FaceFrame(origin_px=origin, up=up, left=left, mm_per_px=float(mm_per_px))
