"""Visits: a photo whose head pose is beyond the face model's limits, or a pose change between the two photos, makes the
comparison "less sure" in its summary, as an expression does (engine and ``python -m viz compare``)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from tests.conftest import REPO, detected, face_path
from viz.landmarks import POSE_CHANGE_LIMIT_DEG, POSE_LIMIT_DEG, ROLL_LIMIT_DEG, Pose
from viz.visits import NO_CHANGE, POSE_CHANGE, compare

#: The photo's own warning for a tilted head says its measures may be off by more than their ranges.
OFF_BY_MORE = "off by more than their ranges"


def test_a_tilted_after_photo_and_a_pose_change_make_the_comparison_less_sure() -> None:
    # lisa 3 is tilted 20° toward a shoulder: its warning said the measures may be off by more than their ranges,
    # and the summary under it was an unqualified "no change"
    report = compare(detected("cc0_lisa_lisa1.jpg"), detected("cc0_lisa_lisa3.jpg"))
    assert report.judged and not report.expression_photos
    tilted = [w for w in report.warnings if OFF_BY_MORE in w]
    assert tilted and all(w.startswith("After photo: the head is tilted") for w in tilted), report.warnings
    assert abs(report.after.face.pose.roll) > ROLL_LIMIT_DEG
    assert any(r.startswith("the head in the after photo is tilted") for r in report.less_sure), report.less_sure
    assert not any("before photo" in r for r in report.less_sure), report.less_sure
    assert report.pose_change_deg > POSE_CHANGE_LIMIT_DEG
    assert any(r.startswith(f"the head is {POSE_CHANGE} (") for r in report.less_sure), report.less_sure
    assert report.summary != NO_CHANGE
    assert f" Less sure: {'; '.join(report.less_sure)}." in report.summary, report.summary


def test_a_head_turned_beyond_the_limit_makes_the_comparison_less_sure() -> None:
    face = detected("frl_london_005_03.jpg")
    level = compare(face, face)
    assert level.less_sure == ()  # the same face, level and facing the camera: nothing to qualify
    turned = dataclasses.replace(face, pose=Pose(yaw=face.pose.yaw + POSE_LIMIT_DEG + 3.0, pitch=face.pose.pitch, roll=face.pose.roll))
    report = compare(face, turned)
    assert report.pose_change_deg > POSE_CHANGE_LIMIT_DEG
    assert any(r.startswith("the head in the after photo is turned") for r in report.less_sure), report.less_sure
    # a pose change alone, each photo within its limits, is a reason too
    changed = dataclasses.replace(level, pose_change_deg=POSE_CHANGE_LIMIT_DEG + 1.0)
    said = f"({POSE_CHANGE_LIMIT_DEG + 1.0:.0f}°, over {POSE_CHANGE_LIMIT_DEG:g}°)"
    assert changed.less_sure == (f"the head is {POSE_CHANGE} {said}",)


def test_the_cli_says_less_sure_and_keeps_its_json_keys() -> None:
    args = [sys.executable, "-m", "viz", "compare", str(face_path("cc0_lisa_lisa1.jpg")), str(face_path("cc0_lisa_lisa3.jpg"))]
    text = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert text.returncode == 0, text.stderr
    summary = [line for line in text.stdout.splitlines() if line.startswith(NO_CHANGE)]
    assert len(summary) == 1 and "Less sure: the head in the after photo is tilted" in summary[0], text.stdout
    out = subprocess.run([*args, "--json"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert set(obj) == {"schema", "before", "after", "changes", "warnings"} and obj["schema"] == "viz.compare/1"
    assert set(obj["changes"]["brow_height"]) == {"change_mm", "uncertainty_mm", "beyond_uncertainty"}


def test_the_pose_change_is_not_called_a_tilt_beside_a_tilt_toward_a_shoulder() -> None:
    # lisa 3 is tilted 20° toward a shoulder, and turned 10° more than lisa 1: "turned or tilted differently (10°)"
    # under "the head is tilted 20°" read as a contradiction. The 10° is the turn (sideways, up or down) only.
    report = compare(detected("cc0_lisa_lisa1.jpg"), detected("cc0_lisa_lisa3.jpg"))
    before, after = report.before.face.pose, report.after.face.pose
    roll_change = abs(after.roll - before.roll)
    assert report.pose_change_deg == max(abs(after.yaw - before.yaw), abs(after.pitch - before.pitch))
    assert abs(roll_change - report.pose_change_deg) > 3  # two different numbers, so the words must tell them apart
    said = [w for w in report.warnings if "differently" in w] + [r for r in report.less_sure if "differently" in r]
    assert len(said) == 2, (report.warnings, report.less_sure)
    for text in said:
        assert f"{POSE_CHANGE} ({report.pose_change_deg:.0f}°" in text, text
        assert "tilt" not in text and "sideways or up/down" in text, text
    assert all("tilt" not in r for r in report.less_sure if "turned" in r), report.less_sure
