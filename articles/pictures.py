"""The publish guard on pictures: no story is published while one of its pictures lacks alt text
or a credit. The image library says what a picture lacks; where it is used is the article's."""

from django.db.models import Q
from django.utils.translation import gettext as _

from images.services import ImageUse, describe_image, missing_metadata_text


def missing_image_metadata(article, body_images=None):
    """Readable problems that stop `article` being published: images without alt text or credit.

    Looks at the lead image and the body images (`body_images`, a list of Image, or else the
    article's saved ones). An empty list means the pictures are fit to publish.
    """
    problems = []
    lead = article.lead_image if article.lead_image_id else None
    if lead is not None and lead.missing_metadata:
        problems.append(
            _("The lead image %(image)s has no %(missing)s.")
            % {"image": describe_image(lead), "missing": missing_metadata_text(lead)}
        )
    if body_images is None:
        body_images = (
            [placement.image for placement in article.body_images.select_related("image")]
            if article.pk
            else []
        )
    for number, image in enumerate(body_images, start=1):
        if image.missing_metadata:
            problems.append(
                _("Body image %(number)s, %(image)s, has no %(missing)s.")
                % {
                    "number": number,
                    "image": describe_image(image),
                    "missing": missing_metadata_text(image),
                }
            )
    return problems


def new_body_image_problems(placement_forms):
    """Problems with the pictures newly placed through the admin's inline forms (those already
    saved are checked by Article.clean(), with the lead)."""
    problems = []
    for form in placement_forms:
        data = getattr(form, "cleaned_data", None) or {}
        image = data.get("image")
        if not image or data.get("DELETE") or "image" not in form.changed_data:
            continue
        if image.missing_metadata:
            problems.append(
                _("The body image %(image)s has no %(missing)s.")
                % {"image": describe_image(image), "missing": missing_metadata_text(image)}
            )
    return problems


def published_uses_of_image(sender, *, image, user=None, **kwargs):
    """images.services.image_published_uses: the published stories (live or scheduled) that
    lead with `image` or place it in their body, and whether `user` may change each (the admin's
    own rule, articles.services.can_edit_article: reporters only their drafts)."""
    from .models import Article
    from .services import can_edit_article

    stories = (
        Article.objects.filter(Q(lead_image=image) | Q(body_images__image=image))
        .filter(status=Article.Status.PUBLISHED)
        .distinct()
        .only("id", "headline", "status", "created_by")
        .order_by("-publish_at", "-id")
    )
    return [
        ImageUse(label=story.headline, may_change=user is None or can_edit_article(user, story))
        for story in stories
    ]
