"""Plotly figures: layers as legend groups, geometry on the landmarks, colour scale, hover text, size limits."""

from __future__ import annotations

import base64
import io
import re
from functools import cache

import numpy as np
import pytest
from PIL import Image

import viz
import viz.content
from tests.conftest import face_path, spaced
from viz import figures
from viz.anatomy import LEFT, RIGHT
from viz.asymmetry import MEASURE_IDS, norm
from viz.overlay import SCALE_MAX_MM, asymmetry_colour, measure_anchors
from viz.vocabulary import MEASURES

LAYERS = {"heat", "connectors", "axis", "levels", "measures"}


@cache
def _report(name: str = "frl_london_005_03.jpg", mirrored: bool = False) -> viz.AsymmetryReport:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return viz.analyze(face, mirrored=mirrored)


@cache
def _library() -> viz.content.Library:
    return viz.content.load()


def _traces(fig: object, group: str) -> list[object]:
    return [t for t in fig.data if t.legendgroup == group]  # type: ignore[attr-defined]


def test_every_layer_is_one_legend_group_with_one_legend_entry() -> None:
    fig = figures.overlay_figure(_report(), library=_library())
    assert {t.legendgroup for t in fig.data} == LAYERS
    for group in LAYERS:
        shown = [t for t in _traces(fig, group) if t.showlegend is not False]
        assert len(shown) == 1, group
    # Each trace is an SVG layer the browser lays out and paints: the five layers take at most 12 of them.
    assert len(fig.data) <= 12


def test_the_photo_is_a_small_jpeg_inside_the_figure_and_a_page_update_stays_under_a_megabyte() -> None:
    report = _report("uscongress_O000172.jpg")  # 3360 x 4200 original
    fig = figures.overlay_figure(report, library=_library())
    (image,) = fig.layout.images
    assert image.source.startswith("data:image/jpeg;base64,")
    img = Image.open(io.BytesIO(base64.b64decode(image.source.split(",", 1)[1])))
    assert max(img.size) == figures.MAX_PHOTO_SIDE
    assert (image.sizex, image.sizey) == img.size
    total = len(fig.to_json()) + len(figures.measures_figure(report).to_json())
    assert total < 1_000_000


def test_the_axis_and_level_lines_sit_on_the_fitted_frame_and_landmarks() -> None:
    report = _report()
    uri = figures.photo_data_uri(np.asarray(report.face.photo.rgb), max_side=600)
    fig = figures.overlay_figure(report, photo_uri=uri)
    k = uri[1] / report.face.photo.scale
    axis = _traces(fig, "axis")[0]
    a, b = np.array([axis.x, axis.y]).T
    origin = report.frame.origin_px * k
    direction = (b - a) / np.linalg.norm(b - a)
    assert abs(float(np.dot(direction, report.frame.left))) < 1e-9  # along the axis, perpendicular to "left"
    assert abs(float(np.cross(direction, origin - a))) < 1e-6  # through the frame's origin
    (solid,) = [t for t in _traces(fig, "levels") if t.mode == "lines+markers"]
    xy = report.face.xy_px * k
    segments = np.array([solid.x, solid.y], dtype=float).T.reshape(3, 3, 2)  # three segments, each ended by a gap
    assert np.isnan(segments[:, 2]).all()
    brows = measure_anchors("brow_height", xy, report.frame.left)  # above each pupil, on the brow
    ends = [brows, xy[[LEFT.iris_centre, RIGHT.iris_centre]], xy[[LEFT.mouth_corner, RIGHT.mouth_corner]]]
    for segment, expected in zip(segments[:, :2], ends, strict=True):
        np.testing.assert_allclose(segment, expected, atol=0.051)  # rounded to 0.1 px
    (dashed,) = [t for t in _traces(fig, "levels") if t.mode == "lines"]
    for a, b, gap in np.array([dashed.x, dashed.y], dtype=float).T.reshape(3, 3, 2):  # references perpendicular to the axis
        assert np.isnan(gap).all()
        d = b - a
        assert abs(float(np.dot(d / np.linalg.norm(d), report.frame.up))) < 1e-9


def test_connectors_are_coloured_by_pair_asymmetry_on_the_colour_blind_safe_scale_with_a_bar_in_mm() -> None:
    report = _report()
    fig = figures.overlay_figure(report)
    marker_trace = next(t for t in _traces(fig, "connectors") if t.mode == "markers")
    bar = marker_trace.marker.colorbar
    assert "mm" in bar.title.text
    assert marker_trace.marker.cmin == 0 and marker_trace.marker.cmax == SCALE_MAX_MM
    assert np.all(np.asarray(marker_trace.marker.color) >= 0)
    # every third pair has a marker at its middle, but none within a measure's place (it took that measure's hover)
    places = _traces(fig, "measures")[0]
    spots = np.array([places.x, places.y], dtype=float).T
    mids = np.array([marker_trace.x, marker_trace.y], dtype=float).T
    _, factor = figures.photo_data_uri(np.asarray(report.face.photo.rgb))
    reach = figures._MID_CLEAR_MM / report.frame.mm_per_px * factor / report.face.photo.scale  # in the figure's units
    assert 0.75 * len(range(0, 220, 3)) <= len(mids) < len(range(0, 220, 3))
    assert np.min(np.linalg.norm(mids[:, None] - spots[None], axis=2)) >= reach * 0.99
    for stop, colour in figures.COLOURSCALE:
        assert colour == "rgb({},{},{})".format(*asymmetry_colour(stop * SCALE_MAX_MM))
    line_colours = {t.line.color for t in _traces(fig, "connectors") if t.mode == "lines"}
    assert len(line_colours) >= 2  # binned by asymmetry, not one flat colour


def test_hover_gives_millimetres_with_uncertainty_and_the_muscles_involved() -> None:
    report = _report()
    fig = figures.overlay_figure(report, library=_library())
    texts = list(_traces(fig, "measures")[0].hovertext)
    read = [m for m in MEASURE_IDS if report.measures[m].withheld is None]  # a withheld measure gets no marker
    for m in read:  # each measure named on as many markers as it has sides, one marker a place
        named = sum(f"<b>{MEASURES[m].label}</b>" in t for t in texts)
        assert named == (2 if report.measures[m].kind == "paired" or m in ("eye_line_tilt", "mouth_tilt") else 1), m
    assert not any("not measured" in t for t in texts)
    brow = next(t for t in texts if t.startswith("<b>Brow tail height"))
    assert "±" in brow and " mm" in spaced(brow) and "eye-closing muscle" in brow and "forehead muscle" in brow
    (heat,) = _traces(fig, "heat")
    by_region = {text.split("</b>")[0][3:]: (text, colour) for text, colour in zip(heat.hovertext, heat.marker.color, strict=True)}
    assert set(by_region) == set(report.region_index_mm)
    text, colour = by_region["brows"]
    assert "muscles: forehead muscle" in text
    assert f"asymmetry index {report.region_index_mm['brows']:.1f} ± " in spaced(text.replace("<br>", " "))  # the region's value, with its ±
    assert colour == "rgb({},{},{})".format(*asymmetry_colour(report.region_index_mm["brows"]))
    plain = figures.overlay_figure(report)  # without the library: no muscle names, still valid
    assert all("muscles" not in t for t in _traces(plain, "measures")[0].hovertext)


def _shown_hover(fig: object, cursor: np.ndarray, px_per_unit: float) -> str:
    """The hover text Plotly (plotly.js 3, ``hovermode="closest"``) shows with the pointer at ``cursor`` (figure units).

    As plotly.js's scatter hover measures it: a point's distance is its centre's distance in screen pixels less its
    marker's radius, but never below ``1 - 3 / radius`` (so under the pointer the smaller marker wins); the nearest point
    within 20 px wins, a later trace's on a tie. ``""`` when no point is that near.
    """
    best, text = 20.0, ""
    for trace in fig.data:  # type: ignore[attr-defined]
        if trace.hoverinfo == "skip" or trace.visible is False or "markers" not in (trace.mode or ""):
            continue
        sizes = np.broadcast_to(np.asarray(trace.marker.size, dtype=float), (len(trace.x),))
        texts = trace.hovertext if trace.hovertext is not None else [trace.hovertemplate] * len(trace.x)
        for x, y, size, hover in zip(trace.x, trace.y, sizes, texts, strict=True):
            if x is None:
                continue
            rad = max(3.0, size / 2.0)
            d = max(float(np.hypot(x - cursor[0], y - cursor[1])) * px_per_unit - rad, 1.0 - 3.0 / rad)
            if d <= best:
                best, text = d, str(hover)
    return text


@pytest.mark.parametrize(
    ("name", "mirrored"),
    [("frl_london_005_03.jpg", False), ("frl_london_005_03.jpg", True), ("frl_london_006_03.jpg", False), ("cc0_zoom_60cm.jpg", False)],
)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_measure_read_can_be_hovered_where_its_marker_is(screen: str, name: str, mirrored: bool) -> None:
    # The mouth-corner drop (005_03's headline) was never shown: the mouth tilt's marker on the same corner and the
    # level line's end there (a smaller marker, which Plotly prefers) took the hover. The eye opening's diamond sat half
    # over the eye-line tilt's at the pupil. On a face smaller in the picture (006_03, a distant photo), the regional
    # heat's points were smaller than the diamonds and took the lips', nose's and brows' hover.
    report = _report(name, mirrored=mirrored)
    fig = figures.overlay_figure(report, library=_library())
    span = np.array([np.ptp(fig.layout.xaxis.range), np.ptp(fig.layout.yaxis.range)])
    px_per_unit = 356 / span[0] if screen == "phone" else float(np.min(np.array([720, fig.layout.height]) / span))
    (measures,) = _traces(fig, "measures")
    spots = np.array([measures.x, measures.y], dtype=float).T
    read = {MEASURES[m.id].label for m in report.sorted_measures() if m.withheld is None}
    named: set[str] = set()
    for spot, text in zip(spots, measures.hovertext, strict=True):
        here = {label for label in read if f"<b>{label}</b>" in text}
        shown = _shown_hover(fig, spot, px_per_unit)
        assert here and all(f"<b>{label}</b>" in shown for label in here), (here, shown)  # on the marker: every measure read there
        named |= here
    assert named == read
    gaps = np.linalg.norm(spots[:, None] - spots[None], axis=2) * px_per_unit + np.eye(len(spots)) * 1e9
    assert gaps.min() >= 11  # no diamond (11 px) sits on another
    for layer in LAYERS - {"measures"}:  # and so with any layer hidden
        for trace in _traces(fig, layer):
            trace.visible = False
    headline = f"<b>{MEASURES[report.headline().id].label}</b>"  # type: ignore[union-attr]
    at_headline = [spot for spot, text in zip(spots, measures.hovertext, strict=True) if headline in text]
    assert at_headline and all(headline in _shown_hover(fig, spot, px_per_unit) for spot in at_headline)


def test_the_side_labels_follow_the_subjects_sides() -> None:
    for mirrored in (False, True):
        report = _report(mirrored=mirrored)
        fig = figures.overlay_figure(report)
        left = next(a for a in fig.layout.annotations if "left" in a.text)
        left_iris_x = report.face.xy_px[LEFT.iris_centre, 0]
        right_iris_x = report.face.xy_px[RIGHT.iris_centre, 0]
        assert (left.x > 0.5) == (left_iris_x > right_iris_x)


def test_the_bars_are_coloured_by_whether_the_difference_is_clear_as_in_the_consult_report() -> None:
    from viz import report as pdf

    report = _report()
    fig = figures.measures_figure(report)
    shown = [m for m in report.sorted_measures() if m.withheld is None]
    groups = [[m for m in shown if m.unit == "mm"], [m for m in shown if m.unit != "mm"]]
    bars = [t for t in fig.data if t.type == "bar" and t.name == "measures"]
    for bar, group in zip(bars, groups, strict=True):
        assert list(bar.marker.color) == [figures.CLEAR_COLOUR if m.clear else figures.UNCLEAR_COLOUR for m in group]
    assert {m.clear for m in shown} == {True, False}  # both kinds on this face: the check is not vacuous
    legend = {t.name.replace("<br>", " "): t.marker.color for t in fig.data if t.type == "scatter" and t.x == (None,)}  # wrapped to fit
    assert legend["clear difference (beyond its uncertainty)"] == figures.CLEAR_COLOUR == pdf._CLEAR
    assert legend["within its uncertainty"] == figures.UNCLEAR_COLOUR == pdf._UNCLEAR


def test_the_bar_chart_lists_every_measure_by_noticeability_over_its_normal_band() -> None:
    report = _report()
    fig = figures.measures_figure(report)
    bars = [t for t in fig.data if t.type == "bar" and t.name == "measures"]
    assert sum(len(b.x) for b in bars) == len([m for m in report.measures.values() if m.withheld is None])
    order = [m for m in report.sorted_measures() if m.unit == "mm" and m.withheld is None]
    assert list(bars[0].customdata) == [MEASURES[m.id].label for m in order]  # most noticeable on top (y runs downward)
    assert list(bars[0].y) == sorted(bars[0].y)
    assert list(bars[0].x) == pytest.approx([abs(m.value) for m in order])
    bands = {(t.name, t.xaxis): t for t in fig.data if t.type == "bar" and t.name != "measures"}
    noticed, typical = bands["below what people commonly notice", "x"], bands["average in eyelid-surgery patients", "x"]
    assert list(noticed.y) == list(bars[0].y)  # a band behind every bar, as thick as its row
    assert list(noticed.x) == pytest.approx([norm(m.id).noticed for m in order])
    assert len(typical.x) == sum(norm(m.id).typical is not None for m in order)
    assert ("average in eyelid-surgery patients", "x2") not in bands  # tilts: no published typical value
    assert len(bands["below what people commonly notice", "x2"].x) == 2
    drawn = [t.name for t in fig.data if t.type == "bar" and t.xaxis == "x"]
    assert drawn == ["below what people commonly notice", "average in eyelid-surgery patients", "measures"]  # bands behind the bars
    assert fig.layout.barmode == "overlay" and all(t.hoverinfo == "skip" and t.showlegend is False for t in bands.values())


def test_photo_data_uri_shrinks_and_reports_its_factor() -> None:
    rgb = np.zeros((300, 1200, 3), np.uint8)
    uri, factor = figures.photo_data_uri(rgb, max_side=600)
    assert factor == pytest.approx(0.5)
    assert Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).size == (600, 150)
    with pytest.raises(ValueError, match="connector_step"):
        figures.overlay_figure(_report(), connector_step=0)


def test_every_bar_s_label_stands_on_its_own_lines_above_it_short_enough_for_a_phone() -> None:
    report = _report()
    fig = figures.measures_figure(report)
    shown = [m for m in report.sorted_measures() if m.withheld is None]
    shown = [m for m in shown if m.unit == "mm"] + [m for m in shown if m.unit != "mm"]  # millimetres, then tilts
    labels = [a for a in fig.layout.annotations if a.xref in ("x domain", "x2 domain")]
    assert len(labels) == len(shown)
    for label, m in zip(labels, shown, strict=True):
        assert MEASURES[m.id].label in label.text and m.describe() in label.text
        lines = [re.sub(r"<[^>]+>", "", line) for line in label.text.split("<br>")]
        assert all(len(line) <= 40 for line in lines), lines  # about 270 px of 13 px text: a phone's width holds it
        assert label.x == 0 and label.xanchor == "left" and label.yanchor == "top"
    for bars, yaxis in zip((t for t in fig.data if t.type == "bar" and t.name == "measures"), ("y", "y2"), strict=True):
        tops = [a.y for a in labels if a.yref == yaxis]
        assert all(top < centre for top, centre in zip(tops, bars.y, strict=True))  # each label above its bar
        assert all(centre < top for centre, top in zip(bars.y, tops[1:], strict=False))  # and below the bar before it
    assert fig.layout.legend.yref == "container" and fig.layout.legend.entrywidth == 1.0  # one band a row, above the chart
    assert not any(t.type == "scatter" and t.mode == "text" for t in fig.data)  # no text beside the bars to be cut off


def test_the_bar_chart_grows_with_its_labels_and_takes_an_asked_height() -> None:
    report = _report()
    natural = figures.measures_figure(report)
    assert natural.layout.height > 18 * 2 * len([m for m in report.measures.values() if m.withheld is None])
    assert figures.measures_figure(report, height=1000).layout.height == 1000


def test_the_overlay_hover_gives_every_difference_signed_as_the_table_does() -> None:
    # photo 025: the table said "Brow height -0.4 mm ± 0.4 mm", the hover "difference 0.4 ± 0.4 mm (no clear difference)";
    # and a clear one, "-3.2 mm" in the table, read "3.2 ± 0.8 mm (right brow tail higher)" in the hover
    from viz.vocabulary import format_value

    report = _report("frl_london_025_03.jpg")
    fig = figures.overlay_figure(report)
    blocks = [b for tr in fig.data if tr.hovertext is not None and not isinstance(tr.hovertext, str) for t in tr.hovertext for b in t.split("<br><br>")]
    measured = [m for m in report.measures.values() if m.withheld is None]
    assert any(m.value < 0 and not m.clear for m in measured) and any(m.value < 0 and m.clear for m in measured)  # signs to drop
    for m in measured:
        # the hover's lines as one, then from "difference" on: where it breaks its lines is its own
        lines = {spaced(b.replace("<br>", " ")).split(" difference ", 1)[1] for b in blocks if f"<b>{MEASURES[m.id].label}</b>" in b}
        lines = {f"difference {line.split(' muscles involved:')[0]}" for line in lines}
        signed = format_value(m.value, m.unit, signed=True)  # the table's "difference" column
        expected = f"difference {signed.removesuffix(m.unit).rstrip()} ± {format_value(m.uncertainty, m.unit)} ({m.describe()})"
        assert lines == {spaced(expected)}, lines


def test_the_side_labels_sit_on_the_photo_shown_not_the_charts_margin() -> None:
    # placed against the chart's paper, wider than the photo kept in proportion, "subject's left" floated 40 px beyond
    # the photo at 1920 x 1080 (demo and presenter mode)
    fig = figures.overlay_figure(_report(), library=_library())
    sides = [a for a in fig.layout.annotations if "subject's" in str(a.text)]
    assert len(sides) == 2 and {(a.xref, a.yref) for a in sides} == {("x domain", "y domain")}
    assert fig.layout.xaxis.constrain == "domain" and fig.layout.yaxis.constrain == "domain"  # the domain is the photo


def test_every_connector_line_in_the_chart_lies_on_a_casing_that_contrasts_with_its_colour() -> None:
    # the chart's navy lines (a small asymmetry) all but vanished on dark skin, as the picture's did (frl_london_061_03)
    from viz.overlay import CASING_OPACITY, casing_colour

    fig = figures.overlay_figure(_report("frl_london_061_03.jpg"))
    order = [t for t in fig.data if t.legendgroup == "connectors" and t.mode == "lines"]
    lines = [t for t in order if not t.line.color.endswith(f",{CASING_OPACITY})")]
    casings = [t for t in order if t not in lines]
    assert lines and casings
    assert max(order.index(t) for t in casings) < min(order.index(t) for t in lines)  # every casing under every line

    def rgb(colour: str) -> tuple[int, int, int]:
        r, g, b = (int(v) for v in re.findall(r"[\d.]+", colour)[:3])
        return r, g, b

    def segments(traces: list[object]) -> set[tuple[float, ...]]:
        out: set[tuple[float, ...]] = set()
        for t in traces:
            xs, ys = list(t.x), list(t.y)  # type: ignore[attr-defined]
            out |= {(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(0, len(xs), 3)}
        return out

    for line in lines:
        (casing,) = [c for c in casings if rgb(c.line.color) == casing_colour(rgb(line.line.color))]
        assert segments([line]) <= segments([casing]) and casing.line.width >= line.line.width + 1.5
    assert segments(lines) == segments(casings)  # on his skin every line of this face (all navy to grey) needs one
    assert casing_colour(asymmetry_colour(0.0)) == (255, 255, 255) and casing_colour(asymmetry_colour(SCALE_MAX_MM)) == (0, 0, 0)
    # on a pale face the navy lines stand out on their own: cased everywhere they read grey-blue, not the legend's navy
    pale = figures.overlay_figure(_report("frl_london_005_03.jpg"))
    order = [t for t in pale.data if t.legendgroup == "connectors" and t.mode == "lines"]
    cased = segments([t for t in order if t.line.color.endswith(f",{CASING_OPACITY})")])
    navy = min((t for t in order if not t.line.color.endswith(f",{CASING_OPACITY})")), key=lambda t: sum(rgb(t.line.color)))
    assert sum(rgb(navy.line.color)) < 200 and len(segments([navy]) & cased) <= len(segments([navy])) / 3  # cased over brows and hair only


def test_the_overlay_hover_fits_a_small_phone_s_chart_in_dark_text_on_white() -> None:
    # a brow tail's muscles ran off a 360 px phone's chart (326 px) at either side, in grey text (3.7:1) on white
    fig = figures.overlay_figure(_report(), library=_library())
    texts = [str(t) for tr in fig.data if tr.hovertext is not None for t in ([tr.hovertext] if isinstance(tr.hovertext, str) else tr.hovertext)]
    texts += [re.sub(r"%\{[^}]+\}", "0.0", str(tr.hovertemplate)) for tr in fig.data if tr.hovertemplate]  # a value as Plotly fills it
    lines = [re.sub(r"<[^>]+>", "", line) for t in texts for line in re.split(r"<br>|<extra>", t)]
    assert any("eye-closing muscle" in line for line in lines)  # the muscle lists are there, on lines of their own
    assert max(len(line) for line in lines if " " in line) <= figures._HOVER_CHARS
    assert any(line.startswith("(") and line.endswith(")") for line in lines)  # the side words kept whole, not "(no clear"
    label = fig.layout.hoverlabel
    assert label.bgcolor == "white" and _contrast(label.font.color, "#ffffff") >= 7.0


def _contrast(a: str, b: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(css[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_hover_of_a_measure_read_from_the_mesh_alone_says_so() -> None:
    # QA: lisa 3's nose tip, not matched with its mirror image, said so in the table's note but not in its hover
    report = _report("cc0_lisa_lisa3.jpg")
    fig = figures.overlay_figure(report)
    blocks = [b for tr in fig.data if tr.hovertext is not None and not isinstance(tr.hovertext, str) for t in tr.hovertext for b in t.split("<br><br>")]
    for m in report.measures.values():
        if m.withheld is None:
            mine = [b for b in blocks if f"<b>{MEASURES[m.id].label}</b>" in b]
            evidence = "mouth_corner_drop" if m.id == "mouth_tilt" else m.id  # the tilt is read from the corners
            assert mine and all(("read from the face mesh alone" in b) == (evidence in report.mesh_only) for b in mine), m.id
    assert "nose_tip_offset" in report.mesh_only
