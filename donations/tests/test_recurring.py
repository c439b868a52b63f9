"""Monthly gifts: the mandate is a RecurringGift, each charge a Donation; every gateway's events
(signed as the gateway signs them) are counted once, in any order."""

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import stripe
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from donations import services
from donations.gateways import SandboxGateway, one_month_after
from donations.models import Donation, PaymentEvent, RecurringGift
from donations.selectors import appeal_totals

from .factories import make_appeal
from .test_giving import valid_post

pytestmark = pytest.mark.django_db

SUPPORT = reverse("donations:support")
STRIPE_SECRET = "whsec_recurring_tests"


def _sandbox_monthly(client, amount="250"):
    """A reader starts a monthly sandbox gift on /support/ and pays the first month."""
    make_appeal()
    response = client.post(SUPPORT, valid_post(frequency="monthly", amount=amount))
    assert response.status_code == 302
    client.post(response["Location"], {"result": "succeed"})
    return RecurringGift.objects.get()


def _send(gift, kind, **kwargs):
    gateway = SandboxGateway()
    body, signature = gateway.subscription_notification(gift, kind, **kwargs)
    return post_sandbox(body, signature)


def post_sandbox(body, signature, client=None):
    return (client or Client()).post(
        reverse("donations:webhook", args=["sandbox"]),
        body,
        content_type="application/json",
        HTTP_X_SANDBOX_SIGNATURE=signature,
    )


def _raised(gift):
    return appeal_totals(gift.appeal).raised_minor


def test_a_monthly_gift_is_a_recurring_gift_whose_first_charge_is_its_first_donation(client):
    make_appeal()
    response = client.post(SUPPORT, valid_post(frequency="monthly"))
    gift = RecurringGift.objects.get()
    first = Donation.objects.get()
    assert (gift.status, gift.amount_minor, gift.email) == ("pending", 25000, "asha@example.com")
    assert first.recurring_gift == gift
    client.post(response["Location"], {"result": "succeed"})
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    assert gift.gateway_subscription_id == SandboxGateway.subscription_id_for(gift)
    assert gift.next_charge_at > datetime.now(tz=UTC) + timedelta(days=27)
    assert _raised(gift) == 25000


def test_the_full_sandbox_cycle_with_totals_after_each_step(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gift = _sandbox_monthly(client)
    assert _raised(gift) == 25000
    # Three months pass: three renewals, each a paid donation with its own receipt.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sandbox_advance(months=3) == 3
    gift.refresh_from_db()
    assert gift.charges.paid().count() == 4
    assert _raised(gift) == 4 * 25000
    assert appeal_totals(gift.appeal).gifts == 4
    assert len({d.receipt_number for d in gift.charges.all()}) == 4
    assert len(mailoutbox) == 4
    # A charge fails: recorded, not counted; the gift is marked failing.
    services.sandbox_advance(fail=True)
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.FAILED
    assert gift.charges.filter(status=Donation.Status.FAILED).count() == 1
    assert _raised(gift) == 4 * 25000
    # The next month's charge goes through: active again.
    services.sandbox_advance()
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    assert _raised(gift) == 5 * 25000
    # Paused: the sandbox charges nothing.
    _send(gift, "subscription.paused")
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.PAUSED
    assert services.sandbox_advance(months=2) == 0
    assert _raised(gift) == 5 * 25000
    # Resumed: charged again.
    _send(gift, "subscription.resumed")
    assert services.sandbox_advance() == 1
    assert _raised(gift) == 6 * 25000
    # Cancelled: nothing more, and a late "resumed" does not bring it back.
    _send(gift, "subscription.cancelled")
    _send(gift, "subscription.resumed")
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED
    assert gift.cancelled_at is not None
    assert services.sandbox_advance(months=3) == 0
    assert _raised(gift) == 6 * 25000


def test_a_replayed_renewal_counts_once(client):
    gift = _sandbox_monthly(client)
    gift.refresh_from_db()
    body, signature = SandboxGateway().subscription_notification(
        gift, "subscription.charged", charge_id="sbx_ch_x_2"
    )
    assert post_sandbox(body, signature).status_code == 200
    assert post_sandbox(body, signature).status_code == 200
    # The same charge told by another event id (a gateway's second notice) is still one gift.
    again, again_signature = SandboxGateway().subscription_notification(
        gift, "subscription.charged", charge_id="sbx_ch_x_2"
    )
    post_sandbox(again, again_signature)
    assert gift.charges.paid().count() == 2
    assert _raised(gift) == 2 * 25000
    assert PaymentEvent.objects.filter(outcome="duplicate").count() == 0
    assert PaymentEvent.objects.filter(outcome="charge already recorded").count() == 1


def test_a_renewal_before_the_activation_is_counted_once(client):
    make_appeal()
    response = client.post(SUPPORT, valid_post(frequency="monthly"))
    gift = RecurringGift.objects.get()
    first = Donation.objects.get()
    _send(gift, "subscription.charged", charge_id="sbx_ch_early_2")
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    assert _raised(gift) == 25000
    # Then the first payment's own notice arrives: the first month, once.
    client.post(response["Location"], {"result": "succeed"})
    first.refresh_from_db()
    assert first.status == Donation.Status.PAID
    assert _raised(gift) == 2 * 25000
    assert gift.charges.count() == 2


def test_an_older_state_arriving_late_changes_nothing(client):
    gift = _sandbox_monthly(client)
    now = datetime.now(tz=UTC)
    _send(gift, "subscription.cancelled", now=now)
    _send(gift, "subscription.paused", now=now - timedelta(minutes=5))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED
    outcomes = list(PaymentEvent.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes[-1].endswith("an older state of the gift, ignored")


def test_the_management_command_runs_the_sandbox_clock(client):
    gift = _sandbox_monthly(client)
    call_command("sandbox_renew", "--months", "2")
    assert _raised(gift) == 3 * 25000
    call_command("sandbox_renew", "--fail")
    assert _raised(gift) == 3 * 25000
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.FAILED


def test_the_periodic_job_charges_only_gifts_that_are_due(client):
    from donations.tasks import sandbox_charge_due

    gift = _sandbox_monthly(client)
    sandbox_charge_due.call()
    assert _raised(gift) == 25000
    RecurringGift.objects.filter(pk=gift.pk).update(
        next_charge_at=datetime.now(tz=UTC) - timedelta(minutes=1)
    )
    sandbox_charge_due.call()
    assert _raised(gift) == 2 * 25000
    gift.refresh_from_db()
    assert gift.next_charge_at > datetime.now(tz=UTC) + timedelta(days=27)


def test_one_month_after_keeps_the_day_or_takes_the_months_last():
    assert one_month_after(datetime(2026, 1, 31, 9, tzinfo=UTC)) == datetime(
        2026, 2, 28, 9, tzinfo=UTC
    )
    assert one_month_after(datetime(2026, 12, 15, tzinfo=UTC)) == datetime(2027, 1, 15, tzinfo=UTC)


# Stripe: events built as Stripe sends them and signed with the SDK's own test helper.
@pytest.fixture
def stripe_settings(settings):
    settings.DONATIONS_GATEWAY = "stripe"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    return settings


def stripe_post(payload, client=None):
    body = json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(body, STRIPE_SECRET)
    return (client or Client()).post(
        reverse("donations:webhook", args=["stripe"]),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


_clock = iter(range(1_800_000_000, 1_900_000_000, 60))


def _event(event_id, kind, entity):
    return {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": next(_clock),
        "data": {"object": entity},
    }


def _stripe_gift(amount_minor=50000):
    appeal = make_appeal()
    gift = RecurringGift.objects.create(
        appeal=appeal,
        amount_minor=amount_minor,
        name="Asha Rao",
        email="asha@example.com",
        gateway="stripe",
    )
    first = Donation.objects.create(
        appeal=appeal,
        amount_minor=amount_minor,
        frequency="monthly",
        name="Asha Rao",
        email="asha@example.com",
        gateway="stripe",
        recurring_gift=gift,
    )
    return gift, first


def checkout_completed(gift, first):
    session = {
        "id": "cs_test_sub",
        "object": "checkout.session",
        "mode": "subscription",
        "client_reference_id": str(first.uuid),
        "amount_total": first.amount_minor,
        "currency": "inr",
        "payment_status": "paid",
        "subscription": "sub_123",
        "metadata": {"donation": str(first.uuid), "recurring_gift": str(gift.uuid)},
    }
    return _event("evt_checkout", "checkout.session.completed", session)


def invoice(gift, invoice_id, *, reason="subscription_cycle", paid=True, amount=None, event=None):
    amount = gift.amount_minor if amount is None else amount
    entity = {
        "id": invoice_id,
        "object": "invoice",
        "billing_reason": reason,
        "amount_paid": amount if paid else 0,
        "amount_due": amount,
        "currency": "inr",
        # The 2025+ API shape: the subscription under parent.subscription_details.
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": "sub_123",
                "metadata": {"recurring_gift": str(gift.uuid)},
            },
        },
    }
    kind = "invoice.paid" if paid else "invoice.payment_failed"
    return _event(event or f"evt_{invoice_id}_{kind}", kind, entity)


def subscription(gift, event_id, *, status="active", paused=False, amount=None, deleted=False):
    entity = {
        "id": "sub_123",
        "object": "subscription",
        "status": status,
        "currency": "inr",
        "pause_collection": {"behavior": "void"} if paused else None,
        "metadata": {"recurring_gift": str(gift.uuid)},
        "items": {
            "data": [
                {
                    "price": {"unit_amount": amount or gift.amount_minor},
                    "quantity": 1,
                    "current_period_end": 1_900_000_000,
                }
            ]
        },
    }
    kind = "customer.subscription.deleted" if deleted else "customer.subscription.updated"
    return _event(event_id, kind, entity)


def test_stripe_full_cycle_counted_once_with_totals_after_each_step(
    stripe_settings, mailoutbox, django_capture_on_commit_callbacks
):
    gift, first = _stripe_gift()
    # Activation: the checkout and the first invoice both tell of the first month.
    assert stripe_post(checkout_completed(gift, first)).status_code == 200
    assert stripe_post(invoice(gift, "in_1", reason="subscription_create")).status_code == 200
    gift.refresh_from_db()
    first.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    assert gift.gateway_subscription_id == "sub_123"
    assert first.gateway_charge_id == "in_1"
    assert _raised(gift) == 50000
    # Three renewals, one replayed.
    for number in (2, 3, 4):
        stripe_post(invoice(gift, f"in_{number}"))
    stripe_post(invoice(gift, "in_3"))
    assert _raised(gift) == 4 * 50000
    assert appeal_totals(gift.appeal).gifts == 4
    # A failed charge: recorded, not counted; Stripe's retry of the same invoice succeeds.
    stripe_post(invoice(gift, "in_5", paid=False))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.FAILED
    assert _raised(gift) == 4 * 50000
    stripe_post(invoice(gift, "in_5"))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.ACTIVE
    assert gift.charges.get(gateway_charge_id="in_5").status == Donation.Status.PAID
    assert _raised(gift) == 5 * 50000
    # Paused (collection paused), resumed with a new amount, then cancelled.
    stripe_post(subscription(gift, "evt_pause", paused=True))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.PAUSED
    stripe_post(subscription(gift, "evt_resume", amount=75000))
    gift.refresh_from_db()
    assert (gift.status, gift.amount_minor) == (RecurringGift.Status.ACTIVE, 75000)
    stripe_post(invoice(gift, "in_6"))
    assert _raised(gift) == 5 * 50000 + 75000
    stripe_post(subscription(gift, "evt_deleted", status="canceled", deleted=True))
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED
    assert gift.charges.paid().count() == 6
    # Each month's receipt goes out once (the task, after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        for donation in gift.charges.all():
            services.donation_send_receipt(donation_id=donation.pk)
            services.donation_send_receipt(donation_id=donation.pk)
    assert len(mailoutbox) == 6


def test_stripe_renewal_before_the_checkout_event_is_counted_once(stripe_settings):
    gift, first = _stripe_gift()
    # The first invoice and a renewal arrive before the checkout's own event.
    stripe_post(invoice(gift, "in_1", reason="subscription_create"))
    stripe_post(invoice(gift, "in_2"))
    assert _raised(gift) == 2 * 50000
    stripe_post(checkout_completed(gift, first))
    first.refresh_from_db()
    assert first.status == Donation.Status.PAID
    assert _raised(gift) == 2 * 50000
    assert gift.charges.count() == 2


def test_stripe_an_update_older_than_the_deletion_is_ignored(stripe_settings):
    gift, first = _stripe_gift()
    stripe_post(checkout_completed(gift, first))
    older = subscription(gift, "evt_old_update")
    deleted = subscription(gift, "evt_deleted", status="canceled", deleted=True)
    stripe_post(deleted)
    stripe_post(older)
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELLED


def test_stripe_forged_renewal_is_refused(stripe_settings):
    gift, _first = _stripe_gift()
    body = json.dumps(invoice(gift, "in_9"))
    header = stripe.WebhookSignature.generate_signature_header(body, "whsec_someone_else")
    response = Client().post(
        reverse("donations:webhook", args=["stripe"]),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not Donation.objects.filter(gateway_charge_id="in_9").exists()


def test_stripe_invoice_for_an_unknown_subscription_is_recorded_and_counts_nothing(
    stripe_settings,
):
    gift, _first = _stripe_gift()
    payload = invoice(gift, "in_x")
    payload["data"]["object"]["parent"]["subscription_details"] = {"subscription": "sub_other"}
    assert stripe_post(payload).status_code == 200
    assert PaymentEvent.objects.get().outcome == "no such recurring gift"
    assert _raised(gift) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_notices_of_one_renewal_count_once_on_postgresql(stripe_settings):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent unique inserts need PostgreSQL (set DATABASE_URL).")
    gift, first = _stripe_gift()
    stripe_post(checkout_completed(gift, first))
    # The same renewal, as two replays of one event and a second event for the same invoice.
    payloads = [
        invoice(gift, "in_2", event="evt_a"),
        invoice(gift, "in_2", event="evt_a"),
        invoice(gift, "in_2", event="evt_b"),
    ]
    start = threading.Barrier(len(payloads))
    statuses = []

    def deliver(payload):
        try:
            start.wait()
            statuses.append(stripe_post(payload).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=[payload]) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200]
    assert gift.charges.paid().count() == 2
    assert _raised(gift) == 2 * 50000
