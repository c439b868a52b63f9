from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from images.services import image_create, rendition_widths

from .factories import make_image, picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (3000, [480, 800, 1200, 1600]),
        (1600, [480, 800, 1200, 1600]),
        (1000, [480, 800, 1000]),
        (300, [300]),
    ],
)
def test_renditions_are_never_upscaled(width, widths):
    assert rendition_widths(width) == widths


def test_renditions_are_webp_in_storage_with_recorded_sizes():
    image = make_image(size=(1300, 650))
    assert [(r["width"], r["height"]) for r in image.renditions] == [
        (480, 240),
        (800, 400),
        (1200, 600),
        (1300, 650),
    ]
    for rendition in image.renditions:
        assert rendition["name"].startswith(f"images/renditions/{image.pk}/")
        with default_storage.open(rendition["name"]) as stored:
            picture = PillowImage.open(stored)
            assert picture.format == "WEBP"
            assert picture.size == (rendition["width"], rendition["height"])


def test_renditions_respect_exif_orientation_and_drop_exif_and_gps():
    exif = PillowImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (28.0, 36.0, 50.0)
    image = image_create(
        file=upload(picture_bytes(size=(800, 400), exif=exif.tobytes())),
        alt_text="a",
        credit="c",
    )
    assert (image.width, image.height) == (400, 800)  # upright
    largest = image.renditions[-1]
    assert (largest["width"], largest["height"]) == (400, 800)
    with default_storage.open(largest["name"]) as stored:
        data = stored.read()
    picture = PillowImage.open(BytesIO(data))
    assert picture.size == (400, 800)
    assert not picture.getexif()
    assert b"Exif" not in data
    assert b"CameraMaker" not in data
