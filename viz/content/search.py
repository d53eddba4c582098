"""Search over the content library: every query word must start a word of the card; titles and synonyms rank first.

Words are lower-cased and simple endings ("-s", "-ed", "-ing") are ignored, so "drooping brows"
finds "droopy brow", and "pregnant" finds "pregnancy". A few filler words ("the", "my", ...) and the words that
only frame a question ("how", "why", "how many", ...) are skipped. A few words are read together with the words
that name the same thing ("eyebrow" and "brow": :data:`_SAME_WORDS`), and the treatment's own generic names
("Botox", "toxin": :data:`_TREATMENT`) are implied by every card. A few kinds of question lead with one card whatever
their other words (:func:`leading_cards`): a face that droops on one side (the emergency card), a brow or eyelid
changed by the treatment (the aftercare card on that side effect), a question about dose (the card that says
MirrorMap gives none) and one about price.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, Final, NamedTuple, TypeAlias

from viz.content.citations import unmarked
from viz.content.model import Card, Muscle, Myth, TimelineFact, Topic
from viz.errors import ArgumentError
from viz.vocabulary import MUSCLE_IDS, REGION_IDS

__all__ = [
    "DOSE_CARD",
    "EMERGENCY_CARD",
    "LID_OR_BROW_CARD",
    "PRICE_CARD",
    "Index",
    "asks_dose",
    "asks_price",
    "describes_lid_or_brow_change",
    "describes_sudden_droop",
    "is_about",
    "leading_cards",
]

_TOKEN_RE: Final = re.compile(r"[a-z0-9]+")
#: Filler words, skipped in a query: a card need not hold them. Besides articles, pronouns and the verbs of a question
#: ("the", "my", "does"), the small words that join a question's words ("after", "than", "if", "this"): required,
#: they sank the words that say what is asked ("can I drink alcohol after Botox", which no card answers, showed the 19
#: closest cards, those that say "after"; "one eyebrow higher than the other" put first the myth "I will look older
#: than before"). Words that carry meaning in a synonym ("not working anymore", "do I need treatment", "should I get
#: Botox") are not filler.
_STOPWORDS: Final[frozenset[str]] = frozenset(
    """
    a about after all also am an and any are at be been before but can do does for from had has he her his i if in is it
    its just me my of on or our other really she since so some than that the their them then there these they this those
    to us very was we were will with you your
    """.split()
)

#: Filler words that say when, kept in a phrase (:func:`_phrase`): "exercise after Botox" asks about aftercare, and read
#: as "exercise" it was the whole of the synonym "facial exercises" and ranked the card on physiotherapy for facial palsy
#: above the aftercare card.
_WHEN_WORDS: Final[frozenset[str]] = frozenset({"after", "before", "since"})

#: Words that only frame a question: "how long", "how many units for masseter", "why is one eyebrow higher". Each
#: was required of a card like any other word, and few cards say "how" or "why" (those that quote a question, such as
#: the myth "how long does Botox last"), so they sank the words that say what is asked about: "jaw slimming how long"
#: found two unrelated myths and not the jaw muscle's card. A card need not hold them; the whole query found in a
#: synonym or name still ranks that card first. What "how long" asks for is read from "long" (:data:`_ANSWERED_BY`).
#: "Need", "get" and "should" frame a question too ("how many units do I need", "can I get Botox at 16", "how many
#: units should I get"): required, they found the cards that say "still needed to close the eye" before the card on
#: dose, the myth whose synonym is "should I get Botox" instead of the card titled "Who should not be treated", and
#: only the eye-closing muscle's card (its "should") for "how many units should I get". A phrase still holds them.
_QUESTION_WORDS: Final[frozenset[str]] = frozenset({"how", "why", "what", "when", "where", "which", "who", "much", "many", "need", "get", "should"})
#: Words of a symptom no card covers, searched as typed (nothing found, said so) rather than read as a typo of another
#: word: "numbness" was searched as "number" and opened the card on numbers in adverts.
_NOT_TYPOS: Final[tuple[str, ...]] = ("numb", "tingl")
#: Which side a person names ("my left eyebrow is higher than my right") is theirs, not a card's word: required, the
#: card on normal brow differences (its synonym "one eyebrow higher") was lost for the one card that says "left".
#: Read like the question words: not required, and a phrase still holds them.
_SIDE_WORDS: Final[frozenset[str]] = frozenset({"left", "right"})

#: The treatment's generic names: a person asks about "Botox" where a card says "toxin" or "neuromodulator", so each
#: finds what the others do (as stems: :func:`_stem`, a word or the start of one). Every card is about this treatment,
#: so a card need not say them. Brand names are not among them: "Letybo", "Dysport" and "Xeomin" were read as
#: "Botox" and so had "no word to search for", though cards name them ("Letybo and Botulax", "Brands and their
#: units"); a brand is a word like any other, and finds the cards that name it. "Injection" is the treatment too
#: ("do injections hurt", which no card answers, showed the 13 closest cards, those that say "injection"), and
#: "injected" starts it; "injector", the person, is a word to search for ("licensed injector").
_TREATMENT: Final[frozenset[str]] = frozenset({"botox", "botulinum", "toxin", "neurotoxin", "neuromodulator", "injection"})

#: Words people use for the same thing, each read as all of its group (as stems: :func:`_stem`, whole words only, so
#: "lid" is not "lidocaine"). Only true equivalents: "eyebrow" found one card where "brow" found eighteen, since a
#: card says one or the other; "cost" and "price" are asked for alike. Brands sold as the same product under two
#: names are one product. Not "jaw" and "jawline" (the jaw's lower edge, where neck bands show; "jaw" already finds
#: "jawline", as the start of the word), nor "droop" and "sag" (a lid that droops is a side effect, skin that sags
#: is not: different cards).
_SAME_WORDS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"eyebrow", "brow"}),
    frozenset({"eyelid", "lid"}),  # the cards' "lid" is always the eyelid ("heavy upper lids", "a droopy lid")
    frozenset({"cost", "price"}),
    frozenset({"workout", "_work_out"}),  # one word or two (:data:`_PHRASAL`); as a synonym "workout" put the aftercare card among "does Botox work"
    frozenset({"letybo", "botulax"}),  # one toxin: sold as Botulax in Korea and Letybo in the US (its card says so)
    frozenset({"dysport", "azzalure"}),  # abobotulinumtoxinA, sold as Azzalure in much of Europe
    frozenset({"xeomin", "bocouture"}),  # incobotulinumtoxinA, sold as Bocouture in much of Europe
)

#: Words of a question read with the words a card answers it with, one way: "how long" (its "how" skipped as a
#: question word) and "does it last" ask how long the effect lasts, which a card says as "lasts", "wears off" or "three
#: months" ("how long does jaw Botox last" missed the jaw muscle's card, which says "six months"). In this library
#: "long" and "last" are about time ("long-term effects", "a longer result"; one card's "a longer jaw on one side" is
#: the exception), so they are read so everywhere, not only after "how": a query searched stays within what each of
#: its words finds alone.
_DURATION: Final[tuple[str, ...]] = ("long", "last", "_wear_off", "month")
_ANSWERED_BY: Final[dict[str, tuple[str, ...]]] = {"long": _DURATION, "last": _DURATION}

#: Words that mean another thing before their particle: "wears off" (fades) is not "wear" ("when can I wear makeup"
#: found the cards that say the effect wears off), "work out" (exercise) is not "work" (a synonym "work out after
#: Botox" would have put the aftercare card among the answers to "does Botox work"). Each such pair is read as one word,
#: in a card and in a query, that no other query word starts (:func:`_phrasal`).
_PHRASAL: Final[dict[str, str]] = {"wear": "off", "work": "out"}

#: Endings that make another word of the same root: "safety" and "safely" of "safe", "slimmer" of "slim". A card's word
#: is read within a longer query word only before one of them: "makeup" found every card that says "make".
_ENDINGS: Final[tuple[str, ...]] = ("er", "est", "ly", "y", "ty", "ity", "ness", "ment", "al", "ic", "ion", "ation", "ful", "ous", "ive")
#: Words that end as a longer word of a card's root does but are words of their own: "can I shower after Botox" found
#: the cards that say "show", "bother" those that say "both", "tender" (sore) those that say "tend".
_OWN_WORDS: Final[frozenset[str]] = frozenset(
    {
        "shower", "bother", "shoulder", "tender", "master", "flower", "finger", "wonder", "whisper", "powder", "weather",
        "leather", "feather", "party", "pretty", "question", "station", "portion", "apartment", "department",
    }
)  # fmt: skip

#: Words for the parts of the face: a question that names one is about that part. When no card has every word of
#: "lip flip", the closest cards are those about the lips, not the mirror myth that says "camera flips my face".
_FACE_PARTS: Final[frozenset[str]] = frozenset(
    {"brow", "eyebrow", "forehead", "eye", "eyelid", "lid", "nose", "nostril", "cheek", "mouth", "lip", "smile", "chin", "jaw", "jawline", "neck"}
)

#: A letter typed three times or more in a row, which no English word has: "slimmming" is "slimming" (read as the stem
#: "slimm", it started "slimmer" of one myth and so was no typo, and the jaw muscle's "jaw slimming" was lost).
_REPEATED_RE: Final = re.compile(r"([a-z])\1{2,}")

#: The see-a-doctor section: on a tie its cards come first ("bells palsy" is a synonym of a myth, a "can't change"
#: card and the doctor card on new weakness of one side of the face; in file order, the myth came first).
_SEE_A_DOCTOR: Final = "see_a_doctor"

#: The emergency card: a face that droops suddenly may be a stroke.
EMERGENCY_CARD: Final = "sudden_droop"

# --- Questions whose answer is one card, whatever their other words (:func:`leading_cards`) ------------------------
# A person says a sudden one-sided droop in many ways ("half my face dropped", "one side of my face went numb", "I
# can't smile on one side"), and no list of synonyms holds them all: "half my face dropped" found only the jaw
# muscle's card ("half", "drops"). What they share is a word of drooping or of lost movement with a word for the face as
# a whole or one side of it, and no smaller part: "droopy eyelid after botox" and "brow droop" ask about a known side
# effect, whose cards must stay first. Sagging goes with a side only: "sagging face" asks about loose skin.
_DROOP_RE: Final = re.compile(
    r"\b(?:droop\w*|drop\w*|fell|fall\w*|slump\w*|numb\w*|paraly[sz]\w*|dead|"
    r"(?:can ?not|can'?t|won'?t|doesn'?t|does not|unable to) (?:move|smile|close))\b"
)
_SAG_RE: Final = re.compile(r"\bsag\w*\b")
#: Said to have come on suddenly, and not after a treatment: then a droop of any part of the face asks for the
#: emergency card first ("the corner of my mouth suddenly drooped", "my eyelid drooped overnight"). A known side effect
#: is said with the treatment ("droopy eyelid after botox") and keeps its own card first.
_SUDDEN_RE: Final = re.compile(r"\b(?:sudden\w*|overnight|woke|waking|this morning|all at once)\b")
#: The other warning signs of a stroke the emergency card names (speech, an arm or leg), said in any words: a face
#: "crooked" with slurred speech found only the myth "Botox in the lower face can change my smile".
_STROKE_SIGN_RE: Final = re.compile(r"\b(?:slur\w*|garbled|stroke|(?:can ?not|can'?t|unable to|trouble|hard to) (?:speak|talk)\w*|speech)\b")
#: A face said to be crooked or lopsided counts as a droop when it came on suddenly ("face crooked suddenly"); said
#: alone ("my face is crooked") it asks about ordinary asymmetry.
_CROOKED_RE: Final = re.compile(r"\b(?:crooked|lopsided|twisted|uneven)\b")
_TREATED_RE: Final = re.compile(r"\b(?:botox|toxin\w*|inject\w*|treat\w*|shots?|jabs?|dysport|xeomin|letybo|daxxify|jeuveau)\b")
_WHOLE_FACE_RE: Final = re.compile(r"\b(?:face|facial|mouth|smile|half|side)\b")
_ONE_SIDE_RE: Final = re.compile(r"\b(?:half|side)\b")
_SMALLER_PART_RE: Final = re.compile(
    r"\b(?:eye\w*|lids?|brows?|eyebrows?|forehead|neck|jowls?|cheeks?|skin|lips?|corners?|nose|chin|jaw\w*)\b|\bside[ -]?effects?\b"
)
#: A brow or eyelid said to have changed with the treatment ("my eyelid dropped after botox", "why is one eyebrow
#: higher after botox", "uneven eyebrows since my injection") asks about the known side effect, whose card (the
#: aftercare card on a droopy eyelid or brow) leads: "dropped" is not "droop" to the search, and "higher" or "uneven"
#: found the myth that perfect symmetry should be the goal and the card on normal brow differences, neither of which
#: says what to do about a change after treatment. A word of drooping said with the treatment is enough ("will botox
#: fix my droopy eyelid": the card says it is a side effect that fades); a brow higher, lower or uneven must be said to
#: have come after it, as before it is ordinary asymmetry ("one eyebrow higher, should I get botox"). A wish to lift
#: or raise a brow ("can botox lift my droopy brow") asks what toxin can change, and keeps its own cards first.
_LID_OR_BROW_RE: Final = re.compile(r"\b(?:eye)?(?:lids?|brows?)\b")
_LID_DROOP_RE: Final = re.compile(r"\b(?:droop\w*|drop\w*|fell|fallen|falling|sag\w*|heav(?:y|ier))\b")
_LID_MOVED_RE: Final = re.compile(r"\b(?:higher|lower|uneven|lopsided|crooked|wonky)\b")
_SINCE_RE: Final = re.compile(r"\b(?:after|since|post)\b")
_LIFT_RE: Final = re.compile(r"\b(?:lift\w*|rais\w*)\b")
#: The card on a brow or eyelid changed by the treatment.
LID_OR_BROW_CARD: Final = "droopy_lid"

# Any question about dose (units, a dose, how much product) leads with the card that says MirrorMap gives none: "how
# many units should i get" showed only the eye-closing muscle's "24 units in total for crow's feet". A question about
# price ("how much does it cost") is not one.
_DOSE_RE: Final = re.compile(
    r"\b(?:units?|doses?|dosage|dosing|syringes?|vials?|ml)\b|"
    r"\bhow (?:much|many) (?:of )?(?:botox|botulinum|toxin|neurotoxin|neuromodulator|product|dysport|xeomin|letybo|shots?|"
    r"injections?|jabs?)\b"
)
_PRICE_RE: Final = re.compile(r"\b(?:cost\w*|price\w*|pay|paid|cheap\w*|expensive|afford\w*|dollars?|pounds?|euros?)\b|[$£€]")
#: The card that answers a question about dose.
DOSE_CARD: Final = "your_dose"
#: A question about price ("how much is botox", "is it expensive") leads with the consult question on cost: "how much
#: is botox" had no word to search for and showed every card, "botox price" the card on numbers in adverts.
_HOW_MUCH_RE: Final = re.compile(r"\bhow much (?:is|are|does|do|will|would|for)\b")
PRICE_CARD: Final = "q_cost"


def describes_sudden_droop(query: str) -> bool:
    """Whether ``query`` describes a face, mouth or one side of the face that droops or stopped moving.

    Examples
    --------
    >>> [describes_sudden_droop(q) for q in ("half my face dropped", "can't smile on one side", "mouth drooping suddenly")]
    [True, True, True]
    >>> [describes_sudden_droop(q) for q in ("droopy eyelid after botox", "brow droop", "sagging face", "jaw slimming")]
    [False, False, False, False]
    >>> [describes_sudden_droop(q) for q in ("corner of my mouth suddenly drooped", "eyelid drooping since this morning")]
    [True, True]
    >>> [describes_sudden_droop(q) for q in ("my mouth is crooked and my speech is slurred", "face crooked suddenly")]
    [True, True]
    >>> [describes_sudden_droop(q) for q in ("eyelid drooped suddenly after botox", "my face is crooked", "speech")]
    [False, False, False]
    """
    text = " ".join(_tokens_keeping_apostrophes(query))
    if _STROKE_SIGN_RE.search(text) and _WHOLE_FACE_RE.search(text) and not _TREATED_RE.search(text):
        return True
    if (_DROOP_RE.search(text) or _CROOKED_RE.search(text)) and _SUDDEN_RE.search(text) and not _TREATED_RE.search(text):
        return True
    if _SMALLER_PART_RE.search(text):
        return False
    return bool((_DROOP_RE.search(text) and _WHOLE_FACE_RE.search(text)) or (_SAG_RE.search(text) and _ONE_SIDE_RE.search(text)))


def describes_lid_or_brow_change(query: str) -> bool:
    """Whether ``query`` describes a brow or eyelid that drooped, or sits higher, lower or uneven, after the treatment.

    Examples
    --------
    >>> [describes_lid_or_brow_change(q) for q in ("my eyelid dropped after botox", "uneven eyebrows since my injection")]
    [True, True]
    >>> [describes_lid_or_brow_change(q) for q in ("one eyebrow higher", "one eyebrow higher, should I get botox")]
    [False, False]
    >>> [describes_lid_or_brow_change(q) for q in ("can botox lift my droopy brow", "half my face dropped after botox")]
    [False, False]
    """
    text = " ".join(_tokens_keeping_apostrophes(query))
    if describes_sudden_droop(query) or not (_LID_OR_BROW_RE.search(text) and _TREATED_RE.search(text)):
        return False
    after = bool(_SINCE_RE.search(text))
    if _LIFT_RE.search(text) and not after:
        return False
    return bool(_LID_DROOP_RE.search(text) or (after and _LID_MOVED_RE.search(text)))


def asks_dose(query: str) -> bool:
    """Whether ``query`` asks about a dose: units, a dose or how much product (not a price).

    Examples
    --------
    >>> [asks_dose(q) for q in ("how many units should i get", "how much botox do I need", "dosage", "how much does it cost")]
    [True, True, True, False]
    """
    text = " ".join(_tokens_keeping_apostrophes(query))
    return bool(_DOSE_RE.search(text)) and not _PRICE_RE.search(query.lower())


def asks_price(query: str) -> bool:
    """Whether ``query`` asks what the treatment costs (not how much product: :func:`asks_dose`).

    Examples
    --------
    >>> [asks_price(q) for q in ("how much is botox", "botox price", "how much does a vial cost", "how much botox")]
    [True, True, True, False]
    """
    text = " ".join(_tokens_keeping_apostrophes(query))
    return bool(_PRICE_RE.search(query.lower()) or (_HOW_MUCH_RE.search(text) and not _DOSE_RE.search(text)))


def leading_cards(query: str) -> tuple[str, ...]:
    """The ids of the cards that answer ``query`` first, whatever its other words: the emergency card and the card on
    new one-sided weakness for a one-sided droop (:func:`describes_sudden_droop`), the aftercare card on a droopy
    eyelid or brow for a brow or lid changed by the treatment (:func:`describes_lid_or_brow_change`), the card on dose
    for a question about dose (:func:`asks_dose`).

    Examples
    --------
    >>> leading_cards("half my face dropped"), leading_cards("how many units"), leading_cards("jaw")
    (('sudden_droop', 'bells_palsy'), ('your_dose',), ())
    >>> leading_cards("how much is botox"), leading_cards("my eyebrow dropped after botox")
    (('q_cost',), ('droopy_lid',))
    """
    return (
        *((EMERGENCY_CARD, "bells_palsy") if describes_sudden_droop(query) else ()),
        *((LID_OR_BROW_CARD,) if describes_lid_or_brow_change(query) else ()),
        *((DOSE_CARD,) if asks_dose(query) else ()),
        *((PRICE_CARD,) if asks_price(query) else ()),
    )


_IndexEntry: TypeAlias = tuple[Card, tuple[tuple[int, frozenset[str]], ...], tuple[str, ...]]


class _Term(NamedTuple):
    """One query word as the search reads it (:meth:`Index.read`)."""

    words: tuple[str, ...]  #: the stems a card may hold for it: the word, its correction, its equivalents and answers
    implied: bool  #: the treatment's name: every card is about it, so not required (:data:`_TREATMENT`)
    face_part: bool  #: names a part of the face, which the closest cards should be about (:data:`_FACE_PARTS`)
    asks: bool  #: what a question asks ("long"): required, but ranks after what it is about (:data:`_ANSWERED_BY`)


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
                        (  # every section the card shows: "how many units for masseter" missed its reported doses
                            1,
                            " ".join(
                                (
                                    muscle.what_it_does,
                                    muscle.asymmetry_it_drives,
                                    muscle.relaxing_changes,
                                    muscle.timing,
                                    muscle.cannot_fix,
                                    *muscle.cautions,
                                    muscle.reported_doses,
                                )
                            ),
                        ),
                    ],
                    (*muscle.synonyms, *names),
                )
            )
        for topic in topics:
            for card in topic.cards:
                entries.append(_index_entry(card, [(3, card.title), (3, " ".join(card.synonyms)), (1, card.text), tagged(card)], (*card.synonyms, card.title)))
        self._entries = tuple(entries)
        # A fact has no tags of its own: it is about the muscles whose time course cites one of its sources (the jaw's
        # "slower clock" cites Klein 2014, which only the jaw muscle's time course does; the onset, peak and wear-off
        # facts cite the sources of every other muscle's). Without them "jaw slimming" with the region Eyes counted
        # the jaw's fact on the Timeline tab.
        self._facts = tuple(
            (fact, _stems(" ".join((fact.title, *fact.asks, fact.text))), tuple(m for m in muscles if set(fact.sources) & set(m.time_course.sources)))
            for fact in facts
        )
        self._words = frozenset(stem for _card, fields, _phrases in self._entries for _weight, stems in fields for stem in stems) | frozenset(
            stem for _fact, stems, _about in self._facts for stem in stems
        )

    def facts(self, query: str, region: str | None = None, muscle: str | None = None) -> list[TimelineFact]:
        """The timeline's facts that hold every word of ``query`` (read as :meth:`search` reads it, the treatment's names
        not required) and pass the filters as a card does: the Timeline tab lists them, and a search says how many
        answer it ("how long does it last").

        A fact is about the muscles whose time course cites one of its sources, and in their regions: with the region
        Eyes, "jaw slimming" finds no fact (the jaw's "slower clock" is about the jaw muscle alone).

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        _check_filters(region, muscle)
        needed = [term.words for term in self.read(query) if not term.implied]
        if not needed:
            return []
        return [
            fact
            for fact, stems, about in self._facts
            if all(any(_matches(t, stems) for t in alternatives) for alternatives in needed)
            and (region is None or any(region in m.regions for m in about))
            and (muscle is None or any(m.id == muscle for m in about))
        ]

    def answering_fact(self, query: str, region: str | None = None, muscle: str | None = None) -> TimelineFact | None:
        """The timeline fact whose title is what ``query`` asks, or ``None``: the search's best answer, before any card.

        A title is what a query asks when it holds every word the query searches for (read as :meth:`search` reads
        them, the treatment's names not required) and says nothing the query does not ("How long it lasts" for "how
        long does it last" or "how long does Botox last"), or one of the questions it answers (:attr:`TimelineFact.asks`:
        "when does it wear off"). Scored as a card, the fact tied the myth whose synonym is
        "how long does Botox last", and the page opened "Myth or fact" on "One session will fix my asymmetry for good."
        The fact must pass the filters (:meth:`facts`), and a question answered first (:func:`leading_cards`: a sudden
        droop, a dose, a price) keeps its card. A title with a word more ("How much the jaw muscle thins") is no answer
        to "jaw", which the cards answer.

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.

        Examples
        --------
        >>> from viz.content import load
        >>> library = load()
        >>> [getattr(library.answering_fact(q), "id", None) for q in ("how long does it last", "jaw", "how much botox")]
        ['wear_off', None, None]
        """
        passing = self.facts(query, region=region, muscle=muscle)
        if not passing or leading_cards(query):
            return None
        asked = [term.words for term in self.read(query) if not term.implied]
        said = set(_phrase(query).split())
        for fact in passing:
            for asking in (fact.title, *fact.asks):
                title = _stems(asking)
                extra = [
                    word for word in _phrase(asking).split() if word not in said and not any(_matches(t, frozenset({word})) for words in asked for t in words)
                ]
                if not extra and all(any(_matches(t, title) for t in words) for words in asked):
                    return fact
        return None

    def searchable(self, query: str) -> bool:
        """Whether ``query`` has a word to search for, read as :meth:`search` reads it (:meth:`read`).

        A query made only of filler words, question words, single letters and the generic names of the treatment every
        card is about ("a", "the my", "how", "Botox") has none: searched, it matches every card. A word is judged as the
        word it is corrected to (:meth:`corrections`): "botax" is read as "botox", and was said to have 84 matches
        while "botox" had no word to search for. A brand name is a word to search for.

        Examples
        --------
        >>> from viz.content import load
        >>> library = load()
        >>> [library.searchable(q) for q in ("a", "the my", "Botox", "botax", "toxn", "jaw", "5", "Letybo")]
        [False, False, False, False, False, True, True, True]
        """
        return bool(leading_cards(query)) or any(not term.implied for term in self.read(query))

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
        out: dict[str, tuple[str, ...]] = {}
        for word in _query_words(query):  # a letter typed thrice is said as the word read: "slimmming" as "slimming"
            if _untripled(word) != word:
                out[word] = (_untripled(word),)
        for term in _query_terms(query):
            alternatives = self._alternatives(term)
            if alternatives != (term,):
                out[term] = alternatives
        return out

    def read(self, query: str) -> list[_Term]:
        """The query's words as the search reads them: the one place a query is normalised.

        In order: lower-case words (:func:`_tokens`); filler words (:data:`_STOPWORDS`), words that only frame a
        question (:data:`_QUESTION_WORDS`) and single letters dropped; simple endings dropped (:func:`_stem`); a word
        that starts no word of the library read as its closest words (:meth:`_alternatives`); then each read with the
        words that name the same thing (:func:`_same_thing`). Words read alike become one term ("long" and "last" in
        "how long does it last": counted twice, they outranked the cards that answer it with those that say "months"
        twice over).

        Examples
        --------
        >>> from viz.content import load
        >>> [(t.words[:2], t.implied, t.face_part, t.asks) for t in load()._index.read("How long does eyebrow Botox last?")]
        [(('long', 'last'), False, False, True), (('eyebrow', 'brow'), False, True, False), (('botox', 'botulinum'), True, False, False)]
        """
        read: dict[frozenset[str], tuple[str, ...]] = {}
        for term in _query_terms(query):
            words = _same_thing(self._alternatives(term))
            read.setdefault(frozenset(words), words)
        return [
            _Term(words, implied := _names_the_treatment(words), not implied and any(t in _FACE_PARTS for t in words), words[0] in _ANSWERED_BY)
            for words in read.values()
        ]

    def _alternatives(self, term: str) -> tuple[str, ...]:
        """``(term,)`` when it starts a word of the library; else the closest words within the allowed distance that
        begin with its letter."""
        if _matches(term, self._words):
            return (term,)
        if len(term) < _MIN_TYPO_LENGTH or term.startswith(_NOT_TYPOS):
            return (term,)
        limit = 1 if len(term) < 7 else 2
        best: dict[int, list[str]] = {}
        for word in self._words:
            if abs(len(word) - len(term)) > limit:
                continue
            if word[0] != term[0]:  # a typo almost never changes the first letter: "gummy" is not "dummy"
                continue
            # "brwo" is "brow" and "botx" "botox" (a letter missing: "botx" found nothing); "lazy" is not "lay"
            if len(term) == _MIN_TYPO_LENGTH and sorted(word) != sorted(term) and not (len(word) == len(term) + 1 and _distance(term, word, 1) == 1):
                continue
            d = _distance(term, word, limit)
            if d <= limit:
                best.setdefault(d, []).append(word)
        return tuple(sorted(best[min(best)])) if best else (term,)

    def search(self, query: str, region: str | None = None, muscle: str | None = None, *, most_words: bool = False) -> list[Card]:
        """Find cards whose words match ``query``, optionally within a region or for a muscle.

        Every query word (ignoring a few filler words such as "the" or "my", and words that only frame a
        question, such as "how" or "why") must match the start of some word of the card, case-insensitively,
        in any section the card shows (myth, fact, explanation, names, text, a muscle's timing, cautions and
        reported doses) or its synonyms; simple endings ("-s", "-ed", "-ing") are ignored. A word that starts no
        word of the library is read as the library's closest words that begin with its letter, one letter off (two
        for words of seven letters or more; a four-letter word only by two neighbours swapped or a letter missing):
        "botax" and "botx" find "botox" (:meth:`corrections`). A word is also read as the words that name the same thing ("eyebrow" as
        "brow": :data:`_SAME_WORDS`), and "long" as the words that say how long ("lasts", "wears off", "months").
        The treatment's generic names ("Botox", "toxin", "neuromodulator") find one another and are not required
        of a card, since every card is about it ("masseter Botox" finds the jaw muscle's card; "Botox" alone, every
        card, those that say it first); a brand name ("Letybo") finds the cards that name it. An empty query returns
        every card that passes the filters.

        With ``most_words``, for a query no card matches in full ("100 units"), the cards that come closest: each
        holding at least half as much of the query as the closest one, with rare words counting for more than common
        ones, and one of its words a word of three letters or more. A query that names a part of the face ("lip
        flip") is about that part: when a card holds it, the closest cards are among those that do. Cards one of whose
        synonyms the query holds ("crooked smile" in "can Botox fix a crooked smile") come first.

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
            Best match first: synonym and title hits outrank body hits, a word found whole outranks one found as
            the start of a longer word ("jaw" in "Jaw muscle" before "jawline"), what a question asks ("how long")
            counts after what it is about ("jaw"), and the whole query found as words of a synonym or name ranks
            highest, then a synonym or name of two words or more found in the query ("jaw slimming how long").

        Raises
        ------
        viz.errors.ArgumentError
            If ``region`` or ``muscle`` is not a known id.
        """
        _check_filters(region, muscle)
        # The whole library is about these treatments: "masseter Botox" asks for the jaw muscle's card, which says "relax"
        # and never names the product. A product's name ranks the cards that say it first but is not required.
        # What a question asks ("how long": :data:`_ANSWERED_BY`) is required but ranks after what it is about: "how
        # long does jaw Botox last", read with "months", ranked the jaw muscle's card seventh, below cards that answer
        # "how long" and name the jaw only in passing
        terms = self.read(query)
        phrase = _phrase(query)
        leads = self._leads(query, region, muscle)
        if leads and all(term.implied for term in terms):  # "how much botox": the question is the whole query
            return leads
        rarity = [self._rarity(term.words) for term in terms]
        full: list[tuple[int, int, int, bool, int, Card]] = []
        closest: list[tuple[bool, bool, float, float, int, Card]] = []
        for order, (card, fields, phrases) in enumerate(self._entries):
            if region is not None and region not in card.regions:
                continue
            if muscle is not None and not is_about(card, muscle):
                continue
            score = found = worded = said = answered = 0
            covered = weighted = 0.0
            part = False
            for (alternatives, optional, names_part, aspect), rare in zip(terms, rarity, strict=True):
                best = max((_points(weight, alternatives, stems) for weight, stems in fields), default=0)
                found += best > 0 or optional
                worded += best > 0 and not optional and any(_is_word(t) for t in alternatives)
                part = part or (names_part and best > 0)
                if optional:  # the treatment's name only breaks ties: the myths that say "Botox" came before the jaw
                    said += best  # muscle's card for "masseter Botox"
                elif aspect:
                    answered += best
                else:
                    score += best
                covered += rare * (best > 0)
                weighted += rare * best
            # A synonym or name of two words or more typed within the query: "jaw slimming how long" is about the jaw
            # muscle ("jaw slimming"), more than the myth that quotes "how long to work"
            typed = bool(phrase) and any(" " in candidate and f" {candidate} " in f" {phrase} " for candidate in phrases)
            # The whole query inside a synonym or name, as whole words: "jaw" is not in "jawline botox", which put the
            # neck-lift myth above the jaw muscle for "jaw"
            if phrase and any(f" {phrase} " in f" {candidate} " for candidate in phrases):
                score += 20
            elif typed:
                score += 10
            if found == len(terms):
                doctor = bool(score) and getattr(card, "section", "") == _SEE_A_DOCTOR  # a tie on what was asked, not on "Botox"
                full.append((-score, -answered, -said, not doctor, order, card))
            elif most_words and worded:
                closest.append((part, typed, covered, weighted, order, card))
        if full or not closest:
            ranked = [card for *_, card in sorted(full, key=lambda item: item[:5])]
            return _lead(leads, ranked) if ranked or most_words else []
        # No card has every word: keep the cards that hold at least half as much of the query as the closest one, its
        # rare words counting for more than common ones ("Botox" is in a third of the cards, "eyelid" in a tenth), and
        # put first those whose words are in their titles and synonyms. A query that names a part of the face asks
        # about that part: "lip flip" showed first the mirror myth, whose "flips" is the rarer word. A card one of whose
        # synonyms the person typed comes first: "can botox fix a crooked smile" put the crooked-jaw myth ("fix" is
        # rarer than "smile") above the two cards that list "crooked smile".
        if any(part for part, *_ in closest):
            closest = [item for item in closest if item[0]]
        most = max(covered for _, _, covered, *_ in closest)
        kept = [(not typed, -weighted, order, card) for _, typed, covered, weighted, order, card in closest if covered >= most / 2]
        return _lead(leads, [card for *_, card in sorted(kept, key=lambda item: item[:3])])

    def _leads(self, query: str, region: str | None, muscle: str | None) -> list[Card]:
        """The cards that answer ``query`` first (:func:`leading_cards`) that the library holds and the filters keep."""
        wanted = leading_cards(query)
        found = {card.id: card for card, _fields, _phrases in self._entries if not isinstance(card, Muscle) and card.id in wanted}
        leads = [found[ident] for ident in wanted if ident in found]
        # a dose or price question is answered whatever the filters (with the jaw chosen, "how many units should i get"
        # led with the jaw muscle's "40 to 80 units"); the emergency cards follow them, their message shown regardless
        return [
            card
            for card in leads
            if card.id in (DOSE_CARD, PRICE_CARD) or ((region is None or region in card.regions) and (muscle is None or is_about(card, muscle)))
        ]

    def _rarity(self, alternatives: tuple[str, ...]) -> float:
        """How rare a query word is in the library (the log of the share of cards without it, plus one): a word on every
        card says nothing about which card is meant."""
        having = sum(any(any(_matches(t, stems) for t in alternatives) for _weight, stems in fields) for _card, fields, _phrases in self._entries)
        return math.log((len(self._entries) + 1) / (having + 1)) + 1.0


def _check_filters(region: str | None, muscle: str | None) -> None:
    """Raise :class:`~viz.errors.ArgumentError` naming ``region`` or ``muscle`` when it is not a known id."""
    if region is not None and region not in REGION_IDS:
        raise ArgumentError(f"Unknown region '{region}'; choose one of {', '.join(sorted(REGION_IDS))}.")
    if muscle is not None and muscle not in MUSCLE_IDS:
        raise ArgumentError(f"Unknown muscle '{muscle}'; choose one of {', '.join(MUSCLE_IDS)}.")


def _lead(leads: Sequence[Card], ranked: Sequence[Card]) -> list[Card]:
    """``ranked`` with ``leads`` moved (or added) before the rest."""
    first = {id(card) for card in leads}
    return [*leads, *(card for card in ranked if id(card) not in first)]


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
    """The words read for a query word: with every name of the treatment for one of them, or the start of one
    (:data:`_TREATMENT`), the words naming the same thing (:data:`_SAME_WORDS`) and the words answering it
    (:data:`_ANSWERED_BY`).

    Examples
    --------
    >>> _same_thing(("eyebrow",)), _same_thing(("long",)), _same_thing(("lidocaine",))
    (('eyebrow', 'brow'), ('long', 'last', '_wear_off', 'month'), ('lidocaine',))
    """
    if any(any(t.startswith(word) or word.startswith(t) for word in _TREATMENT) for t in alternatives if len(t) >= 4):
        return tuple(dict.fromkeys((*alternatives, *sorted(_TREATMENT))))
    read = list(alternatives)
    for t in alternatives:
        read += [word for group in _SAME_WORDS if t in group for word in sorted(group, key=lambda word: (word != t, word))]
        read += _ANSWERED_BY.get(t, ())
    return tuple(dict.fromkeys(read))


def _names_the_treatment(alternatives: tuple[str, ...]) -> bool:
    """Whether the words read for a query word are the treatment's names (:data:`_TREATMENT`)."""
    return _TREATMENT <= set(alternatives)


def _is_word(term: str) -> bool:
    """A word of three letters or more: what a card must match to be among a query's closest (a "1" or an "s" matches
    half the library)."""
    return len(term) >= 3 and not term.isdigit()


def _matches(term: str, stems: frozenset[str]) -> bool:
    """Whether ``term`` starts one of ``stems``, or one of four letters or more starts it before an ending
    (:data:`_ENDINGS`): "slimmer" is "slim", "makeup" is not "make"."""
    return any(stem.startswith(term) or _root_of(stem, term) for stem in stems)


def _root_of(stem: str, term: str) -> bool:
    """Whether ``stem`` (four letters or more) is ``term`` without an ending, its last letter perhaps doubled ("slimmer")."""
    if len(stem) < 4 or len(term) <= len(stem) or not term.startswith(stem) or term in _OWN_WORDS:
        return False
    rest = term[len(stem) :]
    return rest in _ENDINGS or (rest[0] == stem[-1] and rest[1:] in _ENDINGS)


def _points(weight: int, alternatives: tuple[str, ...], stems: frozenset[str]) -> int:
    """What a field of ``weight`` scores for a query word read as ``alternatives``: twice its weight when it holds one
    of them whole, one less when only as the start of a longer word, 0 when not at all.

    So a word found whole ranks first within a field's weight: "jaw" in "Jaw muscle" before "jawline" (the neck muscle
    ranked above the jaw muscle for "jaw botox"), and never above a word found in a weightier field.
    """
    if any(t in stems for t in alternatives):
        return 2 * weight
    if any(_matches(t, stems) for t in alternatives):
        return 2 * weight - 1
    return 0


def _stem(word: str) -> str:
    """The word without a simple ending; a noun in "-ancy"/"-ence" and its adjective in "-ant"/"-ent" share one stem, and
    so do an adjective in "-ical" and in "-ic".

    Examples
    --------
    >>> [_stem(w) for w in ("drooping", "brows", "pregnant", "pregnancy", "emergency", "urgent", "different", "want")]
    ['droop', 'brow', 'pregnan', 'pregnan', 'emergen', 'urgen', 'differen', 'want']
    >>> [_stem(w) for w in ("symmetrical", "symmetric", "asymmetrical", "medical", "lying")]
    ['symmetric', 'symmetric', 'asymmetric', 'medical', 'lie']
    """
    if len(word) == 5 and word.endswith("ying"):  # "lying" is "lie" ("lying down after Botox" missed "lie down")
        return word[0] + "ie"
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
    # "asymmetrical" is no word of the cards, and the nearest that is ("symmetrical") is its opposite: as "asymmetric"
    # it is a typo's distance from "asymmetry"
    if word.endswith("ical") and len(word) >= 8:
        return word[:-2]
    return word


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def _tokens_keeping_apostrophes(text: str) -> list[str]:
    """Lower-case words with their apostrophes ("can't"), for the patterns of :func:`leading_cards`."""
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _untripled(word: str) -> str:
    """``word`` with any letter typed three times or more in a row typed twice (:data:`_REPEATED_RE`); a word too short
    to correct (:data:`_MIN_TYPO_LENGTH`) once so is left as typed ("zzz" is no word misspelt)."""
    read = _REPEATED_RE.sub(r"\1\1", word)
    return read if len(read) >= _MIN_TYPO_LENGTH else word


def _query_words(query: str) -> list[str]:
    """The query's words a card must hold, as typed: without filler, question words and single letters."""
    return [
        word
        for word in _phrasal(_tokens(query))
        if word not in _STOPWORDS and word not in _QUESTION_WORDS and word not in _SIDE_WORDS and (len(word) > 1 or word.isdigit())
    ]


def _query_terms(query: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word if word.startswith("_") else _stem(_untripled(word)) for word in _query_words(query)))


def _phrasal(tokens: list[str]) -> list[str]:
    """``tokens`` with each word and its particle (:data:`_PHRASAL`) read as one word, which no query word starts: the
    particle is kept, a word of its own ("wears off" is "_wear_off" and "off").

    Examples
    --------
    >>> _phrasal(["it", "wears", "off"]), _phrasal(["wear", "makeup"])
    (['it', '_wear_off', 'off'], ['wear', 'makeup'])
    """
    out = []
    for token, following in zip(tokens, [*tokens[1:], ""], strict=False):  # the next word, or "" after the last
        verb = _stem(token)
        out.append(f"_{verb}_{following}" if _PHRASAL.get(verb) == following else token)
    return out


def _stems(text: str) -> frozenset[str]:
    # a citation's source id is not a word of the card
    return frozenset(token if token.startswith("_") else _stem(token) for token in _phrasal(_tokens(unmarked(text))))


def _index_entry(card: Card, weighted: Sequence[tuple[int, str]], phrases: Sequence[str]) -> _IndexEntry:
    fields = tuple((weight, _stems(text)) for weight, text in weighted)
    normalised = tuple(dict.fromkeys(p for p in (_phrase(phrase) for phrase in phrases) if p))
    return card, fields, normalised


def _phrase(text: str) -> str:
    """``text`` as a phrase to compare, read as a query is: stems, without filler words, single letters and the
    treatment's names (question words kept: "how long" is a phrase; and the filler words that say when,
    :data:`_WHEN_WORDS`). So "how long does it last" is the title "How long it lasts", "crows feet" the synonym "crow's
    feet", and "can I exercise after Botox" is not "facial exercises".

    Examples
    --------
    >>> _phrase("How long does Botox last?"), _phrase("How long it lasts"), _phrase("crow's feet")
    ('how long last', 'how long last', 'crow feet')
    >>> _phrase("Can I exercise after my Botox?"), _phrase("facial exercises")
    ('exercise after', 'facial exercise')
    """
    words = [_stem(word) for word in _tokens(text) if (word not in _STOPWORDS or word in _WHEN_WORDS) and (len(word) > 1 or word.isdigit())]
    return " ".join(word for word in words if not _names_the_treatment(_same_thing((word,))))
