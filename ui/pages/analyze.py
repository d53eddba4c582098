"""Your face, measured: a photo in; its asymmetry overlaid, mirrored, listed and explained."""

from __future__ import annotations

import streamlit as st

from ui import analyze_ui, cache, state
from ui import presenter as story

presenter = state.presenter()
analyze_ui.header_ui()
step = story.step_ui("analyze.py") if presenter else None
data, digest, label = analyze_ui.photo_input_ui(presenter)
work = cache.work(digest, data)


@st.fragment
def results() -> None:
    """Everything measured from the photo; the "mirrored" toggle reruns only this part."""
    mirrored = analyze_ui.mirrored_ui(label, presenter)
    report = analyze_ui.measure(work, mirrored)
    if report is None:
        return
    if step is not None:  # presenter mode: one step of the story
        analyze_ui.presenter_ui(work, report, step)
        analyze_ui.prepare_other_side(work, report, presenter)
        return
    analyze_ui.advice_ui(report)
    analyze_ui.headline_ui(report)
    overlay_col, summary_col = st.columns([3, 2], gap="large")
    with overlay_col:
        analyze_ui.overlay_ui(work, report, presenter)
    with summary_col:
        analyze_ui.summary_ui(report)
    analyze_ui.measures_ui(report)  # the page's full width: a table, not a column of cards
    chart_col, related_col = st.columns([3, 2], gap="large")
    with chart_col:
        analyze_ui.chart_ui(work, report, presenter)
    with related_col:
        analyze_ui.related_ui(report)
    analyze_ui.comparison_ui(work, report, presenter)
    analyze_ui.export_ui(work, report)
    analyze_ui.prepare_other_side(work, report, presenter)


results()
