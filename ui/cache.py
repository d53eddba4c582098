"""Cached engine resources for the app: one landmarker per process, analyses keyed by the photo bytes."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import viz
from viz.landmarks import FaceLandmarker


@st.cache_resource(show_spinner=False)
def landmarker() -> FaceLandmarker:
    """The process-wide Face Mesh (thread-safe: calls queue on its lock)."""
    return FaceLandmarker()


@st.cache_data(show_spinner=False, max_entries=16)
def sample_bytes() -> bytes:
    """The built-in sample portrait: Grace Hopper, US Navy official photo (public domain), shipped by matplotlib."""
    import matplotlib.cbook

    return Path(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)).read_bytes()


@st.cache_resource(show_spinner=False, max_entries=8)
def analysis(data: bytes, mirrored: bool) -> viz.AsymmetryReport | None:
    """Decode, detect and analyse a photo; ``None`` when no face is found. Raises PhotoError for bad files.

    Cached as a resource (no copy per rerun): the report is immutable. Keyed by the photo bytes.
    """
    photo = viz.load_photo(data)
    face = viz.detect_face(photo, landmarker=landmarker())
    return None if face is None else viz.analyze(face, mirrored=mirrored)
