"""Views that exist only for the page-cache tests, alongside the site's own URLs."""

from django.http import HttpResponse
from django.urls import path

import newsroom.urls
from newsroom.cache import cached_page


def cookie_page(request):
    response = HttpResponse("a page that sets a cookie")
    response.set_cookie("seen", "1")
    return response


def echo_page(request):
    return HttpResponse(f"page {request.GET.get('page', '1')} of a listing")


urlpatterns = [
    path("cache-test/cookie/", cached_page(cookie_page)),
    path("cache-test/echo/", cached_page(echo_page, query=["page"])),
    # The site's own patterns, not include(): its i18n_patterns must be at the root.
    *newsroom.urls.urlpatterns,
]
