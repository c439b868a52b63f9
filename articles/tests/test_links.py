"""Links remembered by newsroom.links.reverse_link are reverse()'s, whatever changed around them."""

from django.urls import reverse, set_script_prefix
from django.utils import translation

from newsroom.links import reverse_link


def test_a_link_follows_the_language_and_the_script_prefix():
    with translation.override("en"):
        english = reverse_link("articles:section", section="world")
        assert english == reverse("articles:section", kwargs={"section": "world"})
        # A story's own language decides its prefix, whatever the page's language.
        story = reverse_link("articles:detail", language="hi", section="world", slug="बारिश")
    with translation.override("hi"):
        hindi = reverse_link("articles:section", section="world")
        assert hindi == reverse("articles:section", kwargs={"section": "world"})
        assert story == reverse("articles:detail", kwargs={"section": "world", "slug": "बारिश"})
    assert hindi != english
    assert hindi.startswith("/hi/")
    try:
        set_script_prefix("/news/")
        with translation.override("en"):
            assert reverse_link("articles:section", section="world") == "/news" + english
    finally:
        set_script_prefix("/")
