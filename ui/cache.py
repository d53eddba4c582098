"""Cached engine work for the app: one landmarker per process, one :class:`PhotoWork` per photo and session.

A photo is keyed by the SHA-256 of its bytes. Its :class:`PhotoWork` decodes and detects once, then
keeps the analysis, the mirrored views and the figures for each "mirrored" setting, so changing a
toggle or a slider never runs detection again.

A person's photos are cached **per session** (Streamlit's ``scope="session"``): another session never
sees them, even with the same bytes; they are bounded in number (:data:`MAX_PHOTOS`) and age
(:data:`TTL_S`), dropped as soon as the person clears or replaces a photo, cleared by "New person"
(:func:`clear_session`) and discarded by Streamlit when the tab closes. Every other per-person cache
of the app is declared with :func:`per_session`, so the same holds for it. Only what is no one's photo
is shared by sessions: the landmarker, the content library and the built-in sample portrait.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

import viz
from ui import images, phone
from ui.concurrency import OnceMap, background, trim_heap
from viz import figures, mirror
from viz.content import Library
from viz.errors import MirrorMapError
from viz.landmarks import NO_FACE_ADVICE, FaceLandmarker
from viz.large_type import large_type
from viz.movement import DynamicsReport
from viz.overlay import DEFAULT_LAYERS, FACE_PICTURE_SIDE, crop, face_box, render_overlay
from viz.photo import FORMAT_WORDS
from viz.report import consult_pdf
from viz.vocabulary import LAYERS, mid_sentence

#: Longest side of the mirrored views, pixels, normal and presenter mode: four views share a wide layout
#: (about 350 CSS px each), two side by side fill a shared screen; exports use the larger size.
VIEW_SIDE = {False: 560, True: 800}
#: Longest side of the thumbnails of uploaded photos, pixels.
THUMBNAIL_SIDE = 320
#: Room around a found face in a thumbnail, as shares of its landmark box (sides, above, below): the head with its
#: hair and neck, so that a photo taken from across a room shows its face, not the room.
THUMBNAIL_MARGINS = (0.5, 0.6, 0.45)
#: How many photos per session (the first page's, six expressions, two visits), and for how long (seconds), analyses stay cached.
MAX_PHOTOS = 10
TTL_S = 30 * 60

F = TypeVar("F", bound=Callable[..., Any])
#: The ``clear`` of every per-session cache (see :func:`per_session`).
_SESSION_CLEARS: list[Callable[[], None]] = []


def per_session(*, max_entries: int, ttl: float = TTL_S) -> Callable[[F], F]:
    """``st.cache_resource`` scoped to the session, registered so that "New person" empties it.

    Use it for anything computed from a person's photos (analyses, simulations, comparisons): the
    entries are this session's only and are dropped when its tab closes.
    """

    def wrap(func: F) -> F:
        cached = st.cache_resource(show_spinner=False, max_entries=max_entries, ttl=ttl, scope="session")(func)
        _SESSION_CLEARS.append(cached.clear)
        return cast(F, cached)  # a CachedFunc is called like ``func``

    return wrap


def clear_session() -> None:
    """Empty every per-session cache of this session (the photos' work and everything registered with :func:`per_session`)."""
    for clear in _SESSION_CLEARS:
        clear()


#: The sample portrait the app opens on: a shared, licence-clean face that measures without a precision warning
#: (face about 430 px wide; see ``ui/assets/SOURCES.md`` and ``tools/make_sample_portrait.py``).
SAMPLE_PATH = Path(__file__).resolve().parent / "assets" / "sample_portrait.jpg"
#: Its attribution (CC BY 4.0 asks for it wherever the picture is shown): plain text, and the caption's Markdown with the licence's link.
SAMPLE_CREDIT = "Face Research Lab London Set, face 006 (DeBruine & Jones 2017), CC BY 4.0"
#: The licence's address: CC BY 4.0 asks a credit to link to it where that is practical, and a file has no link to follow.
SAMPLE_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The credit every file that ships the sample's picture carries (the consult PDF, the overlay and comparison PNGs): the
#: set, the licence with its address, and what was changed (the licence asks to say so).
SAMPLE_FILE_CREDIT = f"Sample portrait: {SAMPLE_CREDIT} ({SAMPLE_LICENCE_URL}); cropped, with MirrorMap's marks drawn over it."
SAMPLE_NAME = (
    "Sample portrait: Face Research Lab London Set, face 006 (DeBruine & Jones 2017, figshare,"
    " [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/); cropped)"
)


@st.cache_resource(show_spinner=False)
def landmarker() -> FaceLandmarker:
    """The process-wide Face Mesh (thread-safe: calls queue on its lock)."""
    return FaceLandmarker()


@st.cache_resource(show_spinner=False)
def sample() -> tuple[bytes, str]:
    """The built-in sample portrait and its digest (:data:`SAMPLE_PATH`, credited by :data:`SAMPLE_CREDIT`)."""
    import hashlib

    data = SAMPLE_PATH.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


@st.cache_resource(show_spinner=False)
def library() -> Library | None:
    """The Learn library (sourced cards and muscles); ``None`` if it cannot be loaded, so the page still works."""
    try:
        return viz.content.load()
    except viz.MirrorMapError:
        return None


@dataclass(frozen=True)
class Failure:
    """Why a photo could not be measured: one sentence and a way forward.

    ``retry`` is what to photograph instead, where ``message`` does not say it: said with the sentence when the file is
    refused and the earlier photo stays (``advice``, which may offer the sample portrait, is for a page left without one).
    """

    message: str
    advice: str
    retry: str = ""

    def refused(self) -> str:
        """The one sentence said when this file was not used and the earlier photo stays: ``message``, then ``retry``.

        Examples
        --------
        >>> Failure("No face was found in this photo.", "", "Use a photo of one face.").refused()
        'No face was found in this photo: use a photo of one face.'
        """
        if not self.retry:
            return self.message
        return f"{self.message.rstrip('.')}: {mid_sentence(self.retry)}"


NO_FACE = Failure("No face was found in this photo.", f"{NO_FACE_ADVICE}, or go back to the sample portrait.", f"{NO_FACE_ADVICE}.")
BAD_FILE_ADVICE = f"Choose another photo ({FORMAT_WORDS}), take one with the camera, or go back to the sample portrait."


@dataclass(frozen=True)
class Thumbnail:
    """A photo as its slot shows it: JPEG bytes, and whether they are the face cropped from it."""

    jpeg: bytes
    cropped: bool


@dataclass(frozen=True, eq=False)
class Views:
    """The mirrored views of one photo, with the JPEG bytes the page shows."""

    views: mirror.MirrorViews
    jpeg: dict[str, bytes]


#: Seconds the background worker waits before preparing the other "mirrored" setting.
PREPARE_DELAY_S = 1.0
#: Overlay height in pixels, normal and presenter mode.
OVERLAY_HEIGHT = {False: 700, True: 640}


class PhotoWork:
    """Everything computed from one photo, each piece once (thread-safe: see :class:`ui.concurrency.OnceMap`).

    ``credit`` is the line every saved file showing the photo carries: :data:`SAMPLE_FILE_CREDIT` for the built-in
    sample (its licence asks for it), empty for a person's own photo.
    """

    def __init__(self, data: bytes, credit: str = "") -> None:
        self._data = data
        self.credit = credit
        self._pieces: OnceMap[Any] = OnceMap()

    def photo(self) -> viz.Photo | Failure:
        """Decode (once): the engine's loader checks the bytes before anything shows them."""

        def make() -> viz.Photo | Failure:
            try:
                return viz.load_photo(self._data)
            except MirrorMapError as exc:
                return Failure(str(exc), BAD_FILE_ADVICE)

        result: viz.Photo | Failure = self._pieces.get(("photo",), make)
        return result

    def thumbnail(self, side: int = THUMBNAIL_SIDE, margins: tuple[float, float, float] = THUMBNAIL_MARGINS) -> Thumbnail | Failure:
        """A small JPEG showing what was uploaded: the face found in it with room around it (``margins``, as
        :func:`viz.overlay.face_box` takes them), or the whole photo where no face is found or the face fills it. A face
        far away in a large photo is then a face in its slot, not a speck, and the slot shows which face is measured."""
        photo = self.photo()
        if isinstance(photo, Failure):
            return photo

        def make() -> Thumbnail:
            face = self.face()
            rgb = face.photo.rgb if isinstance(face, viz.Face) else photo.rgb  # a face read again in a crop: that crop
            h, w = rgb.shape[:2]
            box = face_box(face, margins) if isinstance(face, viz.Face) else (0, 0, w, h)
            return Thumbnail(images.jpeg(crop(rgb, box, side)), cropped=box != (0, 0, w, h) or rgb is not photo.rgb)

        result: Thumbnail = self._pieces.get(("thumbnail", side, margins), make)
        return result

    def face(self) -> viz.Face | Failure:
        """Decode and detect (once); a face small only because a large photo is reduced is read again in a crop of the
        file at its own size (:func:`viz.reread_face`): ``face.photo`` is then that crop."""
        photo = self.photo()
        if isinstance(photo, Failure):
            return photo

        def make() -> viz.Face | Failure:
            try:
                face = viz.detect_face(photo, landmarker=landmarker())
                if face is not None:
                    face = viz.reread_face(self._data, face, landmarker=landmarker())
            except MirrorMapError as exc:
                return Failure(str(exc), BAD_FILE_ADVICE)
            return NO_FACE if face is None else face

        result: viz.Face | Failure = self._pieces.get(("face",), make)
        return result

    def ready(self, mirrored: bool) -> bool:
        """Whether the analysis for this setting is already computed (no wait, no spinner needed)."""
        return self._pieces.done(("report", mirrored))

    def report(self, mirrored: bool) -> viz.AsymmetryReport | Failure:
        """The analysis for one "mirrored" setting."""
        face = self.face()
        if isinstance(face, Failure):
            return face

        def make() -> viz.AsymmetryReport | Failure:
            try:
                return viz.analyze(face, mirrored=mirrored)
            except MirrorMapError as exc:
                return Failure(str(exc), BAD_FILE_ADVICE)

        result: viz.AsymmetryReport | Failure = self._pieces.get(("report", mirrored), make)
        return result

    def views(self, report: viz.AsymmetryReport, large: bool = False) -> Views:
        """True / mirror / composite / difference views and their JPEGs (the other "mirrored" setting's, swapped, when known).

        ``large``: the presenter-mode (and export) size, :data:`VIEW_SIDE`.
        """

        def make() -> Views:
            other = self._pieces.peek(("views", not report.mirrored, large))
            if isinstance(other, Views):
                j = other.jpeg
                v = other.views.relabelled()
                swapped = {"true": j["mirror"], "mirror": j["true"], "left_left": j["right_right"], "right_right": j["left_left"]}
                return Views(v, {**swapped, "difference": mirror.encode_jpeg(v.difference)})
            v = mirror.mirror_views(report, max_side=VIEW_SIDE[large], box=face_box(report.face))
            named = {
                "true": v.true_view,
                "mirror": v.mirror_view,
                "left_left": v.left_left,
                "right_right": v.right_right,
                "difference": v.difference,
            }
            return Views(v, {k: mirror.encode_jpeg(a) for k, a in named.items()})

        result: Views = self._pieces.get(("views", report.mirrored, large), make)
        return result

    def blended(self, report: viz.AsymmetryReport, alpha_percent: int, large: bool = False) -> bytes:
        """The true view with the mirror view on top at ``alpha_percent`` (JPEG), made once per setting, size and opacity step."""
        v = self.views(report, large).views
        result: bytes = self._pieces.get(
            ("blend", report.mirrored, large, alpha_percent), lambda: mirror.encode_jpeg(mirror.blend(v.true_view, v.mirror_view, alpha_percent / 100.0))
        )
        return result

    def blink(self, report: viz.AsymmetryReport, large: bool = False) -> bytes:
        """The true/mirror blink animation (GIF)."""
        v = self.views(report, large).views
        result: bytes = self._pieces.get(("blink", report.mirrored, large), lambda: mirror.blink_gif(v.true_view, v.mirror_view))
        return result

    def comparison_png(self, report: viz.AsymmetryReport, footer: tuple[str, ...], opacity_percent: int) -> bytes:
        """The whole comparison as one PNG at the large size, its overlaid tile at the page's mirror opacity (made when the download is clicked)."""
        footer = (*footer, self.credit) if self.credit else footer  # the sample's licence asks for its credit in the file
        return mirror.comparison_png(self.views(report, large=True).views, opacity=opacity_percent / 100.0, footer=footer)

    def report_pdf(self, report: viz.AsymmetryReport, lib: Library | None, layers: Collection[str] = DEFAULT_LAYERS) -> bytes:
        """The consult report of this analysis as a PDF, with the large mirrored views and the overlay's ``layers`` (the page
        passes those chosen on it, as for the PNG; the PDF drew the default three whatever the page showed), made in memory
        when the download is clicked; the sample's carries its credit (:attr:`credit`)."""
        return consult_pdf(report, views=self.views(report, large=True).views, library=lib, layers=layers, credit=self.credit)

    def made(self, report: viz.AsymmetryReport) -> bool:
        """Whether ``report`` analyses this photo: its working pixels are this photo's, whichever way it was made.

        Compared by pixels, not by the analysis kept here: an analysis made elsewhere from the same file (or kept
        here no longer) is still of this photo, and a file showing the sample must carry its credit."""
        photo = self.photo()
        if isinstance(photo, Failure):
            return False
        seen = report.face.photo.rgb
        return seen is photo.rgb or (seen.shape == photo.rgb.shape and bool(np.array_equal(seen, photo.rgb)))

    def overlay(self, report: viz.AsymmetryReport, presenter: bool, lib: Library | None) -> go.Figure:
        """The interactive overlay figure (reused as is: Streamlit only serialises it).

        In presenter mode every text is set large (:func:`viz.large_type.large_type`) and the legend is named
        without the instruction to click it."""
        uri: tuple[str, float] = self._pieces.get(("uri",), lambda: figures.photo_data_uri(report.face.photo.rgb))
        height = OVERLAY_HEIGHT[presenter]

        def make() -> go.Figure:
            figure = figures.overlay_figure(report, library=lib, photo_uri=uri, height=height)
            if not presenter:
                return phone.overlay_layout(figure)  # a strip for the toolbar, a legend of known height (ui.phone)
            return figures.still(large_type(figure)).update_layout(legend_title_text="Layers:")  # no toolbar to undo a drag with

        result: go.Figure = self._pieces.get(("overlay", report.mirrored, height, presenter), make)
        return result

    def overlay_picture(self, report: viz.AsymmetryReport, layers: tuple[str, ...]) -> bytes:
        """The overlay drawn into the photo, cropped to the face, as JPEG bytes: the first page's picture.

        Plotly's script is most of what the browser loads for a page with a chart (about 1.4 s of its
        main-thread time per first load here, against 0.9 s for the whole page without it), so the page
        opens on this picture and draws the interactive chart only when asked."""
        key = ("picture", report.mirrored, tuple(sorted(layers)))

        def make() -> bytes:
            box = face_box(report.face)
            return images.jpeg(Image.fromarray(render_overlay(report, max_side=FACE_PICTURE_SIDE, box=box, layers=layers, min_side=FACE_PICTURE_SIDE)))

        result: bytes = self._pieces.get(key, make)
        return result

    def measures(self, report: viz.AsymmetryReport, presenter: bool) -> go.Figure:
        """The bar chart of measures (presenter mode: taller, every text large)."""
        height = None if not presenter else 60 * len(report.measures) + 240

        def make() -> go.Figure:
            figure = figures.measures_figure(report, height=height)
            return large_type(figure) if presenter else figure

        result: go.Figure = self._pieces.get(("bars", report.mirrored, presenter), make)
        return result

    def prepare(self, mirrored: bool, presenter: bool, lib: Library | None) -> None:
        """Compute one "mirrored" setting's analysis and overlay in the background (once), so that switching
        the toggle to it is quick. The views and the bar chart wait until the toggle is used: they are cheap
        to derive then (the views are the other setting's, swapped), and most people never switch.
        Failures are left for the page to meet and explain."""
        if not self._pieces.claim(("prepare", mirrored, presenter)):
            return

        def run() -> None:
            time.sleep(PREPARE_DELAY_S)  # let the page that was just sent draw first
            report = self.report(mirrored)
            if isinstance(report, Failure):
                return
            if presenter:
                self.overlay(report, presenter, lib)
            else:
                self.overlay_picture(report, tuple(LAYERS))
            trim_heap()

        background().submit(run)


def work(digest: str, data: bytes) -> PhotoWork:
    """The :class:`PhotoWork` of the photo with this SHA-256: this session's own, or the sample's, which every session shares."""
    if digest == sample()[1]:
        return _sample_work()
    return _session_work(digest, data)


@st.cache_resource(show_spinner=False)
def _sample_work() -> PhotoWork:
    """The built-in sample's work, shared by sessions: it is no one's photo, and its files carry its credit."""
    return PhotoWork(sample()[0], credit=SAMPLE_FILE_CREDIT)


def credit(report: viz.AsymmetryReport) -> str:
    """The credit a saved file showing the photo of ``report`` carries: :data:`SAMPLE_FILE_CREDIT` for an analysis of the
    built-in sample (made by :func:`work`), ``""`` for a person's own photo.

    For a page that builds a file from the analysis alone, as Preview builds its consult PDF
    (``consult_pdf(report, ..., credit=cache.credit(report))``).
    """
    sample_work = _sample_work()
    return sample_work.credit if sample_work.made(report) else ""


def movement_report_pdf(dynamics: DynamicsReport, lib: Library | None, layers: Collection[str] = DEFAULT_LAYERS) -> bytes:
    """The Expressions page's consult report as a PDF, made in memory when its download is clicked: the rest photo's
    analysis (``dynamics.rest``) with the overlay's ``layers`` and the mirrored views, as the first page's report, then
    every expression's movements (:func:`viz.report.consult_pdf` with ``dynamics``). Where the rest photo is the sample
    portrait, the file carries its credit (:func:`credit`), which its licence asks of every file showing it."""
    return consult_pdf(dynamics.rest, dynamics=dynamics, library=lib, layers=layers, credit=credit(dynamics.rest))


@st.cache_resource(show_spinner=False, max_entries=MAX_PHOTOS, ttl=TTL_S, scope="session")
def _session_work(digest: str, _data: bytes) -> PhotoWork:
    """This session's :class:`PhotoWork` of a person's photo (``_data`` is not hashed again)."""
    return PhotoWork(_data)


_SESSION_CLEARS.append(_session_work.clear)


def forget(digest: str) -> None:
    """Drop a photo's cached work from this session (when a person clears or replaces it)."""
    _session_work.clear(digest, b"")
