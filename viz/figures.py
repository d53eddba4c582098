"""Plotly figures of an analysis: the interactive overlay and the bar chart of measures.

Pure: a report in, a new :class:`plotly.graph_objects.Figure` out; nothing here imports Streamlit.
The photo travels inside the figure as a compressed JPEG data URI, downscaled so that a whole page
update stays well under a megabyte.

Every layer of the overlay is its own legend group, so a click on the legend shows or hides it:

- **Regional heat**: the face mesh, each point coloured by the asymmetry index of its region, shown with
  its ± (the overall index's, over the region's fewer pairs: :func:`viz.asymmetry.region_index_uncertainty`).
- **Paired connectors**: lines joining mirror-paired landmarks, coloured by that pair's asymmetry
  (half the distance between a landmark and its mirrored partner, in millimetres). One pair has no ±
  the engine can vouch for, and its hover says so rather than show a bare figure as if it were exact.
- **Symmetry axis**: the fitted axis of the face frame.
- **Level lines**: brows, eyes (iris centres) and mouth corners, with a dashed reference drawn
  perpendicular to the axis.
- **Measures**: one marker per place where measures are read, its hover giving each of them in mm ± uncertainty and
  the muscles involved (:func:`viz.overlay.measure_places`: measures read a few millimetres apart share a marker).

Colours follow the colour-blind-safe cividis scale of :mod:`viz.overlay` (0 to 3 mm), with a colour
bar in millimetres.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz import anatomy, content
from viz.asymmetry import MESH_ONLY_NOTE, AsymmetryReport, Measure, norm, region_index_uncertainty
from viz.content import Library
from viz.errors import ArgumentError
from viz.mirror import encode_jpeg, resize_to
from viz.muscles import muscles_for, region_muscles
from viz.overlay import (
    CASING_OPACITY,
    CONNECTOR_STEP,
    LEVEL_COLOUR,
    LEVEL_LINES,
    SCALE_MAX_MM,
    MeasurePlace,
    asymmetry_colour,
    connector_casings,
    measure_anchors,
    measure_places,
)
from viz.vocabulary import LAYERS, MEASURES, NBSP, NOT_MEASURED, format_pm

__all__ = [
    "BAND_NAMES",
    "CLEAR_COLOUR",
    "COLOURSCALE",
    "MAX_PHOTO_SIDE",
    "NOTICED_BAND_COLOUR",
    "TYPICAL_BAND_COLOUR",
    "UNCLEAR_COLOUR",
    "measures_figure",
    "overlay_figure",
    "photo_data_uri",
    "still",
    "wrap_text",
]

#: Long side of the photo embedded in the overlay, pixels (about 100 kB as JPEG).
MAX_PHOTO_SIDE = 960
_DIAMOND_PX = 11.0  # the measures' markers, screen pixels
# A hover line's characters: the box (15 px text) fits a 360 px phone's chart, 326 px wide; Plotly wraps nothing, and
# a brow tail's list of muscles ran off the chart at either side.
_HOVER_CHARS = 36
# The hover box's colours: Plotly's own took the marker's colour for the box and a grey for the text (3.7:1 on white)
_HOVER_LABEL: Mapping[str, object] = MappingProxyType({"font": {"size": 15, "color": "#1b1d24"}, "bgcolor": "white", "bordercolor": "#5c6070"})

F64 = npt.NDArray[np.float64]

#: The colour scale of the overlay as a Plotly colourscale: the same cividis stops as :func:`viz.overlay.asymmetry_colour`.
COLOURSCALE: tuple[tuple[float, str], ...] = tuple((t, "rgb({},{},{})".format(*asymmetry_colour(t * SCALE_MAX_MM))) for t in (0.0, 0.25, 0.5, 0.75, 1.0))

_AXIS_COLOUR = "rgba(255,255,255,0.95)"
_LEVEL_COLOUR = "rgb({},{},{})".format(*LEVEL_COLOUR)  # magenta: distinct from every cividis colour, colour-blind or not
_CONNECTOR_BINS = 6
#: A pair's middle closer than this to a measure's marker gets no marker of its own, millimetres in the face: Plotly's
#: hover takes a 5 px marker 3.5 px from the pointer over a diamond's centre (:func:`_connector_traces`). On a 360 px
#: phone a millimetre is about 1 px (the photo, kept in proportion, is 258 px wide): at 3.5 mm a middle 3.5 px from the
#: nose tip's diamond took its hover.
_MID_CLEAR_MM = 5.0
#: Width of a connector's line and of its casing, CSS px: a pixel of casing on each side of the line (with the line at
#: 1.6 px, the casing was more than half of what was seen: white-cased navy read as white lines, as in the picture).
_LINE_WIDTH = 2.4
_CASING_WIDTH = _LINE_WIDTH + 2.0
#: What a single pair's hover says instead of a ±: see :func:`_connector_traces`.
_PAIR_NO_PM = "one landmark pair; no ± of its own"


def still(figure: go.Figure) -> go.Figure:
    """``figure`` with nothing to drag: no zoom or pan box, axes fixed (returned for chaining).

    A finger swiping over a chart on a phone then scrolls the page, as it does over text; with Plotly's default
    drag it zoomed the chart instead (the Learn muscle areas and the time courses, 340-685 px tall on an 844 px
    screen). Hover, legend clicks and the pictures stay as they were.

    Examples
    --------
    >>> fig = still(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))
    >>> fig.layout.dragmode, fig.layout.xaxis.fixedrange, fig.layout.yaxis.fixedrange
    (False, True, True)
    """
    return figure.update_layout(dragmode=False).update_xaxes(fixedrange=True).update_yaxes(fixedrange=True)


def _value_text(m: Measure) -> str:
    if m.withheld is not None:
        return NOT_MEASURED
    return format_pm(abs(m.value), m.uncertainty, m.unit)


def _bar_hover(m: Measure) -> str:
    entry = norm(m.id)
    cites = content.load().cite(entry.noticed_sources + entry.typical_sources)
    return f"<b>{MEASURES[m.id].label}</b><br>{_value_text(m)} ({m.side_words()})<br>{cites}"


def _muscle_names(ids: Sequence[str], library: Library | None) -> str:
    if library is None or not ids:
        return ""
    return ", ".join(library.muscles[i].name.lower() for i in ids if i in library.muscles)


def wrap_text(text: str, chars: int) -> tuple[str, int]:
    """Plotly text wrapped at ``chars`` characters (it wraps nothing itself), at spaces only; the number of lines.

    A no-break space (:data:`viz.vocabulary.NBSP`) holds its words together, and a word longer than ``chars`` stands
    on a line of its own. Broken at hyphens too, a presenter's label read "Forehead muscle and Mouth-" / "corner
    muscle: peak ~week" / "2", its pointer running through the lone "2".

    Examples
    --------
    >>> wrap_text("Forehead muscle and Mouth-corner muscle: peak ~week\u00a02", 26)
    ('Forehead muscle and<br>Mouth-corner muscle: peak<br>~week\xa02', 3)
    """
    # textwrap splits at ASCII whitespace only, so NBSP stays inside a word
    lines = [wrapped for line in text.split("<br>") for wrapped in textwrap.wrap(line, chars, break_on_hyphens=False, break_long_words=False) or [""]]
    return "<br>".join(lines), len(lines)


def _hover_lines(text: str) -> str:
    return wrap_text(text, _HOVER_CHARS)[0]


def photo_data_uri(rgb: npt.NDArray[np.uint8], *, max_side: int = MAX_PHOTO_SIDE, quality: int = 80) -> tuple[str, float]:
    """A downscaled photo as a JPEG ``data:`` URI, and the factor from ``rgb`` pixels to its pixels.

    Parameters
    ----------
    rgb : (H, W, 3) ndarray of uint8
    max_side : int, optional
        Long side of the embedded image, pixels.
    quality : int, optional
        JPEG quality (1-95).

    Returns
    -------
    uri : str
    factor : float
        Embedded-image pixels per ``rgb`` pixel (at most 1).
    """
    small = resize_to(rgb, max_side)
    factor = small.shape[1] / rgb.shape[1]
    data = base64.b64encode(encode_jpeg(small, quality=quality)).decode("ascii")
    return f"data:image/jpeg;base64,{data}", float(factor)


def _measure_hover(m: Measure, library: Library | None) -> str:
    label = MEASURES[m.id].label
    lines = [f"<b>{label}</b>"]
    sides = m.shown_sides()
    if sides is not None:
        lines.append(f"left {sides[0]:.1f} mm · right {sides[1]:.1f} mm")
    # signed as in the table (left minus right), its side in words after it: unsigned, "3.2 ± 0.8 mm (right brow tail
    # higher)" beside the table's "-3.2 mm" read as the two disagreeing on a consult-room screen
    shown = format_pm(m.value, m.uncertainty, m.unit, signed=True) if m.withheld is None else NOT_MEASURED
    described = m.side_words().replace(" ", NBSP)  # on a line of its own when the hover breaks, not "(no clear" / "difference)"
    lines.append(f"difference {shown} ({described})")
    if m.note.endswith(MESH_ONLY_NOTE):  # the wider ± explained, as the table's note does
        lines.append("read from the face mesh alone")
    names = _muscle_names(muscles_for(m.id, library), library) if library is not None else ""
    if names:
        lines.append(f"muscles involved: {names}")
    return "<br>".join(lines)


def _heat_traces(report: AsymmetryReport, xy: F64, library: Library | None) -> list[go.Scatter]:
    """Regional heat on the mesh: one trace, each region's points in the colour of its index.

    One trace for all five regions (per-point colours and hover text): every trace is an SVG layer the
    browser lays out and paints, so the overlay keeps few of them.
    """
    rmus = region_muscles(library) if library is not None else {}
    face_w = float(np.ptp(xy[: anatomy.N_MESH, 0]))
    xs: list[float] = []
    ys: list[float] = []
    colours: list[str] = []
    texts: list[str] = []
    for name in anatomy.REGION_NAMES:
        points = sorted(i for i in anatomy.REGION_LANDMARKS[name] if i < anatomy.N_MESH)
        value = float(report.region_index_mm[name])
        pm = format_pm(value, region_index_uncertainty(report, name), "mm")
        muscles = _muscle_names(rmus.get(name, ()), library)
        hover = f"<b>{name}</b><br>asymmetry index {pm}" + (f"<br>muscles: {muscles}" if muscles else "")
        xs += [float(v) for v in xy[points, 0]]
        ys += [float(v) for v in xy[points, 1]]
        colours += ["rgb({},{},{})".format(*asymmetry_colour(value))] * len(points)
        texts += [hover] * len(points)
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            name=LAYERS["heat"],
            legendgroup="heat",
            # never smaller than the measures' diamonds: under the pointer Plotly prefers the smaller marker (its hover
            # distance is at least 1 - 3 / radius), and on a face small in the picture the heat's points took the hover
            # of the lips', nose's and brows' diamonds
            marker={"size": max(_DIAMOND_PX + 1.0, face_w / 28.0), "color": colours, "opacity": 0.28, "line": {"width": 0}},
            hovertext=[_hover_lines(t) for t in texts],
            hoverinfo="text",
        )
    ]


def _connector_traces(report: AsymmetryReport, xy: F64, step: int, places: Sequence[MeasurePlace], reach: float) -> list[go.Scatter]:
    """Lines joining mirror-paired landmarks, binned by colour, cased where they would vanish, and a marker at each pair's middle with the colour bar.

    The casings (:func:`viz.overlay.connector_casings`, one trace per tone, under the lines that would vanish into the skin
    under them) are those of the picture the page opens on: without them the navy of a small asymmetry all but vanished
    on dark skin.

    A pair's middle lies on the midline, where the nose-tip and lip offsets are read: no middle closer than ``reach``
    (:data:`_MID_CLEAR_MM` in the figure's units) to a measure's marker gets a marker, for Plotly's hover takes the
    smallest marker under the pointer and the middles' (5 px) hid those measures' hover on a phone.

    A pair's hover gives its asymmetry as "about" so much, with no ±: the engine measured the re-capture spread of the
    index over all 220 pairs, not of one pair, and scaling it to one pair (:func:`viz.asymmetry.region_index_uncertainty`) gives 2.8 mm
    where single pairs spread 0.08-0.36 mm over real re-captures. The mesh's own error
    (:data:`viz.asymmetry.MESH_ONLY_SD`) is known only for the few features the measures read, and the landmarks
    follow only part of a local move, so a pair also reads low.
    """
    traces: list[go.Scatter] = []
    pairs = sorted(anatomy.MESH_PAIRS)[::step]
    mm = np.array([float(report.pair_asymmetry_mm[li]) for li, _ in pairs])
    bins = np.minimum((mm / SCALE_MAX_MM * _CONNECTOR_BINS).astype(int), _CONNECTOR_BINS - 1)
    casings: dict[tuple[int, int, int], tuple[list[float | None], list[float | None]]] = {}
    for b in range(_CONNECTOR_BINS):
        members = [p for p, k in zip(pairs, bins, strict=True) if k == b]
        if not members:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        r, g, bl = asymmetry_colour((b + 0.5) / _CONNECTOR_BINS * SCALE_MAX_MM)
        for (li, ri), casing in zip(members, connector_casings(report, members, [(r, g, bl)] * len(members)), strict=True):
            line_x, line_y = [float(xy[li, 0]), float(xy[ri, 0]), None], [float(xy[li, 1]), float(xy[ri, 1]), None]
            xs += line_x
            ys += line_y
            if casing is not None:  # only a line that would vanish into the skin under it (as in the picture)
                cased_x, cased_y = casings.setdefault(casing, ([], []))
                cased_x += line_x
                cased_y += line_y
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": f"rgba({r},{g},{bl},0.85)", "width": _LINE_WIDTH},
                name=LAYERS["connectors"],
                legendgroup="connectors",
                showlegend=False,
                hoverinfo="skip",
            )
        )
    under = [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": "rgba({},{},{},{})".format(*tone, CASING_OPACITY), "width": _CASING_WIDTH},
            name=LAYERS["connectors"],
            legendgroup="connectors",
            showlegend=False,
            hoverinfo="skip",
        )
        for tone, (xs, ys) in casings.items()
    ]
    traces = [*under, *traces]  # every casing under every line, so none covers a neighbour's line
    mids = np.array([(xy[li] + xy[ri]) / 2.0 for li, ri in pairs])
    spots = np.array([place.xy for place in places]).reshape(-1, 2)
    apart = np.array([len(spots) == 0 or float(np.min(np.linalg.norm(spots - mid, axis=1))) >= reach for mid in mids], dtype=bool)
    mids, mm = mids[apart], mm[apart]
    traces.append(
        go.Scatter(
            x=mids[:, 0],
            y=mids[:, 1],
            mode="markers",
            name=LAYERS["connectors"],
            legendgroup="connectors",
            marker={
                "size": 5,
                "color": mm,
                "colorscale": COLOURSCALE,
                "cmin": 0.0,
                "cmax": SCALE_MAX_MM,
                "colorbar": {
                    "title": {"text": "asymmetry (mm)", "side": "right"},
                    "tickvals": [0, 1, 2, 3],
                    "ticktext": ["0", "1", "2", "≥3"],
                    "thickness": 14,
                    "len": 0.6,
                },
                "line": {"width": 0},
            },
            hovertemplate=f"pair asymmetry about %{{marker.color:.1f}} mm<br>({_PAIR_NO_PM})<extra></extra>",
        )
    )
    return traces


def _axis_traces(report: AsymmetryReport, to_disp: float) -> list[go.Scatter]:
    """The fitted symmetry axis, drawn twice (a dark halo under a light line)."""
    traces: list[go.Scatter] = []
    frame = report.frame
    half = 0.75 * (report.face.bbox[3] - report.face.bbox[1]) * frame.mm_per_px
    axis = frame.axis_segment_px(half) * to_disp
    for colour, width, legend in (("rgba(0,0,0,0.6)", 5.0, True), (_AXIS_COLOUR, 2.5, False)):
        traces.append(
            go.Scatter(
                x=axis[:, 0],
                y=axis[:, 1],
                mode="lines",
                name=LAYERS["axis"],
                legendgroup="axis",
                showlegend=legend,
                line={"color": colour, "width": width},
                hovertext=_hover_lines(f"fitted symmetry axis (tilted {frame.roll_deg:+.1f}° in the picture)"),
                hoverinfo="text",
            )
        )
    return traces


def _place_hover(place: MeasurePlace, report: AsymmetryReport, library: Library | None) -> str:
    """The hover of one marker's place: every measure read there, most noticeable first, a blank line between them."""
    return "<br><br>".join(_measure_hover(report.measures[mid], library) for mid in place.ids)


def _level_traces(report: AsymmetryReport, xy: F64, places: Sequence[MeasurePlace], library: Library | None) -> list[go.Scatter]:
    """Brow, eye and mouth-corner level lines, each with a dashed reference perpendicular to the axis.

    Two traces: the three dashed references, then the three level lines, each set joined by gaps (``None``). A line's
    end sits in a measure marker's place (:func:`viz.overlay.measure_places`) and its hover names every measure read
    there, as the marker's does: Plotly shows the smaller of two markers under the pointer, and the line's end alone
    said "Mouth tilt" over the mouth corner where the mouth-corner drop (the headline) is read too.
    """
    perp = np.asarray(report.frame.left, dtype=np.float64)  # a face-frame horizontal, image direction
    ref_x: list[float | None] = []
    ref_y: list[float | None] = []
    line_x: list[float | None] = []
    line_y: list[float | None] = []
    texts: list[str] = []
    for name, mid in LEVEL_LINES:
        p, q = measure_anchors(mid, xy, perp)
        centre = (p + q) / 2.0
        reach = float(np.linalg.norm(p - q)) / 2.0 * 1.15
        a, b = centre - reach * perp, centre + reach * perp
        ref_x += [float(a[0]), float(b[0]), None]
        ref_y += [float(a[1]), float(b[1]), None]
        line_x += [float(p[0]), float(q[0]), None]
        line_y += [float(p[1]), float(q[1]), None]
        for end in (p, q):
            place = next((pl for pl in places if mid in pl.ids and bool(np.any(np.all(pl.anchors == end, axis=1)))), None)
            hover = _place_hover(place, report, library) if place is not None else _measure_hover(report.measures[mid], library)  # withheld: says so
            # a heading "mouth corners level" above "left side higher" read as a finding: it names the line
            texts.append(f"Level line through the {name}<br>{hover}")
        texts.append("")
    return [
        go.Scatter(
            x=ref_x,
            y=ref_y,
            mode="lines",
            name=LAYERS["levels"],
            legendgroup="levels",
            showlegend=False,
            line={"color": "rgba(255,255,255,0.7)", "width": 1.2, "dash": "dash"},
            hoverinfo="skip",
        ),
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines+markers",
            name=LAYERS["levels"],
            legendgroup="levels",
            line={"color": _LEVEL_COLOUR, "width": 2.5},
            marker={"size": 9, "color": "rgba(0,0,0,0)", "line": {"color": _LEVEL_COLOUR, "width": 2}},
            hovertext=[_hover_lines(t) for t in texts],
            hoverinfo="text",
        ),
    ]


def _measure_traces(report: AsymmetryReport, places: Sequence[MeasurePlace], library: Library | None) -> list[go.Scatter]:
    """One marker per place where measures are read (:func:`viz.overlay.measure_places`), its hover giving each of them
    in mm ± uncertainty with the muscles involved, coloured by the most noticeable.

    Two markers on one spot showed one hover only (the later point's): the mouth-corner drop, read at the same corners
    as the mouth tilt, could not be hovered.
    """
    texts = [_place_hover(place, report, library) for place in places]
    colours = [min(max(report.measures[mid].noticeable for mid in place.ids), 1.0) * SCALE_MAX_MM for place in places]
    return [
        go.Scatter(
            x=[float(place.xy[0]) for place in places],
            y=[float(place.xy[1]) for place in places],
            mode="markers",
            name=LAYERS["measures"],
            legendgroup="measures",
            marker={
                "size": _DIAMOND_PX,
                "symbol": "diamond",
                "color": colours,
                "colorscale": COLOURSCALE,
                "cmin": 0.0,
                "cmax": SCALE_MAX_MM,
                "line": {"color": "white", "width": 1.5},
            },
            hovertext=[_hover_lines(t) for t in texts],
            hoverinfo="text",
        )
    ]


def _side_labels(report: AsymmetryReport) -> list[dict[str, object]]:
    """The "subject's left" and "subject's right" labels, in the top corners on their sides of the picture.

    Placed against the axes' domain, which is the photo as shown (kept in proportion): against the chart's paper, wider
    than the photo on a wide screen, "subject's left" floated 40 px beyond the photo at 1920 x 1080.
    """
    left_on_image_right = report.frame.left[0] > 0
    annotations = [
        {
            "x": 0.01 if not left_on_image_right else 0.99,
            "y": 0.99,
            "xref": "x domain",
            "yref": "y domain",
            "xanchor": "left" if not left_on_image_right else "right",
            "yanchor": "top",
            "text": "subject's <b>left</b>",
            "showarrow": False,
            "font": {"color": "white", "size": 14},
            "bgcolor": "rgba(0,0,0,0.55)",
        },
        {
            "x": 0.99 if not left_on_image_right else 0.01,
            "y": 0.99,
            "xref": "x domain",
            "yref": "y domain",
            "xanchor": "right" if not left_on_image_right else "left",
            "yanchor": "top",
            "text": "subject's <b>right</b>",
            "showarrow": False,
            "font": {"color": "white", "size": 14},
            "bgcolor": "rgba(0,0,0,0.55)",
        },
    ]
    return annotations


def overlay_figure(
    report: AsymmetryReport,
    *,
    library: Library | None = None,
    photo_uri: tuple[str, float] | None = None,
    height: int = 720,
    connector_step: int = CONNECTOR_STEP,
) -> go.Figure:
    """The interactive overlay: photo, axis, level lines, coloured connectors, regional heat, measures.

    Parameters
    ----------
    report : AsymmetryReport
    library : Library, optional
        The content library (:func:`viz.content.load`); when given, hover text names the muscles involved.
    photo_uri : (str, float), optional
        A precomputed :func:`photo_data_uri` of ``report.face.photo.rgb`` (to reuse a cached encoding).
    height : int, optional
        Figure height in pixels.
    connector_step : int, optional
        Draw every ``connector_step``-th mirror pair (1: all 220), so the picture stays readable.

    Returns
    -------
    plotly.graph_objects.Figure
        Axes in embedded-image pixels, y downward; one legend group per layer.
    """
    if connector_step < 1:
        raise ArgumentError("connector_step must be at least 1.")
    photo = report.face.photo
    uri, factor = photo_uri if photo_uri is not None else photo_data_uri(np.asarray(photo.rgb))
    w_img = round(photo.rgb.shape[1] * factor)
    h_img = round(photo.rgb.shape[0] * factor)
    to_disp = factor / photo.scale  # original px -> embedded-image px
    xy = np.round(report.face.xy_px * to_disp, 1)  # 0.1 px is finer than any screen; shorter JSON
    mm_per_unit = report.frame.mm_per_px / to_disp
    places = measure_places(report, xy, mm_per_unit)
    traces = [
        *_heat_traces(report, xy, library),
        *_connector_traces(report, xy, connector_step, places, _MID_CLEAR_MM / mm_per_unit),
        *_axis_traces(report, to_disp),
        *_level_traces(report, xy, places, library),
        *_measure_traces(report, places, library),
    ]
    fig = go.Figure(traces)
    # Open on the face (the whole photo is one double-click or the "reset axes" button away).
    x0, y0 = xy[: anatomy.N_MESH].min(axis=0)
    x1, y1 = xy[: anatomy.N_MESH].max(axis=0)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    half_side = 0.8 * max(x1 - x0, y1 - y0)
    xr = [max(0.0, cx - half_side), min(float(w_img), cx + half_side)]
    yr = [min(float(h_img), cy + half_side * 1.05), max(0.0, cy - half_side * 1.05)]
    fig.update_layout(
        images=[
            {
                "source": uri,
                "xref": "x",
                "yref": "y",
                "x": 0,
                "y": 0,
                "sizex": w_img,
                "sizey": h_img,
                "xanchor": "left",
                "yanchor": "top",
                "sizing": "stretch",
                "layer": "below",
            }
        ],
        xaxis={"range": xr, "visible": False, "constrain": "domain"},
        yaxis={"range": yr, "visible": False, "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0, "title": {"text": "Layers (click to show or hide):"}},
        hovermode="closest",
        hoverlabel=dict(_HOVER_LABEL),
        dragmode="pan",
        annotations=_side_labels(report),
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        uirevision="overlay",
    )
    return fig


#: The bar chart's rows, in line heights of its labels: a label line, the bar, the gap to the next row.
_BAR_LINE = 1.0
_BAR_THICKNESS = 1.0
_BAR_GAP = 0.7
_BAR_LABEL_GAP = 0.2  # between a label and its bar
#: CSS pixels per line height when no height is asked for (the labels' text is 13 px).
_BAR_LINE_PX = 18.0
#: A row's label (the measure and its side) takes two lines beyond this many characters, so it fits a phone's width.
_BAR_LABEL_CHARS = 40
#: The labels' colours: the measure near-black, the side dark grey (6:1 on white).
_BAR_TEXT = "#0e1117"
#: The bands of normal variation behind the bars, their names (legend entries and bar traces) and shades: darker up to
#: the average difference published (people assessed for eyelid surgery: the one population with averages, content/norms.yaml;
#: named "healthy adults" before), lighter up to what people commonly notice. The consult report's chart
#: (:mod:`viz.report`) draws and names them alike.
BAND_NAMES: Mapping[str, str] = MappingProxyType({"typical": "average in eyelid-surgery patients", "noticed": "below what people commonly notice"})
TYPICAL_BAND_COLOUR = "rgba(31,95,168,0.22)"
NOTICED_BAND_COLOUR = "rgba(31,95,168,0.09)"
_BAR_SIDE_TEXT = "#5f6370"
#: The bars' colours, as in the consult report's chart: a clear difference (beyond its uncertainty) dark blue, one within
#: its uncertainty grey, with their legend entries. Coloured by size on the asymmetry scale, with no key, a clear
#: difference and an unclear one of the same size looked alike, and the page's colours meant something else than the
#: report's.
CLEAR_COLOUR = "#00224e"
UNCLEAR_COLOUR = "#a8a8a8"
_CLEAR_NAMES = {True: "clear difference (beyond its uncertainty)", False: "within its uncertainty"}
#: The bar chart's fixed parts, CSS pixels: the legend (four entries of one line) and the first panel's title above,
#: the axis numbers and title under each panel (and the second panel's title).
_BAR_TOP_PX = 126
#: A legend entry's name wraps at this many characters, and each line past an entry's first adds this many CSS pixels
#: above the chart: in a tablet's column (265 px) "clear difference (beyond its uncertainty)" read "… (beyond its uncer".
_BAR_LEGEND_CHARS = 24
_BAR_LEGEND_LINE_PX = 16
_BAR_BOTTOM_PX = 48
_BAR_BETWEEN_PX = 84


def _bar_label(m: Measure) -> tuple[str, int]:
    """A bar's label and its number of lines: the measure's name, then which side it favours (grey)."""
    name, side = MEASURES[m.id].label, m.side_words()
    if len(name) + len(side) + 3 <= _BAR_LABEL_CHARS:
        return f"{name} <span style='color:{_BAR_SIDE_TEXT}'>· {side}</span>", 1
    return f"{name}<br><span style='color:{_BAR_SIDE_TEXT}'>{side}</span>", 2


def measures_figure(report: AsymmetryReport, *, height: int | None = None) -> go.Figure:
    """Bar chart of every measure's size, most noticeable first, over the normal band.

    Bars show the size of each difference (``|value|``) with its uncertainty as an error bar, under a
    label naming the measure and the side it favours. Behind each bar the band of normal variation is
    shaded: darker up to the average difference published (of people assessed for eyelid surgery) where there is one, lighter up to
    the size people commonly notice (the numbers and sources of ``content/norms.yaml``).

    Every text sits on its own line above its bar and the legend above the chart, so nothing needs
    room beside the bars: the chart reads the same in a phone's width (about 350 CSS pixels) as on a
    wide screen, and no label is cut.

    Parameters
    ----------
    report : AsymmetryReport
    height : int, optional
        Figure height in pixels (default: 18 px per line of label and bar, plus the legend and axes).

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels: millimetre measures, then tilts in degrees. In each, ``y`` runs downward in label
        lines: the bars' ``y`` are their centres and ``customdata`` their measures' labels, in order.
    """
    ordered = [m for m in report.sorted_measures() if m.withheld is None]
    groups = [[m for m in ordered if m.unit == "mm"], [m for m in ordered if m.unit != "mm"]]
    labels = [[_bar_label(m) for m in group] for group in groups]
    spans = [max(sum(lines * _BAR_LINE + _BAR_LABEL_GAP + _BAR_THICKNESS + _BAR_GAP for _, lines in group), 1.0) for group in labels]
    names = (*_CLEAR_NAMES.values(), BAND_NAMES["typical"], BAND_NAMES["noticed"])
    legend_names = [textwrap.wrap(name, _BAR_LEGEND_CHARS, break_on_hyphens=False) for name in names]
    top_px = _BAR_TOP_PX + _BAR_LEGEND_LINE_PX * sum(len(lines) - 1 for lines in legend_names)
    fixed_px = top_px + _BAR_BOTTOM_PX + _BAR_BETWEEN_PX
    if height is None:
        height = round(sum(spans) * _BAR_LINE_PX + fixed_px)
    plot_px = max(height - top_px - _BAR_BOTTOM_PX, 1.0)
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[s / sum(spans) for s in spans],
        vertical_spacing=min(_BAR_BETWEEN_PX / plot_px, 0.5),
        subplot_titles=("Differences in millimetres", "Tilts in degrees"),
    )
    band_typical, band_noticed = TYPICAL_BAND_COLOUR, NOTICED_BAND_COLOUR
    half = _BAR_THICKNESS / 2.0
    for row, (group, group_labels, span) in enumerate(zip(groups, labels, spans, strict=True), start=1):
        if not group:
            continue
        xref, yref = ("x", "y") if row == 1 else ("x2", "y2")
        centres: list[float] = []
        top = 0.0
        bands: dict[str, tuple[list[float], list[float]]] = {band_noticed: ([], []), band_typical: ([], [])}  # colour -> (x, y)
        for m, (text, lines) in zip(group, group_labels, strict=True):
            centre = top + lines * _BAR_LINE + _BAR_LABEL_GAP + half
            centres.append(centre)
            fig.add_annotation(
                text=text,
                xref=f"{xref} domain",
                x=0,
                xanchor="left",
                yref=yref,
                y=top,
                yanchor="top",
                align="left",
                showarrow=False,
                font={"size": 13, "color": _BAR_TEXT},
            )
            entry = norm(m.id)
            for x1, colour in ((entry.noticed or 0.0, band_noticed), (entry.typical, band_typical)):
                if x1 is not None:
                    bands[colour][0].append(x1)
                    bands[colour][1].append(centre)
            top = centre + half + _BAR_GAP
        # the bands behind the bars: one bar trace per shade (Plotly draws a trace's bars in one pass, where
        # each shape is laid out and drawn on its own), lighter first, the measures' bars overlaid on top
        for colour, (band_x, band_y) in bands.items():
            if band_x:
                fig.add_trace(
                    go.Bar(
                        x=band_x,
                        y=band_y,
                        width=_BAR_THICKNESS,
                        orientation="h",
                        marker={"color": colour, "line": {"width": 0}},
                        hoverinfo="skip",
                        showlegend=False,
                        name=BAND_NAMES["typical" if colour == band_typical else "noticed"],
                    ),
                    row=row,
                    col=1,
                )
        colours = [CLEAR_COLOUR if m.clear else UNCLEAR_COLOUR for m in group]
        fig.add_trace(
            go.Bar(
                x=[abs(m.value) for m in group],
                y=centres,
                width=_BAR_THICKNESS * 0.8,
                orientation="h",
                customdata=[MEASURES[m.id].label for m in group],
                marker={"color": colours, "line": {"color": "rgba(0,0,0,0.5)", "width": 1}},
                error_x={"type": "data", "array": [m.uncertainty for m in group], "color": "rgba(0,0,0,0.65)", "thickness": 1.5},
                hovertext=[_bar_hover(m) for m in group],
                hoverinfo="text",
                showlegend=False,
                name="measures",
            ),
            row=row,
            col=1,
        )
        reach = max([abs(m.value) + m.uncertainty for m in group] + [norm(m.id).noticed or 0.0 for m in group])
        fig.update_xaxes(range=[0, reach * 1.08], row=row, col=1, title_text="mm" if row == 1 else "degrees", zeroline=True)
        fig.update_yaxes(range=[span, 0], visible=False, fixedrange=True, row=row, col=1)
    # legend entries for the bands: one a row, above the chart, each wrapped to fit a narrow column, so its height does
    # not depend on the width
    for colour, name_lines in zip((CLEAR_COLOUR, UNCLEAR_COLOUR, band_typical, band_noticed), legend_names, strict=True):
        swatch = {"size": 14, "symbol": "square", "color": colour}
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker=swatch, name="<br>".join(name_lines), hoverinfo="skip"))
    fig.update_layout(
        height=height,
        margin={"l": 4, "r": 12, "t": top_px, "b": _BAR_BOTTOM_PX},
        bargap=0.0,
        barmode="overlay",
        legend={"orientation": "h", "yref": "container", "y": 1, "yanchor": "top", "x": 0, "entrywidth": 1.0, "entrywidthmode": "fraction"},
        hoverlabel={"font": {"size": 14}},
        font={"size": 13},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        dragmode=False,
    )
    return fig
