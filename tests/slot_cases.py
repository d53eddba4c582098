"""Bad-input cases for the app's photo slots: the shared corpus (``tests/corpus.py``) when it is there, else a few made here.

A :class:`Case` is cheap when the engine refuses it while decoding (no detection runs), so it can go
through every slot; the others (decodable, odd pictures) go through one slot per page, and the big
ones (a 62-megapixel picture) through the first page only.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

import viz
from tests.conftest import face_path
from viz.errors import MirrorMapError

__all__ = ["Case", "cases"]


@dataclass(frozen=True)
class Case:
    """One input: an id, the file name and type the browser would send, the bytes, and whether the engine refuses it at once."""

    id: str
    name: str
    mime: str
    data: bytes
    cheap: bool
    big: bool = False


def _refused(data: bytes) -> bool:
    try:
        viz.load_photo(data)
    except MirrorMapError:
        return True
    return False


def _save(img: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels, with almost no data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT" + zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat) - 4)
        + idat
        + struct.pack(">I", zlib.crc32(idat))
    )


def _local() -> list[tuple[str, str, str, bytes]]:
    face = Image.open(face_path("frl_london_005_03.jpg")).convert("RGB")
    jpeg = _save(face, "JPEG", quality=90)
    grey16 = Image.fromarray((np.asarray(face.convert("L"), dtype=np.uint16) * 257).astype(np.uint16))
    frames = [face.resize((300, 300)), face.resize((300, 300)).rotate(20)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return [
        ("empty", "empty.jpg", "image/jpeg", b""),
        ("random-bytes", "noise.jpg", "image/jpeg", np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes()),
        ("truncated-jpeg-50", "half.jpg", "image/jpeg", jpeg[: len(jpeg) // 2]),
        ("pdf-renamed", "scan.jpg", "image/jpeg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("zip-renamed", "photos.jpg", "image/jpeg", b"PK\x03\x04" + b"\0" * 60),
        ("one-pixel", "dot.png", "image/png", _save(Image.new("RGB", (1, 1)), "PNG")),
        ("header-20000-squared", "huge.png", "image/png", _png_header(20000, 20000)),
        ("grey-no-face", "wall.png", "image/png", _save(Image.new("RGB", (400, 400), (128, 128, 128)), "PNG")),
        ("animated-gif", "face.gif", "image/gif", gif.getvalue()),
        ("png-16-bit-grey", "face16.png", "image/png", _save(grey16, "PNG")),
    ]


@functools.cache
def cases() -> list[Case]:
    """Every case, corpus first (when ``tests/corpus.py`` is present)."""
    raw = [(*case, False) for case in _local()]
    try:
        from tests import corpus  # the shared bad-input corpus, when it has landed
    except ImportError:
        pass
    else:
        raw = [(c.name, c.filename, c.mime, c.data, c.big) for c in corpus.cases()]
    return [Case(i, name, mime, data, _refused(data), big) for i, name, mime, data, big in raw]
