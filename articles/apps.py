from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion

        # Every save inside a revision block (admin, services, commands) keeps a version. Tags
        # live in taggit's own table, which Django's serialiser does not include.
        reversion.register(self.get_model("Article"), exclude=["tags"])

        from .freshness import bump_content_version

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_content_version, dispatch_uid=f"content-version-{signal!r}")
