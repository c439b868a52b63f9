"""Redirect targets taken from a request (`next=`, a payment gateway's return URL) may only lead
back to this site; anything else goes to a fallback."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def allowed_redirect_hosts(request):
    hosts = {request.get_host()}
    site_host = urlsplit(getattr(settings, "SITE_URL", "")).netloc
    if site_host:
        hosts.add(site_host)
    return hosts


def safe_next(request, url, fallback="/"):
    """`url` if it stays on our own host (and on HTTPS in production), else `fallback`.

    `fallback` may be a URL, a URL name or a model, as for `redirect()`.
    """
    candidate = (url or "").strip()
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts=allowed_redirect_hosts(request),
        require_https=settings.PRODUCTION or request.is_secure(),
    ):
        return candidate
    return resolve_url(fallback)
