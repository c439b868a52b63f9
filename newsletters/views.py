import logging
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from newsroom.cached_forms import token_problem
from newsroom.http import client_address
from newsroom.ratelimit import is_limited

from . import links, services
from .forms import PreferencesForm, SignupForm
from .models import Newsletter, Source, Subscriber, Subscription

logger = logging.getLogger(__name__)

# Sign-ups per client address: a household signing up, not a script trying addresses.
SIGNUP_RATE = "6/10m"

CONFIRM_NOTICE = _(
    "Please press the button again to confirm. (Your browser did not send this site's "
    "security token, so nothing was sent yet.)"
)


def _client(request):
    return {
        "address": client_address(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


def _never_cached(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def index(request):
    """`/newsletters/`: every list open for sign-up, and a form with a box per list. A cached
    reader page (its form is a form on a cached page)."""
    newsletters = list(Newsletter.objects.filter(is_active=True))
    form = SignupForm(
        source=Source.NEWSLETTERS_PAGE,
        choose=True,
        initial={"page": request.path, "newsletters": [n.pk for n in newsletters if n.is_default]},
    )
    return render(request, "newsletters/index.html", {"newsletters": newsletters, "form": form})


# The quick forms (footer, story end, /support/) and the newsletters page post here. The pages
# are cached, so their forms carry no CSRF token (newsroom/cached_forms.py).
@csrf_exempt  # Checked below, so that a missing token costs the reader nothing they typed.
@require_POST
def subscribe(request):
    return _never_cached(_subscribe(request))


def _subscribe(request):
    choose = "newsletters" in request.POST or request.POST.get("source") == Source.NEWSLETTERS_PAGE
    source = request.POST.get("source")
    source = source if source in Source.values else Source.FOOTER
    if token_problem(request):
        form = SignupForm(
            initial={
                "email": request.POST.get("email", "")[:254],
                "page": request.POST.get("page", "")[:300],
                "newsletters": request.POST.getlist("newsletters"),
            },
            source=source,
            choose=choose,
        )
        return render(
            request,
            "newsletters/signup.html",
            {"form": form, "notice": CONFIRM_NOTICE},
            status=403,
        )
    if is_limited(request, group="newsletter-signup", rate=SIGNUP_RATE):
        return render(request, "newsletters/rate_limited.html", status=429)
    form = SignupForm(request.POST, source=source, choose=choose)
    if form.is_bot:
        # Told what a person would be told; nothing is stored or sent.
        logger.warning("Honeypot filled from %s", client_address(request))
        return render(request, "newsletters/check_inbox.html")
    if not form.is_valid():
        return render(request, "newsletters/signup.html", {"form": form}, status=400)
    data = form.cleaned_data
    newsletters = data.get("newsletters") or services.default_newsletters()
    if newsletters:
        services.subscription_request(
            email=data["email"],
            newsletters=list(newsletters),
            source=data["source"],
            source_page=data["page"],
            wording=str(form.wording),
            client=_client(request),
        )
    else:
        logger.warning("newsletter sign-up with no list offered by default")
    # The same answer whether the address is new, waiting, subscribed or suppressed.
    return render(request, "newsletters/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the confirmation e-mail. A GET shows a button (mail scanners that open links
    must not subscribe anyone); the button's POST confirms."""
    try:
        links.read_confirm_token(token)
    except links.BadLinkError:
        return _bad_link(request)
    if request.method != "POST":
        return _never_cached(render(request, "newsletters/confirm.html", {"token": token}))
    try:
        subscriber, newsletters = services.subscription_confirm(
            token=token, client=_client(request)
        )
    except links.BadLinkError:
        return _bad_link(request)
    return _never_cached(
        render(
            request,
            "newsletters/confirmed.html",
            {"newsletters": newsletters, "preferences_url": links.preferences_url(subscriber)},
        )
    )


def _bad_link(request):
    return _never_cached(render(request, "newsletters/bad_link.html", status=404))


# RFC 8058 one-click unsubscribe: mail programs POST "List-Unsubscribe=One-Click" to the address
# in the List-Unsubscribe header, with no cookie and no token of ours; the signed address is
# the authority. A GET (a reader following the link) shows a button that posts the same.
@csrf_exempt  # The signature in the address authenticates the request; there is no session.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        _subscriber_token, newsletter_id = links.read_unsubscribe_token(token)
    except links.BadLinkError:
        return _bad_link(request)
    if request.method != "POST":
        newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
        if newsletter is None:
            return _bad_link(request)
        return _never_cached(
            render(request, "newsletters/unsubscribe.html", {"newsletter": newsletter})
        )
    try:
        subscriber, newsletter = services.subscription_unsubscribe(
            token=token, client=_client(request)
        )
    except links.BadLinkError:
        return _bad_link(request)
    return _never_cached(
        render(
            request,
            "newsletters/unsubscribed.html",
            {"newsletter": newsletter, "preferences_url": links.preferences_url(subscriber)},
        )
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """The reader's lists, reached by the signed link in every e-mail; no account needed."""
    try:
        subscriber_token = links.read_preferences_token(token)
    except links.BadLinkError:
        return _bad_link(request)
    subscriber = Subscriber.objects.filter(token=subscriber_token).first()
    if subscriber is None:
        return _bad_link(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriber = services.preferences_update(
                subscriber=subscriber,
                wanted=list(form.cleaned_data["newsletters"]),
                client=_client(request),
            )
            saved = True
    current = list(
        Subscription.objects.confirmed()
        .filter(subscriber=subscriber)
        .values_list("newsletter_id", flat=True)
    )
    if request.method != "POST" or saved:
        form = PreferencesForm(initial={"newsletters": current})
    status = 200 if request.method != "POST" or saved else 400
    return _never_cached(
        render(
            request,
            "newsletters/preferences.html",
            {"form": form, "subscriber": subscriber, "saved": saved},
            status=status,
        )
    )


# A transparent one-pixel GIF: the open counter, only in issues of newsletters that switch it on.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@never_cache
@require_safe
def opened(request, token):
    try:
        delivery_id = links.read_open_token(token)
    except links.BadLinkError:
        delivery_id = None
    if delivery_id is not None:
        services.delivery_note_open(delivery_id=delivery_id)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
def appeal(request, token):
    """The appeal's link in an issue, one per reader: notes the click (so a gift that follows is
    attributed to the issue) and goes on to the support page."""
    try:
        delivery_id = links.read_appeal_token(token)
    except links.BadLinkError:
        return redirect("donations:support")
    campaign = services.delivery_note_appeal_click(delivery_id=delivery_id)
    query = urlencode({"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": campaign})
    return redirect(f"{reverse('donations:support')}?{query}")
