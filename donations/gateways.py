"""Payment gateways behind one small interface, chosen by settings.DONATIONS_GATEWAY.

A gateway does two things: send the reader to pay for a stored donation (`begin_checkout`), and
turn a signed notification into events (`parse_notification`), refusing any whose signature does
not verify. What an event does to a donation is decided in services.py, the same for every gateway.

django-payments 4.1 was considered first (it installs on Django 6.1) and not used: its dummy
provider takes the payment status from the request unsigned, it has no Razorpay provider, and it
keeps no record of processed event ids, which is the heart of counting every payment once.
"""

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property


class InvalidNotificationError(Exception):
    """The signature does not verify, or the body is not what the gateway sends."""


class GatewayUnavailableError(Exception):
    """The gateway could not start a checkout (network, keys, its own outage)."""


@dataclass(frozen=True)
class GatewayEvent:
    event_id: str
    kind: str
    # Our donation's public id as the gateway echoes it back; None when the event names none.
    donation_uuid: uuid.UUID | None
    # "paid", "failed", or None when the event changes nothing (for example UPI still pending).
    outcome: str | None
    amount_minor: int | None = None
    currency: str | None = None
    reference: str = ""
    payload: dict = field(default_factory=dict)


def _json_object(body, gateway_label):
    """The body parsed as a JSON object, or InvalidNotificationError: a signed body can still be
    an array, a string or broken, and must be answered 400 (a 500 makes the gateway retry)."""
    try:
        payload = json.loads(body)
    except ValueError as error:  # UnicodeDecodeError included
        raise InvalidNotificationError(f"The {gateway_label} notification is not JSON.") from error
    return _mapping(payload, "the body", gateway_label)


def _mapping(value, where, gateway_label):
    if not isinstance(value, dict):
        raise InvalidNotificationError(
            f"The {gateway_label} notification is malformed: {where} is not an object."
        )
    return value


def _field(mapping, key, kinds, gateway_label, *, required=False):
    """`mapping[key]` if it is one of `kinds` (None when absent and not required)."""
    value = mapping.get(key)
    if value is None and not required:
        return None
    # bool is an int to Python, never an amount or an id to a gateway.
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise InvalidNotificationError(
            f"The {gateway_label} notification is malformed: {key!r} has the wrong type."
        )
    return value


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


class Gateway:
    name = ""
    label = ""
    supports_monthly = False

    def begin_checkout(self, donation, *, request):
        """Return (the URL where the reader pays, the gateway's reference for this checkout)."""
        raise NotImplementedError

    def parse_notification(self, request):
        """Return the GatewayEvents in a signed webhook request; raise InvalidNotificationError."""
        raise NotImplementedError

    @staticmethod
    def absolute(request, url):
        return request.build_absolute_uri(url)


class SandboxGateway(Gateway):
    """A local payment page that succeeds or fails on request, signed like a real gateway."""

    name = "sandbox"
    label = "Sandbox (no money moves)"
    supports_monthly = True
    signature_header = "HTTP_X_SANDBOX_SIGNATURE"

    @cached_property
    def secret(self):
        # Derived from SECRET_KEY so every gunicorn worker agrees without another variable.
        return salted_hmac(
            "donations.sandbox", "webhook", secret=settings.SECRET_KEY, algorithm="sha256"
        ).hexdigest()

    def sign(self, body):
        return hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()

    def begin_checkout(self, donation, *, request):
        url = reverse("donations:sandbox_pay", kwargs={"uuid": donation.uuid})
        return url, f"sbx_{donation.uuid.hex}"

    def notification_for(self, donation, *, succeeded):
        """What the sandbox 'bank' sends when the reader pays or declines: (body, signature)."""
        body = json.dumps(
            {
                "id": f"evt_{secrets.token_hex(12)}",
                "type": "payment.succeeded" if succeeded else "payment.failed",
                "donation": str(donation.uuid),
                "amount": donation.amount_minor,
                "currency": donation.currency,
            },
            sort_keys=True,
        ).encode()
        return body, self.sign(body)

    def parse_body(self, body, signature):
        if not signature or not hmac.compare_digest(self.sign(body), signature):
            raise InvalidNotificationError("The sandbox signature does not verify.")
        data = _json_object(body, "sandbox")
        kind = _field(data, "type", str, "sandbox", required=True)
        donation_uuid = _uuid_or_none(data.get("donation"))
        event = GatewayEvent(
            event_id=_field(data, "id", str, "sandbox", required=True),
            kind=kind,
            donation_uuid=donation_uuid,
            outcome={"payment.succeeded": "paid", "payment.failed": "failed"}.get(kind),
            amount_minor=_field(data, "amount", int, "sandbox", required=True),
            currency=_field(data, "currency", str, "sandbox", required=True),
            reference=f"sbx_{donation_uuid.hex}" if donation_uuid else "",
            payload=data,
        )
        return [event]

    def parse_notification(self, request):
        return self.parse_body(request.body, request.META.get(self.signature_header, ""))


class StripeGateway(Gateway):
    """Stripe Checkout: a hosted page (cards, UPI where enabled); webhooks confirm payment."""

    name = "stripe"
    label = "Stripe"
    supports_monthly = True

    OUTCOMES = {
        "checkout.session.async_payment_succeeded": "paid",
        "checkout.session.async_payment_failed": "failed",
        "checkout.session.expired": "failed",
    }

    def begin_checkout(self, donation, *, request):
        import stripe

        monthly = donation.frequency == "monthly"
        price_data = {
            "currency": donation.currency.lower(),
            "unit_amount": donation.amount_minor,
            "product_data": {"name": f"Contribution to {settings.SITE_NAME}"},
        }
        if monthly:
            price_data["recurring"] = {"interval": "month"}
        params = {
            "mode": "subscription" if monthly else "payment",
            "line_items": [{"price_data": price_data, "quantity": 1}],
            "customer_email": donation.email,
            "client_reference_id": str(donation.uuid),
            "metadata": {"donation": str(donation.uuid)},
            "success_url": self.absolute(request, donation.get_absolute_url()),
            "cancel_url": self.absolute(request, reverse("donations:support")),
        }
        try:
            client = stripe.StripeClient(settings.STRIPE_SECRET_KEY)
            session = client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"donation-{donation.uuid}"}
            )
        except stripe.StripeError as error:
            raise GatewayUnavailableError(str(error)) from error
        return session.url, session.id

    def parse_notification(self, request):
        import stripe

        try:
            # Only the signature check: the SDK's construct_event also builds an Event object,
            # which fails with a TypeError or AttributeError on a body that is not an object.
            stripe.WebhookSignature.verify_header(
                request.body,
                request.META.get("HTTP_STRIPE_SIGNATURE", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                stripe.Webhook.DEFAULT_TOLERANCE,
            )
        except (stripe.SignatureVerificationError, ValueError) as error:  # ValueError: not UTF-8
            raise InvalidNotificationError("The Stripe signature does not verify.") from error
        payload = _json_object(request.body, "Stripe")
        event_id = _field(payload, "id", str, "Stripe", required=True)
        kind = _field(payload, "type", str, "Stripe", required=True)
        if not kind.startswith("checkout.session."):
            return []
        data = _mapping(payload.get("data"), "data", "Stripe")
        session = _mapping(data.get("object"), "data.object", "Stripe")
        outcome = self.OUTCOMES.get(kind)
        if kind == "checkout.session.completed" and session.get("payment_status") in {
            "paid",
            "no_payment_required",
        }:
            outcome = "paid"
        return [
            GatewayEvent(
                event_id=event_id,
                kind=kind,
                donation_uuid=_uuid_or_none(session.get("client_reference_id")),
                outcome=outcome,
                amount_minor=_field(session, "amount_total", int, "Stripe"),
                currency=(_field(session, "currency", str, "Stripe") or "").upper(),
                reference=_field(session, "id", str, "Stripe") or "",
                payload=payload,
            )
        ]


class RazorpayGateway(Gateway):
    """Razorpay Payment Links: a hosted page with UPI, cards and netbanking, no script of theirs
    on our pages. One-time only: Razorpay's recurring payments need plans and mandates."""

    name = "razorpay"
    label = "Razorpay"
    supports_monthly = False

    OUTCOMES = {
        "payment_link.paid": "paid",
        "payment_link.cancelled": "failed",
        "payment_link.expired": "failed",
    }

    def client(self):
        import razorpay

        return razorpay.Client(auth=(settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET))

    def begin_checkout(self, donation, *, request):
        import razorpay

        try:
            link = self.client().payment_link.create(
                {
                    "amount": donation.amount_minor,
                    "currency": donation.currency,
                    "accept_partial": False,
                    "reference_id": donation.uuid.hex,
                    "description": f"Contribution to {settings.SITE_NAME}",
                    "customer": {"name": donation.name, "email": donation.email},
                    "notify": {"email": False, "sms": False},
                    "callback_url": self.absolute(request, donation.get_absolute_url()),
                    "callback_method": "get",
                    "notes": {"donation": str(donation.uuid)},
                }
            )
        except (razorpay.errors.BadRequestError, razorpay.errors.ServerError) as error:
            raise GatewayUnavailableError(str(error)) from error
        except OSError as error:  # requests' connection errors are OSErrors
            raise GatewayUnavailableError(str(error)) from error
        return link["short_url"], link["id"]

    def parse_notification(self, request):
        import razorpay

        body = request.body.decode("utf-8", errors="replace")
        signature = request.META.get("HTTP_X_RAZORPAY_SIGNATURE", "")
        try:
            self.client().utility.verify_webhook_signature(
                body, signature, settings.RAZORPAY_WEBHOOK_SECRET
            )
        except (razorpay.errors.SignatureVerificationError, TypeError) as error:
            raise InvalidNotificationError("The Razorpay signature does not verify.") from error
        payload = _json_object(body, "Razorpay")
        kind = _field(payload, "event", str, "Razorpay", required=True)
        if kind not in self.OUTCOMES:
            return []
        link = payload
        for key in ("payload", "payment_link", "entity"):
            link = _mapping(link.get(key), key, "Razorpay")
        amount_key = "amount_paid" if kind == "payment_link.paid" else "amount"
        amount = _field(link, amount_key, int, "Razorpay")
        # Razorpay sends the event's id in a header; a body hash stands in if it is ever missing.
        event_id = (
            request.META.get("HTTP_X_RAZORPAY_EVENT_ID") or hashlib.sha256(request.body).hexdigest()
        )
        return [
            GatewayEvent(
                event_id=event_id,
                kind=kind,
                donation_uuid=_uuid_or_none(link.get("reference_id")),
                outcome=self.OUTCOMES[kind],
                amount_minor=amount,
                currency=_field(link, "currency", str, "Razorpay"),
                reference=_field(link, "id", str, "Razorpay") or "",
                payload=payload,
            )
        ]


GATEWAYS = {gateway.name: gateway for gateway in (SandboxGateway, StripeGateway, RazorpayGateway)}


def get_gateway(name=None):
    """The configured gateway (or the named one), or None when giving online is switched off."""
    name = settings.DONATIONS_GATEWAY if name is None else name
    gateway_class = GATEWAYS.get(name)
    return gateway_class() if gateway_class else None
