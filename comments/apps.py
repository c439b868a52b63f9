from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        # "Undo" in the message after a rejection (newsroom.undo).
        from newsroom import undo

        from . import services

        undo.register(services.UNDO_MODERATION, services.comment_moderation_undo)
