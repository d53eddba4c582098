"""Findings of QA walk X on the Learn page (phone and tablet): the safety cards hidden by a region link, the address
that did not follow Back, a muscle link opening on another tab, a link landing far above its cards, source links
leaving the app unannounced, the frown muscle's curve named as its movement, and a myth's fact stated past its evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.browser import chromium, watched
from tests.browser_pages import settle
from tests.conftest import REPO, opening_tab
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import learn_ui as lu
from ui.widgets import plain
from viz.content import load
from viz.learn_figures import timeline_figure
from viz.vocabulary import REGION_IDS, REGIONS, ended

PAGE = str(REPO / "ui" / "pages" / "learn.py")
LIBRARY = load()
#: A phone (as in tests/test_browser_learn_search.py).
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def _run(**query_params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _cards_of(at: AppTest, section: str) -> set[str]:
    """The ids of the ``section``'s cards drawn on the page (each as "**Title.** text", in Markdown or a red box)."""
    drawn = [element.value for element in [*at.markdown, *at.error] if element.value.startswith("**")]
    return {card.id for card in LIBRARY.topics[section].cards if any(value.startswith(f"**{plain(ended(card.title))}** ") for value in drawn)}


def _label(at: AppTest, name: str) -> str:
    (label,) = [tab.label for tab in at.tabs if tab.label.startswith(name)]
    return label


# --- 1. the safety cards whatever the region or muscle ----------------------------------------------------------


@pytest.mark.parametrize(("param", "value"), [*(("region", region) for region in sorted(REGION_IDS)), ("muscle", "masseter")])
def test_a_region_or_muscle_link_shows_every_see_a_doctor_card_and_counts_them(param: str, value: str) -> None:
    # "?region=brows" showed "See a doctor (0)": who should not be treated, the emergency after treatment, new weakness
    # of one side and how to find a licensed injector were all hidden
    at = _run(**{param: value})
    every = {card.id for card in LIBRARY.topics["see_a_doctor"].cards}
    assert _cards_of(at, "see_a_doctor") == every
    assert _label(at, "See a doctor") == f"See a doctor ({len(every)})"


@pytest.mark.parametrize("region", ["brows", "mouth", "neck"])
def test_a_region_link_keeps_the_general_aftercare_cards_and_the_other_areas_out(region: str) -> None:
    at = _run(region=region)
    shown = _cards_of(at, "aftercare")
    general = {card.id for card in LIBRARY.topics["aftercare"].cards if not card.regions or "whole_face" in card.regions}
    assert {"urgent_symptoms", "side_effect_what_to_do", "droopy_lid"} <= general <= shown
    other_areas = {card.id for card in LIBRARY.topics["aftercare"].cards if card.regions and region not in card.regions and "whole_face" not in card.regions}
    assert other_areas and not shown & other_areas  # "In the neck" is not about the brows
    assert _label(at, "Aftercare") == f"Aftercare ({len(shown)})"


def test_a_search_still_narrows_the_safety_cards_whatever_the_region() -> None:
    at = _run(region="jaw", q="pregnancy")
    assert "who_should_not" in _cards_of(at, "see_a_doctor")  # about the whole face, found with the jaw chosen
    assert "licensed_injectors" not in _cards_of(at, "see_a_doctor")


# --- 3. a muscle link opens the Muscles tab -------------------------------------------------------------------


def test_a_muscle_link_opens_the_muscles_tab_with_its_card_open() -> None:
    at = _run(muscle="frontalis")
    assert [tab.label for tab in at.tabs][opening_tab(at)].startswith("Muscles")
    (card,) = [expander for expander in at.expander if expander.label.startswith(LIBRARY.muscles["frontalis"].name)]
    assert card.proto.expanded


def test_a_region_link_still_opens_the_first_tab_with_cards() -> None:
    at = _run(region="mouth")
    assert [tab.label for tab in at.tabs][opening_tab(at)].startswith("Myth or fact")


# --- 5. where the source links go -------------------------------------------------------------------------------


def test_every_sources_list_says_once_that_its_links_open_another_site_in_a_new_tab() -> None:
    at = _run()
    lists = [caption.value for caption in at.caption if caption.value.startswith("**Sources**")]
    assert len(lists) > 20
    assert all(value.count("new tab") == 1 for value in lists)
    markdown = lu.sources_markdown(LIBRARY.sources_of(LIBRARY.myths[0]))
    assert "new tab" in markdown.splitlines()[0] and all(line[0].isdigit() for line in markdown.splitlines()[2:])


# --- 6. the frown muscle's curve is the brow at rest --------------------------------------------------------------


def test_a_curve_that_is_not_the_muscles_movement_says_what_it_follows() -> None:
    frown, forehead = LIBRARY.muscles["corrugator"], LIBRARY.muscles["frontalis"]
    assert frown.time_course.peak_days > frown.movement_course.peak_days  # the curve is not the frown's own course
    names = [trace.name for trace in timeline_figure([frown, forehead], LIBRARY.sources).data if trace.mode == "lines"]
    assert names[0].startswith(frown.name) and "at rest" in names[0] and "brow" in names[0]
    assert names[1] == forehead.name  # the movement's own curve keeps the muscle's name
    stacked = [trace.name for trace in timeline_figure([frown], LIBRARY.sources, max_line_chars=36).data if trace.mode == "lines" and trace.name]
    assert all(len(line) <= 24 for name in stacked for line in name.split("<br>")), stacked


# --- 7. a fact stated as the evidence allows --------------------------------------------------------------------


def test_the_stopping_myths_fact_says_no_more_than_the_weak_evidence() -> None:
    (myth,) = [myth for myth in LIBRARY.myths if myth.id == "stop_look_older"]
    assert "weak evidence" in myth.explanation
    assert "no good evidence" in myth.fact.lower() and "not worse" not in myth.fact
    assert set(myth.sources) == {"nassif2022", "binder2006"}


# --- browser: 2. the address follows Back; 4. a link lands at its cards -----------------------------------------


@pytest.fixture
def phone(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A phone-sized tab (390 x 844) in a new session; a picture of the page is saved if the test fails."""
    picture = ARTIFACTS / f"walk-x-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(**PHONE), request, picture) as tab:
        yield tab


def _region_in_address(page: Any) -> str:
    return parse_qs(urlsplit(page.url).query).get(lu.PARAM_REGION, [""])[0]


@pytest.mark.browser
def test_after_back_the_address_names_the_region_the_page_shows(server: str, phone: Any) -> None:  # noqa: F811
    phone.goto(f"{server}/learn", wait_until="domcontentloaded")
    box = phone.get_by_role("combobox", name="Face region")
    box.wait_for(timeout=120_000)
    settle(phone)
    for region in ("jaw", "brows", "eyes"):
        box.click()
        phone.get_by_role("option", name=REGIONS[region], exact=True).click()
        settle(phone)
        assert _region_in_address(phone) == region, phone.url
    for _ in range(2):  # Back said "?region=brows" over the Eyes cards, then "?region=jaw"
        phone.go_back()
        settle(phone)
        shown = next(region for region, name in REGIONS.items() if name == box.input_value())
        assert _region_in_address(phone) == shown, (phone.url, box.input_value())


#: The heading of the first card of the open tab: its top and bottom in the viewport, CSS pixels.
_FIRST_CARD_JS = """() => {
  const panel = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stTabs'] [role='tabpanel']")].find(p => p.getClientRects().length);
  const card = panel && panel.querySelector("[data-testid='stExpander'] summary");
  if (!card) return null;
  const box = card.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, text: card.innerText};
}"""


@pytest.mark.browser
def test_the_first_pages_link_to_a_regions_cards_lands_at_them_on_a_phone(server: str, phone: Any) -> None:  # noqa: F811
    phone.goto(server, wait_until="domcontentloaded")
    opener = phone.get_by_text("Muscles involved and related Learn cards, by region")
    opener.wait_for(timeout=180_000)
    settle(phone)
    opener.click()
    link = phone.get_by_text("Open the mouth cards in Learn")
    link.wait_for(timeout=120_000)
    link.click()
    phone.get_by_label("Search the cards").wait_for(timeout=120_000)
    settle(phone)
    phone.wait_for_timeout(1000)  # the page scrolls for a moment while the cards below are drawn
    assert _region_in_address(phone) == "mouth", phone.url
    card = phone.evaluate(_FIRST_CARD_JS)
    assert card is not None
    assert 0 <= card["top"] and card["bottom"] <= PHONE["viewport"]["height"], card  # about 1300 px below before
