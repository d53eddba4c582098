"""Preview a treatment: relax chosen muscles on the person's photo and see the likely change over time."""

from __future__ import annotations

import streamlit as st

from ui import dynamic_preview_ui, plan, preview_ui, state
from ui import presenter as story

presenter = state.presenter()
preview_ui.safety_ui(presenter)
step = story.step_ui("preview.py") if presenter else None
lib = preview_ui.library_or_stop()
subject = preview_ui.subject_or_stop(presenter)
if step is not None:  # presenter mode: one step of the story (the plan, or its time course)
    preview_ui.presenter_ui(lib, subject, plan.plan(), step)
else:
    with st.container(border=True):
        preview_ui.plan_builder_ui(lib)
    steps = plan.plan()
    if steps:
        expression = dynamic_preview_ui.expression_ui(subject.digest, subject.face)  # "rest" unless the Expressions page holds expression photos
        preview_ui.simulation_ui(lib, subject, steps, expression, presenter)  # with the time course under it
    else:
        preview_ui.empty_plan_ui()
    st.header("Options to discuss with a licensed injector")
    preview_ui.balance_ui(preview_ui.options_for(subject), lib, subject.report)
