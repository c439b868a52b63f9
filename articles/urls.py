from django.urls import path, register_converter

from newsroom.text import UnicodeSlugConverter

from . import views

# Tag slugs in any script ("मानसून", "café"): see articles/tags.py.
register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    # Sections and articles take the top-level paths left over, so these come last.
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
