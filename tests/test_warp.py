"""Warps: identity for zero moves, landmarks land where told, no fold-over, nothing far away moves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.errors import ArgumentError
from viz.testing import jacobian_min, warp_image
from viz.warp import grid_nodes, invert_field, landmark_field, warp_by_grid, warp_by_landmarks

RNG = np.random.default_rng(11)
IMAGE = RNG.integers(0, 255, size=(300, 400, 3), dtype=np.uint8)
GRID = np.stack(np.meshgrid(np.arange(120.0, 281.0, 20.0), np.arange(80.0, 221.0, 20.0)), axis=-1).reshape(-1, 2)


def test_zero_displacement_is_the_identity() -> None:
    assert np.array_equal(warp_by_landmarks(IMAGE, GRID, np.zeros_like(GRID), sigma_px=15), IMAGE)
    assert np.array_equal(warp_image(IMAGE, np.zeros((300, 400, 2), np.float32)), IMAGE)


def test_a_moved_landmark_carries_the_image_with_it() -> None:
    img = np.zeros((300, 400, 3), np.uint8)
    centre = GRID[30]
    x, y = int(centre[0]), int(centre[1])
    img[y - 1 : y + 2, x - 1 : x + 2] = 255
    disp = np.zeros_like(GRID)
    disp[30] = (0.0, -6.0)
    out = warp_by_landmarks(img, GRID, disp, sigma_px=12, step=4)
    ys, xs = np.nonzero(out[..., 0] > 60)
    weights = out[ys, xs, 0].astype(float)
    assert abs(np.average(xs, weights=weights) - x) < 0.5
    assert abs(np.average(ys, weights=weights) - (y - 6.0)) < 0.6


def test_content_far_from_every_moving_landmark_stays_put() -> None:
    disp = np.zeros_like(GRID)
    disp[30] = (3.0, -5.0)
    out = warp_by_landmarks(IMAGE, GRID, disp, sigma_px=12)
    assert np.array_equal(out[:, :60], IMAGE[:, :60])
    assert np.array_equal(out[:40], IMAGE[:40])


@settings(max_examples=30, deadline=None)
@given(dy=st.floats(-8.0, 8.0), dx=st.floats(-4.0, 4.0), k=st.integers(0, len(GRID) - 1))
def test_the_field_never_folds_over(dy: float, dx: float, k: int) -> None:
    disp = np.zeros_like(GRID)
    disp[k] = (dx, dy)
    step = 4
    field = landmark_field((300, 400), GRID, disp, sigma_px=14, step=step)
    assert jacobian_min(field / step) > 0.0  # field in grid units on a grid of spacing 1


def test_a_grid_field_moves_content_by_its_value_and_leaves_the_rest_bit_for_bit() -> None:
    step = 4
    nodes = grid_nodes((300, 400), step)
    centre = np.array([200.0, 150.0])
    r2 = np.sum((nodes - centre) ** 2, axis=-1)
    field = np.zeros((*nodes.shape[:2], 2))
    field[..., 1] = -5.0 * np.exp(-r2 / (2 * 25.0**2)) * (r2 < 90.0**2)  # up 5 px at the centre
    img = np.zeros((300, 400, 3), np.uint8)
    img[149:152, 199:202] = 255
    out = warp_by_grid(img, field, step=step)
    ys, xs = np.nonzero(out[..., 0] > 60)
    weights = out[ys, xs, 0].astype(float)
    assert abs(np.average(ys, weights=weights) - 145.0) < 0.6 and abs(np.average(xs, weights=weights) - 200.0) < 0.5
    noisy = warp_by_grid(IMAGE, field, step=step)
    assert np.array_equal(noisy[:, :80], IMAGE[:, :80]) and np.array_equal(noisy[:30], IMAGE[:30])
    assert np.array_equal(warp_by_grid(IMAGE, np.zeros_like(field), step=step), IMAGE)
    with pytest.raises(ArgumentError, match="field must have shape"):
        warp_by_grid(IMAGE, field[:-1], step=step)


@pytest.mark.parametrize("squeeze", [0.2, 0.5, 0.8, 0.9])
def test_the_inverse_lands_every_node_on_its_source_even_where_the_field_squeezes_hard(squeeze: float) -> None:
    """A brow lowered toward the lid squeezes the skin between: the inverse must still be exact there.

    The field below squeezes a band of rows by ``squeeze`` (a gradient of -``squeeze``), as a lowered brow does to
    the lid skin; a fixed-point inversion shrinks its error only by that gradient per step and left 0.9 rows
    unsolved after five steps at 0.8 (0.09 at 0.5). The inverse must put every node's content back where it came
    from, to within what ``cv2.remap``'s 1/32-node sampling resolves.
    """
    h, w = 60, 40
    rows = np.arange(h, dtype=np.float64)
    t = np.clip((rows - 15.0) / 30.0, 0.0, 1.0)
    ramp = t * t * (3.0 - 2.0 * t)  # smoothstep: steepest slope 1.5 / 30 per row
    dy = np.tile((-squeeze * 30.0 / 1.5 * ramp)[:, None], (1, w)).astype(np.float32)  # steepest gradient: -squeeze
    dx = np.zeros_like(dy)
    assert float(np.gradient(dy[:, 0]).min()) == pytest.approx(-squeeze, rel=0.02)
    sx, sy = invert_field(dx, dy, iterations=5)
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    landed_y = sy + np.interp(sy.ravel(), rows, dy[:, 0]).reshape(sy.shape)
    assert np.abs(landed_y - gy).max() < 0.04 and np.abs(sx - gx).max() < 1e-6
