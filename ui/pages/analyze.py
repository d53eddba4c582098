"""Your face, measured: a photo in; its asymmetry overlaid, mirrored, listed and explained."""

from __future__ import annotations

import streamlit as st

from ui import cache, sections, state

presenter = state.presenter()
sections.header_ui()
data, digest, label = sections.photo_input_ui(presenter)
work = cache.work(digest, data)


@st.fragment
def results() -> None:
    """Everything measured from the photo; the "mirrored" toggle reruns only this part."""
    mirrored = sections.mirrored_ui(label, presenter)
    if work.ready(mirrored):
        report = work.report(mirrored)
    else:
        with st.spinner("Finding the face and measuring…"):
            report = work.report(mirrored)
    if isinstance(report, cache.Failure):
        sections.failure_ui(report)
        return
    sections.advice_ui(report)
    sections.headline_ui(report)
    if presenter:
        sections.overlay_ui(work, report, presenter)
        sections.measures_ui(report)
        sections.chart_ui(work, report, presenter)
        sections.related_ui(report)
    else:
        overlay_col, measures_col = st.columns([3, 2], gap="large")
        with overlay_col:
            sections.overlay_ui(work, report, presenter)
        with measures_col:
            sections.measures_ui(report)
        chart_col, related_col = st.columns([3, 2], gap="large")
        with chart_col:
            sections.chart_ui(work, report, presenter)
        with related_col:
            sections.related_ui(report)
    sections.comparison_ui(work, report, presenter)
    sections.export_ui(work, report)
    # Get the other side of the "mirrored" toggle ready while the person looks at this one.
    work.prepare(not report.mirrored, presenter, cache.library())


results()
