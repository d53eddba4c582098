"""MirrorMap engine: facial asymmetry in millimetres from one photo.

Pure and typed; never imports streamlit.

Examples
--------
>>> import viz
>>> photo = viz.load_photo("face.jpg")  # doctest: +SKIP
>>> face = viz.detect_face(photo)  # doctest: +SKIP
>>> report = viz.analyze(face)  # doctest: +SKIP
>>> face = viz.read_face("face.jpg")  # the same, and a face far away in a large photo read at full size  # doctest: +SKIP
>>> report.to_dict()["measures"]["brow_height"]["difference_mm"]  # doctest: +SKIP
1.1
"""

from viz.asymmetry import MEASURE_IDS, AsymmetryReport, Measure, analyze
from viz.errors import ArgumentError, ContentError, FaceError, MirrorMapError, PhotoError
from viz.frame import FaceFrame, fit_frame
from viz.landmarks import Face, FaceLandmarker, Pose, detect_face, read_face, reread_face
from viz.muscles import Relaxation
from viz.photo import Photo, load_photo
from viz.preview import Preview, relax

__all__ = [
    "MEASURE_IDS",
    "ArgumentError",
    "AsymmetryReport",
    "ContentError",
    "Face",
    "FaceError",
    "FaceFrame",
    "FaceLandmarker",
    "Measure",
    "MirrorMapError",
    "Photo",
    "PhotoError",
    "Pose",
    "Preview",
    "Relaxation",
    "analyze",
    "detect_face",
    "fit_frame",
    "load_photo",
    "read_face",
    "relax",
    "reread_face",
]
