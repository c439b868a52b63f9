from django import template

from ..services import image_make_renditions

register = template.Library()

# What the CSS lays out: the story column is at most 48rem; teaser grids are 1, 2 or 4 across.
SIZES = {
    "story": "(min-width: 52rem) 48rem, calc(100vw - 2rem)",
    "teaser": "(min-width: 1024px) 17rem, (min-width: 768px) 45vw, calc(100vw - 2rem)",
    "lead-teaser": "(min-width: 72rem) 46rem, (min-width: 768px) 64vw, calc(100vw - 2rem)",
}


def _renditions(image):
    if not image.renditions:
        # Only for an image stored before its renditions were made (an import, a failed
        # upload step): made once here and recorded, so later views do not make them again.
        image_make_renditions(image=image)
    storage = image.file.storage
    return [{**rendition, "url": storage.url(rendition["name"])} for rendition in image.renditions]


@register.inclusion_tag("images/figure.html")
def figure(image, caption=None, lead=False, sizes="story", css_class="", show_caption=True):
    """A library image as <figure>: responsive WebP <img>, then the caption and the credit.

    `caption` overrides the library caption (an article's own wording); `lead` loads the image
    eagerly with high priority; `sizes` names one of SIZES or is a sizes attribute itself.
    """
    if image is None:
        return {"image": None}
    renditions = _renditions(image)
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
