"""Lining two faces up: a known similarity is undone exactly, noise shows in the residual, bad points are refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz import anatomy
from viz.align import align
from viz.errors import ArgumentError
from viz.testing import synthetic_face


def _rotation(yaw: float, pitch: float, roll: float) -> np.ndarray:
    cy, sy, cp, sp, cr, sr = (f(math.radians(a)) for a in (yaw, pitch, roll) for f in (math.cos, math.sin))
    rz = np.array([[cr, -sr, 0], [sr, cr, 0], [0, 0, 1]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rx = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]])
    return rz @ ry @ rx


_CANONICAL_PX = np.asarray(anatomy.CANONICAL_XYZ, dtype=np.float64) * np.array([40.0, -40.0, -40.0]) + np.array([500.0, 500.0, 0.0])


@settings(max_examples=40, deadline=None)
@given(
    yaw=st.floats(-25, 25),
    pitch=st.floats(-20, 20),
    roll=st.floats(-40, 40),
    scale=st.floats(0.4, 2.5),
    shift=st.tuples(st.floats(-300, 300), st.floats(-300, 300), st.floats(-50, 50)),
)
def test_alignment_recovers_a_known_similarity(yaw: float, pitch: float, roll: float, scale: float, shift: tuple[float, float, float]) -> None:
    reference = synthetic_face(_CANONICAL_PX)
    # the moving face is the reference seen through an unknown similarity; align must undo it
    moving_xyz = (_CANONICAL_PX @ (scale * _rotation(yaw, pitch, roll)).T) + np.array(shift)
    fit = align(synthetic_face(moving_xyz), reference)
    assert np.allclose(fit.apply(synthetic_face(moving_xyz)), reference.xy_px, atol=1e-6)
    assert fit.scale == pytest.approx(1.0 / scale, rel=1e-9)
    assert fit.residual_px < 1e-6


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), noise=st.floats(0.1, 3.0))
def test_alignment_residual_and_point_error_grow_with_noise(seed: int, noise: float) -> None:
    rng = np.random.default_rng(seed)
    reference = synthetic_face(_CANONICAL_PX)
    jittered = _CANONICAL_PX + rng.normal(0.0, noise, _CANONICAL_PX.shape)
    fit = align(synthetic_face(jittered), reference)
    assert 0.2 * noise < fit.residual_px < 3.0 * noise
    near, far = fit.centroid_px, fit.centroid_px + np.array([0.0, 400.0])
    assert 0.0 < fit.point_error_px(near) < fit.point_error_px(far)


def test_alignment_refuses_too_few_points() -> None:
    face = synthetic_face(_CANONICAL_PX)
    with pytest.raises(ArgumentError, match="at least four"):
        align(face, face, points=(1, 4, 1, 4))
    with pytest.raises(ArgumentError, match="at least four"):
        align(face, face, points=(1, 4, 6, 9999))
