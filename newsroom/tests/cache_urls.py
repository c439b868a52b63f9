"""Views that exist only for the page-cache tests, alongside the site's own URLs."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_http_methods

from newsroom.cache import reader_page

FORM_PAGE = engines["django"].from_string(
    '<form method="post" action="/cache-test/form/">{% csrf_token %}'
    '<button type="submit">Send</button></form>'
)


@require_http_methods(["GET", "HEAD", "POST"])
def form_page(request):
    if request.method == "POST":
        return HttpResponse("received")
    return HttpResponse(FORM_PAGE.render({}, request))


def cookie_page(request):
    response = HttpResponse("a page that sets a cookie")
    response.set_cookie("seen", "1")
    return response


def etag_page(request):
    response = HttpResponse("a page with a validator")
    response["ETag"] = '"v1"'
    return response


urlpatterns = [
    path("cache-test/form/", reader_page(form_page)),
    path("cache-test/cookie/", reader_page(cookie_page)),
    path("cache-test/etag/", reader_page(etag_page)),
    path("", include("newsroom.urls")),
]
