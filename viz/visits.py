"""Visits: two rest photos of the same person from different days, measure by measure.

Both photos are analysed on their own (:func:`viz.analyze`, each in its own face frame and iris
calibration, so head tilt and distance do not enter), and every measure's change is compared with the
two measurements' combined uncertainty ``sqrt(u_before² + u_after²)``: only a change beyond three of them
(:data:`CHANGE_COVERAGE`) is called beyond the uncertainty. The after photo is also lined up with the before photo on the landmarks that
barely move (:func:`viz.align.align`), for side-by-side views and blinks
(:func:`viz.align.aligned_image`), and an identity check compares the two landmark configurations.

The identity check is coarse: landmark shapes from one photo separate people only partly. After a
three-dimensional similarity fit on the eye and nose landmarks (the regions neuromodulators do not
move), the RMS distance between the two configurations, as a fraction of the inter-iris distance, was
at most 0.0136 between photos of the same person on the shared test photos (lisa 1-4 and zoom 30, 45
and 60 cm, 21 pairs, with head roll up to 19° and face widths from 186 to 505 px) and had a median of
0.025 between different people; the warning threshold, :data:`IDENTITY_THRESHOLD`, sits just above the
same-person maximum and catches most, not all, different people (benchmarks/dynamics.py prints the
table). A smile or other expression in one photo also raises the distance.

Examples
--------
>>> import viz
>>> from viz.visits import compare
>>> before = viz.detect_face(viz.load_photo("before.jpg"))  # doctest: +SKIP
>>> after = viz.detect_face(viz.load_photo("after.jpg"))  # doctest: +SKIP
>>> compare(before, after).to_dict()["changes"]["brow_height"]  # doctest: +SKIP
{'change_mm': 0.4, 'uncertainty_mm': 0.35, 'beyond_uncertainty': True}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from viz.align import Alignment, align
from viz.anatomy import LEFT, N_MESH, REGION_LANDMARKS, RIGHT
from viz.asymmetry import MEASURE_IDS, AsymmetryReport, analyze
from viz.landmarks import POSE_CHANGE_LIMIT_DEG, Face

__all__ = ["CHANGE_COVERAGE", "IDENTITY_POINTS", "IDENTITY_THRESHOLD", "Change", "CompareReport", "compare", "identity_distance"]

SCHEMA = "viz.compare/1"
#: Landmarks of the identity check: the eye and nose regions of the mesh (not moved by neuromodulators).
IDENTITY_POINTS: tuple[int, ...] = tuple(sorted(i for i in set(REGION_LANDMARKS["eyes"]) | set(REGION_LANDMARKS["nose"]) if i < N_MESH))
#: Landmark configurations further apart than this (RMS, fraction of the inter-iris distance) are
#: unlikely to be the same person's. Calibrated on the shared photos: same person at most 0.0136
#: (21 pairs), different people median 0.025 (see the module notes).
IDENTITY_THRESHOLD = 0.015
#: A change counts only beyond this many combined standard uncertainties. Each measure's uncertainty holds
#: the spread of real re-captures of one person, so at one uncertainty a third of the measures of two photos
#: of an unchanged face would "change"; at three, fewer than 1 in 100 do, while a 2 mm brow change still
#: shows (a brow measure's combined uncertainty is about 0.6 mm).
CHANGE_COVERAGE = 3.0


def identity_distance(a: Face, b: Face) -> float:
    """How far apart two faces' landmark configurations are, as a fraction of ``a``'s inter-iris distance.

    ``b`` is fitted onto ``a`` by a similarity in three dimensions on :data:`IDENTITY_POINTS`, and the RMS
    in-plane distance over those points is divided by the distance between ``a``'s iris centres.

    Parameters
    ----------
    a, b : Face

    Returns
    -------
    float
        0 for identical configurations; about 0.005-0.014 between photos of one person, about 0.025 between
        different people (median on the shared photos).
    """
    fit = align(b, a, points=IDENTITY_POINTS)
    idx = list(IDENTITY_POINTS)
    diff = fit.apply(b)[idx] - a.xy_px[idx]
    iod = float(np.linalg.norm(a.xy_px[LEFT.iris_centre] - a.xy_px[RIGHT.iris_centre]))
    return float(np.sqrt(np.mean(np.sum(diff**2, axis=1)))) / max(iod, 1e-9)


@dataclass(frozen=True)
class Change:
    """One measure before and after.

    Attributes
    ----------
    id : str
        A measure id of :data:`viz.MEASURE_IDS`.
    unit : str
        ``"mm"`` or ``"°"``.
    before, after : float
        The measure's value (difference, offset or tilt) in each photo.
    uncertainty : float
        Combined standard uncertainty ``sqrt(u_before² + u_after²)``.
    withheld : bool
        The measure is not taken from one photo (:data:`viz.asymmetry.WITHHELD`): no change is read.
    """

    id: str
    unit: str
    before: float
    after: float
    uncertainty: float
    withheld: bool = False

    def __post_init__(self) -> None:
        for name in ("before", "after", "uncertainty"):  # plain floats, whatever NumPy scalar came in
            object.__setattr__(self, name, float(getattr(self, name)))

    @property
    def change(self) -> float:
        """``after - before``."""
        return self.after - self.before

    @property
    def beyond_uncertainty(self) -> bool:
        """The change is larger than :data:`CHANGE_COVERAGE` times the two measurements' combined uncertainty."""
        return bool(not self.withheld and abs(self.change) > CHANGE_COVERAGE * self.uncertainty)

    def to_dict(self) -> dict[str, Any]:
        """The measure's object of ``changes`` in the ``viz.compare/1`` output (numbers ``null`` when withheld)."""
        suffix = "mm" if self.unit == "mm" else "deg"
        return {
            f"change_{suffix}": None if self.withheld else round(self.change, 2),
            f"uncertainty_{suffix}": None if self.withheld else round(self.uncertainty, 2),
            "beyond_uncertainty": self.beyond_uncertainty,
        }


@dataclass(frozen=True, eq=False)
class CompareReport:
    """Everything :func:`compare` found.

    Attributes
    ----------
    before, after : AsymmetryReport
    alignment : Alignment
        Maps the after face onto the before face (for :func:`viz.dynamics.aligned_image`).
    changes : mapping of str to Change
        Keyed by :data:`viz.MEASURE_IDS`.
    identity_distance : float
        See :func:`identity_distance`.
    warnings : tuple of str
    """

    before: AsymmetryReport
    after: AsymmetryReport
    alignment: Alignment
    changes: Mapping[str, Change]
    identity_distance: float
    warnings: tuple[str, ...] = ()

    @property
    def same_person(self) -> bool:
        """The landmark configurations are as close as the same person's photos usually are."""
        return bool(self.identity_distance <= IDENTITY_THRESHOLD)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``python -m viz compare --json`` object (schema ``viz.compare/1``)."""
        return {
            "schema": SCHEMA,
            "before": self.before.to_dict()["measures"],
            "after": self.after.to_dict()["measures"],
            "changes": {k: c.to_dict() for k, c in self.changes.items()},
            "warnings": list(self.warnings),
        }


def compare(before: Face, after: Face, *, mirrored: bool = False) -> CompareReport:
    """Compare two rest photos of one person, measure by measure.

    Parameters
    ----------
    before, after : Face
        From :func:`viz.detect_face`; relaxed, neutral faces.
    mirrored : bool, optional
        Both photos are mirrored selfies: left and right labels are swapped before measuring.

    Returns
    -------
    CompareReport
        ``report.to_dict()`` is the ``compare --json`` object.
    """
    rep_b = analyze(before, mirrored=mirrored)
    rep_a = analyze(after, mirrored=mirrored)
    fb, fa = rep_b.face, rep_a.face
    changes = {}
    for mid in MEASURE_IDS:
        mb, ma = rep_b.measures[mid], rep_a.measures[mid]
        withheld = mb.withheld is not None or ma.withheld is not None
        changes[mid] = Change(mid, mb.unit, mb.value, ma.value, math.hypot(mb.uncertainty, ma.uncertainty), withheld)
    distance = identity_distance(fb, fa)
    warnings = [f"Before photo: {w}" for w in rep_b.warnings] + [f"After photo: {w}" for w in rep_a.warnings]
    if distance > IDENTITY_THRESHOLD:
        warnings.append("The two photos' face shapes differ more than one person's photos usually do: check both show the same person with a relaxed face.")
    dyaw, dpitch = fa.pose.yaw - fb.pose.yaw, fa.pose.pitch - fb.pose.pitch
    if max(abs(dyaw), abs(dpitch)) > POSE_CHANGE_LIMIT_DEG:
        warnings.append(
            f"The head is turned or tilted differently in the two photos ({max(abs(dyaw), abs(dpitch)):.0f}°): "
            "take both facing the camera straight on, at eye level."
        )
    return CompareReport(
        before=rep_b,
        after=rep_a,
        alignment=align(fa, fb),
        changes=MappingProxyType(changes),
        identity_distance=distance,
        warnings=tuple(dict.fromkeys(warnings)),
    )
