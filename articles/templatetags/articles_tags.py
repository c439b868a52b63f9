from html import escape
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from images.templatetags.images_tags import figure
from newsroom.clock import dateline, iso_local

from ..body import render_body
from ..models import Article, LiveStatus

register = template.Library()


def _text(value):
    """`value` escaped for HTML as Django's conditional_escape does (safe strings pass as they are),
    without its lazy-string checks."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def live_label():
    return format_html('<span class="label label--live">{}</span> ', _("Live"))


@register.simple_tag
def article_body(article):
    """The article's sanitised body with its body images as figures after their paragraphs."""
    return render_body(article)


@register.inclusion_tag("articles/_rail_latest.html")
def rail_latest(limit=6):
    """The newest stories for an article page's rail: one query (cache it with {% cache %}: it is
    the same on every story page)."""
    stories = (
        Article.objects.published()
        .in_language()
        .select_related("section")
        .only(
            "id",
            "slug",
            "language",
            "headline",
            "publish_at",
            "section",
            "section__slug",
            "section__name",
            "section__translations",
        )
        .order_by("-publish_at")[:limit]
    )
    return {"stories": list(stories)}


@register.inclusion_tag("includes/share_links.html")
def share_links(article, url):
    """Share links built on the server as plain URLs: no third-party script, no tracking."""
    title = article.headline
    links = [
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        (
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        (
            "email",
            _("email"),
            f"mailto:?subject={quote(title)}&body={quote(title + chr(10) + chr(10) + url)}",
        ),
    ]
    return {"links": links, "url": url, "headline": title}


def byline_html(authors, site_settings):
    """The authors' handles as links, or the house handle for a story without an author."""
    if authors:
        return mark_safe(  # every value is escaped
            ", ".join(
                f'<a class="byline__handle" rel="author" href="{escape(author.get_absolute_url())}"'
                f">@{escape(author.handle)}</a>"
                for author in authors
            )
        )
    handle = getattr(site_settings, "byline_handle", "")
    return format_html('<span class="byline__handle">@{}</span>', handle)


@register.simple_tag(takes_context=True)
def byline(context, article):
    """The story's byline handles (prefetch `authors` in a listing)."""
    return byline_html(list(article.authors.all()), context.get("site_settings"))


@register.simple_tag(takes_context=True)
def teaser(context, article, lead=False, compact=False, show_section=False, heading_level=3):
    """A story's teaser for listings (`lead`, `compact`, `show_section`: the ways it is shown).

    `heading_level` follows the page's outline: 2 where teasers sit right under the page's h1
    (section, author and tag listings), 3 under a block's h2 (the home page).

    Built in Python, not with a template: the home page renders 43 of them on every cold render
    and the template engine (an include, an inclusion tag and a loop per teaser) cost about
    0.25 ms each, most of the cold home page (issue 18); then f-strings rather than format_html,
    with the links (newsroom.links), datelines and picture URLs remembered by their arguments:
    0.43 -> 0.13 ms a teaser."""
    if heading_level not in (2, 3):
        raise ValueError(f"a teaser's headline is an h2 or an h3, not h{heading_level}")
    # f-strings with every value escaped (html.escape, as Django's escape): format_html's lazy
    # checks cost more than the markup itself, 43 times on a cold home page.
    media = ""
    if article.lead_image and not compact:
        if lead:
            image = figure(article.lead_image, lead=True, sizes="lead-teaser", show_caption=False)
        else:
            image = figure(article.lead_image, sizes="teaser", show_caption=False)
        media = f'<div class="teaser__media">{image}</div>'
    kicker = ""
    if show_section:
        section = article.section
        kicker = (
            f'<p class="kicker"><a href="{escape(section.get_absolute_url())}">'
            f"{_text(section.name)}</a></p>"
        )
    url = escape(article.get_absolute_url())
    # A story covered live (Article.live_status, kept by the live app) says so before its headline.
    live = live_label() if article.live_status == LiveStatus.LIVE else ""
    if lead:
        headline = (
            f'<h2 class="teaser__headline teaser__headline--lead">{live}<a href="{url}">'
            f"{_text(article.headline)}</a></h2>"
        )
    else:
        headline = (
            f'<h{heading_level} class="teaser__headline">{live}<a href="{url}">'
            f"{_text(article.headline)}</a></h{heading_level}>"
        )
    standfirst = ""
    if article.standfirst and not compact:
        standfirst = f'<p class="teaser__standfirst">{_text(article.standfirst)}</p>'
    byline = byline_html(list(article.authors.all()), context.get("site_settings"))
    published = article.publish_at
    return mark_safe(  # every value is escaped
        f'<article class="teaser{" teaser--lead" if lead else ""}">{media}'
        f'<div class="teaser__text">{kicker}{headline}{standfirst}'
        f'<p class="teaser__meta">{byline} · <time datetime="{escape(iso_local(published))}">'
        f"{escape(dateline(published))}</time></p></div></article>"
    )
