"""Pictures the pages send to the browser: a face cropped and reduced, JPEG bytes and a two-frame blink, all made in memory."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = ["blink_gif", "crop", "jpeg"]


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
