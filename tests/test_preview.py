"""relax(): before / after / range, the warped photo, warnings, and what would balance a finding."""

from __future__ import annotations

import dataclasses
from functools import cache
from types import MappingProxyType

import numpy as np
import pytest

import viz
from tests.conftest import face_path
from viz import content
from viz.asymmetry import MEASURE_IDS
from viz.muscles import Relaxation
from viz.preview import balance_options, relax, watermark
from viz.testing import move_feature

LIB = content.load()


@cache
def _face(name: str = "frl_london_005_03.jpg") -> viz.Face:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return face


def _library_with(muscle: str, typical_mm: float) -> content.Library:
    """The catalogue with one muscle's moves set to a known size (low = typical = high)."""
    card = LIB.muscles[muscle]
    effect = tuple(dataclasses.replace(m, low=typical_mm, typical=typical_mm, high=typical_mm) if m.direction != "none" else m for m in card.effect)
    muscles = dict(LIB.muscles)
    muscles[muscle] = dataclasses.replace(card, effect=effect)
    return dataclasses.replace(LIB, muscles=MappingProxyType(muscles))


@pytest.mark.parametrize("day", [0.0, 365.0])
def test_day_0_and_after_a_year_change_nothing(day: float) -> None:
    face = _face()
    pv = relax(face.photo, face, [Relaxation("orbicularis_oculi", "left", 1.0)], day)
    for mid in MEASURE_IDS:
        assert pv.after[mid].value == pytest.approx(pv.before[mid].value, abs=1e-9)
        assert pv.after_low[mid].value == pytest.approx(pv.before[mid].value, abs=1e-9)
    assert np.array_equal(pv.image, watermark(np.asarray(face.photo.rgb)))


def test_the_range_brackets_the_typical_change() -> None:
    face = _face()
    pv = relax(face.photo, face, [Relaxation("orbicularis_oculi", "right", 1.0)], 14)
    for mid in ("brow_height", "brow_tail_height"):
        b, lo, typ, hi = (x[mid].value for x in (pv.before, pv.after_low, pv.after, pv.after_high))
        assert abs(lo - b) < abs(typ - b) < abs(hi - b)
    # the right brow tail rises: left minus right falls
    assert pv.after["brow_tail_height"].value < pv.before["brow_tail_height"].value - 1.0


@pytest.mark.parametrize(
    ("muscle", "side", "measure", "sign"),
    [("orbicularis_oculi", "left", "brow_tail_height", +1.0), ("depressor_anguli_oris", "right", "mouth_corner_drop", +1.0)],
)
def test_redetecting_on_the_warped_photo_finds_the_predicted_move(muscle: str, side: str, measure: str, sign: float) -> None:
    face = _face()
    lib = _library_with(muscle, 2.0)
    pv = relax(face.photo, face, [Relaxation(muscle, side, 1.0)], LIB.muscles[muscle].time_course.peak_days, library=lib)
    predicted = pv.after[measure].value - pv.before[measure].value
    assert abs(predicted) > 1.5 and np.sign(predicted) == sign
    warped = viz.detect_face(viz.Photo.from_array(pv.image, scale=face.photo.scale))
    assert warped is not None
    measured = viz.analyze(warped).measures[measure].value - pv.before[measure].value
    assert measured == pytest.approx(predicted, abs=0.5)


def test_frontalis_on_the_lower_brow_is_warned_about() -> None:
    face = _face()
    brow = viz.analyze(face).measures["brow_height"]
    lower = "left" if brow.value < 0 else "right"
    assert abs(brow.value) > brow.uncertainty
    pv = relax(face.photo, face, [Relaxation("frontalis", lower, 1.0)], 14)
    assert any("already sits" in w and lower in w for w in pv.warnings)


def test_over_correction_that_flips_the_difference_is_warned_about() -> None:
    face = _face()
    corner = viz.analyze(face).measures["mouth_corner_drop"]
    lower = "left" if corner.value > 0 else "right"  # a larger drop is the lower corner
    pv = relax(face.photo, face, [Relaxation("depressor_anguli_oris", lower, 1.0)], 30, library=_library_with("depressor_anguli_oris", 8.0))
    assert np.sign(pv.after["mouth_corner_drop"].value) != np.sign(corner.value)
    assert any("flip" in w for w in pv.warnings)


def test_a_muscle_that_moves_nothing_at_rest_says_why() -> None:
    face = _face()
    pv = relax(face.photo, face, [Relaxation("zygomaticus_major", "left", 1.0)], 14)
    assert any("little or nothing at rest" in w for w in pv.warnings)
    assert np.array_equal(pv.image, watermark(np.asarray(face.photo.rgb)))


def test_combined_plan_adds_up() -> None:
    face = _face()
    a = relax(face.photo, face, [Relaxation("orbicularis_oculi", "right", 1.0)], 14)
    b = relax(face.photo, face, [Relaxation("depressor_anguli_oris", "right", 1.0)], 14)
    both = relax(face.photo, face, [Relaxation("orbicularis_oculi", "right", 1.0), Relaxation("depressor_anguli_oris", "right", 1.0)], 14)
    for mid in ("brow_tail_height", "mouth_corner_drop"):
        change = both.after[mid].value - both.before[mid].value
        parts = (a.after[mid].value - a.before[mid].value) + (b.after[mid].value - b.before[mid].value)
        assert change == pytest.approx(parts, abs=0.05)


def test_preview_json_matches_the_contract() -> None:
    face = _face()
    d = relax(face.photo, face, [Relaxation("masseter", "left", 0.5)], 84).to_dict()
    assert list(d) == ["schema", "day", "relax", "before", "after", "after_low", "after_high", "warnings"]
    assert d["schema"] == "viz.preview/1" and d["day"] == 84 and d["relax"] == [{"muscle": "masseter", "side": "left", "level": 0.5}]
    for key in ("before", "after", "after_low", "after_high"):
        assert set(d[key]) == set(MEASURE_IDS) | {"asymmetry_index_mm"}


def test_balance_options_reduce_the_largest_finding_best_first() -> None:
    # A face with a brow lifted 3 mm on its left: the largest finding a muscle can change is a brow, and relaxing
    # something must lower that brow or lift the other.
    photo = move_feature(_face(), "brow", "left", 3.0)
    face = viz.detect_face(photo)
    assert face is not None
    measure, options = balance_options(face, addressable_only=True)
    assert measure in ("brow_inner_height", "brow_height", "brow_tail_height")
    assert options, "a 3 mm brow difference has at least one option"
    reductions = [o.reduction for o in options]
    assert reductions == sorted(reductions, reverse=True) and all(r > 0 for r in reductions)
    report = viz.analyze(face)
    for o in options[:3]:  # each option's figure is what the preview itself predicts for that relaxation at its peak
        assert abs(o.after) < abs(o.before) and o.measure == measure and o.expression == "rest"
        peak = LIB.muscles[o.relaxation.muscle].time_course.peak_days
        pv = relax(face.photo, face, [o.relaxation], peak, report=report)
        assert pv.after[measure].value == pytest.approx(o.after, abs=1e-6)
        assert sorted((pv.after_low[measure].value, pv.after_high[measure].value)) == pytest.approx(sorted((o.after_low, o.after_high)), abs=1e-6)
