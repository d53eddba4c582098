"""Search over the content library: every query word must start a word of the card; titles and synonyms rank first.

Words are lower-cased and simple endings ("-s", "-ed", "-ing") are ignored, so "drooping brows"
finds "droopy brow", and "pregnant" finds "pregnancy". A few filler words ("the", "my", ...) are skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, Final, TypeAlias

from viz.content.citations import unmarked
from viz.content.model import Card, Muscle, Myth, TimelineFact, Topic
from viz.errors import ArgumentError
from viz.vocabulary import MUSCLE_IDS, REGION_IDS

__all__ = ["Index", "is_about", "searchable"]

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

#: Words that name the same thing: a person asks about "Botox" where a card says "toxin" or "neuromodulator", so each
#: finds what the others do (as stems: :func:`_stem`).
_SAME_THING: Final[tuple[frozenset[str], ...]] = (
    frozenset({"botox", "toxin", "neuromodulator", "botulinum", "dysport", "xeomin", "letybo", "daxxify", "jeuveau", "bocouture", "azzalure"}),
)

_IndexEntry: TypeAlias = tuple[Card, tuple[tuple[int, frozenset[str]], ...], tuple[str, ...]]


class Index:
    """The library's cards with the stemmed words of each field, weighted for ranking."""

    def __init__(self, myths: Sequence[Myth], muscles: Sequence[Muscle], topics: Sequence[Topic], facts: Sequence[TimelineFact] = ()) -> None:
        entries: list[_IndexEntry] = []
        # A card tagged with a muscle is about it: "masseter" finds the card on what muscle bulk a toxin can change, which
        # says "jaw slimming" and never the muscle's name (at the body's weight)
        named = {m.id: " ".join((m.name, m.latin, m.id.replace("_", " "))) for m in muscles}

        def tagged(card: Myth | Topic | Any) -> tuple[int, str]:
            return (1, " ".join(named.get(mid, "") for mid in getattr(card, "muscles", ())))

        for myth in myths:
            entries.append(
                _index_entry(myth, [(3, myth.myth), (3, " ".join(myth.synonyms)), (2, myth.fact), (1, myth.explanation), tagged(myth)], myth.synonyms)
            )
        for muscle in muscles:
            names = (muscle.name, muscle.latin, muscle.id.replace("_", " "))
            entries.append(
                _index_entry(
                    muscle,
                    [
                        (3, " ".join(names)),
                        (3, " ".join(muscle.synonyms)),
                        (
                            1,
                            " ".join((muscle.what_it_does, muscle.asymmetry_it_drives, muscle.relaxing_changes, muscle.cannot_fix)),
                        ),
                    ],
                    (*muscle.synonyms, *names),
                )
            )
        for topic in topics:
            for card in topic.cards:
                entries.append(_index_entry(card, [(3, card.title), (3, " ".join(card.synonyms)), (1, card.text), tagged(card)], (*card.synonyms, card.title)))
        self._entries = tuple(entries)
        self._facts = tuple((fact, _stems(f"{fact.title} {fact.text}")) for fact in facts)
        self._words = frozenset(stem for _card, fields, _phrases in self._entries for _weight, stems in fields for stem in stems) | frozenset(
            stem for _fact, stems in self._facts for stem in stems
        )

    def facts(self, query: str) -> list[TimelineFact]:
        """The timeline's facts that hold every word of ``query`` (read as :meth:`search` reads it, the treatment's names
        not required): the Timeline tab shows them all, and a search says how many answer it ("how long does it last")."""
        terms = [_same_thing(self._alternatives(term)) for term in _query_terms(query)]
        needed = [alternatives for alternatives in terms if not _names_the_treatment(alternatives)]
        if not needed:
            return []
        return [fact for fact, stems in self._facts if all(any(_matches(t, stems) for t in alternatives) for alternatives in needed)]

    def cards(self) -> list[Card]:
        """Return every card: myths, then muscles, then topic cards, each in file order."""
        return [entry[0] for entry in self._entries]

    def corrections(self, query: str) -> dict[str, tuple[str, ...]]:
        """The query's words that start no word of the library, each with the words read in its place.

        Examples
        --------
        >>> from viz.content import load
        >>> load().search_corrections("botax smile")
        {'botax': ('botox',)}
        """
        out = {}
        for term in _query_terms(query):
            alternatives = self._alternatives(term)
            if alternatives != (term,):
                out[term] = alternatives
        return out

    def _alternatives(self, term: str) -> tuple[str, ...]:
        """``(term,)`` when it starts a word of the library; else the closest words within the allowed distance."""
        if any(word.startswith(term) or (len(word) >= 4 and term.startswith(word)) for word in self._words):
            return (term,)
        if len(term) < _MIN_TYPO_LENGTH:
            return (term,)
        limit = 1 if len(term) < 7 else 2
        best: dict[int, list[str]] = {}
        for word in self._words:
            if abs(len(word) - len(term)) > limit:
                continue
            if len(term) == _MIN_TYPO_LENGTH and sorted(word) != sorted(term):  # "brwo" is "brow"; "lazy" is not "lay"
                continue
            d = _distance(term, word, limit)
            if d <= limit:
                best.setdefault(d, []).append(word)
        return tuple(sorted(best[min(best)])) if best else (term,)

    def search(self, query: str, region: str | None = None, muscle: str | None = None, *, most_words: bool = False) -> list[Card]:
        """Find cards whose words match ``query``, optionally within a region or for a muscle.

        Every query word (ignoring a few filler words such as "the" or "my") must match the start
        of some word of the card, case-insensitively, in the myth, fact, explanation, names, text or
        synonyms; simple endings ("-s", "-ed", "-ing") are ignored. A word that starts no word of the
        library is read as the library's closest words, one letter off (two for words of seven letters
        or more; a four-letter word only by two neighbours swapped): "botax" finds "botox" (:meth:`corrections`).
        Names of the treatment ("Botox", "toxin", "neuromodulator", brand names) find one another and are not required
        of a card, since every card is about it ("masseter Botox" finds the jaw muscle's card; "Botox" alone, every
        card, those that say it first). An empty query returns every card that passes the filters.

        With ``most_words``, for a query no card matches in full ("100 units"), the cards that come closest: each
        holding at least half as much of the query as the closest one, with rare words counting for more than common
        ones, and one of its words a word of three letters or more.

        Parameters
        ----------
        query : str
            Words as a person types them, e.g. ``"Botox smile"`` or ``"droopy brow"``.
        region : str, optional
            Keep only cards tagged with this region (one of :data:`viz.vocabulary.REGIONS`).
        muscle : str, optional
            Keep only cards about this muscle id (one of :data:`MUSCLE_IDS`).
        most_words : bool, optional
            Keep the cards that match the most query words instead of all of them.

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
        if region is not None and region not in REGION_IDS:
            raise ArgumentError(f"Unknown region '{region}'; choose one of {', '.join(sorted(REGION_IDS))}.")
        if muscle is not None and muscle not in MUSCLE_IDS:
            raise ArgumentError(f"Unknown muscle '{muscle}'; choose one of {', '.join(MUSCLE_IDS)}.")
        terms = [_same_thing(self._alternatives(term)) for term in _query_terms(query)]
        # The whole library is about these treatments: "masseter Botox" asks for the jaw muscle's card, which says "relax"
        # and never names the product. A product's name ranks the cards that say it first but is not required.
        implied = [_names_the_treatment(alternatives) for alternatives in terms]
        phrase = " ".join(_TOKEN_RE.findall(query.lower()))
        rarity = [self._rarity(alternatives) for alternatives in terms]
        full: list[tuple[int, int, int, Card]] = []
        closest: list[tuple[float, float, int, Card]] = []
        for order, (card, fields, phrases) in enumerate(self._entries):
            if region is not None and region not in card.regions:
                continue
            if muscle is not None and not is_about(card, muscle):
                continue
            score = found = worded = said = 0
            covered = weighted = 0.0
            for alternatives, rare, optional in zip(terms, rarity, implied, strict=True):
                best = max((weight for weight, stems in fields if any(_matches(t, stems) for t in alternatives)), default=0)
                found += best > 0 or optional
                worded += best > 0 and not optional and any(_is_word(t) for t in alternatives)
                if optional:  # the treatment's name only breaks ties: the myths that say "Botox" came before the jaw
                    said += best  # muscle's card for "masseter Botox"
                else:
                    score += best
                covered += rare * (best > 0)
                weighted += rare * best
            if phrase and any(phrase in candidate for candidate in phrases):
                score += 10
            if found == len(terms):
                full.append((-score, -said, order, card))
            elif most_words and worded:
                closest.append((covered, -weighted, order, card))
        if full or not closest:
            return [card for *_, card in sorted(full, key=lambda item: item[:3])]
        # No card has every word: keep the cards that hold at least half as much of the query as the closest one, its
        # rare words counting for more than common ones ("Botox" is in a third of the cards, "eyelid" in a tenth), and
        # put first those whose words are in their titles and synonyms.
        most = max(covered for covered, *_ in closest)
        return [card for _, _, card in sorted(item[1:] for item in closest if item[0] >= most / 2)]

    def _rarity(self, alternatives: tuple[str, ...]) -> float:
        """How rare a query word is in the library (the log of the share of cards without it, plus one): a word on every
        card says nothing about which card is meant."""
        having = sum(any(any(_matches(t, stems) for t in alternatives) for _weight, stems in fields) for _card, fields, _phrases in self._entries)
        return math.log((len(self._entries) + 1) / (having + 1)) + 1.0


def searchable(query: str) -> bool:
    """Whether ``query`` has a word to search for: one made only of filler words, single letters and names of the
    treatment every card is about ("a", "the my", "Botox") has none, and searched it matches every card.

    Examples
    --------
    >>> searchable("a"), searchable("the my"), searchable("Botox"), searchable("jaw"), searchable("5")
    (False, False, False, True, True)
    """
    return any(not _names_the_treatment(_same_thing((term,))) for term in _query_terms(query))


def is_about(card: Card, muscle: str) -> bool:
    """Whether ``card`` is about ``muscle``: the muscle's own card, or a card that names it among its muscles."""
    if isinstance(card, Muscle):
        return card.id == muscle
    return muscle in card.muscles


#: Shorter words are not corrected: one letter off a three-letter word is another word.
_MIN_TYPO_LENGTH: Final = 4


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insertions, deletions, substitutions and swaps of neighbours), stopping early past ``limit``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _same_thing(alternatives: tuple[str, ...]) -> tuple[str, ...]:
    """The words read for a query word, with every word naming the same thing (:data:`_SAME_THING`)."""
    for group in _SAME_THING:
        if any(any(t.startswith(word) or word.startswith(t) for word in group) for t in alternatives if len(t) >= 4):
            return tuple(dict.fromkeys((*alternatives, *sorted(group))))
    return alternatives


def _names_the_treatment(alternatives: tuple[str, ...]) -> bool:
    """Whether the words read for a query word are the treatment's names (:data:`_SAME_THING`)."""
    return _SAME_THING[0] <= set(alternatives)


def _is_word(term: str) -> bool:
    """A word of three letters or more: what a card must match to be among a query's closest (a "1" or an "s" matches
    half the library)."""
    return len(term) >= 3 and not term.isdigit()


def _matches(term: str, stems: frozenset[str]) -> bool:
    return any(stem.startswith(term) or (len(stem) >= 4 and term.startswith(stem)) for stem in stems)


def _stem(word: str) -> str:
    """The word without a simple ending; a noun in "-ancy"/"-ence" and its adjective in "-ant"/"-ent" share one stem.

    Examples
    --------
    >>> [_stem(w) for w in ("drooping", "brows", "pregnant", "pregnancy", "emergency", "urgent", "different", "want")]
    ['droop', 'brow', 'pregnan', 'pregnan', 'emergen', 'urgen', 'differen', 'want']
    """
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2]:
                word = word[:-1]
            break
    if word.endswith(("ancy", "ency", "ance", "ence")) and len(word) >= 7:  # "pregnant" found nothing "pregnancy" did
        return word[:-2]
    if word.endswith(("ant", "ent")) and len(word) >= 6:
        return word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def _query_terms(query: str) -> tuple[str, ...]:
    words = [word for word in _tokens(query) if word not in _STOPWORDS and (len(word) > 1 or word.isdigit())]
    return tuple(dict.fromkeys(_stem(word) for word in words))


def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem(token) for token in _tokens(unmarked(text)))  # a citation's source id is not a word of the card


def _index_entry(card: Card, weighted: Sequence[tuple[int, str]], phrases: Sequence[str]) -> _IndexEntry:
    fields = tuple((weight, _stems(text)) for weight, text in weighted)
    normalised = tuple(" ".join(_tokens(phrase)) for phrase in phrases)
    return card, fields, normalised
