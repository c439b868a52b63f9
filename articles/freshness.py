"""Validators for conditional GET on article pages (ETag and Last-Modified, answered with 304).

An article page shows more than the article: the ticker, the appeal, comments, the navigation,
site settings. All of these are models, so any model saved or deleted bumps one site-wide
"content version" in the cache, and an article page's validators combine that version with the
article's own `updated_at`. The version lives in the cache because it is cheap to read on every
request; that is only right when every server process shares the cache (Redis). With a
per-process cache (local memory, as in development without REDIS_URL) one process cannot see
another's bump, so pages are then always sent in full, never 304.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

CONTENT_VERSION_KEY = "articles:content-version"

# Saves that never change what a reader sees (logins, sessions, admin history).
IGNORED_APPS = {"sessions", "admin", "contenttypes", "auth"}


def content_version():
    """When anything a reader may see last changed, as a Unix time (set now if unknown)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = time.time()
        # add(), not set(): another process may have bumped it meanwhile; keep the newer.
        if not cache.add(CONTENT_VERSION_KEY, version, None):
            version = cache.get(CONTENT_VERSION_KEY, version)
    return version


def bump_content_version(sender, **kwargs):
    if sender._meta.app_label not in IGNORED_APPS:
        cache.set(CONTENT_VERSION_KEY, time.time(), None)


def conditional_get_enabled():
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def article_validators(request, article):
    """(etag, last_modified) for a reader's view of `article`, or (None, None) when off."""
    if not conditional_get_enabled():
        return None, None
    version = content_version()
    last_modified = max(article.updated_at, datetime.fromtimestamp(version, tz=UTC))
    # Who is looking matters too: a signed-in reader's page differs (and so does its CSRF token).
    viewer = request.user.pk if request.user.is_authenticated else "anonymous"
    token = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    seed = f"{article.pk}:{article.updated_at.isoformat()}:{version}:{viewer}:{token}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32], last_modified
