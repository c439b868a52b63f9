"""Signed notifications that name no gift we know: recorded, answered 200 (a 5xx makes the
gateway retry for days), nothing counted."""

import pytest

from donations.gateways import SandboxGateway
from donations.models import Donation, PaymentEvent

from .factories import make_appeal
from .test_recurring import _event, post_sandbox, stripe_post, stripe_settings  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_stripe_invoice_outside_any_subscription_is_recorded_and_counts_nothing(
    stripe_settings,  # noqa: F811
):
    # A one-off invoice raised in Stripe's dashboard reaches the same webhook: no subscription.
    entity = {
        "id": "in_one_off",
        "object": "invoice",
        "billing_reason": "manual",
        "amount_paid": 50000,
        "amount_due": 50000,
        "currency": "inr",
    }
    response = stripe_post(_event("evt_one_off", "invoice.paid", entity))
    assert response.status_code == 200
    assert PaymentEvent.objects.get().outcome == "a charge of no gift we know"
    assert not Donation.objects.exists()


def test_a_sandbox_charge_naming_no_gift_is_recorded_and_counts_nothing():
    make_appeal()
    gateway = SandboxGateway()
    body, signature = gateway._signed(
        {"type": "subscription.charged", "amount": 100, "currency": "INR", "charge": "sbx_ch_1"}
    )
    assert post_sandbox(body, signature).status_code == 200
    assert post_sandbox(body, signature).status_code == 200  # the replay counts once too
    assert PaymentEvent.objects.get().outcome == "a charge of no gift we know"
    assert not Donation.objects.exists()
