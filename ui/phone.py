"""How the app fits a phone (390 CSS pixels wide) as well as a wide screen, with one page for both.

Streamlit runs the page in Python and cannot know the screen's width, so everything here is CSS or
Plotly layout that reflows in the browser:

- Tables are HTML that turn into a card per row where their box is narrow (:mod:`ui.tables`).
- The overlay is as tall as its width needs (:func:`fit_overlay_ui`): its picture fills the width, so
  no blank bands sit above and below it on a phone, and the toolbar has a strip of its own above the
  picture (:func:`overlay_layout`), so it covers no label.
- Choosing a page, or switching presenter mode (whose story is the page), closes the sidebar on a narrow screen
  (:func:`install`). Streamlit does this itself
  only for browsers whose name says "phone" (ua-parser's device type), so a narrow desktop window, a
  tablet or a phone browser asking for the desktop site kept it open over most of the page. The script
  only sends the press outside the sidebar that Streamlit already answers by closing it when the
  screen is narrow (at most 768 px, Streamlit's own limit); it loads nothing and sends nothing.
- On a touch screen one finger scrolls the page over the first page's interactive overlay (:func:`install`): Plotly
  panned the picture instead, and the chart filled most of a phone's screen.
- Two pictures to compare stay side by side on a phone (:func:`side_by_side`), where Streamlit stacks columns.
"""

from __future__ import annotations

import math
from typing import Final

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import a11y

__all__ = [
    "LINE_CHARS",
    "NARROW_REM",
    "OVERLAY_KEY",
    "SIDE_BY_SIDE",
    "SIDE_BY_SIDE_CSS",
    "TOOLBAR_PX",
    "fit_overlay_ui",
    "install",
    "legend_entries",
    "overlay_extra_px",
    "overlay_layout",
    "side_by_side",
    "wrap_when_narrow",
]

#: The key of a pair of pictures to compare (:func:`side_by_side`), and its static style: its two columns stay side by
#: side on a narrow screen, where Streamlit stacks columns (below 640 px), each half the width.
SIDE_BY_SIDE: Final = "mm-side-by-side"
SIDE_BY_SIDE_CSS: Final = (
    f"<style>.st-key-{SIDE_BY_SIDE} [data-testid='stHorizontalBlock'] {{ flex-wrap: nowrap; }}"
    f" .st-key-{SIDE_BY_SIDE} [data-testid='stColumn'] {{ min-width: 0; width: auto; flex: 1 1 0; }}</style>"
)


def side_by_side() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Two columns for a pair of pictures to compare, side by side on a phone too: stacked at 390 px, each of Preview's
    pictures was 407 px high and each of Visits' 475 px, and the two were never on one screen. One pair a page."""
    st.html(SIDE_BY_SIDE_CSS)
    left, right = st.container(key=SIDE_BY_SIDE).columns(2)
    return left, right


#: The width (rem) below which a row of :func:`wrap_when_narrow` wraps: a tablet in portrait with the sidebar open
#: (about 520 CSS pixels of main area) is under it, a laptop's main area is over it.
NARROW_REM: Final = 44.0


def wrap_when_narrow(key: str, whole: str = "", below_rem: float = NARROW_REM) -> DeltaGenerator:
    """A container keyed ``key`` whose columns wrap where it is narrower than ``below_rem``: the columns matching
    ``whole`` (``":first-child"``, ``":last-child"``; all when "") each take a row, the others share one.

    Streamlit stacks columns only on a narrow screen (under 640 CSS pixels), not in a narrow main area: on a tablet in
    portrait with the sidebar open the page is about 520 px wide, and a column of a third held a download button
    102 px wide ("Downlo / ad the") or a picture 150 px wide. A style only (static, no user content).
    """
    a11y.check_key(key)
    box = f".st-key-{key}"
    # its own row of columns only, not a pair of pictures inside one of them (:func:`side_by_side`)
    row = f"{box} [data-testid='stHorizontalBlock']:not({box} [data-testid='stColumn'] *)"
    column = f"{row} > [data-testid='stColumn']"
    st.html(
        f"<style>{box} {{ container-type: inline-size; }} @container (max-width: {below_rem:g}rem) {{"
        f" {row} {{ flex-wrap: wrap; row-gap: 1rem; }}"
        f" {column} {{ flex: 1 1 0 !important; min-width: 0 !important; width: auto !important; }}"
        f" {column}{whole} {{ flex: 1 1 100% !important; }} }}</style>"
    )
    return st.container(key=key)


#: Charts wrap their titles, notes and sources at this many characters: about 330 CSS pixels of Plotly's 12 px text.
LINE_CHARS: Final = 50
#: Height of the strip above the overlay's picture that holds Plotly's toolbar, CSS pixels.
TOOLBAR_PX: Final = 34
#: The overlay's legend: one entry a row at every width, so its height is known (Plotly's 12 px text; measured in Chromium).
#: Two a row (0.45 of the width each) cut the second in a tablet's column of 265 px: "Paired connecto".
_LEGEND_ENTRY: Final = 1.0  # share of the width per entry
_PER_ROW: Final = round(1 / _LEGEND_ENTRY)
_LEGEND_TITLE_PX: Final = 25
_LEGEND_ROW_PX: Final = 29
#: The colour key under the picture: a horizontal bar with its title above and its numbers below, CSS pixels.
_KEY_BAR_PX: Final = 220
_KEY_BLOCK_PX: Final = 62  # its gap from the picture, title, bar and numbers
_GAP_PX: Final = 8

#: The widget key of the first page's interactive overlay (:func:`ui.analyze_ui.overlay_ui`), whose one-finger swipe
#: scrolls the page (:func:`install`).
OVERLAY_KEY: Final = "overlay_chart"

# Static (no user content; ui.a11y.hides_itself hides its element): closes the sidebar after a page is chosen or presenter mode
# (the toggle keyed ui.state.PRESENTER) switched on a narrow screen.
_INSTALL: Final = """<script>
(() => {
  if (window.mirrormapPhone) return;
  window.mirrormapPhone = true;
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest('[data-testid="stSidebarNav"] a, .st-key-presenter label');
    // not the "?" inside the switch's label: its help closed with the sidebar before it could be read
    if (!link || event.target.closest('[data-testid="stTooltipIcon"]')) return;
    setTimeout(() => {
      const bar = document.querySelector('[data-testid="stSidebar"]');
      const main = document.querySelector('[data-testid="stMain"]');
      if (bar && main && bar.getAttribute("aria-expanded") === "true" && window.innerWidth <= 768) {
        main.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
      }
    }, 60);
  }, true);
  // one finger on the first page's interactive overlay scrolls the page: Plotly took the swipe to pan the picture
  // (calling preventDefault), and the chart filled most of a phone's screen. The touch never reaches Plotly's drag
  // layer, so the browser scrolls; a tap still shows the hover (the browser's mouse events after it), and the
  // toolbar still zooms. A mouse is unchanged.
  document.addEventListener("touchstart", (event) => {
    if (event.target instanceof Element && event.target.closest(".st-key-OVERLAY .draglayer")) event.stopPropagation();
  }, { capture: true, passive: true });
})();
</script>""".replace("OVERLAY", OVERLAY_KEY)


def install() -> None:
    """The sidebar's page-choice script, once per page run (a hidden element, in the sidebar)."""
    with st.sidebar:
        st.html(a11y.hides_itself("phone", _INSTALL), unsafe_allow_javascript=True)


def legend_entries(figure: go.Figure) -> int:
    """How many entries a figure's legend lists: one per named trace that shows in it."""
    return sum(1 for trace in figure.data if trace.showlegend is not False and trace.name)


def _legend_px(figure: go.Figure) -> int:
    return _LEGEND_TITLE_PX + math.ceil(legend_entries(figure) / _PER_ROW) * _LEGEND_ROW_PX


def overlay_extra_px(figure: go.Figure) -> int:
    """CSS pixels of the overlay that are not picture: the toolbar's strip above, the colour key and the legend below."""
    return TOOLBAR_PX + _KEY_BLOCK_PX + _GAP_PX + _legend_px(figure)


def overlay_layout(figure: go.Figure) -> go.Figure:
    """Lay the overlay out for any width, in place: the picture spans the width, the toolbar has a strip above it,
    the colour key lies under it and the legend (one entry a row) under that, at the bottom."""
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": TOOLBAR_PX, "b": overlay_extra_px(figure) - TOOLBAR_PX},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "entrywidth": _LEGEND_ENTRY,
            "entrywidthmode": "fraction",
            "title": {"side": "top"},
        },
    )
    for trace in figure.data:
        colour_key = getattr(getattr(trace, "marker", None), "colorbar", None)
        if colour_key is not None and colour_key.to_plotly_json():
            colour_key.update(
                orientation="h", x=0, xanchor="left", xpad=8, y=0, yanchor="top", ypad=6, lenmode="pixels", len=_KEY_BAR_PX, thickness=12, title_side="top"
            )
    return figure


def _aspect(figure: go.Figure) -> float:
    """Height over width of the picture the overlay opens on (its axes' ranges; y runs downward)."""
    (x0, x1), (y0, y1) = figure.layout.xaxis.range, figure.layout.yaxis.range
    width, height = abs(float(x1) - float(x0)), abs(float(y1) - float(y0))
    if not (width > 0 and height > 0 and math.isfinite(width) and math.isfinite(height)):
        raise ValueError("the overlay's axes need finite, non-empty ranges")
    return height / width


def fit_overlay_ui(key: str, figure: go.Figure) -> None:
    """Make the chart drawn with ``key`` as tall as its width needs: the picture at the full width, then the legend.

    A style only (no element in the page): the chart's box becomes a size container and its height
    ``width × aspect + strip and legend``. Streamlit draws a Plotly chart at its box's height.
    """
    a11y.check_key(key)
    height = f"calc(100cqw * {_aspect(figure):.4f} + {overlay_extra_px(figure)}px)"
    # Streamlit gives the element a fixed height (and flex basis) from the figure's; the box follows the chart instead.
    box = f".st-key-{key} {{ container-type: inline-size; height: auto !important; flex: 0 0 auto !important; }}"
    chart = f'.st-key-{key} [data-testid="stFullScreenFrame"], .st-key-{key} [data-testid="stPlotlyChart"] {{ height: {height} !important; }}'
    st.html(f"<style>{box} {chart}</style>")
