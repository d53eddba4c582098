"""Pictures the pages send to the browser: JPEG bytes and a two-frame blink, made in memory."""

from __future__ import annotations

import io

from PIL import Image

__all__ = ["blink_gif", "jpeg"]


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
