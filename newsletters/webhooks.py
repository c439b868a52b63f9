"""The e-mail providers' tracking webhooks (bounces, complaints), from django-anymail, mounted at
`/newsletters/anymail/` (for example `/newsletters/anymail/mailgun/tracking/`).

Anymail checks every post (the shared WEBHOOK_SECRET as HTTP basic auth, and the provider's own
signature where it signs) before `newsletters.signals` sees it. Anymail would accept posts with
no secret configured, only warning; here, without ANYMAIL["WEBHOOK_SECRET"] the addresses do not
exist (404), so nobody can forge bounces to silence a reader's subscription."""

import functools

from anymail import urls as anymail_urls
from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailError,
    AnymailWebhookValidationFailure,
)
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseNotFound
from django.urls import URLPattern

# What anymail's parsers raise on a body that is not what the provider sends (not JSON, a list
# where an object belongs, a missing key): the request's fault, answered 400. Errors while our
# receivers store the event stay 500s, so that the provider tries again later.
UNREADABLE = (AnymailError, ValueError, TypeError, KeyError, AttributeError, IndexError)


class CheckedParsingMixin:
    def run_validators(self, request):
        try:
            super().run_validators(request)
        except AnymailWebhookValidationFailure:
            raise  # a SuspiciousOperation: already a 400
        except UNREADABLE as error:
            raise BadRequest("The notification could not be read.") from error

    def parse_events(self, request):
        try:
            return list(super().parse_events(request))
        except UNREADABLE as error:
            raise BadRequest("The notification could not be read.") from error


def _checked(view):
    view_class = type(
        f"Checked{view.view_class.__name__}", (CheckedParsingMixin, view.view_class), {}
    )
    return view_class.as_view(**view.view_initkwargs)


def _needs_secret(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not (getattr(settings, "ANYMAIL", None) or {}).get("WEBHOOK_SECRET"):
            return HttpResponseNotFound("Webhooks are not configured.", content_type="text/plain")
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            # Another provider's address (its signing key is not set): nothing to receive here.
            return HttpResponseNotFound(
                "This provider's webhook is not configured.", content_type="text/plain"
            )

    return guarded


urlpatterns = [
    URLPattern(
        pattern.pattern,
        _needs_secret(_checked(pattern.callback)),
        pattern.default_args,
        pattern.name,
    )
    for pattern in anymail_urls.urlpatterns
]
