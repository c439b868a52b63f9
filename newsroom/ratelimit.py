"""Fixed-window rate limits on Django's cache, shared by every worker that shares the cache.

The one rate-limit API: `is_limited(request, group=..., rate="10/m")` where a view decides what
to answer, and the `@ratelimit(...)` decorator (answering with the site's 429 page) built on it.

With `REDIS_URL` set the counters live in Redis, so the limit holds across gunicorn workers and
machines; otherwise in the local-memory cache (one process). A window starts at a key's first hit
and lasts `window` seconds: `cache.add` creates the counter with its expiry and `cache.incr`
counts on atomically (Redis INCRBY; a lock in the local-memory backend).

When the cache is down the limit fails open: a reader is never refused because Redis is, and the
fault is logged.
"""

import functools
import hashlib
import logging
import re

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from .http import client_address

logger = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate):
    """'10/m' -> (10, 60); '100/5m' -> (100, 300)."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Rate {rate!r} is not of the form '10/m', '5/30s' or '100/h'.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _PERIODS[unit]


def _cache_key(key, window):
    # Hashed: keys from addresses or user input are safe for any backend and not readable in Redis.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{window}:{digest}"


def is_limited(request, *, group, rate, key="ip"):
    """Count this request against `group` for its client; True once it goes over `rate`.

    `rate` is '10/m', '5/10m', '100/h'...; `key` is 'ip' (the client address), 'user' (the user
    id when signed in, else the address) or a callable taking the request. Views that share a
    group share a limit.
    """
    limit, window = parse_rate(rate)
    limited = _count(f"{group}:{_request_key(request, key)}", window) > limit
    if limited:
        logger.warning("rate limit exceeded", extra={"group": group, "path": request.path})
    return limited


def _count(key, window):
    cache_key = _cache_key(key, window)
    try:
        if cache.add(cache_key, 1, timeout=window):
            return 1
        count = cache.incr(cache_key)
    except ValueError:
        # The counter expired between add and incr: this request opens the next window.
        try:
            cache.set(cache_key, 1, timeout=window)
        except Exception:
            logger.exception("rate limit cache unavailable; allowing the request")
        return 1
    except Exception:
        logger.exception("rate limit cache unavailable; allowing the request")
        return 0
    if count is None:
        # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down (and logs it).
        logger.warning("rate limit cache unavailable; allowing the request")
        return 0
    return count


def _request_key(request, key):
    if callable(key):
        return str(key(request))
    if key == "ip":
        return client_address(request) or "unknown"
    if key == "user":
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{client_address(request) or 'unknown'}"
    raise ValueError(f"Unknown rate limit key {key!r}: use 'ip', 'user' or a callable.")


def ratelimit(*, key="ip", rate, methods=("POST",), group=None):
    """Answer 429 with the site's page when a client goes over `rate` on the decorated view.

    `key` is 'ip', 'user' (the user id when signed in, else the address) or a callable taking the
    request. `group` names the counter (views sharing a group share a limit); it defaults to the
    view's dotted name. Only `methods` are counted; `methods=None` counts every method.
    """
    _limit, window = parse_rate(rate)
    counted = None if methods is None else {method.upper() for method in methods}

    def decorator(view):
        name = group or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            is_counted = counted is None or request.method in counted
            if is_counted and is_limited(request, group=name, rate=rate, key=key):
                return too_many_requests(request, retry_after=window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request, *, retry_after):
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, -(-retry_after // 60)), "title": _("Too many requests")},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
