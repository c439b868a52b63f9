import logging
import re
import time
import uuid

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from .logging import REQUEST_ID, request_id_context

request_logger = logging.getLogger("newsroom.request")
fault_logger = logging.getLogger("newsroom.faults")

DATABASE_RETRY_AFTER_SECONDS = 30
HOST_PORT = re.compile(r":(\d+)$")


class HostPortMiddleware:
    """Refuses a Host header whose port cannot exist (`127.0.0.1:99999999`, `:0`).

    Django matches only the name against ALLOWED_HOSTS and takes any run of digits as the port,
    so without this such a host reaches redirects, share links and cache keys. Placed before
    SecurityMiddleware, whose HTTPS redirect is the first to build a URL from the host.
    DisallowedHost answers 400 and is logged by Django, like any host it refuses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()  # raises DisallowedHost itself for a name not allowed
        port = HOST_PORT.search(host)
        if port and not 0 < int(port[1]) < 65536:
            raise DisallowedHost(f"Invalid HTTP_HOST header: {host!r}. The port is out of range.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    """One log line per request: method, path (never the query string), status, duration, user,
    request id. The id comes from the proxy's X-Request-ID when valid, and is sent back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.monotonic()
        # Every line logged while this request is handled (and by the tasks it enqueues through
        # newsroom.background.enqueue) carries its id.
        with request_id_context(request.request_id):
            response = self.get_response(request)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        response.headers.setdefault("X-Request-ID", request.request_id)
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user": _user_label(request),
                "request_id": request.request_id,
            },
        )
        return response


def _user_label(request):
    user = getattr(request, "user", None)
    if user is None:
        return "anonymous"
    try:
        return str(user.pk) if user.is_authenticated else "anonymous"
    except Exception:  # the database may be the very thing that failed this request
        return "unknown"


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, readers get a plain 503 page with Retry-After.

    The page is rendered without a request, so no context processor touches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        fault_logger.error(
            "database unavailable",
            extra={
                "error": type(exception).__name__,
                "path": request.path,
                "request_id": getattr(request, "request_id", None),
            },
        )
        return service_unavailable()


def service_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
