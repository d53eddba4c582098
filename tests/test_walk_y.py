"""Findings of QA walk Y on the Expressions page: presenter mode's type on a 1280 x 720 screen, photos given the wrong way
round with a closed-lip smile, presenter mode's no-verdict sentences without their retake request, a refused file's
sentence across the capture's card on a tablet, and the blink's frames labelled.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from tests.browser import chromium
from tests.browser_pages import PHOTOS, open_expressions, settle, upload
from tests.conftest import REPO, detected, face_path
from tests.pictures import images
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import images as ui_images
from ui import movement_ui, state
from viz.movement import NOT_SAME_PERSON, NOT_SHOWN, measure_dynamics, photo_name
from viz.vocabulary import EXPRESSIONS

PAGE = str(REPO / "ui" / "pages" / "movement.py")
#: The walk's pair the wrong way round: a closed-lip smile as the rest photo, the neutral face as the "Big smile".
SMILING, NEUTRAL = "frl_london_005_08.jpg", "frl_london_005_03.jpg"


@cache
def _bytes(name: str) -> bytes:
    return face_path(name).read_bytes()


def _page(*, presenter: bool = False, **photos: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[movement_ui.PHOTOS] = {k: state.PhotoInput.of(_bytes(v), v, "test") for k, v in photos.items()}
    at.session_state[state.PRESENTER] = presenter
    return at


def _warnings(at: AppTest) -> list[str]:
    return [str(w.value) for w in at.warning]


# --- 1. presenter mode's type at 1280 x 720 -----------------------------------------------------------------

# The font size of every caption of the page, and of each other text with words of its own in its results, by what it is.
_TYPE_JS = """(key) => {
  const own = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length;
  const sizes = sel => [...document.querySelectorAll(sel)].filter(own).map(e => parseFloat(getComputedStyle(e).fontSize));
  const main = '.st-key-' + key + ' ';  // the results: the page's header and safety notice are above them
  const grey = '[data-testid="stMain"] [data-testid="stCaptionContainer"]';
  return {captions: sizes(grey + ', ' + grey + ' *'),
          sentences: sizes(main + '[data-testid="stMarkdown"] [data-testid="stMarkdownContainer"] p, ' + main + '[data-testid="stAlert"] p'),
          table: sizes(main + 'table.mm-table td, ' + main + 'table.mm-table th'),
          pictures: sizes(main + 'figure figcaption'),
          toggle: sizes(main + '[data-testid="stCheckbox"] [data-testid="stWidgetLabel"] p'),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


@pytest.mark.browser
def test_presenter_mode_on_a_720p_screen_sets_the_results_no_smaller_than_its_captions(server: str) -> None:  # noqa: F811
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        open_expressions(page, server, PHOTOS["rest"], PHOTOS["smile"])
        page.get_by_text("Presenter mode").click()
        page.get_by_text("Movement from rest").first.wait_for(timeout=120_000)
        settle(page)
        shown = page.evaluate(_TYPE_JS, movement_ui.RESULTS)
        page.screenshot(path=str(ARTIFACTS / "walk-y-presenter-1280x720.png"), full_page=True)
        caption = max(shown["captions"])  # 18.4 px: presenter mode's captions
        assert caption >= 18.3, shown
        for part in ("sentences", "table", "pictures", "toggle"):  # 17, 15.6, 14.9 and 14.9 px before
            assert shown[part] and min(shown[part]) >= caption - 0.01, (part, shown)
        assert shown["overflow"] <= 0, shown  # nothing wider than the screen


# --- 2. and 3. the photos the wrong way round; presenter mode's findings ------------------------------------


@cache
def _wrong_way_round() -> Any:
    """The engine's reading of the walk's pair: the closed-lip smile as rest, the neutral face as the smile."""
    return measure_dynamics(detected(SMILING), {"smile": detected(NEUTRAL)})


def test_the_pair_read_the_wrong_way_round_is_the_walk_s() -> None:
    # the rest photo's own check misses a closed-lip smile, so swapped() offered nothing: the finding's premise
    report = _wrong_way_round()
    result = report.expressions["smile"]
    assert result.other_way and not result.usable
    assert movement_ui.swapped(report) == []


def test_a_movement_the_other_way_says_the_photos_may_be_swapped_and_offers_the_swap() -> None:
    at = _page(rest=SMILING, smile=NEUTRAL).run()
    assert not at.exception
    photo = photo_name("smile")
    said = " ".join(_warnings(at))
    assert NOT_SHOWN["smile"][1].format(photo=photo) in said  # the engine's sentence, as it was
    assert movement_ui.MAYBE_SWAPPED.format(what=EXPRESSIONS["smile"].shows) in said
    assert movement_ui.SWAP_HOW.format(photo=photo) in said  # the rest photo was given here
    button = at.button(key=f"{movement_ui.SWAP}-smile")
    assert button.label == f"Swap the rest and {photo} photos"
    button.click().run()  # the button swaps them: the smile now reads as one
    assert not at.exception
    photos = at.session_state[movement_ui.PHOTOS]
    assert photos["rest"].name == NEUTRAL and photos["smile"].name == SMILING
    assert not any("mouth corners pulled down" in w for w in _warnings(at))


def test_with_the_first_page_s_photo_as_rest_the_swap_says_the_first_page_keeps_its_photo() -> None:
    result = _wrong_way_round().expressions["smile"]
    said = " ".join(movement_ui.expression_warnings(result, rest_from_first=True))
    assert movement_ui.SWAP_HOW_FIRST.format(photo=photo_name("smile")) in said


def test_presenter_mode_says_the_finding_and_the_possible_swap_without_the_retake_request_or_a_button() -> None:
    at = _page(presenter=True, rest=SMILING, smile=NEUTRAL).run()
    assert not at.exception
    said = " ".join(_warnings(at))
    assert "shows the mouth corners pulled down, not up, so it gives no verdict." in said
    assert movement_ui.MAYBE_SWAPPED.format(what=EXPRESSIONS["smile"].shows).strip() in said
    assert "retake" not in said.lower() and "smile broadly" not in said and "button" not in said
    assert not [b for b in at.button if b.key and b.key.startswith(movement_ui.SWAP)]
    # outside presenter mode the same page keeps the way to retake
    assert "and retake it." in " ".join(_warnings(_page(rest=SMILING, smile=NEUTRAL).run()))


@pytest.mark.parametrize("expression", list(NOT_SHOWN))
def test_presenter_mode_drops_every_no_verdict_sentence_s_way_to_retake(expression: str) -> None:
    photo = photo_name(expression)
    for sentence in NOT_SHOWN[expression]:
        full = sentence.format(photo=photo)
        short = movement_ui.finding_only(full)
        assert full.startswith(short[:-1]) and short.endswith("so it gives no verdict.") and "retake" not in short
    person = NOT_SAME_PERSON.format(photo=photo)
    assert movement_ui.finding_only(person) == person.removesuffix(" Take both photos of the same person.")
    assert movement_ui.finding_only("A sentence with no way to retake.") == "A sentence with no way to retake."


def test_presenter_mode_does_not_show_the_rest_photo_twice() -> None:
    at = _page(presenter=True, rest=NEUTRAL, smile=SMILING).run()
    assert not at.exception
    alts = [alt for alt, _src in images(at)]
    assert not any(alt.startswith("The rest photo, as given") for alt in alts), alts  # the small thumbnail
    assert any(alt.startswith("The rest photo, cropped to the face") for alt in alts), alts  # beside the smile
    # with no expression to show it beside, the thumbnail stays
    alone = _page(presenter=True, rest=NEUTRAL).run()
    assert any(alt.startswith("The rest photo, as given") for alt, _src in images(alone))


# --- 4. a refused file's sentence across the card on a tablet -----------------------------------------------

# The refused sentence's box and the capture card's.
_REFUSED_JS = """() => {
  const alert = [...document.querySelectorAll('[data-testid="stAlert"]')].find(a => a.innerText.includes('image file is incomplete'));
  if (!alert) return null;
  const card = alert.closest('[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stVerticalBlock"][class*="border"]')
    || [...document.querySelectorAll('[data-testid="stHorizontalBlock"]')].find(h => h.querySelector('[data-testid="stFileUploader"], img'))?.parentElement;
  const p = alert.querySelector('p');
  const lines = p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
  const kept = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].some(c => c.innerText.includes('earlier photo is still shown'));
  return {width: alert.getBoundingClientRect().width, card: card.getBoundingClientRect().width, lines, kept};
}"""


@pytest.mark.browser
def test_a_refused_retake_on_a_tablet_says_why_across_the_card(server: str) -> None:  # noqa: F811
    truncated = PHOTOS["smile"].read_bytes()
    truncated = truncated[: len(truncated) // 3]  # the first third of a JPEG: it ends early
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 820, "height": 1180})
        open_expressions(page, server, PHOTOS["rest"], PHOTOS["smile"])
        expand = page.locator('[data-testid="stExpandSidebarButton"]')
        if expand.count() and expand.is_visible():  # the sidebar open, as in the walk
            expand.click()
            settle(page)
        page.get_by_role("button", name="Retake this photo").click()
        settle(page)
        upload(page, truncated)
        page.get_by_text("The image file is incomplete").wait_for(timeout=120_000)
        settle(page)
        shown = page.evaluate(_REFUSED_JS)
        page.screenshot(path=str(ARTIFACTS / "walk-y-refused-820x1180.png"), full_page=True)
        assert shown is not None and shown["kept"], shown  # "It was not used: your earlier photo is still shown."
        # 160 px and 8 lines of 1-3 words before: now the card's width, a line or two
        assert shown["width"] >= 0.8 * shown["card"], shown
        assert shown["lines"] <= 3.5, shown


# --- 5. the blink's frames say which is which ---------------------------------------------------------------


def _frames(gif: bytes) -> list[np.ndarray]:
    with Image.open(io.BytesIO(gif)) as img:
        out = []
        for i in range(img.n_frames):
            img.seek(i)
            out.append(np.asarray(img.convert("RGB"), dtype=np.int16))
        return out


def _label_box(frame: np.ndarray, base: np.ndarray) -> tuple[int, int]:
    """The height and width of the region changed from ``base`` that touches the top left corner."""
    changed = np.abs(frame - base).sum(axis=2) > 60
    rows, cols = np.nonzero(changed)
    assert changed[1, 1], "nothing drawn in the corner"
    return int(rows.max()) + 1, int(cols.max()) + 1


@pytest.mark.parametrize("side", [240, 480, 960])
def test_the_blink_labels_each_frame_in_a_corner_sized_to_the_picture(side: int) -> None:
    rest = Image.new("RGB", (side, side), (200, 170, 150))
    smile = Image.new("RGB", (side, side), (190, 160, 140))
    plain = _frames(ui_images.blink_gif(rest, smile))
    labelled = _frames(ui_images.blink_gif(rest, smile, labels=("Rest", "Big smile")))
    for drawn, base in zip(labelled, plain, strict=True):
        height, width = _label_box(drawn, base)
        assert height >= max(14, side / 25), (side, height)  # legible, and larger on a larger picture
        assert height * width <= 0.1 * side * side, (side, height, width)  # a corner, not the face
        assert drawn[height // 2, 1].sum() < 150  # a dark box under the words
    first, second = (_label_box(f, b) for f, b in zip(labelled, plain, strict=True))
    assert first[1] < second[1]  # each frame its own word: "Rest" is narrower than "Big smile"


def test_the_expressions_page_labels_its_blink_rest_and_the_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    made = ui_images.blink_gif

    def spy(first: Image.Image, second: Image.Image, **kwargs: Any) -> bytes:
        seen.append(kwargs.get("labels"))
        return made(first, second, **kwargs)

    monkeypatch.setattr(movement_ui, "blink_gif", spy)
    at = _page(rest=NEUTRAL, smile=SMILING)
    at.session_state[f"{movement_ui.BLINK}-smile"] = True
    at.run()
    assert not at.exception
    assert seen == [("Rest", "Big smile")]


def test_the_shell_s_larger_results_name_the_expressions_page_s_results() -> None:
    from ui import shell

    assert shell.MOVEMENT_RESULTS == movement_ui.RESULTS
    assert f".st-key-{movement_ui.RESULTS} " in shell._PRESENTER_CSS.split("@media (max-height")[1]
