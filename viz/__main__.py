"""Command line: ``python -m viz analyze PHOTO [--mirrored] [--json] [--overlay OUT.png]``,
``python -m viz preview PHOTO --relax MUSCLE:SIDE:LEVEL [--relax ...] [--day N] [--json] [--out OUT.png]``,
``python -m viz dynamics --rest R [--brows-up F] [--frown F] [--eyes-closed F] [--smile F] [--pucker F] [--json]`` and
``python -m viz compare BEFORE AFTER [--json]``.

Exit codes: 0 ok; 2 bad arguments (an output path in a folder that does not exist or cannot be written among
them); 3 unreadable or unsupported image; 4 no face found; 1 an output the system would not take (a full disk)
or a fault inside MirrorMap.
Errors go to stderr as one plain sentence, control characters written out (a file name cannot paint the
terminal). MediaPipe's native log lines are silenced. A photo path must name a regular file (not a pipe or
a device) of a sensible size; ``--overlay`` and ``--out`` never overwrite a photo given on the command line
and write through a temporary file, so a failed write leaves what was there.

Each command builds its whole output before writing any of it, and writes it in characters the output's
encoding has: JSON with non-ASCII escaped (the same object once parsed), text with ASCII stand-ins
(``±`` as ``+/-``) for what the encoding lacks. UTF-8 output is written as it is.
"""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import json
import os
import re
import secrets
import stat
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from viz.errors import FaceError, MirrorMapError
from viz.landmarks import NO_FACE_ADVICE
from viz.muscles import LEVELS
from viz.vocabulary import (
    ADULTS_ONLY,
    EDUCATIONAL,
    EMERGENCY,
    EXPRESSIONS,
    LAYERS,
    MUSCLE_IDS,
    NBSP,
    NOT_MEASURED,
    PLAN_SIDES,
    format_value,
    mid_sentence,
    rounded,
    rounded_pair,
)

if TYPE_CHECKING:
    from viz.landmarks import Face
    from viz.muscles import Relaxation
    from viz.photo import Photo

EXIT_OK, EXIT_ARGS, EXIT_IMAGE, EXIT_NO_FACE = 0, 2, 3, 4
#: An output the system would not take (a full disk, a file size limit), or a fault inside MirrorMap.
EXIT_SYSTEM = 1
#: Errors of a write that mean the path given is wrong (no such folder, not writable): a bad argument, exit 2.
_PATH_ERRORS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENAMETOOLONG})


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one sentence and exit code 2."""

    def error(self, message: str) -> NoReturn:
        _say(f"Bad arguments: {message} (see 'python -m viz --help').")
        self.exit(EXIT_ARGS)


#: The notices every page and PDF carries, under each table the CLI prints.
NOTICES = f"{EDUCATIONAL} {ADULTS_ONLY} {EMERGENCY}"


def _say(message: object) -> None:
    """Print one line on stderr with every control character (newline, escape, bell, ...) written out."""
    from viz.photo import printable

    text = printable(str(message))
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:  # a terminal that cannot show the name's letters
        print(text.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)


def _name(path: str | os.PathLike[str]) -> str:
    from viz.photo import display_name

    return display_name(path)


def _folder(path: str | os.PathLike[str]) -> str:
    """The folder a path names, as a person would read it (the current folder when it names none)."""
    from viz.photo import printable

    return printable(os.path.dirname(os.path.abspath(os.fsdecode(path))))


def _version() -> str:
    """The installed package's version (``pyproject.toml``), or ``unknown`` when run from an uninstalled copy."""
    try:
        return importlib.metadata.version("mirrormap")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m viz", description="MirrorMap: facial asymmetry in millimetres (educational, not medical advice).")
    parser.add_argument("--version", action="version", version=f"MirrorMap {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    a = sub.add_parser("analyze", help="measure the asymmetry of the face in a photo")
    a.add_argument("photo", help="JPEG, PNG, WebP, HEIC, TIFF or BMP file")
    a.add_argument("--mirrored", action="store_true", help="the photo is a mirrored selfie (swap left and right)")
    a.add_argument("--json", action="store_true", help="print the viz.analysis/1 JSON object")
    a.add_argument("--overlay", metavar="OUT.png", help="write the measured overlay as a PNG")
    p = sub.add_parser("preview", help="simulate relaxing muscles (educational, not a promise)")
    p.add_argument("photo", help="JPEG, PNG, WebP, HEIC, TIFF or BMP file")
    p.add_argument("--relax", action="append", required=True, metavar="MUSCLE:SIDE:LEVEL", help=_RELAX_HELP)
    # read by _day, so that a fraction or a word is refused in the command's own sentence (a float type took "1.5")
    p.add_argument("--day", default="14", metavar="N", help="whole days after treatment, 0-365 (default 14)")
    p.add_argument("--mirrored", action="store_true", help="the photo is a mirrored selfie (swap left and right)")
    p.add_argument("--json", action="store_true", help="print the viz.preview/1 JSON object")
    p.add_argument("--out", metavar="OUT.png", help="write the before / after images side by side as a PNG")
    d = sub.add_parser("dynamics", help="movement from rest in an expression set (educational, not medical advice)")
    d.add_argument("--rest", required=True, metavar="PHOTO", help="the relaxed, neutral face")
    for expression, what in _EXPRESSION_HELP.items():
        d.add_argument(EXPRESSIONS[expression].flag, metavar="PHOTO", help=what)
    d.add_argument("--mirrored", action="store_true", help="the photos are mirrored selfies (swap left and right)")
    d.add_argument("--json", action="store_true", help="print the viz.dynamics/1 JSON object")
    c = sub.add_parser("compare", help="compare two rest photos from different visits")
    c.add_argument("before", help="the earlier photo")
    c.add_argument("after", help="the later photo")
    c.add_argument("--mirrored", action="store_true", help="the photos are mirrored selfies (swap left and right)")
    c.add_argument("--json", action="store_true", help="print the viz.compare/1 JSON object")
    return parser


#: What each expression photo of ``dynamics`` shows (its flag is the expression id with dashes).
_EXPRESSION_HELP = {
    "brows_up": "eyebrows raised as high as possible",
    "frown": "a hard frown, brows drawn together and down",
    "eyes_closed": "eyes closed tight",
    "smile": "a big smile, showing the teeth",
    "pucker": "lips pushed forward as if to whistle",
}


#: What ``--relax`` accepts, as :func:`_relaxation` and :meth:`viz.muscles.Relaxation.parse` read it (ASCII: the
#: help is printed to outputs of any encoding).
_RELAX_HELP = (
    f"MUSCLE is one of {', '.join(MUSCLE_IDS)}; SIDE is {', '.join(PLAN_SIDES[:-1])} or {PLAN_SIDES[-1]} (procerus: both only);"
    f" LEVEL is {', '.join(LEVELS)} ({', '.join(f'{name} = {share:.2f}' for name, share in LEVELS.items())})"
    " or a share of full relaxation from 0.001 to 1. Words in any case. Example: frontalis:left:0.5. Repeat to combine."
)


def _relaxation(text: str) -> Relaxation:
    """One ``--relax MUSCLE:SIDE:LEVEL``, its muscle, side and level words read in any case and with the spaces around
    each part dropped (``Frontalis:LEFT:Strong``, ``" frontalis : left : 0.5"``).

    A word that is not a muscle, side or level in any case is passed on as given (without its surrounding spaces), so
    the refusal quotes what was typed.
    """
    from viz.muscles import Relaxation

    parts = text.split(":")
    if len(parts) == 3:
        # a shell-quoted "frontalis : left : 0.5" kept the muscle but refused the side as ' left '
        parts = [part.strip() for part in parts]
        parts = [part.lower() if part.lower() in words else part for part, words in zip(parts, (MUSCLE_IDS, PLAN_SIDES, LEVELS), strict=True)]
    return Relaxation.parse(":".join(parts))


def _day(text: str) -> int:
    """The ``--day`` typed, as whole days from 0 to :data:`viz.timeline.MAX_DAY`; ``14.0`` is day 14 and ``-0`` day 0.

    The app's slider moves by whole days and DESIGN §5 prints ``"day": N``: ``--day 1.5`` was taken, printed as
    "day 1.5" and gave a float in the JSON.

    Raises
    ------
    viz.errors.ArgumentError
        If ``text`` is not a whole number from 0 to ``MAX_DAY``, in one sentence echoing what was typed.

    Examples
    --------
    >>> _day("30"), _day("14.0"), _day("-0")
    (30, 14, 0)
    """
    from viz.errors import ArgumentError
    from viz.timeline import MAX_DAY

    try:
        value = float(text)
    except ValueError:
        raise ArgumentError(f"Day must be a whole number of days from 0 to {MAX_DAY:g}, not {text!r}.") from None
    if not (0 <= value <= MAX_DAY and value.is_integer()):  # NaN fails the range test
        raise ArgumentError(f"Day must be a whole number of days from 0 to {MAX_DAY:g}, not {text.strip()}.")
    return int(value)


def _zero_level(text: str, step: Relaxation) -> str | None:
    """The refusal of a ``--relax`` (``text`` as typed, ``step`` as read by :func:`_relaxation`) whose level relaxes
    nothing (0, or a share that rounds to 0 at three decimals), else ``None``.

    The sentence echoes the level as typed: ``0.0004`` was answered "A level of 0 relaxes nothing".
    """
    if round(step.level, 3) != 0:
        return None
    typed = text.rsplit(":", 1)[-1].strip()
    advice = "give a level of at least 0.001 (up to 1), or light, moderate or strong."
    if step.level == 0:
        return f"A level of {typed} relaxes nothing: {advice}"
    return f"A level of {typed} rounds to 0 at three decimals and relaxes nothing: {advice}"


def _photo_and_face(path: str) -> tuple[Photo, Face] | int:
    """The photo and its face, or the exit code after saying what went wrong in one sentence."""
    from viz import detect_face, load_photo, reread_face

    try:
        photo = load_photo(path)
    except MirrorMapError as exc:
        _say(exc)
        return EXIT_IMAGE
    face = detect_face(photo)
    if face is None:
        _say(f"No face was found: {mid_sentence(NO_FACE_ADVICE)}.")
        return EXIT_NO_FACE
    face = reread_face(path, face)  # a face small only because the photo is large: read again in a crop at full size
    return face.photo, face


def _labelled_faces(photos: dict[str, str]) -> dict[str, Face] | int:
    """Each named photo's face, or the exit code after saying in one sentence which photo failed and why.

    Every photo is read before any face is looked for, so an unreadable file is reported first (exit 3).
    """
    from viz import detect_face, load_photo, reread_face

    loaded = {}
    for label, path in photos.items():
        try:
            loaded[label] = load_photo(path)
        except MirrorMapError as exc:
            why = str(exc)
            named = f" ({_name(path)})" if _name(path) not in why else ""  # not "(x.jpg) ... no file named 'x.jpg'"
            _say(f"The {label} photo{named} cannot be used: {mid_sentence(why)}")
            return EXIT_IMAGE
    faces = {}
    for label, photo in loaded.items():
        try:
            face = detect_face(photo)
        except FaceError as exc:
            _say(f"The face in the {label} photo ({_name(photos[label])}) cannot be measured: {mid_sentence(str(exc))}")
            return EXIT_NO_FACE
        if face is None:
            _say(f"No face was found in the {label} photo ({_name(photos[label])}): {mid_sentence(NO_FACE_ADVICE)}.")
            return EXIT_NO_FACE
        faces[label] = reread_face(photos[label], face)
    return faces


def _signed(value: float, width: int = 0) -> str:
    """``value`` to a tenth, signed, right-aligned in ``width`` characters; a value that shows as zero unsigned, as the
    pages show it (:func:`viz.vocabulary.format_value`: "+0.0" read as a small difference to the left)."""
    return format_value(value, "", signed=True).strip().rjust(width)


def _photo_notes(faces: dict[str, Face]) -> list[str]:
    """The caveats about the files themselves (an animation's first frame, ...), each naming its photo as the
    comparison and the movement reports do ("Before photo: ...", "Rest photo: ..."): a caveat a report already gives
    is the same sentence, kept once where the two are joined."""
    return [f"{label[:1].upper()}{label[1:]} photo: {mid_sentence(w)}" for label, face in faces.items() for w in face.photo.warnings]


def _check_output(path: str, photos: Sequence[str], what: str) -> bool:
    """Whether ``path`` may be written: not one of the photos (by path, link or inode), not a pipe or a device, named ``.png``."""
    target = os.path.realpath(path)
    for photo in photos:
        same = os.path.realpath(photo) == target
        try:
            same = same or os.path.samefile(photo, path)
        except OSError:  # the output does not exist yet (or the photo is gone): no inode to share
            pass
        if same:
            _say(f"The {what} would overwrite the photo {_name(photo)}: choose another file name.")
            return False
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return _png_name(path, what)
    if not stat.S_ISREG(mode):
        _say(f"The {what} cannot be written to {_name(path)}: it is not a regular file (a folder, pipe or device).")
        return False
    return _png_name(path, what)


def _png_name(path: str, what: str) -> bool:
    """Whether ``path`` ends in ``.png``: a PNG written under another name would open as the wrong kind of file."""
    if Path(path).suffix.lower() == ".png":
        return True
    _say(f"The {what} is a PNG image: give a file name ending in .png, not {_name(path)}.")
    return False


def _write_png(path: str, data: bytes, what: str) -> int | None:
    """Write through a temporary file in the same folder and rename it, so a failure leaves the old file whole.

    A file replaced keeps its permissions; a new one gets the usual 0666 less the umask (as ``open`` gives).

    Returns ``None`` once written, else the exit code after one sentence: :data:`EXIT_ARGS` where the path given is
    wrong (no such folder, not writable: as a bad argument, the README's exit code 2), :data:`EXIT_SYSTEM` where the
    system would not take the file (a full disk: it said "check the folder exists and is writable" and exited 2).
    """
    folder = os.path.dirname(os.path.abspath(path))
    temp = ""
    try:
        try:  # a file replaced keeps its permissions (tempfile.mkstemp's 0600 had replaced a 0644 file's)
            kept: int | None = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            kept = None  # a new file: 0666 less the umask, which the system applies as it creates it
        fd, temp = _new_file(folder, 0o666 if kept is None else kept)
        with os.fdopen(fd, "wb") as file:
            if kept is not None:
                os.fchmod(file.fileno(), kept)  # the umask may have taken bits from it
            file.write(data)
        os.replace(temp, path)
    except OSError as exc:
        if temp:
            Path(temp).unlink(missing_ok=True)
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):  # said plainly: the folder typed is not there
            _say(f"The {what} could not be written to {_name(path)} in {_folder(path)}: there is no such folder.")
            return EXIT_ARGS
        if exc.errno in _PATH_ERRORS:
            _say(f"The {what} could not be written to {_name(path)} in {_folder(path)}: check the folder exists and is writable.")
            return EXIT_ARGS
        _say(f"The {what} could not be written to {_name(path)} in {_folder(path)}: the system refused it ({(exc.strerror or str(exc)).lower()}).")
        return EXIT_SYSTEM
    return None


def _new_file(folder: str, mode: int) -> tuple[int, str]:
    """A new, empty temporary file in ``folder``, open for writing: its descriptor and path.

    Created as :func:`open` creates any file, with ``mode`` less the process's umask (read by the system, so no other
    thread sees the umask changed), never over an existing file (``O_EXCL``); a name taken is tried again.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(tempfile.TMP_MAX):
        temp = os.path.join(folder, f".mirrormap-{secrets.token_hex(8)}.png")
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No unused temporary file name", folder)  # pragma: no cover - 10,000 names taken


def _analyze(args: argparse.Namespace, out: TextIO) -> int:
    from viz import analyze

    if args.overlay and not _check_output(args.overlay, [args.photo], "overlay"):
        return EXIT_ARGS
    found = _photo_and_face(args.photo)
    if isinstance(found, int):
        return found
    photo, face = found
    report = analyze(face, mirrored=args.mirrored)
    if args.overlay:
        from viz.overlay import face_overlay_png

        # the picture the first page shows and saves until a layer is turned off there: every layer (ui.state.overlay_layers);
        # viz.overlay.DEFAULT_LAYERS, three of the five, left out the regional heat and the measure diamonds
        failed = _write_png(args.overlay, face_overlay_png(report, tuple(LAYERS)), "overlay")
        if failed is not None:
            return failed
    notes = list(photo.warnings)
    if _wrote_json(args, out, lambda: _with_quality_notes(report.to_dict(), notes)):
        return EXIT_OK
    _write(out, _table(report, notes))
    return EXIT_OK


def _with_quality_notes(payload: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The analysis object with the file's own caveats first among its quality warnings."""
    if notes:
        quality = payload["quality"]
        quality["warnings"] = list(dict.fromkeys([*notes, *quality["warnings"]]))
        quality["ok"] = False
    return payload


def _with_notes(payload: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """A preview, dynamics or compare object with the files' own caveats first among its warnings."""
    if notes:
        payload["warnings"] = list(dict.fromkeys([*notes, *payload.get("warnings", [])]))
    return payload


def _preview(args: argparse.Namespace, out: TextIO) -> int:
    from viz.errors import ArgumentError
    from viz.preview import before_after_png, relax

    try:
        plan = [_relaxation(text) for text in args.relax]
        # a "simulation" that relaxes nothing would read as a result; 1e-9 passed and printed as level 0.0
        if (refusal := next(filter(None, map(_zero_level, args.relax, plan)), None)) is not None:
            raise ArgumentError(refusal)
        day = _day(args.day)
    except ArgumentError as exc:
        _say(exc)
        return EXIT_ARGS
    if args.out and not _check_output(args.out, [args.photo], "before / after image"):
        return EXIT_ARGS
    found = _photo_and_face(args.photo)
    if isinstance(found, int):
        return found
    photo, face = found
    preview = relax(photo, face, plan, day, mirrored=args.mirrored)
    failed = _write_png(args.out, before_after_png(photo, preview), "before / after image") if args.out else None
    if failed is not None:
        return failed
    notes = list(photo.warnings)
    if not _wrote_json(args, out, lambda: _with_notes(preview.to_dict(), notes)):
        lines = [f"MirrorMap preview, day {day} — a simulation, not a promise.", NOTICES]
        lines += [f"! {w}" for w in dict.fromkeys([*notes, *preview.warnings])]
        lines.append(f"{'measure':20} {'before':>8} {'±':>5} {'after':>8} {'range':>15}")
        for mid, m in preview.before.items():
            if m.withheld is not None:  # as in analyze and the JSON (null): no number where none is measured
                lines.append(f"{mid:20} {'':8} {'':5} {'':8} {'-':>15}  {NOT_MEASURED}")
                continue
            low, high = sorted((rounded(preview.after_low[mid].value), rounded(preview.after_high[mid].value)))
            after = rounded(preview.after[mid].value)
            lines.append(f"{mid:20} {_signed(m.value, 8)} {m.uncertainty:5.1f} {_signed(after, 8)} {_signed(low, 7)} – {_signed(high)}  {m.unit}")
        _write(out, "\n".join(lines) + "\n")
    return EXIT_OK


def _dynamics(args: argparse.Namespace, out: TextIO) -> int:
    from viz.movement import measure_dynamics

    given = {e: getattr(args, e) for e in _EXPRESSION_HELP if getattr(args, e)}
    if not given:
        _say("Give at least one expression photo besides --rest: --brows-up, --frown, --eyes-closed, --smile or --pucker.")
        return EXIT_ARGS
    named = {e: w.name for e, w in EXPRESSIONS.items()}
    found = _labelled_faces({named["rest"]: args.rest, **{named[k]: v for k, v in given.items()}})
    if isinstance(found, int):
        return found
    report = measure_dynamics(found["rest"], {k: found[named[k]] for k in given}, mirrored=args.mirrored)
    notes = _photo_notes(found)
    if _wrote_json(args, out, lambda: _with_notes(report.to_dict(), notes)):
        return EXIT_OK
    lines = ["MirrorMap movement from rest.", NOTICES]
    lines += [f"! {w}" for w in dict.fromkeys([*notes, *report.warnings])]
    lines.append(f"{'expression':12} {'movement':24} {'unit':>4} {'left':>7} {'±':>5} {'right':>7} {'±':>5} {'ratio':>6}  stronger")
    for name, result in report.expressions.items():
        for m in result.movements.values():
            # the warnings say why a photo gives no verdict; a smile angle whose corner barely moved has no direction
            verdict = ("not compared" if m.stronger == "unclear" else m.stronger) if result.usable else "no verdict"
            ratio = m.ratio_text(plus_minus=False)
            left, right = rounded_pair(m.left, m.right)  # as the page shows them: the two differ by the note's difference
            lines.append(
                f"{name:12} {m.id:24} {m.unit:>4} {left + 0.0:7.1f} {m.left_uncertainty:5.1f} {right + 0.0:7.1f} {m.right_uncertainty:5.1f}"
                f" {ratio:>6}  {verdict}"  # the unit in a column of its own: "equal (mm)" read as a unit of the verdict
            )
    for region, b in report.static_vs_dynamic.items():
        lines.append(f"{region}: {b.note}")
    _write(out, "\n".join(lines) + "\n")
    return EXIT_OK


def _compare(args: argparse.Namespace, out: TextIO) -> int:
    from viz.visits import CHANGE_COVERAGE, CHANGE_NOTE, compare

    found = _labelled_faces({"before": args.before, "after": args.after})
    if isinstance(found, int):
        return found
    report = compare(found["before"], found["after"], mirrored=args.mirrored)
    notes = _photo_notes(found)
    if _wrote_json(args, out, lambda: _with_notes(report.to_dict(), notes)):
        return EXIT_OK
    lines = ["MirrorMap visit comparison.", NOTICES]
    lines += [f"! {w}" for w in dict.fromkeys([*notes, *report.warnings])]
    lines.append(report.summary)
    beyond = f"beyond {CHANGE_COVERAGE:g}x?"  # the page's column: yes, no, or no verdict
    lines.append(f"{'measure':20} {'before':>8} {'after':>8} {'change':>8} {'±':>6} {beyond:>11}  unit  side")
    for c in report.changes.values():
        if c.withheld:
            lines.append(f"{c.id:20} {'':8} {'':8} {'-':>8} {'':6} {'':>11}  {NOT_MEASURED}")
            continue
        before, after, change = c.shown(digits=1)
        # no change between two people's photos (or one picture's with itself), as on the page
        moved = f"{_signed(change, 8)} {c.uncertainty:6.1f}" if report.judged else f"{'-':>8} {'':6}"
        numbers = f"{_signed(before, 8)} {_signed(after, 8)} {moved} {report.verdict(c):>11}"
        lines.append(f"{c.id:20} {numbers}  {c.unit:4}  {report.sides(c.id)}")
    lines.append(CHANGE_NOTE)
    _write(out, "\n".join(lines) + "\n")
    return EXIT_OK


def _wrote_json(args: argparse.Namespace, out: TextIO, payload: Callable[[], dict[str, Any]]) -> bool:
    """With ``--json``, print the command's one JSON object and say so.

    The object is written whole, with non-ASCII characters as they are where the output's encoding has them all,
    else escaped (``\\u00b1``): valid JSON in any encoding, the same keys and values once parsed. The no-break spaces
    that keep a number with its unit on a page's line (:data:`viz.vocabulary.NBSP`) are plain spaces here: the notes
    are data, and a program reading "1.2 mm" should find a space.
    """
    if not args.json:
        return False
    obj = payload()
    text = json.dumps(obj, ensure_ascii=False).replace(NBSP, " ") + "\n"
    if not _encodes(text, _encoding(out)):
        text = json.dumps(obj, ensure_ascii=True).replace("\\u00a0", " ") + "\n"
    out.write(text)
    return True


#: ASCII stand-ins for the typographic characters the CLI's text uses, for an output whose encoding lacks them.
_ASCII = {
    "\u2212": "-",  # minus sign
    "\u00b1": "+/-",
    "\u2192": "->",
    "\u2014": "-",  # em dash
    "\u2013": "-",  # en dash
    "\u2026": "...",
    "\u00b0": " deg",
    "\u00d7": "x",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00b7": "-",  # middle dot
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2248": "~",
}


def _encoding(out: TextIO) -> str:
    """The encoding ``out`` writes in (UTF-8 for a stream that names none)."""
    return getattr(out, "encoding", None) or "utf-8"


def _encodes(text: str, encoding: str) -> bool:
    """Whether ``encoding`` can write every character of ``text``."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _readable(text: str, encoding: str) -> str:
    """``text`` with each character ``encoding`` lacks written as readable ASCII (``±`` as ``+/-``), else ``?``.

    Text the encoding can write is returned unchanged. A longer stand-in takes its room from the padding around it
    (keeping a space on each side), so the columns of a table stay where they were.

    Examples
    --------
    >>> _readable("diff      ±  0.4 ± 0.1°", "ascii")
    'diff    +/-  0.4 +/- 0.1 deg'
    >>> _readable("mm  °     left", "ascii")
    'mm  deg   left'
    >>> _readable("0.4 ± 0.1 \u4e2d", "cp1252")
    '0.4 ± 0.1 ?'
    """
    lacking = sorted({ch for ch in text if not _encodes(ch, encoding)})
    if not lacking:
        return text

    def stand_in(match: re.Match[str]) -> str:
        head = match[1] + _ASCII.get(match[2], "?")
        word = head.lstrip(" ")
        lead, trail = len(head) - len(word), len(match[3])
        for _ in range(lead + len(word) + trail - len(match[0])):  # one space fewer per extra letter, from the wider side
            if max(lead, trail) <= 1:
                break
            lead, trail = (lead - 1, trail) if lead >= trail else (lead, trail - 1)
        return " " * lead + word + " " * trail

    return re.sub(f"( *)([{re.escape(''.join(lacking))}])( *)", stand_in, text)


def _write(out: TextIO, text: str) -> None:
    """Write a command's whole text output at once, in characters ``out``'s encoding has (:func:`_readable`), with plain
    spaces for the no-break ones that keep a page's quantities on one line (a terminal wraps by itself)."""
    out.write(_readable(text.replace(NBSP, " "), _encoding(out)))


def _table(report: object, notes: Sequence[str] = ()) -> str:
    from viz.asymmetry import AsymmetryReport

    assert isinstance(report, AsymmetryReport)
    lines = [f"MirrorMap.  1 px = {report.face.mm_per_px:.3f} mm (iris calibration)", NOTICES]
    for w in dict.fromkeys([*notes, *report.warnings]):
        lines.append(f"! {w}")
    lines.append(f"{'measure':20} {'left':>8} {'right':>8} {'diff':>8} {'±':>6}")
    for m in report.measures.values():
        if m.withheld is not None:
            lines.append(f"{m.id:20} {'':8} {'':8} {'-':>8} {'':6}  {NOT_MEASURED}")
        elif (sides := m.shown_sides()) is not None:
            lines.append(f"{m.id:20} {sides[0]:8.1f} {sides[1]:8.1f} {_signed(m.value, 8)} {m.uncertainty:6.1f}  {m.unit}  {m.side_words()}")
        else:
            lines.append(f"{m.id:20} {'':8} {'':8} {_signed(m.value, 8)} {m.uncertainty:6.1f}  {m.unit}  {m.side_words()}")
    lines.append(f"{'asymmetry index':20} {'':8} {'':8} {report.index_mm:8.1f} {report.index_uncertainty_mm:6.1f}  mm")
    return "\n".join(lines) + "\n"


def _exit_code(error: MirrorMapError) -> int:
    """The exit code of an engine error: 2 for a bad argument, 3 for a photo that cannot be used, 4 for a face that cannot be measured, 1 otherwise."""
    from viz.errors import ArgumentError, FaceError, PhotoError

    if isinstance(error, ArgumentError):
        return EXIT_ARGS
    if isinstance(error, PhotoError):
        return EXIT_IMAGE
    if isinstance(error, FaceError):
        return EXIT_NO_FACE  # no face that can be measured
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    warnings.simplefilter("ignore")  # a library's warning is not for the person at the terminal: one line, or none
    args = _parser().parse_args(argv)
    out = sys.stdout
    real_stderr = sys.stderr
    try:
        from viz.landmarks import silence_native_logs

        silence_native_logs()
        if args.command == "analyze":
            return _analyze(args, out)
        if args.command == "preview":
            return _preview(args, out)
        if args.command == "dynamics":
            return _dynamics(args, out)
        if args.command == "compare":
            return _compare(args, out)
        return EXIT_ARGS  # pragma: no cover - argparse rejects unknown commands
    except MirrorMapError as exc:  # the engine refused something: its one sentence and the matching exit code
        _say(exc)
        return _exit_code(exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. piped into head)
        return EXIT_OK
    except OSError as exc:  # the system refused a read or write (a full disk, a closed output): not a fault in the measuring
        _say(f"MirrorMap could not read or write a file or its output: {exc.strerror or exc}.")
        return EXIT_SYSTEM
    except Exception:  # a bug: still one sentence, never a traceback
        _say("Something went wrong inside MirrorMap while measuring this photo; please report it with the photo's format and size.")
        return EXIT_SYSTEM
    finally:
        sys.stderr.flush()
        if sys.stderr is not real_stderr:  # give fd 2 back and close the stream on it (left open, the exit warned of it)
            stream = sys.stderr
            os.dup2(stream.fileno(), 2)
            sys.stderr = real_stderr
            stream.close()


if __name__ == "__main__":
    sys.exit(main())
