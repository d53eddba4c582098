"""viz.large_type: every text of a chart at least the floor, larger sizes and everything else left as they were."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viz
from tests.conftest import face_path
from viz import figures
from viz.content import load
from viz.errors import ArgumentError
from viz.large_type import PRESENTER_FONT_PX, font_sizes, large_type
from viz.learn_figures import timeline_figure

sizes = st.integers(min_value=6, max_value=40)


def _figure(a: int, b: int, c: int, d: int) -> go.Figure:
    fig = go.Figure(
        [
            go.Scatter(x=[1, 2], y=[1, 2], mode="text", text=["a", "b"], textfont={"size": a}),
            go.Scatter(x=[1], y=[1], mode="markers", marker={"color": [1.0], "colorbar": {"tickfont": {"size": b}}}),
        ],
        layout={"font": {"size": c}, "annotations": [{"text": "note", "font": {"size": d}}], "xaxis": {"tickfont": {"size": b}}},
    )
    return fig


@settings(max_examples=40, deadline=None)
@given(a=sizes, b=sizes, c=sizes, d=sizes)
def test_every_size_is_raised_to_the_floor_and_larger_ones_are_kept(a: int, b: int, c: int, d: int) -> None:
    fig = _figure(a, b, c, d)
    before = fig.to_plotly_json()
    big = large_type(fig)
    assert fig.to_plotly_json() == before  # the input is not changed
    floor = PRESENTER_FONT_PX
    assert min(font_sizes(big)) >= floor
    assert big.data[0].textfont.size == max(floor, a) and big.data[1].marker.colorbar.tickfont.size == max(floor, b)
    assert big.layout.font.size == max(floor, c) and big.layout.annotations[0].font.size == max(floor, d)
    assert big.layout.xaxis.tickfont.size == max(floor, b)
    assert big.data[0].x == fig.data[0].x and big.data[1].marker.color == fig.data[1].marker.color  # data untouched


def test_a_default_size_is_set_to_the_floor_and_no_colour_bar_is_added() -> None:
    fig = go.Figure(go.Scatter(x=[1], y=[1], marker={"color": [0.5]}))
    big = large_type(fig, 24)
    assert big.layout.font.size == 24 and big.layout.legend.font.size == 24
    assert "colorbar" not in big.to_plotly_json()["data"][0].get("marker", {})  # a trace without a colour bar does not get one


def test_a_figure_without_a_title_gets_no_title() -> None:
    # a subtitle's font on a figure without a title made Plotly draw the title as the word "undefined"
    big = large_type(go.Figure(go.Scatter(x=[1], y=[1])))
    assert "title" not in big.to_plotly_json()["layout"]
    titled = large_type(go.Figure(layout={"title": {"text": "T", "subtitle": {"text": "s"}}}))
    assert titled.layout.title.font.size == titled.layout.title.subtitle.font.size == PRESENTER_FONT_PX


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "20"])
def test_the_floor_must_be_a_positive_whole_number(bad: object) -> None:
    with pytest.raises(ArgumentError, match="min_px"):
        large_type(go.Figure(), bad)  # type: ignore[arg-type]


def test_the_app_s_charts_have_no_text_under_the_floor() -> None:
    lib = load()
    face = viz.detect_face(viz.load_photo(face_path("frl_london_006_03.jpg")))
    assert face is not None
    report = viz.analyze(face)
    charts = [
        figures.overlay_figure(report, library=lib),
        figures.measures_figure(report),
        timeline_figure([lib.muscles["frontalis"], lib.muscles["masseter"]], lib.sources, days_max=180, day=14),
    ]
    for chart in charts:
        assert min(font_sizes(chart)) < PRESENTER_FONT_PX  # they start smaller ...
        assert min(font_sizes(large_type(chart))) >= PRESENTER_FONT_PX  # ... and every explicit size is raised
