"""Cache backends with a circuit breaker: django-redis, and Django's database cache.

A Redis that refuses connections fails fast, but one that hangs (frozen, a network partition)
makes every call wait for its socket timeout, and a page makes several. After the first failure
this process skips the cache for BREAKER_SECONDS (OPTIONS, default 5): reads miss, writes are
dropped, and pages render from the database until Redis answers again. The database cache gets
the same guard, so a database outage reaches the view (and its 503 page) instead of failing in
the page cache's lookup.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")

REDIS_FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)

# Until when (time.monotonic()) this process leaves the cache alone; one number, so no lock.
_skip_until = 0.0


def breaker_open():
    return time.monotonic() < _skip_until


def reset_breaker():
    global _skip_until
    _skip_until = 0.0


def _trip(seconds, error):
    global _skip_until
    if not breaker_open():
        logger.warning(
            "cache unavailable; skipped for %s s",
            seconds,
            extra={"error": type(error).__name__},
        )
    _skip_until = time.monotonic() + seconds


def _missing(*_args, **_kwargs):
    raise ValueError("the cache is unavailable")


def _default(_key=None, default=None, *_args, **_kwargs):
    return default


# What each call gives while the cache is unavailable: what an empty cache would give.
FALLBACKS = {
    "get": _default,
    "get_many": lambda *_args, **_kwargs: {},
    "has_key": lambda *_args, **_kwargs: False,
    "add": lambda *_args, **_kwargs: False,
    "set": lambda *_args, **_kwargs: False,
    "set_many": lambda keys=(), *_args, **_kwargs: list(keys),
    "touch": lambda *_args, **_kwargs: False,
    "delete": lambda *_args, **_kwargs: False,
    "delete_many": lambda *_args, **_kwargs: None,
    "incr": _missing,  # as for a missing key: callers start a new count
    "decr": _missing,
    "clear": lambda *_args, **_kwargs: None,
}


def _guarded(base, name, fallback, failures):
    method = getattr(base, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if breaker_open():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except failures as error:
            _trip(self._breaker_seconds, error)
            return fallback(*args, **kwargs)

    return call


def _with_breaker(cls, base, failures):
    for name, fallback in FALLBACKS.items():
        setattr(cls, name, _guarded(base, name, fallback, failures))
    return cls


class BatchedFragmentsMixin:
    """For the `template_fragments` alias: within a request, the first fragment read brings, in
    the same round trip, every fragment the last request for the same kind of page or address
    asked for (newsroom.cache.fragments_in_request); later reads of those cost nothing. Writes
    are seen by the rest of the request at once and made together when the request finishes,
    after the response (newsroom.cache._request_finished). Outside a request, each read and
    write goes to the cache."""

    def get(self, key, default=None, version=None):
        from .cache import MISSING, fragments_in_request

        batch = fragments_in_request()
        if batch is None:
            return super().get(key, default, version)
        read, asked, expected, _pending = batch
        asked.append(key)
        if key not in read:
            keys = [key, *(other for other in expected if other not in read and other != key)]
            found = self._read_many(keys, version)
            for other in keys:
                read[other] = found.get(other, MISSING)
        value = read[key]
        return default if value is MISSING else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        from .cache import fragments_in_request

        batch = fragments_in_request()
        if batch is None:
            return super().set(key, value, timeout, version)
        read, _asked, _expected, pending = batch
        read[key] = value
        pending[key] = (value, timeout, version)
        return None

    def write_pending(self, pending):
        """Make a finished request's writes: {raw key: (value, timeout, version)}."""
        groups = {}
        for key, (value, timeout, version) in pending.items():
            groups.setdefault((timeout, version), {})[key] = value
        for (timeout, version), values in groups.items():
            self._write_many(values, timeout, version)

    def _read_many(self, keys, version):
        return super().get_many(keys, version=version)

    def _write_many(self, values, timeout, version):
        for key, value in values.items():
            super().set(key, value, timeout, version)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._breaker_seconds = float(options.pop("BREAKER_SECONDS", 5))
        # Failures reach the breaker instead of being swallowed one by one.
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table, params):
        options = dict(params.get("OPTIONS", {}))
        self._breaker_seconds = float(options.pop("BREAKER_SECONDS", 5))
        super().__init__(table, {**params, "OPTIONS": options})


_with_breaker(RedisCache, DjangoRedisCache, REDIS_FAILURES)
_with_breaker(DatabaseCache, DjangoDatabaseCache, (DatabaseError,))


class RedisFragmentCache(BatchedFragmentsMixin, RedisCache):
    def _write_many(self, values, timeout, version):
        RedisCache.set_many(self, values, timeout, version)  # one pipelined round trip


class DatabaseFragmentCache(BatchedFragmentsMixin, DatabaseCache):
    pass


class LocalMemoryFragmentCache(BatchedFragmentsMixin, LocMemCache):
    """Tests only (conftest.py): production never keeps a per-process cache (newsroom/checks.py)."""

    def _read_many(self, keys, version):
        # Django's get_many for local memory calls get() once a key: read them past the batch.
        missing = object()
        found = {key: LocMemCache.get(self, key, missing, version) for key in keys}
        return {key: value for key, value in found.items() if value is not missing}
