"""Findings of QA walk Z: a download clicked while the page was still redrawing for the next person's photo gave the last
person's file (its deferred data was bound to the old results), and the first page's overlay and comparison PNGs of a
photo marked as mirrored did not say so, as its PDF and Preview's before / after do.

Each download made from a person's photo is checked when it is clicked (:func:`ui.widgets.from_current_photos`): the
tests draw a page with one person's photo, put another in its place in session state without running the page again (the
browser still shows the old button), and make the old button's file as a click would.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import viz
from tests.app_pages import preview_smile_view
from tests.conftest import REPO, RunFiles, face_path
from ui import analyze_ui, movement_ui, preview_ui, state, visits_ui, widgets
from ui import cache as ui_cache
from ui import plan as ui_plan
from viz.overlay import OVERLAY_FOOTER, SAFETY_FOOTER, text_band
from viz.preview import MIRRORED_NOTE

APP = str(REPO / "app.py")
PAGES = REPO / "ui" / "pages"
#: Two people: A, measured first; B, given while A's results are still on screen.
A, B = "frl_london_025_03.jpg", "frl_london_136_03.jpg"
#: The first page's downloads: key, kind.
FIRST_PAGE = {"download_report": "pdf", "download_overlay": "png", "download_comparison": "png"}


@cache
def _bytes(name: str) -> bytes:
    return face_path(name).read_bytes()


def _photo(name: str) -> state.PhotoInput:
    return state.PhotoInput.of(_bytes(name), name, "test")


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return _squeezed(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


def _deferred(at: AppTest, key: str) -> str:
    """The deferred file id of the download button ``key`` as the last run drew it."""
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(key)]
    assert button.proto.deferred_file_id  # made when clicked
    return str(button.proto.deferred_file_id)


def _click(files: type[RunFiles], file_id: str) -> bytes:
    """What a click on a drawn download gets: its deferred file, made now (outside the page's run)."""
    store = files.made[-1]
    url = store.execute_deferred(file_id)
    storage = store._storage
    assert isinstance(storage, MemoryMediaFileStorage)
    return bytes(storage.get_file(url.rsplit("/", 1)[-1]).content)


def _is_notice(data: bytes, kind: str) -> bool:
    """Whether a file is the one saying the photo changed, and nothing else."""
    if kind == "pdf":
        text = _pdf_text(data)
        reader = PdfReader(io.BytesIO(data))
        return text == _squeezed(widgets.PHOTO_CHANGED_FILE) and len(reader.pages) == 1
    assert data.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(data)) as image:
        return str(image.info.get("Description")) == widgets.PHOTO_CHANGED_FILE and image.height < 200


def _first_page(photo: str | None, *, mirrored: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    if photo is not None:
        at.session_state[state.PHOTO] = _photo(photo)
    at.session_state[state.MIRRORED] = mirrored
    return at.run()


@cache
def _report(mirrored: bool = False) -> viz.AsymmetryReport:
    """A's analysis, as the first page makes it."""
    report = ui_cache.PhotoWork(_bytes(A)).report(mirrored)
    assert isinstance(report, viz.AsymmetryReport)
    return report


def _headline() -> tuple[str, str]:
    """A's headline as the PDF prints it: the overall index with its ±, and the most noticeable difference's name."""
    index, difference = analyze_ui.headline_values(_report())
    return _squeezed(index), _squeezed(difference[0])


# --- 1. a download clicked after the photo changed ----------------------------------------------------------------------


@pytest.mark.parametrize("change", ["another person", "new person"])
def test_the_first_pages_old_buttons_give_nothing_of_the_last_person_once_the_photo_changed(files: type[RunFiles], change: str) -> None:
    at = _first_page(A)
    assert not at.exception
    ids = {key: _deferred(at, key) for key in FIRST_PAGE}
    index, name = _headline()
    if change == "another person":
        at.session_state[state.PHOTO] = _photo(B)  # the next person's photo taken, the page not yet redrawn
    else:
        del at.session_state[state.PHOTO]  # "New person" (or the tab closed) emptied the session
    for key, kind in FIRST_PAGE.items():
        data = _click(files, ids[key])
        assert _is_notice(data, kind), key
        if kind == "pdf":
            assert name not in _pdf_text(data) and index not in _pdf_text(data) and "Mostnoticeable" not in _pdf_text(data)


def test_the_first_pages_buttons_give_the_persons_files_while_the_photo_stays(files: type[RunFiles]) -> None:
    at = _first_page(A)
    assert not at.exception
    ids = {key: _deferred(at, key) for key in FIRST_PAGE}
    at.session_state[state.PHOTO] = _photo(A)  # the same picture given again: still A's results
    pdf = _click(files, ids["download_report"])
    assert all(words in _pdf_text(pdf) for words in _headline()) and not _is_notice(pdf, "pdf")
    for key in ("download_overlay", "download_comparison"):
        png = _click(files, ids[key])
        with Image.open(io.BytesIO(png)) as image:
            assert image.height > 400 and image.info.get("Description") != widgets.PHOTO_CHANGED_FILE, key


def test_the_samples_old_report_is_not_given_once_a_persons_photo_took_its_place(files: type[RunFiles]) -> None:
    at = _first_page(None)  # the sample portrait
    assert not at.exception
    file_id = _deferred(at, "download_report")
    at.session_state[state.PHOTO] = _photo(B)
    pdf = _click(files, file_id)
    assert _is_notice(pdf, "pdf") and "DeBruine" not in _pdf_text(pdf)  # neither the sample's headline nor its credit


def test_visits_old_report_gives_nothing_once_a_visits_photo_changed(files: type[RunFiles]) -> None:
    at = AppTest.from_file(str(PAGES / "visits.py"), default_timeout=180)
    at.session_state[visits_ui.PHOTOS] = {"before": _photo(A), "after": _photo("frl_london_025_08.jpg")}
    at.run()
    assert not at.exception
    file_id = _deferred(at, "visits-report")
    kept = _click(files, file_id)
    assert not _is_notice(kept, "pdf") and "visits" in _pdf_text(kept).lower()  # unchanged: the visits' report
    at.session_state[visits_ui.PHOTOS] = {"before": _photo(B), "after": _photo("frl_london_136_08.jpg")}  # the next person's
    assert _is_notice(_click(files, file_id), "pdf")


def test_expressions_old_report_gives_nothing_once_the_rest_photo_changed(files: type[RunFiles]) -> None:
    at = AppTest.from_file(str(PAGES / "movement.py"), default_timeout=180)
    at.session_state[state.PHOTO] = _photo("frl_london_005_03.jpg")  # the first page's photo stands in for rest
    at.session_state[movement_ui.PHOTOS] = {"smile": _photo("frl_london_005_08.jpg")}
    at.run()
    assert not at.exception
    file_id = _deferred(at, movement_ui.REPORT)
    at.session_state[state.PHOTO] = _photo(B)
    assert _is_notice(_click(files, file_id), "pdf")


@pytest.mark.parametrize(("key", "kind"), [("preview-report", "pdf"), ("preview-export", "png")])
def test_previews_old_downloads_give_nothing_once_the_photo_changed(files: type[RunFiles], key: str, kind: str) -> None:
    at = AppTest.from_file(str(PAGES / "preview.py"), default_timeout=180)
    at.session_state[state.PHOTO] = _photo(A)
    at.session_state[ui_plan.PLAN] = [("frontalis", "right", "moderate")]
    at.session_state[preview_ui.DAY] = 21
    at.run()
    assert not at.exception
    file_id = _deferred(at, key)
    at.session_state[state.PHOTO] = _photo(B)
    assert _is_notice(_click(files, file_id), kind)


@pytest.mark.parametrize(("key", "kind"), [("preview-report", "pdf"), ("preview-expression-export", "png")])
def test_previews_expression_view_downloads_give_nothing_once_a_photo_changed(files: type[RunFiles], key: str, kind: str) -> None:
    # the expression's PNG is made from the Expressions page's smile and the first page's photo; the report beside it from
    # the first page's photo (ui/dynamic_preview_ui.py)
    at = preview_smile_view()
    file_id = _deferred(at, key)
    assert not _is_notice(_click(files, file_id), kind)  # nothing changed: the file asked for
    at.session_state[state.PHOTO] = _photo(B)
    assert _is_notice(_click(files, file_id), kind)


def test_the_notice_files_are_a_one_page_pdf_and_a_small_png_saying_one_sentence() -> None:
    sentence = widgets.PHOTO_CHANGED_FILE
    assert sentence.count(".") == 1 and sentence.endswith(".") and "download it again" in sentence
    made: list[Any] = []
    make = widgets.from_current_photos(lambda: made.append(1) or b"x", "pdf")  # not on a page: the file as asked for
    assert make() == b"x" and made == [1]


# --- 2. the first page's PNGs of a photo marked as mirrored ------------------------------------------------------------


def _bottom(png: bytes, rows: int) -> np.ndarray[Any, Any]:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"))[-rows:]


@cache
def _mirrored_pngs() -> dict[bool, dict[str, bytes]]:
    """The first page's overlay and comparison PNGs of A, not marked and marked as mirrored, as its buttons make them."""
    pngs: dict[bool, dict[str, bytes]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RunFiles, "made", [])
        patch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RunFiles)
        for mirrored in (False, True):
            at = _first_page(A, mirrored=mirrored)
            assert not at.exception
            pngs[mirrored] = {key: _click(RunFiles, _deferred(at, key)) for key in ("download_overlay", "download_comparison")}
    return pngs


def test_the_overlay_png_of_a_mirrored_photo_says_it_was_mirrored() -> None:
    pngs = _mirrored_pngs()
    with Image.open(io.BytesIO(pngs[True]["download_overlay"])) as image:
        width = image.width
    band = text_band((OVERLAY_FOOTER, SAFETY_FOOTER, MIRRORED_NOTE), width, max(12, width // 55))  # as overlay_png sets it
    np.testing.assert_array_equal(_bottom(pngs[True]["download_overlay"], band.height), np.asarray(band))
    bare = text_band((OVERLAY_FOOTER, SAFETY_FOOTER), width, max(12, width // 55))
    np.testing.assert_array_equal(_bottom(pngs[False]["download_overlay"], bare.height), np.asarray(bare))  # not mirrored: none


def test_the_comparison_png_of_a_mirrored_photo_says_it_was_mirrored() -> None:
    report = _report(mirrored=True)
    assert report.mirrored
    footer = analyze_ui.comparison_footer(report)
    assert footer == (*analyze_ui.COMPARISON_FOOTER, MIRRORED_NOTE)
    assert analyze_ui.comparison_footer(_report()) == analyze_ui.COMPARISON_FOOTER
    pngs = _mirrored_pngs()
    for mirrored, words in ((True, footer), (False, analyze_ui.COMPARISON_FOOTER)):
        with Image.open(io.BytesIO(pngs[mirrored]["download_comparison"])) as image:
            sheet_width = image.width
        size = max(14, (sheet_width - 32) // 3 // 28)  # the sheet's type, as comparison_png sets it
        band = text_band(words, sheet_width, size)
        np.testing.assert_array_equal(_bottom(pngs[mirrored]["download_comparison"], band.height), np.asarray(band))
