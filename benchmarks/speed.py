"""Per-stage time of the engine on every shared photo and on a 12-megapixel JPEG.

What is measured
----------------
For each photo, the median over ``N`` runs (after one warm-up run) of

- ``decode``: :func:`viz.load_photo` from the encoded bytes already in memory,
- ``detect``: :func:`viz.detect_face` on the decoded photo,
- ``analyze``: :func:`viz.analyze` on the face,
- ``total``: the three stages end to end, timed as one span.

The 12-megapixel photo is made in memory: ``cc0_zoom_30cm.jpg`` upscaled to 3000×4000 and encoded as a
JPEG at quality 92. Nothing is written to disk.

Targets (issue 2, this 2-core machine)
--------------------------------------
- 12-megapixel JPEG, end to end: ≤ 150 ms median after warm-up.
- A 1350 px photo (the ``frl_london_*`` ones), end to end: ≤ 80 ms median (the slowest of them is judged).

Run with ``python benchmarks/speed.py``.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from dataclasses import dataclass

from _common import face_paths, fmt, print_table, verdict
from PIL import Image

import viz
from viz.landmarks import silence_native_logs

N_RUNS = 7
TARGET_12MP_MS = 150.0
TARGET_1350_MS = 80.0
BIG_NAME = "12MP (zoom_30cm 3000x4000 q92)"


@dataclass(frozen=True)
class Timing:
    """Median milliseconds per stage; ``None`` for stages not reached (no face found)."""

    name: str
    size: str
    decode: float
    detect: float
    analyze: float | None
    total: float


def twelve_megapixel_jpeg() -> bytes:
    """``cc0_zoom_30cm.jpg`` upscaled to 3000×4000 and encoded at JPEG quality 92, in memory."""
    (src,) = face_paths(["cc0_zoom_30cm.jpg"])
    with Image.open(src) as img:
        rgb = img.convert("RGB")
    size = (3000, 4000) if rgb.height >= rgb.width else (4000, 3000)
    buf = io.BytesIO()
    rgb.resize(size, Image.Resampling.BICUBIC).save(buf, "JPEG", quality=92)
    return buf.getvalue()


def time_photo(name: str, data: bytes, runs: int = N_RUNS) -> Timing:
    """Median per-stage times of one encoded photo over ``runs`` runs after one warm-up."""
    stages: dict[str, list[float]] = {"decode": [], "detect": [], "analyze": [], "total": []}
    size = "?"
    for i in range(runs + 1):
        t0 = time.perf_counter()
        photo = viz.load_photo(data)
        t1 = time.perf_counter()
        face = viz.detect_face(photo)
        t2 = time.perf_counter()
        if face is not None:
            viz.analyze(face)
        t3 = time.perf_counter()
        size = f"{photo.original_size[0]}x{photo.original_size[1]}"
        if i == 0:  # warm-up
            continue
        stages["decode"].append(t1 - t0)
        stages["detect"].append(t2 - t1)
        if face is not None:
            stages["analyze"].append(t3 - t2)
        stages["total"].append(t3 - t0)

    def med(key: str) -> float:
        return 1000.0 * statistics.median(stages[key])

    return Timing(
        name=name,
        size=size,
        decode=med("decode"),
        detect=med("detect"),
        analyze=med("analyze") if stages["analyze"] else None,
        total=med("total"),
    )


def main() -> int:
    """Time every photo, print the table and the two verdicts; exit 1 when a target fails."""
    paths = face_paths()
    silence_native_logs()
    inputs = [(p.name, p.read_bytes()) for p in paths]
    inputs.append((BIG_NAME, twelve_megapixel_jpeg()))
    print(f"Per-stage median time, ms (N={N_RUNS} runs after 1 warm-up; decode from bytes in memory)")
    timings = []
    for name, data in inputs:
        timings.append(time_photo(name, data))
    rows = [
        [
            t.name,
            t.size,
            fmt(t.decode, 1),
            fmt(t.detect, 1),
            "no face" if t.analyze is None else fmt(t.analyze, 1),
            fmt(t.total, 1),
        ]
        for t in timings
    ]
    print_table("Speed (median ms)", ["photo", "size", "decode", "detect", "analyze", "total"], rows)

    print("\nVerdicts")
    big = timings[-1]
    frl = [t for t in timings if t.name.startswith("frl_london_")]
    ok = verdict("12 MP JPEG end to end <= 150 ms median", big.total <= TARGET_12MP_MS, f"{big.total:.1f} ms")
    if frl:
        worst = max(frl, key=lambda t: t.total)
        ok &= verdict(
            "1350 px photo (frl_london_*) end to end <= 80 ms median",
            worst.total <= TARGET_1350_MS,
            f"slowest {worst.total:.1f} ms ({worst.name}); median of the {len(frl)} photos {statistics.median(t.total for t in frl):.1f} ms",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
