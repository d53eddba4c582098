"""Load and validate the educational content library in ``content/``.

The library is data: myth cards, muscle cards (with the action-model numbers the preview uses),
time-course facts, topic sections and the sources they cite, each in a YAML file. :func:`load`
reads them into frozen dataclasses (:mod:`viz.content.model`) and refuses anything it cannot trust
(:mod:`viz.content.schema`): a missing field, a wrong type, an unknown id, a source id that does not
exist, a claim without a source, an empty text, an over-long sentence or a myth explanation outside
60-150 words raises :class:`viz.errors.ContentError` with one sentence naming the file and the item. A card that
lists two or more sources names the source of each claim in its text (``[@id]``, :mod:`viz.content.citations`);
:meth:`Library.cited` shows those markers as the numbers of the card's sources (``[2, 3]``).
:meth:`Library.search` finds cards by the words people type (:mod:`viz.content.search`).

::

    content/
     ├── sources.yaml    Source       readable citations, cited by id everywhere else
     ├── myths.yaml      Myth         myth / verdict / fact / explanation, tags, synonyms
     ├── muscles.yaml    Muscle       one card per DESIGN muscle id, effect + time course
     ├── timeline.yaml   Timeline     shared time-course facts with measured points, the questions each answers
     ├── topics.yaml     Topic        dynamic vs static, alternatives, doctor, checklist, aftercare
     └── norms.yaml      Norm         per measure and movement: what people notice, typical differences

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
import types
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped,unused-ignore]

from viz.content.library import Library
from viz.content.model import (
    BASES,
    MUSCLE_IDS,
    RECOVERIES,
    SOURCE_KINDS,
    Card,
    DynamicAction,
    Effect,
    Muscle,
    Myth,
    Norm,
    Source,
    TimeCourse,
    Timeline,
    TimelineFact,
    TimelinePoint,
    Topic,
    TopicCard,
    distinguish,
)
from viz.content.schema import EXPLANATION_WORDS, FILES, LANDMARK_COUNT, MAX_SENTENCE_WORDS, TIME_RANGES, check, validate
from viz.errors import ContentError

__all__ = [
    "BASES",
    "EXPLANATION_WORDS",
    "LANDMARK_COUNT",
    "MAX_SENTENCE_WORDS",
    "MUSCLE_IDS",
    "RECOVERIES",
    "SOURCE_KINDS",
    "Card",
    "DynamicAction",
    "Effect",
    "Library",
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
    "load",
]


#: PyYAML's safe loader, in C when LibYAML is built in (ten times faster than the pure-Python one).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(root: Path | None = None) -> Library:
    """Load and validate the content library.

    Parameters
    ----------
    root : pathlib.Path, optional
        Folder holding the YAML files; defaults to the repository's ``content/`` next to the
        ``viz`` package.

    Returns
    -------
    Library
        Immutable; the same object is returned again while the files are unchanged.

    Raises
    ------
    viz.errors.ContentError
        With one sentence naming the file and item (see :mod:`viz.content.schema`).
    """
    base = _default_root() if root is None else Path(root).resolve()
    return _load_cached(base, _signature(base))


@functools.cache
def _default_root() -> Path:
    """The repository's ``content/`` folder (resolved once: the measures look up their norms many times per photo)."""
    return (Path(__file__).resolve().parents[2] / "content").resolve()


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    parts: list[tuple[str, int, int]] = []
    for name in FILES:
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
    files = {name: validate(name, label, _read(root, label, name)) for name in FILES}
    check(files, label)
    muscles = {m["id"]: _muscle(m) for m in files["muscles.yaml"]["muscles"]}
    return Library(
        myths=tuple(_myth(m) for m in files["myths.yaml"]["myths"]),
        muscles=types.MappingProxyType({muscle_id: muscles[muscle_id] for muscle_id in MUSCLE_IDS}),
        # two works that would cite alike ("Jabbour et al. 2017") get a year suffix each, in the file's order
        sources=types.MappingProxyType({s.id: s for s in distinguish([_source(s) for s in files["sources.yaml"]["sources"]])}),
        timeline=Timeline(facts=tuple(_fact(f) for f in files["timeline.yaml"]["facts"])),
        topics=types.MappingProxyType({s["id"]: _topic(s) for s in files["topics.yaml"]["sections"]}),
        norms=types.MappingProxyType({n["id"]: _norm(n) for n in files["norms.yaml"]["norms"]}),
    )


def _read(root: Path, label: str, name: str) -> object:
    where = f"{label}/{name}"
    try:
        text = (root / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{where} is missing from the content folder.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{where} could not be read ({type(exc).__name__}).") from None
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise ContentError(f"{where} is not valid YAML{line}.") from None


# --- validated YAML -> dataclasses -------------------------------------------------------------------


def _text(value: str) -> str:
    return " ".join(value.split())


def _texts(values: list[str]) -> tuple[str, ...]:
    return tuple(_text(v) for v in values)


def _code(value: object) -> str | None:
    return None if value is None else _text(str(value))


def _source(s: dict[str, Any]) -> Source:
    return Source(
        id=s["id"],
        authors=_text(s["authors"]),
        year=s["year"],
        title=_text(s["title"]),
        journal=_text(s["journal"]),
        kind=s["kind"],
        volume=_code(s.get("volume")),
        pages=_code(s.get("pages")),
        doi=s.get("doi"),
        pmid=_code(s.get("pmid")),
        url=_code(s.get("url")),
        note=_code(s.get("note")),
    )


def _myth(m: dict[str, Any]) -> Myth:
    return Myth(
        id=m["id"],
        myth=_text(m["myth"]),
        verdict=m["verdict"],
        fact=_text(m["fact"]),
        explanation=_text(m["explanation"]),
        regions=tuple(m["regions"]),
        muscles=tuple(m["muscles"]),
        synonyms=_texts(m["synonyms"]),
        sources=tuple(m["sources"]),
    )


def _effect(e: dict[str, Any]) -> Effect:
    mm = "low_mm" in e
    keys = ("low_mm", "typical_mm", "high_mm") if mm else ("percent_low", "percent_typical", "percent_high")
    low, typical, high = (float(e[k]) for k in keys)
    return Effect(
        target=e["target"],
        direction=e["direction"],
        low=low,
        typical=typical,
        high=high,
        unit="mm" if mm else "percent_half_width",
        basis=e["basis"],
        sources=tuple(e["sources"]),
        note=_code(e.get("note")),
        sides_studied=e.get("sides_studied", "either"),
    )


def _muscle(m: dict[str, Any]) -> Muscle:
    return Muscle(
        id=m["id"],
        name=_text(m["name"]),
        latin=_text(m["latin"]),
        action=m["action"],
        midline=bool(m.get("midline", False)),
        what_it_does=_text(m["what_it_does"]),
        asymmetry_it_drives=_text(m["asymmetry_it_drives"]),
        relaxing_changes=_text(m["relaxing_changes"]),
        timing=_text(m["timing"]),
        cannot_fix=_text(m["cannot_fix"]),
        cautions=_texts(m["cautions"]),
        reported_doses=_text(m["reported_doses"]),
        dose_sources=tuple(m["dose_sources"]),
        sources=tuple(m["sources"]),
        regions=tuple(m["regions"]),
        synonyms=_texts(m["synonyms"]),
        landmarks=tuple(int(i) for i in m["landmarks"]),
        effect=tuple(_effect(e) for e in m["effect"]),
        time_course=_time_course(m["time_course"]),
        dynamic=_dynamic(m["dynamic"]) if "dynamic" in m else None,
    )


def _time_course(c: dict[str, Any]) -> TimeCourse:
    return TimeCourse(
        onset_days=float(c["onset_days"]),
        judge_days=float(c["judge_days"]),
        peak_days=float(c["peak_days"]),
        wear_off_start_days=float(c["wear_off_start_days"]),
        duration_days=float(c["duration_days"]),
        recovery=c["recovery"],
        sources=tuple(c["sources"]),
        note=_code(c.get("note")),
        ranges=types.MappingProxyType({name: (float(c[f"{name}_days_low"]), float(c[f"{name}_days_high"])) for name in TIME_RANGES}),
        cited=tuple(c["cited"]),
    )


def _dynamic(d: dict[str, Any]) -> DynamicAction:
    return DynamicAction(
        expressions=tuple(d["expressions"]),
        targets=tuple(d["targets"]),
        attenuation=float(d["attenuation"]),
        basis=d["basis"],
        sources=tuple(d["sources"]),
        note=_text(d["note"]),
        time_course=_time_course(d["time_course"]) if "time_course" in d else None,
    )


def _norm(n: dict[str, Any]) -> Norm:
    return Norm(
        id=n["id"],
        unit="°" if n["unit"] == "deg" else "mm",
        threshold=_text(n["threshold"]),
        noticed=None if n["noticed"] is None else float(n["noticed"]),
        noticed_sources=tuple(n["noticed_sources"]),
        typical=float(n["typical"]) if "typical" in n else None,
        population=_code(n.get("population")),
        typical_sources=tuple(n.get("typical_sources", ())),
        noticed_by_trained=None if n.get("noticed_by_trained") is None else float(n["noticed_by_trained"]),
    )


def _fact(f: dict[str, Any]) -> TimelineFact:
    return TimelineFact(
        id=f["id"],
        title=_text(f["title"]),
        text=_text(f["text"]),
        sources=tuple(f["sources"]),
        unit=_code(f.get("unit")),
        points=tuple(TimelinePoint(float(p["day"]), float(p["low"]), float(p["high"])) for p in f.get("points", [])),
        asks=_texts(f.get("asks", [])),
    )


def _topic(s: dict[str, Any]) -> Topic:
    return Topic(
        id=s["id"],
        title=_text(s["title"]),
        intro=_text(s["intro"]),
        cards=tuple(
            TopicCard(
                id=c["id"],
                section=s["id"],
                title=_text(c["title"]),
                text=_text(c["text"]),
                sources=tuple(c["sources"]),
                regions=tuple(c.get("regions", ())),
                muscles=tuple(c.get("muscles", ())),
                synonyms=_texts(c.get("synonyms", [])),
            )
            for c in s["cards"]
        ),
        requires_sources=bool(s.get("requires_sources", True)),
    )
