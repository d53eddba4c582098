"""The treatment plan a person builds on the Preview page, kept in session state: (muscle, side, level name) per step.

Both previews read it: at rest (:mod:`ui.preview_ui`) and in an expression (:mod:`ui.dynamic_preview_ui`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import streamlit as st

from ui import a11y
from viz.balance import BalanceOption
from viz.content import Library
from viz.muscles import LEVELS, Relaxation, sides_overlap
from viz.vocabulary import PLAN_SIDES, REGIONS, PlanSide, side_phrase

__all__ = [
    "ADD",
    "BUILDER",
    "LEVEL",
    "MUSCLE",
    "PLAN",
    "REGION",
    "SIDE",
    "Plan",
    "add_step",
    "explore",
    "explored_sentence",
    "level_name",
    "plan",
    "relaxations",
    "remove_key",
    "set_plan",
]

PLAN = "preview_plan"  # the session-state key: a list of (muscle, side, level name)
# the plan builder's choices (the Preview page draws them; an option's "Explore" fills them in)
REGION = "preview_region"
MUSCLE = "preview_muscle"
SIDE = "preview_side"
LEVEL = "preview_level"
#: The builder's row (``ui.shell``'s CSS names it, to let its two pickers wrap rather than cut a name).
BUILDER = "plan-builder"
#: The builder's "Add to plan" button, where an option's "Explore" sends the keyboard focus (:func:`explore`).
ADD = "preview_add"
#: The start of every "Remove" button's key beside a line of the plan (:func:`remove_key`).
REMOVE = "preview-remove"

Plan = tuple[tuple[str, str, str], ...]


def plan() -> Plan:
    """The plan in session state (only well-formed steps)."""
    steps = [(str(m), str(s), str(lvl)) for m, s, lvl in st.session_state.get(PLAN, ()) if s in PLAN_SIDES and lvl in LEVELS]
    # a later step of a muscle on an overlapping side wins (add_step keeps it so; this guards the engine's check)
    return tuple(x for i, x in enumerate(steps) if not any(y[0] == x[0] and sides_overlap(cast(PlanSide, y[1]), cast(PlanSide, x[1])) for y in steps[i + 1 :]))


def remove_key(index: int, step: tuple[str, str, str]) -> str:
    """The widget key of the "Remove" beside line ``index`` of the plan (``ui.preview_ui`` draws it).

    Examples
    --------
    >>> remove_key(0, ("frontalis", "left", "moderate"))
    'preview-remove-0-frontalis-left'
    """
    return f"{REMOVE}-{index}-{step[0]}-{step[1]}"


def set_plan(steps: Sequence[tuple[str, str, str]]) -> None:
    """Replace the plan.

    When ``steps`` is the plan with lines taken out ("Remove", "Clear the plan"), the next full run moves the keyboard
    focus and says what changed (:func:`ui.a11y.focus_next_run`): to the "Remove" of the line now in the removed one's
    place (or of the last line), or to the plan builder once the plan is empty.
    """
    before = plan()
    after = [(str(m), str(s), str(lvl)) for m, s, lvl in steps]
    st.session_state[PLAN] = after
    if len(after) < len(before) and all(step in before for step in after):
        # the button pressed went with its line, and the focus fell to the page: the next Tab jumped to "Explore",
        # past the builder
        place = min(next((i for i, step in enumerate(after) if step != before[i]), len(after)), len(after) - 1)
        gone = len(before) - len(after)
        said = "Plan cleared." if not after else f"{'One line' if gone == 1 else f'{gone} lines'} removed from the plan; {len(after)} left."
        a11y.focus_next_run(remove_key(place, after[place]) if after else BUILDER, said=said, icon=":material/playlist_remove:")


def add_step(muscle: str, side: str, level: str) -> Plan:
    """Add a step to the plan, replacing any step of the same muscle on an overlapping side; returns those replaced.

    A muscle's side is relaxed once (:func:`viz.muscles.check_plan`): a muscle's left side added after both sides
    replaces the both-sides step, and both sides added after one side replace it.
    """
    steps = plan()
    replaced = tuple(x for x in steps if x[0] == muscle and sides_overlap(cast(PlanSide, x[1]), cast(PlanSide, side)))
    set_plan([*(x for x in steps if x not in replaced), (muscle, side, level)])
    return replaced


def muscles(steps: Plan) -> tuple[str, ...]:
    """The plan's muscles, each once, in the plan's order."""
    return tuple(dict.fromkeys(m for m, _s, _l in steps))


def relaxations(steps: Plan) -> list[Relaxation]:
    """The engine's relaxations for a plan."""
    return [Relaxation(m, cast(PlanSide, s), LEVELS[level]) for m, s, level in steps]


def level_name(level: float) -> str:
    """The builder's name of a relaxation level: the name in :data:`viz.muscles.LEVELS` nearest to ``level``.

    Examples
    --------
    >>> level_name(1.0), level_name(2 / 3)
    ('strong', 'moderate')
    """
    return min(LEVELS, key=lambda name: abs(LEVELS[name] - level))


def explore(lib: Library, option: BalanceOption) -> None:
    """``on_click`` of an option's "Explore", at rest or in an expression: fill in the plan builder with the option's
    muscle, side and level (not the plan: the person adds it, or changes the level first). The next run moves the
    keyboard focus to the builder's "Add to plan" and says what was filled in (:func:`ui.a11y.focus_next_run`).

    The level is the one the option's figures are for (its sentence says "at full effect of a strong relaxation"): left
    at the builder's "moderate", the plan then showed a smaller change than the option had said.
    """
    card = lib.muscles[option.relaxation.muscle]
    level = level_name(option.relaxation.level)
    st.session_state[REGION] = next(r for r in REGIONS if r in card.regions)
    st.session_state[MUSCLE] = card.id
    st.session_state[f"{SIDE}-{'mid' if card.midline else 'paired'}"] = option.relaxation.side
    st.session_state[LEVEL] = level
    # the builder may be a screen or two above the button, and the focus stayed on "Explore" (the builder's "Add to
    # plan" was 8 Shift+Tabs back): it goes to that button, and what was filled in is said once, by the toast (Streamlit
    # gives its text role "alert", read out; the status region too would say it twice)
    a11y.focus_next_run(ADD, said=explored_sentence(card.name, option.relaxation.side, level), icon=":material/edit:")


def explored_sentence(muscle_name: str, side: PlanSide, level: str) -> str:
    """What "Explore" says it filled in, in a toast: short enough for the toast's three lines (about 100 characters at
    1366 x 768) with the longest muscle name; a longer one was cut at "(the level the option's figures are for)... view
    more", its end hidden. What to do next is said once above the options (``ui.widgets.EXPLORE_HELP``), and the focus
    is on "Add to plan".

    Examples
    --------
    >>> explored_sentence("Eye-closing muscle", "right", "strong")
    'Plan builder filled in: Eye-closing muscle, right side, strong relaxation.'
    """
    return f"Plan builder filled in: {muscle_name}, {side_phrase(side)}, {level} relaxation."
