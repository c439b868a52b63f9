"""Razorpay Subscriptions: a plan per amount, the hosted checkout, and every subscription event
signed as Razorpay signs it (HMAC-SHA256 of the body, checked by the SDK)."""

import hashlib
import hmac
import json
import threading
from itertools import count

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from donations import services
from donations.gateways import RazorpayGateway
from donations.models import Donation, GatewayPlan, PaymentEvent, RecurringGift
from donations.selectors import appeal_totals

from .factories import make_appeal

pytestmark = pytest.mark.django_db

SECRET = "razorpay-subscription-test-secret"
_ids = count(1)
_clock = count(1_700_000_000, 60)  # before "now": the API answers come later


class FakeRazorpay:
    """Stands in for razorpay.Client: records the calls, answers as Razorpay documents."""

    def __init__(self):
        self.calls = []
        self.plan = self
        self.subscription = _Subscriptions(self)
        self.payment_link = self

    def create(self, data):  # plan.create
        self.calls.append(("plan.create", data))
        return {"id": f"plan_{next(_ids)}", "item": data["item"], "period": data["period"]}


class _Subscriptions:
    def __init__(self, fake):
        self.fake = fake

    def _entity(self, subscription_id, status, plan_id="plan_x"):
        return {"id": subscription_id, "status": status, "plan_id": plan_id, "notes": []}

    def create(self, data):
        self.fake.calls.append(("subscription.create", data))
        self.created = getattr(self, "created", 0) + 1
        return {
            "id": f"sub_rzp_{self.created}",
            "status": "created",
            "short_url": "https://rzp.io/i/abc",
            "notes": data["notes"],
        }

    def pause(self, subscription_id, data):
        self.fake.calls.append(("subscription.pause", data))
        return self._entity(subscription_id, "paused")

    def resume(self, subscription_id, data):
        self.fake.calls.append(("subscription.resume", data))
        return self._entity(subscription_id, "active")

    def cancel(self, subscription_id, data):
        self.fake.calls.append(("subscription.cancel", data))
        return self._entity(subscription_id, "cancelled")

    def edit(self, subscription_id, data):
        self.fake.calls.append(("subscription.edit", data))
        return self._entity(subscription_id, "active", plan_id=data["plan_id"])


@pytest.fixture
def razorpay(settings, monkeypatch):
    settings.DONATIONS_GATEWAY = "razorpay"
    settings.RAZORPAY_KEY_ID = "rzp_test_unused"
    settings.RAZORPAY_KEY_SECRET = "unused"
    settings.RAZORPAY_WEBHOOK_SECRET = SECRET
    fake = FakeRazorpay()
    real_client = RazorpayGateway.client

    def client(self):
        # Only the API calls are faked; signature checks use the real SDK (its utility).
        real = real_client(self)
        fake.utility = real.utility
        return fake

    monkeypatch.setattr(RazorpayGateway, "client", client)
    return fake


def _start(amount_minor=50000):
    appeal = make_appeal(offer_monthly=True)
    donation, url = services.donation_checkout(
        appeal=appeal,
        gateway=RazorpayGateway(),
        request=RequestFactory().post("/support/"),
        amount_minor=amount_minor,
        frequency="monthly",
        name="Asha Rao",
        email="asha@example.com",
    )
    return donation.recurring_gift, donation, url


def post(payload, *, event_id=None, secret=SECRET):
    body = json.dumps(payload)
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return Client().post(
        reverse("donations:webhook", args=["razorpay"]),
        body,
        content_type="application/json",
        HTTP_X_RAZORPAY_SIGNATURE=signature,
        HTTP_X_RAZORPAY_EVENT_ID=event_id or f"evt_{next(_ids)}",
    )


def event(gift, kind, *, status="active", paid_count=1, payment=None, plan_id="plan_1"):
    subscription = {
        "id": "sub_rzp_1",
        "entity": "subscription",
        "plan_id": plan_id,
        "status": status,
        "paid_count": paid_count,
        "charge_at": 1_900_000_000,
        "notes": {
            "recurring_gift": str(gift.uuid),
            "donation": str(gift.charges.earliest("created_at").uuid),
        },
    }
    payload = {"subscription": {"entity": subscription}}
    if payment is not None:
        payload["payment"] = {"entity": payment}
    return {
        "entity": "event",
        "event": kind,
        "contains": list(payload),
        "payload": payload,
        "created_at": next(_clock),
    }


def payment(payment_id, amount=50000, status="captured"):
    return {"id": payment_id, "amount": amount, "currency": "INR", "status": status}


def charged(gift, payment_id, paid_count, amount=50000):
    return event(
        gift, "subscription.charged", paid_count=paid_count, payment=payment(payment_id, amount)
    )


def test_the_checkout_is_razorpays_hosted_subscription_page_with_a_plan_per_amount(razorpay):
    gift, donation, url = _start()
    assert url == "https://rzp.io/i/abc"
    assert donation.gateway_reference == "sub_rzp_1"
    kinds = [call[0] for call in razorpay.calls]
    assert kinds == ["plan.create", "subscription.create"]
    plan = razorpay.calls[0][1]
    assert (plan["period"], plan["interval"], plan["item"]["amount"]) == ("monthly", 1, 50000)
    assert razorpay.calls[1][1]["notes"]["recurring_gift"] == str(gift.uuid)
    # The same amount again reuses the plan; another amount gets its own.
    _start()
    _start(amount_minor=75000)
    assert [call[0] for call in razorpay.calls].count("plan.create") == 2
    assert GatewayPlan.objects.count() == 2


def test_the_full_razorpay_cycle_with_totals_after_each_step(razorpay):
    gift, first, _url = _start()
    post(event(gift, "subscription.authenticated", status="authenticated", paid_count=0))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.PENDING
    # The first charge (made as the mandate is set up) is the first donation.
    post(charged(gift, "pay_1", 1))
    post(event(gift, "subscription.activated", paid_count=1))
    first.refresh_from_db()
    gift.refresh_from_db()
    assert first.status == Donation.Status.PAID
    assert first.gateway_charge_id == "pay_1"
    assert (gift.status, gift.gateway_subscription_id) == ("active", "sub_rzp_1")
    assert appeal_totals(gift.appeal).raised_minor == 50000
    # Three renewals.
    for number in (2, 3, 4):
        post(charged(gift, f"pay_{number}", number))
    assert appeal_totals(gift.appeal).raised_minor == 4 * 50000
    # A failed charge: Razorpay marks the subscription pending and retries.
    failed = payment("pay_5", status="failed")
    post(event(gift, "subscription.pending", status="pending", paid_count=4, payment=failed))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.FAILED
    assert gift.charges.get(gateway_charge_id="pay_5").status == Donation.Status.FAILED
    post(event(gift, "subscription.halted", status="halted", paid_count=4))
    assert appeal_totals(gift.appeal).raised_minor == 4 * 50000
    # Paused, resumed (a charge again), cancelled.
    post(event(gift, "subscription.paused", status="paused", paid_count=4))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.PAUSED
    post(event(gift, "subscription.resumed", status="active", paid_count=4))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    post(charged(gift, "pay_6", 5))
    assert appeal_totals(gift.appeal).raised_minor == 5 * 50000
    post(event(gift, "subscription.cancelled", status="cancelled", paid_count=5))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED
    assert gift.charges.paid().count() == 5


def test_razorpay_replays_and_a_renewal_before_activation_count_once(razorpay):
    gift, first, _url = _start()
    renewal = charged(gift, "pay_2", 2)
    post(renewal, event_id="evt_renewal")
    post(renewal, event_id="evt_renewal")
    post(renewal, event_id="evt_renewal_again")  # the same payment under another event id
    assert appeal_totals(gift.appeal).raised_minor == 50000
    post(charged(gift, "pay_1", 1))
    first.refresh_from_db()
    assert first.status == Donation.Status.PAID
    assert appeal_totals(gift.appeal).raised_minor == 2 * 50000
    assert gift.charges.count() == 2
    assert PaymentEvent.objects.filter(outcome="duplicate").count() == 0
    assert PaymentEvent.objects.filter(event_id="evt_renewal").count() == 1


def test_a_razorpay_event_with_a_forged_signature_changes_nothing(razorpay):
    gift, _first, _url = _start()
    response = post(charged(gift, "pay_9", 2), secret="someone-else")
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()
    assert appeal_totals(gift.appeal).raised_minor == 0


def test_an_older_razorpay_state_does_not_undo_a_cancellation(razorpay):
    gift, _first, _url = _start()
    post(charged(gift, "pay_1", 1))
    older = event(gift, "subscription.resumed", status="active")
    post(event(gift, "subscription.cancelled", status="cancelled"))
    post(older)
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED


def test_my_giving_changes_go_through_razorpays_api(razorpay):
    gift, _first, _url = _start()
    post(charged(gift, "pay_1", 1))
    gift.refresh_from_db()
    services.recurring_gift_change(gift=gift, action="pause")
    assert gift.status == RecurringGift.Status.PAUSED
    services.recurring_gift_change(gift=gift, action="resume")
    assert gift.status == RecurringGift.Status.ACTIVE
    services.recurring_gift_change(gift=gift, action="change_amount", amount_minor=80000)
    assert gift.amount_minor == 80000
    services.recurring_gift_change(gift=gift, action="cancel")
    assert gift.status == RecurringGift.Status.CANCELLED
    kinds = [call[0] for call in razorpay.calls]
    assert kinds[-5:] == [
        "subscription.pause",
        "subscription.resume",
        "plan.create",
        "subscription.edit",
        "subscription.cancel",
    ]
    assert razorpay.calls[-1][1] == {"cancel_at_cycle_end": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_razorpay_notices_of_one_charge_count_once_on_postgresql(razorpay):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent unique inserts need PostgreSQL (set DATABASE_URL).")
    gift, first, _url = _start()
    post(charged(gift, "pay_1", 1))
    # One renewal told four times at once: two replays of one event id, and the same payment
    # under two more ids (Razorpay retries a webhook it thinks failed under a new id), racing
    # the activation that arrives meanwhile.
    renewal = charged(gift, "pay_2", 2)
    deliveries = [
        (renewal, "evt_r"),
        (renewal, "evt_r"),
        (renewal, "evt_r2"),
        (renewal, "evt_r3"),
        (event(gift, "subscription.activated", paid_count=2), "evt_activated"),
    ]
    start = threading.Barrier(len(deliveries))
    statuses = []

    def deliver(payload, event_id):
        try:
            start.wait()
            statuses.append(post(payload, event_id=event_id).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=delivery) for delivery in deliveries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(deliveries)
    first.refresh_from_db()
    gift.refresh_from_db()
    assert first.status == Donation.Status.PAID
    assert gift.status == RecurringGift.Status.ACTIVE
    assert gift.charges.filter(gateway_charge_id="pay_2").count() == 1
    assert gift.charges.paid().count() == 2
    assert appeal_totals(gift.appeal).raised_minor == 2 * 50000
    # Each event id recorded once, whichever delivery won.
    assert PaymentEvent.objects.filter(event_id="evt_r").count() == 1
