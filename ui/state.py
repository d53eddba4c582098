"""Session-state keys of the app and the one place a photo enters a session.

The photo a person chose lives in session state as a :class:`PhotoInput` (bytes in memory, never on
disk) under :data:`PHOTO`. Widgets only feed it: the uploader and the camera call :func:`take_widget`
when their value changes, the sample and clear buttons call :func:`clear_photo` (with :data:`SAMPLE_SHOWN` or :data:`CLEARED`).
Tests (and any future input) can place a photo with :func:`receive` or by putting a ``PhotoInput``
under :data:`PHOTO` in ``AppTest.session_state``.

Widgets that presenter mode hides would lose their value when they are not drawn; :func:`keep`
re-asserts them at the top of every run, which is Streamlit's documented way to keep widget state.

An uploaded or camera file is read once and then let go: :func:`drop_upload` removes it from
Streamlit's own store of uploads (which would otherwise keep it until the server stops, even after
the tab closed) and the widget is emptied, so the only copy is the :class:`PhotoInput`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import cache
from viz.vocabulary import LAYERS

Source = Literal["sample", "upload", "camera", "test"]

# --- keys -------------------------------------------------------------------------------------
PHOTO = "photo"  # PhotoInput | None (None: the sample)
NONCE = "photo_nonce"  # bumped to empty the uploader and the camera
NOTICE = "photo_notice"  # one sentence to show once after an action (e.g. "cleared")
REFUSED = "photo_refused"  # why the last file was not taken, shown once (the photo before it is kept)
#: Said after the sentence saying why a new file could not be used, when the photo before it stays (every page's slots).
KEPT = "It was not used: your earlier photo is still shown."  # "that file" of a camera shot read oddly
#: The same, where the photo kept is the sample portrait (no photo of the person's yet).
KEPT_SAMPLE = "It was not used: the sample portrait is still shown."
GENERATION = "person_generation"  # bumped by "New person": part of every photo widget's key, so all of them start empty
# widget keys
MIRRORED = "mirrored"
PRESENTER = "presenter"
PRESENTER_STEP = "presenter_step"  # the step of presenter mode's story (ui.presenter)
DEMO = "_demo"  # True once the session was opened with ?demo=1 (ui.demo): it stays a demo
DEMO_PARAM = "demo"  # the query parameter that turns demo mode on
USE_CAMERA = "use_camera"
OPACITY = "mirror_opacity"
BLINK = "blink"
CHART_OPEN = "measures_chart_open"  # the first page's bar chart is drawn only while its expander is open
RELATED_OPEN = "related_open"  # and so are its muscles and Learn cards by region
OVERLAY_INTERACTIVE = "overlay_interactive"  # the first page's overlay as the interactive chart instead of the picture
OVERLAY_LAYERS = "overlay_layers"  # the layers drawn into the overlay's picture
SAMPLE_BUTTON = "use_sample"
CLEAR_BUTTON = "clear_photo"

#: The first page's settings (kept for the session, while their widget is hidden too) and their defaults.
DEFAULTS: dict[str, object] = {
    MIRRORED: False,
    PRESENTER: False,
    PRESENTER_STEP: 0,
    USE_CAMERA: False,
    OPACITY: 50,
    BLINK: False,
    CHART_OPEN: False,
    RELATED_OPEN: False,
    OVERLAY_INTERACTIVE: False,
    OVERLAY_LAYERS: list(LAYERS),
}


@dataclass(frozen=True)
class PhotoInput:
    """A photo as it arrived: its bytes, a display name, where it came from and its SHA-256."""

    data: bytes
    name: str
    source: Source
    digest: str

    @classmethod
    def of(cls, data: bytes, name: str, source: Source) -> PhotoInput:
        """Wrap bytes, computing their digest (the cache key of every analysis)."""
        return cls(data=bytes(data), name=name, source=source, digest=hashlib.sha256(data).hexdigest())

    @property
    def label(self) -> str:
        """How the pages name the photo ("Showing: …"): the same words on every page."""
        return {"upload": "Your uploaded photo", "camera": "Your camera photo"}.get(self.source, "Your photo")


def init() -> None:
    """Give every key its default once per session (the widgets keep their values with ``persist_state="session"``)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = list(value) if isinstance(value, list) else value  # a list of its own per session
    st.session_state.setdefault(PHOTO, None)
    st.session_state.setdefault(NONCE, 0)


def nonce() -> int:
    """A counter in the uploader's and the camera's keys; bumping it empties both widgets."""
    return int(st.session_state.get(NONCE, 0))


def generation() -> int:
    """How many times "New person" ran in this session (part of every photo widget's key)."""
    return int(st.session_state.get(GENERATION, 0))


def widget_key(base: str) -> str:
    """The key of a photo widget (uploader or camera): ``base`` with this session's generation."""
    return f"{base}-g{generation()}"


def drop_upload(value: object) -> bool:
    """Remove an uploaded (or camera) file from Streamlit's store of uploads once its bytes were read; ``True`` when removed.

    Streamlit keeps every uploaded file of a session until the session shuts down, which a closed tab
    never triggers; the app keeps its own copy (a :class:`PhotoInput`) and lets go of Streamlit's.
    """
    file_id = getattr(value, "file_id", None)
    ctx = get_script_run_ctx()
    if not isinstance(file_id, str) or ctx is None or not runtime.exists():
        return False
    remove = getattr(runtime.get_instance().uploaded_file_mgr, "remove_file", None)  # Streamlit's in-memory store has it
    if not callable(remove):
        return False
    remove(ctx.session_id, file_id)
    return True


def photo() -> PhotoInput | None:
    """The person's photo, or ``None`` when the sample is shown."""
    value = st.session_state.get(PHOTO)
    return value if isinstance(value, PhotoInput) else None


def mirrored() -> bool:
    """Whether the first page's photo is marked as a mirrored selfie (the first page's "mirrored" switch)."""
    return bool(st.session_state.get(MIRRORED, False))


#: Said once when a new photo arrives while the last one was marked mirrored: the setting belongs to a photo, and kept
#: on, it named the new person's left side right.
MIRRORED_RESET: Final = "The new photo is read as taken (not mirrored): switch “This photo is mirrored” on again if it is a mirror image."


#: Session-state key: the last new photo turned "mirrored" off (said once, beside the switch: :func:`pop_mirrored_reset`).
MIRRORED_WAS_ON = "mirrored_was_on"


def overlay_layers() -> tuple[str, ...]:
    """The overlay's layers chosen on the first page, in the order of :data:`LAYERS`: its picture, its downloads and
    the consult reports of every page draw these (the Visits report drew three, beside the first page's five)."""
    chosen = st.session_state.get(OVERLAY_LAYERS, list(LAYERS))
    return tuple(layer for layer in LAYERS if layer in (chosen or ()))


def pop_mirrored_reset() -> bool:
    """Whether the last new photo turned "mirrored" off, if that is news (:data:`MIRRORED_RESET`)."""
    return bool(st.session_state.pop(MIRRORED_WAS_ON, False))


#: What :func:`photo_digests` gives for one session-state key: ``None`` (no photo: the sample, or the key is gone), one
#: photo's digest, or a slot dict's ``(name, digest)`` pairs in name order.
PhotoDigest = str | tuple[tuple[str, str], ...] | None


def photo_digests(values: Any, keys: Sequence[str] = (PHOTO,)) -> tuple[PhotoDigest, ...]:
    """Which photos the session-state ``keys`` hold in ``values`` (a session's state), by digest: equal while the photos are.

    ``values`` is read by key only, so a session's ``SafeSessionState`` captured while a page was drawn can be read from
    another thread later (a download made when clicked), where ``st.session_state`` reaches no session.

    Examples
    --------
    >>> a = PhotoInput.of(b"a", "a.jpg", "test")
    >>> photo_digests({PHOTO: a}) == (a.digest,), photo_digests({}), photo_digests({"slots": {"smile": a}}, ["slots"])[0][0][0]
    (True, (None,), 'smile')
    """

    def digest(key: str) -> PhotoDigest:
        try:
            value = values[key]
        except KeyError:  # wiped ("New person", the tab closed): no photo
            return None
        if isinstance(value, PhotoInput):
            return value.digest
        if isinstance(value, dict):
            return tuple(sorted((str(name), p.digest) for name, p in value.items() if isinstance(p, PhotoInput)))
        return None

    return tuple(digest(key) for key in keys)


#: Called, in order, each time the person's photo changes (:func:`receive` of a different picture, :func:`clear_photo`):
#: the photo slots that follow it (:meth:`ui.photo_slots.Slots.follow`) let go of a photo taken against the earlier one
#: at once, not when their page is next shown. Filled at import by the modules that need it.
_PHOTO_LISTENERS: list[Callable[[], None]] = []


def on_photo_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` each time the person's photo changes (:data:`_PHOTO_LISTENERS`); registered once."""
    if listener not in _PHOTO_LISTENERS:
        _PHOTO_LISTENERS.append(listener)


def _photo_changed() -> None:
    for listener in _PHOTO_LISTENERS:
        listener()


def receive(data: bytes, name: str, source: Source) -> PhotoInput:
    """Make ``data`` the session's photo (the seam every input goes through); a new photo starts not mirrored."""
    previous = photo()
    item = PhotoInput.of(data, name, source)
    if previous is not None and previous.digest != item.digest:
        _forget(previous)
    if previous is None or previous.digest != item.digest:
        st.session_state[MIRRORED_WAS_ON] = mirrored()
        st.session_state[MIRRORED] = False
    st.session_state[PHOTO] = item
    if previous is None or previous.digest != item.digest:
        _photo_changed()
    return item


def already_taken(value: object) -> bool:
    """Whether an uploader's or camera's value names a file the app has read and let go of (:func:`drop_upload`).

    A click that reaches the server before the page has swapped in the emptied widget sends the widget's old value
    once more; Streamlit then hands the callback a placeholder (its ``DeletedFile``) without the bytes. The photo
    was taken the first time: there is nothing to take, and nothing was removed.
    """
    return value is not None and not callable(getattr(value, "getvalue", None))


def take_widget(widget_key: str, source: Source) -> None:
    """``on_change`` of the uploader and the camera: take the new file (then empty the widget); a removed file leaves the photo as it is.

    A file that cannot be measured (unreadable, no face, a face that cannot be measured) does not replace a photo that
    can, the sample portrait included: the earlier photo stays and :func:`pop_refused` gives the file's one sentence.
    (A bad first file took the sample's place, and every page that reads the first page's photo then showed an error.)

    The widget is emptied once its file is taken, so it never holds the photo shown: an empty value is a file taken
    out of the box before it was taken (a second file chosen while the first was still on its way sends one), never
    a request to drop the photo ("Clear photo" is that). Read as one, a second file picked within half a second of
    the first dropped the person's photo for the sample, and a bad second file then said "the sample portrait is
    still shown".
    """

    def refuse(sentence: str, item: PhotoInput) -> None:
        cache.forget(item.digest)
        st.session_state[REFUSED] = sentence

    def empty() -> None:
        st.session_state[NONCE] = nonce() + 1

    take_file(widget_key, source, photo, keep=lambda item: receive(item.data, item.name, source), refuse=refuse, empty=empty)


def take_file(
    widget_key: str,
    source: Source,
    shown: Callable[[], PhotoInput | None],
    *,
    keep: Callable[[PhotoInput], object],
    refuse: Callable[[str, PhotoInput], None],
    empty: Callable[[], None],
) -> bool:
    """Take the file a photo widget holds, once, for the first page (:func:`take_widget`) and a page's slot
    (:meth:`ui.photo_slots.Slots.take_widget`) alike; ``True`` when the widget held a file not taken before.

    The file is ``refuse``d with its one sentence when it cannot be measured and either nothing is ``shown`` or what is
    shown can (:func:`refusal`): a bad file never replaces a good photo, and an empty place refuses it too (taken, a
    broken file sat in a slot as "cannot be used" beside an error, a way forward and a retake). Otherwise it is ``kept``.
    Then the widget is ``empty``: drawn again under a new key.

    Streamlit's copy of the file is let go of last: a rerun waiting to start (a second file chosen meanwhile) stops a
    callback at any use of session state and never calls it again for that file, which then stays in the widget for the
    next read to take (:func:`collect`, :meth:`ui.photo_slots.Slots.collect`). Let go of first, a visit's photo was lost.
    """
    value = st.session_state.get(widget_key)
    if value is None or already_taken(value):
        return False
    item = PhotoInput.of(value.getvalue(), str(getattr(value, "name", source)), source)
    current = shown()
    sentence = refusal(current, item) if current is not None else unmeasurable(item)
    if sentence is not None:
        refuse(sentence, item)
    else:
        keep(item)
    empty()
    drop_upload(value)  # no session state from here on: nothing can stop it between the two
    return True


def collect(sources: Sequence[tuple[str, Source]]) -> None:
    """Take a file still in the first page's uploader or camera, ``(widget key, source)`` each, whose ``on_change`` was
    cut short (:func:`take_widget`); before the widgets are drawn. A file taken already is not taken again."""
    for widget_key, source in sources:
        take_widget(widget_key, source)


def measurable(item: PhotoInput) -> bool:
    """Whether a photo shows a face that can be measured (decoded and detected once, in the session's cache)."""
    return not isinstance(cache.work(item.digest, item.data).face(), cache.Failure)


def unmeasurable(item: PhotoInput) -> str | None:
    """The one sentence saying why ``item`` cannot be measured (unreadable, no face), or ``None`` when it can."""
    face = cache.work(item.digest, item.data).face()
    return face.refused() if isinstance(face, cache.Failure) else None


def refusal(shown: PhotoInput | None, new: PhotoInput) -> str | None:
    """Why ``new`` may not take the place of the photo ``shown``: its one sentence when ``shown`` can be measured and
    ``new`` cannot (unreadable, no face, a face that cannot be measured), else ``None``.

    The rule of every photo input (the first page's and each slot's): a file that cannot be measured never replaces a
    photo that can. The caller forgets the refused file's analysis and shows the sentence with :data:`KEPT`.
    """
    if shown is None or not measurable(shown):
        return None
    return unmeasurable(new)


#: The notices of "Show the sample portrait" and "Clear photo".
SAMPLE_SHOWN: Final = "The sample portrait is shown: your photo was removed from this session (upload it again to measure it)."
CLEARED: Final = "Your photo was cleared from this session; the sample portrait is shown instead."


def clear_photo(notice: str | None = CLEARED) -> None:
    """Discard the person's photo: from session state, from the widgets and from the session's cache."""
    current = photo()
    if current is not None:
        _forget(current)
    st.session_state[PHOTO] = None
    st.session_state[NONCE] = nonce() + 1
    st.session_state[MIRRORED] = False
    st.session_state[NOTICE] = notice
    _photo_changed()


def _forget(item: PhotoInput) -> None:
    cache.forget(item.digest)


def pop_refused() -> str | None:
    """Why the last file was not taken (the earlier photo was kept), if that is news."""
    refused = st.session_state.pop(REFUSED, None)
    return refused if isinstance(refused, str) else None


def pop_notice() -> str | None:
    """The one-off notice of the last action, if any."""
    notice = st.session_state.get(NOTICE)
    st.session_state[NOTICE] = None
    return notice if isinstance(notice, str) else None


def presenter() -> bool:
    """Whether presenter mode is on."""
    return bool(st.session_state.get(PRESENTER, False))


def demo() -> bool:
    """Whether this session is a demo (:mod:`ui.demo`): opened with ``?demo=1``; it then stays one, whatever the address says later."""
    if st.session_state.get(DEMO):
        return True
    if st.query_params.get(DEMO_PARAM) == "1":
        st.session_state[DEMO] = True
        return True
    return False
