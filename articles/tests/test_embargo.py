"""An embargoed story: published (wire clients have it, see syndication's tests) but nowhere
public until its embargo ends, and then everywhere at once with nothing run by a timer."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache.backends import locmem
from django.utils import timezone

from articles import invalidation
from articles.models import Article
from newsroom.cache import CACHE_STATUS_HEADER
from newsroom.models import SiteSettings

from .factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db

HEADLINE = "Quarterly growth figure beats forecasts"
SLUG = "growth-beats-forecasts"  # every public listing links to it (sitemaps carry no headline)


@pytest.fixture
def embargoed():
    SiteSettings.current()
    section = make_section(name="Business", slug="business")
    make_article(section=section, headline="An ordinary story about markets")
    return make_article(
        section=section,
        headline=HEADLINE,
        slug=SLUG,
        body="<p>Growth came in at 8.1 percent, economists said.</p>",
        embargo_until=timezone.now() + timedelta(hours=2),
    )


def public_addresses(article):
    return [
        "/",
        article.section.get_absolute_url(),
        "/feed/",
        "/feed/atom/",
        f"/feed/section/{article.section.slug}/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/search/?q=growth",
    ]


def _lift(article, monkeypatch):
    """The embargo's time comes: moved into the past without a save, as time would.

    The site's clock moves two hours on; the shared cache keeps its own (Redis expires keys on
    the server's clock), so everything cached before is still there to be served: the tests'
    in-process cache is held to the real clock too. The lift must show without an expiry."""
    Article.objects.filter(pk=article.pk).update(
        embargo_until=timezone.now() - timedelta(seconds=1)
    )
    real_time = invalidation.time.time
    later = real_time() + 2 * 3600 + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=real_time))
    monkeypatch.setattr(invalidation.time, "time", lambda: later)


def test_the_queryset_and_the_row_agree(embargoed):
    assert embargoed not in Article.objects.published()
    assert embargoed in Article.objects.embargoed()
    assert not embargoed.is_live
    assert embargoed.is_embargoed
    assert Article.objects.next_release() == embargoed.embargo_until


def test_invisible_to_the_public_until_its_time(client, embargoed):
    for address in public_addresses(embargoed):
        response = client.get(address)
        assert response.status_code == 200, address
        assert SLUG not in response.content.decode(), address
    assert client.get(embargoed.get_absolute_url()).status_code == 404


def test_staff_who_may_see_it_get_a_preview(client, embargoed):
    client.force_login(make_staff("desk", is_superuser=True))
    response = client.get(embargoed.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_everywhere_at_once_when_it_lifts_without_a_timer_or_a_save(
    client, embargoed, page_cache, monkeypatch
):
    addresses = public_addresses(embargoed)
    for address in addresses:
        client.get(address)  # every page cached without the story
    assert client.get(addresses[1])[CACHE_STATUS_HEADER] == "hit"
    _lift(embargoed, monkeypatch)
    for address in addresses:
        assert SLUG in client.get(address).content.decode(), address
    page = client.get(embargoed.get_absolute_url())
    assert page.status_code == 200
    assert '"headline": "Quarterly growth figure beats forecasts"' in page.content.decode()


def test_the_page_cache_never_outlives_the_embargo(embargoed):
    seconds = invalidation.seconds_until_next_scheduled_publish()
    assert 7000 < seconds <= 7200
