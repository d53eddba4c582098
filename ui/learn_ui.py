"""Helpers of the Learn page: deep-link filters, plain-text rendering of content, the checklist file and the face figure's photo.

The page itself is ``ui/pages/learn.py``; its docstring states the deep-link contract. Everything
here that does not draw returns plain values, so tests can call it without a running app.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urlsplit

import streamlit as st

import viz
from ui import cache
from viz.asymmetry import REGION_OF
from viz.content import MUSCLE_IDS, REGIONS, Card, Library, Movement, Muscle, Source, Topic
from viz.learn_figures import FaceBackdrop, face_backdrop

# --- widget and session-state keys ---------------------------------------------------------------
QUERY: Final = "learn_q"
REGION: Final = "learn_region"
MUSCLE: Final = "learn_muscle"
TIMELINE: Final = "learn_timeline"
REPEAT: Final = "learn_repeat"
NOTES: Final = "learn_notes"
DOWNLOAD: Final = "learn_checklist_download"
CLEAR: Final = "learn_clear"
#: A filter another page may leave for Learn (read once, then removed): ``{"region": .., "muscle": .., "q": ..}``.
PENDING_FILTER: Final = "learn_filter"
_APPLIED: Final = "_learn_applied_link"
_TIMELINE_FOR: Final = "_learn_timeline_for"
_PERSON_BACKDROP: Final = "_learn_person_backdrop"

#: Query-parameter names of the deep-link contract.
PARAM_REGION: Final = "region"
PARAM_MUSCLE: Final = "muscle"
PARAM_QUERY: Final = "q"

#: Region ids in the order the filter lists them, with their labels.
REGION_LABELS: Final[Mapping[str, str]] = {
    "brows": "Brows",
    "forehead": "Forehead",
    "eyes": "Eyes",
    "nose": "Nose",
    "mouth": "Mouth",
    "jaw": "Jaw",
    "neck": "Neck",
    "whole_face": "Whole face",
}
assert set(REGION_LABELS) == set(REGIONS)

VERDICTS: Final[Mapping[str, tuple[str, str, str]]] = {
    # verdict -> (badge text, badge colour, icon)
    "myth": ("Myth", "red", ":material/cancel:"),
    "partly_true": ("Partly true", "orange", ":material/contrast:"),
    "true": ("True", "green", ":material/check_circle:"),
}
ACTIONS: Final[Mapping[str, str]] = {
    "elevator": "Lifts (elevator)",
    "depressor": "Pulls down (depressor)",
    "closer": "Closes (sphincter)",
    "bulk": "Bulk (chewing muscle)",
    "mixed": "Several actions",
}
_TARGETS: Final[Mapping[str, str]] = {
    "brow_inner": "Inner brow",
    "brow_mid": "Brow above the pupil",
    "brow_tail": "Outer brow",
    "mouth_corner": "Mouth corner",
    "lower_lip": "Lower lip",
    "chin": "Chin",
    "jaw_contour": "Jaw outline",
    "cheek": "Cheek",
    "none": "Resting face",
}
_DIRECTIONS: Final[Mapping[str, str]] = {"up": "rises", "down": "lowers", "inward": "narrows", "none": "does not move"}

SAMPLE_LABEL: Final = "the sample portrait (Grace Hopper, US Navy official photo, public domain)"
DEFAULT_TIMELINE: Final[tuple[str, ...]] = ("frontalis", "corrugator", "masseter")

_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|~$:])")


def link_for_measure(measure_id: str) -> dict[str, str]:
    """Query parameters that open Learn on the region of a measure of DESIGN §4 (empty for an unknown id: the whole page).

    Examples
    --------
    >>> link_for_measure("brow_height")
    {'region': 'brows'}
    """
    region = REGION_OF.get(measure_id)
    return {PARAM_REGION: region} if region in REGIONS else {}


def plain(text: str) -> str:
    r"""Escape Markdown so content shows as written (no emphasis, links, maths, colour tags or icons); whitespace is collapsed.

    Examples
    --------
    >>> print(plain("Costs $5 *or* :red[more]"))
    Costs \$5 \*or\* \:red\[more\]
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


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

    region = ident(PARAM_REGION, REGIONS, "region")
    muscle = ident(PARAM_MUSCLE, MUSCLE_IDS, "muscle")
    return LearnFilter(q=_first(raw.get(PARAM_QUERY))[:100], region=region, muscle=muscle), notes


def apply_link() -> list[str]:
    """Seed the filter widgets from a deep link; call before drawing them.

    A filter left in ``st.session_state["learn_filter"]`` wins and is removed. Otherwise the query
    parameters are applied when they differ from what the page last showed (a new link) or when the
    widgets lost their state (the person came back from another page).

    Returns
    -------
    list of str
        Sentences about link values that were left out.
    """
    pending = st.session_state.pop(PENDING_FILTER, None)
    if isinstance(pending, Mapping):
        link, notes = parse_filter(pending)
    else:
        link, notes = parse_filter({name: st.query_params.get_all(name) for name in (PARAM_QUERY, PARAM_REGION, PARAM_MUSCLE)})
        widgets_lost = any(key not in st.session_state for key in (QUERY, REGION, MUSCLE))
        if link == st.session_state.get(_APPLIED) and not widgets_lost:
            return []
    st.session_state[QUERY] = link.q
    st.session_state[REGION] = link.region
    st.session_state[MUSCLE] = link.muscle
    return notes


def current_filter() -> LearnFilter:
    """The filter the widgets hold now."""
    return LearnFilter(
        q=str(st.session_state.get(QUERY) or ""),
        region=str(st.session_state.get(REGION) or ""),
        muscle=str(st.session_state.get(MUSCLE) or ""),
    )


def publish(current: LearnFilter) -> None:
    """Mirror the filter in the URL (so a copied link reopens this view) and remember it as shown."""
    wanted = current.params()
    for name in (PARAM_QUERY, PARAM_REGION, PARAM_MUSCLE):
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
    st.session_state[_APPLIED] = current


def keep_matching(cards: Sequence[Card], matches: Sequence[Card], active: LearnFilter) -> list[Card]:
    """The ``cards`` that are among ``matches``: in match order when a filter is active, else all of them in their own order."""
    if not active.active:
        return list(cards)
    wanted = {(type(card).__name__, card.id) for card in cards}
    return [card for card in matches if (type(card).__name__, card.id) in wanted]


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
    """One readable citation, escaped, with its kind and a link to the record when there is one."""
    citation = source.citation()
    if source.url and not (source.doi or source.pmid) and citation.endswith(source.url):
        citation = citation[: -len(source.url)].rstrip()  # the address becomes the link below
    text = f"{plain(citation)} *({source.kind_label})*"
    if source.doi:
        return f"{text} [doi.org](https://doi.org/{quote(source.doi, safe='/;.-_')})"
    if source.pmid and source.pmid.isdigit():
        return f"{text} [PubMed](https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/)"
    if source.url and source.url.startswith("https://"):
        return f"{text} [{urlsplit(source.url).netloc}]({quote(source.url, safe=':/?&=%+,;@~.-_#')})"
    return text


def sources_markdown(sources: Sequence[Source]) -> str:
    """The sources of a card as a numbered Markdown list under a heading."""
    lines = [f"{number}. {citation_markdown(source)}" for number, source in enumerate(sources, start=1)]
    return "**Sources**\n\n" + "\n".join(lines)


def movement_line(movement: Movement) -> str:
    """What the preview moves for one movement, in words, with its basis."""
    what = f"{_TARGETS[movement.target]} {_DIRECTIONS[movement.direction]}"
    if movement.direction == "none":
        line = what
    elif movement.unit == "mm":
        line = f"{what} {movement.low:g}–{movement.high:g} mm (typical {movement.typical:g} mm)"
    else:
        line = f"{what} {movement.low:g}–{movement.high:g}% of the lower-face half-width (typical {movement.typical:g}%)"
    basis = "from the cited studies" if movement.basis == "cited" else "illustrative: no measured figure was found"
    return f"{line} — {basis}."


def time_course_line(muscle: Muscle) -> str:
    """The card's time-course numbers in one sentence."""
    c = muscle.time_course
    end = "slowly returns, over by about a year in this app's model" if c.recovery == "slow_incomplete" else f"over by about day {c.duration_days:g}"
    return (
        f"First change about day {c.onset_days:g}, judged at day {c.judge_days:g}, strongest about week {c.peak_days / 7:.0f}, "
        f"fading from about day {c.wear_off_start_days:g}, {end}."
    )


SAFETY_LINES: Final[tuple[str, str]] = (
    "Educational — not medical advice.",
    "A sudden new droop of the face is a medical emergency — call emergency services.",
)


def checklist_markdown(topic: Topic, library: Library, notes: str = "") -> str:
    """The consult checklist as a Markdown file made in memory.

    Parameters
    ----------
    topic : viz.content.Topic
        The ``consult_checklist`` section.
    library : viz.content.Library
        For the sources of the questions that cite any.
    notes : str, optional
        The person's own questions or notes, added as written (one per line).

    Returns
    -------
    str
        Title, introduction, numbered questions, the person's notes, sources and the safety lines.
    """
    lines = [f"# {topic.title}", "", " ".join(topic.intro.split()), ""]
    lines += [f"{number}. **{card.title}.** {' '.join(card.text.split())}" for number, card in enumerate(topic.cards, start=1)]
    own = [line.strip() for line in notes.splitlines() if line.strip()]
    if own:
        lines += ["", "## My own questions and notes", ""] + [f"- {line}" for line in own]
    cited = dict.fromkeys(source for card in topic.cards for source in library.sources_of(card))
    if cited:
        lines += ["", "## Sources", ""] + [f"- {source.citation()}" for source in cited]
    lines += ["", "---", "", f"MirrorMap. {SAFETY_LINES[0]} {SAFETY_LINES[1]}", ""]
    return "\n".join(lines)


# --- the photo for the area figures -------------------------------------------------------------


def _face(data: bytes, digest: str) -> viz.Face | None:
    """The face in a photo, found once per photo by the app's shared detector (``None``: none found)."""
    face = cache.work(digest, data).face()
    return face if isinstance(face, viz.Face) else None


@st.cache_resource(show_spinner=False)
def sample_backdrop() -> FaceBackdrop | None:
    """The built-in sample portrait (matplotlib's grace_hopper.jpg) with its face found; ``None`` if no face is found."""
    face = _face(*cache.sample())
    if face is None:
        return None
    return face_backdrop(face.photo.rgb, face.xy_working, label=SAMPLE_LABEL)


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
    mirrored = bool(st.session_state.get("mirrored", False))
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
        made = face_backdrop(face.photo.rgb, face.xy_working, label="your photo")
    st.session_state[_PERSON_BACKDROP] = ((digest, mirrored), made, note)
    return (made, None) if made is not None else (sample_backdrop(), note)
