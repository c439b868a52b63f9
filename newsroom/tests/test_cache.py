"""The page cache (newsroom/cache.py): what is stored, for whom, and what invalidates what."""

import gzip
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import invalidation
from articles.models import Article
from articles.tests.factories import (
    make_article,
    make_author,
    make_member,
    make_section,
    make_staff,
)
from newsroom.cache import (
    CACHE_STATUS_HEADER,
    GENERATION_KEY,
    SITE,
    invalidate,
    page_lifetime,
)
from newsroom.models import SiteSettings
from newsroom.roles import EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture(autouse=True)
def _site_settings_exist():
    SiteSettings.current()


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def _status(client, url, **extra):
    return _get(client, url, **extra).get(CACHE_STATUS_HEADER)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client):
    article = make_article(headline="Monsoon arrives early")
    first = _get(client, article.get_absolute_url())
    assert first[CACHE_STATUS_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _get(client, article.get_absolute_url())
    assert second[CACHE_STATUS_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Monsoon arrives early" in second.content.decode()


def test_cached_pages_still_get_fresh_security_headers(client):
    make_article()
    first = _get(client, "/")
    hit = _get(client, "/")
    assert hit[CACHE_STATUS_HEADER] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["X-Request-ID"] != first["X-Request-ID"]


def test_reader_pages_carry_cdn_friendly_cache_control_and_validators(client):
    make_article()
    for response in (_get(client, "/"), _get(client, "/")):
        header = response["Cache-Control"]
        assert "public" in header
        assert "max-age=60" in header
        assert re.search(r"s-maxage=(29\d|300)\b", header)
        assert "stale-while-revalidate=30" in header
        assert response["ETag"]
        assert response["Last-Modified"]


def test_cached_pages_answer_conditional_requests(client):
    article = make_article()
    url = article.get_absolute_url()
    first = _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert len(queries) == 0  # answered from the stored page
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_a_cached_page_is_sent_compressed_to_browsers_that_accept_it(client):
    article = make_article(headline="Harbour strike ends")
    url = article.get_absolute_url()
    plain = _get(client, url)
    assert _status(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate, br") == "miss"
    hit = _get(client, url, HTTP_ACCEPT_ENCODING="gzip")
    assert hit[CACHE_STATUS_HEADER] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert b"Harbour strike ends" in gzip.decompress(hit.content)
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert again.status_code == 304
    identity = _get(client, url)
    assert identity[CACHE_STATUS_HEADER] == "hit"
    assert "Content-Encoding" not in identity
    assert identity.content == plain.content


def test_an_edit_invalidates_its_story_and_the_listings_not_other_stories(client):
    article = make_article(headline="First headline")
    other = make_article(headline="Another story")
    for url in (article.get_absolute_url(), other.get_absolute_url(), "/"):
        _get(client, url)
    article.headline = "Corrected headline"
    article.save()
    for url in (article.get_absolute_url(), "/"):
        response = _get(client, url)
        assert response[CACHE_STATUS_HEADER] == "miss"
        assert "Corrected headline" in response.content.decode()
    assert _status(client, other.get_absolute_url()) == "hit"


def test_a_draft_saved_leaves_every_reader_page_cached(client):
    article = make_article()
    _get(client, "/")
    _get(client, article.get_absolute_url())
    make_article(section=article.section, status=Article.Status.DRAFT, headline="Not yet")
    assert _status(client, "/") == "hit"
    assert _status(client, article.get_absolute_url()) == "hit"


def test_adding_an_author_or_a_tag_invalidates_through_the_many_to_many_signal(client):
    article = make_article()
    url = article.get_absolute_url()
    _get(client, url)
    article.authors.add(make_author(handle="newdesk"))
    assert "@newdesk" in _get(client, url).content.decode()
    article.tags.add("Elections")
    assert "Elections" in _get(client, url).content.decode()


def test_site_settings_invalidate_every_page(client):
    article = make_article()
    _get(client, "/")
    _get(client, article.get_absolute_url())
    row = SiteSettings.current()
    row.tagline = "News from everywhere"
    row.save()
    assert "News from everywhere" in _get(client, "/").content.decode()
    assert "News from everywhere" in _get(client, article.get_absolute_url()).content.decode()


def test_a_takedown_is_gone_from_its_page_and_the_listings_at_once(client):
    section = make_section()
    article = make_article(section=section, headline="Soon to be withdrawn")
    assert "Soon to be withdrawn" in _get(client, section.get_absolute_url()).content.decode()
    _get(client, article.get_absolute_url())
    article.status = Article.Status.ARCHIVED
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Soon to be withdrawn" not in _get(client, section.get_absolute_url()).content.decode()
    article.delete()


def test_a_takedown_drops_the_related_stories_that_link_to_it(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # the fragment, not the page
    section = make_section()
    story = make_article(section=section, headline="Reader's story")
    withdrawn = make_article(section=section, headline="Withdrawn later")
    assert "Withdrawn later" in _get(client, story.get_absolute_url()).content.decode()
    withdrawn.status = Article.Status.ARCHIVED
    withdrawn.save()
    assert "Withdrawn later" not in _get(client, story.get_absolute_url()).content.decode()


def test_the_related_stories_fragment_survives_an_edit_of_the_story(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    section = make_section()
    story = make_article(section=section, headline="Reader's story")
    make_article(section=section, headline="Neighbour")
    _get(client, story.get_absolute_url())
    story.standfirst = "A new first line."
    story.save()
    with CaptureQueriesContext(connection) as queries:
        _get(client, story.get_absolute_url())
    # The related stories' three queries are not run again (related.py): only the fragment's
    # key changes with "site" and "stories".
    assert not any("COUNT(" in query["sql"] and "taggit" in query["sql"] for query in queries)
    assert len(queries) < 12


def test_staff_are_never_served_or_stored_from_the_cache(client):
    article = make_article(headline="Public story")
    staff = Client()
    staff.force_login(make_staff())
    staff_response = _get(staff, article.get_absolute_url())
    assert CACHE_STATUS_HEADER not in staff_response
    assert "private" in staff_response["Cache-Control"]
    assert _status(client, article.get_absolute_url()) == "miss"
    assert CACHE_STATUS_HEADER not in _get(staff, article.get_absolute_url())


def test_previews_are_never_cached(client):
    draft = make_article(status=Article.Status.DRAFT, headline="Embargoed story")
    staff = Client()
    staff.force_login(make_member("editor", EDITOR))
    preview = _get(staff, draft.get_absolute_url())
    assert "no-cache" in preview["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_made_up_session_cookie_does_not_bypass_the_cache(client):
    make_article()
    _get(client, "/")
    client.cookies["sessionid"] = "anything-at-all"
    assert _status(client, "/") == "hit"
    client.cookies["analytics"] = "x" * 40
    assert _status(client, "/") == "hit"


def test_a_valid_session_bypasses_the_cache(client):
    make_article()
    _get(client, "/")
    session = client.session
    session["thanked"] = True
    session.save()
    response = _get(client, "/")
    assert CACHE_STATUS_HEADER not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.urls("newsroom.tests.cache_urls")
def test_only_the_query_parameters_a_page_names_make_its_key(client):
    assert _status(client, "/cache-test/echo/") == "miss"
    for junk in ("?utm_source=social&fbclid=abc123", "?x=1", "?page2=9&q=evil"):
        response = _get(client, "/cache-test/echo/" + junk)
        assert response[CACHE_STATUS_HEADER] == "hit", junk
    second = _get(client, "/cache-test/echo/?page=2")
    assert second[CACHE_STATUS_HEADER] == "miss"
    assert second.content == b"page 2 of a listing"
    assert _status(client, "/cache-test/echo/?page=2&gclid=1") == "hit"


def test_listing_pages_keep_page_numbers_apart(client):
    section = make_section()
    for _ in range(25):
        make_article(section=section)
    url = section.get_absolute_url()
    first = _get(client, url + "?fbclid=abc")
    second = _get(client, url + "?page=2")
    assert second[CACHE_STATUS_HEADER] == "miss"
    assert second.content != first.content


def test_head_requests_are_served_from_the_cache(client):
    make_article()
    _get(client, "/")
    response = client.head("/")
    assert response.status_code == 200
    assert response[CACHE_STATUS_HEADER] == "hit"


@pytest.mark.urls("newsroom.tests.cache_urls")
def test_responses_that_set_cookies_are_not_stored(client):
    assert _status(client, "/cache-test/cookie/") is None
    assert _status(client, "/cache-test/cookie/") is None


def test_nothing_is_cached_when_the_page_cache_is_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_article()
    _get(client, "/")
    response = _get(client, "/")
    assert CACHE_STATUS_HEADER not in response
    assert response.templates[0].name == "articles/home.html"


def test_a_lost_generation_makes_a_miss_not_a_stale_hit(client):
    from django.core.cache import caches

    make_article()
    _get(client, "/")
    caches["pages"].delete(GENERATION_KEY.format(tag=SITE))
    assert _status(client, "/") == "miss"
    assert _status(client, "/") == "hit"


def test_invalidating_site_drops_every_page(client):
    article = make_article()
    _get(client, "/")
    _get(client, article.get_absolute_url())
    invalidate(SITE)
    assert _status(client, "/") == "miss"
    assert _status(client, article.get_absolute_url()) == "miss"


def test_the_lifetime_stops_at_the_next_scheduled_story():
    make_article(publish_at=timezone.now() + timedelta(seconds=90))
    assert 1 <= page_lifetime() <= 90
    Article.objects.all().delete()
    assert page_lifetime() == 300


def test_a_scheduled_story_appears_when_due_without_any_save(client, monkeypatch):
    section = make_section()
    due = timezone.now() + timedelta(hours=2)
    make_article(section=section, headline="Budget speech", publish_at=due)
    assert "Budget speech" not in _get(client, section.get_absolute_url()).content.decode()
    assert invalidation.seconds_until_next_scheduled_publish() == pytest.approx(
        due.timestamp() - invalidation.time.time(), abs=5
    )
    # Two hours later: the story is due (moved into the past without signals, as time would).
    Article.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    later = invalidation.time.time() + 2 * 3600 + 1
    monkeypatch.setattr(invalidation.time, "time", lambda: later)
    assert invalidation.seconds_until_next_scheduled_publish() is None
    response = _get(client, section.get_absolute_url())
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert "Budget speech" in response.content.decode()


def test_pages_rendered_for_the_request_are_compressed_too(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_article()
    response = _get(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


@pytest.mark.slow
def test_hashed_static_files_are_immutable_and_compressed(settings, tmp_path, client):
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/site.css")
    assert re.search(r"/css/site\.[0-9a-f]{12}\.css$", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert response["Content-Encoding"] in {"gzip", "br"}


def test_a_worker_may_hold_pages_for_the_local_window(client, settings, monkeypatch):
    from django.core.cache import caches

    from newsroom import cache as page_cache

    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    page_cache._local_pages.clear()
    article = make_article(headline="Old words")
    url = article.get_absolute_url()
    _get(client, url)  # stored
    _get(client, url)  # a hit from the shared cache, now held here too
    asked = []
    store = caches["pages"]
    real_get_many = store.get_many
    monkeypatch.setattr(store, "get_many", lambda keys: asked.append(keys) or real_get_many(keys))
    assert _status(client, url) == "hit"
    assert asked == []  # no round trip
    # Another worker's change (its bump reaches only the shared cache): seen after the window.
    Article.objects.filter(pk=article.pk).update(headline="New words")
    page_cache._bump([page_cache.article_tag(article.slug)])
    assert "Old words" in _get(client, url).content.decode()
    later = page_cache.time.monotonic() + 1.5
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert "New words" in _get(client, url).content.decode()
    # This worker's own change shows at once.
    article.headline = "Newest words"
    article.save()
    assert "Newest words" in _get(client, url).content.decode()
    page_cache._local_pages.clear()


def test_a_pages_fragments_read_their_generations_once_per_request(client, settings, monkeypatch):
    """A story page's {% cache %} fragments (related stories, the comment form, the rail) share
    one read of the generations; an invalidation in the same request is seen by the fragments
    after it, and outside a request every fragment reads them afresh."""
    from django.core.signals import request_finished, request_started
    from django.template import Context, Template

    from newsroom import cache as page_cache

    settings.PAGE_CACHE_ENABLED = False
    article = make_article(headline="A story with fragments")
    reads = []
    real_read_current = page_cache.read_current

    def counting_read(store, keys):
        fragment_keys = [
            page_cache.GENERATION_KEY.format(tag=tag) for tag in settings.PAGE_CACHE_FRAGMENT_TAGS
        ]
        if keys[: len(fragment_keys)] == fragment_keys:
            reads.append(keys)
        return real_read_current(store, keys)

    monkeypatch.setattr(page_cache, "read_current", counting_read)
    _get(client, article.get_absolute_url())
    assert len(reads) == 1  # three fragments on the page, one read

    template = Template("{% load cache %}{% cache 300 probe %}{{ value }}{% endcache %}")
    request_started.send(sender=None)
    try:
        assert template.render(Context({"value": "old"})) == "old"
        assert template.render(Context({"value": "new"})) == "old"  # the same fragment
        invalidate("stories")
        assert template.render(Context({"value": "new"})) == "new"  # its own change, at once
    finally:
        request_finished.send(sender=None)
    reads.clear()
    template.render(Context({"value": "x"}))
    template.render(Context({"value": "x"}))
    assert len(reads) == 2  # no request: no memory between fragments
