"""Named photo slots in session state: the seam through which the expression set and the visits enter a session.

A page that needs several photos (rest, smile, ...; before, after) keeps them as a dict of
:class:`ui.state.PhotoInput` under one session-state key, in memory only. Widgets feed it through
:meth:`Slots.take_widget` (``on_change`` of an uploader or a camera); tests and any other input put
``PhotoInput`` objects straight into that dict (``AppTest.session_state[key] = {"smile": PhotoInput}``).

A replaced or discarded photo is dropped from the shared analysis cache as soon as nothing else in the
session (the first page's photo, another slot) still shows it.

As on the first page, a file that cannot be measured (unreadable, no face) never takes the place of a photo that can,
nor fills an empty slot: the slot keeps showing its photo (or the first page's, where that stands in), or stays empty,
and :meth:`Slots.pop_refused` gives the file's one sentence (:meth:`Slots.kept` what the slot still shows).
Replacing a photo that can be measured keeps it until its successor arrives (:meth:`Slots.replace`, :meth:`Slots.keep`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import streamlit as st

from ui import cache, state
from ui.state import PhotoInput, Source

#: Said under the sentence of a file an empty slot did not take (:meth:`Slots.kept`); :data:`ui.state.KEPT` where it shows a photo.
KEPT_EMPTY = "It was not used: the slot is still empty, ready for another photo."
#: Session-state keys holding photo slots (every page's), so a photo still in use is never forgotten.
_ALL_KEYS: set[str] = set()


def _in_use(digest: str) -> bool:
    """Whether any photo of this session (the first page's, or a slot's) has this digest."""
    current = state.photo()
    if current is not None and current.digest == digest:
        return True
    return any(p.digest == digest for key in _ALL_KEYS for p in _items(key))


def any_photo() -> bool:
    """Whether any slot of any page holds a photo in this session."""
    return any(True for key in _ALL_KEYS for _ in _items(key))


def _unmeasurable(item: PhotoInput) -> str | None:
    """The one sentence saying why ``item`` cannot be measured (unreadable, no face), or ``None`` when it can."""
    face = cache.work(item.digest, item.data).face()
    return face.refused() if isinstance(face, cache.Failure) else None


def _items(key: str) -> Iterator[PhotoInput]:
    value = st.session_state.get(key)
    if isinstance(value, dict):
        yield from (p for p in value.values() if isinstance(p, PhotoInput))


class Slots:
    """Photos by name (e.g. ``"smile"``) under one session-state key.

    Parameters
    ----------
    key : str
        The session-state key of the dict.
    prefix : str
        Start of the keys of this store's widgets (uploader, camera) and of its per-slot counters.
    stand_in : callable, optional
        The photo a slot shows while it is empty (the first page's photo for the rest or the before slot), or ``None``.
    """

    def __init__(self, key: str, prefix: str, stand_in: Callable[[str], PhotoInput | None] | None = None) -> None:
        self.key = key
        self.prefix = prefix
        self._nonce_key = f"{prefix}-nonce"
        self._refused_key = f"{prefix}-refused"
        self._replacing_key = f"{prefix}-replacing"
        self._stand_in = stand_in
        _ALL_KEYS.add(key)

    def all(self) -> dict[str, PhotoInput]:
        """Every slot that holds a photo (a copy)."""
        value = st.session_state.get(self.key)
        return {k: v for k, v in value.items() if isinstance(v, PhotoInput)} if isinstance(value, dict) else {}

    def get(self, name: str) -> PhotoInput | None:
        """The photo in one slot, or ``None``."""
        return self.all().get(name)

    def shown(self, name: str) -> PhotoInput | None:
        """The photo a slot shows: its own, else its stand-in."""
        return self.showing(name)[0]

    def showing(self, name: str) -> tuple[PhotoInput | None, bool]:
        """The photo a slot shows and whether it is the stand-in (e.g. the first page's photo as the rest photo)."""
        own = self.get(name)
        if own is not None or self._stand_in is None:
            return own, False
        stand_in = self._stand_in(name)
        return stand_in, stand_in is not None

    def receive(self, name: str, data: bytes, filename: str, source: Source) -> PhotoInput:
        """Put a photo in a slot, replacing the one there (the seam every input goes through)."""
        item = PhotoInput.of(data, filename, source)
        photos = self.all()
        previous = photos.get(name)
        photos[name] = item
        st.session_state[self.key] = photos
        self._mark(self._replacing_key, name, None)
        if previous is not None and previous.digest != item.digest and not _in_use(previous.digest):
            cache.forget(previous.digest)
        return item

    def discard(self, name: str) -> None:
        """Empty one slot and its widgets (a retake)."""
        photos = self.all()
        previous = photos.pop(name, None)
        st.session_state[self.key] = photos
        self._mark(self._replacing_key, name, None)
        self._bump(name)
        if previous is not None and not _in_use(previous.digest):
            cache.forget(previous.digest)

    def clear(self) -> None:
        """Empty every slot."""
        for name in list(self.all()):
            self.discard(name)

    def nonce(self, name: str) -> int:
        """A counter in a slot's widget keys; bumping it empties the slot's uploader and camera."""
        value = st.session_state.get(self._nonce_key)
        return int(value.get(name, 0)) if isinstance(value, dict) else 0

    def _bump(self, name: str) -> None:
        value = st.session_state.get(self._nonce_key)
        counters = dict(value) if isinstance(value, dict) else {}
        counters[name] = counters.get(name, 0) + 1
        st.session_state[self._nonce_key] = counters

    def widget_key(self, name: str, kind: str) -> str:
        """The key of a slot's uploader (``kind="upload"``) or camera (``kind="camera"``)."""
        return state.widget_key(f"{self.prefix}-{kind}-{name}-{self.nonce(name)}")

    def replace(self, name: str) -> None:
        """ "Replace" or "retake" (a button's ``on_click``): a photo that can be measured stays until its successor
        arrives (the slot's uploader is shown beside it, :meth:`replacing`); one that cannot is emptied at once."""
        current = self.get(name)
        if current is not None and state.measurable(current):
            self._mark(self._replacing_key, name, True)
        else:
            self.discard(name)

    def replacing(self, name: str) -> bool:
        """Whether the slot's photo is being replaced: it is still shown, with an uploader for its successor."""
        return bool(self._marks(self._replacing_key).get(name)) and self.get(name) is not None

    def keep(self, name: str) -> None:
        """Stop replacing the slot's photo (a button's ``on_click``)."""
        self._mark(self._replacing_key, name, None)
        self._bump(name)

    def pop_refused(self, name: str) -> str | None:
        """Why the last file given to a slot was not taken, if that is news (shown with :meth:`kept`)."""
        refused = self._marks(self._refused_key).get(name)
        self._mark(self._refused_key, name, None)
        return refused if isinstance(refused, str) else None

    def kept(self, name: str) -> str:
        """What a slot shows after refusing a file, said under :meth:`pop_refused`'s sentence: the photo it showed before
        (:data:`ui.state.KEPT`), or nothing yet (:data:`KEPT_EMPTY`)."""
        return state.KEPT if self.shown(name) is not None else KEPT_EMPTY

    def _marks(self, key: str) -> dict[str, object]:
        value = st.session_state.get(key)
        return dict(value) if isinstance(value, dict) else {}

    def _mark(self, key: str, name: str, value: object) -> None:
        marks = self._marks(key)
        if value is None:
            marks.pop(name, None)
        else:
            marks[name] = value
        st.session_state[key] = marks

    def take_widget(self, widget_key: str, name: str, source: Source) -> None:
        """``on_change`` of a slot's uploader or camera: take the new file and let go of Streamlit's copy (a removed file leaves the slot as it is).

        A file that cannot be measured does not take the place of a photo that can (the slot's own or its stand-in), nor
        fill an empty slot: the slot stays as it was and :meth:`pop_refused` gives the file's sentence.
        """
        value = st.session_state.get(widget_key)
        if value is None or state.already_taken(value):
            return
        data = value.getvalue()
        state.drop_upload(value)
        self._bump(name)
        item = PhotoInput.of(data, str(getattr(value, "name", source)), source)
        shown = self.shown(name)
        # an empty slot refuses it too: taken, the broken file sat in the slot as "cannot be used" beside an error, a
        # way forward and a retake, where a slot with a photo gave one sentence and stayed ready for another file
        sentence = state.refusal(shown, item) if shown is not None else _unmeasurable(item)
        if sentence is not None:
            if not _in_use(item.digest):
                cache.forget(item.digest)
            self._mark(self._refused_key, name, sentence)
            return
        self.receive(name, item.data, item.name, source)
