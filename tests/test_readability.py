"""Readability of the content library: short sentences, a low reading grade, plain words first.

Every card a reader sees alone must be easy to read: no sentence over 25 words and a
Flesch-Kincaid grade level of 8 or below, measured over all its prose fields together. A card
that uses the word "neuromodulator" or the Latin name of a muscle explains it in plain words on
first use, because cards are read one at a time.

The Flesch-Kincaid grade (Kincaid et al. 1975) is ``0.39 * words / sentences + 11.8 * syllables /
words - 15.59``. Syllables are counted by :func:`syllables`, a small rule-based counter written for
this test (see its docstring); it is an estimate, like every syllable counter, but it is the same
estimate for every card.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

import pytest

from viz.content import Library, load
from viz.content.citations import unmarked

MAX_SENTENCE_WORDS = 25
MAX_GRADE = 8.0

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")

#: Terms a card must explain in plain words the first time it uses them.
PLAIN_WORDS_FIRST = (
    "neuromodulator",
    "frontalis",
    "corrugator",
    "procerus",
    "orbicularis oculi",
    "nasalis",
    "zygomaticus",
    "depressor anguli oris",
    "mentalis",
    "masseter",
    "platysma",
)


def syllables(word: str) -> int:
    """Estimate the syllables of one word.

    Rules, applied to the lower-case letters of each hyphen- or apostrophe-separated part:

    1. A part of three letters or fewer has one syllable ("the", "jaw").
    2. Otherwise count the groups of consecutive vowels, with "y" counted as a vowel
       ("beau-ti-ful" has three groups).
    3. Silent "e": a final "e" does not add a syllable ("face", "smile"), except in a final
       consonant + "le", which is sounded ("ta-ble", "mus-cle").
    4. Silent "-es" and "-ed": a final "es" or "ed" after a consonant does not add a syllable
       ("makes", "jumped"), except "es" after s, x, z, ch, sh, ce or ge ("box-es") and "ed" after
       t or d ("lift-ed").
    5. Every part has at least one syllable.

    A token with no letters at all (a number such as "12" or "1.3") counts as two syllables, a flat
    estimate of how long a number is when read aloud.

    Parameters
    ----------
    word : str
        One word token, possibly with hyphens, apostrophes or digits.

    Returns
    -------
    int
        The estimated number of syllables, at least 1.

    Examples
    --------
    >>> [syllables(w) for w in ("cat", "table", "smile", "muscle", "botulinum", "jumped")]
    [1, 2, 1, 2, 4, 1]
    """
    parts = [part for part in re.split(r"[^A-Za-z]+", word.lower()) if part]
    if not parts:
        return 2
    return sum(_part_syllables(part) for part in parts)


def _part_syllables(part: str) -> int:
    if len(part) <= 3:
        return 1
    count = len(_VOWEL_GROUP_RE.findall(part))
    if part.endswith("e") and not part.endswith("le") and count > 1:
        count -= 1
    elif part.endswith("le") and len(part) > 2 and part[-3] in "aeiouy" and count > 1:
        count -= 1
    elif part.endswith("es") and count > 1 and not part.endswith(("ses", "xes", "zes", "ches", "shes", "ces", "ges")):
        if part[-3] not in "aeiouy":
            count -= 1
    elif part.endswith("ed") and count > 1 and part[-3] not in "aeiouytd":
        count -= 1
    return max(count, 1)


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences at ., ! or ? followed by white space."""
    return [s for s in _SENTENCE_END_RE.split(" ".join(text.split())) if _WORD_RE.search(s)]


def words(text: str) -> list[str]:
    """Return the word tokens of ``text`` (the same tokens the content loader counts)."""
    return _WORD_RE.findall(text)


def grade(fields: list[str]) -> float:
    """Flesch-Kincaid grade level of several prose fields read as one card.

    Each field is split into sentences on its own, so a heading without a full stop is one
    sentence rather than being glued to the next field.
    """
    all_sentences = [s for text in fields for s in sentences(text)]
    tokens = [w for s in all_sentences for w in words(s)]
    if not tokens:
        raise ValueError("grade needs at least one word")
    n_syllables = sum(syllables(w) for w in tokens)
    return 0.39 * len(tokens) / len(all_sentences) + 11.8 * n_syllables / len(tokens) - 15.59


def longest_sentence(fields: list[str]) -> int:
    """Length in words of the longest sentence in ``fields``."""
    return max(len(words(s)) for text in fields for s in sentences(text))


def cards(library: Library) -> Iterator[tuple[str, list[str]]]:
    """Every card a reader sees alone, with all its prose fields (without citation markers: a reader sees "[2]")."""
    for where, fields in _marked_cards(library):
        yield where, [unmarked(field) for field in fields]


def _marked_cards(library: Library) -> Iterator[tuple[str, list[str]]]:
    for myth in library.myths:
        yield f"myth {myth.id}", [myth.myth, myth.fact, myth.explanation]
    for muscle in library.muscles.values():
        fields = [muscle.what_it_does, muscle.asymmetry_it_drives, muscle.relaxing_changes, muscle.timing, muscle.cannot_fix]
        fields += [*muscle.cautions, muscle.reported_doses]
        fields += [movement.note for movement in muscle.effect if movement.note]
        if muscle.time_course.note:
            fields.append(muscle.time_course.note)
        yield f"muscle {muscle.id}", fields
    for fact in library.timeline.facts:
        yield f"timeline fact {fact.id}", [fact.title, fact.text]
    for topic in library.topics.values():
        yield f"topic section {topic.id} intro", [topic.title, topic.intro]
        for card in topic.cards:
            yield f"topic card {card.id}", [card.title, card.text]


LIBRARY = load()
CARDS = dict(cards(LIBRARY))


# --------------------------------------------------------------------------------------------
# The measuring tools
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("jaw", 1),
        ("face", 1),
        ("smile", 1),
        ("table", 2),
        ("muscle", 2),
        ("makes", 1),
        ("boxes", 2),
        ("jumped", 1),
        ("lifted", 2),
        ("beautiful", 3),
        ("botulinum", 4),
        ("neuromodulator", 6),
        ("eyebrow", 2),
        ("well-known", 2),
        ("12", 2),
    ],
)
def test_syllable_counter_on_known_words(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_grade_rises_with_long_words_and_long_sentences() -> None:
    short = ["The cat sat on the mat. The dog ran."]
    long_words = ["Neuromodulators temporarily immobilise hyperfunctional musculature."]
    long_sentence = ["The cat sat on the mat and the dog ran to the park and back again and then it slept."]
    assert grade(short) < grade(long_sentence) < grade(long_words)
    assert grade(short) < 2


def test_sentences_split_only_at_sentence_ends() -> None:
    assert sentences("Brows differ by 1.3 mm. Few notice it!  Why?") == ["Brows differ by 1.3 mm.", "Few notice it!", "Why?"]
    assert longest_sentence(["One two three.", "One two three four five"]) == 5
    with pytest.raises(ValueError, match="at least one word"):
        grade(["..."])


# --------------------------------------------------------------------------------------------
# The content
# --------------------------------------------------------------------------------------------


def test_every_kind_of_card_is_measured() -> None:
    kinds = {name.split(" ")[0] for name in CARDS}
    assert kinds == {"myth", "muscle", "timeline", "topic"}
    assert len(CARDS) == (
        len(LIBRARY.myths) + len(LIBRARY.muscles) + len(LIBRARY.timeline.facts) + sum(1 + len(topic.cards) for topic in LIBRARY.topics.values())
    )


@pytest.mark.parametrize("name", sorted(CARDS))
def test_no_sentence_over_25_words(name: str) -> None:
    longest = longest_sentence(CARDS[name])
    assert longest <= MAX_SENTENCE_WORDS, f"{name}: a sentence has {longest} words (at most {MAX_SENTENCE_WORDS})"


@pytest.mark.parametrize("name", sorted(CARDS))
def test_reading_grade_at_most_8(name: str) -> None:
    level = grade(CARDS[name])
    assert level <= MAX_GRADE, f"{name}: Flesch-Kincaid grade {level:.1f} (at most {MAX_GRADE:g})"


def test_the_library_as_a_whole_reads_below_grade_8() -> None:
    levels = [grade(fields) for fields in CARDS.values()]
    assert statistics.median(levels) < MAX_GRADE


def _first_use_is_explained(text: str, term: str) -> bool:
    match = re.search(rf"\b{re.escape(term)}s?\b", text, flags=re.IGNORECASE)
    if match is None:
        return True
    after = text[match.end() :].lstrip()
    before = text[: match.start()].rstrip()
    return after.startswith("(") or before.endswith("(")


@pytest.mark.parametrize("name", sorted(CARDS))
def test_latin_names_and_neuromodulator_are_explained_on_first_use(name: str) -> None:
    text = " ".join(CARDS[name])
    unexplained = [term for term in PLAIN_WORDS_FIRST if not _first_use_is_explained(text, term)]
    assert not unexplained, f"{name}: explain {', '.join(unexplained)} in plain words, in brackets, on first use"


def test_the_explanation_check_can_fail() -> None:
    assert _first_use_is_explained("The masseter (the chewing muscle) thins.", "masseter")
    assert _first_use_is_explained("The chewing muscle (masseter) thins.", "masseter")
    assert not _first_use_is_explained("The masseter thins (it is the chewing muscle).", "masseter")
    assert _first_use_is_explained("No Latin here.", "masseter")
