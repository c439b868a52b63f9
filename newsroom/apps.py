from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Site")

    def ready(self):
        from .cache import connect_invalidation_signals

        connect_invalidation_signals()
