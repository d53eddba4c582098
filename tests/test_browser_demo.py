"""Real browser, demo mode (``/?demo=1``) at 1920×1080 and on a 1366×768 laptop: the tour moves on by itself and loops (Debian's Chromium).

The server runs with ``MIRRORMAP_DEMO_SECONDS=4`` so that a whole loop takes about 20 s. Nobody touches the page:
the test watches the step heading change from the first step through the last and back to the first, times the
loop, and checks at every step that no photo control, page menu or sidebar is on screen and that the step fits
the screen. The tour shows one myth card a loop, so a second test, on a 3-second tour, watches as many loops as
there are cards (about 4 min) on both screens at once and checks that every card fits. The times and heights are
printed (``pytest -s``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.browser import ARTIFACTS, chromium, served
from ui import demo
from viz.content import load

pytestmark = pytest.mark.browser

STEP_S = 4
SCREENS = ({"width": 1920, "height": 1080}, {"width": 1366, "height": 768})  # at 1366 x 768 the mirror step ran 43 px past

# The step heading shown, whether anything that takes photos or opens pages is on screen, and the main pane's heights.
_LOOK_JS = """() => {
  const heading = [...document.querySelectorAll('h2')].map(h => h.innerText).find(t => / of \\d+ · /.test(t)) || '';
  const controls = document.querySelectorAll(['stFileUploader', 'stCameraInput', 'stSidebar', 'stSidebarNav', 'stButton',
      'stDownloadButton', 'stCheckbox', 'stSlider', 'stSelectbox', 'stRadio', 'stTextInput', 'stTextArea', 'stButtonGroup']
      .map(id => `[data-testid="${id}"]`).join(', ')).length;
  const main = document.querySelector('[data-testid="stMain"]');
  const imgs = [...document.images];
  const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg') !== null);
  const settled = drawn && imgs.every(i => i.complete && i.naturalWidth > 0) && document.querySelectorAll('[data-stale="true"]').length === 0;
  // the overlay's side labels, each inside the photo shown (the axes' area), as [left, right, photo left, photo right] CSS px
  const sides = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].flatMap(c => {
    const area = c.querySelector('.draglayer .xy .nsewdrag');
    if (!area) return [];
    const a = area.getBoundingClientRect();
    return [...c.querySelectorAll('.annotation')].filter(n => n.textContent.startsWith("subject's")).map(n => {
      const b = n.getBoundingClientRect();
      return [b.left, b.right, a.left, a.right, b.top >= a.top - 1 && b.bottom <= a.bottom + 1];
    });
  });
  return {heading, controls, height: main ? main.scrollHeight : 0, client: main ? main.clientHeight : 0, settled,
          text: main ? main.innerText : '', sides};
}"""


@pytest.fixture(scope="module")
def demo_server() -> Iterator[str]:
    """The app with a 4-second tour step (:func:`tests.browser.app_server`); yields its URL."""
    with served("streamlit-demo-server.log", env={demo.STEP_ENV: str(STEP_S)}) as url:
        yield url


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s['width']}x{s['height']}")
def test_the_tour_advances_by_itself_and_loops(demo_server: str, screen: dict[str, int]) -> None:
    n = len(demo.STEPS)
    with chromium() as browser:
        page = browser.new_page(viewport=screen)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{demo_server}/?demo=1", wait_until="domcontentloaded")
        page.get_by_text(f"1 of {n} · {demo.STEPS[0]}").wait_for(timeout=90_000)
        seen: list[tuple[float, str]] = []  # (time, heading) at each change, without any input
        looks: dict[str, dict[str, object]] = {}
        deadline = time.monotonic() + 3 * n * STEP_S + 60
        while time.monotonic() < deadline:
            look = page.evaluate(_LOOK_JS)
            heading = str(look["heading"])
            if heading and (not seen or seen[-1][1] != heading):
                seen.append((time.monotonic(), heading))
            # the first step is looked at once its overlay is drawn (with no chart yet, every chart counted as drawn)
            if heading and look["settled"] and heading not in looks and (look["sides"] or not heading.startswith("1 of")):
                page.wait_for_timeout(300)  # let the step finish drawing, then look again
                look = page.evaluate(_LOOK_JS)
                if str(look["heading"]) == heading:
                    looks[heading] = look
                    page.screenshot(path=str(ARTIFACTS / f"demo-step-{heading.split()[0]}-{screen['width']}.png"))
            # on a busy machine a cold first step can move on before its overlay is drawn: it is looked at the next loop
            if len(seen) > n and seen[-1][1].startswith("1 of") and len(looks) == n:
                break
            page.wait_for_timeout(150)
        headings = [h for _, h in seen]
        print("tour:", " → ".join(h.split(" · ")[0] for h in headings))
        assert headings[: n + 1] == [f"{i % n + 1} of {n} · {demo.STEPS[i % n]}" for i in range(n + 1)], headings
        loop_s = seen[n][0] - seen[0][0]
        print(f"one loop: {loop_s:.1f} s for {n} steps of {STEP_S} s")
        assert n * STEP_S * 0.8 <= loop_s <= n * STEP_S + 15  # it moves on by itself, at about the set pace
        for heading, look in looks.items():
            print(f"{heading}: page {look['height']} px in a {look['client']} px pane")
            assert look["controls"] == 0, heading  # no photo control, page menu, sidebar or button
            text = str(look["text"])
            assert "not medical advice" in text and "emergency" in text and "Face Research Lab London Set" in text, heading
            assert int(str(look["height"])) <= screen["height"], f"{heading} needs scrolling"
            sides = look["sides"]
            assert isinstance(sides, list)
            if heading.startswith("1 of"):  # "subject's left" floated 40 px beyond the photo at 1920 x 1080
                assert len(sides) == 2, sides
                assert all(photo_l - 1 <= left and right <= photo_r + 1 and inside for left, right, photo_l, photo_r, inside in sides), sides
        assert len(looks) == n, sorted(looks)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not errors, errors


FAST_STEP_S = 3  # the shortest step demo.step_seconds allows: one loop of the tour per myth card, 17 of them
# The myth step's heading, its card's statement, the lowest bottom of anything drawn in the main pane and of the card's
# last source, the pane's height and the smallest type of the card (CSS px).
_MYTH_JS = f"""() => {{
  const heading = [...document.querySelectorAll('h2')].map(h => h.innerText).find(t => / of \\d+ · /.test(t)) || '';
  const main = document.querySelector('[data-testid="stMain"]');
  const card = document.querySelector('.st-key-{demo.MYTH_CARD}');
  if (!main || !card || document.querySelectorAll('[data-stale="true"]').length > 0) return {{heading, myth: ''}};
  const drawn = [...main.querySelectorAll('*')].filter(e => e.getBoundingClientRect().height > 0);
  const sources = [...card.querySelectorAll('li')];
  return {{heading, myth: (card.querySelector('h3') || {{innerText: ''}}).innerText.replace(/\\u00a0/g, ' '),
          bottom: Math.max(...drawn.map(e => e.getBoundingClientRect().bottom)), sources: sources.length,
          last_source: Math.max(...sources.map(e => e.getBoundingClientRect().bottom)), scroll: main.scrollHeight,
          smallest: Math.min(...[...card.querySelectorAll('p, li')].map(e => parseFloat(getComputedStyle(e).fontSize)))}};
}}"""


@pytest.fixture(scope="module")
def fast_demo_server() -> Iterator[str]:
    """The app with a 3-second tour step; yields its URL."""
    with served("streamlit-demo-fast-server.log", env={demo.STEP_ENV: str(FAST_STEP_S)}) as url:
        yield url


def test_every_myth_card_fits_both_screens(fast_demo_server: str) -> None:
    # "Botox makes your skin sag." ran to 860 px at 1366 x 768: its fifth source was cut mid-line, and the sixth, which
    # its text cites, was below a screen nobody can scroll; only the first loop's card was looked at.
    lib = load()
    cards = {f"“{myth.myth}”": len(lib.sources_of(myth)) for myth in lib.myths}
    n = len(demo.STEPS)
    with chromium() as browser:
        tabs = {}
        for screen in SCREENS:  # each in a context of its own: two sessions, each at its own tour's pace
            tab = browser.new_context(viewport=screen).new_page()
            tab.goto(f"{fast_demo_server}/?demo=1", wait_until="domcontentloaded")
            tabs[screen["height"]] = tab
        seen: dict[int, dict[str, dict[str, object]]] = {height: {} for height in tabs}
        deadline = time.monotonic() + len(cards) * n * FAST_STEP_S * 1.5 + 90
        while time.monotonic() < deadline and any(len(shown) < len(cards) for shown in seen.values()):
            for height, tab in tabs.items():
                look = tab.evaluate(_MYTH_JS)
                myth = str(look["myth"])
                if str(look["heading"]).startswith(f"{n} of {n}") and myth in cards and myth not in seen[height]:
                    tab.wait_for_timeout(300)  # let the card finish drawing, then look again
                    again = tab.evaluate(_MYTH_JS)
                    if again["myth"] == myth:
                        seen[height][myth] = again
            time.sleep(0.2)
        for height, shown in seen.items():
            assert sorted(shown) == sorted(cards), f"at {height} px the tour showed {len(shown)} of {len(cards)} myth cards"
            for myth, look in shown.items():
                print(f"{height} px · {myth}: ends at {look['bottom']:.0f} px, its last source at {look['last_source']:.0f} px")
                assert look["sources"] == cards[myth], myth  # every source listed, as the text's numbers point into them
                assert float(str(look["bottom"])) <= height and float(str(look["last_source"])) <= height, f"{myth} runs past {height} px"
                assert int(str(look["scroll"])) <= height, f"{myth} needs scrolling at {height} px"
                assert float(str(look["smallest"])) >= 13, myth  # smaller on a short screen, still legible
