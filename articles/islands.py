"""The "Most read" list as a live island: the same on every page that shows it, kept in the shared
cache for a few minutes (the counts move all the time; nobody needs them to the second), so the
pages around it stay cached and counting a read never touches the page cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsroom.islands import Island, register

from .models import Article
from .selectors import most_read


def most_read_state():
    return {"stories": most_read(limit=5)}


most_read_island = register(
    Island(
        "most-read",
        state=most_read_state,
        template="articles/_most_read.html",
        poll=300,
        max_age=60,
        timeout=300,
    )
)


# A story unpublished or renamed leaves the list at once rather than within five minutes.
@receiver(post_save, sender=Article, dispatch_uid="most-read-island-article")
@receiver(post_delete, sender=Article, dispatch_uid="most-read-island-article-delete")
def article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        most_read_island.invalidate()
