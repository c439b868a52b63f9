from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from . import invalidation, signals  # noqa: F401 - signals: anymail's tracking events

        invalidation.connect(self.get_model("Newsletter"))
