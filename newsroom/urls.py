from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from . import views

admin.site.site_header = "Newswire newsroom"
admin.site.site_title = "Newswire newsroom"
admin.site.index_title = "Newsroom"


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


site_pages = (
    [
        path("about/", views.about, name="about"),
        path("corrections/", views.corrections, name="corrections"),
    ],
    "newsroom",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("", include(site_pages)),
    path("support/", include("donations.urls")),
    path("ticker/", include("ticker.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if not settings.PRODUCTION:
    # Uploaded media from the local disk; production serves it from object storage or the proxy.
    urlpatterns.insert(0, path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
