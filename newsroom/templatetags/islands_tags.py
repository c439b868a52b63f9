from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.islands import get_island

register = template.Library()


@register.simple_tag
def island(name, key=None):
    """`{% island "ticker" %}`, `{% island "comments" article.pk %}`: the island's current state
    inside a container that static/js/islands.js keeps current. Without JavaScript the reader
    sees the state as of the page's render."""
    found = get_island(name)
    if found is None:
        raise template.TemplateSyntaxError(f"No island is registered as {name!r}.")
    rendered = found.current(key)
    classes = " ".join(filter(None, ["island", found.css_class]))
    if rendered is None:
        return ""
    return format_html(
        '<div class="{}" data-island="{}" data-island-src="{}" data-island-etag="{}" '
        'data-island-poll="{}" data-island-built="{}"{}>{}</div>',
        classes,
        found.name,
        found.url(key),
        rendered.etag,
        found.poll,
        int(rendered.built_at),
        mark_safe(" data-island-announce-changes") if found.announce else "",
        # Our own template's output, escaped as it was rendered.
        mark_safe(rendered.html),
    )
