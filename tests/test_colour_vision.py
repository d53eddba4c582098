"""Every palette the app draws with, seen through simulated colour-vision deficiency.

Each colour is passed through Machado, Oliveira & Fernandes (2009) at severity 1 (protanopia, deuteranopia,
tritanopia; the matrices act on linear sRGB) and compared in CIELAB with CIEDE2000 (Sharma, Wu & Dalal 2005).

Thresholds, and why:

- **Lines, markers and small marks of different categories: ΔE00 ≥ 10.** ΔE00 ≈ 1 is about one just-noticeable
  difference between two large patches side by side; thin lines and small markers seen apart need several
  times more (Stone, Szafir & Setlur 2014, "An engineering model for color difference as a function of
  size"). 10 is the bar the Okabe–Ito palette, designed for colour-blind readers, clears in every simulation
  (its closest pair, orange and reddish purple under tritanopia, is 10.9 apart).
- **Large filled areas that differ only in lightness** (the bar chart's nested bands): ΔE00 ≥ 3 in every
  simulation, since their size and nesting do the rest and a simulation can only keep a lightness step.
- **A sequential scale** (cividis: connectors, regional heat, bars, colour bar, difference map) stays ordered:
  CIELAB lightness rises strictly from 0 to 3 mm, and the colour bar's five labelled stops are ≥ 10 apart.
- **Marks drawn on the photo** must show on any skin and background: a two-tone mark (amber arrow on a black
  casing) has one tone at ≥ 3:1 luminance contrast (WCAG 2.1 SC 1.4.11, graphical objects) against every
  background colour; white words on the marks' dark boxes are ≥ 4.5:1 (SC 1.4.3) whatever lies under the box.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest

import viz
import viz.figures
import viz.learn_figures
from tests.conftest import face_path
from viz.overlay import LEVEL_COLOUR, SCALE_MAX_MM, asymmetry_colour

F64 = npt.NDArray[np.float64]

#: Machado et al. 2009, severity 1.0, rows map linear sRGB to linear sRGB.
MACHADO: dict[str, F64] = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}
VISIONS = tuple(MACHADO)

LINES_DE = 10.0
AREAS_DE = 3.0
GRAPHIC_CONTRAST = 3.0
TEXT_CONTRAST = 4.5

_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
_D65 = np.array([0.95047, 1.0, 1.08883])


def linear(rgb: npt.ArrayLike) -> F64:
    """sRGB 0-255 -> linear 0-1."""
    c = np.asarray(rgb, dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def seen(rgb: npt.ArrayLike, vision: str) -> F64:
    """Linear RGB as a person with ``vision`` sees the sRGB colour ``rgb``."""
    return np.clip(linear(rgb) @ MACHADO[vision].T, 0.0, 1.0)


def lab(lin: F64) -> F64:
    """Linear sRGB -> CIELAB (D65)."""
    xyz = lin @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def ciede2000(lab1: npt.ArrayLike, lab2: npt.ArrayLike) -> F64:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), broadcasting over leading axes."""
    L1, a1, b1 = np.moveaxis(np.asarray(lab1, dtype=float), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(lab2, dtype=float), -1, 0)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    chroma0 = c1p * c2p == 0
    dh = h2p - h1p
    dh = np.where(chroma0, 0.0, np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh)))
    d_l, d_c, d_h = L2 - L1, c2p - c1p, 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar, h_sum = (L1 + L2) / 2, (c1p + c2p) / 2, h1p + h2p
    h_bar = np.where(chroma0, h_sum, np.where(np.abs(h1p - h2p) <= 180, h_sum / 2, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2)))
    t = 1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar)) + 0.32 * np.cos(np.radians(3 * h_bar + 6))
    t -= 0.20 * np.cos(np.radians(4 * h_bar - 63))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))) * 2 * np.sqrt(cp_bar**7 / (cp_bar**7 + 25.0**7))
    return np.asarray(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)))


def difference(rgb1: npt.ArrayLike, rgb2: npt.ArrayLike, vision: str) -> F64:
    """CIEDE2000 between two sRGB colours as seen with ``vision``."""
    return ciede2000(lab(seen(rgb1, vision)), lab(seen(rgb2, vision)))


def luminance(lin: F64) -> F64:
    return np.asarray(lin @ _SRGB_TO_XYZ[1])


def contrast(lin1: F64, lin2: F64) -> F64:
    """WCAG contrast ratio of two linear colours (1 to 21)."""
    y1, y2 = luminance(lin1), luminance(lin2)
    return (np.maximum(y1, y2) + 0.05) / (np.minimum(y1, y2) + 0.05)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return r, g, b


def over_white(colour: str) -> tuple[float, float, float]:
    """An ``rgba(...)`` fill as it shows on the white chart background."""
    r, g, b = hex_rgb(colour)
    alpha = float(colour[colour.index("(") + 1 : colour.index(")")].split(",")[3])
    return tuple(255 - alpha * (255 - c) for c in (r, g, b))  # type: ignore[return-value]


def closest_pair(colours: Sequence[npt.ArrayLike], vision: str) -> float:
    return min(float(difference(a, b, vision)) for a, b in itertools.combinations(colours, 2))


#: Backgrounds a mark on the photo may land on: a 16-step grid of the whole sRGB cube.
BACKGROUNDS = np.stack(np.meshgrid(*[np.linspace(0, 255, 16)] * 3, indexing="ij"), axis=-1).reshape(-1, 3)
CIVIDIS = np.array([asymmetry_colour(SCALE_MAX_MM * i / 30) for i in range(31)], dtype=float)  # every 0.1 mm


# --- the measuring instruments themselves -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal 2005, table 1: pairs 1, 7, 17, 18, 25, 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_pairs(lab1: tuple[float, ...], lab2: tuple[float, ...], expected: float) -> None:
    assert float(ciede2000(lab1, lab2)) == pytest.approx(expected, abs=1e-4)
    assert float(ciede2000(lab2, lab1)) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("vision", VISIONS)
def test_the_simulations_keep_greys_grey_and_confuse_what_they_should(vision: str) -> None:
    for grey in (0, 64, 128, 200, 255):
        assert np.allclose(seen((grey,) * 3, vision), linear((grey,) * 3), atol=2e-3)
    red, green, blue, yellow = (200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 200, 40)
    if vision in ("protanopia", "deuteranopia"):  # red and green collapse; blue and yellow stay apart
        assert float(difference(red, green, vision)) < 0.5 * float(difference(red, green, "normal"))
        assert float(difference(blue, yellow, vision)) > 0.8 * float(difference(blue, yellow, "normal"))
    if vision == "tritanopia":  # blue and green collapse; red and green stay apart
        assert float(difference(blue, green, vision)) < 0.5 * float(difference(blue, green, "normal"))
        assert float(difference(red, green, vision)) > 0.6 * float(difference(red, green, "normal"))


# --- the app's palettes ------------------------------------------------------------------------------


@pytest.mark.parametrize("vision", VISIONS)
def test_the_cividis_scale_stays_ordered_and_its_labelled_stops_apart(vision: str) -> None:
    lightness = lab(seen(CIVIDIS, vision))[:, 0]
    assert np.all(np.diff(lightness) > 0), "the scale must read from dark (0 mm) to light (3 mm) for everyone"
    stops = [asymmetry_colour(SCALE_MAX_MM * k / 4) for k in range(5)]  # the colour bar's 0, 0.75, 1.5, 2.25, 3 mm
    assert min(float(difference(a, b, vision)) for a, b in itertools.pairwise(stops)) >= LINES_DE


@pytest.mark.parametrize("vision", VISIONS)
def test_the_level_lines_stand_apart_from_every_connector_colour_and_the_axis(vision: str) -> None:
    nearest = float(np.min(difference(np.broadcast_to(LEVEL_COLOUR, CIVIDIS.shape), CIVIDIS, vision)))
    assert nearest >= LINES_DE, f"level lines within {nearest:.1f} of a connector colour"
    assert float(difference(LEVEL_COLOUR, (255, 255, 255), vision)) >= LINES_DE  # the white axis
    assert viz.figures._LEVEL_COLOUR == "rgb({},{},{})".format(*LEVEL_COLOUR)  # the interactive overlay draws the same colour


@pytest.mark.parametrize("vision", VISIONS)
def test_the_timeline_curves_differ_by_colour_or_by_dash_even_with_every_muscle(vision: str) -> None:
    library = viz.content.load()
    figure = viz.learn_figures.timeline_figure(list(library.muscles.values()), library.sources)
    curves = [t for t in figure.data if t.mode == "lines" and t.name in {viz.learn_figures.curve_name(m) for m in library.muscles.values()}]
    assert len(curves) == len(library.muscles) >= 10
    for a, b in itertools.combinations(curves, 2):
        same_dash = (a.line.dash or "solid") == (b.line.dash or "solid")
        assert not same_dash or float(difference(hex_rgb(a.line.color), hex_rgb(b.line.color), vision)) >= LINES_DE, (a.name, b.name)


@pytest.mark.parametrize("vision", VISIONS)
def test_the_muscle_areas_sides_and_the_report_colours_stay_apart(vision: str) -> None:
    from viz import report
    from viz.learn_figures import SIDE_COLOURS

    assert closest_pair([hex_rgb(c) for c in SIDE_COLOURS.values()], vision) >= LINES_DE
    assert closest_pair([hex_rgb(c) for c in (report._CLEAR, report._UNCLEAR, report._NOTICED)], vision) >= LINES_DE
    assert closest_pair([hex_rgb(c) for c in report._LINES], vision) >= LINES_DE


@cache
def _report() -> viz.AsymmetryReport:
    face = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert face is not None
    return viz.analyze(face)


@pytest.mark.parametrize("vision", VISIONS)
def test_the_bar_charts_bands_stay_apart_from_each_other_and_the_page(vision: str) -> None:
    figure = viz.figures.measures_figure(_report())
    legend = {t.name.replace("<br>", " "): t.marker.color for t in figure.data if t.type == "scatter" and t.x == (None,)}  # wrapped to fit
    typical, noticed = (over_white(legend[k]) for k in ("average in eyelid-surgery patients", "below what people commonly notice"))
    assert closest_pair([typical, noticed, (255, 255, 255)], vision) >= AREAS_DE


@pytest.mark.parametrize("vision", VISIONS)
def test_the_preview_arrows_show_on_any_background(vision: str) -> None:
    from ui.preview_ui import ARROW_CASING, ARROW_COLOUR

    backgrounds = seen(BACKGROUNDS, vision)
    best = np.maximum(contrast(seen(ARROW_COLOUR, vision), backgrounds), contrast(seen(ARROW_CASING, vision), backgrounds))
    worst = BACKGROUNDS[int(np.argmin(best))]
    assert float(best.min()) >= GRAPHIC_CONTRAST, f"arrow and casing both under 3:1 on {worst}"
    assert float(contrast(seen(ARROW_COLOUR, vision), seen(ARROW_CASING, vision))) >= GRAPHIC_CONTRAST


@pytest.mark.parametrize("background", [(255, 255, 255), (236, 206, 180), (160, 120, 90), (70, 45, 35), (0, 0, 0)])
def test_the_photo_and_simulation_marks_are_readable_on_any_skin(background: tuple[int, int, int]) -> None:
    from viz.preview import MARK, mark

    face = _report().face
    plain = np.empty_like(face.photo.rgb)
    plain[...] = background
    marked = mark(plain, face, MARK).reshape(-1, 3).astype(float)
    height, width = face.photo.rgb.shape[:2]
    rows, cols = np.nonzero(np.any(marked.reshape(height, width, 3)[:, : width // 2] != background, axis=2))  # the left mark
    assert len(rows) > 0
    patch = marked.reshape(height, width, 3)[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].reshape(-1, 3)
    box = np.median(patch, axis=0)  # the box fills most of its own rectangle (on black it is black)
    text = patch[np.argmax(patch.sum(axis=1))]  # the brightest pixels: the letters
    for vision in VISIONS:
        assert float(contrast(seen(text, vision), seen(box, vision))) >= TEXT_CONTRAST, vision
