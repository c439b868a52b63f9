"""Gateway notifications, signed locally with test secrets exactly as each gateway signs them."""

import hashlib
import hmac
import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from donations import services
from donations.gateways import SandboxGateway
from donations.models import Donation, PaymentEvent
from donations.selectors import appeal_totals

from .factories import make_donation

pytestmark = pytest.mark.django_db

STRIPE_SECRET = "whsec_test_secret_for_tests"
RAZORPAY_SECRET = "razorpay-webhook-test-secret"


def sandbox_body(donation, *, event_id="evt_1", kind="payment.succeeded", amount=None):
    return json.dumps(
        {
            "id": event_id,
            "type": kind,
            "donation": str(donation.uuid),
            "amount": donation.amount_minor if amount is None else amount,
            "currency": "INR",
        }
    ).encode()


def post_sandbox(client, body, signature=None):
    return client.post(
        reverse("donations:webhook", args=["sandbox"]),
        body,
        content_type="application/json",
        HTTP_X_SANDBOX_SIGNATURE=SandboxGateway().sign(body) if signature is None else signature,
    )


def test_a_forged_signature_is_refused_and_nothing_changes(client):
    donation = make_donation()
    body = sandbox_body(donation)
    response = post_sandbox(client, body, signature="0" * 64)
    assert response.status_code == 400
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert not PaymentEvent.objects.exists()
    tampered = sandbox_body(donation, amount=1)
    assert post_sandbox(client, tampered, SandboxGateway().sign(body)).status_code == 400


def test_the_same_webhook_twice_counts_once(client, mailoutbox, django_capture_on_commit_callbacks):
    donation = make_donation()
    body = sandbox_body(donation)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_sandbox(client, body).status_code == 200
        assert post_sandbox(client, body).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert PaymentEvent.objects.count() == 1
    assert len(mailoutbox) == 1
    assert appeal_totals(donation.appeal).raised_minor == donation.amount_minor


def test_a_second_event_for_a_paid_donation_changes_nothing(client):
    donation = make_donation()
    post_sandbox(client, sandbox_body(donation, event_id="evt_1"))
    donation.refresh_from_db()
    receipt, paid_at = donation.receipt_number, donation.paid_at
    post_sandbox(client, sandbox_body(donation, event_id="evt_2"))
    post_sandbox(client, sandbox_body(donation, event_id="evt_3", kind="payment.failed"))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert (donation.receipt_number, donation.paid_at) == (receipt, paid_at)
    outcomes = dict(PaymentEvent.objects.values_list("event_id", "outcome"))
    assert outcomes == {
        "evt_1": "marked paid",
        "evt_2": "already paid",
        "evt_3": "already paid; ignored",
    }


def test_a_late_success_after_a_failure_marks_the_donation_paid(client):
    donation = make_donation()
    post_sandbox(client, sandbox_body(donation, event_id="evt_f", kind="payment.failed"))
    post_sandbox(client, sandbox_body(donation, event_id="evt_s"))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert donation.failed_at is None


def test_a_signed_event_with_another_amount_leaves_the_donation_pending(client):
    donation = make_donation(amount_minor=50000)
    post_sandbox(client, sandbox_body(donation, amount=100))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert PaymentEvent.objects.get().outcome == "amount mismatch; left as it was"


def test_the_webhook_before_the_reader_returns(client):
    donation = make_donation()
    assert post_sandbox(client, sandbox_body(donation)).status_code == 200
    # The reader comes back from the payment page afterwards: the page reflects the webhook.
    html = client.get(donation.get_absolute_url()).content.decode()
    assert "Thank you" in html
    # And the sandbox page cannot pay it again.
    client.post(reverse("donations:sandbox_pay", args=[donation.uuid]), {"result": "fail"})
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert PaymentEvent.objects.count() == 1


def test_a_webhook_for_another_gateway_is_not_found(client):
    url = reverse("donations:webhook", args=["stripe"])
    assert client.post(url, "{}", content_type="application/json").status_code == 404


def test_the_receipt_is_sent_once(mailoutbox):
    donation = make_donation(status=Donation.Status.PAID)
    assert services.donation_send_receipt(donation_id=donation.pk) is True
    assert services.donation_send_receipt(donation_id=donation.pk) is False
    assert len(mailoutbox) == 1
    assert donation.receipt_number in mailoutbox[0].subject


def test_no_receipt_for_an_unpaid_donation(mailoutbox):
    donation = make_donation()
    assert services.donation_send_receipt(donation_id=donation.pk) is False
    assert mailoutbox == []


# Stripe: the header is "t=<timestamp>,v1=<HMAC-SHA256 of 't.payload' with the endpoint secret>".
def stripe_post(client, payload, secret=STRIPE_SECRET):
    body = json.dumps(payload)
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256
    ).hexdigest()
    return client.post(
        reverse("donations:webhook", args=["stripe"]),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}",
    )


def stripe_event(donation, *, kind="checkout.session.completed", payment_status="paid", **extra):
    session = {
        "id": "cs_test_123",
        "object": "checkout.session",
        "client_reference_id": str(donation.uuid),
        "amount_total": donation.amount_minor,
        "currency": "inr",
        "payment_status": payment_status,
        **extra,
    }
    return {"id": f"evt_{kind}", "object": "event", "type": kind, "data": {"object": session}}


@pytest.fixture
def stripe_settings(settings):
    settings.DONATIONS_GATEWAY = "stripe"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    return settings


def test_stripe_checkout_completed_marks_paid_once(client, stripe_settings):
    donation = make_donation(gateway="stripe")
    assert stripe_post(client, stripe_event(donation)).status_code == 200
    assert stripe_post(client, stripe_event(donation)).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert donation.gateway_reference == "cs_test_123"
    assert PaymentEvent.objects.count() == 1


def test_stripe_upi_waits_for_the_async_result(client, stripe_settings):
    donation = make_donation(gateway="stripe")
    stripe_post(client, stripe_event(donation, payment_status="unpaid"))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    stripe_post(client, stripe_event(donation, kind="checkout.session.async_payment_failed"))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.FAILED


def test_stripe_forged_signature_is_refused(client, stripe_settings):
    donation = make_donation(gateway="stripe")
    response = stripe_post(client, stripe_event(donation), secret="whsec_someone_else")
    assert response.status_code == 400
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert not PaymentEvent.objects.exists()


def test_stripe_cannot_pay_a_sandbox_donation(client, stripe_settings):
    donation = make_donation(gateway="sandbox")
    stripe_post(client, stripe_event(donation))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert PaymentEvent.objects.get().outcome == "no such donation"


# Razorpay: X-Razorpay-Signature is the HMAC-SHA256 hex of the raw body with the webhook secret.
def razorpay_post(client, payload, *, event_id="evt_rzp_1", secret=RAZORPAY_SECRET):
    body = json.dumps(payload)
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return client.post(
        reverse("donations:webhook", args=["razorpay"]),
        body,
        content_type="application/json",
        HTTP_X_RAZORPAY_SIGNATURE=signature,
        HTTP_X_RAZORPAY_EVENT_ID=event_id,
    )


def razorpay_paid(donation, amount=None):
    link = {
        "id": "plink_123",
        "reference_id": donation.uuid.hex,
        "amount": donation.amount_minor,
        "amount_paid": donation.amount_minor if amount is None else amount,
        "currency": "INR",
        "status": "paid",
    }
    return {"event": "payment_link.paid", "payload": {"payment_link": {"entity": link}}}


@pytest.fixture
def razorpay_settings(settings):
    settings.DONATIONS_GATEWAY = "razorpay"
    settings.RAZORPAY_KEY_ID = "rzp_test_unused"
    settings.RAZORPAY_KEY_SECRET = "unused"
    settings.RAZORPAY_WEBHOOK_SECRET = RAZORPAY_SECRET
    return settings


def test_razorpay_payment_link_paid_marks_paid_once(client, razorpay_settings):
    donation = make_donation(gateway="razorpay")
    assert razorpay_post(client, razorpay_paid(donation)).status_code == 200
    assert razorpay_post(client, razorpay_paid(donation)).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert PaymentEvent.objects.count() == 1


def test_razorpay_forged_signature_is_refused(client, razorpay_settings):
    donation = make_donation(gateway="razorpay")
    response = razorpay_post(client, razorpay_paid(donation), secret="not-the-secret")
    assert response.status_code == 400
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING


def test_razorpay_partial_payment_does_not_count(client, razorpay_settings):
    donation = make_donation(gateway="razorpay", amount_minor=50000)
    razorpay_post(client, razorpay_paid(donation, amount=100))
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_webhooks_at_once_count_once_on_postgresql(mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent unique inserts need PostgreSQL (set DATABASE_URL).")
    donation = make_donation()
    body = sandbox_body(donation, event_id="evt_race")
    signature = SandboxGateway().sign(body)
    start = threading.Barrier(2)
    statuses = []

    def deliver():
        try:
            start.wait()
            response = post_sandbox(Client(), body, signature)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert PaymentEvent.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_different_events_at_once_mark_paid_once_on_postgresql(mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent unique inserts need PostgreSQL (set DATABASE_URL).")
    donation = make_donation()
    bodies = [sandbox_body(donation, event_id=f"evt_{n}") for n in (1, 2)]
    start = threading.Barrier(2)

    def deliver(body):
        try:
            start.wait()
            post_sandbox(Client(), body)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=[body]) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PAID
    assert sorted(PaymentEvent.objects.values_list("outcome", flat=True)) == [
        "already paid",
        "marked paid",
    ]
    assert len(mailoutbox) == 1


# Malformed bodies with a valid signature: the gateway must hear 400 (and we log it), never a 500
# that it would retry for days; nothing is recorded and no donation changes.
MALFORMED_STRIPE = {
    "a JSON array": lambda donation: [stripe_event(donation)],
    "a JSON string": lambda donation: "checkout.session.completed",
    "data.object a string": lambda donation: {
        **stripe_event(donation),
        "data": {"object": "x"},
    },
    "data a list": lambda donation: {**stripe_event(donation), "data": [1, 2]},
    "type a number": lambda donation: {**stripe_event(donation), "type": 7},
    "type a list": lambda donation: {**stripe_event(donation), "type": ["checkout"]},
    "id an object": lambda donation: {**stripe_event(donation), "id": {"a": 1}},
    "amount a string": lambda donation: stripe_event(donation, amount_total="50000"),
    "currency a number": lambda donation: stripe_event(donation, currency=356),
    "session id a list": lambda donation: stripe_event(donation, id=["cs"]),
}


@pytest.mark.parametrize("shape", MALFORMED_STRIPE)
def test_stripe_malformed_signed_bodies_are_refused_with_400(
    client, stripe_settings, shape, caplog
):
    donation = make_donation(gateway="stripe")
    response = stripe_post(client, MALFORMED_STRIPE[shape](donation))
    assert response.status_code == 400
    assert "Rejected stripe notification" in caplog.text
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert not PaymentEvent.objects.exists()


def _razorpay_with_link(donation, **changes):
    payload = razorpay_paid(donation)
    payload["payload"]["payment_link"]["entity"].update(changes)
    return payload


MALFORMED_RAZORPAY = {
    "a JSON array": lambda donation: [razorpay_paid(donation)],
    "a JSON number": lambda donation: 12,
    "event a number": lambda donation: {**razorpay_paid(donation), "event": 7},
    "event a list": lambda donation: {**razorpay_paid(donation), "event": ["payment_link.paid"]},
    "payload a string": lambda donation: {"event": "payment_link.paid", "payload": "x"},
    "payment_link a list": lambda donation: {
        "event": "payment_link.paid",
        "payload": {"payment_link": [1]},
    },
    "entity a string": lambda donation: {
        "event": "payment_link.paid",
        "payload": {"payment_link": {"entity": "x"}},
    },
    "amount a string": lambda donation: _razorpay_with_link(donation, amount_paid="50000"),
    "currency a list": lambda donation: _razorpay_with_link(donation, currency=["INR"]),
    "link id a number": lambda donation: _razorpay_with_link(donation, id=5),
}


@pytest.mark.parametrize("shape", MALFORMED_RAZORPAY)
def test_razorpay_malformed_signed_bodies_are_refused_with_400(
    client, razorpay_settings, shape, caplog
):
    donation = make_donation(gateway="razorpay")
    response = razorpay_post(client, MALFORMED_RAZORPAY[shape](donation))
    assert response.status_code == 400
    assert "Rejected razorpay notification" in caplog.text
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert not PaymentEvent.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [[1], "text", {"type": 7, "id": "evt_9", "donation": None, "amount": 1, "currency": "INR"}],
)
def test_sandbox_malformed_signed_bodies_are_refused_with_400(client, payload):
    body = json.dumps(payload).encode()
    assert post_sandbox(client, body).status_code == 400
    assert not PaymentEvent.objects.exists()
