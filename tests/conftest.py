"""Shared test helpers: the real face photos and the canonical face model shipped in ``tests/data``."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import app_test

#: Repository root (the folder holding ``pyproject.toml``).
REPO = Path(__file__).resolve().parents[1]
#: The test data shipped with the repository: face photos and MediaPipe's canonical model (see its SOURCES.md).
DATA = REPO / "tests" / "data"
#: The face photos (the same folder; the name is kept for the tests that list it).
FACES = DATA


def face_path(name: str) -> Path:
    """Path of a face photo in ``tests/data``; a name that is not there is an error in the test, not a skip."""
    path = FACES / name
    if not path.is_file():
        raise FileNotFoundError(f"face photo {name} is not in {FACES}: add it (with its source in SOURCES.md) or use one that is")
    return path


@functools.cache
def detected(name: str) -> Any:
    """The face found in a photo of ``tests/data`` (a ``viz.Face``, once per test session); no face is an error in the test."""
    import viz

    face = viz.detect_face(viz.load_photo(face_path(name)))
    assert face is not None, f"no face found in {name}"
    return face


def data_path(name: str) -> Path:
    """Path of another file in ``tests/data`` (e.g. ``canonical_face_model.obj``)."""
    path = DATA / name
    if not path.is_file():
        raise FileNotFoundError(f"{name} is not in {DATA}")
    return path


def spaced(text: str) -> str:
    """``text`` with its no-break spaces (:data:`viz.vocabulary.NBSP`, which keep a number with its unit on one line)
    as plain ones, to compare what the app shows with sentences written in a test."""
    return text.replace("\u00a0", " ")


def face_far_away(name: str, corner: tuple[int, int] = (300, 200), side: int = 470) -> Image.Image:
    """A 2048x1536 picture holding the photo ``name`` reduced to ``side`` px at ``corner``: a face about a tenth of the
    picture's width (some 200 px), as in a photo taken from across a room."""
    small = Image.open(face_path(name)).convert("RGB")
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (2048, 1536), (112, 116, 120))
    canvas.paste(small, corner)
    return canvas


def far_in_large_photo(*, exif_turn: bool = False, second_face: bool = False) -> tuple[bytes, Image.Image]:
    """A 4096 x 3072 JPEG holding a 700 px portrait at (1365, 819), whose face is small once the photo is reduced to
    2048 px; and the portrait itself. ``exif_turn`` stores the picture on its side with an EXIF tag that turns it
    upright; ``second_face`` pastes another person beside it."""
    small = Image.open(face_path("frl_london_025_03.jpg")).convert("RGB")
    small.thumbnail((700, 700), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (4096, 3072), (112, 116, 120))
    canvas.paste(small, (1365, 819))
    if second_face:
        other = Image.open(face_path("frl_london_061_03.jpg")).convert("RGB")
        other.thumbnail((700, 700), Image.Resampling.LANCZOS)
        canvas.paste(other, (2300, 819))
    buf = io.BytesIO()
    if exif_turn:
        exif = Image.Exif()
        exif[0x0112] = 6  # stored turned a quarter to the left: the viewer turns it a quarter right
        canvas.transpose(Image.Transpose.ROTATE_90).save(buf, "JPEG", quality=92, exif=exif)
    else:
        canvas.save(buf, "JPEG", quality=92)
    return buf.getvalue(), small


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """The face-photo folder."""
    return FACES


def pytest_configure(config: pytest.Config) -> None:
    # Hypothesis imports libcst when it reports a failing example; libcst uses the deprecated mypy_extensions.TypedDict,
    # which `filterwarnings = error` would turn into an INTERNALERROR that hides the example.
    config.addinivalue_line("filterwarnings", "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")


def opening_tab(at: Any) -> int:
    """The index of the tab an AppTest page opens on (Streamlit sends it with its one set of tabs)."""
    from streamlit.proto.Block_pb2 import Block

    found: list[int] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Block) and proto.WhichOneof("type") == "tab_container":
            found.append(proto.tab_container.default_tab_index)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    assert len(found) == 1
    return found[0]


class RunFiles(MediaFileManager):
    """The media files of AppTest's runs (each run makes its own store): the last run's holds the downloads on screen."""

    made: ClassVar[list[MediaFileManager]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RunFiles.made.append(self)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> type[RunFiles]:
    """AppTest's runs keep their media files (:class:`RunFiles`), so a test can read a download's bytes."""
    monkeypatch.setattr(app_test, "MediaFileManager", RunFiles)
    monkeypatch.setattr(RunFiles, "made", [])
    return RunFiles
