"""Pictures the pages send to the browser: JPEG bytes and a two-frame blink, made in memory."""

from __future__ import annotations

import io

from PIL import Image

from viz.mirror import two_frame_gif

__all__ = ["blink_gif", "jpeg"]

#: How long each frame of the blink shows, milliseconds.
BLINK_MS = 900


def jpeg(img: Image.Image) -> bytes:
    """JPEG bytes (quality 85), to keep a page update small."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def blink_gif(first: Image.Image, second: Image.Image) -> bytes:
    """An endless two-frame blink as GIF bytes (:func:`viz.mirror.two_frame_gif`: one palette for both frames).

    Parameters
    ----------
    first, second : PIL.Image.Image
        The two pictures, shown in turn for :data:`BLINK_MS` each; any mode (they are drawn as RGB).

    Returns
    -------
    bytes
        A GIF made in memory, looping forever; each frame decodes at the size of its picture.
    """
    return two_frame_gif(first, second, period_ms=BLINK_MS)
