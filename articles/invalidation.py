"""What a change to the newsroom's stories makes stale (newsroom.cache tags), wired once from
ArticlesConfig.ready(), and when a scheduled story goes live by itself.

- A story: its own page ("article:<slug>"), and the listings if it is or was published. If it
  goes live, is taken down, or moves (slug, section, publish time), also "stories": every
  {% cache %} fragment (related stories link to it) and search.
- Its authors, tags and pictures: its page and the listings. A correction: its page and the
  listings (the /corrections/ archive).
- A section, an author or a tag: "site" (the navigation, bylines and tag names on every page).
"""

import math
import time

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, pre_save
from taggit.models import Tag

from newsroom.cache import (
    LISTINGS,
    SITE,
    STORIES,
    article_tag,
    invalidate,
    invalidate_on_change,
    limit_page_lifetime,
)

from .models import Article, Author, Correction, Section

NEXT_PUBLISH_KEY = "articles:next-scheduled-publish"
WENT_LIVE_KEY = "articles:went-live:{due}"
# What decides where a story is and whether readers see it.
PLACEMENT_FIELDS = ("slug", "section_id", "status", "publish_at", "embargo_until")


def people_tag(slug):
    """A story's bylines and tags: bumped when they change (not by other edits of the story)."""
    return f"people:{slug}"


def story_tags(request=None, **view_kwargs):
    """The tags of the article page at /<section>/<slug>/ (for cached_page in articles.urls)."""
    return [article_tag(view_kwargs["slug"]), people_tag(view_kwargs["slug"])]


def _people_changed(instance, action, model=None, pk_set=None, **_kwargs):
    """A story's authors or tags were added, removed or cleared (from either side)."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        slugs = [instance.slug]
    elif model is Article and pk_set:
        slugs = list(Article.objects.filter(pk__in=pk_set).values_list("slug", flat=True))
    else:  # an author or a tag cleared of every story: rare, and a change to the whole site
        invalidate(SITE)
        return
    invalidate(*(people_tag(slug) for slug in slugs))


def _remember_placement(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._placement_before = None
        return
    instance._placement_before = (
        Article.objects.filter(pk=instance.pk).values_list(*PLACEMENT_FIELDS).first()
    )


def _forget_next_publish():
    cache.delete(NEXT_PUBLISH_KEY)
    transaction.on_commit(lambda: cache.delete(NEXT_PUBLISH_KEY))


def _article_changed(article):
    before = getattr(article, "_placement_before", None)
    now = tuple(getattr(article, field) for field in PLACEMENT_FIELDS)
    tags = [article_tag(article.slug)]
    was_published = before is not None and before[2] == Article.Status.PUBLISHED
    if was_published or article.status == Article.Status.PUBLISHED:
        tags.append(LISTINGS)
        if before != now:
            tags.append(STORIES)
            _forget_next_publish()
    if before is not None and before[0] != article.slug:
        tags.append(article_tag(before[0]))
    return tags


def _pages_showing_image(image):
    slugs = set(Article.objects.filter(lead_image=image).values_list("slug", flat=True))
    slugs.update(image.placements.values_list("article__slug", flat=True))
    return [*(article_tag(slug) for slug in slugs), LISTINGS] if slugs else []


def _placement_changed(placement):
    return [article_tag(placement.article.slug)]


def _correction_changed(correction):
    # Its story's page, and the listings: the /corrections/ archive is one of them.
    article = Article.objects.filter(pk=correction.article_id).only("slug").first()
    return [article_tag(article.slug), LISTINGS] if article is not None else [LISTINGS]


def _whole_site(_instance):
    return [SITE]


@limit_page_lifetime
def seconds_until_next_scheduled_publish():
    """Seconds until the next story goes live by the clock, at its publish time or its
    embargo's end (None if none will): read once and shared until then or until a story's
    placement changes. When that moment has passed, one worker bumps "listings", "stories" and
    "search", since nothing was saved."""
    now = time.time()
    due = cache.get(NEXT_PUBLISH_KEY)
    if due and due <= now:
        if cache.add(WENT_LIVE_KEY.format(due=due), 1, timeout=3600):
            from .search import SEARCH_TAG  # here: articles.search imports this module

            # Search results too: kept under their own tag, which no save has bumped.
            invalidate(LISTINGS, STORIES, SEARCH_TAG)
        due = None
    if due is None:
        release = Article.objects.next_release()
        due = release.timestamp() if release else 0
        # Kept past its moment (an hour at least): if it expired first, nothing would bump the
        # tags when the story goes live, and fragments rendered before would outlive it.
        cache.set(NEXT_PUBLISH_KEY, due, max(3600, math.ceil(due - now) + 3600))
    return due - now if due else None


def connect():
    pre_save.connect(_remember_placement, sender=Article, dispatch_uid="articles-placement")
    # Authors and tags too: saved after the story (the admin's save_related), on the same object.
    invalidate_on_change(Article, _article_changed, m2m=("authors", "tags"))
    for name in ("authors", "tags"):
        m2m_changed.connect(
            _people_changed,
            sender=Article._meta.get_field(name).remote_field.through,
            dispatch_uid=f"articles-people-{name}",
        )
    invalidate_on_change(Correction, _correction_changed)
    for model in (Section, Author, Tag):
        invalidate_on_change(model, _whole_site)
    image_model = apps.get_model("images", "Image")
    invalidate_on_change(image_model, _pages_showing_image)
    placement_model = image_model._meta.get_field("placements").related_model
    invalidate_on_change(placement_model, _placement_changed)
