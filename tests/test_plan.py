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
