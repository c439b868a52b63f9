"""What a change to live coverage makes stale, wired once from LiveConfig.ready().

Every save or delete of an entry or of the coverage renews the story's live island (readers with
the page open see it at the next poll) and the story's page itself, so a reader without
JavaScript sees everything on reload: one render per entry, while the polls of thousands of
readers are served by the island. The coverage starting or ending also changes teasers (the
"Live" label), feeds and the news sitemap: the listings too."""

from django.db.models.signals import post_delete, post_save

from articles.models import Article
from newsroom.cache import LISTINGS, article_tag, invalidate

from .islands import live_island
from .models import LiveCoverage, LiveEntry


def _story_changed(article_id, slug, *extra_tags):
    live_island.invalidate(key=article_id)
    invalidate(article_tag(slug), *extra_tags)


def _entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    story = (
        Article.objects.filter(live_coverage__pk=instance.coverage_id)
        .values_list("pk", "slug")
        .first()
    )
    if story is not None:
        _story_changed(*story)


def _coverage_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is not None:
        _story_changed(instance.article_id, slug, LISTINGS)


def _article_changed(sender, instance, raw=False, **kwargs):
    # A story unpublished or moved takes its island with it (its page is articles' business).
    if not raw:
        live_island.invalidate(key=instance.pk)


def connect():
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(_entry_changed, sender=LiveEntry, dispatch_uid=f"live-entry-{name}")
        signal.connect(_coverage_changed, sender=LiveCoverage, dispatch_uid=f"live-cov-{name}")
        signal.connect(_article_changed, sender=Article, dispatch_uid=f"live-article-{name}")
