"""The Preview plan in session state (:mod:`ui.plan`): where the keyboard focus goes when lines are taken out.

The focus itself is checked in Chromium (tests/test_browser_keyboard.py); here, what the next run is told.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui import plan

A = ("frontalis", "left", "moderate")
B = ("frontalis", "right", "light")
C = ("corrugator", "both", "strong")


def _cut_script() -> None:
    import streamlit as st

    from ui import a11y, plan

    if st.session_state.get("cut") is not None:
        plan.set_plan(st.session_state.pop("cut"))
        st.session_state["moved"] = a11y.pop_next_focus()


def _after(before: list[tuple[str, str, str]], after: list[tuple[str, str, str]]) -> Any:
    at = AppTest.from_function(_cut_script, default_timeout=60)
    at.session_state[plan.PLAN] = before
    at.session_state["cut"] = after
    at.run()
    assert not at.exception
    assert at.session_state[plan.PLAN] == after
    return at.session_state["moved"]


@pytest.mark.parametrize(
    ("before", "after", "target"),
    [
        ([A, B, C], [B, C], plan.remove_key(0, B)),  # the first line removed: the line now in its place
        ([A, B, C], [A, C], plan.remove_key(1, C)),  # a middle line: the next one
        ([A, B, C], [A, B], plan.remove_key(1, B)),  # the last line: the line before it
        ([A, B], [], plan.BUILDER),  # "Clear the plan": the builder
        ([A], [], plan.BUILDER),
    ],
)
def test_taking_lines_out_moves_the_focus_to_the_next_remove_or_to_the_builder(before: Any, after: Any, target: str) -> None:
    key, said, icon = _after(before, after)
    assert key == target
    assert said == ("Plan cleared." if not after else f"One line removed from the plan; {len(after)} left.")
    assert icon == ":material/playlist_remove:"


@pytest.mark.parametrize(("before", "after"), [([A], [A, C]), ([A, B], [A, B]), ([A], [B]), ([], [])])
def test_adding_or_changing_a_line_leaves_the_focus_where_it_is(before: Any, after: Any) -> None:
    assert _after(before, after) is None  # "Add to plan" stays where it was, with the focus on it


def test_the_focus_is_moved_once() -> None:
    at = AppTest.from_function(_cut_script, default_timeout=60)
    at.session_state[plan.PLAN] = [A, B]
    at.session_state["cut"] = [B]
    at.run()
    assert at.session_state["moved"] is not None
    at.session_state["cut"] = [B]  # the same plan again: nothing taken out this time
    at.run()
    assert at.session_state["moved"] is None


@pytest.mark.parametrize("name", ["light", "moderate", "strong"])
def test_a_level_is_named_as_the_builder_names_it(name: str) -> None:
    from viz.muscles import LEVELS

    assert plan.level_name(LEVELS[name]) == name
    assert plan.level_name(LEVELS[name] + 0.01) == name  # the nearest name, for a level computed rather than chosen


def _explore_script() -> None:
    import streamlit as st

    from ui import a11y, plan
    from viz.balance import BalanceOption
    from viz.content import load
    from viz.muscles import Relaxation

    option = BalanceOption(
        relaxation=Relaxation("frontalis", "left", 1.0),
        measure="brow_height",
        expression="rest",
        before=1.0,
        after=0.2,
        after_low=0.0,
        after_high=0.5,
        illustrative=False,
    )
    st.session_state[plan.LEVEL] = "light"  # the person's last choice
    if st.session_state.get("explore", True):  # once, as a press of the button
        st.session_state["explore"] = False
        plan.explore(load(), option)
    a11y.next_focus_ui()  # as the sidebar draws it


def test_explore_fills_in_the_level_the_option_s_figures_are_for() -> None:
    # the option said "at full effect of a strong relaxation" and the builder stayed at "moderate"
    at = AppTest.from_function(_explore_script, default_timeout=60).run()
    assert not at.exception
    assert at.session_state[plan.LEVEL] == "strong" and at.session_state[plan.MUSCLE] == "frontalis"
    assert at.session_state[f"{plan.SIDE}-paired"] == "left"
    assert plan.PLAN not in at.session_state  # the plan stays the person's to build
    # the builder may be screens above: the focus goes to its "Add to plan" (it stayed on "Explore"), and the toast says
    # what was filled in, in full (its end was cut behind "view more")
    (focus,) = [h.proto.body for h in at.get("html") if "data-mm-focus" in h.proto.body]
    assert f'data-mm-focus="{plan.ADD}"' in focus
    assert [t.value for t in at.toast] == [plan.explored_sentence("Forehead muscle", "left", "strong")]
    at.run()  # once: the next run leaves the focus and says nothing again
    assert not [h for h in at.get("html") if "data-mm-focus" in h.proto.body] and not at.toast


@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_what_explore_says_fits_the_toast_s_three_lines_with_the_longest_muscle_name(side: str) -> None:
    from viz.content import load

    longest = max((m.name for m in load().muscles.values()), key=len)
    said = plan.explored_sentence(longest, side, "moderate")  # type: ignore[arg-type]
    # a toast shows three lines of about 36 characters (Streamlit 1.60 at 1366 x 768, a 244 px text box): the browser
    # test measures it (tests/test_browser_explore_focus.py)
    assert said.startswith(f"Plan builder filled in: {longest}, ") and len(said) <= 100, (len(said), said)
