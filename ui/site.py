"""What every page knows about the site: its pages in menu order and the safety notice.

A module of its own so pages can link to each other and show the notice without importing the
frame around them (:mod:`ui.shell`), which imports the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY

__all__ = ["PAGES_DIR", "PAGE_LIST", "SAFETY", "TOUR_ICON", "page_path", "tab_title"]

PAGES_DIR = Path(__file__).resolve().parent / "pages"

#: Pages in menu order: (file in ui/pages, title, icon). A page is listed once its file exists. A title fits the
#: sidebar's menu on one line (195 px of text: "Expressions: how your face moves" was cut to "Expressions: how your
#: face ..."); the page's own heading says more. The icons are
#: Material Symbols, whose font Streamlit serves itself: emoji drew as empty boxes in a browser on a machine
#: without an emoji font (Chromium on Debian here), as a consult-room computer may be.
PAGE_LIST: tuple[tuple[str, str, str], ...] = (
    ("analyze.py", "Your face, measured", ":material/straighten:"),
    ("preview.py", "Preview a treatment", ":material/auto_fix_high:"),
    ("movement.py", "Expressions: how you move", ":material/sentiment_satisfied:"),
    ("visits.py", "Visits: before and after", ":material/event:"),
    ("learn.py", "Learn: myths and muscles", ":material/menu_book:"),
)
#: The demo tour's menu icon.
TOUR_ICON: Final = ":material/slideshow:"

#: The notice on every page, in Markdown.
SAFETY: Final = f"**{EDUCATIONAL}** {ADULTS_ONLY} **{EMERGENCY}**"


def page_path(name: str) -> str | None:
    """The path ``st.page_link`` takes for a page file, or ``None`` when that page does not exist yet."""
    return f"ui/pages/{name}" if (PAGES_DIR / name).is_file() else None


def tab_title(page_title: str) -> str:
    """The browser tab's title for a page: the page's own title, then the app's name unless the title has it."""
    return page_title if "MirrorMap" in page_title else f"{page_title} · MirrorMap"
