"""Preview a treatment: relax chosen muscles on the person's photo and see the likely change over time."""

from __future__ import annotations

import streamlit as st

from ui import dynamic_preview_ui, plan, preview_ui, state

presenter = state.presenter()
preview_ui.safety_ui()
lib = preview_ui.library_or_stop()
subject = preview_ui.subject_or_stop()
found = preview_ui.options_for(subject)
preview_ui.ensure_plan(subject)
if not presenter:
    with st.container(border=True):
        preview_ui.plan_builder_ui(lib)
steps = plan.plan()
if not steps:
    st.stop()

expression = dynamic_preview_ui.expression_ui()  # "rest" unless the Expressions page holds expression photos
preview_ui.simulation_ui(lib, subject, steps, expression, presenter)

st.subheader("Over the days after treatment")
preview_ui.timeline_ui(steps, presenter)

st.subheader("What would balance this?")
preview_ui.balance_ui(found, lib, subject.report)
