"""A careful reader's review of the Learn content: own choices marked as such, no contradictions, every listed source cited."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import ui.learn_ui as lu
from tests.conftest import REPO
from viz.content import Card, Library, Muscle, Myth, load
from viz.content.citations import OWN, markers, sentences, unmarked
from viz.errors import ContentError
from viz.timeline import ONSET_FRACTION, SLOW_RESIDUAL_FRACTION, effect_fraction

LIBRARY: Library = load()
CONTENT = REPO / "content"
PAGE = str(REPO / "ui" / "pages" / "learn.py")


def _myth(myth_id: str) -> Myth:
    return next(myth for myth in LIBRARY.myths if myth.id == myth_id)


def _topic_card(card_id: str) -> Card:
    return next(card for topic in LIBRARY.topics.values() for card in topic.cards if card.id == card_id)


def _texts(card: Card) -> list[str]:
    """Every text of a card that may carry markers."""
    if isinstance(card, Muscle):
        return [card.what_it_does, card.asymmetry_it_drives, card.relaxing_changes, card.timing, card.cannot_fix, *card.cautions, card.reported_doses]
    if isinstance(card, Myth):
        return [card.fact, card.explanation]
    return [card.text]  # type: ignore[attr-defined]


def _sentence(text: str, phrase: str) -> str:
    (found,) = [sentence for sentence in sentences(text) if phrase in sentence]
    return found


def _cited(texts: list[str]) -> set[str]:
    return {ident for text in texts for found in markers(text) for ident in found}


# --- item 1: MirrorMap's own choices carry [@own], not the studies' numbers ------------------------------------------

OWN_CHOICES = [
    (lambda: _myth("mouth_corner_lift").explanation, "MirrorMap shows this effect"),
    (lambda: LIBRARY.muscles["depressor_anguli_oris"].relaxing_changes, "the preview uses small illustrative values"),
    (lambda: LIBRARY.muscles["platysma"].relaxing_changes, "the preview uses small illustrative values"),
    (lambda: LIBRARY.muscles["mentalis"].relaxing_changes, "the preview shows only a small illustrative lip shift"),
    (lambda: LIBRARY.muscles["nasalis"].relaxing_changes, "the preview shows no change"),
    (lambda: LIBRARY.muscles["zygomaticus_major"].relaxing_changes, "the preview shows no change"),
    (lambda: LIBRARY.muscles["depressor_anguli_oris"].reported_doses, "this app lists no number"),
    (lambda: _myth("all_asymmetry_needs_treatment").explanation, "including this app"),
    (lambda: LIBRARY.timeline.fact("onset").text, "band from day 2 to day 7"),
    (lambda: LIBRARY.timeline.fact("masseter_course").text, "gone by a year"),
    (lambda: LIBRARY.muscles["masseter"].timing, "gone by a year"),
    (lambda: LIBRARY.muscles["corrugator"].timing, "In the app's model"),
]


@pytest.mark.parametrize(("text", "phrase"), OWN_CHOICES, ids=[phrase + f" ({n})" for n, (_, phrase) in enumerate(OWN_CHOICES)])
def test_a_sentence_about_the_apps_own_choice_is_marked_own_and_cites_no_study(text: Callable[[], str], phrase: str) -> None:
    # A study's number after "the preview uses small illustrative values" read as if the study said so.
    assert markers(_sentence(text(), phrase)) == [(OWN,)]


def test_the_claims_split_from_an_own_choice_keep_their_sources() -> None:
    corner = LIBRARY.muscles["depressor_anguli_oris"]
    assert markers(_sentence(corner.relaxing_changes, "lifting muscles meet less resistance")) == [("yi2023", "hong2023")]
    assert markers(_sentence(corner.reported_doses, "vary by product and technique")) == [("yi2023", "hong2023")]
    assert markers(_sentence(LIBRARY.muscles["zygomaticus_major"].relaxing_changes, "At rest it barely pulls")) == [("desanctis2021",)]


# --- item 2: the words agree with the cited figures and with the model ---------------------------------------------


def test_the_jaw_line_gives_the_share_of_the_change_the_model_and_klein_have_at_two_weeks() -> None:
    jaw = LIBRARY.muscles["masseter"]
    points = {point.day: point.high for point in LIBRARY.timeline.fact("masseter_course").points}
    assert points[14] / points[84] == pytest.approx(ONSET_FRACTION, abs=0.02)  # Klein 2014: 3.94% of 11.99%
    assert float(effect_fraction(7, jaw.time_course)) > 0  # the Preview already shows a change at day 7
    line = lu.time_course_line(jaw)
    assert "first change about day 14" not in line
    assert f"{ONSET_FRACTION:.0%} of the outline's full change by about day {jaw.time_course.onset_days:g}" in line
    assert "after about two weeks" not in jaw.timing and "about a third of the way to its full change at two weeks" in jaw.timing


def test_the_jaw_return_names_both_studies_and_says_where_the_model_follows_one() -> None:
    jaw = LIBRARY.muscles["masseter"]
    assert float(effect_fraction(jaw.time_course.duration_days, jaw.time_course)) == pytest.approx(SLOW_RESIDUAL_FRACTION)
    assert "six months or more" not in jaw.timing
    assert markers(_sentence(jaw.timing, "return by about six months")) == [("yu2007",)]
    assert markers(_sentence(jaw.timing, "at 24 weeks")) == [("klein2014",)]


def test_the_frown_card_says_when_its_modelled_brow_change_is_gone() -> None:
    frown = LIBRARY.muscles["corrugator"]
    end = frown.time_course.duration_days
    assert float(effect_fraction(end, frown.time_course)) == 0.0
    assert "over the following months" not in frown.timing and f"day {end:g}" in frown.timing


def test_when_the_first_change_appears_agrees_with_its_own_points_and_the_myth() -> None:
    fact = LIBRARY.timeline.fact("onset")
    first = fact.points[0]
    assert first.day == 1 and 40 <= first.low <= 60  # about half by day one ...
    assert "within two to four days" not in fact.text  # ... so "most within two to four days" contradicted it
    assert "by day one" in fact.text and "by day one" in _myth("instant_results").explanation
    assert "within one to a few days" in _myth("instant_results").fact and "within one to a few days" in fact.text


# --- item 3: the shaded area is not an injection map ------------------------------------------------------------------


def test_each_muscle_area_caption_says_the_shading_is_not_where_to_inject() -> None:
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception, at.exception
    captions = [element.value for element in at.caption if element.value.startswith("Approximate area of the")]
    assert len(captions) == len(LIBRARY.muscles)
    assert all(caption.endswith(lu.AREA_NOT_INJECTION_SITES) for caption in captions)
    assert "not where to inject" in lu.AREA_NOT_INJECTION_SITES


# --- items 4, 5 and 7: aftercare, source kinds, markers ------------------------------------------------------------


def test_clinic_advice_tells_people_to_follow_their_own_injector_as_the_apps_advice() -> None:
    text = _topic_card("clinic_advice").text
    assert markers(_sentence(text, "your own injector")) == [(OWN,)]
    assert "dover2018" in _cited([text])


def test_a_guideline_and_a_trials_snapshot_are_not_labelled_as_a_study_or_a_label() -> None:
    for source in LIBRARY.sources.values():
        if source.title.lower().startswith("clinical practice guideline"):
            assert source.kind == "guideline" and source.kind_label == "clinical practice guideline", source.id
        if source.title.startswith("Drug Trials Snapshots"):
            assert source.kind == "regulator", source.id


def test_what_the_label_says_about_pregnancy_cites_the_label() -> None:
    text = _topic_card("who_should_not").text
    assert markers(_sentence(text, "The label says")) == [("botoxlabel",)]
    assert "pregnancy" in _sentence(text, "The label says") and "breastfeeding" in _sentence(text, "The label says")


def test_the_mirror_myth_cites_its_classic_study() -> None:
    myth = _myth("mirror_shows_others")
    assert "mita1977" in _cited([myth.fact]) and "mita1977" in _cited([myth.explanation])


def test_a_checklist_question_reads_aloud_without_numbers_inside_it() -> None:
    checklist = LIBRARY.topics["consult_checklist"]
    for card in checklist.cards:
        question = unmarked(card.text).rstrip()
        assert question.endswith("?"), card.id
        assert "[@" not in card.text[: card.text.rindex("?")], card.id  # a marker only after the question mark
    page = lu.checklist_markdown(checklist, LIBRARY)
    assert not re.search(r"\[\d[^\]]*\][^\n]*\?", page)  # no "[3, 4]" before a question's "?"
    assert re.search(r"speech\?\s\[\d+,\s\d+\]", page)


# --- item 6: every listed source backs a claim --------------------------------------------------------------------


def test_every_numbered_source_of_a_card_is_cited_by_a_marker() -> None:
    cards: list[Card] = [*LIBRARY.myths, *LIBRARY.muscles.values(), *(card for topic in LIBRARY.topics.values() for card in topic.cards)]
    checklist = set(LIBRARY.topics["consult_checklist"].cards)
    for card in cards:
        listed = {source.id for source in LIBRARY.sources_of(card)}
        if len(listed) >= 2 or card in checklist:  # a single source of an ordinary card backs it all, with no number
            assert listed <= _cited(_texts(card)), (card.id, sorted(listed - _cited(_texts(card))))
    for fact in LIBRARY.timeline.facts:
        if len(set(fact.sources)) >= 2:
            assert set(fact.sources) <= _cited([fact.text]), fact.id


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def _edit(root: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_time_course_source_no_sentence_cites_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "muscles.yaml", lambda d: next(m for m in d["muscles"] if m["id"] == "nasalis")["time_course"]["sources"].append("rufer2005"))
    with pytest.raises(ContentError, match=r"muscle 'nasalis' lists source 'rufer2005' but cites it nowhere in its text\.$"):
        load(root)


def test_a_checklist_source_no_marker_cites_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)

    def change(data: dict[str, Any]) -> None:
        card = next(card for section in data["sections"] for card in section["cards"] if card["id"] == "q_cause")
        card["text"] = unmarked(card["text"])

    _edit(root, "topics.yaml", change)
    with pytest.raises(ContentError, match=r"card 'q_cause' lists source 'cheong2011' but cites it nowhere in its text\.$"):
        load(root)
