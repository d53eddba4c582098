"""The content files' schema, and every rule a schema cannot state, each failure as one sentence.

The shape of each file (fields, types, allowed ids, ranges) is a JSON Schema checked by the
``jsonschema`` library. What a schema cannot say is checked afterwards, in :func:`check`: that every
cited source exists, that ids are unique, that ranges are ordered, that prose stays readable. The
first failure of a file becomes a :class:`viz.errors.ContentError` naming the file and the item, e.g.
``content/myths.yaml: myth 'paralysis' field 'explanation' is empty.``
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, NoReturn

import jsonschema

from viz.content.citations import OWN, figure_sentences, markers, own_unsaid, sentences, unmarked, unmarked_end
from viz.content.model import BASES, RECOVERIES, SOURCE_KINDS
from viz.errors import ContentError
from viz.vocabulary import DIRECTIONS, EXPRESSION_IDS, MEASURES, MOVEMENTS, MUSCLE_ACTIONS, MUSCLE_IDS, REGION_IDS, TARGETS, VERDICTS

__all__ = ["EXPLANATION_WORDS", "FILES", "LANDMARK_COUNT", "MAX_SENTENCE_WORDS", "SCHEMAS", "check", "longest_sentence", "validate", "words"]

MAX_SENTENCE_WORDS: Final[int] = 25
"""Longest sentence, in words, allowed in any card body."""
EXPLANATION_WORDS: Final[tuple[int, int]] = (60, 150)
"""Inclusive word range of a myth explanation."""
LANDMARK_COUNT: Final[int] = 468
"""Number of points in the MediaPipe Face Mesh canonical model (the muscle outlines' index range)."""

#: Each file and the key of its one list.
FILES: Final[Mapping[str, str]] = {
    "sources.yaml": "sources",
    "myths.yaml": "myths",
    "muscles.yaml": "muscles",
    "timeline.yaml": "facts",
    "topics.yaml": "sections",
    "norms.yaml": "norms",
}

# --- the schema -------------------------------------------------------------------------------------

_TEXT: Final = {"type": "string", "pattern": r"\S"}
_ID: Final = {"type": "string", "pattern": r"^[a-z0-9_]+$"}
_NUMBER: Final = {"type": "number", "minimum": 0}


def _choice(ids: object) -> dict[str, Any]:
    return {"type": "string", "enum": sorted(ids)}  # type: ignore[call-overload]


def _list(items: Mapping[str, Any], *, min_items: int = 1, unique: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": items, "minItems": min_items}
    if unique:
        out["uniqueItems"] = True
    return out


def _item(required: Sequence[str], properties: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": dict(properties), "additionalProperties": False}


_SOURCES: Final = _list(_ID, min_items=0)
_CODE: Final = {"type": ["string", "integer"]}

_SOURCE: Final = _item(
    ("id", "authors", "year", "title", "journal", "kind"),
    {
        "id": _ID,
        "authors": _TEXT,
        "year": {"type": ["integer", "null"]},
        "title": _TEXT,
        "journal": _TEXT,
        "kind": _choice(SOURCE_KINDS),
        "volume": _CODE,
        "pages": _CODE,
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/\S+$"},
        "pmid": {"type": ["string", "integer"], "pattern": r"^\d+$"},
        "url": _TEXT,
        "note": _TEXT,
    },
)
_MYTH: Final = _item(
    ("id", "myth", "verdict", "fact", "explanation", "regions", "muscles", "synonyms", "sources"),
    {
        "id": _ID,
        "myth": _TEXT,
        "verdict": _choice(VERDICTS),
        "fact": _TEXT,
        "explanation": _TEXT,
        "regions": _list(_choice(REGION_IDS), unique=True),
        "muscles": _list(_choice(MUSCLE_IDS), min_items=0, unique=True),
        "synonyms": _list(_TEXT),
        "sources": _SOURCES,
    },
)
_EFFECT: Final = _item(
    ("target", "direction", "basis", "sources"),
    {
        "target": _choice(TARGETS),
        "direction": _choice(DIRECTIONS),
        **{key: _NUMBER for key in ("low_mm", "typical_mm", "high_mm", "percent_low", "percent_typical", "percent_high")},
        "basis": _choice(BASES),
        "sources": _SOURCES,
        "note": _TEXT,
        "sides_studied": _choice(("either", "both")),
    },
)
#: The time course's milestones that have a range (``<name>_days_low`` / ``_high``) and can be cited.
TIME_RANGES: Final = ("onset", "peak", "wear_off_start", "duration")
#: What a time course's ``cited`` list may name: a milestone's day, or its range (``<name>_range``).
TIME_CITABLE: Final = ("onset", "judge", "peak", "wear_off_start", "duration", *(f"{name}_range" for name in TIME_RANGES))
_TIME_COURSE: Final = _item(
    (
        "onset_days",
        "judge_days",
        "peak_days",
        "wear_off_start_days",
        "duration_days",
        *(f"{name}_days_{end}" for name in TIME_RANGES for end in ("low", "high")),
        "recovery",
        "cited",
        "sources",
    ),
    {
        **{key: _NUMBER for key in ("onset_days", "judge_days", "peak_days", "wear_off_start_days", "duration_days")},
        **{f"{name}_days_{end}": _NUMBER for name in TIME_RANGES for end in ("low", "high")},
        "recovery": _choice(RECOVERIES),
        "cited": _list(_choice(TIME_CITABLE), min_items=0, unique=True),
        "sources": _SOURCES,
        "note": _TEXT,
    },
)
_DYNAMIC: Final = _item(
    ("expressions", "targets", "attenuation", "basis", "sources", "note"),
    {
        "expressions": _list(_choice(EXPRESSION_IDS[1:]), unique=True),
        "targets": _list(_choice(TARGETS), unique=True),
        "attenuation": {"type": "number", "minimum": 0, "maximum": 1},
        "basis": _choice(BASES),
        "sources": _SOURCES,
        "note": _TEXT,
        "time_course": _TIME_COURSE,  # the movement's own course, where it differs from the card's
    },
)
_MUSCLE_TEXTS: Final = ("name", "what_it_does", "asymmetry_it_drives", "relaxing_changes", "timing", "cannot_fix", "reported_doses")
_MUSCLE: Final = _item(
    (
        "id",
        "name",
        "latin",
        "action",
        *_MUSCLE_TEXTS[1:],
        "cautions",
        "dose_sources",
        "sources",
        "regions",
        "synonyms",
        "landmarks",
        "effect",
        "time_course",
    ),
    {
        "id": _ID,
        **{key: _TEXT for key in _MUSCLE_TEXTS},
        "latin": _TEXT,
        "action": _choice(MUSCLE_ACTIONS),
        "midline": {"type": "boolean"},
        "cautions": _list(_TEXT),
        "dose_sources": _SOURCES,
        "sources": _SOURCES,
        "regions": _list(_choice(REGION_IDS), unique=True),
        "synonyms": _list(_TEXT),
        "landmarks": _list({"type": "integer", "minimum": 0, "maximum": LANDMARK_COUNT - 1}, unique=True),
        "effect": _list(_EFFECT),
        "time_course": _TIME_COURSE,
        "dynamic": _DYNAMIC,
    },
)
_POINT: Final = _item(("day", "low", "high"), {"day": _NUMBER, "low": _NUMBER, "high": _NUMBER})
_FACT: Final = _item(
    ("id", "title", "text", "sources"),
    {"id": _ID, "title": _TEXT, "text": _TEXT, "sources": _SOURCES, "unit": _TEXT, "points": _list(_POINT), "asks": _list(_TEXT)},
)
_CARD: Final = _item(
    ("id", "title", "text", "sources"),
    {
        "id": _ID,
        "title": _TEXT,
        "text": _TEXT,
        "sources": _SOURCES,
        "regions": _list(_choice(REGION_IDS), unique=True),
        "muscles": _list(_choice(MUSCLE_IDS), unique=True),
        "synonyms": _list(_TEXT),
    },
)
_NORM: Final = _item(
    ("id", "unit", "threshold", "noticed", "noticed_sources"),
    {
        "id": _choice(set(MEASURES) | set(MOVEMENTS)),
        "unit": {"type": "string", "enum": ["mm", "deg"]},
        "threshold": _TEXT,
        "noticed": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "noticed_by_trained": {"type": "number", "exclusiveMinimum": 0},
        "noticed_sources": _SOURCES,
        "typical": {"type": "number", "minimum": 0},
        "population": _TEXT,
        "typical_sources": _SOURCES,
    },
)
_SECTION: Final = _item(
    ("id", "title", "intro", "cards"),
    {"id": _ID, "title": _TEXT, "intro": _TEXT, "cards": _list(_CARD), "requires_sources": {"type": "boolean"}},
)

#: The JSON Schema (draft 2020-12) of each file.
SCHEMAS: Final[Mapping[str, Mapping[str, Any]]] = {
    name: {"$schema": "https://json-schema.org/draft/2020-12/schema", **_item((key,), {key: _list(item)})}
    for name, key, item in (
        ("sources.yaml", "sources", _SOURCE),
        ("myths.yaml", "myths", _MYTH),
        ("muscles.yaml", "muscles", _MUSCLE),
        ("timeline.yaml", "facts", _FACT),
        ("topics.yaml", "sections", _SECTION),
        ("norms.yaml", "norms", _NORM),
    )
}
_VALIDATORS: Final = {name: jsonschema.Draft202012Validator(schema) for name, schema in SCHEMAS.items()}

# --- turning a schema error into one sentence ------------------------------------------------------

#: A list's key -> what one of its items is called.
_NOUNS: Final = {
    "sources": "source",
    "myths": "myth",
    "muscles": "muscle",
    "effect": "effect",
    "facts": "fact",
    "points": "point",
    "sections": "section",
    "cards": "card",
    "norms": "norm",
}
#: Lists whose items are named after their owner ("muscle 'x' effect number 1").
_OWNED: Final = frozenset({"effect", "points"})
#: A field holding ids -> what one id is called.
_ID_NOUNS: Final = {
    "verdict": "verdict",
    "regions": "region",
    "muscles": "muscle id",
    "kind": "kind",
    "action": "action",
    "target": "target",
    "direction": "direction",
    "basis": "basis",
    "recovery": "recovery",
    "landmarks": "index",
    "synonyms": "synonym",
    "asks": "question",
}
_TYPE_WORDS: Final = {
    "string": "text",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping",
}


def type_name(value: object) -> str:
    """How a YAML value's type is named in a message."""
    return "nothing" if value is None else type(value).__name__


class Where:
    """One item of a content file, for messages: ``content/myths.yaml: myth 'paralysis' ...``."""

    def __init__(self, where: str, what: str, ident: str) -> None:
        self.where, self.what, self.ident = where, what, ident

    def fail(self, message: str) -> NoReturn:
        """Raise the one-sentence :class:`ContentError` about this item."""
        raise ContentError(f"{self.where}: {self.what} {self.ident} {message}.")

    def nested(self, what: str, ident: str) -> Where:
        """An item inside this one (an effect of a muscle, a point of a fact)."""
        return Where(self.where, f"{self.what} {self.ident} {what}", ident)


def label_of(item: object, index: int) -> str:
    """``'id'`` when the item has a usable id, else ``number N``."""
    ident = item.get("id") if isinstance(item, dict) else None
    return f"'{ident}'" if isinstance(ident, str) and ident.strip() else f"number {index + 1}"


#: Which lists inside an item hold items of their own.
_INNER: Final = {"muscle": ("effect",), "fact": ("points",), "section": ("cards",)}


def _locate(where: str, data: Any, path: Sequence[object]) -> tuple[Where | None, list[object]]:
    """The innermost named item on a schema error's path, and the rest of the path inside it."""
    found: Where | None = None
    node: Any = data
    rest = list(path)
    containers: tuple[str, ...] = tuple(FILES.values())
    i = 0
    while i < len(rest):
        key = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if key in containers and isinstance(key, str) and isinstance(nxt, int):
            node = node[key][nxt]
            noun, label = _NOUNS[key], label_of(node, nxt)
            found = found.nested(noun, label) if found is not None and key in _OWNED else Where(where, noun, label)
            containers = _INNER.get(noun, ())
            rest, i = rest[i + 2 :], 0
            continue
        if key in ("time_course", "dynamic") and found is not None:
            node = node[key]
            found = Where(where, f"{found.what} {found.ident}", key)
            containers = ()
            rest, i = rest[i + 1 :], 0
            continue
        if isinstance(node, dict):
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int):
            node = node[key]
        i += 1
    return found, rest


def _sentence(error: jsonschema.ValidationError, rest: list[object]) -> str:
    """What is wrong, as the end of a sentence about the item."""
    names = [k for k in rest if isinstance(k, str)]
    field = names[0] if names else ""
    value: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if error.validator == "required":
        missing = next(k for k in expected if k not in value)
        return f"is missing the field '{missing}'"
    if error.validator == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))[0]
        return f"has an unknown field '{extra}'"
    if error.validator == "type":
        wanted = expected if isinstance(expected, str) else expected[0]
        if not field:
            return f"must be {_TYPE_WORDS[wanted]}, not {type_name(value)}"
        if field == "year":
            return f"field 'year' must be a whole number or null, not {type_name(value)}"
        return f"field '{field}' must be {_TYPE_WORDS.get(wanted, wanted)}, not {type_name(value)}"
    if error.validator == "enum":
        return f"has unknown {_ID_NOUNS.get(field, field)} '{value}' (expected one of {', '.join(expected)})"
    if error.validator == "pattern":
        if field == "id":
            return "has an id that is not lowercase letters, digits and underscores"
        if field == "doi":
            return f"has a DOI '{value}' that does not start with '10.'"
        if field == "pmid":
            return f"has a PMID '{value}' that is not all digits"
        return f"field '{field}' is empty"
    if error.validator == "minItems":
        if field in ("sources", "dose_sources"):
            return f"field '{field}' lists no sources, but every claim needs at least one"
        return f"field '{field}' is an empty list"
    if error.validator == "uniqueItems":
        return f"field '{field}' lists the same {_ID_NOUNS.get(field, 'entry')} twice"
    if error.validator in ("minimum", "maximum", "exclusiveMinimum"):
        if field == "attenuation":
            return "field 'attenuation' must be a share from 0 to 1"
        if field == "noticed":
            return "field 'noticed' must be above zero"
        if field == "landmarks":
            return f"field 'landmarks' holds '{value}', which is not a Face Mesh index 0-{LANDMARK_COUNT - 1}"
        return f"field '{field}' must be zero or more"
    return f"field '{field}' is not valid ({error.message})"  # pragma: no cover - every validator used is named above


def validate(name: str, label: str, data: object) -> dict[str, Any]:
    """Check one file's data against its schema; the first failure becomes one sentence.

    Parameters
    ----------
    name : str
        The file name (a key of :data:`FILES`).
    label : str
        The content folder's name, the start of every message (``content``).
    data : object
        The parsed YAML.

    Returns
    -------
    dict
        ``data``, now known to have the file's shape.

    Raises
    ------
    viz.errors.ContentError
    """
    where = f"{label}/{name}"
    key = FILES[name]
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ContentError(f"{where} must hold a mapping with a '{key}' list.")
    error = min(_VALIDATORS[name].iter_errors(data), key=_order, default=None)
    if error is not None:
        item, rest = _locate(where, data, list(error.absolute_path))
        message = _sentence(error, rest)
        if item is None:
            raise ContentError(f"{where} {message}.")
        item.fail(message)
    return data


def _order(error: jsonschema.ValidationError) -> tuple[object, ...]:
    """Errors in reading order: by position in the file, a missing or unknown field before a wrong value."""
    path = tuple((0, k) if isinstance(k, int) else (1, str(k)) for k in error.absolute_path)
    rank = {"required": 0, "additionalProperties": 0, "type": 1}.get(str(error.validator), 2)
    return (path[:2], rank, path)


# --- what a schema cannot say -----------------------------------------------------------------------

_WORD_RE: Final = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


def words(text: str) -> int:
    """How many words a text has (hyphenated and dotted words count once)."""
    return len(_WORD_RE.findall(text))


def longest_sentence(text: str) -> int:
    """The length, in words, of the longest sentence of a text."""
    return max((words(sentence) for sentence in sentences(text)), default=0)


def check_prose(item: Where, key: str, text: str) -> None:
    """A prose field must keep every sentence within :data:`MAX_SENTENCE_WORDS` words (citation markers not counted)."""
    longest = longest_sentence(unmarked(text))
    if longest > MAX_SENTENCE_WORDS:
        item.fail(f"field '{key}' has a sentence of {longest} words, more than {MAX_SENTENCE_WORDS}")


def check_sources(item: Where, key: str, ids: Sequence[str], known: frozenset[str], *, required: bool = True) -> None:
    """Every id must name a source; a claim must cite at least one."""
    if required and not ids:
        item.fail(f"field '{key}' lists no sources, but every claim needs at least one")
    for ident in ids:
        if ident not in known:
            item.fail(f"cites unknown source '{ident}' in '{key}'")


def check_citations(item: Where, key: str, text: str, listed: Sequence[str]) -> set[str]:
    """A text's markers must name sources its card lists; with two or more listed, every claim must carry one.

    Returns
    -------
    set of str
        The source ids the text cites.
    """
    cited = {ident for found in markers(text) for ident in found}
    for ident in sorted(cited - set(listed) - {OWN}):
        item.fail(f"field '{key}' cites '{ident}' in its text, but the card does not list that source")
    for sentence in own_unsaid(text):
        item.fail(f"field '{key}' marks as MirrorMap's own choice a sentence that does not say so: '{sentence}'")
    if len(set(listed)) >= 2:
        for sentence in figure_sentences(text):
            item.fail(f"field '{key}' states a figure with no source marker: '{sentence}'")
        if tail := unmarked_end(text):
            item.fail(f"field '{key}' ends with text no source marker covers: '{tail}'")
    return cited


def check_all_cited(item: Where, listed: Sequence[str], cited: set[str], *, minimum: int = 2) -> None:
    """Each source a card lists must back at least one of its claims (when it lists ``minimum`` or more)."""
    if len(set(listed)) < minimum:
        return
    for ident in listed:
        if ident not in cited:
            item.fail(f"lists source '{ident}' but cites it nowhere in its text")


def check_unique(where: str, what: str, ids: Sequence[str]) -> None:
    """No id may appear twice in a file."""
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(f"{where}: {what} '{ident}' appears more than once.")
        seen.add(ident)


def check(files: Mapping[str, dict[str, Any]], label: str) -> None:
    """Every rule beyond the schema, over all files (already :func:`validate`\\ d), in reading order.

    Raises
    ------
    viz.errors.ContentError
        At the first failure: a source cited but not listed, a duplicate id, an unordered range or
        time course, a muscle card missing or not in the contract, dose text that does not end with
        "your injector decides", a myth explanation outside :data:`EXPLANATION_WORDS`, an over-long sentence, or
        (see :func:`check_citations`) a citation marker naming a source its card does not list, a claim no marker
        covers, or a listed source no claim cites.
    """
    sources = files["sources.yaml"]["sources"]
    check_unique(f"{label}/sources.yaml", "source", [s["id"] for s in sources])
    if not sources:
        raise ContentError(f"{label}/sources.yaml lists no sources.")
    known = frozenset(s["id"] for s in sources)
    _check_myths(f"{label}/myths.yaml", files["myths.yaml"]["myths"], known)
    _check_muscles(f"{label}/muscles.yaml", files["muscles.yaml"]["muscles"], known)
    _check_timeline(f"{label}/timeline.yaml", files["timeline.yaml"]["facts"], known)
    _check_topics(f"{label}/topics.yaml", files["topics.yaml"]["sections"], known)
    _check_norms(f"{label}/norms.yaml", files["norms.yaml"]["norms"], known)


def _check_myths(where: str, myths: list[dict[str, Any]], known: frozenset[str]) -> None:
    if not myths:
        raise ContentError(f"{where} lists no myths.")
    for index, myth in enumerate(myths):
        item = Where(where, "myth", label_of(myth, index))
        for key in ("myth", "fact", "explanation"):
            check_prose(item, key, myth[key])
        count = words(unmarked(myth["explanation"]))
        low, high = EXPLANATION_WORDS
        if not low <= count <= high:
            item.fail(f"explanation has {count} words, outside the allowed {low}-{high}")
        check_sources(item, "sources", myth["sources"], known)
        cited = {ident for key in ("fact", "explanation") for ident in check_citations(item, key, myth[key], myth["sources"])}
        check_all_cited(item, myth["sources"], cited)
    check_unique(where, "myth", [myth["id"] for myth in myths])


def _check_muscles(where: str, muscles: list[dict[str, Any]], known: frozenset[str]) -> None:
    seen: set[str] = set()
    for index, muscle in enumerate(muscles):
        item = Where(where, "muscle", label_of(muscle, index))
        if muscle["id"] not in MUSCLE_IDS:
            item.fail(f"is not a muscle id of the contract ({', '.join(MUSCLE_IDS)})")
        if muscle["id"] in seen:
            item.fail("appears more than once")
        seen.add(muscle["id"])
        for key in _MUSCLE_TEXTS:
            check_prose(item, key, muscle[key])
        for caution in muscle["cautions"]:
            check_prose(item, "cautions", caution)
        if not _INJECTOR_DECIDES_RE.search(" ".join(unmarked(muscle["reported_doses"]).split()).rstrip(" ")):
            item.fail("field 'reported_doses' must end by saying that your injector decides")
        check_sources(item, "dose_sources", muscle["dose_sources"], known)
        check_sources(item, "sources", muscle["sources"], known)
        for move_index, effect in enumerate(muscle["effect"]):
            _check_effect(item.nested("effect", f"number {move_index + 1}"), effect, known)
        _check_time_course(Where(where, f"muscle {item.ident}", "time_course"), muscle["time_course"], known)
        if "dynamic" in muscle:
            dynamic = Where(where, f"muscle {item.ident}", "dynamic")
            check_prose(dynamic, "note", muscle["dynamic"]["note"])
            check_sources(dynamic, "sources", muscle["dynamic"]["sources"], known)
            if "time_course" in muscle["dynamic"]:
                _check_time_course(Where(where, f"muscle {item.ident}", "dynamic time_course"), muscle["dynamic"]["time_course"], known)
        _check_muscle_citations(item, muscle)  # last: an unknown source in a movement is named as such, not as uncited
    for muscle_id in MUSCLE_IDS:
        if muscle_id not in seen:
            raise ContentError(f"{where} has no card for muscle '{muscle_id}'.")


_INJECTOR_DECIDES_RE: Final = re.compile(r"\s*your injector decides\.?$", re.IGNORECASE)


def _check_muscle_citations(item: Where, muscle: dict[str, Any]) -> None:
    """A muscle's texts cite from its whole numbered list; its card and dose sources must each back a claim."""
    listed = [*muscle["sources"], *muscle["dose_sources"], *(i for e in muscle["effect"] for i in e["sources"]), *muscle["time_course"]["sources"]]
    if "dynamic" in muscle:
        listed += muscle["dynamic"]["sources"]
    cited: set[str] = set()
    for key in _MUSCLE_TEXTS[1:]:
        text = muscle[key]
        if key == "reported_doses":  # its closing "Your injector decides." is the app's own word, not a claim
            text = _INJECTOR_DECIDES_RE.sub("", " ".join(text.split()))
        cited |= check_citations(item, key, text, listed)
    for caution in muscle["cautions"]:
        cited |= check_citations(item, "cautions", caution, listed)
    # The whole numbered list, not only sources and dose_sources: time-course sources (Rappl 2013 on most cards) were
    # listed under the card with no sentence citing them.
    check_all_cited(item, listed, cited)


_MM_KEYS: Final = ("low_mm", "typical_mm", "high_mm")
_PERCENT_KEYS: Final = ("percent_low", "percent_typical", "percent_high")


def _check_effect(item: Where, effect: dict[str, Any], known: frozenset[str]) -> None:
    has_mm = any(key in effect for key in _MM_KEYS)
    has_percent = any(key in effect for key in _PERCENT_KEYS)
    if has_mm == has_percent:
        item.fail("must give either low_mm, typical_mm and high_mm or percent_low, percent_typical and percent_high")
    keys = _MM_KEYS if has_mm else _PERCENT_KEYS
    for key in keys:
        if key not in effect:
            item.fail(f"is missing the field '{key}'")
    low, typical, high = (float(effect[key]) for key in keys)
    if not low <= typical <= high:
        item.fail(f"must have {keys[0]} <= {keys[1]} <= {keys[2]}")
    if "note" in effect:
        check_prose(item, "note", effect["note"])
    if effect["target"] == "none" and effect["direction"] != "none":
        item.fail("has target 'none', so its direction must be 'none'")
    if effect["direction"] == "none":
        if high != 0:
            item.fail("moves nothing, so its values must all be zero")
        if "note" not in effect:
            item.fail("moves nothing, so it needs a note saying why")
    check_sources(item, "sources", effect["sources"], known)


def _check_time_course(item: Where, course: dict[str, Any], known: frozenset[str]) -> None:
    if "note" in course:
        check_prose(item, "note", course["note"])
    check_sources(item, "sources", course["sources"], known)
    onset, judge, peak = course["onset_days"], course["judge_days"], course["peak_days"]
    plateau_end, duration = course["wear_off_start_days"], course["duration_days"]
    if not onset <= peak <= plateau_end <= duration:
        item.fail("must have onset_days <= peak_days <= wear_off_start_days <= duration_days")
    if judge < onset:
        item.fail("must have judge_days >= onset_days")
    if duration <= 0:
        item.fail("must have duration_days above zero")
    for name in TIME_RANGES:
        low, typical, high = course[f"{name}_days_low"], course[f"{name}_days"], course[f"{name}_days_high"]
        if not low <= typical <= high:
            item.fail(f"must have {name}_days_low <= {name}_days <= {name}_days_high")
    # The slowest course (late onset and peak, early fade) and the quickest must each still be a course.
    for end, other in (("high", "low"), ("low", "high")):
        days = [course[f"onset_days_{end}"], course[f"peak_days_{end}"], course[f"wear_off_start_days_{other}"], course[f"duration_days_{other}"]]
        if not days[0] <= days[1] <= days[2] < days[3]:
            item.fail(
                f"must keep its order at the ends of its ranges: onset_days_{end} <= peak_days_{end} <= wear_off_start_days_{other} < duration_days_{other}"
            )
    if course["cited"] and not course["sources"]:
        item.fail("cites milestones but lists no sources")


def _check_timeline(where: str, facts: list[dict[str, Any]], known: frozenset[str]) -> None:
    if not facts:
        raise ContentError(f"{where} lists no facts.")
    for index, fact in enumerate(facts):
        item = Where(where, "fact", label_of(fact, index))
        for key in ("title", "text"):
            check_prose(item, key, fact[key])
        points = fact.get("points", [])
        for point_index, point in enumerate(points):
            if point["low"] > point["high"]:
                item.nested("point", f"number {point_index + 1}").fail("must have low <= high")
        if [p["day"] for p in points] != sorted(p["day"] for p in points):
            item.fail("lists its points out of day order")
        if points and "unit" not in fact:
            item.fail("has points but no unit saying what they measure")
        check_sources(item, "sources", fact["sources"], known)
        check_all_cited(item, fact["sources"], check_citations(item, "text", fact["text"], fact["sources"]))
    check_unique(where, "fact", [fact["id"] for fact in facts])


def _check_topics(where: str, sections: list[dict[str, Any]], known: frozenset[str]) -> None:
    if not sections:
        raise ContentError(f"{where} lists no sections.")
    seen: set[str] = set()
    card_ids: list[str] = []
    for index, section in enumerate(sections):
        item = Where(where, "section", label_of(section, index))
        if section["id"] in seen:
            item.fail("appears more than once")
        seen.add(section["id"])
        for key in ("title", "intro"):
            check_prose(item, key, section[key])
        requires_sources = section.get("requires_sources", True)
        for card_index, card in enumerate(section["cards"]):
            card_item = Where(where, "card", label_of(card, card_index))
            for key in ("title", "text"):
                check_prose(card_item, key, card[key])
            check_sources(card_item, "sources", card["sources"], known, required=requires_sources)
            # The consult checklist numbers the sources of all its questions in one list, so even a question's single
            # source needs a marker to say which question it backs.
            minimum = 2 if requires_sources else 1
            check_all_cited(card_item, card["sources"], check_citations(card_item, "text", card["text"], card["sources"]), minimum=minimum)
            card_ids.append(card["id"])
    check_unique(where, "card", card_ids)


def _check_norms(where: str, norms: list[dict[str, Any]], known: frozenset[str]) -> None:
    for index, norm in enumerate(norms):
        item = Where(where, "norm", label_of(norm, index))
        words_ = MEASURES.get(norm["id"]) or MOVEMENTS[norm["id"]]
        unit = "deg" if words_.unit == "°" else "mm"
        if norm["unit"] != unit:
            item.fail(f"has unit '{norm['unit']}', but the measure is in {unit}")
        check_prose(item, "threshold", norm["threshold"])
        check_sources(item, "noticed_sources", norm["noticed_sources"], known)
        has_typical = [key in norm for key in ("typical", "population", "typical_sources")]
        if any(has_typical) and not all(has_typical):
            item.fail("must give typical, population and typical_sources together")
        if "typical" in norm:
            check_sources(item, "typical_sources", norm["typical_sources"], known)
        trained = norm.get("noticed_by_trained")
        if trained is not None and (norm["noticed"] is None or trained >= norm["noticed"]):
            item.fail("gives noticed_by_trained, which must be below a given noticed")
    check_unique(where, "norm", [norm["id"] for norm in norms])
    for ident in [*MEASURES, *MOVEMENTS]:
        if ident not in {norm["id"] for norm in norms}:
            raise ContentError(f"{where} has no norm for '{ident}'.")
