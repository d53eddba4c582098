"""Landmark topology of the 478-point face mesh: mirror map, named groups and regions.

Sides are the subject's anatomical sides. In an unmirrored photo the subject's left appears on
the image's right. The mirror map comes from ``viz/_mirror_table.py``, generated from MediaPipe's
canonical face model by ``tools/gen_mirror_map.py``.

Examples
--------
>>> from viz import anatomy
>>> int(anatomy.MIRROR[anatomy.LEFT.mouth_corner]) == anatomy.RIGHT.mouth_corner
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from viz._mirror_table import CANONICAL_XYZ, MIDLINE, N_LANDMARKS, PAIRS
from viz._mirror_table import REGIONS as REGION_LANDMARKS

__all__ = [
    "CANONICAL_XYZ",
    "CHIN",
    "IRIS_PAIRS",
    "LEFT",
    "LIP_INNER",
    "LIP_MIDLINE",
    "MESH_PAIRS",
    "MIDLINE",
    "MIRROR",
    "NOSE_TIP",
    "N_LANDMARKS",
    "N_MESH",
    "PAIRS",
    "REGION_LANDMARKS",
    "REGION_NAMES",
    "RIGHT",
    "Side",
    "iris_width_px",
    "mirror_relabel",
]

#: Points of the face mesh proper; the iris model's ten points follow them (``N_MESH`` to ``N_LANDMARKS - 1``).
N_MESH = 468

#: ``MIRROR[i]`` is the index of landmark ``i``'s mirror partner (itself on the midline).
MIRROR: npt.NDArray[np.intp] = np.arange(N_LANDMARKS)
for _left, _right in PAIRS:
    MIRROR[_left], MIRROR[_right] = _right, _left
MIRROR.setflags(write=False)

#: Pairs of the iris model (centre and four rim points per eye).
IRIS_PAIRS: frozenset[tuple[int, int]] = frozenset(p for p in PAIRS if p[0] >= N_MESH)
#: The 220 pairs of the face mesh proper (no iris).
MESH_PAIRS: frozenset[tuple[int, int]] = frozenset(PAIRS) - IRIS_PAIRS

NOSE_TIP = 1
LIP_MIDLINE = (0, 17)  # upper and lower lip on the midline
LIP_INNER = (13, 14)  # the inner edges of the upper and lower lip on the midline (they meet when the mouth is closed)
CHIN = 152

#: Region name -> landmark indices (both sides and midline, no iris).
REGION_NAMES: tuple[str, ...] = ("brows", "eyes", "mouth", "nose", "jaw")
assert set(REGION_NAMES) == set(REGION_LANDMARKS)


@dataclass(frozen=True)
class Side:
    """Named landmarks of one side of the face (subject's anatomical side).

    Contours run from lateral to medial (brows, lids).
    """

    name: str
    brow_upper: tuple[int, ...]
    brow_lower: tuple[int, ...]
    lid_upper: tuple[int, ...]
    lid_lower: tuple[int, ...]
    eye_outer: int
    eye_inner: int
    iris_centre: int
    iris_rim: tuple[int, int, int, int]  # medial, upper, lateral, lower
    mouth_corner: int
    jaw: tuple[int, int, int]
    cheek: int

    @property
    def brow(self) -> frozenset[int]:
        """Every brow landmark of this side."""
        return frozenset(self.brow_upper) | frozenset(self.brow_lower)

    @property
    def eye(self) -> frozenset[int]:
        """Every lid landmark of this side, corners included."""
        return frozenset(self.lid_upper) | frozenset(self.lid_lower) | {self.eye_outer, self.eye_inner}


RIGHT = Side(
    name="right",
    brow_upper=(70, 63, 105, 66, 107),
    brow_lower=(46, 53, 52, 65, 55),
    lid_upper=(246, 161, 160, 159, 158, 157, 173),
    lid_lower=(7, 163, 144, 145, 153, 154, 155),
    eye_outer=33,
    eye_inner=133,
    iris_centre=468,
    iris_rim=(469, 470, 471, 472),
    mouth_corner=61,
    jaw=(172, 136, 58),
    cheek=234,
)


def _mirrored(side: Side, name: str) -> Side:
    def m(idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(int(MIRROR[i]) for i in idx)

    rim = m(side.iris_rim)
    return Side(
        name=name,
        brow_upper=m(side.brow_upper),
        brow_lower=m(side.brow_lower),
        lid_upper=m(side.lid_upper),
        lid_lower=m(side.lid_lower),
        eye_outer=int(MIRROR[side.eye_outer]),
        eye_inner=int(MIRROR[side.eye_inner]),
        iris_centre=int(MIRROR[side.iris_centre]),
        iris_rim=(rim[0], rim[1], rim[2], rim[3]),
        mouth_corner=int(MIRROR[side.mouth_corner]),
        jaw=(int(MIRROR[side.jaw[0]]), int(MIRROR[side.jaw[1]]), int(MIRROR[side.jaw[2]])),
        cheek=int(MIRROR[side.cheek]),
    )


LEFT = _mirrored(RIGHT, "left")


def mirror_relabel(xy: npt.NDArray[np.float64], width: float) -> npt.NDArray[np.float64]:
    """Landmarks of a horizontally flipped image, brought back to the original image.

    Parameters
    ----------
    xy : (478, k) ndarray
        Landmarks found on the flipped image, x in continuous pixel coordinates ``[0, width]``.
    width : float
        Image width in pixels.

    Returns
    -------
    (478, k) ndarray
        The same points in the unflipped image, each row relabelled to its mirror partner,
        so that row ``i`` estimates landmark ``i`` of the original image.
    """
    out = np.array(xy, dtype=np.float64, copy=True)
    out[:, 0] = width - out[:, 0]
    return out[MIRROR]


def iris_width_px(xy: npt.NDArray[np.float64]) -> float:
    """The two irises' mean width, rim to rim across (the scale's ruler: :data:`viz.landmarks.IRIS_DIAMETER_MM`), in the
    landmarks' units.

    Examples
    --------
    >>> xy = np.zeros((N_LANDMARKS, 2)); xy[LEFT.iris_rim[0], 0] = 12.0; xy[RIGHT.iris_rim[2], 0] = 10.0
    >>> iris_width_px(xy)
    11.0
    """
    return float(np.mean([np.linalg.norm(xy[s.iris_rim[0]] - xy[s.iris_rim[2]]) for s in (LEFT, RIGHT)]))
