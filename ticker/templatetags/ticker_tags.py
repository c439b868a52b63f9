from django import template

from ticker.strip import current_strip

register = template.Library()


@register.inclusion_tag("ticker/slot.html")
def ticker():
    """The breaking-news strip, or nothing when no item is live; ticker.js keeps it current."""
    return {"strip": current_strip()}
