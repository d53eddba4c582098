"""Small helpers shared by the benchmark scripts: where the faces are, plain-text tables.

Not part of the engine and not run by CI.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The shared test photos (``../shared/faces`` relative to the repository root).
FACES = (REPO / ".." / "shared" / "faces").resolve()


def face_paths(names: Sequence[str] | None = None) -> list[Path]:
    """The shared photos, all of them (``*.jpg`` and ``skimage_astronaut.png``) or the named ones.

    Exits with a clear message when the folder or a named photo is missing.
    """
    if not FACES.is_dir():
        sys.exit(f"The shared photos are missing: expected a folder at {FACES} (../shared/faces from the repository root).")
    if names is None:
        paths = sorted(FACES.glob("*.jpg"))
        astronaut = FACES / "skimage_astronaut.png"
        if astronaut.is_file():
            paths.append(astronaut)
        if not paths:
            sys.exit(f"No photos found in {FACES}.")
        return paths
    paths = [FACES / n for n in names]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        sys.exit(f"Missing shared photo(s) in {FACES}: {', '.join(missing)}.")
    return paths


#: Neutral, frontal Face Research Lab photos used by the accuracy and repeatability benchmarks.
FRL_NEUTRAL = (
    "frl_london_005_03.jpg",
    "frl_london_006_03.jpg",
    "frl_london_025_03.jpg",
    "frl_london_061_03.jpg",
    "frl_london_136_03.jpg",
)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))

    print(f"\n{title}")
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for r in cells[1:]:
        print(line(r))


def verdict(target: str, ok: bool, figure: str) -> bool:
    """Print one ``PASS``/``FAIL`` line for a target and return ``ok``."""
    print(f"{'PASS' if ok else 'FAIL'}  {target}: {figure}")
    return ok


def fmt(x: float | None, digits: int = 2) -> str:
    """A number with fixed decimals, or ``-`` when there is none."""
    return "-" if x is None else f"{x:.{digits}f}"
