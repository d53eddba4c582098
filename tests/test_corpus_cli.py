"""The bad-input corpus (``tests/corpus.py``) through the engine and through every command of the CLI.

Each case must end as the corpus says: refused with one sentence (exit 3), no face (exit 4), or measured,
with a warning where the file or the face calls for one (exit 0). The CLI must print at most one line on
stderr, never a traceback, and never a raw control character from a file name.
"""

from __future__ import annotations

import re

import pytest

import viz
from tests.corpus import MEASURED, NO_FACE, REFUSED, WARNING, Case, cases
from viz.errors import PhotoError

CASES = cases()
COMMANDS = ("analyze", "preview", "dynamics", "compare")
EXIT = {REFUSED: 3, NO_FACE: 4, MEASURED: 0, WARNING: 0}
#: The good face the two-photo commands pair each case with.
PARTNER = "frl_london_005_08.jpg"
#: Bytes no file name may bring to the terminal raw: C0 controls (but the newline ending a line) and DEL.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def test_the_corpus_covers_the_issue() -> None:
    names = {c.name for c in CASES}
    assert len(CASES) >= 40
    required = {
        "empty", "truncated-jpeg-10", "truncated-jpeg-50", "truncated-jpeg-99", "random-bytes",
        "pdf-as-jpg", "html-as-jpg", "svg-as-jpg", "zip-as-jpg", "eps-as-jpg",
        "animated-gif", "apng", "animated-webp",
        "png-16bit", "tiff-16bit", "tiff-multipage", "palette", "alpha", "cmyk", "grey",
        "one-by-one", "face-64px", "header-100k", "png-20000", "png-62mp-16bit",
        "exif-orientation-6", "exif-orientation-8", "rotated-90", "rotated-180", "upside-down",
        "two-faces", "cartoon", "dark", "overexposed", "sunglasses", "heic", "corrupt-heic",
        "name-non-ascii", "name-very-long", "name-control-chars",
    }  # fmt: skip
    assert required <= names, required - names
    assert {c.expect for c in CASES} == {REFUSED, NO_FACE, MEASURED, WARNING}
    assert all(c.match for c in CASES if c.expect in (REFUSED, WARNING))
    assert len(case_bytes := CASES[-1].data) > 1000 and case_bytes[:2] == b"\xff\xd8"


# ---------------------------------------------------------------------------------------------------------------------
# the engine


@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_the_engine_gives_each_case_its_outcome(item: Case) -> None:
    if item.expect == REFUSED:
        with pytest.raises(PhotoError) as info:
            viz.load_photo(item.data)
        message = str(info.value)
        assert re.search(item.match, message, re.IGNORECASE), message
        assert "\n" not in message and message.endswith(".") and ". " not in message.rstrip(".")
        return
    photo = viz.load_photo(item.data)
    assert photo.rgb.dtype.name == "uint8" and photo.rgb.shape[2] == 3
    face = viz.detect_face(photo)
    if item.expect == NO_FACE:
        assert face is None
        return
    assert face is not None, "a face should have been found"
    report = viz.analyze(face)
    assert report.to_dict()["measures"]
    if item.expect == MEASURED:
        assert photo.warnings == ()
    else:
        said = list(photo.warnings) + list(report.warnings)
        assert any(re.search(item.match, w, re.IGNORECASE) for w in said), said


def test_a_face_upright_after_exif_measures_like_the_upright_file() -> None:
    by_name = {c.name: c for c in CASES}
    upright = viz.analyze(viz.detect_face(viz.load_photo(by_name["jpeg"].data)))  # type: ignore[arg-type]
    for name in ("exif-orientation-6", "exif-orientation-8", "upside-down"):
        photo = viz.load_photo(by_name[name].data)
        assert photo.original_size == (720, 720)
        turned = viz.analyze(viz.detect_face(photo))  # type: ignore[arg-type]
        for mid, m in upright.measures.items():
            assert turned.measures[mid].value == pytest.approx(m.value, abs=max(0.35, 0.5 * m.uncertainty)), (name, mid)
