"""Issue 21, item 6: what one upload may cost to decode, and how many one person may run at once."""

import struct
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from PIL import Image as PillowImage
from PIL import ImageFile

from images.models import Image
from images.services import UPLOADS_AT_ONCE, upload_slot

from .factories import picture_bytes, png_header_only, upload
from .test_validation import METADATA, form_errors

pytestmark = pytest.mark.django_db


def _jpeg_claiming(width, height):
    """A 1 KB real JPEG whose frame header claims `width` x `height`."""
    buffer = BytesIO()
    PillowImage.new("RGB", (64, 64), (10, 20, 30)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _jpeg_cut_with_an_end_marker(width, height, keep_after_scan_header=3000):
    """A real `width` x `height` JPEG cut a little into its picture data, with the end-of-image
    marker added: libjpeg accepts it and fills the missing rows with grey."""
    noise = PillowImage.effect_noise((width // 8, height // 8), 60).convert("RGB")
    buffer = BytesIO()
    noise.resize((width, height)).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    scan = data.index(b"\xff\xda")
    return data[: scan + keep_after_scan_header] + b"\xff\xd9"


def test_the_default_pixel_cap_is_25_megapixels():
    # An all-zero PNG of 7070 x 7070 is 190 KB and decodes to 150 MB.
    message = form_errors(png_header_only(7070, 7070), name="bomb.png")
    assert "7070 x 7070 pixels (50.0 megapixels); the limit is 25 megapixels" in message


@pytest.mark.parametrize(
    "content",
    [
        _jpeg_claiming(4000, 6000),  # a 1 KB file whose header claims 24 megapixels
        _jpeg_cut_with_an_end_marker(4000, 6000),
    ],
    ids=["lying header", "cut with an end marker"],
)
def test_a_jpeg_too_short_for_its_pixels_is_refused_before_decoding(content, monkeypatch):
    assert len(content) < 5000
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda picture: decoded.append(picture))
    assert "damaged or incomplete" in form_errors(content)
    assert decoded == []


def test_a_real_truncated_jpeg_is_refused():
    whole = picture_bytes(size=(1200, 800))
    assert "damaged or incomplete" in form_errors(whole[: len(whole) * 2 // 3], name="cut.jpg")


def test_truncated_images_are_never_loaded_as_whole():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def _post_upload(client, content):
    return client.post(
        reverse("admin:images_image_add"),
        {**METADATA, "file": upload(content), "source_url": "", "licence_note": ""},
    )


def test_an_admin_upload_is_decoded_at_full_size_once(admin_client, monkeypatch):
    full_size_decodes = []
    original_load = ImageFile.ImageFile.load

    def recording_load(picture):
        if picture.size == (4000, 3000) and getattr(picture, "_im", None) is None:
            full_size_decodes.append(picture)
        return original_load(picture)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    assert _post_upload(admin_client, picture_bytes(size=(4000, 3000))).status_code == 302
    assert Image.objects.get().width == 4000
    assert len(full_size_decodes) == 1  # the check; renditions decode at half scale


def test_a_third_upload_at_once_from_one_person_is_answered_429(client):
    users = get_user_model().objects
    editor = users.create_superuser(username="photo-desk", password="pw-for-tests")
    other = users.create_superuser(username="other-desk", password="pw-for-tests")
    client.force_login(editor)
    slots = [upload_slot(editor) for _ in range(UPLOADS_AT_ONCE)]
    for slot in slots:
        slot.__enter__()
    try:
        response = _post_upload(client, picture_bytes())
        assert response.status_code == 429
        assert "already have 2 pictures uploading" in response.content.decode()
        assert not Image.objects.exists()
        client.force_login(other)  # someone else is not held up
        assert _post_upload(client, picture_bytes()).status_code == 302
    finally:
        for slot in slots:
            slot.__exit__(None, None, None)
    client.force_login(editor)
    assert _post_upload(client, picture_bytes()).status_code == 302
    assert Image.objects.count() == 2
