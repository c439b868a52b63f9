"""A story's authors and tags for its page (the byline, the tags, the head's metadata): read once
per page, and kept per story until they change (the `people:<slug>` tag, bumped by
articles/invalidation.py when authors or tags are added or removed; a renamed author or tag
changes the site), so that the first render after an edit of the story's text reads neither."""

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects

from newsroom.cache import page_tag_version

from .invalidation import people_tag

PEOPLE_SECONDS = 3600


def with_people(article):
    """`article` with its authors and tags in place, as prefetch_related("authors", "tags")
    leaves them, from the fragments' cache when they are kept (read with the page's other
    fragments) or from the database."""
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if "authors" in prefetched and "tags" in prefetched:
        return article
    version = page_tag_version(people_tag(article.slug))
    if version is None:  # not this story's page (a preview, a command): read them
        prefetch_related_objects([article], "authors", "tags")
        return article
    store = caches["template_fragments"]
    key = make_template_fragment_key("story-people", [article.pk, version])
    kept = store.get(key)
    if kept is None:
        prefetch_related_objects([article], "authors", "tags")
        store.set(key, (list(article.authors.all()), list(article.tags.all())), PEOPLE_SECONDS)
        return article
    authors, tags = kept
    for name, objects in (("authors", authors), ("tags", tags)):
        queryset = getattr(article, name).all()
        queryset._result_cache = list(objects)
        queryset._prefetch_done = True
        article.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    return article
