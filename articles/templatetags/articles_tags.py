from urllib.parse import quote, urlencode

from django import template

register = template.Library()


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
