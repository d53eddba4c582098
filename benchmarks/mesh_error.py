"""How far the face mesh alone is from the image evidence, for the measures the evidence refines.

Brow, lid and mouth-corner differences are refined by matching each feature against its mirrored partner, and the
nose's offset by matching it against its own mirror image
(:class:`viz.evidence.MirrorSampler`). When that match fails (hair, glasses, shadow, a faint brow head),
the measure rests on the mesh alone, which is less accurate than the refined value.
How much less is estimated here, from the engine alone (no hand-placed template is read): on every shared
rest photo, the correction the evidence makes to the mesh's
difference, ``analyze(face).value - analyze(face, refine=False).value``, where the match succeeds. Its root
mean square is the mesh's own error for that measure: ``viz.asymmetry.MESH_ONLY_SD`` holds these figures
and adds them to the uncertainty of a measure whose match failed.

The mouth corners have a second reading, used where the lip line is too unclear to follow and, with the lips apart,
beside it: the mouth's patch matched across the axis. In each of an analysis's three readings (landmarks as shown, direct-only, flip-only) of
every shared photo (rest and smiling) where both read, the root mean square of the patch's difference minus the lip
line's, with the lips together and apart, is printed next to ``viz.asymmetry.MOUTH_PATCH_SD``, which the patch's
reading carries.

Usage: ``python benchmarks/mesh_error.py``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from _common import FACES, fmt, print_table

import viz
from viz import asymmetry
from viz.asymmetry import MESH_ONLY_SD, MOUTH_PATCH_SD
from viz.evidence import MOUTH_ACROSS, MirrorSampler
from viz.landmarks import Face, silence_native_logs

#: The measures the image evidence refines (their match labels are their ids).
REFINED = (
    *("brow_inner_height", "brow_height", "brow_tail_height", "eye_opening", "mouth_corner_drop"),
    "nose_tip_offset",
)


def rest_photos() -> list[Path]:
    """Every shared rest photo: all but the smiling ones (``*_08``), the annotated set's photos included (only
    the photos: no template is read here)."""
    paths = sorted(FACES.glob("*.jpg")) + sorted(FACES.glob("*.png")) + sorted((FACES / "annotated").glob("*_03.jpg"))
    return [p for p in paths if not p.stem.endswith("_08")]


def smiling_photos() -> list[Path]:
    """Every shared smiling photo (``*_08``), the annotated set's included."""
    return sorted(FACES.glob("*_08.jpg")) + sorted((FACES / "annotated").glob("*_08.jpg"))


def detected(paths: list[Path]) -> dict[Path, Face]:
    """Each photo's face, detected once for both tables (photos without one are left out)."""
    faces = {}
    for path in paths:
        face = viz.detect_face(viz.load_photo(path.read_bytes()))
        if face is not None:
            faces[path] = face
    return faces


def main() -> int:
    """Print each refined measure's correction RMS next to the constant the engine uses."""
    silence_native_logs()
    photos = rest_photos()
    if not photos:
        sys.exit(f"No shared rest photos under {FACES}.")
    faces = detected([*photos, *smiling_photos()])
    corrections: dict[str, list[float]] = {m: [] for m in REFINED}
    missed: dict[str, int] = dict.fromkeys(REFINED, 0)
    # What failed in each photo's main pass: analyze() measures twice more (direct-only and flip-only landmarks,
    # for the flip term of the uncertainty) with the same sampler, and misses there do not change the value shown.
    passes: list[frozenset[str]] = []
    original = asymmetry._measure_all

    def record(uv: object, sampler: MirrorSampler | None) -> object:
        out = original(uv, sampler)  # type: ignore[arg-type]
        passes.append(sampler.missed if sampler is not None else frozenset())
        return out

    asymmetry._measure_all = record  # type: ignore[assignment]
    rest = [faces[path] for path in photos if path in faces]
    for face in rest:
        passes.clear()
        refined = viz.analyze(face)
        failed = passes[0]
        plain = viz.analyze(face, refine=False)
        for mid in REFINED:
            if mid in failed:
                missed[mid] += 1
            else:
                corrections[mid].append(refined.measures[mid].value - plain.measures[mid].value)
    asymmetry._measure_all = original  # type: ignore[assignment]
    rows = []
    for mid in REFINED:
        c = corrections[mid]
        rms = math.sqrt(sum(x * x for x in c) / len(c)) if c else math.nan
        rows.append([mid, len(c), missed[mid], fmt(rms, 2), fmt(MESH_ONLY_SD[mid], 2)])
    print(f"{len(rest)} shared rest photos")
    print_table(
        "Correction the image evidence makes to the mesh's difference, mm",
        ["measure", "matched", "mesh only", "RMS correction", "MESH_ONLY_SD"],
        rows,
    )
    mouth_patch_offsets(list(faces.values()))
    return 0


def mouth_patch_offsets(faces: list[Face]) -> None:
    """Print the mouth patch's offset from the lip line (RMS, mm) in every reading of ``faces`` where both read, lips together and apart."""
    seen: list[tuple[bool, float | None, float | None]] = []
    original = MirrorSampler.lip_line_dv

    def both(self: MirrorSampler, left_mm: Any, right_mm: Any, *, apart: bool = False) -> float | None:
        line = original(self, left_mm, right_mm, apart=apart)
        shift = self.register(left_mm, right_mm, MOUTH_ACROSS, "mouth_patch_probe", warn=False)  # a label no measure reads
        seen.append((apart, line, None if shift is None else float(left_mm[1] - right_mm[1] + shift[1])))
        return line

    MirrorSampler.lip_line_dv = both  # type: ignore[method-assign]
    offsets: dict[bool, list[float]] = {False: [], True: []}
    photos: dict[bool, int] = {False: 0, True: 0}
    try:
        for face in faces:
            seen.clear()
            viz.analyze(face)
            read = [(apart, patch - line) for apart, line, patch in seen if line is not None and patch is not None]
            for apart, offset in read:  # all three readings, as a match's own doubt is taken from all three
                offsets[apart].append(offset)
            for apart in {apart for apart, _ in read}:
                photos[apart] += 1
    finally:
        MirrorSampler.lip_line_dv = original  # type: ignore[method-assign]
    rows = []
    for apart, d in offsets.items():
        rms = math.sqrt(sum(x * x for x in d) / len(d)) if d else math.nan
        rows.append(["apart" if apart else "together", len(d), photos[apart], fmt(rms, 2), fmt(MOUTH_PATCH_SD[apart], 2)])
    print_table(
        "Mouth corners: the patch's difference minus the lip line's where both read, rest and smiling photos, mm",
        ["lips", "readings", "photos", "RMS offset", "MOUTH_PATCH_SD"],
        rows,
    )


if __name__ == "__main__":
    sys.exit(main())
