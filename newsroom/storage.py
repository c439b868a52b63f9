"""Private files (exports, receipts): kept out of public reach and handed out through links that
expire, on the local disk and on S3 alike.

`private_storage()` is STORAGES["private"]; `storage.url(name)` gives a link that works for
PRIVATE_URL_SECONDS (on S3 a presigned URL, on disk a signed link to `serve_private`).
"""

import time

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

SALT = "newsroom.storage.private"


def private_storage():
    return storages["private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no web server serves; url() signs a link that
    expires after PRIVATE_URL_SECONDS (or `expire` seconds)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name, expire=None):
        seconds = settings.PRIVATE_URL_SECONDS if expire is None else expire
        token = signing.dumps({"name": name, "until": int(time.time()) + seconds}, salt=SALT)
        return reverse("private-file", args=[token])


@require_safe
def serve_private(request, token):
    try:
        signed = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise Http404("No such file.") from None
    if signed["until"] < time.time():
        raise Http404("This link has expired.")
    storage = private_storage()
    if not isinstance(storage, PrivateFileSystemStorage) or not storage.exists(signed["name"]):
        raise Http404("No such file.")
    response = FileResponse(storage.open(signed["name"], "rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response
