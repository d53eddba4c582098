"""Two findings of a QA walk on the Visits page (AppTest, the engine, the PDF and the CLI; the first in a real browser in
``tests/test_visits_browser_follow.py``).

1. The before date went on heading the next patient's table and PDF after the first page's photo, standing as the
   before visit, was cleared or replaced by another person's (:meth:`ui.photo_slots.Slots.follow`).
2. A face too small for the identity check got a green "no change", a woman's photo against a man's
   (:attr:`viz.visits.CompareReport.less_sure`).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from typing import Any

from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, detected, face_path, spaced
from tests.test_visits_follow import _clear_button_script
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


def test_the_first_pages_clear_button_empties_the_before_date_at_once() -> None:
    at = AppTest.from_function(_clear_button_script, default_timeout=60)
    at.session_state[state.PHOTO] = _photo(BEFORE)
    at.session_state[visits_ui.DATES["before"]] = BEFORE_DAY
    at.run()
    assert _date(at, "before") == BEFORE_DAY
    at.button(key="clear").click().run()
    assert not at.exception and _date(at, "before") is None


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
