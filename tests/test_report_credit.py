"""The sample portrait's credit in every file that ships its picture (its CC BY 4.0 licence asks for it), and none for a
person's own photo: the first page's consult PDF, overlay PNG and comparison PNG, and the credit Preview's PDF asks for."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from pypdf import PdfReader

import viz
from tests.conftest import face_path
from ui import cache
from ui.analyze_ui import COMPARISON_FOOTER
from viz.overlay import OVERLAY_FOOTER, SAFETY_FOOTER, face_overlay_png, text_band


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _sample() -> tuple[cache.PhotoWork, viz.AsymmetryReport]:
    data, digest = cache.sample()
    work = cache.work(digest, data)
    report = work.report(False)
    assert isinstance(report, viz.AsymmetryReport)
    return work, report


def _own() -> tuple[cache.PhotoWork, viz.AsymmetryReport]:
    work = cache.PhotoWork(face_path("frl_london_005_03.jpg").read_bytes())  # a person's photo, as the page makes its work
    report = work.report(False)
    assert isinstance(report, viz.AsymmetryReport)
    return work, report


def test_the_credit_names_the_set_its_authors_the_licence_and_the_changes() -> None:
    for words in ("Face Research Lab London Set", "DeBruine & Jones 2017", "CC BY 4.0", cache.SAMPLE_LICENCE_URL, "cropped"):
        assert words in cache.SAMPLE_FILE_CREDIT


def test_the_samples_work_and_analyses_carry_its_credit_and_a_persons_photo_none() -> None:
    sample_work, sample_report = _sample()
    own_work, own_report = _own()
    assert sample_work.credit == cache.SAMPLE_FILE_CREDIT and own_work.credit == ""
    assert cache.credit(sample_report) == cache.SAMPLE_FILE_CREDIT  # what Preview's consult PDF is given
    mirrored = sample_work.report(True)
    assert isinstance(mirrored, viz.AsymmetryReport) and cache.credit(mirrored) == cache.SAMPLE_FILE_CREDIT
    assert cache.credit(own_report) == ""


def test_an_analysis_of_the_sample_made_elsewhere_carries_its_credit() -> None:
    # found by the analysis kept in the sample's work, an analysis made anew from the same file went uncredited
    data, _ = cache.sample()
    report = viz.analyze(viz.detect_face(viz.load_photo(data)))
    assert report is not _sample()[1] and cache.credit(report) == cache.SAMPLE_FILE_CREDIT


def test_the_first_pages_consult_pdf_credits_the_sample_only() -> None:
    sample_work, sample_report = _sample()
    own_work, own_report = _own()
    sample_pdf, own_pdf = sample_work.report_pdf(sample_report, None), own_work.report_pdf(own_report, None)
    first = " ".join(PdfReader(io.BytesIO(sample_pdf)).pages[0].extract_text().split())
    assert "DeBruine" in first and "CC BY 4.0" in first and "Face Research Lab London Set" in first
    own = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(own_pdf)).pages).split())
    assert "DeBruine" not in own and "CC BY" not in own


def test_the_overlay_png_carries_the_credit_in_its_footer_band() -> None:
    _, report = _sample()
    plain, credited = face_overlay_png(report), face_overlay_png(report, credit=cache.SAMPLE_FILE_CREDIT)
    width, height = _size(plain)
    assert _size(credited)[0] == width
    size = max(12, width // 55)  # the footer's type, as overlay_png sets it
    band = text_band((OVERLAY_FOOTER, SAFETY_FOOTER, cache.SAMPLE_FILE_CREDIT), width, size)
    bare = text_band((OVERLAY_FOOTER, SAFETY_FOOTER), width, size)
    assert _size(credited)[1] - height == band.height - bare.height > 0  # the credit's lines, added under the notices
    with Image.open(io.BytesIO(credited)) as image:
        bottom = np.asarray(image.convert("RGB"))[-band.height :]
    np.testing.assert_array_equal(bottom, np.asarray(band))  # the band is the notices and the credit, word for word


def test_the_comparison_png_of_the_sample_carries_the_credit_and_a_persons_does_not() -> None:
    sample_work, sample_report = _sample()
    own_work, own_report = _own()
    credited = sample_work.comparison_png(sample_report, COMPARISON_FOOTER, 50)
    bare = cache.PhotoWork(cache.sample()[0]).comparison_png(sample_report, COMPARISON_FOOTER, 50)  # the same sheet, no credit
    assert _size(credited)[0] == _size(bare)[0] and _size(credited)[1] > _size(bare)[1]
    own = own_work.comparison_png(own_report, COMPARISON_FOOTER, 50)
    again = own_work.comparison_png(own_report, (*COMPARISON_FOOTER, cache.SAMPLE_FILE_CREDIT), 50)
    assert _size(own)[1] < _size(again)[1]  # a person's photo's sheet holds the notices alone


def test_previews_before_and_after_png_says_the_samples_credit_and_a_persons_photo_none() -> None:
    from viz.preview import Relaxation, before_after_png, relax

    described = []
    for _, report in (_sample(), _own()):
        face = report.face
        preview = relax(face.photo, face, [Relaxation("frontalis", "left", 1.0)], 14, report=report)
        png = before_after_png(face.photo, preview, credit=cache.credit(report))  # as Preview's button makes it
        with Image.open(io.BytesIO(png)) as image:
            described.append(image.info["Description"])
    assert cache.SAMPLE_FILE_CREDIT in described[0] and "DeBruine" not in described[1]
