"""MirrorMap: Streamlit entry point. Page setup and routing only; the pages live in ui/pages."""

import streamlit as st

from ui import shell
from ui.offline import keep_streamlit_offline

keep_streamlit_offline()  # no address look-ups (8.8.8.8, checkip.amazonaws.com) on foreign-origin websockets
st.set_page_config(page_title="MirrorMap", page_icon="🪞", layout="wide")
page = st.navigation(shell.pages(), position=shell.menu())
shell.sidebar()
page.run()
