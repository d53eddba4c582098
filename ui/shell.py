"""The frame around every page: the page list, the sidebar (presenter mode, safety notices) and the type size."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui import state

PAGES_DIR = Path(__file__).resolve().parent / "pages"

#: Pages in menu order: (file in ui/pages, title, icon). A page is listed once its file exists.
PAGE_LIST: tuple[tuple[str, str, str], ...] = (
    ("analyze.py", "Your face, measured", "📏"),
    ("preview.py", "Preview a treatment", "🔮"),
    ("movement.py", "Expressions: how your face moves", "🎭"),
    ("visits.py", "Visits: before and after", "🗓️"),
    ("learn.py", "Learn: myths, muscles, timeline", "📚"),
)

SAFETY = (
    "**Educational — not medical advice.** Cosmetic toxin treatment is for adults (18+) only. "
    "**A sudden new droop of the face is a medical emergency — call emergency services now.**"
)

# Static CSS (no user content): larger type for a shared screen; larger still in presenter mode.
_BASE_CSS = "<style>html { font-size: 17px; } [data-testid='stMetricValue'] { font-size: 2.1rem; }</style>"
_PRESENTER_CSS = (
    "<style>html { font-size: 21px; } [data-testid='stMetricValue'] { font-size: 2.6rem; } .block-container { padding-top: 1.5rem; max-width: 100%; }</style>"
)


def pages() -> list[StreamlitPage]:
    """The app's pages whose files exist (the first is the default)."""
    out: list[StreamlitPage] = []
    for i, (name, title, icon) in enumerate(PAGE_LIST):
        if (PAGES_DIR / name).is_file():
            out.append(st.Page(f"ui/pages/{name}", title=title, icon=icon, default=i == 0))
    return out


def page_path(name: str) -> str | None:
    """The path ``st.page_link`` takes for a page file, or ``None`` when that page does not exist yet."""
    return f"ui/pages/{name}" if (PAGES_DIR / name).is_file() else None


def sidebar() -> None:
    """Presenter mode and the safety notice, on every page."""
    state.init()
    with st.sidebar:
        st.toggle(
            "Presenter mode",
            key=state.PRESENTER,
            help="For a shared screen: hides the photo controls and enlarges the figures.",
        )
        st.caption(SAFETY)
    st.html(_PRESENTER_CSS if state.presenter() else _BASE_CSS)
