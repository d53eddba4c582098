"""What the page-level browser tests share: getting each page to its result, and reading the page back.

The steps are a person's: upload through the page's own file inputs, click the page's own buttons, wait
until Streamlit has finished (no stale element, no running indicator, every image decoded). The readers
run in the page: :data:`LAYOUT_JS` lists everything that does not fit the screen's width, and
:data:`TABLE_JS` returns a table of :mod:`ui.tables` as the page shows it, with any cell a person
could not see, and how far it reaches past its column. Used by ``tests/test_browser_phone.py`` (a phone) and ``tests/test_browser_pages.py``
(a desktop). The server comes from :func:`tests.browser.app_server`.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any, Final

import numpy as np
from PIL import Image

import viz
from tests.conftest import face_path
from viz.testing import move_feature

__all__ = [
    "LAYOUT_JS",
    "PHOTOS",
    "TABLE_JS",
    "open_expression_view",
    "open_expressions",
    "open_first_page",
    "open_preview",
    "open_visits",
    "settle",
    "upload",
]

#: The shared photos the pages are tested on (Face Research Lab London Set, CC BY 4.0): one person at rest and
#: smiling; and another person's rest photo as the earlier visit.
PHOTOS: Final = {
    "rest": face_path("frl_london_005_03.jpg"),
    "smile": face_path("frl_london_005_08.jpg"),
    "before": face_path("frl_london_061_03.jpg"),
}
#: How far the later visit's left brow is raised (mm): a change Visits must report beyond its uncertainty. The same
#: person's smiling photo changes the mouth-corner drop by 1.4 ± 0.5 mm, within the three uncertainties Visits asks.
AFTER_LIFT_MM: Final = 3.0


@functools.cache
def photo_bytes(name: str) -> bytes:
    """A test photo's bytes: one of :data:`PHOTOS`, or ``"after"``, the earlier visit with its left brow raised
    :data:`AFTER_LIFT_MM` by a smooth local warp (made in memory, as JPEG)."""
    if name != "after":
        return PHOTOS[name].read_bytes()
    face = viz.detect_face(viz.load_photo(PHOTOS["before"].read_bytes()))
    assert face is not None
    buf = io.BytesIO()
    Image.fromarray(np.asarray(move_feature(face, "brow", "left", AFTER_LIFT_MM).rgb)).save(buf, "JPEG", quality=95)
    return buf.getvalue()


# Streamlit has finished: nothing stale or running, every image decoded.
_SETTLED_JS: Final = """() => document.querySelectorAll('[data-stale="true"]').length === 0
  && document.querySelector('[data-testid="stStatusWidget"]') === null
  && [...document.images].every(i => i.complete && i.naturalWidth > 0)"""

#: Everything on the page that does not fit the screen's width, as sentences; and how much was looked at.
#: An element fits when its box lies within the viewport's width; a box that scrolls sideways inside does
#: not fit. A chart's text must lie wholly inside its chart (a cut label does not fit), and none may sit
#: under the chart's toolbar. Graphics inside a chart are clipped to its plot on purpose, so only the
#: chart's own box is held to the screen. The sidebar, when closed, is off the screen and skipped.
LAYOUT_JS: Final = """() => {
  const W = window.innerWidth;
  const problems = [];
  let checked = 0;
  const box = (e) => e.getBoundingClientRect();
  const name = (e) => `${e.tagName.toLowerCase()}${e.dataset && e.dataset.testid ? '[' + e.dataset.testid + ']' : ''}`
    + `.${String(e.getAttribute('class') || '').split(' ')[0]} "${(e.textContent || '').trim().slice(0, 40)}"`;
  const closed = document.querySelector('[data-testid="stSidebar"][aria-expanded="false"]');
  for (const e of document.querySelectorAll('body *')) {
    if (closed && closed.contains(e)) continue;
    const r = box(e);
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(e);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (e instanceof SVGElement && !(e instanceof SVGSVGElement && e.classList.contains('main-svg'))) {
      const chart = e.closest('.js-plotly-plot');
      const root = chart && chart.querySelector('svg.main-svg');
      if (e.tagName.toLowerCase() === 'text' && root) {
        checked++;
        const s = box(root);
        if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1) {
          problems.push(`cut: ${name(e)} spans [${Math.round(r.left)}, ${Math.round(r.right)}], its chart [${Math.round(s.left)}, ${Math.round(s.right)}]`);
        }
      }
      continue;
    }
    checked++;
    if (r.left < -1 || r.right > W + 1) problems.push(`wider than the screen: ${name(e)} spans [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
      problems.push(`scrolls sideways inside: ${name(e)} (${e.scrollWidth} px in ${e.clientWidth} px)`);
    }
  }
  for (const chart of document.querySelectorAll('.js-plotly-plot')) {
    const bar = chart.querySelector('.modebar');
    const m = bar && box(bar);
    if (!m || m.width === 0) continue;
    for (const t of chart.querySelectorAll('text')) {
      const r = box(t);
      if (r.width > 0 && r.left < m.right && r.right > m.left && r.top < m.bottom && r.bottom > m.top) problems.push(`under the toolbar: ${name(t)}`);
    }
  }
  return {width: W, scrollWidth: document.scrollingElement.scrollWidth, checked, problems};
}"""

#: One table of ui.tables as shown: its rows ({column: text}), whether it shows cards (the column names
#: beside each value instead of a header row), and every non-empty cell a person could not see whole.
TABLE_JS: Final = """(key) => {
  const table = document.querySelector(`table.mm-table[data-table="${key}"]`);
  if (!table) return null;
  const W = window.innerWidth;
  const columns = [...table.querySelectorAll('thead th')].map(c => c.textContent);
  const unseen = [];
  const rows = [...table.querySelectorAll('tbody tr')].map(tr => {
    const row = {};
    let i = 0;  // a cell across the row's empty end (colspan) stands for the columns it covers, as empty ones
    [...tr.children].forEach(cell => {
      row[columns[i]] = cell.textContent;
      for (let k = 1; k < cell.colSpan; k++) row[columns[i + k]] = '';
      i += cell.colSpan;
      if (!cell.textContent) return;
      const r = cell.getBoundingClientRect();
      const cs = getComputedStyle(cell);
      if (r.width === 0 || r.height === 0 || cs.display === 'none' || cs.visibility === 'hidden' || r.left < -1 || r.right > W + 1) {
        unseen.push(`${tr.firstElementChild.textContent} / ${cell.dataset.label || 'across the row'}: ${cell.textContent}`);
      }
    });
    return row;
  });
  const cards = getComputedStyle(table.querySelector('thead')).display === 'none';
  // each value under its column's name, but a cell across the row, which says what it is ("not measured: …")
  const labelled = [...table.querySelectorAll('tbody td')].filter(td => td.textContent && td.colSpan === 1)
    .every(td => getComputedStyle(td, '::before').content.includes(td.dataset.label));
  // how far the table reaches past its own column (a cell that will not wrap pushes it out over the margin)
  const spill = Math.round(table.getBoundingClientRect().right - table.parentElement.getBoundingClientRect().right);
  return {rows, cards, labelled, unseen, spill};
}"""


def settle(page: Any, *, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has finished and stays finished (a rerun queued behind the last one shows up as stale elements)."""
    for pause in (300, 700):
        page.wait_for_timeout(pause)
        page.wait_for_function(_SETTLED_JS, timeout=timeout_ms, polling=150)


def upload(page: Any, photo: Path | bytes, nth: int = 0) -> None:
    """Hand a photo (a file, or JPEG bytes) to the page's ``nth`` file input (what choosing a file in the dialog does)."""
    files = str(photo) if isinstance(photo, Path) else {"name": "later-visit.jpg", "mimeType": "image/jpeg", "buffer": photo}
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(nth).set_input_files(files)


def open_first_page(page: Any, url: str, photo: Path) -> None:
    """The first page with ``photo`` uploaded and measured."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    upload(page, photo)
    page.get_by_text("Showing: Your uploaded photo").wait_for(timeout=120_000)
    page.locator('table.mm-table[data-table="measures"]').wait_for(timeout=120_000)
    settle(page)


def open_preview(page: Any, url: str) -> None:
    """The Preview page (on the sample portrait) with the plan builder's first choice added."""
    page.goto(f"{url}/preview", wait_until="domcontentloaded")
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("button", name="Add to plan").click()
    page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
    page.get_by_text("Over the days after treatment").wait_for(timeout=120_000)
    settle(page)


def choose_muscle(page: Any, region: str, muscle: str) -> None:
    """Pick a region and then one of its muscles in the Preview page's plan builder (by their names on screen)."""
    from ui import plan as ui_plan

    for key, name in ((ui_plan.REGION, region), (ui_plan.MUSCLE, muscle)):
        page.locator(f".st-key-{key}").click()
        page.get_by_role("option", name=name, exact=True).click()
        page.wait_for_timeout(1500)  # the builder reruns with the choice


def open_expressions(page: Any, url: str, rest: Path, smile: Path) -> None:
    """The Expressions page with a rest photo and a big smile, measured."""
    page.goto(f"{url}/movement", wait_until="domcontentloaded")
    page.get_by_text("Take the photos, one expression at a time").wait_for(timeout=120_000)
    settle(page)
    upload(page, rest)
    page.get_by_text("✓ Taken: Rest.").wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("radio", name="Big smile").click()
    settle(page)
    upload(page, smile)
    page.locator('table.mm-table[data-table="movement-smile"]').wait_for(timeout=120_000)
    settle(page)


def open_expression_view(page: Any, url: str, rest: Path, smile: Path) -> None:
    """Preview in its big-smile view: the Expressions page given ``rest`` and ``smile`` (:func:`open_expressions`), then
    Preview with the builder's first plan added and the "Big smile" view chosen."""
    open_expressions(page, url, rest, smile)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Preview").click()
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    page.get_by_role("button", name="Add to plan").click()
    page.locator('table.mm-table[data-table="preview-measures"]').wait_for(timeout=120_000)
    settle(page)
    page.locator("[data-testid=stButtonGroup] button", has_text="Big smile").click()


def open_visits(page: Any, url: str, before: Path, after: Path | bytes) -> None:
    """The Visits page with a before and an after photo, compared."""
    page.goto(f"{url}/visits", wait_until="domcontentloaded")
    page.get_by_text("Before: the earlier visit").wait_for(timeout=120_000)
    settle(page)
    upload(page, before, 0)
    page.get_by_role("button", name="Replace this photo").wait_for(timeout=120_000)
    settle(page)
    upload(page, after, 0)  # the before slot now shows its photo: the only file input left is the after slot's
    page.locator('table.mm-table[data-table="visits"]').wait_for(timeout=120_000)
    settle(page)
