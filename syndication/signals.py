"""A story saved (or its bylines changed): once the change is committed, record a version for
clients if what they would receive differs from what they last got."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import Article, Correction

logger = logging.getLogger(__name__)


def _record_after_commit(story_id):
    def record():
        from .services import story_version_record

        try:
            story_version_record(story_id=story_id)
        except Exception:
            # The save itself stands; the next save of the story records it again.
            logger.exception("could not record a syndicated version", extra={"story": story_id})

    transaction.on_commit(record)


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _record_after_commit(instance.pk)


def _article_deleted(sender, instance, **kwargs):
    # Clients that had it are told to remove it (a kill notice), once the deletion commits.
    _record_after_commit(instance.pk)


def _bylines_changed(sender, instance, action, reverse=False, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        _record_after_commit(instance.pk)


def _correction_changed(sender, instance, raw=False, **kwargs):
    # A correction is a row of its own (articles.Correction): the story is not saved with it.
    if not raw:
        _record_after_commit(instance.article_id)


def connect():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="syndication-article-saved")
    post_delete.connect(
        _article_deleted, sender=Article, dispatch_uid="syndication-article-deleted"
    )
    post_save.connect(
        _correction_changed, sender=Correction, dispatch_uid="syndication-correction-saved"
    )
    post_delete.connect(
        _correction_changed, sender=Correction, dispatch_uid="syndication-correction-deleted"
    )
    m2m_changed.connect(
        _bylines_changed, sender=Article.authors.through, dispatch_uid="syndication-bylines"
    )
