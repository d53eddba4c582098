"""Search of the Learn page (viz/content/search.py) on the questions a patient types: the card that answers comes first,
or nothing when no card answers, rather than unrelated cards that share a word with the question."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, opening_tab
from ui import learn_ui as lu
from ui.widgets import plain
from viz.content import load
from viz.content.model import Muscle
from viz.content.search import (
    DOSE_CARD,
    EMERGENCY_CARD,
    LID_OR_BROW_CARD,
    PRICE_CARD,
    _stem,
    asks_dose,
    asks_price,
    describes_lid_or_brow_change,
    describes_sudden_droop,
    leading_cards,
)

LIBRARY = load()


def _answer(query: str) -> list[str]:
    """The ids of the cards the Learn page shows for ``query``: those with every word, else those that come closest."""
    return [card.id for card in LIBRARY.search(query) or LIBRARY.search(query, most_words=True)]


def _text(card_id: str) -> str:
    """Every word a card shows or lists, in one string."""
    card = next(card for card in LIBRARY.cards() if card.id == card_id)
    fields = ("myth", "fact", "explanation", "title", "text", "name", "latin", "reported_doses", "timing", "what_it_does")
    shown = ("asymmetry_it_drives", "relaxing_changes", "cannot_fix")
    return " ".join([*(str(getattr(card, field, "")) for field in (*fields, *shown)), *getattr(card, "cautions", ()), *card.synonyms])


def test_a_question_about_ones_own_dose_finds_the_dose_card_before_unit_numbers() -> None:
    # "how many units do I need" showed first the eye-closing and neck muscles ("still needed to close the eye"), whose
    # boxes give unit numbers, and not the card on dose at all
    found = LIBRARY.search("how many units do I need")
    assert found[0].id == DOSE_CARD and found[1].id == "more_units_better"
    assert not isinstance(found[0], Muscle)
    assert {card.id for card in found} == {card.id for card in LIBRARY.search("how many units")}  # "need" only frames it


@pytest.mark.parametrize("query", ["who should not get botox", "who should not get Botox?"])
def test_who_should_not_get_botox_finds_the_card_titled_so(query: str) -> None:
    # "get" was required of a card: only the myth whose synonym is "should I get Botox" had every word
    assert _answer(query)[0] == "who_should_not"


def test_a_question_with_get_finds_only_cards_that_hold_its_other_words() -> None:
    # "can i get botox at 16" showed the myths that say "get", none of them about age
    found = _answer("can i get botox at 16")
    assert all(re.search(r"\b16\b", _text(card)) for card in found), found


def test_a_short_word_missing_a_letter_is_corrected() -> None:
    # "botx" said "Nothing matches", though "botax", "asymetry" and "wrinkels" were read as meant
    assert LIBRARY.search_corrections("botx jaw") == {"botx": ("botox",)}
    assert {card.id for card in LIBRARY.search("botx")} == {card.id for card in LIBRARY.search("botox")}
    assert [card.id for card in LIBRARY.search("botx jaw")] == [card.id for card in LIBRARY.search("botox jaw")]
    assert LIBRARY.search_corrections("lazy eye") == {}  # a letter too many is not read as a shorter word ("lay")


def test_lying_down_finds_the_aftercare_advice() -> None:
    # "lying" was no word of the cards, which say "not to lie down": the closest cards were myths about lifts
    assert _stem("lying") == "lie" and _stem("playing") == "play"
    assert "clinic_advice" in _answer("lying down after botox")[:3]


def test_a_word_is_not_found_inside_a_phrase_with_another_meaning() -> None:
    # "when can I wear makeup" found the cards that say the effect "wears off" and "makes": only the consult question on
    # aftercare, which names make-up, answers it
    assert _answer("when can I wear makeup") == ["q_aftercare"]
    assert not any(re.search(r"\bwears? off\b", _text(card)) for card in _answer("wear"))
    assert all(re.search(r"\bmake-?up\b", _text(card.id)) for card in LIBRARY.search("makeup"))  # not "makes"
    # the phrase itself is still found, and "how long" still reads it as an answer
    wear_off = {card.id for card in LIBRARY.search("wear off")}
    assert {"one_session", "sagging_skin"} <= wear_off and all(re.search(r"\bwears? off\b", _text(card)) for card in wear_off)
    assert wear_off <= {card.id for card in LIBRARY.search("how long does it last")}
    assert "masseter" in [card.id for card in LIBRARY.search("slimmer jaws")]  # a card's word before an ending still counts


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("can I exercise after botox", "clinic_advice"),  # the aftercare card (first: see below)
        ("does botox fix a droopy eyelid", "droopy_lid"),
        ("how much does it cost", "marketing_numbers"),
    ],
)
def test_the_other_questions_keep_their_answer_among_the_first_three(query: str, card: str) -> None:
    assert card in _answer(query)[:3]


@pytest.mark.parametrize(
    ("query", "answers"),
    [
        ("is botox safe", {"who_should_not"}),
        ("safety", {"who_should_not", "licensed_injectors"}),
        ("dangerous", {"after_treatment_warning"}),
        ("can i get botox at 16", {"who_should_not"}),
    ],
)
def test_a_question_about_safety_or_age_finds_the_cards_that_answer_it(query: str, answers: set[str]) -> None:
    # "is botox safe" found only "Keep a record" (its "safely"); "dangerous" found nothing; "can i get botox at 16"
    # found unrelated myths, and the "18 and over" answer was hidden
    found = _answer(query)[:3]
    assert answers <= set(found), found


@pytest.mark.parametrize(
    "query",
    [
        "can I exercise after botox",
        "can I exercise after treatment",  # "after" tells it from "facial exercises": no card says Botox to break the tie
        "can I work out after botox",
        "working out after Botox",
        "workout after botox",
        "gym after botox",
        "can I go running after my injections",
    ],
)
def test_a_question_about_exercise_after_the_treatment_finds_the_aftercare_card_first(query: str) -> None:
    # "can I exercise after botox" put first the card on face exercises for facial palsy ("exercise" was the whole of its
    # synonym "facial exercises"); "can I work out" found two cards that say "work" and "out" apart; "gym" found nothing
    found = _answer(query)
    assert found and found[0] == "clinic_advice", found
    assert re.search(r"\bexercise\b", _text("clinic_advice"))  # the card does answer it: "skip hard exercise that day"


def test_work_out_is_not_work_and_facial_exercises_still_find_physiotherapy() -> None:
    # read as "work", the aftercare card's "work out after Botox" would answer "does Botox work"
    for query in ("does botox work", "botox not working", "how does it work"):
        assert "clinic_advice" not in _answer(query), query
    assert _answer("facial exercises")[0] == "physiotherapy"
    assert _answer("exercise")[:2] and set(_answer("exercise")[:2]) == {"physiotherapy", "clinic_advice"}  # alone, it may mean either


@pytest.mark.parametrize("query", ["how much does it cost", "price of botox", "cost of botox"])
def test_a_question_about_price_finds_first_the_card_that_lists_price(query: str) -> None:
    found = _answer(query)
    assert found and found[0] == PRICE_CARD and "marketing_numbers" in found
    assert all(re.search(r"\b(cost|price)", _text(card), re.I) for card in found), found


@pytest.mark.parametrize("query", ["droopy eyelid", "eyelid droop", "drooping eyelid"])
def test_a_droopy_eyelid_finds_a_see_a_doctor_card_beside_the_side_effect(query: str) -> None:
    # at home with a new droopy eyelid and no treatment, "droopy eyelid" listed side effects and aftercare, with
    # "See a doctor (0)" (the word "droopy" alone found the stroke card)
    found = _answer(query)
    doctor = {card.id for card in LIBRARY.topics["see_a_doctor"].cards}
    assert doctor & set(found) and "droopy_lid" in found


def test_ptosis_finds_the_droopy_eyelid_card_first() -> None:
    # an injector's word for it found only the aftercare card on the eyes
    assert _answer("ptosis")[0] == "droopy_lid"


# --- safety first: a face that droops ----------------------------------------------------------------------------

_DOCTOR = frozenset(card.id for card in LIBRARY.topics["see_a_doctor"].cards)


@pytest.mark.parametrize(
    "query",
    [
        "face suddenly drooping",
        "face drooped suddenly",
        "my face is drooping on one side",
        "half my face dropped",  # found only the jaw muscle's card ("half", "drops")
        "half my face drooped",
        "one side of my face fell",
        "one side of my face sagged",
        "one side of my face went numb",
        "half my face won't move",
        "mouth drooping suddenly",
        "I can't smile on one side",
        "my face dropped on one side",
        "the corner of my mouth suddenly drooped",  # a smaller part, said to be sudden and not after a treatment
        "my eyelid drooped overnight",
        "my mouth is crooked and my speech is slurred",  # found only the myth "Botox in the lower face can change my smile"
        "face crooked suddenly",
        "my face suddenly went lopsided",
    ],
)
def test_a_one_sided_droop_said_in_plain_words_finds_the_emergency_card_first(query: str) -> None:
    assert describes_sudden_droop(query), query
    found = _answer(query)
    assert found[:2] == [EMERGENCY_CARD, "bells_palsy"], found


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("droopy eyelid after botox", "droopy_lid"),
        ("brow droop", "droopy_lid"),
        ("brow droop after botox", "droopy_lid"),
        ("droopy mouth corners", "mouth_corner_lift"),
        ("sagging face", "sagging_skin"),
    ],
)
def test_a_cosmetic_droop_is_not_read_as_the_emergency(query: str, first: str) -> None:
    # a known side effect, or loose skin: their own cards come first; the emergency card may come lower
    assert not describes_sudden_droop(query)
    found = _answer(query)
    assert found[0] == first and found[0] != EMERGENCY_CARD, found


@pytest.mark.parametrize("query", ["bells palsy", "bells palsey", "Bell's palsy"])
def test_bells_palsy_finds_the_doctor_card_before_the_myth(query: str) -> None:
    # tied with a myth and a "cannot change" card that list "Bell's palsy", the doctor card came after them in file order
    found = _answer(query)
    assert found[0] == "bells_palsy" and "lifts_weak_side" in found, found
    assert _answer("bells palsy botox")[0] == "lifts_weak_side"  # asked about the treatment, the myth answers


def test_the_emergency_cards_follow_the_filters() -> None:
    # the region filter keeps what it keeps: the emergency cards are whole-face cards
    def ids(region: str) -> list[str]:
        return [card.id for card in LIBRARY.search("half my face dropped", region=region, most_words=True)]

    assert EMERGENCY_CARD not in ids("brows")
    assert ids("whole_face")[0] == EMERGENCY_CARD


# --- doses --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "how many units should i get",  # found only the eye-closing muscle's card, on "should"
        "how many units do i need",
        "how much botox",
        "how much botox do I need for my jaw",
        "units",
        "dose",
        "dosage",
        "what dose is right for me",
        "how many syringes",
        "one vial or two",
    ],
)
def test_a_question_about_dose_leads_with_the_card_that_gives_none(query: str) -> None:
    assert asks_dose(query) and LIBRARY.searchable(query)
    assert _answer(query)[0] == DOSE_CARD


def test_the_dose_card_says_plainly_that_the_injector_decides_and_why() -> None:
    card = next(card for card in LIBRARY.cards() if card.id == DOSE_CARD)
    assert card.section == "dynamic_vs_static"  # the "Can and can't" tab, beside "Brands and their units"
    text = _text(DOSE_CARD)
    assert re.search(r"MirrorMap does not suggest a dose", text) and re.search(r"injector, who decides it after examining", text)
    assert "botoxlabel" in card.sources and re.search(r"cannot be swapped", text)  # the label says units are its own
    assert set(card.sources) <= set(LIBRARY.sources)
    assert not re.search(r"\b\d+\s*(units|U)\b", text)  # no number a person could take as their dose


@pytest.mark.parametrize("query", ["how much does it cost", "how much does botox cost", "price of botox"])
def test_a_question_about_price_is_not_a_question_about_dose(query: str) -> None:
    assert not asks_dose(query) and DOSE_CARD not in _answer(query)


@pytest.mark.parametrize("word", ["should", "get", "need", "i"])
def test_the_words_that_frame_a_question_are_not_what_a_card_matches_on(word: str) -> None:
    assert LIBRARY.search(f"units {word}") == LIBRARY.search("units")


# --- normal faces, typos, smiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["one eyebrow higher", "eyebrow higher one side", "one eyebrow higher than the other", "why is one brow higher"])
def test_one_brow_higher_finds_what_normal_looks_like_near_the_top(query: str) -> None:
    # found only the forehead muscle and "Can change: muscle pull"
    found = _answer(query)
    assert "normal_variation" in found[:2] and "perfect_symmetry_goal" in found[:3], found


def test_a_letter_typed_three_times_is_corrected_and_said() -> None:
    assert LIBRARY.search_corrections("jaw slimmming") == {"slimmming": ("slimming",)}
    assert _answer("jaw slimmming") == _answer("jaw slimming") and "masseter" in _answer("jaw slimmming")
    assert LIBRARY.search_corrections("jaw slimming") == {}


def test_a_crooked_smile_finds_the_mouth_cards_before_the_nose() -> None:
    found = _answer("crooked smile")
    assert "depressor_anguli_oris" in found, found
    mouth = [i for i, card in enumerate(found) if card in {"botox_smile", "zygomaticus_major", "depressor_anguli_oris"}]
    assert mouth == [0, 1, 2], found
    assert "nasalis" not in found[:3]


def test_leading_cards_exist_in_the_library() -> None:
    ids = {card.id for card in LIBRARY.cards()}
    assert set(leading_cards("half my face dropped")) | set(leading_cards("units")) <= ids
    assert EMERGENCY_CARD in _DOCTOR


@pytest.mark.parametrize("query", ["how much is botox", "botox price", "how much does it cost", "is it expensive", "how much does a vial cost"])
def test_a_price_question_leads_with_the_consult_question_on_cost(query: str) -> None:
    # "how much is botox" had no word to search for (every card shown), "botox price" opened "Numbers in adverts", and
    # "how much does a vial cost" led with the dose card
    assert asks_price(query) and not asks_dose(query) and LIBRARY.searchable(query)
    assert _answer(query)[0] == PRICE_CARD
    assert "cost in total" in _text(PRICE_CARD)  # the question to take to the clinic; MirrorMap names no price


def test_a_dose_question_is_answered_first_whatever_the_filters() -> None:
    # with the jaw chosen, "how many units should i get" led with the jaw muscle's "40 to 80 units"
    for region in ("jaw", "brows", None):
        found = [card.id for card in LIBRARY.search("how many units should i get", region=region)]
        assert found[0] == DOSE_CARD, (region, found)


@pytest.mark.parametrize("query", ["left eyebrow higher", "my left eyebrow is higher than my right", "one eye bigger than the other"])
def test_which_side_a_person_names_is_not_required_of_a_card(query: str) -> None:
    # "left eyebrow higher" found only the mirror myth (the one card that says "left"), not what normal looks like;
    # "one eye bigger than the other" opened the doctor card on new weakness among twenty closest cards
    found = _answer(query)
    assert "normal_variation" in found[:2], found
    assert EMERGENCY_CARD not in found[:2] and "bells_palsy" not in found[:2], found


def test_numbness_is_not_read_as_number() -> None:
    # "numbness" was searched as "number" and opened the card on numbers in adverts
    assert LIBRARY.search_corrections("numbness") == {}
    assert "marketing_numbers" not in _answer("numbness")


# --- a brow or eyelid changed after treatment ----------------------------------------------------------------------

_AFTER_TREATMENT = [
    "why is one eyebrow higher after botox",  # opened the myth that perfect symmetry should be the goal
    "uneven eyebrows after botox",  # opened "What normal looks like"
    "my eyelid dropped after botox",  # "dropped" is not "droop": opened the myth "Botox makes your skin sag."
    "my eyebrow dropped after botox",
    "will botox fix my droopy eyelid",  # the right card only counted in Aftercare (3)
    "one brow is lower since my injection",
]


@pytest.mark.parametrize("query", _AFTER_TREATMENT)
def test_a_brow_or_lid_changed_after_treatment_leads_with_the_aftercare_card(query: str) -> None:
    assert describes_lid_or_brow_change(query) and not describes_sudden_droop(query)
    found = _answer(query)
    assert found[0] == LID_OR_BROW_CARD, found
    card = next(card for card in LIBRARY.topics["aftercare"].cards if card.id == LID_OR_BROW_CARD)  # the card that says what to do
    assert re.search(r"usually fades", card.text) and re.search(r"Tell your injector", card.text) and re.search(r"whole side", card.text)


@pytest.mark.parametrize("query", ["one eyebrow higher", "one eyebrow higher, should I get botox", "can botox lift my droopy brow", "brow lift"])
def test_a_brow_asked_about_before_treatment_keeps_its_own_cards(query: str) -> None:
    # ordinary asymmetry, or a wish to lift a brow, is not a side effect: what normal looks like, or what toxin can change
    assert not describes_lid_or_brow_change(query)
    assert LID_OR_BROW_CARD not in leading_cards(query)
    assert _answer(query)[0] != LID_OR_BROW_CARD


def test_a_whole_side_that_dropped_after_treatment_is_still_the_emergency() -> None:
    assert leading_cards("half my face dropped after botox")[:1] == (EMERGENCY_CARD,)
    assert not describes_lid_or_brow_change("half my face dropped after botox")


# --- the Learn page itself: which tab opens, and when the red box shows -------------------------------------------

_PAGE = str(REPO / "ui" / "pages" / "learn.py")


def _page(query: str) -> AppTest:
    at = AppTest.from_file(_PAGE, default_timeout=60)
    at.run()
    at.text_input(key=lu.QUERY).set_value(query).run()
    assert not at.exception, at.exception
    return at


def _open_tab(at: AppTest) -> str:
    """The label of the tab the page opens on."""
    return str(at.tabs[opening_tab(at)].label)


def _emergency_box(at: AppTest) -> bool:
    """Whether the emergency card's message is said above the tabs (the see-a-doctor tab shows the card itself)."""
    card = next(c for c in LIBRARY.topics["see_a_doctor"].cards if c.id == EMERGENCY_CARD)
    said = [element for element in at.main.error if plain(card.text) in element.value]
    in_tabs = [element for tab in at.tabs for element in tab.error if plain(card.text) in element.value]
    return len(said) > len(in_tabs)


@pytest.mark.parametrize("query", ["why is one eyebrow higher after botox", "my eyelid dropped after botox"])
def test_a_brow_or_lid_changed_after_treatment_opens_the_aftercare_tab(query: str) -> None:
    at = _page(query)
    assert _open_tab(at).startswith("Aftercare"), [tab.label for tab in at.tabs]
    assert not _emergency_box(at)


@pytest.mark.parametrize("query", ["can it make my smile even", "even out my smile", "mouth symmetry"])
def test_a_cosmetic_question_shows_no_emergency_box(query: str) -> None:
    # no card had every word, and the closest cards took in the sudden-droop card, which alone showed the red box
    assert not describes_sudden_droop(query)
    assert EMERGENCY_CARD not in [card.id for card in LIBRARY.search(query)]
    assert not _emergency_box(_page(query))


def test_a_closest_match_alone_does_not_show_the_emergency_box() -> None:
    # "mouth symmetry": no card has both words, and the emergency card is among those that come closest
    closest = LIBRARY.search("mouth symmetry", most_words=True)
    assert not LIBRARY.search("mouth symmetry") and EMERGENCY_CARD in [card.id for card in closest]

    def box(query: str) -> None:
        import streamlit as st

        from ui import learn_ui
        from viz.content import load

        library = load()
        full = library.search(query)
        matches = full or library.search(query, most_words=True)
        st.session_state["shown"] = learn_ui.emergency_ui(library, query, matches, closest=not full)

    for query, shown in (("mouth symmetry", False), ("half my face dropped suddenly", True), ("stroke", True)):
        at = AppTest.from_function(box, args=(query,), default_timeout=60).run()
        assert not at.exception and at.session_state["shown"] is shown, query


def test_a_real_droop_still_shows_the_emergency_box() -> None:
    at = _page("half my face dropped suddenly")
    assert _emergency_box(at) and _open_tab(at).startswith("See a doctor")


def test_the_emergency_box_stands_above_the_search_box() -> None:
    # under the filters, each on a row of its own on a phone, it began below the screen for a droop typed at the foot of it
    at = _page("half my face dropped suddenly")
    card = next(c for c in LIBRARY.topics["see_a_doctor"].cards if c.id == EMERGENCY_CARD)

    def order(node: Any) -> list[Any]:
        children = getattr(node, "children", None)
        return [node] if not children else [leaf for child in children.values() for leaf in order(child)]

    leaves = order(at.main)
    box = next(i for i, e in enumerate(leaves) if e.type == "error" and plain(card.text) in str(getattr(e, "value", "")))
    search = next(i for i, e in enumerate(leaves) if getattr(e, "key", None) == lu.QUERY)
    assert box < search


@pytest.mark.parametrize(("query", "lead"), [("even out my smile", "botox_smile"), ("can it make my smile even", "botox_smile")])
def test_a_smile_question_leads_with_smile_content(query: str, lead: str) -> None:
    # "even out my smile" opened Muscles on the eye-closing muscle (its "smile" and "outer")
    found = _answer(query)
    assert found[0] == lead and "smile" in _text(found[0]).lower(), found


# --- common questions a card answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "card", "says"),
    [
        ("will it hurt", "q_comfort", r"\bhurt\b"),
        ("does botox hurt", "q_comfort", r"\bhurt\b"),
        ("can i drink alcohol after botox", "q_aftercare", r"\balcohol\b"),
        ("can i drink alcohol after", "q_aftercare", r"\balcohol\b"),
        ("massage after botox", "clinic_advice", r"\bnot to rub the area\b"),
        ("when can I wear makeup", "q_aftercare", r"\bmake-up\b"),
        ("is botox poison", "is_it_poison", r"\bbotulinum toxin\b"),
        ("can I shower after botox", "clinic_advice", r"\bfollow what your own injector tells you\b"),
        ("when can i wash my face after botox", "clinic_advice", r"\bfollow what your own injector tells you\b"),
    ],
)
def test_a_common_question_lands_on_the_card_that_answers_it(query: str, card: str, says: str) -> None:
    # each said "Nothing matches these filters", every tab (0)
    assert LIBRARY.search(query), query  # every word found, not a guess among the closest
    assert _answer(query)[0] == card
    found = next(c for c in LIBRARY.cards() if c.id == card)
    assert re.search(says, found.text), found.text  # the card's own words answer it, not only a synonym


@pytest.mark.parametrize(("word", "root"), [("shower", "show"), ("bother", "both"), ("tender", "tend")])
def test_a_word_of_its_own_is_not_read_as_a_shorter_cards_word_with_an_ending(word: str, root: str) -> None:
    # "can I shower after Botox" listed the cards that say "show" ("mirror_shows_others"), as "slimmer" is "slim"
    assert LIBRARY.search(root)  # the shorter word is a card's
    for card in LIBRARY.search(word):  # a card found holds the word itself
        assert word in " ".join([card.title, card.text, *getattr(card, "synonyms", ())]).lower(), card.id
    assert "masseter" in {card.id for card in LIBRARY.search("slimmer")}  # a real ending still reads its root


def test_the_new_answers_cite_only_known_sources_and_questions_state_no_fact() -> None:
    poison = next(c for c in LIBRARY.cards() if c.id == "is_it_poison")
    assert poison.sources and set(poison.sources) <= set(LIBRARY.sources)
    checklist = {card.id: card for card in LIBRARY.topics["consult_checklist"].cards}
    for ident in ("q_comfort", "q_aftercare"):
        assert checklist[ident].text.rstrip().endswith("?")  # a question to ask, so it needs no source
