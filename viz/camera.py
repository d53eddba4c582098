"""Where the camera pointed: a face away from the middle of a close photo is seen obliquely.

A phone's lens is wide, and a selfie is taken from about arm's length. A face away from the middle of such a photo
lies off the lens's axis, and the picture of it is stretched unevenly: the side of the face nearer the photo's edge is
drawn a few percent larger than the other, as when a poster is photographed from one side. Turning the camera alone
(about its own centre) changes the picture of the face by a projective transform and nothing else, so the effect is
known exactly once the lens's focal length is: measured on frontal London Set faces seen with the camera turned so the
face lands 10° from the axis, a focal length equal to the photo's width (a face at about 40 cm), the mouth-corner drop
moved 1.2-1.7 mm, the brow tail 0.8-1.2 mm and the mouth tilt 1.0-1.5°, with no change to the face
(``benchmarks/off_axis.py``).

:func:`off_axis` says where the face lies from the lens's axis, and how far the camera was, from the photo's size, the
focal length its EXIF data gives (``FocalLengthIn35mmFilm``) and the face's iris scale. The measures subtract what
this view does to the symmetric head model (:mod:`viz.headmodel`), as they do for the head's turn
(:func:`viz.asymmetry.analyze`). MediaPipe also reads such a face as turned toward the photo's edge, by about
:data:`TURN_READ_MM` / distance degrees per degree off the axis (1.6-2.2° at 10° and 40 cm on the faces above), which
is taken off the turn before it is corrected for.

Two photos of one face compared (:func:`viz.movement.measure_dynamics`) are compared as the camera turned toward each
face would show them (:func:`straightening`), with MediaPipe's depth levelled (:meth:`OffAxis.depth_slope`).

A photo without a focal length (a camera in the browser gives none, and most shared or edited photos lose their EXIF
data) is taken as shot with a phone's camera (:data:`ASSUMED_FOCAL_35MM`). The effect grows as the square of the
lens's width, so a 20 mm lens shows 1.44 times as much of it and a portrait lens almost none:
:data:`UNKNOWN_FOCAL_SHARE` of the correction for 24 mm is made, and as much is part of each measure's uncertainty
(:data:`KNOWN_FOCAL_DOUBT` of the whole correction where the focal length is known).

A photo cut from a larger one since it was taken (:attr:`viz.Photo.cut`: a crop around the face, or out of a group
photo) no longer has the lens's axis at its middle, and nothing says where it was: the face may have been in the
middle of the photo as taken or near its edge. Its view is not corrected for; what the view would do to a face where
it lies in the cut photo is in each measure's uncertainty in full (:data:`CUT_DOUBT`). On 26 cuts of 13 London Set
faces that were in the middle as taken, each just past the face on one side, correcting as for a whole photo moved the
mouth-corner drop 1.85 mm RMS; not corrected, 0.27 mm, beside a median ± of 2.7 (``benchmarks/off_axis.py``,
"cropped").

Examples
--------
>>> view = OffAxis(tx=0.0, ty=0.0, distance_mm=400.0, focal_known=False)
>>> view.centred, view.share
(True, 0.72)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from viz.anatomy import LEFT, N_MESH, RIGHT

__all__ = [
    "ASSUMED_FOCAL_35MM",
    "CUT_DOUBT",
    "DEPTH_TILT_MM",
    "KNOWN_FOCAL_DOUBT",
    "TURN_READ_MM",
    "UNKNOWN_FOCAL_SHARE",
    "OffAxis",
    "aim",
    "aimed_point",
    "off_axis",
    "projected",
    "straightening",
    "turned",
    "view_obliquely",
]

#: The diagonal of a 35 mm film frame (36 × 24 mm), mm: a "35 mm equivalent" focal length is to it as the lens's focal
#: length in pixels is to the photo's diagonal in pixels.
FULL_FRAME_DIAGONAL_MM = math.hypot(36.0, 24.0)
#: The focal length, in 35 mm terms, a photo without one in its EXIF data is taken as shot with: a phone's front camera
#: (22-26 mm; its main camera 24-28 mm) takes most selfies, and a laptop's camera is as wide.
ASSUMED_FOCAL_35MM = 24.0
#: Where the focal length is known, the correction's own error as a share of it: the head model's prediction of what
#: the view does, against the measured change on the faces of the module notes (within 10 % for the mouth corners and
#: the brow, up to a third for the inner brow and the eye opening), taken at a fifth.
KNOWN_FOCAL_DOUBT = 0.2
#: Without a focal length, the share of the correction for :data:`ASSUMED_FOCAL_35MM` made, and the share of it left in
#: the uncertainty: the effect of any lens from 20 mm ((24/20)² = 1.44 times the assumed one's) to a long portrait lens
#: (none) lies within one uncertainty of the measure.
UNKNOWN_FOCAL_SHARE = 0.72
#: For a photo cut since it was taken, the share of what the view would do to the face where it lies in the cut photo
#: that is in the measures' uncertainty (none of it is corrected for): the face was off the axis that far, or not at
#: all, or further (:attr:`OffAxis.axis_known`).
CUT_DOUBT = 1.0
#: MediaPipe reads a frontal face lying ``a`` degrees off the lens's axis, ``d`` mm from the camera, as turned about
#: ``TURN_READ_MM * a / d`` degrees toward the photo's edge (yaw), which the turn's correction would otherwise take as
#: real: 62-89 mm on three London Set faces seen 10-15° off the axis at 26-43 cm. The nod (pitch) reads about half as
#: much (26-58 mm) for a face above or below the middle.
TURN_READ_MM = (72.0, 37.0)
#: MediaPipe's relative depth of a frontal face lying ``a`` degrees off the lens's axis, ``d`` mm from the camera, slopes
#: across the face as a head's turned (x) and nodded (y) by ``DEPTH_TILT_MM * a / d`` degrees would, downhill toward
#: the photo's edge (:meth:`OffAxis.depth_slope`): measured 57-86 mm (x) and 63-65 mm (y) on three London Set faces
#: seen 10° off the axis at 40-65 cm (frl_london_005_03, 136_03, 061_08), the x as :data:`TURN_READ_MM`'s.
DEPTH_TILT_MM = (72.0, 64.0)
#: Off the axis by less than this (degrees, either way), the view's effect is left out: under 0.1 mm on every measure
#: at arm's length.
CENTRED_DEG = 0.5


@dataclass(frozen=True)
class OffAxis:
    """Where a face lies from the camera lens's axis.

    Attributes
    ----------
    tx, ty : float
        The tangents of the face's direction from the axis, toward the photo's right and down (:meth:`in_face_axes`: toward
        the subject's left and chin).
    distance_mm : float
        The camera's distance from the face (the focal length in pixels times the face's millimetres per pixel).
    focal_known : bool
        The focal length came from the photo's EXIF data; otherwise :data:`ASSUMED_FOCAL_35MM` was assumed.
    axis_known : bool
        The lens's axis is the middle of the whole photo; False for a photo cut since it was taken
        (:attr:`viz.Photo.cut`), where ``tx`` and ``ty`` say where the face lies from the cut photo's middle instead.
    """

    tx: float
    ty: float
    distance_mm: float
    focal_known: bool
    axis_known: bool = True

    @property
    def centred(self) -> bool:
        """Within :data:`CENTRED_DEG` of the axis both ways: nothing to correct."""
        return max(abs(self.tx), abs(self.ty)) < math.tan(math.radians(CENTRED_DEG))

    @property
    def share(self) -> float:
        """The share of the view's effect corrected for: all of it with a known focal length, :data:`UNKNOWN_FOCAL_SHARE`
        of it for :data:`ASSUMED_FOCAL_35MM` without, none where the axis is unknown."""
        if not self.axis_known:
            return 0.0
        return 1.0 if self.focal_known else UNKNOWN_FOCAL_SHARE

    @property
    def degrees(self) -> tuple[float, float]:
        """The face's direction from the axis, degrees toward the photo's right and down."""
        return math.degrees(math.atan(self.tx)), math.degrees(math.atan(self.ty))

    def turn_read_deg(self) -> tuple[float, float]:
        """How far MediaPipe reads the face as turned (yaw) and nodded (pitch) by this view alone, degrees, in the
        signs of :class:`viz.landmarks.Pose` for an unmirrored photo (a face right of the middle reads as turned toward
        the subject's left, which is the photo's right; a face below the middle as with the chin lifted)."""
        ax, ay = self.degrees
        return TURN_READ_MM[0] * ax / self.distance_mm, TURN_READ_MM[1] * ay / self.distance_mm

    def depth_slope(self) -> tuple[float, float]:
        """How much MediaPipe's relative depth of the face (:attr:`viz.Face.z_px`) rises per pixel across the photo,
        toward its right and down, from this view alone (:data:`DEPTH_TILT_MM`): what lining up two photos in three
        dimensions (:func:`viz.align.align`) would otherwise take for a turn of the head. Subtracted, with the
        landmarks :func:`straightening` turns, it leaves the face as seen on the axis.

        Examples
        --------
        >>> round(OffAxis(math.tan(math.radians(10.0)), 0.0, 400.0, True).depth_slope()[0], 4)  # 1.8° at 40 cm, falling rightward
        -0.0314
        """
        ax, ay = self.degrees
        return -math.tan(math.radians(DEPTH_TILT_MM[0] * ax / self.distance_mm)), -math.tan(math.radians(DEPTH_TILT_MM[1] * ay / self.distance_mm))

    @property
    def doubt_share(self) -> float:
        """The share of the view's whole effect in the measures' uncertainty: :data:`KNOWN_FOCAL_DOUBT` with a focal length,
        :data:`UNKNOWN_FOCAL_SHARE` without, :data:`CUT_DOUBT` where the axis is unknown."""
        if not self.axis_known:
            return CUT_DOUBT
        return KNOWN_FOCAL_DOUBT if self.focal_known else UNKNOWN_FOCAL_SHARE

    def in_face_axes(self, left: npt.ArrayLike, up: npt.ArrayLike) -> OffAxis:
        """The same view with ``tx`` toward the subject's left and ``ty`` toward the chin, given those directions in the
        photo (:attr:`viz.FaceFrame.left`, :attr:`viz.FaceFrame.up`): a face tilted in the photo, or one measured as a
        mirrored selfie, is off the axis in its own terms.

        Examples
        --------
        >>> OffAxis(0.2, 0.1, 400.0, True).in_face_axes((-1.0, 0.0), (0.0, -1.0))  # a mirrored selfie
        OffAxis(tx=-0.2, ty=0.1, distance_mm=400.0, focal_known=True, axis_known=True)
        """
        d = np.array([self.tx, self.ty])
        return OffAxis(float(d @ np.asarray(left)), -float(d @ np.asarray(up)), self.distance_mm, self.focal_known, self.axis_known)


def aimed_point(xy_px: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The point of a face whose direction from the lens is the face's (:func:`off_axis`), and about which the head
    model is seen obliquely (:func:`viz.asymmetry.analyze`): the midpoint of the iris centres.

    Examples
    --------
    >>> xy = np.zeros((478, 2)); xy[LEFT.iris_centre] = (10.0, 4.0); xy[RIGHT.iris_centre] = (30.0, 6.0)
    >>> aimed_point(xy).tolist()
    [20.0, 5.0]
    """
    return np.asarray((xy_px[LEFT.iris_centre] + xy_px[RIGHT.iris_centre]) / 2.0, dtype=np.float64)


def off_axis(
    xy_px: npt.NDArray[np.float64], mm_per_px: float, whole_size: tuple[int, int], origin: tuple[int, int], focal_35mm: float | None, cut: bool = False
) -> OffAxis:
    """Where a face lies from the lens's axis, taken through the middle of the whole photo.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        The face's landmarks in the photo's pixels (of a crop: the crop's).
    mm_per_px : float
        The face's scale (:attr:`viz.Face.mm_per_px`).
    whole_size, origin : tuple of int
        The whole file's ``(width, height)`` and where the photo lies in it (:attr:`viz.Photo.whole_size`,
        :attr:`viz.Photo.origin`), in the same pixels.
    focal_35mm : float or None
        The lens's focal length in 35 mm terms (:attr:`viz.Photo.focal_35mm`); None when unknown.
    cut : bool
        The photo was cut since it was taken (:attr:`viz.Photo.cut`): the axis is unknown. Its focal length, of the
        photo as taken, is taken against the cut photo's diagonal, which makes the view's effect no smaller than it was.

    Examples
    --------
    >>> xy = np.zeros((478, 2)); xy[:, 0] = 1500.0; xy[:, 1] = 1000.0
    >>> view = off_axis(xy, 0.2, (2000, 2000), (0, 0), None)
    >>> round(math.degrees(math.atan(view.tx)), 1), view.ty, round(view.distance_mm)
    (17.7, 0.0, 314)
    """
    w, h = whole_size
    known = focal_35mm is not None and focal_35mm > 0
    focal_px = (focal_35mm if known else ASSUMED_FOCAL_35MM) * math.hypot(w, h) / FULL_FRAME_DIAGONAL_MM  # type: ignore[operator]
    centre = aimed_point(xy_px) + np.asarray(origin, dtype=np.float64)
    return OffAxis(
        tx=float(centre[0] - w / 2.0) / focal_px,
        ty=float(centre[1] - h / 2.0) / focal_px,
        distance_mm=focal_px * mm_per_px,
        focal_known=bool(known),
        axis_known=not cut,
    )


def aim(tx: float, ty: float) -> npt.NDArray[np.float64]:
    """The rotation ``(3, 3)`` taking the lens's axis ``(0, 0, 1)`` onto the direction ``(tx, ty, 1)`` (x right, y down).

    Examples
    --------
    >>> bool(np.allclose(aim(0.5, -0.2) @ [0.0, 0.0, 1.0], np.array([0.5, -0.2, 1.0]) / np.sqrt(1.29)))
    True
    """
    d = np.array([tx, ty, 1.0]) / math.sqrt(tx * tx + ty * ty + 1.0)
    v = np.array([-d[1], d[0], 0.0])  # axis × d
    s, c = float(np.linalg.norm(v)), float(d[2])
    if s < 1e-12:
        return np.eye(3)
    vx = np.array([[0.0, -v[2], v[1]], [v[2], 0.0, -v[0]], [-v[1], v[0], 0.0]])
    return np.asarray(np.eye(3) + vx + vx @ vx * ((1.0 - c) / s**2), dtype=np.float64)


def turned(centre: npt.ArrayLike, focal_px: float, tx: float, ty: float) -> npt.NDArray[np.float64]:
    """The projective transform ``(3, 3)`` of a picture whose lens's axis meets it at ``centre``, taken again with the
    camera turned about its own centre so that the direction of that point lies ``(tx, ty)`` off the axis.

    Examples
    --------
    >>> h = turned((100.0, 50.0), 1000.0, 0.2, 0.0)
    >>> p = h @ [100.0, 50.0, 1.0]
    >>> (p[:2] / p[2]).round(6).tolist()  # the point on the axis lands 0.2 of the focal length to the right
    [300.0, 50.0]
    """
    cx, cy = np.asarray(centre, dtype=np.float64)
    k = np.array([[focal_px, 0.0, cx], [0.0, focal_px, cy], [0.0, 0.0, 1.0]])
    return np.asarray(k @ aim(tx, ty) @ np.linalg.inv(k), dtype=np.float64)


def view_obliquely(xy: npt.NDArray[np.float64], centre: npt.NDArray[np.float64], focal_px: float, tx: float, ty: float) -> npt.NDArray[np.float64]:
    """Landmarks ``xy`` seen with the lens's axis through ``centre``, redrawn as the camera would show them with the
    face ``(tx, ty)`` off the axis (the camera turned about its own centre), shifted back onto ``centre``.

    Examples
    --------
    >>> xy = np.array([[90.0, 100.0], [110.0, 100.0]])
    >>> bool(np.allclose(view_obliquely(xy, np.array([100.0, 100.0]), 1000.0, 0.0, 0.0), xy))
    True
    >>> seen = view_obliquely(np.array([[100.0, 80.0], [100.0, 120.0], [50.0, 80.0], [50.0, 120.0], [150.0, 80.0], [150.0, 120.0]]),
    ...                       np.array([100.0, 100.0]), 500.0, 0.3, 0.0)
    >>> bool(seen[5, 1] - seen[4, 1] > seen[3, 1] - seen[2, 1])  # the side nearer the photo's edge is drawn larger
    True
    """
    # the centre itself lands (tx, ty) focal lengths off the axis: shifted back onto it
    return np.asarray(projected(turned(centre, focal_px, tx, ty), xy) - focal_px * np.array([tx, ty]), dtype=np.float64)


def projected(transform: npt.ArrayLike, xy: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Points ``(n, 2)`` carried by a projective transform ``(3, 3)`` (:func:`turned`, :func:`straightening`).

    Examples
    --------
    >>> projected(np.diag([2.0, 2.0, 1.0]), [[1.0, 3.0]]).tolist()
    [[2.0, 6.0]]
    """
    p = np.asarray(xy, dtype=np.float64)
    seen = np.column_stack([p, np.ones(len(p))]) @ np.asarray(transform, dtype=np.float64).T
    return np.asarray(seen[:, :2] / seen[:, 2:3], dtype=np.float64)


def straightening(xy_px: npt.NDArray[np.float64], view: OffAxis, mm_per_px: float, share: float = 1.0) -> npt.NDArray[np.float64]:
    """The projective transform ``(3, 3)`` taking a face seen ``view`` off the lens's axis to what the camera turned
    (about its own centre) to bring the face's middle ``share`` of the way onto its axis would show, shifted back to
    where that middle lay (:func:`projected` applies it).

    The inverse of :func:`view_obliquely` for a real photo: two photos of one face taken at different places in the
    frame (:func:`viz.movement.measure_dynamics`) are compared as if both were taken straight on. The middle is the
    mean of the mesh's 468 points, not the eyes: with the eyes on the axis, the mouth of a face at arm's length still
    lies some 10° below it.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        The face's landmarks in the photo's pixels.
    view : OffAxis
        Where the face lies (:attr:`viz.Face.off_axis`, from these landmarks).
    mm_per_px : float
        The face's scale, which with ``view.distance_mm`` gives the focal length in pixels.
    share : float, optional
        How far to turn: 1 the whole way, :attr:`OffAxis.share` for the share a photo without a focal length is
        corrected by.

    Examples
    --------
    >>> straight = np.random.default_rng(1).uniform(-60.0, 60.0, (478, 2)) + (900.0, 500.0)  # on the axis
    >>> straight[[LEFT.iris_centre, RIGHT.iris_centre]] = straight[:468].mean(0) + [[30.0, 0.0], [-30.0, 0.0]]
    >>> seen = view_obliquely(straight, aimed_point(straight), 1000.0, 0.2, 0.1) + 1000.0 * np.array([0.2, 0.1])
    >>> view = OffAxis(0.2, 0.1, 1000.0 * 0.25, True)  # focal length 1000 px at 0.25 mm per px
    >>> float(np.abs(seen - straight - (seen - straight).mean(0)).max()) > 2.0  # the view stretches the face by pixels
    True
    >>> back = projected(straightening(seen, view, 0.25), seen)
    >>> float(np.abs(back - straight - (back - straight).mean(0)).max()) < 0.05  # and is undone to a twentieth of one
    True
    """
    focal_px = view.distance_mm / mm_per_px
    axis = aimed_point(xy_px) - focal_px * np.array([view.tx, view.ty])  # where the lens's axis meets the photo
    middle = xy_px[:N_MESH].mean(axis=0)
    t = (middle - axis) / focal_px
    back = np.linalg.inv(turned(axis, focal_px, share * float(t[0]), share * float(t[1])))
    shift = middle - projected(back, middle[None])[0]
    return np.asarray(np.array([[1.0, 0.0, shift[0]], [0.0, 1.0, shift[1]], [0.0, 0.0, 1.0]]) @ back, dtype=np.float64)
