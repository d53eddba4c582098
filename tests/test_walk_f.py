"""QA walk of "Preview a treatment": an option's range at full effect is the plan table's, and a mirrored photo's saved
before / after says it is mirrored."""

from __future__ import annotations

import io
from functools import cache

import pytest
from PIL import Image

import viz
from ui.cache import SAMPLE_PATH
from viz import content
from viz.asymmetry import analyze
from viz.muscles import Relaxation, treatable_sides
from viz.preview import MIRRORED_NOTE, _balance_option, _caption, balance_options, before_after_png, full_effect_day, relax
from viz.timeline import strength_phrase
from viz.vocabulary import MEASURES, format_range

LIB = content.load()
#: Every muscle and side the catalogue offers that moves something at rest.
PLANS = [(m.id, side) for m in LIB.muscles.values() for side in treatable_sides(m) if any(e.direction != "none" for e in m.effect)]


@cache
def _sample() -> viz.Face:
    face = viz.detect_face(viz.load_photo(SAMPLE_PATH.read_bytes()))
    assert face is not None
    return face


@cache
def _report(mirrored: bool = False) -> viz.AsymmetryReport:
    return analyze(_sample(), mirrored=mirrored)


def _table_range(face: viz.Face, report: viz.AsymmetryReport, relaxation: Relaxation, day: float, measure: str) -> str:
    """The "likely range" the plan's table gives for ``measure`` on ``day``."""
    pv = relax(face.photo, face, [relaxation], day, report=report, library=LIB)
    (row,) = [row for row in pv.measure_rows() if row["measure"] == MEASURES[measure].label]
    return row["likely range"]


def _option_range(low: float, high: float, unit: str) -> str:
    """An option's range in the table's form (signed, low to high), to the digits shown."""
    return format_range(*sorted((low, high)), unit, signed=True)


def test_the_full_effect_day_is_one_the_page_calls_full_effect_on_every_bound() -> None:
    for muscle in LIB.muscles.values():
        day = full_effect_day(muscle)
        assert strength_phrase(muscle.name, day, muscle.time_course) == f"{muscle.name}: 100% of its peak effect"
        assert day >= muscle.time_course.peak_days


@pytest.mark.parametrize(("muscle", "side"), PLANS)
def test_an_options_range_at_full_effect_is_the_plan_tables_on_that_day(muscle: str, side: str) -> None:
    # the sample's eye-closing muscle, right side, read "0.0-2.7 mm at full effect" as an option, and "-1.8 to +2.6 mm" in
    # the table on day 30, which the page calls "100% of its peak effect"
    face, report = _sample(), _report()
    finding = report.headline()
    assert finding is not None
    card = LIB.muscles[muscle]
    relaxation = Relaxation(muscle, side, 1.0)
    option = _balance_option(report, analyze(report.face, refine=False), finding, relaxation, card, LIB)
    day = full_effect_day(card)
    shown = _option_range(option.after_low, option.after_high, option.unit)
    assert shown == _table_range(face, report, relaxation, day, finding.id)
    # and on every later day the page calls full effect (the slowest course's plateau), the table reads the same
    slow = card.time_course.at("slow")
    later = (day + float(slow.wear_off_start_days)) / 2
    assert strength_phrase(card.name, later, card.time_course).endswith(": 100% of its peak effect")
    assert shown == _table_range(face, report, relaxation, later, finding.id)


def test_the_options_listed_read_as_the_table_does_at_full_effect() -> None:
    face, report = _sample(), _report()
    measure, options = balance_options(face, report=report, library=LIB)
    assert measure is not None and options
    for o in options:
        day = full_effect_day(LIB.muscles[o.relaxation.muscle])
        assert _option_range(o.after_low, o.after_high, o.unit) == _table_range(face, report, o.relaxation, day, measure)


def _saved(mirrored: bool) -> tuple[Image.Image, dict[str, str]]:
    face, report = _sample(), _report(mirrored)
    pv = relax(face.photo, face, [Relaxation("frontalis", "left", 1.0)], 14, mirrored=mirrored, report=report, library=LIB)
    picture = Image.open(io.BytesIO(before_after_png(face.photo, pv, library=LIB)))
    return picture, dict(picture.text)  # type: ignore[attr-defined]


def test_a_mirrored_photos_before_after_says_it_is_mirrored_as_the_page_and_the_pdf_do() -> None:
    plain, plain_text = _saved(False)
    mirrored, mirrored_text = _saved(True)
    assert "marked as mirrored (selfie mode)" in MIRRORED_NOTE  # the words of the page's caption and the PDF
    assert MIRRORED_NOTE in mirrored_text["Description"]
    assert not any("mirrored" in value for value in plain_text.values())
    assert mirrored_text["Plan"] == plain_text["Plan"] and mirrored_text["Day"] == plain_text["Day"]
    # the band holds one more paragraph, so it is taller; the pictures above it are the same size
    assert mirrored.width == plain.width and mirrored.height > plain.height


def test_the_band_names_the_mirroring_after_the_plan() -> None:
    lines = _caption("Forehead muscle, left side, strong relaxation", 14, mirrored=True)
    plan_at = next(i for i, line in enumerate(lines) if line.startswith("Plan: "))
    assert lines[plan_at + 1] == MIRRORED_NOTE
    assert MIRRORED_NOTE not in _caption("Forehead muscle, left side, strong relaxation", 14)
