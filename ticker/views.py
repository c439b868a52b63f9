from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from .strip import current_strip, render_strip


@require_GET
def strip(request):
    """The strip as an HTML fragment, for ticker.js to swap into pages left open.

    Served from the server-side cache (no database query while it holds), but every browser
    and proxy must revalidate it (`no-cache`, answered with 304 while the ETag holds): so the
    60-second refresh in ticker.js is also the longest a change takes to reach a reader.
    """
    current = current_strip()
    etag = quote_etag(current.version)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(
            render_strip(current, "ticker/strip.html"),
            content_type="text/html; charset=utf-8",
        )
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, no_cache=True)
    return response
