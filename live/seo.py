"""LiveBlogPosting structured data for a story covered live (schema.org; what search engines read
to show a "Live" badge and the latest updates)."""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles import seo
from newsroom.clock import iso_local

# Search engines read the newest updates; a long day's coverage need not all be in the page head.
UPDATES_IN_STRUCTURED_DATA = 50


def live_blog_posting(view):
    """The LiveBlogPosting of a coverage (a `selectors.CoverageView`)."""
    coverage, article = view.coverage, view.coverage.article
    url = seo.absolute_url(article.get_absolute_url())
    newest = sorted(
        [entry for entry in (view.pinned, *view.entries) if entry is not None],
        key=lambda entry: (entry.posted_at, entry.pk),
        reverse=True,
    )[:UPDATES_IN_STRUCTURED_DATA]
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": f"{url}#live",
        "url": url,
        "headline": article.headline,
        "description": seo.article_description(article),
        "coverageStartTime": iso_local(coverage.started_at),
        "datePublished": iso_local(article.publish_at),
        "dateModified": iso_local(newest[0].posted_at if newest else coverage.started_at),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "liveBlogUpdate": [_update(entry, url) for entry in newest],
    }
    if coverage.ended_at:
        data["coverageEndTime"] = iso_local(coverage.ended_at)
    return data


def _update(entry, page_url):
    text = " ".join(strip_tags(entry.body).split()) or entry.quote or entry.embed_url
    update = {
        "@type": "BlogPosting",
        "@id": f"{page_url}#{entry.anchor}",
        "url": f"{page_url}#{entry.anchor}",
        "headline": entry.title or Truncator(text or str(entry)).chars(110),
        "datePublished": iso_local(entry.posted_at),
    }
    if entry.edited_at:
        update["dateModified"] = iso_local(entry.edited_at)
    if text:
        update["articleBody"] = text
    return update
