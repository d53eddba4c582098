"""MirrorMap: Streamlit entry point. Page setup and routing only; the pages live in ui/pages."""

import streamlit as st

st.set_page_config(page_title="MirrorMap", page_icon="🪞", layout="wide")
st.navigation([st.Page("ui/pages/analyze.py", title="Your face, measured", icon="📏", default=True)]).run()
