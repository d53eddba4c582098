"""The sections of the Learn page (filters, one per tab), deep-link filters, content as plain Markdown, the checklist file
and the face figure's photo.

The page itself is ``ui/pages/learn.py``; its docstring states the deep-link contract. The helpers
that do not draw return plain values, so tests can call them without a running app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal
from urllib.parse import quote, urlsplit

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import viz
from ui import a11y, cache, phone, session, site, state
from ui.widgets import movement_line, plain, saved_name
from viz.content import MUSCLE_IDS, Card, Library, Muscle, Myth, Source, TimelineFact, Topic, TopicCard
from viz.content.search import EMERGENCY_CARD, describes_sudden_droop
from viz.learn_figures import NO_MUSCLE, FaceBackdrop, curve_name, face_backdrop, muscle_area_picture, timeline_figure
from viz.report import checklist_dateline, checklist_pdf, unprintable
from viz.timeline import ONSET_FRACTION, RESET_DAY
from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY, MEASURES, MUSCLE_ACTIONS, REGION_IDS, REGIONS, VERDICTS, ended

# --- widget and session-state keys ---------------------------------------------------------------
QUERY: Final = session.personal("learn_q")  # what the person searched for: cleared with the notes
REGION: Final = "learn_region"
MUSCLE: Final = "learn_muscle"
TIMELINE: Final = "learn_timeline"
REPEAT: Final = "learn_repeat"
NOTES: Final = session.personal("learn_notes")  # the person's own notes: cleared by "New person" and the idle timeout
DOWNLOAD: Final = "learn_checklist_download"
DOWNLOAD_PDF: Final = "learn_checklist_pdf"
#: The notes' hand-over from a download's click to its file (:class:`NotesAtClick`); holds a note, so "New person" clears it.
NOTES_AT_CLICK: Final = session.personal("_learn_notes_at_click")
#: Seconds a checklist file waits for its click's rerun (which comes within a few hundredths of a second on a quiet
#: server) before it is made with the text the page last drew. 5 s once ran out on a busy two-core machine and the
#: file left the note out; the wait ends as soon as the rerun comes, so only a rerun that never comes costs it all.
CLICK_WAIT_S: Final = 20.0
CLEAR: Final = "learn_clear"
FILTER_ROW: Final = "learn_filter_row"
#: Said before the matches when no card has every word searched and the closest cards are shown instead.
CLOSEST: Final = "No card has all of these words; these come closest."


def nothing_matches(active: LearnFilter, library: Library) -> str:
    """What the page says when no card matches ``active``: for a typed question, that no card answers it yet, and that
    the Consult checklist tab lists questions to take to an injector; with no words, that the region and the muscle
    chosen (named, as in ``library``) have no card in common, and to clear one of them.

    "Forehead muscle" with "Neck" said "Try fewer or other words, or clear the filters", though nobody had typed a word.

    Examples
    --------
    >>> from viz.content import load
    >>> nothing_matches(LearnFilter(q="can I fly after botox"), load())
    'Nothing matches “can I fly after botox”. Try other words, or ask your injector: the Consult checklist tab lists questions to take to the consultation.'
    >>> nothing_matches(LearnFilter(region="neck", muscle="frontalis"), load())
    'No card is about both the forehead muscle and the neck. Clear one of them: choose “All muscles” or “All regions”.'
    """
    muscle = plain(library.muscles[active.muscle].name.lower()) if active.muscle in library.muscles else ""
    region = plain(REGIONS[active.region].lower()) if active.region in REGIONS else ""
    query = plain(active.q.strip())
    if not query:
        if muscle and region:
            return f"No card is about both the {muscle} and the {region}. Clear one of them: choose “All muscles” or “All regions”."
        about, choose = (f"the {muscle}", "“All muscles”") if muscle else (f"the {region}", "“All regions”")
        return f"No card is about {about}. Choose {choose} to see every card."
    chosen = " and ".join(word for word, value in (("region", region), ("muscle", muscle)) if value)
    narrowed = f", with the {chosen} chosen" if chosen else ""
    clear = f", clear the {chosen.replace(' and ', ' or ')}" if chosen else ""
    where = "the Consult checklist tab lists questions to take to the consultation"
    return f"Nothing matches “{query}”{narrowed}. Try other words{clear}, or ask your injector: {where}."


#: A filter another page may leave for Learn (read once, then removed): ``{"region": .., "muscle": .., "q": ..}``.
PENDING_FILTER: Final = "learn_filter"
_APPLIED: Final = "_learn_applied_link"
#: The searches this person's page put in the address. After "New person" only these are read back from it: the
#: browser's Back button replays the address history, which held the last person's searches ("palsy", "pregnancy").
_SEARCHED: Final = session.personal("_learn_searched")
#: ``(parameter, value)`` of each region and muscle filter this person's page showed (and so wrote to the address).
#: After "New person" only these are read back from the address, as :data:`_SEARCHED`: Back brought the last person's
#: "?region=jaw&muscle=frontalis" into the next person's emptied filters, and the page then kept it.
_CHOSEN: Final = session.personal("_learn_chosen")
#: ``(parameter, value)`` of each value :func:`publish` took out of the address (a link's search, a value Learn does
#: not know): met again, the browser went back to that address, and it is left as it is.
_TAKEN_OUT: Final = session.personal("_learn_taken_out")
_TIMELINE_FOR: Final = "_learn_timeline_for"
#: ``(search, tab name)``: the tab the person reads, kept while only the region or muscle filter changes. Holds the
#: search words, so "New person" clears it.
_TAB_OPEN: Final = session.personal("_learn_tab_open")
_PERSON_BACKDROP: Final = "_learn_person_backdrop"
#: Set by :func:`apply_link` when a link with a region or muscle (and no search) was applied: the page then scrolls to
#: its cards (:data:`_TO_CARDS`), once.
_LANDED: Final = "_learn_landed"
#: How many times the page scrolled to a link's cards (each time a new element, so its script runs again).
_LANDINGS: Final = "_learn_landings"

#: Query-parameter names of the deep-link contract; "New person" removes them from the address with the filter.
PARAM_REGION: Final = session.personal_param("region")
PARAM_MUSCLE: Final = session.personal_param("muscle")
PARAM_QUERY: Final = session.personal_param("q")
#: The three in the order :meth:`LearnFilter.params` writes them.
_PARAMS: Final = (PARAM_QUERY, PARAM_REGION, PARAM_MUSCLE)

#: A verdict's badge: colour and icon (its text is the vocabulary's).
BadgeColour = Literal["red", "orange", "green"]
VERDICT_BADGES: Final[Mapping[str, tuple[BadgeColour, str]]] = {
    "myth": ("red", ":material/cancel:"),
    "partly_true": ("orange", ":material/contrast:"),
    "true": ("green", ":material/check_circle:"),
}

SAMPLE_LABEL: Final = f"the sample portrait ({cache.SAMPLE_CREDIT})"
DEFAULT_TIMELINE: Final[tuple[str, ...]] = ("frontalis", "corrugator", "masseter")


def link_for_measure(measure_id: str) -> dict[str, str]:
    """Query parameters that open Learn on the region of a measure of DESIGN §4 (empty for an unknown id: the whole page).

    Examples
    --------
    >>> link_for_measure("brow_height")
    {'region': 'brows'}
    """
    words = MEASURES.get(measure_id)
    return {PARAM_REGION: words.region} if words is not None else {}


# --- deep links --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnFilter:
    """The filters of the Learn page: search words, a region id and a muscle id (empty: none)."""

    q: str = ""
    region: str = ""
    muscle: str = ""

    @property
    def active(self) -> bool:
        """True when anything narrows the cards."""
        return bool(self.q.strip() or self.region or self.muscle)

    def params(self) -> dict[str, str]:
        """The filter as query parameters, leaving out empty ones."""
        pairs = ((PARAM_QUERY, self.q.strip()), (PARAM_REGION, self.region), (PARAM_MUSCLE, self.muscle))
        return {name: value for name, value in pairs if value}


def _first(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def parse_filter(raw: Mapping[str, object]) -> tuple[LearnFilter, list[str]]:
    """Read a deep link (query parameters or the ``learn_filter`` dict), checking every value.

    Region and muscle ids are matched case-insensitively, with spaces or hyphens for underscores
    (``"Orbicularis oculi"`` finds ``orbicularis_oculi``). Unknown values are dropped.

    Returns
    -------
    LearnFilter
        The usable part of the link.
    list of str
        One plain sentence per value that was dropped.
    """
    notes: list[str] = []

    def ident(name: str, allowed: Sequence[str] | frozenset[str], what: str) -> str:
        value = _first(raw.get(name))
        if not value:
            return ""
        key = re.sub(r"[\s\-]+", "_", value.lower())
        if key in allowed:
            return key
        notes.append(f"The link asked for the {what} '{value[:40]}', which Learn does not know, so that filter was left out.")
        return ""

    region = ident(PARAM_REGION, REGION_IDS, "region")
    muscle = ident(PARAM_MUSCLE, MUSCLE_IDS, "muscle")
    return LearnFilter(q=_first(raw.get(PARAM_QUERY))[:100], region=region, muscle=muscle), notes


def _address_filter() -> tuple[LearnFilter, list[str], frozenset[str]]:
    """The filter the address holds as :func:`apply_link` reads it, the sentences about values it could not read, and
    the names of the parameters left out as the last person's (after "New person": a search, region or muscle this
    person's page did not show came from the browser's history, :data:`_SEARCHED`, :data:`_CHOSEN`)."""
    link, notes = parse_filter({name: st.query_params.get_all(name) for name in _PARAMS})
    if not state.generation():
        return link, notes, frozenset()
    chosen = st.session_state.get(_CHOSEN, ())
    kept = replace(
        link,
        q=link.q if link.q in st.session_state.get(_SEARCHED, ()) else "",
        region=link.region if not link.region or (PARAM_REGION, link.region) in chosen else "",
        muscle=link.muscle if not link.muscle or (PARAM_MUSCLE, link.muscle) in chosen else "",
    )
    fields = ((PARAM_QUERY, "q"), (PARAM_REGION, "region"), (PARAM_MUSCLE, "muscle"))
    return kept, notes, frozenset(name for name, field in fields if getattr(link, field) != getattr(kept, field))


def apply_link() -> list[str]:
    """Seed the filter widgets from a deep link; call before drawing them.

    A filter left in ``st.session_state["learn_filter"]`` wins and is removed. Otherwise the query
    parameters are applied when the widgets hold no filter yet (a new session, or after "New person"),
    or when the address holds any of them and they differ from what the page last showed (a new link).
    An address without them is no link: the sidebar opens every page with an empty address, and read
    as one saying "no filter" it emptied the filter the person came back to. Once "New person" has run, a
    search, region or muscle in the address that this person's page did not show is left out
    (:func:`_address_filter`).

    Returns
    -------
    list of str
        Sentences about link values that were left out.
    """
    pending = st.session_state.pop(PENDING_FILTER, None)
    if isinstance(pending, Mapping):
        link, notes = parse_filter(pending)
    else:
        link, notes, _ = _address_filter()
        kept = all(key in st.session_state for key in (QUERY, REGION, MUSCLE))
        linked = any(name in st.query_params for name in _PARAMS)
        if kept and (not linked or link == st.session_state.get(_APPLIED)):
            return []
    st.session_state[QUERY] = link.q
    st.session_state[REGION] = link.region
    st.session_state[MUSCLE] = link.muscle
    st.session_state.pop(_TAB_OPEN, None)  # a link lands on the tab of its matches, not on the tab last read
    # a region or muscle link lands at its cards (:func:`tabs_ui`); a search stays at the top, under the emergency box
    st.session_state[_LANDED] = bool((link.region or link.muscle) and not link.q.strip())
    return notes


def current_filter() -> LearnFilter:
    """The filter the widgets hold now."""
    return LearnFilter(
        q=str(st.session_state.get(QUERY) or ""),
        region=str(st.session_state.get(REGION) or ""),
        muscle=str(st.session_state.get(MUSCLE) or ""),
    )


def publish(current: LearnFilter) -> None:
    """Mirror the region and muscle filters in the URL (so a copied link reopens this view) and remember them as shown.

    The words a person searched are not written to the address (a link that came with ``?q=`` has it taken out once
    read): the browser keeps every address in its history, on the disk of a consult room's shared computer, where
    the next person found "learn?q=my palsy left eyelid" after "New person". The filter is remembered as the address
    reads back (:func:`parse_filter`), which is what :func:`apply_link` compares the next run's address with.

    An address the browser went back to is left as it is where it reads as the page shows it and holds nothing new to
    take out (a search taken out once before, :data:`_TAKEN_OUT`, or the last person's filter, left out): Streamlit
    adds every change of the address to the history in front of the entry changed, so Back landed there again and
    again (after "New person" on "learn?region=forehead", Back never got past Learn).
    """
    held = {name: st.query_params.get_all(name) for name in _PARAMS if name in st.query_params}
    address = {name: _first(values) for name, values in held.items()}  # read as parse_filter reads it: the first value
    read, _, dropped = _address_filter()
    taken = st.session_state.get(_TAKEN_OUT, ())
    shown_here = {PARAM_REGION: read.region, PARAM_MUSCLE: read.muscle}
    settled = all(bool(shown_here.get(name)) or name in dropped or (name, value) in taken for name, value in address.items())
    searched_now = current.q.strip()
    if settled and read == current:
        shown = read
    else:
        wanted = current.params()
        wanted.pop(PARAM_QUERY, None)
        for name, value in address.items():
            if name not in wanted:
                del st.query_params[name]
                if (name, value) not in taken:
                    taken = (*taken, (name, value))
        for name, value in wanted.items():
            if held.get(name) != [value]:
                st.query_params[name] = value
        shown = parse_filter(wanted)[0]
    st.session_state[_TAKEN_OUT] = taken
    chosen = st.session_state.get(_CHOSEN, ())
    for pair in ((PARAM_REGION, shown.region), (PARAM_MUSCLE, shown.muscle)):
        if pair[1] and pair not in chosen:
            chosen = (*chosen, pair)
    st.session_state[_CHOSEN] = chosen
    searched = st.session_state.get(_SEARCHED, ())
    if searched_now and searched_now not in searched:
        st.session_state[_SEARCHED] = (*searched, searched_now)
    # Unchanged address and nothing new remembered from it: the filter read at the top is still what it reads as.
    st.session_state[_APPLIED] = read if shown is read else _address_filter()[0]


#: The script of :func:`address_guard`; ``__SHOWN__`` is the view's filter as query parameters (JSON).
_ADDRESS_GUARD: Final = """<script>
(() => {
  const names = __NAMES__;
  window.mmLearnShown = { path: location.pathname, params: __SHOWN__ };
  const mend = () => {
    const shown = window.mmLearnShown;
    if (!shown || location.pathname !== shown.path || !document.querySelector("[data-mm-learn-address]")) return;
    const address = new URLSearchParams(location.search);
    names.forEach(name => address.delete(name));
    Object.entries(shown.params).forEach(([name, value]) => address.set(name, value));
    const search = address.toString() ? `?${address}` : "";
    if (search !== location.search) history.replaceState(history.state, "", location.pathname + search + location.hash);
  };
  mend();
  if (!window.mmLearnGuard) {
    window.mmLearnGuard = true;
    window.addEventListener("popstate", mend);
  }
})();
</script>"""


def address_guard(shown: LearnFilter) -> str:
    """A script (in an element that hides itself) that keeps the address saying the view ``shown``: its region and
    muscle, and no search words, the other parameters left as they are.

    The browser's Back and Forward change the address, and Streamlit then reruns the page with the address it last
    wrote itself, not the one gone back to: after "Jaw", "Brows" and "Eyes", Back showed "?region=brows" over the Eyes
    cards. The address is put back to the view, in place (no new entry in the history), whenever the view is drawn
    and whenever the browser goes back or forward on this page.

    Examples
    --------
    >>> '"region": "jaw"' in address_guard(LearnFilter(q="my palsy", region="jaw"))
    True
    """
    wanted = {name: value for name, value in shown.params().items() if name != PARAM_QUERY}
    script = _ADDRESS_GUARD.replace("__NAMES__", json.dumps(list(_PARAMS))).replace("__SHOWN__", json.dumps(wanted))
    return a11y.hides_itself("learn-address", script)


def keep_matching(cards: Sequence[Card], matches: Sequence[Card], active: LearnFilter) -> list[Card]:
    """The ``cards`` that are among ``matches``: in match order when a filter is active, else all of them in their own order."""
    if not active.active:
        return list(cards)
    wanted = {(type(card).__name__, card.id) for card in cards}
    return [card for card in matches if (type(card).__name__, card.id) in wanted]


#: The sections whose every card is shown whatever the region and muscle filters (the search words still narrow them):
#: with "?region=brows" (the first page's link) "See a doctor (0)" hid who should not be treated, the emergency after
#: treatment, new one-sided weakness and how to find a licensed injector.
ALWAYS_SHOWN_SECTIONS: Final = frozenset({"see_a_doctor"})
#: The urgent cards (the two the page draws in red, ``ui/pages/learn.py``, and Aftercare's urgent symptoms): shown
#: whatever the region and muscle filters too.
URGENT_CARDS: Final = frozenset({"sudden_droop", "after_treatment_warning", "urgent_symptoms"})
#: The sections whose general cards (tagged with no region, or the whole face) are shown whatever the region and muscle:
#: aftercare applies to every area ("Symptoms that need urgent care" vanished with any region chosen); its cards about
#: one area ("In the neck") still follow the region.
GENERAL_SHOWN_SECTIONS: Final = frozenset({"aftercare"})


def always_shown(card: TopicCard) -> bool:
    """Whether ``card`` is shown whatever the region and muscle filters: a safety card (see :data:`ALWAYS_SHOWN_SECTIONS`,
    :data:`URGENT_CARDS`, :data:`GENERAL_SHOWN_SECTIONS`).

    Examples
    --------
    >>> from viz.content import load
    >>> aftercare = {card.id: card for card in load().topics["aftercare"].cards}
    >>> always_shown(aftercare["urgent_symptoms"]), always_shown(aftercare["side_effects_neck"])
    (True, False)
    """
    if card.section in ALWAYS_SHOWN_SECTIONS or card.id in URGENT_CARDS:
        return True
    return card.section in GENERAL_SHOWN_SECTIONS and (not card.regions or "whole_face" in card.regions)


def clear_filters() -> None:
    """``on_click`` of the clear button."""
    st.session_state[QUERY] = ""
    st.session_state[REGION] = ""
    st.session_state[MUSCLE] = ""


def seed_timeline(muscle: str) -> None:
    """Choose the timeline's muscles from the muscle filter when that filter changed (or on first show)."""
    if st.session_state.get(_TIMELINE_FOR) != muscle or TIMELINE not in st.session_state:
        st.session_state[TIMELINE] = [muscle] if muscle else list(DEFAULT_TIMELINE)
        st.session_state[_TIMELINE_FOR] = muscle


# --- content as plain Markdown ------------------------------------------------------------------


def citation_markdown(source: Source) -> str:
    """One readable citation, escaped, with its kind and a link to the record when there is one.

    The link's words name the source and the site ("Beer et al. 2011 at doi.org"): a list read link by link (a
    screen reader's list of links) said "doi.org" three times, and nothing said which paper each opened.
    """
    citation = source.citation()
    if source.url and not (source.doi or source.pmid) and citation.endswith(source.url):
        citation = citation[: -len(source.url)].rstrip()  # the address becomes the link below
    text = f"{plain(citation)} *({source.kind_label})*"
    short = plain(source.short())
    if source.doi:
        return f"{text} [{short} at doi.org](https://doi.org/{quote(source.doi, safe='/;.-_')})"
    if source.pmid and source.pmid.isdigit():
        return f"{text} [{short} on PubMed](https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/)"
    if source.url and source.url.startswith("https://"):
        parts = urlsplit(source.url)
        search = parts.netloc == "pubmed.ncbi.nlm.nih.gov" and "term=" in parts.query  # a search is not labelled as the paper's page
        label = f"PubMed search for the title of {short}" if search else f"{short} at {plain(parts.netloc)}"
        return f"{text} [{label}]({quote(source.url, safe=':/?&=%+,;@~.-_#')})"
    return text


#: Said once beside every list of sources, on its heading's line (the lines under it are the numbered sources): the
#: links left the app for another site in a new tab, and nothing said so.
SOURCES_NOTE: Final = "Each link opens the source's own page (the publisher's, PubMed's or the issuing body's) in a new tab and needs the internet."


def sources_markdown(sources: Sequence[Source]) -> str:
    """The sources of a card as a numbered Markdown list under a heading that says where their links go (:data:`SOURCES_NOTE`)."""
    lines = [f"{number}. {citation_markdown(source)}" for number, source in enumerate(sources, start=1)]
    return f"**Sources** · {SOURCES_NOTE}\n\n" + "\n".join(lines)


#: Days after treatment at which most muscles' result is judged (Learn's "Judge the result at about two weeks").
_USUAL_REVIEW_DAYS: Final = 14


def time_course_line(muscle: Muscle) -> str:
    """The card's time-course numbers in one sentence (what the Preview and the timeline chart draw).

    Examples
    --------
    >>> from viz.content import load
    >>> line = time_course_line(load().muscles["masseter"])
    >>> line.startswith("In this app's model: 33% of the outline's full change by about day 14, strongest about week 12 and judged then")
    True
    """
    c = muscle.time_course
    # The model's onset day is where the curve reaches ONSET_FRACTION of its peak. For the jaw that is Klein 2014's 4% of
    # 12% at two weeks, so "first change about day 14" contradicted the card and the Preview, which already shows it at day 7.
    first = f"{ONSET_FRACTION:.0%} of the outline's full change by" if muscle.action == "bulk" else "first change"
    slow = c.judge_days > _USUAL_REVIEW_DAYS
    judged = f"judged at day {c.judge_days:g}" if not slow else ""
    strongest = f"strongest about week {c.peak_days / 7:.0f}"
    if slow and c.judge_days == c.peak_days:
        strongest += " and judged then (later than the usual two weeks, as the muscle thins slowly)"
    elif slow:
        judged = f"judged at about week {c.judge_days / 7:.0f} (later than the usual two weeks)"
    if c.recovery == "slow_incomplete":
        end = f"; part of the change remains at day {c.duration_days:g}, and the model ends it by day {RESET_DAY:g}"
    else:
        end = f", over by about day {c.duration_days:g}"
    steps = ", ".join(step for step in (f"{first} about day {c.onset_days:g}", judged, strongest, f"fading from about day {c.wear_off_start_days:g}") if step)
    return f"In this app's model: {steps}{end}."


#: The person's notes in the Markdown file are wrapped at this many characters (as a plain-text reader shows them).
_NOTE_WIDTH: Final = 80
#: The start of a line that Markdown reads as markup: a heading, quote, list item, rule, fence, table or HTML block.
#: The characters that make markup anywhere in a line: emphasis, code, links, images and HTML (and the escape itself).
_MARKUP_INSIDE: Final = re.compile(r"([\\`*_\[\]<>!])")
_MARKUP_START: Final = re.compile(r"^(?:[#>+\-*=_`~|<]|\d{1,9}(?=[.)]))")


def _escaped_start(line: str) -> str:
    r"""``line`` with a backslash before the punctuation that would make Markdown read its start as markup.

    Examples
    --------
    >>> print(_escaped_start("# Not a heading"), _escaped_start("2) my second"), _escaped_start("brow"))
    \# Not a heading 2\) my second brow
    """
    found = _MARKUP_START.match(line)
    if found is None:
        return line
    at = found.end() if found.group().isdigit() else 0  # "2. ..." is a list item by its dot; "#" by itself
    return f"{line[:at]}\\{line[at:]}"


def _note_item(note: str) -> list[str]:
    """One of the person's notes as a Markdown list item: escaped, wrapped, the later lines indented under the bullet.

    A note typed as "# Not a heading" became a heading in the file ("- # Not a heading"), and an unindented later
    line of a long note would have left the list; every line's start is escaped, as a wrapped line can begin with
    "#" or "1." too.
    """
    # inside the line too: "<b>bold</b>", "*star*" and "[x](http://e.com)" went out raw, shown bold, slanted and as a link
    note = _MARKUP_INSIDE.sub(r"\\\1", note)
    wrapped = textwrap.wrap(note, width=_NOTE_WIDTH - 2, break_long_words=False, break_on_hyphens=False) or [note]
    return [f"{'- ' if number == 0 else '  '}{_escaped_start(part)}" for number, part in enumerate(wrapped)]


def checklist_markdown(topic: Topic, library: Library, notes: str = "", *, when: dt.date | None = None) -> str:
    """The consult checklist as a Markdown file made in memory, dated under its title as its PDF is
    (:func:`viz.report.checklist_pdf`), so a renamed or forwarded file can still be dated.

    Parameters
    ----------
    topic : viz.content.Topic
        The ``consult_checklist`` section.
    library : viz.content.Library
        For the sources of the questions that cite any.
    notes : str, optional
        The person's own questions or notes, added as written (one per line).
    when : datetime.date, optional
        The day the file is made, today when ``None``; the day only, in the PDF's long form ("7 December 2026").

    Returns
    -------
    str
        Title, the date, the safety lines, introduction, numbered questions, the person's notes, sources and the
        safety lines again.
    """
    day = when or dt.date.today()
    # the safety lines under the title too, as the PDF has them atop every page: last alone, the sudden-droop notice
    # came after the questions, the notes and the sources
    lines = [f"# {topic.title}", "", checklist_dateline(day), ""]
    lines += [f"> {EDUCATIONAL} {ADULTS_ONLY} **{EMERGENCY}**", "", " ".join(topic.intro.split()), ""]
    lines += [f"{n}. **{ended(card.title)}** {' '.join(library.cited(card, card.text, topic.cards).split())}" for n, card in enumerate(topic.cards, 1)]
    own = [line.strip() for line in notes.splitlines() if line.strip()]
    if own:
        lines += ["", "## My own questions and notes", ""] + [item for line in own for item in _note_item(line)]
    cited = library.sources_of_all(topic.cards)
    if cited:  # numbered, as the questions' citation numbers point into this list
        lines += ["", "## Sources", ""] + [f"{number}. {source.citation()}" for number, source in enumerate(cited, start=1)]
    lines += ["", "---", "", f"MirrorMap. {EDUCATIONAL} {ADULTS_ONLY} {EMERGENCY}", ""]
    return "\n".join(lines)


# --- the photo for the area figures -------------------------------------------------------------


def _face(data: bytes, digest: str) -> viz.Face | None:
    """The face in a photo, found once per photo by the app's shared detector (``None``: none found)."""
    face = cache.work(digest, data).face()
    return face if isinstance(face, viz.Face) else None


@st.cache_resource(show_spinner=False)
def sample_backdrop() -> FaceBackdrop | None:
    """The built-in sample portrait (:data:`ui.cache.SAMPLE_PATH`) with its face found; ``None`` if no face is found."""
    face = _face(*cache.sample())
    if face is None:
        return None
    return face_backdrop(face.photo.rgb, face.xy_working, max_side=BACKDROP_PX, label=SAMPLE_LABEL)


def _person_photo() -> tuple[bytes, str] | None:
    """The person's photo bytes and a digest, read defensively from session state (or ``None``)."""
    item = st.session_state.get("photo")
    data = getattr(item, "data", None)
    if not isinstance(data, bytes):
        data = st.session_state.get("photo_bytes")
    if not isinstance(data, bytes) or not data:
        return None
    digest = getattr(item, "digest", None)
    return data, digest if isinstance(digest, str) else hashlib.sha256(data).hexdigest()


def backdrop() -> tuple[FaceBackdrop | None, str | None]:
    """The photo for the muscle-area figures: the person's when the analysis page holds one and a face is found, else the sample.

    The person's crop is kept in this session only (never in a cache shared by sessions) and is
    dropped as soon as their photo is cleared or replaced.

    Returns
    -------
    FaceBackdrop or None
        ``None`` only if no face is found even on the sample.
    str or None
        A sentence to show when the person's photo could not be used.
    """
    person = _person_photo()
    mirrored = state.mirrored()
    if person is None:
        st.session_state.pop(_PERSON_BACKDROP, None)
        return sample_backdrop(), None
    data, digest = person
    kept = st.session_state.get(_PERSON_BACKDROP)
    if isinstance(kept, tuple) and kept[0] == (digest, mirrored):
        return kept[1], kept[2]
    note: str | None = None
    made: FaceBackdrop | None = None
    found = cache.work(digest, data).face()
    if found == cache.NO_FACE:
        note = "No face was found in your photo, so the muscle areas are shown on the sample portrait."
    elif isinstance(found, cache.Failure):
        note = "Your photo could not be read here, so the muscle areas are shown on the sample portrait."
    else:
        face = found.relabelled() if mirrored else found
        made = face_backdrop(face.photo.rgb, face.xy_working, max_side=BACKDROP_PX, label="your photo")
    st.session_state[_PERSON_BACKDROP] = ((digest, mirrored), made, note)
    return (made, None) if made is not None else (sample_backdrop(), note)


# --- the page's sections ------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """The cards of each tab that pass the filters, and the filter itself."""

    active: LearnFilter
    myths: list[Myth]
    muscles: list[Muscle]
    can_cannot: list[TopicCard]
    doctor: list[TopicCard]
    aftercare: list[TopicCard]
    measuring: list[TopicCard]
    #: The consult checklist's questions that answer the search (its tab lists them all, these first): "how much does
    #: it cost" opened the tab on fourteen questions, none marked, and its label had no count.
    checklist: list[TopicCard] = field(default_factory=list)
    #: The timeline's facts that answer the search (its tab shows them all): "how long does it last" named three
    #: cards, never the Timeline's "How long it lasts".
    facts: tuple[TimelineFact, ...] = ()
    #: The search's best match, which decides the tab the page opens on: "face suddenly drooping" ranked the
    #: emergency card first, but the page opened the first tab with any match, on the myth "Botox will lift the
    #: weak or droopy side of my face".
    #: A timeline fact whose title is what the search asks comes first: "how long does it last" opened "Myth or fact"
    #: on "One session will fix my asymmetry for good.", the Timeline's "How long it lasts" a tab away.
    first: Card | TimelineFact | None = None

    def count(self, label: str, cards: Sequence[object]) -> str:
        """A tab's label, with the number of matching cards when a filter is active."""
        return f"{label} ({len(cards)})" if self.active.active else label

    def where_matches(self, matches: Sequence[Card]) -> str:
        """Which tabs hold ``matches`` (the search's cards), in a sentence: on a phone the tab strip scrolls, and the
        tab a search opens stays the one the person had open, so "see the counts on the tabs" could point at nothing
        on screen. A match no filtering tab shows (a question of the consult checklist when there is no search) is
        counted on the checklist's tab, which lists them all."""
        found = [(label, len(cards)) for label, cards in self.tabs() if cards]
        shown = {(type(card).__name__, getattr(card, "id", "")) for _, cards in self.tabs() if cards for card in cards}
        checklist = sum((type(card).__name__, card.id) not in shown for card in matches)
        if checklist:
            found.append(("Consult checklist", checklist))
        total = sum(n for _, n in found)
        where = ", ".join(f"{label} ({n})" for label, n in found)
        return f"{total} card{'s match' if total != 1 else ' matches'}: {where}."

    def tabs(self) -> list[tuple[str, Sequence[object] | None]]:
        """The page's tabs in order: each name with the cards it shows (``None``: a tab that does not filter; with a
        search, the Timeline's facts and the checklist's questions that answer it).

        The checklist lists all its questions whatever the search, so it has a count only when some answer it: "xylophone"
        labelled it "Consult checklist (0)" over sixteen questions, and the page's "Nothing matches" sent the person there.
        """
        searched = bool(self.active.q.strip())
        return [
            ("Myth or fact", self.myths),
            ("Muscles", self.muscles),
            ("Timeline", self.facts if searched else None),
            ("Can and can't", self.can_cannot),
            ("See a doctor", self.doctor),
            ("Consult checklist", self.checklist if searched and self.checklist else None),
            ("Aftercare", self.aftercare),
            ("How we measure", self.measuring),
        ]

    def labels(self) -> list[str]:
        """The tabs' labels, each filtering tab with its number of matches when a filter is active."""
        return [label if cards is None else self.count(label, cards) for label, cards in self.tabs()]

    def tabs_key(self) -> str:
        """The tabs' key: a new one for each search text, so the tab :meth:`opening` names is the one a search opens on.

        Streamlit's tabs keep the tab shown while their labels stay the same, whatever ``default`` says: after "sagging
        face" opened "Myth or fact (1)", "bells palsy" (whose best match is on "See a doctor (1)") stayed on the myth
        tab, and "headache after botox" after a search with no match showed "Myth or fact (0)" beside "1 card matches:
        Aftercare (1)". The region and muscle are left out of the key: with them in it, choosing "Eyes" while reading
        the Timeline made new tabs, which opened on "Myth or fact (1)" (:func:`tab_to_open` keeps the tab instead).
        """
        digest = hashlib.sha256(self.active.q.strip().encode()).hexdigest()[:12]
        return f"learn-tabs-{digest}"

    def named_labels(self) -> dict[str, str]:
        """Each tab's name (e.g. "Muscles") with the label it has now (e.g. "Muscles (2)"), in the tabs' order."""
        return {name: label for (name, _cards), label in zip(self.tabs(), self.labels(), strict=True)}

    def label_of(self, name: str) -> str | None:
        """The label the tab called ``name`` has now; ``None`` for no such tab."""
        return self.named_labels().get(name)

    def name_of(self, label: str) -> str | None:
        """The name of the tab whose label is ``label`` now (the inverse of :meth:`label_of`)."""
        return next((name for name, shown in self.named_labels().items() if shown == label), None)

    def opening(self) -> str | None:
        """The label of the tab to open on (``None``: the first tab): with a filter active, the tab of the search's
        best match (:attr:`first`; a question of the consult checklist opens its tab), with a muscle and no search the
        Muscles tab (where its card is open), else the first tab with matching cards.

        So a search opens where its best answer is, and a deep link such as "Open the nose cards" lands where the
        nose cards are, not on an empty tab.
        """
        if not self.active.active:
            return None
        if self.active.muscle and not self.active.q.strip() and self.muscles:
            # a muscle named without words opens its card's tab: "?muscle=frontalis" opened the Forehead muscle's card
            # on the Muscles tab while the page showed "Myth or fact"
            return self.label_of("Muscles")
        tabs = list(zip(self.tabs(), self.labels(), strict=True))
        if self.first is not None:
            key = (type(self.first).__name__, self.first.id)
            for (_name, cards), shown in tabs:
                if cards and any((type(card).__name__, getattr(card, "id", "")) == key for card in cards):
                    return shown
            if isinstance(self.first, TopicCard) and self.first.section == "consult_checklist":
                return next(shown for (name, _cards), shown in tabs if name == "Consult checklist")
        for (_name, cards), shown in tabs:
            if cards:
                return shown
        return None


def tab_to_open(shown: Shown) -> str | None:
    """The label of the tab to open on (``None``: the first tab), and remember it as the tab the person reads.

    A new search text (or a deep link, which :func:`apply_link` marks by forgetting the tab) opens the tab of its best
    match (:meth:`Shown.opening`). A change of region or muscle alone keeps the tab the person was reading (the one the
    page opened, or the one they chose: :func:`_tab_chosen`): "Timeline", then "Eyes", jumped to "Myth or fact (1)".
    Only a kept tab left with no matching card gives way to the best match, so a filter never lands on "(0)".
    """
    query = shown.active.q.strip()
    kept = st.session_state.get(_TAB_OPEN)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == query:
        cards = dict(shown.tabs()).get(kept[1], ())
        label = shown.label_of(kept[1])
        if label is not None and (cards is None or cards or not shown.active.active):
            return label
    opening = shown.opening()
    st.session_state[_TAB_OPEN] = (query, shown.name_of(opening) if opening else shown.tabs()[0][0])
    return opening


def _tab_chosen(key: str, query: str, names: Mapping[str, str]) -> None:
    """``on_change`` of the tabs: remember the tab the person opened (by name, as its count changes with the filters)."""
    label = st.session_state.get(key)
    if isinstance(label, str) and label in names:
        st.session_state[_TAB_OPEN] = (query, names[label])


def tabs_ui(shown: Shown) -> Sequence[DeltaGenerator]:
    """The page's tabs (see :meth:`Shown.tabs`), opened on :func:`tab_to_open`'s tab; returns their containers.

    The tabs tell the server which one is open (``on_change``), so a filter changed later can keep it: a tab the
    person chose is otherwise known only to the browser, which shows the ``default`` again whenever the labels'
    counts change.
    """
    key, named = shown.tabs_key(), shown.named_labels()
    names = {label: name for name, label in named.items()}
    tabs = st.tabs(list(named.values()), default=tab_to_open(shown), key=key, on_change=_tab_chosen, args=(key, shown.active.q.strip(), names))
    if st.session_state.pop(_LANDED, False) and shown.active.active:
        landings = st.session_state[_LANDINGS] = int(st.session_state.get(_LANDINGS, 0)) + 1
        st.html(a11y.hides_itself("learn-to-cards", _TO_CARDS, value=f"n{landings}"), unsafe_allow_javascript=True)
    return tabs


#: Static (in an element that hides itself): the page scrolled to the tabs, where a link's cards are. "Open the mouth
#: cards in Learn" landed at the top of the page, the cards about 1300 px further down on a phone. The content under the
#: tabs is still being drawn when this runs, so it scrolls again until the tabs stay at the top (for up to 3 s), and
#: stops as soon as the person scrolls, taps or presses a key themselves.
_TO_CARDS: Final = """<script>
(() => {
  const stop = () => { clearInterval(timer); ["wheel", "touchstart", "keydown", "mousedown"].forEach(e => window.removeEventListener(e, stop, true)); };
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(e => window.addEventListener(e, stop, true));
  let tries = 0, still = 0;
  const timer = setInterval(() => {
    const tabs = document.querySelector("[data-testid='stMain'] [data-testid='stTabs']");
    if (++tries > 30) return stop();
    if (!tabs) return;
    const top = tabs.getBoundingClientRect().top;
    if (Math.abs(top) <= 2) { if (++still >= 3) stop(); return; }
    still = 0;
    tabs.scrollIntoView({ block: "start" });
  }, 100);
})();
</script>"""


def header_ui() -> None:
    """Title and the safety notice."""
    st.title("Learn: what a neuromodulator can and cannot do")
    st.warning(site.SAFETY, icon=":material/warning:")  # as on every other page
    st.markdown(
        "Plain answers to what people ask about Botox-type treatment for an uneven face: common myths, the muscles involved, "
        "how the effect comes and goes, and what it cannot change. Every card lists the studies behind it."
    )


#: Static (no user content; :func:`ui.a11y.hides_itself` hides its element): the filter row wraps where its box is
#: narrow. Streamlit stacks columns only on a narrow screen (under 640 CSS pixels), not in a narrow box: at 200 % zoom
#: on a laptop (960 CSS pixels, the sidebar open) the row was 490 px wide, the Clear button 49 px ("Cle / ar") and the
#: boxes "All region⌄". Below 45rem the search takes a row of its own, the two boxes share the next with Clear; below
#: 26rem (a phone's column) each takes a row, as Streamlit stacks them on a phone.
_FILTER_ROW_CSS: Final = f"""<style>
.st-key-{FILTER_ROW} {{ container-type: inline-size; }}
.st-key-{CLEAR} button p {{ white-space: nowrap; }}
@container (max-width: 45rem) {{
  .st-key-{FILTER_ROW} [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; row-gap: 0.75rem; }}
  .st-key-{FILTER_ROW} [data-testid="stColumn"] {{ flex: 1 1 10rem !important; width: auto !important; min-width: 10rem !important; }}
  .st-key-{FILTER_ROW} [data-testid="stColumn"]:first-child {{ flex-basis: 100% !important; }}
  .st-key-{FILTER_ROW} [data-testid="stColumn"]:last-child {{ flex: 0 0 auto !important; min-width: 0 !important; }}
}}
@container (max-width: 26rem) {{
  .st-key-{FILTER_ROW} [data-testid="stColumn"], .st-key-{FILTER_ROW} [data-testid="stColumn"]:last-child {{ flex: 1 1 100% !important; }}
}}
</style>"""


def filters_ui(library: Library) -> Shown:
    """Search, region and muscle filters (seeded from a deep link); returns what each tab shows."""
    for note in apply_link():
        st.caption(plain(note))  # the note quotes the URL: shown as plain text, never as Markdown
    st.html(a11y.hides_itself("learn-filter-row", _FILTER_ROW_CSS))
    # the emergency box (:func:`emergency_ui`) stands above the filters: under them, on a phone (each on a row of its
    # own) it began below the screen for "half my face dropped suddenly", typed at the foot of it
    urgent = st.container()
    search_col, region_col, muscle_col, clear_col = st.container(key=FILTER_ROW).columns([3, 2, 2, 1], vertical_alignment="bottom")
    with search_col:
        st.text_input("Search the cards", key=QUERY, placeholder="e.g. droopy brow, jaw slimming, Botox smile", max_chars=100, persist_state="session")
    with region_col:
        st.selectbox("Face region", ["", *REGIONS], key=REGION, format_func=lambda region: REGIONS.get(region, "All regions"), persist_state="session")
    with muscle_col:
        st.selectbox(
            "Muscle",
            ["", *MUSCLE_IDS],
            key=MUSCLE,
            format_func=lambda muscle: library.muscles[muscle].name if muscle else "All muscles",
            persist_state="session",
        )
    with clear_col:
        st.button("Clear", key=CLEAR, on_click=clear_filters, width="stretch")
    active = current_filter()
    publish(active)
    st.html(address_guard(active), unsafe_allow_javascript=True)
    seed_timeline(active.muscle)
    if active.q.strip() and not library.searchable(active.q):  # "a" or "the": searched, it matched every card, as "82 cards match"
        # a word read as another is said as that word: "botax", read as "botox", showed "84 cards match"
        read = "; ".join(f"“{plain(word)}” as “{plain(' or '.join(instead))}”" for word, instead in library.search_corrections(active.q).items())
        st.caption(
            f"“{plain(active.q.strip())}”{f' (read {read})' if read else ''} has no word to search for (too short or too common: every card is"
            " about Botox-type treatment): try a word such as “brow” or “jaw”."
        )
        active = replace(active, q="")
    matches: list[Card] = library.search(active.q, region=active.region or None, muscle=active.muscle or None)
    closest = False
    if not matches and active.q.strip():  # no card has every word: show those that come closest, and say so
        matches = library.search(active.q, region=active.region or None, muscle=active.muscle or None, most_words=True)
        closest = bool(matches)
    corrections = library.search_corrections(active.q)
    if corrections:
        read = "; ".join(f"“{plain(word)}” as “{plain(' or '.join(instead))}”" for word, instead in corrections.items())
        st.caption(f"Searched {read}: no card has the word as typed.")

    # the safety cards pass any region and muscle (:func:`always_shown`): only the search words narrow them
    anywhere = matches if not (active.region or active.muscle) else library.search(active.q)
    if not anywhere and active.q.strip():
        anywhere = library.search(active.q, most_words=True)

    def topic_cards(*section_ids: str) -> list[TopicCard]:
        cards = [card for section in section_ids for card in library.topics[section].cards]
        kept = [card for card in keep_matching(cards, matches, active) if isinstance(card, TopicCard)]
        safety = [card for card in cards if always_shown(card)]
        kept += [card for card in keep_matching(safety, anywhere, active) if isinstance(card, TopicCard) and card not in kept]
        return kept if active.q.strip() else [card for card in cards if card in kept]  # no words: in the section's order

    shown = Shown(
        active=active,
        myths=[card for card in keep_matching(library.myths, matches, active) if isinstance(card, Myth)],
        muscles=[card for card in keep_matching(list(library.muscles.values()), matches, active) if isinstance(card, Muscle)],
        can_cannot=topic_cards("dynamic_vs_static", "alternatives"),
        doctor=topic_cards("see_a_doctor"),
        aftercare=topic_cards("aftercare"),
        measuring=topic_cards("measuring"),
        checklist=topic_cards("consult_checklist"),
        facts=tuple(library.search_facts(active.q, region=active.region or None, muscle=active.muscle or None)),
        first=(library.answering_fact(active.q, region=active.region or None, muscle=active.muscle or None) or matches[0])
        if matches and active.q.strip()
        else None,
    )
    emergency_ui(library, active.q, matches, closest=closest, where=urgent)
    if active.active:
        if closest:
            st.info(f"{CLOSEST} {shown.where_matches(matches)}", icon=":material/search:")
        elif matches or shown.facts:
            st.info(shown.where_matches(matches), icon=":material/search:")
        else:
            st.warning(nothing_matches(active, library), icon=":material/search_off:")
    return shown


def emergency_ui(library: Library, query: str, matches: Sequence[Card], *, closest: bool, where: DeltaGenerator | None = None) -> bool:
    """Above the results, the emergency card's message when a search finds it or describes a face that droops.

    In its tab (the fifth, off screen on a phone's tab strip) the message could go unseen while the page opened on a
    myth about droopy faces. Without a search (``query`` empty, as it is made for one with no word to search for)
    every card is among ``matches``, so the card being there says nothing: the box is not shown, and the notice at
    the top of the page says the emergency sentence on every visit. Returns whether it was shown.

    The card counts only when it holds every word searched: among the cards that merely come closest (``closest``: no
    card has every word, and ``matches`` are those with the most) it is a guess, and "even out my smile" or "can it
    make my smile even" showed the red box for a cosmetic question. A query that describes a droop shows it whatever
    the cards.
    """
    if not query.strip():
        return False
    found = not closest and any(isinstance(card, TopicCard) and card.id == EMERGENCY_CARD for card in matches)
    if not (found or describes_sudden_droop(query)):
        return False
    box = st if where is None else where  # where: a container above the filters, on the screen where the words are typed
    card = next((card for card in library.topics["see_a_doctor"].cards if card.id == EMERGENCY_CARD), None)
    if card is None:  # a library without the card (a test's): the site's own emergency sentence
        box.error(EMERGENCY, icon=":material/emergency:")
        return True
    box.error(f"**{plain(ended(card.title))}** {plain(library.cited(card, card.text))}", icon=":material/emergency:")
    return True


def _sources_ui(library: Library, card: Card) -> None:
    st.caption(sources_markdown(library.sources_of(card)))


def _nothing_here() -> None:
    st.caption("No card here matches the filters.")


def myths_ui(library: Library, shown: Shown) -> None:
    """The myth cards: the belief, then the verdict and why when opened."""
    st.header("Myth or fact?")
    st.caption("Open a card to see the verdict and why.")
    reveal = shown.active.active and len(shown.myths) <= 3
    for myth in shown.myths:
        colour, icon = VERDICT_BADGES[myth.verdict]
        with st.expander(f"“{plain(myth.myth)}”", expanded=reveal):
            st.badge(VERDICTS[myth.verdict], color=colour, icon=icon)
            st.markdown(f"**The fact:** {plain(library.cited(myth, myth.fact))}")
            st.markdown(plain(library.cited(myth, myth.explanation)))
            _sources_ui(library, myth)
    if not shown.myths:
        _nothing_here()


def muscles_ui(library: Library, shown: Shown) -> None:
    """The muscle cards, each with its area drawn on the person's photo (or the sample)."""
    st.header("The muscles")
    st.caption(
        "What each muscle does, the unevenness it can cause, and what relaxing it can and cannot change. "
        "Dose figures are what studies reported — information only; your injector decides."
    )
    face, photo_note = backdrop()
    if photo_note:
        st.caption(photo_note)
    # the person's photo marked mirrored is drawn relabelled (:func:`backdrop`); the sample never is
    mirrored = face is not None and face is not sample_backdrop() and state.mirrored()
    for muscle in shown.muscles:
        with st.expander(f"{plain(muscle.name)} · {plain(muscle.latin)}", expanded=shown.active.muscle == muscle.id):
            text_col, figure_col = st.columns([3, 2])
            with text_col:
                _muscle_text_ui(library, muscle)
            with figure_col:
                _muscle_area_ui(muscle, face, mirrored=mirrored)
            _sources_ui(library, muscle)
    if not shown.muscles:
        _nothing_here()


def _muscle_text_ui(library: Library, muscle: Muscle) -> None:
    def text(value: str) -> str:
        return plain(library.cited(muscle, value))

    st.badge(MUSCLE_ACTIONS[muscle.action], color="blue")
    st.markdown(f"**What it does.** {text(muscle.what_it_does)}")
    st.markdown(f"**Unevenness it can cause.** {text(muscle.asymmetry_it_drives)}")
    st.markdown(f"**What relaxing it changes.** {text(muscle.relaxing_changes)}")
    st.markdown(f"**When.** {text(muscle.timing)}")
    st.caption(time_course_line(muscle) + (f" {plain(muscle.time_course.note)}" if muscle.time_course.note else ""))
    st.markdown(f"**What it cannot fix.** {text(muscle.cannot_fix)}")
    st.markdown("**Cautions**\n\n" + "\n".join(f"- {text(caution)}" for caution in muscle.cautions))
    st.info(f"**Reported doses, for information only.** {text(muscle.reported_doses)}", icon=":material/info:")  # the text ends "Your injector decides."
    st.markdown("**What the Preview moves at full effect**\n\n" + "\n".join(f"- {plain(movement_line(move))}" for move in muscle.effect))


#: Longest side of the face crop the muscle pictures are cut from, pixels: a muscle's view is down to about half the
#: face's width, drawn 680 px wide (:data:`viz.learn_figures.AREA_PICTURE_PX`); from a 480 px crop it was enlarged 5 times.
BACKDROP_PX: Final = 1024
#: Said under every muscle's shaded area: the shading is anatomy, not a plan.
AREA_NOT_INJECTION_SITES: Final = "The shading shows where the muscle lies, not where to inject."


def area_caption(muscle: Muscle, photo: str, *, mirrored: bool = False) -> str:
    """The caption under a muscle's shaded area on ``photo`` (a backdrop's label): where it lies and what the colours
    mean, with the side the person's left shows on in that picture (its left when the photo is ``mirrored``).

    A photo marked mirrored had its shading relabelled, blue on the picture's left, while the caption still put the
    person's left on the right of the picture.
    """
    if muscle.midline:
        where = "the midline"
    else:
        shows = "on the left of this photo, which is mirrored" if mirrored else "on the right of an unmirrored photo"
        where = f"each side (blue: the person's own left, which shows {shows}; orange: their right)"
    return f"Approximate area of the {plain(muscle.name.lower())} on {plain(photo)}, on {where}. {AREA_NOT_INJECTION_SITES}"


def _muscle_area_ui(muscle: Muscle, face: FaceBackdrop | None, *, mirrored: bool = False) -> None:
    if face is None:
        st.caption("No face was found on the sample portrait, so the area cannot be drawn.")
        return
    # a square picture of the area that fills its column (viz.learn_figures.muscle_area_picture): the whole face there was
    # 124 px wide between blank bands, the nose-bridge muscle a 10 px strip; the caption says what the colours mean
    drawn = "on the midline" if muscle.midline else "on each side"
    a11y.image(
        muscle_area_picture(muscle, face),
        alt=f"A face with the approximate area of the {muscle.name.lower()} shaded {drawn}.",
        key=f"learn-area-{muscle.id}",
        width="stretch",
    )
    # Beside "Injecting low on the forehead raises the risk ...", a shaded area on the person's own face read as a map
    # of where to inject; the caption says it is not one.
    st.caption(area_caption(muscle, face.label, mirrored=mirrored))


#: The timeline's treatment schedules: days between treatments (0: one treatment) -> label.
_SCHEDULES: Final[Mapping[int, str]] = {0: "One treatment", 120: "Repeated every 4 months", 180: "Repeated every 6 months"}


def timeline_ui(library: Library, shown: Shown | None = None) -> None:
    """The effect over time for chosen muscles, one treatment or repeated, and the time-course facts: with a search
    (``shown``), those that answer it and pass the filters, as the tab's count says."""
    st.header("How the effect comes and goes")
    pick_col, repeat_col = st.columns([3, 2])
    with pick_col:
        chosen_ids: list[str] = st.multiselect(
            "Muscles on the chart", list(MUSCLE_IDS), key=TIMELINE, format_func=lambda muscle: library.muscles[muscle].name, persist_state="session"
        )
    with repeat_col:
        repeat_days: int = st.selectbox("Treatments", list(_SCHEDULES), key=REPEAT, format_func=_SCHEDULES.__getitem__, persist_state="session")
    chosen = [library.muscles[muscle_id] for muscle_id in chosen_ids]
    jaw_points = library.timeline.fact("masseter_course") if "masseter" in chosen_ids and not repeat_days else None
    st.plotly_chart(
        timeline_figure(chosen, library.sources, measured=jaw_points, repeat_every_days=repeat_days or None, max_line_chars=phone.LINE_CHARS),
        key="learn_timeline_chart",
        config={"displayModeBar": False},  # nothing to zoom; no toolbar over the title
    )
    a11y.describe_chart(
        "learn_timeline_chart",
        "Line chart: the share of each chosen muscle's peak effect over the days after treatment"
        f" ({', '.join(curve_name(m) for m in chosen)}; {_SCHEDULES[repeat_days].lower()}), with its likely range as a band."
        " The facts below give the cited figures."
        if chosen
        else f"Empty line chart: no muscle chosen. {NO_MUSCLE}",  # what the chart itself says
    )
    st.caption(
        "The chart shows the share of each muscle's full effect, not millimetres; its note says which parts are cited and which are modelled."
        + (" Repeated treatments are drawn as if each one acts on what the earlier ones left working." if repeat_days else "")
    )
    searched = shown is not None and shown.active.q.strip()
    facts = shown.facts if shown is not None and searched else library.timeline.facts
    for fact in facts:
        with st.container(border=True):
            st.markdown(f"**{plain(ended(fact.title))}** {plain(library.cited(fact, fact.text))}")
            st.caption(sources_markdown([library.sources[source_id] for source_id in fact.sources]))
    if searched:
        hidden = len(library.timeline.facts) - len(facts)
        if not facts:
            st.caption("No fact here matches the filters.")
        if hidden:
            st.caption(f"{hidden} other fact{'s are' if hidden != 1 else ' is'} left out by the filters; clear them to read every fact.")


def topic_ui(library: Library, section_id: str, cards: Sequence[TopicCard], urgent: frozenset[str] = frozenset()) -> None:
    """One topic section: its title, introduction and the cards that pass the filters (urgent ones in red)."""
    topic = library.topics[section_id]
    st.header(plain(topic.title))
    st.markdown(plain(topic.intro))
    for card in [card for card in cards if card.section == section_id]:
        with st.container(border=True):
            text = f"**{plain(ended(card.title))}** {plain(library.cited(card, card.text))}"
            if card.id in urgent:
                st.error(text, icon=":material/emergency:")
            else:
                st.markdown(text)
            _sources_ui(library, card)
    if not any(card.section == section_id for card in cards):
        _nothing_here()


class NotesAtClick:
    """The notes box as it read when a checklist download was clicked, handed from the click's rerun to the file's maker.

    A download's file is made (:meth:`at_click`) in a server thread without the session (``st.session_state`` cannot
    be read there), and the browser sends a note typed just before the click (the click takes the focus from the box,
    which applies it) in the rerun that the click itself starts, which it sends before it asks for the file. The
    buttons' ``on_click`` (:meth:`clicked`) runs at the start of that rerun, once the box's new text is in; the file
    waits for it. One click, one rerun, one file: each file takes the next click's text.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._notes = ""
        self._clicks = 0  # clicks whose rerun has left its text here
        self._files = 0  # files that took a click's text

    def __bool__(self) -> bool:
        """True when it holds a note (:func:`ui.session.holds_person` reads every personal key this way)."""
        return bool(self._notes.strip())

    def drawn(self, notes: str) -> None:
        """Keep the box's text as the page draws it: what a file holds if its click's rerun never comes."""
        with self._changed:
            self._notes = notes

    def clicked(self, notes: str) -> None:
        """Keep the box's text as the click's rerun reads it, and let the file waiting for it go on."""
        with self._changed:
            self._notes = notes
            self._clicks += 1
            self._changed.notify_all()

    def at_click(self, timeout: float | None = None) -> str:
        """The box's text at the click: waits up to ``timeout`` seconds (:data:`CLICK_WAIT_S`) for the click's rerun,
        then the text last kept."""
        with self._changed:
            if self._changed.wait_for(lambda: self._clicks > self._files, CLICK_WAIT_S if timeout is None else timeout):
                self._files += 1
            return self._notes


def _checklist_clicked(at_click: NotesAtClick) -> None:
    """``on_click`` of the checklist downloads: the box's text, read once the click's rerun has put it in."""
    at_click.clicked(str(st.session_state.get(NOTES) or ""))


def checklist_ui(library: Library, shown: Shown | None = None) -> None:
    """The consult checklist, a box for the person's own questions, and its download.

    With a search (``shown``), the questions that answer it lead, with their numbers in the list, and are marked in it:
    "how much does it cost" opened this tab on fourteen questions, none marked.
    """
    checklist = library.topics["consult_checklist"]
    st.header(plain(checklist.title))
    st.markdown(plain(checklist.intro))
    numbers = {card.id: number for number, card in enumerate(checklist.cards, 1)}
    matching = [card for card in shown.checklist if card.id in numbers] if shown is not None and shown.active.q.strip() else []

    def question(card: TopicCard) -> str:
        return f"{numbers[card.id]}. **{plain(ended(card.title))}** {plain(library.cited(card, card.text, checklist.cards))}"

    if matching:
        said = "This question answers" if len(matching) == 1 else "These questions answer"
        lead = "\n".join(f"- {question(card)}" for card in matching)
        st.info(f"**{said} your search** (numbered as in the list below):\n\n{lead}", icon=":material/search:")
    marked = {card.id for card in matching}
    st.markdown("\n".join(question(card) + (" *(matches your search)*" if card.id in marked else "") for card in checklist.cards))
    if NOTES not in st.session_state:  # set, not defaulted: the browser keeps its own copy of a box until told otherwise
        st.session_state[NOTES] = ""  # (after "New person" it showed the last person's note and sent it back on a keystroke)
    notes = st.text_area("Your own questions or notes (added to the download; kept only for this visit)", key=NOTES, max_chars=2000, persist_state="session")
    missing = unprintable(notes or "")
    if missing:
        letters = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        st.caption(f"The PDF's font has no letters for {letters}: they print there as empty boxes. The Markdown download keeps them.")
    at_click = st.session_state.get(NOTES_AT_CLICK)
    if not isinstance(at_click, NotesAtClick):
        at_click = st.session_state[NOTES_AT_CLICK] = NotesAtClick()
    at_click.drawn(notes or "")
    pdf_col, md_col = st.columns(2)
    # Both files are made when clicked (a callable), with the box as it read at the click (NotesAtClick): made as the
    # page was drawn, they left out a note typed just before the click ("Press Ctrl+Enter to apply" still showing).
    pdf_col.download_button(
        "Download the questions (PDF)",
        data=lambda: checklist_pdf(checklist, library, at_click.at_click()),
        file_name=saved_name("consult-questions", "pdf"),
        mime="application/pdf",
        key=DOWNLOAD_PDF,
        icon=":material/picture_as_pdf:",
        on_click=_checklist_clicked,
        args=(at_click,),
    )
    md_col.download_button(
        "Download the questions (Markdown)",
        data=lambda: checklist_markdown(checklist, library, at_click.at_click()),
        file_name=saved_name("consult-questions", "md"),
        mime="text/markdown",
        key=DOWNLOAD,
        icon=":material/download:",
        on_click=_checklist_clicked,
        args=(at_click,),
    )
    cited = library.sources_of_all(checklist.cards)
    if cited:
        st.caption(sources_markdown(cited))
