"""The effect-over-time curve: limits, shape, the content's days and the measured jaw points."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.content import MUSCLE_IDS, TimeCourse, load
from viz.errors import ArgumentError, ContentError
from viz.timeline import ONSET_FRACTION, RESET_DAY, SLOW_RESIDUAL_FRACTION, effect_fraction, effect_range, end_day, repeated_effect_fraction

LIBRARY = load()
COURSES = {muscle_id: LIBRARY.muscles[muscle_id].time_course for muscle_id in MUSCLE_IDS}
DAYS = np.linspace(0.0, 400.0, 8001)  # every 0.05 day
STEP = DAYS[1] - DAYS[0]


def _course(**changes: object) -> TimeCourse:
    return dataclasses.replace(COURSES["frontalis"], **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_zero_on_the_day_of_treatment_before_it_and_from_the_end_day(muscle_id: str) -> None:
    course = COURSES[muscle_id]
    assert effect_fraction(0, course) == 0.0
    assert np.all(effect_fraction([-30, -1, -1e-9], course) == 0.0)
    after = DAYS[DAYS >= end_day(course)]
    assert after.size and np.all(effect_fraction(after, course) == 0.0)
    assert effect_fraction(365, course) == 0.0
    assert effect_fraction(RESET_DAY, course) == 0.0


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_values_stay_between_zero_and_one_and_reach_one_at_the_peak(muscle_id: str) -> None:
    course = COURSES[muscle_id]
    share = effect_fraction(DAYS, course)
    assert share.min() >= 0.0 and share.max() <= 1.0
    assert effect_fraction(course.peak_days, course) == 1.0
    assert abs(DAYS[np.argmax(share)] - course.peak_days) <= STEP  # first maximum is the peak day


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_rises_before_the_peak_holds_until_the_wear_off_and_then_only_falls(muscle_id: str) -> None:
    course = COURSES[muscle_id]
    share = effect_fraction(DAYS, course)
    rise = share[DAYS <= course.peak_days]
    assert np.all(np.diff(rise) > 0)
    plateau = share[(DAYS >= course.peak_days) & (DAYS <= course.wear_off_start_days)]
    assert np.all(plateau == 1.0)
    fall = share[DAYS >= course.wear_off_start_days]
    assert np.all(np.diff(fall) <= 0)
    assert np.all(np.diff(share[(DAYS >= course.wear_off_start_days) & (DAYS <= end_day(course))]) < 0)


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_the_curve_is_smooth_after_day_zero(muscle_id: str) -> None:
    course = COURSES[muscle_id]
    share = effect_fraction(DAYS, course)
    assert np.max(np.abs(np.diff(share))) / STEP < 0.25  # no jumps: at most a quarter of the peak per day
    h = 1e-4
    for knot in (course.onset_days, course.peak_days, course.wear_off_start_days, course.duration_days, end_day(course)):
        before, at, after = effect_fraction([knot - h, knot, knot + h], course)
        assert abs((at - before) / h - (after - at) / h) < 1e-3, knot  # the slope has no jump at any knot


def test_onset_day_and_slow_residual_land_on_their_documented_shares() -> None:
    frontalis, masseter = COURSES["frontalis"], COURSES["masseter"]
    assert effect_fraction(frontalis.onset_days, frontalis) == pytest.approx(ONSET_FRACTION)
    assert effect_fraction(masseter.onset_days, masseter) == pytest.approx(ONSET_FRACTION)
    assert masseter.recovery == "slow_incomplete"
    assert effect_fraction(masseter.duration_days, masseter) == pytest.approx(SLOW_RESIDUAL_FRACTION)
    assert end_day(masseter) == RESET_DAY and end_day(frontalis) == frontalis.duration_days


def test_the_jaw_muscle_peaks_later_and_lasts_longer_than_the_forehead() -> None:
    forehead = effect_fraction(DAYS, COURSES["frontalis"])
    jaw = effect_fraction(DAYS, COURSES["masseter"])
    assert DAYS[np.argmax(jaw)] >= 77 > 3 * DAYS[np.argmax(forehead)]  # ~11-12 weeks against ~2 weeks
    assert effect_fraction(150, COURSES["masseter"]) > 0.5 > effect_fraction(150, COURSES["frontalis"])
    assert jaw[DAYS <= 14].max() < forehead[DAYS <= 14].max()


def test_the_jaw_curve_follows_the_measured_narrowing_in_content() -> None:
    fact = LIBRARY.timeline.fact("masseter_course")
    measured = np.array([(point.low + point.high) / 2 for point in fact.points])
    days = np.array([point.day for point in fact.points])
    model = effect_fraction(days, COURSES["masseter"])
    # Klein 2014 (lower face narrower by 3.94, 5.26, 11.99, 5.47 % at 2, 4, 12, 24 weeks), as shares of the largest
    assert np.max(np.abs(model - measured / measured.max())) < 0.12


def test_shape_follows_the_input_and_the_input_is_not_changed() -> None:
    days = np.array([[0.0, 7.0], [14.0, 400.0]])
    before = days.copy()
    share = effect_fraction(days, COURSES["corrugator"])
    assert share.shape == (2, 2) and share.dtype == np.float64
    assert np.array_equal(days, before)
    assert effect_fraction(7, COURSES["corrugator"]).shape == ()


@pytest.mark.parametrize(
    ("days", "changes", "error", "match"),
    [
        (np.nan, {}, ArgumentError, "Days must be finite"),
        ([1.0, np.inf], {}, ArgumentError, "Days must be finite"),
        (5.0, {"onset_days": 0.0, "peak_days": 0.0, "judge_days": 0.0}, ContentError, "peak_days must be above zero"),
        (5.0, {"duration_days": 90.0}, ContentError, "must come after wear_off_start_days"),
        (5.0, {"duration_days": 400.0}, ContentError, "must be below day 365"),
    ],
)
def test_bad_days_or_time_courses_are_refused(days: object, changes: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        effect_fraction(days, _course(**changes))  # type: ignore[arg-type]


def test_an_onset_on_day_zero_or_at_the_peak_still_gives_a_smooth_rise() -> None:
    for course in (_course(onset_days=0.0), _course(onset_days=14.0)):
        rise = effect_fraction(DAYS[DAYS <= 14], course)
        assert rise[0] == 0.0 and rise[-1] == 1.0 and np.all(np.diff(rise) > 0)


def test_one_treatment_repeated_is_the_single_curve() -> None:
    course = COURSES["masseter"]
    assert np.array_equal(repeated_effect_fraction(DAYS, course, [0.0]), effect_fraction(DAYS, course))


def test_repeat_treatments_restart_the_effect_and_never_pass_the_peak() -> None:
    course = COURSES["frontalis"]
    share = repeated_effect_fraction(DAYS, course, [0.0, 120.0, 240.0])
    assert share.max() <= 1.0 and share.min() >= 0.0
    assert repeated_effect_fraction(134, course, [0, 120]) == 1.0
    assert repeated_effect_fraction(200, course, [0, 120]) == 1.0 > effect_fraction(200, course)
    assert repeated_effect_fraction(-1, course, [0, 120]) == 0.0


def test_overlapping_jaw_treatments_add_up_but_stay_below_one() -> None:
    course = COURSES["masseter"]
    single = effect_fraction(DAYS, course)
    twice = repeated_effect_fraction(DAYS, course, [0.0, 180.0])
    second = effect_fraction(DAYS - 180.0, course)
    assert np.allclose(twice, 1 - (1 - single) * (1 - second))
    assert np.all(twice >= np.maximum(single, second))
    overlap = (np.minimum(single, second) > 0.01) & (np.maximum(single, second) < 0.99)
    assert overlap.sum() > 100
    assert np.all(twice[overlap] > np.maximum(single, second)[overlap] + 1e-4)
    assert np.all(twice <= 1.0)


@pytest.mark.parametrize(("treatments", "match"), [([], "at least one day"), ([0.0, np.nan], "Treatment days must be finite")])
def test_bad_treatment_days_are_refused(treatments: list[float], match: str) -> None:
    with pytest.raises(ArgumentError, match=match):
        repeated_effect_fraction(10, COURSES["frontalis"], treatments)


@st.composite
def _time_courses(draw: st.DrawFn) -> TimeCourse:
    peak = draw(st.floats(1.0, 120.0))
    onset = draw(st.floats(0.0, peak))
    plateau_end = peak + draw(st.floats(0.0, 120.0))
    duration = plateau_end + draw(st.floats(1.0, 364.0 - plateau_end))
    recovery = draw(st.sampled_from(["full", "slow_incomplete"]))
    return TimeCourse(onset, max(onset, 14.0), peak, plateau_end, duration, recovery, ("beer2011",), None)


@settings(max_examples=60, deadline=None)
@given(_time_courses())
def test_any_valid_time_course_gives_a_bounded_up_then_down_curve(course: TimeCourse) -> None:
    share = effect_fraction(DAYS, course)
    assert share[0] == 0.0 and np.all((share >= 0.0) & (share <= 1.0))
    assert effect_fraction(course.peak_days, course) == 1.0
    assert np.all(np.diff(share[DAYS <= course.peak_days]) >= 0)
    assert np.all(np.diff(share[DAYS >= course.wear_off_start_days]) <= 0)
    assert np.all(share[DAYS >= end_day(course)] == 0.0)


@settings(max_examples=40, deadline=None)
@given(muscle=st.sampled_from(sorted(load().muscles)), day=st.floats(0.0, 365.0))
def test_the_range_holds_the_typical_share_and_vanishes_on_day_0_and_after_a_year(muscle: str, day: float) -> None:
    course = load().muscles[muscle].time_course
    low, typical, high = (float(x) for x in effect_range(day, course))
    assert 0.0 <= low <= typical <= high <= 1.0
    for end in (0.0, 365.0):
        assert all(float(x) == 0.0 for x in effect_range(end, course))


def test_the_range_is_widest_while_the_effect_builds_and_fades() -> None:
    course = load().muscles["frontalis"].time_course
    low, typical, high = effect_range([5.0, 30.0, 100.0], course)
    assert high[0] - low[0] > 0.3 and high[2] - low[2] > 0.3  # a first change on day 2 or day 7; a fade from day 60 or 105
    assert low[1] == typical[1] == high[1] == 1.0  # a month after treatment every course the ranges allow is at its peak
    slow, quick = course.at("slow"), course.at("quick")
    assert (slow.onset_days, slow.duration_days, quick.onset_days, quick.duration_days) == (7.0, 90.0, 2.0, 150.0)


def test_the_strength_on_a_day_says_no_effect_yet_and_worn_off_instead_of_zero_percent() -> None:
    # "Day 0 — Forehead muscle: 0% of its peak effect (typically 0%)" read as a broken number
    from viz.content import load
    from viz.timeline import strength_phrase

    worn = 0
    for muscle in load().muscles.values():
        course = muscle.time_course
        assert strength_phrase(muscle.name, 0, course) == f"{muscle.name}: no effect yet"
        for day in range(1, 366, 7):
            high = float(effect_range(np.array([float(day)]), course)[2][0])
            said = strength_phrase(muscle.name, day, course)
            if high < 0.005:
                assert said == f"{muscle.name}: {'no effect yet' if day < course.peak_days else 'worn off'}", (muscle.id, day)
                worn += day > course.peak_days
            else:
                assert f"{high:.0%} of its peak effect" in said and "%" in said, (muscle.id, day, said)
    assert worn  # the end of the course is reached within the year for some muscle
