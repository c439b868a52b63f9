"""Sitemaps (Django's sitemaps framework) for articles, sections and authors, and Google News.

/sitemap.xml is an index of one sitemap per kind, so the archive can grow past a sitemap's 50,000
addresses (the framework pages each kind with ?p=). Each language has its own: /hi/sitemap.xml
and /hi/news-sitemap.xml list the pages and stories in Hindi. Addresses are on settings.SITE_URL.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from newsroom.languages import language_codes, language_info

from .models import Article, Author, LiveStatus, Section

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


class SiteUrlSitemap(Sitemap):
    """Addresses on SITE_URL rather than the Host header of the request."""

    def get_urls(self, page=1, site=None, protocol=None):
        parts = urlsplit(settings.SITE_URL)
        return self._urls(page, parts.scheme, parts.netloc)


def _site_address(path):
    return settings.SITE_URL.rstrip("/") + path


def add_language_alternates(urls):
    """Each story's published versions in other languages, as `alternates` of its <url>
    (xhtml:link rel="alternate" hreflang, and an x-default: the default language's version, else
    the first), read in one query for the whole page of the sitemap."""
    groups = {url["item"].translation_group for url in urls}
    versions = {}
    for version in (
        Article.objects.published()
        .filter(translation_group__in=groups)
        .select_related("section")
        .only("slug", "language", "translation_group", "section__slug")
    ):
        versions.setdefault(version.translation_group, {})[version.language] = version
    for url in urls:
        found = versions.get(url["item"].translation_group, {})
        if len(found) < 2:
            continue
        ordered = [found[code] for code in language_codes() if code in found]
        url["alternates"] = [
            {
                "hreflang": language_info(version.language)["tag"],
                "location": _site_address(version.get_absolute_url()),
            }
            for version in ordered
        ]
        default = found.get(settings.LANGUAGE_CODE, ordered[0])
        url["alternates"].append(
            {"hreflang": "x-default", "location": _site_address(default.get_absolute_url())}
        )
    return urls


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .in_language()
            .select_related("section")
            .only(
                *("slug", "language", "translation_group", "publish_at", "revised_at"),
                "section__slug",
            )
            .order_by("-publish_at", "-id")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        return add_language_alternates(super().get_urls(page, site, protocol))

    def lastmod(self, item):
        # The time readers see as "Updated" (or the publication time), as on the page.
        if item.revised_at and item.revised_at > item.publish_at:
            return item.revised_at
        return item.publish_at


class SectionSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self):
        # Each language's sitemap lists the sections' pages in that language (/hi/national/).
        return Section.objects.annotate(latest=latest_publication()).order_by("position", "name")

    def lastmod(self, item):
        return item.latest


class AuthorSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        # Only authors with a published story: an empty author page is not worth a crawl.
        return (
            Author.objects.filter(
                Exists(Article.objects.published().in_language().filter(authors=OuterRef("pk")))
            )
            .annotate(latest=latest_publication())
            .order_by("name")
        )

    def lastmod(self, item):
        return item.latest


class NewsSitemap(SiteUrlSitemap):
    """Google News: stories of the last 48 hours and stories still covered live (their page
    changes by the minute, whenever they were first published), at most 1,000, newest first."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - NEWS_SITEMAP_WINDOW
        return (
            Article.objects.published()
            .in_language()
            .filter(Q(publish_at__gte=since) | Q(live_status=LiveStatus.LIVE))
            .select_related("section")
            .only("headline", "slug", "language", "publish_at", "section__slug")
            .order_by("-publish_at", "-id")[:NEWS_SITEMAP_LIMIT]
        )

    def lastmod(self, item):
        return item.publish_at


def latest_publication():
    """When the newest published story of a section or author in the sitemap's language went out
    (for <lastmod>)."""
    return Max(
        "articles__publish_at", filter=Q(articles__in=Article.objects.published().in_language())
    )


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}
