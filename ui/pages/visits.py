"""Visits: two rest photos of the same person from different days, lined up, and every measure before → after."""

from __future__ import annotations

import streamlit as st

from ui import state, visits_ui

presenter = state.presenter()
visits_ui.header_ui()
if not presenter:
    visits_ui.input_ui()
mirrored = visits_ui.mirrored_setting()  # each photo's own switch, drawn in its slot
with st.spinner("Finding the faces and comparing…"):
    report = visits_ui.measure(mirrored)
if report is not None:
    visits_ui.results_ui(report)
