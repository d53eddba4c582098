"""Presenter mode (AppTest): the keyboard's place after Back and Next (ui.presenter).

The focus fell to the page's body after Next from step 2 (Preview opens) and from step 3 (Next is disabled at the last
step): each press asks, in the run that shows the new step, to focus the button pressed, or the other one where the
pressed one is now disabled.
"""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from ui import phone, state
from ui import plan as ui_plan
from ui import presenter as story
from viz.vocabulary import LAYERS

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


def _chart_names(at: AppTest) -> dict[str, str]:
    """The name each chart description of this run gives, by the key of the chart it names (ui.a11y.describe_chart)."""
    named = (re.search(r'data-mm-chart="([A-Za-z0-9_-]+)" hidden>(.*)</span>', h.proto.body, re.S) for h in at.get("html"))
    return {m.group(1): html.unescape(m.group(2)) for m in named if m}


@pytest.mark.parametrize("layers", [[], ["heat", "axis"]])
def test_presenter_mode_s_charts_are_named_as_the_pages_own_are(layers: list[str]) -> None:
    # the overlay (step 1) and the time course (step 4) had no name: a screen reader met unnamed images and the chart's
    # run-together legend words, where the first page's interactive view and Preview's chart are named
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.session_state[state.OVERLAY_LAYERS] = layers
    at.session_state[ui_plan.PLAN] = [("frontalis", "left", "moderate")]
    at.run()
    at.toggle(key=state.OVERLAY_INTERACTIVE).set_value(True).run()
    own = _chart_names(at)[phone.OVERLAY_KEY]  # the first page's interactive view
    at.toggle(key=state.PRESENTER).set_value(True).run()
    assert not at.exception and at.session_state[state.PRESENTER_STEP] == 0
    assert _chart_names(at) == {phone.OVERLAY_KEY: own}
    for words in LAYERS.values():
        assert (words.lower() in own) == any(words == LAYERS[layer] for layer in layers)
    at.toggle(key=state.PRESENTER).set_value(False).run()
    at.switch_page("ui/pages/preview.py").run()
    preview = _chart_names(at)["preview-timeline"]  # Preview's own chart, outside presenter mode
    at.toggle(key=state.PRESENTER).set_value(True).run()
    at.button(key=story.NEXT).click().run()
    assert not at.exception and at.session_state[state.PRESENTER_STEP] == 3
    names = _chart_names(at)
    assert set(names) == {"preview-timeline", "preview-timeline-narrow"}  # the wide chart and the one a phone is shown
    assert names["preview-timeline"] == names["preview-timeline-narrow"] and "Forehead muscle" in names["preview-timeline"]
    assert preview.startswith(names["preview-timeline"])  # the same words; Preview's points to the numbers above its pictures
