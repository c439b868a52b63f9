"""Private files (exports, receipts) are reachable only through links that expire: presigned
URLs on S3 (against the local S3 server), signed links to our own view on the local disk."""

from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from django.core.files.base import ContentFile

from newsroom.storage import private_storage

EXPORT = b"receipt,amount\nNW-2026-0000001,500\n"


def test_private_files_on_s3_are_private_and_signed_urls_expire(s3_media, settings):
    client, bucket = s3_media
    storage = private_storage()
    name = storage.save("exports/donations.csv", ContentFile(EXPORT))

    head = client.head_object(Bucket=bucket, Key=f"private/{name}")
    assert head["CacheControl"] == "private, no-store"
    grants = client.get_object_acl(Bucket=bucket, Key=f"private/{name}")["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)

    url = storage.url(name)
    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query
    # S3 refuses the link after this many seconds (moto does not enforce the lifetime, so the
    # signed lifetime is what is checked here).
    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_URL_SECONDS)]
    with urlopen(url, timeout=10) as response:  # noqa: S310 - our local S3 server
        assert response.read() == EXPORT

    with pytest.raises(HTTPError) as refused:
        urlopen(url.split("?")[0], timeout=10)  # noqa: S310 - the same address, unsigned
    assert refused.value.code == 403


@pytest.mark.django_db
def test_private_files_on_disk_are_served_only_through_a_signed_link_that_expires(client, settings):
    storage = private_storage()
    name = storage.save("exports/donations.csv", ContentFile(EXPORT))
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))

    url = storage.url(name)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EXPORT
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]

    assert client.get(storage.url(name, expire=-1)).status_code == 404
    assert client.get(url.replace("/private/", "/private/x")).status_code == 404
    assert client.get("/private/not-a-token/").status_code == 404
