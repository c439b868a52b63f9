"""Stories to read next: most tags in common first, then the same section, newest first."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from .models import LISTING_IMAGE_FIELDS, Article

RELATED_COUNT = 4
# Only the newest stories sharing a tag with the article are ranked: a tag on thousands of stories
# would otherwise make every article page rank them all, and the cost would grow with the archive.
# For news, the best match is almost always a recent one.
TAGGED_CANDIDATES = 200


def related_articles(article, *, count=RELATED_COUNT):
    """Up to `count` published stories related to `article`, in three small queries (see
    related_queryset).

    Reads the article's tags through `article.tags.all()`, so prefetch them to save a query. The
    related teasers show a thumbnail, section, headline and time (no bylines), all from the last
    query.
    """
    return list(related_queryset(article, count=count))


def related_queryset(article, *, count=RELATED_COUNT):
    """The newest `count` stories of the article's section and the newest TAGGED_CANDIDATES
    stories that share a tag with it, ranked: most tags in common, then the same section, then
    the newest. The two candidate lists are read first (index reads with a LIMIT), so the work
    does not grow with the archive."""
    published = (
        Article.objects.published()
        .in_language(article.language)
        .exclude(pk=article.pk)
        .order_by("-publish_at", "-id")
    )
    candidates = list(
        published.filter(section_id=article.section_id).values_list("pk", flat=True)[:count]
    )
    shared_tags = Value(0)
    tag_ids = [tag.pk for tag in article.tags.all()]
    if tag_ids:
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids
        )
        # The newest by id (ids follow creation, close enough to publication for a pool of
        # candidates): read from the tag index alone, whatever the size of the archive.
        candidates += (
            tagged.order_by("-object_id")
            .values_list("object_id", flat=True)
            .distinct()[:TAGGED_CANDIDATES]
        )
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
    return (
        Article.objects.published()
        .in_language(article.language)
        .exclude(pk=article.pk)
        .select_related("section", "lead_image")
        .only(
            "headline",
            "slug",
            "language",
            "publish_at",
            "live_status",
            "section__name",
            "section__translations",
            "section__slug",
            "lead_image",
            *(f"lead_image__{name}" for name in LISTING_IMAGE_FIELDS),
        )
        .filter(pk__in=candidates)
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
