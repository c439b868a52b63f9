from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image as PillowImage

from images.forms import ImageForm
from images.models import Image

from .factories import picture_bytes, png_header_only, upload

pytestmark = pytest.mark.django_db

METADATA = {"alt_text": "A harbour at dawn", "caption": "The harbour.", "credit": "Agency/Name"}


def form_errors(content, name="photo.jpg"):
    form = ImageForm(data=METADATA, files={"file": upload(content, name=name)})
    assert not form.is_valid()
    return " ".join(form.errors["file"])


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_four_accepted_formats_pass(image_format):
    form = ImageForm(
        data=METADATA, files={"file": upload(picture_bytes(image_format=image_format))}
    )
    assert form.is_valid(), form.errors


def test_content_decides_not_the_file_name():
    # A PNG named .txt is accepted; a text file named .jpg is not.
    form = ImageForm(
        data=METADATA, files={"file": upload(picture_bytes(image_format="PNG"), name="notes.txt")}
    )
    assert form.is_valid(), form.errors
    assert "is not a JPEG, PNG, WebP or GIF picture" in form_errors(b"just some text\n" * 10)


def test_other_image_formats_are_refused():
    buffer = BytesIO()
    PillowImage.new("RGB", (40, 30)).save(buffer, "BMP")
    assert "is not a JPEG, PNG, WebP or GIF picture" in form_errors(buffer.getvalue(), "a.jpg")


def test_svg_is_refused_with_its_reason():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "SVG files are not accepted" in form_errors(svg, name="logo.png")


def test_too_large_a_file_is_refused(settings):
    settings.IMAGES_MAX_UPLOAD_BYTES = 1000
    message = form_errors(picture_bytes(size=(400, 400)))
    assert "the largest picture accepted is 1000" in message


def test_too_many_pixels_are_refused_from_the_header_alone(settings):
    settings.IMAGES_MAX_PIXELS = 10_000_000
    # 12 000 x 12 000 would need 144 MB decoded; the header is refused before any decoding.
    message = form_errors(png_header_only(12_000, 12_000), name="bomb.png")
    assert "12000 x 12000 pixels (144.0 megapixels); the limit is 10 megapixels" in message


def test_a_decompression_bomb_beyond_pillows_own_guard_is_refused():
    message = form_errors(png_header_only(100_000, 100_000), name="bomb.png")
    assert "far too many pixels" in message


def test_truncated_file_is_refused():
    whole = picture_bytes(size=(600, 400), image_format="PNG")
    assert "damaged or incomplete" in form_errors(whole[: len(whole) // 2], name="cut.png")


def test_corrupt_file_with_a_jpeg_signature_is_refused():
    assert "damaged or incomplete" in form_errors(b"\xff\xd8\xff\xe0" + b"\x13garbage" * 50)


def test_empty_file_is_refused():
    form = ImageForm(data=METADATA, files={"file": upload(b"")})
    assert not form.is_valid()
    assert "empty" in " ".join(form.errors["file"])


def test_admin_upload_of_a_bad_file_shows_the_error_and_stores_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            **METADATA,
            "file": upload(b"<svg></svg>", name="x.jpg"),
            "source_url": "",
            "licence_note": "",
        },
    )
    assert response.status_code == 200
    assert "SVG files are not accepted" in response.content.decode()
    assert not Image.objects.exists()


def test_admin_upload_of_a_good_file_stores_it_with_renditions(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            **METADATA,
            "file": upload(picture_bytes(size=(1000, 500))),
            "source_url": "",
            "licence_note": "",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == admin_user
    assert (image.width, image.height) == (1000, 500)
    assert [r["width"] for r in image.renditions] == [480, 800, 1000]
