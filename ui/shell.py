"""The frame around every page: the page list, the sidebar (presenter mode, "New person", safety notices) and the type size.

Importing this module also prepares the process once, before any page runs (:func:`warm_up`).
"""

from __future__ import annotations

import gc
import importlib
import threading
from typing import Final, Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import a11y, phone, plan, presenter, session, state, widgets
from ui.site import PAGE_LIST, PAGES_DIR, SAFETY, TOUR_ICON


def _css_string(text: str) -> str:
    """``text`` for a CSS string in double quotes (``content: "..."``): its backslashes and double quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


# Static CSS (no user content): larger type for a shared screen; larger still in presenter mode. A metric's value and
# its line under it wrap onto more lines rather than ending in "…": the headline names a measure ("Brow height (above the
# pupil)"), and in presenter mode's larger type "Mouth-corner drop" was cut to "Mouth-cor…" at 1400 px; at 700 px its
# line read "3.0 ± 0.6 mm · left brow tail hi…", the side it names cut off. The line's grey capsule (fully rounded ends)
# gets corners rounded within a line's height: wrapped onto two lines at 1366 px and on a phone, its text ran into the
# rounded ends.
_METRIC_WRAP = (
    " [data-testid='stMetricValue'], [data-testid='stMetricValue'] *, [data-testid='stMetricDelta'], [data-testid='stMetricDelta'] *"
    " { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.15; }"
    " [data-testid='stMetricDelta'] { border-radius: 0.6em !important; padding: 0.15em 0.6em !important; }"
)
# Keyboard focus on a page link (the sidebar's menu, the links between pages), a tab, a switch or a radio option drew only a
# faint tint (about 1.2:1 on white): a ring in the text's own colour, which contrasts with the background in the light
# and the dark scheme alike. A switch's and an option's input is hidden: the ring goes round its label.
_FOCUS_RING = (
    " [data-testid='stSidebarNav'] a:focus-visible, [data-testid='stPageLink'] a:focus-visible, [data-testid='stTabs'] [role='tab']:focus-visible,"
    " [data-testid='stCheckbox'] label:has(input:focus-visible), [data-testid='stRadioOption']:has(input:focus-visible)"
    " { outline: 2px solid currentColor !important; outline-offset: 2px; border-radius: 0.5rem; }"
)
# A menu entry that does not fit wraps onto a second line: the current page's name is set in bold, and at 1920 px in
# presenter mode "Expressions: how you move" came out 0.03 px wider than its 175 px and ended "how you mo…".
_MENU_WRAP = (
    " [data-testid='stSidebarNav'] a p, [data-testid='stSidebarNav'] a div, [data-testid='stSidebarNav'] a > span"
    " { white-space: normal !important; text-overflow: clip !important; overflow: visible !important; }"
)
# Preview's plan builder sets its two pickers in the narrower columns of five: at 200% zoom (700 px) they read "Forehead
# musc…" and "Nose-bridge frown m…". Each keeps room for the longest name, and the row wraps instead. The side's and
# the level's columns keep room for their longest word too (BUILDER_WORD_REM: "Relaxation" and its "?", "moderate"
# beside its circle, about 6.5rem): at 860-920 px (a 1366 px laptop at 150 % zoom is 911 px) they were squeezed to
# 60-80 px and read "Relaxati/on", "moder/ate", "righ/t"; they wrap under the pickers instead. At 1000 px and wider they
# are 150 px or more, and nothing moves. A line's "Remove" keeps its word whole the same way ("Re/mo/ve" at 911 px), its
# line narrower (the innermost column holding it: Streamlit's column is inside another where the page sets two).
BUILDER_WORD_REM = 7.5
_BUILDER_WRAP = (
    f" [data-testid='stColumn']:has([class*='st-key-{plan.REMOVE}-']):not(:has([data-testid='stColumn'])) {{ min-width: fit-content; }}"
    f" .st-key-{plan.BUILDER} [data-testid='stHorizontalBlock'] {{ flex-wrap: wrap; }}"
    f" .st-key-{plan.BUILDER} [data-testid='stColumn']:nth-child(-n+2) {{ min-width: 14rem; }}"
    f" .st-key-{plan.BUILDER} [data-testid='stColumn']:has([class*='st-key-{plan.SIDE}-'], .st-key-{plan.LEVEL})"
    f" {{ min-width: {BUILDER_WORD_REM}rem; }}"
)
# In the same row, the level's three choices ("light", "moderate", "strong": about 14.4rem in a row) wrapped unevenly in
# the 10.8rem of a 1366 px screen, "strong" alone under the other two: one under another wherever its box is narrower
# than 15rem, in a row where they fit (the container query measures the radio's own box, not the screen).
_LEVEL_ROWS = (
    f" .st-key-{plan.LEVEL} {{ container-type: inline-size; width: 100%; }}"
    f" @container (max-width: 15rem) {{ .st-key-{plan.LEVEL} [role='radiogroup']"
    " { flex-direction: column; flex-wrap: nowrap; align-items: flex-start; row-gap: 0; } }"
)
# Streamlit puts a "Link to heading" anchor beside every heading: a stop for the keyboard before each (on Learn the
# first Tab reached one before the search box), for a link no one in a consult room copies.
_NO_HEADING_LINKS = " [data-testid='stHeaderActionElements'] { display: none !important; }"
# On a phone a row of tabs scrolled sideways: Learn's last three of eight ("Consult checklist", "Aftercare", "How we
# measure") were off screen with nothing to say they were there. A row of tabs wraps onto more rows wherever its own box
# is too narrow for it, whatever the screen: at 200 % zoom on a laptop (960 CSS pixels, the sidebar open) Learn's
# column is about 530 px and the row was cut at "See a docto›" under a rule kept to screens of 640 px or less. A row
# that fits its box (Learn on a 1366 px laptop) is drawn as before: wrapping moves nothing until a tab would not fit.
_TABS_WRAP = " [data-testid='stTabs'] [role='tablist'] { flex-wrap: wrap; row-gap: 0.25rem; }"
# On a touch screen every "?" help icon was a 17 x 17 px target and the buttons that open and close the sidebar 30 x 30
# px, below WCAG 2.2's 24 x 24 px (and the 44 x 44 px that iOS and Android ask). Where the pointer is a finger, an
# invisible square of TOUCH_PX round each takes the tap; what is drawn, and a mouse's targets, stay as they were. (A
# button with help text sits in the same tooltip box, with a data-testid of its own: it is large enough already.)
TOUCH_PX = 44
_SMALL_TARGETS = (
    "[data-testid='stTooltipHoverTarget'] > button:not([data-testid])",
    "[data-testid='stExpandSidebarButton']",
    "[data-testid='stSidebarCollapseButton'] button",
)
_TOUCH_TARGETS = (
    f" @media (pointer: coarse) {{ {', '.join(_SMALL_TARGETS)} {{ position: relative; }}"
    f" {', '.join(f'{target}::after' for target in _SMALL_TARGETS)}"
    f" {{ content: ''; position: absolute; left: 50%; top: 50%; width: {TOUCH_PX}px; height: {TOUCH_PX}px; transform: translate(-50%, -50%); }} }}"
)
# On a touch screen the rows of a radio (Preview's Side and Relaxation) were 24 px tall at a 24 px pitch, a switch's
# label 22 px, the pills and segmented controls (the first page's Layers, Preview's View) 34 px, and Learn's tabs 43 px on
# a 390 x 844 phone: each at least TOUCH_PX tall where the pointer is a finger, its words centred in it; a mouse's layout
# stays as it was.
_TOUCH_ROWS = (
    " @media (pointer: coarse) { [data-testid='stRadioOption'], [data-testid='stCheckbox'] label"
    f" {{ min-height: {TOUCH_PX}px; align-items: center; }} [data-testid='stButtonGroup'] button, [data-testid='stTabs'] [role='tab']"
    f" {{ min-height: {TOUCH_PX}px; }} }}"
)
# A closed sidebar (a narrow screen, 200 % zoom, or closed by hand) kept its controls and page menu in the Tab order and
# the reading order, drawn off screen (x = -280 px): hidden while Streamlit marks it closed (aria-expanded "false").
# Visibility changes at the end of the 0.3 s slide when it closes and at its start when it opens (an animation between
# visible and hidden stays visible throughout), so the slide still shows; the other three are Streamlit's own. Whatever
# inside sets its own visibility follows (a label's "?" help stayed a Tab stop, its label being set visible).
_CLOSED_SIDEBAR = (
    " [data-testid='stSidebar'] { transition: transform 0.3s, min-width 0.3s, max-width 0.3s, visibility 0.3s; }"
    " [data-testid='stSidebar'][aria-expanded='false'] { visibility: hidden; }"
    " [data-testid='stSidebar'][aria-expanded='false'] * { visibility: inherit !important; }"
)
# On a phone the page's title (2.75rem, 46.75 px) took three lines and a third of the first screen, and a section's two:
# headings a step smaller there, in the same order of sizes.
_PHONE_HEADINGS = (
    " @media (max-width: 640px) { [data-testid='stHeading'] h1 { font-size: 1.9rem; } [data-testid='stHeading'] h2 { font-size: 1.4rem; }"
    " [data-testid='stHeading'] h3 { font-size: 1.2rem; } }"
)
# A file over server.maxUploadSize (25 MB) is refused by the browser and never reaches the server, so no page can say so:
# Streamlit 1.60 showed only a pink chip with "!", the name and the size, its own "Error: File must be 25.0MB or smaller."
# in the chip but visually hidden (a role=alert span for screen readers), and its "Limit 25MB per file" gone. That span
# is shown on a line of its own under the name, with what to do after it (ui.widgets.upload_refused_advice), in every
# uploader of every page; a chip without an error has no such span and is drawn as before.
_CHIP_ALERT = "[data-testid='stFileChip'] [role='alert']"
_REFUSED_FILE = (
    " [data-testid='stFileChip'][aria-invalid='true'] { flex-wrap: wrap; height: auto; row-gap: 0.25rem; }"
    f" {_CHIP_ALERT} {{ position: static !important; clip: auto !important; clip-path: none !important; width: auto !important;"
    " height: auto !important; margin: 0 !important; padding: 0 !important; overflow: visible !important; white-space: normal !important;"
    " flex: 1 0 100%; font-size: 0.875rem; line-height: 1.4; color: inherit; }"
    f' {_CHIP_ALERT}::after {{ content: " {_css_string(widgets.upload_refused_advice())}"; }}'
)
# "Take a photo with the camera" in the first page's narrow middle column (about 233 px at 1366 x 768): Streamlit sizes
# its "This app would like to use your camera." box to the video's 16:9 (131 px) with its content centred, and the icon,
# three lines of text and the link (about 170 px) overflowed at both ends, the top half of the icon cut off under the
# label. The box grows to its content wherever that is taller; the video's own box (with a data-testid) is untouched.
_CAMERA_ASK = " [data-testid='stCameraInputWebcamComponent'] > div:not([data-testid]) { min-height: max-content; }"
# The camera's video showed at the camera's own size (1280 x 720 filled a 768 px screen) for about a second whenever it
# started, on the switch and after every photo (each photo brings a new, empty camera), before Streamlit fitted it to
# its column: the page jumped and a close-up of the face filled it. It never grows past its column.
_CAMERA_VIDEO = " [data-testid='stCameraInput'] video { max-width: 100% !important; height: auto !important; }"
#: What both type sizes share.
_SHARED_CSS = (
    f"{_METRIC_WRAP}{_FOCUS_RING}{_TABS_WRAP}{_MENU_WRAP}{_NO_HEADING_LINKS}{_BUILDER_WRAP}{_LEVEL_ROWS}{_TOUCH_TARGETS}{_TOUCH_ROWS}"
    f"{_CLOSED_SIDEBAR}{session.IDLE_BOX_CSS}{_PHONE_HEADINGS}{_REFUSED_FILE}{_CAMERA_ASK}{_CAMERA_VIDEO}"
)
_BASE_CSS = f"<style>html {{ font-size: 17px; }} [data-testid='stMetricValue'] {{ font-size: 2.1rem; }}{_SHARED_CSS}</style>"
#: Presenter mode's type, CSS pixels: the page's (the root's) and the line under a headline number (the headline's "1.9 ±
#: 1.2 mm · left inner brow higher · near what people commonly notice"), which Streamlit sets at 0.875rem, 18.4 px, the
#: smallest type on a shared screen for the part an audience most needs (the charts' is 20 px and more); a caption's is
#: Streamlit's 0.875rem of the page's type.
PRESENTER_TYPE_PX = 21
PRESENTER_DELTA_PX = 22.05
PRESENTER_CAPTION_PX = 0.875 * PRESENTER_TYPE_PX
# A short screen (a 1366 x 768 laptop beside the patient) keeps the ordinary type: at presenter's 21 px every step ran
# 820-1040 px tall there, its pictures and headline below the fold.
_SHORT_SCREEN = (
    " @media (max-height: 900px) { html { font-size: 17px; } [data-testid='stMetricValue'] { font-size: 2.1rem; }"
    " [data-testid='stMetricDelta'] { font-size: 0.875rem; } }"
)
# In presenter mode the line under a headline number and the page's captions keep their size there: at 1280 x 720 (a
# consult room's TV) the headline's "3.0 ± 0.6 mm · left brow tail higher · …", "measured with the iris as a ruler" and
# "Showing: …" were 14.9 px, the ordinary page's, where 1920 x 1080 gives 22 and 18.4 px. The rest of the page keeps the
# short screen's type, which keeps the headline and the pictures on the screen; a step that no longer fits scrolls.
# ... and the Expressions page's results never smaller than those captions: at 1280 x 720 its grey captions were 18.4 px
# while its sentences and warnings were 17 px, its table ("7.3 ± 0.6 mm", ui.tables' 0.92rem) 15.6 px and its pictures'
# captions ("Rest", "Big smile, lined up with rest") and the blink switch 14.9 px. They take the captions' size there; the
# headings stay larger. Only in that page's results (ui.movement_ui.RESULTS): the story's steps are sized to fit a 1366 x
# 768 screen, and its headline numbers' lines have a size of their own.
#: The key of the Expressions page's results (:data:`ui.movement_ui.RESULTS`; this module does not import the pages' own
#: modules, so that one page cannot break another: the page takes it from here).
MOVEMENT_RESULTS: Final = "movement-results"
_RESULTS = f".st-key-{MOVEMENT_RESULTS}"
RESULTS_AS_CAPTIONS: Final = (
    f" {_RESULTS} [data-testid='stMarkdown'] [data-testid='stMarkdownContainer'] :is(p, li), {_RESULTS} [data-testid='stAlert'] p,"
    f" {_RESULTS} table.mm-table, {_RESULTS} figure.mm-figure figcaption, {_RESULTS} [data-testid='stWidgetLabel'] p"
    f" {{ font-size: {PRESENTER_CAPTION_PX}px; }}"
)
_SHORT_SCREEN_PRESENTER = (
    " @media (max-height: 900px) { html { font-size: 17px; } [data-testid='stMetricValue'] { font-size: 2.1rem; }"
    f" [data-testid='stMetricDelta'] {{ font-size: {PRESENTER_DELTA_PX}px; }}"
    f" [data-testid='stMain'] [data-testid='stCaptionContainer'] {{ font-size: {PRESENTER_CAPTION_PX}px; }}{RESULTS_AS_CAPTIONS} }}"
)
# The sidebar's menu is the presenter's, not the audience's: it keeps the ordinary type (Streamlit's 0.875rem at 17 px),
# where at 21 px "Expressions: how you move" and "Learn: myths and muscles" were cut short with "…".
_MENU_TYPE = " [data-testid='stSidebarNav'] a span { font-size: 14.875px !important; }"
# Every page's title in presenter mode at the story's size (ui.presenter's 2.1rem): the pages outside the story kept
# 2.75rem, and the title on a shared screen jumped from 44 to 58 px on leaving the story.
_PRESENTER_TITLE = " [data-testid='stHeading'] h1 { font-size: 2.1rem; }"
# Presenter mode's and demo mode's type, the line under a metric included (:data:`PRESENTER_DELTA_PX`).
_LARGE_TYPE = (
    f"<style>html {{ font-size: {PRESENTER_TYPE_PX}px; }} [data-testid='stMetricValue'] {{ font-size: 2.6rem; }}"
    f" [data-testid='stMetricDelta'] {{ font-size: {PRESENTER_DELTA_PX}px; }}"
    f" .block-container {{ padding-top: 1.5rem; max-width: 100%; }}{_PRESENTER_TITLE}{_SHARED_CSS}{_MENU_TYPE}"
)
_PRESENTER_CSS = f"{_LARGE_TYPE}{_SHORT_SCREEN_PRESENTER}</style>"
#: Demo mode's: presenter mode's type, the ordinary type on a short screen (every step of a tour nobody scrolls fits 1366 x 768).
_DEMO_CSS = f"{_LARGE_TYPE}{_SHORT_SCREEN}</style>"

#: The skip link's words.
SKIP_LABEL = "Skip to main content"
# Every page put eight Tab stops (the sidebar's controls and page menu) before its content. Static (no user content):
# in an element that hides itself (ui.a11y.hides_itself); adds, once per browser tab, a link first in the document (outside Streamlit's elements, which
# it redraws) that shows while it has the focus and moves the focus to the page's main part; loads and sends nothing.
_SKIP_LINK = (
    """<script>
(() => {
  if (document.querySelector("a.mm-skip")) return;
  const style = document.createElement("style");
  style.textContent = `
a.mm-skip { position: fixed; top: 0.5rem; left: 0.5rem; z-index: 1000200; padding: 0.5rem 1rem; border-radius: 0.5rem;
  background: #ffffff; color: #0e1117; border: 2px solid #0e1117; font: inherit; font-weight: 600; text-decoration: underline;
  transform: translateY(-300%); }
a.mm-skip:focus { transform: none; outline: 2px solid #1f5fa8; outline-offset: 2px; }
[data-testid="stMain"]:focus { outline: none; }`;
  document.head.append(style);
  const link = document.createElement("a");
  link.className = "mm-skip";
  link.href = "#";
  link.textContent = "SKIP_LABEL";
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return;
    main.setAttribute("tabindex", "-1");
    main.focus();
  });
  document.body.prepend(link);
})();
</script>"""
).replace("SKIP_LABEL", SKIP_LABEL)


def skip_link() -> None:
    """The "Skip to main content" link, first of the keyboard's stops on every page (a hidden element)."""
    st.html(a11y.hides_itself("skip", _SKIP_LINK), unsafe_allow_javascript=True)


NEW_PERSON = "new_person"
NEW_PERSON_YES = "new_person_yes"
NEW_PERSON_CANCEL = "new_person_cancel"
#: The container of "New person"'s question (its Escape script finds it by this key).
NEW_PERSON_QUESTION = "new-person-question"
_CONFIRM = "_new_person_confirm"
# Static but for the keys (checked by ui.a11y.check_key; in an element that hides itself): Escape, with the focus in
# "New person"'s question, presses its Cancel. Listens once per browser tab; does nothing while no question is shown.
_ESCAPE = """<script>
(() => {
  if (window.mirrormapNewPersonEscape) return;
  window.mirrormapNewPersonEscape = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const box = document.querySelector(".st-key-__QUESTION__");
    const cancel = box && box.querySelector(".st-key-__CANCEL__ button");
    if (cancel && box.contains(document.activeElement)) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
</script>"""
# Static (in an element that hides itself): the page back to its top once "New person" has cleared the session. The main
# part kept its scroll, and on a phone the next person, closing the sidebar, met the sample's results half-way down
# (1500 px) with the "cleared" sentence out of sight in the closed sidebar.
_TO_TOP = """<script>
(() => {
  const main = document.querySelector("[data-testid='stMain']");
  if (main) main.scrollTo({ top: 0 });
  window.scrollTo({ top: 0 });
})();
</script>"""
#: The container of the sentence saying "New person" cleared the session (its focus script finds it by this key).
NEW_PERSON_CLEARED = "new-person-cleared"
#: What "New person" clears, as its confirmation asks. Learn's notes and searches were left out, though a person who
#: typed notes loses them too.
CLEARS: Final = "every photo, plan, expression, visit and result of this session, and Learn's notes and searches"

_warm_lock = threading.Lock()
_warmed = False


def warm_up() -> None:
    """Import everything the pages use and freeze the objects made so far; once per process, whichever session comes first.

    Two sessions starting at once would otherwise import lazily in parallel, and one can read a
    module another is still importing (Plotly reading a half-imported pandas): the libraries that import
    lazily (pandas, pyarrow, Plotly's figure classes, Pillow's plugins) are imported here, and Python's
    import lock makes every other session wait until this module, and so this warm-up, is complete.
    The other pages' own modules are left to their first run, so that one page cannot break another. In the server
    it also measures the sample portrait the first page opens on. Freezing (``gc.freeze``) then keeps
    these long-lived objects out of the full collection Streamlit runs after every script run, which
    otherwise costs a large share of a page view.
    """
    global _warmed
    with _warm_lock:
        if _warmed:
            return
        import plotly.graph_objects as go
        import plotly.io

        for name in ("pandas", "pyarrow", "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "PIL.GifImagePlugin"):
            importlib.import_module(name)  # Streamlit's tables and images, and Plotly's serialiser, read them

        import viz
        from ui import analyze_ui  # noqa: F401  (the first page's own imports; other pages import theirs when first shown)

        # Plotly creates its figure classes and validators on first use: make them now, once.
        figure = go.Figure([go.Scatter(x=[0], y=[0]), go.Bar(x=[0], y=[0]), go.Image(z=[[[0, 0, 0]]]), go.Heatmap(z=[[0]])])
        plotly.io.to_json(figure, validate=False)
        viz.content.load()
        if get_script_run_ctx() is not None:  # in the server (not when a test imports this module)
            _prepare_sample()
        gc.collect()
        gc.freeze()
        _warmed = True


def _prepare_sample() -> None:
    """Measure the sample portrait and make what the first page shows of it, once per process (every session shares it)."""
    from ui import cache

    data, digest = cache.sample()
    work = cache.work(digest, data)
    report = work.report(False)
    if isinstance(report, cache.Failure):
        return
    work.views(report)
    work.overlay(report, False, cache.library())
    work.measures(report, False)
    work.blended(report, int(str(state.DEFAULTS[state.OPACITY])))


warm_up()


def pages() -> list[StreamlitPage]:
    """The app's pages whose files exist (the first is the default); in demo mode (``?demo=1``) the tour alone."""
    if state.demo():
        return [st.Page("ui/pages/demo.py", title="MirrorMap tour", icon=TOUR_ICON, default=True)]
    out: list[StreamlitPage] = []
    for i, (name, title, icon) in enumerate(PAGE_LIST):
        if (PAGES_DIR / name).is_file():
            out.append(st.Page(f"ui/pages/{name}", title=title, icon=icon, default=i == 0))
    return out


def menu() -> Literal["sidebar", "hidden"]:
    """Where the page menu goes: hidden in demo mode, so a waiting-room screen offers no page that takes photos."""
    return "hidden" if state.demo() else "sidebar"


def sidebar() -> None:
    """Presenter mode, "New person" and the safety notice, on every page; the idle timeout's check."""
    session.release_on_close()
    session.clear_if_idle()
    state.init()
    session.touch()
    presenter.follow_restart()  # before the notices are taken: opening the first page starts the run again
    cleared = session.pop_notice(on_page=True)
    if cleared:  # on the page, not in the sidebar: a narrow screen keeps the sidebar closed, and the page changed silently
        st.info(cleared, icon=":material/timer_off:")
    if not state.demo():  # demo mode has no sidebar: no control, no menu (its page shows the notice)
        with st.sidebar:
            st.toggle(
                "Presenter mode",
                key=state.PRESENTER,
                persist_state="session",
                help="For a shared screen: tells the story in four screen-sized steps, without the photo controls.",
            )
            new_person_ui()
            # after "New person" the first page showed the sample with nothing saying how to add a photo; here, not on the
            # page, whose steps each fill the screen. Under the button: above it, the button rose under the pointer as the
            # switch was clicked off, and the switch's second click asked to clear the person, "Yes" focused
            if state.presenter():
                st.caption(widgets.SIDEBAR_PRESENTER_HINT)
            st.caption(SAFETY)
            # "New person"'s question and Preview's "Remove" go with what they change, and the focus with them; here,
            # last in the sidebar: an element added in the page would shift all below it
            a11y.next_focus_ui()
    st.html(_DEMO_CSS if state.demo() else _PRESENTER_CSS if state.presenter() else _BASE_CSS)
    skip_link()
    a11y.install()  # alt-text figures and chart names (see ui.a11y)
    if not state.demo():  # the demo has no page menu, and nothing may open its sidebar
        phone.install()  # choosing a page closes the sidebar on a narrow screen (see ui.phone)
    session.idle_watch_ui()


def _confirm(value: bool) -> None:
    st.session_state[_CONFIRM] = value
    # the button pressed gives way to another, and the focus fell to the page (the question was neither focused nor
    # announced): to the question's first button, or back to "New person" after Cancel
    a11y.focus_next_run(NEW_PERSON_YES if value else NEW_PERSON)


def _clear() -> None:
    session.new_person()  # its notice takes the focus in the next run (new_person_ui)


def new_person_ui() -> None:
    """ "New person": after a confirmation, clears every photo, plan, expression, visit and result of the session, and Learn's notes and searches."""
    notice = session.pop_notice()
    if notice:
        # the focus to the sentence, which a screen reader then reads; left on "New person", the button's tooltip
        # followed it and stayed open over the sentence and the next person's photo
        with a11y.read_out(NEW_PERSON_CLEARED):
            st.success(notice, icon=":material/person_add:")
            st.html(a11y.hides_itself("to-top", _TO_TOP), unsafe_allow_javascript=True)
    if st.session_state.get(_CONFIRM):
        with st.container(key=NEW_PERSON_QUESTION):
            st.warning(f"Clear {CLEARS}?", icon=":material/delete:")
            yes, cancel = st.columns(2)
            # focused first, it says the question (its visible words first): "Yes, clear" alone said not what
            a11y.name_button(NEW_PERSON_YES, f"Yes, clear {CLEARS}")
            yes.button("Yes, clear", key=NEW_PERSON_YES, on_click=_clear, type="primary")
            cancel.button("Cancel", key=NEW_PERSON_CANCEL, on_click=_confirm, args=(False,))
            escape = _ESCAPE.replace("__QUESTION__", a11y.check_key(NEW_PERSON_QUESTION)).replace("__CANCEL__", a11y.check_key(NEW_PERSON_CANCEL))
            st.html(a11y.hides_itself("escape", escape), unsafe_allow_javascript=True)
    else:
        st.button(
            "New person",
            key=NEW_PERSON,
            on_click=_confirm,
            args=(True,),
            icon=":material/person_add:",
            help=f"Start afresh for the next person: clears {CLEARS}.",
        )
