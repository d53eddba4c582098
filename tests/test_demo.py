"""Demo mode, ``?demo=1`` (AppTest): the tour's steps in order, looping, with no control and never a person's photo.

AppTest does not run the timer, but every run of the app also runs the tour's fragment, which is what the
timer does: each run is one move of the tour.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_path
from tests.pictures import images
from ui import demo, preview_ui, state, visits_ui
from ui.site import SAFETY
from viz.preview import WATERMARK

APP = str(REPO / "app.py")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run of the app happens one tour step after the last (AppTest runs them back to back)."""
    now = [0.0]

    def tick() -> float:
        now[0] += demo.STEP_S
        return now[0]

    monkeypatch.setattr(demo, "_now", tick)


def _demo(**session: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[state.DEMO_PARAM] = "1"
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def _step(at: AppTest) -> str:
    (heading,) = at.header
    return str(heading.value)


def _widgets(at: AppTest) -> int:
    kinds = ("button", "toggle", "file_uploader", "camera_input", "slider", "selectbox", "radio", "text_input", "text_area", "download_button")
    return sum(len(at.get(kind)) for kind in kinds) + len(at.get("segmented_control")) + len(at.get("button_group"))


def _overlay_photo(at: AppTest) -> str:
    (chart,) = at.get("plotly_chart")
    return str(json.loads(chart.proto.spec)["layout"]["images"][0]["source"])


def test_the_tour_shows_each_step_in_order_and_starts_again() -> None:
    at = _demo()
    assert not at.exception
    shown = [_step(at)]
    for _ in range(len(demo.STEPS)):
        at.run()
        assert not at.exception
        shown.append(_step(at))
    n = len(demo.STEPS)
    assert shown == [f"{i % n + 1} of {n} · {demo.STEPS[i % n]}" for i in range(n + 1)]  # every step, then the first again


def test_every_step_keeps_the_notices_and_draws_no_control() -> None:
    at = _demo()
    for _ in range(len(demo.STEPS)):
        assert SAFETY in [w.value for w in at.warning]  # educational, adults only, emergency
        assert "Face Research Lab London Set" in " ".join(c.value for c in at.caption)  # the sample, credited
        assert _widgets(at) == 0, _step(at)
        assert not at.sidebar.children  # no sidebar: no page menu, no presenter switch, no "New person"
        at.run()


def test_the_simulated_treatment_is_labelled_and_named() -> None:
    at = _demo()
    at.run().run()  # the third step
    assert "simulated treatment" in _step(at)
    pictures = " ".join(html.proto.body for html in at.get("html"))
    assert len(images(at)) == 2 and WATERMARK in pictures and "Before (photo)" in pictures  # each picture captioned
    words = " ".join(m.value for m in at.markdown)
    assert "A demonstration, not a recommendation" in words and "relaxation" in words and f"day {demo.DAY}" in words
    assert "Largest changes" in words and " → " in words  # each change with its side in words, no bare signs
    assert not re.search(r"[-+−]\d", words), words
    # its likely ranges span study groups' averages, which the muscle cards say in an expander the demo does not show
    assert preview_ui.LIKELY_NOTE in words and words.index(preview_ui.LIKELY_NOTE) > words.index("Largest changes")


def test_the_myth_step_lists_its_sources_numbered_one_a_line_with_a_link_not_an_address() -> None:
    # joined with "; " they ran together ("168-175.; de Sanctis") and a web page printed its whole address
    at = _demo()
    for _ in range(len(demo.STEPS) - 1):
        at.run()
    assert "Myth or fact" in _step(at)
    (sources,) = [c.value for c in at.caption if c.value.startswith("**Sources**")]
    lines = sources.split("\n")[2:]
    assert len(lines) >= 1 and all(line.startswith(f"{n}. ") and ".;" not in line for n, line in enumerate(lines, start=1)), sources
    text = " ".join(m.value for m in at.markdown)
    assert "[@" not in text and re.search(r"\\\[\d+(, \d+)*\\\]", text), text  # the claims' citations: numbers into that list
    assert any("](https://" in line for line in lines), sources  # a source with a record links to it
    assert "https://" not in re.sub(r"\]\(https://[^)]*\)", "]", sources), sources  # no address shown as text


def test_only_the_myth_step_sets_its_sources_in_two_columns_and_smaller_on_a_short_screen() -> None:
    # "Botox makes your skin sag." ran to 860 px on a 1366 x 768 screen nobody can scroll, its sixth source unseen
    # (each card is measured in Chromium at both screens: tests/test_browser_demo.py)
    at = _demo()
    for step in range(len(demo.STEPS)):
        styles = " ".join(html.proto.body for html in at.get("html") if "<style>" in html.proto.body)
        card = f".st-key-{demo.MYTH_CARD} ol {{ column-count: 2;"
        assert (card in styles) == (step == len(demo.STEPS) - 1), _step(at)
        at.run()
    assert "@media (max-height: 900px)" in demo._MYTH_CSS and "font-size: 13px" in demo._MYTH_CSS


def test_a_photo_in_the_session_is_never_shown() -> None:
    person = state.PhotoInput.of(face_path("frl_london_005_03.jpg").read_bytes(), "me.jpg", "upload")
    other = state.PhotoInput.of(face_path("frl_london_025_03.jpg").read_bytes(), "visit.jpg", "upload")
    with_photos = _demo(**{state.PHOTO: person, visits_ui.PHOTOS: {"before": other}})
    alone = _demo()
    assert not with_photos.exception
    assert _overlay_photo(with_photos) == _overlay_photo(alone)  # the sample's overlay, whatever the session holds
    assert "Your" not in " ".join(c.value for c in with_photos.caption)


def test_the_overlay_names_the_sides_on_the_photo_and_its_legend_is_a_key_only() -> None:
    # at 1920 x 1080 "subject's left" floated 40 px beyond the photo (placed on the chart's paper, wider than the photo
    # kept in proportion), and a click on the legend hid a layer on a screen with no controls
    at = _demo()
    assert "1 of" in _step(at)
    (chart,) = at.get("plotly_chart")
    layout = json.loads(chart.proto.spec)["layout"]
    sides = [a for a in layout["annotations"] if "subject's" in a["text"]]
    assert len(sides) == 2 and all(a["xref"] == "x domain" and a["yref"] == "y domain" for a in sides), sides
    assert all(0.0 <= a["x"] <= 1.0 and 0.0 <= a["y"] <= 1.0 for a in sides)
    assert layout["legend"]["itemclick"] is False and layout["legend"]["itemdoubleclick"] is False
    assert layout["images"] and layout["xaxis"]["constrain"] == "domain"  # the domain is the photo shown, kept in proportion


def test_runs_close_together_move_the_tour_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "_now", lambda: 100.0)  # the timer's runs queued behind a slow one arrive at once
    at = _demo()
    first = _step(at)
    at.run().run()
    assert _step(at) == first


def test_a_demo_stays_a_demo_when_the_address_changes() -> None:
    at = _demo()
    del at.query_params[state.DEMO_PARAM]
    at.run()
    assert not at.exception and _widgets(at) == 0 and "of 5" in _step(at)


def test_without_the_parameter_the_app_is_the_usual_one() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert len(at.file_uploader) == 1 and state.DEMO not in at.session_state
    assert not any("of 5 ·" in str(h.value) for h in at.header)


@pytest.mark.parametrize(("raw", "seconds"), [("", 12.0), ("8", 8.0), ("0.5", 3.0), ("999", 120.0), ("soon", 12.0)])
def test_the_step_time_comes_from_the_environment_within_bounds(raw: str, seconds: float) -> None:
    assert demo.step_seconds({demo.STEP_ENV: raw}) == seconds
