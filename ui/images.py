"""Pictures the pages send to the browser: JPEG bytes and a two-frame blink, made in memory."""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageDraw

from viz.mirror import two_frame_gif
from viz.overlay import label_font

__all__ = ["blink_gif", "jpeg", "labelled"]

#: How long each frame of the blink shows, milliseconds.
BLINK_MS = 900
#: A frame's label is this share of the picture's width tall (at least :data:`LABEL_MIN_PX`): on a shared screen the
#: blink alternated rest and expression with nothing to say which frame was which.
LABEL_SHARE: Final = 1 / 18
#: The smallest label, pixels of the picture.
LABEL_MIN_PX: Final = 14
#: The label's box: near-black, mostly opaque, under white words (contrast over any face or background).
LABEL_BOX_RGBA: Final = (0, 0, 0, 200)


def jpeg(img: Image.Image) -> bytes:
    """JPEG bytes (quality 85), to keep a page update small."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def labelled(img: Image.Image, text: str) -> Image.Image:
    """A copy of ``img`` (as RGB) with ``text`` in white on a dark box in its top left corner, sized to the picture.

    Parameters
    ----------
    img : PIL.Image.Image
        The picture, any mode; it is not changed.
    text : str
        The label, a word or two ("Rest", "Big smile").

    Returns
    -------
    PIL.Image.Image
        The labelled copy: the words :data:`LABEL_SHARE` of its width tall (at least :data:`LABEL_MIN_PX`).

    Examples
    --------
    >>> out = labelled(Image.new("RGB", (360, 360), "grey"), "Rest")
    >>> out.size, out.getpixel((2, 2))
    ((360, 360), (28, 28, 28))
    """
    out = img.convert("RGB")  # a copy
    size = max(LABEL_MIN_PX, round(out.width * LABEL_SHARE))
    font = label_font(size, bold=True)
    draw = ImageDraw.Draw(out, "RGBA")
    pad = max(3, size // 3)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.rectangle([0, 0, right - left + 2 * pad, bottom - top + 2 * pad], fill=LABEL_BOX_RGBA)
    draw.text((pad - left, pad - top), text, fill=(255, 255, 255), font=font)
    return out


def blink_gif(first: Image.Image, second: Image.Image, *, labels: tuple[str, str] | None = None) -> bytes:
    """An endless two-frame blink as GIF bytes (:func:`viz.mirror.two_frame_gif`: one palette for both frames).

    Parameters
    ----------
    first, second : PIL.Image.Image
        The two pictures, shown in turn for :data:`BLINK_MS` each; any mode (they are drawn as RGB).
    labels : tuple of str, optional
        A label for each picture, drawn in its corner (:func:`labelled`) so that a frame says which it is.

    Returns
    -------
    bytes
        A GIF made in memory, looping forever; each frame decodes at the size of its picture.
    """
    if labels is not None:
        first, second = labelled(first, labels[0]), labelled(second, labels[1])
    return two_frame_gif(first, second, period_ms=BLINK_MS)
