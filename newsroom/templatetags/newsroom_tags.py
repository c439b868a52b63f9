"""The site's local-time filters (from newsroom.clock, so pages, feeds and structured data
agree) and {% sharedfragment %}, which renders a part of a page once for every reader.
"""

import hashlib

from django import template
from django.template import RequestContext

from newsroom import clock as site_clock
from newsroom.cache import cached_fragment
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


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        if not isinstance(context, RequestContext):
            # Rendered outside a request (an error page, an email): the site-wide context the
            # shared copy was made with may be missing, so render it and keep nothing.
            return self.nodelist.render(context)
        parts = [str(self.name.resolve(context))]
        parts.extend(str(value.resolve(context)) for value in self.vary_on)
        name = ":".join(parts)
        if len(name) > 120:  # a key of fixed length, whatever the values
            name = f"{parts[0]}:{hashlib.sha256(name.encode()).hexdigest()}"
        return cached_fragment(name, lambda: self.nodelist.render(context))


@register.tag
def sharedfragment(parser, token):
    """Render a part of a page once per content version and reuse it for every reader:

        {% sharedfragment "story-head" article.pk %}...{% endsharedfragment %}

    The name and the values after it make the key. Everything inside must be the same for every
    reader with those values: nothing from the request or the user, no CSRF token, no messages.
    Only pages rendered for a request (with the context processors) share their fragments.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
