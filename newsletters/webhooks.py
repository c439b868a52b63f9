"""The e-mail providers' tracking webhooks (bounces, complaints), from django-anymail, mounted at
`/newsletters/anymail/` (for example `/newsletters/anymail/mailgun/tracking/`).

Anymail checks every post (the shared WEBHOOK_SECRET as HTTP basic auth, and the provider's own
signature where it signs) before `newsletters.signals` sees it. Anymail would accept posts with
no secret configured, only warning; here, without ANYMAIL["WEBHOOK_SECRET"] the addresses do not
exist (404), so nobody can forge bounces to silence a reader's subscription."""

import functools

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import HttpResponseNotFound
from django.urls import URLPattern


def _needs_secret(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not (getattr(settings, "ANYMAIL", None) or {}).get("WEBHOOK_SECRET"):
            return HttpResponseNotFound("Webhooks are not configured.", content_type="text/plain")
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    URLPattern(pattern.pattern, _needs_secret(pattern.callback), pattern.default_args, pattern.name)
    for pattern in anymail_urls.urlpatterns
]
