"""Shared fragments: parts of pages rendered once per content version and reused for every
reader, with or without the page cache (newsroom.cache.cached_value, {% sharedfragment %})."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Author
from articles.tests.factories import make_article, make_author, make_section
from newsroom.cache import bump_content_version, cached_value, process_memory

pytestmark = pytest.mark.django_db


class Counter:
    """Counts how often the template reads it: how often the fragment was really rendered."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return f"render {self.renders}"


def _render(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load newsroom_tags %}" + source).render(RequestContext(request, context))


def test_a_fragment_renders_once_per_content_version_and_per_key():
    counter = Counter()
    source = '{% sharedfragment "box" key %}[{{ counter }}]{% endsharedfragment %}'
    assert _render(source, counter=counter, key=1) == "[render 1]"
    assert _render(source, counter=counter, key=1) == "[render 1]"
    assert _render(source, counter=counter, key=2) == "[render 2]"
    bump_content_version()
    assert _render(source, counter=counter, key=1) == "[render 3]"
    assert counter.renders == 3


def test_a_fragment_escapes_as_the_template_would_and_is_not_escaped_twice():
    source = '{% sharedfragment "quoted" %}<b>{{ text }}</b>{% endsharedfragment %}'
    assert _render(source, text="<i>&") == "<b>&lt;i&gt;&amp;</b>"
    assert _render(source, text="ignored: from the cache") == "<b>&lt;i&gt;&amp;</b>"


def test_long_or_odd_key_values_make_a_short_key_of_their_own():
    counter = Counter()
    source = '{% sharedfragment "box" key %}{{ counter }}{% endsharedfragment %}'
    first = _render(source, counter=counter, key="x" * 500)
    second = _render(source, counter=counter, key="x" * 499 + "y")
    assert (first, second) == ("render 1", "render 2")


def test_outside_a_request_a_fragment_is_rendered_and_not_kept():
    counter = Counter()
    source = (
        '{% load newsroom_tags %}{% sharedfragment "box" %}{{ counter }}{% endsharedfragment %}'
    )
    assert Template(source).render(Context({"counter": counter})) == "render 1"
    assert (
        _render('{% sharedfragment "box" %}{{ counter }}{% endsharedfragment %}', counter=counter)
        == "render 2"
    )
    assert (
        _render('{% sharedfragment "box" %}{{ counter }}{% endsharedfragment %}', counter=counter)
        == "render 2"
    )


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load newsroom_tags %}{% sharedfragment %}x{% endsharedfragment %}")


def test_this_process_keeps_a_fragment_without_asking_the_shared_cache(settings):
    calls = []
    assert cached_value("rows", lambda: calls.append(1) or "first") == "first"
    cache.clear()  # the shared copy is gone: this process still has its own, for a moment
    assert cached_value("rows", lambda: calls.append(1) or "second") == "first"
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # no local copies: from the shared cache or computed
    process_memory.clear()
    assert cached_value("rows", lambda: calls.append(1) or "third") == "third"
    assert len(calls) == 2


def test_nothing_found_is_looked_up_again_not_kept():
    calls = []
    assert cached_value("missing", lambda: calls.append(1)) is None
    assert cached_value("missing", lambda: calls.append(1)) is None
    assert len(calls) == 2
    assert not any(key.endswith(":missing") for key in process_memory.fragments)


def test_a_copy_from_the_shared_cache_is_kept_locally_no_longer_than_it_lives_there():
    # Another worker computed it, with a story due in 60 seconds.
    make_article(publish_at=timezone.now() + timedelta(seconds=60))
    assert cached_value("rows", lambda: "before the story") == "before the story"
    process_memory.clear()
    assert cached_value("rows", lambda: "unused") == "before the story"  # from the shared cache
    entry = next(iter(process_memory.fragments.values()))
    assert entry[0] <= time.time() + 60


def test_a_fragment_past_its_time_is_rendered_again(monkeypatch):
    make_article(publish_at=timezone.now() + timedelta(seconds=60))
    assert cached_value("rows", lambda: "before the story") == "before the story"
    later = time.time() + 120
    monkeypatch.setattr("newsroom.cache.time.time", lambda: later)
    assert cached_value("rows", lambda: "after the story") == "after the story"


def test_a_change_reaches_an_article_page_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    author = make_author(name="Asha Rao", handle="asha")
    article = make_article(authors=[author], tags=["Budget"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "@asha" in html
    assert ">Budget</a>" in html
    Author.objects.filter(pk=author.pk).update(handle="asharao")  # no signal: nothing changes
    assert "@asha<" in client.get(article.get_absolute_url()).content.decode()
    author.refresh_from_db()
    author.save()  # a save, as the admin makes: the version moves on
    html = client.get(article.get_absolute_url()).content.decode()
    assert "@asharao<" in html


def test_the_sections_bar_marks_the_page_it_is_on(client):
    world, india = make_section(name="World"), make_section(name="India")
    make_article(section=world)
    home = client.get(reverse("articles:home")).content.decode()
    assert '<a href="/" aria-current="page">Home</a>' in home
    assert f'<a href="{world.get_absolute_url()}">World</a>' in home
    page = client.get(world.get_absolute_url()).content.decode()
    assert f'<a href="{world.get_absolute_url()}" aria-current="page">World</a>' in page
    assert f'<a href="{india.get_absolute_url()}">India</a>' in page
    assert '<a href="/">Home</a>' in page
