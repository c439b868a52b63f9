import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from newsroom.background import enqueue
from newsroom.cached_forms import for_cached_page, token_problem
from newsroom.http import client_address
from newsroom.languages import current_language
from newsroom.ratelimit import is_limited

from . import services, tax
from .forms import OTHER, DonationForm, GiftAmountForm, GivingLinkForm, TaxDetailsForm
from .gateways import GatewayUnavailableError, InvalidNotificationError, get_gateway
from .models import Appeal, Donation, Frequency, RecurringGift
from .pan import decrypt_bytes
from .receipt_pdf import receipt_pdf
from .selectors import donor_giving, donor_tax_certificates, donor_tax_details
from .tasks import send_giving_link
from .templatetags.donations_tags import appeal_context

logger = logging.getLogger(__name__)

# Donation attempts per client address: enough for a household, too few for a bot.
DONATION_RATE = "10/h"

# The thank-you page names the donor, the amount, the receipt and the e-mail only to the browser
# that gave, and only this long after the checkout began: the page's address (a UUID) is shared
# with the gateway, browser history and any log on the way, so it cannot be the key by itself.
GIFT_COOKIE = "newsroom_gift"
GIFT_COOKIE_SALT = "donations.thanks"
GIFT_DETAILS_SECONDS = 60 * 60


def _as_typed(request):
    """What the reader filled in, for the form shown again without error messages."""
    fields = (
        "amount",
        "other_amount",
        "frequency",
        "name",
        "email",
        "message",
        "is_public",
        "story",
        "variant",
        "wants_80g",
        "pan",
        "tax_name",
        "tax_address",
    )
    return {name: request.POST.get(name, "") for name in fields if name in request.POST}


def _initial_from_query(request, appeal):
    """What the appeal box on an article passed along: ?amount=500&frequency=monthly."""
    initial = {}
    amount = request.GET.get("amount", "")
    if amount.isdigit() and int(amount) in appeal.amount_list:
        initial["amount"] = amount
    elif amount == OTHER:
        initial["amount"] = OTHER
    if request.GET.get("frequency") in Frequency.values:
        initial["frequency"] = request.GET["frequency"]
    for name in ("story", "variant"):
        value = request.GET.get(name, "")
        if value.isdigit() and 0 < int(value) < 2**31:
            initial[name] = int(value)
    return initial


CONFIRM_NOTICE = _(
    "Please check your gift and press the button again to confirm. (Your browser did not send "
    "this site's security token, so nothing was charged or saved yet.)"
)


def _never_cached(response):
    add_never_cache_headers(response)
    return response


# A reader page in the page cache: the form carries no CSRF token (a form on a cached page,
# newsroom/cached_forms.py); islands.js fetches one before it is sent, and a post without one
# shows the form again, as filled in, to confirm. Answers to posts are never cached.
@csrf_exempt  # Checked below, so that a missing token costs the reader nothing they typed.
@require_http_methods(["GET", "HEAD", "POST"])
def support(request):
    if request.method == "POST":
        return _never_cached(_support(request))
    return _support(request)


def _support(request):
    gateway = get_gateway()
    appeal = Appeal.objects.current() if gateway is not None else None
    if appeal is None:
        return render(request, "donations/support_closed.html", status=200)
    status = 200
    notice = ""
    if request.method == "POST" and token_problem(request):
        # Shown again as filled in, with a fresh token: one more press sends it.
        form = DonationForm(initial=_as_typed(request), appeal=appeal, gateway=gateway)
        status = 403
        notice = CONFIRM_NOTICE
    elif request.method == "POST":
        if is_limited(request, group="donate", rate=DONATION_RATE):
            return render(request, "donations/rate_limited.html", status=429)
        form = DonationForm(request.POST, appeal=appeal, gateway=gateway)
        if form.is_bot:
            logger.warning("Honeypot filled from %s", client_address(request))
            return HttpResponseBadRequest(
                "This form could not be accepted. If you are a person, please reload the page "
                "and leave the last field empty."
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                _donation, url = services.donation_checkout(
                    appeal=appeal,
                    gateway=gateway,
                    request=request,
                    amount_minor=form.amount_minor,
                    frequency=data["frequency"],
                    name=data["name"],
                    email=data["email"],
                    message=data["message"],
                    is_public=data["is_public"],
                    tax_details=form.tax_details,
                    source_story_id=data["story"],
                    appeal_variant=data["variant"],
                    language=current_language(),
                )
            except GatewayUnavailableError:
                return render(
                    request, "donations/gateway_unavailable.html", {"appeal": appeal}, status=503
                )
            response = redirect(url)
            _remember_the_gift(response, _donation)
            return response
        status = 400
    else:
        form = DonationForm(
            initial=_initial_from_query(request, appeal), appeal=appeal, gateway=gateway
        )
        for_cached_page(form.helper)
    context = appeal_context(appeal, gateway)
    variant_id = form["variant"].value()
    variant = None
    if str(variant_id or "").isdigit() and int(variant_id) < 2**31:
        variant = appeal.variants.filter(pk=int(variant_id)).first()
    context.update(
        form=form,
        notice=notice,
        copy=variant or appeal,
    )
    return render(request, "donations/support.html", context, status=status)


def _remember_the_gift(response, donation):
    """A signed, timestamped cookie naming the gift, sent back only to its thank-you page."""
    response.set_signed_cookie(
        GIFT_COOKIE,
        str(donation.uuid),
        salt=GIFT_COOKIE_SALT,
        max_age=GIFT_DETAILS_SECONDS,
        path=donation.get_absolute_url(),  # this gift's page only
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",  # sent when the gateway sends the reader back (a top-level GET)
    )


def _gave_from_this_browser(request, donation):
    given = request.get_signed_cookie(
        GIFT_COOKIE, default=None, salt=GIFT_COOKIE_SALT, max_age=GIFT_DETAILS_SECONDS
    )
    return given is not None and given == str(donation.uuid)


@never_cache
@require_safe
def thanks(request, uuid):
    donation = get_object_or_404(Donation.objects.select_related("appeal"), uuid=uuid)
    if not _gave_from_this_browser(request, donation):
        # Anyone else with the address (or the giver, after an hour) gets a plain thank-you.
        return render(request, "donations/thanks_generic.html", {"appeal": donation.appeal})
    return render(request, "donations/thanks.html", {"donation": donation})


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_pay(request, uuid):
    """The sandbox's own payment page: it shows our stored amount and succeeds or fails."""
    gateway = get_gateway()
    if gateway is None or gateway.name != "sandbox":
        return HttpResponse("The sandbox payment page is switched off.", status=404)
    donation = get_object_or_404(Donation, uuid=uuid, gateway=gateway.name)
    if request.method == "POST":
        if donation.is_final:
            return redirect(donation)
        succeeded = request.POST.get("result") == "succeed"
        # The sandbox 'bank' sends its signed notification, checked as any webhook would be.
        body, signature = gateway.notification_for(donation, succeeded=succeeded)
        for event in gateway.parse_body(body, signature):
            services.payment_event_process(gateway_name=gateway.name, event=event)
        return redirect(donation)
    return render(request, "donations/sandbox_pay.html", {"donation": donation})


@csrf_exempt  # Gateways cannot carry our CSRF token; the signature authenticates them instead.
@require_POST
def webhook(request, gateway_name):
    gateway = get_gateway()
    if gateway is None or gateway.name != gateway_name:
        return HttpResponse(status=404)
    try:
        events = gateway.parse_notification(request)
    except InvalidNotificationError as error:
        logger.warning("Rejected %s notification: %s", gateway_name, error)
        return HttpResponseBadRequest(str(error))
    for event in events:
        services.payment_event_process(gateway_name=gateway.name, event=event)
    return HttpResponse("ok", content_type="text/plain")


# "My giving". The link in the e-mail opens a page with one button (mail scanners that follow
# links must not use it up); pressing it spends the link and leaves a signed cookie naming the
# address, for these pages only, for an hour.
GIVING_COOKIE = "newsroom_giving"
GIVING_COOKIE_SALT = "donations.my_giving"
GIVING_SECONDS = 60 * 60
GIVING_LINK_RATE = "5/h"


def _giving_path():
    """The cookie's path: "My giving" in the page's language (/support/my-giving/ or
    /hi/support/my-giving/), where the link in the e-mail leads."""
    return reverse("donations:giving")


def _giving_email(request):
    return request.get_signed_cookie(
        GIVING_COOKIE, default=None, salt=GIVING_COOKIE_SALT, max_age=GIVING_SECONDS
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def giving(request):
    """Ask for a link. The answer is the same whether or not the address has ever given."""
    if request.method == "POST":
        form = GivingLinkForm(request.POST)
        if form.is_bot:
            return HttpResponseBadRequest("This form could not be accepted.")
        if is_limited(request, group="giving-link", rate=GIVING_LINK_RATE):
            return render(request, "donations/rate_limited.html", status=429)
        if form.is_valid():
            email = form.cleaned_data["email"]
            # Per address too: nobody can fill a stranger's inbox with links.
            if not is_limited(request, group="giving-link-to", rate="3/h", key=lambda _r: email):
                enqueue(send_giving_link, email, current_language())
            return render(request, "donations/giving_sent.html", {"email": email})
        status = 400
    else:
        form = GivingLinkForm()
        status = 200
    return render(request, "donations/giving_request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def giving_open(request, token):
    if request.method != "POST":
        return render(request, "donations/giving_open.html", {"token": token})
    email = services.giving_link_open(token=token)
    if email is None:
        return render(request, "donations/giving_link_spent.html", status=410)
    response = redirect("donations:giving_gifts")
    response.set_signed_cookie(
        GIVING_COOKIE,
        email,
        salt=GIVING_COOKIE_SALT,
        max_age=GIVING_SECONDS,
        path=_giving_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _gifts_page(request, email, *, status=200, errors=None, tax_form=None):
    giving_of = donor_giving(email)
    gifts = [
        (gift, (errors or {}).get(gift.pk) or GiftAmountForm(gift=gift))
        for gift in giving_of["recurring_gifts"]
    ]
    context = {"email": email, "gifts": gifts, "donations": giving_of["donations"]}
    if tax.is_enabled():
        details = donor_tax_details(email)
        if tax_form is None:
            initial = {}
            if details is not None:
                initial = {"tax_name": details.tax_name, "tax_address": details.tax_address}
            tax_form = TaxDetailsForm(initial=initial)
        context.update(
            tax_details=details,
            tax_form=tax_form,
            certificates=list(donor_tax_certificates(email)),
        )
    return render(request, "donations/giving_gifts.html", context, status=status)


@never_cache
@require_safe
def giving_gifts(request):
    email = _giving_email(request)
    if email is None:
        return redirect("donations:giving")
    return _gifts_page(request, email)


@never_cache
@require_POST
def giving_change(request, uuid):
    email = _giving_email(request)
    if email is None:
        return redirect("donations:giving")
    gift = get_object_or_404(RecurringGift, uuid=uuid, email__iexact=email)
    action = request.POST.get("action", "")
    amount_minor = None
    if action == "change_amount":
        form = GiftAmountForm(request.POST, gift=gift)
        if not form.is_valid():
            return _gifts_page(request, email, status=400, errors={gift.pk: form})
        amount_minor = form.cleaned_data["amount"] * 100
    try:
        services.recurring_gift_change(gift=gift, action=action, amount_minor=amount_minor)
    except ValidationError as error:
        form = GiftAmountForm(request.POST or None, gift=gift)
        form.is_valid()
        for message in error.messages:
            form.add_error(None, message)
        return _gifts_page(request, email, status=400, errors={gift.pk: form})
    except GatewayUnavailableError:
        logger.exception("A change to recurring gift %s could not be made", gift.pk)
        messages.error(
            request,
            _(
                "The payment provider could not make that change just now. Nothing was changed; "
                "please try again in a few minutes."
            ),
        )
        return redirect("donations:giving_gifts")
    messages.success(request, GIFT_CHANGE_MESSAGES[action])
    return redirect("donations:giving_gifts")


GIFT_CHANGE_MESSAGES = {
    "pause": _("Your monthly gift is paused. Nothing will be charged until you resume it."),
    "resume": _("Your monthly gift is running again."),
    "cancel": _("Your monthly gift is cancelled. Nothing more will be charged. Thank you."),
    "change_amount": _("Your monthly amount is changed from the next payment on."),
}


@never_cache
@require_safe
def giving_receipt(request, uuid):
    """A paid gift's receipt as a PDF, for the donor whose "My giving" is open."""
    email = _giving_email(request)
    if email is None:
        return redirect("donations:giving")
    donation = get_object_or_404(
        Donation.objects.paid().select_related("appeal"), uuid=uuid, email__iexact=email
    )
    response = HttpResponse(receipt_pdf(donation), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{donation.receipt_number}.pdf"'
    )
    return response


@never_cache
@require_POST
def giving_tax_details(request):
    """The donor's PAN, and name and address as on it, for 80G (services.donor_tax_details_save:
    from now on; receipts already issued stay as they are)."""
    email = _giving_email(request)
    if email is None:
        return redirect("donations:giving")
    if not tax.is_enabled():
        raise Http404("This publisher does not issue 80G receipts.")
    form = TaxDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.donor_tax_details_save(
                email=email,
                pan=form.cleaned_data["pan"],
                name=form.cleaned_data["tax_name"],
                address=form.cleaned_data["tax_address"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _(
                    "Your 80G details are saved. They are used from now on: in the statement "
                    "of donations (Form 10BD) we file for each year you gave, and on the "
                    "receipts of your next gifts. Receipts already issued stay as they are."
                ),
            )
            return redirect("donations:giving_gifts")
    return _gifts_page(request, email, status=400, tax_form=form)


@never_cache
@require_safe
def giving_certificate(request, uuid):
    """A Form 10BE certificate of the donor whose "My giving" is open, as a PDF."""
    email = _giving_email(request)
    if email is None:
        return redirect("donations:giving")
    certificate = get_object_or_404(donor_tax_certificates(email), uuid=uuid)
    response = HttpResponse(
        decrypt_bytes(certificate.file_encrypted), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="form-10be-{certificate.financial_year}.pdf"'
    )
    return response


@never_cache
@require_POST
def giving_leave(request):
    response = redirect("donations:giving")
    response.delete_cookie(GIVING_COOKIE, path=_giving_path(), samesite="Strict")
    return response
