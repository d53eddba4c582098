"""Pieces of the Preview page: the plan, the simulation, the before/after views, the numbers and the options.

Every simulated image the page shows or exports carries a "SIMULATION" mark inside the face's box
(:func:`viz.preview.mark`), so no crop to the face removes it; the photo beside it is marked "PHOTO", and
the swipe view labels each side of its divider on the composed picture, so the words cannot splice. The
plan starts empty: nothing is chosen for the person. Simulations are cached per photo, "mirrored"
setting, plan and day, so moving the day slider back and forth or toggling a view never recomputes what
was already shown.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import numpy.typing as npt
import plotly.graph_objects as go
import streamlit as st
from PIL import Image, ImageDraw, ImageFont
from streamlit.delta_generator import DeltaGenerator

import viz
from ui import a11y, cache, dynamic_preview_ui, phone, session, site, state, widgets
from ui import presenter as story
from ui.images import blink_gif, jpeg
from ui.plan import ADD, BUILDER, LEVEL, MUSCLE, REGION, SIDE, Plan, add_step, level_name, muscles, plan, relaxations, remove_key, set_plan
from ui.tables import table_ui
from ui.widgets import movement_line, muscle_side, plain
from viz.asymmetry import Measure
from viz.balance import EXAM_DECIDES, BalanceOption
from viz.content import Library
from viz.large_type import PRESENTER_FONT_PX, large_type
from viz.learn_figures import level_peaks, spaced_ticks, timeline_figure
from viz.muscles import LEVELS
from viz.overlay import crop, face_box, fitting_size, label_font
from viz.preview import (
    FACE_CROP_MARGINS,
    MARK,
    PHOTO_MARK,
    WATERMARK,
    Preview,
    balance_options,
    before_after_png,
    course_days,
    mark,
    mark_boxes,
    relax,
    shown_rows,
)
from viz.report import consult_pdf
from viz.timeline import strength_phrase
from viz.vocabulary import EXPRESSIONS, MEASURES, NBSP, REGIONS, PlanSide, format_pm, format_range, format_value, rounded, side_phrase

# --- session-state keys ---------------------------------------------------------------------------
DAY = "preview_day"
VIEW = "preview_view"
SWIPE = "preview_swipe"
# ADD, the builder's "Add to plan", is ui.plan's (an option's "Explore" sends the focus there)
CLEAR = "preview_clear"
#: Presenter mode's popover that holds the plan builder on the plan step.
ADD_ANOTHER = "presenter-add-muscle"
#: The key of the plan step's column of words, and its static style: half the usual gap between its parts (the plan,
#: the day, the warnings), as at a full gap four warnings ended 9 px past a 1080 px screen.
PLAN_WORDS = "mm-plan-words"
_PLAN_WORDS_CSS = f"<style>.st-key-{PLAN_WORDS} {{ gap: 0.5rem; }}</style>"
#: Static (no user content; in an element that hides itself, :func:`ui.a11y.hides_itself`): fits the popover that holds the
#: plan builder into the screen below its button, where it scrolls (Streamlit's own overflow). Its own limit, 70 % of the
#: screen's height from a button 409 px down a 768 px screen, ran it to 932 px, "Clear the plan" and the second "Remove"
#: below the screen, out of reach of the wheel. CSS alone cannot: Floating UI places the popover by a transform.
_FIT_POPOVER_JS = f"""<script>
(() => {{
  if (window.mmFitPopover) return;
  window.mmFitPopover = true;
  const fit = () => {{
    for (const body of document.querySelectorAll('[data-testid="stPopoverBody"]')) {{
      if (!body.querySelector('.st-key-{BUILDER}')) continue;
      const room = Math.max(160, Math.floor(window.innerHeight - body.getBoundingClientRect().top - 8)) + "px";
      if (body.style.maxHeight !== room) body.style.maxHeight = room;
    }}
  }};
  new MutationObserver(fit).observe(document.body, {{ childList: true, subtree: true, attributes: true, attributeFilter: ["style"] }});
  window.addEventListener("resize", fit);
  fit();
}})();
</script>"""

#: Longest side of the cropped before/after images sent to the browser, pixels.
SHOW_SIDE = 720
#: Arrows are drawn at least this many times longer than the move they show (their labels give the true mm), more where
#: the longest would be shorter than :data:`ARROW_MIN_LENGTH` of the picture's width, up to :data:`ARROW_MAX_GAIN`: at 6
#: a brow's 0.4 mm was a 3 px arrowhead without a shaft on a laptop screen.
ARROW_GAIN = 6.0
ARROW_MAX_GAIN = 25.0
ARROW_MIN_LENGTH = 1 / 12
#: Arrows are amber on a black casing (RGB): on any skin or background one of the two stands out by at least 3:1
#: (WCAG's contrast for graphics), colour-blind or not (tests/test_colour_vision.py).
ARROW_COLOUR = (255, 176, 0)
ARROW_CASING = (0, 0, 0)
VIEWS = ("Side by side", "Swipe", "Blink")
#: Presenter mode's plan step: the pictures' share of the width beside the words (the plan, the day, the largest
#: changes). At [2, 1.4] two 656 x 720 pictures had 400 px of width each and were drawn 238 to 306 px high.
PLAN_COLUMNS = (1.45, 1.0)
#: The day slider and the time-course chart run at least this far; further for a plan whose slowest course runs on
#: (:func:`plan_days`).
DAYS_SHOWN = 180


def plan_days(muscle_ids: Sequence[str]) -> int:
    """The last day of the day slider and the time-course chart for a plan's muscles: :data:`DAYS_SHOWN`, or the end of
    their slowest course (:func:`viz.preview.course_days`, as the PDF's chart) where that is later.

    With the jaw muscle (peak at week 12, near half of it on day 180) both stopped at day 180, under "the chart below
    shows the whole course", while the PDF's chart of the same plan ran to day 365.
    """
    lib = cache.library()
    cards = [lib.muscles[m] for m in muscle_ids] if lib is not None else []
    return max(DAYS_SHOWN, math.ceil(course_days(cards)))


def day_slider(steps: Plan, key: str, default: int = 14) -> int:
    """The "Days after treatment" slider, to the plan's last day (:func:`plan_days`); a day held from a longer plan is
    brought back to the end of this one's.

    The slider's state is written only when it must be: on its first draw, and when the plan's last day changes. A plan
    whose course runs longer (the jaw muscle's, to day 365) gives the slider another end, which Streamlit draws as a new
    widget with its state dropped (the day jumped to 0, the simulation blank); the day as last shown is put back then.
    Written on every run, it sent each run's day back to the browser over the person's later key presses: 20 presses of
    the right arrow from day 14 landed on day 29 or 30, not 34.
    """
    last = plan_days(muscles(steps))
    held = f"_{key}_held"  # the day as last shown, outside the widget's own state
    end = f"_{key}_end"  # the slider's last day as last drawn
    if key not in st.session_state or st.session_state.get(end) != last:
        st.session_state[key] = min(int(st.session_state.get(key, st.session_state.get(held, default))), last)
    st.session_state[end] = last
    help_text = "0 = the day of treatment; the effect fades over months."
    # the track's ends are not drawn (on a phone, nor on a laptop until hovered), and a plan moves the end from day 180 to
    # 365: the label says how far it runs
    day = int(st.slider(f"Days after treatment (0 to {last})", 0, last, key=key, persist_state="session", help=help_text))
    st.session_state[held] = day
    return day


@cache.per_session(max_entries=64)
def simulate(digest: str, mirrored: bool, steps: Plan, day: int, _face: viz.Face, _report: viz.AsymmetryReport) -> Preview:
    """One simulation (cached by photo digest, setting, plan and day)."""
    return relax(_face.photo, _face, relaxations(steps), float(day), mirrored=mirrored, report=_report, library=cache.library())


@cache.per_session(max_entries=16)
def options(digest: str, mirrored: bool, _face: viz.Face, _report: viz.AsymmetryReport) -> tuple[str | None, list[BalanceOption]]:
    """Options to discuss for the largest clear difference (cached by photo and setting)."""
    return balance_options(_face, mirrored=mirrored, report=_report, library=cache.library())


# --- the photo ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Subject:
    """The photo the preview works on: the first page's photo (or the sample), its setting, face and analysis."""

    digest: str
    mirrored: bool
    face: viz.Face
    report: viz.AsymmetryReport


def library_or_stop() -> Library:
    """The muscle catalogue; without it one sentence, and the page stops."""
    lib = cache.library()
    if lib is None:
        st.error("The muscle catalogue could not be loaded, so no preview can be made; the analysis page still works.")
        st.stop()
    return lib


#: The way forward from a first-page photo that cannot be measured: this page has no photo controls of its own.
FIRST_PAGE_ADVICE = "Choose another photo on the first page, Your face, measured, or show the sample portrait there."


def subject_or_stop(presenter: bool = False) -> Subject:
    """The first page's photo (or the sample), named on screen (presenter mode: without the instruction), with its face and
    analysis; the page stops when it has no face."""
    chosen = state.photo()
    if chosen is None:
        data, digest = cache.sample()
        label = cache.SAMPLE_NAME
    else:
        data, digest, label = chosen.data, chosen.digest, chosen.label
    mirrored = state.mirrored()
    where = "" if presenter else " — change the photo on the first page."
    st.caption(f"Showing: {label}" + (" · marked as mirrored (selfie mode)" if mirrored else "") + where)
    work = cache.work(digest, data)
    with st.spinner("Finding the face and measuring…"):
        report = work.report(mirrored)
        face = work.face()
    if isinstance(report, cache.Failure) or isinstance(face, cache.Failure):
        widgets.failure_ui(report if isinstance(report, cache.Failure) else cache.NO_FACE, advice=FIRST_PAGE_ADVICE)
        st.stop()
    if report.warnings and not presenter:  # presenter mode showed them on its first screen
        photo_advice_ui(report)
    return Subject(digest, mirrored, face, report)


def photo_advice_ui(report: viz.AsymmetryReport) -> None:
    """What the first page advises about the photo, in one box: the simulation and the options start from these
    measures, so an expression, a head turn or a blurred photo carries into every number below."""
    st.info("**About this photo**  \n" + "  \n".join(plain(w) for w in report.warnings), icon=":material/lightbulb:")


def options_for(subject: Subject) -> tuple[str | None, list[BalanceOption]]:
    """Options to discuss for the subject's largest clear difference (cached)."""
    return options(subject.digest, subject.mirrored, subject.face, subject.report)


# --- plan -----------------------------------------------------------------------------------------


def plan_builder_ui(lib: Library, *, compact: bool = False) -> None:
    """Region -> muscle -> side -> level, an "Add" button, and the plan with its remove buttons.

    ``compact``: on two rows (the pickers, then the side, the level and the button), each set of choices one under
    another, for presenter mode's larger type and its "Add another muscle" popover: in one row of five the level's
    three choices wrapped unevenly ("light ● moderate" on one line, "strong" alone under them). Off presenter mode
    the level's choices are in a row where the three fit, and one under another where they do not (``ui.shell``'s CSS).
    """
    regions = [r for r in REGIONS if any(r in m.regions for m in lib.muscles.values())]
    # Each choice is set, not defaulted, when the session has none: the browser keeps its own copy of a widget until
    # told otherwise, and after "New person" the builder still showed the last person's "Jaw" and "Jaw muscle".
    if st.session_state.get(REGION) not in regions:
        st.session_state[REGION] = regions[0]
    builder = st.container(key=BUILDER)
    if compact:
        c1, c2 = builder.columns(2, vertical_alignment="bottom")
        c3, c4, c5 = builder.columns([1, 1, 1.1], vertical_alignment="bottom")
    else:
        c1, c2, c3, c4, c5 = builder.columns([2, 2, 1.3, 1.6, 1.1], vertical_alignment="bottom")
    with c1:
        region = st.selectbox("Region", regions, format_func=REGIONS.__getitem__, key=REGION, persist_state="session")
    in_region = [m.id for m in lib.muscles.values() if region in m.regions]
    if st.session_state.get(MUSCLE) not in in_region:
        st.session_state[MUSCLE] = in_region[0]
    with c2:
        muscle_id = st.selectbox("Muscle", in_region, format_func=lambda i: lib.muscles[i].name, key=MUSCLE, persist_state="session")
    card = lib.muscles[muscle_id]
    with c3:
        sides = ["both"] if card.midline else ["left", "right", "both"]
        side_key = f"{SIDE}-{'mid' if card.midline else 'paired'}"
        if st.session_state.get(side_key) not in sides:
            st.session_state[side_key] = sides[0]
        side = st.radio("Side (theirs)", sides, key=side_key, horizontal=False, persist_state="session")
    with c4:
        if st.session_state.get(LEVEL) not in LEVELS:
            st.session_state[LEVEL] = list(LEVELS)[1]  # moderate
        level = st.radio("Relaxation", list(LEVELS), key=LEVEL, horizontal=not compact, persist_state="session", help="No doses: your injector decides those.")
    with c5:
        if st.button("Add to plan", key=ADD, type="primary"):
            replaced = add_step(muscle_id, side, level)
            if replaced == ((muscle_id, side, level),):  # the same step again: nothing changed, and the page says so
                st.toast(f"Already in the plan: {card.name} — {side_phrase(cast(PlanSide, side))}, {level}.", icon=":material/info:")
            else:
                if replaced:
                    gone = "; ".join(f"{lib.muscles[m].name} — {side_phrase(cast(PlanSide, s))}, {lvl}" for m, s, lvl in replaced)
                    st.toast(f"Replaced {gone}: each side of a muscle is relaxed once, at the level chosen.", icon=":material/swap_horiz:")
                # the focus stays on the button, and a screen reader learnt nothing of the line, the simulation and the
                # notes that appeared: said in the page's status region, the focus left where it is
                a11y.say(added_sentence(card.name, cast(PlanSide, side), level, compact=compact))
    steps = plan()
    if not steps:
        return
    st.markdown("**Plan** (muscles combined):")
    for i, (m, s, lvl) in enumerate(steps):
        col_a, col_b = st.columns([3, 1] if compact else [6, 1], vertical_alignment="center")  # in a popover "Remove" broke mid-word
        line = f"{lib.muscles[m].name} — {side_phrase(cast(PlanSide, s))}, {lvl}"
        col_a.markdown(f"- {line}")
        key = remove_key(i, (m, s, lvl))  # where the focus goes after another line's Remove (ui.plan.set_plan)
        with col_b:
            a11y.name_button(key, f"Remove {line} from the plan")  # each "Remove" says which line, to a screen reader
        if col_b.button("Remove", key=key):
            set_plan([x for j, x in enumerate(steps) if j != i])
            st.rerun()
    st.button("Clear the plan", key=CLEAR, on_click=set_plan, args=([],))


def added_sentence(muscle_name: str, side: PlanSide, level: str, *, compact: bool = False) -> str:
    """What a screen reader is told once "Add to plan" has added a line (``compact``: the builder of presenter mode).

    Examples
    --------
    >>> added_sentence("Forehead muscle", "left", "moderate")
    'Added to the plan: forehead muscle, left side, moderate. The simulated photo and measures below are updated.'
    """
    then = "The simulation is updated." if compact else "The simulated photo and measures below are updated."
    return f"Added to the plan: {muscle_name[:1].lower()}{muscle_name[1:]}, {side_phrase(side)}, {level}. {then}"


def empty_plan_ui() -> None:
    """What to do while the plan is empty (it starts empty: nothing is chosen for the person)."""
    st.info(
        "Nothing is simulated yet. Choose a region, a muscle, the side (the person's own) and how strongly it is relaxed,"
        " then press “Add to plan”. Add more muscles to combine them. The simulation, its numbers and the time course"
        " appear here.",
        icon=":material/touch_app:",
    )


# --- the simulation -------------------------------------------------------------------------------


@st.fragment
def simulation_ui(lib: Library, subject: Subject, steps: Plan, expression: str, presenter: bool) -> None:
    """Everything that follows the day slider, rerun on its own when the slider moves: the simulation, then the time
    course with the slider's day marked (outside this part, the chart kept the day it was drawn with)."""
    session.touch()  # a slider move is the person's activity (idle timeout)
    day = _simulation_ui(lib, subject, steps, expression, presenter)
    st.header("Over the days after treatment")
    timeline_ui(steps, presenter, day)


#: The keys of the day slider's row and of the pictures' row, whose columns each take a row when narrow: on a tablet in
#: portrait (520 px) the "View" control beside the slider wrapped onto two rows, and the arrows' picture, a third of the
#: row, was 150 px wide, its millimetres 3 px tall.
DAY_ROW: Final = "mm-preview-day-row"
PICTURES_ROW: Final = "mm-preview-pictures"


def _simulation_ui(lib: Library, subject: Subject, steps: Plan, expression: str, presenter: bool) -> int:
    """The day slider and the simulation of its day; returns the day.

    At rest the pictures come straight after the slider and the plan's notes (its warnings, and the changes too small
    to show) right after the pictures, in two boxes, with a line above the slider that says they are there: above the
    slider, four warnings and the "too small" box put the first picture about 950 px below "Add to plan" at 1366 x 768,
    and a person who pressed it saw no picture.
    """
    pointer = st.container()  # at rest, a line saying the plan's notes follow the pictures; in an expression, its notes
    day_col, view_col = phone.wrap_when_narrow(DAY_ROW).columns([5, 3], vertical_alignment="bottom") if expression == "rest" else (st.container(), None)
    with day_col:
        day = day_slider(steps, DAY)
    if expression != "rest":
        # the consult report holds the plan at rest (its pages are the rest photo's): still offered, and said so, its
        # simulation made only when the button is pressed
        at_rest = functools.partial(_rest_report_ui, lib, subject, steps, int(day), EXPRESSIONS[expression].title.lower())
        dynamic_preview_ui.expression_preview_ui(lib, steps, int(day), expression, presenter, pointer, rest_report=at_rest)
        return day
    assert view_col is not None
    report = subject.report
    with st.spinner("Simulating…"):
        pv = simulate(subject.digest, subject.mirrored, steps, int(day), subject.face, report)
    strength_ui(lib, steps, int(day))
    # a screen reader hears the day's largest change as the slider moves (the numbers below change silently otherwise)
    top = pv.largest_changes(1)
    if top:
        a11y.announce(f"Day {day}: {top[0]['measure'].lower()} likely {top[0]['likely range']}, before {top[0]['before']}.")
    else:
        a11y.announce(f"Day {day}: the simulation changes no measure.")
    if said := notes_pointer(pv):
        pointer.caption(said)
    before, after = crops(report, pv)
    # beside the slider, not under it: a row less between the plan and the pictures
    view = view_col.segmented_control("View", VIEWS, default=VIEWS[0], required=True, key=VIEW, persist_state="session") or VIEWS[0]
    # side by side, the arrows' picture the size of each of the two: a column of a third is the two pictures' own width
    # when its gap is twice theirs (at "large" it was 10 px shorter)
    # where the page is narrow (a tablet in portrait) the arrows take a row of their own under the pair, at a width
    # whose labels can be read (a third of 520 px drew them 150 px wide, their millimetres 3 px tall)
    pictures = phone.wrap_when_narrow(PICTURES_ROW) if not presenter else st.container()
    img_col, arrow_col = pictures.columns([2, 1], gap="medium") if not presenter else pictures.columns([1, 1], gap="large")
    with img_col:
        if view == "Swipe":
            # its name was read out with its triangles ("before left-pointing triangle ..."): the picture labels its sides
            share = st.slider("Swipe between the photo and the simulation", 0, 100, 50, key=SWIPE, persist_state="session")
            a11y.image(
                jpeg(swipe(crops(report, pv, marked=False)[0], after, share)),
                alt=f"The photo left of a divider at {share}% of the width, the simulation of the plan on day {day} right of it",
                key="preview-swipe",
                caption="Left of the line: photo. Right: simulation.",
            )
        elif view == "Blink":
            a11y.image(
                blink_gif(before, after),
                alt=f"An animation alternating the photo and the simulation of the plan on day {day}",
                key="preview-blink",
                caption="Photo and simulation, alternating.",
            )
        else:
            a, b = phone.side_by_side()  # kept side by side on a phone too
            a11y.image(jpeg(before), alt=f"The photo, cropped to the face and marked {PHOTO_MARK}", key="preview-before", caption="Before (photo)", where=a)
            a11y.image(
                jpeg(after),
                alt=f"The simulation of the plan on day {day}, cropped to the face and marked {MARK}",
                key="preview-after",
                caption=f"{WATERMARK}, day{NBSP}{day}",
                where=b,
            )
    with arrow_col:
        if moves_to_draw(report, pv):
            arrows, gain = arrows_image(report, pv, after)
            a11y.image(
                jpeg(arrows),
                alt=f"The simulation on day {day} with arrows at the points that move most, drawn {gain:g} times longer than the"
                f" move, each labelled with its size in millimetres; the largest move is {_move_mm(report, pv).max():.1f} mm",
                key="preview-arrows",
                caption=f"Simulation with arrows {gain:g}× longer than the move; labels give the true size.",
            )
        else:  # the day of treatment, or after the effect has worn off: a picture captioned with arrows it lacks misled
            st.caption(f"{no_move_sentence(day)}, so no arrow is drawn.")
    plan_notes_ui(pv)
    st.header("Measures before → after")
    table_ui(shown_rows(pv.measure_rows()), key="preview-measures", min_width=680, label=f"Measures before and after, simulated day {day}")
    st.caption(
        "Difference = left minus right (the person's own sides). The range runs from the smallest effect (the smallest published"
        " or illustrative move, on the slowest time course) to the largest (the largest move, on the quickest course) on this day."
    )
    moves_ui(lib, steps)
    export_ui(lib, report, pv)
    return day


def notes_pointer(pv: Preview) -> str:
    """The line above the day slider saying how many notes on the plan follow the pictures (:func:`plan_notes_ui`); ""
    when there are none."""
    count = len(pv.plan_warnings) + bool(pv.faint)
    if not count:
        return ""
    return f":material/info: {'One note' if count == 1 else f'{count} notes'} on this plan, under the pictures."


def plan_notes_ui(pv: Preview) -> None:
    """The plan's notes, under the pictures: its warnings in one box, one paragraph each, and the changes too small for
    the picture to show (the engine's list, which its warnings in the PDF and the CLI and the table's column also read)."""
    if pv.plan_warnings:
        st.warning("\n\n".join(pv.plan_warnings), icon=":material/info:")
    if note := pv.faint_note():  # the consult report's note too
        st.info(note, icon=":material/straighten:")


def moves_ui(lib: Library, steps: Plan) -> None:
    """What the simulation moves for each planned muscle at full effect, with why and its sources: relaxing the left
    forehead raised the left brow tail in the table ("+0.3 → +0.7 mm", a larger difference) with nothing on the page to
    say that the trial it follows found the outer brow rising."""
    # at a strong relaxation, as Learn gives them: under a moderate plan "0.3-1.5 mm" stood beside a table two thirds of it
    with st.expander("Why these measures move: what each muscle in the plan moves at full effect of a strong relaxation", icon=":material/help:"):
        st.caption("A moderate relaxation moves about two thirds of these, a light one about a third; the table gives this plan's.")
        for muscle_id, side in dict.fromkeys((r.muscle, r.side) for r in relaxations(steps)):
            muscle = lib.muscles[muscle_id]
            lines = [
                f"- {plain(movement_line(e))}" + (f" {plain(e.note)}" if e.note else "") + (f" ({lib.cite(e.sources)})" if e.sources else "")
                for e in muscle.effect
            ]
            st.markdown(f"{muscle_side(muscle, side)}\n\n" + "\n".join(lines))


# --- images ---------------------------------------------------------------------------------------


def crops(report: viz.AsymmetryReport, preview: Preview, *, marked: bool = True) -> tuple[Image.Image, Image.Image]:
    """The photo and the simulation, cropped to the face and reduced for the browser.

    Both carry their marks (``PHOTO`` and ``SIMULATION``) inside the face's box, put on before cropping; with
    ``marked=False`` the photo comes plain, for the swipe view, which labels its own divider.
    """
    face = report.face
    rgb = np.asarray(face.photo.rgb)
    box = face_box(face, FACE_CROP_MARGINS)
    before = mark(rgb, face, PHOTO_MARK) if marked else rgb
    # enlarged when small: the swipe's labels and the arrows are drawn on these at the size they are shown
    return crop(before, box, SHOW_SIDE, enlarge=True), crop(preview.image, box, SHOW_SIDE, enlarge=True)


#: Capital height of the big PHOTO / SIMULATION marks on presenter mode's plan step, CSS pixels on screen at the
#: smallest the step draws its pictures (:data:`ui.presenter.SHORT_MIN_PLAN_IMAGE_HEIGHT`, a 1366 x 768 laptop): the marks
#: inside the face's box, sized on the face (:data:`viz.preview.MARK_LETTER_MM`), were 7 px capitals there and 9 px at
#: 1920 x 1080, unreadable from across a consult room; only the grey caption under the picture could be read.
PRESENTER_MARK_CAP_PX = 16


def banner(picture: Image.Image, text: str, shown_height_px: float, cap_px: float = PRESENTER_MARK_CAP_PX) -> Image.Image:
    """A copy of ``picture`` with ``text`` across its top, centred, white on a dark box, its capitals ``cap_px`` high
    when the picture is shown ``shown_height_px`` high (narrower where the words would not fit its width).

    The top of a picture cropped with :data:`viz.preview.FACE_CROP_MARGINS` is the room above the forehead (hair or
    background), clear of the brows, eyes and mouth the measures read. The marks inside the face's box stay too: this
    one is for reading across a room, not for surviving a crop.
    """
    img = picture.convert("RGB")
    draw = ImageDraw.Draw(img, "RGBA")
    target = cap_px * img.height / max(float(shown_height_px), 1.0)  # capital height, picture pixels
    size = max(8, math.ceil(target / 0.73))  # DejaVu Sans Bold's capitals are 0.73 of its em
    font = label_font(size, bold=True)
    while _text_size(draw, text, font)[1] < target and size < 4 * target:
        size += 1
        font = label_font(size, bold=True)
    pad = max(3, round(0.3 * _text_size(draw, text, font)[1]))
    font = label_font(fitting_size(text, size, img.width - 4 * pad, bold=True), bold=True)  # a narrow picture: the words fit its width
    width = _text_size(draw, text, font)[0]
    x = (img.width - width - 2 * pad) / 2
    _label(draw, (x, pad), text, font, pad)
    return img


def swipe(before: Image.Image, after: Image.Image, share: int) -> Image.Image:
    """The photo left of a divider at ``share`` percent, the simulation right of it, each side labelled at the divider.

    The labels are drawn on the composed picture, one on each side of the divider, so they move with it and
    cannot splice into one another; a side is labelled while any of it shows (at 100% the whole picture, all photo,
    carried "SIMULATION ▶" too, both labels stacked in its corner).
    """
    from PIL import ImageDraw

    a = np.asarray(before).copy()
    b = np.asarray(after)
    cut = round(a.shape[1] * share / 100)
    a[:, cut:] = b[:, cut:]
    a[:, max(0, cut - 1) : cut + 1] = 255
    img = Image.fromarray(a)
    draw = ImageDraw.Draw(img, "RGBA")
    font = label_font(max(12, img.width // 34), bold=True)
    gap = max(4, img.width // 120)
    y = max(4, img.height // 40)
    left_text, right_text = f"◀ {PHOTO_MARK}", f"{MARK} ▶"
    lw, th = _text_size(draw, left_text, font)
    rw, _ = _text_size(draw, right_text, font)
    row = th + 4 * gap  # a label that does not fit on its own side goes on a second row, its arrow pointing to its side
    left_x = cut - 4 * gap - lw
    if cut > 0:  # some of the photo shows
        _label(draw, (max(0, left_x), y if left_x >= 0 or cut >= img.width else y + row), left_text, font, gap)
    right_x = cut + gap
    fits = right_x + rw + 3 * gap <= img.width
    if cut < img.width:  # some of the simulation shows
        _label(draw, (right_x if fits else img.width - rw - 3 * gap, y if fits or cut <= 0 else y + row), right_text, font, gap)
    return img


def _text_size(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return int(right - left), int(bottom - top)


def _label(draw: ImageDraw.ImageDraw, at: tuple[float, float], text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, pad: int) -> None:
    """White words on a dark rounded box whose top-left corner is ``at``."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x, y = at
    draw.rounded_rectangle((x, y, x + right - left + 2 * pad, y + bottom - top + 2 * pad), radius=pad, fill=(0, 0, 0, 170))
    draw.text((x + pad - left, y + pad - top), text, font=font, fill=(255, 255, 255, 255))


def arrows_image(report: viz.AsymmetryReport, preview: Preview, after: Image.Image) -> tuple[Image.Image, float]:
    """The simulated face with the biggest moves drawn as arrows, magnified, labelled with their true size; and how
    many times longer than the moves the arrows are drawn (for the caption). Laid out by :func:`arrow_layout`; the
    labels are drawn after all the arrows, so no arrowhead is drawn over a label.
    """
    x0, y0, x1, _y1 = face_box(report.face, FACE_CROP_MARGINS)
    k = after.width / (x1 - x0)  # crop pixels -> shown pixels
    s = report.face.photo.scale
    before_px = (preview.xy_before_px / s - (x0, y0)) * k
    after_px = (preview.xy_after_px / s - (x0, y0)) * k
    img = after.copy()
    draw = ImageDraw.Draw(img, "RGBA")
    # the picture is shown in a third of the page: a 720 px picture at about 330 px on a 1366 px screen, and at 40ths of
    # its width the labels were 7-8 px there (5 on a phone); at 26ths they are 12-14 px on screen
    font = label_font(max(14, img.width // 26), bold=True)
    width = arrow_width(img.width)
    marks = [((bx0 - x0) * k, (by0 - y0) * k, (bx1 - x0) * k, (by1 - y0) * k) for bx0, by0, bx1, by1 in mark_boxes(report.face)]
    gain, arrows = arrow_layout(before_px, after_px, _move_mm(report, preview), img.size, lambda text: _text_size(draw, text, font), avoid=marks)
    head = 4 * width
    for arrow in arrows:
        start, tip = np.asarray(arrow.start), np.asarray(arrow.tip)
        direction = (tip - start) / max(float(np.linalg.norm(tip - start)), 1e-6)
        side = np.array([-direction[1], direction[0]])
        arrowhead = [tuple(tip), tuple(tip - direction * head + side * head * 0.6), tuple(tip - direction * head - side * head * 0.6)]
        draw.line([tuple(start), tuple(tip - direction * head * 0.5)], fill=ARROW_CASING, width=width + 2 * max(1, width // 2))
        draw.polygon(arrowhead, fill=ARROW_COLOUR, outline=ARROW_CASING, width=max(1, width // 2))
        draw.line([tuple(start), tuple(tip - direction * head * 0.5)], fill=ARROW_COLOUR, width=width)
    for arrow in arrows:
        left, top, _right, _bottom = draw.textbbox((0, 0), arrow.label, font=font)
        draw.rectangle(arrow.box, fill=(0, 0, 0, 150))
        draw.text((arrow.box[0] + LABEL_PAD - left, arrow.box[1] + LABEL_PAD - top), arrow.label, fill=(255, 255, 255, 255), font=font)
    return img, gain


def arrow_width(picture_width: int) -> int:
    """An arrow's line width for a picture ``picture_width`` pixels wide; its head is four times as long."""
    return max(2, picture_width // 200)


@dataclass(frozen=True)
class Arrow:
    """One drawn move: from ``start`` to ``tip`` (pixels), and its label's words and box."""

    start: tuple[float, float]
    tip: tuple[float, float]
    label: str
    box: Box


def arrow_layout(
    before_px: npt.NDArray[np.float64],
    after_px: npt.NDArray[np.float64],
    move_mm: npt.NDArray[np.float64],
    size: tuple[int, int],
    text_size: Callable[[str], tuple[float, float]],
    avoid: Sequence[Box] = (),
) -> tuple[float, list[Arrow]]:
    """Where the arrows and their labels go on a picture of ``size``, and the arrows' gain; no arrow or label crosses a
    box in ``avoid`` (the picture's SIMULATION marks).

    The gain is :data:`ARROW_GAIN`, or more (a whole number, up to :data:`ARROW_MAX_GAIN`) where the longest arrow would
    be shorter than :data:`ARROW_MIN_LENGTH` of the width. The largest moves come first; a move whose arrow would cross a
    label already placed, or whose label finds no free place beside its tip (:func:`place_label`) clear of the labels
    and arrows already placed and of its own shaft, is left out: a label drawn over another, or under an arrowhead,
    could not be read.
    """
    points = _arrow_points(before_px, move_mm)
    midline = float(np.median(before_px[:, 0]))  # the face's middle, near enough for which side a label goes
    longest = max((float(np.linalg.norm(after_px[i] - before_px[i])) for i in points), default=0.0)
    gain = float(np.clip(np.floor(ARROW_MIN_LENGTH * size[0] / max(longest, 1e-6)), ARROW_GAIN, ARROW_MAX_GAIN))
    width = arrow_width(size[0])
    ends = [(i, before_px[i], before_px[i] + (after_px[i] - before_px[i]) * gain) for i in points]

    def around(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], reach: float) -> Box:
        return (min(a[0], b[0]) - reach, min(a[1], b[1]) - reach, max(a[0], b[0]) + reach, max(a[1], b[1]) + reach)

    labels: list[Box] = list(avoid)  # and those of the arrows kept so far, the largest moves first
    kept: list[Box] = []  # their arrows, with their heads (2.4 line widths either side)
    arrows: list[Arrow] = []
    for i, start, tip in ends:
        whole = around(start, tip, 3 * width)
        if any(_overlap(whole, box) for box in labels):
            continue
        label = f"{move_mm[i]:.1f} mm"
        direction = (tip - start) / max(float(np.linalg.norm(tip - start)), 1e-6)
        shaft = around(start, tip - direction * 4 * width, width)  # its own arrow, short of the head the label sits by
        box = place_label((float(tip[0]), float(tip[1])), text_size(label), [*labels, *kept, shaft], size, midline)
        if box is not None:
            labels.append(box)
            kept.append(whole)
            arrows.append(Arrow((float(start[0]), float(start[1])), (float(tip[0]), float(tip[1])), label, box))
    return gain, arrows


#: A label's box: left, top, right, bottom (pixels).
Box = tuple[float, float, float, float]
#: Space between a label's words and its box's edge, and between a label and an arrow's tip (pixels).
LABEL_PAD = 3.0
LABEL_GAP = 6.0


def _overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_label(tip: tuple[float, float], size: tuple[float, float], taken: Sequence[Box], bounds: tuple[int, int], midline: float | None = None) -> Box | None:
    """A box for a label of ``size`` beside ``tip`` (outward of it, at its outward corners, above or below it, then
    inward of it and at its inward corners, in that order) that overlaps no box in ``taken`` and lies inside ``bounds``
    (width, height); None when there is none.

    Outward is away from ``midline`` (the face's, an x in pixels): a label on the side of the face its move is on, not
    over the other side's brow (a one-sided plan read as moving both); without it, right. Inward comes last: taken
    before the corners, a label whose outward place was taken went over the middle of the face.
    """
    w, h = size[0] + 2 * LABEL_PAD, size[1] + 2 * LABEL_PAD
    x, y = tip
    right, left = x + LABEL_GAP, x - LABEL_GAP - w
    if midline is not None and x < midline:
        right, left = left, right  # "right" is now the outward side
    above, below = y - LABEL_GAP - h, y + LABEL_GAP
    corners = (
        *((right, y - h / 2), (right, above), (right, below)),  # outward, level with the tip or at its corners
        *((x - w / 2, above), (x - w / 2, below)),
        *((left, y - h / 2), (left, above), (left, below)),  # inward last
    )
    for cx, cy in corners:
        box = (cx, cy, cx + w, cy + h)
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= bounds[0] and box[3] <= bounds[1]
        if inside and not any(_overlap(box, other) for other in taken):
            return box
    return None


#: The smallest move an arrow is drawn for, mm.
ARROW_MIN_MM = 0.2


def _move_mm(report: viz.AsymmetryReport, preview: Preview) -> npt.NDArray[np.float64]:
    """How far each landmark moves in the simulation, mm."""
    return np.asarray(np.linalg.norm(preview.xy_after_px - preview.xy_before_px, axis=1) * report.face.mm_per_px, dtype=np.float64)


def moves_to_draw(report: viz.AsymmetryReport, preview: Preview) -> bool:
    """Whether any point moves enough for an arrow (:data:`ARROW_MIN_MM`)."""
    return bool((_move_mm(report, preview) >= ARROW_MIN_MM).any())


def _arrow_points(xy: npt.NDArray[np.float64], move_mm: npt.NDArray[np.float64], limit: int = 8) -> list[int]:
    """The landmarks that move most (at least :data:`ARROW_MIN_MM`), at least 40 px apart on screen, up to ``limit``."""
    order = [int(i) for i in np.argsort(-move_mm) if move_mm[i] >= ARROW_MIN_MM]
    chosen: list[int] = []
    for i in order:
        if all(np.linalg.norm(xy[i] - xy[j]) > 40 for j in chosen):
            chosen.append(i)
        if len(chosen) == limit:
            break
    return chosen


# --- numbers --------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=64)
def _timeline_base(muscle_ids: tuple[str, ...], presenter: bool, days_max: int, day: int) -> go.Figure:
    lib = cache.library()
    assert lib is not None
    cards = [lib.muscles[m] for m in muscle_ids]
    if presenter:
        return timeline_figure(cards, lib.sources, days_max=days_max, day=float(day), at_rest_names=False).update_layout(height=420)
    return timeline_figure(cards, lib.sources, days_max=days_max, day=float(day), max_line_chars=phone.LINE_CHARS, at_rest_names=False)  # fits a phone


def timeline_ui(steps: Plan, presenter: bool, day: int) -> None:
    """The effect share over the days after treatment for the plan's muscles, to the end of its slowest course
    (:func:`plan_days`, as far as the slider goes), with the slider's day marked as the PDF's chart marks it."""
    ids = muscles(steps)
    days_max = plan_days(ids)
    fig = _timeline_base(ids, presenter, days_max, min(int(day), days_max))
    st.plotly_chart(fig, key="preview-timeline", config={"displayModeBar": False})  # nothing to zoom; no toolbar over the title
    a11y.describe_chart("preview-timeline", timeline_name(ids, days_max, day) + " The line above the pictures gives the numbers for that day.")


def timeline_name(muscle_ids: Sequence[str], days_max: int, day: int) -> str:
    """The time course's name for a screen reader (Preview's chart and presenter mode's timeline step): what it shows
    for the muscles ``muscle_ids`` over ``days_max`` days, the day ``day`` marked."""
    lib = cache.library()
    names = ", ".join(lib.muscles[m].name if lib is not None else m for m in muscle_ids)
    return (
        f"Line chart: the share of each planned muscle's peak effect ({names}) over the {days_max} days after treatment, with its likely range"
        f" as a band, and a line at the chosen day, {day}."
    )


def strength_parts(lib: Library, steps: Plan, day: int) -> list[str]:
    """How strong each planned muscle's effect is on a day: a range of shares of its peak, from the time-course ranges."""
    return [strength_phrase(lib.muscles[m].name, day, lib.muscles[m].time_course) for m in muscles(steps)]


def day_strength(lib: Library, steps: Plan, day: int) -> str:
    """The day's strength of each planned muscle in one sentence (:func:`strength_parts`): "Day 176 — Forehead muscle:
    worn off; Mouth-corner muscle: worn off."."""
    return f"Day {day} — " + "; ".join(strength_parts(lib, steps, day)) + "."


def no_move_sentence(day: int) -> str:
    """That no point of the face moves enough for an arrow on ``day`` (:data:`ARROW_MIN_MM`), without its full stop.

    Examples
    --------
    >>> no_move_sentence(176)
    'No point of the face moves by 0.2 mm or more on day 176'
    """
    return f"No point of the face moves by {ARROW_MIN_MM:g} mm or more on day {day}"


def strength_ui(lib: Library, steps: Plan, day: int) -> None:
    """How strong each planned muscle's effect is on the slider's day (:func:`day_strength`), and what "peak" means for
    a muscle whose change at rest builds for longer than the two weeks Learn gives for the full effect (:func:`slow_peaks`)."""
    words = [day_strength(lib, steps, day), "The chart below shows the whole course with its range."]
    st.caption(" ".join([*words, *slow_peaks(lib, steps)]))


def slow_peaks(lib: Library, steps: Plan) -> list[str]:
    """For each planned muscle whose change at rest peaks after the day the effect is judged (the frown muscle's brow
    height builds to 12 weeks): a sentence saying its peak is that change, with the card's note. Beside "Day 14 — Frown
    muscle: 45%-82% of its peak effect", Learn's "the full effect takes about two weeks" read as a contradiction."""
    out = []
    for m in muscles(steps):
        course = lib.muscles[m].time_course
        if course.peak_days > course.judge_days:
            weeks = round(course.peak_days / 7)
            peak = f"The {lib.muscles[m].name.lower()}'s peak here is its change at rest, which builds for about {weeks} weeks."
            out.append(f"{peak} {course.note or ''}".strip())
    return out


def balance_ui(found: tuple[str | None, list[BalanceOption]], lib: Library, report: viz.AsymmetryReport) -> None:
    """Options to discuss with a licensed injector for the largest clear difference, or a plain sentence when none applies.

    Each option gives the range the simulation shows at full relaxation on the first day its whole range is at full
    effect (:func:`viz.preview.full_effect_day`, where the plan's table gives the same range) and whether
    its figures are cited or illustrative. Nothing here changes the plan: "Explore" only fills in the plan
    builder with the option's muscle, side and level (:func:`ui.plan.explore`), and the person adds it or not.
    """
    measure, opts = found
    if measure is None:
        st.info("No difference on this photo stands clearly beyond its measurement uncertainty, so there is nothing to balance.")
        return
    m = report.measures[measure]
    st.markdown(f"The clearest difference on this photo is in **{MEASURES[measure].noun}**: {format_pm(abs(m.value), m.uncertainty, m.unit)}.")
    if not opts:
        st.info(
            "No single muscle in the catalogue is likely to reduce it: it may come from bone, volume or skin, or be too small"
            " to change. A neuromodulator only relaxes muscle pull."
        )
        return
    st.caption(f"{EXAM_DECIDES} {widgets.EXPLORE_HELP}")
    for o in opts[:5]:
        lo, hi = o.after_range
        basis = "illustrative figures (no published measurement)" if o.illustrative else f"cited figures ({lib.cite(o.sources)})"
        # "0.0–2.7 mm" read as "at best even" where the range ran on to 1.8 mm the other way (a warning said so, later)
        over = [e for e in (o.after_low, o.after_high) if e * o.before < 0 and round(abs(e), 1) > 0]
        # "at the strong end" was read as the "strong" level, while a moderate relaxation can flip it too
        flips = f" (at one end of its likely range it would flip, to {format_value(max(map(abs, over)), o.unit)} the other way)" if over else ""
        # the builder offers light, moderate and strong: the option's figures are for one of them (strong), at its peak, and
        # "Explore" fills in that level (ui.plan.explore), so the plan shows the change the sentence gave
        level = level_name(o.relaxation.level)
        shows = f"{format_value(abs(o.before), o.unit)} to {format_range(lo, hi, o.unit, joiner='–')} at full effect of a {level} relaxation{flips} — {basis}."
        # what it would make worse, each on its own line in the words its plan gets: offered without them, an option that
        # lowers an already lower brow was warned of only once added to the plan
        shows += "".join(f"  \n:material/warning: {plain(cost)}" for cost in o.costs)
        widgets.option_ui(lib, o, shows, key="preview-explore")
    st.caption("Listed by how much the simulation shrinks the difference at full effect: an order for reading, not a recommendation.")


#: What the consult report holds, as its button's help says.
REPORT_HELP = "The analysis, then the plan and day, the photo beside the marked simulation, before → after with its range, and the time course."
#: The consult report's button while an expression is shown: its label and what its help adds (the expression's name).
REST_REPORT_LABEL = "Download the consult report with this plan at rest (PDF)"
REST_REPORT_NOTE = "It simulates the plan on the rest photo, as the view at rest shows it, not the {expression}."


def _rest_report_pdf(lib: Library, subject: Subject, steps: Plan, day: int, layers: tuple[str, ...]) -> bytes:
    """The consult report with the plan simulated at rest on ``day`` (the simulation made here, when the button is pressed)."""
    face, report = subject.face, subject.report
    preview = relax(face.photo, face, relaxations(steps), float(day), mirrored=subject.mirrored, report=report, library=lib)
    return consult_pdf(report, preview=preview, library=lib, layers=layers, credit=cache.credit(report))


def _rest_report_ui(lib: Library, subject: Subject, steps: Plan, day: int, expression: str) -> None:
    """The consult report's download beside an expression's: the plan at rest on ``day``, said in its label and help."""
    st.download_button(
        REST_REPORT_LABEL,
        # the first page's layers, read now; nothing of this photo once another took its place
        data=widgets.from_current_photos(functools.partial(_rest_report_pdf, lib, subject, steps, day, state.overlay_layers()), "pdf"),
        file_name=widgets.saved_name(f"consult-report-simulation-day-{day}", "pdf"),
        mime="application/pdf",
        key="preview-report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=f"{REPORT_HELP} {REST_REPORT_NOTE.format(expression=expression)}",
    )


def export_ui(lib: Library, report: viz.AsymmetryReport, preview: Preview) -> None:
    """One click each, made in memory only when clicked: the consult report with this plan (PDF), and photo and simulation
    side by side (PNG), both marked, naming the plan and the day."""
    pdf_col, png_col = st.columns(2)
    pdf_col.download_button(
        "Download the consult report with this plan (PDF)",
        # the first page's layers, as its PDF; the sample's credit, which its licence asks of every file showing it
        data=widgets.from_current_photos(
            functools.partial(consult_pdf, report, preview=preview, library=lib, layers=state.overlay_layers(), credit=cache.credit(report)), "pdf"
        ),
        file_name=widgets.saved_name(f"consult-report-simulation-day-{preview.day:g}", "pdf"),
        mime="application/pdf",
        key="preview-report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=REPORT_HELP,
    )
    png_col.download_button(
        "Download before / after (PNG)",
        # made only when clicked, from this photo only
        data=widgets.from_current_photos(lambda: before_after_png(report.face.photo, preview, credit=cache.credit(report), library=lib), "png"),
        file_name=widgets.saved_name(f"simulation-day-{preview.day:g}", "png"),
        mime="image/png",
        key="preview-export",
        help="The picture and the file's metadata name the plan and the day, and both pictures are marked.",
    )


def safety_ui(presenter: bool = False) -> None:
    """The page's title and the notices that are always on screen (presenter mode: the simulation notice in one line)."""
    st.title("Preview a treatment — simulation")
    st.warning(site.SAFETY, icon=":material/warning:")
    if presenter:
        st.caption("Everything here is a simulation from published averages and illustrative values: educational, not a promise.")
        return
    st.caption(
        "Everything on this page is a simulation from published averages and, where none exist, illustrative values: "
        "it is educational, not a promise. Real results vary from person to person and injector to injector."
    )


# --- presenter mode's story (ui.presenter): one screen per step -----------------------------------

#: Room under the timeline's plot for its tick labels (two lines under a review day: "2 wk", "review") and axis title
#: at 20 px, CSS pixels.
PRESENTER_AXIS_PX = 100
#: Room left of the plot for the percentages and the axis title at 20 px (at 60 the title ran over "100%").
PRESENTER_LEFT_PX = 92
#: The page's column on a 1366 px laptop with the sidebar open, CSS pixels: the timeline's plot is what it leaves beside
#: the axis and the legend, and the peaks' labels are placed for that plot (wider, they still fit), no narrower than
#: :data:`PRESENTER_MIN_PLOT_PX`; the top of its share axis, just above 100 % (the labels stand above the plot, under
#: the title: :data:`PRESENTER_TITLE_PX`).
PRESENTER_CONTENT_PX = 895
PRESENTER_MIN_PLOT_PX = 420
PRESENTER_Y_TOP = 1.05
PRESENTER_TITLE_PX = 44
#: The legend's margin right of the plot: its symbols and padding, and a character of its 20 px type (Source Sans'
#: widest lower case run about half an em), CSS pixels.
PRESENTER_LEGEND_PAD_PX = 64
PRESENTER_CHAR_PX = 10.5
#: The page's column on the narrowest screen the shared screen's chart is drawn for, a 1280 px TV with the sidebar open
#: (1280 less the 300 px sidebar and 5rem each side at 21 px), CSS pixels: the time axis runs on past its last tick far
#: enough for that tick's label, centred on it, to end inside the plot there (:func:`axis_end`); the legend starts at
#: the plot's edge, and at 1280 x 720 it covered "6 mo", read "6 r".
PRESENTER_NARROWEST_CONTENT_PX = 770
#: The gap between the last tick's label and the legend, CSS pixels.
PRESENTER_TICK_GAP_PX = 4


def axis_end(start: float, last_tick: tuple[float, str], plot_px: float) -> float:
    """Where the shared screen's time axis ends, days, for its last tick's label (``(day, text)``, its lines split
    by ``<br>``) to end inside a plot ``plot_px`` wide, centred on its tick, with :data:`PRESENTER_TICK_GAP_PX` to
    spare; a wider plot leaves it further inside. Never before the tick.

    Examples
    --------
    >>> round(axis_end(0.0, (180.0, "6 mo"), 400.0), 1)  # the label's half, 21 px, and 4 px: 25 px of 400
    192.0
    """
    day, text = last_tick
    half = PRESENTER_CHAR_PX * max(len(line) for line in text.split("<br>")) / 2 + PRESENTER_TICK_GAP_PX
    return start + (day - start) * plot_px / max(plot_px - half, 1.0)


def plan_lines(lib: Library, steps: Plan) -> list[str]:
    """Each step of the plan in words: the muscle, the person's side and the level, e.g. "Forehead muscle — right side, moderate relaxation"."""
    return [f"{lib.muscles[m].name} — {side_phrase(cast(PlanSide, s))}, {lvl} relaxation" for m, s, lvl in steps]


#: Session-state key: the day last shown on the plan step, for the timeline step (which has no slider) and for coming back.
_PRESENTER_DAY = "_presenter_day"


@st.fragment
def presenter_ui(lib: Library, subject: Subject, steps: Plan, step: int) -> None:
    """Preview's steps of presenter mode: 2, the photo and the marked simulation beside what is simulated
    (each muscle, side and level, and the day, on a slider); 3, the time course with that day marked. Reruns on its own
    when the day moves."""
    session.touch()
    if not steps:  # built here, in front of the person: leaving presenter mode to build it showed every control
        st.info("No plan to show yet: choose a region, a muscle, a side and a level, then Add to plan.", icon=":material/touch_app:")
        with st.container(border=True):
            plan_builder_ui(lib, compact=True)
        if plan():  # the step, in the builder's place; drawn on this run, its "Add another muscle" held the same widgets twice
            # the pressed "Add to plan" goes with the builder, and the focus fell to the page's body (the next Tab: the skip
            # link): it goes to the button that holds the builder now, and what was added is said in that run too (this one's
            # elements may never reach the browser)
            a11y.focus_next_run(ADD_ANOTHER)
            a11y.say_again_next_run()
            st.rerun()
        return
    if step == 2:
        # the pictures take the width (PLAN_COLUMNS) and the height their largest changes leave under them
        # (ui.presenter.plan_image_height); the plan, the day and the warnings beside them
        pictures_col, columns_words = st.columns(PLAN_COLUMNS, gap="medium")
        picture_cols = pictures_col.columns(2, gap="small")
        words_col = columns_words.container(key=PLAN_WORDS)
        with words_col:
            # the builder, folded away beside the plan's heading: once a muscle was added it went, and a second one meant
            # leaving presenter mode
            heading = st.container(horizontal=True, vertical_alignment="center", gap="medium")
            heading.markdown("**Simulated plan**, at rest", width="content")
            with heading.popover("Add another muscle", icon=":material/add:", key=ADD_ANOTHER):
                plan_builder_ui(lib, compact=True)
            st.html(a11y.hides_itself("fit-popover", _FIT_POPOVER_JS), unsafe_allow_javascript=True)
            steps = plan()  # with what the builder just added or removed
            if not steps:  # the plan cleared in the popover: the step shows the empty plan's builder, not a simulation of nothing
                st.rerun()
            st.markdown("  \n".join(plain(line) for line in plan_lines(lib, steps)))
            if note := dynamic_preview_ui.at_rest_note():
                st.caption(note)
            day = day_slider(steps, DAY, int(st.session_state.get(_PRESENTER_DAY, 14)))
        st.session_state[_PRESENTER_DAY] = day
        _presenter_simulation_ui(lib, subject, steps, day, picture_cols, words_col, pictures_col.container())
    else:
        day = int(st.session_state.get(_PRESENTER_DAY, 14))
        said = (
            f"**Simulated** on day **{day}**, the black line: " + "; ".join(plain(line) for line in plan_lines(lib, steps)) + ".",
            "; ".join(plain(part) for part in strength_parts(lib, steps, day)) + " on that day.",
        )
        st.markdown("  \n".join(said))
        ids = muscles(steps)
        timeline = presenter_timeline(ids, min(day, plan_days(ids)))
        margins = timeline.figure.layout.margin
        st.html(story.timeline_css([*said, caption_of(timeline)], margins.t + margins.b))  # the chart gives up what more words take
        presenter_timeline_ui(timeline, key="preview-timeline")


def _presenter_simulation_ui(
    lib: Library, subject: Subject, steps: Plan, day: int, picture_cols: list[DeltaGenerator], words_col: DeltaGenerator, below: DeltaGenerator
) -> None:
    """The plan step's pictures, the largest changes under them (``below``) and the warnings in ``words_col``."""
    report = subject.report
    pv = simulate(subject.digest, subject.mirrored, steps, day, subject.face, report)
    # marked across the top for the room too, sized for the smallest the step shows them (a 768 px laptop's screen)
    least = story.SHORT_MIN_PLAN_IMAGE_HEIGHT
    before, after = (banner(picture, text, least) for picture, text in zip(crops(report, pv), (PHOTO_MARK, MARK), strict=True))
    a, b = picture_cols  # each picture as tall as the step allows (ui.presenter.IMAGE_HEIGHT)
    plan = "; ".join(plan_lines(lib, steps))
    a11y.image(jpeg(before), alt="The photo, cropped to the face and marked PHOTO", key="story-before", caption="Before (photo)", width="stretch", where=a)
    a11y.image(
        jpeg(after),
        alt=f"The simulation of {plan} on day {day}, cropped to the face and marked {MARK}",
        key="story-after",
        # on one line under a picture a laptop shows 228 px wide (two lines pushed the step past a 768 px window): the
        # picture says SIMULATION across its top, and the line over the step that it is educational, not a promise
        caption=f"{MARK.capitalize()}, day{NBSP}{day}",
        width="stretch",
        where=b,
    )
    # under the pictures: the largest changes or, on the day of treatment or once the effect has worn off, the page's
    # own sentences for that day (the list went, and nothing said why)
    under = changes_in_words(pv).split("  \n")
    if not under[0]:
        under = [plain(day_strength(lib, steps, day))] + ([] if moves_to_draw(report, pv) else [f"{no_move_sentence(day)}."])
    below.markdown("  \n".join(under))
    st.html(story.image_css(story.plan_image_height(under), more_chrome_px=story.PLAN_CHROME_PX + story.under_pictures_px(under)) + _PLAN_WORDS_CSS)
    notes = pv.plan_warnings_without_table()  # neither presenter step shows the page's table
    if notes:  # one box beside the pictures, one line each: every warning stays on the screen
        words_col.warning("  \n".join(plain(w) for w in notes), icon=":material/info:")
        if css := story.warnings_css(PLAN_WORDS, notes):  # in smaller type where they are many
            st.html(css)


def changes_in_words(pv: Preview) -> str:
    """The plan's largest changes for presenter mode, each as its headline and warnings give a difference: its size and
    the side it favours ("Brow height (above the pupil): 0.6 ± 0.4 mm → 1.2 mm (likely 0.8 to 1.6 mm), right brow
    higher"); "" when nothing changes. Signed ("-0.6 ± 0.4 mm → -1.2 mm") beside a warning of "0.6 ± 0.4 mm to 1.2 mm,
    right brow higher", one number read two ways on one screen."""
    rows = pv.largest_changes()
    if not rows:
        return ""
    ids = [_MEASURE_OF_LABEL[row["measure"]] for row in rows]
    lines = [f"{MEASURES[mid].label}: {change_in_words(pv.before[mid], pv.after[mid], (pv.after_low[mid].value, pv.after_high[mid].value))}" for mid in ids]
    # said once under the list: at the end of each row it took each to a second line, and the pictures gave up the room
    small = [MEASURES[mid].noun for mid, row in zip(ids, rows, strict=True) if row["in the picture"] == "too small to show"]
    if small and len(small) == len(rows):  # the change, not the difference ("Too small …: brow height" under its 1.9 mm read as the difference)
        lines.append(f"{('The change is', 'Both changes are', 'All three changes are')[len(small) - 1]} too small for the picture to show.")
    elif small:
        lines.append(f"Changes too small for the picture to show: {', '.join(small)}.")
    return "**Largest changes**, before → after  \n" + "  \n".join(lines)


#: Said under the demo's largest changes: their likely ranges span study groups' averages and the time course (the
#: muscle cards say so, in an expander the demo does not show), read as a range for this face.
LIKELY_NOTE: Final = "Likely ranges: from study averages; one person can land outside them."


#: A measure's id by its label on screen (:meth:`viz.preview.Preview.largest_changes` gives the label).
_MEASURE_OF_LABEL: Final = {words.label: mid for mid, words in MEASURES.items()}


def change_in_words(before: Measure, after: Measure, ends: tuple[float, float]) -> str:
    """A difference before and after a plan in words: sizes, the likely range of the after (``ends``, signed) and the
    side each favours (:meth:`viz.asymmetry.Measure.describe`: "no clear difference" within its ±), the side said once
    where both favour the same.

    The likely range is the table's, both ends as shown there: one across zero says the side each end leans to, left
    or right, as the line's side words name it (its "-0.9 to +1.2 mm" had read "likely 0.0 to 0.9 mm", the larger end
    dropped as within the ±, the side taken from a typical value that rounds to 0.0); one on a side the after's words
    do not name (within its ±) names that side.

    Examples
    --------
    >>> from viz.asymmetry import Measure
    >>> from viz.vocabulary import NBSP  # a quantity's spaces are no-break spaces: shown here as plain ones
    >>> was, now = Measure("brow_height", "paired", -0.6, 0.4, ""), Measure("brow_height", "paired", -1.2, 0.4, "")
    >>> change_in_words(was, now, (-1.6, -0.8)).replace(NBSP, " ")
    '0.6 ± 0.4 mm → 1.2 mm (likely 0.8 to 1.6 mm), right brow higher'
    >>> now = Measure("brow_height", "paired", 0.2, 0.4, "")
    >>> change_in_words(was, now, (-0.9, 0.7)).replace(NBSP, " ")
    '0.6 ± 0.4 mm, right brow higher → 0.2 mm (likely 0.9 mm right to 0.7 mm left), no clear difference'
    >>> change_in_words(was, now, (0.04, 0.7)).replace(NBSP, " ")
    '0.6 ± 0.4 mm, right brow higher → 0.2 mm (likely 0.0 to 0.7 mm left), no clear difference'
    """
    unit = before.unit
    lo, hi = sorted(rounded(end, 1) for end in ends)  # as the table shows them: an end of "0.0" is on neither side
    # a positive difference leans left (MEASURES' words), a side said in one word: the whole words took a third line
    if lo < 0 < hi:  # each end with its side, as the table's signs say it
        likely = f"{format_value(-lo, unit)} right to {format_value(hi, unit)} left"
    else:
        near, far = sorted((abs(lo), abs(hi)))
        likely = format_range(near, far, unit)
        if far > 0 and not after.clear:  # the side of a range the after's words leave unnamed
            likely += " left" if hi > 0 else " right"
    now = after.describe()
    was = before.describe()
    start = format_pm(abs(before.value), before.uncertainty, unit) + ("" if was == now else f", {was}")
    return f"{start} → {format_value(abs(after.value), unit)} (likely {likely}), {now}"


@dataclass(frozen=True)
class PresenterTimeline:
    """The plan's time course for a shared screen: the chart, and the note and sources that go above and under it as
    page text (which wraps to any width, where a chart's text does not)."""

    figure: go.Figure
    note: str
    sources: str
    #: The same time course as the Preview page draws it for a phone (its note and sources inside, wrapped; the day
    #: marked), shown instead on a narrow screen: at 20 px a 390 px phone left the plot 60 px wide, its ticks on one
    #: another and its title cut.
    narrow: go.Figure
    #: The chart's name for a screen reader (:func:`timeline_name`), for both charts: presenter mode's had none.
    name: str = ""


def _one_line(text: str) -> str:
    """A chart's note of several lines as one sentence: a line after a heading ("...:") follows it, the others are
    set apart by "; " (joined by spaces, "...Small 2014 Frown muscle: Beer et al. 2011" ran two muscles' sources together).

    Examples
    --------
    >>> _one_line("Sources of the markers:<br>Forehead muscle: A 2014<br>Frown muscle: B 2011")
    'Sources of the markers: Forehead muscle: A 2014; Frown muscle: B 2011'
    """
    lines = [line.strip() for line in text.split("<br>") if line.strip()]
    return "".join(line if i == 0 else (" " if lines[i - 1].endswith(":") else "; ") + line for i, line in enumerate(lines))


@st.cache_resource(show_spinner=False, max_entries=64)
def presenter_timeline(muscle_ids: tuple[str, ...], day: int) -> PresenterTimeline:
    """The plan's time course for a shared screen: the day marked, every text large, the ticks level.

    The chart's note and its sources are taken out of the chart: Plotly wraps no text, so at 20 px the note ran past the
    chart's edge at 1366 px (cut mid-sentence), and the sources ran into the axis title when the ticks slanted; the
    legend then had no room and scrolled at 1920 x 1080.
    """
    lib = cache.library()
    assert lib is not None
    days_max = plan_days(muscle_ids)  # to the end of the slowest course, as the slider
    figure = large_type(timeline_figure([lib.muscles[m] for m in muscle_ids], lib.sources, days_max=days_max, day=float(day), at_rest_names=False))
    note = str(figure.layout.title.subtitle.text or "")
    below = [a for a in figure.layout.annotations if a.yref == "paper" and (a.y or 0) < 0]  # the sources, under the axis
    sources = " ".join(_one_line(str(a.text)) for a in below)
    ticks = spaced_ticks(figure)
    # filled and open markers are explained by the note under the chart: their legend entries made the legend scroll
    figure.update_traces(showlegend=False, selector={"legendgroup": "basis"})
    # assigned, not passed to update_layout: that merges a list by position and kept a third annotation (a copy of the
    # first peak's label, drawn twice over itself)
    figure.layout.annotations = [a for a in figure.layout.annotations if a not in below]
    figure.update_layout(
        title={"subtitle": {"text": ""}, "yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 4}},
        # the title's standoff from the labels: Plotly's own counts one line of them and ran into a review day's second
        xaxis={"tickvals": [v for v, _ in ticks], "ticktext": [t for _, t in ticks], "tickangle": 0, "title": {"standoff": 18}},
        height=None,  # the container's (ui.presenter.CHART_HEIGHTS)
        margin={"b": PRESENTER_AXIS_PX, "l": PRESENTER_LEFT_PX},
        legend={"tracegroupgap": 4},
    )
    # the legend from the chart's top, beside the title, in a margin of its own: from the plot's top, under the labels, it
    # had no room and scrolled (and a legend placed by the chart's height pushes the margins: the plot shrank to 80 px)
    shown = [t for t in figure.data if t.showlegend is not False]
    entries = [str(t.name or "") for t in shown] + [str(t.legendgrouptitle.text or "") for t in shown]
    right = round(PRESENTER_LEGEND_PAD_PX + PRESENTER_CHAR_PX * max(map(len, entries)))
    # each peak's label on a level above the 100 % line (stacked for 11 px type, two labels sat on one another), in the
    # room above the plot (room kept inside it, a share of its height, squeezed the curves into half the plot), placed for
    # the plot a laptop leaves beside that legend (placed for a wider one, a label ran into the legend at 1366 px)
    plot_px = max(PRESENTER_MIN_PLOT_PX, PRESENTER_CONTENT_PX - PRESENTER_LEFT_PX - right)
    start = float(figure.layout.xaxis.range[0])
    # the axis past its last tick, for the narrowest plot (before the peaks are placed, which read the axis' end)
    end = axis_end(start, ticks[-1], PRESENTER_NARROWEST_CONTENT_PX - PRESENTER_LEFT_PX - right)
    figure.update_layout(xaxis={"range": [start, max(end, float(figure.layout.xaxis.range[1]))]})
    rise = level_peaks(figure, plot_px, font_px=PRESENTER_FONT_PX, margins_px=(PRESENTER_LEFT_PX, 0))
    figure.update_layout(
        yaxis={"range": [figure.layout.yaxis.range[0], PRESENTER_Y_TOP]},
        legend={"yref": "container", "y": 1.0, "yanchor": "top", "x": 1.0, "xanchor": "left", "xref": "paper", "maxheight": 600},
        margin={"t": PRESENTER_TITLE_PX + round(rise), "r": right, "autoexpand": False},
    )
    narrow = timeline_figure(
        [lib.muscles[m] for m in muscle_ids], lib.sources, days_max=days_max, day=float(day), max_line_chars=phone.LINE_CHARS, at_rest_names=False
    )
    return PresenterTimeline(figure, note, sources, narrow, timeline_name(muscle_ids, days_max, day))


def caption_of(timeline: PresenterTimeline) -> str:
    """What is said under the shared screen's time course: its note, then its sources."""
    return " ".join(part for part in (timeline.note, timeline.sources) if part)


def presenter_timeline_ui(timeline: PresenterTimeline, key: str) -> None:
    """The time course on a shared screen: the chart, then its note and sources in one paragraph; on a narrow screen
    the Preview page's own chart instead (the page's style sheet shows one of the two, :data:`ui.presenter.NARROW_PX`)."""
    config = {"displaylogo": False, "displayModeBar": False}
    with st.container(key=story.WIDE_ONLY):
        with st.container(key=story.TIMELINE_CHART):  # as tall as the screen leaves (ui.presenter.CHART_HEIGHTS)
            st.plotly_chart(timeline.figure, key=key, config=config, width="stretch", height="stretch")
        st.caption(plain(caption_of(timeline)))
    with st.container(key=story.NARROW_ONLY):
        st.plotly_chart(timeline.narrow, key=f"{key}-narrow", config=config, width="stretch")
    if timeline.name:  # each chart named as Preview's is (the hidden one as well: a style sheet hides it, not the page)
        a11y.describe_chart(key, timeline.name)
        a11y.describe_chart(f"{key}-narrow", timeline.name)
