"""Presenter mode (AppTest): the keyboard's place after Back and Next (ui.presenter).

The focus fell to the page's body after Next from step 2 (Preview opens) and from step 3 (Next is disabled at the last
step): each press asks, in the run that shows the new step, to focus the button pressed, or the other one where the
pressed one is now disabled.
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from ui import presenter as story
from ui import state

_FOCUSED = re.compile(r'data-mm-focus="([A-Za-z0-9_-]+)"')


def _focused(at: AppTest) -> list[str]:
    """The keys of the controls this run's focus scripts move the focus to."""
    return [key for h in at.get("html") for key in _FOCUSED.findall(h.proto.body)]


def test_back_and_next_keep_the_keyboard_on_a_button_across_pages_and_at_either_end() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.toggle(key=state.PRESENTER).set_value(True).run()
    assert not at.exception and _focused(at) == []  # nothing pressed yet: the focus is left where it is
    walk = [
        (story.NEXT, 1, "analyze", story.NEXT),
        (story.NEXT, 2, "Preview", story.NEXT),  # another page opens: the request survives its switch
        (story.NEXT, 3, "Preview", story.BACK),  # Next is disabled at the last step
        (story.BACK, 2, "Preview", story.BACK),
        (story.BACK, 1, "analyze", story.BACK),  # back on the first page
        (story.BACK, 0, "analyze", story.NEXT),  # Back is disabled at the first step
    ]
    for pressed, step, page, focused in walk:
        at.button(key=pressed).click().run()
        assert not at.exception and at.session_state[state.PRESENTER_STEP] == step
        on_preview = bool(at.title) and at.title[0].value.startswith("Preview")
        assert on_preview == (page == "Preview"), (pressed, step)
        assert _focused(at) == [focused], (pressed, step)
        assert at.button(key=focused).disabled is False
    at.run()  # a run nothing pressed: no request left over
    assert _focused(at) == []
