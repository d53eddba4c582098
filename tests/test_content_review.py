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


def test_every_source_listed_under_a_myth_or_muscle_card_is_a_link() -> None:
    # a phone walk found a third of these as plain text nobody could tap: 20 of 56 under the myths, 28 of 66 under muscles
    for card in [*LIBRARY.myths, *LIBRARY.muscles.values()]:
        lines = lu.sources_markdown(LIBRARY.sources_of(card)).splitlines()[2:]
        assert lines and all("](https://" in line for line in lines), (card.id, [line for line in lines if "](https://" not in line])


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


# --- a claim says no more than its source's note ------------------------------------------------------------------


def _note(source_id: str) -> str:
    return LIBRARY.sources[source_id].note or ""


def _cites_only(sentence: str, source_id: str) -> bool:
    return bool(markers(sentence)) and all(found == (source_id,) for found in markers(sentence))


NOTE_FIGURES = [
    # (text, phrase of the sentence, its source, the figures the sentence rests on, as the source's note must give them)
    (lambda: _topic_card("normal_variation").text, "1.3 to 1.8", "macdonald2014", ["1.34", "1.77", "1.78"]),
    (lambda: _topic_card("normal_variation").text, "Three in four", "macdonald2014", ["75%"]),
    (lambda: _myth("perfect_symmetry_goal").explanation, "88%", "perumal2018", ["88%"]),
    (lambda: _topic_card("what_people_notice").text, "eye closure", "hohman2014", ["90%", "2 mm"]),
    (lambda: _topic_card("what_people_notice").text, "uneven smile", "hohman2014", ["3 mm"]),
    (lambda: LIBRARY.timeline.fact("masseter_thickness").text, "12.9", "xie2014", ["12.9", "8.7"]),
    (lambda: LIBRARY.muscles["orbicularis_oculi"].reported_doses, "7 to 10 units", "ahn2000", ["7 to 10 U"]),
]


@pytest.mark.parametrize(("text", "phrase", "source_id", "figures"), NOTE_FIGURES, ids=[f"{s}: {p}" for _, p, s, _ in NOTE_FIGURES])
def test_a_cited_figure_is_in_its_sources_note(text: Callable[[], str], phrase: str, source_id: str, figures: list[str]) -> None:
    assert _cites_only(_sentence(text(), phrase), source_id)
    assert all(figure in _note(source_id) for figure in figures), (source_id, _note(source_id))


def test_the_onset_study_is_cited_only_for_what_its_note_gives() -> None:
    note = _note("rappl2013")
    texts = [LIBRARY.timeline.fact("onset").text, _topic_card("men_and_women").text, *(_texts(m) for m in LIBRARY.muscles.values())]
    flat = [t for item in texts for t in ([item] if isinstance(item, str) else item)]
    said = [sentence for text in flat for sentence in sentences(text) if "rappl2013" in {i for found in markers(sentence) for i in found}]
    assert said
    for sentence in said:  # the note gives onset in women only: nothing on men, nor on how long it lasted
        for claim in ("in men", "lasted longer", "started sooner"):
            assert claim not in sentence or claim in note, sentence


def test_the_neck_trial_is_cited_only_for_what_its_note_gives() -> None:
    note = _note("fabi2025")
    texts = [_topic_card("side_effects_neck").text, *_texts(LIBRARY.muscles["platysma"])]
    said = [sentence for text in texts for sentence in sentences(text) if "fabi2025" in {i for found in markers(sentence) for i in found}]
    assert said and "dysphagia" in note and any("swallowing" in sentence for sentence in said)
    for sentence in said:
        assert "as common as" not in sentence and "four months" not in sentence, sentence


def test_the_twin_report_and_the_jaw_study_say_no_more_than_their_notes() -> None:
    twins = [_myth("stop_look_older").explanation, _topic_card("preventive_toxin").text]
    years = [found for text in twins for found in re.findall(r"\d+ years", text)]
    assert all(found in _note("binder2006") for found in years), years
    grinding = _sentence(_topic_card("bruxism_jaw_pain").text, "ten women")
    assert "klein2014" in {i for found in markers(grinding) for i in found} and "grinding improved" not in grinding
    thinning = _sentence(LIBRARY.timeline.fact("masseter_thickness").text, "12.9")
    assert all(word not in thinning.lower() or word in _note("xie2014").lower() for word in ("ultrasound", "large series"))


def test_a_dose_the_label_is_cited_for_is_a_figure_its_note_gives() -> None:
    note = _note("botoxlabel")
    for muscle in LIBRARY.muscles.values():
        for sentence in sentences(muscle.reported_doses):
            if _cites_only(sentence, "botoxlabel"):
                for units in re.findall(r"(\d+) units", sentence):
                    assert re.search(rf"\b{units} U\b", note), (muscle.id, sentence)


def test_the_iris_card_follows_from_the_spread_its_source_gives() -> None:
    from viz.asymmetry import CALIBRATION_REL

    match = re.search(r"mean (\d+\.\d+) ± (\d+\.\d+) mm", _note("rufer2005"))
    assert match, _note("rufer2005")
    share = float(match[2]) / float(match[1])  # one SD either way holds about two people in three
    text = _topic_card("iris_ruler").text
    assert f"two people in three the ruler is off by {share:.0%} or less" in text
    assert f"{CALIBRATION_REL:.0%}" == f"{share:.0%}"  # the figure the app shows beside its scale
