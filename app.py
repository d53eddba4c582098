"""MirrorMap: Streamlit entry point. Page setup and routing only; the pages live in ui/pages."""

import streamlit as st

from ui import shell
from ui.offline import keep_streamlit_offline
from ui.site import tab_title

keep_streamlit_offline()  # no address look-ups (8.8.8.8, checkip.amazonaws.com) on foreign-origin websockets
# The tab's icon is set before the pages are: a browser shows a page's Material icon as the tab's icon until one is
# set, and fetches it from fonts.gstatic.com to do so (a request to Google on every new session's first page).
st.set_page_config(page_icon="🪞", layout="wide")
page = st.navigation(shell.pages(), position=shell.menu())
# Each tab and bookmark names its page (a screen reader announces it on a page change); without a title of its own
# every page was "MirrorMap".
st.set_page_config(page_title=tab_title(page.title))
shell.sidebar()
page.run()
