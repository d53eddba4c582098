"""QA walk Z: the consult PDF says what the pages say: a measure the plan leaves alone is "unchanged", the changes too
small to show are named in the Preview page's words, the Visits summary's cause is said once, page 1's mirrored views
line up, and the chart's average band has its source in the note."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

import viz
from tests.conftest import detected, spaced
from viz.mirror import mirror_views
from viz.preview import RESOLVABLE_MM, UNCHANGED, shown_rows
from viz.report import consult_pdf
from viz.visits import NO_VERDICT, SHAPES_DIFFER, compare, said_by_summary
from viz.vocabulary import MEASURES, NBSP

DAY = dt.date(2026, 1, 2)


@cache
def _preview() -> viz.Preview:
    """A plan on one brow and one mouth corner: some measures move too little to show, others not at all."""
    face = detected("frl_london_005_03.jpg")
    plan = [viz.Relaxation("depressor_anguli_oris", "left", 0.5), viz.Relaxation("frontalis", "left", 1.0)]
    return viz.relax(face.photo, face, plan, 14, report=viz.analyze(face))


@cache
def _preview_pdf() -> bytes:
    pv = _preview()
    return consult_pdf(pv.report, views=mirror_views(pv.report, max_side=500), preview=pv, when=DAY)


def _lines(pdf: bytes) -> list[str]:
    """The lines of text as laid out (a table row's cells on one line), white space made one space, no-break spaces plain."""
    pages = [page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(pdf)).pages]
    return [" ".join(spaced(line).split()) for page in pages for line in page.splitlines() if line.strip()]


def _flat(pdf: bytes) -> str:
    return " ".join(spaced(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)).split())


# --- 1. a measure the plan leaves alone ---------------------------------------------------------------------------


def test_a_measure_the_plan_leaves_alone_reads_unchanged_in_the_pdf_as_on_the_page() -> None:
    pv = _preview()
    rows = pv.measure_rows()
    alone = [r for r in shown_rows(rows) if r["likely range"] == UNCHANGED]
    assert alone, "the plan leaves some measure as it was"
    lines = _lines(_preview_pdf())
    for raw, shown in zip(rows, shown_rows(rows), strict=True):
        if shown["likely range"] != UNCHANGED:
            continue
        cells = [shown["measure"], shown["before"], shown["after (typical)"]]
        row = [line for line in lines if line.startswith(spaced(" ".join(cells)) + " ")]
        assert len(row) == 1, (cells, row)  # the preview's row (page 1's row of the same measure has no "±" after it)
        # "unchanged" where the range of one value ("+0.5 mm") stood, the rest of the row as it was
        assert row[0] == spaced(" ".join(v for v in (*cells, UNCHANGED, shown["change"], shown["in the picture"]) if v)), row[0]
        assert f"{NBSP}to{NBSP}" not in raw["likely range"] and raw["likely range"] != UNCHANGED


# --- 2. the changes too small to show -----------------------------------------------------------------------------


def test_the_pdf_names_the_changes_too_small_to_show_with_the_pages_rule() -> None:
    pv = _preview()
    assert pv.faint, "this plan has changes too small for the picture"
    flat = _flat(_preview_pdf())
    # the page's rule, at its rounding: under about 1 mm, or under twice the measure's ± on this photo
    rule = (
        f"A photo measured again cannot confirm a change under about {RESOLVABLE_MM:g} mm, or under twice its measure's"
        " uncertainty on this photo (a tilt: the height it makes across the eyes or the mouth)."
    )
    assert rule in flat
    assert "does not resolve changes below about" not in flat  # the weaker sentence, one per measure
    assert "Read it from the numbers" not in flat
    assert spaced(" ".join(pv.faint_note().split())) in flat
    for w in pv.plan_warnings:  # the plan's other warnings still said
        assert spaced(" ".join(w.split())) in flat


def test_the_faint_note_names_every_change_too_small_and_is_empty_without_one() -> None:
    pv = _preview()
    note = pv.faint_note()
    for mid in pv.faint:
        assert MEASURES[mid].noun in note
    face = detected("frl_london_005_03.jpg")
    none = viz.relax(face.photo, face, [viz.Relaxation("frontalis", "left", 1.0)], 0, report=pv.report)  # day 0: no effect yet
    assert not none.faint and none.faint_note() == ""


# --- 3. the Visits summary's cause said once ----------------------------------------------------------------------


def test_a_visits_pdf_of_two_peoples_photos_says_the_cause_once_as_the_page_does() -> None:
    report = compare(detected("frl_london_005_03.jpg"), detected("frl_london_061_03.jpg"))
    assert not report.same_person and SHAPES_DIFFER in report.warnings
    flat = _flat(consult_pdf(report.after, views=mirror_views(report.after, max_side=400), compare=report, when=DAY))
    assert spaced(" ".join(NO_VERDICT.split())) in flat  # the summary says it, with its way forward
    assert spaced(SHAPES_DIFFER) not in flat
    for w in report.warnings:  # a photo's other warnings are said all the same
        if not said_by_summary(report, w):
            assert spaced(" ".join(w.split())) in flat, w


# --- 4. page 1's mirrored views ----------------------------------------------------------------------------------


def _image_boxes(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Page 1's pictures as (left, bottom, right, top), points."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(obj.get_bounds()) for obj in doc[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    finally:
        doc.close()


def test_the_mirrored_views_on_page_one_line_up_and_their_captions_wrap_alike() -> None:
    pv = _preview()
    pdf = consult_pdf(pv.report, views=mirror_views(pv.report, max_side=500), when=DAY)
    boxes = _image_boxes(pdf)
    assert len(boxes) == 5  # the overlay and the four views
    tiles = sorted((b for b in boxes if b[2] - b[0] < 0.3 * 595), key=lambda b: (-round(b[3]), b[0]))
    assert len(tiles) == 4
    for a, b in (tiles[:2], tiles[2:]):  # each row: the same size, tops level
        assert abs(a[3] - b[3]) < 0.5, (a, b)
        assert abs((a[3] - a[1]) - (b[3] - b[1])) < 0.5 and abs((a[2] - a[0]) - (b[2] - b[0])) < 0.5, (a, b)
    lines = _lines(pdf)
    composites = [line for line in lines if "composite" in line and "(exaggerates)" in line]
    broken = [line for line in lines if "composite" in line and "(exaggerates)" not in line]
    # both on one line each, or both broken before the bracket: one caption wrapped by itself read as another layout
    one_line = any("Left-left composite (exaggerates) Right-right composite (exaggerates)" in line for line in composites)
    both_broken = not composites and any("Left-left composite Right-right composite" in line for line in broken)
    assert one_line or both_broken, [line for line in lines if "composite" in line]
