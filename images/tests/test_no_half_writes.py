"""A failed upload leaves no Image row and no file in storage."""

import pytest
from django.conf import settings
from django.urls import reverse

from images import services
from images.models import Image

from .factories import picture_bytes, png_header_only, upload

pytestmark = pytest.mark.django_db


def _stored_files():
    root = settings.MEDIA_ROOT
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<svg onload=alert(1)></svg>", id="svg"),
        pytest.param(picture_bytes()[:200], id="truncated-jpeg"),
        pytest.param(png_header_only(60000, 60000), id="decompression-bomb"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_bad_file_through_the_admin_stores_nothing(admin_client, content):
    response = admin_client.post(
        reverse("admin:images_image_add"),
        {
            "file": upload(content, name="photo.jpg"),
            "alt_text": "A street",
            "caption": "A street.",
            "credit": "Desk",
            "source_url": "",
            "licence_note": "",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Image.objects.exists()
    assert _stored_files() == []


def test_a_failure_while_making_renditions_removes_the_files_written(monkeypatch):
    real = services.image_make_renditions

    def fail_after_writing(*, image, written=None):
        real(image=image, written=written)
        raise OSError("disk full")

    monkeypatch.setattr(services, "image_make_renditions", fail_after_writing)
    with pytest.raises(OSError, match="disk full"):
        services.image_create(file=upload(), alt_text="A", caption="B", credit="C")
    assert not Image.objects.exists()
    assert _stored_files() == []
