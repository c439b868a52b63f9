"""RSS 2.0 and Atom feeds, site-wide, per section and per author (Django's syndication framework).

Links are absolute on settings.SITE_URL (see articles.seo), and times are given in the site's
zone, so a feed reader shows the same time as the article's dateline.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from newsroom import clock
from newsroom.languages import current_language, language_info
from newsroom.models import SiteSettings
from newsroom.text import xml_safe_value

from . import corrections, seo
from .models import Article, Author, LiveStatus, Section

FEED_LENGTH = 30


class XmlSafeFeedMixin:
    """Text without the control characters XML 1.0 forbids: Django's feed writer refuses them
    (a 500), and one pasted into a headline before they were stripped on save must not take
    every feed down."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *(xml_safe_value(value) for value in args),
            **{name: xml_safe_value(value) for name, value in kwargs.items()},
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(xml_safe_value(value) for value in args),
            **{name: xml_safe_value(value) for name, value in kwargs.items()},
        )


class XmlSafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


class LatestArticlesFeed(Feed):
    """The newest published stories of the whole site (RSS 2.0)."""

    feed_type = XmlSafeRssFeed
    route_name = "feed"

    @property
    def language(self):
        # The address's language: /hi/feed/ has the Hindi stories and says so.
        return language_info(current_language())["tag"]

    def get_object(self, request, *args, **kwargs):
        return None

    def _site(self):
        return SiteSettings.current()

    def title(self, obj):
        return self._site().site_name

    def description(self, obj):
        return self._site().tagline or self._site().site_name

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return seo.absolute_url(reverse("articles:home"))

    def feed_url(self, obj):
        return seo.absolute_url(reverse(self.route_name, kwargs=self.route_kwargs(obj)))

    def route_kwargs(self, obj):
        return {}

    def author_name(self, obj):
        return self._site().site_name

    def feed_copyright(self, obj):
        return f"© {clock.local().year} {self._site().site_name}"

    def filter_articles(self, articles, obj):
        return articles

    def items(self, obj):
        articles = (
            Article.objects.published()
            .in_language()
            .defer("search_document")
            .select_related("section", "lead_image")
            .prefetch_related("authors", "tags")
        )
        return self.filter_articles(articles, obj).order_by("-publish_at", "-id")[:FEED_LENGTH]

    def item_title(self, item):
        # A story covered live says so, as its teasers do (the live app keeps live_status).
        return f"Live: {item.headline}" if item.live_status == LiveStatus.LIVE else item.headline

    def item_description(self, item):
        # The whole standfirst (or the body's opening without one): aggregators show it as the
        # summary, and it is plain text.
        return seo.article_description(item)

    def item_link(self, item):
        return seo.absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return seo.absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return clock.local(item.publish_at)

    def item_updateddate(self, item):
        return clock.local(seo.modified_time(item))

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        return ", ".join(names) or self._site().site_name

    def item_author_link(self, item):
        authors = list(item.authors.all())
        if len(authors) == 1:
            return seo.absolute_url(authors[0].get_absolute_url())
        return None

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        image = seo.lead_image_info(item, with_length=True)
        if image is None:
            return []
        return [Enclosure(image["url"], str(image["length"] or 0), image["mime"])]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = XmlSafeAtomFeed
    route_name = "feed-atom"


class SectionFeed(LatestArticlesFeed):
    route_name = "section-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def route_kwargs(self, obj):
        return {"slug": obj.slug}

    def title(self, obj):
        return f"{obj.name} | {self._site().site_name}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {self._site().site_name}."

    def link(self, obj):
        return seo.absolute_url(obj.get_absolute_url())

    def filter_articles(self, articles, obj):
        return articles.filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = XmlSafeAtomFeed
    route_name = "section-feed-atom"


class AuthorFeed(LatestArticlesFeed):
    route_name = "author-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def route_kwargs(self, obj):
        return {"slug": obj.slug}

    def title(self, obj):
        return f"{obj.name} | {self._site().site_name}"

    def description(self, obj):
        return f"The latest stories by {obj.name} for {self._site().site_name}."

    def link(self, obj):
        return seo.absolute_url(obj.get_absolute_url())

    def filter_articles(self, articles, obj):
        return articles.filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = XmlSafeAtomFeed
    route_name = "author-feed-atom"


class CorrectionsFeed(LatestArticlesFeed):
    """Each correction to a published story as it is made, newest first: one item per correction,
    linking to it under its story."""

    route_name = "corrections-feed"

    def title(self, obj):
        return f"Corrections | {self._site().site_name}"

    def description(self, obj):
        return f"Corrections to stories published by {self._site().site_name}, newest first."

    def link(self, obj):
        return seo.absolute_url(reverse("articles:corrections"))

    def items(self, obj):
        return corrections.published_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return f"Correction: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return seo.absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return seo.absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return clock.local(item.corrected_at)

    def item_updateddate(self, item):
        return clock.local(item.corrected_at)

    def item_author_name(self, item):
        return self._site().site_name

    def item_author_link(self, item):
        return None

    def item_categories(self, item):
        return [item.article.section.name]

    def item_enclosures(self, item):
        return []


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = XmlSafeAtomFeed
    route_name = "corrections-feed-atom"
