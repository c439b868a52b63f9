from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion

        # Every save inside a revision block (admin, services, commands) keeps a version. Tags
        # live in taggit's own table, which Django's serialiser does not include; the search
        # document is derived from the text by the database, so versions need not carry it.
        reversion.register(self.get_model("Article"), exclude=["tags", "search_document"])
