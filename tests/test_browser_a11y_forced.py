"""Forced colours (Windows high contrast) in a real browser (Debian's Chromium, ``forced-colors: active`` emulated).

That mode drops every background and shadow an author sets: a switch's track and thumb, a radio's circle and a
slider's track and thumb vanished, a chosen pill, segment or tab looked like the others, and a disabled button was told
from an enabled one by a dark red against black. Each check compares a control's computed colours with the system
colour they should be (``Highlight``, ``CanvasText``, ``GrayText``: read from a probe element, as the theme decides
them), in one state and in the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import ARTIFACTS, chromium, watched
from tests.test_accessibility import settle
from tests.test_browser import server  # noqa: F401  (the server fixture)

pytestmark = pytest.mark.browser

#: The system colours as this browser's forced-colours theme computes them.
_SYSTEM_JS = """() => Object.fromEntries(['Highlight', 'HighlightText', 'CanvasText', 'Canvas', 'GrayText'].map((name) => {
  const probe = document.createElement('div');
  probe.style.backgroundColor = name;
  document.body.append(probe);
  const value = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return [name, value];
}))"""
#: An element's colours as drawn: background, text, top border (colour, width in px, style).
_LOOK_JS = """(e) => { const s = getComputedStyle(e);
  return {background: s.backgroundColor, color: s.color, border: s.borderTopColor, width: parseFloat(s.borderTopWidth), style: s.borderTopStyle}; }"""
# A switch's track is the element beside its hidden input, its thumb the one inside; a slider's track is the first
# element of its group's box, its thumb the element that holds the range input.
_TRACK = 'label:has(> span > input[role="switch"]) > div:not([data-testid])'
_SLIDER_TRACK = '[role="group"] > div > div:first-child'
_SLIDER_THUMB = '[role="group"] div:has(> div > input[type="range"])'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh tab (a new session) in forced colours that fails the test on any uncaught script error."""
    tab = browser.new_page(viewport={"width": 1440, "height": 1000})
    tab.emulate_media(forced_colors="active")
    try:
        with watched(tab, request, ARTIFACTS / f"forced-colours-{request.node.name}.png"):
            yield tab
    finally:
        tab.close()


def look(locator: Any) -> dict[str, Any]:
    """The computed colours of the first element ``locator`` finds."""
    return dict(locator.first.evaluate(_LOOK_JS))


def test_switches_pills_and_disabled_controls_on_the_first_page(server: str, page: Any) -> None:  # noqa: F811
    page.goto(server, wait_until="domcontentloaded")
    settle(page, "Difference map")
    system = page.evaluate(_SYSTEM_JS)
    # told apart, so that the checks below can tell one state from the other (HighlightText may be Canvas's colour)
    assert len({system[name] for name in ("Highlight", "CanvasText", "GrayText", "Canvas")}) == 4, system

    # a switch, off then on: a track with a border and a thumb, then a filled track
    switch = page.locator('[data-testid="stCheckbox"]:has(input[role="switch"][aria-label^="This photo is mirrored"])')
    off_track, off_thumb = look(switch.locator(_TRACK)), look(switch.locator(f"{_TRACK} > div"))
    assert off_track["border"] == system["CanvasText"] and off_track["width"] >= 1, off_track
    assert off_thumb["background"] == system["CanvasText"], off_thumb
    switch.locator("label").click()
    settle(page, "Difference map")
    on_track, on_thumb = look(switch.locator(_TRACK)), look(switch.locator(f"{_TRACK} > div"))
    assert on_track["background"] == system["Highlight"] and on_thumb["background"] == system["HighlightText"], (on_track, on_thumb)
    switch.locator("label").click()
    settle(page, "Difference map")

    # the Layers pills: a pressed one in Highlight, its words in HighlightText; one not pressed is not
    layers = page.get_by_role("toolbar", name="Layers")
    layers.get_by_role("button").first.click()
    settle(page, "Difference map")
    pressed, unpressed = layers.locator('button[aria-pressed="true"]'), layers.locator('button[aria-pressed="false"]')
    assert pressed.count() and unpressed.count()
    chosen, other = look(pressed), look(unpressed)
    assert chosen["background"] == system["Highlight"] and look(pressed.locator("p"))["color"] == system["HighlightText"], chosen
    assert other["background"] != system["Highlight"] and chosen["background"] != other["background"], other

    # disabled buttons (no photo chosen yet): GrayText with a dashed border, enabled ones a solid one
    disabled, enabled = look(page.get_by_role("button", name="Clear photo")), look(page.get_by_role("button", name="New person"))
    assert disabled["color"] == system["GrayText"] and disabled["style"] == "dashed", disabled
    assert enabled["color"] != system["GrayText"] and enabled["style"] == "solid", enabled

    # a slider: a track with a border and a thumb in CanvasText; disabled (while the views blink), the thumb in GrayText
    opacity = page.locator('[data-testid="stSlider"]:has(input[aria-label="Mirror opacity"])')
    track, thumb = look(opacity.locator(_SLIDER_TRACK)), look(opacity.locator(_SLIDER_THUMB))
    assert track["width"] >= 1 and track["border"] == system["CanvasText"] and thumb["background"] == system["CanvasText"], (track, thumb)
    page.get_by_text("Blink between the true and the mirror view").click()
    settle(page, "Difference map")
    assert look(opacity.locator(_SLIDER_THUMB))["background"] == system["GrayText"]


def test_the_segmented_control_radios_slider_and_tabs(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/preview", wait_until="domcontentloaded")
    settle(page, "Nothing is simulated yet")
    system = page.evaluate(_SYSTEM_JS)

    # a radio group's options: the chosen circle filled, the others ringed
    options = page.locator('[data-testid="stRadioOption"]')
    circle = 'div:has(+ [data-testid="stMarkdownContainer"])'
    checked = look(options.filter(has=page.locator("input:checked")).locator(circle))
    unchecked = look(options.filter(has_not=page.locator("input:checked")).locator(circle))
    assert checked["background"] == system["Highlight"], checked
    assert unchecked["background"] != system["Highlight"] and unchecked["border"] == system["CanvasText"] and unchecked["width"] >= 1, unchecked

    page.get_by_role("button", name="Add to plan").click()
    settle(page, "Measures before → after")
    view = page.get_by_role("radiogroup", name="View")
    chosen, other = look(view.locator('[role="radio"][aria-checked="true"]')), look(view.locator('[role="radio"][aria-checked="false"]'))
    assert chosen["background"] == system["Highlight"] and chosen["color"] == system["HighlightText"], chosen
    assert other["background"] != system["Highlight"], other

    days = page.locator('[data-testid="stSlider"]:has(input[aria-label^="Days after treatment"])')
    track, thumb = look(days.locator(_SLIDER_TRACK)), look(days.locator(_SLIDER_THUMB))
    assert track["width"] >= 1 and track["border"] == system["CanvasText"] and thumb["background"] == system["CanvasText"], (track, thumb)

    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    settle(page, "Myth or fact")
    selected, other = look(page.locator('[role="tab"][aria-selected="true"]')), look(page.locator('[role="tab"][aria-selected="false"]'))
    assert selected["background"] == system["Highlight"] and selected["color"] == system["HighlightText"], selected
    assert other["background"] != system["Highlight"], other
