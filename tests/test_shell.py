"""The frame around every page (:mod:`ui.shell`): what the sidebar adds to every page, in AppTest and as static text.

The skip link and the touch targets are checked in Chromium too (tests/test_browser_keyboard.py, tests/test_browser_phone.py).
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from ui import shell, state


def _frame_script() -> None:
    from ui import shell

    shell.sidebar()


@pytest.mark.parametrize("presenter", [False, True])
def test_every_page_gets_the_skip_link_in_a_script_of_its_own(presenter: bool) -> None:
    at = AppTest.from_function(_frame_script, default_timeout=120)
    at.session_state[state.PRESENTER] = presenter
    at.run()
    assert not at.exception
    skip = [h for h in at.get("html") if "data-mm-skip" in h.proto.body]
    assert len(skip) == 1 and skip[0].proto.unsafe_allow_javascript
    assert shell.SKIP_LABEL in skip[0].proto.body


def test_the_skip_link_is_static_first_in_the_document_and_loads_nothing() -> None:
    html = shell._SKIP_LINK
    assert f'link.textContent = "{shell.SKIP_LABEL}"' in html
    assert "document.body.prepend(link)" in html  # before the sidebar's controls, the first stop of the Tab key
    assert "a.mm-skip:focus { transform: none;" in html  # shown while it has the focus, off screen otherwise
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(|src=", html)


def test_the_larger_touch_targets_are_for_a_finger_only_and_in_both_type_sizes() -> None:
    css = shell._TOUCH_TARGETS
    assert css.strip().startswith("@media (pointer: coarse) {") and css.count("@media") == 1  # a mouse's targets unchanged
    assert f"width: {shell.TOUCH_PX}px; height: {shell.TOUCH_PX}px" in css and shell.TOUCH_PX >= 44
    for target in ("stTooltipHoverTarget", "stExpandSidebarButton", "stSidebarCollapseButton"):
        assert target in css
    assert css in shell._BASE_CSS and css in shell._PRESENTER_CSS


def _focus_scripts(at: AppTest) -> list[str]:
    return [m.group(1) for h in at.get("html") for m in [re.search(r'data-mm-focus="([^"]+)"', h.proto.body)] if m]


def test_new_person_s_question_takes_the_focus_names_it_and_gives_it_back_after_cancel() -> None:
    # the inline question appeared unfocused and unannounced, and the focus fell to the page
    at = AppTest.from_function(_frame_script, default_timeout=120)
    at.run()
    assert _focus_scripts(at) == []
    at.button(key=shell.NEW_PERSON).click().run()
    assert _focus_scripts(at) == [shell.NEW_PERSON_YES]
    named = [h.proto.body for h in at.get("html") if f'data-mm-button="{shell.NEW_PERSON_YES}"' in h.proto.body]
    assert len(named) == 1 and f"Yes, clear {shell.CLEARS}" in named[0].replace("&#x27;", "'")
    escape = [h for h in at.get("html") if "data-mm-escape" in h.proto.body]
    assert len(escape) == 1 and escape[0].proto.unsafe_allow_javascript and f".st-key-{shell.NEW_PERSON_CANCEL} button" in escape[0].proto.body
    at.run()  # any other rerun while the question is open leaves the focus where the person put it
    assert _focus_scripts(at) == []
    at.button(key=shell.NEW_PERSON_CANCEL).click().run()
    assert _focus_scripts(at) == [shell.NEW_PERSON] and not [h for h in at.get("html") if "data-mm-escape" in h.proto.body]
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    # cleared: on the sentence saying so, not back on "New person", whose tooltip follows the focus
    assert _focus_scripts(at) == [shell.NEW_PERSON_CLEARED] and at.sidebar.success


def test_the_sidebar_moves_the_focus_preview_s_plan_asked_for_and_says_what_changed() -> None:
    from ui import plan

    def cut_then_frame() -> None:
        from ui import plan, shell

        plan.set_plan([])  # "Clear the plan" (an on_click: before the sidebar is drawn)
        shell.sidebar()

    at = AppTest.from_function(cut_then_frame, default_timeout=120)
    at.session_state[plan.PLAN] = [("frontalis", "left", "moderate")]
    at.run()
    assert _focus_scripts(at) == [plan.BUILDER] and [t.value for t in at.toast] == ["Plan cleared."]
    at.run()
    assert _focus_scripts(at) == [] and not at.toast


def test_after_new_person_the_focus_script_moves_to_the_cleared_sentence_and_loads_nothing() -> None:
    # the focus went back to "New person", whose tooltip followed it and covered the sentence and the next person's photo
    at = AppTest.from_function(_frame_script, default_timeout=120)
    at.run()
    at.button(key=shell.NEW_PERSON).click().run()
    at.button(key=shell.NEW_PERSON_YES).click().run()
    assert not at.exception
    assert any(s.value.startswith("Everything from the last person was cleared") for s in at.sidebar.success)
    assert _focus_scripts(at) == [shell.NEW_PERSON_CLEARED]  # one focus script, to the sentence's container
    (script,) = [h for h in at.get("html") if 'data-mm-focus="' in h.proto.body]
    assert script.proto.unsafe_allow_javascript and "[data-testid='stAlert']" in script.proto.body
    assert "button:not([disabled])" not in script.proto.body  # the message, not the container's first control
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(|src=", script.proto.body)
    (to_top,) = [h for h in at.get("html") if "data-mm-to-top" in h.proto.body]  # and the page to its top
    assert to_top.proto.unsafe_allow_javascript and "scrollTo" in to_top.proto.body
    at.run()  # once: the next run neither says it again nor moves the focus or the page
    assert _focus_scripts(at) == [] and not [h for h in at.get("html") if "data-mm-to-top" in h.proto.body]


def test_a_refused_file_s_sentence_is_shown_with_the_configured_limit_and_what_to_do_in_both_type_sizes() -> None:
    # Streamlit 1.60 kept its "File must be 25.0MB or smaller." in a 1 x 1 px clipped span: nothing said why the file was ignored
    import streamlit as st

    from ui import widgets

    css = shell._REFUSED_FILE
    shown = css[css.index(f"{shell._CHIP_ALERT} {{") :]
    for visible in ("position: static !important", "clip: auto !important", "clip-path: none !important", "height: auto !important"):
        assert visible in shown.split("}")[0]
    advice = widgets.upload_refused_advice()
    limit = st.get_option("server.maxUploadSize")
    assert f"up to {limit}\N{NO-BREAK SPACE}MB" in advice and "JPEG" in advice and "camera's own photo" in advice
    assert f'{shell._CHIP_ALERT}::after {{ content: " {advice}"; }}' in css  # no quote in it to end the CSS string early
    assert css in shell._BASE_CSS and css in shell._PRESENTER_CSS
    assert shell._CAMERA_ASK in shell._BASE_CSS and shell._CAMERA_ASK in shell._PRESENTER_CSS


def test_the_camera_s_request_box_grows_to_its_content_and_leaves_the_video_s_box_alone() -> None:
    # at 1366 x 768 Streamlit's 9/16 height (131 px) cut off the top of the camera icon; the video's box keeps its own size
    rule = shell._CAMERA_ASK
    assert "> div:not([data-testid])" in rule and "min-height: max-content" in rule
    assert "height: auto" not in rule  # a minimum: a wider box (a phone's) keeps Streamlit's 16:9 height


@pytest.mark.parametrize(("text", "escaped"), [('say "hi"', 'say \\"hi\\"'), ("a\\b", "a\\\\b"), ("camera's", "camera's")])
def test_css_strings_escape_their_quotes_and_backslashes(text: str, escaped: str) -> None:
    assert shell._css_string(text) == escaped
