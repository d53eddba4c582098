"""Widgets every page shares: a photo slot, a failure message, the "mirrored" switch, and plain-text escaping.

No text a person supplied (file names, URL parameters, notes) is ever rendered as HTML or as
Markdown markup: :func:`plain` escapes it first.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Sequence
from typing import Final, Literal

import streamlit as st
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

import viz
from ui import a11y, cache, state
from ui.a11y import focus_ui  # here too: the pages' helpers in one place
from ui.plan import explore, level_name, plan
from ui.state import PhotoInput
from viz.balance import BalanceOption
from viz.content import Effect, Library, Muscle
from viz.overlay import label_font, png_text, wrap_text
from viz.vocabulary import DIRECTIONS, TARGETS, PlanSide, keep_together, mid_sentence, side_phrase

__all__ = [
    "ACCEPTED_TYPES",
    "CAMERA_RESOLUTION",
    "EXPLORE_HELP",
    "PHOTO_CHANGED_FILE",
    "PRESENTER_HINT",
    "SIDEBAR_PRESENTER_HINT",
    "MirroredSetting",
    "as_set_there",
    "failure_ui",
    "first_page_caption",
    "first_page_mirrored_ui",
    "focus_ui",
    "from_current_photos",
    "movement_line",
    "muscle_side",
    "option_ui",
    "photo_slot_ui",
    "photo_warnings_ui",
    "plain",
    "refused_ui",
    "saved_name",
    "thumbnail_ui",
    "upload_refused_advice",
]

#: Where presenter mode hides the photo controls and a photo is still needed (on a page: the switch is in the sidebar).
PRESENTER_HINT: Final = "Turn presenter mode off (in the sidebar) to add photos."
#: The same, said in the sidebar right under the switch (:func:`ui.shell.sidebar`): "(in the sidebar)" sent a person
#: looking for a sidebar from inside it.
SIDEBAR_PRESENTER_HINT: Final = "Turn presenter mode off (the switch above) to add photos."
#: File types the uploaders filter on: none. Streamlit would answer a file with another extension (a ``.gif``,
#: a name without one) with an exception; the engine's loader decides by the content and explains in one sentence.
ACCEPTED_TYPES: Final = None
#: The camera's capture, as a height the browser asks the camera for (it picks the nearest it has). Without it
#: Streamlit captures at the widget's size on screen: in the first page's camera column that was 243 x 182 px, a
#: face about 75 px wide in the photo's detail, with every measure's ± doubled (the sample face's mouth-corner
#: drop ±1.1 mm from the camera against ±0.5 mm from the same frame as a file) and the small-face warning on
#: every camera photo. The photo is reduced to the engine's working size like any upload.
CAMERA_RESOLUTION: Final = "1080p"


def upload_refused_advice() -> str:
    """What the uploader says under Streamlit's own sentence when the browser refuses a file (too large, or its upload failed).

    The browser refuses a file over ``server.maxUploadSize`` (.streamlit/config.toml) before the server hears of it, so
    no page can answer it with :data:`ui.state.KEPT`: this sentence is drawn by the shell's CSS (``ui.shell``) in the
    refused file's chip, and says the limit as configured, whatever a deployment sets. It says what to do: a file over the
    limit is most often an uncompressed or raw export, which the same photo saved as a JPEG is not.

    Examples
    --------
    >>> print(upload_refused_advice().replace("\\N{NO-BREAK SPACE}", " "))  # doctest: +ELLIPSIS
    It was not used: the photo shown before stays. Photos up to ... MB are taken: save it as a JPEG, or send the camera's own photo.
    """
    limit = int(st.get_option("server.maxUploadSize"))
    # a no-break space: "25 / MB" broke across the lines of a 1366 px screen's chip
    return (
        f"It was not used: the photo shown before stays. Photos up to {limit}\N{NO-BREAK SPACE}MB are taken: save it as a JPEG, or send the camera's own photo."
    )


#: What a download holds instead of the file asked for when the photo it is made from changed since its button was drawn
#: (:func:`from_current_photos`): clicked while the page was still redrawing for the next person, the old button gave
#: the last person's report.
PHOTO_CHANGED_FILE: Final = "The photo changed while this file was asked for, so it holds nothing: download it again from the new results."


@functools.cache
def _photo_changed_file(kind: Literal["pdf", "png"]) -> bytes:
    """A one-page PDF or a small PNG saying :data:`PHOTO_CHANGED_FILE` and nothing else (the same bytes each time)."""
    buf = io.BytesIO()
    if kind == "pdf":
        doc = SimpleDocTemplate(buf, pagesize=A4, title="MirrorMap: the photo changed", author="MirrorMap", subject=PHOTO_CHANGED_FILE)
        doc.build([Paragraph(PHOTO_CHANGED_FILE, ParagraphStyle("notice", fontName="Helvetica", fontSize=12, leading=16))])
        return buf.getvalue()
    font, width, pad, line_px = label_font(22), 760, 20, 30  # a strip of a few lines of text, pixels
    lines = wrap_text(PHOTO_CHANGED_FILE, font, width - 2 * pad)
    img = Image.new("RGB", (width, 2 * pad + line_px * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((pad, pad + i * line_px), line, fill=(14, 17, 23), font=font)
    img.save(buf, "PNG", pnginfo=png_text("MirrorMap: the photo changed", PHOTO_CHANGED_FILE))
    return buf.getvalue()


def from_current_photos(make: Callable[[], bytes], kind: Literal["pdf", "png"], photos: Sequence[str] = (state.PHOTO,)) -> Callable[[], bytes]:
    """A download's ``data``, made when clicked: ``make()`` while the photos it is made from are still the session's, else a
    file of the same ``kind`` saying :data:`PHOTO_CHANGED_FILE` (no data of either photo).

    A page redrawn for a new photo keeps the old results and their buttons clickable until the redraw reaches them, and a
    download's file is made later, when clicked, outside the page's run: a click there made the last person's report
    after the next person's photo was given. The photos under the session-state keys ``photos`` (the first page's,
    :data:`ui.state.PHOTO`; a page's slots) are noted now, with the session's state itself, and compared (by digest,
    :func:`ui.state.photo_digests`) when the file is asked for and again once it is made. "New person" and a closed tab
    empty the session's state: no photo, a change too.

    Parameters
    ----------
    make : callable
        Makes the file's bytes from the photos as the button was drawn (e.g. ``functools.partial(work.report_pdf, report)``).
    kind : {"pdf", "png"}
        The file's type, as the button's ``mime``: the notice is a file of the same type.
    photos : sequence of str
        The session-state keys of the photos the file is made from.

    Returns
    -------
    callable
        The button's ``data``: the file's bytes, made when called (``make`` itself outside a page's run).
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:  # not on a page (a script, a doctest): no session whose photo could change
        return make
    values = ctx.session_state
    drawn = state.photo_digests(values, photos)

    def file() -> bytes:
        if state.photo_digests(values, photos) != drawn:
            return _photo_changed_file(kind)
        data = make()
        return data if state.photo_digests(values, photos) == drawn else _photo_changed_file(kind)

    return file


_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+!|~<>$:@])")
_WWW: Final = re.compile(r"(?i)\b(www)\.")
#: Runs of spaces and line breaks, collapsed by :func:`plain`; not a no-break space (str.split() took those too, and a
#: citation's "[1, 2]" broke across a phone's lines).
_SPACES: Final = re.compile(r"[ \t\r\n\f\v]+")


def saved_name(what: str, extension: str, *, when: dt.date | None = None) -> str:
    """A download's file name: MirrorMap, the day it was saved, what it is; a folder of saved reports sorts by day.

    Nothing the person typed and no time of day goes into it (a shared computer's downloads folder lists it): two files
    of one kind saved on one day share the name, and the browser numbers the second ("... (1).pdf").

    Examples
    --------
    >>> saved_name("consult-report", "pdf", when=dt.date(2026, 12, 5))
    'mirrormap-2026-12-05-consult-report.pdf'
    """
    return f"mirrormap-{(when or dt.date.today()).isoformat()}-{what}.{extension}"


def plain(text: str) -> str:
    r"""Escape Markdown so text shows as written (no emphasis, links, autolinks, images, maths, colour tags or icons); whitespace collapsed,
    and a quantity's spaces made no-break (:func:`viz.vocabulary.keep_together`: "(typical 0.8" ended a line on a phone).

    Examples
    --------
    >>> print(plain("Costs $5 *or* :red[more] ![x](http://a/b.png) www.a.b x@y.z"))
    Costs \$5 \*or\* \:red\[more\] \!\[x\]\(http\://a/b.png\) www\.a.b x\@y.z
    """
    return keep_together(_WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip())))


def muscle_side(card: Muscle, side: PlanSide) -> str:
    """A muscle and side as an option's Markdown title: the plain name and side in bold, then the anatomical name's
    first part (an injector's word) in brackets, so that the side stays beside the muscle.

    Examples
    --------
    >>> import viz.content
    >>> print(muscle_side(viz.content.load().muscles["frontalis"], "left"))
    **Forehead muscle, left side** (frontalis)
    """
    latin = card.latin.split(" (")[0]
    return f"**{plain(card.name)}, {side_phrase(side)}** ({plain(mid_sentence(latin))})"


#: Said once above a list of options (:func:`option_ui`): as each "Explore" button's tooltip it covered the first line of
#: the option it belonged to when the button took the keyboard's focus.
EXPLORE_HELP = (
    "“Explore” fills in the plan builder above with that muscle, side and the level its figures are for; change the level"
    " if you wish, then add it to see the simulation."
)


def movement_line(movement: Effect) -> str:
    """What the preview moves for one movement, in words, with its basis (Learn's muscle cards and Preview's plan)."""
    what = f"{TARGETS[movement.target]} {DIRECTIONS[movement.direction]}"
    if movement.direction == "none":
        line = what
    elif movement.unit == "mm":
        line = f"{what} {movement.low:g}–{movement.high:g} mm (typical {movement.typical:g} mm)"
    else:
        line = f"{what} {movement.low:g}–{movement.high:g}% of the lower-face half-width (typical {movement.typical:g}%)"
    basis = "from the cited studies" if movement.basis == "cited" else "illustrative: no measured figure was found"
    return f"{line} — {basis}."


#: Beside an option to discuss whose muscle, side and level the plan already holds, in place of "Explore".
IN_PLAN = "In the plan"


def option_ui(lib: Library, option: BalanceOption, shows: str, *, key: str) -> None:
    """One option to discuss, at rest or in an expression: the muscle and side (:func:`muscle_side`), what the
    simulation shows for the difference (``shows``, from "goes from" on), and "Explore", which fills in the plan
    builder's muscle, side and the level the figures are for (:func:`ui.plan.explore`), or :data:`IN_PLAN` where the plan
    holds that step already; ``key`` starts the button's key."""
    r = option.relaxation
    text_col, button_col = st.columns([5, 1], vertical_alignment="center")
    text_col.markdown(f"- {muscle_side(lib.muscles[r.muscle], r.side)}: in the simulation the difference goes from {shows}")
    if (r.muscle, r.side, level_name(r.level)) in plan():  # "Explore" beside the very step the plan holds filled in nothing new
        button_col.caption(IN_PLAN)
        return
    button_key = f"{key}-{r.muscle}-{r.side}"
    with button_col:  # each "Explore" says which option, to a screen reader (they were all "Explore")
        a11y.name_button(button_key, f"Explore {lib.muscles[r.muscle].name.lower()}, {side_phrase(r.side)}, in the plan builder")
    clicked = button_col.button("Explore", key=button_key, on_click=explore, args=(lib, option))  # said above the list: EXPLORE_HELP
    ctx = get_script_run_ctx()
    if clicked and ctx is not None and ctx.fragment_ids_this_run:  # drawn in a fragment (the expression view): its
        st.rerun(scope="app")  # rerun left the builder above as it was, and the builder's next run put its old choice back


def opened(label: str, *, key: str, icon: str) -> DeltaGenerator | None:
    """An expander whose content is drawn only while it is open: its container, or ``None`` while it is closed.

    For a part of a page that costs the browser real work on every load (a chart, a block of links) and
    that the page can do without at first. Opening or closing it reruns the page (or its fragment); whether it
    is open is kept under ``key`` for the session. An expander's own state has no ``persist_state`` and is
    forgotten on a page change when it was last set in a fragment's rerun: its callback copies it to ``key``,
    and the expander opens from there when it is drawn again.

    The expander is always made with the same arguments, its state set from ``key`` beforehand: Streamlit's id for it
    includes ``expanded``, so one that followed the state got a new id on opening, the browser drew a new expander,
    and keyboard focus on its header fell to the page (the next Tab came back to the same header).
    """
    box_key = f"{key}-box"
    st.session_state[box_key] = bool(st.session_state.get(key, False))
    box = st.expander(label, key=box_key, on_change=_keep_open, args=(key,), icon=icon)
    return box if box.open else None


def _keep_open(key: str) -> None:
    st.session_state[key] = bool(st.session_state.get(f"{key}-box", False))


def failure_ui(failure: cache.Failure, *, what: str = "", advice: str | None = None) -> None:
    """One sentence and a way forward, instead of a result; ``what`` names the photo (e.g. ``"Smile photo"``), ``advice`` replaces the general one.

    With ``advice`` (where to put another photo), the sentence says what to photograph instead (:meth:`Failure.refused`),
    which the general advice says itself.
    """
    sentence = failure.refused() if advice else failure.message
    st.error(f"{what}: {sentence}" if what else sentence, icon=":material/error:")
    st.info(advice or failure.advice, icon=":material/arrow_forward:")
    if state.presenter():
        st.caption("Turn presenter mode off (in the sidebar) to choose another photo.")


def photo_warnings_ui(photo: viz.Photo, *, what: str = "") -> None:
    """The caveats the engine noted while reading a photo (first frame of an animation, a minor fault), one line each."""
    for warning in photo.warnings:
        st.info(f"{what}: {mid_sentence(warning)}" if what else warning, icon=":material/info:")


def refused_ui(message: str | None, kept: str = state.KEPT) -> None:
    """Why a new file was not used, where the photo before it (``kept`` says which) stays shown (nothing when ``message``
    is ``None``)."""
    if message:
        st.error(message, icon=":material/error:")
        st.caption(kept)


def thumbnail_ui(
    item: PhotoInput,
    caption: str,
    width: int,
    *,
    alt: str,
    margins: tuple[float, float, float] = cache.THUMBNAIL_MARGINS,
    cropped_alt: str = "cropped to the face",
) -> bool:
    """Show a photo the person gave (its face, where one is found in a larger picture), with ``alt`` for screen readers; ``False`` when it cannot be read.

    A file that cannot be read gets a short mark here; the page says why, once, where its results would be. ``margins``
    is the room around the face (:meth:`ui.cache.PhotoWork.thumbnail`), and ``cropped_alt`` what the alt adds when the
    picture is cropped.
    """
    shown = cache.work(item.digest, item.data).thumbnail(margins=margins)
    if isinstance(shown, cache.Failure):
        # "could not be read" was said of a readable photo refused for its size; the sentence below says which
        st.caption(f":material/broken_image: {plain(caption)}: this file cannot be used (see below).")
        return False
    if shown.cropped:
        # one bracket: "(mirrored, as set there) (the face, cropped)" read as two afterthoughts
        caption = f"{caption[:-1]}; the face, cropped)" if caption.endswith(")") else f"{caption} (the face, cropped)"
        alt = f"{alt}, {cropped_alt}"
    a11y.image(shown.jpeg, alt=alt, key=f"thumbnail-{item.digest[:16]}", caption=caption, width=width)
    return True


def photo_slot_ui(
    *,
    upload_label: str,
    upload_key: str,
    camera_toggle_key: str,
    camera_label: str,
    camera_key: str,
    take: Callable[..., None],
    args: tuple[object, ...] = (),
    toggle_label: str = "Use the camera",
) -> None:
    """An uploader and, behind a toggle (so the browser asks for the camera only when wanted), a camera.

    ``take`` is the ``on_change`` of both, called with ``(widget_key, *args, source)``.
    """
    st.file_uploader(upload_label, type=ACCEPTED_TYPES, key=upload_key, on_change=take, args=(upload_key, *args, "upload"))
    if st.toggle(toggle_label, key=camera_toggle_key, persist_state="session"):
        st.camera_input(camera_label, key=camera_key, on_change=take, args=(camera_key, *args, "camera"), resolution=CAMERA_RESOLUTION)


#: Said in every "mirrored" switch's help: the browser hands this app's camera the frame as the camera sees it (its
#: preview is not mirrored either), and a patient on a front camera who followed "front cameras often save a mirror
#: image" for a photo taken here swapped the sides of every measure.
CAMERA_NOT_MIRRORED = "A photo taken with this app's own camera button is never mirrored: leave this off for it."
#: The Expressions and Visits pages' own "mirrored" switch: it holds for the photos added there; the first page's photo,
#: standing in for the rest or before photo, keeps that page's setting (:func:`photo_mirrored`).
PAGE_MIRRORED_LABEL = "Photos added on this page are mirrored (selfie mode)"
PAGE_MIRRORED_HELP = (
    "Front cameras often save a mirror image. Say so here and left and right are swapped back in the photos added on"
    f" this page. {CAMERA_NOT_MIRRORED} The first page's photo keeps the first page's own setting: change that one there."
)


class MirroredSetting:
    """A page's own "these photos are mirrored" toggle, remembered while other pages are shown.

    Until the page's toggle is used, it follows the first page's setting. ``key`` is the toggle's widget
    key; its value is copied to ``kept_key`` on every change, because Streamlit forgets a widget's value
    when its page is not drawn.
    """

    def __init__(self, key: str, kept_key: str, label: str = PAGE_MIRRORED_LABEL, help_text: str = PAGE_MIRRORED_HELP) -> None:
        self.key, self.kept_key, self.label, self.help_text = key, kept_key, label, help_text

    def value(self) -> bool:
        """The setting (as last set on this page; else the first page's)."""
        return bool(st.session_state.get(self.kept_key, state.mirrored()))

    def _keep(self) -> None:
        st.session_state[self.kept_key] = bool(st.session_state.get(self.key, False))

    def pin(self) -> None:
        """Keep the setting as it is now (a photo was added on the page): from then on it no longer follows the first
        page's. Following it, the Expressions page's advice for a mirrored rest photo from the first page ("switch on its
        own switch there") flipped the photos added here too, and the pair stayed the wrong way round."""
        if self.kept_key not in st.session_state:
            st.session_state[self.kept_key] = self.value()

    def ui(self, presenter: bool, *, first_page_photo: bool = False) -> bool:
        """The toggle (hidden in presenter mode); returns the setting. With ``first_page_photo`` (the first page's photo
        is shown on this page), its help says how that photo is set there.

        The toggle is set to :meth:`value` before it is drawn: given only as its first value, it kept the state it was
        first drawn with, so an untouched toggle stayed "mirrored" after a new first-page photo had turned that off.
        """
        if presenter:
            return self.value()
        help_text = self.help_text
        if first_page_photo:
            help_text += f" It is set as {'mirrored' if state.mirrored() else 'not mirrored'} there."
        st.session_state[self.key] = self.value()
        return st.toggle(self.label, key=self.key, on_change=self._keep, help=help_text, persist_state="session")


def photo_mirrored(from_first: bool, mirrored: bool) -> bool:
    """Whether a photo is mirrored: the first page's photo as set on the first page, a photo added on this page as its
    switch says (``mirrored``)."""
    return state.mirrored() if from_first else mirrored


def as_set_there() -> str:
    """Said after the first page's photo where that page marks it mirrored (the setting it keeps elsewhere); else empty."""
    return " (mirrored, as set there)" if state.mirrored() else ""


def first_page_caption() -> str:
    """The caption of the first page's photo standing in on another page, with the "mirrored" setting it keeps."""
    return f"Your photo from the first page{as_set_there()}"


def first_page_mirrored_ui(presenter: bool) -> bool:
    """The first page's "this photo is mirrored" toggle (hidden in presenter mode); returns the setting."""
    if presenter:
        return bool(st.session_state[state.MIRRORED])
    return st.toggle(
        "This photo is mirrored (selfie mode)",
        key=state.MIRRORED,
        persist_state="session",
        help=f"Front cameras often save a mirror image. Say so here and left and right are swapped back. {CAMERA_NOT_MIRRORED}",
    )
