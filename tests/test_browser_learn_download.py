"""Real browser, Learn page: a note typed and at once downloaded is in the consult checklist file (Debian's Chromium).

The click takes the focus from the notes box, which applies its text in the rerun the click starts; the file, made
when clicked, waits for that rerun. Made as the page was drawn, it left the note out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, watched
from tests.browser_pages import settle
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A laptop-sized tab (1366 x 900) in a new session that accepts downloads; a picture is saved if the test fails."""
    picture = ARTIFACTS / f"learn-{request.node.name}.png"
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        try:
            with watched(context.new_page(), request, picture, full_page=True) as tab:
                yield tab
        finally:
            context.close()


@pytest.mark.parametrize(("button", "marker"), [("Download the questions (Markdown)", "- "), ("Download the questions (PDF)", "")])
def test_a_note_typed_and_downloaded_at_once_is_in_the_file(server: str, page: Any, tmp_path: Path, button: str, marker: str) -> None:  # noqa: F811
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    settle(page)
    page.get_by_role("tab", name="Consult checklist").click()
    settle(page)  # the tab tells the server it opened (a rerun): a box filled in one go as that rerun landed lost its text
    box = page.get_by_label("Your own questions or notes")
    for note in ("Is my left brow droop from the muscle?", "A second edit, clicked at once"):
        box.fill(note)  # typed, not applied: "Press Ctrl+Enter to apply" still shows
        with page.expect_download(timeout=90_000) as made:  # the file waits for the click's rerun (up to 20 s)
            page.get_by_role("button", name=button).click()
        saved = tmp_path / made.value.suggested_filename
        made.value.save_as(saved)
        text = saved.read_text(encoding="utf-8") if marker else _pdf_text(saved)
        assert f"{marker}{note}" in text, text[-600:]
        settle(page)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)
