"""Make the app's sample portrait, ``ui/assets/sample_portrait.jpg``, from a shared test face.

The sample is face 006 of the Face Research Lab London Set (neutral expression; DeBruine & Jones 2017,
CC BY 4.0, see ``ui/assets/SOURCES.md``): cropped to a 4:5 portrait around the face at its original
resolution (never enlarged, so the measures are as precise as the original allows) and re-encoded as
a progressive JPEG without metadata, about 110 kB. Run it from the repository root::

    python tools/make_sample_portrait.py
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "tests" / "data" / "frl_london_006_03.jpg"
TARGET = REPO / "ui" / "assets" / "sample_portrait.jpg"
#: The crop (left, top, right, bottom) of the 1350 x 1350 original: 900 x 1125 pixels, the face about 430 px wide.
BOX = (225, 200, 1125, 1325)
QUALITY = 88


def make(source: Path = SOURCE) -> bytes:
    """The sample portrait's JPEG bytes (EXIF and comments dropped)."""
    with Image.open(source) as im:
        portrait = im.convert("RGB").crop(BOX)
    portrait.info.clear()  # Pillow would carry the original's JPEG comment over
    buf = io.BytesIO()
    portrait.save(buf, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return buf.getvalue()


if __name__ == "__main__":
    data = make()
    TARGET.write_bytes(data)
    print(f"{TARGET.relative_to(REPO)}: {len(data) / 1024:.0f} kB")
