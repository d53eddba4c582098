"""Learn figures: the timeline draws the timeline module's numbers; muscle areas sit where their landmarks are."""

from __future__ import annotations

import base64
import dataclasses
import io
import itertools

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
import pytest
from PIL import Image

from viz import anatomy
from viz.content import MUSCLE_IDS, load
from viz.learn_figures import (
    MEASURED_SYMBOL,
    MIDLINE_HALF_WIDTH,
    SIDE_COLOURS,
    curve_name,
    face_backdrop,
    level_peaks,
    muscle_area_picture,
    muscle_area_polygons,
    muscle_area_view,
    timeline_figure,
)
from viz.timeline import effect_fraction, effect_range, end_day, repeated_effect_fraction
from viz.vocabulary import NBSP

LIBRARY = load()
MUSCLES = LIBRARY.muscles
#: A mirror-symmetric synthetic face in image pixels (y down): the canonical model, 10 px per cm, centred at x = 300.
CANONICAL = np.asarray(anatomy.CANONICAL_XYZ, dtype=np.float64)[:, :2]
FACE_XY = np.column_stack([300 + 10 * CANONICAL[:, 0], 300 - 10 * CANONICAL[:, 1]])


def _lines(figure: go.Figure) -> list[go.Scatter]:
    return [trace for trace in figure.data if trace.type == "scatter" and trace.mode == "lines"]


def _inside(point: npt.NDArray[np.float64], hull: npt.NDArray[np.float64]) -> bool:
    """True when ``point`` is inside or on the convex polygon ``hull`` (corners in order)."""
    edges = np.roll(hull, -1, axis=0) - hull
    to_point = point - hull
    cross = edges[:, 0] * to_point[:, 1] - edges[:, 1] * to_point[:, 0]
    return bool(np.all(cross >= -1e-9) or np.all(cross <= 1e-9))


def _area(hull: npt.NDArray[np.float64]) -> float:
    x, y = hull[:, 0], hull[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


# --- timeline ------------------------------------------------------------------------------------


def test_the_timeline_draws_one_curve_per_muscle_from_the_timeline_numbers() -> None:
    chosen = [MUSCLES["frontalis"], MUSCLES["corrugator"], MUSCLES["masseter"]]
    figure = timeline_figure(chosen, LIBRARY.sources)
    curves = _lines(figure)
    assert [curve.name for curve in curves] == [curve_name(muscle) for muscle in chosen]  # the frown's: its brow at rest
    for curve, muscle in zip(curves, chosen, strict=True):
        assert np.allclose(curve.y, effect_fraction(np.asarray(curve.x), muscle.time_course))
    assert figure.layout.xaxis.range[1] >= 365 - 1e-9  # the jaw's slow tail is shown to its end


def test_milestone_markers_sit_on_the_curve_at_the_content_days() -> None:
    muscle = MUSCLES["masseter"]
    figure = timeline_figure([muscle], LIBRARY.sources)
    markers = next(trace for trace in figure.data if trace.name == f"{muscle.name} markers")
    course = muscle.time_course
    assert list(markers.x) == [course.onset_days, course.judge_days, course.peak_days, course.wear_off_start_days, end_day(course)]
    assert np.allclose(markers.y, effect_fraction(np.asarray(markers.x), course))
    milestones = ("onset", "judge", "peak", "wear_off_start", "duration")
    for milestone, symbol, text, day in zip(milestones, markers.marker.symbol, markers.hovertext, markers.x, strict=True):
        cited = course.is_cited(milestone) and (milestone != "duration" or day == course.duration_days)
        assert symbol.endswith("-open") != cited, milestone
        day_line = text.split("<br>")[1]
        assert ("Klein et al. 2014" in day_line) == cited and ("a modelling choice" in day_line) != cited, milestone


def test_the_slow_tails_end_is_drawn_as_a_modelling_choice_and_names_the_cited_day() -> None:
    muscle = MUSCLES["masseter"]
    course = muscle.time_course
    assert course.is_cited("duration") and end_day(course) != course.duration_days  # the sources' day is not the end drawn
    markers = next(trace for trace in timeline_figure([muscle], LIBRARY.sources).data if trace.name == f"{muscle.name} markers")
    symbol, text = markers.marker.symbol[-1], markers.hovertext[-1]
    assert markers.x[-1] == end_day(course) and symbol.endswith("-open")
    lines = text.split("<br>")
    assert f"day {end_day(course):g}" in lines[0] and lines[1] == "the day: a modelling choice"
    assert f"remains at day {course.duration_days:g}: " in lines[2] and "Klein et al. 2014" in lines[2]


def test_a_range_is_cited_only_where_the_content_cites_it_and_the_footnote_says_so() -> None:
    muscles = list(MUSCLES.values())
    figure = timeline_figure(muscles, LIBRARY.sources)
    for muscle in muscles:
        markers = next(trace for trace in figure.data if trace.name == f"{muscle.name} markers")
        (onset,) = [text for text in markers.hovertext if ": first change, " in text]
        (range_line,) = [line for line in onset.split("<br>") if line.startswith("its range")]
        assert range_line.endswith("a modelling choice") != muscle.time_course.is_cited("onset_range"), muscle.id
        assert "the day: a modelling choice" not in onset  # the typical onset day stays cited
    footnote = next(a.text for a in figure.layout.annotations if a.text.startswith("Sources of the filled"))
    any_range = any(m.time_course.is_cited(f"{name}_range") for m in muscles for name in ("onset", "judge", "peak", "wear_off_start", "duration"))
    assert ("and ranges" in footnote.split("<br>")[0]) == any_range
    # a course that cites its onset band gets the sources in its hover and "and ranges" in the footnote
    frontalis = MUSCLES["frontalis"]
    cited = dataclasses.replace(frontalis.time_course, cited=(*frontalis.time_course.cited, "onset_range"))
    figure = timeline_figure([dataclasses.replace(frontalis, time_course=cited)], LIBRARY.sources)
    markers = next(trace for trace in figure.data if trace.name == f"{frontalis.name} markers")
    assert markers.hovertext[0].endswith("Small 2014") and "its range, days 2-7: Beer et al. 2011" in markers.hovertext[0]
    footnote = next(a.text for a in figure.layout.annotations if a.text.startswith("Sources of the filled"))
    assert footnote.startswith("Sources of the filled (cited) markers and ranges:")


def test_each_curve_sits_in_a_band_from_the_slowest_to_the_quickest_course_and_the_chart_says_what_is_cited() -> None:
    muscle = MUSCLES["orbicularis_oculi"]
    figure = timeline_figure([muscle], LIBRARY.sources)
    (curve,) = _lines(figure)
    band = next(trace for trace in figure.data if trace.name == f"{muscle.name} range")
    days = np.asarray(curve.x)
    low, _typical, high = effect_range(days, muscle.time_course)
    assert np.allclose(band.y, np.concatenate([high, low[::-1]]))
    assert np.all(low <= np.asarray(curve.y)) and np.all(np.asarray(curve.y) <= high) and np.any(high - low > 0.2)
    assert "modelling choices" in figure.layout.title.subtitle.text and "cited" in figure.layout.title.subtitle.text
    markers = next(trace for trace in figure.data if trace.name == f"{muscle.name} markers")
    onset_low, onset_high = muscle.time_course.ranges["onset"]
    assert markers.error_x.arrayminus[0] == muscle.time_course.onset_days - onset_low and markers.error_x.array[0] == onset_high - muscle.time_course.onset_days


def test_the_chart_names_its_sources_and_marks_the_review_day() -> None:
    figure = timeline_figure([MUSCLES["frontalis"], MUSCLES["masseter"]], LIBRARY.sources)
    notes = " ".join(annotation.text for annotation in figure.layout.annotations)
    assert "Beer et al. 2011" in notes and "Small 2014" in notes and "Yu et al. 2007" in notes
    assert f"peak{NBSP}~week{NBSP}2" in notes and f"peak{NBSP}~week{NBSP}12" in notes
    assert {shape.x0 for shape in figure.layout.shapes} == {14.0, 84.0}
    # each review day is named on the axis under its line, never over the curves' markers
    ticks = dict(zip(figure.layout.xaxis.tickvals, figure.layout.xaxis.ticktext, strict=True))
    assert ticks[14] == "2 wk<br>review" and ticks[84] == "12 wk<br>review"
    assert sum("review" in text for text in ticks.values()) == 2 and "review" not in notes


def test_a_review_day_between_ticks_gets_its_own_and_keeps_it_when_ticks_are_thinned() -> None:
    muscle = MUSCLES["frontalis"]
    course = dataclasses.replace(muscle.time_course, judge_days=21.0)
    figure = timeline_figure([dataclasses.replace(muscle, time_course=course)], LIBRARY.sources, max_line_chars=40)
    ticks = list(zip(figure.layout.xaxis.tickvals, figure.layout.xaxis.ticktext, strict=True))
    assert (21.0, "day 21<br>review") in ticks  # kept first though "0" and "2 wk" come before it
    days_max = figure.layout.xaxis.range[1]
    assert all(b - a >= days_max / 7 for (a, _), (b, _) in itertools.pairwise(ticks))
    (sources,) = [a for a in figure.layout.annotations if a.yref == "paper" and a.yanchor == "top" and a.y == 0]
    assert sources.yshift < -56  # a line lower than without a review tick, under the labels' second line


def test_measured_points_are_scaled_to_their_largest_value() -> None:
    fact = LIBRARY.timeline.fact("masseter_course")
    figure = timeline_figure([MUSCLES["masseter"]], LIBRARY.sources, measured=fact)
    dots = next(trace for trace in figure.data if str(trace.name).startswith("measured"))
    assert list(dots.x) == [point.day for point in fact.points]
    assert max(dots.y) == pytest.approx(1.0) and min(dots.y) == pytest.approx(3.94 / 11.99)
    assert "Klein et al. 2014" in dots.name


def test_the_measured_points_key_is_drawn_as_they_are_and_unlike_every_other_key() -> None:
    figure = timeline_figure([MUSCLES["masseter"]], LIBRARY.sources, measured=LIBRARY.timeline.fact("masseter_course"))
    dots = next(trace for trace in figure.data if str(trace.name).startswith("measured"))
    assert dots.showlegend is not False and dots.marker.symbol == MEASURED_SYMBOL  # the key is the points' own marker
    keys = {trace.marker.symbol for trace in figure.data if trace.x is not None and list(trace.x) == [None]}  # key-only entries
    assert keys >= {"square", "square-open", "circle"}  # the keys of where a day comes from and of the milestones
    drawn = {str(symbol).removesuffix("-open") for trace in figure.data if str(trace.name).endswith(" markers") for symbol in trace.marker.symbol}
    # "filled: a cited day" and the measured points were both filled black squares
    assert not {MEASURED_SYMBOL, f"{MEASURED_SYMBOL}-open"} & (keys | drawn)


def test_repeat_treatments_draw_the_repeated_curve_and_a_day_line() -> None:
    muscle = MUSCLES["frontalis"]
    figure = timeline_figure([muscle], LIBRARY.sources, repeat_every_days=120, day=30)
    (curve,) = _lines(figure)
    assert np.allclose(curve.y, repeated_effect_fraction(np.asarray(curve.x), muscle.time_course, [0, 120, 240, 360]))
    assert np.max(np.asarray(curve.y)[np.asarray(curve.x) > 250]) == 1.0  # the third cycle peaks again
    assert 30.0 in {shape.x0 for shape in figure.layout.shapes}
    markers = next(trace for trace in figure.data if trace.name == f"{muscle.name} markers")
    assert max(markers.x) <= 120


@pytest.mark.parametrize(("day", "anchor"), [(0, "left"), (14, "left"), (180, "right")])
def test_the_day_line_is_named_with_its_day_on_the_side_with_room(day: int, anchor: str) -> None:
    # at day 0 the line lay on the axis and on the last day on the plot's edge, unnamed: it read as the chart's frame
    figure = timeline_figure([MUSCLES["depressor_anguli_oris"]], LIBRARY.sources, days_max=180, day=day)
    (label,) = [a for a in figure.layout.annotations if a.text == f"day {day}"]
    assert label.x == day and label.xanchor == anchor  # its text runs into the plot, away from the edge


@pytest.mark.parametrize("max_line_chars", [None, 40])
def test_an_empty_choice_gives_a_chart_that_says_so(max_line_chars: int | None) -> None:
    figure = timeline_figure([], LIBRARY.sources, max_line_chars=max_line_chars)  # 40: the phone's layout raised on it
    assert not _lines(figure)
    assert any("Choose one or more muscles" in annotation.text for annotation in figure.layout.annotations)


@pytest.mark.parametrize(("kwargs", "match"), [({"repeat_every_days": 0}, "repeat_every_days"), ({"days_max": float("nan")}, "days_max")])
def test_bad_timeline_options_are_refused(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        timeline_figure([MUSCLES["frontalis"]], LIBRARY.sources, **kwargs)


def _plain(text: str) -> list[str]:
    return str(text).split("<br>")


@pytest.mark.parametrize("ids", [("frontalis",), ("procerus", "platysma", "frontalis", "masseter", "orbicularis_oculi")])
def test_a_timeline_for_any_width_wraps_every_text_and_stacks_the_sources_and_the_legend_under_it(ids: tuple[str, ...]) -> None:
    muscles = [MUSCLES[m] for m in ids]
    wide = timeline_figure(muscles, LIBRARY.sources)
    narrow = timeline_figure(muscles, LIBRARY.sources, max_line_chars=50)
    assert [c.name for c in _lines(narrow)] == [c.name for c in _lines(wide)]  # the same curves
    assert all(len(line) <= 35 for line in _plain(narrow.layout.title.text))
    assert all(len(line) <= 50 for line in _plain(narrow.layout.title.subtitle.text))
    assert " ".join(_plain(narrow.layout.title.subtitle.text)) == wide.layout.title.subtitle.text  # nothing lost
    sources = [a for a in narrow.layout.annotations if a.yref == "paper" and a.yanchor == "top" and a.y == 0]
    assert len(sources) == 1 and sources[0].yshift < -40  # a fixed distance under the axis, whatever the height
    assert all(len(line) <= 50 for line in _plain(sources[0].text)) and "Beer et al. 2011" in sources[0].text
    peaks = [a for a in narrow.layout.annotations if a.showarrow]
    assert all(len(line) <= 26 for a in peaks for line in _plain(a.text))
    assert [a.ay for a in peaks] == sorted((a.ay for a in peaks), reverse=True)  # stacked, the first lowest
    legend = narrow.layout.legend
    assert legend.orientation == "v" and legend.yref == "container" and legend.y == 0  # one entry a row, at the bottom
    assert not any(t.legendgrouptitle and t.legendgrouptitle.text for t in narrow.data)
    entries = sum(1 for t in narrow.data if t.showlegend is not False and t.name)
    assert narrow.layout.margin.b >= 19 * entries + 56  # room for the axis, the sources and every entry
    ticks = list(narrow.layout.xaxis.tickvals)
    assert all(b - a >= narrow.layout.xaxis.range[1] / 7 for a, b in itertools.pairwise(ticks))  # labels never meet
    assert narrow.layout.xaxis.tickangle == 0
    assert narrow.layout.height > wide.layout.height


def test_a_timeline_for_any_width_refuses_lines_too_short_to_read() -> None:
    with pytest.raises(ValueError, match="max_line_chars"):
        timeline_figure([MUSCLES["frontalis"]], LIBRARY.sources, max_line_chars=5)


# --- muscle areas --------------------------------------------------------------------------------


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_each_area_holds_its_landmarks_and_the_right_side_mirrors_the_left(muscle_id: str) -> None:
    muscle = MUSCLES[muscle_id]
    polygons = muscle_area_polygons(muscle, FACE_XY)
    if muscle.midline:
        (hull,) = polygons.values()
        assert list(polygons) == ["midline"]
        assert all(_inside(FACE_XY[i], hull) for i in muscle.landmarks)
        return
    assert list(polygons) == ["left", "right"]
    left_points, right_points = FACE_XY[list(muscle.landmarks)], FACE_XY[anatomy.MIRROR[list(muscle.landmarks)]]
    assert all(_inside(point, polygons["left"]) for point in left_points)
    assert all(_inside(point, polygons["right"]) for point in right_points)
    # the subject's left shows on the image's right of an unmirrored photo, the right on the left
    assert polygons["left"][:, 0].mean() >= 300 >= polygons["right"][:, 0].mean()
    assert _area(polygons["left"]) > 0 and _area(polygons["left"]) == pytest.approx(_area(polygons["right"]), rel=1e-6)
    reflected = np.column_stack([600 - polygons["right"][:, 0], polygons["right"][:, 1]])
    assert np.allclose(np.sort(reflected, axis=0), np.sort(polygons["left"], axis=0))


def test_a_midline_muscle_is_widened_to_either_side_of_the_midline() -> None:
    hull = muscle_area_polygons(MUSCLES["procerus"], FACE_XY)["midline"]
    inner_corners = abs(FACE_XY[anatomy.LEFT.eye_inner, 0] - FACE_XY[anatomy.RIGHT.eye_inner, 0])
    assert hull[:, 0].max() - 300 == pytest.approx(MIDLINE_HALF_WIDTH * inner_corners)
    assert 300 - hull[:, 0].min() == pytest.approx(MIDLINE_HALF_WIDTH * inner_corners)


def test_one_side_can_be_asked_for() -> None:
    assert list(muscle_area_polygons(MUSCLES["masseter"], FACE_XY, sides=["right"])) == ["right"]


@pytest.mark.parametrize(
    ("xy", "sides", "match"),
    [
        (FACE_XY[:100], ("left",), "xy_px must be an"),
        (np.full((478, 2), np.nan), ("left",), "finite"),
        (FACE_XY, ("up",), "sides must be"),
    ],
)
def test_bad_landmarks_or_sides_are_refused(xy: npt.NDArray[np.float64], sides: tuple[str, ...], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        muscle_area_polygons(MUSCLES["frontalis"], xy, sides)


def _photo() -> npt.NDArray[np.uint8]:
    rng = np.random.default_rng(4)
    return rng.integers(0, 255, (600, 600, 3), dtype=np.uint8)


def test_the_backdrop_crops_to_the_face_reduces_and_moves_the_landmarks_with_it() -> None:
    rgb = _photo()
    before = rgb.copy()
    backdrop = face_backdrop(rgb, FACE_XY, max_side=100, label="sample")
    assert np.array_equal(rgb, before)
    assert max(backdrop.width, backdrop.height) == 100 and backdrop.label == "sample"
    decoded = Image.open(io.BytesIO(base64.b64decode(backdrop.image_uri.split(",", 1)[1])))
    assert decoded.format == "JPEG" and decoded.size == (backdrop.width, backdrop.height)
    face = backdrop.xy_px[:468]
    assert face.min() >= 0 and face[:, 0].max() <= backdrop.width and face[:, 1].max() <= backdrop.height
    # same relative layout: the landmark box keeps its aspect ratio
    span_before = np.ptp(FACE_XY[:468], axis=0)
    span_after = np.ptp(face, axis=0)
    assert span_after[0] / span_after[1] == pytest.approx(span_before[0] / span_before[1], rel=0.02)
    assert not backdrop.xy_px.flags.writeable


@pytest.mark.parametrize(
    ("rgb", "kwargs", "match"),
    [
        (np.zeros((50, 50), np.uint8), {}, "rgb must be"),
        (np.zeros((50, 50, 3), np.uint8), {"max_side": 4}, "max_side"),
        (np.zeros((50, 50, 3), np.uint8), {"margin": -1.0}, "margin"),
    ],
)
def test_bad_backdrops_are_refused(rgb: npt.NDArray[np.uint8], kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        face_backdrop(rgb, FACE_XY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("muscle_id", MUSCLE_IDS)
def test_the_area_view_frames_the_area_at_the_ratio_inside_the_photo(muscle_id: str) -> None:
    backdrop = face_backdrop(_photo(), FACE_XY)
    muscle = MUSCLES[muscle_id]
    hulls = muscle_area_polygons(muscle, backdrop.xy_px)
    for aspect in (1.0, 4 / 3):
        x0, x1, y0, y1 = muscle_area_view(muscle, backdrop, aspect=aspect)
        assert (x1 - x0) / (y1 - y0) == pytest.approx(aspect)
        for hull in hulls.values():  # every outline inside, not touching the edge
            assert np.all(hull[:, 0] > x0) and np.all(hull[:, 0] < x1) and np.all(hull[:, 1] > y0) and np.all(hull[:, 1] < y1)
        if x1 - x0 <= backdrop.width and y1 - y0 <= backdrop.height:  # no blank band where the photo could fill the view
            assert x0 >= 0 and y0 >= 0 and x1 <= backdrop.width + 1e-9 and y1 <= backdrop.height + 1e-9
    # the area fills a readable share of the picture: the nose-bridge muscle was a 10 px strip in a 124 px face
    x0, x1, y0, y1 = muscle_area_view(muscle, backdrop)
    union = np.vstack(list(hulls.values()))
    if max(np.ptp(union, axis=0)) < backdrop.width / 3:  # a small area (not both sides of a forehead or a jaw) is enlarged
        assert x1 - x0 < backdrop.width / 1.5


def test_the_area_view_refuses_a_ratio_that_is_not_positive() -> None:
    backdrop = face_backdrop(_photo(), FACE_XY)
    for aspect in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="aspect"):
            muscle_area_view(MUSCLES["procerus"], backdrop, aspect=aspect)


def test_a_curve_with_the_same_course_as_an_earlier_one_is_dashed_over_it() -> None:
    # two muscles with one time course drew one line over the other: the later one is dashed, so both stay in sight
    library = load()
    days = np.linspace(0.0, 180.0, 361)
    typical = {m: effect_range(days, library.muscles[m].time_course)[1] for m in MUSCLE_IDS}
    first, twin = next((a, b) for a, b in itertools.combinations(MUSCLE_IDS, 2) if np.allclose(typical[a], typical[b], atol=0.01))
    other = next(m for m in MUSCLE_IDS if not np.allclose(typical[m], typical[first], atol=0.01))
    figure = timeline_figure([library.muscles[m] for m in (first, twin, other)], library.sources, days_max=180)
    dashes = [t.line.dash for t in figure.data if t.mode == "lines"]
    assert dashes == ["solid", "dash", "solid"], dashes


def test_muscles_that_share_a_clock_share_a_label_in_words() -> None:
    # "Eye-closing muscle +1: peak ~week 2" read as jargon
    from viz.content import load
    from viz.learn_figures import _peak_annotations

    muscles = load().muscles
    two = [a.text for a in _peak_annotations([muscles["orbicularis_oculi"], muscles["platysma"]], 180.0)]
    week = muscles["orbicularis_oculi"].time_course.peak_days / 7
    assert two == [f"{muscles['orbicularis_oculi'].name} and {muscles['platysma'].name}: peak{NBSP}~week{NBSP}{week:.0f}"], two
    three = [a.text for a in _peak_annotations([muscles["orbicularis_oculi"], muscles["platysma"], muscles["frontalis"]], 180.0)]
    assert three[0].startswith(f"{muscles['orbicularis_oculi'].name} and 2 more:") and not any("+" in t for t in three), three


def _label_breaks(text: str) -> list[tuple[str, str]]:
    """Each line break of a wrapped peak label: the end of the line before it and the start of the line after it."""
    lines = text.split("<br>")
    return list(itertools.pairwise(lines))


@pytest.mark.parametrize("ids", [("frontalis", "depressor_anguli_oris"), ("procerus", "depressor_anguli_oris", "masseter"), tuple(MUSCLE_IDS)])
def test_a_peak_label_breaks_at_spaces_only_and_keeps_week_and_its_number_together(ids: tuple[str, ...]) -> None:
    # presenter mode's timeline for the forehead and mouth-corner muscles read "Forehead muscle and Mouth-" / "corner
    # muscle: peak ~week" / "2", its grey pointer running through the lone "2"
    muscles = [MUSCLES[m] for m in ids]
    labels: list[str] = []
    for plot_px in (240.0, 400.0, 700.0, 1400.0):  # the presenter's 20 px type, from a narrow plot to a wide one
        figure = timeline_figure(muscles, LIBRARY.sources)
        level_peaks(figure, plot_px, font_px=20, margins_px=(80, 0))
        labels += [str(a.text) for a in figure.layout.annotations if a.showarrow]
    for chars in (20, 30, 50):  # and a phone's stacked chart
        labels += [str(a.text) for a in timeline_figure(muscles, LIBRARY.sources, max_line_chars=chars).layout.annotations if a.showarrow]
    assert any("<br>" in label for label in labels)  # some were wrapped, so the breaks below were put to the test
    for label in labels:
        assert "week " not in label and f"week{NBSP}" in label, label
        for before, after in _label_breaks(label):
            # every break stands where a space was: no line ends mid-word at a hyphen, none starts with a lone number
            assert not before.endswith(("-", "week", "~")) and not after.isdigit() and not after.startswith("~"), label


def test_a_late_peak_is_labelled_to_its_left_so_the_label_stays_on_a_phones_chart() -> None:
    # on a phone, "Jaw muscle: peak ~week 12" to the right of day 84 of 180 ran past the chart's edge
    from viz.content import load
    from viz.learn_figures import _peak_annotations

    muscles = load().muscles
    notes = {a.text.split(":")[0]: a for a in _peak_annotations([muscles["masseter"], muscles["frontalis"]], 180.0)}
    jaw, forehead = notes["Jaw muscle"], notes["Forehead muscle"]
    assert jaw.xanchor == "right" and jaw.ax < 0 and forehead.xanchor == "left" and forehead.ax > 0
    (wide,) = [a for a in _peak_annotations([muscles["masseter"]], 365.0)]  # room enough to the right on a year's chart
    assert wide.xanchor == "left"


def _still(figure: go.Figure) -> bool:
    axes = [figure.layout[name] for name in figure.layout if name.startswith(("xaxis", "yaxis"))]
    return figure.layout.dragmode is False and bool(axes) and all(axis.fixedrange for axis in axes)


def test_a_finger_on_the_timeline_scrolls_the_page_instead_of_zooming() -> None:
    # on a phone a swipe over a chart zoomed into it and the page did not move (the muscle's area is a picture now)
    chosen = [MUSCLES["frontalis"], MUSCLES["masseter"]]
    assert _still(timeline_figure(chosen, LIBRARY.sources, days_max=180))
    assert _still(timeline_figure(chosen, LIBRARY.sources, days_max=180, max_line_chars=50))  # the phone's stacked layout


#: The Learn page's muscles at first (ui.learn_ui.DEFAULT_TIMELINE) and the chart's width on a 390 px phone: the plot
#: inside its 56 + 12 px margins of a 356 px column.
_LEARN_DEFAULT = ("frontalis", "corrugator", "masseter")
_PHONE_PLOT_PX = 356 - 68
#: The same chart in a laptop's main column (about 700 px wide).
_DESKTOP_PLOT_PX = 700 - 68


def test_on_a_phone_the_first_four_months_take_most_of_a_year_long_axis_and_the_rest_is_marked_compressed() -> None:
    # the first four months, where the forehead's and the frown's changes come and go, took a third of the width
    muscles = [MUSCLES[m] for m in _LEARN_DEFAULT]
    wide = timeline_figure(muscles, LIBRARY.sources)
    narrow = timeline_figure(muscles, LIBRARY.sources, max_line_chars=50)
    days_max = narrow.layout.xaxis.range[1]
    assert days_max == wide.layout.xaxis.range[1] >= 300
    ticks = dict(zip(narrow.layout.xaxis.ticktext, narrow.layout.xaxis.tickvals, strict=True))
    assert ticks["4 mo"] / days_max > 0.5 > 120 / days_max  # more than half the axis, not a third
    assert "narrower" in narrow.layout.xaxis.title.text and "narrower" not in wide.layout.xaxis.title.text
    (shade,) = [s for s in narrow.layout.shapes if s.type == "rect"]
    assert shade.x0 == pytest.approx(ticks["4 mo"]) and shade.x1 == days_max  # the compressed days are shaded
    for curve, muscle in zip(_lines(narrow), muscles, strict=True):  # the curves are the same, drawn at their days' places
        day = np.asarray(curve.customdata)[:, 0]
        assert np.allclose(curve.y, effect_fraction(day, muscle.time_course)) and "customdata[0]" in curve.hovertemplate
        place = np.asarray(curve.x)
        assert np.all(np.diff(place) > 0) and place[0] == 0 and place[-1] == pytest.approx(days_max)
    for curve in _lines(wide):  # the wide layout keeps an even axis
        assert np.allclose(curve.x, np.asarray(curve.customdata)[:, 0])
    markers = next(t for t in narrow.data if t.name == "Jaw muscle markers")  # a range bar ends at its days' places too
    onset = MUSCLES["masseter"].time_course
    low, high = onset.ranges["onset"]
    scale = ticks["4 mo"] / 120  # the first four months are even
    assert markers.x[0] == pytest.approx(onset.onset_days * scale) and markers.error_x.array[0] == pytest.approx((high - onset.onset_days) * scale)
    assert markers.error_x.arrayminus[0] == pytest.approx((onset.onset_days - low) * scale)
    repeated = timeline_figure(muscles, LIBRARY.sources, repeat_every_days=120, max_line_chars=50)  # repeats: every cycle as wide
    assert not [s for s in repeated.layout.shapes if s.type == "rect"] and "narrower" not in repeated.layout.xaxis.title.text


@pytest.mark.parametrize("ids", [_LEARN_DEFAULT, ("procerus", "platysma", "frontalis", "masseter", "orbicularis_oculi"), ("frontalis", "masseter")])
def test_on_a_phone_the_peaks_labels_point_straight_down_and_no_pointer_runs_through_a_label(ids: tuple[str, ...]) -> None:
    # three labels at the top pointed slantwise at two peaks; their pointers crossed one another's labels and the curves
    from viz.overlay import label_font  # DejaVu Sans: as wide as Verdana, the widest of Plotly's fonts a phone has

    muscles = [MUSCLES[m] for m in ids]
    for days_max, plot_px in itertools.product((None, 180.0), (_PHONE_PLOT_PX, _DESKTOP_PLOT_PX)):
        figure = timeline_figure(muscles, LIBRARY.sources, max_line_chars=50, days_max=days_max)
        x_max = figure.layout.xaxis.range[1]
        peaks = [a for a in figure.layout.annotations if a.showarrow]
        assert len({a.x for a in peaks}) == len(peaks)  # muscles peaking together share one label
        assert all(max(t.y) <= 1.0 for t in figure.data if t.y is not None and len(t.y) and t.y[0] is not None)  # no curve above 100 %
        boxes = []
        for a in peaks:
            font = label_font(round(a.font.size))  # the labels' own type (11 px once, under the app's 12 px floor)
            lines = str(a.text).split("<br>")
            width = (max(font.getlength(line) for line in lines) + 4) / plot_px * x_max  # a 1 px pad and border each side
            height = 1.3 * a.font.size * len(lines) + 2  # Plotly's line height, and the border
            # straight up from its peak, the box above the 100 % line and clear of the peak's marker (11 px across)
            assert a.y == 1.0 and a.ax == 0 and -a.ay - height / 2 >= 6
            left, right = (a.x, a.x + width) if a.xanchor == "left" else (a.x - width, a.x)
            assert left >= -x_max * 28 / plot_px and right <= x_max * (1 + 12 / plot_px)  # on the chart
            boxes.append((a.x, left, right, -a.ay - height / 2, -a.ay + height / 2))
        for x, *_, bottom, _top in boxes:
            for _, left, right, _low, high in boxes:
                assert not (high <= bottom and left < x < right), (x, left, right)  # a lower label's box is not on this pointer
        for (_, _, _, b0, t0), (_, _, _, b1, t1) in itertools.combinations(boxes, 2):
            assert t0 <= b1 or t1 <= b0  # each label on its own level


#: The app's smallest text, CSS pixels (Plotly's default type, which a figure's text has when it sets no size).
_TEXT_FLOOR_PX = 12


@pytest.mark.parametrize("chars", [None, 50])
@pytest.mark.parametrize("ids", [_LEARN_DEFAULT, ("frontalis",), ("procerus", "platysma", "frontalis", "masseter", "orbicularis_oculi")])
def test_no_text_of_the_timeline_is_under_the_apps_12_px_floor(ids: tuple[str, ...], chars: int | None) -> None:
    # on a phone the peaks' labels and the sources under the axis were 11 px
    from viz.large_type import font_sizes

    muscles = [MUSCLES[m] for m in ids]
    figures = [
        timeline_figure(muscles, LIBRARY.sources, max_line_chars=chars),
        timeline_figure(muscles, LIBRARY.sources, max_line_chars=chars, repeat_every_days=180, day=30),
        timeline_figure(muscles, LIBRARY.sources, max_line_chars=chars, measured=LIBRARY.timeline.fact("masseter_course"), day=200),
    ]
    for figure in figures:
        layout = figure.layout
        assert [a for a in layout.annotations if a.showarrow] and [a for a in layout.annotations if a.yref == "paper" and not a.showarrow]
        sizes = font_sizes(figure)  # every size the figure sets: the annotations', the legend's, the ticks', the titles'
        assert sizes and min(sizes) >= _TEXT_FLOOR_PX, sorted(sizes)
        defaults = [layout.font.size, layout.legend.font.size, layout.xaxis.tickfont.size, layout.yaxis.tickfont.size]
        assert all(size is None or size >= _TEXT_FLOOR_PX for size in defaults)  # None: Plotly's 12 px
        assert all(a.font.size is None or a.font.size >= _TEXT_FLOOR_PX for a in layout.annotations)


def test_every_key_entry_of_the_timeline_has_its_own_marker() -> None:
    # "first change" and "filled: a cited day" both showed a filled circle in the key
    figure = timeline_figure([LIBRARY.muscles["frontalis"]], LIBRARY.sources)
    keys = [(t.marker.symbol, t.name) for t in figure.data if t.mode == "markers" and len(t.x) == 1 and t.x[0] is None]
    assert len(keys) >= 6 and len({symbol for symbol, _ in keys}) == len(keys), keys


@pytest.mark.parametrize("muscle_id", ["procerus", "depressor_anguli_oris"])
def test_the_area_picture_fills_its_size_and_shades_the_area_in_the_sides_colours(muscle_id: str) -> None:
    # the page's picture: the chart it replaced drew the face 163 px wide in a 336 px square once its card opened
    grey = np.full((600, 600, 3), 128, np.uint8)  # a plain photo: any colour in the picture is the shading's
    backdrop = face_backdrop(grey, FACE_XY)
    muscle = MUSCLES[muscle_id]
    data = muscle_area_picture(muscle, backdrop, aspect=4 / 3, side_px=400)
    assert muscle_area_picture(muscle, backdrop, aspect=4 / 3, side_px=400) is data  # made once per backdrop
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (400, 300)
        rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    x0, x1, y0, _ = muscle_area_view(muscle, backdrop, aspect=4 / 3)
    scale = 400 / (x1 - x0)
    for side, hull in muscle_area_polygons(muscle, backdrop.xy_px).items():
        cx, cy = ((hull.mean(axis=0) - [x0, y0]) * scale).round().astype(int)
        expected = 0.65 * 128 + 0.35 * np.array([int(SIDE_COLOURS[side][i : i + 2], 16) for i in (1, 3, 5)])
        assert np.abs(rgb[cy, cx] - expected).max() < 12, (side, rgb[cy, cx], expected)
    assert np.abs(rgb[2, 2] - 128).max() < 6  # the corner is the photo, unshaded
