from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.static import serve

from .models import SiteSettings


def about(request):
    return _site_page(request, _("About us"), SiteSettings.current().about)


def _site_page(request, title, text):
    if not text.strip():
        raise Http404("This page has not been written yet.")
    return render(request, "newsroom/page.html", {"title": title, "text": text})


# The picture library names every file by its content (images.services: the original's SHA-256,
# renditions after it), so a name never shows other bytes: browsers may keep them for good.
CONTENT_NAMED_MEDIA = ("images/",)
MEDIA_CACHE_FOREVER = "public, max-age=31536000, immutable"
MEDIA_CACHE_AN_HOUR = "public, max-age=3600"  # other uploads (an author's photo) keep their name


def media(request, path):
    """Uploaded media from the local disk (`make run` and one-machine setups; production serves it
    from object storage, with the same lifetimes set on upload)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_named = path.startswith(CONTENT_NAMED_MEDIA)
    response["Cache-Control"] = MEDIA_CACHE_FOREVER if content_named else MEDIA_CACHE_AN_HOUR
    return response
