"""Validators for conditional GET on article pages (ETag and Last-Modified, answered with 304).

An article page shows more than the article: the ticker, the appeal, comments, the navigation,
site settings. Each change to those bumps the page cache's site-wide "content version"
(newsroom.cache), and an article page's validators combine that version with the article's own
`updated_at`. The version lives in the cache because it is cheap to read on every
request; that is only right when every server process shares the cache (Redis). With a
per-process cache (local memory, as in development without REDIS_URL) one process cannot see
another's bump, so pages are then always sent in full, never 304.
"""

import hashlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from newsroom.cache import content_version


def conditional_get_enabled():
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def article_validators(request, article):
    """(etag, last_modified) for a reader's view of `article`, or (None, None) when off."""
    if not conditional_get_enabled():
        return None, None
    version = content_version()  # milliseconds since the epoch when content last changed
    last_modified = max(article.updated_at, datetime.fromtimestamp(version / 1000, tz=UTC))
    # Who is looking matters too: a signed-in reader's page differs (and so does its CSRF token).
    viewer = request.user.pk if request.user.is_authenticated else "anonymous"
    token = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    seed = f"{article.pk}:{article.updated_at.isoformat()}:{version}:{viewer}:{token}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32], last_modified
