"""The Visits table laid out by Debian's Chromium (no server: the table's own HTML in a box of the width it gets).

At 1280 px with the sidebar open the Visits table's box is about 810 px wide. Laid out by their content, its columns
gave the side column 94 px ("before: no clear difference; after: toward the right" on five lines) while columns of
numbers, their names kept on one line, had room to spare.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.browser import chromium
from tests.conftest import detected
from ui import visits_ui
from ui.tables import table_html
from viz.visits import compare

pytestmark = pytest.mark.browser

#: Each column's width and how many lines its longest cell takes; whether the table shows as cards; and how far the
#: table reaches past its box.
LAYOUT_JS = """() => {
  const table = document.querySelector('table.mm-table');
  const lines = el => { const r = document.createRange(); r.selectNodeContents(el);
    return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; };
  const names = [...table.querySelectorAll('thead th')].map(h => h.textContent);
  const columns = names.map((name, i) => ({name, width: table.querySelectorAll('thead th')[i].getBoundingClientRect().width, lines: 0}));
  for (const row of table.querySelectorAll('tbody tr')) {
    // a cell across the row's empty end ("not measured: why") is no column's
    row.querySelectorAll('th, td').forEach((cell, i) => { if (cell.colSpan === 1) columns[i].lines = Math.max(columns[i].lines, lines(cell)); });
  }
  const box = table.parentElement.getBoundingClientRect();
  return {columns, cards: getComputedStyle(table).display === 'block', spill: table.getBoundingClientRect().right - box.right};
}"""


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    # lisa 1 against lisa 3: the pair of the report, every "side" a sentence naming both visits
    return tuple(visits_ui.change_rows(compare(detected("cc0_lisa_lisa1.jpg"), detected("cc0_lisa_lisa3.jpg"))))


def _layout(tab: Any, width: int) -> dict[str, Any]:
    html = table_html(list(_rows()), key="visits", **visits_ui.TABLE_OPTIONS)  # as the page lays it out
    tab.set_content(f'<body style="margin: 0; font: 16px sans-serif"><div style="width: {width}px">{html}</div></body>')
    layout: dict[str, Any] = tab.evaluate(LAYOUT_JS)
    return layout


def test_the_side_column_is_not_squeezed_beside_the_numbers_on_a_laptop() -> None:
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        for width in (visits_ui.TABLE_MIN_WIDTH, 810):
            shown = _layout(tab, width)
            assert not shown["cards"] and shown["spill"] <= 1, shown
            columns = {c["name"]: c for c in shown["columns"]}
            side = columns["side"]
            numbers = [c for name, c in columns.items() if name not in ("measure", "side")]
            assert all(side["width"] >= c["width"] for c in numbers), columns  # the longest text, not the narrowest column
            assert side["lines"] <= 3 and all(c["lines"] <= 2 for c in numbers), columns
            assert columns["measure"]["lines"] <= 4, columns
        phone = _layout(tab, 380)
        assert phone["cards"] and phone["spill"] <= 1, phone  # a phone still gets a card per row


def test_a_table_is_named_by_its_label_as_a_table_and_as_cards() -> None:
    # a screen reader announced a bare "table": nothing said what it listed
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        html = table_html(list(_rows()), key="visits", label="Changes between the visits", **visits_ui.TABLE_OPTIONS)
        for width in (810, 380):  # columns, then a card per row (the table shown as blocks keeps its role and name)
            tab.set_content(f'<body style="margin: 0; font: 16px sans-serif"><div style="width: {width}px">{html}</div></body>')
            assert tab.get_by_role("table", name="Changes between the visits").count() == 1, width
            assert tab.get_by_text("Changes between the visits").count() == 0  # not shown: the heading above says it
