from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from . import views

admin.site.site_header = "Newswire newsroom"
admin.site.site_title = "Newswire newsroom"
admin.site.index_title = "Newsroom"

site_pages = (
    [
        path("about/", views.about, name="about"),
        path("corrections/", views.corrections, name="corrections"),
    ],
    "newsroom",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include(site_pages)),
    path("", include("articles.urls")),
]

if settings.BENCH_BASELINE:
    from bench.views import baseline

    urlpatterns.insert(0, path("__bench__/baseline/", baseline))

if not settings.PRODUCTION:
    # Uploaded media from the local disk; production serves it from object storage or the proxy.
    urlpatterns.insert(0, path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
