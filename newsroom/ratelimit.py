"""A fixed-window rate limit on Django's cache: Redis when REDIS_URL is set, else local memory.

Small on purpose: django-ratelimit refuses the local-memory cache that development and tests use.
"""

from django.conf import settings
from django.core.cache import cache


def hit(key, limit, window):
    """Count one hit on `key`; return True while at most `limit` hits fell in this `window` (s)."""
    cache_key = f"ratelimit:{key}"
    # add() only sets a missing key, so the window starts at the first hit and is not extended.
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add() and incr(): this hit opens a new window.
        cache.add(cache_key, 1, timeout=window)
        count = 1
    # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS): let the reader through.
    return count is None or count <= limit


def client_address(request):
    """The client's address: REMOTE_ADDR, or the META key named by CLIENT_ADDRESS_HEADER (for
    example HTTP_X_REAL_IP) when a trusted proxy in front of gunicorn sets it."""
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "") or "REMOTE_ADDR"
    return request.META.get(header, "") or request.META.get("REMOTE_ADDR", "") or "unknown"
