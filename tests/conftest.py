"""Shared test helpers: the real face photos in ``../shared/faces`` (never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Repository root (the folder holding ``pyproject.toml``).
REPO = Path(__file__).resolve().parents[1]
#: Real face photos shared by the project's sessions; absent on a bare checkout.
FACES = REPO.parent / "shared" / "faces"


def face_path(name: str) -> Path:
    """Path of a shared face photo, or skip the calling test with a reason when it is absent."""
    path = FACES / name
    if not path.is_file():
        pytest.skip(f"shared face photo {name} not found in {FACES}")
    return path


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """The shared face-photo folder; skips the test when it is absent."""
    if not FACES.is_dir():
        pytest.skip(f"shared face photos not found at {FACES}")
    return FACES


def pytest_configure(config: pytest.Config) -> None:
    # Hypothesis imports libcst when it reports a failing example; libcst uses the deprecated mypy_extensions.TypedDict,
    # which `filterwarnings = error` would turn into an INTERNALERROR that hides the example.
    config.addinivalue_line("filterwarnings", "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")
