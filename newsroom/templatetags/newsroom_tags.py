"""The site's local-time filters (from newsroom.clock, so pages, feeds and structured data
agree)."""

from django import template
from django.utils.html import format_html

from newsroom import clock as site_clock
from newsroom.text import xml_safe as _xml_safe

register = template.Library()

register.filter("clock", site_clock.clock)
register.filter("dateline", site_clock.dateline)
register.filter("iso_local", site_clock.iso_local)
register.filter("zone_name", site_clock.zone_name)


@register.filter(is_safe=True)
def xml_safe(value):
    """Text for an XML document (a sitemap): without the control characters XML 1.0 forbids."""
    return _xml_safe(str(value)) if value is not None else ""


@register.simple_tag
def time_zone_name():
    """The site zone's abbreviation now ('IST'), for labels."""
    return site_clock.zone_abbreviation()


@register.simple_tag
def time_zone_key():
    """The site zone's IANA name, for the header clock's script (data-time-zone)."""
    return site_clock.zone_key()


# A network's short mark: decoration; the link around it carries the name in words.
NETWORK_GLYPHS = {
    "facebook": "f",
    "x": "X",
    "instagram": "ig",
    "youtube": "yt",
    "whatsapp": "wa",
    "linkedin": "in",
    "email": "@",
}


@register.filter
def network_glyph(network):
    """`<span aria-hidden="true">f</span>` for a network's badge (a filter, not an include: the
    header and the share links show a dozen of them on every page)."""
    return format_html('<span aria-hidden="true">{}</span>', NETWORK_GLYPHS.get(network, ""))
