"""``benchmarks/warp.py``'s options: ``--help`` says what each part runs, a misspelt one runs nothing and says so."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "benchmarks" / "warp.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the script from the repository root as its docstring says; a part that started would outlast the timeout."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_help_names_each_option_and_what_it_runs() -> None:
    result = _run("--help")
    assert result.returncode == 0 and not result.stderr, result.stderr
    for option, what in (("--faithful", "shown against predicted"), ("--speed", "1024 and 2048 px")):
        assert option in result.stdout and what in result.stdout, result.stdout
    assert "PASS" not in result.stdout and "FAIL" not in result.stdout  # nothing was run


@pytest.mark.parametrize("option", ["--faithfull", "--fast", "--faith"])
def test_an_unknown_option_is_named_in_one_sentence_and_runs_nothing(option: str) -> None:
    # "--faithfull" ran nothing, printed nothing and exited 0: read as a pass
    result = _run(option)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert option in line and "--faithful" in line and "--speed" in line and line.endswith("."), line
    assert "Traceback" not in result.stderr
