"""ui.a11y (AppTest): pictures as <figure> with alt text and caption, chart descriptions, and the checks on what goes in."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.pictures import images


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 4), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _page(alt: str, caption: str | None, width: object, key: str = "test-picture") -> AppTest:
    def page(alt: str, caption: str | None, width: object, key: str) -> None:
        import io

        from PIL import Image

        from ui import a11y

        buf = io.BytesIO()
        Image.new("RGB", (8, 4), (200, 30, 30)).save(buf, "PNG")
        a11y.image(buf.getvalue(), alt=alt, key=key, caption=caption, width=width)  # type: ignore[arg-type]
        a11y.describe_chart("some-chart", "A bar chart of <two> things & more")

    return AppTest.from_function(page, kwargs={"alt": alt, "caption": caption, "width": width, "key": key}).run()


def test_a_picture_is_a_figure_with_its_alt_text_and_caption_escaped() -> None:
    at = _page('A red <box> & a "quote"', "Under the <picture>", "stretch")
    assert not at.exception
    [(alt, src)] = images(at)
    assert alt == "A red &lt;box&gt; &amp; a &quot;quote&quot;"
    # inside the page, not a /media/ file: the browser kept those in its disk cache after "New person" and closing
    assert src.startswith("data:image/png;base64,") and Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).size == (8, 4)
    body = next(h.proto.body for h in at.get("html") if "<figure" in h.proto.body)
    assert "<figcaption>Under the &lt;picture&gt;</figcaption>" in body and 'style="width: 100%;"' in body


def test_a_chart_description_is_hidden_and_escaped() -> None:
    at = _page("A red box", None, 120)
    bodies = [h.proto.body for h in at.get("html")]
    assert any('data-mm-chart="some-chart" hidden>A bar chart of &lt;two&gt; things &amp; more</span>' in b for b in bodies)
    assert any('style="width: 120px;"' in b and "<figcaption>" not in b for b in bodies)


@pytest.mark.parametrize(
    ("alt", "key", "data", "match"),
    [
        ("   ", "ok-key", _png(), "alt: must say"),
        ("A red box", "bad key!", _png(), "key: letters"),
        ("A red box", "a/b", _png(), "key: letters"),
        ("A red box", "ok-key", b"<svg></svg>", "JPEG, PNG or GIF"),
    ],
)
def test_a_blank_alt_an_unsafe_key_or_other_bytes_are_refused_before_anything_is_shown(alt: str, key: str, data: bytes, match: str) -> None:
    from ui import a11y

    with pytest.raises(ValueError, match=match):
        a11y.image(data, alt=alt, key=key)
    with pytest.raises(ValueError, match="key: letters"):
        a11y.describe_chart("no spaces allowed", "A chart")


def test_only_jpeg_png_or_gif_bytes_are_shown() -> None:
    from ui.a11y import _mimetype

    assert _mimetype(_png()) == "image/png"
    with pytest.raises(ValueError, match="JPEG, PNG or GIF"):
        _mimetype(b"<svg></svg>")


def test_every_self_hiding_element_is_hidden_by_its_own_marker_and_a_bad_key_is_refused() -> None:
    # one rule for the four scripts and styles drawn as elements (a11y, focus, phone, skip link): each hides the
    # container of its own marker, so a page that draws only one of them has no gap where it sits
    from ui import a11y

    html = a11y.hides_itself("focus", "<script>go()</script>", value="upload-0")
    assert html.startswith('<span data-mm-focus="upload-0" hidden></span>')
    assert ".stElementContainer:has(> .stHtml > [data-mm-focus]) { display: none; }" in html and html.endswith("<script>go()</script>")
    for bad in ("a b", 'x"><script>', ""):
        with pytest.raises(ValueError, match="key: letters"):
            a11y.check_key(bad)
    with pytest.raises(ValueError, match="key: letters"):
        a11y.hides_itself("focus", "", value='x"><b>')
    assert a11y.check_key("movement-upload-brows_up-0-g0") == "movement-upload-brows_up-0-g0"


def test_the_install_script_survives_streamlit_s_sanitizer() -> None:
    # st.html passes its body through DOMPurify, which drops a whole script whose text holds "<" and a letter or "/"
    # (a comment that named "<section>" did: no chart was named, no icon hidden, and nothing said why)
    import re

    from ui.a11y import _INSTALL_BODY

    script = _INSTALL_BODY.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    style = _INSTALL_BODY.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "label()" in script and "@media (forced-colors: active)" in style
    assert re.findall(r"<[/\w]", script) == [] and re.findall(r"<[/\w]", style) == []


def _announce_script() -> None:
    import streamlit as st

    from ui import a11y

    a11y.announce(st.session_state.get("said", "Day 14: brow height <difference> 1.2 mm & falling."))


def test_an_announcement_is_a_hidden_sentence_for_the_page_s_one_polite_status_region() -> None:
    # the day slider's new numbers were not announced; Streamlit redraws an element's HTML whole, so the sentence goes
    # to one region the install script keeps in the page
    from ui import a11y

    at = AppTest.from_function(_announce_script).run()
    assert not at.exception
    (body,) = [h.proto.body for h in at.get("html")]
    assert body == "<span data-mm-a11y data-mm-status hidden>Day 14: brow height &lt;difference&gt; 1.2 mm &amp; falling.</span>"
    assert not at.get("html")[0].proto.unsafe_allow_javascript  # the app's words only: no script of its own
    with pytest.raises(ValueError, match="sentence: must say"):
        a11y.announce("  ")
    script = a11y._INSTALL_BODY.split("<script>", 1)[1]
    for line in (
        f'status.id = "{a11y.STATUS_ID}";',
        'status.setAttribute("role", "status");',
        'status.setAttribute("aria-live", "polite");',
        "clip-path: inset(50%)",  # visually hidden, still read
        "document.body.append(status);",  # outside Streamlit's elements: kept across reruns
    ):
        assert line in script, line
    assert script.count("createElement(") == 1  # one region, made once per page (the script runs once)


def _focus_script() -> None:
    import streamlit as st

    from ui import a11y

    st.button("Go", key="some-button")
    if st.session_state.pop("ask", False):
        a11y.focus_next_run("some-button", said=st.session_state.get("said", ""), icon=":material/check:")
    a11y.next_focus_ui()


def test_a_focus_asked_for_moves_once_in_the_next_run_and_says_what_was_asked() -> None:
    # "New person"'s question and Preview's "Remove" kept a session key each for the same job
    at = AppTest.from_function(_focus_script).run()
    assert not at.exception and [h for h in at.get("html") if "data-mm-focus" in h.proto.body] == []
    at.session_state["ask"] = True
    at.session_state["said"] = "Done."
    at.run()
    (focus,) = [h.proto.body for h in at.get("html") if "data-mm-focus" in h.proto.body]
    assert 'data-mm-focus="some-button"' in focus and '".st-key-some-button"' in focus  # asked and drawn in the same run
    assert [t.value for t in at.toast] == ["Done."]
    at.run()  # once
    assert [h for h in at.get("html") if "data-mm-focus" in h.proto.body] == [] and not at.toast
    at.session_state["ask"] = True
    at.session_state["said"] = ""
    at.run()
    assert len([h for h in at.get("html") if "data-mm-focus" in h.proto.body]) == 1 and not at.toast  # nothing to say: no toast


def test_a_focus_asked_for_an_unsafe_key_is_refused() -> None:
    from ui import a11y

    with pytest.raises(ValueError, match="key: letters"):
        a11y.focus_next_run('x"><script>')


def _read_out_script() -> None:
    import streamlit as st

    from ui import a11y

    with a11y.read_out("some-notice"):
        st.error("That file was refused.")


def test_a_read_out_asked_for_twice_in_a_row_draws_a_different_focus_script_each_time() -> None:
    # Streamlit does not run again a script whose HTML is the same in the same place: a second refused file in a row
    # left the focus on the page's body
    at = AppTest.from_function(_read_out_script).run()
    first = [h.proto.body for h in at.get("html") if 'data-mm-focus="some-notice"' in h.proto.body]
    at.run()
    second = [h.proto.body for h in at.get("html") if 'data-mm-focus="some-notice"' in h.proto.body]
    assert len(first) == len(second) == 1 and first != second
    assert "That file" not in second[0]  # a number of the app's own, never the message's words


def _say_script() -> None:
    import streamlit as st

    from ui import a11y

    if st.session_state.pop("say", False):
        a11y.say("Added to the plan: <forehead> & more.")


def test_a_sentence_said_once_is_numbered_each_time_and_drawn_only_when_asked() -> None:
    from ui import a11y

    at = AppTest.from_function(_say_script).run()
    assert not [h for h in at.get("html") if "data-mm-say" in h.proto.body]
    bodies = []
    for _ in range(2):
        at.session_state["say"] = True
        at.run()
        (body,) = [h.proto.body for h in at.get("html") if "data-mm-say" in h.proto.body]
        assert not at.get("html")[0].proto.unsafe_allow_javascript and "Added to the plan: &lt;forehead&gt; &amp; more.</span>" in body
        bodies.append(body)
    assert bodies[0] != bodies[1]  # the same words asked for again are said again
    at.run()
    assert not [h for h in at.get("html") if "data-mm-say" in h.proto.body]  # once
    with pytest.raises(ValueError, match="sentence: must say"):
        a11y.say(" ")
    script = a11y._INSTALL_BODY.split("<script>", 1)[1]
    assert "[data-mm-say]" in script and "once.dataset.mmSay !== lastOnce" in script


def _say_again_script() -> None:
    import streamlit as st

    from ui import a11y

    if st.session_state.pop("say", False):
        a11y.say("Added to the plan: forehead muscle.")
        a11y.say_again_next_run()
        st.session_state["cut"] = True
        st.rerun()  # as presenter mode's empty plan does once a line is added: this run's elements may never be shown
    a11y.next_focus_ui()


def test_a_sentence_cut_short_by_a_rerun_is_drawn_again_in_the_next_run_under_the_same_number() -> None:
    from ui import a11y

    at = AppTest.from_function(_say_again_script).run()
    assert not [h for h in at.get("html") if "data-mm-say" in h.proto.body]
    at.session_state["say"] = True
    at.run()
    (body,) = [h.proto.body for h in at.get("html") if "data-mm-say" in h.proto.body]
    assert at.session_state["cut"] and 'data-mm-say="1"' in body and "Added to the plan: forehead muscle.</span>" in body
    at.run()
    assert not [h for h in at.get("html") if "data-mm-say" in h.proto.body]  # once
    assert a11y.say_again_next_run() is None  # nothing said in this session: nothing kept, no error


def test_a_sentence_said_and_a_changed_announcement_close_together_are_both_kept() -> None:
    # the day's sentence replaced "Added to the plan: ..." 50-130 ms later: a screen reader heard only the day
    from ui import a11y

    script = a11y._INSTALL_BODY.split("<script>", 1)[1]
    assert "TOGETHER_MS" not in script and f"< {a11y.TOGETHER_MS} ?" in script
    assert 'spoken.text + " " + said' in script and 'spoken.text + " " + announced.text' in script  # the button's first


def test_the_sidebar_s_close_button_shows_while_the_focus_is_inside_and_esc_closes_it() -> None:
    from ui import a11y

    style = a11y._INSTALL_BODY.split("<style>", 1)[1].split("</style>", 1)[0]
    assert ':is(:focus-within, [data-mm-keyboard]) [data-testid="stSidebarCollapseButton"]' in style
    script = a11y._INSTALL_BODY.split("<script>", 1)[1]
    assert 'event.key !== "Escape"' in script and "open.focus()" in script and "event.detail !== 0" in script


def test_the_buttons_that_open_and_close_the_sidebar_are_named_by_the_install_script() -> None:
    from ui import a11y

    script = a11y._INSTALL_BODY.split("<script>", 1)[1]
    assert "MENU_BUTTONS" not in script
    for selector, name in a11y.MENU_BUTTONS.items():
        assert json.dumps([selector, name]) in script
    # named before the icons are hidden: an icon that was all a button's name is then hidden too
    assert script.index("for (const [selector, name] of") < script.index("for (const icon of")


@pytest.mark.parametrize("layers", [[], ["heat"], ["axis", "measures"], ["connectors", "levels"]])
def test_the_interactive_overlay_is_named_by_the_layers_chosen_as_the_picture_s_alt_is(layers: list[str]) -> None:
    # the chart's name spoke of the axis with the axis off, and never of the heat or the measures
    from tests.conftest import REPO
    from ui import phone, state
    from viz.vocabulary import LAYERS

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.session_state[state.OVERLAY_LAYERS] = layers
    at.run()
    assert not at.exception
    (alt,) = [alt for alt, _src in images(at) if alt.startswith("The photo cropped to the face")]
    at.toggle(key=state.OVERLAY_INTERACTIVE).set_value(True).run()
    (name,) = [h.proto.body for h in at.get("html") if f'data-mm-chart="{phone.OVERLAY_KEY}"' in h.proto.body]
    assert alt in name
    for layer, words in LAYERS.items():
        assert (words.lower() in name) == (layer in layers), (layer, name)
