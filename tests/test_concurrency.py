"""The app's concurrency tools: a piece of work is done once however many threads ask, and pieces do not wait for each other."""

from __future__ import annotations

import platform
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ui.concurrency import OnceMap, background, trim_heap


def test_many_threads_asking_for_one_key_compute_it_once() -> None:
    memo: OnceMap[int] = OnceMap()
    calls = []

    def make() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 7

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _i: memo.get("face", make), range(16)))
    assert results == [7] * 16 and len(calls) == 1
    assert memo.done("face") and memo.peek("face") == 7


def test_a_slow_piece_does_not_hold_up_another_key() -> None:
    memo: OnceMap[str] = OnceMap()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "slow"

    worker = threading.Thread(target=lambda: memo.get("slow", slow))
    worker.start()
    assert started.wait(5)
    t0 = time.perf_counter()
    assert memo.get("fast", lambda: "fast") == "fast"
    assert time.perf_counter() - t0 < 0.5, "the other key waited for the slow one"
    assert not memo.done("slow") and memo.peek("slow") is None
    release.set()
    worker.join(5)
    assert memo.peek("slow") == "slow"


def test_a_claim_is_granted_once() -> None:
    memo: OnceMap[bool] = OnceMap()
    with ThreadPoolExecutor(8) as pool:
        granted = list(pool.map(lambda _i: memo.claim(("prepare", True)), range(32)))
    assert granted.count(True) == 1
    memo.clear()
    assert memo.claim(("prepare", True))


def test_a_failed_piece_is_tried_again() -> None:
    memo: OnceMap[int] = OnceMap()

    def fail() -> int:
        raise RuntimeError("boom")

    for _ in range(2):
        try:
            memo.get("x", fail)
        except RuntimeError:
            pass
    assert memo.get("x", lambda: 3) == 3


def test_background_work_runs_on_one_shared_worker() -> None:
    assert background() is background()
    names = {background().submit(lambda: threading.current_thread().name).result(timeout=5) for _ in range(4)}
    assert len(names) == 1 and next(iter(names)).startswith("mirrormap-prepare")


def test_trim_heap_runs_where_there_is_glibc() -> None:
    assert trim_heap() is (platform.libc_ver()[0] == "glibc")
