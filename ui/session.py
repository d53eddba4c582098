"""One person's session: clearing everything it holds at once ("New person", the idle timeout) and letting go when the tab closes.

What a session holds, all in the server's memory (never on disk):

- **session state**: the photos as uploaded (:class:`ui.state.PhotoInput`: bytes, file name, digest),
  the expression set and the visits, the Preview plan, the Learn filters and notes, the settings;
- **the session's cache** (:mod:`ui.cache`): decoded photos, faces, analyses, figures, simulations,
  comparisons (at most ``cache.MAX_PHOTOS`` photos, each for at most ``cache.TTL_S`` seconds);
- **Streamlit's stores**: the images the page shows (its media files) and, only until the app has read
  them, uploaded files.

:func:`new_person` empties all of it but the presenter-mode setting. With ``MIRRORMAP_IDLE_MINUTES`` set
in the server's environment (read once at start), a session left alone that long is cleared the same
way, even while its page stays open (a timer on the page checks, :func:`idle_watch_ui`). When the tab
closes, Streamlit empties the session's cache at once; :func:`release_on_close` also empties its
session state and Streamlit's stores for it then, instead of keeping them for a possible reconnection.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Mapping, MutableMapping
from typing import Any, Final

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import cache, photo_slots, plan, presenter, state

__all__ = [
    "IDLE_BOX",
    "IDLE_BOX_CSS",
    "IDLE_ENV",
    "IDLE_TIMEOUT_S",
    "KEEP",
    "LAST_ACTIVE",
    "holds_person",
    "idle_expired",
    "idle_timeout",
    "idle_warning",
    "minutes_phrase",
    "new_person",
    "personal",
    "pop_notice",
    "release_on_close",
    "touch",
    "wipe",
]

_LOG = logging.getLogger(__name__)

#: The environment variable a clinic sets to clear idle sessions: minutes (e.g. ``10``); unset, empty or 0: off.
IDLE_ENV: Final = "MIRRORMAP_IDLE_MINUTES"
#: Session-state key: when this session was last used (``time.monotonic()``).
LAST_ACTIVE: Final = "_last_active"
#: Session-state key: the sentence to show once after the session was cleared.
NOTICE: Final = "_session_notice"
#: Session-state keys that survive "New person": the screen's presenter mode and the widget generation.
KEEP: Final = frozenset({state.PRESENTER, state.GENERATION})

NEW_PERSON_NOTICE: Final = (
    "Everything from the last person was cleared: photos, plans, expressions, visits, results, Learn notes and searches."
    " The first page shows the sample portrait again."
)
#: Said on the page itself (not in the sidebar, which a narrow screen keeps closed) once an idle session was cleared. "Without
#: use" was untrue of a person reading Learn: switching its tabs, opening a card or scrolling never reaches the app.
IDLE_NOTICE: Final = "This session was cleared after {minutes} with nothing chosen, typed or pressed: no photo or result from before is kept."
#: Said on the page before an idle session is cleared, with a button that keeps it. (``{minutes}`` and ``{idle}`` are
#: :func:`minutes_phrase`'s: "after 1 minutes" was said for a one-minute timeout.)
IDLE_WARNING: Final = "Nothing has been chosen, typed or pressed for {idle}: in about {left:g} more, this session is cleared, with its photos and results."
STILL_HERE: Final = "I'm still here"
#: Key of the box round the warning and its button (``.st-key-…`` in :data:`IDLE_BOX_CSS`).
IDLE_BOX: Final = "mm-idle-warning"
#: Static CSS (no user content) that keeps the warning in view while it shows. Drawn where the page's top is, it was
#: 1,860 px above the window of a person who had scrolled down to read the measures, and the session was cleared without
#: a warning they could see: the box is fixed to the window's bottom right corner (across the bottom on a phone), over
#: the page only while it warns.
IDLE_BOX_CSS: Final = (
    f" .st-key-{IDLE_BOX} {{ position: fixed !important; right: 1rem; bottom: 1rem; left: auto; z-index: 1000100;"
    " width: min(34rem, calc(100vw - 2rem)) !important; max-height: calc(100vh - 2rem); overflow-y: auto; padding: 0.75rem;"
    " background: #ffffff; border: 2px solid #a64b00; border-radius: 0.75rem; box-shadow: 0 0.25rem 1.25rem rgba(14, 17, 23, 0.35); }"
    f" @media (max-width: 640px) {{ .st-key-{IDLE_BOX} {{ left: 0.5rem; right: 0.5rem; bottom: 0.5rem; width: auto !important; }} }}"
)
#: Session-state key: the sentence to show once on the page itself (the idle timeout's), not in the sidebar.
PAGE_NOTICE: Final = "_session_page_notice"


def idle_timeout(environ: Mapping[str, str]) -> float | None:
    """Seconds of inactivity after which a session is cleared, from ``MIRRORMAP_IDLE_MINUTES`` (``None``: off).

    Examples
    --------
    >>> idle_timeout({"MIRRORMAP_IDLE_MINUTES": "10"}), idle_timeout({}), idle_timeout({"MIRRORMAP_IDLE_MINUTES": "0"})
    (600.0, None, None)
    """
    raw = environ.get(IDLE_ENV, "").strip()
    if not raw:
        return None
    try:
        minutes = float(raw)
    except ValueError:
        _LOG.warning("%s=%r is not a number of minutes; the idle timeout is off.", IDLE_ENV, raw[:20])
        return None
    return minutes * 60.0 if minutes > 0 else None


#: The idle timeout in seconds, read once when the server starts (``None``: off).
IDLE_TIMEOUT_S: float | None = idle_timeout(os.environ)


def wipe(values: MutableMapping[Any, Any], keep: frozenset[str] = KEEP) -> int:
    """Delete every key of ``values`` but ``keep``; returns how many were deleted.

    Examples
    --------
    >>> d = {"photo": b"...", "presenter": True, "preview_plan": []}
    >>> wipe(d), d
    (2, {'presenter': True})
    """
    doomed = [key for key in list(values.keys()) if key not in keep]
    for key in doomed:
        del values[key]
    return len(doomed)


#: Session-state keys that hold something of the person beyond their photos (see :func:`personal`).
_PERSONAL: set[str] = {plan.PLAN}


def personal(key: str) -> str:
    """Declare a session-state key as holding something of the person (a note, a plan); returns the key."""
    _PERSONAL.add(key)
    return key


#: URL query parameters that hold something of the person (see :func:`personal_param`).
_PERSONAL_PARAMS: set[str] = set()


def personal_param(name: str) -> str:
    """Declare a URL query parameter as holding something of the person (a search typed on Learn); returns the name.

    Clearing the session removes it from the address: a page that seeds its widgets from the address (a shared
    link) would otherwise bring the last person's search back into the emptied widgets.
    """
    _PERSONAL_PARAMS.add(name)
    return name


def holds_person() -> bool:
    """Whether the session holds anything of a person: a photo, a photo in any slot, a plan, a note."""
    if state.photo() is not None or photo_slots.any_photo():
        return True
    return any(st.session_state.get(key) for key in _PERSONAL)


def _drop_streamlit_files(session_id: str) -> None:
    """Remove this session's uploaded files and the images its pages showed from Streamlit's stores."""
    if not runtime.exists():
        return
    rt = runtime.get_instance()
    rt.uploaded_file_mgr.remove_session_files(session_id)
    rt.media_file_mgr.clear_session_refs(session_id)
    rt.media_file_mgr.remove_orphaned_files()


def new_person(notice: str | None = NEW_PERSON_NOTICE, *, on_page: bool = False) -> None:
    """Clear every photo, plan, expression set, visit, note, Learn search and cached result of this session (keeps presenter mode).

    Every photo widget gets a new key, so uploaders and cameras start empty. In presenter mode the story starts again
    at its first step, on its page (:func:`ui.presenter.restart`).
    """
    next_generation = state.generation() + 1
    cache.clear_session()
    ctx = get_script_run_ctx()
    if ctx is not None:  # the uploads, and the downloads the page offered (the checklist with the last person's note
        _drop_streamlit_files(ctx.session_id)  # was still served at its address until the next page change)
    presenting = state.presenter()
    wipe(st.session_state)
    if presenting:  # the next person's story stayed at "3 · The plan" on Preview
        presenter.restart()
    for name in _PERSONAL_PARAMS & set(st.query_params):
        del st.query_params[name]
    st.session_state[state.GENERATION] = next_generation
    st.session_state[PAGE_NOTICE if on_page else NOTICE] = notice
    touch()


def pop_notice(*, on_page: bool = False) -> str | None:
    """The sentence saying the session was cleared, once: "New person"'s (beside the button) or, ``on_page``, the idle timeout's."""
    notice = st.session_state.pop(PAGE_NOTICE if on_page else NOTICE, None)
    return notice if isinstance(notice, str) else None


def touch() -> None:
    """Note that the person used the app now (every full run and every fragment a person triggers calls it)."""
    st.session_state[LAST_ACTIVE] = time.monotonic()


def idle_expired(now: float | None = None, timeout_s: float | None = None) -> bool:
    """Whether the idle timeout is on and this session has not been used for longer than it."""
    limit = IDLE_TIMEOUT_S if timeout_s is None else timeout_s
    last = st.session_state.get(LAST_ACTIVE)
    if not limit or not isinstance(last, float):
        return False
    return (time.monotonic() if now is None else now) - last > limit


def clear_if_idle() -> bool:
    """Clear the session when it was idle too long and holds anything of a person (call at the start of a run); ``True`` when it was cleared."""
    if not idle_expired() or not holds_person():
        return False
    assert IDLE_TIMEOUT_S is not None
    new_person(IDLE_NOTICE.format(minutes=minutes_phrase(_minutes(IDLE_TIMEOUT_S))), on_page=True)
    return True


def _minutes(seconds: float) -> float:
    """Seconds as minutes, as said to a person (whole minutes, or tenths under ten)."""
    return round(seconds / 60.0, 0 if seconds >= 600 else 1)


def minutes_phrase(minutes: float) -> str:
    """A number of minutes in words, singular for exactly one.

    Examples
    --------
    >>> minutes_phrase(1.0), minutes_phrase(0.5), minutes_phrase(10.0)
    ('1 minute', '0.5 minutes', '10 minutes')
    """
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


def idle_warning(now: float | None = None, timeout_s: float | None = None) -> str | None:
    """The warning shown before an idle session holding a person's photos is cleared, or ``None``.

    Only what reaches the app counts as use (a choice, a key, a button; not reading, scrolling or Learn's tabs), so a
    person reading for ten minutes lost their photos without a word: the page now says so a quarter of the timeout
    before (at least two of the timer's checks), with a button that keeps the session.
    """
    limit = IDLE_TIMEOUT_S if timeout_s is None else timeout_s
    last = st.session_state.get(LAST_ACTIVE)
    if not limit or not isinstance(last, float) or not holds_person():
        return None
    idle = (time.monotonic() if now is None else now) - last
    warn_from = limit - max(0.25 * limit, 2.0 * _idle_check_s(limit))
    if not warn_from <= idle <= limit:
        return None
    return IDLE_WARNING.format(idle=minutes_phrase(_minutes(idle)), left=max(_minutes(limit - idle), 0.1))


def _idle_check_s(timeout_s: float) -> float:
    """How often an open page checks for the idle timeout: a quarter of it, between 5 s and 60 s."""
    return min(60.0, max(5.0, timeout_s / 4.0))


@st.fragment(run_every=_idle_check_s(IDLE_TIMEOUT_S) if IDLE_TIMEOUT_S else None)
def _idle_watch() -> None:
    if clear_if_idle():
        st.rerun()  # redraw the whole page without the last person
    warning = idle_warning()
    if warning:  # in a box kept in view (IDLE_BOX_CSS, in every page's style sheet); Streamlit draws the warning as role="alert"
        with st.container(key=IDLE_BOX):
            st.warning(warning, icon=":material/timer:")
            st.button(STILL_HERE, key="idle_still_here", on_click=touch)


def idle_watch_ui() -> None:
    """The page's idle timer (nothing when the timeout is off): clears an open, unused session and redraws the page."""
    if IDLE_TIMEOUT_S:
        _idle_watch()


class _Release:
    """Holds what to empty when the session's tab closes: its session state and its id."""

    def __init__(self, session_id: str, values: MutableMapping[str, Any]) -> None:
        self.session_id = session_id
        self.values = values

    def __call__(self) -> None:
        keys = getattr(self.values, "filtered_state", self.values)  # Streamlit's SafeSessionState lists its keys there
        for key in list(keys):
            with contextlib.suppress(Exception):  # one key that cannot be deleted must not keep the others
                del self.values[key]
        _drop_streamlit_files(self.session_id)


def _on_close(release: _Release) -> None:
    try:
        release()
    except Exception:  # called by Streamlit on its event loop: never let a failure here break other sessions
        _LOG.exception("Could not clear a closed session")


@st.cache_resource(scope="session", on_release=_on_close)
def _release_for(session_id: str, _values: Any) -> _Release:
    return _Release(session_id, _values)


def release_on_close() -> None:
    """Arrange (once per session) that closing the tab empties this session's state and Streamlit's files for it.

    Streamlit empties session-scoped caches when a tab disconnects, but keeps the session state (with
    the photos) for two minutes in case it reconnects, and the images and uploads until the server
    stops. This registers a session-scoped entry whose release empties those too.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    _release_for(ctx.session_id, ctx.session_state)
