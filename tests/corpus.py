"""A corpus of odd, bad and hostile photo files, made in code (issue 11 §1), for the engine, the CLI and the app.

Every case is a named file (its bytes and the name it is uploaded or saved under) with the outcome the whole
pipeline must give. The bytes are made on first use and cached; the large cases are made cheaply (a PNG
streamed row by row through zlib, a header that only claims a size), so the whole corpus takes a few seconds.
The real faces come from ``tests/data`` (see its ``SOURCES.md``).

API (stable: the engine, CLI and UI tests all use it)::

    from tests.corpus import MEASURED, NO_FACE, REFUSED, UNMEASURABLE, WARNING, Case, case, cases

    for c in cases():      # a tuple of Case, in a fixed order; case("apng") finds one by name
        c.name             # short unique id, e.g. "truncated-jpeg-50" (use it as the pytest id)
        c.filename         # the name to upload or save it under; may hold non-ASCII or control characters
        c.data             # the file's bytes
        c.expect           # REFUSED, NO_FACE, UNMEASURABLE, MEASURED or WARNING (below)
        c.mime             # the MIME type a browser would send with that name (from its extension)
        c.match            # a regular expression the sentence must match (re.search, case-insensitive)
        c.big              # True when it decodes tens of megapixels (about a second or two each)
        c.note             # why the case exists and why it ends as it does

Outcomes:

``REFUSED``
    :func:`viz.load_photo` raises :class:`~viz.errors.PhotoError` with one sentence matching ``match``;
    the CLI exits 3 and prints that sentence; the app shows it and the slot stays usable.
``NO_FACE``
    The photo is read but :func:`viz.detect_face` finds no face; the CLI exits 4.
``UNMEASURABLE``
    A face is found but cannot be measured: :func:`viz.detect_face` raises :class:`~viz.errors.FaceError` with one
    sentence matching ``match``; the CLI exits 4 and prints that sentence.
``MEASURED``
    A face is found and measured, and the file itself gives no caveat (``photo.warnings`` is empty).
``WARNING``
    A face is found and measured, and one of ``photo.warnings`` or the report's warnings matches ``match``;
    the CLI exits 0 and prints that warning too.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from tests.conftest import face_path

__all__ = ["MEASURED", "NO_FACE", "REFUSED", "UNMEASURABLE", "WARNING", "Case", "case", "cases"]

REFUSED = "refused"
NO_FACE = "no_face"
UNMEASURABLE = "unmeasurable"
MEASURED = "measured"
WARNING = "warning"

#: The face most cases are made from, and the size it is used at (its face is ~250 px wide, ~19 px iris).
FACE = "frl_london_005_03.jpg"
SIDE = 720
#: Iris centres of FACE at SIDE × SIDE px (MediaPipe, subject's right then left): where the sunglasses go.
IRIS_CENTRES = ((304, 312), (414, 318))

Array = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Case:
    """One corpus file and the outcome it must have (see the module docstring)."""

    name: str
    filename: str
    make: Callable[[], bytes] = field(repr=False, compare=False)
    expect: str
    match: str = ""
    big: bool = False
    note: str = ""

    @property
    def data(self) -> bytes:
        """The file's bytes (made once, then cached)."""
        return _bytes_of(self.name, self.make)

    @property
    def mime(self) -> str:
        """The MIME type a browser would send with :attr:`filename` (from its extension, as browsers do)."""
        ext = self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
        return _MIME.get(ext, "application/octet-stream")

    @property
    def safe_filename(self) -> str:
        """A plain file name with the same extension, for tests where the name itself does not matter."""
        ext = self.filename.rsplit(".", 1)[-1] if "." in self.filename else "bin"
        ext = "".join(ch for ch in ext if ch.isascii() and ch.isalnum())[:5] or "bin"
        return f"{self.name}.{ext}"


_CACHE: dict[str, bytes] = {}
_MIME = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
    "heif": "image/heif",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "gif": "image/gif",
    "avif": "image/avif",
}


def _bytes_of(name: str, make: Callable[[], bytes]) -> bytes:
    if name not in _CACHE:
        _CACHE[name] = make()
    return _CACHE[name]


# --- material ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _face(name: str = FACE, side: int = SIDE) -> Array:
    with Image.open(face_path(name)) as img:
        return np.asarray(img.convert("RGB").resize((side, side), Image.Resampling.LANCZOS))


def _img(arr: Array | None = None) -> Image.Image:
    return Image.fromarray(_face() if arr is None else arr)


def _encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _jpeg() -> bytes:
    return _encode(_img(), "JPEG", quality=90)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(width: int, height: int, bit_depth: int, colour_type: int, idat: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _png_rows(width: int, height: int, bit_depth: int, colour_type: int, rows: Callable[[int], bytes]) -> bytes:
    """A PNG streamed row by row through zlib (filter 0), without ever holding the picture."""
    packer = zlib.compressobj(1)
    parts = [packer.compress(b"\x00" + rows(y)) for y in range(height)]
    parts.append(packer.flush())
    return _png(width, height, bit_depth, colour_type, b"".join(parts))


def _png_blank(width: int, height: int, bit_depth: int, colour_type: int, row_bytes: int) -> bytes:
    """A black PNG of any size in milliseconds: one row deflated once with a full flush (byte-aligned, no history)
    and repeated, then an empty final block and the zlib checksum of the whole."""
    row = bytes(1 + row_bytes)
    packer = zlib.compressobj(1)
    head = packer.compress(row) + packer.flush(zlib.Z_FULL_FLUSH)  # b"x\x01" + the row's blocks
    block = head[2:]
    check = 1
    for _ in range(height):
        check = zlib.adler32(row, check)
    idat = head[:2] + block * height + b"\x03\x00" + struct.pack(">I", check)
    return _png(width, height, bit_depth, colour_type, idat)


def _png16_rgb(arr: Array) -> bytes:
    """A 16-bit-per-channel RGB PNG of an 8-bit picture (v * 257, as an editor exports it); Pillow cannot write one."""
    wide = (arr.astype(">u2") * 257).tobytes()
    row = arr.shape[1] * 6
    return _png_rows(arr.shape[1], arr.shape[0], 16, 2, lambda y: wide[y * row : (y + 1) * row])


def _tiff16_rgb(arr: Array) -> bytes:
    """An uncompressed little-endian 16-bit RGB TIFF (one strip), written by hand; Pillow cannot write one."""
    height, width = arr.shape[:2]
    pixels = (arr.astype("<u2") * 257).tobytes()
    entries = [  # tag, type (3 SHORT, 4 LONG), count, value or offset
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 3, 0),  # BitsPerSample: offset filled below
        (259, 3, 1, 1),  # no compression
        (262, 3, 1, 2),  # RGB
        (273, 4, 1, 0),  # StripOffsets: filled below
        (277, 3, 1, 3),
        (278, 4, 1, height),
        (279, 4, 1, len(pixels)),
        (284, 3, 1, 1),  # chunky
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    bits_at = 8 + ifd_size
    strip_at = bits_at + 6
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, kind, count, value in entries:
        value = {258: bits_at, 273: strip_at}.get(tag, value)
        packed = struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0) + struct.pack("<HHH", 16, 16, 16) + pixels
    return bytes(out)


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` (the pixel data is not there)."""
    data = bytearray(_encode(Image.new("1", (8, 8)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def _with_exif_orientation(orientation: int) -> bytes:
    """The face stored turned so that EXIF ``orientation`` (3, 6 or 8) turns it upright again."""
    turned = np.rot90(_face(), {6: 1, 8: -1, 3: 2}[orientation])  # 6: stored turned 90° anticlockwise
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _encode(_img(np.ascontiguousarray(turned)), "JPEG", quality=90, exif=exif.tobytes())


def _turned(quarter_turns: int) -> bytes:
    """The face turned by quarter turns in the pixels themselves (no EXIF)."""
    return _encode(_img(np.ascontiguousarray(np.rot90(_face(), quarter_turns))), "JPEG", quality=90)


def _two_faces() -> bytes:
    canvas = Image.new("RGB", (1300, 720), (128, 128, 128))
    canvas.paste(_img(), (0, 0))
    canvas.paste(_img(_face("frl_london_025_03.jpg", 460)), (800, 130))
    return _encode(canvas, "JPEG", quality=90)


def _cartoon() -> bytes:
    from viz.pictograms import pictogram

    return _encode(Image.fromarray(pictogram("rest", width=600)), "PNG")


def _sunglasses() -> bytes:
    img = _img().copy()
    draw = ImageDraw.Draw(img)
    (rx, ry), (lx, ly) = IRIS_CENTRES
    for cx, cy in IRIS_CENTRES:
        draw.ellipse((cx - 46, cy - 30, cx + 46, cy + 32), fill=(18, 18, 24))
    draw.line(((rx + 40, ry - 8), (lx - 40, ly - 8)), fill=(18, 18, 24), width=8)
    return _encode(img, "JPEG", quality=90)


def _heic(*, thumbnail: bool = False) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    params: dict[str, object] = {"quality": 80, "enc_params": {"preset": "ultrafast"}}
    if thumbnail:
        params["thumbnails"] = [128]  # as a phone writes it: a small preview beside the picture
    return _encode(_img(), "HEIF", **params)


def _corrupt_heic() -> bytes:
    """A phone-like HEIC (with its preview) whose picture data is overwritten in the middle: HEVC decodes it garbled, without an error."""
    data = bytearray(_heic(thumbnail=True))
    start = data.rfind(b"mdat") + 4
    rng = random.Random(11)
    for fraction in (0.35, 0.55, 0.75):
        data[start + int((len(data) - start) * fraction)] ^= rng.randrange(1, 256)
    return bytes(data)


def _corrupt_jpeg() -> bytes:
    """Bytes overwritten inside the compressed picture: libjpeg warns "Corrupt JPEG data", Pillow alone would not."""
    data = bytearray(_jpeg())
    start = data.find(b"\xff\xda") + 200
    for i in range(start, start + 4000, 97):
        data[i] = 0x00 if data[i] != 0x00 else 0x5A
    return bytes(data)


def _bad_crc_png() -> bytes:
    data = bytearray(_encode(_img(), "PNG"))
    at = data.find(b"IDAT") + 4 + 1000
    data[at] ^= 0xFF
    return bytes(data)


def _animated(fmt: str, side: int = SIDE) -> bytes:
    first = _img(_face(side=side))
    second = _img(_face("frl_london_025_03.jpg", side))
    params: dict[str, object] = {"save_all": True, "append_images": [second], "duration": 500, "loop": 0}
    if fmt == "WEBP":
        params["quality"] = 80
    return _encode(first, fmt, **params)


def _multipage_tiff() -> bytes:
    return _encode(_img(), "TIFF", save_all=True, append_images=[Image.new("RGB", (SIDE, SIDE), (255, 255, 255))], compression="tiff_deflate")


def _eps() -> bytes:
    body = b"newpath 10 10 moveto 90 90 lineto stroke showpage\n"
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n" + body + b"%%EOF\n"


def _zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("face.jpg", _jpeg())
    return buf.getvalue()


def _pdf() -> bytes:
    objects = b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    return b"%PDF-1.4\n" + objects + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def _avif() -> bytes:
    return _encode(_img(_face(side=256)), "AVIF", quality=60)


def _dark() -> bytes:
    return _encode(_img((_face().astype(np.float32) * 0.12).astype(np.uint8)), "JPEG", quality=90)


def _overexposed() -> bytes:
    bright = np.clip(_face().astype(np.float32) * 2.6 + 60, 0, 255).astype(np.uint8)
    return _encode(_img(bright), "JPEG", quality=90)


def _big_16bit_png() -> bytes:
    """62 megapixels of 16-bit grey in ~0.1 MB (the issue's 1.8 GB file): decoded within the memory budget."""
    return _png_blank(7900, 7900, 16, 0, 7900 * 2)


def _png_20000() -> bytes:
    """A real 20000 × 20000 (400 megapixel) 1-bit PNG of a few kilobytes."""
    return _png_blank(20_000, 20_000, 1, 0, 2500)


def _random_bytes() -> bytes:
    return random.Random(7).randbytes(20_000)


# --- the corpus ---------------------------------------------------------------------------------------


def _truncated(fraction: float) -> Callable[[], bytes]:
    return lambda: _jpeg()[: int(len(_jpeg()) * fraction)]


_NOT_AN_IMAGE = r"not an image|not a photo"


def _all() -> tuple[Case, ...]:
    face_jpeg = _jpeg
    return (
        # not a photo at all
        Case("empty", "empty.jpg", lambda: b"", REFUSED, "empty", note="zero bytes"),
        Case("random-bytes", "noise.jpg", _random_bytes, REFUSED, _NOT_AN_IMAGE),
        Case("text-as-jpg", "letter.jpg", lambda: b"Dear doctor,\nplease find my photo attached.\n" * 40, REFUSED, _NOT_AN_IMAGE),
        Case("pdf-as-jpg", "scan.jpg", _pdf, REFUSED, "PDF"),
        Case("html-as-jpg", "page.jpg", lambda: b"<!DOCTYPE html><html><body><img src=x></body></html>", REFUSED, "HTML"),
        Case("svg-as-jpg", "drawing.jpg", lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', REFUSED, "SVG"),
        Case("zip-as-jpg", "photos.jpg", _zip, REFUSED, "ZIP"),
        Case("eps-as-jpg", "poster.jpg", _eps, REFUSED, "PostScript", note="must never reach Ghostscript"),
        Case("avif", "face.avif", _avif, REFUSED, "AVIF", note="Pillow reads AVIF, but it is not in the allow-list"),
        Case("animated-gif", "wink.gif", lambda: _animated("GIF", 160), REFUSED, "GIF", note="GIF is not in the allow-list"),
        # damaged
        Case("truncated-jpeg-10", "cut10.jpg", _truncated(0.10), REFUSED, "incomplete|damaged"),
        Case("truncated-jpeg-50", "cut50.jpg", _truncated(0.50), REFUSED, "incomplete|damaged"),
        Case("truncated-jpeg-99", "cut99.jpg", _truncated(0.99), REFUSED, "incomplete|damaged"),
        Case("corrupt-jpeg", "glitch.jpg", _corrupt_jpeg, REFUSED, "damaged|incomplete", note="libjpeg's corrupt-data warning, made an error"),
        Case("png-bad-crc", "face.png", _bad_crc_png, REFUSED, "damaged|incomplete"),
        Case("truncated-png", "cut.png", lambda: _encode(_img(), "PNG")[:-5000], REFUSED, "damaged|incomplete"),
        Case("truncated-webp", "cut.webp", lambda: _encode(_img(), "WEBP", quality=80)[:-3000], REFUSED, "damaged|incomplete"),
        Case("truncated-heic", "cut.heic", lambda: _heic()[:-4000], REFUSED, "damaged|incomplete|not an image"),
        Case("corrupt-heic", "glitch.heic", _corrupt_heic, REFUSED, "damaged", note="HEVC has no checksum: caught by the file's own preview"),
        # formats and pixel modes that must be measured
        Case("jpeg", "face.jpg", face_jpeg, MEASURED),
        Case("progressive-jpeg", "face.jpg", lambda: _encode(_img(), "JPEG", quality=90, progressive=True), MEASURED),
        Case("jpeg-trailing-bytes", "face.jpg", lambda: _jpeg() + b"\x00" * 3000, MEASURED, note="extra bytes after the end marker are harmless"),
        Case("png", "face.png", lambda: _encode(_img(), "PNG"), MEASURED),
        Case("webp", "face.webp", lambda: _encode(_img(), "WEBP", quality=85), MEASURED),
        Case("heic", "face.heic", _heic, MEASURED),
        Case("heic-with-preview", "IMG_0001.HEIC", lambda: _heic(thumbnail=True), MEASURED),
        Case("tiff", "face.tif", lambda: _encode(_img(), "TIFF", compression="tiff_deflate"), MEASURED),
        Case("bmp", "face.bmp", lambda: _encode(_img(), "BMP"), MEASURED),
        Case("png-16bit", "face16.png", lambda: _png16_rgb(_face()), MEASURED),
        Case("png-16bit-grey", "grey16.png", lambda: _encode(Image.fromarray(np.asarray(_img().convert("L"), np.uint16) * 257), "PNG"), MEASURED),
        Case("tiff-16bit", "face16.tif", lambda: _tiff16_rgb(_face()), MEASURED),
        Case("palette", "face-256.png", lambda: _encode(_img().quantize(256), "PNG"), MEASURED),
        Case("alpha", "cutout.png", lambda: _encode(_alpha(), "PNG"), MEASURED),
        Case("cmyk", "print.jpg", lambda: _encode(_img().convert("CMYK"), "JPEG", quality=90), MEASURED),
        Case("grey", "bw.jpg", lambda: _encode(_img().convert("L"), "JPEG", quality=90), MEASURED),
        Case("exif-orientation-6", "phone6.jpg", lambda: _with_exif_orientation(6), MEASURED),
        Case("exif-orientation-8", "phone8.jpg", lambda: _with_exif_orientation(8), MEASURED),
        # several frames: the first (or main) one is measured, and the result says so
        Case("apng", "wink.png", lambda: _animated("PNG"), WARNING, "frame"),
        Case("animated-webp", "wink.webp", lambda: _animated("WEBP"), WARNING, "frame"),
        Case("tiff-multipage", "scan.tif", _multipage_tiff, WARNING, "page"),
        # sizes
        Case("one-by-one", "dot.png", lambda: _encode(Image.new("RGB", (1, 1), (200, 150, 120)), "PNG"), REFUSED, "too small"),
        Case("face-64px", "tiny.jpg", lambda: _encode(_img(_face(side=64)), "JPEG", quality=90), WARNING, "px wide", note="measured, said imprecise"),
        Case("header-100k", "huge.png", lambda: _png_claiming(100_000, 100_000), REFUSED, "too large", note="the header alone claims 10 gigapixels"),
        Case("png-20000", "huge.png", _png_20000, REFUSED, "too large", note="a real 400-megapixel PNG of a few kB"),
        Case("png-62mp-16bit", "big16.png", _big_16bit_png, NO_FACE, big=True, note="decoded in bands within the memory budget; it is blank"),
        # how the face is shown
        Case("rotated-90", "sideways.jpg", lambda: _turned(1), MEASURED, note="no EXIF: the engine turns the photo upright itself"),
        Case("rotated-180", "rot180.jpg", lambda: _turned(2), MEASURED, note="no EXIF: the engine turns the photo upright itself"),
        Case("upside-down", "upside.jpg", lambda: _with_exif_orientation(3), MEASURED, note="a phone held upside down: stored turned, EXIF 3"),
        Case("two-faces", "couple.jpg", _two_faces, WARNING, "2 faces"),
        Case("cartoon", "drawing.png", _cartoon, MEASURED, note="MediaPipe finds the drawn face (iris and all) and measures it"),
        Case("dark", "dark.jpg", _dark, MEASURED),
        Case("overexposed", "bright.jpg", _overexposed, MEASURED),
        Case(
            "sunglasses",
            "shades.jpg",
            _sunglasses,
            UNMEASURABLE,
            "eyes cannot be seen",
            note="the irises are the ruler: under dark lenses the model guesses them",
        ),
        # file names
        Case("name-non-ascii", "Zoë Ωμέγα 写真 😀.jpg", face_jpeg, MEASURED),
        Case("name-very-long", "a" * 240 + ".jpg", face_jpeg, MEASURED),
        Case("name-control-chars", "face\n\x1b[31mred\x07\r\t.jpg", face_jpeg, MEASURED, note="echoed names must not carry raw control characters"),
    )


def _alpha() -> Image.Image:
    rgba = _img().convert("RGBA")
    mask = Image.new("L", rgba.size, 0)
    ImageDraw.Draw(mask).ellipse((90, 40, SIDE - 90, SIDE - 10), fill=255)  # the face kept, the background transparent
    rgba.putalpha(mask)
    return rgba


@functools.lru_cache(maxsize=1)
def cases() -> tuple[Case, ...]:
    """Every corpus case, in a fixed order (bytes are made on first access of :attr:`Case.data`)."""
    found = _all()
    names = [c.name for c in found]
    assert len(set(names)) == len(names), "corpus case names must be unique"
    return found


def case(name: str) -> Case:
    """The corpus case called ``name``."""
    for c in cases():
        if c.name == name:
            return c
    raise KeyError(name)
