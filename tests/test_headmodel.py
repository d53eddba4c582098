"""The symmetric head at a pose: its landmarks, the pose read back from them, and what the pose alone does to the measures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viz
from viz import anatomy, headmodel
from viz.landmarks import IRIS_DIAMETER_MM, estimate_pose
from viz.testing import synthetic_face


def _face(yaw: float, pitch: float) -> viz.Face:
    """The symmetric model seen at a pose, as a face the engine can analyse (landmarks only)."""
    xy = headmodel.render(yaw, pitch)
    face = synthetic_face(np.column_stack([xy, headmodel.render_depth(yaw, pitch)]))
    iris = float(np.mean([np.linalg.norm(xy[s.iris_rim[0]] - xy[s.iris_rim[2]]) for s in (anatomy.LEFT, anatomy.RIGHT)]))
    pose = estimate_pose(face.xy_px, face.z_px)
    return dataclasses.replace(face, iris_diameter_px=iris, mm_per_px=IRIS_DIAMETER_MM / iris, pose=pose)


def test_the_front_view_is_its_own_mirror_image() -> None:
    xy = headmodel.render(0.0, 0.0)
    mirrored = anatomy.mirror_relabel(xy, 1000.0)
    assert np.allclose(mirrored, xy, atol=0.2)  # the canonical model is symmetric to a fraction of a pixel


@settings(max_examples=30, deadline=None)
@given(yaw=st.floats(-20, 20), pitch=st.floats(-20, 20))
def test_the_pose_is_read_back_from_the_rendered_landmarks(yaw: float, pitch: float) -> None:
    pose = estimate_pose(headmodel.render(yaw, pitch), headmodel.render_depth(yaw, pitch))
    assert pose.yaw == pytest.approx(yaw, abs=0.15) and pose.pitch == pytest.approx(pitch, abs=0.15) and abs(pose.roll) < 0.15


def test_a_turn_shows_the_symmetric_head_asymmetric_until_corrected() -> None:
    raw = viz.analyze(_face(8.0, 0.0), refine=False)
    front = viz.analyze(_face(0.0, 0.0), refine=False)
    nose = raw.measures["nose_tip_offset"]
    assert abs(nose.pose_correction) > 3.0  # an 8° turn moves the lower nose about 3.2 mm off the midline
    for mid, m in raw.measures.items():
        if m.withheld is None:  # corrected for the pose: the symmetric head reads as it does from the front
            assert m.value == pytest.approx(front.measures[mid].value, abs=0.05), mid
    assert raw.index_mm == pytest.approx(front.index_mm, abs=0.05)
    assert any("turned 8°" in w for w in raw.warnings)
    assert not any("turned" in w for w in front.warnings)


def test_the_pose_correction_is_odd_in_the_turn_and_zero_in_front() -> None:
    left, right = viz.analyze(_face(5.0, 0.0), refine=False), viz.analyze(_face(-5.0, 0.0), refine=False)
    for mid in left.measures:
        assert left.measures[mid].pose_correction == pytest.approx(-right.measures[mid].pose_correction, abs=0.02), mid
    assert all(abs(m.pose_correction) < 1e-9 for m in viz.analyze(_face(0.0, 0.0), refine=False).measures.values())


def test_a_nod_alone_changes_no_left_right_difference() -> None:
    nodded = viz.analyze(_face(0.0, 12.0), refine=False)
    assert all(abs(m.pose_correction) < 0.05 for m in nodded.measures.values())
