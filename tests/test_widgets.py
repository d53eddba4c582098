"""Widgets every page shares (:mod:`ui.widgets`), drawn by AppTest in a small script of their own."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui import widgets

KEY = "test_box_open"


def _opened_script() -> None:
    from ui import widgets

    box = widgets.opened("A chart", key="test_box_open", icon=":material/bar_chart:")
    if box is not None:
        box.markdown("The chart's content")


def _expander(at: AppTest) -> tuple[str, bool]:
    """The expander's id and whether it is drawn open (AppTest lists an expander with an icon as a status)."""
    (block,) = at.get("status")
    return block.proto.id, block.proto.expanded


def _drawn(at: AppTest) -> bool:
    return any(m.value == "The chart's content" for m in at.markdown)


def test_opened_draws_its_content_only_while_open_in_one_and_the_same_expander() -> None:
    # Streamlit's id for an expander includes its ``expanded`` argument: opening one whose ``expanded`` followed the
    # state gave it a new id, the browser drew a new expander, and the keyboard's focus on its header was lost.
    at = AppTest.from_function(_opened_script).run()
    assert not at.exception
    closed_id, expanded = _expander(at)
    assert not expanded and not _drawn(at)
    at.session_state[KEY] = True  # what opening it does (its callback copies the expander's state to the key)
    at.run()
    open_id, expanded = _expander(at)
    assert expanded and _drawn(at)
    assert open_id == closed_id
    at.session_state[KEY] = False
    at.run()
    assert _expander(at) == (closed_id, False) and not _drawn(at)


def test_opened_opens_from_its_key_in_a_new_script_run_of_the_page() -> None:
    # the expander's own state is forgotten on a page change; the key, kept for the session, opens it again
    at = AppTest.from_function(_opened_script)
    at.session_state[KEY] = True
    at.run()
    assert not at.exception
    assert _expander(at)[1] and _drawn(at)


def _focus_script() -> None:
    import streamlit as st

    from ui import widgets

    st.button("Upload", key="movement-upload-brows_up-0-g0")
    widgets.focus_ui("movement-upload-brows_up-0-g0")


def test_focus_ui_names_the_widget_to_focus_in_a_hidden_script() -> None:
    at = AppTest.from_function(_focus_script).run()
    assert not at.exception
    (html,) = [h.proto.body for h in at.get("html")]
    assert 'data-mm-focus="movement-upload-brows_up-0-g0"' in html
    assert '".st-key-movement-upload-brows_up-0-g0"' in html  # the element Streamlit marks with the widget's key
    assert "<script>" in html and "__" not in html  # every placeholder filled
    assert "button:not([disabled])" in html and "stAlert" not in html  # the widget's control, not a message
    assert "http" not in html  # loads nothing


@pytest.mark.parametrize("key", ['a"b', "a b", "a.b", "", "<script>"])
def test_focus_ui_refuses_a_key_that_is_not_letters_digits_dashes_and_underscores(key: str) -> None:
    with pytest.raises(ValueError, match="key: letters, digits"):
        widgets.focus_ui(key)


def test_plain_keeps_a_number_with_its_unit_and_its_plus_minus() -> None:
    # "(typical 0.8" ended a line on a phone, and "mm)" began the next
    shown = widgets.plain("Brow height (typical 0.8 mm), 1.5 ± 0.4 mm on day 14, in 2 muscles")
    assert shown == "Brow height \\(typical 0.8\u00a0mm\\), 1.5\u00a0±\u00a00.4\u00a0mm on day\u00a014, in 2 muscles"
    assert widgets.plain("typical 0.8 mm").endswith("0.8\u00a0mm")


def test_the_presenter_hints_say_where_the_switch_is_from_where_each_stands() -> None:
    # a page points to the sidebar; the sidebar's own caption, right under the switch, sent a person looking for a
    # sidebar from inside it ("Turn presenter mode off (in the sidebar)")
    assert "in the sidebar" in widgets.PRESENTER_HINT
    assert "sidebar" not in widgets.SIDEBAR_PRESENTER_HINT and "above" in widgets.SIDEBAR_PRESENTER_HINT


def test_the_sidebar_says_its_hint_under_the_presenter_switch() -> None:
    from tests.conftest import REPO
    from ui import state

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.toggle(key=state.PRESENTER).set_value(True).run()
    captions = [str(c.value) for c in at.sidebar.caption]
    assert widgets.SIDEBAR_PRESENTER_HINT in captions and widgets.PRESENTER_HINT not in captions
    toggles = [t.label for t in at.sidebar.toggle]
    assert toggles == ["Presenter mode"]  # the switch the hint's "above" means: the sidebar's only one, drawn before it


def test_every_mirrored_switch_says_a_photo_from_the_apps_own_camera_is_not_mirrored() -> None:
    # "Front cameras often save a mirror image. Say so here" stood under camera photos, which the browser hands over
    # as the camera sees them: a patient who followed it swapped every side
    from ui import state, visits_ui

    def first_page() -> None:
        import streamlit as st

        from ui import state, widgets

        if state.MIRRORED not in st.session_state:
            st.session_state[state.MIRRORED] = False
        widgets.first_page_mirrored_ui(False)

    at = AppTest.from_function(first_page).run()
    assert not at.exception and widgets.CAMERA_NOT_MIRRORED in (at.toggle(key=state.MIRRORED).help or "")
    assert widgets.CAMERA_NOT_MIRRORED in widgets.PAGE_MIRRORED_HELP and widgets.CAMERA_NOT_MIRRORED in visits_ui.SLOT_MIRRORED_HELP
