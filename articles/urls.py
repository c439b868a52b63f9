from django.urls import path, register_converter

from newsroom.cache import LISTINGS, cached_page
from newsroom.text import UnicodeSlugConverter

from . import views
from .invalidation import story_tags

# Tag slugs in any script ("मानसून", "café"): see articles/tags.py.
register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"


def listing(view):
    return cached_page(view, depends_on=[LISTINGS], query=["page"])


urlpatterns = [
    path("", cached_page(views.HomeView.as_view(), depends_on=[LISTINGS]), name="home"),
    path("author/<slug:slug>/", listing(views.AuthorView.as_view()), name="author"),
    path("tag/<uslug:slug>/", listing(views.TagView.as_view()), name="tag"),
    path("corrections/", listing(views.CorrectionsView.as_view()), name="corrections"),
    # Never cached: an unpublished story through a signed preview link (articles.sharing).
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    # Sections and articles take the top-level paths left over, so these come last.
    path("<slug:section>/", listing(views.SectionView.as_view()), name="section"),
    path(
        "<slug:section>/<uslug:slug>/",
        cached_page(views.ArticleDetailView.as_view(), depends_on=[story_tags]),
        name="detail",
    ),
]
