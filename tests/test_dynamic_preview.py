"""relax_expression(): an expression with muscles relaxed — no change at level 0 or day 0, monotone in level,
only the treated side attenuated — and the ranking of options for the largest movement difference."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viz
from tests.conftest import face_path, spaced
from viz import anatomy, content, movement
from viz.anatomy import LEFT, RIGHT
from viz.dynamic_preview import actions, movement_balance_options, no_option_reason, relax_expression, remaining_share, shown_sides
from viz.errors import ArgumentError
from viz.movement import DynamicsReport, measure_dynamics
from viz.muscles import Relaxation
from viz.preview import mark
from viz.testing import move_feature
from viz.timeline import effect_range
from viz.vocabulary import MOVEMENTS, format_range

LIB = content.load()
ACTIONS = actions(LIB)
#: The canonical face model in millimetres: x toward the subject's left, y up (the face frame's axes).
UV_CANONICAL = np.asarray(anatomy.CANONICAL_XYZ, dtype=np.float64)[:, :2] * 10.0


@cache
def _rest() -> viz.Face:
    face = viz.detect_face(viz.load_photo(face_path("frl_london_061_03.jpg")))
    assert face is not None
    return face


@cache
def _brows_report() -> DynamicsReport:
    """Rest and a brows-up photo made from it: the left brow lifted 4 mm, the right 2 mm."""
    rest = _rest()
    lifted = dataclasses.replace(rest, photo=move_feature(rest, "brow", "left", 4.0))
    photo = move_feature(lifted, "brow", "right", 2.0)
    face = viz.detect_face(photo)
    assert face is not None
    return measure_dynamics(rest, {"brows_up": face})


# --- remaining share: photo-free properties -----------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    muscle=st.sampled_from(sorted(ACTIONS)),
    side=st.sampled_from(["left", "right", "both"]),
    level=st.floats(0.0, 1.0),
    day=st.floats(0.0, 365.0),
)
def test_the_remaining_share_is_a_fraction_and_untreated_sides_keep_all_their_movement(muscle: str, side: str, level: float, day: float) -> None:
    if muscle == "procerus":
        side = "both"
    for expression in ACTIONS[muscle].expressions:
        share = remaining_share(UV_CANONICAL, expression, [Relaxation(muscle, side, level)], day, LIB)
        assert share.shape == (478,)
        assert np.all((share >= 0.0) & (share <= 1.0))
        if side == "left":
            assert np.all(share[UV_CANONICAL[:, 0] < -0.5] == 1.0)
        elif side == "right":
            assert np.all(share[UV_CANONICAL[:, 0] > 0.5] == 1.0)


@pytest.mark.parametrize("muscle", sorted(ACTIONS))
def test_nothing_changes_at_level_0_or_on_day_0_and_the_peak_removes_the_attenuation(muscle: str) -> None:
    side = "both" if muscle == "procerus" else "left"
    expression = ACTIONS[muscle].expressions[0]
    for level, day in ((0.0, 14.0), (1.0, 0.0), (1.0, 365.0)):
        assert np.all(remaining_share(UV_CANONICAL, expression, [Relaxation(muscle, side, level)], day, LIB) == 1.0)
    peak = LIB.muscles[muscle].movement_course.peak_days
    share = remaining_share(UV_CANONICAL, expression, [Relaxation(muscle, side, 1.0)], peak, LIB)
    assert share.min() == pytest.approx(1.0 - ACTIONS[muscle].attenuation)


def test_the_frown_weakens_by_the_two_week_review_while_the_brow_at_rest_keeps_changing() -> None:
    from viz.timeline import effect_fraction

    card = LIB.muscles["corrugator"]
    review = card.time_course.judge_days
    assert review == 14.0
    # the brow's position at rest peaks at 12 weeks (Carruthers 2007); the frown itself is weakest from two weeks
    assert effect_fraction(np.array([review]), card.time_course)[0] < 0.6
    assert effect_fraction(np.array([review]), card.movement_course)[0] == pytest.approx(1.0)
    frown = remaining_share(UV_CANONICAL, "frown", [Relaxation("corrugator", "left", 1.0)], review, LIB)
    assert frown.min() == pytest.approx(1.0 - ACTIONS["corrugator"].attenuation)  # the whole relaxation at the review
    # its partner in the same frown-area treatment runs on the same movement clock
    assert card.movement_course.peak_days == LIB.muscles["procerus"].movement_course.peak_days
    # a card without a course of its own for the movement uses the card's
    assert LIB.muscles["frontalis"].movement_course is LIB.muscles["frontalis"].time_course


def test_muscles_that_drive_no_measured_movement_change_nothing() -> None:
    for muscle in ("nasalis", "masseter", "platysma", "mentalis", "depressor_anguli_oris"):
        assert muscle not in ACTIONS
        for expression in ("brows_up", "frown", "eyes_closed", "smile", "pucker"):
            assert np.all(remaining_share(UV_CANONICAL, expression, [Relaxation(muscle, "left", 1.0)], 30, LIB) == 1.0)


def test_every_action_is_a_catalogue_muscle_with_a_labelled_attenuation() -> None:
    for muscle, action in ACTIONS.items():
        assert muscle in LIB.muscles and LIB.muscles[muscle].dynamic is action
        assert 0.0 < action.attenuation <= 1.0
        assert action.note and (not action.illustrative or "illustrative" in action.note)


def test_bad_arguments_get_one_sentence() -> None:
    with pytest.raises(ArgumentError, match="Unknown expression"):
        remaining_share(UV_CANONICAL, "wink", [], 14, LIB)
    with pytest.raises(ArgumentError, match="Day must be"):
        remaining_share(UV_CANONICAL, "smile", [], 400, LIB)
    with pytest.raises(ArgumentError, match="twice on the same side"):
        remaining_share(UV_CANONICAL, "smile", [Relaxation("depressor_anguli_oris", "both", 1.0), Relaxation("depressor_anguli_oris", "right", 1.0)], 14, LIB)


# --- on a real face with a known, uneven brow raise ------------------------------------------------


def test_the_brows_up_photo_raises_the_left_brow_more() -> None:
    mv = _brows_report().expressions["brows_up"].movements["brow_elevation"]
    assert mv.stronger == "left"
    assert mv.left - mv.right == pytest.approx(2.0, abs=0.8)


@pytest.mark.parametrize(("level", "day"), [(0.0, 14.0), (1.0, 0.0)])
def test_level_0_or_day_0_changes_nothing(level: float, day: float) -> None:
    report = _brows_report()
    pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", level)], day, library=LIB)
    face = report.expressions["brows_up"].face
    assert np.array_equal(pv.xy_after_px, face.xy_px)
    assert np.array_equal(pv.uv_after_mm, pv.uv_before_mm)
    for mid, m in pv.before.items():
        assert pv.after[mid].left == m.left and pv.after[mid].right == m.right
    assert np.array_equal(pv.image, mark(np.asarray(face.photo.rgb), face))


def test_the_treated_side_moves_less_with_the_level_and_the_other_side_not_at_all() -> None:
    report = _brows_report()
    lefts, rights = [], []
    for level in (0.0, 0.25, 0.5, 0.75, 1.0):
        pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", level)], 14, library=LIB)
        m = pv.after["brow_elevation"]
        lefts.append(m.left)
        rights.append(m.right)
        right_brow = sorted(RIGHT.brow)
        assert np.array_equal(pv.uv_after_mm[right_brow], pv.uv_before_mm[right_brow])
    assert all(a > b for a, b in itertools.pairwise(lefts))
    assert len(set(rights)) == 1
    before = report.expressions["brows_up"].movements["brow_elevation"]
    assert lefts[-1] == pytest.approx(before.left * (1.0 - ACTIONS["frontalis"].attenuation), rel=0.05)


def test_relaxing_the_stronger_frontalis_evens_the_raise_and_warps_only_that_brow() -> None:
    report = _brows_report()
    pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", 2.0 / 3.0)], 14, library=LIB)
    b, a = pv.before["brow_elevation"], pv.after["brow_elevation"]
    assert abs(a.left - a.right) < 0.5 * abs(b.left - b.right)
    # the warp lowers the left brow in the photo: the image changes around it, not around the right brow
    face = report.expressions["brows_up"].face
    diff = np.abs(pv.image.astype(np.int16) - np.asarray(face.photo.rgb, dtype=np.int16)).sum(axis=2)
    s = face.photo.scale

    def around(i: int) -> float:
        x, y = (face.xy_px[i] / s).astype(int)
        return float(diff[y - 15 : y + 15, x - 15 : x + 15].mean())

    assert around(LEFT.brow_upper[2]) > 5 * max(around(RIGHT.brow_upper[2]), 0.1)
    assert any("illustrative" in w for w in pv.warnings)
    assert json.loads(json.dumps(pv.to_dict()))["schema"] == "viz.dynamic_preview/1"


def test_a_muscle_outside_the_expression_is_said_to_change_nothing() -> None:
    pv = relax_expression(_brows_report(), "brows_up", [Relaxation("masseter", "left", 1.0)], 14, library=LIB)
    assert np.array_equal(pv.uv_after_mm, pv.uv_before_mm)
    # one sentence for a plan none of whose muscles makes the movement (a second, per muscle, said it again)
    assert [w for w in pv.warnings if "brows-up movement" in w and "change" in w] == [
        "No muscle in the plan makes the brows-up movement, so the simulation shows it unchanged (what the plan changes at rest shows on the rest photo)."
    ]
    mixed = relax_expression(_brows_report(), "brows_up", [Relaxation("frontalis", "left", 1.0), Relaxation("masseter", "right", 1.0)], 14, library=LIB)
    said = [w for w in mixed.warnings if "brows-up movement" in w]
    assert sum(w.startswith("Relaxing the") and w.endswith("does not change the brows-up movement measured here.") for w in said) == 1, said
    assert not any(w.startswith("No muscle in the plan") for w in said), said


def test_full_relaxation_of_the_stronger_side_warns_of_over_correction() -> None:
    pv = relax_expression(_brows_report(), "brows_up", [Relaxation("frontalis", "left", 1.0)], 14, library=LIB)
    flip = next(w for w in pv.warnings if "Over-correction" in w)
    assert re.search(r"from [+-]\d+\.\d ± \d+\.\d mm to [+-]\d+\.\d ± \d+\.\d mm", spaced(flip)), flip  # each number with its ±


def test_relaxing_the_weaker_side_warns_that_the_difference_grows() -> None:
    pv = relax_expression(_brows_report(), "brows_up", [Relaxation("frontalis", "right", 1.0)], 14, library=LIB)
    grows = next(w for w in pv.warnings if "increase the brow raise difference" in w)
    assert re.search(r"from \d+\.\d ± \d+\.\d mm to \d+\.\d ± \d+\.\d mm", spaced(grows)), grows  # each number with its ± and unit


@pytest.mark.parametrize(("side", "level", "day"), [("left", 1.0, 14), ("right", 1.0, 14), ("left", 0.67, 5), ("right", 0.5, 30), ("left", 0.33, 60)])
def test_a_warnings_figures_are_the_tables(side: str, level: float, day: int) -> None:
    # a warning said the difference would grow "to 3.1 ± 0.8 mm" above a table whose difference after read -3.0 ± 0.8 mm
    pv = relax_expression(_brows_report(), "brows_up", [Relaxation("frontalis", side, level)], day, library=LIB)
    l0, r0, l1, r1 = shown_sides(pv.before["brow_elevation"], pv.after["brow_elevation"])
    table = {f"{abs(l0 - r0):.1f}", f"{abs(l1 - r1):.1f}"}
    said = [w for w in pv.warnings if "brow raise difference" in w]
    for warning in said:
        for figure in re.findall(r"([+-]?\d+\.\d) ± \d+\.\d mm", spaced(warning)):
            assert figure.lstrip("+-") in table, (figure, table, warning)
    assert said or (side == "left" and level < 1.0)  # full relaxation and the weaker side are warned of


def test_a_smile_warnings_figure_is_the_tables_where_rounding_the_raw_difference_differs() -> None:
    # frl_london_025 smiling, the smile muscle relaxed on the left: the difference after is 3.06 mm raw and 3.0 mm as
    # the table shows it (1.2 and 4.2 mm sides); the warning said 3.1
    faces = [viz.detect_face(viz.load_photo(face_path(f"frl_london_025_{n}.jpg"))) for n in ("03", "08")]
    assert faces[0] is not None and faces[1] is not None
    report = measure_dynamics(faces[0], {"smile": faces[1]})
    pv = relax_expression(report, "smile", [Relaxation("zygomaticus_major", "left", 1.0)], 14, library=LIB)
    l0, r0, l1, r1 = shown_sides(pv.before["mouth_corner_excursion"], pv.after["mouth_corner_excursion"])
    (said,) = [spaced(w) for w in pv.warnings if "excursion difference" in w]
    assert f"to {abs(l1 - r1):.1f} ± " in said and f"from {abs(l0 - r0):.1f} ± " in said, said


def test_a_smile_angle_with_a_side_of_no_direction_shows_no_difference_in_the_previews_table() -> None:
    # "no clear direction → no clear direction | 37.2 ± 6.5° → 37.2° | +18.6 ± 41.8°": the Expressions page does not
    # compare the two sides' angles then, and Preview gave a difference
    from ui import movement_ui
    from ui.dynamic_preview_ui import movement_rows

    faces = [viz.detect_face(viz.load_photo(face_path(f"frl_london_025_{n}.jpg"))) for n in ("03", "08")]
    assert faces[0] is not None and faces[1] is not None
    pv = relax_expression(measure_dynamics(faces[0], {"smile": faces[1]}), "smile", [Relaxation("zygomaticus_major", "left", 1.0)], 14, library=LIB)
    angle = MOVEMENTS["smile_angle"].label
    clear = {row["movement"]: row for row in movement_rows(pv)}[angle]
    assert movement_ui.NO_DIRECTION not in clear["left"] + clear["right"] and "°" in clear["difference before"]
    blind = dataclasses.replace(pv.before["smile_angle"], left_uncertainty=90.0)  # the left corner barely moved
    row = {r["movement"]: r for r in movement_rows(dataclasses.replace(pv, before={**pv.before, "smile_angle": blind}))}[angle]
    assert row["left"].startswith(movement_ui.NO_DIRECTION)
    assert row["difference before"] == row["difference after"] == "—"


def test_the_options_to_discuss_put_the_stronger_frontalis_first_with_no_level_and_say_their_figures_are_illustrative() -> None:
    found = movement_balance_options(_brows_report(), library=LIB)
    assert found is not None
    expression, movement, options = found
    assert (expression, movement) == ("brows_up", "brow_elevation")
    assert options and options[0].relaxation == Relaxation("frontalis", "left", 1.0)  # judged at full effect, not a dose or level
    assert not hasattr(options[0], "balancing_level")
    assert options[0].illustrative and options[0].basis == "illustrative" and options[0].sources
    assert all(o.relaxation.side != "right" for o in options)


def test_with_no_option_the_sentence_says_what_each_full_relaxation_would_do() -> None:
    # said before: "the muscles that make this movement are not ones injectors relax", beside a forehead muscle
    # whose full relaxation flipped the brow raise (left 4 mm, right 3 mm: one side overshoots, the other widens)
    rest = _rest()
    lifted = dataclasses.replace(rest, photo=move_feature(rest, "brow", "left", 4.0))
    face = viz.detect_face(move_feature(lifted, "brow", "right", 3.0))
    assert face is not None
    report = measure_dynamics(rest, {"brows_up": face})
    found = movement_balance_options(report, library=LIB)
    assert found is not None and found[:2] == ("brows_up", "brow_elevation") and found[2] == []
    reason = no_option_reason(report, "brows_up", "brow_elevation", library=LIB)
    assert "forehead muscle on the left side would overshoot" in reason, reason
    assert "forehead muscle on the right side would widen the difference" in reason, reason
    assert "not ones injectors relax" not in reason and "in-person examination" in reason


def test_an_expression_photo_of_someone_else_gives_no_verdict_and_no_option() -> None:
    other = viz.detect_face(viz.load_photo(face_path("frl_london_005_08.jpg")))  # another person's smile
    assert other is not None
    report = measure_dynamics(_rest(), {"smile": other})
    result = report.expressions["smile"]
    assert not result.same_person and not result.usable
    assert "mouth" not in report.static_vs_dynamic
    assert any(movement.MAY_NOT_BE_SAME in w and "no verdict" in w for w in report.warnings)
    assert movement_balance_options(report, library=LIB) is None


def test_an_expression_missing_from_the_set_is_an_argument_error() -> None:
    with pytest.raises(ArgumentError, match="no 'smile' photo"):
        relax_expression(_brows_report(), "smile", [], 14, library=LIB)
    with pytest.raises(ArgumentError, match="Day must be"):
        relax_expression(_brows_report(), "brows_up", [], -1, library=LIB)


def test_no_expression_no_ranking() -> None:
    assert movement_balance_options(measure_dynamics(_rest(), {}), library=LIB) is None


def test_every_movement_row_adds_up_as_shown() -> None:
    from ui.dynamic_preview_ui import movement_rows

    def numbers(text: str) -> list[float]:  # the value of each side of "→" (each before its ± and unit)
        return [float(part.split()[0].rstrip("°")) for part in text.split(" → ")]

    report = _brows_report()
    for level, day in itertools.product((0.3, 0.6, 1.0), (3, 14)):
        for row in movement_rows(relax_expression(report, "brows_up", [Relaxation("frontalis", "left", level)], day, library=LIB)):
            (l0, l1), (r0, r1) = numbers(row["left"]), numbers(row["right"])
            assert round(l0 - r0, 1) == numbers(row["difference before"])[0], row
            assert round(l1 - r1, 1) == numbers(row["difference after"])[0], row
            assert r1 == r0, row  # the right side is untreated: its figure stays (rounded as a pair, 2.5 read 2.4 on day 3)


@pytest.mark.parametrize("day", [0, 3, 14, 100, 300])
def test_the_likely_range_after_holds_the_typical_and_spans_the_time_course(day: int) -> None:
    # the expression view gave one figure after, where the view at rest gives a range: the time course's spread is
    # the same on both (the slowest and the quickest course the catalogue's ranges allow)
    from ui.dynamic_preview_ui import movement_rows

    report = _brows_report()
    pv = relax_expression(report, "brows_up", [Relaxation("frontalis", "left", 1.0)], day, library=LIB)
    course = LIB.muscles["frontalis"].movement_course
    low_share, _typical, high_share = (float(x[0]) for x in effect_range([day], course))
    for mid, m in pv.after.items():
        if m.unit != "mm":
            continue
        low, high = pv.after_low[mid], pv.after_high[mid]
        assert abs(high.left) <= abs(m.left) + 1e-9 <= abs(low.left) + 2e-9  # more effect, less movement on the treated side
        assert high.right == pytest.approx(m.right) == pytest.approx(low.right)  # the other side untouched
        if high_share - low_share > 0.05:
            assert abs(low.left) - abs(high.left) > 0.0, (mid, day)
    rows = {row["movement"]: row for row in movement_rows(pv)}
    brow = rows[MOVEMENTS["brow_elevation"].label]
    ends = sorted(x.left - x.right for x in (pv.after_low["brow_elevation"], pv.after_high["brow_elevation"]))
    assert brow["likely range after"] == format_range(ends[0], ends[1], "mm", signed=True)
    if high_share == 0.0:  # no course has begun: nothing moves at either end
        assert all(pv.after_high[mid].left == pytest.approx(m.left) for mid, m in pv.before.items())
