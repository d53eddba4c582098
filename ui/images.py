"""Pictures the pages send to the browser: a face cropped and reduced, JPEG bytes and a two-frame blink, all made in memory."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image

import viz

__all__ = ["blink_gif", "crop", "face_box", "jpeg"]

#: Room around the face's landmark box, as shares of its width and height: (sides, above, below).
FACE_MARGINS: tuple[float, float, float] = (0.2, 0.3, 0.12)


def face_box(face: viz.Face, margins: tuple[float, float, float] = FACE_MARGINS) -> tuple[int, int, int, int]:
    """A box ``(x0, y0, x1, y1)`` in working-image pixels around a face, with room above the brows and below the chin."""
    h, w = face.photo.rgb.shape[:2]
    s = face.photo.scale
    x0, y0, x1, y1 = (v / s for v in face.bbox)
    bw, bh = x1 - x0, y1 - y0
    side, above, below = margins
    return max(0, int(x0 - side * bw)), max(0, int(y0 - above * bh)), min(w, int(x1 + side * bw)), min(h, int(y1 + below * bh))


def crop(rgb: npt.NDArray[np.uint8], box: tuple[int, int, int, int], max_side: int, *, enlarge: bool = False) -> Image.Image:
    """The box of an image, reduced to ``max_side`` pixels at most on its long side.

    ``enlarge``: a smaller box is brought up to ``max_side`` too, for a picture that words or arrows are drawn on
    next: they are then drawn at the size they are shown, not enlarged with a small face by the screen.
    """
    x0, y0, x1, y1 = box
    img = Image.fromarray(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    k = max_side / max(img.size)
    if k < 1 or (enlarge and k > 1):
        resample = Image.Resampling.LANCZOS if k < 1 else Image.Resampling.BICUBIC
        return img.resize((max(1, round(img.width * k)), max(1, round(img.height * k))), resample)
    return img


def jpeg(img: Image.Image) -> bytes:
    """JPEG bytes (quality 85), to keep a page update small."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def blink_gif(first: Image.Image, second: Image.Image) -> bytes:
    """An endless two-frame blink as GIF bytes."""
    buf = io.BytesIO()
    first.save(buf, "GIF", save_all=True, append_images=[second], duration=[900, 900], loop=0)
    return buf.getvalue()
