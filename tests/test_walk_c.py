"""QA walk C of the command line: the PNGs' permissions, an unsigned zero, the level's range, an empty photo path and
the formats a refusal names."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

import viz
from tests.conftest import REPO, detected, face_path
from viz import __main__ as cli
from viz.errors import ArgumentError, PhotoError
from viz.muscles import Relaxation
from viz.photo import _FORMAT_NAMES, FORMAT_WORDS, FORMATS

FACE = "frl_london_005_03.jpg"


def run_cli(*args: str | Path, cwd: Path = REPO, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m viz ARGS`` in ``cwd`` (the repository on the path), under ``umask`` if given."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))}
    set_umask: Callable[[], object] | None = None if umask is None else (lambda: os.umask(umask))
    return subprocess.run(
        [sys.executable, "-m", "viz", *map(str, args)],
        cwd=cwd,
        env=env,
        preexec_fn=set_umask,  # only sets the child's umask
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set this process's umask for a test, and put the old one back after it."""
    old = os.umask(0o022)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# 1. --overlay / --out: a new file under the umask, a replaced one keeping its own mode (both had been 0600)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002, 0o027], ids=oct)
def test_a_new_png_gets_0666_less_the_umask(tmp_path: Path, umask: Callable[[int], None], mask: int) -> None:
    umask(mask)
    out = tmp_path / "new.png"
    assert cli._write_png(str(out), b"\x89PNG data", "overlay") is None
    assert out.read_bytes() == b"\x89PNG data"
    assert _mode(out) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["new.png"]  # no temporary file left behind


@pytest.mark.parametrize(("kept", "mask"), [(0o644, 0o077), (0o600, 0o022), (0o664, 0o022), (0o640, 0o000)], ids=oct)
def test_a_replaced_png_keeps_its_own_mode(tmp_path: Path, umask: Callable[[int], None], kept: int, mask: int) -> None:
    umask(mask)
    out = tmp_path / "old.png"
    out.write_bytes(b"old")
    out.chmod(kept)
    assert cli._write_png(str(out), b"new", "overlay") is None
    assert out.read_bytes() == b"new"
    assert _mode(out) == kept
    assert [p.name for p in tmp_path.iterdir()] == ["old.png"]


def test_a_png_in_a_missing_folder_is_still_a_bad_argument(tmp_path: Path) -> None:
    assert cli._write_png(str(tmp_path / "nowhere" / "x.png"), b"x", "overlay") == cli.EXIT_ARGS


def test_the_overlay_written_by_the_command_line_keeps_the_usual_permissions(tmp_path: Path) -> None:
    replaced, new = tmp_path / "replaced.png", tmp_path / "new.png"
    replaced.write_bytes(b"old")
    replaced.chmod(0o644)
    for out in (replaced, new):
        result = run_cli("analyze", face_path(FACE), "--overlay", out, "--json", umask=0o027)
        assert result.returncode == 0, result.stderr
        with Image.open(out) as img:
            assert img.format == "PNG"
    assert _mode(replaced) == 0o644
    assert _mode(new) == 0o666 & ~0o027


# 2. a value that rounds to zero prints unsigned, and the README says so in both places


@pytest.mark.parametrize("value", [-0.04, 0.0, -0.0, 0.04])
def test_a_value_that_rounds_to_zero_prints_unsigned_in_the_cli_table(value: float) -> None:
    report = viz.analyze(detected(FACE))
    measure = report.measures["nose_tip_offset"]
    shifted = dataclasses.replace(report, measures={**report.measures, "nose_tip_offset": dataclasses.replace(measure, value=value)})
    row = next(line for line in cli._table(shifted).splitlines() if line.startswith("nose_tip_offset "))
    assert row.split()[1] == "0.0", row
    assert cli._signed(value, 8) == "     0.0"
    assert cli._signed(0.06) == "+0.1" and cli._signed(-0.06) == "-0.1"  # a value that shows keeps its sign


def test_the_readme_says_a_zero_prints_without_a_sign() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    cli_section = text[text.index("## Command line") :]
    cli_section = cli_section[: cli_section.index("\n## ", 1)]
    said = re.sub(r"\s+", " ", cli_section)
    assert "rounds to zero prints as `+0.0`" not in said
    assert "rounds to zero prints as `0.0`, with no sign" in said


# 3. the level's range, said as --help says it and as the command line accepts it


@pytest.mark.parametrize(("level", "echoed"), [("1.5", "1.5"), ("-0.5", "-0.5"), ("Heavy", "'Heavy'"), ("nan", "nan")])
def test_a_level_out_of_range_is_told_the_range_the_cli_accepts(level: str, echoed: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        Relaxation.parse(f"frontalis:left:{level}")
    said = str(caught.value)
    assert said.endswith(f", not {echoed}."), said
    assert "from 0 to 1" not in said
    low, high = re.search(r"from ([0-9.]+) to ([0-9.]+)", said).groups()  # type: ignore[union-attr]
    assert f"a share of full relaxation from {low} to {high}" in cli._RELAX_HELP  # the help's own words
    assert all(word in said for word in ("light", "moderate", "strong"))
    # the ends named are accepted, and a level below the lower end is refused
    for end in (low, high):
        step = cli._relaxation(f"frontalis:left:{end}")
        assert cli._zero_level(f"frontalis:left:{end}", step) is None
    below = f"{float(low) / 3:.6f}"
    assert cli._zero_level(f"frontalis:left:{below}", cli._relaxation(f"frontalis:left:{below}")) is not None


def test_the_command_line_refuses_1_5_with_the_helps_range(tmp_path: Path) -> None:
    result = run_cli("preview", face_path(FACE), "--relax", "frontalis:left:1.5")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "from 0.001 to 1, not 1.5." in result.stderr, result.stderr
    assert "from 0.001 to 1" in run_cli("preview", "--help").stdout


# 4. an empty photo path


@pytest.mark.parametrize("command", [("analyze", ""), ("preview", "", "--relax", "frontalis:left:0.5"), ("compare", "", "")])
def test_an_empty_photo_path_is_said_plainly_with_the_missing_file_exit_code(tmp_path: Path, command: tuple[str, ...]) -> None:
    where = tmp_path / "x"
    where.mkdir()
    result = run_cli(*command, cwd=where)
    missing = run_cli(*(("gone.jpg" if part == "" else part) for part in command), cwd=where)
    assert missing.returncode == 3 and "no file named" in missing.stderr.lower(), missing.stderr
    assert result.returncode == missing.returncode, result.stderr  # the README's exit code for a missing file
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert "o photo was named: give the path of a photo file." in result.stderr
    assert str(tmp_path) not in result.stderr and "''" not in result.stderr


def test_load_photo_refuses_an_empty_path() -> None:
    with pytest.raises(PhotoError, match=r"^No photo was named: give the path of a photo file\.$"):
        viz.load_photo("")


# 5. the refusals name every format the loader decodes


def _encoded(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (80, 80), (120, 90, 70)).save(buf, fmt)
    return buf.getvalue()


def test_the_format_words_name_every_format_decoded() -> None:
    names = [_FORMAT_NAMES[f] for f in FORMATS]
    assert all(name in FORMAT_WORDS for name in names) and FORMAT_WORDS.endswith(f" or {names[-1]}")
    for fmt in ("TIFF", "BMP"):  # the two the refusals had left out do decode
        assert viz.load_photo(_encoded(fmt)).rgb.shape == (80, 80, 3)


@pytest.mark.parametrize(
    "data",
    [pytest.param(b"this is not a photo at all", id="text"), pytest.param(_encoded("GIF"), id="gif"), pytest.param(b"", id="empty")],
)
def test_every_refusal_of_a_file_names_the_formats_decoded(data: bytes) -> None:
    with pytest.raises(PhotoError) as caught:
        viz.load_photo(data)
    assert FORMAT_WORDS in str(caught.value), caught.value


def test_the_help_and_the_refusal_name_the_same_formats(tmp_path: Path) -> None:
    assert f"{FORMAT_WORDS} file" in run_cli("analyze", "--help").stdout
    text = tmp_path / "notes.png"
    text.write_text("not a photo", encoding="utf-8")
    result = run_cli("analyze", text)
    assert result.returncode == 3 and f"use a {FORMAT_WORDS} photo." in result.stderr, result.stderr
