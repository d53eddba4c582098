"""Demo mode (``?demo=1``): a guided tour on the sample portrait that advances by itself and loops, for a clinic's
waiting-room screen or a marketing page.

The tour shows, one screen at a time: the sample measured (photo, overlay, headline), the mirror, a simulated
treatment (the option the engine ranks first for the sample's clearest difference, at a moderate level, on
day :data:`DAY`, named on screen as a demonstration), how that effect comes and goes, and a myth card (a
different one on each loop). A timer fragment moves it on every :data:`STEP_S` seconds
(``MIRRORMAP_DEMO_SECONDS`` in the server's environment, read at start) and starts again after the last step.

Nobody's photo can appear: the tour reads only the built-in sample and its shared results (no session's
photo, not even this session's own), it draws no widget at all (no upload, camera or sample controls,
no page menu and no sidebar), and a session that opened in demo mode stays in it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import streamlit as st

import viz
from ui import a11y, analyze_ui, cache, preview_ui, site
from ui import presenter as story
from ui.images import jpeg
from ui.learn_ui import sources_markdown
from ui.plan import Plan, muscles, relaxations
from ui.widgets import plain
from viz.content import Library
from viz.preview import MARK, WATERMARK, Preview, balance_options, relax
from viz.vocabulary import NBSP, VERDICTS

__all__ = ["DAY", "LEVEL", "STEPS", "STEP_ENV", "STEP_S", "TICK", "Tour", "header_ui", "step_seconds", "steps_for", "to_top", "tour", "tour_ui"]

_LOG = logging.getLogger(__name__)

#: Session-state key: how many times the tour has moved on in this session (whether a session is a demo: :func:`ui.state.demo`).
TICK: Final = "_demo_tick"
_MOVED_AT: Final = "_demo_moved_at"
#: The environment variable that sets the seconds each step stays on screen.
STEP_ENV: Final = "MIRRORMAP_DEMO_SECONDS"
#: The simulated treatment's level and day.
LEVEL: Final = "moderate"
DAY: Final = 14
#: The tour, in order.
STEPS: Final = ("Measured from one photo", "The mirror", "A simulated treatment", "How the effect comes and goes", "Myth or fact?")
#: The tour's picture heights, CSS pixels, by step (a 1920×1080 screen).
_IMAGE_HEIGHT: Final = (None, 520, 440, None, None)
#: The overlay's legend is a key (``presenter_face_ui(key_only=True)``): no pointing hand over its entries (Plotly sets one inline).
_KEY_ONLY_CSS: Final = "<style>.st-key-overlay_chart .legend .legendtoggle { cursor: default !important; }</style>"
#: What the tour shows besides presenter mode's words on a short screen (the sample's credit, the step's heading, the
#: mirror's study under its pictures), CSS pixels: at 1366 x 768 the mirror step was 811 px high and its study's
#: sentence was cut off on a screen nobody scrolls.
_MORE_CHROME_PX: Final = 50
#: The key of the container around the myth card.
MYTH_CARD: Final = "tour-myth"
# Static (no user content): the myth card's sources in two columns, each source whole in one, closer together, and on
# a short screen (1366 x 768) in 13 px type under text set a little tighter. Listed one a line across the screen,
# "Botox makes your skin sag." (six sources) ran to 860 px there: its fifth source was cut mid-line and the sixth,
# which its text cites, could not be seen on a screen nobody scrolls. So set, the longest cards end at 684 px of 768
# and 896 px of 1080 (headless Chromium, every card: tests/test_browser_demo.py).
_MYTH_CSS: Final = (
    f"<style>.st-key-{MYTH_CARD} h3 {{ padding: 0 0 0.5rem; }}"
    f" .st-key-{MYTH_CARD} [data-testid='stCaptionContainer'] p {{ margin-bottom: 0.25rem; }}"
    f" .st-key-{MYTH_CARD} ol {{ column-count: 2; column-gap: 2rem; margin: 0; }}"
    f" .st-key-{MYTH_CARD} li {{ break-inside: avoid; line-height: 1.35; margin: 0 0 0.2rem; }}"
    f" @media (max-height: 900px) {{ .st-key-{MYTH_CARD} [data-testid='stMarkdownContainer'] p {{ line-height: 1.5; }}"
    f" .st-key-{MYTH_CARD} [data-testid='stCaptionContainer'] {{ font-size: 13px; }} }}</style>"
)

# Static but for the tick (a number; in an element that hides itself): a new step of the tour from its heading. The
# main part kept its scroll when the tour moved on, and on a phone (390 x 844, steps 1213-2075 px tall) the next step
# opened part-way down, "3 of 5" off screen at 700 px of 1781. Only when the step is new (a timer run that does not move
# the tour leaves the reader's place), and only where the page is scrolled: a screen where everything fits stays put.
_STEP_TO_TOP: Final = """<script>
(() => {
  if (window.mirrormapTourStep === __TICK__) return;
  window.mirrormapTourStep = __TICK__;
  const main = document.querySelector("[data-testid='stMain']");
  if (main && main.scrollTop > 0) main.scrollTo({ top: 0 });
  if (window.scrollY > 0) window.scrollTo({ top: 0 });
})();
</script>"""


def to_top(tick: int) -> str:
    """The script that brings step ``tick`` of the tour to its heading (once per step; an element that hides itself).

    Examples
    --------
    >>> "window.mirrormapTourStep = 7;" in to_top(7), "data-mm-tour-top" in to_top(7)
    (True, True)
    """
    return a11y.hides_itself("tour-top", _STEP_TO_TOP.replace("__TICK__", str(int(tick))))


def step_seconds(environ: Mapping[str, str]) -> float:
    """Seconds each step of the tour stays on screen, from ``MIRRORMAP_DEMO_SECONDS`` (default 12, kept within 3–120).

    Examples
    --------
    >>> step_seconds({}), step_seconds({"MIRRORMAP_DEMO_SECONDS": "5"}), step_seconds({"MIRRORMAP_DEMO_SECONDS": "1"})
    (12.0, 5.0, 3.0)
    """
    raw = environ.get(STEP_ENV, "").strip()
    try:
        seconds = float(raw) if raw else 12.0
    except ValueError:
        _LOG.warning("%s=%r is not a number of seconds; the tour moves on every 12 s.", STEP_ENV, raw[:20])
        seconds = 12.0
    return min(120.0, max(3.0, seconds))


#: Seconds per step, read once when the server starts.
STEP_S: Final = step_seconds(os.environ)


@dataclass(frozen=True, eq=False)
class Tour:
    """What the tour shows, made once per process from the sample portrait (no one's photo)."""

    work: cache.PhotoWork
    report: viz.AsymmetryReport
    plan: Plan
    preview: Preview | None


@st.cache_resource(show_spinner=False)
def tour() -> Tour | None:
    """The sample's analysis and the tour's simulated treatment, shared by every session; ``None`` when the sample has no face."""
    data, digest = cache.sample()
    work = cache.work(digest, data)
    report = work.report(False)
    lib = cache.library()
    if isinstance(report, cache.Failure) or lib is None:
        return None
    _measure, options = balance_options(report.face, report=report, library=lib)
    if not options:
        return Tour(work, report, (), None)
    first = options[0].relaxation
    plan: Plan = ((first.muscle, first.side, LEVEL),)
    preview = relax(report.face.photo, report.face, relaxations(plan), float(DAY), report=report, library=lib)
    return Tour(work, report, plan, preview)


def header_ui() -> None:
    """The tour's title, the safety notice and the sample's credit (always on screen)."""
    st.title("MirrorMap — a guided tour")
    st.warning(site.SAFETY, icon=":material/warning:")
    st.caption(f"{cache.SAMPLE_NAME} · {analyze_ui.scale_headline()}.")


def steps_for(shown: Tour) -> list[int]:
    """The tour's steps for what could be made: without a simulated treatment, its two steps are left out."""
    return [i for i in range(len(STEPS)) if shown.preview is not None or i not in (2, 3)]


def _now() -> float:
    return time.monotonic()


def _advance() -> int:
    """Move the tour on (once per :data:`STEP_S`: two timer runs close together, queued behind a slow one, move it once)."""
    tick = int(st.session_state.get(TICK, -1))
    now = _now()
    last = st.session_state.get(_MOVED_AT)
    if tick < 0 or not isinstance(last, float) or now - last >= STEP_S / 2:
        tick += 1
        st.session_state[TICK] = tick
        st.session_state[_MOVED_AT] = now
    return tick


@st.fragment(run_every=STEP_S)
def tour_ui() -> None:
    """One step of the tour; the timer moves it on, and after the last step it starts again."""
    shown = tour()
    lib = cache.library()
    if shown is None or lib is None:
        st.info("The tour is not available right now.")
        return
    tick = _advance()
    steps = steps_for(shown)
    step = steps[tick % len(steps)]
    st.html(to_top(tick), unsafe_allow_javascript=True)  # each step from its heading
    # in the step's one style element: a second st.html of its own took a 41 px row, and the step overran a 768 px screen
    st.html(story.screen_css(_IMAGE_HEIGHT[step], more_chrome_px=_MORE_CHROME_PX) + (_KEY_ONLY_CSS if step == 0 else "") + (_MYTH_CSS if step == 4 else ""))
    st.header(f"{steps.index(step) + 1} of {len(steps)} · {STEPS[step]}")
    if step == 0:
        analyze_ui.presenter_face_ui(shown.work, shown.report, key_only=True)
    elif step == 1:
        analyze_ui.presenter_mirror_ui(shown.work, shown.report)
    elif step == 2 and shown.preview is not None:
        _simulation_ui(lib, shown, shown.preview)
    elif step == 3:
        _timeline_ui(lib, shown)
    else:
        _myth_ui(lib, tick // len(steps))


def _simulation_ui(lib: Library, shown: Tour, preview: Preview) -> None:
    before, after = preview_ui.crops(shown.report, preview)
    before_col, after_col, words_col = st.columns([1, 1, 1.1], gap="medium")
    plan = "; ".join(preview_ui.plan_lines(lib, shown.plan))
    a11y.image(
        jpeg(before),
        alt="The sample portrait, cropped to the face and marked PHOTO",
        key="tour-before",
        caption="Before (photo)",
        width="stretch",
        where=before_col,
    )
    a11y.image(
        jpeg(after),
        alt=f"The simulation of {plan} on day {DAY}, cropped to the face and marked {MARK}",
        key="tour-after",
        caption=f"{WATERMARK}, day{NBSP}{DAY}",
        width="stretch",
        where=after_col,
    )
    with words_col:
        st.markdown(
            f"**A demonstration, not a recommendation.** Simulated on day {DAY}: "
            + "; ".join(plain(line) for line in preview_ui.plan_lines(lib, shown.plan))
            + ". An in-person examination by a licensed injector decides any treatment."
        )
        if changes := preview_ui.changes_in_words(preview):  # each with its side in words, as the warnings say it
            st.markdown(f"{changes}  \n{preview_ui.LIKELY_NOTE}")
    if notes := preview.plan_warnings_without_table():  # the tour shows no table
        st.warning("  \n".join(plain(w) for w in notes), icon=":material/info:")


def _timeline_ui(lib: Library, shown: Tour) -> None:
    st.markdown(
        f"The simulated effect on day **{DAY}**, the black line: "
        + "; ".join(plain(part) for part in preview_ui.strength_parts(lib, shown.plan, DAY))
        + ". It builds over days and fades over months."
    )
    preview_ui.presenter_timeline_ui(preview_ui.presenter_timeline(muscles(shown.plan), DAY), key="demo-timeline")


def _myth_ui(lib: Library, loop: int) -> None:
    myth = lib.myths[loop % len(lib.myths)]
    with st.container(key=MYTH_CARD):
        st.markdown(f"### “{plain(myth.myth)}”")
        st.markdown(f"**{plain(VERDICTS[myth.verdict])}.** {plain(lib.cited(myth, myth.fact))}")
        st.markdown(plain(lib.cited(myth, myth.explanation)))
        st.caption(sources_markdown(lib.sources_of(myth)))  # numbered, as on Learn: the text's [1, 2] point into it
