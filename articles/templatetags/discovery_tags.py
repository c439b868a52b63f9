"""Metadata for the <head> (canonical, Open Graph, Twitter card, JSON-LD), related stories, the
search box and the sections bar."""

from urllib.parse import urlsplit

from django import template
from django.db.models import prefetch_related_objects
from django.urls import reverse

from articles import seo
from articles.models import Section
from articles.people import with_people
from articles.related import related_articles as find_related
from articles.search import MAX_QUERY_LENGTH

register = template.Library()


def _x_handle(site_settings):
    """'@newswire' from the site's X address, for twitter:site; '' when there is none."""
    path = urlsplit(site_settings.x_url).path.strip("/") if site_settings.x_url else ""
    return f"@{path.split('/')[0]}" if path else ""


def _common(context, *, title, description, path, image):
    site_settings = context["site_settings"]
    return {
        "site_settings": site_settings,
        "title": title,
        "description": description,
        "canonical": seo.absolute_url(path),
        "image": image,
        "x_handle": _x_handle(site_settings),
        "page_language": context.get("page_language"),
    }


@register.inclusion_tag("includes/seo_article.html", takes_context=True)
def article_meta(context, article):
    # Authors, tags and corrections, read once here for everything on the page that shows them.
    # Corrections only when it has some (corrected_at says so): most stories pay no query for them.
    with_people(article)  # kept per story until its authors or tags change (articles.people)
    if article.corrected_at:
        prefetch_related_objects([article], "corrections")
    site_settings = context["site_settings"]
    data = _common(
        context,
        title=article.headline,
        description=seo.article_description(article),
        path=article.get_absolute_url(),
        image=seo.share_image(article),
    )
    data.update(
        article=article,
        modified=seo.modified_time(article),
        author_urls=[seo.absolute_url(a.get_absolute_url()) for a in article.authors.all()],
        structured_data=[
            seo.json_ld(item) for item in seo.article_structured_data(article, site_settings)
        ],
    )
    return data


@register.inclusion_tag("includes/seo_page.html", takes_context=True)
def section_meta(context, section):
    site_settings = context["site_settings"]
    data = _common(
        context,
        title=f"{section.name} | {site_settings.site_name}",
        description=section.description or f"{section.name} news from {site_settings.site_name}",
        path=section.get_absolute_url(),
        image=seo.share_image(),
    )
    data["structured_data"] = [
        seo.json_ld(item) for item in seo.section_structured_data(section, site_settings)
    ]
    return data


@register.inclusion_tag("includes/seo_page.html", takes_context=True)
def home_meta(context):
    site_settings = context["site_settings"]
    data = _common(
        context,
        title=site_settings.site_name,
        description=site_settings.tagline or site_settings.site_name,
        path=reverse("articles:home"),
        image=seo.share_image(),
    )
    structured_data = seo.home_structured_data(site_settings)
    data["structured_data"] = [seo.json_ld(item) for item in structured_data]
    return data


@register.inclusion_tag("includes/related_articles.html")
def related_articles(article):
    """The related stories block (the article page keeps it in a {% cache %} fragment)."""
    return {"related": find_related(article)}


@register.inclusion_tag("includes/search_box.html", takes_context=True)
def search_box(context):
    """The header's search form, holding the query on the results page."""
    request = context.get("request")
    query = request.GET.get("q", "") if request and request.path == reverse("search") else ""
    return {"query": query, "max_query_length": MAX_QUERY_LENGTH}


@register.filter
def absolute(path):
    """A site path as an absolute URL on SITE_URL."""
    return seo.absolute_url(str(path))


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The sections bar, with the page's own entry marked."""
    request = context.get("request")
    section = context.get("section")
    if request is not None and request.path == "/":
        current = "home"
    elif isinstance(section, Section):
        current = section.pk
    else:
        current = None
    return {"sections": context.get("navigation_sections", ()), "current": current}
