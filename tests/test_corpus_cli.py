"""The bad-input corpus (``tests/corpus.py``) through the engine and through every command of the CLI.

Each case must end as the corpus says: refused with one sentence (exit 3), no face (exit 4), or measured,
with a warning where the file or the face calls for one (exit 0). The CLI must print at most one line on
stderr, never a traceback, and never a raw control character from a file name.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import viz
from tests.conftest import REPO, face_path
from tests.corpus import MEASURED, NO_FACE, REFUSED, UNMEASURABLE, WARNING, Case, cases
from viz.errors import FaceError, PhotoError

CASES = cases()
COMMANDS = ("analyze", "preview", "dynamics", "compare")
EXIT = {REFUSED: 3, NO_FACE: 4, UNMEASURABLE: 4, MEASURED: 0, WARNING: 0}
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
    assert {c.expect for c in CASES} == {REFUSED, NO_FACE, UNMEASURABLE, MEASURED, WARNING}
    assert all(c.match for c in CASES if c.expect in (REFUSED, UNMEASURABLE, WARNING))
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
    if item.expect == UNMEASURABLE:
        with pytest.raises(FaceError) as refused:
            viz.detect_face(photo)
        assert re.search(item.match, str(refused.value), re.IGNORECASE), refused.value
        assert "\n" not in str(refused.value) and str(refused.value).endswith(".")
        return
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


# ---------------------------------------------------------------------------------------------------------------------
# the CLI: every case through every command
#
# Starting Python and MediaPipe costs ~2 s a run, and the corpus makes ~230 runs; so each of a few worker
# subprocesses calls the CLI's ``main(argv)`` for its share of the runs (what ``python -m viz`` does:
# ``sys.exit(main())``), with file descriptors 1 and 2 sent to a file per run, so everything a run prints,
# MediaPipe's native logging included, is caught. tests/test_cli.py starts ``python -m viz`` itself for
# the argument, special-file, overwrite and file-name cases.

_WORKER = r"""
import json, os, sys, tempfile, traceback
from viz.__main__ import main

jobs = json.load(open(sys.argv[1]))
results = []
for argv in jobs:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush(); sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            traceback.print_exc()
            code = "crash"
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved[0], 1); os.dup2(saved[1], 2)
        os.close(saved[0]); os.close(saved[1])
        out.seek(0); err.seek(0)
        results.append({"argv": argv, "code": code, "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")})
json.dump(results, open(sys.argv[2], "w"))
"""


@dataclass(frozen=True)
class Run:
    code: object
    stdout: str
    stderr: str


def _argv(command: str, photo: Path, partner: Path) -> list[str]:
    if command == "analyze":
        return ["analyze", str(photo), "--json"]
    if command == "preview":
        return ["preview", str(photo), "--relax", "frontalis:left:0.5", "--json"]
    if command == "dynamics":
        return ["dynamics", "--rest", str(photo), "--smile", str(partner), "--json"]
    return ["compare", str(photo), str(partner), "--json"]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], Run]]:
    """Every (case, command) run of the CLI, made once by parallel worker subprocesses."""
    root = tmp_path_factory.mktemp("corpus")
    partner = face_path(PARTNER)
    jobs: list[tuple[tuple[str, str], list[str]]] = []
    for item in CASES:
        folder = root / item.name
        folder.mkdir()
        photo = folder / item.filename  # the case's own name: non-ASCII, 240 characters, control characters
        photo.write_bytes(item.data)
        jobs += [((item.name, command), _argv(command, photo, partner)) for command in COMMANDS]
    workers = max(2, min(4, os.cpu_count() or 2))
    shares = [jobs[i::workers] for i in range(workers)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def work(index: int) -> list[dict[str, object]]:
        todo, done = root / f"jobs{index}.json", root / f"done{index}.json"
        todo.write_text(json.dumps([argv for _, argv in shares[index]]))
        proc = subprocess.run([sys.executable, "-c", _WORKER, str(todo), str(done)], cwd=REPO, env=env, capture_output=True, timeout=1200, check=False)
        assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
        results: list[dict[str, object]] = json.loads(done.read_text())
        return results

    with ThreadPoolExecutor(workers) as pool:
        outputs = list(pool.map(work, range(workers)))
    runs = {}
    for share, results in zip(shares, outputs, strict=True):
        assert len(results) == len(share)
        for (key, _), result in zip(share, results, strict=True):
            runs[key] = Run(result["code"], str(result["stdout"]), str(result["stderr"]))
    yield runs


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_every_command_gives_each_case_its_exit_code_and_one_line(item: Case, command: str, cli_runs: dict[tuple[str, str], Run]) -> None:
    run = cli_runs[(item.name, command)]
    assert run.code == EXIT[item.expect], f"exit {run.code}: {run.stderr!r}"
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert not RAW_CONTROL.search(run.stderr), f"raw control character on stderr: {run.stderr!r}"
    if item.expect in (REFUSED, NO_FACE, UNMEASURABLE):
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].endswith("."), run.stderr
        assert run.stdout == ""
        if item.expect in (REFUSED, UNMEASURABLE):
            assert re.search(item.match, lines[0], re.IGNORECASE), lines[0]
        return
    assert run.stderr == "", run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1, "one JSON object on stdout"
    payload = json.loads(lines[0])
    said = payload["quality"]["warnings"] if command == "analyze" else payload["warnings"]
    for note in viz.load_photo(item.data).warnings:  # the file's own caveats reach every command's output
        assert any(note[1:] in w for w in said), (note, said)
    if item.expect == WARNING and command == "analyze":
        assert any(re.search(item.match, w, re.IGNORECASE) for w in said), said
