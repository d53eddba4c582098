"""Presenter mode's story: four steps, each one screen (1920×1080), shown one at a time.

1. **The face, measured** (first page): the photo with its overlay and the headline (above them, one line where the
   photo is read less surely: :func:`notice_px`).
2. **The mirror** (first page): the true view beside the mirror view, and the two overlaid.
3. **The plan** (Preview): what is simulated — each muscle, its side and level, and the day — beside the
   photo and the marked simulation.
4. **The timeline** (Preview): how the plan's effect builds and fades, the day marked.

Each step has a heading for screen readers (:func:`heading`). "Back", "Next" and the list of steps move through the
story; choosing a step that lives on the other page opens that page. After Back or Next the keyboard focus is on
the button pressed, or on the other where that one is now disabled (:func:`keeps_focus`). Opening a page from the sidebar shows that page's
first step. The step is a widget value kept while presenter mode is off or another page is shown
(:data:`ui.state.PRESENTER_STEP`). "New person" starts the story again: step 1, on the first page (:func:`restart`, :func:`follow_restart`).

Charts in presenter mode set every text at :data:`viz.large_type.PRESENTER_FONT_PX` or more, and the
pages leave out instructions ("Hover for…") and jargon (millimetres per pixel).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from pathlib import PurePath
from typing import Final

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import a11y, site, state

__all__ = [
    "BACK",
    "IMAGE_HEIGHT",
    "MIN_PLAN_IMAGE_HEIGHT",
    "NARROW_ONLY",
    "NARROW_PX",
    "NEXT",
    "PLAN_CHROME_PX",
    "SHORT_MIN_PLAN_IMAGE_HEIGHT",
    "SHORT_SCREEN_PX",
    "STEPS",
    "STEP_PAGES",
    "UNDER_BLOCK_PX",
    "UNDER_LINE_CHARS",
    "UNDER_LINE_PX",
    "WIDE_ONLY",
    "current",
    "follow_restart",
    "heading",
    "image_css",
    "keeps_focus",
    "notice_css",
    "notice_px",
    "plan_image_height",
    "restart",
    "screen_css",
    "step_ui",
    "steps_of",
    "under_pictures_px",
]

#: The story, in order.
STEPS: Final = ("The face, measured", "The mirror", "The plan", "The timeline")
#: The page file (in ``ui/pages``) that shows each step.
STEP_PAGES: Final = ("analyze.py", "analyze.py", "preview.py", "preview.py")
#: Widget keys of the step buttons.
BACK: Final = "presenter_back"
NEXT: Final = "presenter_next"
#: Session-state key: set when the presenter chose a step (a button or the list), so a step on another page opens it.
_GO: Final = "_presenter_go"
#: Session-state key: set by :func:`restart` until the next run opens the first step's page.
_RESTART: Final = "_presenter_restart"
#: Session-state key: the button (:data:`BACK` or :data:`NEXT`) that Back or Next asked to take the focus (:func:`_choose`).
_FOCUS: Final = "_presenter_focus"
#: Screens this high or lower (a 1366 x 768 laptop's window) are short: the parts of a step stand
#: :data:`SHORT_SCREEN_GAP_REM` apart, not Streamlit's 1 rem. At 1 rem the six gaps down the plan step and the
#: timeline step took some 100 px, and with one muscle (the mouth-corner muscle, right, strong, day 24) the plan step
#: was 806 px and the timeline step 852 px high in a 768 px window, its sources below the fold.
SHORT_SCREEN_PX: Final = 800
SHORT_SCREEN_GAP_REM: Final = 0.5
#: Static CSS (no user content) that gives a step the screen: a smaller page title, less padding above and below.
_BASE_CSS: Final = (
    "<style>.block-container { padding-top: 2.25rem !important; padding-bottom: 1rem !important; }"
    " [data-testid='stHeading'] h1 { font-size: 2.1rem; padding-top: 0; padding-bottom: 0.25rem; }"
    " @media (max-height: 900px) { .block-container { padding-top: 1.25rem !important; }"
    " [data-testid='stHeading'] h1 { font-size: 1.6rem; } }"
    f" @media (max-height: {SHORT_SCREEN_PX}px) {{ .block-container [data-testid='stVerticalBlock'] {{ gap: {SHORT_SCREEN_GAP_REM}rem; }} }}"
)
#: The steps' charts that take the height the screen leaves, by the key of the container around each (its chart drawn
#: with ``height="stretch"``): the tallest each is drawn and what its step shows besides it, CSS pixels. A Plotly chart
#: keeps a height of its own: at 640 px the overlay ran 150 px past a 1366 x 768 laptop's screen, and the timeline's
#: axis and review days went below it. (A container in Streamlit's column is a flex item sized by ``flex``, not by
#: ``height``: hence ``flex: none``.)
CHART_HEIGHTS: Final = {"mm-stretch-overlay": (640, 280), "mm-stretch-timeline": (460, 380)}
#: The key of the container around the timeline step's chart.
TIMELINE_CHART: Final = "mm-stretch-timeline"


#: Screens this wide or narrower (a phone, a tablet upright: Streamlit's own limit for its sidebar) see what a step
#: keeps for them (:data:`NARROW_ONLY`) in place of what needs the width (:data:`WIDE_ONLY`), CSS pixels.
NARROW_PX: Final = 768
#: Keys of the containers shown only above or only up to :data:`NARROW_PX`.
WIDE_ONLY: Final = "mm-wide-only"
NARROW_ONLY: Final = "mm-narrow-only"


def _hidden(key: str) -> str:
    """A rule that hides a keyed container and its wrapper (a flex item of its own: left showing, it kept its gap)."""
    return f".st-key-{key}, [data-testid='stLayoutWrapper']:has(> .st-key-{key}) {{ display: none !important; }}"


# On a narrow screen the page also clears Streamlit's top bar, which sat over the first line of the page's title.
_WIDTH_RULES: Final = (
    f" @media (max-width: {NARROW_PX}px) {{ {_hidden(WIDE_ONLY)} .block-container {{ padding-top: 3.75rem !important; }} }}"
    f" @media (min-width: {NARROW_PX + 1}px) {{ {_hidden(NARROW_ONLY)} }}"
)


def _chart_rules(more_chrome_px: int) -> str:
    """The rules that size the steps' charts (:data:`CHART_HEIGHTS`), each leaving ``more_chrome_px`` more for words."""
    return "".join(
        f" .st-key-{key} {{ height: min({tallest}px, calc(100vh - {rest + more_chrome_px}px)) !important; min-height: 0 !important; flex: none !important; }}"
        for key, (tallest, rest) in CHART_HEIGHTS.items()
    )


#: The tallest a step's pictures are drawn, CSS pixels (with the title, notices and words, each step fits 1080 px). The
#: plan step's: what a 1080 px screen leaves beside :data:`SHORT_SCREEN_CHROME_PX` and :data:`PLAN_CHROME_PX`, before
#: the words under them (:func:`plan_image_height`).
IMAGE_HEIGHT: Final = (None, 520, 620, None)
#: What a step shows above and below its pictures on a short screen (title, notices, the step list, captions), CSS
#: pixels: the pictures take the rest of the screen's height, no more than their step allows.
SHORT_SCREEN_CHROME_PX: Final = 360


def _image_rule(image_height: int | None, more_chrome_px: int = 0, least: int | None = None) -> str:
    """The static rule for a step's pictures (:func:`ui.a11y.image`): no taller than ``image_height`` CSS pixels
    (``None``: no limit of its own) nor than the screen leaves beside :data:`SHORT_SCREEN_CHROME_PX` (and
    ``more_chrome_px``) of words and controls, and no shorter than ``least`` (``None``: no such floor), never wider
    than their column, centred in it."""
    screen = f"calc(100vh - {SHORT_SCREEN_CHROME_PX + int(more_chrome_px)}px)"
    limit = screen if image_height is None else f"min({int(image_height)}px, {screen})"
    limit = limit if least is None else f"max({int(least)}px, {limit})"
    return f"figure.mm-figure img {{ width: auto !important; max-width: 100%; max-height: {limit}; margin: 0 auto; }}"


#: The plan step's largest changes (or what the day shows instead) sit under its pictures, and its warnings beside
#: them, in the words' column: each line under the pictures (about :data:`UNDER_LINE_CHARS` characters at 1920 px
#: with the sidebar open) takes :data:`UNDER_LINE_PX` from the pictures' height, and the block itself
#: :data:`UNDER_BLOCK_PX` (its gap and margin), down to :data:`MIN_PLAN_IMAGE_HEIGHT`. With four warnings in one box
#: under the pictures (frl_london_136's lower left brow under the forehead muscle, with the mouth-corner muscle), the
#: pictures were left 260 px of a 1080 px screen; across the step under the words, the step was 1255 px high.
UNDER_LINE_PX: Final = 34  # presenter mode's 21 px type, 1.6 lines apart
UNDER_LINE_CHARS: Final = 96
UNDER_BLOCK_PX: Final = 32
MIN_PLAN_IMAGE_HEIGHT: Final = 260
#: The least on a short screen (:data:`SHORT_SCREEN_PX`): with the forehead muscle alone, three largest changes of two
#: lines each ended 25 px below a 768 px window under pictures 260 px high.
SHORT_MIN_PLAN_IMAGE_HEIGHT: Final = 230
#: What the plan step shows around its pictures besides :data:`SHORT_SCREEN_CHROME_PX` (the photo's name above them,
#: their captions, the page's bottom padding), CSS pixels: measured at 1920 x 1080, the pictures start 406 px down
#: and their captions and the padding take 60 px under them.
PLAN_CHROME_PX: Final = 100


def under_pictures_px(paragraphs: Sequence[str]) -> int:
    """The height ``paragraphs`` (each a line of its own) take under the plan step's pictures, CSS pixels (0 for none).

    Examples
    --------
    >>> under_pictures_px([]), under_pictures_px(["short"] * 4), under_pictures_px(["word " * 30] * 3)
    (0, 168, 236)
    """
    lines = sum(max(1, len(textwrap.wrap(p, UNDER_LINE_CHARS))) for p in paragraphs)
    return UNDER_BLOCK_PX + UNDER_LINE_PX * lines if lines else 0


def plan_image_height(paragraphs: Sequence[str]) -> int:
    """The tallest the plan step's pictures may be above ``paragraphs``, CSS pixels: :data:`IMAGE_HEIGHT`'s, less the
    room the paragraphs take (:func:`under_pictures_px`), no less than :data:`MIN_PLAN_IMAGE_HEIGHT`.

    Examples
    --------
    >>> plan_image_height([]), plan_image_height(["short"] * 4), plan_image_height(["word " * 200] * 4)
    (620, 452, 260)
    """
    base = IMAGE_HEIGHT[STEPS.index("The plan")]
    assert base is not None
    return max(MIN_PLAN_IMAGE_HEIGHT, base - under_pictures_px(paragraphs))


#: The plan step's warnings, one box in the column beside its pictures under the plan and its day: about
#: :data:`WARN_LINE_CHARS` characters a line at presenter mode's type in that column at 1920 px, and room for
#: :data:`WARN_FREE_LINES` lines. Beyond that the box's type is made smaller, by the square root of the room over the
#: lines (a smaller type fits more words on a line and more lines in the room), to no less than
#: :data:`WARN_MIN_SCALE`, so that every warning stays on the screen: frl_london_136 with the forehead muscle left and
#: the mouth-corner muscle right had four warnings, 14 such lines, and the step was 1150 px high on a 1080 px screen;
#: with the forehead muscle alone, 13 lines, 1085 px.
WARN_LINE_CHARS: Final = 50
WARN_FREE_LINES: Final = 11
WARN_MIN_SCALE: Final = 0.72
#: On a short screen (:data:`SHORT_SCREEN_PX`) the box has room for :data:`WARN_SHORT_FREE_LINES` such lines below the
#: plan and the day, which end some :data:`WARN_SHORT_TOP_PX` down a 768 px window (a plan line that wraps included);
#: beyond them its type is made smaller in the same way, and what still does not fit scrolls inside the box. With the
#: forehead muscle alone, three warnings ran the plan step to 914 px at 1366 x 768, the box cut mid-sentence by the fold.
WARN_SHORT_FREE_LINES: Final = 5
WARN_SHORT_TOP_PX: Final = 560
#: The smallest type the box takes there, rem (14.5 px of a short screen's 17 px: 0.72 was 12 px).
WARN_SHORT_MIN_SCALE: Final = 0.85


def warnings_css(key: str, paragraphs: Sequence[str]) -> str:
    """A style sheet (static: no user content; ``key`` checked) for the warnings box in the container drawn with ``key``:
    its type smaller where ``paragraphs`` take more lines than :data:`WARN_FREE_LINES` (on a short screen, than
    :data:`WARN_SHORT_FREE_LINES`, the box then held to the screen), else ``""``.

    Examples
    --------
    >>> warnings_css("words", ["a short warning"] * 3)
    ''
    >>> warnings_css("words", ["word " * 30] * 10).split(" @media")[0]  # 30 lines: sqrt(11 / 30) = 0.61, no less than 0.72
    '<style>.st-key-words [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p { font-size: 0.72rem; }'
    >>> "max-height: calc(100vh - 560px); overflow-y: auto;" in warnings_css("words", ["word " * 30] * 2)  # 6 lines
    True
    """
    lines = sum(max(1, -(-len(p) // WARN_LINE_CHARS)) for p in paragraphs)
    box = f'.st-key-{a11y.check_key(key)} [data-testid="stAlert"]'
    sheets = []
    if lines > WARN_FREE_LINES:
        scale = max(WARN_MIN_SCALE, (WARN_FREE_LINES / lines) ** 0.5)
        sheets.append(f'{box} [data-testid="stMarkdownContainer"] p {{ font-size: {scale:.2f}rem; }}')
    if lines > WARN_SHORT_FREE_LINES:  # a short screen: smaller type, and what still does not fit scrolls inside the box
        scale = max(WARN_SHORT_MIN_SCALE, (WARN_SHORT_FREE_LINES / lines) ** 0.5)
        held = f"{box} {{ max-height: calc(100vh - {WARN_SHORT_TOP_PX}px); overflow-y: auto; }}"
        short = f'{box} [data-testid="stMarkdownContainer"] p {{ font-size: {scale:.2f}rem; }} {held}'
        sheets.append(f"@media (max-height: {SHORT_SCREEN_PX}px) {{ {short} }}")
    return f"<style>{' '.join(sheets)}</style>" if sheets else ""


#: The timeline step's words (what is simulated on the day, the chart's note and sources) around its chart: up to
#: :data:`TIMELINE_FREE_LINES` lines of about :data:`TIMELINE_LINE_CHARS` characters at 1920 px fit beside the chart's
#: tallest; each line more takes :data:`TIMELINE_LINE_PX` from it. A plan of two muscles (the forehead's and the frown
#: muscle's) ran to a third line of sources: the step was 1084 px high. The plot itself keeps at least
#: :data:`MIN_TIMELINE_PLOT_PX` (the step scrolls rather): three muscles' words and peak labels left it 110 px at
#: 1920 x 1080 and 8 px on a 1366 x 768 laptop.
TIMELINE_LINE_CHARS: Final = 150
TIMELINE_FREE_LINES: Final = 4
TIMELINE_LINE_PX: Final = 30
MIN_TIMELINE_PLOT_PX: Final = 180
#: What the timeline step shows around its chart on a short screen (:data:`SHORT_SCREEN_PX`), CSS pixels: at 1366 x 768
#: the safety notice and the step's two lines of words wrap, and with one muscle the words, controls and padding took
#: 404 px; at :data:`CHART_HEIGHTS`' 380 the chart's sources ended 25 px below the screen. Presenter mode's captions
#: (the sources, "Showing: …") keep their 18.4 px there (ui.shell), a line or two more than at 14.9 px.
SHORT_TIMELINE_REST_PX: Final = 480
#: The least the timeline's plot keeps on a short screen, CSS pixels: its six share ticks (0 to 100 %) in 20 px type
#: still stand apart; at :data:`MIN_TIMELINE_PLOT_PX` the one-muscle step ran 25 px past a 768 px window.
MIN_SHORT_TIMELINE_PLOT_PX: Final = 140


def timeline_css(paragraphs: Sequence[str], chart_margins_px: float) -> str:
    """A style sheet (static: no user content) for the timeline step's chart: shorter by a line's height for each line
    of ``paragraphs`` (the step's words, each line break a paragraph) beyond :data:`TIMELINE_FREE_LINES`, and never so
    short that its plot, inside ``chart_margins_px`` (top and bottom, for the title, the peaks' labels and the axis),
    is under :data:`MIN_TIMELINE_PLOT_PX`; on a short screen (:data:`SHORT_SCREEN_PX`) it leaves the words
    :data:`SHORT_TIMELINE_REST_PX`, its plot no less than :data:`MIN_SHORT_TIMELINE_PLOT_PX`.

    Examples
    --------
    >>> timeline_css(["a short line"] * 4, 144).split(" @media")[0]
    '<style>.st-key-mm-stretch-timeline { height: max(324px, min(460px, calc(100vh - 380px))) !important; }'
    >>> timeline_css(["a short line"] * 4, 144).split("@media (max-height: 800px) ")[1]
    '{ .st-key-mm-stretch-timeline { height: max(284px, min(460px, calc(100vh - 480px))) !important; } }</style>'
    >>> "max(324px, min(400px, calc(100vh - 440px)))" in timeline_css(["word " * 60] * 3, 144)
    True
    """
    lines = sum(max(1, len(textwrap.wrap(p, TIMELINE_LINE_CHARS))) for p in paragraphs)
    less = TIMELINE_LINE_PX * max(0, lines - TIMELINE_FREE_LINES)
    tallest, rest = CHART_HEIGHTS[TIMELINE_CHART]
    least = round(chart_margins_px) + MIN_TIMELINE_PLOT_PX
    rule = ".st-key-{key} {{ height: max({least}px, min({tallest}px, calc(100vh - {rest}px))) !important; }}"
    tall = rule.format(key=TIMELINE_CHART, least=least, tallest=tallest - less, rest=rest + less)
    least_short = round(chart_margins_px) + MIN_SHORT_TIMELINE_PLOT_PX
    short = rule.format(key=TIMELINE_CHART, least=least_short, tallest=tallest - less, rest=SHORT_TIMELINE_REST_PX + less)
    return f"<style>{tall} @media (max-height: {SHORT_SCREEN_PX}px) {{ {short} }}</style>"


#: The first step's notice on how the photo was read (a face showing an expression, a tilted head) sits above its
#: overlay, across the page, and takes its height from the overlay chart: a block of :data:`NOTICE_BLOCK_PX` (the
#: box's padding and the gap under it) and :data:`NOTICE_LINE_PX` for each line of about :data:`NOTICE_LINE_CHARS`
#: characters (presenter mode's 21 px type across a 1366 px laptop's page beside the open sidebar). With the engine's
#: full sentence in a box beside the headline, the step ran 1145 px tall at 1920 x 1080 and 926 px at 1366 x 768:
#: the sentence was cut mid-way and the overlay's legend below the screen.
NOTICE_BLOCK_PX: Final = 50
NOTICE_LINE_PX: Final = 34
NOTICE_LINE_CHARS: Final = 80
#: The key of the container around the first step's overlay chart.
OVERLAY_CHART: Final = "mm-stretch-overlay"


def notice_px(text: str) -> int:
    """The height the first step's notice ``text`` takes above the overlay, CSS pixels (0 for no text).

    Examples
    --------
    >>> notice_px(""), notice_px("Measured less surely: the face shows an expression."), notice_px("word " * 40)
    (0, 84, 152)
    """
    if not text:
        return 0
    return NOTICE_BLOCK_PX + NOTICE_LINE_PX * len(textwrap.wrap(text, NOTICE_LINE_CHARS))


def notice_css(more_chrome_px: int) -> str:
    """A style sheet (static: no user content) that makes the first step's overlay chart ``more_chrome_px`` shorter,
    at its tallest and on a short screen alike, to leave room for a notice above it (:func:`notice_px`).

    Examples
    --------
    >>> notice_css(84)
    '<style>.st-key-mm-stretch-overlay { height: min(556px, calc(100vh - 364px)) !important; }</style>'
    """
    tallest, rest = CHART_HEIGHTS[OVERLAY_CHART]
    more = int(more_chrome_px)
    return f"<style>.st-key-{OVERLAY_CHART} {{ height: min({tallest - more}px, calc(100vh - {rest + more}px)) !important; }}</style>"


def image_css(image_height: int, *, more_chrome_px: int = 0) -> str:
    """A style sheet that only sets how tall a step's pictures may be (static: no user content), for a step whose
    pictures must leave room below them, no less than :data:`MIN_PLAN_IMAGE_HEIGHT`; ``more_chrome_px``: what the step
    shows besides :data:`SHORT_SCREEN_CHROME_PX`.

    Examples
    --------
    >>> image_css(310).split(" @media")[0]
    '<style>figure.mm-figure img { width: auto !important; max-width: 100%; max-height: max(260px, min(310px, calc(100vh - 360px))); margin: 0 auto; }'
    >>> "@media (max-height: 800px) { figure.mm-figure img { width: auto !important; max-width: 100%; max-height: max(230px," in image_css(310)
    True
    >>> "calc(100vh - 628px)" in image_css(452, more_chrome_px=PLAN_CHROME_PX + 168)
    True
    """
    # never under MIN_PLAN_IMAGE_HEIGHT: on a 768 px laptop the screen's share alone left the plan's pictures 106 px high
    short = _image_rule(image_height, more_chrome_px, least=SHORT_MIN_PLAN_IMAGE_HEIGHT)
    return f"<style>{_image_rule(image_height, more_chrome_px, least=MIN_PLAN_IMAGE_HEIGHT)} @media (max-height: {SHORT_SCREEN_PX}px) {{ {short} }}</style>"


def screen_css(image_height: int | None, *, more_chrome_px: int = 0) -> str:
    """The static style sheet of one screen-sized step; ``image_height``: the tallest its pictures may be, CSS pixels;
    ``more_chrome_px``: what a screen shows besides presenter mode's own words and controls (the demo's tour says
    more under its pictures), taken from the pictures and the charts on a short screen only.

    Examples
    --------
    >>> "max-height: min(400px," in screen_css(400), "max-height: min(" in screen_css(None)
    (True, False)
    >>> "calc(100vh - 410px)" in screen_css(520, more_chrome_px=50), "calc(100vh - 430px)" in screen_css(None, more_chrome_px=50)
    (True, True)
    """
    # a step without its own limit (the first page's overlay) still leaves the screen room for its words
    return _BASE_CSS + _chart_rules(more_chrome_px) + _WIDTH_RULES + " " + _image_rule(image_height, more_chrome_px) + "</style>"


def steps_of(page: str) -> list[int]:
    """The steps a page shows (indices into :data:`STEPS`).

    Examples
    --------
    >>> steps_of("preview.py"), steps_of("learn.py")
    ([2, 3], [])
    """
    return [i for i, name in enumerate(STEP_PAGES) if name == page]


def current() -> int:
    """The step the story is on (0 when unset or out of range)."""
    value = st.session_state.get(state.PRESENTER_STEP, 0)
    return value if isinstance(value, int) and 0 <= value < len(STEPS) else 0


def restart() -> None:
    """Start the story again at its first step (``on_click`` time, e.g. "New person"); the next run opens its page.

    Left alone, a page that shows other steps kept showing its own first one: after "New person" on Preview the next
    person's story went on at "3 · The plan".
    """
    st.session_state[state.PRESENTER_STEP] = 0
    st.session_state[_RESTART] = True


def follow_restart() -> None:
    """Open the first step's page once after :func:`restart` (call before anything is drawn or any notice is taken:
    ``st.switch_page`` starts the run afresh on that page)."""
    if not st.session_state.pop(_RESTART, False) or not state.presenter():
        return
    target = site.page_path(STEP_PAGES[0])
    if target is not None and _page_file() != STEP_PAGES[0]:  # already there: no second run
        st.switch_page(target)


def _page_file() -> str | None:
    """The file name of the page this run shows (``None`` outside a run)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash)
    path = info.get("script_path") if info else None
    return PurePath(str(path)).name if path else None


def keeps_focus(pressed: str, step: int) -> str:
    """The key of the button that takes the keyboard focus once ``pressed`` (:data:`BACK` or :data:`NEXT`) has moved the
    story to ``step``: the one pressed, or the other where the one pressed is now disabled (Next at the last step, Back
    at the first), so a keyboard keeps its place.

    Examples
    --------
    >>> keeps_focus(NEXT, 1), keeps_focus(NEXT, len(STEPS) - 1), keeps_focus(BACK, 2), keeps_focus(BACK, 0)
    ('presenter_next', 'presenter_back', 'presenter_back', 'presenter_next')
    """
    last = len(STEPS) - 1
    if pressed == NEXT:
        return NEXT if step < last else BACK
    return BACK if step > 0 else NEXT


def _choose(step: int, pressed: str) -> None:
    """``on_click`` of Back and Next: the step, and the focus back on a button in the run that shows it.

    The focus fell to the page's body after Next from step 2 (Preview opens: every element is new) and from step 3
    (Next is disabled at the last step), and the next Tab went to the step list's first step.
    """
    step = max(0, min(len(STEPS) - 1, step))
    st.session_state[state.PRESENTER_STEP] = step
    st.session_state[_GO] = True
    key = keeps_focus(pressed, step)
    st.session_state[_FOCUS] = key  # asked again before another page opens (step_ui)
    a11y.focus_next_run(key)  # the sidebar draws it in this run (ui.shell.sidebar)


def _chosen() -> None:
    """``on_change`` of the list of steps."""
    st.session_state[_GO] = True


def _label(step: int) -> str:
    return f"{step + 1} · {STEPS[step]}"


#: Static (no user content): a step's heading is for screen readers only (the list of steps shows its name). Its element
#: is taken out of the page's flow, so it adds no row and no gap: each step is sized to fit the screen.
_HEADING_CSS: Final = (
    "<style>.stElementContainer:has(> .stHtml > h2.mm-step-heading) { position: absolute !important; width: 1px !important;"
    " min-width: 0 !important; height: 1px !important; margin: -1px !important; padding: 0 !important; border: 0 !important;"
    " overflow: hidden !important; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }</style>"
)


def heading(step: int) -> str:
    """A step's heading, for screen readers: the page's title was the only heading, so a person moving by headings
    (a screen reader's H key) found no step but the first.

    Examples
    --------
    >>> heading(2)
    'Step 3 of 4: The plan'
    """
    return f"Step {step + 1} of {len(STEPS)}: {STEPS[step]}"


def step_ui(page: str) -> int:
    """Back, the list of steps and Next; returns the step this page shows.

    When the presenter chose a step another page shows, that page opens (``st.switch_page``); when they
    opened this page another way (the sidebar), the story moves to this page's first step.
    """
    step = current()
    go = bool(st.session_state.pop(_GO, False))
    focus = st.session_state.pop(_FOCUS, None)
    if STEP_PAGES[step] != page:
        target = site.page_path(STEP_PAGES[step])
        if go and target is not None:
            if isinstance(focus, str):  # the sidebar drew this run's request, which the page's switch throws away
                a11y.focus_next_run(focus)
            st.switch_page(target)
        step = steps_of(page)[0]
    st.session_state[state.PRESENTER_STEP] = step  # before the list is drawn: its value this run
    st.html(screen_css(IMAGE_HEIGHT[step]))
    st.html(f'{_HEADING_CSS}<h2 class="mm-step-heading">{html.escape(heading(step))}</h2>')
    # One row of content-sized parts: in fixed columns a narrower window (the sidebar open, 1400 px) squeezed the
    # buttons until "Back" and "Next" broke mid-word; here the list of steps moves below the buttons instead.
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button("Back", key=BACK, on_click=_choose, args=(step - 1, BACK), disabled=step == 0, icon=":material/arrow_back:", width="content")
    row.button("Next", key=NEXT, on_click=_choose, args=(step + 1, NEXT), disabled=step == len(STEPS) - 1, icon=":material/arrow_forward:", width="content")
    row.segmented_control(
        "Step of the story",
        list(range(len(STEPS))),
        format_func=_label,
        key=state.PRESENTER_STEP,
        persist_state="session",
        on_change=_chosen,
        required=True,
        label_visibility="collapsed",
        width="content",
    )
    return step
