import gzip
import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import (
    make_article,
    make_author,
    make_member,
    make_section,
    make_staff,
)
from newsroom import cache as page_cache_module
from newsroom.cache import (
    CACHE_STATUS_HEADER,
    bump_content_version,
    bump_content_version_at_most_every,
    content_version,
    invalidating_models,
    next_scheduled_publish,
    page_cache_timeout,
)
from newsroom.models import SiteSettings
from newsroom.roles import EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _site_settings_exist():
    # The first page ever rendered creates the settings row, which (rightly) bumps the version.
    SiteSettings.current()


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


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


def test_a_page_this_worker_holds_is_served_without_resolving_its_address(client, monkeypatch):
    from django.core.cache import cache
    from django.core.handlers.base import BaseHandler

    article = make_article(headline="Monsoon arrives early")
    _get(client, article.get_absolute_url())
    resolved = []
    real_resolve = BaseHandler.resolve_request
    monkeypatch.setattr(
        BaseHandler,
        "resolve_request",
        lambda handler, request: resolved.append(request.path) or real_resolve(handler, request),
    )
    assert _get(client, article.get_absolute_url())[CACHE_STATUS_HEADER] == "hit"
    assert resolved == []
    # Held only in the shared cache (stored by another worker): found once the address is
    # known to be a reader page, then kept here too.
    page_cache_module.process_memory.clear()
    assert _get(client, article.get_absolute_url())[CACHE_STATUS_HEADER] == "hit"
    assert resolved == [article.get_absolute_url()]
    cache.clear()
    assert _get(client, article.get_absolute_url())[CACHE_STATUS_HEADER] == "hit"
    assert len(resolved) == 1


def test_cached_pages_still_get_fresh_security_headers(client):
    make_article()
    _get(client, "/")
    hit = _get(client, "/")
    assert hit[CACHE_STATUS_HEADER] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]


def test_reader_pages_carry_cdn_friendly_cache_control(client):
    make_article()
    for response in (_get(client, "/"), _get(client, "/")):
        header = response["Cache-Control"]
        assert "public" in header
        assert "max-age=60" in header
        assert "s-maxage=300" in header or re.search(r"s-maxage=(29\d|300)\b", header)
        assert "stale-while-revalidate=30" in header


def test_saving_an_article_shows_the_change_at_once(client):
    article = make_article(headline="First headline")
    _get(client, article.get_absolute_url())
    _get(client, "/")
    article.headline = "Corrected headline"
    article.save()
    for url in (article.get_absolute_url(), "/"):
        response = _get(client, url)
        assert response[CACHE_STATUS_HEADER] == "miss"
        assert "Corrected headline" in response.content.decode()


def test_adding_an_author_invalidates_through_the_many_to_many_signal(client):
    article = make_article()
    _get(client, article.get_absolute_url())
    article.authors.add(make_author(handle="newdesk"))
    assert "@newdesk" in _get(client, article.get_absolute_url()).content.decode()


def test_tags_and_site_settings_invalidate(client):
    article = make_article()
    _get(client, article.get_absolute_url())
    article.tags.add("Elections")
    assert "Elections" in _get(client, article.get_absolute_url()).content.decode()

    row = SiteSettings.current()
    row.tagline = "News from everywhere"
    row.save()
    assert "News from everywhere" in _get(client, "/").content.decode()


def test_deleting_an_article_removes_it_from_cached_listings(client):
    section = make_section()
    article = make_article(section=section, headline="Soon to be withdrawn")
    assert "Soon to be withdrawn" in _get(client, section.get_absolute_url()).content.decode()
    article.delete()
    assert "Soon to be withdrawn" not in _get(client, section.get_absolute_url()).content.decode()


def test_staff_are_never_served_or_stored_from_the_cache(client):
    article = make_article(headline="Public story")
    staff = Client()
    staff.force_login(make_staff())
    staff_response = _get(staff, article.get_absolute_url())
    assert CACHE_STATUS_HEADER not in staff_response
    assert "private" in staff_response["Cache-Control"]
    # The staff render was not stored: the first anonymous reader still misses.
    assert _get(client, article.get_absolute_url())[CACHE_STATUS_HEADER] == "miss"
    assert CACHE_STATUS_HEADER not in _get(staff, article.get_absolute_url())


def test_previews_are_never_cached(client):
    draft = make_article(status=Article.Status.DRAFT, headline="Embargoed story")
    staff = Client()
    staff.force_login(make_member("editor", EDITOR))
    preview = _get(staff, draft.get_absolute_url())
    assert "no-cache" in preview["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_tracking_parameters_share_one_entry_but_page_numbers_do_not(client):
    section = make_section()
    for _ in range(25):
        make_article(section=section)
    url = section.get_absolute_url()
    _get(client, url)
    shared = _get(client, url + "?utm_source=social&fbclid=abc123")
    assert shared[CACHE_STATUS_HEADER] == "hit"
    second_page = _get(client, url + "?page=2")
    assert second_page[CACHE_STATUS_HEADER] == "miss"
    assert second_page.content != shared.content


def test_head_requests_are_served_from_the_cache(client):
    make_article()
    _get(client, "/")
    response = client.head("/")
    assert response.status_code == 200
    assert response[CACHE_STATUS_HEADER] == "hit"


@pytest.mark.urls("newsroom.tests.cache_urls")
def test_forms_on_cached_pages_get_a_fresh_token_per_reader_and_still_post():
    first_reader = Client(enforce_csrf_checks=True)
    first = _get(first_reader, "/cache-test/form/")
    assert first[CACHE_STATUS_HEADER] == "miss"

    second_reader = Client(enforce_csrf_checks=True)
    second = _get(second_reader, "/cache-test/form/")
    assert second[CACHE_STATUS_HEADER] == "hit"
    first_token = CSRF_VALUE.search(first.content.decode()).group(1)
    second_token = CSRF_VALUE.search(second.content.decode()).group(1)
    assert first_token != second_token
    # Each reader got their own cookie, and a page with a token is not for shared caches.
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "private" in second["Cache-Control"]
    assert "public" not in second["Cache-Control"]

    posted = second_reader.post("/cache-test/form/", {"csrfmiddlewaretoken": second_token})
    assert posted.status_code == 200
    assert posted.content == b"received"
    # The first reader's token does not work with the second reader's cookie.
    refused = second_reader.post("/cache-test/form/", {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


@pytest.mark.urls("newsroom.tests.cache_urls")
def test_responses_that_set_cookies_are_not_stored(client):
    assert CACHE_STATUS_HEADER not in _get(client, "/cache-test/cookie/")
    assert CACHE_STATUS_HEADER not in _get(client, "/cache-test/cookie/")


@pytest.mark.urls("newsroom.tests.cache_urls")
def test_cached_pages_answer_conditional_requests(client):
    _get(client, "/cache-test/etag/")
    response = client.get("/cache-test/etag/", HTTP_IF_NONE_MATCH='"v1"')
    assert response.status_code == 304
    assert response[CACHE_STATUS_HEADER] == "hit"


def test_a_session_cookie_bypasses_the_cache(client):
    make_article()
    _get(client, "/")
    client.cookies["sessionid"] = "anything"
    response = _get(client, "/")
    assert CACHE_STATUS_HEADER not in response
    assert "private" in response["Cache-Control"]


def test_nothing_is_cached_when_the_page_cache_is_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_article()
    _get(client, "/")
    response = _get(client, "/")
    assert CACHE_STATUS_HEADER not in response
    assert response.templates[0].name == "articles/home.html"


def test_timeout_stops_at_the_next_scheduled_story():
    make_article(publish_at=timezone.now() + timedelta(seconds=90))
    assert 1 <= page_cache_timeout() <= 90
    Article.objects.all().delete()
    assert page_cache_timeout() == 300


def test_a_scheduled_story_appears_when_due_without_any_save(client, monkeypatch):
    section = make_section()
    due = timezone.now() + timedelta(hours=2)
    make_article(section=section, headline="Budget speech", publish_at=due)
    assert "Budget speech" not in _get(client, section.get_absolute_url()).content.decode()
    assert next_scheduled_publish() == pytest.approx(due.timestamp())
    version = content_version()

    # Two hours later: the story is due (moved into the past without signals, as time would).
    Article.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    clock = page_cache_module.time.time() + 2 * 3600 + 1
    monkeypatch.setattr(page_cache_module, "time", _FrozenTime(clock))
    assert next_scheduled_publish() is None
    assert content_version() != version
    response = _get(client, section.get_absolute_url())
    assert response[CACHE_STATUS_HEADER] == "miss"
    assert "Budget speech" in response.content.decode()


class _FrozenTime:
    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now

    def time_ns(self):
        return int(self.now * 1_000_000_000)

    def monotonic(self):
        return self.now


def test_bump_recovers_when_the_version_was_evicted():
    from django.core.cache import cache

    before = content_version()
    cache.delete(page_cache_module.CONTENT_VERSION_KEY)
    after = bump_content_version()
    assert after >= before
    assert content_version() == after


def test_invalidating_models_skip_apps_that_are_not_installed(settings):
    settings.PAGE_CACHE_INVALIDATING_MODELS = ["articles.Article", "nosuchapp.Thing"]
    assert [model._meta.label for model in invalidating_models()] == ["articles.Article"]


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


class _LaterMonotonic:
    """The real clock, with the monotonic one moved on by `seconds`."""

    def __init__(self, real, seconds):
        self.real, self.seconds = real, seconds

    def time(self):
        return self.real.time()

    def time_ns(self):
        return self.real.time_ns()

    def monotonic(self):
        return self.real.monotonic() + self.seconds


def test_a_change_made_by_another_worker_shows_within_the_local_window(client, monkeypatch):
    from django.core.cache import cache

    article = make_article(headline="Old words")
    _get(client, article.get_absolute_url())
    # Another worker process edits the story: its bump reaches only the shared cache.
    Article.objects.filter(pk=article.pk).update(headline="New words")
    cache.incr(page_cache_module.CONTENT_VERSION_KEY)
    assert "Old words" in _get(client, article.get_absolute_url()).content.decode()

    seconds = page_cache_module.settings.PAGE_CACHE_LOCAL_SECONDS
    monkeypatch.setattr(page_cache_module, "time", _LaterMonotonic(page_cache_module.time, seconds))
    assert "New words" in _get(client, article.get_absolute_url()).content.decode()


def test_a_held_back_change_still_reaches_readers_when_its_time_comes(settings, monkeypatch):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # read the version from the cache every time
    first = content_version()
    bump_content_version_at_most_every(60, reason="gift")
    second = content_version()
    assert second > first
    bump_content_version_at_most_every(60, reason="gift")  # within the minute: held back
    assert content_version() == second
    later = time.time() + 61
    monkeypatch.setattr("newsroom.cache.time.time", lambda: later)
    third = content_version()
    assert third > second
    assert content_version() == third  # one bump, not one per read


def test_a_cached_page_is_sent_compressed_to_browsers_that_accept_it(client, settings, tmp_path):
    # A cache every process shares (as Redis is), so article pages carry an ETag.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    SiteSettings.current()
    article = make_article(headline="Harbour strike ends")
    url = article.get_absolute_url()
    plain = _get(client, url)  # stored
    assert "Accept-Encoding" in plain["Vary"]
    hit = _get(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert hit[CACHE_STATUS_HEADER] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert gzip.decompress(hit.content) == plain.content
    assert len(hit.content) < len(plain.content) / 3
    assert hit["ETag"] == f"W/{plain['ETag']}"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert again.status_code == 304
    identity = _get(client, url)
    assert identity[CACHE_STATUS_HEADER] == "hit"
    assert "Content-Encoding" not in identity
    assert identity.content == plain.content


def test_pages_rendered_for_the_request_are_compressed_too(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_article()
    response = _get(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)
