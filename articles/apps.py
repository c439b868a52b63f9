from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion
        from django.db.models.signals import pre_save

        from images.services import image_published_uses
        from newsroom.cache import invalidate_on_change

        from .pictures import published_uses_of_image
        from .search import search_tags
        from .tags import give_tag_a_working_slug

        # Tags in any script, or made of punctuation, get slugs their URL accepts.
        pre_save.connect(
            give_tag_a_working_slug,
            sender=self.apps.get_model("taggit", "Tag"),
            dispatch_uid="articles.give_tag_a_working_slug",
        )

        # A picture that published stories use may be changed only by those who may change
        # those stories (images asks; only articles knows where pictures are used).
        image_published_uses.connect(
            published_uses_of_image,
            sender=self.apps.get_model("images", "Image"),
            dispatch_uid="articles.published_uses_of_image",
        )

        # Every save inside a revision block (admin, services, commands) keeps a version. Tags
        # live in taggit's own table, which Django's serialiser does not include; the search
        # document is derived from the text by the database, so versions need not carry it.
        reversion.register(self.get_model("Article"), exclude=["tags", "search_document"])

        # Cached search results (articles.search) go stale when anything they match on changes:
        # the text and state of a story, its tags and bylines, a tag's or an author's name.
        invalidate_on_change(self.get_model("Article"), search_tags, m2m=["authors", "tags"])
        invalidate_on_change(self.get_model("Author"), search_tags)
        invalidate_on_change(self.apps.get_model("taggit", "Tag"), search_tags)
        invalidate_on_change(self.apps.get_model("taggit", "TaggedItem"), search_tags)

        # "Undo" after an unpublish (newsroom.undo).
        from newsroom import undo

        from . import services

        undo.register(services.UNDO_ARCHIVE, services.article_archive_undo)
        undo.register(services.UNDO_ARCHIVE_MANY, services.article_archive_many_undo)

        from . import corrections, invalidation

        invalidation.connect()
        corrections.connect()
