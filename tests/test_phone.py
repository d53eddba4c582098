"""ui.phone: the overlay's layout for any width and the style that sizes it (the browser checks are in test_browser_phone.py)."""

from __future__ import annotations

from functools import cache

import plotly.graph_objects as go
import pytest

import viz
from tests.conftest import face_path
from ui import phone
from ui.cache import PhotoWork
from viz import figures


@cache
def _overlay() -> go.Figure:
    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert face is not None
    return figures.overlay_figure(viz.analyze(face))


def _laid_out() -> go.Figure:
    return phone.overlay_layout(go.Figure(_overlay()))


def test_the_overlay_keeps_a_strip_for_the_toolbar_and_puts_its_keys_under_the_picture() -> None:
    fig = _laid_out()
    assert fig.layout.margin.t == phone.TOOLBAR_PX and fig.layout.margin.l == fig.layout.margin.r == 0  # the picture spans the width
    assert fig.layout.margin.t + fig.layout.margin.b == phone.overlay_extra_px(fig)
    legend = fig.layout.legend
    assert legend.orientation == "h" and legend.yref == "container" and legend.y == 0 and legend.entrywidth == 1.0  # one a row, at the bottom
    keys = [t.marker.colorbar for t in fig.data if t.marker is not None and t.marker.colorbar.to_plotly_json()]
    assert keys and all(k.orientation == "h" and k.y == 0 and k.yanchor == "top" for k in keys)  # under the picture, not beside it


def test_the_room_under_the_picture_grows_with_the_legend() -> None:
    fig = _laid_out()
    entries = phone.legend_entries(fig)
    assert entries == sum(1 for t in fig.data if t.showlegend is not False and t.name) >= 3
    fewer = go.Figure(fig).update_traces(showlegend=False, selector={"legendgroup": "heat"}).update_traces(showlegend=False, selector={"legendgroup": "levels"})
    assert phone.legend_entries(fewer) == entries - 2
    assert phone.overlay_extra_px(fewer) < phone.overlay_extra_px(fig)  # a row of the legend less


def test_the_chart_s_height_follows_its_width_by_the_picture_s_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(phone.st, "html", shown.append)
    fig = _laid_out()
    phone.fit_overlay_ui("overlay_chart", fig)
    (style,) = shown
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    assert f"calc(100cqw * {abs(y1 - y0) / abs(x1 - x0):.4f} + {phone.overlay_extra_px(fig)}px)" in style
    assert ".st-key-overlay_chart { container-type: inline-size;" in style


def test_a_bad_key_or_a_figure_without_ranges_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        phone.fit_overlay_ui("overlay chart</style>", _laid_out())
    with pytest.raises(ValueError, match="ranges"):
        phone.fit_overlay_ui("overlay_chart", go.Figure(layout={"xaxis": {"range": [0, 0]}, "yaxis": {"range": [0, 1]}}))


def test_the_sidebar_script_closes_it_after_the_presenter_toggle_it_names() -> None:
    # the script names the toggle by its widget key: renamed in ui.state alone, the sidebar would stay over the story
    from ui import state

    assert f".st-key-{state.PRESENTER} label" in phone._INSTALL


def test_the_interactive_overlay_pans_but_the_shared_screens_overlay_has_nothing_to_drag() -> None:
    # in presenter mode there is no toolbar to undo a drag, and on a phone a swipe over it moved the face out of sight
    work = PhotoWork(face_path("frl_london_005_03.jpg").read_bytes())
    report = work.report(False)
    assert isinstance(report, viz.AsymmetryReport)
    assert work.overlay(report, False, None).layout.dragmode == "pan"
    shared = work.overlay(report, True, None)
    assert shared.layout.dragmode is False and shared.layout.xaxis.fixedrange and shared.layout.yaxis.fixedrange


def test_the_sidebar_script_lets_one_finger_scroll_the_page_over_the_first_page_s_overlay() -> None:
    # the browser check is tests/test_browser_first_page_keys.py; here, that the script finds the chart by the key it is drawn with
    assert f".st-key-{phone.OVERLAY_KEY} .draglayer" in phone._INSTALL
    assert "stopPropagation" in phone._INSTALL and "passive: true" in phone._INSTALL  # never preventDefault: the browser scrolls
