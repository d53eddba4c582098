"""The content library's data: frozen dataclasses, one per kind of card, and the ids they may use.

Everything here is built by :func:`viz.content.load` from validated YAML; nothing here reads files.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal, TypeAlias

from viz.errors import ArgumentError
from viz.vocabulary import MUSCLE_IDS, ended

__all__ = [
    "BASES",
    "MUSCLE_IDS",
    "RECOVERIES",
    "SOURCE_KINDS",
    "Card",
    "DynamicAction",
    "Effect",
    "Muscle",
    "Myth",
    "Norm",
    "Source",
    "TimeCourse",
    "Timeline",
    "TimelineFact",
    "TimelinePoint",
    "Topic",
    "TopicCard",
    "distinguish",
]

BASES: Final[frozenset[str]] = frozenset({"cited", "illustrative"})
"""Where a number comes from: the cited sources, or an illustrative value the app must label as such."""
RECOVERIES: Final[frozenset[str]] = frozenset({"full", "slow_incomplete"})
SOURCE_KINDS: Final[Mapping[str, str]] = types.MappingProxyType(
    {
        "peer_reviewed": "peer-reviewed study",
        "label": "product label",
        "review": "review",
        "guideline": "clinical practice guideline",
        "regulator": "regulator's summary of the approval trials",
        "clinic_report": "health information or a case report, not a research study",
    }
)
"""A source's kind -> its plain-language name."""


#: How many of its title's first words cite a work whose authors are not confirmed.
_TITLE_WORDS: Final = 5


def _surname(person: str) -> str:
    """The surname of one entry of an author list written "Surname Initials" (``"de Sanctis Pecora C"`` is
    ``"de Sanctis Pecora"``); ``""`` when it is not written so (an organisation, or ``"et al."``)."""
    words = person.split()
    if len(words) >= 2 and words[-1].isupper() and len(words[-1]) <= 3 and words[-1].isalpha():
        return " ".join(words[:-1])
    return ""


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
        One of :data:`SOURCE_KINDS`.
    volume, pages, doi, pmid, url, note : str or None
        Optional details; a DOI or PMID is present only when it was confirmed.
    year_suffix : str
        ``"a"``, ``"b"``, ... after the year when two sources of the library would otherwise cite alike
        (``"Jabbour et al. 2017a"``); set by :func:`distinguish`, empty otherwise.
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
    year_suffix: str = ""

    @property
    def kind_label(self) -> str:
        """Plain-language name of the evidence kind, e.g. ``"peer-reviewed study"``."""
        return SOURCE_KINDS[self.kind]

    def short(self) -> str:
        """The source as an in-text citation: the authors' surnames (one, two joined by ``&``, or the first and
        ``et al.`` for three or more) and year.

        ``"Klein et al. 2014"`` for a paper, ``"Funt & Pavicic 2013"`` for two authors, ``"Small 2014"`` for one author, the organisation and year
        for a corporate author, or the title's first words and the year when the author list is not confirmed
        (as a work without an author is cited; the journal's name read as its author); ``n.d.`` stands in for
        a missing year.

        Examples
        --------
        >>> Source("s", "Small R", 2014, "Botulinum toxin injection", "Am Fam Physician", "review").short()
        'Small 2014'
        >>> Source("k", "Klein FH, Brenner FM, Sato MS", 2014, "Lower facial remodeling", "An Bras Dermatol", "peer_reviewed").short()
        'Klein et al. 2014'
        >>> Source("f", "Funt D, Pavicic T", 2013, "Dermal fillers in aesthetics", "Clin Cosmet Investig Dermatol", "review").short()
        'Funt & Pavicic 2013'
        """
        year = ("n.d." if self.year is None else str(self.year)) + self.year_suffix
        if "not checked" in self.authors.lower() or "not confirmed" in self.authors.lower():
            words = self.title.split()
            head = " ".join(words[:_TITLE_WORDS]).rstrip(":;,.")
            return f"“{head}{'…' if len(words) > _TITLE_WORDS else ''}” {year}"
        people = [part.strip() for part in self.authors.split(",") if part.strip()]
        surnames = [_surname(person) for person in people]
        if surnames and surnames[0]:
            if len(people) == 2 and surnames[1]:  # exactly two people: both named ("Carruthers & Carruthers 2007")
                return f"{surnames[0]} & {surnames[1]} {year}"
            return f"{surnames[0]}{' et al.' if len(people) > 1 else ''} {year}"  # "Fabi S, et al." reads "Fabi et al."
        return f"{self.authors} {year}"

    def citation(self) -> str:
        """Return the source as one readable line.

        Returns
        -------
        str
            ``Authors. Title. Journal. Year;Volume:Pages. doi:... PMID ...``, leaving out what is
            unknown, except the authors: an author list not confirmed is printed as the content says so
            ("Authors not confirmed."); a web page without DOI or PMID ends with its address.

        Examples
        --------
        >>> Source("x", "Small R", 2014, "Botulinum toxin injection for facial wrinkles",
        ...        "American Family Physician", "review", "90(3)", "168-175").citation()
        'Small R. Botulinum toxin injection for facial wrinkles. American Family Physician. 2014;90(3):168-175.'
        >>> Source("b", "Authors not confirmed", 2018, "Brow height after toxin", "Plast Reconstr Surg", "peer_reviewed").citation()
        'Authors not confirmed. Brow height after toxin. Plast Reconstr Surg. 2018.'
        """
        title = ended(self.title)
        where = "n.d." if self.year is None else str(self.year)
        if self.volume:
            where += f";{self.volume}"
        if self.pages:
            where += f":{self.pages}"
        where = where if where.endswith(".") else f"{where}."
        # An author list not confirmed says so where the authors go ("Authors not confirmed. The impact of ..."): left
        # out, the line began with the title and read as a work without authors, on the Learn page and in the PDF
        parts = [f"{self.authors.rstrip('.')}.", title, f"{self.journal.rstrip('.')}.", where]
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        if self.year_suffix:  # the letter matches the line to its label; in "2017a;43(Suppl 3)" it read as part of the issue
            parts.append(f"Cited as {self.short()}.")
        if self.url and not (self.doi or self.pmid):
            parts.append(self.url)
        return " ".join(parts)


def distinguish(sources: Sequence[Source]) -> list[Source]:
    """The sources, each that would cite like another given a year suffix (a, b, ... in the order given).

    Examples
    --------
    >>> a = Source("a", "Jabbour S, Awaida C, Nasr M", 2017, "Eyebrow shaping", "J", "review")
    >>> b = Source("b", "Jabbour SF, Kechichian EG, Nasr MW", 2017, "Neck rejuvenation", "J", "peer_reviewed")
    >>> [s.short() for s in distinguish([a, b])], distinguish([a, b])[1].citation()
    (['Jabbour et al. 2017a', 'Jabbour et al. 2017b'], 'Jabbour SF, Kechichian EG, Nasr MW. Neck rejuvenation. J. 2017. Cited as Jabbour et al. 2017b.')
    """
    alike: dict[str, list[int]] = {}
    for index, source in enumerate(sources):
        alike.setdefault(source.short(), []).append(index)
    out = list(sources)
    for indices in alike.values():
        if len(indices) > 1:
            for letter, index in zip("abcdefghijklmnopqrstuvwxyz", indices, strict=False):
                out[index] = replace(out[index], year_suffix=letter)
    return out


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
class Effect:
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
    sides_studied : {"either", "both"}
        ``"both"`` when the sources only treated both sides at once: applied to one side, the figures are an
        assumption, and the preview says so.
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
    sides_studied: str = "either"


@dataclass(frozen=True, slots=True)
class TimeCourse:
    """Days after treatment at which the effect starts, is judged, peaks and wears off, each with its range.

    Attributes
    ----------
    onset_days, judge_days, peak_days, wear_off_start_days, duration_days : float
        The typical days: ``onset <= peak <= wear_off_start <= duration`` and ``judge >= onset``.
    recovery : str
        ``"full"`` or ``"slow_incomplete"`` (masseter: some narrowing remains at the end).
    sources : tuple of str
        Source ids behind the cited numbers.
    note : str or None
        Caveats, e.g. the residual effect of a slow recovery.
    ranges : mapping of str to (float, float)
        ``(low, high)`` days of ``onset``, ``peak``, ``wear_off_start`` and ``duration``.
    cited : tuple of str
        The milestones (``"onset"``, ``"judge"``, ...) and ranges (``"onset_range"``, ...) that come from the
        sources; every other one is a modelling choice and is labelled so.
    """

    onset_days: float
    judge_days: float
    peak_days: float
    wear_off_start_days: float
    duration_days: float
    recovery: str
    sources: tuple[str, ...]
    note: str | None
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=lambda: types.MappingProxyType({}))
    cited: tuple[str, ...] = ()

    def is_cited(self, key: str) -> bool:
        """Whether a milestone (``"peak"``) or range (``"peak_range"``) comes from the sources, not a modelling choice."""
        return key in self.cited

    def at(self, end: str) -> TimeCourse:
        """The same course at one end of its ranges: ``"slow"`` (late onset and peak, early fade) or ``"quick"``.

        The slow course gives the smallest effect on any day, the quick one the largest (a band for the chart
        and for the preview's range on a given day). ``"typical"`` gives this course.
        """
        if end == "typical" or not self.ranges:
            return self
        first, last = (1, 0) if end == "slow" else (0, 1)
        r = self.ranges
        return replace(
            self,
            onset_days=r["onset"][first],
            peak_days=r["peak"][first],
            wear_off_start_days=r["wear_off_start"][last],
            duration_days=r["duration"][last],
            ranges=types.MappingProxyType({}),
        )


@dataclass(frozen=True, slots=True)
class DynamicAction:
    """Which expression movement a muscle drives, where, and how much of it full relaxation removes at its peak.

    Attributes
    ----------
    expressions : tuple of str
        Expression ids (:data:`viz.vocabulary.EXPRESSIONS`) whose movement the muscle makes.
    targets : tuple of str
        The features it moves (:data:`viz.vocabulary.TARGETS`, ``upper_lid`` included).
    attenuation : float
        Share of the movement in the target region that full relaxation removes at peak, 0-1.
    basis : str
        ``"cited"`` or ``"illustrative"`` (no published figure: the screens say so).
    sources : tuple of str
        Source ids behind what the note says.
    note : str
        Where the value comes from, in plain words.
    time_course : TimeCourse or None
        How the movement weakens over the days, where that differs from the card's own course (which follows
        the change at rest): the frown weakens by about two weeks while the brow's position keeps changing to
        12 weeks. ``None``: the card's course (:meth:`Muscle.movement_course`).
    """

    expressions: tuple[str, ...]
    targets: tuple[str, ...]
    attenuation: float
    basis: str
    sources: tuple[str, ...]
    note: str
    time_course: TimeCourse | None = None

    @property
    def illustrative(self) -> bool:
        """True when the attenuation is illustrative, not a published figure."""
        return self.basis == "illustrative"


@dataclass(frozen=True, slots=True)
class Norm:
    """What people notice, and how much healthy faces differ, for one measure or movement (``norms.yaml``).

    Attributes
    ----------
    id : str
        A measure id (DESIGN §4) or a movement id (DESIGN §5).
    unit : {"mm", "°"}
    threshold : str
        One clause on when people notice a difference, in plain words.
    noticed : float or None
        The difference people commonly notice, in ``unit``; ``None`` when none is published.
    noticed_sources : tuple of str
        Sources of :attr:`noticed` (and of :attr:`noticed_by_trained`).
    typical : float or None
        The average side-to-side difference in :attr:`population`, when one is published.
    population : str or None
        Who :attr:`typical` was measured in.
    typical_sources : tuple of str
    noticed_by_trained : float or None
        The smaller difference trained observers (clinicians) notice, where the source gives one apart.
    """

    id: str
    unit: Literal["mm", "°"]
    threshold: str
    noticed: float | None
    noticed_sources: tuple[str, ...]
    typical: float | None = None
    population: str | None = None
    typical_sources: tuple[str, ...] = ()
    noticed_by_trained: float | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id behind the entry, without duplicates."""
        return tuple(dict.fromkeys(self.noticed_sources + self.typical_sources))


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
    effect : tuple of Effect
        What relaxing the muscle fully changes at rest, at peak.
    time_course : TimeCourse
        When that change starts, peaks and wears off.
    dynamic : DynamicAction or None
        The expression movement the muscle drives, or ``None`` when it drives none of the set.
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
    effect: tuple[Effect, ...]
    time_course: TimeCourse
    dynamic: DynamicAction | None = None

    @property
    def title(self) -> str:
        """The card heading (the plain name)."""
        return self.name

    @property
    def illustrative(self) -> bool:
        """True when any movement of :attr:`effect` is illustrative rather than cited."""
        return any(movement.basis == "illustrative" for movement in self.effect)

    @property
    def movement_course(self) -> TimeCourse:
        """How the expression movement the muscle drives weakens over the days: the dynamic action's own course
        where it has one, else :attr:`time_course`."""
        if self.dynamic is not None and self.dynamic.time_course is not None:
            return self.dynamic.time_course
        return self.time_course


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
    asks : tuple of str
        Questions the fact answers in other words than its title ("when does it wear off" for "How long it lasts"):
        a search that asks one of them opens on the fact (:meth:`viz.content.search.Index.answering_fact`).
    """

    id: str
    title: str
    text: str
    sources: tuple[str, ...]
    unit: str | None
    points: tuple[TimelinePoint, ...]
    asks: tuple[str, ...] = ()


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
        viz.errors.ArgumentError
            If no fact has that id.
        """
        for item in self.facts:
            if item.id == fact_id:
                return item
        raise ArgumentError(f"No timeline fact is called {fact_id!r}.")


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
"""Anything :meth:`viz.content.Library.search` returns."""
