"""Fixtures every test shares, and what keeps the suite safe to run in parallel (pytest-xdist).

`make test` runs the suite with `-n auto`: one process per core, each with its own test database
(pytest-django names them per worker). Anything else two workers could share is split here.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache


def _worker_number():
    """0 outside pytest-xdist or on its first worker (gw0), 1 on gw1, and so on."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def _redis_url_for_this_worker(url, worker):
    """REDIS_URL moved `worker` databases up: each worker's cache.clear() (a FLUSHDB) then empties
    its own Redis database, never the one another worker is using."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + worker
    if database > 15:
        raise pytest.UsageError(
            f"REDIS_URL {url} leaves no Redis database for xdist worker {worker}: "
            "use a lower database number or fewer workers (-n)."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def _separate_redis_per_worker():
    # pytest-django has read the settings before this file is imported, so the cache settings
    # that point at REDIS_URL are changed in place, before any test opens a connection; the
    # environment is changed too, for tests that read REDIS_URL and for subprocesses.
    url, worker = os.environ.get("REDIS_URL", ""), _worker_number()
    if not url or not worker:
        return
    from django.conf import settings
    from django.test.signals import clear_cache_handlers

    own_url = _redis_url_for_this_worker(url, worker)
    os.environ["REDIS_URL"] = own_url
    if getattr(settings, "REDIS_URL", None) == url:
        settings.REDIS_URL = own_url
    for config in settings.CACHES.values():
        if config.get("LOCATION") == url:
            config["LOCATION"] = own_url
    clear_cache_handlers(setting="CACHES")


_separate_redis_per_worker()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from newsroom.cache import process_memory
    from newsroom.islands import forget_local_copies

    # Only what tests must change: a fast hasher, and a cache that starts empty for each test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The hashed manifest exists only after collectstatic; tests read the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Uploads and image renditions go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    # The page cache is switched on by the tests that are about it (the page_cache fixture), so
    # other tests see every request rendered.
    settings.PAGE_CACHE_ENABLED = False
    # Each worker's own memory in front of the cache (content version, fragments, the ticker
    # strip) starts empty too, or one test's fragments would show in the next.
    process_memory.clear()
    forget_local_copies()
    cache.clear()
    yield
    cache.clear()
    process_memory.clear()
    forget_local_copies()


@pytest.fixture
def page_cache(settings):
    from newsroom.cache import process_memory

    settings.PAGE_CACHE_ENABLED = True
    process_memory.clear()
    yield
    process_memory.clear()
