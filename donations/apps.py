from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Donations")

    def ready(self):
        from newsroom.cache import SITE, invalidate_on_change

        # The appeal box is on every story page (its bar is an island of its own).
        invalidate_on_change(self.get_model("Appeal"), lambda _appeal: [SITE])
