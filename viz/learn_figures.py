"""Plotly figures for the Learn page: the treatment timeline and a muscle's area on a face.

Both are pure: content objects and arrays in, a new :class:`plotly.graph_objects.Figure` out.

- :func:`timeline_figure` draws :func:`viz.timeline.effect_fraction` for the chosen muscles inside the
  band of :func:`viz.timeline.effect_range` (the slowest to the quickest course the content's ranges
  allow), with markers for the first change, the review, the peak, the start of the wear-off and the
  end, each with its range: filled where the content cites a source for the day, open where it is a
  modelling choice (a marker's hover says the same of its range, and of a slow tail's end drawn after
  the sources' last day); and short citations of the sources behind each curve.
- :func:`muscle_area_picture` shades a muscle's area on a face photo: the convex hull of the card's
  ``landmarks`` (subject's left side) and of their mirror partners (subject's right side), or the
  hull of the midline points for a midline muscle. :func:`face_backdrop` prepares the photo once
  (cropped to the face, reduced, JPEG-encoded) so several cards can share it.

Colours are the Okabe-Ito palette, which stays distinct for colour-blind readers.

Examples
--------
>>> from viz.content import load
>>> library = load()
>>> figure = timeline_figure([library.muscles["frontalis"], library.muscles["masseter"]], library.sources)
>>> [trace.name for trace in figure.data if trace.mode == "lines"]
['Forehead muscle', 'Jaw muscle']
"""

from __future__ import annotations

import base64
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import Final

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
from PIL import Image, ImageDraw

from viz import anatomy
from viz.content import Muscle, Source, TimeCourse, TimelineFact
from viz.errors import ArgumentError
from viz.figures import still, wrap_text
from viz.geometry import convex_hull
from viz.timeline import effect_fraction, effect_range, end_day, repeated_effect_fraction, repeats_a_curve
from viz.vocabulary import NBSP, TARGETS

__all__ = [
    "CHART_NOTE",
    "MEASURED_SYMBOL",
    "MIDLINE_HALF_WIDTH",
    "NOTE_FONT_PX",
    "NO_MUSCLE",
    "SIDE_COLOURS",
    "FaceBackdrop",
    "curve_name",
    "face_backdrop",
    "level_peaks",
    "muscle_area_picture",
    "muscle_area_polygons",
    "muscle_area_view",
    "spaced_ticks",
    "timeline_figure",
]

# Okabe & Ito 2008, "Color universal design": distinguishable with every common colour-vision deficiency.
_PALETTE: Final[tuple[str, ...]] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_DASHES: Final[tuple[str, ...]] = ("solid", "dash", "dot")
SIDE_COLOURS: Final[Mapping[str, str]] = {"left": "#0072B2", "right": "#E69F00", "midline": "#009E73"}
"""Outline colour of each side's area in :func:`muscle_area_picture` (subject's sides)."""

_MILESTONES: Final[tuple[tuple[str, str, str], ...]] = (
    # (TimeCourse milestone, legend text, marker symbol; "-open" is added for a modelling choice)
    ("onset", "first change", "circle"),
    ("judge", "review", "diamond"),
    ("peak", "peak", "star"),
    ("wear_off_start", "starts to fade", "triangle-down"),
    ("duration", "effect over", "x"),
)
#: The measured points' marker (:func:`_measured_trace`): no milestone's shape and no key's of "where a day comes from".
MEASURED_SYMBOL: Final = "hourglass"
#: The smallest text of a timeline, CSS pixels: the app's floor (Plotly's default type, which the ticks and the legend
#: keep), for the sources under the axis, the peaks' labels and the chosen day's name. At 11 px they were under it.
NOTE_FONT_PX: Final = 12
#: Said under the chart: which parts come from studies and which are modelling choices.
CHART_NOTE: Final = (
    "Filled markers are days from the cited studies; open ones are modelling choices, as are the curve between them and"
    " each range whose hover names no source. The band runs from the slowest to the quickest course the ranges allow."
)
#: Said on the timeline, and by its description, when no muscle is chosen.
NO_MUSCLE: Final = "Choose one or more muscles to draw their timelines."
#: The second line of a review day's tick.
_REVIEW: Final = "<br>review"

_TICKS: Final[tuple[tuple[float, str], ...]] = (
    (0, "0"),
    (14, "2 wk"),
    (28, "4 wk"),
    (56, "8 wk"),
    (84, "12 wk"),
    (120, "4 mo"),
    (180, "6 mo"),
    (270, "9 mo"),
    (365, "1 yr"),
)
_SIDES: Final[frozenset[str]] = frozenset({"left", "right"})

MIDLINE_HALF_WIDTH: Final[float] = 0.2
"""Half-width of a midline muscle's outline, as a share of the distance between the inner eye corners.

The landmarks of a midline muscle lie on one vertical line; the outline is widened to either side
by this share (about 6 mm for a typical 30 mm inner-corner distance). It is a drawing choice, not
an anatomical measurement.
"""


def timeline_figure(
    muscles: Sequence[Muscle],
    sources: Mapping[str, Source],
    *,
    measured: TimelineFact | None = None,
    repeat_every_days: float | None = None,
    days_max: float | None = None,
    day: float | None = None,
    max_line_chars: int | None = None,
    at_rest_names: bool = True,
) -> go.Figure:
    """Draw how strong each muscle's treatment effect is on each day, as a share of its peak.

    Parameters
    ----------
    muscles : sequence of viz.content.Muscle
        One curve each, in order; an empty sequence gives an empty chart that says so.
    sources : Mapping[str, viz.content.Source]
        The library's sources, for the short citations (``Library.sources``).
    measured : viz.content.TimelineFact, optional
        A fact with measured points (e.g. ``masseter_course``), drawn as dots with their range,
        each value divided by the largest so it reads on the same 0-1 scale.
    repeat_every_days : float, optional
        Repeat treatment at this interval (days) and draw
        :func:`viz.timeline.repeated_effect_fraction`; milestone markers are drawn only before the
        second treatment.
    days_max : float, optional
        Right end of the axis; by default just past the last effect, at most 365 (365 with repeats).
    day : float, optional
        Draw a vertical line at this day (e.g. the preview's day slider).
    at_rest_names : bool, optional
        Name a curve that follows a feature at rest for it (:func:`curve_name`), as Learn does beside cards about the
        movement; False names each curve for its muscle, as Preview does, whose simulation is all of the face at rest.
    max_line_chars : int, optional
        Lay the chart out for any width down to a phone's (about 340 CSS pixels): the title, the note
        and the sources are wrapped at this many characters (the title, in larger type, at 70 % of it),
        the sources sit at a fixed distance under the axis and the legend (two entries a row) under
        them, and the height grows by what they take, so no text is cut and none overlaps another.
        A chart of one treatment running on long past four months draws the days after them narrower
        (shaded, and said under the axis), and each peak's label stands above it with its pointer
        straight down (:func:`_stacked_peaks`).
        By default the legend stands to the right and each text is one line, for a wide screen.

    Returns
    -------
    plotly.graph_objects.Figure
        x: days after treatment (on a compressed axis, their places; a curve's ``customdata[:, 0]`` holds its days);
        y: share of the peak effect, 0-1 (shown as percent).

    Raises
    ------
    ValueError
        If ``repeat_every_days`` or ``days_max`` is not a positive finite number, ``max_line_chars`` is
        below 20, or a time course is invalid (see :func:`viz.timeline.effect_fraction`).
    """
    if max_line_chars is not None and not max_line_chars >= _MIN_LINE_CHARS:
        raise ArgumentError(f"max_line_chars must be at least {_MIN_LINE_CHARS} characters, not {max_line_chars!r}")
    if repeat_every_days is not None and not (np.isfinite(repeat_every_days) and repeat_every_days > 0):
        raise ArgumentError(f"repeat_every_days must be a positive number of days, not {repeat_every_days!r}")
    if days_max is not None and not (np.isfinite(days_max) and days_max > 0):
        raise ArgumentError(f"days_max must be a positive number of days, not {days_max!r}")
    if days_max is None:
        last = max((end_day(muscle.time_course) for muscle in muscles), default=180.0)
        days_max = 365.0 if repeat_every_days else min(365.0, last + 20.0)
    days = np.linspace(0.0, days_max, int(days_max) * 2 + 1)
    treatments = list(np.arange(0.0, days_max, repeat_every_days)) if repeat_every_days else [0.0]
    at = _DayAxis.of(days_max, stacked=max_line_chars is not None, repeating=bool(repeat_every_days))  # a day's place on the axis

    figure = go.Figure()
    drawn: list[npt.NDArray[np.float64]] = []
    for index, muscle in enumerate(muscles):
        colour = _PALETTE[index % len(_PALETTE)]
        dash = _DASHES[index // len(_PALETTE) % len(_DASHES)]  # past eight curves the colours repeat: the dash tells them apart
        course = muscle.time_course
        if repeat_every_days:
            share = repeated_effect_fraction(days, course, treatments)
            low = np.minimum(repeated_effect_fraction(days, course.at("slow"), treatments), share)
            high = np.maximum(repeated_effect_fraction(days, course.at("quick"), treatments), share)
        else:
            low, share, high = effect_range(days, course)
        if dash == "solid" and repeats_a_curve(share, drawn):
            dash = "dash"  # the same course as a curve drawn before: dashed over it, so both stay in sight
        drawn.append(share)
        cites = _cites(course, sources)
        name = curve_name(muscle) if at_rest_names else muscle.name
        band = np.concatenate([days, days[::-1]])
        figure.add_trace(
            go.Scatter(
                x=at(band),
                y=np.concatenate([high, low[::-1]]),
                mode="none",
                fill="toself",
                fillcolor=_tint(colour, 0.18),
                name=f"{muscle.name} range",
                legendgroup=muscle.id,
                showlegend=False,
                hoverinfo="skip",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=at(days),
                y=share,
                mode="lines",
                name=name,
                line={"color": colour, "width": 3, "dash": dash},
                legendgroup=muscle.id,
                customdata=np.column_stack([days, days / 7.0]),  # the day itself: on a compressed axis x is a place, not a day
                hovertemplate=f"{name}<br>day %{{customdata[0]:.0f}} (week %{{customdata[1]:.1f}}): %{{y:.0%}} of peak<br>{cites}<extra></extra>",
            )
        )
        figure.add_trace(_milestone_trace(muscle, colour, cites, min(days_max, repeat_every_days or days_max), at))

    for _, label, symbol in _MILESTONES:  # legend entries for the marker shapes
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=label,
                legendgroup="milestones",
                legendgrouptitle={"text": "Markers"} if label == _MILESTONES[0][1] else None,
                marker={"symbol": symbol, "size": 10, "color": "#555555"},
                hoverinfo="skip",
            )
        )
    # squares: a filled circle here read as the "first change" marker's key too
    for symbol, label in (("square", "cited"), ("square-open", "modelling choice")):
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=label,
                legendgroup="basis",
                legendgrouptitle={"text": "Where a day comes from"} if label == "cited" else None,
                marker={"symbol": symbol, "size": 10, "color": "#555555"},
                hoverinfo="skip",
            )
        )

    for note in _peak_annotations(muscles, days_max, at):
        figure.add_annotation(note)
    reviews = sorted({float(m.time_course.judge_days) for m in muscles if m.time_course.judge_days <= days_max})
    for review in reviews:  # named on the axis, under the curves' first markers (a label on the chart covered them)
        figure.add_vline(x=float(at(review)), line={"dash": "dot", "color": "#777777", "width": 1})
    if at.knee is not None:  # the compressed days, shaded, and the axis' title says so
        figure.add_vrect(x0=float(at(at.knee)), x1=days_max, fillcolor="rgba(0,0,0,0.06)", line={"width": 0}, layer="below")
    by_sources: dict[str, list[str]] = {}
    for muscle in muscles:
        by_sources.setdefault(_cites(muscle.time_course, sources), []).append(muscle.name)
    footnote = [f"{', '.join(names)}: {cites}" for cites, names in by_sources.items()]
    if footnote:
        # "and ranges" only where a range is cited: the onset band (days 2-7) is a modelling choice, not the studies'
        ranges = any(muscle.time_course.is_cited(f"{milestone}_range") for muscle in muscles for milestone, _, _ in _MILESTONES)
        figure.add_annotation(
            text="<br>".join([f"Sources of the filled (cited) markers{' and ranges' if ranges else ''}:", *footnote]),
            x=0,
            y=-0.26,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font={"size": NOTE_FONT_PX},
        )

    if measured is not None and measured.points:
        figure.add_trace(_measured_trace(measured, sources, at))
    if day is not None:
        # named at its top, on the side with room: at day 0 the line lay on the axis and on the last day on the plot's
        # edge, where it read as a frame, not as the chosen day
        x = float(at(day))
        figure.add_vline(
            x=x,
            line={"color": "#222222", "width": 2},
            annotation={"text": f"day {day:g}", "font": {"size": NOTE_FONT_PX, "color": "#222222"}, "bgcolor": "rgba(255,255,255,0.85)"},
            annotation_position="top right" if x <= days_max / 2 else "top left",
        )
    if not muscles:  # wrapped for the stacked layout, which wraps only its title, note, sources and peaks
        text = NO_MUSCLE if max_line_chars is None else wrap_text(NO_MUSCLE, max_line_chars)[0]
        figure.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)

    ticks = _axis_ticks(days_max, reviews)
    figure.update_layout(
        title={
            "text": "How the effect builds and fades" + (" with repeat treatments" if repeat_every_days else " after one treatment"),
            "subtitle": {"text": CHART_NOTE},
        },
        xaxis={
            "title": {"text": "time after treatment" + (f"<br>{at.note()}" if at.knee is not None else "")},
            "tickvals": [float(at(value)) for value, _ in ticks],
            "ticktext": [text for _, text in ticks],
            "range": [0, days_max],
        },
        yaxis={"title": {"text": "share of the peak effect"}, "tickformat": ".0%", "range": list(_Y_RANGE), "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1.0]},
        hovermode="closest",
        legend={"orientation": "v", "groupclick": "toggleitem"},
        margin={"l": 60, "r": 20, "t": 80, "b": 120 + 16 * len(footnote)},
        height=460 + 16 * len(footnote),
    )
    still(figure)  # a finger on the chart scrolls the page (it zoomed the chart)
    return figure if max_line_chars is None else _stack(figure, max_line_chars)


_MIN_LINE_CHARS: Final = 20
#: The share axis' range: room above 100 % for the peaks' labels.
_Y_RANGE: Final = (-0.02, 1.3)
#: The stacked layout (:func:`_stack`), CSS pixels at Plotly's default type: the plot itself; a line of the
#: title, of the note and of the sources; the axis' numbers and title under the plot; a row of the legend.
_STACK_PLOT_PX: Final = 260
_TITLE_LINE_PX: Final = 22
_NOTE_LINE_PX: Final = 16
_AXIS_PX: Final = 56
_TICK_LINE_PX: Final = 16
_LEGEND_ROW_PX: Final = 19
#: Room above the title (and above the plot for the peaks' labels), and between the sources and the legend.
_STACK_TOP_PX: Final = 30
_STACK_GAP_PX: Final = 22
#: The peaks' labels: their type, CSS pixels; wrapped at this many characters (on a wide screen first at
#: :data:`_PEAK_WIDE_CHARS`), a line this high, the first this far above its peak, this far apart (in that type).
_PEAK_FONT_PX: Final = NOTE_FONT_PX
_PEAK_WIDE_CHARS: Final = 60
_PEAK_LINE_CHARS: Final = 26
_PEAK_LINE_PX: Final = 16
_PEAK_RISE_PX: Final = 12
_PEAK_GAP_PX: Final = 6
#: A peak label's pointer: grey, not the black of the chosen day's line (a black pointer beside it read as a second day).
_POINTER_COLOUR: Final = "#9a9a9a"
#: A peak's label is wrapped at this many characters where at :data:`_PEAK_LINE_CHARS` it would leave the chart.
_PEAK_NARROW_CHARS: Final = 20
#: A character of a peak's label (12 px type: 6.3 px measured at 11 px, scaled) and the padding of its box, CSS pixels;
#: a character of the 12 px text the lines are wrapped for (``max_line_chars`` of them fill the narrowest chart), and the
#: plot's margins beside it.
_PEAK_CHAR_PX: Final = 6.9
_PEAK_PAD_PX: Final = 6
_CHART_CHAR_PX: Final = 6.6
_STACK_LEFT_PX: Final = 56
_STACK_RIGHT_PX: Final = 12
#: The stacked layout's legend says in each entry what a group title said.
_STACK_NAMES: Final[Mapping[str, str]] = {"cited": "filled: a cited day", "modelling choice": "open: a modelling choice"}
#: The stacked layout's legend names wrap at this many characters (as the bar chart's legend, ``viz.figures``), each
#: line a legend row: "Frown muscle: inner brow at rest" ran past a phone's 390 px.
_STACK_LEGEND_CHARS: Final = 24


def curve_name(muscle: Muscle) -> str:
    """The name of ``muscle``'s curve on the timeline: the muscle's name, and the feature at rest the curve follows where
    that is not the movement the muscle drives (a movement with a course of its own, :attr:`Muscle.movement_course`).

    The frown muscle's curve, named "Frown muscle", peaked at twelve weeks: it is the inner brow's position at rest,
    while the card says the frown itself is weakest from about two weeks.

    Examples
    --------
    >>> from viz.content import load
    >>> library = load()
    >>> curve_name(library.muscles["corrugator"]), curve_name(library.muscles["masseter"])
    ('Frown muscle: inner brow at rest', 'Jaw muscle')
    """
    if muscle.movement_course is muscle.time_course or not muscle.effect:
        return muscle.name
    return f"{muscle.name}: {TARGETS[muscle.effect[0].target].lower()} at rest"


#: The stacked layout's time axis past this day, when the chart runs on long after it (a year for the jaw muscle): the
#: days up to it take :data:`_KNEE_SHARE` of the axis, those after it the rest. On a phone the first four months, where
#: the forehead's and the frown's changes come and go, took a third of a 290 px axis.
_KNEE_DAYS: Final = 120.0
_KNEE_SHARE: Final = 0.55
#: What the axis' second line calls the knee's day.
_KNEE_NAME: Final = "4 months"


@dataclass(frozen=True)
class _DayAxis:
    """Where a day sits on a timeline's axis, in days of an even axis from 0 to ``days_max``.

    Even (a day is its place) unless ``knee`` is set: then the days up to it are drawn :attr:`squeeze` times as wide
    as those after it, which share the rest of the axis.

    Examples
    --------
    >>> at = _DayAxis(365.0, 120.0)
    >>> [round(float(at(d)), 1) for d in (0, 120, 365)], round(at.squeeze, 1)
    ([0.0, 200.8, 365.0], 2.5)
    >>> float(_DayAxis(180.0)(90))
    90.0
    """

    days_max: float
    knee: float | None = None

    @classmethod
    def of(cls, days_max: float, *, stacked: bool, repeating: bool) -> _DayAxis:
        """The axis of a chart: compressed past :data:`_KNEE_DAYS` in the stacked layout of one treatment where the days
        before it would take less than :data:`_KNEE_SHARE` of the axis; even otherwise (the wide layout, repeats)."""
        squeezed = stacked and not repeating and _KNEE_DAYS < _KNEE_SHARE * days_max
        return cls(days_max, _KNEE_DAYS if squeezed else None)

    @property
    def squeeze(self) -> float:
        """How many times as wide a day before the knee is drawn as a day after it (1 on an even axis)."""
        if self.knee is None:
            return 1.0
        return (_KNEE_SHARE / self.knee) / ((1.0 - _KNEE_SHARE) / (self.days_max - self.knee))

    def note(self) -> str:
        """The axis title's second line on a compressed axis (short: on a 390 px phone "from 4 months on, a day is drawn
        2.5× narrower" ran past the chart's edge).

        Examples
        --------
        >>> _DayAxis(365.0, 120.0).note()
        'past 4 months, days are 2.5× narrower'
        """
        return f"past {_KNEE_NAME}, days are {self.squeeze:.2g}× narrower"

    def __call__(self, days: npt.ArrayLike) -> npt.NDArray[np.float64]:
        d = np.asarray(days, dtype=np.float64)
        if self.knee is None:
            return d
        early = d * (_KNEE_SHARE * self.days_max / self.knee)
        late = _KNEE_SHARE * self.days_max + (d - self.knee) * ((1.0 - _KNEE_SHARE) * self.days_max / (self.days_max - self.knee))
        return np.asarray(np.where(d <= self.knee, early, late), dtype=np.float64)


def _axis_ticks(days_max: float, reviews: Sequence[float]) -> list[tuple[float, str]]:
    """The time axis's ticks (value, label) up to ``days_max``; a review day's says so on a second line ("2 wk<br>review").

    A review day between the usual ticks gets a tick of its own ("day 21<br>review") and the ticks nearer it than a
    twentieth of the axis give way.

    Examples
    --------
    >>> _axis_ticks(60, [14.0])
    [(0, '0'), (14, '2 wk<br>review'), (28, '4 wk'), (56, '8 wk')]
    >>> _axis_ticks(60, [30.0])
    [(0, '0'), (14, '2 wk'), (30.0, 'day 30<br>review'), (56, '8 wk')]
    """
    ticks = {value: text for value, text in _TICKS if value <= days_max}
    for review in reviews:
        if review in ticks:
            ticks[review] += _REVIEW
        else:
            ticks = {v: t for v, t in ticks.items() if abs(v - review) >= days_max / 20.0 or t.endswith(_REVIEW)}
            ticks[review] = f"day {review:g}{_REVIEW}"
    return sorted(ticks.items())


def spaced_ticks(figure: go.Figure) -> list[tuple[float, str]]:
    """A timeline's ticks (value, label) at least a seventh of its axis apart: set level (``tickangle`` 0), their
    labels never meet, at any width and type size (Plotly slants crowded labels, which then run into what is below).
    Review days are kept first; the other ticks fill the room left."""
    days_max = float(figure.layout.xaxis.range[1])
    every = list(zip(figure.layout.xaxis.tickvals, figure.layout.xaxis.ticktext, strict=True))
    ticks: list[tuple[float, str]] = []
    for value, text in sorted(every, key=lambda tick: not tick[1].endswith(_REVIEW)):
        if all(abs(value - kept) >= days_max / 7.0 for kept, _ in ticks):
            ticks.append((value, text))
    return sorted(ticks)


def _stack(figure: go.Figure, chars: int) -> go.Figure:
    """Lay a timeline out for any width (see ``max_line_chars`` of :func:`timeline_figure`), in place.

    Besides wrapping and stacking: the axis keeps only ticks at least a seventh of its length apart,
    level, so that their labels never meet; the legend lists one entry a row under everything, without group titles, so its
    height is known, and the entries that needed a title say it themselves.
    """
    title, title_lines = wrap_text(str(figure.layout.title.text or ""), max(_MIN_LINE_CHARS, int(chars * 0.7)))
    note, note_lines = wrap_text(str(figure.layout.title.subtitle.text or ""), chars)
    ticks = spaced_ticks(figure)
    axis = _AXIS_PX + _TICK_LINE_PX * any(text.endswith(_REVIEW) for _, text in ticks)  # "review" under a tick
    axis += _TICK_LINE_PX * str(figure.layout.xaxis.title.text or "").count("<br>")  # the compressed axis' second line
    source_lines = 0
    for annotation in figure.layout.annotations:
        if annotation.yref == "paper" and (annotation.y or 0.0) < 0:  # the sources, under the axis
            text, lines = wrap_text(str(annotation.text), chars)
            annotation.update(text=text, y=0, yanchor="top", yshift=-axis)
            source_lines += lines
    plot_px = chars * _CHART_CHAR_PX - _STACK_LEFT_PX - _STACK_RIGHT_PX  # the narrowest plot these lines are wrapped for
    peaks, rise = _stacked_peaks([a for a in figure.layout.annotations if a.showarrow], float(figure.layout.xaxis.range[1]), plot_px)
    figure.layout.annotations = [*(a for a in figure.layout.annotations if not a.showarrow), *peaks]
    entries = 0
    for trace in figure.data:
        if trace.legendgrouptitle is not None and trace.legendgrouptitle.text:
            trace.legendgrouptitle = None
        if trace.name in _STACK_NAMES:
            trace.name = _STACK_NAMES[trace.name]
        lines = 1
        if trace.showlegend is not False and trace.name:
            trace.name, lines = wrap_text(str(trace.name), _STACK_LEGEND_CHARS)
        entries += (trace.showlegend is not False and bool(trace.name)) * lines
    headroom = _STACK_PLOT_PX * (_Y_RANGE[1] - 1.0) / (_Y_RANGE[1] - _Y_RANGE[0])  # above the 100 % line
    top = _STACK_TOP_PX + title_lines * _TITLE_LINE_PX + note_lines * _NOTE_LINE_PX + max(0, round(rise - headroom))
    bottom = axis + source_lines * _NOTE_LINE_PX + _STACK_GAP_PX + entries * _LEGEND_ROW_PX
    return figure.update_layout(
        title={"text": title, "subtitle": {"text": note}, "yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 22}},
        xaxis={"tickvals": [v for v, _ in ticks], "ticktext": [t for _, t in ticks], "tickangle": 0},
        legend={"orientation": "v", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left", "traceorder": "normal"},
        margin={"l": _STACK_LEFT_PX, "r": _STACK_RIGHT_PX, "t": top, "b": bottom},
        height=top + _STACK_PLOT_PX + bottom,
    )


def level_peaks(figure: go.Figure, plot_px: float, *, font_px: float, margins_px: tuple[float, float]) -> float:
    """Put a wide timeline's peak labels (:func:`timeline_figure`) each on its own level above the 100 % line, its
    pointer straight down, as the stacked layout does (:func:`_stacked_peaks`), in type of ``font_px`` on a plot about
    ``plot_px`` wide with ``margins_px`` (left, right) beside it; in place. Returns how far above the 100 % line the
    labels reach, CSS pixels (the caller leaves that much room above it).

    The wide layout stacks its labels 22 px apart for 12 px type: in presenter mode's 20 px type two muscles' labels
    (the forehead's and the frown muscle's) sat on one another.
    """
    peaks, rise = _stacked_peaks(
        [a for a in figure.layout.annotations if a.showarrow],
        float(figure.layout.xaxis.range[1]),
        plot_px,
        margins_px=margins_px,
        scale=font_px / _PEAK_FONT_PX,
        wraps=(_PEAK_WIDE_CHARS, _PEAK_LINE_CHARS, _PEAK_NARROW_CHARS),
    )
    figure.layout.annotations = [*(a for a in figure.layout.annotations if not a.showarrow), *peaks]
    return rise


def _stacked_peaks(
    notes: Sequence[go.layout.Annotation],
    x_max: float,
    plot_px: float,
    *,
    margins_px: tuple[float, float] = (_STACK_LEFT_PX, _STACK_RIGHT_PX),
    scale: float = 1.0,
    wraps: tuple[int, ...] = (_PEAK_LINE_CHARS, _PEAK_NARROW_CHARS),
) -> tuple[list[go.layout.Annotation], float]:
    """The peaks' labels of the stacked layout on a plot ``plot_px`` wide, and how high above the 100 % line they
    reach, CSS pixels; ``scale``: the type's size against :data:`_PEAK_FONT_PX`.

    One label per peak's place (the muscles peaking there each on their own lines), each on its own level above the
    curves, its pointer straight down to the peak: above 100 % no curve runs. Each label stands to the right or to the
    left of its pointer, wrapped at the first of ``wraps`` or, where that leaves the chart, fewer characters, and the
    levels are ordered so that no pointer passes through a label below it. On a phone three labels at three levels
    pointed slantwise at two peaks, and their pointers ran through one another's labels.

    No peaks (no muscle on the chart) place no label and reach nowhere: ``([], 0.0)``.
    """
    if not notes:  # an empty choice crashed the Learn page on ``max()`` of no labels
        return [], 0.0
    texts: dict[float, list[str]] = {}
    for note in notes:
        texts.setdefault(float(note.x), []).append(str(note.text))
    low, high = -margins_px[0] / 2.0, plot_px + margins_px[1]  # above 100 % the margins hold nothing but the y title, far left
    options: list[list[tuple[float, str, int, bool, tuple[float, float]]]] = []  # per label: x, text, lines, to the right, box (px)
    for x, parts in sorted(texts.items(), reverse=True):  # the later peak first: lower, where nothing else decides
        at_px = x / x_max * plot_px
        mine = []
        for wrap in wraps:
            text, lines = wrap_text("<br>".join(parts), wrap)
            width = (max(len(line) for line in text.split("<br>")) * _PEAK_CHAR_PX + _PEAK_PAD_PX) * scale
            mine += [(x, text, lines, right, (at_px, at_px + width) if right else (at_px - width, at_px)) for right in (True, False)]
        options.append(mine)
    best: tuple[tuple[float, float, int], list[tuple[float, str, int, bool, tuple[float, float]]], dict[float, float]] | None = None
    for choice in itertools.islice(itertools.product(*options), 4096):
        boxes = {x: box for x, _, _, _, box in choice}
        below = {x: {o for o in boxes if o != x and a < o / x_max * plot_px < b} for x, (a, b) in boxes.items()}  # pointers under it
        try:
            order = list(TopologicalSorter(below).static_order())
        except CycleError:
            continue
        heights = {x: lines * _PEAK_LINE_PX * scale for x, _, lines, _, _ in choice}
        bottoms = _levels(order, boxes, heights, below, _PEAK_GAP_PX * scale)
        top = max(bottoms[x] + heights[x] for x in bottoms)
        overflow = sum(max(0.0, b - high) + max(0.0, low - a) for a, b in boxes.values())
        score = (round(overflow), round(top), sum(lines for _, _, lines, _, _ in choice))
        if best is None or score < best[0]:
            best = (score, list(choice), bottoms)
    if best is None:  # every choice put a pointer through a label: one label a level, in the first wrapping
        chosen = [o[0] for o in options]
        bottoms, rise = {}, float(_PEAK_RISE_PX)
        for x, _, lines, _, _ in chosen:
            bottoms[x] = rise
            rise += (lines * _PEAK_LINE_PX + _PEAK_GAP_PX) * scale
    else:
        chosen, bottoms = best[1], best[2]
    placed: list[go.layout.Annotation] = []
    reach = 0.0
    for x, text, lines, right, _ in chosen:
        height = lines * _PEAK_LINE_PX * scale
        placed.append(
            go.layout.Annotation(
                x=x,
                y=1.0,
                text=text,
                showarrow=True,
                arrowhead=0,
                arrowcolor=_POINTER_COLOUR,
                ax=0,
                ay=-(bottoms[x] + height / 2.0),
                xanchor="left" if right else "right",
                align="left" if right else "right",
                font={"size": round(_PEAK_FONT_PX * scale, 1)},
                bgcolor="rgba(255,255,255,0.85)",
            )
        )
        reach = max(reach, bottoms[x] + height + _PEAK_GAP_PX * scale)
    return placed, reach


def _levels(
    order: Sequence[float], boxes: Mapping[float, tuple[float, float]], heights: Mapping[float, float], below: Mapping[float, set[float]], gap: float
) -> dict[float, float]:
    """How high above the 100 % line each peak's label stands (its box's bottom, CSS pixels), placed in ``order``: each as
    low as it can be, above every label whose pointer runs under it (``below``) and clear of every label beside it; two
    labels far enough apart share a level (one label a level took 135 px above the line for two muscles in 20 px type).
    """
    bottoms: dict[float, float] = {}
    for x in order:
        least = max((bottoms[o] + heights[o] + gap for o in below[x]), default=float(_PEAK_RISE_PX))
        for level in sorted({least, *(b + heights[o] + gap for o, b in bottoms.items() if b + heights[o] + gap >= least)}):
            clash = any(
                level < bottoms[o] + heights[o] + gap
                and bottoms[o] < level + heights[x] + gap
                and boxes[x][0] < boxes[o][1] + gap
                and boxes[o][0] < boxes[x][1] + gap
                for o in bottoms
            )
            if not clash:
                bottoms[x] = level
                break
    return bottoms


def _milestone_value(course: TimeCourse, milestone: str) -> float:
    return end_day(course) if milestone == "duration" else float(getattr(course, f"{milestone}_days"))


def _milestone_trace(muscle: Muscle, colour: str, cites: str, last_day: float, at: _DayAxis) -> go.Scatter:
    """The milestones on the curve, each with its range as a horizontal bar; open where the day is a modelling choice."""
    course = muscle.time_course
    xs: list[float] = []
    texts: list[str] = []
    symbols: list[str] = []
    minus: list[float] = []
    plus: list[float] = []
    for milestone, label, symbol in _MILESTONES:
        when = _milestone_value(course, milestone)
        if when > last_day:
            continue
        low, high = course.ranges.get(milestone, (when, when))
        if milestone == "duration" and course.recovery != "full":
            low, high = when, when  # the slow tail's end is a fixed bound, not a measured day
        xs.append(when)
        minus.append(when - low)
        plus.append(high - when)
        # the slow tail's end (RESET_DAY) is drawn where the sources' last day is not: that end is a modelling choice
        moved = milestone == "duration" and when != course.duration_days
        cited = course.is_cited(milestone) and not moved
        symbols.append(symbol if cited else f"{symbol}-open")
        lines = [f"{muscle.name}: {label}, day {when:g} (week {when / 7:.0f})", f"the day: {cites if cited else 'a modelling choice'}"]
        if moved:
            remains = f"part of the change remains at day {course.duration_days:g}"
            lines.append(f"{remains}: {cites}" if course.is_cited(milestone) else f"{remains}: a modelling choice")
        if high > low:
            lines.append(f"its range, days {low:g}-{high:g}: {cites if course.is_cited(f'{milestone}_range') else 'a modelling choice'}")
        texts.append("<br>".join(lines))
    values = effect_fraction(np.array(xs), course)
    place = at(xs)
    return go.Scatter(
        x=place,
        y=values,
        mode="markers",
        name=f"{muscle.name} markers",
        showlegend=False,
        legendgroup=muscle.id,
        marker={"symbol": symbols, "size": 11, "color": colour, "line": {"color": colour, "width": 2}},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": at(np.add(xs, plus)) - place,  # each end of the range where its day is drawn
            "arrayminus": place - at(np.subtract(xs, minus)),
            "color": colour,
            "thickness": 1.5,
            "width": 4,
        },
        hovertext=texts,
        hoverinfo="text",
    )


def _tint(colour: str, alpha: float) -> str:
    """``#rrggbb`` as an ``rgba()`` colour with the given opacity."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _cites(course: TimeCourse, sources: Mapping[str, Source]) -> str:
    return "; ".join(sources[source_id].short() for source_id in course.sources)


#: A peak beyond this share of the chart's days is labelled to its left: on a phone, "Jaw muscle: peak ~week 12" to the
#: right of day 84 of 180 ran past the chart's edge.
_LABEL_LEFT_FROM = 0.35


def _peak_annotations(muscles: Sequence[Muscle], days_max: float, at: _DayAxis | None = None) -> list[go.layout.Annotation]:
    """One label per distinct time course, pointing at its peak (to the right of it, or to its left for a late peak);
    ``at`` places the peaks on the axis (an even one by default)."""
    at = at or _DayAxis(days_max)
    groups: dict[tuple[float, float, float, float, float, str], list[Muscle]] = {}
    for muscle in muscles:
        c = muscle.time_course
        key = (c.onset_days, c.judge_days, c.peak_days, c.wear_off_start_days, c.duration_days, c.recovery)
        groups.setdefault(key, []).append(muscle)
    notes: list[go.layout.Annotation] = []
    for index, members in enumerate(groups.values()):
        course = members[0].time_course
        # muscles on one clock share a label: "Eye-closing muscle and Neck muscle" ("Eye-closing muscle +1" read as jargon)
        names = {1: members[0].name, 2: f"{members[0].name} and {members[-1].name}"}.get(len(members), f"{members[0].name} and {len(members) - 1} more")
        text = f"{names}: peak{NBSP}~week{NBSP}{course.peak_days / 7:.0f}"  # "peak ~week 2" on one line, wherever it wraps ("~week 2" stood alone)
        moving = {m.movement_course.peak_days for m in members} - {course.peak_days}
        if moving:  # the movement weakens on another clock than the change at rest (the frown muscle's brow)
            text = f"{names}: peak at rest{NBSP}~week{NBSP}{course.peak_days / 7:.0f}, movement{NBSP}~week{NBSP}{min(moving) / 7:.0f}"
        notes.append(
            go.layout.Annotation(
                x=float(at(course.peak_days)),
                y=1.0,
                text=text,
                showarrow=True,
                arrowhead=0,
                arrowcolor=_POINTER_COLOUR,
                ax=-30 if course.peak_days > _LABEL_LEFT_FROM * days_max else 30,
                ay=-18 - (_PEAK_LINE_PX + _PEAK_GAP_PX) * index,  # one line each: a level a line and a gap above the last
                xanchor="right" if course.peak_days > _LABEL_LEFT_FROM * days_max else "left",
                font={"size": _PEAK_FONT_PX},
                bgcolor="rgba(255,255,255,0.85)",
            )
        )
    return notes


def _measured_trace(fact: TimelineFact, sources: Mapping[str, Source], at: _DayAxis) -> go.Scatter:
    points = fact.points
    centre = np.array([(point.low + point.high) / 2.0 for point in points])
    scale = float(np.max(np.abs(centre))) or 1.0
    low = np.array([point.low for point in points]) / scale
    high = np.array([point.high for point in points]) / scale
    share = centre / scale
    cite = sources[fact.sources[0]].short()
    return go.Scatter(
        x=at([point.day for point in points]),
        y=share,
        mode="markers",
        name=f"measured ({cite})",
        # a shape of its own: as a square its key read as the "cited" key beside it (both filled black squares); the
        # legend draws the trace's own marker, so key and points match
        marker={"symbol": MEASURED_SYMBOL, "size": 10, "color": "#333333"},
        error_y={"type": "data", "symmetric": False, "array": high - share, "arrayminus": share - low, "visible": bool(np.any(high > low))},
        customdata=np.column_stack([[point.day for point in points], centre]),
        hovertemplate=(
            f"{fact.title}<br>day %{{customdata[0]:g}}: %{{customdata[1]:.2f}} {fact.unit or ''}<br>= %{{y:.0%}} of the largest value<br>{cite}<extra></extra>"
        ),
    )


# --------------------------------------------------------------------------------------------
# A muscle's area on a face
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FaceBackdrop:
    """A face photo cropped around the face and reduced for Learn figures.

    Attributes
    ----------
    image_uri : str
        The crop as a ``data:image/jpeg;base64,...`` address.
    width, height : int
        Size of the crop in pixels.
    xy_px : (N, 2) ndarray of float64
        The landmarks in crop pixels (read-only).
    label : str
        Where the photo comes from, for a caption.
    """

    image_uri: str
    width: int
    height: int
    xy_px: npt.NDArray[np.float64]
    label: str
    #: :func:`muscle_area_picture`'s pictures of this backdrop, made once each (ten took some 0.4 s on every rerun of the
    #: Learn page): they live as long as the backdrop, the sample's for the server, a person's for their session.
    pictures: dict[tuple[object, ...], bytes] = field(default_factory=dict, repr=False)


def face_backdrop(rgb: npt.ArrayLike, xy_px: npt.ArrayLike, *, max_side: int = 480, margin: float = 0.2, label: str = "") -> FaceBackdrop:
    """Crop a photo around its face landmarks, reduce it and encode it for :func:`muscle_area_picture`.

    Parameters
    ----------
    rgb : (H, W, 3) array_like of uint8
        The photo the landmarks were found on (``Photo.rgb``); not modified.
    xy_px : (N, 2) array_like of float
        Face Mesh landmarks in that photo's pixels (``Face.xy_working``), N >= 468.
    max_side : int, optional
        Longest side of the crop after reduction, pixels (never enlarged).
    margin : float, optional
        Space kept around the landmarks, as a share of the face's width and height.
    label : str, optional
        Caption text kept with the backdrop.

    Returns
    -------
    FaceBackdrop

    Raises
    ------
    ValueError
        If ``rgb`` is not an ``(H, W, 3)`` image, ``xy_px`` is not ``(N, 2)`` with N >= 468 finite
        values, or ``max_side`` or ``margin`` is out of range.
    """
    image = np.asarray(rgb)
    if image.ndim != 3 or image.shape[2] != 3 or min(image.shape[:2]) < 1:
        raise ArgumentError(f"rgb must be an (H, W, 3) image, not an array of shape {image.shape}")
    points = _check_landmarks(xy_px)
    if max_side < 16:
        raise ArgumentError(f"max_side must be at least 16 pixels, not {max_side}")
    if not 0.0 <= margin <= 2.0:
        raise ArgumentError(f"margin must be between 0 and 2, not {margin}")
    height, width = image.shape[:2]
    face = points[: anatomy.N_MESH]
    (x0, y0), (x1, y1) = face.min(axis=0), face.max(axis=0)
    pad_x, pad_y = margin * (x1 - x0), margin * (y1 - y0)
    left, top = max(0, int(np.floor(x0 - pad_x))), max(0, int(np.floor(y0 - pad_y)))
    right, bottom = min(width, int(np.ceil(x1 + pad_x))), min(height, int(np.ceil(y1 + pad_y)))
    if right - left < 2 or bottom - top < 2:  # landmarks outside the photo: keep the whole photo
        left, top, right, bottom = 0, 0, width, height
    crop = Image.fromarray(np.ascontiguousarray(image[top:bottom, left:right], dtype=np.uint8))
    scale = min(1.0, max_side / max(crop.size))
    if scale < 1.0:
        crop = crop.resize((max(1, round(crop.size[0] * scale)), max(1, round(crop.size[1] * scale))), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    crop.save(buffer, format="JPEG", quality=85)
    sx, sy = crop.size[0] / (right - left), crop.size[1] / (bottom - top)
    moved = (points - np.array([left, top], dtype=np.float64)) * np.array([sx, sy])
    moved.setflags(write=False)
    return FaceBackdrop(
        image_uri="data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
        width=crop.size[0],
        height=crop.size[1],
        xy_px=moved,
        label=label,
    )


def muscle_area_polygons(muscle: Muscle, xy_px: npt.ArrayLike, sides: Iterable[str] = ("left", "right")) -> dict[str, npt.NDArray[np.float64]]:
    """Outline a muscle's area: the convex hull of its landmarks on each side of the face.

    Parameters
    ----------
    muscle : viz.content.Muscle
        Its ``landmarks`` are on the subject's left; the right side uses their partners in
        :data:`viz.anatomy.MIRROR`. A midline muscle uses its points as they are.
    xy_px : (N, 2) array_like of float
        Face Mesh landmarks in image pixels, N >= 468.
    sides : iterable of {"left", "right"}, optional
        Subject's sides to outline; ignored for a midline muscle.

    Returns
    -------
    dict of str to (K, 2) ndarray of float64
        ``{"left": hull, "right": hull}`` (the requested sides) or ``{"midline": hull}``; each hull
        lists its corners in order around the outline, in image pixels, without repeating the first.

    Raises
    ------
    ValueError
        If ``xy_px`` has the wrong shape or non-finite values, or a side is not ``"left"`` or ``"right"``.

    Examples
    --------
    >>> from viz.content import load
    >>> xy = np.asarray(anatomy.CANONICAL_XYZ)[:, :2] * [1, -1]
    >>> sorted(muscle_area_polygons(load().muscles["masseter"], xy))
    ['left', 'right']
    """
    points = _check_landmarks(xy_px)
    wanted = tuple(dict.fromkeys(sides))
    unknown = [side for side in wanted if side not in _SIDES]
    if unknown:
        raise ArgumentError(f"sides must be 'left' and/or 'right', not {unknown[0]!r}")
    left = np.asarray(muscle.landmarks, dtype=np.intp)
    if muscle.midline:  # its points run down the midline: give the outline the muscle's width
        across = points[anatomy.LEFT.eye_inner] - points[anatomy.RIGHT.eye_inner]
        half = MIDLINE_HALF_WIDTH * across
        return {"midline": convex_hull(np.vstack([points[left] - half, points[left] + half]))}
    index = {"left": left, "right": anatomy.MIRROR[left]}
    return {side: convex_hull(points[index[side]]) for side in wanted}


#: :func:`muscle_area_view`: room kept around a muscle's area, as a share of the area's own size and, at least, of the
#: face's width (so the eyes, nose or mouth beside it show where on the face it lies); and the narrowest view, as a
#: share of the face's width. Drawing choices, tuned on the sample portrait (the nose-bridge muscle fills about a
#: sixth of the view's width, the jaw muscle both sides of the lower face).
_VIEW_PAD_OF_AREA: Final = 0.35
_VIEW_PAD_OF_FACE: Final = 0.12
_VIEW_MIN_OF_FACE: Final = 0.55


def muscle_area_view(
    muscle: Muscle, backdrop: FaceBackdrop, *, sides: Iterable[str] = ("left", "right"), aspect: float = 1.0
) -> tuple[float, float, float, float]:
    """The part of the photo that shows a muscle's area: its outlines with room around them, at a width-to-height ratio.

    Parameters
    ----------
    muscle, backdrop, sides
        As for :func:`muscle_area_picture` (the sides drawn: :func:`muscle_area_polygons`).
    aspect : float, optional
        Width / height of the view; the view grows along one axis to reach it.

    Returns
    -------
    tuple of float
        ``(x0, x1, y0, y1)`` in crop pixels, ``x0 < x1`` and ``y0 < y1`` (y grows downwards), inside the photo where
        the photo is large enough; every outline lies inside it.

    Raises
    ------
    ValueError
        If ``aspect`` is not a positive finite number (and as :func:`muscle_area_polygons`).

    Examples
    --------
    >>> from viz.content import load
    >>> xy = np.asarray(anatomy.CANONICAL_XYZ)[:, :2] * [20, -20] + 300
    >>> rgb = np.zeros((600, 600, 3), np.uint8)
    >>> x0, x1, y0, y1 = muscle_area_view(load().muscles["procerus"], face_backdrop(rgb, xy))
    >>> round((x1 - x0) / (y1 - y0), 3)
    1.0
    """
    if not (np.isfinite(aspect) and aspect > 0):
        raise ArgumentError(f"aspect must be a positive number, not {aspect!r}")
    hulls = list(muscle_area_polygons(muscle, backdrop.xy_px, sides).values())
    outline = np.vstack(hulls)
    face = backdrop.xy_px[: anatomy.N_MESH]
    face_width = float(np.ptp(face[:, 0]))
    low, high = outline.min(axis=0), outline.max(axis=0)
    largest = np.max([np.ptp(hull, axis=0) for hull in hulls], axis=0)  # one side's size: the two jaws span the face
    pad = np.maximum(_VIEW_PAD_OF_AREA * largest, _VIEW_PAD_OF_FACE * face_width)
    low, high = low - pad, high + pad
    size = np.maximum(high - low, _VIEW_MIN_OF_FACE * face_width)
    size = np.maximum(size, [size[1] * aspect, size[0] / aspect])  # grow the short side to the ratio
    centre = (low + high) / 2.0
    photo = np.array([backdrop.width, backdrop.height], dtype=np.float64)
    fits = size <= photo
    # inside the photo where it is large enough: the view slides in (a brow's view stopped at the photo's top edge,
    # leaving a blank band); where it is not, it stays centred on the area
    start = np.where(fits, np.clip(centre - size / 2.0, 0.0, photo - size), centre - size / 2.0)
    (x0, y0), (x1, y1) = start, start + size
    return float(x0), float(x1), float(y0), float(y1)


#: Long side of :func:`muscle_area_picture`, pixels: twice a laptop column's 340 CSS px, sharp on a high-density screen.
AREA_PICTURE_PX: Final = 680


def muscle_area_picture(
    muscle: Muscle, backdrop: FaceBackdrop, *, sides: Iterable[str] = ("left", "right"), aspect: float = 1.0, side_px: int = AREA_PICTURE_PX
) -> bytes:
    """The part of the photo around a muscle's area (:func:`muscle_area_view`), its outlines shaded, as JPEG bytes.

    A picture, not a chart: it fills whatever column shows it. The Plotly figure it replaced kept its
    aspect by narrowing the plot, and where it was first drawn in a closed card or tab it kept that narrowing once shown:
    163 px of a 336 px square (the whole face before it, 124 px). Outside the photo (a photo too small for the view)
    is white, as the figure's paper was.

    Parameters
    ----------
    muscle : viz.content.Muscle
    backdrop : FaceBackdrop
        From :func:`face_backdrop`.
    sides : iterable of {"left", "right"}, optional
        Subject's sides to shade (a midline muscle is always shaded once).
    aspect : float, optional
        Width / height of the picture.
    side_px : int, optional
        Its longer side, pixels.

    Returns
    -------
    bytes
        A JPEG, each side's area filled in its :data:`SIDE_COLOURS` at 35 % and outlined.

    Raises
    ------
    ValueError
        As :func:`muscle_area_view`, or if ``side_px`` is under 16.

    Examples
    --------
    >>> from viz.content import load
    >>> xy = np.asarray(anatomy.CANONICAL_XYZ)[:, :2] * [20, -20] + 300
    >>> data = muscle_area_picture(load().muscles["procerus"], face_backdrop(np.zeros((600, 600, 3), np.uint8), xy))
    >>> Image.open(io.BytesIO(data)).size
    (680, 680)
    """
    if side_px < 16:
        raise ArgumentError(f"side_px must be at least 16 pixels, not {side_px}")
    sides = tuple(sides)
    key = (muscle.id, sides, aspect, side_px)  # one library per server: a muscle id names its outline
    made = backdrop.pictures.get(key)
    if made is None:
        made = backdrop.pictures.setdefault(key, _area_picture(muscle, backdrop, sides, aspect, side_px))
    return made


def _area_picture(muscle: Muscle, backdrop: FaceBackdrop, sides: tuple[str, ...], aspect: float, side_px: int) -> bytes:
    """:func:`muscle_area_picture`, made."""
    x0, x1, y0, _ = muscle_area_view(muscle, backdrop, sides=sides, aspect=aspect)
    width, height = (side_px, max(1, round(side_px / aspect))) if aspect >= 1.0 else (max(1, round(side_px * aspect)), side_px)
    scale = width / (x1 - x0)
    photo = Image.open(io.BytesIO(base64.b64decode(backdrop.image_uri.split(",", 1)[1]))).convert("RGB")
    # the crop's pixels onto the picture's: an affine map (PIL's transform takes the inverse, picture -> crop)
    view = photo.transform((width, height), Image.Transform.AFFINE, (1 / scale, 0, x0, 0, 1 / scale, y0), Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    shade = Image.new("RGBA", view.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shade)
    line = max(2, round(width / 170))  # the figure's 2 px outline at 340 px
    for side, hull in muscle_area_polygons(muscle, backdrop.xy_px, sides).items():
        points = [((x - x0) * scale, (y - y0) * scale) for x, y in hull]
        red, green, blue = (int(SIDE_COLOURS[side][i : i + 2], 16) for i in (1, 3, 5))
        draw.polygon(points, fill=(red, green, blue, round(0.35 * 255)))
        draw.line([*points, points[0]], fill=(red, green, blue, 255), width=line, joint="curve")
    out = Image.alpha_composite(view.convert("RGBA"), shade).convert("RGB")
    buffer = io.BytesIO()
    out.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def _check_landmarks(xy_px: npt.ArrayLike) -> npt.NDArray[np.float64]:
    points = np.asarray(xy_px, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] < anatomy.N_MESH:
        raise ArgumentError(f"xy_px must be an (N, 2) array of Face Mesh landmarks with N >= 468, not shape {points.shape}")
    if not np.all(np.isfinite(points)):
        raise ArgumentError("xy_px must hold finite coordinates")
    return points


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
