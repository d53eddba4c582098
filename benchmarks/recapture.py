"""Real re-captures of one person: the spread of every measure, and the Visits page's false changes.

``cc0_lisa_lisa1-4`` (one person at other sizes, positions and a 19° roll) and ``cc0_zoom_30/45/60cm``
(another person at three distances) are photos of unchanged faces. For each measure the script prints
the pooled standard deviation over both sets (the figure ``viz.asymmetry.RECAPTURE_SD`` holds, so a
stated uncertainty includes what changes between two photos of one face), the median stated
uncertainty, and for every pair of photos of one person the largest change in combined uncertainties
(Visits calls a change real beyond ``viz.visits.CHANGE_COVERAGE`` of them).

Usage: ``python benchmarks/recapture.py``
"""

from __future__ import annotations

import itertools
import math
import sys

import numpy as np
from _common import face_paths, fmt, print_table, verdict

import viz
from viz.asymmetry import RECAPTURE_INDEX_SD, RECAPTURE_SD
from viz.landmarks import silence_native_logs
from viz.visits import CHANGE_COVERAGE, compare
from viz.vocabulary import MEASURE_IDS

SETS = {
    "lisa": ("cc0_lisa_lisa1.jpg", "cc0_lisa_lisa2.jpg", "cc0_lisa_lisa3.jpg", "cc0_lisa_lisa4.jpg"),
    "zoom": ("cc0_zoom_30cm.jpg", "cc0_zoom_45cm.jpg", "cc0_zoom_60cm.jpg"),
}


def main() -> int:
    silence_native_logs()
    faces = {}
    for names in SETS.values():
        for path in face_paths(names):
            face = viz.detect_face(viz.load_photo(path))
            if face is None:
                sys.exit(f"no face in {path.name}")
            faces[path.name] = face
    reports = {name: viz.analyze(face) for name, face in faces.items()}
    rows = []
    for mid in MEASURE_IDS:
        if reports[next(iter(reports))].measures[mid].withheld is not None:
            rows.append([mid, "withheld", "-", "-", "-"])
            continue
        sum_sq, dof = 0.0, 0
        for names in SETS.values():
            x = np.array([reports[n].measures[mid].value for n in names])
            sum_sq += float(np.sum((x - x.mean()) ** 2))
            dof += len(x) - 1
        pooled = math.sqrt(sum_sq / dof)
        stated = float(np.median([r.measures[mid].uncertainty for r in reports.values()]))
        rows.append([mid, fmt(pooled), fmt(RECAPTURE_SD[mid]), fmt(stated), str(dof)])
    sum_sq, dof = 0.0, 0
    for names in SETS.values():
        x = np.array([reports[n].index_mm for n in names])
        sum_sq += float(np.sum((x - x.mean()) ** 2))
        dof += len(x) - 1
    stated = float(np.median([r.index_uncertainty_mm for r in reports.values()]))
    rows.append(["asymmetry index", fmt(math.sqrt(sum_sq / dof)), fmt(RECAPTURE_INDEX_SD), fmt(stated), str(dof)])
    print_table("Spread over real re-captures (pooled SD; mm, degrees for tilts)", ["measure", "pooled SD", "RECAPTURE_SD", "median u", "dof"], rows)

    flagged = []
    worst: list[tuple[float, str, str, str]] = []
    for names in SETS.values():
        for a, b in itertools.combinations(names, 2):
            report = compare(faces[a], faces[b])
            for mid, change in report.changes.items():
                if change.withheld:
                    continue
                worst.append((abs(change.change) / change.uncertainty, a, b, mid))
                if change.beyond_uncertainty:
                    flagged.append(f"{a} vs {b}: {mid}")
    worst.sort(reverse=True)
    print_table(
        "Largest changes between re-captures, in combined uncertainties",
        ["ratio", "photos", "measure"],
        [[fmt(r), f"{a} vs {b}", m] for r, a, b, m in worst[:6]],
    )
    ok = verdict(
        f"Visits: no change beyond {CHANGE_COVERAGE:g} combined uncertainties between re-captures", not flagged, "; ".join(flagged) or f"0 of {len(worst)}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
