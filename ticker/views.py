from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from newsroom.cache import ACCEPTS_GZIP

from .strip import current_strip, render_strip, render_strip_gzipped


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
        # Compressed once per strip rather than by GZipMiddleware on every request.
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            content = render_strip_gzipped(current, "ticker/strip.html")
            response = HttpResponse(content, content_type="text/html; charset=utf-8")
            response["Content-Encoding"] = "gzip"
            etag = f"W/{etag}"  # another encoding of the same strip: a weak validator
        else:
            content = render_strip(current, "ticker/strip.html")
            response = HttpResponse(content, content_type="text/html; charset=utf-8")
        # Set outright (the response is new): the most requested address skips the parsing
        # that patch_vary_headers() and patch_cache_control() do.
        response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "public, no-cache"
    return response
