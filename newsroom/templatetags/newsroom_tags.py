"""The site's local-time filters (from newsroom.clock, so pages, feeds and structured data
agree)."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from newsroom import clock as site_clock
from newsroom.languages import (
    current_language,
    language_codes,
    language_info,
    language_name,
    page_versions,
)
from newsroom.text import xml_safe as _xml_safe

register = template.Library()

register.filter("clock", site_clock.clock)
register.filter("dateline", site_clock.dateline)
register.filter("iso_local", site_clock.iso_local)
register.filter("long_date", site_clock.long_date)
register.filter("zone_name", site_clock.zone_name)


@register.filter(is_safe=True)
def xml_safe(value):
    """Text for an XML document (a sitemap): without the control characters XML 1.0 forbids."""
    return _xml_safe(str(value)) if value is not None else ""


@register.simple_tag
def page_language_tag():
    """The page's language tag (lang="hi-IN"), for pages rendered without the context
    processors (500.html)."""
    return language_info(current_language())["tag"]


@register.simple_tag
def time_zone_name():
    """The site zone's abbreviation now ('IST'), for labels."""
    return site_clock.zone_abbreviation()


@register.simple_tag
def time_zone_key():
    """The site zone's IANA name, for the header clock's script (data-time-zone)."""
    return site_clock.zone_key()


ICONS = frozenset(
    {
        "facebook",
        "x",
        "instagram",
        "youtube",
        "whatsapp",
        "linkedin",
        "email",
        "link",
        "search",
        "close",
        "pause",
        "play",
    }
)


@register.simple_tag
def icon(name, css_class=""):
    """An icon from the sprite (static/img/icons.svg, docs/icons.md): decoration only, so the
    link or button around it must carry the name in words. Built here, not with an include: the
    header and the share links show a dozen on every page."""
    if name not in ICONS:
        raise ValueError(f"no icon {name!r} in static/img/icons.svg")
    return format_html(
        '<svg class="icon{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        f" {css_class}" if css_class else "",
        static("img/icons.svg"),
        name,
    )


@register.filter
def network_glyph(network):
    """A network's mark for its badge (a filter, not an include: the header and the share links
    show a dozen of them on every page); nothing for a network without one."""
    return icon(network) if network in ICONS else ""


def _site_address(path):
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language version of the page and an
    x-default (the default language's, else the first): a story's published versions
    (`language_versions` in the context, {code: path}), else the page's address in each
    language (newsroom.languages.page_versions)."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    versions = page_versions(request, context.get("language_versions"))
    alternates = [
        {"hreflang": language_info(code)["tag"], "href": _site_address(path)}
        for code, path in versions
    ]
    if versions:
        default = dict(versions).get(settings.LANGUAGE_CODE, versions[0][1])
        alternates.append({"hreflang": "x-default", "href": _site_address(default)})
    return {"alternates": alternates}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages (a story's other published versions; for a
    story without one, that language's home page), each named in its own language."""
    request = context.get("request")
    current = current_language()
    if request is None or len(language_codes()) < 2:
        return {"links": []}
    story_versions = context.get("language_versions")
    versions = dict(page_versions(request, story_versions))
    links = []
    for code in language_codes():
        if code == current:
            continue
        with translation.override(code):
            home = reverse("articles:home")
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "tag": language_info(code)["tag"],
                "href": versions.get(code, home),
            }
        )
    return {"links": links}


@register.simple_tag
def clock_language_attributes():
    """data- attributes for the header clock's script on a page whose language it cannot format
    with Intl alone (Hindi: our month names and parts of the day)."""
    words = site_clock.clock_words()
    if words is None:
        return ""
    return format_html(
        ' data-clock-months="{}" data-clock-day-parts="{}" data-clock-digits="{}"',
        words["months"],
        words["day_parts"],
        words["digits"],
    )
