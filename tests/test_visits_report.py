"""The Visits page's consult PDF (:func:`viz.report.consult_pdf` with ``compare``): its Visits section kept with its
heading, the page's table columns and cells, the visits' dates, and a first page that is not read as a verdict."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from functools import cache
from types import MappingProxyType

import pytest
from pypdf import PdfReader

from tests.conftest import detected, spaced
from ui import visits_ui
from viz.errors import ArgumentError
from viz.report import consult_pdf, headline_text, long_date, visit_dates
from viz.visits import TABLE_COLUMNS, Change, CompareReport, compare
from viz.vocabulary import MEASURES

DAY = dt.date(2026, 1, 2)
BEFORE_DAY, AFTER_DAY = dt.date(2026, 11, 3), dt.date(2026, 11, 17)


@cache
def _compare(before: str = "cc0_lisa_lisa1.jpg", after: str = "cc0_lisa_lisa2.jpg") -> CompareReport:
    return compare(detected(before), detected(after))


def _pages(pdf: bytes) -> list[str]:
    """Each page's text, runs of white space made one space (a sentence may wrap anywhere), no-break spaces plain."""
    return [" ".join(spaced(page.extract_text()).split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(pdf: bytes) -> str:
    return " ".join(_pages(pdf))


# --- item: the section's heading stays with what it heads ------------------------------------------------


@pytest.mark.parametrize("filled_mm", [230.0, 248.0])  # 248: the heading alone at the foot; 230: with its summary, no photos
def test_the_visits_heading_shares_its_page_with_its_summary_and_photos(filled_mm: float) -> None:
    # the Visits heading sat alone at the foot of page 2, its photos and table on page 3
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from viz.report import _build, _styles, _visits_section

    report = _compare()
    assert report.judged
    pdf = _build([Spacer(1, filled_mm * mm), *_visits_section(report, _styles())], title="t", when=DAY, footer="MirrorMap test")
    pages = _pages(pdf)
    page = next(p for p in pages if "Changes between two visits" in p)
    assert " ".join(report.summary.split()) in page and "After, lined up with before" in page, filled_mm
    assert all(f"{MEASURES[c.id].label} " in _flat(pdf) for c in report.changes.values())  # nothing lost


# --- item: the PDF's table is the page's ---------------------------------------------------------------


def test_the_pdf_table_has_the_pages_columns_and_cells() -> None:
    # the PDF gave the change and its ± in one cell, no "3 × ±" column, and headed the side in words otherwise
    report = _compare()
    rows = visits_ui.change_rows(report)
    assert list(rows[0]) == list(TABLE_COLUMNS)  # the page's columns, in its order
    flat = _flat(consult_pdf(report.after, compare=report, when=DAY))
    table = flat[flat.index("Changes between two visits") :]
    heading = " ".join(c[:1].upper() + c[1:] for c in TABLE_COLUMNS)
    assert heading in table, "the PDF's column names are the page's"
    assert any(r[TABLE_COLUMNS[5]] for r in rows)  # the size each change must pass is printed (it had no column)
    for row in rows:  # each row's cells as the page shows them, in the page's order (the side may wrap in its cell)
        cells = [spaced(v) for v in row.values() if v]  # not measured: why is said in the same cell, across the row
        assert " ".join(cells) in table, row["measure"]


# --- item: the dates ----------------------------------------------------------------------------------


def test_visit_dates_head_the_pdfs_changes_and_an_after_date_before_the_before_one_is_not_used() -> None:
    report = _compare()
    dated = _flat(consult_pdf(report.after, compare=report, when=DAY, dates=(BEFORE_DAY, AFTER_DAY)))
    assert "Before (3 November 2026) → After (17 November 2026, 14 days later)" in dated
    assert visit_dates(BEFORE_DAY, AFTER_DAY)[0] == f"Before ({long_date(BEFORE_DAY)}) → After ({long_date(AFTER_DAY)}, 14 days later)"
    assert visit_dates(BEFORE_DAY, BEFORE_DAY + dt.timedelta(days=1))[0].endswith(", 1 day later)")
    assert visit_dates(BEFORE_DAY, BEFORE_DAY)[0].endswith(", the same day)")
    assert visit_dates(None, AFTER_DAY) == (f"Before (no date) → After ({long_date(AFTER_DAY)})", "")

    reversed_ = _flat(consult_pdf(report.after, compare=report, when=DAY, dates=(AFTER_DAY, BEFORE_DAY)))
    heading, problem = visit_dates(AFTER_DAY, BEFORE_DAY)
    assert heading == f"Before ({long_date(AFTER_DAY)}) → After (no date)" and problem.count(".") == 1  # one sentence
    assert heading in reversed_ and problem in reversed_ and "later)" not in reversed_

    plain = _flat(consult_pdf(report.after, compare=report, when=DAY))
    assert "Before (" not in plain and "→ After" not in plain  # no dates given: none named
    with pytest.raises(ArgumentError, match="dates"):
        consult_pdf(report.after, compare=report, when=DAY, dates=("3 Nov", None))  # type: ignore[arg-type]


# --- item: page 1 is not a verdict about the change ---------------------------------------------------


def test_page_one_of_a_visits_pdf_says_its_headline_is_the_after_photos_own_and_gives_the_verdict() -> None:
    # rest (061_03) then smile (061_08): page 1 led with the after photo's "Most noticeable difference" beside a Visits
    # section that named no change
    report = _compare("frl_london_061_03.jpg", "frl_london_061_08.jpg")
    assert not report.judged and report.expression_photos == ("after",)
    first = _pages(consult_pdf(report.after, compare=report, when=DAY))[0]
    own = f"The after photo on its own, not a change between the visits. {headline_text(report.after)}"
    assert " ".join(own.split()) in first
    assert " ".join(report.summary.split()) in first  # the comparison's verdict (here none) is said on page 1 too
    alone = _pages(consult_pdf(report.after, when=DAY))[0]  # the first page's own report is as it was
    assert " ".join(headline_text(report.after).split()) in alone and "on its own" not in alone
    # its subtitle promised "the changes since the before photo follow", and beside the print date alone a reader took
    # that date for the after photo's
    dated = _pages(consult_pdf(report.after, compare=report, when=DAY, dates=(BEFORE_DAY, AFTER_DAY)))[0]
    assert f"the after photo (the later visit, {long_date(AFTER_DAY)}); the before photo follows, with no change named" in dated
    assert "the changes since the before photo follow" not in first + dated
    judged = _compare()
    assert judged.judged and "each measure since the before photo follows" in _pages(consult_pdf(judged.after, compare=judged, when=DAY))[0]


# --- item: no tie beside a verdict -------------------------------------------------------------------


def test_a_change_shown_equal_to_its_limit_reads_no_alike_on_the_page_and_in_the_pdf() -> None:
    # "+0.9 mm" beside a limit of "0.9 mm": it does not pass the limit, so "no", with the same cell in the PDF
    real = _compare()
    tie = Change("brow_height", "mm", real.changes["brow_height"].before, real.changes["brow_height"].before + 0.88, 0.3)
    assert not tie.beyond_uncertainty and abs(tie.shown(digits=1)[2]) == pytest.approx(0.9)
    report = dataclasses.replace(real, changes=MappingProxyType({**real.changes, "brow_height": tie}))
    row = next(r for r in visits_ui.change_rows(report) if r["measure"] == MEASURES["brow_height"].label)
    limit = spaced(row[TABLE_COLUMNS[5]])
    assert limit == "0.9 mm" == spaced(row["change"]).lstrip("+") and row[TABLE_COLUMNS[6]] == "no"
    assert limit in _flat(consult_pdf(report.after, compare=report, when=DAY))


# --- item: a measure not taken says why; a zero change has no sign ------------------------------------------------------


def test_the_pdf_says_why_a_measure_is_not_measured_and_gives_a_zero_change_no_sign() -> None:
    # QA: jaw width, cheek width and chin offset read "not measured" with no reason, and "−0.6 → −0.6, change +0.0 mm"
    from viz.asymmetry import WITHHELD
    from viz.visits import withheld_reason

    real = _compare()
    still = Change("mouth_corner_drop", "mm", -0.6, -0.6, 0.5)
    report = dataclasses.replace(real, changes=MappingProxyType({**real.changes, "mouth_corner_drop": still}))
    assert report.judged
    table = _flat(consult_pdf(report.after, compare=report, when=DAY))
    table = table[table.index("Changes between two visits") :]
    for mid in WITHHELD:
        assert f"{MEASURES[mid].label} not measured: {withheld_reason(mid)}" in table, mid
    u_before, u_after = (visit.measures["mouth_corner_drop"].uncertainty for visit in (report.before, report.after))
    assert "+0.0 mm" not in table and f"-0.6 ± {u_before:.1f} mm -0.6 ± {u_after:.1f} mm 0.0 mm" in table
