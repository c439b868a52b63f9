import gzip
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import make_article, make_staff
from ticker.services import ticker_item_create, ticker_item_expire

from .factories import make_item

pytestmark = pytest.mark.django_db

STRIP_URL = "/islands/ticker/"
SEPARATOR = '<span class="ticker__separator" aria-hidden="true"> | </span>'


def render_tag():
    return Template('{% load islands_tags %}{% island "ticker" %}').render(Context())


def strip_list(html):
    match = re.search(r'<ul class="ticker__list">(.*?)</ul>', html, re.S)
    assert match, "no ticker list in the page"
    return match.group(1)


def test_the_strip_is_absent_when_nothing_is_live(client):
    now = timezone.now()
    make_item(
        text="Ended an hour ago",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
    )
    make_item(
        text="Starts tomorrow", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=2)
    )
    html = client.get("/").content.decode()
    assert 'class="ticker ' not in html
    assert "Ended an hour ago" not in html
    assert "Starts tomorrow" not in html
    assert 'data-island="ticker"' in html  # the empty island islands.js fills when news breaks


def test_every_reader_page_carries_the_strip_with_separators_inside_list_items(client):
    article = make_article(headline="Port strike ends")
    make_item(text="First line", urgency="breaking")
    make_item(text="Second line", urgency="urgent")
    make_item(text="Third line")
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()]:
        html = client.get(url).content.decode()
        items = strip_list(html)
        assert items.count("<li") == 3
        assert items.count(SEPARATOR) == 2  # between the items, not after the last
        # Nothing but list items directly inside the list (text in a <ul> breaks screen readers).
        assert re.sub(r"<li\b.*?</li>", "", items, flags=re.S).strip() == ""
        assert '<h2 class="ticker__title" id="ticker-title">Breaking' in html
        # The marquee's second copy, for a seamless loop, is kept from keyboards and screen readers.
        assert '<ul class="ticker__list ticker__list--copy" aria-hidden="true" inert>' in html


def test_the_strip_links_items_that_have_a_link_and_orders_them(client):
    article = make_article(headline="Rail line opens")
    make_item(text="Plain words", urgency="normal")
    make_item(text="Our story", urgency="urgent", article=article)
    make_item(text="Elsewhere", urgency="breaking", url="https://example.org/report")
    items = strip_list(client.get("/").content.decode())
    assert items.index("Elsewhere") < items.index("Our story") < items.index("Plain words")
    assert '<a href="https://example.org/report">Elsewhere</a>' in items
    assert f'<a href="{article.get_absolute_url()}">Our story</a>' in items
    assert re.search(r"<li[^>]*>Plain words</li>", items)  # last: no link, no separator
    assert '<span class="visually-hidden">Breaking: </span>' in items


def test_the_strip_offers_a_pause_button_for_the_script_and_loads_no_inline_code(client):
    make_item(text="A line")
    response = client.get("/")
    html = response.content.decode()
    assert re.search(r'<button type="button" class="ticker__pause" aria-pressed="false"', html)
    assert "data-ticker-pause hidden" in html  # shown by ticker.js, which is what makes it work
    assert '<script src="/static/js/ticker.js" defer></script>' in html
    assert '<script src="/static/js/islands.js" defer></script>' in html
    assert f'data-island-src="{STRIP_URL}"' in html
    assert "style=" not in strip_list(html)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("number", [1, 30])
def test_the_strip_takes_one_query_whatever_the_number_of_items(number):
    for _ in range(number):
        make_item(article=make_article())
    with CaptureQueriesContext(connection) as queries:
        html = render_tag()
    assert len(queries) == 1
    assert strip_list(html).count("<li") == number
    with CaptureQueriesContext(connection) as queries:
        render_tag()
    assert len(queries) == 0  # from the cache until the ticker changes


def test_the_endpoint_returns_the_fragment_for_shared_caches_to_revalidate(client):
    make_item(text="Monsoon arrives early", urgency="breaking")
    response = client.get(STRIP_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "Monsoon arrives early" in body
    assert "<html" not in body
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=10"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"

    again = client.get(STRIP_URL, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_endpoint_sends_the_strip_compressed_to_browsers_that_accept_it(client):
    make_item(text="Monsoon arrives early", urgency="breaking")
    plain = client.get(STRIP_URL)
    compressed = client.get(STRIP_URL, headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    again = client.get(
        STRIP_URL,
        headers={"accept-encoding": "gzip", "if-none-match": compressed["ETag"]},
    )
    assert again.status_code == 304


def test_a_change_reaches_the_endpoint_at_once_despite_its_cache(client):
    editor = make_staff()
    item = ticker_item_create(actor=editor, text="Dam gates opened")
    first = client.get(STRIP_URL)
    assert "Dam gates opened" in first.content.decode()

    ticker_item_create(actor=editor, text="Flood warning for three districts", urgency="breaking")
    second = client.get(STRIP_URL, headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert "Flood warning for three districts" in second.content.decode()

    ticker_item_expire(item=item, actor=editor)
    third = client.get(STRIP_URL).content.decode()
    assert "Dam gates opened" not in third
    assert "Flood warning for three districts" in third


def test_the_endpoint_is_empty_when_nothing_is_live_and_refuses_writes(client):
    response = client.get(STRIP_URL)
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert client.post(STRIP_URL).status_code == 405


def test_a_new_item_reaches_a_cached_page_only_through_its_island(client, page_cache):
    """The page around the strip stays cached (a ticker item no longer empties the page cache);
    the island's endpoint has the new item at once."""
    editor = make_staff()
    ticker_item_create(actor=editor, text="Dam gates opened")
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    ticker_item_create(actor=editor, text="Flood warning for three districts")
    page = client.get("/")
    assert page["X-Page-Cache"] == "hit"
    assert "Flood warning for three districts" not in page.content.decode()
    assert "Flood warning for three districts" in client.get(STRIP_URL).content.decode()


def test_unpublishing_a_linked_story_removes_the_link_from_the_cached_strip(client):
    article = make_article(headline="Bridge collapses")
    make_item(text="Bridge collapses in Assam", article=article)
    assert article.get_absolute_url() in render_tag()
    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.ARCHIVED
    article.save()
    html = render_tag()
    assert "Bridge collapses in Assam" in html
    assert article.get_absolute_url() not in html
