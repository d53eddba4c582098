"""The Preview page (AppTest): a plan on the person's photo or the sample, the day slider, views and warnings."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_path, spaced
from tests.pictures import images
from tests.tables import shown_tables
from ui import phone, preview_ui, state
from ui import plan as ui_plan
from ui.widgets import plain
from viz.content import load as load_library
from viz.vocabulary import MEASURES

LIB = load_library()

PAGE = str(REPO / "ui" / "pages" / "preview.py")


def _run(photo: str | None = "frl_london_005_03.jpg", plan: list[tuple[str, str, str]] | None = None, presenter: bool = False) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PRESENTER] = presenter
    if photo is not None:
        data = face_path(photo).read_bytes()
        at.session_state[state.PHOTO] = state.PhotoInput.of(data, photo, "test")
    if plan is not None:
        at.session_state[ui_plan.PLAN] = plan
    return at.run()


def _rows(at: AppTest) -> dict[str, dict[str, Any]]:
    return {r["measure"]: r for r in shown_tables(at)[0]}


def _number(text: str) -> float:
    return float(text.split()[0].rstrip("°"))


def test_the_page_opens_with_an_empty_plan_guidance_and_options_to_discuss() -> None:
    at = _run(photo=None)
    assert not at.exception
    notices = " ".join(w.value for w in at.warning) + " ".join(c.value for c in at.caption)
    assert "not medical advice" in notices and "emergency" in notices and "simulation" in notices.lower()
    assert not at.session_state[ui_plan.PLAN] if ui_plan.PLAN in at.session_state else True  # nothing is chosen for the person
    assert any("Nothing is simulated yet" in i.value for i in at.info)
    assert not shown_tables(at) and not at.get("download_button")
    assert "Options to discuss with a licensed injector" in [h.value for h in at.header]
    options = " ".join(m.value for m in at.markdown)
    # each option names the muscle and side together, then the anatomical name's first part: no bracket inside a bracket
    assert re.search(r"\*\*Forehead muscle, (left|right) side\*\* \(frontalis\): in the simulation", options), options
    assert "))" not in options and "· " not in options
    assert not [b for b in at.button if "try" in str(b.key)]


def test_options_come_with_their_range_and_basis_and_explore_only_fills_in_the_builder() -> None:
    import viz
    from viz.preview import balance_options

    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert face is not None
    measure, options = balance_options(face)
    at = _run()
    if not options:  # then the page says plainly that nothing applies, and shows no option
        assert any(("nothing to balance" in i.value) or ("No single muscle" in i.value) for i in at.info)
        assert not [b for b in at.button if str(b.key).startswith("preview-explore")]
        return
    text = spaced(" ".join(m.value for m in at.markdown))
    assert MEASURES[measure].noun in text and "at full effect of a strong relaxation" in text and ("cited figures" in text or "illustrative figures" in text)
    assert re.search(rf"{MEASURES[measure].noun}\*\*: \d+\.\d ± \d+\.\d mm\.", text), text  # '3.0 ± 0.6 mm', the form used everywhere
    assert any("in-person examination" in c.value for c in at.caption)
    # said once above the list: as each button's tooltip it covered its option's first line when the button had focus
    from ui.widgets import EXPLORE_HELP

    assert sum(EXPLORE_HELP in c.value for c in at.caption) == 1
    assert all(not b.help for b in at.button if str(b.key).startswith("preview-explore"))
    first = options[0].relaxation
    name = LIB.muscles[first.muscle].name
    named = " ".join(h.proto.body for h in at.get("html"))  # each "Explore" names its option to a screen reader
    assert f'data-mm-button="preview-explore-{first.muscle}-{first.side}"' in named and f"Explore {name.lower()}, " in named
    # the level its sentence gives its figures for: the builder kept "moderate", and the plan showed a smaller change
    level = ui_plan.level_name(first.level)
    said = next(m.value for m in at.markdown if "in the simulation the difference goes from" in m.value)  # the first option's
    assert f"at full effect of a {level} relaxation" in spaced(said), said
    at.radio(key=preview_ui.LEVEL).set_value("light").run()  # the person's last choice, which Explore replaces
    at.button(key=f"preview-explore-{first.muscle}-{first.side}").click().run()
    assert not at.exception
    assert at.session_state[preview_ui.MUSCLE] == first.muscle
    assert at.session_state[preview_ui.LEVEL] == level == at.radio(key=preview_ui.LEVEL).value
    # the builder can be screens above the button: a toast says what was filled in there, once, and the focus goes to
    # the builder's "Add to plan" (it stayed on "Explore", 8 Shift+Tabs below)
    # (the shell's sidebar draws the request: ui.a11y.next_focus_ui, tests/test_plan.py)
    from ui import a11y

    asked = at.session_state[a11y._NEXT_FOCUS]
    assert asked[:2] == (preview_ui.ADD, ui_plan.explored_sentence(name, first.side, level)), asked
    assert at.button(key=preview_ui.ADD).label == "Add to plan"
    assert not at.session_state[ui_plan.PLAN] if ui_plan.PLAN in at.session_state else True  # the plan stays the person's to build


def test_an_option_the_plan_holds_says_so_in_place_of_explore() -> None:
    # "Mouth-corner muscle, right side … Explore" stayed offered once that very step was in the plan
    import viz
    from ui.widgets import IN_PLAN
    from viz.preview import balance_options

    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg").read_bytes()))
    assert face is not None
    _measure, options = balance_options(face)
    first = options[0].relaxation
    step = (first.muscle, first.side, ui_plan.level_name(first.level))
    before = _run()
    assert before.button(key=f"preview-explore-{first.muscle}-{first.side}") is not None
    assert not [c for c in before.caption if c.value == IN_PLAN]
    at = _run(plan=[step])
    assert not at.exception
    assert not [b for b in at.button if b.key == f"preview-explore-{first.muscle}-{first.side}"]
    assert [c for c in at.caption if c.value == IN_PLAN]
    others = [o.relaxation for o in options[1:5] if (o.relaxation.muscle, o.relaxation.side) != (first.muscle, first.side)]
    assert all([b for b in at.button if b.key == f"preview-explore-{r.muscle}-{r.side}"] for r in others)  # the rest still offered


@pytest.mark.parametrize("photo", [None, "frl_london_005_03.jpg"])
def test_an_option_whose_range_runs_past_even_says_it_would_flip(photo: str | None) -> None:
    # the sample's first option read "from 3.0 mm to 0.0–2.7 mm": its range ran on to 1.8 mm the other way
    import viz
    from ui.cache import SAMPLE_PATH
    from viz.preview import balance_options

    face = viz.detect_face(viz.load_photo(SAMPLE_PATH.read_bytes() if photo is None else face_path(photo).read_bytes()))
    assert face is not None
    _measure, options = balance_options(face)
    lines = [m.value for m in _run(photo).markdown if "in the simulation the difference goes from" in m.value]
    assert len(lines) == min(5, len(options))
    for o, line in zip(options[:5], lines, strict=True):
        over = [e for e in (o.after_low, o.after_high) if e * o.before < 0 and round(abs(e), 1) > 0]
        assert ("it would flip" in line) == bool(over), line
        assert "strong end" not in line  # read as the "strong" level, while a moderate relaxation can flip it too
        if over:
            assert f"at one end of its likely range it would flip, to {max(map(abs, over)):.1f} mm the other way" in spaced(line)
        # what the option would make worse is said on its own line, in the words its plan would be warned with
        rest = line.split("  \n")[1:]
        assert rest == [f":material/warning: {plain(cost)}" for cost in o.costs], line
    flips = [o for o in options[:5] if any(e * o.before < 0 and round(abs(e), 1) > 0 for e in (o.after_low, o.after_high))]
    assert flips or photo is not None  # the sample's eye-closing muscle runs to 1.8 mm the other way: the clause is read
    # the sample's forehead-muscle option lowers the right brow, which already sits lower: said before it is added
    assert photo is not None or any("already sits" in cost for o in options[:5] for cost in o.costs)


def test_the_photos_own_advice_comes_with_it_and_a_clean_photo_gets_none() -> None:
    # the simulation and the options start from the photo's measures: a smile read as the face at rest is said here too
    smiling = _run("frl_london_025_08.jpg")
    assert not smiling.exception
    advice = [i.value for i in smiling.info if "About this photo" in i.value]
    assert len(advice) == 1 and "expression" in advice[0], [i.value for i in smiling.info]
    clean = _run("frl_london_005_03.jpg")
    assert not [i.value for i in clean.info if "About this photo" in i.value]
    presenter = AppTest.from_file(PAGE, default_timeout=120)
    presenter.session_state[state.PHOTO] = state.PhotoInput.of(face_path("frl_london_025_08.jpg").read_bytes(), "s.jpg", "test")
    presenter.session_state[state.PRESENTER] = True
    presenter.run()
    assert not presenter.exception and not [i.value for i in presenter.info if "About this photo" in i.value]


@pytest.mark.parametrize(("source", "words"), [("upload", "Your uploaded photo"), ("camera", "Your camera photo")])
def test_the_photo_is_named_as_on_the_first_page(source: str, words: str) -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(face_path("frl_london_005_03.jpg").read_bytes(), "p.jpg", source)  # type: ignore[arg-type]
    at.run()
    assert any(c.value.startswith(f"Showing: {words}") for c in at.caption), [c.value for c in at.caption]


def test_a_plan_changes_the_measures_it_should_and_day_0_changes_nothing() -> None:
    at = _run(plan=[("orbicularis_oculi", "right", "strong")])
    rows = _rows(at)
    tail = rows["Brow tail height"]
    assert _number(tail["after (typical)"]) < _number(tail["before"]) - 1.0  # the right tail rises: left minus right falls
    lo, hi = (float(x) for x in spaced(tail["likely range"]).replace(" mm", "").split(" to "))
    assert lo <= _number(tail["after (typical)"]) <= hi
    at.slider(key=preview_ui.DAY).set_value(0).run()
    assert not at.exception
    for row in _rows(at).values():
        assert row["before"] == "not measured" or (_number(row["before"]) == _number(row["after (typical)"]) and _number(row["change"]) == 0.0)


def test_every_row_of_the_preview_adds_up_as_shown() -> None:
    for row in _rows(_run(plan=[("orbicularis_oculi", "right", "strong"), ("depressor_anguli_oris", "left", "moderate")])).values():
        if row["before"] != "not measured":
            assert round(_number(row["after (typical)"]) - _number(row["before"]), 1) == _number(row["change"]), row
            assert " ± " in spaced(row["before"])  # the measured value with its uncertainty


def test_the_day_slider_moves_the_effect_along_the_time_course() -> None:
    at = _run(plan=[("orbicularis_oculi", "left", "strong")])
    change = {}
    for day in (3, 14, 120, 180):
        at.slider(key=preview_ui.DAY).set_value(day).run()
        change[day] = abs(_number(_rows(at)["Brow tail height"]["change"]))
    assert change[3] < change[14]
    assert change[120] < change[14]
    assert change[180] == 0.0


def _chart(at: AppTest) -> dict[str, Any]:
    import json

    (chart,) = at.get("plotly_chart")
    return dict(json.loads(chart.proto.spec))


def _array(value: Any) -> Any:
    """A Plotly JSON array as NumPy: a list, or the typed form ``{"dtype", "bdata"[, "shape"]}``."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return out.reshape([int(n) for n in str(value["shape"]).split(",")]) if "shape" in value else out
    return np.asarray(value, dtype=float)


def _curve_days(spec: dict[str, Any]) -> dict[float, float]:
    """Each drawn day of the chart's curves and its place on the (compressed) axis."""
    places: dict[float, float] = {}
    for trace in spec["data"]:
        if trace.get("customdata") is not None and trace.get("x") is not None:
            for row, x in zip(_array(trace["customdata"]), _array(trace["x"]), strict=True):
                places[float(row[0])] = float(x)
    return places


@pytest.mark.parametrize(("muscle", "last"), [("masseter", 365), ("frontalis", 180)])
def test_the_day_slider_and_the_chart_reach_the_end_of_the_plans_slowest_course(muscle: str, last: int) -> None:
    # with the jaw muscle (still ~45% on day 180) the slider and the chart stopped at day 180 under "the chart below shows
    # the whole course", while the PDF's chart ran to 365
    from viz.timeline import end_day

    card = LIB.muscles[muscle]
    slowest = max(end_day(c) for c in (card.time_course, card.time_course.at("slow"), card.time_course.at("quick")))
    at = _run(plan=[(muscle, "right", "strong")])
    assert not at.exception
    slider = at.slider(key=preview_ui.DAY)
    assert slider.max == last and slider.max >= slowest
    assert slider.label == f"Days after treatment (0 to {last})"  # the track's ends are not drawn: the label says them
    assert max(_curve_days(_chart(at))) == pytest.approx(last)
    at = slider.set_value(last).run()  # the last day can be chosen and simulated
    assert not at.exception and at.slider(key=preview_ui.DAY).value == last
    chosen = 200 if last > 200 else 120  # and the chart marks the day chosen (the PDF's did, the page's did not)
    spec = _chart(at.slider(key=preview_ui.DAY).set_value(chosen).run())
    marked = [sh["x0"] for sh in spec["layout"].get("shapes", []) if sh["type"] == "line" and sh["line"].get("color") == "#222222"]
    assert marked == [pytest.approx(_curve_days(spec)[chosen])]


def test_adding_a_muscle_combines_it_with_the_plan() -> None:
    at = _run(plan=[("orbicularis_oculi", "right", "moderate")])
    at.selectbox(key=preview_ui.REGION).set_value("mouth").run()
    at.selectbox(key=preview_ui.MUSCLE).set_value("depressor_anguli_oris").run()
    at.radio(key=f"{preview_ui.SIDE}-paired").set_value("right").run()
    at.button(key=preview_ui.ADD).click().run()
    assert not at.exception
    assert [m for m, _s, _l in at.session_state[ui_plan.PLAN]] == ["orbicularis_oculi", "depressor_anguli_oris"]
    assert _number(_rows(at)[MEASURES["mouth_corner_drop"].label]["change"]) != 0.0


@pytest.mark.parametrize(("first", "then"), [("both", "left"), ("right", "both")])
def test_a_side_added_again_replaces_the_step_it_overlaps_and_says_so(first: str, then: str) -> None:
    at = _run(plan=[("frontalis", first, "strong"), ("corrugator", "left", "light")])
    at.selectbox(key=preview_ui.REGION).set_value("brows").run()
    at.selectbox(key=preview_ui.MUSCLE).set_value("frontalis").run()
    at.radio(key=f"{preview_ui.SIDE}-paired").set_value(then).run()
    at.radio(key=preview_ui.LEVEL).set_value("light").run()
    at.button(key=preview_ui.ADD).click().run()
    assert not at.exception
    assert at.session_state[ui_plan.PLAN] == [("corrugator", "left", "light"), ("frontalis", then, "light")]
    (toast,) = at.toast
    assert "Replaced Forehead muscle" in toast.value and "once" in toast.value


def test_a_plan_held_with_overlapping_steps_keeps_the_later_one() -> None:
    at = _run(plan=[("frontalis", "both", "strong"), ("frontalis", "left", "light")])
    assert not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("- Forehead muscle")]
    assert shown == ["- Forehead muscle — left side, light"]


def test_changes_too_small_to_show_are_named_and_the_jaw_on_one_side_is_an_assumption() -> None:
    at = _run(plan=[("depressor_anguli_oris", "left", "light"), ("masseter", "left", "strong")])
    assert not at.exception
    (said,) = [i.value for i in at.info if "Too small for the picture to show faithfully" in i.value]
    small = [name for name, r in _rows(at).items() if r["in the picture"] == "too small to show"]
    assert small
    for name in small:  # every row the table marks so is named (a mouth tilt was left out of the sentence)
        assert next(m.noun for m in MEASURES.values() if m.label == name) in said, (name, said)


def test_the_page_names_the_changes_too_small_to_show_that_the_engine_warns_of() -> None:
    # cc0_lisa_lisa2, day 84: the page named "mouth-corner drop, mouth tilt", the PDF and CLI warning only the first
    import viz

    plan = [("masseter", "right", "strong"), ("depressor_anguli_oris", "left", "moderate")]
    at = _run("cc0_lisa_lisa2.jpg", plan=plan)
    at.slider(key=preview_ui.DAY).set_value(84).run()
    assert not at.exception
    (said,) = [i.value for i in at.info if "Too small for the picture to show faithfully" in i.value]
    face = viz.detect_face(viz.load_photo(face_path("cc0_lisa_lisa2.jpg")))
    assert face is not None
    pv = viz.relax(face.photo, face, ui_plan.relaxations(tuple(plan)), 84)
    warned = [mid for mid in pv.before if any(w.startswith(f"The change in {MEASURES[mid].noun},") and "too small" in w for w in pv.warnings)]
    assert len(warned) >= 2  # the mouth-corner drop and the mouth tilt
    named = said.split(": ", 1)[1].split(". ", 1)[0]
    assert named == ", ".join(MEASURES[mid].noun for mid in warned), (named, warned)
    assert any("treated both sides" in w.value for w in at.warning)


def test_frontalis_on_the_lower_brow_is_warned_about() -> None:
    import viz

    report = viz.analyze(viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg"))))  # type: ignore[arg-type]
    lower = "left" if report.measures["brow_height"].value < 0 else "right"
    at = _run(plan=[("frontalis", lower, "strong")])
    assert any("already sits" in w.value for w in at.warning)


@pytest.mark.parametrize("view", ["Swipe", "Blink"])
def test_the_other_views_render(view: str) -> None:
    at = _run(plan=[("orbicularis_oculi", "left", "moderate")])
    at.session_state[preview_ui.VIEW] = view
    at.run()
    assert not at.exception
    if view == "Swipe":
        assert at.slider(key=preview_ui.SWIPE).value == 50


def _popover_buttons(at: AppTest) -> list[str]:
    """The keys of the buttons inside presenter mode's "Add another muscle"."""
    return [b.key for pop in at.get("popover") if pop.proto.popover.label == "Add another muscle" for b in pop.button]


def test_presenter_mode_shows_what_is_simulated_then_its_time_course_with_the_builder_folded_away() -> None:
    import json

    import plotly.graph_objects as go

    from ui import presenter as story
    from viz.large_type import PRESENTER_FONT_PX, font_sizes

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PRESENTER] = True
    at.session_state[ui_plan.PLAN] = [("masseter", "left", "strong")]
    at.run()
    assert not at.exception
    assert at.session_state[state.PRESENTER_STEP] == 2  # opened from the sidebar: this page's first step, the plan
    # the builder only inside "Add another muscle" (a popover, closed: it takes no room on the screen)
    assert [b.key for b in at.button].count(preview_ui.ADD) == 1 and preview_ui.ADD in _popover_buttons(at)
    words = " ".join(m.value for m in at.markdown)
    assert "Jaw muscle — left side, strong relaxation" in words  # the muscle, the side and the level are on screen
    assert at.slider(key=preview_ui.DAY).value == 14 and len(images(at)) == 2  # the day; photo and simulation
    at.slider(key=preview_ui.DAY).set_value(30).run()
    assert any("day 30" in alt for alt, _src in images(at))  # the simulation says its day
    at.button(key=story.NEXT).click().run()
    assert not at.exception and at.session_state[state.PRESENTER_STEP] == 3
    # the shared screen's chart, and the Preview page's own for a narrow screen (the style sheet shows one of them)
    wide, narrow = (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))
    assert min(font_sizes(go.Figure(wide))) >= PRESENTER_FONT_PX
    for spec in (wide, narrow):  # the day is marked on the time course (at its place: past four months the axis is narrower)
        assert any(shape.get("x0") == pytest.approx(_curve_days(spec)[30]) for shape in spec["layout"].get("shapes", []))
        assert max(_curve_days(spec)) == 365  # the jaw muscle's course, to its end
    assert f".st-key-{story.NARROW_ONLY}" in " ".join(h.proto.body for h in at.get("html"))
    assert "on day **30**" in " ".join(m.value for m in at.markdown)
    at.button(key=story.BACK).click().run()
    assert at.slider(key=preview_ui.DAY).value == 30  # coming back keeps the day


def test_presenter_mode_without_a_plan_offers_the_builder_and_shows_the_plan_once_added() -> None:
    # an injector sharing the screen had to leave presenter mode, in front of the person, to build the plan
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PRESENTER] = True
    at.run()
    assert not at.exception
    assert any("No plan to show yet" in i.value for i in at.info) and not images(at)
    at.button(key=preview_ui.ADD).click().run()
    assert not at.exception
    assert at.session_state[ui_plan.PLAN] and not any("No plan to show yet" in i.value for i in at.info)
    assert any("simulation" in alt.lower() for alt, _src in images(at))  # the step drawn at once
    at.run()
    assert at.session_state[ui_plan.PLAN] and any("simulation" in alt.lower() for alt, _src in images(at))  # and it stays
    # the builder gives way to the step once there is a plan, folded into "Add another muscle" (the run that added the
    # muscle starts again: drawn twice in one run, the builder's widgets' keys clashed)
    assert [b.key for b in at.button].count(preview_ui.ADD) == 1 and preview_ui.ADD in _popover_buttons(at)


def test_presenter_mode_adds_a_second_muscle_from_the_plan_step() -> None:
    # once a muscle was added the builder went: a second one meant leaving presenter mode in front of the person
    at = _run(plan=[("frontalis", "left", "moderate")], presenter=True)
    assert at.session_state[state.PRESENTER_STEP] == 2 and preview_ui.ADD in _popover_buttons(at)
    # the level's choices one under another there: in a row, "strong" wrapped alone under "light" and "moderate"
    assert at.radio(key=preview_ui.LEVEL).proto.horizontal is False
    at.selectbox(key=ui_plan.REGION).set_value("mouth").run()
    at.selectbox(key=ui_plan.MUSCLE).set_value("depressor_anguli_oris").run()
    at.radio(key=f"{ui_plan.SIDE}-paired").set_value("right").run()
    at.button(key=preview_ui.ADD).click().run()
    assert not at.exception and at.session_state[state.PRESENTER_STEP] == 2
    assert at.session_state[ui_plan.PLAN] == [("frontalis", "left", "moderate"), ("depressor_anguli_oris", "right", "moderate")]
    assert "Mouth-corner muscle — right side, moderate relaxation" in " ".join(m.value for m in at.markdown)


def test_the_builder_off_presenter_mode_keeps_its_level_in_a_row() -> None:
    at = _run(plan=[("frontalis", "left", "moderate")])
    assert at.radio(key=preview_ui.LEVEL).proto.horizontal is True


def test_presenter_mode_says_the_effect_has_worn_off_as_the_page_does() -> None:
    # on day 176 the list of changes went from the plan step and nothing said the effect was over
    plan = [("frontalis", "left", "moderate"), ("depressor_anguli_oris", "right", "moderate")]
    page = _run("frl_london_136_03.jpg", plan=plan)
    page.slider(key=preview_ui.DAY).set_value(176).run()
    said = " ".join(str(c.value) for c in page.caption)
    at = _run("frl_london_136_03.jpg", plan=plan, presenter=True)
    at.slider(key=preview_ui.DAY).set_value(176).run()
    assert not at.exception
    words = " ".join(m.value for m in at.markdown)
    sentence = preview_ui.day_strength(LIB, tuple(plan), 176)
    assert "worn off" in sentence and sentence in said and plain(sentence) in words  # the same sentence, presenter mode or not
    assert f"{preview_ui.no_move_sentence(176)}, so no arrow is drawn." in said and f"{preview_ui.no_move_sentence(176)}." in words
    assert "Largest changes" not in words


def test_presenter_mode_names_each_change_s_side_as_its_warning_does() -> None:
    # "-0.6 ± 0.4 mm → -1.2 mm" beside a warning of "0.6 ± 0.4 mm to 1.2 mm, right brow higher"
    plan = [("frontalis", "left", "moderate"), ("depressor_anguli_oris", "right", "moderate")]
    at = _run("frl_london_136_03.jpg", plan=plan, presenter=True)
    assert not at.exception
    (block,) = [m.value for m in at.markdown if m.value.startswith("**Largest changes**")]
    rows = block.split("  \n")[1:]
    assert rows and not re.search(r"[-−+]\d", block), block  # no bare sign
    assert any(spaced(r).startswith("Brow height (above the pupil): 0.6 ± 0.4 mm → 1.2 mm") and r.endswith("right brow higher") for r in rows), rows
    warning = " ".join(w.value for w in at.warning)
    assert "0.6 ± 0.4 mm to 1.2 mm (likely 0.8 to 1.6 mm), right brow higher" in spaced(warning).replace("\\", "")  # Markdown escapes
    assert "(likely 0.8 to 1.6 mm), right brow higher" in spaced(block)  # the same figures, the same words


@pytest.mark.parametrize(
    ("before", "after", "ends", "expected"),
    [
        ((-0.6, 0.4), (-1.2, 0.4), (-1.6, -0.8), "0.6 ± 0.4 mm → 1.2 mm (likely 0.8 to 1.6 mm), right brow higher"),
        # within its ± before: no side named for it ("no clear difference"), the side after named once clear
        ((0.3, 0.4), (-1.0, 0.4), (-1.4, -0.6), "0.3 ± 0.4 mm, no clear difference → 1.0 mm (likely 0.6 to 1.4 mm), right brow higher"),
        # a flip: each side named
        ((1.5, 0.4), (-0.9, 0.4), (-1.3, -0.5), "1.5 ± 0.4 mm, left brow higher → 0.9 mm (likely 0.5 to 1.3 mm), right brow higher"),
        # a range across zero: both of the table's ends ("-0.2 to +2.8 mm"), each with the side it leans to (QA walk T: from 0,
        # an end within the ± left unsaid, the presenter's "0.0 to 0.9 mm" stood for the table's "-0.9 to +1.2 mm")
        ((3.0, 0.6), (1.6, 0.6), (-0.2, 2.8), "3.0 ± 0.6 mm → 1.6 mm (likely 0.2 mm right to 2.8 mm left), left brow higher"),
        ((3.0, 0.6), (1.6, 0.6), (-1.2, 2.8), "3.0 ± 0.6 mm → 1.6 mm (likely 1.2 mm right to 2.8 mm left), left brow higher"),
        # an end that shows as 0.0 is on neither side; a range on one side the after's words do not name says its side
        ((3.0, 0.6), (1.6, 0.6), (-0.04, 2.8), "3.0 ± 0.6 mm → 1.6 mm (likely 0.0 to 2.8 mm), left brow higher"),
        ((-0.3, 0.6), (0.2, 0.6), (0.04, 1.2), "0.3 ± 0.6 mm → 0.2 mm (likely 0.0 to 1.2 mm left), no clear difference"),
    ],
)
def test_a_change_in_words_names_sides_only_beyond_the_uncertainty(
    before: tuple[float, float], after: tuple[float, float], ends: tuple[float, float], expected: str
) -> None:
    from viz.asymmetry import Measure

    was, now = (Measure("brow_height", "paired", v, u, "") for v, u in (before, after))
    assert spaced(preview_ui.change_in_words(was, now, ends)) == expected


def test_a_photo_without_a_face_gets_one_sentence() -> None:
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((300, 300, 3), 120, np.uint8)).save(buf, "PNG")
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(buf.getvalue(), "grey.png", "test")
    at.run()
    assert not at.exception
    assert any("No face" in e.value for e in at.error)
    advice = " ".join(i.value for i in at.info)
    assert preview_ui.FIRST_PAGE_ADVICE in advice and "camera" not in advice  # only what this page offers: it has no uploader


@pytest.mark.parametrize("share", [0, 3, 50, 97, 100])
def test_swipe_labels_each_side_of_its_divider_on_the_composed_picture(share: int) -> None:
    import numpy as np
    from PIL import Image

    before = Image.fromarray(np.full((300, 400, 3), 90, np.uint8))
    after = Image.fromarray(np.full((300, 400, 3), 160, np.uint8))
    out = np.asarray(preview_ui.swipe(before, after, share))
    cut = round(400 * share / 100)
    drawn = np.argwhere(np.any((out != 90) & (out != 160), axis=2) & (out[..., 0] != 255))  # labels, not the divider
    assert drawn.size and drawn[:, 0].max() < 150  # near the top, inside the picture
    plain = out[200:, :, 0]
    assert np.all(plain[:, : max(cut - 1, 0)] == 90) and np.all(plain[:, cut + 1 :] == 160)  # no words spliced below


@pytest.mark.parametrize(
    ("share", "expected"), [(0, ["SIMULATION ▶"]), (1, ["◀ PHOTO", "SIMULATION ▶"]), (50, ["◀ PHOTO", "SIMULATION ▶"]), (100, ["◀ PHOTO"])]
)
def test_swipe_labels_only_the_sides_that_show(share: int, expected: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # at 100% the picture was all photo yet carried "SIMULATION ▶" (and at 0% all simulation with "◀ PHOTO"), the two
    # labels stacked in one corner
    import numpy as np
    from PIL import Image

    drawn: list[str] = []
    real = preview_ui._label
    monkeypatch.setattr(preview_ui, "_label", lambda draw, at, text, font, pad: (drawn.append(text), real(draw, at, text, font, pad)))
    before = Image.fromarray(np.full((300, 400, 3), 90, np.uint8))
    after = Image.fromarray(np.full((300, 400, 3), 160, np.uint8))

    def label_rows(share: int) -> np.ndarray:
        out = np.asarray(preview_ui.swipe(before, after, share))
        return np.argwhere(np.any((out != 90) & (out != 160), axis=2) & (out[..., 0] != 255))[:, 0]

    rows = label_rows(share)
    assert drawn[: len(expected)] == expected
    if len(expected) == 1:  # one label, in the top row: none pushed down to a second row by a label not drawn beside it
        assert rows.max() <= label_rows(50).max()  # at 50% both labels share the top row


@pytest.mark.parametrize(("name", "muscle", "least"), [("frl_london_061_03.jpg", "frontalis", 5), ("frl_london_005_03.jpg", "depressor_anguli_oris", 1)])
def test_the_arrows_can_be_seen_and_no_arrow_runs_over_a_label(name: str, muscle: str, least: int) -> None:
    # A brow's 0.4 mm at six times was a 3 px arrowhead, drawn over the label of the arrow before it ("0.ɕ mm")
    import numpy as np

    import viz
    from viz.muscles import Relaxation

    face = viz.detect_face(viz.load_photo(face_path(name).read_bytes()))
    assert face is not None
    report = viz.analyze(face)
    pv = viz.relax(face.photo, face, [Relaxation(muscle, "left", 1.0)], 14)
    _before, after = preview_ui.crops(report, pv)
    picture, gain = preview_ui.arrows_image(report, pv, after)
    x0, y0, x1, _y1 = preview_ui.face_box(face, preview_ui.FACE_CROP_MARGINS)
    k, s = after.width / (x1 - x0), face.photo.scale
    before_px, after_px = (pv.xy_before_px / s - (x0, y0)) * k, (pv.xy_after_px / s - (x0, y0)) * k
    move = np.linalg.norm(pv.xy_after_px - pv.xy_before_px, axis=1) * face.mm_per_px
    layout_gain, arrows = preview_ui.arrow_layout(before_px, after_px, move, after.size, lambda text: (8.0 * len(text), 14.0))
    assert layout_gain == gain and gain == int(gain) and preview_ui.ARROW_GAIN <= gain <= preview_ui.ARROW_MAX_GAIN
    assert len(arrows) >= least and arrows[0].label == f"{move[np.argmax(move)]:.1f} mm"  # the largest move always drawn
    lengths = [float(np.hypot(a.tip[0] - a.start[0], a.tip[1] - a.start[1])) for a in arrows]
    # long enough to see: the gain is the whole number that brings the longest to a twelfth of the width, or the largest
    assert max(lengths) * (gain + 1) / gain > preview_ui.ARROW_MIN_LENGTH * after.width or gain == preview_ui.ARROW_MAX_GAIN
    for arrow in arrows:  # every point along every arrow lies outside every other arrow's label
        line = np.linspace(arrow.start, arrow.tip, 50)
        for other in arrows:
            x0b, y0b, x1b, y1b = other.box
            inside = (line[:, 0] > x0b) & (line[:, 0] < x1b) & (line[:, 1] > y0b) & (line[:, 1] < y1b)
            assert not inside.any(), (arrow.label, other.label)
    assert np.any(np.asarray(picture) != np.asarray(after))


@pytest.mark.parametrize(("muscle", "side"), [("masseter", "left"), ("masseter", "both"), ("depressor_anguli_oris", "right")])
def test_no_arrow_or_label_covers_the_simulation_mark(muscle: str, side: str) -> None:
    # the jaw muscle's arrows ran to the chin, where the marks are: a "0.7 mm" label over the mark read "SIM▸LATION"
    import numpy as np

    import viz
    from viz.muscles import Relaxation
    from viz.preview import mark_boxes

    face = viz.detect_face(viz.load_photo((REPO / "ui" / "assets" / "sample_portrait.jpg").read_bytes()))
    assert face is not None
    report = viz.analyze(face)
    pv = viz.relax(face.photo, face, [Relaxation(muscle, side, 1.0)], 14)
    _before, after = preview_ui.crops(report, pv)
    picture, _gain = preview_ui.arrows_image(report, pv, after)
    x0, y0, x1, _y1 = preview_ui.face_box(face, preview_ui.FACE_CROP_MARGINS)
    k = after.width / (x1 - x0)
    marks = [tuple(round(v) for v in ((a - x0) * k, (b - y0) * k, (c - x0) * k, (d - y0) * k)) for a, b, c, d in mark_boxes(face)]
    assert marks
    drawn, plain = np.asarray(picture).astype(int), np.asarray(after).astype(int)
    assert np.any(drawn != plain)  # arrows were drawn
    for left, top, right, bottom in marks:  # and none of them, nor a label, within a mark
        assert np.array_equal(drawn[top:bottom, left:right], plain[top:bottom, left:right]), (left, top, right, bottom)


def test_arrow_labels_never_overlap_and_keep_inside_the_picture() -> None:
    # labels beside nearby arrow tips (the brows) were drawn over each other; each now takes a free place or is left out
    taken: list[preview_ui.Box] = []
    tips = [(200.0, 100.0), (230.0, 104.0), (215.0, 96.0), (260.0, 100.0), (205.0, 110.0), (5.0, 5.0)]
    for tip in tips:
        box = preview_ui.place_label(tip, (50.0, 14.0), taken, (300, 200))
        if box is not None:
            assert 0 <= box[0] and 0 <= box[1] and box[2] <= 300 and box[3] <= 200
            assert all(box[2] <= o[0] or o[2] <= box[0] or box[3] <= o[1] or o[3] <= box[1] for o in taken)
            taken.append(box)
    assert len(taken) >= 4  # crowded tips still get most of their labels, on another side of the tip
    assert preview_ui.place_label((100.0, 100.0), (50.0, 14.0), [(0.0, 0.0, 300.0, 200.0)], (300, 200)) is None
    # outward first: left of the face's midline a label goes left, over its own side, not right toward the other
    left_side = preview_ui.place_label((100.0, 100.0), (50.0, 14.0), [], (300, 200), midline=150.0)
    right_side = preview_ui.place_label((200.0, 100.0), (50.0, 14.0), [], (300, 200), midline=150.0)
    assert left_side is not None and left_side[2] <= 100.0 and right_side is not None and right_side[0] >= 200.0
    # an arrow level with the tip on its outward side: the outward corner comes before the inward side
    arrow = (20.0, 99.0, 96.0, 101.0)
    blocked = preview_ui.place_label((100.0, 100.0), (50.0, 14.0), [arrow], (300, 200), midline=150.0)
    assert blocked is not None and blocked[2] <= 100.0 and not preview_ui._overlap(blocked, arrow), blocked


def test_a_small_face_is_shown_at_the_page_size_before_arrows_and_labels_are_drawn_on_it() -> None:
    # A face a tenth of a large picture's width, cropped: at its own size (about 250 px) the arrows' 12 px labels and
    # the swipe's words were enlarged with the face by the screen; the crops now come at the page's size.
    import numpy as np

    import viz
    from tests.conftest import face_far_away
    from viz.muscles import Relaxation

    face = viz.detect_face(viz.Photo.from_array(np.asarray(face_far_away("frl_london_005_03.jpg"))))
    assert face is not None
    pv = viz.relax(face.photo, face, [Relaxation("depressor_anguli_oris", "left", 1.0)], 14)
    report = viz.analyze(face)
    before, after = preview_ui.crops(report, pv)
    x0, y0, x1, y1 = preview_ui.face_box(face, preview_ui.FACE_CROP_MARGINS)
    assert max(x1 - x0, y1 - y0) < preview_ui.SHOW_SIDE / 2
    assert max(before.size) == max(after.size) == preview_ui.SHOW_SIDE and before.size == after.size
    arrows, _gain = preview_ui.arrows_image(report, pv, after)
    changed = np.any(np.asarray(arrows) != np.asarray(after), axis=2)
    assert changed.any() and changed.mean() < 0.05  # arrows and their labels drawn, small beside the face


def test_a_muscle_whose_change_at_rest_builds_for_weeks_says_what_its_peak_is() -> None:
    # "Day 14 — Frown muscle: 45%-82% of its peak effect" beside Learn's "the full effect takes about two weeks"
    at = _run(plan=[("corrugator", "both", "strong"), ("frontalis", "left", "moderate")])
    assert not at.exception
    (day_line,) = [str(c.value) for c in at.caption if str(c.value).startswith("Day 14 — ")]
    assert "The frown muscle's peak here is its change at rest, which builds for about 12 weeks." in day_line
    assert "forehead muscle's peak" not in day_line  # its change at rest peaks at two weeks, as Learn says
    at = _run(plan=[("frontalis", "left", "moderate")])
    (day_line,) = [str(c.value) for c in at.caption if str(c.value).startswith("Day 14 — ")]
    assert "peak here" not in day_line


def test_a_day_without_a_move_draws_no_arrow_picture_and_says_why() -> None:
    at = _run(plan=[("frontalis", "left", "moderate")])
    shown = [alt for alt, _src in images(at)]
    (arrows,) = [alt for alt in shown if "with arrows" in alt]  # day 14: the moves are drawn
    largest = re.search(r"the largest move is (\d+\.\d) mm$", arrows)  # its sizes, to someone who cannot see the labels
    assert largest and float(largest[1]) >= preview_ui.ARROW_MIN_MM, arrows
    at.slider(key=preview_ui.DAY).set_value(0).run()  # the day of treatment: nothing has moved yet
    assert not at.exception
    assert not any("with arrows" in alt for alt, _src in images(at))
    assert "no arrow is drawn" in " ".join(str(c.value) for c in at.caption)


def test_the_same_step_added_again_changes_nothing_and_says_so() -> None:
    at = _run(plan=[("frontalis", "left", "light")])
    at.selectbox(key=preview_ui.REGION).set_value("brows").run()
    at.selectbox(key=preview_ui.MUSCLE).set_value("frontalis").run()
    at.radio(key=f"{preview_ui.SIDE}-paired").set_value("left").run()
    at.radio(key=preview_ui.LEVEL).set_value("light").run()
    at.button(key=preview_ui.ADD).click().run()
    assert not at.exception
    assert at.session_state[ui_plan.PLAN] == [("frontalis", "left", "light")]
    (toast,) = at.toast
    assert toast.value.startswith("Already in the plan: Forehead muscle")


def _label_boxes(figure: Any, plot_px: float) -> list[tuple[float, float, float, float]]:
    """Each peak label's box on a plot ``plot_px`` wide: left, right (px from the plot's left), bottom, top (px above 100 %)."""
    from viz.overlay import label_font  # DejaVu Sans: as wide as Verdana, wider than the app's own type

    x_max = float(figure.layout.xaxis.range[1])
    boxes = []
    for a in (a for a in figure.layout.annotations if a.showarrow):
        lines = str(a.text).split("<br>")
        size = float(a.font.size)
        width = max(label_font(round(size)).getlength(line) for line in lines) + 4
        height = size * 1.36 * len(lines)
        at = a.x / x_max * plot_px
        left, right = (at, at + width) if a.xanchor == "left" else (at - width, at)
        boxes.append((left, right, -a.ay - height / 2, -a.ay + height / 2))
    return boxes


_PLANS = [("frontalis",), ("frontalis", "corrugator"), ("frontalis", "corrugator", "procerus"), ("frontalis", "masseter", "orbicularis_oculi")]


@pytest.mark.parametrize("ids", _PLANS)
def test_the_shared_screen_s_peak_labels_stand_apart_above_the_plot(ids: tuple[str, ...]) -> None:
    # in 20 px type the wide layout's labels, stacked 22 px apart for 11 px type, sat on one another (forehead and frown),
    # and update_layout's merge by position drew the first label twice
    shown = preview_ui.presenter_timeline(ids, 14).figure
    peaks = [a for a in shown.layout.annotations if a.showarrow]
    assert len(peaks) == len({a.text for a in peaks}) == len({a.x for a in peaks})  # one label a peak, none twice
    assert all(a.font.size >= preview_ui.PRESENTER_FONT_PX and a.ax == 0 for a in peaks)  # large, pointing straight down
    laptop = max(preview_ui.PRESENTER_MIN_PLOT_PX, preview_ui.PRESENTER_CONTENT_PX - shown.layout.margin.l - shown.layout.margin.r)
    for plot_px in (laptop, 1100.0):  # a laptop's plot beside the legend, a 1920 px screen's
        boxes = _label_boxes(shown, plot_px)
        for (l0, r0, b0, t0), (l1, r1, b1, t1) in itertools.combinations(boxes, 2):
            assert r0 <= l1 or r1 <= l0 or t0 <= b1 or t1 <= b0, (ids, boxes)  # no two labels overlap
        for x, (_left, _right, bottom, _top) in zip((a.x / shown.layout.xaxis.range[1] * plot_px for a in peaks), boxes, strict=True):
            assert bottom > 0  # above the 100 % line: no curve there
            assert all(not (t <= bottom and lo < x < hi) for lo, hi, _b, t in boxes), ids  # no pointer through a lower label
    # the labels stand in the room above the plot, under the title; the share axis stops just above 100 %
    top = max(t for *_, t in _label_boxes(shown, laptop))
    # on the laptop's plot no label runs into the legend at its right (one did at 1366 px) or past the axis at its left
    # (16 px: DejaVu Sans, measured here, is a few per cent wider than the page's Source Sans)
    assert all(right <= laptop + 16 and left >= -preview_ui.PRESENTER_LEFT_PX / 2 for left, right, *_ in _label_boxes(shown, laptop)), ids
    assert shown.layout.yaxis.range[1] <= 1.1 and shown.layout.margin.t >= preview_ui.PRESENTER_TITLE_PX + top - 4


def test_the_shared_screen_s_legend_has_a_margin_wide_enough_for_its_longest_entry() -> None:
    # placed from the chart's top (under the labels it scrolled), the legend pushes no margin: its own must hold it
    from viz.overlay import label_font

    shown = preview_ui.presenter_timeline(("procerus", "frontalis", "orbicularis_oculi"), 14).figure
    entries = [str(t.name) for t in shown.data if t.showlegend is not False and t.name]
    assert "Nose-bridge frown muscle" in entries and not shown.layout.margin.autoexpand
    widest = max(label_font(preview_ui.PRESENTER_FONT_PX).getlength(e) for e in entries)
    assert shown.layout.margin.r >= widest + 40  # the line or symbol beside each entry, and its padding
    assert shown.layout.legend.yref == "container" and shown.layout.legend.y == 1.0


def test_the_day_s_largest_change_is_announced_and_the_table_is_named() -> None:
    # a screen reader heard nothing as the day slider moved, and the table was announced as a bare "table"
    at = _run(plan=[("frontalis", "left", "strong")])
    assert not at.exception
    day = int(at.session_state[preview_ui.DAY])
    html = " ".join(h.proto.body for h in at.get("html"))
    said = re.findall(r"<span data-mm-a11y data-mm-status hidden>(.*?)</span>", html)
    top = shown_tables(at)[0][0]  # the table's first row: the largest change
    assert len(said) == 1 and said[0].startswith(f"Day {day}: {top['measure'].lower()} likely ")
    assert spaced(top["likely range"]) in spaced(said[0]) and spaced(top["before"]) in spaced(said[0])
    assert f'aria-label="Measures before and after, simulated day {day}"' in html


def test_the_page_says_why_each_measure_moves_with_the_muscle_s_own_moves_and_sources() -> None:
    # relaxing the left forehead raised the left brow tail in the table with nothing on the page to say why
    lib = load_library()
    at = _run(plan=[("frontalis", "left", "moderate"), ("frontalis", "left", "strong")])
    assert not at.exception
    [why] = [e for e in at.status if e.label.startswith("Why these measures move")]  # an expander with an icon
    text = " ".join(m.value for m in why.markdown)
    tail = next(e for e in lib.muscles["frontalis"].effect if e.target == "brow_tail")
    assert text.count("Forehead muscle") == 1  # one entry per muscle and side
    assert "Outer brow rises" in text and tail.note is not None and plain(tail.note) in text and plain(lib.cite(tail.sources)) in text


def _leaves(node: Any) -> list[Any]:
    """The elements under an AppTest node, in the order the page draws them."""
    children = getattr(node, "children", None)
    if children is None:
        return [node]
    return [leaf for _i, child in sorted(children.items()) for leaf in _leaves(child)]


def test_the_day_slider_s_state_is_written_only_when_its_range_changes() -> None:
    # written on every run, each run's day went back to the browser over the person's later key presses: 20 presses of
    # the right arrow from day 14 landed on day 29 or 30 (tests/test_browser_preview_layout.py presses them)
    at = _run(plan=[("frontalis", "right", "strong")])
    assert at.slider(key=preview_ui.DAY).proto.set_value  # the first draw: the day is set (14)
    at.slider(key=preview_ui.DAY).set_value(40).run()
    assert not at.slider(key=preview_ui.DAY).proto.set_value and at.slider(key=preview_ui.DAY).value == 40
    at.run()  # a run of its own (another widget, a rerun) leaves the person's day alone
    assert not at.slider(key=preview_ui.DAY).proto.set_value and at.slider(key=preview_ui.DAY).value == 40
    # the jaw muscle's course runs to day 365: a slider with another end, a new widget; the day is put back on it
    at.session_state[ui_plan.PLAN] = [("frontalis", "right", "strong"), ("masseter", "right", "strong")]
    at.run()
    slider = at.slider(key=preview_ui.DAY)
    assert slider.max == 365 and slider.value == 40 and slider.proto.set_value
    at.session_state[ui_plan.PLAN] = [("frontalis", "right", "strong")]
    at.slider(key=preview_ui.DAY).set_value(300).run()
    slider = at.slider(key=preview_ui.DAY)
    assert slider.max == 180 and slider.value == 180  # a day past the shorter plan's end is brought back to it


def test_the_pictures_come_before_the_plan_s_notes_and_a_line_above_the_slider_says_so() -> None:
    # four warnings and the "too small" box between the plan and the slider put the first picture two screens below
    # "Add to plan" at 1366 x 768; every note is kept, under the pictures
    at = _run(plan=[("depressor_anguli_oris", "left", "light"), ("masseter", "left", "strong")])
    assert not at.exception
    leaves = _leaves(at.main)

    def where(test: Any) -> list[int]:
        return [i for i, e in enumerate(leaves) if test(e)]

    (picture,) = where(lambda e: e.type == "html" and 'alt="The photo, cropped' in e.proto.body)
    (slider,) = where(lambda e: e.type == "slider" and e.key == preview_ui.DAY)
    (pointer,) = where(lambda e: e.type == "caption" and "under the pictures" in e.value)
    (warned,) = where(lambda e: e.type == "warning" and "treated both sides" in e.value)  # the plan's warnings, in one box
    (small,) = where(lambda e: e.type == "info" and "Too small for the picture to show faithfully" in e.value)
    assert pointer < slider < picture < warned < small
    assert not where(lambda e: e.type in ("warning", "info") and slider < leaves.index(e) < picture)  # nothing between them
    count = leaves[warned].value.count("\n\n") + 2  # each warning a paragraph, and the "too small" box
    assert count >= 3 and leaves[pointer].value.endswith(f"{count} notes on this plan, under the pictures.")


def test_side_by_side_keeps_its_two_pictures_in_one_row_on_a_narrow_screen() -> None:
    # stacked on a 390 px phone, each picture was 407 px high: the photo and the simulation never on one screen
    at = _run(plan=[("frontalis", "left", "moderate")])
    css = " ".join(h.proto.body for h in at.get("html"))
    assert phone.SIDE_BY_SIDE_CSS in css and "flex-wrap: nowrap" in phone.SIDE_BY_SIDE_CSS
    leaves = _leaves(at.main)
    keyed = [e for e in leaves if e.type == "html" and 'alt="The photo, cropped' in e.proto.body]
    assert keyed  # the pair is drawn (the browser test measures the row: tests/test_browser_preview_layout.py)


@pytest.mark.parametrize("photo", ["frl_london_005_03.jpg", "frl_london_136_03.jpg"])
def test_presenter_marks_read_from_across_the_room_and_keep_clear_of_the_brows(photo: str) -> None:
    # the marks inside the face's box were 7 px capitals on a 1366 x 768 laptop's plan step: SIMULATION unreadable at 3 m
    import numpy as np

    import viz
    from ui import presenter
    from viz.muscles import Relaxation
    from viz.overlay import face_box
    from viz.preview import FACE_CROP_MARGINS, MARK, relax

    face = viz.detect_face(viz.load_photo(face_path(photo).read_bytes()))
    assert face is not None
    report = viz.analyze(face)
    pv = relax(face.photo, face, [Relaxation("frontalis", "left", 1.0)], 14, report=report)
    after = preview_ui.crops(report, pv)[1]
    shown = presenter.SHORT_MIN_PLAN_IMAGE_HEIGHT  # the least the step draws them (a 768 px laptop)
    marked = preview_ui.banner(after, MARK, shown)
    assert marked.size == after.size
    old, new = np.asarray(after, dtype=np.int16), np.asarray(marked, dtype=np.int16)
    changed = np.abs(new - old).max(axis=2) > 30
    letters = changed & (new.min(axis=2) > 200)  # white words on a dark box
    rows, cols = np.nonzero(letters)
    cap_on_screen = (rows.max() - rows.min() + 1) * shown / after.height
    assert cap_on_screen >= 14, cap_on_screen  # the QA's bar: 14 px capitals at 1366 x 768
    assert cols.max() - cols.min() < after.width and abs((cols.min() + cols.max()) / 2 - after.width / 2) < 0.05 * after.width
    # the whole mark lies above the face's mesh (its top is the forehead, above the brows, eyes and mouth) in the crop
    x0, y0, x1, _y1 = face_box(face, FACE_CROP_MARGINS)
    mesh_top = (float(pv.xy_before_px[:, 1].min()) / face.photo.scale - y0) * after.width / (x1 - x0)
    assert np.nonzero(changed)[0].max() < mesh_top, (np.nonzero(changed)[0].max(), mesh_top)


def test_presenter_mode_says_both_sides_move_alike_without_naming_a_table_it_does_not_show() -> None:
    # presenter mode's plan step said "the differences between them, which the table gives, stay as they were" beside
    # no table; the page, which shows the table, keeps the words
    plan = [("orbicularis_oculi", "both", "strong")]
    page = _run(plan=plan)
    assert not page.exception and shown_tables(page)
    (on_page,) = [p for w in page.warning for p in w.value.split("\n\n") if p.startswith("Both sides change alike")]
    assert "which the table gives" in on_page
    at = _run(plan=plan, presenter=True)
    assert not at.exception and at.session_state[state.PRESENTER_STEP] == 2 and not shown_tables(at)
    (said,) = [line for w in at.warning for line in w.value.split("  \n") if line.startswith("Both sides change alike")]
    assert "table" not in said
    # the same figures, read the same way: only the table's clause went
    assert said == plain(on_page.replace(", which the table gives,", ""))
