import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
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
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    from newsroom.cache import process_memory

    settings.PAGE_CACHE_ENABLED = True
    process_memory.clear()
    yield
    process_memory.clear()
