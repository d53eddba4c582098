"""Pieces of the Expressions page: the guided capture of the expression set and what its movements show.

The photos live in session state only, as a dict of :class:`ui.state.PhotoInput` under :data:`PHOTOS`
(keyed by expression: ``rest``, ``brows_up``, ``frown``, ``eyes_closed``, ``smile``, ``pucker``). The
rest photo defaults to the person's photo from the first page, which keeps that page's "mirrored" setting (the
page's own switch is for the photos added here: :func:`ui.widgets.photo_mirrored`). Tests put photos into that dict;
widgets go through :data:`SLOTS`. Detection runs once per photo in the session's cache
(``ui.cache.work(digest, data).face()``) and the movement report once per set of photos.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import streamlit as st
from PIL import Image

import viz
from ui import a11y, cache, shell, site, state, widgets
from ui.images import blink_gif, jpeg
from ui.photo_slots import Slots
from ui.tables import table_ui
from ui.widgets import MirroredSetting, as_set_there, first_page_caption, photo_mirrored
from viz.align import aligned_image
from viz.landmarks import EXPRESSION_WARNING
from viz.movement import (
    MIRROR_IMAGE,
    NO_RATIO,
    NOT_SHOWN,
    RATIO_MIN_COVERAGE,
    DynamicsReport,
    ExpressionResult,
    Movement,
    identity_limit,
    measure_dynamics,
    photo_name,
)
from viz.movement_words import (
    BALANCE_WORDS,
    MOVEMENT_UNITS,
    OTHER_WAY,
    STATIC_OR_DYNAMIC,
    SWAPPABLE,
    Compares,
    balance_heading,
    finding_only,
    movement_note_lines,
    movement_sides,
    no_verdict_why,
    swapped,
)

# the movements' words and figures, shared with the consult report (viz.movement_words); named here too, as Preview and
# the tests read them from this page
from viz.movement_words import FLIPPED as FLIPPED
from viz.movement_words import NO_DIRECTION as NO_DIRECTION
from viz.movement_words import NO_FIGURE as NO_FIGURE
from viz.movement_words import NO_VERDICT_WHY as NO_VERDICT_WHY
from viz.movement_words import side_value as side_value
from viz.movement_words import what_is_compared as compared
from viz.overlay import crop, face_box
from viz.photo import FORMAT_WORDS
from viz.pictograms import pictogram
from viz.visits import NO_VERDICT_CELL, faces_match, too_small_to_check
from viz.vocabulary import EXPRESSION_IDS, EXPRESSIONS, MOVEMENTS, mid_sentence

# --- session-state keys ---------------------------------------------------------------------------
PHOTOS = "movement_photos"  # dict[str, PhotoInput]: the seam (rest only when given on this page)
STEP = "movement_step"
MIRRORED = "movement_mirrored"  # the toggle
MIRRORED_KEPT = "movement_mirrored_kept"  # its value, kept while other pages are shown
CAMERA = "movement_camera"
NEXT = "movement_next"
FOCUS_UPLOAD = "movement_focus_upload"  # "Next expression" or "Retake" was pressed: the step's uploader takes the keyboard focus
FOCUS_BUTTON = "movement_focus_button"  # the key of a button of the capture that takes the keyboard focus in the next run
TAKEN = "movement_taken"  # the step whose photo the uploader or camera just took: said once, in the next run
CLEARED = "movement_cleared"  # what "Clear every expression photo" removed: said once, in the next run
CLEARED_NOTICE = "movement-cleared-notice"  # its container, whose sentence takes the keyboard focus
REFUSED = "movement-refused"  # the container of why a file was not used, whose sentence takes the keyboard focus
CLEAR = "movement_clear"
CLEAR_CONFIRM = "movement_clear_confirm"  # asked to confirm "Clear every expression photo"
CLEAR_YES = "movement_clear_yes"
CLEAR_CANCEL = "movement_clear_cancel"
TAKEN_WITH = "movement_taken_with"  # dict[str, str]: each expression photo's digest -> the rest photo's digest it came with
RETAKE = "movement-retake"  # + "-{expression}"
KEEP = "movement-keep"  # + "-{expression}": stop retaking, keep the photo
BLINK = "movement-blink"  # + "-{expression}"

#: Each expression photo follows the rest slot while that shows the first page's photo: when that photo is cleared or
#: replaced by another picture, the expression photos added against it go with it (:meth:`ui.photo_slots.Slots.follow`).
#: Kept, they were measured against the next person's face, with only a note that the rest photo had changed.
SLOTS = Slots(
    PHOTOS,
    "movement",
    stand_in=lambda name: state.photo() if name == "rest" else None,
    follows={name: "rest" for name in EXPRESSION_IDS if name != "rest"},
)


def dropped_sentence(names: list[str]) -> str:
    """Said once on the page after :data:`SLOTS` removed the expression photos ``names`` with the first page's photo.

    Examples
    --------
    >>> print(dropped_sentence(["smile"]))
    The “Big smile” photo was removed with the first page's photo it was measured against: add it again if it is the same person's.
    >>> dropped_sentence(["smile", "pucker"]).split(" removed")[0]
    'The “Big smile” and “Pucker” photos were'
    """
    titles = [f"“{EXPRESSIONS[name].title}”" for name in names]
    if len(titles) == 1:
        return f"The {titles[0]} photo was removed with the first page's photo it was measured against: add it again if it is the same person's."
    listed = ", ".join(titles[:-1]) + " and " + titles[-1]
    return f"The {listed} photos were removed with the first page's photo they were measured against: add them again if they are the same person's."


INSTRUCTIONS = {
    "rest": "Relax your whole face: mouth closed, eyes open, looking into the lens. This photo is required; every movement is measured from it.",
    "brows_up": "Raise your eyebrows as high as you can, keeping your eyes open.",
    "frown": "Frown hard: pull your eyebrows together and down, as if you were angry.",
    "eyes_closed": "Close your eyes as tightly as you can and squeeze.",
    "smile": "Smile as broadly as you can, showing your teeth.",
    "pucker": "Push your lips forward as if to whistle or blow a kiss.",
}
STEADY = "Keep your head straight and still, the same distance from the camera and in the same light as in the rest photo."
#: :data:`STEADY` on the rest step, which has no rest photo to match: it read "… as in the rest photo" beside the rest photo.
REST_STEADY = "Keep your head straight and still, your face evenly lit and the camera at eye level."


def steady(expression: str) -> str:
    """How to hold the head and camera for the step ``expression``: :data:`REST_STEADY` on the rest step, else :data:`STEADY`.

    Examples
    --------
    >>> steady("rest") == REST_STEADY, steady("smile") == STEADY
    (True, True)
    """
    return REST_STEADY if expression == "rest" else STEADY


#: Longest side of the images sent to the browser, pixels.
SHOW_SIDE = 480
#: Width of the example pictograms, pixels.
PICTOGRAM_WIDTH = 160
#: Width of each picture of the rest-and-expression comparison, CSS pixels (narrower where the screen is).
COMPARE_WIDTH = 360


# --- the photos ----------------------------------------------------------------------------------


def rest_photo() -> tuple[state.PhotoInput | None, bool]:
    """The rest photo and whether it is the first page's photo (the default)."""
    return SLOTS.showing("rest")


def captured() -> list[str]:
    """The expressions (not rest) that have a photo, in the set's order."""
    photos = SLOTS.all()
    return [e for e in EXPRESSION_IDS[1:] if e in photos]


def _go_to(expression: str) -> None:
    st.session_state[STEP] = expression
    st.session_state[FOCUS_UPLOAD] = True


# A button of the capture is replaced by what it did (Retake by an uploader, Clear by its question), or a file taken
# empties the uploader by drawing another: the keyboard focus fell to the page's body, and the next Tab started again
# from the top or skipped the control just drawn. Each callback below says where the focus goes in the next run.


def _retake(expression: str) -> None:
    """``on_click`` of "Retake this photo": the step's uploader, drawn beside the photo (before the button in the page's
    order, so the next Tab passed it), takes the focus."""
    SLOTS.replace(expression)
    st.session_state[FOCUS_UPLOAD] = True


def _remove_rest() -> None:
    """``on_click`` of :data:`REMOVE_REST`: the first page's photo is the rest photo again, and the uploader offering a
    different one takes the focus."""
    SLOTS.discard("rest")
    st.session_state[FOCUS_UPLOAD] = True


def _keep(expression: str) -> None:
    """``on_click`` of "Keep this photo": the uploader goes, and "Retake this photo" comes back in the button's place."""
    SLOTS.keep(expression)
    st.session_state[FOCUS_BUTTON] = f"{RETAKE}-{expression}"


def _own(expression: str) -> state.PhotoInput | None:
    """The photo the step holds itself, as stored (not the first page's photo; no file is taken from the widgets)."""
    photos = st.session_state.get(PHOTOS)
    item = photos.get(expression) if isinstance(photos, dict) else None
    return item if isinstance(item, state.PhotoInput) else None


def _take(widget_key: str, expression: str, source: state.Source) -> None:
    """``on_change`` of the step's uploader and camera (:meth:`ui.photo_slots.Slots.take_widget`), remembering a photo
    taken (a new object in the slot, also for the same picture given again) so that the next run says so
    (:func:`taken_sentence`) and moves the focus to "Next expression". A refused file is said by :func:`_input_ui`."""
    before = _own(expression)
    SLOTS.take_widget(widget_key, expression, source)
    after = _own(expression)
    if after is not None and after is not before:
        st.session_state[TAKEN] = expression
        MIRRORED_SETTING.pin()  # the photos added here keep the setting they were added under


def taken_sentence(expression: str, next_step: str | None) -> str:
    """What a screen reader is told once a step's photo is taken: the step, and where "Next expression" goes
    (``next_step``; ``None`` once every step has a photo).

    Examples
    --------
    >>> taken_sentence("rest", "brows_up")
    'Rest photo taken. Next expression: Brows raised.'
    >>> taken_sentence("smile", None)
    'Big smile photo taken. Every step has a photo: the movements are measured below.'
    """
    said = f"{EXPRESSIONS[expression].title} photo taken."
    if next_step is None:
        return f"{said} Every step has a photo: the movements are measured below."
    return f"{said} Next expression: {EXPRESSIONS[next_step].title}."


def cleared_sentence(names: list[str], *, first_page_photo: bool) -> str:
    """Said (and focused) once "Clear every expression photo" has removed the photos ``names`` taken on this page, in
    the set's order; ``first_page_photo``: the first page holds a photo, which is the rest photo from now on.

    Examples
    --------
    >>> print(cleared_sentence(["rest", "smile"], first_page_photo=True))
    Removed the “Rest” and “Big smile” photos taken on this page. Your photo from the first page is the rest photo.
    >>> print(cleared_sentence(["pucker"], first_page_photo=False))
    Removed the “Pucker” photo taken on this page.
    """
    titles = [f"“{EXPRESSIONS[name].title}”" for name in names]
    listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    said = f"Removed the {listed} photo{'' if len(titles) == 1 else 's'} taken on this page."
    return said + (" Your photo from the first page is the rest photo." if first_page_photo else "")


def _first_missing() -> str:
    """The first step without a photo (rest when every step has one)."""
    have = set(SLOTS.all())
    if rest_photo()[0] is None:
        return "rest"
    return next((e for e in EXPRESSION_IDS[1:] if e not in have), "rest")


def _next_step(current: str) -> str:
    """The next expression after ``current`` without a photo (or simply the next one)."""
    order = list(EXPRESSION_IDS)
    later = order[order.index(current) + 1 :] + order[: order.index(current)]
    have = set(SLOTS.all())
    return next((e for e in later if e not in have and e != "rest"), later[0])


# --- detection and measurement ---------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Measured:
    """The expression set as far as it could be measured.

    ``report`` is ``None`` when there is no rest photo or its face was not found; ``failures`` names the
    photos (by expression) that could not be read or showed no face.
    """

    report: DynamicsReport | None
    failures: dict[str, cache.Failure] = field(default_factory=dict)
    rest_from_first_page: bool = False
    missing_rest: bool = False
    #: The photos' digests and the settings: what identifies this set in caches. The rest photo's digest ends in
    #: :data:`REST_MIRRORED` where it is read as a mirror image; the flag is this page's switch (the photos added here).
    key: tuple[str, tuple[tuple[str, str], ...], bool] = ("", (), False)


#: Added to the rest photo's digest in :attr:`Measured.key` where the rest photo is read as a mirror image: the first
#: page's photo keeps that page's setting, so the page's switch alone no longer says how the set was read.
REST_MIRRORED = "+mirrored"


@cache.per_session(max_entries=8)
def dynamics(
    rest_digest: str, digests: tuple[tuple[str, str], ...], mirrored: tuple[bool, bool], _rest: viz.Face, _faces: dict[str, viz.Face]
) -> DynamicsReport:
    """The movement report of one set of photos (cached by their digests and the "mirrored" settings: the rest photo's,
    then the expression photos')."""
    return measure_dynamics(_rest, _faces, mirrored=mirrored[1], mirrored_rest=mirrored[0])


def _face(photo: state.PhotoInput) -> viz.Face | cache.Failure:
    return cache.work(photo.digest, photo.data).face()


def measure(mirrored: bool) -> Measured:
    """Detect every photo of the set (once each, in the session's cache) and measure the movements.

    ``mirrored`` is this page's switch: it holds for the photos added here, not for the first page's photo standing in
    as the rest photo, which keeps the first page's setting (:func:`ui.widgets.photo_mirrored`)."""
    rest, from_first = rest_photo()
    if rest is None:
        return Measured(None, missing_rest=True)
    rest_face = _face(rest)
    failures: dict[str, cache.Failure] = {"rest": rest_face} if isinstance(rest_face, cache.Failure) else {}
    faces: dict[str, viz.Face] = {}
    digests = []
    photos = SLOTS.all()
    for name in captured():  # each photo's own reason now, also when the rest photo fails (each said "see below" to it)
        face = _face(photos[name])
        if isinstance(face, cache.Failure):
            failures[name] = face
        else:
            faces[name] = face
            digests.append((name, photos[name].digest))
    if isinstance(rest_face, cache.Failure):
        return Measured(None, failures, from_first)
    rest_mirrored = photo_mirrored(from_first, mirrored)
    report = dynamics(rest.digest, tuple(digests), (rest_mirrored, mirrored), rest_face, faces)
    key = (rest.digest + (REST_MIRRORED if rest_mirrored else ""), tuple(digests), mirrored)
    return Measured(report, failures, from_first, key=key)


# --- images ---------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def pictogram_png(expression: str) -> bytes:
    """The example pictogram of an expression as PNG bytes."""
    buf = io.BytesIO()
    Image.fromarray(pictogram(expression, width=PICTOGRAM_WIDTH)).save(buf, "PNG")
    return buf.getvalue()


# --- the numbers ---------------------------------------------------------------------------------


#: Under the table of a photo whose figures are not a movement (:func:`legend`), in place of the rule for
#: :data:`OTHER_WAY`: another person's smile read "moved the other way" beside a broad smile.
NOT_A_MOVEMENT = {
    "two faces": " These figures compare the landmarks of two different faces, not one face's movement, so none is marked “{other}”.",
    "one picture": " The two photos are one picture, so these figures are no movement: none is marked “{other}”.",
    "mirror image": (
        " The photo looks like the rest photo's mirror image, so each side was set against the other side's: no figure is"
        " shown until both photos are given the same way round."
    ),
}
#: The "pulls harder" cell of a photo that gives no verdict (not the expression asked for, or maybe another person's face):
#: the Visits page's verdict cell, one wording for one meaning ("no verdict from this photo" there, "no verdict" here).
NO_VERDICT = NO_VERDICT_CELL
#: The "pulls harder" cell of a smile angle with a side whose direction cannot be read (:attr:`Movement.comparable`).
NOT_COMPARED = "— (a corner moved too little to read its direction)"
#: The "pulls harder" cells of the smile angle (:attr:`Movement.stronger`, which for an angle names the side whose corner's
#: movement points more upward). An angle is the direction of a corner's movement, not its strength, so no side pulls
#: harder by it: "— (a direction: the two alike within the uncertainty)" left open what was alike.
ANGLE_CELLS = {
    "left": "— (an angle, not a pull: the left corner's movement points more upward)",
    "right": "— (an angle, not a pull: the right corner's movement points more upward)",
    "equal": "— (an angle, not a pull: both corners move in about the same direction, within the uncertainty)",
    "unclear": NOT_COMPARED,
}


def movement_rows(movements: Mapping[str, Movement], *, verdict: bool = True, compares: Compares = "movement") -> list[dict[str, str]]:
    """One row per movement measure: left, right, the ratio weaker/stronger and which side pulls harder.

    ``verdict`` is ``False`` for a photo that gives no verdict (:attr:`viz.movement.ExpressionResult.usable`):
    its sides are still shown, but no side is named. ``compares`` says what the figures are (:func:`what_is_compared`): where
    they set two people's faces (or one picture) against each other, no side is said to have "moved the other way":
    "5.5 ± 1.0 mm (moved the other way)" stood beside another person's broad smile.
    """
    rows = []
    for mid, mv in movements.items():
        if mv.unit == "°":  # a direction: its larger side is the steeper one, which says nothing of which pulls harder
            sides = ANGLE_CELLS  # "neither" alone read as "neither pulls harder"
        else:
            sides = {"left": "left side", "right": "right side"}
        stronger = sides.get(mv.stronger, "neither (within the uncertainty)") if verdict else NO_VERDICT
        left, right = movement_sides(mv, compares)  # the consult report's cells too (viz.movement_words.movement_sides)
        rows.append(
            {
                "movement": MOVEMENTS[mid].label,
                "left": left,
                "right": right,
                "weaker / stronger": mv.ratio_text() if verdict else NO_RATIO,  # no verdict: no ratio that reads as one
                "pulls harder": stronger,
            }
        )
    return rows


def movement_notes(movements: Mapping[str, Movement], *, parts: bool = True, why: str | None = None) -> list[str]:
    """One line of Markdown per movement measure: its parts (left / right; not with ``parts`` False, where no figure is
    shown) and its note against published thresholds, with the sources (:func:`viz.movement_words.movement_note_lines`, which the
    consult report prints too). With ``why`` (:func:`no_verdict_why`), a note saying the photo gives no verdict gives
    that reason, the one its warning above gives."""
    return [f"**{name}**" + (f" ({said})" if said else "") + f": {note}" for name, said, note in movement_note_lines(movements, parts=parts, why=why)]


# --- sections ------------------------------------------------------------------------------------


def header_ui() -> None:
    """Title, the safety notice and what the page does."""
    st.title("Expressions — how your face moves")
    st.warning(site.SAFETY, icon=":material/warning:")
    st.caption(
        "Neuromodulators (Botox-type toxins) act on the asymmetry that movement makes, not on bone or volume. Take a rest photo and any of five "
        "expressions; each is lined up with the rest photo and every movement is measured per side, in millimetres. "
        "Your photos stay in this session's memory only: never saved to disk, logged or sent anywhere."
    )


def _taken() -> list[str]:
    """The steps that have a photo (rest included when the first page's photo stands in), in the set's order."""
    return (["rest"] if rest_photo()[0] is not None else []) + captured()


def _unreadable(step: str) -> bool:
    """Whether the step's photo could not be measured (no face, a damaged file): it is kept, to retake, but not taken."""
    item = rest_photo()[0] if step == "rest" else SLOTS.get(step)
    return item is not None and isinstance(cache.work(item.digest, item.data).face(), cache.Failure)


def taken_caption(labels: Mapping[str, str]) -> tuple[str, list[str]]:
    """The line saying which steps have a usable photo and which to retake, and the steps with a usable photo."""
    have = _taken()
    retake = [e for e in have if _unreadable(e)]
    good = [e for e in have if e not in retake]
    parts = ["✓ Taken: " + ", ".join(labels[e] for e in good) + "." if good else "No photo taken yet."]
    if retake:
        parts.append("To retake (not measured): " + ", ".join(labels[e] for e in retake) + ".")
    return " ".join(parts), good


def _back_on_the_page() -> bool:
    """Whether the capture was not drawn in the session's last run: another page, or presenter mode, was shown.

    Streamlit forgets a widget's value when its page is not drawn, so "Next expression" (drawn in every run of the
    capture) is in session state only after a run that drew it.
    """
    return NEXT not in st.session_state


def close_open_questions() -> None:
    """Close "Clear every expression photo"'s question and every open "Retake this photo" uploader (each photo kept).

    Called when the person comes back to the capture: a destructive question left open, on a screen a consult shares,
    was still waiting on return from another page, and so was a retake's uploader beside its photo.
    """
    st.session_state[CLEAR_CONFIRM] = False
    for name in SLOTS.all():
        if SLOTS.replacing(name):
            SLOTS.keep(name)


def capture_ui() -> str:
    """The guided capture, one expression at a time; returns the expression shown. Coming back to it from another page
    (or from presenter mode) closes the questions left open there (:func:`close_open_questions`)."""
    if _back_on_the_page():
        close_open_questions()
    st.header("Take the photos, one expression at a time")
    if dropped := SLOTS.pop_dropped():
        st.info(dropped_sentence(dropped), icon=":material/person_remove:")
    st.session_state.setdefault(STEP, _first_missing())
    # The steps' names stay the same whatever is taken: the browser drops a segmented control's selection when its
    # options' labels change, and the next click (a retake) would then send the page back to rest.
    labels = {e: EXPRESSIONS[e].title for e in EXPRESSION_IDS}
    step = st.segmented_control("Expression", list(EXPRESSION_IDS), format_func=labels.__getitem__, required=True, key=STEP, persist_state="session")
    expression = step if isinstance(step, str) and step in EXPRESSION_IDS else "rest"
    line, good = taken_caption(labels)
    st.caption(line)
    with st.container(border=True):
        picture_col, text_col, photo_col = st.columns([1, 2, 2], gap="medium")
        with picture_col:
            a11y.image(
                pictogram_png(expression),
                alt=f"A drawing of a face showing the expression to make: {EXPRESSIONS[expression].title.lower()}",
                key="movement-pictogram",
                caption=f"Example: {EXPRESSIONS[expression].title.lower()}",
                width=PICTOGRAM_WIDTH,
            )
        with text_col:
            st.markdown(f"**{EXPRESSIONS[expression].title}.** {INSTRUCTIONS[expression]}")
            st.caption(steady(expression))
            refused = _input_ui(expression, focus=bool(st.session_state.pop(FOCUS_UPLOAD, False)))
        with photo_col:
            _current_ui(expression)
        if refused:  # across the card: in the middle column (about 160 px on a tablet) it ran to 8 lines of 1-3 words
            with a11y.read_out(REFUSED):  # only drawn, the sentence went unheard and the focus fell to the page's body
                widgets.refused_ui(refused, kept=SLOTS.kept(expression))
    a, b = st.columns([1, 1])
    a.button("Next expression", key=NEXT, on_click=_go_to, args=(_next_step(expression),), icon=":material/arrow_forward:")
    with b:
        _clear_ui()
    st.caption(progress_caption(good))
    # asked for by a callback (read last: a run that a file taken late cuts short leaves them to the next one)
    focus_button, taken = st.session_state.pop(FOCUS_BUTTON, None), st.session_state.pop(TAKEN, None)
    if taken in EXPRESSION_IDS:
        # the uploader or camera that took it is gone: "Next expression", the way on, takes the focus, and the photo
        # taken is said (it was only drawn, a thumbnail beside the instructions)
        missing = [e for e in EXPRESSION_IDS if e not in _taken()]
        a11y.say(taken_sentence(str(taken), _next_step(str(taken)) if missing else None))
        focus_button = NEXT
    if isinstance(focus_button, str):
        a11y.focus_ui(focus_button)
    return expression


def progress_caption(good: list[str]) -> str:
    """The line under the capture: how many photos are taken, out of how many, and what comes next.

    With the first page's photo standing in as rest and no expression yet it said "Rest first, then any of the five
    expressions." under "✓ Taken: Rest." and "Rest: the photo from the first page."."""
    n = sum(e != "rest" for e in good)
    if "rest" not in good:
        return f"{n} of {len(EXPRESSION_IDS) - 1} expressions taken. {SUBSET}" if n else "Rest first, then any of the five expressions."
    whose = " (your photo from the first page)" if rest_photo()[1] else ""
    if not n:
        return f"Rest photo taken{whose}: now take any of the five expressions. {SUBSET}"  # not "Rest first"
    return f"The rest photo and {n} of {len(EXPRESSION_IDS) - 1} expressions taken. {SUBSET}"  # the results below say whose


#: Said with the count of photos taken: no expression is required.
SUBSET = "Any subset works: take only the ones you want to see."


def _set_confirm(value: bool) -> None:
    st.session_state[CLEAR_CONFIRM] = value
    # the button pressed gives way to the question (or back): its first button, or "Clear every expression photo" after
    # Cancel, takes the focus, as "New person"'s question does
    st.session_state[FOCUS_BUTTON] = CLEAR_YES if value else CLEAR


def _clear_all() -> None:
    names = [e for e in EXPRESSION_IDS if e in SLOTS.all()]
    SLOTS.clear()
    st.session_state[CLEAR_CONFIRM] = False
    # the first step left to take (rest, unless the first page's photo stands in): the step shown stayed, its uploader
    # and "Next expression" beside "Add a rest photo to start"
    st.session_state[STEP] = _first_missing()
    if names:
        st.session_state[CLEARED] = cleared_sentence(names, first_page_photo=state.photo() is not None)


def _clear_ui() -> None:
    """ "Clear every expression photo", after a confirmation (as "New person" asks): the set may hold six photos. What
    it removed is said where the question was, and that sentence takes the keyboard focus (the button is then greyed
    out, and the focus fell to the page's body)."""
    cleared = st.session_state.pop(CLEARED, None)
    if isinstance(cleared, str):
        with a11y.read_out(CLEARED_NOTICE):
            st.success(cleared, icon=":material/delete:")
    if st.session_state.get(CLEAR_CONFIRM) and SLOTS.all():
        st.warning("Remove every expression photo of this page from the session?", icon=":material/delete:")
        yes, cancel = st.columns(2)
        with yes:  # focused first, it says the question: "Yes, clear them" alone said not what
            a11y.name_button(CLEAR_YES, "Yes, clear them: every expression photo of this page")
        yes.button("Yes, clear them", key=CLEAR_YES, on_click=_clear_all, type="primary")
        cancel.button("Cancel", key=CLEAR_CANCEL, on_click=_set_confirm, args=(False,))
    else:
        # greyed out with the first page's photo as rest and nothing taken here: the help says why
        empty = "Nothing to clear yet: no photo was taken on this page (the first page's photo stays where it is)."
        st.button("Clear every expression photo", key=CLEAR, on_click=_set_confirm, args=(True,), disabled=not SLOTS.all(), help=None if SLOTS.all() else empty)


def _input_ui(expression: str, *, focus: bool = False) -> str | None:
    """The step's uploader and camera (none while it has a photo that is not being retaken); with ``focus`` the uploader
    takes the keyboard focus. Returns why a file was refused, if that is news: the caller says it across the card, and
    that sentence takes the focus instead.

    "Next expression" draws the next step's uploader above itself: the focus stayed on the button, and the next Tab went
    on to "Clear every expression photo", so the new uploader was reached only backwards (Shift+Tab). "Retake this
    photo" draws it before itself: the focus fell to the page's body, and the next Tab went on to "Keep this photo".
    """
    photo = SLOTS.get(expression)
    rest, from_first = rest_photo()
    retaking = SLOTS.replacing(expression)
    if photo is not None and not retaking:
        return None  # a retake button is shown beside the photo
    upload_key = SLOTS.widget_key(expression, "upload")
    # every step's uploader read "Upload" to a screen reader: named for its step, as "Retake this photo (the big smile
    # photo)" is, its visible word first (what a voice command says)
    a11y.name_button(upload_key, f"Upload the {EXPRESSIONS[expression].title.lower()} photo")
    widgets.photo_slot_ui(
        upload_label="Use a different rest photo" if expression == "rest" and from_first else "Upload the new photo" if retaking else "Upload this photo",
        upload_key=upload_key,
        camera_toggle_key=CAMERA,
        camera_label=f"{EXPRESSIONS[expression].title}: look straight into the camera",
        camera_key=SLOTS.widget_key(expression, "camera"),
        take=_take,
        args=(expression,),
    )
    refused = SLOTS.pop_refused(expression)
    if focus and not refused:
        widgets.focus_ui(upload_key)
    if expression == "rest" and rest is None:
        st.info("The rest photo is required: take or upload one here, or add your photo on the first page.", icon=":material/info:")
    return refused


#: The button that removes a rest photo given here, so that the first page's photo is the rest photo again.
REMOVE_REST = "Remove this rest photo (use the first page's photo)"


def _current_ui(expression: str) -> None:
    if expression == "rest":
        photo, from_first = rest_photo()
    else:
        photo, from_first = SLOTS.get(expression), False
    if photo is None:  # named: beside "✓ Taken: Rest." the step it meant was not said
        st.caption(f"No “{EXPRESSIONS[expression].title}” photo yet.")
        return
    caption = first_page_caption() if from_first else f"Your {EXPRESSIONS[expression].title.lower()} photo"
    widgets.thumbnail_ui(photo, caption, width=240, alt=f"The {EXPRESSIONS[expression].title.lower()} photo")
    noun = f"the {EXPRESSIONS[expression].title.lower()} photo"  # named for its step, as the Visits slots are
    if SLOTS.replacing(expression):
        a11y.name_button(f"{KEEP}-{expression}", f"Keep this photo ({noun})")
        st.button("Keep this photo", key=f"{KEEP}-{expression}", on_click=_keep, args=(expression,), icon=":material/undo:")
    elif expression == "rest" and not from_first and state.photo() is not None:
        # it removes the photo and opens no uploader: "Retake (back to the first page's photo)" promised a new one
        st.button(REMOVE_REST, key=f"{RETAKE}-{expression}", on_click=_remove_rest, icon=":material/undo:")
    elif not from_first:
        a11y.name_button(f"{RETAKE}-{expression}", f"Retake this photo ({noun})")
        st.button("Retake this photo", key=f"{RETAKE}-{expression}", on_click=_retake, args=(expression,), icon=":material/replay:")


MIRRORED_SETTING = MirroredSetting(MIRRORED, MIRRORED_KEPT)


def mirrored_setting() -> bool:
    """Whether the photos added on this page are mirrored selfies (as last set on this page; else the first page's setting)."""
    return MIRRORED_SETTING.value()


def mirrored_ui(presenter: bool) -> bool:
    """The "mirrored" setting of the photos added on this page (hidden in presenter mode). Its help says what the first
    page's photo, when it is the rest photo, is set to there."""
    return MIRRORED_SETTING.ui(presenter, first_page_photo=rest_photo()[1])


def failures_ui(measured: Measured, presenter: bool = False) -> bool:
    """One sentence per photo that could not be measured; ``True`` when something asks for a photo.

    In ``presenter`` mode the photo controls are hidden: nothing points at them ("in the Smile step above", an upward
    arrow), and the caller says once that presenter mode hides them (:data:`ui.widgets.PRESENTER_HINT`).
    """
    if measured.missing_rest:
        st.info("Add a rest photo to start: every movement is measured from it.", icon=":material/info:" if presenter else ":material/arrow_upward:")
    for name, step_failure in measured.failures.items():
        failure = for_step(name, step_failure)
        what = f"{EXPRESSIONS[name].title} photo"
        if presenter:  # widgets.failure_ui would point at the hidden step and repeat its hint under every photo
            st.error(f"{what}: {failure.refused()}", icon=":material/error:")
        else:
            widgets.failure_ui(failure, what=what, advice=_retake_advice(name, measured))
    return measured.missing_rest or bool(measured.failures)


#: The part of the advice for a photo without a face (:data:`viz.landmarks.NO_FACE_ADVICE`) left out on the eyes-closed
#: step: "shows the whole face with the eyes open" asked for the eyes open in the photo of them shut tight.
EYES_OPEN = " with the eyes open"


def for_step(name: str, failure: cache.Failure) -> cache.Failure:
    """``failure`` as said for the expression ``name``'s photo: on the eyes-closed step without :data:`EYES_OPEN`."""
    if name != "eyes_closed":
        return failure
    return dataclasses.replace(failure, **{k: getattr(failure, k).replace(EYES_OPEN, "") for k in ("message", "advice", "retry")})


def _retake_advice(name: str, measured: Measured) -> str:
    """The way forward for one photo of the set that could not be measured."""
    if name == "rest" and measured.rest_from_first_page:
        return "Upload or take a rest photo in the Rest step above, or change the photo on the first page."
    return f"Retake it in the {EXPRESSIONS[name].title} step above, or upload another photo there ({FORMAT_WORDS})."


#: How the balance's figure in an expression is obtained (:func:`viz.movement._balance`), said once under "Static or
#: dynamic?": the first page read the same smile photo alone as "-1.8 ± 0.4 mm" where this page said "2.0 ± 0.8 mm",
#: and an injector sharing the screen saw two answers for one picture.
BALANCE_HOW = (
    "The figure in an expression is the difference at rest plus the difference between how far the two sides move, read with"
    " the expression photo lined up on the rest photo, so its ± adds both photos' uncertainty. The first page reads that photo"
    " on its own, so its figure may differ from this one within the ±."
)


def balance_ui(report: DynamicsReport) -> None:
    """Static against dynamic asymmetry per region, in plain words, and how the figure in an expression is obtained."""
    if not report.static_vs_dynamic:
        return
    st.subheader("Static or dynamic?")
    st.caption(f"{STATIC_OR_DYNAMIC} {BALANCE_HOW}")
    for region, balance in report.static_vs_dynamic.items():
        word = BALANCE_WORDS[balance.dominant]
        st.markdown(f"{balance_heading(region, balance.reads, balance.expression, word)}  \n{balance.note}")


#: The first sentence where the rest and an expression photo look given the wrong way round (:func:`swapped`): it
#: replaces the two retake requests they got ("Rest photo: the face shows an expression … take the photo again" and "The
#: “Big smile” photo shows the mouth corners pulled down, not up … retake it"), which contradicted each other.
SWAPPED = "The rest and the {photo} photos look swapped: the rest photo shows the {what} and the {photo} photo a relaxed face."
#: How to swap them on this page, after :data:`SWAPPED` (none in presenter mode, which hides the button).
SWAP_HOW = " Swap them with the button below: the {photo} photo becomes the rest photo, and the rest photo the {photo} photo."
SWAP_HOW_FIRST = (
    " Swap them with the button below: the {photo} photo becomes the rest photo of this page, and the first page's photo"
    " the {photo} photo (the first page keeps its photo)."
)
#: Beside the expression photo itself, in place of its retake request: why it gives no verdict.
SWAPPED_HERE = "The {photo} photo gives no verdict while it and the rest photo look swapped (see above)."
SWAP = "movement-swap"  # + "-{expression}"
SWAP_NOTICE = "movement-swap-notice"  # the container of the swap's confirmation, which takes the focus


def _swap(expression: str) -> None:
    """Swap the rest photo and an expression photo (a button's ``on_click``); the first page's photo standing in as rest
    becomes the expression photo here and stays on the first page."""
    rest, photo = rest_photo()[0], SLOTS.get(expression)
    if rest is None or photo is None:
        return
    SLOTS.receive(expression, rest.data, rest.name, rest.source)
    SLOTS.receive("rest", photo.data, photo.name, photo.source)
    st.session_state[SWAPPED_NOTE] = SWAP_DONE.format(photo=photo_name(expression))


#: Session-state key: the sentence saying the last swap was made (:func:`_swap`), said once by :func:`swapped_ui`.
SWAPPED_NOTE = "_movement_swapped"
#: Said once after "Swap": the warning and the button went, and nothing said the two photos had traded places.
SWAP_DONE = "Swapped: the photo given for {photo} is now the rest photo here, and the one given as the rest photo is the {photo} photo."


def swapped_ui(report: DynamicsReport, from_first: bool, presenter: bool) -> list[str]:
    """One sentence (and, outside presenter mode, a button) per expression photo swapped with the rest photo
    (:func:`swapped`); returns those expressions."""
    done = st.session_state.pop(SWAPPED_NOTE, None)
    if isinstance(done, str):  # read out where the focus lands: the button pressed is gone
        with a11y.read_out(SWAP_NOTICE):
            st.success(done, icon=":material/swap_horiz:")
    names = swapped(report)
    for name in names:
        photo = photo_name(name)
        how = "" if presenter else (SWAP_HOW_FIRST if from_first else SWAP_HOW).format(photo=photo)
        st.warning(SWAPPED.format(photo=photo, what=SWAPPABLE[name]) + how, icon=":material/swap_horiz:")
        if not presenter:
            st.button(f"Swap the rest and {photo} photos", key=f"{SWAP}-{name}", on_click=_swap, args=(name,), icon=":material/swap_horiz:")
    return names


#: How to mend a photo read as the rest photo's mirror image (:attr:`viz.movement.ExpressionResult.looks_mirrored`), after
#: the engine's sentence: the page's one switch turns every photo added here, so where the rest photo was added here too
#: it turns both, and "switch on “mirrored” for that photo" could not be followed.
MIRROR_HOW_FIRST = " If the photos added here were saved mirrored, switch on “{label}”; if the first page's photo was, switch on its own switch there."


def mirror_how_first(*, page_mirrored: bool, first_mirrored: bool) -> str:
    """:data:`MIRROR_HOW_FIRST` as the two switches stand: where one is already on, the way out is to switch it off. With
    the first page's photo marked mirrored before this page was opened, this page's switch (following it) was on too,
    and the sentence asked to switch on two switches that were on.

    Examples
    --------
    >>> mirror_how_first(page_mirrored=False, first_mirrored=False) == MIRROR_HOW_FIRST.format(label=widgets.PAGE_MIRRORED_LABEL)
    True
    >>> said = mirror_how_first(page_mirrored=True, first_mirrored=True)
    >>> "were not saved mirrored, switch off “Photos added" in said, said.endswith("was not, switch off its own switch there.")
    (True, True)
    """
    here = f"were {'not ' if page_mirrored else ''}saved mirrored, switch {'off' if page_mirrored else 'on'}"
    there = f"was{' not' if first_mirrored else ''}, switch {'off' if first_mirrored else 'on'}"
    return f" If the photos added here {here} “{widgets.PAGE_MIRRORED_LABEL}”; if the first page's photo {there} its own switch there."


MIRROR_HOW_HERE = (
    " The photos added here share one “mirrored” switch, which turns them all: take the {photo} photo again the way the"
    " rest photo was taken, or put the rest photo on the first page, which has a switch of its own."
)

#: Added to the sentence of an expression photo whose movement went the other way (:attr:`viz.movement.ExpressionResult.other_way`)
#: where the rest photo was not read as showing an expression (:func:`swapped`): a closed-lip smile given as the rest
#: photo and a neutral face as the “Big smile” read "the mouth corners pulled down … smile broadly … and retake it",
#: with no word that the two photos may be the wrong way round and no way to swap them. ``{what}``: what the expression's
#: photo shows (:attr:`viz.vocabulary.ExpressionWords.shows`).
MAYBE_SWAPPED = " The two photos may be the wrong way round, the rest photo being the one that shows {what}."


def expression_warnings(
    result: ExpressionResult,
    *,
    swapped: bool = False,
    rest_from_first: bool = True,
    page_mirrored: bool = False,
    first_mirrored: bool = False,
    presenter: bool = False,
) -> list[str]:
    """The sentences beside one expression photo, in the engine's order (a face small and farther than in the rest photo
    first, in one sentence: :data:`viz.movement.SMALL_AND_FARTHER`). With ``swapped`` (:func:`swapped`) its retake
    request gives way to :data:`SWAPPED_HERE`; a movement the other way without it says that the photos may be the wrong
    way round (:data:`MAYBE_SWAPPED`) and, outside ``presenter`` mode, how to swap them (the button
    :func:`expression_ui` draws). A photo read as a mirror image of the rest photo says how to mend it on
    this page (:func:`mirror_how_first` as the page's and the first page's switches stand, ``page_mirrored`` and
    ``first_mirrored``; or :data:`MIRROR_HOW_HERE` where ``rest_from_first`` is False). In ``presenter`` mode, which hides
    the photo controls, each says its finding only (:func:`finding_only`)."""
    warnings = list(result.warnings)
    photo = photo_name(result.expression)
    other_way = NOT_SHOWN[result.expression][1].format(photo=photo) if result.other_way else None
    if swapped and other_way is not None:
        warnings = [SWAPPED_HERE.format(photo=photo) if w == other_way else w for w in warnings]
    elif other_way is not None:
        said = finding_only(other_way) if presenter else other_way
        maybe = MAYBE_SWAPPED.format(what=EXPRESSIONS[result.expression].shows)
        how = "" if presenter else (SWAP_HOW_FIRST if rest_from_first else SWAP_HOW).format(photo=photo)
        warnings = [said + maybe + how if w == other_way else w for w in warnings]
    if presenter:
        warnings = [finding_only(w) for w in warnings]
        return warnings  # the mirror's way to mend it is through switches presenter mode hides
    if result.looks_mirrored:  # the mirror warning's own words up to its "(or two people's)": "The “X” photo" began every one
        lead = MIRROR_IMAGE.split("{people}")[0].format(photo=photo)
        how = mirror_how_first(page_mirrored=page_mirrored, first_mirrored=first_mirrored) if rest_from_first else MIRROR_HOW_HERE.format(photo=photo)
        warnings = [w + how if w.startswith(lead) else w for w in warnings]
    return warnings


def expression_ui(
    report: DynamicsReport, result: ExpressionResult, box: tuple[int, int, int, int], *, swapped: bool = False, rest_from_first: bool = True
) -> None:
    """One expression: the advice, the aligned photo beside rest (or blinking), and the movement measures. ``swapped``:
    the photo looks swapped with the rest photo (:func:`swapped`), which the results said first."""
    name = result.expression
    st.subheader(EXPRESSIONS[name].title)
    widgets.photo_warnings_ui(result.face.photo)  # how the photo was read (the expression's own warnings do not repeat it)
    # Another person, or not the expression asked for: no verdict from this photo. That sentence, and any before it
    # (the same picture as rest, a face too small and far), is a warning.
    presenter = state.presenter()
    warnings = expression_warnings(
        result,
        swapped=swapped,
        rest_from_first=rest_from_first,
        page_mirrored=MIRRORED_SETTING.value(),
        first_mirrored=state.mirrored(),
        presenter=presenter,
    )
    lead = next((k for k, w in enumerate(warnings) if "no verdict" in w), 0)
    for i, warning in enumerate(warnings):
        if i <= lead and not result.usable:
            st.warning(warning, icon=":material/person_alert:")
        else:
            st.info(warning, icon=":material/lightbulb:")
    if result.other_way and not swapped and not presenter:  # the way out MAYBE_SWAPPED offers, as swapped_ui's
        photo = photo_name(name)
        st.button(f"Swap the rest and {photo} photos", key=f"{SWAP}-{name}", on_click=_swap, args=(name,), icon=":material/swap_horiz:")
    rest_img = crop(np.asarray(report.rest.face.photo.rgb), box, SHOW_SIDE)
    aligned = crop(aligned_image(result.face, result.alignment, report.rest.face), box, SHOW_SIDE)
    # The two pictures were in a column beside the table, each 136 px wide at 1280 px: too small to see a movement. They
    # have a row of their own above the table, each COMPARE_WIDTH wide (one under the other where the row is narrower).
    blink = st.toggle("Blink between rest and this expression", key=f"{BLINK}-{name}", persist_state="session")
    if blink:
        a11y.image(
            blink_gif(rest_img, aligned, labels=("Rest", EXPRESSIONS[name].title)),  # each frame says which it is
            alt=f"An animation alternating the rest photo and the {EXPRESSIONS[name].title.lower()} photo, lined up",
            key=f"movement-{name}-blink",
            caption=f"Rest and {EXPRESSIONS[name].title.lower()}, lined up and alternating: what moves is the movement",
            width=COMPARE_WIDTH,
        )
    else:
        row = st.container(horizontal=True, gap="medium")
        a11y.image(
            jpeg(rest_img),
            alt="The rest photo, cropped to the face",
            key=f"movement-{name}-rest",
            caption="Rest",
            width="stretch",
            where=row.container(width=COMPARE_WIDTH),
        )
        a11y.image(
            jpeg(aligned),
            alt=f"The {EXPRESSIONS[name].title.lower()} photo, lined up with the rest photo" + (f" and {FLIPPED}" if result.flipped else ""),
            key=f"movement-{name}-aligned",
            caption=f"{EXPRESSIONS[name].title}, lined up with rest" + (f" ({FLIPPED})" if result.flipped else ""),
            width="stretch",
            where=row.container(width=COMPARE_WIDTH),
        )
    st.caption(f"{lined_up_on(name)} {identity_limit(name)}")
    what = what_is_compared(report, result)
    rows = movement_rows(result.movements, verdict=result.usable, compares=what)
    label = f"How each side moves: {EXPRESSIONS[name].title.lower()}"
    table_ui(rows, key=f"movement-{name.replace('_', '-')}", min_width=560, wide=("pulls harder",), label=label)
    st.caption(legend(result.movements, verdict=result.usable, compares=what))
    for line in movement_notes(result.movements, parts=what != "mirror image", why=no_verdict_why(result, swapped=swapped)):
        st.markdown(line)


def what_is_compared(report: DynamicsReport, result: ExpressionResult) -> Compares:
    """What an expression photo's figures set against the rest photo (:func:`viz.movement_words.what_is_compared`, which the
    consult report shares)."""
    return compared(result)


def legend(movements: Mapping[str, Movement], *, verdict: bool = True, compares: Compares = "movement") -> str:
    """The caption under an expression's table. The smile angle's dash and the excursion's direction are said only
    under a table that has them: "and for the smile angle, a direction" read under a frown as if it had one. Without
    ``verdict`` (:attr:`viz.movement.ExpressionResult.usable`) every ratio is a dash, and the caption says so: under
    another person's "9.5 ± 1.5 mm" and "8.0 ± 1.3 mm", "a dash where the stronger side moves too little" was false.
    Where the figures are no movement (``compares``: :func:`what_is_compared`), :data:`NOT_A_MOVEMENT` says what they
    compare in place of the rule for :data:`OTHER_WAY`."""
    text = (
        f"{MOVEMENT_UNITS} "
        f"Weaker / stronger: 1.00 means both sides move alike; {NO_RATIO} where the stronger side moves less than"
        f" {RATIO_MIN_COVERAGE:g} times its ± (too little to compare)"
    )
    text += ", and for the smile angle, a direction." if "smile_angle" in movements else "."
    if not verdict:
        text += f" This photo gives {NO_VERDICT}, so every ratio is {NO_RATIO} and no side is named."
    if compares != "movement":  # no movement to go against: the rule below would explain a mark never shown
        return text + NOT_A_MOVEMENT[compares].format(other=OTHER_WAY)
    # "-0.4 ± 0.4 mm" beside "-0.6 ± 0.4 mm (moved the other way)" read as a mark forgotten: the rule is said. Marking a
    # value within its ± would claim a movement the photos cannot tell from none.
    text += f" A value below zero went against the expression; “{OTHER_WAY}” is written beside it only where it is beyond its ±"
    text += " (within it, the side may not have moved at all)"
    # a distance is never below zero: its part in the expression's direction (viz.movement.DIRECTION_PART) says it
    if "mouth_corner_excursion" in movements:
        text += f"; the corners' excursion is a distance, so beside it “{OTHER_WAY}” marks a corner that went down by more than its ±"
    if "medial_brow_travel" in movements:
        text += f"; the inner brow's travel counts only its move down and inward, so beside it “{OTHER_WAY}” marks a brow that rose by more than its ±"
    return text + "."


def lined_up_on(expression: str) -> str:
    """What an expression photo is lined up with the rest photo on: the irises are left out with the eyes closed
    (:func:`viz.movement.measure_dynamics`)."""
    points = "the eye corners and nose" if expression == "eyes_closed" else "the eye corners, nose and irises"
    return f"Lined up on {points}, which barely move with expression."


#: The key of the container of everything measured (:func:`results_ui`): presenter mode's type on a short screen sets the
#: results in it no smaller than its captions (:data:`ui.shell.RESULTS_AS_CAPTIONS`).
RESULTS = shell.MOVEMENT_RESULTS


def results_ui(measured: Measured) -> None:
    """Everything measured from the set, in the container :data:`RESULTS`."""
    with st.container(key=RESULTS):
        _results_ui(measured)


def _results_ui(measured: Measured) -> None:
    presenter = state.presenter()  # the capture is hidden: no arrow points at it, and one line says so
    note_rest_taken_with()
    asked = failures_ui(measured, presenter)
    report = measured.report
    if report is None:
        if presenter and asked:
            st.caption(widgets.PRESENTER_HINT)
        return
    rest_note = f"the photo from the first page{as_set_there()}" if measured.rest_from_first_page else "the rest photo taken here"
    st.header("Movement from rest")
    st.caption(f"Rest: {rest_note}.")
    rest = rest_photo()[0]
    # the capture's thumbnail is hidden: show the photo the line above names, unless each expression below shows it
    # beside its own photo ("Rest"): it was shown twice, small and again full size
    if presenter and rest is not None and not report.expressions:
        caption = first_page_caption() if measured.rest_from_first_page else "Your rest photo"
        with st.container(width=240):  # its caption was centred under the page's whole width, far from the picture
            widgets.thumbnail_ui(rest, caption, width=240, alt="The rest photo, as given")
    swaps = swapped_ui(report, measured.rest_from_first_page, presenter)  # first: the one thing to do
    for warning in report.rest.warnings:  # they include how the photo was read
        if swaps and warning == EXPRESSION_WARNING:  # "take the photo again" was the second of two contradicting requests
            continue
        st.info(f"Rest photo: {mid_sentence(warning)}", icon=":material/lightbulb:")
    if not report.expressions:
        up = ":material/info:" if presenter else ":material/arrow_upward:"
        if measured.failures:  # the photos given could not be used, and each says why above
            st.info("Movement is measured once an expression photo shows a face: retake the one named above.", icon=up)
        else:
            titles = [EXPRESSIONS[e].title for e in EXPRESSION_IDS[1:]]
            st.info(f"Add at least one expression ({', '.join(titles[:-1])} or {titles[-1]}) to measure movement.", icon=up)
        if presenter:
            st.caption(widgets.PRESENTER_HINT)
        return
    if presenter and asked:
        st.caption(widgets.PRESENTER_HINT)
    changed_rest_ui(measured, report, presenter)
    balance_ui(report)
    box = face_box(report.rest.face)
    for result in report.expressions.values():
        expression_ui(report, result, box, swapped=result.expression in swaps, rest_from_first=measured.rest_from_first_page)
    st.caption(preview_hint(report))
    if not presenter:  # as the first page's, which presenter mode leaves out with the page's other controls
        export_ui(report)


#: The Expressions page's consult report: its download's key and the saved file's name (:func:`ui.widgets.saved_name`).
REPORT = "movement-report"
REPORT_FILE = "consult-report-expressions"
#: What the report holds, the download's help.
REPORT_HELP = (
    "The rest photo with the overlay, its measures and mirrored views, then each expression lined up with rest, every"
    " movement per side with its ± and note, and the static-or-dynamic reading; sources and notices, dated."
)


def export_ui(report: DynamicsReport) -> None:
    """One click, made in memory only when clicked (:func:`ui.cache.movement_report_pdf`): the consult report of the rest
    photo with every measured expression's movements, the overlay's layers as chosen on the first page."""
    st.download_button(
        "Download the consult report (PDF)",
        # the expressions' photos, and the first page's that stands in for the rest photo: nothing of them once one changed
        data=widgets.from_current_photos(
            functools.partial(cache.movement_report_pdf, report, cache.library(), state.overlay_layers()), "pdf", photos=(PHOTOS, state.PHOTO)
        ),
        file_name=widgets.saved_name(REPORT_FILE, "pdf"),
        mime="application/pdf",
        key=REPORT,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=REPORT_HELP,
    )


def note_rest_taken_with() -> None:
    """Remember, for each expression photo, the rest photo the page showed when it first saw it (:data:`TAKEN_WITH`).

    A photo arrives through the page's uploader or camera, and the page runs at once after it: the rest photo recorded
    is the one it was taken with. Photos no longer in the set are forgotten.
    """
    rest = rest_photo()[0]
    before = st.session_state.get(TAKEN_WITH)
    seen = dict(before) if isinstance(before, dict) else {}
    photos = SLOTS.all()
    now = {photo.digest for photo in photos.values()}
    kept = {digest: rest_digest for digest, rest_digest in seen.items() if digest in now}
    if rest is not None:
        for name in captured():
            kept.setdefault(photos[name].digest, rest.digest)
    st.session_state[TAKEN_WITH] = kept


def rest_changed_since(expression: str) -> bool:
    """Whether the rest photo changed after the expression's photo was taken (:func:`note_rest_taken_with`)."""
    photo, rest = SLOTS.get(expression), rest_photo()[0]
    seen = st.session_state.get(TAKEN_WITH)
    if photo is None or rest is None or not isinstance(seen, dict) or photo.digest not in seen:
        return False
    return bool(seen[photo.digest] != rest.digest)


def changed_rest_ui(measured: Measured, report: DynamicsReport, presenter: bool = False) -> None:
    """Where the first page's photo stands in as rest, it changed after an expression photo was taken, and that photo may
    not show the same person: say that the rest photo is whatever the first page now shows. After that photo changed to
    another person, the old smile was read against the new face, and nothing said the rest photo had changed. Another
    person's photo taken against an unchanged rest photo gets its own warning only: the note said the first page's photo
    had changed when it had not. In ``presenter`` mode it gives no way forward through the photo controls that mode
    hides."""
    if not measured.rest_from_first_page:
        return
    if all(r.same_person or not rest_changed_since(name) for name, r in report.expressions.items()):
        return
    chosen = state.photo()
    named = f" ({chosen.label})" if chosen is not None else ""
    what = (
        f"The rest photo is the first page's photo{named}, which changed after expression photos were taken here: every"
        " expression photo is now measured against the new one."
    )
    advice = " Put the same person's photo back on the first page, or give a rest photo of this person in the Rest step."
    st.info(what + ("" if presenter else advice), icon=":material/person_alert:")


#: The last line of the results where "Preview a treatment" can show these expressions: its photo is the rest photo, or
#: shows the same face (:func:`same_face_as`).
PREVIEW_HINT = "To see an expression with a muscle relaxed, open “Preview a treatment” in the menu and choose the expression there."
#: Added to :data:`PREVIEW_HINT` where some expressions cannot be simulated (:func:`simulatable`): Preview offers only
#: the others, and a photo left out there had sent people to a selector that did not list it.
PREVIEW_ONLY = "It offers {offered}; not {left_out}, which {verb} no verdict here."
#: The last line where no expression photo can be simulated: "open Preview and choose the expression there" sent people to
#: a Big smile that Preview then refused ("This photo is not simulated").
PREVIEW_NONE = (
    "“Preview a treatment” shows an expression with a muscle relaxed only from a photo that gives a verdict here (the"
    " same person, making the expression asked for): none of these does yet, so it offers no expression."
)
#: The last line where it cannot: it offered no Expression selector for the sample portrait or another person's photo.
PREVIEW_NEEDS = (
    "“Preview a treatment” can show these expressions with a muscle relaxed once the first page holds a photo of the same"
    " person: it now shows {what}, so it offers no expression."
)


#: The last line where a face is too small for the check that the first page's photo and the rest photo show one person
#: (:func:`too_small_to_match`; ``{which}``: :data:`TOO_SMALL_WHICH`). Counted as a match, a 90 px rest photo of one man
#: sent people to Preview, which showed his smile under the sample portrait of a woman.
PREVIEW_TOO_SMALL = (
    "“Preview a treatment” offers none of these expressions: {which} too small to confirm that the rest photo and the"
    " first page's photo show the same person, so take the photos closer up."
)
#: Which face :func:`too_small_to_match` found too small, as :data:`PREVIEW_TOO_SMALL` says it.
TOO_SMALL_WHICH = {"rest": "the face in the rest photo is", "first": "the face in the first page's photo is", "both": "both faces are"}
TooSmall = Literal["rest", "first", "both"]


def same_face_as(digest: str, face: viz.Face) -> bool:
    """Whether the set's rest photo is the photo ``digest`` or was checked to show the same face
    (:func:`viz.visits.faces_match`; a face too small to check is no match: :func:`too_small_to_match`): only then does
    "Preview a treatment", which simulates that photo, offer the set's expressions."""
    rest = rest_photo()[0]
    if rest is None:
        return False
    if rest.digest == digest:
        return True
    rest_face = _face(rest)
    return not isinstance(rest_face, cache.Failure) and faces_match(face, rest_face)


def too_small_to_match(digest: str, face: viz.Face) -> TooSmall | None:
    """Which face is too small for :func:`same_face_as` to check (:func:`viz.visits.too_small_to_check`): the set's rest
    photo's (``"rest"``), that of the photo ``digest`` (``"first"``) or ``"both"``; ``None`` where the check can be made,
    the rest photo is that photo, or there is no rest face."""
    rest = rest_photo()[0]
    if rest is None or rest.digest == digest:
        return None
    rest_face = _face(rest)
    if isinstance(rest_face, cache.Failure):
        return None
    rest_small, first_small = too_small_to_check(rest_face), too_small_to_check(face)
    return "both" if rest_small and first_small else "rest" if rest_small else "first" if first_small else None


def simulatable(report: DynamicsReport | None) -> list[str]:
    """The expressions "Preview a treatment" can simulate, in the set's order: those whose photo gives a verdict
    (:attr:`viz.movement.ExpressionResult.usable`). A photo of someone else, one not showing the expression asked for,
    and one that could not be measured are left out: Preview would show it only to say it is not simulated."""
    if report is None:
        return []
    return [e for e in EXPRESSION_IDS[1:] if e in report.expressions and report.expressions[e].usable]


def titles_in_words(expressions: list[str]) -> str:
    """Expression titles as a list in words: "Brows up", "Brows up and Frown", "Brows up, Frown and Big smile"."""
    titles = [EXPRESSIONS[e].title for e in expressions]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def preview_hint(report: DynamicsReport) -> str:
    """The results' last line: where to see an expression with a muscle relaxed (naming the ones Preview leaves out), or
    what that needs."""
    chosen = state.photo()
    data, digest = cache.sample() if chosen is None else (chosen.data, chosen.digest)
    face = cache.work(digest, data).face()
    if isinstance(face, cache.Failure):
        return PREVIEW_NEEDS.format(what="a photo it cannot measure")
    if not same_face_as(digest, face):
        if small := too_small_to_match(digest, face):
            return PREVIEW_TOO_SMALL.format(which=TOO_SMALL_WHICH[small])
        return PREVIEW_NEEDS.format(what="the sample portrait" if chosen is None else "another face")
    offered = simulatable(report)
    if not offered:
        return PREVIEW_NONE
    left_out = [e for e in report.expressions if e not in offered]
    if not left_out:
        return PREVIEW_HINT
    verb = "gives" if len(left_out) == 1 else "give"
    return f"{PREVIEW_HINT} {PREVIEW_ONLY.format(offered=titles_in_words(offered), left_out=titles_in_words(left_out), verb=verb)}"
