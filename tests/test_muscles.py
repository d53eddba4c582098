"""The action model: documented direction and amount at peak, nothing at day 0 / 365 / level 0, monotone."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viz
from tests.conftest import face_path
from viz import content
from viz.anatomy import LEFT, RIGHT
from viz.errors import ArgumentError
from viz.muscles import (
    LID_SKIN_SQUEEZE,
    MEASURE_FEATURES,
    Relaxation,
    displacement_at_mm,
    displacement_mm,
    muscles_for,
    region_muscles,
    target_weights,
    target_weights_at,
)
from viz.vocabulary import MEASURE_IDS

LIB = content.load()
MOVING = [m.id for m in LIB.muscles.values() if any(mv.direction != "none" for mv in m.effect)]


@lru_cache(maxsize=2)
def _uv(name: str = "frl_london_005_03.jpg") -> np.ndarray:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return viz.fit_frame(face.xy_px, face.mm_per_px).to_mm(face.xy_px)


def _side_of(muscle: str) -> str:
    return "both" if LIB.muscles[muscle].midline else "left"


@pytest.mark.parametrize("muscle", MOVING)
def test_landmarks_move_the_documented_way_by_the_documented_amount_at_peak(muscle: str) -> None:
    uv = _uv()
    card = LIB.muscles[muscle]
    r = Relaxation(muscle, _side_of(muscle), 1.0)
    d = displacement_mm(uv, r, card, card.time_course.peak_days)
    for mv in card.effect:
        if mv.direction == "none":
            continue
        side = LEFT if r.side != "right" else RIGHT
        full = [i for i, w in target_weights(uv, mv.target, side).items() if w >= 1.0 - 1e-6]
        assert full, (muscle, mv.target)
        others = [m for m in card.effect if m is not mv and m.direction != "none"]
        for i in full:
            if mv.unit == "percent_half_width":
                expected = abs(uv[i, 0]) * mv.typical / 100.0
                moved = -d[i, 0] * np.sign(uv[i, 0])  # inward
            else:
                expected = mv.typical
                moved = d[i, 1] if mv.direction == "up" else -d[i, 1]
            if not others:
                assert moved == pytest.approx(expected, rel=0.05), (muscle, i)
            else:  # neighbouring targets of the same muscle may add a little
                assert moved * np.sign(expected) > 0


@pytest.mark.parametrize("muscle", MOVING)
@pytest.mark.parametrize("day", [0.0, 365.0])
def test_no_change_on_day_0_or_after_a_year(muscle: str, day: float) -> None:
    r = Relaxation(muscle, _side_of(muscle), 1.0)
    assert not np.any(displacement_mm(_uv(), r, LIB.muscles[muscle], day))


@pytest.mark.parametrize("muscle", MOVING)
def test_level_zero_changes_nothing(muscle: str) -> None:
    card = LIB.muscles[muscle]
    r = Relaxation(muscle, _side_of(muscle), 0.0)
    assert not np.any(displacement_mm(_uv(), r, card, card.time_course.peak_days))


@settings(max_examples=30, deadline=None)
@given(muscle=st.sampled_from(MOVING), a=st.floats(0, 1), b=st.floats(0, 1), day=st.floats(1, 200))
def test_the_effect_never_shrinks_as_the_level_rises(muscle: str, a: float, b: float, day: float) -> None:
    lo, hi = sorted((a, b))
    card = LIB.muscles[muscle]
    d_lo = displacement_mm(_uv(), Relaxation(muscle, _side_of(muscle), lo), card, day)
    d_hi = displacement_mm(_uv(), Relaxation(muscle, _side_of(muscle), hi), card, day)
    assert np.all(np.linalg.norm(d_hi, axis=1) >= np.linalg.norm(d_lo, axis=1) - 1e-12)


def test_one_side_moves_only_that_side() -> None:
    uv = _uv()
    card = LIB.muscles["orbicularis_oculi"]
    d = displacement_mm(uv, Relaxation("orbicularis_oculi", "right", 1.0), card, 14)
    moved = np.linalg.norm(d, axis=1) > 0
    assert moved.any() and np.all(uv[moved, 0] < 0)


def test_low_typical_high_are_ordered() -> None:
    uv = _uv()
    card = LIB.muscles["orbicularis_oculi"]
    r = Relaxation("orbicularis_oculi", "left", 1.0)
    size = [float(np.abs(displacement_mm(uv, r, card, 14, b)).max()) for b in ("low", "typical", "high")]
    assert size[0] < size[1] < size[2]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("frontalis:middle:1", "Side"),
        ("procerus:left:1", "midline"),
        ("frontalis:left:2", "Level"),
        ("brow:left:1", "Unknown muscle"),
        ("frontalis", "MUSCLE:SIDE:LEVEL"),
    ],
)
def test_bad_relaxations_are_refused_with_one_sentence(text: str, match: str) -> None:
    with pytest.raises(ArgumentError, match=match):
        Relaxation.parse(text)


def test_named_levels_parse() -> None:
    assert Relaxation.parse("masseter:left:strong").level == 1.0
    assert Relaxation.parse("masseter:right:light").level == pytest.approx(1 / 3)


def test_the_muscles_involved_in_a_measure_come_from_the_content_library() -> None:
    lib = content.load()
    assert set(muscles_for("brow_tail_height", lib)) >= {"frontalis", "orbicularis_oculi"}
    assert "depressor_anguli_oris" in muscles_for("mouth_corner_drop", lib)
    assert "masseter" in muscles_for("jaw_width", lib)
    assert set(muscles_for("nose_tip_offset", lib)) == set(region_muscles(lib)["nose"])
    assert set(MEASURE_FEATURES) == set(MEASURE_IDS)
    with pytest.raises(ArgumentError, match="Unknown measure"):
        muscles_for("ear_height", lib)


def test_the_field_that_moves_the_photo_moves_the_landmarks_and_never_the_irises() -> None:
    uv = _uv()
    for card in (LIB.muscles[m] for m in MOVING):
        r = Relaxation(card.id, _side_of(card.id), 1.0)
        d = displacement_mm(uv, r, card, card.time_course.peak_days)
        field = displacement_at_mm(uv, uv, r, card, card.time_course.peak_days)
        assert np.allclose(d[:468], field[:468]) and not np.any(d[468:]), card.id


def test_the_brow_targets_share_the_brow_between_them() -> None:
    """Across the brow band the three brow targets' weights add up to one, so a brow moved by all three moves as one."""
    uv = _uv()
    for side in (LEFT, RIGHT):
        sign = 1.0 if side is LEFT else -1.0
        xs = np.linspace(uv[side.brow_upper[-1], 0] * sign, uv[side.brow_upper[0], 0] * sign, 40)
        contour = sorted((uv[i, 0] * sign, uv[i, 1] - 1.0) for i in side.brow_upper)  # just under the brow's upper edge
        band = np.array([[x * sign, np.interp(x, [c[0] for c in contour], [c[1] for c in contour])] for x in xs])
        total = sum(target_weights_at(band, uv, t, side) for t in ("brow_inner", "brow_mid", "brow_tail"))
        assert np.allclose(total, 1.0, atol=1e-6)
        for t in ("brow_inner", "brow_mid", "brow_tail"):
            w = target_weights_at(band, uv, t, side)
            assert w.min() > -0.25 and w.max() < 1.25  # near a measuring point a share may bend a little past 0 or 1


@settings(max_examples=25, deadline=None)
@given(target=st.sampled_from(["brow_inner", "brow_mid", "brow_tail", "mouth_corner", "lower_lip", "jaw_contour", "upper_lid"]), right=st.booleans())
def test_a_target_leaves_the_other_side_and_the_eyes_alone(target: str, right: bool) -> None:
    uv = _uv()
    side, other = (RIGHT, LEFT) if right else (LEFT, RIGHT)
    w = target_weights_at(uv, uv, target, side)
    far = np.abs(uv[:, 0]) > 15.0
    assert not np.any(w[far & (np.sign(uv[:, 0]) == (1.0 if other is LEFT else -1.0))])
    if target != "upper_lid":
        assert not np.any(w[[side.iris_centre, other.iris_centre, *side.lid_upper, side.eye_inner, side.eye_outer]])


def _smallest_stretch_above_the_eye(uv: np.ndarray, card: content.Muscle) -> float:
    """Smallest local stretch ``1 + d(move)/dv`` of the skin between the left lid and forehead under a strong relaxation.

    The brow moves are vertical, so this is the Jacobian determinant of the map the photo is warped by: at or below
    0 the skin folds over and the photo cannot be warped.
    """
    r = Relaxation(card.id, "left", 1.0)
    u = np.linspace(uv[LEFT.eye_inner, 0] - 8.0, uv[LEFT.brow_upper[0], 0] + 8.0, 60)
    v = np.arange(float(uv[list(LEFT.lid_upper), 1].min()) - 3.0, float(uv[list(LEFT.brow_upper), 1].max()) + 25.0, 0.1)
    grid = np.stack(np.meshgrid(u, v), axis=-1).reshape(-1, 2)
    dv = displacement_at_mm(grid, uv, r, card, card.time_course.peak_days)[:, 1].reshape(len(v), len(u))
    return float((1.0 + np.gradient(dv, v, axis=0)).min())


@pytest.mark.parametrize("name", ["frl_london_005_03.jpg", "uscongress_O000172.jpg"])
def test_a_lowered_brow_squeezes_the_lid_skin_but_never_folds_it(name: str) -> None:
    """The frontalis lowers the brow toward the lid margin, which stays put: the skin between is squeezed.

    At the catalogue's high figure the squeeze stays within LID_SKIN_SQUEEZE; with the pattern scaled to a 4.5 mm drop
    (about 5 mm where the shares bend past one near the measuring points) on a brow that sits low over the eye
    (uscongress_O000172: about 8.5 mm of lid skin under the brow) the skin is squeezed hard but never folds, so the
    photo can still be warped (a fade of fixed length folded it: smallest stretch -0.35, now 0.11).
    """
    uv = _uv(name)
    card = LIB.muscles["frontalis"]
    high = dataclasses.replace(card, effect=tuple(dataclasses.replace(e, typical=e.high) for e in card.effect))
    assert _smallest_stretch_above_the_eye(uv, high) >= LID_SKIN_SQUEEZE - 0.02
    k = 4.5 / max(e.typical for e in card.effect if e.direction == "down")
    strong = dataclasses.replace(card, effect=tuple(dataclasses.replace(e, typical=e.typical * k) for e in card.effect))
    assert _smallest_stretch_above_the_eye(uv, strong) > 0.05
