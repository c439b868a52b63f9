"""Metadata for search engines, aggregators and social cards: absolute URLs, images, JSON-LD.

Every absolute address is built from settings.SITE_URL, so canonical links, feeds, sitemaps and
structured data name the same host whatever Host header a request arrived with. Times go through
the same `iso_local` filter as the visible dateline, so they always agree with the page.
"""

import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.clock import iso_local
from newsroom.languages import language_info

# The committed images used when a page has none of its own (sizes are the files' own).
LOGO = {"path": "img/logo.png", "width": 600, "height": 60, "mime": "image/png"}
SHARE_CARD = {"path": "img/share-card.png", "width": 1200, "height": 630, "mime": "image/png"}

# Characters that could end a <script> element or start markup inside it, as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path):
    """`path` (from reverse(), get_absolute_url() or static()) on the site's public address."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def static_image(image):
    return {
        "url": absolute_url(static(image["path"])),
        "width": image["width"],
        "height": image["height"],
        "mime": image["mime"],
        "length": None,
    }


def lead_image_info(article, *, with_length=False):
    """The article's lead image as {url, width, height, mime, length}, or None.

    Uses the largest WebP rendition, never the original upload: renditions carry no EXIF or GPS
    data. `length` (bytes, for feed enclosures) asks the storage, so only feeds request it.
    """
    image = getattr(article, "lead_image", None)
    rendition = image.largest_rendition if image is not None else None
    if rendition is None:
        return None
    return {
        "url": absolute_url(default_storage.url(rendition["name"])),
        "width": rendition["width"],
        "height": rendition["height"],
        "mime": "image/webp",
        "length": _stored_size(rendition["name"]) if with_length else None,
        "alt": image.alt_text,
    }


def _stored_size(name):
    try:
        return default_storage.size(name)
    except OSError:
        return None


def share_image(article=None):
    """The image a social card or JSON-LD shows: the lead image, else the site's card."""
    return (article is not None and lead_image_info(article)) or static_image(SHARE_CARD)


def json_ld(data):
    """A `<script type="application/ld+json">` element; the JSON cannot break out of it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


def publisher(site_settings):
    logo = static_image(LOGO)
    return {
        "@type": "NewsMediaOrganization",
        "name": site_settings.site_name,
        "url": absolute_url(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": logo["url"],
            "width": logo["width"],
            "height": logo["height"],
        },
    }


def breadcrumbs(*crumbs):
    """BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def modified_time(article):
    """When the story last changed for readers: the "Updated" time if shown, else publication."""
    return article.revised_at if article.shows_updated else article.publish_at


def article_description(article):
    return article.summary or article.headline


def correction_notices(article):
    """schema.org CorrectionComment for each of the story's corrections, oldest first."""
    if not article.corrected_at:  # kept by articles.corrections: no correction, no query
        return []
    url = absolute_url(article.get_absolute_url())
    return [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": iso_local(correction.corrected_at),
            "url": f"{url}#correction-{correction.pk}",
        }
        for correction in article.corrections.all()
    ]


def article_structured_data(article, site_settings):
    """NewsArticle and BreadcrumbList for an article page (authors, tags and corrections
    prefetched)."""
    url = absolute_url(article.get_absolute_url())
    image = share_image(article)
    authors = [
        {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
        for author in article.authors.all()
    ] or [{"@type": "Organization", "name": site_settings.site_name}]
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article_description(article),
        "image": [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
            }
        ],
        "datePublished": iso_local(article.publish_at),
        "dateModified": iso_local(modified_time(article)),
        "author": authors,
        "publisher": publisher(site_settings),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": language_info(article.language)["tag"],
    }
    if article.dateline_place:
        news_article["dateline"] = article.dateline_place
    if corrections := correction_notices(article):
        news_article["correction"] = corrections
    crumbs = breadcrumbs(
        (site_settings.site_name, reverse("articles:home")),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    )
    return [news_article, crumbs]


def section_structured_data(section, site_settings):
    return [
        {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": section.name,
            "description": section.description or section.name,
            "url": absolute_url(section.get_absolute_url()),
            "isPartOf": {"@type": "WebSite", "name": site_settings.site_name},
            "publisher": publisher(site_settings),
        },
        breadcrumbs(
            (site_settings.site_name, reverse("articles:home")),
            (section.name, section.get_absolute_url()),
        ),
    ]


def home_structured_data(site_settings):
    home = absolute_url(reverse("articles:home"))
    return [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site_settings.site_name,
            "description": site_settings.tagline,
            "url": home,
            "publisher": publisher(site_settings),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": absolute_url(reverse("search")) + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    ]
