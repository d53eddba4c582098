"""One-click downloads (AppTest): each PDF and the comparison PNG are made only when clicked, in memory, from what the page shows.

Streamlit registers a download whose ``data`` is a callable with its media-file manager and calls it on
the click. These tests record the callables a page registers and call them as the click would: the
first page's consult report, Preview's report with the plan, Visits' report with both visits, Learn's
checklist, and the comparison PNG at the opacity chosen on the slider.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.app_pages import preview_smile_view
from tests.conftest import REPO, face_path, spaced
from tests.tables import shown_tables
from ui import learn_ui, preview_ui, state, visits_ui
from ui import plan as ui_plan
from ui.widgets import saved_name
from viz.preview import plan_text
from viz.report import overlay_caption, visit_dates
from viz.vocabulary import EDUCATIONAL

APP = str(REPO / "app.py")
PAGES = REPO / "ui" / "pages"


@pytest.fixture
def clicks(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], Any]]]:
    """File name -> the callable a download button registered (what a click would run)."""
    found: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data_callable: Callable[[], Any], mimetype: str | None, coordinates: str, file_name: str | None = None) -> str:
        found[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    yield found


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _photo(name: str) -> state.PhotoInput:
    return state.PhotoInput.of(face_path(name).read_bytes(), name, "test")


def test_the_first_page_builds_its_consult_report_only_when_clicked(clicks: dict[str, Callable[[], Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    import viz.report

    built: list[int] = []
    original = viz.report.consult_pdf

    def counted(*args: Any, **kwargs: Any) -> bytes:
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr("ui.cache.consult_pdf", counted)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert not built  # drawing the page builds nothing
    text = _text(clicks[saved_name("consult-report", "pdf")]())
    assert built == [1]
    headline = at.metric[0].value  # the overall index as the page shows it, e.g. "0.4 mm"
    assert spaced(headline).replace(" ", "") in text.replace(" ", "") and EDUCATIONAL.split()[0] in text
    top = shown_tables(at)[0][0]  # the most noticeable measure, as the table shows it
    assert top["measure"] in text and spaced(top["difference"]).replace(" ", "") in text.replace(" ", "")


def test_preview_s_report_names_the_plan_and_the_day(clicks: dict[str, Callable[[], Any]]) -> None:
    at = AppTest.from_file(str(PAGES / "preview.py"), default_timeout=120)
    at.session_state[ui_plan.PLAN] = [("frontalis", "right", "moderate")]
    at.session_state[preview_ui.DAY] = 21
    at.run()
    assert not at.exception
    text = _text(clicks[saved_name("consult-report-simulation-day-21", "pdf")]())
    plan = plan_text(ui_plan.relaxations((("frontalis", "right", "moderate"),)))  # "Forehead muscle, right side, moderate relaxation"
    assert f"Plan: {plan}." in text and "day 21 after treatment" in text and "Simulation" in text


def test_visits_report_lists_the_changes(clicks: dict[str, Callable[[], Any]]) -> None:
    at = AppTest.from_file(str(PAGES / "visits.py"), default_timeout=120)
    at.session_state[visits_ui.PHOTOS] = {"before": _photo("frl_london_025_03.jpg"), "after": _photo("frl_london_025_08.jpg")}
    at.run()
    assert not at.exception
    text = _text(clicks[saved_name("consult-report-visits", "pdf")]())
    rows = shown_tables(at)[0]
    assert "visits" in text.lower() and rows[0]["measure"] in text


@pytest.mark.parametrize("page", ["visits", "preview"])
def test_other_pages_reports_draw_the_overlay_layers_chosen_on_the_first_page(clicks: dict[str, Callable[[], Any]], page: str) -> None:
    # each drew its own three (connectors, axis, levels) beside the first page's report, which drew the five chosen there
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=120)
    at.session_state[state.OVERLAY_LAYERS] = ["axis", "measures"]
    if page == "visits":
        at.session_state[visits_ui.PHOTOS] = {"before": _photo("frl_london_025_03.jpg"), "after": _photo("frl_london_025_08.jpg")}
        name = "consult-report-visits"
    else:
        at.session_state[ui_plan.PLAN] = [("frontalis", "right", "moderate")]
        at.session_state[preview_ui.DAY] = 21
        name = "consult-report-simulation-day-21"
    at.run()
    assert not at.exception
    text = "".join(spaced(_text(clicks[saved_name(name, "pdf")]())).split())
    assert "".join(overlay_caption(["axis", "measures"]).split()) in text
    assert "".join(overlay_caption(["axis", "levels"]).split()) not in text


def test_learn_s_checklist_downloads_as_a_pdf_with_the_person_s_notes(clicks: dict[str, Callable[[], Any]]) -> None:
    at = AppTest.from_file(str(PAGES / "learn.py"), default_timeout=60)
    at.session_state[learn_ui.NOTES] = "Ask about my left brow"
    at.run()
    assert not at.exception
    text = _text(clicks[saved_name("consult-questions", "pdf")]())
    assert "Ask about my left brow" in text and EDUCATIONAL.split()[0] in text


@pytest.mark.parametrize("layers", [[], ["heat", "measures"], ["connectors", "axis", "levels", "heat", "measures"]])
def test_the_overlay_png_draws_the_layers_chosen_on_the_page(clicks: dict[str, Callable[[], Any]], layers: list[str]) -> None:
    # it drew the default three whatever the page showed: with none chosen, the axis and lines; with all, no heat
    import viz
    from ui.cache import SAMPLE_FILE_CREDIT, SAMPLE_PATH
    from viz.overlay import face_overlay_png

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[state.OVERLAY_LAYERS] = layers
    at.run()
    assert not at.exception
    png = clicks[saved_name("overlay", "png")]()
    face = viz.detect_face(viz.load_photo(SAMPLE_PATH.read_bytes()))
    assert face is not None
    report = viz.analyze(face)
    # the sample's file carries its credit (tests/test_report_credit.py checks it is there and only there)
    assert _pixels(png) == _pixels(face_overlay_png(report, tuple(layers), SAMPLE_FILE_CREDIT))
    assert _pixels(png) != _pixels(face_overlay_png(report, credit=SAMPLE_FILE_CREDIT))  # none of these is the default three


@pytest.mark.parametrize("opacity", [20, 80])
def test_the_comparison_png_uses_the_opacity_chosen_on_the_slider(clicks: dict[str, Callable[[], Any]], opacity: int) -> None:
    import viz
    from ui.analyze_ui import COMPARISON_FOOTER
    from ui.cache import SAMPLE_FILE_CREDIT, SAMPLE_PATH, VIEW_SIDE
    from viz import mirror
    from viz.overlay import face_box

    at = AppTest.from_file(APP, default_timeout=120).run()
    at.slider(key=state.OPACITY).set_value(opacity).run()
    assert not at.exception
    png = clicks[saved_name("comparison", "png")]()
    face = viz.detect_face(viz.load_photo(SAMPLE_PATH.read_bytes()))
    assert face is not None
    views = mirror.mirror_views(viz.analyze(face), max_side=VIEW_SIDE[True], box=face_box(face))  # the page's views: the face
    footer = (*COMPARISON_FOOTER, SAMPLE_FILE_CREDIT)  # the sample's file carries its credit
    chosen, default = (mirror.comparison_png(views, opacity=alpha / 100, footer=footer) for alpha in (opacity, 50))
    assert _pixels(chosen) != _pixels(default)  # the opacity shows in the picture
    assert _pixels(png) == _pixels(chosen)


def _pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB")).tobytes()


def test_preview_s_expression_view_saves_the_expression_and_its_simulation(clicks: dict[str, Callable[[], Any]]) -> None:
    # the rest view's pictures could be saved, the expression's could not
    _at = preview_smile_view(timeout=120)  # its session, which the click reads, alive until the end
    png = clicks[saved_name("simulation-smile-day-21", "png")]()
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width > 2 * 500
        text = image.text  # type: ignore[attr-defined]
    plan = plan_text(ui_plan.relaxations((("zygomaticus_major", "left", "strong"),)))
    assert text["Plan"] == plan and text["Day"] == "21"


def _mirror_image(path_name: str) -> state.PhotoInput:
    """A face photo as a front camera saves it: left and right swapped."""
    buf = io.BytesIO()
    with Image.open(face_path(path_name)) as image:
        Image.fromarray(np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, ::-1])).save(buf, "PNG")
    return state.PhotoInput.of(buf.getvalue(), f"mirrored-{path_name}", "test")


@pytest.mark.parametrize("rest_mirrored", [True, False])
def test_preview_s_saved_expression_says_how_its_photo_was_turned(clicks: dict[str, Callable[[], Any]], rest_mirrored: bool) -> None:
    # the saved expression picture named no mirror: a mirrored rest photo's "left side" sits on the picture's right, and an
    # expression photo flipped to face the rest photo's way was said so on the page only
    from ui import dynamic_preview_ui, movement_ui
    from viz.preview import MIRRORED_NOTE

    at = AppTest.from_file(str(PAGES / "preview.py"), default_timeout=120)
    at.session_state[state.PHOTO] = _mirror_image("frl_london_061_03.jpg") if rest_mirrored else _photo("frl_london_061_03.jpg")
    at.session_state[state.MIRRORED] = rest_mirrored
    at.session_state[movement_ui.PHOTOS] = {"smile": _mirror_image("frl_london_061_08.jpg")}
    at.session_state[movement_ui.MIRRORED_KEPT] = True  # the smile is a mirrored selfie, marked so
    at.session_state[ui_plan.PLAN] = [("zygomaticus_major", "left", "strong")]
    at.session_state[dynamic_preview_ui.EXPRESSION] = "smile"
    at.session_state[preview_ui.DAY] = 21
    at.run()
    assert not at.exception
    flipped = f"is shown {movement_ui.FLIPPED}"
    assert (flipped in " ".join(str(c.value) for c in at.caption)) is not rest_mirrored  # flipped only beside an unmirrored rest
    with Image.open(io.BytesIO(clicks[saved_name("simulation-smile-day-21", "png")]())) as image:
        said = image.text["Description"]  # type: ignore[attr-defined]
    assert (MIRRORED_NOTE in said) is rest_mirrored
    assert (flipped in said) is not rest_mirrored


def test_visits_report_carries_the_dates_given_on_the_page(clicks: dict[str, Callable[[], Any]]) -> None:
    at = AppTest.from_file(str(PAGES / "visits.py"), default_timeout=120)
    at.session_state[visits_ui.PHOTOS] = {"before": _photo("frl_london_025_03.jpg"), "after": _photo("frl_london_025_08.jpg")}
    at.run()
    dates = (dt.date(2026, 11, 3), dt.date(2026, 11, 17))
    for slot, day in zip(("before", "after"), dates, strict=True):
        at.date_input(key=visits_ui.DATES[slot]).set_value(day).run()
    assert not at.exception
    text = " ".join(_text(clicks[saved_name("consult-report-visits", "pdf")]()).split())
    assert visit_dates(*dates)[0] in text
