from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TickerConfig(AppConfig):
    name = "ticker"
    verbose_name = _("Ticker")

    def ready(self):
        # "Undo" in the message after the move (newsroom.undo).
        from newsroom import undo

        from . import (
            services,
            signals,  # noqa: F401 - connects the cache invalidation
        )

        undo.register(services.UNDO_EXPIRE, services.ticker_item_expire_undo)
