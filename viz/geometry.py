"""Small geometry shared by several modules: the least-squares similarity of two point sets and a convex hull.

References
----------
.. [1] Umeyama S. Least-squares estimation of transformation parameters between two point patterns.
       IEEE Trans Pattern Anal Mach Intell 1991;13(4):376-380. doi:10.1109/34.88573
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["convex_hull", "similarity"]

F64 = npt.NDArray[np.float64]


def similarity(src: npt.ArrayLike, dst: npt.ArrayLike) -> tuple[F64, F64]:
    """Least-squares similarity ``dst ≈ src @ linear.T + offset`` without reflection (Umeyama 1991).

    Parameters
    ----------
    src, dst : (n, d) array_like
        Corresponding points, ``n >= d``.

    Returns
    -------
    linear : (d, d) ndarray
        Scale times rotation.
    offset : (d,) ndarray

    Examples
    --------
    >>> import numpy as np
    >>> src = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> linear, offset = similarity(src, 2.0 * src + 3.0)
    >>> np.round(linear, 6).tolist(), np.round(offset, 6).tolist()
    ([[2.0, 0.0], [0.0, 2.0]], [3.0, 3.0])
    """
    a0 = np.asarray(src, dtype=np.float64)
    b0 = np.asarray(dst, dtype=np.float64)
    ms, md = a0.mean(axis=0), b0.mean(axis=0)
    a, b = a0 - ms, b0 - md
    u, s, vt = np.linalg.svd(b.T @ a)
    d = np.ones(a0.shape[1])
    d[-1] = 1.0 if np.linalg.det(u @ vt) >= 0 else -1.0
    rot = u @ np.diag(d) @ vt
    scale = float((s * d).sum() / max(float(np.sum(a * a)), 1e-12))
    linear = scale * rot
    return linear, md - linear @ ms


def convex_hull(points_xy: npt.ArrayLike) -> F64:
    """The corners of the convex hull of ``(n, 2)`` points, in order (OpenCV's ``convexHull``).

    The corners run counter-clockwise with x to the right and y upward (a positive shoelace area), so
    the inside of every edge lies on its left; the corners are the input points themselves, at full
    precision. Fewer than three distinct points are returned as they are (sorted, duplicates removed).

    Examples
    --------
    >>> import numpy as np
    >>> convex_hull(np.array([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2]])).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]
    """
    pts: F64 = np.unique(np.asarray(points_xy, dtype=np.float64).reshape(-1, 2), axis=0)
    if len(pts) < 3:
        return pts
    index = np.asarray(cv2.convexHull(pts.astype(np.float32), clockwise=False, returnPoints=False), dtype=np.intp).ravel()
    hull = pts[index]
    # start at the lowest-x (then lowest-y) corner, like a monotone chain, so the order is predictable
    first = int(np.lexsort((hull[:, 1], hull[:, 0]))[0])
    out: F64 = np.roll(hull, -first, axis=0)
    return out
