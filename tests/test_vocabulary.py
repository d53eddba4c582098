"""The one vocabulary: every id has one label, and no other module writes a label of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import face_path
from tests.tables import shown_tables
from ui import movement_ui, state, visits_ui
from ui import plan as ui_plan
from viz import vocabulary as v
from viz.vocabulary import EXPRESSIONS, MEASURES, MOVEMENT_IDS, MOVEMENTS, REGIONS, describe_difference, format_value, rounded_pair

REPO = Path(__file__).resolve().parents[1]


def test_describe_names_the_favoured_side() -> None:
    assert describe_difference("brow_height", 1.0) == "left brow higher"
    assert describe_difference("brow_height", -1.2) == "right brow higher"
    assert describe_difference("mouth_corner_drop", 1.0) == "left corner lower"
    assert describe_difference("chin_offset", -0.5) == "toward the right"
    assert describe_difference("mouth_tilt", 0.0) == "no difference"


def test_ids_are_the_public_contract_in_design_order() -> None:
    assert v.PAIRED_IDS == ("brow_inner_height", "brow_height", "brow_tail_height", "eye_opening", "mouth_corner_drop", "jaw_width", "cheek_width")
    assert v.OFFSET_IDS == ("nose_tip_offset", "lip_offset", "chin_offset")
    assert v.TILT_IDS == ("eye_line_tilt", "mouth_tilt")
    assert v.EXPRESSION_IDS == ("rest", "brows_up", "frown", "eyes_closed", "smile", "pucker")
    assert dict(MOVEMENT_IDS) == {
        "brows_up": ("brow_elevation",),
        "frown": ("medial_brow_travel",),
        "eyes_closed": ("eyelid_closure",),
        "smile": ("mouth_corner_excursion", "smile_angle"),
        "pucker": ("lip_travel",),
    }


def test_every_label_names_one_id() -> None:
    groups = {
        "measures": [w.label for w in MEASURES.values()],
        "movements": [w.label for w in MOVEMENTS.values()],
        "expressions": [w.title for w in EXPRESSIONS.values()],
        "regions": list(REGIONS.values()),
    }
    for name, labels in groups.items():
        assert len(set(labels)) == len(labels), name
    assert all(MEASURES[m].region in REGIONS for m in MEASURES)
    assert {MEASURES[m].unit for m in v.TILT_IDS} == {"°"} and {MEASURES[m].unit for m in v.PAIRED_IDS + v.OFFSET_IDS} == {"mm"}


@pytest.mark.parametrize(
    ("value", "unit", "signed", "text"),
    [(1.24, "mm", False, "1.2\u00a0mm"), (-0.04, "mm", True, "0.0\u00a0mm"), (0.04, "mm", True, "0.0\u00a0mm"), (-2.0, "°", True, "-2.0°")],
)
def test_format_value_writes_a_number_with_its_unit(value: float, unit: str, signed: bool, text: str) -> None:
    assert format_value(value, unit, signed=signed) == text  # a no-break space before the unit: a line never ends there


def test_a_formatted_quantity_has_no_space_a_line_may_end_at() -> None:
    # on a phone "likely 0.5 to 1.4" ended a line and "mm)" began the next, and "1.5" stood apart from "± 0.4 mm"
    assert v.NBSP == "\u00a0"
    assert v.format_pm(2.44, 0.36, "mm") == "2.4\u00a0±\u00a00.4\u00a0mm"
    assert v.format_pm(-1.2, 0.5, "°", signed=True) == "-1.2\u00a0±\u00a00.5°"
    assert v.format_range(0.5, 1.4, "mm") == "0.5\u00a0to\u00a01.4\u00a0mm"
    assert v.format_range(-0.04, 1.66, "mm", signed=True) == "0.0\u00a0to\u00a0+1.7\u00a0mm"
    assert v.format_range(1.2, 2.7, "°", joiner="–") == "1.2–2.7°"
    rng = np.random.default_rng(3)
    for a, b in rng.uniform(-50.0, 50.0, (200, 2)).tolist():
        for unit in ("mm", "°"):
            shown = (format_value(a, unit, signed=True), v.format_pm(a, abs(b), unit), v.format_range(min(a, b), max(a, b), unit))
            assert not any(" " in text for text in shown), shown


def test_keep_together_glues_a_quantity_but_not_a_count() -> None:
    text = "Brows rose 1.5 mm (2.4 ± 0.4 mm by day 14), with 10 to 40 units across 2 muscles for 24 weeks."
    assert v.keep_together(text) == (
        "Brows rose 1.5\u00a0mm (2.4\u00a0±\u00a00.4\u00a0mm by day\u00a014), with 10\u00a0to\u00a040\u00a0units across 2 muscles for 24\u00a0weeks."
    )
    assert v.keep_together("2 muscles, 3 times, about 5 minutes, 2 mmHg") == "2 muscles, 3 times, about 5 minutes, 2 mmHg"  # counts, not units
    assert v.keep_together(v.keep_together(text)) == v.keep_together(text)  # already glued text stays as it is
    assert v.keep_together(text).replace(v.NBSP, " ") == text  # only spaces change


def test_a_rounded_pair_adds_up_to_its_rounded_difference_and_moves_each_side_at_most_one_step() -> None:
    rng = np.random.default_rng(7)
    pairs = [(60.21, 61.86), (0.05, -0.05), (-1.25, 1.25), *rng.uniform(-80.0, 80.0, (5000, 2)).tolist()]
    moved = 0
    for a, b in pairs:
        for digits in (1, 2):
            x, y = rounded_pair(a, b, digits=digits)
            step = 10.0**-digits
            assert format_value(x - y, "mm", signed=True, digits=digits) == format_value(a - b, "mm", signed=True, digits=digits), (a, b)
            assert abs(x - a) <= step * 1.0001 and abs(y - b) <= step * 1.0001, (a, b, x, y)
            moved += (x, y) != (round(a, digits), round(b, digits))
    assert 0 < moved < len(pairs)  # rounding each side alone fails on some pairs, and most need no change
    # A difference computed apart from the sides decides a half that ``a - b`` rounds the other way.
    assert rounded_pair(1.0, 0.95) == (1.0, 0.9) and rounded_pair(1.0, 0.95, difference=0.0499999) == (1.0, 1.0)


def _labels() -> set[str]:
    found = {w.label for w in MEASURES.values()} | {w.label for w in MOVEMENTS.values()} | {w.title for w in EXPRESSIONS.values()}
    found |= {w.noun for w in MEASURES.values()} | {w.noun for w in MOVEMENTS.values()}
    found |= {w.name for w in EXPRESSIONS.values()} | set(v.VERDICTS.values()) | set(v.MUSCLE_ACTIONS.values()) | set(v.TARGETS.values())
    return {label for label in found if " " in label or "-" in label}  # single common words ("rest", "Eyes") occur in prose


def test_no_other_module_writes_a_label_of_the_vocabulary() -> None:
    """A label written twice drifts apart (the same measure was "Jaw width" on one page and "Lower-face width" on another)."""
    labels = _labels()
    offenders = []
    for path in sorted([*REPO.glob("viz/**/*.py"), *REPO.glob("ui/**/*.py"), REPO / "app.py"]):
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() in labels:
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}")
    assert not offenders, offenders


def test_no_other_module_maps_ids_to_words() -> None:
    """A dict literal that gives three or more measure, movement or expression ids a short name belongs in the vocabulary."""
    ids = set(MEASURES) | set(MOVEMENTS) | set(EXPRESSIONS)
    offenders = []
    for path in sorted([*REPO.glob("viz/**/*.py"), *REPO.glob("ui/**/*.py")]):
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
                values = [
                    val.value
                    for val in node.values
                    if isinstance(val, ast.Constant) and isinstance(val.value, str) and "_" not in val.value and len(val.value.split()) <= 4
                ]
                if len(keys & ids) >= 3 and len(values) >= 3:
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not offenders, offenders


def _page(name: str, **state_values: object) -> AppTest:
    """A page run on its own (the first page through ``app.py``, whose navigation its links need)."""
    path = REPO / "app.py" if name == "analyze.py" else REPO / "ui" / "pages" / name
    at = AppTest.from_file(str(path), default_timeout=120)
    for key, value in state_values.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, name
    return at


def _column(at: AppTest, column: str) -> set[str]:
    return {str(r[column]) for d in shown_tables(at) for r in d if column in r}


def test_every_page_names_each_measure_and_movement_with_its_one_label() -> None:
    """Walk the pages with photos in them: every measure and movement shown is called by its vocabulary label."""
    smile = state.PhotoInput.of(face_path("frl_london_005_08.jpg").read_bytes(), "smile", "test")
    rest = state.PhotoInput.of(face_path("frl_london_005_03.jpg").read_bytes(), "rest", "test")
    measure_labels = {w.label for w in MEASURES.values()}
    movement_labels = {w.label for w in MOVEMENTS.values()}

    first = _page("analyze.py", **{state.PHOTO: rest})
    shown = _column(first, "measure")
    assert shown == measure_labels, "the first page lists every measure by its label"
    headline = next(m for m in first.metric if m.label == "Most noticeable difference")
    assert headline.value in measure_labels

    preview = _page("preview.py", **{state.PHOTO: rest, ui_plan.PLAN: [("orbicularis_oculi", "left", "moderate")]})  # the plan starts empty
    assert _column(preview, "measure") == measure_labels

    visits = _page("visits.py", **{state.PHOTO: rest, visits_ui.PHOTOS: {"after": rest}})
    assert _column(visits, "measure") == measure_labels

    movement = _page("movement.py", **{state.PHOTO: rest, movement_ui.PHOTOS: {"smile": smile}})
    assert _column(movement, "movement") == {MOVEMENTS[m].label for m in MOVEMENT_IDS["smile"]} <= movement_labels
    titles = {w.title for w in EXPRESSIONS.values()}
    assert {h.value for h in movement.subheader} & titles == {EXPRESSIONS["smile"].title}
