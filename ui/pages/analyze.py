"""Analyze page: a photo in, its asymmetry measured in millimetres and drawn on the photo."""

from __future__ import annotations

import streamlit as st

from ui import cache
from viz.errors import PhotoError
from viz.overlay import render_overlay

st.title("MirrorMap — your face, measured")
st.warning(
    "**Educational — not medical advice.** Cosmetic toxin treatment is for adults only. "
    "**A sudden new droop of the face is a medical emergency — call emergency services now.**",
    icon="⚠️",
)

upload = st.file_uploader(
    "Upload a photo (JPEG, PNG, WebP, HEIC)", type=["jpg", "jpeg", "png", "webp", "heic", "heif"], key="upload"
)
mirrored = st.toggle("This photo is mirrored (selfie mode)", key="mirrored")
st.caption("Photos stay in this session's memory only: nothing is saved or sent anywhere.")

if upload is not None:
    data, label = upload.getvalue(), upload.name
else:
    data, label = cache.sample_bytes(), "Sample: Grace Hopper (US Navy portrait, public domain)"

try:
    report = cache.analysis(data, mirrored)
except PhotoError as exc:
    st.error(str(exc))
    st.stop()

if report is None:
    st.info("No face was found: use a well-lit photo that shows the whole face, looking into the camera.")
    st.stop()

for warning in report.warnings:
    st.info(warning)

left, right = st.columns([3, 2])
with left:
    st.image(render_overlay(report, max_side=900), caption=label, width="stretch")
with right:
    st.subheader(f"Overall asymmetry index: {report.index_mm:.1f} mm")
    rows = []
    for m in report.sorted_measures():
        rows.append(
            {
                "measure": m.id.replace("_", " "),
                "left": None if m.left_mm is None else round(m.left_mm, 1),
                "right": None if m.right_mm is None else round(m.right_mm, 1),
                "difference": f"{m.value:+.1f} {m.unit} ± {m.uncertainty:.1f}",
                "what it means": m.note,
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(f"Scale from the iris (11.7 mm): 1 px = {report.face.mm_per_px:.3f} mm, ±3.6%.")
