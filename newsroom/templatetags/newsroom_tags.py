"""The site's local-time filters (from newsroom.clock, so pages, feeds and structured data
agree)."""

from django import template
from django.templatetags.static import static
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
