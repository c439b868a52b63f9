"""Sections live at /<slug>/, after every other top-level address of the URLconf: a section may not
take a slug that one of those addresses uses, or its page could never be reached (or would hide
the other page). RESERVED_SECTION_SLUGS is checked here against the URLconf itself, so a new
top-level address that is not reserved fails this test."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.urls import URLResolver, get_resolver

from articles.models import RESERVED_SECTION_SLUGS, Section


def top_level_words(patterns, prefix=""):
    """The first path segment of every address in `patterns` that is a fixed word."""
    words = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        first = route.split("/", 1)[0]
        if "<" in first or "(" in first or "^" in first:
            continue  # a converter (the sections themselves) or a regular expression
        if first:
            words.add(first)
        elif isinstance(pattern, URLResolver):
            words |= top_level_words(pattern.url_patterns, route)
    return words


def slug_words(words):
    """Those a section's slug could take (a word with a dot, like robots.txt, cannot be one)."""
    sluggable = set()
    for word in words:
        try:
            validate_slug(word)
        except ValidationError:
            continue
        sluggable.add(word)
    return sluggable


def test_every_top_level_word_of_the_urlconf_is_reserved():
    words = slug_words(top_level_words(get_resolver().url_patterns))
    assert {"admin", "search", "feed", "support", "dashboard", "author", "tag"} <= words
    assert words - RESERVED_SECTION_SLUGS == set()


def test_a_new_top_level_address_is_found():
    from django.urls import include, path

    from newsroom import urls as product

    patterns = [
        path("", include(([path("podcasts/", lambda request: None)], "podcasts"))),
        *product.urlpatterns,
    ]
    assert "podcasts" in slug_words(top_level_words(patterns)) - RESERVED_SECTION_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_SECTION_SLUGS))
def test_a_section_may_not_take_a_reserved_slug(slug):
    section = Section(name=slug.title(), slug=slug)
    with pytest.raises(ValidationError) as caught:
        section.full_clean(exclude=["position"], validate_unique=False)
    assert "slug" in caught.value.message_dict
