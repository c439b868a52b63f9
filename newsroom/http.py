"""What the project reads from a request, in one place."""

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or with `NUM_PROXIES` trusted proxies in front, the
    address the outermost of them saw (counted from the right of X-Forwarded-For, since anything
    further left was written by the client and may be forged).

    The one client-address helper: rate limits, login lockouts (django-axes), comments and logs
    all use it. None, not a placeholder, when there is no address (force_login's bare request):
    axes and comments store it in an address column, which PostgreSQL checks.
    """
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
