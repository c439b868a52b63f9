"""Reads about stories that aggregate or that several places need (docs/architecture.md)."""

from datetime import timedelta

from django.db.models import Sum

from newsroom.clock import local

from .models import Article

# "Most read" counts the reads of the last two days (today and yesterday, site time).
MOST_READ_DAYS = 2


def most_read(*, limit=5, days=MOST_READ_DAYS, now=None):
    """The published stories read most over the last `days` days (site time), most first: one
    query. Reads are counted by the pages' own beacon (articles.services.story_read_count)."""
    since = local(now).date() - timedelta(days=days - 1)
    return list(
        Article.objects.published()
        .in_language()
        .filter(reads__day__gte=since)
        .annotate(read_count=Sum("reads__count"))
        .filter(read_count__gt=0)
        .select_related("section")
        .only(
            "id",
            "slug",
            "language",
            "headline",
            "section",
            "section__slug",
            "section__name",
            "section__translations",
        )
        .order_by("-read_count", "-publish_at")[:limit]
    )
