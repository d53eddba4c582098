"""The first page's pieces (ui.analyze_ui): presenter mode's notice on a photo read less surely, and the captions of
the true view with the mirror view laid over it."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, detected, face_path
from ui import presenter as story
from ui import state
from ui.analyze_ui import DIFFERENCE_LABEL, INDEX_LABEL, LESS_SURE_LINE, blend_caption, presenter_notice
from viz.landmarks import EXPRESSION_WARNING, POSE_LIMIT_DEG, Pose

APP = str(REPO / "app.py")


def _texts(elements: Any) -> str:
    return " ".join(str(e.value) for e in elements)


@pytest.mark.parametrize(("name", "reason"), [("frl_london_025_08.jpg", "the face shows an expression"), ("cc0_lisa_lisa3.jpg", "the head is tilted")])
def test_presenter_notice_says_what_the_reading_is_worth_in_one_line_without_asking_for_another_photo(name: str, reason: str) -> None:
    report = viz.analyze(detected(name))
    notice, others = presenter_notice(report)
    assert notice.startswith(LESS_SURE_LINE.split("{")[0] + reason), notice
    assert "take the photo again" not in notice.lower() and "again" not in notice
    assert story.notice_px(notice) == story.NOTICE_BLOCK_PX + story.NOTICE_LINE_PX  # one line
    assert report.warnings and set(others) < set(report.warnings)  # the note it says in one line is left out
    assert EXPRESSION_WARNING not in others and not any(w.startswith("The head is tilted") for w in others)


def test_presenter_mode_leaves_out_only_the_notes_its_line_says() -> None:
    """A turned head's own note goes (the line says it), its "which alone shifts" note stays (the line does not)."""
    report = viz.analyze(detected("cc0_lisa_lisa3.jpg"))
    turned = dataclasses.replace(report.face, pose=Pose(yaw=POSE_LIMIT_DEG + 3.0, pitch=0.0, roll=report.face.pose.roll))
    shift = "The head is turned 18° and tilted 0°, which alone shifts the eye opening by 1.0 mm: corrected."
    report = dataclasses.replace(report, face=turned, warnings=(*report.warnings, *turned.pose.warnings(), shift))
    notice, others = presenter_notice(report)
    assert "the head is turned 18° sideways" in notice and "the head is tilted" in notice
    assert shift in others and not set(turned.pose.warnings()) & set(others)
    assert set(report.less_sure_warnings) | set(others) == set(report.warnings)


def test_a_photo_read_as_surely_as_its_ranges_has_no_presenter_notice() -> None:
    report = viz.analyze(detected("frl_london_005_03.jpg"))
    assert presenter_notice(report) == ("", tuple(report.warnings))


def test_the_notice_takes_its_room_from_the_overlay_chart() -> None:
    tallest, rest = story.CHART_HEIGHTS[story.OVERLAY_CHART]
    for text in ("Measured less surely: a reason.", "Measured less surely: " + "a reason; " * 20):
        room = story.notice_px(text)
        assert room >= story.NOTICE_BLOCK_PX + story.NOTICE_LINE_PX
        assert f"min({tallest - room}px, calc(100vh - {rest + room}px))" in story.notice_css(room)
    assert story.notice_px("x " * 100) > story.notice_px("x")  # a longer notice, a smaller picture


@pytest.mark.parametrize("alpha", [0, 5, 50, 95, 100])
def test_the_blend_caption_speaks_of_doubled_edges_only_where_both_views_show(alpha: int) -> None:
    caption = blend_caption(alpha)
    assert ("doubled edges" in caption) == (0 < alpha < 100), caption
    if alpha == 0:
        assert caption.startswith("Only the true view shows")
    elif alpha == 100:
        assert caption.startswith("Only the mirror view shows")
    else:
        assert f"{alpha}%" in caption


def test_presenter_mode_on_an_expression_photo_shows_one_short_notice_and_a_smaller_overlay() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader[0].set_value(("photo.jpg", face_path("frl_london_025_08.jpg").read_bytes(), "image/jpeg"))
    at.run()
    assert "take the photo again" in _texts(at.info).lower()  # presenter mode off: the full advice
    at.toggle(key=state.PRESENTER).set_value(True).run()
    assert not at.exception
    infos = [str(i.value) for i in at.info]
    assert [i for i in infos if i.startswith("Measured less surely: the face shows an expression")], infos
    shown = " ".join([*infos, _texts(at.caption), _texts(at.markdown)]).lower()
    assert "take the photo again" not in shown and "read less surely" not in shown  # said once, in the notice
    notice = next(i for i in infos if i.startswith("Measured less surely"))
    assert any(story.notice_css(story.notice_px(notice)) in str(h.proto) for h in at.get("html"))


def test_the_mirror_step_and_the_aligned_views_caption_the_ends_of_the_opacity_slider() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.slider(key=state.OPACITY).set_value(100).run()
    html = " ".join(str(h.proto) for h in at.get("html"))
    assert "Only the mirror view shows" in html and "on top at 100%: doubled" not in html
    at.toggle(key=state.PRESENTER).set_value(True).run()
    at.button(key=story.NEXT).click().run()  # step 2: the mirror
    html = " ".join(str(h.proto) for h in at.get("html"))
    assert not at.exception and "Only the mirror view shows" in html and "doubled edges" not in html


def _said(at: AppTest) -> list[str]:
    """The sentences ui.a11y.say drew in the last run (the page's status region says each once)."""
    return [said for h in at.get("html") for said in re.findall(r'<span data-mm-a11y data-mm-say="\d+" hidden>(.*?)</span>', h.proto.body)]


def _words(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_a_new_photo_measured_is_said_once_in_the_headline_s_own_words() -> None:
    # a photo uploaded changed only the caption "Showing: Your uploaded photo": focus on "Upload", the status region empty
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and _said(at) == []  # the sample, on opening: its words are on screen
    at.file_uploader[0].set_value(("photo.jpg", face_path("frl_london_005_03.jpg").read_bytes(), "image/jpeg"))
    at.run()
    assert not at.exception
    index, difference = (m for m in at.metric if m.label in (INDEX_LABEL, DIFFERENCE_LABEL))
    (said,) = (_words(s) for s in _said(at))  # (its spaces one kind: the status region's sentence is one line)
    start = f"Your photo is measured: overall asymmetry index {_words(index.value)}; most noticeable difference: {_words(difference.value)}, "
    assert said.startswith(start), said
    assert "·" not in said and said.removeprefix(start) == _words(difference.proto.delta).replace(" · ", ", ") + "."  # the page's own words
    at.run()  # once per photo: not on a rerun
    assert _said(at) == []
    # the switch changed is said, with the page's new words: the region kept "right corner lower" beside "left corner lower"
    for mirrored, lead in ((True, "Marked as mirrored, left and right swapped back: "), (False, "No longer marked as mirrored: ")):
        at.toggle(key=state.MIRRORED).set_value(mirrored).run()
        index, difference = (m for m in at.metric if m.label in (INDEX_LABEL, DIFFERENCE_LABEL))
        (said,) = (_words(s) for s in _said(at))
        assert not at.exception and said.startswith(lead), said
        assert said.removeprefix(lead) == (
            f"overall asymmetry index {_words(index.value)}; most noticeable difference: {_words(difference.value)}, "
            + _words(difference.proto.delta).replace(" · ", ", ")
            + "."
        ), said
        at.run()
        assert _said(at) == []  # once
    at.file_uploader[0].set_value(("notes.txt", b"not a photo", "text/plain")).run()  # refused: the photo before stays
    assert not at.exception and [h for h in at.get("html") if 'data-mm-focus="photo-refused"' in h.proto.body]  # read out
    assert not [s for s in _said(at) if s.startswith("Your photo is measured")]


def test_a_photo_from_the_camera_is_said_taken_in_a_toast_once() -> None:
    # the camera went back to its live picture at once and the only sign, "Showing: Your camera photo", was below the
    # fold; an upload shows its own file in the uploader and gets no toast. (AppTest cannot press the camera's button:
    # the page is given what its on_change leaves, the photo taken and the flag.)
    from ui import analyze_ui

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(face_path("frl_london_005_03.jpg").read_bytes(), "camera", "camera")
    at.session_state[analyze_ui._PHOTOGRAPHED] = True
    at.run()
    assert not at.exception and [t.value for t in at.toast] == [analyze_ui.PHOTO_TAKEN]
    at.run()
    assert not at.toast  # once
