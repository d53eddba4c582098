"""Many people at once: 8, then 16 real browser sessions against one server, each uploading a different face.

What is measured
----------------
One `streamlit run app.py` server, started as it is deployed (``tests.browser.DEPLOYMENT_ARGS``, the
Dockerfile's options), on a free loopback port; Debian's Chromium driven by Playwright on the same 2-core
machine, one browser context (a separate Streamlit session) per person. For each round (8, then 16):

1. every session opens the first page at once and waits until it is drawn (the sample portrait: the overlay
   and six other images decoded, nothing stale);
2. every session then uploads its own face (a different shared photo each) at once and waits until the
   overlay shows it.

Printed per round: errors (page errors, exception boxes, time-outs, tracebacks in the server's log),
first-load and upload -> overlay wall times (p50 / p95), the server's CPU seconds per page view and per
upload (``utime + stime`` of the server process from ``/proc/<pid>/stat``, over the phase until the
server is idle again, divided by the number of sessions; background work an upload starts is counted)
and the server's peak memory (``VmHWM``).

Browsers on the same 2 cores dominate the wall times, so the page's own cost in the browser is measured
apart, on a quiet machine, in the same run: the main-thread busy time (Chrome's ``TaskDuration``
performance metric) of loading the first page, against a bare Streamlit page with one Plotly chart
(``benchmarks/bare_page.py``) served the same way. Median of nine loads each, the two pages alternating.

Targets (issue 11)
------------------
- 16 sessions with zero errors;
- server CPU <= 0.4 s per first page view and <= 0.6 s per upload;
- first page's browser main-thread time <= 1.3 x the bare page's.

Run with ``python benchmarks/load.py`` (needs /usr/bin/chromium, playwright and ../shared/faces);
``python benchmarks/load.py 4 16`` runs other round sizes; ``LOAD_SERVER_LOG=path`` keeps the server's log.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import REPO, face_paths, fmt, print_table, verdict

sys.path.insert(0, str(REPO))
from tests.browser import CHROMIUM, CHROMIUM_ARGS, DEPLOYMENT_ARGS, OVERLAY_PICTURE, app_server

ROUNDS = (8, 16)
TARGET_CPU_VIEW_S = 0.4
TARGET_CPU_UPLOAD_S = 0.6
TARGET_MAIN_THREAD_RATIO = 1.3
#: Loads of each page for the main-thread figures: single loads vary by about ±15% on this machine.
MAIN_THREAD_LOADS = 9
TIMEOUT_MS = 420_000  # 16 browsers and the server share 2 cores: a page can take minutes

_SETTLED_JS = (
    """() => {
  const overlay = document.querySelector('"""
    + OVERLAY_PICTURE
    + """');
  const imgs = [...document.images];
  const decoded = imgs.length >= 7 && imgs.every(i => i.complete && i.naturalWidth > 0);
  return overlay !== null && decoded && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""
)
_OVERLAY_SRC_JS = (
    """() => {
  const img = document.querySelector('"""
    + OVERLAY_PICTURE
    + """');
  return img && img.complete && img.naturalWidth > 0 ? img.getAttribute('src') : null;
}"""
)
_BARE_SETTLED_JS = """() => document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg') !== null
  && document.querySelector('[data-testid="stStatusWidget"]') === null"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory, MB (``VmRSS``, ``VmHWM``)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def until_idle(pid: int, quiet_s: float = 1.5, limit_s: float = 60.0) -> None:
    """Wait until the server has used almost no CPU for ``quiet_s`` (its background work done)."""
    deadline = time.monotonic() + limit_s
    last, quiet_since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        now = cpu_seconds(pid)
        if now - last > 0.03:
            quiet_since = time.monotonic()
        last = now
        if time.monotonic() - quiet_since >= quiet_s:
            return


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Person:
    """One browser session: its photo, its page, its timings and its errors."""

    name: str
    photo: bytes
    page: Any = None
    context: Any = None
    first_load_s: float | None = None
    upload_s: float | None = None
    errors: list[str] = field(default_factory=list)


async def open_first_page(browser: Any, url: str, person: Person) -> None:
    person.context = await browser.new_context(viewport={"width": 1400, "height": 900})
    person.page = await person.context.new_page()
    person.page.on("pageerror", lambda exc: person.errors.append(f"page error: {exc}"))
    start = time.monotonic()
    try:
        await person.page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        await person.page.wait_for_function(_SETTLED_JS, timeout=TIMEOUT_MS, polling=250)
        person.first_load_s = time.monotonic() - start
    except Exception as exc:  # a time-out is an error of this session, reported, not a crash of the benchmark
        person.errors.append(f"first load: {type(exc).__name__}")


async def upload(person: Person) -> None:
    if person.first_load_s is None:
        return
    page = person.page
    try:
        before = await page.evaluate(_OVERLAY_SRC_JS)
        start = time.monotonic()
        await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            {"name": person.name, "mimeType": "image/jpeg", "buffer": person.photo}, timeout=TIMEOUT_MS
        )
        await page.wait_for_function(
            f"(before) => {{ const h = ({_OVERLAY_SRC_JS})(); return h !== null && h !== before; }}", arg=before, timeout=TIMEOUT_MS, polling=250
        )
        person.upload_s = time.monotonic() - start
        await page.wait_for_function(_SETTLED_JS, timeout=TIMEOUT_MS, polling=250)
        if await page.locator('[data-testid="stException"]').count():
            person.errors.append("an exception box is shown")
        if await page.locator('[data-testid="stAlertContentError"]').count():
            person.errors.append("an error message is shown")
    except Exception as exc:
        person.errors.append(f"upload: {type(exc).__name__}")


@dataclass
class Round:
    sessions: int
    people: list[Person]
    cpu_view_s: float
    cpu_upload_s: float
    rss_mb: float
    peak_mb: float
    log_errors: int


async def one_round(browser: Any, url: str, pid: int, photos: list[tuple[str, bytes]], log: Path) -> Round:
    people = [Person(name, data) for name, data in photos]
    log_start = log.stat().st_size  # only this round's part of the server's log counts
    await until_idle(pid)
    c0 = cpu_seconds(pid)
    await asyncio.gather(*(open_first_page(browser, url, p) for p in people))
    await until_idle(pid)
    c1 = cpu_seconds(pid)
    await asyncio.gather(*(upload(p) for p in people))
    await until_idle(pid)
    c2 = cpu_seconds(pid)
    rss, peak = peak_memory_mb(pid)
    for p in people:
        await p.context.close()
    with log.open("rb") as f:
        f.seek(log_start)
        text = f.read().decode(errors="replace")
    for block in text.split("Traceback")[1:]:  # say what went wrong in the server (its last line), never a photo: the app logs none
        print(f"  server log, {len(people)} sessions: {[line for line in block.splitlines() if line.strip()][-1][:200]}")
    n = len(people)
    return Round(n, people, (c1 - c0) / n, (c2 - c1) / n, rss, peak, text.count("Traceback"))


async def main_thread_ms(browser: Any, url: str, settled_js: str) -> float:
    """Main-thread busy time (Chrome's TaskDuration) of loading ``url`` in a fresh context, ms."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    await page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    await page.wait_for_function(settled_js, timeout=TIMEOUT_MS, polling=250)
    await page.wait_for_timeout(1000)  # let the last frames and idle work run
    metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
    await context.close()
    return float(metrics["TaskDuration"]) * 1000.0


async def run() -> int:
    from playwright.async_api import async_playwright

    paths = [p for p in face_paths() if p.suffix == ".jpg"][: max(ROUNDS)]
    photos = [(p.name, p.read_bytes()) for p in paths]
    if len(photos) < max(ROUNDS):
        sys.exit(f"{max(ROUNDS)} different faces are needed, found {len(photos)}.")
    print(f"{len(photos)} different faces, {sum(len(d) for _, d in photos) / len(photos) / 1e3:.0f} kB on average; server options: {' '.join(DEPLOYMENT_ARGS)}")
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(os.environ.get("LOAD_SERVER_LOG", Path(tmp) / "server.log"))
        with (
            log_path.open("wb") as log,
            app_server(log=log, args=DEPLOYMENT_ARGS) as server,
            app_server(args=DEPLOYMENT_ARGS, script="benchmarks/bare_page.py") as bare,
        ):
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
                try:
                    warm = Person("warm-up", b"")
                    await open_first_page(browser, server.url, warm)  # the first session of a cold server imports and measures the sample
                    await warm.context.close()
                    app_ms, bare_ms = [], []
                    for _ in range(MAIN_THREAD_LOADS):  # interleaved, so a busy moment of the machine hits both
                        bare_ms.append(await main_thread_ms(browser, bare.url, _BARE_SETTLED_JS))
                        app_ms.append(await main_thread_ms(browser, server.url, _SETTLED_JS))
                    for n in ROUNDS:
                        rounds.append(await one_round(browser, server.url, server.pid, photos[:n], log_path))
                finally:
                    await browser.close()
    rows = []
    for r in rounds:
        loads = [p.first_load_s for p in r.people if p.first_load_s is not None]
        ups = [p.upload_s for p in r.people if p.upload_s is not None]
        errors = sum(len(p.errors) for p in r.people) + r.log_errors
        rows.append(
            [
                f"{r.sessions} sessions",
                errors,
                fmt(percentile(loads, 0.5) if loads else None, 1),
                fmt(percentile(loads, 0.95) if loads else None, 1),
                fmt(percentile(ups, 0.5) if ups else None, 1),
                fmt(percentile(ups, 0.95) if ups else None, 1),
                fmt(r.cpu_view_s),
                fmt(r.cpu_upload_s),
                fmt(r.peak_mb, 0),
            ]
        )
        for p in r.people:
            for e in p.errors:
                print(f"  {r.sessions} sessions, {p.name}: {e}")
    print_table(
        "Load (wall times in s; server CPU in s per session; memory in MB)",
        ["round", "errors", "first load p50", "p95", "upload->overlay p50", "p95", "CPU/page view", "CPU/upload", "server peak"],
        rows,
    )
    app, bare_page = statistics.median(app_ms), statistics.median(bare_ms)
    print_table(
        f"Browser main-thread time of one first-page load, quiet machine (ms, median of {MAIN_THREAD_LOADS})",
        ["page", "TaskDuration", "runs"],
        [
            ["MirrorMap first page", fmt(app, 0), ", ".join(fmt(x, 0) for x in app_ms)],
            ["bare page, one Plotly chart", fmt(bare_page, 0), ", ".join(fmt(x, 0) for x in bare_ms)],
        ],
    )
    last = rounds[-1]
    ok = verdict(
        f"{last.sessions} sessions with zero errors",
        rows[-1][1] == 0,
        f"{rows[-1][1]} errors",
    )
    worst_view = max(r.cpu_view_s for r in rounds)
    worst_upload = max(r.cpu_upload_s for r in rounds)
    ok &= verdict(f"server CPU per first page view <= {TARGET_CPU_VIEW_S} s", worst_view <= TARGET_CPU_VIEW_S, f"{worst_view:.2f} s (worst round)")
    ok &= verdict(f"server CPU per upload <= {TARGET_CPU_UPLOAD_S} s", worst_upload <= TARGET_CPU_UPLOAD_S, f"{worst_upload:.2f} s (worst round)")
    ratio = app / bare_page
    ok &= verdict(
        f"first page main-thread time <= {TARGET_MAIN_THREAD_RATIO} x bare page",
        ratio <= TARGET_MAIN_THREAD_RATIO,
        f"{ratio:.2f} x ({app:.0f} vs {bare_page:.0f} ms)",
    )
    return 0 if ok else 1


def main() -> int:
    global ROUNDS
    if len(sys.argv) > 1:  # e.g. ``python load.py 4 16``: other round sizes
        ROUNDS = tuple(int(n) for n in sys.argv[1:])
    if not CHROMIUM.is_file():
        sys.exit(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install -y chromium).")
    return asyncio.run(run())


if __name__ == "__main__":
    raise SystemExit(main())
