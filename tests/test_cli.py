"""Tests for the command line ``python -m viz analyze``: the DESIGN §5 JSON, exit codes and one-sentence errors."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

import viz
from tests.conftest import REPO, face_far_away, face_path, far_in_large_photo
from viz.__main__ import _encodes
from viz.asymmetry import WITHHELD
from viz.movement import measure_dynamics
from viz.overlay import FACE_PICTURE_SIDE
from viz.photo import MAX_FILE_BYTES
from viz.testing import seen_off_axis
from viz.visits import NO_CHANGE
from viz.vocabulary import ADULTS_ONLY, EDUCATIONAL, EMERGENCY, MEASURE_IDS, MUSCLE_IDS, rounded, rounded_pair

FACE = "frl_london_005_03.jpg"

# DESIGN §4: measure ids are a public contract.
PAIRED = ("brow_inner_height", "brow_height", "brow_tail_height", "eye_opening", "mouth_corner_drop", "jaw_width", "cheek_width")
OFFSETS = ("nose_tip_offset", "lip_offset", "chin_offset")
TILTS = ("eye_line_tilt", "mouth_tilt")
REGIONS = {"brows", "eyes", "mouth", "nose", "jaw"}

PAIRED_KEYS = {"left_mm", "right_mm", "difference_mm", "uncertainty_mm", "note"}
OFFSET_KEYS = {"offset_mm", "uncertainty_mm", "note"}
TILT_KEYS = {"degrees", "uncertainty_deg", "note"}


def run_cli(*args: str | Path | bytes, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m viz ARGS`` from the repository root and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "viz", *(a if isinstance(a, bytes) else str(a) for a in args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        check=False,
    )


def _assert_one_sentence_on_stderr(result: subprocess.CompletedProcess[str]) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"stderr should be one line, got {result.stderr!r}"
    line = lines[0].strip()
    assert line.endswith("."), line
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def face_file() -> Path:
    return face_path(FACE)


@pytest.fixture(scope="module")
def analysis(face_file: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("analyze", face_file, "--json")


@pytest.fixture(scope="module")
def report(analysis: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert analysis.returncode == 0, analysis.stderr
    lines = analysis.stdout.strip().splitlines()
    assert len(lines) == 1, "stdout should hold exactly one JSON object"
    data = json.loads(lines[0])
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def mirrored_report(face_file: Path) -> dict[str, Any]:
    result = run_cli("analyze", face_file, "--json", "--mirrored")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# ---------------------------------------------------------------------------------------------------------------------
# the JSON contract


def test_json_run_is_clean(analysis: subprocess.CompletedProcess[str], report: dict[str, Any]) -> None:
    assert analysis.returncode == 0
    assert analysis.stderr == "", f"stderr must be empty (no MediaPipe log lines), got {analysis.stderr!r}"


def test_a_run_on_a_photo_with_a_broken_exif_block_is_clean_too(tmp_path: Path) -> None:
    # Pillow's reading of a broken EXIF block left Python's warnings on at exit, and the stream the command line keeps
    # on the real stderr (fd 2 itself goes to /dev/null for MediaPipe's logs) was never closed: every such run ended
    # with "sys:1: ResourceWarning: unclosed file" on a successful measurement.
    photo = Image.open(face_path(FACE))
    broken = tmp_path / "broken_exif.jpg"
    photo.save(broken, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\xff\xff\xff\xff")
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-m", "viz", "analyze", str(broken)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr


def test_json_top_level_shape(report: dict[str, Any], face_file: Path) -> None:
    assert set(report) == {"schema", "image", "face", "quality", "measures"}
    assert report["schema"] == "viz.analysis/1"

    with Image.open(face_file) as img:
        width, height = img.size
    assert report["image"] == {"width": width, "height": height, "mirrored": False}

    face = report["face"]
    assert set(face) == {"bbox", "mm_per_px", "iris_diameter_px", "pose_deg"}
    assert len(face["bbox"]) == 4 and all(_is_number(v) for v in face["bbox"])
    x0, y0, x1, y1 = face["bbox"]
    assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    assert _is_number(face["mm_per_px"]) and face["mm_per_px"] > 0
    assert _is_number(face["iris_diameter_px"]) and face["iris_diameter_px"] > 0
    assert set(face["pose_deg"]) == {"yaw", "pitch", "roll"}
    assert all(_is_number(v) for v in face["pose_deg"].values())

    assert set(report["quality"]) == {"ok", "warnings"}
    assert isinstance(report["quality"]["ok"], bool)
    assert isinstance(report["quality"]["warnings"], list)
    assert all(isinstance(w, str) and w for w in report["quality"]["warnings"])


def test_json_has_every_measure_with_its_shape(report: dict[str, Any]) -> None:
    measures = report["measures"]
    assert set(measures) == {*PAIRED, *OFFSETS, *TILTS, "asymmetry_index_mm"}
    for mid in PAIRED:
        assert set(measures[mid]) == PAIRED_KEYS, mid
    for mid in OFFSETS:
        assert set(measures[mid]) == OFFSET_KEYS, mid
    for mid in TILTS:
        assert set(measures[mid]) == TILT_KEYS, mid
    for mid in (*PAIRED, *OFFSETS, *TILTS):
        m = measures[mid]
        assert isinstance(m["note"], str) and m["note"], mid
        numbers = [value for key, value in m.items() if key != "note"]
        if mid in WITHHELD:  # not taken from one photo: every number null, the note says why
            assert all(value is None for value in numbers) and m["note"].startswith("Not measured"), mid
            continue
        assert all(_is_number(value) for value in numbers), mid
        uncertainty = m.get("uncertainty_mm", m.get("uncertainty_deg"))
        assert uncertainty >= 0, mid

    index = measures["asymmetry_index_mm"]
    assert set(index) == {"value_mm", "regions"}
    assert _is_number(index["value_mm"]) and index["value_mm"] >= 0
    assert set(index["regions"]) == REGIONS
    assert all(_is_number(v) and v >= 0 for v in index["regions"].values())


def test_the_readme_shows_the_json_every_run_gives(report: dict[str, Any]) -> None:
    # a fresh clone has no ../shared/DESIGN.md, where the README sent a reader for the schema: it shows it itself
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("`--json` prints one `viz.analysis/1` object") : readme.index("`--overlay` writes")]
    named = set(re.findall(r'"([a-z_]+)"', section)) | set(re.findall(r"`([a-z_]+)`", section))
    keys = set(report) | {k for v in report.values() if isinstance(v, dict) for k in v}
    keys |= {k for m in report["measures"].values() for k in m}
    assert keys <= named, keys - named
    assert set(report["measures"]) <= named, set(report["measures"]) - named


def test_difference_is_left_minus_right(report: dict[str, Any]) -> None:
    for mid in PAIRED:
        if mid in WITHHELD:
            continue
        m = report["measures"][mid]
        assert m["left_mm"] > 0 and m["right_mm"] > 0, mid
        assert m["difference_mm"] == pytest.approx(m["left_mm"] - m["right_mm"], abs=1e-9), mid  # the printed figures add up


def test_mirrored_flips_every_sign_and_keeps_magnitudes(report: dict[str, Any], mirrored_report: dict[str, Any]) -> None:
    assert mirrored_report["image"]["mirrored"] is True
    plain, mirrored = report["measures"], mirrored_report["measures"]
    for mid in (m for m in PAIRED if m not in WITHHELD):
        assert mirrored[mid]["difference_mm"] == pytest.approx(-plain[mid]["difference_mm"], abs=0.05), mid
        assert mirrored[mid]["left_mm"] == pytest.approx(plain[mid]["right_mm"], abs=0.05), mid
        assert mirrored[mid]["right_mm"] == pytest.approx(plain[mid]["left_mm"], abs=0.05), mid
    for mid in OFFSETS:
        if mid in WITHHELD:
            assert mirrored[mid]["offset_mm"] is None and plain[mid]["offset_mm"] is None, mid
            continue
        assert mirrored[mid]["offset_mm"] == pytest.approx(-plain[mid]["offset_mm"], abs=0.05), mid
    for mid in TILTS:
        assert mirrored[mid]["degrees"] == pytest.approx(-plain[mid]["degrees"], abs=0.05), mid
    assert mirrored["asymmetry_index_mm"]["value_mm"] == pytest.approx(plain["asymmetry_index_mm"]["value_mm"], abs=0.05)
    # the flip is not vacuous: at least one signed value of this face is clearly non-zero
    signed = [plain[m]["difference_mm"] for m in PAIRED if m not in WITHHELD] + [plain[m]["offset_mm"] for m in OFFSETS if m not in WITHHELD]
    assert max(abs(v) for v in signed) > 0.2


def test_overlay_writes_a_png(face_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "overlay.png"
    result = run_cli("analyze", face_file, "--overlay", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        img.load()
        assert min(img.size) >= 64


def test_the_overlay_is_the_face_as_the_page_saves_it(tmp_path: Path) -> None:
    # a face about 200 px wide in a 2048 x 1536 picture: the overlay is that face with room around it, brought to the
    # page's size before the marks are drawn, with the educational line below (not the room, with the face a speck)
    photo = tmp_path / "far.jpg"
    face_far_away(FACE).save(photo, quality=92)
    out = tmp_path / "overlay.png"
    result = run_cli("analyze", photo, "--overlay", out)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as img:
        rgb = np.asarray(img.convert("RGB"), dtype=np.int16)
    h, w = rgb.shape[:2]
    assert max(h, w) >= FACE_PICTURE_SIDE
    assert h > w  # a face's box is taller than wide; the picture is 4:3 the other way
    strip = rgb[-8:]
    assert (strip > 235).all(axis=2).mean() > 0.8  # the footer's white strip (dark text on it)
    grey = np.abs(rgb[: h // 2] - np.array([112, 116, 120])).max(axis=2) < 6
    assert grey.mean() < 0.5  # mostly face and hair, not the flat room around it


def test_the_overlay_is_the_picture_the_page_saves_with_every_layer(face_file: Path, tmp_path: Path) -> None:
    # the README says --overlay writes what the first page shows and saves; the page draws every layer until one is
    # turned off (ui.state.overlay_layers), the CLI drew viz.overlay.DEFAULT_LAYERS: no regional heat, no measure diamonds
    from viz import analyze, detect_face, load_photo, reread_face
    from viz.overlay import DEFAULT_LAYERS, face_overlay_png
    from viz.vocabulary import LAYERS

    out = tmp_path / "overlay.png"
    result = run_cli("analyze", face_file, "--overlay", out)
    assert result.returncode == 0, result.stderr
    face = detect_face(load_photo(face_file))
    assert face is not None
    report = analyze(reread_face(face_file, face))

    def pixels(data: bytes) -> np.ndarray:
        with Image.open(io.BytesIO(data)) as img:
            return np.asarray(img.convert("RGB"), dtype=np.int16)

    written, page = pixels(out.read_bytes()), pixels(face_overlay_png(report, tuple(LAYERS)))
    assert written.shape == page.shape
    assert np.abs(written - page).max() <= 2  # the same picture (0 here; another process's landmarks may differ in the last bits)
    fewer = pixels(face_overlay_png(report, DEFAULT_LAYERS))
    assert (np.abs(written - fewer).max(axis=2) > 30).mean() > 0.01  # not the three layers' picture (5% of pixels differ)


def test_human_output_mentions_the_disclaimer(face_file: Path) -> None:
    result = run_cli("analyze", face_file)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "not medical advice" in result.stdout
    assert "brow_height" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_every_text_output_carries_the_pages_notices_and_no_negative_zero(face_file: Path) -> None:
    # the CLI said only "educational, not medical advice": the adults-only and sudden-droop notices of every page were missing
    runs = {
        "analyze": run_cli("analyze", face_file),
        "preview": run_cli("preview", face_file, "--relax", "masseter:left:1"),  # moves nothing read: changes of 0.0
        "compare": run_cli("compare", face_path("cc0_lisa_lisa1.jpg"), face_path("cc0_lisa_lisa4.jpg")),
        "dynamics": run_cli("dynamics", "--rest", face_file, "--smile", face_path("frl_london_005_08.jpg")),
    }
    for name, result in runs.items():
        assert result.returncode == 0, (name, result.stderr)
        for notice in (EDUCATIONAL, ADULTS_ONLY, EMERGENCY):
            assert notice in result.stdout, (name, notice)
        assert not re.search(r"(?<![\d.])[-+]0\.0(?!\d)", result.stdout), (name, result.stdout)  # the pages show "0.0"
        if name != "dynamics":  # its table gives each side's movement: no signed difference
            assert re.search(r"(?<![\d.])\+\d+\.\d(?!\d)", result.stdout), (name, result.stdout)  # others keep their sign


def test_the_table_shows_the_index_to_one_decimal_like_every_other_number(face_file: Path) -> None:
    table = run_cli("analyze", face_file)
    value = json.loads(run_cli("analyze", face_file, "--json").stdout)["measures"]["asymmetry_index_mm"]["value_mm"]
    line = next(line for line in table.stdout.splitlines() if line.startswith("asymmetry index"))
    shown = re.fullmatch(r"asymmetry index\s+(\d+\.\d)\s+(\d+\.\d)\s+mm", line)
    assert shown is not None, line  # '0.40    0.3  mm' gave the index a digit its ± does not support
    assert float(shown[1]) == pytest.approx(value, abs=0.051)


# ---------------------------------------------------------------------------------------------------------------------
# bad input: an exit code and one sentence


def _write_text(tmp: Path) -> Path:
    path = tmp / "notes.jpg"
    path.write_text("This is not a photo, it is a shopping list.\n" * 10)
    return path


def _write_truncated(tmp: Path) -> Path:
    data = face_path(FACE).read_bytes()
    path = tmp / "truncated.jpg"
    path.write_bytes(data[: len(data) // 2])
    return path


def _write_empty(tmp: Path) -> Path:
    path = tmp / "empty.jpg"
    path.write_bytes(b"")
    return path


def _write_grey(tmp: Path) -> Path:
    path = tmp / "grey.png"
    Image.new("RGB", (300, 300), (128, 128, 128)).save(path)
    return path


@pytest.mark.parametrize(
    ("make", "code", "word"),
    [
        pytest.param(_write_text, 3, "not an image", id="text-file"),
        pytest.param(_write_truncated, 3, "incomplete", id="truncated-jpeg"),
        pytest.param(lambda tmp: tmp / "missing.jpg", 3, "missing.jpg", id="missing-file"),
        pytest.param(lambda tmp: tmp / "gone" / "face.jpg", 3, "no folder", id="missing-folder"),
        pytest.param(_write_empty, 3, "empty", id="empty-file"),
        pytest.param(lambda tmp: tmp, 3, "folder", id="directory"),
        pytest.param(_write_grey, 4, "crop around it", id="no-face"),
    ],
)
def test_bad_photo_gets_exit_code_and_one_sentence(make: Any, code: int, word: str, tmp_path: Path) -> None:
    result = run_cli("analyze", make(tmp_path), "--json")
    assert result.returncode == code, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert word in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param((), id="no-arguments"),
        pytest.param(("frobnicate",), id="unknown-subcommand"),
        pytest.param(("analyze",), id="missing-photo"),
        pytest.param(("analyze", "face.jpg", "--bogus"), id="unknown-flag"),
    ],
)
def test_bad_arguments_exit_2_with_one_sentence(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)


# --- preview -------------------------------------------------------------------------------------


def test_preview_json_and_before_after_png(face_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "ba.png"
    result = run_cli("preview", face_file, "--relax", "orbicularis_oculi:right:strong", "--relax", "masseter:left:0.5", "--day", "30", "--json", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    d = json.loads(result.stdout)
    assert d["schema"] == "viz.preview/1" and d["day"] == 30
    assert type(d["day"]) is int, d["day"]  # DESIGN §5 "day": N, whole days as on the page's slider; it printed 30.0
    assert [r["muscle"] for r in d["relax"]] == ["orbicularis_oculi", "masseter"]
    for key in ("before", "after", "after_low", "after_high"):
        assert set(d[key]) == set(PAIRED) | set(OFFSETS) | set(TILTS) | {"asymmetry_index_mm"}
    # the right brow tail rises, so left minus right falls
    assert d["after"]["brow_tail_height"]["difference_mm"] < d["before"]["brow_tail_height"]["difference_mm"] - 0.5
    with Image.open(out) as img:
        assert img.format == "PNG" and img.width > img.height


@pytest.mark.parametrize(
    "relax",
    [
        *("frontalis:middle:1", "procerus:left:1", "frontalis:left:1.5", "eyebrow:left:1", "frontalis-left-1"),
        *("frontalis:left:0", "frontalis:left:0.0", "frontalis:left:1e-9"),
    ],
)
def test_preview_rejects_a_bad_plan_with_exit_2(face_file: Path, relax: str) -> None:
    result = run_cli("preview", face_file, "--relax", relax)
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)


def test_a_level_that_rounds_to_zero_is_refused_as_typed(face_file: Path) -> None:
    # "corrugator:both:0.0004" was answered "A level of 0 relaxes nothing", a number nobody typed
    result = run_cli("preview", face_file, "--relax", "frontalis:left:0.5", "--relax", "corrugator:both:0.0004")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert "A level of 0.0004 rounds to 0 at three decimals and relaxes nothing" in result.stderr
    result = run_cli("preview", face_file, "--relax", "corrugator:both:0.0")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert "A level of 0.0 relaxes nothing" in result.stderr and "rounds" not in result.stderr


@pytest.mark.parametrize("day", ["1.5", "0.25", "364.9", "-1", "366", "nan", "inf", "two"])
def test_preview_day_must_be_whole_days_in_range(face_file: Path, day: str) -> None:
    # "--day 1.5" ran and printed "day 1.5", though the page's slider and DESIGN §5 ("day": N) take whole days
    result = run_cli("preview", face_file, "--relax", "corrugator:both:moderate", "--day", day)
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert "whole number of days from 0 to 365" in result.stderr and day in result.stderr


def test_a_whole_day_written_with_a_decimal_point_is_that_day() -> None:
    from viz.__main__ import _day

    assert [_day(text) for text in ("0", "-0", "14", "14.0", " 30 ", "365")] == [0, 0, 14, 14, 30, 365]
    assert all(type(_day(text)) is int for text in ("14.0", "-0"))


def test_day_minus_zero_is_day_zero(face_file: Path) -> None:
    result = run_cli("preview", face_file, "--relax", "frontalis:left:0.5", "--day", "-0")
    assert result.returncode == 0, result.stderr
    assert "day 0 " in result.stdout and "day -0" not in result.stdout


def test_relax_words_are_read_in_any_case(face_file: Path) -> None:
    # "Frontalis:LEFT:0.5" was refused: "Side must be left, right or both, not 'LEFT'."
    result = run_cli("preview", face_file, "--relax", "Frontalis:LEFT:0.5", "--relax", "ORBICULARIS_OCULI:Right:Strong", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["relax"] == [
        {"muscle": "frontalis", "side": "left", "level": 0.5},
        {"muscle": "orbicularis_oculi", "side": "right", "level": 1.0},
    ]


def test_spaces_around_each_relax_part_are_dropped() -> None:
    # " frontalis : left : 0.5" (quoted in a shell) was refused: "Side must be left, right or both, not ' left '."
    from viz.__main__ import _relaxation

    for typed in (" frontalis : left : 0.5", "frontalis:\tleft :0.5 ", " Frontalis : LEFT : Moderate"):
        step = _relaxation(typed)
        assert (step.muscle, step.side) == ("frontalis", "left"), typed
        assert step.level == pytest.approx(0.5 if "0.5" in typed else 0.67, abs=0.01), typed
    with pytest.raises(Exception, match="not 'middle'"):  # a wrong word is still quoted as typed, without its spaces
        _relaxation("frontalis : middle : 0.5")


def test_a_spaced_relax_runs_the_preview(face_file: Path) -> None:
    result = run_cli("preview", face_file, "--relax", " frontalis : left : 0.5", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["relax"] == [{"muscle": "frontalis", "side": "left", "level": 0.5}]


@pytest.mark.parametrize(
    ("relax", "said"),
    [
        ("Frontalis:MIDDLE:1", "Side must be left, right or both, not 'MIDDLE'."),
        ("EYEBROW:Left:1", "Unknown muscle 'EYEBROW': choose one of frontalis,"),
        ("frontalis:LEFT:Heavy", "Level must be light, moderate, strong or a share of full relaxation from 0.001 to 1, not 'Heavy'."),
        ("Procerus:LEFT:1", "The procerus is a single midline muscle: use side 'both'."),
        ("FRONTALIS:Left:1.5", "Level must be light, moderate, strong or a share of full relaxation from 0.001 to 1, not 1.5."),
    ],
)
def test_a_wrong_relax_word_in_any_case_is_refused_as_typed(face_file: Path, relax: str, said: str) -> None:
    result = run_cli("preview", face_file, "--relax", relax)
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert said in result.stderr


def test_relax_help_says_what_is_accepted_with_an_example() -> None:
    # the help gave only "e.g. frontalis:left:0.5" while the error offered light/moderate/strong
    from viz.__main__ import _relaxation

    result = subprocess.run(
        [sys.executable, "-m", "viz", "preview", "--help"],
        cwd=REPO,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},  # the help is printed whatever the output's encoding
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    relax_help = " ".join(result.stdout.decode("ascii").rsplit("--relax MUSCLE:SIDE:LEVEL", 1)[1].split("--day", 1)[0].split())
    assert "MUSCLE is one of " + ", ".join(MUSCLE_IDS) + ";" in relax_help
    assert "SIDE is left, right or both (procerus: both only)" in relax_help
    assert "LEVEL is light, moderate, strong (light = 0.33, moderate = 0.67, strong = 1.00)" in relax_help
    assert "or a share of full relaxation from 0.001 to 1" in relax_help and "any case" in relax_help
    example = re.search(r"Example: (\S+)\.", relax_help)
    assert example is not None, relax_help
    assert _relaxation(example[1]).level == 0.5  # the example is one the parser takes
    for level, share in (("light", 1 / 3), ("Moderate", 2 / 3), ("STRONG", 1.0), ("0.001", 0.001), ("1", 1.0)):
        assert _relaxation(f"frontalis:left:{level}").level == pytest.approx(share)


def test_preview_rejects_a_plan_that_relaxes_one_side_twice_with_exit_2(face_file: Path) -> None:
    result = run_cli("preview", face_file, "--relax", "frontalis:both:1", "--relax", "frontalis:left:0.5")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert "frontalis:both and frontalis:left" in result.stderr


def test_the_preview_table_shows_no_number_for_a_measure_not_taken_from_one_photo(face_file: Path) -> None:
    result = run_cli("preview", face_file, "--relax", "masseter:both:1", "--day", "90")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line and line.split()[0] in WITHHELD}
    assert set(rows) == set(WITHHELD)
    for mid, line in rows.items():
        assert line.rstrip().endswith("not measured from one photo") and not re.search(r"\d", line.removeprefix(mid)), line


def test_an_output_that_cannot_be_written_is_said_so_not_called_a_measuring_fault(face_file: Path) -> None:
    command = [sys.executable, "-m", "viz", "analyze", "--json", str(face_file)]
    with open("/dev/full", "w") as full:  # Linux's device on which every write fails with "no space left"
        result = subprocess.run(command, cwd=REPO, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "MirrorMap could not read or write a file or its output: No space left on device."


def test_version_names_the_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    version = next(line.split("=", 1)[1].strip().strip('"') for line in (REPO / "pyproject.toml").read_text().splitlines() if line.startswith("version"))
    assert result.stdout.strip() == f"MirrorMap {version}"


def test_preview_rejects_a_day_out_of_range(face_file: Path) -> None:
    result = run_cli("preview", face_file, "--relax", "frontalis:left:1", "--day", "400")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)


# --- dynamics and compare ------------------------------------------------------------------------

REST, SMILE = "frl_london_136_03.jpg", "frl_london_136_08.jpg"


def test_dynamics_json_has_the_design_shape() -> None:
    result = run_cli("dynamics", "--rest", face_path(REST), "--smile", face_path(SMILE), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    d = json.loads(lines[0])
    assert set(d) == {"schema", "expressions", "static_vs_dynamic", "warnings"}
    assert d["schema"] == "viz.dynamics/1"
    exc = d["expressions"]["smile"]["mouth_corner_excursion"]
    assert {"left_mm", "right_mm", "ratio", "stronger"} <= set(exc)
    assert exc["left_mm"] > 1.0 and exc["right_mm"] > 1.0 and exc["stronger"] in ("left", "right", "equal")
    assert {"left_deg", "right_deg", "ratio", "stronger"} <= set(d["expressions"]["smile"]["smile_angle"])
    assert d["static_vs_dynamic"]["mouth"]["dominant"] in ("dynamic", "static", "neither")


def test_the_same_photo_twice_prints_no_negative_zero() -> None:
    # the same photo as rest and smile moves nothing: the noise rounds to zero and must print as 0.0, not -0.0
    result = run_cli("dynamics", "--rest", face_path(REST), "--smile", face_path(REST), "--json")
    assert result.returncode == 0, result.stderr
    exc = json.loads(result.stdout)["expressions"]["smile"]["mouth_corner_excursion"]
    assert exc["left_mm"] == 0.0 and exc["right_mm"] == 0.0
    assert 0.0 <= exc["ratio"] <= 1.0 and exc["ratio_uncertainty"] <= 1.0  # a ratio of nothing: unknown, not ± 10^12
    assert exc["stronger"] is None  # the same picture gives no verdict, as the text's "no verdict"
    assert not re.search(r"-0\.0(?![0-9])", result.stdout), result.stdout
    text = run_cli("dynamics", "--rest", face_path(REST), "--smile", face_path(REST)).stdout
    assert "same picture as the rest photo" in text
    rows = [line for line in text.splitlines() if line.startswith("smile ")]
    assert rows and all("no verdict" in line for line in rows)  # not "equal": that would be a verdict


def test_dynamics_human_output_lists_the_movements() -> None:
    result = run_cli("dynamics", "--rest", face_path(REST), "--smile", face_path(SMILE))
    assert result.returncode == 0, result.stderr
    assert "not medical advice" in result.stdout and "mouth_corner_excursion" in result.stdout
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines() if line.startswith("smile ")}
    assert rows["mouth_corner_excursion"][2] == "mm" and rows["smile_angle"][2] == "°"  # the unit has its own column
    assert all(r[-1] in ("left", "right", "equal") for r in rows.values())  # the verdict alone, not "equal (mm)"


def test_dynamics_text_gives_each_side_as_the_page_does(tmp_path: Path) -> None:
    # each side rounded as a pair, as the Expressions page shows it, so the two differ by the difference the notes
    # give: with the smile taken 10° off the middle the table read 4.4 / 4.6 where the page read 4.4 / 4.7 (4.6404)
    # and the note "the difference (0.3 ± 1.1 mm)". A smile taken where a pair rounds otherwise than its sides alone:
    image = Image.open(face_path("frl_london_005_08.jpg"))
    rest = tmp_path / "rest.jpg"
    rest.write_bytes(seen_off_axis(Image.open(face_path("frl_london_005_03.jpg")), (0.0, 0.0), float(image.width)))
    rest_face = viz.detect_face(viz.load_photo(rest))
    smile = tmp_path / "smile.jpg"
    for view in ((10.0, 0.0), (-10.0, 0.0), (12.0, 0.0), (-12.0, 0.0), (8.0, 0.0), (-8.0, 0.0), (10.0, 5.0), (-10.0, 5.0)):
        smile.write_bytes(seen_off_axis(image, view, float(image.width)))
        movements = measure_dynamics(rest_face, {"smile": viz.detect_face(viz.load_photo(smile))}).expressions["smile"].movements
        pairs = {mid: rounded_pair(mv.left, mv.right) for mid, mv in movements.items()}
        if any(pair != (rounded(mv.left), rounded(mv.right)) for pair, mv in zip(pairs.values(), movements.values(), strict=True)):
            break
    else:
        pytest.fail("no smile view gave a pair rounded otherwise than its sides alone")
    result = run_cli("dynamics", "--rest", rest, "--smile", smile)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines() if line.startswith("smile ")}
    for mid, pair in pairs.items():
        assert (float(rows[mid][3]), float(rows[mid][5])) == pair, mid


def test_dynamics_without_an_expression_photo_exits_2() -> None:
    result = run_cli("dynamics", "--rest", face_path(REST), "--json")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert "--smile" in result.stderr


@pytest.mark.parametrize("args", [pytest.param(("dynamics", "--smile", "x.jpg"), id="no-rest"), pytest.param(("compare", "before.jpg"), id="one-photo")])
def test_dynamics_and_compare_bad_arguments_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)


def test_dynamics_names_the_unreadable_photo(tmp_path: Path) -> None:
    result = run_cli("dynamics", "--rest", face_path(REST), "--frown", _write_text(tmp_path), "--json")
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "frown photo" in result.stderr and "notes.jpg" in result.stderr


def test_dynamics_names_the_photo_without_a_face(tmp_path: Path) -> None:
    result = run_cli("dynamics", "--rest", face_path(REST), "--eyes-closed", _write_grey(tmp_path), "--json")
    assert result.returncode == 4
    _assert_one_sentence_on_stderr(result)
    assert "eyes-closed photo" in result.stderr and "grey.png" in result.stderr
    assert "come closer or crop around it" in result.stderr  # the app's advice: a face far away is not found at all


def test_compare_json_has_the_design_shape() -> None:
    result = run_cli("compare", face_path("cc0_lisa_lisa1.jpg"), face_path("cc0_lisa_lisa4.jpg"), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    d = json.loads(result.stdout)
    assert set(d) == {"schema", "before", "after", "changes", "warnings"}
    assert d["schema"] == "viz.compare/1"
    assert set(d["before"]) == set(d["after"]) == set(PAIRED) | set(OFFSETS) | set(TILTS) | {"asymmetry_index_mm"}
    assert set(d["changes"]) == set(PAIRED) | set(OFFSETS) | set(TILTS)
    assert set(d["changes"]["brow_height"]) == {"change_mm", "uncertainty_mm", "beyond_uncertainty"}
    assert isinstance(d["changes"]["brow_height"]["beyond_uncertainty"], bool)
    for mid in PAIRED:  # the change is the printed after minus the printed before
        if mid not in WITHHELD:
            assert d["changes"][mid]["change_mm"] == pytest.approx(d["after"][mid]["difference_mm"] - d["before"][mid]["difference_mm"], abs=1e-9)
    assert not any("same person" in w for w in d["warnings"])


def test_compare_text_gives_no_numbers_for_a_measure_not_taken_from_one_photo() -> None:
    result = run_cli("compare", face_path("cc0_lisa_lisa1.jpg"), face_path("cc0_lisa_lisa4.jpg"))
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line and line.split()[0] in MEASURE_IDS}
    assert set(lines) == set(MEASURE_IDS)
    assert NO_CHANGE in result.stdout and "larger than 3 times that uncertainty" in result.stdout
    for mid, line in lines.items():
        assert ("not measured from one photo" in line) == (mid in WITHHELD), line
        assert any(ch.isdigit() for ch in line) == (mid not in WITHHELD), line


def test_analyze_refuses_a_face_cut_in_half_by_the_edge_with_exit_4(tmp_path: Path) -> None:
    with Image.open(face_path("frl_london_005_03.jpg")) as src:
        half = tmp_path / "half.png"
        src.crop((src.width // 2, 0, src.width, src.height)).save(half)
    result = run_cli("analyze", half, "--json")
    assert result.returncode == 4 and result.stdout == ""
    _assert_one_sentence_on_stderr(result)
    assert "beyond the edge of the photo" in result.stderr


def test_compare_names_a_missing_photo_once_with_its_folder(tmp_path: Path) -> None:
    # "The after photo (x.jpg) cannot be used: no file named 'x.jpg' was found." gave the name twice and no folder
    result = run_cli("compare", face_path(REST), tmp_path / "x.jpg")
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert result.stderr.count("x.jpg") == 1 and "after photo cannot be used" in result.stderr and str(tmp_path) in result.stderr
    empty = _write_empty(tmp_path)
    result = run_cli("compare", empty, face_path(REST))
    assert result.returncode == 3 and "before photo" in result.stderr and "empty:" not in result.stderr  # no chain of colons


def test_compare_names_the_photo_without_a_face(tmp_path: Path) -> None:
    result = run_cli("compare", face_path(REST), _write_grey(tmp_path))
    assert result.returncode == 4
    _assert_one_sentence_on_stderr(result)
    assert "after photo" in result.stderr


# --- special files, sizes and names (issue 11 §3, §4) ---------------------------------------------

RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


@pytest.mark.parametrize("command", ["analyze", "compare"])
def test_a_fifo_is_refused_without_waiting_for_it(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)  # nobody ever writes to it: reading it would hang
    args = ("analyze", fifo) if command == "analyze" else ("compare", fifo, face_path(FACE))
    result = run_cli(*args, timeout=60)
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "not a regular file" in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    if not Path(device).exists():
        pytest.fail(f"{device} is missing on this machine")
    result = run_cli("analyze", device, timeout=60)
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "not a regular file" in result.stderr


def test_a_file_too_large_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: reading it would take 50 MB and find only zeros
    result = run_cli("analyze", big, timeout=60)
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "too large" in result.stderr and "MB" in result.stderr


def _link(kind: str, photo: Path, tmp: Path) -> Path:
    if kind == "same":
        return photo
    if kind == "relative":
        return Path(os.path.relpath(photo, REPO))  # run_cli runs from the repository root
    link = tmp / f"{kind}-link.jpg"
    if kind == "symlink":
        link.symlink_to(photo)
    else:
        os.link(photo, link)
    return link


@pytest.mark.parametrize("kind", ["same", "relative", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["analyze", "preview"])
def test_the_output_never_overwrites_the_photo(command: str, kind: str, tmp_path: Path) -> None:
    photo = tmp_path / "face.jpg"
    photo.write_bytes(face_path(FACE).read_bytes())
    before = photo.read_bytes()
    target = _link(kind, photo, tmp_path) if kind != "relative" else Path(os.path.relpath(photo, REPO))
    if command == "analyze":
        result = run_cli("analyze", photo, "--overlay", target)
    else:
        result = run_cli("preview", photo, "--relax", "frontalis:left:0.5", "--out", target)
    assert result.returncode == 2, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert "overwrite the photo" in result.stderr
    assert photo.read_bytes() == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing-folder"])
def test_the_output_must_be_a_writable_regular_file(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "out.png"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target = tmp_path / "no-such-folder" / "out.png"
    result = run_cli("analyze", face_path(FACE), "--overlay", target, timeout=60)
    assert result.returncode == 2, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert list(tmp_path.glob("**/.mirrormap-*")) == []  # no temporary file left behind


def _write_png_with(command: str, target: Path) -> subprocess.CompletedProcess[str]:
    """``analyze --overlay target`` or ``preview ... --out target``: the two commands that write a PNG."""
    if command == "analyze":
        return run_cli("analyze", face_path(FACE), "--overlay", target)
    return run_cli("preview", face_path(FACE), "--relax", "frontalis:left:0.5", "--out", target)


@pytest.mark.parametrize("command", ["analyze", "preview"])
def test_an_output_in_a_missing_folder_is_a_bad_argument_as_the_readme_says(command: str, tmp_path: Path) -> None:
    # it exited 2 while the README's exit codes listed only "a full disk" (exit 1) among outputs that fail
    target = tmp_path / "no-such-folder" / "o.png"
    result = _write_png_with(command, target)
    assert result.returncode == 2, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert f"o.png in {target.parent}: there is no such folder." in result.stderr
    assert list(tmp_path.iterdir()) == []
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    exit_2 = readme[readme.index("Exit codes: 0 ok, 2 bad arguments") : readme.index(", 3 unreadable or unsupported image")]
    assert "`--overlay` or `--out` path in a folder that does not exist" in exit_2, exit_2


@pytest.mark.parametrize("command", ["analyze", "preview"])
def test_an_output_the_system_will_not_take_exits_1_and_says_so(command: str, tmp_path: Path) -> None:
    # a file size limit stands in for a full disk: it exited 2 with "check the folder exists and is writable"
    import resource

    target = tmp_path / "out.png"
    args = ["analyze", face_path(FACE), "--overlay", target]
    if command == "preview":
        args = ["preview", face_path(FACE), "--relax", "frontalis:left:0.5", "--out", target]
    result = subprocess.run(
        [sys.executable, "-m", "viz", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)),
    )
    assert result.returncode == 1, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert "refused" in result.stderr and "writable" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind, no half-written output


@pytest.mark.parametrize("command", ["analyze", "preview"])
def test_the_output_must_be_named_png(command: str, tmp_path: Path) -> None:
    target = tmp_path / "result.jpg"  # a PNG under a .jpg name would open as the wrong kind of file
    result = _write_png_with(command, target)
    assert result.returncode == 2, result.stderr
    _assert_one_sentence_on_stderr(result)
    assert ".png" in result.stderr and "result.jpg" in result.stderr
    assert list(tmp_path.iterdir()) == []
    upper = tmp_path / "RESULT.PNG"  # the suffix is read without regard to case
    assert run_cli("analyze", face_path(FACE), "--overlay", upper).returncode == 0
    assert upper.read_bytes().startswith(b"\x89PNG")


def test_a_failed_overlay_leaves_the_old_file_and_a_good_one_replaces_it(tmp_path: Path) -> None:
    target = tmp_path / "overlay.png"
    target.write_bytes(b"an older overlay")
    result = run_cli("analyze", tmp_path / "missing.jpg", "--overlay", target)
    assert result.returncode == 3
    assert target.read_bytes() == b"an older overlay"
    result = run_cli("analyze", face_path(FACE), "--overlay", target)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["overlay.png"]


HOSTILE_NAMES = ["face\n\x1b[31mred\x07.jpg", "\x1b]0;owned\x07.jpg", "ok\u202egpj.exe", "tab\there\r.jpg"]


@pytest.mark.parametrize(
    ("name", "how"),
    [(name, "missing") for name in HOSTILE_NAMES] + [(HOSTILE_NAMES[0], how) for how in ("not-a-photo", "compare", "dynamics", "overlay")],
)
def test_file_names_are_echoed_without_control_characters(name: str, how: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if how != "missing":
        path.write_text("not a photo\n")
    if how in ("missing", "not-a-photo"):
        result = run_cli("analyze", path)
    elif how == "compare":
        result = run_cli("compare", face_path(FACE), path)
    elif how == "dynamics":
        result = run_cli("dynamics", "--rest", face_path(FACE), "--smile", path)
    else:
        result = run_cli("analyze", face_path(FACE), "--overlay", tmp_path / "no-such-folder" / name)
    assert result.returncode in (2, 3)
    _assert_one_sentence_on_stderr(result)
    assert not RAW_CONTROL.search(result.stderr), result.stderr
    assert "\u202e" not in result.stderr  # a bidi override would reverse what follows it on screen
    if how != "not-a-photo":  # the other messages name the file: its control characters are written out, not dropped
        assert "\\x1b" in result.stderr or "\\u202e" in result.stderr or "\\t" in result.stderr


def test_an_undecodable_file_name_is_echoed_escaped() -> None:
    result = run_cli("analyze", os.fsencode(str(REPO)) + b"/face\xff\xfe.jpg")
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "\\udcff" in result.stderr


def test_a_very_long_file_name_is_shortened_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 240 + ".jpg")
    path.write_text("not a photo")
    result = run_cli("compare", face_path(FACE), path)
    assert result.returncode == 3
    _assert_one_sentence_on_stderr(result)
    assert "after photo (xxxx" in result.stderr and "…" in result.stderr and len(result.stderr) < 300


def test_a_hostile_argument_is_echoed_escaped() -> None:
    result = run_cli("analyze", "face.jpg", "--\x1b[2Jwipe")
    assert result.returncode == 2
    _assert_one_sentence_on_stderr(result)
    assert not RAW_CONTROL.search(result.stderr)


def test_a_face_far_away_in_a_large_photo_is_measured_in_a_full_size_crop_and_placed_in_the_file(tmp_path: Path) -> None:
    data, _ = far_in_large_photo()
    photo = tmp_path / "room.jpg"
    photo.write_bytes(data)
    result = run_cli("analyze", photo, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["image"]["width"], out["image"]["height"]) == (4096, 3072)  # the file's size, not the crop's
    x0, y0, x1, y1 = out["face"]["bbox"]
    assert 1365 < x0 < x1 < 1365 + 700 and 819 < y0 < y1 < 819 + 700  # where the portrait was pasted
    said = " ".join(out["quality"]["warnings"])
    assert "measured in a crop around the face" in said and "crop the photo around the face" not in said


# --- output in any encoding -------------------------------------------------------------------------------------
# PYTHONIOENCODING=cp1252 (no "−", "→") and ascii (no "±", "—", "°") made the CLI fail with "Something went wrong
# inside MirrorMap" after 410 bytes of cut-off JSON. Each output now succeeds, written whole in characters it has.

#: The readable ASCII expected for each typographic character an encoding lacks; anything else becomes "?".
STAND_INS = {"−": "-", "±": "+/-", "→": "->", "—": "-", "–": "-", "…": "...", "°": " deg", "×": "x", "‘": "'", "’": "'", "“": '"', "”": '"', "·": "-"}
ENCODED_RUNS = {
    "analyze": ("analyze", FACE),
    "compare": ("compare", "cc0_lisa_lisa1.jpg", "cc0_lisa_lisa4.jpg"),
    "preview": ("preview", FACE, "--relax", "frontalis:left:0.5"),
}


def _run_encoded(command: str, encoding: str | None, *extra: str) -> subprocess.CompletedProcess[bytes]:
    """Run one of :data:`ENCODED_RUNS` with ``PYTHONIOENCODING=encoding`` (UTF-8 when ``None``), keeping the bytes."""
    name, *photos_and_flags = ENCODED_RUNS[command]
    args = [str(face_path(a)) if a.endswith(".jpg") else a for a in photos_and_flags]
    env = {**os.environ, "PYTHONIOENCODING": encoding or "utf-8"}
    return subprocess.run([sys.executable, "-m", "viz", name, *args, *extra], cwd=REPO, capture_output=True, env=env, timeout=120, check=False)


@pytest.fixture(scope="module")
def utf8_outputs() -> dict[tuple[str, bool], str]:
    """Each command's UTF-8 output, text and ``--json``: what the other encodings are checked against."""
    outputs = {}
    for command in ENCODED_RUNS:
        for as_json in (False, True):
            result = _run_encoded(command, None, *(["--json"] if as_json else []))
            assert result.returncode == 0, result.stderr
            outputs[command, as_json] = result.stdout.decode("utf-8")
    return outputs


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("command", list(ENCODED_RUNS))
def test_json_is_valid_and_the_same_in_any_output_encoding(command: str, encoding: str, utf8_outputs: dict[tuple[str, bool], str]) -> None:
    utf8 = utf8_outputs[command, True]
    result = _run_encoded(command, encoding, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    text = result.stdout.decode(encoding)  # strict: every byte is of that encoding
    assert text.endswith("\n") and text.count("\n") == 1  # one whole object, not a cut-off one
    assert json.loads(text) == json.loads(utf8)  # the same keys and values once parsed
    if _encodes(utf8, encoding):  # written as it is, nothing escaped that the encoding has
        assert result.stdout == utf8.encode(encoding)
    else:  # non-ASCII escaped
        assert result.stdout.isascii() and "\\u" in text
    if encoding == "ascii":
        assert not utf8.isascii() and "\\u00b1" in text  # the test is not vacuous: the notes' "±" was escaped


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("command", list(ENCODED_RUNS))
def test_text_is_readable_in_any_output_encoding(command: str, encoding: str, utf8_outputs: dict[tuple[str, bool], str]) -> None:
    utf8 = utf8_outputs[command, False]
    result = _run_encoded(command, encoding)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    mine, theirs = result.stdout.decode(encoding).splitlines(), utf8.splitlines()
    assert len(mine) == len(theirs)
    changed = 0
    for line, original in zip(mine, theirs, strict=True):
        if _encodes(original, encoding):
            assert line == original  # a line the encoding can write is left alone
            continue
        changed += 1
        expected = "".join(ch if _encodes(ch, encoding) else STAND_INS.get(ch, "?") for ch in original)
        assert line.split() == expected.split(), (line, original)  # each missing character has its readable stand-in
        if original.startswith("measure "):  # the table's header ("±" column) keeps every column where it was
            assert len(line) == len(original), (line, original)
    assert (changed > 0) == (not _encodes(utf8, encoding))
    if encoding == "ascii" or command == "compare":  # the reported failures: "±" in every table, cp1252 lacks compare's "−"
        assert changed, "the encoding lacks none of the output's characters: the test checks nothing"
    if encoding == "cp1252":
        assert "±" in utf8 and "±" in result.stdout.decode(encoding)  # what cp1252 has is kept, not replaced


def test_readable_text_keeps_what_an_encoding_has_and_columns_aligned(utf8_outputs: dict[tuple[str, bool], str]) -> None:
    from viz.__main__ import _readable

    for output in utf8_outputs.values():
        assert _readable(output, "utf-8") == output  # UTF-8 output is written exactly as before
    assert _readable("Zoë 中 ± − →", "ascii") == "Zo? ? +/- - ->"  # "?" only for what has no stand-in
    assert _readable("Zoë ± − →", "cp1252") == "Zoë ± - ->"
    header = f"{'diff':>8} {'±':>6}"
    assert _readable(header, "ascii") == f"{'diff':>8} {'+/-':>6}"
    row = f"{'no verdict':>11}  {'°':4}  right"
    assert _readable(row, "ascii") == f"{'no verdict':>11}  {'deg':4}  right"  # "right" stays in its column


def test_dynamics_text_says_a_smile_angle_is_not_compared_where_a_corner_barely_moved(tmp_path: Path) -> None:
    # the right corner raised 3 mm, the left left where it was: the left angle has no direction, and the text printed
    # the engine's "unclear" in the stronger column
    import viz
    from viz.testing import move_feature

    rest = viz.detect_face(viz.load_photo(face_path("frl_london_005_03.jpg")))
    assert rest is not None
    smile = tmp_path / "smile.png"
    Image.fromarray(np.asarray(move_feature(rest, "mouth_corner", "right", -3.0).rgb)).save(smile)
    result = run_cli("dynamics", "--rest", face_path("frl_london_005_03.jpg"), "--smile", smile)
    assert result.returncode == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if line.split()[:2] == ["smile", "smile_angle"]]
    assert row.endswith("not compared") and "unclear" not in result.stdout, row


def test_preview_json_keeps_a_withheld_measure_withheld_after_the_simulation() -> None:
    # under after / after_low / after_high the withheld jaw and cheek widths had null numbers but notes with numbers
    # ("Near what people commonly notice: 2.0 ± 1.5 mm ..."), beside before's "Not measured from one photo ..."
    result = run_cli("preview", face_path("frl_london_025_03.jpg"), "--relax", "masseter:right:strong", "--day", "4", "--json")
    assert result.returncode == 0, result.stderr
    d = json.loads(result.stdout)
    withheld = [mid for mid in WITHHELD if mid in d["before"]]
    assert {"jaw_width", "cheek_width"} <= set(withheld)
    for key in ("after", "after_low", "after_high"):
        for mid in withheld:
            assert d[key][mid] == d["before"][mid] and d[key][mid]["note"] == WITHHELD[mid], (key, mid, d[key][mid])


def test_compare_and_dynamics_say_each_file_note_once(tmp_path: Path) -> None:
    # a two-frame animation: the comparison's and the movement report's own warnings name its photo ("After photo:
    # this file holds 2 frames..."), and the command line added its own "The after photo: ..." beside them
    still = Image.open(face_path(FACE)).convert("RGB")
    animation = tmp_path / "moving.webp"
    still.save(animation, "WEBP", save_all=True, append_images=[still.transpose(Image.Transpose.FLIP_LEFT_RIGHT)], quality=90)
    runs = {
        "after": run_cli("compare", face_path(FACE), animation),
        "rest": run_cli("dynamics", "--rest", animation, "--smile", face_path(FACE)),
        "smile": run_cli("dynamics", "--rest", face_path(FACE), "--smile", animation),
    }
    for label, result in runs.items():
        assert result.returncode == 0, result.stderr
        frames = [line for line in result.stdout.splitlines() if line.startswith("! ") and "2 frames" in line]
        assert len(frames) == 1 and frames[0].startswith(f"! {label.capitalize()} photo: "), (label, frames)  # as the reports name a photo
    as_json = json.loads(run_cli("compare", animation, animation, "--json").stdout)["warnings"]
    assert sorted("before" in w.lower() for w in as_json if "2 frames" in w) == [False, True], as_json
