import pytest
from django.core.cache import cache


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
