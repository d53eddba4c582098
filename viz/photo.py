"""Photo intake: bytes or a path in, an upright RGB ``uint8`` working image out.

Everything a phone or a camera may hand over is accepted (JPEG, PNG, WebP, HEIC/HEIF, TIFF, BMP;
EXIF rotations; RGBA, greyscale, palette, CMYK and 16-bit data). Large photos are decoded at a
reduced size and capped at :data:`MAX_WORKING_SIDE` pixels on the long side; the scale back to the
original is kept so that landmarks can be reported in original-photo pixels. Metadata (EXIF,
including GPS) is never carried over: :class:`Photo` holds pixels only.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from struct import error as struct_error

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from viz.errors import ArgumentError, PhotoError

try:  # iPhone photos; the package is a declared dependency, the guard keeps a broken wheel from breaking JPEG
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - exercised only without pillow-heif
    pass

__all__ = ["MAX_PIXELS", "MAX_WORKING_SIDE", "MIN_SIDE", "Photo", "load_photo"]

#: Long side of the working image. Beyond this, landmark precision no longer improves
#: (the landmark model sees the face at 192-256 px) while decode and warp time keep growing.
MAX_WORKING_SIDE = 2048
#: Largest accepted photo, in pixels (a 100-megapixel image is refused as a decompression bomb).
MAX_PIXELS = 64_000_000
#: Smallest accepted side, in pixels: below this no face can be measured.
MIN_SIDE = 64

ImageFile.LOAD_TRUNCATED_IMAGES = False
_ORIENTATION = 0x0112  # EXIF tag
_SLACK = 1.15  # a decoded image up to 15% over max_side is kept as is: resampling it costs more than it saves


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
    """

    rgb: npt.NDArray[np.uint8]
    original_size: tuple[int, int]
    scale: float
    format: str

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` of the working image."""
        return (int(self.rgb.shape[1]), int(self.rgb.shape[0]))

    @classmethod
    def from_array(cls, rgb: npt.ArrayLike, *, scale: float = 1.0) -> Photo:
        """Wrap an ``(H, W, 3)`` uint8 array (copied) as a photo, e.g. a simulated or test image."""
        arr = np.array(rgb, dtype=np.uint8, copy=True)
        if arr.ndim != 3 or arr.shape[2] != 3:
            raise PhotoError("The image must be an RGB array of shape (height, width, 3).")
        if min(arr.shape[:2]) < MIN_SIDE:
            raise PhotoError(f"The image is too small ({arr.shape[1]}×{arr.shape[0]} px): use a photo at least {MIN_SIDE} px on each side.")
        arr.setflags(write=False)
        h, w = arr.shape[:2]
        return cls(rgb=arr, original_size=(round(w * scale), round(h * scale)), scale=float(scale), format="array")


def load_photo(source: bytes | str | os.PathLike[str], *, max_side: int = MAX_WORKING_SIDE) -> Photo:
    """Decode a photo into an upright RGB working image.

    Parameters
    ----------
    source : bytes or path
        The encoded file (bytes) or its path.
    max_side : int, optional
        Long side of the working image in pixels; larger photos are reduced.

    Returns
    -------
    Photo

    Raises
    ------
    PhotoError
        With one sentence, if the input is empty, not an image, truncated, smaller than
        :data:`MIN_SIDE` or larger than :data:`MAX_PIXELS`.
    ArgumentError
        If ``max_side`` is below :data:`MIN_SIDE`.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO(); Image.new("L", (200, 100), 128).save(buf, "PNG")
    >>> photo = load_photo(buf.getvalue())
    >>> photo.rgb.shape, photo.rgb.dtype.name, photo.scale
    ((100, 200, 3), 'uint8', 1.0)
    """
    if max_side < MIN_SIDE:
        raise ArgumentError(f"max_side must be at least {MIN_SIDE} pixels.")  # a caller's mistake, not a bad photo
    data = _read_bytes(source)
    if not data:
        raise PhotoError("The file is empty: choose a photo (JPEG, PNG, WebP or HEIC).")
    try:
        with warnings.catch_warnings():
            # Pillow warns about damaged files ("Truncated File Read", "Corrupt EXIF data"): such a warning would reach
            # the user as a multi-line message (or escape as an exception under -W error). Real damage still raises.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            fmt = img.format or "unknown"
            w0, h0 = img.size
            _check_size(w0, h0)
            if img.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8):  # rotated a quarter turn
                w0, h0 = h0, w0
            if fmt == "JPEG" and max(w0, h0) > max_side * _SLACK:
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: the smallest that stays near max_side.
                shrink = max_side / _SLACK / max(w0, h0)
                img.draft("RGB", (max(1, int(w0 * shrink)), max(1, int(h0 * shrink))))
            img.load()
            upright = ImageOps.exif_transpose(img)
            rgb_img = _to_rgb(upright if upright is not None else img)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError("The image is too large to process safely: use a photo under 64 megapixels.") from exc
    except UnidentifiedImageError as exc:
        raise PhotoError("This file is not an image MirrorMap can read: use a JPEG, PNG, WebP or HEIC photo.") from exc
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
        struct_error,
    ) as exc:
        raise PhotoError("The image file is damaged or incomplete: try exporting or taking the photo again.") from exc

    long_side = max(rgb_img.size)
    if long_side > max_side * _SLACK:
        factor = max_side / long_side
        new_size = (max(1, round(rgb_img.size[0] * factor)), max(1, round(rgb_img.size[1] * factor)))
        rgb_img = rgb_img.resize(new_size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    arr = np.asarray(rgb_img, dtype=np.uint8)
    if min(arr.shape[:2]) < MIN_SIDE:
        raise PhotoError(f"The image is too small ({arr.shape[1]}×{arr.shape[0]} px): use a photo at least {MIN_SIDE} px on each side.")
    arr = np.ascontiguousarray(arr)
    arr.setflags(write=False)
    scale = w0 / arr.shape[1]
    return Photo(rgb=arr, original_size=(w0, h0), scale=float(scale), format=fmt)


def _read_bytes(source: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise PhotoError(f"No file named {path.name!r} was found.") from exc
        except IsADirectoryError as exc:
            raise PhotoError(f"{path.name!r} is a folder, not a photo.") from exc
        except OSError as exc:
            raise PhotoError(f"The file {path.name!r} could not be read.") from exc
    raise PhotoError("A photo must be given as bytes or a file path.")


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise PhotoError(
            f"The image is too large to process safely ({width * height / 1e6:.0f} megapixels): use a photo under {MAX_PIXELS // 1_000_000} megapixels."
        )
    if min(width, height) < MIN_SIDE:
        raise PhotoError(f"The image is too small ({width}×{height} px): use a photo at least {MIN_SIDE} px on each side.")


def _to_rgb(img: Image.Image) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB; transparency is flattened onto white."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if arr.max() > 255 else 255.0
        grey = np.clip(np.round(arr * (255.0 / top)), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB")
    if mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
        grey = np.zeros(arr.shape, np.uint8) if hi <= lo else np.round((arr - lo) * (255.0 / (hi - lo))).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB")
    if mode == "P":
        img = img.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode == "RGB":
        return img.copy() if img.info else img
    return img.convert("RGB")
