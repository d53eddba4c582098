"""The Expressions page's movements in the consult report (:func:`viz.report.consult_pdf` with ``dynamics``) and its
download on that page: the figures, notes and static-or-dynamic reading the page shows, the pictures lined up, the notes'
sources, and the sample portrait's credit where it is the rest photo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from functools import cache
from typing import Any

import pytest
from pypdf import PdfReader
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, RunFiles, detected, face_path
from tests.tables import shown_tables
from ui import cache as ui_cache
from ui import movement_ui, state
from viz import movement_words
from viz.content import load
from viz.movement import DynamicsReport, measure_dynamics, movement_note
from viz.report import consult_pdf
from viz.vocabulary import EXPRESSIONS, MOVEMENTS, rounded_pair

PAGE = str(REPO / "ui" / "pages" / "movement.py")
REST = "frl_london_005_03.jpg"
SMILE = "frl_london_005_08.jpg"
DAY = dt.date(2026, 12, 8)


@cache
def _dynamics() -> DynamicsReport:
    return measure_dynamics(detected(REST), {"smile": detected(SMILE)})


def _text(pdf: bytes) -> str:
    """The PDF's words with every space, no-break space and line break taken out: a cell's "7.3 ± 0.6 mm" may wrap."""
    words = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(words.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


@cache
def _with_movements() -> tuple[bytes, str]:
    pdf = consult_pdf(_dynamics().rest, dynamics=_dynamics(), when=DAY)
    return pdf, _text(pdf)


def test_every_movement_is_in_the_report_with_the_figures_the_page_shows() -> None:
    report = _dynamics()
    result = report.expressions["smile"]
    assert result.usable  # the same person's smile: a verdict, and figures that are a movement
    _, text = _with_movements()
    assert "Movementfromrest" in text and _squeezed(EXPRESSIONS["smile"].title) in text
    rows = movement_ui.movement_rows(result.movements, verdict=result.usable, compares=movement_ui.what_is_compared(report, result))
    assert [r["movement"] for r in rows] == [MOVEMENTS[m].label for m in result.movements]
    for row, (mid, mv) in zip(rows, result.movements.items(), strict=True):
        assert _squeezed(row["movement"]) in text
        assert _squeezed(row["left"]) in text and _squeezed(row["right"]) in text, (mid, row)
        if mv.unit == "mm":  # each side rounded as a pair (their difference is the note's), with its ± and unit
            left, right = rounded_pair(mv.left, mv.right)
            assert row["left"].startswith(f"{left:.1f}\u00a0±\u00a0{mv.left_uncertainty:.1f}\u00a0mm")
            assert row["right"].startswith(f"{right:.1f}\u00a0±\u00a0{mv.right_uncertainty:.1f}\u00a0mm")
        assert _squeezed(mv.note) in text, mid  # the verdict sentence


def test_the_static_or_dynamic_reading_is_in_the_report_as_the_page_words_it() -> None:
    report = _dynamics()
    _, text = _with_movements()
    assert report.static_vs_dynamic and "Staticordynamic?" in text
    for region, balance in report.static_vs_dynamic.items():
        heading = movement_ui.balance_heading(region, balance.reads, balance.expression, movement_ui.BALANCE_WORDS[balance.dominant])
        assert _squeezed(heading.replace("**", "")) in text
        assert _squeezed(balance.note) in text


def _one_side_more(report: DynamicsReport, by_mm: float) -> DynamicsReport:
    """``report`` with the smile's corner excursion ``by_mm`` larger on the left, its note made anew by the engine: a
    difference beyond its ±, whose note compares it with what people notice and cites the source."""
    result = report.expressions["smile"]
    mv = result.movements["mouth_corner_excursion"]
    left = mv.left + by_mm
    note = movement_note(mv.id, left, mv.right, mv.difference_uncertainty, mv.unit, other_way=mv.other_way_sides)
    movements = {**result.movements, mv.id: dataclasses.replace(mv, left=left, note=note)}
    return dataclasses.replace(report, expressions={"smile": dataclasses.replace(result, movements=movements)})


def test_the_movements_notes_cite_their_sources_in_the_reports_list() -> None:
    library = load()
    entry = library.norms["mouth_corner_excursion"]
    report = _one_side_more(_dynamics(), 3.0)
    assert f"({library.cite(entry.noticed_sources)})" in report.expressions["smile"].movements["mouth_corner_excursion"].note
    text = _text(consult_pdf(report.rest, dynamics=report, when=DAY))
    sources = text.split("Sources")[-1]
    for source in entry.noticed_sources:
        assert _squeezed(library.sources[source].citation()) in sources, source
    # the rest photo's own report cites them only where its measures do: the movement's note brought them in
    alone = _text(consult_pdf(report.rest, when=DAY)).split("Sources")[-1]
    assert any(_squeezed(library.sources[source].citation()) not in alone for source in entry.noticed_sources)


def test_the_pictures_are_the_photos_lined_up_and_the_notices_stay() -> None:
    pdf, text = _with_movements()
    without = consult_pdf(_dynamics().rest, when=DAY)
    pictures = sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pictures == sum(len(page.images) for page in PdfReader(io.BytesIO(without)).pages) + 2  # rest and the smile
    section = text.split("Movementfromrest")[-1].split("Sources")[0]
    assert "Rest:thephoto" in section and _squeezed(f"{EXPRESSIONS['smile'].title}: the photo, lined up with rest") in section
    assert "simulat" not in section.lower()  # photos, not a simulation
    for notice in ("notmedicaladvice", "emergency"):
        assert notice in text.lower()


def test_without_the_movements_the_report_has_no_movement_section() -> None:
    text = _text(consult_pdf(_dynamics().rest, when=DAY))
    assert "Movementfromrest" not in text and "Staticordynamic?" not in text


def test_a_report_that_is_not_a_movement_report_is_refused() -> None:
    with pytest.raises(viz.ArgumentError, match="dynamics must be a DynamicsReport"):
        consult_pdf(_dynamics().rest, dynamics=_dynamics().rest)  # type: ignore[arg-type]


def test_the_sample_as_the_rest_photo_carries_its_credit_and_anothers_smile_says_it_gives_no_verdict() -> None:
    data, digest = ui_cache.sample()
    rest = ui_cache.work(digest, data).face()
    assert isinstance(rest, viz.Face)
    report = measure_dynamics(rest, {"smile": detected(SMILE)})  # another person's smile: no verdict
    result = report.expressions["smile"]
    assert not result.usable and not result.same_person
    text = _text(ui_cache.movement_report_pdf(report, None))
    assert _squeezed(f"Photo: {ui_cache.SAMPLE_FILE_CREDIT}") in text
    warnings = movement_words.no_verdict_warnings(result)  # the page's warnings beside it, each its finding only
    assert warnings and all(_squeezed(w) in text for w in warnings)
    assert not any("Take both photos" in w or "retake" in w.lower() for w in warnings)  # the finding, not a way to retake
    own = _text(ui_cache.movement_report_pdf(_dynamics(), None))  # a person's own rest photo: no credit line
    assert _squeezed(ui_cache.SAMPLE_CREDIT) not in own


# --- the page ------------------------------------------------------------------------------------


def _page(**expressions: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.PHOTO] = state.PhotoInput.of(face_path(REST).read_bytes(), REST, "test")
    if expressions:
        at.session_state[movement_ui.PHOTOS] = {k: state.PhotoInput.of(face_path(v).read_bytes(), v, "test") for k, v in expressions.items()}
    return at


def _report_buttons(at: AppTest) -> list[Any]:
    return [b for b in at.get("download_button") if b.proto.id.endswith(movement_ui.REPORT)]


def test_the_page_offers_the_report_once_an_expression_is_measured_and_it_holds_the_pages_figures(files: type[RunFiles]) -> None:
    before = _page().run()  # the rest photo only: nothing measured yet
    assert not before.exception and not _report_buttons(before)

    at = _page(smile=SMILE).run()
    assert not at.exception
    (button,) = _report_buttons(at)
    assert button.proto.label == "Download the consult report (PDF)" and button.proto.deferred_file_id  # made when clicked
    url = files.made[-1].execute_deferred(button.proto.deferred_file_id)
    storage = files.made[-1]._storage
    assert isinstance(storage, MemoryMediaFileStorage)
    pdf = bytes(storage.get_file(url.rsplit("/", 1)[-1]).content)
    text = _text(pdf)
    cells = [r for table in shown_tables(at) for r in table if "movement" in r]
    assert cells  # the smile's table, as the page shows it
    for row in cells:
        assert _squeezed(row["left"]) in text and _squeezed(row["right"]) in text, row


def test_presenter_mode_leaves_the_report_out_as_the_first_page_does() -> None:
    at = _page(smile=SMILE)
    at.session_state[state.PRESENTER] = True
    at.run()
    assert not at.exception and not _report_buttons(at)
