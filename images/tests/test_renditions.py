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


def _srgb_profile_with_red_and_blue_swapped():
    """A valid RGB colour profile (sRGB's, with the red and blue primaries exchanged), so a pixel
    stored as pure red means pure blue: only a real conversion to sRGB shows it as blue."""
    import struct

    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", data[128:132])
    entries = {bytes(data[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    data[red + 4 : red + 12], data[blue + 4 : blue + 12] = (
        data[blue + 4 : blue + 12],
        data[red + 4 : red + 12],
    )
    return bytes(data)


def _tagged_picture(icc_profile, image_format="JPEG", colour=(255, 0, 0), size=(900, 600)):
    buffer = BytesIO()
    options = {"quality": 95} if image_format == "JPEG" else {}
    PillowImage.new("RGB", size, colour).save(
        buffer, image_format, icc_profile=icc_profile, **options
    )
    return buffer.getvalue()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_renditions_are_converted_to_srgb_and_carry_no_profile(image_format):
    content = _tagged_picture(_srgb_profile_with_red_and_blue_swapped(), image_format)
    image = image_create(file=upload(content, name="tagged"), alt_text="a", credit="c")
    for rendition in image.renditions:
        with default_storage.open(rendition["name"]) as stored:
            picture = PillowImage.open(stored)
            assert "icc_profile" not in picture.info
            red, green, blue = picture.convert("RGB").getpixel((10, 10))
        assert (red < 60, green < 60, blue > 200) == (True, True, True)  # blue, as the profile said


def test_a_huge_random_profile_is_not_copied_into_renditions():
    import os

    content = _tagged_picture(os.urandom(900 * 1024), "JPEG", colour=(30, 90, 160))
    image = image_create(file=upload(content, name="noise-profile.jpg"), alt_text="a", credit="c")
    for rendition in image.renditions:
        with default_storage.open(rendition["name"]) as stored:
            data = stored.read()
        assert len(data) < 20 * 1024  # a flat 900 px picture, without the 900 KB profile
        picture = PillowImage.open(BytesIO(data))
        assert "icc_profile" not in picture.info
        assert picture.convert("RGB").getpixel((10, 10)) == pytest.approx((30, 90, 160), abs=6)


def test_large_jpegs_are_decoded_at_a_reduced_scale_for_renditions(monkeypatch):
    from PIL import ImageFile

    decoded_sizes = []
    original_load = ImageFile.ImageFile.load

    def recording_load(picture):
        result = original_load(picture)
        if picture.format == "JPEG":
            decoded_sizes.append(picture.size)
        return result

    image = make_image(size=(4000, 3000))
    image.renditions = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    from images.services import image_make_renditions

    image_make_renditions(image=image)
    assert set(decoded_sizes) == {(2000, 1500)}  # half scale still covers the 1600 px rendition
    assert [r["width"] for r in image.renditions] == [480, 800, 1200, 1600]
    assert (image.width, image.height) == (4000, 3000)
