"""The app's three small concurrency tools, each with one job.

- :class:`OnceMap`: computes each keyed piece of work once, however many threads ask for it at the same
  time; callers of different pieces never wait for each other.
- :func:`background`: one worker thread for the whole server, for work done ahead of need (queued,
  never in parallel, so it never competes with itself for the two cores).
- :func:`trim_heap`: hands freed heap memory back to the system after a photo was processed.

Nothing here imports Streamlit, so each part is tested on its own.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

__all__ = ["OnceMap", "background", "trim_heap"]

V = TypeVar("V")


class OnceMap(Generic[V]):
    """A memo that computes each key once, with one lock per key.

    Examples
    --------
    >>> memo: OnceMap[int] = OnceMap()
    >>> memo.get("answer", lambda: 42), memo.get("answer", lambda: 0)
    (42, 42)
    >>> memo.done("answer"), memo.done("other")
    (True, False)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``, computed by ``make`` the first time (later and concurrent callers wait for it)."""
        with self._lock:
            if key in self._values:
                return self._values[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # only callers of this very key wait
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = make()
            with self._lock:
                self._values[key] = value
                self._locks.pop(key, None)
            return value

    def done(self, key: Hashable) -> bool:
        """Whether ``key`` already has a value (no waiting)."""
        with self._lock:
            return key in self._values

    def peek(self, key: Hashable) -> V | None:
        """The value for ``key`` if it is computed, else ``None`` (no waiting, nothing computed)."""
        with self._lock:
            return self._values.get(key)

    def claim(self, key: Hashable) -> bool:
        """Mark ``key`` as taken with no value yet; ``True`` only for the first caller (a run-once flag)."""
        with self._lock:
            if key in self._values or key in self._locks:
                return False
            self._locks[key] = threading.Lock()
            return True

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()
            self._locks.clear()


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def background() -> ThreadPoolExecutor:
    """The server's one worker thread for work done ahead of need (created on first use)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mirrormap-prepare")
        return _executor


def trim_heap() -> bool:
    """Hand freed heap memory back to the system; ``True`` when it ran.

    glibc keeps freed memory for reuse: decoding and detecting a photo leaves tens of megabytes of freed
    temporaries behind. A no-op (``False``) where there is no glibc.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True
