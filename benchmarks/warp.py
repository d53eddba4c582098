"""Warp speed and memory for the preview (issue 5).

For a real face resized to 1024 and 2048 px on the long side, the preview's warp (landmark-driven
Gaussian-RBF field, coarse-grid inversion, one full-resolution remap) is timed over 15 runs after a
warm-up, for a strong lateral orbicularis oculi relaxation plus a masseter relaxation (the largest
moves in the catalogue). Peak extra memory is the rise of the process's peak resident set (VmHWM)
across the timed runs, measured in a fresh subprocess per size so earlier work does not hide it.

Targets (issue 5): 1024 px <= 40 ms, 2048 px <= 120 ms, peak extra memory <= 200 MB.

Run with ``python benchmarks/warp.py``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from _common import face_paths, print_table, verdict

TARGET_MS = {1024: 40.0, 2048: 120.0}
TARGET_MB = 200.0
PHOTO = "frl_london_005_03.jpg"


def _status_mb(key: str) -> float:
    """A memory figure of this process from /proc (``VmRSS``: now, ``VmHWM``: peak so far), MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def measure(size: int) -> dict[str, float]:
    """Time the warp at one size (run in its own process)."""
    import numpy as np
    from PIL import Image

    import viz
    from viz.content import load
    from viz.muscles import Relaxation, displacement_mm
    from viz.preview import WARP_REACH_MM
    from viz.warp import warp_by_landmarks

    img = Image.open(face_paths([PHOTO])[0]).convert("RGB")
    img = img.resize((size, size), Image.Resampling.BICUBIC)
    photo = viz.Photo.from_array(np.asarray(img))
    face = viz.detect_face(photo)
    assert face is not None
    lib = load()
    frame = viz.fit_frame(face.xy_px, face.mm_per_px)
    uv = frame.to_mm(face.xy_px)
    d = np.zeros_like(uv)
    for r, day in ((Relaxation("orbicularis_oculi", "left", 1.0), 14.0), (Relaxation("masseter", "right", 1.0), 84.0)):
        d += displacement_mm(uv, r, lib.muscles[r.muscle], day, "high")
    xy = face.xy_px - 0.5
    disp = frame.to_px(uv + d) - face.xy_px
    sigma = WARP_REACH_MM / face.mm_per_px
    rgb = np.asarray(photo.rgb)
    resident = _status_mb("VmRSS")  # everything is loaded; the peak above this is the warp's own
    warp_by_landmarks(rgb, xy, disp, sigma_px=sigma)  # warm-up, and the peak-memory run
    extra = _status_mb("VmHWM") - resident
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        warp_by_landmarks(rgb, xy, disp, sigma_px=sigma)
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"median_ms": statistics.median(times), "extra_mb": max(extra, _status_mb("VmHWM") - resident)}


def main() -> int:
    face_paths([PHOTO])  # exits with a clear message when the photo is missing
    rows, ok = [], True
    for size in (1024, 2048):
        # a fresh process per size: its peak memory before the first warp is the baseline
        code = f"import sys, json; sys.path.insert(0, 'benchmarks'); import warp; print(json.dumps(warp.measure({size})))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        rows.append((f"{size} px", f"{r['median_ms']:.1f}", f"{r['extra_mb']:.0f}"))
        ok &= verdict(f"warp {size} px <= {TARGET_MS[size]:.0f} ms median", r["median_ms"] <= TARGET_MS[size], f"{r['median_ms']:.1f} ms")
        ok &= verdict(f"warp {size} px peak extra memory <= {TARGET_MB:.0f} MB", r["extra_mb"] <= TARGET_MB, f"{r['extra_mb']:.0f} MB")
    print_table("Preview warp (15 runs after a warm-up)", ("image", "median ms", "peak extra MB"), rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
