"""The languages the newsroom publishes in, and which one a request is in.

`settings.LANGUAGES` names them (the first, `LANGUAGE_CODE`, is the default) and
`settings.NEWSROOM_LANGUAGES` says what each needs beyond Django's own: the tag for `<html lang>`
and `hreflang`, `og:locale`, PostgreSQL's text-search configuration, whether its pages print
numbers in its own digits. A reader page's language is in its address (`/hi/...`; no prefix is the
default), never in a cookie or the Accept-Language header: the page cache keys pages by address,
so each language's page is stored apart and every reader of an address gets the same page.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

# The text-search configuration for a language PostgreSQL has none for.
FALLBACK_SEARCH_CONFIG = "simple"


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """The language's name in its own words ("हिन्दी")."""
    return dict(settings.LANGUAGES).get(code, code)


def language_info(code):
    """What the site needs to know about a language: code, name, tag, og_locale,
    search_config, native_digits."""
    extra = settings.NEWSROOM_LANGUAGES.get(code, {})
    return {
        "code": code,
        "name": language_name(code),
        "tag": extra.get("tag", code),
        "og_locale": extra.get("og_locale", code),
        "search_config": extra.get("search_config", FALLBACK_SEARCH_CONFIG),
        "native_digits": bool(extra.get("native_digits", False)),
    }


def current_language():
    """The active language, one of settings.LANGUAGES (the default for anything else)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    code = code.split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


def story_language_choices():
    """Choices of Article.language: a callable, so adding a language needs no migration."""
    return list(settings.LANGUAGES)


def path_language(path):
    """The language a path's first segment names (`/hi/...`), or the default."""
    first = path.lstrip("/").split("/", 1)[0]
    if first in language_codes() and first != settings.LANGUAGE_CODE:
        return first
    return settings.LANGUAGE_CODE


def page_versions(request, versions=None):
    """[(code, path)] of the page in each language, in settings order, or [] for a page that
    is in one language only. `versions` ({code: path}) are a story's published versions; other
    pages (home, a section, a tag, an author, search) exist in every language at the address
    Django's `translate_url` gives; pages outside the language prefixes have the same address
    in every language and so no versions."""
    if versions is not None:
        found = [(code, versions[code]) for code in language_codes() if code in versions]
        return found if len(found) > 1 else []
    path = request.path
    found = [(code, translate_url(path, code)) for code in language_codes()]
    if len({address for _code, address in found}) < len(found):
        return []
    return found


class LanguageFromPathMiddleware:
    """Activates the language the address names, and nothing else: unlike Django's
    LocaleMiddleware it never reads Accept-Language or a cookie and never adds
    `Vary: Accept-Language`, so a page is one cache entry per address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = path_language(request.path_info)
        request.LANGUAGE_CODE = language
        # Rendering happens inside; the language before the request comes back after it.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language_info(language)["tag"])
        return response
