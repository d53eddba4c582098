"""Build time of the PDF consult report and checklist, on a 12-megapixel photo.

What is measured
----------------
The photo is made in memory as in ``benchmarks/speed.py`` (``cc0_zoom_30cm.jpg`` upscaled to 3000×4000,
JPEG quality 92), decoded, detected and analysed once (the app caches those), then for each case the
median over ``N`` runs after one warm-up of:

- ``analysis``: :func:`viz.report.consult_pdf` of the analysis, the mirrored views made inside the call;
- ``analysis, views given``: the same with the views passed in, as the app does (it caches them);
- ``with a preview``: a two-muscle plan on day 21 added (the simulation itself made beforehand);
- ``with two visits``: the 12 MP photo against ``cc0_zoom_45cm.jpg`` (the comparison made beforehand);
- ``checklist``: :func:`viz.report.checklist_pdf` with three lines of notes.

The first call in a process also imports ReportLab and matplotlib and registers the fonts; that cold
start is printed on its own. Nothing is written to disk.

Target
------
Issue 12: the report of a 12 MP photo builds in 2 s or less.

Run with ``python benchmarks/report.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from _common import face_paths, print_table, verdict
from speed import twelve_megapixel_jpeg

import viz
from viz.landmarks import silence_native_logs

N_RUNS = 5
TARGET_S = 2.0


def median_s(build: Callable[[], bytes], runs: int = N_RUNS) -> tuple[float, int]:
    """Median seconds of ``build()`` over ``runs`` runs after one warm-up, and the size of its output in bytes."""
    size = len(build())
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> int:
    """Time each case, print the table and the verdict; exit 1 when the target fails."""
    silence_native_logs()
    data = twelve_megapixel_jpeg()
    photo = viz.load_photo(data)
    face = viz.detect_face(photo)
    if face is None:
        sys.exit("No face found in the 12 MP photo.")
    report = viz.analyze(face)

    start = time.perf_counter()
    from viz import content, mirror, visits
    from viz.report import checklist_pdf, consult_pdf

    library = content.load()
    consult_pdf(report, library=library)
    cold = time.perf_counter() - start

    views = mirror.mirror_views(report)
    plan = [viz.Relaxation("depressor_anguli_oris", "right", 1.0), viz.Relaxation("frontalis", "left", 2 / 3)]
    preview = viz.relax(photo, face, plan, 21, report=report, library=library)
    (other_path,) = face_paths(["cc0_zoom_45cm.jpg"])
    other = viz.detect_face(viz.load_photo(other_path.read_bytes()))
    if other is None:
        sys.exit("No face found in cc0_zoom_45cm.jpg.")
    compared = visits.compare(other, face)
    checklist = library.topics["consult_checklist"]

    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("analysis", lambda: consult_pdf(report, library=library)),
        ("analysis, views given", lambda: consult_pdf(report, views=views, library=library)),
        ("with a preview", lambda: consult_pdf(report, views=views, preview=preview, library=library)),
        ("with two visits", lambda: consult_pdf(compared.after, compare=compared, library=library)),
        ("checklist", lambda: checklist_pdf(checklist, library, "My question one\nMy question two\nMy question three")),
    ]
    w, h = photo.original_size
    print(f"PDF build time, 12 MP photo ({w}x{h}, working image {photo.rgb.shape[1]}x{photo.rgb.shape[0]}); median of {N_RUNS} runs after 1 warm-up")
    rows = []
    results = {}
    for name, build in cases:
        seconds, size = median_s(build)
        results[name] = seconds
        rows.append([name, f"{seconds:.2f}", f"{size / 1024:.0f}"])
    print_table("Consult report", ["case", "seconds", "kB"], rows)
    print(f"\nCold start (first report in a process: imports, fonts, content): {cold:.2f} s")
    print("\nVerdict")
    worst = max(results[name] for name, _ in cases[:4])
    ok = verdict(f"12 MP consult report builds in <= {TARGET_S:g} s (slowest case)", worst <= TARGET_S, f"{worst:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
