"""The yardstick page of ``benchmarks/load.py``: a bare Streamlit page with one Plotly chart, nothing of MirrorMap."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[1, 3, 2, 4])), key="bare")
