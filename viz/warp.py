"""Smooth image warps from landmark displacements (the preview's simulated photo).

A displacement field says where each point of the *source* image moves. The moved image is rendered
by inverting the field with Newton's method (:func:`invert_field`) and resampling once
(bilinear), so a field of zeros gives back the image bit for bit, and a smooth field gives a seamless
result. :func:`warp_by_landmarks` builds the field from landmark moves on a coarse grid, so the cost
is one full-resolution remap.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from viz.errors import ArgumentError

__all__ = ["grid_nodes", "invert_field", "landmark_field", "warp_by_grid", "warp_by_landmarks"]


def invert_field(
    dx: npt.NDArray[np.float32], dy: npt.NDArray[np.float32], *, iterations: int, tolerance: float = 1.0 / 32.0
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Where each grid node's content comes from, for a forward displacement field on that grid.

    Solves ``src + d(src) = dst`` for ``src`` at every node ``dst`` by Newton's method: each step solves
    the local linear system ``(I + grad d(src)) step = residual``, so it converges in a few steps even
    where the field compresses the image strongly (a brow lowered toward the lid), where a plain
    fixed-point iteration ``src = dst - d(src)`` shrinks its error only by the field's gradient per step
    (a strong frontalis pattern on a low brow left 0.9 px unsolved after five steps; five Newton steps,
    0.03 px). A node whose local map is close to folding takes the fixed-point step instead.

    Parameters
    ----------
    dx, dy : (h, w) ndarray of float32
        The forward displacement of the content at each node, in grid units.
    iterations : int
        Most Newton steps (at least 1); the iteration stops as soon as every node's residual is below
        ``tolerance``.
    tolerance : float, optional
        Largest residual ``|src + d(src) - dst|`` accepted, grid units: ``cv2.remap`` places a sample to 1/32
        of a node, so a smaller residual cannot be relied on.

    Returns
    -------
    sx, sy : (h, w) ndarray of float32
        Source coordinates of every node, in grid units (for ``cv2.remap``).

    Examples
    --------
    >>> dy = np.tile(np.linspace(0.0, -4.0, 9, dtype=np.float32)[:, None], (1, 3))  # compressed 2:1
    >>> sx, sy = invert_field(np.zeros_like(dy), dy, iterations=10)
    >>> round(float(sy[4, 1]), 3)  # node 4 shows the content that was on row 8
    8.0
    """
    h, w = dx.shape
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dx, dy = np.ascontiguousarray(dx, dtype=np.float32), np.ascontiguousarray(dy, dtype=np.float32)
    # the field's derivatives, sampled where each source estimate sits: the Jacobian of the forward map there
    grads = [np.ascontiguousarray(g, dtype=np.float32) for d in (dx, dy) for g in np.gradient(d)[::-1]]  # dxdx, dxdy, dydx, dydy
    sx, sy = gx - dx, gy - dy
    for _ in range(iterations):
        rx, ry = sx + _sample(dx, sx, sy) - gx, sy + _sample(dy, sx, sy) - gy
        if float(max(np.abs(rx).max(), np.abs(ry).max())) < tolerance:
            break
        a, b, c, d = (_sample(g, sx, sy) for g in grads)
        a, d = a + 1.0, d + 1.0
        det = a * d - b * c
        safe = det > _FOLD_DET
        inv = np.where(safe, 1.0 / np.where(safe, det, 1.0), 0.0)
        # Newton where the local map is well conditioned, the fixed-point step (src = dst - d(src)) elsewhere
        sx = np.where(safe, sx - inv * (d * rx - b * ry), sx - rx).astype(np.float32)
        sy = np.where(safe, sy - inv * (a * ry - c * rx), sy - ry).astype(np.float32)
    return np.asarray(sx, dtype=np.float32), np.asarray(sy, dtype=np.float32)


def _sample(a: npt.NDArray[np.float32], sx: npt.NDArray[np.float32], sy: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``a`` at the grid positions ``(sx, sy)``, bilinear, held flat beyond the edges."""
    return np.asarray(cv2.remap(a, sx, sy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), dtype=np.float32)


#: Below this Jacobian determinant the forward map is close to folding at a node: Newton's step is not trusted there.
_FOLD_DET = 0.05


def landmark_field(
    shape_hw: tuple[int, int],
    points_xy: npt.NDArray[np.float64],
    disp_xy: npt.NDArray[np.float64],
    *,
    sigma_px: float,
    step: int,
) -> npt.NDArray[np.float32]:
    """A smooth displacement field through sparse landmark displacements, on a coarse grid.

    Gaussian radial-basis interpolation: the field takes each landmark's displacement at that landmark
    (zero for the landmarks that do not move, which pins the skin around a moving feature) and fades
    to zero a few ``sigma_px`` away from every moving landmark.

    Parameters
    ----------
    shape_hw : tuple of int
        ``(H, W)`` of the full-resolution image.
    points_xy : (n, 2) ndarray
        Landmark positions, pixel-centre coordinates of the full image.
    disp_xy : (n, 2) ndarray
        Their displacements in pixels.
    sigma_px : float
        Reach of each landmark, full-resolution pixels.
    step : int
        Grid step: the field has shape ``(ceil(H/step), ceil(W/step), 2)``; grid node ``(i, j)`` sits at
        full-resolution pixel ``(j * step + (step - 1) / 2, i * step + (step - 1) / 2)``, the centre of
        its cell, which is where ``cv2.resize`` puts it when upsampling.

    Returns
    -------
    (h, w, 2) ndarray of float32
    """
    h, w = -(-shape_hw[0] // step), -(-shape_hw[1] // step)
    field = np.zeros((h, w, 2), np.float32)
    pts = np.asarray(points_xy, dtype=np.float64)
    disp = np.asarray(disp_xy, dtype=np.float64)
    moving = np.linalg.norm(disp, axis=1) > 1e-9
    if not moving.any():
        return field
    reach = 4.0 * sigma_px
    near = np.min(np.linalg.norm(pts[:, None, :] - pts[None, moving, :], axis=2), axis=1) <= reach
    p, d = pts[near], disp[near]
    kernel = np.exp(-np.sum((p[:, None, :] - p[None, :, :]) ** 2, axis=2) / (2.0 * sigma_px**2))
    coef = np.linalg.solve(kernel + _RBF_RIDGE * np.eye(len(p)), d)
    # evaluate only on the grid nodes within reach of a moving landmark
    lo = np.maximum(np.floor((pts[moving].min(axis=0) - reach) / step).astype(int), 0)
    hi = np.minimum(np.ceil((pts[moving].max(axis=0) + reach) / step).astype(int) + 1, (w, h))
    if np.any(hi <= lo):
        return field
    xs = np.arange(lo[0], hi[0]) * step + (step - 1) / 2.0
    ys = np.arange(lo[1], hi[1]) * step + (step - 1) / 2.0
    gx, gy = np.meshgrid(xs, ys)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    sq = np.sum(grid**2, axis=1)[:, None] + np.sum(p**2, axis=1)[None, :] - 2.0 * grid @ p.T
    values = np.exp(-np.maximum(sq, 0.0) / (2.0 * sigma_px**2)) @ coef
    field[lo[1] : hi[1], lo[0] : hi[0]] = values.reshape(len(ys), len(xs), 2)
    return field


#: Ridge added to the interpolation system: keeps it well conditioned when landmarks crowd together.
_RBF_RIDGE = 1e-3


def grid_nodes(shape_hw: tuple[int, int], step: int) -> npt.NDArray[np.float64]:
    """Pixel-centre coordinates ``(h, w, 2)`` of the nodes of a coarse grid over an image.

    Node ``(i, j)`` sits at ``(j * step + (step - 1) / 2, i * step + (step - 1) / 2)``, the centre of its
    ``step x step`` cell (where ``cv2.resize`` puts it when upsampling), with ``h, w = ceil(H / step),
    ceil(W / step)``.

    Examples
    --------
    >>> grid_nodes((4, 6), 2)[0, :, 0].tolist()
    [0.5, 2.5, 4.5]
    """
    if step < 1:
        raise ArgumentError(f"The grid step must be at least 1 pixel, not {step!r}.")
    h, w = -(-shape_hw[0] // step), -(-shape_hw[1] // step)
    xs = np.arange(w) * step + (step - 1) / 2.0
    ys = np.arange(h) * step + (step - 1) / 2.0
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx, gy], axis=-1)


def warp_by_grid(rgb: npt.NDArray[np.uint8], field_px: npt.NDArray[np.floating[Any]], *, step: int, iterations: int = 5) -> npt.NDArray[np.uint8]:
    """Warp an image by a forward displacement field given on a coarse grid (:func:`grid_nodes`).

    The field says how far the content at each node moves, in full-resolution pixels. It is inverted
    on the grid (:func:`invert_field`), the sampling offsets are upsampled, and the image is resampled
    once (bilinear), so the cost is one full-resolution remap.

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    field_px : (h, w, 2) ndarray
        ``(dx, dy)`` at each node of ``grid_nodes((H, W), step)``.
    step : int
        Grid step, pixels.
    iterations : int, optional
        Most Newton steps of the inversion (:func:`invert_field`).

    Returns
    -------
    (H, W, 3) ndarray of uint8
        A new image, identical to ``rgb`` when the field is zero.
    """
    h, w = rgb.shape[:2]
    gh, gw = -(-h // step), -(-w // step)
    if field_px.shape != (gh, gw, 2):
        raise ArgumentError(f"The field must have shape {(gh, gw, 2)} for a {w}x{h} image and step {step}, not {field_px.shape}.")
    if not np.any(field_px):
        return np.array(rgb, copy=True)
    field = np.asarray(field_px, dtype=np.float32)
    # Only the part of the grid where something moves (with room for the largest move) needs resampling.
    moving = np.argwhere(np.any(field != 0.0, axis=2))
    reach = int(np.ceil(float(np.abs(field).max()) / step)) + 2
    i0, j0 = np.maximum(moving.min(axis=0) - reach, 0)
    i1, j1 = np.minimum(moving.max(axis=0) + reach + 1, (gh, gw))
    sub = field[i0:i1, j0:j1]
    sh, sw = sub.shape[:2]
    gx, gy = np.meshgrid(np.arange(sw, dtype=np.float32), np.arange(sh, dtype=np.float32))
    # source (grid units) of every destination grid node: src + d(src) = dst
    sx, sy = invert_field(sub[..., 0] / step, sub[..., 1] / step, iterations=iterations)
    # back to pixel units as offsets, upsampled to full resolution over the box
    y0, x0 = i0 * step, j0 * step
    y1, x1 = min(i1 * step, h), min(j1 * step, w)
    off_x = cv2.resize((sx - gx) * step, (sw * step, sh * step), interpolation=cv2.INTER_LINEAR)[: y1 - y0, : x1 - x0]
    off_y = cv2.resize((sy - gy) * step, (sw * step, sh * step), interpolation=cv2.INTER_LINEAR)[: y1 - y0, : x1 - x0]
    # absolute source coordinates in the whole image, so content from outside the box can flow in
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    map_x = np.ascontiguousarray(off_x + xs)
    map_y = np.ascontiguousarray(off_y + ys)
    out = np.array(rgb, copy=True)
    out[y0:y1, x0:x1] = cv2.remap(np.ascontiguousarray(rgb), map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    return np.asarray(out, dtype=np.uint8)


def warp_by_landmarks(
    rgb: npt.NDArray[np.uint8],
    points_xy: npt.NDArray[np.float64],
    disp_xy: npt.NDArray[np.float64],
    *,
    sigma_px: float,
    step: int = 8,
    iterations: int = 5,
) -> npt.NDArray[np.uint8]:
    """Warp an image so that each landmark moves by its displacement, smoothly and without seams.

    The field is built (:func:`landmark_field`) and inverted on a coarse grid and the resulting
    sampling map is upsampled (:func:`warp_by_grid`), so the cost is one full-resolution remap.

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    points_xy, disp_xy : (n, 2) ndarray
        Landmarks (pixel-centre coordinates) and how far each moves, pixels.
    sigma_px : float
        Reach of each landmark's pull, pixels.
    step : int, optional
        Grid step of the field, pixels.

    Returns
    -------
    (H, W, 3) ndarray of uint8
        A new image, identical to ``rgb`` when no landmark moves.
    """
    disp = np.asarray(disp_xy, dtype=np.float64)
    if not np.any(disp):
        return np.array(rgb, copy=True)
    field = landmark_field((rgb.shape[0], rgb.shape[1]), points_xy, disp, sigma_px=sigma_px, step=step)
    return warp_by_grid(rgb, field, step=step, iterations=iterations)
