"""Demo mode (``?demo=1``): a guided tour on the sample portrait that moves on by itself and loops (see :mod:`ui.demo`)."""

from __future__ import annotations

from ui import demo

demo.header_ui()
demo.tour_ui()
