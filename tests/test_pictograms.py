"""Example pictograms of the expression set: drawn in memory, one per expression, each different."""

from __future__ import annotations

import numpy as np
import pytest

from viz.errors import ArgumentError
from viz.pictograms import PICTOGRAM_EXPRESSIONS, pictogram
from viz.vocabulary import EXPRESSION_IDS as EXPRESSIONS


def test_there_is_a_pictogram_for_every_expression_of_the_set() -> None:
    assert PICTOGRAM_EXPRESSIONS == EXPRESSIONS


@pytest.mark.parametrize("expression", PICTOGRAM_EXPRESSIONS)
def test_each_pictogram_is_an_rgb_image_of_the_asked_width(expression: str) -> None:
    img = pictogram(expression, width=150)
    assert img.shape == (180, 150, 3) and img.dtype == np.uint8
    assert img[0, 0].tolist() == [255, 255, 255]  # white corner, face in the middle
    assert img[90, 75].tolist() != [255, 255, 255]


@pytest.mark.parametrize("expression", PICTOGRAM_EXPRESSIONS[1:])
def test_each_expression_differs_from_rest_and_shows_orange_arrows(expression: str) -> None:
    img = pictogram(expression).astype(int)
    rest = pictogram("rest").astype(int)
    assert np.abs(img - rest).sum(axis=2).max() > 200
    orange = (img[..., 0] > 200) & (img[..., 1] > 90) & (img[..., 1] < 150) & (img[..., 2] < 60)
    assert orange.sum() > 30
    assert not ((rest[..., 0] > 200) & (rest[..., 1] > 90) & (rest[..., 1] < 150) & (rest[..., 2] < 60)).any()


def test_bad_arguments_get_one_sentence() -> None:
    with pytest.raises(ArgumentError, match="Unknown expression"):
        pictogram("wink")
    with pytest.raises(ArgumentError, match="width"):
        pictogram("smile", width=10)
