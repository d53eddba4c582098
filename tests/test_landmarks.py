"""Landmark detection: calibration, flip averaging, several faces, warnings, threads."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image, ImageFilter

import viz
from tests.conftest import detected, face_far_away, face_path, far_in_large_photo
from viz import anatomy, landmarks
from viz.landmarks import FaceLandmarker, detail_frequency, finest_detail_px, light_levels, misread, roll_deg, shows_expression
from viz.movement import measure_dynamics

NAMES = ("frl_london_005_03.jpg", "frl_london_025_03.jpg", "cc0_zoom_45cm.jpg", "uscongress_W000809.jpg")


def _photo(name: str) -> viz.Photo:
    return viz.load_photo(face_path(name))


def test_a_face_has_478_landmarks_in_original_pixels_and_an_iris_scale() -> None:
    photo = viz.load_photo(face_path("uscongress_O000172.jpg"))  # 3360x4200, decoded at half size
    face = viz.detect_face(photo)
    assert face is not None
    assert face.xy_px.shape == (478, 2)
    assert photo.scale > 1.5
    x0, y0, x1, y1 = face.bbox
    assert 0 <= x0 < x1 <= photo.original_size[0] and 0 <= y0 < y1 <= photo.original_size[1]
    # an adult face is ~130-160 mm wide at the cheekbones
    assert 110 < (x1 - x0) * face.mm_per_px < 190
    assert face.mm_per_px == pytest.approx(11.7 / face.iris_diameter_px)


def test_a_photo_without_a_face_gives_none() -> None:
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 255, size=(400, 400, 3), dtype=np.uint8)
    assert viz.detect_face(viz.Photo.from_array(noise)) is None


def test_several_faces_measure_the_largest_and_say_so() -> None:
    big = Image.fromarray(np.asarray(_photo("frl_london_005_03.jpg").rgb)).resize((700, 700))
    small = Image.fromarray(np.asarray(_photo("frl_london_025_03.jpg").rgb)).resize((450, 450))
    canvas = Image.new("RGB", (1200, 700), (128, 128, 128))
    canvas.paste(big, (0, 0))
    canvas.paste(small, (740, 120))
    face = viz.detect_face(viz.Photo.from_array(np.asarray(canvas)))
    assert face is not None
    assert face.n_faces == 2
    (said,) = [w for w in face.warnings if "2 faces" in w]
    assert said.startswith("The photo shows 2 faces; the largest one is measured")  # clearly larger: no place needed
    assert said.endswith("crop the photo to their face.")  # what to do, in the same sentence (the page adds no second one)
    assert face.measured_where == ""
    assert face.bbox[2] < 700  # the larger face, on the left


def test_a_tiny_face_is_flagged_as_less_precise() -> None:
    img = Image.fromarray(np.asarray(_photo("frl_london_005_03.jpg").rgb)).resize((400, 400))
    face = viz.detect_face(viz.Photo.from_array(np.asarray(img)))
    assert face is not None
    assert any("px wide" in w for w in face.warnings)


def _cut(name: str, share_of_face: float) -> viz.Photo:
    """The photo with ``share_of_face`` of the face's width cut off its left edge (the subject's right side)."""
    full = _photo(name)
    face = viz.detect_face(full)
    assert face is not None
    xs = face.xy_px[:468, 0] / full.scale
    x0 = int(xs.min() + share_of_face * (xs.max() - xs.min()))
    return viz.Photo.from_array(np.ascontiguousarray(full.rgb[:, x0:]))


def _detected(img: Image.Image) -> viz.Face:
    face = viz.detect_face(viz.Photo.from_array(np.asarray(img)))
    assert face is not None
    return face


def _blurred_sentence(face: viz.Face) -> bool:
    return any(w.startswith("The photo is blurred or enlarged") for w in face.warnings)


@pytest.mark.parametrize("name", NAMES)
def test_a_sharp_photo_holds_detail_down_to_its_pixels(name: str) -> None:
    face = viz.detect_face(_photo(name))
    assert face is not None
    assert 1.0 <= face.detail_px < 1.4
    assert not _blurred_sentence(face)


@pytest.mark.parametrize("factor", [2, 3, 5])
def test_a_photo_enlarged_from_a_smaller_one_holds_that_ones_detail(factor: int) -> None:
    img = Image.fromarray(np.asarray(_photo("frl_london_025_03.jpg").rgb))
    small = img.resize((img.width // factor, img.height // factor), Image.Resampling.LANCZOS)
    face = _detected(small.resize(img.size, Image.Resampling.BICUBIC))
    assert 0.7 * factor <= face.detail_px <= 1.15 * factor
    assert face.is_small == (factor >= 3)  # 440 px wide as shot: the detail of 220, 147 and 88 px
    if factor == 2:  # reads 1.8: measured with it, without a sentence
        return
    assert _blurred_sentence(face)
    # the sentence gives the width the detail is worth, not the photo's
    width = float(re.search(r"no more detail than a face (\d+) px wide", " ".join(face.warnings)).group(1))  # type: ignore[union-attr]
    assert width == pytest.approx(face.face_width_px / face.photo.scale / face.detail_px, abs=1.0)


def test_the_small_face_sentence_counts_the_pixels_of_the_detail_as_is_small_does() -> None:
    img = Image.fromarray(np.asarray(_photo("frl_london_025_03.jpg").rgb))
    small = img.resize((img.width * 3 // 8, img.height * 3 // 8), Image.Resampling.LANCZOS)  # a 165 px face
    face = _detected(small.resize((img.width * 3 // 4, img.height * 3 // 4), Image.Resampling.BICUBIC))  # shown 330 px wide
    assert 1.0 < face.detail_px < 2.0 and not _blurred_sentence(face)  # no word about blur: the small-face one speaks
    assert face.face_width_px / face.photo.scale > 200 and face.is_small
    said = re.search(r"The face is only (\d+) px wide", " ".join(face.warnings))
    assert said is not None, face.warnings
    assert float(said.group(1)) == pytest.approx(face.face_width_px / face.detail_scale, abs=1.0)


@pytest.mark.parametrize("exif_turn", [False, True])
def test_a_face_small_only_because_its_photo_is_large_is_read_again_in_a_full_size_crop(exif_turn: bool) -> None:
    data, portrait = far_in_large_photo(exif_turn=exif_turn)
    reduced = viz.detect_face(viz.load_photo(data))
    assert reduced is not None and reduced.small_as_reduced
    face = viz.read_face(data)
    assert face is not None and not face.is_small and face.photo.scale == 1.0
    assert face.photo.whole_size == (4096, 3072) and face.photo.origin != (0, 0)
    # the crop lies where the face is in the file: the landmarks agree with the reduced reading's, in file pixels
    in_file = face.xy_px + np.array(face.photo.origin)
    assert float(np.median(np.linalg.norm(in_file - reduced.xy_px, axis=1))) < 3.0
    # and its pixels are the file's own, at full size
    x0, y0 = face.photo.origin
    h, w = face.photo.rgb.shape[:2]
    upright = Image.open(io.BytesIO(data))
    upright = np.asarray(upright.transpose(Image.Transpose.ROTATE_270) if exif_turn else upright.convert("RGB"))
    assert np.abs(face.photo.rgb.astype(int) - upright[y0 : y0 + h, x0 : x0 + w].astype(int)).mean() < 2.0
    said = " ".join(face.warnings)
    assert "measured in a crop around the face at the file's own resolution" in said and "crop the photo around the face" not in said
    # measured as the portrait itself is, and more surely than reduced
    alone = viz.detect_face(viz.Photo.from_array(np.asarray(portrait)))
    assert alone is not None
    crop, whole, ref = viz.analyze(face).measures, viz.analyze(reduced).measures, viz.analyze(alone).measures
    for mid in ("brow_height", "mouth_corner_drop", "eye_line_tilt"):
        assert crop[mid].uncertainty < whole[mid].uncertainty, mid
        assert abs(crop[mid].value - ref[mid].value) <= 2.0 * ref[mid].uncertainty, mid
    # the CLI's JSON places the face in the whole file
    out = viz.analyze(face).to_dict()
    assert (out["image"]["width"], out["image"]["height"]) == (4096, 3072)
    assert np.allclose(out["face"]["bbox"], reduced.bbox, atol=4.0), (out["face"]["bbox"], reduced.bbox)


def test_a_large_photo_is_not_read_again_with_several_faces_or_beyond_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = far_in_large_photo(second_face=True)
    face = viz.read_face(data)
    assert face is not None and face.n_faces == 2 and face.photo.origin == (0, 0) and face.small_as_reduced  # which face is meant is the person's to say
    one, _ = far_in_large_photo()
    monkeypatch.setattr("viz.photo.MEMORY_BUDGET", viz.photo.decode_cost("JPEG", "RGB", (4096, 3072), file_bytes=len(one)) + 1)
    with pytest.raises(viz.PhotoError, match="too much memory"):
        viz.load_photo(one, crop=(0, 0, 500, 500))  # decoded at full size, a JPEG costs more than reduced
    kept = viz.read_face(one)
    assert kept is not None and kept.photo.origin == (0, 0) and kept.small_as_reduced
    assert any("crop the photo around the face" in w for w in kept.warnings)


def test_a_face_small_only_because_a_large_photo_is_reduced_is_told_to_crop_not_to_find_a_larger_photo() -> None:
    # 4096 px wide, measured at 2048: the face is 114 px wide as measured but 228 px in the file, so a crop around it
    # is measured at the file's own size; "use a larger photo" would send the person looking for what they have.
    small = Image.open(face_path("frl_london_025_03.jpg")).convert("RGB")
    small.thumbnail((700, 700), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (4096, 3072), (112, 116, 120))
    canvas.paste(small, (1365, 819))
    buf = io.BytesIO()
    canvas.save(buf, "JPEG", quality=92)
    photo = viz.load_photo(buf.getvalue())
    face = viz.detect_face(photo)
    assert face is not None and photo.scale == pytest.approx(2.0) and face.is_small and face.small_as_reduced
    said = " ".join(w for w in face.warnings if "px wide" in w)
    assert "crop the photo around the face" in said and "larger photo" not in said, said
    in_file = re.search(r"the face is (\d+) px wide in the file", said)
    assert in_file is not None and float(in_file.group(1)) == pytest.approx(face.face_width_px, abs=1.0)
    # the same face in a photo measured as it is: nothing to crop, so the advice stays to come closer
    near = viz.detect_face(viz.Photo.from_array(np.asarray(face_far_away("frl_london_025_03.jpg"))))
    assert near is not None and near.photo.scale == 1.0 and near.is_small and not near.small_as_reduced
    assert any("move closer or use a larger photo" in w for w in near.warnings)
    # the Expressions page gives the same advice for an expression photo
    smile = measure_dynamics(near, {"smile": face}).expressions["smile"]
    assert any("crop the photo around the face" in w for w in smile.warnings), smile.warnings


def test_blur_reads_as_lost_detail_and_noise_or_sharpening_never_does() -> None:
    img = Image.fromarray(np.asarray(_photo("frl_london_005_03.jpg").rgb))
    sharp = _detected(img).detail_px
    blurred = _detected(img.filter(ImageFilter.GaussianBlur(3.0)))
    assert blurred.detail_px > 4.0 and _blurred_sentence(blurred)
    noise = np.random.default_rng(1).normal(0.0, 8.0, (img.height, img.width, 3))
    noisy = Image.fromarray(np.clip(np.asarray(img, dtype=np.float64) + noise, 0, 255).astype(np.uint8))
    for changed in (noisy, img.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=0))):
        assert _detected(changed).detail_px <= sharp


def test_the_detail_frequency_of_a_flat_or_tiny_picture_is_none() -> None:
    face = viz.detect_face(_photo("frl_london_005_03.jpg"))
    assert face is not None
    flat = np.full_like(face.photo.rgb, 120)
    assert detail_frequency(flat, face.xy_working) is None
    assert finest_detail_px(flat, face.xy_working) == 1.0
    assert detail_frequency(face.photo.rgb, face.xy_working / 40.0) is None  # a 10 px eye region


@pytest.mark.parametrize("name", ["frl_london_005_03.jpg", "frl_london_025_03.jpg", "cc0_lisa_lisa1.jpg"])
@pytest.mark.parametrize("share", [0.5, 0.25, 0.12])
def test_a_face_cut_by_the_edge_of_the_photo_is_never_measured_as_a_whole_one(name: str, share: float) -> None:
    # half a face was measured as a whole one: index 2.2 mm against 0.6, and a headline that was the cut
    try:
        face = viz.detect_face(_cut(name, share))
    except viz.FaceError as exc:
        assert re.fullmatch(r"About \d+% of the face is beyond the edge of the photo, so it cannot be measured: [^.]*\.", str(exc)), exc
    else:
        assert face is None  # or no face is found at all


def test_a_face_grazing_the_edge_is_measured_with_a_word_about_it() -> None:
    face = viz.detect_face(_cut("frl_london_005_03.jpg", 0.04))
    assert face is not None
    assert any("beyond the edge of the photo, so the measures are less sure" in w for w in face.warnings)
    assert viz.landmarks.outside_share(face.xy_px / face.photo.scale, *face.photo.size) <= viz.landmarks.MAX_OUTSIDE_SHARE


def _barred(name: str, sides: tuple[str, ...], level: int = 0) -> viz.Photo:
    """The photo with a bar of grey ``level`` over the eyes of ``sides``, about two irises tall."""
    full = _photo(name)
    face = viz.detect_face(full)
    assert face is not None
    rgb = np.array(full.rgb)
    xy = face.xy_px / full.scale
    r = face.iris_diameter_px / full.scale
    for side in (viz.anatomy.LEFT, viz.anatomy.RIGHT):
        if side.name in sides:
            x, y = xy[side.iris_centre]
            rgb[int(y - r) : int(y + r), int(x - 2.2 * r) : int(x + 2.2 * r)] = level
    return viz.Photo.from_array(rgb)


@pytest.mark.parametrize("sides", [("left", "right"), ("right",)])
def test_covered_eyes_are_refused_in_one_sentence_not_measured_on_a_guessed_scale(sides: tuple[str, ...]) -> None:
    # black bars over the eyes moved the millimetre scale 8-18% without a word, and Visits reported changes
    with pytest.raises(viz.FaceError, match=r"^The eyes cannot be seen \(sunglasses, [^.]*\.$"):
        viz.detect_face(_barred("frl_london_005_03.jpg", sides))


@pytest.mark.parametrize("name", NAMES)
def test_a_dim_photo_is_not_taken_for_covered_eyes(name: str) -> None:
    dim = viz.Photo.from_array((np.asarray(_photo(name).rgb) * 0.3).astype(np.uint8))
    face = viz.detect_face(dim)
    assert face is not None
    left, right = viz.landmarks.eye_contrast(dim.rgb, face.xy_px / dim.scale)
    assert left is not None and right is not None and min(left, right) > 4 * viz.landmarks.HIDDEN_EYE_CONTRAST


def test_a_neutral_frontal_photo_has_no_warnings() -> None:
    face = viz.detect_face(_photo("frl_london_005_03.jpg"))
    assert face is not None
    assert face.warnings == ()
    assert abs(face.pose.yaw) < 8 and abs(face.pose.pitch) < 8


def test_roll_follows_the_tilt_of_the_photo() -> None:
    img = Image.fromarray(np.asarray(_photo("frl_london_005_03.jpg").rgb))
    base = viz.detect_face(viz.Photo.from_array(np.asarray(img)))
    tilted = viz.detect_face(viz.Photo.from_array(np.asarray(img.rotate(12, Image.Resampling.BICUBIC, fillcolor=(128, 128, 128)))))
    assert base is not None and tilted is not None
    # PIL rotates counter-clockwise: the image-right side (subject's left) goes up
    assert tilted.pose.roll - base.pose.roll == pytest.approx(12, abs=2.0)


def test_flip_averaging_makes_a_mirrored_photo_give_mirrored_landmarks() -> None:
    photo = _photo("frl_london_025_03.jpg")
    face = viz.detect_face(photo)
    flipped = viz.detect_face(viz.Photo.from_array(np.asarray(photo.rgb)[:, ::-1]))
    assert face is not None and flipped is not None
    back = viz.anatomy.mirror_relabel(flipped.xy_px, photo.size[0])
    assert np.abs(back - face.xy_px).max() < 0.05


def test_the_landmarker_is_safe_to_share_between_threads() -> None:
    photos = [_photo(n) for n in NAMES]
    with FaceLandmarker() as shared:
        alone = [shared.detect(p) for p in photos]
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(shared.detect, photos * 2))
    for i, face in enumerate(together):
        ref = alone[i % len(photos)]
        assert face is not None and ref is not None
        assert np.allclose(face.xy_px, ref.xy_px, atol=1e-6)


def test_passes_run_side_by_side_give_the_same_landmarks_as_one_after_another() -> None:
    photos = [_photo(n) for n in NAMES[:2]]
    with FaceLandmarker(lanes=1) as one, FaceLandmarker(lanes=2) as two:
        for photo in photos:
            a, b = one.detect(photo), two.detect(photo)
            assert a is not None and b is not None
            assert np.array_equal(a.xy_px, b.xy_px) and np.array_equal(a.spread_px, b.spread_px)


def test_a_closed_landmarker_loads_its_model_again_when_used() -> None:
    photo = _photo(NAMES[0])
    landmarker = FaceLandmarker(lanes=2)
    first = landmarker.detect(photo)
    landmarker.close()
    again = landmarker.detect(photo)
    landmarker.close()
    assert first is not None and again is not None
    assert np.array_equal(first.xy_px, again.xy_px)


def test_closing_a_landmarker_while_photos_are_read_loses_none_of_them() -> None:
    photo = _photo(NAMES[0])
    landmarker = FaceLandmarker(lanes=2)
    ref = landmarker.detect(photo)
    with ThreadPoolExecutor(max_workers=3) as pool:
        pending = [pool.submit(landmarker.detect, photo) for _ in range(3)]
        landmarker.close()  # waits for the passes in progress; later ones load the model again
        faces = [f.result() for f in pending]
    landmarker.close()
    assert ref is not None
    for face in faces:
        assert face is not None and np.array_equal(face.xy_px, ref.xy_px)


def test_a_landmarker_needs_at_least_one_lane() -> None:
    with pytest.raises(viz.errors.ArgumentError):
        FaceLandmarker(lanes=0)


FRL_IDS = ("005", "006", "025", "061", "136")


def _expression_flagged(name: str) -> bool:
    face = viz.detect_face(_photo(name))
    assert face is not None
    return any("neutral face" in w for w in face.warnings)


@pytest.mark.parametrize("person", FRL_IDS)
def test_a_neutral_face_is_not_taken_for_an_expression(person: str) -> None:
    assert not _expression_flagged(f"frl_london_{person}_03.jpg")


def test_smiles_are_flagged_as_expressions() -> None:
    flagged = [p for p in FRL_IDS if _expression_flagged(f"frl_london_{p}_08.jpg")]
    assert len(flagged) >= 4, flagged  # one of the five smiles is barely visible
    for name in ("uscongress_C001080.jpg", "uscongress_K000389.jpg", "uscongress_T000472.jpg"):
        assert _expression_flagged(name), name


@pytest.mark.parametrize(
    ("name", "turns"),
    [("frl_london_005_03.jpg", 2), ("uscongress_C001080.jpg", 2), ("cc0_lisa_lisa1.jpg", 2), ("frl_london_005_03.jpg", 1), ("frl_london_061_03.jpg", 3)],
)
def test_a_face_on_its_side_or_upside_down_is_turned_upright_and_read_as_the_same_face(name: str, turns: int) -> None:
    # The model fits an upright mesh to some faces turned half a turn (or finds none): the engine must notice and read
    # the face the right way up. The photo is then turned upright, so that it is drawn and saved with the face's sides
    # where a person looks for them (the overlay named a sideways face's top and bottom "subject's right" and "left").
    upright = _photo(name)
    turned = viz.Photo.from_array(np.ascontiguousarray(np.rot90(np.asarray(upright.rgb), turns)))
    a, b = viz.detect_face(upright), viz.detect_face(turned)
    assert a is not None and b is not None
    assert b.photo.turned == (4 - turns) % 4 and b.photo.size == upright.size
    assert np.array_equal(np.asarray(b.photo.rgb), np.asarray(upright.rgb))  # the very pixels, turned back
    back = b.xy_px * upright.scale / turned.scale
    assert float(np.median(np.linalg.norm(back - a.xy_px, axis=1))) < 0.1 * a.iris_diameter_px
    assert any("the photo was turned" in warning for warning in b.warnings), b.warnings
    assert not any("turn the photo upright" in warning for warning in b.warnings)
    ra, rb = viz.analyze(a), viz.analyze(b)
    for mid, m in ra.measures.items():
        if m.withheld is None:
            assert abs(m.value - rb.measures[mid].value) <= max(m.uncertainty, rb.measures[mid].uncertainty), mid


@pytest.mark.parametrize(
    ("name", "degrees"),
    [("frl_london_005_03.jpg", 130), ("frl_london_005_03.jpg", -125), ("frl_london_061_03.jpg", 120), ("frl_london_025_08.jpg", -120),
     ("uscongress_C001080.jpg", 130), ("cc0_lisa_lisa1.jpg", -130)],
)  # fmt: skip
def test_a_face_rolled_near_130_degrees_is_read_like_the_upright_face(name: str, degrees: int) -> None:
    # The model misreads some faces at these angles: a mesh fitted upside down to the wrong features gave a confident
    # "left brow higher, commonly noticed" 6.3 mm, or "the eyes cannot be seen" for open eyes. The engine must notice the
    # unsound read and find the face in the photo turned by quarter turns.
    upright = _photo(name)
    rolled = viz.Photo.from_array(np.asarray(Image.fromarray(np.asarray(upright.rgb)).rotate(degrees, Image.BICUBIC, expand=True)))
    a, b = viz.detect_face(upright), viz.detect_face(rolled)
    assert a is not None and b is not None and not misread(b)
    assert abs(abs(roll_deg(b.xy_px)) - abs(abs(degrees) - 90 * round(abs(degrees) / 90))) < 5  # the rest after quarter turns
    assert abs(b.iris_diameter_px / b.photo.scale - a.iris_diameter_px / upright.scale) < 0.05 * a.iris_diameter_px / upright.scale
    ra, rb = viz.analyze(a), viz.analyze(b)
    for mid, m in ra.measures.items():
        if m.withheld is None and rb.measures[mid].withheld is None:
            assert abs(m.value - rb.measures[mid].value) <= m.uncertainty + rb.measures[mid].uncertainty, (mid, m.value, rb.measures[mid].value)


@pytest.mark.parametrize(("name", "corner"), [("frl_london_025_03.jpg", (300, 200)), ("cc0_zoom_45cm.jpg", (1450, 900))])
def test_a_face_small_in_a_large_picture_is_found_and_reads_as_at_full_size(name: str, corner: tuple[int, int]) -> None:
    # The model's detector sees the whole picture shrunk to 128 px and misses a face a tenth of its width, though the
    # face still holds about 200 px to measure: the engine looks closer and measures it, and says it is small.
    full = _photo(name)
    photo = viz.Photo.from_array(np.asarray(face_far_away(name, corner)))
    assert FaceLandmarker(views=(), flip=False).detect(photo) is None  # the whole picture alone shows no face
    a, b = viz.detect_face(full), viz.detect_face(photo)
    assert a is not None and b is not None
    assert b.n_faces == 1 and corner[0] < b.bbox[0] < b.bbox[2] < corner[0] + 470
    assert b.face_width_px < 300
    ra, rb = viz.analyze(a), viz.analyze(b)
    for mid, m in rb.measures.items():
        if m.withheld is None and ra.measures[mid].withheld is None:
            assert abs(m.value - ra.measures[mid].value) <= 2 * m.uncertainty, mid


def test_two_small_faces_found_by_looking_closer_are_both_counted() -> None:
    canvas = face_far_away("frl_london_025_03.jpg", (250, 300))
    other = face_far_away("frl_london_005_03.jpg", (1350, 700), side=380).crop((1350, 700, 1730, 1080))
    canvas.paste(other, (1350, 700))
    face = viz.detect_face(viz.Photo.from_array(np.asarray(canvas)))
    assert face is not None and face.n_faces == 2
    assert face.bbox[2] < 1000  # the wider of the two is measured
    assert any("2 faces" in w and "crop" in w for w in face.warnings)


def test_a_large_picture_without_a_face_still_gives_none_after_looking_closer() -> None:
    rng = np.random.default_rng(5)
    noise = rng.integers(0, 255, size=(1536, 2048, 3), dtype=np.uint8)
    assert viz.detect_face(viz.Photo.from_array(noise)) is None


@pytest.mark.parametrize(("order", "where"), [(("big", "twin"), "on the left of the picture"), (("twin", "big"), "on the right of the picture")])
def test_two_faces_of_about_one_size_name_where_the_measured_one_is(order: tuple[str, str], where: str) -> None:
    # "the largest one" does not tell a person which of two similar faces was measured: the sentence says where it is
    sizes = {"big": 640, "twin": 600}
    canvas = Image.new("RGB", (1320, 700), (128, 128, 128))
    for k, name in enumerate(order):
        face_img = Image.fromarray(np.asarray(_photo("frl_london_005_03.jpg" if name == "big" else "frl_london_025_03.jpg").rgb))
        canvas.paste(face_img.resize((sizes[name], sizes[name])), (k * 670, 20))
    face = viz.detect_face(viz.Photo.from_array(np.asarray(canvas)))
    assert face is not None and face.n_faces == 2
    assert face.measured_where == where
    sentence = next(w for w in face.warnings if "2 faces" in w)
    assert "about the same size" in sentence and where in sentence and "crop" in sentence
    assert "largest" not in sentence
    assert (face.bbox[0] < 660) == (order[0] == "big")  # the larger of the two is still the one measured


def test_a_head_tilted_toward_a_shoulder_is_warned_about_and_a_level_one_is_not() -> None:
    # cc0_lisa_lisa3, tilted 20 degrees, read the lips 1.7 mm off her three level photos with no word about the tilt
    tilted = viz.detect_face(_photo("cc0_lisa_lisa3.jpg"))
    level = viz.detect_face(_photo("cc0_lisa_lisa1.jpg"))
    assert tilted is not None and level is not None
    assert abs(tilted.pose.roll) > viz.landmarks.ROLL_LIMIT_DEG and abs(level.pose.roll) < viz.landmarks.ROLL_LIMIT_DEG
    said = [w for w in tilted.warnings if "tilted" in w and "toward one shoulder" in w]
    assert len(said) == 1 and f"{abs(tilted.pose.roll):.0f}°" in said[0] and "Hold the head level" in said[0]
    assert not any("toward one shoulder" in w for w in level.warnings)
    # the level photo turned in the picture by 15 degrees is tilted too; by 5, not
    for angle, warned in ((15, True), (5, False)):
        turned = Image.fromarray(np.asarray(_photo("cc0_lisa_lisa1.jpg").rgb)).rotate(
            angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(128, 128, 128)
        )
        face = viz.detect_face(viz.Photo.from_array(np.asarray(turned)))
        assert face is not None
        assert any("toward one shoulder" in w for w in face.warnings) is warned, (angle, face.pose.roll)


def test_an_overexposed_face_is_said_to_be_read_less_surely_and_an_ordinary_one_is_not() -> None:
    # 005 brightened 2.6 times: 69 % of the face pure white, its eye-line tilt 0.42° off (±0.25°), and no word said
    from PIL import ImageEnhance

    photo = _photo("frl_london_005_03.jpg")
    plain = viz.detect_face(photo)
    bright = Image.fromarray(np.asarray(photo.rgb))
    faces = {k: viz.detect_face(viz.Photo.from_array(np.asarray(ImageEnhance.Brightness(bright).enhance(k)))) for k in (1.3, 2.6)}
    assert plain is not None and all(f is not None for f in faces.values())
    said = {k: [w for w in f.warnings if "overexposed" in w] for k, f in faces.items() if f is not None}
    assert not [w for w in plain.warnings if "overexposed" in w] and not said[1.3]
    assert len(said[2.6]) == 1 and re.search(r"About \d+% of the face is overexposed", said[2.6][0]), said


@pytest.mark.parametrize("name", ["frl_london_005_03.jpg", "frl_london_136_03.jpg"])
def test_a_face_that_nearly_touches_the_edge_is_said_to_be_read_less_surely(name: str) -> None:
    # cropped at the cheek, 005's nose read 1.1 mm off the midline, toward the right, against 0.2 mm in the whole photo:
    # the model pulls the outline in from an edge it nearly touches, and nothing was said
    photo = _photo(name)
    whole = viz.detect_face(photo)
    assert whole is not None and not [w for w in whole.warnings if "edge" in w]
    x0, _y0, x1, _y1 = (v / photo.scale for v in whole.bbox)
    rgb = np.asarray(photo.rgb)
    roomy, tight = (rgb[:, : int(x1 + k * (x1 - x0))] for k in (0.15, 0.01))
    spaced, touching = (viz.detect_face(viz.Photo.from_array(np.ascontiguousarray(a))) for a in (roomy, tight))
    assert spaced is not None and touching is not None
    assert not [w for w in spaced.warnings if "edge" in w]
    assert [w for w in touching.warnings if "nearly touches the edge" in w or "beyond the edge" in w], touching.warnings


def _mouth_reshaped(xy_px: np.ndarray, widen: float, fuller: float, corner_lift: float = 0.0) -> np.ndarray:
    """The landmarks with the mouth ``widen`` times as wide and ``fuller`` times as tall about its centre (in the face's
    own frame), and both corners raised by ``corner_lift`` of the new lips' height."""
    left, right = anatomy.LEFT, anatomy.RIGHT
    eyes = xy_px[left.iris_centre] - xy_px[right.iris_centre]
    across = eyes / np.linalg.norm(eyes)
    up = np.array([across[1], -across[0]])
    if (xy_px[10] - xy_px[anatomy.CHIN]) @ up < 0:
        up = -up
    mouth = sorted(anatomy.REGION_LANDMARKS["mouth"])
    centre = (xy_px[left.mouth_corner] + xy_px[right.mouth_corner]) / 2.0
    out = np.array(xy_px, dtype=np.float64)
    rel = out[mouth] - centre
    out[mouth] = centre + np.outer(rel @ across * widen, across) + np.outer(rel @ up * fuller, up)
    top, bottom = anatomy.LIP_MIDLINE
    height = float((out[top] - out[bottom]) @ up)
    for corner in (left.mouth_corner, right.mouth_corner):
        out[corner] += corner_lift * height * up
    return out


def _mouth_ratios(xy_px: np.ndarray) -> tuple[float, float]:
    """Mouth width over the inter-iris distance, and the lips' height over it."""
    left, right = anatomy.LEFT, anatomy.RIGHT
    gap = float(np.linalg.norm(xy_px[left.iris_centre] - xy_px[right.iris_centre]))
    top, bottom = anatomy.LIP_MIDLINE
    return float(np.linalg.norm(xy_px[left.mouth_corner] - xy_px[right.mouth_corner])) / gap, float(np.linalg.norm(xy_px[top] - xy_px[bottom])) / gap


@pytest.mark.parametrize("name", ["frl_london_061_03.jpg", "frl_london_136_03.jpg", "uscongress_W000809.jpg"])
def test_a_wide_full_relaxed_mouth_is_not_a_smile_and_raised_corners_are(name: str) -> None:
    # frl_london_126 (a mouth 0.87 of the eye distance wide) and 129 (full lips) were told they were smiling: a wide or
    # full mouth is a face's build. The same relaxed mouth made wider than the old width limit and half as tall again
    # is not taken for a smile; its corners raised by a fifth of the lips' height are.
    xy = np.asarray(detected(name).xy_px, dtype=np.float64)
    assert not shows_expression(xy)
    width, _height = _mouth_ratios(xy)
    wide_full = _mouth_reshaped(xy, widen=0.9 / width, fuller=1.5)
    assert _mouth_ratios(wide_full)[0] > viz.landmarks.SMILE_WIDTH_RATIO  # the old rule flagged this on width alone
    assert not shows_expression(wide_full)
    assert shows_expression(_mouth_reshaped(xy, widen=0.9 / width, fuller=1.5, corner_lift=0.2))
    assert shows_expression(_mouth_reshaped(xy, widen=1.0, fuller=1.0, corner_lift=0.2))
    # a ratio of the face's own lengths: the same at any size and place in the picture
    for k, shift in ((0.5, 0.0), (3.0, 250.0)):
        assert shows_expression(wide_full * k + shift) is False
        assert shows_expression(_mouth_reshaped(xy, 1.0, 1.0, 0.2) * k + shift) is True


@pytest.mark.parametrize("name", ["relaxed/frl_london_126_03.jpg", "relaxed/frl_london_129_03.jpg"])
def test_relaxed_faces_with_full_lips_are_not_taken_for_a_smile(name: str) -> None:
    assert not _expression_flagged(name)


def test_a_closed_lip_smile_is_flagged_by_its_raised_corners() -> None:
    # 136's smile keeps the lips together and the mouth no wider than the width limit: only the corners tell
    smile = np.asarray(detected("frl_london_136_08.jpg").xy_px, dtype=np.float64)
    assert _mouth_ratios(smile)[0] < viz.landmarks.SMILE_WIDTH_RATIO
    assert shows_expression(smile)
    assert _expression_flagged("frl_london_136_08.jpg")


def _light_said(face: viz.Face) -> list[str]:
    return [w for w in face.warnings if "too dark" in w or "one side of the face" in w]


def _darkened(name: str, level: float, noise: float = 3.0) -> viz.Photo:
    """The photo at ``level`` of its brightness with Gaussian noise of ``noise`` grey levels (a dim room's camera)."""
    rgb = np.asarray(_photo(name).rgb, dtype=np.float64)
    noisy = rgb * level + np.random.default_rng(7).normal(0.0, noise, rgb.shape)
    return viz.Photo.from_array(np.clip(noisy, 0, 255).astype(np.uint8))


def _lit_from_one_side(name: str, darker: str, low: float = 0.2) -> viz.Photo:
    """The photo darkened across its width from full light to ``low`` at the edge on the subject's ``darker`` side
    (the subject's left is the picture's right)."""
    rgb = np.asarray(_photo(name).rgb, dtype=np.float64)
    ramp = np.linspace(1.0, low, rgb.shape[1]) if darker == "left" else np.linspace(low, 1.0, rgb.shape[1])
    return viz.Photo.from_array(np.clip(rgb * ramp[None, :, None], 0, 255).astype(np.uint8))


@pytest.mark.parametrize("name", [*NAMES, "frl_london_061_03.jpg", "cc0_lisa_lisa2.jpg", "uscongress_O000172.jpg"])
def test_a_dark_photo_is_said_to_be_too_dark_and_one_in_ordinary_light_is_not(name: str) -> None:
    # uscongress_W000809 at 10 % of its light read its lips 1.7 mm on one side of the midline and then 0.2 mm on the
    # other, with no word about the light. The ordinary photos here include a dark skin (061), a dim room (lisa2, also
    # lit from one side) and a portrait lit from one side (O000172): none is said to be dark or unevenly lit.
    plain = viz.detect_face(_photo(name))
    assert plain is not None and _light_said(plain) == [], plain.warnings
    dark = viz.detect_face(_darkened(name, 0.1))
    assert dark is not None
    said = _light_said(dark)
    assert len(said) == 1 and "too dark" in said[0] and "facing a window" in said[0], dark.warnings


def test_light_much_stronger_on_one_side_is_said_with_the_shaded_side() -> None:
    # W809's own light falls on his right; darkened toward his left as well, his nose tip moved 1.8 mm sideways
    shaded = _lit_from_one_side("uscongress_W000809.jpg", "left")
    face = viz.detect_face(shaded)
    assert face is not None
    said = _light_said(face)
    assert len(said) == 1 and "the left cheek" in said[0] and "even light" in said[0], face.warnings
    # the mirror image is shaded on the other side, and says so
    mirrored = viz.detect_face(viz.Photo.from_array(np.ascontiguousarray(np.asarray(shaded.rgb)[:, ::-1])))
    assert mirrored is not None
    assert [w for w in _light_said(mirrored) if "the right cheek" in w], mirrored.warnings
    _bright, evenness, darker = light_levels(shaded.rgb, face.xy_px / shaded.scale)
    assert evenness < viz.landmarks.SIDE_LIGHT_RATIO and darker == "left"


def test_light_levels_read_the_brightest_pixels_and_the_cheeks() -> None:
    face = detected("frl_london_005_03.jpg")
    photo = face.photo
    xy = face.xy_px / photo.scale
    bright, even, _ = light_levels(photo.rgb, xy)
    half = np.asarray(photo.rgb) // 2
    bright_half, even_half, _ = light_levels(half, xy)
    assert bright_half == pytest.approx(bright / 2, abs=1.0)  # half the light, half the level
    assert even_half == pytest.approx(even, abs=0.02)  # evenness does not depend on how bright the photo is
    assert 0.0 < even <= 1.0


def test_the_light_sentences_reach_the_reports_existing_warnings() -> None:
    # the page, Visits and the command line read a report's warnings: the sentence is there, under no new key
    face = viz.detect_face(_darkened("uscongress_W000809.jpg", 0.1))
    plain = viz.analyze(detected("uscongress_W000809.jpg")).to_dict()
    assert face is not None
    data = viz.analyze(face).to_dict()
    assert set(data) == set(plain) and set(data["quality"]) == set(plain["quality"])
    assert [w for w in data["quality"]["warnings"] if "too dark" in w] and data["quality"]["ok"] is False


def test_a_photos_light_note_makes_its_headline_and_its_visits_less_sure() -> None:
    # QA: beside "the measures can lean" the headline "Mouth-corner drop 2.2 ± 0.4 mm" stood with no word, where a tilted
    # head or a smile says "Read less surely: …" (a side-lit copy moved the inner brow from +0.1 to -1.5 mm)
    from viz.landmarks import LIGHT_DOUBTS, light_doubts
    from viz.visits import compare

    dark = viz.detect_face(_darkened("uscongress_W000809.jpg", 0.1))
    shaded = viz.detect_face(_lit_from_one_side("uscongress_W000809.jpg", "left"))
    plain = viz.detect_face(_photo("uscongress_W000809.jpg"))
    assert dark is not None and shaded is not None and plain is not None
    for face, phrase in ((dark, LIGHT_DOUBTS[1][1]), (shaded, LIGHT_DOUBTS[2][1])):
        report = viz.analyze(face)
        assert light_doubts(report.warnings) == (phrase,) and phrase in report.less_sure, report.less_sure
        assert phrase in report.less_sure_note()
        assert f"{phrase} in the after photo" in compare(plain, face).less_sure
    assert not light_doubts(viz.analyze(plain).warnings) and not viz.analyze(plain).less_sure


def test_a_sharp_small_photo_is_named_by_its_own_width() -> None:
    # lisa 2 is 600 px wide and nearly sharp (its finest detail 1.01 px): it read "the photo itself is small (592 px across)"
    face = viz.detect_face(_photo("cc0_lisa_lisa2.jpg"))
    assert face is not None and 1.0 < face.detail_px < landmarks.SOFT_DETAIL_PX
    said = " ".join(w for w in face.warnings if "the photo itself is small" in w)
    assert f"({face.photo.original_size[0]} px across)" in said, said
    assert "fills" not in said, said  # its face spans 31 % of the photo: "although it fills the photo" was false (walk G)


def test_a_small_face_that_fills_a_small_photo_asks_for_a_larger_photo_not_to_come_closer() -> None:
    # a webcam's 640 x 480 frame or a messaging app's copy: the face already fills the frame, so coming closer cannot
    # give it more pixels
    img = Image.fromarray(np.asarray(_photo("frl_london_025_03.jpg").rgb))
    small = img.resize((img.width * 2 // 5, img.height * 2 // 5), Image.Resampling.LANCZOS)  # a 540 px photo, face ~175 px
    face = _detected(small)
    assert face.is_small and face.face_width_px >= landmarks.FILLS_PHOTO_SHARE * small.width
    said = " ".join(w for w in face.warnings if "px wide" in w)
    assert "the photo itself is small" in said and f"({small.width} px across)" in said and "move closer" not in said, said
    # the same face, as small, in a large frame: coming closer is the advice
    canvas = Image.new("RGB", (2048, 1536), (112, 116, 120))
    canvas.paste(small, (700, 500))
    far = _detected(canvas)
    assert far.is_small and "move closer or use a larger photo" in " ".join(far.warnings) and "photo itself" not in " ".join(far.warnings)
