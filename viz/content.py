"""Load and validate the educational content library in ``content/``.

The library is data: myth cards, muscle cards (with the action-model numbers the preview uses),
time-course facts, topic sections and the sources they cite, each in a YAML file. :func:`load`
reads them into frozen dataclasses and refuses anything it cannot trust. A missing field, a wrong
type, an unknown verdict, region or muscle id, a source id that does not exist, a claim without a
source, an empty text, an over-long sentence or a myth explanation outside 60-150 words raises
:class:`viz.errors.ContentError` with one sentence naming the file and the item.

::

    content/
     ├── sources.yaml    Source       readable citations, cited by id everywhere else
     ├── myths.yaml      Myth         myth / verdict / fact / explanation, tags, synonyms
     ├── muscles.yaml    Muscle       one card per DESIGN muscle id, effect + time course
     ├── timeline.yaml   Timeline     shared time-course facts with measured points
     └── topics.yaml     Topic        dynamic vs static, alternatives, doctor, checklist, aftercare

Examples
--------
>>> from viz.content import load
>>> library = load()
>>> library.muscles["masseter"].action
'bulk'
>>> [card.id for card in library.search("jaw slimming")][:1]
['face_shape_personality']
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, NoReturn, TypeAlias

import yaml  # type: ignore[import-untyped,unused-ignore]

from viz.errors import ArgumentError, ContentError

__all__ = [
    "ACTIONS",
    "BASES",
    "DIRECTIONS",
    "MUSCLE_IDS",
    "RECOVERIES",
    "REGIONS",
    "SOURCE_KINDS",
    "TARGETS",
    "VERDICTS",
    "Card",
    "Library",
    "Movement",
    "Muscle",
    "Myth",
    "Source",
    "TimeCourse",
    "Timeline",
    "TimelineFact",
    "TimelinePoint",
    "Topic",
    "TopicCard",
    "load",
]

MUSCLE_IDS: Final[tuple[str, ...]] = (
    "frontalis",
    "corrugator",
    "procerus",
    "orbicularis_oculi",
    "nasalis",
    "zygomaticus_major",
    "depressor_anguli_oris",
    "mentalis",
    "masseter",
    "platysma",
)
"""Muscle ids of the public contract (DESIGN.md section 5), in display order."""

REGIONS: Final[frozenset[str]] = frozenset({"brows", "eyes", "mouth", "nose", "jaw", "forehead", "neck", "whole_face"})
VERDICTS: Final[frozenset[str]] = frozenset({"myth", "partly_true", "true"})
ACTIONS: Final[frozenset[str]] = frozenset({"elevator", "depressor", "closer", "bulk", "mixed"})
TARGETS: Final[frozenset[str]] = frozenset(
    {"brow_inner", "brow_mid", "brow_tail", "mouth_corner", "lower_lip", "chin", "jaw_contour", "cheek", "none"}
)
DIRECTIONS: Final[frozenset[str]] = frozenset({"up", "down", "inward", "none"})
BASES: Final[frozenset[str]] = frozenset({"cited", "illustrative"})
RECOVERIES: Final[frozenset[str]] = frozenset({"full", "slow_incomplete"})
SOURCE_KINDS: Final[frozenset[str]] = frozenset({"peer_reviewed", "label", "review", "clinic_report"})

MAX_SENTENCE_WORDS: Final[int] = 35
"""Longest sentence, in words, allowed in any card body."""
EXPLANATION_WORDS: Final[tuple[int, int]] = (60, 150)
"""Inclusive word range of a myth explanation."""
LANDMARK_COUNT: Final[int] = 468
"""Number of points in the MediaPipe Face Mesh canonical model."""

_FILES: Final[tuple[str, ...]] = ("sources.yaml", "myths.yaml", "muscles.yaml", "timeline.yaml", "topics.yaml")
_KIND_LABELS: Final[Mapping[str, str]] = types.MappingProxyType(
    {
        "peer_reviewed": "peer-reviewed study",
        "label": "product label",
        "review": "review",
        "clinic_report": "reported by clinics, not research",
    }
)
_WORD_RE: Final = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
_SENTENCE_END_RE: Final = re.compile(r"(?<=[.!?])\s+")
_ID_RE: Final = re.compile(r"^[a-z0-9_]+$")
_DOI_RE: Final = re.compile(r"^10\.\d{4,9}/\S+$")
_TOKEN_RE: Final = re.compile(r"[a-z0-9]+")
_STOPWORDS: Final[frozenset[str]] = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "can",
        "do",
        "does",
        "for",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "the",
        "to",
        "will",
        "with",
    }
)


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One cited work, shown under cards as a readable citation.

    Attributes
    ----------
    id : str
        The id cards cite, e.g. ``"rufer2005"``.
    authors, title, journal : str
        Author list, title and journal (or publisher) as printed.
    year : int or None
        Publication year; ``None`` for an undated web page.
    kind : str
        ``"peer_reviewed"``, ``"label"``, ``"review"`` or ``"clinic_report"``.
    volume, pages, doi, pmid, url, note : str or None
        Optional details; a DOI or PMID is present only when it was confirmed.
    """

    id: str
    authors: str
    year: int | None
    title: str
    journal: str
    kind: str
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    note: str | None = None

    @property
    def kind_label(self) -> str:
        """Plain-language name of the evidence kind, e.g. ``"peer-reviewed study"``."""
        return _KIND_LABELS[self.kind]

    def citation(self) -> str:
        """Return the source as one readable line.

        Returns
        -------
        str
            ``Authors. Title. Journal. Year;Volume:Pages. doi:... PMID ...``, leaving out what is
            unknown; a web page without DOI or PMID ends with its address.

        Examples
        --------
        >>> Source("x", "Small R", 2014, "Botulinum toxin injection for facial wrinkles",
        ...        "American Family Physician", "review", "90(3)", "168-175").citation()
        'Small R. Botulinum toxin injection for facial wrinkles. American Family Physician. 2014;90(3):168-175.'
        """
        title = self.title if self.title.endswith((".", "?", "!")) else f"{self.title}."
        where = "n.d." if self.year is None else str(self.year)
        if self.volume:
            where += f";{self.volume}"
        if self.pages:
            where += f":{self.pages}"
        where = where if where.endswith(".") else f"{where}."
        parts = [f"{self.authors.rstrip('.')}.", title, f"{self.journal.rstrip('.')}.", where]
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        if self.url and not (self.doi or self.pmid):
            parts.append(self.url)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Myth:
    """A myth card: what people say, the verdict and a sourced correction.

    Attributes
    ----------
    id : str
        Stable card id.
    myth : str
        The belief as people say it.
    verdict : str
        ``"myth"``, ``"partly_true"`` or ``"true"``.
    fact : str
        One-line correction.
    explanation : str
        60-150 words in plain language.
    regions, muscles, synonyms, sources : tuple of str
        Face regions, muscle ids, search words and cited source ids.
    """

    id: str
    myth: str
    verdict: str
    fact: str
    explanation: str
    regions: tuple[str, ...]
    muscles: tuple[str, ...]
    synonyms: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def title(self) -> str:
        """The card heading (the myth as people say it)."""
        return self.myth


@dataclass(frozen=True, slots=True)
class Movement:
    """How far one feature moves when a muscle is fully relaxed, at peak effect.

    Attributes
    ----------
    target : str
        Feature that moves: ``brow_inner``, ``brow_mid``, ``brow_tail``, ``mouth_corner``,
        ``lower_lip``, ``chin``, ``jaw_contour``, ``cheek`` or ``none``.
    direction : str
        ``"up"``, ``"down"``, ``"inward"`` (toward the midline) or ``"none"``.
    low, typical, high : float
        Range of the move, ``low <= typical <= high``, in :attr:`unit`.
    unit : {"mm", "percent_half_width"}
        Millimetres, or percent of the lower-face half-width on the treated side (masseter).
    basis : str
        ``"cited"`` (numbers from :attr:`sources`) or ``"illustrative"`` (no figure found; the
        preview must say the values are illustrative).
    sources : tuple of str
        Source ids behind the movement.
    note : str or None
        Why the numbers are what they are; always present when nothing moves.
    """

    target: str
    direction: str
    low: float
    typical: float
    high: float
    unit: Literal["mm", "percent_half_width"]
    basis: str
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class TimeCourse:
    """Days after treatment at which the effect starts, is judged, peaks and wears off.

    Attributes
    ----------
    onset_days, judge_days, peak_days, wear_off_start_days, duration_days : float
        ``onset <= peak <= wear_off_start <= duration`` and ``judge >= onset``.
    recovery : str
        ``"full"`` or ``"slow_incomplete"`` (masseter: some narrowing remains at the end).
    sources : tuple of str
        Source ids behind the numbers.
    note : str or None
        Caveats, e.g. the residual effect of a slow recovery.
    """

    onset_days: float
    judge_days: float
    peak_days: float
    wear_off_start_days: float
    duration_days: float
    recovery: str
    sources: tuple[str, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class Muscle:
    """A muscle card and its action-model numbers.

    Attributes
    ----------
    id : str
        One of :data:`MUSCLE_IDS`.
    name, latin : str
        Plain name and anatomical name.
    action : str
        ``elevator``, ``depressor``, ``closer``, ``bulk`` or ``mixed``.
    midline : bool
        True for a single midline muscle (procerus), treated on side ``both`` only.
    what_it_does, asymmetry_it_drives, relaxing_changes, timing, cannot_fix : str
        Plain-language card sections.
    cautions : tuple of str
        Safety notes.
    reported_doses : str
        Doses reported in sources, information only, ending with "your injector decides".
    dose_sources, sources : tuple of str
        Source ids for the dose text and for the rest of the card.
    regions, synonyms : tuple of str
        Face regions and search words.
    landmarks : tuple of int
        Face Mesh indices outlining the muscle on the subject's left side (midline points for a
        midline muscle); the engine mirrors them for the right side.
    effect : tuple of Movement
        What relaxing the muscle fully changes at rest, at peak.
    time_course : TimeCourse
        When that change starts, peaks and wears off.
    """

    id: str
    name: str
    latin: str
    action: str
    midline: bool
    what_it_does: str
    asymmetry_it_drives: str
    relaxing_changes: str
    timing: str
    cannot_fix: str
    cautions: tuple[str, ...]
    reported_doses: str
    dose_sources: tuple[str, ...]
    sources: tuple[str, ...]
    regions: tuple[str, ...]
    synonyms: tuple[str, ...]
    landmarks: tuple[int, ...]
    effect: tuple[Movement, ...]
    time_course: TimeCourse

    @property
    def title(self) -> str:
        """The card heading (the plain name)."""
        return self.name

    @property
    def illustrative(self) -> bool:
        """True when any movement of :attr:`effect` is illustrative rather than cited."""
        return any(movement.basis == "illustrative" for movement in self.effect)


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One measured value of a timeline fact: ``low``-``high`` at ``day`` days after treatment."""

    day: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class TimelineFact:
    """A time-course fact with its sources and, optionally, the points a study measured.

    Attributes
    ----------
    id, title, text : str
        Fact id, heading and plain-language text.
    sources : tuple of str
        Cited source ids.
    unit : str or None
        What the values of :attr:`points` mean, e.g. ``"percent narrower lower face"``.
    points : tuple of TimelinePoint
        Measured values in day order (empty when the fact has none).
    """

    id: str
    title: str
    text: str
    sources: tuple[str, ...]
    unit: str | None
    points: tuple[TimelinePoint, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """The shared time-course facts (``timeline.yaml``).

    Attributes
    ----------
    facts : tuple of TimelineFact
        In file order.
    """

    facts: tuple[TimelineFact, ...]

    def fact(self, fact_id: str) -> TimelineFact:
        """Return the fact with id ``fact_id``.

        Raises
        ------
        KeyError
            If no fact has that id.
        """
        for item in self.facts:
            if item.id == fact_id:
                return item
        raise KeyError(fact_id)


@dataclass(frozen=True, slots=True)
class TopicCard:
    """One card of a topic section (a fact, an alternative, a warning or a checklist question).

    Attributes
    ----------
    id, section, title, text : str
        Card id, id of its :class:`Topic`, heading and body.
    sources : tuple of str
        Cited source ids (may be empty only for checklist questions).
    regions, muscles, synonyms : tuple of str
        Optional tags for filtering and search.
    """

    id: str
    section: str
    title: str
    text: str
    sources: tuple[str, ...]
    regions: tuple[str, ...]
    muscles: tuple[str, ...]
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic section of the Learn page (``topics.yaml``).

    Attributes
    ----------
    id, title, intro : str
        Section id, heading and introduction.
    cards : tuple of TopicCard
        In file order.
    requires_sources : bool
        False only for sections of questions (the consult checklist).
    """

    id: str
    title: str
    intro: str
    cards: tuple[TopicCard, ...]
    requires_sources: bool


Card: TypeAlias = Myth | Muscle | TopicCard
"""Anything :meth:`Library.search` returns."""

_IndexEntry: TypeAlias = tuple[Card, tuple[tuple[int, frozenset[str]], ...], tuple[str, ...]]


@dataclass(frozen=True)
class Library:
    """The validated content library.

    Attributes
    ----------
    myths : tuple of Myth
        Myth cards in file order.
    muscles : Mapping[str, Muscle]
        Read-only, keyed by muscle id in :data:`MUSCLE_IDS` order.
    sources : Mapping[str, Source]
        Read-only, keyed by source id in file order.
    timeline : Timeline
        Shared time-course facts.
    topics : Mapping[str, Topic]
        Read-only, keyed by section id in file order.
    """

    myths: tuple[Myth, ...]
    muscles: Mapping[str, Muscle]
    sources: Mapping[str, Source]
    timeline: Timeline
    topics: Mapping[str, Topic]
    _index: tuple[_IndexEntry, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries: list[_IndexEntry] = []
        for myth in self.myths:
            entries.append(
                _index_entry(
                    myth, [(3, myth.myth), (3, " ".join(myth.synonyms)), (2, myth.fact), (1, myth.explanation)], myth.synonyms
                )
            )
        for muscle in self.muscles.values():
            names = (muscle.name, muscle.latin, muscle.id.replace("_", " "))
            entries.append(
                _index_entry(
                    muscle,
                    [
                        (3, " ".join(names)),
                        (3, " ".join(muscle.synonyms)),
                        (
                            1,
                            " ".join(
                                (muscle.what_it_does, muscle.asymmetry_it_drives, muscle.relaxing_changes, muscle.cannot_fix)
                            ),
                        ),
                    ],
                    (*muscle.synonyms, *names),
                )
            )
        for topic in self.topics.values():
            for card in topic.cards:
                entries.append(
                    _index_entry(
                        card, [(3, card.title), (3, " ".join(card.synonyms)), (1, card.text)], (*card.synonyms, card.title)
                    )
                )
        object.__setattr__(self, "_index", tuple(entries))

    def cards(self) -> list[Card]:
        """Return every card: myths, then muscles, then topic cards, each in file order."""
        return [entry[0] for entry in self._index]

    def search(self, query: str, region: str | None = None, muscle: str | None = None) -> list[Card]:
        """Find cards whose words match ``query``, optionally within a region or for a muscle.

        Every query word (ignoring a few filler words such as "the" or "my") must match the start
        of some word of the card, case-insensitively, in the myth, fact, explanation, names, text or
        synonyms; simple endings ("-s", "-ed", "-ing") are ignored. An empty query returns every
        card that passes the filters.

        Parameters
        ----------
        query : str
            Words as a person types them, e.g. ``"Botox smile"`` or ``"droopy brow"``.
        region : str, optional
            Keep only cards tagged with this region (one of :data:`REGIONS`).
        muscle : str, optional
            Keep only cards about this muscle id (one of :data:`MUSCLE_IDS`).

        Returns
        -------
        list of Myth, Muscle or TopicCard
            Best match first: synonym and title hits outrank body hits, and the whole query found
            inside a synonym or name ranks highest.

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        if region is not None and region not in REGIONS:
            raise ArgumentError(f"Unknown region '{region}'; choose one of {', '.join(sorted(REGIONS))}.")
        if muscle is not None and muscle not in MUSCLE_IDS:
            raise ArgumentError(f"Unknown muscle '{muscle}'; choose one of {', '.join(MUSCLE_IDS)}.")
        terms = _query_terms(query)
        phrase = " ".join(_TOKEN_RE.findall(query.lower()))
        scored: list[tuple[int, int, Card]] = []
        for order, (card, fields, phrases) in enumerate(self._index):
            if region is not None and region not in card.regions:
                continue
            if muscle is not None and not _is_about(card, muscle):
                continue
            score = 0
            for term in terms:
                best = max((weight for weight, stems in fields if _matches(term, stems)), default=0)
                if best == 0:
                    break
                score += best
            else:
                if phrase and any(phrase in candidate for candidate in phrases):
                    score += 10
                scored.append((-score, order, card))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [card for _, _, card in scored]

    def sources_of(self, card: Card) -> tuple[Source, ...]:
        """Return the sources a card cites, in citation order, without duplicates.

        For a muscle this joins the card, dose, effect and time-course sources.
        """
        ids: list[str] = list(card.sources)
        if isinstance(card, Muscle):
            ids += list(card.dose_sources)
            for movement in card.effect:
                ids += list(movement.sources)
            ids += list(card.time_course.sources)
        return tuple(self.sources[source_id] for source_id in dict.fromkeys(ids))


def _is_about(card: Card, muscle: str) -> bool:
    if isinstance(card, Muscle):
        return card.id == muscle
    return muscle in card.muscles


def _matches(term: str, stems: frozenset[str]) -> bool:
    return any(stem.startswith(term) or (len(stem) >= 4 and term.startswith(stem)) for stem in stems)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2]:
                word = word[:-1]
            break
    return word


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def _query_terms(query: str) -> tuple[str, ...]:
    words = [word for word in _tokens(query) if word not in _STOPWORDS and (len(word) > 1 or word.isdigit())]
    return tuple(dict.fromkeys(_stem(word) for word in words))


def _index_entry(card: Card, weighted: Sequence[tuple[int, str]], phrases: Sequence[str]) -> _IndexEntry:
    fields = tuple((weight, frozenset(_stem(token) for token in _tokens(text))) for weight, text in weighted)
    normalised = tuple(" ".join(_tokens(phrase)) for phrase in phrases)
    return card, fields, normalised


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load(root: Path | None = None) -> Library:
    """Load and validate the content library.

    Parameters
    ----------
    root : pathlib.Path, optional
        Folder holding the five YAML files; defaults to the repository's ``content/`` next to the
        ``viz`` package.

    Returns
    -------
    Library
        Immutable; the same object is returned again while the files are unchanged.

    Raises
    ------
    viz.errors.ContentError
        With one sentence naming the file and item, if a file is missing or not valid YAML, or an
        item has a missing field, a wrong type, an unknown verdict, region, muscle or source id, no
        sources, an empty text, a sentence over 35 words or a myth explanation outside 60-150 words.
    """
    base = (Path(__file__).resolve().parent.parent / "content") if root is None else Path(root)
    base = base.resolve()
    return _load_cached(base, _signature(base))


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    parts: list[tuple[str, int, int]] = []
    for name in _FILES:
        try:
            stat = (root / name).stat()
        except OSError:
            parts.append((name, -1, -1))
        else:
            parts.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(parts)


@functools.lru_cache(maxsize=8)
def _load_cached(root: Path, signature: tuple[tuple[str, int, int], ...]) -> Library:
    del signature  # part of the cache key only
    label = root.name
    sources = _read_sources(_read_list(root, label, "sources.yaml", "sources"), f"{label}/sources.yaml")
    known = frozenset(sources)
    myths = _read_myths(_read_list(root, label, "myths.yaml", "myths"), f"{label}/myths.yaml", known)
    muscles = _read_muscles(_read_list(root, label, "muscles.yaml", "muscles"), f"{label}/muscles.yaml", known)
    timeline = _read_timeline(_read_list(root, label, "timeline.yaml", "facts"), f"{label}/timeline.yaml", known)
    topics = _read_topics(_read_list(root, label, "topics.yaml", "sections"), f"{label}/topics.yaml", known)
    return Library(
        myths=myths,
        muscles=types.MappingProxyType(muscles),
        sources=types.MappingProxyType(sources),
        timeline=timeline,
        topics=types.MappingProxyType(topics),
    )


def _read_list(root: Path, label: str, name: str, key: str) -> list[object]:
    path = root / name
    where = f"{label}/{name}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{where} is missing from the content folder.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{where} could not be read ({type(exc).__name__}).") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise ContentError(f"{where} is not valid YAML{line}.") from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ContentError(f"{where} must hold a mapping with a '{key}' list.")
    items: list[object] = data[key]
    return items


class _Item:
    """Typed access to one YAML mapping, raising ContentError with the file and item named."""

    def __init__(self, where: str, what: str, raw: object, index: int, allowed: frozenset[str], label: str | None = None) -> None:
        self.where = where
        self.what = what
        self.ident = f"number {index + 1}" if label is None else label
        if not isinstance(raw, dict):
            self._fail(f"must be a mapping, not {_type_name(raw)}")
        self.data: dict[str, object] = raw
        ident = raw.get("id")
        if label is None and isinstance(ident, str) and ident.strip():
            self.ident = f"'{ident}'"
        for key in raw:
            if key not in allowed:
                self._fail(f"has an unknown field '{key}'")

    def _fail(self, message: str) -> NoReturn:
        raise ContentError(f"{self.where}: {self.what} {self.ident} {message}.")

    def _get(self, key: str) -> object:
        if key not in self.data:
            self._fail(f"is missing the field '{key}'")
        return self.data[key]

    def ident_value(self) -> str:
        value = self.text("id", prose=False)
        if not _ID_RE.match(value):
            self._fail("has an id that is not lowercase letters, digits and underscores")
        return value

    def text(self, key: str, *, prose: bool = True) -> str:
        return self._check_text(key, self._get(key), prose)

    def optional_text(self, key: str, *, prose: bool = True) -> str | None:
        value = self.data.get(key)
        return None if value is None else self._check_text(key, value, prose)

    def _check_text(self, key: str, value: object, prose: bool) -> str:
        if not isinstance(value, str):
            self._fail(f"field '{key}' must be text, not {_type_name(value)}")
        text = " ".join(value.split())
        if not text:
            self._fail(f"field '{key}' is empty")
        if prose:
            longest = _longest_sentence(text)
            if longest > MAX_SENTENCE_WORDS:
                self._fail(f"field '{key}' has a sentence of {longest} words, more than {MAX_SENTENCE_WORDS}")
        return text

    def texts(self, key: str, *, prose: bool = False, allow_empty: bool = False, required: bool = True) -> tuple[str, ...]:
        if not required and key not in self.data:
            return ()
        value = self._get(key)
        if not isinstance(value, list):
            self._fail(f"field '{key}' must be a list, not {_type_name(value)}")
        if not value and not allow_empty:
            self._fail(f"field '{key}' is an empty list")
        return tuple(self._check_text(key, element, prose) for element in value)

    def choice(self, key: str, allowed: frozenset[str], noun: str) -> str:
        value = self.text(key, prose=False)
        if value not in allowed:
            self._fail(f"has unknown {noun} '{value}' (expected one of {', '.join(sorted(allowed))})")
        return value

    def choices(
        self, key: str, allowed: Sequence[str] | frozenset[str], noun: str, *, allow_empty: bool = False, required: bool = True
    ) -> tuple[str, ...]:
        values = self.texts(key, allow_empty=allow_empty, required=required)
        for value in values:
            if value not in allowed:
                self._fail(f"has unknown {noun} '{value}'")
        if len(set(values)) != len(values):
            self._fail(f"field '{key}' lists the same {noun} twice")
        return values

    def source_ids(self, key: str, known: frozenset[str], *, required: bool = True) -> tuple[str, ...]:
        values = self.texts(key, allow_empty=True)
        if required and not values:
            self._fail(f"field '{key}' lists no sources, but every claim needs at least one")
        for value in values:
            if value not in known:
                self._fail(f"cites unknown source '{value}' in '{key}'")
        return values

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._fail(f"field '{key}' must be a number, not {_type_name(value)}")
        if not value >= 0:
            self._fail(f"field '{key}' must be zero or more")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._fail(f"field '{key}' must be true or false, not {_type_name(value)}")
        return value

    def mapping(self, key: str) -> object:
        return self._get(key)

    def items(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            self._fail(f"field '{key}' must be a non-empty list")
        items: list[object] = value
        return items


def _type_name(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _longest_sentence(text: str) -> int:
    return max((_words(sentence) for sentence in _SENTENCE_END_RE.split(text)), default=0)


def _unique(where: str, what: str, ids: Sequence[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(f"{where}: {what} '{ident}' appears more than once.")
        seen.add(ident)


_SOURCE_FIELDS: Final = frozenset(
    {"id", "authors", "year", "title", "journal", "kind", "volume", "pages", "doi", "pmid", "url", "note"}
)


def _read_sources(raw: list[object], where: str) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for index, entry in enumerate(raw):
        item = _Item(where, "source", entry, index, _SOURCE_FIELDS)
        ident = item.ident_value()
        if ident in sources:
            item._fail("appears more than once")
        year = item.mapping("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            item._fail(f"field 'year' must be a whole number or null, not {_type_name(year)}")
        doi = item.optional_text("doi", prose=False)
        if doi is not None and not _DOI_RE.match(doi):
            item._fail(f"has a DOI '{doi}' that does not start with '10.'")
        pmid = _optional_code(item, "pmid")
        if pmid is not None and not pmid.isdigit():
            item._fail(f"has a PMID '{pmid}' that is not all digits")
        sources[ident] = Source(
            id=ident,
            authors=item.text("authors", prose=False),
            year=year if isinstance(year, int) else None,
            title=item.text("title", prose=False),
            journal=item.text("journal", prose=False),
            kind=item.choice("kind", SOURCE_KINDS, "kind"),
            volume=_optional_code(item, "volume"),
            pages=_optional_code(item, "pages"),
            doi=doi,
            pmid=pmid,
            url=item.optional_text("url", prose=False),
            note=item.optional_text("note", prose=False),
        )
    if not sources:
        raise ContentError(f"{where} lists no sources.")
    return sources


def _optional_code(item: _Item, key: str) -> str | None:
    value = item.data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return item.optional_text(key, prose=False)


_MYTH_FIELDS: Final = frozenset({"id", "myth", "verdict", "fact", "explanation", "regions", "muscles", "synonyms", "sources"})


def _read_myths(raw: list[object], where: str, known: frozenset[str]) -> tuple[Myth, ...]:
    myths: list[Myth] = []
    for index, entry in enumerate(raw):
        item = _Item(where, "myth", entry, index, _MYTH_FIELDS)
        explanation = item.text("explanation")
        count = _words(explanation)
        low, high = EXPLANATION_WORDS
        if not low <= count <= high:
            item._fail(f"explanation has {count} words, outside the allowed {low}-{high}")
        myths.append(
            Myth(
                id=item.ident_value(),
                myth=item.text("myth"),
                verdict=item.choice("verdict", VERDICTS, "verdict"),
                fact=item.text("fact"),
                explanation=explanation,
                regions=item.choices("regions", REGIONS, "region"),
                muscles=item.choices("muscles", MUSCLE_IDS, "muscle id", allow_empty=True),
                synonyms=item.texts("synonyms"),
                sources=item.source_ids("sources", known),
            )
        )
    if not myths:
        raise ContentError(f"{where} lists no myths.")
    _unique(where, "myth", [myth.id for myth in myths])
    return tuple(myths)


_MUSCLE_FIELDS: Final = frozenset(
    {
        "id",
        "name",
        "latin",
        "action",
        "midline",
        "what_it_does",
        "asymmetry_it_drives",
        "relaxing_changes",
        "timing",
        "cannot_fix",
        "cautions",
        "reported_doses",
        "dose_sources",
        "sources",
        "regions",
        "synonyms",
        "landmarks",
        "effect",
        "time_course",
    }
)
_MOVEMENT_FIELDS: Final = frozenset(
    {
        "target",
        "direction",
        "low_mm",
        "typical_mm",
        "high_mm",
        "percent_low",
        "percent_typical",
        "percent_high",
        "basis",
        "sources",
        "note",
    }
)
_TIME_FIELDS: Final = frozenset(
    {"onset_days", "judge_days", "peak_days", "wear_off_start_days", "duration_days", "recovery", "sources", "note"}
)
_MM_KEYS: Final = ("low_mm", "typical_mm", "high_mm")
_PERCENT_KEYS: Final = ("percent_low", "percent_typical", "percent_high")


def _read_muscles(raw: list[object], where: str, known: frozenset[str]) -> dict[str, Muscle]:
    found: dict[str, Muscle] = {}
    for index, entry in enumerate(raw):
        item = _Item(where, "muscle", entry, index, _MUSCLE_FIELDS)
        ident = item.ident_value()
        if ident not in MUSCLE_IDS:
            item._fail(f"is not a muscle id of the contract ({', '.join(MUSCLE_IDS)})")
        if ident in found:
            item._fail("appears more than once")
        reported_doses = item.text("reported_doses")
        if not reported_doses.rstrip(" .").lower().endswith("your injector decides"):
            item._fail("field 'reported_doses' must end by saying that your injector decides")
        found[ident] = Muscle(
            id=ident,
            name=item.text("name"),
            latin=item.text("latin", prose=False),
            action=item.choice("action", ACTIONS, "action"),
            midline=item.flag("midline", False),
            what_it_does=item.text("what_it_does"),
            asymmetry_it_drives=item.text("asymmetry_it_drives"),
            relaxing_changes=item.text("relaxing_changes"),
            timing=item.text("timing"),
            cannot_fix=item.text("cannot_fix"),
            cautions=item.texts("cautions", prose=True),
            reported_doses=reported_doses,
            dose_sources=item.source_ids("dose_sources", known),
            sources=item.source_ids("sources", known),
            regions=item.choices("regions", REGIONS, "region"),
            synonyms=item.texts("synonyms"),
            landmarks=_landmarks(item),
            effect=tuple(
                _movement(where, ident, move_index, raw_move, known) for move_index, raw_move in enumerate(item.items("effect"))
            ),
            time_course=_time_course(where, ident, item.mapping("time_course"), known),
        )
    for muscle_id in MUSCLE_IDS:
        if muscle_id not in found:
            raise ContentError(f"{where} has no card for muscle '{muscle_id}'.")
    return {muscle_id: found[muscle_id] for muscle_id in MUSCLE_IDS}


def _landmarks(item: _Item) -> tuple[int, ...]:
    values = item.items("landmarks")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < LANDMARK_COUNT:
            item._fail(f"field 'landmarks' holds '{value}', which is not a Face Mesh index 0-{LANDMARK_COUNT - 1}")
    landmarks = tuple(int(value) for value in values if isinstance(value, int))
    if len(set(landmarks)) != len(landmarks):
        item._fail("field 'landmarks' lists the same index twice")
    return landmarks


def _movement(where: str, muscle: str, index: int, raw: object, known: frozenset[str]) -> Movement:
    item = _Item(where, f"muscle '{muscle}' effect", raw, index, _MOVEMENT_FIELDS)
    target = item.choice("target", TARGETS, "target")
    direction = item.choice("direction", DIRECTIONS, "direction")
    has_mm = any(key in item.data for key in _MM_KEYS)
    has_percent = any(key in item.data for key in _PERCENT_KEYS)
    if has_mm == has_percent:
        item._fail("must give either low_mm, typical_mm and high_mm or percent_low, percent_typical and percent_high")
    keys = _MM_KEYS if has_mm else _PERCENT_KEYS
    low, typical, high = (item.number(key) for key in keys)
    if not low <= typical <= high:
        item._fail(f"must have {keys[0]} <= {keys[1]} <= {keys[2]}")
    note = item.optional_text("note")
    if target == "none" and direction != "none":
        item._fail("has target 'none', so its direction must be 'none'")
    if direction == "none":
        if high != 0:
            item._fail("moves nothing, so its values must all be zero")
        if note is None:
            item._fail("moves nothing, so it needs a note saying why")
    return Movement(
        target=target,
        direction=direction,
        low=low,
        typical=typical,
        high=high,
        unit="mm" if has_mm else "percent_half_width",
        basis=item.choice("basis", BASES, "basis"),
        sources=item.source_ids("sources", known),
        note=note,
    )


def _time_course(where: str, muscle: str, raw: object, known: frozenset[str]) -> TimeCourse:
    item = _Item(where, f"muscle '{muscle}'", raw, 0, _TIME_FIELDS, label="time_course")
    course = TimeCourse(
        onset_days=item.number("onset_days"),
        judge_days=item.number("judge_days"),
        peak_days=item.number("peak_days"),
        wear_off_start_days=item.number("wear_off_start_days"),
        duration_days=item.number("duration_days"),
        recovery=item.choice("recovery", RECOVERIES, "recovery"),
        sources=item.source_ids("sources", known),
        note=item.optional_text("note"),
    )
    if not course.onset_days <= course.peak_days <= course.wear_off_start_days <= course.duration_days:
        item._fail("must have onset_days <= peak_days <= wear_off_start_days <= duration_days")
    if course.judge_days < course.onset_days:
        item._fail("must have judge_days >= onset_days")
    if course.duration_days <= 0:
        item._fail("must have duration_days above zero")
    return course


_FACT_FIELDS: Final = frozenset({"id", "title", "text", "sources", "unit", "points"})
_POINT_FIELDS: Final = frozenset({"day", "low", "high"})


def _read_timeline(raw: list[object], where: str, known: frozenset[str]) -> Timeline:
    facts: list[TimelineFact] = []
    for index, entry in enumerate(raw):
        item = _Item(where, "fact", entry, index, _FACT_FIELDS)
        ident = item.ident_value()
        points: list[TimelinePoint] = []
        if "points" in item.data:
            for point_index, raw_point in enumerate(item.items("points")):
                point_item = _Item(where, f"fact '{ident}' point", raw_point, point_index, _POINT_FIELDS)
                point = TimelinePoint(point_item.number("day"), point_item.number("low"), point_item.number("high"))
                if point.low > point.high:
                    point_item._fail("must have low <= high")
                points.append(point)
            if [point.day for point in points] != sorted(point.day for point in points):
                item._fail("lists its points out of day order")
        unit = item.optional_text("unit", prose=False)
        if points and unit is None:
            item._fail("has points but no unit saying what they measure")
        facts.append(
            TimelineFact(
                id=ident,
                title=item.text("title"),
                text=item.text("text"),
                sources=item.source_ids("sources", known),
                unit=unit,
                points=tuple(points),
            )
        )
    if not facts:
        raise ContentError(f"{where} lists no facts.")
    _unique(where, "fact", [fact.id for fact in facts])
    return Timeline(facts=tuple(facts))


_SECTION_FIELDS: Final = frozenset({"id", "title", "intro", "cards", "requires_sources"})
_CARD_FIELDS: Final = frozenset({"id", "title", "text", "sources", "regions", "muscles", "synonyms"})


def _read_topics(raw: list[object], where: str, known: frozenset[str]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    card_ids: list[str] = []
    for index, entry in enumerate(raw):
        item = _Item(where, "section", entry, index, _SECTION_FIELDS)
        ident = item.ident_value()
        if ident in topics:
            item._fail("appears more than once")
        requires_sources = item.flag("requires_sources", True)
        cards: list[TopicCard] = []
        for card_index, raw_card in enumerate(item.items("cards")):
            card_item = _Item(where, "card", raw_card, card_index, _CARD_FIELDS)
            card = TopicCard(
                id=card_item.ident_value(),
                section=ident,
                title=card_item.text("title"),
                text=card_item.text("text"),
                sources=card_item.source_ids("sources", known, required=requires_sources),
                regions=card_item.choices("regions", REGIONS, "region", required=False),
                muscles=card_item.choices("muscles", MUSCLE_IDS, "muscle id", required=False),
                synonyms=card_item.texts("synonyms", required=False),
            )
            cards.append(card)
            card_ids.append(card.id)
        topics[ident] = Topic(
            id=ident,
            title=item.text("title"),
            intro=item.text("intro"),
            cards=tuple(cards),
            requires_sources=requires_sources,
        )
    if not topics:
        raise ContentError(f"{where} lists no sections.")
    _unique(where, "card", card_ids)
    return topics
