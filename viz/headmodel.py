"""A symmetric head seen at a given head turn and nod: what pose alone does to a photo's landmarks.

MediaPipe's canonical face model is a perfectly symmetric average face in three dimensions. Rotated
by a yaw (turn) and a pitch (nod) and projected onto the image, it shows what the pose alone does to
every measure: a turned head shows one cheek wider than the other, the nose off the midline, the
brow tail on the near side higher. Measured on the rendered landmarks, these biases are subtracted
from a real face's measures (:func:`viz.asymmetry.analyze`), and their slope per degree turns the
pose's own uncertainty into each measure's.

The projection is orthographic (a camera at arm's length or further); the model is scaled so that
its iris is 48 pixels wide. The pose follows :class:`viz.landmarks.Pose`: ``yaw`` positive when the
face turns toward the subject's left, ``pitch`` positive when the chin lifts.

Examples
--------
>>> import numpy as np
>>> xy = render(0.0, 0.0)
>>> xy.shape, bool(np.allclose(render(10.0, 0.0)[:, 1], render(-10.0, 0.0)[:, 1]))
((478, 2), True)
"""

from __future__ import annotations

import functools
import math

import numpy as np
import numpy.typing as npt

from viz import anatomy

__all__ = ["MODEL_PX_PER_UNIT", "render", "render_depth", "rotation"]

#: Pixels per model unit of the rendering (the model's iris is then about 48 px wide).
MODEL_PX_PER_UNIT = 40.0
_CENTRE_PX = 500.0
_MODEL = np.asarray(anatomy.CANONICAL_XYZ, dtype=np.float64)


def rotation(yaw_deg: float, pitch_deg: float) -> npt.NDArray[np.float64]:
    """The model -> camera rotation ``(3, 3)`` of a head turned by ``yaw_deg`` and nodded by ``pitch_deg``.

    Model and camera axes: x toward the image's right, y up, z toward the camera. The signs follow
    :class:`viz.landmarks.Pose` (a positive yaw turns the face toward the subject's left, which is the
    image's right in an unmirrored photo; a positive pitch lifts the chin).
    """
    a, b = math.radians(-yaw_deg), math.radians(-pitch_deg)
    ry = np.array([[math.cos(a), 0.0, math.sin(a)], [0.0, 1.0, 0.0], [-math.sin(a), 0.0, math.cos(a)]])
    rx = np.array([[1.0, 0.0, 0.0], [0.0, math.cos(b), -math.sin(b)], [0.0, math.sin(b), math.cos(b)]])
    return np.asarray(ry @ rx, dtype=np.float64)


@functools.lru_cache(maxsize=256)
def _render(yaw_deg: float, pitch_deg: float) -> npt.NDArray[np.float64]:
    p = _MODEL @ rotation(yaw_deg, pitch_deg).T
    xy = np.column_stack([_CENTRE_PX + MODEL_PX_PER_UNIT * p[:, 0], _CENTRE_PX - MODEL_PX_PER_UNIT * p[:, 1]])
    xy.setflags(write=False)
    return xy


def render(yaw_deg: float, pitch_deg: float) -> npt.NDArray[np.float64]:
    """The symmetric model's 478 landmarks in image pixels ``(478, 2)`` (y downward), seen at a pose.

    Poses are rounded to 0.05°, well below what a photo can resolve, so repeated calls are cached.
    """
    return _render(round(yaw_deg * 20.0) / 20.0, round(pitch_deg * 20.0) / 20.0)


def render_depth(yaw_deg: float, pitch_deg: float) -> npt.NDArray[np.float64]:
    """The rendered landmarks' depth ``(478,)`` in pixels, as MediaPipe gives it (smaller is nearer the camera)."""
    p = _MODEL @ rotation(yaw_deg, pitch_deg).T
    return np.asarray(-MODEL_PX_PER_UNIT * p[:, 2], dtype=np.float64)
