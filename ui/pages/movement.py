"""Expressions: a guided capture of rest and up to five expressions, and how far each feature moves, per side."""

from __future__ import annotations

import streamlit as st

from ui import movement_ui, state

presenter = state.presenter()
movement_ui.header_ui()
if not presenter:
    movement_ui.capture_ui()
mirrored = movement_ui.mirrored_ui(presenter)
with st.spinner("Finding the faces and measuring the movements…"):
    measured = movement_ui.measure(mirrored)
movement_ui.results_ui(measured)
