"""Citation markers inside card text: which source backs which claim.

A card's text names the source of a claim in Pandoc's style, just before the sentence's closing
punctuation: ``"... about five millimetres [@ahn2000; @yi2023]."``. A marker covers the sentences since
the previous one. On screen a marker becomes the numbers of its sources in the card's numbered list
(:func:`numbered`, ``"[2, 3]"``); search and word counts read the text without them (:func:`unmarked`).
``[@own]`` (:data:`OWN`) marks a sentence that is MirrorMap's own choice, not a source's, and says so in
its words ("our modelling choice"); it shows as nothing.

Examples
--------
>>> text = "Brows rose 1 to 5 mm [@ahn2000; @yi2023]. Units differ [@label]."
>>> markers(text)
[('ahn2000', 'yi2023'), ('label',)]
>>> numbered(text, ["label", "ahn2000", "yi2023"]).replace("\u00a0", " ")
'Brows rose 1 to 5 mm [2, 3]. Units differ [1].'
>>> unmarked(text)
'Brows rose 1 to 5 mm. Units differ.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

__all__ = ["OWN", "figure_sentences", "markers", "numbered", "own_unsaid", "sentences", "unmarked", "unmarked_end"]

OWN: Final = "own"
"""The marker id of a sentence that states MirrorMap's own choice (it needs no source and shows no number)."""

#: Joins a citation's numbers to the claim before them and to one another (:func:`numbered`).
_NBSP: Final = "\u00a0"
_MARKER_RE: Final = re.compile(r"\s*\[(@[a-z0-9_]+(?:;\s*@[a-z0-9_]+)*)\]")
_SENTENCE_END_RE: Final = re.compile(r"(?<=[.!?])\s+")
#: A figure: a digit, or a number word that is never just "one side" or "two brows".
_FIGURE_RE: Final = re.compile(
    r"\d|%|\b(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
    r"half|third|quarter|percent)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """``text``'s sentences, its white space collapsed (a sentence ends at ``.``, ``!`` or ``?`` before a space)."""
    return _SENTENCE_END_RE.split(" ".join(text.split()))


def _ids(found: str) -> tuple[str, ...]:
    """The source ids of one marker's inside (``"@a; @b"``)."""
    return tuple(part.strip().lstrip("@") for part in found.split(";"))


def markers(text: str) -> list[tuple[str, ...]]:
    """The source ids of each marker in ``text``, in reading order."""
    return [_ids(found) for found in _MARKER_RE.findall(text)]


def unmarked(text: str) -> str:
    """``text`` without its markers (for search, word counts and places with no numbered list)."""
    return _MARKER_RE.sub("", text)


def numbered(text: str, order: Sequence[str]) -> str:
    """``text`` with each marker replaced by its sources' numbers in ``order`` (1-based, ascending).

    A run of markers naming the same sources shows once, at its end: a marker covers the sentences since the
    previous one, so "... [3]. ... [3]." reads "... . ... [3]." The numbers are joined to the word before them and to
    one another by no-break spaces: on a phone "[1," ended a line and "2, 5]." began the next, and "[4]." began a line
    alone, apart from the claim it sources.

    Raises
    ------
    KeyError
        If a marker names a source not in ``order`` (the content checks rule this out).

    Examples
    --------
    >>> numbered("A rose 2 mm [@a]. B rose 3 mm [@a]. C fell [@b] and [@a; @b].", ["a", "b"]).replace(_NBSP, "~")
    'A rose 2 mm. B rose 3 mm~[1]. C fell~[2] and~[1,~2].'
    """
    position = {ident: number for number, ident in enumerate(dict.fromkeys(order), start=1)}
    found = list(_MARKER_RE.finditer(text))
    groups = [tuple(sorted({position[ident] for ident in _ids(match.group(1)) if ident != OWN})) for match in found]
    pieces, start = [], 0
    for index, (match, numbers) in enumerate(zip(found, groups, strict=True)):
        pieces.append(text[start : match.start()])
        if numbers and (index + 1 == len(groups) or groups[index + 1] != numbers):
            pieces.append(_NBSP + "[" + f",{_NBSP}".join(map(str, numbers)) + "]")
        start = match.end()
    return "".join(pieces) + text[start:]


def unmarked_end(text: str) -> str:
    """What follows ``text``'s last marker, other than closing punctuation: claims no marker covers.

    Examples
    --------
    >>> unmarked_end("A rose [@a]. It fell.")
    'It fell.'
    >>> unmarked_end("A rose [@a].")
    ''
    """
    ends = [found.end() for found in _MARKER_RE.finditer(text)]
    tail = text[ends[-1] :] if ends else text
    return tail.strip().lstrip(".!?;:,)\"'’”").strip()


def figure_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that state a figure but carry no marker of their own."""
    found = []
    for sentence in sentences(text):
        if _FIGURE_RE.search(unmarked(sentence)) and not _MARKER_RE.search(sentence):
            found.append(sentence)
    return found


_SAYS_OWN_RE: Final = re.compile(r"\b(?:our|MirrorMap|(?:the|this) app(?:'s)?|the preview)\b", re.IGNORECASE)


def own_unsaid(text: str) -> list[str]:
    """The sentences of ``text`` marked as MirrorMap's own choice (``[@own]``) that do not say so in their words.

    Examples
    --------
    >>> own_unsaid("The band is our choice [@own]. The band is 3 to 5 months [@own].")
    ['The band is 3 to 5 months [@own].']
    """
    return [sentence for sentence in sentences(text) if any(OWN in found for found in markers(sentence)) and not _SAYS_OWN_RE.search(unmarked(sentence))]
