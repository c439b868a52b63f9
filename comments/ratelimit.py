"""A fixed-window counter on Django's cache.

Stand-in with the same signature as `newsroom.ratelimit.hit`, which is being written in parallel;
once that lands, comments/views.py should import it from there and this file can go.
"""

from django.core.cache import cache


def hit(key, limit, window):
    """Count one hit on `key`; True while at most `limit` hits fell in the current window.

    The window starts with the first hit and lasts `window` seconds. If the cache is down the
    hit is allowed: a Redis outage must not stop readers from commenting.
    """
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): this hit opens a new one.
        cache.add(cache_key, 1, timeout=window)
        count = 1
    if count is None:
        return True
    return count <= limit
