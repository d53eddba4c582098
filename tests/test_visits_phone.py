"""The Visits page's two lined-up photos on a phone (390×844, Debian's Chromium): side by side, both on one screen,
their captions whole. Stacked, each was about 475 px high and the two visits were never on the screen together."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser_pages import PHOTOS, open_visits, photo_bytes
from tests.test_browser import browser, server  # noqa: F401  (the fixtures)
from tests.test_browser_phone import page  # noqa: F401  (a phone-sized tab)

pytestmark = pytest.mark.browser

#: The two lined-up pictures and their captions, as the page draws them (CSS pixels).
PAIR_JS = """() => ['The before photo, cropped to the face', 'The after photo, lined up with the before photo'].map(alt => {
  const img = document.querySelector(`img[alt="${alt}"]`);
  if (!img) return null;
  img.scrollIntoView({block: 'center'});
  const r = img.getBoundingClientRect();
  const fig = img.closest('[data-testid="stColumn"]');
  const cap = [...fig.querySelectorAll('*')].find(e => e.children.length === 0 && /^(Before|After, lined up with before)$/.test(e.textContent.trim()));
  const c = cap ? cap.getBoundingClientRect() : null;
  return {top: r.top + window.scrollY, left: r.left, width: r.width, height: r.height,
          caption: cap ? {left: c.left, right: c.right, width: c.width, font: parseFloat(getComputedStyle(cap).fontSize),
                          whole: cap.scrollWidth <= cap.clientWidth + 1} : null};
})"""


def test_the_lined_up_photos_are_side_by_side_on_a_phone(server: str, page: Any) -> None:  # noqa: F811
    open_visits(page, server, PHOTOS["before"], photo_bytes("after"))
    before, after = page.evaluate(PAIR_JS)
    assert before is not None and after is not None
    assert abs(before["top"] - after["top"]) <= 1 and before["left"] + before["width"] <= after["left"], (before, after)
    assert after["left"] + after["width"] <= 390 and before["left"] >= 0
    assert max(before["height"], after["height"]) < 844 / 2, (before, after)  # with the words around them, on one screen
    for shown in (before, after):
        cap = shown["caption"]
        assert cap is not None and cap["font"] >= 12 and cap["whole"] and 0 <= cap["left"] and cap["right"] <= 390, shown
