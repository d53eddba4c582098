"""Photo slots (:mod:`ui.photo_slots`) keep every file given to them when Streamlit cuts a callback short.

Streamlit stops a running callback at its next use of session state when another rerun is waiting (``SafeSessionState``
checks before every access), and does not call it again for the same file. A person who chose a before photo and, a
second later, an after photo, while three others did the same on the server, lost one of them in 14 of 32 sessions
(QA walk): the file had been dropped from Streamlit's store before the slot held it. These tests model that session
state (:class:`_Session`) and stop a take at each of its uses of session state in turn; the next run must show the
photo, taken once, whichever use the stop fell on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from ui import cache, photo_slots, state
from ui.photo_slots import Slots

MAN = b"the before photo's bytes"
WOMAN = b"the after photo's bytes"


class _Stopped(Exception):
    """Streamlit's ``RerunException``, raised where a waiting rerun stops the script."""


@dataclass
class _File:
    """An uploaded file still in Streamlit's store (``UploadedFile``)."""

    file_id: str
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


@dataclass(frozen=True)
class _Deleted:
    """A file the app let go of (Streamlit's ``DeletedFile``: no bytes)."""

    file_id: str


@dataclass
class _Session:
    """Session state as a script sees it: every access may stop the run (``stop_at``, counted from 1)."""

    values: dict[str, Any] = field(default_factory=dict)
    widgets: dict[str, str] = field(default_factory=dict)  # widget key -> the id of the file the browser sent
    store: dict[str, _File] = field(default_factory=dict)  # Streamlit's store of uploads
    accesses: int = 0
    stop_at: int | None = None

    def _yield(self) -> None:
        self.accesses += 1
        if self.accesses == self.stop_at:
            self.stop_at = None
            raise _Stopped

    def get(self, key: str, default: Any = None) -> Any:
        self._yield()
        if key in self.widgets:
            file_id = self.widgets[key]
            return self.store.get(file_id, _Deleted(file_id))
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        self._yield()
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._yield()
        self.values[key] = value

    def __contains__(self, key: object) -> bool:
        self._yield()
        return key in self.values

    def pop(self, key: str, default: Any = None) -> Any:
        self._yield()
        return self.values.pop(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def choose(self, widget_key: str, file: _File) -> None:
        """The browser uploads a file into a widget."""
        self.store[file.file_id] = file
        self.widgets[widget_key] = file.file_id


def _install(patch: pytest.MonkeyPatch, *, refuse: str | None = None) -> _Session:
    """A fresh fake session for :mod:`ui.photo_slots` and :mod:`ui.state`; every file can be measured unless ``refuse``
    is the sentence of one that cannot."""
    fake = _Session()
    streamlit = SimpleNamespace(session_state=fake)
    patch.setattr(photo_slots, "st", streamlit)
    patch.setattr(state, "st", streamlit)
    patch.setattr(state, "drop_upload", lambda value: fake.store.pop(value.file_id, None) is not None)
    patch.setattr(state, "refusal", lambda shown, new: None)
    patch.setattr(state, "unmeasurable", lambda item: refuse)
    patch.setattr(cache, "forget", lambda digest: None)
    return fake


def _slots() -> Slots:
    return Slots("test_slot_photos", "test-slots")


def _take(session: _Session, slots: Slots, name: str, file: _File, stop: int | None = None) -> None:
    """The browser sends ``file`` to the slot's uploader; its ``on_change`` runs, stopped at its ``stop``-th use of
    session state where that is given."""
    key = slots.widget_key(name, "upload")
    session.choose(key, file)
    session.stop_at = None if stop is None else session.accesses + stop
    try:
        slots.take_widget(key, name, "upload")
    except _Stopped:
        pass  # the waiting rerun starts: this callback is not called again for the same file


def _stops(name: str, file: _File) -> range:
    """Every use of session state a whole take makes (each a place where a waiting rerun stops it), counted from 1."""
    with pytest.MonkeyPatch.context() as patch:
        session, slots = _install(patch), _slots()
        key = slots.widget_key(name, "upload")
        session.choose(key, file)
        start = session.accesses
        slots.take_widget(key, name, "upload")
        return range(1, session.accesses - start + 1)


def test_an_uninterrupted_take_fills_the_slot_and_lets_go_of_streamlits_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    session, slots = _install(monkeypatch), _slots()
    _take(session, slots, "before", _File("f1", "man.jpg", MAN))
    assert slots.get("before") == state.PhotoInput.of(MAN, "man.jpg", "upload")
    assert session.store == {}
    assert session.get(slots.widget_key("before", "upload")) is None  # a new key: the uploader is drawn empty


def test_a_take_cut_short_anywhere_still_gives_the_slot_its_photo() -> None:
    man = _File("f1", "man.jpg", MAN)
    stops = _stops("before", man)
    assert len(stops) >= 5  # reading the widget, the slots, the marks, writing the slot and its counter
    for stop in stops:
        with pytest.MonkeyPatch.context() as patch:
            session, slots = _install(patch), _slots()
            _take(session, slots, "before", man, stop)
            # the next run: no callback for the same file, the page reads its slots
            assert slots.shown("before") == state.PhotoInput.of(MAN, "man.jpg", "upload"), f"lost when stopped at use {stop}"
            assert session.store == {}, "Streamlit's copy is let go of once the photo is taken"


def test_a_second_photo_cut_short_never_moves_or_drops_the_first() -> None:
    woman = _File("f2", "woman.jpg", WOMAN)
    for stop in _stops("after", woman):
        with pytest.MonkeyPatch.context() as patch:
            session, slots = _install(patch), _slots()
            _take(session, slots, "before", _File("f1", "man.jpg", MAN))
            _take(session, slots, "after", woman, stop)
            photos = {name: p.data for name, p in slots.all().items()}
            assert photos == {"before": MAN, "after": WOMAN}, f"stopped at use {stop}"


def test_a_refused_file_cut_short_is_refused_once_and_let_go_of() -> None:
    bad = _File("f3", "wall.jpg", b"a wall")
    sentence = "No face was found in this photo."
    for stop in _stops("after", bad):
        with pytest.MonkeyPatch.context() as patch:
            session, slots = _install(patch, refuse=sentence), _slots()
            _take(session, slots, "after", bad, stop)
            assert slots.shown("after") is None
            assert slots.pop_refused("after") == sentence, f"stopped at use {stop}"
            assert slots.pop_refused("after") is None
            assert session.store == {}


class _Rerun(Exception):
    """``st.rerun()`` called."""


def _no_rerun() -> None:
    raise _Rerun


def test_a_file_taken_while_the_page_runs_reruns_it_once_so_that_the_slot_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    session, slots = _install(monkeypatch), _slots()
    monkeypatch.setattr(photo_slots, "_in_script_body", lambda: True)
    monkeypatch.setattr(photo_slots.st, "rerun", _no_rerun, raising=False)
    assert slots.shown("before") is None  # nothing waiting: no rerun
    session.choose(slots.widget_key("before", "upload"), _File("f1", "man.jpg", MAN))  # its callback never ran
    with pytest.raises(_Rerun):
        slots.shown("after")  # a read after the before slot was drawn empty
    assert slots.shown("before") == state.PhotoInput.of(MAN, "man.jpg", "upload")  # the rerun shows it, and reruns no more


def test_a_file_taken_from_a_callback_never_asks_for_a_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    session, slots = _install(monkeypatch), _slots()
    monkeypatch.setattr(photo_slots, "_in_script_body", lambda: False)  # Streamlit says so on the page: "a no-op"
    monkeypatch.setattr(photo_slots.st, "rerun", _no_rerun, raising=False)
    session.choose(slots.widget_key("before", "upload"), _File("f1", "man.jpg", MAN))
    assert slots.shown("before") == state.PhotoInput.of(MAN, "man.jpg", "upload")


def test_the_first_page_s_photo_cut_short_anywhere_is_taken_before_the_page_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    # the first page's uploader had the order the slots had: Streamlit's copy let go of first, the photo stored last
    man = _File("f1", "man.jpg", MAN)

    def take(session: _Session, stop: int | None) -> int:
        """The take's uses of session state (stopped at its ``stop``-th where given)."""
        key = state.widget_key(f"upload-{state.nonce()}")
        session.choose(key, man)
        start = session.accesses
        session.stop_at = None if stop is None else start + stop
        try:
            state.take_widget(key, "upload")
        except _Stopped:
            pass
        return session.accesses - start

    monkeypatch.setattr(state, "unmeasurable", lambda item: None)
    stops = range(1, take(_install(monkeypatch), None) + 1)
    assert len(stops) >= 4 and state.photo() == state.PhotoInput.of(MAN, "man.jpg", "upload")
    for stop in stops:
        session = _install(monkeypatch)
        take(session, stop)
        n = state.nonce()  # the next run, as ui.analyze_ui.photo_input_ui begins it
        state.collect([(state.widget_key(f"upload-{n}"), "upload"), (state.widget_key(f"camera-{n}"), "camera")])
        assert state.photo() == state.PhotoInput.of(MAN, "man.jpg", "upload"), f"lost when stopped at use {stop}"
        assert session.store == {}, "Streamlit's copy is let go of once the photo is taken"
