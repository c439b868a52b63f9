"""Pictures under /media/ are named by their content, so browsers may keep them for a year; other
uploads, which keep their names, for an hour. (Issue 27.)"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from images.tests.factories import make_image

pytestmark = pytest.mark.django_db


def test_library_pictures_are_cached_for_a_year_as_immutable(client):
    image = make_image(size=(800, 500))
    for name in [image.file.name, image.renditions[0]["name"]]:
        assert name.startswith("images/")
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_other_uploads_are_cached_briefly_and_missing_files_are_404(client):
    name = default_storage.save("authors/asha.jpg", ContentFile(b"not really a jpeg"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"
    assert client.get("/media/images/renditions/no-such-file.webp").status_code == 404
