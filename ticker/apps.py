from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TickerConfig(AppConfig):
    name = "ticker"
    verbose_name = _("Ticker")

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation
