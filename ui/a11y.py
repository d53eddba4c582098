"""What a screen reader is told about the pictures: alt text for every image, a name for every chart.

Streamlit 1.60 gives ``st.image`` no alt parameter and writes the image's position in its list as the
alt text (``<img alt="0">``, streamlit/streamlit#8563), and ``st.plotly_chart`` gives the chart no
accessible name. So:

- :func:`image` writes the ``<img>`` itself with its alt text, inside a ``<figure>`` whose ``<figcaption>``
  is the visible caption. The alt says what the picture shows; the caption says how to read it. The
  picture travels inside the page (a ``data:`` address), not as a file of Streamlit's media store: the
  browser kept every ``/media/...jpg`` in its disk cache (no ``Cache-Control`` on them), so the person's
  photo, overlay and composites stayed on a consult room's computer after "New person" and the browser
  closed. A picture in the page is only ever in the browser's memory.
- :func:`describe_chart` names a Plotly chart: a hidden element carries the text, and the small static
  script that :func:`install` adds once per page gives the chart ``role="figure"`` and that text as
  its ``aria-label``, and hides Plotly's SVG layers inside it from assistive technology: they read as images of
  run-together words (ticks, legend and title), none of them takes the keyboard's focus, and the name says what they show.
- A switch's "?" help icon sits inside the switch's label: the script stops a press on it there (it flipped the
  switch and showed no help), and help boxes keep within a phone's width (one ran 2,500 px wide on a 390 px screen).
- :func:`focus_next_run` asks the next run to move the keyboard focus to a control (:func:`focus_ui`), where the one
  pressed went with what it changed ("Remove" with its line): the sidebar draws it once (:func:`next_focus_ui`).
- A download button ("Download the overlay (PNG)") gets the focus back once its file is on its way: Streamlit disables
  the button while it makes the file (one made when asked), and the focus fell to the page's body.
- :func:`announce` says a sentence to a screen reader when it changes (the day's key change as the Preview slider
  moves): Streamlit redraws an element's whole HTML when its text changes, and a screen reader announces a change in
  a live region already in the page, not a region just put there; so the script keeps one polite status region of its
  own, outside Streamlit's elements, and copies the sentence into it. :func:`say` puts a sentence there once, for what
  a button just did while the focus stays on it ("Add to plan").
- :func:`name_button` gives a button that is one of several alike ("Remove" beside each line of a list) a name that
  says which, the same way: Streamlit's button takes its accessible name from its visible label only.
- An animation (the blink views' GIFs) is not played where the device asks for less motion: a sentence in its place
  says so and points to the other views.
- Streamlit's Material icons are ligature words ("info" drawn as an i in a circle) that a screen reader read out
  before an alert's text: the same script hides them from it (an alert's own icon included), except an icon that is
  all a button is named by. It also makes Streamlit's main ``<section>`` the page's ``main`` landmark; the stylesheet
  rings it when the keyboard reaches it, and redraws in system colours what forced colours (Windows high contrast)
  erase: a switch's or a slider's track and thumb, a radio's circle, which pill, segment or tab is chosen, a disabled
  control.

Only the app's own words go into this HTML, escaped; never text a person supplied (a file name, a URL
parameter), and never Markdown. ``tests/test_accessibility.py`` checks every page in Chromium.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import re
from collections.abc import Iterator
from typing import Final, Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

__all__ = [
    "MENU_BUTTONS",
    "STATUS_ID",
    "TOGETHER_MS",
    "announce",
    "check_key",
    "describe_chart",
    "focus_next_run",
    "focus_ui",
    "hides_itself",
    "image",
    "install",
    "name_button",
    "next_focus_ui",
    "pop_next_focus",
    "read_out",
    "say",
    "say_again_next_run",
]

_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")
#: The ``id`` of the page's one polite status region (:func:`announce`), kept by the install script.
STATUS_ID: Final = "mm-status"
#: Session-state key: the control to focus in the next run, what to say and the toast's icon (:func:`focus_next_run`).
_NEXT_FOCUS: Final = "_mm_next_focus"
#: Session-state key: how many focus requests this session has drawn (:func:`focus_ui` numbers each one).
_FOCUS_REQUESTS: Final = "_mm_focus_requests"
#: Session-state key: how many sentences :func:`say` has asked for in this session (each is numbered).
_SAID: Final = "_mm_said"
#: Session-state keys: the last sentence :func:`say` drew (its number and escaped words), and one to draw again in the
#: next run (:func:`say_again_next_run`).
_LAST_SAID: Final = "_mm_last_said"
_SAY_AGAIN: Final = "_mm_say_again"
#: The names of the buttons that open and close the sidebar (by their CSS selector), which Streamlit leaves empty.
MENU_BUTTONS: Final = {
    '[data-testid="stExpandSidebarButton"]': "Open the menu",
    '[data-testid="stSidebarCollapseButton"] button': "Close the menu",
}
#: How close (ms) a sentence of :func:`say` and a change of :func:`announce`'s must come for the status region to hold
#: both: one run draws them 50-130 ms apart, the simulation after the button; two seconds keeps a slow run's together,
#: and is shorter than a person takes to press the button and then move the day by hand.
TOGETHER_MS: Final = 2000
_TYPES: Final = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


def check_key(key: str) -> str:
    """``key`` unchanged when it is letters, digits, ``-`` and ``_`` only (fit for a widget key and a CSS class).

    The one check for every key this app writes into its own HTML or CSS (a picture's place, a chart's or a button's
    name, a control to focus, a chart's height).

    Raises
    ------
    ValueError
        When ``key`` has any other character.
    """
    if not _KEY.match(key):
        raise ValueError(f"key: letters, digits, '-' and '_' only, got {key!r}")
    return key


def hides_itself(marker: str, body: str, *, value: str = "") -> str:
    """``body`` (static style and script) in an HTML element that takes no room on the page.

    Streamlit wraps each ``st.html`` in an element container with its own margin: the container is hidden (display:
    none) by a rule that finds it by a hidden span marked ``data-mm-<marker>``. Every script and stylesheet of the app
    that is drawn as an element goes through here, so the rule is written once. ``value`` (a key, checked) becomes the
    marker's value, e.g. which control a focus script moves to.

    Examples
    --------
    >>> hides_itself("demo", "<script></script>", value="some-key").splitlines()[0]
    '<span data-mm-demo="some-key" hidden></span>'
    """
    check_key(marker)
    attribute = f'data-mm-{marker}="{check_key(value)}"' if value else f"data-mm-{marker}"
    rule = f".stElementContainer:has(> .stHtml > [data-mm-{marker}]) {{ display: none; }}"
    return f"<span {attribute} hidden></span>\n<style>{rule}</style>\n{body}"


# Static (no user content; in an element that hides itself, see hides_itself). Hides the chart descriptions (display: none takes them out of the
# column's spacing); gives a link in a caption the caption's colour, underlined (Streamlit's link blue at the caption's
# 60% opacity is 3.0:1 on white); and labels each described chart whenever Streamlit or Plotly redraws it.
# The page's main part is a Tab stop of Streamlit's (a scrolling <section>, tabindex 0) that showed no ring: it gets one
# (not when the skip link moved the focus there: that sets tabindex -1, and ui.shell hides its ring on purpose).
# Forced colours (Windows high contrast) drop every background and shadow: a switch's track and thumb, a radio's circle
# and a slider's track and thumb vanished, and a chosen pill, segment or tab looked like the others. Each state is drawn
# again in system colours (kept in that mode), found by role and aria state; a chosen control opts out of the forced
# colours (forced-color-adjust: none), as its text otherwise sat on a backplate of the page's colour, unreadable on
# Highlight. A disabled button's GrayText is close to its ButtonText in some themes (dark red and black): its border is
# dashed too. !important: Streamlit's rules for a chosen or disabled control are more specific.
_INSTALL_BODY: Final = (
    """<style>
[data-testid="stCaptionContainer"] a { color: inherit; text-decoration: underline; }
figure.mm-figure { margin: 0; }
figure.mm-figure img { display: block; max-width: 100%; border-radius: 0.5rem; }
figure.mm-figure figcaption { text-align: center; font-size: 0.875rem; line-height: 1.4; margin-top: 0.375rem; opacity: 0.6; overflow-wrap: break-word; }
section[data-testid="stMain"]:not([tabindex="-1"]):focus-visible { outline: 2px solid currentColor; outline-offset: -3px; }
[data-testid="stTooltipContent"] { max-width: min(36rem, calc(100vw - 2rem)) !important; overflow-wrap: break-word; }
[data-testid="stSidebar"][aria-expanded="true"]:is(:focus-within, [data-mm-keyboard]) [data-testid="stSidebarCollapseButton"],
[data-testid="stSidebar"][aria-expanded="true"]:is(:focus-within, [data-mm-keyboard]) [data-testid="stSidebarCollapseButton"] button {
  visibility: visible !important;
}
@media (prefers-reduced-motion: reduce) {
  figure.mm-moving img, figure.mm-moving figcaption { display: none; }
  figure.mm-moving::before {
    content: "This view alternates two pictures. Your device asks for less motion, so it is not played: choose another view to compare them.";
    display: block; padding: 0.75rem; border: 1px solid #c9ccd1; border-radius: 0.5rem;
  }
}
@media (forced-colors: active) {
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]) > div:not([data-testid]),
  [data-testid="stRadioOption"] div:has(+ [data-testid="stMarkdownContainer"]) { border: 1px solid CanvasText; }
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]) > div:not([data-testid]) > div { background-color: CanvasText; }
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]:checked) > div:not([data-testid]),
  [data-testid="stRadioOption"]:has(input:checked) div:has(+ [data-testid="stMarkdownContainer"]) { background-color: Highlight; border-color: Highlight; }
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]:checked) > div:not([data-testid]) > div,
  [data-testid="stRadioOption"]:has(input:checked) div:has(+ [data-testid="stMarkdownContainer"]) > div { background-color: HighlightText; }
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]:disabled) > div:not([data-testid]),
  [data-testid="stRadioOption"]:has(input:disabled) div:has(+ [data-testid="stMarkdownContainer"]) { border-color: GrayText; }
  [data-testid="stCheckbox"] label:has(> span > input[role="switch"]:disabled) > div:not([data-testid]) > div { background-color: GrayText; }
  :is(button[aria-pressed="true"], [role="radio"][aria-checked="true"]:not(input), [role="tab"][aria-selected="true"]) {
    forced-color-adjust: none; background-color: Highlight !important; color: HighlightText !important; border-color: Highlight !important;
  }
  :is(button[aria-pressed="true"], [role="radio"][aria-checked="true"]:not(input), [role="tab"][aria-selected="true"]) * { color: inherit !important; }
  [role="tab"][aria-selected="true"] { padding-inline: 0.375rem; }
  [data-testid="stSlider"] [role="group"] > div > div:first-child { border: 1px solid CanvasText; }
  [data-testid="stSlider"] [role="group"] div:has(> div > input[type="range"]) { background-color: CanvasText; border: 2px solid Canvas; }
  [data-testid="stSlider"] [role="group"] div:has(> div > input[type="range"]:disabled) { background-color: GrayText; }
  :is(button, [role="button"], [role="radio"], [role="tab"]):is(:disabled, [aria-disabled="true"]) {
    color: GrayText !important; border-color: GrayText !important; border-style: dashed !important;
  }
}
</style>
<script>
(() => {
  if (window.mirrormapA11y) return;
  window.mirrormapA11y = true;
  // a switch's "?" sits inside the switch's label: pressing it (a tap, a click, Enter) flipped the switch and showed no
  // help ("mirrored" swapped every side; the sidebar's went into presenter mode). The press stops at the "?", whose
  // help shows on hover, focus and touch.
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest('label [data-testid="stTooltipIcon"]')) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  // a download button is disabled while its file is made (Enter or a click; the file is made when asked): the focus fell
  // to the page, and a keyboard at the page's end lost its place. It goes back to the button, unless the person went on.
  document.addEventListener("click", (event) => {
    const pressed = event.target instanceof Element && event.target.closest('[data-testid="stDownloadButton"] button');
    const box = pressed && pressed.closest('[class*="st-key-"]');
    const key = box && [...box.classList].find((name) => name.startsWith("st-key-"));
    if (!key) return;
    let tries = 0;
    const back = () => {
      const button = document.querySelector("." + CSS.escape(key) + ' [data-testid="stDownloadButton"] button');
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (button && lost && !button.disabled) button.focus();
      else if (++tries < 100 && (lost || document.activeElement === button)) setTimeout(back, 100);
    };
    setTimeout(back, 50);
  }, true);
  // Esc in a date box closed its calendar and emptied the box (Streamlit's date input): a visit's date, typed or picked,
  // was lost without a word, though the calendar itself says to press Esc to close it. Esc closes the calendar and keeps
  // the date: the box loses the focus, which closes it, and Tab goes on from the box. Emptying the box still empties it.
  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (event.key !== "Escape" || !(box instanceof HTMLInputElement) || !box.closest('[data-testid="stDateInput"]')) return;
    event.preventDefault();
    event.stopPropagation();
    box.blur();
  }, true);
  // the sidebar opened by keyboard (Enter on "Open the menu") left the focus on the page's body: the next Tab went to
  // the page under the open sidebar, and its "Close the menu" was hidden unless a mouse was over it (Streamlit's). The
  // focus goes to that button, shown while the focus is in the sidebar (the stylesheet; data-mm-keyboard until then).
  const sidebar = () => document.querySelector('[data-testid="stSidebar"]');
  const closer = () => document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  const opener = () => document.querySelector('[data-testid="stExpandSidebarButton"]');
  // a click with no pointer behind it (detail 0) is Enter or Space
  document.addEventListener("click", (event) => {
    if (event.detail !== 0 || !(event.target instanceof Element) || !event.target.closest('[data-testid="stExpandSidebarButton"]')) return;
    let tries = 0;
    const inside = () => {
      const box = sidebar();
      const button = closer();
      if (box && button && box.getAttribute("aria-expanded") === "true") {
        box.setAttribute("data-mm-keyboard", "");
        button.focus();
      } else if (++tries < 30) setTimeout(inside, 50);
    };
    setTimeout(inside, 50);
  }, true);
  document.addEventListener("focusout", (event) => {
    const box = sidebar();
    if (box && !(event.relatedTarget instanceof Node && box.contains(event.relatedTarget))) box.removeAttribute("data-mm-keyboard");
  });
  // Esc in the open sidebar where it lies over the page (a narrow screen; a wide one sets the page beside it) closes it,
  // and the focus goes back to "Open the menu"; not while a control inside has its own list open (a select box's)
  document.addEventListener("keydown", (event) => {
    const box = sidebar();
    const focused = document.activeElement;
    if (event.key !== "Escape" || event.defaultPrevented || !box || box.getAttribute("aria-expanded") !== "true") return;
    if (!(focused instanceof Element) || !box.contains(focused) || focused.getAttribute("aria-expanded") === "true") return;
    const main = document.querySelector('section[data-testid="stMain"]');
    if (!main || main.getBoundingClientRect().left + 1 >= box.offsetWidth) return;  // offsetWidth: not moved by the slide
    const button = closer();
    if (!button) return;
    event.preventDefault();
    button.click();
    let tries = 0;
    const back = () => {
      const open = opener();
      if (open && box.getAttribute("aria-expanded") === "false") open.focus();
      else if (++tries < 30) setTimeout(back, 50);
    };
    setTimeout(back, 50);
  });
  const label = () => {
    for (const note of document.querySelectorAll("[data-mm-chart]")) {
      const box = document.querySelector(".st-key-" + CSS.escape(note.dataset.mmChart));
      const chart = box && box.querySelector('[data-testid="stPlotlyChart"]');
      const text = note.textContent.trim();
      if (!chart) continue;
      if (chart.getAttribute("aria-label") !== text) {
        chart.setAttribute("role", "figure");
        chart.setAttribute("aria-label", text);
      }
      // inside the named figure, Plotly's SVG layers read as jumbled images ("2 wkreview 8 wk 12 wk 4 mo 0% 20%…", the
      // legend and title run together): hidden, as the name says what they show; none takes the focus (a layer that
      // ever holds something focusable stays)
      for (const layer of chart.querySelectorAll("svg.main-svg:not([aria-hidden])")) {
        if (!layer.querySelector("a[href], [tabindex]")) layer.setAttribute("aria-hidden", "true");
      }
    }
    // Streamlit's main part is a section element (a Tab stop, as it scrolls) and the page had no main landmark; no "<"
    // followed by a letter in this script: Streamlit's sanitizer (DOMPurify) then drops the whole script element
    const main = document.querySelector('section[data-testid="stMain"]');
    if (main && !main.hasAttribute("role") && !document.querySelector("main")) main.setAttribute("role", "main");
    // the buttons that open and close the sidebar had an empty name, and were read out as their icon's word
    // ("keyboard_double_arrow_right"); named before the icons are hidden below
    for (const [selector, name] of MENU_BUTTONS) {
      const button = document.querySelector(selector);
      if (button && button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
    }
    for (const note of document.querySelectorAll("[data-mm-button]")) {
      const box = document.querySelector(".st-key-" + CSS.escape(note.dataset.mmButton));
      const button = box && box.querySelector("button");
      const text = note.textContent.trim();
      if (button && button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
    }
    // a Material icon is a word drawn as a picture ("info", "straighten"): a screen reader read it out before the
    // alert's text. Hidden from it, unless it is all a button has to be named by.
    // (in Markdown, a badge's icon is a span with role "img" named "cancel icon": the badge's word says it all)
    // (an alert's icon is not a stIconMaterial: it read "warning Educational — not medical advice…")
    const icons = '[data-testid="stIconMaterial"]:not([aria-hidden]), [data-testid="stAlertDynamicIcon"]:not([aria-hidden]),'
      + ' [data-testid="stMarkdownContainer"] span[role="img"][aria-label$=" icon"]:not([aria-hidden])';
    for (const icon of document.querySelectorAll(icons)) {
      const owner = icon.closest("button, a");
      const sole = owner && !owner.getAttribute("aria-label") && owner.textContent.trim() === icon.textContent.trim();
      if (!sole) icon.setAttribute("aria-hidden", "true");
    }
    // the sentence of announce(), copied into one status region of the script's own: the element Streamlit draws is
    // made anew on every change, and a region just put in the page is not read out. Not on the page's first showing
    // (its words are on screen), nor kept when another page is shown.
    // A sentence of say() and a change of announce()'s in one run (the second "Add to plan" changes the day's
    // sentence too) arrive 50-130 ms apart, as the simulation is drawn after the button: within TOGETHER_MS ms of
    // each other the region holds both, the button's first, so the later one does not replace the earlier unheard.
    const now = Date.now();
    const source = document.querySelector("[data-mm-status]");
    const said = source ? source.textContent.trim() : null;
    if (said !== last) {
      if (said !== null && last !== null) {
        announced = { text: said, at: now };
        status.textContent = now - spoken.at < TOGETHER_MS ? spoken.text + " " + said : said;
      } else if (said === null) status.textContent = "";
      last = said;
    }
    // a sentence of say(), once per number (a new one each time it is asked for), after the one above: it says what a
    // button just did, which the day's sentence does not. The same words as the region holds are put back a moment
    // after it is emptied, as a region whose text does not change is not read again.
    const once = document.querySelector("[data-mm-say]");
    if (once && once.dataset.mmSay !== lastOnce) {
      lastOnce = once.dataset.mmSay;
      spoken = { text: once.textContent.trim(), at: now };
      const text = now - announced.at < TOGETHER_MS ? spoken.text + " " + announced.text : spoken.text;
      if (status.textContent === text) {
        status.textContent = "";
        setTimeout(() => { status.textContent = text; }, 150);
      } else status.textContent = text;
    }
  };
  // visually hidden, in the accessibility tree: takes no room, never covers anything
  const status = document.createElement("div");
  status.id = "STATUS_ID";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  status.style.cssText = "position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden;"
    + " clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;";
  document.body.append(status);
  let last = null;
  let lastOnce = null;
  let spoken = { text: "", at: -Infinity };
  let announced = { text: "", at: -Infinity };
  let queued = false;
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      setTimeout(() => { queued = false; label(); }, 50);
    }
  }).observe(document.body, { childList: true, subtree: true });
  label();
})();
</script>""".replace("STATUS_ID", STATUS_ID)
    .replace("MENU_BUTTONS", json.dumps(list(MENU_BUTTONS.items())))
    .replace("TOGETHER_MS", str(TOGETHER_MS))
)


def install() -> None:
    """The stylesheet and the chart-labelling script, once per page run (a hidden element)."""
    st.html(hides_itself("a11y", _INSTALL_BODY), unsafe_allow_javascript=True)


def _mimetype(data: bytes) -> str:
    for magic, mimetype in _TYPES:
        if data.startswith(magic):
            return mimetype
    raise ValueError("image: data must be JPEG, PNG or GIF bytes")


def _check(text: str, name: str) -> str:
    if not text.strip():
        raise ValueError(f"{name}: must say what the picture shows")
    return html.escape(" ".join(text.split()))


def image(
    data: bytes,
    *,
    alt: str,
    key: str,
    caption: str | None = None,
    width: int | Literal["stretch", "content"] = "content",
    where: DeltaGenerator | None = None,
) -> None:
    """Show JPEG, PNG or GIF bytes with alt text and an optional caption (the app's own words only).

    Parameters
    ----------
    data : bytes
        The encoded image.
    alt : str
        What the picture shows, for someone who cannot see it.
    key : str
        Unique on the page (letters, digits, ``-``, ``_``): where the image sits (checked, as a widget's key is).
    caption : str, optional
        Shown under the picture (plain text, escaped).
    width : int, "stretch" or "content"
        Pixels, the container's width, or the image's own width (never wider than the container).
    where : DeltaGenerator, optional
        The column or container to draw in (default: the current one).

    Raises
    ------
    ValueError
        When ``alt`` or ``caption`` is blank, ``key`` has other characters, or the bytes are not JPEG, PNG or GIF.
    """
    check_key(key)
    alt_text = _check(alt, "alt")
    mimetype = _mimetype(data)
    src = f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"  # never a file the browser could cache on disk
    size = "width: 100%;" if width == "stretch" else f"width: {int(width)}px;" if isinstance(width, int) else ""
    figcaption = "" if caption is None else f"<figcaption>{_check(caption, 'caption')}</figcaption>"
    moving = " mm-moving" if mimetype == "image/gif" else ""  # an animation: not played where less motion is asked for
    (st if where is None else where).html(f'<figure class="mm-figure{moving}"><img src="{src}" alt="{alt_text}" style="{size}">{figcaption}</figure>')


def describe_chart(key: str, text: str) -> None:
    """Name the Plotly chart drawn with ``key`` for screen readers: what it shows, in a sentence or two."""
    check_key(key)
    st.html(f'<span data-mm-a11y data-mm-chart="{key}" hidden>{_check(text, "text")}</span>')


def name_button(key: str, text: str) -> None:
    """Name the button drawn with ``key`` for screen readers (its ``aria-label``): e.g. which line a "Remove" removes."""
    check_key(key)
    st.html(f'<span data-mm-a11y data-mm-button="{key}" hidden>{_check(text, "text")}</span>')


def announce(sentence: str) -> None:
    """Say ``sentence`` (one, the app's own words) to a screen reader each time it changes while the page is shown.

    One per page: the install script copies it into the page's one polite status region (:data:`STATUS_ID`), outside
    Streamlit's elements; it is not said when the page is first shown, where the same words are on screen.
    """
    st.html(f"<span data-mm-a11y data-mm-status hidden>{_check(sentence, 'sentence')}</span>")


def say(sentence: str) -> None:
    """Say ``sentence`` (the app's own words) to a screen reader once, in the page's polite status region
    (:data:`STATUS_ID`), without moving the focus: what a button just did where the focus stays on it ("Add to plan").

    Each call is numbered (a count of the session's), so that the same words asked for again are said again.

    Raises
    ------
    ValueError
        When ``sentence`` is blank.
    """
    text = _check(sentence, "sentence")
    count = int(st.session_state.get(_SAID, 0)) + 1
    st.session_state[_SAID] = count
    st.session_state[_LAST_SAID] = (count, text)
    _draw_said(count, text)


def _draw_said(count: int, text: str) -> None:
    st.html(f'<span data-mm-a11y data-mm-say="{count}" hidden>{text}</span>')


def say_again_next_run() -> None:
    """The sentence :func:`say` drew in this run, drawn again in the next (by :func:`next_focus_ui`) under the same
    number: for a run that ``st.rerun`` cuts short, whose elements the browser may never show. The install script says
    each number once, so the sentence is said once whichever run reaches it. Nothing when nothing was said."""
    if _LAST_SAID in st.session_state:
        st.session_state[_SAY_AGAIN] = st.session_state[_LAST_SAID]


# Static but for the key (checked), one of two fixed selectors and the request's number; in an element that hides itself. Retries for 5 s: the
# control may be drawn after the script runs. A message (an alert) is made focusable from here only (tabindex -1: no
# extra stop for the Tab key) and focused without scrolling, so that a screen reader reads it where it is.
_FOCUS: Final = """<script>
// request __REQUEST__
(() => {
  let tries = 0;
  const focus = () => {
    const box = document.querySelector(".st-key-__KEY__");
    const target = box && box.querySelector(__TARGET__);
    if (!target) {
      if (++tries < 50) setTimeout(focus, 100);
    } else if (__MESSAGE__) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    } else target.focus();
  };
  focus();
})();
</script>"""
_CONTROL: Final = """'button:not([disabled]), input:not([type="hidden"]):not([tabindex="-1"]), [tabindex="0"]'"""
_MESSAGE: Final = "\"[data-testid='stAlert']\""


def focus_ui(key: str, *, message: bool = False) -> None:
    """Move keyboard focus to the first control of the widget drawn with ``key`` (its button: an uploader's "Upload"), in
    this run only; for a control a button press has just drawn elsewhere, which the next Tab would not reach. With
    ``message``, to the message (``st.success`` and the like) in the container drawn with ``key`` instead, which a screen
    reader then reads: "New person"'s "cleared", where focus left on the button kept its tooltip open over the sentence.

    Raises
    ------
    ValueError
        When ``key`` has characters other than letters, digits, ``-`` and ``_``.
    """
    # Each request numbered (a count of this session's, no user content): Streamlit keeps an st.html element whose HTML is
    # the same as the last run's in that place, and does not run its script again; a second refused file in a row left
    # the focus on the page's body, where the replaced "Upload" had held it, and nothing was read out.
    request = int(st.session_state.get(_FOCUS_REQUESTS, 0)) + 1
    st.session_state[_FOCUS_REQUESTS] = request
    script = _FOCUS.replace("__KEY__", check_key(key)).replace("__TARGET__", _MESSAGE if message else _CONTROL)
    script = script.replace("__MESSAGE__", "true" if message else "false").replace("__REQUEST__", str(request))
    st.html(hides_itself("focus", script, value=key), unsafe_allow_javascript=True)


@contextlib.contextmanager
def read_out(key: str) -> Iterator[None]:
    """A container drawn with ``key`` whose message (``st.success`` and the like, drawn inside) takes the keyboard focus
    when the block ends (:func:`focus_ui` with ``message``), so a screen reader reads it: "cleared", "the sample is
    shown", why a file was refused.

    Raises
    ------
    ValueError
        When ``key`` has characters other than letters, digits, ``-`` and ``_``.
    """
    with st.container(key=check_key(key)):
        yield
        focus_ui(key, message=True)


def focus_next_run(key: str, *, said: str = "", icon: str | None = None) -> None:
    """Move the keyboard focus to the control drawn with ``key`` in the next run (:func:`next_focus_ui`), and show
    ``said`` (if any) in a toast with ``icon``: for a button that goes with what it changed ("Remove" with its line,
    "New person" with its question), whose focus would otherwise fall to the page.

    Raises
    ------
    ValueError
        When ``key`` has characters other than letters, digits, ``-`` and ``_``.
    """
    st.session_state[_NEXT_FOCUS] = (check_key(key), said, icon)


def pop_next_focus() -> tuple[str, str, str | None] | None:
    """Once, after :func:`focus_next_run`: the key of the control to focus, what to say ("" for nothing) and the icon."""
    pending = st.session_state.pop(_NEXT_FOCUS, None)
    if isinstance(pending, tuple) and len(pending) == 3:
        key, said, icon = pending
        return str(key), str(said), None if icon is None else str(icon)
    return None


def next_focus_ui() -> None:
    """Once, what :func:`focus_next_run` asked: its toast, and the focus moved (last in the sidebar, where a hidden
    element shifts nothing below it), and a sentence :func:`say_again_next_run` kept."""
    again = st.session_state.pop(_SAY_AGAIN, None)
    if isinstance(again, tuple) and len(again) == 2:
        _draw_said(int(again[0]), str(again[1]))
    pending = pop_next_focus()
    if pending is None:
        return
    key, said, icon = pending
    if said:
        st.toast(said, icon=icon)
    focus_ui(key)
