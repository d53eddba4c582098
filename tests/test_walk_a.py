"""QA walk A of the Learn page: an empty choice of muscles on the timeline, and the muscle caption of a mirrored photo."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from ui import learn_ui as lu
from ui import phone
from ui.widgets import plain
from viz.content import load
from viz.content.search import EMERGENCY_CARD
from viz.learn_figures import NO_MUSCLE, level_peaks, timeline_figure

PAGE = str(REPO / "ui" / "pages" / "learn.py")
LIBRARY = load()
#: The emergency card of the "See a doctor" tab.
URGENT = next(card for card in LIBRARY.topics["see_a_doctor"].cards if card.id == EMERGENCY_CARD)


def _said(figure: object) -> str:
    return " ".join(str(annotation.text).replace("<br>", " ") for annotation in figure.layout.annotations)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("max_line_chars", "repeat_every_days", "days_max", "day"),
    list(itertools.product([None, 20, 40, phone.LINE_CHARS, 200], [None, 120], [None, 90.0], [None, 0, 30])),
)
def test_an_empty_choice_draws_an_empty_chart_that_says_so_at_any_width(
    max_line_chars: int | None, repeat_every_days: int | None, days_max: float | None, day: int | None
) -> None:
    # clicking away every muscle crashed the Learn page: max() of no peaks' labels in the stacked (phone) layout
    figure = timeline_figure([], LIBRARY.sources, max_line_chars=max_line_chars, repeat_every_days=repeat_every_days, days_max=days_max, day=day)
    assert not [trace for trace in figure.data if trace.mode == "lines"]
    assert NO_MUSCLE in _said(figure)
    assert not [annotation for annotation in figure.layout.annotations if annotation.showarrow]  # no peak to point at
    if max_line_chars is not None:
        (note,) = [a for a in figure.layout.annotations if NO_MUSCLE.split()[0] in str(a.text)]
        assert max(len(line) for line in str(note.text).split("<br>")) <= max_line_chars  # wrapped like the rest
        assert figure.layout.height > 0 and figure.layout.margin.t > 0


def test_an_empty_chart_s_peaks_reach_nowhere() -> None:
    figure = timeline_figure([], LIBRARY.sources)
    assert level_peaks(figure, 600.0, font_px=20.0, margins_px=(60.0, 20.0)) == 0.0


def _text(at: AppTest) -> str:
    return " ".join(str(element.value) for element in [*at.markdown, *at.error, *at.caption, *at.header])


def test_emptying_the_timeline_s_muscles_keeps_the_page_and_its_later_tabs() -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    chosen = at.multiselect(key=lu.TIMELINE)
    assert chosen.value  # the default muscles
    for muscle_id in list(chosen.value):  # the chips' "x", one by one
        at.multiselect(key=lu.TIMELINE).unselect(muscle_id).run()
        assert not at.exception, at.exception
    assert at.multiselect(key=lu.TIMELINE).value == []
    # the chart is there, empty, and says (as its description does) what to do
    (chart,) = [chart for chart in at.get("plotly_chart") if "learn_timeline_chart" in chart.proto.id]
    assert NO_MUSCLE.split(" to ")[0] in chart.proto.spec
    described = " ".join(html.proto.body for html in at.get("html") if 'data-mm-chart="learn_timeline_chart"' in html.proto.body)
    assert "no muscle chosen" in described and NO_MUSCLE in described
    # the tabs after it still render: the emergency card, the checklist's notes and download, every topic
    text = _text(at)
    assert plain(LIBRARY.cited(URGENT, URGENT.text)) in text
    assert all(plain(LIBRARY.cited(card, card.text)) in text for card in LIBRARY.topics["aftercare"].cards)
    assert {plain(topic.title) for topic in LIBRARY.topics.values()} <= {element.value for element in at.header}
    assert at.text_area  # the consult checklist's notes box
    assert at.get("download_button")
    # and a rerun (as on coming back from another page, the empty choice kept) does the same
    at.run()
    assert not at.exception and at.multiselect(key=lu.TIMELINE).value == []


@dataclass(frozen=True)
class _Photo:
    data: bytes
    digest: str = "walk-a"


@pytest.mark.parametrize("mirrored", [False, True])
def test_the_muscle_caption_says_where_the_left_shows_in_this_picture(mirrored: bool) -> None:
    muscle = LIBRARY.muscles["masseter"]  # one on each side
    caption = lu.area_caption(muscle, "your photo", mirrored=mirrored)
    assert "blue: the person's own left" in caption and "orange: their right" in caption
    if mirrored:  # the shading was relabelled, blue on the picture's left: the caption says so
        assert "on the left of this photo" in caption and "on the right" not in caption
    else:
        assert "on the right of an unmirrored photo" in caption and "on the left" not in caption
    midline = lu.area_caption(LIBRARY.muscles["procerus"], "your photo", mirrored=mirrored)
    assert "on the midline" in midline and "blue" not in midline


@pytest.mark.parametrize("mirrored", [False, True])
def test_the_page_captions_a_mirrored_photo_s_areas_by_the_picture_s_sides(mirrored: bool) -> None:
    photo = (REPO / "tests" / "data" / "frl_london_025_03.jpg").read_bytes()
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["photo"] = _Photo(photo)
    at.session_state["mirrored"] = mirrored
    at.run()
    assert not at.exception
    captions = " ".join(element.value for element in at.caption)
    assert "on your photo" in captions
    assert ("on the left of this photo" in captions) is mirrored
    assert ("on the right of an unmirrored photo" in captions) is not mirrored


def test_the_sample_portrait_is_never_captioned_as_mirrored() -> None:
    # with no photo of the person's the areas are on the sample, which is not relabelled whatever the flag says
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["mirrored"] = True
    at.run()
    captions = " ".join(element.value for element in at.caption)
    assert "the sample portrait" in captions and "on the right of an unmirrored photo" in captions
    assert "on the left of this photo" not in captions
