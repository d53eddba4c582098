"""Read the app's tables (:mod:`ui.tables`) back into rows, for AppTest tests.

A table is HTML in an ``st.html`` element; :func:`tables` parses every one on the page with the standard
library's parser and returns, in page order, each table's rows as ``{column: text}`` dicts (the cells'
text unescaped), as ``st.dataframe(...).value.to_dict("records")`` gave them before.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

__all__ = ["TableReader", "shown_tables", "table", "tables"]


class TableReader(HTMLParser):
    """Collects the ``<table class="mm-table">`` elements of one HTML text: ``found`` maps ``data-table`` to its rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[dict[str, str]]] = {}
        self._key: str | None = None
        self._head: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "mm-table" in (a.get("class") or "").split():
            self._key = a.get("data-table") or ""
            self._head = []
            self.found[self._key] = []
        elif self._key is None:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []
            self._span = int(a.get("colspan") or 1)  # a cell across the row's empty end stands for them too

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._key is None:
            return
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row += ["".join(self._cell)] + [""] * (self._span - 1)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._head = self._row
            else:
                self.found[self._key].append(dict(zip(self._head, self._row, strict=True)))
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table":
            self._key = None


def tables(at: Any) -> dict[str, list[dict[str, str]]]:
    """Every table on an AppTest page, by its key (``data-table``), in page order."""
    reader = TableReader()
    for element in at.get("html"):
        reader.feed(element.proto.body)
    reader.close()
    return reader.found


def table(at: Any, key: str) -> list[dict[str, str]]:
    """One table's rows (``KeyError`` when the page does not show it)."""
    return tables(at)[key]


def shown_tables(at: Any) -> list[list[dict[str, str]]]:
    """Every table's rows on an AppTest page, in page order (what ``at.dataframe`` listed before)."""
    return list(tables(at).values())
