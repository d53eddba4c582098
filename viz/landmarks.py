"""Face landmarks: 478 points in original-photo pixels, averaged over the photo and its mirror.

This is the only module that imports MediaPipe. The Face Mesh model (mediapipe 0.10.21,
``refine_landmarks=True``) runs on the photo and on its horizontal flip; the flip's landmarks are
mapped back through the mirror map and averaged with the direct ones (flip averaging). The model's
own left/right bias cancels, and half the disagreement is kept as a per-landmark uncertainty.

A :class:`FaceLandmarker` wraps one model behind a lock: one model shared by two threads crashes
the process, and Streamlit runs every rerun on a new thread, so thread-local models would leak.
"""

from __future__ import annotations

import math
import os
import queue
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Final, TextIO

import cv2
import numpy as np
import numpy.typing as npt

from viz import anatomy
from viz.camera import OffAxis, off_axis
from viz.errors import ArgumentError, FaceError, PhotoError
from viz.photo import Photo, load_photo

__all__ = [
    "EXPRESSION_WARNING",
    "IRIS_DIAMETER_MM",
    "IRIS_DIAMETER_SD_MM",
    "LIGHT_DOUBTS",
    "NO_FACE_ADVICE",
    "RIGID_POINTS",
    "Face",
    "FaceLandmarker",
    "Pose",
    "detail_frequency",
    "detect_face",
    "estimate_pose",
    "finest_detail_px",
    "flipped_face",
    "light_doubts",
    "read_face",
    "reread_face",
    "shows_expression",
    "silence_native_logs",
    "small_as_reduced",
    "small_face",
]

# Quieten MediaPipe's native logging before it is imported (the CLI also silences file descriptor 2).
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

#: What to photograph when no face is found, wherever that is said (the app, the command line): a face far away is not
#: found at all (a 60 px face in a 1200 px photo), so the advice says so, not only "well lit".
NO_FACE_ADVICE = (
    "Use a well-lit photo taken straight on that shows the whole face with the eyes open, large in the picture (a face"
    " far away or very small is not found: come closer or crop around it)"
)

#: A face's warning when it shows an expression (a smile, an open mouth), not the relaxed face the measures are for;
#: read by the pages that compare photos (:attr:`viz.visits.CompareReport.expression_photos`).
EXPRESSION_WARNING = (
    "The face shows an expression (a smile, an open mouth): the measures are meant for a relaxed, neutral face,"
    " so take the photo again with the face relaxed and the mouth closed."
)

#: What in a photo's light notes (:meth:`FaceLandmarker.detect`) makes its measures less sure than their ranges, each with
#: the phrase :attr:`viz.AsymmetryReport.less_sure` gives for it: the headline stood with no word beside a note saying
#: "the measures can lean" (a side-lit copy moved the inner brow from +0.1 to -1.5 mm).
LIGHT_DOUBTS: Final = (
    ("of the face is overexposed to pure white", "much of the face is overexposed"),
    ("The face is too dark in the photo", "the face is too dark in the photo"),
    ("The light falls much more on one side of the face", "the light falls much more on one side of the face"),
)


def light_doubts(warnings: Sequence[str]) -> tuple[str, ...]:
    """The :data:`LIGHT_DOUBTS` phrases of the light notes among ``warnings``, in that order.

    Examples
    --------
    >>> light_doubts(["The face is too dark in the photo, so ...", "Something else."])
    ('the face is too dark in the photo',)
    """
    return tuple(phrase for part, phrase in LIGHT_DOUBTS if any(part in w for w in warnings))


#: Horizontal visible iris diameter of adults, mm, and its between-person SD.
#: Rüfer F, Schröder A, Erb C. White-to-white corneal diameter: normal values in healthy humans
#: obtained with the Orbscan II topography system. Cornea 2005;24(3):259-261. doi:10.1097/01.ico.0000148312.01805.53
IRIS_DIAMETER_MM = 11.7
IRIS_DIAMETER_SD_MM = 0.42

#: Head turn (yaw) or nod (pitch) beyond which the face model itself is unreliable, degrees (it is trained on
#: near-frontal faces). Smaller turns are corrected measure by measure (:mod:`viz.headmodel`), and the analysis
#: warns from the turn at which a measure's pose error would reach what people notice.
POSE_LIMIT_DEG = 15.0
#: Two photos compared (an expression and its rest photo, two visits) whose poses differ by more than this are
#: warned about: the three-dimensional alignment cancels a turn, but the pictures shown side by side differ.
POSE_CHANGE_LIMIT_DEG = 8.0
#: A head tilted toward a shoulder further than this (roll, in the picture) is warned about, degrees. The measures are
#: read in the face's own frame, so a tilt is not itself an asymmetry, but the face model reads a tilted face less
#: surely: of one person's four photos (cc0_lisa), the one tilted 20 degrees read the lips 1.7 mm further off the
#: midline than the three level ones, twice its stated uncertainty, and gave the highest asymmetry index
#: (:data:`viz.asymmetry.RECAPTURE_INDEX_SD`). Clinical photographs keep the head level; 10 degrees is a tilt a
#: person sees at a glance.
ROLL_LIMIT_DEG = 10.0
#: A face rolled further than this in the picture is on its side or upside down (measured anyway: the face
#: frame follows the face, but the photo should be turned upright before it is shown to anyone), degrees.
UPRIGHT_LIMIT_DEG = 60.0
#: Share of the face mesh (its 468 points) beyond the picture's edge above which the face is not measured: the model
#: guesses the missing part and the face frame rests on the guess. Cutting the face box from one side on five shared
#: faces, measures moved up to 1.1 of their uncertainty (the same as re-cropping without a cut: up to 1.0) while at
#: most 4.3% of the mesh was outside, and up to 2.3 (and the index up to 2.3 times) from 6% (cc0_lisa, 6.0%).
MAX_OUTSIDE_SHARE = 0.05
#: Share beyond the edge from which the analysis says that part of the face is cut off (a point or two of the
#: chin or forehead on the edge is not worth a word).
WARN_OUTSIDE_SHARE = 0.01
#: Space between the face mesh and the photo's nearest edge, as a share of the face's width, under which the analysis
#: says the face is read less surely. The model pulls a face's outline in from an edge it nearly touches: cropped with
#: the edge at the mesh, five shared faces moved a midline offset or tilt by up to 0.9 of its uncertainty (1.5 with the
#: edge 4 % inside), at 6 % of the width by up to 0.6, as much as re-cropping with room to spare (0.4-0.6). The shared
#: photos leave 32 % or more.
EDGE_MARGIN_SHARE = 0.05
#: The photo and its mirror image read this far apart (median landmark distance, iris diameters) suggests the mesh
#: does not fit the face: the model fits an upright mesh to faces that are upside down in the picture. On 117 shared
#: photos, faces read upright disagree by 0.07 (median) to 0.123 (most); the same photos turned half a turn by 0.159
#: to 0.84 or have no partner at all; per face, the upright reading is at most 0.66 of the turned one.
UPSIDE_DOWN_DISAGREEMENT = 0.12
#: The photo turned half a turn replaces the first reading when it reads at most this far apart, and clearly
#: (by a quarter) better than the first.
TURNED_READS_WELL = 0.15
#: A face the detector misses on the whole picture is looked for in square windows this many times smaller than the
#: picture's longer side (overlapping by half), so a face down to about a twentieth of the picture is found.
SEARCH_WINDOWS = 2.5
#: Narrower faces found in the windows are not kept (working-image pixels): half :data:`MIN_FACE_WIDTH_PX`, where
#: a face's measures are still given, with a sentence that it is small. On 105 pictures without a face (diagrams,
#: noise, backgrounds of the shared portraits) the windows found a face in one (a diagram's boxes, in 231 px windows)
#: and the crop that confirms a find (:data:`SEARCH_CROP_WIDTHS`) did not show it again: none was kept.
MIN_SEARCH_FACE_PX = 100.0
#: The face found in a window is read again from a square crop this many of its widths wide around it.
SEARCH_CROP_WIDTHS = 3.0
#: Below these sizes (working-image pixels) landmark noise becomes a sizeable fraction of a millimetre.
MIN_FACE_WIDTH_PX = 200.0
MIN_IRIS_PX = 12.0
#: A small face (:func:`small_face`) at least this share of its photo's width fills the frame as a selfie does
#: (a face at arm's length spans about a third of a portrait photo): moving closer would not help, the photo itself
#: holds too few pixels (a 640 x 480 webcam frame, a messaging app's copy), so a small-face warning asks for a larger
#: photo instead.
FILLS_PHOTO_SHARE = 0.3
#: A photo whose finest detail (:func:`finest_detail_px`) is at least this many pixels is named by the size its
#: detail is worth in that warning, not by its pixel count (an enlarged 640 px frame is not a 1280 px photo).
SOFT_DETAIL_PX = 1.2
#: The spatial frequency (cycles per working-image pixel) below which :data:`DETAIL_ENERGY_SHARE` of the picture's
#: gradient energy around the eyes and brows lies on a photo as sharp as a camera's own: the median over the 73
#: shared photos as shot (0.26-0.42; ``benchmarks/sharpness.py`` prints both). :func:`finest_detail_px` is this
#: over the photo's own frequency (:func:`detail_frequency`).
SHARP_DETAIL_FREQ = 0.33
DETAIL_ENERGY_SHARE = 0.8
_RINGS = 1024  # frequency rings out to 0.5 cycle per pixel in which the gradient energy is summed
#: From this detail size (working-image pixels) on, a sentence says the photo is blurred or enlarged. The shared rest
#: photos read 2.6 enlarged from a third of their size (98 % with the sentence), 1.8 from a half (5 %), 3.3 blurred
#: by 1.5 px; as shot at most 1.27 (none).
BLURRED_DETAIL_PX = 2.0
#: Lid gap below this fraction of the iris diameter reads as a closed eye.
EYES_CLOSED_RATIO = 0.18
#: An open eye whose white is brighter than its iris by less than this share of the white's brightness cannot be
#: seen (sunglasses, a bar, deep shadow): the model then guesses the irises, and with them the millimetre scale (8-18%
#: off under black bars on frl_london_005). Over 73 shared photos (the London Set, its templates' faces, the zoom, pose
#: and congress sets) the lower eye of each reads 0.24 at least, also at 35% of the brightness (0.26), 300 px wide
#: (0.23) or as JPEG quality 15 (0.22); blurred by 3 px, 0.047 at worst (a 10 px iris); a covered eye reads 0.
HIDDEN_EYE_CONTRAST = 0.04
#: The white is read only on an eye this open (lid gap over iris diameter): closed eyes (an expression the Expressions
#: page asks for) read 0-0.2, open eyes on the shared photos 0.50 (a broad smile) and more, covered eyes 0.56-0.61
#: (the model draws them open).
OPEN_EYE_RATIO = 0.35
#: Inner-lip gap above this fraction of the inter-iris distance reads as an open mouth.
MOUTH_OPEN_RATIO = 0.08
#: A mouth wider than this fraction of the inter-iris distance reads as a smile only together with corners raised
#: more than a relaxed mouth's (:data:`RELAXED_LIFT_RATIO`, :func:`shows_expression`): a wide mouth alone is how many
#: relaxed faces are made. Relaxed faces of the shared neutral/smiling pairs and same-person sets (frl_london
#: 005/006/025/061/136 ``_03``, cc0_lisa, cc0_zoom) read 0.66-0.82 wide, their closed-lip smiles 0.80-0.85 (uscongress
#: H001079 and O000172 0.86).
SMILE_WIDTH_RATIO = 0.85
#: The most a relaxed mouth's corners stand above the lips' middle, as a fraction of the lips' height: the 14 relaxed
#: faces of the shared photos (below) read up to 0.037 (cc0_zoom_15cm).
RELAXED_LIFT_RATIO = 0.04
#: Mouth corners raised above the lips' middle by more than this fraction of the lips' height (upper lip top to lower
#: lip bottom, on the midline) read as a smile. Measured against the lips' own height, not the eye distance, so full
#: lips do not read as raised corners. On the shared photos the 14 relaxed faces (the five ``_03`` of the pairs, cc0_lisa,
#: cc0_zoom, uscongress W000809) read -0.11 to 0.04 of their lips' height, the closed-lip smiles 0.14 (frl_london_136_08),
#: 0.18 (O000172) and 0.20 (H001079), about half-way: 0.09. With :data:`MOUTH_OPEN_RATIO` this flags 4 of the 5 smiles
#: of the pairs (``_08``; 005's, a barely visible smile, reads like its relaxed face: -0.03, 0.80 wide) and none of their
#: relaxed faces. Before (a wide mouth or corners 0.02 of the eye distance up, on their own) it flagged the same 4 and
#: 3 of the 33 relaxed faces of the development set (annotated/), two of them women with full lips (126, 129);
#: now 1 (009, a slight closed-lip smile: corners 0.26 of the lips' height up). Of its 12 smiles it flagged 11 before
#: and 10 now: 031's, a wide smile with level corners (0.89 wide, corners 0.01 of the lips' height up), reads as a wide
#: relaxed mouth; 042's was missed both times.
SMILE_LIFT_RATIO = 0.09

#: Test-time views: (in-plane angle in degrees, fraction of the view the face fills). Each is also run flipped.
DEFAULT_VIEWS: tuple[tuple[float, float], ...] = ((-8.0, 0.55), (0.0, 0.55), (8.0, 0.55))
#: Copies of the model a landmarker runs side by side by default (never more than the machine's cores): on a two-core
#: machine finding a face took about 110 ms with one copy and 75 ms with two (``benchmarks/speed.py``).
MAX_LANES = 2

_CANONICAL_MESH = np.asarray(anatomy.CANONICAL_XYZ, dtype=np.float64)[: anatomy.N_MESH]


#: How :meth:`Pose.warnings` begins its note of a head tilted toward a shoulder.
_TILTED = "The head is tilted"


@dataclass(frozen=True)
class Pose:
    """Head pose in degrees.

    ``yaw`` is positive when the face turns toward the subject's left, ``pitch`` positive when the chin
    lifts, ``roll`` positive when the subject's left side is higher in the image.
    """

    yaw: float
    pitch: float
    roll: float

    @property
    def tilted(self) -> bool:
        """Tilted toward a shoulder beyond :data:`ROLL_LIMIT_DEG` (the capture check warns of it; Visits reads it as less sure)."""
        return abs(self.roll) > ROLL_LIMIT_DEG

    @property
    def turned(self) -> bool:
        """Turned or nodded beyond :data:`POSE_LIMIT_DEG`, past the near-frontal faces the model reads well."""
        return max(abs(self.yaw), abs(self.pitch)) > POSE_LIMIT_DEG

    def warnings(self) -> tuple[str, ...]:
        """The photo's notes for this pose, one sentence each: the head tilted toward a shoulder, or turned beyond what
        the face model reads well. Each is behind one of :meth:`doubts` (so a page that says the doubts can leave
        these out, and only these: the note that a turn alone shifts a measure begins "The head is turned" too).
        """
        out = []
        if self.tilted:
            out.append(
                f"{_TILTED} {abs(self.roll):.0f}° toward one shoulder (or the camera is): the face model reads a tilted"
                " face less surely, so the measures may be off by more than their ranges. Hold the head level and the camera"
                " upright, and take the photo again."
            )
        if self.turned:
            out.append(
                f"The head is turned {abs(self.yaw):.0f}° and tilted {abs(self.pitch):.0f}° up or down, beyond the near-frontal faces"
                " the face model reads well: face the camera straight on, with the camera at eye level."
            )
        return tuple(out)

    def doubts(self, where: str = "") -> tuple[str, ...]:
        """Why a photo in this pose is read less surely than its ranges say, one phrase each (``where`` follows "the head").

        >>> Pose(yaw=2.0, pitch=1.0, roll=-20.4).doubts(" in the after photo")
        ('the head in the after photo is tilted 20° toward one shoulder (over 10°)',)
        >>> Pose(yaw=0.0, pitch=0.0, roll=3.0).doubts()
        ()
        """
        out = []
        if self.tilted:
            out.append(f"the head{where} is tilted {abs(self.roll):.0f}° toward one shoulder (over {ROLL_LIMIT_DEG:g}°)")
        if self.turned:
            out.append(f"the head{where} is turned {abs(self.yaw):.0f}° sideways and {abs(self.pitch):.0f}° up or down (over {POSE_LIMIT_DEG:g}°)")
        return tuple(out)


@dataclass(frozen=True, eq=False)
class Face:
    """One face found in a photo.

    Attributes
    ----------
    xy_px : (478, 2) ndarray
        Landmarks in original-photo pixels (continuous coordinates: the image spans ``[0, width]``).
    z_px : (478,) ndarray
        Relative depth in pixels, smaller is nearer the camera.
    spread_px : (478, 2) ndarray
        Half the signed difference between the direct and the flipped estimate of each landmark:
        the direct estimate is ``xy_px + spread_px``, the flipped one ``xy_px - spread_px``.
    photo : Photo
        The photo the landmarks belong to (its working image is ``photo.rgb``).
    iris_diameter_px : float
        Mean horizontal iris diameter of both eyes, original-photo pixels.
    mm_per_px : float
        Millimetres per original-photo pixel, from :data:`IRIS_DIAMETER_MM`.
    pose : Pose
    bbox : tuple of float
        ``(x0, y0, x1, y1)`` of the landmarks, original-photo pixels.
    n_faces : int
        How many faces the photo holds; the largest is the one measured.
    detail_px : float
        The size of the finest detail the photo holds around the eyes and brows, working-image pixels
        (:func:`finest_detail_px`): 1 for a sharp photo, about ``k`` for one enlarged ``k`` times or blurred as much.
    measured_where : str
        Where the measured face is in the picture ("on the left of the picture") when another face is about as
        large, so that "the largest" would not tell which one was measured; empty otherwise.
    warnings : tuple of str
        Plain sentences about anything that lowers the trust in the measures.
    """

    xy_px: npt.NDArray[np.float64]
    z_px: npt.NDArray[np.float64]
    spread_px: npt.NDArray[np.float64]
    photo: Photo
    iris_diameter_px: float
    mm_per_px: float
    pose: Pose
    bbox: tuple[float, float, float, float]
    n_faces: int = 1
    warnings: tuple[str, ...] = field(default=())
    measured_where: str = ""
    detail_px: float = 1.0

    @property
    def xy_working(self) -> npt.NDArray[np.float64]:
        """Landmarks in working-image pixels, ``(478, 2)``."""
        return self.xy_px / self.photo.scale

    @property
    def face_width_px(self) -> float:
        """Width of the landmark box in original-photo pixels."""
        return self.bbox[2] - self.bbox[0]

    @property
    def detail_scale(self) -> float:
        """Original-photo pixels per pixel of the photo's detail: the working image's scale times :attr:`detail_px`."""
        return self.photo.scale * self.detail_px

    @property
    def is_small(self) -> bool:
        """The face holds too little detail for sub-millimetre landmarks (:func:`small_face`)."""
        return small_face(self.face_width_px, self.iris_diameter_px, self.detail_scale)

    @property
    def off_axis(self) -> OffAxis:
        """Where the face lies from the camera lens's axis, and how far the camera was (:func:`viz.camera.off_axis`)."""
        photo = self.photo
        return off_axis(self.xy_px, self.mm_per_px, photo.whole_size, photo.origin, photo.focal_35mm, photo.cut)

    @property
    def small_as_reduced(self) -> bool:
        """The face is small only because a large photo is measured reduced (:func:`small_as_reduced`)."""
        return small_as_reduced(self.face_width_px, self.iris_diameter_px, self.photo.scale, self.detail_px)

    def with_landmarks(self, xy_px: npt.ArrayLike, photo: Photo | None = None) -> Face:
        """A copy with moved landmarks (and optionally another photo of the same size), e.g. a simulation."""
        xy = np.array(xy_px, dtype=np.float64, copy=True)
        if xy.shape != self.xy_px.shape:
            raise ArgumentError(f"xy_px must have shape {self.xy_px.shape}, not {xy.shape}")
        xy.setflags(write=False)
        return self._replace(xy, self.z_px, self.spread_px, photo or self.photo)

    def relabelled(self) -> Face:
        """The same face with left and right labels swapped (for a mirrored selfie)."""
        m = anatomy.MIRROR
        return self._replace(self.xy_px[m], self.z_px[m], self.spread_px[m], self.photo)

    def _replace(self, xy: npt.NDArray[np.float64], z: npt.NDArray[np.float64], spread: npt.NDArray[np.float64], photo: Photo) -> Face:
        return Face(
            xy_px=xy,
            z_px=z,
            spread_px=spread,
            photo=photo,
            iris_diameter_px=self.iris_diameter_px,
            mm_per_px=self.mm_per_px,
            pose=self.pose,
            bbox=_bbox(xy),
            n_faces=self.n_faces,
            warnings=self.warnings,
            measured_where=self.measured_where,
            detail_px=self.detail_px,
        )


class FaceLandmarker:
    """A thread-safe MediaPipe Face Mesh.

    Use one per process (``st.cache_resource`` in the app). It holds ``lanes`` copies of the model, each
    used by one pass at a time: the passes of one photo (the photo, its mirror image, the re-cropped views)
    run side by side on them, and calls from several threads queue for a free copy.

    Parameters
    ----------
    max_faces : int, optional
        How many faces the model looks for (the largest is measured).
    views : tuple of (float, float), optional
        Re-cropped views (in-plane angle in degrees, share of the view the face fills), each also run
        mirrored; ``()`` for none.
    flip : bool, optional
        Also run the mirror image and average (flip averaging). ``FaceLandmarker(views=(), flip=False)`` is
        one plain MediaPipe pass, for comparisons.
    lanes : int, optional
        Copies of the model run side by side (about 30 MB each); by default one per CPU core, at most two.
        The landmarks do not depend on it: every pass is independent of the others.

    Examples
    --------
    >>> import matplotlib.cbook, viz
    >>> photo = viz.load_photo(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    >>> with FaceLandmarker() as landmarker:
    ...     face = landmarker.detect(photo)
    >>> face.xy_px.shape, face.n_faces
    ((478, 2), 1)
    """

    def __init__(self, max_faces: int = 4, views: tuple[tuple[float, float], ...] = DEFAULT_VIEWS, *, flip: bool = True, lanes: int | None = None) -> None:
        if any((-angle, fraction) not in views for angle, fraction in views):
            raise ArgumentError("view angles must be symmetric about 0 so that mirroring a photo mirrors its landmarks")
        if views and not flip:
            raise ArgumentError("re-cropped views are averaged with their mirror images: use them with flip=True")
        if lanes is not None and lanes < 1:
            raise ArgumentError("lanes must be at least 1")
        self._max_faces = max_faces
        self._views = views
        self._flip = flip
        n = min(MAX_LANES, os.cpu_count() or 1) if lanes is None else lanes
        self._meshes: list[Any] = [None] * n
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()  # indices of the copies not in use
        for i in range(n):
            self._free.put(i)
        self._pool_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> FaceLandmarker:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release the model (waiting for passes in progress); it is loaded again if used after."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        held = [self._free.get() for _ in self._meshes]  # every copy, once its pass is done
        for i in held:
            if self._meshes[i] is not None:
                self._meshes[i].close()
                self._meshes[i] = None
            self._free.put(i)

    def _raw(self, rgb: npt.NDArray[np.uint8]) -> list[npt.NDArray[np.float64]]:
        """Every face in ``rgb`` as a ``(478, 3)`` array (x, y, z in working pixels)."""
        h, w = rgb.shape[:2]
        lane = self._free.get()  # this copy is ours until it is put back
        try:
            if self._meshes[lane] is None:
                from mediapipe.python.solutions import face_mesh  # the only MediaPipe import

                self._meshes[lane] = face_mesh.FaceMesh(
                    static_image_mode=True,
                    max_num_faces=self._max_faces,
                    refine_landmarks=True,
                    min_detection_confidence=0.5,
                )
            result = self._meshes[lane].process(np.ascontiguousarray(rgb))
        finally:
            self._free.put(lane)
        faces = []
        for landmarks in result.multi_face_landmarks or ():
            arr = np.array([(p.x * w, p.y * h, p.z * w) for p in landmarks.landmark], dtype=np.float64)
            if arr.shape == (anatomy.N_LANDMARKS, 3):
                faces.append(arr)
        return faces

    def _raw_all(self, images: list[npt.NDArray[np.uint8]]) -> list[list[npt.NDArray[np.float64]]]:
        """:meth:`_raw` of each image, in order, run side by side on the model's copies."""
        if len(self._meshes) == 1 or len(images) == 1:
            return [self._raw(im) for im in images]
        with self._pool_lock:  # submitted under the lock: close() cannot shut the pool down in between
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=len(self._meshes), thread_name_prefix="mirrormap-mesh")
            futures = [self._pool.submit(self._raw, im) for im in images]
        return [f.result() for f in futures]

    def _first_pass(self, rgb: npt.NDArray[np.uint8]) -> _FirstPass | None:
        """Every face on the whole image, the largest one, and its partner on the mirrored image (if found there)."""
        direct, *flipped = self._raw_all([rgb, _flip(rgb)] if self._flip else [rgb])
        if not direct:
            return None
        chosen = max(direct, key=_width)
        flipped_faces = [_unflip(f, rgb.shape[1]) for f in flipped[0]] if flipped else []
        return direct, chosen, _closest(chosen, flipped_faces)

    def _search_closer(self, rgb: npt.NDArray[np.uint8]) -> _FirstPass | None:
        """:meth:`_first_pass` for a face too small in the picture for the model's detector to find on the whole image.

        The model's detector sees the image shrunk to 128 px, so it misses faces narrower than about an eighth of the
        picture (a face 230 px wide in a 2048 px photo), which still hold enough pixels to measure. Overlapping windows
        (:data:`SEARCH_WINDOWS` across the longer side, each overlapping its neighbour by half) are searched, and a face
        found there is kept when it is at least :data:`MIN_SEARCH_FACE_PX` wide and a square crop
        :data:`SEARCH_CROP_WIDTHS` face widths wide around it shows it again on the crop and on its mirror image, the two
        readings agreeing as an upright face's do (:data:`UPSIDE_DOWN_DISAGREEMENT`). The widest face kept is measured.
        """
        h, w = rgb.shape[:2]
        side = round(max(h, w) / SEARCH_WINDOWS)
        if side < 2 * MIN_SEARCH_FACE_PX:
            return None
        corners = [(x0, y0) for y0 in _window_starts(h, side) for x0 in _window_starts(w, side)]
        found_all = self._raw_all([np.ascontiguousarray(rgb[y0 : y0 + side, x0 : x0 + side]) for x0, y0 in corners])
        found = [f + np.array([x0, y0, 0.0]) for (x0, y0), faces in zip(corners, found_all, strict=True) for f in faces]
        distinct: list[npt.NDArray[np.float64]] = []
        for f in sorted(found, key=_width, reverse=True):  # the same face seen in several windows is kept once
            if _width(f) >= MIN_SEARCH_FACE_PX and _closest(f, distinct) is None:
                distinct.append(f)
        confirmed: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = []  # each face and its mirror image's
        for candidate in distinct:  # every one, so that "several faces" counts only faces seen again
            centre = (candidate[:, :2].min(axis=0) + candidate[:, :2].max(axis=0)) / 2.0
            half = SEARCH_CROP_WIDTHS * _width(candidate) / 2.0
            x0, y0 = (max(0, int(centre[k] - half)) for k in (0, 1))
            x1, y1 = min(w, int(centre[0] + half) + 1), min(h, int(centre[1] + half) + 1)
            crop = self._first_pass(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
            if crop is None or crop[2] is None or _disagreement(crop[1], crop[2]) > UPSIDE_DOWN_DISAGREEMENT:
                continue  # not seen again from closer, or only on one of the crop and its mirror image
            shift = np.array([x0, y0, 0.0])
            confirmed.append((crop[1] + shift, crop[2] + shift))
        if not confirmed:
            return None
        chosen, partner = max(confirmed, key=lambda pair: _width(pair[0]))
        return [face for face, _ in confirmed], chosen, partner

    def detect(self, photo: Photo) -> Face | None:
        """Find the largest face in ``photo``; ``None`` when there is none.

        Parameters
        ----------
        photo : Photo

        Returns
        -------
        Face or None
        """
        rgb = photo.rgb
        h, w = rgb.shape[:2]
        first_pass = self._first_pass(rgb)
        # The model misses some faces that are upside down in the picture, and fits an upright mesh to others: the
        # photo and its mirror image then disagree wildly, or the mirror image shows no face there. The photo turned
        # half a turn is then tried, and kept if the face it finds reads well.
        if self._flip and (first_pass is None or _disagreement(first_pass[1], first_pass[2]) > UPSIDE_DOWN_DISAGREEMENT):
            turned = self._first_pass(np.ascontiguousarray(cv2.rotate(rgb, cv2.ROTATE_180)))
            if turned is not None and turned[2] is not None:
                turned_back = ([_turn_back(f, w, h) for f in turned[0]], _turn_back(turned[1], w, h), _turn_back(turned[2], w, h))
                reads = _disagreement(turned_back[1], turned_back[2])
                before = math.inf if first_pass is None else _disagreement(first_pass[1], first_pass[2])
                if reads <= TURNED_READS_WELL and reads < 0.75 * before:
                    first_pass = turned_back
        if self._flip and first_pass is None:
            first_pass = self._search_closer(rgb)
        if first_pass is None:
            return None
        direct, chosen, partner = first_pass
        if partner is None:  # seen only on the direct image: no flip estimate to average with
            partner = chosen
        # Test-time averaging: the face re-cropped at a few in-plane angles, each also flipped. The set
        # of views is its own mirror image, so a mirrored photo gives exactly mirrored landmarks.
        first = (chosen + partner) / 2.0
        direct_views, flipped_views = [chosen], [partner]
        # Views are turned so that the face stands upright in them: a photo taken at a tilt then gives the
        # model nearly the same pictures as an upright one.
        eyes = first[anatomy.LEFT.iris_centre, :2] - first[anatomy.RIGHT.iris_centre, :2]
        upright = math.degrees(math.atan2(float(eyes[1]), float(eyes[0])))
        invs, images = [], []
        for angle, fraction in self._views:
            inv = _view_to_image(first[:, :2], upright + angle, fraction)
            map_x, map_y = _sampling_maps(inv)
            view = np.asarray(cv2.remap(rgb, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), dtype=np.uint8)
            invs.append(inv)
            images += [view, _flip(view)]
        found_all = self._raw_all(images)
        for k, inv in enumerate(invs):
            for flip, bucket in ((False, direct_views), (True, flipped_views)):
                found = found_all[2 * k + flip]
                if flip:
                    found = [_unflip(f, _VIEW_SIZE) for f in found]
                back = [_apply_affine(inv, f) for f in found]
                hit = _closest(first, back)
                if hit is not None:
                    bucket.append(hit)
        if len(direct_views) == len(flipped_views):
            d_mean, f_mean = np.mean(direct_views, axis=0), np.mean(flipped_views, axis=0)
        else:  # keep the direct/flipped balance that cancels the model's left/right bias
            d_mean, f_mean = chosen, partner
        xyz = (d_mean + f_mean) / 2.0
        spread = (d_mean[:, :2] - f_mean[:, :2]) / 2.0

        if eyes_hidden(rgb, xyz[:, :2]):
            raise FaceError(
                "The eyes cannot be seen (sunglasses, something covering them, or deep shadow): they are the ruler for every"
                " millimetre, so take the photo again with the eyes uncovered and open."
            )
        outside = outside_share(xyz[:, :2], w, h)
        if outside > MAX_OUTSIDE_SHARE:
            raise FaceError(
                f"About {outside:.0%} of the face is beyond the edge of the photo, so it cannot be measured: take the photo again"
                " with the whole face in it, from forehead to chin and ear to ear, and some space around it."
            )
        s = photo.scale
        xy_px = xyz[:, :2] * s
        z_px = xyz[:, 2] * s
        spread_px = spread * s
        iris_px = _iris_diameter(xy_px)
        pose = estimate_pose(xy_px, z_px)
        for a in (xy_px, z_px, spread_px):
            a.setflags(write=False)
        where = _measured_where(direct, chosen)
        detail = finest_detail_px(rgb, xyz[:, :2])
        warnings = photo.warnings + _quality_warnings(
            xy_px, iris_px, pose, faces=several_faces(len(direct), where), scale=s, detail=detail, working_side=max(h, w), photo_width=w * s
        )
        if outside > WARN_OUTSIDE_SHARE:
            warnings += (f"About {outside:.0%} of the face is beyond the edge of the photo, so the measures are less sure: leave some space around the face.",)
        elif edge_margin(xyz[:, :2], w, h) < EDGE_MARGIN_SHARE:
            warnings += ("The face nearly touches the edge of the photo, where the face model reads it less surely: leave some space around the face.",)
        if (blown := blown_out_share(rgb, xyz[:, :2])) > BLOWN_OUT_SHARE:
            warnings += (
                f"About {blown:.0%} of the face is overexposed to pure white, so the features there are read less surely:"
                " take the photo again in softer, even light.",
            )
        brightest, evenness, darker = light_levels(rgb, xyz[:, :2])
        if brightest < DARK_FACE_LEVEL:
            warnings += (
                "The face is too dark in the photo, so its features are read less surely and the measures can move: take the"
                " photo again in brighter, even light, facing a window or a lamp.",
            )
        elif evenness < SIDE_LIGHT_RATIO:
            warnings += (
                f"The light falls much more on one side of the face (the {darker} cheek is {evenness:.0%} as bright as the"
                " other), so the face model reads the shaded side less surely and the measures can lean: take the photo again"
                " in even light, facing a window, with no lamp or window to one side.",
            )
        return Face(
            xy_px=xy_px,
            z_px=z_px,
            spread_px=spread_px,
            photo=photo,
            iris_diameter_px=iris_px,
            mm_per_px=IRIS_DIAMETER_MM / iris_px,
            pose=pose,
            bbox=_bbox(xy_px),
            n_faces=len(direct),
            warnings=warnings,
            measured_where=where,
            detail_px=detail,
        )


def silence_native_logs() -> TextIO:
    """Send MediaPipe's C++ log lines (file descriptor 2) to /dev/null for the rest of the process.

    ``sys.stderr`` is replaced by a stream on the real standard error, so Python's own messages still
    show. Returns that stream. For command-line programs; the app leaves the server's log alone.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    stream = os.fdopen(saved, "w", buffering=1)
    sys.stderr = stream
    return stream


_default: FaceLandmarker | None = None
_default_lock = threading.Lock()


def default_landmarker() -> FaceLandmarker:
    """The process-wide landmarker, created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FaceLandmarker()
        return _default


def detect_face(photo: Photo, *, landmarker: FaceLandmarker | None = None) -> Face | None:
    """Find the largest face in a photo and return its calibrated landmarks.

    Parameters
    ----------
    photo : Photo
        From :func:`viz.load_photo`.
    landmarker : FaceLandmarker, optional
        The model to use; the process-wide one by default.

    Returns
    -------
    Face or None
        ``None`` when no face is found (a normal outcome, not an error).

    Raises
    ------
    FaceError
        When more than :data:`MAX_OUTSIDE_SHARE` of the face lies beyond the edge of the photo, or an open eye
        shows no white brighter than its iris (:func:`eyes_hidden`: covered, the millimetre ruler unseen).
    """
    model = landmarker or default_landmarker()
    turnable = photo.origin == (0, 0) and photo.file_size is None
    try:
        face = model.detect(photo)
    except FaceError:
        if not turnable or (found := _found_turned(model, photo)) is None:
            raise
        return found
    if turnable and (face is None or misread(face)):
        # The model misreads some faces rolled near 130° (a mesh fitted to the wrong features, or no white seen in the
        # eyes): the photo turned by quarter turns holds the face at an angle it reads.
        return _found_turned(model, photo) or face
    turns = 0 if face is None else quarter_turns_upright(face.xy_px)
    if face is None or turns == 0 or not turnable:
        return face
    # The face lies on its side or upside down (a picture whose orientation tag was lost): it is measured, drawn and
    # saved the right way up, with its sides where a person looks for them.
    again = model.detect(photo.turn(turns))
    return face if again is None else again


def misread(face: Face) -> bool:
    """Whether the model's mesh is unsound, by the test the first pass applies to its own reads
    (:data:`UPSIDE_DOWN_DISAGREEMENT`), on the final ones: found in the photo but not in its mirror image (the mirrored
    read of any sound face is found too), or the two reads that far apart at their median point. :attr:`Face.spread_px`
    is half the two reads' difference; on the 72 shared faces it reads 0.02-0.05 iris, near 130° up to 0.57."""
    spread = float(np.median(np.linalg.norm(face.spread_px, axis=1))) / face.iris_diameter_px
    return spread == 0.0 or 2.0 * spread > UPSIDE_DOWN_DISAGREEMENT


def _found_turned(model: FaceLandmarker, photo: Photo) -> Face | None:
    """The face read soundly in the photo turned one, two or three quarter turns, standing nearest upright there; ``None``
    when no turn gives one."""
    best: tuple[float, Face] | None = None
    for k in (1, 2, 3):
        try:
            face = model.detect(photo.turn(k))
        except FaceError:
            continue
        if face is None or misread(face):
            continue
        roll = abs(roll_deg(face.xy_px))
        if roll <= UPRIGHT_LIMIT_DEG and (best is None or roll < best[0]):
            best = (roll, face)
    return None if best is None else best[1]


def flipped_face(face: Face) -> Face:
    """The face as its photo's mirror image shows it: the photo flipped left to right and the landmarks with it.

    Each landmark is reflected across the working image's vertical centre line and takes its mirror partner's index
    (:data:`viz.anatomy.MIRROR`), as :func:`viz.detect_face` labels a face in a mirror image; the head's turn and roll
    change sign. With flip averaging the result is, to rounding, what detection on the mirror image itself gives.
    One photo marked mirrored and one not are brought the same way round with it before they are compared
    (:func:`viz.movement.measure_dynamics`, :func:`viz.visits.compare`).

    Parameters
    ----------
    face : Face
        A face as :func:`viz.detect_face` found it.

    Returns
    -------
    Face
        A new face on a new photo (the working image flipped, read-only); ``face`` is unchanged.

    Examples
    --------
    >>> from viz.testing import synthetic_face
    >>> face = synthetic_face(np.random.default_rng(0).uniform(0, 64, (478, 3)))  # on a 64 px photo
    >>> flipped = flipped_face(face)
    >>> bool(np.allclose(flipped.xy_px[anatomy.MIRROR, 0], 64 - face.xy_px[:, 0]))  # each point's partner, reflected
    True
    >>> bool(np.allclose(flipped_face(flipped).xy_px, face.xy_px))
    True
    """
    photo = face.photo
    rgb = np.ascontiguousarray(photo.rgb[:, ::-1])
    rgb.setflags(write=False)
    width_px = photo.rgb.shape[1] * photo.scale  # the working image's width, original-photo pixels (the x of its right edge)
    m = np.asarray(anatomy.MIRROR)
    xy_px = face.xy_px[m] * (-1.0, 1.0) + (width_px, 0.0)
    # The direct estimate of the mirror image is the flipped estimate of the photo, reflected: the spread changes sign
    # with that swap, and its x also with the reflection.
    spread_px = face.spread_px[m] * (1.0, -1.0)
    z_px = np.array(face.z_px[m], dtype=np.float64)
    for a in (xy_px, spread_px, z_px):
        a.setflags(write=False)
    x0, y0, x1, y1 = face.bbox
    # a crop of a larger file is flipped within the file: it lies as far from the other edge (where the lens pointed)
    origin = (photo.whole_size[0] - photo.origin[0] - photo.original_size[0], photo.origin[1])
    return replace(
        face,
        xy_px=xy_px,
        z_px=z_px,
        spread_px=spread_px,
        photo=replace(photo, rgb=rgb, origin=origin),
        pose=Pose(yaw=-face.pose.yaw, pitch=face.pose.pitch, roll=-face.pose.roll),
        bbox=(width_px - x1, y0, width_px - x0, y1),
    )


def quarter_turns_upright(xy_px: npt.NDArray[np.float64]) -> int:
    """Quarter turns anticlockwise that stand a face upright: 0 for a face rolled under :data:`UPRIGHT_LIMIT_DEG`.

    Examples
    --------
    >>> xy = np.zeros((478, 2)); xy[10] = (100.0, 50.0)  # the forehead to the right of the chin
    >>> quarter_turns_upright(xy), quarter_turns_upright(-xy), quarter_turns_upright(xy[:, ::-1] * (1, -1))
    (1, 3, 0)
    """
    angle = roll_deg(xy_px)
    return 0 if abs(angle) <= UPRIGHT_LIMIT_DEG else round(angle / 90.0) % 4


def roll_deg(xy_px: npt.NDArray[np.float64]) -> float:
    """How far the face leans from upright in the picture, degrees (-180 to 180; positive: its top to the picture's
    right), read from the chin (152) to the forehead (10) in image pixels (y downward)."""
    up = xy_px[10] - xy_px[152]
    return math.degrees(math.atan2(float(up[0]), -float(up[1])))


#: A face small only because a large photo was reduced (:func:`small_as_reduced`) is found again in a crop around it,
#: decoded at the file's own size: the crop reaches this share of the face's width (height) beyond its landmarks on
#: each side, so the face fills about half of it, as in an ordinary portrait.
REREAD_MARGIN = 0.5


def read_face(source: bytes | str | os.PathLike[str], *, landmarker: FaceLandmarker | None = None) -> Face | None:
    """Load a photo and find its face (:func:`viz.load_photo`, :func:`detect_face`), reading a face that is small only
    because a large photo is reduced again at the file's own size (:func:`reread_face`).

    Parameters
    ----------
    source : bytes or path
        As for :func:`viz.load_photo`.
    landmarker : FaceLandmarker, optional
        The model to use; the process-wide one by default.

    Returns
    -------
    Face or None
        ``None`` when no face is found. ``face.photo`` is the photo it was found in: the whole file, or a crop of it.

    Raises
    ------
    PhotoError
        As :func:`viz.load_photo`.
    FaceError
        As :func:`detect_face`.
    """
    face = detect_face(load_photo(source), landmarker=landmarker)
    return None if face is None else reread_face(source, face, landmarker=landmarker)


def reread_face(source: bytes | str | os.PathLike[str], face: Face, *, landmarker: FaceLandmarker | None = None) -> Face:
    """``face``, or where it is small only because its large photo is reduced, the face found again in a crop of the file.

    A photo larger than :data:`viz.photo.MAX_WORKING_SIDE` is measured reduced. Where that leaves the face too small
    for sub-millimetre landmarks though the file holds enough pixels (:attr:`Face.small_as_reduced`), the file is
    decoded again at its own size and cropped around the face (:data:`REREAD_MARGIN`), and the face found in the crop
    is returned: what a person would do by hand when told to crop the photo. Its photo is the crop
    (:attr:`viz.Photo.origin` and :attr:`viz.Photo.file_size` say where it lies), and a sentence in its warnings says
    so. ``face`` stands where its photo holds several faces (which one is meant is the person's to say), where
    decoding the whole file at its own size would exceed :data:`viz.photo.MEMORY_BUDGET`, or where the crop finds no
    face or one with less detail.

    Parameters
    ----------
    source : bytes or path
        The file ``face`` was found in (as given to :func:`viz.load_photo`).
    face : Face
        From :func:`detect_face` on that file's photo.
    landmarker : FaceLandmarker, optional

    Returns
    -------
    Face
    """
    if not face.small_as_reduced or face.n_faces > 1 or face.photo.turned:  # a turned photo's box is not the file's
        return face
    x0, y0, x1, y1 = face.bbox
    mx, my = REREAD_MARGIN * (x1 - x0), REREAD_MARGIN * (y1 - y0)
    box = (math.floor(x0 - mx), math.floor(y0 - my), math.ceil(x1 + mx), math.ceil(y1 + my))
    try:
        crop = load_photo(source, crop=box)
        again = detect_face(crop, landmarker=landmarker)
    except (PhotoError, FaceError):  # too costly at full size, or unreadable there: the reduced reading and its advice stand
        return face
    if again is None or again.face_width_px / again.detail_scale <= face.face_width_px / face.detail_scale:
        return face
    w, h = face.photo.original_size
    note = (
        f"This large photo ({w}×{h} px) was measured in a crop around the face at the file's own resolution, where the"
        f" face is {again.face_width_px:.0f} px wide; the pictures show that crop."
    )
    shown = replace(crop, warnings=(*crop.warnings, note))
    return replace(again, photo=shown, warnings=(*again.warnings, note))


# --- helpers -------------------------------------------------------------------------------------


def _flip(rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The image mirrored left to right (``rgb[:, ::-1]``, made by OpenCV in a fraction of the time of a reversed copy)."""
    return np.asarray(cv2.flip(rgb, 1), dtype=np.uint8)


def _width(xyz: npt.NDArray[np.float64]) -> float:
    return float(xyz[:, 0].max() - xyz[:, 0].min())


#: Another face at least this share of the measured one's width is "about the same size": the sentence then says
#: where the measured face is, since "the largest" would not tell a person which of two similar faces that is.
SAME_SIZE_SHARE = 0.85


def _measured_where(faces: list[npt.NDArray[np.float64]], chosen: npt.NDArray[np.float64]) -> str:
    """Where ``chosen`` sits against the other faces of about its size (:data:`SAME_SIZE_SHARE`); empty if there are none."""
    rivals = [f for f in faces if not np.array_equal(f, chosen) and _width(f) >= SAME_SIZE_SHARE * _width(chosen)]
    if not rivals:
        return ""
    centre = chosen[:, :2].mean(axis=0)
    offsets = np.array([centre - f[:, :2].mean(axis=0) for f in rivals])  # from each rival to the measured face
    across = bool(np.abs(offsets[:, 0]).max() >= np.abs(offsets[:, 1]).max())
    along = offsets[:, 0] if across else offsets[:, 1]  # image x grows to the right, y downward
    if len(rivals) == 1:
        first, last = ("on the left", "on the right") if across else ("at the top", "at the bottom")
        first, last = f"{first} of the picture", f"{last} of the picture"
    else:
        first, last = ("furthest left", "furthest right") if across else ("highest", "lowest")
        first, last = f"{first} in the picture", f"{last} in the picture"
    if (along < 0).all():
        return first
    if (along > 0).all():
        return last
    return "in the middle of the picture"


def several_faces(n_faces: int, measured_where: str, photo: str = "The photo") -> str:
    """The sentence for a photo holding ``n_faces`` faces (empty for one): which face was measured, and what to do."""
    if n_faces < 2:
        return ""
    if not measured_where:  # what to do is said here too: the pages add nothing (two sentences of advice read as two problems)
        return f"{photo} shows {n_faces} faces; the largest one is measured: to measure another, crop the photo to their face."
    return f"{photo} shows {n_faces} faces of about the same size; the one {measured_where} is measured: crop the photo to the face you mean."


def _unflip(xyz: npt.NDArray[np.float64], width: int) -> npt.NDArray[np.float64]:
    return anatomy.mirror_relabel(xyz, float(width))


def _window_starts(n: int, side: int) -> list[int]:
    """Where windows ``side`` long start along ``n`` pixels so that each overlaps the next by at least half."""
    if n <= side:
        return [0]
    k = math.ceil((n - side) / (side / 2))
    return [round(i * (n - side) / k) for i in range(k + 1)]


def _turn_back(xyz: npt.NDArray[np.float64], width: int, height: int) -> npt.NDArray[np.float64]:
    """Landmarks found on the image turned half a turn, in the unturned image (a rotation keeps every label)."""
    out = np.array(xyz, dtype=np.float64, copy=True)
    out[:, 0] = width - out[:, 0]
    out[:, 1] = height - out[:, 1]
    return out


def _disagreement(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64] | None) -> float:
    """Median distance between two meshes of one face, in iris diameters of the first (infinite without the second)."""
    if b is None:
        return math.inf
    return float(np.median(np.linalg.norm(a[:, :2] - b[:, :2], axis=1))) / max(_iris_diameter(a[:, :2]), 1e-9)


def _closest(target: npt.NDArray[np.float64], candidates: list[npt.NDArray[np.float64]]) -> npt.NDArray[np.float64] | None:
    """The candidate whose landmarks lie nearest ``target``, if it overlaps it at all."""
    best, best_d = None, math.inf
    for c in candidates:
        d = float(np.median(np.linalg.norm(c[:, :2] - target[:, :2], axis=1)))
        if d < best_d:
            best, best_d = c, d
    if best is None or best_d > 0.25 * _width(target):
        return None
    return best


#: What a first look at a picture found: every face, the largest one, and its partner on the mirror image (if found).
_FirstPass = tuple[list[npt.NDArray[np.float64]], npt.NDArray[np.float64], npt.NDArray[np.float64] | None]

#: Side of the square re-cropped views.
_VIEW_SIZE = 640


def _view_to_image(xy: npt.NDArray[np.float64], angle_deg: float, fraction: float) -> npt.NDArray[np.float64]:
    """Affine map (2, 3), view pixel -> working-image pixel, of a square view centred on the face and
    rotated by ``angle_deg``. Written about the view's centre so that the map of a mirrored photo is the
    exact mirror of this one."""
    centre = (xy.min(axis=0) + xy.max(axis=0)) / 2.0 - 0.5  # pixel-centre coordinates
    size = float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1])))
    step = max(size, 1.0) / (_VIEW_SIZE * fraction)  # image pixels per view pixel
    t = math.radians(angle_deg)
    lin = step * np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    half = (_VIEW_SIZE - 1) / 2.0
    return np.column_stack([lin, centre - lin @ np.array([half, half])])


_VIEW_GRID = (np.mgrid[0:_VIEW_SIZE, 0:_VIEW_SIZE].astype(np.float64) - (_VIEW_SIZE - 1) / 2.0).astype(np.float32)  # (2: y, x)


def _sampling_maps(inv: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Float maps for ``cv2.remap`` from an affine view -> image map, computed about the view centre.

    In float32 (what ``cv2.remap`` reads): the grid is symmetric about the centre, so a mirrored map stays the exact
    mirror of this one."""
    gy, gx = _VIEW_GRID
    half = (_VIEW_SIZE - 1) / 2.0
    cx, cy = inv @ np.array([half, half, 1.0])
    f32 = np.float32
    map_x = gx * f32(inv[0, 0]) + gy * f32(inv[0, 1]) + f32(cx)
    map_y = gx * f32(inv[1, 0]) + gy * f32(inv[1, 1]) + f32(cy)
    return map_x, map_y


def _apply_affine(a: npt.NDArray[np.float64], xyz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Map continuous-coordinate landmarks (x, y, z) through a pixel-centre affine map; z scales with it."""
    out = np.empty_like(xyz)
    xy = xyz[:, :2] - 0.5
    out[:, :2] = xy @ a[:, :2].T + a[:, 2] + 0.5
    out[:, 2] = xyz[:, 2] * float(np.sqrt(abs(np.linalg.det(a[:, :2]))))
    return out


def _bbox(xy: npt.NDArray[np.float64]) -> tuple[float, float, float, float]:
    return (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))


def _iris_diameter(xy_px: npt.NDArray[np.float64]) -> float:
    """Mean horizontal iris diameter of both eyes (medial to lateral rim point), pixels."""
    diam = [float(np.linalg.norm(xy_px[side.iris_rim[0]] - xy_px[side.iris_rim[2]])) for side in (anatomy.LEFT, anatomy.RIGHT)]
    return sum(diam) / 2.0


def _rigid_points() -> npt.NDArray[np.intp]:
    """Mesh points that expression and muscle pull barely move: everything but the brows, mouth and jaw."""
    mobile: set[int] = set()
    for name in ("brows", "mouth", "jaw"):
        mobile |= set(anatomy.REGION_LANDMARKS[name])
    out = np.array([i for i in range(anatomy.N_MESH) if i not in mobile], dtype=np.intp)
    out.setflags(write=False)
    return out


#: The points the head pose is fitted on.
RIGID_POINTS = _rigid_points()


def estimate_pose(xy_px: npt.NDArray[np.float64], z_px: npt.NDArray[np.float64]) -> Pose:
    """Head pose from a similarity fit of the canonical face model to the rigid 3-D landmarks.

    Only the points that expression and muscle pull barely move (:data:`RIGID_POINTS`) are fitted, so a
    drooping brow or mouth corner is not read as a turn of the head.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        Landmarks, image pixels (y downward).
    z_px : (478,) ndarray
        MediaPipe's relative depth, smaller is nearer the camera.

    Returns
    -------
    Pose
    """
    idx = RIGID_POINTS
    model = _CANONICAL_MESH[idx]
    observed = np.column_stack([xy_px[idx, 0], -xy_px[idx, 1], -z_px[idx]])
    mc, oc = model.mean(axis=0), observed.mean(axis=0)
    cov = (observed - oc).T @ (model - mc)
    u, _s, vt = np.linalg.svd(cov)
    d = np.sign(np.linalg.det(u @ vt))
    rot = u @ np.diag([1.0, 1.0, d]) @ vt  # model -> observed
    # rot = Rz(roll) @ Ry(yaw) @ Rx(pitch), extracted in that order.
    yaw = math.degrees(math.asin(float(np.clip(-rot[2, 0], -1.0, 1.0))))
    pitch = math.degrees(math.atan2(float(rot[2, 1]), float(rot[2, 2])))
    roll = math.degrees(math.atan2(float(rot[1, 0]), float(rot[0, 0])))
    return Pose(yaw=round(-yaw, 2), pitch=round(-pitch, 2), roll=round(roll, 2))


def outside_share(xy: npt.NDArray[np.float64], width: int, height: int) -> float:
    """The share of the face mesh's 468 points that lie beyond a ``width`` × ``height`` picture (working pixels).

    Examples
    --------
    >>> xy = np.zeros((478, 2)); xy[:117, 0] = -5.0
    >>> outside_share(xy, 100, 100)
    0.25
    """
    mesh = np.asarray(xy, dtype=np.float64)[:468]
    beyond = (mesh[:, 0] < 0) | (mesh[:, 0] > width) | (mesh[:, 1] < 0) | (mesh[:, 1] > height)
    return float(beyond.mean())


def edge_margin(xy: npt.NDArray[np.float64], width: int, height: int) -> float:
    """The space between the face mesh and the picture's nearest edge, as a share of the mesh's width (negative where the
    mesh runs past an edge).

    Examples
    --------
    >>> xy = np.zeros((478, 2)); xy[:468] = [(20.0, 40.0), (80.0, 60.0)] * 234
    >>> edge_margin(xy, 100, 100)  # 20 px to the left edge, for a face 60 px wide
    0.3333333333333333
    """
    mesh = np.asarray(xy, dtype=np.float64)[:468]
    (x0, y0), (x1, y1) = mesh.min(axis=0), mesh.max(axis=0)
    return float(min(x0, y0, width - x1, height - y1) / max(x1 - x0, 1e-9))


#: Share of the face's pixels blown out to white (every channel at 250 or more) from which the analysis says the photo
#: is overexposed: on the 72 shared faces at most 0.007 %; frl_london_005 brightened 2.0 times, 22 %, its eye-line
#: tilt moved 0.18°, and 2.6 times, 69 %, moved 0.42° (±0.25°).
BLOWN_OUT_SHARE = 0.10


def blown_out_share(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> float:
    """The share of the pixels inside the face mesh's outline that are blown out to white (working pixels).

    Examples
    --------
    >>> rgb = np.zeros((100, 100, 3), np.uint8); rgb[:, :50] = 255
    >>> xy = np.array([(10.0, 10.0), (90.0, 10.0), (90.0, 90.0), (10.0, 90.0)])
    >>> round(blown_out_share(rgb, xy), 1)  # the left half of the square white
    0.5
    """
    outline = cv2.convexHull(np.round(np.asarray(xy, dtype=np.float64)[:468]).astype(np.int32))
    mask = np.zeros(rgb.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, outline, (1,))
    inside = rgb[mask > 0]
    return float(np.mean(np.all(inside >= 250, axis=1))) if len(inside) else 0.0


#: The brightest 1 % of the face's pixels (its eye whites, the light on the nose, forehead and lips) in grey levels (of
#: 255) under which the face is too dark to read surely. Read on the brightest pixels, not on the skin, so a darker skin
#: in ordinary light is not taken for a dark photo: the 72 shared photos (faces/ and faces/annotated/) read 102
#: (cc0_lisa_lisa1, a dim room) to 231, the darkest skins among them 110 to 135 (frl_london_061, 096, 126, 137).
#: uscongress_W000809 at 10 % of its brightness, with noise, reads 15, and its lips moved from 1.7 mm on one side of
#: the midline to 0.2 mm on the other; four shared faces so treated read 13-24. 40 is the dimmest shared photo at 40 %
#: of its light.
DARK_FACE_LEVEL = 40.0
#: The darker cheek's brightness over the brighter one's under which the light is said to fall much more on one side of
#: the face. Ordinary portrait light is not even: the 72 shared photos read 0.65 (cc0_lisa_lisa2) to 1.00, eight of them
#: under 0.80 (a lamp or window to one side); a 2 : 1 ratio, beyond all of them, is said. uscongress_W000809 darkened
#: across the photo, from its full light at the edge on the subject's right to 20 % at the left edge, reads 0.48 and its
#: nose tip moved 1.8 mm sideways; darkened the other way (against its own light, which falls on its right) it reads
#: 0.76, within the shared photos' range, and is not said.
SIDE_LIGHT_RATIO = 0.5
#: The cheeks' fronts, below the outer eye corners (mesh points 280 and 50, mirror partners), read over a disc
#: this many inter-iris distances across, which stays on the cheek at the turns the face model reads well.
_CHEEKS = {"left": 280, "right": 50}
_CHEEK_DISC = 0.4


def light_levels(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> tuple[float, float, str]:
    """How bright the face is and how evenly it is lit (working pixels).

    Parameters
    ----------
    rgb : (h, w, 3) ndarray of uint8
    xy : (478, 2) ndarray
        The landmarks in the pixels of ``rgb``, anatomically labelled.

    Returns
    -------
    brightest : float
        The 99th percentile of the grey level (0-255) inside the face mesh's outline.
    evenness : float
        The darker cheek's median grey level over the brighter one's, 0-1 (1 when both read 0).
    darker : str
        The darker cheek's side, ``"left"`` or ``"right"`` (the subject's).

    Examples
    --------
    >>> rgb = np.full((200, 200, 3), 200, np.uint8); rgb[:, :100] = 50
    >>> xy = np.zeros((478, 2)); xy[:468] = [(20.0, 20.0), (180.0, 180.0)] * 234
    >>> xy[468], xy[473], xy[50], xy[280] = (70, 80), (130, 80), (60, 120), (140, 120)
    >>> brightest, evenness, darker = light_levels(rgb, xy)
    >>> brightest, evenness, darker
    (200.0, 0.25, 'right')
    """
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    outline = cv2.convexHull(np.round(np.asarray(xy, dtype=np.float64)[:468]).astype(np.int32))
    mask = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(mask, outline, (1,))
    inside = grey[mask > 0]
    brightest = float(np.percentile(inside, 99)) if len(inside) else 0.0
    radius = max(_CHEEK_DISC / 2.0 * float(np.linalg.norm(xy[anatomy.LEFT.iris_centre] - xy[anatomy.RIGHT.iris_centre])), 1.0)
    level = {}
    for side, point in _CHEEKS.items():
        disc = np.zeros(grey.shape, np.uint8)
        cv2.circle(disc, (round(float(xy[point, 0])), round(float(xy[point, 1]))), round(radius), (1,), thickness=-1)
        level[side] = float(np.median(grey[disc > 0])) if disc.any() else 0.0
    darker = min(level, key=level.__getitem__)
    brighter = max(level.values())
    return brightest, (level[darker] / brighter if brighter > 0 else 1.0), darker


def eye_contrast(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> tuple[float | None, float | None]:
    """How much brighter each eye's white is than its iris, as a share of the white's brightness (so a dim photo
    reads as a bright one): ``(left, right)``, ``None`` for an eye too closed to tell (a lid gap under
    :data:`OPEN_EYE_RATIO` of the iris diameter) or too small (fewer than 5 pixels of either).

    ``xy`` are the landmarks in the pixels of ``rgb``. The white is the eye opening (between the lid contours) beyond
    1.15 iris radii from the iris centre, the iris is within 0.7 radii; each is read as its median.
    """
    out: list[float | None] = []
    for side in (anatomy.LEFT, anatomy.RIGHT):
        contour = np.array([xy[i] for i in side.lid_upper] + [xy[i] for i in reversed(side.lid_lower)], dtype=np.float64)
        centre = np.asarray(xy[side.iris_centre], dtype=np.float64)
        radius = float(np.linalg.norm(xy[side.iris_rim[0]] - xy[side.iris_rim[2]])) / 2.0
        if float(np.linalg.norm(xy[side.lid_upper[3]] - xy[side.lid_lower[3]])) < OPEN_EYE_RATIO * 2.0 * radius:
            out.append(None)  # closed or narrowed (the Expressions page asks for closed eyes): no white to read
            continue
        x0, y0 = np.floor(np.minimum(contour.min(axis=0), centre - radius)).astype(int)
        x1, y1 = np.ceil(np.maximum(contour.max(axis=0), centre + radius)).astype(int) + 1
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, rgb.shape[1]), min(y1, rgb.shape[0])
        if x1 - x0 < 2 or y1 - y0 < 2:
            out.append(None)
            continue
        grey = cv2.cvtColor(np.ascontiguousarray(rgb[y0:y1, x0:x1]), cv2.COLOR_RGB2GRAY).astype(np.float64)
        opening = np.zeros(grey.shape, np.uint8)
        cv2.fillPoly(opening, [np.round(contour - (x0, y0)).astype(np.int32)], (1,))
        yy, xx = np.mgrid[y0:y1, x0:x1]
        reach = np.hypot(xx - centre[0], yy - centre[1])
        iris, white = (opening > 0) & (reach < 0.7 * radius), (opening > 0) & (reach > 1.15 * radius)
        if iris.sum() < 5 or white.sum() < 5:
            out.append(None)
            continue
        white_level = float(np.median(grey[white]))
        out.append((white_level - float(np.median(grey[iris]))) / max(white_level, 1.0))
    return out[0], out[1]


def eyes_hidden(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> bool:
    """Whether an open eye shows no white brighter than its iris (:data:`HIDDEN_EYE_CONTRAST`): it is covered."""
    return any(c is not None and c < HIDDEN_EYE_CONTRAST for c in eye_contrast(rgb, xy))


def small_face(face_width_px: float, iris_diameter_px: float, scale: float) -> bool:
    """Whether a face is too small for sub-millimetre landmarks: narrower than :data:`MIN_FACE_WIDTH_PX` or with
    an iris under :data:`MIN_IRIS_PX` in pixels of ``scale`` original-photo pixels (the photo's detail's:
    :attr:`Face.detail_scale`)."""
    return face_width_px / scale < MIN_FACE_WIDTH_PX or iris_diameter_px / scale < MIN_IRIS_PX


def small_as_reduced(face_width_px: float, iris_diameter_px: float, scale: float, detail_px: float) -> bool:
    """Whether a face is small (:func:`small_face` at ``scale * detail_px``) only because a large photo is measured
    reduced by ``scale``: in the file's own pixels, at the working image's detail, it would not be, so a crop around
    the face, measured at the file's size, helps."""
    return small_face(face_width_px, iris_diameter_px, scale * detail_px) and scale > 1.0 and not small_face(face_width_px, iris_diameter_px, detail_px)


def finest_detail_px(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> float:
    """The size of the finest detail around the eyes and brows, in working-image pixels (at least 1).

    A photo enlarged ``k`` times from a smaller one, or blurred as much, holds no more detail than the smaller
    one: its landmarks are as unsure, in its own pixels, as that photo's times ``k``. This is a sharp photo's
    detail frequency (:data:`SHARP_DETAIL_FREQ`) over the photo's own (:func:`detail_frequency`).
    """
    freq = detail_frequency(rgb, xy)
    return 1.0 if freq is None else max(1.0, SHARP_DETAIL_FREQ / max(freq, 1e-6))


def detail_frequency(rgb: npt.NDArray[np.uint8], xy: npt.NDArray[np.float64]) -> float | None:
    """The frequency (cycles per pixel) below which :data:`DETAIL_ENERGY_SHARE` of the gradient energy around the
    eyes and brows lies, or None when the picture there is too small or flat.

    The picture from the outer eye corners and the brows' tops to the lower lids (``xy``: landmarks in working-image
    pixels; a tenth of the width around it), in grey and under a Hann window, is taken to the frequency domain. A
    natural picture's gradient energy spreads evenly over frequency up to the finest the lens and the pixels pass;
    an enlarged one's stops at the smaller photo's pixel frequency. Noise, sharpening and JPEG blocks add
    fine-grained energy, so they can only make a photo read sharper than it is.
    """
    left, right = anatomy.LEFT, anatomy.RIGHT
    idx = [*left.brow_upper, *right.brow_upper, *left.lid_lower, *right.lid_lower, left.eye_outer, right.eye_outer]
    (x0, y0), (x1, y1) = xy[idx].min(axis=0), xy[idx].max(axis=0)
    pad = 0.1 * (x1 - x0)
    h, w = rgb.shape[:2]
    i0, i1 = max(round(y0 - pad), 0), min(round(y1 + pad), h)
    j0, j1 = max(round(x0 - pad), 0), min(round(x1 + pad), w)
    if i1 - i0 < 16 or j1 - j0 < 16:  # too few pixels for a spectrum: the small-face check speaks for it
        return None
    rows, cols = _fft_size(i1 - i0), _fft_size(j1 - j0)  # a few pixels less where that makes the transform several times faster
    grey = rgb[i0 : i0 + rows, j0 : j0 + cols].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    grey -= grey.mean()
    power = np.abs(np.fft.rfft2(grey * np.outer(np.hanning(rows), np.hanning(cols)))) ** 2
    f = np.hypot(np.fft.fftfreq(rows)[:, None], np.fft.rfftfreq(cols)[None, :])
    ring = np.minimum((f * 2 * _RINGS).astype(np.intp), _RINGS)
    energy = np.cumsum(np.bincount(ring.ravel(), weights=(f**2 * power).ravel(), minlength=_RINGS + 1)[:_RINGS])
    if energy[-1] <= 0.0:
        return None
    return float(np.searchsorted(energy, DETAIL_ENERGY_SHARE * energy[-1]) + 1) / (2 * _RINGS)


def _fft_size(n: int) -> int:
    """The largest length up to ``n`` with no prime factor above 5 (a fast length for the Fourier transform)."""
    while True:
        m = n
        for p in (2, 3, 5):
            while m % p == 0:
                m //= p
        if m == 1:
            return n
        n -= 1


def pose_warnings(xy_px: npt.NDArray[np.float64], pose: Pose) -> list[str]:
    """What a photo's pose makes less sure, one sentence each: a face on its side, a head tilted toward a shoulder or
    turned beyond what the face model reads well (:attr:`Pose.tilted`, :attr:`Pose.turned`). Said of a rest photo and
    of an expression photo alike (an expression photo tilted 15° was not warned)."""
    if quarter_turns_upright(xy_px):  # detect_face turns such a photo upright: this is said where that found no face
        side = "The face is on its side or upside down in the photo: turn the photo upright and add it again to see it the right way up."
        return [side, *(w for w in pose.warnings() if not w.startswith(_TILTED))]
    return list(pose.warnings())


def _quality_warnings(
    xy_px: npt.NDArray[np.float64],
    iris_px: float,
    pose: Pose,
    *,
    faces: str,
    scale: float,
    detail: float,
    working_side: int,
    photo_width: float,
) -> tuple[str, ...]:
    out: list[str] = []
    if faces:  # several faces: which one is measured
        out.append(faces)
    out += pose_warnings(xy_px, pose)
    width = float(xy_px[:, 0].max() - xy_px[:, 0].min())
    face_w = width / (scale * detail)  # in pixels of the photo's detail, as Face.is_small counts them
    if detail >= BLURRED_DETAIL_PX:
        out.append(
            f"The photo is blurred or enlarged from a smaller one: the face holds no more detail than a face {face_w:.0f} px wide,"
            " so the measures are less precise (their ranges include it): use the camera's own photo, in focus."
        )
    elif small_as_reduced(width, iris_px, scale, detail):
        # The file holds the pixels: the face is small only because a large photo is measured reduced. A crop
        # around the face is measured at the file's own size; "use a larger photo" would be wrong advice.
        out.append(
            f"The face is only {face_w:.0f} px wide once this large photo is reduced to {working_side} px for measuring, so"
            f" measures are less precise: crop the photo around the face (the face is {width:.0f} px wide in the"
            " file) and use the crop."
        )
    elif small_face(width, iris_px, scale * detail) and width >= FILLS_PHOTO_SHARE * photo_width:
        # a sharp photo is named by its own width (lisa 2, 600 px with a detail of 1.01, read "592 px across"); a soft
        # one by the width its detail is worth, in pixels of the photo's detail as face_w. Not "although it fills the
        # photo": lisa 2's face spans 31 % of it (walk G)
        size = f"{photo_width:.0f} px across" if detail < SOFT_DETAIL_PX else f"as sharp as one {photo_width / (scale * detail):.0f} px across"
        out.append(
            f"The face is only {face_w:.0f} px wide and the photo itself is small ({size}), so"
            " measures are less precise: use a larger photo, such as the camera's own rather than a copy sent in a message."
        )
    elif small_face(width, iris_px, scale * detail):
        out.append(f"The face is only {face_w:.0f} px wide, so measures are less precise: move closer or use a larger photo.")
    left, right = anatomy.LEFT, anatomy.RIGHT
    gaps = [float(np.linalg.norm(xy_px[s.lid_upper[3]] - xy_px[s.lid_lower[3]])) for s in (left, right)]
    if min(gaps) < EYES_CLOSED_RATIO * iris_px:
        out.append("The eyes look closed or nearly closed: take the photo with the eyes open, looking into the camera.")
    if shows_expression(xy_px):
        out.append(EXPRESSION_WARNING)
    return tuple(out)


def shows_expression(xy_px: npt.NDArray[np.float64]) -> bool:
    """Whether the mouth shows an expression: open, or smiling.

    Open is an inner-lip gap over :data:`MOUTH_OPEN_RATIO` of the inter-iris distance. A smile raises the mouth corners
    (over :data:`SMILE_LIFT_RATIO` of the lips' height above the lips' middle), or widens a mouth whose corners stand
    higher than a relaxed mouth's (over :data:`SMILE_WIDTH_RATIO` of the inter-iris distance with the corners over
    :data:`RELAXED_LIFT_RATIO` of the lips' height up).
    Fullness and width alone are a face's build, not an expression, so neither is enough on its own.

    Parameters
    ----------
    xy_px : (478, 2) ndarray
        Landmarks in any pixels (the ratios do not depend on the scale), anatomically labelled.

    Returns
    -------
    bool
    """
    left, right = anatomy.LEFT, anatomy.RIGHT
    eyes = xy_px[left.iris_centre] - xy_px[right.iris_centre]
    iris_gap = float(np.linalg.norm(eyes))
    up = np.array([eyes[1], -eyes[0]]) / iris_gap  # perpendicular to the eye line
    if (xy_px[10] - xy_px[anatomy.CHIN]) @ up < 0:  # forehead (10) above chin
        up = -up
    top, bottom = anatomy.LIP_MIDLINE
    upper_inner, lower_inner = anatomy.LIP_INNER
    lip_gap = float(np.linalg.norm(xy_px[upper_inner] - xy_px[lower_inner]))
    lips_height = float((xy_px[top] - xy_px[bottom]) @ up)
    mouth_w = float(np.linalg.norm(xy_px[left.mouth_corner] - xy_px[right.mouth_corner]))
    corners = (xy_px[left.mouth_corner] + xy_px[right.mouth_corner]) / 2.0
    corner_lift = float((corners - (xy_px[upper_inner] + xy_px[lower_inner]) / 2.0) @ up)
    if lip_gap > MOUTH_OPEN_RATIO * iris_gap:
        return True
    if corner_lift > SMILE_LIFT_RATIO * max(lips_height, 1e-9):
        return True
    return mouth_w > SMILE_WIDTH_RATIO * iris_gap and corner_lift > RELAXED_LIFT_RATIO * lips_height
