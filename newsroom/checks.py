"""System checks of the deployment."""

from django.conf import settings
from django.core.checks import Error

PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "newsroom.cache_backends.LocalMemoryFragmentCache",
}


def per_process_cache_in_production(app_configs=None, **kwargs):
    """In production every worker must share one cache: a takedown or an edit saved through one
    worker has to be gone from every worker at the next request (and rate limits must count
    across workers). A per-process cache (local memory) cannot do that."""
    if not settings.PRODUCTION:
        return []
    return [
        Error(
            f"The {alias!r} cache is per process ({config['BACKEND']}); production runs several "
            "workers, which would each serve their own stale copy.",
            hint="Set REDIS_URL, or leave it unset for the database cache (manage.py "
            "createcachetable).",
            id="newsroom.E010",
        )
        for alias, config in settings.CACHES.items()
        if config.get("BACKEND") in PER_PROCESS_BACKENDS
    ]
