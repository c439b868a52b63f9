"""`reverse()` for links a page renders dozens of times (teasers, bylines, section names).

Django's reverse() costs about 40 µs; a cold home page links 43 stories, their sections and
their authors (about 100 reversals). A link is a pure function of the URLconf, the script
prefix, the active language (the `/hi/` prefix) and the arguments, so it is remembered by all
four: nothing here can differ between processes or go stale (unlike content, which is never
kept per process: docs/architecture.md).
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def reverse_link(viewname, *, language=None, **kwargs):
    """reverse(viewname, kwargs=kwargs) under `language`'s prefix (default: the active one)."""
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        language or translation.get_language(),
        viewname,
        tuple(kwargs.items()),
    )


@lru_cache(maxsize=16384)
def _reverse(urlconf, prefix, language, viewname, kwargs):
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def _forget(**_kwargs):
    _reverse.cache_clear()


# A test that swaps the URLconf module's contents (override_settings) starts afresh.
setting_changed.connect(_forget, dispatch_uid="newsroom-links-forget")
