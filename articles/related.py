"""Stories to read next: most tags in common first, then the same section, newest first."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from .models import LISTING_IMAGE_FIELDS, Article

RELATED_COUNT = 4


def related_articles(article, *, count=RELATED_COUNT):
    """Up to `count` published stories related to `article`, in one query.

    Reads the article's tags through `article.tags.all()`, so prefetch them to save a query. The
    related teasers show a thumbnail, section, headline and time (no bylines), all from this
    one query.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    candidates = Q(section_id=article.section_id)
    shared_tags = Value(0)
    if tag_ids:
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids
        )
        candidates |= Q(pk__in=tagged.values("object_id"))
        shared_tags = Coalesce(
            Subquery(
                tagged.filter(object_id=OuterRef("pk"))
                .values("object_id")
                .annotate(shared=Count("pk"))
                .values("shared"),
                output_field=IntegerField(),
            ),
            Value(0),
        )
    return list(
        Article.objects.published()
        .select_related("section", "lead_image")
        .only(
            "headline",
            "slug",
            "publish_at",
            "section__name",
            "section__slug",
            "lead_image",
            *(f"lead_image__{name}" for name in LISTING_IMAGE_FIELDS),
        )
        .filter(candidates)
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=shared_tags,
            same_section=Case(
                When(section_id=article.section_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-shared_tags", "-same_section", "-publish_at", "-id")[:count]
    )
