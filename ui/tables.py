"""Tables that fit any width: columns where there is room, one card per row where there is not.

``st.dataframe`` keeps its columns at any width, so on a phone the difference, the side and the note of
a measure sat behind a sideways scroll inside the table (and an offset's row looked empty). A table here
is one piece of HTML that reflows by the room its own box has (a CSS container query, so a narrow
column on a wide screen reflows too): at least ``min_width`` pixels, a table; less, a card per row, the
row's name as its heading and each other value under its column's name, empty ones left out.

Only the app's own words and numbers go in, each escaped (:func:`html.escape`); never Markdown, never
text a person supplied. The ``<table>`` carries ``data-table="<key>"``, so tests can find it
(``tests/tables.py`` reads it back into rows).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Final, TypedDict

import streamlit as st

if TYPE_CHECKING:  # typing.Unpack is Python 3.11's; only mypy reads it here (annotations are not evaluated)
    from typing import Unpack

__all__ = ["TableOptions", "table_html", "table_ui"]

_KEY: Final = re.compile(r"^[a-z][a-z0-9-]*$")
_DIGIT: Final = re.compile(r"\d")
#: Words of a column's name this short ("3", "×", "±?") stay on one line with their neighbours of the same kind.
_SHORT: Final = 2

# Static CSS; ``{key}``, ``{narrow}`` and ``{least}`` (:data:`_LEAST`, or nothing) are filled in by :func:`table_html` from checked values only.
# The roles are spelled out because a table shown as blocks loses them in some screen readers.
_STYLE: Final = """<style>
.mm-table-box {{ container-type: inline-size; }}
table.mm-table {{ width: 100%; border-collapse: collapse; font-size: 0.92rem; line-height: 1.4; margin: 0; }}
table.mm-table th, table.mm-table td {{
  text-align: left; vertical-align: top; padding: 0.4rem 0.45rem; overflow-wrap: anywhere;
  border-bottom: 1px solid rgba(128, 132, 149, 0.3);
}}
table.mm-table thead th {{ font-weight: 600; overflow-wrap: normal; }}
table.mm-table tbody th {{ font-weight: 600; }}
table.mm-table tbody th, table.mm-table td.mm-wide, table.mm-table td.mm-word {{ overflow-wrap: break-word; }}
table.mm-table td.mm-num, table.mm-table .mm-keep {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
p.mm-table-note {{ margin: 0.4rem 0 0; font-size: 0.86rem; opacity: 0.8; }}
{least}@container (max-width: {narrow}px) {{
  table.mm-table[data-table="{key}"], table.mm-table[data-table="{key}"] tbody {{ display: block; }}
  table.mm-table[data-table="{key}"] thead {{ display: none; }}
  table.mm-table[data-table="{key}"] tr {{
    display: flex; flex-wrap: wrap; gap: 0.15rem 1rem; padding: 0.6rem 0.75rem; margin-bottom: 0.5rem;
    border: 1px solid rgba(128, 132, 149, 0.35); border-radius: 0.5rem;
  }}
  table.mm-table[data-table="{key}"] th, table.mm-table[data-table="{key}"] td {{ display: block; padding: 0; border: 0; white-space: normal; min-width: 0; }}
  table.mm-table[data-table="{key}"] tbody th {{ flex-basis: 100%; font-size: 1rem; }}
  table.mm-table[data-table="{key}"] td:empty {{ display: none; }}
  table.mm-table[data-table="{key}"] td.mm-wide {{ flex-basis: 100%; min-width: 0; font-size: 0.86rem; line-height: 1.35; }}
  table.mm-table[data-table="{key}"] td::before {{ content: attr(data-label) " "; opacity: 0.7; font-size: 0.85rem; }}
}}
</style>"""
#: The least width of a table's sentence columns (``wide_min``), outside its cards.
_LEAST: Final = 'table.mm-table[data-table="{key}"] td.mm-wide {{ min-width: {wide_min:g}em; }}\n'
#: The least width of a table's row names (``name_min``) and of its cells of words, outside its cards.
_NAMES: Final = (
    'table.mm-table[data-table="{key}"] tbody th {{ min-width: {name_min:g}em; }}\ntable.mm-table[data-table="{key}"] td.mm-word {{ min-width: 5em; }}\n'
)


def _header(name: str) -> str:
    """A column's name, escaped, free to wrap between words except inside a run of symbols and numbers ("3 × ±"), which
    is kept on one line: its column is then as wide as its values need, not as its name on one line."""
    out: list[str] = []
    glue = False  # a lone symbol ("±") stays with the word after it: "± uncertainty" put "±" alone on a line
    for run, short in ((" ".join(g), k) for k, g in itertools.groupby(name.split(" "), key=lambda word: len(word) <= _SHORT)):
        text = html.escape(run)
        text = f'<span class="mm-keep">{text}</span>' if short and " " in run else text
        if glue:  # kept on one line by style, its text unchanged (a screen reader and a copy read "± uncertainty")
            out[-1] = f'<span class="mm-keep">{out[-1]} {text}</span>'
        else:
            out.append(text)
        glue = short and " " not in run and not any(c.isalpha() for c in run)
    return " ".join(out)


def _kind(text: str) -> str:
    """A value's class: a number (kept on one line: "-0.8 ± 0.7 mm"), or words ("not measured", "no verdict"), which
    may wrap: kept on one line, "not measured" made the change column wider than any change in it."""
    return "mm-num" if _DIGIT.search(text) else "mm-word"


def _label(name: str) -> str:
    """A column's name as a card shows it before a value: ``"left:"``, but ``"beyond 3 × ±?"`` as it is."""
    return name if name.endswith(("?", ":")) else f"{name}:"


def _cell(
    tag: str, text: str, *, label: str = "", classes: Sequence[str] = (), role: str = "cell", scope: str = "", inner: str | None = None, colspan: int = 1
) -> str:
    attrs = f' role="{role}"'
    if scope:
        attrs += f' scope="{scope}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    if label:
        attrs += f' data-label="{html.escape(label)}"'
    return f"<{tag}{attrs}>{html.escape(text) if inner is None else inner}</{tag}>"


def table_html(
    rows: Sequence[Mapping[str, str]],
    *,
    key: str,
    min_width: int = 600,
    wide: Collection[str] = (),
    wide_min: float = 0,
    name_min: float = 0,
    caption: str = "",
    label: str = "",
    span: bool = False,
) -> str:
    """One table as HTML that reflows into a card per row where its box is narrower than ``min_width`` CSS pixels.

    Parameters
    ----------
    rows : sequence of mapping of str to str
        The rows, each with the same columns in the same order; the first column names the row.
    key : str
        Names the table (``data-table``) and scopes its style: lower-case letters, digits and hyphens.
    min_width : int, optional
        The narrowest box, CSS pixels, that still shows columns.
    wide : collection of str, optional
        Columns that hold sentences: on a card each takes a line of its own; in the table they wrap.
    wide_min : float, optional
        The narrowest each ``wide`` column gets in the table, in ems of its text (none when 0). The columns are laid out
        by their content, and a number stays on one line while a sentence wraps: beside seven columns of numbers the
        Visits side column ("before: no clear difference; after: toward the right") got 94 px, five lines, at 1280 px.
    name_min : float, optional
        The narrowest the row names get, in ems, and 5 ems for a cell of words (none when 0): at 1280 px the first page's
        measure names got 90 px, a word per line ("Mouth- / corner / drop"), beside a 308 px sentence column.
    caption : str, optional
        How to read the table, a paragraph under it that the table names as its description (``aria-describedby``):
        a ``<caption>`` shrank to a column a word wide above the cards. None when empty.
    label : str, optional
        The table's name for a screen reader (``aria-label``), what it lists: "Measures, most noticeable first". Not
        shown: the heading above the table says it already. A table without one was announced as a bare "table".
    span : bool, optional
        Whether a cell followed by empty cells only takes their room (``colspan``) and, on a card, a line of its own
        without its column's name: Visits' "not measured: a head turn of one degree moves it about 2 mm" sat in the
        side column, read "side: a head turn…" on a phone's card.

    Returns
    -------
    str
        A ``<style>`` and a ``<table>``; every cell and column name escaped.

    Raises
    ------
    ValueError
        If ``key`` has other characters, ``min_width`` is not positive, ``wide_min`` is negative, ``rows`` is empty or the
        rows do not share their columns.

    Examples
    --------
    >>> out = table_html([{"measure": "Eye <opening>", "left": "7.0 mm"}], key="demo")
    >>> '<th role="rowheader" scope="row">Eye &lt;opening&gt;</th>' in out
    True
    >>> '<td role="cell" class="mm-num" data-label="left:">7.0 mm</td>' in out
    True
    """
    if not _KEY.match(key):
        raise ValueError(f"key must be lower-case letters, digits and hyphens, not {key!r}")
    if min_width <= 0:
        raise ValueError(f"min_width must be a positive number of pixels, not {min_width!r}")
    if not (wide_min >= 0 and name_min >= 0):
        raise ValueError(f"wide_min and name_min must be zero or a positive number of ems, not {wide_min!r} and {name_min!r}")
    if not rows:
        raise ValueError("rows must hold at least one row")
    columns = list(rows[0])
    if not columns or any(list(row) != columns for row in rows):
        raise ValueError("every row must have the same columns, in the same order")
    head = "".join(_cell("th", name, role="columnheader", scope="col", inner=_header(name)) for name in columns)
    body = []
    for row in rows:
        first, *rest = columns
        last = max((i for i, name in enumerate(rest) if row[name]), default=-1)
        across = span and 0 <= last < len(rest) - 1  # one cell across the row's empty end
        cells = [_cell("th", row[first], role="rowheader", scope="row")]
        cells += [
            _cell("td", row[name], label=_label(name), classes=(_kind(row[name]) if name not in wide else "mm-wide",))
            for name in rest[: last if across else None]
        ]
        if across:
            cells.append(_cell("td", row[rest[last]], classes=("mm-wide",), colspan=len(rest) - last))
        body.append(f'<tr role="row">{"".join(cells)}</tr>')
    described = f' aria-describedby="mm-note-{key}"' if caption else ""
    named = f' aria-label="{html.escape(" ".join(label.split()))}"' if label.strip() else ""
    note = f'<p class="mm-table-note" id="mm-note-{key}">{html.escape(caption)}</p>' if caption else ""
    table = (
        f'<div class="mm-table-box"><table class="mm-table" role="table" data-table="{key}"{named}{described}>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">{"".join(body)}</tbody></table>{note}</div>'
    )
    least = (_LEAST.format(key=key, wide_min=float(wide_min)) if wide_min else "") + (_NAMES.format(key=key, name_min=float(name_min)) if name_min else "")
    return _STYLE.format(key=key, narrow=int(min_width) - 1, least=least) + table


class TableOptions(TypedDict, total=False):
    """:func:`table_html`'s keywords besides ``key`` (see its parameters)."""

    min_width: int
    wide: Collection[str]
    wide_min: float
    name_min: float
    caption: str
    label: str
    span: bool


def table_ui(rows: Sequence[Mapping[str, str]], *, key: str, **options: Unpack[TableOptions]) -> None:
    """Show :func:`table_html` (nothing for no rows)."""
    if rows:
        st.html(table_html(rows, key=key, **options))
