"""The one set of filters that turns stored UTC times into the site's local time on pages.

The header clock, datelines, feeds and structured data all go through these, so they agree.
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

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
