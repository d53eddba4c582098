"""Findings of QA walk T: presenter mode's type on a 720p screen, the timeline's last tick beside its legend, the plan
step's likely ranges against the Preview table's, and the demo tour's scroll when it moves on.

The browser's side of the first two is in tests/test_browser_walk_t.py.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_path, spaced
from ui import demo, preview_ui, shell, state
from ui import plan as ui_plan
from viz.large_type import PRESENTER_FONT_PX
from viz.vocabulary import MEASURES

# --- 1. presenter mode's type on a short screen -------------------------------------------------------------


def _size_px(css: str, selector: str, root_px: float) -> float:
    """The last font size ``css`` gives ``selector``, in CSS pixels for a root of ``root_px``."""
    sizes = re.findall(re.escape(selector) + r" \{ font-size: ([\d.]+)(rem|px); \}", css)
    assert sizes, selector
    number, unit = sizes[-1]
    return float(number) * (root_px if unit == "rem" else 1.0)


def _short_screen(css: str) -> tuple[float, str]:
    """The root's size and the rules of the ``max-height`` media block of a type style sheet (a 1280 x 720 screen's)."""
    (block,) = re.findall(r"@media \(max-height: \d+px\) \{ (.*?) \} \}", css)
    block += " }"
    root = re.search(r"html \{ font-size: ([\d.]+)px; \}", block)
    assert root is not None
    return float(root.group(1)), block


def test_presenter_mode_keeps_the_line_under_a_headline_number_and_its_captions_large_on_a_720p_screen() -> None:
    # at 1280 x 720 the headline's "3.0 ± 0.6 mm · left brow tail higher · …" was 14.875 px, 22.05 px at 1920 x 1080
    tall_root = float(re.search(r"html \{ font-size: ([\d.]+)px; \}", shell._PRESENTER_CSS).group(1))  # type: ignore[union-attr]
    tall_delta = _size_px(shell._PRESENTER_CSS.split("@media (max-height")[0], "[data-testid='stMetricDelta']", tall_root)
    root, short = _short_screen(shell._PRESENTER_CSS)
    assert _size_px(short, "[data-testid='stMetricDelta']", root) >= tall_delta >= 22.0
    # Streamlit's captions are 0.875rem: "Showing: …", "Everything here is a simulation …" at the tall screen's 18.4 px
    assert _size_px(short, "[data-testid='stMain'] [data-testid='stCaptionContainer']", root) >= 0.875 * tall_root
    # the demo, a tour nobody scrolls, keeps the short screen's ordinary type (every step fits 1366 x 768)
    demo_root, demo_short = _short_screen(shell._DEMO_CSS)
    assert _size_px(demo_short, "[data-testid='stMetricDelta']", demo_root) < 22.0


# --- 2. the timeline's last tick beside the legend ----------------------------------------------------------

#: The sidebar (open) and the page's padding each side at the short screen's 17 px and the tall one's 21 px root.
_SIDEBAR_PX = 300
_PADDINGS_PX = (2 * 5 * 17, 2 * 5 * 21)
#: A tick label's width a character, CSS pixels: Source Sans' digits and lower case run about half an em at 20 px.
_LABEL_CHAR_PX = 0.5 * PRESENTER_FONT_PX


@pytest.mark.parametrize(
    "muscles",
    [
        ("frontalis", "zygomaticus_major", "orbicularis_oculi"),  # the walk's plan
        ("frontalis", "corrugator"),
        ("procerus",),  # the longest name: the widest legend
        ("depressor_anguli_oris", "platysma"),
    ],
)
def test_no_tick_label_of_the_shared_screen_s_timeline_reaches_its_legend_from_1280_to_1920_px(muscles: tuple[str, ...]) -> None:
    # at 1280 x 720 the legend, which starts at the plot's right edge, covered half of the last tick: "6 mo" read "6 r"
    layout = preview_ui.presenter_timeline(muscles, 14).figure.layout
    start, end = (float(v) for v in layout.xaxis.range)
    left, right = float(layout.margin.l), float(layout.margin.r)
    assert layout.legend.x == 1.0 and layout.legend.xanchor == "left" and layout.legend.xref == "paper"  # from the plot's edge
    ticks = list(zip(layout.xaxis.tickvals, layout.xaxis.ticktext, strict=True))
    assert max(v for v, _ in ticks) <= end
    for width in range(1280, 1921, 40):
        for padding in _PADDINGS_PX:
            plot = width - _SIDEBAR_PX - padding - left - right
            for value, text in ticks:
                label_end = (value - start) / (end - start) * plot + _LABEL_CHAR_PX * max(len(line) for line in text.split("<br>")) / 2
                assert label_end <= plot, (width, padding, text, round(label_end), round(plot))


# --- 3. the plan step's likely ranges are the table's -------------------------------------------------------

_NUMBER = r"(\d+\.\d)"


def _table_ends(likely: str) -> list[float]:
    """The signed ends of the table's likely range ("-0.9 to +1.2 mm", "+0.5 mm")."""
    return [float(x) for x in re.findall(r"[-+]?\d+\.\d", spaced(likely))]


@pytest.fixture(scope="module")
def face_025() -> object:
    import viz

    face = viz.detect_face(viz.load_photo(face_path("frl_london_025_03.jpg")))
    assert face is not None
    return face


@pytest.mark.parametrize("day", [14, 90])
def test_the_plan_step_s_largest_changes_give_the_table_s_likely_range_with_each_end_s_side(face_025: object, day: int) -> None:
    # day 14, inner brow height: the table's "-0.9 to +1.2 mm" read "(likely 0.0 to 0.9 mm)" on the plan step; day 90,
    # brow tail height: "-0.3 to +1.2 mm" read "(likely 0.0 to 1.2 mm)", the 1.2 end on the other side from "before"
    import viz

    plan = (
        ("frontalis", "left", "strong"),
        ("corrugator", "left", "moderate"),
        ("orbicularis_oculi", "both", "moderate"),
        ("depressor_anguli_oris", "right", "light"),
    )
    pv = viz.relax(face_025.photo, face_025, ui_plan.relaxations(plan), day)  # type: ignore[attr-defined]
    rows = pv.largest_changes()
    lines = spaced(preview_ui.changes_in_words(pv)).split("  \n")[1:]
    crossing = 0
    for row, line in zip(rows, lines, strict=False):
        mid = next(m for m, words in MEASURES.items() if words.label == row["measure"])
        words = MEASURES[mid]
        likely = re.search(r"\(likely (.*?)\)", line)
        assert likely is not None, line
        said = likely.group(1)
        ends = _table_ends(row["likely range"])
        lo, hi = min(ends), max(ends)
        if lo < 0 < hi:  # across zero: both ends, each with the side its sign means
            crossing += 1
            assert re.fullmatch(rf"{_NUMBER} mm right to {_NUMBER} mm left", said), (row, line)
            assert "left" in words.positive and "right" in words.negative  # a positive difference leans left
            assert [float(x) for x in re.findall(_NUMBER, said)] == [-lo, hi], (row, line)
        else:  # on one side: the same two sizes
            assert sorted(float(x) for x in re.findall(_NUMBER, said)) == sorted({abs(lo), abs(hi)}), (row, line)
            side = words.positive if hi > 0 else words.negative
            if max(abs(lo), abs(hi)) > 0:  # the side of the range is said, in it or after it
                assert line.endswith(side) or said.endswith(" left" if hi > 0 else " right"), (row, line)
    assert crossing >= 1  # the walk's cases: the inner brow on day 14; the brow tail, inner brow and brow height on day 90


# --- 4. the demo tour opens each step at its heading --------------------------------------------------------


def _to_top_scripts(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html") if "data-mm-tour-top" in h.proto.body]


def test_each_new_step_of_the_tour_scrolls_to_its_heading_and_a_run_that_does_not_move_it_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    # on a phone (390 x 844) the tour kept the scroll when it moved on: "3 of 5" opened off screen at 700 px of 1781
    clock = [0.0]
    monkeypatch.setattr(demo, "_now", lambda: clock[0])
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params[state.DEMO_PARAM] = "1"
    at.run()
    seen: list[str] = []
    for _ in range(3):
        assert not at.exception
        (script,) = _to_top_scripts(at)
        assert script.count("scrollTo({ top: 0 })") == 2 and "scrollTop > 0" in script  # only where the page is scrolled
        assert all(h.proto.unsafe_allow_javascript for h in at.get("html") if h.proto.body == script)  # a script that runs
        seen.append(script)
        clock[0] += demo.STEP_S
        at.run()
    assert len(set(seen)) == 3  # each step's its own: a new step scrolls again
    last = _to_top_scripts(at)
    at.run()  # a timer run close behind the last: the tour stays, and so does its script (the reader's place is kept)
    assert _to_top_scripts(at) == last and len(last) == 1 and last[0] not in seen
