"""The pictures an AppTest run shows: :func:`ui.a11y.image` writes each as an ``<img>`` with its alt text in an ``st.html``."""

from __future__ import annotations

import re
from typing import Any

_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"')


def images(at: Any) -> list[tuple[str, str]]:
    """``(alt, src)`` of every picture on the page, in order (Streamlit's ``st.image`` is not used: it has no alt text)."""
    return [(alt, src) for element in at.get("html") for src, alt in _IMG.findall(element.proto.body)]
