"""Two findings of a QA walk on the Visits page (AppTest, a real browser for the first, the engine, the PDF and the CLI).

1. The before date went on heading the next patient's table and PDF after the first page's photo, standing as the
   before visit, was cleared or replaced by another person's (:meth:`ui.photo_slots.Slots.follow`).
2. A face too small for the identity check got a green "no change", a woman's photo against a man's
   (:attr:`viz.visits.CompareReport.less_sure`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import viz
from tests.browser import watched_tab
from tests.browser_pages import open_first_page, settle
from tests.conftest import REPO, detected, face_path, spaced
from tests.test_browser import ARTIFACTS, browser, server  # noqa: F401  (the fixtures)
from ui import state, visits_ui
from viz.report import consult_pdf
from viz.visits import IDENTITY_UNCHECKED, NO_CHANGE, compare

PAGE = str(REPO / "ui" / "pages" / "visits.py")
BEFORE, AFTER, OTHER = "cc0_lisa_lisa1.jpg", "cc0_lisa_lisa2.jpg", "frl_london_025_03.jpg"
BEFORE_DAY, AFTER_DAY = dt.date(2026, 11, 3), dt.date(2026, 11, 17)
#: The before date as the table's heading and the PDF give it.
BEFORE_SAID = "Before (3 November 2026)"


@cache
def _photo(name: str) -> state.PhotoInput:
    return state.PhotoInput.of(face_path(name).read_bytes(), name, "test")


def _date(at: AppTest, slot: str) -> Any:
    return at.session_state[visits_ui.DATES[slot]]


def _said(at: AppTest) -> str:
    return " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success))


def _dated_page(*, after: bool = True) -> AppTest:
    """The page with the first page's photo as the before visit (and an after photo), both dates typed."""
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    if after:
        at.session_state[visits_ui.PHOTOS] = {"after": _photo(AFTER)}
    at.run()
    at.date_input(key=visits_ui.DATES["before"]).set_value(BEFORE_DAY).run()
    at.date_input(key=visits_ui.DATES["after"]).set_value(AFTER_DAY).run()
    assert not at.exception and _date(at, "before") == BEFORE_DAY and BEFORE_SAID in _said(at)
    return at


# --- 1. the before date goes with the first page's photo ----------------------------------------------------


def test_clearing_the_first_pages_photo_empties_the_before_date_too() -> None:
    at = _dated_page()
    at.session_state[state.PHOTO] = None  # "Clear photo" on the first page
    at.run()
    assert not at.exception and "after" not in at.session_state[visits_ui.PHOTOS]
    assert _date(at, "after") is None
    assert _date(at, "before") is None and at.date_input(key=visits_ui.DATES["before"]).value is None
    assert "3 November 2026" not in _said(at)


def test_another_persons_photo_empties_the_before_date_with_no_after_photo() -> None:
    at = _dated_page(after=False)
    at.session_state[state.PHOTO] = _photo(OTHER)  # the next patient
    at.run()
    assert not at.exception and _date(at, "before") is None
    assert _date(at, "after") == AFTER_DAY  # no after photo went: its date is the person's to keep or change
    at.session_state[visits_ui.PHOTOS] = {"after": _photo("frl_london_025_08.jpg")}  # the new patient's pair
    at.run()
    assert not at.exception and "3 November 2026" not in _said(at)


def test_the_same_first_page_photo_and_a_date_typed_alone_keep_the_before_date() -> None:
    at = _dated_page()
    at.run()  # a re-run changes nothing
    assert _date(at, "before") == BEFORE_DAY
    at.session_state[state.PHOTO] = state.PhotoInput.of(_photo(BEFORE).data, "again.jpg", "upload")  # the same picture again
    at.run()
    assert not at.exception and _date(at, "before") == BEFORE_DAY and _date(at, "after") == AFTER_DAY
    assert "after" in at.session_state[visits_ui.PHOTOS] and BEFORE_SAID in _said(at)
    # a date typed before any photo stays when the first photo arrives
    fresh = AppTest.from_file(PAGE, default_timeout=120).run()
    fresh.date_input(key=visits_ui.DATES["before"]).set_value(BEFORE_DAY).run()
    fresh.session_state[state.PHOTO] = _photo(BEFORE)
    fresh.run()
    assert not fresh.exception and _date(fresh, "before") == BEFORE_DAY


def test_a_before_photo_of_the_slots_own_keeps_its_date_when_the_first_page_changes() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(OTHER)
    at.session_state[visits_ui.PHOTOS] = {"before": _photo(BEFORE), "after": _photo(AFTER)}
    at.run()
    at.date_input(key=visits_ui.DATES["before"]).set_value(BEFORE_DAY).run()
    at.session_state[state.PHOTO] = None
    at.run()
    assert not at.exception and _date(at, "before") == BEFORE_DAY


def _clear_button_script() -> None:
    """The Visits slots read once (the first page's photo shown as the before visit), then only the first page's
    "Clear photo": the before date goes at the click, before the Visits page is shown again."""
    import streamlit as st

    from ui import state, visits_ui

    if "seen" not in st.session_state:
        visits_ui.SLOTS.all()
        st.session_state["seen"] = True
    st.button("Clear photo", key="clear", on_click=state.clear_photo)


def test_the_first_pages_clear_button_empties_the_before_date_at_once() -> None:
    at = AppTest.from_function(_clear_button_script, default_timeout=60)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.session_state[visits_ui.DATES["before"]] = BEFORE_DAY
    at.run()
    assert _date(at, "before") == BEFORE_DAY
    at.button(key="clear").click().run()
    assert not at.exception and _date(at, "before") is None


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    """A new laptop-sized tab in its own session; a picture of the screen is saved if the test fails."""
    with watched_tab(browser, request, ARTIFACTS / f"visits-{request.node.name}.png", viewport={"width": 1366, "height": 768}) as tab:
        yield tab


def _go(page: Any, title: str, ready: str) -> None:
    """Another page of the same session, through the sidebar's menu (a new address would start a new session)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    page.get_by_text(ready).first.wait_for(timeout=120_000)
    settle(page)


@pytest.mark.browser
def test_in_a_browser_clearing_the_first_pages_photo_empties_the_before_box(server: str, page: Any) -> None:  # noqa: F811
    open_first_page(page, server, face_path(BEFORE))
    _go(page, "Visits", "Before: the earlier visit")
    box = page.locator('[data-testid="stDateInput"]').filter(has_text="Date of the before visit").locator("input")
    box.click()
    box.press_sequentially("03/11/2026")
    box.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text(f"Dates read: {BEFORE_SAID}").first.wait_for(timeout=30_000)
    settle(page)
    _go(page, "Your face, measured", "Where the face differs")
    page.get_by_role("button", name="Clear photo").click()
    settle(page)
    _go(page, "Visits", "Before: the earlier visit")
    page.get_by_text("No dates read").first.wait_for(timeout=30_000)
    assert box.input_value() == "" and page.get_by_text("3 November 2026").count() == 0


# --- 2. no green "no change" where the identity check could not be made -----------------------------------------


@cache
def _small(name: str = "frl_london_005_03.jpg", side: int = 120) -> bytes:
    """The photo shrunk to ``side`` x ``side`` px: a face too small for the identity check."""
    out = io.BytesIO()
    Image.open(face_path(name)).convert("RGB").resize((side, side), Image.Resampling.LANCZOS).save(out, "JPEG", quality=95)
    return out.getvalue()


@cache
def _unchecked() -> Any:
    small = viz.detect_face(viz.load_photo(_small()))
    assert small is not None
    return compare(detected(BEFORE), small)  # a woman's photo, a man's too small to check


def test_a_comparison_whose_identity_check_was_not_made_is_less_sure_and_says_why() -> None:
    report = _unchecked()
    assert not report.identity_checked
    assert report.less_sure[0] == IDENTITY_UNCHECKED
    assert f"Less sure: {IDENTITY_UNCHECKED}" in report.summary and report.summary != NO_CHANGE
    checked = compare(detected(BEFORE), detected(AFTER))  # one person's two photos, checked: no such reason
    assert checked.identity_checked and IDENTITY_UNCHECKED not in checked.less_sure


def test_the_page_gives_no_green_all_clear_without_the_identity_check() -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.session_state[visits_ui.PHOTOS] = {"after": state.PhotoInput.of(_small(), "small.jpg", "test")}
    at.run()
    assert not at.exception
    assert not at.success, [str(e.value) for e in at.success]
    warnings = [str(e.value) for e in at.warning]
    assert any("identity check was not made" in w for w in warnings), warnings
    assert any(IDENTITY_UNCHECKED in w for w in warnings), warnings  # the summary, in a warning


def test_the_pdf_says_the_identity_check_could_not_be_made_beside_its_summary() -> None:
    pdf = consult_pdf(_unchecked().after, compare=_unchecked(), when=dt.date(2026, 1, 2))
    text = " ".join(" ".join(spaced(p.extract_text()).split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(f"Less sure: {IDENTITY_UNCHECKED}") >= 2, text  # page 1's line and the Visits section's summary


def test_the_cli_says_it_and_keeps_its_json(tmp_path: Any) -> None:
    import json
    import subprocess
    import sys

    small = tmp_path / "small.jpg"
    small.write_bytes(_small())
    args = [sys.executable, "-m", "viz", "compare", str(face_path(BEFORE)), str(small)]
    text = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert text.returncode == 0, text.stderr
    assert f"Less sure: {IDENTITY_UNCHECKED}" in " ".join(text.stdout.split()), text.stdout
    out = subprocess.run([*args, "--json"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert set(obj) == {"schema", "before", "after", "changes", "warnings"} and obj["schema"] == "viz.compare/1"
    assert set(obj["changes"]["brow_height"]) == {"change_mm", "uncertainty_mm", "beyond_uncertainty"}
