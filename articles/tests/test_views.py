import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.cache import SITE, STORIES, invalidate
from newsroom.models import SiteSettings
from newsroom.roles import EDITOR
from tests.visible import visible_text

from .factories import make_article, make_author, make_member, make_section

pytestmark = pytest.mark.django_db


def test_article_page_shows_the_story(client):
    section = make_section(name="World", slug="world")
    author = make_author(name="Newswire Desk", handle="newswire", slug="newswire")
    article = make_article(
        section=section,
        authors=[author],
        tags=["Cuba", "Diplomacy"],
        headline="Ministers meet in Havana",
        standfirst="Two ministers met for the first time in a decade.",
        body="<p>First paragraph.</p><blockquote><p>“We talked,” she said.</p></blockquote>",
        publish_at=datetime(2026, 1, 12, 18, 18, tzinfo=UTC),
        dateline_place="HAVANA",
    )
    article.corrections.create(text="An earlier version misnamed the venue.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="story__headline">Ministers meet in Havana</h1>' in html
    assert "Two ministers met for the first time in a decade." in html
    assert f'href="{author.get_absolute_url()}">@newswire</a>' in html
    text = visible_text(html)  # the same facts are in the JSON-LD and meta tags too
    assert "Jan 12, 2026, at 11:48 pm" in text
    assert 'datetime="2026-01-12T23:48:00+05:30"' in html
    assert "<blockquote><p>“We talked,” she said.</p></blockquote>" in html
    assert "An earlier version misnamed the venue." in text
    assert reverse("articles:tag", args=["cuba"]) in html
    assert "HAVANA" in text


def test_article_page_has_server_built_share_links(client):
    article = make_article(headline="Rail line opens")
    html = client.get(article.get_absolute_url()).content.decode()
    # On the public address, like the canonical link, whatever Host the request came with.
    url = quote(settings.SITE_URL + article.get_absolute_url(), safe="")
    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in html
    assert f"https://x.com/intent/post?url={url}" in html
    assert "https://wa.me/?text=Rail+line+opens" in html
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={url}" in html
    assert "mailto:?subject=Rail%20line%20opens" in html
    for label in ["Share on Facebook", "Share on X", "Share on WhatsApp", "Share on LinkedIn"]:
        assert label in html
    assert "Copy link to this article" in html
    assert "<script" not in html.split("</head>")[1]  # no third-party or inline script in the body


def test_updated_time_shows_only_after_a_change(client):
    article = make_article(publish_at=timezone.now() - timedelta(hours=2))
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    article = Article.objects.get(pk=article.pk)
    article.standfirst = "A sharper standfirst."
    article.save()
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, -60),
        (Article.Status.IN_REVIEW, -60),
        (Article.Status.ARCHIVED, -60),
        (Article.Status.PUBLISHED, 600),  # scheduled
    ],
)
def test_unpublished_articles_are_404_for_readers_and_previews_for_editors(client, status, offset):
    article = make_article(status=status, publish_at=timezone.now() + timedelta(seconds=offset))
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(make_member("editor", EDITOR))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Readers cannot see it" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_non_staff_user_gets_no_preview(client, django_user_model):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_old_section_url_redirects_to_the_current_one(client):
    article = make_article()
    old_url = article.get_absolute_url()
    article.section = make_section(slug="elsewhere")
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_listing_pages_show_only_published_articles(client):
    section = make_section()
    author = make_author()
    live = make_article(section=section, authors=[author], tags=["Monsoon"])
    hidden = make_article(section=section, authors=[author], tags=["Monsoon"], status="draft")
    later = make_article(
        section=section,
        authors=[author],
        tags=["Monsoon"],
        publish_at=timezone.now() + timedelta(days=1),
    )
    for url in [
        reverse("articles:home"),
        section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("articles:tag", args=["monsoon"]),
    ]:
        html = client.get(url).content.decode()
        assert live.headline in html, url
        assert hidden.headline not in html, url
        assert later.headline not in html, url


def test_section_listing_is_paginated(client):
    section = make_section()
    for _ in range(25):
        make_article(section=section)
    first = client.get(section.get_absolute_url())
    assert len(first.context["object_list"]) == 20
    assert client.get(section.get_absolute_url() + "?page=2").context["object_list"]
    assert client.get(section.get_absolute_url() + "?page=99").status_code == 404


def test_unknown_section_author_and_tag_are_404(client):
    for url in ["/no-such-section/", "/author/nobody/", "/tag/nothing/", "/world/missing-story/"]:
        assert client.get(url).status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(section, author, number):
    for _ in range(number):
        make_article(section=section, authors=[author], tags=["Budget", "Economy"])


@pytest.mark.parametrize("page", ["home", "section", "author", "tag", "article"])
def test_query_count_does_not_grow_with_the_number_of_articles(client, page):
    sections = [make_section() for _ in range(4)]
    author = make_author()
    first = make_article(section=sections[0], authors=[author], tags=["Budget"])
    urls = {
        "home": reverse("articles:home"),
        "section": sections[0].get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": reverse("articles:tag", args=["budget"]),
        "article": first.get_absolute_url(),
    }
    client.get(urls[page])  # warm the site-settings cache both times alike
    with_one = _cold_and_warm_queries(client, urls[page])
    for section in sections:
        _fill(section, author, 13)
    with_fifty_three = _cold_and_warm_queries(client, urls[page])
    assert with_one == with_fifty_three
    cold, warm = with_fifty_three
    assert warm <= cold


@pytest.mark.usefixtures("page_cache")
def test_a_warm_article_page_and_the_front_page_read_nothing(client):
    article = make_article(authors=[make_author()], tags=["Budget"])
    SiteSettings.current()  # made on a site's first request, and that is a change too
    client.get(article.get_absolute_url())
    client.get(reverse("articles:home"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.get_absolute_url()).content.decode()
    assert len(queries) == 0
    assert article.headline in html
    assert "Budget" in html
    assert _count_queries(client, reverse("articles:home")) == 0


def test_a_story_taken_down_stops_answering_at_once(client):
    article = make_article(headline="Ministers meet in Havana")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404


@pytest.mark.usefixtures("page_cache")
def test_made_up_story_addresses_are_not_kept(client, monkeypatch):
    from django.core.cache import caches

    store, written = caches["pages"], []
    for name in ("set", "add", "set_many"):
        real = getattr(store, name)
        monkeypatch.setattr(
            store,
            name,
            lambda *args, real=real, **kwargs: written.append(args) or real(*args, **kwargs),
        )

    section = make_section(slug="world")
    story = make_article(section=section)
    SiteSettings.current()
    assert client.get("/world/no-such-story/").status_code == 404  # the page's islands are kept
    written.clear()
    for number in range(20):
        assert client.get(f"/world/no-such-story-{number}/").status_code == 404
    assert written == []  # no page, no generation
    assert client.get(story.get_absolute_url()).status_code == 200
    assert written  # a real one is kept


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_a_warm_listing_reads_nothing_and_a_new_story_shows_at_once(client, page):
    section, author = make_section(), make_author()
    make_article(section=section, authors=[author], tags=["Budget"])
    url = {
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": reverse("articles:tag", args=["budget"]),
    }[page]
    SiteSettings.current()  # made on a site's first request, and that is a change too
    client.get(url)
    assert _count_queries(client, url) == 0
    make_article(section=section, authors=[author], tags=["Budget"], headline="Fresh off the wire")
    assert "Fresh off the wire" in client.get(url).content.decode()


def _cold_and_warm_queries(client, url):
    """Queries for a full render (after a change to the whole site, with the "Most read" island
    built again, as any story's save does) and for the next one."""
    from articles.islands import most_read_island

    invalidate(SITE, STORIES)
    most_read_island.invalidate()
    return _count_queries(client, url), _count_queries(client, url)


def test_header_shows_ist_clock_and_only_configured_follow_links(client):
    from newsroom.models import SiteSettings

    settings_row = SiteSettings.current()
    settings_row.facebook_url = "https://www.facebook.com/newswire.example"
    settings_row.youtube_url = ""
    settings_row.save()
    html = client.get(reverse("articles:home")).content.decode()
    assert re.search(r"[A-Z][a-z]+ \d\d, \d{4} \d\d:\d\d (am|pm)</time> \(IST\)", html)
    assert "https://www.facebook.com/newswire.example" in html
    assert "on YouTube" not in html
    assert "Follow us:" in html


def test_dateline_place_is_shown_once(client):
    separate = make_article(dateline_place="CHENNAI", body="<p>Dockers returned to work.</p>")
    in_copy = make_article(dateline_place="HAVANA", body="<p>HAVANA, Cuba (Newswire) — Talks.</p>")
    assert (
        '<p class="story__dateline">CHENNAI</p>'
        in client.get(separate.get_absolute_url()).content.decode()
    )
    html = client.get(in_copy.get_absolute_url()).content.decode()
    assert "story__dateline" not in html
    assert visible_text(html).count("HAVANA") == 1  # metadata (JSON-LD) may name it too
