"""Pages set up for AppTest runs that more than one test file needs (as tests/browser_pages.py is for the browser)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, face_path
from ui import dynamic_preview_ui, movement_ui, preview_ui, state
from ui import plan as ui_plan

PAGES = REPO / "ui" / "pages"


def photo(name: str) -> state.PhotoInput:
    """A test photo as the first page or a slot holds it."""
    return state.PhotoInput.of(face_path(name).read_bytes(), name, "test")


def preview_smile_view(timeout: float = 180) -> AppTest:
    """Preview run in its big-smile view: frl_london_061's rest photo on the first page, its smile on Expressions, the
    left smile muscle relaxed strongly, day 21."""
    at = AppTest.from_file(str(PAGES / "preview.py"), default_timeout=timeout)
    at.session_state[state.PHOTO] = photo("frl_london_061_03.jpg")
    at.session_state[movement_ui.PHOTOS] = {"smile": photo("frl_london_061_08.jpg")}
    at.session_state[ui_plan.PLAN] = [("zygomaticus_major", "left", "strong")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "smile"
    at.session_state[preview_ui.DAY] = 21
    at.run()
    assert not at.exception
    return at
