"""Corrections as a record: every correction a story has had, in order, for readers.

- `corrected_stories()`: published stories with at least one correction, the most recently
  corrected first, with their corrections (the /corrections/ archive).
- `published_corrections()`: the corrections of published stories, newest first (its feed).
- `connect()` (from ArticlesConfig.ready): a correction saved or deleted sets its story's
  `corrected_at` to the time of its latest correction (the archive's order, on an index) and, for a
  live story, its "Updated" time; the pages that show it are invalidated by articles.invalidation.
"""

from django.db.models import Max
from django.db.models.signals import post_delete, post_save

from .models import Article, Correction


def corrected_stories():
    return (
        Article.objects.published()
        .in_language()
        .filter(corrected_at__isnull=False)
        .for_listing()
        .prefetch_related("corrections")
        .order_by("-corrected_at", "-id")
    )


def published_corrections():
    return (
        Correction.objects.filter(article__in=Article.objects.published().in_language())
        .select_related("article", "article__section")
        .order_by("-corrected_at", "-id")
    )


def _story_corrected(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    article_id = instance.article_id
    latest = Correction.objects.filter(article_id=article_id).aggregate(latest=Max("corrected_at"))
    changes = {"corrected_at": latest["latest"]}
    if created:
        article = (
            Article.objects.filter(pk=article_id).only("status", "publish_at", "revised_at").first()
        )
        # A new correction to a live story is a change readers are told about ("Updated ...").
        later = article is not None and (
            article.revised_at is None or instance.corrected_at > article.revised_at
        )
        if later and article.is_live:
            changes["revised_at"] = instance.corrected_at
    Article.objects.filter(pk=article_id).update(**changes)


def connect():
    post_save.connect(_story_corrected, sender=Correction, dispatch_uid="articles-corrected")
    post_delete.connect(_story_corrected, sender=Correction, dispatch_uid="articles-uncorrected")
