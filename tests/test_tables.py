"""ui.tables: one table as escaped HTML that reflows into cards, read back by tests/tables.py."""

from __future__ import annotations

import re

import pytest

from tests.tables import TableReader
from ui.tables import table_html

ROWS = [
    {"measure": "Brow height", "left": "24.1 mm", "right": "23.0 mm", "what it means": "Within the usual range."},
    {"measure": "Nose tip off the midline", "left": "", "right": "", "what it means": "<b>toward</b> the left & up"},
]


def _read(html: str) -> dict[str, list[dict[str, str]]]:
    reader = TableReader()
    reader.feed(html)
    reader.close()
    return reader.found


def test_the_rows_come_back_as_they_went_in_every_text_escaped() -> None:
    html = table_html(ROWS, key="measures", wide=("what it means",))
    assert _read(html) == {"measures": ROWS}
    assert "<b>toward</b>" not in html and "&lt;b&gt;toward&lt;/b&gt; the left &amp; up" in html


def test_the_first_column_heads_each_row_and_each_other_value_carries_its_column_s_name() -> None:
    html = table_html(ROWS, key="measures", wide=("what it means",))
    assert html.count('<th role="rowheader" scope="row">') == len(ROWS)
    assert '<td role="cell" class="mm-num" data-label="left:">24.1 mm</td>' in html
    assert '<td role="cell" class="mm-wide" data-label="what it means:">' in html
    assert 'data-label="beyond it?"' in table_html([{"measure": "a", "beyond it?": "no"}], key="q")  # a question keeps its mark


def test_a_caption_goes_under_the_table_as_its_description_escaped_and_none_when_empty() -> None:
    html = table_html(ROWS, key="visits", caption="yes when > 3 × ± <i>")
    assert '<table class="mm-table" role="table" data-table="visits" aria-describedby="mm-note-visits"><thead' in html
    assert '</table><p class="mm-table-note" id="mm-note-visits">yes when &gt; 3 × ± &lt;i&gt;</p></div>' in html
    assert _read(html) == {"visits": ROWS}  # the rows read back unchanged
    assert "mm-note" not in table_html(ROWS, key="visits").split("</style>")[1]


def test_below_its_width_the_table_turns_into_cards_that_leave_out_empty_values() -> None:
    html = table_html(ROWS, key="visits", min_width=560)
    query = re.search(r"@container \(max-width: (\d+)px\) \{(.*)\}\s*</style>", html, re.S)
    assert query is not None and query.group(1) == "559"
    cards = query.group(2)
    assert 'table.mm-table[data-table="visits"] thead { display: none; }' in cards
    assert 'table.mm-table[data-table="visits"] td:empty { display: none; }' in cards  # an offset has no left or right
    assert "content: attr(data-label)" in cards
    assert ".mm-table-box { container-type: inline-size; }" in html  # the table's own width decides, not the screen's


@pytest.mark.parametrize(
    ("rows", "key", "min_width", "match"),
    [
        (ROWS, "Measures", 600, "key"),
        (ROWS, "a b", 600, "key"),
        (ROWS, "ok", 0, "min_width"),
        ([], "ok", 600, "rows"),
        ([{"a": "1"}, {"b": "2"}], "ok", 600, "columns"),
    ],
)
def test_bad_arguments_are_refused(rows: list[dict[str, str]], key: str, min_width: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        table_html(rows, key=key, min_width=min_width)


def test_a_sentence_column_gets_its_least_width_in_the_table_and_none_on_a_card() -> None:
    # beside columns of numbers kept on one line, the Visits side column wrapped its sentence on five lines in 94 px
    html = table_html(ROWS, key="measures", wide=("what it means",), wide_min=10)
    style = html.split("</style>")[0]
    table_part, cards = style.split("@container")
    assert 'table.mm-table[data-table="measures"] td.mm-wide { min-width: 10em; }' in table_part
    assert "td.mm-wide { flex-basis: 100%; min-width: 0;" in cards  # a card's line is the card's width
    assert "td.mm-wide { min-width" not in table_html(ROWS, key="measures", wide=("what it means",)).split("@container")[0]  # none unless asked
    with pytest.raises(ValueError, match="wide_min"):
        table_html(ROWS, key="measures", wide_min=-1)


def test_numbers_stay_on_one_line_and_words_and_column_names_wrap_between_words() -> None:
    rows = [{"measure": "Jaw width", "change": "not measured", "3 × ±": "", "beyond 3 × ±?": "no verdict"}]
    html = table_html([*rows, {"measure": "Eye opening", "change": "-0.7 mm", "3 × ±": "3.9 mm", "beyond 3 × ±?": "no"}], key="visits")
    assert '<td role="cell" class="mm-word" data-label="change:">not measured</td>' in html  # wrapped, not widening its column
    assert '<td role="cell" class="mm-num" data-label="change:">-0.7 mm</td>' in html
    assert '<th role="columnheader" scope="col">beyond <span class="mm-keep">3 × ±?</span></th>' in html  # "beyond" above "3 × ±?"
    assert '<th role="columnheader" scope="col"><span class="mm-keep">3 × ±</span></th>' in html  # never "3 / × / ±"
    assert "thead th { font-weight: 600; overflow-wrap: normal; }" in html and "white-space: nowrap; }" not in html.split("mm-num")[0]
    assert _read(html)["visits"][0] == rows[0]  # the names and values read back unchanged


def test_a_cell_before_empty_ones_spans_them_when_asked_and_its_card_line_has_no_column_name() -> None:
    # Visits' reason a measure is not measured sat in the side column: "side: a head turn of one degree…" on a card
    rows = [
        {"measure": "Jaw width", "change": "not measured: a head turn", "±": "", "side": ""},
        {"measure": "Eye opening", "change": "-0.7 mm", "±": "", "side": "toward the left"},
    ]
    out = table_html(rows, key="visits", span=True)
    assert '<td role="cell" colspan="3" class="mm-wide">not measured: a head turn</td></tr>' in out  # no data-label
    assert '<td role="cell" class="mm-word" data-label="±:"></td>' in out  # a row with a cell after its empty one keeps it
    assert "colspan" not in table_html(rows, key="visits")  # only when asked
    assert _read(out)["visits"] == rows  # read back as the rows given


def test_a_lone_symbol_in_a_header_stays_with_its_word_and_names_keep_room() -> None:
    # "± uncertainty" put "±" alone on a line; at 1280 px the first page's measure names got 90 px, a word per line
    # ("Mouth- / corner / drop") beside a 308 px sentence column
    out = table_html([{"measure": "Mouth-corner drop", "± uncertainty": "0.4 mm", "side": "right corner lower"}], key="demo", name_min=8.5)
    assert '><span class="mm-keep">± uncertainty</span></th>' in out
    assert 'table.mm-table[data-table="demo"] tbody th { min-width: 8.5em; }' in out
    assert 'table.mm-table[data-table="demo"] td.mm-word { min-width: 5em; }' in out
    assert "tbody th { min-width" not in table_html([{"measure": "Brow", "side": "left"}], key="other")  # none unless asked (Visits fits 800 px)
    assert 'class="mm-word" data-label="side:">right corner lower</td>' in out
    assert "white-space: normal; min-width: 0; }" in out  # none on a phone's cards


def test_a_table_is_named_for_a_screen_reader_by_its_label_and_shows_no_second_heading() -> None:
    # announced as a bare "table": nothing said what it listed
    html = table_html(ROWS, key="measures", label="Measures, <most> noticeable first")
    table = html.split("</style>")[1]
    assert '<table class="mm-table" role="table" data-table="measures" aria-label="Measures, &lt;most&gt; noticeable first">' in table
    assert "noticeable first" not in table.split(">", 2)[2]  # in the attribute only: no visible duplicate of the heading
    assert "aria-label" not in table_html(ROWS, key="measures")  # none unless given
    assert "aria-label" not in table_html(ROWS, key="measures", label="  ")


def _table_script() -> None:
    from ui.tables import table_ui

    rows = [{"measure": "Eye opening", "left": "7.0 mm"}]
    table_ui(rows, key="demo", min_width=500, label="Eye measures", caption="A note.")
    table_ui([], key="none", label="Nothing")


def test_table_ui_passes_every_keyword_on_and_draws_nothing_for_no_rows() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_table_script).run()
    assert not at.exception
    (body,) = [h.proto.body for h in at.get("html")]
    assert body == table_html([{"measure": "Eye opening", "left": "7.0 mm"}], key="demo", min_width=500, label="Eye measures", caption="A note.")
    assert "@container (max-width: 499px)" in body and 'aria-label="Eye measures"' in body and "A note." in body


def test_the_first_pages_measures_table_is_named_as_its_heading_names_it() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()  # the built-in sample portrait
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    heading = "Measures, most noticeable first"
    assert heading in [h.value for h in at.header] and f'data-table="measures" aria-label="{heading}"' in html
