from urllib.parse import quote, urlencode

from django import template

from ..body import render_body

register = template.Library()


@register.simple_tag
def article_body(article):
    """The article's sanitised body with its body images as figures after their paragraphs."""
    return render_body(article)


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
            "email",
            f"mailto:?subject={quote(title)}&body={quote(title + chr(10) + chr(10) + url)}",
        ),
    ]
    return {"links": links, "url": url, "headline": title}


@register.inclusion_tag("includes/byline.html")
def byline(article):
    return {"article": article, "authors": list(article.authors.all())}


@register.inclusion_tag("includes/article_teaser.html", takes_context=True)
def teaser(context, article, lead=False, compact=False, show_section=False, heading_level=3):
    """A story's teaser for listings (`lead`, `compact`, `show_section`: the ways it is shown).

    `heading_level` follows the page's outline: 2 where teasers sit right under the page's h1
    (section, author and tag listings), 3 under a block's h2 (the home page)."""
    if heading_level not in (2, 3):
        raise ValueError(f"a teaser's headline is an h2 or an h3, not h{heading_level}")
    return {
        "article": article,
        "lead": lead,
        "compact": compact,
        "show_section": show_section,
        "heading_level": heading_level,
        "site_settings": context.get("site_settings"),
    }
