"""The Preview page in a real browser: a day-slider step until the new simulation is on screen.

A `streamlit run app.py` server and Debian's Chromium (Playwright) share this 2-core machine. The page
opens on the sample portrait with its default plan; each step presses the right-arrow key on the day
slider once (a day the server has not simulated yet) and the clock, started by the browser's keydown
event, stops at the first animation frame in which the simulation's caption shows the new day, every
image has decoded and no element is left stale. Ten steps; the median and the worst are printed.

Target (issue 5): a slider move to the new preview shown <= 0.4 s.

Run with ``python benchmarks/preview_browser.py`` (needs /usr/bin/chromium and playwright).
"""

from __future__ import annotations

import statistics
import sys

from _common import REPO, print_table, verdict
from app_browser import _ARM_JS

sys.path.insert(0, str(REPO))
from tests.browser import CHROMIUM, CHROMIUM_ARGS, app_server

TARGET_S = 0.4
STEPS = 10

_SHOWN_JS = """(day) => {
  const caption = [...document.querySelectorAll('p')].some(e => e.innerText === 'Simulation, day ' + day);
  const imgs = [...document.images];
  const decoded = imgs.length >= 2 && imgs.every(i => i.complete && i.naturalWidth > 0);
  const ok = caption && decoded && document.querySelectorAll('[data-stale="true"]').length === 0;
  if (ok && window.__mm && window.__mm.marks.shown === undefined) window.__mm.marks.shown = performance.now();
  return ok;
}"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        sys.exit(f"Chromium is not installed at {CHROMIUM}")
    times: list[float] = []
    with app_server() as running, sync_playwright() as p:
        url = running.url
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": 1500, "height": 1200})
        page.goto(f"{url}/preview", wait_until="domcontentloaded")
        page.evaluate("() => { window.__mm = {start: null, marks: {}}; }")
        page.wait_for_function(_SHOWN_JS, arg=14, timeout=120_000, polling="raf")
        thumb = page.get_by_role("slider").first
        for day in range(15, 15 + STEPS):
            thumb.focus()
            page.evaluate(_ARM_JS, "keydown")
            page.keyboard.press("ArrowRight")
            page.wait_for_function(_SHOWN_JS, arg=day, timeout=30_000, polling="raf")
            times.append(float(page.evaluate("() => (window.__mm.marks.shown - window.__mm.start) / 1000")))
            page.wait_for_timeout(400)  # a person looks at the result before the next step
        browser.close()
    rows = [(f"day {15 + i}", f"{t:.3f}") for i, t in enumerate(times)]
    print_table("Preview: day-slider step to the new simulation shown (seconds)", ("step", "seconds"), rows)
    median = statistics.median(times)
    ok = verdict(f"slider move to new preview shown <= {TARGET_S} s (median)", median <= TARGET_S, f"median {median:.3f} s, worst {max(times):.3f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
