"""Large type for a shared screen: a copy of a Plotly figure whose every piece of text is at least a given size.

A consult room's screen is read from a few metres away, so presenter mode asks every chart to set its
text at 20 px or more. The figures themselves (:mod:`viz.figures`, :mod:`viz.learn_figures`) choose sizes
for a screen read at arm's length; :func:`large_type` raises every size they set, and the default, to the
floor, and leaves larger sizes alone. It never changes data, colours or layout otherwise.

Examples
--------
>>> import plotly.graph_objects as go
>>> fig = go.Figure(go.Bar(x=[1], y=["a"]), layout={"font": {"size": 14}, "annotations": [{"text": "n", "font": {"size": 11}}]})
>>> big = large_type(fig)
>>> big.layout.font.size, big.layout.annotations[0].font.size, fig.layout.font.size
(20, 20, 14)
"""

from __future__ import annotations

from typing import Any, Final

import plotly.graph_objects as go

from viz.errors import ArgumentError

__all__ = ["PRESENTER_FONT_PX", "font_sizes", "large_type"]

#: The smallest text size of a chart on a shared screen, CSS pixels (issue 12: presenter mode at 1920×1080).
PRESENTER_FONT_PX: Final = 20


def _raise(font: Any, floor: int) -> None:
    """Set ``font.size`` to at least ``floor`` (a Plotly font object; ``None`` size means the default, which is raised)."""
    size = font.size
    if size is None or (not isinstance(size, (list, tuple)) and size < floor):
        font.size = floor
    elif isinstance(size, (list, tuple)):
        font.size = [max(floor, s) for s in size]


def large_type(figure: go.Figure, min_px: int = PRESENTER_FONT_PX) -> go.Figure:
    """A copy of ``figure`` in which every text is at least ``min_px`` pixels high.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        Left unchanged.
    min_px : int, optional
        The smallest font size, CSS pixels (default :data:`PRESENTER_FONT_PX`).

    Returns
    -------
    plotly.graph_objects.Figure
        The copy: the default font, hover labels, the title and subtitle, the legend (its title and group
        titles), annotations (subplot titles included), both kinds of axis text, colour bars and trace text.

    Raises
    ------
    ArgumentError
        If ``min_px`` is not a positive whole number.
    """
    if isinstance(min_px, bool) or not isinstance(min_px, int) or min_px < 1:
        raise ArgumentError(f"min_px must be a positive whole number, not {min_px!r}")
    out = go.Figure(figure)
    layout = out.layout
    for font in (layout.font, layout.hoverlabel.font, layout.legend.font, layout.legend.title.font):
        _raise(font, min_px)
    # A title's fonts only where it has words: a subtitle's font set on a figure without a title made Plotly draw the
    # title as the word "undefined" (hidden behind the page's text in presenter mode, but read out by a screen reader).
    if layout.title.text:
        _raise(layout.title.font, min_px)
    if layout.title.subtitle.text:
        _raise(layout.title.subtitle.font, min_px)
    for annotation in layout.annotations:
        _raise(annotation.font, min_px)
    for axis in (*out.select_xaxes(), *out.select_yaxes()):
        _raise(axis.tickfont, min_px)
        _raise(axis.title.font, min_px)
    for trace in out.data:  # only fonts a trace sets itself: the others follow the layout's, raised above
        for name in ("textfont", "insidetextfont", "outsidetextfont"):
            if name in trace and trace[name].to_plotly_json():
                _raise(trace[name], min_px)
        for name in ("legendgrouptitle", "hoverlabel"):
            if name in trace and trace[name].font.to_plotly_json():
                _raise(trace[name].font, min_px)
        for owner in (trace.marker if "marker" in trace else None, trace if "colorbar" in trace else None):
            if owner is not None and "colorbar" in owner and owner.colorbar.to_plotly_json():  # a colour bar the trace draws
                _raise(owner.colorbar.tickfont, min_px)
                _raise(owner.colorbar.title.font, min_px)
    return out


def font_sizes(figure: go.Figure) -> list[float]:
    """Every font size a figure's JSON sets explicitly, in pixels (for tests: what :func:`large_type` must have raised).

    Examples
    --------
    >>> sorted(font_sizes(go.Figure(layout={"font": {"size": 14}, "legend": {"font": {"size": 22}}})))
    [14, 22]
    """
    found: list[float] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "size" and key.endswith("font") and isinstance(v, (int, float)):
                    found.append(v)
                elif k == "size" and key.endswith("font") and isinstance(v, list):
                    found.extend(x for x in v if isinstance(x, (int, float)))
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(figure.to_plotly_json())
    return found
