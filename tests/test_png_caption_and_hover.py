"""The saved before / after's caption wraps and is never cut; the overlay's hover texts carry a ± or say why not.

The caption's second line used to run off the picture's right edge ("... Shown on day 14 after t"): it was drawn as
one line whatever its length. The regional heat and the paired connectors showed bare millimetres
("brows: asymmetry index 0.4 mm", "pair asymmetry 0.6 mm") beside a headline index that carries its ±.
"""

from __future__ import annotations

import io
import math
from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageDraw

import viz
from tests.conftest import face_path, spaced
from viz import anatomy, content, figures
from viz.asymmetry import RECAPTURE_INDEX_SD
from viz.muscles import LEVELS, Relaxation
from viz.overlay import face_box, label_font
from viz.preview import BEFORE_AFTER_SIDE, FACE_CROP_MARGINS, before_after_png, relax

LIB = content.load()
#: The plan the Preview page's download cut off.
REPORTED_PLAN = (
    Relaxation("corrugator", "left", LEVELS["light"]),
    Relaxation("frontalis", "right", LEVELS["strong"]),
    Relaxation("depressor_anguli_oris", "both", LEVELS["moderate"]),
)


@cache
def _face(name: str = "frl_london_061_03.jpg") -> viz.Face:
    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None
    return face


def _longest_plan() -> list[Relaxation]:
    """Every muscle in the catalogue, each side on its own at a level with no name ("37% relaxation"): the longest words a plan takes."""
    plan = []
    for muscle in LIB.muscles.values():
        for side in ("both",) if muscle.midline else ("left", "right"):
            plan.append(Relaxation(muscle.id, side, 0.37))
    return plan


def _caption_rows(png: Image.Image, picture_height: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The band under the pictures as a bright-text mask, and the runs of rows holding text (one per line drawn)."""
    band = np.asarray(png.convert("L"))[picture_height:] > 128  # white words on a dark ground
    rows = band.any(axis=1)
    runs: list[tuple[int, int]] = []
    for y, on in enumerate(rows):
        if on and (not runs or runs[-1][1] != y - 1):
            runs.append((y, y))
        elif on:
            runs[-1] = (runs[-1][0], y)
    return band, runs


def _picture_height(face: viz.Face) -> int:
    """Where the band of words starts: the height of the two pictures (the face's crop brought to its long side)."""
    x0, y0, x1, y1 = face_box(face, FACE_CROP_MARGINS)
    return round((y1 - y0) * BEFORE_AFTER_SIDE / max(x1 - x0, y1 - y0))


@pytest.mark.parametrize("plan", [REPORTED_PLAN, tuple(_longest_plan())], ids=["reported", "every-muscle"])
def test_the_saved_caption_wraps_inside_the_picture_and_the_picture_grows_to_hold_it(plan: tuple[Relaxation, ...]) -> None:
    face = _face()
    pv = relax(face.photo, face, list(plan), 14)
    png = Image.open(io.BytesIO(before_after_png(face.photo, pv, library=LIB)))
    top = _picture_height(face)
    band, runs = _caption_rows(png, top)
    size = max(12, png.width // 70)  # the caption's letter size, as before_after_png sets it
    margin, step = max(6, size // 2), round(size * 1.45)  # viz.overlay.text_band's margin and line step
    # No word runs into the right edge: the old second line ended "... day 14 after t" at the last column.
    assert not band[:, png.width - margin + 2 :].any(), "caption text reaches the picture's right edge"
    # One run of text rows per line, and the band is as tall as its lines need.
    assert len(runs) >= 3, "the plan's words need more than one line beside the title line"
    assert png.height - top == step * len(runs) + 2 * margin - (step - size)
    assert runs[-1][1] < png.height - top - 1  # the last line sits inside the band, not cut at its foot


def test_a_longer_plan_makes_a_taller_picture() -> None:
    face = _face()
    short = relax(face.photo, face, [Relaxation("masseter", "left", LEVELS["light"])], 14)
    long = relax(face.photo, face, _longest_plan(), 14)
    a, b = (Image.open(io.BytesIO(before_after_png(face.photo, pv, library=LIB))) for pv in (short, long))
    assert a.width == b.width and b.height > a.height
    assert len(_caption_rows(b, _picture_height(face))[1]) > len(_caption_rows(a, _picture_height(face))[1])


@pytest.mark.parametrize("width", [200.0, 400.0, 1580.0 - 22.0])
def test_caption_lines_give_back_every_word_in_order_and_each_fits(width: float) -> None:
    from viz.overlay import wrap_text
    from viz.preview import _caption, plan_text

    font = label_font(22)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    for text in _caption(plan_text(_longest_plan(), LIB), 14):
        lines = wrap_text(text, font, width)
        assert " ".join(lines) == text  # every word, in order, none dropped or cut
        for line in lines:
            assert font.getlength(line) <= width
            left, _, right, _ = draw.textbbox((0, 0), line, font=font)
            assert right - min(left, 0) <= width + 1, line  # what is drawn, not only the advance


def test_caption_lines_leave_no_word_alone_on_the_last_line_where_the_line_above_can_spare_one() -> None:
    from viz.overlay import wrap_text
    from viz.preview import _caption, plan_text

    font = label_font(22)
    checked = 0
    for text in _caption(plan_text(_longest_plan(), LIB), 14):
        for width in range(160, 1600, 7):
            lines = wrap_text(text, font, float(width))
            assert " ".join(lines) == text and all(font.getlength(line) <= width for line in lines)
            if len(lines) > 1 and " " not in lines[-1]:
                *_, moved = lines[-2].rsplit(" ", 1)
                assert lines[-2].count(" ") < 2 or font.getlength(f"{moved} {lines[-1]}") > width, (width, lines[-2:])
                checked += 1
    assert checked < 40  # the greedy wrap left a word alone at many of these widths; now only where none could move


def test_caption_lines_break_a_word_wider_than_the_line_between_letters_rather_than_cut_it() -> None:
    from viz.overlay import wrap_text

    font = label_font(22)
    lines = wrap_text("Plan: Supercalifragilisticexpialidocious muscle.", font, 100.0)
    assert "".join(lines).replace(" ", "") == "Plan:Supercalifragilisticexpialidociousmuscle."
    assert all(font.getlength(line) <= 100.0 for line in lines) and len(lines) >= 4
    assert wrap_text("", font, 100.0) == []


# --- hover texts -----------------------------------------------------------------------------------


@cache
def _report(name: str = "frl_london_005_03.jpg") -> viz.AsymmetryReport:
    return viz.analyze(_face(name))


def _heat_hover(report: viz.AsymmetryReport) -> dict[str, str]:
    fig = figures.overlay_figure(report, library=LIB)
    (heat,) = [t for t in fig.data if t.legendgroup == "heat"]
    return {text.split("</b>")[0][3:]: spaced(text) for text in heat.hovertext}


def _region_pairs(name: str) -> int:
    return sum(1 for li, _ in anatomy.MESH_PAIRS if li in anatomy.REGION_LANDMARKS[name])


def test_every_region_hover_shows_its_index_with_a_plus_minus() -> None:
    report = _report()
    for name, text in _heat_hover(report).items():
        assert text.startswith(f"<b>{name}</b><br>asymmetry index ") and " ± " in text and text.split("<br>")[1].endswith(" mm"), text
        shown = float(text.split("asymmetry index ")[1].split(" ± ")[0])
        assert shown == pytest.approx(report.region_index_mm[name], abs=0.051)


def test_the_region_plus_minus_is_the_overall_index_one_over_fewer_pairs() -> None:
    """The same terms as the overall index's ± (calibration, pixel, re-capture spread), the re-capture spread scaled to
    the region's number of pairs: with every pair and the overall value it is the engine's own ± exactly, for a face
    on the lens's axis (off it, each index's ± holds its view's doubt too)."""
    from viz.asymmetry import _index_uncertainty, region_index_uncertainty
    from viz.testing import as_if_on_axis

    seen = _report()
    report = viz.analyze(as_if_on_axis(_face("frl_london_005_03.jpg")))
    mm_per_working_px = report.face.mm_per_px * report.face.detail_scale
    all_pairs = len(anatomy.MESH_PAIRS)
    assert _index_uncertainty(report.index_mm, mm_per_working_px, all_pairs) == pytest.approx(report.index_uncertainty_mm, rel=1e-12)
    assert seen.index_uncertainty_mm >= _index_uncertainty(seen.index_mm, mm_per_working_px, all_pairs)
    counts = {name: _region_pairs(name) for name in anatomy.REGION_NAMES}
    assert sum(counts.values()) <= all_pairs and min(counts.values()) > 0
    value = 1.0  # one value for every region: only the number of pairs differs
    u = {name: _index_uncertainty(value, mm_per_working_px, n) for name, n in counts.items()}
    for a in counts:
        for b in counts:
            if counts[a] < counts[b]:
                assert u[a] > u[b], (a, b)  # fewer pairs averaged, a larger ±
    brows = region_index_uncertainty(report, "brows")
    assert brows == pytest.approx(_index_uncertainty(report.region_index_mm["brows"], mm_per_working_px, counts["brows"]), rel=1e-12)
    assert brows >= RECAPTURE_INDEX_SD * math.sqrt(all_pairs / counts["brows"])
    shown = _heat_hover(report)["brows"].split(" ± ")[1].split(" mm")[0]
    assert float(shown) == pytest.approx(brows, abs=0.051)


def test_a_single_pair_says_it_has_no_plus_minus_of_its_own() -> None:
    fig = figures.overlay_figure(_report(), library=LIB)
    (mids,) = [t for t in fig.data if t.legendgroup == "connectors" and t.mode == "markers"]
    template = mids.hovertemplate
    assert "about %{marker.color:.1f} mm" in template and "no ± of its own" in template
    assert "± %" not in spaced(template)  # no number beside a ± it does not have
