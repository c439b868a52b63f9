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
from datetime import UTC, datetime

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
    # Recurring gifts. Our RecurringGift's public id as the gateway echoes it (metadata, notes),
    # and/or the gateway's subscription id: either finds the gift.
    gift_uuid: uuid.UUID | None = None
    subscription_id: str = ""
    # The gateway's id of one charge of a subscription (an invoice, a payment): with `outcome`
    # "paid" or "failed", the event records that charge, once, whatever else says so too.
    charge_id: str = ""
    # The charge that started the gift (its first Donation, made at checkout), not a renewal.
    first_charge: bool = False
    # What the gift is now at the gateway: active, paused, failed, cancelled; None: unchanged.
    gift_status: str | None = None
    # The gift's amount after a change at the gateway (paise); None: unchanged.
    gift_amount_minor: int | None = None
    next_charge_at: datetime | None = None
    # When the gateway says the change happened: an older state never overwrites a newer one.
    occurred_at: datetime | None = None

    @property
    def is_recurring(self):
        return self.gift_uuid is not None or bool(self.subscription_id)


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


def _timestamp(value):
    """A Unix timestamp from a gateway as an aware datetime; None when absent or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def one_month_after(moment):
    """The same day and time a month later, or the month's last day (31 Jan -> 28/29 Feb)."""
    year, month = divmod(moment.month, 12)
    year, month = moment.year + year, month + 1
    for day in range(moment.day, min(moment.day, 28) - 1, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=28)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


class Gateway:
    name = ""
    label = ""
    supports_monthly = False
    # Whether begin_checkout's reference for a monthly gift is the gateway's subscription id.
    checkout_reference_is_subscription = False

    def begin_checkout(self, donation, *, request):
        """Return (the URL where the reader pays, the gateway's reference for this checkout)."""
        raise NotImplementedError

    def parse_notification(self, request):
        """Return the GatewayEvents in a signed webhook request; raise InvalidNotificationError."""
        raise NotImplementedError

    # What a donor may do to a monthly gift from "My giving".
    SUBSCRIPTION_ACTIONS = ("pause", "resume", "cancel", "change_amount")

    def change_subscription(self, gift, action, *, amount_minor=None):
        """Ask the gateway to pause, resume, cancel or change the amount of `gift`'s mandate.
        Returns the GatewayEvents that describe the result (applied like any notification);
        raises GatewayUnavailableError when the gateway refuses or cannot be reached."""
        raise GatewayUnavailableError(f"{self.label} cannot change a monthly gift.")

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

    @staticmethod
    def subscription_id_for(gift):
        return f"sbx_sub_{gift.uuid.hex}"

    def _signed(self, data):
        body = json.dumps({"id": f"evt_{secrets.token_hex(12)}", **data}, sort_keys=True).encode()
        return body, self.sign(body)

    def notification_for(self, donation, *, succeeded):
        """What the sandbox 'bank' sends when the reader pays or declines: (body, signature)."""
        data = {
            "type": "payment.succeeded" if succeeded else "payment.failed",
            "donation": str(donation.uuid),
            "amount": donation.amount_minor,
            "currency": donation.currency,
        }
        gift = donation.recurring_gift
        if gift is not None:
            data.update(
                gift=str(gift.uuid),
                subscription=self.subscription_id_for(gift),
                next_charge=one_month_after(datetime.now(tz=UTC)).timestamp(),
            )
        return self._signed(data)

    # What the sandbox 'bank' says about a mandate: each kind and the state it leaves the gift in.
    SUBSCRIPTION_KINDS = {
        "subscription.charged": None,
        "subscription.charge_failed": None,
        "subscription.paused": "paused",
        "subscription.resumed": "active",
        "subscription.cancelled": "cancelled",
        "subscription.updated": None,
    }

    def subscription_notification(
        self, gift, kind, *, charge_id="", amount=None, charged_on=None, now=None
    ):
        """A signed sandbox event about `gift`'s mandate, sent `now`: a charge (paid or failed)
        due on `charged_on` (the sandbox's clock may run ahead), a pause, a resumption, a
        cancellation or a new amount."""
        if kind not in self.SUBSCRIPTION_KINDS:
            raise ValueError(f"Unknown sandbox subscription event {kind!r}")
        now = now or datetime.now(tz=UTC)
        charged_on = charged_on or gift.next_charge_at or now
        return self._signed(
            {
                "type": kind,
                "gift": str(gift.uuid),
                "subscription": self.subscription_id_for(gift),
                "charge": charge_id,
                "amount": gift.amount_minor if amount is None else amount,
                "currency": gift.currency,
                "created": now.timestamp(),
                "next_charge": one_month_after(charged_on).timestamp(),
            }
        )

    def parse_body(self, body, signature):
        if not signature or not hmac.compare_digest(self.sign(body), signature):
            raise InvalidNotificationError("The sandbox signature does not verify.")
        data = _json_object(body, "sandbox")
        kind = _field(data, "type", str, "sandbox", required=True)
        event_id = _field(data, "id", str, "sandbox", required=True)
        amount = _field(data, "amount", int, "sandbox", required=True)
        currency = _field(data, "currency", str, "sandbox", required=True)
        gift_uuid = _uuid_or_none(data.get("gift"))
        subscription_id = _field(data, "subscription", str, "sandbox") or ""
        if kind in self.SUBSCRIPTION_KINDS:
            charge_id = _field(data, "charge", str, "sandbox") or ""
            if kind in {"subscription.charged", "subscription.charge_failed"} and not charge_id:
                raise InvalidNotificationError("A sandbox charge event names no charge.")
            event = GatewayEvent(
                event_id=event_id,
                kind=kind,
                donation_uuid=None,
                outcome={
                    "subscription.charged": "paid",
                    "subscription.charge_failed": "failed",
                }.get(kind),
                amount_minor=amount,
                currency=currency,
                reference=charge_id,
                payload=data,
                gift_uuid=gift_uuid,
                subscription_id=subscription_id,
                charge_id=charge_id,
                gift_status=self.SUBSCRIPTION_KINDS[kind],
                gift_amount_minor=amount if kind == "subscription.updated" else None,
                next_charge_at=_timestamp(_field(data, "next_charge", int | float, "sandbox")),
                occurred_at=_timestamp(_field(data, "created", int | float, "sandbox")),
            )
            return [event]
        donation_uuid = _uuid_or_none(data.get("donation"))
        event = GatewayEvent(
            event_id=event_id,
            kind=kind,
            donation_uuid=donation_uuid,
            outcome={"payment.succeeded": "paid", "payment.failed": "failed"}.get(kind),
            amount_minor=amount,
            currency=currency,
            reference=f"sbx_{donation_uuid.hex}" if donation_uuid else "",
            payload=data,
            gift_uuid=gift_uuid,
            subscription_id=subscription_id,
            first_charge=gift_uuid is not None,
            next_charge_at=_timestamp(_field(data, "next_charge", int | float, "sandbox")),
        )
        return [event]

    def parse_notification(self, request):
        return self.parse_body(request.body, request.META.get(self.signature_header, ""))

    def change_subscription(self, gift, action, *, amount_minor=None):
        # Offline: the sandbox 'bank' agrees at once and says so in a signed event.
        kind = {
            "pause": "subscription.paused",
            "resume": "subscription.resumed",
            "cancel": "subscription.cancelled",
            "change_amount": "subscription.updated",
        }[action]
        body, signature = self.subscription_notification(gift, kind, amount=amount_minor)
        return self.parse_body(body, signature)


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
        if monthly and donation.recurring_gift is not None:
            # Copied by Stripe onto every invoice of the subscription: renewals find the gift
            # even when they arrive before the checkout's own event.
            gift = {"recurring_gift": str(donation.recurring_gift.uuid)}
            params["metadata"].update(gift)
            params["subscription_data"] = {"metadata": {**gift, "donation": str(donation.uuid)}}
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
        if kind.startswith("checkout.session."):
            parse = self._checkout_event
        elif kind in self.INVOICE_OUTCOMES:
            parse = self._invoice_event
        elif kind in {"customer.subscription.updated", "customer.subscription.deleted"}:
            parse = self._subscription_event
        else:
            return []
        data = _mapping(payload.get("data"), "data", "Stripe")
        entity = _mapping(data.get("object"), "data.object", "Stripe")
        occurred_at = _timestamp(_field(payload, "created", int, "Stripe"))
        return [parse(event_id, kind, entity, payload, occurred_at)]

    def _checkout_event(self, event_id, kind, session, payload, occurred_at):
        outcome = self.OUTCOMES.get(kind)
        if kind == "checkout.session.completed" and session.get("payment_status") in {
            "paid",
            "no_payment_required",
        }:
            outcome = "paid"
        metadata = _mapping(session.get("metadata") or {}, "metadata", "Stripe")
        gift_uuid = _uuid_or_none(metadata.get("recurring_gift"))
        subscription_id = _field(session, "subscription", str, "Stripe") or ""
        return GatewayEvent(
            event_id=event_id,
            kind=kind,
            donation_uuid=_uuid_or_none(session.get("client_reference_id")),
            outcome=outcome,
            amount_minor=_field(session, "amount_total", int, "Stripe"),
            currency=(_field(session, "currency", str, "Stripe") or "").upper(),
            reference=_field(session, "id", str, "Stripe") or "",
            payload=payload,
            gift_uuid=gift_uuid,
            subscription_id=subscription_id,
            first_charge=bool(gift_uuid or subscription_id),
            occurred_at=occurred_at,
        )

    def change_subscription(self, gift, action, *, amount_minor=None):
        import stripe

        subscription_id = gift.gateway_subscription_id
        if not subscription_id:
            raise GatewayUnavailableError("Stripe has not yet confirmed this monthly gift.")
        try:
            subscriptions = stripe.StripeClient(settings.STRIPE_SECRET_KEY).v1.subscriptions
            if action == "cancel":
                subscription = subscriptions.cancel(subscription_id)
            elif action == "pause":
                params = {"pause_collection": {"behavior": "void"}}
                subscription = subscriptions.update(subscription_id, params=params)
            elif action == "resume":
                subscription = subscriptions.update(
                    subscription_id, params={"pause_collection": ""}
                )
            else:
                current = subscriptions.retrieve(subscription_id)
                item = current["items"]["data"][0]
                price = item["price"]
                product = price["product"]
                params = {
                    "items": [
                        {
                            "id": item["id"],
                            "price_data": {
                                "currency": gift.currency.lower(),
                                "unit_amount": amount_minor,
                                "recurring": {"interval": "month"},
                                "product": product if isinstance(product, str) else product["id"],
                            },
                        }
                    ],
                    # The new amount from the next month on; nothing charged or refunded now.
                    "proration_behavior": "none",
                }
                subscription = subscriptions.update(subscription_id, params=params)
        except (stripe.StripeError, KeyError, IndexError, TypeError) as error:
            raise GatewayUnavailableError(str(error)) from error
        entity = json.loads(json.dumps(subscription.to_dict(), default=str))
        kind = "customer.subscription." + ("deleted" if action == "cancel" else "updated")
        event_id = f"api_{action}_{secrets.token_hex(8)}"
        payload = {"id": event_id, "type": kind, "data": {"object": entity}}
        return [self._subscription_event(event_id, kind, entity, payload, datetime.now(tz=UTC))]

    INVOICE_OUTCOMES = {"invoice.paid": "paid", "invoice.payment_failed": "failed"}

    def _invoice_event(self, event_id, kind, invoice, payload, occurred_at):
        # Newer API versions put the subscription under parent.subscription_details; older
        # ones at the top (subscription, subscription_details). Both are read.
        parent = _mapping(invoice.get("parent") or {}, "parent", "Stripe")
        details = parent.get("subscription_details") or invoice.get("subscription_details") or {}
        details = _mapping(details, "subscription_details", "Stripe")
        subscription_id = (
            _field(details, "subscription", str, "Stripe")
            or _field(invoice, "subscription", str, "Stripe")
            or ""
        )
        metadata = _mapping(details.get("metadata") or {}, "metadata", "Stripe")
        outcome = self.INVOICE_OUTCOMES[kind]
        amount_key = "amount_paid" if outcome == "paid" else "amount_due"
        return GatewayEvent(
            event_id=event_id,
            kind=kind,
            donation_uuid=None,
            outcome=outcome,
            amount_minor=_field(invoice, amount_key, int, "Stripe"),
            currency=(_field(invoice, "currency", str, "Stripe") or "").upper(),
            reference=_field(invoice, "id", str, "Stripe", required=True),
            payload=payload,
            gift_uuid=_uuid_or_none(metadata.get("recurring_gift")),
            subscription_id=subscription_id,
            charge_id=_field(invoice, "id", str, "Stripe", required=True),
            first_charge=invoice.get("billing_reason") == "subscription_create",
            occurred_at=occurred_at,
        )

    # A Stripe subscription's status as our gift's; a subscription whose collection is paused
    # (pause_collection set) is paused whatever its status.
    SUBSCRIPTION_STATUSES = {
        "active": "active",
        "trialing": "active",
        "past_due": "failed",
        "unpaid": "failed",
        "incomplete_expired": "cancelled",
        "canceled": "cancelled",
        "paused": "paused",
    }

    def _subscription_event(self, event_id, kind, subscription, payload, occurred_at):
        status = _field(subscription, "status", str, "Stripe", required=True)
        gift_status = self.SUBSCRIPTION_STATUSES.get(status)
        if kind == "customer.subscription.deleted":
            gift_status = "cancelled"
        elif subscription.get("pause_collection") and gift_status == "active":
            gift_status = "paused"
        metadata = _mapping(subscription.get("metadata") or {}, "metadata", "Stripe")
        items = _mapping(subscription.get("items") or {}, "items", "Stripe").get("data") or []
        if not isinstance(items, list):
            raise InvalidNotificationError("The Stripe notification is malformed: items.data.")
        amount = None
        period_end = _field(subscription, "current_period_end", int, "Stripe")
        if len(items) == 1:
            item = _mapping(items[0], "items.data[0]", "Stripe")
            price = _mapping(item.get("price") or {}, "price", "Stripe")
            unit = _field(price, "unit_amount", int, "Stripe")
            quantity = _field(item, "quantity", int, "Stripe") or 1
            amount = unit * quantity if unit is not None else None
            period_end = period_end or _field(item, "current_period_end", int, "Stripe")
        return GatewayEvent(
            event_id=event_id,
            kind=kind,
            donation_uuid=None,
            outcome=None,
            currency=(_field(subscription, "currency", str, "Stripe") or "").upper(),
            reference=_field(subscription, "id", str, "Stripe", required=True),
            payload=payload,
            gift_uuid=_uuid_or_none(metadata.get("recurring_gift")),
            subscription_id=_field(subscription, "id", str, "Stripe", required=True),
            gift_status=gift_status,
            gift_amount_minor=amount,
            next_charge_at=_timestamp(period_end) if gift_status == "active" else None,
            occurred_at=occurred_at,
        )


class RazorpayGateway(Gateway):
    """Razorpay's hosted pages, no script of theirs on our pages. One-time gifts: Payment Links
    (UPI, cards, netbanking). Monthly gifts: Subscriptions, one plan per amount, paid on the
    subscription's hosted checkout (its short_url), where UPI Autopay sets up a mandate by intent
    or QR (not UPI Collect, closed to new mandates), or a card or e-mandate."""

    name = "razorpay"
    label = "Razorpay"
    supports_monthly = True
    checkout_reference_is_subscription = True

    OUTCOMES = {
        "payment_link.paid": "paid",
        "payment_link.cancelled": "failed",
        "payment_link.expired": "failed",
    }
    # A subscription's status at Razorpay as our gift's (None: not started yet).
    SUBSCRIPTION_STATUSES = {
        "created": None,
        "authenticated": None,
        "active": "active",
        "pending": "failed",  # a charge failed; Razorpay retries
        "halted": "failed",  # the retries failed too
        "paused": "paused",
        "cancelled": "cancelled",
        "completed": "cancelled",
        "expired": "cancelled",
    }
    SUBSCRIPTION_EVENTS = {
        "subscription.authenticated",
        "subscription.activated",
        "subscription.charged",
        "subscription.pending",
        "subscription.halted",
        "subscription.paused",
        "subscription.resumed",
        "subscription.cancelled",
        "subscription.completed",
        "subscription.updated",
    }
    # Razorpay needs a subscription's number of charges; ten years of months stands for "until
    # cancelled" (the donor can stop it at any time from My giving).
    TOTAL_COUNT = 120

    def client(self):
        import razorpay

        return razorpay.Client(auth=(settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET))

    def _errors(self):
        import razorpay

        # requests' connection errors are OSErrors; KeyError/TypeError: an answer not as documented.
        return (
            razorpay.errors.BadRequestError,
            razorpay.errors.ServerError,
            razorpay.errors.GatewayError,
            OSError,
            KeyError,
            TypeError,
        )

    def plan_for(self, amount_minor, currency):
        """Razorpay's monthly plan for this amount: made once, then reused (GatewayPlan)."""
        from .models import GatewayPlan

        plan = GatewayPlan.objects.filter(
            gateway=self.name, amount_minor=amount_minor, currency=currency, period="monthly"
        ).first()
        if plan is not None:
            return plan.plan_id
        created = self.client().plan.create(
            {
                "period": "monthly",
                "interval": 1,
                "item": {
                    "name": f"Monthly contribution to {settings.SITE_NAME}",
                    "amount": amount_minor,
                    "currency": currency,
                },
            }
        )
        plan, _created = GatewayPlan.objects.get_or_create(
            gateway=self.name,
            amount_minor=amount_minor,
            currency=currency,
            period="monthly",
            defaults={"plan_id": created["id"]},
        )
        return plan.plan_id

    def begin_checkout(self, donation, *, request):
        try:
            if donation.frequency == "monthly" and donation.recurring_gift is not None:
                return self._begin_subscription(donation)
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
            return link["short_url"], link["id"]
        except self._errors() as error:
            raise GatewayUnavailableError(str(error)) from error

    def _begin_subscription(self, donation):
        gift = donation.recurring_gift
        subscription = self.client().subscription.create(
            {
                "plan_id": self.plan_for(donation.amount_minor, donation.currency),
                "total_count": self.TOTAL_COUNT,
                "quantity": 1,
                "customer_notify": 1,
                "notes": {"donation": str(donation.uuid), "recurring_gift": str(gift.uuid)},
            }
        )
        return subscription["short_url"], subscription["id"]

    def change_subscription(self, gift, action, *, amount_minor=None):
        subscription_id = gift.gateway_subscription_id
        if not subscription_id:
            raise GatewayUnavailableError("Razorpay has not yet confirmed this monthly gift.")
        subscriptions = self.client().subscription
        try:
            if action == "pause":
                entity = subscriptions.pause(subscription_id, {"pause_at": "now"})
            elif action == "resume":
                entity = subscriptions.resume(subscription_id, {"resume_at": "now"})
            elif action == "cancel":
                entity = subscriptions.cancel(subscription_id, {"cancel_at_cycle_end": 0})
            else:
                plan_id = self.plan_for(amount_minor, gift.currency)
                entity = subscriptions.edit(
                    subscription_id,
                    {"plan_id": plan_id, "schedule_change_at": "now", "customer_notify": 1},
                )
        except self._errors() as error:
            raise GatewayUnavailableError(str(error)) from error
        kind = (
            "subscription."
            + {
                "pause": "paused",
                "resume": "resumed",
                "cancel": "cancelled",
                "change_amount": "updated",
            }[action]
        )
        event_id = f"api_{action}_{secrets.token_hex(8)}"
        payload = {"event": kind, "payload": {"subscription": {"entity": entity}}}
        try:
            return [self._subscription_event(event_id, kind, payload, datetime.now(tz=UTC))]
        except InvalidNotificationError as error:
            raise GatewayUnavailableError(str(error)) from error

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
        # Razorpay sends the event's id in a header; a body hash stands in if it is ever missing.
        event_id = (
            request.META.get("HTTP_X_RAZORPAY_EVENT_ID") or hashlib.sha256(request.body).hexdigest()
        )
        if kind in self.SUBSCRIPTION_EVENTS:
            occurred_at = _timestamp(_field(payload, "created_at", int, "Razorpay"))
            return [self._subscription_event(event_id, kind, payload, occurred_at)]
        if kind not in self.OUTCOMES:
            return []
        link = payload
        for key in ("payload", "payment_link", "entity"):
            link = _mapping(link.get(key), key, "Razorpay")
        amount_key = "amount_paid" if kind == "payment_link.paid" else "amount"
        amount = _field(link, amount_key, int, "Razorpay")
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

    def _subscription_event(self, event_id, kind, payload, occurred_at):
        from .models import GatewayPlan

        entities = _mapping(payload.get("payload"), "payload", "Razorpay")
        wrapper = _mapping(entities.get("subscription"), "subscription", "Razorpay")
        subscription = _mapping(wrapper.get("entity"), "subscription.entity", "Razorpay")
        subscription_id = _field(subscription, "id", str, "Razorpay", required=True)
        status = _field(subscription, "status", str, "Razorpay") or ""
        notes = subscription.get("notes") or {}
        # Razorpay sends empty notes as [] (a PHP habit).
        notes = _mapping(notes, "notes", "Razorpay") if notes != [] else {}
        gift_status = self.SUBSCRIPTION_STATUSES.get(status)
        payment = None
        if entities.get("payment") is not None:
            payment_wrapper = _mapping(entities.get("payment"), "payment", "Razorpay")
            payment = _mapping(payment_wrapper.get("entity"), "payment.entity", "Razorpay")
        outcome = None
        charge_id = ""
        amount = currency = None
        if payment is not None and kind in {"subscription.charged", "subscription.pending"}:
            charge_id = _field(payment, "id", str, "Razorpay", required=True)
            amount = _field(payment, "amount", int, "Razorpay")
            currency = _field(payment, "currency", str, "Razorpay")
            captured = payment.get("status") == "captured"
            outcome = "paid" if kind == "subscription.charged" and captured else "failed"
            if kind == "subscription.charged" and not captured:
                outcome = None  # authorised, not yet captured: Razorpay tells again
        plan_id = _field(subscription, "plan_id", str, "Razorpay") or ""
        gift_amount = None
        if kind == "subscription.updated" and plan_id:
            gift_amount = (
                GatewayPlan.objects.filter(gateway=self.name, plan_id=plan_id)
                .values_list("amount_minor", flat=True)
                .first()
            )
        paid_count = _field(subscription, "paid_count", int, "Razorpay")
        return GatewayEvent(
            event_id=event_id,
            kind=kind,
            donation_uuid=_uuid_or_none(notes.get("donation")) if paid_count == 1 else None,
            outcome=outcome,
            amount_minor=amount,
            currency=currency,
            reference=charge_id or subscription_id,
            payload=payload,
            gift_uuid=_uuid_or_none(notes.get("recurring_gift")),
            subscription_id=subscription_id,
            charge_id=charge_id,
            # The charge made when the mandate was set up is the gift's first donation.
            first_charge=outcome is not None and paid_count == 1,
            gift_status=gift_status,
            gift_amount_minor=gift_amount,
            next_charge_at=_timestamp(_field(subscription, "charge_at", int, "Razorpay")),
            occurred_at=occurred_at,
        )


GATEWAYS = {gateway.name: gateway for gateway in (SandboxGateway, StripeGateway, RazorpayGateway)}


def get_gateway(name=None):
    """The configured gateway (or the named one), or None when giving online is switched off."""
    name = settings.DONATIONS_GATEWAY if name is None else name
    gateway_class = GATEWAYS.get(name)
    return gateway_class() if gateway_class else None
