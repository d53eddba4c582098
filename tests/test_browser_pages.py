"""Expressions and Visits in a real browser (Debian's Chromium, a desktop window): photos in through the
page's own file inputs, the verdict and the changes out, checked against the engine run here on the same
photos. AppTest puts photos into session state and never draws an image; this goes through the
uploaders, the reruns they start and the images the browser decodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import viz
from tests.browser import chromium, watched
from tests.browser_pages import PHOTOS, TABLE_JS, open_expression_view, open_expressions, open_first_page, open_visits, photo_bytes, settle, upload
from tests.conftest import face_path, spaced
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)
from ui import movement_ui, state, visits_ui
from ui.site import PAGE_LIST, tab_title
from viz.content import load as load_content
from viz.movement import measure_dynamics
from viz.visits import NO_CHANGE, compare
from viz.vocabulary import MEASURES, MOVEMENTS, REGIONS

pytestmark = pytest.mark.browser

TITLES = {name: title for name, title, _icon in PAGE_LIST}


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop-sized tab of Debian's Chromium in a new session; a picture of the page is saved if the test fails."""
    picture = ARTIFACTS / f"desktop-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(viewport={"width": 1500, "height": 1000}), request, picture, full_page=True) as tab:
        yield tab


def _face(name: str) -> viz.Face:
    face = viz.detect_face(viz.load_photo(photo_bytes(name)))
    assert face is not None
    return face


def _table(page: Any, key: str) -> list[dict[str, str]]:
    shown = page.evaluate(TABLE_JS, key)
    assert shown is not None, f"no table {key!r} on the page"
    assert not shown["cards"], f"table {key!r} shows cards in a wide window"  # columns where there is room
    assert not shown["unseen"], shown["unseen"]
    assert shown["spill"] <= 1, f"table {key!r} reaches {shown['spill']} px past its column"
    rows: list[dict[str, str]] = shown["rows"]
    return rows


def _decoded_images(page: Any) -> int:
    sizes: list[int] = page.evaluate("() => [...document.images].map(i => i.complete ? i.naturalWidth : 0)")
    assert all(sizes), f"an image did not decode: {sizes}"
    return len(sizes)


def test_expressions_measures_a_rest_and_a_smile_photo_and_gives_the_verdict(server: str, page: Any) -> None:  # noqa: F811
    open_expressions(page, server, PHOTOS["rest"], PHOTOS["smile"])
    assert page.locator('[data-testid="stException"]').count() == 0
    report = measure_dynamics(_face("rest"), {"smile": _face("smile")})
    smile = report.expressions["smile"]
    assert smile.usable  # the same person, smiling: a verdict is given

    body = spaced(page.inner_text("body"))  # a quantity's no-break spaces as plain ones, on both sides of each comparison
    assert "Movement from rest" in body and "not medical advice" in body
    assert "may show someone else" not in body  # no identity warning for the same person
    rows = _table(page, "movement-smile")
    assert rows == movement_ui.movement_rows(smile.movements)  # each side, the ratio, and which side pulls harder
    assert {row["movement"] for row in rows} == {MOVEMENTS[mid].label for mid in smile.movements}
    for mid, movement in smile.movements.items():
        assert spaced(movement.note) in body, MOVEMENTS[mid].label  # the verdict in words, with its threshold
    for region, balance in report.static_vs_dynamic.items():  # static or dynamic, per region
        assert REGIONS[region] in body and spaced(balance.note) in body
    assert _decoded_images(page) >= 3  # the pictogram, rest and the smile lined up with it


def test_explore_beside_an_option_in_the_expression_view_fills_in_the_plan_builder(server: str, page: Any) -> None:  # noqa: F811
    # the expression view is a fragment: its button's rerun left the builder above as it was, and the builder's next
    # run put the browser's old choice back, so "Explore" did nothing there (at rest it worked)
    open_expression_view(page, server, face_path("frl_london_006_03.jpg"), face_path("frl_london_006_08.jpg"))
    explore = page.locator('[class*="st-key-preview-move-explore-"] button').first
    explore.wait_for(timeout=120_000)
    settle(page)
    key = explore.evaluate("b => [...b.closest('[class*=st-key-preview-move-explore-]').classList].find(c => c.startsWith('st-key-'))")
    muscle, side = key.removeprefix("st-key-preview-move-explore-").rsplit("-", 1)
    name = load_content().muscles[muscle].name
    shown = "() => document.querySelector('.st-key-preview_muscle input').value"
    assert page.evaluate(shown) != name  # the choice still to make
    explore.click()
    settle(page)
    page.wait_for_function(f"() => ({shown})() === {name!r}", timeout=30_000)
    chosen = page.locator("[class*=st-key-preview_side] [data-testid=stRadioOption][data-selected=true]").inner_text().strip()
    assert chosen == side, (chosen, side)


def test_the_chosen_expression_stays_chosen_after_its_photo_and_a_retake_keeps_that_step(server: str, page: Any) -> None:  # noqa: F811
    open_expressions(page, server, PHOTOS["rest"], PHOTOS["smile"])

    def chosen() -> list[str]:
        return [r.inner_text().strip() for r in page.get_by_role("radio").all() if r.get_attribute("aria-checked") == "true"]

    assert chosen() == ["Big smile"]  # the photo added a tick elsewhere, not a new set of options that drops the choice
    page.get_by_text("✓ Taken: Rest, Big smile.").wait_for(timeout=60_000)
    page.get_by_role("button", name="Retake this photo").click()
    settle(page)
    assert chosen() == ["Big smile"]
    assert page.get_by_text("Example: big smile").count() == 1
    assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 1  # the smile's uploader, ready
    assert page.get_by_role("button", name="Retake this photo").count() == 0  # the rest photo is not offered for retake


def test_visits_compares_two_photos_and_shows_every_change(server: str, page: Any) -> None:  # noqa: F811
    open_visits(page, server, PHOTOS["before"], photo_bytes("after"))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.title() == tab_title(dict((name, title) for name, title, _icon in PAGE_LIST)["visits.py"])  # the tab names its page
    report = compare(_face("before"), _face("after"))
    beyond = [c for c in report.changes.values() if c.beyond_uncertainty]
    assert beyond, "this pair was chosen for a change beyond the uncertainty: choose another if the engine no longer finds one"

    body = spaced(page.inner_text("body"))
    assert spaced(report.summary) in body and all(MEASURES[c.id].noun in body for c in beyond)
    assert NO_CHANGE not in body
    for warning in report.warnings:  # how each photo was read, and the identity check
        assert spaced(warning) in body
    rows = _table(page, "visits")
    assert rows == visits_ui.change_rows(report)  # before, after, change, uncertainty and the verdict for each measure
    assert len(rows) == len(MEASURES)
    assert _decoded_images(page) >= 4  # both photos as given, and the pair lined up


def test_settings_changed_on_a_page_are_still_set_after_a_visit_to_another_page_until_new_person(server: str, page: Any) -> None:  # noqa: F811
    # Streamlit forgets a widget's value when its page is not drawn; one last set in a fragment's rerun (the first
    # page's results, the Preview viewer) was forgotten even though the app wrote it back on every run: the selfie
    # switch came back off, and Preview and the other pages swapped left and right back.
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    mirrored = page.get_by_role("switch", name="This photo is mirrored (selfie mode)")
    pressed = page.locator('[data-testid="stButtonGroup"] button[aria-checked="true"], [data-testid="stButtonGroup"] button[aria-pressed="true"]')
    chart = page.locator('[data-testid="stExpander"] details[open]', has_text="Chart of the differences")
    layers = pressed.count()
    assert not mirrored.is_checked() and chart.count() == 0 and layers >= 2
    page.locator("label", has_text="This photo is mirrored (selfie mode)").click()
    settle(page)
    page.get_by_text("Chart of the differences against the normal bands").click()
    settle(page)
    pressed.first.click()
    settle(page)
    assert mirrored.is_checked() and chart.count() == 1 and pressed.count() == layers - 1

    def go(title: str) -> None:
        page.get_by_role("link", name=title).first.click()
        page.wait_for_function("(t) => document.title.startsWith(t)", arg=title, timeout=60_000)
        settle(page)

    go("Preview a treatment")
    assert page.get_by_text("marked as mirrored (selfie mode)").count() == 1
    page.get_by_role("button", name="Add to plan").click()
    page.get_by_text("Over the days after treatment").wait_for(timeout=120_000)
    settle(page)
    day = page.get_by_role("slider", name="Days after treatment")
    day.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    settle(page)
    page.get_by_text("Swipe", exact=True).first.click()
    settle(page)
    swipe = page.locator('img[alt^="The photo left of a divider"]')
    assert swipe.count() == 1 and "on day 20" in (swipe.first.get_attribute("alt") or "")

    go(TITLES["learn.py"])
    go("Preview a treatment")
    assert swipe.count() == 1 and "on day 20" in (swipe.first.get_attribute("alt") or "")
    go(TITLES["movement.py"])
    assert page.get_by_role("switch", name="Photos added on this page are mirrored", exact=False).first.is_checked()
    go("Your face, measured")
    assert mirrored.is_checked() and chart.count() == 1 and pressed.count() == layers - 1

    # "New person" sets every one of them back: the next person sees none of it
    page.get_by_role("button", name="New person").click()
    page.get_by_role("button", name="Yes, clear").click()
    settle(page)
    assert not mirrored.is_checked() and chart.count() == 0 and pressed.count() == layers
    go("Preview a treatment")
    assert page.get_by_text("marked as mirrored").count() == 0
    assert page.get_by_text("Nothing is simulated yet").count() == 1


def test_keyboard_focus_on_a_page_link_in_the_sidebar_is_drawn_as_a_ring(server: str, page: Any) -> None:  # noqa: F811
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    link = page.locator('[data-testid="stSidebarNav"] a').nth(1)
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus that came from the keyboard (:focus-visible)
    ring = link.evaluate("e => { const s = getComputedStyle(e); return [e === document.activeElement, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] and ring[1] == "solid" and ring[2] >= 2, ring


@pytest.mark.parametrize("width", [700, 1000, 1500])
def test_the_plan_builder_s_pickers_hold_every_muscle_name(server: str, page: Any, width: int) -> None:  # noqa: F811
    # at 200% zoom (700 px) the muscle picker read "Forehead musc…" and "Nose-bridge frown m…"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server}/preview", wait_until="domcontentloaded")
    page.get_by_text("Nothing is simulated yet").wait_for(timeout=120_000)
    settle(page)
    names = [m.name for m in load_content().muscles.values()] + list(REGIONS.values())
    cut = page.evaluate(
        """(names) => ['preview_region', 'preview_muscle'].flatMap(k => {
            const input = document.querySelector('.st-key-' + k + ' input'), s = getComputedStyle(input);
            const pen = document.createElement('canvas').getContext('2d');
            pen.font = s.font;
            const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return names.filter(n => pen.measureText(n).width > room).map(n => [k, n, room]);
        })""",
        names,
    )
    assert cut == [], cut


def test_keyboard_focus_on_a_tab_is_drawn_as_a_ring(server: str, page: Any) -> None:  # noqa: F811
    # Learn's tabs showed a thin clipped sliver beside the label
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    tab = page.get_by_role("tab").nth(1)
    tab.wait_for(timeout=120_000)
    settle(page)
    tab.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus that came from the keyboard (:focus-visible)
    ring = tab.evaluate("e => { const s = getComputedStyle(e); return [e === document.activeElement, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] and ring[1] == "solid" and ring[2] >= 2, ring


@pytest.mark.parametrize("presenter", [False, True])
def test_the_first_tab_on_learn_reaches_the_search_not_a_heading_link(server: str, page: Any, presenter: bool) -> None:  # noqa: F811
    # Streamlit's "Link to heading" anchors were the first keyboard stop on Learn and one more before each tab's cards
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    search = page.get_by_role("textbox", name="Search the cards")
    search.wait_for(timeout=120_000)
    settle(page)
    if presenter:
        page.get_by_text("Presenter mode").click()
        settle(page)
    page.locator("h1").first.click()  # from the page's heading, as a person who starts reading there
    page.keyboard.press("Tab")
    assert search.evaluate("e => e === document.activeElement")
    assert page.evaluate("() => [...document.querySelectorAll('h1 a, h2 a, h3 a')].filter(a => a.getClientRects().length).length") == 0


def test_keyboard_focus_on_a_switch_or_a_radio_option_is_drawn_as_a_ring(server: str, page: Any) -> None:  # noqa: F811
    # their inputs are hidden and the only cue was a pale tint, about 1.2:1 on white
    ring_js = "e => { const s = getComputedStyle(e.closest('label')); return [e === document.activeElement, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Where the face differs").wait_for(timeout=120_000)
    settle(page)
    mirrored = page.get_by_role("switch", name="This photo is mirrored (selfie mode)")
    for url, control in ((server, mirrored), (f"{server}/preview", page.get_by_role("radio").first)):
        if url != server:
            page.goto(url, wait_until="domcontentloaded")
            settle(page)
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus that came from the keyboard (:focus-visible)
        ring = control.evaluate(ring_js)
        assert ring[0] and ring[1] == "solid" and ring[2] >= 2, (url, ring)


def test_every_page_name_in_the_sidebar_fits_on_its_line(server: str, page: Any) -> None:  # noqa: F811
    # the menu cut "Expressions: how your face moves" to "Expressions: how your face ..." (and the Learn page's name);
    # then the current page's name, set in bold, came out 0.03 px wider than its line in presenter mode ("how you mo…"),
    # which no scroll width shows: an element that ends its text in "…" is measured by the text itself
    page.goto(f"{server}/movement", wait_until="domcontentloaded")  # the longest name is the current page's
    page.locator("a[data-testid=stSidebarNavLink][aria-current=page]").wait_for(timeout=120_000)
    settle(page)
    for mode in ("ordinary", "presenter"):  # presenter mode's larger type cut two names at 1920 px
        if mode == "presenter":
            page.get_by_text("Presenter mode").click()
            settle(page)
        links = page.evaluate(
            """() => [...document.querySelectorAll('a[data-testid=stSidebarNavLink]')].map(a => [a.innerText,
                [...a.querySelectorAll('*')].some(e => {
                    const s = getComputedStyle(e);
                    if (s.textOverflow !== 'ellipsis' || s.whiteSpace !== 'nowrap') return e.scrollWidth > e.clientWidth + 1;
                    const text = document.createRange();
                    text.selectNodeContents(e);
                    return text.getBoundingClientRect().width > e.getBoundingClientRect().width;
                })])"""
        )
        assert [text.strip().splitlines()[-1] for text, _ in links] == list(TITLES.values()), (mode, links)
        assert not [text for text, cut in links if cut], (mode, links)


@pytest.mark.parametrize("path", ["", "/learn", "/preview", "/movement", "/visits"])
def test_a_new_session_asks_nothing_of_any_other_site(server: str, page: Any, path: str) -> None:  # noqa: F811
    # the tab's icon: a page's Material icon shown as the tab's icon was fetched from fonts.gstatic.com until the
    # app's own icon arrived (every new session's first page)
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else elsewhere.append(r.url))
    page.goto(f"{server}{path}", wait_until="domcontentloaded")
    page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(timeout=120_000)
    settle(page)
    page.locator('a[data-testid=stSidebarNavLink][href$="/learn"]').click()  # and another page after it
    settle(page)
    assert not elsewhere, elsewhere
    assert page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href").startswith("data:image/svg+xml")


def test_a_new_photo_turns_mirrored_off_with_a_note_that_goes_once_the_switch_is_used(server: str, page: Any) -> None:  # noqa: F811
    # the switch and its note are redrawn by the results fragment alone: a note shown with the photo controls stayed
    # up, above "marked as mirrored", after the person had switched mirrored back on
    switch = "This photo is mirrored (selfie mode)"
    caption = "· marked as mirrored (selfie mode)"  # the caption's words (the status region says "Marked as mirrored, ...")
    open_first_page(page, server, face_path("frl_london_005_03.jpg"))
    page.get_by_text(switch).click()
    settle(page)
    assert page.get_by_text(caption).count() == 1
    upload(page, face_path("frl_london_061_03.jpg"))
    settle(page)
    assert page.get_by_text(state.MIRRORED_RESET).count() == 1 and page.get_by_text(caption).count() == 0
    page.get_by_text(switch).click()
    settle(page)
    assert page.get_by_text(state.MIRRORED_RESET).count() == 0 and page.get_by_text(caption).count() == 1


#: The rest picture and the expression lined up with it, as shown: their boxes.
COMPARISON_JS = """() => [...document.querySelectorAll('img')].filter(i => i.alt.startsWith('The rest photo') || i.alt.includes('lined up with the rest photo'))
  .map(i => { const r = i.getBoundingClientRect(); return {alt: i.alt, left: r.left, top: r.top, width: r.width, height: r.height}; })"""


def test_the_rest_and_expression_pictures_are_side_by_side_at_a_useful_size_on_a_laptop(request: pytest.FixtureRequest, server: str) -> None:  # noqa: F811
    # beside the table, in a column of two, each was 136 px wide at 1280 px: too small to see a movement
    picture = ARTIFACTS / f"desktop-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(viewport={"width": 1280, "height": 900}), request, picture, full_page=True) as tab:
        open_expressions(tab, server, PHOTOS["rest"], PHOTOS["smile"])
        rest, smile = tab.evaluate(COMPARISON_JS)
        assert abs(rest["width"] - movement_ui.COMPARE_WIDTH) <= 1 and abs(smile["width"] - movement_ui.COMPARE_WIDTH) <= 1, (rest, smile)
        assert abs(rest["top"] - smile["top"]) <= 1 and rest["left"] + rest["width"] < smile["left"], (rest, smile)  # side by side
        assert _table(tab, "movement-smile")  # the table, below them, still a table with every cell seen


#: The Visits table's box and the width its columns need with every word whole (a clone laid out at its min-content
#: width, words not broken), and the words the table as shown breaks across two lines (a break after a hyphen is fine).
VISITS_TABLE_JS = """() => {
  const table = document.querySelector('table.mm-table[data-table="visits"]');
  const clone = table.cloneNode(true);
  clone.style.width = 'min-content';
  clone.querySelectorAll('th, td').forEach(c => { c.style.overflowWrap = 'normal'; });
  const holder = document.createElement('div');
  holder.style.cssText = 'position: absolute; left: 0; top: 0; width: 10px; visibility: hidden';
  holder.appendChild(clone);
  document.body.appendChild(holder);
  const needed = clone.getBoundingClientRect().width;
  holder.remove();
  const broken = [];
  for (const cell of table.querySelectorAll('th, td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/[^\\s-]+-?/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) broken.push(m[0]);
      }
    }
  }
  return {box: table.parentElement.getBoundingClientRect().width, needed, broken};
}"""


def test_visits_shows_a_real_table_on_a_laptop_with_every_word_whole(request: pytest.FixtureRequest, server: str) -> None:  # noqa: F811
    # at 1280 px with the sidebar open the table showed as cards (its 900 px threshold against an 810 px box), while
    # Preview's showed as a table: numbers are compared down a column
    picture = ARTIFACTS / f"desktop-{request.node.name}.png"
    with chromium() as browser, watched(browser.new_page(viewport={"width": 1280, "height": 900}), request, picture, full_page=True) as tab:
        open_visits(tab, server, PHOTOS["before"], photo_bytes("after"))
        assert tab.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 1  # the sidebar open beside it
        shown = tab.evaluate(VISITS_TABLE_JS)
        # above the threshold the columns have room for every word whole, and a laptop's box is above it
        assert shown["needed"] <= visits_ui.TABLE_MIN_WIDTH <= shown["box"], shown
        assert _table(tab, "visits") and not shown["broken"], shown
