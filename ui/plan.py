"""The treatment plan a person builds on the Preview page, kept in session state: (muscle, side, level name) per step.

Both previews read it: at rest (:mod:`ui.preview_ui`) and in an expression (:mod:`ui.dynamic_preview_ui`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import streamlit as st

from viz.muscles import LEVELS, Relaxation
from viz.vocabulary import PLAN_SIDES, PlanSide

__all__ = ["PLAN", "Plan", "plan", "relaxations", "set_plan"]

PLAN = "preview_plan"  # the session-state key: a list of (muscle, side, level name)

Plan = tuple[tuple[str, str, str], ...]


def plan() -> Plan:
    """The plan in session state (only well-formed steps)."""
    steps = st.session_state.get(PLAN, ())
    return tuple((str(m), str(s), str(lvl)) for m, s, lvl in steps if s in PLAN_SIDES and lvl in LEVELS)


def set_plan(steps: Sequence[tuple[str, str, str]]) -> None:
    """Replace the plan."""
    st.session_state[PLAN] = [tuple(s) for s in steps]


def relaxations(steps: Plan) -> list[Relaxation]:
    """The engine's relaxations for a plan."""
    return [Relaxation(m, cast(PlanSide, s), LEVELS[level]) for m, s, level in steps]
