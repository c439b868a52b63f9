"""The one set of filters that turns stored UTC times into the site's local time on pages (the
header clock, datelines, feeds and structured data all go through these, so they agree), and
{% sharedfragment %}, which renders a part of a page once for every reader.
"""

import hashlib

from django import template
from django.template import RequestContext
from django.utils import timezone
from django.utils.dateformat import format as date_format

from newsroom.cache import cached_fragment

register = template.Library()


def _local(value):
    if value is None or value == "":
        return None
    return timezone.localtime(value)


@register.filter
def clock(value):
    """'February 04, 2026 06:22 am' — the header's date and time."""
    local = _local(value)
    if local is None:
        return ""
    return f"{date_format(local, 'F d, Y h:i')} {date_format(local, 'A').lower()}"


@register.filter
def dateline(value):
    """'Jan 12, 2026, at 11:48 pm' — when a story was published or updated."""
    local = _local(value)
    if local is None:
        return ""
    day, time = date_format(local, "M j, Y"), date_format(local, "g:i")
    return f"{day}, at {time} {date_format(local, 'A').lower()}"


@register.filter
def iso_local(value):
    """ISO 8601 with the site's offset ('2026-01-12T23:48:00+05:30') for machines."""
    local = _local(value)
    if local is None:
        return ""
    return local.replace(microsecond=0).isoformat()


@register.filter
def zone_name(value):
    """The local zone's abbreviation at that moment ('IST')."""
    local = _local(value)
    return local.strftime("%Z") if local else ""


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
