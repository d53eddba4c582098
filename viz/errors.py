"""The one error hierarchy of MirrorMap.

::

    MirrorMapError            anything the engine refuses, as one plain sentence
     ├── PhotoError           the bytes are not a usable photo (CLI exit code 3)
     ├── ArgumentError        a caller passed a value outside the documented range (CLI exit 2)
     └── ContentError         content/ failed its schema or reference check

"No face found" is not an error: :func:`viz.detect_face` returns ``None``.
Every message is a single sentence a person can act on; the UI and the CLI show it as is.
"""

from __future__ import annotations

__all__ = ["ArgumentError", "ContentError", "FaceError", "MirrorMapError", "PhotoError"]


class MirrorMapError(Exception):
    """Base class: the message is one sentence meant for the person using the tool."""


class PhotoError(MirrorMapError):
    """The input cannot be read as a photo (not an image, truncated, too small, too large)."""


class FaceError(MirrorMapError):
    """A face was found but cannot be measured (a large part of it lies beyond the picture's edge)."""


class ArgumentError(MirrorMapError, ValueError):
    """An argument is outside its documented range."""


class ContentError(MirrorMapError):
    """A file in ``content/`` is missing a field, a source, or a valid value."""
