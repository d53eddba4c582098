"""The Visits after photo follows the first page's photo it was compared with (AppTest): cleared or replaced by another
picture, that photo takes the after photo with it, and the page says so once.

A QA walk found patient 061's after photo still on the page, compared with patient 025's photo, after the first page's
photo was cleared and replaced (:meth:`ui.photo_slots.Slots.follow`).
"""

from __future__ import annotations

from functools import cache

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_path
from tests.tables import shown_tables
from ui import state, visits_ui

PAGE = str(REPO / "ui" / "pages" / "visits.py")
#: One person's rest and smile photos (the smile stands in as the later visit: the page only needs two measurable
#: photos), and another person's rest photo.
BEFORE, AFTER, OTHER = "frl_london_061_03.jpg", "frl_london_061_08.jpg", "frl_london_025_03.jpg"


@cache
def _photo(name: str) -> state.PhotoInput:
    return state.PhotoInput.of(face_path(name).read_bytes(), name, "test")


def _infos(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.info]


def _page_with_after(first_page: str = BEFORE) -> AppTest:
    """The page with the first page's photo as the before photo and an after photo added here, compared."""
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(first_page)
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    assert not at.exception and shown_tables(at)
    return at


def test_clearing_the_first_pages_photo_removes_the_after_photo_and_says_so_once() -> None:
    at = _page_with_after()
    at.session_state[state.PHOTO] = None  # "Clear photo" on the first page
    at.run()
    assert not at.exception
    assert "after" not in at.session_state[visits_ui.PHOTOS]
    assert _infos(at).count(visits_ui.AFTER_DROPPED) == 1 and not shown_tables(at)
    at.run()  # said once
    assert visits_ui.AFTER_DROPPED not in _infos(at)


def test_another_persons_photo_on_the_first_page_removes_the_after_photo() -> None:
    at = _page_with_after()
    at.session_state[state.PHOTO] = _photo(OTHER)
    at.run()
    assert not at.exception
    assert "after" not in at.session_state[visits_ui.PHOTOS] and visits_ui.AFTER_DROPPED in _infos(at)
    assert not shown_tables(at)  # no comparison of two people
    # an after photo added against the new photo follows that one
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    assert "after" in at.session_state[visits_ui.PHOTOS] and shown_tables(at)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.run()
    assert "after" not in at.session_state[visits_ui.PHOTOS]


def test_the_same_picture_given_again_keeps_the_after_photo() -> None:
    at = _page_with_after()
    at.session_state[state.PHOTO] = state.PhotoInput.of(_photo(BEFORE).data, "again.jpg", "upload")  # the same bytes
    at.run()
    assert not at.exception and "after" in at.session_state[visits_ui.PHOTOS]
    assert visits_ui.AFTER_DROPPED not in _infos(at) and shown_tables(at)


def test_a_before_photo_of_the_slots_own_keeps_the_after_photo() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(OTHER)
    at.session_state[visits_ui.PHOTOS] = {"before": _photo(BEFORE), "after": _photo(AFTER)}
    at.run()
    at.session_state[state.PHOTO] = None
    at.run()
    assert not at.exception and set(at.session_state[visits_ui.PHOTOS]) == {"before", "after"}
    assert visits_ui.AFTER_DROPPED not in _infos(at) and shown_tables(at)


def test_the_mirrored_switch_of_a_removed_after_photo_resets() -> None:
    at = _page_with_after()
    at.toggle(key=f"{visits_ui.MIRRORED}-after").set_value(True).run()
    assert at.session_state[f"{visits_ui.MIRRORED_KEPT}-after"] == _photo(AFTER).digest  # marked mirrored
    at.session_state[state.PHOTO] = None
    at.run()
    at.session_state[state.PHOTO] = _photo(BEFORE)  # the same patient again, and the same after photo
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    assert not at.exception and shown_tables(at)
    assert at.toggle(key=f"{visits_ui.MIRRORED}-after").value is False


def _clear_button_script() -> None:
    """The Visits slots read once, then only the first page's "Clear photo" (its ``on_click``): the after photo goes at
    the click, before the Visits page is shown again."""
    import streamlit as st

    from ui import state, visits_ui

    if "seen" not in st.session_state:
        visits_ui.SLOTS.all()
        st.session_state["seen"] = True
    st.button("Clear photo", key="clear", on_click=state.clear_photo)


def test_the_first_pages_clear_button_removes_the_after_photo_at_once() -> None:
    at = AppTest.from_function(_clear_button_script, default_timeout=60)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    assert "after" in at.session_state[visits_ui.PHOTOS]
    at.button(key="clear").click().run()
    assert not at.exception
    assert "after" not in at.session_state[visits_ui.PHOTOS]


def _clear_photo_script() -> None:
    """As :func:`_clear_button_script`, with the first page's own "Clear photo" callback, which says which photos stay."""
    import streamlit as st

    from ui import analyze_ui, state, visits_ui

    if "seen" not in st.session_state:
        visits_ui.SLOTS.all()
        st.session_state["seen"] = True
    st.button("Clear photo", key="clear", on_click=analyze_ui._removed, args=(state.CLEARED,))


def test_clearing_the_photo_says_no_photo_stays_when_its_after_photo_went_with_it() -> None:
    # "photos added on the Expressions or Visits page stay" was said of the after photo the clear had just removed
    from ui.analyze_ui import KEPT_ELSEWHERE

    at = AppTest.from_function(_clear_photo_script, default_timeout=60)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    at.button(key="clear").click().run()
    assert not at.exception
    assert at.session_state[state.NOTICE] == state.CLEARED and KEPT_ELSEWHERE not in at.session_state[state.NOTICE]


def test_a_mirror_image_told_by_the_face_shape_is_said_once() -> None:
    # a blue box ("match as one person's only with one photo flipped") sat over the summary saying the same
    import io

    import numpy as np
    from PIL import Image

    from viz.visits import MIRROR_SHAPE, SHAPES_MATCH_FLIPPED

    buf = io.BytesIO()
    Image.fromarray(np.asarray(Image.open(face_path("frl_london_006_08.jpg")))[:, ::-1]).save(buf, "JPEG", quality=95)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo("frl_london_006_03.jpg")  # 006: its face is told from its mirror image
    at.session_state[visits_ui.PHOTOS] = {"after": state.PhotoInput.of(buf.getvalue(), "selfie.jpg", "test")}
    at.run()
    assert not at.exception
    shown = [str(e.value) for e in (*at.info, *at.warning, *at.success)]
    assert sum(MIRROR_SHAPE in t for t in shown) == 1
    assert not any(SHAPES_MATCH_FLIPPED in t for t in shown)
