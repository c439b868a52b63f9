from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.cache import cache
from django.core.checks import Tags, register
from django.db import transaction
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that keeps every list's date filters from a 500
    (newsroom.admin_choices.NewsroomAdminSite). Named in INSTALLED_APPS; not this module's
    default app (that is NewsroomConfig)."""

    default = False
    default_site = "newsroom.admin_choices.NewsroomAdminSite"


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Site")

    def ready(self):
        from . import checks
        from .roles import sync_role_groups_after_migrate

        # For every app's post_migrate, after Django has created that app's permissions (auth's
        # handler is connected first, since auth comes first in INSTALLED_APPS).
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="newsroom-role-groups")

        from django.db.models import IntegerField

        from .lookups import IntegerIn

        IntegerField.register_lookup(IntegerIn)

        from .text import strip_control_characters

        # No XML-invalid control character is stored in any text field of the project's models.
        pre_save.connect(strip_control_characters, dispatch_uid="newsroom-xml-safe-text")

        from .cache import SITE, invalidate_on_change
        from .models import SITE_SETTINGS_CACHE_KEY, SiteSettings

        def site_settings_changed(_settings):
            # The shared copy goes now and after the commit, like the pages that show it.
            cache.delete(SITE_SETTINGS_CACHE_KEY)
            transaction.on_commit(lambda: cache.delete(SITE_SETTINGS_CACHE_KEY))
            return [SITE]

        invalidate_on_change(SiteSettings, site_settings_changed)
        register(checks.per_process_cache_in_production, Tags.caches, deploy=False)

        from .islands import autodiscover

        # Each app's islands.py: the live parts of cached pages (newsroom/islands.py).
        autodiscover()
