"""Forms on cached pages: one pattern for every form a reader may find on a page that comes from
the page cache (the comment form under a story, the donation form on /support/).

A cached page is the same for every reader, so its form carries no CSRF token. Instead:

1. The form is rendered with `for_cached_page(form.helper)`: no token, and the attributes
   `data-cached-form data-token-url="/csrf-token/"`.
2. static/js/islands.js fetches a token from `/csrf-token/` (never cached; it also sets the CSRF
   cookie) when the reader first focuses the form, and adds it before the form is sent.
3. The view that receives the post is `@csrf_exempt` and calls `token_problem(request)` itself
   (Django's own check): when the token is missing (JavaScript off, or the request failed) it
   stores nothing and shows the form again, as typed, with a fresh token and a notice asking the
   reader to confirm (status 403). Nothing the reader typed is lost.
4. Every other CSRF failure on the site gets `csrf_failure` (settings.CSRF_FAILURE_VIEW): a page
   that says what happened and what to do, not Django's technical one.

Bots are kept out by the house honeypot (newsroom.forms.HoneypotForm) and a rate limit
(newsroom.ratelimit.is_limited), checked by the view after the token.
"""

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def for_cached_page(helper):
    """Prepare a crispy FormHelper for a form printed on a cached page; returns it."""
    helper.disable_csrf = True
    helper.attrs = {
        **(helper.attrs or {}),
        "data-cached-form": "",
        "data-token-url": reverse("csrf-token"),
    }
    return helper


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, answering with the reason instead of a 403 page."""

    def _reject(self, request, reason):
        return reason


def token_problem(request):
    """Why this post's CSRF token is not acceptable (Django's reason), or None when it is."""
    return _CsrfCheck(lambda request: None).process_view(request, None, (), {})


@never_cache
@require_safe
def csrf_token(request):
    """`/csrf-token/`: a fresh CSRF token (and the cookie it pairs with) for a form on a cached
    page, fetched by islands.js just before the form is sent."""
    response = JsonResponse({"token": get_token(request)})
    response["X-Robots-Tag"] = "noindex"
    return response


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the reader's words for a form that could not be accepted."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)
