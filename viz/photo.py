"""Photo intake: bytes or a path in, an upright RGB ``uint8`` working image out.

Only the formats a phone or a camera hands over are decoded: JPEG, PNG, WebP, HEIC/HEIF, TIFF and
BMP (:data:`FORMATS`, passed to Pillow's ``formats=``), so no other decoder, and no external program
such as Ghostscript, ever sees the bytes. EXIF rotations, RGBA, greyscale, palette, CMYK and 16-bit
data are handled. Metadata (EXIF, including GPS) is never carried over: :class:`Photo` holds pixels.

Damage is refused, not guessed at: a truncated file, or a JPEG whose decoder reports corrupt data, is a
:class:`~viz.errors.PhotoError`. Formats without a checksum (HEIC, WebP, TIFF, BMP) cannot always tell
damage from content; a HEIC whose picture disagrees with its own embedded thumbnail is refused.
A picture read with a caveat (the first frame of an animation, a file with a minor fault) is measured
and says so in :attr:`Photo.warnings`.

Memory is bounded: a JPEG is decoded at a reduced scale by libjpeg itself, a phone's 108- or 200-megapixel one
too (never above :data:`MAX_PIXELS`); any other picture, refused beyond :data:`MAX_PIXELS`, is
converted to 8-bit RGB and reduced band by band, so the only full-size buffer is the decoded picture.
A file whose decode would not fit in :data:`MEMORY_BUDGET` is refused before decoding (the limit in
megapixels depends on the format and bit depth: :func:`decode_cost`), and the decodes running at once in
a process share :data:`DECODE_POOL` (a decode waits its turn); ``benchmarks/memory.py`` measures both.
"""

from __future__ import annotations

import ctypes
import functools
import io
import math
import os
import re
import stat
import threading
import warnings
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from struct import error as struct_error
from typing import cast

import numpy as np
import numpy.typing as npt
import simplejpeg
from PIL import Image, ImageFile, JpegImagePlugin, UnidentifiedImageError

from viz.errors import ArgumentError, PhotoError

try:  # iPhone photos; the package is a declared dependency, the guard keeps a broken wheel from breaking JPEG
    import pillow_heif

    pillow_heif.register_heif_opener(thumbnails=True, depth_images=False, aux_images=False)
    _HEIF = True
except ImportError:  # pragma: no cover - exercised only without pillow-heif
    _HEIF = False

__all__ = [
    "CAMERA_SHAPES",
    "DECODE_POOL",
    "FORMATS",
    "FORMAT_WORDS",
    "HEAVY_JPEG_QUALITY",
    "MAX_FILE_BYTES",
    "MAX_PIXELS",
    "MAX_WORKING_SIDE",
    "MEMORY_BUDGET",
    "MIN_SIDE",
    "SHAPE_TOLERANCE",
    "Photo",
    "cut_since_taken",
    "decode_cost",
    "display_name",
    "ijg_scale",
    "jpeg_quality",
    "load_photo",
    "printable",
    "too_small",
]

#: Long side of the working image. Beyond this, landmark precision no longer improves
#: (the landmark model sees the face at 192-256 px) while decode and warp time keep growing.
MAX_WORKING_SIDE = 2048
#: Largest picture decoded, in pixels. A JPEG beyond it (phones shoot 108 and 200 megapixels) is decoded by libjpeg
#: at 1/2, 1/4 or 1/8 scale, never above this; any other format this large is refused as a possible decompression bomb.
MAX_PIXELS = 64_000_000
#: Smallest accepted side, in pixels: below this no face can be measured.
MIN_SIDE = 64
#: The only formats decoded (Pillow's names; ``MPO``, a JPEG with extra pictures, is opened by the JPEG decoder).
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "TIFF", "BMP")
#: Largest file accepted, as bytes or read from a path (a 12-megapixel photo is 2-8 MB as JPEG or HEIC, ~25 MB as PNG).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Peak extra memory one photo may take while it is decoded, in bytes (the file's bytes, the decoded
#: picture and the working buffers; measured by ``benchmarks/memory.py``). A file that would need more is refused.
MEMORY_BUDGET = 280 * 2**20
#: Memory all decodes running at once in this process may take, in bytes: a decode whose estimate does not
#: fit waits until others finish, so many simultaneous uploads of large photos stay bounded.
DECODE_POOL = 1024 * 2**20

ImageFile.LOAD_TRUNCATED_IMAGES = False
_ORIENTATION = 0x0112  # EXIF tag
_EXIF_IFD, _FOCAL_35MM, _PIXEL_X, _PIXEL_Y = 0x8769, 0xA405, 0xA002, 0xA003  # the Exif sub-IFD and three of its tags
#: The shapes (width to height, either way up) cameras take photos in: square; 4:3, phones' and webcams' own; 3:2,
#: other cameras'; 16:9, phones' wide mode and video; 2:1 and 20:9, phones' full-screen modes. A picture of another
#: shape with no EXIF pixel size to go by was cut since it was taken (:func:`cut_since_taken`).
CAMERA_SHAPES = (1.0, 4.0 / 3.0, 3.0 / 2.0, 16.0 / 9.0, 2.0, 20.0 / 9.0)
#: Two shapes are one within this (log of their ratio): a photo reduced in size to whole pixels, or to a size such as
#: 1600 × 1200 or 4000 × 2252, stays well within it.
SHAPE_TOLERANCE = 0.01
_THUMBNAIL_TOLERANCE = 48  # grey levels: a HEIC picture and its thumbnail, both reduced to ~32 px (see _check_against_thumbnail)
#: A JPEG decoded at its own size (:func:`load_photo` with ``crop``) holds, at its peak, libjpeg's RGB output, the
#: Pillow picture made of it and the upright array: three RGB copies.
_FULL_JPEG_BYTES = 9.0
#: A JPEG beyond :data:`MAX_PIXELS`, decoded reduced, holds libjpeg's RGB output (3 bytes per pixel) and the Pillow
#: picture made of it (4): its reduced picture is counted in its cost, so a file claiming huge dimensions whose 1/8
#: scale is still large is refused before anything is decoded.
_REDUCED_JPEG_BYTES = 7.0
_JPEG_SHRINKS = (1, 2, 4, 8)  # the scales libjpeg decodes at by itself (DCT scaling), as divisors
_SLACK = 1.15  # a decoded image up to 15% over max_side is kept as is: resampling it costs more than it saves
_BAND_BYTES = 4 * 1024 * 1024  # size of one band of the full-size picture converted at a time
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# The cost model (benchmarks/memory.py measures it against the real peaks): the working buffers (the picture
# reduced to at most twice the working size, its RGB copy and the final array) take at most _WORKING bytes;
# a picture decoded at full size adds its bytes per pixel: Pillow keeps 1 (1, L, P), 2 (I;16) or 4 (the rest)
# bytes per pixel, libtiff adds a strip that may hold the whole picture, OpenCV's WebP decode and libheif
# hold their RGB(A) result (and YCbCr planes); a progressive JPEG keeps 2 bytes per coefficient.
_WORKING = 96 * 2**20
_PILLOW_BYTES = {"1": 1.0, "L": 1.0, "P": 1.0, "I;16": 2.0, "I;16L": 2.0, "I;16B": 2.0, "I;16N": 2.0, "F": 8.0}
_SAMPLES = {"Gray": 1.0, "420": 1.5, "411": 1.5, "441": 1.5, "422": 2.0, "440": 2.0, "444": 3.0}
_FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC", "TIFF": "TIFF", "BMP": "BMP"}
#: The formats of :data:`FORMATS` as a person names them, for the sentences that refuse a file: "JPEG, PNG, WebP,
#: HEIC, TIFF or BMP" (they had named four of the six, and the help all six).
FORMAT_WORDS = f"{', '.join(_FORMAT_NAMES[f] for f in FORMATS[:-1])} or {_FORMAT_NAMES[FORMATS[-1]]}"
#: The JPEG standard's example luminance quantization table (ITU-T T.81 Annex K, Table K.1), in row order: the
#: IJG library scales it by the quality setting, 50 giving this table (:func:`jpeg_quality`).
_LUMA_TABLE = np.array(
    [
        *(16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55),
        *(14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62),
        *(18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92),
        *(49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99),
    ],
    dtype=np.float64,
)
#: At or below this JPEG quality the photo is called heavily compressed (a sentence in :attr:`Photo.warnings`).
HEAVY_JPEG_QUALITY = 30

_JPEG_START = b"\xff\xd8\xff"  # start of image and the first marker's lead byte: what Pillow's JPEG opener accepts

# What a refused file most likely is, from its first bytes, so the sentence can name it.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"%!PS", "a PostScript (EPS) file"),
    (b"\xc5\xd0\xd3\xc6", "a PostScript (EPS) file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"GIF8", "a GIF image"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"8BPS", "a Photoshop document"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 image"),
)


@dataclass(frozen=True, eq=False)
class Photo:
    """An upright RGB photo ready for analysis.

    Attributes
    ----------
    rgb : (H, W, 3) ndarray of uint8
        The working image (read-only), at most :data:`MAX_WORKING_SIDE` pixels on its long side.
    original_size : tuple of int
        ``(width, height)`` of the upright original photo in pixels.
    scale : float
        Original pixels per working pixel (1.0 when the photo was not reduced).
    format : str
        The decoder's name for the file type (``"JPEG"``, ``"PNG"``, ``"HEIF"``, ...).
    warnings : tuple of str
        One sentence per caveat about the file itself (only the first frame of an animation was
        used, the file has a minor fault); empty for a clean photo.
    jpeg_quality : int or None
        For a JPEG, how strongly it was compressed, as the IJG quality (1-100) whose luminance
        table quantizes as coarsely (:func:`jpeg_quality`); None for any other file.
    origin : tuple of int
        For a crop of the file (:func:`load_photo` with ``crop``), its top-left corner in the upright file's pixels;
        ``(0, 0)`` for the whole file. ``original_size`` is then the crop's size.
    file_size : tuple of int or None
        For a crop, ``(width, height)`` of the whole upright file; ``None`` for the whole file (:attr:`whole_size`).
    turned : int
        Quarter turns anticlockwise the picture was given after decoding because the face lay on its side or upside
        down in it (:meth:`turn`; ``viz.detect_face`` decides); 0 for a picture as the file shows it.
    focal_35mm : float or None
        The lens's focal length in 35 mm terms, of the photo as taken, from the file's EXIF data (:mod:`viz.camera`:
        where the lens pointed); None when the file does not say.
    cut : bool
        The file was, or seems, cut from a larger photo since it was taken (:func:`cut_since_taken`), so the middle of
        the whole file need not be where the lens pointed; False for a file of a camera's shape and for an array.
    """

    rgb: npt.NDArray[np.uint8]
    original_size: tuple[int, int]
    scale: float
    format: str
    warnings: tuple[str, ...] = field(default=())
    jpeg_quality: int | None = None
    origin: tuple[int, int] = (0, 0)
    file_size: tuple[int, int] | None = None
    turned: int = 0
    focal_35mm: float | None = None
    cut: bool = False

    @property
    def whole_size(self) -> tuple[int, int]:
        """``(width, height)`` of the whole upright file, a crop's or not."""
        return self.file_size if self.file_size is not None else self.original_size

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` of the working image."""
        return (int(self.rgb.shape[1]), int(self.rgb.shape[0]))

    def turn(self, quarter_turns: int) -> Photo:
        """This photo turned ``quarter_turns`` quarter turns anticlockwise, with a sentence in its warnings saying so.

        Examples
        --------
        >>> p = Photo.from_array(np.zeros((80, 120, 3), np.uint8)).turn(1)
        >>> p.size, p.original_size, p.turned
        ((80, 120), (80, 120), 1)
        >>> p.warnings
        ('The face lay on its side in the photo, so the photo was turned a quarter turn anticlockwise to measure it.',)
        """
        k = quarter_turns % 4
        if k == 0:
            return self
        rgb = np.ascontiguousarray(np.rot90(self.rgb, k))
        rgb.setflags(write=False)
        w, h = self.original_size
        how = {1: "on its side in the photo, so the photo was turned a quarter turn anticlockwise",
               2: "upside down in the photo, so the photo was turned half a turn",
               3: "on its side in the photo, so the photo was turned a quarter turn clockwise"}[k]  # fmt: skip
        return replace(
            self,
            rgb=rgb,
            original_size=(h, w) if k % 2 else (w, h),
            warnings=(*self.warnings, f"The face lay {how} to measure it."),
            turned=(self.turned + k) % 4,
        )

    def same_picture(self, other: Photo) -> bool:
        """Whether ``other`` is this very picture (the same file given twice), pixel for pixel."""
        return bool(np.array_equal(self.rgb, other.rgb))

    @classmethod
    def from_array(cls, rgb: npt.ArrayLike, *, scale: float = 1.0) -> Photo:
        """Wrap an ``(H, W, 3)`` uint8 array (copied) as a photo, e.g. a simulated or test image."""
        arr = np.array(rgb, dtype=np.uint8, copy=True)
        if arr.ndim != 3 or arr.shape[2] != 3:
            raise PhotoError("The image must be an RGB array of shape (height, width, 3).")
        if min(arr.shape[:2]) < MIN_SIDE:
            raise PhotoError(too_small(arr.shape[1], arr.shape[0]))
        arr.setflags(write=False)
        h, w = arr.shape[:2]
        return cls(rgb=arr, original_size=(round(w * scale), round(h * scale)), scale=float(scale), format="array")


def too_small(width: int, height: int) -> str:
    """The sentence for a picture with a side under :data:`MIN_SIDE`: a long strip is named narrow, not small.

    >>> too_small(20000, 20)
    'The image is too narrow (20000×20 px): use a photo at least 64 px on each side.'
    >>> too_small(40, 50)
    'The image is too small (40×50 px): use a photo at least 64 px on each side.'
    """
    word = "narrow" if max(width, height) >= MIN_SIDE else "small"  # "too small" of a 20,000 px wide strip read oddly
    return f"The image is too {word} ({width}×{height} px): use a photo at least {MIN_SIDE} px on each side."


def ijg_scale(quality: float) -> float:
    """The percent by which the IJG library, which most encoders follow, scales the standard quantization tables at
    ``quality``: ``5000 / q`` below 50, ``200 - 2 q`` from 50 up (100 at quality 50: the tables as printed)."""
    return 5000.0 / quality if quality < 50 else 200.0 - 2.0 * quality


def jpeg_quality(tables: Mapping[int, Sequence[int]]) -> int | None:
    """The IJG quality (1-100) whose luminance table quantizes as coarsely as a JPEG's own; None without one.

    ``tables`` is Pillow's ``Image.quantization`` (table 0 is the luminance one, in row order). The scale the IJG
    library multiplies the standard table (:data:`_LUMA_TABLE`) by (:func:`ijg_scale`) is read back as the median
    ratio of the two tables (cells clipped at 1 or 255 left out where others remain) and turned back into the
    quality, so a table of another origin (a phone's, a photo editor's) gets the IJG quality that quantizes about as
    coarsely.

    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (64, 64), (90, 120, 150)).save(buf, "JPEG", quality=23)
    >>> jpeg_quality(Image.open(buf).quantization)
    23
    """
    luma = tables.get(0) if tables else None
    if luma is None or len(luma) != len(_LUMA_TABLE):
        return None
    q = np.asarray(luma, dtype=np.float64)
    free = (q > 1) & (q < 255)
    use = free if free.any() else np.ones_like(free)
    scale = float(np.median(100.0 * q[use] / _LUMA_TABLE[use]))
    quality = (200.0 - scale) / 2.0 if scale <= 100.0 else 5000.0 / scale  # ijg_scale turned back
    return int(min(max(round(quality), 1), 100))


def load_photo(source: bytes | str | os.PathLike[str], *, max_side: int = MAX_WORKING_SIDE, crop: tuple[int, int, int, int] | None = None) -> Photo:
    """Decode a photo into an upright RGB working image.

    Parameters
    ----------
    source : bytes or path
        The encoded file (bytes) or its path. A path must name a regular file of at most
        :data:`MAX_FILE_BYTES`; pipes, devices and sockets are refused without being read.
    max_side : int, optional
        Long side of the working image in pixels; larger photos are reduced.
    crop : tuple of int, optional
        ``(x0, y0, x1, y1)`` in the upright file's pixels (clipped to it): decode the file at its own size and keep
        only this part (then reduced to ``max_side`` if larger). The photo's :attr:`Photo.origin` and
        :attr:`Photo.file_size` say where the crop lies. A file whose full-size decode would exceed
        :data:`MEMORY_BUDGET` is refused (a JPEG is otherwise decoded reduced by libjpeg itself).

    Returns
    -------
    Photo

    Raises
    ------
    PhotoError
        With one sentence, if the input is empty, not an image in one of :data:`FORMATS`, truncated
        or damaged, smaller than :data:`MIN_SIDE`, or too large to decode within :data:`MEMORY_BUDGET`.
    ArgumentError
        If ``max_side`` is below :data:`MIN_SIDE`.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("L", (200, 100), 128).save(buf, "PNG")
    >>> photo = load_photo(buf.getvalue())
    >>> photo.rgb.shape, photo.rgb.dtype.name, photo.scale, photo.warnings
    ((100, 200, 3), 'uint8', 1.0, ())
    """
    if max_side < MIN_SIDE:
        raise ArgumentError(f"max_side must be at least {MIN_SIDE} pixels.")  # a caller's mistake, not a bad photo
    data = _read_bytes(source)
    if not data:
        raise PhotoError(f"The file is empty; choose a photo ({FORMAT_WORDS}).")
    notes: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            # Pillow warns about damaged files ("Truncated File Read", "Corrupt EXIF data"): a warning must not reach the
            # user as a multi-line message (or escape as an exception under -W error); it is judged below instead.
            warnings.simplefilter("always")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = _open(data)
            fmt = img.format or "unknown"
            quality = jpeg_quality(getattr(img, "quantization", None) or {}) if fmt in ("JPEG", "MPO") else None
            focal, cut = _focal_35mm(img), cut_since_taken(img)
            cost = _check_size(img, fmt, data, max_side, full=crop is not None)
            with _POOL.reserve(cost):  # the full-size buffers live only inside: the working array is all that leaves
                if crop is None:
                    arr, original_size, frames = _decode(img, fmt, data, max_side)
                else:
                    whole, file_size, frames = _decode(img, fmt, data, max(img.size))
                    arr, origin, original_size = _crop(whole, crop, max_side)
                    del whole
                del img
            notes += _judge_warnings(caught)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_too_many_pixels(_bomb_pixels(exc))) from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(_not_an_image(data)) from exc
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        MemoryError,
        IndexError,
        KeyError,
        TypeError,
        ZeroDivisionError,
        RuntimeError,
        struct_error,
    ) as exc:
        raise PhotoError("The image file is damaged or incomplete: try exporting or taking the photo again.") from exc

    if frames > 1:
        what = "page" if fmt == "TIFF" else "picture" if fmt == "HEIF" else "frame"
        notes.insert(0, f"This file holds {frames} {what}s: only the {'main' if fmt == 'HEIF' else 'first'} {what} was measured.")
    if min(arr.shape[:2]) < MIN_SIDE:
        # Large enough as shot but so long and narrow that reducing its long side to max_side leaves the short one under
        # MIN_SIDE (a panorama, a strip): the size to name is the file's own, and the fix is a crop, not a larger photo.
        raise PhotoError(
            f"The image is too long and narrow ({original_size[0]}×{original_size[1]} px) to measure a face in: crop it around the face and try again."
            if min(original_size) >= MIN_SIDE
            else too_small(arr.shape[1], arr.shape[0])
        )
    if quality is not None and quality <= HEAVY_JPEG_QUALITY:
        notes.append(
            f"This JPEG is heavily compressed (quality about {quality} of 100): fine detail such as brow hairs and lid "
            "margins is partly lost, and each measure's ± includes what that costs. The original photo measures more precisely."
        )
    arr.setflags(write=False)
    scale = float(original_size[0] / arr.shape[1])
    kept = tuple(dict.fromkeys(notes))
    if crop is None:
        return Photo(rgb=arr, original_size=original_size, scale=scale, format=fmt, warnings=kept, jpeg_quality=quality, focal_35mm=focal, cut=cut)
    return Photo(
        rgb=arr,
        original_size=original_size,
        scale=scale,
        format=fmt,
        warnings=kept,
        jpeg_quality=quality,
        origin=origin,
        file_size=file_size,
        focal_35mm=focal,
        cut=cut,
    )


def _crop(whole: npt.NDArray[np.uint8], box: tuple[int, int, int, int], max_side: int) -> tuple[npt.NDArray[np.uint8], tuple[int, int], tuple[int, int]]:
    """The part ``box`` of a full-size upright picture (clipped to it), reduced to ``max_side``; its top-left corner and size."""
    h, w = whole.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(box[2])), min(h, int(box[3]))
    if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        raise ArgumentError(f"crop must keep at least {MIN_SIDE} x {MIN_SIDE} px of the {w}x{h} picture, not {box!r}.")
    part = Image.fromarray(np.ascontiguousarray(whole[y0:y1, x0:x1]), "RGB")
    return np.array(_reduce_to_rgb(part, max_side), dtype=np.uint8), (x0, y0), (x1 - x0, y1 - y0)


def _decode(img: Image.Image, fmt: str, data: bytes, max_side: int) -> tuple[npt.NDArray[np.uint8], tuple[int, int], int]:
    """The upright working array, the upright original size and the number of frames of an opened file."""
    orientation = _orientation(img)
    frames = _frame_count(img, fmt)
    width, height = img.size  # before decoding: a JPEG's draft (the CMYK path) sets img.size to the reduced size
    if fmt in ("JPEG", "MPO"):
        small = _decode_jpeg(img, data, max_side)
    elif fmt == "WEBP":
        small = _decode_webp(data, max_side)
    elif fmt == "HEIF":
        small = _decode_heif(data, max_side)
        orientation = 1  # libheif has already applied the file's rotation and mirroring
    else:
        if fmt == "PNG":
            _check_png(data)
        img.load()
        # Pillow turns a TIFF upright as it loads it (and then drops the tag): the tag is read again, so that the turn
        # is applied exactly once whichever decoder applied it
        orientation = _orientation(img)
        small = _reduce_to_rgb(img, max_side)
    if orientation in (5, 6, 7, 8):  # a quarter turn swaps width and height
        width, height = height, width
    if orientation in _TRANSPOSE:
        small = small.transpose(_TRANSPOSE[orientation])
    return np.array(small, dtype=np.uint8), (width, height), frames


def decode_cost(fmt: str, mode: str, size: tuple[int, int], *, file_bytes: int = 0, layout: str = "") -> int:
    """Estimated peak extra memory, in bytes, of decoding a picture with :func:`load_photo`.

    Parameters
    ----------
    fmt, mode : str
        Pillow's format name and mode of the file (``"PNG"``, ``"I;16"``).
    size : tuple of int
        ``(width, height)`` in pixels.
    file_bytes : int, optional
        Size of the encoded file (it is held while decoding).
    layout : str, optional
        For a progressive JPEG, its chroma subsampling (``"420"``, ``"444"``, ``"Gray"``, ``"CMYK"``): all
        its coefficients are kept, 2 bytes each. For a TIFF, its bytes per pixel as stored (``"6"`` for
        16-bit RGB), a strip that may span the whole picture. Empty otherwise.

    Returns
    -------
    int
        Bytes; :func:`load_photo` refuses a file above :data:`MEMORY_BUDGET`.

    Examples
    --------
    >>> jpeg = decode_cost("JPEG", "RGB", (8000, 6000))  # decoded at 1/4 scale by libjpeg
    >>> png = decode_cost("PNG", "RGB", (8000, 7000))  # decoded at full size first
    >>> jpeg < MEMORY_BUDGET < png
    True
    """
    pixels = size[0] * size[1]
    if fmt in ("JPEG", "MPO"):
        per_pixel = 2.0 * _SAMPLES.get(layout, 4.0) if layout else 0.0
    elif fmt == "WEBP":
        per_pixel = 7.0
    elif fmt == "HEIF":
        per_pixel = {"L": 2.5, "RGB": 4.5}.get(mode, 6.0)
    else:
        per_pixel = _PILLOW_BYTES.get(mode, 4.0)
        if fmt == "TIFF":
            per_pixel += float(layout) if layout else 4.0
    return int(_WORKING + file_bytes + pixels * per_pixel)


def display_name(path: str | os.PathLike[str], *, limit: int = 80) -> str:
    """A file name fit to echo in one line: control characters and escapes written out, long names shortened.

    Examples
    --------
    >>> display_name("/tmp/face\\n\\x1b[31mred.jpg")
    'face\\\\n\\\\x1b[31mred.jpg'
    >>> len(display_name("a" * 300 + ".jpg")) <= 80
    True
    """
    name = os.path.basename(os.fsdecode(path)) or os.fsdecode(path)
    shown = printable(name)
    if len(shown) > limit:
        keep = limit - 1
        shown = shown[: keep - keep // 3] + "…" + shown[-(keep // 3) :]
    return shown


def printable(text: str) -> str:
    r"""``text`` with every character that is not printable (newline, escape, bell, bidi overrides, undecodable
    bytes of a file name) written out as a Python escape, so it cannot move the cursor or paint a terminal.

    Examples
    --------
    >>> printable("Zoë\t\x1b[2J\u202e")
    'Zoë\\t\\x1b[2J\\u202e'
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii") for c in text)


# --- reading ---------------------------------------------------------------------------------------


def _read_bytes(source: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        _check_file_size("", len(source) if not isinstance(source, memoryview) else source.nbytes)
        return bytes(source)
    if not isinstance(source, (str, os.PathLike)):
        raise PhotoError("A photo must be given as bytes or a file path.")
    if not os.fspath(source):  # os.stat("") fails as a missing file, said as "no file named '' ... in" the parent folder
        raise PhotoError("No photo was named: give the path of a photo file.")
    name = display_name(source)
    try:
        info = os.stat(source)  # before opening: opening a FIFO blocks and opening a device may act
        if stat.S_ISDIR(info.st_mode):
            raise PhotoError(f"'{name}' is a folder, not a photo.")
        if not stat.S_ISREG(info.st_mode):
            raise PhotoError(f"'{name}' is not a regular file (a pipe, device or socket): give the path of a photo file.")
        _check_file_size(name, info.st_size)
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())  # the file opened may not be the one checked (it was replaced meanwhile)
            if not stat.S_ISREG(info.st_mode):
                raise PhotoError(f"'{name}' is not a regular file (a pipe, device or socket): give the path of a photo file.")
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        folder = os.path.dirname(os.path.abspath(os.fsdecode(source)))
        if not os.path.isdir(folder):  # the folder is what is missing: say so ("no file named 'x.jpg'" dropped it)
            raise PhotoError(f"There is no folder {printable(folder)} to find '{name}' in.") from exc
        raise PhotoError(f"No file named '{name}' was found in {printable(folder)}.") from exc
    except IsADirectoryError as exc:
        raise PhotoError(f"'{name}' is a folder, not a photo.") from exc
    except PermissionError as exc:
        raise PhotoError(f"The file '{name}' could not be opened: check that it can be read.") from exc
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        raise PhotoError(f"The file '{name}' could not be read.") from exc
    _check_file_size(name, len(data))
    return data


def _check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        what = f"The file '{name}'" if name else "The file"
        raise PhotoError(f"{what} is too large ({size / 2**20:.0f} MB): use a photo file under {MAX_FILE_BYTES // 2**20} MB.")


def _not_an_image(data: bytes) -> str:
    if data.startswith(_JPEG_START):  # a JPEG's first bytes and too little after them for Pillow to know it
        return "The image file is an incomplete JPEG (it ends early): try exporting or taking the photo again."
    head = data[:512].lstrip().lower()
    what = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)
    if what is None and data[4:12] in (b"ftypavif", b"ftypavis"):
        what = "an AVIF image"
    if what is None and (head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head)):
        what = "an SVG drawing"
    if what is None and (head.startswith(b"<!doctype html") or head.startswith(b"<html")):
        what = "a web page (HTML)"
    if what is None:
        return f"This file is not an image MirrorMap can read: use a {FORMAT_WORDS} photo."
    return f"This file is {what}, not a photo MirrorMap can read: use a {FORMAT_WORDS} photo."


def _open(data: bytes) -> Image.Image:
    """Open ``data`` with Pillow, only as one of :data:`FORMATS`, reading its header and nothing of its picture.

    Pillow refuses a picture over its decompression-bomb limit (89 megapixels; 179 even as a warning) as it opens it.
    A JPEG is decoded reduced (:func:`_jpeg_shrink`), so a 108- or 200-megapixel phone JPEG is opened again by
    Pillow's JPEG opener itself, without that check: :func:`_check_size` then judges the picture libjpeg will decode.
    """
    try:
        return Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        if not data.startswith(_JPEG_START):
            raise
    return JpegImagePlugin.jpeg_factory(io.BytesIO(data))


def _bomb_pixels(exc: Exception) -> int | None:
    """The pixel count Pillow's decompression-bomb refusal names ("Image size (144000000 pixels) exceeds ..."), if any."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return int(found[1]) if found else None


def _too_many_pixels(pixels: int | None) -> str:
    """The sentence for a picture over :data:`MAX_PIXELS` that cannot be decoded reduced, naming its size when known.

    >>> _too_many_pixels(144_000_000)
    'The image is too large to process safely (144 megapixels): use a photo under 64 megapixels, or save it as a JPEG.'
    """
    size = f" ({pixels / 1e6:.0f} megapixels)" if pixels else ""
    return f"The image is too large to process safely{size}: use a photo under {MAX_PIXELS // 1_000_000} megapixels, or save it as a JPEG."


def _check_size(img: Image.Image, fmt: str, data: bytes, max_side: int, *, full: bool = False) -> int:
    """Refuse a picture too small, too large or too costly to decode; return its estimated decode cost in bytes.

    A JPEG is judged by the picture libjpeg will decode (:func:`_jpeg_shrink` for ``max_side``), any other file by its
    own size. ``full``: the picture is decoded at its own size (a crop is taken from it), which for a JPEG costs
    :data:`_FULL_JPEG_BYTES` per pixel beyond :func:`decode_cost`'s reduced decode.
    """
    width, height = img.size
    pixels = width * height
    jpeg = fmt in ("JPEG", "MPO")
    reduced = 0
    if pixels > MAX_PIXELS:
        shrink = _jpeg_shrink(width, height, max_side) if jpeg and not full else None
        if shrink is None:
            raise PhotoError(_too_many_pixels(pixels))
        reduced = -(-width // shrink) * -(-height // shrink)
    if min(width, height) < MIN_SIDE:
        raise PhotoError(too_small(width, height))
    layout = _layout(img, fmt, data)
    cost = decode_cost(fmt, img.mode, (width, height), file_bytes=len(data), layout=layout)
    if full and jpeg:
        cost += int(_FULL_JPEG_BYTES * pixels)
    cost += int(_REDUCED_JPEG_BYTES * reduced)
    if cost > MEMORY_BUDGET:
        per_pixel = (cost - _WORKING - len(data)) / pixels
        limit = max(0.0, (MEMORY_BUDGET - _WORKING - len(data)) / per_pixel / 1e6)
        kind = ("progressive " if jpeg and layout else "") + _FORMAT_NAMES.get(fmt, fmt)  # a baseline one: a huge claim
        raise PhotoError(
            f"This {pixels / 1e6:.0f}-megapixel {kind} would take too much memory to decode: use a photo under {limit:.0f} megapixels, or an ordinary JPEG."
        )
    return cost


def _layout(img: Image.Image, fmt: str, data: bytes) -> str:
    """What :func:`decode_cost` needs beyond format and mode: a progressive JPEG's sampling, a TIFF's bytes per pixel."""
    if fmt in ("JPEG", "MPO"):
        if not img.info.get("progressive"):
            return ""
        try:
            colour, sampling = simplejpeg.decode_jpeg_header(data)[2:4]
        except ValueError:
            return "CMYK"  # the most costly; a header simplejpeg cannot read is refused when decoded
        return sampling if colour in ("Gray", "YCbCr", "RGB") else "CMYK"
    if fmt == "TIFF":
        tags = getattr(img, "tag_v2", {})
        bits = tags.get(258, (8,))
        samples = tags.get(277, len(bits) if isinstance(bits, tuple) else 1)
        depth = max(bits) if isinstance(bits, tuple) and bits else int(bits) if isinstance(bits, int) else 8
        return f"{max(1, int(samples)) * max(1, int(depth)) / 8:g}"
    return ""


def _orientation(img: Image.Image) -> int:
    """The EXIF orientation (1-8), or 1 when there is none or it cannot be read."""
    try:
        value = img.getexif().get(_ORIENTATION, 1)
    except Exception:  # a damaged EXIF block: the pixels are still fine, the picture is taken as stored
        return 1
    return int(value) if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif_size(img: Image.Image) -> tuple[int, int] | None:
    """The EXIF pixel size (``PixelXDimension`` × ``PixelYDimension``) the camera wrote, or None."""
    try:
        tags = img.getexif().get_ifd(_EXIF_IFD)
        shot = (tags.get(_PIXEL_X), tags.get(_PIXEL_Y))
    except Exception:  # a damaged EXIF block: the pixels are still fine, the size shot is unknown
        return None
    return (shot[0], shot[1]) if all(isinstance(n, int) and n > 0 for n in shot) else None  # type: ignore[return-value]


def _same_shape(a: float, b: float) -> bool:
    """Two width-to-height ratios within :data:`SHAPE_TOLERANCE` of each other."""
    return abs(math.log(a / b)) <= SHAPE_TOLERANCE


def cut_since_taken(img: Image.Image) -> bool:
    """Whether a file was cut from a larger photo since it was taken: its EXIF pixel size has another shape than the
    picture (a photo only reduced in size keeps its shape), or, with none, the picture has none of a camera's shapes
    (:data:`CAMERA_SHAPES`, either way up), as a crop around a face in a photo editor or a gallery app mostly has.

    Examples
    --------
    >>> cut_since_taken(Image.new("RGB", (1600, 1200))), cut_since_taken(Image.new("RGB", (1080, 1350)))
    (False, True)
    """
    width, height = img.size
    shot = _exif_size(img)
    if shot is not None:
        return not _same_shape(shot[0] / shot[1], width / height)
    return not any(_same_shape(width / height, r) or _same_shape(height / width, r) for r in CAMERA_SHAPES)


def _focal_35mm(img: Image.Image) -> float | None:
    """The EXIF ``FocalLengthIn35mmFilm``, mm, or None when there is none or it cannot be read. A file cut since it was
    taken keeps its lens's (:func:`cut_since_taken`), of the photo as taken: its middle is no longer the lens's axis."""
    try:
        focal = img.getexif().get_ifd(_EXIF_IFD).get(_FOCAL_35MM)
    except Exception:  # a damaged EXIF block: the pixels are still fine, the focal length is unknown
        return None
    if not isinstance(focal, (int, float)) or not 8 <= float(focal) <= 1200:
        return None
    return float(focal)


def _frame_count(img: Image.Image, fmt: str) -> int:
    """How many frames, pages or pictures the file holds (only the first or main one is used)."""
    if fmt in ("JPEG", "MPO"):
        return 1  # an MPO's extra pictures (depth, stereo) belong to the main one
    frames = int(getattr(img, "n_frames", 1) or 1)
    img.seek(0)
    return frames


def _judge_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    """Decoder warnings that say the picture data is damaged, as a caveat on the result.

    Faults in metadata (EXIF, ICC, XMP) leave the pixels intact and are not reported; neither are
    warnings about a conversion (e.g. a palette's transparency), which say nothing about the file.
    """
    notes = []
    for w in caught:
        text = str(w.message).lower()
        if any(word in text for word in ("exif", "metadata", "icc", "xmp")):
            continue
        if any(word in text for word in ("truncat", "corrupt", "malformed", "broken", "damag", "premature", "invalid", "missing")):
            notes.append("This file has a minor fault: its picture was read, but check that the photo looks right.")
    return notes


class _MemoryPool:
    """Admits decodes while their estimated peaks fit in ``total`` bytes; the others wait for memory to be given back."""

    def __init__(self, total: int) -> None:
        self._total, self._used = total, 0
        self._freed = threading.Condition()

    @contextmanager
    def reserve(self, nbytes: int) -> Iterator[None]:
        """Wait until ``nbytes`` fit, hold them for the block, then give the freed memory back to the system."""
        nbytes = min(nbytes, self._total)
        with self._freed:
            self._freed.wait_for(lambda: self._used + nbytes <= self._total)
            self._used += nbytes
        try:
            yield
        finally:
            _trim_heap()
            with self._freed:
                self._used -= nbytes
                self._freed.notify_all()


def _trim_heap() -> None:
    """Hand the decode's freed buffers back to the system (glibc keeps them per thread otherwise; a no-op elsewhere).

    Without it, every thread that ever decoded a large picture keeps its ~100 MB of freed buffers: 16
    simultaneous uploads of the issue's file held 1.8 GB although the pool let only four decode at once.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    return libc


_POOL = _MemoryPool(DECODE_POOL)


# --- decoding --------------------------------------------------------------------------------------


def _target(width: int, height: int, max_side: int) -> tuple[int, int] | None:
    """The working size of a ``width`` × ``height`` picture, or ``None`` when it is kept as it is."""
    if max(width, height) <= max_side * _SLACK:
        return None
    factor = max_side / max(width, height)
    return (max(1, round(width * factor)), max(1, round(height * factor)))


def _decode_jpeg(img: Image.Image, data: bytes, max_side: int) -> Image.Image:
    """Decode a JPEG at 1/1, 1/2, 1/4 or 1/8 scale (the smallest that stays near ``max_side``), refusing corrupt data.

    libjpeg reports damage ("Corrupt JPEG data", "Premature end of JPEG file") only as a warning, which
    Pillow does not pass on; ``simplejpeg`` turns it into an error (``strict=True``). The scaled decode
    is the one ``Image.draft`` makes (the same libjpeg scaling), so both give the same pixels.
    """
    w0, h0 = img.size
    shrink = _jpeg_shrink(w0, h0, max_side)
    if shrink is None:  # pragma: no cover - _check_size refused it before decoding
        raise PhotoError(_too_many_pixels(w0 * h0))
    out_w, out_h = -(-w0 // shrink), -(-h0 // shrink)
    try:
        colour = simplejpeg.decode_jpeg_header(data)[2]
    except ValueError as exc:
        raise _jpeg_error(exc) from exc
    if colour in ("Gray", "YCbCr", "RGB"):
        target = "GRAY" if colour == "Gray" else "RGB"
        arr = _strict_jpeg(data, target, out_w, out_h)
        picture = Image.fromarray(arr[..., 0], "L") if target == "GRAY" else Image.fromarray(arr, "RGB")
        del arr
    else:  # CMYK / YCCK: libjpeg cannot make RGB of it, Pillow can (Adobe's inverted CMYK); check the data first
        _strict_jpeg(data, "CMYK", 1, 1)
        img.draft("RGB", (out_w, out_h))
        img.load()
        picture = img
    return _reduce_to_rgb(picture, max_side)


def _jpeg_shrink(width: int, height: int, max_side: int) -> int | None:
    """The divisor (1, 2, 4 or 8) libjpeg decodes a ``width`` × ``height`` JPEG at: the largest scale that stays near
    ``max_side`` and within :data:`MAX_PIXELS`; ``None`` when even 1/8 scale holds more than :data:`MAX_PIXELS`.

    >>> _jpeg_shrink(4000, 3000, 2048), _jpeg_shrink(12000, 9000, 2048), _jpeg_shrink(12000, 9000, 20000)
    (2, 4, 2)
    >>> _jpeg_shrink(70000, 70000, 2048) is None  # a file claiming 4.9 gigapixels: 67 megapixels at 1/8
    True
    """
    shrink = 1
    if max(width, height) > max_side * _SLACK:
        wanted = max_side / _SLACK / max(width, height)
        scale = min(width // max(1, int(width * wanted)), height // max(1, int(height * wanted)))
        shrink = next(s for s in reversed(_JPEG_SHRINKS) if s <= scale)
    # libjpeg's output is ceil(side / shrink) on each side
    return next((s for s in _JPEG_SHRINKS if s >= shrink and -(-width // s) * -(-height // s) <= MAX_PIXELS), None)


def _strict_jpeg(data: bytes, colourspace: str, min_width: int, min_height: int) -> npt.NDArray[np.uint8]:
    try:
        return np.asarray(simplejpeg.decode_jpeg(data, colourspace, min_width=min_width, min_height=min_height, strict=True), dtype=np.uint8)
    except ValueError as exc:
        raise _jpeg_error(exc) from exc


def _jpeg_error(exc: ValueError) -> PhotoError:
    text = str(exc)
    if text.startswith("Unsupported") or "not supported" in text.lower():
        return PhotoError("This JPEG uses a kind of compression MirrorMap cannot read: save the photo again as an ordinary JPEG.")
    if "Premature end" in text:
        return PhotoError("The image file is incomplete (it ends early): try exporting or taking the photo again.")
    return PhotoError("The image file is damaged or incomplete: try exporting or taking the photo again.")


def _check_png(data: bytes) -> None:
    """Refuse a PNG whose chunks do not match their CRC, or that ends inside a chunk.

    Pillow checks the CRC of the header chunks but not of the picture data (IDAT), and stops inflating
    once it has every row, before zlib's own checksum: a damaged PNG would otherwise decode to a
    damaged picture without a word.
    """
    view = memoryview(data)
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(view[pos : pos + 4], "big")
        end = pos + 12 + length
        if end > len(data):
            break
        if zlib.crc32(view[pos + 4 : end - 4]) != int.from_bytes(view[end - 4 : end], "big"):
            raise PhotoError("The image file is damaged (its data fails its own checksum): try exporting or taking the photo again.")
        if bytes(view[pos + 4 : pos + 8]) == b"IEND":
            return
        pos = end
    if pos != len(data):
        raise PhotoError("The image file is incomplete (it ends early): try exporting or taking the photo again.")


def _decode_webp(data: bytes, max_side: int) -> Image.Image:
    """Decode a WebP (the first frame of an animation) with OpenCV's libwebp.

    Pillow's WebP decoder goes through libwebp's animation API, which holds two canvases and a copy
    while handing a frame over (~19 bytes per pixel); OpenCV decodes into one BGR(A) array (~6).
    """
    import cv2

    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)  # as stored: no EXIF turn, alpha kept
    if arr is None or arr.dtype != np.uint8 or arr.ndim not in (2, 3):
        raise PhotoError("The image file is damaged or incomplete: try exporting or taking the photo again.")
    mode = "L" if arr.ndim == 2 else {3: "RGB", 4: "RGBA"}.get(arr.shape[2], "")
    if not mode:
        raise PhotoError("The image file is damaged or incomplete: try exporting or taking the photo again.")
    return _reduce_to_rgb(_ArrayBands(np.asarray(arr, dtype=np.uint8), mode, bgr=True), max_side)


def _decode_heif(data: bytes, max_side: int) -> Image.Image:
    """Decode the main picture of a HEIC/HEIF file (libheif, 8 bits) and check it against its own thumbnail.

    The picture is read straight from libheif's buffer (no second full-size copy in Pillow).
    HEVC has no checksum, so damaged data decodes to a garbled picture without any error; an embedded
    thumbnail (phones write one) is an independent copy of the picture, and a picture that does not
    look like its thumbnail is refused.
    """
    if not _HEIF:  # pragma: no cover - exercised only without pillow-heif
        raise PhotoError("HEIC photos cannot be read on this installation: use a JPEG or PNG photo.")
    heif = pillow_heif.open_heif(data, convert_hdr_to_8bit=True, remove_stride=False)
    main = heif[heif.primary_index]
    mode = main.mode.split(";")[0]
    channels = {"RGB": 3, "RGBA": 4, "L": 1}.get(mode) if mode == main.mode else None
    if channels is None:
        raise PhotoError("This HEIC photo has a colour format MirrorMap cannot read: export it as a JPEG.")
    width, height = main.size
    # A read-only view of libheif's buffer, each row starting at its padded stride. (Pillow-heif's own array
    # interface gives no strides and a width of stride // channels: where the stride is not a whole number of
    # pixels, 4064 bytes for a 1350-pixel row, every row slipped sideways and the picture came out sheared.)
    shape = (height, width, channels) if channels > 1 else (height, width)
    arr: npt.NDArray[np.uint8] = np.ndarray(shape, dtype=np.uint8, buffer=main.data, strides=(main.stride, channels, 1)[: len(shape)])
    source = _ArrayBands(arr, mode)
    small = _reduce_to_rgb(source, max_side)
    if main.info.get("thumbnails"):
        _check_against_thumbnail(small, main.get_thumbnail(0))
    return small


def _check_against_thumbnail(small: Image.Image, thumbnail: object) -> None:
    """Refuse a HEIC picture that does not look like its own embedded thumbnail (see :func:`_decode_heif`).

    Both are reduced to about 32 px on the long side, where resampling and compression differences
    vanish: on the test photos, encoded both fast and carefully, no 32-px cell of a faithful thumbnail
    differs by more than 32 levels, while damaged HEVC data garbles blocks by 50-250 levels.
    """
    to_pillow: Callable[[], Image.Image] = thumbnail.to_pillow  # type: ignore[attr-defined]
    thumb = to_pillow().convert("RGB")
    if min(thumb.size) < 16 or abs(thumb.size[0] / thumb.size[1] - small.size[0] / small.size[1]) > 0.02:
        return  # too small to judge, or not a copy of the whole picture
    k = 32 / max(thumb.size)
    cells = (max(1, round(thumb.size[0] * k)), max(1, round(thumb.size[1] * k)))
    reference = np.asarray(thumb.resize(cells, Image.Resampling.BOX), dtype=np.int16)
    picture = np.asarray(small.resize(cells, Image.Resampling.BOX), dtype=np.int16)
    if np.abs(picture - reference).max() > _THUMBNAIL_TOLERANCE:
        raise PhotoError("The image file is damaged (its picture does not match its own preview): try exporting or taking the photo again.")


class _ArrayBands:
    """A decoded picture held as an array, offering the two things :func:`_reduce_to_rgb` needs of a Pillow image."""

    def __init__(self, arr: npt.NDArray[np.uint8], mode: str, *, bgr: bool = False) -> None:
        self.arr, self.mode, self.bgr = arr, mode, bgr
        self.size = (int(arr.shape[1]), int(arr.shape[0]))
        self.info: dict[str, object] = {}

    def crop(self, box: tuple[int, int, int, int]) -> Image.Image:
        x0, y0, x1, y1 = box
        piece = self.arr[y0:y1, x0:x1]
        if self.mode == "L":
            piece = piece.reshape(piece.shape[:2])
        elif self.bgr:  # OpenCV's channel order
            piece = piece[..., [2, 1, 0, 3][: piece.shape[2]]]
        return Image.fromarray(np.ascontiguousarray(piece), self.mode)

    def getextrema(self) -> tuple[int, int]:  # pragma: no cover - only 8-bit modes come as arrays, and they never ask
        return (0, 255)


def _reduce_to_rgb(img: Image.Image | _ArrayBands, max_side: int) -> Image.Image:
    """Convert a decoded picture of any mode to 8-bit RGB at working size, one band of rows at a time.

    The result is the one ``convert`` to RGB followed by ``resize(size, BICUBIC, reducing_gap=1.0)``
    gives (the box reduction is done per band, on band edges that are multiples of its factor), but no
    full-size RGB copy, float copy or alpha-flattened copy is ever made.
    """
    width, height = img.size
    size = _target(width, height, max_side)
    fx = fy = 1
    if size is not None:  # box-reduce by the whole factor, then resample by what is left (less than 2)
        fx = max(1, width // size[0])
        fy = max(1, height // size[1])
    if img.mode == "RGB" and fx == fy == 1 and isinstance(img, Image.Image):  # nothing to convert: no band copy
        return img if size is None else img.resize(size, Image.Resampling.BICUBIC)
    convert = _converter(img)
    rows = max(1, _BAND_BYTES // (4 * width * fy)) * fy
    out = Image.new("RGB", (-(-width // fx), -(-height // fy)))
    for y0 in range(0, height, rows):
        piece = convert(img.crop((0, y0, width, min(height, y0 + rows))))
        if fx > 1 or fy > 1:
            piece = piece.reduce((fx, fy))
        out.paste(piece, (0, y0 // fy))
    if size is not None:
        out = out.resize(size, Image.Resampling.BICUBIC, box=(0, 0, width / fx, height / fy))
    return out


def _converter(img: Image.Image | _ArrayBands) -> Callable[[Image.Image], Image.Image]:
    """The conversion of one band to 8-bit RGB; its scale is fixed by the whole picture (16-bit and float data)."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        top = 255 if cast("tuple[int, int]", img.getextrema())[1] <= 255 else 65535

        def sixteen(band: Image.Image) -> Image.Image:
            arr = np.asarray(band, dtype=np.int64)
            if top == 255:
                grey = np.clip(arr, 0, 255)
            else:  # round(v * 255 / 65535) = round(v / 257), which never falls on .5: integer arithmetic is exact
                grey = np.clip((arr + 128) // 257, 0, 255)
            return Image.fromarray(grey.astype(np.uint8), "L").convert("RGB")

        return sixteen
    if mode == "F":
        lo, hi = cast("tuple[float, float]", img.getextrema())

        def floating(band: Image.Image) -> Image.Image:
            arr = np.nan_to_num(np.asarray(band, dtype=np.float64), nan=lo)
            grey = np.zeros(arr.shape, np.uint8) if not hi > lo else np.round((arr - lo) * (255.0 / (hi - lo))).astype(np.uint8)
            return Image.fromarray(grey, "L").convert("RGB")

        return floating
    if mode in ("P", "PA", "RGBA", "LA", "RGBa", "La"):
        return _flatten
    if mode == "RGB":
        return lambda band: band
    return lambda band: band.convert("RGB")


def _flatten(band: Image.Image) -> Image.Image:
    """Transparency flattened onto white."""
    rgba = band.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")
