"""The engine never imports Streamlit; only landmarks.py imports MediaPipe."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

VIZ = sorted((REPO / "viz").glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", VIZ, ids=lambda p: p.name)
def test_the_engine_does_not_import_streamlit(path: Path) -> None:
    assert "streamlit" not in _imports(path)


@pytest.mark.parametrize("path", VIZ, ids=lambda p: p.name)
def test_only_landmarks_imports_mediapipe(path: Path) -> None:
    assert ("mediapipe" in _imports(path)) == (path.name == "landmarks.py")
