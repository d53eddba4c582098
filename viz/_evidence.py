"""Image evidence shared by the measures: patches sampled on a millimetre grid and matched by correlation.

Face Mesh landmarks follow only part of a local move (DESIGN §3); both the asymmetry measures (a feature
against its mirrored partner) and the movement measures (a feature at rest against itself in an
expression) correct them by matching small patches of the photo, sampled in face-frame millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from viz.landmarks import Face

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: Sampling step of the patches, mm: coarser than most photos' pixels, so results do not depend on resolution.
STEP_MM = 0.2
#: A match whose best normalised correlation is below this is not trusted.
MIN_SCORE = 0.35


@dataclass(frozen=True)
class Patch:
    """A feature's patch (width x height, mm) and how far its match is searched each way (mm)."""

    width_mm: float
    height_mm: float
    search_u_mm: float
    search_v_mm: float

    @property
    def search_size(self) -> tuple[float, float]:
        """Width and height of the area searched, mm."""
        return self.width_mm + 2.0 * self.search_u_mm, self.height_mm + 2.0 * self.search_v_mm


class Grey:
    """A photo's grey image, anti-aliased for sampling at :data:`STEP_MM`.

    Parameters
    ----------
    face : Face
        The face whose photo is sampled.
    mm_per_px : float
        Millimetres per original-photo pixel of the frame the patches are taken in.
    """

    def __init__(self, face: Face, mm_per_px: float) -> None:
        grey = np.asarray(cv2.cvtColor(np.ascontiguousarray(face.photo.rgb), cv2.COLOR_RGB2GRAY), dtype=np.float32)
        sigma = 0.5 * STEP_MM / (mm_per_px * face.photo.scale)
        if sigma > 0.3:
            grey = np.asarray(cv2.GaussianBlur(grey, (0, 0), sigma), dtype=np.float32)
        self._grey = grey
        self._scale = face.photo.scale

    def patch(self, mm_to_px: F64, centre_mm: F64, width_mm: float, height_mm: float) -> F32:
        """Sample a ``height x width`` patch, rows downward, through an affine map face-mm -> original px ``(2, 3)``."""
        nw = round(width_mm / STEP_MM) | 1
        nh = round(height_mm / STEP_MM) | 1
        u0 = float(centre_mm[0]) - (nw - 1) / 2.0 * STEP_MM
        v0 = float(centre_mm[1]) + (nh - 1) / 2.0 * STEP_MM
        col = mm_to_px[:, 0] * STEP_MM
        row = -mm_to_px[:, 1] * STEP_MM
        start = mm_to_px[:, :2] @ np.array([u0, v0]) + mm_to_px[:, 2]
        m = np.column_stack([col, row, start]) / self._scale
        m[:, 2] -= 0.5  # continuous coordinates -> pixel centres
        out = cv2.warpAffine(self._grey, m, (nw, nh), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
        return np.asarray(out, dtype=np.float32)


def frame_map(origin_px: F64, left: F64, up: F64, mm_per_px: float, *, mirror: bool = False) -> F64:
    """Affine map ``(2, 3)``: face-frame mm ``(u, v)`` -> photo pixels; ``mirror`` reads ``(-u, v)`` instead."""
    k = 1.0 / mm_per_px
    sign = -1.0 if mirror else 1.0
    return np.column_stack([sign * left * k, up * k, origin_px])


def match(search: F32, template: F32) -> tuple[F64, float] | None:
    """Where ``template`` best matches inside ``search``: offset ``(du, dv)`` mm from the centre (v upward) and its score.

    None when the template has no texture, the best correlation is below :data:`MIN_SCORE`, or the
    best match sits on the edge of the search range (not a real optimum).
    """
    if float(template.std()) < 1.0:
        return None
    score = cv2.matchTemplate(search, template, cv2.TM_CCOEFF_NORMED)
    _mn, best, _lmin, (bx, by) = cv2.minMaxLoc(score)
    h, w = score.shape
    if best < MIN_SCORE or (w > 1 and not 0 < bx < w - 1) or (h > 1 and not 0 < by < h - 1):
        return None

    def sub(c: int, a: float, b: float) -> float:
        den = a - 2.0 * best + b
        return c + (0.5 * (a - b) / den if den < -1e-9 else 0.0)

    dx = sub(bx, score[by, bx - 1], score[by, bx + 1]) if w > 1 else 0.0
    dy = sub(by, score[by - 1, bx], score[by + 1, bx]) if h > 1 else 0.0
    return np.array([(dx - (w - 1) / 2.0) * STEP_MM, -(dy - (h - 1) / 2.0) * STEP_MM]), float(best)


def contour_v(uv: F64, idx: tuple[int, ...], u: float) -> float:
    """Height ``v`` of a contour (landmark indices, face mm) at horizontal position ``u``: linear between and beyond."""
    pts = uv[list(idx)]
    order = np.argsort(pts[:, 0])
    us, vs = pts[order, 0], pts[order, 1]
    if u <= us[0]:
        return float(vs[0] + (u - us[0]) * (vs[1] - vs[0]) / max(us[1] - us[0], 1e-9))
    if u >= us[-1]:
        return float(vs[-1] + (u - us[-1]) * (vs[-1] - vs[-2]) / max(us[-1] - us[-2], 1e-9))
    return float(np.interp(u, us, vs))
