"""Peak extra memory of decoding one worst-case photo, and of 16 decoded at once (issue 11 §3).

What is measured
----------------
Each input is made in a fresh worker process (cheaply: large PNGs are streamed through zlib, a black
row repeated). The worker then frees what it used to make it, resets the kernel's peak-RSS mark
(``/proc/self/clear_refs``, value 5; the process's own ``VmHWM`` otherwise, from ``resource.getrusage``
when /proc is not there), calls :func:`viz.load_photo` on the bytes and reads ``VmHWM``: the peak
extra memory is that peak minus the resident size just before the call. ``estimate`` is the engine's own
cost model (:func:`viz.photo.decode_cost`), by which files above :data:`viz.photo.MEMORY_BUDGET` are
refused before decoding.

The inputs are the issue's file (62 megapixels of 16-bit grey in a 0.1 MB PNG), and for every decoder the
largest picture the cost model accepts: that is where its peak is highest. Refused bombs (a header claiming
10 gigapixels, a real 400-megapixel PNG) are listed too.

``--concurrent N`` decodes N copies of the issue's file on N threads of one process (how the app's server
would see N simultaneous uploads) and prints that process's peak extra memory: the decodes share
:data:`viz.photo.DECODE_POOL`, so the total stays bounded however many arrive.

Targets: at most 300 MB per photo, whatever its format or bit depth; 16 at once under 2 GB in total.

Run with ``python benchmarks/memory.py`` (``--quick`` leaves out the slow-to-make HEIC and the largest
JPEGs; ``--case NAME`` runs one case; ``--json`` prints the results as JSON lines).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import math
import resource
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MIB = 2**20


# --- inputs -------------------------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_blank(width: int, height: int, bit_depth: int, colour_type: int) -> bytes:
    """A black PNG of any size in milliseconds: one row deflated with a full flush, repeated."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    row = bytes(1 + math.ceil(width * channels * bit_depth / 8))
    packer = zlib.compressobj(1)
    head = packer.compress(row) + packer.flush(zlib.Z_FULL_FLUSH)
    check = 1
    for _ in range(height):
        check = zlib.adler32(row, check)
    idat = head[:2] + head[2:] * height + b"\x03\x00" + struct.pack(">I", check)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height``."""
    data = bytearray(png_blank(8, 8, 8, 0))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def largest_side(fmt: str, mode: str, *, layout: str = "", file_bytes: int = 4 * MIB, aspect: float = 1.0) -> tuple[int, int]:
    """The largest ``aspect`` (width / height) picture the cost model accepts for this format and mode (and a file of ``file_bytes``)."""
    from viz.photo import MAX_PIXELS, MEMORY_BUDGET, decode_cost

    low, high = 64, int(math.sqrt(MAX_PIXELS / aspect)) + 1
    while high - low > 1:
        h = (low + high) // 2
        size = (int(h * aspect), h)
        fits = size[0] * size[1] <= MAX_PIXELS and decode_cost(fmt, mode, size, file_bytes=file_bytes, layout=layout) <= MEMORY_BUDGET
        low, high = (h, high) if fits else (low, h)
    return (int(low * aspect), low)


def _pillow(fmt: str, mode: str, size: tuple[int, int], **params: object) -> bytes:
    from PIL import Image

    grey = Image.linear_gradient("L").resize(size, Image.Resampling.NEAREST)
    img = grey.convert(mode) if mode != "RGB" else Image.merge("RGB", [grey, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grey])
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _heic(size: tuple[int, int]) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _pillow("HEIF", "RGB", size, quality=50, enc_params={"preset": "ultrafast"})


def _tiff16(size: tuple[int, int]) -> bytes:
    """An uncompressed one-strip 16-bit RGB TIFF (libtiff's strip then spans the whole picture)."""
    width, height = size
    strip = bytes(width * height * 6)
    entries = [
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 3, 0),
        (259, 3, 1, 1),
        (262, 3, 1, 2),
        (273, 4, 1, 0),
        (277, 3, 1, 3),
        (278, 4, 1, height),
        (279, 4, 1, len(strip)),
        (284, 3, 1, 1),
    ]
    bits_at = 8 + 2 + 12 * len(entries) + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, kind, count, value in entries:
        value = {258: bits_at, 273: bits_at + 6}.get(tag, value)
        out += struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack("<I", value))
    return bytes(out + struct.pack("<I", 0) + struct.pack("<HHH", 16, 16, 16) + strip)


def _cases() -> dict[str, tuple[Callable[[], bytes], bool]]:
    """Name -> (maker, slow to make)."""
    from viz.photo import MAX_FILE_BYTES

    rgba = largest_side("PNG", "RGBA")
    rgb16 = largest_side("PNG", "RGB")
    progressive = largest_side("JPEG", "RGB", layout="444")
    cmyk = largest_side("JPEG", "CMYK", layout="CMYK")
    webp = largest_side("WEBP", "RGB", aspect=1.0)
    webp = (min(webp[0], 16383), min(webp[1], 16383))
    tiff = largest_side("TIFF", "RGB", layout="3")
    tiff16_side = int(math.sqrt(MAX_FILE_BYTES / 6.2))  # an uncompressed 16-bit TIFF hits the file-size limit first
    bmp_side = int(math.sqrt(MAX_FILE_BYTES / 3.1))
    heic = largest_side("HEIF", "RGB", aspect=4 / 3)
    return {
        "png 62MP 16-bit grey (the issue's)": (lambda: png_blank(7900, 7900, 16, 0), False),
        "png largest RGBA": (lambda: png_blank(*rgba, 8, 6), False),
        "png largest 16-bit RGB": (lambda: png_blank(*rgb16, 16, 2), False),
        "png 64MP grey": (lambda: png_blank(8000, 8000, 8, 0), False),
        "jpeg 64MP baseline": (lambda: _pillow("JPEG", "RGB", (8000, 8000), quality=90), True),
        "jpeg largest progressive 4:4:4": (
            lambda: _pillow("JPEG", "RGB", progressive, quality=90, progressive=True, subsampling=0),
            True,
        ),
        "jpeg largest CMYK progressive": (lambda: _pillow("JPEG", "CMYK", cmyk, quality=90, progressive=True), True),
        "webp largest": (lambda: _pillow("WEBP", "RGB", webp, quality=80), False),
        "tiff largest RGB, one strip": (lambda: _pillow("TIFF", "RGB", tiff, compression="tiff_deflate", strip_size=2**31 - 1), False),
        "tiff 16-bit RGB at the file-size limit": (lambda: _tiff16((tiff16_side, tiff16_side)), False),
        "bmp RGB at the file-size limit": (lambda: _pillow("BMP", "RGB", (bmp_side, bmp_side)), False),
        "heic largest": (lambda: _heic(heic), True),
        "png claiming 100000x100000": (lambda: png_claiming(100_000, 100_000), False),
        "png 20000x20000 1-bit": (lambda: png_blank(20_000, 20_000, 1, 0), False),
    }


# --- measuring (in a worker process) ------------------------------------------------------------------


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak() -> int:
    try:
        return _status("VmHWM")
    except (OSError, KeyError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _decode(data: bytes) -> str:
    from viz.errors import PhotoError
    from viz.photo import load_photo

    try:
        photo = load_photo(data)
    except PhotoError as exc:
        return f"refused: {exc}"
    return f"decoded {photo.original_size[0]}x{photo.original_size[1]} -> {photo.size[0]}x{photo.size[1]}"


def worker(name: str, copies: int) -> dict[str, object]:
    from PIL import Image

    import viz  # noqa: F401 - imported before the baseline, as in the app
    from viz.photo import FORMATS, _layout, decode_cost

    make, _slow = _cases()[name]
    data = make()
    gc.collect()
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as img:
            fmt = img.format or ""
            layout = _layout(img, fmt, data)  # the same estimate load_photo makes
            pixels, estimate = img.size[0] * img.size[1], decode_cost(fmt, img.mode, img.size, file_bytes=len(data), layout=layout)
            size = f"{img.size[0]}x{img.size[1]} {img.mode}"
    except Exception:
        pixels, estimate, size = 0, 0, ""
    exact = _reset_peak()
    base = _status("VmRSS")
    start = time.perf_counter()
    if copies == 1:
        outcome = _decode(data)
    else:
        outcomes: list[str] = []
        threads = [threading.Thread(target=lambda: outcomes.append(_decode(data))) for _ in range(copies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcome = f"{copies} × " + (outcomes[0] if len(set(outcomes)) == 1 else "; ".join(sorted(set(outcomes))))
    seconds = time.perf_counter() - start
    return {
        "case": name,
        "copies": copies,
        "file_mb": len(data) / MIB,
        "megapixels": pixels / 1e6,
        "size": size,
        "estimate_mib": estimate / MIB,
        "peak_extra_mib": (_peak() - base) / MIB,
        "exact_peak": exact,
        "seconds": seconds,
        "outcome": outcome,
    }


def measure(name: str, copies: int = 1) -> dict[str, object]:
    """Run one case in a fresh worker process and return its measurement."""
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", name, "--copies", str(copies)], cwd=REPO, capture_output=True, text=True, timeout=1800, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker for {name!r} failed: {proc.stderr[-2000:]}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="leave out the inputs that are slow to make")
    parser.add_argument("--case", action="append", help="run only this case (repeatable); names as printed")
    parser.add_argument("--concurrent", type=int, default=16, help="copies of the issue's file decoded at once (0: none)")
    parser.add_argument("--json", action="store_true", help="print each result as a JSON line")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.copies)))
        return 0

    from _common import print_table

    from viz.photo import DECODE_POOL, MEMORY_BUDGET

    cases = _cases()
    names = args.case or [n for n, (_, slow) in cases.items() if not (args.quick and slow)]
    results = [measure(n) for n in names]
    if args.concurrent:
        results.append(measure("png 62MP 16-bit grey (the issue's)", args.concurrent))
    if args.json:
        for r in results:
            print(json.dumps(r))
        return 0
    rows = [
        (
            r["case"] if r["copies"] == 1 else f"{r['copies']} at once: {r['case']}",
            str(r["size"]),
            f"{r['file_mb']:.2f}",
            f"{r['megapixels']:.1f}",
            f"{r['estimate_mib']:.0f}" if r["copies"] == 1 else "",
            f"{r['peak_extra_mib']:.0f}",
            f"{r['seconds']:.2f}",
            str(r["outcome"])[:60],
        )
        for r in results
    ]
    print_table(
        f"Peak extra memory of load_photo (budget {MEMORY_BUDGET / MIB:.0f} MiB per photo, decode pool {DECODE_POOL / MIB:.0f} MiB)",
        ["input", "size", "file MB", "MP", "estimate MiB", "peak extra MiB", "s", "outcome"],
        rows,
    )
    if not all(r["exact_peak"] for r in results):
        print("(/proc/self/clear_refs was not writable: peaks are the workers' whole-life maxima)")
    single = [float(str(r["peak_extra_mib"])) for r in results if r["copies"] == 1]
    print(f"\nlargest single photo: {max(single):.0f} MiB (target: at most 300 MB = {300e6 / MIB:.0f} MiB)")
    for r in results:
        if r["copies"] != 1:
            print(f"{r['copies']} at once: {float(str(r['peak_extra_mib'])):.0f} MiB in total (target: under 2 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
