"""The Expressions page after a QA walk (AppTest): photos given the wrong way round, another person's photo, a photo
without a face on the eyes-closed step, a tiny face, and the balance notes' brackets."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.conftest import detected, face_path, spaced
from tests.test_movement_page import _grey_png, _page, _photo, _rows, _texts
from ui import cache, movement_ui, state
from viz.landmarks import EXPRESSION_WARNING, NO_FACE_ADVICE
from viz.movement import MAY_NOT_BE_SAME, Movement, measure_dynamics
from viz.vocabulary import mid_sentence


def _shown_warnings(at: object) -> list[str]:
    """The page's warnings below the safety notice, in order."""
    return [str(w.value) for w in at.warning][1:]  # type: ignore[attr-defined]


@pytest.mark.parametrize("person", ["136", "006"])
def test_rest_and_smile_given_the_wrong_way_round_get_one_swap_sentence_and_a_button_that_swaps_them(person: str) -> None:
    # a blue "Rest photo: the face shows an expression … take the photo again" and a yellow "The “Big smile” photo
    # shows the mouth corners pulled down, not up … retake it" contradicted each other
    at = _page(f"frl_london_{person}_08.jpg", smile=f"frl_london_{person}_03.jpg")
    at.session_state[movement_ui.STEP] = "rest"
    at.run()
    assert not at.exception
    warnings = _shown_warnings(at)
    assert warnings[0].startswith("The rest and the “Big smile” photos look swapped: the rest photo shows the smile"), warnings
    assert "Swap them with the button below" in warnings[0]
    assert not any("pulled down, not up" in w for w in warnings), warnings  # no retake request for the smile
    assert f"Rest photo: {mid_sentence(EXPRESSION_WARNING)}" not in _texts(at.info)  # nor for the rest photo
    at.button(key=f"{movement_ui.SWAP}-smile").click().run()
    assert not at.exception
    photos = at.session_state[movement_ui.PHOTOS]
    assert photos["rest"].digest == _photo(f"frl_london_{person}_03.jpg").digest
    assert photos["smile"].digest == _photo(f"frl_london_{person}_08.jpg").digest
    assert at.session_state[state.PHOTO].digest == _photo(f"frl_london_{person}_08.jpg").digest  # the first page keeps its photo
    assert not any("look swapped" in w for w in _shown_warnings(at))
    assert "pulled down" not in _texts(at.warning)
    # said once that the two traded places (the warning and the button went, and nothing said why)
    done = movement_ui.SWAP_DONE.format(photo="“Big smile”")
    assert [s.value for s in at.success] == [done]
    at.run()
    assert not [s for s in at.success if s.value == done]


def test_a_smiling_rest_photo_given_again_as_the_smile_is_not_said_to_be_swapped() -> None:
    # the rest photo shows an expression, but the smile photo did not move the other way: each keeps its own advice
    at = _page("frl_london_136_08.jpg", smile="frl_london_136_08.jpg")
    at.run()
    assert not at.exception
    assert not any("look swapped" in w for w in _shown_warnings(at))
    assert f"Rest photo: {mid_sentence(EXPRESSION_WARNING)}" in _texts(at.info)


def test_another_persons_smile_marks_no_side_as_moved_the_other_way_and_says_it_compares_two_faces() -> None:
    at = _page("frl_london_006_03.jpg", smile="frl_london_061_08.jpg")
    at.run()
    assert not at.exception
    assert any(MAY_NOT_BE_SAME in w for w in _shown_warnings(at))  # the one-sentence warning stays
    cells = [c for r in _rows(at).values() for c in (r["left"], r["right"])]
    assert cells and not any(movement_ui.OTHER_WAY in c for c in cells), cells
    captions = _texts(at.caption)
    assert "compare the landmarks of two different faces" in captions
    assert "is written beside it only where it is beyond its" not in captions  # the rule for a mark never shown


def test_one_persons_smile_keeps_its_other_way_rule() -> None:
    at = _page("frl_london_061_03.jpg", smile="frl_london_061_08.jpg")
    at.run()
    captions = _texts(at.caption)
    assert "two different faces" not in captions and "one picture" not in captions
    assert f"“{movement_ui.OTHER_WAY}” is written beside it only where it is beyond its" in captions


def test_the_rest_photo_given_again_as_the_smile_is_said_to_be_one_picture() -> None:
    at = _page("frl_london_061_03.jpg", smile="frl_london_061_03.jpg")
    at.run()
    assert not at.exception
    assert "The two photos are one picture" in _texts(at.caption)


def test_rows_mark_no_side_where_the_figures_compare_two_faces() -> None:
    mv = Movement("brow_elevation", "brows_up", -2.0, 3.0, "mm", 0.3, 0.3, "")
    assert movement_ui.OTHER_WAY in movement_ui.movement_rows({mv.id: mv})[0]["left"]
    for what in ("two faces", "one picture"):
        row = movement_ui.movement_rows({mv.id: mv}, verdict=False, compares=what)[0]
        assert movement_ui.OTHER_WAY not in row["left"] and spaced(row["left"]) == "-2.0 ± 0.3 mm"


@pytest.mark.parametrize(("step", "eyes_open"), [("eyes_closed", False), ("smile", True)])
def test_a_photo_without_a_face_asks_for_the_eyes_open_except_on_the_eyes_closed_step(step: str, eyes_open: bool) -> None:
    assert movement_ui.EYES_OPEN in NO_FACE_ADVICE  # the words left out are there to leave out
    at = _page("frl_london_061_03.jpg")
    at.session_state[movement_ui.PHOTOS] = {step: state.PhotoInput.of(_grey_png(), "grey.png", "test")}
    at.run()
    assert not at.exception
    said = [str(e.value) for e in at.error if "No face was found" in str(e.value)]
    assert said and all("shows the whole face" in s for s in said), said
    assert any("eyes open" in s for s in said) == eyes_open


def test_for_step_leaves_other_failures_and_steps_as_they_are() -> None:
    assert movement_ui.for_step("smile", cache.NO_FACE) is cache.NO_FACE
    closed = movement_ui.for_step("eyes_closed", cache.NO_FACE)
    assert "eyes open" not in closed.refused() + closed.advice and closed.refused().startswith("No face was found")


def _tiny(side: int) -> state.PhotoInput:
    im = Image.open(face_path("frl_london_006_03.jpg")).convert("RGB")
    im.thumbnail((side, side), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return state.PhotoInput.of(buf.getvalue(), "tiny.png", "test")


def test_a_tiny_far_face_gets_its_size_and_distance_in_one_sentence_first() -> None:
    # "not a pucker", "only 38 px wide", "11.2 times as large in the rest photo" and "identity check was not made" in four
    # boxes, the size and distance apart and after the retake of the pucker that the size alone may have caused
    at = _page("frl_london_006_03.jpg")
    at.session_state[movement_ui.PHOTOS] = {"pucker": _tiny(90)}
    at.run()
    assert not at.exception
    pucker = [str(w.value) for w in (*at.warning, *at.info) if "“Pucker”" in str(w.value)]
    first = _shown_warnings(at)[0]
    assert re.match(r"The face in the “Pucker” photo is only \d+ px wide, and [\d.]+ times as large in the rest photo: take it again", first), first
    assert not any(w.startswith("The face is ") for w in pucker), pucker  # the distance is not said again on its own
    assert sum("px wide" in w for w in pucker) == 1, pucker
    # so unlike a face gives no verdict (viz.movement.MOVEMENT_MIN_FACE_PX), and "does not show a pucker" is not said of
    # what the size alone may have made (a broad smile 67 px wide beside a full-size rest photo read "does not show a smile")
    assert "gives no verdict" in first
    assert not any(w.startswith("The “Pucker” photo does not show a pucker") for w in pucker), pucker


def test_a_balance_note_writes_its_side_inside_the_figures_brackets_without_nesting_them() -> None:
    # "the same when you smile (1.5 ± 0.7 mm (right corner lower))."
    report = measure_dynamics(detected("frl_london_136_03.jpg"), {"smile": detected("frl_london_136_08.jpg")})
    notes = [spaced(b.note) for b in report.static_vs_dynamic.values()]
    assert any("corner lower" in n for n in notes), notes  # the case is there to test
    assert not any(re.search(r"\([^()]*\(", n) for n in notes), notes
