"""The Learn page (AppTest of ui/pages/learn.py) and its helpers: every card renders, search and filters narrow, deep links pre-filter."""

from __future__ import annotations

import io
import json
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import viz
from tests.conftest import REPO, RunFiles, opening_tab
from ui import learn_ui as lu
from ui.widgets import plain
from viz.asymmetry import REGION_OF
from viz.content import MUSCLE_IDS, Myth, load
from viz.content.citations import markers
from viz.learn_figures import curve_name
from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY, VERDICTS
from viz.vocabulary import REGION_IDS as REGIONS
from viz.vocabulary import REGIONS as VOCABULARY_REGIONS

PAGE = str(REPO / "ui" / "pages" / "learn.py")
LIBRARY = load()
MYTH_LABELS = {myth.id: f"“{plain(myth.myth)}”" for myth in LIBRARY.myths}
MUSCLE_LABELS = {muscle.id: f"{plain(muscle.name)} · {plain(muscle.latin)}" for muscle in LIBRARY.muscles.values()}


def _run(query_params: dict[str, str] | None = None, state: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in (query_params or {}).items():
        at.query_params[name] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _labels(at: AppTest) -> set[str]:
    return {expander.label for expander in at.expander}


def _myths(at: AppTest) -> set[str]:
    return {myth_id for myth_id, label in MYTH_LABELS.items() if label in _labels(at)}


def _muscles(at: AppTest) -> set[str]:
    return {muscle_id for muscle_id, label in MUSCLE_LABELS.items() if label in _labels(at)}


def _chart_names(at: AppTest, key_part: str, mode: str = "lines") -> list[str]:
    """Names of the traces drawn with ``mode`` in the one chart whose key contains ``key_part``."""
    charts = [chart for chart in at.get("plotly_chart") if key_part in chart.proto.id]
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    return [trace.get("name", "") for trace in spec["data"] if trace.get("mode") == mode]


@pytest.fixture(scope="module")
def full() -> AppTest:
    return _run()


def test_the_page_always_shows_the_safety_lines(full: AppTest) -> None:
    notice = " ".join(element.value for element in full.warning)  # the same notice, in the same style, as every other page
    assert "not medical advice" in notice.lower()
    assert "sudden new droop of the face is a medical emergency" in notice and "call emergency services" in notice
    assert "adults (18+) only" in notice  # the age notice, as on every other page


def test_every_myth_card_renders_with_its_verdict_fact_and_sources(full: AppTest) -> None:
    expanders = {expander.label: expander for expander in full.expander}
    assert _myths(full) == {myth.id for myth in LIBRARY.myths}
    for myth in LIBRARY.myths:
        card = expanders[MYTH_LABELS[myth.id]]
        text = " ".join(element.value for element in card.markdown)
        assert f"{VERDICTS[myth.verdict]}]" in text  # the verdict badge
        assert plain(LIBRARY.cited(myth, myth.fact)) in text and plain(LIBRARY.cited(myth, myth.explanation)) in text
        sources = " ".join(element.value for element in card.caption)
        assert all(plain(source.title)[:30] in sources for source in LIBRARY.sources_of(myth))


def test_every_muscle_card_renders_with_doses_cautions_sources_and_its_area(full: AppTest) -> None:
    expanders = {expander.label: expander for expander in full.expander}
    assert _muscles(full) == set(MUSCLE_IDS)
    for muscle in LIBRARY.muscles.values():
        card = expanders[MUSCLE_LABELS[muscle.id]]
        text = " ".join(element.value for element in card.markdown)
        for part in (muscle.what_it_does, muscle.asymmetry_it_drives, muscle.relaxing_changes, muscle.cannot_fix, *muscle.cautions):
            assert plain(LIBRARY.cited(muscle, part)) in text
        (doses,) = card.info
        assert "for information only" in doses.value and plain(LIBRARY.cited(muscle, muscle.reported_doses)) in doses.value
        assert doses.value.lower().count("your injector decides") == 1  # said once, at the end of the figures
        # its area: one picture, named for a screen reader
        (picture,) = [html.proto.body for html in card.get("html") if "<img " in html.proto.body]
        assert f'alt="A face with the approximate area of the {muscle.name.lower()} shaded' in picture
        captions = " ".join(element.value for element in card.caption)
        assert "the sample portrait" in captions and "**Sources**" in captions
        assert all(plain(source.title)[:30] in captions for source in LIBRARY.sources_of(muscle))


def test_the_timeline_chart_draws_the_default_muscles(full: AppTest) -> None:
    names = [name.replace("<br>", " ") for name in _chart_names(full, "learn_timeline_chart")]  # wrapped for a phone
    assert names == [curve_name(LIBRARY.muscles[muscle_id]) for muscle_id in lu.DEFAULT_TIMELINE]
    assert "measured (Klein et al. 2014)" in [name.replace("<br>", " ") for name in _chart_names(full, "learn_timeline_chart", mode="markers")]


def test_every_topic_section_and_timeline_fact_is_on_the_page(full: AppTest) -> None:
    headings = {element.value for element in full.header}
    assert {plain(topic.title) for topic in LIBRARY.topics.values()} <= headings
    text = " ".join(element.value for element in [*full.markdown, *full.error])
    checklist = LIBRARY.topics["consult_checklist"].cards
    assert all(
        plain(LIBRARY.cited(card, card.text, checklist if card in checklist else ())) in text for topic in LIBRARY.topics.values() for card in topic.cards
    )
    assert all(plain(LIBRARY.cited(fact, fact.text)) in text for fact in LIBRARY.timeline.facts)


def test_no_citation_marker_reaches_the_page_and_each_number_has_its_source(full: AppTest) -> None:
    every = [*full.markdown, *full.error, *full.info, *full.caption]
    text = " ".join(element.value for element in every)
    assert "[@" not in text and "\\[@" not in text
    cited = re.findall(r"\u00a0\\\[(\d+(?:,\u00a0\d+)*)\\\]", text)  # shown escaped, as written: \[2, 3\]; no-break spaces
    assert len(cited) > 100
    longest = max(len(LIBRARY.sources_of(card)) for card in LIBRARY.cards())
    assert all(1 <= int(n) <= longest for group in cited for n in group.split(",\u00a0"))
    # no number where a line may break: "[1," ended a phone's line and "2, 5]." began the next
    assert not re.search(r"\s\\\[\d", text.replace("\u00a0", "~")) and not re.search(r"\d, \d+\\\]", text)


def test_the_checklist_can_be_downloaded_as_markdown(full: AppTest) -> None:
    (button,) = [button for button in full.get("download_button") if button.proto.id.endswith(lu.DOWNLOAD)]
    assert "Download" in button.proto.label and button.proto.deferred_file_id  # made when clicked
    assert full.text_area(key=lu.NOTES) is not None


def _checklist_file(at: AppTest, key: str, type_then_click: str) -> str:
    """Type ``type_then_click`` in the notes box and click the download ``key`` at once, as a browser does: the file is
    asked for (Streamlit's deferred download, run in a thread of its own) while the click's rerun brings the text in."""
    (button,) = [button for button in at.get("download_button") if button.proto.id.endswith(key)]
    files = RunFiles.made[-1]
    made: list[str] = []
    asked = threading.Thread(target=lambda: made.append(files.execute_deferred(button.proto.deferred_file_id)))
    asked.start()  # before the rerun: the file waits for the click's text
    at.text_area(key=lu.NOTES).input(type_then_click)  # still "Press Ctrl+Enter to apply": not applied until the click
    button.click()
    at.run()
    asked.join(timeout=30)
    assert not at.exception and made, at.exception
    storage = files._storage
    assert isinstance(storage, MemoryMediaFileStorage)
    return bytes(storage.get_file(made[0].rsplit("/", 1)[-1]).content).decode("latin-1")


def test_a_note_typed_just_before_the_click_is_in_the_checklist_file(files: type[RunFiles], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lu, "CLICK_WAIT_S", 120.0)  # the file is made by the click's rerun, not by the wait running out
    at = _run(state={lu.NOTES: "First note"})
    markdown = _checklist_file(at, lu.DOWNLOAD, "Is my left brow droop from the muscle?")
    assert "## My own questions and notes" in markdown and "- Is my left brow droop from the muscle?" in markdown
    assert "First note" not in markdown  # the box as it read at the click, not as it was drawn
    again = _checklist_file(at, lu.DOWNLOAD, "A second edit")  # a second edit, clicked at once, is in its file too
    assert "- A second edit" in again and "left brow" not in again
    pdf = _checklist_file(at, lu.DOWNLOAD_PDF, "Ask about the frown lines")
    assert pdf.startswith("%PDF") and "My own questions" in _pdf_text(pdf.encode("latin-1"))
    assert "frown lines" in _pdf_text(pdf.encode("latin-1"))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_a_file_waits_for_its_clicks_text_and_without_a_click_takes_the_text_drawn() -> None:
    notes = lu.NotesAtClick()
    notes.drawn("as drawn")
    assert notes.at_click(timeout=0.01) == "as drawn" and not lu.NotesAtClick()
    got: list[str] = []
    waiting = threading.Thread(target=lambda: got.append(notes.at_click(timeout=10)))
    waiting.start()
    waiting.join(timeout=0.2)
    assert waiting.is_alive() and not got  # the file waits: its click's rerun has not brought the text yet
    notes.clicked("typed before the click")
    waiting.join(timeout=10)
    assert got == ["typed before the click"] and notes
    notes.clicked("the next click")  # one click, one file
    assert notes.at_click(timeout=0.01) == "the next click"


@pytest.mark.parametrize(("notes", "missing"), [("Ask about 中文 and my brow", "中 文"), ("Ωμέγα, Ünïcödé — ±2 mm", None)])
def test_notes_the_pdf_cannot_print_are_named_and_the_markdown_offered(notes: str, missing: str | None) -> None:
    at = _run(state={lu.NOTES: notes})
    said = [c.value for c in at.caption if "font has no letters" in c.value]
    if missing is None:
        assert not said
    else:
        assert said == [f"The PDF's font has no letters for {missing}: they print there as empty boxes. The Markdown download keeps them."]


def test_the_checklist_file_holds_every_question_the_notes_and_the_safety_lines() -> None:
    topic = LIBRARY.topics["consult_checklist"]
    text = lu.checklist_markdown(topic, LIBRARY, notes="Ask about my left brow\n\n  ")
    assert text.startswith(f"# {topic.title}")
    assert all(f"{number}. **{card.title}.**" in text for number, card in enumerate(topic.cards, start=1))
    assert "- Ask about my left brow" in text and "## Sources" in text
    assert all(line in text for line in (EDUCATIONAL, ADULTS_ONLY, EMERGENCY))
    assert "My own questions" not in lu.checklist_markdown(topic, LIBRARY)


#: What CommonMark reads as a block's start after a list item's indent (spec 0.31: headings, quotes, list items, rules and
#: setext underlines, fences, HTML blocks; a table's pipe for GitHub's Markdown).
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|[-*_=](?:\s*[-*_=]){1,}\s*$|`{3,}|~{3,}|<[a-zA-Z/!?]|\|)")


@pytest.mark.parametrize(
    "note", ["# Not a heading", "> not a quote", "- not a sub-item", "2. not a list", "3) nor this", "---", "```", "<b>x</b>", "| a | b |"]
)
def test_a_note_that_starts_like_markup_stays_text_in_the_markdown_file(note: str) -> None:
    topic = LIBRARY.topics["consult_checklist"]
    long_note = f"A long note {'that goes on and on ' * 8}# and ends"
    text = lu.checklist_markdown(topic, LIBRARY, notes=f"{note}\n{long_note}")
    own = text.split("## My own questions and notes\n\n")[1].split("\n\n## Sources")[0].splitlines()
    items = [line for line in own if line.startswith("- ")]
    later = [line for line in own if not line.startswith("- ")]
    assert len(items) == 2 and later and all(line.startswith("  ") and line[2] != " " for line in later)  # under its bullet
    assert not [line for line in own if _BLOCK_START.match(line[2:])]  # no heading, quote, list, rule, fence, HTML, table
    unescaped = [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line[2:]) for line in own]  # what a reader sees
    assert unescaped[0] == note and " ".join(unescaped[1:]) == long_note
    assert all(len(line) <= 80 for line in own)


def test_markup_inside_a_note_stays_text_in_the_markdown_file() -> None:
    # "<b>bold</b> *star* [x](http://e.com)" went out raw: a Markdown viewer showed bold, slanted text and a link
    note = r"<b>b</b> *s* [x](e.com) a_b `c` ![i](a.png) back\slash"  # on one line once escaped
    text = lu.checklist_markdown(LIBRARY.topics["consult_checklist"], LIBRARY, notes=note)
    (line,) = [line for line in text.splitlines() if line.startswith("- ")]
    assert not re.search(r"(?<!\\)[`*_\[\]<>]", line[2:].replace("\\\\", ""))  # every markup character escaped
    assert re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line[2:]) == note  # and read back as typed


def test_a_muscle_cards_time_course_line_says_when_it_is_judged_and_how_it_ends() -> None:
    jaw, forehead = (lu.time_course_line(LIBRARY.muscles[muscle]) for muscle in ("masseter", "frontalis"))
    # the jaw is judged at its 12-week peak, not at the two weeks Learn's timeline gives for most muscles: said, not left to clash
    assert "strongest about week 12 and judged then (later than the usual two weeks" in jaw and "judged at day 84" not in jaw
    assert "33% of the outline's full change by about day 14" in jaw and "part of the change remains at day 180" in jaw and "day 365" in jaw
    assert "judged at day 14" in forehead and "over by about day 120" in forehead and "outline" not in forehead


def test_the_checklists_citations_point_into_its_numbered_sources() -> None:
    topic = LIBRARY.topics["consult_checklist"]
    text = lu.checklist_markdown(topic, LIBRARY)
    order = LIBRARY.sources_of_all(topic.cards)
    listed = re.findall(r"^(\d+)\. (.+)$", text.split("## Sources")[1], re.MULTILINE)
    assert listed == [(str(number), source.citation()) for number, source in enumerate(order, start=1)]
    marked = [(card, found) for card in topic.cards for found in markers(card.text)]
    assert marked and "[@" not in text
    for card, found in marked:
        numbers = sorted({order.index(LIBRARY.sources[ident]) + 1 for ident in found})
        assert f"[{', '.join(map(str, numbers))}]" in lu.checklist_markdown(topic, LIBRARY).split(card.title)[1], card.id


@pytest.mark.parametrize(
    ("query", "myths", "muscles"),
    [
        ("Botox smile", {"botox_smile"}, {"zygomaticus_major"}),
        ("jaw slimming", {"face_shape_personality"}, {"masseter"}),
        ("droopy brow", {"lifts_weak_side", "sagging_skin"}, {"frontalis", "corrugator", "orbicularis_oculi"}),
    ],
)
def test_search_finds_the_cards_people_mean(query: str, myths: set[str], muscles: set[str]) -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception
    assert myths <= _myths(at) and muscles <= _muscles(at)
    assert len(_myths(at)) < len(LIBRARY.myths) and len(_muscles(at)) < len(MUSCLE_IDS)
    assert "paralysis" not in _myths(at) or query == "Botox smile"
    assert any("match" in element.value for element in at.info)
    assert at.tabs[0].label == f"Myth or fact ({len(_myths(at))})"


def test_a_search_names_the_tabs_that_hold_its_matches_in_good_grammar() -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value("pregnancy").run()
    assert not at.exception
    (notice,) = [element.value for element in at.info if "match" in element.value]
    counted = [tab.label for tab in at.tabs if tab.label.endswith(")") and not tab.label.endswith("(0)")]
    assert counted and all(label in notice for label in counted), (notice, counted)  # every tab with matches, by name
    # every card the search found, the consult checklist's question among them, counted on its tab as on the others
    total = len(LIBRARY.search("pregnancy"))
    assert total == sum(int(label.rsplit("(", 1)[1].rstrip(")")) for label in counted) and "Consult checklist (1)" in counted, (notice, counted)
    assert notice.startswith(f"{total} card matches:" if total == 1 else f"{total} cards match:"), notice


@pytest.mark.parametrize("query", ["a", "the my", " I ", "Botox", "how"])
def test_a_search_with_no_word_to_search_for_says_so_and_filters_nothing(query: str) -> None:
    # "a" was searched as nothing and matched every card: "82 cards match"
    at = _run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception
    assert any("has no word to search for" in element.value for element in at.caption)
    assert not [element.value for element in at.info if "match" in element.value]
    assert len(_myths(at)) == len(LIBRARY.myths) and at.tabs[0].label == "Myth or fact"


def _topic_cards(at: AppTest) -> set[str]:
    """The topic cards on the page (the consult checklist's, one list always shown whole, left out)."""
    text = {element.value.split(".** ")[0] for element in [*at.markdown, *at.error] if element.value.startswith("**")}
    return {card.id for topic in LIBRARY.topics.values() if topic.id != "consult_checklist" for card in topic.cards if f"**{plain(card.title)}" in text}


@pytest.mark.parametrize("brand", ["Letybo", "Dysport"])
def test_a_brand_name_is_searched_and_finds_the_brand_cards(brand: str) -> None:
    # "Letybo" said it had no word to search for, as if it were "Botox", though two cards name it
    at = _run()
    at.text_input(key=lu.QUERY).set_value(brand).run()
    assert not at.exception
    assert not [element.value for element in at.caption if "has no word to search for" in element.value]
    assert "brands_units" in _topic_cards(at) and not _myths(at) and not _muscles(at)
    assert ("letybo_botulax" in _topic_cards(at)) is (brand == "Letybo")
    (notice,) = [element.value for element in at.info if "match" in element.value]
    assert not notice.startswith(lu.CLOSEST)


def test_a_word_is_not_searched_as_one_with_another_first_letter() -> None:
    # "gummy smile" said: Searched “gummy” as “dummy”
    at = _run()
    at.text_input(key=lu.QUERY).set_value("gummy smile").run()
    assert not at.exception
    assert not [element.value for element in at.caption if element.value.startswith("Searched")]
    assert any(element.value.startswith(lu.CLOSEST) for element in at.info)  # no card on gummy smiles: the smile cards
    assert "botox_smile" in _myths(at) and "zygomaticus_major" in _muscles(at)


def test_eyebrow_finds_the_brow_cards_on_the_page() -> None:
    # "why is one eyebrow higher" showed unrelated closest cards, the mirror myth first
    at = _run()
    at.text_input(key=lu.QUERY).set_value("why is one eyebrow higher").run()
    assert not at.exception
    assert not any(element.value.startswith(lu.CLOSEST) for element in at.info)
    assert "frontalis" in _muscles(at) and "mirror_shows_others" not in _myths(at)


def test_a_question_about_how_long_finds_the_card_and_the_timeline_fact_it_asks_about() -> None:
    # "jaw slimming how long" found only two unrelated myths, not the jaw muscle nor the Timeline's jaw-slimming fact
    at = _run()
    at.text_input(key=lu.QUERY).set_value("jaw slimming how long").run()
    assert not at.exception
    assert _muscles(at) == {"masseter"} and "Timeline (1)" in [tab.label for tab in at.tabs]


def test_lip_flip_shows_the_lip_cards_not_the_mirror_myth() -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value("lip flip").run()
    assert not at.exception
    assert any(element.value.startswith(lu.CLOSEST) for element in at.info)
    assert "mirror_shows_others" not in _myths(at) and "mentalis" in _muscles(at)


@pytest.mark.parametrize("query", ["can I fly after botox", "sauna after botox"])
def test_a_question_no_card_answers_says_nothing_matches_and_shows_no_card(query: str) -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception
    # said of the question, with where to take it: "these filters" and "clear the filters" read oddly of a question
    (said,) = [element.value for element in at.warning if "Nothing matches" in element.value]
    assert f"“{query}”" in said and "Consult checklist" in said and "filters" not in said
    assert not _myths(at) and not _muscles(at) and not _topic_cards(at)


def test_a_search_with_no_match_sends_the_person_to_a_checklist_tab_whose_label_fits_its_questions() -> None:
    # "xylophone" sent the person to "the Consult checklist tab", labelled "Consult checklist (0)" over all 16 questions
    at = _run()
    at.text_input(key=lu.QUERY).set_value("xylophone").run()
    assert not at.exception
    (said,) = [element.value for element in at.warning if "Nothing matches" in element.value]
    (label,) = [tab.label for tab in at.tabs if tab.label.startswith("Consult checklist")]
    assert "Consult checklist tab" in said and label == "Consult checklist", label  # no "(0)" on a tab of every question
    questions = [element.value for element in at.markdown if element.value.startswith("1. **")]
    assert len(questions) == 1 and questions[0].count("\n") + 1 == len(LIBRARY.topics["consult_checklist"].cards)  # all listed
    counted = [tab.label for tab in at.tabs if tab.label.endswith(")")]
    assert counted and all(re.search(r"\(0\)$", tab) for tab in counted)  # the filtering tabs still say they hold none


def test_a_search_that_matches_nothing_with_a_region_or_muscle_says_which_to_clear() -> None:
    assert "clear the region or muscle" in lu.nothing_matches(lu.LearnFilter(q="sauna", region="nose", muscle="nasalis"), LIBRARY)
    assert "clear the region," in lu.nothing_matches(lu.LearnFilter(q="sauna", region="nose"), LIBRARY)
    assert "clear the muscle," in lu.nothing_matches(lu.LearnFilter(q="sauna", muscle="nasalis"), LIBRARY)


@pytest.mark.parametrize(("muscle", "region"), [("frontalis", "neck"), ("masseter", "eyes")])
def test_a_muscle_and_a_region_with_no_card_in_common_are_named_and_no_words_are_spoken_of(muscle: str, region: str) -> None:
    # "?muscle=frontalis&region=neck" said "Try fewer or other words, or clear the filters": nobody had typed a word
    assert not LIBRARY.search("", region=region, muscle=muscle)  # the two have no card in common
    at = _run({lu.PARAM_MUSCLE: muscle, lu.PARAM_REGION: region})
    (said,) = [element.value for element in at.warning if "No card" in element.value or "Nothing matches" in element.value]
    assert LIBRARY.muscles[muscle].name.lower() in said and VOCABULARY_REGIONS[region].lower() in said, said
    assert "word" not in said and "“All muscles”" in said and "“All regions”" in said, said
    for alone in (lu.LearnFilter(muscle=muscle), lu.LearnFilter(region=region)):  # one of them alone: that one, and how to clear it
        alone_said = lu.nothing_matches(alone, LIBRARY)
        assert "word" not in alone_said and ("“All muscles”" in alone_said) == bool(alone.muscle), alone_said


def test_a_question_about_cost_does_not_fill_the_page_with_unrelated_cards() -> None:
    # "how much does botox cost" showed ten cards that say "much"
    at = _run()
    at.text_input(key=lu.QUERY).set_value("how much does botox cost").run()
    assert not at.exception
    (notice,) = [element.value for element in at.info if "match" in element.value]
    assert not notice.startswith(lu.CLOSEST) and notice.startswith("3 cards match"), notice
    assert _myths(at) | _topic_cards(at) == {"all_asymmetry_needs_treatment", "marketing_numbers"} and not _muscles(at)  # and the checklist's cost question


def test_pregnant_and_pregnancy_find_the_same_cards() -> None:
    assert LIBRARY.search("pregnant") == LIBRARY.search("pregnancy") != []
    assert LIBRARY.search("emergency") == LIBRARY.search("emergent") != []


def test_a_source_linked_to_a_search_says_so_and_every_other_link_names_its_site() -> None:
    # a PubMed title search was labelled "pubmed.ncbi.nlm.nih.gov", which reads as the paper's own page
    searches = 0
    for source in LIBRARY.sources.values():
        line = lu.citation_markdown(source)
        if source.url and "?term=" in source.url and not (source.doi or source.pmid):
            assert "[PubMed search for the title of " in line, line
            searches += 1
        else:
            assert "PubMed search" not in line, line
    assert searches >= 1


#: A Markdown link's words (an escaped "\[" or "\]" of a citation is text, not a link's bracket).
_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(https://")


def test_every_source_link_says_which_source_it_opens_in_its_visible_words() -> None:
    # the links were named by their site alone: "doi.org" three times under one card, nothing saying which paper
    linked = 0
    for source in LIBRARY.sources.values():
        words = _LINK.findall(lu.citation_markdown(source))
        if not (source.doi or (source.pmid and source.pmid.isdigit()) or (source.url and source.url.startswith("https://"))):
            assert words == []
            continue
        (text,) = words
        assert lu.plain(source.short()) in text, text
        linked += 1
    assert linked >= 20
    for card in [*LIBRARY.myths, *LIBRARY.muscles.values()]:  # in a card's list of sources, no two links alike
        names = _LINK.findall(lu.sources_markdown(LIBRARY.sources_of(card)))
        assert len(names) == len(set(names)), names


def test_a_search_with_no_match_says_so() -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value("xylophone quantum").run()
    assert not _myths(at) and not _muscles(at)
    assert any("Nothing matches" in element.value for element in at.warning)


def test_a_search_no_card_matches_in_full_shows_the_closest_cards_and_says_so() -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value("100 units").run()  # no card has both words
    assert not at.exception and LIBRARY.search("100 units") == []
    (notice,) = [element.value for element in at.info if element.value.startswith(lu.CLOSEST)]
    assert "more_units_better" in _myths(at) and not any("Nothing matches" in element.value for element in at.warning)
    assert f"{len(LIBRARY.search('100 units', most_words=True))} cards match" in notice, notice


def test_the_region_filter_keeps_only_cards_of_that_region() -> None:
    at = _run()
    at.selectbox(key=lu.REGION).set_value("jaw").run()
    shown = _myths(at)
    assert shown and len(shown) < len(LIBRARY.myths)
    assert all("jaw" in myth.regions for myth in LIBRARY.myths if myth.id in shown)
    assert _muscles(at) == {muscle.id for muscle in LIBRARY.muscles.values() if "jaw" in muscle.regions}


def test_the_muscle_filter_keeps_that_muscle_opens_its_card_and_charts_it() -> None:
    at = _run()
    at.selectbox(key=lu.MUSCLE).set_value("masseter").run()
    assert _muscles(at) == {"masseter"}
    assert all("masseter" in myth.muscles for myth in LIBRARY.myths if myth.id in _myths(at))
    card = next(expander for expander in at.expander if expander.label == MUSCLE_LABELS["masseter"])
    assert card.proto.expanded
    assert at.multiselect(key=lu.TIMELINE).value == ["masseter"]
    assert _chart_names(at, "learn_timeline_chart") == ["Jaw muscle"]


def test_clear_resets_every_filter() -> None:
    at = _run({"region": "brows", "q": "frown"})
    assert len(_myths(at)) < len(LIBRARY.myths)
    at.button(key=lu.CLEAR).click().run()
    assert at.text_input(key=lu.QUERY).value == "" and at.selectbox(key=lu.REGION).value == ""
    assert _myths(at) == set(MYTH_LABELS)


def test_query_parameters_pre_filter_the_page() -> None:
    at = _run({"region": "brows", "muscle": "frontalis"})
    assert at.selectbox(key=lu.REGION).value == "brows" and at.selectbox(key=lu.MUSCLE).value == "frontalis"
    assert _muscles(at) == {"frontalis"}
    assert _myths(at) == {card.id for card in LIBRARY.search("", region="brows", muscle="frontalis") if card.id in MYTH_LABELS}


def test_a_search_link_pre_fills_the_search_box() -> None:
    at = _run({"q": "jaw slimming"})
    assert at.text_input(key=lu.QUERY).value == "jaw slimming"
    assert "masseter" in _muscles(at) and "paralysis" not in _myths(at)


def test_unknown_link_values_are_left_out_with_a_note() -> None:
    at = _run({"region": "elbow", "muscle": "Orbicularis oculi"})
    assert at.selectbox(key=lu.REGION).value == ""
    assert at.selectbox(key=lu.MUSCLE).value == "orbicularis_oculi"
    assert any("region 'elbow'" in element.value for element in at.caption)


def test_a_filter_left_in_session_state_is_applied_once_and_wins() -> None:
    at = _run({"region": "brows"}, {lu.PENDING_FILTER: {"region": "mouth", "muscle": "depressor_anguli_oris"}})
    assert at.selectbox(key=lu.REGION).value == "mouth" and _muscles(at) == {"depressor_anguli_oris"}
    assert lu.PENDING_FILTER not in at.session_state
    at.selectbox(key=lu.MUSCLE).set_value("").run()  # the person's own change is kept on the next run
    assert at.selectbox(key=lu.MUSCLE).value == "" and at.selectbox(key=lu.REGION).value == "mouth"


@pytest.mark.parametrize("searches", [("jaw", "  ", "jaw"), (" ", "brow"), ("jaw ", "brow")])
def test_a_search_after_a_blank_or_padded_one_is_applied(searches: tuple[str, ...]) -> None:
    # the address holds the search stripped: compared with the search as typed, it looked like a new link and the
    # next search was replaced by the address's (empty after a blank search)
    at = _run()
    for query in searches:
        at.text_input(key=lu.QUERY).set_value(query).run()
        assert not at.exception
        assert at.text_input(key=lu.QUERY).value == query
    assert lu.PARAM_QUERY not in at.query_params  # never written to the address (the browser's history is on disk)
    assert _myths(at) == {card.id for card in LIBRARY.search(searches[-1]) if card.id in MYTH_LABELS}


def _learn_with_a_filter_then_another_page() -> AppTest:
    """The app on Learn with a search and a region chosen, then on Preview (whose address holds no Learn filter)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("ui/pages/learn.py").run()
    at.text_input(key=lu.QUERY).input("pregnant").run()
    at.selectbox(key=lu.REGION).select("mouth").run()
    assert at.query_params == {lu.PARAM_REGION: ["mouth"]}  # the search is not written to the address
    at.query_params.clear()  # the sidebar's links open a page with an empty address (AppTest would keep it)
    at.switch_page("ui/pages/preview.py").run()
    assert not at.exception
    return at


def test_the_filter_is_kept_when_the_person_comes_back_from_another_page() -> None:
    at = _learn_with_a_filter_then_another_page()
    at.switch_page("ui/pages/learn.py").run()  # back through the sidebar: the address is empty again
    assert not at.exception
    assert at.text_input(key=lu.QUERY).value == "pregnant" and at.selectbox(key=lu.REGION).value == "mouth"
    assert at.query_params == {lu.PARAM_REGION: ["mouth"]}  # and the address follows again (without the search)


def test_a_link_with_parameters_wins_over_the_kept_filter() -> None:
    at = _learn_with_a_filter_then_another_page()
    at.query_params[lu.PARAM_REGION] = "brows"  # a link such as the first page's "what can relax it" to Learn
    at.switch_page("ui/pages/learn.py").run()
    assert not at.exception
    assert at.text_input(key=lu.QUERY).value == "" and at.selectbox(key=lu.REGION).value == "brows"
    assert at.query_params == {lu.PARAM_REGION: ["brows"]}


@dataclass(frozen=True)
class _Photo:
    data: bytes
    digest: str = "test"


def _png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_person_s_photo_is_used_for_the_muscle_areas() -> None:
    photo = (REPO / "tests" / "data" / "frl_london_025_03.jpg").read_bytes()  # a person's photo, not the sample
    at = _run(state={"photo": _Photo(photo), lu.MUSCLE: "masseter"})
    captions = " ".join(element.value for element in at.caption)
    assert "on your photo" in captions and "the sample portrait" not in captions


def test_a_photo_without_a_face_falls_back_to_the_sample_with_a_note() -> None:
    at = _run(state={"photo_bytes": _png(np.full((200, 200, 3), 120, np.uint8))})
    captions = " ".join(element.value for element in at.caption)
    assert "No face was found in your photo" in captions and "the sample portrait" in captions


def test_the_page_never_passes_html_through() -> None:
    source = Path(PAGE).read_text(encoding="utf-8") + (REPO / "ui" / "learn_ui.py").read_text(encoding="utf-8")
    assert "unsafe_allow_html" not in source
    # the HTML elements: the filter row's static style and the link's scroll to the cards, made at import from constants,
    # and the address guard, which holds only a region and a muscle id of the widgets' fixed options (no user's words)
    assert re.findall(r"st\.html\((.*)\)", source) == [
        'a11y.hides_itself("learn-to-cards", _TO_CARDS, value=f"n{landings}"), unsafe_allow_javascript=True',
        'a11y.hides_itself("learn-filter-row", _FILTER_ROW_CSS)',
        "address_guard(active), unsafe_allow_javascript=True",
    ]
    css = lu._FILTER_ROW_CSS
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<") == 2 and "script" not in css
    assert lu._TO_CARDS.startswith("<script>") and lu._TO_CARDS.endswith("</script>") and lu._TO_CARDS.count("<script") == 1
    guard = lu.address_guard(lu.LearnFilter(q="<b>my palsy</b>", region="jaw", muscle="masseter"))
    assert "palsy" not in guard and '{"region": "jaw", "muscle": "masseter"}' in guard


def test_content_text_is_shown_as_written() -> None:
    assert plain("a *b* _c_ [d](e) $f$ :red[g] <h> ![i](j)") == r"a \*b\* \_c\_ \[d\]\(e\) \$f\$ \:red\[g\] \<h\> \!\[i\]\(j\)"
    assert plain("two\n  lines") == "two lines"


def test_every_measure_links_to_a_region_with_cards() -> None:
    # the analysis page links each measure's region (viz.asymmetry.REGION_OF) to Learn
    for measure_id in viz.MEASURE_IDS:
        link = lu.link_for_measure(measure_id)
        if measure_id in REGION_OF:
            assert link == {"region": REGION_OF[measure_id]}
            parsed, notes = lu.parse_filter(link)
            assert not notes and len(LIBRARY.search("", region=parsed.region)) >= 2  # the nose has only its two muscle cards
    assert lu.link_for_measure("not_a_measure") == {}


def test_parse_filter_matches_ids_loosely_and_refuses_unknown_ones() -> None:
    link, notes = lu.parse_filter({"region": ["Whole face"], "muscle": "depressor-anguli-oris", "q": "  smile  "})
    assert link == lu.LearnFilter(q="smile", region="whole_face", muscle="depressor_anguli_oris") and not notes
    link, notes = lu.parse_filter({"region": "knee", "muscle": 7})
    assert link == lu.LearnFilter() and len(notes) == 1 and not link.active
    assert set(REGIONS) == set(VOCABULARY_REGIONS)


def test_cards_keep_the_search_order_only_while_a_filter_is_active() -> None:
    myths = list(LIBRARY.myths)
    matches = LIBRARY.search("droopy brow")
    kept = lu.keep_matching(myths, matches, lu.LearnFilter(q="droopy brow"))
    assert [card.id for card in kept] == [card.id for card in matches if card in myths]
    assert lu.keep_matching(myths, matches, lu.LearnFilter()) == myths


@pytest.mark.parametrize("link", [{"region": region} for region in sorted(REGIONS)] + [{"q": "botax"}, {"muscle": "masseter"}])
def test_a_deep_link_opens_on_the_first_tab_with_matches(link: dict[str, str]) -> None:
    at = _run(query_params=link)
    labels = [tab.label for tab in at.tabs]
    opened = opening_tab(at)
    counts = [int(label.rsplit("(", 1)[1].rstrip(")")) if label.endswith(")") else None for label in labels]
    with_matches = [i for i, n in enumerate(counts) if n]
    if "muscle" in link:  # a muscle named without words opens its card's tab (tests/test_walk_x.py)
        with_matches = [i for i in with_matches if labels[i].startswith("Muscles")]
    assert opened == (with_matches[0] if with_matches else 0), (labels, opened)


def test_without_a_filter_the_page_opens_on_its_first_tab(full: AppTest) -> None:
    assert opening_tab(full) == 0


def test_a_typo_is_searched_as_the_word_meant_and_the_page_says_so() -> None:
    at = _run(query_params={"q": "massetr"})
    assert "“massetr” as “masseter”" in " ".join(caption.value for caption in at.caption)
    assert "masseter" in _muscles(at) and len(_muscles(at)) < len(LIBRARY.muscles)


@pytest.mark.parametrize(("typed", "meant"), [("botax", "botox"), ("botx", "botox"), ("toxn", "toxin"), ("neuromodulater", "neuromodulator")])
def test_a_misspelt_generic_name_has_no_word_to_search_for_like_the_word_meant(typed: str, meant: str) -> None:
    # "botax" was read as "botox" and then searched: "84 cards match" and a count on every tab, where "botox" itself
    # says it has no word to search for
    at = _search(typed)
    (said,) = [caption.value for caption in at.caption if "has no word to search for" in caption.value]
    assert f"“{typed}” as “{meant}”" in said
    assert not [element.value for element in at.info if "match" in element.value]
    assert not [tab.label for tab in at.tabs if tab.label.endswith(")")]
    assert not at.main.error or len(at.main.error) == sum(len(tab.error) for tab in at.tabs)  # no emergency box above the tabs


@pytest.mark.parametrize(("query", "cards"), [("how long does it last", True), ("onset", False)])
def test_a_search_counts_the_timeline_facts_that_answer_it(query: str, cards: bool) -> None:
    # "how long does it last" named three cards and never the Timeline's "How long it lasts"; "onset", only a timeline
    # fact's word, said "Nothing matches"
    facts = LIBRARY.search_facts(query)
    assert facts and (bool(LIBRARY.search(query)) is cards)
    at = _run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception
    (notice,) = [i.value for i in at.info if "match" in i.value]
    assert f"Timeline ({len(facts)})" in notice and not [w for w in at.warning if "Nothing matches" in w.value]
    assert f"Timeline ({len(facts)})" in [t.label for t in at.tabs]


def _search(query: str) -> AppTest:
    at = _run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception, at.exception
    return at


def _in_order(node: object) -> list[str]:
    """The text of every element under ``node``, in the order the page shows them."""
    children = getattr(node, "children", None)
    if not children:
        value = getattr(node, "value", None)
        return [value] if isinstance(value, str) else []
    return [text for _, child in sorted(children.items()) for text in _in_order(child)]


def _doctor_cards(at: AppTest) -> list[str]:
    """The see-a-doctor tab's cards in the order it shows them (by their titles, in bold at the start)."""
    titles = {f"**{plain(card.title)}.**": card.id for card in LIBRARY.topics["see_a_doctor"].cards}
    tab = next(tab for tab in at.tabs if tab.label.startswith("See a doctor"))
    return [titles[head] for text in _in_order(tab) for head in titles if text.startswith(head)]


@pytest.mark.parametrize(("query", "tab"), [("face suddenly drooping", "See a doctor"), ("bells palsy", "See a doctor"), ("bells palsey", "See a doctor")])
def test_a_search_opens_the_tab_of_its_best_match(query: str, tab: str) -> None:
    # the page opened the first tab with any match, the myth "Botox will lift the weak or droopy side of my face",
    # while the search ranked the doctor's card first
    at = _search(query)
    first = LIBRARY.search(query)[0]
    assert first.id in {"sudden_droop", "bells_palsy"}
    assert at.tabs[opening_tab(at)].label.startswith(tab), [t.label for t in at.tabs]
    assert _doctor_cards(at)[0] == first.id  # and in that tab it comes first


def test_a_question_about_dose_opens_on_the_card_that_gives_none() -> None:
    at = _search("how many units should i get")
    assert at.tabs[opening_tab(at)].label.startswith("Can and can't")
    card = next(c for c in LIBRARY.topics["dynamic_vs_static"].cards if c.id == "your_dose")
    tab = next(tab for tab in at.tabs if tab.label.startswith("Can and can't"))
    shown = [text for text in _in_order(tab) if text.startswith("**")]
    assert shown and shown[0].startswith(f"**{plain(card.title)}.**"), shown[:2]


@pytest.mark.parametrize("query", ["face suddenly drooping", "half my face dropped", "my face is drooping on one side", "one side of my face went numb"])
def test_a_face_that_droops_shows_the_emergency_message_above_the_results(query: str) -> None:
    at = _search(query)
    card = next(c for c in LIBRARY.topics["see_a_doctor"].cards if c.id == "sudden_droop")
    said = [element.value for element in at.main.error if plain(card.text) in element.value]
    in_tabs = [element.value for tab in at.tabs for element in tab.error if plain(card.text) in element.value]
    # above the results, outside every tab (the fifth tab is off screen on a phone's tab strip), and said first
    assert len(said) == len(in_tabs) + 1, (said, in_tabs)
    assert at.main.error[0].value == said[0]


def _emergency_above_the_tabs(at: AppTest) -> list[str]:
    """The emergency card's message said outside every tab (the see-a-doctor tab shows the card itself, in red)."""
    card = next(c for c in LIBRARY.topics["see_a_doctor"].cards if c.id == "sudden_droop")
    said = [element.value for element in at.main.error if plain(card.text) in element.value]
    in_tabs = [element.value for tab in at.tabs for element in tab.error if plain(card.text) in element.value]
    return said[: len(said) - len(in_tabs)]


@pytest.mark.parametrize("query", ["", "a", "Botox", "botax"])
def test_without_a_search_word_there_is_no_emergency_box_above_the_tabs(query: str) -> None:
    # every card matched, the emergency card among them, so the red box showed on every visit; the notice at the top
    # already says the emergency sentence
    at = _search(query)
    assert not _emergency_above_the_tabs(at)
    assert any("sudden new droop of the face is a medical emergency" in element.value for element in at.warning)


def test_a_region_alone_shows_no_emergency_box_above_the_tabs() -> None:
    at = _run(query_params={"region": "whole_face"})
    assert "sudden_droop" in {card.id for card in LIBRARY.search("", region="whole_face")}  # the card is among the matches
    assert not _emergency_above_the_tabs(at)
    assert _emergency_above_the_tabs(_search("sudden droop"))  # a search that finds it still shows it


def test_a_cosmetic_search_shows_no_emergency_message() -> None:
    at = _search("jaw slimming")
    assert not [element for element in at.main.error if "Call emergency services at once" in element.value]


def test_a_letter_typed_three_times_is_searched_as_meant_and_the_page_says_so() -> None:
    at = _search("jaw slimmming")
    assert "“slimmming” as “slimming”" in " ".join(caption.value for caption in at.caption)
    assert "masseter" in _muscles(at)


def test_the_opening_tab_follows_the_best_match_and_falls_back_to_the_first_with_matches() -> None:
    matches = LIBRARY.search("crooked smile")
    shown = lu.Shown(
        active=lu.LearnFilter(q="crooked smile"),
        myths=[],
        muscles=[card for card in matches if card.id == "depressor_anguli_oris"],  # type: ignore[misc]
        can_cannot=[],
        doctor=[],
        aftercare=[],
        measuring=[],
        first=matches[2],
    )
    assert matches[2].id == "depressor_anguli_oris" and shown.opening() == "Muscles (1)"
    assert replace(shown, first=None).opening() == "Muscles (1)"
    question = next(c for c in LIBRARY.topics["consult_checklist"].cards if c.id == "q_product")
    assert replace(shown, first=question, checklist=[question]).opening() == "Consult checklist (1)"
    # a question the filters left out: still its tab, which lists every question, so it says no count
    assert replace(shown, first=question).opening() == "Consult checklist"


def _learn_sections() -> None:
    """The filters, the Timeline tab and the consult checklist, given what the filters show (AppTest.from_function)."""
    from ui import learn_ui as lu
    from viz.content import load

    library = load()
    shown = lu.filters_ui(library)
    lu.timeline_ui(library, shown)
    lu.checklist_ui(library, shown)


def _sections(query: str, region: str = "") -> AppTest:
    at = AppTest.from_function(_learn_sections, default_timeout=60)
    if region:
        at.query_params[lu.PARAM_REGION] = region
    at.run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception, at.exception
    return at


def _fact_titles(at: AppTest) -> set[str]:
    return {fact.id for fact in LIBRARY.timeline.facts for element in at.markdown if element.value.startswith(f"**{plain(fact.title)}.**")}


@pytest.mark.parametrize("query", ["how much does it cost", "price of botox"])
def test_a_price_question_counts_and_leads_with_the_checklists_cost_question(query: str) -> None:
    # it opened the checklist on fourteen questions, none marked, and the tab's label had no count
    at = _search(query)
    assert "Consult checklist (1)" in [tab.label for tab in at.tabs]
    assert at.tabs[opening_tab(at)].label == "Consult checklist (1)"
    cost = next(card for card in LIBRARY.topics["consult_checklist"].cards if card.id == "q_cost")
    number = [card.id for card in LIBRARY.topics["consult_checklist"].cards].index("q_cost") + 1
    lead = [element.value for element in _sections(query).info if "your search" in element.value]
    assert len(lead) == 1 and f"{number}. **{plain(cost.title)}.**" in lead[0], lead
    (listed,) = [element.value for element in _sections(query).markdown if element.value.startswith("1. **")]
    marked = [line for line in listed.splitlines() if line.endswith("*(matches your search)*")]
    assert marked == [line for line in listed.splitlines() if line.startswith(f"{number}. ")], marked


def test_a_search_the_checklist_does_not_answer_marks_no_question() -> None:
    at = _sections("jaw slimming")
    assert not [element.value for element in at.info if "your search" in element.value]
    (listed,) = [element.value for element in at.markdown if element.value.startswith("1. **")]
    assert "matches your search" not in listed


def test_the_region_filter_applies_to_the_timeline_facts() -> None:
    # "jaw slimming" with the region Eyes said "Timeline (1)", and the tab listed every fact
    assert [fact.id for fact in LIBRARY.search_facts("jaw slimming")] == ["masseter_course"]
    assert LIBRARY.search_facts("jaw slimming", region="eyes") == []
    at = _run(query_params={"region": "eyes"})
    at.text_input(key=lu.QUERY).set_value("jaw slimming").run()
    assert "Timeline (0)" in [tab.label for tab in at.tabs]
    eyes = _sections("jaw slimming", region="eyes")
    assert _fact_titles(eyes) == set() and any("No fact here matches" in element.value for element in eyes.caption)
    jaw = _sections("jaw slimming", region="jaw")
    assert _fact_titles(jaw) == {"masseter_course"}
    assert _fact_titles(_sections("")) == {fact.id for fact in LIBRARY.timeline.facts}  # without a search, every fact


def _opened(at: AppTest) -> str:
    return [tab.label for tab in at.tabs][opening_tab(at)]


@pytest.mark.parametrize("region", ["eyes", "jaw", "brows"])
def test_changing_only_a_filter_keeps_the_tab_the_person_chose(region: str) -> None:
    # Timeline, then Face region "Eyes": the tabs got a new key and opened on "Myth or fact (1)" every time
    at = _run()
    at.session_state[lu._TAB_OPEN] = ("", "Timeline")  # what the tabs' on_change keeps when the person opens Timeline
    at.selectbox(key=lu.REGION).set_value(region).run()
    assert not at.exception, at.exception
    assert _opened(at) == "Timeline"


def test_a_kept_tab_follows_its_count_and_gives_way_when_the_filter_empties_it() -> None:
    at = _search("smile")
    at.session_state[lu._TAB_OPEN] = ("smile", "Muscles")  # "Muscles (5)"
    at.selectbox(key=lu.REGION).set_value("mouth").run()
    assert _opened(at) == "Muscles (2)"  # the same tab, its new count
    at = _search("frown lines")
    at.session_state[lu._TAB_OPEN] = ("frown lines", "Muscles")
    at.selectbox(key=lu.REGION).set_value("eyes").run()
    assert _opened(at) == "Can and can't (1)"  # "Muscles (0)" would show nothing: the best match's tab instead


def test_a_new_search_or_a_link_opens_its_best_match_not_the_tab_last_read() -> None:
    at = _search("sagging face")
    at.session_state[lu._TAB_OPEN] = ("sagging face", "Timeline")
    at.text_input(key=lu.QUERY).set_value("bells palsy").run()
    assert _opened(at).startswith("See a doctor")
    at = _run(query_params={"region": "nose"}, state={lu._TAB_OPEN: ("", "Timeline")})
    labels = [tab.label for tab in at.tabs]
    assert _opened(at) == next(label for label in labels if label.endswith(")") and not label.endswith("(0)"))


def test_the_tabs_report_the_tab_opened_by_name() -> None:
    at = _search("smile")
    (key,) = [key for key in at.session_state.filtered_state if str(key).startswith("learn-tabs-")]  # tabs with state
    assert at.session_state[key] == "Myth or fact (3)"  # the server knows the tab open
    assert at.session_state[lu._TAB_OPEN] == ("smile", "Myth or fact")


@pytest.mark.parametrize("query", ["how long does it last", "How long does Botox last?"])
def test_a_search_whose_answer_is_a_timeline_fact_opens_the_timeline(query: str) -> None:
    # "how long does it last" opened "Myth or fact (9)" on "One session will fix my asymmetry for good.", the Timeline's
    # "How long it lasts" a tab away
    at = _search(query)
    assert _opened(at).startswith("Timeline ("), [tab.label for tab in at.tabs]


def test_a_fact_that_says_more_than_the_search_does_not_take_the_tab() -> None:
    at = _search("jaw")  # "How much the jaw muscle thins" holds "jaw" and more: the best card keeps the tab
    assert isinstance(LIBRARY.search("jaw")[0], Myth) and _opened(at).startswith("Myth or fact (")


def test_a_card_title_that_asks_a_question_gets_no_full_stop_after_it() -> None:
    at = _run()
    at.text_input(key=lu.QUERY).set_value("is botox poison").run()
    shown = [element.value for element in at.markdown if "Is it a poison" in element.value]
    assert shown and all("**Is it a poison?**" in text and "?." not in text for text in shown)  # "**Is it a poison?.**"
    checklist = lu.checklist_markdown(LIBRARY.topics["consult_checklist"], LIBRARY)
    assert "?.**" not in checklist


def test_the_checklist_file_gives_the_sudden_droop_notice_before_its_questions() -> None:
    # it came only on the file's last line, after the questions, the person's notes and the sources (the PDF has it
    # atop every page)
    text = lu.checklist_markdown(LIBRARY.topics["consult_checklist"], LIBRARY, notes="Ask about my left brow")
    first_question = re.search(r"^1\. ", text, re.MULTILINE)
    assert first_question is not None
    head = text[: first_question.start()]
    for notice in (EDUCATIONAL, ADULTS_ONLY, EMERGENCY):
        assert notice in head, notice
    assert EMERGENCY in text.split("## Sources")[1]  # and still at the end


def test_a_link_naming_a_region_twice_is_read_by_its_first_and_rewritten_whole_when_the_person_picks_another() -> None:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params[lu.PARAM_REGION] = ["brows", "mouth"]
    at.run()
    assert not at.exception
    assert at.selectbox(key=lu.REGION).value == "brows"  # the first value, as the link is read
    at.selectbox(key=lu.REGION).set_value("mouth").run()
    assert not at.exception
    # The address must read as the page shows it: "?region=brows&region=mouth" would reopen on the brows.
    assert at.query_params == {lu.PARAM_REGION: ["mouth"]}


def test_the_checklist_file_is_dated_as_its_pdf_is_and_gives_no_time_of_day() -> None:
    # the PDF says "7 December 2026 · MirrorMap" under its title; the Markdown file said no date, so a renamed or
    # forwarded copy could not be dated
    import datetime as dt

    from pypdf import PdfReader

    from viz.report import checklist_pdf, long_date

    topic = LIBRARY.topics["consult_checklist"]
    for when in (dt.date(2025, 3, 4), dt.datetime(2025, 3, 4, 17, 45, 12)):  # a time of day given is not written
        text = lu.checklist_markdown(topic, LIBRARY, when=when)
        head = text[: text.index("1. ")].splitlines()
        assert "4 March 2025 · MirrorMap" in head, head
        assert "17:45" not in text and "2025-03-04" not in text
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(checklist_pdf(topic, LIBRARY, when=dt.date(2025, 3, 4)))).pages)
    assert "4 March 2025 · MirrorMap" in pdf  # the same words as the PDF
    assert f"{long_date(dt.date.today())} · MirrorMap" in lu.checklist_markdown(topic, LIBRARY)
