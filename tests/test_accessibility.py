"""Accessibility in a real browser (Debian's Chromium): axe-core on every page, alt text, chart names, and the keyboard.

- **axe-core** (the copy shipped inside ``axe-playwright-python``, injected into the page: no network) finds no
  serious or critical violation on any page or Learn tab, in the states a person sees: the first page on the
  sample portrait, Preview with a plan, Expressions and Visits with their photos, every Learn card open. The only
  violations let through are two that Streamlit's own widgets cause, each matched by rule id *and* the widget's
  selector (:data:`STREAMLIT_EXEMPTIONS`), so a violation in our own markup fails.
- **Alt text**: every ``<img>`` has one that says what it shows (not empty, not an index like ``"0"``, not a file
  name or URL, a few words, different pictures told apart), and every Plotly chart is a named figure whose drawing is
  not read out after its name. No alert is read starting with its icon's word ("warning"), and the page's main part
  is its ``main`` landmark, ringed when the keyboard reaches it.
- **Keyboard alone**: Tab, Enter, Space and arrow keys upload a photo (the file chooser is opened by a key press,
  then given the file), reach the measures, open Preview, choose a muscle and side, add it and see the simulation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import viz
from tests.browser import chromium, watched
from tests.conftest import face_path
from tests.test_browser import ARTIFACTS, server  # noqa: F401  (the server fixture)

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Exemption:
    """A violation Streamlit's own widget causes: the rule, the element it is on, and a word the check must name."""

    rule: str
    selector: str
    detail: str
    why: str


#: The only serious or critical violations let through (listed in the README).
STREAMLIT_EXEMPTIONS: tuple[Exemption, ...] = (
    Exemption(
        "aria-allowed-attr",
        'section[data-testid="stSidebar"]',
        "aria-expanded",
        "Streamlit's sidebar is a <section> with aria-expanded, an attribute its role does not allow",
    ),
    Exemption(
        "label",
        'input[type="file"][data-testid="stFileUploaderDropzoneInput"]',
        "",
        "the uploader's hidden <input type=file> has no label; its visible 'Browse files' button and drop zone are named",
    ),
    Exemption(
        "color-contrast",
        '.stMultiSelect [data-baseweb="select"] input[role="combobox"]',
        "background color: #1f5fa8",
        "the multiselect's empty type-ahead <input> lies over its first chip: axe reads the (absent) text against the chip's blue",
    ),
)

_SEVERE = ("serious", "critical")

# The page has settled: no script running, nothing stale or spinning, every image decoded and every chart drawn,
# and the expected words on the page (its no-break spaces, as in "day 14", read as plain ones).
_SETTLED_JS = """(text) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.innerText.replace(/\\u00a0/g, ' ').includes(text)) return false;
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const stale = document.querySelectorAll('[data-stale="true"]').length;
  const spinning = document.querySelectorAll('[data-testid="stSpinner"]').length;
  const images = [...document.images].every(i => i.complete && i.naturalWidth > 0);
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'));
  return running === null && stale === 0 && spinning === 0 && images && charts;
}"""

_IMAGES_JS = "() => [...document.images].map(i => ({alt: i.getAttribute('alt'), src: i.getAttribute('src') || ''}))"
_CHARTS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .filter(c => c.offsetParent !== null)
  .map(c => ({role: c.getAttribute('role'), label: c.getAttribute('aria-label') || '',
              key: [...c.closest('.stElementContainer').classList].find(k => k.startsWith('st-key-')) || ''}))"""
_FILE_NAME = re.compile(r"(?i)(\.(jpe?g|png|gif|webp|heic|tiff?|bmp)\b|/|\\|^data:|^https?:)")


def settle(page: Any, text: str, timeout_ms: int = 90_000) -> None:
    """Wait until the page has settled twice, half a second apart (a rerun queued behind a change shows in between)."""
    for _ in range(2):
        page.wait_for_function(_SETTLED_JS, arg=text, timeout=timeout_ms, polling=100)
        page.wait_for_timeout(500)


def severe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, less :data:`STREAMLIT_EXEMPTIONS`, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in _SEVERE:
            continue
        for node in violation["nodes"]:
            messages = " ".join(check["message"] for kind in ("any", "all", "none") for check in node.get(kind, []))
            exempt = any(
                e.rule == violation["id"]
                and e.detail in messages
                and page.evaluate("([t, s]) => { const n = document.querySelector(t); return n !== null && n.matches(s); }", [node["target"][-1], e.selector])
                for e in STREAMLIT_EXEMPTIONS
            )
            if not exempt:
                found.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]} — {messages[:200]}")
    return found


def exempted(page: Any) -> set[str]:
    """Which exemptions the page used (so the list stays true: an exemption nothing needs any more is removed)."""
    from axe_playwright_python.sync_playwright import Axe

    used = set()
    for violation in Axe().run(page, options={"runOnly": [e.rule for e in STREAMLIT_EXEMPTIONS]}).response["violations"]:
        for node in violation["nodes"]:
            for e in STREAMLIT_EXEMPTIONS:
                if e.rule == violation["id"] and page.evaluate(
                    "([t, s]) => { const n = document.querySelector(t); return n !== null && n.matches(s); }", [node["target"][-1], e.selector]
                ):
                    used.add(e.rule)
    return used


def alt_problems(page: Any) -> list[str]:
    """Images without a meaningful alt text: missing, empty, an index, a file name or URL, under three words, or one
    alt for two different pictures."""
    problems = []
    seen: dict[str, str] = {}
    for image in page.evaluate(_IMAGES_JS):
        alt = (image["alt"] or "").strip()
        if not alt or alt.isdigit() or _FILE_NAME.search(alt) or len(alt.split()) < 3:
            problems.append(f"{image['src'][:60]}: alt {image['alt']!r}")
        elif seen.setdefault(alt, image["src"]) != image["src"]:
            problems.append(f"two different pictures share the alt {alt!r}")
    return problems


def chart_problems(page: Any) -> list[str]:
    """Visible Plotly charts that are not a figure named in a sentence."""
    return [f"{c['key']}: role={c['role']!r} label={c['label']!r}" for c in page.evaluate(_CHARTS_JS) if c["role"] != "figure" or len(c["label"].split()) < 6]


#: Material icons a screen reader reads out as their ligature word ("info The forehead muscle figures ...", a myth badge's
#: "cancel icon: cancel Myth", an alert's "warning Educational — not medical advice"): shown, not hidden from it, and not
#: the only name of a button or link.
_SPOKEN_ICONS_JS = """() => [...document.querySelectorAll(
  '[data-testid="stIconMaterial"], [data-testid="stAlertDynamicIcon"], [data-testid="stMarkdownContainer"] span[role="img"][aria-label$=" icon"]'
)].filter((icon) => {
  if (icon.getAttribute("aria-hidden") === "true" || !icon.getClientRects().length) return false;
  const owner = icon.closest("button, a");
  return !(owner && !owner.getAttribute("aria-label") && owner.textContent.trim() === icon.textContent.trim());
}).map((icon) => icon.textContent.trim() + " in " + (icon.parentElement.closest("[data-testid]")?.dataset.testid || "?"))"""


def chart_insides(page: Any) -> list[str]:
    """Named charts whose inside the accessibility tree still reads: Plotly's layers as images of run-together words
    ("2 wkreview 8 wk 12 wk 4 mo 0% 20% ...", the legend and the title in one string) after the chart's name. What can
    be operated (the interactive overlay's toolbar of buttons) stays."""
    problems = []
    for chart in page.locator('[data-testid="stPlotlyChart"][role="figure"]:visible').all():
        inside = [line.strip() for line in chart.aria_snapshot().splitlines()[1:] if line.startswith("  - ")]  # the figure's children
        read = [line for line in inside if not line.startswith(("- toolbar", "- button", "- link"))]
        if read:
            problems.append(f"read inside {(chart.get_attribute('aria-label') or '')[:50]!r}: {' / '.join(read)[:200]!r}")
    return problems


def alerts_read_from_their_icon(page: Any) -> list[str]:
    """Alerts whose first words in the accessibility tree are their icon's ligature ("warning", "touch_app")."""
    found = []
    for alert in page.get_by_role("alert").all():
        icon = alert.locator('[data-testid="stAlertDynamicIcon"]')
        word = icon.first.inner_text().strip() if icon.count() else ""
        lines = alert.aria_snapshot().splitlines()
        first = lines[1].strip() if len(lines) > 1 else ""
        if word and first == f"- text: {word}":
            found.append(f"alert read from its icon: {first!r}")
    return found


#: The visible headings of the page's main part, in order, as (level, text).
_HEADINGS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)')]
  .filter((h) => h.getClientRects().length)
  .map((h) => [Number(h.tagName[1]), h.innerText.trim().slice(0, 60)])"""


def heading_problems(page: Any) -> list[str]:
    """Headings that skip a level (an h3 straight after the h1: a screen reader's list of headings then reads as if a
    section were missing), or a page whose first heading is not its one h1."""
    headings = page.evaluate(_HEADINGS_JS)
    problems = [] if headings and headings[0][0] == 1 else [f"first heading is not an h1: {headings[:1]}"]
    problems += [f"h{level} {text!r} after h{before}" for (before, _), (level, text) in itertools.pairwise(headings) if level > before + 1]
    return problems + [f"a second h1: {text!r}" for level, text in headings[1:] if level == 1]


def check(page: Any, where: str) -> dict[str, int]:
    """axe, alt text, chart names, spoken icons and heading levels on the page as it is; fails naming every problem.
    Returns what was checked."""
    page.wait_for_timeout(300)  # the chart labeller runs 50 ms after the last redraw
    problems = [
        *severe_violations(page),
        *alt_problems(page),
        *chart_problems(page),
        *(f"icon read aloud: {i}" for i in page.evaluate(_SPOKEN_ICONS_JS)),
        *alerts_read_from_their_icon(page),
        *chart_insides(page),
        *heading_problems(page),
    ]
    assert not problems, f"{where}:\n" + "\n".join(problems)
    return {"images": len(page.evaluate(_IMAGES_JS)), "charts": len(page.evaluate(_CHARTS_JS))}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed (pip install -e '.[dev]')")
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh tab (a new session) that fails the test on any uncaught script error."""
    tab = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        with watched(tab, request):
            yield tab
    finally:
        tab.close()


def test_the_first_page_on_the_sample_portrait(server: str, page: Any) -> None:  # noqa: F811
    page.goto(server, wait_until="domcontentloaded")
    settle(page, "Difference map")
    checked = check(page, "first page")
    assert checked["images"] >= 7 and checked["charts"] == 0, checked  # the overlay's picture, views, composites, aligned, difference
    assert {"aria-allowed-attr", "label"} <= exempted(page)  # the sidebar and the uploader: both exemptions still needed
    # the bar chart and the muscles and Learn links by region, drawn once their expanders are opened
    page.get_by_text("Chart of the differences against the normal bands").click()
    settle(page, "Tilts in degrees")
    page.get_by_text("Muscles involved and related Learn cards, by region").click()
    settle(page, "Muscles involved:")
    checked = check(page, "first page, chart and regions opened")
    assert checked["charts"] >= 1, checked  # the bars
    page.get_by_text("Interactive view", exact=True).click()  # the overlay as the interactive chart
    page.locator('.st-key-overlay_chart [data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=120_000)
    settle(page, "for millimetres ± uncertainty")  # the caption: "Hover (or tap) for millimetres ± uncertainty ..."
    checked = check(page, "first page, interactive overlay")
    assert checked["charts"] >= 2, checked  # overlay and bars


def test_preview_empty_and_with_a_plan(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/preview", wait_until="domcontentloaded")
    settle(page, "Nothing is simulated yet")
    check(page, "Preview, empty plan")
    page.get_by_role("button", name="Add to plan").click()
    settle(page, "Measures before → after")
    # each "Remove" names its line: two alike read "Remove", "Remove" to a screen reader
    remove = page.locator('[class*="st-key-preview-remove-"] button')
    page.wait_for_function("""() => document.querySelector('[class*="st-key-preview-remove-"] button')?.hasAttribute("aria-label")""")
    assert remove.count() == 1 and remove.first.get_attribute("aria-label") == "Remove Forehead muscle — left side, moderate from the plan"
    checked = check(page, "Preview with a plan")
    assert checked["images"] >= 3 and checked["charts"] >= 1, checked  # photo, simulation, arrows; the time course
    page.get_by_role("radio", name="Blink").click()  # the segmented control's other views
    settle(page, "alternating")
    check(page, "Preview, blink view")
    page.get_by_role("radio", name="Blink").click()  # again: a view stays chosen (a second click once left none checked)
    settle(page, "alternating")
    assert page.get_by_role("radio", name="Blink").get_attribute("aria-checked") == "true"
    # it alternated forever; where the device asks for less motion it is not played, and a sentence says so
    moving = page.locator("figure.mm-moving").first
    assert moving.locator("img").is_visible() and moving.locator("figcaption").is_visible()
    page.emulate_media(reduced_motion="reduce")
    # the caption ("Photo and simulation, alternating.") went on describing the hidden animation: the sentence says it all
    assert not moving.locator("img").is_visible() and not moving.locator("figcaption").is_visible()
    said = page.evaluate("(f) => getComputedStyle(f, '::before').content", moving.element_handle())
    assert "asks for less motion" in said and "choose another view" in said, said
    page.emulate_media(reduced_motion="no-preference")


def test_expressions_with_rest_and_a_smile(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/movement", wait_until="domcontentloaded")
    settle(page, "Take the photos")
    check(page, "Expressions, no photo")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(face_path("frl_london_061_03.jpg")))
    settle(page, "Retake this photo")  # the rest photo is taken
    page.get_by_text("Big smile", exact=True).first.click()
    settle(page, "Upload this photo")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(face_path("frl_london_061_08.jpg")))
    settle(page, "lined up with rest")
    checked = check(page, "Expressions with rest and smile")
    assert checked["images"] >= 4, checked  # the pictogram, the smile thumbnail, rest and the lined-up smile


def test_visits_with_two_photos(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/visits", wait_until="domcontentloaded")
    settle(page, "Take both photos the same way")
    check(page, "Visits, no photo")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(0).set_input_files(str(face_path("cc0_lisa_lisa1.jpg")))
    settle(page, "Replace this photo")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(0).set_input_files(str(face_path("cc0_lisa_lisa2.jpg")))
    settle(page, "After, lined up with before")
    checked = check(page, "Visits with before and after")
    assert checked["images"] >= 4, checked  # two thumbnails, before and the lined-up after


def test_every_learn_tab_with_every_card_open(server: str, page: Any) -> None:  # noqa: F811
    page.goto(f"{server}/learn", wait_until="domcontentloaded")
    settle(page, "Myth or fact")
    tabs = page.get_by_role("tab")
    names = [tabs.nth(i).inner_text() for i in range(tabs.count())]
    assert len(names) >= 8, names
    charts = images = 0
    for i, name in enumerate(names):
        tabs.nth(i).click()
        panel = page.locator('[role="tabpanel"]:visible')
        closed = panel.locator("details:not([open]) > summary")
        while closed.count():
            closed.first.click()
        settle(page, "")
        checked = check(page, f"Learn, tab {name!r}")
        charts, images = charts + checked["charts"], images + checked["images"]
        if name.startswith("Timeline"):
            assert "color-contrast" in exempted(page)  # the muscle chooser's chips: that exemption is still needed
    assert images >= 10 and charts >= 1, (images, charts)  # every muscle's area (a picture with its alt), and the timeline


# --- keyboard alone --------------------------------------------------------------------------------

_ACTIVE_JS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const box = a.closest('.stElementContainer');
  return {tag: a.tagName, role: a.getAttribute('role'), text: (a.getAttribute('aria-label') || a.innerText || '').trim(),
          sidebar: a.closest('[data-testid="stSidebar"]') !== null, uploader: a.closest('[data-testid="stFileUploader"]') !== null,
          key: box ? ([...box.classList].find(k => k.startsWith('st-key-')) || '') : ''};
}"""
# Where the focus is against the measures table (Streamlit's dataframe or our own HTML table): "before", "on",
# "after"; and whether the table is on screen now.
_MEASURES_JS = """() => {
  const table = document.querySelector('table[data-table="measures"], .st-key-measures_table');
  if (!table) return null;
  const a = document.activeElement, r = table.getBoundingClientRect();
  const onScreen = r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
  if (!a || a === document.body) return {where: 'before', onScreen};
  const where = table.contains(a) ? 'on' : (table.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before');
  return {where, onScreen, text: table.innerText};
}"""

# The muscle the Preview's selectbox shows, and the side its radio group has checked.
_MUSCLE_JS = """() => document.querySelector('.st-key-preview_muscle input[role="combobox"]').value"""
_SIDE_JS = """() => document.querySelector('.st-key-preview_side-paired input:checked').closest('label').innerText.trim()"""


def _another_paired_muscle() -> str:
    """The name of a muscle with a left and a right side in the plan builder's first region, not the one it starts on."""
    from viz.vocabulary import REGIONS

    muscles = list(viz.content.load().muscles.values())
    first_region = next(r for r in REGIONS if any(r in m.regions for m in muscles))
    return next(m.name for m in [m for m in muscles if first_region in m.regions][1:] if not m.midline)


def press_until(page: Any, key: str, wanted: Any, limit: int = 120) -> dict[str, Any]:
    """Press ``key`` until the focused element satisfies ``wanted``; fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        active = page.evaluate(_ACTIVE_JS)
        seen.append(active)
        if active is not None and wanted(active):
            return dict(active)
    raise AssertionError(f"{key} x{limit} never reached the element; focus went through {seen[-8:]}")


def test_the_main_part_is_a_landmark_with_a_ring_when_the_keyboard_reaches_it(server: str, page: Any) -> None:  # noqa: F811
    # after "New person" in the sidebar, Tab landed on Streamlit's main section (a Tab stop, as it scrolls): no ring, no
    # name, and the page had no main landmark
    page.goto(server, wait_until="domcontentloaded")
    settle(page, "Difference map")
    page.wait_for_timeout(300)  # the labelling script runs 50 ms after the last redraw
    assert page.get_by_role("main").count() == 1
    page.get_by_role("button", name="New person").focus()
    press_until(page, "Tab", lambda a: a["tag"] == "SECTION", limit=20)
    ring = page.evaluate(
        "() => { const a = document.activeElement, s = getComputedStyle(a);"
        " return [a.dataset.testid, a.getAttribute('role'), s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[:3] == ["stMain", "main", "solid"] and ring[3] >= 2, ring


def test_upload_result_and_preview_by_keyboard_alone(server: str, page: Any) -> None:  # noqa: F811
    from viz.preview import WATERMARK

    # Playwright catches file choosers only once it has told Chromium to: a listener set before the page loads makes
    # sure the first Enter's chooser is caught (expect_file_chooser, set just before the key, races it and can miss).
    choosers: list[Any] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto(server, wait_until="domcontentloaded")
    settle(page, "Difference map")

    # 1. The uploader's button, opened with Enter; the file chooser it opens is given the photo.
    press_until(page, "Tab", lambda a: a["uploader"] and a["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    for _ in range(100):
        if choosers:
            break
        page.wait_for_timeout(100)
    assert len(choosers) == 1, "Enter on the uploader's button opened no file chooser"
    choosers[0].set_files(str(face_path("frl_london_005_03.jpg")))
    settle(page, "Your uploaded photo")

    # 2. The measures: Tab moves through the page until the focus is past the table, which comes on screen on the way.
    page.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, 0)")
    page.keyboard.press("Escape")
    on_screen = False
    for _ in range(150):
        page.keyboard.press("Tab")
        state = page.evaluate(_MEASURES_JS)
        assert state is not None, "no measures table on the page"
        on_screen = on_screen or (state["onScreen"] and state["where"] != "before")
        if state["where"] == "after":
            break
    assert state["where"] == "after" and on_screen, state
    assert "Brow" in state["text"] and "mm" in state["text"]

    # 3. Back to the page list in the sidebar, and Enter on "Preview a treatment".
    press_until(page, "Shift+Tab", lambda a: a["sidebar"] and a["tag"] == "A" and "Preview a treatment" in a["text"], limit=200)
    page.keyboard.press("Enter")
    settle(page, "Nothing is simulated yet")

    # 4. Another muscle (its name typed into the combobox, the match picked with the arrow key and Enter), the right side
    #    (arrow key in the radio group), then "Add to plan" with Space.
    target = _another_paired_muscle()
    press_until(page, "Tab", lambda a: "preview_muscle" in a["key"] and a["role"] == "combobox")
    page.keyboard.press("Control+A")
    page.keyboard.type(target)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    settle(page, "Nothing is simulated yet")
    assert page.evaluate(_MUSCLE_JS) == target
    press_until(page, "Tab", lambda a: "preview_side-paired" in a["key"] and a["tag"] == "INPUT")
    assert page.evaluate(_SIDE_JS) == "left"
    page.keyboard.press("ArrowDown")
    settle(page, "Nothing is simulated yet")
    assert page.evaluate(_SIDE_JS) == "right"
    press_until(page, "Tab", lambda a: a["tag"] == "BUTTON" and "Add to plan" in a["text"])
    page.keyboard.press("Space")

    # 5. The simulation: its pictures, the plan with the chosen muscle and side, and the day.
    settle(page, f"{WATERMARK}, day 14")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert f"{target} — right side" in body, body[:2000]
    alts = [i["alt"] for i in page.evaluate(_IMAGES_JS)]
    assert any("simulation of the plan on day 14" in alt for alt in alts), alts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "keyboard-preview.png"))


def test_an_announcement_is_read_from_one_status_region_when_it_changes_not_on_first_showing(page: Any) -> None:
    # the day slider's numbers changed unannounced; Streamlit redraws an element's HTML whole on every change, and a
    # status region made anew with its text is not read out: the install script keeps one of its own and copies the
    # sentence into it (no server: the script and a sentence element as Streamlit would draw them)
    from ui import a11y

    script = a11y._INSTALL_BODY.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    status = f"#{a11y.STATUS_ID}"
    tab = page  # the module's browser (a second Playwright in one process is refused)
    tab.set_content('<body><main><div id="box"><span data-mm-status hidden>Day 14: a.</span></div></main></body>')
    tab.add_script_tag(content=script)
    tab.wait_for_timeout(200)
    region = tab.locator(status)
    assert tab.locator('[role="status"][aria-live="polite"]').count() == 1 and region.text_content() == ""  # on screen already
    box = region.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # visually hidden, not display: none
    assert tab.get_by_role("status").count() == 1  # in the accessibility tree
    for said in ("Day 21: b.", "Day 30: c."):  # as Streamlit redraws: the element's HTML replaced whole
        tab.evaluate("s => { document.getElementById('box').innerHTML = `<span data-mm-status hidden>${s}</span>`; }", said)
        tab.wait_for_function(f"() => document.querySelector('{status}').textContent === {said!r}", timeout=5_000)
    tab.evaluate("() => { document.getElementById('box').innerHTML = ''; }")  # another page: nothing left to say
    tab.wait_for_function(f"() => document.querySelector('{status}').textContent === ''", timeout=5_000)
    assert tab.locator('[role="status"]').count() == 1  # still one region
