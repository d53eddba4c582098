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

A slot may follow another that shows the first page's photo (``follows``: Visits' after photo follows the before slot).
A photo added to it while that photo stood in was taken to be compared with it: when the first page's photo is cleared
or replaced by a different picture, the follower's photo is removed with it (:meth:`Slots.follow`, said once by
:meth:`Slots.pop_dropped`). Kept, a QA walk found the last patient's after photo compared with the next patient's before
photo, two people on one page. A follower of a slot holding a photo of its own is not affected. The leading slot's own
visit went with that photo too: ``on_drop`` is called for it as well (Visits empties the before date), with or without
a follower's photo; the same picture given again changes nothing.

A file is taken from its widget by the widget's ``on_change`` and, failing that, by the next read of the slots
(:meth:`Slots.all`): Streamlit stops a callback at its next use of session state when another rerun is waiting (a
second file chosen while the first is still being read), and does not call it again for the same file. Streamlit's copy
of a file is let go of only once the slot holds the photo (or has refused it), so a file whose callback was cut short is
still there to take. Taken the other way round, 14 of 32 sessions lost a photo without a word when four people
added their before and after photos at the same time (a QA walk, four Chromium sessions on one server).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import cache, state
from ui.state import PhotoInput, Source

#: Said under the sentence of a file an empty slot did not take (:meth:`Slots.kept`); :data:`ui.state.KEPT` where it shows a photo.
KEPT_EMPTY = "It was not used: the slot is still empty, ready for another photo."
#: A slot's widgets: the ``kind`` in their key (:meth:`Slots.widget_key`) and the source of the photos they give.
_WIDGETS: tuple[tuple[str, Source], ...] = (("upload", "upload"), ("camera", "camera"))
#: Session-state keys holding photo slots (every page's), so a photo still in use is never forgotten.
_ALL_KEYS: set[str] = set()
#: Every page's photo slots by their session-state key, so that a change of the first page's photo reaches the slots
#: that follow it at once (:func:`_follow_all`), not only when their page is shown again.
_ALL_SLOTS: dict[str, Slots] = {}


def _in_use(digest: str) -> bool:
    """Whether any photo of this session (the first page's, or a slot's) has this digest."""
    current = state.photo()
    if current is not None and current.digest == digest:
        return True
    return any(p.digest == digest for key in _ALL_KEYS for p in _items(key))


def any_photo() -> bool:
    """Whether any slot of any page holds a photo in this session."""
    return any(True for key in _ALL_KEYS for _ in _items(key))


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
    follows : mapping, optional
        Slot name -> the name of the slot it follows (``{"after": "before"}``): a photo added to the first while the
        second shows its stand-in is removed when that stand-in changes (:meth:`follow`).
    on_drop : callable, optional
        Called with a slot's name when :meth:`follow` removed its photo (e.g. to reset that photo's "mirrored" switch),
        and with a leading slot's name when the stand-in it showed was cleared or replaced by a different picture (e.g.
        to empty that visit's date).
    """

    def __init__(
        self,
        key: str,
        prefix: str,
        stand_in: Callable[[str], PhotoInput | None] | None = None,
        *,
        follows: Mapping[str, str] | None = None,
        on_drop: Callable[[str], None] | None = None,
    ) -> None:
        self.key = key
        self.prefix = prefix
        self._nonce_key = f"{prefix}-nonce"
        self._refused_key = f"{prefix}-refused"
        self._replacing_key = f"{prefix}-replacing"
        self._widgets_key = f"{prefix}-widgets"
        self._ties_key = f"{prefix}-ties"
        self._dropped_key = f"{prefix}-dropped"
        self._leads_key = f"{prefix}-leads"
        self._stand_in = stand_in
        self._follows = dict(follows or {})
        self._on_drop = on_drop
        _ALL_KEYS.add(key)
        _ALL_SLOTS[key] = self

    def all(self) -> dict[str, PhotoInput]:
        """Every slot that holds a photo (a copy), once any file left in a slot's widgets is taken (:meth:`collect`)."""
        self.collect()
        return self._stored()

    def _stored(self) -> dict[str, PhotoInput]:
        """Every slot that holds a photo (a copy), as stored: nothing is taken from the widgets."""
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
        self.collect()
        return self._showing(name)

    def _showing(self, name: str) -> tuple[PhotoInput | None, bool]:
        own = self._stored().get(name)
        if own is not None or self._stand_in is None:
            return own, False
        stand_in = self._stand_in(name)
        return stand_in, stand_in is not None

    def receive(self, name: str, data: bytes, filename: str, source: Source) -> PhotoInput:
        """Put a photo in a slot, replacing the one there (the seam every input goes through)."""
        item = PhotoInput.of(data, filename, source)
        photos = self._stored()
        previous = photos.get(name)
        photos[name] = item
        st.session_state[self.key] = photos
        self._mark(self._replacing_key, name, None)
        if previous is not None and previous.digest != item.digest and not _in_use(previous.digest):
            cache.forget(previous.digest)
        return item

    def discard(self, name: str) -> None:
        """Empty one slot and its widgets (a retake)."""
        photos = self._stored()
        previous = photos.pop(name, None)
        st.session_state[self.key] = photos
        self._mark(self._replacing_key, name, None)
        self._bump(name)
        if previous is not None and not _in_use(previous.digest):
            cache.forget(previous.digest)

    def clear(self) -> None:
        """Empty every slot."""
        for name in list(self._stored()):
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
        """The key of a slot's uploader (``kind="upload"``) or camera (``kind="camera"``); the slot's widgets are then
        looked in for a file not yet taken (:meth:`collect`)."""
        if name not in self._marks(self._widgets_key):
            self._mark(self._widgets_key, name, True)
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
        """``on_change`` of a slot's uploader or camera: take the new file, then let go of Streamlit's copy (a removed file leaves the slot as it is).

        A file that cannot be measured does not take the place of a photo that can (the slot's own or its stand-in), nor
        fill an empty slot: the slot stays as it was and :meth:`pop_refused` gives the file's sentence.

        Streamlit's copy is let go of last, once the slot holds the photo (or has refused it): a rerun waiting to start
        stops this callback at any use of session state, and a file dropped before that was lost (:meth:`collect`
        takes a file whose callback was cut short).
        """
        self._take(widget_key, name, source)

    def _take(self, widget_key: str, name: str, source: Source) -> bool:
        """:meth:`take_widget`; ``True`` when the widget held a file (taken or refused)."""

        def refuse(sentence: str, item: PhotoInput) -> None:
            if not _in_use(item.digest):
                cache.forget(item.digest)
            self._mark(self._refused_key, name, sentence)

        return state.take_file(
            widget_key,
            source,
            lambda: self._showing(name)[0],
            keep=lambda item: self.receive(name, item.data, item.name, source),
            refuse=refuse,
            empty=lambda: self._bump(name),  # a new key: the widget is drawn empty
        )

    def collect(self) -> None:
        """Take any file still waiting in a slot's uploader or camera (called by every read of the slots).

        Streamlit calls a widget's ``on_change`` once per new value and stops it at its next use of session state when
        another rerun is waiting: a before photo chosen a second before the after photo, while four sessions shared
        the server, was then never taken. The widgets under the slots' current keys still hold such a file (their
        file is let go of only once taken, :meth:`take_widget`), and a taken one leaves them empty or holding a
        placeholder, so this takes each file once, whichever run gets to it first.

        A run cut short that way also forgets the widgets it had not drawn yet, and with them their file until they are
        drawn again: the file is then taken by a read after its slot was drawn empty ("Upload a photo" beside a slot that
        held the photo). The page is run again at once so that it shows the photo (never from a callback, where
        Streamlit cannot rerun and says so on the page).
        """
        taken = False
        for name in self._marks(self._widgets_key):
            for kind, source in _WIDGETS:
                taken = self._take(self.widget_key(name, kind), name, source) or taken
        self.follow()
        if taken and _in_script_body():
            st.rerun()

    def follow(self) -> None:
        """Remove each follower's photo (``follows``) that was added while its leading slot showed a stand-in that has
        changed since: cleared, or replaced by a different picture. Called by every read (:meth:`collect`) and when the
        first page's photo changes (:func:`ui.state.receive`, :func:`ui.state.clear_photo`).

        A follower's photo is tied to the stand-in's digest while the leading slot shows the stand-in (whichever way the
        photo came: a widget, or straight into the session's dict); a leading slot with a photo of its own unties it.
        A leading slot showing the stand-in is itself given to ``on_drop`` when that stand-in goes, follower or not
        (:meth:`_follow_leads`). Only digests are kept: nothing of a photo is written anywhere.
        """
        if not self._follows or self._stand_in is None:
            return
        self._follow_leads(self._stand_in)
        photos = self._stored()
        ties = self._marks(self._ties_key)
        now: dict[str, object] = {}
        for name, lead in self._follows.items():
            own = photos.get(name)
            if own is None or lead in photos:  # nothing to follow, or compared with the leading slot's own photo
                continue
            stand_in = self._stand_in(lead)
            shown = stand_in.digest if stand_in is not None else None
            tie = ties.get(name)
            tied_to = tie[1] if isinstance(tie, tuple) and tie[0] == own.digest else None
            if tied_to is not None and tied_to != shown:
                self.discard(name)
                self._mark(self._dropped_key, name, True)
                if self._on_drop is not None:
                    self._on_drop(name)
            elif shown is not None:
                now[name] = (own.digest, shown)
        if now != ties:
            st.session_state[self._ties_key] = now

    def _follow_leads(self, stand_in: Callable[[str], PhotoInput | None]) -> None:
        """Give ``on_drop`` each leading slot (of ``follows``) whose stand-in, shown the last time this was asked, has been
        cleared or replaced by a different picture since: what belonged to that visit alone (Visits: its date) belonged to
        the photo that went. Kept, the last patient's before date headed the next patient's table and PDF (a QA walk).
        A stand-in first shown, where none was, takes nothing (a date typed before the first photo stays), and a slot
        with a photo of its own is not affected."""
        photos = self._stored()
        seen = self._marks(self._leads_key)
        now: dict[str, object] = {}
        for lead in dict.fromkeys(self._follows.values()):
            if lead in photos:  # its own photo: the stand-in is not this visit's
                continue
            current = stand_in(lead)
            shown = current.digest if current is not None else None
            was = seen.get(lead)
            if isinstance(was, str) and was != shown and self._on_drop is not None:
                self._on_drop(lead)
            if shown is not None:
                now[lead] = shown
        if now != seen:
            st.session_state[self._leads_key] = now

    def pop_dropped(self) -> list[str]:
        """The slots whose photo :meth:`follow` removed since this was last asked, in ``follows`` order (said once)."""
        self.follow()  # a change not seen yet (the first page's photo put straight into session state) is seen now
        dropped = self._marks(self._dropped_key)
        if dropped:
            st.session_state[self._dropped_key] = {}
        return [name for name in self._follows if name in dropped]


def _follow_all() -> None:
    """:meth:`Slots.follow` for every page's slots: the first page's photo changed."""
    for slots in _ALL_SLOTS.values():
        slots.follow()


state.on_photo_change(_follow_all)


def _in_script_body() -> bool:
    """Whether the page's script is running (not a widget's callback, which Streamlit runs before it)."""
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "_has_script_started", False))  # Streamlit 1.60: set once the callbacks have run
