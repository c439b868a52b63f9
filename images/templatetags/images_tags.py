from functools import lru_cache
from html import escape

from django import template
from django.core.files.storage import FileSystemStorage
from django.utils.safestring import mark_safe

from ..services import image_make_crops, image_make_renditions

register = template.Library()

# What the CSS lays out: the story column is at most 48rem; teaser grids are 1, 2 or 4 across.
SIZES = {
    "story": "(min-width: 52rem) 48rem, calc(100vw - 2rem)",
    "teaser": "(min-width: 1024px) 17rem, (min-width: 768px) 45vw, calc(100vw - 2rem)",
    "lead-teaser": "(min-width: 72rem) 46rem, (min-width: 768px) 64vw, calc(100vw - 2rem)",
}

# Teaser cards show every picture at 3:2 (site.css): they get the renditions cut to it around the
# focal point, so a phone downloads what the card shows, not the whole frame.
CROPPED_SIZES = {"teaser", "lead-teaser"}


def _renditions(image):
    if not image.renditions:
        # Only for an image stored before its renditions were made (an import, a failed
        # upload step): made once here and recorded, so later views do not make them again.
        image_make_renditions(image=image)
    storage = image.file.storage
    return [
        {**rendition, "url": _url(storage, rendition["name"])} for rendition in image.renditions
    ]


def _crops(image):
    if not image.renditions:
        image_make_renditions(image=image)  # makes the 3:2 ones too
    elif not image.crops_are_current:
        # Only for a picture stored before 3:2 renditions existed: made once here and recorded.
        image_make_crops(image=image)
    storage = image.file.storage
    return [{**crop, "url": _url(storage, crop["name"])} for crop in image.crops]


def _url(storage, name):
    """storage.url(name); on the local disk remembered by the media URL and the name (a
    rendition's name never changes meaning: it carries the picture's content hash), since
    Django's urljoin costs more than the rest of a teaser's picture. Other storages (S3, whose
    links may be signed) are asked each time."""
    if isinstance(storage, FileSystemStorage) and storage.url.__func__ is FileSystemStorage.url:
        return _filesystem_url(storage, storage.base_url, name)
    return storage.url(name)


@lru_cache(maxsize=16384)
def _filesystem_url(storage, _base_url, name):
    return storage.url(name)


def figure_html(context):
    """The <figure> of `figure`'s context, built in Python: a listing renders dozens of them
    on a cold page, and the template engine cost several times the work itself (issue 18).
    f-strings with every value escaped (html.escape, as Django's escape): format_html's lazy
    checks cost more than the markup."""
    image = context.get("image")
    if not image:
        return ""
    lead = context["lead"]
    css = "figure" + (" figure--lead" if lead else "")
    if context["css_class"]:
        css += " " + context["css_class"]
    loading = 'fetchpriority="high" loading="eager"' if lead else 'loading="lazy"'
    caption, credit = context["caption"], context["credit"]
    figcaption = ""
    if caption or credit:
        text = f'<span class="figure__text">{_text(caption)}</span>' if caption else ""
        if credit:
            text += (
                '<span class="figure__credit"><span class="visually-hidden">Credit: </span>'
                f"{_text(credit)}</span>"
            )
        figcaption = f'<figcaption class="figure__caption">{text}</figcaption>'
    return mark_safe(  # every value is escaped
        f'<figure class="{_text(css)}"><img class="{_text(image.focal_classes)}" '
        f'src="{_text(context["src"])}" srcset="{_text(context["srcset"])}" '
        f'sizes="{_text(context["sizes"])}" width="{_text(context["width"])}" '
        f'height="{_text(context["height"])}" alt="{_text(image.alt_text)}" {loading} '
        f'decoding="async">{figcaption}</figure>'
    )


def _text(value):
    """`value` escaped for HTML as Django's conditional_escape does (safe strings pass as they
    are), without its lazy-string checks."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


@register.simple_tag
def figure(image, caption=None, lead=False, sizes="story", css_class="", show_caption=True):
    """A library image as <figure>: responsive WebP <img>, then the caption and the credit."""
    return figure_html(figure_context(image, caption, lead, sizes, css_class, show_caption))


def figure_context(image, caption=None, lead=False, sizes="story", css_class="", show_caption=True):
    """A library image as <figure>: responsive WebP <img>, then the caption and the credit.

    `caption` overrides the library caption (an article's own wording); `lead` loads the image
    eagerly with high priority; `sizes` names one of SIZES or is a sizes attribute itself. A
    teaser's sizes ("teaser", "lead-teaser") take the 3:2 renditions.
    """
    if image is None:
        return {"image": None}
    renditions = _crops(image) if sizes in CROPPED_SIZES else _renditions(image)
    largest = renditions[-1]
    if caption is None or caption == "":
        caption = image.caption
    return {
        "image": image,
        "src": largest["url"],
        "srcset": ", ".join(f"{r['url']} {r['width']}w" for r in renditions),
        "sizes": SIZES.get(sizes, sizes),
        "width": largest["width"],
        "height": largest["height"],
        "caption": caption if show_caption else "",
        "credit": image.credit,
        "lead": lead,
        "css_class": css_class,
    }
