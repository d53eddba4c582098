"""The PDF consult report and checklist: their text says what the analysis says, and their pages are real pictures."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

import viz
from tests.conftest import detected, face_path, spaced
from viz import content
from viz.asymmetry import CALIBRATION_REL, norm
from viz.errors import ArgumentError
from viz.mirror import MERE_EXPOSURE_SOURCE, mirror_views
from viz.muscles import Relaxation
from viz.preview import WATERMARK, plan_text, relax, resolvable_mm, shown_rows
from viz.report import CALIBRATION_SOURCE, checklist_pdf, consult_pdf, headline_text, long_date
from viz.timeline import effect_range
from viz.visits import IDENTITY_LIMIT, NO_VERDICT_CELL, compare, threshold_cell
from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY, MEASURES, SIDES_NOTE, format_pm, format_range, format_value, mid_sentence, rounded, side_phrase

DAY = dt.date(2026, 1, 2)
#: Rendering scale of the page images (1 = 72 dpi); an A4 page is 595.28 × 841.89 points.
SCALE = 0.5
A4_PX = (round(595.28 * SCALE), round(841.89 * SCALE))


@cache
def _face(name: str) -> viz.Face:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return face


@cache
def _report(name: str = "frl_london_005_03.jpg") -> viz.AsymmetryReport:
    return viz.analyze(_face(name))


@cache
def _pdf(name: str = "frl_london_005_03.jpg") -> bytes:
    report = _report(name)
    return consult_pdf(report, views=mirror_views(report, max_side=500), when=DAY)


@cache
def _preview() -> viz.Preview:
    face = _face("frl_london_005_03.jpg")
    plan = [viz.Relaxation("depressor_anguli_oris", "right", 1.0), viz.Relaxation("frontalis", "left", 2.0 / 3.0)]
    return viz.relax(face.photo, face, plan, 21, report=_report())


@cache
def _compare() -> viz.visits.CompareReport:
    return compare(_face("cc0_lisa_lisa1.jpg"), _face("cc0_lisa_lisa2.jpg"))


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _lines(pdf: bytes) -> list[str]:
    """The lines of text as laid out (the cells of a table row on one line), runs of white space made one space."""
    pages = [page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(pdf)).pages]
    return [" ".join(line.split()) for page in pages for line in page.splitlines() if line.strip()]


def _flat(pdf: bytes) -> str:
    """All the text with runs of white space made one space (a sentence may wrap anywhere)."""
    return " ".join(" ".join(_pages(pdf)).split())


def _row(lines: list[str], label: str) -> str:
    rows = [line for line in lines if line.startswith(label + " ")]
    assert rows, f"no row starts with {label!r}"
    return rows[0]


def _rendered(pdf: bytes) -> Iterator[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            yield np.asarray(doc[i].render(scale=SCALE).to_pil().convert("RGB"))
    finally:
        doc.close()


def _assert_real_pages(pdf: bytes, *, pages: tuple[int, int]) -> list[np.ndarray]:
    """Every page renders to an A4-sized picture with ink on it; returns the pictures."""
    images = list(_rendered(pdf))
    assert pages[0] <= len(images) <= pages[1]
    for img in images:
        assert (img.shape[1], img.shape[0]) == A4_PX
        grey = img.mean(axis=2)
        assert 0.005 < float(np.mean(grey < 200)) < 0.9, "a page is blank or solid"
        assert float(grey.std()) > 10.0
    return images


# --- the analysis ------------------------------------------------------------------------------------


def test_every_shown_measure_is_printed_with_its_value_uncertainty_and_reading() -> None:
    report = _report()
    lines = _lines(_pdf())
    for m in report.measures.values():
        if m.withheld is not None:
            continue
        row = _row(lines, MEASURES[m.id].label)
        assert spaced(format_value(m.value, m.unit, signed=True)) in row  # the PDF's text has plain spaces
        assert spaced(f"± {format_value(m.uncertainty, m.unit)}") in row
        assert row.endswith(m.describe())
        if m.kind == "paired":
            # the sides are printed as the app shows them: rounded so that they differ by the difference as printed
            sides = m.shown_sides()
            assert sides is not None and m.left_mm is not None and m.right_mm is not None
            assert abs(sides[0] - m.left_mm) <= 0.1 and abs(sides[1] - m.right_mm) <= 0.1
            assert spaced(f"{format_value(sides[0], 'mm')} {format_value(sides[1], 'mm')}") in row
    flat = _flat(_pdf())
    for m in report.measures.values():
        assert " ".join(m.note.split()) in flat, m.id
    assert SIDES_NOTE in flat  # the ± is the difference's: the sides around it are less exact


def test_a_withheld_measure_says_not_measured_and_why_with_no_numbers() -> None:
    report = _report()
    withheld = [m for m in report.measures.values() if m.withheld is not None]
    assert withheld, "jaw and cheek width are withheld from one photo"
    lines, flat = _lines(_pdf()), _flat(_pdf())
    for m in withheld:
        row = _row(lines, MEASURES[m.id].label)
        assert row == f"{MEASURES[m.id].label} not measured not measured"
        assert " ".join(m.withheld.split()) in flat


def test_the_headline_and_the_index_are_the_first_pages_numbers() -> None:
    report = _report()
    top = report.headline()
    assert top is not None
    first = " ".join(_pages(_pdf())[0].split())
    assert spaced(headline_text(report)) in first
    assert spaced(f"{format_pm(abs(top.value), top.uncertainty, top.unit)} · {top.describe()}") in first  # as the page's headline writes it
    assert spaced(f"Overall asymmetry index: {report.index_mm:.1f} ± {format_value(report.index_uncertainty_mm, 'mm')}") in first  # as the page writes it
    assert f"±{CALIBRATION_REL:.0%}" == "±4%" and "every millimetre figure carries about ±4%" in first


def test_with_nothing_clear_the_report_says_no_clear_difference() -> None:
    report = _report()
    calm = {k: replace(m, value=0.0, left_mm=m.left_mm, right_mm=m.left_mm) for k, m in report.measures.items()}
    quiet = replace(report, measures=MappingProxyType(calm))
    assert quiet.headline() is None
    text = _flat(consult_pdf(quiet, views=mirror_views(quiet, max_side=300), when=DAY))
    assert "No clear difference: every difference is within its uncertainty." in text
    assert "Most noticeable difference" not in text
    assert text.count("no clear difference") == sum(m.withheld is None for m in calm.values())


def test_notices_and_the_date_are_on_every_page() -> None:
    pages = [" ".join(p.split()) for p in _pages(_pdf())]
    assert 1 <= len(pages) <= 3
    for text in pages:
        assert EDUCATIONAL in text and EMERGENCY in text and DAY.isoformat() in text
    everything = " ".join(pages)
    assert ADULTS_ONLY in everything
    assert long_date(DAY) == "2 January 2026" and long_date(DAY) in pages[0]


def test_the_file_is_dated_the_consult_s_day_with_no_clock_time() -> None:
    # the metadata's creation and change times would say when, to the second; left to ReportLab's invariant stamp, a
    # file browser dated every report 1 January 2000
    import re

    stamps = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", _pdf())
    assert len(stamps) == 2 and set(stamps) == {DAY.strftime("%Y%m%d000000").encode()}, stamps


def test_the_sources_behind_the_numbers_are_listed() -> None:
    report, library = _report(), content.load()
    text = _flat(_pdf())
    ids = {CALIBRATION_SOURCE, MERE_EXPOSURE_SOURCE} | {s for m in report.measures.values() if m.withheld is None for s in norm(m.id).sources}
    assert len(ids) >= 4
    for source_id in ids:
        assert " ".join(library.sources[source_id].title.split()) in text, source_id


def test_the_report_pages_render_to_real_pictures_with_the_photo_on_the_first() -> None:
    first, *_ = _assert_real_pages(_pdf(), pages=(1, 3))
    top = first[: first.shape[0] // 2]
    colourful = np.ptp(top.astype(int), axis=2) > 25  # skin, the overlay's colours: not grey text
    assert float(np.mean(colourful)) > 0.05


def test_nothing_is_written_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report()
    views = mirror_views(report, max_side=300)
    consult_pdf(report, views=views, when=DAY)  # warm: imports, fonts, matplotlib's own caches
    real_open, real_os_open = builtins.open, os.open

    def open_read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            raise AssertionError(f"opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    def os_open_read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise AssertionError(f"opened {path!r} for writing")
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_read_only)
    monkeypatch.setattr(io, "open", open_read_only)
    monkeypatch.setattr(os, "open", os_open_read_only)
    assert consult_pdf(report, views=views, when=DAY).startswith(b"%PDF-")


def test_reports_build_on_two_threads_at_once() -> None:
    names = ("frl_london_005_03.jpg", "cc0_lisa_lisa2.jpg")
    reports = [_report(n) for n in names]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda r: consult_pdf(r, views=mirror_views(r, max_side=300), when=DAY), reports))
    for report, pdf in zip(reports, pdfs, strict=True):
        assert spaced(headline_text(report)) in _flat(pdf)
        for warning in report.warnings:  # the capture advice comes along ("the face is only ... px wide")
            assert f"About this photo: {' '.join(mid_sentence(warning).split())}" in _flat(pdf)
    assert any(r.warnings for r in reports)
    assert headline_text(reports[0]) != headline_text(reports[1])


def test_the_report_refuses_something_that_is_not_an_analysis() -> None:
    with pytest.raises(ArgumentError, match="must be an AsymmetryReport"):
        consult_pdf("report.json", when=DAY)  # type: ignore[arg-type]


def _overlay_in(pdf: bytes) -> np.ndarray:
    """The overlay picture on the report's first page (its tallest picture), as RGB."""
    from PIL import Image

    pictures = [Image.open(io.BytesIO(image.data)).convert("RGB") for image in PdfReader(io.BytesIO(pdf)).pages[0].images]
    return np.asarray(max(pictures, key=lambda picture: picture.height), dtype=np.int16)


def _drawn(report: viz.AsymmetryReport, layers: tuple[str, ...], size: tuple[int, int]) -> np.ndarray:
    """The overlay of ``layers`` as the report draws it (its face box and size), brought to ``size``."""
    from PIL import Image

    from viz.overlay import face_box, render_overlay
    from viz.report import _FACE_MARGINS, _PHOTO_DPI, _TEXT_W

    side = round(0.46 * _TEXT_W / 72.0 * _PHOTO_DPI)  # the overlay's column (46 % of the text's width) at the photos' resolution
    rgb = render_overlay(report, max_side=side, box=face_box(report.face, _FACE_MARGINS), layers=layers, min_side=side)
    return np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.BILINEAR), dtype=np.int16)


@pytest.mark.parametrize("layers", [("measures",), (), ("heat", "connectors", "axis", "levels", "measures")], ids=["measures", "none", "all"])
def test_the_overlay_shows_the_layers_chosen_and_says_which_unless_all(layers: tuple[str, ...]) -> None:
    # it drew the axis, level lines and connectors whatever the first page showed: with only "Measures" chosen, no diamond
    from viz.overlay import DEFAULT_LAYERS
    from viz.vocabulary import LAYERS

    report = _report()
    views = mirror_views(report, max_side=300)
    chosen = consult_pdf(report, views=views, when=DAY, layers=layers)
    picture = _overlay_in(chosen)
    size = (picture.shape[1], picture.shape[0])
    mine, default = _drawn(report, layers, size), _drawn(report, DEFAULT_LAYERS, size)
    apart = np.abs(mine - default).max(axis=2) > 40  # where these layers and the default ones differ
    assert apart.mean() > 0.002
    assert np.abs(picture - mine)[apart].mean() < 0.3 * np.abs(picture - default)[apart].mean()  # the chosen ones are drawn
    text = _flat(chosen)
    names = ", ".join(LAYERS[layer] for layer in layers)
    assert (f"Layers shown: {names} (the others are hidden)." in text) == (0 < len(layers) < len(LAYERS))
    assert ("No layer shown" in text) == (not layers)
    if "measures" in layers:
        assert "diamonds mark where the measures are read" in text.lower()
    default = _flat(consult_pdf(report, views=views, when=DAY))  # default: the exports' three, named
    assert "Layers shown: Paired connectors, Symmetry axis, Level lines (the others are hidden)." in default
    with pytest.raises(ArgumentError, match="Unknown overlay layer"):
        consult_pdf(report, views=views, when=DAY, layers=("freckles",))


def test_the_first_pages_report_takes_the_layers_chosen_on_the_page() -> None:
    # the download's callable, as the page registers it: the PNG followed the choice, the PDF did not
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO
    from ui import state
    from ui.widgets import saved_name

    found: dict[str, Any] = {}
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data_callable: Any, mimetype: str | None, coordinates: str, file_name: str | None = None) -> str:
        found[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MediaFileManager, "add_deferred", record)
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.session_state[state.OVERLAY_LAYERS] = ["measures"]
        at.run()
        assert not at.exception
        pdf = found[saved_name("consult-report", "pdf")]()
    assert "Layers shown: Measures (the others are hidden)." in _flat(pdf)


def test_the_charts_key_says_what_its_bands_and_ticks_mean_as_the_pages_does() -> None:
    # the page's chart named its two bands; the report's drew no band and named only the bars and the tick
    from matplotlib.colors import to_rgba

    from viz.figures import BAND_NAMES, NOTICED_BAND_COLOUR, TYPICAL_BAND_COLOUR, measures_figure
    from viz.report import _measures_figure, _rgba

    report = _report()
    figure = _measures_figure(report, 500.0)
    assert figure is not None
    (legend,) = figure.legends
    keys = [t.get_text() for t in legend.get_texts()]
    page = {t.name.replace("<br>", " ") for t in measures_figure(report).data if t.showlegend is not False and t.name}  # wrapped to fit
    assert page <= set(keys) and set(BAND_NAMES.values()) <= set(keys) and "size people commonly notice" in keys
    shown = [m for m in report.sorted_measures() if m.withheld is None and m.unit == "mm"]
    widths: dict[tuple[float, ...], list[float]] = {}
    for patch in figure.axes[0].patches:
        widths.setdefault(tuple(round(c, 3) for c in patch.get_facecolor()), []).append(patch.get_width())
    for colour, key in ((TYPICAL_BAND_COLOUR, "typical"), (NOTICED_BAND_COLOUR, "noticed")):  # each band as wide as its norm
        expected = [getattr(norm(m.id), key) for m in shown if getattr(norm(m.id), key)]
        assert expected and widths[tuple(round(c, 3) for c in to_rgba(_rgba(colour)))] == pytest.approx(expected)


# --- with a preview ----------------------------------------------------------------------------------


def test_a_preview_report_names_the_plan_the_day_and_its_numbers() -> None:
    preview, library = _preview(), content.load()
    pdf = consult_pdf(preview.report, preview=preview, library=library, when=DAY)
    flat, lines = _flat(pdf), _lines(pdf)
    plan = plan_text(preview.relaxations, library)
    assert f"Plan: {plan}." in flat
    for r in preview.relaxations:
        assert library.muscles[r.muscle].name in plan and side_phrase(r.side) in plan
    assert "strong" in plan and "moderate" in plan
    assert "day 21 after treatment" in flat and f"After, day 21: {WATERMARK}" in flat
    for r in preview.relaxations:  # the share of the peak effect on the day, as a range from the time course's ranges
        least, typical, most = (float(x) for x in effect_range(21.0, library.muscles[r.muscle].time_course))
        said = (
            f"{least:.0%} of its peak effect" if round(least, 2) == round(most, 2) else f"{least:.0%}–{most:.0%} of its peak effect (typically {typical:.0%})"
        )
        assert f"{library.muscles[r.muscle].name}: {said}" in flat
    moved = 0
    for mid, before in preview.before.items():
        label = MEASURES[mid].label
        if before.withheld is not None:
            assert f"{label} not measured" in lines  # the first page's row reads "not measured not measured"
            continue
        after, low, high = preview.after[mid], preview.after_low[mid], preview.after_high[mid]
        lo, hi = sorted((low.value, high.value))
        change = after.value - before.value
        expected = [format_pm(before.value, before.uncertainty, before.unit, signed=True)]
        expected += [format_pm(after.value, after.uncertainty, before.unit, signed=True)]  # the photo's ± carries into it
        # one value where both ends read the same; "unchanged" as on the Preview page where the plan leaves it alone
        likely = format_range(lo, hi, before.unit, signed=True)
        expected += [shown_rows([{"before": expected[0], "after (typical)": expected[1], "likely range": likely}])[0]["likely range"]]
        shown_change = round(after.value, 1) - round(before.value, 1)  # the row adds up as read, as on the Preview page
        assert abs(shown_change - change) <= 0.1 + 1e-9
        expected += [format_value(shown_change, before.unit, signed=True)]
        if before.kind == "paired" and abs(change) >= resolvable_mm(before):
            expected.append("shown")
        elif mid in preview.faint:
            expected.append("too small to show")
        elif before.kind == "tilt" and preview.in_picture(mid):  # judged as a height (tests/test_preview.py)
            expected.append(preview.in_picture(mid))
        # the measures table on the first page has a row with this label too, in its own form: this is the preview's
        assert lines.count(spaced(" ".join([label, *expected]))) == 1, (mid, [line for line in lines if line.startswith(label + " ")])
        moved += spaced(format_value(shown_change, before.unit, signed=True)) not in ("0.0 mm", "0.0°")
    assert moved >= 2, "the plan moves the mouth corner and the brow"
    page_rows = [spaced(" ".join(v for v in row.values() if v)) for row in shown_rows(preview.measure_rows())]
    assert [line for line in lines if line in page_rows] == page_rows  # the Preview page's rows, in its order
    assert preview.faint, "this plan has changes too small for the picture; the table says so"
    for warning in (*preview.plan_warnings, preview.faint_note()):  # the page's notes, in its words
        assert " ".join(warning.split()) in flat
    course_sources = {s for r in preview.relaxations for s in library.muscles[r.muscle].time_course.sources}
    for source_id in course_sources:
        assert " ".join(library.sources[source_id].title.split()) in flat
    _assert_real_pages(pdf, pages=(2, 4))


# --- with two visits ---------------------------------------------------------------------------------


def test_a_visits_report_lists_every_change_with_its_uncertainty() -> None:
    report = _compare()
    pdf = consult_pdf(report.after, compare=report, when=DAY)
    flat = _flat(pdf)
    assert "Changes between two visits" in flat
    assert "the after photo (the later visit)" in " ".join(_pages(pdf)[0].split())  # the first page's photo is named as the later visit
    assert "the after photo" not in _flat(consult_pdf(report.after, when=DAY))
    for c in report.changes.values():
        label = MEASURES[c.id].label
        if c.withheld:
            assert f"{label} not measured" in flat  # across the row's number columns
            continue
        before, after, change = c.shown(digits=1)  # to a tenth, as every page shows a measure
        assert round(after - before, 1) == change and abs(change - c.change) <= 0.1 + 1e-9  # the row adds up as read
        u_before, u_after = report.before.measures[c.id].uncertainty, report.after.measures[c.id].uncertainty
        expected = [
            label,
            format_pm(before, u_before, c.unit, signed=True),  # each visit with its own ±
            format_pm(after, u_after, c.unit, signed=True),
            format_value(change, c.unit, signed=True),  # the change, its ± and the size it must pass, as the page's columns
            format_value(c.uncertainty, c.unit),
            threshold_cell(c),
            "yes" if c.beyond_uncertainty else "no",
        ]
        assert spaced(" ".join(expected)) + " " in spaced(flat), c.id  # then the side, in words (a label may wrap in its cell)
        assert report.sides(c.id) in flat, c.id
        # each photo's value as the report's first page gives it (a pair rounded to add up read -1.2° there beside -1.3°)
        assert (before, after) == (rounded(report.before.measures[c.id].value), rounded(report.after.measures[c.id].value))
    for warning in report.warnings:
        assert " ".join(warning.split()) in flat
    assert " ".join(IDENTITY_LIMIT.split()) in flat
    _assert_real_pages(pdf, pages=(2, 4))


def test_a_visits_report_shows_both_visits_photos_lined_up() -> None:
    # it showed the after photo only (as the first page's), never the before
    report = _compare()
    alone, both = (PdfReader(io.BytesIO(consult_pdf(report.after, compare=c, when=DAY))) for c in (None, report))
    count = [sum(len(page.images) for page in pdf.pages) for pdf in (alone, both)]
    assert count[1] == count[0] + 2, count
    flat = " ".join(" ".join(page.extract_text().split()) for page in both.pages)
    assert "After, lined up with before" in flat


def test_a_visits_report_of_two_people_names_no_change() -> None:
    # the summary said "no verdict" while the table under "Changes between two visits" gave each change and an arrow
    report = compare(_face("frl_london_006_03.jpg"), _face("frl_london_061_03.jpg"))
    assert not report.judged
    flat = _flat(consult_pdf(report.after, compare=report, when=DAY))
    assert "Two visits' photos: no change named" in flat and "Changes between two visits" not in flat
    rows = [r for r in report.table_rows() if r.before]
    assert rows and all(r.change == "—" and not r.uncertainty and r.verdict == NO_VERDICT_CELL for r in rows)
    assert all("→" not in r.side for r in rows)  # each photo named on its own: an arrow read as a change
    assert any(r.side.startswith("before: ") for r in rows)


def test_a_report_laid_out_twice_for_its_closing_box_keeps_a_table_it_moved_to_the_next_page() -> None:
    # the closing box would stand alone, so the story is laid out again; ReportLab's mark on the measures table it
    # had moved to page 3 made the second layout refuse it as "too large on page 2" (10 of 153 reports over 21 faces)
    face = _face("cc0_lisa_lisa2.jpg")
    plan = [Relaxation("masseter", "right", 1.0), Relaxation("orbicularis_oculi", "left", 0.5)]
    report = viz.analyze(face)
    pdf = consult_pdf(report, preview=relax(face.photo, face, plan, 14, report=report), when=DAY)
    flat = _flat(pdf)
    assert "Preview of a treatment plan" in flat and "Made by MirrorMap on" in flat  # every part, the closing line too


# --- the checklist -----------------------------------------------------------------------------------


def test_the_checklist_pdf_holds_every_question_the_notes_sources_and_notices() -> None:
    library = content.load()
    topic = library.topics["consult_checklist"]
    notes = "What if my brow drops?\n\n  Ask about <b>bruising</b> & the cost  \n• my own bullet\n- a dash\n-5 mm is a lot?\n"
    pdf = checklist_pdf(topic, library, notes, when=DAY)
    flat = _flat(pdf)
    assert topic.title in flat and " ".join(topic.intro.split()) in flat
    for number, card in enumerate(topic.cards, start=1):
        assert f"{number}. {card.title}." in flat
        assert " ".join(library.cited(card, card.text, topic.cards).split()) in flat  # its citations numbered as its sources
    assert "• What if my brow drops?" in flat and "• Ask about <b>bruising</b> & the cost" in flat  # printed as written, not markup
    assert "• my own bullet" in flat and "• a dash" in flat and "• -5 mm is a lot?" in flat and "• •" not in flat  # one bullet each
    for number, source in enumerate(library.sources_of_all(topic.cards), start=1):
        assert f"{number}. {source.citation()[:20]}" in flat  # numbered, as the questions' citations point into the list
        assert " ".join(source.title.split()) in flat
    assert EDUCATIONAL in flat and EMERGENCY in flat and long_date(DAY) in flat
    _assert_real_pages(pdf, pages=(1, 3))


def test_the_checklist_without_notes_has_no_notes_heading() -> None:
    library = content.load()
    flat = _flat(checklist_pdf(library.topics["consult_checklist"], library, "  \n", when=DAY))
    assert "My own questions and notes" not in flat


@pytest.mark.parametrize(("filled_mm", "box_in_body"), [(60.0, True), (258.0, False)])
def test_the_closing_box_never_stands_alone_on_a_last_page(filled_mm: float, box_in_body: bool) -> None:
    """A story that leaves room for the closing box ends with it; one that leaves too little ends on the same page,
    with the closing sentence in that page's footer (the footer carries every notice on every page)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from viz.report import _build

    closing = "Made by MirrorMap on a test day. The numbers describe a photo, not a diagnosis."
    pdf = _build([Spacer(1, filled_mm * mm)], title="t", when=DAY, footer="MirrorMap test", closing=closing)
    pages = [" ".join(p.split()) for p in _pages(pdf)]
    assert len(pages) == 1
    assert pages[0].count(closing) == 1 and ADULTS_ONLY in pages[0] and EMERGENCY in pages[0]
    assert (pages[0].count(EMERGENCY) == 2) == box_in_body  # the box repeats the emergency line above the footer's


@pytest.mark.parametrize("filled_mm", [225.0, 238.0, 244.0, 248.0])  # 244 and 248: a plain table left 2 rows and 1
def test_a_table_never_leaves_its_heading_and_fewer_than_three_rows_at_a_page_foot(filled_mm: float) -> None:
    # the preview's table put its heading and two rows under the pictures and the rest on the next page
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from viz.report import _MIN_ROWS, _build, _table

    rows = [[Paragraph("Heading"), Paragraph("Value")]] + [[Paragraph(f"Row{i:02d}"), Paragraph("1.0 mm")] for i in range(12)]
    pdf = _build([Spacer(1, filled_mm * mm), _table(rows, [60 * mm, 40 * mm])], title="t", when=DAY, footer="MirrorMap test")
    pages = _pages(pdf)
    first = [i for i in range(12) if f"Row{i:02d}" in pages[0]]
    assert not first or len(first) >= _MIN_ROWS, (filled_mm, first)
    assert all(any(f"Row{i:02d}" in p for p in pages) for i in range(12))  # no row lost
    assert ("Heading" in pages[0]) == bool(first)  # the heading stays with rows, and repeats over the rest


@pytest.mark.parametrize(
    ("name", "reason"),
    [("cc0_lisa_lisa3.jpg", "the head is tilted"), ("frl_london_025_08.jpg", "the face shows an expression"), ("frl_london_005_03.jpg", None)],
)
def test_the_pdf_headline_says_when_the_photo_makes_it_less_sure(name: str, reason: str | None) -> None:
    report = viz.analyze(detected(name))
    assert report.headline() is not None
    text = headline_text(report)
    if reason is None:
        assert report.less_sure == () and "less surely" not in text
    else:
        assert any(r.startswith(reason) for r in report.less_sure), report.less_sure
        assert text.endswith(report.less_sure_note()) and f"Read less surely: {reason}" in text


@pytest.mark.parametrize("filled_mm", [150.0, 225.0, 232.0, 238.0, 244.0, 248.0, 262.0])
def test_a_titled_table_keeps_its_title_with_its_first_rows_and_repeats_both_over_the_rest(filled_mm: float) -> None:
    # the preview's "Measures before → after" began page 3 with no heading: the table had none in the report
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from viz.report import _MIN_ROWS, _build, _table

    rows = [[Paragraph("Heading"), Paragraph("Value")]] + [[Paragraph(f"Row{i:02d}"), Paragraph("1.0 mm")] for i in range(40)]
    story = [Spacer(1, filled_mm * mm), _table(rows, [60 * mm, 40 * mm], [("LINEBELOW", (0, 1), (-1, -1), 0.3, "grey")], title=Paragraph("The title"))]
    pdf = _build(story, title="t", when=DAY, footer="MirrorMap test")
    laid_out = [page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(pdf)).pages]  # a row's cells on one line
    pages = [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in laid_out]
    assert all(any(f"Row{i:02d} 1.0 mm" in line for page in pages for line in page) for i in range(40))  # no row lost
    for page in pages:
        body = [line for line in page if line.startswith("Row")]
        if not body:
            assert "The title" not in page and "Heading Value" not in page  # neither stands alone at a page's foot
            continue
        assert len(body) >= _MIN_ROWS
        title, heading, first = page.index("The title"), page.index("Heading Value"), page.index(body[0])
        assert title < heading < first, page  # on every page the table reaches: its title, its heading, then rows
    reached = sum(any(line.startswith("Row") for line in page) for page in pages)
    assert reached >= 2 or filled_mm > 230, reached  # with room for a few rows, the table starts here and runs over


def test_the_preview_reports_before_after_table_is_titled_as_on_the_page() -> None:
    preview = _preview()
    lines = _lines(consult_pdf(preview.report, preview=preview, library=content.load(), when=DAY))
    title = lines.index("Measures before → after")
    assert lines[title + 1].startswith("Measure Before After"), lines[title : title + 3]


def test_side_by_side_pictures_never_leave_their_captions_on_another_page() -> None:
    # the preview's pictures ended page 2 and their captions began page 3
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from viz.report import _build, _side_by_side, _styles

    before, after = np.full((200, 160, 3), 90, np.uint8), np.full((200, 160, 3), 160, np.uint8)  # two pictures (one would be stored once)
    for filled_mm in (150.0, 170.0, 180.0, 190.0, 200.0):
        table = _side_by_side((before, after), ("Before: a caption", "After: a caption"), 70 * mm, _styles())
        pdf = _build([Spacer(1, filled_mm * mm), table], title="t", when=DAY, footer="MirrorMap test")
        reader = PdfReader(io.BytesIO(pdf))
        (page,) = [p for p in reader.pages if "Before: a caption" in p.extract_text()]
        assert len(page.images) == 2, filled_mm  # the pictures on the page of their captions


# --- the sample's credit, the plan kept with its pictures, print-legible type ---------------------------


def test_the_sample_portrait_is_credited_on_page_one_and_a_persons_own_photo_is_not() -> None:
    # the consult PDF of the sample showed its CC BY 4.0 photo six times and never credited it
    from ui.cache import SAMPLE_FILE_CREDIT

    report = _report()
    credited = _pages(consult_pdf(report, views=mirror_views(report, max_side=500), when=DAY, credit=SAMPLE_FILE_CREDIT))
    first = " ".join(credited[0].split())
    assert f"Photo: {SAMPLE_FILE_CREDIT}" in first
    assert all(word in first for word in ("Face Research Lab London Set", "DeBruine", "CC BY 4.0", "creativecommons.org/licenses/by/4.0"))
    assert len(credited) == len(_pages(_pdf())) == 2  # the line costs no page: "two pages for an analysis"
    own = _flat(_pdf())  # a person's photo: no credit argument, no credit line
    assert not any(word in own for word in ("Photo:", "DeBruine", "CC BY", "Face Research"))
    with pytest.raises(ArgumentError, match="credit must be a str"):
        consult_pdf(report, credit=None)  # type: ignore[arg-type]


#: The plans of the QA review whose heading and plan lines stood at the foot of page 2, their pictures on page 3.
_SPLIT_PLANS = [
    ("uscongress_C001080.jpg", True, (Relaxation("orbicularis_oculi", "left", 1.0),), 14),
    ("uscongress_C001080.jpg", True, (Relaxation("orbicularis_oculi", "left", 1.0),), 100),
    ("frl_london_136_03.jpg", False, (Relaxation("frontalis", "right", 1.0), Relaxation("corrugator", "left", 1.0)), 0),
    ("frl_london_136_03.jpg", False, (Relaxation("frontalis", "right", 1.0), Relaxation("corrugator", "left", 1.0)), 180),
]


@pytest.mark.parametrize(("name", "mirrored", "plan", "day"), _SPLIT_PLANS)
def test_the_plans_heading_and_plan_lines_share_a_page_with_its_pictures(name: str, mirrored: bool, plan: tuple[Relaxation, ...], day: int) -> None:
    data = face_path(name).read_bytes()
    face = viz.reread_face(data, _face(name))  # the face as the app reads it
    report = viz.analyze(face, mirrored=mirrored)
    preview = relax(face.photo, face, list(plan), float(day), mirrored=mirrored, report=report)
    reader = PdfReader(io.BytesIO(consult_pdf(report, preview=preview, when=DAY)))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    (at,) = [i for i, text in enumerate(texts) if "Preview of a treatment plan" in text]
    for words in ("Plan: ", f"Shown on day {day} after treatment", "Before: the photo", f"After, day {day}:"):
        assert words in texts[at], (words, at + 1)
    assert len(reader.pages[at].images) >= 2  # the photo and the simulation themselves, not only their captions
    assert len(texts) <= 4


def _text_runs(pdf: bytes) -> list[tuple[str, float, float]]:
    """Every run of text drawn: its words, its size in points and where it starts from the page's left edge."""
    runs: list[tuple[str, float, float]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
            if text.strip():
                runs.append((" ".join(text.split()), size * tm[0] * cm[0], cm[4] + tm[4] * cm[0]))

        page.extract_text(visitor_text=visit)
    return runs


def test_every_text_of_the_reports_is_print_legible() -> None:
    # the footer with the emergency line and the overlay's caption were 6.5 pt, the date line 7 pt, the tables 7.5 pt
    from viz.report import SMALL_PT, TABLE_PT

    assert TABLE_PT >= 8.0 and SMALL_PT >= 7.5
    preview, library = _preview(), content.load()
    checklist = checklist_pdf(library.topics["consult_checklist"], library, "a note", when=DAY)
    pdfs = [consult_pdf(preview.report, preview=preview, library=library, when=DAY), checklist]
    for pdf in pdfs:
        runs = _text_runs(pdf)
        assert runs and min(size for _, size, _ in runs) >= SMALL_PT - 1e-6, sorted(runs, key=lambda r: r[1])[:3]
        safety = [size for text, size, _ in runs if EMERGENCY in text or ADULTS_ONLY in text]
        assert len(safety) >= 2 and min(safety) >= TABLE_PT - 1e-6
    cells = [size for text, size, _ in _text_runs(pdfs[0]) if text in ("Uncertainty", "Likely range", "In the picture")]
    assert len(cells) >= 3 and min(cells) >= TABLE_PT - 1e-6  # the measures' and the preview's table
    lines = _lines(pdfs[0])
    assert any(line.startswith("Measure Left Right Difference Uncertainty Reading") for line in lines)  # no "Uncertaint / y"
    assert len(_pages(_pdf())) == 2  # the larger type keeps an analysis on two pages


def test_the_charts_words_and_numbers_are_as_large_as_the_captions() -> None:
    # drawn at 6-6.5 pt at the size they are printed: the chart of how big each difference is read as fine print
    from matplotlib.text import Text

    from viz.report import SMALL_PT, _measures_figure

    preview = _preview()
    figure = _measures_figure(preview.report, 400.0)
    assert figure is not None
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert len(sizes) > 10 and min(sizes) >= SMALL_PT


def test_a_long_note_in_the_checklist_runs_on_under_its_first_word() -> None:
    library = content.load()
    long = "Ask whether the brow could drop after the forehead is treated and what would be done about it " * 3
    pdf = checklist_pdf(library.topics["consult_checklist"], library, f"short\n{long}", when=DAY)
    runs = _text_runs(pdf)
    words = set(long.split())
    note = [x for text, _, x in runs if text and set(text.split()) <= words]
    assert len(note) >= 3, "the note takes several lines"
    intro = " ".join(library.topics["consult_checklist"].intro.split())
    margin = min(x for text, _, x in runs if text in intro)
    assert max(note) - min(note) < 0.5  # every line of the note starts at one place...
    assert min(note) > margin + 5  # ...under its first word, right of the bullet at the margin
