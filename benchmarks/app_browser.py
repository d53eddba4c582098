"""The app in a real browser: upload-to-overlay time, re-render time of a toggle and a slider, server memory.

What is measured
----------------
A `streamlit run app.py` server on a free port, driven by Debian's Chromium through Playwright, on the
same 2-core machine (browser and server share it).

- ``upload -> overlay visible``: from handing a 12-megapixel JPEG to the page's file input until the
  overlay's picture shows that photo (a new picture, decoded). Each photo is new to the server (nothing
  cached), so this includes the upload, decode, detection, analysis, figures and the browser drawing.
  ``whole page settled`` goes on until every image of the mirrored comparison has decoded and no element
  is left stale by the rerun ("settled" never waits for Streamlit's "Running…" indicator, which lingers
  about 0.2 s after the last element arrived, even in a one-widget app).
- ``opacity slider step``: one keyboard step of the mirror-opacity slider (a fragment rerun) until the
  blended image is redrawn and the page settled.
- ``mirrored toggle``: a click on "this photo is mirrored" (a rerun of the results fragment) until the overlay's picture,
  its side labels swapped, is drawn and the page settled.
- ``sent to the browser``: the bytes of the server's websocket messages from an action until the page settled. The
  pages' pictures travel inside those messages (``data:`` addresses, see ``ui.a11y``: a ``/media`` file stayed in the
  browser's disk cache after "New person"), so this is what that privacy choice costs each rerun. Streamlit sends a
  large message the browser already holds as a reference only (its message cache): a toggle back to a state shown
  before costs little, the first one the pictures in full (the max).
- ``memory``: the server's resident memory (``VmRSS``, and its peak ``VmHWM``, from ``/proc/<pid>/status``)
  with 4 browser sessions open, each on its own 12-megapixel photo (6 photos analysed in all, so the
  server holds more than 4 analyses).

Times are taken inside the page: from the event the browser dispatches for the action (the file input's
``change``, the key press, the pointer press) to the first animation frame showing the result.
Between actions the script waits as a person looking at each result would (``PAUSE_S``); the server
uses that time to prepare the other side of the mirrored toggle. Timings are judged on the median and
printed with the worst single one: the machine's background load moves single runs by ±0.1 s.

The 12-megapixel photos are made in memory from the shared faces (upscaled, mild noise added, JPEG
quality 92) and handed to the browser as buffers: nothing is written to disk.

Targets (issue 3, this 2-core machine)
--------------------------------------
- File chosen to overlay visible for a 12 MP JPEG: ≤ 2 s.
- A toggle or slider change re-rendered: ≤ 0.5 s.
- Server memory with 4 sessions on different photos: ≤ 1.2 GB.

Run with ``python benchmarks/app_browser.py`` (needs /usr/bin/chromium and playwright).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import REPO, face_paths, fmt, print_table, verdict
from PIL import Image

sys.path.insert(0, str(REPO))  # the shared server helper lives in tests/browser.py
from tests.browser import CHROMIUM, CHROMIUM_ARGS, OVERLAY_PICTURE, app_server

TARGET_UPLOAD_S = 2.0
TARGET_RERENDER_S = 0.5
TARGET_MEMORY_GB = 1.2
#: Seconds between actions, as a person looking at each result would wait.
PAUSE_S = 2.0
PHOTOS = ("frl_london_005_03.jpg", "frl_london_006_03.jpg", "frl_london_025_03.jpg", "frl_london_061_03.jpg", "frl_london_136_03.jpg", "cc0_zoom_30cm.jpg")

_SETTLED_JS = (
    """() => {
  const overlay = document.querySelector('"""
    + OVERLAY_PICTURE
    + """');
  const imgs = [...document.images];
  const decoded = imgs.length >= 7 && imgs.every(i => i.complete && i.naturalWidth > 0);
  const stale = document.querySelectorAll('[data-stale="true"]').length;
  return overlay !== null && decoded && stale === 0;
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


def twelve_megapixel(path: Path, seed: int) -> bytes:
    """A ~12 MP JPEG (quality 92) of a shared photo, upscaled in memory, with mild sensor-like noise so that
    it is not the tiny file a smooth upscale would give."""
    img = Image.open(path).convert("RGB")
    k = (12_000_000 / (img.size[0] * img.size[1])) ** 0.5
    big = np.asarray(img.resize((round(img.size[0] * k), round(img.size[1] * k)), Image.Resampling.BICUBIC), dtype=np.int16)
    noise = np.random.default_rng(seed).normal(0.0, 4.0, size=big.shape).astype(np.int16)
    buf = io.BytesIO()
    Image.fromarray(np.clip(big + noise, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, MB (from /proc/<pid>/status)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024.0, int(fields["VmHWM"].split()[0]) / 1024.0


class Received:
    """The bytes of the websocket messages a page receives from the server, counted from the last :meth:`take`."""

    def __init__(self) -> None:
        self.count = 0

    def watch(self, socket: Any) -> None:
        socket.on("framereceived", lambda payload: self._add(payload))

    def _add(self, payload: str | bytes) -> None:
        self.count += len(payload.encode() if isinstance(payload, str) else payload)

    def take(self, page: Any) -> float:
        """MB received since the last call. Playwright hands on a frame's event while it waits: a short wait first, or
        the frames of the action just timed were counted with the next one (a toggle's median read 0.02 MB)."""
        page.wait_for_timeout(250)
        mb, self.count = self.count / 1e6, 0
        return mb


def open_page(browser: Any, url: str, received: Received | None = None) -> Any:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    if received is not None:
        page.on("websocket", received.watch)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(_SETTLED_JS, timeout=60_000, polling=50)
    return page


# In-page timing: the clock starts at the person's action (the event the browser dispatches) and stops at
# the first animation frame in which the result is on screen, so neither Playwright's own latency nor
# its polling is counted.
_ARM_JS = """(event) => {
  window.__mm = {start: null, marks: {}};
  document.addEventListener(event, () => { if (window.__mm.start === null) window.__mm.start = performance.now(); },
                            {capture: true, once: true});
}"""
_MARK_JS = """([name, predicate, arg]) => {
  const ok = (new Function('return ' + predicate))()(arg);
  if (ok && window.__mm.marks[name] === undefined) window.__mm.marks[name] = performance.now();
  return ok;
}"""


def _until(page: Any, name: str, predicate: str, arg: Any = None, timeout: float = 60_000) -> None:
    page.wait_for_function(_MARK_JS, arg=[name, predicate, arg], timeout=timeout, polling="raf")


def _seconds(page: Any, name: str) -> float:
    return float(page.evaluate(f"() => (window.__mm.marks[{name!r}] - window.__mm.start) / 1000"))


def upload(page: Any, data: bytes, name: str) -> tuple[float, float]:
    """Seconds from the file input's change event until the overlay shows the photo, and until the whole page settled."""
    before = page.evaluate(_OVERLAY_SRC_JS)
    page.evaluate(_ARM_JS, "change")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files({"name": name, "mimeType": "image/jpeg", "buffer": data})
    _until(page, "overlay", f"(before) => {{ const h = ({_OVERLAY_SRC_JS})(); return h !== null && h !== before; }}", before)
    _until(page, "settled", _SETTLED_JS)
    return _seconds(page, "overlay"), _seconds(page, "settled")


def slider_step(page: Any, key: str) -> float:
    """Seconds from a key press on the opacity slider until the blended image is redrawn and the page settled."""
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
    thumb.focus()
    page.evaluate(_ARM_JS, "keydown")
    thumb.press(key)
    value = thumb.input_value()
    _until(
        page,
        "caption",
        """(value) => [...document.querySelectorAll('figure.mm-figure figcaption')]
             .some(e => e.innerText.includes('mirror view on top at ' + value + '%'))""",
        value,
        timeout=15_000,
    )
    _until(page, "settled", _SETTLED_JS, timeout=15_000)
    return _seconds(page, "settled")


def toggle_mirrored(page: Any) -> float:
    """Seconds from pressing the mirrored toggle until the overlay is drawn again (its sides swapped) and the page settled."""
    before = page.evaluate(_OVERLAY_SRC_JS)
    page.evaluate(_ARM_JS, "pointerdown")
    page.get_by_text("This photo is mirrored (selfie mode)").click()
    _until(page, "swapped", f"(before) => {{ const s = ({_OVERLAY_SRC_JS})(); return s !== null && s !== before; }}", before, timeout=15_000)
    _until(page, "settled", _SETTLED_JS, timeout=15_000)
    return _seconds(page, "settled")


def main() -> int:
    if not CHROMIUM.is_file():
        sys.exit(f"Debian's Chromium is needed at {CHROMIUM} (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    paths = face_paths(PHOTOS)
    photos = [(p.name, twelve_megapixel(p, seed)) for seed, p in enumerate(paths)]
    print(f"{len(photos)} photos of ~12 MP made in memory: {', '.join(f'{len(d) / 1e6:.1f} MB' for _, d in photos)}")
    rows: list[list[object]] = []
    ok = True
    rss = peak = 0.0
    idle = (0.0, 0.0)

    def row(label: str, times: list[float], target: float) -> bool:
        rows.append([f"{label} (n={len(times)})", fmt(statistics.median(times)), fmt(max(times)), f"{target:g}"])
        return statistics.median(times) <= target

    with app_server() as running, sync_playwright() as p:
        url, pid = running.url, running.pid
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            received = Received()
            page = open_page(browser, url, received)
            idle = memory_mb(pid)
            received.take(page)
            uploads: list[tuple[float, float]] = []
            sent: dict[str, list[float]] = {"upload": [], "slider": [], "toggle": []}
            # Each photo is new to the server. Between actions the script waits as a person looking at the
            # result would (PAUSE_S); the server uses that time to prepare the other side of the mirrored toggle.
            for name, data in photos[:3]:
                received.take(page)
                uploads.append(upload(page, data, f"{name}.12mp.jpg"))
                sent["upload"].append(received.take(page))
                time.sleep(PAUSE_S)
            steps = []
            for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowLeft"):
                received.take(page)
                steps.append(slider_step(page, key))
                sent["slider"].append(received.take(page))
                time.sleep(0.3)
            toggles = []
            for _ in range(8):
                received.take(page)
                toggles.append(toggle_mirrored(page))
                sent["toggle"].append(received.take(page))
                time.sleep(0.3)
            # three more sessions, each on its own photo
            sessions = [page]
            for name, data in photos[3:6]:
                other = open_page(browser, url)  # a new page is a new browser context: a separate session
                uploads.append(upload(other, data, f"{name}.12mp.jpg"))
                sessions.append(other)
                time.sleep(PAUSE_S)
            rss, peak = memory_mb(pid)
        finally:
            browser.close()
    overlay_times = [u[0] for u in uploads]
    ok &= verdict(
        f"12 MP file chosen -> overlay visible <= {TARGET_UPLOAD_S:g} s (median)",
        row("12 MP upload -> overlay visible", overlay_times, TARGET_UPLOAD_S),
        f"median {statistics.median(overlay_times):.2f} s, max {max(overlay_times):.2f} s",
    )
    rows.append(
        [f"12 MP upload -> whole page settled (n={len(uploads)})", fmt(statistics.median([u[1] for u in uploads])), fmt(max(u[1] for u in uploads)), "-"]
    )
    slider_ok = row("opacity slider step (fragment rerun)", steps, TARGET_RERENDER_S)
    toggle_ok = row("mirrored toggle (results rerun)", toggles, TARGET_RERENDER_S)
    ok &= verdict(
        f"toggle or slider re-rendered <= {TARGET_RERENDER_S:g} s (median)",
        slider_ok and toggle_ok,
        f"slider median {statistics.median(steps):.2f} s, toggle median {statistics.median(toggles):.2f} s, worst single {max(steps + toggles):.2f} s",
    )
    ok &= verdict(f"server memory, 4 sessions <= {TARGET_MEMORY_GB:g} GB", rss / 1024 <= TARGET_MEMORY_GB, f"VmRSS {rss:.0f} MB (peak {peak:.0f} MB)")
    rows_mem = [
        ["idle, one session on the sample", fmt(idle[0], 0), fmt(idle[1], 0)],
        [f"{len(sessions)} sessions, {len(uploads)} different 12 MP photos analysed", fmt(rss, 0), fmt(peak, 0)],
    ]
    print_table("Browser timings (s)", ["step", "median", "max", "target"], rows)
    print_table("Server memory (MB)", ["state", "VmRSS", "VmHWM (peak)"], rows_mem)
    labels = {"upload": "12 MP upload", "slider": "opacity slider step", "toggle": "mirrored toggle"}
    rows_sent = [[f"{labels[k]} (n={len(v)})", fmt(statistics.median(v)), fmt(max(v))] for k, v in sent.items()]
    print_table("Sent to the browser per action, pictures inside the page (MB)", ["action", "median", "max"], rows_sent)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
