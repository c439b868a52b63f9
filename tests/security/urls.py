"""Test-only views: a rate-limited form endpoint and a view that fails, beside the real site."""

from django.http import HttpResponse
from django.urls import path

import newsroom.urls
from newsroom.ratelimit import ratelimit


@ratelimit(key="ip", rate="3/m", methods=["POST"], group="test-form")
def limited_form(request):
    return HttpResponse("thanks")


@ratelimit(key="user", rate="2/h", methods=None, group="test-search")
def limited_search(request):
    return HttpResponse("results")


def broken(request):
    raise RuntimeError("a bug in a view, with desk@newswire.example in its message")


urlpatterns = [
    path("test/form/", limited_form),
    path("test/search/", limited_search),
    path("test/broken/", broken),
    # The site's own patterns, not include(): its i18n_patterns must be at the root.
    *newsroom.urls.urlpatterns,
]
