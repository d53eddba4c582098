"""The mirror map and landmark groups."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import numpy as np

from tests.conftest import REPO, data_path
from viz import anatomy

OBJ = data_path("face_model_with_iris.obj")  # shipped in tests/data (Apache-2.0, see its SOURCES.md)


def test_mirror_map_is_its_own_inverse() -> None:
    m = anatomy.MIRROR
    assert np.array_equal(m[m], np.arange(anatomy.N_LANDMARKS))


def test_counts_match_the_canonical_model() -> None:
    assert len(anatomy.MESH_PAIRS) == 220
    assert len(anatomy.IRIS_PAIRS) == 5
    assert len(anatomy.MIDLINE) == 28
    assert 2 * len(anatomy.PAIRS) + len(anatomy.MIDLINE) == anatomy.N_LANDMARKS == 478


def test_midline_points_map_to_themselves_and_pairs_do_not() -> None:
    for i in anatomy.MIDLINE:
        assert anatomy.MIRROR[i] == i
    for left, right in anatomy.PAIRS:
        assert left != right and anatomy.MIRROR[left] == right


def test_left_points_lie_on_the_subjects_left_of_the_canonical_model() -> None:
    xyz = np.asarray(anatomy.CANONICAL_XYZ)
    for left, right in anatomy.PAIRS:
        assert xyz[left, 0] > 0 > xyz[right, 0]


def test_named_sides_mirror_each_other() -> None:
    left, right = anatomy.LEFT, anatomy.RIGHT
    assert [anatomy.MIRROR[i] for i in right.brow_upper] == list(left.brow_upper)
    assert anatomy.MIRROR[right.mouth_corner] == left.mouth_corner == 291
    assert right.iris_centre == 468 and left.iris_centre == 473


def test_regions_are_disjoint_and_closed_under_mirroring() -> None:
    seen: set[int] = set()
    for name, idx in anatomy.REGION_LANDMARKS.items():
        members = set(idx)
        assert members, name
        assert not members & seen
        seen |= members
        assert {int(anatomy.MIRROR[i]) for i in members} == members, name


def test_mirror_relabel_of_a_relabel_is_the_identity() -> None:
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 500, size=(478, 2))
    back = anatomy.mirror_relabel(anatomy.mirror_relabel(xy, 500.0), 500.0)
    assert np.allclose(back, xy)


def test_committed_table_is_what_the_generator_writes() -> None:
    out = subprocess.run([sys.executable, str(REPO / "tools" / "gen_mirror_map.py"), str(OBJ)], capture_output=True, text=True, check=True).stdout
    spec = importlib.util.find_spec("viz._mirror_table")
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as committed:
        assert out == committed.read()
