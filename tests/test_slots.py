"""Every photo slot survives bad input (AppTest): the first page's uploader and camera, the six expression steps, both visits.

Each bad file gets one sentence and a way forward, never an exception, and the slot stays usable:
its retake / replace / sample button is there and works. Every case of the bad-input corpus goes
through the first page's uploader; the cases the engine refuses at once (cheap) go through every
slot, and those it decodes (the expensive ones: detection runs) through one expression step and one
visit (the big ones, tens of megapixels, through the first page only). The camera hands over its
file through the same seam as a test (``PhotoInput`` with source ``"camera"``): AppTest cannot drive
``st.camera_input``.

The expected outcome of each case is the engine's own verdict (:func:`_verdict`): refused, no face,
or measured; the tests check that the app shows that verdict, not a crash.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

import pytest
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, face_path
from tests.slot_cases import Case, cases
from tests.tables import shown_tables
from ui import movement_ui, photo_slots, state, visits_ui
from viz.errors import MirrorMapError
from viz.vocabulary import EXPRESSION_IDS, EXPRESSIONS

APP = str(REPO / "app.py")
MOVEMENT = str(REPO / "ui" / "pages" / "movement.py")
VISITS = str(REPO / "ui" / "pages" / "visits.py")
REST = "frl_london_061_03.jpg"

Verdict = Literal["refused", "no_face", "measured"]
CASES = cases()
CHEAP = [c for c in CASES if c.cheap]
EXPENSIVE = [c for c in CASES if not c.cheap and not c.big]  # the big ones go through the first page only


@functools.cache
def _verdict(case: Case) -> Verdict:
    """What the engine makes of the case's bytes."""
    try:
        photo = viz.load_photo(case.data)
        return "measured" if viz.detect_face(photo) is not None else "no_face"
    except MirrorMapError:
        return "refused"


@functools.cache
def _photo_warnings(case: Case) -> tuple[str, ...]:
    """The caveats the engine notes while reading the case (shown on the page when it is measured)."""
    try:
        return viz.load_photo(case.data).warnings
    except MirrorMapError:
        return ()


@functools.cache
def _rest() -> state.PhotoInput:
    return state.PhotoInput.of(face_path(REST).read_bytes(), REST, "test")


def _texts(elements: Any) -> str:
    return " ".join(str(e.value) for e in elements)


def _one_sentence(text: str) -> bool:
    """One sentence: no sentence break inside, and short."""
    body = text.split(": ", 1)[-1] if re.match(r"^[A-Z][\w ]+ photo: ", text) else text
    return len(body) <= 260 and not re.search(r"[.!?] [A-Z]", body.rstrip("."))


def _ids(items: list[Case]) -> list[str]:
    return [c.id for c in items]


# --- the first page --------------------------------------------------------------------------------


def _first_page_shows(at: AppTest, verdict: Verdict, warnings: tuple[str, ...] = (), *, over_sample: bool = False) -> None:
    """The first page after a file: measured, or one sentence and a way forward; a file given in place of the sample
    portrait (``over_sample``) leaves the sample and its results as they were."""
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    if verdict == "measured":
        assert not errors and len(shown_tables(at)) == 1
        assert all(_texts(at.info).count(w) == 1 for w in warnings), warnings  # a photo read with a caveat says so, once
        return
    assert len(errors) == 1 and _one_sentence(errors[0]), errors
    if over_sample:
        assert state.KEPT_SAMPLE in _texts(at.caption) and at.session_state[state.PHOTO] is None
        assert len(shown_tables(at)) == 1  # the sample's results
        return
    assert "sample portrait" in _texts(at.info)  # the way forward
    assert not shown_tables(at) and not at.get("plotly_chart")


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_the_first_page_uploader_survives_every_case(case: Case) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader[0].set_value((case.name, case.data, case.mime)).run()
    _first_page_shows(at, _verdict(case), _photo_warnings(case), over_sample=True)
    assert len(at.file_uploader) == 1  # the slot stays usable: another photo can be chosen


@pytest.mark.parametrize("case", CHEAP, ids=_ids(CHEAP))
def test_the_camera_survives_bad_files(case: Case) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(case.data, "camera.jpg", "camera")
    at.run()
    _first_page_shows(at, _verdict(case))
    assert "Your camera photo" in _texts(at.caption)


def test_after_a_refused_file_another_photo_is_measured() -> None:
    refused = next(c for c in CHEAP if _verdict(c) == "refused")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader[0].set_value((refused.name, refused.data, refused.mime)).run()
    assert at.error
    at.file_uploader[0].set_value(("face.jpg", face_path("frl_london_005_03.jpg").read_bytes(), "image/jpeg")).run()
    assert not at.exception and not at.error and len(shown_tables(at)) == 1
    assert "Your uploaded photo" in _texts(at.caption)


# --- the expression steps --------------------------------------------------------------------------


def _expression_page(step: str) -> AppTest:
    at = AppTest.from_file(MOVEMENT, default_timeout=120)
    at.session_state[state.PHOTO] = _rest()  # the rest photo defaults to the first page's
    at.session_state[movement_ui.STEP] = step
    return at.run()


def _upload_into_step(step: str, case: Case) -> AppTest:
    at = _expression_page(step)
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith(f"movement-upload-{step}-"))
    uploader.set_value((case.name, case.data, case.mime)).run()
    return at


def _expression_shows(at: AppTest, step: str, verdict: Verdict, warnings: tuple[str, ...] = ()) -> None:
    """A measured expression is in its slot; a file that cannot be measured was not taken into its empty slot."""
    assert not at.exception, at.exception
    title = EXPRESSIONS[step].title
    mine = [e.value for e in at.error if e.value.startswith(f"{title} photo: ")]
    if verdict == "measured":
        assert not mine
        if step != "rest":  # an expression that was measured shows how its photo was read, once
            assert all(_texts(at.info).count(w) == 1 for w in warnings), warnings
        assert step in at.session_state[movement_ui.PHOTOS]
        return
    _refused_into_empty(at, verdict)
    if step != "rest":  # the rest step falls back on the first page's photo, not an empty slot
        assert photo_slots.KEPT_EMPTY in _texts(at.caption) and state.KEPT not in _texts(at.caption)  # no "earlier photo" that is not there
    assert step not in (at.session_state[movement_ui.PHOTOS] if movement_ui.PHOTOS in at.session_state else {})
    assert any(u.key and u.key.startswith(f"movement-upload-{step}-") for u in at.file_uploader)  # ready for another file


def _refused_and_kept(at: AppTest) -> None:
    """A file that cannot be measured was not taken: one sentence, and the photo shown before stays (as on the first page)."""
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and _one_sentence(errors[0]), errors
    assert state.KEPT in _texts(at.caption)


def _refused_into_empty(at: AppTest, verdict: Verdict) -> None:
    """A file that cannot be measured given to an empty slot: one sentence and nothing else, as where a photo stays
    (it sat in the slot as "cannot be used", with an error, a way forward and a retake)."""
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and _one_sentence(errors[0]), errors
    assert verdict != "no_face" or "use a well-lit photo" in errors[0], errors  # and what to photograph instead
    assert "cannot be used (see below)" not in _texts(at.caption) and "To retake" not in _texts(at.caption)


@pytest.mark.parametrize("step", EXPRESSION_IDS)
@pytest.mark.parametrize("case", CHEAP, ids=_ids(CHEAP))
def test_every_expression_step_survives_bad_files_and_can_be_retaken(case: Case, step: str) -> None:
    at = _upload_into_step(step, case)
    if step == "rest" and _verdict(case) != "measured":  # the first page's photo stands in for the rest photo, and stays
        _refused_and_kept(at)
        assert "rest" not in (at.session_state[movement_ui.PHOTOS] if movement_ui.PHOTOS in at.session_state else {})
        assert "✓ Taken: Rest." in _texts(at.caption)
        return
    _expression_shows(at, step, _verdict(case))
    if _verdict(case) != "measured":
        return  # not taken: the slot is still empty, its uploader ready
    at.button(key=f"{movement_ui.RETAKE}-{step}").click().run()  # the way forward: retake
    assert not at.exception
    assert step not in at.session_state[movement_ui.PHOTOS]
    assert any(u.key and u.key.startswith(f"movement-upload-{step}-") for u in at.file_uploader)


@pytest.mark.parametrize("case", EXPENSIVE, ids=_ids(EXPENSIVE))
def test_an_expression_step_survives_decodable_odd_files(case: Case) -> None:
    at = _upload_into_step("smile", case)
    _expression_shows(at, "smile", _verdict(case), _photo_warnings(case))
    assert bool([b for b in at.button if b.key == f"{movement_ui.RETAKE}-smile"]) == (_verdict(case) == "measured")


def test_an_expression_photo_that_was_not_measured_is_listed_to_retake_not_as_taken() -> None:
    # the uploader no longer takes such a file into an empty slot; any other input can still put one there
    refused = next(c for c in CHEAP if _verdict(c) != "measured")
    at = AppTest.from_file(MOVEMENT, default_timeout=120)
    at.session_state[state.PHOTO] = _rest()
    at.session_state[movement_ui.STEP] = "smile"
    at.session_state[movement_ui.PHOTOS] = {"smile": state.PhotoInput.of(refused.data, refused.name, "test")}
    at.run()
    line = next(c.value for c in at.caption if c.value.startswith(("✓ Taken", "No photo taken")))
    assert "Big smile" not in line.split("To retake")[0] and "To retake (not measured): Big smile." in line
    assert "The rest photo and 0 of 5" not in _texts(at.caption)  # no expression is usable yet: the start hint instead
    smile = face_path("frl_london_061_08.jpg").read_bytes()
    at.button(key=f"{movement_ui.RETAKE}-smile").click().run()
    next(u for u in at.file_uploader if u.key and u.key.startswith("movement-upload-smile-")).set_value(("smile.jpg", smile, "image/jpeg")).run()
    assert "✓ Taken: Rest, Big smile." in _texts(at.caption) and "To retake" not in _texts(at.caption)
    assert "The rest photo and 1 of 5 expressions taken." in _texts(at.caption)


def test_after_a_refused_file_an_expression_is_measured() -> None:
    refused = next(c for c in CHEAP if _verdict(c) == "refused")
    at = _upload_into_step("smile", refused)
    assert movement_ui.PHOTOS not in at.session_state and len(at.error) == 1  # not taken: no slot holds anything
    smile = face_path("frl_london_061_08.jpg").read_bytes()
    next(u for u in at.file_uploader if u.key and u.key.startswith("movement-upload-smile-")).set_value(("smile.jpg", smile, "image/jpeg")).run()
    assert not at.exception and not [e for e in at.error if e.value.startswith("Big smile photo")]
    assert shown_tables(at)  # the movements are measured


# --- the visits ---------------------------------------------------------------------------------------


def _upload_visit(slot: str, case: Case) -> AppTest:
    at = AppTest.from_file(VISITS, default_timeout=120)
    at.session_state[state.PHOTO] = _rest()
    at.run()
    labels = {"before": "Use a different before photo", "after": "Upload a photo"}
    next(u for u in at.file_uploader if u.label == labels[slot]).set_value((case.name, case.data, case.mime)).run()
    return at


def _visit_shows(at: AppTest, slot: str, verdict: Verdict) -> None:
    """A measured visit is in its slot; a file that cannot be measured was not taken into the empty slot, which says so
    and stays ready for another file."""
    assert not at.exception, at.exception
    mine = [e.value for e in at.error if e.value.startswith(f"{slot.capitalize()} photo: ")]
    if verdict == "measured":
        assert not mine and slot in at.session_state[visits_ui.PHOTOS]
        return
    _refused_into_empty(at, verdict)
    assert visits_ui.REPLACE_ADVICE not in _texts(at.info)  # no second box pointing at a photo that is not there
    assert photo_slots.KEPT_EMPTY in _texts(at.caption) and state.KEPT not in _texts(at.caption)
    assert slot not in (at.session_state[visits_ui.PHOTOS] if visits_ui.PHOTOS in at.session_state else {})
    assert any(u.label == "Upload a photo" for u in at.file_uploader)


@pytest.mark.parametrize("slot", ["before", "after"])
@pytest.mark.parametrize("case", CHEAP, ids=_ids(CHEAP))
def test_both_visits_survive_bad_files_and_can_be_replaced(case: Case, slot: str) -> None:
    at = _upload_visit(slot, case)
    if slot == "before" and _verdict(case) != "measured":  # the first page's photo stands in for the before photo, and stays
        _refused_and_kept(at)
        assert "before" not in (at.session_state[visits_ui.PHOTOS] if visits_ui.PHOTOS in at.session_state else {})
        return
    _visit_shows(at, slot, _verdict(case))
    if _verdict(case) != "measured":
        good = face_path("frl_london_005_03.jpg").read_bytes()  # the way forward: another file, in the same uploader
        next(u for u in at.file_uploader if u.label == "Upload a photo").set_value(("good.jpg", good, "image/jpeg")).run()
        assert not at.exception and not at.error and shown_tables(at) and slot in at.session_state[visits_ui.PHOTOS]
        return
    at.button(key=f"{visits_ui.REPLACE}-{slot}").click().run()  # the way forward: replace
    assert not at.exception
    assert slot not in at.session_state[visits_ui.PHOTOS]
    at.run()  # and the page stays usable on the next run (it never stays broken)
    assert not at.exception and len(at.file_uploader) >= 1


@pytest.mark.parametrize("case", EXPENSIVE, ids=_ids(EXPENSIVE))
def test_a_visit_survives_decodable_odd_files(case: Case) -> None:
    at = _upload_visit("after", case)
    _visit_shows(at, "after", _verdict(case))


# --- replacing a photo that can be measured keeps it until its successor arrives ----------------------------


def _after_given() -> AppTest:
    at = AppTest.from_file(VISITS, default_timeout=120)
    at.session_state[state.PHOTO] = _rest()
    at.run()
    after = face_path("frl_london_005_03.jpg").read_bytes()
    next(u for u in at.file_uploader if u.label == "Upload a photo").set_value(("after.jpg", after, "image/jpeg")).run()
    assert shown_tables(at)
    return at


def test_replacing_a_visit_keeps_it_until_a_photo_that_can_be_measured_arrives() -> None:
    at = _after_given()
    kept = at.session_state[visits_ui.PHOTOS]["after"].digest
    at.button(key=f"{visits_ui.REPLACE}-after").click().run()
    assert not at.exception and shown_tables(at)  # the comparison stays while a new photo is chosen
    assert at.session_state[visits_ui.PHOTOS]["after"].digest == kept
    refused = next(c for c in CHEAP if _verdict(c) == "refused")
    next(u for u in at.file_uploader if u.label == "Upload the new photo").set_value((refused.name, refused.data, refused.mime)).run()
    _refused_and_kept(at)
    assert at.session_state[visits_ui.PHOTOS]["after"].digest == kept and shown_tables(at)
    at.button(key=f"{visits_ui.KEEP}-after").click().run()  # changed their mind
    assert not at.exception and not [u for u in at.file_uploader if u.label == "Upload the new photo"]
    assert [b for b in at.button if b.key == f"{visits_ui.REPLACE}-after"]
    at.button(key=f"{visits_ui.REPLACE}-after").click().run()
    other = face_path("frl_london_006_03.jpg").read_bytes()
    next(u for u in at.file_uploader if u.label == "Upload the new photo").set_value(("new.jpg", other, "image/jpeg")).run()
    assert not at.exception and at.session_state[visits_ui.PHOTOS]["after"].digest != kept
    assert [b for b in at.button if b.key == f"{visits_ui.REPLACE}-after"]  # replaced: back to the one button


def test_retaking_an_expression_keeps_its_movements_until_a_new_photo_arrives() -> None:
    at = _expression_page("smile")
    smile = face_path("frl_london_061_08.jpg").read_bytes()
    next(u for u in at.file_uploader if u.key and u.key.startswith("movement-upload-smile-")).set_value(("smile.jpg", smile, "image/jpeg")).run()
    assert shown_tables(at)
    at.button(key=f"{movement_ui.RETAKE}-smile").click().run()
    assert not at.exception and shown_tables(at) and "smile" in at.session_state[movement_ui.PHOTOS]
    assert "✓ Taken: Rest, Big smile." in _texts(at.caption)
    refused = next(c for c in CHEAP if _verdict(c) != "measured")
    next(u for u in at.file_uploader if u.key and u.key.startswith("movement-upload-smile-")).set_value((refused.name, refused.data, refused.mime)).run()
    _refused_and_kept(at)
    assert shown_tables(at) and "✓ Taken: Rest, Big smile." in _texts(at.caption)
    at.button(key=f"{movement_ui.KEEP}-smile").click().run()
    assert not at.exception and not any(u.key and u.key.startswith("movement-upload-smile-") for u in at.file_uploader)
