"""Learn page: myth or fact, the muscles, the treatment timeline, what toxin can and cannot change, when to
see a doctor, questions for the consult and aftercare — every card with its sources.

Deep links (the contract with the other pages)
----------------------------------------------
The page opens pre-filtered by any of three values, each checked against the content:

- ``region``: a region id of ``viz.vocabulary.REGIONS`` (``brows``, ``forehead``, ``eyes``, ``nose``,
  ``mouth``, ``jaw``, ``neck``, ``whole_face``);
- ``muscle``: a muscle id of DESIGN §5 (``frontalis`` ... ``platysma``);
- ``q``: search words, e.g. ``droopy brow``.

Pass them either way:

1. as query parameters::

       st.page_link("ui/pages/learn.py", label="What can relax it, what can't",
                    query_params={"region": "brows", "muscle": "frontalis"})

   (or ``st.switch_page(..., query_params=...)``); ``ui.learn_ui.link_for_measure(measure_id)``
   returns the parameters for a measure id of DESIGN §4;
2. or in session state before switching page::

       st.session_state["learn_filter"] = {"region": "brows", "muscle": "frontalis", "q": ""}

   which is read once and removed, and wins over the query parameters.

Unknown values are left out with a one-line note. While the page is open the URL's ``region``,
``muscle`` and ``q`` follow the filters, so a copied address reopens the same view. An address with
none of them (the sidebar's links) keeps the filters the person left; "New person" clears both.

The person's photo, when the analysis page holds one, is read from ``st.session_state["photo"]``
(any object with ``.data`` bytes, e.g. ``ui.state.PhotoInput``) or ``st.session_state["photo_bytes"]``,
with ``st.session_state["mirrored"]``; otherwise the muscle areas are drawn on the sample portrait.
"""

from __future__ import annotations

import streamlit as st

from ui import learn_ui as lu
from viz.content import Library, load
from viz.errors import ContentError

lu.header_ui()
try:
    library: Library = load()
except ContentError as exc:
    st.error(f"The learning library could not be loaded: {exc}")
    st.stop()

shown = lu.filters_ui(library)
tabs = lu.tabs_ui(shown)  # a search opens the tab of its best match; a filter alone keeps the tab being read
with tabs[0]:
    lu.myths_ui(library, shown)
with tabs[1]:
    lu.muscles_ui(library, shown)
with tabs[2]:
    lu.timeline_ui(library, shown)
with tabs[3]:
    lu.topic_ui(library, "dynamic_vs_static", shown.can_cannot)
    lu.topic_ui(library, "alternatives", shown.can_cannot)
with tabs[4]:
    lu.topic_ui(library, "see_a_doctor", shown.doctor, urgent=frozenset({"sudden_droop", "after_treatment_warning"}))
with tabs[5]:
    lu.checklist_ui(library, shown)
with tabs[6]:
    lu.topic_ui(library, "aftercare", shown.aftercare)
with tabs[7]:
    lu.topic_ui(library, "measuring", shown.measuring)
