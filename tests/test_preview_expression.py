"""The Preview page with an expression set (AppTest): the Expression selector, the expression with the plan's
muscles relaxed, its movements before → after, options to discuss for the largest movement difference, and an
expression photo that may not show the same person refused with a sentence."""

from __future__ import annotations

import dataclasses
import io
import re
from functools import cache
from typing import Any

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, face_path, spaced
from tests.pictures import images
from tests.tables import shown_tables
from ui import dynamic_preview_ui, movement_ui, state
from ui import plan as ui_plan
from ui.cache import NO_FACE
from viz.testing import move_feature
from viz.vocabulary import EXPRESSIONS, MEASURES, MOVEMENTS

PAGE = str(REPO / "ui" / "pages" / "preview.py")
REST = "frl_london_061_03.jpg"
STRONGER, WEAKER = "left", "right"


@cache
def _rest_bytes() -> bytes:
    return face_path(REST).read_bytes()


@cache
def _brows_up_png() -> bytes:
    """The rest photo with both brows raised, the stronger side's 4 mm and the other's 2 mm (a smooth local warp)."""
    rest = viz.detect_face(viz.load_photo(_rest_bytes()))
    assert rest is not None
    lifted = dataclasses.replace(rest, photo=move_feature(rest, "brow", STRONGER, 4.0))
    photo = move_feature(lifted, "brow", WEAKER, 2.0)
    buf = io.BytesIO()
    Image.fromarray(np.asarray(photo.rgb)).save(buf, "PNG")
    return buf.getvalue()


def _run(plan: list[tuple[str, str, str]], expression: str | None = "brows_up") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    at.session_state[movement_ui.PHOTOS] = {"brows_up": state.PhotoInput.of(_brows_up_png(), "brows.png", "test")}
    at.session_state[ui_plan.PLAN] = plan
    if expression is not None:
        at.session_state[dynamic_preview_ui.EXPRESSION] = expression
    return at.run()


def _row(at: AppTest) -> dict[str, str]:
    rows = {r["movement"]: r for r in shown_tables(at)[0]}
    return rows[MOVEMENTS["brow_elevation"].label]


def _mm(text: str) -> float:
    return float(text.split()[0])


def _texts(elements: Any) -> str:
    return " ".join(str(e.value) for e in elements)


def test_relaxing_the_stronger_frontalis_evens_the_brow_raise() -> None:
    at = _run([("frontalis", STRONGER, "moderate")])
    assert not at.exception
    row = _row(at)
    before, after = _mm(row["difference before"]), _mm(row["difference after"])
    assert before > 1.0  # the left brow rises more
    assert abs(after) < 0.5 * abs(before)
    assert " ± " in spaced(row["left"]).split(" → ")[0] and " ± " in spaced(row["difference before"])  # the measured values with their ±
    left_before, left_after = (float(x.split()[0]) for x in row["left"].split(" → "))
    right_before, right_after = (float(x.split()[0]) for x in row["right"].split(" → "))
    assert left_after < left_before and right_after == right_before
    notices = _texts(at.warning) + _texts(at.info) + _texts(at.caption)
    assert "not medical advice" in notices and "emergency" in notices
    assert "illustrative" in notices  # the attenuation has no published figure, and the page says so
    assert len(images(at)) == 2  # the expression photo and its simulation
    # a range after, as at rest, and the day's strength it comes from
    low, high = (float(x) for x in spaced(row["likely range after"]).removesuffix(" mm").split(" to "))
    assert low <= after <= high and low < high
    assert re.search(r"Day \d+ — Forehead muscle: \d+%–\d+% of its peak effect \(typically \d+%\)", _texts(at.caption)), _texts(at.caption)


def _mirror_image(png: bytes) -> bytes:
    """A photo's mirror image, as a front camera saves a selfie."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(np.asarray(Image.open(io.BytesIO(png)))[:, ::-1])).save(buf, "PNG")
    return buf.getvalue()


def test_an_expression_photo_marked_mirrored_beside_the_first_pages_photo_is_shown_flipped_and_read_its_way() -> None:
    # the first page's photo keeps its own "mirrored" setting, the Expressions page's switch holds for its own photos:
    # the two pages no longer disagree on the rest photo (the view had warned that the plan's sides fell apart)
    at = _run([("frontalis", STRONGER, "moderate")])
    before = _mm(_row(at)["difference before"])
    assert before > 1.0 and "flipped" not in _texts(at.caption)  # the left brow rises more
    # the same raise saved as a selfie, and marked so ("Photos added on this page are mirrored", on Expressions)
    at.session_state[movement_ui.PHOTOS] = {"brows_up": state.PhotoInput.of(_mirror_image(_brows_up_png()), "selfie.png", "test")}
    at.session_state[movement_ui.MIRRORED_KEPT] = True
    at.run()
    assert not at.exception
    assert f"is shown {movement_ui.FLIPPED}" in _texts(at.caption)
    assert _mm(_row(at)["difference before"]) == pytest.approx(before, abs=0.5)  # flipped back, the same brow rises more
    assert not [w for w in at.warning if "disagree" in str(w.value)]


def test_an_expression_photo_marked_mirrored_that_is_not_is_not_offered() -> None:
    # marked mirrored, the photo as taken is turned the wrong way round: its face then matches the rest photo's only
    # flipped (viz.movement.ExpressionResult.looks_mirrored), and it gives no verdict, so Preview does not offer it
    at = _run([("frontalis", STRONGER, "moderate")])
    at.session_state[movement_ui.MIRRORED_KEPT] = True
    at.run()
    assert not at.exception
    assert any(c.value.startswith("Not offered: Brows raised, whose photo gives no verdict") for c in at.caption)


def test_relaxing_the_weaker_side_is_warned_about() -> None:
    at = _run([("frontalis", WEAKER, "strong")])
    assert not at.exception
    assert abs(_mm(_row(at)["difference after"])) > abs(_mm(_row(at)["difference before"]))
    assert "increase the brow raise difference" in _texts(at.warning)


def test_the_options_to_discuss_name_the_stronger_frontalis_and_leave_the_plan_alone() -> None:
    at = _run([("masseter", "left", "moderate")])
    assert not at.exception
    assert "No muscle in the plan makes the brows-up movement" in _texts(at.warning)
    assert _mm(_row(at)["difference after"]) == _mm(_row(at)["difference before"])
    text = _texts(at.markdown)
    assert "clearest movement difference is the **brow raise**" in text
    assert f"**Forehead muscle, {STRONGER} side** (frontalis)" in text and "illustrative figures" in text
    assert "licensed injector" in _texts(at.caption) and "in-person examination" in _texts(at.caption)
    assert not [b for b in at.button if "try" in str(b.key)]  # no button loads a plan at a computed level
    assert at.session_state[ui_plan.PLAN] == [("masseter", "left", "moderate")]
    # "Explore", as beside the options at rest, fills in the builder's muscle and side only
    at.button(key=f"preview-move-explore-frontalis-{STRONGER}").click().run()
    assert not at.exception
    assert at.session_state[ui_plan.MUSCLE] == "frontalis" and at.session_state[f"{ui_plan.SIDE}-paired"] == STRONGER
    assert at.session_state[ui_plan.PLAN] == [("masseter", "left", "moderate")]  # the plan stays the person's to build


def test_an_expression_photo_of_someone_else_is_not_simulated_and_the_page_says_why() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    other = face_path("frl_london_005_08.jpg").read_bytes()
    at.session_state[movement_ui.PHOTOS] = {"smile": state.PhotoInput.of(other, "smile.jpg", "test")}
    at.session_state[ui_plan.PLAN] = [("depressor_anguli_oris", "left", "strong")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "smile"
    at.run()
    assert not at.exception
    # QA: it was offered, then said only "This photo is not simulated": now it is not offered, and the page says so
    assert dynamic_preview_ui.not_offered(["smile"]) in _texts(at.caption) and "Big smile" in _texts(at.caption)
    assert all(c.key != dynamic_preview_ui.EXPRESSION for c in at.get("button_group"))  # no selector: nothing to choose
    assert at.session_state[dynamic_preview_ui.EXPRESSION] == "rest"
    assert MEASURES["mouth_corner_drop"].label in {r["measure"] for r in shown_tables(at)[0]}  # the photo at rest, simulated


def test_rest_keeps_the_usual_preview_and_no_expression_photo_means_no_selector() -> None:
    at = _run([("frontalis", STRONGER, "moderate")], expression=None)
    assert not at.exception
    assert at.session_state[dynamic_preview_ui.EXPRESSION] == "rest"
    assert MEASURES["brow_height"].label in {r["measure"] for r in shown_tables(at)[0]}

    plain = AppTest.from_file(PAGE, default_timeout=120)
    plain.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    plain.session_state[ui_plan.PLAN] = [("frontalis", STRONGER, "moderate")]
    plain.run()
    assert not plain.exception
    assert dynamic_preview_ui.EXPRESSION not in plain.session_state


def test_an_expression_photo_without_a_face_is_not_offered_and_named() -> None:
    grey = io.BytesIO()
    Image.new("RGB", (640, 640), (128, 128, 128)).save(grey, "PNG")
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    at.session_state[movement_ui.PHOTOS] = {
        "brows_up": state.PhotoInput.of(_brows_up_png(), "brows.png", "test"),
        "pucker": state.PhotoInput.of(grey.getvalue(), "grey.png", "test"),
    }
    at.session_state[ui_plan.PLAN] = [("frontalis", STRONGER, "moderate")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "pucker"
    at.run()
    assert not at.exception
    selector = next(c for c in at.get("button_group") if c.key == dynamic_preview_ui.EXPRESSION)
    assert list(selector.options) == [EXPRESSIONS[e].title for e in ("rest", "brows_up")]  # only what can be simulated
    assert dynamic_preview_ui.not_offered(["pucker"]) in _texts(at.caption)


def test_the_expression_view_still_names_a_photo_without_a_face_it_is_given() -> None:
    """The view's own sentence stays for a chosen photo the set no longer reads (the selector no longer offers one)."""
    grey = io.BytesIO()
    Image.new("RGB", (640, 640), (128, 128, 128)).save(grey, "PNG")
    at = AppTest.from_function(_pucker_view, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    at.session_state[movement_ui.PHOTOS] = {"pucker": state.PhotoInput.of(grey.getvalue(), "grey.png", "test")}
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"Pucker photo: {NO_FACE.refused()}"]  # and what to photograph instead
    assert [i.value for i in at.info if "Expressions page" in i.value] == ["Retake it on the Expressions page."]


def _pucker_view() -> None:
    from ui import cache, dynamic_preview_ui

    dynamic_preview_ui.expression_preview_ui(cache.library(), [("frontalis", "left", "moderate")], 14, "pucker", False)


def test_expressions_with_their_own_rest_photo_of_another_person_are_not_offered() -> None:
    # the first page shows one person, the Expressions page holds another's rest and smile: the page showed the first at
    # rest, the second smiling, and options for the first
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    at.session_state[movement_ui.PHOTOS] = {
        "rest": state.PhotoInput.of(face_path("frl_london_005_03.jpg").read_bytes(), "rest.jpg", "test"),
        "smile": state.PhotoInput.of(face_path("frl_london_005_08.jpg").read_bytes(), "smile.jpg", "test"),
    }
    at.session_state[ui_plan.PLAN] = [("depressor_anguli_oris", "left", "strong")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "smile"
    at.run()
    assert not at.exception
    assert dynamic_preview_ui.OTHER_PERSON in _texts(at.info)
    assert all(c.key != dynamic_preview_ui.EXPRESSION for c in at.get("button_group"))
    assert MEASURES["mouth_corner_drop"].label in {r["measure"] for r in shown_tables(at)[0]}  # the photo at rest, simulated


def test_expressions_with_their_own_rest_photo_of_the_same_person_are_offered_and_say_so() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    again = io.BytesIO()
    Image.open(io.BytesIO(_rest_bytes())).convert("RGB").save(again, "JPEG", quality=80)  # another file of the same face
    at.session_state[movement_ui.PHOTOS] = {
        "rest": state.PhotoInput.of(again.getvalue(), "rest.jpg", "test"),
        "brows_up": state.PhotoInput.of(_brows_up_png(), "brows.png", "test"),
    }
    at.session_state[ui_plan.PLAN] = [("frontalis", STRONGER, "moderate")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "brows_up"
    at.run()
    assert not at.exception
    assert dynamic_preview_ui.OTHER_PERSON not in _texts(at.info)
    assert dynamic_preview_ui.OWN_REST in _texts(at.caption)
    assert MOVEMENTS["brow_elevation"].label in {r["movement"] for r in shown_tables(at)[0]}


def test_presenter_mode_says_it_shows_the_rest_photo_when_an_expression_was_chosen() -> None:
    # presenter mode simulates the rest photo only; a consult that chose "Brows up" on the page saw rest without a word
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(_rest_bytes(), REST, "test")
    at.session_state[movement_ui.PHOTOS] = {"brows_up": state.PhotoInput.of(_brows_up_png(), "brows.png", "test")}
    at.session_state[ui_plan.PLAN] = [("frontalis", STRONGER, "moderate")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "brows_up"
    at.session_state[state.PRESENTER] = True
    at.run()
    assert not at.exception
    words = _texts(at.markdown) + " " + _texts(at.caption)
    assert "**Simulated plan**, at rest" in words
    title = viz.vocabulary.EXPRESSIONS["brows_up"].title.lower()
    assert f"Presenter mode shows the rest photo; the {title} preview is on this page with presenter mode off." in words
    at.session_state[dynamic_preview_ui.EXPRESSION] = "rest"
    at.run()
    assert "Presenter mode shows the rest photo" not in _texts(at.caption)


def test_with_an_expression_shown_the_consult_report_of_the_plan_at_rest_is_still_offered() -> None:
    # choosing "Big smile" left only the smile's PNG: the consult report's PDF came back only at rest
    from ui import preview_ui

    at = _run([("frontalis", STRONGER, "moderate")])
    assert not at.exception
    buttons = {b.label: b for b in at.get("download_button")}
    title = EXPRESSIONS["brows_up"].title.lower()
    assert f"Download the {title} and its simulation (PNG)" in buttons, list(buttons)
    assert preview_ui.REST_REPORT_LABEL in buttons, list(buttons)  # it holds the rest view's plan: its label says "at rest"
    assert "at rest" in preview_ui.REST_REPORT_LABEL
    assert f"not the {title}" in buttons[preview_ui.REST_REPORT_LABEL].help
    at.session_state[dynamic_preview_ui.EXPRESSION] = "rest"
    at.run()
    labels = {b.label for b in at.get("download_button")}
    assert "Download the consult report with this plan (PDF)" in labels and preview_ui.REST_REPORT_LABEL not in labels


def test_the_consult_report_offered_beside_an_expression_is_made_from_the_plan_at_rest() -> None:
    from ui import preview_ui

    face = viz.detect_face(viz.load_photo(_rest_bytes()))
    assert face is not None
    subject = preview_ui.Subject("digest", False, face, viz.analyze(face))
    pdf = preview_ui._rest_report_pdf(viz.content.load(), subject, [("frontalis", STRONGER, "moderate")], 14, viz.overlay.DEFAULT_LAYERS)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def _saved_pair(plan: list[tuple[str, str, str]], monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, str]:
    """The page with ``plan`` on the brow raise, and the ``Description`` of the PNG its expression download makes."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, Any] = {}
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data: Any, mimetype: str | None, coordinates: str, file_name: str | None = None) -> str:
        made[str(file_name)] = data
        return original(self, data, mimetype, coordinates, file_name=file_name)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at = _run(plan)
    assert not at.exception
    (name,) = [n for n in made if "simulation-brows-up" in n and n.endswith(".png")]
    with Image.open(io.BytesIO(made[name]())) as png:
        return at, png.text["Description"]


def test_the_saved_expression_picture_says_what_the_page_warns_of_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # with no muscle of the plan making the brow raise, the page said the simulation shows it unchanged, and the PNG,
    # its right half labelled SIMULATION and the same as the photo, said only that the figures are illustrative
    at, said = _saved_pair([("masseter", STRONGER, "moderate")], monkeypatch)
    warned = [str(w.value) for w in at.warning if "unchanged" in str(w.value)]
    assert warned, _texts(at.warning)
    for sentence in warned:
        assert " ".join(sentence.split()) in " ".join(said.split())
    assert dynamic_preview_ui.ILLUSTRATIVE.split(":")[0] in said  # and still that the shares are illustrative
    at, said = _saved_pair([("frontalis", STRONGER, "moderate")], monkeypatch)
    assert "unchanged" not in said and not [w for w in at.warning if "unchanged" in str(w.value)]
    assert dynamic_preview_ui.ILLUSTRATIVE.split(":")[0] in said


def test_expressions_whose_rest_face_is_too_small_to_check_are_not_offered_and_the_page_says_why() -> None:
    """QA: the sample portrait (a woman) on the first page, a 90 px rest photo of a man and his smile on the Expressions
    page: a check too small to make counted as the same face, and "Big smile" showed his smile under her photo."""
    small = io.BytesIO()
    Image.open(face_path(REST)).convert("RGB").resize((90, 90), Image.Resampling.LANCZOS).save(small, "JPEG", quality=95)
    at = AppTest.from_file(PAGE, default_timeout=120)  # no photo on the first page: the sample portrait
    at.session_state[movement_ui.PHOTOS] = {
        "rest": state.PhotoInput.of(small.getvalue(), "rest.jpg", "test"),
        "smile": state.PhotoInput.of(face_path("frl_london_061_08.jpg").read_bytes(), "smile.jpg", "test"),
    }
    at.session_state[ui_plan.PLAN] = [("depressor_anguli_oris", "left", "strong")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "smile"
    at.run()
    assert not at.exception
    said = _texts(at.info)
    assert dynamic_preview_ui.TOO_SMALL.format(which=dynamic_preview_ui.TOO_SMALL_WHICH["rest"]) in said
    assert dynamic_preview_ui.OTHER_PERSON not in said
    assert all(c.key != dynamic_preview_ui.EXPRESSION for c in at.get("button_group"))
    assert MEASURES["mouth_corner_drop"].label in {r["measure"] for r in shown_tables(at)[0]}  # the photo at rest, simulated
