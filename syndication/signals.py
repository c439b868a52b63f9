"""A story saved (or its bylines changed): once the change is committed, record a version for
clients if what they would receive differs from what they last got."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import Article, ArticleImage, Correction
from images.models import Image

from .models import HeldPicture

logger = logging.getLogger(__name__)


def _record_after_commit(story_id):
    def record():
        from .pictures import story_pictures_update
        from .services import story_version_record

        try:
            story_version_record(story_id=story_id)
        except Exception:
            # The save itself stands; the next save of the story records it again.
            logger.exception("could not record a syndicated version", extra={"story": story_id})
        try:
            story_pictures_update(story_id=story_id)
        except Exception:
            # The periodic release job and the next save look again.
            logger.exception("could not hold or release pictures", extra={"story": story_id})

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


def _placement_changed(sender, instance, raw=False, **kwargs):
    # A picture placed in (or taken out of) a story's body: a new version for clients, and the
    # picture held or released with the story's embargo.
    if not raw:
        _record_after_commit(instance.article_id)


def _image_saved(sender, instance, raw=False, **kwargs):
    # A held picture given new files (renditions made again): they are moved to the hold too.
    if raw or not HeldPicture.objects.filter(image_id=instance.pk).exists():
        return

    def update():
        from .pictures import picture_holds_update

        picture_holds_update(image_ids=[instance.pk])

    transaction.on_commit(update)


def _image_deleted(sender, instance, **kwargs):
    # A held picture's files are in the private storage, where the library does not look.
    held = HeldPicture.objects.filter(image_id=instance.pk).values_list("files", flat=True).first()
    if held:

        def remove():
            from newsroom.storage import private_storage

            from .pictures import held_name

            storage = private_storage()
            still_used = set(Image.objects.filter(file__in=held).values_list("file", flat=True))
            for name in held:
                if name not in still_used:
                    storage.delete(held_name(name))

        transaction.on_commit(remove)


def connect():
    post_save.connect(
        _placement_changed, sender=ArticleImage, dispatch_uid="syndication-placement-saved"
    )
    post_delete.connect(
        _placement_changed, sender=ArticleImage, dispatch_uid="syndication-placement-deleted"
    )
    post_save.connect(_image_saved, sender=Image, dispatch_uid="syndication-image-saved")
    pre_delete.connect(_image_deleted, sender=Image, dispatch_uid="syndication-image-deleted")
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
