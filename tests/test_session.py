"""Privacy of a session (AppTest and units): "New person", the idle timeout, per-session caches, letting go on close, plain URL echoes."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from streamlit.runtime.caching import cache_resource_api
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from tests.conftest import REPO, face_path
from ui import cache, learn_ui, movement_ui, session, shell, site, state, visits_ui
from ui.plan import PLAN
from viz.landmarks import FaceLandmarker

APP = str(REPO / "app.py")
LEARN = str(REPO / "ui" / "pages" / "learn.py")


def _jpeg(name: str, quality: int) -> bytes:
    """A shared face re-encoded: bytes that no other test uses, so nothing of it is cached yet."""
    buf = io.BytesIO()
    Image.open(face_path(name)).convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _photo(data: bytes) -> state.PhotoInput:
    return state.PhotoInput.of(data, "photo.jpg", "upload")


def _texts(elements: Any) -> str:
    return " ".join(str(e.value) for e in elements)


def _blocks_keyed(node: Any, key: str) -> list[Any]:
    """The layout blocks under ``node`` drawn with ``key`` (``st.container(key=...)``)."""
    found = []
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block) and str(getattr(child.proto, "id", "")).endswith(f"-{key}"):
            found.append(child)
        found += _blocks_keyed(child, key)
    return found


@pytest.fixture
def detections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    calls: list[int] = []
    original = FaceLandmarker.detect

    def counted(self: FaceLandmarker, photo: Any) -> Any:
        calls.append(1)
        return original(self, photo)

    monkeypatch.setattr(FaceLandmarker, "detect", counted)
    yield calls


def _a_full_session() -> AppTest:
    """The app with a photo on every page, a plan and Learn notes."""
    at = AppTest.from_file(APP, default_timeout=120)
    first = _photo(_jpeg("frl_london_136_03.jpg", 88))
    at.session_state[state.PHOTO] = first
    at.session_state[movement_ui.PHOTOS] = {"smile": _photo(_jpeg("frl_london_136_08.jpg", 88))}
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(_jpeg("frl_london_136_03.jpg", 87))}
    at.session_state[PLAN] = [("frontalis", "left", "moderate")]
    at.session_state[learn_ui.NOTES] = "my own question about my left brow"
    return at.run()


def test_new_person_asks_first_then_clears_every_photo_plan_set_visit_and_result(detections: list[int]) -> None:
    at = _a_full_session()
    assert not at.exception and "Your uploaded photo" in _texts(at.caption)
    uploader = at.file_uploader[0].key

    at.button(key=shell.NEW_PERSON).click().run()  # asks first: nothing is cleared yet
    assert "Clear every photo" in _texts(at.warning)
    assert isinstance(at.session_state[state.PHOTO], state.PhotoInput)
    at.button(key=shell.NEW_PERSON_CANCEL).click().run()
    assert isinstance(at.session_state[state.PHOTO], state.PhotoInput)
    assert not at.button(key=shell.NEW_PERSON).disabled

    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    assert at.session_state[state.PHOTO] is None
    for key in (movement_ui.PHOTOS, visits_ui.PHOTOS, PLAN, learn_ui.NOTES):
        assert key not in at.session_state, key
    assert "Everything from the last person was cleared" in _texts(at.success)
    assert "Sample portrait" in _texts(at.caption)
    assert at.file_uploader[0].key != uploader  # the uploader starts empty

    # the cached results went too: the same photo is detected afresh
    n = len(detections)
    at.file_uploader[0].set_value(("again.jpg", _jpeg("frl_london_136_03.jpg", 88), "image/jpeg")).run()
    assert not at.exception and "Your uploaded photo" in _texts(at.caption)
    assert len(detections) == n + 1


def test_new_person_clears_the_learn_search_from_the_page_and_the_address() -> None:
    # the search box is seeded from the address (a shared link): left there, the last person's search came back
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/pages/learn.py").run()
    at.text_input(key=learn_ui.QUERY).input("Alice droopy eyelid").run()
    at.selectbox(key=learn_ui.REGION).select("brow").run()
    assert learn_ui.PARAM_QUERY not in at.query_params  # never written to the address
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    assert at.text_input(key=learn_ui.QUERY).value == "" and at.selectbox(key=learn_ui.REGION).value == ""
    for name in (learn_ui.PARAM_QUERY, learn_ui.PARAM_REGION, learn_ui.PARAM_MUSCLE):
        assert name not in at.query_params, name
    assert "Alice" not in " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning])


def test_a_typed_search_never_reaches_the_address_and_after_new_person_an_old_one_is_left_out() -> None:
    # each search was written to the address, so the browser's history (on the consult room computer's disk) kept
    # "learn?q=Jane palsy" for the next person to find; now none is written, and a link's search is read once
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/pages/learn.py").run()
    at.text_input(key=learn_ui.QUERY).input("Jane palsy").run()
    at.text_input(key=learn_ui.QUERY).input("Jane pregnancy").run()
    assert learn_ui.PARAM_QUERY not in at.query_params
    at.query_params[learn_ui.PARAM_QUERY] = "Jane palsy"  # a link with a search (or an address from before this change)
    at.run()
    assert at.text_input(key=learn_ui.QUERY).value == "Jane palsy" and learn_ui.PARAM_QUERY not in at.query_params  # read once
    # Back to the link's own address: left as it is (Streamlit adds each change of the address to the history in
    # front of the entry changed, so taking the search out again sent Back to the same address, again and again)
    at.query_params[learn_ui.PARAM_QUERY] = "Jane palsy"
    at.run()
    assert at.text_input(key=learn_ui.QUERY).value == "Jane palsy" and at.query_params[learn_ui.PARAM_QUERY] == ["Jane palsy"]
    at.text_input(key=learn_ui.QUERY).input("Jane palsy left").run()  # a search of the person's own: the address follows
    assert learn_ui.PARAM_QUERY not in at.query_params
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    at.query_params[learn_ui.PARAM_QUERY] = "Jane pregnancy"  # Back, after it
    at.run()
    assert not at.exception
    assert at.text_input(key=learn_ui.QUERY).value == ""
    assert "Jane" not in " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info])
    at.run()  # the address Back went to is left as it is, on every run (rewritten, Back came back to it)
    assert at.query_params[learn_ui.PARAM_QUERY] == ["Jane pregnancy"] and at.text_input(key=learn_ui.QUERY).value == ""
    at.text_input(key=learn_ui.QUERY).input("jaw").run()  # the next person's own search, if its address comes back
    at.text_input(key=learn_ui.QUERY).input("brow").run()
    at.query_params[learn_ui.PARAM_QUERY] = "jaw"
    at.run()
    assert at.text_input(key=learn_ui.QUERY).value == "jaw"


def test_new_person_empties_the_notes_box_the_browser_still_holds() -> None:
    # the browser keeps a text box's own copy: the box kept the last person's note on screen, and the next
    # person's first keystroke sent it back into their session and their download
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/pages/learn.py").run()
    at.text_area(key=learn_ui.NOTES).input("Jane: ask about my Bell's palsy").run()
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    box = at.text_area(key=learn_ui.NOTES)
    assert box.value == "" and box.proto.set_value  # only a value the server sets replaces the browser's copy
    at.text_input(key=learn_ui.QUERY).input("jaw").run()  # the next person's first action sends every box back
    assert not at.session_state[learn_ui.NOTES]


def test_new_person_resets_the_plan_builders_choices_the_browser_still_holds() -> None:
    # after "New person" the Preview page's builder still showed the last person's "Jaw" and "Jaw muscle", left side
    from ui import plan as ui_plan

    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/pages/preview.py").run()
    first = (at.selectbox(key=ui_plan.REGION).value, at.selectbox(key=ui_plan.MUSCLE).value)
    at.selectbox(key=ui_plan.REGION).select("jaw").run()
    at.selectbox(key=ui_plan.MUSCLE).select("masseter").run()
    at.radio(key=f"{ui_plan.SIDE}-paired").set_value("right").run()
    assert at.selectbox(key=ui_plan.MUSCLE).value == "masseter"
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    region, muscle = at.selectbox(key=ui_plan.REGION), at.selectbox(key=ui_plan.MUSCLE)
    assert (region.value, muscle.value) == first and first != ("jaw", "masseter")
    assert region.proto.set_value and muscle.proto.set_value  # only a value the server sets replaces the browser's copy
    assert at.radio(key=f"{ui_plan.SIDE}-paired").value == "left"


def test_new_person_asks_to_clear_learn_s_notes_and_searches_too() -> None:
    # the question named photos, plans, expressions, visits and results only: someone who typed notes was not warned
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "Learn's notes and searches" in at.button(key=shell.NEW_PERSON).help
    at.button(key=shell.NEW_PERSON).click().run()
    (question,) = [w.value for w in at.sidebar.warning]
    assert question.startswith("Clear every photo") and "Learn's notes and searches" in question and question.endswith("?")


@pytest.mark.parametrize("page", ["preview.py", "analyze.py"])
def test_new_person_in_presenter_mode_starts_the_story_again_on_the_first_page(page: str) -> None:
    # after "New person" on Preview the next person's story went on at "3 · The plan"
    from ui import presenter

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PRESENTER] = True
    at.run()
    if page == "preview.py":  # (AppTest keeps the page its own switch_page opened, not one the script's switch_page did)
        at.switch_page("ui/pages/preview.py").run()
    at.button(key=presenter.NEXT).click().run()  # "4 · The timeline" on Preview, "2 · The mirror" on the first page
    assert not at.exception and at.title[0].value.startswith("Preview a treatment") == (page == "preview.py")
    assert at.session_state[state.PRESENTER_STEP] == (3 if page == "preview.py" else 1)
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    assert at.session_state[state.PRESENTER] is True and at.session_state[state.PRESENTER_STEP] == 0
    assert not at.title[0].value.startswith("Preview a treatment") and at.get("plotly_chart")  # the first page, its overlay
    assert at.segmented_control(key=state.PRESENTER_STEP).value == 0
    assert not at.button(key=presenter.NEXT).disabled and at.button(key=presenter.BACK).disabled
    assert "Everything from the last person was cleared" in _texts(at.sidebar.success)  # the notice survived the page change
    at.switch_page("ui/pages/analyze.py").run()  # where the browser now is (see above)
    at.button(key=presenter.NEXT).click().run()  # the story goes on from there: the restart happened once
    assert at.session_state[state.PRESENTER_STEP] == 1 and not at.title[0].value.startswith("Preview a treatment")
    assert "Everything from the last person" not in _texts(at.sidebar.success)


def test_new_person_keeps_presenter_mode_and_is_on_every_page() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PRESENTER] = True
    at.run()
    for name, _title, _icon in site.PAGE_LIST:
        at.switch_page(f"ui/pages/{name}").run()
        assert not at.exception, name
        assert at.button(key=shell.NEW_PERSON).label == "New person", name
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert at.session_state[state.PRESENTER] is True


def test_an_idle_session_is_cleared_and_an_active_one_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "IDLE_TIMEOUT_S", 600.0)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(face_path("frl_london_006_03.jpg").read_bytes())
    at.run()
    at.session_state[session.LAST_ACTIVE] = time.monotonic() - 300  # used five minutes ago
    at.run()
    assert isinstance(at.session_state[state.PHOTO], state.PhotoInput)
    at.session_state[session.LAST_ACTIVE] = time.monotonic() - 601  # idle for longer than the timeout
    at.run()
    assert not at.exception
    assert at.session_state[state.PHOTO] is None
    # said on the page itself (a narrow screen keeps the sidebar, where "New person" says it, closed)
    assert session.IDLE_NOTICE.format(minutes="10 minutes") in _texts(at.main.info) and "cleared after" not in _texts(at.sidebar.success)
    assert "Sample portrait" in _texts(at.caption)


def test_a_person_is_warned_before_an_idle_session_is_cleared_and_can_keep_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # reading Learn (tabs, cards, scrolling) never reaches the app: the photos went without a word after 10 minutes
    monkeypatch.setattr(session, "IDLE_TIMEOUT_S", 600.0)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(face_path("frl_london_006_03.jpg").read_bytes())
    at.run()
    assert session.STILL_HERE not in [b.label for b in at.button]  # just used: no warning
    at.session_state[session.LAST_ACTIVE] = time.monotonic() - 480  # eight minutes: two left
    with monkeypatch.context() as timer:  # as the page's timer runs it: a rerun of its own, not the person's activity
        timer.setattr(session, "touch", lambda: None)
        at.run()
    warned = [w.value for w in at.warning if "Nothing has been chosen" in w.value]
    assert warned == [session.IDLE_WARNING.format(idle="8 minutes", left=2)]
    (box,) = _blocks_keyed(at.main, session.IDLE_BOX)  # the box the page keeps in view (session.IDLE_BOX_CSS)
    assert [w.value for w in box.warning] == warned and [b.label for b in box.button] == [session.STILL_HERE]
    at.button(key="idle_still_here").click().run()
    assert not any("Nothing has been chosen" in w.value for w in at.warning)
    assert time.monotonic() - at.session_state[session.LAST_ACTIVE] < 60 and isinstance(at.session_state[state.PHOTO], state.PhotoInput)


@pytest.mark.parametrize(("idle_s", "warned"), [(0.0, False), (420.0, False), (460.0, True), (599.0, True), (601.0, False)])
def test_the_idle_warning_comes_a_quarter_of_the_timeout_before(monkeypatch: pytest.MonkeyPatch, idle_s: float, warned: bool) -> None:
    monkeypatch.setattr(session, "holds_person", lambda: True)
    monkeypatch.setattr(session.st, "session_state", {session.LAST_ACTIVE: 1000.0})
    assert (session.idle_warning(now=1000.0 + idle_s, timeout_s=600.0) is not None) is warned


@pytest.mark.parametrize(("timeout_s", "minutes"), [(60.0, "1 minute"), (30.0, "0.5 minutes"), (600.0, "10 minutes")])
def test_the_idle_notice_and_warning_say_one_minute_in_the_singular(monkeypatch: pytest.MonkeyPatch, timeout_s: float, minutes: str) -> None:
    # a one-minute timeout said "This session was cleared after 1 minutes"
    monkeypatch.setattr(session, "IDLE_TIMEOUT_S", timeout_s)
    monkeypatch.setattr(session, "holds_person", lambda: True)
    cleared: list[str | None] = []
    monkeypatch.setattr(session, "new_person", lambda notice=None, **_: cleared.append(notice))
    monkeypatch.setattr(session.st, "session_state", {session.LAST_ACTIVE: 1000.0})
    monkeypatch.setattr(session.time, "monotonic", lambda: 1000.0 + timeout_s + 1)
    assert session.clear_if_idle() and cleared == [session.IDLE_NOTICE.format(minutes=minutes)]
    assert f"after {minutes} with" in str(cleared[0])
    warning = session.idle_warning(now=1000.0 + timeout_s, timeout_s=timeout_s)  # idle exactly as long as the timeout
    assert warning is not None and warning.startswith(f"Nothing has been chosen, typed or pressed for {minutes}:")


def test_the_idle_warning_box_is_kept_in_view_on_every_page_style_sheet() -> None:
    # drawn at the page's top, it was 1,860 px above a person who had scrolled down to the measures (see the browser test)
    css = session.IDLE_BOX_CSS
    assert f".st-key-{session.IDLE_BOX} {{ position: fixed !important;" in css and "bottom: 1rem" in css
    assert "@media (max-width: 640px)" in css  # across a phone's width
    assert css in shell._BASE_CSS and css in shell._PRESENTER_CSS


def test_an_idle_session_without_anything_of_a_person_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "IDLE_TIMEOUT_S", 600.0)
    at = AppTest.from_file(APP, default_timeout=120).run()  # the sample only
    at.session_state[session.LAST_ACTIVE] = time.monotonic() - 601
    at.run()
    assert not at.exception and "cleared after" not in _texts(at.info)  # no notice: there was nothing to clear


def test_without_the_setting_there_is_no_idle_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "IDLE_TIMEOUT_S", None)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(face_path("frl_london_006_03.jpg").read_bytes())
    at.run()
    at.session_state[session.LAST_ACTIVE] = time.monotonic() - 86_400
    at.run()
    assert isinstance(at.session_state[state.PHOTO], state.PhotoInput)


@pytest.mark.parametrize(("raw", "seconds"), [("10", 600.0), (" 0.5 ", 30.0), ("", None), ("0", None), ("-3", None), ("ten", None)])
def test_the_idle_timeout_is_read_from_the_environment(raw: str, seconds: float | None) -> None:
    assert session.idle_timeout({session.IDLE_ENV: raw}) == seconds


def test_a_person_s_photo_work_is_cached_per_session_and_dropped_when_the_tab_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = face_path("frl_london_005_03.jpg").read_bytes()
    digest = state.PhotoInput.of(data, "x", "test").digest
    current = {"id": "session-a"}
    monkeypatch.setattr(cache_resource_api, "get_session_id_or_throw", lambda: current["id"])
    a = cache.work(digest, data)
    assert cache.work(digest, data) is a  # the same session finds its own work
    current["id"] = "session-b"
    b = cache.work(digest, data)
    assert b is not a  # another session with the same bytes never gets it
    current["id"] = "session-a"
    cache_resource_api.clear_session_cache("session-a")  # what Streamlit does when session-a's tab disconnects
    assert cache.work(digest, data) is not a
    current["id"] = "session-b"
    assert cache.work(digest, data) is b
    cache_resource_api.clear_session_cache("session-a")
    cache_resource_api.clear_session_cache("session-b")


def test_only_the_sample_landmarker_and_content_are_cached_across_sessions() -> None:
    shared_ok = {"landmarker", "sample", "library", "_sample_work", "sample_backdrop", "_timeline_base", "pictogram_png", "_release_for"}
    shared_ok |= {"tour", "presenter_timeline"}  # demo mode's tour of the sample; a time course drawn from the content alone
    found: list[str] = []
    for path in sorted((REPO / "ui").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"@st\.cache_(?:resource|data)\(([^)]*)\)\s*\ndef (\w+)", source):
            if 'scope="session"' not in match.group(1):
                found.append(match.group(2))
    assert found and set(found) <= shared_ok, set(found) - shared_ok


def test_closing_the_tab_empties_the_session_state(monkeypatch: pytest.MonkeyPatch) -> None:
    dropped: list[str] = []
    monkeypatch.setattr(session, "_drop_streamlit_files", dropped.append)
    values: dict[str, Any] = {state.PHOTO: _photo(b"bytes"), state.PRESENTER: True, "visit_photos": {}}
    session._on_close(session._Release("sid", values))
    assert values == {} and dropped == ["sid"]


def test_the_streamlit_stores_the_app_empties_have_the_methods_it_calls() -> None:
    # ui.state.drop_upload and ui.session rely on these (pinned Streamlit); an upgrade that renames them must fail here
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    assert callable(MemoryUploadedFileManager.remove_file) and callable(UploadedFileManager.remove_session_files)
    assert callable(MediaFileManager.clear_session_refs) and callable(MediaFileManager.remove_orphaned_files)


def test_an_uploaded_file_is_read_once_and_the_uploader_emptied() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    key = at.file_uploader[0].key
    at.file_uploader[0].set_value(("face.jpg", face_path("frl_london_005_03.jpg").read_bytes(), "image/jpeg")).run()
    assert not at.exception
    assert at.file_uploader[0].key != key and not at.file_uploader[0].value  # the widget lets go of its copy
    assert at.session_state[state.PHOTO].name == "face.jpg"


def test_a_new_photo_is_not_taken_as_mirrored_because_the_last_one_was() -> None:
    # "This photo is mirrored" belongs to one photo: kept on for the next person's upload, it named their left side right
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader[0].set_value(("one.jpg", face_path("frl_london_005_03.jpg").read_bytes(), "image/jpeg")).run()
    at.toggle(key=state.MIRRORED).set_value(True).run()
    assert at.session_state[state.MIRRORED] and any("marked as mirrored" in c.value for c in at.caption)
    at.file_uploader[0].set_value(("two.jpg", face_path("frl_london_061_03.jpg").read_bytes(), "image/jpeg")).run()
    assert not at.exception
    assert at.session_state[state.PHOTO].name == "two.jpg" and not at.session_state[state.MIRRORED]
    assert not at.toggle(key=state.MIRRORED).value and not any("marked as mirrored" in c.value for c in at.caption)
    assert [i.value for i in at.info if i.value == state.MIRRORED_RESET]  # said once, so the change is not silent
    at.run()
    assert not [i.value for i in at.info if i.value == state.MIRRORED_RESET]
    at.file_uploader[0].set_value(("three.jpg", face_path("frl_london_005_03.jpg").read_bytes(), "image/jpeg")).run()
    assert not at.session_state[state.MIRRORED] and not [i.value for i in at.info if i.value == state.MIRRORED_RESET]  # it was off


def test_a_click_or_a_second_file_soon_after_an_upload_neither_fails_nor_drops_the_photo(monkeypatch: pytest.MonkeyPatch) -> None:
    # A click that reaches the server before the emptied uploader is on the page sends the uploader's old value again:
    # Streamlit hands the callback a DeletedFile (no bytes). It once raised AttributeError (the page showed
    # Streamlit's error box, and a "Yes, clear" clicked then never ran); it must leave the photo taken the first time.
    from streamlit.runtime.uploaded_file_manager import DeletedFile

    session_state: dict[str, Any] = {}
    monkeypatch.setattr(state.st, "session_state", session_state)
    taken = _photo(b"first")
    session_state[state.PHOTO] = taken
    session_state["uploader"] = DeletedFile("file-id")
    state.take_widget("uploader", "upload")
    assert session_state[state.PHOTO] is taken

    session_state["uploader"] = None  # a file taken out of the box before it was taken: a second one chosen quickly
    state.take_widget("uploader", "upload")
    assert session_state[state.PHOTO] is taken  # the person's photo stays; the sample does not take its place

    slots = visits_ui.SLOTS
    monkeypatch.setattr(slots, "receive", lambda *a, **k: pytest.fail("a DeletedFile has no photo to receive"))
    session_state["slot-uploader"] = DeletedFile("file-id")
    slots.take_widget("slot-uploader", "before", "upload")  # returns quietly: nothing to take


ATTACKS = ["![](http://attacker.invalid/p.png)", "[click](http://attacker.invalid)", "<img src=x>", "www.attacker.invalid", ":red[**big**]"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_url_parameters_are_echoed_as_plain_text_only(attack: str) -> None:
    at = AppTest.from_file(LEARN, default_timeout=60)
    at.query_params["region"] = attack
    at.query_params["muscle"] = attack
    at.query_params["q"] = attack
    at.run()
    assert not at.exception
    notes = [c.value for c in at.caption if "The link asked for" in c.value]
    assert len(notes) == 2
    for note in notes:
        assert "attacker" not in attack or "attacker" in note
        assert not re.search(r"(?<!\\)[!\[\]()<>*:]", note.split("'", 1)[1].rsplit("'", 1)[0]), note  # every markup character escaped
    markdown = [str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]]
    for text in markdown:
        assert not re.search(r"(?<!\\)!\[[^\]]*\]\(http://attacker", text), text
        assert not re.search(r"(?<!\\)\]\(http://attacker", text), text
    assert at.text_input(key=learn_ui.QUERY).value == attack[:100]  # the search box holds it as typed (a widget value, not Markdown)


def test_a_grey_image_on_every_page_never_raises() -> None:
    buf = io.BytesIO()
    Image.fromarray(np.full((240, 240, 3), 128, np.uint8)).save(buf, "PNG")
    at = AppTest.from_file(APP, default_timeout=120)
    grey = _photo(buf.getvalue())
    at.session_state[state.PHOTO] = grey
    at.session_state[movement_ui.PHOTOS] = {"smile": grey}
    at.session_state[visits_ui.PHOTOS] = {"after": grey}
    at.run()
    for name, _title, _icon in site.PAGE_LIST:
        at.switch_page(f"ui/pages/{name}").run()
        assert not at.exception, name


assert Path(APP).is_file()


def test_new_person_drops_the_sessions_files_from_streamlits_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    # the checklist's Markdown with the last person's note was still served at its /media address after "New person"
    dropped: list[str] = []
    monkeypatch.setattr(session, "_drop_streamlit_files", dropped.append)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.button(key=shell.NEW_PERSON).click().run()
    assert not dropped  # asking is not clearing
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception and len(dropped) == 1 and dropped[0]


def test_after_new_person_the_last_persons_region_and_muscle_filters_are_not_read_back_from_the_address() -> None:
    # the filters are written to the address (a copied link reopens the view); Back after "New person" replayed the
    # last person's "learn?region=jaw&muscle=frontalis" into the emptied filters, and the page kept them
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/pages/learn.py").run()
    at.selectbox(key=learn_ui.REGION).select("jaw").run()
    at.selectbox(key=learn_ui.MUSCLE).select("frontalis").run()
    assert at.query_params[learn_ui.PARAM_REGION] == ["jaw"]  # written, as before
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    at.query_params[learn_ui.PARAM_REGION] = "jaw"  # Back, after it
    at.query_params[learn_ui.PARAM_MUSCLE] = "frontalis"
    at.run()
    assert not at.exception
    assert at.selectbox(key=learn_ui.REGION).value == "" and at.selectbox(key=learn_ui.MUSCLE).value == ""
    # the address Back went to is left as it is: taking the filters out added an entry in front of it, and Back
    # landed on it again and again (the history alternated "learn?region=forehead" and "learn")
    at.run()
    assert at.query_params[learn_ui.PARAM_REGION] == ["jaw"] and at.query_params[learn_ui.PARAM_MUSCLE] == ["frontalis"]
    assert at.selectbox(key=learn_ui.REGION).value == "" and at.selectbox(key=learn_ui.MUSCLE).value == ""
    # the next person's own filter, when its address comes back, is read as before
    at.selectbox(key=learn_ui.REGION).select("brows").run()
    assert at.query_params[learn_ui.PARAM_REGION] == ["brows"] and learn_ui.PARAM_MUSCLE not in at.query_params  # the address follows
    at.selectbox(key=learn_ui.REGION).select("mouth").run()
    at.query_params[learn_ui.PARAM_REGION] = "brows"
    at.run()
    assert at.selectbox(key=learn_ui.REGION).value == "brows"
