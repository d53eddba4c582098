"""The image evidence's patch matching: where a match's peak is flat, and the taller brow patch it calls for."""

from __future__ import annotations

import numpy as np
import pytest

from viz.evidence import STEP_MM, match


def _rows(profile: np.ndarray, width: int = 61) -> np.ndarray:
    """A patch whose every column is ``profile`` (rows downward): a band that runs across the patch."""
    return np.repeat(profile[:, None], width, axis=1).astype(np.float32)


def _band(rows: int, top: int, bottom: int) -> np.ndarray:
    """A dark band from row ``top`` to ``bottom`` on bright skin, edges softened over two rows."""
    y = np.arange(rows, dtype=np.float64)
    inside = np.clip(np.minimum(y - top, bottom - y) / 2.0 + 0.5, 0.0, 1.0)
    return 200.0 - 120.0 * inside


def test_a_band_with_skin_above_and_below_matches_on_a_sharp_peak() -> None:
    search = _rows(_band(85, 37, 47))  # a 2 mm band in the middle of a 17 mm search area
    template = search[17:68]  # a 10 mm patch centred on it
    found = match(search, template)
    assert found is not None
    assert found.offset[1] == pytest.approx(0.0, abs=0.05)
    assert found.flat_mm <= 2 * STEP_MM


def test_a_band_that_fills_the_patch_gives_a_flat_peak_and_says_so() -> None:
    inside = 1.0 - (_band(85, 10, 75) - 80.0) / 120.0  # 1 within a band thicker than the patch, 0 on the skin
    hairs = np.random.default_rng(0).normal(0.0, 20.0, 61)  # texture along the band only, as brow hairs give
    search = (200.0 - inside[:, None] * (120.0 - hairs[None, :])).astype(np.float32)
    found = match(search, search[17:68])
    assert found is not None
    assert found.flat_mm >= 2.0  # the patch looks alike wherever it stays inside the band
