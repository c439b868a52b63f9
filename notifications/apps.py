from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from articles.signals import article_moved

        from .services import notify_article_moved

        article_moved.connect(notify_article_moved, dispatch_uid="notifications.article_moved")
