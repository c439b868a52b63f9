from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Site")

    def ready(self):
        from .roles import sync_role_groups_after_migrate

        # For every app's post_migrate, after Django has created that app's permissions (auth's
        # handler is connected first, since auth comes first in INSTALLED_APPS).
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="newsroom-role-groups")

        from .text import strip_control_characters

        # No XML-invalid control character is stored in any text field of the project's models.
        pre_save.connect(strip_control_characters, dispatch_uid="newsroom-xml-safe-text")

        from .cache import connect_invalidation_signals

        connect_invalidation_signals()

        from .islands import autodiscover

        # Each app's islands.py: the live parts of cached pages (newsroom/islands.py).
        autodiscover()
