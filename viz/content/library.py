"""The validated content library: every card, its sources and norms, and search over the cards."""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from viz.content.citations import numbered
from viz.content.model import Card, Muscle, Myth, Norm, Source, Timeline, TimelineFact, Topic
from viz.content.search import Index

__all__ = ["Library"]


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
    norms : Mapping[str, Norm]
        Read-only, keyed by measure and movement id.
    """

    myths: tuple[Myth, ...]
    muscles: Mapping[str, Muscle]
    sources: Mapping[str, Source]
    timeline: Timeline
    topics: Mapping[str, Topic]
    norms: Mapping[str, Norm] = field(default_factory=lambda: types.MappingProxyType({}))
    _index: Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", Index(self.myths, tuple(self.muscles.values()), tuple(self.topics.values()), self.timeline.facts))

    def cards(self) -> list[Card]:
        """Return every card: myths, then muscles, then topic cards, each in file order."""
        return self._index.cards()

    def search_corrections(self, query: str) -> dict[str, tuple[str, ...]]:
        """The query's words that start no word of the library, each with the words searched in its place."""
        return self._index.corrections(query)

    def searchable(self, query: str) -> bool:
        """Whether ``query`` has a word to search for, a corrected word judged as its correction (see
        :meth:`viz.content.search.Index.searchable`)."""
        return self._index.searchable(query)

    def search_facts(self, query: str, region: str | None = None, muscle: str | None = None) -> list[TimelineFact]:
        """The timeline's facts that hold every word of ``query`` and pass the filters (see
        :meth:`viz.content.search.Index.facts`).

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        return self._index.facts(query, region=region, muscle=muscle)

    def answering_fact(self, query: str, region: str | None = None, muscle: str | None = None) -> TimelineFact | None:
        """The timeline fact whose title is what ``query`` asks ("How long it lasts" for "how long does it last"), which
        answers it before any card; ``None`` when there is none (see :meth:`viz.content.search.Index.answering_fact`).

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        return self._index.answering_fact(query, region=region, muscle=muscle)

    def search(self, query: str, region: str | None = None, muscle: str | None = None, *, most_words: bool = False) -> list[Card]:
        """Find cards whose words match ``query``, optionally within a region or for a muscle (or, with ``most_words``,
        those that match the most of its words).

        See :meth:`viz.content.search.Index.search`.

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        return self._index.search(query, region=region, muscle=muscle, most_words=most_words)

    def cite(self, source_ids: tuple[str, ...] | list[str]) -> str:
        """In-text citations of source ids, e.g. ``"Choi 2015; Lee et al. 2019"``."""
        return "; ".join(self.sources[i].short() for i in dict.fromkeys(source_ids))

    def sources_of(self, card: Card | TimelineFact) -> tuple[Source, ...]:
        """Return the sources a card cites, in citation order, without duplicates.

        For a muscle this joins the card, dose, effect and time-course sources.
        """
        ids: list[str] = list(card.sources)
        if isinstance(card, Muscle):
            ids += list(card.dose_sources)
            for movement in card.effect:
                ids += list(movement.sources)
            ids += list(card.time_course.sources)
            if card.dynamic is not None:
                ids += list(card.dynamic.sources)
        return tuple(self.sources[source_id] for source_id in dict.fromkeys(ids))

    def sources_of_all(self, cards: Sequence[Card]) -> tuple[Source, ...]:
        """The sources of several cards as one list (a checklist prints them so), in citation order, without duplicates."""
        return tuple(dict.fromkeys(source for card in cards for source in self.sources_of(card)))

    def cited(self, card: Card | TimelineFact, text: str, within: Sequence[Card] = ()) -> str:
        """``text``, one of ``card``'s, with its citation markers as numbers into the card's numbered sources.

        Given ``within`` (cards printed together, ``card`` among them), the numbers point into their joined list
        (:meth:`sources_of_all`) instead. See :mod:`viz.content.citations`.

        Examples
        --------
        >>> from viz.content import load
        >>> library = load()
        >>> myth = library.myths[0]
        >>> "[@" in myth.explanation, "[@" in library.cited(myth, myth.explanation)
        (True, False)
        """
        order = self.sources_of_all(within) if within else self.sources_of(card)
        return numbered(text, [source.id for source in order])
