"""Feeds, sitemaps, robots.txt, page metadata, related stories and conditional GET."""

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from newsroom.models import SiteSettings
from newsroom.roles import EDITOR

from .factories import make_article, make_author, make_member, make_section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD scripts from a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def properties(self, name):
        return [m["content"] for m in self.meta if m.get("property") == name]

    def named(self, name):
        return [m["content"] for m in self.meta if m.get("name") == name]


def parse_head(response):
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def newsroom():
    section = make_section(name="India", slug="india")
    author = make_author(name="Asha Rao", slug="asha-rao", handle="asharao")
    live = make_article(
        section=section,
        authors=[author],
        tags=["Monsoon"],
        headline="Monsoon reaches Kerala <early>",
        standfirst="The rains arrived two days ahead of the forecast & farmers cheered.",
        publish_at=datetime(2026, 6, 1, 3, 30, tzinfo=UTC),
        dateline_place="THIRUVANANTHAPURAM",
    )
    draft = make_article(section=section, authors=[author], status=Article.Status.DRAFT)
    scheduled = make_article(
        section=section, authors=[author], publish_at=timezone.now() + timedelta(days=1)
    )
    return {
        "section": section,
        "author": author,
        "live": live,
        "hidden": [draft, scheduled],
    }


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own responses, not untrusted input


def feed_links(root):
    return [item.findtext("link") for item in root.iter("item")]


def test_rss_feed_is_valid_rss_with_only_published_articles(client, newsroom):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse_xml(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    live = newsroom["live"]
    assert feed_links(root) == [settings.SITE_URL + live.get_absolute_url()]
    item = channel.find("item")
    assert item.findtext("title") == "Monsoon reaches Kerala <early>"
    assert item.findtext("description") == live.standfirst
    # The dateline's time (09:00 IST), in the feed's RFC 2822 form.
    assert item.findtext("pubDate") == "Mon, 01 Jun 2026 09:00:00 +0530"
    assert [c.text for c in item.findall("category")] == ["India", "Monsoon"]
    assert item.find("enclosure") is None  # no lead image until the image library lands


def test_atom_feed_is_valid_atom_with_only_published_articles(client, newsroom):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_xml(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    url = settings.SITE_URL + newsroom["live"].get_absolute_url()
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}published") == "2026-06-01T09:00:00+05:30"
    assert entry.findtext(f"{ATOM}updated") == "2026-06-01T09:00:00+05:30"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Asha Rao"
    assert entry.findtext(f"{ATOM}summary") == newsroom["live"].standfirst


def test_section_and_author_feeds_hold_only_their_stories(client, newsroom):
    other = make_article(section=make_section(), authors=[make_author()])
    mine = [settings.SITE_URL + newsroom["live"].get_absolute_url()]
    for url in ["/feed/section/india/", "/feed/author/asha-rao/"]:
        assert feed_links(parse_xml(client.get(url).content)) == mine, url
    atom = parse_xml(client.get("/feed/section/india/atom/").content)
    assert len(atom.findall(f"{ATOM}entry")) == 1
    other_feed = parse_xml(client.get(f"/feed/section/{other.section.slug}/").content)
    assert feed_links(other_feed) == [settings.SITE_URL + other.get_absolute_url()]
    assert client.get("/feed/section/nowhere/").status_code == 404
    assert client.get("/feed/author/nobody/atom/").status_code == 404


def test_pages_link_their_feeds_in_the_head(client, newsroom):
    section_links = parse_head(client.get("/india/")).links
    hrefs = {(link.get("type"), link.get("href")) for link in section_links}
    assert ("application/rss+xml", "/feed/") in hrefs
    assert ("application/atom+xml", "/feed/atom/") in hrefs
    assert ("application/rss+xml", "/feed/section/india/") in hrefs
    author_links = parse_head(client.get("/author/asha-rao/")).links
    assert ("application/atom+xml", "/feed/author/asha-rao/atom/") in {
        (link.get("type"), link.get("href")) for link in author_links
    }


def test_sitemap_index_and_sitemaps_list_published_pages(client, newsroom):
    index = parse_xml(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [node.findtext(f"{SITEMAP}loc") for node in index.findall(f"{SITEMAP}sitemap")]
    assert locations == [
        f"{settings.SITE_URL}/sitemap-{name}.xml" for name in ("articles", "sections", "authors")
    ]
    found = {}
    for location in locations:
        root = parse_xml(client.get(location.removeprefix(settings.SITE_URL)).content)
        assert root.tag == f"{SITEMAP}urlset"
        for url in root.findall(f"{SITEMAP}url"):
            found[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    live = newsroom["live"]
    base = settings.SITE_URL
    assert found[base + live.get_absolute_url()] == "2026-06-01T09:00:00+05:30"
    assert found[base + "/india/"] == "2026-06-01T09:00:00+05:30"
    assert base + "/author/asha-rao/" in found
    for hidden in newsroom["hidden"]:
        assert base + hidden.get_absolute_url() not in found


def test_news_sitemap_has_recent_stories_with_publication_details(client, newsroom):
    fresh = make_article(headline="Fresh & new", publish_at=timezone.now() - timedelta(hours=3))
    make_article(headline="Three days old", publish_at=timezone.now() - timedelta(days=3))
    root = parse_xml(client.get("/news-sitemap.xml").content)
    urls = root.findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        settings.SITE_URL + fresh.get_absolute_url()
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newswire"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == fresh.publish_at.replace(microsecond=0)
    assert news.findtext(f"{NEWS}publication_date").endswith("+05:30")


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.SITE_URL}/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /dashboard/" in lines


def test_article_head_has_canonical_open_graph_and_twitter_tags(client, newsroom):
    live = newsroom["live"]
    head = parse_head(client.get(live.get_absolute_url()))
    url = settings.SITE_URL + live.get_absolute_url()
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [url]
    assert head.named("description") == [live.standfirst]
    assert head.properties("og:type") == ["article"]
    assert head.properties("og:title") == [live.headline]
    assert head.properties("og:url") == [url]
    assert head.properties("article:published_time") == ["2026-06-01T09:00:00+05:30"]
    assert head.properties("article:modified_time") == ["2026-06-01T09:00:00+05:30"]
    assert head.properties("article:section") == ["India"]
    assert head.properties("article:tag") == ["Monsoon"]
    image = head.properties("og:image")[0]
    assert image.startswith(settings.SITE_URL + "/static/img/share-card")
    assert head.properties("og:image:width") == ["1200"]
    assert head.properties("og:image:height") == ["630"]
    assert head.named("twitter:card") == ["summary_large_image"]
    assert head.named("twitter:image") == [image]


def test_article_json_ld_matches_the_visible_dateline(client, newsroom):
    live = Article.objects.get(pk=newsroom["live"].pk)
    live.standfirst = "A sharper standfirst."
    live.save()  # now "Updated" at the time of this save
    response = client.get(live.get_absolute_url())
    html = response.content.decode()
    article_ld, crumbs = parse_head(response).json_ld
    assert article_ld["@type"] == "NewsArticle"
    assert article_ld["headline"] == "Monsoon reaches Kerala <early>"
    assert article_ld["description"] == "A sharper standfirst."
    assert article_ld["datePublished"] == "2026-06-01T09:00:00+05:30"
    assert f'datetime="{article_ld["datePublished"]}"' in html
    assert article_ld["dateModified"].endswith("+05:30")
    assert f'Updated <time datetime="{article_ld["dateModified"]}"' in html
    assert article_ld["author"] == [
        {"@type": "Person", "name": "Asha Rao", "url": settings.SITE_URL + "/author/asha-rao/"}
    ]
    logo = article_ld["publisher"]["logo"]
    assert article_ld["publisher"]["name"] == "Newswire"
    assert (logo["width"], logo["height"]) == (600, 60)
    assert logo["url"].startswith(settings.SITE_URL + "/static/img/logo")
    assert article_ld["image"][0]["width"] == 1200
    url = settings.SITE_URL + live.get_absolute_url()
    assert article_ld["mainEntityOfPage"]["@id"] == url
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(i["position"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, settings.SITE_URL + "/"),
        (2, settings.SITE_URL + "/india/"),
        (3, url),
    ]
    # The headline's "<" cannot close the script element early.
    assert "Kerala \\u003Cearly\\u003E" in html


def test_section_and_home_pages_have_matching_metadata(client, newsroom):
    section_head = parse_head(client.get("/india/"))
    assert section_head.properties("og:url") == [settings.SITE_URL + "/india/"]
    assert section_head.properties("og:type") == ["website"]
    page, crumbs = section_head.json_ld
    assert page["@type"] == "CollectionPage"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Newswire", "India"]
    home_head = parse_head(client.get("/"))
    (site,) = home_head.json_ld
    assert site["@type"] == "WebSite"
    assert site["potentialAction"]["target"]["urlTemplate"].endswith(
        "/search/?q={search_term_string}"
    )
    assert home_head.properties("og:title") == [SiteSettings.current().site_name]


def test_previews_carry_no_public_metadata(client, newsroom):
    draft = newsroom["hidden"][0]
    client.force_login(make_member("ed", EDITOR))
    head = parse_head(client.get(draft.get_absolute_url()))
    assert head.json_ld == []
    assert head.named("robots") == ["noindex"]


def test_related_stories_prefer_shared_tags_then_section(client):
    india, world = make_section(), make_section()
    story = make_article(section=india, tags=["Monsoon", "Farming"])
    both_tags = make_article(section=world, tags=["Monsoon", "Farming"])
    one_tag = make_article(section=world, tags=["Farming"])
    same_section = make_article(section=india)
    make_article(section=india, tags=["Monsoon"], status=Article.Status.DRAFT)
    make_article(section=world, tags=["Cricket"])  # unrelated
    related = client.get(story.get_absolute_url()).context["related"]
    assert [a.pk for a in related] == [both_tags.pk, one_tag.pk, same_section.pk]


def test_only_the_newest_stories_sharing_a_tag_are_ranked(client, monkeypatch):
    monkeypatch.setattr("articles.related.TAGGED_CANDIDATES", 1)
    india, world = make_section(), make_section()
    story = make_article(section=india, tags=["Monsoon", "Farming"])
    make_article(section=world, tags=["Monsoon", "Farming"])  # more in common, but older
    newer_one_tag = make_article(section=world, tags=["Farming"])
    related = client.get(story.get_absolute_url()).context["related"]
    assert [a.pk for a in related] == [newer_one_tag.pk]


def test_unchanged_article_answers_304(client, newsroom, page_cache):
    url = newsroom["live"].get_absolute_url()
    SiteSettings.current()  # created once, on a site's first request; that is a change too
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304


def test_article_edit_or_other_content_change_ends_the_304(client, newsroom, page_cache):
    live = newsroom["live"]
    SiteSettings.current()
    etag = client.get(live.get_absolute_url())["ETag"]
    live = Article.objects.get(pk=live.pk)
    live.standfirst = "Changed."
    live.save()
    changed = client.get(live.get_absolute_url(), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Changed." in changed.content.decode()

    etag = changed["ETag"]
    assert client.get(live.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    site = SiteSettings.current()
    site.tagline = "A new tagline for the footer"
    site.save()
    after = client.get(live.get_absolute_url(), headers={"if-none-match": etag})
    assert after.status_code == 200
    assert "A new tagline for the footer" in after.content.decode()


def _own_addresses(text):
    """The scheme, host and port of every absolute address in `text` on a name of this machine
    (share links carry theirs URL-encoded inside a third party's address)."""
    addresses = re.findall(r"https?://[^\s\"'<>&?#/]+", unquote(html.unescape(text)))
    own_names = {"127.0.0.1", "localhost", "testserver"}
    return {address for address in addresses if urlsplit(address).hostname in own_names}


def test_every_absolute_link_on_a_page_names_the_public_address(client, newsroom, settings):
    # As `PORT=8101 make run` configures it, a reader arriving by another name for the machine.
    settings.SITE_URL = "http://127.0.0.1:8101"
    live = newsroom["live"]
    pages = [live.get_absolute_url(), "/", "/india/", "/author/asha-rao/", "/feed/", "/feed/atom/"]
    for path in pages:
        response = client.get(path, HTTP_HOST="localhost:8101")
        assert response.status_code == 200, path
        assert _own_addresses(response.content.decode()) == {settings.SITE_URL}, path
