"""A story's approved comments (their count and the list) as a live island, one per story: any
save or delete of a comment (approved, rejected, edited in the admin, deleted) renews only its
story's island, never the page cache. The form stays in the page: it does not move."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from newsroom.islands import Island, register

from .models import Comment


def comments_state(key):
    if not key.isdigit():
        return None
    article = Article.objects.published().only("id", "comments_enabled").filter(pk=int(key)).first()
    if article is None:
        return None
    comments = list(
        article.comments.approved().only("id", "article_id", "name", "body", "created_at")
    )
    return {"article": article, "comments": comments}


comments_island = register(
    Island(
        "comments",
        state=comments_state,
        template="comments/_list.html",
        keyed=True,
        poll=60,
        max_age=30,
        announce=True,
    )
)


# A story unpublished (or its comments switched off) takes its island with it.
@receiver(post_save, sender=Article, dispatch_uid="comments-island-article")
@receiver(post_delete, sender=Article, dispatch_uid="comments-island-article-delete")
def article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        comments_island.invalidate(key=instance.pk)


@receiver(post_save, sender=Comment, dispatch_uid="comments-island-comment")
@receiver(post_delete, sender=Comment, dispatch_uid="comments-island-comment-delete")
def comment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        comments_island.invalidate(key=instance.article_id)
