"""The consult report and the consult checklist as PDF files, made in memory.

:func:`consult_pdf` lays one analysis out for a consultation: the photo with the overlay, the
headline, every measure with its uncertainty and plain note, the mirrored views, a chart of the
measures, and — when given — a simulated treatment plan (its day, the marked simulation and the
time course), the movements from rest of the Expressions page's photos and the changes between two
visits; then the sources cited, the educational and safety notices and the date. :func:`checklist_pdf`
prints the Learn page's consult checklist. The words and figures of the movements are the Expressions page's own
(:mod:`viz.movement_words`).

Both return ``bytes``: nothing is written to disk. Words come from :mod:`viz.vocabulary` and the
numbers are the report's own, rounded as the app shows them (:func:`viz.vocabulary.format_value`).
The PDF is laid out with ReportLab; the charts are drawn with matplotlib's object API
(:class:`matplotlib.figure.Figure` on an Agg canvas, no pyplot state), so reports can be built on
several threads at once. Text is set in DejaVu Sans (shipped with matplotlib), which has every
glyph used here (``±``, ``≥``, ``−``, ``→``, ``°``).

Examples
--------
>>> import viz
>>> from viz.report import consult_pdf
>>> report = viz.analyze(viz.detect_face(viz.load_photo("face.jpg")))  # doctest: +SKIP
>>> consult_pdf(report)[:5]  # doctest: +SKIP
b'%PDF-'
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Image as PdfImage

from viz import content
from viz.align import aligned_image
from viz.asymmetry import CALIBRATION_REL, AsymmetryReport, norm
from viz.content import Library, Source, Topic
from viz.errors import ArgumentError
from viz.figures import BAND_NAMES, CLEAR_COLOUR, NOTICED_BAND_COLOUR, TYPICAL_BAND_COLOUR, UNCLEAR_COLOUR
from viz.mirror import MERE_EXPOSURE, MERE_EXPOSURE_SOURCE, VIEW_CAPTIONS, MirrorViews, encode_jpeg, mirror_views
from viz.movement import DynamicsReport, ExpressionResult
from viz.movement_words import (
    BALANCE_WORDS,
    FLIPPED,
    MOVEMENT_UNITS,
    STATIC_OR_DYNAMIC,
    balance_heading,
    movement_note_lines,
    movement_sides,
    no_verdict_warnings,
    no_verdict_why,
    swapped,
    what_is_compared,
)
from viz.overlay import COLOURED_LAYERS, DEFAULT_LAYERS, FONT_BOLD_PATH, FONT_PATH, face_box, fitting_size, label_font, render_overlay
from viz.preview import MIRRORED_NOTE, PHOTO_MARK, WATERMARK, Preview, course_days, mark, plan_text, shown_rows
from viz.timeline import RESET_DAY, effect_range, repeats_a_curve, strength_phrase
from viz.visits import CHANGE_NOTE, PHOTO_LIMITS, TABLE_COLUMNS, CompareReport, said_by_summary
from viz.vocabulary import (
    ADULTS_ONLY,
    EDUCATIONAL,
    EMERGENCY,
    EXPRESSIONS,
    LAYERS,
    MEASURES,
    MOVEMENTS,
    SIDES_NOTE,
    ended,
    format_pm,
    format_value,
    mid_sentence,
)

__all__ = [
    "CALIBRATION_SOURCE",
    "checklist_dateline",
    "checklist_pdf",
    "consult_pdf",
    "headline_text",
    "long_date",
    "overlay_caption",
    "time_later",
    "unprintable",
    "visit_dates",
]

#: Source id of the iris calibration (the visible iris is 11.7 mm across in adults).
CALIBRATION_SOURCE: Final = "rufer2005"

_PAGE_W, _PAGE_H = A4
_MARGIN = 14 * mm
#: The width a page's frame holds: inside the margins, less the frame's own 6 pt padding each side. At the margins'
#: width a full-width table was 12 pt wider than the frame, which ReportLab refuses on a later page
#: ("too large on page 2") once the words above it pushed the table there.
_FRAME_PADDING = 6.0
_TEXT_W = _PAGE_W - 2 * _MARGIN - 2 * _FRAME_PADDING
#: Resolution of the photos placed in the PDF, pixels per inch at their printed size.
_PHOTO_DPI = 220
#: Around the face: share of the face box's width at each side, of its height above and below.
_FACE_MARGINS = (0.30, 0.40, 0.22)
_INK = colors.HexColor("#1b1b1b")
_MUTED = colors.HexColor("#555555")
_RULE = colors.HexColor("#c8c8c8")
_NOTICE_BG = colors.HexColor("#fff4d6")
# Okabe-Ito / cividis colours: safe for colour-vision deficiency.
_CLEAR = CLEAR_COLOUR  # the page's bar chart and this one: one meaning for each colour
_UNCLEAR = UNCLEAR_COLOUR
_NOTICED = "#d55e00"
#: The bands of normal variation behind the bars, as on the page's chart (:func:`viz.figures.measures_figure`).
_TYPICAL_BAND = TYPICAL_BAND_COLOUR
_NOTICED_BAND = NOTICED_BAND_COLOUR
_LINES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


# --- fonts and styles ------------------------------------------------------------------------------

#: The type size of the reports' tables, their notices and every page's footer (the emergency line among them), and of
#: their captions, small notes and the charts' words and numbers, points: a house choice for print, not a published
#: figure. Printed for review, the footer with the emergency line, the overlay's caption and the measures' notes were
#: set at 6.5 pt, the date line at 7 pt, the measures table at 7.5 pt and the charts at 6-6.5 pt, and read as fine
#: print; a safety line must not. Captions and notes keep a half point less than the tables so that page 1 still
#: holds the photo, the views and the start of the table.
TABLE_PT: Final = 8.0
SMALL_PT: Final = 7.5

_FONT_LOCK = threading.Lock()
_FONTS: dict[str, str] = {}


def _fonts() -> tuple[str, str]:
    """Register DejaVu Sans with ReportLab once (its font registry is process-wide) and return the regular and bold names."""
    with _FONT_LOCK:
        if not _FONTS:
            if FONT_PATH is not None and FONT_BOLD_PATH is not None:
                pdfmetrics.registerFont(TTFont("MirrorMapSans", str(FONT_PATH)))
                pdfmetrics.registerFont(TTFont("MirrorMapSans-Bold", str(FONT_BOLD_PATH)))
                registerFontFamily("MirrorMapSans", normal="MirrorMapSans", bold="MirrorMapSans-Bold", italic="MirrorMapSans", boldItalic="MirrorMapSans-Bold")
                _FONTS.update(regular="MirrorMapSans", bold="MirrorMapSans-Bold")
            else:  # pragma: no cover - matplotlib always ships DejaVu Sans
                _FONTS.update(regular="Helvetica", bold="Helvetica-Bold")
        return _FONTS["regular"], _FONTS["bold"]


def unprintable(text: str) -> tuple[str, ...]:
    """The characters of ``text`` the reports' font has no glyph for (they print as empty boxes), each once, in order.

    DejaVu Sans covers Latin, Greek, Cyrillic and many symbols but not, for example, Chinese, Japanese or Korean.

    Examples
    --------
    >>> unprintable("Ωμέγα Ünïcödé — ±2 mm"), unprintable("中文 ok 中")
    ((), ('中', '文'))
    """
    regular, _ = _fonts()
    face = getattr(pdfmetrics.getFont(regular), "face", None)
    if face is None:  # pragma: no cover - a built-in font: no glyph table to ask
        return ()
    return tuple(dict.fromkeys(c for c in text if not c.isspace() and c.isprintable() and ord(c) not in face.charToGlyph))


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    note: ParagraphStyle
    caption: ParagraphStyle
    notice: ParagraphStyle
    lead: ParagraphStyle
    regular: str
    bold: str


def _styles() -> _Styles:
    regular, bold = _fonts()

    def style(name: str, size: float, *, font: str = regular, colour: Any = _INK, leading: float | None = None, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25, textColor=colour, **kw)

    return _Styles(
        title=style("title", 16, font=bold, spaceAfter=1 * mm),
        heading=style("heading", 11, font=bold, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
        body=style("body", 8.5, spaceAfter=1 * mm),
        small=style("small", SMALL_PT, colour=_MUTED, spaceAfter=0.6 * mm),
        cell=style("cell", TABLE_PT),
        cell_bold=style("cell_bold", TABLE_PT, font=bold),
        note=style("note", SMALL_PT, colour=_MUTED),
        caption=style("caption", SMALL_PT, colour=_MUTED, alignment=1),
        notice=style("notice", TABLE_PT, font=bold),
        lead=style("lead", 9, font=bold, spaceAfter=1 * mm),
        regular=regular,
        bold=bold,
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (``&``, ``<`` and ``>`` escaped: nothing in it is markup)."""
    return Paragraph(escape(text), style)


def long_date(day: dt.date) -> str:
    """``"30 November 2026"`` (English month names, whatever the locale).

    Examples
    --------
    >>> long_date(dt.date(2026, 11, 30))
    '30 November 2026'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def checklist_dateline(day: dt.date) -> str:
    """The line under the checklist's title, in its PDF and its Markdown alike.

    >>> checklist_dateline(dt.date(2026, 12, 7))
    '7 December 2026 · MirrorMap'
    """
    return f"{long_date(day)} · MirrorMap"


def visit_dates(before: dt.date | None, after: dt.date | None) -> tuple[str, str]:
    """The two visits' dates as the Visits page and its PDF head the changes, and the sentence for an after date that
    cannot be used.

    Parameters
    ----------
    before, after : datetime.date or None
        The dates the person gave for the earlier and the later visit (none by default: the photos carry no date
        that is read).

    Returns
    -------
    heading : str
        ``"Before (3 November 2026) → After (17 November 2026, 14 days later)"``, with the dates given (a gap of
        two months or more in months or years first: :func:`time_later`); empty with none.
    problem : str
        One sentence where the after date is earlier than the before date (that date is then left out of the
        heading); empty otherwise.

    Examples
    --------
    >>> visit_dates(dt.date(2026, 11, 3), dt.date(2026, 11, 17))[0]
    'Before (3 November 2026) → After (17 November 2026, 14 days later)'
    >>> visit_dates(None, None), visit_dates(dt.date(2026, 11, 3), None)
    (('', ''), ('Before (3 November 2026) → After (no date)', ''))
    >>> visit_dates(dt.date(2016, 11, 3), dt.date(2027, 1, 5))[0]
    'Before (3 November 2016) → After (5 January 2027, about 10 years (3715 days) later)'
    >>> heading, problem = visit_dates(dt.date(2026, 11, 17), dt.date(2026, 11, 3))
    >>> heading, problem[:60]
    ('Before (17 November 2026) → After (no date)', "The after visit's date as given (3 November 2026) is earlier")
    """
    problem = ""
    if before is not None and after is not None and after < before:
        problem = f"The after visit's date as given ({long_date(after)}) is earlier than the before visit's ({long_date(before)}), so it is left out."
        after = None
    if before is None and after is None:
        return "", problem
    first = f"Before ({long_date(before) if before is not None else 'no date'})"
    if after is None:  # "Before (3 November 2026) → After." read as a sentence cut short
        return f"{first} → After (no date)", problem
    later = "" if before is None else f", {time_later((after - before).days)}"
    return f"{first} → After ({long_date(after)}{later})", problem


#: The fewest days between two visits said in months (or years) first, with the days in brackets: "3793 days later"
#: had to be worked out to read as ten years, while a two-week review reads best in days.
DAYS_ALONE = 60
#: Days in the mean Gregorian month (365.2425 / 12): a calendar's average, not a clinical figure.
MONTH_DAYS = 365.2425 / 12
#: The fewest months (as rounded) said in years instead: "about 18 months", but "about 2 years".
YEAR_MONTHS = 24


def time_later(days: int) -> str:
    """How long after the earlier visit the later one was, in words: days alone under :data:`DAYS_ALONE`; beyond, about
    how many months (under :data:`YEAR_MONTHS`) or years, with the days in brackets.

    Parameters
    ----------
    days : int
        Days from the earlier visit to the later one, 0 or more.

    Examples
    --------
    >>> time_later(0), time_later(1), time_later(14), time_later(59)
    ('the same day', '1 day later', '14 days later', '59 days later')
    >>> time_later(92), time_later(548)
    ('about 3 months (92 days) later', 'about 18 months (548 days) later')
    >>> time_later(3793)
    'about 10 years (3793 days) later'
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    if days == 0:
        return "the same day"
    if days < DAYS_ALONE:
        return f"{days} day{'' if days == 1 else 's'} later"
    months = round(days / MONTH_DAYS)
    about = f"{months} months" if months < YEAR_MONTHS else f"{round(days / (12 * MONTH_DAYS))} years"
    return f"about {about} ({days} days) later"


# --- pictures ---------------------------------------------------------------------------------------


def _fit(size: tuple[int, int], width: float, height: float) -> tuple[float, float]:
    """The largest ``(w, h)`` in points with the aspect of ``size`` inside ``width`` × ``height``."""
    k = min(width / size[0], height / size[1])
    return size[0] * k, size[1] * k


def _picture(rgb: npt.NDArray[np.uint8], width: float, height: float) -> PdfImage:
    """An image placed as a JPEG at :data:`_PHOTO_DPI` within ``width`` × ``height`` points."""
    w, h = _fit((rgb.shape[1], rgb.shape[0]), width, height)
    px = max(16, round(max(w, h) / 72.0 * _PHOTO_DPI))
    img = Image.fromarray(np.ascontiguousarray(rgb))
    k = px / max(img.size)
    if k < 1.0:
        img = img.resize((max(1, round(img.width * k)), max(1, round(img.height * k))), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return PdfImage(io.BytesIO(encode_jpeg(np.asarray(img, dtype=np.uint8), quality=85)), width=w, height=h)


def _png(figure: Figure, width: float, height: float) -> PdfImage:
    buf = io.BytesIO()
    FigureCanvasAgg(figure)  # attaches an Agg canvas to this figure only: no pyplot, no global backend
    figure.savefig(buf, format="png")
    buf.seek(0)
    return PdfImage(buf, width=width, height=height)


def _band(rgb: npt.NDArray[np.uint8], text: str) -> npt.NDArray[np.uint8]:
    """A copy of an image (already cropped for the page) with ``text`` on a dark band along its bottom edge.

    The simulation carries the engine's own marks inside the face's box; the band adds the notice and the day.
    """
    img = Image.fromarray(np.ascontiguousarray(rgb))
    draw = ImageDraw.Draw(img, "RGBA")
    size = fitting_size(text, max(10, img.width // 26), 0.94 * img.width, bold=True)
    font = label_font(size, bold=True)
    pad = max(3, size // 2)
    bottom = img.height - pad
    box = draw.textbbox((img.width / 2, bottom), text, font=font, anchor="md")
    draw.rectangle([0, box[1] - pad, img.width, img.height], fill=(0, 0, 0, 160))
    draw.text((img.width / 2, bottom), text, fill=(255, 255, 255), font=font, anchor="md")
    return np.asarray(img, dtype=np.uint8)


def _crop(rgb: npt.NDArray[np.uint8], box: tuple[int, int, int, int]) -> npt.NDArray[np.uint8]:
    x0, y0, x1, y1 = box
    return np.asarray(rgb[y0:y1, x0:x1], dtype=np.uint8)


def _views_box(views: MirrorViews) -> tuple[int, int, int, int]:
    """The face region of the mirrored views (the face mask's bounds, with a margin)."""
    h, w = views.true_view.shape[:2]
    ys, xs = np.nonzero(views.face)
    if len(xs) == 0:
        return (0, 0, w, h)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    bw, bh = x1 - x0, y1 - y0
    return (max(0, int(x0 - 0.12 * bw)), max(0, int(y0 - 0.25 * bh)), min(w, int(x1 + 0.12 * bw)), min(h, int(y1 + 0.10 * bh)))


# --- charts -----------------------------------------------------------------------------------------


def _measures_chart(report: AsymmetryReport, width: float) -> PdfImage | None:
    """The chart of :func:`_measures_figure` as a picture ``width`` points wide; ``None`` with nothing measured."""
    fig = _measures_figure(report, width)
    if fig is None:
        return None
    return _png(fig, width, fig.get_figheight() * 72.0)


def _measures_figure(report: AsymmetryReport, width: float) -> Figure | None:
    """Bars of each measured difference with its uncertainty over the bands of normal variation, and a tick at the size
    people commonly notice (mm, then degrees), with a key to each colour and mark; ``None`` with nothing measured."""
    shown = [m for m in report.sorted_measures() if m.withheld is None]
    groups = [(unit, [m for m in shown if m.unit == unit]) for unit in ("mm", "°")]
    groups = [(unit, ms) for unit, ms in groups if ms]
    if not groups:
        return None
    rows = sum(len(ms) for _, ms in groups)
    height = (0.2 * rows + 0.7 * len(groups) + 0.3) * 72.0
    fig = Figure(figsize=(width / 72.0, height / 72.0), dpi=160, layout="constrained")
    axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=[len(ms) + 1.2 for _, ms in groups])[:, 0]
    for ax, (unit, ms) in zip(axes, groups, strict=True):
        y = np.arange(len(ms))
        values = [abs(m.value) for m in ms]
        for key, colour in (("noticed", _NOTICED_BAND), ("typical", _TYPICAL_BAND)):  # the normal bands behind the bars, lighter first
            band = [(i, getattr(norm(m.id), key)) for i, m in enumerate(ms) if getattr(norm(m.id), key)]
            if band:
                ax.barh([i for i, _ in band], [v for _, v in band], height=0.9, color=_rgba(colour), linewidth=0, zorder=1)
        ax.barh(y, values, height=0.6, color=[_CLEAR if m.clear else _UNCLEAR for m in ms], zorder=2)
        ax.errorbar(values, y, xerr=[m.uncertainty for m in ms], fmt="none", ecolor="#222222", elinewidth=0.8, capsize=2, zorder=3)
        noticed: list[tuple[int, float]] = []
        for i, m in enumerate(ms):
            threshold = norm(m.id).noticed
            if threshold:
                noticed.append((i, threshold))
        if noticed:
            ax.scatter([v for _, v in noticed], [i for i, _ in noticed], marker="|", s=90, linewidths=1.6, color=_NOTICED, zorder=4)
        ax.set_yticks(y, [MEASURES[m.id].label for m in ms], fontsize=SMALL_PT)
        ax.invert_yaxis()
        ax.set_xlim(0, max([*values, *(v for _, v in noticed), 0.5]) * 1.15 + max(m.uncertainty for m in ms))
        ax.set_xlabel(f"size of the difference ({'degrees' if unit == '°' else 'mm'})", fontsize=SMALL_PT)
        ax.tick_params(axis="x", labelsize=SMALL_PT)
        ax.grid(axis="x", color="#e4e4e4", linewidth=0.6, zorder=0)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    # the key says what every colour and mark means, as the page's chart does (the bands had no entry)
    handles = [
        Patch(color=_CLEAR, label="clear difference (beyond its uncertainty)"),
        Patch(color=_UNCLEAR, label="within its uncertainty"),
        Patch(color=_rgba(_TYPICAL_BAND), label=BAND_NAMES["typical"]),
        Patch(color=_rgba(_NOTICED_BAND), label=BAND_NAMES["noticed"]),
        Line2D([], [], marker="|", markersize=7, markeredgewidth=1.6, linestyle="none", color=_NOTICED, label="size people commonly notice"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=SMALL_PT, frameon=False)
    return fig


def _rgba(css: str) -> tuple[float, float, float, float]:
    """A CSS ``rgba(r,g,b,a)`` colour as matplotlib's ``(r, g, b, a)``, each 0-1.

    Examples
    --------
    >>> _rgba("rgba(31,95,168,0.22)")
    (0.12156862745098039, 0.37254901960784315, 0.6588235294117647, 0.22)
    """
    r, g, b, a = (float(v) for v in css[css.index("(") + 1 : css.index(")")].split(","))
    return (r / 255.0, g / 255.0, b / 255.0, a)


def _timeline_chart(preview: Preview, library: Library, width: float) -> PdfImage:
    """Each planned muscle's share of its peak effect over the days after treatment, its band, and the preview's day.

    The line is the typical course; the band runs from the slowest to the quickest course the sources'
    ranges of days allow (:func:`viz.timeline.effect_range`, as on the Learn timeline).
    """
    muscles = [library.muscles[m] for m in dict.fromkeys(r.muscle for r in preview.relaxations)]
    # the plan's whole course, as the Preview page's chart runs (at least 60 days, and past the preview's day)
    days_max = float(min(RESET_DAY, max(60.0, course_days(muscles), float(preview.day) + 20.0)))
    days = np.linspace(0.0, days_max, int(days_max) * 2 + 1)
    height = 1.7 * 72.0
    fig = Figure(figsize=(width / 72.0, height / 72.0), dpi=160, layout="constrained")
    ax = fig.add_subplot()
    drawn: list[npt.NDArray[np.float64]] = []
    for i, muscle in enumerate(muscles):
        course = muscle.time_course
        colour = _LINES[i % len(_LINES)]
        low, typical, high = effect_range(days, course)
        ax.fill_between(days, low, high, color=colour, alpha=0.2, linewidth=0)
        dashed = repeats_a_curve(typical, drawn)  # the same course as a line drawn before: dashed over it
        ax.plot(days, typical, color=colour, linewidth=1.6, label=muscle.name, linestyle=(0, (4, 3)) if dashed else "-")
        drawn.append(typical)
    ax.axvline(float(preview.day), color="#222222", linewidth=1.0)
    late = float(preview.day) > 0.8 * days_max  # the label on the line's left near the axis' end
    ax.annotate(
        f"day {preview.day:g}",
        (float(preview.day), 1.08),
        xytext=(-3 if late else 3, 0),
        textcoords="offset points",
        fontsize=SMALL_PT,
        va="center",
        ha="right" if late else "left",
    )
    ax.set_xlim(0, days_max)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.5, 1.0], ["0%", "50%", "100%"])
    ax.set_xlabel("days after treatment", fontsize=SMALL_PT)
    ax.set_ylabel("share of the peak effect", fontsize=SMALL_PT)
    ax.tick_params(labelsize=SMALL_PT)
    ax.grid(color="#e4e4e4", linewidth=0.6)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    # beside the plot, not in it: the day's line and label ran through a legend in its upper right (day 180)
    ax.legend(fontsize=SMALL_PT, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    return _png(fig, width, height)


# --- tables -----------------------------------------------------------------------------------------


class _KeptTable(Table):
    """A table with a heading row that never leaves its heading and fewer than :data:`_MIN_ROWS` rows at a page's foot
    (the preview's table put its heading and two rows under the pictures, and its other rows on the next page): where a
    page holds less of it, the whole table starts on the next page. A table of that many rows or fewer moves whole.
    Its repeated rows (``repeatRows``: the heading, and a title above it where it has one) start each page it runs to."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        repeated = int(self.repeatRows) if isinstance(self.repeatRows, int) else len(self.repeatRows)
        rows = [len(getattr(t, "_cellvalues", ())) - repeated for t in (self, *parts)]  # body rows: the heading repeats
        if len(parts) == 2 and rows[1] < min(_MIN_ROWS, rows[0]):
            return []
        return parts


#: The fewest body rows a table leaves at a page's foot when it breaks across pages.
_MIN_ROWS = 3


def _table(rows: list[list[Any]], widths: Sequence[float], extra: Iterable[tuple[Any, ...]] = (), *, title: Flowable | None = None) -> Table:
    """A table whose first row is its heading; ``extra``: more style commands, rows counted from the heading (row 0).

    With a ``title`` (a paragraph naming the table) the title is a row of its own above the heading, across the table:
    a paragraph before the table stood alone at one page's foot and the table began the next page without it (the
    preview's "Measures before → after"). The title and the heading start each page the table runs to.
    """
    top = 0 if title is None else 1
    if title is not None:
        rows = [[title, *([""] * (len(widths) - 1))], *rows]
        extra = [_shift(command, top) for command in extra]
    table = _KeptTable(rows, colWidths=list(widths), repeatRows=top + 1, hAlign="LEFT")
    titled: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (-1, 0), 0), ("TOPPADDING", (0, 0), (-1, 0), 2 * mm)] if top else []
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, top), (-1, top), 0.6, _INK),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                *titled,
                *extra,
            ]
        )
    )
    return table


def _shift(command: tuple[Any, ...], rows: int) -> tuple[Any, ...]:
    """A table style ``command`` moved down ``rows`` rows (a cell ``(column, row)`` whose row counts from the end stays).

    >>> _shift(("SPAN", (1, 2), (-1, 2)), 1), _shift(("LINEBELOW", (0, 1), (-1, -1), 0.3, "grey"), 1)
    (('SPAN', (1, 3), (-1, 3)), ('LINEBELOW', (0, 2), (-1, -1), 0.3, 'grey'))
    """
    name, start, stop, *rest = command
    return (name, *((c, r + rows if r >= 0 else r) for c, r in (start, stop)), *rest)


def _measures_table(report: AsymmetryReport, st: _Styles) -> Table:
    """Every measure, most noticeable first: left, right, difference, uncertainty, reading, and its note on a line below.

    Each measure is one row of the outer table (its numbers and its note in an inner table), so a page
    break never parts a measure from its note.
    """
    # at 8 pt the heading "Uncertainty" broke "Uncertaint / y" in 0.11 of the width, and "not measured" took two lines
    widths = [w * _TEXT_W for w in (0.29, 0.085, 0.085, 0.125, 0.12, 0.295)]
    tight = [("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5), ("TOPPADDING", (0, 0), (-1, -1), 1.2)]
    head = Table([[_p(h, st.cell_bold) for h in ("Measure", "Left", "Right", "Difference", "Uncertainty", "Reading")]], colWidths=widths)
    head.setStyle(TableStyle([*tight, ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    rows: list[list[Any]] = [[head]]
    for m in report.sorted_measures():
        shown = m.withheld is None
        sides = m.shown_sides()
        cells = [
            MEASURES[m.id].label,
            format_value(sides[0], "mm") if sides is not None else "",
            format_value(sides[1], "mm") if sides is not None else "",
            format_value(m.value, m.unit, signed=True) if shown else "not measured",
            f"± {format_value(m.uncertainty, m.unit)}" if shown else "",
            m.side_words(),
        ]
        inner = Table([[_p(cells[0], st.cell_bold), *(_p(c, st.cell) for c in cells[1:])], [_p(m.note, st.note)]], colWidths=widths)
        inner.setStyle(TableStyle([*tight, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (0, 1), (-1, 1)), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.0)]))
        rows.append([inner])
    table = _KeptTable(rows, colWidths=[_TEXT_W], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, _INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE),
            ]
        )
    )
    return table


# --- sections ---------------------------------------------------------------------------------------


def _notices(st: _Styles, closing: str = "") -> Table:
    """The educational and safety notices in a box; ``closing`` adds a last plain line inside it."""
    cell = [_p(EDUCATIONAL + " " + ADULTS_ONLY, st.notice), _p(EMERGENCY, st.notice)] + ([_p(closing, st.small)] if closing else [])
    table = Table([[cell]], colWidths=[_TEXT_W])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _NOTICE_BG),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c99a2e")),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def headline_text(report: AsymmetryReport) -> str:
    """The report's headline in one sentence, with the numbers the first page shows."""
    top = report.headline()
    if top is None and report.too_coarse():
        return "Too coarse to judge: the ± here is larger than half what people notice; a closer, sharper photo measures finer."
    if top is None:
        return "No clear difference: every difference is within its uncertainty."
    return f"Most noticeable difference: {MEASURES[top.id].label}, {top.summary()}.{report.less_sure_note()}"


def _summary(report: AsymmetryReport, st: _Styles, compare: CompareReport | None = None) -> list[Flowable]:
    """The headline, the index and how to read them; with ``compare``, the headline names the after photo as its own and
    the comparison's verdict follows it. Beside a Visits section that named no change, a bare "Most noticeable difference"
    of the after photo (a smile) headed page 1 and read as a verdict about the change."""
    headline = headline_text(report)
    if compare is not None:
        headline = f"The after photo on its own, not a change between the visits. {headline}"
    lines: list[Flowable] = [_p(headline, st.lead)]
    if compare is not None:
        lines.append(_p(f"Between the two visits (see “{_visits_heading(compare)}” below): {compare.summary}", st.body))
    lines += [
        _p(
            f"Overall asymmetry index: {format_pm(report.index_mm, report.index_uncertainty_mm, 'mm')} (a typical"
            " value, over 220 mirror-paired landmarks, of half the distance between each point and its mirrored partner).",
            st.body,
        ),
        _p(
            f"Measured with the iris as a ruler (11.7 mm across in adults): every millimetre figure carries about ±{CALIBRATION_REL:.0%} "
            "from the ruler alone. Sides are the subject's own left and right; a difference is left − right, an offset is positive "
            "toward the left, a tilt is positive when the left side is higher.",
            st.small,
        ),
    ]
    if report.mirrored:
        lines.append(_p(MIRRORED_NOTE, st.small))
    lines += [_p(f"About this photo: {mid_sentence(w)}", st.small) for w in report.warnings]
    return lines


#: What each layer of the overlay shows, for its caption (in the order of :data:`viz.vocabulary.LAYERS`).
_LAYER_CAPTIONS: Final = {
    "heat": "dots tint each region by its asymmetry index",
    "connectors": "paired points are joined, coloured by how far each pair is from symmetric",
    "axis": "the white line is the fitted symmetry axis",
    "levels": "magenta level lines join the brows, the pupils and the mouth corners",
    "measures": "diamonds mark where the measures are read, coloured by how noticeable their differences are",
}


def overlay_caption(layers: Collection[str]) -> str:
    """The caption under the report's overlay: what each layer drawn shows and, unless every layer is drawn, which are.

    Examples
    --------
    >>> overlay_caption(["measures"]).split(". ")[0]
    'Layers shown: Measures (the others are hidden)'
    >>> overlay_caption(["axis", "levels"]).endswith("magenta level lines join the brows, the pupils and the mouth corners.")
    True
    >>> overlay_caption([])
    'No layer shown: the photo as measured.'
    """
    shown = [layer for layer in LAYERS if layer in layers]
    if not shown:
        return "No layer shown: the photo as measured."
    what = "; ".join(_LAYER_CAPTIONS[layer] for layer in shown) + "."
    text = what[0].upper() + what[1:]
    if len(shown) < len(LAYERS):
        text = f"Layers shown: {', '.join(LAYERS[layer] for layer in shown)} (the others are hidden). {text}"
    if COLOURED_LAYERS & set(shown):
        text += " Colours run from dark blue (0 mm) to yellow (3 mm or more)."
    return text


def _pictures(report: AsymmetryReport, views: MirrorViews, st: _Styles, layers: Collection[str]) -> Table:
    """The overlay on the face with ``layers`` drawn (left) and the four mirrored views (right)."""
    left_w = 0.46 * _TEXT_W
    right_w = _TEXT_W - left_w
    box = face_box(report.face, _FACE_MARGINS)
    overlay_side = round(left_w / 72.0 * _PHOTO_DPI)
    overlay = _picture(render_overlay(report, max_side=overlay_side, box=box, layers=layers, min_side=overlay_side), left_w - 6, 92 * mm)
    vbox = _views_box(views)
    names = ("true_view", "mirror_view", "left_left", "right_right")
    captions = _tile_captions([VIEW_CAPTIONS[name] for name in names], right_w / 2 - 2, st)
    lines = max(len(c) for c in captions)
    tile_w = right_w / 2 - 6
    tile_h = (overlay.drawHeight - 22 - 2 * (lines - 1) * st.caption.leading) / 2  # the grid as tall with captions of two lines
    tiles = []
    for name, caption in zip(names, captions, strict=True):
        tiles.append([_picture(_crop(getattr(views, name), vbox), tile_w, tile_h), Paragraph("<br/>".join(map(escape, caption)), st.caption)])
    grid = Table([tiles[:2], tiles[2:]], colWidths=[right_w / 2] * 2)
    # top-aligned: at the table's default (bottom) a caption of two lines beside one of one set its tile higher than its
    # neighbour's ("Right-right composite / (exaggerates)" beside "Left-left composite (exaggerates)")
    grid.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    table = Table([[[overlay, _p(overlay_caption(layers), st.caption)], grid]], colWidths=[left_w, right_w])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _tile_captions(captions: Sequence[str], width: float, st: _Styles) -> list[tuple[str, ...]]:
    """The views' captions, each as its lines: one line each where every caption fits ``width`` points in the caption's
    type, otherwise every caption broken before its bracket, so that the tiles' captions wrap alike (one wrapped by
    itself, "Right-right composite / (exaggerates)" under "Left-left composite (exaggerates)" on one line).

    >>> st = _styles()
    >>> _tile_captions(["True view (what others see)", "Left-left"], 200, st)
    [('True view (what others see)',), ('Left-left',)]
    >>> _tile_captions(["True view (what others see)", "Left-left"], 100, st)
    [('True view', '(what others see)'), ('Left-left',)]
    """
    if all(pdfmetrics.stringWidth(c, st.caption.fontName, st.caption.fontSize) <= width for c in captions):
        return [(c,) for c in captions]
    return [tuple(c.replace(" (", "\n(", 1).split("\n")) for c in captions]


def _side_by_side(pictures: tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]], captions: tuple[str, str], height: float, st: _Styles) -> Table:
    """Two pictures side by side across the text width, each at most ``height`` tall, a caption under each, never
    split between pages (the preview's pictures ended page 2 and their captions began page 3)."""
    half = _TEXT_W / 2 - 4
    table = Table([[_picture(p, half, height) for p in pictures], [_p(c, st.caption) for c in captions]], colWidths=[_TEXT_W / 2] * 2)
    table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("NOSPLIT", (0, 0), (-1, -1))]))
    return table


def _preview_section(preview: Preview, library: Library, st: _Styles) -> list[Flowable]:
    before = preview.report
    box = face_box(before.face, _FACE_MARGINS, preview.image.shape)
    day = f"day {preview.day:g}"
    photo = _crop(mark(np.asarray(before.face.photo.rgb), before.face, PHOTO_MARK), box)
    simulated = _band(_crop(np.asarray(preview.image), box), f"{WATERMARK} · {day}")
    images = _side_by_side((photo, simulated), ("Before: the photo", f"After, {day}: {WATERMARK}"), 70 * mm, st)
    strengths = [
        strength_phrase(library.muscles[m].name, preview.day, library.muscles[m].time_course) for m in dict.fromkeys(r.muscle for r in preview.relaxations)
    ]
    # the heading, the plan and its day on the page of the pictures they introduce: they stood at the foot of page 2
    # with the pictures, the table and the chart on page 3 (uscongress_C001080 at day 14 and 100, frl_london_136_03)
    top: list[Flowable] = [
        _p("Preview of a treatment plan — a simulation", st.heading),
        _p(
            "An educational model of what relaxing these muscles would likely change, not a prediction for this person. "
            "A licensed injector decides any treatment after an in-person exam.",
            st.small,
        ),
        _p(f"Plan: {plan_text(preview.relaxations, library)}.", st.lead),
        _p(f"Shown on {day} after treatment. " + "; ".join(strengths) + ".", st.body),
        images,
    ]
    out: list[Flowable] = [KeepTogether(top), Spacer(1, 2 * mm)]
    head = [_p(h, st.cell_bold) for h in ("Measure", "Before", "After (typical)", "Likely range", "Change", "In the picture")]
    rows: list[list[Any]] = [head]
    # the Preview page's rows, in its order, a measure the plan leaves alone "unchanged" as there (a lone "+0.5 mm" in
    # the likely range read as a range of one value)
    row_texts = [list(row.values()) for row in shown_rows(preview.measure_rows())]
    rows += [[_p(cells[0], st.cell_bold), *(_p(c, st.cell) for c in cells[1:])] for cells in row_texts]
    spans = [("SPAN", (1, r), (-1, r)) for r, cells in enumerate(row_texts, start=1) if cells[1] == "not measured"]  # across the row
    # the before and the after carry their ±; at 8 pt "Brow height (above the pupil)" needs 0.28 of the width on one line
    widths = [0.28, 0.155, 0.155, 0.15, 0.09, 0.17]
    title = _p("Measures before → after", st.cell_bold)  # as the Preview page names the table
    out.append(_table(rows, [w * _TEXT_W for w in widths], [("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE), *spans], title=title))
    out.append(_p("Differences are left − right (offsets toward the left, tilts with the left side higher), as on the first page.", st.small))
    # the page's notes: the plan's warnings, then one note for the changes too small to show, in the page's words (each
    # had a sentence of its own here, with a weaker rule than the page's)
    out += [_p(w, st.small) for w in (*preview.plan_warnings, preview.faint_note()) if w]
    out.append(
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                _p("When the effect comes and goes", st.cell_bold),
                _timeline_chart(preview, library, _TEXT_W),
                _p(
                    "Each muscle's effect as a share of its peak on a typical course (line); the band runs from the slowest to the quickest "
                    "course within the ranges of days around the sources' typical days; those ranges are modelling choices. The curve between those days "
                    "is a smooth model, not a measurement.",
                    st.small,
                ),
            ]
        )
    )
    return out


def _after_photo(compare: CompareReport, dates: tuple[dt.date | None, dt.date | None]) -> str:
    """Page 1's words for its photo in a Visits report: "the changes ... follow" stood over a section that named none, and
    beside the print date alone a reader took that date for the after photo's."""
    after = None if visit_dates(*dates)[1] else dates[1]  # an after date before the before date is left out
    when = f", {long_date(after)}" if after is not None else ""
    # "the changes ... follow" over a verdict of no change read as a promise of changes
    follows = "each measure since the before photo follows" if compare.judged else "the before photo follows, with no change named"
    return f"the after photo (the later visit{when}); {follows}"


def _visits_heading(compare: CompareReport) -> str:
    # two people's photos, or one picture twice: each photo's measures, no change named (the heading said "changes")
    return "Changes between two visits" if compare.judged else "Two visits' photos: no change named"


def _visits_section(compare: CompareReport, st: _Styles, dates: tuple[dt.date | None, dt.date | None] = (None, None)) -> list[Flowable]:
    when, problem = visit_dates(*dates)
    top: list[Flowable] = [_p(_visits_heading(compare), st.heading)]
    top += [_p(when, st.cell_bold)] if when else []
    top += [_p(problem, st.small)] if problem else []
    top.append(_p(compare.summary, st.lead))
    top += [_p(w, st.small) for w in compare.warnings if not said_by_summary(compare, w)]  # as on the page: the cause once
    # both visits' photos, the after lined up with the before as on the page (the report showed the after photo only)
    first = compare.before.face
    box = face_box(first, _FACE_MARGINS)
    pictures = (_crop(np.asarray(first.photo.rgb), box), _crop(aligned_image(compare.after.face, compare.alignment, first), box))
    top += [_side_by_side(pictures, ("Before", "After, lined up with before"), 62 * mm, st), Spacer(1, 2 * mm)]
    # the heading, the summary and the photos on one page: the heading stood alone at the foot of page 2 with all it
    # heads on page 3
    out: list[Flowable] = [KeepTogether(top)]
    # the page's columns under the page's names (ui.visits_ui.change_rows): the PDF had the change and its ± in one cell,
    # no limit column, and another name for the side
    head = [_p(h[:1].upper() + h[1:], st.cell_bold) for h in TABLE_COLUMNS]
    rows: list[list[Any]] = [head]
    change_col = TABLE_COLUMNS.index("change")
    for r in compare.table_rows():
        cells = r.cells()
        rows.append([_p(cells[0], st.cell_bold), *(_p(x, st.cell) for x in cells[1:])])
    # "not measured" and why across the row from the change on, as on the page: in the side's narrow column alone the
    # reason took six lines, and in its own column "not measured" broke "not mea / sured"
    spans = [("SPAN", (change_col, i), (-1, i)) for i, r in enumerate(compare.table_rows(), start=1) if not r.before]
    # each visit's "-10.6 ± 0.4 mm" on one line: narrower, "mm" broke "m / m". At 8 pt the headings "± uncertainty" and
    # "Beyond 3 × ±?" broke inside their words in 0.11 and 0.095 of the width: each now wraps at its spaces
    widths = [0.15, 0.14, 0.14, 0.09, 0.115, 0.085, 0.08, 0.20]  # "-10.3 mm" and "12.3 mm" fit their columns
    out.append(_table(rows, [w * _TEXT_W for w in widths], [("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE), *spans]))
    out.append(_p(f"{CHANGE_NOTE} {PHOTO_LIMITS}", st.small))
    return out


def _cited(
    report: AsymmetryReport,
    preview: Preview | None,
    compare: CompareReport | None,
    library: Library,
    *,
    mirror_shown: bool,
    dynamics: DynamicsReport | None = None,
) -> list[Source]:
    ids: list[str] = [CALIBRATION_SOURCE]
    reports = [report] + ([compare.before] if compare is not None else [])
    for rep in reports:
        for m in rep.sorted_measures():
            if m.withheld is None:
                ids += norm(m.id).sources
    if mirror_shown:
        ids.append(MERE_EXPOSURE_SOURCE)
    if preview is not None:
        for r in preview.relaxations:
            card = library.muscles[r.muscle]
            ids += [s for movement in card.effect for s in movement.sources]
            ids += card.time_course.sources
    if dynamics is not None:
        ids += _movement_sources(dynamics, library)
    return [library.sources[i] for i in dict.fromkeys(ids) if i in library.sources]


def _sources(sources: Sequence[Source], st: _Styles) -> list[Flowable]:
    if not sources:
        return []
    out: list[Flowable] = [_p("Sources", st.heading)]
    out += [_p(f"{i}. {s.citation()}", st.small) for i, s in enumerate(sources, start=1)]
    return out


def _expression_pictures(report: DynamicsReport, result: ExpressionResult) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """The rest photo and the expression photo lined up with it, both cropped to the rest face's box, as the page shows them."""
    rest = report.rest.face
    box = face_box(rest)
    return _crop(np.asarray(rest.photo.rgb), box), _crop(aligned_image(result.face, result.alignment, rest), box)


def _movement_section(report: DynamicsReport, st: _Styles) -> list[Flowable]:
    """Each measured expression (its pictures, each movement's sides, parts and note, the warnings of a photo without a
    verdict), then the static-or-dynamic reading per region, in the Expressions page's words and figures."""
    intro: list[Flowable] = [
        _p("Movement from rest", st.heading),
        _p(
            "Each expression photo is lined up with the rest photo on points that barely move with expression, and every movement is"
            " measured per side from rest. " + MOVEMENT_UNITS,
            st.small,
        ),
        *(_p(w, st.small) for w in report.warnings),
    ]
    out: list[Flowable] = []
    swaps = swapped(report)
    for name, result in report.expressions.items():
        title = EXPRESSIONS[name].title
        compares = what_is_compared(result)
        turned = f" ({FLIPPED})" if result.flipped else ""
        pictures = _side_by_side(_expression_pictures(report, result), ("Rest: the photo", f"{title}: the photo, lined up with rest{turned}"), 58 * mm, st)
        top: list[Flowable] = [_p(title, st.lead), *(_p(w, st.small) for w in no_verdict_warnings(result)), pictures]
        rows: list[list[Any]] = [[_p(h, st.cell_bold) for h in ("Movement", "Left", "Right")]]
        for mid, mv in result.movements.items():
            rows.append([_p(MOVEMENTS[mid].label, st.cell_bold), *(_p(s, st.cell) for s in movement_sides(mv, compares))])
        table = _table(rows, [w * _TEXT_W for w in (0.34, 0.33, 0.33)], [("LINEBELOW", (0, 1), (-1, -1), 0.3, _RULE)])
        notes = [
            Paragraph(f"<b>{escape(label)}</b>" + (f" ({escape(parts)})" if parts else "") + f": {escape(note)}", st.small)
            for label, parts, note in movement_note_lines(result.movements, parts=compares != "mirror image", why=no_verdict_why(result, swapped=name in swaps))
        ]
        # an expression's title, pictures and table on one page (the section's heading with the first of them: it stood
        # alone at the foot of the measures' page)
        out += [KeepTogether([*([] if out else intro), *top, Spacer(1, 1.5 * mm), table]), Spacer(1, 1 * mm), *notes, Spacer(1, 2 * mm)]
    if not out:
        out = intro
    if report.static_vs_dynamic:
        readings: list[Flowable] = []
        for region, balance in report.static_vs_dynamic.items():
            heading = balance_heading(region, balance.reads, balance.expression, BALANCE_WORDS[balance.dominant], strong=lambda text: f"<b>{escape(text)}</b>")
            readings += [Paragraph(heading, st.body), _p(balance.note, st.small)]
        out.append(KeepTogether([_p("Static or dynamic?", st.cell_bold), _p(STATIC_OR_DYNAMIC, st.small), *readings[:2]]))
        out += readings[2:]
    return out


def _expression_photos(report: DynamicsReport) -> str:
    """Page 1's words for the expression photos of a report with the movements.

    >>> from types import SimpleNamespace
    >>> _expression_photos(SimpleNamespace(expressions={"smile": None})), _expression_photos(SimpleNamespace(expressions={}))
    ('how the face moves in 1 expression photo follows', 'no expression photo was measured')
    """
    n = len(report.expressions)
    if not n:
        return "no expression photo was measured"
    return f"how the face moves in {n} expression photo{'' if n == 1 else 's'} follows"


def _movement_sources(report: DynamicsReport, library: Library) -> list[str]:
    """The source ids the movements' notes cite (each note names its sources as :meth:`viz.content.Library.cite` writes them)."""
    ids: list[str] = []
    for result in report.expressions.values():
        for mid, mv in result.movements.items():
            entry = library.norms.get(mid)
            if entry is not None and entry.noticed_sources and f"({library.cite(entry.noticed_sources)})" in mv.note:
                ids += entry.noticed_sources
    return ids


# --- the documents ----------------------------------------------------------------------------------


class _PageMark(Flowable):
    """Takes no space; remembers the page it was laid out on."""

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.page = int(self.canv.getPageNumber())


def _unpostpone(flowables: Iterable[Flowable]) -> None:
    """Forget that a layout moved any of ``flowables`` (or of the groups they hold) to the next frame.

    ReportLab marks a flowable it moves on (``_postponed``) and refuses it as too large when it does not fit a second
    time; the mark stays after the document is built. :func:`_build` lays the same story out twice when the closing
    box would stand alone, and the second layout then refused a table the first had moved to a new page ("too large
    on page 2", 10 of 153 consult reports over 21 faces and three plans).
    """
    for f in flowables:
        if hasattr(f, "_postponed"):
            del f._postponed
        inner = getattr(f, "_content", None)  # KeepTogether
        if isinstance(inner, list):
            _unpostpone(inner)


def _pdf_date(when: dt.date) -> Callable[..., str]:
    """A ReportLab date formatter writing ``when`` at midnight, UTC, whatever the clock says (its six numbers unused).

    >>> _pdf_date(dt.date(2026, 12, 7))(2000, 1, 1, 0, 0, 0)
    "D:20261207000000+00'00'"
    """
    return lambda *_: f"D:{when:%Y%m%d}000000+00'00'"


def _build(story: list[Flowable], *, title: str, when: dt.date, footer: str, closing: str = "") -> bytes:
    """Lay the story out on A4 pages with a footer (notices, date, page number) on each; return the PDF bytes.

    ``closing`` ends the story in the notices' box. Where that box would stand alone on a page of its own, the
    story is laid out again without it and its sentence goes into the last page's footer instead, which already
    carries the notices.
    """
    st = _styles()

    def lay_out(body: list[Flowable], last_line: tuple[int, str] | None) -> bytes:
        buf = io.BytesIO()
        _unpostpone(body)  # laid out a second time: a table moved to the next page the first time failed at once

        def on_page(canvas: Any, doc: Any) -> None:
            canvas.setDateFormatter(_pdf_date(when))  # the file's created and modified dates: the consult's day
            canvas.saveState()
            canvas.setFont(st.regular, TABLE_PT)
            canvas.setFillColor(_MUTED)
            # three lines 3.5 mm (about 10 pt) apart under the frame; at 8 pt the notices' line takes nearly the whole
            # width, so the page number sits at the end of the shorter emergency line
            if last_line is not None and doc.page == last_line[0]:
                canvas.drawString(_MARGIN, 13 * mm, last_line[1])
            canvas.drawString(_MARGIN, 9.5 * mm, f"{footer} · {when.isoformat()} · {EDUCATIONAL} {ADULTS_ONLY}")
            canvas.drawString(_MARGIN, 6 * mm, EMERGENCY)
            canvas.drawRightString(_PAGE_W - _MARGIN, 6 * mm, f"page {doc.page}")
            canvas.restoreState()

        doc = SimpleDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=_MARGIN,
            rightMargin=_MARGIN,
            topMargin=_MARGIN,
            bottomMargin=_MARGIN + 2 * mm,
            title=title,
            author="MirrorMap",
            subject=EDUCATIONAL,
            creator="MirrorMap",
            # No clock time in the file's metadata: the second a report was made need not travel with it. Its dates
            # are the consult's day (:func:`_pdf_date`; left to ReportLab's invariant stamp, a file browser read 1 January 2000).
            invariant=True,
        )
        doc.build(body, onFirstPage=on_page, onLaterPages=on_page)
        return buf.getvalue()

    if not closing:
        return lay_out(list(story), None)
    before, after = _PageMark(), _PageMark()
    pdf = lay_out([*story, before, Spacer(1, 3 * mm), _notices(st, closing), after], None)
    if after.page == before.page:
        return pdf
    return lay_out([*story], (before.page, closing))


def consult_pdf(
    report: AsymmetryReport,
    *,
    views: MirrorViews | None = None,
    preview: Preview | None = None,
    compare: CompareReport | None = None,
    library: Library | None = None,
    when: dt.date | None = None,
    layers: Collection[str] = DEFAULT_LAYERS,
    dates: tuple[dt.date | None, dt.date | None] = (None, None),
    credit: str = "",
    dynamics: DynamicsReport | None = None,
) -> bytes:
    """The consult report of one analysis as a PDF, made in memory.

    Parameters
    ----------
    report : AsymmetryReport
        The analysis shown (on the Visits page: the later visit, ``compare.after``).
    views : MirrorViews, optional
        ``mirror_views(report)`` if already made; made here (800 px) otherwise.
    preview : Preview, optional
        A simulated plan: adds its plan, day, the marked simulation, before → after with the likely
        range, its warnings and the time course.
    compare : CompareReport, optional
        Two visits compared: adds every measure's change and whether it is beyond the uncertainty.
    library : viz.content.Library, optional
        The content library (muscle names, sources); ``viz.content.load()`` by default.
    when : datetime.date, optional
        The date printed on the report; today by default.
    layers : collection of str, optional
        The overlay's layers (of :data:`viz.vocabulary.LAYERS`): those chosen on the first page, so the
        report shows what the page showed; the exports' default ones otherwise. Its caption names them
        unless every layer is drawn.
    dates : (datetime.date or None, datetime.date or None), optional
        The dates of the before and the after visit as the person gave them on the Visits page (none by default);
        with ``compare``, the changes are headed with them (:func:`visit_dates`).
    credit : str, optional
        Where the photo comes from and under which licence, printed under the pictures on page 1 as "Photo: ..."
        (the app's sample portrait is CC BY 4.0, which asks for its credit wherever it is shown: ``ui.cache.credit``);
        empty (the default) for a person's own photo, which gets no credit line.
    dynamics : DynamicsReport, optional
        The Expressions page's movements, measured from ``report``'s photo as the rest photo (``report`` is then
        ``dynamics.rest``): adds "Movement from rest" after the measures (after the preview, with one): for each
        expression its title, the rest photo and the expression photo lined up with it, each movement's left and right
        with their ± and its note as the page gives them, and the warnings of a photo that gives no verdict; then the
        static-or-dynamic reading per region.

    Returns
    -------
    bytes
        A PDF of A4 pages: two for an analysis, more with a preview or a comparison. Nothing is
        written to disk.

    Raises
    ------
    viz.errors.ArgumentError
        If ``report`` is not an analysis, a layer is unknown, a visit's date is not a date, ``credit`` is not a str or
        ``dynamics`` is not a movement report.
    """
    if not isinstance(report, AsymmetryReport):
        raise ArgumentError(f"report must be an AsymmetryReport, not {type(report).__name__}")
    if dynamics is not None and not isinstance(dynamics, DynamicsReport):
        raise ArgumentError(f"dynamics must be a DynamicsReport or None, not {type(dynamics).__name__}")
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        raise ArgumentError(f"Unknown overlay layer(s) {', '.join(map(repr, unknown))}; known: {', '.join(LAYERS)}.")
    if len(dates) != 2 or not all(d is None or isinstance(d, dt.date) for d in dates):
        raise ArgumentError(f"dates must be two dates or None (before, after), not {dates!r}")
    if not isinstance(credit, str):
        raise ArgumentError(f"credit must be a str, not {type(credit).__name__}")
    lib = library or content.load()
    day = when or dt.date.today()
    st = _styles()
    views = views if views is not None else mirror_views(report)
    story: list[Flowable] = [
        _p("MirrorMap — consult report", st.title),
        _p(
            f"{long_date(day)} · facial asymmetry measured from one photo"
            + (f": {_after_photo(compare, dates)}" if compare is not None else "")
            + (f": the rest photo; {_expression_photos(dynamics)}" if dynamics is not None else ""),
            st.small,
        ),
        _notices(st),
        Spacer(1, 2 * mm),
        *_summary(report, st, compare),
        Spacer(1, 1.5 * mm),
        _pictures(report, views, st, layers),
        *([_p(f"Photo: {credit}", st.small)] if credit else []),
        _p("Measures, most noticeable first", st.heading),
        _measures_table(report, st),
        _p(SIDES_NOTE, st.small),
        Spacer(1, 2 * mm),
    ]
    chart = _measures_chart(report, _TEXT_W)
    if chart is not None:
        story.append(KeepTogether([_p("How big each difference is", st.cell_bold), chart]))
    story.append(
        _p(
            MERE_EXPOSURE + " The left-left and right-right composites exaggerate: no real face looks like either of them.",
            st.small,
        )
    )
    if preview is not None:
        story += _preview_section(preview, lib, st)
    if dynamics is not None:
        story += _movement_section(dynamics, st)
    if compare is not None:
        story += _visits_section(compare, st, dates)
    story += _sources(_cited(report, preview, compare, lib, mirror_shown=True, dynamics=dynamics), st)
    closing = f"Made by MirrorMap on {long_date(day)}. The numbers describe a photo, not a diagnosis."
    return _build(story, title="MirrorMap consult report", when=day, footer="MirrorMap consult report", closing=closing)


#: A bullet or dash the person typed at the start of a note line, with the space after it ("-5 mm" keeps its minus).
_OWN_BULLET = re.compile(r"^[•◦▪‣·*\-–—]\s+")
#: Where the text of a bulleted note starts, points from the margin (the bullet sits at the margin).
_BULLET_INDENT = 10.0


def checklist_pdf(topic: Topic, library: Library, notes: str = "", *, when: dt.date | None = None) -> bytes:
    """The Learn page's consult checklist as a PDF, made in memory.

    Parameters
    ----------
    topic : viz.content.Topic
        The ``consult_checklist`` section of the library.
    library : viz.content.Library
        For the sources of the questions that cite any.
    notes : str, optional
        The person's own questions or notes, printed as written, one per line (never read as markup).
    when : datetime.date, optional
        The date printed; today by default.

    Returns
    -------
    bytes
        Title, introduction, numbered questions, the person's notes, sources and the notices.

    Examples
    --------
    >>> from viz.content import load
    >>> lib = load()
    >>> checklist_pdf(lib.topics["consult_checklist"], lib)[:5]
    b'%PDF-'
    """
    day = when or dt.date.today()
    st = _styles()
    story: list[Flowable] = [
        _p(topic.title, st.title),
        _p(checklist_dateline(day), st.small),
        _notices(st),
        Spacer(1, 2 * mm),
        _p(" ".join(topic.intro.split()), st.body),
    ]
    for number, card in enumerate(topic.cards, start=1):
        text = " ".join(library.cited(card, card.text, topic.cards).split())
        story.append(Paragraph(f"{number}. <b>{escape(ended(card.title))}</b> {escape(text)}", st.body))
    # A line the person began with their own bullet or dash gets one bullet, not two.
    own = [_OWN_BULLET.sub("", line.strip()) or line.strip() for line in notes.splitlines() if line.strip()]
    if own:
        story.append(_p("My own questions and notes", st.heading))
        # a long note's later lines start under its first word, not under the bullet (a hanging indent)
        hanging = ParagraphStyle(
            "note_item", parent=st.body, leftIndent=_BULLET_INDENT, bulletIndent=0, bulletFontName=st.regular, bulletFontSize=st.body.fontSize
        )
        story += [Paragraph(escape(line), hanging, bulletText="•") for line in own]
    story += _sources(library.sources_of_all(topic.cards), st)
    return _build(story, title=topic.title, when=day, footer="MirrorMap consult checklist")
