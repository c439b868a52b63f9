from django import template
from django.utils.safestring import mark_safe

from ticker.strip import current_strip, render_strip

register = template.Library()


@register.simple_tag
def ticker():
    """The breaking-news strip, or nothing when no item is live; ticker.js keeps it current."""
    # Our own template's output, escaped as it was rendered.
    return mark_safe(render_strip(current_strip(), "ticker/slot.html"))
