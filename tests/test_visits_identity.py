"""The identity check's limit as Visits states it: which figure, from which pairs, and whether the test photos bear it out."""

from __future__ import annotations

import io
import itertools
from typing import Any

from PIL import Image

import viz
from tests.conftest import FACES, detected, face_path
from viz.visits import IDENTITY_LET_THROUGH, IDENTITY_LIMIT, PHOTO_LIMITS, faces_match, identity_checkable, identity_distance, same_person

#: The rest photos shipped with the tests, by person. The lisa and zoom sets show one woman (same face, same jumper);
#: benchmarks/dynamics.py counts them as two people.
PEOPLE = {
    "lisa": ("cc0_lisa_lisa1.jpg", "cc0_lisa_lisa2.jpg", "cc0_lisa_lisa3.jpg", "cc0_lisa_lisa4.jpg"),
    "zoom": ("cc0_zoom_30cm.jpg", "cc0_zoom_45cm.jpg", "cc0_zoom_60cm.jpg"),
}


def _person(name: str) -> str:
    if name.startswith("frl_london_"):
        return name.split("_")[2]
    return "lisa" if name.startswith(("cc0_lisa", "cc0_zoom")) else name


def _rest_photos() -> list[str]:
    return sorted(p.name for p in FACES.iterdir() if p.suffix in (".jpg", ".png") and not p.stem.endswith("_08"))


def test_the_visits_sentence_gives_the_rate_of_two_rest_photos() -> None:
    """Visits compares two rest photos, so it gives the check's rate on pairs of two people's rest photos (1 in 14), not
    the rate on a rest photo against another person's smile that the Expressions page gives (1 in 25)."""
    missed, pairs = IDENTITY_LET_THROUGH
    assert f"about 1 in {round(pairs / missed)} pairs of two different people's rest photos" in IDENTITY_LIMIT
    assert "1 in 14" in IDENTITY_LIMIT and "1 in 12" not in IDENTITY_LIMIT
    assert IDENTITY_LIMIT in PHOTO_LIMITS  # the page and the PDF say it from the one constant


def test_the_test_photos_do_not_let_two_people_through_more_often_than_the_page_says() -> None:
    """On the rest photos shipped with the tests, pairs of two different people get through the check about as often as
    the sentence says: at most twice its rate (9 of 132 when written, about 1 in 15)."""
    names = _rest_photos()
    pairs = [(a, b) for a, b in itertools.combinations(names, 2) if _person(a) != _person(b)]
    through = [(a, b) for a, b in pairs if faces_match(detected(a), detected(b))]
    missed, total = IDENTITY_LET_THROUGH
    assert len(pairs) >= 100, len(pairs)
    assert len(through) / len(pairs) <= 2 * missed / total, through


def test_the_lisa_and_zoom_photos_are_read_as_one_person() -> None:
    """Counting them as two people, the benchmark called 15 of their 16 pairs (on the shared photos) let-through mix-ups."""
    pairs = list(itertools.product(PEOPLE["lisa"], PEOPLE["zoom"]))
    matched = sum(faces_match(detected(a), detected(b)) for a, b in pairs)
    assert matched >= len(pairs) - 1, matched


def _shrunk(name: str, side: int = 90) -> Any:
    """The face of the photo ``name`` reduced to ``side`` x ``side`` px (a face about 30 px wide)."""
    out = io.BytesIO()
    Image.open(face_path(name)).convert("RGB").resize((side, side), Image.Resampling.LANCZOS).save(out, "JPEG", quality=95)
    face = viz.detect_face(viz.load_photo(out.getvalue()))
    assert face is not None
    return face


def test_a_face_too_small_to_check_is_no_match_while_visits_still_calls_it_no_two_people() -> None:
    """QA: a 90 px rest photo of 061 counted as the same face as the sample portrait (006), so Preview showed his smile
    under her photo. Visits' own reading stays: no "two people" verdict on a check it could not make."""
    small, other = _shrunk("frl_london_061_03.jpg"), detected("frl_london_006_03.jpg")
    assert not identity_checkable(small, other)
    assert not faces_match(small, other) and not faces_match(other, small)
    assert same_person(identity_distance(small, other), identity_checkable(small, other))  # Visits, unchanged
    assert faces_match(detected("frl_london_061_03.jpg"), detected("frl_london_061_08.jpg"))  # checked, one person
