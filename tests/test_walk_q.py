"""Findings of QA walk Q, a tablet (834 × 1194 CSS pixels in portrait with the sidebar open, so the page gets about
520 px; and 1194 × 834): controls squeezed into a third of a narrow row, labels cut at their box, legends cut at their
chart, the arrows' picture too small to read, and a likely range of one value beside real ranges.

One app start in Debian's Chromium (the browser tests) and a few checks of the code behind them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import viz
from tests.browser import watched_tab
from tests.browser_pages import PHOTOS, TABLE_JS, open_first_page, open_preview, settle
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import phone, preview_ui
from viz import figures, preview
from viz.vocabulary import NBSP

#: An iPad Air's screen in CSS pixels, each way up, and touch.
PORTRAIT: dict[str, Any] = {"viewport": {"width": 834, "height": 1194}, "device_scale_factor": 2, "has_touch": True}
LANDSCAPE = {"width": 1194, "height": 834}

#: Every element inside ``selector`` (and itself) whose text is wider than its box: cut off, or ended with "…".
CUT_JS = """(selector) => {
  const cut = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const e of [root, ...root.querySelectorAll('*')]) {
      if (e.getClientRects().length && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') {
        cut.push(`${e.tagName} "${root.textContent.trim()}" ${e.scrollWidth} px in ${e.clientWidth} px`);
      }
    }
  }
  return cut;
}"""
#: Every word inside ``selector`` that is broken across lines (its letters on two or more lines).
BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      for (const m of text.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
#: Each legend text of the charts inside ``selector`` that reaches past its chart's box or its legend's (Plotly clips a
#: legend to its background: "Paired connectors" read "Paired connecto"), and how many were looked at.
LEGEND_JS = """(selector) => {
  const cut = [];
  let checked = 0;
  for (const chart of document.querySelectorAll(selector)) {
    const outer = chart.getBoundingClientRect(), bg = chart.querySelector('g.legend rect.bg');
    const inner = bg ? bg.getBoundingClientRect() : outer;
    const box = {left: Math.max(outer.left, inner.left), right: Math.min(outer.right, inner.right)};
    for (const t of chart.querySelectorAll('g.legend text')) {
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      checked++;
      const at = (a, b) => `[${Math.round(a)}, ${Math.round(b)}]`;
      if (r.left < box.left - 1 || r.right > box.right + 1) cut.push(`"${t.textContent}" ${at(r.left, r.right)} in ${at(box.left, box.right)}`);
    }
  }
  return {cut, checked};
}"""


@pytest.fixture
def tablet(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new tablet-sized tab (portrait) in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"{request.node.name}.png", **PORTRAIT) as tab:
        yield tab


@pytest.mark.browser
def test_the_first_page_on_a_tablet_shows_every_label_and_legend_whole(tablet: Any, server: str) -> None:  # noqa: F811
    open_first_page(tablet, server, PHOTOS["rest"])
    # 5. the headline's labels: "Overall asymmetry…", "Most noticeable differe…"
    assert tablet.locator('[data-testid="stMetricLabel"]').count() == 3
    assert tablet.evaluate(CUT_JS, '[data-testid="stMetricLabel"]') == []
    # 2. the links to Learn, in both orientations: "Open the brows cards in Lear"
    tablet.get_by_text("Muscles involved and related Learn cards, by region").click()
    tablet.locator('[data-testid="stPageLink"]').first.wait_for(timeout=60_000)
    settle(tablet)
    assert tablet.evaluate(CUT_JS, '[data-testid="stPageLink"]') == []
    # 3. the bar chart's legend: "clear difference (beyond its uncer"
    tablet.get_by_text("Chart of the differences against the normal bands").click()
    tablet.locator(".st-key-measures_chart g.legend text").first.wait_for(timeout=60_000)
    settle(tablet)
    tablet.wait_for_timeout(800)  # Plotly's second draw, at its box's width
    bars = tablet.evaluate(LEGEND_JS, ".st-key-measures_chart")
    assert bars["checked"] >= 4 and bars["cut"] == [], bars
    # 4. the interactive overlay's legend: "Paired connecto"
    tablet.get_by_text("Interactive view").click()
    tablet.locator(f".st-key-{phone.OVERLAY_KEY} g.legend text").first.wait_for(timeout=60_000)
    settle(tablet)
    tablet.wait_for_timeout(800)
    overlay = tablet.evaluate(LEGEND_JS, f".st-key-{phone.OVERLAY_KEY}")
    assert overlay["checked"] >= 3 and overlay["cut"] == [], overlay
    # 1. the mirror section's controls: "Downlo / ad the / compar / ison", a slider of 70 px
    tablet.get_by_role("button", name="Download the comparison (PNG)").wait_for(timeout=60_000)
    assert tablet.evaluate(BROKEN_WORDS_JS, '[data-testid="stDownloadButton"], [data-testid="stCheckbox"]') == []
    slider = tablet.locator('[data-testid="stSlider"]', has_text="Mirror opacity").bounding_box()
    assert slider is not None and slider["width"] >= 200, slider
    tablet.set_viewport_size(LANDSCAPE)
    settle(tablet)
    assert tablet.evaluate(CUT_JS, '[data-testid="stPageLink"], [data-testid="stMetricLabel"]') == []
    assert tablet.evaluate(BROKEN_WORDS_JS, '[data-testid="stDownloadButton"], [data-testid="stCheckbox"]') == []
    assert tablet.locator('[data-testid="stException"]').count() == 0


@pytest.mark.browser
def test_preview_on_a_tablet_gives_the_arrows_room_and_the_view_control_one_row(tablet: Any, server: str) -> None:  # noqa: F811
    open_preview(tablet, server)
    arrows = tablet.locator('img[alt^="The simulation on day"][alt*="arrows"]')
    # 6. 150 px wide, its millimetre labels 3-5 px tall; and the one picture's caption without "simulation"
    box = arrows.bounding_box()
    assert box is not None and box["width"] >= 300, box
    caption = arrows.locator("xpath=ancestor::figure[1]").inner_text()
    assert "simulation" in caption.lower(), caption
    # 7. the "View" control beside the slider wrapped onto two rows
    tops = tablet.evaluate(
        f"""() => [...document.querySelectorAll('.st-key-{preview_ui.VIEW} [role="radio"]')].map(b => Math.round(b.getBoundingClientRect().top))"""
    )
    assert len(tops) == len(preview_ui.VIEWS) and len(set(tops)) == 1, tops
    # 8. a measure the plan leaves alone: "+1.1 mm" beside ranges
    table = tablet.evaluate(TABLE_JS, "preview-measures")
    ranges = [row["likely range"] for row in table["rows"] if row["likely range"]]
    assert ranges and all(f"{NBSP}to{NBSP}" in r or r == preview.UNCHANGED for r in ranges), ranges
    assert tablet.locator('[data-testid="stException"]').count() == 0


# --- the code behind them ------------------------------------------------------------------------------------


def test_a_likely_range_of_one_value_where_nothing_moves_reads_unchanged_and_real_ranges_stay() -> None:
    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg").read_bytes()))
    assert face is not None
    report = viz.analyze(face)
    pv = viz.relax(face.photo, face, [viz.Relaxation("frontalis", "left", 1.0)], 14, report=report)
    rows = pv.measure_rows()
    shown = preview.shown_rows(rows)
    assert [r["measure"] for r in shown] == [r["measure"] for r in rows]
    single = [r for r in rows if r["likely range"] and f"{NBSP}to{NBSP}" not in r["likely range"]]
    assert single, "a brow plan leaves some measure alone"
    for before, after in zip(rows, shown, strict=True):
        if before in single and before["after (typical)"] == before["before"]:
            assert after["likely range"] == preview.UNCHANGED
        else:
            assert after == before  # real ranges, and the other cells, as they were
    assert rows == pv.measure_rows()  # the rows themselves (the CLI's) are not changed


def test_the_bar_chart_legend_wraps_its_entries_and_makes_room_above_the_chart() -> None:
    report = viz.analyze(viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg").read_bytes())))  # type: ignore[arg-type]
    fig = figures.measures_figure(report)
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert len(names) == 4
    lines = [line for name in names for line in name.split("<br>")]
    # a column of 265 px, less the entry's swatch, holds about 28 characters of 13 px text
    assert all(len(line) <= 28 for line in lines), lines
    assert {re.sub("<br>", " ", n) for n in names} >= set(figures.BAND_NAMES.values())
    assert fig.layout.margin.t >= 126 + 16 * (len(lines) - len(names))  # a line more, room more


def test_the_overlay_legend_gives_each_entry_a_row_of_its_own() -> None:
    import plotly.graph_objects as go

    fig = go.Figure([go.Scatter(x=[0, 1], y=[0, 1], name=f"layer {i}") for i in range(4)])
    fig.update_layout(xaxis={"range": [0, 1]}, yaxis={"range": [1, 0]})
    laid = phone.overlay_layout(fig)
    assert laid.layout.legend.entrywidth == 1.0 and laid.layout.legend.entrywidthmode == "fraction"
    # the room under the picture holds a row per entry: four entries need more than three (two a row, they did not)
    assert phone.overlay_extra_px(laid) > phone.overlay_extra_px(go.Figure(laid).update_traces(showlegend=False, selector={"name": "layer 3"}))
