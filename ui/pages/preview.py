"""Preview a treatment: relax chosen muscles on the person's photo and see the likely change over time."""

from __future__ import annotations

import streamlit as st

from ui import cache, dynamic_preview_ui, preview_ui, sections, state

presenter = state.presenter()
preview_ui.safety_ui()

lib = cache.library()
if lib is None:
    st.error("The muscle catalogue could not be loaded, so no preview can be made; the analysis page still works.")
    st.stop()

chosen = state.photo()
if chosen is None:
    data, digest = cache.sample()
    label = cache.SAMPLE_NAME
else:
    data, digest, label = chosen.data, chosen.digest, "Your photo"
mirrored = bool(st.session_state.get(state.MIRRORED, False))
st.caption(f"Showing: {label}" + (" · marked as mirrored (selfie mode)" if mirrored else "") + " — change the photo on the first page.")

work = cache.work(digest, data)
with st.spinner("Finding the face and measuring…"):
    report = work.report(mirrored)
    face = work.face()
if isinstance(report, cache.Failure) or isinstance(face, cache.Failure):
    sections.failure_ui(report if isinstance(report, cache.Failure) else cache.NO_FACE)
    st.stop()

found = preview_ui.options(digest, mirrored, False, face, report)
if preview_ui.PLAN not in st.session_state:
    preview_ui.set_plan(preview_ui.default_plan(preview_ui.options(digest, mirrored, True, face, report)))

if not presenter:
    with st.container(border=True):
        preview_ui.plan_builder_ui(lib)
steps = preview_ui.plan()
if not steps:
    st.stop()

expression = dynamic_preview_ui.expression_ui()  # "rest" unless the Expressions page holds expression photos


@st.fragment
def simulation_ui() -> None:
    """Everything that follows the day slider, rerun on its own when the slider moves."""
    day = st.slider("Days after treatment", 0, 180, 14, key=preview_ui.DAY, help="0 = the day of treatment; the effect fades over months.")
    if expression != "rest":
        dynamic_preview_ui.expression_preview_ui(lib, steps, int(day), expression, presenter)
        return
    with st.spinner("Simulating…"):
        pv = preview_ui.simulate(digest, mirrored, steps, int(day), face, report)
    preview_ui.strength_ui(lib, steps, int(day))
    for warning in pv.warnings:
        st.warning(warning, icon=":material/info:")
    before, after = preview_ui.crops(report, pv)
    view = st.segmented_control("View", preview_ui.VIEWS, default=preview_ui.VIEWS[0], key=preview_ui.VIEW) or preview_ui.VIEWS[0]
    img_col, arrow_col = st.columns([2, 1] if not presenter else [1, 1], gap="large")
    with img_col:
        if view == "Swipe":
            share = st.slider("Swipe: before ◀ ▶ simulation", 0, 100, 50, key=preview_ui.SWIPE)
            st.image(preview_ui.jpeg(preview_ui.swipe(before, after, share)), caption="Left of the line: photo. Right: simulation.")
        elif view == "Blink":
            st.image(preview_ui.blink_gif(before, after), caption="Photo and simulation, alternating.")
        else:
            a, b = st.columns(2)
            a.image(preview_ui.jpeg(before), caption="Before (photo)")
            b.image(preview_ui.jpeg(after), caption=f"Simulation, day {day}")
    with arrow_col:
        st.image(
            preview_ui.jpeg(preview_ui.arrows_image(report, pv, after)),
            caption=f"Arrows {preview_ui.ARROW_GAIN:g}× longer than the move; labels give the true size.",
        )
    st.subheader("Measures before → after")
    st.dataframe(preview_ui.measure_rows(pv), hide_index=True, width="stretch")
    st.caption("Difference = left minus right (the person's own sides). The range runs from the smallest to the largest published (or illustrative) effect.")
    preview_ui.export_ui(report, pv)


simulation_ui()

st.subheader("Over the days after treatment")
preview_ui.timeline_ui(steps, presenter)

st.subheader("What would balance this?")
preview_ui.balance_ui(found, lib, report)
