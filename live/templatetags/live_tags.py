from django import template
from django.conf import settings
from django.utils.html import format_html

from articles.seo import json_ld
from newsroom.clock import hindi_time, local
from newsroom.languages import current_language

from ..embeds import describe
from ..selectors import coverage_for_readers
from ..seo import live_blog_posting

register = template.Library()


@register.inclusion_tag("live/coverage.html")
def live_coverage(article):
    """A live story's coverage on its page: the "new updates" button, the status region that
    announces them, and the live island itself (live/islands.py). Print it only for a story whose
    `live_status` says it has coverage, so other stories cost nothing."""
    return {
        "article": article,
        # The "Follow" buttons need the key browsers sign up with (none: no buttons).
        "push_key": settings.VAPID_PUBLIC_KEY,
    }


@register.filter
def entry_time(value):
    """'11:48 am': when an entry was posted, in the site's zone."""
    if not value:
        return ""
    value = local(value)
    if current_language() == "hi":
        return hindi_time(value)  # 'रात 11:48': the part of the day, as Hindi says it
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


@register.simple_tag
def live_embed(entry):
    """An embedded post, click-to-load: a link to the post, and for providers we may frame, a
    button (shown by static/js/live.js) that loads it in place."""
    embed = describe(entry.embed_url)
    if embed is None:
        return ""
    button = ""
    if embed.frame_src:
        button = format_html(
            '<button type="button" class="btn btn-secondary live-embed__load" data-embed-src="{}" '
            'data-embed-title="{}" hidden>Load the post here</button>'
            '<span class="live-embed__note" hidden>Loading it lets {} know you are reading.</span>',
            embed.frame_src,
            f"Post on {embed.provider}",
            embed.provider,
        )
    return format_html(
        '<div class="live-embed"><p class="live-embed__source">Post on {}</p>'
        '<a class="live-embed__link" href="{}" rel="noopener noreferrer nofollow">'
        "View the post on {}</a>{}</div>",
        embed.provider or embed.host,
        embed.url,
        embed.host,
        button,
    )


@register.simple_tag
def live_structured_data(article):
    """The story's LiveBlogPosting (JSON-LD) for its page's head, beside its NewsArticle."""
    view = coverage_for_readers(article.pk)
    return json_ld(live_blog_posting(view)) if view is not None else ""
