"""Pictures on S3 for real: the local S3-compatible server (moto's server mode, the s3_media
fixture) stands in for the object store, so uploads, renditions, public URLs, cache headers and
deletion go through django-storages and HTTP as they would in production."""

from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from images.services import image_create, image_save

from .factories import picture_bytes, upload

pytestmark = pytest.mark.django_db


def objects(client, bucket):
    listing = client.list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_upload_stores_the_original_and_its_renditions_in_the_bucket(s3_media):
    client, bucket = s3_media
    image = image_create(file=upload(), alt_text="Harbour", credit="Desk")

    stored = objects(client, bucket)
    assert f"media/{image.file.name}" in stored
    assert image.renditions
    for rendition in image.renditions:
        assert f"media/{rendition['name']}" in stored
        head = client.head_object(Bucket=bucket, Key=f"media/{rendition['name']}")
        assert head["ContentType"] == "image/webp"
        assert head["CacheControl"] == "public, max-age=31536000, immutable"


def test_public_urls_are_plain_and_serve_the_picture(s3_media, s3_server):
    _client, bucket = s3_media
    image = image_create(file=upload(), alt_text="Harbour", credit="Desk")
    url = image.file.storage.url(image.renditions[0]["name"])

    assert url.startswith(f"{s3_server}/{bucket}/media/images/renditions/")
    assert "X-Amz-Signature" not in url  # cacheable by a CDN, the same for every reader
    with urlopen(url, timeout=10) as response:  # noqa: S310 - our local S3 server
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.read(12)[8:12] == b"WEBP"


def test_replacing_a_picture_deletes_its_old_files_from_the_bucket(
    s3_media, django_capture_on_commit_callbacks
):
    client, bucket = s3_media
    image = image_create(file=upload(), alt_text="Harbour", credit="Desk")
    old = {f"media/{image.file.name}", *(f"media/{r['name']}" for r in image.renditions)}
    assert old <= objects(client, bucket)

    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image, new_file=upload(picture_bytes(colour=(200, 40, 40))))

    stored = objects(client, bucket)
    assert not old & stored
    assert f"media/{image.file.name}" in stored


def test_storage_delete_removes_the_object(s3_media):
    client, bucket = s3_media
    image = image_create(file=upload(), alt_text="Harbour", credit="Desk")
    name = image.renditions[0]["name"]
    image.file.storage.delete(name)
    assert f"media/{name}" not in objects(client, bucket)
    assert urlsplit(image.file.storage.url(name)).path.endswith(name)
